//! Write: put rendered pages on disk safely.
//!
//! # Layout: every audience switches in one atomic step
//!
//! ```text
//! out/
//!   .styrdok-output                "styrdok output directory": a folder styrdok made
//!   .styrdok-site-7/               one complete build, every audience ("styrdok site")
//!     public/    .styrdok-output   "styrdok public site"
//!     internal/  .styrdok-output   "styrdok internal site"
//!   .styrdok-current -> .styrdok-site-7
//!   public           -> .styrdok-current/public
//!   internal         -> .styrdok-current/internal
//! ```
//!
//! Two directory entries (`out/public`, `out/internal`) can never be replaced by one system
//! call, so a build that renames each audience into place can be killed between the two and
//! leave a new public site beside an old internal one. Here the entries users open are fixed,
//! relative symbolic links that never change once made; which build they show is decided by one
//! entry, `.styrdok-current`, and a build switches it by `rename(2)` of a new symbolic link over
//! it, which POSIX makes atomic: a reader, or a kill at any instant, sees the old build or the
//! new one, never a mix. (`renameat2(RENAME_EXCHANGE)` of one staged folder could only do the
//! same by exchanging `out` itself, which means writing beside `out`, outside what styrdok
//! owns, and fails on a mount point.) Because the links are relative, `out` can be moved or
//! copied whole (`cp -a`); to copy one site, follow the link (`cp -rL out/public …`, or
//! `rsync -a out/public/ …`).
//!
//! A build, in order, each step marked by `step`:
//!
//! 1. locks `out` (`flock` on the folder: one build at a time; the kernel drops the lock of a
//!    build that dies) and removes what killed builds left: site folders that are not current
//!    and carry styrdok's marker (or are empty), temporary links, dangling audience links;
//! 2. (only once the content compiled) turns audience folders written by earlier versions of
//!    styrdok (real folders) into the layout above without changing what they show: their
//!    files are hard-linked into a site folder, that folder is made current, and each real
//!    folder is exchanged with its link (`renameat2(RENAME_EXCHANGE)` on Linux);
//! 3. writes every audience it builds into a new `.styrdok-site-<n>/`, and hard-links (or
//!    copies) the audiences it does not build (`--audience public`) from the current site, so
//!    the new folder is complete by itself;
//! 4. makes any missing audience link (it dangles, so shows nothing, until the switch);
//! 5. switches `.styrdok-current`;
//! 6. removes the previous site folder.
//!
//! Files are only ever written new, never changed in place, so hard links between builds
//! share nothing that later changes. An output directory must be one styrdok made (it holds a
//! marker file); styrdok refuses any other, never nests one build's output inside another
//! build's site, and never removes anything it did not mark as its own.

use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::content::frontmatter::Audience;
use crate::error::{Error, Result};
use crate::fsx;
use crate::render::Page;

/// The marker file in every directory styrdok writes.
pub const MARKER: &str = ".styrdok-output";

/// The marker text of an output directory (`out/`).
const OUT_MARKER: &str = "styrdok output directory";
/// The marker text of one build's site folder (`out/.styrdok-site-<n>/`).
const SITE_MARKER: &str = "styrdok site";
/// The link that names the current site folder.
const CURRENT: &str = ".styrdok-current";
/// The prefix of site folders.
const SITE_PREFIX: &str = ".styrdok-site-";
/// The prefix of temporary links, made and renamed (or removed) by one build.
const TEMP_PREFIX: &str = ".styrdok-tmp-";
/// Every audience, in the order sites are written.
const AUDIENCES: [Audience; 2] = [Audience::Public, Audience::Internal];

/// Folders of a site root that hold sources; an output directory may not be or contain one.
const SOURCE_DIRS: &[&str] = &["content", "agreements", "data", "themes", "src", "tests"];

/// The environment variable of the crash test hook: with `STYRDOK_ABORT_AT_STEP=N`, the
/// process aborts right after the N-th step of the write sequence (counted from 1), as a kill
/// would stop it. Used by the tests to prove that no kill leaves a mix of builds.
pub const ABORT_AT_STEP: &str = "STYRDOK_ABORT_AT_STEP";

