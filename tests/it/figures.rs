//! Figures in data tables: what a document prints is shown as printed, what styrdok computes
//! is marked as computed with a note, an amount the document leaves open is shown in its
//! words and never summed as 0. On the fictional `figures` fixture, and on the bundled site.

use crate::Site;

fn built() -> Site {
    let site = Site::fixture("figures");
    site.run(&["build"]).success();
    site
}

/// The HTML of the table with `caption`, and the note under it when there is one.
fn table<'a>(page: &'a str, caption: &str) -> &'a str {
    let start = page
        .find(&format!("<caption>{caption}</caption>"))
        .unwrap_or_else(|| panic!("no table {caption}"));
    let start = page[..start].rfind("<table").unwrap();
    let rest = &page[start..];
    let mut end = rest.find("</table>").unwrap() + "</table>".len();
    if rest[end..].starts_with("<p class=\"derived-note\"") {
        end += rest[end..].find("</p>").unwrap() + "</p>".len();
    }
    &rest[..end]
}

fn total_row(table: &str) -> &str {
    let t = &table[table.find("<tr class=\"total\">").unwrap()..];
    &t[..t.find("</tr>").unwrap()]
}

#[test]
fn an_open_amount_is_shown_in_the_documents_words_and_its_total_is_unknown() {
    let site = built();
    let page = site.read("out/public/dokument/budget/index.html");
    let t = table(&page, "Kostnad uppstart");
    assert!(t.contains("<td class=\"open\">Ej inventerat</td>"), "{t}");
    let total = total_row(t);
    assert!(
        total.contains("okänt") && total.contains("derived unknown"),
        "{total}"
    );
    assert!(
        !total.contains("50 000") && !total.contains(">0<"),
        "an unknown part is not summed as 0: {total}"
    );
    assert!(
        t.contains("saknar belopp i dokumentet"),
        "the note says why"
    );

    // Split by population, an unknown total gives unknown costs; the shares are computed.
    let t = table(&page, "Fördelning av uppstart");
    let norrby = &t[t.find("Norrby kommun").unwrap()..];
    let norrby = &norrby[..norrby.find("</tr>").unwrap()];
    assert!(
        norrby.contains("<td class=\"num derived\">25,00 %"),
        "{norrby}"
    );
    assert!(
        norrby.contains("<td class=\"num derived unknown\">okänt"),
        "{norrby}"
    );
    assert!(t.contains("största-restmetoden"));
    let party = site.read("out/public/parter/norrby/index.html");
    assert!(
        party.contains("Fördelning av uppstart: <span class=\"derived\">okänt (25,00 %)"),
        "{party}"
    );
    assert!(party.contains(
        "Kostnadsfördelning: 250 kr (25,00 %) – Ur: <a href=\"../../dokument/budget/#tryckt\">"
    ));

    // A staffing extent the document leaves open: the same rule.
    let t = table(&page, "Bemanning ny mottagning");
    assert!(t.contains("<td class=\"open\">Ej fastställt</td>"));
    assert!(total_row(t).contains("okänt") && !total_row(t).contains("50 %"));
}

#[test]
fn computed_totals_and_shares_carry_the_derived_class_and_a_note() {
    let site = built();
    let page = site.read("out/public/dokument/budget/index.html");
    let t = table(&page, "Driftbudget");
    let total = total_row(t);
    assert!(
        total.contains("<td class=\"num derived\">400 001<span class=\"derived-mark\""),
        "{total}"
    );
    assert!(
        t.contains("<td class=\"num derived\">150 000"),
        "computed share"
    );
    assert!(
        t.contains("<th scope=\"col\" class=\"num derived\">Per huvudman (kr)"),
        "the computed column says so"
    );
    let note = &t[t.find("<p class=\"derived-note\"").expect("a note")..];
    assert!(note.contains("Beräknat av styrdok, står inte i dokumentet."));
    assert!(note.contains("Summor är raderna i tabellen adderade."));
    assert!(note.contains("delad enligt fördelningen"));

    let staffing = table(&page, "Bemanning mottagning");
    assert!(total_row(staffing).contains("<td class=\"num derived\">250 %"));

    // A table the document prints in full carries no mark and no note.
    for caption in ["Tryckt budget", "Kostnadsfördelning"] {
        let t = table(&page, caption);
        assert!(!t.contains("derived"), "{caption} is printed in full: {t}");
    }
}

#[test]
fn a_stated_total_that_disagrees_with_its_rows_is_a_warning_and_shown_as_printed() {
    let site = Site::fixture("figures");
    site.run(&["check"]).success().has_diag(
        "data/budget.yaml:22:14",
        "warning",
        "total of budget `fel`: the document states 3 500 kr, the data add up to 3 000 kr",
    );
    site.write(
        "data/bemanning.yaml",
        &site.read("data/bemanning.yaml").replace(
            "      - { role: Socionom, employer: kommun, extent: 150 }\n",
            "      - { role: Socionom, employer: kommun, extent: 150 }\n    stated: { total_extent: 300 }\n",
        ),
    );
    site.write(
        "data/budget.yaml",
        &site.read("data/budget.yaml").replace(
            "      - { label: Personal, amount: 300000, split: 50/50 }",
            "      - { label: Personal, amount: 300000, split: 50/50, share: 150001 }",
        ),
    );
    let run = site.run(&["check"]);
    run.success()
        .has_diag(
            "data/bemanning.yaml:8:29",
            "warning",
            "total extent of staffing table `mottagning`: the document states 300 %, the data add up to 250 %",
        )
        .has_diag(
            "data/budget.yaml:13:65",
            "warning",
            "share of `Personal` in budget `drift`: the document states 150 001 kr",
        );
    site.run(&["build"]).success();
    let page = site.read("out/public/dokument/budget/index.html");
    let total = total_row(table(&page, "Budget med fel summa"));
    assert!(
        total.contains("3 500 <span class=\"stated-differs\">(beräknat av styrdok: 3 000)"),
        "the printed figure first, the computed one beside it: {total}"
    );
}

