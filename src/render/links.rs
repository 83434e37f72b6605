//! Links by address in document texts (`[x](../avtal/)`, `[x](/parter/)`, `…#punkt-3`),
//! checked at build time against the pages styrdok writes ([`super::outputs::sources`]).
//!
//! - A root link (`/dokument/avtal/`) is relative to the site root; the renderer writes it
//!   relative to the page, so it works wherever the site is published.
//! - A relative link is relative to the page the text is shown on. The latest version of a
//!   versioned document is shown on `dokument/<id>/` and on `dokument/<id>/<vN>/`, so a
//!   relative link must lead to a page from each: otherwise it is an error with the root form
//!   as the hint.
//! - A fragment is checked on document pages, whose ids styrdok knows: the version's section
//!   ids, its footnotes, its notes on documents that are not on the site, and the ids the
//!   theme's document template writes. On other pages any fragment is accepted.
//! - Links with a scheme (`https:`, `mailto:` …) and `//host` links are left alone.

use std::collections::{HashMap, HashSet};

use super::outputs::sources;
use super::templates::{Theme, used_templates};
use crate::content::frontmatter::Audience;
use crate::diag::Diagnostics;
use crate::resolve::refs::PlainLink;
use crate::resolve::{Site, Version, closest};

/// Whether `dest` leaves the site: it has a scheme (`https:`, `mailto:`) or a host (`//x`).
/// Read as a browser does (tabs and newlines anywhere and leading spaces ignored), and after
/// `%XX` decoding: an address that reads as a scheme is left to the sanitizer, which removes
/// the schemes it does not allow.
pub fn is_external(dest: &str) -> bool {
    let browser = |s: &str| -> String {
        s.trim_start_matches(|c: char| c <= ' ')
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect()
    };
    has_scheme(&browser(dest)) || has_scheme(&browser(&percent_decode(dest)))
}

fn has_scheme(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    let end = dest.find(['/', '?', '#']).unwrap_or(dest.len());
    match dest[..end].split_once(':') {
        Some((scheme, _)) => {
            let mut chars = scheme.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// The ids the theme's document template (and every template it uses) writes: exact ids,
/// and prefixes of ids made from a value (`beslutspunkt-{{ loop.index }}`). `None` when an
/// id is wholly computed, so any id may be on the page.
struct TemplateIds {
    exact: HashSet<String>,
    prefixes: Vec<String>,
}

fn template_ids(theme: &Theme, template: &str) -> Option<TemplateIds> {
    let mut ids = TemplateIds {
        exact: HashSet::new(),
        prefixes: Vec::new(),
    };
    let mut todo = vec![template.to_string()];
    let mut seen = HashSet::new();
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some((_, src)) = theme.sources.iter().find(|(n, _)| *n == name) else {
            continue;
        };
        todo.extend(used_templates(src));
        for rest in src.split(" id=\"").skip(1) {
            let value = rest.split('"').next().unwrap_or("");
            match value.find(['{', '}']) {
                None => {
                    ids.exact.insert(value.to_string());
                }
                Some(0) => return None,
                Some(i) => ids.prefixes.push(value[..i].to_string()),
            }
        }
    }
    Some(ids)
}

/// A page a link can lead to: a document version's page, or any other page styrdok writes.
#[derive(Clone, Copy)]
enum PageKind {
    Document { doc: usize, version: usize },
    Other,
}

struct Pages<'a> {
    site: &'a Site,
    /// Every output path (`dokument/a/index.html`, `style.css`).
    pages: HashMap<String, PageKind>,
    template: Option<TemplateIds>,
}

impl Pages<'_> {
    /// The output path a site-relative path names, when styrdok writes it: `a/b/` and `a/b`
    /// are `a/b/index.html`.
    fn find(&self, path: &str) -> Option<(String, PageKind)> {
        let candidates = if path.is_empty() {
            vec!["index.html".to_string()]
        } else if path.ends_with('/') {
            vec![format!("{path}index.html")]
        } else {
            vec![path.to_string(), format!("{path}/index.html")]
        };
        candidates
            .into_iter()
            .find_map(|c| self.pages.get(&c).map(|&k| (c, k)))
    }

    /// The closest page to `path`, as a root link.
    fn closest_page(&self, path: &str) -> Option<String> {
        let wanted = path.trim_end_matches('/');
        let dirs = self.pages.keys().map(|p| {
            p.strip_suffix("index.html")
                .map_or(p.as_str(), |d| d.trim_end_matches('/'))
        });
        closest(wanted, dirs).map(|d| {
            if self.pages.contains_key(d) {
                format!("/{d}")
            } else if d.is_empty() {
                "/".into()
            } else {
                format!("/{d}/")
            }
        })
    }

    /// Whether `id` is on the page of `version`, as the audience of `from_public` sees it:
    /// `Ok` when it is (or may be), else the closest section id.
    fn has_id(&self, v: &Version, id: &str, public: bool) -> Result<(), Option<String>> {
        if let Some(s) = v.section(id) {
            return if public && s.internal {
                Err(None)
            } else {
                Ok(())
            };
        }
        if v.footnotes.iter().any(|f| f == id) {
            return Ok(());
        }
        let external = v.external.values().any(|e| {
            let doc = &self.site.data.external_documents.documents[e.index];
            id == super::external::anchor(doc) || id == super::external::NOTES_ID
        });
        if external {
            return Ok(());
        }
        match &self.template {
            None => return Ok(()),
            Some(t) if t.exact.contains(id) || t.prefixes.iter().any(|p| id.starts_with(p)) => {
                return Ok(());
            }
            Some(_) => {}
        }
        Err(closest(id, v.sections.iter().map(|s| s.id.as_str())).map(str::to_string))
    }
}

