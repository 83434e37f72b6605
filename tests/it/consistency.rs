//! `check` across documents and data, over the fictional sites in `tests/fixtures/consistency/`:
//! dates against the timeline, names of bodies and parties, printed totals, and figures
//! repeated from data. Each is a warning with `path:line:col`, and `check` still exits 0;
//! what is consistent (inflected names, rounded percentages, matching figures) says nothing.

use crate::{Run, Site};

fn check(fixture: &str) -> Run {
    let site = Site::fixture(fixture);
    let run = site.run(&["check"]);
    run.success();
    run
}

fn warnings(run: &Run) -> usize {
    run.stderr
        .lines()
        .filter(|l| l.contains(": warning: "))
        .count()
}

#[test]
fn dates_that_contradict_the_timeline_are_warnings() {
    let run = check("consistency/dates");
    run.has_diag(
        "agreements/avtal-v2.md:6:7",
        "warning",
        "`avtal` v2 is dated 2025-02-01, before `avtal` v1 (2025-03-01)",
    )
    .has_diag(
        "content/norrby-ks-1.md:12:11",
        "warning",
        "`norrby-ks-1` is dated 2025-01-10 but cites `norrby-sn-2`, dated 2025-02-20",
    )
    .has_diag(
        "content/norrby-ks-1.md:11:14",
        "warning",
        "decides on `avtal` v1, dated 2025-03-01",
    )
    .has_diag(
        "content/norrby-ks-1.md:5:7",
        "warning",
        "the decision is dated 2025-01-05, before its meeting on 2025-01-10",
    )
    .has_diag(
        "agreements/underskrifter.yaml:7:11",
        "warning",
        "signed on 2025-01-12, before `avtal` v1 is dated (2025-03-01)",
    )
    .has_diag(
        "content/norrby-sn-2.md:15:75",
        "warning",
        "the link text says 2025-01-11 but `norrby-ks-1` is dated 2025-01-10",
    )
    .has_diag(
        "content/plan.md:14:33",
        "warning",
        "activity 1.2 Skriva plan is dated Mars 2024",
    )
    .has_diag(
        "content/plan.md:19:51",
        "warning",
        "`plan` is dated 2025-01-01 but cites the decision `norrby-sn-2`, dated 2025-02-20",
    )
    .has_diag(
        "data/projektplan.yaml:12:10",
        "warning",
        "step 2 Skriva förslag is dated april 2025",
    )
    .has_diag(
        "data/projektplan.yaml:15:10",
        "warning",
        "step 3 Införa (251201-250101) ends before it starts",
    );
    // The correct link dates, the later decision citing the earlier, the ordered plan rows:
    // nothing more.
    assert_eq!(warnings(&run), 10, "{}", run.stderr);
}

#[test]
fn variant_spellings_of_bodies_and_parties_are_warnings() {
    let run = check("consistency/names");
    run.has_diag(
        "content/rapport.md:10:26",
        "warning",
        "`Sanrådet` looks like a variant spelling of Samrådet (2 times in this file)",
    )
    .has_diag(
        "content/rapport.md:10:48",
        "warning",
        "`Norrbyy kommun` looks like a variant spelling of Norrby kommun",
    )
    .has_diag(
        "content/rapport.md:14:25",
        "warning",
        "`Söderwik kommun` looks like a variant spelling of Södervik kommun",
    )
    .has_diag(
        "content/rapport.md:16:1",
        "warning",
        "`Division Vård & Omsrog` looks like a variant spelling of Division Vård och Omsorg",
    )
    .has_diag(
        "content/ks-1.md:7:10",
        "warning",
        "organ `Kommunstyrelssen` looks like a variant spelling of Kommunstyrelsen",
    )
    .has_diag(
        "content/bn-2.md:7:10",
        "warning",
        "unknown organ `Byggnämnden`",
    );
    // Inflected and accepted forms, another body's name and a web address are not variants.
    assert_eq!(warnings(&run), 6, "{}", run.stderr);
    assert!(!run.stderr.contains("Omvårdnad"), "{}", run.stderr);
}

#[test]
fn a_printed_total_that_disagrees_with_its_rows_is_a_warning() {
    let run = check("consistency/tables");
    run.has_diag(
        "content/budget.md:23:18",
        "warning",
        "the table's `Totalt` row says 3 730 960 but its 3 rows above add up to 3 630 960",
    )
    .has_diag(
        "content/budget.md:36:19",
        "warning",
        "the table's `Total` row says 3 400 000 but its 2 rows above add up to 3 480 000",
    );
    // Rounded percentages, a grand total over all rows, an unknown amount: no warning.
    assert_eq!(warnings(&run), 2, "{}", run.stderr);
}

#[test]
fn a_figure_repeated_from_data_with_another_value_is_a_warning() {
    let run = check("consistency/figures");
    run.has_diag(
        "content/avtal.md:9:29",
        "warning",
        "the text gives Södervik kommun's organisation number as 212000-2247, but the data has 212000-2239",
    )
    .has_diag(
        "content/avtal.md:12:15",
        "warning",
        "the text gives Södervik kommun's cost as 300 500 kronor, but the data has 300 001 kr (allocation `fordelning-2026`)",
    )
    .has_diag(
        "content/avtal.md:14:40",
        "warning",
        "the text gives Södervik kommun's population as 3 100, but the data has 3 000 (2024-12-31)",
    )
    .has_diag(
        "content/avtal.md:20:21",
        "warning",
        "the text gives Södervik kommun's share as 70, but the data has 75,00 %",
    );
    // Norrby's figures agree; "ca 3 200 invånare" is approximate; a school's cost and a
    // share of smokers are not the allocation's.
    assert_eq!(warnings(&run), 4, "{}", run.stderr);
}
