//! The theme: tera templates, static files and UI strings. The default theme is embedded in
//! the binary; a site overrides any file by putting one of the same name under
//! `themes/<theme>/` (templates/, static/, strings.yaml).

use std::collections::BTreeSet;
use std::path::Path;

use crate::diag::{Diagnostics, Pos};
use crate::error::{Error, Result};
use crate::fsx;
use crate::text::format::{Strings, StringsOverride};

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default templates, compiled in.
pub const TEMPLATES: &[(&str, &str)] = embedded!(
    "base.html",
    "macros.html",
    "index.html",
    "document.html",
    "list.html",
    "parties.html",
    "party.html",
    "404.html",
    "versions.html",
    "diff.html",
    "register.html",
    "signatures.html",
    "status_table.html",
    "condition.html",
    "reports.html",
    "responsibilities.html",
    "routines.html",
    "glossary.html",
    "checklist.html",
    "economy.html",
    "accessibility.html",
);

/// The default static files, compiled in.
pub const STATIC: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../themes/default/static/style.css"),
    ),
    (
        "print.css",
        include_str!("../../themes/default/static/print.css"),
    ),
    (
        "search.js",
        include_str!("../../themes/default/static/search.js"),
    ),
];

const STRINGS: &str = include_str!("../../themes/default/strings.yaml");

/// The default theme's strings, without a site's overrides.
pub fn default_strings() -> Strings {
    serde_saphyr::from_str(STRINGS).expect("embedded strings.yaml is valid")
}

pub struct Theme {
    pub tera: tera::Tera,
    pub strings: Strings,
    /// (output path, content) of every static file.
    pub static_files: Vec<(String, Vec<u8>)>,
    /// (name, source) of every template, as given to tera.
    pub sources: Vec<(String, String)>,
}

impl Theme {
    /// The templates whose output may differ between `old` and this theme: each template
    /// added, removed or edited, and every template that uses one of them through
    /// `extends`, `include` or `import`, however indirectly.
    pub fn changed_templates(&self, old: &Theme) -> BTreeSet<String> {
        let mut changed: BTreeSet<String> = BTreeSet::new();
        for (name, src) in &self.sources {
            if old.source(name) != Some(src.as_str()) {
                changed.insert(name.clone());
            }
        }
        for (name, _) in &old.sources {
            if self.source(name).is_none() {
                changed.insert(name.clone());
            }
        }
        // Users of changed templates, until nothing more is added.
        let uses: Vec<(&str, Vec<String>)> = self
            .sources
            .iter()
            .map(|(n, s)| (n.as_str(), used_templates(s)))
            .collect();
        loop {
            let before = changed.len();
            for (name, used) in &uses {
                if used.iter().any(|u| changed.contains(u)) {
                    changed.insert(name.to_string());
                }
            }
            if changed.len() == before {
                return changed;
            }
        }
    }

    fn source(&self, name: &str) -> Option<&str> {
        self.sources
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s.as_str())
    }
}

/// The templates a template's source names in `{% extends %}`, `{% include %}` and
/// `{% import %}` tags.
pub fn used_templates(source: &str) -> Vec<String> {
    let mut used = Vec::new();
    for tag in source.split("{%").skip(1) {
        let Some((tag, _)) = tag.split_once("%}") else {
            continue;
        };
        let tag = tag.trim_matches(|c: char| c == '-' || c.is_whitespace());
        let Some(rest) = ["extends", "include", "import"]
            .iter()
            .find_map(|k| tag.strip_prefix(k))
        else {
            continue;
        };
        // Every quoted name: `include ["a.html", "b.html"]` names several.
        let mut parts = rest.split(['"', '\'']);
        parts.next();
        for (i, part) in parts.enumerate() {
            if i % 2 == 0 && !part.is_empty() {
                used.push(part.to_string());
            }
        }
    }
    used
}

