//! The maintainer's commands that write sources: `styrdok init` (a new site from templates
//! embedded in the binary) and `styrdok new` (a document, a version, a decision, a signature).
//!
//! Each writes new files only (a signature is appended to the signatures file as text, keeping
//! its comments), never overwrites one, checks the ids it is given against the site, and
//! returns the paths it wrote so the command can print them.

pub mod decision;
pub mod init;
pub mod new;
pub mod signature;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::content::date::Date;
use crate::diag::Diagnostics;
use crate::error::{Error, Result};
use crate::resolve::Site;
use crate::resolve::slugs::is_slug;

/// Loads and resolves the site at `root` for a `new` command. Problems elsewhere in the content
/// do not stop it: the command only needs the ids, versions and parties that did load.
pub fn load(root: &Path) -> Result<Site> {
    let diags = Diagnostics::new();
    let loaded = crate::content::load::load(root, &diags)?;
    Ok(crate::resolve::resolve(loaded, &diags))
}

/// A usage error when `id` (a `what`: document id, party id …) is not a slug.
pub fn require_slug(id: &str, what: &str) -> Result<()> {
    if is_slug(id) {
        return Ok(());
    }
    let suggestion = crate::text::slug::path_slug(id);
    let mut msg = format!(
        "{what} `{id}` is not a slug\n  hint: ids name folders of the site: lowercase letters a–z, digits and single hyphens (write å and ä as a, ö as o)"
    );
    if is_slug(&suggestion) {
        msg.push_str(&format!("; did you mean `{suggestion}`?"));
    }
    Err(Error::Usage(msg))
}

/// A usage error when `party` is not in `data/parter.yaml`, with the closest id.
pub fn require_party(site: &Site, party: &str) -> Result<()> {
    require_slug(party, "party id")?;
    if site.party(party).is_some() {
        return Ok(());
    }
    let ids = site.parties.iter().map(|p| p.id.value.as_str());
    let hint = match crate::resolve::closest(party, ids) {
        Some(c) => format!("did you mean `{c}`?"),
        None => "add the party to data/parter.yaml first (see docs/data.md)".into(),
    };
    Err(Error::Usage(format!(
        "unknown party `{party}`: it is not in data/parter.yaml\n  hint: {hint}"
    )))
}

/// A usage error when no document has `id`, with the closest id.
pub fn require_doc<'a>(site: &'a Site, id: &str) -> Result<&'a crate::resolve::Document> {
    require_slug(id, "document id")?;
    if let Some(d) = site.doc(id) {
        return Ok(d);
    }
    let hint = match crate::resolve::closest(id, site.documents.iter().map(|d| d.id.as_str())) {
        Some(c) => format!("did you mean `{c}`?"),
        None => "`styrdok new document KIND ID` starts a new document".into(),
    };
    Err(Error::Usage(format!(
        "no document with id `{id}`\n  hint: {hint}"
    )))
}

/// Parses a date the user typed (`YYYY-MM-DD`, or `today`).
pub fn parse_date(s: &str, what: &str) -> Result<Date> {
    if s == "today" {
        return Ok(Date::today());
    }
    Date::parse(s).ok_or_else(|| {
        Error::Usage(format!(
            "{what} `{s}` is not a date\n  hint: write dates as YYYY-MM-DD, e.g. 2025-04-11"
        ))
    })
}

/// Writes `text` to the new file `root/rel`, creating its folder; an existing file is an
/// error and stays as it was.
pub fn write_new(root: &Path, rel: &Path, text: &str) -> Result<PathBuf> {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        admit_folder(root, dir)?;
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create directory", dir, e))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::Usage(format!(
                    "{} already exists; styrdok never overwrites a file\n  hint: choose another id, or edit the file",
                    rel.display()
                ))
            } else {
                Error::io("create", &path, e)
            }
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io("write", &path, e))?;
    Ok(rel.to_path_buf())
}

/// A YAML scalar in double quotes, for text the user typed (titles, names, organs).
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Answers the questions for missing values: on a terminal, asks each in turn; otherwise
/// fails naming every flag that is missing.
pub fn ask_missing(missing: &[(&str, &str)]) -> Result<Vec<String>> {
    use std::io::{BufRead, IsTerminal};
    if missing.is_empty() {
        return Ok(Vec::new());
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let flags: Vec<String> = missing.iter().map(|(f, _)| format!("--{f}")).collect();
        return Err(Error::Usage(format!(
            "missing {}\n  hint: give them as flags, or run the command on a terminal to be asked",
            flags.join(", ")
        )));
    }
    let mut answers = Vec::new();
    let mut lines = stdin.lock();
    for (flag, question) in missing {
        let mut stderr = std::io::stderr().lock();
        let _ = write!(stderr, "{question} (--{flag}): ");
        let _ = stderr.flush();
        let mut line = String::new();
        lines
            .read_line(&mut line)
            .map_err(|e| Error::io("read", Path::new("<stdin>"), e))?;
        answers.push(line.trim().to_string());
    }
    Ok(answers)
}

