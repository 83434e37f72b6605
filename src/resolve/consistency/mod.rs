//! Checks across documents and data: where the documents say the same thing twice, compare
//! and warn on disagreement (copies vs parties, an agreement's parties vs the host area it
//! serves, a decision's party vs the agreement it concerns); and every id named in a
//! shortcode or a data file exists. One submodule per further kind of check: dates against
//! the timeline ([`dates`]), names of bodies and parties ([`names`]), printed totals
//! ([`tables`]) and figures repeated from data ([`stated`]).

pub mod dates;
pub mod names;
pub mod stated;
pub mod tables;
pub mod text;

use std::collections::BTreeSet;

use super::{Site, id_pos};
use crate::content::frontmatter::{Kind, pos_in_file};
use crate::diag::{Diagnostics, Pos};
use crate::resolve::shortcodes;

/// Every check of this module; the checks of each version's body are left to `analyser`
/// ([`crate::resolve::Analyser::body_checks`], given [`body_checks`] to run).
pub fn check(site: &Site, diags: &Diagnostics, analyser: &dyn crate::resolve::Analyser) {
    for doc in &site.documents {
        for v in &doc.versions {
            if let Some(copies) = &v.fm.copies {
                let n = v.fm.parties.len();
                if copies.value as usize != n {
                    diags.warning(
                        &v.path,
                        pos_in_file(copies, v.yaml_line),
                        format!("`{}` is made in {} copies but has {n} parties", doc.id, copies.value),
                        "one copy per party is usual: check the party list and the signature section",
                    );
                }
            }
            if doc.kind == Kind::SubAgreement {
                check_host_area(site, v, diags);
            }
            if let Some(d) = &v.fm.decision {
                for r in &d.concerns {
                    let Some(res) = site.resolve_ref(&r.value) else {
                        continue;
                    };
                    let target = &site.documents[res.doc];
                    let parties = &target.latest().fm.parties;
                    if target.kind.is_agreement()
                        && !parties.is_empty()
                        && !parties.iter().any(|p| p.value == d.party.value)
                    {
                        diags.warning(
                            &v.path,
                            pos_in_file(r, v.yaml_line),
                            format!(
                                "`{}` decides on `{}`, to which it is not a party",
                                d.party.value, target.id
                            ),
                            "check the agreement's `parties:`",
                        );
                    }
                }
            }
            for sc in &v.scan.shortcodes {
                if let Err((message, hint)) = shortcodes::validate(site, sc) {
                    diags.error(&v.path, Pos::new(sc.line, 1), message, hint);
                }
            }
        }
    }
    check_data_refs(site, diags);
    let registry = names::Registry::of(site);
    names::check(site, &registry, diags);
    dates::check(site, diags, analyser);
    {
        use rayon::prelude::*;
        let run = |v: &super::Version| body_checks(site, &registry, v, diags);
        site.documents.par_iter().for_each(|doc| {
            for v in &doc.versions {
                for d in analyser.body_checks(v, &run) {
                    diags.push(d);
                }
            }
        });
    }
    if site.config.base_url.is_none() {
        diags.warning(
            std::path::Path::new(crate::content::load::CONFIG_FILE),
            Pos::START,
            "no `base_url`: sitemap.xml is not written and the Atom feed links relative to itself",
            "set `base_url: https://…` in styrdok.yaml to the address the public site is published at",
        );
    }
}

/// The checks that read one version's body as text, with nothing of the site but its
/// site-wide inputs (settings, data, parties): names, plans, printed totals and stated
/// figures. The body is read (parsed) once for all of them. What they find depends on the
/// version's file and on those inputs only (and on what `site_diags` has left out of the data
/// for an error, which changes only with the data), so `styrdok serve` keeps it with the file.
pub fn body_checks(
    site: &Site,
    registry: &names::Registry,
    v: &super::Version,
    site_diags: &Diagnostics,
) -> Vec<crate::diag::Diagnostic> {
    let diags = Diagnostics::knowing_left_out_of(site_diags);
    let body = text::Body::read(v);
    names::check_body(site, registry, v, &body, &diags);
    dates::check_body(v, &body, &diags);
    tables::check_body(v, &body, &diags);
    stated::check_body(site, registry, v, &body, &diags);
    diags.into_sorted()
}

