//! Which source makes each page of the site, so that two sources that would write the same
//! output path are an error naming both ([`check`]), found before anything is rendered.
//!
//! [`sources`] lists every path the renderer writes, with what makes it: documents, their
//! versions, history and diff pages; parties; the kind listings; the theme's static files;
//! and styrdok's fixed pages. A test renders a fixture and checks that every page it writes is
//! in the list, so the list cannot fall behind the renderer.

use std::collections::HashMap;
use std::path::PathBuf;

use super::agreements::{diff_href, diff_pairs, history_href};
use super::templates::Theme;
use crate::content::frontmatter::{Kind, pos_in_file};
use crate::diag::{Diagnostics, Pos};
use crate::resolve::{Document, Site, id_pos};
use crate::text::slug::path_slug;

/// What makes one page: a file (and position in it) and a few words for a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub file: PathBuf,
    pub pos: Pos,
    pub what: String,
}

/// The pages styrdok makes whatever the content, relative to the output folder.
pub const FIXED_PAGES: &[(&str, &str)] = &[
    ("index.html", "the front page"),
    ("404.html", "the 404 page"),
    ("atom.xml", "the Atom feed"),
    ("sitemap.xml", "the sitemap"),
    ("beslutsregister/index.html", "the decisions register"),
    ("underskrifter/index.html", "the signatures page"),
    ("parter/index.html", "the parties page"),
    ("ansvar/index.html", "the responsibilities page"),
    ("rutiner/index.html", "the routines page"),
    ("ordlista/index.html", "the glossary"),
    ("genomforande/index.html", "the checklist page"),
    ("ekonomi/index.html", "the economy page"),
    ("tillganglighet/index.html", "the accessibility statement"),
    ("data/index.json", "the catalogue of the open data"),
    ("data/beslut.csv", "the decisions register as open data"),
    ("data/beslut.json", "the decisions register as open data"),
    (
        "data/underskrifter.csv",
        "the signature stages as open data",
    ),
    (
        "data/underskrifter.json",
        "the signature stages as open data",
    ),
    ("data/versioner.csv", "the document versions as open data"),
    ("data/versioner.json", "the document versions as open data"),
    (
        "data/kostnadsfordelning.csv",
        "the cost allocation as open data",
    ),
    (
        "data/kostnadsfordelning.json",
        "the cost allocation as open data",
    ),
    ("data/ansvar.csv", "the responsibilities as open data"),
    ("data/ansvar.json", "the responsibilities as open data"),
];

/// Every output path of the site (both audiences) with the sources that make it, in the
/// order: fixed pages, theme files, listings, parties, documents.
pub fn sources(site: &Site, theme: &Theme) -> Vec<(String, Source)> {
    let mut out = site_sources(site, theme);
    for d in &site.documents {
        out.extend(document_sources(d));
    }
    out
}

/// The output paths of [`sources`] that are not one document's: fixed pages, theme files,
/// listings, parties.
pub fn site_sources(site: &Site, theme: &Theme) -> Vec<(String, Source)> {
    let config = PathBuf::from(crate::content::load::CONFIG_FILE);
    let fixed = |what: &str| Source {
        file: config.clone(),
        pos: Pos::START,
        what: what.to_string(),
    };
    let mut out: Vec<(String, Source)> = FIXED_PAGES
        .iter()
        .map(|(p, what)| (p.to_string(), fixed(what)))
        .collect();
    for (name, _) in &theme.static_files {
        let file = PathBuf::from("themes")
            .join(&site.config.theme)
            .join("static")
            .join(name);
        out.push((
            name.clone(),
            Source {
                file,
                pos: Pos::START,
                what: "a static file of the theme".into(),
            },
        ));
    }
    for &kind in Kind::ALL {
        if site.documents.iter().any(|d| d.kind == kind) {
            let key = format!("kinds.{}", kind.key());
            let name = theme.strings.get(&key);
            out.push((
                format!("typ/{}/index.html", path_slug(name)),
                Source {
                    file: PathBuf::from("themes")
                        .join(&site.config.theme)
                        .join("strings.yaml"),
                    pos: Pos::START,
                    what: format!("the list of kind `{}` (\"{name}\")", kind.key()),
                },
            ));
        }
    }
    let parties = site.data.path_of("parties");
    for p in &site.parties {
        out.push((
            format!("parter/{}/index.html", p.id.value),
            Source {
                file: parties.clone(),
                pos: pos_in_file(&p.id, 1),
                what: format!("the page of party `{}`", p.id.value),
            },
        ));
        out.push((
            super::topic_feeds::party_feed_path(&p.id.value),
            Source {
                file: parties.clone(),
                pos: pos_in_file(&p.id, 1),
                what: format!("the feed of party `{}`", p.id.value),
            },
        ));
    }
    out
}

