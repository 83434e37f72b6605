//! Staff lookup: responsibilities, routines, glossary, checklist, economy, feeds — on the
//! fictional `lookup` fixture.

use crate::Site;

fn built() -> Site {
    let site = Site::fixture("lookup");
    site.run(&["build"]).success();
    site
}

#[test]
fn responsibilities_are_grouped_by_holder_and_link_to_their_source() {
    let site = built();
    let page = site.read("out/public/ansvar/index.html");
    let region = &page
        [page.find("id=\"ansvar-region\"").unwrap()..page.find("id=\"ansvar-kommun\"").unwrap()];
    assert!(region.contains("Läkemedelsbehandling och läkarintyg."));
    assert!(region.contains("href=\"../dokument/beskrivning/#region\">Fiktiv verksamhetsbeskrivning, avsnitt 1 Region</a>"));
    assert!(
        !region.contains("Anhörigstöd"),
        "the region's group holds only the region's duties"
    );
    assert!(
        page.contains("data-holder=\"host\""),
        "rows carry their holder for the filter"
    );
}

#[test]
fn each_party_page_lists_the_responsibilities_it_holds() {
    let site = built();
    let region = site.read("out/public/parter/region-x/index.html");
    let host = site.read("out/public/parter/norrby/index.html");
    let member = site.read("out/public/parter/sodervik/index.html");
    assert!(region.contains("Läkemedelsbehandling") && !region.contains("Anhörigstöd"));
    assert!(host.contains("Teckna underavtal") && host.contains("Anhörigstöd"));
    assert!(
        !member.contains("Teckna underavtal"),
        "only the host municipality holds host duties"
    );
    // The municipal principal's duties ("Kommun") are not every municipality's own.
    assert!(
        !member.contains("Anhörigstöd"),
        "Södervik is not the municipal principal"
    );
    assert!(
        !member.contains("Psykosocial behandling."),
        "shared duties are the principals', not everyone's"
    );
    // Under the holder the text names, with the text that puts the party there.
    let kommun = &host[host
        .find("<h3>Kommun (huvudman i verksamheten)</h3>")
        .unwrap()..];
    let kommun = &kommun[..kommun.find("</section>").unwrap()];
    assert!(
        kommun.contains(
            "Parten ingår här enligt <a href=\"../../dokument/beskrivning/#huvudman\">Fiktiv verksamhetsbeskrivning, avsnitt 6 Huvudmän</a>"
        ),
        "{kommun}"
    );
    assert!(kommun.contains("Anhörigstöd och sociala stödinsatser."));
    // "Parterna": the parties of the source document.
    assert!(member.contains("<h3>Parterna</h3>"));
    assert!(member.contains("Parterna informerar varandra om ändringar i verksamheten."));
    assert!(
        !member.contains("Ekonominätverket beslutar"),
        "a responsibility of another body is nobody's own"
    );
    // The catchment area is shown with its source.
    assert!(member.contains("Ingår i Exempelområdet"));
    assert!(member.contains("Källa: <a href=\"../../dokument/beskrivning/#huvudman\">"));
}