/// Counts one step of the write sequence (a folder made, a file written, a link switched), and
/// aborts the process at the step [`ABORT_AT_STEP`] names.
fn step() {
    static LIMIT: OnceLock<Option<u64>> = OnceLock::new();
    static DONE: AtomicU64 = AtomicU64::new(0);
    let limit = LIMIT.get_or_init(|| std::env::var(ABORT_AT_STEP).ok()?.parse().ok());
    if let Some(limit) = *limit
        && DONE.fetch_add(1, Ordering::SeqCst) + 1 == limit
    {
        std::process::abort();
    }
}

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
    refuse_nested(out, &out_abs)?;
    if out_abs.exists() {
        if !out_abs.is_dir() {
            return Err(Error::Output(format!(
                "output path {} is not a directory",
                out.display()
            )));
        }
        let empty = fs::read_dir(&out_abs)
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

/// Refuses an output directory that is, or lies inside, a folder a build owns: an audience
/// site, a build's site folder, or a name styrdok uses inside an output directory (`public`
/// before it exists). Written there, one site would be published inside another: the internal
/// site inside the public one.
fn refuse_nested(out: &Path, out_abs: &Path) -> Result<()> {
    for dir in out_abs.ancestors() {
        let what = match read_marker(dir).as_deref() {
            Some(SITE_MARKER) => Some("the site folder of a build".to_string()),
            Some(m) => AUDIENCES
                .iter()
                .find(|a| m == marker_text(**a))
                .map(|a| format!("a {} site styrdok wrote", a.key())),
            None => None,
        };
        let what = what.or_else(|| {
            let (parent, name) = (dir.parent()?, dir.file_name()?);
            (read_marker(parent).as_deref() == Some(OUT_MARKER) && is_managed_name(name))
                .then(|| format!("where a build into {} writes its sites", parent.display()))
        });
        if let Some(what) = what {
            let place = if dir == out_abs {
                "it is".to_string()
            } else {
                format!("it lies inside {}, which is", dir.display())
            };
            return Err(Error::Output(format!(
                "refusing output directory {}: {place} {what}; output folders never nest \
                 (`--out DIR` writes DIR/public and DIR/internal: give a folder of its own)",
                out.display()
            )));
        }
    }
    Ok(())
}

/// A name styrdok writes directly inside an output directory.
fn is_managed_name(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    AUDIENCES.iter().any(|a| name == a.key())
        || name.starts_with(".styrdok-")
        || is_legacy_temp(&name)
}

/// Staging and old folders of earlier versions of styrdok (`.public.staging-<pid>`).
fn is_legacy_temp(name: &str) -> bool {
    AUDIENCES.iter().any(|a| {
        name.starts_with(&format!(".{}.staging-", a.key()))
            || name.starts_with(&format!(".{}.old-", a.key()))
    })
}

/// The trimmed text of `dir`'s marker file, if it has one.
fn read_marker(dir: &Path) -> Option<String> {
    fs::read_to_string(dir.join(MARKER))
        .ok()
        .map(|m| m.trim().to_string())
}

fn marker_text(audience: Audience) -> String {
    format!("styrdok {} site", audience.key())
}

/// The text of the link `out/<audience>`.
fn link_text(audience: Audience) -> PathBuf {
    Path::new(CURRENT).join(audience.key())
}

/// Writes one build into an output directory: [`Writer::open`] before the content is
/// compiled, [`Writer::stage`] for each audience, [`Writer::commit`] to switch all at once.
/// Dropped uncommitted, it removes what it wrote and the previous sites stay as they were.
#[must_use = "nothing is switched in unless committed"]
pub struct Writer {
    out: PathBuf,
    /// The lock on `out`, held until the writer is dropped.
    lock: Option<fs::File>,
    /// The site folder being written, once the first audience is staged.
    site: Option<PathBuf>,
    staged: Vec<Audience>,
    committed: bool,
    /// This build made `out` (it was not there): a build that fails takes it away again.
    made_out: bool,
}

impl Writer {
    /// Checks that `out/<audience>` may be replaced for each of `audiences`; when `out`
    /// exists, locks it and removes what killed builds left behind. Writes no site.
    pub fn open(out: &Path, audiences: &[Audience]) -> Result<Writer> {
        let mut writer = Writer {
            out: out.to_path_buf(),
            lock: None,
            site: None,
            staged: Vec::new(),
            committed: false,
            made_out: false,
        };
        if out.is_dir() {
            writer.lock()?;
            for &audience in audiences {
                check_target(out, audience)?;
            }
            remove_strays(out)?;
        }
        Ok(writer)
    }

    /// The folder of the `audience` site in the new build, made with its marker when first
    /// asked for; files go in with [`write_into`] and [`copy_into`].
    pub fn audience_dir(&mut self, audience: Audience) -> Result<PathBuf> {
        let site = match &self.site {
            Some(site) => site.clone(),
            None => {
                let site = self.prepare()?;
                self.site = Some(site.clone());
                site
            }
        };
        let dir = site.join(audience.key());
        if !self.staged.contains(&audience) {
            fsx::create_dir_all(&dir)?;
            step();
            fsx::write(
                &dir.join(MARKER),
                format!("{}\n", marker_text(audience)).as_bytes(),
            )?;
            step();
            self.staged.push(audience);
        }
        Ok(dir)
    }

    /// Creates `out` if needed, locks it, brings an older layout up to date, and makes the new
    /// site folder.
    fn prepare(&mut self) -> Result<PathBuf> {
        let out = self.out.clone();
        if !out.is_dir() {
            fsx::create_dir_all(&out)?;
            self.made_out = true;
            step();
        }
        if self.lock.is_none() {
            self.lock()?;
            remove_strays(&out)?;
        }
        let marker = out.join(MARKER);
        if !marker.exists() {
            fsx::write(&marker, format!("{OUT_MARKER}\n").as_bytes())?;
            step();
        }
        migrate_real_folders(&out)?;
        let site = new_site_folder(&out)?;
        Ok(site)
    }

    /// Switches every audience of the new build in at once; returns `out/<audience>` for each
    /// audience staged.
    pub fn commit(mut self) -> Result<Vec<(Audience, PathBuf)>> {
        let Some(site) = self.site.clone() else {
            return Ok(Vec::new());
        };
        let out = self.out.clone();
        let previous = current_site(&out);
        // The audiences this build does not write stay as they are: carried over.
        if let Some(prev) = &previous {
            for audience in AUDIENCES {
                let from = prev.join(audience.key());
                if !self.staged.contains(&audience) && from.is_dir() {
                    link_tree(&from, &site.join(audience.key()))?;
                }
            }
        }
        for audience in AUDIENCES {
            let link = out.join(audience.key());
            if site.join(audience.key()).is_dir() && fs::symlink_metadata(&link).is_err() {
                symlink_dir(&link_text(audience), &link)?;
                step();
            }
        }
        let name = site.file_name().expect("a site folder has a name");
        let temp = out.join(format!("{TEMP_PREFIX}{}", std::process::id()));
        let _ = fs::remove_file(&temp);
        symlink_dir(Path::new(name), &temp)?;
        step();
        fs::rename(&temp, out.join(CURRENT)).map_err(|e| Error::io("switch", &out, e))?;
        self.committed = true;
        step();
        if let Some(prev) = previous {
            fsx::remove_dir_all(&prev)?;
            step();
        }
        Ok(self
            .staged
            .iter()
            .map(|&a| (a, out.join(a.key())))
            .collect())
    }

    fn lock(&mut self) -> Result<()> {
        self.lock = lock_dir(&self.out)?;
        Ok(())
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if !self.committed
            && let Some(site) = &self.site
        {
            let _ = fsx::remove_dir_all(site);
            // Pages are written as they render, so a page that fails to render may come
            // after others were written: what this build made goes, `out` too.
            if self.made_out {
                let _ = fs::remove_file(self.out.join(MARKER));
                let _ = fs::remove_dir(&self.out);
            }
        }
    }
}

/// Refuses to replace `out/<audience>` unless it is styrdok's link or a folder an earlier
/// styrdok wrote for that audience.
fn check_target(out: &Path, audience: Audience) -> Result<()> {
    let target = out.join(audience.key());
    let Ok(meta) = fs::symlink_metadata(&target) else {
        return Ok(());
    };
    let ours_link =
        meta.file_type().is_symlink() && fs::read_link(&target).ok() == Some(link_text(audience));
    if ours_link {
        return Ok(());
    }
    match read_marker(&target) {
        Some(m) if m == marker_text(audience) && meta.is_dir() => Ok(()),
        Some(m) if m == marker_text(audience) => Err(Error::Output(format!(
            "refusing to replace {}: it is a symbolic link styrdok did not make",
            target.display()
        ))),
        Some(m) if m.starts_with("styrdok ") => Err(Error::Output(format!(
            "refusing to overwrite {}: it was written by another build ({m})",
            target.display()
        ))),
        _ => Err(Error::Output(format!(
            "refusing to overwrite {}: it holds files styrdok did not write (no {MARKER})",
            target.display()
        ))),
    }
}

/// The site folder `out/.styrdok-current` names, when it names one.
fn current_site(out: &Path) -> Option<PathBuf> {
    let name = fs::read_link(out.join(CURRENT)).ok()?;
    let name = name.to_str()?;
    let ours = name.starts_with(SITE_PREFIX) && !name.contains('/');
    let site = out.join(name);
    (ours && site.is_dir()).then_some(site)
}

/// Removes what killed builds left in `out`: site folders that are not current and temporary
/// entries (only those with one of styrdok's markers, or empty folders), temporary links, and
/// audience links whose site the current build does not have.
fn remove_strays(out: &Path) -> Result<()> {
    let current = current_site(out);
    let entries = fs::read_dir(out).map_err(|e| Error::io("read directory", out, e))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        let temporary = name.starts_with(TEMP_PREFIX) || is_legacy_temp(&name);
        if meta.file_type().is_symlink() {
            let dangling_audience = AUDIENCES
                .iter()
                .any(|&a| name == a.key() && fs::read_link(&path).ok() == Some(link_text(a)))
                && !path.exists();
            let dangling_current = name == CURRENT && current.is_none();
            if temporary || dangling_audience || dangling_current {
                fs::remove_file(&path).map_err(|e| Error::io("remove", &path, e))?;
            }
        } else if meta.is_dir()
            && (temporary || name.starts_with(SITE_PREFIX))
            && Some(&path) != current.as_ref()
        {
            let marked = read_marker(&path).is_some_and(|m| {
                m == SITE_MARKER || AUDIENCES.iter().any(|&a| m == marker_text(a))
            });
            if marked {
                fsx::remove_dir_all(&path)?;
            } else {
                // Killed before its marker was written: empty, removed; or not ours, kept.
                let _ = fs::remove_dir(&path);
            }
        }
    }
    Ok(())
}

