//! Agreement versions: diffs on the site and on the command line, the decisions register and
//! the signature tracker, on fictional fixtures.

use crate::Site;

#[test]
fn diff_text_is_plain_when_piped() {
    let site = Site::fixture("basic");
    let run = site.run(&["diff", "avtal", "v1", "v2"]);
    run.success();
    assert!(!run.stdout.contains('\x1b'), "no colour codes when piped");
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn diff_json_follows_the_documented_schema() {
    let site = Site::fixture("basic");
    let run = site.run(&["diff", "avtal", "v1", "v2", "--format", "json"]);
    run.success();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["schema"], "styrdok.diff/2");
    assert_eq!(
        v["summary"]["sections_added"], 2,
        "Mål and Finansiering are new"
    );
    let andringar = v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "andringar")
        .unwrap();
    assert_eq!(andringar["old_number"], "3");
    assert_eq!(andringar["new_number"], "4");
    assert_eq!(andringar["renumbered"], true);
    assert_eq!(andringar["status"], "changed");
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn diff_html_is_a_standalone_swedish_page() {
    let site = Site::fixture("basic");
    let run = site.run(&["diff", "avtal", "v1", "v2", "--format", "html"]);
    run.success();
    assert!(run.stdout.starts_with("<!DOCTYPE html>"));
    assert!(run.stdout.contains("<html lang=\"sv\">"));
    assert!(
        run.stdout
            .contains("<ins><span class=\"sr-only\">[tillagt: </span>")
    );
}

