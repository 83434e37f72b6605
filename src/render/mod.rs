//! Render: the resolved site → pages (path + bytes) for one audience, in parallel.
//!
//! Nothing here writes files; [`crate::output`] does. A page for the public is built only from
//! public documents, and public backlinks, so internal content cannot leak through a context.

pub mod agreements;
pub mod feeds;
pub mod format;
pub mod html;
pub mod lookup;
pub mod markdown;
pub mod search;
pub mod shortcodes;
pub mod templates;
pub mod views;

use std::collections::HashMap;
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::agreements::tracker::{self, AgreementStatus};
use crate::content::date::Date;
use crate::content::frontmatter::{Audience, DecisionType, Kind};
use crate::error::{Error, Result};
use crate::resolve::{Document, Site, Version, VersionDate};
use templates::Theme;
use views::*;

/// One output file, path relative to the site's output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// URL-safe folder name from a Swedish word: lower case ascii, å/ä → a, ö → o.
pub fn path_slug(text: &str) -> String {
    crate::resolve::sections::slug(text)
        .chars()
        .map(|c| match c {
            'å' | 'ä' | 'à' | 'á' => 'a',
            'ö' | 'ø' => 'o',
            'é' | 'è' => 'e',
            'ü' => 'u',
            c => c,
        })
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

/// The path of a site's root on its server: `/minimaria/` for `https://exempel.se/minimaria`,
/// `/` without an address.
pub fn server_root(base_url: Option<&str>) -> String {
    let path = base_url
        .and_then(|u| u.split_once("://"))
        .and_then(|(_, rest)| rest.split_once('/'))
        .map(|(_, path)| path.split(['?', '#']).next().unwrap_or(""))
        .unwrap_or("")
        .trim_matches('/');
    if path.is_empty() {
        "/".into()
    } else {
        format!("/{path}/")
    }
}

/// The relative way back to the site root from a page at `path` ("dokument/a/index.html" →
/// "../../").
pub fn root_prefix(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    audience: Audience,
    /// The menu: kinds with visible documents. Computed once, used on every page.
    nav: Vec<NavItem>,
    /// The tracker status of the latest version of every visible agreement, made when first
    /// needed: the signatures page and every party page read them.
    statuses: OnceLock<Vec<AgreementStatus>>,
    /// Per party id, the visible documents that name it as a party and the visible decisions
    /// it made, made when first needed: the parties page and every party page read them.
    party_docs: OnceLock<HashMap<&'a str, PartyDocs>>,
}

/// A party's documents and decisions, as indexes into [`Site::documents`].
#[derive(Default)]
struct PartyDocs {
    named_in: Vec<usize>,
    decided: Vec<usize>,
}

impl<'a> Renderer<'a> {
    fn new(site: &'a Site, theme: &'a Theme, audience: Audience) -> Renderer<'a> {
        let mut r = Renderer {
            site,
            theme,
            audience,
            nav: Vec::new(),
            statuses: OnceLock::new(),
            party_docs: OnceLock::new(),
        };
        r.nav = r.nav_items();
        r
    }
}

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
/// section links of the responsibilities and checklist pages). Their bodies are not read:
/// an edit that leaves all this alone leaves the site pages as they were.
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
        (Some(base), Audience::Public) => Some(feeds::sitemap(base, paths)),
        _ => None,
    }
}

