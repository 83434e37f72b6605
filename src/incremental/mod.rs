//! Compiling the same site again and again, for `styrdok serve`: read again only the source
//! files that changed, render again only the pages a change can affect, and say which pages
//! those are.
//!
//! Precisely:
//!
//! - **Reading.** A parsed document file, and the diagnostics its parsing gave, are kept by
//!   path and [`Stamp`] (size, modification time and, on Unix, inode and change time). A file
//!   whose stamp is unchanged is neither read nor parsed again. [`Incremental::forget`] drops
//!   what the watcher reports changed, so coarse timestamps cannot hide an edit. With
//!   [`Incremental::trust_watcher`] (`styrdok serve`, unless it polls) the stamps are not
//!   looked at either, nor is the tree walked: the files of the last walk are loaded, those
//!   forgotten read again, the rest taken from the cache. The tree is walked again whenever
//!   a reported change may have added, removed or renamed a document file (a path that is
//!   not a known document file still there as a plain file), and always when the last walk
//!   met a symlink, a hidden folder or anything to warn about. The theme is
//!   loaded again only when a file under `themes/<theme>/` changed. `styrdok.yaml`, `data/`
//!   and the signatures file are small and read every time.
//! - **Resolving** runs over the whole site, so the diagnostics are those of a full build,
//!   but what it finds in each version on its own (sections, numbers, links: a
//!   [`crate::resolve::Analysis`]) is kept with the parsed file and reused while the file is.
//!   So is what the checks of its body find against the site-wide inputs (names, plans,
//!   totals, stated figures: [`crate::resolve::consistency::body_checks`]), until one of
//!   those inputs (settings, data, signatures) changes. So are a version's links, resolved,
//!   and what resolving them found wrong (`links.rs`), while the site has the same ids,
//!   every file parses, the data is unchanged, and neither its own document nor any document
//!   it names changed its [surface](crate::resolve::link_surface) (id, kind, audience,
//!   versions, titles, sections, dates). So is what the timeline checks of a version find
//!   ([`crate::resolve::consistency::dates::check_version`]), on the same terms, the
//!   documents its front matter names counting too. The output paths of each document
//!   ([`render::outputs::document_sources`]), which the check for two sources of one path
//!   and the check of links by address read, are kept until one of its files is read again.
//!   Who refers to whom is kept and patched (`backlinks.rs`): what a document refers to is
//!   made again only when a change can have changed it.
//! - **Diagnostics.** What the checks of a version's body found about its own file is kept
//!   sorted with the file and merged into the rebuild's diagnostics (`diagnostics.rs`),
//!   not collected and sorted again with the rest.
//! - **Rendering.** Every document has its own pages (see [`render::Parts`]); they read the
//!   document, its [neighbours](crate::resolve::Site::neighbours) and the site-wide inputs.
//!   A rebuild renders the pages of every document changed since the last good render, and
//!   of its neighbours, before and after the change (a reference removed still changes the
//!   page it pointed at), when what they read of it changed (a [`Face`]: what the site pages
//!   read, and whom it refers to and whether only from internal content); when that is
//!   unchanged, only of the documents it became or ceased to be a neighbour of. A changed
//!   template has the documents with a page that uses it (extends, includes) rendered.
//! - The **site pages** (listings, registers, lookup and party pages, feeds, static files)
//!   are rendered when what they read of a changed document ([`render::listing_fingerprint`]:
//!   front matter, versions, sections, and for a public versioned document what the feeds
//!   say changed between its versions — not the rest of the text) changed, when a theme file
//!   changed, or on a new day (they flag what is overdue). The sitemap is made again when
//!   the paths of the pages changed.
//! - **Everything** is rendered again when settings, data, signatures or the theme's strings
//!   changed, or the menu did.
//! - **Failed rebuilds** render nothing and forget nothing: what changed meanwhile is still
//!   rendered by the next good rebuild.
//!
//! A rebuild returns a [`Delta`] per audience: the pages rendered and the pages gone.
//! [`PageSet::apply`] turns it into the served set and says which pages' bytes changed. Tests
//! apply deltas edit after edit and compare with [`crate::compile`] byte for byte.
//!
//! Here: what is pending and what to render. `cache.rs`: the parsed files and the theme kept
//! between rebuilds; a parsed file and its analysis are lent to each rebuild and taken back
//! from the site it resolved, so a large site is neither copied nor freed on every rebuild.
//! `pages.rs`: what a rebuild hands over.

