//! The markdown extensions of a document body: internal passages (`::: intern` … `:::`) and
//! shortcodes (`{{< name key="value" >}}` alone on a line).
//!
//! One source of truth for every audience and for `check`: [`scan`] finds both with
//! pulldown-cmark, over the options the renderer uses, and fails closed (a marker the parser
//! sees anywhere but a top-level paragraph line is an error, never public text). [`prepare`]
//! then cuts the markdown one audience sees from the scan's line ranges, with a map from each
//! output line back to its line in the source file, so later stages can point at
//! `path:line:col`.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};

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

/// The markdown extensions every parse of a body uses: scanning, rendering, sections, links.
pub fn markdown_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A line that looks like one of our extensions, before the parser has said where it stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Looks {
    Marker,
    Shortcode,
}

/// A line of the body that could be a marker or a shortcode.
struct Candidate<'a> {
    /// Index of the line in the body, and its byte range (without the newline).
    index: usize,
    range: Range<usize>,
    looks: Looks,
    /// The line without its indentation and container prefixes (`>`, list markers).
    rest: &'a str,
    /// Whether container prefixes (`>`, `-`, `1.`) stood before `rest`.
    prefixed: bool,
    /// Columns of indentation before `rest` (a tab counts to the next multiple of 4).
    indent: usize,
    /// 1-based column, and byte offset in the body, where `rest` starts.
    col: u32,
    at: usize,
}

fn candidate(index: usize, range: Range<usize>, line: &str) -> Option<Candidate<'_>> {
    let mut rest = line;
    let mut prefixed = false;
    let mut indent = 0usize;
    loop {
        let trimmed = rest.trim_start_matches([' ', '\t']);
        if !prefixed {
            for c in rest[..rest.len() - trimmed.len()].chars() {
                indent = if c == '\t' {
                    (indent / 4 + 1) * 4
                } else {
                    indent + 1
                };
            }
        }
        rest = trimmed;
        if let Some(r) = rest.strip_prefix('>') {
            rest = r;
        } else if let Some(r) = strip_list_marker(rest) {
            rest = r;
        } else {
            break;
        }
        prefixed = true;
    }
    let looks = if rest.starts_with(":::") {
        Looks::Marker
    } else if rest.starts_with("{{<") {
        Looks::Shortcode
    } else {
        return None;
    };
    let before = line.len() - rest.len();
    let col = line[..before].chars().count() as u32 + 1;
    let at = range.start + before;
    Some(Candidate {
        at,
        index,
        range,
        looks,
        rest: rest.trim_end(),
        prefixed,
        indent,
        col,
    })
}

/// `- `, `* `, `+ `, `1. `, `1) ` at the start of `s`: what follows the marker.
fn strip_list_marker(s: &str) -> Option<&str> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let after = if digits > 0 && digits <= 9 {
        s[digits..].strip_prefix(['.', ')'])?
    } else {
        s.strip_prefix(['-', '*', '+'])?
    };
    (after.is_empty() || after.starts_with([' ', '\t'])).then_some(after)
}

/// What the parser says stands at the top level of the body over a byte range.
#[derive(Debug)]
enum Block {
    /// A paragraph, with the ranges of the inline elements that are not plain text.
    Paragraph(Vec<Range<usize>>),
    FencedCode {
        closed: bool,
    },
    IndentedCode,
    Html,
    /// Any other block; the name says what it is, for the error message.
    Other(&'static str),
}

/// The top-level blocks of `body` with their byte ranges, in order.
fn top_level_blocks(body: &str) -> Vec<(Range<usize>, Block)> {
    let mut blocks: Vec<(Range<usize>, Block)> = Vec::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    let block = match &tag {
                        Tag::Paragraph => Block::Paragraph(Vec::new()),
                        Tag::CodeBlock(CodeBlockKind::Fenced(_)) => Block::FencedCode {
                            closed: fence_is_closed(&body[range.clone()]),
                        },
                        Tag::CodeBlock(CodeBlockKind::Indented) => Block::IndentedCode,
                        Tag::HtmlBlock => Block::Html,
                        other => Block::Other(container_name(other)),
                    };
                    blocks.push((range, block));
                } else if depth == 1
                    && let Some((_, Block::Paragraph(spans))) = blocks.last_mut()
                {
                    spans.push(range);
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Text(_) | Event::SoftBreak | Event::HardBreak => {}
            _ => {
                if depth == 0 {
                    // Rules and other leaf events outside any block.
                    blocks.push((range, Block::Other("a block")));
                } else if depth == 1
                    && let Some((_, Block::Paragraph(spans))) = blocks.last_mut()
                {
                    spans.push(range);
                }
            }
        }
    }
    blocks
}

