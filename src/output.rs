//! Write: put rendered pages on disk safely.
//!
//! A site is written into a staging directory next to its final place and swapped in only when
//! complete, so an interrupted or failed build leaves the previous site as it was. An output
//! directory must be one styrdok made (it holds a marker file naming its audience); styrdok
//! refuses any other, and never removes anything outside it.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::content::frontmatter::Audience;
use crate::error::{Error, Result};
use crate::fsx;
use crate::render::Page;

/// The marker file in every directory styrdok writes.
pub const MARKER: &str = ".styrdok-output";

/// Folders of a site root that hold sources; an output directory may not be or contain one.
const SOURCE_DIRS: &[&str] = &["content", "agreements", "data", "themes", "src", "tests"];

/// Checks that `out` may be used for the site at `root`, before anything is rendered.
pub fn check_out_dir(root: &Path, out: &Path) -> Result<()> {
    let root = canonical(root)?;
    let out_abs = absolute(out)?;
    if out_abs == root {
        return Err(Error::Output(format!(
            "refusing to write the site into its own source folder {}",
            out.display()
        )));
    }
    if root.starts_with(&out_abs) {
        return Err(Error::Output(format!(
            "refusing output directory {}: it contains the sources",
            out.display()
        )));
    }
    for dir in SOURCE_DIRS {
        if out_abs.starts_with(root.join(dir)) {
            return Err(Error::Output(format!(
                "refusing output directory {}: it is inside the source folder `{dir}`",
                out.display()
            )));
        }
    }
    if out_abs.exists() {
        if !out_abs.is_dir() {
            return Err(Error::Output(format!(
                "output path {} is not a directory",
                out.display()
            )));
        }
        let empty = std::fs::read_dir(&out_abs)
            .map_err(|e| Error::io("read directory", &out_abs, e))?
            .next()
            .is_none();
        if !empty && !out_abs.join(MARKER).is_file() {
            return Err(Error::Output(format!(
                "refusing output directory {}: it holds files styrdok did not write (no {MARKER})",
                out.display()
            )));
        }
    }
    Ok(())
}

/// One audience's pages written to a staging folder next to `out/<audience>/`, not yet in
/// its place: [`Staged::commit`] swaps it in; dropped uncommitted, it is removed. A build of
/// several audiences stages each, then commits all, so an error in one leaves every site as
/// it was.
#[must_use = "a staged site is removed unless committed"]
pub struct Staged {
    out: PathBuf,
    audience: Audience,
    staging: PathBuf,
    committed: bool,
}

/// Checks that `out/<audience>/` may be replaced, and writes `pages` to a staging folder.
pub fn stage(out: &Path, audience: Audience, pages: &[Page]) -> Result<Staged> {
    fsx::create_dir_all(out)?;
    let marker = out.join(MARKER);
    if !marker.exists() {
        fsx::write(&marker, b"styrdok output directory\n")?;
    }
    let name = audience.key();
    let target = out.join(name);
    if target.exists() {
        match std::fs::read_to_string(target.join(MARKER)) {
            Ok(m) if m.trim() == marker_text(audience) => {}
            Ok(m) => {
                return Err(Error::Output(format!(
                    "refusing to overwrite {}: it was written by another build ({})",
                    target.display(),
                    m.trim()
                )));
            }
            Err(_) => {
                return Err(Error::Output(format!(
                    "refusing to overwrite {}: it holds files styrdok did not write (no {MARKER})",
                    target.display()
                )));
            }
        }
    }
    let pid = std::process::id();
    let staging = out.join(format!(".{name}.staging-{pid}"));
    fsx::remove_dir_all(&staging)?;
    let staged = Staged {
        out: out.to_path_buf(),
        audience,
        staging,
        committed: false,
    };
    // On an error, dropping `staged` removes what was written.
    write_pages(&staged.staging, audience, pages)?;
    Ok(staged)
}

impl Staged {
    /// Swaps the staged site in for `out/<audience>/`; returns that folder.
    pub fn commit(mut self) -> Result<PathBuf> {
        let name = self.audience.key();
        let target = self.out.join(name);
        let old = self.out.join(format!(".{name}.old-{}", std::process::id()));
        if target.exists() {
            fsx::rename(&target, &old)?;
        }
        if let Err(e) = fsx::rename(&self.staging, &target) {
            // Put the previous site back before reporting.
            if old.exists() {
                let _ = std::fs::rename(&old, &target);
            }
            return Err(e);
        }
        self.committed = true;
        fsx::remove_dir_all(&old)?;
        cleanup_leftovers(&self.out, name)?;
        Ok(target)
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fsx::remove_dir_all(&self.staging);
        }
    }
}

fn marker_text(audience: Audience) -> String {
    format!("styrdok {} site", audience.key())
}

fn write_pages(dir: &Path, audience: Audience, pages: &[Page]) -> Result<()> {
    fsx::create_dir_all(dir)?;
    fsx::write(
        &dir.join(MARKER),
        format!("{}\n", marker_text(audience)).as_bytes(),
    )?;
    let mut dirs = std::collections::BTreeSet::new();
    for page in pages {
        let rel = Path::new(&page.path);
        if rel.is_absolute()
            || rel
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            return Err(Error::Output(format!(
                "page path `{}` leaves the output directory",
                page.path
            )));
        }
        if let Some(parent) = rel.parent() {
            dirs.insert(dir.join(parent));
        }
    }
    for d in &dirs {
        fsx::create_dir_all(d)?;
    }
    // The folders exist; the files are written in parallel.
    pages.par_iter().try_for_each(|page| {
        let path = dir.join(&page.path);
        std::fs::write(&path, &page.bytes).map_err(|e| Error::io("write", &path, e))
    })?;
    Ok(())
}

/// Removes staging and old directories an interrupted earlier build left behind: only our own
/// names, only inside `out`.
fn cleanup_leftovers(out: &Path, name: &str) -> Result<()> {
    let entries = std::fs::read_dir(out).map_err(|e| Error::io("read directory", out, e))?;
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().to_string();
        let ours = file_name.starts_with(&format!(".{name}.staging-"))
            || file_name.starts_with(&format!(".{name}.old-"));
        if ours && entry.path().is_dir() {
            fsx::remove_dir_all(&entry.path())?;
        }
    }
    Ok(())
}

fn canonical(p: &Path) -> Result<PathBuf> {
    p.canonicalize().map_err(|e| Error::io("resolve", p, e))
}

/// The absolute form of a path that may not exist yet: its nearest existing ancestor made
/// canonical, the rest appended.
fn absolute(p: &Path) -> Result<PathBuf> {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| Error::io("read", Path::new("."), e))?
            .join(p)
    };
    let mut existing = p.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = canonical(existing)?;
    for part in rest.iter().rev() {
        if part == ".." {
            out.pop();
        } else {
            out.push(part);
        }
    }
    Ok(out)
}