mod backlinks;
mod cache;
mod diagnostics;
mod links;
mod pages;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::content::date::Date;
use crate::content::frontmatter::Audience;
use crate::diag::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};
use crate::render::views::NavItem;
use crate::render::{self, Page};
use crate::resolve::Site;
use backlinks::{BacklinkState, KeptBacklinks};
pub use cache::Stamp;
use cache::{CachedDoc, CachedTheme};
use links::{Compared, LinkState};
pub use pages::{Delta, PageDiff, PageSet, SearchJob};

/// What changed since the pages were last rendered.
#[derive(Default)]
struct Pending {
    /// Ids of documents with a file read again, added or removed.
    documents: BTreeSet<String>,
    /// Templates that changed, with the templates that use them.
    templates: BTreeSet<String>,
    /// Something every page reads changed (or nothing is known about what did).
    everything: bool,
    /// A theme file changed: the site pages are rendered (they hold the static files).
    theme: bool,
}

/// What the last good render of one audience produced.
struct Rendered {
    nav: Vec<NavItem>,
    /// Per document id, the paths of its pages.
    documents: HashMap<String, Vec<String>>,
    /// The paths of the site pages (the sitemap is made again every time).
    site: Vec<String>,
    /// The path of the sitemap, when there was one.
    sitemap: Option<String>,
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
    /// Every page was rendered.
    pub rendered_all: bool,
    /// The site pages were rendered (something they read changed).
    pub rendered_site_pages: bool,
    /// Documents whose pages were rendered (the most of any audience).
    pub rendered_documents: usize,
    /// Documents in the site.
    pub documents: usize,
}

/// The outcome of a good rebuild.
pub struct Rebuild {
    pub sites: Vec<(Audience, Delta)>,
    /// The warnings of the whole site: the last rebuild's list itself when they are the
    /// same.
    pub diagnostics: std::sync::Arc<Vec<Diagnostic>>,
    pub stats: Stats,
    /// The search index, left out of the pages (see [`SearchJob`]).
    pub search: SearchJob,
    /// Per audience, where the links of its 404 page start ([`render::not_found_root`]).
    pub not_found_roots: Vec<(Audience, String)>,
}

/// A site compiled repeatedly, with the state kept between compiles.
pub struct Incremental {
    root: PathBuf,
    /// The document files by path relative to the root. Boxed: the table stays small, so
    /// the several look-ups of every version in a rebuild stay quick.
    docs: HashMap<std::ffi::OsString, Box<CachedDoc>>,
    theme: Option<CachedTheme>,
    /// `styrdok.yaml`, the data files and the signatures file, as last read.
    globals: Vec<(PathBuf, Option<Stamp>)>,
    pending: Pending,
    rendered: Vec<(Audience, Rendered)>,
    /// Each document's neighbours at the last good render.
    neighbours: Neighbours,
    /// Per document id, what its neighbours and the site pages read of it ([`Face`]) at the
    /// last good render.
    fingerprints: HashMap<String, Face>,
    /// The day of the last good render: the site pages flag what is overdue by then.
    rendered_on: Option<Date>,
    /// Whether [`Incremental::forget`] is told of every change (see
    /// [`Incremental::trust_watcher`]).
    trust_watcher: bool,
    /// The document files of the last walk, while they are known to be the site's.
    listing: Option<crate::content::load::Listing>,
    /// The last walk may be taken for the next ones (see [`Incremental::forget`]).
    listing_trusted: bool,
    /// How many resolves there were.
    generation: u64,
    /// What the links kept were resolved against.
    link_state: Option<LinkState>,
    /// Ids of documents with a file read again, added or removed since the last resolve.
    reread: HashSet<String>,
    /// Per document id, its output paths ([`render::outputs::document_sources`]), made
    /// again when one of its files was read again.
    outputs: HashMap<String, Vec<(String, render::outputs::Source)>>,
    /// The backlinks of the last resolve ([`backlinks`]).
    backlinks: Option<KeptBacklinks>,
    /// What the check for two sources of one output path found, with the paths of the site
    /// pages it was given; forgotten when a document's paths change.
    outputs_checked: Option<OutputsChecked>,
    /// The last rebuild's diagnostics, and what they were made of.
    last_diagnostics: Option<diagnostics::LastDiagnostics>,
}