#[test]
fn diff_of_an_unknown_version_is_a_usage_error() {
    let site = Site::fixture("basic");
    let run = site.run(&["diff", "avtal", "v1", "v9"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("has no version `v9`; it has v1, v2"),
        "{}",
        run.stderr
    );
}

#[test]
fn site_has_history_and_redline_diff_pages() {
    let site = Site::fixture("basic");
    site.run(&["build", "--audience", "public"]).success();
    let history = site.read("out/public/dokument/avtal/versioner/index.html");
    assert!(history.contains("href=\"../../../dokument/avtal/jamfor/v1-v2/\""));
    assert!(
        history.contains("Kommunstyrelsen KS § 12 (v2)"),
        "the decision is listed on the version it concerns"
    );
    let all = site.read("out/public/dokument/avtal/jamfor/v1-v2/index.html");
    let changed = site.read("out/public/dokument/avtal/jamfor/v1-v2/andrade/index.html");
    assert!(all.contains("<ins>") && all.contains("id=\"diff-andringar\""));
    assert!(
        all.contains("id=\"diff-syfte\""),
        "the full view shows unchanged sections"
    );
    assert!(
        !changed.contains("id=\"diff-syfte\""),
        "the changed-only view leaves them out"
    );
    assert!(changed.contains("id=\"diff-finansiering\""));
    assert!(changed.contains("3 → 4 Ändringar och tillägg till avtalet"));
}

#[test]
fn decisions_register_lists_decisions_with_what_they_concern() {
    let site = Site::fixture("tracker");
    site.run(&["build", "--audience", "public"]).success();
    let reg = site.read("out/public/beslutsregister/index.html");
    let first = reg.find("KF § 5").unwrap();
    let last = reg.find("KF § 4").unwrap();
    assert!(first < last, "newest first");
    assert!(reg.contains("Fiktivt avtal (v2)"));
    let avtal = site.read("out/public/dokument/avtal/index.html");
    assert!(avtal.contains("Beslut om dokumentet"));
    assert!(avtal.contains("Kommunfullmäktige KF § 4 (v1)"));
}

#[test]
fn tracker_shows_every_stage_and_superseded_decisions_do_not_count() {
    let site = Site::fixture("tracker");
    let run = site.run(&["status", "avtal", "--format", "json"]);
    run.success();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let a = &v["agreements"][0];
    assert_eq!(a["version"], "v2");
    assert_eq!(a["in_force"], false);
    let stage = |p: &str| {
        a["parties"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["party"] == p)
            .unwrap()["stage"]
            .clone()
    };
    assert_eq!(stage("ankeby"), "signed");
    assert_eq!(stage("bodarna"), "decided");
    assert_eq!(
        stage("cedervik"),
        "preparation",
        "a proposal without version counts for the version current at its date"
    );
    assert_eq!(
        stage("dalby"),
        "not-started",
        "a decision on v1 does not count for v2"
    );
    assert_eq!(stage("ekholm"), "declined");
    let dalby = a["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["party"] == "dalby")
        .unwrap();
    assert_eq!(
        dalby["older_version_decisions"][0]["concerns_version"],
        "v1"
    );

    let v1 = site.run(&["status", "avtal/v1", "--format", "csv"]);
    assert!(
        v1.stdout
            .contains("avtal,v1,dalby,Dalby kommun,decided,KF § 4 2025-02-01,,,"),
        "{}",
        v1.stdout
    );
    insta::assert_snapshot!(site.run(&["status"]).stdout);
}

#[test]
fn all_signed_condition_is_met_only_when_every_party_decided_and_signed() {
    let site = Site::fixture("tracker");
    site.run(&["build", "--audience", "public"]).success();
    let small = site.read("out/public/dokument/litet-avtal/index.html");
    assert!(small.contains("uppfyllt enligt det som är registrerat</strong> (1 av 1)"));
    assert!(small.contains("styrdok räknar villkoret som uppfyllt när samtliga parter har beslutat och undertecknat versionen:"));
    let big = site.read("out/public/dokument/avtal/index.html");
    assert!(big.contains("inte visat uppfyllt enligt det som är registrerat</strong> (1 av 5)"));
    assert!(big.contains("avser en äldre version och räknas inte för denna"));
    let overview = site.read("out/public/underskrifter/index.html");
    assert!(
        overview.contains("● Undertecknat")
            || overview.contains("<span aria-hidden=\"true\">●</span> Undertecknat")
    );
    let party = site.read("out/public/parter/ekholm/index.html");
    assert!(party.contains("Avböjt"));
}

#[test]
fn signature_block_is_generated_from_the_party_list() {
    let site = Site::fixture("tracker");
    site.run(&["build", "--audience", "public"]).success();
    let v2 = site.read("out/public/dokument/avtal/v2/index.html");
    let block = &v2[v2.find("class=\"signature-block\"").unwrap()..];
    for name in [
        "Ankeby kommun",
        "Bodarna kommun",
        "Cedervik kommun",
        "Dalby kommun",
        "Ekholm kommun",
    ] {
        assert!(block.contains(name), "{name}");
    }
    assert!(
        block.contains("Anna Andersson"),
        "a registered signature fills its lines"
    );
    // One date line per party: the registered date, or a line for place and date to fill in.
    assert_eq!(
        block.matches("Datum:").count() + block.matches("Ort och datum:").count(),
        5
    );
    assert_eq!(
        block.matches("Underskrift:").count(),
        4,
        "each party yet to sign gets a line to sign on"
    );
    let v1 = site.read("out/public/dokument/avtal/v1/index.html");
    let block1 = &v1[v1.find("class=\"signature-block\"").unwrap()..v1.find("</main>").unwrap()];
    assert!(
        !block1.contains("Anna Andersson"),
        "a signature on v2 does not sign v1"
    );
}

#[test]
fn signature_and_decision_checks() {
    let site = Site::fixture("tracker");
    site.write(
        "agreements/underskrifter.yaml",
        r#"# Fictional, broken on purpose.
signatures:
  - agreement: "@avtal/v2"
    party: okand
    name: N N
    title: T
    date: 2025-04-10
  - agreement: "@litet-avtal"
    party: bodarna
    name: N N
    title: T
    date: 2025-04-10
  - agreement: "@avtal/v2"
    party: bodarna
    name: N N
    title: T
    date: 2025-03-30
    decision: "@bodarna-kf-2"
  - agreement: "@avtal/v7"
    party: ankeby
    name: N N
    title: T
    date: 2025-04-10
"#,
    );
    site.write(
        "content/framtid.md",
        "---\nid: framtid\nkind: decision\ntitle: F\ndecision:\n  organ: KF\n  party: ankeby\n  paragraph: KF § 9\n  meeting_date: 2999-01-01\n  type: decision\n---\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    run.has_diag(
        "agreements/underskrifter.yaml:4:12",
        "error",
        "unknown party `okand`",
    )
    .has_diag(
        "agreements/underskrifter.yaml:9:12",
        "error",
        "`bodarna` is not a party to `@litet-avtal`",
    )
    .has_diag(
        "agreements/underskrifter.yaml:17:11",
        "error",
        "signed 2025-03-30, before the decision it rests on",
    )
    .has_diag(
        "agreements/underskrifter.yaml:19:16",
        "error",
        "document `avtal` has no version `v7`",
    )
    .has_diag(
        "content/framtid.md:9:17",
        "error",
        "meeting date 2999-01-01 is in the future",
    );
}
