//! Document ids, version names and party ids name folders of the site
//! (`dokument/<id>/<version>/`, `parter/<id>/`), so each must be a slug: lowercase letters
//! a–z, digits and single hyphens between them. Swedish letters are not allowed (they make
//! percent-encoded addresses and differ between file systems); write å and ä as a, ö as o.

use std::path::Path;

use crate::content::frontmatter::{At, pos_in_file};
use crate::diag::Diagnostics;

/// `samverkansavtal-nedre-dalarna`, `v2`, `2025-04`: `[a-z0-9]+(-[a-z0-9]+)*`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Reports `value` (a field `what` starting on file line `yaml_line`) when it is not a slug,
/// with the slug it could be. Returns whether it is one.
pub fn check(
    value: &At<String>,
    what: &str,
    path: &Path,
    yaml_line: u32,
    diags: &Diagnostics,
) -> bool {
    if is_slug(&value.value) {
        return true;
    }
    let suggestion = crate::text::slug::path_slug(&value.value);
    let example = if what == "version" {
        "`v2`"
    } else {
        "`samverkansavtal-nedre-dalarna`"
    };
    let mut hint = format!(
        "a {what} names a folder of the site: lowercase letters a–z, digits and single hyphens, like {example} (write å and ä as a, ö as o)"
    );
    if is_slug(&suggestion) {
        hint.push_str(&format!("; did you mean `{suggestion}`?"));
    }
    diags.error(
        path,
        pos_in_file(value, yaml_line),
        format!("{what} `{}` is not a slug", value.value),
        hint,
    );
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_ascii_words_joined_by_single_hyphens() {
        for ok in [
            "a",
            "v2",
            "2025-04",
            "gagnef-ks-2025-179",
            "samverkansavtal-nedre-dalarna",
        ] {
            assert!(is_slug(ok), "{ok}");
        }
        for bad in [
            "",
            "../../x",
            "slutrapport/v1",
            "a/b",
            ".",
            "..",
            "-a",
            "a-",
            "a--b",
            "A",
            "Avtal",
            "årsrapport",
            "a b",
            "a_b",
            "a.b",
            "a\\b",
            "%2e%2e",
            "a\u{0}",
            "ä",
        ] {
            assert!(!is_slug(bad), "{bad:?}");
        }
    }
}
