//! The diagnostics of a rebuild: those found afresh (the collector's), merged with what the
//! checks of each version's body found about its own file, kept with the file
//! ([`super::cache::BodyChecks`]) and never pushed to the collector. On a large site most
//! diagnostics are of that kind; they are neither pushed one by one nor sorted again on
//! every rebuild, only merged in, giving the order [`Diagnostics::into_sorted`] gives (by
//! path, position, severity and message) with the same duplicates left out.

use std::cmp::Ordering;

use super::Incremental;
use crate::diag::{Diagnostic, Diagnostics};
use crate::resolve::Site;

/// The order of [`Diagnostics::into_sorted`].
fn order(a: &Diagnostic, b: &Diagnostic) -> Ordering {
    (&a.path, a.pos, a.severity, &a.message).cmp(&(&b.path, b.pos, b.severity, &b.message))
}

impl Incremental {
    /// Every diagnostic of the resolve of `site`: `found` and the kept findings of the
    /// checks of its versions' bodies.
    pub(super) fn diagnostics(&self, site: &Site, found: Diagnostics) -> Vec<Diagnostic> {
        // Each version's findings are sorted and about its file alone: in the order of the
        // files, they are all sorted.
        let mut kept: Vec<&[Diagnostic]> = site
            .documents
            .iter()
            .flat_map(|d| &d.versions)
            .filter_map(|v| {
                let checks = self.docs.get(v.path.as_os_str())?.body_checks.get()?;
                (checks.own_file && !checks.found.is_empty()).then_some(checks.found.as_slice())
            })
            .collect();
        kept.sort_by(|a, b| a[0].path.cmp(&b[0].path));
        let found = found.into_sorted();
        let mut out = Vec::with_capacity(found.len() + kept.iter().map(|k| k.len()).sum::<usize>());
        let mut found = found.into_iter().peekable();
        for d in kept.into_iter().flatten() {
            while let Some(f) = found.next_if(|f| order(f, d) != Ordering::Greater) {
                out.push(f);
            }
            out.push(d.clone());
        }
        out.extend(found);
        out.dedup();
        out
    }
}
