//! Compiling the same site again and again, for `styrdok serve`: re-read and re-parse only the
//! source files that changed since the last compile, and tell which pages changed.
//!
//! What is incremental and what is not, precisely:
//!
//! - **Document files** (`content/`, `agreements/`): the parsed [`DocFile`] and the diagnostics
//!   its parsing gave are kept, keyed by path and a [`Stamp`] (size, modification time and, on
//!   Unix, inode and change time). A file whose stamp is unchanged is neither read nor parsed
//!   again; its diagnostics are replayed. [`Incremental::forget`] drops entries the watcher
//!   reports changed, so a file system with coarse timestamps cannot hide an edit.
//! - **The theme** (tera templates, strings, static files) is loaded again only when a file
//!   under `themes/<theme>/` changed, or the theme name did.
//! - `styrdok.yaml` and `data/` are a handful of small files and are read every time.
//! - **Resolve and render run over the whole site every time.** Numbering, references,
//!   backlinks, listings and figures all depend on every document, and the core has no
//!   per-page entry point; rendering everything is what keeps the result byte-for-byte equal
//!   to `styrdok build` (a test pins that).
//!
//! [`diff_pages`] compares a new page set with the one served, so the server reports — and
//! browsers reload — only the pages whose bytes changed.
//!
//! [`Incremental::compile`] repeats the few steps of [`crate::compile`], loading through
//! [`load::load_with`] with a cache and keeping the theme; a test compares the two on every
//! fixture and on the bundled site, so they cannot drift apart unnoticed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use walkdir::WalkDir;

use crate::content::frontmatter::Audience;
use crate::content::load::{self, parse_document};
use crate::content::{DocFile, Loaded};
use crate::diag::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};
use crate::render::templates::{self, Theme};
use crate::render::{self, Page};
use crate::{Compiled, fsx, resolve};

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

/// One document file as last parsed.
struct CachedDoc {
    stamp: Stamp,
    file: Option<DocFile>,
    diags: Vec<Diagnostic>,
}

/// The theme as last loaded, and the files it was loaded from.
struct CachedTheme {
    name: String,
    files: Vec<(PathBuf, Option<Stamp>)>,
    theme: Theme,
    diags: Vec<Diagnostic>,
}

/// How much of the last compile was served from the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Document files read and parsed.
    pub parsed: usize,
    /// Document files taken from the cache.
    pub reused: usize,
    /// The theme was loaded (first compile, or a theme file changed).
    pub theme_loaded: bool,
}

/// A site compiled repeatedly, with the state kept between compiles.
pub struct Incremental {
    root: PathBuf,
    docs: HashMap<PathBuf, CachedDoc>,
    theme: Option<CachedTheme>,
}

impl Incremental {
    /// A compiler for the site at `root`, with nothing cached yet.
    pub fn new(root: &Path) -> Incremental {
        Incremental {
            root: root.to_path_buf(),
            docs: HashMap::new(),
            theme: None,
        }
    }

