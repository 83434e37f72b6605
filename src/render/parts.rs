//! The two groups of pages an incremental rebuild tells apart: each document's own pages,
//! and the site pages that read the whole site; what each reads, and rendering any selection
//! of them ([`render_parts`]). A full render is every group ([`render_site`]).

use rayon::prelude::*;

use super::templates::Theme;
use super::views::NavItem;
use super::{Page, Renderer, feeds};
use crate::content::frontmatter::{Audience, Kind};
use crate::error::Result;
use crate::resolve::{Document, Site};

/// Whether some of the pages of `d` in [`Parts::documents`] are rendered with `template`
/// (directly; what templates extend or include is found by [`Theme::changed_templates`]):
/// `document.html` for every document, `versions.html` and `diff.html` for versioned ones.
pub fn document_uses_template(d: &Document, template: &str) -> bool {
    match template {
        "document.html" => true,
        "versions.html" | "diff.html" => d.is_versioned(),
        _ => false,
    }
}

/// The menu of the site as `audience` sees it: what [`Parts::nav`] will be.
pub fn nav(site: &Site, theme: &Theme, audience: Audience) -> Vec<NavItem> {
    Renderer::new(site, theme, audience).nav
}

/// One audience's pages, in the two groups an incremental rebuild tells apart.
pub struct Parts {
    /// The menu every page shows. When it changes, every page changes.
    pub nav: Vec<NavItem>,
    /// Per visible document asked for (its index in [`Site::documents`]), the pages that are
    /// its own: one per version, its default page and, when versioned, its history and diff
    /// pages. They read the document, the documents it refers to and that refer to it
    /// ([`Site::neighbours`]), and the site-wide inputs (settings, data, theme) — nothing else.
    pub documents: Vec<(usize, Vec<Page>)>,
    /// The pages that read the whole site: listings, registers, lookup and party pages,
    /// feeds, the 404 page and the static files. Of each document they read only what
    /// [`listing_fingerprint`] covers. Not the sitemap, which lists every page ([`sitemap`]).
    pub site: Vec<Page>,
}

impl Parts {
    /// Every page, sorted by path, with the sitemap when the site has one.
    pub fn into_pages(self, site: &Site, audience: Audience) -> Vec<Page> {
        let mut pages = self.site;
        pages.extend(self.documents.into_iter().flat_map(|(_, p)| p));
        let map = sitemap(site, audience, pages.iter().map(|p| p.path.as_str()));
        pages.extend(map);
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        pages
    }
}

/// A digest of what the site pages read of document `d`: its id, kind and audience, and of
/// each version its name, date, front matter and sections (ids, numbers, titles; for the
/// section links of the responsibilities and checklist pages), and, for a public versioned
/// document, what the feeds (the site's and each party's) say changed from one version to
/// the next (`feeds::version_summary`). The rest of the bodies is not read: an edit that
/// leaves all this alone leaves the site pages as they were.
pub fn listing_fingerprint(d: &Document) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (&d.id, d.kind, d.audience).hash(&mut h);
    for v in &d.versions {
        // Debug covers every front matter field, including ones added later.
        format!("{:?} {:?} {:?}", v.name, v.date, v.fm).hash(&mut h);
        for s in &v.sections {
            (&s.id, &s.title, s.level, &s.number, s.internal).hash(&mut h);
        }
        // Where data tables are placed: the economy page names them as sources.
        for sc in &v.scan.shortcodes {
            (&sc.name, &sc.args, v.scan.is_internal_line(sc.line)).hash(&mut h);
        }
    }
    if d.audience == Audience::Public && d.is_versioned() {
        for pair in d.versions.windows(2) {
            let dd = crate::diff::diff_with(
                &crate::diff::sections_of(&pair[0], Audience::Public),
                &crate::diff::sections_of(&pair[1], Audience::Public),
                crate::diff::Absent {
                    old: &crate::diff::absent_of(&pair[0]),
                    new: &crate::diff::absent_of(&pair[1]),
                },
            );
            // What the summary shows: the counts and the headings of the sections changed.
            format!("{:?}", dd.summary).hash(&mut h);
            for s in dd.sections.iter().filter(|s| s.is_interesting()) {
                let heading = (&s.id, &s.old_number, &s.new_number);
                (heading, &s.old_title, &s.new_title).hash(&mut h);
            }
        }
    }
    h.finish()
}

