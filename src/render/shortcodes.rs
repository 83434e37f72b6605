//! Shortcodes: tables and lists computed from `data/`, placed in a document by a line like
//! `{{< allocation id="nedre-dalarna-2026" >}}`. The figures come from
//! [`crate::resolve::figures`], never typed twice.

use std::fmt::Write;

use super::cells::{self, Notes};
use crate::content::body::Shortcode;
use crate::content::data::{Employer, Holder};
use crate::content::frontmatter::Audience;
use crate::resolve::figures::AllocationCells;
use crate::resolve::{Site, Version};
use crate::text::format::{group_thousands, percent, percent_hundredths};
use crate::text::html::esc;

/// What a data table needs: the site, the theme's strings, the way to the site root, and
/// who reads the page. The site's lookup pages use the same tables as the documents.
pub struct DataCtx<'a> {
    pub site: &'a Site,
    pub strings: &'a crate::text::format::Strings,
    pub root: &'a str,
    pub audience: Audience,
}

/// What a shortcode needs to know about the page it stands on.
pub struct Ctx<'a> {
    pub site: &'a Site,
    /// The document and version index of the page.
    pub doc: usize,
    pub version_idx: usize,
    pub version: &'a Version,
    pub strings: &'a crate::text::format::Strings,
    /// Relative path from the page to the site root ("../../").
    pub root: &'a str,
    pub audience: Audience,
}

impl<'a> Ctx<'a> {
    pub fn data(&self) -> DataCtx<'a> {
        DataCtx {
            site: self.site,
            strings: self.strings,
            root: self.root,
            audience: self.audience,
        }
    }
}

/// The HTML a (validated) shortcode stands for.
pub fn expand(ctx: &Ctx, sc: &Shortcode) -> String {
    let data = ctx.data();
    let id = sc.args.get("id").map(String::as_str).unwrap_or("");
    let mut out = String::new();
    match sc.name.as_str() {
        "budget" => budget(&data, id, &mut out),
        "allocation" => allocation(&data, id, &mut out),
        "staffing" => staffing(&data, id, &mut out),
        "responsibilities" => responsibilities(
            &data,
            &ctx.site.documents[ctx.doc].id,
            sc.args.get("holder").and_then(|h| Holder::parse(h)),
            sc.args.get("section").map(String::as_str),
            &mut out,
        ),
        "abbreviations" => abbreviations(&data, &mut out),
        "activities" => activities(&data, &mut out),
        "parties" => parties(ctx, &mut out),
        "signature-block" => signature_block(ctx, &mut out),
        _ => {}
    }
    out
}

fn th_col(out: &mut String, label: &str) {
    write!(out, "<th scope=\"col\">{}</th>", esc(label)).unwrap();
}

fn kr(n: i64) -> String {
    group_thousands(n)
}

