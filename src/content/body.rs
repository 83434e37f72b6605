//! The markdown extensions of a document body, handled line by line before markdown parsing:
//! internal passages (`::: intern` … `:::`) and shortcodes (`{{< name key="value" >}}` alone
//! on a line).
//!
//! [`prepare`] turns a body into the markdown one audience sees, with a map from each output
//! line back to its line in the source file, so later stages can point at `path:line:col`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::content::frontmatter::Audience;
use crate::diag::{Diagnostics, Pos};

/// A shortcode call found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortcode {
    pub name: String,
    pub args: BTreeMap<String, String>,
    /// File line of the call.
    pub line: u32,
}

/// Body text for one audience, and the file line each of its lines came from.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub text: String,
    pub line_map: Vec<u32>,
    /// Byte offset where each line of `text` starts, for position lookups in O(log n).
    line_starts: Vec<usize>,
}

impl Prepared {
    /// File position of a byte offset in the prepared text.
    pub fn file_pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line_idx = self
            .line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let line_start = self.line_starts.get(line_idx).copied().unwrap_or(0);
        let col = self.text[line_start..offset].chars().count() as u32 + 1;
        let line = self.line_map.get(line_idx).copied().unwrap_or(1);
        Pos::new(line, col)
    }
}

enum Line<'a> {
    Text(&'a str),
    OpenInternal,
    Close,
    Shortcode(&'a str),
}

fn classify(line: &str, in_fence: bool) -> Line<'_> {
    if in_fence {
        return Line::Text(line);
    }
    let t = line.trim();
    if let Some(rest) = t.strip_prefix(":::") {
        let name = rest.trim();
        if name.is_empty() {
            return Line::Close;
        }
        if matches!(name, "intern" | "internal") {
            return Line::OpenInternal;
        }
    }
    if t.starts_with("{{<") && t.ends_with(">}}") {
        return Line::Shortcode(t);
    }
    Line::Text(line)
}

fn is_fence(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("```") || t.starts_with("~~~")
}

/// Parses `{{< name key="value" … >}}`.
pub fn parse_shortcode(call: &str, line: u32) -> Result<Shortcode, String> {
    let inner = call
        .trim()
        .strip_prefix("{{<")
        .and_then(|s| s.strip_suffix(">}}"))
        .ok_or("a shortcode is written {{< name key=\"value\" >}}")?
        .trim();
    let (name, mut rest) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    if name.is_empty() {
        return Err("the shortcode has no name".into());
    }
    let mut args = BTreeMap::new();
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let (key, after) = rest.split_once('=').ok_or_else(|| {
            format!("expected key=\"value\" in shortcode `{name}`, found `{rest}`")
        })?;
        let after = after
            .strip_prefix('"')
            .ok_or_else(|| format!("the value of `{}` must be in double quotes", key.trim()))?;
        let (value, tail) = after
            .split_once('"')
            .ok_or_else(|| format!("the value of `{}` has no closing quote", key.trim()))?;
        args.insert(key.trim().to_string(), value.to_string());
        rest = tail;
    }
    Ok(Shortcode {
        name: name.to_string(),
        args,
        line,
    })
}

/// What a body contains, found once per file: its internal passages (as file line ranges,
/// inclusive) and shortcode calls. Syntax problems are reported to `diags`.
#[derive(Debug, Default, Clone)]
pub struct Scan {
    pub internal: Vec<(u32, u32)>,
    pub shortcodes: Vec<Shortcode>,
}

impl Scan {
    pub fn is_internal_line(&self, line: u32) -> bool {
        self.internal.iter().any(|&(a, b)| a <= line && line <= b)
    }
}