#[test]
fn a_number_written_as_text_is_an_error_not_an_open_amount() {
    let site = Site::fixture("figures");
    site.write(
        "data/budget.yaml",
        &site
            .read("data/budget.yaml")
            .replace("amount: 50000", "amount: \"50 000\""),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("data/budget.yaml:8:")
            && run.stderr.contains("`50 000` is a number written as text"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_economy_page_names_and_links_the_document_of_each_table() {
    let site = built();
    let page = site.read("out/public/ekonomi/index.html");
    assert!(!page.contains("Prognos"));
    for (section, caption) in [
        ("uppstart", "Kostnad uppstart"),
        ("drift", "Driftbudget"),
        ("bemanning", "Bemanning mottagning"),
        ("tryckt", "Kostnadsfördelning"),
    ] {
        let at = page.find(&format!("<caption>{caption}</caption>")).unwrap();
        let block = &page[page[..at].rfind("<div class=\"economy-table\">").unwrap()..at];
        assert!(
            block.contains(&format!(
                "Ur: <a href=\"../dokument/budget/#{section}\">Fiktiv budget, "
            )),
            "{caption}: {block}"
        );
    }
}

#[test]
fn a_table_placed_only_in_internal_text_stays_off_the_public_economy_page() {
    let site = Site::fixture("figures");
    site.write(
        "content/budget.md",
        &site.read("content/budget.md").replace(
            "{{< budget id=\"drift\" >}}",
            "::: intern\n{{< budget id=\"drift\" >}}\n:::",
        ),
    );
    site.run(&["build"]).success();
    assert!(
        !site
            .read("out/public/ekonomi/index.html")
            .contains("Driftbudget")
    );
    let internal = site.read("out/internal/ekonomi/index.html");
    assert!(internal.contains("<caption>Driftbudget</caption>"));
    assert!(internal.contains("href=\"../dokument/budget/#drift\""));
}

#[test]
fn the_bundled_site_marks_what_it_computes_and_makes_no_forecast() {
    let site = Site::bundled();
    site.run(&["build"]).success();
    let economy = site.read("out/public/ekonomi/index.html");
    assert!(
        !economy.contains("Prognos"),
        "no forecast the documents do not make"
    );

    let budget = site.read("out/public/dokument/budget-region-falun/index.html");
    // "Kostnad uppstart": no amount printed, an empty "Total": unknown, not 0.
    let uppstart = table(&budget, "Kostnad uppstart");
    assert!(total_row(uppstart).contains("okänt"), "{uppstart}");
    assert!(!total_row(uppstart).contains(">0<"));
    assert!(uppstart.contains("Ej inventerat"));
    // The staffing budget prints a total per group, none over both.
    let staff = table(&budget, "Årsbudget Bemanning- Personal");
    assert!(staff.contains("<td class=\"num\">3 730 000</td>"));
    assert!(
        staff.contains("<td class=\"num\">2 780 000</td></tr>")
            || staff.contains("Summa Kommun</th><td></td><td class=\"num\">2 780 000</td>")
    );
    assert!(total_row(staff).contains("<td class=\"num derived\">6 510 000"));
    // The shared costs print both totals; the per-line shares are computed.
    let shared = table(&budget, "Årsbudget gemensamma kostnader- Drift- Utbildning");
    assert!(total_row(shared).contains("<td class=\"num\">961 920</td>"));
    assert!(total_row(shared).contains("<td class=\"num\">480 960</td>"));
    assert!(shared.contains("<td class=\"num derived\">167 500"));

    // The sub-agreement prints its budget and allocation in full: nothing marked, and no
    // styrdok note about the method inside the agreement's text.
    let avtal = site.read("out/public/dokument/samverkansavtal-nedre-dalarna/index.html");
    for caption in ["Budget 2026", "Kostnadsfördelning 2026"] {
        assert!(!table(&avtal, caption).contains("derived"), "{caption}");
    }
    assert!(!avtal.contains("största-restmetoden"));
    assert!(
        !avtal.contains("stated-differs"),
        "styrdok's computation reproduces every printed figure"
    );
    let check = site.run(&["check"]);
    assert!(
        !check.stderr.contains("in `nedre-dalarna-2026`"),
        "the computed allocation agrees with the printed one to the krona:\n{}",
        check.stderr
    );

    let vb = site.read("out/public/dokument/verksamhetsbeskrivning/index.html");
    assert!(total_row(table(&vb, "Bemanning Falun")).contains("<td class=\"num derived\">875 %"));
}

#[test]
fn budget_page_tables_snapshot() {
    let site = built();
    let page = site.read("out/public/dokument/budget/index.html");
    let body = &page[page.find("<div class=\"doc-body\">").unwrap()
        ..page
            .find("<aside class=\"doc-aside\"")
            .unwrap_or(page.len())];
    // One table per line, so a change shows as a readable diff.
    insta::assert_snapshot!(
        body.replace("</table>", "</table>\n")
            .replace("</p>", "</p>\n")
    );
}
