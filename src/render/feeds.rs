//! Feeds for the public site: an Atom feed of documents, versions and decisions, and
//! `sitemap.xml`. Both need absolute addresses, so they use `base_url` from `styrdok.yaml`;
//! without it the feed links relative to itself and no sitemap is written (`check` warns).

use std::fmt::Write;

use super::Page;
use crate::content::date::Date;
use crate::content::frontmatter::{Audience, DecisionType};
use crate::error::Result;
use crate::resolve::Site;
use crate::text::format::Strings;

/// XML escaping for text and attribute values.
pub fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn rfc3339(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

pub(super) struct Entry {
    pub id: String,
    pub title: String,
    pub href: String,
    pub updated: Date,
    pub summary: String,
}

/// What changed in version `vi` of document `di`: its kind and status, and against the
/// version before it, the diff's counts and the changed sections' titles.
pub(super) fn version_summary(
    site: &Site,
    t: &Strings,
    di: usize,
    vi: usize,
    kind: &str,
) -> String {
    let d = &site.documents[di];
    let v = &d.versions[vi];
    let mut summary = kind.to_string();
    if let Some(s) = crate::agreements::shown::shown(site, di, vi, Audience::Public) {
        write!(summary, ", {}", t.get(&format!("status.{s}"))).unwrap();
    }
    if d.is_versioned() && vi > 0 {
        let old = &d.versions[vi - 1];
        let dd = crate::diff::diff_with(
            &crate::diff::sections_of(old, Audience::Public),
            &crate::diff::sections_of(v, Audience::Public),
            crate::diff::Absent {
                old: &crate::diff::absent_of(old),
                new: &crate::diff::absent_of(v),
            },
        );
        write!(
            summary,
            ". {} {}: {}",
            t.get("feed_compared_with"),
            old.name.as_deref().unwrap_or(""),
            crate::diff::format::plain_summary(&dd, t)
        )
        .unwrap();
    }
    summary
}

fn entries(site: &Site, t: &Strings, base: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    for (di, d) in site
        .documents
        .iter()
        .enumerate()
        .filter(|(_, d)| d.audience == Audience::Public)
    {
        for (vi, v) in d.versions.iter().enumerate() {
            let dir = d.href(v.name.as_deref());
            // The entry's id stays the folder address whatever `links:` says, so a change of
            // the setting does not announce every entry again.
            let id = format!("{base}{dir}");
            let href = format!("{base}{}", super::hrefs::href(site.config.links, &dir));
            // A proposal is never announced as a decision.
            let type_key =
                v.fm.decision
                    .as_ref()
                    .and_then(|m| m.decision_type)
                    .map(|ty| match ty {
                        DecisionType::Proposal => "decision_type.proposal",
                        DecisionType::Decision => "decision_type.decision",
                    });
            let kind = match type_key {
                Some(k) => t.get(k).to_string(),
                None => t.get(&format!("kind.{}", d.kind.key())).to_string(),
            };
            if let Some(date) = v.known_date() {
                let title = match &v.name {
                    Some(n) if d.is_versioned() => format!("{} ({n})", v.fm.title),
                    _ => v.fm.title.clone(),
                };
                let summary = version_summary(site, t, di, vi, &kind);
                out.push(Entry {
                    id: id.clone(),
                    title,
                    href: href.clone(),
                    updated: date,
                    summary,
                });
            }
            if let Some(dm) = &v.fm.decision
                && let Some(date) = dm.meeting_date.as_ref().and_then(|m| Date::parse(&m.value))
                && v.known_date() != Some(date)
            {
                out.push(Entry {
                    id: format!("{id}#beslut"),
                    title: format!("{} {}: {}", dm.organ.value, dm.paragraph, v.fm.title),
                    href: href.clone(),
                    updated: date,
                    summary: type_key
                        .map_or_else(|| t.get("decision"), |k| t.get(k))
                        .to_string(),
                });
            }
        }
    }
    out.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.title.cmp(&b.title)));
    out.truncate(100);
    out
}