/// The sitemap of a site whose pages have `paths`: public, and only with a `base_url`.
pub fn sitemap<'p>(
    site: &Site,
    audience: Audience,
    paths: impl Iterator<Item = &'p str>,
) -> Option<Page> {
    match (&site.config.base_url, audience) {
        (Some(base), Audience::Public) => Some(feeds::sitemap(base, site.config.links, paths)),
        _ => None,
    }
}

/// Renders every page of the site as `audience` sees it, without the search index (see
/// [`super::with_search`]), all held in memory ([`render_sites_in_parts`] streams them).
///
/// Two pages with one path are an error, never one overwriting the other: `check` reports
/// the sources of such a clash ([`super::outputs`]); this is the last guard.
pub fn render_site(site: &Site, theme: &Theme, audience: Audience) -> Result<Vec<Page>> {
    let pages = render_parts(site, theme, audience, &Wanted::ALL)?.into_pages(site, audience);
    if let Some(w) = pages.windows(2).find(|w| w[0].path == w[1].path) {
        return Err(crate::error::Error::Output(format!(
            "two pages of the {} site would be written to `{}`",
            audience.key(),
            w[0].path
        )));
    }
    Ok(pages)
}

/// Renders every page of the site for each of `audiences`, like [`render_site`], but hands
/// them to `sink` as they are made, each document's pages with the audience they are for,
/// instead of holding the whole site: memory stays flat however large the site. `sink` is
/// called from the threads that render (a document's pages are written while the next
/// documents render), then with the site pages. A document's pages are made for every
/// audience together, so the internal site takes the bodies the public site rendered where
/// they read the same (`reads_same`) instead of rendering them again. Returns, per
/// audience in the order given, the path of every page, sorted. Two pages with one path are
/// an error, found once all are made.
pub fn render_sites_in_parts(
    site: &Site,
    theme: &Theme,
    audiences: &[Audience],
    sink: &(dyn Fn(Audience, Vec<Page>) -> Result<()> + Sync),
) -> Result<Vec<(Audience, Vec<String>)>> {
    // The public site first: the internal one reuses what it renders.
    let mut order: Vec<Audience> = audiences.to_vec();
    order.sort_by_key(|&a| a != Audience::Public);
    let renderers: Vec<Renderer> = order
        .iter()
        .map(|&a| Renderer::new(site, theme, a))
        .collect();
    let docs: Vec<(usize, &Document)> = site
        .documents
        .iter()
        .enumerate()
        .filter(|(_, d)| renderers.iter().any(|r| r.visible(d)))
        .collect();
    // Per document, per audience, the paths of its pages. Every document is tried, then the
    // first error in document order is reported: a broken template names the same page
    // every time. The site pages of every audience render alongside: a few of them read
    // the whole site, and would otherwise be left to the end, one thread each.
    let doc_pages = || {
        docs.par_iter()
            .map(|&(di, d)| {
                let mut bodies = Vec::new();
                renderers
                    .iter()
                    .map(|r| {
                        let pages = match r.visible(d) {
                            true => r.document_pages(di, &mut bodies)?,
                            false => Vec::new(),
                        };
                        let paths = pages.iter().map(|p| p.path.clone()).collect();
                        if !pages.is_empty() {
                            sink(r.audience, pages)?;
                        }
                        Ok(paths)
                    })
                    .collect::<Result<Vec<Vec<String>>>>()
            })
            .collect::<Vec<Result<_>>>()
    };
    // One audience's site pages after the other: those that list every document hold a
    // value per document while they render, and two audiences at once would hold both.
    let site_pages = || {
        renderers
            .iter()
            .map(|r| {
                let visible: Vec<(usize, &Document)> =
                    docs.iter().copied().filter(|(_, d)| r.visible(d)).collect();
                let pages = r.site_pages(&visible)?;
                let paths: Vec<String> = pages.iter().map(|p| p.path.clone()).collect();
                sink(r.audience, pages)?;
                Ok(paths)
            })
            .collect::<Vec<Result<_>>>()
    };
    let (per_doc, per_site) = rayon::join(doc_pages, site_pages);
    let per_doc: Vec<Vec<Vec<String>>> = per_doc.into_iter().collect::<Result<_>>()?;
    let per_site: Vec<Vec<String>> = per_site.into_iter().collect::<Result<_>>()?;
    let mut paths: Vec<Vec<String>> = vec![Vec::new(); renderers.len()];
    for doc in per_doc {
        for (a, p) in doc.into_iter().enumerate() {
            paths[a].extend(p);
        }
    }
    for ((r, paths), site_paths) in renderers.iter().zip(&mut paths).zip(per_site) {
        let audience = r.audience;
        paths.extend(site_paths);
        if let Some(map) = sitemap(site, audience, paths.iter().map(|p| p.as_str())) {
            paths.push(map.path.clone());
            sink(audience, vec![map])?;
        }
        paths.sort();
        if let Some(w) = paths.windows(2).find(|w| w[0] == w[1]) {
            return Err(crate::error::Error::Output(format!(
                "two pages of the {} site would be written to `{}`",
                audience.key(),
                w[0]
            )));
        }
    }
    let mut out: Vec<(Audience, Vec<String>)> = order.into_iter().zip(paths).collect();
    out.sort_by_key(|(a, _)| audiences.iter().position(|b| b == a));
    Ok(out)
}

