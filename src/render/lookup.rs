//! Staff lookup pages: who is responsible for what, routines with their review dates, the
//! glossary of abbreviations, the implementation checklist, and the economy (budgets,
//! staffing, cost allocation, each with the document it comes from).

use serde::Serialize;

use super::shortcodes::{self, DataCtx};
use super::views::{DocLink, PartyLink};
use super::{Page, Renderer, root_prefix};
use crate::agreements::holders;
use crate::content::data::{ChecklistStatus, Holder, Responsibility};
use crate::content::date::Date;
use crate::content::frontmatter::{Audience, Kind};
use crate::error::Result;

#[derive(Serialize)]
pub struct ResponsibilityView {
    pub holder: String,
    pub holder_key: &'static str,
    pub party: Option<PartyLink>,
    pub text: String,
    pub source: Option<DocLink>,
}

/// Responsibilities of one party under one holder ("Styrgrupp"), with why the party is in it.
#[derive(Serialize)]
pub struct PartyResponsibilityGroup {
    pub holder: String,
    pub holder_key: &'static str,
    /// The clause names the party itself.
    pub named: bool,
    /// The text that puts the party among the holder's parties.
    pub basis: Option<DocLink>,
    pub items: Vec<ResponsibilityView>,
}

#[derive(Serialize)]
pub struct HolderGroup {
    pub key: &'static str,
    pub title: String,
    pub items: Vec<ResponsibilityView>,
}

#[derive(Serialize)]
pub struct RoutineView {
    pub doc: DocLink,
    pub owner: Option<String>,
    pub reviewed: Option<String>,
    pub next_review: Option<String>,
    pub overdue: bool,
}

#[derive(Serialize)]
pub struct ChecklistItemView {
    pub item: String,
    /// Left out on the public site: names stay internal.
    pub owner: Option<String>,
    pub due: Option<String>,
    pub status: String,
    pub status_key: &'static str,
    pub overdue: bool,
    pub evidence: Option<DocLink>,
}

#[derive(Serialize)]
pub struct PhaseView {
    pub phase: String,
    pub done: usize,
    pub total: usize,
    pub percent: usize,
    pub overdue: usize,
    pub items: Vec<ChecklistItemView>,
}

/// A data table on the economy page and the document sections it is transcribed from.
#[derive(Serialize)]
pub struct EconomyTable {
    pub html: String,
    pub sources: Vec<DocLink>,
}

