//! The accessibility statement and the footer (settings `accessibility:`), headings whose
//! accessible name is their own text, and internal links that follow `links:` so the site
//! works opened from disk.

use std::path::Path;

use crate::{Site, read_tree};

#[test]
fn the_statement_says_what_the_settings_say_in_diggs_structure() {
    let site = Site::fixture("statement/complete");
    let run = site.run(&["build"]);
    run.success();
    assert!(
        !run.stderr.contains("accessibility"),
        "complete settings give no warning:\n{}",
        run.stderr
    );
    for audience in ["public", "internal"] {
        let page = site.read(&format!("out/{audience}/tillganglighet/index.html"));
        let main = &page[page.find("<main").unwrap()..page.find("</main>").unwrap()];
        // DIGG's model statement, in its order.
        let mut at = 0;
        for part in [
            "<h1>Tillgänglighet för Fiktiv webbplats med tillgänglighetsredogörelse</h1>",
            "Fiktiva kommunalförbundet står bakom den här webbplatsen.",
            "Vi vill att så många som möjligt ska kunna använda webbplatsen.",
            "Hur tillgänglig är webbplatsen?",
            "Vad kan du göra om du inte kan använda delar av webbplatsen?",
            "mailto:tillganglighet@fiktiv.example",
            "000-111 22 33",
            "https://fiktiv.example/synpunkter",
            "Rapportera brister i webbplatsens tillgänglighet",
            "Tillsyn",
            "https://www.digg.se/tdosanmalan",
            "Webbplatsen är delvis förenlig med lagen om tillgänglighet till digital offentlig service",
            "Innehåll som inte är tillgängligt",
            "Bristande förenlighet med lagkraven",
            "Fiktiva PDF-bilagor saknar taggar. <span class=\"criteria\">(WCAG 1.3.1, 2.4.2)</span>",
            "Oskälig börda",
            "Inget innehåll anges under den här rubriken.",
            "Innehåll som inte omfattas av lagstiftningen",
            "Fiktiva inskannade protokoll från före 2018.",
            "Vi har gjort en självskattning (intern granskning) av webbplatsen.",
            "1 mars 2025",
            "15 mars 2025",
        ] {
            let found = main[at..]
                .find(part)
                .unwrap_or_else(|| panic!("`{part}` missing or out of order in:\n{main}"));
            at += found + part.len();
        }
        assert!(!main.contains("inte angiv"), "nothing shown as not given");
    }
}

#[test]
fn every_page_has_the_footer_with_publisher_contact_statement_and_build_date() {
    let site = Site::fixture("statement/complete");
    site.run(&["build"]).success();
    for audience in ["public", "internal"] {
        let dir = site.path(&format!("out/{audience}"));
        let mut pages = 0;
        for (rel, bytes) in read_tree(&dir) {
            if !rel.ends_with(".html") {
                continue;
            }
            pages += 1;
            let page = String::from_utf8(bytes).unwrap();
            let footer = &page[page.find("<footer").unwrap_or_else(|| panic!("{rel}"))..];
            assert!(
                footer.contains("Utgivare: Fiktiva kommunalförbundet"),
                "{rel}"
            );
            assert!(
                footer.contains("mailto:tillganglighet@fiktiv.example"),
                "{rel}"
            );
            // The build date (SOURCE_DATE_EPOCH of the tests), in Swedish.
            assert!(footer.contains("Senast uppdaterad 1 januari 2025"), "{rel}");
            assert_eq!(
                footer.contains("atom.xml"),
                audience == "public",
                "the feed only on the public site: {rel}"
            );
            // The statement link leads to the statement from every depth.
            let href = attribute_after(footer, ">Tillgänglighetsredogörelse<")
                .unwrap_or_else(|| panic!("no statement link in {rel}"));
            if rel != "404.html" {
                let target = resolve(&dir, &rel, &href);
                assert!(
                    target.ends_with("tillganglighet/index.html") && target.is_file(),
                    "{rel}: {href}"
                );
            }
        }
        assert!(pages > 3);
    }
}

#[test]
fn settings_left_out_are_named_by_check_and_shown_as_not_given() {
    let site = Site::fixture("basic");
    let run = site.run(&["check"]);
    run.has_diag(
        "styrdok.yaml:1:1",
        "warning",
        "no `accessibility` settings: the accessibility statement shows as not given: publisher, contact_email, compliance, method, statement_date, assessed",
    );
    site.write(
        "styrdok.yaml",
        "title: Fiktiv\naccessibility:\n  compliance: partial\n  method: self-assessment\n",
    );
    let run = site.run(&["build"]);
    run.success();
    for name in ["publisher", "contact_email", "statement_date", "assessed"] {
        run.has_diag(
            "styrdok.yaml:3:3",
            "warning",
            &format!("`accessibility.{name}` is not given"),
        );
    }
    run.has_diag(
        "styrdok.yaml:3:15",
        "warning",
        "`accessibility.gaps` is not given",
    );
    let page = site.read("out/public/tillganglighet/index.html");
    for text in [
        "Utgivaren har inte angett vem som står bakom den här webbplatsen.",
        "Utgivaren har inte angett någon kontaktväg för synpunkter.",
        "Utgivaren har inte angett vilka brister som är kända.",
        "Webbplatsen är delvis förenlig",
    ] {
        assert!(page.contains(text), "{text}");
    }
    assert_eq!(
        page.matches("<span class=\"not-given\">inte angivet</span>")
            .count(),
        2
    );
    assert!(
        page.contains("Utgivare: inte angiven"),
        "the footer says so too"
    );
}