pub fn budget(ctx: &DataCtx, id: &str, out: &mut String) {
    let t = ctx.strings;
    let Some(b) = ctx
        .site
        .data
        .budgets
        .budgets
        .iter()
        .find(|b| b.id.value == id)
    else {
        return;
    };
    let Some(f) = ctx.site.figures.budgets.get(id) else {
        return;
    };
    let mut notes = Notes::default();
    let has_extent = b.lines.iter().any(|l| l.extent.is_some());
    let has_split = b.lines.iter().any(|l| l.split.is_some());
    let has_comment = b.lines.iter().any(|l| l.comment.is_some());
    write!(
        out,
        "<table class=\"data budget\" tabindex=\"0\"><caption>{}</caption><thead><tr>",
        esc(&b.title)
    )
    .unwrap();
    th_col(out, t.get("col_item"));
    if has_extent {
        th_col(out, t.get("col_extent"));
    }
    out.push_str(&cells::th(t.get("col_amount_kr"), false, t));
    if has_split {
        th_col(out, t.get("col_split"));
        // The per-principal column is styrdok's unless the document prints a share.
        let printed = b.lines.iter().any(|l| l.share.is_some());
        out.push_str(&cells::th(t.get("col_share_kr"), !printed, t));
    }
    if has_comment {
        th_col(out, t.get("col_comment"));
    }
    out.push_str("</tr></thead><tbody>");
    let cols = 2 + usize::from(has_extent) + 2 * usize::from(has_split) + usize::from(has_comment);
    let blank = |out: &mut String, n: usize| {
        for _ in 0..n {
            out.push_str("<td></td>");
        }
    };
    let mut current_group: Option<&str> = None;
    let close_group = |out: &mut String, notes: &mut Notes, group: Option<&str>| {
        let Some(g) = group else { return };
        let Some((_, cell)) = f.groups.iter().find(|(n, _)| n == g) else {
            return;
        };
        write!(
            out,
            "<tr class=\"subtotal\"><th scope=\"row\">{} {}</th>",
            esc(t.get("subtotal")),
            esc(g)
        )
        .unwrap();
        blank(out, usize::from(has_extent));
        out.push_str(&cells::td(cell, kr, t, notes));
        blank(out, cols - 2 - usize::from(has_extent));
        out.push_str("</tr>");
    };
    for (i, line) in b.lines.iter().enumerate() {
        if line.group.as_deref() != current_group {
            close_group(out, &mut notes, current_group);
            current_group = line.group.as_deref();
            if let Some(g) = current_group {
                write!(
                    out,
                    "<tr class=\"group\"><th scope=\"rowgroup\" colspan=\"{cols}\">{}</th></tr>",
                    esc(g)
                )
                .unwrap();
            }
        }
        write!(out, "<tr><th scope=\"row\">{}</th>", esc(&line.label)).unwrap();
        if has_extent {
            write!(
                out,
                "<td>{}</td>",
                esc(line.extent.as_deref().unwrap_or(""))
            )
            .unwrap();
        }
        out.push_str(&cells::td(&f.amounts[i], kr, t, &mut notes));
        if has_split {
            write!(
                out,
                "<td>{}</td>",
                esc(line.split.as_ref().map(|s| s.value.as_str()).unwrap_or(""))
            )
            .unwrap();
            match &f.shares[i] {
                Some(cell) => out.push_str(&cells::td(cell, kr, t, &mut notes)),
                None => blank(out, 1),
            }
        }
        if has_comment {
            write!(
                out,
                "<td>{}</td>",
                esc(line.comment.as_deref().unwrap_or(""))
            )
            .unwrap();
        }
        out.push_str("</tr>");
    }
    close_group(out, &mut notes, current_group);
    out.push_str("</tbody><tfoot><tr class=\"total\">");
    write!(out, "<th scope=\"row\">{}</th>", esc(t.get("total"))).unwrap();
    blank(out, usize::from(has_extent));
    out.push_str(&cells::td(&f.total, kr, t, &mut notes));
    if has_split {
        blank(out, 1);
        match &f.share_total {
            Some(cell) => out.push_str(&cells::td(cell, kr, t, &mut notes)),
            None => blank(out, 1),
        }
    }
    blank(out, usize::from(has_comment));
    out.push_str("</tr></tfoot></table>");
    notes.write(t, out);
}

pub fn allocation(ctx: &DataCtx, id: &str, out: &mut String) {
    let t = ctx.strings;
    let Some(a) = ctx
        .site
        .data
        .allocations
        .allocations
        .iter()
        .find(|a| a.id.value == id)
    else {
        return;
    };
    let Some(f) = ctx.site.figures.allocations.get(id) else {
        return;
    };
    let mut notes = Notes::default();
    let date = crate::content::date::Date::parse(&a.population_date.value)
        .map(|d| t.date(d))
        .unwrap_or_else(|| a.population_date.value.clone());
    let all = |pick: fn(&AllocationCells) -> bool| f.cells.iter().all(pick);
    write!(
        out,
        "<table class=\"data allocation\" tabindex=\"0\"><caption>{}</caption><thead><tr>",
        esc(&a.title)
    )
    .unwrap();
    th_col(out, t.get("col_party"));
    out.push_str(&cells::th(
        &format!("{} {}", t.get("col_population"), date),
        all(|c| c.population.method().is_some()),
        t,
    ));
    out.push_str(&cells::th(
        t.get("col_share"),
        all(|c| c.share.method().is_some()),
        t,
    ));
    out.push_str(&cells::th(
        t.get("col_cost_kr"),
        all(|c| c.cost.method().is_some()),
        t,
    ));
    out.push_str("</tr></thead><tbody>");
    for row in &f.cells {
        let name = ctx
            .site
            .party(&row.party)
            .map(|p| p.name.as_str())
            .unwrap_or(&row.party);
        write!(
            out,
            "<tr><th scope=\"row\"><a href=\"{}parter/{}/\">{}</a></th>",
            ctx.root,
            esc(&row.party),
            esc(name),
        )
        .unwrap();
        out.push_str(&cells::td(
            &row.population,
            |p| group_thousands(p as i64),
            t,
            &mut notes,
        ));
        out.push_str(&cells::td(&row.share, percent_hundredths, t, &mut notes));
        out.push_str(&cells::td(&row.cost, kr, t, &mut notes));
        out.push_str("</tr>");
    }
    write!(
        out,
        "</tbody><tfoot><tr class=\"total\"><th scope=\"row\">{}</th>",
        esc(t.get("total"))
    )
    .unwrap();
    out.push_str(&cells::td(
        &f.total_population_cell,
        |p| group_thousands(p as i64),
        t,
        &mut notes,
    ));
    out.push_str(&cells::td(
        &f.total_share_cell,
        percent_hundredths,
        t,
        &mut notes,
    ));
    out.push_str(&cells::td(&f.total_cost_cell, kr, t, &mut notes));
    out.push_str("</tr></tfoot></table>");
    notes.write(t, out);
}

