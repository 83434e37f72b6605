//! Diff output: text for the terminal (coloured or marked with `[-…-]{+…+}`), JSON with a
//! stable schema, and an HTML fragment in redline style shared by the site and the CLI.

use std::fmt::Write;

use serde::Serialize;

use super::{
    Block, BlockDiff, BlockKind, DocDiff, SCHEMA, SectionDiff, SectionStatus, Span, SpanKind,
};
use crate::text::format::Strings;
use crate::text::html::esc;

fn heading(s: &SectionDiff, t: &Strings) -> String {
    let number = match (&s.old_number, &s.new_number) {
        (Some(o), Some(n)) if o != n => format!("{o} → {n} "),
        (_, Some(n)) | (Some(n), None) => format!("{n} "),
        (None, None) => String::new(),
    };
    let title = match (&s.old_title, &s.new_title) {
        (Some(o), Some(n)) if o != n => format!("{o} → {n}"),
        (_, Some(t)) | (Some(t), None) => t.clone(),
        (None, None) => String::new(),
    };
    let title = if title.is_empty() && s.id.is_empty() {
        t.get("diff_intro").to_string()
    } else {
        title
    };
    format!("{number}{title}")
}

/// Plain or ANSI-coloured text, in the words of the theme's strings. The `[-…-]{+…+}`
/// markers stay in colour too, so a change never rests on colour alone.
pub fn text(d: &DocDiff, t: &Strings, title: &str, from: &str, to: &str, color: bool) -> String {
    let (red, green, bold, reset) = if color {
        ("\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[0m")
    } else {
        ("", "", "", "")
    };
    let mut out = String::new();
    let s = &d.summary;
    writeln!(out, "{bold}{title}: {from} → {to}{reset}").unwrap();
    writeln!(out, "{}", summary_counts(s, t).join(" · ")).unwrap();
    let spans = |spans: &[Span]| -> String {
        spans
            .iter()
            .map(|sp| match sp.kind {
                SpanKind::Equal => sp.text.clone(),
                SpanKind::Insert => format!("{green}{{+{}+}}{reset}", sp.text),
                SpanKind::Delete => format!("{red}[-{}-]{reset}", sp.text),
            })
            .collect()
    };
    // A part one source lacks is named, so the reader knows why it is in one version only.
    for sec in d
        .sections
        .iter()
        .filter(|s| s.is_interesting() || s.status == SectionStatus::Absent)
    {
        writeln!(
            out,
            "\n{bold}== {} [{}]{reset}",
            heading(sec, t),
            status_label(t, sec)
        )
        .unwrap();
        for b in sec
            .blocks
            .iter()
            .filter(|_| sec.status != SectionStatus::Absent)
        {
            match b {
                BlockDiff::Same { .. } => {}
                BlockDiff::Added { block } => {
                    writeln!(out, "{green}+ {}{reset}", block.text()).unwrap()
                }
                BlockDiff::Removed { block } => {
                    writeln!(out, "{red}- {}{reset}", block.text()).unwrap()
                }
                BlockDiff::Changed { cells, .. } => {
                    let cells: Vec<String> = cells.iter().map(|c| spans(c)).collect();
                    writeln!(out, "~ {}", cells.join(" | ")).unwrap();
                }
            }
        }
    }
    out
}

#[derive(Serialize)]
struct JsonDiff<'a> {
    schema: &'static str,
    document: &'a str,
    from: &'a str,
    to: &'a str,
    summary: &'a super::Summary,
    sections: &'a [SectionDiff],
}

/// The JSON document described in `docs/diff-json.md`.
pub fn json(d: &DocDiff, document: &str, from: &str, to: &str) -> String {
    let j = JsonDiff {
        schema: SCHEMA,
        document,
        from,
        to,
        summary: &d.summary,
        sections: &d.sections,
    };
    serde_json::to_string_pretty(&j).expect("diff serializes") + "\n"
}

/// Where the diff's section anchors and links point.
pub fn anchor(s: &SectionDiff) -> String {
    if s.id.is_empty() {
        "diff-inledning".into()
    } else {
        format!("diff-{}", s.id)
    }
}

