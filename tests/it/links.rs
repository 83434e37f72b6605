//! Links by address in a document's text are checked against the pages the site writes
//! (issue 14, point 3), over the fictional fixture `links/ok`.

use crate::Site;

/// The fixture with `line` added as the last paragraph of the fictional report
/// (`content/rapport.md`, where it stands on line 23).
fn with_report_line(line: &str) -> Site {
    let site = Site::fixture("links/ok");
    let mut text = site.read("content/rapport.md");
    text.push('\n');
    text.push_str(line);
    text.push('\n');
    site.write("content/rapport.md", &text);
    site
}

#[test]
fn a_site_whose_links_all_lead_somewhere_checks_clean() {
    // Relative, root, fragment, footnote, template-id and external links all pass.
    let site = Site::fixture("links/ok");
    let run = site.run(&["check"]);
    run.success();
    assert!(!run.stderr.contains(": error:"), "{}", run.stderr);
}

#[test]
fn a_relative_link_to_no_page_is_an_error_with_the_closest_page() {
    let site = with_report_line("Se [x](../avtl/).");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.has_diag(
        "content/rapport.md:23:4",
        "error",
        "link `../avtl/` leads to `/dokument/avtl/` from `dokument/rapport/`, a page the site does not have",
    );
    assert!(
        run.stderr.contains("did you mean `/dokument/avtal/`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_relative_link_outside_the_site_is_an_error() {
    let site = with_report_line("Se [x](../nope/).");
    site.run(&["check"])
        .has_diag("content/rapport.md:23:4", "error", "`/dokument/nope/`");
    let site = with_report_line("Se [x](../../../utanfor/).");
    site.run(&["check"]).has_diag(
        "content/rapport.md:23:4",
        "error",
        "climbs above the site root",
    );
}

#[test]
fn a_root_link_to_no_page_is_an_error() {
    let site = with_report_line("Se [x](/dokument/x/).");
    let run = site.run(&["check"]);
    run.has_diag(
        "content/rapport.md:23:4",
        "error",
        "link `/dokument/x/` leads to `/dokument/x/`, a page the site does not have",
    );
    assert!(run.stderr.contains("`@id`"), "{}", run.stderr);
    // Nor is a file the site does not write a page (no `bilaga.pdf` is copied).
    let site = with_report_line("Se [bilagan](bilaga.pdf) och ![bild](/bild.png).");
    site.run(&["check"])
        .has_diag("content/rapport.md:23:4", "error", "`bilaga.pdf`")
        .has_diag("content/rapport.md:23:30", "error", "image `/bild.png`");
}

#[test]
fn a_fragment_that_is_not_on_the_page_is_an_error_with_the_closest_section() {
    let site = with_report_line("Se [x](../avtal/#saknas) och [y](/dokument/avtal/#andring).");
    let run = site.run(&["check"]);
    run.has_diag(
        "content/rapport.md:23:4",
        "error",
        "link `../avtal/#saknas` leads to `#saknas`, which is not an id on `/dokument/avtal/`",
    );
    run.has_diag("content/rapport.md:23:30", "error", "`#andring`");
    assert!(
        run.stderr
            .contains("did you mean `#andringar`? Or link by id: `@avtal#andringar`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_fragment_is_checked_on_the_version_the_link_leads_to() {
    // `#aldre` is a section of v1 only: the latest page does not have it.
    let site =
        with_report_line("Se [x](/dokument/avtal/#aldre) och [y](/dokument/avtal/v1/#aldre).");
    let run = site.run(&["check"]);
    run.has_diag("content/rapport.md:23:4", "error", "`#aldre`");
    assert!(
        !run.stderr.contains("rapport.md:23:33"),
        "the link to v1 is right:\n{}",
        run.stderr
    );
}

#[test]
fn a_relative_link_in_the_latest_version_must_work_from_the_version_page_too() {
    // v2 is shown on `dokument/avtal/` and on `dokument/avtal/v2/`: `../rapport/` leads to the
    // report only from the first.
    let site = Site::fixture("links/ok");
    let text = site.read("agreements/avtal-v2.md").replace(
        "[rapporten](/dokument/rapport/)",
        "[rapporten](../rapport/)",
    );
    site.write("agreements/avtal-v2.md", &text);
    let run = site.run(&["check"]);
    run.has_diag(
        "agreements/avtal-v2.md:14:24",
        "error",
        "link `../rapport/` leads to `/dokument/avtal/rapport/` from `dokument/avtal/v2/`",
    );
    assert!(
        run.stderr
            .contains("write it from the site root (`/dokument/rapport/`)"),
        "{}",
        run.stderr
    );
}

#[test]
fn public_text_may_not_link_to_an_internal_page_by_address() {
    let site = with_report_line("Se [rutinen](/dokument/rutin/).");
    site.write(
        "content/rutin.md",
        "---\nid: rutin\nkind: routine\ntitle: Fiktiv intern rutin\naudience: internal\n---\n\nText.\n",
    );
    site.run(&["check"]).has_diag(
        "content/rapport.md:23:4",
        "error",
        "public text links to the page of internal document `rutin`",
    );
    // Inside an internal passage the same link is allowed.
    let site = with_report_line("::: intern\nSe [rutinen](/dokument/rutin/).\n:::");
    site.write(
        "content/rutin.md",
        "---\nid: rutin\nkind: routine\ntitle: Fiktiv intern rutin\naudience: internal\n---\n\nText.\n",
    );
    site.run(&["check"]).success();
}

#[test]
fn a_root_link_is_written_relative_to_the_page() {
    // So the site works published in a sub-folder (`https://exempel.se/minimaria/`).
    let site = Site::fixture("links/ok");
    site.run(&["build"]).success();
    let html = site.read("out/public/dokument/rapport/index.html");
    // Relative, and (with the default `links: index-html`) naming the page file.
    assert!(
        html.contains("href=\"../../parter/norrby/index.html\""),
        "{html}"
    );
    assert!(html.contains("href=\"../../dokument/avtal/index.html#andringar\""));
    assert!(html.contains("href=\"https://exempel.se/finns-inte\""));
    assert!(!html.contains("href=\"/parter/"));
}