/// Makes `out/.styrdok-site-<n>/` with its marker, `n` one more than any there.
fn new_site_folder(out: &Path) -> Result<PathBuf> {
    let entries = fs::read_dir(out).map_err(|e| Error::io("read directory", out, e))?;
    let last = entries
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_prefix(SITE_PREFIX)?
                .parse::<u64>()
                .ok()
        })
        .max()
        .unwrap_or(0);
    let site = out.join(format!("{SITE_PREFIX}{}", last + 1));
    fs::create_dir(&site).map_err(|e| Error::io("create directory", &site, e))?;
    step();
    fsx::write(&site.join(MARKER), format!("{SITE_MARKER}\n").as_bytes())?;
    step();
    Ok(site)
}

/// Turns audience folders written by earlier versions of styrdok (real folders in `out`) into
/// links to a site folder holding the same files, without changing what any path shows.
fn migrate_real_folders(out: &Path) -> Result<()> {
    let real: Vec<Audience> = AUDIENCES
        .into_iter()
        .filter(|&a| {
            let path = out.join(a.key());
            fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir())
                && read_marker(&path) == Some(marker_text(a))
        })
        .collect();
    if real.is_empty() {
        return Ok(());
    }
    let previous = current_site(out);
    let site = new_site_folder(out)?;
    for audience in AUDIENCES {
        let from = if real.contains(&audience) {
            out.join(audience.key())
        } else {
            match &previous {
                Some(prev) => prev.join(audience.key()),
                None => continue,
            }
        };
        if from.is_dir() {
            link_tree(&from, &site.join(audience.key()))?;
        }
    }
    let temp = out.join(format!("{TEMP_PREFIX}{}", std::process::id()));
    let _ = fs::remove_file(&temp);
    symlink_dir(Path::new(site.file_name().expect("named")), &temp)?;
    step();
    fs::rename(&temp, out.join(CURRENT)).map_err(|e| Error::io("switch", out, e))?;
    step();
    for audience in real {
        let folder = out.join(audience.key());
        let tmp = |what: &str| {
            out.join(format!(
                "{TEMP_PREFIX}{}-{what}-{}",
                std::process::id(),
                audience.key()
            ))
        };
        let old = tmp("link");
        let _ = fs::remove_file(&old);
        symlink_dir(&link_text(audience), &old)?;
        step();
        exchange(&old, &folder, &tmp("aside")).map_err(|e| Error::io("replace", &folder, e))?;
        step();
        fsx::remove_dir_all(&old)?;
        step();
    }
    if let Some(prev) = previous {
        fsx::remove_dir_all(&prev)?;
        step();
    }
    Ok(())
}

