//! The menu every page shows: the site's pages grouped as readers look for them (documents;
//! decisions and signatures; parties; who does what), and which entry is the page being read
//! or the section it lies in ("you are here", `aria-current`).

use serde::Serialize;

use super::Renderer;
use super::views::NavItem;
use crate::content::frontmatter::{Audience, Kind};

/// One group of the menu, with a heading of its own.
#[derive(Serialize, Debug)]
pub struct MenuGroup {
    pub title: String,
    /// A stable id, for the list's label and for CSS.
    pub key: &'static str,
    pub items: Vec<MenuItem>,
}

#[derive(Serialize, Debug)]
pub struct MenuItem {
    pub title: String,
    pub href: String,
    /// `"page"` on the page itself, `"true"` on every page under it (a party under the
    /// parties, a document under its kind), `None` elsewhere: the value of `aria-current`.
    pub current: Option<&'static str>,
}

/// Which group a kind's list belongs to, or `None` where another page stands for it (the
/// decisions register lists decision documents).
fn kind_group(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Decision => None,
        Kind::Routine | Kind::Checklist => Some("who"),
        _ => Some("documents"),
    }
}

/// The page that stands in the menu for a kind that has no entry of its own.
fn kind_stand_in(kind: Kind) -> &'static str {
    match kind {
        Kind::Decision => "beslutsregister/",
        _ => "",
    }
}

const GROUPS: [&str; 4] = ["documents", "decisions", "parties", "who"];

/// A group of the menu as every page shows it, before the page being read is marked.
pub(super) struct GroupLayout {
    title: String,
    key: &'static str,
    /// Each entry's title and link.
    items: Vec<(String, String)>,
}

impl Renderer<'_> {
    /// The menu's groups and entries: the kinds with visible documents and the fixed pages.
    /// Groups without entries are left out.
    pub(super) fn layout_menu(&self) -> Vec<GroupLayout> {
        let kinds = |group: &str| -> Vec<(String, String)> {
            self.nav
                .iter()
                .filter(|n| {
                    Kind::ALL
                        .iter()
                        .find(|&&k| self.kind_href_str(k) == n.href)
                        .is_some_and(|&k| kind_group(k) == Some(group))
                })
                .map(|NavItem { title, href }| (title.clone(), href.clone()))
                .collect()
        };
        let fixed = |key: &str, href: &str| (self.t(key), href.to_string());
        GROUPS
            .iter()
            .map(|&key| {
                let items = match key {
                    "documents" => kinds("documents"),
                    "decisions" => vec![
                        fixed("nav.tracker", "underskrifter/"),
                        fixed("decisions_register", "beslutsregister/"),
                    ],
                    "parties" => vec![fixed("parties", "parter/"), fixed("economy", "ekonomi/")],
                    _ => {
                        let mut items = vec![
                            fixed("responsibilities", "ansvar/"),
                            fixed("checklist", "genomforande/"),
                            fixed("glossary", "ordlista/"),
                        ];
                        if self.audience == Audience::Internal {
                            items.push(fixed("routines", "rutiner/"));
                        }
                        items.extend(kinds("who"));
                        items
                    }
                };
                GroupLayout {
                    title: self.t(&format!("nav.group.{key}")),
                    key,
                    items,
                }
            })
            .filter(|g| !g.items.is_empty())
            .collect()
    }

    /// For each entry of the menu in order, its `aria-current` as seen from the page at
    /// `path` (relative to the site root, ending in `index.html`).
    fn currents(&self, path: &str) -> Vec<Option<&'static str>> {
        // The entry a page lies under: its own folder's prefix, or for a document's pages,
        // the list of its kind.
        let section = self.menu_section(path);
        self.menu_layout
            .iter()
            .flat_map(|g| &g.items)
            .map(|(_, href)| {
                if path.strip_suffix("index.html") == Some(href.as_str()) {
                    Some("page")
                } else if section == Some(href.as_str())
                    || (!href.is_empty() && path.starts_with(href.as_str()))
                {
                    Some("true")
                } else {
                    None
                }
            })
            .collect()
    }

    /// The menu as seen from the page at `path` (relative to the site root, ending in
    /// `index.html`).
    pub(super) fn menu(&self, path: &str) -> Vec<MenuGroup> {
        let mut currents = self.currents(path).into_iter();
        self.menu_layout
            .iter()
            .map(|g| MenuGroup {
                title: g.title.clone(),
                key: g.key,
                items: g
                    .items
                    .iter()
                    .map(|(title, href)| MenuItem {
                        title: title.clone(),
                        href: href.clone(),
                        current: currents.next().flatten(),
                    })
                    .collect(),
            })
            .collect()
    }

    /// [`Self::menu`] as template data, made once for each way of marking the page.
    pub(super) fn menu_value(&self, path: &str) -> tera::Value {
        let key = self.currents(path);
        if let Some(v) = self.menus.lock().expect("menu cache").get(&key) {
            return v.clone();
        }
        let value = tera::Value::from_serializable(&self.menu(path));
        self.menus
            .lock()
            .expect("menu cache")
            .insert(key, value.clone());
        value
    }

    /// The menu entry a page at `path` lies under when it is not one itself: for the pages
    /// of a document (`dokument/<id>/…`), the list of its kind.
    fn menu_section(&self, path: &str) -> Option<&str> {
        if let Some(&kind) = Kind::ALL
            .iter()
            .find(|&&k| kind_group(k).is_none() && path.starts_with(self.kind_href_str(k)))
        {
            return Some(kind_stand_in(kind));
        }
        let id = path.strip_prefix("dokument/")?.split('/').next()?;
        let kind = *self.doc_kinds.get(id)?;
        Some(match kind_group(kind) {
            Some(_) => self.kind_href_str(kind),
            None => kind_stand_in(kind),
        })
    }
}