/// `atom.xml` and, with a base URL, `sitemap.xml`, for the public site.
pub fn feeds(site: &Site, t: &Strings) -> Result<Vec<Page>> {
    let base = site
        .config
        .base_url
        .as_deref()
        .map(|b| format!("{}/", b.trim_end_matches('/')));
    let link_base = base.clone().unwrap_or_default();
    let list = entries(site, t, &link_base);
    let atom = atom(site, t, &site.config.title, "atom.xml", "", &list);
    Ok(vec![Page {
        path: "atom.xml".into(),
        bytes: atom.into_bytes(),
    }])
}

/// An Atom document titled `title`, at `self_path`, about the page at `alternate` (both
/// relative to the site root), with `list` (newest first, at most 100).
pub(super) fn atom(
    site: &Site,
    t: &Strings,
    title: &str,
    self_path: &str,
    alternate: &str,
    list: &[Entry],
) -> String {
    let base = site
        .config
        .base_url
        .as_deref()
        .map(|b| format!("{}/", b.trim_end_matches('/')));
    let link_base = base.clone().unwrap_or_default();
    let updated = list.iter().map(|e| e.updated).max().unwrap_or(Date {
        year: 1970,
        month: 1,
        day: 1,
    });
    let feed_id = match &base {
        Some(b) if alternate.is_empty() => b.clone(),
        Some(b) => format!("{b}{self_path}"),
        None => format!(
            "urn:styrdok:{}{}",
            crate::text::slug::path_slug(&site.config.title),
            if alternate.is_empty() {
                String::new()
            } else {
                format!(":{self_path}")
            }
        ),
    };
    // Links relative to the feed itself when there is no base URL.
    let up = if base.is_some() {
        String::new()
    } else {
        super::root_prefix(self_path)
    };
    let link_base = if base.is_some() {
        link_base
    } else {
        up.clone()
    };
    let mut atom = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"",
    );
    write!(
        atom,
        "{}\">\n  <title>{}</title>\n  <id>{}</id>\n  <updated>{}</updated>\n",
        xml(&t.lang),
        xml(title),
        xml(&feed_id),
        rfc3339(updated)
    )
    .unwrap();
    let alt = format!("{link_base}{alternate}");
    write!(atom, "  <link rel=\"self\" href=\"{}{self_path}\"/>\n  <link href=\"{}\"/>\n  <author><name>{}</name></author>\n", xml(&link_base), xml(if alt.is_empty() { "./" } else { &alt }), xml(&site.config.title)).unwrap();
    for e in list {
        let id = if base.is_some() {
            e.id.clone()
        } else {
            format!("{feed_id}:{}", e.id)
        };
        write!(
            atom,
            "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link href=\"{}\"/>\n    <updated>{}</updated>\n    <summary>{}</summary>\n  </entry>\n",
            xml(&e.title),
            xml(&id),
            xml(&format!("{up}{}", e.href)),
            rfc3339(e.updated),
            xml(&e.summary)
        )
        .unwrap();
    }
    atom.push_str("</feed>\n");
    atom
}

/// `sitemap.xml` over the public site's HTML pages (all but the 404 page).
pub fn sitemap<'p>(
    base_url: &str,
    links: crate::content::LinkStyle,
    paths: impl Iterator<Item = &'p str>,
) -> Page {
    let base = format!("{}/", base_url.trim_end_matches('/'));
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut paths: Vec<&str> = paths
        .filter(|p| p.ends_with(".html") && *p != "404.html")
        .collect();
    paths.sort_unstable();
    for p in paths {
        // Pages are listed at the address the site's own links use (`links:`).
        let loc = match links {
            crate::content::LinkStyle::IndexHtml => p,
            crate::content::LinkStyle::Directory => p.strip_suffix("index.html").unwrap_or(p),
        };
        writeln!(
            out,
            "  <url><loc>{}</loc></url>",
            xml(&format!("{base}{loc}"))
        )
        .unwrap();
    }
    out.push_str("</urlset>\n");
    Page {
        path: "sitemap.xml".into(),
        bytes: out.into_bytes(),
    }
}
