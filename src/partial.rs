//! Answering for some documents when others have errors: `styrdok diff` and `styrdok status`
//! load the site as `check` does, errors and all, and answer for the documents asked about
//! when none of the errors can touch the answer. An error touches it when it lies in:
//!
//! - a file of the document (any version), or a document file that did not load and names
//!   its id (it may be a version of it), or `styrdok.yaml`;
//! - for a status, also a document whose decision concerns it, the signatures file, or the
//!   parties file (data/parter.yaml): the evidence the tracker reads.
//!
//! Anything else (a broken link in another document, a bad budget row) leaves the answer as
//! it is; the errors are still reported.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::content::load::CONFIG_FILE;
use crate::diag::{Diagnostic, Severity};
use crate::resolve::Site;

/// What an answer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    /// The versions of the document (`diff`).
    Versions,
    /// Its versions and the decisions and signatures on them (`status`).
    Evidence,
}

/// The errors among `diags` that touch an answer about document `id`.
pub fn errors_touching<'a>(
    root: &Path,
    site: &Site,
    diags: &'a [Diagnostic],
    id: &str,
    reads: Reads,
) -> Vec<&'a Diagnostic> {
    let errors: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if errors.is_empty() {
        return errors;
    }
    let loaded: BTreeSet<&Path> = site
        .documents
        .iter()
        .flat_map(|d| d.versions.iter().map(|v| v.path.as_path()))
        .collect();
    let mut touching: BTreeSet<PathBuf> = BTreeSet::new();
    touching.insert(PathBuf::from(CONFIG_FILE));
    if let Some(d) = site.doc(id) {
        touching.extend(d.versions.iter().map(|v| v.path.clone()));
    }
    if reads == Reads::Evidence {
        touching.insert(site.data.path_of("parties"));
        touching.insert(site.data.signatures_path());
        for d in &site.documents {
            let concerns = d.versions.iter().any(|v| {
                v.fm.decision
                    .as_ref()
                    .is_some_and(|m| m.concerns.iter().any(|c| names(&c.value, id)))
            });
            if concerns {
                touching.extend(d.versions.iter().map(|v| v.path.clone()));
            }
        }
    }
    errors
        .into_iter()
        .filter(|e| {
            touching.contains(&e.path)
                || (!loaded.contains(e.path.as_path())
                    && is_document_path(&e.path)
                    && std::fs::read_to_string(root.join(&e.path))
                        .map_or(true, |text| mentions(&text, id)))
        })
        .collect()
}

/// `@id`, `@id/v2` or `@id#section` names document `id`.
fn names(reference: &str, id: &str) -> bool {
    reference
        .strip_prefix('@')
        .and_then(|r| r.strip_prefix(id))
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '#']))
}

fn is_document_path(path: &Path) -> bool {
    crate::content::load::DOCUMENT_DIRS
        .iter()
        .any(|d| path.starts_with(d))
}

/// Whether `text` holds `id` as a whole word (not inside a longer id).
fn mentions(text: &str, id: &str) -> bool {
    let is_id_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    text.match_indices(id).any(|(i, _)| {
        !text[..i].chars().next_back().is_some_and(is_id_char)
            && !text[i + id.len()..].chars().next().is_some_and(is_id_char)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_named_only_as_a_whole() {
        assert!(names("@avtal", "avtal"));
        assert!(names("@avtal/v2", "avtal"));
        assert!(names("@avtal#syfte", "avtal"));
        assert!(!names("@avtal-2", "avtal"));
        assert!(!names("avtal", "avtal"));
        assert!(mentions("id: avtal\n", "avtal"));
        assert!(!mentions("id: avtal-2\n", "avtal"));
        assert!(!mentions("id: litet-avtal\n", "avtal"));
    }
}
