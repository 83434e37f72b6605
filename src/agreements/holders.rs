//! Who holds a responsibility: the parties each holder of `data/ansvar.yaml` stands for, only
//! as far as a document says so (the clause names the party, the source document's parties, a
//! host area, or a `holders:` entry with its source), and the checks that the clauses are the
//! documents' own words.

use crate::content::data::{Holder, Responsibility};
use crate::content::frontmatter::pos_in_file;
use crate::diag::Diagnostics;
use crate::resolve::{Site, refs};

use super::quotes::{Said, plain_words, section_text};

/// Why a party is among a holder's parties: the reference to the text that says so, or `None`
/// when the clause itself names the party.
pub type Basis = Option<String>;

/// The parties `r` applies to, each with its basis; empty when no document says who.
pub fn members(site: &Site, r: &Responsibility) -> Vec<(String, Basis)> {
    if let Some(p) = &r.party {
        return vec![(p.value.clone(), None)];
    }
    match r.holder {
        Holder::Party | Holder::Other => Vec::new(),
        Holder::Host => site
            .data
            .parties
            .host_areas
            .iter()
            .filter_map(|a| Some((a.host.value.clone(), Some(a.source.as_ref()?.value.clone()))))
            .collect(),
        Holder::Parties => {
            let Some(src) = &r.source else {
                return Vec::new();
            };
            let Some(doc) = refs::parse(&src.value)
                .and_then(|t| t.doc)
                .and_then(|id| site.doc(&id))
            else {
                return Vec::new();
            };
            let basis = format!("@{}", doc.id);
            doc.latest()
                .fm
                .parties
                .iter()
                .map(|p| (p.value.clone(), Some(basis.clone())))
                .collect()
        }
        holder => site
            .data
            .responsibilities
            .holders
            .iter()
            .filter(|h| h.holder == holder)
            .flat_map(|h| {
                h.parties
                    .iter()
                    .map(|p| (p.value.clone(), Some(h.source.value.clone())))
            })
            .collect(),
    }
}

/// A section lists `holder`'s responsibilities when it holds a `responsibilities` shortcode
/// for that holder (or for every holder).
fn lists_holder(section: &str, holder: Holder) -> bool {
    section.lines().any(|l| {
        let l = l.trim();
        l.starts_with("{{< responsibilities")
            && match l.find("holder=\"") {
                None => true,
                Some(i) => l[i + 8..].starts_with(&format!("{}\"", holder.key())),
            }
    })
}

/// `Some(basis)` when `party` holds `r`.
pub fn holds(site: &Site, r: &Responsibility, party: &str) -> Option<Basis> {
    members(site, r)
        .into_iter()
        .find(|(p, _)| p == party)
        .map(|(_, b)| b)
}

/// Checks `data/ansvar.yaml` against the documents: an `in_text` clause stands word for word
/// in its source section; any other entry is listed by a `responsibilities` shortcode in its
/// source section (else its words appear nowhere in the documents); `holder: other` has a
/// name; `holders:` name known parties and resolvable sources.
pub fn check(site: &Site, diags: &Diagnostics) {
    let path = site.data.path_of("responsibilities");
    for r in &site.data.responsibilities.responsibilities {
        let at = r
            .source
            .as_ref()
            .or(r.party.as_ref())
            .map(|s| pos_in_file(s, 1))
            .unwrap_or(crate::diag::Pos::START);
        if r.holder == Holder::Other && r.name.is_none() {
            diags.error(
                &path,
                at,
                format!("`holder: other` without a `name`: \"{}\"", r.text),
                "write the holder's name as the clause gives it, e.g. `name: socialchefsnätverket`",
            );
        }
        if r.holder == Holder::Party && r.party.is_none() {
            diags.error(
                &path,
                at,
                format!("`holder: party` without a `party`: \"{}\"", r.text),
                "name the party the clause gives the responsibility to",
            );
        }
        let Some(src) = &r.source else { continue };
        // The lookup and the party pages are public: a clause from internal text would leak.
        if site.resolve_ref(&src.value).is_some_and(|res| res.internal) {
            diags.error(
                &path,
                pos_in_file(src, 1),
                format!(
                    "the clause comes from internal text `{}`, but the responsibilities are public: \"{}\"",
                    src.value, r.text
                ),
                "take responsibilities from public text only",
            );
        }
        let Some(t) = refs::parse(&src.value) else {
            continue;
        };
        let (Some(doc), Some(section)) = (t.doc.as_deref().and_then(|id| site.doc(id)), &t.section)
        else {
            continue;
        };
        let v = match t.version.as_deref() {
            Some(n) => match doc.version(n) {
                Some((_, v)) => v,
                None => continue,
            },
            None => doc.latest(),
        };
        // Unresolvable sources are reported with the other data references.
        let Some(text) = section_text(v, section) else {
            continue;
        };
        let said = Said::of(v, Some(section)).expect("the section exists");
        if r.in_text {
            let clause = plain_words(&r.text);
            if !said.all.contains(&clause) {
                diags.error(
                    &path,
                    pos_in_file(src, 1),
                    format!("the clause is not in `{}`: \"{}\"", src.value, r.text),
                    "copy the sentence word for word from its section, never a paraphrase",
                );
            } else if !said.public.contains(&clause) {
                diags.error(
                    &path,
                    pos_in_file(src, 1),
                    format!(
                        "the clause stands only in an internal passage of `{}`, but the responsibilities are public: \"{}\"",
                        src.value, r.text
                    ),
                    "take responsibilities from public text only",
                );
            }
        } else if !lists_holder(&text, r.holder) {
            diags.error(
                &path,
                pos_in_file(src, 1),
                format!(
                    "`{}` does not list {} responsibilities, and the clause is not marked `in_text`: \"{}\"",
                    src.value,
                    r.holder.key(),
                    r.text
                ),
                "add `in_text: true` when the sentence stands in the section, or a `{{< responsibilities >}}` line to the section",
            );
        }
    }
    for h in &site.data.responsibilities.holders {
        for p in &h.parties {
            site.check_party(&p.value, &path, pos_in_file(p, 1), diags);
        }
        if site.resolve_ref(&h.source.value).is_none() {
            diags.error(
                &path,
                pos_in_file(&h.source, 1),
                format!("source `{}` does not resolve", h.source.value),
                "write `@document#section`: the text that names the holder's parties",
            );
        }
    }
    let ppath = site.data.path_of("parties");
    for a in &site.data.parties.host_areas {
        let Some(src) = &a.source else {
            diags.warning(
                &ppath,
                pos_in_file(&a.host, 1),
                format!(
                    "host area `{}` has no `source`: party pages do not show it, nor its host's duties",
                    a.id
                ),
                "add `source: \"@document#section\"`: the text that names the host and its catchment",
            );
            continue;
        };
        if site.resolve_ref(&src.value).is_none() {
            diags.error(
                &ppath,
                pos_in_file(src, 1),
                format!("source `{}` does not resolve", src.value),
                "write `@document#section`: the text that names the host and its catchment",
            );
        }
    }
}
