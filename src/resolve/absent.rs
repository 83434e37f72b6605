//! Parts a version's source lacks (front matter `absent:`): checks that each names a part
//! another version has and this one does not, so a diff can show it as missing from the
//! source instead of added or removed.

use super::{Document, Version, closest};
use crate::content::frontmatter::pos_in_file;
use crate::diag::Diagnostics;

/// What `absent:` calls the text before the first heading.
pub const INTRO: &str = "inledning";

/// Whether a version has text before its first heading (internal passages count: staff see it).
pub fn has_intro(v: &Version) -> bool {
    let first_heading = v
        .sections
        .first()
        .map(|s| s.pos.line.saturating_sub(v.body_line) as usize)
        .unwrap_or(usize::MAX);
    v.body.unpack().lines().take(first_heading).any(|l| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with(":::")
    })
}

fn has_part(v: &Version, part: &str) -> bool {
    if part == INTRO {
        has_intro(v)
    } else {
        v.section(part).is_some()
    }
}

/// Reports every `absent:` entry that names a part this version has, or one no other version
/// of the document has.
pub fn check(documents: &[Document], diags: &Diagnostics) {
    for doc in documents {
        for (vi, v) in doc.versions.iter().enumerate() {
            for part in &v.fm.absent {
                let pos = pos_in_file(part, v.yaml_line);
                let name = part.value.as_str();
                if has_part(v, name) {
                    diags.error(
                        &v.path,
                        pos,
                        format!("`absent: {name}` but this version has that part"),
                        "list under `absent:` only what the source of this version lacks",
                    );
                    continue;
                }
                let others = doc
                    .versions
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != vi)
                    .map(|(_, o)| o);
                if others.clone().any(|o| has_part(o, name)) {
                    continue;
                }
                let ids = others
                    .flat_map(|o| o.sections.iter().map(|s| s.id.as_str()))
                    .chain(std::iter::once(INTRO));
                let hint = match closest(name, ids) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => format!(
                        "name a section id another version of `{}` has, or `{INTRO}` for the text before the first heading",
                        doc.id
                    ),
                };
                diags.error(
                    &v.path,
                    pos,
                    format!("`absent: {name}`: no other version of `{}` has it", doc.id),
                    hint,
                );
            }
        }
    }
}