/// Splits a destination into its path and fragment, without the query.
fn split(dest: &str) -> (&str, Option<&str>) {
    let (before, fragment) = match dest.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (dest, None),
    };
    let path = before.split_once('?').map_or(before, |(p, _)| p);
    (path, fragment)
}

/// Decodes `%XX` escapes (a link may write `%C3%A5` for `å`).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(h) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(h, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The site-relative path `path` names from the page `page` (`dokument/a/index.html`), or
/// `None` when it climbs above the site root.
fn join(page: &str, path: &str) -> Option<String> {
    let mut segments: Vec<&str> = Vec::new();
    let rest = match path.strip_prefix('/') {
        Some(rest) => rest,
        None => {
            segments.extend(page.split('/'));
            segments.pop(); // the page's own file name
            path
        }
    };
    let mut dir = rest.is_empty();
    for seg in rest.split('/') {
        dir = true;
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            s => {
                segments.push(s);
                dir = false;
            }
        }
    }
    let mut out = segments.join("/");
    if dir && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// The pages a version's text is shown on: its own page, and the document's page for the
/// latest version of a versioned document.
fn pages_of(site: &Site, di: usize, vi: usize) -> Vec<String> {
    let d = &site.documents[di];
    let v = &d.versions[vi];
    let mut out = Vec::new();
    if d.is_versioned() {
        out.push(format!("{}index.html", d.href(v.name.as_deref())));
    }
    if vi == d.versions.len() - 1 {
        out.push(format!("{}index.html", d.href(None)));
    }
    out
}

/// An error for every link by address in a document's text that leads to no page styrdok
/// writes, or to an id that is not on its page.
pub fn check(site: &Site, theme: &Theme, diags: &Diagnostics) {
    check_with(
        site,
        theme,
        || sources(site, theme).into_iter().map(|(p, _)| p).collect(),
        diags,
    );
}

/// [`check`], given what lists the paths of the pages styrdok writes
/// ([`super::outputs::sources`]): called only when some text has a link by address.
pub fn check_with(
    site: &Site,
    theme: &Theme,
    paths: impl FnOnce() -> Vec<String>,
    diags: &Diagnostics,
) {
    let linked = site
        .documents
        .iter()
        .any(|d| d.versions.iter().any(|v| !v.plain_links.is_empty()));
    if !linked {
        return;
    }
    let mut pages: HashMap<String, PageKind> =
        paths().into_iter().map(|p| (p, PageKind::Other)).collect();
    for (di, d) in site.documents.iter().enumerate() {
        for vi in 0..d.versions.len() {
            for p in pages_of(site, di, vi) {
                pages.insert(
                    p,
                    PageKind::Document {
                        doc: di,
                        version: vi,
                    },
                );
            }
        }
    }
    // The page of a party left out for an error in its entry would be there but for that
    // error: a link to it is no second mistake.
    for id in diags.left_out_ids(crate::diag::LeftOut::Party) {
        pages.insert(format!("parter/{id}/index.html"), PageKind::Other);
    }
    let pages = Pages {
        site,
        pages,
        template: template_ids(theme, "document.html"),
    };
    // Likewise the pages of a document whose file did not load.
    let left_docs = diags.left_out_ids(crate::diag::LeftOut::Document);
    let to_left_doc = |dest: &str| {
        let (path, _) = split(dest.trim());
        left_docs.iter().any(|id| {
            let page = format!("dokument/{id}/");
            path.contains(&page) || path.ends_with(page.trim_end_matches('/'))
        })
    };
    for (di, d) in site.documents.iter().enumerate() {
        for (vi, v) in d.versions.iter().enumerate() {
            let shown_on = pages_of(site, di, vi);
            for link in &v.plain_links {
                let public = d.audience == Audience::Public && !link.internal;
                if let Some((message, hint)) = check_link(&pages, &shown_on, link, public)
                    && !to_left_doc(&link.dest)
                {
                    diags.error(&v.path, link.pos, message, hint);
                }
            }
        }
    }
}

