//! Thin wrappers over `std::fs` whose errors always name the path they failed on, and the
//! one symlink policy of everything that reads the site's sources ([`admit`]).

use std::fs;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostics, Pos};
use crate::error::{Error, Result};

/// Why a path under the site root is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Through a symlink, it leads to this real path outside the site root.
    Outside(PathBuf),
    /// It is a symlink that leads nowhere (or to something that cannot be resolved).
    Broken,
}

/// The symlink policy of build, check and preview alike: a file or folder found under the
/// site `root` is read only when its real path, with every symlink resolved, lies inside the
/// real path of the root. What is not a symlink and lies in an admitted folder is admitted
/// without a look, so the cost is one `lstat` per file and a `realpath` per symlink.
pub fn admit(root: &Path, path: &Path) -> std::result::Result<(), Refused> {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let plain = path.strip_prefix(root).is_ok_and(|rel| {
        rel.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
    });
    if !is_link && plain && !has_linked_ancestor(root, path) {
        return Ok(());
    }
    let real = fs::canonicalize(path).map_err(|_| Refused::Broken)?;
    let real_root = fs::canonicalize(root).map_err(|_| Refused::Broken)?;
    if real.starts_with(&real_root) {
        Ok(())
    } else {
        Err(Refused::Outside(real))
    }
}

/// Whether a folder between `root` and `path` is a symlink.
fn has_linked_ancestor(root: &Path, path: &Path) -> bool {
    path.ancestors()
        .skip(1)
        .take_while(|a| *a != root && a.starts_with(root))
        .any(|a| fs::symlink_metadata(a).is_ok_and(|m| m.file_type().is_symlink()))
}

/// [`admit`]; a refused path becomes a warning naming it (relative to `root`) and `false`.
pub fn admit_or_warn(root: &Path, path: &Path, diags: &Diagnostics) -> bool {
    match admit(root, path) {
        Ok(()) => true,
        Err(refused) => {
            diags.warning(
                path.strip_prefix(root).unwrap_or(path),
                Pos::START,
                refused_message(&refused),
                "styrdok reads only files whose real path lies inside the site root: copy the file into the site instead of linking to it",
            );
            false
        }
    }
}

/// "is a symlink to … outside the site root; it is not read".
pub fn refused_message(refused: &Refused) -> String {
    match refused {
        Refused::Outside(real) => format!(
            "skipped: its real path {} lies outside the site root; it is neither read nor published",
            real.display()
        ),
        Refused::Broken => "skipped: a symlink that leads nowhere".into(),
    }
}

pub fn read_to_string(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| Error::io("read", path, e))
}

pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    fs::write(path, bytes).map_err(|e| Error::io("write", path, e))
}

pub fn create_dir_all(path: &Path) -> Result<()> {
    fs::create_dir_all(path).map_err(|e| Error::io("create directory", path, e))
}

pub fn remove_dir_all(path: &Path) -> Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(Error::io("remove directory", path, e))
        }
        _ => Ok(()),
    }
}

pub fn rename(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to).map_err(|e| Error::io("move into place", to, e))
}
