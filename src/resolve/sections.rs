//! Sections: the headings of a document body, their stable ids and computed numbers.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::content::body::{Prepared, Scan};
use crate::diag::{Diagnostics, Pos};
use crate::text::slug::slug;

/// One heading of a document version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub id: String,
    pub title: String,
    /// 1 for `#` … 6 for `######`.
    pub level: u8,
    /// "3.1" when the document is numbered and the heading takes part in the numbering.
    pub number: Option<String>,
    /// Inside an internal passage: shown to staff only, never numbered.
    pub internal: bool,
    pub pos: Pos,
    /// The id was written by the author (`{#id}`), not derived from the text.
    pub explicit: bool,
}

/// The markdown options every stage parses with, so offsets agree.
pub use crate::content::body::markdown_options;

/// Finds the sections of a body (prepared for the internal audience, so every heading is
/// seen), numbers them when `numbered`, and reports duplicate ids.
/// `events` are those of `prepared.text` with their offsets ([`parse`]).
pub fn extract(
    prepared: &Prepared,
    events: &[(Event<'_>, Range<usize>)],
    scan: &Scan,
    numbered: bool,
    path: &Path,
    diags: &Diagnostics,
) -> Vec<Section> {
    let mut sections = Vec::new();
    let mut current: Option<(u8, Option<String>, bool, Pos, String)> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                let unnumbered = classes.iter().any(|c| &**c == "unnumbered");
                current = Some((
                    heading_level(*level),
                    id.as_ref().map(|s| s.to_string()),
                    unnumbered,
                    prepared.file_pos(range.start),
                    String::new(),
                ));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = current.as_mut() {
                    c.4.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(c) = current.as_mut() {
                    c.4.push(' ');
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, unnumbered, pos, title)) = current.take() {
                    let internal = scan.is_internal_line(pos.line);
                    sections.push(Section {
                        explicit: id.is_some(),
                        id: id.unwrap_or_else(|| slug(&title)),
                        title: title.trim().to_string(),
                        level,
                        number: (!unnumbered && !internal && level >= 2).then(String::new),
                        internal,
                        pos,
                    });
                }
            }
            _ => {}
        }
    }
    if numbered {
        number(&mut sections);
    } else {
        sections.iter_mut().for_each(|s| s.number = None);
    }
    dedupe_ids(&mut sections, path, diags);
    sections
}

/// A body prepared for the internal audience, parsed once: its events with their byte
/// ranges, read by [`extract`], [`super::refs::collect`], [`super::refs::collect_plain`] and
/// the passage-edge check ([`crate::content::crossing::check`]), and its link reference
/// definitions (label, lower-cased, and span), which markdown gives no event for.
pub struct Parsed<'a> {
    pub events: Vec<(Event<'a>, Range<usize>)>,
    pub link_defs: Vec<(String, Range<usize>)>,
}

