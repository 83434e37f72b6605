//! A generated leak test: thousands of random documents that mix every block construct
//! CommonMark and GFM know with internal passages, each passage's text carrying a unique
//! marker. For every document, either `check` refuses it, or no byte of the public site
//! (pages, the decompressed search index, feed, sitemap, diffs) holds any of its markers.
//!
//! The documents are fictional nonsense. The generator is seeded, so a failure names the seed
//! that reproduces it. `cargo test` runs a modest number of documents; run many more with
//!
//! ```sh
//! STYRDOK_LEAK_DOCS=20000 STYRDOK_LEAK_SEED=7 cargo test --test it leak_gen -- --nocapture
//! ```

use std::collections::BTreeSet;

use crate::{Rng, Site, read_search_index, read_tree};

/// Every marker starts with this; it occurs nowhere else, so one search finds any leak.
const PREFIX: &str = "qzxw";

/// Builds one document body, recording the markers placed inside internal passages.
struct Gen<'r> {
    rng: &'r mut Rng,
    markers: Vec<String>,
    next: usize,
    doc: usize,
}

const WORDS: &[&str] = &[
    "avtal", "kommun", "region", "beslut", "text", "ärende", "ö", "punkt", "::", "`", "*", "_",
    "<", ">", "|", "~", "#", "[", "]", "\\", "&amp;", "1.", "-",
];

impl Gen<'_> {
    /// A fresh marker: letters only, so stemming, escaping and tokenizing keep it whole.
    fn marker(&mut self) -> String {
        let mut n = self.doc * 1000 + self.next;
        self.next += 1;
        let mut m = String::from(PREFIX);
        loop {
            m.push((b'a' + (n % 26) as u8) as char);
            n /= 26;
            if n == 0 {
                break;
            }
        }
        m.push('q');
        self.markers.push(m.clone());
        m
    }

    /// Words of text; inside a passage each run carries a marker.
    fn words(&mut self, secret: bool) -> String {
        let mut out = Vec::new();
        for _ in 0..1 + self.rng.below(5) {
            out.push(self.rng.pick(WORDS).to_string());
        }
        if secret {
            let m = self.marker();
            let at = self.rng.below(out.len() + 1);
            out.insert(at, m);
        }
        out.join(" ")
    }

    /// Inline text: words with code spans, emphasis, links, inline HTML, footnote references.
    fn inline(&mut self, secret: bool) -> String {
        let w = self.words(secret);
        match self.rng.below(9) {
            0 => format!("`{w}`"),
            1 => format!("``{w}``"),
            2 => format!("*{w}*"),
            3 => format!("[{w}](https://example.org/{})", self.rng.below(9)),
            4 => format!("<span>{w}</span>"),
            5 => format!("{w}[^{}]", self.rng.below(3)),
            6 => format!("```{w}``` kod i text"),
            7 => format!("<!-- {w} -->"),
            _ => w,
        }
    }

    fn fence(&mut self) -> String {
        let c = if self.rng.chance(50) { '`' } else { '~' };
        c.to_string().repeat(3 + self.rng.below(3))
    }

    /// One block of markdown, lines without their line ending.
    fn block(&mut self, secret: bool, depth: usize) -> Vec<String> {
        let indent = |lines: Vec<String>, pre: &str, first: &str| -> Vec<String> {
            lines
                .into_iter()
                .enumerate()
                .map(|(i, l)| format!("{}{l}", if i == 0 { first } else { pre }))
                .collect()
        };
        let kind = if depth > 2 { 0 } else { self.rng.below(20) };
        match kind {
            0..=3 => (0..1 + self.rng.below(3))
                .map(|_| self.inline(secret))
                .collect(),
            4 => {
                let hashes = "#".repeat(1 + self.rng.below(4));
                vec![format!("{hashes} {}", self.inline(secret))]
            }
            5 => vec![
                self.inline(secret),
                self.rng.pick(&["---", "===", "***"]).into(),
            ],
            6 => {
                // A fenced code block, sometimes holding marker-like or fence-like lines,
                // sometimes with a shorter or other closing fence, sometimes unclosed.
                let open = self.fence();
                let mut lines = vec![format!("{open}{}", self.rng.pick(&["", "text", " rust"]))];
                for _ in 0..1 + self.rng.below(3) {
                    let l = match self.rng.below(8) {
                        0 => ":::".to_string(),
                        1 if secret => "::: intern".to_string(),
                        2 => self.fence(),
                        _ => self.words(secret),
                    };
                    lines.push(l);
                }
                if !self.rng.chance(10) {
                    let close = if self.rng.chance(80) {
                        open
                    } else {
                        self.fence()
                    };
                    lines.push(close);
                }
                lines
            }
            7 => vec![
                format!("    {}", self.words(secret)),
                self.rng
                    .pick(&["    ```", "    :::", "    ::: intern"])
                    .into(),
            ],
            8 => {
                let item = self.block(secret, depth + 1);
                let marker = self.rng.pick(&["- ", "* ", "1. ", "2) "]);
                let mut lines = indent(item, &" ".repeat(marker.len()), marker);
                if self.rng.chance(30) {
                    lines.push(
                        self.rng
                            .pick(&[":::", "::: intern", "```", "lat rad"])
                            .into(),
                    );
                }
                lines
            }
            9 => {
                let inner = self.block(secret, depth + 1);
                indent(inner, "> ", "> ")
            }
            10 => {
                let mut lines = vec![
                    format!("| {} | b |", self.words(false)),
                    "|---|---|".into(),
                    format!("| {} | {} |", self.inline(secret), self.words(false)),
                ];
                if self.rng.chance(15) {
                    lines.push(self.rng.pick(&[":::", "::: intern", "c | d"]).into());
                }
                lines
            }
            11 => vec![format!("[^{}]: {}", self.rng.below(3), self.inline(secret))],
            12 => {
                let tag = self.rng.pick(&["div", "pre", "table", "details"]);
                vec![
                    format!("<{tag}>"),
                    self.rng
                        .pick(&["```", ":::", "::: intern", "~~~", "text", "`"])
                        .into(),
                    self.words(secret),
                    format!("</{tag}>"),
                ]
            }
            13 => vec![
                "<!--".into(),
                self.rng
                    .pick(&["```", ":::", "::: intern", "text", "<p>", "`", "x"])
                    .into(),
                self.words(secret),
                "-->".into(),
            ],
            14 if self.rng.chance(30) => {
                // A bare `:::` inside a passage is its author closing it: not a leak.
                let lines: &[&str] = if secret {
                    &["```", "~~~", "::: intern", "    :::"]
                } else {
                    &["```", "~~~", ":::", "::: intern", "    :::"]
                };
                vec![self.rng.pick(lines).into()]
            }
            15 => vec![
                format!("<pre>{}", self.words(secret)),
                "```".into(),
                "</pre>".into(),
            ],
            _ => vec![self.inline(secret)],
        }
    }

    /// An internal passage: a plain paragraph with a marker (so the passage is visible to
    /// staff), then random blocks whose text all carries markers.
    fn passage(&mut self) -> Vec<String> {
        let mut lines = vec![
            self.rng
                .pick(&["::: intern", ":::intern", "::: internal", "  ::: intern"])
                .into(),
        ];
        lines.push(format!("Intern {}", self.marker()));
        for _ in 0..self.rng.below(4) {
            lines.push(String::new());
            lines.extend(self.block(true, 0));
        }
        if self.rng.chance(97) {
            if self.rng.chance(70) {
                lines.push(String::new());
            }
            lines.push(self.rng.pick(&[":::", ":::", "  :::", "::: "]).into());
        }
        lines
    }

    /// A document body: blocks and passages, separated by blank lines or not (so markdown's
    /// lazy continuation lines and interrupting blocks come into play).
    fn body(&mut self) -> Vec<String> {
        let mut lines = Vec::new();
        for _ in 0..2 + self.rng.below(6) {
            let block = if self.rng.chance(35) {
                self.passage()
            } else {
                self.block(false, 0)
            };
            lines.extend(block);
            if self.rng.chance(75) {
                lines.push(String::new());
            }
        }
        lines
    }
}