/// A sub-agreement whose parties include a host municipality should have exactly that host
/// area's municipalities as parties.
fn check_host_area(site: &Site, v: &super::Version, diags: &Diagnostics) {
    let parties: BTreeSet<&str> = v.fm.parties.iter().map(|p| p.value.as_str()).collect();
    for area in &site.data.parties.host_areas {
        if !parties.contains(area.host.value.as_str()) {
            continue;
        }
        let expected: BTreeSet<&str> = std::iter::once(&area.host)
            .chain(&area.members)
            .map(|p| p.value.as_str())
            .collect();
        let name = |id: &&str| {
            site.party(id)
                .map(|p| p.name.clone())
                .unwrap_or(id.to_string())
        };
        let missing: Vec<String> = expected.difference(&parties).map(name).collect();
        let extra: Vec<String> = parties.difference(&expected).map(name).collect();
        if !missing.is_empty() {
            diags.warning(
                &v.path,
                id_pos(v),
                format!(
                    "host area {} ({}) includes {}, who is not a party to this agreement",
                    area.name,
                    site.party(&area.host.value)
                        .map(|p| p.name.as_str())
                        .unwrap_or(&area.host.value),
                    missing.join(", ")
                ),
                "compare the agreement's parties with the service description's catchment areas",
            );
        }
        if !extra.is_empty() {
            diags.warning(
                &v.path,
                id_pos(v),
                format!(
                    "{} is a party to this agreement but not in host area {}",
                    extra.join(", "),
                    area.name
                ),
                "compare the agreement's parties with the service description's catchment areas",
            );
        }
    }
}

fn check_data_refs(site: &Site, diags: &Diagnostics) {
    let check_source = |path: &std::path::Path, src: &crate::content::frontmatter::At<String>| {
        if site.resolve_ref(&src.value).is_none() {
            diags.error(
                path,
                pos_in_file(src, 1),
                format!("source `{}` does not resolve", src.value),
                "write `@document#section` with ids that exist",
            );
        }
    };
    let path = site.data.path_of("responsibilities");
    for r in &site.data.responsibilities.responsibilities {
        if let Some(src) = &r.source {
            check_source(&path, src);
        }
        if let Some(p) = &r.party {
            site.check_party(&p.value, &path, pos_in_file(p, 1), diags);
        }
    }
    let path = site.data.path_of("activities");
    for src in site
        .data
        .activities
        .activities
        .iter()
        .filter_map(|a| a.source.as_ref())
    {
        check_source(&path, src);
    }
}

/// Routines are for staff and must be reviewed on time; checklist dates and evidence must
/// hold.
pub fn check_routines_and_checklist(
    site: &Site,
    today: crate::content::date::Date,
    diags: &Diagnostics,
) {
    use crate::content::date::Date;
    use crate::content::frontmatter::Audience;
    let date_of = |path: &std::path::Path,
                   v: &crate::content::frontmatter::At<String>,
                   line: u32|
     -> Option<Date> {
        let d = Date::parse(&v.value);
        if d.is_none() {
            diags.error(
                path,
                pos_in_file(v, line),
                format!("`{}` is not a date", v.value),
                "write dates as YYYY-MM-DD",
            );
        }
        d
    };
    for doc in &site.documents {
        for v in &doc.versions {
            let reviewed =
                v.fm.reviewed
                    .as_ref()
                    .and_then(|r| date_of(&v.path, r, v.yaml_line));
            let next =
                v.fm.next_review
                    .as_ref()
                    .and_then(|r| date_of(&v.path, r, v.yaml_line));
            if doc.kind != Kind::Routine {
                continue;
            }
            if doc.audience == Audience::Public {
                diags.error(
                    &v.path,
                    id_pos(v),
                    format!("routine `{}` is public", doc.id),
                    "routines are for staff: set `audience: internal`",
                );
            }
            if let (Some(next), Some(at)) = (next, &v.fm.next_review)
                && next < today
            {
                diags.warning(
                    &v.path,
                    pos_in_file(at, v.yaml_line),
                    format!("routine `{}` was due for review on {next}", doc.id),
                    "review the routine and set `reviewed:` and a new `next_review:`",
                );
            }
            if let (Some(r), Some(n)) = (reviewed, next)
                && n < r
            {
                diags.warning(
                    &v.path,
                    id_pos(v),
                    format!("next review {n} is before the last review {r}"),
                    (),
                );
            }
            if v.fm.owner.is_none() {
                diags.warning(
                    &v.path,
                    id_pos(v),
                    format!("routine `{}` has no `owner:`", doc.id),
                    "name who keeps the routine",
                );
            }
        }
    }
    let path = site.data.path_of("checklist");
    for item in &site.data.checklist.items {
        if let Some(d) = &item.due {
            date_of(&path, d, 1);
        }
        if let Some(e) = &item.evidence
            && e.value.starts_with('@')
            && site.resolve_ref(&e.value).is_none()
        {
            diags.error(
                &path,
                pos_in_file(e, 1),
                format!("evidence `{}` does not resolve", e.value),
                "write `@document#section`, or a URL",
            );
        }
    }
}
