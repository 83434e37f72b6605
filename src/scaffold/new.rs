//! `styrdok new document` and `styrdok new version`: a new document of any kind with its
//! front matter, and the next version of a document as a copy of its latest one.

use std::path::{Path, PathBuf};

use crate::content::date::Date;
use crate::content::frontmatter::Kind;
use crate::error::{Error, Result};

use super::{Journal, quoted, require_slug};

/// What `new document` was asked for.
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// The kind as typed: English (`agreement`) or Swedish (`avtal`).
    pub kind: String,
    pub id: String,
    pub title: Option<String>,
    /// Who keeps a routine (`kind: routine` needs one).
    pub owner: Option<String>,
    /// The parties (ids in `data/parter.yaml`), for a document that has parties.
    pub parties: Vec<String>,
}

/// Reads a kind as the front matter does, Swedish spellings included.
pub fn parse_kind(s: &str) -> Result<Kind> {
    serde_saphyr::from_str::<Kind>(s.trim()).map_err(|_| {
        let keys: Vec<&str> = Kind::ALL.iter().map(|k| k.key()).collect();
        Error::Usage(format!(
            "unknown kind `{s}`\n  hint: one of {} (or the Swedish spellings in docs/authoring.md)",
            keys.join(", ")
        ))
    })
}

/// The folder a new document of `kind` goes to.
fn folder_of(kind: Kind) -> &'static str {
    if kind.is_agreement() {
        "agreements"
    } else {
        "content"
    }
}

/// Writes a new, unversioned document; returns its path relative to `root`.
pub fn document(
    root: &Path,
    req: &NewDocument,
    today: Date,
    journal: &mut Journal,
) -> Result<PathBuf> {
    let kind = parse_kind(&req.kind)?;
    if kind == Kind::Decision {
        return Err(Error::Usage(
            "a decision carries its organ, party and paragraph\n  hint: use `styrdok new decision` (see `styrdok new decision --help`)".into(),
        ));
    }
    require_slug(&req.id, "document id")?;
    let site = super::load(root)?;
    if let Some(d) = site.doc(&req.id) {
        return Err(Error::Usage(format!(
            "a document with id `{}` already exists: {}\n  hint: choose another id, or start its next version with `styrdok new version {}`",
            req.id,
            d.latest().path.display(),
            req.id
        )));
    }
    if site.external(&req.id).is_some() {
        return Err(Error::Usage(format!(
            "`{}` is already the id of a document listed in data/externa-dokument.yaml\n  hint: choose another id",
            req.id
        )));
    }
    for p in &req.parties {
        super::require_party(&site, p)?;
    }
    let owner = match (kind, &req.owner) {
        (Kind::Routine, None) => {
            let answer = super::ask_missing(&[("owner", "Who keeps the routine")])?;
            Some(non_empty(answer.into_iter().next(), "owner")?)
        }
        (_, o) => o.clone(),
    };
    let title = req.title.clone().unwrap_or_else(|| title_from_id(&req.id));
    let mut fm = vec![
        format!("id: {}", req.id),
        format!("kind: {}", kind.key()),
        format!("title: {}", quoted(&title)),
        format!("date: {today}"),
        "status: draft".to_string(),
    ];
    let signed = kind.is_agreement() || kind == Kind::LetterOfIntent;
    if !req.parties.is_empty() {
        fm.push(format!("parties: [{}]", req.parties.join(", ")));
    } else if signed {
        fm.push("# parties: [party-id, …]   # ids from data/parter.yaml".into());
    }
    if signed {
        fm.push("numbered: true".into());
    }
    if kind == Kind::Routine {
        fm.push("audience: internal".into());
        if let Some(owner) = owner {
            fm.push(format!("owner: {}", quoted(&owner)));
        }
        fm.push(format!("reviewed: {today}"));
        fm.push("# next_review: YYYY-MM-DD".into());
    }
    let mut text = format!(
        "---\n{}\n---\n\nSkriv dokumentets text här.\n",
        fm.join("\n")
    );
    if signed && !req.parties.is_empty() {
        text.push_str("\n## Parter {#parter}\n\n{{< parties >}}\n\n## Underskrifter {#underskrifter}\n\n{{< signature-block >}}\n");
    }
    let rel = Path::new(folder_of(kind)).join(format!("{}.md", req.id));
    journal.create(root, &rel, &text)
}

fn non_empty(answer: Option<String>, flag: &str) -> Result<String> {
    match answer {
        Some(a) if !a.trim().is_empty() => Ok(a.trim().to_string()),
        _ => Err(Error::Usage(format!("--{flag} must not be empty"))),
    }
}