/// The site's own output paths and what the check of all the paths found.
type OutputsChecked = (Vec<(String, render::outputs::Source)>, Vec<Diagnostic>);

impl Incremental {
    /// A compiler for the site at `root`, with nothing cached yet.
    pub fn new(root: &Path) -> Incremental {
        Incremental {
            root: root.to_path_buf(),
            docs: HashMap::new(),
            theme: None,
            globals: Vec::new(),
            pending: Pending {
                everything: true,
                ..Pending::default()
            },
            rendered: Vec::new(),
            neighbours: Neighbours::default(),
            fingerprints: HashMap::new(),
            rendered_on: None,
            trust_watcher: false,
            listing: None,
            listing_trusted: false,
            generation: 0,
            link_state: None,
            reread: HashSet::new(),
            outputs: HashMap::new(),
            backlinks: None,
            outputs_checked: None,
            last_diagnostics: None,
        }
    }

    /// Whether every change is told with [`Incremental::forget`], as `styrdok serve`'s
    /// watcher does: then a rebuild reads only the files forgotten and walks the document
    /// folders only when a change may have added, removed or renamed a document file.
    /// Otherwise (the default) every file's size and times are looked at on every rebuild.
    pub fn trust_watcher(&mut self, trust: bool) {
        if trust != self.trust_watcher {
            self.listing = None;
        }
        self.trust_watcher = trust;
    }

    /// Compiles the site for `audiences` as [`crate::compile_with`] does without the search
    /// index, rendering only what changed since the last good rebuild.
    pub fn rebuild(&mut self, audiences: &[Audience]) -> Result<Rebuild> {
        let mut stats = Stats::default();
        let diags = Diagnostics::new();
        let loaded = self.load(&diags, &mut stats)?;
        let theme_name = loaded.config.theme.clone();
        let backlinks = BacklinkState {
            kept: std::sync::Mutex::new(self.backlinks.take()),
            ..BacklinkState::default()
        };
        let reuse = Reuse {
            inc: self,
            compared: std::sync::OnceLock::new(),
            backlinks,
        };
        let mut site = crate::resolve_checked(loaded, &diags, &reuse);
        let targets = reuse
            .backlinks
            .targets
            .into_inner()
            .expect("backlinks lock");
        let surfaces = match reuse.compared.into_inner() {
            Some(c) => c.surfaces,
            None => site
                .documents
                .iter()
                .map(crate::resolve::link_surface)
                .collect(),
        };
        self.refresh_outputs(&site);
        let result = self.render_resolved(&site, &theme_name, diags, stats, audiences);
        // Good or not, what the site was lent goes back to the cache.
        self.generation += 1;
        self.backlinks = targets.map(|targets| KeptBacklinks {
            generation: self.generation,
            targets,
            backlinks: std::mem::take(&mut site.backlinks),
        });
        let ids = std::sync::Arc::new(self.recycle(site, self.generation));
        self.link_state = Some(LinkState {
            generation: self.generation,
            ids: ids.clone(),
            surfaces,
        });
        self.reread.clear();
        let (rebuild, neighbours) = result?;
        self.neighbours = Neighbours {
            ids,
            of: neighbours,
        };
        Ok(rebuild)
    }

