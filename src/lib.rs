//! styrdok: a static site generator for the governing documents of public-sector
//! collaborations.
//!
//! The pipeline, one folder per stage:
//!
//! 1. [`content`] — **load**: walk the source tree, split front matter, deserialize YAML;
//! 2. [`resolve`] — **resolve**: ids, versions, section numbering, cross-references,
//!    backlinks, which version each decision and signature concerns, computed figures and
//!    consistency checks; [`agreements`] sits on top of the resolved site (tracker,
//!    conditions, appeal periods) and [`diff`] compares its versions;
//! 3. [`render`] — **render**: markdown → HTML, tera templates, one set of pages per audience;
//! 4. [`output`] — **write**: staging directory, atomic swap, ownership marker.
//!
//! Below every stage, [`text`] holds what they share about text (strings, Swedish formats,
//! escaping, sanitizing, slugs), so no stage reaches up into a later one.
//!
//! [`compile`] runs stages 1–3 in memory; [`build`] adds stage 4; [`check`] stops after 3.
//! [`incremental`] runs stages 1–3 again and again for `styrdok serve`, reading and rendering
//! only what a change affects.

pub mod agreements;
pub mod content;
pub mod diag;
pub mod diff;
pub mod error;
pub mod fsx;
pub mod incremental;
pub mod memory;
pub mod output;
pub mod partial;
pub mod progress;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod term;
pub mod text;

use std::path::{Path, PathBuf};

use content::frontmatter::Audience;
use diag::{Diagnostic, Diagnostics};
pub use error::{Error, Result};
use progress::Progress;
use render::Page;