/// One generated document version, ready to write.
struct Doc {
    path: String,
    text: String,
    markers: Vec<String>,
}

fn generate(rng: &mut Rng, index: usize) -> Vec<Doc> {
    let versions = if rng.chance(30) { 2 } else { 1 };
    // Some documents quote their own internal passage where a public page shows the quote…
    let quoting = rng.chance(15);
    // …in a stated condition, or in a report about the start page (shown on that page).
    let as_report = rng.chance(50);
    let newline = match rng.below(10) {
        0 => "\r",
        1 | 2 => "\r\n",
        _ => "\n",
    };
    (1..=versions)
        .map(|v| {
            let mut g = Gen {
                rng,
                markers: Vec::new(),
                next: v * 500,
                doc: index,
            };
            let body = g.body();
            let quote = body
                .iter()
                .find_map(|l| l.strip_prefix("Intern "))
                .filter(|_| quoting);
            let mut lines = vec![
                "---".to_string(),
                format!("id: gen-{index}"),
                format!("title: Genererat dokument {index}"),
                "numbered: true".into(),
            ];
            match quote {
                Some(m) if as_report => lines.extend([
                    "kind: report".into(),
                    format!("reports: [{{ about: \"@start\", quote: \"Intern {m}\" }}]"),
                ]),
                Some(m) => lines.extend([
                    "kind: agreement".into(),
                    "parties: [norrby]".into(),
                    format!(
                        "in_force_when: {{ rule: other, quote: \"Intern {m}\", source: \"@gen-{index}\" }}"
                    ),
                ]),
                None => lines.push("kind: report".into()),
            }
            if versions > 1 {
                lines.push(format!("version: v{v}"));
                lines.push(format!("date: 2025-0{v}-01"));
            }
            lines.push("---".into());
            lines.extend(body);
            lines.push(String::new());
            Doc {
                path: format!("content/gen/gen-{index}-v{v}.md"),
                text: lines.join(newline),
                markers: g.markers,
            }
        })
        .collect()
}

