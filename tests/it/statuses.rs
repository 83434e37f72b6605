//! Statuses cannot contradict, version labels are `vN`, and `status`/`diff` answer when
//! unrelated documents have errors (issue 14, point 4). Over the fictional `basic` and
//! `tracker` sites.

use crate::{Run, Site};

fn errors(run: &Run) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect()
}

/// The text of the status field on a document page (`<span class="status …">…</span>`).
fn status_on_page(html: &str) -> String {
    let start = html
        .find("<span class=\"status ")
        .expect("a status on the page");
    let rest = &html[start..];
    let text = &rest[rest.find('>').unwrap() + 1..rest.find("</span>").unwrap()];
    text.to_string()
}

#[test]
fn in_force_with_its_condition_unmet_is_a_warning_and_the_page_shows_the_derived_status() {
    // avtal v2 says `status: in-force`; it asks that all parties decide and sign, and none has.
    let site = Site::fixture("basic");
    let run = site.run(&["check"]);
    run.success().has_diag(
        "agreements/avtal-v2.md:7:9",
        "warning",
        "`status: in-force`, but the condition it states is not met: 0 of 2 parties have decided and signed",
    );
    site.run(&["build"]).success();
    for audience in ["public", "internal"] {
        let page = site.read(&format!("out/{audience}/dokument/avtal/index.html"));
        assert_eq!(status_on_page(&page), "Inte visat gällande");
        assert!(
            !page.contains(">Gällande<") && !page.contains("· Gällande"),
            "the hand-set status is not shown beside the derived one"
        );
    }
    // The version list and the open data agree with the page.
    let versions = site.read("out/public/dokument/avtal/versioner/index.html");
    assert!(versions.contains("Inte visat gällande"), "{versions}");
    assert!(!versions.contains(">Gällande<"));
    let csv = site.read("out/public/data/versioner.csv");
    assert!(csv.contains("not-in-force"), "{csv}");
    assert!(!csv.contains(",in-force,"), "{csv}");
}

#[test]
fn a_draft_whose_condition_is_met_shows_in_force() {
    let site = Site::fixture("tracker");
    let file = "agreements/litet-avtal.md";
    site.write(
        file,
        &site
            .read(file)
            .replace("parties: [ankeby]", "status: draft\nparties: [ankeby]"),
    );
    let run = site.run(&["check"]);
    run.has_diag(
        "agreements/litet-avtal.md:5:9",
        "warning",
        "`status: draft`, but the condition it states is met: 1 of 1 parties have decided and signed",
    );
    site.run(&["build"]).success();
    let page = site.read("out/internal/dokument/litet-avtal/index.html");
    assert_eq!(status_on_page(&page), "Gällande");
    assert!(!page.contains("Utkast"), "never both");
    // Set as the tracker derives it, there is nothing to warn about.
    site.write(
        file,
        &site.read(file).replace("status: draft", "status: in-force"),
    );
    let run = site.run(&["check"]);
    assert!(!run.stderr.contains("`status: "), "{}", run.stderr);
}

#[test]
fn a_version_label_that_is_not_vn_is_one_error_with_a_hint() {
    let site = Site::fixture("basic");
    let v2 = site.read("agreements/avtal-v2.md");
    site.write(
        "agreements/avtal-v3.md",
        &v2.replace("version: v2", "version: 2025-09")
            .replace("date: 2025-03-01", "date: 2025-09-01"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.has_diag(
        "agreements/avtal-v3.md:5:10",
        "error",
        "version `2025-09` is not `v` and a number",
    );
    assert!(
        run.stderr.contains("hint: name versions v1, v2, v3"),
        "{}",
        run.stderr
    );
    assert_eq!(errors(&run).len(), 1, "{}", run.stderr);
    for label in ["v03", "slutversion", "v3b"] {
        site.write(
            "agreements/avtal-v3.md",
            &v2.replace("version: v2", &format!("version: {label}")),
        );
        let run = site.run(&["check"]);
        run.has_diag(
            "agreements/avtal-v3.md:5:10",
            "error",
            "is not `v` and a number",
        );
    }
    site.write(
        "agreements/avtal-v3.md",
        &v2.replace("version: v2", "version: v3"),
    );
    site.run(&["check"]).success();
}

#[test]
fn status_and_diff_answer_when_unrelated_documents_have_errors() {
    let site = Site::fixture("tracker");
    let clean_status = site.run(&["status", "litet-avtal"]);
    let clean_diff = site.run(&["diff", "avtal", "v1", "v2"]);
    // A report with a broken reference, and a decision on `avtal` with an unknown field.
    site.write(
        "content/annan.md",
        "---\nid: annan\nkind: report\ntitle: Fiktiv rapport\n---\n\nSe [avtalet](@finns-inte).\n",
    );
    let decision = site.read("content/bodarna-kf-2.md");
    site.write(
        "content/bodarna-kf-2.md",
        &decision.replacen("title:", "forfattare: Någon\ntitle:", 1),
    );
    let status = site.run(&["status", "litet-avtal"]);
    status.success();
    assert_eq!(status.stdout, clean_status.stdout);
    status.has_diag(
        "content/annan.md:7:4",
        "error",
        "unknown document `finns-inte`",
    );
    assert!(
        status.stderr.contains("does not depend on them"),
        "{}",
        status.stderr
    );
    let diff = site.run(&["diff", "avtal", "v1", "v2"]);
    diff.success();
    assert_eq!(diff.stdout, clean_diff.stdout);
    // The decision on `avtal` is evidence for its status: that answer waits for the fix.
    let touched = site.run(&["status", "avtal"]);
    assert_eq!(touched.code, 1, "{}", touched.stderr);
    assert_eq!(touched.stdout, "");
    assert!(
        touched.stderr.contains("touch `avtal`"),
        "{}",
        touched.stderr
    );
    // An error in the document itself stops its diff.
    let v2 = site.read("agreements/avtal-v2.md");
    site.write(
        "agreements/avtal-v2.md",
        &format!("{v2}\nSe [x](@finns-inte).\n"),
    );
    let stopped = site.run(&["diff", "avtal", "v1", "v2"]);
    assert_eq!(stopped.code, 1, "{}", stopped.stderr);
    assert_eq!(stopped.stdout, "");
}