/// A compiled site: every page of every requested audience, and the warnings found.
pub struct Compiled {
    pub sites: Vec<(Audience, Vec<Page>)>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads, resolves and renders the site at `root` for `audiences`, with its search index,
/// writing nothing. Content errors give [`Error::Content`] with every diagnostic.
pub fn compile(root: &Path, audiences: &[Audience]) -> Result<Compiled> {
    compile_with(root, audiences, true)
}

/// [`compile`], with or without building the search index (`check` needs no index).
pub fn compile_with(root: &Path, audiences: &[Audience], search: bool) -> Result<Compiled> {
    let (site, theme, diagnostics) = load_for_render(root, None, &Progress::quiet())?;
    let sites = render_audiences(&site, &theme, audiences, search, &Progress::quiet())?;
    Ok(Compiled { sites, diagnostics })
}

/// Stage 2, and the checks that sit on top of the resolved site: agreements, decisions and
/// signatures (the tracker reads the site; the site never reads the tracker).
pub fn resolve_checked(
    loaded: content::Loaded,
    diags: &Diagnostics,
    analyser: &dyn resolve::Analyser,
) -> resolve::Site {
    let site = resolve::resolve_with(loaded, diags, analyser);
    agreements::tracker::check(&site, content::date::Date::today(), diags);
    agreements::legal::check(&site, diags);
    agreements::shown::check(&site, diags);
    site
}

/// Stages 1–2 and the theme: what rendering needs, or [`Error::Content`] with every
/// diagnostic when there is an error. `base_url`, when given, replaces the configured one
/// (checked by the caller with [`content::base_url::validate`]).
fn load_for_render(
    root: &Path,
    base_url: Option<&str>,
    progress: &Progress,
) -> Result<(resolve::Site, render::templates::Theme, Vec<Diagnostic>)> {
    let diags = Diagnostics::new();
    let task = progress.begin("loading the sources");
    let mut loaded = content::load::load(root, &diags)?;
    task.done(format!("loaded {} document files", loaded.files.len()));
    if let Some(url) = base_url {
        loaded.config.base_url = Some(url.to_string());
    }
    let task = progress.begin("resolving and checking the documents");
    let theme_name = loaded.config.theme.clone();
    let site = resolve_checked(loaded, &diags, &resolve::Fresh);
    let theme = render::templates::load(root, &theme_name, &diags)?;
    // Each builds its own map of the site's pages: the two run side by side.
    rayon::join(
        || render::outputs::check(&site, &theme, &diags),
        || render::links::check(&site, &theme, &diags),
    );
    task.done(format!(
        "resolved and checked {} documents",
        site.documents.len()
    ));
    if diags.has_errors() {
        return Err(Error::Content(diags.into_sorted()));
    }
    Ok((site, theme, diags.into_sorted()))
}

/// Renders each audience of a resolved site (with its search index when `search` and the
/// site's settings do not turn search off). The
/// audiences render and index in parallel: the search indexer is mostly serial. Shared by
/// [`compile`] and [`incremental::Incremental`], so build and preview produce the same pages.
pub fn render_audiences(
    site: &resolve::Site,
    theme: &render::templates::Theme,
    audiences: &[Audience],
    search: bool,
    progress: &Progress,
) -> Result<Vec<(Audience, Vec<Page>)>> {
    use rayon::prelude::*;
    audiences
        .par_iter()
        .map(|&a| {
            let task = progress.begin(format!("rendering the {} site", a.key()));
            let pages = render::render_site(site, theme, a)?;
            task.done(format!(
                "rendered {} pages of the {} site",
                pages.len(),
                a.key()
            ));
            let pages = if search && site.config.search {
                let task = progress.begin(format!("indexing the {} site for search", a.key()));
                let count = pages.len();
                let pages = render::with_search(pages, theme, site.config.links)?;
                task.done(format!("indexed {count} pages of the {} site", a.key()));
                pages
            } else {
                pages
            };
            Ok((a, pages))
        })
        .collect::<Vec<Result<_>>>()
        .into_iter()
        .collect()
}

/// `styrdok check`: every problem, errors and warnings, without writing anything.
pub fn check(root: &Path) -> Result<Vec<Diagnostic>> {
    check_with(root, None)
}

/// [`check`], with `base_url` (when given) in place of the configured one.
pub fn check_with(root: &Path, base_url: Option<&str>) -> Result<Vec<Diagnostic>> {
    match load_for_render(root, base_url, &Progress::quiet()) {
        Ok((site, theme, diagnostics)) => {
            // Every page is rendered, to find what only rendering finds, and dropped as it
            // is made: nothing is written, and nothing need be held. Both sites together, as
            // `build` renders them.
            render::render_sites_in_parts(
                &site,
                &theme,
                &[Audience::Public, Audience::Internal],
                &|_, _| Ok(()),
            )?;
            Ok(diagnostics)
        }
        Err(Error::Content(d)) => Ok(d),
        Err(e) => Err(e),
    }
}

/// Loads and resolves the site without rendering; content errors give [`Error::Content`].
pub fn load_site(root: &Path) -> Result<(resolve::Site, Vec<Diagnostic>)> {
    let diags = Diagnostics::new();
    let loaded = content::load::load(root, &diags)?;
    let site = resolve_checked(loaded, &diags, &resolve::Fresh);
    if diags.has_errors() {
        return Err(Error::Content(diags.into_sorted()));
    }
    Ok((site, diags.into_sorted()))
}

/// Loads and resolves the site as `check` does, errors and all, for commands that answer
/// about some documents when others have errors (see [`partial`]).
pub fn load_site_with_errors(root: &Path) -> Result<(resolve::Site, Vec<Diagnostic>)> {
    let diags = Diagnostics::new();
    let loaded = content::load::load(root, &diags)?;
    let site = resolve_checked(loaded, &diags, &resolve::Fresh);
    Ok((site, diags.into_sorted()))
}

/// Finds a version of a document by the names a user types ("v2"; for a document that is not
/// versioned, "latest").
pub fn find_version<'a>(
    site: &'a resolve::Site,
    doc: &str,
    version: &str,
) -> Result<(&'a resolve::Document, usize)> {
    let d = site
        .doc(doc)
        .ok_or_else(|| Error::Usage(format!("no document with id `{doc}`")))?;
    if version == "latest" {
        return Ok((d, d.versions.len() - 1));
    }
    match d.version(version) {
        Some((i, _)) => Ok((d, i)),
        None => {
            let names: Vec<&str> = d
                .versions
                .iter()
                .filter_map(|v| v.name.as_deref())
                .collect();
            Err(Error::Usage(if names.is_empty() {
                format!("document `{doc}` has no versions; it has only `latest`")
            } else {
                format!(
                    "document `{doc}` has no version `{version}`; it has {}",
                    names.join(", ")
                )
            }))
        }
    }
}

