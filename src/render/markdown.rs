//! Markdown → HTML for one version and one audience: internal passages kept or dropped,
//! shortcodes expanded, headings numbered with anchors, cross-references rewritten to URLs
//! with empty link texts filled in, and the result sanitized ([`crate::text::sanitize`]).

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd, html};

use super::shortcodes::{self, Ctx};
use crate::content::body;
use crate::content::data::Abbreviation;
use crate::content::frontmatter::Audience;
use crate::resolve::sections::{Section, markdown_options};
use crate::text::html::esc;

/// An entry of a page's table of contents.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TocEntry {
    pub id: String,
    pub number: Option<String>,
    pub title: String,
    pub level: u8,
}

#[derive(Clone)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
}

/// Renders the body of `ctx.version` as `ctx.audience` sees it.
pub fn render(ctx: &Ctx) -> Rendered {
    let v = ctx.version;
    let t = ctx.strings;
    let internal_open = format!(
        "<div class=\"intern\" role=\"note\"><p class=\"intern-label\">{}</p>",
        esc(t.get("internal_passage"))
    );
    let prepared = body::prepare_owned(
        v.body.unpack(),
        v.body_line,
        &v.scan,
        ctx.audience,
        &internal_open,
        &mut |sc| shortcodes::expand(ctx, sc),
    );
    let visible: Vec<&Section> = v
        .sections
        .iter()
        .filter(|s| ctx.audience == Audience::Internal || !s.internal)
        .collect();
    let toc = visible
        .iter()
        .filter(|s| s.level >= 2)
        .map(|s| TocEntry {
            id: s.id.clone(),
            number: s.number.clone(),
            title: s.title.clone(),
            level: s.level,
        })
        .collect();

    let mut events: Vec<Event> = Vec::with_capacity(prepared.text.len() / 16);
    let mut heading_idx = 0;
    let mut heading_buf: Option<(u8, Vec<Event>)> = None;
    let mut fill_link: Option<String> = None;
    let mut suppress_link_depth = 0usize;
    // Documents not on the site that the text refers to, in order of first reference.
    let mut external_used: Vec<usize> = Vec::new();
    let mut external_open = false;
    let abbreviations = &ctx.site.data.abbreviations.abbreviations;
    let mut abbr_used: HashSet<usize> = HashSet::new();
    let (mut link_depth, mut in_code) = (0usize, false);
    let mut tables = 0usize;
    let mut raw_html = false;
    let parser = Parser::new_ext(&prepared.text, markdown_options());
    for event in parser {
        raw_html |= crate::text::sanitize::needs_sanitizing(&event);
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading_buf = Some((level as u8, Vec::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, inner)) = heading_buf.take() else {
                    continue;
                };
                let section = visible.get(heading_idx);
                heading_idx += 1;
                // The heading's own events stay in the main stream, so footnote references in
                // a heading are numbered with the rest of the document.
                let (open, close) = match section {
                    Some(s) => {
                        let number = s
                            .number
                            .as_ref()
                            .map(|n| format!("<span class=\"secnum\">{n}</span> "))
                            .unwrap_or_default();
                        // The link to the section stands beside the heading, not in it, so
                        // the heading's accessible name is its own text alone.
                        (
                            format!(
                                "<div class=\"heading\"><h{level} id=\"{}\">{number}",
                                esc(&s.id)
                            ),
                            format!(
                                "</h{level}><a class=\"anchor\" href=\"#{id}\" aria-label=\"{label}: {title}\">#</a></div>\n",
                                id = esc(&s.id),
                                label = esc(t.get("anchor_label")),
                                title = esc(&section_label(s)),
                            ),
                        )
                    }
                    None => (format!("<h{level}>"), format!("</h{level}>\n")),
                };
                events.push(Event::Html(CowStr::from(open)));
                events.extend(inner);
                events.push(Event::Html(CowStr::from(close)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                link_depth += 1;
                // A document that is not on the site: the text's own words, marked, pointing
                // at the note on it below the text.
                if let Some(ei) = v.external.get(dest_url.as_ref()).map(|r| r.index) {
                    let e = &ctx.site.data.external_documents.documents[ei];
                    // Never on the public site, even if a check was bypassed: the words only.
                    if ctx.audience == Audience::Public && e.audience == Audience::Internal {
                        suppress_link_depth += 1;
                        continue;
                    }
                    if !external_used.contains(&ei) {
                        external_used.push(ei);
                    }
                    fill_link = e.title.clone();
                    external_open = true;
                    push(
                        &mut events,
                        &mut heading_buf,
                        Event::InlineHtml(CowStr::from(super::external::link_open(e, t))),
                    );
                    continue;
                }
                let rewritten = v.resolved.get(dest_url.as_ref()).map(|r| {
                    // A `#section` link stays on the page, whichever URL the page has.
                    let href = if dest_url.starts_with('#') {
                        r.href[r.href.find('#').unwrap_or(0)..].to_string()
                    } else {
                        format!("{}{}", ctx.root, r.href)
                    };
                    (href, r)
                });
                match rewritten {
                    // Never link the public to internal content, even by accident.
                    Some((_, r)) if ctx.audience == Audience::Public && r.internal => {
                        suppress_link_depth += 1;
                        fill_link = Some(r.auto_text.clone());
                    }
                    Some((href, r)) => {
                        fill_link = Some(r.auto_text.clone());
                        push(
                            &mut events,
                            &mut heading_buf,
                            Event::Start(Tag::Link {
                                link_type,
                                dest_url: CowStr::from(href),
                                title,
                                id,
                            }),
                        );
                    }
                    None => push(
                        &mut events,
                        &mut heading_buf,
                        Event::Start(Tag::Link {
                            link_type,
                            dest_url: from_root(dest_url, ctx.root),
                            title,
                            id,
                        }),
                    ),
                }
            }
            Event::End(TagEnd::Link) => {
                link_depth = link_depth.saturating_sub(1);
                if let Some(text) = fill_link.take() {
                    push(
                        &mut events,
                        &mut heading_buf,
                        Event::Text(CowStr::from(text)),
                    );
                }
                if external_open {
                    external_open = false;
                    push(
                        &mut events,
                        &mut heading_buf,
                        Event::InlineHtml(CowStr::from("</a>")),
                    );
                } else if suppress_link_depth > 0 {
                    suppress_link_depth -= 1;
                } else {
                    push(&mut events, &mut heading_buf, Event::End(TagEnd::Link));
                }
            }
            Event::Text(text)
                if heading_buf.is_none() && fill_link.is_none() && link_depth == 0 && !in_code =>
            {
                match abbreviate(&text, abbreviations, &mut abbr_used) {
                    Some(parts) => events.extend(parts),
                    None => events.push(Event::Text(text)),
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => push(
                &mut events,
                &mut heading_buf,
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: from_root(dest_url, ctx.root),
                    title,
                    id,
                }),
            ),
            // A wide table scrolls sideways in a region keyboard users can reach.
            Event::Start(Tag::Table(alignments)) => {
                tables += 1;
                events.push(Event::Html(CowStr::from(table_scroll_open(t, tables))));
                events.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html(CowStr::from("</div>\n")));
            }
            other => {
                match &other {
                    Event::Start(Tag::CodeBlock(_)) => in_code = true,
                    Event::End(TagEnd::CodeBlock) => in_code = false,
                    _ => {}
                }
                // Any content inside a link means its text was written: do not fill it.
                if !matches!(other, Event::Start(_) | Event::End(_)) {
                    fill_link = None;
                }
                push(&mut events, &mut heading_buf, other);
            }
        }
    }
    let mut out = String::with_capacity(prepared.text.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    let mut out = empty_headers_as_cells(out);
    if raw_html && !ctx.site.config.unsafe_html {
        out = crate::text::sanitize::clean(&out);
    }
    out.push_str(&super::external::notes(ctx, &external_used));
    Rendered { html: out, toc }
}