/// Which pages [`render_parts`] renders.
pub struct Wanted<'w> {
    /// The visible documents whose pages to render (given an index into [`Site::documents`]).
    pub documents: &'w (dyn Fn(usize) -> bool + Sync),
    /// The site pages too.
    pub site_pages: bool,
}

impl Wanted<'_> {
    /// Every page.
    pub const ALL: Wanted<'static> = Wanted {
        documents: &|_| true,
        site_pages: true,
    };
}

/// Renders the pages `wanted` names. Documents render in parallel.
pub fn render_parts(
    site: &Site,
    theme: &Theme,
    audience: Audience,
    wanted: &Wanted,
) -> Result<Parts> {
    let r = Renderer::new(site, theme, audience);
    let docs: Vec<(usize, &Document)> = site
        .documents
        .iter()
        .enumerate()
        .filter(|(_, d)| r.visible(d))
        .collect();
    let documents: Vec<(usize, Vec<Page>)> = docs
        .par_iter()
        .filter(|(di, _)| (wanted.documents)(*di))
        .map(|&(di, _)| Ok((di, r.document_pages(di, &mut Vec::new())?)))
        // Every document is tried, then the first error in document order is reported: a
        // broken template names the same page every time.
        .collect::<Vec<Result<_>>>()
        .into_iter()
        .collect::<Result<_>>()?;
    let site_pages = if wanted.site_pages {
        r.site_pages(&docs)?
    } else {
        Vec::new()
    };
    Ok(Parts {
        nav: r.nav,
        documents,
        site: site_pages,
    })
}