#[test]
fn a_party_page_claims_no_membership_that_no_document_states() {
    let site = Site::fixture("lookup");
    site.write(
        "data/parter.yaml",
        &site
            .read("data/parter.yaml")
            .replace(", source: \"@beskrivning#huvudman\"", ""),
    );
    site.write(
        "data/ansvar.yaml",
        &site
            .read("data/ansvar.yaml")
            .replace("holders:\n", "# no holders\n")
            .lines()
            .filter(|l| !l.contains("parties: ["))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let check = site.run(&["check"]);
    check.success().has_diag(
        "data/parter.yaml:7:47",
        "warning",
        "host area `omrade` has no `source`: party pages do not show it",
    );
    site.run(&["build"]).success();
    let member = site.read("out/public/parter/sodervik/index.html");
    assert!(!member.contains("Ingår i"), "no source, no claim");
    let host = site.read("out/public/parter/norrby/index.html");
    assert!(!host.contains("Värdkommun för"));
    assert!(
        !host.contains("Anhörigstöd") && !host.contains("Teckna underavtal"),
        "without a document naming the holder's parties, no party holds its duties"
    );
    // The lookup still lists every clause under its holder.
    let lookup = site.read("out/public/ansvar/index.html");
    assert!(lookup.contains("Anhörigstöd") && lookup.contains("Teckna underavtal"));
    assert!(lookup.contains("<span class=\"holder-name\">Ekonominätverket:</span> Ekonominätverket beslutar om underskott."));
}

#[test]
fn a_routine_past_its_review_date_is_flagged_by_check_and_on_the_index() {
    let site = Site::fixture("lookup");
    site.run(&["check"]).success().has_diag(
        "content/rutin-gammal.md:8:14",
        "warning",
        "routine `rutin-gammal` was due for review on 2020-01-01",
    );
    site.run(&["build"]).success();
    let index = site.read("out/internal/rutiner/index.html");
    let old = &index[index.find("Fiktiv rutin för journalföring").unwrap()..];
    let old_row = &old[..old.find("</tr>").unwrap()];
    assert!(old_row.contains("Granskning försenad"), "{old_row}");
    assert!(old_row.contains("Enhetschefen"));
    let new = &index[index.find("Fiktiv rutin för larm").unwrap()..];
    assert!(!new[..new.find("</tr>").unwrap()].contains("försenad"));
    assert!(
        !site.path("out/public/rutiner").exists(),
        "routines are internal"
    );
}

#[test]
fn a_public_routine_is_an_error() {
    let site = Site::fixture("lookup");
    site.write(
        "content/rutin-ny.md",
        &site
            .read("content/rutin-ny.md")
            .replace("audience: internal\n", ""),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    run.has_diag(
        "content/rutin-ny.md:2:5",
        "error",
        "routine `rutin-ny` is public",
    );
}

#[test]
fn abbreviations_are_explained_at_first_use_and_listed() {
    let site = built();
    let page = site.read("out/public/dokument/beskrivning/index.html");
    assert_eq!(
        page.matches("<abbr title=\"Barn- och ungdomspsykiatri\">BUP</abbr>")
            .count(),
        1,
        "first use only"
    );
    assert!(page.contains("<abbr title=\"Socialtjänstlagen\">SoL</abbr>"));
    let glossary = site.read("out/public/ordlista/index.html");
    assert!(glossary.contains(
        "<dt><abbr title=\"Socialtjänstlagen\">SoL</abbr></dt><dd>Socialtjänstlagen</dd>"
    ));
}

#[test]
fn checklist_dashboard_internal_in_full_public_without_names() {
    let site = built();
    let internal = site.read("out/internal/genomforande/index.html");
    assert!(internal.contains("Fiktiv Ägare"));
    assert!(
        internal.contains("<progress max=\"2\" value=\"1\""),
        "Förberedelse: 1 of 2 done"
    );
    let overdue_row = &internal[internal.find("Ta fram lokal").unwrap()..];
    assert!(overdue_row[..overdue_row.find("</tr>").unwrap()].contains("försenad"));
    let public = site.read("out/public/genomforande/index.html");
    assert!(
        !public.contains("Fiktiv Ägare") && !public.contains("Annan Fiktiv"),
        "no names in public"
    );
    assert!(public.contains("1 / 2 (50 %)"));
}

#[test]
fn economy_page_shows_each_table_with_its_source_and_no_forecast() {
    let site = built();
    let page = site.read("out/public/ekonomi/index.html");
    assert!(
        !page.contains("Prognos"),
        "no forecast the documents do not make"
    );
    assert!(page.contains(
        "Ur: <a href=\"../dokument/beskrivning/#ekonomi\">Fiktiv verksamhetsbeskrivning, avsnitt 5 Ekonomi</a>"
    ));
    // The fixture prints no allocation figures: all of them are computed, and say so.
    let alloc = &page[page
        .find("<caption>Kostnadsfördelning 2026</caption>")
        .unwrap()..];
    assert!(
        alloc.contains("<td class=\"num derived\">250 000"),
        "{alloc}"
    );
    assert!(alloc.contains("största-restmetoden"));
    // The budget is placed in no document: left off the public page, shown to staff.
    assert!(!page.contains("Driftbudget 2026"));
    let internal = site.read("out/internal/ekonomi/index.html");
    assert!(internal.contains("Driftbudget 2026") && internal.contains("okänd källa"));
    let norrby = site.read("out/public/parter/norrby/index.html");
    assert!(norrby.contains("250 000 kr (25,00 %)"));
    assert!(norrby.contains("beräknat av styrdok"));
}

#[test]
fn atom_feed_and_sitemap_are_valid_and_public_only() {
    let site = built();
    let atom = site.read("out/public/atom.xml");
    let doc = roxmltree::Document::parse(&atom).expect("atom.xml is well-formed XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    for required in ["id", "title", "updated"] {
        assert!(
            feed.children()
                .any(|c| c.has_tag_name(("http://www.w3.org/2005/Atom", required))),
            "feed lacks {required}"
        );
    }
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.tag_name().name() == "entry")
        .collect();
    assert!(!entries.is_empty());
    for e in &entries {
        for required in ["id", "title", "updated", "link"] {
            assert!(
                e.children().any(|c| c.tag_name().name() == required),
                "entry lacks {required}"
            );
        }
    }
    assert!(atom.contains("<link href=\"https://test.invalid/styrdok/dokument/beskrivning/\"/>"));
    assert!(!atom.contains("rutin"), "no internal document in the feed");

    let sitemap = site.read("out/public/sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap.xml is well-formed XML");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&"https://test.invalid/styrdok/dokument/beskrivning/"));
    assert!(
        locs.iter()
            .all(|l| l.starts_with("https://test.invalid/styrdok/"))
    );
    assert!(
        !locs.iter().any(|l| l.contains("rutin")),
        "no internal page in the sitemap"
    );
    assert!(
        !site.path("out/internal/atom.xml").exists()
            && !site.path("out/internal/sitemap.xml").exists()
    );
}

#[test]
fn public_search_index_lacks_words_that_exist_only_internally() {
    let site = built();
    let public = crate::read_search_index(&site.path("out/public/pagefind"));
    let internal = crate::read_search_index(&site.path("out/internal/pagefind"));
    assert!(
        internal.contains("zebrafink"),
        "the internal index has the internal word"
    );
    assert!(!public.contains("zebrafink"), "the public index must not");
    assert!(public.contains("läkemedelsbehandling") || public.contains("Läkemedelsbehandling"));
}