/// `page`'s path, relative, inside the output directory: else an error.
fn check_page_path(page: &Page) -> Result<&Path> {
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
    Ok(rel)
}

/// Writes `pages` (paths relative to `dir`) into a folder of the new build that
/// [`Writer::audience_dir`] gave, in parallel.
pub fn write_into(dir: &Path, pages: &[Page]) -> Result<()> {
    let mut dirs = std::collections::BTreeSet::new();
    for page in pages {
        if let Some(parent) = check_page_path(page)?.parent() {
            dirs.insert(dir.join(parent));
        }
    }
    // In parallel too (`create_dir_all` takes a folder another thread made as made).
    dirs.par_iter().try_for_each(|d| fsx::create_dir_all(d))?;
    // The folders exist; the files are written in parallel.
    pages.par_iter().try_for_each(|page| {
        let path = dir.join(&page.path);
        fs::write(&path, &page.bytes).map_err(|e| Error::io("write", &path, e))?;
        step();
        Ok(())
    })?;
    Ok(())
}

/// [`write_into`] on the calling thread: for the pages of one document, written by the
/// thread that rendered them while the other threads render more.
pub fn write_here(dir: &Path, pages: &[Page]) -> Result<()> {
    let mut made: Vec<&Path> = Vec::new();
    for page in pages {
        let rel = check_page_path(page)?;
        if let Some(parent) = rel.parent()
            && !parent.as_os_str().is_empty()
            && !made.contains(&parent)
        {
            fsx::create_dir_all(&dir.join(parent))?;
            made.push(parent);
        }
        let path = dir.join(rel);
        fs::write(&path, &page.bytes).map_err(|e| Error::io("write", &path, e))?;
        step();
    }
    Ok(())
}