    /// Drops what is cached for `paths` (absolute, or relative to the root), so the next
    /// compile reads them again whatever their stamps say. A path under `themes/` drops the
    /// theme.
    pub fn forget<'a>(&mut self, paths: impl IntoIterator<Item = &'a Path>) {
        for p in paths {
            let abs = if p.is_absolute() {
                p.to_path_buf()
            } else {
                self.root.join(p)
            };
            if abs.starts_with(self.root.join("themes")) {
                self.theme = None;
            }
            // A removed or renamed folder: drop everything under it.
            self.docs.retain(|k, _| !k.starts_with(&abs));
        }
    }

    /// Drops everything cached: the next compile reads the whole site.
    pub fn forget_all(&mut self) {
        self.docs.clear();
        self.theme = None;
    }

    /// The name of the theme the last compile used.
    pub fn theme_name(&self) -> Option<&str> {
        self.theme.as_ref().map(|t| t.name.as_str())
    }

    /// Compiles the site for `audiences`, as [`crate::compile`] does, reusing every unchanged
    /// document file and the theme when no theme file changed.
    pub fn compile(&mut self, audiences: &[Audience]) -> Result<(Compiled, Stats)> {
        self.compile_with(audiences, true)
            .map(|(compiled, stats, _)| (compiled, stats))
    }

    /// [`Incremental::compile`] without the search index, which takes most of the time of a
    /// small site: the pages come back at once, and the [`SearchJob`] builds the index files
    /// when the caller has time (`styrdok serve` does it in the background). The pages plus
    /// the job's files are exactly what [`Incremental::compile`] gives.
    pub fn compile_deferring_search(
        &mut self,
        audiences: &[Audience],
    ) -> Result<(Compiled, Stats, SearchJob)> {
        self.compile_with(audiences, false)
    }

    fn compile_with(
        &mut self,
        audiences: &[Audience],
        search: bool,
    ) -> Result<(Compiled, Stats, SearchJob)> {
        let mut stats = Stats::default();
        let diags = Diagnostics::new();
        let loaded = self.load(&diags, &mut stats)?;
        let theme_name = loaded.config.theme.clone();
        let site = resolve::resolve(loaded, &diags);
        let theme = self.theme(&theme_name, &diags, &mut stats)?;
        if diags.has_errors() {
            return Err(Error::Content(diags.into_sorted()));
        }
        let sites = crate::render_audiences(&site, theme, audiences, search)?;
        let job = SearchJob {
            lang: theme.strings.lang.clone(),
        };
        Ok((
            Compiled {
                sites,
                diagnostics: diags.into_sorted(),
            },
            stats,
            job,
        ))
    }

    /// [`content::load::load`] with a cache of parsed document files.
    fn load(&mut self, diags: &Diagnostics, stats: &mut Stats) -> Result<Loaded> {
        enum Seen {
            Reused,
            Parsed(Box<CachedDoc>),
        }
        let cache = &self.docs;
        let seen: Mutex<Vec<(PathBuf, Seen)>> = Mutex::new(Vec::new());
        let loaded = load::load_with(&self.root, diags, &|path, rel, diags| {
            // Stamp first, read second: what is read is at least as new as the stamp kept.
            let stamp = Stamp::of(path).map_err(|e| Error::io("read", path, e))?;
            let entry = match cache.get(path) {
                Some(c) if c.stamp == stamp => {
                    replay(&c.diags, diags);
                    let file = c.file.clone();
                    (Seen::Reused, file)
                }
                _ => {
                    let text = fsx::read_to_string(path)?;
                    let local = Diagnostics::new();
                    let file = parse_document(rel, &text, &local);
                    let diags_of_file = local.into_sorted();
                    replay(&diags_of_file, diags);
                    let entry = CachedDoc {
                        stamp,
                        file: file.clone(),
                        diags: diags_of_file,
                    };
                    (Seen::Parsed(Box::new(entry)), file)
                }
            };
            let (seen_as, file) = entry;
            seen.lock()
                .expect("cache lock")
                .push((path.to_path_buf(), seen_as));
            Ok(file)
        })?;

        // The cache keeps exactly the files of this load: files gone from the tree leave it.
        let mut docs = HashMap::new();
        for (path, seen_as) in seen.into_inner().expect("cache lock") {
            let entry = match seen_as {
                Seen::Reused => {
                    stats.reused += 1;
                    self.docs.remove(&path).expect("a reused entry is cached")
                }
                Seen::Parsed(entry) => {
                    stats.parsed += 1;
                    *entry
                }
            };
            docs.insert(path, entry);
        }
        self.docs = docs;
        Ok(loaded)
    }

    /// The theme named `name`, loaded again only when one of its files changed.
    fn theme(&mut self, name: &str, diags: &Diagnostics, stats: &mut Stats) -> Result<&Theme> {
        let files = theme_files(&self.root, name);
        let fresh = self
            .theme
            .as_ref()
            .is_some_and(|t| t.name == name && t.files == files);
        if !fresh {
            self.theme = None;
            let local = Diagnostics::new();
            let theme = templates::load(&self.root, name, &local)?;
            stats.theme_loaded = true;
            self.theme = Some(CachedTheme {
                name: name.to_string(),
                files,
                theme,
                diags: local.into_sorted(),
            });
        }
        let cached = self.theme.as_ref().expect("theme loaded above");
        for d in &cached.diags {
            diags.push(d.clone());
        }
        Ok(&cached.theme)
    }
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

