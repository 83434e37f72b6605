//! `styrdok new decision`: a decision (or a proposal for one) with its `decision:` block,
//! in `content/beslut/<id>.md`, checked against the parties and documents of the site.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::content::date::Date;
use crate::error::{Error, Result};

use super::{Journal, ask_missing, quoted, require_party, require_slug};

/// The values of `new decision`; what is `None` is asked for on a terminal.
#[derive(Debug, Clone, Default)]
pub struct NewDecision {
    pub id: Option<String>,
    pub title: Option<String>,
    pub organ: Option<String>,
    pub party: Option<String>,
    pub paragraph: Option<String>,
    /// `YYYY-MM-DD`; empty when unknown.
    pub meeting_date: Option<String>,
    pub dnr: Option<String>,
    /// `@doc`, `@doc/v2` or plain ids.
    pub concerns: Vec<String>,
    pub points: Vec<String>,
    /// `proposal` / `förslag` or `decision` / `beslut`.
    pub decision_type: Option<String>,
}

/// The folder decisions go to.
pub const FOLDER: &str = "content/beslut";

/// Writes the decision; returns its path relative to `root`.
pub fn decision(root: &Path, mut req: NewDecision, journal: &mut Journal) -> Result<PathBuf> {
    let questions = [
        ("organ", "The body that decided, e.g. Kommunstyrelsen"),
        ("party", "The party's id in data/parter.yaml"),
        ("paragraph", "The paragraph, e.g. KS § 179"),
        (
            "meeting-date",
            "The meeting date, YYYY-MM-DD (empty when unknown)",
        ),
        ("type", "proposal or decision"),
    ];
    let missing: Vec<(&str, &str)> = questions
        .iter()
        .copied()
        .filter(|(flag, _)| match *flag {
            "organ" => req.organ.is_none(),
            "party" => req.party.is_none(),
            "paragraph" => req.paragraph.is_none(),
            // Off a terminal, a missing meeting date is unknown, as in front matter.
            "meeting-date" => req.meeting_date.is_none() && std::io::stdin().is_terminal(),
            _ => req.decision_type.is_none(),
        })
        .collect();
    let answers = ask_missing(&missing)?;
    for ((flag, _), answer) in missing.iter().zip(answers) {
        let slot = match *flag {
            "organ" => &mut req.organ,
            "party" => &mut req.party,
            "paragraph" => &mut req.paragraph,
            "meeting-date" => &mut req.meeting_date,
            _ => &mut req.decision_type,
        };
        *slot = Some(answer);
    }
    let required = |v: &Option<String>, flag: &str| -> Result<String> {
        match v.as_deref().map(str::trim) {
            Some(s) if !s.is_empty() => Ok(s.to_string()),
            _ => Err(Error::Usage(format!("--{flag} must not be empty"))),
        }
    };
    let organ = required(&req.organ, "organ")?;
    let party = required(&req.party, "party")?;
    let paragraph = required(&req.paragraph, "paragraph")?;
    let decision_type = parse_type(&required(&req.decision_type, "type")?)?;
    let meeting_date = match req.meeting_date.as_deref().map(str::trim) {
        None | Some("") | Some("unknown") => None,
        Some(s) => Some(super::parse_date(s, "meeting date")?),
    };

    let site = super::load(root)?;
    require_party(&site, &party)?;
    let mut concerns = Vec::new();
    for c in &req.concerns {
        let r = if c.starts_with('@') {
            c.clone()
        } else {
            format!("@{c}")
        };
        let Some(res) = site.resolve_ref(&r) else {
            let bare = r.trim_start_matches('@');
            let (id, _) = bare.split_once(['/', '#']).unwrap_or((bare, ""));
            super::require_doc(&site, id)?;
            return Err(Error::Usage(format!(
                "`{r}` names no document, version or section of the site\n  hint: `@id` or `@id/vN`; `styrdok status` and the version history list the versions"
            )));
        };
        let target = &site.documents[res.doc];
        let parties = &target.latest().fm.parties;
        if target.kind.is_agreement()
            && !parties.is_empty()
            && !parties.iter().any(|p| p.value == party)
        {
            return Err(Error::Usage(format!(
                "`{party}` is not a party to `{}`\n  hint: check the agreement's `parties:`, or the party you gave",
                target.id
            )));
        }
        concerns.push(r);
    }

    let party_name = site
        .party(&party)
        .map(|p| p.name.clone())
        .unwrap_or_default();
    let id = match &req.id {
        Some(id) => id.clone(),
        None => derive_id(&party, &paragraph, meeting_date),
    };
    require_slug(&id, "decision id")?;
    if site.doc(&id).is_some() || site.external(&id).is_some() {
        return Err(Error::Usage(format!(
            "a document with id `{id}` already exists\n  hint: give another with --id"
        )));
    }
    let title = req
        .title
        .clone()
        .unwrap_or_else(|| format!("{organ}, {party_name}, {paragraph}"));

    let mut fm = vec![
        format!("id: {id}"),
        "kind: decision".to_string(),
        format!("title: {}", quoted(&title)),
    ];
    if let Some(d) = meeting_date {
        fm.push(format!("date: {d}"));
    }
    if let Some(dnr) = req.dnr.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        fm.push(format!("diarienummer: {}", quoted(dnr)));
    }
    fm.push(format!("parties: [{party}]"));
    fm.push("decision:".into());
    fm.push(format!("  organ: {}", quoted(&organ)));
    fm.push(format!("  party: {party}"));
    fm.push(format!("  paragraph: {}", quoted(&paragraph)));
    match meeting_date {
        Some(d) => fm.push(format!("  meeting_date: {d}")),
        None => fm.push("  # meeting_date: YYYY-MM-DD   # unknown when left out".into()),
    }
    fm.push(format!("  type: {decision_type}"));
    if req.points.is_empty() {
        fm.push("  points: []   # the numbered decision points, word for word".into());
    } else {
        fm.push("  points:".into());
        for p in &req.points {
            fm.push(format!("    - {}", quoted(p)));
        }
    }
    let refs: Vec<String> = concerns.iter().map(|c| quoted(c)).collect();
    fm.push(format!("  concerns: [{}]", refs.join(", ")));
    let text = format!(
        "---\n{}\n---\n\nSkriv protokollsutdragets text här.\n",
        fm.join("\n")
    );
    journal.create(root, &Path::new(FOLDER).join(format!("{id}.md")), &text)
}

