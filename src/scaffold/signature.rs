//! `styrdok new signature AGREEMENT[/vN] PARTY`: appends one signature to
//! `agreements/underskrifter.yaml` as text, so every existing line and comment stays as it was,
//! and checks the result reads back before anything is written.

use std::path::{Path, PathBuf};

use crate::content::data::SignatureFile;
use crate::content::load::SIGNATURES_FILE;
use crate::error::{Error, Result};

use super::{Journal, parse_date, quoted, require_party};

#[derive(Debug, Clone)]
pub struct NewSignature {
    /// `avtal` or `avtal/v2` (an `@` in front is accepted).
    pub agreement: String,
    pub party: String,
    pub name: String,
    pub title: String,
    pub date: String,
    /// The decision the signature rests on, when given.
    pub decision: Option<String>,
}

/// Appends the signature; returns the signatures file's path relative to `root`.
pub fn signature(root: &Path, req: &NewSignature, journal: &mut Journal) -> Result<PathBuf> {
    let site = super::load(root)?;
    let spec = req.agreement.trim_start_matches('@');
    let (id, version) = match spec.split_once('/') {
        Some((id, v)) => (id, Some(v)),
        None => (spec, None),
    };
    let doc = super::require_doc(&site, id)?;
    if !crate::agreements::tracker::is_tracked(doc) {
        return Err(Error::Usage(format!(
            "`{id}` is not an agreement with parties; only those are signed\n  hint: give the agreement `parties:` in its front matter"
        )));
    }
    // A versioned agreement is signed in one version: the latest unless one is named.
    let version = match version {
        Some(v) => {
            crate::find_version(&site, id, v)?;
            Some(v.to_string())
        }
        None => doc.latest().name.clone(),
    };
    let target = match &version {
        Some(v) => format!("@{id}/{v}"),
        None => format!("@{id}"),
    };
    require_party(&site, &req.party)?;
    let vi = match &version {
        Some(v) => doc.version(v).map(|(i, _)| i).expect("found above"),
        None => doc.versions.len() - 1,
    };
    let parties = &doc.versions[vi].fm.parties;
    if !parties.iter().any(|p| p.value == req.party) {
        let ids: Vec<&str> = parties.iter().map(|p| p.value.as_str()).collect();
        return Err(Error::Usage(format!(
            "`{}` is not a party to {target}; its parties are {}",
            req.party,
            ids.join(", ")
        )));
    }
    let date = parse_date(&req.date, "signature date")?;
    for (what, value) in [("--name", &req.name), ("--title", &req.title)] {
        if value.trim().is_empty() {
            return Err(Error::Usage(format!("{what} must not be empty")));
        }
    }
    let decision = match &req.decision {
        Some(d) => {
            let r = format!("@{}", d.trim_start_matches('@'));
            let Some(res) = site.resolve_ref(&r) else {
                super::require_doc(&site, r.trim_start_matches('@'))?;
                return Err(Error::Usage(format!("`{r}` names no document of the site")));
            };
            if site.documents[res.doc].kind != crate::content::frontmatter::Kind::Decision {
                return Err(Error::Usage(format!("`{r}` is not a decision")));
            }
            Some(r)
        }
        None => None,
    };
    let same = |a: &str, p: &str| {
        let a = a.trim_start_matches('@');
        p == req.party && (a == target.trim_start_matches('@') || (version.is_none() && a == id))
    };
    if site
        .data
        .signatures
        .signatures
        .iter()
        .any(|s| same(&s.agreement.value, &s.party.value))
    {
        return Err(Error::Usage(format!(
            "`{}` has already signed {target} in {SIGNATURES_FILE}",
            req.party
        )));
    }

    let mut entry = vec![
        format!("- agreement: {}", quoted(&target)),
        format!("  party: {}", req.party),
        format!("  name: {}", quoted(req.name.trim())),
        format!("  title: {}", quoted(req.title.trim())),
        format!("  date: {date}"),
    ];
    if let Some(d) = decision {
        entry.push(format!("  decision: {}", quoted(&d)));
    }

    let rel = PathBuf::from(SIGNATURES_FILE);
    let path = root.join(&rel);
    if std::fs::symlink_metadata(&path).is_ok()
        && let Err(refused) = crate::fsx::admit(root, &path)
    {
        return Err(Error::Usage(format!(
            "{SIGNATURES_FILE}: {}; styrdok does not write to it",
            crate::fsx::refused_message(&refused)
        )));
    }
    let old = match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io("read", &path, e)),
    };
    let before = old
        .as_deref()
        .map(read_back)
        .transpose()?
        .map_or(0, |f| f.signatures.len());
    let new = append(old.as_deref().unwrap_or(""), &entry)?;
    let after = read_back(&new)?;
    if after.signatures.len() != before + 1
        || after.signatures.last().map(|s| s.party.value.as_str()) != Some(req.party.as_str())
    {
        return Err(Error::Usage(format!(
            "{SIGNATURES_FILE} has a layout styrdok cannot append to safely; nothing was written\n  hint: add the signature by hand (see docs/authoring.md, \"Signatures\")"
        )));
    }
    journal.replace(&path, old.as_deref().map(str::as_bytes), new.as_bytes())?;
    Ok(rel)
}

