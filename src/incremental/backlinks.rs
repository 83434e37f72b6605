//! Who refers to whom ([`crate::resolve::Site::backlinks`]), kept between rebuilds and
//! patched: what each document refers to is made again only for the documents a change can
//! have changed it for, and the backlinks of what they referred to before and refer to now
//! are mended. A document's references read its links, resolved, its audience, its front
//! matter and the [surface](crate::resolve::link_surface) of what it names; so they are made
//! again for each document read again, each whose links were resolved again (its links name
//! a document whose surface changed), and each whose front matter names a document whose
//! surface changed. Without the last resolve to compare with (other ids, other data, a file
//! that did not parse), they are all made again.

use std::sync::Mutex;

use super::links::Compared;
use crate::resolve::{Backlink, Site, backlinks_of, front_matter_refs, refs};

/// Per document, what it refers to ([`crate::resolve::backlink_targets`]).
pub(super) type Targets = Vec<Vec<(usize, bool)>>;

/// The backlinks of one resolve, with what each document referred to.
pub(super) struct KeptBacklinks {
    /// Which resolve they are of.
    pub(super) generation: u64,
    pub(super) targets: Targets,
    pub(super) backlinks: Vec<Vec<Backlink>>,
}

/// What one resolve knows of the backlinks: those of the last, and what it found.
#[derive(Default)]
pub(super) struct BacklinkState {
    /// The last resolve's, taken by this one.
    pub(super) kept: Mutex<Option<KeptBacklinks>>,
    /// Documents whose links this resolve resolved again.
    pub(super) relinked: Mutex<Vec<usize>>,
    /// What each document refers to in this resolve, to keep.
    pub(super) targets: Mutex<Option<Targets>>,
}

impl BacklinkState {
    /// This resolve's backlinks: the kept ones patched when they can be, else made anew.
    pub(super) fn backlinks(
        &self,
        site: &Site,
        generation: u64,
        reread: &std::collections::HashSet<String>,
        compared: Option<&Compared>,
        targets: &(dyn Fn(usize) -> Vec<(usize, bool)> + Sync),
    ) -> Vec<Vec<Backlink>> {
        use rayon::prelude::*;
        let n = site.documents.len();
        let kept = self.kept.lock().expect("backlinks lock").take();
        let stale = compared.and_then(|c| c.stale());
        let patchable = kept
            .filter(|k| k.generation == generation && k.targets.len() == n)
            .zip(stale);
        let Some((mut kept, stale)) = patchable else {
            let all: Targets = (0..n).into_par_iter().map(targets).collect();
            let backlinks = backlinks_of(&all);
            *self.targets.lock().expect("backlinks lock") = Some(all);
            return backlinks;
        };
        // The documents whose references may have changed.
        let mut again: Vec<usize> = std::mem::take(&mut *self.relinked.lock().expect("lock"));
        again.extend(reread.iter().filter_map(|id| site.by_id.get(id).copied()));
        if let Some(stale) = stale {
            let names_stale = |di: usize| {
                site.documents[di].versions.iter().any(|v| {
                    front_matter_refs(v).any(|r| {
                        let id = refs::parse(&r.value).and_then(|t| t.doc);
                        id.and_then(|id| site.by_id.get(&id).copied())
                            .is_some_and(|t| stale[t])
                    })
                })
            };
            again.extend((0..n).filter(|&di| names_stale(di)));
        }
        again.sort_unstable();
        again.dedup();
        for di in again {
            let now = targets(di);
            if now == kept.targets[di] {
                continue;
            }
            for &(t, _) in &kept.targets[di] {
                kept.backlinks[t].retain(|b| b.from != di);
            }
            for &(t, internal) in &now {
                let list = &mut kept.backlinks[t];
                let at = list.partition_point(|b| b.from < di);
                list.insert(at, Backlink { from: di, internal });
            }
            kept.targets[di] = now;
        }
        *self.targets.lock().expect("backlinks lock") = Some(kept.targets);
        kept.backlinks
    }
}
