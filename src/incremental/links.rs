//! Resolved links kept between rebuilds: a version's links, resolved, and what resolving
//! them found wrong are kept with its parsed file, and reused while nothing they read has
//! changed (see [`crate::resolve::Analyser::links`]): the version's file, the list of the
//! site's ids, the [surface](crate::resolve::link_surface) of its own document and of every
//! document it names, the data (documents not on the site) and the files that did not
//! parse (ids left out). Anything else, or any doubt, and they are resolved again.

use std::sync::OnceLock;

use super::Incremental;
use crate::diag::{Diagnostic, Diagnostics};
use crate::resolve::{Document, Links, link_surface};

/// What the links kept were resolved against: the site as of one resolve.
pub(super) struct LinkState {
    /// Which resolve this was ([`Incremental`] counts them).
    pub(super) generation: u64,
    /// The documents' ids, sorted as the site's documents are.
    pub(super) ids: std::sync::Arc<Vec<String>>,
    /// Per document, its surface.
    pub(super) surfaces: Vec<u64>,
}

/// One version's links as a resolve left them, with what they found wrong.
pub(super) struct KeptLinks {
    pub(super) generation: u64,
    pub(super) links: Links,
    pub(super) diagnostics: Vec<Diagnostic>,
}

/// What this resolve knows about the last one, made on first use.
pub(super) struct Compared {
    /// The surfaces of this resolve's documents.
    pub(super) surfaces: Vec<u64>,
    /// Per document, whether links to it (or from it) must be resolved again (`None` inside:
    /// none); `None` when every link must.
    stale: Option<Option<Vec<bool>>>,
}

/// Whether nothing version `v` of document `di` reads of the site changed its surface:
/// neither its own document nor any document it names, in its links or its front matter.
pub(super) fn reads_nothing_stale(
    stale: &[bool],
    documents: &[Document],
    di: usize,
    v: &crate::resolve::Version,
) -> bool {
    links_read_nothing_stale(stale, documents, di, v)
        && !crate::resolve::front_matter_refs(v)
            .filter_map(|r| crate::resolve::refs::parse(&r.value).and_then(|t| t.doc))
            .any(|id| is_stale(stale, documents, &id))
}

/// Whether document `di` and every document version `v`'s links name kept their surface.
fn links_read_nothing_stale(
    stale: &[bool],
    documents: &[Document],
    di: usize,
    v: &crate::resolve::Version,
) -> bool {
    !stale[di]
        && !v
            .links
            .iter()
            .filter_map(|l| l.target.doc.as_deref())
            .any(|id| is_stale(stale, documents, id))
}

fn is_stale(stale: &[bool], documents: &[Document], id: &str) -> bool {
    match documents.binary_search_by(|d| d.id.as_str().cmp(id)) {
        Ok(t) => stale[t],
        // Not a document of the site, now as then: the ids are the same.
        Err(_) => false,
    }
}

impl Compared {
    /// Per document, whether its surface changed since the last resolve (`None` inside:
    /// none did); `None` when this resolve is not to be compared with the last.
    pub(super) fn stale(&self) -> Option<Option<&[bool]>> {
        self.stale.as_ref().map(|s| s.as_deref())
    }
}

impl Incremental {
    /// Compares this resolve's documents with the last resolve's.
    pub(super) fn compare_links(&self, documents: &[Document]) -> Compared {
        use rayon::prelude::*;
        let comparable = self.link_state.as_ref().filter(|s| {
            s.generation == self.generation
                && s.ids.len() == documents.len()
                && s.ids.iter().zip(documents).all(|(a, d)| *a == d.id)
                // A file that did not parse leaves its id out: links to it are not reported.
                && self.docs.values().all(|c| c.id().is_some())
        });
        let Some(last) = comparable else {
            let surfaces = documents.par_iter().map(link_surface).collect();
            return Compared {
                surfaces,
                stale: None,
            };
        };
        // A document none of whose files was read again, added or removed is as it was.
        let mut surfaces = last.surfaces.clone();
        let mut stale = vec![false; documents.len()];
        for (di, d) in documents.iter().enumerate() {
            if self.reread.contains(&d.id) {
                surfaces[di] = link_surface(d);
                stale[di] = surfaces[di] != last.surfaces[di];
            }
        }
        let stale = stale.contains(&true).then_some(stale);
        Compared {
            surfaces,
            stale: Some(stale),
        }
    }

    /// The links of version `vi` of document `di`: kept, when nothing they read changed,
    /// or resolved by `run` and kept.
    pub(super) fn links_of(
        &self,
        compared: &OnceLock<Compared>,
        documents: &[Document],
        (di, vi): (usize, usize),
        diags: &Diagnostics,
        run: &(dyn Fn(&Diagnostics) -> Links + Sync),
    ) -> Links {
        let v = &documents[di].versions[vi];
        let Some(c) = self.docs.get(v.path.as_os_str()) else {
            return run(diags);
        };
        let compared = compared.get_or_init(|| self.compare_links(documents));
        let kept = c.links.lock().expect("cache lock").take();
        if let (Some(kept), Some(stale)) = (kept, &compared.stale)
            && kept.generation == self.generation
            && stale
                .as_ref()
                .is_none_or(|s| links_read_nothing_stale(s, documents, di, v))
        {
            for d in &kept.diagnostics {
                diags.push(d.clone());
            }
            *c.links_diags.lock().expect("cache lock") = Some(kept.diagnostics);
            return kept.links;
        }
        let local = Diagnostics::knowing_left_out_of(diags);
        let links = run(&local);
        let found = local.into_sorted();
        for d in &found {
            diags.push(d.clone());
        }
        *c.links_diags.lock().expect("cache lock") = Some(found);
        links
    }

    /// What the timeline checks of version `vi` of document `di` find: kept, when nothing
    /// they read changed, or found by `run` and kept; reported to `diags`.
    pub(super) fn timeline_of(
        &self,
        compared: &OnceLock<Compared>,
        documents: &[Document],
        (di, vi): (usize, usize),
        diags: &Diagnostics,
        run: &(dyn Fn(&Diagnostics) + Sync),
    ) {
        let v = &documents[di].versions[vi];
        let Some(c) = self.docs.get(v.path.as_os_str()) else {
            return run(diags);
        };
        let compared = compared.get_or_init(|| self.compare_links(documents));
        let kept = c.timeline.lock().expect("cache lock").take();
        let found = match (kept, &compared.stale) {
            (Some((generation, found)), Some(stale))
                if generation == self.generation
                    && stale
                        .as_ref()
                        .is_none_or(|s| reads_nothing_stale(s, documents, di, v)) =>
            {
                found
            }
            _ => {
                let local = Diagnostics::new();
                run(&local);
                local.into_sorted()
            }
        };
        for d in &found {
            diags.push(d.clone());
        }
        // Kept for the next resolve, whose generation this resolve's end makes.
        *c.timeline.lock().expect("cache lock") = Some((self.generation + 1, found));
    }
}
