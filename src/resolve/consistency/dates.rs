//! Dates against the site's own timeline. Whatever comes after something in the content model
//! may not be dated before it:
//!
//! - a version after the version before it, and after the version it `supersedes`;
//! - a decision after the decisions it `cites` and the document versions it `concerns`, and
//!   its minutes (`date`) not before its meeting (`meeting_date`);
//! - a signature (or a decline) after the agreement version it is given on (that it comes
//!   after the decision it rests on is the tracker's check);
//! - a report, agreement, budget … that links to a decision dated after it (a decision's own
//!   text is left out: it may note a later decision that cites it);
//! - a link text that states a date ("SN 251117 § 73", "…, 2025-04-11") states the date of
//!   the document it links to;
//! - in a plan (the project-plan activities in data, or a table in a document with numbered
//!   rows and a date column), an activity does not end before an activity numbered before it
//!   starts, and no period ends before it starts.

use super::text::{Body, Period, parse_period};
use crate::content::date::Date;
use crate::content::frontmatter::{At, Kind, pos_in_file};
use crate::diag::{Diagnostics, Pos};
use crate::resolve::{Document, Site, Version, id_pos, refs};

/// The date a version stands for: a decision's meeting, else the version's own date.
fn date_of(v: &Version) -> Option<Date> {
    v.fm.decision
        .as_ref()
        .and_then(|d| d.meeting_date.as_ref())
        .and_then(|d| Date::parse(&d.value))
        .or_else(|| v.known_date())
}

/// The document and version a reference (`@doc/v2#section`) points at.
fn target<'a>(site: &'a Site, dest: &str) -> Option<(&'a Document, &'a Version)> {
    target_of(site, &refs::parse(dest)?)
}

/// [`target`] of a reference already parsed.
fn target_of<'a>(site: &'a Site, t: &refs::Target) -> Option<(&'a Document, &'a Version)> {
    let doc = site.doc(t.doc.as_deref()?)?;
    let v = match &t.version {
        Some(name) => doc.version(name)?.1,
        None => doc.latest(),
    };
    Some((doc, v))
}

fn label(doc: &Document, v: &Version) -> String {
    match &v.name {
        Some(n) => format!("`{}` {n}", doc.id),
        None => format!("`{}`", doc.id),
    }
}

/// The checks against the site's timeline (see the module's comment), but for the plans in
/// document bodies: [`check_body`].
/// What each version's references find ([`check_version`]) is left to `analyser`.
pub fn check(site: &Site, diags: &Diagnostics, analyser: &dyn crate::resolve::Analyser) {
    use rayon::prelude::*;
    for doc in &site.documents {
        check_versions(doc, diags);
    }
    site.documents.par_iter().enumerate().for_each(|(di, doc)| {
        for (vi, v) in doc.versions.iter().enumerate() {
            let run = |d: &Diagnostics| check_version(site, doc, v, d);
            analyser.timeline(&site.documents, di, vi, diags, &run);
        }
    });
    check_signatures(site, diags);
    check_activities(site, diags);
}

/// The checks of one version's references against the timeline: its front matter's
/// (`supersedes`, a decision's `cites` and `concerns`, its meeting) and its links' (a
/// decision cited, a date in a link's text). They read the version, its document's kind and
/// id, and of each document it names the id, kind, version names and dates: nothing else.
pub fn check_version(site: &Site, doc: &Document, v: &Version, diags: &Diagnostics) {
    check_relations(site, doc, v, diags);
    check_link_dates(site, doc, v, diags);
}

fn check_versions(doc: &Document, diags: &Diagnostics) {
    let dated: Vec<(&Version, Date)> = doc
        .versions
        .iter()
        .filter_map(|v| v.known_date().map(|d| (v, d)))
        .collect();
    for pair in dated.windows(2) {
        let ((prev, pd), (next, nd)) = (pair[0], pair[1]);
        if nd < pd {
            diags.warning(
                &next.path,
                next.fm
                    .date
                    .as_ref()
                    .map_or(id_pos(next), |d| pos_in_file(d, next.yaml_line)),
                format!(
                    "{} is dated {nd}, before {} ({pd}) that it follows",
                    label(doc, next),
                    label(doc, prev)
                ),
                "check the versions' `date:` and `version:` against the documents",
            );
        }
    }
}

