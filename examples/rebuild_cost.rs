//! Measures what one edit costs `styrdok serve`'s compiler, in process: the wall and the
//! processor time of [`Incremental::rebuild`] (with the deltas applied to the pages served)
//! after an edit of one document, without the watcher, the server or the background search
//! index. On a shared machine the processor time follows the work much more than the load.
//!
//! ```text
//! cargo run --release --example rebuild_cost -- SITE content/x.md [EDITS]
//! ```
//!
//! Each edit appends a numbered sentence to the document (the file is restored at the end),
//! tells the compiler as the watcher would, and rebuilds both audiences. Prints each edit,
//! then the medians. Edits the site in place: run it on a copy.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use styrdok::content::frontmatter::Audience;
use styrdok::incremental::{Incremental, PageSet};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(root), Some(doc)) = (args.first(), args.get(1)) else {
        eprintln!("usage: rebuild_cost SITE DOCUMENT [EDITS]");
        return ExitCode::from(2);
    };
    let edits: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(20);
    let (root, doc) = (PathBuf::from(root), PathBuf::from(doc));
    let both = [Audience::Internal, Audience::Public];
    let mut compiler = Incremental::new(&root);
    // As `styrdok serve` does: it is told each edit, as the watcher would.
    compiler.trust_watcher(true);
    let t = Instant::now();
    let first = match compiler.rebuild(&both) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("first rebuild: {:.0} ms", ms(t.elapsed()));
    let mut served: Vec<PageSet> = first
        .sites
        .into_iter()
        .map(|(_, d)| PageSet::new(d.pages))
        .collect();
    let path = root.join(&doc);
    let original = std::fs::read_to_string(&path).expect("read the document");
    let (mut walls, mut cpus) = (Vec::new(), Vec::new());
    for i in 0..edits {
        std::fs::write(&path, format!("{original}\n\nMätpunkt nummer {i}.\n")).expect("write");
        compiler.forget([Path::new(&doc)]);
        let (c0, t0) = (cpu_ms(), Instant::now());
        let rebuild = compiler.rebuild(&both).expect("the edit builds");
        let mut changed = 0;
        for (set, (_, delta)) in served.iter_mut().zip(rebuild.sites) {
            changed += set.apply(delta).len();
        }
        let (wall, cpu) = (ms(t0.elapsed()), cpu_ms() - c0);
        println!("edit {i:>3}: {wall:>7.1} ms, processor {cpu:>7.1} ms, {changed} page(s) changed");
        walls.push(wall);
        cpus.push(cpu);
    }
    std::fs::write(&path, original).expect("restore the document");
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "{}: median {:.1} ms, processor {:.1} ms ({edits} edits; load {})",
        root.display(),
        median(walls),
        median(cpus),
        load.split(' ').take(3).collect::<Vec<_>>().join(" ")
    );
    ExitCode::SUCCESS
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[(v.len() - 1) / 2]
}

/// The processor time (user and system, every thread) this process has used, in ms.
fn cpu_ms() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut u);
        u
    };
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    ms(usage.ru_utime) + ms(usage.ru_stime)
}
