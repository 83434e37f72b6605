//! The status a version's pages show: the hand-set `status:` of its front matter, unless the
//! tracker derives otherwise from the registered decisions and signatures. A page never shows
//! both: where they disagree it shows the derived status, and `check` warns at `status:`.
//!
//! They disagree when a version says `in-force` but the condition it states
//! (`in_force_when`) is not met by what is registered, or when the latest version says
//! `draft` or `approved` but its condition is met. Where the documents state no condition, or
//! one styrdok does not evaluate (`rule: other`), the tracker derives nothing and the
//! hand-set status stands.

use super::condition::{Condition, ConditionState};
use super::tracker::{AgreementStatus, is_tracked, status};
use crate::content::frontmatter::{Audience, ConditionRule, Status, pos_in_file};
use crate::diag::Diagnostics;
use crate::resolve::Site;

/// The key of a status the tracker derives that no one sets by hand: the version's condition
/// is not met yet (`status.not-in-force` in the theme's strings).
pub const NOT_IN_FORCE: &str = "not-in-force";

/// A hand-set status the tracker contradicts.
pub struct Contradiction {
    pub set: Status,
    /// The key of the status shown instead ([`Status::key`] or [`NOT_IN_FORCE`]).
    pub derived: &'static str,
    pub status: AgreementStatus,
}

/// Whether the tracker, from the evidence `audience` may see, contradicts the hand-set status
/// of version `vi` of document `di`.
pub fn contradiction(
    site: &Site,
    di: usize,
    vi: usize,
    audience: Audience,
) -> Option<Contradiction> {
    let d = &site.documents[di];
    let v = &d.versions[vi];
    let set = v.fm.status.as_ref()?.value;
    let latest = vi + 1 == d.versions.len();
    // Cheap tests first: most versions state no condition, or a status nothing contradicts.
    let could = match set {
        Status::InForce => true,
        Status::Draft | Status::Approved => latest,
        Status::Superseded => false,
    };
    if !could
        || !is_tracked(d)
        || Condition::of(&v.fm).is_none_or(|c| c.rule == ConditionRule::Other)
    {
        return None;
    }
    let st = status(site, di, vi, audience);
    let derived = match (set, st.state) {
        (Status::InForce, ConditionState::NotMet) => NOT_IN_FORCE,
        (Status::Draft | Status::Approved, ConditionState::Met) => Status::InForce.key(),
        _ => return None,
    };
    Some(Contradiction {
        set,
        derived,
        status: st,
    })
}

/// The key of the status the pages of version `vi` of document `di` show to `audience`: the
/// derived one where the tracker contradicts the hand-set one, else the hand-set one.
pub fn shown(site: &Site, di: usize, vi: usize, audience: Audience) -> Option<&'static str> {
    let set = site.documents[di].versions[vi].fm.status.as_ref()?.value;
    Some(match contradiction(site, di, vi, audience) {
        Some(c) => c.derived,
        None => set.key(),
    })
}

/// Warns at `status:` of every version whose hand-set status the tracker contradicts, from
/// all registered evidence, and of every public version whose public page shows another
/// status than its internal page because part of the evidence is internal.
pub fn check(site: &Site, diags: &Diagnostics) {
    for (di, d) in site.documents.iter().enumerate() {
        for (vi, v) in d.versions.iter().enumerate() {
            if d.audience == Audience::Public {
                warn_if_audiences_differ(site, di, vi, diags);
            }
            let Some(c) = contradiction(site, di, vi, Audience::Internal) else {
                continue;
            };
            let at = v.fm.status.as_ref().expect("a contradicted status is set");
            let rule = c
                .status
                .condition
                .as_ref()
                .map(|c| c.rule.key())
                .unwrap_or("");
            let asked = if rule == ConditionRule::AllSigned.key() {
                "decided and signed"
            } else {
                "decided"
            };
            let registered = format!(
                "{} of {} parties have {asked} (`in_force_when: {{ rule: {rule} }}`)",
                c.status.fulfilled,
                c.status.parties.len(),
            );
            let message = match c.derived {
                NOT_IN_FORCE => format!(
                    "`status: {}`, but the condition it states is not met: {registered}",
                    c.set.key()
                ),
                _ => format!(
                    "`status: {}`, but the condition it states is met: {registered}",
                    c.set.key()
                ),
            };
            diags.warning(
                &v.path,
                pos_in_file(at, v.yaml_line),
                message,
                format!(
                    "the pages show the status the tracker derives (`{}`), not this one: register \
                     the decisions and signatures that are missing (`styrdok status {}`), or set \
                     the status the registered documents support",
                    c.derived, d.id
                ),
            );
        }
    }
}

/// Warns when the public page of a public version shows another status than its internal
/// page: the decisions or signatures that meet (or fail) its condition are internal, so the
/// public site, which may count only public evidence, says something else.
fn warn_if_audiences_differ(site: &Site, di: usize, vi: usize, diags: &Diagnostics) {
    let public = shown(site, di, vi, Audience::Public);
    let internal = shown(site, di, vi, Audience::Internal);
    let (Some(public), Some(internal)) = (public, internal) else {
        return;
    };
    if public == internal {
        return;
    }
    let d = &site.documents[di];
    let v = &d.versions[vi];
    let at = v.fm.status.as_ref().expect("a shown status is set");
    let counted = |a: Audience| {
        let st = status(site, di, vi, a);
        format!("{} of {}", st.fulfilled, st.parties.len())
    };
    diags.warning(
        &v.path,
        pos_in_file(at, v.yaml_line),
        format!(
            "the public site shows `{public}` ({} parties, from public decisions and signatures) but the internal site shows `{internal}` ({}): part of the evidence is internal",
            counted(Audience::Public),
            counted(Audience::Internal),
        ),
        format!(
            "the public site counts only public decisions: make the ones that may be published public (`audience: public`), or accept that the public page says less (`styrdok status {}` lists them)",
            d.id
        ),
    );
}
