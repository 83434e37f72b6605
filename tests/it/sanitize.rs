//! Raw HTML in documents is sanitized: generated attacker payloads (classic XSS vectors, in
//! every markdown context and with the usual obfuscations) never reach a page as a script,
//! an event handler, a dangerous address or an element outside the allow-list; `check`
//! warns where something is stripped; `unsafe_html: true` opts out.
//!
//! The cases are generated from a fixed seed; `STYRDOK_XSS_CASES=20000 cargo test --test it
//! sanitize` runs more of them (and `STYRDOK_XSS_SEED=n` another sequence).

use std::fmt::Write;

use styrdok::content::frontmatter::Audience;

use crate::Site;

/// Classic vectors: each on its own is an attack when it reaches a page unfiltered.
const VECTORS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<script/src=//evil.example/x.js></script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    "<img/src=x/onerror=alert(1)>",
    "<IMG SRC=\"jav&#x09;ascript:alert(1);\">",
    "<img src=\"javascript:alert(1)\">",
    "<img src=`javascript:alert(1)`>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<body onload=alert(1)>",
    "<iframe src=\"https://evil.example/\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=\"https://evil.example/x.swf\"></object>",
    "<embed src=\"https://evil.example/x.swf\">",
    "<applet code=\"x\"></applet>",
    "<form action=\"https://evil.example/\"><input name=p type=password><button>OK</button></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"https://evil.example/\">",
    "<link rel=stylesheet href=\"https://evil.example/x.css\">",
    "<style>body{display:none}</style>",
    "<style>@import 'https://evil.example/x.css';</style>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<p style=\"position:fixed;top:0;left:0;width:100%;height:100%\">x</p>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\" javascript:alert(1)\">x</a>",
    "<a href=\"java\tscript:alert(1)\">x</a>",
    "<a href=\"jav&#x61;script:alert(1)\">x</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
    "<a href=\"javascript&colon;alert(1)\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<a href=\"x\" onclick=\"alert(1)\">x</a>",
    "<a href=x onmouseover=alert(1)>x</a>",
    "<a href=\"x\" target=\"_blank\">x</a>",
    "<div onclick=\"alert(1)\" onfocus=alert(1) tabindex=0 autofocus>x</div>",
    "<details open ontoggle=alert(1)>x</details>",
    "<video><source onerror=\"alert(1)\"></video>",
    "<audio src=x onerror=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<select onfocus=alert(1) autofocus>",
    "<textarea autofocus onfocus=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<isindex type=image src=1 onerror=alert(1)>",
    "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
    "<td background=\"javascript:alert(1)\">",
    "<blockquote cite=\"javascript:alert(1)\">x</blockquote>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<template><script>alert(1)</script></template>",
    "<xmp><script>alert(1)</script></xmp>",
    "<!--<script>alert(1)</script>-->",
    "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<?xml-stylesheet href=\"javascript:alert(1)\"?>",
    "<div id=\"x\" data-bind=\"alert(1)\" class=\"x\">x</div>",
    "<span title=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">x</span>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
    "<frameset><frame src=\"javascript:alert(1)\"></frameset>",
    "<portal src=\"https://evil.example/\"></portal>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction></math>",
];

/// Markdown addresses an attacker may write in a link or image.
const URLS: &[&str] = &[
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "javascript&#58;alert(1)",
    "jav&#x09;ascript:alert(1)",
    "<javascript:alert(1)>",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "%20javascript:alert(1)",
];

/// The markdown context a payload stands in.
fn in_context(kind: u64, p: &str, url: &str) -> String {
    match kind {
        0 => format!("Text före {p} och efter.\n"),
        1 => format!("{p}\n"),
        2 => format!("<div>\n{p}\n</div>\n"),
        3 => format!("| A | B |\n|:--|--:|\n| {} | x |\n", p.replace('|', "\\|")),
        4 => format!("- punkt {p}\n  - inre {p}\n"),
        5 => format!("> citat {p}\n"),
        6 => format!("[länk {p}]({url})\n"),
        7 => format!("![bild]({url} \"{}\")\n", p.replace('"', "'")),
        8 => format!("## Rubrik {p}\n"),
        9 => format!("Fotnot[^f].\n\n[^f]: {p}\n"),
        10 => format!("::: intern\nIntern {p}\n:::\n"),
        11 => format!("<details><summary>Mer</summary>\n\n{p}\n\n</details>\n"),
        12 => format!("<{url}>\n"),
        13 => format!("**fet {p}** _kursiv {p}_\n"),
        _ => format!("1. {p}\n2. [x]({url})\n"),
    }
}