    /// The rest of [`Incremental::rebuild`], on the resolved site: the checks that need the
    /// theme, and the rendering. Also gives each document's neighbours.
    fn render_resolved(
        &mut self,
        site: &Site,
        theme_name: &str,
        diags: Diagnostics,
        mut stats: Stats,
        audiences: &[Audience],
    ) -> Result<(Rebuild, crate::resolve::Neighbours)> {
        self.load_theme(theme_name, &diags, &mut stats)?;
        let mut checked = None;
        if let Some(t) = &self.theme {
            // The output paths: the site's made again, each document's kept (`outputs`).
            let site_sources = render::outputs::site_sources(site, &t.theme);
            let sources = || {
                let documents = site.documents.iter();
                site_sources
                    .iter()
                    .chain(documents.flat_map(|d| self.outputs.get(&d.id).into_iter().flatten()))
            };
            // What the check found is kept while every path and its source stays the same.
            let found = match self.outputs_checked.take() {
                Some((kept, found)) if kept == site_sources => found,
                _ => {
                    let local = Diagnostics::new();
                    render::outputs::check_sources(sources(), &local);
                    local.into_sorted()
                }
            };
            for d in &found {
                diags.push(d.clone());
            }
            let paths = || sources().map(|(p, _)| p.clone()).collect();
            render::links::check_with(site, &t.theme, paths, &diags);
            checked = Some((site_sources, found));
        }
        self.outputs_checked = checked;
        let diagnostics = self.diagnostics(site, diags);
        if diagnostics
            .iter()
            .any(|d| d.severity == crate::diag::Severity::Error)
        {
            return Err(Error::Content(Vec::clone(&diagnostics)));
        }
        let theme = &self.theme.as_ref().expect("theme loaded above").theme;
        stats.documents = site.documents.len();

        // The documents to render, unless everything is: the changed ones; their neighbours
        // before and after the change, when what those read of it changed, or else those it
        // became or ceased to be a neighbour of; and those with a page using a changed
        // template.
        let neighbours = site.neighbours();
        let faces_now: HashMap<&str, Face> = if self.pending.everything {
            HashMap::new()
        } else {
            let changed: HashSet<usize> = (self.pending.documents.iter())
                .filter_map(|id| site.by_id.get(id).copied())
                .collect();
            faces(site, |di| changed.contains(&di))
        };
        let dirty: Option<HashSet<usize>> = (!self.pending.everything).then(|| {
            let mut ids: BTreeSet<&str> = BTreeSet::new();
            for id in &self.pending.documents {
                ids.insert(id);
                let before: BTreeSet<&str> = self.neighbours.of(id).collect();
                let now: BTreeSet<&str> = match site.by_id.get(id) {
                    Some(&di) => (neighbours[di].iter())
                        .map(|&n| site.documents[n].id.as_str())
                        .collect(),
                    None => BTreeSet::new(),
                };
                let face = faces_now.get(id.as_str());
                if face.is_some() && face == self.fingerprints.get(id) {
                    ids.extend(before.symmetric_difference(&now));
                } else {
                    ids.extend(before.union(&now));
                }
            }
            let mut dirty: HashSet<usize> = ids
                .iter()
                .filter_map(|id| site.by_id.get(*id).copied())
                .collect();
            if !self.pending.templates.is_empty() {
                dirty.extend(site.documents.iter().enumerate().filter_map(|(di, d)| {
                    let uses = |t: &String| render::document_uses_template(d, t);
                    self.pending.templates.iter().any(uses).then_some(di)
                }));
            }
            dirty
        });

        // The site pages, when something they read changed.
        let today = Date::today();
        let site_pages = dirty.is_none()
            || self.pending.theme
            || self.rendered_on != Some(today)
            || self.pending.documents.iter().any(|id| {
                let listing = |f: &Face| f.listing;
                faces_now.get(id.as_str()).map(listing) != self.fingerprints.get(id).map(listing)
            });
        stats.rendered_site_pages = site_pages;

        // Every audience is rendered before anything kept is touched: a render that fails
        // leaves the last good render's state for the next rebuild to compare with.
        let mut made = Vec::new();
        for &audience in audiences {
            let before = self
                .rendered
                .iter()
                .find(|(a, _)| *a == audience)
                .map(|(_, r)| r);
            // Every page when the menu changed: the renderer that renders the pages changed
            // says what the menu is now, and renders them all when it changed.
            let render_with = |all: bool| {
                let documents = |di: usize| all || dirty.as_ref().is_some_and(|d| d.contains(&di));
                let wanted = render::Wanted {
                    documents: &documents,
                    site_pages: all || site_pages,
                };
                render::render_parts(site, theme, audience, &wanted)
            };
            let mut all = dirty.is_none() || before.is_none();
            let mut parts = render_with(all)?;
            if !all && before.is_some_and(|b| b.nav != parts.nav) {
                all = true;
                parts = render_with(true)?;
            }
            stats.rendered_documents = stats.rendered_documents.max(parts.documents.len());
            stats.rendered_all |= all;
            made.push((audience, parts, all, all || site_pages));
        }
        // A good render: what was pending is done, and what is kept moves to the new state.
        let mut kept = std::mem::take(&mut self.rendered);
        let mut sites = Vec::new();
        for (audience, parts, all, site_pages) in made {
            let before = kept
                .iter()
                .position(|(a, _)| *a == audience)
                .map(|i| kept.swap_remove(i).1);
            let pending = &self.pending.documents;
            let (delta, state) = assemble(site, audience, pending, parts, before, all, site_pages);
            sites.push((audience, delta));
            self.rendered.push((audience, state));
        }

        self.rendered_on = Some(today);
        if dirty.is_none() {
            self.fingerprints = faces(site, |_| true)
                .into_iter()
                .map(|(id, f)| (id.to_string(), f))
                .collect();
        } else {
            for id in &self.pending.documents {
                match faces_now.get(id.as_str()) {
                    Some(&f) => self.fingerprints.insert(id.clone(), f),
                    None => self.fingerprints.remove(id),
                };
            }
        }
        self.pending = Pending::default();
        let not_found_roots = audiences
            .iter()
            .map(|&a| (a, render::not_found_root(site, a)))
            .collect();
        let rebuild = Rebuild {
            not_found_roots,
            sites,
            diagnostics,
            stats,
            search: SearchJob {
                lang: theme.strings.lang.clone(),
                links: site.config.links,
            },
        };
        Ok((rebuild, neighbours))
    }
}

