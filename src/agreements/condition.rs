//! The condition a document states for when it applies (`in_force_when`): what it asks of
//! the parties, the document's own sentence and where it stands, whether the registered
//! evidence meets it, and the checks that the sentence is quoted word for word.

use serde::Serialize;

use super::quotes::{Said, plain_words};
use super::tracker::{is_tracked, version_meant};
use crate::content::frontmatter::{Audience, ConditionRule, FrontMatter, pos_in_file};
use crate::diag::Diagnostics;
use crate::resolve::{Site, refs};

/// The condition a version states for when it applies, as written in its front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub rule: ConditionRule,
    /// The document's own sentence; `None` only for the deprecated `requires_all_parties`.
    pub quote: Option<String>,
    /// `@document#section` or free text.
    pub source: Option<String>,
    pub point: Option<u32>,
}

impl Condition {
    /// The condition of a version: `in_force_when`, else the deprecated flag (all-signed,
    /// unquoted), else none stated.
    pub fn of(fm: &FrontMatter) -> Option<Condition> {
        if let Some(c) = &fm.in_force_when {
            let c = &c.value;
            return Some(Condition {
                rule: c.rule,
                quote: Some(c.quote.value.clone()),
                source: Some(c.source.value.clone()),
                point: c.point.as_ref().map(|p| p.value),
            });
        }
        fm.requires_all_parties.then_some(Condition {
            rule: ConditionRule::AllSigned,
            quote: None,
            source: None,
            point: None,
        })
    }
}

/// Where a condition's sentence stands, for a reader: the source document's title (a decision's
/// organ and paragraph) and section, or the free text as written; with its root-relative URL
/// and whether that target is internal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLabel {
    pub text: String,
    pub href: Option<String>,
    pub internal: bool,
}

impl Condition {
    /// `point_word` is the theme's word for a decision point ("punkt").
    pub fn source_label(&self, site: &Site, point_word: &str) -> Option<SourceLabel> {
        let src = self.source.as_deref()?;
        let point = self.point.map(|p| format!(", {point_word} {p}"));
        let Some(res) = src
            .starts_with('@')
            .then(|| site.resolve_ref(src))
            .flatten()
        else {
            return Some(SourceLabel {
                text: format!("{src}{}", point.unwrap_or_default()),
                href: None,
                internal: false,
            });
        };
        let title = source_title(site, &site.documents[res.doc]);
        let has_section = refs::parse(src).is_some_and(|t| t.section.is_some());
        let text = if has_section {
            format!("{title}, {}", res.auto_text)
        } else {
            title
        };
        // A decision point has its own anchor on the decision's page.
        let href = match self.point {
            Some(p) if !has_section => format!("{}#beslutspunkt-{p}", res.href),
            _ => res.href,
        };
        Some(SourceLabel {
            text: format!("{text}{}", point.unwrap_or_default()),
            href: Some(href),
            internal: res.internal,
        })
    }
}

/// How a quoted document is named under its quote: a decision by its organ, party and
/// paragraph ("Kommunstyrelsen, Gagnefs kommun, KS § 179"), any other document by its title.
pub fn source_title(site: &Site, d: &crate::resolve::Document) -> String {
    match d.latest().fm.decision.as_ref() {
        Some(m) => match site.party(&m.party.value) {
            Some(p) => format!("{}, {}, {}", m.organ.value, p.name, m.paragraph),
            None => format!("{} {}", m.organ.value, m.paragraph),
        },
        None => d.latest().fm.title.clone(),
    }
}

/// Whether the stated condition is met, as far as the registered evidence shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConditionState {
    /// The documents state no condition: styrdok claims nothing.
    NotStated,
    Met,
    NotMet,
    /// A condition styrdok does not evaluate (`rule: other`).
    NotDerived,
}

impl ConditionState {
    pub fn key(self) -> &'static str {
        match self {
            ConditionState::NotStated => "not-stated",
            ConditionState::Met => "met",
            ConditionState::NotMet => "not-met",
            ConditionState::NotDerived => "not-derived",
        }
    }

    /// `Some(met)` where styrdok derives it, `None` where it does not.
    pub fn met(self) -> Option<bool> {
        match self {
            ConditionState::Met => Some(true),
            ConditionState::NotMet => Some(false),
            ConditionState::NotStated | ConditionState::NotDerived => None,
        }
    }
}

