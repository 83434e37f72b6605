//! References that cross an internal passage's edge: public text that uses a link reference
//! (`[text][label]`, `[label]`) or a footnote (`[^label]`) whose definition stands only inside
//! an internal passage. The public page is cut without the passage, so the definition is gone
//! there and markdown shows the brackets as typed: broken public text, never the hidden
//! address. [`check`] makes that an error at the use. It reads the internal site's text of the
//! body (what [`prepare`](super::body::prepare) cuts for `Audience::Internal`) with the parser and
//! options that render it, so what it calls a definition is what the internal page uses.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, LinkType, Tag};

use super::body::{Prepared, Scan};
use crate::diag::Diagnostics;
use crate::resolve::sections::Parsed;

/// Reports every public use of a definition that stands in an internal passage. `internal`
/// is the body as the internal site renders it, cut by `prepare` from `scan`, and `parsed`
/// its one parse.
pub fn check(internal: &Prepared, parsed: &Parsed, scan: &Scan, path: &Path, diags: &Diagnostics) {
    if scan.internal.is_empty() {
        return;
    }
    let pos_of = |offset: usize| internal.file_pos(offset);
    let internal = |range: &Range<usize>| scan.is_internal_line(pos_of(range.start).line);
    let link_defs = &parsed.link_defs;
    let mut footnote_defs: Vec<(String, Range<usize>)> = Vec::new();
    let mut uses: Vec<(String, &'static str, Range<usize>)> = Vec::new();
    for (event, range) in &parsed.events {
        let range = range.clone();
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut,
                id,
                ..
            }) => uses.push((id.to_lowercase(), "link reference", range)),
            Event::Start(Tag::Image {
                link_type: LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut,
                id,
                ..
            }) => uses.push((id.to_lowercase(), "image reference", range)),
            Event::FootnoteReference(label) => uses.push((label.to_lowercase(), "footnote", range)),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                footnote_defs.push((label.to_lowercase(), range))
            }
            _ => {}
        }
    }
    let normal = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for (label, what, range) in uses {
        if internal(&range) {
            continue;
        }
        let defs = if what == "footnote" {
            &footnote_defs
        } else {
            link_defs
        };
        let label = normal(&label);
        let defs: Vec<&Range<usize>> = defs
            .iter()
            .filter(|(l, _)| normal(l) == label)
            .map(|(_, r)| r)
            .collect();
        if let Some(first) = defs.first()
            && defs.iter().all(|r| internal(r))
        {
            diags.error(
                path,
                pos_of(range.start),
                format!(
                    "public text uses the {what} `{label}`, defined only inside an internal passage (line {}): the public page would show the brackets as typed",
                    pos_of(first.start).line
                ),
                "move the definition out of the passage, or the text that uses it into the passage",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::body::{prepare, scan};
    use crate::content::frontmatter::Audience;

    fn errors(body: &str) -> Vec<String> {
        let diags = Diagnostics::new();
        let path = Path::new("a.md");
        let s = scan(body, 1, path, &diags);
        let p = prepare(body, 1, &s, Audience::Internal, "<div>", &mut |_| {
            String::new()
        });
        check(&p, &crate::resolve::sections::parse(&p), &s, path, &diags);
        diags
            .into_sorted()
            .into_iter()
            .map(|d| format!("a.md:{}:{}: {}", d.pos.line, d.pos.col, d.message))
            .collect()
    }

    #[test]
    fn a_public_use_of_a_hidden_definition_is_an_error() {
        let body = "Se [avtalet][hemlig] och not[^n].\n\n::: intern\n[hemlig]: https://x.example/\n\n[^n]: Hemlig.\n\n:::\n";
        let e = errors(body);
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(
            e[0].contains("a.md:1:4") && e[0].contains("`hemlig`") && e[0].contains("line 4"),
            "{e:?}"
        );
        assert!(
            e[1].contains("footnote `n`") && e[1].contains("line 6"),
            "{e:?}"
        );
    }

    #[test]
    fn uses_inside_the_passage_and_public_definitions_are_fine() {
        let body = "Se [avtalet][pub].\n\n[pub]: https://p.example/\n\n::: intern\nSe [x][hemlig] och [avtalet][pub].\n\n[hemlig]: https://x.example/\n:::\n";
        assert!(errors(body).is_empty(), "{:?}", errors(body));
    }
}