/// The search index left out by [`Incremental::compile_deferring_search`].
#[derive(Debug, Clone)]
pub struct SearchJob {
    lang: String,
}

impl SearchJob {
    /// The search index files for one audience's pages: what [`render::with_search`] adds.
    pub fn index(&self, pages: &[Page]) -> Result<Vec<Page>> {
        render::search::index(pages, &self.lang)
    }
}

/// The pages that differ between two page sets, each sorted by path (as
/// [`render::render_site`] returns them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageDiff {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

impl PageDiff {
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn len(&self) -> usize {
        self.added.len() + self.changed.len() + self.removed.len()
    }

    /// Every path in the diff, whatever happened to it.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.added
            .iter()
            .chain(&self.changed)
            .chain(&self.removed)
            .map(String::as_str)
    }
}

/// Compares `old` and `new`, both sorted by path: a merge walk, comparing bytes only where
/// the paths match.
pub fn diff_pages(old: &[Page], new: &[Page]) -> PageDiff {
    let mut diff = PageDiff::default();
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        match (old.get(i), new.get(j)) {
            (Some(o), Some(n)) if o.path == n.path => {
                if o.bytes != n.bytes {
                    diff.changed.push(n.path.clone());
                }
                i += 1;
                j += 1;
            }
            (Some(o), Some(n)) if o.path < n.path => {
                diff.removed.push(o.path.clone());
                i += 1;
            }
            (Some(_), Some(n)) => {
                diff.added.push(n.path.clone());
                j += 1;
            }
            (Some(o), None) => {
                diff.removed.push(o.path.clone());
                i += 1;
            }
            (None, Some(n)) => {
                diff.added.push(n.path.clone());
                j += 1;
            }
            (None, None) => unreachable!(),
        }
    }
    diff
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOTH: &[Audience] = &[Audience::Internal, Audience::Public];

    fn fixture(name: &str) -> tempfile::TempDir {
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let dir = tempfile::tempdir().unwrap();
        for entry in WalkDir::new(&src) {
            let entry = entry.unwrap();
            let dest = dir.path().join(entry.path().strip_prefix(&src).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&dest).unwrap();
            } else {
                std::fs::copy(entry.path(), &dest).unwrap();
            }
        }
        dir
    }

    /// The incremental compile gives exactly what `compile` gives, or the same diagnostics.
    #[track_caller]
    fn assert_same_as_compile(inc: &mut Incremental, root: &Path) -> Option<Stats> {
        let expected = crate::compile(root, BOTH);
        let got = inc.compile(BOTH);
        match (expected, got) {
            (Ok(e), Ok((g, stats))) => {
                assert_eq!(e.diagnostics, g.diagnostics);
                assert_eq!(e.sites.len(), g.sites.len());
                for ((ea, ep), (ga, gp)) in e.sites.iter().zip(&g.sites) {
                    assert_eq!(ea, ga);
                    assert!(
                        ep == gp,
                        "the {} pages differ: did `crate::compile` change? \
                         `Incremental::compile` must repeat its steps",
                        ea.key()
                    );
                }
                Some(stats)
            }
            (Err(Error::Content(e)), Err(Error::Content(g))) => {
                assert_eq!(e, g);
                None
            }
            (Err(e), Err(g)) if e.to_string() == g.to_string() => None,
            (e, g) => panic!(
                "compile and incremental compile disagree: {:?} / {:?}",
                e.err().map(|e| e.to_string()),
                g.err().map(|e| e.to_string())
            ),
        }
    }

    #[test]
    fn incremental_compile_equals_compile_on_every_fixture_and_the_bundled_site() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut roots: Vec<PathBuf> = vec![
            PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            fixtures.join("basic"),
            fixtures.join("leak"),
        ];
        for e in std::fs::read_dir(fixtures.join("errors")).unwrap() {
            roots.push(e.unwrap().path());
        }
        for root in roots {
            let mut inc = Incremental::new(&root);
            assert_same_as_compile(&mut inc, &root);
            // Twice: the second compile is served from the cache and must not differ.
            assert_same_as_compile(&mut inc, &root);
        }
    }

    #[test]
    fn pages_and_a_deferred_search_index_are_what_compile_gives() {
        for name in ["basic", "leak"] {
            let site = fixture(name);
            let expected = crate::compile(site.path(), BOTH).ok().unwrap();
            let mut inc = Incremental::new(site.path());
            let (compiled, _, job) = inc.compile_deferring_search(BOTH).ok().unwrap();
            for ((ea, ep), (ga, mut gp)) in expected.sites.into_iter().zip(compiled.sites) {
                assert_eq!(ea, ga);
                let index = job.index(&gp).ok().unwrap();
                assert!(!index.is_empty());
                gp.extend(index);
                gp.sort_by(|a, b| a.path.cmp(&b.path));
                assert!(
                    ep == gp,
                    "{name}: the {} pages differ: did `render::with_search` change? \
                     `SearchJob` must repeat its steps",
                    ea.key()
                );
            }
        }
    }

    #[test]
    fn unchanged_files_are_not_parsed_again() {
        let site = fixture("basic");
        let mut inc = Incremental::new(site.path());
        let first = assert_same_as_compile(&mut inc, site.path()).unwrap();
        assert_eq!(
            (first.parsed, first.reused, first.theme_loaded),
            (4, 0, true)
        );
        let second = assert_same_as_compile(&mut inc, site.path()).unwrap();
        assert_eq!(
            (second.parsed, second.reused, second.theme_loaded),
            (0, 4, false)
        );
    }

    #[test]
    fn edits_additions_and_removals_are_seen() {
        let site = fixture("basic");
        let root = site.path();
        let mut inc = Incremental::new(root);
        assert_same_as_compile(&mut inc, root).unwrap();

        let rapport = root.join("content/rapport.md");
        let text = std::fs::read_to_string(&rapport).unwrap();
        std::fs::write(&rapport, text.replace("Fotnot här.", "Ny mening här.")).unwrap();
        inc.forget([rapport.as_path()]);
        let stats = assert_same_as_compile(&mut inc, root).unwrap();
        assert_eq!((stats.parsed, stats.reused), (1, 3));

        std::fs::write(
            root.join("content/ny.md"),
            "---\nid: ny\nkind: page\ntitle: Ny sida\n---\n\nText.\n",
        )
        .unwrap();
        let stats = assert_same_as_compile(&mut inc, root).unwrap();
        assert_eq!(
            (stats.parsed, stats.reused),
            (1, 4),
            "found by its stamp alone"
        );

        std::fs::remove_file(root.join("content/ny.md")).unwrap();
        let stats = assert_same_as_compile(&mut inc, root).unwrap();
        assert_eq!((stats.parsed, stats.reused), (0, 4));

        // A broken file gives the same diagnostics, also when it comes from the cache.
        std::fs::write(&rapport, "no front matter\n").unwrap();
        assert!(assert_same_as_compile(&mut inc, root).is_none());
        assert!(assert_same_as_compile(&mut inc, root).is_none());
    }

    #[test]
    fn a_theme_change_reloads_the_theme() {
        let site = fixture("basic");
        let root = site.path();
        let mut inc = Incremental::new(root);
        assert_same_as_compile(&mut inc, root).unwrap();
        let css = root.join("themes/default/static/style.css");
        std::fs::create_dir_all(css.parent().unwrap()).unwrap();
        std::fs::write(&css, "body { color: black }\n").unwrap();
        let stats = assert_same_as_compile(&mut inc, root).unwrap();
        assert!(stats.theme_loaded);
        let stats = assert_same_as_compile(&mut inc, root).unwrap();
        assert!(!stats.theme_loaded);
    }

    fn page(path: &str, bytes: &str) -> Page {
        Page {
            path: path.into(),
            bytes: bytes.into(),
        }
    }

    #[test]
    fn diff_lists_added_changed_and_removed_pages() {
        let old = [page("a", "1"), page("b", "1"), page("c", "1")];
        let new = [page("a", "1"), page("b", "2"), page("d", "1")];
        let diff = diff_pages(&old, &new);
        assert_eq!(diff.added, ["d"]);
        assert_eq!(diff.changed, ["b"]);
        assert_eq!(diff.removed, ["c"]);
        assert!(diff_pages(&new, &new).is_empty());
        assert_eq!(diff_pages(&[], &new).added.len(), 3);
        assert_eq!(diff_pages(&old, &[]).removed.len(), 3);
    }
}