pub fn staffing(ctx: &DataCtx, id: &str, out: &mut String) {
    let t = ctx.strings;
    let Some(s) = ctx
        .site
        .data
        .staffing
        .staffing
        .iter()
        .find(|s| s.id.value == id)
    else {
        return;
    };
    let Some(f) = ctx.site.figures.staffing.get(id) else {
        return;
    };
    let mut notes = Notes::default();
    let has_comment = s.rows.iter().any(|r| r.comment.is_some());
    write!(
        out,
        "<table class=\"data staffing\" tabindex=\"0\"><caption>{}</caption><thead><tr>",
        esc(&s.title)
    )
    .unwrap();
    th_col(out, t.get("col_role"));
    th_col(out, t.get("col_employer"));
    out.push_str(&cells::th(t.get("col_extent"), false, t));
    if has_comment {
        th_col(out, t.get("col_comment"));
    }
    out.push_str("</tr></thead><tbody>");
    for (r, extent) in s.rows.iter().zip(&f.extents) {
        let employer = match r.employer {
            Some(Employer::Region) => t.get("employer_region"),
            Some(Employer::Kommun) => t.get("employer_kommun"),
            None => "",
        };
        write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td>",
            esc(&r.role),
            esc(employer),
        )
        .unwrap();
        out.push_str(&cells::td(extent, percent, t, &mut notes));
        if has_comment {
            write!(out, "<td>{}</td>", esc(r.comment.as_deref().unwrap_or(""))).unwrap();
        }
        out.push_str("</tr>");
    }
    write!(
        out,
        "</tbody><tfoot><tr class=\"total\"><th scope=\"row\">{}</th><td></td>",
        esc(t.get("total"))
    )
    .unwrap();
    out.push_str(&cells::td(&f.total, percent, t, &mut notes));
    if has_comment {
        out.push_str("<td></td>");
    }
    out.push_str("</tr></tfoot></table>");
    notes.write(t, out);
}

/// The responsibilities a document lists from `data/ansvar.yaml`: those whose source is this
/// document (or, with `section`, that section of it) or that have no source, of one holder or
/// all, except those whose sentence already stands in the text (`in_text`).
pub fn responsibilities(
    ctx: &DataCtx,
    doc_id: &str,
    holder: Option<Holder>,
    section: Option<&str>,
    out: &mut String,
) {
    let from_here = |src: Option<&str>| -> bool {
        let Some(src) = src else {
            return section.is_none();
        };
        let Some(t) = crate::resolve::refs::parse(src) else {
            return false;
        };
        t.doc.as_deref() == Some(doc_id) && section.is_none_or(|s| t.section.as_deref() == Some(s))
    };
    let items: Vec<_> = ctx
        .site
        .data
        .responsibilities
        .responsibilities
        .iter()
        .filter(|r| {
            !r.in_text
                && holder.is_none_or(|h| r.holder == h)
                && from_here(r.source.as_ref().map(|s| s.value.as_str()))
        })
        .collect();
    out.push_str("<ul class=\"responsibilities\">");
    for r in items {
        write!(out, "<li>{}</li>", esc(&r.text)).unwrap();
    }
    out.push_str("</ul>");
}

