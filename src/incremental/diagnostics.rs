//! The diagnostics of a rebuild: those found afresh (the collector's), merged with what the
//! checks of each version's body found about its own file, kept with the file
//! ([`super::cache::BodyChecks`]) and never pushed to the collector. On a large site most
//! diagnostics are of that kind; they are neither pushed one by one nor sorted again on
//! every rebuild, only merged in, giving the order [`Diagnostics::into_sorted`] gives (by
//! path, position, severity and message) with the same duplicates left out.
//!
//! The merged list is kept too ([`LastDiagnostics`]): a rebuild that finds afresh what the
//! last one found, and whose versions' kept findings are, one by one in the site's order,
//! those of the last rebuild (the same list, or an equal one), hands over the last list
//! itself. An edit that changes no warning then neither copies nor compares the tens of
//! thousands of warnings a large site can have.

use std::cmp::Ordering;
use std::sync::Arc;

use super::Incremental;
use crate::diag::{Diagnostic, Diagnostics};
use crate::resolve::Site;

/// The order of [`Diagnostics::into_sorted`].
fn order(a: &Diagnostic, b: &Diagnostic) -> Ordering {
    (&a.path, a.pos, a.severity, &a.message).cmp(&(&b.path, b.pos, b.severity, &b.message))
}

/// What the last rebuild's diagnostics were made of, and what they came to.
pub(super) struct LastDiagnostics {
    /// What its collector found, sorted.
    found: Vec<Diagnostic>,
    /// The kept findings merged in, in the site's order of the versions.
    kept: Vec<Arc<[Diagnostic]>>,
    /// Every diagnostic.
    all: Arc<Vec<Diagnostic>>,
}

impl Incremental {
    /// Every diagnostic of the resolve of `site`: `found` and the kept findings of the
    /// checks of its versions' bodies.
    pub(super) fn diagnostics(&mut self, site: &Site, found: Diagnostics) -> Arc<Vec<Diagnostic>> {
        // Each version's findings are sorted and about its file alone: in the order of the
        // files, they are all sorted.
        let kept: Vec<Arc<[Diagnostic]>> = site
            .documents
            .iter()
            .flat_map(|d| &d.versions)
            .filter_map(|v| {
                let checks = self.docs.get(v.path.as_os_str())?.body_checks.get()?;
                (checks.own_file && !checks.found.is_empty()).then(|| checks.found.clone())
            })
            .collect();
        let found = found.into_sorted();
        let same = self.last_diagnostics.as_ref().is_some_and(|last| {
            last.found == found
                && last.kept.len() == kept.len()
                && last
                    .kept
                    .iter()
                    .zip(&kept)
                    .all(|(a, b)| Arc::ptr_eq(a, b) || a == b)
        });
        let all = match self.last_diagnostics.take() {
            Some(last) if same => last.all,
            _ => Arc::new(merge(&found, &kept)),
        };
        self.last_diagnostics = Some(LastDiagnostics {
            found,
            kept,
            all: all.clone(),
        });
        all
    }
}

/// `found`, sorted, and the `kept` findings (each sorted and about one file) in one sorted
/// list without duplicates.
fn merge(found: &[Diagnostic], kept: &[Arc<[Diagnostic]>]) -> Vec<Diagnostic> {
    let mut kept: Vec<&[Diagnostic]> = kept.iter().map(|k| &k[..]).collect();
    kept.sort_by(|a, b| a[0].path.cmp(&b[0].path));
    let mut out = Vec::with_capacity(found.len() + kept.iter().map(|k| k.len()).sum::<usize>());
    let mut found = found.iter().peekable();
    for d in kept.into_iter().flatten() {
        while let Some(f) = found.next_if(|f| order(f, d) != Ordering::Greater) {
            out.push(f.clone());
        }
        out.push(d.clone());
    }
    out.extend(found.cloned());
    out.dedup();
    out
}