/// Renders every page of the site as `audience` sees it, without the search index (see
/// [`with_search`]).
pub fn render_site(site: &Site, theme: &Theme, audience: Audience) -> Result<Vec<Page>> {
    Ok(render_parts(site, theme, audience, &Wanted::ALL)?.into_pages(site, audience))
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
        .map(|&(di, _)| Ok((di, r.document_pages(di)?)))
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

/// Adds the search index built from `pages` (and sorts again by path).
pub fn with_search(mut pages: Vec<Page>, theme: &Theme) -> Result<Vec<Page>> {
    let index = search::index(
        pages.iter().map(|p| (p.path.as_str(), p.bytes.as_slice())),
        &theme.strings.lang,
    )?;
    pages.extend(index);
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(pages)
}

impl<'a> Renderer<'a> {
    /// The pages of one document (see [`Parts::documents`]).
    fn document_pages(&self, di: usize) -> Result<Vec<Page>> {
        let d = &self.site.documents[di];
        let mut pages = Vec::new();
        if d.is_versioned() {
            for (vi, v) in d.versions.iter().enumerate() {
                pages.push(self.document_page(di, vi, v.name.as_deref())?);
            }
        }
        pages.push(self.document_page(di, d.versions.len() - 1, None)?);
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
            Feeds,
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
        if self.audience == Audience::Public {
            jobs.push(Job::Feeds);
        }
        let made: Vec<Vec<Page>> = jobs
            .par_iter()
            .map(|job| {
                Ok(match job {
                    Job::Index => vec![self.index_page(docs)?],
                    Job::List(kind, of_kind) => vec![self.list_page(*kind, of_kind)?],
                    Job::Register => vec![self.register_page()?],
                    Job::Signatures => vec![self.signatures_page()?],
                    Job::Lookup => self.lookup_pages()?,
                    Job::Parties => vec![self.parties_page()?],
                    Job::Party(id) => vec![self.party_page(id)?],
                    Job::NotFound => vec![self.not_found_page()?],
                    Job::Feeds => feeds::feeds(self.site, &self.theme.strings)?,
                })
            })
            .collect::<Vec<Result<_>>>()
            .into_iter()
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

    fn visible(&self, d: &Document) -> bool {
        self.audience == Audience::Internal || d.audience == Audience::Public
    }

    fn t(&self, key: &str) -> String {
        self.theme.strings.get(key).to_string()
    }

    fn kind_name(&self, kind: Kind) -> String {
        self.t(&format!("kind.{}", kind.key()))
    }

    fn kind_href(&self, kind: Kind) -> String {
        format!(
            "typ/{}/",
            path_slug(&self.t(&format!("kinds.{}", kind.key())))
        )
    }

    fn date(&self, d: Date) -> String {
        self.theme.strings.date(d)
    }

    fn version_date(&self, v: &Version) -> Option<String> {
        match v.date {
            Some(VersionDate::Known(d)) => Some(self.date(d)),
            Some(VersionDate::Unknown) => Some(self.t("date_unknown")),
            None => None,
        }
    }

    fn context(&self, path: &str, page_title: &str) -> tera::Context {
        let mut ctx = tera::Context::new();
        let site = SiteView {
            title: &self.site.config.title,
            description: self.site.config.description.as_deref(),
            lang: &self.theme.strings.lang,
        };
        ctx.insert("site", &site);
        ctx.insert("t", &self.theme.strings.strings);
        ctx.insert("root", &root_prefix(path));
        ctx.insert("audience", self.audience.key());
        ctx.insert("page_title", page_title);
        ctx.insert("nav", &self.nav);
        ctx
    }

    fn nav_items(&self) -> Vec<NavItem> {
        let kinds: std::collections::HashSet<Kind> = self
            .site
            .documents
            .iter()
            .filter(|d| self.visible(d))
            .map(|d| d.kind)
            .collect();
        Kind::ALL
            .iter()
            .filter(|k| kinds.contains(k))
            .map(|&k| NavItem {
                title: self.t(&format!("kinds.{}", k.key())),
                href: self.kind_href(k),
            })
            .collect()
    }

    fn page(&self, template: &str, path: String, ctx: &tera::Context) -> Result<Page> {
        let html = self
            .theme
            .tera
            .render(template, ctx)
            .map_err(|e| Error::Template(format!("{template} ({path}): {e}")))?;
        Ok(Page {
            path,
            bytes: html.into_bytes(),
        })
    }

    fn doc_link(&self, d: &Document, version: Option<&str>) -> DocLink {
        let v = version
            .and_then(|n| d.version(n).map(|(_, v)| v))
            .unwrap_or_else(|| d.latest());
        let mut title = v.fm.title.clone();
        if let (Some(n), true) = (version, d.is_versioned()) {
            title = format!("{title} ({n})");
        }
        DocLink {
            title,
            href: d.href(version),
            kind: self.kind_name(d.kind),
            date: self.version_date(v),
            status: v.fm.status.map(|s| self.t(&format!("status.{}", s.key()))),
            internal: d.audience == Audience::Internal,
        }
    }

    /// A reference from front matter as a link, when the reader may see its target.
    fn ref_link(&self, dest: &str) -> Option<DocLink> {
        let r = self.site.resolve_ref(dest)?;
        if self.audience == Audience::Public && r.internal {
            return None;
        }
        let target = crate::resolve::refs::parse(dest)?;
        let d = &self.site.documents[r.doc];
        let mut link = self.doc_link(d, target.version.as_deref());
        link.href = r.href;
        Some(link)
    }

    fn party_link(&self, id: &str) -> Option<PartyLink> {
        self.site.party(id).map(|p| PartyLink {
            name: p.name.clone(),
            href: format!("parter/{id}/"),
        })
    }

    fn document_page(&self, di: usize, vi: usize, version: Option<&str>) -> Result<Page> {
        let site = self.site;
        let d = &site.documents[di];
        let v = &d.versions[vi];
        let href = d.href(version);
        let path = format!("{href}index.html");
        let root = root_prefix(&path);
        let ctx_sc = shortcodes::Ctx {
            site,
            doc: di,
            version_idx: vi,
            version: v,
            strings: &self.theme.strings,
            root: &root,
            audience: self.audience,
        };
        let rendered = markdown::render(&ctx_sc);
        let last = d.versions.len() - 1;
        let versions = if d.is_versioned() {
            d.versions
                .iter()
                .enumerate()
                .map(|(i, ver)| {
                    let name = ver.name.clone().unwrap_or_default();
                    VersionView {
                        href: d.href(Some(&name)),
                        current: i == vi,
                        latest: i == last,
                        date: self.version_date(ver),
                        status: ver
                            .fm
                            .status
                            .map(|s| self.t(&format!("status.{}", s.key()))),
                        name,
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        let backlinks = site.backlinks[di]
            .iter()
            .filter(|b| self.audience == Audience::Internal || !b.internal)
            .map(|b| self.doc_link(&site.documents[b.from], None))
            .collect();
        let decision = v.fm.decision.as_ref().map(|dm| DecisionView {
            organ: dm.organ.clone(),
            party: self.party_link(&dm.party.value),
            paragraph: dm.paragraph.clone(),
            meeting_date: dm
                .meeting_date
                .as_ref()
                .and_then(|m| Date::parse(&m.value))
                .map(|m| self.date(m)),
            decision_type: dm.decision_type.map(|t| match t {
                DecisionType::Proposal => self.t("decision_type.proposal"),
                DecisionType::Decision => self.t("decision_type.decision"),
            }),
            points: dm.points.clone(),
            concerns: dm
                .concerns
                .iter()
                .filter_map(|r| self.ref_link(&r.value))
                .collect(),
            cites: dm
                .cites
                .iter()
                .filter_map(|r| self.ref_link(&r.value))
                .collect(),
        });
        let view = DocumentView {
            id: d.id.clone(),
            title: v.fm.title.clone(),
            kind: self.kind_name(d.kind),
            kind_key: d.kind.key(),
            version: v.name.clone(),
            is_latest: vi == last,
            latest_href: d.href(None),
            date: self.version_date(v),
            diarienummer: v.fm.diarienummer.clone(),
            status: v.fm.status.map(|s| self.t(&format!("status.{}", s.key()))),
            status_key: v.fm.status.map(|s| s.key()),
            internal: d.audience == Audience::Internal,
            parties: v
                .fm
                .parties
                .iter()
                .filter_map(|p| self.party_link(&p.value))
                .collect(),
            parent: v.fm.parent.as_ref().and_then(|r| self.ref_link(&r.value)),
            supersedes: v
                .fm
                .supersedes
                .as_ref()
                .and_then(|r| self.ref_link(&r.value)),
            requires_all_parties: v.fm.requires_all_parties,
            source: v.fm.source.clone(),
            summary: v.fm.summary.clone(),
            versions,
            toc: rendered.toc,
            content: rendered.html,
            backlinks,
            decision,
            decisions: self.decisions_concerning(di),
            history_href: d.is_versioned().then(|| agreements::history_href(d)),
            diff_previous_href: (d.is_versioned() && vi > 0).then(|| {
                agreements::diff_href(
                    d,
                    d.versions[vi - 1].name.as_deref().unwrap_or(""),
                    v.name.as_deref().unwrap_or(""),
                    false,
                )
            }),
            tracker: self.tracker_for(di, vi),
        };
        let mut ctx = self.context(&path, &view.title);
        ctx.insert("doc", &view);
        self.page("document.html", path, &ctx)
    }

    fn sorted_links(&self, docs: &[&Document]) -> Vec<DocLink> {
        let mut docs = docs.to_vec();
        docs.sort_by(|a, b| {
            let da = a.latest().known_date().or_else(|| decision_date(a));
            let db = b.latest().known_date().or_else(|| decision_date(b));
            db.cmp(&da)
                .then(a.latest().fm.title.cmp(&b.latest().fm.title))
        });
        docs.iter().map(|d| self.doc_link(d, None)).collect()
    }

    fn index_page(&self, docs: &[(usize, &Document)]) -> Result<Page> {
        let groups: Vec<KindGroup> = Kind::ALL
            .iter()
            .filter_map(|&k| {
                let of_kind: Vec<&Document> = docs
                    .iter()
                    .map(|(_, d)| *d)
                    .filter(|d| d.kind == k)
                    .collect();
                (!of_kind.is_empty()).then(|| KindGroup {
                    title: self.t(&format!("kinds.{}", k.key())),
                    href: self.kind_href(k),
                    documents: self.sorted_links(&of_kind),
                })
            })
            .collect();
        let path = "index.html".to_string();
        let mut ctx = self.context(&path, &self.site.config.title);
        ctx.insert("groups", &groups);
        self.page("index.html", path, &ctx)
    }

    fn list_page(&self, kind: Kind, docs: &[&Document]) -> Result<Page> {
        let path = format!("{}index.html", self.kind_href(kind));
        let title = self.t(&format!("kinds.{}", kind.key()));
        let mut ctx = self.context(&path, &title);
        ctx.insert("documents", &self.sorted_links(docs));
        ctx.insert("kind_key", kind.key());
        self.page("list.html", path, &ctx)
    }

    fn party_documents(&self, id: &str) -> (Vec<DocLink>, Vec<DocLink>) {
        let index = self.party_docs.get_or_init(|| {
            let mut index: HashMap<&str, PartyDocs> = HashMap::new();
            for (di, d) in self.site.documents.iter().enumerate() {
                if !self.visible(d) {
                    continue;
                }
                // A decision is listed under the party that made it; a document under each
                // party it names.
                let v = d.latest();
                let decided_by = v.fm.decision.as_ref().map(|dm| dm.party.value.as_str());
                if let Some(p) = decided_by {
                    index.entry(p).or_default().decided.push(di);
                }
                let mut named: Vec<&str> = v.fm.parties.iter().map(|p| p.value.as_str()).collect();
                named.sort_unstable();
                named.dedup();
                for p in named.into_iter().filter(|p| Some(*p) != decided_by) {
                    index.entry(p).or_default().named_in.push(di);
                }
            }
            index
        });
        let docs = |ids: &[usize]| -> Vec<&Document> {
            ids.iter().map(|&i| &self.site.documents[i]).collect()
        };
        match index.get(id) {
            Some(p) => (
                self.sorted_links(&docs(&p.named_in)),
                self.sorted_links(&docs(&p.decided)),
            ),
            None => (Vec::new(), Vec::new()),
        }
    }

    /// See [`Renderer::statuses`].
    fn agreement_statuses(&self) -> &[AgreementStatus] {
        self.statuses.get_or_init(|| {
            self.site
                .documents
                .iter()
                .enumerate()
                .filter(|(_, d)| self.visible(d) && tracker::is_tracked(d))
                .map(|(di, d)| tracker::status(self.site, di, d.versions.len() - 1, self.audience))
                .collect()
        })
    }

    fn parties_page(&self) -> Result<Page> {
        let rows: Vec<PartyRow> = self
            .site
            .parties
            .iter()
            .map(|p| {
                let (docs, decisions) = self.party_documents(&p.id.value);
                PartyRow {
                    name: p.name.clone(),
                    href: format!("parter/{}/", p.id.value),
                    kind: self.t(&format!("party_kind.{}", p.kind.key())),
                    org_number: p.org_number.as_ref().map(|o| o.value.clone()),
                    documents: docs.len() + decisions.len(),
                }
            })
            .collect();
        let path = "parter/index.html".to_string();
        let mut ctx = self.context(&path, &self.t("parties"));
        ctx.insert("parties", &rows);
        self.page("parties.html", path, &ctx)
    }

    fn party_page(&self, id: &str) -> Result<Page> {
        let site = self.site;
        let p = site.party(id).expect("party exists");
        let (documents, decisions) = self.party_documents(id);
        let areas = site
            .data
            .parties
            .host_areas
            .iter()
            .filter(|a| a.host.value == id || a.members.iter().any(|m| m.value == id))
            .filter_map(|a| {
                Some(AreaView {
                    name: a.name.clone(),
                    host: self.party_link(&a.host.value)?,
                    members: a
                        .members
                        .iter()
                        .filter_map(|m| self.party_link(&m.value))
                        .collect(),
                    main_clinic: a.main_clinic.clone(),
                    satellite: a.satellite.clone(),
                    is_host: a.host.value == id,
                })
            })
            .collect();
        let costs = site
            .data
            .allocations
            .allocations
            .iter()
            .filter_map(|a| {
                let f = site.figures.allocations.get(&a.id.value)?;
                let row = f.rows.iter().find(|r| r.party == id)?;
                Some(CostView {
                    title: a.title.clone(),
                    share: format::percent_hundredths(row.share),
                    cost: format::amount(row.cost),
                })
            })
            .collect();
        let view = PartyView {
            id: id.to_string(),
            name: p.name.clone(),
            kind: self.t(&format!("party_kind.{}", p.kind.key())),
            org_number: p.org_number.as_ref().map(|o| o.value.clone()),
            population: p
                .population
                .iter()
                .map(|pop| PopulationView {
                    date: Date::parse(&pop.date.value)
                        .map(|d| self.date(d))
                        .unwrap_or_else(|| pop.date.value.clone()),
                    count: format::group_thousands(pop.count as i64),
                })
                .collect(),
            areas,
            documents,
            decisions,
            costs,
            agreements: self.party_agreements(id),
            responsibilities: self.responsibility_views(Some(id)),
        };
        let path = format!("parter/{id}/index.html");
        let mut ctx = self.context(&path, &view.name);
        ctx.insert("party", &view);
        self.page("party.html", path, &ctx)
    }

    fn not_found_page(&self) -> Result<Page> {
        // The 404 page is served from any depth, so it links from the site root: the path of
        // `base_url` for the public site, which may be published in a folder of a server.
        let path = "404.html".to_string();
        let mut ctx = self.context(&path, &self.t("not_found_title"));
        let base = match self.audience {
            Audience::Public => self.site.config.base_url.as_deref(),
            Audience::Internal => None,
        };
        ctx.insert("root", &server_root(base));
        self.page("404.html", path, &ctx)
    }
}

fn decision_date(d: &Document) -> Option<Date> {
    d.latest()
        .fm
        .decision
        .as_ref()
        .and_then(|m| m.meeting_date.as_ref())
        .and_then(|m| Date::parse(&m.value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_root_is_the_path_of_the_base_url() {
        assert_eq!(server_root(None), "/");
        assert_eq!(server_root(Some("https://exempel.se")), "/");
        assert_eq!(server_root(Some("https://exempel.se/")), "/");
        assert_eq!(
            server_root(Some("https://exempel.se/minimaria")),
            "/minimaria/"
        );
        assert_eq!(server_root(Some("https://exempel.se/a/b/?x=1")), "/a/b/");
    }
}