/// Refuses to write into `dir` (under `root`) when the nearest folder of it that exists leads
/// out of the site through a symlink: styrdok writes only where it reads.
fn admit_folder(root: &Path, dir: &Path) -> Result<()> {
    let Some(existing) = dir.ancestors().find(|a| a.exists()) else {
        return Ok(());
    };
    if !existing.starts_with(root) {
        return Ok(());
    }
    crate::fsx::admit(root, existing).map_err(|refused| {
        Error::Usage(format!(
            "{}: {}; styrdok does not write there",
            existing.display(),
            crate::fsx::refused_message(&refused)
        ))
    })
}

/// Replaces the file at `path` with `bytes` in one rename, so a reader (or a crash) never sees
/// half of it. A symlink stays a symlink: the file it leads to is replaced.
pub fn replace_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let real;
    let path = if is_link {
        real = std::fs::canonicalize(path).map_err(|e| Error::io("resolve", path, e))?;
        real.as_path()
    } else {
        path
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create directory", dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.styrdok-new"));
    std::fs::write(&tmp, bytes).map_err(|e| Error::io("write", &tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io("replace", path, e)
    })
}

/// What a `new` command wrote, so it can be taken back when the result does not check clean.
#[derive(Debug, Default)]
pub struct Journal {
    /// Files made: removed on undo.
    created: Vec<PathBuf>,
    /// Files replaced, with their old bytes: restored on undo.
    replaced: Vec<(PathBuf, Vec<u8>)>,
}

impl Journal {
    /// [`write_new`], remembered.
    pub fn create(&mut self, root: &Path, rel: &Path, text: &str) -> Result<PathBuf> {
        let written = write_new(root, rel, text)?;
        self.created.push(root.join(rel));
        Ok(written)
    }

    /// [`replace_file`], remembering the old bytes (none: the file is new).
    pub fn replace(&mut self, path: &Path, old: Option<&[u8]>, bytes: &[u8]) -> Result<()> {
        replace_file(path, bytes)?;
        match old {
            Some(old) => self.replaced.push((path.to_path_buf(), old.to_vec())),
            None => self.created.push(path.to_path_buf()),
        }
        Ok(())
    }

    /// Takes back everything written, newest first.
    fn undo(self) {
        for (path, old) in self.replaced.into_iter().rev() {
            let _ = replace_file(&path, &old);
        }
        for path in self.created.into_iter().rev() {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Runs a `new` command and checks the site before and after: when what it wrote brings a new
/// error, everything it wrote is taken back and the errors are the command's error. Returns
/// what the command returned and the new warnings, if any.
pub fn checked<T>(
    root: &Path,
    op: impl FnOnce(&mut Journal) -> Result<T>,
) -> Result<(T, Vec<crate::diag::Diagnostic>)> {
    use crate::diag::Severity;
    use std::collections::HashMap;
    let key = |d: &crate::diag::Diagnostic| (d.severity, d.path.clone(), d.message.clone());
    let mut before: HashMap<_, usize> = HashMap::new();
    for d in crate::check(root)? {
        *before.entry(key(&d)).or_default() += 1;
    }
    let mut journal = Journal::default();
    let value = match op(&mut journal) {
        Ok(v) => v,
        Err(e) => {
            journal.undo();
            return Err(e);
        }
    };
    let after = match crate::check(root) {
        Ok(a) => a,
        Err(e) => {
            journal.undo();
            return Err(e);
        }
    };
    // Problems that were there before (anywhere in the site) are not this command's doing.
    let mut added = Vec::new();
    for d in after {
        match before.get_mut(&key(&d)) {
            Some(n) if *n > 0 => *n -= 1,
            _ => added.push(d),
        }
    }
    if added.iter().any(|d| d.severity == Severity::Error) {
        journal.undo();
        let shown: Vec<String> = added
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.to_string())
            .collect();
        return Err(Error::Usage(format!(
            "what this would write does not check clean, so nothing was written:\n{}",
            shown.join("\n")
        )));
    }
    Ok((value, added))
}
