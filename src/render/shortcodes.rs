//! Shortcodes: tables and lists computed from `data/`, placed in a document by a line like
//! `{{< allocation id="nedre-dalarna-2026" >}}`. The figures come from
//! [`crate::resolve::figures`], never typed twice.

use std::fmt::Write;

use super::format::{group_thousands, percent, percent_hundredths};
use super::html::esc;
use crate::content::body::Shortcode;
use crate::content::data::{Employer, Holder};
use crate::content::frontmatter::Audience;
use crate::resolve::{Site, Version};

/// What a data table needs: the site, the theme's strings, the way to the site root, and
/// who reads the page. The site's lookup pages use the same tables as the documents.
pub struct DataCtx<'a> {
    pub site: &'a Site,
    pub strings: &'a super::format::Strings,
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
    pub strings: &'a super::format::Strings,
    /// Relative path from the page to the site root ("../../").
    pub root: &'a str,
    pub audience: Audience,
}

const NAMES: &[&str] = &[
    "budget",
    "allocation",
    "staffing",
    "responsibilities",
    "abbreviations",
    "activities",
    "parties",
    "signature-block",
];

/// Checks a call's name and arguments against the site; the error is (message, hint).
pub fn validate(site: &Site, sc: &Shortcode) -> Result<(), (String, String)> {
    let id = sc.args.get("id").map(String::as_str);
    let need_id = |exists: bool, what: &str, file: &str| -> Result<(), (String, String)> {
        match id {
            None => Err((
                format!("shortcode `{}` needs id=\"…\"", sc.name),
                format!("the id of a {what} in {file}"),
            )),
            Some(i) if !exists => Err((
                format!("unknown {what} `{i}` in shortcode `{}`", sc.name),
                format!("{what} ids are in {file}"),
            )),
            Some(_) => Ok(()),
        }
    };
    let allowed: &[&str] = match sc.name.as_str() {
        "budget" => {
            need_id(
                id.is_some_and(|i| site.figures.budgets.contains_key(i)),
                "budget",
                "data/budget.yaml",
            )?;
            &["id"]
        }
        "allocation" => {
            let exists = id.is_some_and(|i| {
                site.data
                    .allocations
                    .allocations
                    .iter()
                    .any(|a| a.id.value == i)
            });
            need_id(exists, "allocation", "data/kostnadsfordelning.yaml")?;
            &["id"]
        }
        "staffing" => {
            let exists =
                id.is_some_and(|i| site.data.staffing.staffing.iter().any(|s| s.id.value == i));
            need_id(exists, "staffing table", "data/bemanning.yaml")?;
            &["id"]
        }
        "responsibilities" => {
            if let Some(h) = sc.args.get("holder")
                && Holder::parse(h).is_none()
            {
                return Err((
                    format!("unknown holder `{h}`"),
                    "holders are region, kommun, shared, host, steering-group, party".into(),
                ));
            }
            &["holder"]
        }
        "abbreviations" | "activities" | "parties" | "signature-block" => &[],
        other => {
            return Err((
                format!("unknown shortcode `{other}`"),
                format!("shortcodes are {}", NAMES.join(", ")),
            ));
        }
    };
    if let Some(k) = sc.args.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err((
            format!("shortcode `{}` takes no argument `{k}`", sc.name),
            format!("it takes: {}", allowed.join(", ")),
        ));
    }
    Ok(())
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
            sc.args.get("holder").and_then(|h| Holder::parse(h)),
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

fn num_cell(out: &mut String, n: Option<i64>) {
    match n {
        Some(n) => write!(out, "<td class=\"num\">{}</td>", group_thousands(n)).unwrap(),
        None => out.push_str("<td></td>"),
    }
}

