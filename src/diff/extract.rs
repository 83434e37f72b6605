//! The comparable text of a document version: its sections (by stable id) and, in each, the
//! blocks a reader sees — paragraphs, list items, table rows with their cells, code — as
//! plain text, for one audience (a public diff never sees an internal passage). Footnote
//! references read as the page shows them, as a superscript number (`verksamhet¹`), and a
//! footnote's text is its own block starting with that number.

use std::collections::HashMap;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::content::body;
use crate::content::frontmatter::Audience;
use crate::resolve::Version;
use crate::resolve::sections::markdown_options;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    Paragraph,
    ListItem,
    TableRow,
    Code,
    Footnote,
}

/// One block: a paragraph or list item has one cell, a table row one per column.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    pub cells: Vec<String>,
}

impl Block {
    pub fn text(&self) -> String {
        self.cells.join(" | ")
    }
}

/// A section's identity and its own blocks (not those of its subsections).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionText {
    /// Empty for the text before the first heading.
    pub id: String,
    pub number: Option<String>,
    pub title: String,
    pub level: u8,
    pub blocks: Vec<Block>,
}

/// Splits `v` into sections of blocks as `audience` sees it.
pub fn sections_of(v: &Version, audience: Audience) -> Vec<SectionText> {
    let prepared = body::prepare_owned(
        v.body.unpack(),
        v.body_line,
        &v.scan,
        audience,
        "",
        &mut |_| String::new(),
    );
    let mut visible = v
        .sections
        .iter()
        .filter(|s| audience == Audience::Internal || !s.internal);
    let mut out = vec![SectionText {
        id: String::new(),
        number: None,
        title: String::new(),
        level: 0,
        blocks: Vec::new(),
    }];
    // Open blocks, innermost last; text goes to the innermost.
    let mut stack: Vec<Block> = Vec::new();
    let mut in_heading = false;
    let mut link_fill: Option<(String, usize)> = None;
    // Footnotes are numbered as the document page numbers them: in the order their reference
    // or definition first appears.
    let mut footnotes: HashMap<String, usize> = HashMap::new();
    let mut footnote_number = |label: &str| {
        let next = footnotes.len() + 1;
        *footnotes.entry(label.to_string()).or_insert(next)
    };
    let push_text = |stack: &mut Vec<Block>, t: &str| {
        if stack.is_empty() {
            // Text after a nested list, still inside the outer item: keep it as its own block.
            stack.push(block(BlockKind::Paragraph));
        }
        let b = stack.last_mut().expect("a block is open");
        if b.cells.is_empty() {
            b.cells.push(String::new());
        }
        b.cells.last_mut().unwrap().push_str(t);
    };
    let finish = |stack: &mut Vec<Block>, out: &mut Vec<SectionText>| {
        if let Some(mut b) = stack.pop() {
            for c in &mut b.cells {
                *c = normalize(c);
            }
            if b.cells.iter().any(|c| !c.is_empty()) {
                out.last_mut().unwrap().blocks.push(b);
            }
        }
    };
    for event in Parser::new_ext(&prepared.text, markdown_options()) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                while !stack.is_empty() {
                    finish(&mut stack, &mut out);
                }
                if let Some(s) = visible.next() {
                    out.push(SectionText {
                        id: s.id.clone(),
                        number: s.number.clone(),
                        title: s.title.clone(),
                        level: s.level,
                        blocks: Vec::new(),
                    });
                }
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            _ if in_heading => {}
            Event::Start(Tag::Paragraph) if stack.is_empty() => {
                stack.push(block(BlockKind::Paragraph))
            }
            Event::Start(Tag::Item) => {
                // A nested item ends the text of its parent item: items stay in reading order.
                if stack.last().is_some_and(|b| b.kind == BlockKind::ListItem) {
                    finish(&mut stack, &mut out);
                }
                stack.push(block(BlockKind::ListItem))
            }
            Event::Start(Tag::CodeBlock(_)) => stack.push(block(BlockKind::Code)),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                stack.push(block(BlockKind::Footnote));
                let n = footnote_number(&label);
                push_text(&mut stack, &format!("{} ", superscript(n)));
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => stack.push(Block {
                kind: BlockKind::TableRow,
                cells: Vec::new(),
            }),
            Event::Start(Tag::TableCell) => {
                if let Some(b) = stack.last_mut() {
                    b.cells.push(String::new());
                }
            }
            Event::End(TagEnd::Paragraph)
                if stack.len() == 1 && stack[0].kind == BlockKind::Paragraph =>
            {
                finish(&mut stack, &mut out)
            }
            Event::End(TagEnd::Paragraph) => push_text(&mut stack, " "),
            Event::End(TagEnd::Item)
            | Event::End(TagEnd::CodeBlock)
            | Event::End(TagEnd::FootnoteDefinition)
            | Event::End(TagEnd::TableHead)
            | Event::End(TagEnd::TableRow) => finish(&mut stack, &mut out),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let len = stack
                    .last()
                    .and_then(|b| b.cells.last())
                    .map_or(0, String::len);
                let external = v
                    .external
                    .get(dest_url.as_ref())
                    .and_then(|e| e.title.clone());
                link_fill = v
                    .resolved
                    .get(dest_url.as_ref())
                    .map(|r| r.auto_text.clone())
                    .or(external)
                    .map(|text| (text, len));
            }
            Event::End(TagEnd::Link) => {
                if let Some((text, len)) = link_fill.take() {
                    let now = stack
                        .last()
                        .and_then(|b| b.cells.last())
                        .map_or(0, String::len);
                    if now == len {
                        push_text(&mut stack, &text);
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => push_text(&mut stack, &t),
            Event::FootnoteReference(label) => {
                let n = footnote_number(&label);
                push_text(&mut stack, &superscript(n));
            }
            Event::SoftBreak | Event::HardBreak => push_text(&mut stack, " "),
            _ => {}
        }
    }
    while !stack.is_empty() {
        finish(&mut stack, &mut out);
    }
    if out[0].blocks.is_empty() {
        out.remove(0);
    }
    out
}

fn block(kind: BlockKind) -> Block {
    Block {
        kind,
        cells: Vec::new(),
    }
}

/// A footnote number as the reader sees it: `12` → `¹²`.
pub fn superscript(n: usize) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string()
        .chars()
        .map(|c| DIGITS[c.to_digit(10).unwrap_or(0) as usize])
        .collect()
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::superscript;

    #[test]
    fn footnote_numbers_read_as_superscript() {
        assert_eq!(superscript(1), "¹");
        assert_eq!(superscript(10), "¹⁰");
        assert_eq!(superscript(42), "⁴²");
    }
}
