//! Snapshots of rendered pages and diagnostics (insta). A change here changes what readers
//! see: review it like code (`cargo insta review`, or INSTA_UPDATE=always and read the diff).

use crate::Site;

fn built() -> Site {
    let site = Site::fixture("basic");
    site.run(&["build"]).success();
    site
}

#[test]
fn agreement_page_public() {
    let site = built();
    insta::assert_snapshot!(site.read("out/public/dokument/avtal/v2/index.html"));
}

#[test]
fn report_page_with_references_table_and_footnote() {
    let site = built();
    insta::assert_snapshot!(site.read("out/public/dokument/rapport/index.html"));
}

#[test]
fn decision_page() {
    let site = built();
    insta::assert_snapshot!(site.read("out/public/dokument/beslut-norrby-ks-1/index.html"));
}

#[test]
fn internal_passage_as_staff_see_it() {
    let site = Site::fixture("leak");
    site.run(&["build", "--audience", "internal"]).success();
    let page = site.read("out/internal/dokument/offentlig/index.html");
    let body = &page[page.find("<div class=\"doc-body\">").unwrap()..page.find("<aside").unwrap()];
    insta::assert_snapshot!(body);
}

#[test]
fn check_output_lists_every_problem() {
    let site = Site::fixture("errors/unknown-party");
    site.write(
        "content/b.md",
        "---\nid: b\nkind: page\ntitle: B\nversion: v1\n---\nSe [](@avtl).\n",
    );
    let run = site.run(&["check"]);
    insta::assert_snapshot!(run.stderr);
}