/// `samverkansavtal-norra` → `Samverkansavtal norra`: a title to start from.
fn title_from_id(id: &str) -> String {
    let words = id.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What `new version` wrote: the new file, and the old one when it had to be named `v1`.
#[derive(Debug)]
pub struct NewVersion {
    pub written: PathBuf,
    pub name: String,
    /// The unversioned document's file, given `version: v1` (and `date: unknown` when it had
    /// no date); nothing else in it changes.
    pub renamed_v1: Option<PathBuf>,
}

/// Copies the latest version of `id` to its next `vN`, dated `today`, status `draft`, without
/// the old version's `source:` (where the old text came from). The old file stays as it was;
/// an unversioned document first becomes `v1` by one added line.
pub fn version(root: &Path, id: &str, today: Date, journal: &mut Journal) -> Result<NewVersion> {
    let site = super::load(root)?;
    let doc = super::require_doc(&site, id)?;
    let latest = doc.latest();
    let old_rel = latest.path.clone();
    let old_path = root.join(&old_rel);
    let old_text = crate::fsx::read_to_string(&old_path)?;
    let lines = front_matter_lines(&old_text).ok_or_else(|| {
        Error::Usage(format!(
            "{} has no front matter that styrdok can copy",
            old_rel.display()
        ))
    })?;
    let (number, renamed_v1) = match &latest.name {
        Some(name) => (version_number(name).ok_or_else(|| {
            Error::Usage(format!(
                "the latest version of `{id}` is named `{name}`, which is not `vN`\n  hint: styrdok numbers versions v1, v2 …; rename the version to `vN` first"
            ))
        })?, None),
        None => {
            if doc.versions.len() > 1 {
                return Err(Error::Usage(format!(
                    "`{id}` has several files but no version names\n  hint: run `styrdok check` and give each file a `version:`"
                )));
            }
            // The one file becomes v1: a line is added, nothing else changes.
            let mut add = vec!["version: v1".to_string()];
            if find_key(&old_text, &lines, "date").is_none() {
                add.push("date: unknown".into());
            }
            let id_line = find_key(&old_text, &lines, "id").ok_or_else(|| {
                Error::Usage(format!("{} has no `id:` line", old_rel.display()))
            })?;
            let patched = insert_after(&old_text, id_line, &add);
            (1, Some(patched))
        }
    };
    let name = format!("v{}", number + 1);
    if doc.version(&name).is_some() {
        return Err(Error::Usage(format!(
            "`{id}` already has a version `{name}`"
        )));
    }
    // The copy: version, date and status replaced (or added after `id:`), the rest as it is.
    let mut text = old_text.clone();
    let mut add_after_id = Vec::new();
    for (key, value) in [
        ("version", name.clone()),
        ("date", today.to_string()),
        ("status", "draft".to_string()),
    ] {
        let lines = front_matter_lines(&text).expect("checked above");
        match find_key(&text, &lines, key) {
            Some(i) => text = replace_line(&text, i, &format!("{key}: {value}")),
            None => add_after_id.push(format!("{key}: {value}")),
        }
    }
    // `source:` says where the old version's text comes from; the new draft has no source yet.
    let lines = front_matter_lines(&text).expect("checked above");
    if let Some(i) = find_key(&text, &lines, "source") {
        let end = text[i..].find('\n').map_or(text.len(), |e| i + e + 1);
        let continues = text[end..].starts_with([' ', '\t']);
        if !continues {
            text = format!("{}{}", &text[..i], &text[end..]);
        }
    }
    if !add_after_id.is_empty() {
        let lines = front_matter_lines(&text).expect("checked above");
        let id_line = find_key(&text, &lines, "id")
            .ok_or_else(|| Error::Usage(format!("{} has no `id:` line", old_rel.display())))?;
        text = insert_after(&text, id_line, &add_after_id);
    }
    let new_rel = next_path(&old_rel, latest.name.as_deref(), &name, id);
    let written = journal.create(root, &new_rel, &text)?;
    let renamed_v1 = match renamed_v1 {
        Some(patched) => {
            // Written only once the new version is safely on disk.
            journal.replace(&old_path, Some(old_text.as_bytes()), patched.as_bytes())?;
            Some(old_rel)
        }
        None => None,
    };
    Ok(NewVersion {
        written,
        name,
        renamed_v1,
    })
}

/// `v3` → 3.
fn version_number(name: &str) -> Option<u32> {
    let n = name.strip_prefix('v')?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) || n.starts_with('0') {
        return None;
    }
    n.parse().ok()
}

