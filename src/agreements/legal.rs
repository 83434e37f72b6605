//! The life of a decision after its meeting, from its front matter: minutes approved, notice
//! posted and taken down, an appeal; the stage it has reached ([`stage_of`], computed by
//! [`super::appeal`]) and the checks on those dates and on signatures made before the
//! decision they rest on gained legal force ([`check`]).

use super::appeal::{Appeal, LegalStage, appeal_period_end, legal_stage};
use crate::content::date::Date;
use crate::content::frontmatter::{At, DecisionMeta, DecisionType, pos_in_file};
use crate::diag::Diagnostics;
use crate::resolve::{Document, Site, Version};

fn date_of(v: &Option<At<String>>) -> Option<Date> {
    v.as_ref().and_then(|d| Date::parse(&d.value))
}

/// The appeal registered against a decision, if any.
pub fn appeal_of(dm: &DecisionMeta) -> Option<Appeal> {
    dm.appeal.as_ref().map(|a| Appeal {
        lodged: date_of(&a.value.lodged),
        court: a.value.court.clone(),
        outcome: a.value.outcome.clone(),
    })
}

/// The day the notice of the approved minutes was posted, when recorded.
pub fn posted(dm: &DecisionMeta) -> Option<Date> {
    date_of(&dm.posted)
}

/// Where the decision stands as of `today`.
pub fn stage_of(dm: &DecisionMeta, today: Date) -> LegalStage {
    legal_stage(posted(dm), appeal_of(dm).as_ref(), today)
}

/// The stage of a decision document (its latest version), when it has a `decision:` block.
pub fn document_stage(d: &Document, today: Date) -> Option<LegalStage> {
    d.latest()
        .fm
        .decision
        .as_ref()
        .map(|dm| stage_of(dm, today))
}

/// Errors for dates that are not dates, warnings for dates out of order, on every version.
fn check_dates(v: &Version, dm: &DecisionMeta, diags: &Diagnostics) {
    let mut fields: Vec<&At<String>> = [&dm.minutes_approved, &dm.posted, &dm.taken_down]
        .into_iter()
        .flatten()
        .collect();
    if let Some(a) = &dm.appeal
        && let Some(l) = &a.value.lodged
    {
        fields.push(l);
    }
    for f in fields {
        if Date::parse(&f.value).is_none() {
            diags.error(
                &v.path,
                pos_in_file(f, v.yaml_line),
                format!("`{}` is not a date", f.value),
                "write dates as YYYY-MM-DD; leave the field out when unknown",
            );
        }
    }
    let meeting = date_of(&dm.meeting_date);
    let approved = date_of(&dm.minutes_approved);
    let posted_on = date_of(&dm.posted);
    let at = |f: &Option<At<String>>| pos_in_file(f.as_ref().expect("date present"), v.yaml_line);
    if let (Some(m), Some(p)) = (meeting, posted_on)
        && p < m
    {
        diags.warning(
            &v.path,
            at(&dm.posted),
            format!("posted {p}, before the meeting of {m}"),
            "the notice goes up after the minutes of the meeting are approved: check both dates",
        );
    }
    if let (Some(m), Some(a)) = (meeting, approved)
        && a < m
    {
        diags.warning(
            &v.path,
            at(&dm.minutes_approved),
            format!("minutes approved {a}, before the meeting of {m}"),
            "minutes are approved after the meeting: check both dates",
        );
    }
    if let (Some(a), Some(p)) = (approved, posted_on)
        && a > p
    {
        diags.warning(
            &v.path,
            at(&dm.minutes_approved),
            format!("minutes approved {a}, after the notice was posted on {p}"),
            "the notice announces approved minutes, so it goes up on or after the day they are approved",
        );
    }
    if let Some(t) = date_of(&dm.taken_down) {
        match posted_on {
            Some(p) if t <= appeal_period_end(p) => diags.warning(
                &v.path,
                at(&dm.taken_down),
                format!(
                    "taken down {t}, before the appeal period ended ({})",
                    appeal_period_end(p)
                ),
                "kommunallagen 8 kap. 12 §: the notice stays up until the appeal period has ended; check the dates",
            ),
            None => diags.warning(
                &v.path,
                at(&dm.taken_down),
                "a taken-down date without a posting date",
                "add `posted:` so the appeal period can be computed",
            ),
            _ => {}
        }
    }
}

/// The last day of the appeal period of the decision `ddoc`, when it can be computed.
fn period_end(ddoc: &Document) -> Option<Date> {
    ddoc.latest()
        .fm
        .decision
        .as_deref()
        .and_then(posted)
        .map(appeal_period_end)
}

/// The dates of every decision, and a warning for each signature made on or before the last
/// day of the appeal period of the decision it rests on (the one it names, else its party's
/// decisions on the version signed).
pub fn check(site: &Site, diags: &Diagnostics) {
    for d in &site.documents {
        for v in &d.versions {
            if let Some(dm) = &v.fm.decision {
                check_dates(v, dm, diags);
            }
        }
    }
    let path = site.data.signatures_path();
    for s in &site.data.signatures.signatures {
        let Some(signed) = Date::parse(&s.date.value) else {
            continue;
        };
        let named = s
            .decision
            .as_ref()
            .and_then(|r| site.resolve_ref(&r.value))
            .map(|r| r.doc);
        let rests_on: Vec<usize> = match named {
            Some(doc) => vec![doc],
            None => {
                let Some((ai, vi)) =
                    crate::resolve::evidence::signature_target(site, &s.agreement, Some(signed))
                else {
                    continue;
                };
                site.evidence
                    .on(ai)
                    .filter(|x| {
                        x.version == vi
                            && x.party == s.party.value
                            && x.decision_type == Some(DecisionType::Decision)
                    })
                    .map(|x| x.decision)
                    .collect()
            }
        };
        for di in rests_on {
            let ddoc = &site.documents[di];
            let Some(end) = period_end(ddoc) else {
                continue;
            };
            let appealed = ddoc
                .latest()
                .fm
                .decision
                .as_ref()
                .is_some_and(|dm| dm.appeal.is_some());
            if signed <= end || appealed {
                let why = if appealed {
                    format!("decision `{}` is appealed", ddoc.id)
                } else {
                    format!(
                        "the appeal period of decision `{}` runs until {end}",
                        ddoc.id
                    )
                };
                diags.warning(
                    &path,
                    pos_in_file(&s.date, 1),
                    format!("signed {signed}, before the decision it rests on gained legal force: {why}"),
                    "signing before legal force is legal but risky: the decision may be appealed and annulled by the court, and the signature then rests on nothing",
                );
            }
        }
    }
}
