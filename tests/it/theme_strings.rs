//! A site's `themes/default/strings.yaml` may change a few strings and keep the rest
//! (issue 14, point 6): it merges with the default, and a key the default does not have is a
//! warning. Over the fictional `basic` site.

use crate::Site;

#[test]
fn a_partial_strings_override_merges_with_the_default() {
    let site = Site::fixture("basic");
    site.write(
        "themes/default/strings.yaml",
        "# Fictional override: one string, one misspelt key.\nstrings:\n  skip_link: Direkt till innehållet\n  skip_lnk: Fel\n",
    );
    let run = site.run(&["check"]);
    run.success().has_diag(
        "themes/default/strings.yaml:4:3",
        "warning",
        "unknown string key `skip_lnk`",
    );
    assert!(
        run.stderr.contains("did you mean `skip_link`?"),
        "{}",
        run.stderr
    );
    site.run(&["build"]).success();
    let page = site.read("out/public/index.html");
    assert!(
        page.contains("Direkt till innehållet"),
        "the override is used"
    );
    assert!(!page.contains("Hoppa till innehållet"));
    // Everything it leaves out is the default: the language, the menu's name, month names.
    assert!(page.contains("lang=\"sv\""));
    assert!(page.contains("Huvudmeny"), "a default string is kept");
    let report = site.read("out/public/dokument/rapport/index.html");
    assert!(report.contains("november 2024"), "default month names");
}

#[test]
fn months_replace_only_as_all_twelve() {
    let site = Site::fixture("basic");
    site.write(
        "themes/default/strings.yaml",
        "lang: sv\nmonths: [jan, feb, mar]\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.has_diag(
        "themes/default/strings.yaml:2:1",
        "error",
        "`months` has 3 names, not 12",
    );
}