fn container_name(tag: &Tag) -> &'static str {
    match tag {
        Tag::BlockQuote(_) => "a block quote",
        Tag::List(_) | Tag::Item => "a list",
        Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell => "a table",
        Tag::Heading { .. } => "a heading",
        Tag::FootnoteDefinition(_) => "a footnote",
        Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
            "a definition list"
        }
        _ => "a block",
    }
}

/// Whether a fenced code block's source ends with a closing fence (else it runs to the end).
fn fence_is_closed(src: &str) -> bool {
    let mut lines = src.trim_end_matches('\n').split('\n');
    let Some(first) = lines.next() else {
        return false;
    };
    let first = first.trim_start_matches(' ');
    let Some(fence_char) = first.chars().next() else {
        return false;
    };
    let len = first.chars().take_while(|&c| c == fence_char).count();
    let Some(last) = lines.next_back() else {
        return false;
    };
    let last = last.trim();
    last.chars().count() >= len && last.chars().all(|c| c == fence_char)
}

/// A marker or shortcode line the parser confirmed at the top level.
enum Found<'a> {
    Open,
    Close,
    Shortcode(&'a str),
}

/// Finds the internal passages and shortcodes of a body with pulldown-cmark, the parser that
/// renders it, so no markdown construct can make the two disagree. A marker counts only as a
/// whole line of a top-level paragraph; inside fenced code it is text; anywhere else that it
/// could have been meant as a marker (a list, quote, table, HTML block or comment, indented or
/// unclosed code, a heading, across inline code) it is an error, never silently public.
pub fn scan(body: &str, body_line: u32, path: &Path, diags: &Diagnostics) -> Scan {
    let mut out = Scan::default();
    let mut candidates = Vec::new();
    let mut start = 0;
    for (index, line) in body.split('\n').enumerate() {
        let range = start..start + line.len();
        start = range.end + 1;
        if let Some(c) = candidate(index, range, line) {
            candidates.push(c);
        }
    }
    if candidates.is_empty() {
        return out;
    }
    let blocks = top_level_blocks(body);
    let line_of = |offset: usize| body_line + body[..offset].matches('\n').count() as u32;
    let mut found = Vec::new();
    let mut in_code = Vec::new();
    for c in &candidates {
        let n = body_line + c.index as u32;
        let pos = Pos::new(n, c.col);
        let what = match c.looks {
            Looks::Marker => "a passage marker",
            Looks::Shortcode => "a shortcode",
        };
        let i = blocks.partition_point(|(r, _)| r.start <= c.at);
        let block = i
            .checked_sub(1)
            .map(|i| &blocks[i])
            .filter(|(r, _)| c.at < r.end.max(r.start + 1));
        let Some((range, block)) = block else {
            diags.error(
                path,
                pos,
                format!("{what} where markdown sees no block, so its meaning is unclear"),
                "write `::: intern`, `:::` and shortcodes on a line of their own, with a blank line before and after",
            );
            continue;
        };
        let since = line_of(range.start);
        let problem = match block {
            Block::FencedCode { closed: true } => {
                // Text, unless it could open a passage that the code block swallowed: decided
                // once the passages are known.
                if c.looks == Looks::Marker && c.rest.trim_start_matches(':').trim() != "" {
                    in_code.push((n, c.col, since));
                }
                continue;
            }
            Block::IndentedCode if c.looks == Looks::Shortcode => continue,
            Block::FencedCode { closed: false } => Some((
                format!("{what} inside a code block that opens on line {since} and is never closed"),
                "close the code block with a fence line (``` or ~~~, as long as the opening one) before the marker".to_string(),
            )),
            Block::IndentedCode => Some((
                format!("{what} indented as code (four spaces or a tab), so markdown shows it as text"),
                "write the marker at the start of its line".to_string(),
            )),
            Block::Html => Some((
                format!("{what} inside an HTML block or comment that starts on line {since}"),
                "an HTML block runs until a blank line; end it with a blank line before the marker, or take the marker out of the comment".to_string(),
            )),
            Block::Other(name) => Some((
                format!("{what} inside {name} that starts on line {since}"),
                match *name {
                    "a table" => "a table runs until a blank line: leave a blank line before the marker",
                    "a list" | "a block quote" | "a footnote" => "a line right after a list item, quote or footnote continues it: leave a blank line before the marker and start it at the beginning of the line",
                    _ => "internal passages and shortcodes stand on lines of their own at the top level of the text, with a blank line before them",
                }
                .to_string(),
            )),
            Block::Paragraph(spans) => {
                let line = &c.range;
                let crossing = spans.iter().find(|s| {
                    s.start < line.end
                        && s.end > line.start
                        && (s.start < line.start || s.end > line.end)
                });
                if c.prefixed {
                    Some((
                        format!("{what} after a list or quote marker on the same line"),
                        "start the line with the marker itself".to_string(),
                    ))
                } else if c.indent > 3 {
                    Some((
                        format!("{what} indented by {} columns", c.indent),
                        "write the marker at the start of its line".to_string(),
                    ))
                } else {
                    crossing.map(|s| {
                        (
                            format!(
                                "{what} inside inline markup (code, a link, emphasis or HTML) that starts on line {}",
                                line_of(s.start)
                            ),
                            "close the inline markup before the marker line".to_string(),
                        )
                    })
                }
            }
        };
        if let Some((message, hint)) = problem {
            diags.error(path, pos, message, hint);
            // The document fails either way; pairing the marker still avoids follow-on errors.
            if c.looks == Looks::Marker
                && let Some(m) = marker(c.rest)
            {
                found.push((n, c.col, m));
            }
            continue;
        }
        match c.looks {
            Looks::Marker => match marker(c.rest) {
                Some(m) => found.push((n, c.col, m)),
                None => diags.error(
                    path,
                    pos,
                    format!("unknown passage marker `{}`", c.rest),
                    "an internal passage opens with a line `::: intern` and closes with a line `:::`; to show `:::` as text, write `\\:::`",
                ),
            },
            Looks::Shortcode => found.push((n, c.col, Found::Shortcode(c.rest))),
        }
    }
    let mut open: Option<u32> = None;
    for (n, col, f) in found {
        match f {
            Found::Open => match open {
                Some(first) => diags.error(
                    path,
                    Pos::new(n, col),
                    format!("internal passage opened inside the one opened on line {first}"),
                    "close the first passage with a line `:::` before opening another",
                ),
                None => open = Some(n),
            },
            Found::Close => match open.take() {
                Some(first) => out.internal.push((first, n)),
                None => diags.error(
                    path,
                    Pos::new(n, col),
                    "`:::` closes no open passage",
                    "open an internal passage with `::: intern`",
                ),
            },
            Found::Shortcode(call) => match parse_shortcode(call, n) {
                Ok(sc) => out.shortcodes.push(sc),
                Err(msg) => diags.error(path, Pos::new(n, col), msg, ()),
            },
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
    // An opening marker in a code block outside every passage: either the author shows the
    // syntax, or a fence opened earlier swallowed a passage that would now be public code.
    // Nothing tells the two apart, so it is an error.
    for (n, col, since) in in_code {
        if !out.is_internal_line(n) {
            diags.error(
                path,
                Pos::new(n, col),
                format!("a passage marker inside a code block that opens on line {since}, outside any internal passage"),
                "if a passage was meant here, close the code block before it (the closing fence needs at least as many ` or ~ as the opening one, and no text after it); to show the syntax, write it in an inline code span",
            );
        }
    }
    out
}

/// The marker a confirmed line holds: `::: intern` (or `internal`) opens, `:::` closes.
fn marker(rest: &str) -> Option<Found<'static>> {
    let name = rest.strip_prefix(":::")?.trim();
    match name {
        "" => Some(Found::Close),
        "intern" | "internal" => Some(Found::Open),
        _ => None,
    }
}

/// The markdown `audience` sees: internal passages dropped for the public, wrapped in
/// `internal_open`/`</div>` for staff; shortcodes replaced by what `expand` returns. Which
/// lines are passages and shortcodes comes only from `scan`, never from reading them again.
pub fn prepare(
    body: &str,
    body_line: u32,
    scan: &Scan,
    audience: Audience,
    internal_open: &str,
    expand: &mut dyn FnMut(&Shortcode) -> String,
) -> Prepared {
    if scan.internal.is_empty() && scan.shortcodes.is_empty() {
        return plain(body, body_line);
    }
    let mut text = String::with_capacity(body.len() + 64);
    let mut line_map = Vec::new();
    let mut push = |text: &mut String, s: &str, n: u32| {
        for l in s.split('\n') {
            text.push_str(l);
            text.push('\n');
            line_map.push(n);
        }
    };
    let mut passages = scan.internal.iter().peekable();
    let mut shortcodes = scan.shortcodes.iter().peekable();
    let mut inside: Option<u32> = None;
    for (i, line) in body.lines().enumerate() {
        let n = body_line + i as u32;
        let public = audience == Audience::Public;
        if inside.is_none() && passages.peek().is_some_and(|&&(a, _)| a == n) {
            let &(_, b) = passages.next().expect("peeked");
            inside = Some(b);
            push(
                &mut text,
                &if public {
                    String::new()
                } else {
                    format!("\n{internal_open}\n")
                },
                n,
            );
            continue;
        }
        if inside == Some(n) {
            inside = None;
            push(&mut text, if public { "" } else { "\n</div>\n" }, n);
            continue;
        }
        while shortcodes.peek().is_some_and(|sc| sc.line < n) {
            shortcodes.next();
        }
        let shortcode = shortcodes.next_if(|sc| sc.line == n);
        if inside.is_some() && public {
            continue;
        }
        match shortcode {
            Some(sc) => push(&mut text, &format!("\n{}\n", expand(sc).trim_end()), n),
            None => push(&mut text, line, n),
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

/// [`prepare`] of a body unpacked for it ([`crate::content::packed`]): the same, but a body
/// that every audience reads as written becomes the prepared text without a copy.
pub fn prepare_owned(
    body: String,
    body_line: u32,
    scan: &Scan,
    audience: Audience,
    internal_open: &str,
    expand: &mut dyn FnMut(&Shortcode) -> String,
) -> Prepared {
    if reads_as_written(&body, scan) {
        return plain_as_written(body, body_line);
    }
    prepare(&body, body_line, scan, audience, internal_open, expand)
}

/// Whether [`prepare`] gives `body` itself, for every audience: no internal passage, no
/// shortcode, no carriage return, a final newline.
pub fn reads_as_written(body: &str, scan: &Scan) -> bool {
    scan.internal.is_empty() && scan.shortcodes.is_empty() && as_written(body)
}

/// Whether a body is already as [`plain`] makes it: no carriage return, a final newline.
fn as_written(body: &str) -> bool {
    (body.is_empty() || body.ends_with('\n')) && memchr::memchr(b'\r', body.as_bytes()).is_none()
}

/// [`plain`] of a body [`as_written`]: the body as it is.
fn plain_as_written(body: String, body_line: u32) -> Prepared {
    let mut line_starts = Vec::with_capacity(body.len() / 32 + 1);
    line_starts.push(0);
    line_starts.extend(memchr::memchr_iter(b'\n', body.as_bytes()).map(|i| i + 1));
    let lines = line_starts.len() as u32 - 1;
    Prepared {
        text: body,
        line_map: (body_line..body_line + lines).collect(),
        line_starts,
    }
}

/// [`prepare`] for a body with no internal passage and no shortcode, which every audience
/// reads as written: each line ended by a newline, without the carriage return of a CRLF.
fn plain(body: &str, body_line: u32) -> Prepared {
    if as_written(body) {
        return plain_as_written(body.to_string(), body_line);
    }
    plain_lines(body, body_line)
}

/// [`plain`], line by line.
fn plain_lines(body: &str, body_line: u32) -> Prepared {
    let mut text = String::with_capacity(body.len() + 1);
    let mut line_map = Vec::new();
    let mut line_starts = vec![0];
    for (i, line) in body.lines().enumerate() {
        text.push_str(line);
        text.push('\n');
        line_map.push(body_line + i as u32);
        line_starts.push(text.len());
    }
    Prepared {
        text,
        line_map,
        line_starts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_already_plain_is_prepared_as_line_by_line() {
        for body in [
            "",
            "\n",
            "a",
            "a\n",
            "a\n\n",
            "# T\n\ntext\r\nmore\n",
            "x\n\ny",
            "å\nä\n",
        ] {
            let (fast, slow) = (plain(body, 7), plain_lines(body, 7));
            assert_eq!(fast.text, slow.text, "{body:?}");
            assert_eq!(fast.line_map, slow.line_map, "{body:?}");
            assert_eq!(fast.line_starts, slow.line_starts, "{body:?}");
        }
    }

    fn none(_: &Shortcode) -> String {
        String::new()
    }

    /// The public text of `body`, and the errors `check` would report.
    fn public(body: &str) -> (String, Vec<String>) {
        let diags = Diagnostics::new();
        let s = scan(body, 1, Path::new("a.md"), &diags);
        let p = prepare(body, 1, &s, Audience::Public, "<div>", &mut none);
        let errors = diags
            .into_sorted()
            .into_iter()
            .map(|d| format!("{}:{}: {}", d.pos.line, d.pos.col, d.message))
            .collect();
        (p.text, errors)
    }

    /// `body` builds (no error) and its public text holds no `HEMLIG`.
    #[track_caller]
    fn hidden(body: &str) -> String {
        let (text, errors) = public(body);
        assert!(
            errors.is_empty(),
            "unexpected errors {errors:?} for {body:?}"
        );
        assert!(!text.contains("HEMLIG"), "leaked: {text:?}");
        text
    }

    /// `body` is refused with an error whose text contains `what`.
    #[track_caller]
    fn refused(body: &str, what: &str) {
        let (_, errors) = public(body);
        assert!(
            errors.iter().any(|e| e.contains(what)),
            "expected an error with `{what}` for {body:?}, got {errors:?}"
        );
    }

    #[test]
    fn public_drops_internal_passages_and_keeps_line_numbers() {
        let body = "Före\n::: intern\nHemligt\n:::\nEfter\n";
        let diags = Diagnostics::new();
        let s = scan(body, 10, Path::new("a.md"), &diags);
        let p = prepare(body, 10, &s, Audience::Public, "<div>", &mut none);
        assert!(!p.text.contains("Hemligt"));
        let offset = p.text.find("Efter").unwrap();
        assert_eq!(p.file_pos(offset), Pos::new(14, 1));
        let i = prepare(
            body,
            10,
            &s,
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
        let s = scan("```\n:::\n```\n", 1, Path::new("a.md"), &diags);
        assert!(s.internal.is_empty());
        assert!(!diags.has_errors());
        let s = scan("```\n{{< budget >}}\n```\n", 1, Path::new("a.md"), &diags);
        assert!(s.shortcodes.is_empty());
        assert!(!diags.has_errors());
    }

    // Each of these put the passage's text on the public site with the line scanner that
    // came before the parser (issue 10).

    #[test]
    fn regression_inline_code_span_of_backticks_does_not_open_a_fence() {
        hidden("```x``` kod i text\n\n::: intern\nHEMLIG\n:::\n\nEfter\n");
    }

    #[test]
    fn regression_indented_backticks_are_code_not_a_fence() {
        hidden("Text\n\n    ```\n\n::: intern\nHEMLIG\n:::\n");
        hidden("- punkt\n\n  ```\n  kod\n  ```\n\n::: intern\nHEMLIG\n:::\n");
        hidden("- punkt\n  ```\n\n::: intern\nHEMLIG\n:::\n");
    }

    #[test]
    fn regression_a_longer_fence_is_not_closed_by_a_shorter_or_other_one() {
        hidden("````\n```\n````\n\n::: intern\nHEMLIG\n:::\n");
        hidden("```\n~~~\n```\n\n::: intern\nHEMLIG\n:::\n");
    }

    #[test]
    fn regression_backticks_in_html_do_not_open_a_fence() {
        hidden("<pre>\n```\n</pre>\n\n::: intern\nHEMLIG\n:::\n");
        hidden("<!-- ```\n-->\n\n::: intern\nHEMLIG\n:::\n");
    }

    #[test]
    fn regression_a_fence_inside_a_passage_holding_a_marker_line_keeps_it_internal() {
        let text = hidden("::: intern\n```\n:::\n```\nHEMLIG efter koden\n:::\n\nOffentlig\n");
        assert!(text.contains("Offentlig"));
    }

    #[test]
    fn markers_where_the_passage_logic_does_not_expect_them_are_errors() {
        refused("> ::: intern\n> HEMLIG\n> :::\n", "inside a block quote");
        refused("- punkt\n::: intern\nHEMLIG\n:::\n", "inside a list");
        refused("- ::: intern\n  HEMLIG\n  :::\n", "list");
        refused(
            "| a |\n|---|\n| b |\n::: intern\nHEMLIG\n:::\n",
            "inside a table",
        );
        refused(
            "<div>\n::: intern\nHEMLIG\n:::\n</div>\n",
            "inside an HTML block",
        );
        refused(
            "<!--\n::: intern\n-->\nHEMLIG\n:::\n",
            "HTML block or comment",
        );
        refused(
            "Text\n\n    ::: intern\n\nHEMLIG\n:::\n",
            "indented as code",
        );
        refused("```\n::: intern\nHEMLIG\n:::\n", "never closed");
        refused("Text `kod\n::: intern\nkod` HEMLIG\n:::\n", "inline markup");
        refused("::: intern\n---\nHEMLIG\n:::\n", "inside a heading");
        refused("[^1]: Not\n::: intern\nHEMLIG\n:::\n", "inside a footnote");
        refused("::: hemligt\nHEMLIG\n:::\n", "unknown passage marker");
        refused(":::: intern\nHEMLIG\n::::\n", "unknown passage marker");
    }

    #[test]
    fn regression_a_fence_that_swallows_a_passage_is_refused() {
        // The ```` fence is closed only by the ````` line after the passage's marker.
        refused(
            "````\nkod\n\n::: intern\nHEMLIG\n:::\n`````\n",
            "inside a code block that opens on line 1, outside any internal passage",
        );
    }

    #[test]
    fn passages_pair_and_report_every_problem() {
        refused("::: intern\nHEMLIG\n", "never closed");
        refused("Text\n:::\n", "closes no open passage");
        refused("::: intern\n::: intern\nHEMLIG\n:::\n", "opened inside");
        // An unclosed passage hides everything after it, even with the error.
        let (text, _) = public("::: intern\nHEMLIG\n");
        assert!(!text.contains("HEMLIG"));
    }

    #[test]
    fn a_body_without_passages_or_shortcodes_is_prepared_as_by_the_general_cut() {
        // A passage on no line of the body sends `prepare` the general way.
        let general = Scan {
            internal: vec![(u32::MAX, u32::MAX)],
            shortcodes: Vec::new(),
        };
        for body in [
            "",
            "a",
            "a\n",
            "a\r\nb\r\n\n",
            "# R\n\ntext\rmore\n\n\n",
            "\n\nx",
        ] {
            let fast = prepare(
                body,
                7,
                &Scan::default(),
                Audience::Public,
                "<div>",
                &mut none,
            );
            let slow = prepare(body, 7, &general, Audience::Public, "<div>", &mut none);
            assert_eq!(fast.text, slow.text, "{body:?}");
            assert_eq!(fast.line_map, slow.line_map, "{body:?}");
            assert_eq!(fast.line_starts, slow.line_starts, "{body:?}");
        }
    }

    #[test]
    fn a_passage_inside_a_paragraph_run_takes_whole_lines() {
        let text = hidden("Före\n::: intern\nHEMLIG\n:::\nEfter\n");
        assert!(text.contains("Före") && text.contains("Efter"));
        let text = hidden("   ::: intern\nHEMLIG\n   :::\n\nEfter\n");
        assert!(text.contains("Efter"));
    }

    #[test]
    fn a_rule_right_after_a_passage_makes_a_heading_and_is_refused() {
        // Markdown reads `Text … :::` with `---` under it as one heading holding the markers.
        refused("Text\n::: intern\nHEMLIG\n:::\n---\n", "inside a heading");
        let text = hidden("Text\n::: intern\nHEMLIG\n:::\n\n---\n");
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, Parser::new_ext(&text, markdown_options()));
        assert!(
            html.contains("<p>Text</p>") && html.contains("<hr />"),
            "{html}"
        );
    }

    #[test]
    fn shortcodes_stand_at_the_top_level() {
        let diags = Diagnostics::new();
        let s = scan(
            "Text\n\n{{< budget id=\"a\" >}}\n",
            1,
            Path::new("a.md"),
            &diags,
        );
        assert_eq!(s.shortcodes.len(), 1);
        assert_eq!(s.shortcodes[0].line, 3);
        refused("- {{< budget id=\"a\" >}}\n", "a shortcode inside a list");
        refused(
            "> {{< budget id=\"a\" >}}\n",
            "a shortcode inside a block quote",
        );
    }
}