#[test]
fn wrong_settings_are_errors_at_their_place() {
    let site = Site::fixture("basic");
    site.write(
        "styrdok.yaml",
        "title: Fiktiv\naccessibility:\n  publisher: Fiktiv\n  contact_email: ingen-adress\n  feedback_url: javascript:alert(1)\n  compliance: full\n  gaps:\n    - text: Fiktiv brist.\n      reason: non-compliance\n  method: self-assessment\n  statement_date: 2025-02-30\n  assessed: 2999-01-01\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.has_diag("styrdok.yaml:4:18", "error", "not an e-mail address")
        .has_diag("styrdok.yaml:5:17", "error", "not a web address")
        .has_diag("styrdok.yaml:6:15", "error", "compliance` is `full`, yet")
        .has_diag(
            "styrdok.yaml:11:19",
            "error",
            "`accessibility.statement_date` is not a date",
        )
        .has_diag(
            "styrdok.yaml:12:13",
            "error",
            "`accessibility.assessed` is in the future",
        );
    assert!(!site.path("out").exists() || site.run(&["build"]).code == 1);

    site.write(
        "styrdok.yaml",
        "title: Fiktiv\naccessibility:\n  compliance: mostly\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    run.has_diag("styrdok.yaml:3:15", "error", "unknown variant");
    site.write(
        "styrdok.yaml",
        "title: Fiktiv\naccessibility:\n  compliance: none\n  gaps: []\n",
    );
    site.run(&["check"]).has_diag(
        "styrdok.yaml:3:15",
        "warning",
        "`accessibility.gaps` lists none",
    );
    site.write("styrdok.yaml", "title: Fiktiv\nlinks: folders\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    run.has_diag("styrdok.yaml:2:8", "error", "unknown variant");
}

#[test]
fn a_headings_link_stands_beside_it_not_in_its_name() {
    let site = Site::fixture("statement/complete");
    site.run(&["build"]).success();
    let page = site.read("out/public/dokument/sida/index.html");
    assert!(
        page.contains(
            "<div class=\"heading\"><h2 id=\"syfte\"><span class=\"secnum\">1</span> Syfte</h2><a class=\"anchor\" href=\"#syfte\" aria-label=\"Länk till avsnittet: 1 Syfte\">#</a></div>"
        ),
        "{page}"
    );
    for (i, _) in page.match_indices("<h") {
        let rest = &page[i..];
        let Some(end) = rest.find("</h") else {
            continue;
        };
        assert!(
            !rest[..end].contains("class=\"anchor\""),
            "an anchor inside a heading: {}",
            &rest[..end]
        );
    }
    // Search results carry no stray `#`: the anchor is not indexed.
    let index = crate::read_search_index(&site.path("out/public/pagefind"));
    // The result links to the page file, as the site's links do (`links: index-html`).
    let at = index
        .find("\"url\":\"/dokument/sida/index.html\",\"content\":\"")
        .expect("the page is indexed under its file's address");
    let content = &index[at..];
    let content = &content[content.find("content").unwrap() + 10..];
    let content = &content[..content.find('"').unwrap()];
    assert!(content.contains("1 Syfte. Fiktiv text."), "{content}");
    assert!(!content.contains('#'), "{content}");
}

/// The `href` of the `<a>` whose text ends at `marker`.
fn attribute_after(html: &str, marker: &str) -> Option<String> {
    let end = html.find(marker)?;
    let start = html[..end].rfind("href=\"")? + "href=\"".len();
    let len = html[start..].find('"')?;
    Some(html[start..start + len].to_string())
}

/// The file a relative `href` of page `rel` leads to, folders meaning their `index.html`.
fn resolve(dir: &Path, rel: &str, href: &str) -> std::path::PathBuf {
    let path = href.split(['?', '#']).next().unwrap();
    let mut target = Path::new(rel).parent().unwrap().to_path_buf();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                assert!(target.pop(), "{rel}: `{href}` leaves the site");
            }
            p => target.push(p),
        }
    }
    let mut full = dir.join(target);
    if path.ends_with('/') || path.is_empty() || full.is_dir() {
        full = full.join("index.html");
    }
    full
}

/// Every `href` of a page.
fn hrefs(page: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(i) = rest.find(" href=\"") {
        let v = &rest[i + 7..];
        let len = v.find('"').unwrap();
        out.push(v[..len].replace("&amp;", "&"));
        rest = &v[len..];
    }
    out
}