impl Incremental {
    /// Makes the output paths of the documents read again, and of those not known yet;
    /// forgets those of documents gone. Notes whether any document's paths changed.
    fn refresh_outputs(&mut self, site: &Site) {
        let mut had: HashMap<String, Vec<(String, render::outputs::Source)>> = HashMap::new();
        for id in &self.reread {
            had.extend(self.outputs.remove_entry(id));
        }
        let mut changed = false;
        for d in &site.documents {
            if !self.outputs.contains_key(&d.id) {
                let sources = render::outputs::document_sources(d);
                changed |= had.remove(&d.id).as_ref() != Some(&sources);
                self.outputs.insert(d.id.clone(), sources);
            }
        }
        // What is left had paths and is gone.
        changed |= !had.is_empty();
        if self.outputs.len() != site.documents.len() {
            self.outputs.retain(|id, _| site.by_id.contains_key(id));
            changed = true;
        }
        if changed {
            self.outputs_checked = None;
        }
    }
}

/// What the pages of a document's neighbours read of it, and what the site pages read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Face {
    /// What the site pages read of it, which its neighbours' pages read too (titles,
    /// sections, versions, front matter): [`render::listing_fingerprint`].
    listing: u64,
    /// The documents it refers to, each with whether only from internal content: the
    /// backlinks on their pages.
    refers: u64,
}

