//! The cache of parsed files: what identifies a file's state without reading it ([`Stamp`]),
//! the parsed documents and the theme kept between rebuilds, and the loading that reuses
//! them and notes what changed.

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::SystemTime;

use walkdir::WalkDir;

use super::links::KeptLinks;
use super::{Incremental, Stats};
use crate::content::load::{self, Listing, parse_document};
use crate::content::{DocFile, Loaded};
use crate::diag::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};
use crate::fsx;
use crate::render::templates::{self, Theme};
use crate::resolve::{self, Analysis, Version};

/// What identifies one state of a file without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    #[cfg(unix)]
    ino: u64,
    #[cfg(unix)]
    ctime: (i64, i64),
}

impl Stamp {
    /// The stamp of the file at `path`, following symlinks as the loader does.
    pub fn of(path: &Path) -> std::io::Result<Stamp> {
        let m = std::fs::metadata(path)?;
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Ok(Stamp {
            len: m.len(),
            modified: m.modified().ok(),
            #[cfg(unix)]
            ino: m.ino(),
            #[cfg(unix)]
            ctime: (m.ctime(), m.ctime_nsec()),
        })
    }
}

/// One document file as last parsed, and analysed when it was first resolved.
///
/// The parsed file and its analysis are lent to each compile, which moves them into the
/// site it resolves, and given back when it is done ([`Incremental::recycle`]): a large site
/// is neither copied nor freed on every compile. One not given back (a compile that stopped
/// before resolving) is read again.
pub(super) struct CachedDoc {
    stamp: Stamp,
    /// The document's id, when the file parsed to one.
    id: Option<String>,
    file: Mutex<Option<DocFile>>,
    diags: Vec<Diagnostic>,
    /// The analysis but its diagnostics, which stay in `analysis_diags`.
    analysis: Mutex<Option<Analysis>>,
    /// The analysis's diagnostics and html warnings, once analysed.
    analysis_diags: OnceLock<(Vec<Diagnostic>, Vec<Diagnostic>)>,
    /// What the checks of its body found ([`resolve::consistency::body_checks`]), with the
    /// site-wide inputs as last read: forgotten when one of those changes.
    pub(super) body_checks: OnceLock<BodyChecks>,
    /// Its links as the last resolve left them ([`super::links`]); lent to each resolve.
    pub(super) links: Mutex<Option<KeptLinks>>,
    /// What resolving its links found wrong in this resolve, kept with them at the end.
    pub(super) links_diags: Mutex<Option<Vec<Diagnostic>>>,
    /// What its timeline checks found ([`resolve::consistency::dates::check_version`]), and
    /// the resolve they are of (see [`super::links`]).
    pub(super) timeline: Mutex<Option<(u64, Vec<Diagnostic>)>>,
}

impl CachedDoc {
    pub(super) fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The parsed file, lent out; `Err` when it is out already (never given back).
    fn lend(&self) -> std::result::Result<Option<DocFile>, ()> {
        match (self.file.lock().expect("cache lock").take(), &self.id) {
            (Some(file), _) => Ok(Some(file)),
            (None, None) => Ok(None),
            (None, Some(_)) => Err(()),
        }
    }
}

/// What the checks of one version's body found, sorted, and whether each of them is about
/// the version's own file: then they are left out of the collector and merged into the
/// rebuild's diagnostics at the end ([`super::diagnostics`]).
pub(super) struct BodyChecks {
    pub(super) found: std::sync::Arc<[Diagnostic]>,
    pub(super) own_file: bool,
}

/// The theme as last loaded, and the files it was loaded from.
pub(super) struct CachedTheme {
    name: String,
    files: Vec<(PathBuf, Option<Stamp>)>,
    pub(super) theme: Theme,
    diags: Vec<Diagnostic>,
}