/// The diff between two versions of a document, as `audience` may see it.
pub fn diff_versions(
    site: &resolve::Site,
    doc: &str,
    from: &str,
    to: &str,
    audience: Audience,
) -> Result<diff::DocDiff> {
    let (d, a) = find_version(site, doc, from)?;
    let (_, b) = find_version(site, doc, to)?;
    if audience == Audience::Public && d.audience == Audience::Internal {
        return Err(Error::Usage(format!("document `{doc}` is internal")));
    }
    let (va, vb) = (&d.versions[a], &d.versions[b]);
    let old = diff::sections_of(va, audience);
    let new = diff::sections_of(vb, audience);
    let (absent_old, absent_new) = (diff::absent_of(va), diff::absent_of(vb));
    Ok(diff::diff_with(
        &old,
        &new,
        diff::Absent {
            old: &absent_old,
            new: &absent_new,
        },
    ))
}

/// The tracker status of one agreement (`id` or `id/v2`) or, with `None`, of the latest
/// version of every tracked agreement.
pub fn agreement_statuses(
    site: &resolve::Site,
    which: Option<&str>,
) -> Result<Vec<agreements::tracker::AgreementStatus>> {
    use agreements::tracker::{is_tracked, status};
    match which {
        Some(spec) => {
            let (id, version) = spec.split_once('/').unwrap_or((spec, "latest"));
            let (d, vi) = find_version(site, id, version)?;
            if !is_tracked(d) {
                return Err(Error::Usage(format!(
                    "`{id}` is not an agreement with parties"
                )));
            }
            Ok(vec![status(site, site.by_id[id], vi, Audience::Internal)])
        }
        None => Ok(site
            .documents
            .iter()
            .enumerate()
            .filter(|(_, d)| is_tracked(d))
            .map(|(i, d)| status(site, i, d.versions.len() - 1, Audience::Internal))
            .collect()),
    }
}

/// The UI strings of the site's theme, for text output in the site's language.
pub fn theme_strings(root: &Path, site: &resolve::Site) -> Result<text::format::Strings> {
    let diags = Diagnostics::new();
    Ok(render::templates::load(root, &site.config.theme, &diags)?.strings)
}

/// A standalone HTML page of a diff, styled with the site's theme.
pub fn diff_html_page(
    root: &Path,
    site: &resolve::Site,
    d: &diff::DocDiff,
    doc: &str,
    from: &str,
    to: &str,
) -> Result<String> {
    let diags = Diagnostics::new();
    let theme = render::templates::load(root, &site.config.theme, &diags)?;
    let t = &theme.strings;
    let css: String = theme
        .static_files
        .iter()
        .filter(|(n, _)| n == "style.css")
        .map(|(_, b)| String::from_utf8_lossy(b).to_string())
        .collect();
    let title = site
        .doc(doc)
        .map(|d| d.latest().fm.title.clone())
        .unwrap_or_default();
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head><meta charset=\"utf-8\"><title>{title}: {from} → {to}</title><style>{css}</style></head>\n<body><main id=\"main\"><h1>{title}: {from} → {to}</h1>\n{summary}\n{body}\n</main></body></html>\n",
        lang = text::html::esc(&t.lang),
        title = text::html::esc(&title),
        from = text::html::esc(from),
        to = text::html::esc(to),
        summary = diff::format::html_summary(d, t, ""),
        body = diff::format::html_body(d, t, false),
    ))
}

