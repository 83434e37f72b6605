//! The signature tracker: the stage each party has reached for each agreement version, and
//! the checks on decisions and signatures (unknown ids, non-parties, dates out of order or in
//! the future).

use serde::Serialize;

use crate::content::data::Signature;
use crate::content::date::Date;
use crate::content::frontmatter::{Audience, ConditionRule, DecisionType, Kind, pos_in_file};
use crate::diag::Diagnostics;
use crate::resolve::evidence::DecisionOn;
pub use crate::resolve::evidence::version_meant;
use crate::resolve::{Document, Site, refs};

pub use super::condition::{Condition, ConditionState};

/// How far a party has come with one agreement version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// No proposal, decision or signature is registered.
    NotStarted,
    /// A proposal (e.g. a committee's proposal to the council) is on the table.
    Preparation,
    /// The deciding body has decided.
    Decided,
    Signed,
    Declined,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::NotStarted,
        Stage::Preparation,
        Stage::Decided,
        Stage::Signed,
        Stage::Declined,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Stage::NotStarted => "not-started",
            Stage::Preparation => "preparation",
            Stage::Decided => "decided",
            Stage::Signed => "signed",
            Stage::Declined => "declined",
        }
    }
}

/// Documents whose versions parties decide on and sign.
pub fn is_tracked(d: &Document) -> bool {
    matches!(
        d.kind,
        Kind::Agreement | Kind::SubAgreement | Kind::LetterOfIntent
    ) && !d.latest().fm.parties.is_empty()
}

/// A decision (document index) and the version of the agreement it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRef {
    pub doc: usize,
    pub version: usize,
    pub decision_type: Option<DecisionType>,
}

#[derive(Debug, Clone)]
pub struct PartyStatus {
    pub party: String,
    pub stage: Stage,
    /// Decisions and proposals on this version.
    pub decisions: Vec<DecisionRef>,
    /// Decisions on older versions, which do not count for this one.
    pub older: Vec<DecisionRef>,
    pub signature: Option<Signature>,
}

#[derive(Debug, Clone)]
pub struct AgreementStatus {
    pub doc: usize,
    pub version: usize,
    pub parties: Vec<PartyStatus>,
    pub condition: Option<Condition>,
    pub state: ConditionState,
    /// Parties that have what the rule asks for (decided, or decided and signed).
    pub fulfilled: usize,
}

impl AgreementStatus {
    pub fn count(&self, stage: Stage) -> usize {
        self.parties.iter().filter(|p| p.stage == stage).count()
    }
}

impl PartyStatus {
    /// A decision (not a proposal) on this version is registered.
    pub fn has_decided(&self) -> bool {
        self.stage != Stage::Declined
            && self
                .decisions
                .iter()
                .any(|d| d.decision_type == Some(DecisionType::Decision))
    }

    /// What `rule` asks of one party is registered.
    pub fn fulfils(&self, rule: ConditionRule) -> bool {
        match rule {
            ConditionRule::AllDecided => self.has_decided(),
            ConditionRule::AllSigned => self.has_decided() && self.stage == Stage::Signed,
            ConditionRule::Other => false,
        }
    }
}

impl AgreementStatus {
    /// The caveat a not-met condition carries when some parties have no decision registered
    /// (nothing registered is not the same as not decided): `template` with `{n}` and
    /// `{total}` filled in.
    pub fn unregistered_note(&self, template: &str) -> Option<String> {
        let n = self.parties.iter().filter(|p| !p.has_decided()).count();
        (self.state == ConditionState::NotMet && n > 0).then(|| {
            template
                .replace("{n}", &n.to_string())
                .replace("{total}", &self.parties.len().to_string())
        })
    }
}

/// The stage of every party of agreement `doc`, version `version`, from the decisions
/// `audience` may see (an internal decision document is no evidence on the public site).
pub fn status(site: &Site, doc: usize, version: usize, audience: Audience) -> AgreementStatus {
    let d = &site.documents[doc];
    let v = &d.versions[version];
    let ev = &site.evidence;
    let decisions: Vec<&DecisionOn> = ev
        .on(doc)
        .filter(|d| {
            audience == Audience::Internal
                || site.documents[d.decision].audience == Audience::Public
        })
        .collect();
    let sigs = &site.data.signatures;
    let signed_here = ev.signatures_for(doc, version);
    let declined_here = ev.declines_for(doc, version);
    let parties =
        v.fm.parties
            .iter()
            .map(|p| {
                let pid = p.value.as_str();
                let mine = |vi_ok: &dyn Fn(usize) -> bool| -> Vec<DecisionRef> {
                    decisions
                        .iter()
                        .filter(|d| d.party == pid && vi_ok(d.version))
                        .map(|d| DecisionRef {
                            doc: d.decision,
                            version: d.version,
                            decision_type: d.decision_type,
                        })
                        .collect()
                };
                let on_this = mine(&|vi| vi == version);
                let older = mine(&|vi| vi < version);
                let signature = signed_here
                    .iter()
                    .map(|&i| &sigs.signatures[i])
                    .find(|s| s.party.value == pid)
                    .cloned();
                let declined = declined_here
                    .iter()
                    .any(|&i| sigs.declined[i].party.value == pid);
                let stage = if declined {
                    Stage::Declined
                } else if signature.is_some() {
                    Stage::Signed
                } else if on_this
                    .iter()
                    .any(|d| d.decision_type == Some(DecisionType::Decision))
                {
                    Stage::Decided
                } else if on_this
                    .iter()
                    .any(|d| d.decision_type == Some(DecisionType::Proposal))
                {
                    Stage::Preparation
                } else {
                    Stage::NotStarted
                };
                PartyStatus {
                    party: pid.to_string(),
                    stage,
                    decisions: on_this,
                    older,
                    signature,
                }
            })
            .collect::<Vec<_>>();
    let condition = Condition::of(&v.fm);
    let (state, fulfilled) = match &condition {
        None => (ConditionState::NotStated, 0),
        Some(c) if c.rule == ConditionRule::Other => (ConditionState::NotDerived, 0),
        Some(c) => {
            let n = parties.iter().filter(|p| p.fulfils(c.rule)).count();
            let met = !parties.is_empty() && n == parties.len();
            (
                if met {
                    ConditionState::Met
                } else {
                    ConditionState::NotMet
                },
                n,
            )
        }
    };
    AgreementStatus {
        doc,
        version,
        parties,
        condition,
        state,
        fulfilled,
    }
}

