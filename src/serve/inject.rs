//! What `styrdok serve` adds to each HTML page it serves: the live-reload script and a small
//! banner to switch between the internal and the public view.
//!
//! Added at the moment a page is served, to a copy: the pages in memory are exactly what
//! `styrdok build` writes, and nothing of this reaches a build (a test pins that). The banner
//! is plain HTML with inline styles so no theme can hide it; the script (`live.js`) draws the
//! error overlay itself. Their words come from the theme's `strings.yaml` (`serve_*`), like
//! every other word a reader sees.

use styrdok::text::format::Strings;

use super::paths::{View, url_of};

/// The live-reload script, served at `/_styrdok/live.js`.
pub const LIVE_JS: &str = include_str!("live.js");

/// What the injected script and banner need to know about the page.
pub struct PageInfo<'a> {
    pub view: View,
    /// The build the page comes from ("none" before the first good build).
    pub build: &'a str,
    /// Page keys whose change means this page must reload: the page itself, and for a page
    /// that was not found, the 404 page.
    pub keys: &'a [&'a str],
    /// Where the switch in the banner leads, and whether that page exists in the other view.
    pub other: (String, bool),
    /// The theme's strings, of the last good build.
    pub strings: &'a Strings,
}

/// The page with the script before `</head>` and the banner before `</body>`.
pub fn inject(html: &[u8], info: &PageInfo) -> Vec<u8> {
    let script = script_tag(info);
    let banner = banner(info);
    let mut out = Vec::with_capacity(html.len() + script.len() + banner.len());
    let head_end = find_ci(html, b"</head>");
    let body_end = find_ci(html, b"</body>");
    match (head_end, body_end) {
        (Some(h), Some(b)) if h < b => {
            out.extend_from_slice(&html[..h]);
            out.extend_from_slice(script.as_bytes());
            out.extend_from_slice(&html[h..b]);
            out.extend_from_slice(banner.as_bytes());
            out.extend_from_slice(&html[b..]);
        }
        _ => {
            // Not a full document: put both at the end, where they still work.
            out.extend_from_slice(html);
            out.extend_from_slice(script.as_bytes());
            out.extend_from_slice(banner.as_bytes());
        }
    }
    out
}

/// The page served before the first good build: the overlay shows why, and the page
/// reloads by itself once the site builds.
pub fn placeholder(info: &PageInfo) -> Vec<u8> {
    let t = info.strings;
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>styrdok serve: {title}</title>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n\
         <p>{text}</p>\n</main>\n</body>\n</html>\n",
        lang = esc(&t.lang),
        title = esc(t.get("serve_no_site_title")),
        text = esc(t.get("serve_no_site_text")),
    );
    inject(html.as_bytes(), info)
}

/// The words `live.js` shows, as a JSON object for its `data-strings`.
fn script_strings(t: &Strings) -> String {
    let words: std::collections::BTreeMap<&str, &str> =
        ["serve_failed", "serve_hide", "serve_more"]
            .into_iter()
            .map(|k| (k, t.get(k)))
            .collect();
    serde_json::to_string(&words).expect("strings serialize")
}

fn script_tag(info: &PageInfo) -> String {
    format!(
        "<script src=\"/_styrdok/live.js\" data-view=\"{}\" data-build=\"{}\" data-pages=\"{}\" data-strings=\"{}\" defer></script>\n",
        info.view.key(),
        esc(info.build),
        esc(&info.keys.join(" ")),
        esc(&script_strings(info.strings)),
    )
}

fn banner(info: &PageInfo) -> String {
    let t = info.strings;
    let (here, there) = match info.view {
        View::Internal => (t.get("serve_view_internal"), t.get("serve_to_public")),
        View::Public => (t.get("serve_view_public"), t.get("serve_to_internal")),
    };
    let (here, there) = (esc(here), esc(there));
    let (href, exists) = &info.other;
    let link = if *exists {
        format!("<a href=\"{}\" style=\"color:#fff\">{there}</a>", esc(href))
    } else {
        format!(
            "<a href=\"{}\" style=\"color:#fff\" title=\"{}\">{there} ({})</a>",
            esc(href),
            esc(t.get("serve_not_there_title")),
            esc(t.get("serve_not_there")),
        )
    };
    format!(
        "<div id=\"styrdok-serve-banner\" role=\"note\" lang=\"{lang}\" style=\"position:fixed;right:.5rem;bottom:.5rem;z-index:2147483646;\
         font:12px/1.4 system-ui,sans-serif;background:#1f2d3d;color:#fff;padding:.25rem .6rem;border-radius:.3rem;\
         box-shadow:0 1px 4px rgba(0,0,0,.3);opacity:.92\">styrdok serve · <strong>{here}</strong> · {switch} {link}</div>\n\
         <style>@media print{{#styrdok-serve-banner,#styrdok-serve-overlay{{display:none!important}}}}</style>\n",
        lang = esc(&t.lang),
        switch = esc(t.get("serve_switch_to")),
    )
}