fn stated_note(ctx: &DataCtx, out: &mut String, stated: Option<i64>, computed: i64) {
    if let Some(s) = stated
        && s != computed
    {
        write!(
            out,
            " <span class=\"stated-differs\">({} {})</span>",
            esc(ctx.strings.get("stated_in_document")),
            group_thousands(s)
        )
        .unwrap();
    }
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
    let has_extent = b.lines.iter().any(|l| l.extent.is_some());
    let has_split = b.lines.iter().any(|l| l.split.is_some());
    let has_comment = b.lines.iter().any(|l| l.comment.is_some());
    write!(
        out,
        "<table class=\"data budget\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th>",
        esc(&b.title),
        esc(t.get("col_item"))
    )
    .unwrap();
    if has_extent {
        write!(out, "<th scope=\"col\">{}</th>", esc(t.get("col_extent"))).unwrap();
    }
    write!(
        out,
        "<th scope=\"col\" class=\"num\">{}</th>",
        esc(t.get("col_amount_kr"))
    )
    .unwrap();
    if has_split {
        write!(
            out,
            "<th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">{}</th>",
            esc(t.get("col_split")),
            esc(t.get("col_share_kr"))
        )
        .unwrap();
    }
    if has_comment {
        write!(out, "<th scope=\"col\">{}</th>", esc(t.get("col_comment"))).unwrap();
    }
    out.push_str("</tr></thead><tbody>");
    let cols = 2 + usize::from(has_extent) + 2 * usize::from(has_split) + usize::from(has_comment);
    let mut current_group: Option<&str> = None;
    let close_group = |out: &mut String, group: Option<&str>| {
        if let Some(g) = group {
            let sum = f
                .groups
                .iter()
                .find(|(n, _)| n == g)
                .map(|(_, s)| *s)
                .unwrap_or(0);
            write!(
                out,
                "<tr class=\"subtotal\"><th scope=\"row\">{} {}</th>",
                esc(t.get("subtotal")),
                esc(g)
            )
            .unwrap();
            if has_extent {
                out.push_str("<td></td>");
            }
            write!(out, "<td class=\"num\">{}", group_thousands(sum)).unwrap();
            stated_note(ctx, out, b.stated.groups.get(g).copied(), sum);
            out.push_str("</td>");
            for _ in 0..cols.saturating_sub(2 + usize::from(has_extent)) {
                out.push_str("<td></td>");
            }
            out.push_str("</tr>");
        }
    };
    for (line, share) in b.lines.iter().zip(&f.shares) {
        if line.group.as_deref() != current_group {
            close_group(out, current_group);
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
        num_cell(out, line.amount);
        if has_split {
            write!(
                out,
                "<td>{}</td>",
                esc(line.split.as_ref().map(|s| s.value.as_str()).unwrap_or(""))
            )
            .unwrap();
            num_cell(out, *share);
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
    close_group(out, current_group);
    out.push_str("</tbody><tfoot><tr class=\"total\">");
    write!(out, "<th scope=\"row\">{}</th>", esc(t.get("total"))).unwrap();
    if has_extent {
        out.push_str("<td></td>");
    }
    write!(out, "<td class=\"num\">{}", group_thousands(f.total)).unwrap();
    stated_note(ctx, out, b.stated.total.as_ref().map(|s| s.value), f.total);
    out.push_str("</td>");
    if has_split {
        write!(
            out,
            "<td></td><td class=\"num\">{}",
            group_thousands(f.share_total)
        )
        .unwrap();
        stated_note(
            ctx,
            out,
            b.stated.share_total.as_ref().map(|s| s.value),
            f.share_total,
        );
        out.push_str("</td>");
    }
    if has_comment {
        out.push_str("<td></td>");
    }
    out.push_str("</tr></tfoot></table>");
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
    let date = crate::content::date::Date::parse(&a.population_date.value)
        .map(|d| t.date(d))
        .unwrap_or_else(|| a.population_date.value.clone());
    write!(
        out,
        "<table class=\"data allocation\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">{} {}</th><th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th></tr></thead><tbody>",
        esc(&a.title),
        esc(t.get("col_party")),
        esc(t.get("col_population")),
        esc(&date),
        esc(t.get("col_share")),
        esc(t.get("col_cost_kr")),
    )
    .unwrap();
    for row in &f.rows {
        let name = ctx
            .site
            .party(&row.party)
            .map(|p| p.name.as_str())
            .unwrap_or(&row.party);
        write!(
            out,
            "<tr><th scope=\"row\"><a href=\"{}parter/{}/\">{}</a></th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            ctx.root,
            esc(&row.party),
            esc(name),
            group_thousands(row.population as i64),
            esc(&percent_hundredths(row.share)),
            group_thousands(row.cost)
        )
        .unwrap();
    }
    write!(
        out,
        "</tbody><tfoot><tr class=\"total\"><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}",
        esc(t.get("total")),
        group_thousands(f.total_population as i64),
        esc(&percent_hundredths(10_000)),
        group_thousands(f.total_cost)
    )
    .unwrap();
    stated_note(
        ctx,
        out,
        a.stated.total_cost.as_ref().map(|s| s.value),
        f.total_cost,
    );
    out.push_str("</td></tr></tfoot></table>");
    write!(
        out,
        "<p class=\"data-note\">{}",
        esc(t.get("allocation_method"))
    )
    .unwrap();
    if let Some(p) = a.uprating_percent {
        write!(
            out,
            " {} {}.",
            esc(t.get("allocation_uprating")),
            esc(&percent(p))
        )
        .unwrap();
    }
    out.push_str("</p>");
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
    let has_comment = s.rows.iter().any(|r| r.comment.is_some());
    write!(
        out,
        "<table class=\"data staffing\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">{}</th>",
        esc(&s.title),
        esc(t.get("col_role")),
        esc(t.get("col_employer")),
        esc(t.get("col_extent"))
    )
    .unwrap();
    if has_comment {
        write!(out, "<th scope=\"col\">{}</th>", esc(t.get("col_comment"))).unwrap();
    }
    out.push_str("</tr></thead><tbody>");
    let mut total = 0.0;
    for r in &s.rows {
        let employer = match r.employer {
            Some(Employer::Region) => t.get("employer_region"),
            Some(Employer::Kommun) => t.get("employer_kommun"),
            None => "",
        };
        total += r.extent.unwrap_or(0.0);
        write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"num\">{}</td>",
            esc(&r.role),
            esc(employer),
            r.extent.map(|e| esc(&percent(e))).unwrap_or_default()
        )
        .unwrap();
        if has_comment {
            write!(out, "<td>{}</td>", esc(r.comment.as_deref().unwrap_or(""))).unwrap();
        }
        out.push_str("</tr>");
    }
    write!(out, "</tbody><tfoot><tr class=\"total\"><th scope=\"row\">{}</th><td></td><td class=\"num\">{}</td>", esc(t.get("total")), esc(&percent(total))).unwrap();
    if has_comment {
        out.push_str("<td></td>");
    }
    out.push_str("</tr></tfoot></table>");
}

pub fn responsibilities(ctx: &DataCtx, holder: Option<Holder>, out: &mut String) {
    let items: Vec<_> = ctx
        .site
        .data
        .responsibilities
        .responsibilities
        .iter()
        .filter(|r| holder.is_none_or(|h| r.holder == h))
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
        "<table class=\"data activities\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>",
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
        write!(
            out,
            "<div class=\"signer\"><p><strong>{}</strong></p><p>{} {}</p><p>{} {}</p><p>{} {}</p></div>",
            esc(&party.name),
            esc(t.get("sign_date")),
            line(date),
            esc(t.get("sign_name")),
            line(sig.map(|s| s.name.clone())),
            esc(t.get("sign_title")),
            line(sig.map(|s| s.title.clone())),
        )
        .unwrap();
    }
    out.push_str("</div>");
}

fn parties(ctx: &Ctx, out: &mut String) {
    let t = ctx.strings;
    write!(
        out,
        "<table class=\"data parties\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
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
