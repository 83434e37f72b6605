//! `styrdok status` output: the tracker as text, JSON or CSV.

use std::fmt::Write;

use serde::Serialize;

use super::tracker::{AgreementStatus, Stage};
use crate::content::date::Date;
use crate::render::format::Strings;
use crate::resolve::Site;

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
    pub requires_all_parties: bool,
    pub in_force: Option<bool>,
    pub counts: std::collections::BTreeMap<&'static str, usize>,
    pub parties: Vec<PartyJson>,
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
                requires_all_parties: s.requires_all,
                in_force: s.requires_all.then_some(s.all_signed),
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
    let mut out = String::new();
    for a in &j.agreements {
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
        if let Some(in_force) = a.in_force {
            let key = if in_force { "in_force" } else { "not_in_force" };
            writeln!(out, "  {}", t.get(key)).unwrap();
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
                write!(line, "; {} ({when})", d.paragraph).unwrap();
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
                write!(line, "; {} ({version}) {note}", d.paragraph).unwrap();
            }
            writeln!(out, "{line}").unwrap();
        }
        out.push('\n');
    }
    out
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
        "agreement,version,party,party_name,stage,decisions,signed_by,signed_title,signed_date\n",
    );
    for a in &j.agreements {
        for p in &a.parties {
            let decisions: Vec<String> = p
                .decisions
                .iter()
                .map(|d| {
                    format!(
                        "{} {}",
                        d.paragraph,
                        d.meeting_date.as_deref().unwrap_or("")
                    )
                })
                .collect();
            let decisions = decisions.join("; ");
            let sig = p.signature.as_ref();
            let row = [
                a.id.as_str(),
                a.version.as_deref().unwrap_or(""),
                &p.party,
                &p.name,
                p.stage.key(),
                decisions.trim(),
                sig.map_or("", |s| s.name.as_str()),
                sig.map_or("", |s| s.title.as_str()),
                sig.map_or("", |s| s.date.as_str()),
            ];
            let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
            writeln!(out, "{}", fields.join(",")).unwrap();
        }
    }
    out
}
