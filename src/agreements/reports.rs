//! What one document says about another's decisions or standing (`reports:`), quoted word for
//! word: the sentences a document page shows under "what other documents say", each as its
//! source's words with a link to it, never counted as a registered decision. The checks that
//! each names a document of the site and quotes its own (for a public document: public) text.

use std::collections::HashMap;

use super::quotes::{Said, plain_words};
use crate::content::frontmatter::{Audience, pos_in_file};
use crate::diag::Diagnostics;
use crate::resolve::{Site, refs};

/// One sentence about a document: the index of the document that says it (its latest
/// version holds the sentence) and the sentence as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported {
    pub by: usize,
    pub quote: String,
}

/// The document `@id` a report is about, when it names one of the site.
fn target(site: &Site, about: &str) -> Option<usize> {
    let t = refs::parse(about)?;
    if t.version.is_some() || t.section.is_some() {
        return None;
    }
    site.by_id.get(t.doc.as_deref()?).copied()
}

/// The sentences about each document that `audience` may read, by the index of the document
/// they are about, from the latest version of every other document, in site order. One pass
/// over the site: a page looks its own up.
pub fn by_target(site: &Site, audience: Audience) -> HashMap<usize, Vec<Reported>> {
    let mut out: HashMap<usize, Vec<Reported>> = HashMap::new();
    for (by, d) in site.documents.iter().enumerate() {
        if audience == Audience::Public && d.audience != Audience::Public {
            continue;
        }
        for r in &d.latest().fm.reports {
            if let Some(di) = target(site, &r.value.about.value).filter(|&di| di != by) {
                out.entry(di).or_default().push(Reported {
                    by,
                    quote: r.value.quote.value.trim().to_string(),
                });
            }
        }
    }
    out
}

/// Each report names a document of the site other than its own, and quotes its own text word
/// for word; a public document's report must stand in its public text.
pub fn check(site: &Site, diags: &Diagnostics) {
    for d in &site.documents {
        for v in &d.versions {
            for r in &v.fm.reports {
                let r = &r.value;
                let about_pos = pos_in_file(&r.about, v.yaml_line);
                match target(site, &r.about.value) {
                    None => diags.error(
                        &v.path,
                        about_pos,
                        format!("`reports` is about `{}`, which names no document of the site", r.about.value),
                        "write `about: \"@document-id\"`: the whole document, without a version or section",
                    ),
                    Some(i) if site.documents[i].id == d.id => diags.error(
                        &v.path,
                        about_pos,
                        "a document's `reports` is about itself",
                        "`reports` quotes what this document says about another document",
                    ),
                    Some(_) => {}
                }
                let quote = plain_words(&r.quote.value);
                let quote_pos = pos_in_file(&r.quote, v.yaml_line);
                if quote.is_empty() {
                    diags.error(
                        &v.path,
                        quote_pos,
                        "the report's quote is empty",
                        "quote this document's own sentence",
                    );
                    continue;
                }
                let Some(said) = Said::of(v, None) else {
                    continue;
                };
                if !said.all.contains(&quote) {
                    diags.error(
                        &v.path,
                        quote_pos,
                        format!("the report's quote is not in this document's text: \"{}\"", r.quote.value),
                        "quote the sentence word for word from this document's text, never a paraphrase",
                    );
                } else if d.audience == Audience::Public && !said.public.contains(&quote) {
                    diags.error(
                        &v.path,
                        quote_pos,
                        "public document quotes internal text: the report's quote stands only in an internal passage",
                        "a public document may quote only public text; move the sentence out of `::: intern` or quote another",
                    );
                }
            }
        }
    }
}