/// Loads the theme named in the site settings, with the site's overrides.
pub fn load(root: &Path, theme: &str, diags: &Diagnostics) -> Result<Theme> {
    let dir = root.join("themes").join(theme);
    let mut sources: Vec<(String, String)> = TEMPLATES
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    // The theme is read under the one symlink policy of the sources ([`fsx::admit`]).
    let readable = |path: &Path| crate::content::load::readable(root, path, diags);
    let theme_dir_ok = !dir.is_dir() || fsx::admit_or_warn(root, &dir, diags);
    let tpl_dir = dir.join("templates");
    if theme_dir_ok && tpl_dir.is_dir() && fsx::admit_or_warn(root, &tpl_dir, diags) {
        for entry in read_sorted(&tpl_dir)? {
            let name = entry.file_name().unwrap().to_string_lossy().to_string();
            if !name.ends_with(".html") || !readable(&entry) {
                continue;
            }
            let text = fsx::read_to_string(&entry)?;
            match sources.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = text,
                None => sources.push((name, text)),
            }
        }
    }
    let mut tera = tera::Tera::new();
    tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        .map_err(|e| Error::Template(format!("{e}")))?;

    let mut strings = default_strings();
    let strings_path = dir.join("strings.yaml");
    if theme_dir_ok && readable(&strings_path) {
        let text = fsx::read_to_string(&strings_path)?;
        let rel = strings_path.strip_prefix(root).unwrap_or(&strings_path);
        if let Some(s) = crate::content::load::parse_yaml::<StringsOverride>(rel, &text, 1, diags) {
            check_override(rel, &text, &s, &strings, diags);
            strings.merge(s);
        }
    } else if dir.exists() && theme != "default" {
        diags.warning(
            Path::new("styrdok.yaml"),
            Pos::START,
            format!("theme `{theme}` has no strings.yaml; the default Swedish strings are used"),
            (),
        );
    }

    let mut static_files: Vec<(String, Vec<u8>)> = STATIC
        .iter()
        .map(|(n, s)| (n.to_string(), s.as_bytes().to_vec()))
        .collect();
    let static_dir = dir.join("static");
    if theme_dir_ok && static_dir.is_dir() && fsx::admit_or_warn(root, &static_dir, diags) {
        for entry in read_sorted(&static_dir)? {
            if !readable(&entry) {
                continue;
            }
            let name = entry.file_name().unwrap().to_string_lossy().to_string();
            let bytes = std::fs::read(&entry).map_err(|e| Error::io("read", &entry, e))?;
            match static_files.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = bytes,
                None => static_files.push((name, bytes)),
            }
        }
    }
    if !dir.exists() && theme != "default" {
        return Err(Error::Usage(format!(
            "theme `{theme}` not found: expected {}",
            dir.display()
        )));
    }
    Ok(Theme {
        tera,
        strings,
        static_files,
        sources,
    })
}

/// Checks a strings override against the default strings: a key they do not have is a
/// warning (it would be used nowhere: most likely a misspelling), and months are twelve.
fn check_override(
    path: &Path,
    text: &str,
    over: &StringsOverride,
    default: &Strings,
    diags: &Diagnostics,
) {
    let line_of = |key: &str| {
        text.lines()
            .position(|l| {
                let t = l.trim_start().trim_start_matches(['"', '\'']);
                t.strip_prefix(key).is_some_and(|r| {
                    r.trim_start_matches(['"', '\''])
                        .trim_start()
                        .starts_with(':')
                })
            })
            .map_or(Pos::START, |i| {
                let l = &text.lines().nth(i).unwrap_or("");
                Pos::new(i as u32 + 1, (l.len() - l.trim_start().len()) as u32 + 1)
            })
    };
    if let Some(months) = &over.months
        && months.len() != 12
    {
        diags.error(
            path,
            line_of("months"),
            format!("`months` has {} names, not 12", months.len()),
            "list all twelve month names, January first, or leave `months` out to keep the default ones",
        );
    }
    for key in over.strings.keys() {
        if default.strings.contains_key(key) {
            continue;
        }
        let hint = match crate::resolve::closest(key, default.strings.keys().map(String::as_str)) {
            Some(c) => format!("did you mean `{c}`? The keys are those of themes/default/strings.yaml"),
            None => "the keys are those of themes/default/strings.yaml; a key it does not have is used nowhere".to_string(),
        };
        diags.warning(
            path,
            line_of(key),
            format!("unknown string key `{key}`"),
            hint,
        );
    }
}

fn read_sorted(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| Error::io("read directory", dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    v.sort();
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_uses_are_read_from_extends_include_and_import() {
        let src = r#"{% extends "base.html" %}{% import 'macros.html' as m %}
            {%- include "status_table.html" -%}{{ "include" }}{% if x %}{% endif %}"#;
        assert_eq!(
            used_templates(src),
            ["base.html", "macros.html", "status_table.html"]
        );
    }

    #[test]
    fn a_changed_template_changes_every_template_that_uses_it() {
        let diags = Diagnostics::new();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let old = load(&root, "default", &diags).unwrap();
        let mut new = load(&root, "default", &diags).unwrap();
        assert!(new.changed_templates(&old).is_empty());
        let edit = |theme: &mut Theme, name: &str| {
            let slot = theme.sources.iter_mut().find(|(n, _)| n == name).unwrap();
            slot.1.push_str("<!-- edited -->");
        };
        edit(&mut new, "status_table.html");
        let changed = new.changed_templates(&old);
        assert!(changed.contains("document.html") && changed.contains("signatures.html"));
        assert!(!changed.contains("party.html") && !changed.contains("base.html"));
        edit(&mut new, "base.html");
        // All but the partials that use no other template (macros.html, condition.html,
        // reports.html); status_table.html changed itself.
        let changed = new.changed_templates(&old);
        let alone = ["macros.html", "condition.html", "reports.html"];
        assert!(alone.iter().all(|t| !changed.contains(*t)), "{changed:?}");
        assert_eq!(changed.len(), new.sources.len() - alone.len());
    }
}