fn check_relations(site: &Site, doc: &Document, v: &Version, diags: &Diagnostics) {
    let Some(own) = date_of(v) else { return };
    let later = |r: &At<String>, what: &str, hint: &'static str| {
        let Some((tdoc, tv)) = target(site, &r.value) else {
            return;
        };
        // Without a version the reference stands for the document since its first version.
        let versioned = refs::parse(&r.value).is_some_and(|t| t.version.is_some());
        let td = if versioned {
            date_of(tv)
        } else {
            tdoc.versions.iter().filter_map(date_of).min()
        };
        if let Some(td) = td
            && td > own
        {
            diags.warning(
                &v.path,
                pos_in_file(r, v.yaml_line),
                format!(
                    "{} is dated {own} but {what} {}, dated {td}",
                    label(doc, v),
                    label(tdoc, tv)
                ),
                hint,
            );
        }
    };
    if let Some(s) = &v.fm.supersedes {
        later(
            s,
            "supersedes",
            "a version cannot supersede a later one: check both dates",
        );
    }
    let Some(d) = &v.fm.decision else { return };
    for r in &d.cites {
        later(
            r,
            "cites",
            "a decision can only cite earlier decisions: check the dates and `cites:`",
        );
    }
    for r in &d.concerns {
        later(
            r,
            "decides on",
            "a decision can only concern a version that exists: check the dates and `concerns:`",
        );
    }
    if let (Some(meeting), Some(minutes)) = (
        d.meeting_date.as_ref().and_then(|m| Date::parse(&m.value)),
        v.known_date(),
    ) && minutes < meeting
    {
        diags.warning(
            &v.path,
            v.fm.date
                .as_ref()
                .map_or(id_pos(v), |d| pos_in_file(d, v.yaml_line)),
            format!("the decision is dated {minutes}, before its meeting on {meeting}"),
            "the minutes cannot be older than the meeting: check `date:` and `meeting_date:`",
        );
    }
}

/// Dates written in a text: ISO dates and the compact YYMMDD of Swedish minutes.
fn dates_in(text: &str) -> Vec<Date> {
    let mut out = Vec::new();
    for token in text.split(|c: char| !(c.is_ascii_digit() || c == '-')) {
        let token = token.trim_matches('-');
        if let Some(d) = Date::parse(token) {
            out.push(d);
        } else if token.len() == 6
            && let Some(p) = parse_period(token)
        {
            out.push(p.from);
        }
    }
    out
}

fn check_link_dates(site: &Site, doc: &Document, v: &Version, diags: &Diagnostics) {
    // A document of the record (not a decision's own note, a page or a routine) that cites
    // a decision taken after its date.
    let cites_later = matches!(
        doc.kind,
        Kind::LetterOfIntent
            | Kind::Report
            | Kind::ServiceDescription
            | Kind::Agreement
            | Kind::SubAgreement
            | Kind::Budget
            | Kind::ProjectPlan
    );
    for link in &v.links {
        if cites_later
            && let Some(own) = v.known_date()
            && let Some((tdoc, tv)) = target_of(site, &link.target)
            && tdoc.kind == Kind::Decision
            && let Some(td) = date_of(tv)
            && td > own
        {
            diags.warning(
                &v.path,
                link.pos,
                format!(
                    "{} is dated {own} but cites the decision {}, dated {td}",
                    label(doc, v),
                    label(tdoc, tv)
                ),
                "a document can only cite earlier decisions: check both dates",
            );
        }
        let written = dates_in(&link.text);
        if written.is_empty() || link.target.doc.is_none() {
            continue;
        }
        let Some((tdoc, tv)) = target_of(site, &link.target) else {
            continue;
        };
        let known: Vec<Date> = [date_of(tv), tv.known_date()]
            .into_iter()
            .flatten()
            .collect();
        if known.is_empty() || written.iter().any(|d| known.contains(d)) {
            continue;
        }
        diags.warning(
            &v.path,
            link.pos,
            format!(
                "the link text says {} but {} is dated {}",
                written[0],
                label(tdoc, tv),
                known[0]
            ),
            "one of the two dates is wrong: check the text against the document it cites",
        );
    }
}

fn check_signatures(site: &Site, diags: &Diagnostics) {
    let path = site.data.path_of("signatures");
    let sigs = &site.data.signatures;
    let rows = sigs
        .signatures
        .iter()
        .map(|s| (&s.agreement, Some(&s.date), "signed"))
        .chain(
            sigs.declined
                .iter()
                .map(|d| (&d.agreement, d.date.as_ref(), "declined")),
        );
    for (agreement, date, what) in rows {
        let Some(date_at) = date else { continue };
        let Some(signed) = Date::parse(&date_at.value) else {
            continue;
        };
        let pos = pos_in_file(date_at, 1);
        if let Some((adoc, av)) = target(site, &agreement.value)
            && let Some(ad) = av.known_date()
            && signed < ad
        {
            diags.warning(
                &path,
                pos,
                format!(
                    "{what} on {signed}, before {} is dated ({ad})",
                    label(adoc, av)
                ),
                "a party can only sign a version that exists: check the signature's date and `agreement:`",
            );
        }
    }
}

/// One dated step of a plan.
struct Step<'a> {
    /// "1.2", or the step number.
    number: Vec<u32>,
    name: &'a str,
    written: &'a str,
    period: Period,
    pos: Pos,
}