/// The [`Face`]s of the documents `which` picks, by id.
fn faces(site: &Site, which: impl Fn(usize) -> bool) -> HashMap<&str, Face> {
    use std::hash::{Hash, Hasher};
    let mut refers: HashMap<usize, Vec<(&str, bool)>> = HashMap::new();
    for (target, links) in site.backlinks.iter().enumerate() {
        for b in links.iter().filter(|b| which(b.from)) {
            let to = site.documents[target].id.as_str();
            refers.entry(b.from).or_default().push((to, b.internal));
        }
    }
    let mut out = HashMap::new();
    for (di, d) in site
        .documents
        .iter()
        .enumerate()
        .filter(|(di, _)| which(*di))
    {
        let mut to = refers.remove(&di).unwrap_or_default();
        to.sort_unstable();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        to.hash(&mut h);
        let listing = render::listing_fingerprint(d);
        out.insert(
            d.id.as_str(),
            Face {
                listing,
                refers: h.finish(),
            },
        );
    }
    out
}

/// Each document's neighbours ([`Site::neighbours`]) as of the last good render.
#[derive(Default)]
struct Neighbours {
    /// The ids of the documents, sorted as [`Site::documents`] is.
    ids: std::sync::Arc<Vec<String>>,
    /// Per document, the indices of its neighbours in `ids`.
    of: crate::resolve::Neighbours,
}

impl Neighbours {
    /// The ids of the neighbours of document `id`.
    fn of<'a>(&'a self, id: &str) -> impl Iterator<Item = &'a str> + 'a {
        let i = self.ids.binary_search_by(|x| x.as_str().cmp(id)).ok();
        i.into_iter()
            .flat_map(|i| self.of[i].iter())
            .map(|&n| self.ids[n].as_str())
    }
}

