//! What a document says word for word: its text with markdown markup dropped and whitespace
//! collapsed, and the text of one section, so a quoted condition or clause can be checked
//! against its source (a quote is the source's words, never a paraphrase). Each text also
//! comes without its internal passages, for quotes a public page shows: a public quote must
//! stand in the public text, never only inside `::: intern`.

use crate::resolve::Version;

/// The words of a markdown text: links reduced to their text, footnote references and
/// emphasis markers dropped, whitespace collapsed; so a quote matches however its source wraps and marks it up.
pub fn plain_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    // `[text](dest)` → `text`.
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        // A footnote reference `[^label]` is markup, not words.
        if let Some(label) = after.strip_prefix('^')
            && let Some(close) = label.find(']')
            && !label[..close].contains(char::is_whitespace)
            && !label[close + 1..].starts_with(['(', ':'])
        {
            rest = &label[close + 1..];
            continue;
        }
        match after.find("](").and_then(|close| {
            let end = after[close + 2..].find(')')?;
            Some((close, close + 2 + end))
        }) {
            Some((close, end)) if !after[..close].contains('[') => {
                out.push_str(&after[..close]);
                rest = &after[end + 1..];
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace("**", "")
        .replace(['*', '_'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The markdown of one section of a version: from its heading to the next heading of the same
/// or a higher level.
pub fn section_text(v: &Version, id: &str) -> Option<String> {
    let body = v.body.unpack();
    section_span(v, &body, id).map(|(_, text)| text.to_string())
}

/// The text of a version (`section: None`) or of one of its sections, as markdown, in two
/// forms: `all` as written, `public` without the lines of its internal passages.
pub struct Said {
    pub all: String,
    pub public: String,
}

impl Said {
    /// `None` when the section does not exist.
    pub fn of(v: &Version, section: Option<&str>) -> Option<Said> {
        let body = v.body.unpack();
        let (first_line, text) = match section {
            Some(id) => section_span(v, &body, id)?,
            None => (v.body_line, body.as_str()),
        };
        let public: Vec<&str> = text
            .split('\n')
            .enumerate()
            .filter(|&(i, _)| !v.scan.is_internal_line(first_line + i as u32))
            .map(|(_, l)| l)
            .collect();
        Some(Said {
            all: plain_words(text),
            public: plain_words(&public.join("\n")),
        })
    }
}

/// A section's first file line and its markdown, in `body` (the body of `v`, unpacked).
fn section_span<'a>(v: &Version, body: &'a str, id: &str) -> Option<(u32, &'a str)> {
    let i = *v.section_ids.get(id)?;
    let s = &v.sections[i];
    let line_of = |pos_line: u32| pos_line.saturating_sub(v.body_line) as usize;
    let start = line_of(s.pos.line);
    let end = v.sections[i + 1..]
        .iter()
        .find(|n| n.level <= s.level)
        .map(|n| line_of(n.pos.line));
    let offsets: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let from = *offsets.get(start)?;
    let to = end
        .and_then(|e| offsets.get(e).copied())
        .unwrap_or(body.len());
    Some((v.body_line + start as u32, body.get(from..to.max(from))?))
}

#[cfg(test)]
mod tests {
    use super::plain_words;

    #[test]
    fn plain_words_drop_markup_and_wrapping() {
        assert_eq!(
            plain_words(
                "kräver omförhandling enligt [punkt 13](@avtal#andringar).\nStyrgruppen **består**"
            ),
            "kräver omförhandling enligt punkt 13. Styrgruppen består"
        );
        assert_eq!(plain_words("a [b] c"), "a [b] c");
        assert_eq!(
            plain_words("en [avsiktsförklaring](@a)[^4] och beslut[^x-1]."),
            "en avsiktsförklaring och beslut."
        );
    }
}