/// Where version `name` of the document whose latest file is `old` goes: `…/v2.md` beside a
/// `v1.md`; `avtal-v3.md` for `avtal-v2.md`; otherwise `<id>-<name>.md` beside the old file.
fn next_path(old: &Path, old_name: Option<&str>, name: &str, id: &str) -> PathBuf {
    let dir = old.parent().unwrap_or(Path::new(""));
    let stem = old.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if let Some(old_name) = old_name {
        if stem == old_name {
            return dir.join(format!("{name}.md"));
        }
        if let Some(base) = stem.strip_suffix(&format!("-{old_name}")) {
            return dir.join(format!("{base}-{name}.md"));
        }
    }
    dir.join(format!("{id}-{name}.md"))
}

/// The byte ranges of the front-matter lines (between the `---` lines), without line ends.
fn front_matter_lines(text: &str) -> Option<Vec<(usize, usize)>> {
    let mut lines = Vec::new();
    let mut offset = 0;
    let mut first = true;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let start = offset;
        offset += line.len();
        if first {
            if content.trim_start_matches('\u{feff}').trim_end() != "---" {
                return None;
            }
            first = false;
            continue;
        }
        if matches!(content.trim_end(), "---" | "...") {
            return Some(lines);
        }
        lines.push((start, start + content.len()));
    }
    None
}

/// The byte offset in `text` of the top-level `key:` line among the front-matter `lines`.
fn find_key(text: &str, lines: &[(usize, usize)], key: &str) -> Option<usize> {
    let prefix = format!("{key}:");
    lines
        .iter()
        .position(|&(s, e)| {
            let line = &text[s..e];
            line.starts_with(&prefix)
        })
        .map(|i| lines[i].0)
}

/// `text` with the line starting at byte `start` replaced by `new` (its line end kept).
fn replace_line(text: &str, start: usize, new: &str) -> String {
    let end = text[start..]
        .find(['\r', '\n'])
        .map_or(text.len(), |i| start + i);
    format!("{}{}{}", &text[..start], new, &text[end..])
}

/// `text` with `lines` inserted after the line starting at byte `start`, in its line ending.
fn insert_after(text: &str, start: usize, new: &[String]) -> String {
    let rest = &text[start..];
    let line_end = rest.find('\n').map_or(text.len(), |i| start + i + 1);
    let nl = if text[start..line_end].ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str(&text[..line_end]);
    if !out.ends_with('\n') {
        out.push_str(nl);
    }
    for l in new {
        out.push_str(l);
        out.push_str(nl);
    }
    out.push_str(&text[line_end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_version_goes_beside_the_old_one() {
        let p = |old: &str, n: Option<&str>, new: &str| {
            next_path(Path::new(old), n, new, "avtal")
                .display()
                .to_string()
        };
        assert_eq!(
            p("content/slutrapport/v1.md", Some("v1"), "v2"),
            "content/slutrapport/v2.md"
        );
        assert_eq!(
            p("agreements/avtal-v2.md", Some("v2"), "v3"),
            "agreements/avtal-v3.md"
        );
        assert_eq!(
            p("agreements/avtal.md", Some("v1"), "v2"),
            "agreements/avtal-v2.md"
        );
        assert_eq!(
            p("agreements/avtal.md", None, "v2"),
            "agreements/avtal-v2.md"
        );
    }

    #[test]
    fn only_vn_is_numbered() {
        assert_eq!(version_number("v12"), Some(12));
        for bad in ["2025-04", "v", "v01", "V2", "v2a"] {
            assert_eq!(version_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn front_matter_edits_keep_the_rest() {
        let text =
            "---\nid: a\r\nkind: page\n# date: not this\ndate: 2025-01-01\n---\nbody\ndate: x\n";
        let lines = front_matter_lines(text).unwrap();
        let d = find_key(text, &lines, "date").unwrap();
        assert_eq!(
            replace_line(text, d, "date: 2026-01-01"),
            text.replace("date: 2025-01-01", "date: 2026-01-01")
        );
        let i = find_key(text, &lines, "id").unwrap();
        assert_eq!(
            insert_after(text, i, &["version: v1".into()]),
            "---\nid: a\r\nversion: v1\r\nkind: page\n# date: not this\ndate: 2025-01-01\n---\nbody\ndate: x\n"
        );
        assert!(find_key(text, &lines, "title").is_none());
    }
}