impl Incremental {
    /// Drops what is cached for `paths` (absolute, or relative to the root), so the next
    /// compile reads them again whatever their stamps say. A path under `themes/` has the
    /// theme loaded again.
    pub fn forget<'a>(&mut self, paths: impl IntoIterator<Item = &'a Path>) {
        for p in paths {
            let abs = if p.is_absolute() {
                p.to_path_buf()
            } else {
                self.root.join(p)
            };
            if !self.listed_stays(&abs) {
                self.listing = None;
            }
            if abs.starts_with(self.root.join("themes")) {
                // Load it again at the next compile, whatever the stamps say, and compare.
                if let Some(t) = &mut self.theme {
                    t.files.clear();
                }
            }
            // A removed or renamed folder: drop everything under it, remembering the ids.
            let (pending, reread) = (&mut self.pending.documents, &mut self.reread);
            let Ok(rel) = abs.strip_prefix(&self.root) else {
                continue;
            };
            // A document file: its entry. A file is no folder, so nothing lies under it.
            if let Some(c) = self.docs.remove(rel.as_os_str()) {
                pending.extend(c.id().map(str::to_string));
                reread.extend(c.id().map(str::to_string));
                continue;
            }
            self.docs.retain(|k, c| {
                let keep = !Path::new(k).starts_with(rel);
                if !keep {
                    pending.extend(c.id().map(str::to_string));
                    reread.extend(c.id().map(str::to_string));
                }
                keep
            });
        }
    }

    /// Drops everything cached: the next compile reads and renders the whole site.
    pub fn forget_all(&mut self) {
        self.listing = None;
        self.link_state = None;
        self.docs.clear();
        self.outputs.clear();
        self.backlinks = None;
        self.outputs_checked = None;
        self.theme = None;
        self.pending.everything = true;
    }

    /// The strings of the theme the last compile loaded.
    pub fn strings(&self) -> Option<&crate::text::format::Strings> {
        self.theme.as_ref().map(|t| &t.theme.strings)
    }

    /// The name of the theme the last compile used.
    pub fn theme_name(&self) -> Option<&str> {
        self.theme.as_ref().map(|t| t.name.as_str())
    }

    /// The analysis of a version: lent from its parsed file, made on first use.
    pub(super) fn analysis_of(&self, v: &Version) -> Analysis {
        let Some(c) = self.docs.get(v.path.as_os_str()) else {
            return resolve::analyse(v);
        };
        let lent = c.analysis.lock().expect("cache lock").take();
        match (lent, c.analysis_diags.get()) {
            (Some(mut a), Some((diagnostics, html))) => {
                a.diagnostics = diagnostics.clone();
                a.html_warnings = html.clone();
                a
            }
            _ => {
                let a = resolve::analyse(v);
                let _ = c
                    .analysis_diags
                    .set((a.diagnostics.clone(), a.html_warnings.clone()));
                a
            }
        }
    }

    /// Gives back what a compile was lent (see [`CachedDoc`]), taking it out of the site it
    /// resolved; the rest of the site is freed on another thread. Returns the documents' ids
    /// in the site's order.
    pub(super) fn recycle(&mut self, mut site: resolve::Site, generation: u64) -> Vec<String> {
        let documents = std::mem::take(&mut site.documents);
        let mut ids = Vec::with_capacity(documents.len());
        let mut rest = Vec::with_capacity(documents.len());
        for doc in documents {
            ids.push(doc.id);
            for v in doc.versions {
                let Some(c) = self.docs.get(v.path.as_os_str()) else {
                    continue;
                };
                let links = resolve::Links {
                    resolved: v.resolved,
                    external: v.external,
                };
                match c.links_diags.lock().expect("cache lock").take() {
                    Some(diagnostics) => {
                        *c.links.lock().expect("cache lock") = Some(KeptLinks {
                            generation,
                            links,
                            diagnostics,
                        })
                    }
                    None => rest.push(links),
                }
                *c.analysis.lock().expect("cache lock") = Some(Analysis {
                    scan: v.scan,
                    sections: v.sections,
                    section_ids: v.section_ids,
                    links: v.links,
                    plain_links: v.plain_links,
                    footnotes: v.footnotes,
                    diagnostics: Vec::new(),
                    html_warnings: Vec::new(),
                });
                *c.file.lock().expect("cache lock") = Some(DocFile {
                    path: v.path,
                    fm: v.fm,
                    yaml_line: v.yaml_line,
                    body: v.body,
                    body_line: v.body_line,
                });
            }
        }
        // Freeing a large site takes a while (a quarter of a second for 10 000 documents);
        // the caller need not wait for it.
        std::thread::spawn(move || drop((site, rest)));
        ids
    }

    /// What the checks of a version's body found: kept with its parsed file, made on first
    /// use.
    pub(super) fn body_checks_of(
        &self,
        v: &Version,
        run: &(dyn Fn(&Version) -> Vec<Diagnostic> + Sync),
    ) -> Vec<Diagnostic> {
        match self.docs.get(v.path.as_os_str()) {
            Some(c) => {
                let kept = c.body_checks.get_or_init(|| {
                    let found = run(v);
                    let own_file = found.iter().all(|d| d.path == v.path);
                    let found = found.into();
                    BodyChecks { found, own_file }
                });
                // Merged in at the end: see `super::diagnostics`.
                if kept.own_file {
                    Vec::new()
                } else {
                    kept.found.to_vec()
                }
            }
            None => run(v),
        }
    }

    /// [`content::load::load`] with a cache of parsed document files; notes the documents
    /// whose files changed, and whether a site-wide file did.
    pub(super) fn load(&mut self, diags: &Diagnostics, stats: &mut Stats) -> Result<Loaded> {
        let globals = global_files(&self.root);
        if globals != self.globals {
            self.pending.everything = true;
            self.link_state = None;
            self.globals = globals;
            for c in self.docs.values_mut() {
                c.body_checks = OnceLock::new();
            }
        }
        // The files of the last walk, when the watcher has said what changed since.
        load::check_root(&self.root)?;
        let (listing, trusted) = match self.listing.take() {
            Some(listing) if self.trust_watcher => (listing, true),
            _ => (self.walk(diags)?, false),
        };
        let cache = &self.docs;
        // Files read and parsed; the rest were taken from the cache.
        let parsed: Mutex<Vec<(OsString, Box<CachedDoc>)>> = Mutex::new(Vec::new());
        let reused = AtomicUsize::new(0);
        let loaded = load::load_listed(&self.root, diags, &listing.paths, &|path, rel, diags| {
            let key = rel.as_os_str().to_owned();
            // Trusting the watcher, a file still cached is one it did not report changed.
            if trusted
                && let Some(c) = cache.get(&key)
                && let Ok(file) = c.lend()
            {
                replay(&c.diags, diags);
                reused.fetch_add(1, Ordering::Relaxed);
                return Ok(file);
            }
            // Stamp first, read second: what is read is at least as new as the stamp kept.
            let mut stamp = Stamp::of(path).map_err(|e| Error::io("read", path, e))?;
            let lent = match cache.get(&key) {
                Some(c) if c.stamp == stamp => c.lend().ok().map(|file| (c, file)),
                _ => None,
            };
            let file = match lent {
                Some((c, file)) => {
                    replay(&c.diags, diags);
                    reused.fetch_add(1, Ordering::Relaxed);
                    file
                }
                None => {
                    let text = read_settled(path, &mut stamp)?;
                    let local = Diagnostics::new();
                    let file = parse_document(rel, &text, &local);
                    let diags_of_file = local.into_sorted();
                    replay(&diags_of_file, diags);
                    let entry = Box::new(CachedDoc {
                        stamp,
                        id: file.as_ref().map(|f| f.fm.id.value.clone()),
                        file: Mutex::new(None),
                        diags: diags_of_file,
                        analysis: Mutex::new(None),
                        analysis_diags: OnceLock::new(),
                        body_checks: OnceLock::new(),
                        links: Mutex::new(None),
                        links_diags: Mutex::new(None),
                        timeline: Mutex::new(None),
                    });
                    parsed.lock().expect("cache lock").push((key, entry));
                    file
                }
            };
            Ok(file)
        })?;

        // The cache keeps exactly the files of this load: files gone from the tree leave it.
        // The cache is patched, not made again: most of a large site's files are unchanged.
        let parsed = parsed.into_inner().expect("cache lock");
        stats.reused += reused.into_inner();
        stats.parsed += parsed.len();
        for (path, entry) in parsed {
            let new = entry.id().map(str::to_string);
            let old = self.docs.insert(path, entry);
            let old = old.as_ref().and_then(|o| o.id()).map(str::to_string);
            self.reread.extend(old.iter().chain(&new).cloned());
            self.pending.documents.extend(old.into_iter().chain(new));
        }
        if self.docs.len() != listing.paths.len() {
            // Some cached files were not loaded: they are gone.
            let listed: HashSet<&Path> = listing
                .paths
                .iter()
                .filter_map(|p| p.strip_prefix(&self.root).ok())
                .collect();
            let (pending, reread) = (&mut self.pending.documents, &mut self.reread);
            self.docs.retain(|k, c| {
                let keep = listed.contains(Path::new(k));
                if !keep {
                    pending.extend(c.id().map(str::to_string));
                    reread.extend(c.id().map(str::to_string));
                }
                keep
            });
        }
        self.listing = self.listing_trusted.then_some(listing);
        Ok(loaded)
    }

    /// Walks the document folders (see [`load::list_documents`]), noting whether the next
    /// load may take the files it found as they are, told by the watcher what changed: not
    /// when the walk went through a symlink or found something to say (the watcher watches
    /// the folders, not what links lead to), nor with a hidden folder on the way (whose
    /// files the watcher leaves out).
    fn walk(&mut self, diags: &Diagnostics) -> Result<Listing> {
        let local = Diagnostics::new();
        let listing = load::list_documents(&self.root, &local)?;
        let said = local.into_sorted();
        replay(&said, diags);
        let hidden = |p: &PathBuf| {
            let rel = p.strip_prefix(&self.root).unwrap_or(p);
            rel.components()
                .any(|c| c.as_os_str().to_str().is_none_or(|s| s.starts_with('.')))
        };
        self.listing_trusted =
            said.is_empty() && !listing.symlinks && !listing.paths.iter().any(hidden);
        Ok(listing)
    }

    /// Whether the files of the last walk stay the files of the site after a change the
    /// watcher reported at `abs`: a document file of that walk still there as a plain file,
    /// or something outside the document folders, or a plain file that is no document.
    fn listed_stays(&self, abs: &Path) -> bool {
        let Ok(rel) = abs.strip_prefix(&self.root) else {
            return true;
        };
        if !load::DOCUMENT_DIRS.iter().any(|d| rel.starts_with(d)) || rel.components().count() < 2 {
            // A document folder itself (appeared, removed) changes the walk.
            return !load::DOCUMENT_DIRS.iter().any(|d| rel == Path::new(d));
        }
        let plain_file = std::fs::symlink_metadata(abs).is_ok_and(|m| m.file_type().is_file());
        if !plain_file {
            return false;
        }
        !load::is_document_file(abs) || self.docs.contains_key(rel.as_os_str())
    }

    /// Loads the theme named `name` again when one of its files changed, noting what changed.
    pub(super) fn load_theme(
        &mut self,
        name: &str,
        diags: &Diagnostics,
        stats: &mut Stats,
    ) -> Result<()> {
        let files = theme_files(&self.root, name);
        let fresh = self
            .theme
            .as_ref()
            .is_some_and(|t| t.name == name && t.files == files);
        if !fresh {
            let old = self.theme.take();
            let local = Diagnostics::new();
            let theme = match templates::load(&self.root, name, &local) {
                Ok(theme) => theme,
                Err(e) => {
                    self.pending.everything = true;
                    return Err(e);
                }
            };
            stats.theme_loaded = true;
            self.pending.theme = true;
            match old {
                Some(old) if old.name == name && old.theme.strings == theme.strings => {
                    let changed = theme.changed_templates(&old.theme);
                    self.pending.templates.extend(changed);
                }
                _ => self.pending.everything = true,
            }
            self.theme = Some(CachedTheme {
                name: name.to_string(),
                files,
                theme,
                diags: local.into_sorted(),
            });
        }
        let cached = self.theme.as_ref().expect("theme loaded above");
        replay(&cached.diags, diags);
        Ok(())
    }
}