/// Paths `check` reports an error in.
fn refused_paths(stderr: &str) -> BTreeSet<String> {
    stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .filter_map(|l| l.split(':').next())
        .map(str::to_string)
        .collect()
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn generated_documents_never_leak_an_internal_passage() {
    let total = env_usize("STYRDOK_LEAK_DOCS", 1000);
    let batch = env_usize("STYRDOK_LEAK_BATCH", 500);
    let seed = env_usize("STYRDOK_LEAK_SEED", 20261201) as u64;
    let mut rng = Rng(seed.max(1));
    let (mut refused, mut accepted, mut passages_checked) = (0usize, 0usize, 0usize);
    let mut reasons = std::collections::BTreeMap::new();
    let mut first = 0;
    while first < total {
        let count = batch.min(total - first);
        let site = Site::fixture("leak-gen");
        let docs: Vec<(usize, Vec<Doc>)> = (first..first + count)
            .map(|i| (i, generate(&mut rng, i)))
            .collect();
        for (_, versions) in &docs {
            for d in versions {
                site.write(&d.path, &d.text);
            }
        }
        // Drop every document `check` refuses (all its versions), then build the rest.
        let check = site.run(&["check"]);
        let bad = refused_paths(&check.stderr);
        for l in check.stderr.lines().filter(|l| l.contains(": error: ")) {
            let msg = l.split(": error: ").nth(1).unwrap_or_default();
            let kind: String = msg.chars().take_while(|c| !c.is_ascii_digit()).collect();
            *reasons.entry(kind).or_insert(0usize) += 1;
        }
        let mut kept_markers = Vec::new();
        for (_, versions) in &docs {
            if versions.iter().any(|d| bad.contains(&d.path)) {
                refused += 1;
                for d in versions {
                    std::fs::remove_file(site.path(&d.path)).unwrap();
                }
            } else {
                accepted += 1;
                kept_markers.extend(versions.iter().flat_map(|d| d.markers.iter().cloned()));
            }
        }
        // The index split into bundles of few documents, as a large site's is: the public
        // bundles, and the internal site's copies of those that read the same, are checked.
        let build = site.run_with(&["build"], &[("STYRDOK_SEARCH_SHARD_DOCS", "60")]);
        assert_eq!(
            build.code, 0,
            "seed {seed}, batch from {first}: the documents `check` accepted do not build:\n{}",
            build.stderr
        );

        if accepted > 120 {
            assert!(
                site.path("out/public/pagefind/del-1/pagefind-entry.json")
                    .is_file(),
                "the index is split into bundles"
            );
        }
        // No byte of the public site, decompressed search index included (every bundle),
        // holds a marker.
        let mut public = read_search_index(&site.path("out/public/pagefind"));
        for (path, bytes) in read_tree(&site.path("out/public")) {
            public.push_str(&path);
            public.push_str(&String::from_utf8_lossy(&bytes));
        }
        let public = public.to_lowercase();
        if let Some(at) = public.find(PREFIX) {
            let marker: String = public[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .collect();
            let doc = docs
                .iter()
                .flat_map(|(_, v)| v)
                .find(|d| d.markers.contains(&marker))
                .map(|d| format!("{}:\n{}", d.path, d.text))
                .unwrap_or_default();
            panic!(
                "seed {seed}: internal marker `{marker}` reached the public site; document {doc}"
            );
        }
        // The markers are real: staff see the first one of every accepted passage.
        let internal: String = read_tree(&site.path("out/internal"))
            .values()
            .map(|b| String::from_utf8_lossy(b).to_lowercase())
            .collect();
        for (_, versions) in &docs {
            if versions.iter().any(|d| bad.contains(&d.path)) {
                continue;
            }
            for d in versions {
                for line in d.text.split(['\n', '\r']) {
                    if let Some(m) = line.strip_prefix("Intern ") {
                        passages_checked += 1;
                        assert!(
                            internal.contains(m),
                            "seed {seed}: the internal site lacks `{m}` of {}",
                            d.path
                        );
                    }
                }
            }
        }
        assert!(!kept_markers.is_empty() || count < 20);
        first += count;
    }
    eprintln!(
        "leak_gen: seed {seed}: {total} documents, {accepted} built, {refused} refused by check, {passages_checked} passages checked in the internal site"
    );
    let mut reasons: Vec<_> = reasons.into_iter().collect();
    reasons.sort_by_key(|r| std::cmp::Reverse(r.1));
    for (kind, n) in reasons.iter().take(12) {
        eprintln!("  {n:6}  {kind}");
    }
    // The generator must exercise the boundary, not only produce refused documents.
    assert!(
        accepted * 4 >= total && passages_checked * 4 >= total,
        "too few documents built ({accepted} of {total}); the generator tests little"
    );
}
