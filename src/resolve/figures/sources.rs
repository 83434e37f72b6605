//! Where each data table comes from: the document section it names (`source:`), else the
//! sections of the documents that place it with a shortcode. The economy page links them, and
//! the public site shows a table only when one of them is public.

use std::path::Path;

use crate::content::frontmatter::{At, Audience, pos_in_file};
use crate::diag::Diagnostics;
use crate::resolve::Site;

/// A document section a data table comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSource {
    /// `@doc#section` (or `@doc`), to resolve into a link.
    pub reference: String,
    /// Only staff may see the table there (an internal document, section or passage).
    pub internal: bool,
}

/// The sources of a table: the `source:` it names, else the sections of the documents (latest
/// versions) that place it with a shortcode. A table with neither is a warning: the public
/// economy page leaves out a table it cannot attribute to a public document.
pub(super) fn table_sources(
    site: &Site,
    shortcode: &str,
    id: &At<String>,
    source: Option<&At<String>>,
    path: &Path,
    diags: &Diagnostics,
) -> Vec<TableSource> {
    if let Some(src) = source {
        return match site.resolve_ref(&src.value) {
            Some(r) => vec![TableSource {
                reference: src.value.clone(),
                internal: r.internal,
            }],
            None => {
                diags.error(
                    path,
                    pos_in_file(src, 1),
                    format!("source `{}` does not resolve", src.value),
                    "write it as `@document#section`, with the id of a document and section",
                );
                Vec::new()
            }
        };
    }
    let mut found = Vec::new();
    for d in &site.documents {
        let v = d.latest();
        for sc in &v.scan.shortcodes {
            if sc.name != shortcode || sc.args.get("id") != Some(&id.value) {
                continue;
            }
            let section = v.sections.iter().rev().find(|s| s.pos.line <= sc.line);
            let reference = match section {
                Some(s) => format!("@{}#{}", d.id, s.id),
                None => format!("@{}", d.id),
            };
            let internal = d.audience == Audience::Internal
                || v.scan.is_internal_line(sc.line)
                || section.is_some_and(|s| s.internal);
            if !found.iter().any(|f: &TableSource| f.reference == reference) {
                found.push(TableSource {
                    reference,
                    internal,
                });
            }
        }
    }
    if found.is_empty() {
        diags.warning(
            path,
            pos_in_file(id, 1),
            format!("`{}` is in no document", id.value),
            format!(
                "give it a `source: \"@document#section\"` or place it with {{{{< {shortcode} id=\"{}\" >}}}}; \
                 the public economy page leaves out a table without a public source",
                id.value
            ),
        );
    }
    found
}