/// A root link (`/parter/`) leads to the site's root wherever the site is published: it is
/// written relative to the page (`root` is the way back to the root, "../../").
fn from_root<'a>(dest: CowStr<'a>, root: &str) -> CowStr<'a> {
    match dest.strip_prefix('/') {
        Some(rest) if !rest.starts_with('/') => {
            let href = format!("{root}{rest}");
            CowStr::from(if href.is_empty() { "./".into() } else { href })
        }
        _ => dest,
    }
}

/// A table header cell with no text names nothing (axe: empty-table-header): write it as a
/// plain cell. The markdown writer emits `<th>` or `<th style="text-align: …">`.
/// What a section's link is named after: its number and title ("3.1 Finansiering").
fn section_label(s: &Section) -> String {
    match &s.number {
        Some(n) => format!("{n} {}", s.title),
        None => s.title.clone(),
    }
}

fn empty_headers_as_cells(html: String) -> String {
    if !html.contains("></th>") {
        return html;
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(i) = rest.find("<th") {
        out.push_str(&rest[..i]);
        let tag = &rest[i..];
        let Some(end) = tag.find('>') else { break };
        let (open, after) = tag.split_at(end + 1);
        if (open == "<th>" || open.starts_with("<th ")) && after.starts_with("</th>") {
            out.push_str("<td");
            out.push_str(&open[3..]);
            out.push_str("</td>");
            rest = &after[5..];
        } else {
            out.push_str(open);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The opening of the region the `n`th table of a body scrolls in: focusable, so a keyboard
/// can scroll it, and named uniquely on the page ("Tabell 2").
pub fn table_scroll_open(t: &crate::text::format::Strings, n: usize) -> String {
    format!(
        "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{} {n}\">",
        esc(t.get("table_scroll_label"))
    )
}

/// Marks the first use in a document of each known abbreviation with `<abbr title>`; returns
/// `None` when the text holds no abbreviation not yet marked.
fn abbreviate<'a>(
    text: &str,
    abbrs: &[Abbreviation],
    used: &mut HashSet<usize>,
) -> Option<Vec<Event<'a>>> {
    let mut hits: Vec<(usize, usize)> = Vec::new(); // (byte offset, abbreviation index)
    for (i, a) in abbrs.iter().enumerate() {
        if used.contains(&i) || a.abbr.is_empty() {
            continue;
        }
        let found = text.match_indices(a.abbr.as_str()).find(|&(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + a.abbr.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        });
        if let Some((at, _)) = found {
            hits.push((at, i));
        }
    }
    if hits.is_empty() {
        return None;
    }
    hits.sort();
    let mut out = Vec::new();
    let mut pos = 0;
    for (at, i) in hits {
        if at < pos {
            continue; // overlaps an abbreviation already marked in this text
        }
        used.insert(i);
        let a = &abbrs[i];
        out.push(Event::Text(CowStr::from(text[pos..at].to_string())));
        out.push(Event::Html(CowStr::from(format!(
            "<abbr title=\"{}\">{}</abbr>",
            esc(&a.expansion),
            esc(&a.abbr)
        ))));
        pos = at + a.abbr.len();
    }
    out.push(Event::Text(CowStr::from(text[pos..].to_string())));
    Some(out)
}

fn push<'a>(events: &mut Vec<Event<'a>>, heading: &mut Option<(u8, Vec<Event<'a>>)>, e: Event<'a>) {
    match heading {
        Some((_, buf)) => buf.push(e),
        None => events.push(e),
    }
}
