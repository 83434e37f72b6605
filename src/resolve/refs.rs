//! Cross-references by id: the `@doc/version#section` syntax, and the links a body holds.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::content::body::{Prepared, Scan};
use crate::diag::Pos;

/// Where a reference points: a document (or this one), maybe a version, maybe a section.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Target {
    /// `None` for a link within the same document (`#section`).
    pub doc: Option<String>,
    pub version: Option<String>,
    pub section: Option<String>,
}

/// Parses `@doc`, `@doc/v2`, `@doc#section`, `@doc/v2#section` and `#section`. Anything else
/// (ordinary URLs, relative paths) is not a reference.
pub fn parse(dest: &str) -> Option<Target> {
    if let Some(section) = dest.strip_prefix('#') {
        return (!section.is_empty()).then(|| Target {
            doc: None,
            version: None,
            section: Some(section.to_string()),
        });
    }
    let rest = dest.strip_prefix('@')?;
    let (head, section) = match rest.split_once('#') {
        Some((h, s)) => (h, Some(s.to_string())),
        None => (rest, None),
    };
    let (doc, version) = match head.split_once('/') {
        Some((d, v)) => (d, Some(v.to_string())),
        None => (head, None),
    };
    Some(Target {
        doc: Some(doc.to_string()),
        version,
        section,
    })
}

/// One use of a reference in a document.
#[derive(Debug, Clone)]
pub struct LinkUse {
    /// The link destination exactly as written; renderers look resolved targets up by it.
    pub dest: String,
    pub target: Target,
    /// The link text as plain text ("" for an empty link, which gets filled in).
    pub text: String,
    pub pos: Pos,
    /// The link stands in an internal passage.
    pub internal: bool,
}

/// Every reference link in a body, with its position in the file.
/// `events` are those of `prepared.text` ([`super::sections::parse`]).
pub fn collect(
    prepared: &Prepared,
    events: &[(Event<'_>, Range<usize>)],
    scan: &Scan,
) -> Vec<LinkUse> {
    let mut uses = Vec::new();
    let mut open: Option<LinkUse> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                open = parse(dest_url).map(|target| {
                    let pos = prepared.file_pos(range.start);
                    LinkUse {
                        dest: dest_url.to_string(),
                        target,
                        text: String::new(),
                        pos,
                        internal: scan.is_internal_line(pos.line),
                    }
                });
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(u) = open.as_mut() {
                    u.text.push_str(t);
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some(u) = open.take() {
                    uses.push(u);
                }
            }
            _ => {}
        }
    }
    uses
}

/// A link or image that is not a reference by id: a relative, root or external address,
/// checked against the pages styrdok writes by `render::links`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainLink {
    /// The destination exactly as written.
    pub dest: String,
    pub pos: Pos,
    /// The link stands in an internal passage.
    pub internal: bool,
    /// An image (`![…](…)`) rather than a link.
    pub image: bool,
}

/// The plain links of a body (see [`PlainLink`]) and the labels of its footnote definitions,
/// which the markdown writer makes the ids of the notes.
/// `events` are those of `prepared.text` ([`super::sections::parse`]).
pub fn collect_plain(
    prepared: &Prepared,
    events: &[(Event<'_>, Range<usize>)],
    scan: &Scan,
) -> (Vec<PlainLink>, Vec<String>) {
    let mut links = Vec::new();
    let mut footnotes = Vec::new();
    for (event, range) in events {
        let (dest, image) = match event {
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                footnotes.push(label.to_string());
                continue;
            }
            _ => continue,
        };
        if parse(dest).is_some() || dest.starts_with('@') || dest.starts_with('#') {
            continue;
        }
        let pos = prepared.file_pos(range.start);
        links.push(PlainLink {
            dest: dest.to_string(),
            pos,
            internal: scan.is_internal_line(pos.line),
            image,
        });
    }
    (links, footnotes)
}

/// The first section number written in a link text ("punkt 13" → "13", "avsnitt 5.2" → "5.2").
pub fn number_in_text(text: &str) -> Option<&str> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    Some(rest[..end].trim_end_matches('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_reference_form() {
        let t = parse("@avtal/v2#andringar").unwrap();
        assert_eq!(t.doc.as_deref(), Some("avtal"));
        assert_eq!(t.version.as_deref(), Some("v2"));
        assert_eq!(t.section.as_deref(), Some("andringar"));
        assert_eq!(parse("#syfte").unwrap().doc, None);
        assert_eq!(parse("@avtal").unwrap().section, None);
        assert!(parse("https://example.org").is_none());
        assert!(parse("#").is_none());
    }

    #[test]
    fn finds_section_numbers_in_link_text() {
        assert_eq!(number_in_text("punkt 13"), Some("13"));
        assert_eq!(number_in_text("avsnitt 5.2."), Some("5.2"));
        assert_eq!(number_in_text("verksamhetsbeskrivningen"), None);
    }
}