/// The output paths of one document, with the sources that make them: they read the
/// document and nothing else.
pub fn document_sources(d: &Document) -> Vec<(String, Source)> {
    let mut out = Vec::new();
    let latest = d.latest();
    let of_latest = |what: String| Source {
        file: latest.path.clone(),
        pos: id_pos(latest),
        what,
    };
    out.push((
        format!("{}index.html", d.href(None)),
        of_latest(format!("document `{}`", d.id)),
    ));
    out.push((
        super::topic_feeds::document_feed_path(d),
        of_latest(format!("the feed of document `{}`", d.id)),
    ));
    if !d.is_versioned() {
        return out;
    }
    let of_version = |vi: usize, what: String| {
        let v = &d.versions[vi];
        Source {
            file: v.path.clone(),
            pos: v
                .fm
                .version
                .as_ref()
                .map_or_else(|| id_pos(v), |n| pos_in_file(n, v.yaml_line)),
            what,
        }
    };
    for (vi, v) in d.versions.iter().enumerate() {
        let name = v.name.as_deref().unwrap_or("");
        out.push((
            format!("{}index.html", d.href(Some(name))),
            of_version(vi, format!("version `{name}` of `{}`", d.id)),
        ));
    }
    out.push((
        format!("{}index.html", history_href(d)),
        of_latest(format!("the version history of `{}`", d.id)),
    ));
    for (a, b) in diff_pairs(d) {
        let from = d.versions[a].name.as_deref().unwrap_or("");
        let to = d.versions[b].name.as_deref().unwrap_or("");
        for only_changed in [false, true] {
            out.push((
                format!("{}index.html", diff_href(d, from, to, only_changed)),
                of_version(b, format!("the comparison of `{}` {from} with {to}", d.id)),
            ));
        }
    }
    out
}

/// An error for each output path that two sources would write, at the later source and
/// naming the earlier one.
pub fn check(site: &Site, theme: &Theme, diags: &Diagnostics) {
    check_sources(sources(site, theme).iter(), diags);
}

/// [`check`] on the output paths listed ([`sources`], in its order).
pub fn check_sources<'a>(sources: impl Iterator<Item = &'a (String, Source)>, diags: &Diagnostics) {
    let mut first: HashMap<&str, &Source> = HashMap::new();
    for (path, source) in sources {
        match first.get(path.as_str()) {
            // A theme file of the same name replaces the built-in one: not a clash.
            Some(earlier) if *earlier == source => {}
            Some(earlier) => diags.error(
                &source.file,
                source.pos,
                format!(
                    "{} would be written to `{path}`, where {} ({}) is written too",
                    source.what,
                    earlier.what,
                    earlier.file.display()
                ),
                "every page needs its own path: rename the id, version or file so the two differ",
            ),
            None => {
                first.insert(path, source);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;
    use crate::content::frontmatter::Audience;

    #[test]
    fn every_page_the_renderer_writes_has_a_listed_source() {
        // The bundled site has every kind of page: versions, comparisons, parties, lookups.
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let diags = Diagnostics::new();
        let loaded = crate::content::load::load(root, &diags).unwrap();
        let site = crate::resolve::resolve(loaded, &diags);
        let theme = crate::render::templates::load(root, &site.config.theme, &diags).unwrap();
        check(&site, &theme, &diags);
        assert!(!diags.has_errors(), "{:?}", diags.into_sorted());
        let listed: BTreeSet<String> = sources(&site, &theme).into_iter().map(|(p, _)| p).collect();
        let mut kinds_of_pages = BTreeSet::new();
        for audience in [Audience::Public, Audience::Internal] {
            for page in crate::render::render_site(&site, &theme, audience).unwrap() {
                assert!(
                    listed.contains(&page.path),
                    "{} has no listed source",
                    page.path
                );
                kinds_of_pages.insert(page.path.split('/').next().unwrap().to_string());
            }
        }
        for dir in ["dokument", "parter", "typ", "index.html", "style.css"] {
            assert!(kinds_of_pages.contains(dir), "no page under {dir}");
        }
        assert!(listed.iter().any(|p| p.contains("/jamfor/")));
    }

    #[test]
    fn a_clash_that_reaches_the_renderer_is_an_error_not_an_overwrite() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let diags = Diagnostics::new();
        let loaded = crate::content::load::load(&root, &diags).unwrap();
        let site = crate::resolve::resolve(loaded, &diags);
        let mut theme = crate::render::templates::load(&root, "default", &diags).unwrap();
        theme
            .static_files
            .push(("index.html".into(), b"fiktiv".to_vec()));
        check(&site, &theme, &diags);
        assert!(diags.has_errors(), "check finds the clash");
        // Were `check` skipped, the renderer refuses rather than write one page over another.
        let err = crate::render::render_site(&site, &theme, Audience::Public)
            .map(|pages| pages.len())
            .expect_err("a clash is an error");
        assert!(err.to_string().contains("`index.html`"), "{err}");
    }
}
