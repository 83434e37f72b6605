//! The HTML allow-list of a document body, and the sanitizer that applies it.
//!
//! Markdown may carry raw HTML; unless `unsafe_html: true` is set in `styrdok.yaml`, the HTML
//! of every rendered body (raw HTML, markdown and styrdok's own markup alike) goes through
//! [`clean`] (the `ammonia` sanitizer) with the allow-list below. [`findings`] reads a body's
//! raw HTML and link addresses against the same list, so `check` can say where something
//! will be stripped.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::content::body::markdown_options;
use crate::diag::{Diagnostic, Diagnostics, LineIndex, Pos};

/// Elements kept. Everything else is removed; its text stays, except for the elements in
/// [`DROPPED_WITH_CONTENT`], which go with everything inside them.
pub const TAGS: &[&str] = &[
    // text
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "br",
    "cite",
    "code",
    "data",
    "del",
    "dfn",
    "em",
    "i",
    "ins",
    "kbd",
    "mark",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
    "var",
    "wbr", // blocks
    "blockquote",
    "dd",
    "details",
    "aside",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "summary",
    "ul", // tables
    "caption",
    "col",
    "colgroup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    // images
    "img",
];

/// Elements removed together with their content.
pub const DROPPED_WITH_CONTENT: &[&str] = &["script", "style", "template"];

/// Attributes kept on every allowed element (and any `aria-*`).
pub const GENERIC_ATTRIBUTES: &[&str] = &["class", "dir", "id", "lang", "role", "title"];

/// Attributes kept on one element only.
pub const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("blockquote", &["cite"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("data", &["value"]),
    ("del", &["cite", "datetime"]),
    ("details", &["open"]),
    // `tabindex="0"` only: styrdok's scrollable table regions are reachable by keyboard.
    ("div", &["tabindex"]),
    ("img", &["alt", "height", "src", "width"]),
    ("ins", &["cite", "datetime"]),
    ("li", &["value"]),
    ("ol", &["reversed", "start", "type"]),
    ("q", &["cite"]),
    ("table", &["tabindex"]),
    // `style` only as the markdown table writer uses it: see `table_alignment`.
    ("td", &["colspan", "headers", "rowspan", "style"]),
    (
        "th",
        &["abbr", "colspan", "headers", "rowspan", "scope", "style"],
    ),
    ("time", &["datetime"]),
];

/// URL schemes kept in `href`, `src` and `cite`; addresses without a scheme (relative ones,
/// `#section`) are kept too.
pub const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Whether a body whose markdown yields `event` must be sanitized: it holds raw HTML (an
/// HTML block or inline tag, a shortcode's table included), or a link or image whose address
/// has a scheme outside [`URL_SCHEMES`].
///
/// A body with neither is left as rendered: every element and attribute in it then comes from
/// the markdown writer (which escapes all text and attribute values) or from styrdok's own
/// markup (escaped likewise), all within the allow-list, so [`clean`] would return it
/// unchanged (`markdown_without_raw_html_is_unchanged_by_the_sanitizer` checks this over
/// generated documents). Sanitizing costs about as much as the rest of rendering a body.
pub fn needs_sanitizing(event: &Event) -> bool {
    match event {
        Event::Html(_) | Event::InlineHtml(_) => true,
        Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
            disallowed_scheme(dest_url).is_some()
        }
        _ => false,
    }
}

/// Sanitizes the HTML of a rendered body.
pub fn clean(html: &str) -> String {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(builder).clean(html).to_string()
}

fn builder() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::empty();
    let tag_attributes: HashMap<&str, HashSet<&str>> = TAG_ATTRIBUTES
        .iter()
        .map(|(tag, attrs)| (*tag, attrs.iter().copied().collect()))
        .collect();
    b.tags(TAGS.iter().copied().collect())
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
        .generic_attribute_prefixes(["aria-"].into_iter().collect())
        .tag_attributes(tag_attributes)
        .url_schemes(URL_SCHEMES.iter().copied().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true)
        .attribute_filter(|_tag, attr, value| {
            let dropped = match attr {
                "style" => !table_alignment(value),
                "tabindex" => value != "0",
                // ammonia checks the scheme of `href` and `src` only.
                "href" | "src" | "cite" => disallowed_scheme(value).is_some(),
                _ => false,
            };
            (!dropped).then(|| value.into())
        });
    b
}

/// `text-align: left|center|right`, the one style the markdown writer puts on table cells.
fn table_alignment(style: &str) -> bool {
    let s = style.trim().trim_end_matches(';');
    let Some((prop, value)) = s.split_once(':') else {
        return false;
    };
    prop.trim().eq_ignore_ascii_case("text-align")
        && matches!(
            value.trim().to_ascii_lowercase().as_str(),
            "left" | "center" | "right"
        )
}

