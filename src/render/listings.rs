//! The site pages that list documents and parties: the front page, one page per kind, the
//! parties and each party, and the 404 page.

use std::collections::HashMap;

use super::views::*;
use super::{Page, Renderer, server_root};
use crate::agreements::tracker::{self, AgreementStatus};
use crate::content::date::Date;
use crate::content::frontmatter::{Audience, Kind};
use crate::error::Result;
use crate::resolve::{Document, Site};
use crate::text::format;

/// A party's documents and decisions, as indexes into [`Site::documents`].
#[derive(Default)]
pub(super) struct PartyDocs {
    pub(super) named_in: Vec<usize>,
    pub(super) decided: Vec<usize>,
}

impl Renderer<'_> {
    pub(super) fn sorted_links(&self, docs: &[&Document]) -> Vec<DocLink> {
        let mut docs = docs.to_vec();
        docs.sort_by(|a, b| {
            let da = a.latest().known_date().or_else(|| decision_date(a));
            let db = b.latest().known_date().or_else(|| decision_date(b));
            db.cmp(&da)
                .then(a.latest().fm.title.cmp(&b.latest().fm.title))
        });
        docs.iter().map(|d| self.doc_link(d, None)).collect()
    }

    pub(super) fn index_page(&self, docs: &[(usize, &Document)]) -> Result<Page> {
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
        ctx.insert("glance", &self.glance(docs));
        self.page("index.html", path, &ctx)
    }

    pub(super) fn list_page(&self, kind: Kind, docs: &[&Document]) -> Result<Page> {
        let path = format!("{}index.html", self.kind_href(kind));
        let title = self.t(&format!("kinds.{}", kind.key()));
        let mut ctx = self.context(&path, &title);
        ctx.insert("documents", &self.sorted_links(docs));
        ctx.insert("kind_key", kind.key());
        self.page("list.html", path, &ctx)
    }

    pub(super) fn party_documents(&self, id: &str) -> (Vec<DocLink>, Vec<DocLink>) {
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
    pub(super) fn agreement_statuses(&self) -> &[AgreementStatus] {
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

    pub(super) fn parties_page(&self) -> Result<Page> {
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

    pub(super) fn party_page(&self, id: &str) -> Result<Page> {
        let site = self.site;
        let p = site.party(id).expect("party exists");
        let (documents, decisions) = self.party_documents(id);
        let areas = site
            .data
            .parties
            .host_areas
            .iter()
            .filter(|a| a.host.value == id || a.members.iter().any(|m| m.value == id))
            // A catchment area no document is given for is not claimed on a party page.
            .filter_map(|a| Some((a, self.source_link(&a.source.as_ref()?.value)?)))
            .filter_map(|(a, source)| {
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
                    source,
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
                let row = f.cells.iter().find(|r| r.party == id)?;
                // Like the economy page: the public sees costs from a public document only.
                let source = self.printed_in("allocation", &a.id.value);
                if source.is_none() && self.audience == Audience::Public {
                    return None;
                }
                let unknown = || self.t("figure_unknown");
                Some(CostView {
                    title: a.title.clone(),
                    share: row
                        .share
                        .value()
                        .map(format::percent_hundredths)
                        .unwrap_or_else(unknown),
                    cost: row.cost.value().map(format::amount).unwrap_or_else(unknown),
                    derived: row.share.method().is_some() || row.cost.method().is_some(),
                    source,
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
            decision_rows: self
                .register_rows_of(Some(id))
                .into_iter()
                .map(|(_, _, r)| r)
                .collect(),
            responsibilities: self.party_responsibilities(id),
        };
        let path = format!("parter/{id}/index.html");
        let mut ctx = self.context(&path, &view.name);
        ctx.insert("party", &view);
        if self.audience == Audience::Public {
            ctx.insert("feed_href", &super::topic_feeds::party_feed_path(id));
        }
        self.page("party.html", path, &ctx)
    }

    /// The section of the document that prints data table `id` with shortcode `name` (the
    /// first a reader may see, outside internal passages), as a link: where a party's row in
    /// that table is stated.
    fn printed_in(&self, name: &str, id: &str) -> Option<DocLink> {
        self.site
            .documents
            .iter()
            .filter(|d| self.visible(d))
            .find_map(|d| {
                let v = d.latest();
                let sc = v.scan.shortcodes.iter().find(|sc| {
                    sc.name == name
                        && sc.args.get("id").is_some_and(|x| x == id)
                        && !v.scan.is_internal_line(sc.line)
                })?;
                // In a numbered document, the numbered section ("punkt 9.1"), not an
                // unnumbered table heading inside it.
                let section = v.sections.iter().rfind(|s| {
                    s.pos.line <= sc.line && !s.internal && (s.number.is_some() || !v.fm.numbered)
                });
                let dest = match section {
                    Some(s) => format!("@{}#{}", d.id, s.id),
                    None => format!("@{}", d.id),
                };
                self.source_link(&dest)
            })
    }

    pub(super) fn not_found_page(&self) -> Result<Page> {
        let path = "404.html".to_string();
        let mut ctx = self.context(&path, &self.t("not_found_title"));
        ctx.insert("root", &not_found_root(self.site, self.audience));
        self.page("404.html", path, &ctx)
    }
}

/// Where the links of the 404 page start. It is served from any depth, so it links from the
/// site root: the path of `base_url` for the public site, which may be published in a folder
/// of a server; `/` for the internal site, whose address is not known.
pub fn not_found_root(site: &Site, audience: Audience) -> String {
    let base = match audience {
        Audience::Public => site.config.base_url.as_deref(),
        Audience::Internal => None,
    };
    server_root(base)
}

fn decision_date(d: &Document) -> Option<Date> {
    d.latest()
        .fm
        .decision
        .as_ref()
        .and_then(|m| m.meeting_date.as_ref())
        .and_then(|m| Date::parse(&m.value))
}
