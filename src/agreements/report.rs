//! `styrdok status` output: the tracker as text, JSON or CSV.

use std::fmt::Write;

use serde::Serialize;

use super::tracker::{AgreementStatus, ConditionState, Stage};
use crate::content::date::Date;
use crate::content::frontmatter::ConditionRule;
use crate::resolve::Site;
use crate::text::format::Strings;

#[derive(Serialize)]
pub struct StatusJson {
    pub schema: &'static str,
    pub agreements: Vec<AgreementJson>,
}

#[derive(Serialize)]
pub struct AgreementJson {
    pub id: String,
    pub title: String,
    pub version: Option<String>,
    /// The stated condition asks every party to decide (and sign): `rule` is all-decided or
    /// all-signed.
    pub requires_all_parties: bool,
    /// Whether the condition is met by the registered evidence; `null` when the documents
    /// state no condition or styrdok does not evaluate it.
    pub in_force: Option<bool>,
    /// The condition as the documents state it; `null` when none is stated.
    pub condition: Option<ConditionJson>,
    pub counts: std::collections::BTreeMap<&'static str, usize>,
    pub parties: Vec<PartyJson>,
}

#[derive(Serialize)]
pub struct ConditionJson {
    /// all-decided | all-signed | other
    pub rule: &'static str,
    /// not-stated | met | not-met | not-derived (computed by styrdok)
    pub state: &'static str,
    /// The document's own sentence (`null` for the deprecated `requires_all_parties`).
    pub quote: Option<String>,
    /// `@document#section` or free text, as written.
    pub source: Option<String>,
    pub point: Option<u32>,
    /// Parties that have what the rule asks for, of all parties.
    pub fulfilled: usize,
    pub parties: usize,
}

#[derive(Serialize)]
pub struct PartyJson {
    pub party: String,
    pub name: String,
    pub stage: Stage,
    pub decisions: Vec<DecisionJson>,
    /// Decisions on older versions: they do not count for this one.
    pub older_version_decisions: Vec<DecisionJson>,
    pub signature: Option<SignatureJson>,
}

#[derive(Serialize)]
pub struct DecisionJson {
    pub id: String,
    pub paragraph: String,
    pub organ: String,
    pub meeting_date: Option<String>,
    pub concerns_version: Option<String>,
    #[serde(rename = "type")]
    pub decision_type: Option<&'static str>,
}

#[derive(Serialize)]
pub struct SignatureJson {
    pub name: String,
    pub title: String,
    pub date: String,
}

fn decision_json(site: &Site, d: &super::tracker::DecisionRef, agreement: usize) -> DecisionJson {
    let doc = &site.documents[d.doc];
    let dm = doc
        .latest()
        .fm
        .decision
        .as_ref()
        .expect("decision document");
    DecisionJson {
        id: doc.id.clone(),
        paragraph: dm.paragraph.clone(),
        organ: dm.organ.value.clone(),
        meeting_date: dm
            .meeting_date
            .as_ref()
            .and_then(|m| Date::parse(&m.value))
            .map(|d| d.to_string()),
        concerns_version: site.documents[agreement].versions[d.version].name.clone(),
        decision_type: d.decision_type.map(|t| match t {
            crate::content::frontmatter::DecisionType::Proposal => "proposal",
            crate::content::frontmatter::DecisionType::Decision => "decision",
        }),
    }
}

pub fn to_json_value(site: &Site, statuses: &[AgreementStatus]) -> StatusJson {
    let agreements = statuses
        .iter()
        .map(|s| {
            let d = &site.documents[s.doc];
            let v = &d.versions[s.version];
            AgreementJson {
                id: d.id.clone(),
                title: v.fm.title.clone(),
                version: v.name.clone(),
                requires_all_parties: s.condition.as_ref().is_some_and(|c| {
                    matches!(c.rule, ConditionRule::AllDecided | ConditionRule::AllSigned)
                }),
                in_force: s.state.met(),
                condition: s.condition.as_ref().map(|c| ConditionJson {
                    rule: c.rule.key(),
                    state: s.state.key(),
                    quote: c.quote.clone(),
                    source: c.source.clone(),
                    point: c.point,
                    fulfilled: s.fulfilled,
                    parties: s.parties.len(),
                }),
                counts: Stage::ALL
                    .iter()
                    .map(|&st| (st.key(), s.count(st)))
                    .collect(),
                parties: s
                    .parties
                    .iter()
                    .map(|p| PartyJson {
                        name: site
                            .party(&p.party)
                            .map(|x| x.name.clone())
                            .unwrap_or_default(),
                        party: p.party.clone(),
                        stage: p.stage,
                        decisions: p
                            .decisions
                            .iter()
                            .map(|x| decision_json(site, x, s.doc))
                            .collect(),
                        older_version_decisions: p
                            .older
                            .iter()
                            .map(|x| decision_json(site, x, s.doc))
                            .collect(),
                        signature: p.signature.as_ref().map(|sig| SignatureJson {
                            name: sig.name.clone(),
                            title: sig.title.clone(),
                            date: sig.date.value.clone(),
                        }),
                    })
                    .collect(),
            }
        })
        .collect();
    StatusJson {
        schema: "styrdok.status/1",
        agreements,
    }
}

pub fn json(site: &Site, statuses: &[AgreementStatus]) -> String {
    serde_json::to_string_pretty(&to_json_value(site, statuses)).expect("status serializes") + "\n"
}