/// The other view's page for a key, and whether it exists there (`exists` tells).
pub fn other_view(view: View, key: &str, exists: impl Fn(View, &str) -> bool) -> (String, bool) {
    let other = view.other();
    if exists(other, key) {
        (url_of(other, key), true)
    } else {
        (url_of(other, "index.html"), false)
    }
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings() -> &'static Strings {
        static S: std::sync::OnceLock<Strings> = std::sync::OnceLock::new();
        S.get_or_init(styrdok::render::templates::default_strings)
    }

    fn info<'a>(keys: &'a [&'a str]) -> PageInfo<'a> {
        PageInfo {
            view: View::Internal,
            build: "abc-3",
            keys,
            other: ("/_public/dokument/a/".into(), true),
            strings: strings(),
        }
    }

    #[test]
    fn the_banner_and_overlay_speak_the_themes_language() {
        let keys = ["x.html"];
        let out = String::from_utf8(inject(b"<head></head><body></body>", &info(&keys))).unwrap();
        assert!(
            out.contains("<strong>Intern vy</strong> · byt till"),
            "{out}"
        );
        assert!(out.contains("publik vy</a>"));
        // The overlay's words travel to the script, escaped for the attribute.
        assert!(
            out.contains("data-strings=\"{&quot;serve_failed&quot;:&quot;Den senaste ändringen")
        );
        assert!(out.contains("&quot;serve_more&quot;:&quot;{n} till ({e} fel, {w} varningar)"));
        let missing = PageInfo {
            other: ("/_public/".into(), false),
            ..info(&keys)
        };
        let out = String::from_utf8(inject(b"", &missing)).unwrap();
        assert!(out.contains("publik vy (finns inte där)</a>"));
    }

    #[test]
    fn script_goes_in_the_head_and_banner_at_the_end_of_the_body() {
        let html =
            b"<!DOCTYPE html><html><HEAD><title>t</title></HEAD><body><p>x</p></body></html>";
        let keys = ["dokument/a/index.html"];
        let out = String::from_utf8(inject(html, &info(&keys))).unwrap();
        let script = out.find("<script src=\"/_styrdok/live.js\"").unwrap();
        assert!(script < out.find("</HEAD>").unwrap());
        assert!(out.contains("data-build=\"abc-3\""));
        assert!(out.contains("data-pages=\"dokument/a/index.html\""));
        let banner = out.find("styrdok-serve-banner").unwrap();
        assert!(banner > out.find("<p>x</p>").unwrap() && banner < out.find("</body>").unwrap());
        assert!(out.contains("<a href=\"/_public/dokument/a/\""));
        assert!(out.starts_with("<!DOCTYPE html><html><HEAD><title>t</title>"));
        assert!(out.ends_with("</body></html>"));
    }

    #[test]
    fn a_fragment_gets_both_at_the_end() {
        let keys = ["x.html"];
        let out = String::from_utf8(inject(b"<p>x</p>", &info(&keys))).unwrap();
        assert!(out.starts_with("<p>x</p><script"));
    }

    #[test]
    fn a_page_missing_in_the_other_view_links_to_its_front_page() {
        let (href, exists) = other_view(View::Internal, "dokument/intern/index.html", |_, _| false);
        assert_eq!((href.as_str(), exists), ("/_public/", false));
        let (href, exists) = other_view(View::Public, "dokument/a/index.html", |v, _| {
            v == View::Internal
        });
        assert_eq!((href.as_str(), exists), ("/dokument/a/", true));
    }

    #[test]
    fn attributes_are_escaped() {
        let keys = ["a\"><script>.html"];
        let out = String::from_utf8(inject(b"<head></head><body></body>", &info(&keys))).unwrap();
        assert!(out.contains("data-pages=\"a&quot;&gt;&lt;script&gt;.html\""));
    }
}
