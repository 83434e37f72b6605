//! One mistake gives its own error first and no errors it merely causes (issue 14, point 2):
//! a document with an unknown or badly typed field still loads, a bad data entry is dropped
//! alone, and type errors say in words what was expected. Over the fictional `links/ok` site,
//! where the agreement links to the report and names the parties `norrby` and `sodervik`.

use crate::{Run, Site};

/// The `path:line:col: error:` lines of a run, in the order printed.
fn errors(run: &Run) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect()
}

#[test]
fn an_unknown_field_is_one_error_and_does_not_hide_a_bad_date() {
    let site = Site::fixture("links/ok");
    site.edit(
        "content/rapport.md",
        "date: 2024-11-05",
        "forfattare:\n  - Någon\ndate: 2024-02-30",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    // The report still loads: the agreement's link to it and everything else hold.
    let errors = errors(&run);
    assert_eq!(errors.len(), 2, "{}", run.stderr);
    assert!(
        errors[0].starts_with("content/rapport.md:5:1: error: unknown field `forfattare`"),
        "{}",
        run.stderr
    );
    assert!(
        errors[1].starts_with("content/rapport.md:7:7: error: `2024-02-30` is not a date"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("read without it"), "{}", run.stderr);
}

#[test]
fn a_misspelt_field_gets_the_right_name_as_hint() {
    let site = Site::fixture("links/ok");
    site.edit(
        "content/rapport.md",
        "date: 2024-11-05",
        "date: 2024-11-05\nsumary: Kort.",
    );
    let run = site.run(&["check"]);
    run.has_diag("content/rapport.md:6:1", "error", "unknown field `sumary`");
    assert!(
        run.stderr.contains("did you mean `summary`?"),
        "{}",
        run.stderr
    );
    assert_eq!(errors(&run).len(), 1, "{}", run.stderr);
}

#[test]
fn a_badly_typed_optional_field_is_one_error_in_words() {
    let site = Site::fixture("links/ok");
    site.edit(
        "content/rapport.md",
        "date: 2024-11-05",
        "date: 2024-11-05\ncopies: många\nnumbered: kanske",
    );
    let run = site.run(&["check"]);
    let errors = errors(&run);
    assert_eq!(errors.len(), 2, "{}", run.stderr);
    assert!(
        errors[0].starts_with(
            "content/rapport.md:6:9: error: `copies` must be a whole number of copies; found `många`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        errors[1]
            .starts_with("content/rapport.md:7:11: error: `numbered` must be `true` or `false`"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("invalid u32"), "{}", run.stderr);
}

#[test]
fn a_bad_party_entry_is_dropped_alone() {
    let site = Site::fixture("links/ok");
    let mut parties = site.read("data/parter.yaml");
    parties.push_str(
        "  - id: ostby\n    name: Östby kommun\n    kind: municipality\n    population:\n      - { date: 2024-12-31, count: tusen }\n",
    );
    site.write("data/parter.yaml", &parties);
    let run = site.run(&["check"]);
    // One error, in words; `norrby` and `sodervik` still load, so the agreements that name
    // them give no "unknown party".
    let errors = errors(&run);
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].starts_with(
            "data/parter.yaml:13:36: error: `count` must be a whole number of inhabitants; found `tusen`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("the entry `ostby` is left out"),
        "{}",
        run.stderr
    );
}

#[test]
fn errors_print_in_file_order() {
    let site = Site::fixture("links/ok");
    site.edit(
        "content/rapport.md",
        "date: 2024-11-05",
        "date: 2024-11-05\nfarg: blå",
    );
    site.edit(
        "agreements/avtal.md",
        "numbered: true",
        "numbered: true\nfarg: röd",
    );
    let run = site.run(&["check"]);
    let errors = errors(&run);
    assert_eq!(errors.len(), 2, "{}", run.stderr);
    assert!(
        errors[0].starts_with("agreements/avtal.md:"),
        "{}",
        run.stderr
    );
    assert!(
        errors[1].starts_with("content/rapport.md:"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_field_in_the_decision_block_keeps_the_decision() {
    // Fictional fixture `basic`: the decision of Norrby on the fictional agreement.
    let site = Site::fixture("basic");
    site.edit(
        "content/beslut.md",
        "  organ: Kommunstyrelsen",
        "  organ: Kommunstyrelsen\n  ordforande: Fiktiv Person",
    );
    let run = site.run(&["check"]);
    let errors = errors(&run);
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].starts_with("content/beslut.md:9:3: error: unknown field `ordforande`"),
        "{}",
        run.stderr
    );
    // The block is read without the field: no follow-on "decision without a block".
    assert!(
        !run.stderr.contains("without a `decision:` block"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_party_left_out_for_a_type_error_gives_one_error_in_the_bundled_site() {
    // The bundled site names `borlange` in agreements, decisions, the cost allocation (whose
    // figures then cannot be computed) and a host area: none of that is a second mistake.
    let site = Site::bundled();
    let clean = site.run(&["check"]);
    site.edit("data/parter.yaml", "count: 51425 }", "count: \"51 425\" }");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    let errors = errors(&run);
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].starts_with("data/parter.yaml:")
            && errors[0].contains("whole number of inhabitants"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`borlange` is left out"),
        "{}",
        run.stderr
    );
    let warnings = |r: &Run| -> Vec<String> {
        r.stderr
            .lines()
            .filter(|l| l.contains(": warning: "))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        warnings(&run),
        warnings(&clean),
        "no follow-on warnings either"
    );
}

#[test]
fn every_party_left_out_is_one_error_each_and_links_to_their_pages_hold() {
    let site = Site::fixture("links/ok");
    let parties = site.read("data/parter.yaml").replace(
        "    kind: municipality\n",
        "    kind: municipality\n    population:\n      - { date: 2024-12-31, count: \"51 425\" }\n",
    );
    site.write("data/parter.yaml", &parties);
    let run = site.run(&["check"]);
    let errors = errors(&run);
    assert_eq!(errors.len(), 2, "{}", run.stderr);
    assert!(
        errors.iter().all(|e| e.starts_with("data/parter.yaml:")),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("must be a list"),
        "an emptied list is no error: {}",
        run.stderr
    );
}

#[test]
fn a_document_that_cannot_load_is_one_error_not_one_per_reference() {
    // The title is broken YAML: the report cannot load. The agreement links to its page by
    // address, and here by id too; neither is a second mistake.
    let site = Site::fixture("links/ok");
    site.edit("content/rapport.md", "title: Fiktiv rapport", "title: [oj");
    let v2 = site.read("agreements/avtal-v2.md");
    site.write(
        "agreements/avtal-v2.md",
        &format!("{v2}\nSe [rapporten](@rapport#bakgrund) och [den](@rapport).\n"),
    );
    let run = site.run(&["check"]);
    let found = errors(&run);
    assert_eq!(found.len(), 1, "{}", run.stderr);
    assert!(
        found[0].starts_with("content/rapport.md:4:"),
        "{}",
        run.stderr
    );
    // A reference to a document that never existed is still an error.
    site.write(
        "agreements/avtal-v2.md",
        &format!("{v2}\nSe [rapporten](@rapport-finns-inte).\n"),
    );
    let run = site.run(&["check"]);
    assert_eq!(errors(&run).len(), 2, "{}", run.stderr);
    assert!(run.stderr.contains("unknown document `rapport-finns-inte`"));
}
