//! Measures `styrdok serve`'s edit-to-reload latency: from the moment a document is written to
//! the moment the reload event (`build`) arrives on the server-sent event stream a page holds.
//!
//! ```text
//! cargo run --release --example serve_latency -- --bin target/release/styrdok \
//!     --root SITE [--doc content/x.md] [--edits 30] [--warmup 3] [--pause-ms 1000]
//! ```
//!
//! The site's sources (`styrdok.yaml`, `content/`, `agreements/`, `data/`, `themes/`) are
//! copied to a temporary folder first, so the edits never touch `SITE`. The server binds
//! 127.0.0.1 with `--port 0`. Each edit appends a numbered sentence to the document (replacing
//! the previous one) with one `write`, then waits for the next event; the next edit comes
//! `--pause-ms` after it (default 1 s, a quick typist's pace: long enough for the background
//! search index of a small site to finish in between, as it would while someone writes). Prints every latency, then min, median, p90 and p95 (nearest rank) and max, and the
//! median rebuild time the server itself reports ("rebuilt in N ms"), which is the share of
//! the latency spent compiling; the rest is the watcher's quiet window (`QUIET` in `src/serve/watch.rs`) and the event delivery.
//! On Linux it also reports the processor time the server used from each write to its
//! reload event (`/proc/PID/stat`, counted in clock ticks, usually of 10 ms): on a shared machine the
//! latency follows the load, the processor time much less.
//! `bench/serve-latency.sh` runs it on the bundled and on a 10 000-document synthetic site.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SOURCES: &[&str] = &["styrdok.yaml", "content", "agreements", "data", "themes"];
/// A generous bound for one rebuild of a large site; reached only when something is wrong.
const WAIT: Duration = Duration::from_secs(120);