fn is_relative(href: &str) -> bool {
    !(href.is_empty()
        || href.starts_with('#')
        || href.starts_with('/')
        || href.contains("://")
        || href.starts_with("mailto:")
        || href.starts_with("tel:"))
}

/// Builds `site` with `links:` set to `style` and checks every link of every page.
fn check_links(site: &Site, style: &str) {
    let settings = site.read("styrdok.yaml");
    let kept: String = settings
        .lines()
        .filter(|l| !l.starts_with("links:"))
        .map(|l| format!("{l}\n"))
        .collect();
    site.write("styrdok.yaml", &format!("{kept}links: {style}\n"));
    site.run(&["build"]).success();
    let mut checked = 0;
    for audience in ["public", "internal"] {
        let dir = site.path(&format!("out/{audience}"));
        for (rel, bytes) in read_tree(&dir) {
            if !rel.ends_with(".html") || rel.starts_with("pagefind/") {
                continue;
            }
            let page = String::from_utf8(bytes).unwrap();
            for href in hrefs(&page) {
                let path = href.split(['?', '#']).next().unwrap();
                if style == "index-html" && !path.is_empty() && !href.contains("://") {
                    assert!(
                        !path.ends_with('/'),
                        "{audience}/{rel}: `{href}` names a folder, not a page"
                    );
                }
                // The 404 page links from the server's root; every other link is relative.
                if !is_relative(&href) || rel == "404.html" {
                    continue;
                }
                let target = resolve(&dir, &rel, &href);
                assert!(
                    target.is_file(),
                    "{audience}/{rel}: `{href}` leads to no file ({})",
                    target.display()
                );
                if style == "index-html" {
                    assert!(
                        !path.is_empty() && !Path::new(path).extension().is_none_or(|_| false),
                        "{audience}/{rel}: `{href}`"
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn every_link_leads_to_a_file_with_index_html_links() {
    check_links(&Site::fixture("basic"), "index-html");
}

#[test]
fn every_link_leads_to_a_folder_page_with_directory_links() {
    check_links(&Site::fixture("basic"), "directory");
}

#[test]
fn the_bundled_site_opens_from_disk() {
    check_links(&Site::bundled(), "index-html");
}

#[test]
fn the_default_is_index_html_and_reaches_the_feed_and_sitemap() {
    let site = Site::fixture("basic");
    site.write(
        "styrdok.yaml",
        "title: Fiktiv\nbase_url: https://fiktiv.example/styrdok\n",
    );
    site.run(&["build"]).success();
    let index = site.read("out/public/index.html");
    assert!(
        index.contains("href=\"dokument/avtal/index.html\""),
        "{index}"
    );
    let sitemap = site.read("out/public/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://fiktiv.example/styrdok/dokument/avtal/index.html</loc>")
    );
    assert!(sitemap.contains("<loc>https://fiktiv.example/styrdok/index.html</loc>"));
    let atom = site.read("out/public/atom.xml");
    assert!(
        atom.contains(
            "<link href=\"https://fiktiv.example/styrdok/dokument/avtal/v2/index.html\"/>"
        ),
        "{atom}"
    );
    // Entry ids stay the folder addresses whatever the setting.
    assert!(atom.contains("<id>https://fiktiv.example/styrdok/dokument/avtal/v2/</id>"));

    site.write(
        "styrdok.yaml",
        "title: Fiktiv\nbase_url: https://fiktiv.example/styrdok\nlinks: directory\n",
    );
    site.run(&["build"]).success();
    let index = site.read("out/public/index.html");
    assert!(index.contains("href=\"dokument/avtal/\""));
    assert!(
        site.read("out/public/sitemap.xml")
            .contains("<loc>https://fiktiv.example/styrdok/dokument/avtal/</loc>")
    );
}

#[test]
fn the_statement_page_snapshot() {
    let site = Site::fixture("statement/complete");
    site.run(&["build", "--audience", "public"]).success();
    let page = site.read("out/public/tillganglighet/index.html");
    let main = &page[page.find("<main").unwrap()..page.find("</main>").unwrap()];
    insta::assert_snapshot!(main);
}

#[test]
fn each_version_page_has_its_own_title() {
    let site = Site::fixture("basic");
    site.run(&["build", "--audience", "public"]).success();
    let title = |rel: &str| {
        let page = site.read(rel);
        let start = page.find("<title>").unwrap() + 7;
        page[start..start + page[start..].find("</title>").unwrap()].to_string()
    };
    let v1 = title("out/public/dokument/avtal/v1/index.html");
    let v2 = title("out/public/dokument/avtal/v2/index.html");
    let latest = title("out/public/dokument/avtal/index.html");
    assert!(v1.contains("v1") && v2.contains("v2"), "{v1} / {v2}");
    assert_ne!(v1, v2);
    assert_ne!(v2, latest);
}