fn read_back(text: &str) -> Result<SignatureFile> {
    serde_saphyr::from_str::<SignatureFile>(text).map_err(|e| {
        Error::Usage(format!(
            "{SIGNATURES_FILE} does not read ({e}); nothing was written\n  hint: run `styrdok check` and correct it first"
        ))
    })
}

/// `text` with `entry` (lines of one list item, unindented) added at the end of the
/// `signatures:` list, which is made when missing. Everything else stays byte for byte.
fn append(text: &str, entry: &[String]) -> Result<String> {
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let key = lines.iter().position(|l| l.starts_with("signatures:"));
    let block =
        |indent: &str| -> String { entry.iter().map(|l| format!("{indent}{l}{nl}")).collect() };
    let Some(k) = key else {
        // No list yet: a new one at the end.
        let mut out = text.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str(nl);
        }
        out.push_str("signatures:");
        out.push_str(nl);
        out.push_str(&block("  "));
        return Ok(out);
    };
    let rest = lines[k]["signatures:".len()..].trim();
    let rest_value = rest.split(" #").next().unwrap_or("").trim();
    if rest_value == "[]" {
        // An empty flow list: that one line becomes the block list's key, its comment kept.
        let mut out: String = lines[..k].concat();
        out.push_str("signatures:");
        if let Some(comment) = rest.find('#').map(|i| &rest[i..]) {
            out.push_str("  ");
            out.push_str(comment);
        }
        out.push_str(nl);
        out.push_str(&block("  "));
        out.push_str(&lines[k + 1..].concat());
        return Ok(out);
    }
    if !rest_value.is_empty() && !rest_value.starts_with('#') {
        return Err(Error::Usage(format!(
            "{SIGNATURES_FILE}: `signatures:` is not a block list; nothing was written\n  hint: write the list one `- agreement: …` item per signature, or add the signature by hand"
        )));
    }
    // The list runs until the next top-level key; the new item goes after its last item line,
    // before any blank or comment lines that lead to the next key.
    let mut end = lines.len();
    for (i, l) in lines.iter().enumerate().skip(k + 1) {
        let first = l.chars().next().unwrap_or('\n');
        if !matches!(first, ' ' | '\t' | '-' | '#' | '\n' | '\r') {
            end = i;
            break;
        }
    }
    let mut insert = end;
    while insert > k + 1 {
        let t = lines[insert - 1].trim();
        if t.is_empty() || t.starts_with('#') {
            insert -= 1;
        } else {
            break;
        }
    }
    let indent: String = lines[k + 1..end]
        .iter()
        .find(|l| l.trim_start().starts_with('-'))
        .map(|l| l[..l.len() - l.trim_start().len()].to_string())
        .unwrap_or_else(|| "  ".into());
    let mut out: String = lines[..insert].concat();
    if !out.ends_with('\n') {
        out.push_str(nl);
    }
    out.push_str(&block(&indent));
    out.push_str(&lines[insert..].concat());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Vec<String> {
        vec!["- agreement: \"@a\"".into(), "  party: p".into()]
    }

    #[test]
    fn appends_keep_comments_and_other_keys() {
        let text = "# head\nsignatures:\n  - agreement: \"@a\"\n    party: q # note\n\n# declines\ndeclined:\n  - { agreement: \"@a\", party: r }\n";
        assert_eq!(
            append(text, &entry()).unwrap(),
            "# head\nsignatures:\n  - agreement: \"@a\"\n    party: q # note\n  - agreement: \"@a\"\n    party: p\n\n# declines\ndeclined:\n  - { agreement: \"@a\", party: r }\n"
        );
    }

    #[test]
    fn an_empty_list_or_none_gets_one() {
        assert_eq!(
            append("# c\nsignatures: []  # none yet\n", &entry()).unwrap(),
            "# c\nsignatures:  # none yet\n  - agreement: \"@a\"\n    party: p\n"
        );
        assert_eq!(
            append("declined: []", &entry()).unwrap(),
            "declined: []\nsignatures:\n  - agreement: \"@a\"\n    party: p\n"
        );
        assert_eq!(
            append("signatures:\n- agreement: x\n  party: y\n", &entry()).unwrap(),
            "signatures:\n- agreement: x\n  party: y\n- agreement: \"@a\"\n  party: p\n"
        );
        assert!(append("signatures: [{agreement: x}]\n", &entry()).is_err());
    }
}