/// An activity that ends before an activity numbered before it starts; a period that ends
/// before it starts.
fn check_plan(steps: &[Step], path: &std::path::Path, what: &str, diags: &Diagnostics) {
    for (i, s) in steps.iter().enumerate() {
        if s.period.to < s.period.from {
            diags.warning(
                path,
                s.pos,
                format!(
                    "{what} {} {} ({}) ends before it starts",
                    number(&s.number),
                    s.name,
                    s.written
                ),
                "check the period's order",
            );
            continue;
        }
        let before = steps[..i]
            .iter()
            .chain(&steps[i + 1..])
            .filter(|o| o.number < s.number && o.period.from > s.period.to)
            .max_by_key(|o| o.number.clone());
        if let Some(o) = before {
            diags.warning(
                path,
                s.pos,
                format!(
                    "{what} {} {} is dated {} ({}), wholly before {what} {} {} ({}) that comes before it",
                    number(&s.number),
                    s.name,
                    s.written,
                    s.period,
                    number(&o.number),
                    o.name,
                    o.written
                ),
                "one of the two dates or the order is wrong: check against the other documents' timeline",
            );
        }
    }
}

fn number(n: &[u32]) -> String {
    n.iter().map(u32::to_string).collect::<Vec<_>>().join(".")
}

/// "1.2", "2.", "4.0" → [1, 2], [2], [4, 0].
fn step_number(s: &str) -> Option<Vec<u32>> {
    let s = s.trim().trim_end_matches('.');
    if s.is_empty() {
        return None;
    }
    s.split('.').map(|p| p.parse().ok()).collect()
}

/// The plans in one version's body: tables with numbered rows and a date column.
pub fn check_body(v: &Version, body: &Body, diags: &Diagnostics) {
    check_plan_tables(v, body, diags);
}

fn check_plan_tables(v: &Version, body: &Body, diags: &Diagnostics) {
    // A plan the document holds twice (a public copy of an internal table) is read once.
    let mut seen: Vec<Vec<(Vec<u32>, String)>> = Vec::new();
    for table in &body.tables {
        let Some(header) = table.rows.first() else {
            continue;
        };
        let cols = header.len();
        let cell = |row: &Vec<usize>, c: usize| row.get(c).map(|&b| body.text(b).trim());
        let rows = &table.rows[1..];
        let column_share = |ok: &dyn Fn(&str) -> bool| -> Vec<usize> {
            (0..cols)
                .filter(|&c| {
                    let filled: Vec<&str> = rows
                        .iter()
                        .filter_map(|r| cell(r, c))
                        .filter(|t| !t.is_empty())
                        .collect();
                    let good = filled.iter().filter(|t| ok(t)).count();
                    good >= 2 && good * 2 >= filled.len()
                })
                .collect()
        };
        let numbered = column_share(&|t| step_number(t).is_some());
        let dated = column_share(&|t| parse_period(t).is_some());
        let (Some(&nc), Some(&dc)) = (
            numbered.first(),
            dated.iter().find(|c| !numbered.contains(c)),
        ) else {
            continue;
        };
        let name_col = (0..cols).find(|c| *c != nc && *c != dc);
        let steps: Vec<Step> = rows
            .iter()
            .filter_map(|r| {
                let number = step_number(cell(r, nc)?)?;
                let written = cell(r, dc)?;
                let period = parse_period(written)?;
                let b = r[dc];
                Some(Step {
                    number,
                    name: name_col.and_then(|c| cell(r, c)).unwrap_or(""),
                    written,
                    period,
                    pos: body.pos(b, 0),
                })
            })
            .collect();
        let key: Vec<(Vec<u32>, String)> = steps
            .iter()
            .map(|s| (s.number.clone(), s.written.to_string()))
            .collect();
        if seen.contains(&key) {
            continue;
        }
        check_plan(&steps, &v.path, "activity", diags);
        seen.push(key);
    }
}

fn check_activities(site: &Site, diags: &Diagnostics) {
    let path = site.data.path_of("activities");
    let steps: Vec<Step> = site
        .data
        .activities
        .activities
        .iter()
        .filter_map(|a| {
            let due = a.due.as_ref()?;
            Some(Step {
                number: vec![a.step?],
                name: &a.activity,
                written: &due.value,
                period: parse_period(&due.value)?,
                pos: pos_in_file(due, 1),
            })
        })
        .collect();
    check_plan(&steps, &path, "step", diags);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_numbers_as_plans_write_them() {
        assert_eq!(step_number("1.2"), Some(vec![1, 2]));
        assert_eq!(step_number("2."), Some(vec![2]));
        assert_eq!(step_number("4.0"), Some(vec![4, 0]));
        assert_eq!(step_number("Nr"), None);
        assert_eq!(step_number(""), None);
        assert!(vec![1, 1] < vec![1, 2] && vec![1, 9] < vec![2]);
    }

    #[test]
    fn dates_in_link_texts() {
        let d = |s: &str| Date::parse(s).unwrap();
        assert_eq!(
            dates_in("SN 251117 § 73, dnr SN/2025:87"),
            [d("2025-11-17")]
        );
        assert_eq!(
            dates_in("Slutrapport, Region Dalarna, 2025-04-11"),
            [d("2025-04-11")]
        );
        // An organisation number's first half is no date.
        assert!(dates_in("212000 – 2221").is_empty());
    }
}