/// Puts one audience's new pages together with what is kept from the last render: the pages
/// rendered, the paths gone, and what this render produced. With `all`, nothing is kept.
/// `pending`: the documents changed since the last render.
fn assemble(
    site: &Site,
    audience: Audience,
    pending: &BTreeSet<String>,
    parts: render::Parts,
    before: Option<Rendered>,
    all: bool,
    site_pages: bool,
) -> (Delta, Rendered) {
    let rendered: HashSet<&str> = parts
        .documents
        .iter()
        .map(|(di, _)| site.documents[*di].id.as_str())
        .collect();
    let mut state = Rendered {
        nav: parts.nav,
        documents: HashMap::new(),
        site: Vec::new(),
        sitemap: None,
    };
    // The paths that may be gone: those of every page rendered again, and of documents that
    // are gone or no longer visible to this audience.
    let mut old_paths: Vec<String> = Vec::new();
    // Whether the paths of the pages changed: the sitemap, which lists them, is made again.
    let mut paths_changed = all;
    // The paths the documents rendered again had.
    let mut had: HashMap<String, Vec<String>> = HashMap::new();
    let mut sitemap = None;
    match before {
        Some(mut b) => {
            if site_pages {
                let now = parts.site.iter().map(|p| p.path.as_str());
                paths_changed |= !now.eq(b.site.iter().map(String::as_str));
                old_paths.extend(b.site);
            } else {
                state.site = b.site;
            }
            sitemap = b.sitemap;
            // The documents not rendered again keep their paths, in place. Only those
            // rendered and those changed since the last render (`pending`: gone, or no
            // longer visible) can have other paths now.
            let candidates: Vec<String> = match all {
                true => b.documents.keys().cloned().collect(),
                false => {
                    let ids = rendered
                        .iter()
                        .copied()
                        .chain(pending.iter().map(String::as_str));
                    ids.collect::<BTreeSet<&str>>()
                        .into_iter()
                        .map(str::to_string)
                        .collect()
                }
            };
            for id in candidates {
                let Some(paths) = b.documents.remove(&id) else {
                    continue;
                };
                let visible = site.doc(&id).is_some_and(|d| {
                    audience == Audience::Internal || d.audience == Audience::Public
                });
                if !all && visible && !rendered.contains(id.as_str()) {
                    b.documents.insert(id, paths);
                    continue;
                }
                if visible {
                    had.insert(id, paths.clone());
                } else {
                    paths_changed = true;
                }
                old_paths.extend(paths);
            }
            state.documents = b.documents;
        }
        None => paths_changed = true,
    }
    let mut pages: Vec<Page> = Vec::new();
    for (di, doc_pages) in parts.documents {
        let paths: Vec<String> = doc_pages.iter().map(|p| p.path.clone()).collect();
        let id = &site.documents[di].id;
        paths_changed |= had.get(id) != Some(&paths);
        state.documents.insert(id.clone(), paths);
        pages.extend(doc_pages);
    }
    if site_pages {
        state.site = parts.site.iter().map(|p| p.path.clone()).collect();
        pages.extend(parts.site);
    }
    match sitemap {
        // The same pages: the sitemap served lists them.
        Some(path) if !paths_changed => state.sitemap = Some(path),
        _ => {
            old_paths.extend(sitemap);
            let every_path = state
                .documents
                .values()
                .flatten()
                .chain(&state.site)
                .map(String::as_str);
            if let Some(map) = render::sitemap(site, audience, every_path) {
                state.sitemap = Some(map.path.clone());
                pages.push(map);
            }
        }
    }
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let now: HashSet<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    let mut removed: Vec<String> = old_paths
        .into_iter()
        .filter(|p| !now.contains(p.as_str()))
        .collect();
    removed.sort();
    removed.dedup();
    (Delta { pages, removed }, state)
}

/// What the cache keeps of each version, handed to resolve.
struct Reuse<'a> {
    inc: &'a Incremental,
    /// This resolve's documents against the last resolve's, for the links.
    compared: std::sync::OnceLock<Compared>,
    backlinks: BacklinkState,
}