/// `styrdok.yaml`, every file under `data/`, and the signatures file, with their stamps.
fn global_files(root: &Path) -> Vec<(PathBuf, Option<Stamp>)> {
    let mut files: Vec<PathBuf> = vec![
        root.join(load::CONFIG_FILE),
        root.join(load::SIGNATURES_FILE),
    ];
    files.extend(
        WalkDir::new(root.join(load::DATA_DIR))
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| e.ok())
            .map(|e| e.into_path()),
    );
    files
        .into_iter()
        .map(|p| {
            let stamp = Stamp::of(&p).ok();
            (p, stamp)
        })
        .collect()
}

/// Reads a file whose stamp was `stamp`; a file that changed while it was read (a writer
/// still at it) is read again, so what is kept is one whole state of it, with its stamp.
fn read_settled(path: &Path, stamp: &mut Stamp) -> Result<String> {
    const TRIES: usize = 20;
    let mut text = fsx::read_to_string(path)?;
    for _ in 0..TRIES {
        let after = Stamp::of(path).map_err(|e| Error::io("read", path, e))?;
        if after == *stamp {
            break;
        }
        *stamp = after;
        std::thread::sleep(std::time::Duration::from_millis(5));
        text = fsx::read_to_string(path)?;
    }
    Ok(text)
}

/// Pushes diagnostics kept from an earlier parse.
fn replay(from: &[Diagnostic], to: &Diagnostics) {
    for d in from {
        to.push(d.clone());
    }
}

/// Every file under `themes/<name>/` with its stamp: what the theme was loaded from.
fn theme_files(root: &Path, name: &str) -> Vec<(PathBuf, Option<Stamp>)> {
    let dir = root.join("themes").join(name);
    let mut files: Vec<(PathBuf, Option<Stamp>)> = WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .map(|e| {
            let stamp = Stamp::of(e.path()).ok();
            (e.into_path(), stamp)
        })
        .collect();
    if files.is_empty() {
        // No theme folder: remember that, so one appearing is a change.
        files.push((dir, None));
    }
    files
}