impl Renderer<'_> {
    /// The pages of one document (see [`Parts::documents`]); `bodies` as for
    /// [`Renderer::document_page`].
    fn document_pages(&self, di: usize, bodies: &mut super::Bodies) -> Result<Vec<Page>> {
        let d = &self.site.documents[di];
        let mut pages = Vec::new();
        if d.is_versioned() {
            for (vi, v) in d.versions.iter().enumerate() {
                pages.push(self.document_page(di, vi, v.name.as_deref(), bodies)?);
            }
        }
        pages.push(self.document_page(di, d.versions.len() - 1, None, bodies)?);
        pages.extend(self.document_feed(di));
        if d.is_versioned() {
            pages.extend(self.history_and_diff_pages(di)?);
        }
        Ok(pages)
    }

    /// The pages that read the whole site (see [`Parts::site`]).
    fn site_pages(&self, docs: &[(usize, &Document)]) -> Result<Vec<Page>> {
        /// One site page, or a few made together; each reads much of the site, so they are
        /// made in parallel.
        enum Job<'d> {
            Index,
            List(Kind, Vec<&'d Document>),
            Register,
            Signatures,
            Lookup,
            Parties,
            Party(&'d str),
            NotFound,
            Statement,
            Feeds,
            OpenData,
        }
        let mut jobs = vec![Job::Index];
        for &kind in Kind::ALL {
            let of_kind: Vec<&Document> = docs
                .iter()
                .map(|(_, d)| *d)
                .filter(|d| d.kind == kind)
                .collect();
            if !of_kind.is_empty() {
                jobs.push(Job::List(kind, of_kind));
            }
        }
        jobs.extend([Job::Register, Job::Signatures, Job::Lookup, Job::Parties]);
        jobs.extend(self.site.parties.iter().map(|p| Job::Party(&p.id.value)));
        jobs.push(Job::NotFound);
        jobs.push(Job::Statement);
        jobs.push(Job::OpenData);
        if self.audience == Audience::Public {
            jobs.push(Job::Feeds);
        }
        let run = |job: &Job| -> Result<Vec<Page>> {
            Ok(match job {
                Job::Index => vec![self.index_page(docs)?],
                Job::List(kind, of_kind) => vec![self.list_page(*kind, of_kind)?],
                Job::Register => vec![self.register_page()?],
                Job::Signatures => vec![self.signatures_page()?],
                Job::Lookup => self.lookup_pages()?,
                Job::Parties => vec![self.parties_page()?],
                Job::Party(id) => {
                    let mut p = vec![self.party_page(id)?];
                    p.extend(self.party_feed(id));
                    p
                }
                Job::NotFound => vec![self.not_found_page()?],
                Job::Statement => vec![self.statement_page()?],
                Job::Feeds => feeds::feeds(self.site, &self.theme.strings)?,
                Job::OpenData => self.open_data_pages()?,
            })
        };
        // The front page, the lists of each kind and the open data list every document (of a
        // kind): on a large site each holds a hundred megabytes or more while it is made, so
        // they are made one after the other, while the other core makes the rest.
        let heavy = |job: &Job| matches!(job, Job::Index | Job::List(..) | Job::OpenData);
        let (heavy_made, light_made) = rayon::join(
            || {
                jobs.iter()
                    .filter(|j| heavy(j))
                    .map(run)
                    .collect::<Vec<_>>()
            },
            || {
                let light: Vec<&Job> = jobs.iter().filter(|j| !heavy(j)).collect();
                light.par_iter().map(|j| run(j)).collect::<Vec<_>>()
            },
        );
        let (mut heavy_made, mut light_made) = (heavy_made.into_iter(), light_made.into_iter());
        let made: Vec<Vec<Page>> = jobs
            .iter()
            .map(|job| match heavy(job) {
                true => heavy_made.next(),
                false => light_made.next(),
            })
            .map(|made| made.expect("one result per job"))
            .collect::<Result<_>>()?;
        let mut pages: Vec<Page> = made.into_iter().flatten().collect();
        for (name, bytes) in &self.theme.static_files {
            pages.push(Page {
                path: name.clone(),
                bytes: bytes.clone(),
            });
        }
        Ok(pages)
    }
}
