//! Ids and versions are slugs, and no two sources write one page: what would escape the
//! output folder or silently replace another page is a `check` error naming the sources.

use crate::Site;

fn doc(id: &str, version: Option<(&str, &str)>) -> String {
    let version = version
        .map(|(v, date)| format!("version: {v}\ndate: {date}\n"))
        .unwrap_or_else(|| "date: 2025-01-01\n".into());
    format!("---\nid: {id}\nkind: report\ntitle: Fiktiv rapport\n{version}---\n\nText.\n")
}

#[test]
fn an_id_that_is_a_path_is_an_error_at_the_field() {
    let site = Site::fixture("basic");
    site.write("content/x.md", &doc("../../x", None));
    site.write("content/y.md", &doc("slutrapport/v1", None));
    site.write("content/z.md", &doc("Årsrapport", None));
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.has_diag(
        "content/x.md:2:5",
        "error",
        "document id `../../x` is not a slug",
    )
    .has_diag(
        "content/y.md:2:5",
        "error",
        "document id `slutrapport/v1` is not a slug",
    )
    .has_diag(
        "content/z.md:2:5",
        "error",
        "document id `Årsrapport` is not a slug",
    );
    assert!(run.stderr.contains("did you mean `x`?"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `slutrapport-v1`?"));
    assert!(run.stderr.contains("did you mean `arsrapport`?"));
    assert!(
        run.stderr
            .contains("lowercase letters a–z, digits and single hyphens")
    );
    let build = site.run(&["build"]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(
        !site.path("out").exists() && !site.path("x").exists(),
        "nothing was written"
    );
}

#[test]
fn a_version_that_is_a_path_is_an_error_at_the_field() {
    let site = Site::fixture("basic");
    site.write(
        "content/r1.md",
        &doc("rapport-tva", Some(("../v1", "2025-01-01"))),
    );
    site.write(
        "content/r2.md",
        &doc("rapport-tva", Some(("v2", "2025-02-01"))),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.has_diag(
        "content/r1.md:5:10",
        "error",
        "version `../v1` is not a slug",
    );
}

#[test]
fn a_version_named_like_a_page_of_its_document_is_an_error_naming_both() {
    let site = Site::fixture("basic");
    site.write(
        "content/r1.md",
        &doc("rapport-tva", Some(("v1", "2025-01-01"))),
    );
    site.write(
        "content/r2.md",
        &doc("rapport-tva", Some(("versioner", "2025-02-01"))),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // `versioner` has no number, so it sorts first and v1 (r1.md) is the latest.
    run.has_diag(
        "content/r1.md:2:5",
        "error",
        "the version history of `rapport-tva` would be written to `dokument/rapport-tva/versioner/index.html`, where version `versioner` of `rapport-tva` (content/r2.md) is written too",
    );
}

#[test]
fn two_comparisons_with_one_address_are_an_error() {
    // Versions `a`→`b-c` and `a-b`→`c` would both be compared at `jamfor/a-b-c/`.
    let site = Site::fixture("basic");
    for (i, (v, date)) in [
        ("a", "2025-01-01"),
        ("b-c", "2025-02-01"),
        ("a-b", "2025-03-01"),
        ("c", "2025-04-01"),
    ]
    .into_iter()
    .enumerate()
    {
        site.write(
            &format!("content/j{i}.md"),
            &doc("jamforelse", Some((v, date))),
        );
    }
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.has_diag(
        "content/j3.md:5:10",
        "error",
        "the comparison of `jamforelse` a-b with c would be written to `dokument/jamforelse/jamfor/a-b-c/index.html`, where the comparison of `jamforelse` a with b-c (content/j1.md) is written too",
    );
}

#[test]
fn a_theme_file_may_not_replace_a_page() {
    let site = Site::fixture("basic");
    site.write(
        "themes/default/static/index.html",
        "<p>Fiktiv startsida</p>\n",
    );
    site.write("themes/default/static/404.html", "<p>Fiktiv</p>\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.has_diag(
        "themes/default/static/index.html:1:1",
        "error",
        "a static file of the theme would be written to `index.html`, where the front page (styrdok.yaml) is written too",
    )
    .has_diag("themes/default/static/404.html:1:1", "error", "`404.html`");
}

#[test]
fn a_party_id_that_is_a_path_is_an_error() {
    let site = Site::fixture("basic");
    let parties = site.read("data/parter.yaml");
    site.write(
        "data/parter.yaml",
        &parties.replace("  - id: region-x\n", "  - id: ../region-x\n"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.has_diag(
        "data/parter.yaml:14:9",
        "error",
        "party id `../region-x` is not a slug",
    );
}