/// A small deterministic generator (xorshift64*), so a failing case can be found again.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A payload: one vector, two glued together, or one with its letters' case mixed.
fn payload(rng: &mut Rng) -> String {
    let v = VECTORS[rng.below(VECTORS.len())];
    match rng.below(4) {
        0 => format!("{v}{}", VECTORS[rng.below(VECTORS.len())]),
        1 => v
            .chars()
            .map(|c| {
                if rng.below(2) == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect(),
        _ => v.to_string(),
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Writes `cases` generated payloads into documents of a fresh site (fictional content).
/// Every document has two versions with different payloads, so its comparison pages are
/// read too.
fn attacked_site(cases: u64, seed: u64) -> Site {
    let site = Site::fixture("basic");
    let mut rng = Rng(seed | 1);
    let per_doc = 60;
    for d in 0..cases.div_ceil(per_doc) {
        let count = per_doc.min(cases - d * per_doc);
        for (v, date, share) in [
            ("v1", "2025-01-01", count / 2),
            ("v2", "2025-02-01", count - count / 2),
        ] {
            let mut body = format!(
                "---\nid: angrepp-{d}\nkind: report\ntitle: Fiktivt angrepp {d}\nversion: {v}\ndate: {date}\n---\n\n"
            );
            for _ in 0..share {
                let p = payload(&mut rng);
                let url = URLS[rng.below(URLS.len())];
                body.push_str(&in_context(rng.below(15) as u64, &p, url));
                body.push('\n');
            }
            body.push_str("SLUTMARKÖR\n");
            site.write(&format!("content/angrepp-{d}-{v}.md"), &body);
        }
    }
    site
}

/// Every problem in the `<main>` part of a page: what the theme writes outside it is not
/// document content.
fn problems(page: &str) -> Vec<String> {
    let start = page.find("<main").expect("a page has <main>");
    let end = page.rfind("</main>").expect("a page ends <main>");
    let main = &page[start..end];
    let mut out = Vec::new();
    let lower = main.to_ascii_lowercase();
    for bad in [
        "<script", "<iframe", "<object", "<embed", "<style", "<form", "<svg", "<math",
    ] {
        if lower.contains(bad) {
            out.push(format!("`{bad}` in the page"));
        }
    }
    // The output is serialized by an HTML writer: every `<` in text is `&lt;`, every
    // attribute value is in double quotes with `"` as `&quot;`.
    let mut rest = main;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        if tag.starts_with('/') || tag.starts_with('!') {
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let mut attrs = &tag[name.len()..];
        while let Some(eq) = attrs.find("=\"") {
            let attr = attrs[..eq].trim().to_ascii_lowercase();
            let vend = attrs[eq + 2..]
                .find('"')
                .map_or(attrs.len(), |e| eq + 2 + e);
            let value = attrs[eq + 2..vend].to_ascii_lowercase();
            attrs = &attrs[(vend + 1).min(attrs.len())..];
            if attr.starts_with("on") {
                out.push(format!("event handler `{attr}` on <{name}>"));
            }
            if attr == "style" && !value.starts_with("text-align") {
                out.push(format!("style `{value}` on <{name}>"));
            }
            if matches!(
                attr.as_str(),
                "href"
                    | "src"
                    | "cite"
                    | "action"
                    | "formaction"
                    | "background"
                    | "xlink:href"
                    | "data"
                    | "srcdoc"
            ) {
                // The address as a browser reads it: character references decoded once,
                // tabs, newlines and leading spaces ignored.
                let v: String = decode_references(&value)
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect();
                // What a browser reads as a scheme (`jav%09ascript:` is a relative path).
                let scheme = v.split_once(':').map(|(s, _)| s).filter(|s| {
                    s.starts_with(|c: char| c.is_ascii_alphabetic())
                        && s.chars()
                            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                });
                if let Some(s) = scheme
                    && !matches!(s, "http" | "https" | "mailto" | "tel")
                {
                    out.push(format!("`{s}:` address in `{attr}` of <{name}>"));
                }
            }
        }
    }
    out
}

/// Decodes the character references of an attribute value in one pass, as a browser does.
fn decode_references(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp + 1..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[..e];
            match name.strip_prefix('#') {
                Some(n) => match n.strip_prefix(['x', 'X']) {
                    Some(h) => u32::from_str_radix(h, 16).ok(),
                    None => n.parse().ok(),
                }
                .and_then(char::from_u32),
                None => match name {
                    "amp" => Some('&'),
                    "quot" => Some('"'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "nbsp" => Some('\u{a0}'),
                    "colon" => Some(':'),
                    "tab" => Some('\t'),
                    "newline" => Some('\n'),
                    _ => None,
                },
            }
        });
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => out.push('&'),
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn generated_attacks_never_reach_a_page() {
    let cases = env_number("STYRDOK_XSS_CASES", 600);
    let seed = env_number("STYRDOK_XSS_SEED", 0x5EED_0010);
    let site = attacked_site(cases, seed);
    let compiled =
        styrdok::compile_with(site.root(), &[Audience::Public, Audience::Internal], false)
            .unwrap_or_else(|e| panic!("the attacked site compiles: {e}"));
    let mut checked = 0;
    let mut compared_pages = 0;
    for (audience, pages) in &compiled.sites {
        for page in pages.iter().filter(|p| p.path.ends_with(".html")) {
            let text = String::from_utf8_lossy(&page.bytes);
            let compared = page.path.contains("/jamfor/");
            if page.path.starts_with("dokument/angrepp-")
                && !page.path.contains("/versioner/")
                && !compared
            {
                assert!(
                    text.contains("SLUTMARKÖR"),
                    "{audience:?} {}: the text after the payloads is gone",
                    page.path
                );
                checked += 1;
            }
            compared_pages += usize::from(compared);
            if page.path == "ansvar/index.html" {
                continue; // the theme's own filter script stands in <main>
            }
            let found = problems(&text);
            assert!(
                found.is_empty(),
                "{audience:?} {} (seed {seed:#x}): {found:?}",
                page.path
            );
        }
    }
    // Per document and audience: the default page and two version pages.
    assert!(
        checked as u64 >= 2 * 3 * cases.div_ceil(60),
        "every attacked page was read"
    );
    assert!(compared_pages > 0, "the comparison pages were read");
    assert!(
        compiled
            .diagnostics
            .iter()
            .any(|d| d.message.contains("raw HTML is sanitized")),
        "check warns about what it strips"
    );
}

#[test]
fn the_problem_finder_sees_an_unsanitized_attack() {
    // The assertions above can fail: an unsanitized page shows each kind of problem.
    let page = "<main><p onclick=\"x()\"><a href=\"javascript:alert(1)\">a</a><script>1</script>\
                <img src=\"&#106;avascript:1\"></p></main>";
    assert_eq!(problems(page).len(), 4, "{:?}", problems(page));
    assert!(problems("<main><p title=\"on\">&lt;script&gt; javascript:1</p></main>").is_empty());
}

#[test]
fn check_names_what_is_stripped_and_where() {
    let site = Site::fixture("basic");
    site.write(
        "content/farlig.md",
        "---\nid: farlig\nkind: report\ntitle: Fiktiv farlig text\ndate: 2025-01-01\n---\n\nText <b onclick=\"x()\">fet</b>.\n\n<script>alert(1)</script>\n\n[länk](javascript:alert(1))\n",
    );
    let run = site.run(&["check"]);
    run.success()
        .has_diag(
            "content/farlig.md:8:9",
            "warning",
            "the attribute `onclick` of `<b>` is removed",
        )
        .has_diag(
            "content/farlig.md:10:1",
            "warning",
            "the element `<script>` with its content is removed",
        )
        .has_diag(
            "content/farlig.md:12:1",
            "warning",
            "the link address with the `javascript:` scheme is removed",
        );
    site.run(&["build"]).success();
    let page = site.read("out/public/dokument/farlig/index.html");
    assert!(page.contains("Text <b>fet</b>."), "the harmless part stays");
    assert!(!page.contains("onclick") && !page.contains("alert(1)"));
}

#[test]
fn unsafe_html_opts_out_of_sanitizing_and_its_warnings() {
    let site = Site::fixture("basic");
    let config = site.read("styrdok.yaml");
    site.write("styrdok.yaml", &format!("{config}unsafe_html: true\n"));
    let mut body = String::from(
        "---\nid: inbaddad\nkind: report\ntitle: Fiktiv inbäddning\ndate: 2025-01-01\n---\n\n",
    );
    writeln!(body, "<iframe src=\"https://example.org/karta\"></iframe>").unwrap();
    site.write("content/inbaddad.md", &body);
    let run = site.run(&["check"]);
    run.success();
    assert!(!run.stderr.contains("sanitized"), "{}", run.stderr);
    site.run(&["build"]).success();
    let page = site.read("out/public/dokument/inbaddad/index.html");
    assert!(page.contains("<iframe src=\"https://example.org/karta\"></iframe>"));
}