/// Checks decisions and signatures against the site and the calendar.
pub fn check(site: &Site, today: Date, diags: &Diagnostics) {
    super::condition::check(site, diags);
    super::holders::check(site, diags);
    super::reports::check(site, diags);
    for d in &site.documents {
        for v in &d.versions {
            let Some(dm) = &v.fm.decision else { continue };
            if let Some(md) = &dm.meeting_date
                && let Some(date) = Date::parse(&md.value)
                && date > today
            {
                diags.error(
                    &v.path,
                    pos_in_file(md, v.yaml_line),
                    format!("meeting date {date} is in the future"),
                    "a decision is registered once it is taken; check the date",
                );
            }
        }
    }
    let path = site.data.signatures_path();
    let entries = site
        .data
        .signatures
        .signatures
        .iter()
        .map(|s| (&s.agreement, &s.party, Some(&s.date), s.decision.as_ref()))
        .chain(
            site.data
                .signatures
                .declined
                .iter()
                .map(|s| (&s.agreement, &s.party, s.date.as_ref(), s.decision.as_ref())),
        );
    for (agreement, party, date, decision) in entries {
        let date_value = date.and_then(|d| {
            let parsed = Date::parse(&d.value);
            if parsed.is_none() {
                diags.error(
                    &path,
                    pos_in_file(d, 1),
                    format!("`{}` is not a date", d.value),
                    "write dates as YYYY-MM-DD",
                );
            }
            parsed
        });
        if let (Some(d), Some(date)) = (date, date_value)
            && date > today
        {
            diags.error(
                &path,
                pos_in_file(d, 1),
                format!("date {date} is in the future"),
                "register a signature once it is made",
            );
        }
        if !site.check_party(&party.value, &path, pos_in_file(party, 1), diags) {
            continue;
        }
        let Some(target) =
            refs::parse(&agreement.value).filter(|t| t.doc.is_some() && t.section.is_none())
        else {
            diags.error(
                &path,
                pos_in_file(agreement, 1),
                format!(
                    "`{}` is not a reference to an agreement version",
                    agreement.value
                ),
                "write `@agreement-id/v2`",
            );
            continue;
        };
        let Some(doc) = site.doc(target.doc.as_deref().unwrap_or_default()) else {
            if diags.is_left_out(
                crate::diag::LeftOut::Document,
                target.doc.as_deref().unwrap_or_default(),
            ) {
                continue;
            }
            diags.error(
                &path,
                pos_in_file(agreement, 1),
                format!("unknown document `{}`", agreement.value),
                "refer to the agreement by its id",
            );
            continue;
        };
        if target.version.is_none() && doc.is_versioned() {
            diags.error(
                &path,
                pos_in_file(agreement, 1),
                format!(
                    "`{}` has versions: say which one was signed",
                    agreement.value
                ),
                format!("write `@{}/vN`", doc.id),
            );
            continue;
        }
        let Some((ai, vi)) =
            crate::resolve::evidence::signature_target(site, agreement, date_value)
        else {
            diags.error(
                &path,
                pos_in_file(agreement, 1),
                format!(
                    "document `{}` has no version `{}`",
                    doc.id,
                    target.version.unwrap_or_default()
                ),
                "use a version listed in the document's files",
            );
            continue;
        };
        let version = &site.documents[ai].versions[vi];
        if !version.fm.parties.iter().any(|p| p.value == party.value) {
            diags.error(
                &path,
                pos_in_file(party, 1),
                format!("`{}` is not a party to `{}`", party.value, agreement.value),
                "only the agreement's parties sign it; check `parties:` in its front matter",
            );
        }
        if let Some(dr) = decision {
            let Some(res) = site.resolve_ref(&dr.value) else {
                diags.error(
                    &path,
                    pos_in_file(dr, 1),
                    format!("unknown decision `{}`", dr.value),
                    "refer to the decision by its id",
                );
                continue;
            };
            let ddoc = &site.documents[res.doc];
            let Some(dm) = ddoc.latest().fm.decision.as_ref() else {
                diags.error(
                    &path,
                    pos_in_file(dr, 1),
                    format!("`{}` is not a decision", dr.value),
                    "a decision has `kind: decision` and a `decision:` block",
                );
                continue;
            };
            if dm.party.value != party.value {
                diags.error(
                    &path,
                    pos_in_file(dr, 1),
                    format!(
                        "decision `{}` is by `{}`, not `{}`",
                        ddoc.id, dm.party.value, party.value
                    ),
                    (),
                );
            }
            if let (Some(sig_date), Some(dec_date)) =
                (date_value, crate::resolve::evidence::meeting_date(ddoc))
                && sig_date < dec_date
            {
                diags.error(
                    &path,
                    pos_in_file(date.expect("date parsed"), 1),
                    format!(
                        "signed {sig_date}, before the decision it rests on ({} of {dec_date})",
                        ddoc.id
                    ),
                    "a signature follows the decision: check both dates",
                );
            }
        }
    }
}