/// The tracker as text, in the words and dates of the theme's strings.
pub fn text(site: &Site, statuses: &[AgreementStatus], t: &Strings) -> String {
    let j = to_json_value(site, statuses);
    let stage = |s: Stage| t.get(&format!("stage.{}", s.key())).to_string();
    let date = |iso: &str| Date::parse(iso).map_or_else(|| iso.to_string(), |d| t.date(d));
    // A proposal is never shown as a decision.
    let type_label = |d: &DecisionJson| match d.decision_type {
        Some(k) => format!("{}: ", t.get(&format!("decision_type.{k}"))),
        None => String::new(),
    };
    let mut out = String::new();
    for (ai, a) in j.agreements.iter().enumerate() {
        let version = a
            .version
            .as_deref()
            .map(|v| format!(" ({v})"))
            .unwrap_or_default();
        writeln!(out, "{}{version} — {}", a.id, a.title).unwrap();
        let counts: Vec<String> = Stage::ALL
            .iter()
            .map(|s| format!("{}: {}", stage(*s), a.counts[s.key()]))
            .collect();
        writeln!(out, "  {}", counts.join(" · ")).unwrap();
        let status = &statuses[ai];
        for line in condition_lines(site, status, t) {
            writeln!(out, "  {line}").unwrap();
        }
        let width = a
            .parties
            .iter()
            .map(|p| p.name.chars().count())
            .max()
            .unwrap_or(0);
        for p in &a.parties {
            let mut line = format!("  {:<width$}  {}", p.name, stage(p.stage));
            for d in &p.decisions {
                let when = match d.meeting_date.as_deref() {
                    Some(iso) => date(iso),
                    None => t.get("date_unknown").to_string(),
                };
                write!(line, "; {}{} ({when})", type_label(d), d.paragraph).unwrap();
            }
            if let Some(s) = &p.signature {
                let signed = t.get("signed_by");
                write!(
                    line,
                    "; {signed} {}, {}, {}",
                    s.name,
                    s.title,
                    date(&s.date)
                )
                .unwrap();
            }
            for d in &p.older_version_decisions {
                let version = d.concerns_version.as_deref().unwrap_or("?");
                let note = t.get("older_decision_note");
                write!(
                    line,
                    "; {}{} ({version}) {note}",
                    type_label(d),
                    d.paragraph
                )
                .unwrap();
            }
            writeln!(out, "{line}").unwrap();
        }
        out.push('\n');
    }
    out
}

/// The condition in words: what it asks, whether styrdok finds it met, and the document's
/// sentence with its source; or that the documents state none.
pub fn condition_lines(site: &Site, s: &AgreementStatus, t: &Strings) -> Vec<String> {
    let Some(c) = &s.condition else {
        return vec![t.get("condition_none").to_string()];
    };
    let mut lines = vec![format!("{}:", t.get("condition_title"))];
    if let Some(q) = &c.quote {
        let source = c
            .source_label(site, t.get("decision_point"))
            .map(|l| format!(" ({})", l.text))
            .unwrap_or_default();
        lines.push(format!("«{q}»{source}"));
    } else {
        lines.push(t.get("condition_unquoted").to_string());
    }
    let state_key = format!("condition_state.{}", s.state.key());
    let state = t.get(&state_key);
    let rule = t
        .get(&format!("condition_rule.{}", c.rule.key()))
        .to_string();
    lines.push(match s.state {
        ConditionState::Met | ConditionState::NotMet => {
            let caveat = s
                .unregistered_note(t.get("condition_unregistered"))
                .map(|c| format!(" {c}"))
                .unwrap_or_default();
            format!(
                "{rule} {state} ({} {} {}). {}{caveat}",
                s.fulfilled,
                t.get("of"),
                s.parties.len(),
                t.get("condition_derived_note")
            )
        }
        _ => rule,
    });
    lines
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub fn csv(site: &Site, statuses: &[AgreementStatus]) -> String {
    let j = to_json_value(site, statuses);
    let mut out = String::from(
        "agreement,version,party,party_name,stage,decisions,signed_by,signed_title,signed_date,condition_rule,condition_state,proposals\n",
    );
    for a in &j.agreements {
        for p in &a.parties {
            let listed = |proposals: bool| -> String {
                let items: Vec<String> = p
                    .decisions
                    .iter()
                    .filter(|d| (d.decision_type == Some("proposal")) == proposals)
                    .map(|d| {
                        format!(
                            "{} {}",
                            d.paragraph,
                            d.meeting_date.as_deref().unwrap_or("")
                        )
                    })
                    .collect();
                items.join("; ").trim().to_string()
            };
            // Proposals have their own column: the decisions column holds decisions only.
            let proposals = listed(true);
            let decisions = listed(false);
            let sig = p.signature.as_ref();
            let row = [
                a.id.as_str(),
                a.version.as_deref().unwrap_or(""),
                &p.party,
                &p.name,
                p.stage.key(),
                &decisions,
                sig.map_or("", |s| s.name.as_str()),
                sig.map_or("", |s| s.title.as_str()),
                sig.map_or("", |s| s.date.as_str()),
                a.condition.as_ref().map_or("", |c| c.rule),
                a.condition.as_ref().map_or("not-stated", |c| c.state),
                &proposals,
            ];
            let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
            writeln!(out, "{}", fields.join(",")).unwrap();
        }
    }
    out
}
