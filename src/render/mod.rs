//! Render: the resolved site → pages (path + bytes) for one audience, in parallel.
//!
//! Nothing here writes files; [`crate::output`] does. A page for the public is built only from
//! public documents, and public backlinks, so internal content cannot leak through a context.
//!
//! This file holds the `Renderer` and the document page; `parts` groups pages into each
//! document's own and the site pages (what an incremental rebuild renders apart). The site
//! pages are made in `listings` (front page, kinds, parties, 404), [`agreements`] (history,
//! diffs, register, signatures), [`lookup`] (responsibilities, routines, glossary,
//! checklist, economy) and [`feeds`]. [`markdown`] and [`shortcodes`] turn a version's text into
//! HTML; [`templates`] is the theme; [`search`] the Pagefind index.

pub mod agreements;
pub mod cells;
mod csv;
pub mod external;
pub mod feeds;
mod glance;
pub mod hrefs;
mod legal;
pub mod links;
mod listings;
pub mod lookup;
pub mod markdown;
mod menu;
pub mod opendata;
pub mod outputs;
mod parts;
pub mod search;
pub mod shortcodes;
pub mod statement;
pub mod templates;
pub mod topic_feeds;
pub mod views;

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::agreements::tracker::AgreementStatus;
use crate::content::date::Date;
use crate::content::frontmatter::{Audience, DecisionType, Kind};
use crate::error::{Error, Result};
use crate::resolve::{Document, Site, Version, VersionDate};
use templates::Theme;
use views::*;

use listings::PartyDocs;
pub use listings::not_found_root;
pub use parts::{
    Parts, Wanted, document_uses_template, listing_fingerprint, nav, render_parts, render_site,
    render_sites_in_parts, sitemap,
};

/// One output file, path relative to the site's output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: String,
    pub bytes: Vec<u8>,
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
    /// The day of the build, which every footer shows ("senast uppdaterad").
    build_date: Date,
    /// The kind of every visible document by id: the menu marks a document's kind as the
    /// section its pages lie in.
    doc_kinds: HashMap<&'a str, Kind>,
    /// Which search bundle each document page is indexed in.
    search: search::Layout<'a>,
    /// Per document, the public decision documents that concern it, in site order; made
    /// when first needed (every document's feed reads it).
    concerned: OnceLock<HashMap<usize, Vec<usize>>>,
    /// What other documents say about each document, by its index; made when first needed.
    reports: OnceLock<HashMap<usize, Vec<crate::agreements::reports::Reported>>>,
    /// The list page of each kind (`typ/<slug>/`), worked out once.
    kind_hrefs: Vec<(Kind, String)>,
    /// The menu's groups and entries, the same on every page ([`menu`]).
    menu_layout: Vec<menu::GroupLayout>,
    /// The menu as template data, per way of marking the page being read: a few kinds of
    /// page share each, so it is made once each instead of once per page.
    menus: std::sync::Mutex<HashMap<Vec<Option<&'static str>>, tera::Value>>,
    /// What every page's context holds alike (site, strings, menu entries, footer, search),
    /// made into template data once and shared by every page ([`Renderer::context`]).
    base: tera::Context,
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
            build_date: statement::build_date(),
            doc_kinds: HashMap::new(),
            concerned: OnceLock::new(),
            reports: OnceLock::new(),
            search: if site.config.search {
                search::Layout::new(site, audience)
            } else {
                search::Layout::default()
            },
            kind_hrefs: Vec::new(),
            menu_layout: Vec::new(),
            menus: Default::default(),
            base: tera::Context::new(),
        };
        r.kind_hrefs = Kind::ALL
            .iter()
            .map(|&k| {
                let slug = crate::text::slug::path_slug(&r.t(&format!("kinds.{}", k.key())));
                (k, format!("typ/{slug}/"))
            })
            .collect();
        r.doc_kinds = site
            .documents
            .iter()
            .filter(|d| r.visible(d))
            .map(|d| (d.id.as_str(), d.kind))
            .collect();
        r.nav = r.nav_items();
        r.menu_layout = r.layout_menu();
        r.base = r.base_context();
        r
    }
}

/// Adds the search index built from `pages` (and sorts again by path).
pub fn with_search(
    mut pages: Vec<Page>,
    theme: &Theme,
    links: crate::content::LinkStyle,
) -> Result<Vec<Page>> {
    let index = search::index(
        pages.iter().map(|p| (p.path.as_str(), p.bytes.as_slice())),
        &theme.strings.lang,
        links,
    )?;
    pages.extend(index);
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(pages)
}

