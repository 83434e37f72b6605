//! Documents that are not on the site (`data/externa-dokument.yaml`): their index, the checks
//! on each entry, and on each reference to one. A reference keeps the text's own words
//! (`[punkt 13](@id)`); it can name the document but never a section or version of it, since
//! the site does not hold its text.

use std::collections::HashMap;
use std::path::Path;

use super::{Site, refs::LinkUse, resolve_target};
use crate::content::data::{ExternalDocument, ExternalDocumentFile};
use crate::content::date::Date;
use crate::content::frontmatter::{Audience, pos_in_file};
use crate::diag::Diagnostics;

/// Entry index by id; of two entries with one id the first counts ([`check`] reports it).
pub fn index(file: &ExternalDocumentFile) -> HashMap<String, usize> {
    let mut ix = HashMap::new();
    for (i, e) in file.documents.iter().enumerate() {
        ix.entry(e.id.value.clone()).or_insert(i);
    }
    ix
}

/// Checks one link to a document that is not on the site; `false` when it cannot stand.
pub fn check_link(
    e: &ExternalDocument,
    link: &LinkUse,
    from_public: bool,
    path: &Path,
    diags: &Diagnostics,
) -> bool {
    let id = &e.id.value;
    if from_public && e.audience == Audience::Internal {
        diags.error(
            path,
            link.pos,
            format!("public text refers to `{id}`, an internal document not on the site"),
            "the public site may not name it: move the reference into a `::: intern` passage, or make the entry public",
        );
        return false;
    }
    if link.target.version.is_some() || link.target.section.is_some() {
        diags.error(
            path,
            link.pos,
            format!(
                "`{}` points into `{id}`, a document that is not on the site",
                link.dest
            ),
            format!(
                "the site does not hold its text, so it has no versions or sections to link to: write `@{id}` and keep the section number in the link text"
            ),
        );
        return false;
    }
    if link.text.trim().is_empty() && e.title.is_none() {
        diags.error(
            path,
            link.pos,
            format!("empty link text for `{id}`, which has no title"),
            "write the words the text uses as the link text, e.g. `[punkt 13](@…)`",
        );
        return false;
    }
    true
}

/// Checks every entry: unique ids that no document on the site has, dates, parties, where it
/// is named; and warns about an entry no document refers to.
pub fn check(site: &Site, diags: &Diagnostics) {
    let path = site.data.path_of("external_documents");
    let entries = &site.data.external_documents.documents;
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let referred: std::collections::HashSet<usize> = site
        .documents
        .iter()
        .flat_map(|d| &d.versions)
        .flat_map(|v| v.external.values().map(|r| r.index))
        .collect();
    for (i, e) in entries.iter().enumerate() {
        let id = e.id.value.as_str();
        let id_pos = pos_in_file(&e.id, 1);
        if seen.insert(id, i).is_some() {
            diags.error(
                &path,
                id_pos,
                format!("duplicate external document id `{id}`"),
                "every entry needs its own id",
            );
            continue;
        }
        if let Some(d) = site.doc(id) {
            diags.error(
                &path,
                id_pos,
                format!(
                    "`{id}` is on the site ({}) and listed as not on it",
                    d.latest().path.display()
                ),
                "remove the entry: references to `@id` now lead to the document",
            );
            continue;
        }
        if id.is_empty() || id.contains(['/', '#', '@']) || id.contains(char::is_whitespace) {
            diags.error(
                &path,
                id_pos,
                format!("`{id}` cannot be referred to as `@{id}`"),
                "use letters, digits and hyphens",
            );
        }
        if e.title.is_none() && e.note.is_none() {
            diags.error(
                &path,
                id_pos,
                format!("external document `{id}` has neither a title nor a note"),
                "give the title the documents use, or a `note:` saying why the text names no document",
            );
        }
        if let Some(date) = &e.date
            && Date::parse(&date.value).is_none()
        {
            diags.error(
                &path,
                pos_in_file(date, 1),
                format!("`{}` is not a date", date.value),
                "write dates as YYYY-MM-DD; leave the field out when unknown",
            );
        }
        for p in &e.parties {
            site.check_party(&p.value, &path, pos_in_file(p, 1), diags);
        }
        for r in &e.named_in {
            let pos = pos_in_file(r, 1);
            let Some(target) = super::refs::parse(&r.value).filter(|t| t.doc.is_some()) else {
                diags.error(
                    &path,
                    pos,
                    format!(
                        "`named_in` must be a reference like `@document-id`, not `{}`",
                        r.value
                    ),
                    "write `@id`, `@id/v2` or `@id#section`, in quotes",
                );
                continue;
            };
            if let Err((message, hint)) =
                resolve_target(&site.documents, &site.by_id, &target, None)
                && !target
                    .doc
                    .as_deref()
                    .is_some_and(|id| diags.is_left_out(crate::diag::LeftOut::Document, id))
            {
                diags.error(&path, pos, message, hint);
            }
        }
        if !referred.contains(&i) {
            diags.warning(
                &path,
                id_pos,
                format!("no document refers to external document `{id}`"),
                format!("refer to it in a text as `[its words](@{id})`, or remove the entry"),
            );
        }
    }
}
