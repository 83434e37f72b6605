//! What a rebuild hands over: the pages of each audience it rendered ([`Delta`]), the pages as
//! served ([`PageSet`]) and what changed in them ([`PageDiff`]), and the search index left out
//! of the rebuild ([`SearchJob`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::error::Result;
use crate::render::{self, Page};

/// The pages of one audience that a rebuild rendered, and the pages it found gone.
#[derive(Debug, Clone, Default)]
pub struct Delta {
    /// Rendered pages, sorted by path; many have the bytes they had before.
    pub pages: Vec<Page>,
    /// Paths of pages that no longer exist, sorted.
    pub removed: Vec<String>,
}

/// The search index, left out of [`super::Incremental::rebuild`]: it takes most of the time of a
/// small site, so `styrdok serve` builds it when someone searches.
#[derive(Debug, Clone)]
pub struct SearchJob {
    pub(super) lang: String,
    pub(super) links: crate::content::LinkStyle,
}

impl SearchJob {
    /// The search index files for one audience's pages: what [`render::with_search`] adds.
    pub fn index(&self, pages: &PageSet) -> Result<Vec<Page>> {
        render::search::index(pages.iter(), &self.lang, self.links)
    }
}

/// One audience's pages as served, by path. Cloning it shares the paths and the bytes, so a
/// rebuild can make the next set while requests read the current one, without copying every
/// path of a large site.
#[derive(Debug, Clone, Default)]
pub struct PageSet {
    pages: BTreeMap<Arc<str>, Arc<Vec<u8>>>,
}

impl PageSet {
    pub fn new(pages: Vec<Page>) -> PageSet {
        PageSet {
            pages: pages
                .into_iter()
                .map(|p| (Arc::from(p.path), Arc::new(p.bytes)))
                .collect(),
        }
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.pages.get(path).map(|b| b.as_slice())
    }

    pub fn len(&self) -> usize {
        self.pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    /// (path, bytes) of every page, sorted by path.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.pages.iter().map(|(p, b)| (&**p, b.as_slice()))
    }

    /// Applies a rebuild's delta; says which pages were added, changed or removed.
    pub fn apply(&mut self, delta: Delta) -> PageDiff {
        let mut diff = PageDiff::default();
        for page in delta.pages {
            match self.pages.get_mut(page.path.as_str()) {
                Some(old) if **old == page.bytes => continue,
                Some(old) => {
                    *old = Arc::new(page.bytes);
                    diff.changed.push(page.path);
                }
                None => {
                    self.pages
                        .insert(Arc::from(page.path.as_str()), Arc::new(page.bytes));
                    diff.added.push(page.path);
                }
            }
        }
        for path in delta.removed {
            if self.pages.remove(path.as_str()).is_some() {
                diff.removed.push(path);
            }
        }
        diff
    }
}

/// The pages that differ between two page sets.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, bytes: &str) -> Page {
        Page {
            path: path.into(),
            bytes: bytes.into(),
        }
    }

    #[test]
    fn applying_a_delta_tells_added_changed_and_removed_pages() {
        let mut set = PageSet::new(vec![page("a", "1"), page("b", "1"), page("c", "1")]);
        let diff = set.apply(Delta {
            pages: vec![page("a", "1"), page("b", "2"), page("d", "1")],
            removed: vec!["c".into(), "x".into()],
        });
        assert_eq!(diff.added, ["d"]);
        assert_eq!(diff.changed, ["b"]);
        assert_eq!(diff.removed, ["c"]);
        let now: Vec<(&str, &[u8])> = set.iter().collect();
        assert_eq!(now, [("a", &b"1"[..]), ("b", b"2"), ("d", b"1")]);
        assert!(set.apply(Delta::default()).is_empty());
    }
}
