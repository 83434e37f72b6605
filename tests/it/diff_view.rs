//! Redline diffs on a fictional fixture: footnotes read as on the page, a part one version's
//! source lacks (`absent:`) is not shown as added, and every version and diff page has a
//! title of its own.

use std::collections::BTreeMap;

use crate::Site;

fn built() -> Site {
    let site = Site::fixture("diff-absent");
    site.run(&["build"]).success();
    site
}

#[test]
fn footnotes_are_rendered_in_the_diff_not_left_as_markers() {
    let site = built();
    let html = site.read("out/public/dokument/plan/jamfor/v1-v2/index.html");
    assert!(!html.contains("[^"), "raw footnote marker in {html}");
    assert!(html.contains("verksamhet<sup class=\"footnote-ref\">1</sup> i Norrby"));
    // The footnote's text is its own block, with its number, and its change is marked.
    let note = &html[html.find("diff-footnote").expect("footnote block")..];
    let note = &note[..note.find("</p>").unwrap()];
    assert!(
        note.contains("<sup class=\"footnote-ref\">1</sup> En påhittad "),
        "{note}"
    );
    assert!(note.contains("<ins>"), "{note}");
    assert!(note.contains("som ändrats."), "{note}");
    // The terminal and JSON read the same numbers as superscript digits.
    let run = site.run(&["diff", "plan", "v1", "v2"]);
    assert!(run.stdout.contains("~ ¹ En påhittad"), "{}", run.stdout);
    assert!(!run.stdout.contains("[^"));
}

#[test]
fn a_part_the_older_source_lacks_is_not_shown_as_added() {
    let site = built();
    let html = site.read("out/public/dokument/plan/jamfor/v1-v2/index.html");
    let intro = &html[html.find("id=\"diff-inledning\"").expect("intro section")..];
    let intro = &intro[..intro.find("</section>").unwrap()];
    assert!(
        intro.contains("saknas i källan till den äldre versionen"),
        "{intro}"
    );
    assert!(!intro.contains("tillagd"), "{intro}");
    assert!(!intro.contains("<ins>"), "{intro}");
    assert!(html.contains("Saknas i källan: 1"));
    assert!(html.contains("Tillagda: 0"));
    // The real change is still there.
    assert!(html.contains("<del><span class=\"sr-only\">[borttaget: </span>Maj-sep"));
    assert!(html.contains("<ins><span class=\"sr-only\">[tillagt: </span>Maj-okt"));
    // Not a change: not listed among the changed sections.
    let changed = site.read("out/public/dokument/plan/jamfor/v1-v2/andrade/index.html");
    assert!(!changed.contains("diff-inledning"));

    let run = site.run(&["diff", "plan", "v1", "v2", "--format", "json"]);
    run.success();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["schema"], "styrdok.diff/2");
    assert_eq!(v["summary"]["sections_added"], 0);
    assert_eq!(v["summary"]["sections_absent"], 1);
    let intro = &v["sections"][0];
    assert_eq!(intro["id"], "");
    assert_eq!(intro["status"], "absent");
    assert_eq!(intro["old_title"], serde_json::Value::Null);
    assert_eq!(intro["blocks"][0]["change"], "same");

    let run = site.run(&["diff", "plan", "v1", "v2"]);
    assert!(
        run.stdout
            .contains("== (inledning) [saknas i källan till den äldre versionen]")
    );
    assert!(
        !run.stdout.contains("Titelsida"),
        "no text of an absent part as a change"
    );
}

#[test]
fn every_version_and_diff_page_has_its_own_title() {
    let site = built();
    let mut titles: BTreeMap<String, String> = BTreeMap::new();
    for rel in [
        "dokument/plan/index.html",
        "dokument/plan/v1/index.html",
        "dokument/plan/v2/index.html",
        "dokument/plan/versioner/index.html",
        "dokument/plan/jamfor/v1-v2/index.html",
        "dokument/plan/jamfor/v1-v2/andrade/index.html",
    ] {
        let html = site.read(&format!("out/public/{rel}"));
        let start = html.find("<title>").unwrap() + 7;
        let title = html[start..start + html[start..].find("</title>").unwrap()].to_string();
        if let Some(other) = titles.insert(title.clone(), rel.to_string()) {
            panic!("{rel} and {other} share the title {title}");
        }
    }
    assert!(titles.contains_key("Fiktiv plan, version v1 – Fiktiv testwebbplats"));
    assert!(titles.contains_key("Fiktiv plan: v1 → v2 – Fiktiv testwebbplats"));
    assert!(
        titles.contains_key("Fiktiv plan: v1 → v2 (bara ändrade avsnitt) – Fiktiv testwebbplats")
    );
}

#[test]
fn absent_must_name_a_part_this_version_lacks_and_another_has() {
    let site = Site::fixture("diff-absent");
    let v2 = site.read("content/plan-v2.md").replace(
        "numbered: true\n",
        "numbered: true\nabsent: [inledning, bakgrun]\n",
    );
    site.write("content/plan-v2.md", &v2);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.has_diag(
        "content/plan-v2.md:8:10",
        "error",
        "`absent: inledning` but this version has that part",
    )
    .has_diag(
        "content/plan-v2.md:8:21",
        "error",
        "`absent: bakgrun`: no other version of `plan` has it",
    );
    assert!(
        run.stderr.contains("did you mean `bakgrund`?"),
        "{}",
        run.stderr
    );
}