impl<'a> Renderer<'a> {
    fn visible(&self, d: &Document) -> bool {
        self.audience == Audience::Internal || d.audience == Audience::Public
    }

    fn t(&self, key: &str) -> String {
        self.theme.strings.get(key).to_string()
    }

    fn kind_name(&self, kind: Kind) -> String {
        self.t(&format!("kind.{}", kind.key()))
    }

    /// What a document is, for a reader: its kind, except that a decision document says
    /// whether it holds a proposal ("Förslag till beslut") or a decision.
    fn doc_kind_name(&self, d: &Document) -> String {
        match d
            .latest()
            .fm
            .decision
            .as_ref()
            .and_then(|m| m.decision_type)
        {
            Some(DecisionType::Proposal) => self.t("decision_type.proposal"),
            Some(DecisionType::Decision) => self.t("decision_type.decision"),
            None => self.kind_name(d.kind),
        }
    }

    fn kind_href(&self, kind: Kind) -> String {
        self.kind_href_str(kind).to_string()
    }

    fn kind_href_str(&self, kind: Kind) -> &str {
        self.kind_hrefs
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or("", |(_, h)| h.as_str())
    }

    fn date(&self, d: Date) -> String {
        self.theme.strings.date(d)
    }

    /// The status version `vi` of document `di` shows, in words: the hand-set one unless the
    /// tracker derives another ([`crate::agreements::shown`]).
    fn status_key(&self, di: usize, vi: usize) -> Option<&'static str> {
        crate::agreements::shown::shown(self.site, di, vi, self.audience)
    }

    fn status_text(&self, di: usize, vi: usize) -> Option<String> {
        self.status_key(di, vi)
            .map(|k| self.t(&format!("status.{k}")))
    }

    fn version_date(&self, v: &Version) -> Option<String> {
        match v.date {
            Some(VersionDate::Known(d)) => Some(self.date(d)),
            Some(VersionDate::Unknown) => Some(self.t("date_unknown")),
            None => None,
        }
    }

    /// The context every page's template gets: what all pages share ([`Self::base_context`],
    /// made once) and what depends on the page's path and title.
    fn context(&self, path: &str, page_title: &str) -> tera::Context {
        let mut ctx = self.base.clone();
        ctx.insert("root", &root_prefix(path));
        ctx.insert("page_title", page_title);
        ctx.insert_value("menu", self.menu_value(path));
        ctx.insert("search_bundle", &self.search.bundle_of(path));
        ctx
    }

    /// What [`Self::context`] holds alike for every page of the site.
    fn base_context(&self) -> tera::Context {
        let mut ctx = tera::Context::new();
        let site = SiteView {
            title: &self.site.config.title,
            description: self.site.config.description.as_deref(),
            lang: &self.theme.strings.lang,
            search: self.site.config.search,
        };
        ctx.insert("site", &site);
        ctx.insert("t", &self.theme.strings.strings);
        ctx.insert("audience", self.audience.key());
        ctx.insert("nav", &self.nav);
        ctx.insert("footer", &self.footer());
        ctx.insert("search_merge", &self.search.merged());
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
        let mut html = Vec::with_capacity(32 * 1024);
        self.theme
            .tera
            .render_to(template, ctx, &mut html)
            .map_err(|e| Error::Template(format!("{template} ({path}): {e}")))?;
        // Every link of every page follows the site's `links:` setting.
        let bytes = match hrefs::html_bytes(self.site.config.links, &html) {
            std::borrow::Cow::Borrowed(_) => html,
            std::borrow::Cow::Owned(rewritten) => rewritten,
        };
        Ok(Page { path, bytes })
    }

    fn doc_link(&self, d: &Document, version: Option<&str>) -> DocLink {
        let (vi, v) = version
            .and_then(|n| d.version(n))
            .unwrap_or_else(|| (d.versions.len() - 1, d.latest()));
        let di = self.site.by_id[&d.id];
        let mut title = v.fm.title.clone();
        if let (Some(n), true) = (version, d.is_versioned()) {
            title = format!("{title} ({n})");
        }
        DocLink {
            title,
            href: d.href(version),
            kind: self.doc_kind_name(d),
            date: self.version_date(v),
            status: self.status_text(di, vi),
            internal: d.audience == Audience::Internal,
            legal: None,
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
    /// The running header and page numbers of a printed document page: the title, version
    /// and status on every page ("Avtal · version v2 · Utkast") and "Sida 1 av 3", as
    /// CSS page-margin boxes (`@page`), which need the text as CSS strings.
    fn print_style(&self, view: &DocumentView) -> String {
        let mut header = view.title.clone();
        if let Some(v) = &view.version {
            header.push_str(&format!(" · {} {v}", self.t("version").to_lowercase()));
        }
        if let Some(s) = &view.status {
            header.push_str(&format!(" · {s}"));
        }
        format!(
            "@page {{ @top-left {{ content: {}; }} @bottom-right {{ content: {} counter(page) {} counter(pages); }} }}",
            css_string(&header),
            css_string(&format!("{} ", self.t("print_page"))),
            css_string(&format!(" {} ", self.t("print_page_of"))),
        )
    }

    /// A page of document `di` showing version `vi` (at the version's own address when
    /// `version` is given). `bodies` holds the texts the public site rendered for the
    /// document's pages that read the same on the internal site ([`reads_same`]).
    fn document_page(
        &self,
        di: usize,
        vi: usize,
        version: Option<&str>,
        bodies: &mut Bodies,
    ) -> Result<Page> {
        let site = self.site;
        let d = &site.documents[di];
        let v = &d.versions[vi];
        let href = d.href(version);
        let path = format!("{href}index.html");
        let root = root_prefix(&path);
        let same = reads_same(d, v);
        let shared = match self.audience {
            Audience::Internal if same => bodies.iter().position(|(p, _)| *p == path),
            _ => None,
        };
        let rendered = match shared {
            Some(i) => bodies.swap_remove(i).1,
            None => {
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
                if self.audience == Audience::Public && same {
                    bodies.push((path.clone(), rendered.clone()));
                }
                rendered
            }
        };
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
                        status: self.status_text(di, i),
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
            organ: dm.organ.value.clone(),
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
            legal: self.legal_view(dm),
        });
        let view = DocumentView {
            id: d.id.clone(),
            title: v.fm.title.clone(),
            kind: self.doc_kind_name(d),
            kind_key: d.kind.key(),
            version: v.name.clone(),
            is_latest: vi == last,
            latest_href: d.href(None),
            date: self.version_date(v),
            diarienummer: v.fm.diarienummer.clone(),
            status: self.status_text(di, vi),
            status_key: self.status_key(di, vi),
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
            source: v.fm.source.clone(),
            summary: v.fm.summary.clone(),
            versions,
            toc: rendered.toc,
            content: rendered.html,
            backlinks,
            decision,
            decisions: self.decisions_concerning(di, DecisionType::Decision),
            proposals: self.decisions_concerning(di, DecisionType::Proposal),
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
            reports: self.reports_about(di),
        };
        // A version's own page says which version it is, so no two pages share a title.
        let page_title = match version {
            Some(name) => self
                .t("version_page_title")
                .replace("{title}", &view.title)
                .replace("{version}", name),
            None => view.title.clone(),
        };
        let mut ctx = self.context(&path, &page_title);
        ctx.insert("print_style", &self.print_style(&view));
        ctx.insert("doc", &view);
        if self.audience == Audience::Public && d.audience == Audience::Public {
            ctx.insert("feed_href", &topic_feeds::document_feed_path(d));
        }
        self.page("document.html", path, &ctx)
    }
}

/// The bodies of a document's pages as one audience rendered them, by page path, for
/// another audience to use where they read the same.
pub(crate) type Bodies = Vec<(String, markdown::Rendered)>;

/// Whether version `v` of `d` renders to the same body on the public and the internal site,
/// so the internal site may take the public rendering: a public document with no internal
/// passage (hence no internal section), no shortcode (which may show each audience its
/// own), no document outside the site, and no reference to anything internal. Only ever
/// used from public to internal, so a mistake here could only leave something out of the
/// internal site, never put internal text on a public page.
fn reads_same(d: &Document, v: &Version) -> bool {
    d.audience == Audience::Public
        && v.scan.internal.is_empty()
        && v.scan.shortcodes.is_empty()
        && v.external.is_empty()
        && v.sections.iter().all(|s| !s.internal)
        && v.resolved.values().all(|r| !r.internal)
}

/// `text` as a CSS string literal that cannot end the string or the `<style>` element it
/// stands in: quotes, backslashes, `<`, `>` and line breaks as CSS escapes.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' | '\n' | '\r' => {
                out.push_str(&format!("\\{:x} ", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
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