/// Checks each stated condition: its source resolves, and the quote is the source's own words
/// (never a paraphrase). A deprecated `requires_all_parties` is a warning.
pub fn check(site: &Site, diags: &Diagnostics) {
    for d in &site.documents {
        for v in &d.versions {
            if v.fm.requires_all_parties {
                let hint = "write `in_force_when: { rule: all-decided | all-signed | other, quote: \"<the document's sentence>\", source: \"@doc#section\" }`";
                if v.fm.in_force_when.is_some() {
                    diags.error(
                        &v.path,
                        pos_in_file(&v.fm.id, v.yaml_line),
                        "both `requires_all_parties` and `in_force_when`",
                        "keep `in_force_when` only",
                    );
                } else {
                    diags.warning(
                        &v.path,
                        pos_in_file(&v.fm.id, v.yaml_line),
                        "`requires_all_parties` is deprecated: the condition is shown as \"all parties decide and sign\", without the document's words",
                        hint,
                    );
                }
            }
            let Some(c) = &v.fm.in_force_when else {
                continue;
            };
            if !is_tracked(d) {
                diags.warning(
                    &v.path,
                    pos_in_file(c, v.yaml_line),
                    "`in_force_when` on a document the tracker does not follow: the condition is shown nowhere",
                    "conditions are shown for agreements, sub-agreements and letters of intent that have `parties:`",
                );
            }
            let quote = plain_words(&c.value.quote.value);
            if quote.is_empty() {
                diags.error(
                    &v.path,
                    pos_in_file(&c.value.quote, v.yaml_line),
                    "the condition's quote is empty",
                    "quote the document's own sentence",
                );
                continue;
            }
            let src = &c.value.source;
            let src_pos = pos_in_file(src, v.yaml_line);
            if !src.value.starts_with('@') {
                if let Some(p) = &c.value.point {
                    diags.error(
                        &v.path,
                        pos_in_file(p, v.yaml_line),
                        "`point` needs a decision as `source`",
                        "write `source: \"@decision-id\"`",
                    );
                }
                continue;
            }
            let target = refs::parse(&src.value).filter(|t| t.doc.is_some());
            let found = target.as_ref().and_then(|t| {
                let &di = site.by_id.get(t.doc.as_ref()?)?;
                let doc = &site.documents[di];
                let vi = version_meant(doc, t.version.as_deref(), None)?;
                Some((doc, &doc.versions[vi], t.section.clone()))
            });
            let Some((doc, sv, section)) = found else {
                diags.error(
                    &v.path,
                    src_pos,
                    format!("the condition's source `{}` is not in the site", src.value),
                    "refer to a document as `@id` or `@id#section`; a document outside the site is named in free text",
                );
                continue;
            };
            // The quote shows wherever the document shows: a public document may not quote
            // internal text (an internal document, or an internal passage).
            let internal = doc.audience == Audience::Internal
                || site.resolve_ref(&src.value).is_some_and(|r| r.internal);
            if d.audience == Audience::Public && internal {
                diags.error(
                    &v.path,
                    src_pos,
                    format!("public document quotes internal text `{}`", src.value),
                    "a public document may not quote internal documents or passages",
                );
            }
            let points = sv
                .fm
                .decision
                .as_ref()
                .map(|m| m.points.as_slice())
                .unwrap_or_default();
            // Each place the quote may stand: its words as written, and without internal
            // passages (what a public page may show).
            let haystack: Vec<Said> = if let Some(p) = &c.value.point {
                match points.get((p.value as usize).wrapping_sub(1)) {
                    Some(text) => vec![Said {
                        all: plain_words(text),
                        public: plain_words(text),
                    }],
                    None => {
                        diags.error(
                            &v.path,
                            pos_in_file(p, v.yaml_line),
                            format!(
                                "`{}` has no decision point {} ({} points)",
                                doc.id,
                                p.value,
                                points.len()
                            ),
                            "number the points as the decision does, from 1",
                        );
                        continue;
                    }
                }
            } else if let Some(id) = &section {
                match Said::of(sv, Some(id)) {
                    Some(said) => vec![said],
                    None => {
                        diags.error(
                            &v.path,
                            src_pos,
                            format!("`{}` has no section `{id}`", doc.id),
                            "use a section id of the source document",
                        );
                        continue;
                    }
                }
            } else {
                Said::of(sv, None)
                    .into_iter()
                    .chain(points.iter().map(|p| Said {
                        all: plain_words(p),
                        public: plain_words(p),
                    }))
                    .collect()
            };
            if !haystack.iter().any(|h| h.all.contains(&quote)) {
                diags.error(
                    &v.path,
                    pos_in_file(&c.value.quote, v.yaml_line),
                    format!(
                        "the condition's quote is not in `{}`: \"{}\"",
                        src.value, c.value.quote.value
                    ),
                    "quote the source's sentence word for word, never a paraphrase",
                );
            } else if d.audience == Audience::Public
                && !internal
                && !haystack.iter().any(|h| h.public.contains(&quote))
            {
                diags.error(
                    &v.path,
                    pos_in_file(&c.value.quote, v.yaml_line),
                    format!(
                        "public document quotes internal text: the condition's quote stands only in an internal passage of `{}`",
                        src.value
                    ),
                    "a public document may quote only public text; move the sentence out of `::: intern` or quote another",
                );
            }
        }
    }
}