pub fn scan(body: &str, body_line: u32, path: &Path, diags: &Diagnostics) -> Scan {
    let mut out = Scan::default();
    let mut open: Option<u32> = None;
    let mut in_fence = false;
    for (i, line) in body.lines().enumerate() {
        let n = body_line + i as u32;
        match classify(line, in_fence) {
            Line::OpenInternal => {
                if let Some(first) = open {
                    diags.error(
                        path,
                        Pos::new(n, 1),
                        format!("internal passage opened inside the one opened on line {first}"),
                        "close the first passage with a line `:::` before opening another",
                    );
                } else {
                    open = Some(n);
                }
            }
            Line::Close => match open.take() {
                Some(first) => out.internal.push((first, n)),
                None => diags.error(
                    path,
                    Pos::new(n, 1),
                    "`:::` closes no open passage",
                    "open an internal passage with `::: intern`",
                ),
            },
            Line::Shortcode(call) => match parse_shortcode(call, n) {
                Ok(sc) => out.shortcodes.push(sc),
                Err(msg) => diags.error(path, Pos::new(n, 1), msg, ()),
            },
            Line::Text(t) => {
                if is_fence(t) {
                    in_fence = !in_fence;
                }
            }
        }
    }
    if let Some(first) = open {
        diags.error(
            path,
            Pos::new(first, 1),
            "internal passage is never closed",
            "end it with a line `:::`; until then everything after it would be hidden from the public site",
        );
        out.internal.push((first, u32::MAX));
    }
    out
}

/// The markdown `audience` sees: internal passages dropped for the public, wrapped in
/// `internal_open`/`</div>` for staff; shortcodes replaced by what `expand` returns.
pub fn prepare(
    body: &str,
    body_line: u32,
    audience: Audience,
    internal_open: &str,
    expand: &mut dyn FnMut(&Shortcode) -> String,
) -> Prepared {
    let mut text = String::with_capacity(body.len() + 64);
    let mut line_map = Vec::new();
    let mut push = |text: &mut String, s: &str, n: u32| {
        for l in s.split('\n') {
            text.push_str(l);
            text.push('\n');
            line_map.push(n);
        }
    };
    let mut inside = false;
    let mut in_fence = false;
    for (i, line) in body.lines().enumerate() {
        let n = body_line + i as u32;
        match classify(line, in_fence) {
            Line::OpenInternal if !inside => {
                inside = true;
                if audience == Audience::Internal {
                    push(&mut text, &format!("\n{internal_open}\n"), n);
                }
            }
            Line::Close if inside => {
                inside = false;
                if audience == Audience::Internal {
                    push(&mut text, "\n</div>\n", n);
                }
            }
            _ if inside && audience == Audience::Public => {}
            Line::Shortcode(call) => {
                let html = parse_shortcode(call, n)
                    .map(|sc| expand(&sc))
                    .unwrap_or_default();
                push(&mut text, &format!("\n{}\n", html.trim_end()), n);
            }
            Line::Text(t) => {
                if is_fence(t) {
                    in_fence = !in_fence;
                }
                push(&mut text, t, n);
            }
            Line::OpenInternal | Line::Close => push(&mut text, line, n),
        }
    }
    let mut line_starts = vec![0];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    Prepared {
        text,
        line_map,
        line_starts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &Shortcode) -> String {
        String::new()
    }

    #[test]
    fn public_drops_internal_passages_and_keeps_line_numbers() {
        let body = "Före\n::: intern\nHemligt\n:::\nEfter\n";
        let p = prepare(body, 10, Audience::Public, "<div>", &mut none);
        assert!(!p.text.contains("Hemligt"));
        let offset = p.text.find("Efter").unwrap();
        assert_eq!(p.file_pos(offset), Pos::new(14, 1));
        let i = prepare(
            body,
            10,
            Audience::Internal,
            "<div class=\"intern\">",
            &mut none,
        );
        assert!(i.text.contains("Hemligt"));
        assert_eq!(i.file_pos(i.text.find("Hemligt").unwrap()).line, 12);
    }

    #[test]
    fn shortcodes_parse_with_quoted_arguments() {
        let sc = parse_shortcode(r#"{{< budget id="nedre-2026" >}}"#, 3).unwrap();
        assert_eq!(sc.name, "budget");
        assert_eq!(sc.args["id"], "nedre-2026");
        assert!(parse_shortcode(r#"{{< budget id=nedre >}}"#, 3).is_err());
    }

    #[test]
    fn code_fences_protect_their_content() {
        let diags = Diagnostics::new();
        let s = scan("```\n::: intern\n```\n", 1, Path::new("a.md"), &diags);
        assert!(s.internal.is_empty());
        assert!(!diags.has_errors());
    }
}
