//! `styrdok build`: two sites from one source, and the safety of the output directory.

use crate::{Site, read_tree};

#[test]
fn build_writes_a_public_and_an_internal_site() {
    let site = Site::fixture("basic");
    let run = site.run(&["build"]);
    run.success();
    for audience in ["public", "internal"] {
        let index = site.read(&format!("out/{audience}/index.html"));
        assert!(index.contains("<html lang=\"sv\">"));
        assert!(index.contains("Fiktivt samverkansavtal"));
        assert!(
            site.path(&format!("out/{audience}/.styrdok-output"))
                .is_file()
        );
    }
    assert!(run.stdout.contains("public site:"), "{}", run.stdout);
}

#[test]
fn every_version_keeps_its_page_and_the_latest_is_the_default() {
    let site = Site::fixture("basic");
    site.run(&["build", "--audience", "public"]).success();
    let latest = site.read("out/public/dokument/avtal/index.html");
    let v1 = site.read("out/public/dokument/avtal/v1/index.html");
    let v2 = site.read("out/public/dokument/avtal/v2/index.html");
    assert!(latest.contains("Finansiering"), "the default page is v2");
    assert!(!v1.contains("Finansiering"));
    assert!(v1.contains("Du läser en äldre version."));
    assert!(!v2.contains("Du läser en äldre version."));
    assert!(latest.contains("10 januari 2025"), "dates in Swedish");
    assert!(
        !site.path("out/internal").exists(),
        "--audience public builds only public"
    );
}

#[test]
fn cross_references_show_the_current_number_and_title() {
    let site = Site::fixture("basic");
    site.run(&["build", "--audience", "public"]).success();
    let report = site.read("out/public/dokument/rapport/index.html");
    assert!(
        report.contains(
            "<a href=\"../../dokument/avtal/#andringar\">punkt 4 Ändringar och tillägg till avtalet</a>"
        ),
        "{report}"
    );
    assert!(
        report.contains("<a href=\"../../dokument/avtal/v1/\">Fiktivt samverkansavtal (v1)</a>")
    );
    let avtal = site.read("out/public/dokument/avtal/index.html");
    assert!(
        avtal.contains("<a href=\"#finansiering\">punkt 3 Finansiering</a>"),
        "local refs stay on the page"
    );
    // Backlinks: the report and the decision refer to the agreement.
    let aside = &avtal[avtal.find("Hänvisningar hit").unwrap()..];
    assert!(aside.contains("Fiktiv rapport") && aside.contains("Beslut om fiktivt avtal"));
}

