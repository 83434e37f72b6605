//! References to documents that are not on the site: the marked link in the text, and the
//! note below the text that says what is known of each (title, issuer, date, diarienummer,
//! parties, where the documents name it) and that its text is not on the site.

use std::fmt::Write;

use super::shortcodes::Ctx;
use crate::content::data::ExternalDocument;
use crate::content::date::Date;
use crate::content::frontmatter::Audience;
use crate::text::format::Strings;
use crate::text::html::esc;

/// The anchor of an entry's note on the page. The `_` keeps it apart from section ids, which
/// are slugs of letters, digits and hyphens.
pub fn anchor(e: &ExternalDocument) -> String {
    format!("extern_{}", e.id.value)
}

/// The id of the heading of the notes below the text.
pub const NOTES_ID: &str = "externa_dokument";

/// The opening `<a>` of a reference: to the note, titled as a document not on the site.
pub fn link_open(e: &ExternalDocument, t: &Strings) -> String {
    let what = t.get("external_document");
    let title = match &e.title {
        Some(title) => format!("{title} ({what})"),
        None => what.to_string(),
    };
    format!(
        "<a class=\"external-ref\" href=\"#{}\" title=\"{}\">",
        esc(&anchor(e)),
        esc(&title)
    )
}

/// The notes on the documents `used` (indices into the site's external documents), or "".
pub fn notes(ctx: &Ctx, used: &[usize]) -> String {
    if used.is_empty() {
        return String::new();
    }
    let t = ctx.strings;
    let site = ctx.site;
    let mut out = String::new();
    write!(
        out,
        "<aside class=\"external-docs\" aria-labelledby=\"{NOTES_ID}\"><h2 id=\"{NOTES_ID}\">{}</h2><dl>",
        esc(t.get("external_documents"))
    )
    .unwrap();
    for &i in used {
        let e = &site.data.external_documents.documents[i];
        let title = e.title.as_deref().unwrap_or(t.get("external_untitled"));
        write!(out, "<dt id=\"{}\">{}</dt>", esc(&anchor(e)), esc(title)).unwrap();
        let mut facts: Vec<(String, String)> = Vec::new();
        if let Some(issuer) = &e.issuer {
            facts.push((t.get("external_issuer").into(), esc(issuer)));
        }
        if let Some(d) = e.date.as_ref().and_then(|d| Date::parse(&d.value)) {
            facts.push((t.get("date").into(), esc(&t.date(d))));
        }
        if let Some(dnr) = &e.diarienummer {
            facts.push((t.get("diarienummer").into(), esc(dnr)));
        }
        let parties: Vec<String> = e
            .parties
            .iter()
            .filter_map(|p| site.party(&p.value))
            .map(|p| esc(&p.name))
            .collect();
        if !parties.is_empty() {
            facts.push((t.get("parties_to").into(), parties.join(", ")));
        }
        let named_in: Vec<String> = e
            .named_in
            .iter()
            .filter_map(|r| site.resolve_ref(&r.value))
            .filter(|r| ctx.audience == Audience::Internal || !r.internal)
            .map(|r| {
                format!(
                    "<a href=\"{}{}\">{}</a>",
                    esc(ctx.root),
                    esc(&r.href),
                    esc(&r.auto_text)
                )
            })
            .collect();
        if !named_in.is_empty() {
            facts.push((t.get("external_named_in").into(), named_in.join(", ")));
        }
        if let Some(note) = &e.note {
            facts.push((t.get("external_note").into(), esc(note)));
        }
        out.push_str("<dd>");
        if facts.is_empty() {
            write!(out, "<p>{}</p>", esc(t.get("external_nothing_known"))).unwrap();
        }
        for (label, value) in facts {
            write!(out, "<p>{}: {value}</p>", esc(&label)).unwrap();
        }
        out.push_str("</dd>");
    }
    out.push_str("</dl></aside>");
    out
}
