//! One test per content error `styrdok check` must report: message, path, line and column,
//! exit status 1 — and that `build` refuses the same content without writing anything.

use crate::Site;

#[track_caller]
fn check_reports(fixture: &str, at: &str, message: &str) {
    let site = Site::fixture(fixture);
    let run = site.run(&["check"]);
    assert_eq!(
        run.code, 1,
        "check must exit 1 on errors; stderr:\n{}",
        run.stderr
    );
    run.has_diag(at, "error", message);
    assert!(
        run.stderr.contains("hint: "),
        "every error has a hint:\n{}",
        run.stderr
    );
    // The same content makes `build` write nothing.
    let build = site.run(&["build"]);
    assert_eq!(build.code, 1);
    assert!(
        !site.path("out").exists(),
        "a build with errors wrote output"
    );
}

#[test]
fn invalid_yaml_points_at_its_line_in_the_file() {
    check_reports("errors/invalid-yaml", "content/a.md:4:8", "unclosed quote");
}

#[test]
fn unknown_front_matter_field() {
    check_reports(
        "errors/unknown-field",
        "content/a.md:5:1",
        "unknown field `colour`",
    );
}

#[test]
fn unknown_kind() {
    check_reports(
        "errors/unknown-kind",
        "content/a.md:3:7",
        "unknown variant `memo`",
    );
}

#[test]
fn unknown_status() {
    check_reports(
        "errors/unknown-status",
        "content/a.md:5:9",
        "unknown variant `klar`",
    );
}

#[test]
fn unknown_audience() {
    check_reports(
        "errors/unknown-audience",
        "content/a.md:5:11",
        "unknown variant `hemlig`",
    );
}

#[test]
fn duplicate_document_id() {
    check_reports(
        "errors/duplicate-id",
        "content/b.md:2:5",
        "duplicate document id `samma`: content/a.md has it too",
    );
}

#[test]
fn unknown_party_with_suggestion() {
    check_reports(
        "errors/unknown-party",
        "content/a.md:5:19",
        "unknown party `nordby`",
    );
}

#[test]
fn broken_reference_to_a_document() {
    check_reports(
        "errors/broken-ref-document",
        "content/a.md:6:4",
        "reference to unknown document `avtalet`",
    );
}

#[test]
fn broken_reference_to_a_version() {
    check_reports(
        "errors/broken-ref-version",
        "content/a.md:6:4",
        "document `avtal` has no version `v3`",
    );
}

#[test]
fn broken_reference_to_a_section() {
    check_reports(
        "errors/broken-ref-section",
        "content/a.md:6:8",
        "document `avtal` has no section `andring`",
    );
}

#[test]
fn public_text_linking_to_an_internal_document() {
    check_reports(
        "errors/public-to-internal",
        "content/a.md:6:4",
        "public text links to internal content `@rutin`",
    );
}

#[test]
fn organisation_number_failing_the_luhn_check() {
    check_reports(
        "errors/invalid-org-number",
        "data/parter.yaml:6:17",
        "fails its check digit (Luhn)",
    );
}

#[test]
fn version_without_date() {
    check_reports(
        "errors/version-without-date",
        "agreements/avtal.md:5:10",
        "version `v2` of `avtal` has no date",
    );
}

#[test]
fn every_problem_is_listed_at_once() {
    let site = Site::fixture("errors/unknown-party");
    site.write(
        "content/b.md",
        "---\nid: b\nkind: page\ntitle: B\n---\nSe [](@saknas).\n",
    );
    site.write("content/c.md", "---\nid: c\nkind: pagee\ntitle: C\n---\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    run.has_diag("content/a.md:5:19", "error", "unknown party `nordby`")
        .has_diag("content/b.md:6:4", "error", "unknown document `saknas`")
        .has_diag("content/c.md:3:7", "error", "unknown variant `pagee`");
    assert!(run.stderr.contains("3 error(s)"), "{}", run.stderr);
}

#[test]
fn a_clean_site_checks_with_exit_zero_and_writes_nothing() {
    let site = Site::fixture("basic");
    let run = site.run(&["check"]);
    run.success();
    assert!(!site.path("out").exists());
}

#[test]
fn link_text_with_a_stale_section_number_is_a_warning() {
    let site = Site::fixture("basic");
    site.run(&["check"]).success().has_diag(
        "content/rapport.md:11:33",
        "warning",
        "the link text says 3 but `@avtal#andringar` is punkt 4",
    );
}

#[test]
fn unclosed_internal_passage_is_an_error() {
    let site = Site::fixture("basic");
    site.write(
        "content/sida.md",
        "---\nid: sida\nkind: page\ntitle: Sida\n---\nOffentligt.\n\n::: intern\nHemligt.\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    run.has_diag(
        "content/sida.md:8:1",
        "error",
        "internal passage is never closed",
    );
}