/// Hard-links (or copies) the files at `paths` under `from` to the same paths under `to`:
/// from one audience's folder of the new build into another's.
pub fn copy_into(from: &Path, to: &Path, paths: &[String]) -> Result<()> {
    paths.par_iter().try_for_each(|rel| {
        if Path::new(rel)
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            return Err(Error::Output(format!(
                "page path `{rel}` leaves the output directory"
            )));
        }
        let (src, dest) = (from.join(rel), to.join(rel));
        if let Some(parent) = dest.parent() {
            fsx::create_dir_all(parent)?;
        }
        if fs::hard_link(&src, &dest).is_err() {
            fs::copy(&src, &dest).map_err(|e| Error::io("copy", &dest, e))?;
        }
        step();
        Ok(())
    })
}

/// Recreates the tree `from` at `to` with hard links to the same files (copies where the file
/// system has no hard links).
fn link_tree(from: &Path, to: &Path) -> Result<()> {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(from).to_path_buf();
            Error::io("read", &path, e.into())
        })?;
        let rel = entry.path().strip_prefix(from).expect("walked from `from`");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fsx::create_dir_all(&dest)?;
        } else if entry.file_type().is_file() {
            if fs::hard_link(entry.path(), &dest).is_err() {
                fs::copy(entry.path(), &dest).map_err(|e| Error::io("copy", &dest, e))?;
            }
            step();
        }
    }
    Ok(())
}

/// Takes the build lock on `out`: a second build into the same folder stops at once.
#[cfg(unix)]
fn lock_dir(out: &Path) -> Result<Option<fs::File>> {
    let dir = fs::File::open(out).map_err(|e| Error::io("open", out, e))?;
    match dir.try_lock() {
        Ok(()) => Ok(Some(dir)),
        Err(fs::TryLockError::WouldBlock) => Err(Error::Output(format!(
            "another styrdok build is writing to {}; wait for it to finish",
            out.display()
        ))),
        Err(fs::TryLockError::Error(e)) => Err(Error::io("lock", out, e)),
    }
}

#[cfg(not(unix))]
fn lock_dir(_out: &Path) -> Result<Option<fs::File>> {
    Ok(None)
}

#[cfg(unix)]
fn symlink_dir(target: &Path, link: &Path) -> Result<()> {
    std::os::unix::fs::symlink(target, link).map_err(|e| Error::io("create link", link, e))
}

#[cfg(windows)]
fn symlink_dir(target: &Path, link: &Path) -> Result<()> {
    std::os::windows::fs::symlink_dir(target, link).map_err(|e| Error::io("create link", link, e))
}

/// Exchanges two directory entries in one step (`renameat2(RENAME_EXCHANGE)`); where the
/// file system cannot, moves `b` to `aside`, `a` into its place, and `aside` to `a`.
fn exchange(a: &Path, b: &Path, aside: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let ca = CString::new(a.as_os_str().as_bytes())?;
        let cb = CString::new(b.as_os_str().as_bytes())?;
        // SAFETY: two valid NUL-terminated paths; the call only reads them.
        let r = unsafe {
            libc::syscall(
                libc::SYS_renameat2,
                libc::AT_FDCWD,
                ca.as_ptr(),
                libc::AT_FDCWD,
                cb.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if r == 0 {
            return Ok(());
        }
        let e = io::Error::last_os_error();
        if !matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) {
            return Err(e);
        }
    }
    fs::rename(b, aside)?;
    fs::rename(a, b)?;
    fs::rename(aside, a)
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