/// What `styrdok build` should do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    pub audiences: Vec<Audience>,
    /// Replaces `base_url` of styrdok.yaml for this build.
    pub base_url: Option<String>,
    /// Whether to build the search index (`--no-search` turns it off for this build; so does
    /// `search: false` in `styrdok.yaml`).
    pub search: bool,
}

/// What a build did.
#[derive(Debug)]
pub struct BuildReport {
    pub written: Vec<(Audience, PathBuf, usize)>,
    pub diagnostics: Vec<Diagnostic>,
}

/// `styrdok build`: compile, then write each audience to `out/<audience>/`. Nothing is
/// written when the content has an error or the output directory is not safe to use, and
/// every audience is switched in at once, in one atomic step, when all are ready (see
/// [`output`]).
///
/// Every audience renders together; each document's pages go to the staging folder as soon
/// as they render, written by the thread that rendered them, so memory stays flat. Then the
/// site is freed and each audience's search index is built from its staged pages, public
/// first, the internal one copying the public bundles it would only make again
/// ([`render::search`]).
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    build_with_progress(opts, &Progress::quiet())
}

/// [`build`], telling `progress` what it does.
pub fn build_with_progress(opts: &BuildOptions, progress: &Progress) -> Result<BuildReport> {
    content::load::check_root(&opts.root)?;
    if let Some(url) = &opts.base_url {
        content::base_url::validate(url).map_err(|(message, hint)| {
            Error::Usage(format!("--base-url: {message}\n  hint: {hint}"))
        })?;
    }
    output::check_out_dir(&opts.root, &opts.out)?;
    let mut writer = output::Writer::open(&opts.out, &opts.audiences)?;
    let (mut site, theme, diagnostics) =
        load_for_render(&opts.root, opts.base_url.as_deref(), progress)?;
    // What loading and checking freed goes back to the system before rendering starts, rather
    // than over the next seconds: on a fast machine rendering would otherwise start with it
    // still held (a few hundred megabytes at 100 000 documents).
    memory::release_freed_memory();
    // Without an index the pages have no search box either.
    site.config.search &= opts.search;
    let mut counts = Vec::new();
    let mut public_index = None;
    let mut audiences = opts.audiences.clone();
    audiences.sort_by_key(|&a| a != Audience::Public);
    // Every audience renders together, so a body that reads the same on both sites is
    // rendered once; then each is indexed.
    let tasks: Vec<_> = audiences
        .iter()
        .map(|a| progress.begin(format!("rendering the {} site", a.key())))
        .collect();
    // Each audience's folder is made first, so the threads that render write into it.
    let dirs: Vec<(Audience, PathBuf)> = audiences
        .iter()
        .map(|&a| Ok((a, writer.audience_dir(a)?)))
        .collect::<Result<_>>()?;
    let rendered = render::render_sites_in_parts(&site, &theme, &audiences, &|a, pages| {
        let (_, dir) = dirs.iter().find(|(b, _)| *b == a).expect("made above");
        output::write_here(dir, &pages)
    })?;
    for (task, (audience, paths)) in tasks.into_iter().zip(&rendered) {
        task.done(format!(
            "rendered {} pages of the {} site",
            paths.len(),
            audience.key()
        ));
    }
    // The index reads the staged pages, not the site: the site's memory is freed before the
    // index is built, so that the two are never held at once. Freeing its hundreds of
    // thousands of allocations is serial work the indexer need not wait for.
    let search = site.config.search;
    let lang = theme.strings.lang.clone();
    let links = site.config.links;
    std::thread::spawn(move || drop((site, theme)));
    for (audience, paths) in rendered {
        let mut count = paths.len();
        if search {
            let task = progress.begin(format!("indexing the {} site for search", audience.key()));
            let dir = writer.audience_dir(audience)?;
            let public_dir = dir.with_file_name(Audience::Public.key());
            let io = render::search::Io {
                read: &|p| {
                    let path = dir.join(p);
                    std::fs::read(&path).map_err(|e| Error::io("read", &path, e))
                },
                write: &|files| output::write_into(&dir, &files),
                copy: &|files| output::copy_into(&public_dir, &dir, files),
            };
            let reuse = public_index
                .as_ref()
                .filter(|_| audience == Audience::Internal);
            let built = render::search::build(paths, &lang, links, reuse, &io)?;
            task.done(format!(
                "indexed {count} pages for search: {} files of the {} site",
                built.files,
                audience.key()
            ));
            count += built.files;
            if audience == Audience::Public {
                public_index = Some(built);
            }
        }
        counts.push((audience, count));
    }
    let written = writer
        .commit()?
        .into_iter()
        .map(|(audience, dir)| {
            let count = counts.iter().find(|c| c.0 == audience).map_or(0, |c| c.1);
            (audience, dir, count)
        })
        .collect();
    Ok(BuildReport {
        written,
        diagnostics,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect()
    }

    /// Builds both sites of `root`, with search, into `dir/out`.
    fn build_both(root: &Path, dir: &Path) -> BuildReport {
        build(&BuildOptions {
            root: root.to_path_buf(),
            out: dir.join("out"),
            audiences: vec![Audience::Public, Audience::Internal],
            base_url: None,
            search: true,
        })
        .unwrap()
    }

    #[test]
    fn the_streamed_build_writes_what_the_site_compiles_to() {
        for fixture in ["basic", "search"] {
            let root = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(fixture);
            let out = tempfile::tempdir().unwrap();
            let report = build_both(&root, out.path());
            let compiled = compile(&root, &[Audience::Public, Audience::Internal]).unwrap();
            for (audience, pages) in compiled.sites {
                let written: Vec<(PathBuf, Vec<u8>)> =
                    tree(&out.path().join("out").join(audience.key()))
                        .into_iter()
                        .filter(|(p, _)| p != Path::new(output::MARKER))
                        .collect();
                let mut expected: Vec<(PathBuf, Vec<u8>)> = pages
                    .into_iter()
                    .map(|p| (PathBuf::from(p.path), p.bytes))
                    .collect();
                expected.sort();
                assert!(expected.len() > 20);
                let counted = report.written.iter().find(|w| w.0 == audience).unwrap().2;
                assert_eq!(counted, expected.len(), "{fixture} {audience:?}");
                let paths =
                    |v: &[(PathBuf, Vec<u8>)]| v.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
                assert_eq!(paths(&written), paths(&expected), "{fixture} {audience:?}");
                assert!(written == expected, "{fixture} {audience:?}: other bytes");
            }
        }
    }

    #[test]
    fn the_internal_site_made_with_the_public_sites_bodies_is_the_one_made_alone() {
        // The bundled site has public documents with internal passages, internal sections,
        // references to internal documents and shortcodes, and documents with none: the
        // build shares the bodies of the latter between the sites, the compile of one
        // audience at a time shares nothing.
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = tempfile::tempdir().unwrap();
        build_both(root, out.path());
        // The pages, not the search index, which is built apart from them.
        let page = |p: &Path| !p.starts_with("pagefind") && p != Path::new(output::MARKER);
        for audience in [Audience::Public, Audience::Internal] {
            let alone = compile(root, &[audience]).unwrap();
            let mut expected: Vec<(PathBuf, Vec<u8>)> = alone.sites[0]
                .1
                .iter()
                .map(|p| (PathBuf::from(&p.path), p.bytes.clone()))
                .filter(|(p, _)| page(p))
                .collect();
            expected.sort();
            let written: Vec<(PathBuf, Vec<u8>)> =
                tree(&out.path().join("out").join(audience.key()))
                    .into_iter()
                    .filter(|(p, _)| page(p))
                    .collect();
            assert!(expected.len() > 50, "{audience:?}");
            assert_eq!(written.len(), expected.len(), "{audience:?}");
            for (w, e) in written.iter().zip(&expected) {
                assert_eq!(w.0, e.0, "{audience:?}");
                assert!(w.1 == e.1, "{audience:?}: {} differs", w.0.display());
            }
        }
    }
}