impl crate::resolve::Analyser for Reuse<'_> {
    fn analysis(&self, v: &crate::resolve::Version) -> crate::resolve::Analysis {
        self.inc.analysis_of(v)
    }

    fn links(
        &self,
        documents: &[crate::resolve::Document],
        di: usize,
        vi: usize,
        diags: &Diagnostics,
        run: &(dyn Fn(&Diagnostics) -> crate::resolve::Links + Sync),
    ) -> crate::resolve::Links {
        let relinked = std::sync::atomic::AtomicBool::new(false);
        let run = |d: &Diagnostics| {
            relinked.store(true, std::sync::atomic::Ordering::Relaxed);
            run(d)
        };
        let links = self
            .inc
            .links_of(&self.compared, documents, (di, vi), diags, &run);
        if relinked.into_inner() {
            self.backlinks.relinked.lock().expect("lock").push(di);
        }
        links
    }

    fn timeline(
        &self,
        documents: &[crate::resolve::Document],
        di: usize,
        vi: usize,
        diags: &Diagnostics,
        run: &(dyn Fn(&Diagnostics) + Sync),
    ) {
        self.inc
            .timeline_of(&self.compared, documents, (di, vi), diags, run)
    }

    fn backlinks(
        &self,
        site: &Site,
        targets: &(dyn Fn(usize) -> Vec<(usize, bool)> + Sync),
    ) -> Vec<Vec<crate::resolve::Backlink>> {
        let (inc, compared) = (self.inc, self.compared.get());
        self.backlinks
            .backlinks(site, inc.generation, &inc.reread, compared, targets)
    }

    fn body_checks(
        &self,
        v: &crate::resolve::Version,
        run: &(dyn Fn(&crate::resolve::Version) -> Vec<Diagnostic> + Sync),
    ) -> Vec<Diagnostic> {
        self.inc.body_checks_of(v, run)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOTH: &[Audience] = &[Audience::Internal, Audience::Public];

    /// The first rebuild renders what a full compile gives, and the search job the index
    /// that compile adds: on every fixture and on the bundled site.
    #[test]
    fn a_first_rebuild_equals_compile_with_its_search_index() {
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
            let expected = crate::compile(&root, BOTH);
            let mut inc = Incremental::new(&root);
            match (expected, inc.rebuild(BOTH)) {
                (Ok(expected), Ok(rebuild)) => {
                    assert_eq!(expected.diagnostics, *rebuild.diagnostics);
                    for ((ea, ep), (ga, delta)) in expected.sites.into_iter().zip(rebuild.sites) {
                        assert_eq!(ea, ga);
                        assert!(delta.removed.is_empty());
                        let mut set = PageSet::new(delta.pages);
                        let index = rebuild.search.index(&set).unwrap();
                        set.apply(Delta {
                            pages: index,
                            removed: Vec::new(),
                        });
                        let got: Vec<(&str, &[u8])> = set.iter().collect();
                        let want: Vec<(&str, &[u8])> = ep
                            .iter()
                            .map(|p| (p.path.as_str(), p.bytes.as_slice()))
                            .collect();
                        assert!(
                            got == want,
                            "{}: the {} pages differ from `compile`",
                            root.display(),
                            ea.key()
                        );
                    }
                }
                (Err(Error::Content(e)), Err(Error::Content(g))) => assert_eq!(e, g),
                (e, g) => panic!(
                    "{}: compile and rebuild disagree: {:?} / {:?}",
                    root.display(),
                    e.err().map(|e| e.to_string()),
                    g.err().map(|e| e.to_string())
                ),
            }
        }
    }

    /// A rebuild that fails gives back what it was lent, like a good one: the next rebuild
    /// reads only the file that changed.
    #[test]
    fn a_failed_rebuild_gives_back_what_it_was_lent() {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let dir = tempfile::tempdir().unwrap();
        for e in walkdir::WalkDir::new(&from) {
            let e = e.unwrap();
            let to = dir.path().join(e.path().strip_prefix(&from).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(e.path(), &to).unwrap();
            }
        }
        let root = dir.path();
        let rapport = root.join("content/rapport.md");
        let good = std::fs::read_to_string(&rapport).unwrap();
        let mut inc = Incremental::new(root);
        inc.rebuild(BOTH).unwrap();
        std::fs::write(&rapport, good.replace("title:", "färg: blå\ntitle:")).unwrap();
        inc.forget([rapport.as_path()]);
        assert!(matches!(inc.rebuild(BOTH), Err(Error::Content(_))));
        assert!(matches!(inc.rebuild(BOTH), Err(Error::Content(_))));
        std::fs::write(&rapport, &good).unwrap();
        inc.forget([rapport.as_path()]);
        let stats = inc.rebuild(BOTH).unwrap().stats;
        assert_eq!((stats.parsed, stats.reused), (1, 3));
    }

    #[test]
    fn unchanged_files_are_not_parsed_again() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let mut inc = Incremental::new(&root);
        let first = inc.rebuild(BOTH).unwrap().stats;
        assert_eq!(
            (first.parsed, first.reused, first.theme_loaded),
            (4, 0, true)
        );
        let second = inc.rebuild(BOTH).unwrap().stats;
        assert_eq!(
            (second.parsed, second.reused, second.theme_loaded),
            (0, 4, false)
        );
    }
}