/// What sanitizing removes from one piece of raw HTML or one link address, and where in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Byte offset in the text that was read.
    pub offset: usize,
    pub what: String,
}

/// A warning for everything sanitizing strips from a document body (starting on file line
/// `body_line`): elements and attributes of its raw HTML outside the allow-list, and link or
/// image addresses with a scheme other than those of [`URL_SCHEMES`].
pub fn check_body(body: &str, body_line: u32, path: &Path) -> Vec<Diagnostic> {
    check_body_events(
        body,
        Parser::new_ext(body, markdown_options()).into_offset_iter(),
        body_line,
        path,
    )
}

/// [`check_body`], given the events of `body` with their byte ranges (parsed once by the
/// caller for its own reading).
pub fn check_body_events<'a>(
    body: &str,
    events: impl IntoIterator<Item = (Event<'a>, std::ops::Range<usize>)>,
    body_line: u32,
    path: &Path,
) -> Vec<Diagnostic> {
    let diags = Diagnostics::new();
    let lines = LineIndex::new(body);
    let warn = |offset: usize, what: &str| {
        let p = lines.pos(body, offset);
        diags.warning(
            path,
            Pos::new(p.line + body_line - 1, p.col),
            format!("raw HTML is sanitized: the {what} is removed from the site"),
            "documents keep the HTML listed in docs/authoring.md (tables, abbr, sup, details …); \
             remove the rest, or set `unsafe_html: true` in styrdok.yaml if every author is trusted",
        );
    };
    let mut block: Option<std::ops::Range<usize>> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::HtmlBlock) => block = Some(range.start..range.start),
            Event::Html(_) if block.is_some() => {
                if let Some(b) = block.as_mut() {
                    b.end = b.end.max(range.end);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(b) = block.take() {
                    for f in findings(&body[b.clone()]) {
                        warn(b.start + f.offset, &f.what);
                    }
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                for f in findings(&body[range.clone()]) {
                    warn(range.start + f.offset, &f.what);
                }
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                if let Some(scheme) = disallowed_scheme(&dest_url) {
                    warn(
                        range.start,
                        &format!("link address with the `{scheme}:` scheme"),
                    );
                }
            }
            _ => {}
        }
    }
    diags.into_sorted()
}

/// Reads raw HTML (one tag or a whole HTML block) and reports each element, attribute and
/// address the allow-list removes. Comments are removed silently: they are not content.
pub fn findings(html: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    // Inside `<script>` and the like, the text up to the closing tag is not markup.
    let mut raw_until: Option<String> = None;
    while let Some(rel) = html[i..].find('<') {
        let at = i + rel;
        i = at + 1;
        let rest = &html[at..];
        if let Some(closing) = &raw_until {
            if rest.len() >= closing.len()
                && rest.as_bytes()[..closing.len()].eq_ignore_ascii_case(closing.as_bytes())
            {
                raw_until = None;
            }
            continue;
        }
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(html.len(), |e| at + e + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            out.push(Finding {
                offset: at,
                what: "a `<!…>` or `<?…>` declaration".into(),
            });
            continue;
        }
        let closing = rest.starts_with("</");
        let name_start = at + 1 + usize::from(closing);
        let name_len = html[name_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
            .unwrap_or(html.len() - name_start);
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue; // a lone `<` in text
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let (attrs, end) = attributes(html, name_start + name_len);
        i = end;
        if closing {
            continue;
        }
        if DROPPED_WITH_CONTENT.contains(&name.as_str()) {
            out.push(Finding {
                offset: at,
                what: format!("element `<{name}>` with its content"),
            });
            raw_until = Some(format!("</{name}"));
            continue;
        }
        if !TAGS.contains(&name.as_str()) {
            out.push(Finding {
                offset: at,
                what: format!("element `<{name}>` (its text is kept)"),
            });
            continue;
        }
        for (attr, value, offset) in attrs {
            let attr = attr.to_ascii_lowercase();
            if !attribute_allowed(&name, &attr) {
                out.push(Finding {
                    offset,
                    what: format!("attribute `{attr}` of `<{name}>`"),
                });
            } else if attr == "style" && !table_alignment(&value) {
                out.push(Finding {
                    offset,
                    what: format!("attribute `style` of `<{name}>`"),
                });
            } else if matches!(attr.as_str(), "href" | "src" | "cite")
                && let Some(scheme) = disallowed_scheme(&decode_entities(&value))
            {
                out.push(Finding {
                    offset,
                    what: format!("address with the `{scheme}:` scheme in `{attr}` of `<{name}>`"),
                });
            }
        }
    }
    out
}

/// The scheme of a link address that the allow-list removes (`javascript`, `data` …).
pub fn disallowed_scheme(url: &str) -> Option<String> {
    // Browsers ignore ASCII tabs and newlines anywhere in a URL and leading spaces.
    let url: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !is_scheme || url[..colon].contains(['/', '?', '#']) {
        return None;
    }
    let scheme = scheme.to_ascii_lowercase();
    (!URL_SCHEMES.contains(&scheme.as_str())).then_some(scheme)
}

fn attribute_allowed(tag: &str, attr: &str) -> bool {
    GENERIC_ATTRIBUTES.contains(&attr)
        || attr.starts_with("aria-")
        || TAG_ATTRIBUTES
            .iter()
            .any(|(t, attrs)| *t == tag && attrs.contains(&attr))
}

/// The attributes of a tag from just after its name: (name, value, offset), and the offset
/// just after the tag.
fn attributes(html: &str, mut i: usize) -> (Vec<(String, String, usize)>, usize) {
    let b = html.as_bytes();
    let mut out = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            return (out, (i + 1).min(b.len()));
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/')
            || i == start && i < b.len() && b[i] == b'='
        {
            i += 1;
        }
        let name = html[start..i].to_string();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vs = i + 1;
                i = vs;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                value = html[vs..i].to_string();
                i = (i + 1).min(b.len());
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = html[vs..i].to_string();
            }
        }
        out.push((name, value, start));
    }
}

