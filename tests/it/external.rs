//! References to documents that are not on the site (`data/externa-dokument.yaml`), on a
//! fictional fixture: the text keeps its own words, the reference is marked as one to a
//! document not on the site with what is known of it, and every broken reference is still an
//! error with its position.

use crate::Site;

fn built() -> Site {
    let site = Site::fixture("external");
    site.run(&["build"]).success();
    site
}

#[test]
fn reference_keeps_the_texts_words_and_says_the_document_is_not_on_the_site() {
    let site = built();
    let html = site.read("out/public/dokument/rapport/index.html");
    assert!(html.contains(
        "enligt <a class=\"external-ref\" href=\"#extern_okant-avtal\" title=\"dokument som inte finns på webbplatsen\">punkt 7</a>"
    ));
    // An empty link text becomes the title the documents give.
    assert!(html.contains(">Ramavtal mellan Region Exempel och Norrby kommun</a>"));
    // The note below the text: everything known, nothing more.
    let notes = &html[html.find("<aside class=\"external-docs\"").expect("notes")..];
    assert!(
        notes.contains("<h2 id=\"externa_dokument\">Dokument som inte finns på webbplatsen</h2>")
    );
    assert!(notes.contains("<dt id=\"extern_okant-avtal\">Dokumentet namnges inte i texten</dt>"));
    assert!(notes.contains("Anmärkning: Texten anger inte vilket avtal som avses."));
    assert!(notes.contains("Utfärdare: Region Exempel"));
    assert!(notes.contains("Datum: 14 februari 2023"));
    assert!(notes.contains("Diarienummer: RX 2023/99"));
    assert!(notes.contains("Parter: Region Exempel, Norrby kommun"));
    assert!(
        notes
            .contains("Nämns i: <a href=\"../../dokument/rapport/#bilagor\">avsnitt 2 Bilagor</a>")
    );
    // Referred to only in an internal passage: not on the public page, on the internal one.
    assert!(!html.contains("internt-avtal"));
    assert!(!html.contains("Internt fiktivt avtal"));
    let internal = site.read("out/internal/dokument/rapport/index.html");
    assert!(internal.contains("<dt id=\"extern_internt-avtal\">Internt fiktivt avtal</dt>"));
}

#[test]
fn a_number_that_differs_from_the_target_warns_without_asking_to_rewrite_the_text() {
    let site = Site::fixture("external");
    let run = site.run(&["check"]);
    run.success().has_diag(
        "content/beskrivning.md:11:4",
        "warning",
        "the link text says 5 but `@rapport#bilagor` is avsnitt 2 Bilagor",
    );
    assert!(
        !run.stderr.contains("always shows the current number"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("keep them"), "{}", run.stderr);
}

#[test]
fn every_bad_reference_is_an_error_with_its_position() {
    let site = Site::fixture("external");
    site.write(
        "content/fel.md",
        "---\nid: fel\nkind: page\ntitle: Fel\nparent: \"@ramavtal-norrby\"\n---\n\
         Se [punkt 7](@okant-avtal#punkt-7) och [](@ramavtal-norrby/v2).\n\
         Och [](@okant-avtal) och [x](@finns-inte).\n\
         Samt [punkt 2](@internt-avtal).\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.has_diag(
        "content/fel.md:7:4",
        "error",
        "`@okant-avtal#punkt-7` points into `okant-avtal`, a document that is not on the site",
    )
    .has_diag(
        "content/fel.md:7:40",
        "error",
        "`@ramavtal-norrby/v2` points into `ramavtal-norrby`",
    )
    .has_diag(
        "content/fel.md:8:5",
        "error",
        "empty link text for `okant-avtal`, which has no title",
    )
    .has_diag(
        "content/fel.md:8:26",
        "error",
        "reference to unknown document `finns-inte`",
    )
    .has_diag(
        "content/fel.md:9:6",
        "error",
        "public text refers to `internt-avtal`, an internal document not on the site",
    )
    .has_diag(
        "content/fel.md:5:9",
        "error",
        "`parent` refers to `@ramavtal-norrby`, a document that is not on the site",
    );
    // Nothing is written when there is an error.
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(!site.path("out/public").exists());
}

#[test]
fn entries_are_checked() {
    let site = Site::fixture("external");
    site.write(
        "data/externa-dokument.yaml",
        "documents:\n\
         \x20 - id: rapport\n\
         \x20   title: Samma id som ett dokument\n\
         \x20 - id: tomt\n\
         \x20 - id: fel-datum\n\
         \x20   title: Fel datum\n\
         \x20   date: 2023-13-01\n\
         \x20   parties: [nordby]\n\
         \x20   named_in: [\"@rapport#saknas\"]\n\
         \x20 - id: fel-datum\n\
         \x20   title: Dubblett\n",
    );
    // The texts' references to the removed entries are errors too; only the entries matter here.
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.has_diag(
        "data/externa-dokument.yaml:2:9",
        "error",
        "`rapport` is on the site (content/rapport.md) and listed as not on it",
    )
    .has_diag(
        "data/externa-dokument.yaml:4:9",
        "error",
        "external document `tomt` has neither a title nor a note",
    )
    .has_diag(
        "data/externa-dokument.yaml:4:9",
        "warning",
        "no document refers to external document `tomt`",
    )
    .has_diag(
        "data/externa-dokument.yaml:7:11",
        "error",
        "`2023-13-01` is not a date",
    )
    .has_diag(
        "data/externa-dokument.yaml:8:15",
        "error",
        "unknown party `nordby`",
    )
    .has_diag(
        "data/externa-dokument.yaml:9:16",
        "error",
        "document `rapport` has no section `saknas`",
    )
    .has_diag(
        "data/externa-dokument.yaml:10:9",
        "error",
        "duplicate external document id `fel-datum`",
    );
}