#[test]
fn amounts_and_allocation_are_computed_and_formatted_in_swedish() {
    let site = Site::fixture("basic");
    site.run(&["build", "--audience", "public"]).success();
    let avtal = site.read("out/public/dokument/avtal/index.html");
    // 1 000 and 3 000 inhabitants: 25,00 % and 75,00 % of 400 001 kr.
    assert!(avtal.contains("25,00 %") && avtal.contains("75,00 %"));
    assert!(
        avtal.contains("100 000") && avtal.contains("300 001"),
        "{avtal}"
    );
    assert!(avtal.contains("400 001"));
    let party = site.read("out/public/parter/norrby/index.html");
    assert!(party.contains("100 000 kr (25,00 %)"), "{party}");
    assert!(party.contains("212000-2221"));
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let site = Site::fixture("basic");
    site.run(&["build"]).success();
    let before = read_tree(&site.path("out"));
    site.write(
        "content/trasig.md",
        "---\nid: trasig\nkind: page\ntitle: T\n---\nSe [](@finns-inte).\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert_eq!(read_tree(&site.path("out")), before);
}

#[test]
fn a_rebuild_replaces_the_site_and_leaves_no_staging_behind() {
    let site = Site::fixture("basic");
    site.run(&["build"]).success();
    std::fs::remove_file(site.path("content/rapport.md")).unwrap();
    site.run(&["build"]).success();
    assert!(
        !site.path("out/public/dokument/rapport").exists(),
        "removed document is gone"
    );
    let names: Vec<String> = std::fs::read_dir(site.path("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.contains("staging") && !n.contains(".old-")),
        "{names:?}"
    );
}

#[test]
fn refuses_to_write_into_the_source_root() {
    let site = Site::fixture("basic");
    let run = site.run(&["build", "--out", "."]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("refusing"), "{}", run.stderr);
    assert!(!site.path("public").exists());
}

#[test]
fn refuses_an_output_directory_inside_the_sources() {
    let site = Site::fixture("basic");
    let run = site.run(&["build", "--out", "content/ut"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("inside the source folder `content`"),
        "{}",
        run.stderr
    );
    assert!(!site.path("content/ut").exists());
}

#[test]
fn refuses_a_directory_holding_files_it_did_not_write() {
    let site = Site::fixture("basic");
    site.write("mina-filer/viktig.txt", "behåll mig");
    let run = site.run(&["build", "--out", "mina-filer"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("holds files styrdok did not write"),
        "{}",
        run.stderr
    );
    assert_eq!(site.read("mina-filer/viktig.txt"), "behåll mig");
    assert_eq!(
        std::fs::read_dir(site.path("mina-filer")).unwrap().count(),
        1
    );
}

#[test]
fn a_public_build_never_reuses_a_directory_an_internal_build_wrote() {
    let site = Site::fixture("basic");
    site.run(&["build", "--audience", "internal"]).success();
    // Someone renames the internal site to where the public one goes.
    std::fs::rename(site.path("out/internal"), site.path("out/public")).unwrap();
    let run = site.run(&["build", "--audience", "public"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("written by another build"),
        "{}",
        run.stderr
    );
    assert!(site.read("out/public/.styrdok-output").contains("internal"));
}

#[test]
fn a_missing_root_is_a_usage_error() {
    let site = Site::fixture("basic");
    let run = site.run(&["check", "--root", "finns-inte"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is not a directory"), "{}", run.stderr);
}

#[test]
fn a_site_template_overrides_the_default_by_name() {
    let site = Site::fixture("basic");
    site.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>Egen 404</h1>{% endblock %}",
    );
    site.run(&["build", "--audience", "public"]).success();
    assert!(site.read("out/public/404.html").contains("Egen 404"));
    assert!(
        site.read("out/public/index.html")
            .contains("Hoppa till innehållet")
    );
}

#[test]
fn footnote_in_a_heading_keeps_its_document_wide_number() {
    let site = Site::fixture("basic");
    site.run(&["build", "--audience", "public"]).success();
    let report = site.read("out/public/dokument/rapport/index.html");
    assert!(
        report.contains("Slutsatser<sup class=\"footnote-reference\"><a href=\"#2\">2</a></sup>"),
        "{report}"
    );
}

#[test]
fn the_404_page_links_from_the_folder_the_public_site_is_published_in() {
    let site = Site::fixture("basic");
    site.run(&["build"]).success();
    let plain = site.read("out/public/404.html");
    assert!(plain.contains("href=\"/typ/"), "without base_url, from /");
    site.write(
        "styrdok.yaml",
        "title: Fiktiv testwebbplats\nbase_url: https://exempel.invalid/minimaria/\n",
    );
    site.run(&["build"]).success();
    let public = site.read("out/public/404.html");
    assert!(public.contains("href=\"/minimaria/typ/"), "{public}");
    assert!(!public.contains("href=\"/typ/"));
    // The internal site's address is not known: it stays at the server root.
    assert!(site.read("out/internal/404.html").contains("href=\"/typ/"));
}

#[test]
fn a_template_that_fails_names_the_same_first_page_every_time() {
    let site = Site::fixture("basic");
    site.write(
        "themes/default/templates/document.html",
        "{% extends \"base.html\" %}{% block main %}{{ finns_inte.falt }}{% endblock %}",
    );
    // Quiet: the progress lines' times differ from run to run.
    let first = site.run(&["build", "--quiet"]);
    assert_eq!(first.code, 2, "{}", first.stderr);
    // Pages render in parallel; the error is the first in document order all the same.
    assert!(
        first
            .stderr
            .contains("document.html (dokument/avtal/v1/index.html)"),
        "{}",
        first.stderr
    );
    for _ in 0..3 {
        assert_eq!(site.run(&["build", "--quiet"]).stderr, first.stderr);
    }
    assert!(!site.path("out").exists(), "nothing is written");
}

/// A site without search: no index, and no search box, scripts or styles that would need one.
fn assert_no_search(site: &Site) {
    for audience in ["public", "internal"] {
        assert!(
            !site.path(&format!("out/{audience}/pagefind")).exists(),
            "{audience}: no index without search"
        );
        for (path, bytes) in read_tree(&site.path(&format!("out/{audience}"))) {
            if path.ends_with(".html") {
                let html = String::from_utf8_lossy(&bytes);
                assert!(
                    !html.contains("pagefind") && !html.contains("id=\"sok\""),
                    "{audience}/{path} still has the search box or its files"
                );
            }
        }
    }
}

#[test]
fn no_search_builds_no_index_and_shows_no_search_box() {
    let site = Site::fixture("search");
    site.run(&["build", "--no-search"]).success();
    assert_no_search(&site);
    // The default still has both.
    site.run(&["build"]).success();
    assert!(
        site.path("out/public/pagefind/pagefind-entry.json")
            .is_file()
    );
    assert!(site.read("out/public/index.html").contains("id=\"sok\""));
}

#[test]
fn search_false_in_the_settings_turns_search_off() {
    let site = Site::fixture("search");
    let settings = site.read("styrdok.yaml");
    site.write("styrdok.yaml", &format!("{settings}\nsearch: false\n"));
    site.run(&["build"]).success();
    assert_no_search(&site);
    site.write("styrdok.yaml", &format!("{settings}\nsearch: nej\n"));
    site.run(&["check"]).has_diag(
        "styrdok.yaml:6:9",
        "error",
        "`search` must be `true` or `false`",
    );
}

#[test]
fn a_site_whose_bodies_are_packed_builds_to_the_same_bytes_and_warnings() {
    // A large site holds its bodies deflated (`STYRDOK_PACK_BODIES` forces it on a small
    // one): every reader of a body (analysis, checks, quotes, `absent:`, rendering, diffs)
    // must read the same text. The fixtures have internal passages, shortcodes, quoted
    // conditions and clauses, absent parts, versions with diffs, and warnings.
    for site in [
        Site::bundled(),
        Site::fixture("leak"),
        Site::fixture("consistency"),
        Site::fixture("conditions"),
        Site::fixture("lookup"),
        Site::fixture("diff-absent"),
    ] {
        let plain = site.run_with(
            &["build", "--quiet", "--out", "plain"],
            &[("STYRDOK_PACK_BODIES", "0")],
        );
        let packed = site.run_with(
            &["build", "--quiet", "--out", "packed"],
            &[("STYRDOK_PACK_BODIES", "1")],
        );
        assert_eq!(plain.code, packed.code, "{}", packed.stderr);
        assert_eq!(
            plain.stderr.replace("plain", "OUT"),
            packed.stderr.replace("packed", "OUT")
        );
        if plain.code != 0 {
            // A fixture with errors writes nothing either way: its messages are compared.
            assert!(!site.path("packed").exists());
            continue;
        }
        for audience in ["public", "internal"] {
            let (a, b) = (
                read_tree(&site.path(&format!("plain/{audience}"))),
                read_tree(&site.path(&format!("packed/{audience}"))),
            );
            assert!(a.len() > 10, "{audience}: {} files", a.len());
            assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
            for (path, bytes) in &a {
                assert!(b[path] == *bytes, "{audience}/{path} differs when packed");
            }
        }
    }
}