pub fn abbreviations(ctx: &DataCtx, out: &mut String) {
    out.push_str("<dl class=\"abbreviations\">");
    for a in &ctx.site.data.abbreviations.abbreviations {
        write!(
            out,
            "<dt><abbr title=\"{}\">{}</abbr></dt><dd>{}</dd>",
            esc(&a.expansion),
            esc(&a.abbr),
            esc(&a.expansion)
        )
        .unwrap();
    }
    out.push_str("</dl>");
}

pub fn activities(ctx: &DataCtx, out: &mut String) {
    let t = ctx.strings;
    let list = &ctx.site.data.activities.activities;
    let has_comment = list.iter().any(|a| a.comment.is_some());
    write!(
        out,
        "<table class=\"data activities\" tabindex=\"0\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>",
        esc(t.get("col_step")),
        esc(t.get("col_activity")),
        esc(t.get("col_owner")),
        esc(t.get("col_due"))
    )
    .unwrap();
    if has_comment {
        write!(out, "<th scope=\"col\">{}</th>", esc(t.get("col_comment"))).unwrap();
    }
    out.push_str("</tr></thead><tbody>");
    for a in list {
        write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
            a.step.map(|s| s.to_string()).unwrap_or_default(),
            esc(&a.activity),
            esc(match ctx.audience {
                Audience::Public if a.owner_public.is_some() =>
                    a.owner_public.as_deref().unwrap_or(""),
                _ => a.owner.as_deref().unwrap_or(""),
            }),
            esc(a.due.as_ref().map_or("", |d| d.value.as_str()))
        )
        .unwrap();
        if has_comment {
            write!(out, "<td>{}</td>", esc(a.comment.as_deref().unwrap_or(""))).unwrap();
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
}

/// Date, name and title lines for every party, filled in where a signature is registered.
fn signature_block(ctx: &Ctx, out: &mut String) {
    let t = ctx.strings;
    let status =
        crate::agreements::tracker::status(ctx.site, ctx.doc, ctx.version_idx, ctx.audience);
    write!(
        out,
        "<div class=\"signature-block\" role=\"group\" aria-label=\"{}\">",
        esc(t.get("signature_block"))
    )
    .unwrap();
    for p in &status.parties {
        let Some(party) = ctx.site.party(&p.party) else {
            continue;
        };
        let sig = p.signature.as_ref();
        let date = sig
            .and_then(|s| crate::content::date::Date::parse(&s.date.value))
            .map(|d| t.date(d));
        let line = |v: Option<String>| match v {
            Some(v) => esc(&v),
            None => "<span class=\"line\"></span>".to_string(),
        };
        if sig.is_some() {
            write!(
                out,
                "<div class=\"signer signed\"><p><strong>{}</strong></p><p>{} {}</p><p>{} {}</p><p>{} {}</p></div>",
                esc(&party.name),
                esc(t.get("sign_date")),
                line(date),
                esc(t.get("sign_name")),
                line(sig.map(|s| s.name.clone())),
                esc(t.get("sign_title")),
                line(sig.map(|s| s.title.clone())),
            )
            .unwrap();
        } else {
            // Not signed: the lines a signatory fills in on paper.
            let blank = line(None);
            write!(
                out,
                "<div class=\"signer\"><p><strong>{}</strong></p><p>{} {blank}</p><p class=\"sign-here\">{} {blank}</p><p>{} {blank}</p><p>{} {blank}</p></div>",
                esc(&party.name),
                esc(t.get("sign_place_date")),
                esc(t.get("sign_signature")),
                esc(t.get("sign_name_clarification")),
                esc(t.get("sign_title")),
            )
            .unwrap();
        }
    }
    out.push_str("</div>");
}

fn parties(ctx: &Ctx, out: &mut String) {
    let t = ctx.strings;
    write!(
        out,
        "<table class=\"data parties\" tabindex=\"0\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        esc(t.get("col_party")),
        esc(t.get("org_number"))
    )
    .unwrap();
    for p in &ctx.version.fm.parties {
        let Some(party) = ctx.site.party(&p.value) else {
            continue;
        };
        let org = party
            .org_number
            .as_ref()
            .map(|o| o.value.as_str())
            .unwrap_or(t.get("unknown"));
        write!(
            out,
            "<tr><th scope=\"row\"><a href=\"{}parter/{}/\">{}</a></th><td>{}</td></tr>",
            ctx.root,
            esc(&p.value),
            esc(&party.name),
            esc(org)
        )
        .unwrap();
    }
    out.push_str("</tbody></table>");
    let _ = ctx.audience;
}