/// `proposal`/`förslag`/`forslag` or `decision`/`beslut`, as the front matter accepts them.
fn parse_type(s: &str) -> Result<&'static str> {
    use crate::content::frontmatter::DecisionType;
    match serde_saphyr::from_str::<DecisionType>(s.trim()) {
        Ok(DecisionType::Proposal) => Ok("proposal"),
        Ok(DecisionType::Decision) => Ok("decision"),
        Err(_) => Err(Error::Usage(format!(
            "--type `{s}` is neither a proposal nor a decision\n  hint: `proposal` (förslag) or `decision` (beslut)"
        ))),
    }
}

/// `gagnef` + `KS § 179` + 2025-12-01 → `gagnef-ks-2025-179`: the party, the paragraph's
/// letters, the meeting year, the paragraph's number.
fn derive_id(party: &str, paragraph: &str, date: Option<Date>) -> String {
    let slug = crate::text::slug::path_slug(&paragraph.replace('§', " "));
    let words: Vec<&str> = slug
        .split('-')
        .filter(|w| !w.is_empty() && *w != "paragraf")
        .collect();
    let (letters, numbers): (Vec<&str>, Vec<&str>) = words
        .iter()
        .partition(|w| !w.bytes().all(|b| b.is_ascii_digit()));
    let mut parts = vec![party.to_string()];
    parts.extend(letters.iter().map(|s| s.to_string()));
    if let Some(d) = date {
        parts.push(d.year.to_string());
    }
    parts.extend(numbers.iter().map(|s| s.to_string()));
    parts.join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_bundled_decisions() {
        let d = Date::parse("2025-12-01");
        assert_eq!(derive_id("gagnef", "KS § 179", d), "gagnef-ks-2025-179");
        assert_eq!(derive_id("gagnef", "SN § 73", None), "gagnef-sn-73");
        assert_eq!(derive_id("falun", "Kf §12", d), "falun-kf-2025-12");
    }

    #[test]
    fn types_accept_swedish() {
        assert_eq!(parse_type("förslag").unwrap(), "proposal");
        assert_eq!(parse_type("beslut").unwrap(), "decision");
        assert!(parse_type("kanske").is_err());
    }
}
