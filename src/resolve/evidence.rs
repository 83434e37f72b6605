//! Which agreement version each decision concerns and each signature or decline was given
//! for: the references in `concerns:` and in the signature file, resolved once per build and
//! indexed by agreement. The tracker ([`crate::agreements::tracker`]) builds on this.

use std::collections::HashMap;

use crate::content::date::Date;
use crate::content::frontmatter::{At, DecisionType};
use crate::resolve::{Document, Site, refs};

/// The version of `doc` a reference means: the one it names, or — without a version — the
/// latest version dated on or before `on` (the decision's or signature's date), else the
/// latest.
pub fn version_meant(doc: &Document, version: Option<&str>, on: Option<Date>) -> Option<usize> {
    if let Some(name) = version {
        return doc.version(name).map(|(i, _)| i);
    }
    let last = doc.versions.len() - 1;
    match on {
        Some(date) => Some(
            doc.versions
                .iter()
                .rposition(|v| v.known_date().is_some_and(|d| d <= date))
                .unwrap_or(last),
        ),
        None => Some(last),
    }
}

pub fn meeting_date(d: &Document) -> Option<Date> {
    let m = d.latest().fm.decision.as_ref()?.meeting_date.as_ref()?;
    Date::parse(&m.value)
}

/// A decision and the agreement version it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionOn {
    pub decision: usize,
    pub party: String,
    pub agreement: usize,
    pub version: usize,
    pub decision_type: Option<DecisionType>,
}

/// The evidence behind the tracker, indexed once per build by agreement, so a page asks
/// only about its own agreement (no pass over all documents per page).
#[derive(Debug, Default, Clone)]
pub struct Evidence {
    decisions: Vec<DecisionOn>,
    by_agreement: HashMap<usize, Vec<usize>>,
    /// Per (agreement, version): indexes into the signature file's signatures / declines.
    signatures: HashMap<(usize, usize), Vec<usize>>,
    declined: HashMap<(usize, usize), Vec<usize>>,
}

impl Evidence {
    /// Indexes into the signature file's signatures given for `agreement`, `version`.
    pub fn signatures_for(&self, agreement: usize, version: usize) -> &[usize] {
        self.signatures
            .get(&(agreement, version))
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// Indexes into the signature file's declines given for `agreement`, `version`.
    pub fn declines_for(&self, agreement: usize, version: usize) -> &[usize] {
        self.declined
            .get(&(agreement, version))
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// Decisions concerning any version of `agreement`.
    pub fn on(&self, agreement: usize) -> impl Iterator<Item = &DecisionOn> {
        self.by_agreement
            .get(&agreement)
            .into_iter()
            .flatten()
            .map(|&i| &self.decisions[i])
    }
}

/// Indexes every decision with the agreement version it concerns, and every signature and
/// decline with the version it was given for.
pub fn evidence(site: &Site) -> Evidence {
    let mut ev = Evidence::default();
    for (di, d) in site.documents.iter().enumerate() {
        let Some(dm) = d.latest().fm.decision.as_ref() else {
            continue;
        };
        for c in &dm.concerns {
            let Some(target) = refs::parse(&c.value) else {
                continue;
            };
            let Some(&ai) = target.doc.as_ref().and_then(|id| site.by_id.get(id)) else {
                continue;
            };
            let Some(vi) = version_meant(
                &site.documents[ai],
                target.version.as_deref(),
                meeting_date(d),
            ) else {
                continue;
            };
            ev.by_agreement
                .entry(ai)
                .or_default()
                .push(ev.decisions.len());
            ev.decisions.push(DecisionOn {
                decision: di,
                party: dm.party.value.clone(),
                agreement: ai,
                version: vi,
                decision_type: dm.decision_type,
            });
        }
    }
    for (i, s) in site.data.signatures.signatures.iter().enumerate() {
        if let Some(t) = signature_target(site, &s.agreement, Date::parse(&s.date.value)) {
            ev.signatures.entry(t).or_default().push(i);
        }
    }
    for (i, s) in site.data.signatures.declined.iter().enumerate() {
        let on = s.date.as_ref().and_then(|d| Date::parse(&d.value));
        if let Some(t) = signature_target(site, &s.agreement, on) {
            ev.declined.entry(t).or_default().push(i);
        }
    }
    ev
}

/// The agreement version a signature or decline reference (`@avtal/v2`, or `@avtal` on a date) means.
pub fn signature_target(site: &Site, r: &At<String>, on: Option<Date>) -> Option<(usize, usize)> {
    let target = refs::parse(&r.value)?;
    let &ai = site.by_id.get(target.doc.as_ref()?)?;
    let vi = version_meant(&site.documents[ai], target.version.as_deref(), on)?;
    Some((ai, vi))
}
