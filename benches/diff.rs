//! Benchmark: diffing two versions of a 200-section agreement (`cargo bench --bench diff`).
//!
//! Builds a fictional site in a temporary folder with v1 and v2 of one agreement: 200
//! sections of three paragraphs, a list and a small table each; v2 edits words in every
//! fifth section, inserts a section near the top (renumbering all after it), moves one and
//! removes one. Times `styrdok::diff_versions` — extraction of both versions and the diff —
//! and prints the median and 95th percentile over 50 runs.

use std::fmt::Write;
use std::time::Instant;

use styrdok::content::frontmatter::Audience;

const SECTIONS: usize = 200;

fn section(i: usize, edited: bool) -> String {
    let word = if edited { "ändrade" } else { "gällande" };
    let mut s = String::new();
    writeln!(s, "## Avsnitt nummer {i} {{#avsnitt-{i}}}\n").unwrap();
    for p in 0..3 {
        writeln!(
            s,
            "Parterna åtar sig enligt punkt {i}.{p} att följa de {word} villkoren för verksamheten, \
             med ansvar för personal, lokaler och uppföljning som beskrivs i verksamhetsbeskrivningen. \
             Kostnaderna fördelas efter folkmängd och räknas upp årligen med ungefär tre procent.\n"
        )
        .unwrap();
    }
    writeln!(
        s,
        "- Första åtagandet i avsnitt {i}\n- Andra åtagandet, {word}\n- Tredje åtagandet\n"
    )
    .unwrap();
    writeln!(
        s,
        "| Post | Belopp |\n|---|---|\n| Personal | {} kr |\n| Lokaler | 100 000 kr |\n",
        1000 * i + usize::from(edited)
    )
    .unwrap();
    s
}

fn version(name: &str, date: &str, body: &str) -> String {
    format!(
        "---\nid: stort-avtal\nkind: agreement\ntitle: Fiktivt avtal med 200 avsnitt\nversion: {name}\ndate: {date}\nnumbered: true\n---\n\n{body}"
    )
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("agreements")).unwrap();
    let v1: String = (0..SECTIONS).map(|i| section(i, false)).collect();
    let mut v2 = String::from(
        "## Nytt inledande avsnitt {#nytt}\n\nEtt nytt avsnitt som numrerar om alla efter sig.\n\n",
    );
    for i in 0..SECTIONS {
        if i == 50 {
            continue; // removed
        }
        if i == 10 {
            continue; // moved to the end
        }
        v2.push_str(&section(i, i % 5 == 0));
    }
    v2.push_str(&section(10, false));
    std::fs::write(
        root.join("agreements/v1.md"),
        version("v1", "2025-01-01", &v1),
    )
    .unwrap();
    std::fs::write(
        root.join("agreements/v2.md"),
        version("v2", "2025-06-01", &v2),
    )
    .unwrap();

    let (site, _) = styrdok::load_site(root).expect("fixture site loads");
    let mut times = Vec::new();
    let mut summary = None;
    for _ in 0..50 {
        let start = Instant::now();
        let d = styrdok::diff_versions(&site, "stort-avtal", "v1", "v2", Audience::Public)
            .expect("diff");
        times.push(start.elapsed());
        summary = Some(d.summary);
    }
    times.sort();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    println!(
        "diff of two versions of a {SECTIONS}-section agreement (extraction + diff), 50 runs:"
    );
    println!(
        "  median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        ms(times[25]),
        ms(times[47]),
        ms(times[49])
    );
    println!("  {:?}", summary.unwrap());
}