struct Args {
    bin: PathBuf,
    root: PathBuf,
    doc: Option<PathBuf>,
    edits: usize,
    warmup: usize,
    pause: Duration,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        bin: PathBuf::from("target/release/styrdok"),
        root: PathBuf::from("."),
        doc: None,
        edits: 30,
        warmup: 3,
        pause: Duration::from_millis(1000),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--bin" => args.bin = value()?.into(),
            "--root" => args.root = value()?.into(),
            "--doc" => args.doc = Some(value()?.into()),
            "--edits" => args.edits = value()?.parse().map_err(|e| format!("--edits: {e}"))?,
            "--warmup" => args.warmup = value()?.parse().map_err(|e| format!("--warmup: {e}"))?,
            "--pause-ms" => {
                let ms = value()?.parse().map_err(|e| format!("--pause-ms: {e}"))?;
                args.pause = Duration::from_millis(ms);
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    match parse_args().and_then(|a| run(&a)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let site = tmp.path().join("site");
    for s in SOURCES {
        let from = args.root.join(s);
        if from.exists() {
            copy(&from, &site.join(s))?;
        }
    }
    let doc = match &args.doc {
        Some(d) => d.clone(),
        None => first_document(&site)?,
    };
    let doc_path = site.join(&doc);
    let original =
        std::fs::read_to_string(&doc_path).map_err(|e| format!("{}: {e}", doc.display()))?;
    let documents = walkdir::WalkDir::new(&site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .count();

    let mut child = Command::new(&args.bin)
        .args(["serve", "--port", "0", "--root"])
        .arg(&site)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{}: {e}", args.bin.display()))?;
    let stderr = Arc::new(Mutex::new(String::new()));
    {
        let sink = stderr.clone();
        let mut err = BufReader::new(child.stderr.take().unwrap());
        std::thread::spawn(move || {
            let mut line = String::new();
            while err.read_line(&mut line).is_ok_and(|n| n > 0) {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
    }
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let started = Instant::now();
    out.read_line(&mut line).map_err(|e| e.to_string())?;
    let startup = started.elapsed();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .ok_or_else(|| format!("no URL printed:\n{}", stderr.lock().unwrap()))?
        .to_string();

    let events = open_events(&addr)?;
    let (name, _) = events.recv_timeout(WAIT).map_err(|_| "no hello")?;
    if name != "hello" {
        return Err(format!("expected hello, got {name}"));
    }

    println!(
        "{} ({documents} documents; server up in {:.1} s): editing {} {} times after {} warm-up edits, {} ms apart",
        args.root.display(),
        startup.as_secs_f64(),
        doc.display(),
        args.edits,
        args.warmup,
        args.pause.as_millis()
    );
    let mut latencies = Vec::new();
    let mut cpu_times = Vec::new();
    let pid = child.id();
    for i in 0..args.warmup + args.edits {
        let text = format!("{original}\n\nMätpunkt nummer {i} i en påhittad mätning.\n");
        // An event still queued from before would be taken for this edit's.
        let stale = events.try_iter().count();
        if stale > 0 {
            eprintln!("edit {i}: {stale} event(s) came after the last edit's reload");
        }
        let cpu0 = cpu_ms(pid);
        let t0 = Instant::now();
        std::fs::write(&doc_path, text).map_err(|e| e.to_string())?;
        let latency = loop {
            let (name, data) = events
                .recv_timeout(WAIT)
                .map_err(|_| format!("no event after edit {i}:\n{}", stderr.lock().unwrap()))?;
            let latency = t0.elapsed();
            if name != "build" {
                return Err(format!(
                    "edit {i} gave `{name}`: {data}\n{}",
                    stderr.lock().unwrap()
                ));
            }
            // The reload of the edited page, not a rebuild that changed nothing.
            let data: serde_json::Value = serde_json::from_str(&data).unwrap_or_default();
            let internal = &data["internal"];
            if internal["all"] == true
                || internal["changed"]
                    .as_array()
                    .is_some_and(|c| !c.is_empty())
            {
                break latency;
            }
        };
        let cpu = cpu_ms(pid).zip(cpu0).map(|(b, a)| b - a);
        if i >= args.warmup {
            latencies.push(latency);
            cpu_times.extend(cpu);
            println!(
                "edit {:>3}: {:>8.1} ms{}",
                i - args.warmup + 1,
                ms(latency),
                cpu.map(|c| format!(" (server processor time {c:.0} ms)"))
                    .unwrap_or_default()
            );
        }
        // Pacing only, not part of any measurement.
        std::thread::sleep(args.pause);
    }
    let _ = child.kill();
    let _ = child.wait();

    // The server's own rebuild times, for the same edits.
    let rebuilds: Vec<f64> = stderr
        .lock()
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("rebuilt in "))
        .filter_map(|l| l.split(' ').next()?.parse().ok())
        .skip(args.warmup)
        .collect();

    latencies.sort();
    let n = latencies.len();
    let pick = |q: f64| latencies[((q * n as f64).ceil() as usize).clamp(1, n) - 1];
    println!(
        "{}: n={n} min={:.1} ms median={:.1} ms p90={:.1} ms p95={:.1} ms max={:.1} ms; server rebuild median={:.1} ms; server processor time median={:.0} ms",
        args.root.display(),
        ms(latencies[0]),
        ms(pick(0.5)),
        ms(pick(0.9)),
        ms(pick(0.95)),
        ms(latencies[n - 1]),
        median(rebuilds),
        median(cpu_times),
    );
    Ok(())
}

/// The processor time (user and system) process `pid` has used, in ms; `None` off Linux.
fn cpu_ms(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // SAFETY: sysconf only reads its argument.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    (per_second > 0).then(|| ticks * 1000.0 / per_second as f64)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    v[(v.len() - 1) / 2]
}

/// The first document under content/ in name order.
fn first_document(site: &Path) -> Result<PathBuf, String> {
    walkdir::WalkDir::new(site.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().strip_prefix(site).unwrap().to_path_buf())
        .ok_or_else(|| "no document under content/".to_string())
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    if from.is_file() {
        std::fs::create_dir_all(to.parent().unwrap()).map_err(|e| e.to_string())?;
        return std::fs::copy(from, to)
            .map(|_| ())
            .map_err(|e| format!("{}: {e}", to.display()));
    }
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(|e| e.to_string())?;
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).map_err(|e| e.to_string())?;
        } else {
            if let Some(p) = dest.parent() {
                std::fs::create_dir_all(p).map_err(|e| e.to_string())?;
            }
            std::fs::copy(entry.path(), &dest).map_err(|e| format!("{}: {e}", dest.display()))?;
        }
    }
    Ok(())
}

/// Opens the event stream; events arrive on the channel as (name, data), stamped on arrival
/// by the reader thread blocking on the socket.
fn open_events(addr: &str) -> Result<Receiver<(String, String)>, String> {
    let mut conn = TcpStream::connect(addr).map_err(|e| e.to_string())?;
    conn.set_nodelay(true).map_err(|e| e.to_string())?;
    write!(
        conn,
        "GET /_styrdok/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let reader = BufReader::new(conn);
        let (mut event, mut data) = (String::new(), String::new());
        for line in reader.lines().map_while(Result::ok) {
            if let Some(e) = line.strip_prefix("event: ") {
                event = e.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                data.push_str(d);
            } else if line.is_empty()
                && !event.is_empty()
                && tx
                    .send((std::mem::take(&mut event), std::mem::take(&mut data)))
                    .is_err()
            {
                return;
            }
        }
    });
    Ok(rx)
}