fn status_label(t: &Strings, s: &SectionDiff) -> String {
    let mut parts = Vec::new();
    match s.status {
        SectionStatus::Changed => parts.push(t.get("diff_changed")),
        SectionStatus::Added => parts.push(t.get("diff_added")),
        SectionStatus::Removed => parts.push(t.get("diff_removed")),
        SectionStatus::Absent if s.old_title.is_none() => parts.push(t.get("diff_absent_old")),
        SectionStatus::Absent => parts.push(t.get("diff_absent_new")),
        SectionStatus::Unchanged => {}
    }
    if s.retitled {
        parts.push(t.get("diff_retitled"));
    }
    if s.moved {
        parts.push(t.get("diff_moved"));
    }
    if s.renumbered {
        parts.push(t.get("diff_renumbered"));
    }
    parts.join(", ")
}

/// "Ändrade avsnitt: 14", "Tillagda: 1" … for each count of the summary.
fn summary_counts(s: &super::Summary, t: &Strings) -> Vec<String> {
    [
        ("diff_sections_changed", s.sections_changed),
        ("diff_sections_added", s.sections_added),
        ("diff_sections_removed", s.sections_removed),
        ("diff_sections_moved", s.sections_moved),
        ("diff_sections_renumbered", s.sections_renumbered),
        ("diff_sections_absent", s.sections_absent),
        ("diff_words_inserted", s.words_inserted),
        ("diff_words_deleted", s.words_deleted),
    ]
    .iter()
    // A part missing from a source is worth a word only where there is one.
    .filter(|(key, n)| *n > 0 || *key != "diff_sections_absent")
    .map(|(key, n)| format!("{}: {n}", t.get(key)))
    .collect()
}

/// The summary sentence and the list of changed sections, linking to `{href}#diff-…`.
pub fn html_summary(d: &DocDiff, t: &Strings, href: &str) -> String {
    let mut out = String::new();
    write!(
        out,
        "<p class=\"diff-summary\">{}</p>",
        esc(&summary_counts(&d.summary, t).join(" · "))
    )
    .unwrap();
    let changed: Vec<&SectionDiff> = d.sections.iter().filter(|s| s.is_interesting()).collect();
    if changed.is_empty() {
        write!(out, "<p>{}</p>", esc(t.get("diff_no_changes"))).unwrap();
        return out;
    }
    write!(out, "<nav class=\"diff-toc\" aria-labelledby=\"diff-toc-title\"><h2 id=\"diff-toc-title\">{}</h2><ul>", esc(t.get("diff_changed_sections"))).unwrap();
    for s in changed {
        write!(
            out,
            "<li><a href=\"{href}#{}\">{}</a> <span class=\"diff-badge\">{}</span></li>",
            esc(&anchor(s)),
            esc(&heading(s, t)),
            esc(&status_label(t, s))
        )
        .unwrap();
    }
    out.push_str("</ul></nav>");
    out
}

