//! How internal links are written, in one place (checking them is [`super::links`]): [`href`] turns a link to a folder
//! (`dokument/avtal/`, `../../`, `/minimaria/parter/#x`) into a link to its page file when the
//! site's `links:` setting is `index-html`, so the site also works opened from disk
//! (`file://`), where a folder is not a page. [`html`] applies it to every `href` attribute of
//! a rendered page, so templates, shortcodes and cross-references all follow it.

use std::borrow::Cow;

use crate::content::LinkStyle;

/// The file a folder link stands for.
const INDEX: &str = "index.html";

/// `href` as the site writes it in `style`. Links with a scheme (`https:`, `mailto:`), to
/// other hosts (`//…`) and within the page (`#…`) are left alone.
pub fn href(style: LinkStyle, href: &str) -> Cow<'_, str> {
    match folder_link(style, href) {
        Some(parts) => Cow::Owned(parts.concat()),
        None => Cow::Borrowed(href),
    }
}

/// The pieces [`href`] joins for a link it changes: the folder, a `/` when the folder has
/// none at its end, [`INDEX`] and the rest (query and fragment). `None` for a link it leaves.
fn folder_link(style: LinkStyle, href: &str) -> Option<[&str; 4]> {
    if style == LinkStyle::Directory || !is_internal(href) {
        return None;
    }
    let split = href.find(['?', '#']).unwrap_or(href.len());
    let (path, rest) = href.split_at(split);
    if path.is_empty() {
        return None;
    }
    let slash = if path.ends_with('/') {
        ""
    } else if path == "." || path == ".." || path.ends_with("/.") || path.ends_with("/..") {
        "/"
    } else {
        return None;
    };
    Some([path, slash, INDEX, rest])
}

/// Whether `href` points into this site: no scheme, not protocol-relative, not a fragment.
fn is_internal(href: &str) -> bool {
    if href.starts_with('#') || href.starts_with("//") {
        return false;
    }
    // A scheme is letters, digits, `+`, `-`, `.` before the first `:`, ahead of any `/?#`.
    match href.find([':', '/', '?', '#']) {
        Some(i) if href.as_bytes()[i] == b':' => {
            let scheme = &href[..i];
            !(scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        }
        _ => true,
    }
}

/// A rendered page with every `href="…"` (or `href='…'`) attribute written by [`href`].
pub fn html(style: LinkStyle, page: &str) -> Cow<'_, str> {
    match html_bytes(style, page.as_bytes()) {
        Cow::Borrowed(_) => Cow::Borrowed(page),
        // Cut and joined only at ASCII quotes, so still UTF-8.
        Cow::Owned(bytes) => Cow::Owned(String::from_utf8(bytes).expect("cut at ASCII")),
    }
}

/// [`html`] over a page's bytes (UTF-8), as the templates write them.
pub fn html_bytes(style: LinkStyle, page: &[u8]) -> Cow<'_, [u8]> {
    if style == LinkStyle::Directory {
        return Cow::Borrowed(page);
    }
    let finder = memchr::memmem::Finder::new(b"href=");
    let mut out: Vec<u8> = Vec::new();
    // Where to look next, and how much of `page` is already in `out`.
    let (mut pos, mut copied) = (0, 0);
    let mut changed = false;
    while let Some(i) = find_attribute(&finder, &page[pos..]).map(|i| pos + i) {
        let value_start = i + "href=".len() + 1;
        let quote = page[value_start - 1];
        let Some(len) = memchr::memchr(quote, &page[value_start..]) else {
            break;
        };
        let value = &page[value_start..value_start + len];
        // A value that is not UTF-8 (never, from a template) is left as it is.
        if let Some(parts) = std::str::from_utf8(value)
            .ok()
            .and_then(|v| folder_link(style, v))
        {
            if !changed {
                out.reserve(page.len() + page.len() / 32);
                changed = true;
            }
            out.extend_from_slice(&page[copied..value_start]);
            for part in parts {
                out.extend_from_slice(part.as_bytes());
            }
            copied = value_start + len;
        }
        pos = value_start + len;
    }
    if !changed {
        return Cow::Borrowed(page);
    }
    out.extend_from_slice(&page[copied..]);
    Cow::Owned(out)
}

/// The offset of the next ` href="` or ` href='` attribute (after whitespace, in any case).
fn find_attribute(finder: &memchr::memmem::Finder, s: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(j) = finder.find(&s[from..]).map(|j| from + j) {
        let before = j.checked_sub(1).map(|k| s[k]);
        let after = s.get(j + 5).copied();
        if before.is_some_and(|b| b.is_ascii_whitespace()) && matches!(after, Some(b'"' | b'\'')) {
            return Some(j);
        }
        from = j + 5;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const I: LinkStyle = LinkStyle::IndexHtml;

    #[test]
    fn folder_links_name_their_page() {
        assert_eq!(href(I, "dokument/avtal/"), "dokument/avtal/index.html");
        assert_eq!(href(I, "../../"), "../../index.html");
        assert_eq!(href(I, ".."), "../index.html");
        assert_eq!(href(I, "../a/#punkt"), "../a/index.html#punkt");
        assert_eq!(href(I, "/minimaria/"), "/minimaria/index.html");
        assert_eq!(href(I, "a/?q=1"), "a/index.html?q=1");
        assert_eq!(href(LinkStyle::Directory, "a/"), "a/");
    }

    #[test]
    fn other_links_stay() {
        for h in [
            "#punkt",
            "",
            "https://exempel.se/",
            "mailto:a@exempel.se",
            "//exempel.se/",
            "atom.xml",
            "index.html",
            "../style.css",
        ] {
            assert_eq!(href(I, h), h);
        }
    }

    #[test]
    fn every_href_attribute_of_a_page() {
        let page = "<a href=\"a/\">x</a><link rel=\"s\" href='../'><p>data-href=\"b/\" href=\"c/\"</p><a class=\"x\"\n href=\"https://e.se/\">";
        assert_eq!(
            html(I, page),
            "<a href=\"a/index.html\">x</a><link rel=\"s\" href='../index.html'><p>data-href=\"b/\" href=\"c/index.html\"</p><a class=\"x\"\n href=\"https://e.se/\">"
        );
    }

    #[test]
    fn links_left_alone_before_and_after_a_rewritten_one_are_kept_as_written() {
        let page = "<a href=\"#x\">ä</a> <a href=\"https://å.se/\">ö</a> <a href=\"d/\">é</a> <a href=\"#y\">ü</a>";
        assert_eq!(
            html(I, page),
            "<a href=\"#x\">ä</a> <a href=\"https://å.se/\">ö</a> <a href=\"d/index.html\">é</a> <a href=\"#y\">ü</a>"
        );
        let untouched = "<a href=\"#x\">ä</a> <a href=\"https://e.se/\">";
        assert!(matches!(html(I, untouched), Cow::Borrowed(_)));
        // An attribute left open ends the rewriting, keeping the rest as it is.
        assert_eq!(
            html(I, "<a href=\"a/\"> <a href=\"b/"),
            "<a href=\"a/index.html\"> <a href=\"b/"
        );
    }
}