/// Decodes the character references an attacker may hide a scheme behind (`&#106;`,
/// `&#x6A;`, `&Tab;`, `&colon;`).
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .unwrap_or(after.len());
        let entity = &after[..end];
        let decoded = if let Some(num) = entity.strip_prefix('#') {
            let n = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse().ok(),
            };
            n.and_then(char::from_u32)
        } else {
            match entity {
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                "colon" => Some(':'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = after[end..].strip_prefix(';').unwrap_or(&after[end..]);
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_documents_need() {
        let html = "<table><thead><tr><th scope=\"col\" colspan=\"2\" style=\"text-align: center\">A</th></tr></thead>\
            <tbody><tr><td rowspan=\"2\">1</td></tr></tbody></table>\
            <p><abbr title=\"Region Dalarna\">RD</abbr> x<sup>2</sup> H<sub>2</sub>O <ins>ny</ins> <del>gammal</del><br></p>\
            <details open=\"\"><summary>Mer</summary><p>Text</p></details>\
            <div class=\"heading\"><h2 id=\"mal\"><span class=\"secnum\">1</span> Mål</h2><a class=\"anchor\" href=\"#mal\" aria-label=\"Länk till avsnittet: 1 Mål\">#</a></div>\
            <div class=\"intern\" role=\"note\"><p class=\"intern-label\">Intern</p></div>\
            <a href=\"../dokument/avtal/#punkt\">x</a> <a href=\"https://example.org/\">y</a> <a href=\"mailto:a@example.org\">z</a>";
        assert_eq!(clean(html), html);
        assert!(findings(html).is_empty(), "{:?}", findings(html));
    }

    #[test]
    fn strips_scripts_handlers_and_dangerous_addresses() {
        let out = clean(
            "<p onclick=\"x()\">a<script>alert(1)</script><a href=\"javascript:alert(1)\">b</a>\
             <img src=\"data:text/html,x\" onerror=\"y()\"><iframe src=\"https://e.org\">c</iframe>\
             <td style=\"position:fixed\"></td></p>",
        );
        assert_eq!(out, "<p>a<a>b</a><img>c</p>");
    }

    #[test]
    fn findings_name_what_is_stripped_and_where() {
        let html = "<p onclick=\"x()\">a <script>var s = '<b onclick=1>';</script><a href=\"jav&#x61;script:x\">";
        let f = findings(html);
        let whats: Vec<&str> = f.iter().map(|f| f.what.as_str()).collect();
        assert_eq!(
            whats,
            [
                "attribute `onclick` of `<p>`",
                "element `<script>` with its content",
                "address with the `javascript:` scheme in `href` of `<a>`",
            ]
        );
        assert_eq!(f[0].offset, 3);
        assert_eq!(&html[f[1].offset..f[1].offset + 7], "<script");
        assert!(findings("<!-- note --><p>a < b</p>").is_empty());
        assert_eq!(
            disallowed_scheme(" java\tscript:x").as_deref(),
            Some("javascript")
        );
        assert_eq!(
            disallowed_scheme("DATA:text/html,x").as_deref(),
            Some("data")
        );
        assert_eq!(disallowed_scheme("../a:b/"), None);
        assert_eq!(disallowed_scheme("#a:b"), None);
        assert_eq!(disallowed_scheme("https://e.org/"), None);
    }

    /// The markdown writer closes void elements XHTML-style (`<br />`) and writes `'` in
    /// attributes as `&#39;`; the sanitizer's HTML writer does neither: the same document
    /// either way.
    fn same_serialization(html: &str) -> String {
        html.replace(" />", ">").replace("&#39;", "'")
    }

    /// Every body of the bundled site and the fixtures, as each audience sees it, is what the
    /// sanitizer gives: the bodies left unsanitized (no raw HTML) lose nothing by it, and
    /// styrdok's own markup is within the allow-list.
    #[test]
    fn rendered_bodies_are_fixed_points_of_the_sanitizer() {
        use crate::content::frontmatter::Audience;
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut bodies = 0;
        for root in [
            repo.to_path_buf(),
            repo.join("tests/fixtures/basic"),
            repo.join("tests/fixtures/leak"),
        ] {
            let diags = Diagnostics::new();
            let loaded = crate::content::load::load(&root, &diags).unwrap();
            let site = crate::resolve::resolve(loaded, &diags);
            let theme = crate::render::templates::load(&root, &site.config.theme, &diags).unwrap();
            for (di, d) in site.documents.iter().enumerate() {
                for (vi, v) in d.versions.iter().enumerate() {
                    for audience in [Audience::Public, Audience::Internal] {
                        let ctx = crate::render::shortcodes::Ctx {
                            site: &site,
                            doc: di,
                            version_idx: vi,
                            version: v,
                            strings: &theme.strings,
                            root: "../../",
                            audience,
                        };
                        let html = crate::render::markdown::render(&ctx).html;
                        assert_eq!(
                            clean(&html),
                            same_serialization(&html),
                            "{} ({audience:?})",
                            v.path.display()
                        );
                        bodies += 1;
                    }
                }
            }
        }
        assert!(bodies >= 40, "{bodies} bodies");
    }

    /// Generated markdown without raw HTML (every construct the writer knows, with quotes,
    /// ampersands, entities and attributes in it): the writer's HTML is unchanged by [`clean`],
    /// so leaving such bodies unsanitized changes nothing.
    #[test]
    fn markdown_without_raw_html_is_unchanged_by_the_sanitizer() {
        const PIECES: &[&str] = &[
            "Text med \"citat\", 'apostrof' & och &amp; &lt;b&gt; &#60;i&#62; &copy; 1 > 0.\n",
            "## Rubrik {#egen-id .klass}\n",
            "### Rubrik med `kod` och *betoning*\n",
            "[länk](https://example.org/a?b=1&c=\"2\" \"titel 'x' & y\")\n",
            "[relativ](../dokument/a/#punkt-1) [mejl](mailto:a@example.org) [tel](tel:+4623)\n",
            "![bild \"alt\"](bilder/a.png \"titel\")\n",
            "| V | M | H |\n|:--|:-:|--:|\n| a & b | \"c\" | `d|e` |\n",
            "Fotnot[^a].\n\n[^a]: Fotnotstext med **fet**.\n",
            "```rust \"x\"\nlet a = \"<b>\";\n```\n",
            "    indragen kod & x > y\n",
            "- punkt\n  - inre ~~struken~~\n1. ett\n2. två\n",
            "> citat\n> > inre\n",
            "Rad  \nhård radbrytning\\\nigen\n",
            "***\n",
            "5. börjar på fem\n",
        ];
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        for _ in 0..400 {
            let mut md = String::new();
            for _ in 0..6 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                md.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
                md.push('\n');
            }
            let events: Vec<Event> = Parser::new_ext(&md, markdown_options()).collect();
            assert!(!events.iter().any(needs_sanitizing), "{md}");
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, events.into_iter());
            assert_eq!(clean(&html), same_serialization(&html), "{md}");
        }
    }

    #[test]
    fn body_warnings_point_at_the_file_line_and_column() {
        let body = "Text <span\n  onmouseover=\"x()\">a</span> [b](javascript:alert(1))\n\n<div>\n<iframe src=\"https://e.org\"></iframe>\n</div>\n\n`<script>` in code is text\n";
        let d = check_body(body, 10, Path::new("content/a.md"));
        let lines: Vec<String> = d
            .iter()
            .map(|d| format!("{}:{} {}", d.pos.line, d.pos.col, d.message))
            .collect();
        assert_eq!(
            lines,
            [
                "11:3 raw HTML is sanitized: the attribute `onmouseover` of `<span>` is removed from the site",
                "11:30 raw HTML is sanitized: the link address with the `javascript:` scheme is removed from the site",
                "14:1 raw HTML is sanitized: the element `<iframe>` (its text is kept) is removed from the site",
            ]
        );
    }
}
