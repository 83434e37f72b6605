//! The start page's answers at a glance: which agreements apply or await decisions and how
//! many parties have decided and signed each (computed from the registered decisions and
//! signatures, and marked so), the latest decisions and versions, and the parties to pick
//! "my municipality" from.

use serde::Serialize;

use super::Renderer;
use super::views::{PartyLink, RegisterRow};
use crate::agreements::tracker::{AgreementStatus, ConditionState, Stage};
use crate::content::date::Date;
use crate::content::frontmatter::{Kind, Status};
use crate::resolve::Document;

/// How many of the latest decisions and versions the start page lists.
const LATEST: usize = 5;

#[derive(Serialize)]
pub struct Glance {
    pub agreements: Vec<GlanceAgreement>,
    /// Agreements that apply: stated so by the document, or whose stated condition styrdok
    /// finds met.
    pub in_force: usize,
    /// Agreements some party has not yet decided on (nor declined).
    pub awaiting: usize,
    pub decisions: Vec<RegisterRow>,
    pub versions: Vec<LatestVersion>,
    pub parties: Vec<PartyLink>,
}

#[derive(Serialize)]
pub struct GlanceAgreement {
    pub title: String,
    pub href: String,
    pub kind: String,
    pub version: Option<String>,
    /// The status the document states ("Utkast"), if any.
    pub status: Option<String>,
    /// `in-force`, `in-force-derived`, `superseded`, `awaiting` or `decided`.
    pub state_key: &'static str,
    pub state: String,
    /// Whether `state` is styrdok's reading of the registered evidence, not the document's
    /// own word.
    pub state_derived: bool,
    pub total: usize,
    /// "9 av 16 parter har beslutat", and so on: one line per stage with a count.
    pub lines: Vec<GlanceLine>,
    /// The agreement's section on the signatures page.
    pub tracker_href: String,
}

#[derive(Serialize)]
pub struct GlanceLine {
    pub key: &'static str,
    pub text: String,
    pub count: usize,
    /// The share of the parties in twentieths (0–20), for the bar beside the line: a class
    /// name, since pages carry no style attributes. Never 0 for a count above 0.
    pub fill: usize,
}

#[derive(Serialize)]
pub struct LatestVersion {
    pub title: String,
    pub href: String,
    pub kind: String,
    pub version: Option<String>,
    pub date: String,
}

impl Renderer<'_> {
    pub(super) fn glance(&self, docs: &[(usize, &Document)]) -> Glance {
        let agreements: Vec<GlanceAgreement> = self
            .agreement_statuses()
            .iter()
            .enumerate()
            .map(|(i, st)| self.glance_agreement(i, st))
            .collect();
        Glance {
            in_force: agreements
                .iter()
                .filter(|a| a.state_key.starts_with("in-force"))
                .count(),
            awaiting: agreements
                .iter()
                .filter(|a| a.state_key == "awaiting")
                .count(),
            agreements,
            decisions: self
                .register_rows_of(None)
                .into_iter()
                .filter(|(_, _, r)| !r.proposal)
                .take(LATEST)
                .map(|(_, _, r)| r)
                .collect(),
            versions: self.latest_versions(docs),
            parties: self
                .site
                .parties
                .iter()
                .filter_map(|p| self.party_link(&p.id.value))
                .collect(),
        }
    }

    fn glance_agreement(&self, i: usize, st: &AgreementStatus) -> GlanceAgreement {
        let d = &self.site.documents[st.doc];
        let v = &d.versions[st.version];
        let total = st.parties.len();
        let decided = st.parties.iter().filter(|p| p.has_decided()).count();
        let awaiting = st
            .parties
            .iter()
            .any(|p| !p.has_decided() && p.stage != Stage::Declined);
        // The status the document's page shows: the hand-set one unless the tracker
        // contradicts it (`agreements::shown`).
        let shown = crate::agreements::shown::shown(self.site, st.doc, st.version, self.audience);
        let (state_key, state_derived) = match (shown, st.state) {
            (Some(k), _) if k == Status::Superseded.key() => ("superseded", false),
            (Some(k), _) if k == Status::InForce.key() => ("in-force", false),
            (_, ConditionState::Met) => ("in-force-derived", true),
            _ if awaiting => ("awaiting", true),
            _ => ("decided", true),
        };
        let line = |key: &'static str, count: usize| GlanceLine {
            key,
            text: self
                .t(&format!("glance.{key}"))
                .replace("{n}", &count.to_string())
                .replace("{total}", &total.to_string()),
            count,
            fill: match (count * 20 + total / 2).checked_div(total).unwrap_or(0) {
                0 if count > 0 => 1,
                n => n.min(20),
            },
        };
        let mut lines = vec![
            line("decided", decided),
            line("signed", st.count(Stage::Signed)),
        ];
        for (key, stage) in [
            ("preparation", Stage::Preparation),
            ("declined", Stage::Declined),
        ] {
            if st.count(stage) > 0 {
                lines.push(line(key, st.count(stage)));
            }
        }
        GlanceAgreement {
            title: v.fm.title.clone(),
            href: d.href(None),
            kind: self.kind_name(d.kind),
            version: v.name.clone(),
            status: shown.map(|k| self.t(&format!("status.{k}"))),
            state_key,
            state: self.t(&format!("glance.state.{state_key}")),
            state_derived,
            total,
            lines,
            tracker_href: format!("underskrifter/#a-{}", i + 1),
        }
    }

    /// The newest dated versions of the documents (decisions have their own list): a version
    /// whose date is unknown cannot be placed and is left out.
    fn latest_versions(&self, docs: &[(usize, &Document)]) -> Vec<LatestVersion> {
        let mut all: Vec<(Date, LatestVersion)> = docs
            .iter()
            .filter(|(_, d)| d.kind != Kind::Decision)
            .flat_map(|(_, d)| {
                d.versions.iter().filter_map(move |v| {
                    let date = v.known_date()?;
                    let version = v.name.clone().filter(|_| d.is_versioned());
                    Some((
                        date,
                        LatestVersion {
                            title: v.fm.title.clone(),
                            href: d.href(version.as_deref()),
                            kind: self.kind_name(d.kind),
                            version,
                            date: self.date(date),
                        },
                    ))
                })
            })
            .collect();
        all.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.title.cmp(&b.1.title)));
        all.into_iter().take(LATEST).map(|(_, v)| v).collect()
    }
}