impl Renderer<'_> {
    fn data_ctx<'a>(&'a self, root: &'a str) -> DataCtx<'a> {
        DataCtx {
            site: self.site,
            strings: &self.theme.strings,
            root,
            audience: self.audience,
        }
    }

    pub(super) fn today(&self) -> Date {
        Date::today()
    }

    /// A `@document#section` reference as a link titled "Document, punkt 3.1 Heading", when the
    /// reader may see it.
    pub(super) fn source_link(&self, src: &str) -> Option<DocLink> {
        let site = self.site;
        let res = site.resolve_ref(src)?;
        if self.audience == Audience::Public && res.internal {
            return None;
        }
        let d = &site.documents[res.doc];
        let has_section = crate::resolve::refs::parse(src).is_some_and(|t| t.section.is_some());
        Some(DocLink {
            title: if has_section {
                format!("{}, {}", d.latest().fm.title, res.auto_text)
            } else {
                d.latest().fm.title.clone()
            },
            href: res.href,
            kind: self.kind_name(d.kind),
            date: None,
            status: None,
            internal: false,
            legal: None,
        })
    }

    fn holder_label(&self, r: &Responsibility) -> String {
        match (&r.name, r.holder) {
            (Some(name), _) => name.clone(),
            (None, h) => self.t(&format!("holder.{}", h.key())),
        }
    }

    pub(super) fn responsibility_view(&self, r: &Responsibility) -> ResponsibilityView {
        ResponsibilityView {
            holder: self.holder_label(r),
            holder_key: r.holder.key(),
            party: r.party.as_ref().and_then(|p| self.party_link(&p.value)),
            text: r.text.clone(),
            source: r.source.as_ref().and_then(|s| self.source_link(&s.value)),
        }
    }

    /// Every responsibility in `data/ansvar.yaml`, under the holder its clause names.
    pub(super) fn responsibility_views(&self) -> Vec<ResponsibilityView> {
        self.site
            .data
            .responsibilities
            .responsibilities
            .iter()
            .map(|r| self.responsibility_view(r))
            .collect()
    }

    /// The responsibilities party `id` holds as far as a document says so, grouped under the
    /// holder the clause names, each group with the text that puts the party in it.
    pub(super) fn party_responsibilities(&self, id: &str) -> Vec<PartyResponsibilityGroup> {
        let mut groups: Vec<PartyResponsibilityGroup> = Vec::new();
        for r in &self.site.data.responsibilities.responsibilities {
            let Some(basis) = holders::holds(self.site, r, id) else {
                continue;
            };
            let holder = self.holder_label(r);
            let basis_link = basis.as_deref().and_then(|b| self.source_link(b));
            let view = self.responsibility_view(r);
            match groups.iter_mut().find(|g| {
                g.holder == holder
                    && g.basis.as_ref().map(|b| &b.href) == basis_link.as_ref().map(|b| &b.href)
            }) {
                Some(g) => g.items.push(view),
                None => groups.push(PartyResponsibilityGroup {
                    holder,
                    holder_key: r.holder.key(),
                    named: basis.is_none(),
                    basis: basis_link,
                    items: vec![view],
                }),
            }
        }
        groups
    }

    pub(super) fn lookup_pages(&self) -> Result<Vec<Page>> {
        let mut pages = vec![
            self.responsibilities_page()?,
            self.glossary_page()?,
            self.economy_page()?,
            self.checklist_page()?,
        ];
        if self.audience == Audience::Internal {
            pages.push(self.routines_page()?);
        }
        Ok(pages)
    }

    fn responsibilities_page(&self) -> Result<Page> {
        let all = self.responsibility_views();
        let groups: Vec<HolderGroup> = Holder::ALL
            .iter()
            .map(|h| HolderGroup {
                key: h.key(),
                title: self.t(&format!("holder.{}", h.key())),
                items: Vec::new(),
            })
            .collect();
        let mut groups = groups;
        for r in all {
            if let Some(g) = groups.iter_mut().find(|g| g.key == r.holder_key) {
                g.items.push(r);
            }
        }
        groups.retain(|g| !g.items.is_empty());
        let path = "ansvar/index.html".to_string();
        let mut ctx = self.context(&path, &self.t("responsibilities"));
        ctx.insert("groups", &groups);
        self.page("responsibilities.html", path, &ctx)
    }

    fn routines_page(&self) -> Result<Page> {
        let today = self.today();
        let mut routines: Vec<RoutineView> = self
            .site
            .documents
            .iter()
            .filter(|d| d.kind == Kind::Routine && self.visible(d))
            .map(|d| {
                let v = d.latest();
                let date = |x: &Option<crate::content::frontmatter::At<String>>| {
                    x.as_ref().and_then(|a| Date::parse(&a.value))
                };
                let next = date(&v.fm.next_review);
                RoutineView {
                    doc: self.doc_link(d, None),
                    owner: v.fm.owner.clone(),
                    reviewed: date(&v.fm.reviewed).map(|x| self.date(x)),
                    next_review: next.map(|x| self.date(x)),
                    overdue: next.is_some_and(|n| n < today),
                }
            })
            .collect();
        routines.sort_by(|a, b| {
            b.overdue
                .cmp(&a.overdue)
                .then(a.doc.title.cmp(&b.doc.title))
        });
        let path = "rutiner/index.html".to_string();
        let mut ctx = self.context(&path, &self.t("routines"));
        ctx.insert("routines", &routines);
        self.page("routines.html", path, &ctx)
    }

    fn glossary_page(&self) -> Result<Page> {
        let path = "ordlista/index.html".to_string();
        let root = root_prefix(&path);
        let mut ctx = self.context(&path, &self.t("glossary"));
        let mut html = String::new();
        shortcodes::abbreviations(&self.data_ctx(&root), &mut html);
        ctx.insert("content", &html);
        ctx.insert("count", &self.site.data.abbreviations.abbreviations.len());
        self.page("glossary.html", path, &ctx)
    }

    fn checklist_page(&self) -> Result<Page> {
        let today = self.today();
        let mut phases: Vec<PhaseView> = Vec::new();
        for item in &self.site.data.checklist.items {
            let due = item.due.as_ref().and_then(|d| Date::parse(&d.value));
            let overdue = item.status != ChecklistStatus::Done && due.is_some_and(|d| d < today);
            let view = ChecklistItemView {
                item: item.item.clone(),
                owner: if self.audience == Audience::Internal {
                    item.owner.clone()
                } else {
                    None
                },
                due: due.map(|d| self.date(d)),
                status: self.t(&format!("checklist_status.{}", item.status.key())),
                status_key: item.status.key(),
                overdue,
                evidence: item.evidence.as_ref().and_then(|e| {
                    if e.value.starts_with('@') {
                        self.ref_link(&e.value)
                    } else {
                        Some(DocLink {
                            title: e.value.clone(),
                            href: e.value.clone(),
                            kind: String::new(),
                            date: None,
                            status: None,
                            internal: false,
                            legal: None,
                        })
                    }
                }),
            };
            let phase = match phases.iter_mut().find(|p| p.phase == item.phase) {
                Some(p) => p,
                None => {
                    phases.push(PhaseView {
                        phase: item.phase.clone(),
                        done: 0,
                        total: 0,
                        percent: 0,
                        overdue: 0,
                        items: Vec::new(),
                    });
                    phases.last_mut().unwrap()
                }
            };
            phase.total += 1;
            phase.done += usize::from(item.status == ChecklistStatus::Done);
            phase.overdue += usize::from(overdue);
            phase.items.push(view);
        }
        for p in &mut phases {
            p.percent = (p.done * 100).checked_div(p.total).unwrap_or(0);
        }
        let path = "genomforande/index.html".to_string();
        let mut ctx = self.context(&path, &self.t("checklist"));
        ctx.insert("phases", &phases);
        ctx.insert("show_items", &(self.audience == Audience::Internal));
        self.page("checklist.html", path, &ctx)
    }

    /// The sources of a data table that this audience may see, as links.
    pub(super) fn table_sources(&self, shortcode: &str, id: &str) -> Vec<DocLink> {
        self.site
            .figures
            .sources_of(shortcode, id)
            .iter()
            .filter(|s| self.audience == Audience::Internal || !s.internal)
            .filter_map(|s| {
                let r = self.site.resolve_ref(&s.reference)?;
                let d = &self.site.documents[r.doc];
                let title = if s.reference.contains('#') {
                    format!("{}, {}", d.latest().fm.title, r.auto_text)
                } else {
                    d.latest().fm.title.clone()
                };
                Some(DocLink {
                    title,
                    href: r.href,
                    kind: self.kind_name(d.kind),
                    date: None,
                    status: None,
                    internal: s.internal,
                    legal: None,
                })
            })
            .collect()
    }

    /// Every data table of one kind, each with the documents it comes from. The public page
    /// shows only tables it can attribute to a public document (fail closed: a table placed
    /// only in internal text stays internal).
    fn economy_tables(
        &self,
        data: &DataCtx,
        shortcode: &str,
        ids: impl Iterator<Item = String>,
        draw: fn(&DataCtx, &str, &mut String),
    ) -> Vec<EconomyTable> {
        ids.filter_map(|id| {
            let sources = self.table_sources(shortcode, &id);
            if sources.is_empty() && self.audience == Audience::Public {
                return None;
            }
            let mut html = String::new();
            draw(data, &id, &mut html);
            Some(EconomyTable { html, sources })
        })
        .collect()
    }

    fn economy_page(&self) -> Result<Page> {
        let path = "ekonomi/index.html".to_string();
        let root = root_prefix(&path);
        let data = self.data_ctx(&root);
        let site = self.site;
        let budgets = self.economy_tables(
            &data,
            "budget",
            site.data.budgets.budgets.iter().map(|b| b.id.value.clone()),
            shortcodes::budget,
        );
        let allocations = self.economy_tables(
            &data,
            "allocation",
            site.data
                .allocations
                .allocations
                .iter()
                .map(|a| a.id.value.clone()),
            shortcodes::allocation,
        );
        let staffing = self.economy_tables(
            &data,
            "staffing",
            site.data
                .staffing
                .staffing
                .iter()
                .map(|s| s.id.value.clone()),
            shortcodes::staffing,
        );
        let mut ctx = self.context(&path, &self.t("economy"));
        ctx.insert("budgets", &budgets);
        ctx.insert("allocations", &allocations);
        ctx.insert("staffing", &staffing);
        self.page("economy.html", path, &ctx)
    }
}