pub fn parse(prepared: &Prepared) -> Parsed<'_> {
    let parser = Parser::new_ext(&prepared.text, markdown_options());
    let link_defs = parser
        .reference_definitions()
        .iter()
        .map(|(label, def)| (label.to_lowercase(), def.span.clone()))
        .collect();
    Parsed {
        events: parser.into_offset_iter().collect(),
        link_defs,
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// `##` → 1, 2 …; `###` → n.1 …; deeper levels likewise. Sections marked for numbering hold
/// `Some("")` on entry.
fn number(sections: &mut [Section]) {
    let mut counters = [0u32; 5];
    for s in sections.iter_mut() {
        if s.number.is_none() {
            continue;
        }
        let depth = (s.level - 2) as usize;
        counters[depth] += 1;
        for c in counters.iter_mut().skip(depth + 1) {
            *c = 0;
        }
        let parts: Vec<String> = counters[..=depth].iter().map(|c| c.to_string()).collect();
        s.number = Some(parts.join("."));
    }
}

/// Gives every derived id that repeats one before it a suffix (`-2`, `-3` …), skipping ids
/// already taken; explicit ids repeated are an error. Linear: the next suffix to try is kept
/// per base id, so a thousand headings with the same text do not probe from 2 each time.
fn dedupe_ids(sections: &mut [Section], path: &Path, diags: &Diagnostics) {
    let mut seen: HashSet<String> = sections
        .iter()
        .filter(|s| s.explicit)
        .map(|s| s.id.clone())
        .collect();
    let mut next_suffix: HashMap<String, u64> = HashMap::new();
    let mut explicit_seen = HashSet::new();
    for s in sections.iter_mut() {
        if s.explicit {
            if !explicit_seen.insert(s.id.clone()) {
                diags.error(
                    path,
                    s.pos,
                    format!("section id `{}` is used twice in this document", s.id),
                    "give each heading its own {#id}",
                );
            }
            continue;
        }
        if seen.insert(s.id.clone()) {
            continue;
        }
        // Each taken id `base-n` fails at most one probe of `base` (the suffix only grows),
        // so the probes of a whole document are linear in its number of headings.
        let n = next_suffix.entry(s.id.clone()).or_insert(2);
        let id = loop {
            let candidate = format!("{}-{n}", s.id);
            *n += 1;
            if seen.insert(candidate.clone()) {
                break candidate;
            }
        };
        s.id = id;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::body::{prepare, scan};
    use crate::content::frontmatter::Audience;

    fn sections(body: &str, numbered: bool) -> Vec<Section> {
        let diags = Diagnostics::new();
        let s = scan(body, 1, Path::new("a.md"), &diags);
        let p = prepare(body, 1, &s, Audience::Internal, "<div>", &mut |_| {
            String::new()
        });
        extract(
            &p,
            &parse(&p).events,
            &s,
            numbered,
            Path::new("a.md"),
            &diags,
        )
    }

    #[test]
    fn slugs_keep_swedish_letters_and_spell_out_paragraph_sign() {
        assert_eq!(
            slug("Ändringar och tillägg till avtalet"),
            "ändringar-och-tillägg-till-avtalet"
        );
        assert_eq!(slug("KS § 179"), "ks-paragraf-179");
        assert_eq!(slug("  "), "avsnitt");
    }

    #[test]
    fn numbering_follows_heading_levels_and_skips_unnumbered() {
        let s = sections(
            "## Innehåll {.unnumbered}\n## A\n### A1 {#a1}\n### A2\n## B\n#### deep\n",
            true,
        );
        let numbers: Vec<_> = s.iter().map(|s| s.number.clone()).collect();
        assert_eq!(
            numbers,
            vec![
                None,
                Some("1".into()),
                Some("1.1".into()),
                Some("1.2".into()),
                Some("2".into()),
                Some("2.0.1".into())
            ]
        );
        assert_eq!(s[2].id, "a1");
        assert_eq!(s[2].pos.line, 3);
    }

    #[test]
    fn internal_headings_are_never_numbered() {
        let s = sections("## A\n::: intern\n## Hemlig\n:::\n## B\n", true);
        assert!(s[1].internal);
        assert_eq!(s[1].number, None);
        assert_eq!(s[2].number.as_deref(), Some("2"));
    }

    #[test]
    fn repeated_slugs_get_suffixes() {
        let s = sections("## Region\n## Region\n", false);
        assert_eq!(s[1].id, "region-2");
    }

    #[test]
    fn many_repeated_slugs_get_consecutive_suffixes_around_taken_ids() {
        // 3 000 headings with one text, among them headings whose own slugs are the
        // suffixed ids the repeats would get, and an explicit id that takes one more.
        let mut body = String::from("## Del {#del-5}\n");
        for i in 0..3000 {
            body.push_str("## Del\n");
            if i == 10 {
                body.push_str("## Del 20\n## Del 2\n");
            }
        }
        let s = sections(&body, false);
        let ids: Vec<&str> = s.iter().map(|s| s.id.as_str()).collect();
        let mut expected = vec!["del-5".to_string(), "del".to_string()];
        let mut n = 2;
        for i in 1..3000 {
            if i == 11 {
                expected.push("del-20".into());
                expected.push("del-2-2".into());
            }
            while n == 5 || n == 20 || (n == 2 && i > 11) {
                n += 1;
            }
            expected.push(format!("del-{n}"));
            n += 1;
        }
        assert_eq!(ids.len(), expected.len());
        assert_eq!(ids, expected);
        let unique: HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "ids are unique");
    }
}