/// The redline body: every section (or only the changed ones), insertions in `<ins>`,
/// deletions in `<del>`, each with a hidden word for screen readers and marked by more than
/// colour (underline, strike-through, a bar in the margin).
pub fn html_body(d: &DocDiff, t: &Strings, only_changed: bool) -> String {
    let mut out = String::new();
    let ins_label = esc(t.get("diff_inserted_label"));
    let del_label = esc(t.get("diff_deleted_label"));
    let spans_html = |spans: &[Span]| -> String {
        spans
            .iter()
            .map(|sp| match sp.kind {
                SpanKind::Equal => footnote_marks(&esc(&sp.text)),
                SpanKind::Insert => format!("<ins><span class=\"sr-only\">[{ins_label}: </span>{}<span class=\"sr-only\">]</span></ins>", footnote_marks(&esc(&sp.text))),
                SpanKind::Delete => format!("<del><span class=\"sr-only\">[{del_label}: </span>{}<span class=\"sr-only\">]</span></del>", footnote_marks(&esc(&sp.text))),
            })
            .collect()
    };
    let whole = |block: &Block, kind: SpanKind| -> Vec<Vec<Span>> {
        block
            .cells
            .iter()
            .map(|c| {
                vec![Span {
                    kind,
                    text: c.clone(),
                }]
            })
            .collect()
    };
    let mut tables = 0;
    for s in d
        .sections
        .iter()
        .filter(|s| !only_changed || s.is_interesting())
    {
        let level = s.level.clamp(2, 5) as usize;
        write!(
            out,
            "<section class=\"diff-section diff-{}\" id=\"{}\"><h{level}>{} <span class=\"diff-badge\">{}</span></h{level}>",
            match s.status {
                SectionStatus::Unchanged => "unchanged",
                SectionStatus::Changed => "changed",
                SectionStatus::Added => "added",
                SectionStatus::Removed => "removed",
                SectionStatus::Absent => "absent",
            },
            esc(&anchor(s)),
            esc(&heading(s, t)),
            esc(&status_label(t, s)),
        )
        .unwrap();
        let mut table_open = false;
        for b in &s.blocks {
            let (class, kind, cells) = match b {
                BlockDiff::Same { block } => ("same", block.kind, whole(block, SpanKind::Equal)),
                BlockDiff::Added { block } => ("added", block.kind, whole(block, SpanKind::Insert)),
                BlockDiff::Removed { block } => {
                    ("removed", block.kind, whole(block, SpanKind::Delete))
                }
                BlockDiff::Changed { kind, cells } => ("changed", *kind, cells.clone()),
            };
            if kind == BlockKind::TableRow {
                if !table_open {
                    // A wide table scrolls sideways in a region keyboard users can reach,
                    // named uniquely on the page.
                    tables += 1;
                    write!(
                        out,
                        "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{} {tables}\">",
                        esc(t.get("table_scroll_label"))
                    )
                    .unwrap();
                    out.push_str("<table class=\"diff-table\"><tbody>");
                    table_open = true;
                }
                write!(out, "<tr class=\"diff-{class}\">").unwrap();
                for c in &cells {
                    write!(out, "<td>{}</td>", spans_html(c)).unwrap();
                }
                out.push_str("</tr>");
                continue;
            }
            if table_open {
                out.push_str("</tbody></table></div>");
                table_open = false;
            }
            let tag = match kind {
                BlockKind::Code => "pre",
                _ => "p",
            };
            let class = match kind {
                BlockKind::Footnote => format!("{class} diff-footnote"),
                _ => class.to_string(),
            };
            let marker = if kind == BlockKind::ListItem {
                "• "
            } else {
                ""
            };
            write!(
                out,
                "<{tag} class=\"diff-block diff-{class}\">{marker}{}</{tag}>",
                spans_html(&cells[0..cells.len().min(1)].concat())
            )
            .unwrap();
        }
        if table_open {
            out.push_str("</tbody></table></div>");
        }
        out.push_str("</section>");
    }
    out
}

/// Footnote numbers, which the compared text holds as superscript digits (`¹²`), as
/// `<sup>` markup in HTML, the way the document page shows them.
fn footnote_marks(html: &str) -> String {
    const DIGITS: &str = "⁰¹²³⁴⁵⁶⁷⁸⁹";
    let digit = |c: char| DIGITS.chars().position(|d| d == c);
    let mut out = String::with_capacity(html.len());
    let mut run = String::new();
    for c in html.chars() {
        match digit(c) {
            Some(n) => run.push(char::from(b'0' + n as u8)),
            None => {
                if !run.is_empty() {
                    write!(out, "<sup class=\"footnote-ref\">{run}</sup>").unwrap();
                    run.clear();
                }
                out.push(c);
            }
        }
    }
    if !run.is_empty() {
        write!(out, "<sup class=\"footnote-ref\">{run}</sup>").unwrap();
    }
    out
}

/// The summary as one line of plain text, for a feed: the counts, then the headings of the
/// changed sections.
pub fn plain_summary(d: &DocDiff, t: &Strings) -> String {
    let mut out = summary_counts(&d.summary, t).join(" · ");
    let changed: Vec<String> = d
        .sections
        .iter()
        .filter(|s| s.is_interesting())
        .map(|s| heading(s, t))
        .collect();
    if !changed.is_empty() {
        write!(
            out,
            ". {}: {}",
            t.get("diff_changed_sections"),
            changed.join("; ")
        )
        .unwrap();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::footnote_marks;

    #[test]
    fn footnote_numbers_become_sup_markup() {
        assert_eq!(
            footnote_marks("verksamhet¹², med"),
            "verksamhet<sup class=\"footnote-ref\">12</sup>, med"
        );
        assert_eq!(
            footnote_marks("³ Text"),
            "<sup class=\"footnote-ref\">3</sup> Text"
        );
        assert_eq!(footnote_marks("inga"), "inga");
    }
}