/// What is wrong with one link, as (message, hint).
fn check_link(
    pages: &Pages,
    shown_on: &[String],
    link: &PlainLink,
    public: bool,
) -> Option<(String, String)> {
    let dest = link.dest.trim();
    if dest.is_empty() || is_external(dest) {
        return None;
    }
    let what = if link.image { "image" } else { "link" };
    let (path, fragment) = split(dest);
    let path = percent_decode(path);
    let by_id = "refer to a document by id: `@id`, `@id#section`";
    for page in shown_on {
        let shown = page.strip_suffix("index.html").unwrap_or(page);
        let Some(target) = join(page, &path) else {
            return Some((
                format!("{what} `{dest}` climbs above the site root from `{shown}`"),
                format!("write it from the site root (`/dokument/…/`), or {by_id}"),
            ));
        };
        let Some((found, kind)) = pages.find(&target) else {
            // From another page the text is shown on, the link may work: say so.
            let works_elsewhere = shown_on.iter().find_map(|other| {
                let t = join(other, &path)?;
                pages.find(&t).map(|(p, _)| p)
            });
            let hint = match works_elsewhere {
                Some(p) if !path.starts_with('/') => format!(
                    "the text is shown on {}; a relative link must work from each: write it from the site root (`/{}`), or {by_id}",
                    shown_on
                        .iter()
                        .map(|s| format!("`{}`", s.strip_suffix("index.html").unwrap_or(s)))
                        .collect::<Vec<_>>()
                        .join(" and "),
                    p.strip_suffix("index.html").unwrap_or(&p)
                ),
                _ => match pages.closest_page(&target) {
                    Some(c) => format!("did you mean `{c}`? Or {by_id}"),
                    None => format!("link to a page of the site, or {by_id}"),
                },
            };
            let from = if path.starts_with('/') {
                String::new()
            } else {
                format!(" from `{shown}`")
            };
            return Some((
                format!(
                    "{what} `{dest}` leads to `/{target}`{from}, a page the site does not have"
                ),
                hint,
            ));
        };
        let PageKind::Document { doc, version } = kind else {
            continue;
        };
        let d = &pages.site.documents[doc];
        if public && d.audience == Audience::Internal {
            return Some((
                format!("public text links to the page of internal document `{}`", d.id),
                "the public site may not show or link to it: move the link into a `::: intern` passage, or make the target public".into(),
            ));
        }
        let Some(id) = fragment.filter(|f| !f.is_empty()) else {
            continue;
        };
        let id = percent_decode(id);
        let v = &d.versions[version];
        if let Err(close) = pages.has_id(v, &id, public) {
            let shown_target = found.strip_suffix("index.html").unwrap_or(&found);
            if v.section(&id).is_some() {
                return Some((
                    format!("public text links to internal section `#{id}` of `{}`", d.id),
                    "the public site may not show or link to it: move the link into a `::: intern` passage, or make the section public".into(),
                ));
            }
            let hint = match close {
                Some(c) => format!("did you mean `#{c}`? Or link by id: `@{}#{c}`", d.id),
                None => format!(
                    "link to a section by id: `@{}#section`; the section ids are the {{#id}} of a heading, or its text as a slug",
                    d.id
                ),
            };
            return Some((
                format!(
                    "{what} `{dest}` leads to `#{id}`, which is not an id on `/{shown_target}`"
                ),
                hint,
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_addresses_are_recognised() {
        for d in [
            "https://a.se/x",
            "mailto:a@b.se",
            "tel:+4623",
            "//cdn.se/x",
            "jav\tascript:x",
            "%20javascript:x",
        ] {
            assert!(is_external(d), "{d}");
        }
        for d in [
            "../avtal/",
            "/dokument/x/",
            "bilaga.pdf",
            "./x#y:z",
            "x/a:b",
        ] {
            assert!(!is_external(d), "{d}");
        }
    }

    #[test]
    fn relative_paths_join_from_the_page() {
        let page = "dokument/a/index.html";
        assert_eq!(join(page, "../b/").as_deref(), Some("dokument/b/"));
        assert_eq!(join(page, "../../").as_deref(), Some(""));
        assert_eq!(join(page, "/parter/").as_deref(), Some("parter/"));
        assert_eq!(join(page, "").as_deref(), Some("dokument/a/"));
        assert_eq!(join(page, "x.pdf").as_deref(), Some("dokument/a/x.pdf"));
        assert_eq!(join(page, "../..").as_deref(), Some(""));
        assert_eq!(join(page, "../../../x/"), None);
    }

    #[test]
    fn a_destination_splits_into_path_and_fragment() {
        assert_eq!(split("../a/?q=1#s"), ("../a/", Some("s")));
        assert_eq!(split("x"), ("x", None));
        assert_eq!(percent_decode("%C3%A5r"), "år");
    }
}
