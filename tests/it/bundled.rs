//! The bundled site: the customer's real MiniMaria documents at the repository root. These
//! assert facts a reader would check against the published documents.

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

/// Builds the repository's own site once into a temporary folder.
fn out() -> &'static Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_styrdok"))
            .args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--out"])
            .arg(dir.path().join("out"))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        dir
    })
    .path()
}

fn page(rel: &str) -> String {
    std::fs::read_to_string(out().join("out").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn bundled_site_checks_without_errors() {
    let o = Command::new(env!("CARGO_BIN_EXE_styrdok"))
        .args(["check", "--root", env!("CARGO_MANIFEST_DIR")])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(stderr.contains("0 error(s)"), "{stderr}");
}

#[test]
fn allocation_2026_reproduces_the_published_figures_to_the_krona() {
    let avtal = page("public/dokument/samverkansavtal-nedre-dalarna/index.html");
    let published = [
        ("Avesta kommun", "22 417", "11,36 %", "412 477"),
        ("Borlänge kommun", "51 425", "26,06 %", "946 228"),
        ("Falu kommun", "59 945", "30,38 %", "1 103 086"),
        ("Gagnefs kommun", "10 384", "5,26 %", "190 988"),
        ("Hedemora kommun", "15 281", "7,75 %", "281 399"),
        ("Ludvika kommun", "26 634", "13,50 %", "490 180"),
        ("Säters kommun", "11 223", "5,69 %", "206 602"),
    ];
    for (name, pop, share, cost) in published {
        let row_start = avtal
            .find(&format!(">{name}</a></th>"))
            .unwrap_or_else(|| panic!("no row {name}"));
        let row = &avtal[row_start..row_start + avtal[row_start..].find("</tr>").unwrap()];
        assert!(
            row.contains(pop) && row.contains(share) && row.contains(cost),
            "{name}: {row}"
        );
    }
    assert!(avtal.contains("197 309"));
    assert!(avtal.contains("3 630 960"));
    let gagnef = page("public/parter/gagnef/index.html");
    assert!(
        gagnef.contains("190 988 kr"),
        "Gagnef's page shows its cost"
    );
}

#[test]
fn sub_agreement_lists_its_parties_and_19_sections() {
    let avtal = page("public/dokument/samverkansavtal-nedre-dalarna/index.html");
    let toc = &avtal[avtal.find("class=\"toc\"").unwrap()
        ..avtal.find("</nav>\n\n<div class=\"doc-body\">").unwrap()];
    let top_level = toc.matches("class=\"toc-level-2\"").count();
    assert_eq!(top_level, 19, "{toc}");
    assert!(toc.contains("<span class=\"secnum\">19</span> Avtalstecknare"));
    assert!(toc.contains("<span class=\"secnum\">9.1</span> Budget"));
    for party in [
        "Falu kommun",
        "Avesta kommun",
        "Borlänge kommun",
        "Gagnefs kommun",
        "Hedemora kommun",
        "Ludvika kommun",
        "Säters kommun",
    ] {
        assert!(avtal.contains(&format!(">{party}</a>")), "{party}");
    }
    let block = &avtal[avtal.find("class=\"signature-block\"").unwrap()..];
    assert_eq!(
        block.matches("<div class=\"signer\">").count(),
        7,
        "a signature block per party"
    );
    assert!(page("public/parter/falun/index.html").contains("212000-2221"));
}

#[test]
fn section_reference_shows_its_resolved_number() {
    let avtal = page("public/dokument/samverkansavtal-nedre-dalarna/index.html");
    assert!(
        avtal.contains("href=\"#andringar\">punkt 14</a>"),
        "the agreement's own punkt 14"
    );
}

#[test]
fn unresolved_punkt_13_stays_the_documents_words_and_names_no_section_of_the_sub_agreement() {
    // The service description and the final report say "omförhandling enligt punkt 13"
    // without naming the agreement; the sub-agreement's own copy says "punkt 14". The text
    // keeps "punkt 13", marked as a reference to a document that is not on the site.
    for p in [
        "public/dokument/verksamhetsbeskrivning/index.html",
        "public/dokument/slutrapport/v2/index.html",
    ] {
        let html = page(p);
        assert!(
            html.contains(
                "omförhandling enligt <a class=\"external-ref\" href=\"#extern_avtal-punkt-13\""
            ),
            "{p}"
        );
        assert!(html.contains(">punkt 13</a>"), "{p}");
        assert!(
            !html.contains("#andringar\">punkt 13"),
            "{p}: not linked to the sub-agreement's §14"
        );
        assert!(html.contains("<dt id=\"extern_avtal-punkt-13\">"), "{p}");
        assert!(
            html.contains("Dokument som inte finns på webbplatsen"),
            "{p}"
        );
    }
}

#[test]
fn final_report_annexes_not_on_the_site_are_named_with_what_is_known() {
    let html = page("public/dokument/slutrapport/index.html");
    assert!(html.contains(
        "<dt id=\"extern_samverkansavtal-region-falun\">Samverkansavtal- Läns-gemensam Mini-Maria verksamhet Region Dalarna och Falu kommun</dt>"
    ));
    assert!(html.contains("Parter: Region Dalarna, Falu kommun"));
}

#[test]
fn slutrapport_has_two_versions_with_their_own_pages() {
    let v1 = page("public/dokument/slutrapport/v1/index.html");
    let v2 = page("public/dokument/slutrapport/v2/index.html");
    let latest = page("public/dokument/slutrapport/index.html");
    assert!(v1.contains("Du läser en äldre version."));
    assert!(v2.contains("11 april 2025"));
    assert!(latest.contains("HSN 2025/2826"));
    for p in [&v1, &v2] {
        assert!(
            p.contains("href=\"../../../dokument/slutrapport/v1/index.html\">v1</a>")
                || p.contains("<strong>v1</strong>")
        );
        assert!(
            p.contains("href=\"../../../dokument/slutrapport/v2/index.html\">v2</a>")
                || p.contains("<strong>v2</strong>")
        );
    }
}

#[test]
fn decisions_link_to_what_they_concern() {
    let ks = page("public/dokument/gagnef-ks-2025-179/index.html");
    assert!(ks.contains("KS § 179"));
    assert!(ks.contains("Ingå avtalssamverkan kring MiniMaria verksamhet i Dalarna."));
    assert!(ks.contains("../../dokument/slutrapport/v2/"));
    assert!(ks.contains("../../dokument/samverkansavtal-nedre-dalarna/"));
    let sn = page("public/dokument/gagnef-sn-2025-73/index.html");
    assert!(sn.contains("17 november 2025"));
}

#[test]
fn check_reports_the_inconsistencies_the_documents_contain() {
    let o = Command::new(env!("CARGO_BIN_EXE_styrdok"))
        .args(["check", "--root", env!("CARGO_MANIFEST_DIR")])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("is made in 8 copies but has 7 parties"),
        "{stderr}"
    );
    assert!(
        stderr.contains("includes Smedjebackens kommun, who is not a party"),
        "{stderr}"
    );
    // The customer's "punkt 13" is not a mistake to rewrite: no warning suggests it.
    assert!(!stderr.contains("the link text says 13"), "{stderr}");
    // Names spelt differently across the documents (each checked against the seeds).
    for (at, message) in [
        (
            "agreements/samverkansavtal-nedre-dalarna.md:19:95",
            "`Sätters kommun` looks like a variant spelling of Säters kommun",
        ),
        (
            "content/avsiktsforklaring.md:18:46",
            "`Välfrädrädet` looks like a variant spelling of Välfärdsrådet",
        ),
        (
            "content/avsiktsforklaring.md:33:451",
            "`Valfärdsrådets` looks like a variant spelling of Välfärdsrådet",
        ),
        (
            "content/slutrapport/v2.md:69:45",
            "`Division Psykiatri & Rehabilitering` looks like a variant spelling of Division Psykiatri och Habilitering",
        ),
        (
            "content/projektplan.md:66:78",
            "`stygruppen` looks like a variant spelling of Styrgruppen",
        ),
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with(&format!("{at}: warning: ")) && l.contains(message)),
            "no {at}: {message}\n{stderr}"
        );
    }
    // The final report's timeline has the project plan a year before the working group.
    assert!(
        stderr.contains("activity 1.2 Projektplan is dated Okt-dec 2023"),
        "{stderr}"
    );
    // The organisation numbers and Gagnef's cost in the text agree with the data.
    assert!(!stderr.contains("the text gives"), "{stderr}");
    assert!(!stderr.contains("unknown organ"), "{stderr}");
}

#[test]
fn slutrapport_diff_names_the_sections_that_really_changed() {
    let o = Command::new(env!("CARGO_BIN_EXE_styrdok"))
        .args([
            "diff",
            "slutrapport",
            "v1",
            "v2",
            "--format",
            "json",
            "--root",
            env!("CARGO_MANIFEST_DIR"),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let changed: Vec<&str> = v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["status"] != "unchanged")
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    // The substantive changes between the earlier and the 2025-04-11 version.
    for id in [
        "styrgrupp",
        "kompetenshojande-insatser",
        "aktiviteter",
        "projektorganisation",
    ] {
        assert!(changed.contains(&id), "{id} not among {changed:?}");
    }
    for id in ["malgrupp", "delat-ansvar", "samsjuklighet"] {
        assert!(!changed.contains(&id), "{id} did not change");
    }
    assert_eq!(v["summary"]["sections_removed"], 0);
    // "Maj-sep 2025" became "Maj-okt 2025" in activity 4.3.
    assert!(String::from_utf8_lossy(&o.stdout).contains("Maj-okt"));
}

#[test]
fn named_contact_persons_are_on_the_internal_site_only() {
    let public = crate::read_tree(&out().join("out/public"));
    for (path, bytes) in &public {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("Carina Wadås"),
            "{path} names the contact person"
        );
    }
    assert!(page("internal/dokument/projektplan/index.html").contains("Carina Wadås"));
    assert!(page("public/dokument/projektplan/index.html").contains("Utvecklingsledare"));
}

/// The persons the final report's project organisation names (internal passages only).
const SLUTRAPPORT_NAMES: &[&str] = &[
    "Carina Wadås",
    "Linn Andersson",
    "Håkan Landpers",
    "Kristina Pettersson Boberg",
    "Therese Olsson",
    "Jimmy Stenberg",
    "Sara Albenius",
    "Therese Lidholm",
    "Caroline Mörk",
    "Henrietta Forsman",
    "Helena von Schewen",
    "Magnus Nordahl",
    "Anna Ståhlkloo",
    "Pia Blomstedt",
];

/// The text of one section of a document page: from its heading to the next heading.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!(" id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no section {id}"));
    let rest = &html[start..];
    let end = ["<h2", "<h3", "<h4"]
        .iter()
        .filter_map(|h| rest.find(h))
        .min()
        .unwrap_or(rest.len());
    &rest[..end]
}

/// One section of a diff page.
fn diff_section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!(" id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no diff section {id}"));
    let rest = &html[start..];
    &rest[..rest.find("</section>").unwrap()]
}

#[test]
fn public_final_report_keeps_its_tables_with_roles_and_without_names() {
    for (rel, activity_4_3) in [
        ("public/dokument/slutrapport/v1/index.html", "Maj-sep 2025"),
        ("public/dokument/slutrapport/v2/index.html", "Maj-okt 2025"),
    ] {
        let html = page(rel);
        let org = section(&html, "projektorganisation");
        assert!(org.contains("Utöver de personer som anges nedan"), "{rel}");
        assert!(
            org.contains("<table>"),
            "{rel}: the organisation table is public"
        );
        for cell in [
            "Roll i projektet",
            "Arbetsgrupp Region Dalarna",
            "Länschefsnätverket",
            "Brukarinflytande-samordnare",
            "Bitr. Enhetschef",
            "Maria Ungdom Stockholm",
            "Individ- och familjeomsorgen, Mora Kommun",
        ] {
            assert!(org.contains(cell), "{rel}: {cell}");
        }
        let activities = section(&html, "aktiviteter");
        assert!(
            activities.contains("<table>"),
            "{rel}: the timeline is public"
        );
        for cell in [
            "Forma arbetsgrupp",
            "Okt-dec 2023",
            "SKR- checklista för implementering med kvalitet",
            activity_4_3,
            "Start implementering",
        ] {
            assert!(activities.contains(cell), "{rel}: {cell}");
        }
        for name in SLUTRAPPORT_NAMES {
            assert!(!html.contains(name), "{rel} names {name}");
        }
    }
    // Staff still see who is who.
    let internal = page("internal/dokument/slutrapport/index.html");
    for name in SLUTRAPPORT_NAMES {
        assert!(internal.contains(name), "internal page lacks {name}");
    }
    // No name of the report's internal passages anywhere public, search index included (the
    // investigation cites a presentation by one of them in a footnote of its own).
    let mut public: String = crate::read_tree(&out().join("out/public"))
        .into_iter()
        .filter(|(path, _)| !path.starts_with("pagefind/"))
        .map(|(path, bytes)| {
            if path.starts_with("dokument/utredning/") {
                String::new()
            } else {
                String::from_utf8_lossy(&bytes).into_owned()
            }
        })
        .collect();
    public.push_str(&crate::read_search_index(
        &out().join("out/public/pagefind"),
    ));
    for name in SLUTRAPPORT_NAMES
        .iter()
        .filter(|n| **n != "Helena von Schewen")
    {
        assert!(!public.contains(name), "the public site names {name}");
    }
}

#[test]
fn public_redline_of_the_final_report_shows_the_real_changes_only() {
    let html = page("public/dokument/slutrapport/jamfor/v1-v2/index.html");
    // Activity 4.3 moved from "Maj-sep" to "Maj-okt 2025": visible to the public now.
    let activities = diff_section(&html, "diff-aktiviteter");
    assert!(activities.contains("<del><span class=\"sr-only\">[borttaget: </span>Maj-sep"));
    assert!(activities.contains("<ins><span class=\"sr-only\">[tillagt: </span>Maj-okt"));
    let org = diff_section(&html, "diff-projektorganisation");
    assert!(org.contains("<ins><span class=\"sr-only\">[tillagt: </span>Rehabilitering"));
    // Footnotes read as on the page.
    assert!(!html.contains("[^"), "raw footnote markers");
    assert!(
        html.contains("Mini-Maria verksamhet<sup class=\"footnote-ref\">1</sup>, med målgruppen")
    );
    assert!(
        html.contains("<sup class=\"footnote-ref\">1</sup> Med en Mini-Maria verksamhet avses")
    );
    for name in SLUTRAPPORT_NAMES {
        assert!(!html.contains(name), "the public redline names {name}");
    }
    // The earlier version's OCR copy has no title page: on the internal redline the title
    // page is missing from that source, not added.
    let internal = page("internal/dokument/slutrapport/jamfor/v1-v2/index.html");
    let intro = diff_section(&internal, "diff-inledning");
    assert!(
        intro.contains("saknas i källan till den äldre versionen"),
        "{intro}"
    );
    assert!(!intro.contains("tillagd"), "{intro}");
    assert!(!intro.contains("<ins>"), "{intro}");
}

#[test]
fn final_report_pages_have_titles_of_their_own() {
    let mut seen = std::collections::BTreeMap::new();
    for rel in [
        "public/dokument/slutrapport/index.html",
        "public/dokument/slutrapport/v1/index.html",
        "public/dokument/slutrapport/v2/index.html",
        "public/dokument/slutrapport/jamfor/v1-v2/index.html",
        "public/dokument/slutrapport/jamfor/v1-v2/andrade/index.html",
    ] {
        let html = page(rel);
        let start = html.find("<title>").unwrap() + 7;
        let title = html[start..start + html[start..].find("</title>").unwrap()].to_string();
        assert!(title.starts_with("Slutrapport"), "{rel}: {title}");
        if let Some(other) = seen.insert(title.clone(), rel) {
            panic!("{rel} and {other} share the title {title}");
        }
    }
}

#[test]
fn letter_of_intent_shows_its_own_condition_decisions_not_signatures() {
    let p = page("public/dokument/avsiktsforklaring/index.html");
    let block = &p[p.find("<div class=\"condition\">").unwrap()..];
    let block = &block[..block.find("</div>").unwrap()];
    assert!(block.contains(
        "<blockquote><p>Avsiktsförklaringen gäller under förutsättning att samtliga ingående parter fattar likalydande beslut om avsiktsförklaringen.</p></blockquote>"
    ), "{block}");
    assert!(block.contains(
        "styrdok räknar villkoret som uppfyllt när samtliga parter har fattat beslut om versionen:"
    ));
    assert!(
        !block.contains("undertecknat") && !block.contains("I kraft"),
        "the letter of intent asks for decisions, not signatures: {block}"
    );
    assert!(block.contains("#parter-och-syfte\"><cite>"));
    assert!(!p.contains("samtliga parter har beslutat och undertecknat"));
}

#[test]
fn sub_agreement_shows_the_condition_stated_in_the_decisions() {
    let p = page("public/dokument/samverkansavtal-nedre-dalarna/index.html");
    let block = &p[p.find("<div class=\"condition\">").unwrap()..];
    let block = &block[..block.find("</div>").unwrap()];
    assert!(block.contains(
        "Beslutet ska fattas av respektive part och gäller under förutsättning att samtliga parter godkänner avtalen."
    ), "{block}");
    assert!(block.contains(
        "<a href=\"../../dokument/gagnef-ks-2025-179/index.html#beslutspunkt-3\"><cite>Kommunstyrelsen, Gagnefs kommun, KS § 179, punkt 3</cite></a>"
    ), "{block}");
    // KS § 179 and SN § 73 are proposals: listed as such, never as decisions.
    assert!(
        !p.contains("id=\"decisions-title\""),
        "no decision is registered"
    );
    let proposals = &p[p.find("id=\"proposals-title\"").unwrap()..];
    assert!(
        proposals.contains("Kommunstyrelsen KS § 179")
            && proposals.contains("Socialnämnden SN § 73")
    );
}

#[test]
fn smedjebacken_is_in_faluns_catchment_by_the_service_description_not_in_nedre_dalarna() {
    let p = page("public/parter/smedjebacken/index.html");
    assert!(
        !p.contains("nedre Dalarna"),
        "no document puts Smedjebacken in the nedre Dalarna agreement or its cost split"
    );
    assert!(p.contains("Ingår i Faluns upptagningsområde"));
    assert!(p.contains(
        "Källa: <a href=\"../../dokument/verksamhetsbeskrivning/index.html#vardkommuner\">Verksamhetsbeskrivning"
    ));
    assert!(
        !p.contains("Kostnadsfördelning 2026"),
        "not in the cost split"
    );
    // Smedjebacken is no principal, host or steering-group member: none of their duties
    // are its own.
    for duty in [
        "Anhörigstöd",
        "Sociala stödinsatser",
        "Psykosocial behandling",
        "Fastställa årlig verksamhetsberättelse",
        "Teckna underavtal",
    ] {
        assert!(!p.contains(duty), "{duty}");
    }
    // Gagnef, a party to the sub-agreement, holds the parties' duties, with the clause linked.
    let g = page("public/parter/gagnef/index.html");
    assert!(g.contains(
        "Varje deltagande kommun ansvarar för att erforderliga beslut fattas i sin kommun"
    ));
    assert!(g.contains("../../dokument/samverkansavtal-nedre-dalarna/index.html#parternas-ansvar"));
    assert!(
        !g.contains("Anhörigstöd"),
        "Gagnef is not the municipal principal"
    );
    // Falun holds the municipal principal's duties, under "Kommun", because the service
    // description makes it a principal.
    let f = page("public/parter/falun/index.html");
    let kommun = &f[f.find("<h3>Kommun (huvudman i verksamheten)</h3>").unwrap()..];
    let kommun = &kommun[..kommun.find("</section>").unwrap()];
    assert!(kommun.contains("Anhörigstöd"));
    assert!(
        kommun.contains("#organisation\">Verksamhetsbeskrivning"),
        "{kommun}"
    );
}

/// Every responsibility the service description and the sub-agreement state, by the section
/// it stands in: removing one from `data/ansvar.yaml` fails this test.
const KNOWN_CLAUSES: &[(&str, &str)] = &[
    (
        "verksamhetsbeskrivning/#organisation",
        "Varje huvudman har ansvar för sin egen verksamhet och personal enligt Socialtjänstlagen (SoL) och Hälso- och sjukvårdslagen (HSL).",
    ),
    (
        "verksamhetsbeskrivning/#organisation",
        "Varje verksamhetschef ansvarar för att Mini-Maria blir en del av respektive huvudmans ordinarie verksamhet.",
    ),
    (
        "verksamhetsbeskrivning/#organisation",
        "Varje huvudman ansvarar för att personal finns tillgänglig enligt verksamhetsbeskrivningen.",
    ),
    (
        "verksamhetsbeskrivning/#styrgrupp",
        "Styrgruppen har löpande dialog om verksamhetens mål, inriktning och kvalitet.",
    ),
    (
        "verksamhetsbeskrivning/#styrgrupp",
        "Justeringar och större förändringar av verksamhetsbeskrivningen ska godkännas av styrgruppen",
    ),
    (
        "verksamhetsbeskrivning/#styrgrupp",
        "Vara en länk mellan huvudmännen och dess verksamheter.",
    ),
    (
        "verksamhetsbeskrivning/#styrgrupp",
        "Besluta om årlig verksamhetsplan med tillhörande verksamhetsmål och budget (vilket bör synkroniseras",
    ),
    (
        "verksamhetsbeskrivning/#styrgrupp",
        "Fastställa årlig verksamhetsberättelse",
    ),
    (
        "verksamhetsbeskrivning/#styrgrupp",
        "Ge förslag till ekonomiska beslut till respektive huvudman.",
    ),
    (
        "verksamhetsbeskrivning/#styrgrupp",
        "Genomföra årlig uppföljning av verksamhet och uppsatta mål.",
    ),
    (
        "verksamhetsbeskrivning/#styrgrupp",
        "Årligen rapportera till Valförbundsrådet.",
    ),
    (
        "verksamhetsbeskrivning/#vardkommunernas-ansvar",
        "Teckna underavtal med kommunerna i aktuellt upptagningsområde.",
    ),
    (
        "verksamhetsbeskrivning/#vardkommunernas-ansvar",
        "Tillsammans med Region Dalarna ansvara för att ta fram lämplig lokal för verksamheten.",
    ),
    (
        "verksamhetsbeskrivning/#vardkommunernas-ansvar",
        "Bemanna och driva verksamheten enligt verksamhetsbeskrivning och budget framtagna för verksamheten.",
    ),
    (
        "verksamhetsbeskrivning/#vardkommunernas-ansvar",
        "Tillsammans med Region Dalarna ingå i styrgruppen för verksamheten.",
    ),
    (
        "verksamhetsbeskrivning/#overgripande-ansvar",
        "Varje huvudman har ansvar för sin egen verksamhet och personal enligt Socialtjänstlagen (SoL) och i Hälso- och sjukvårdslagen (HSL).",
    ),
    (
        "verksamhetsbeskrivning/#overgripande-ansvar",
        "Varje verksamhetschef ansvarar för att Mini-Maria blir en del av respektive huvudmans ordinarie verksamhet.",
    ),
    (
        "verksamhetsbeskrivning/#overgripande-ansvar",
        "Varje huvudman ansvarar för att personal finns tillgänglig enligt verksamhetsbeskrivningen.",
    ),
    (
        "verksamhetsbeskrivning/#overgripande-ansvar",
        "Parterna ansvara för etablering, finansiering och drift av Mini-Maria verksamhet enligt budget för verksamheten.",
    ),
    (
        "verksamhetsbeskrivning/#overgripande-ansvar",
        "Parterna ha ansvar för styrning och ledning i verksamheten.",
    ),
    (
        "verksamhetsbeskrivning/#overgripande-ansvar",
        "Parterna åtar sig att utveckla Mini-Maria i enlighet med verksamhetsbeskrivningen.",
    ),
    (
        "verksamhetsbeskrivning/#delat-ansvar",
        "Kartläggning samt stöd- och behandling gällande riskbruk, skadligt bruk och beroende.",
    ),
    (
        "verksamhetsbeskrivning/#delat-ansvar",
        "Psykosocial behandling",
    ),
    ("verksamhetsbeskrivning/#delat-ansvar", "Sexuell utsatthet"),
    (
        "verksamhetsbeskrivning/#region",
        "Screening, diagnostik och psykologisk behandling vid psykiatrisk samsjuklighet.",
    ),
    (
        "verksamhetsbeskrivning/#region",
        "Alkohol- och drogkontroller inom ramen för medicinsk behandling.",
    ),
    (
        "verksamhetsbeskrivning/#region",
        "Läkemedelsbehandling, abstinensbehandling och läkarintyg.",
    ),
    (
        "verksamhetsbeskrivning/#region",
        "Orosanmälan till socialtjänsten",
    ),
    (
        "verksamhetsbeskrivning/#region",
        "Anmäla till socialtjänsten om patient bedöms vara i behov av vård enligt LVM",
    ),
    ("verksamhetsbeskrivning/#region", "Suicidriskbedömningar."),
    ("verksamhetsbeskrivning/#kommun", "Sociala stödinsatser"),
    ("verksamhetsbeskrivning/#kommun", "Anhörigstöd"),
    (
        "verksamhetsbeskrivning/#kommun",
        "Kriminalitet (screening och vissa insatser inom ramen av Mini-Maria",
    ),
    (
        "verksamhetsbeskrivning/#forebyggande-insatser",
        "Förebyggande insatser tillsammans med andra samhällsorgan och organisationer tex skola ansvarar respektive kommun för.",
    ),
    (
        "verksamhetsbeskrivning/#kompetens",
        "Varje huvudman ansvarar för att respektive personal har rätt kompetens för uppdraget",
    ),
    (
        "verksamhetsbeskrivning/#dokumentation",
        "Respektive huvudmans personal dokumenterar enligt gällande intern rutin.",
    ),
    (
        "samverkansavtal-nedre-dalarna/#vardkommunens-ansvar",
        "Teckna avtal med Region Dalarna.",
    ),
    (
        "samverkansavtal-nedre-dalarna/#vardkommunens-ansvar",
        "Ta fram kostnad för respektive kommun.",
    ),
    (
        "samverkansavtal-nedre-dalarna/#vardkommunens-ansvar",
        "Tillsammans med Region Dalarna ansvara för att ta fram lämplig lokal för verksamheten.",
    ),
    (
        "samverkansavtal-nedre-dalarna/#vardkommunens-ansvar",
        "Bemanna och driva verksamheten enligt verksamhetsbeskrivning och budget framtagen för verksamheten.",
    ),
    (
        "samverkansavtal-nedre-dalarna/#vardkommunens-ansvar",
        "Tillsammans med Region Dalarna ingå i styrgruppen för verksamheten.",
    ),
    (
        "samverkansavtal-nedre-dalarna/#overgripande-ansvar",
        "Falu kommun ansvarar för att i samverkan med Region Dalarna etablera och driva Mini-Maria verksamheten",
    ),
    (
        "samverkansavtal-nedre-dalarna/#parternas-ansvar",
        "Falu kommun ansvarar för personal och verksamhet enligt Socialtjänstlagen",
    ),
    (
        "samverkansavtal-nedre-dalarna/#parternas-ansvar",
        "Varje deltagande kommun ansvarar för att erforderliga beslut fattas i sin kommun",
    ),
    (
        "samverkansavtal-nedre-dalarna/#parternas-ansvar",
        "Varje deltagande kommun ansvarar för ev. ytterligare stöd som individen/familjen",
    ),
    (
        "samverkansavtal-nedre-dalarna/#styrgrupp",
        "Justeringar och större förändringar av verksamhetsbeskrivningen ska godkännas av styrgruppen för att träda i kraft och kräver omförhandling enligt punkt 14.",
    ),
    (
        "samverkansavtal-nedre-dalarna/#styrgrupp",
        "Besluta om årlig verksamhetsplan med tillhörande verksamhetsmål och budget.",
    ),
    (
        "samverkansavtal-nedre-dalarna/#styrgrupp",
        "Årligen rapportera till Välfärdsrådet.",
    ),
    (
        "samverkansavtal-nedre-dalarna/#uppfoljning",
        "Kommunrepresentanterna i styrguppen ska vid behov delta vid nätverksträffarna",
    ),
    (
        "samverkansavtal-nedre-dalarna/#ataganden-och-finansiering",
        "Parterna åtar sig att arbeta enligt gällande verksamhetsbeskrivning och budget kopplat till verksamheterna.",
    ),
    (
        "samverkansavtal-nedre-dalarna/#ataganden-och-finansiering",
        "I respektive parts åtagande ingår även att finansiera driftskostnader",
    ),
    (
        "samverkansavtal-nedre-dalarna/#ataganden-och-finansiering",
        "Beslut kring hantering av ev. underskott eller överskott, fattas av socialchefsnätverket.",
    ),
    (
        "samverkansavtal-nedre-dalarna/#budget",
        "Ev. uppstartskostnader hanteras separat genom beslut/godkännande från respektive kommun.",
    ),
    (
        "samverkansavtal-nedre-dalarna/#information",
        "Parterna ansvarar gemensamt för information till invånarna",
    ),
    (
        "samverkansavtal-nedre-dalarna/#rapportering",
        "Mini-Mariaverksamheten ska sammanställa en årlig uppföljning",
    ),
    (
        "samverkansavtal-nedre-dalarna/#andringar",
        "ska parterna i samförstånd arbeta för att göra justeringar",
    ),
];

#[test]
fn responsibilities_lookup_holds_every_known_clause_with_its_section() {
    let p = page("public/ansvar/index.html");
    let rows: Vec<(String, String)> = p
        .split("<tr class=\"responsibility\"")
        .skip(1)
        .map(|row| {
            let row = &row[..row.find("</tr>").unwrap()];
            let href = row
                .split("href=\"")
                .last()
                .and_then(|h| h.split('"').next())
                .unwrap_or("")
                .to_string();
            let text = row[row.find("<td>").unwrap() + 4..row.find("</td>").unwrap()]
                .replace("&#x2F;", "/")
                .replace("&amp;", "&");
            (href, text)
        })
        .collect();
    for (section, clause) in KNOWN_CLAUSES {
        assert!(
            rows.iter()
                // The bundled site links page files (`links: index-html`, the default).
                .any(|(href, text)| {
                    href.replace("/index.html#", "/#").ends_with(section) && text.contains(clause)
                }),
            "the lookup lacks {section}: \"{clause}\""
        );
    }
    assert!(rows.len() >= KNOWN_CLAUSES.len());
}

#[test]
fn bundled_decisions_record_no_posting_date_so_nothing_is_computed() {
    // The customer's minutes give no posting dates: every decision page says so, and none
    // claims a running period or legal force.
    let dir = out().join("out/public/dokument");
    let mut decisions = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let html = std::fs::read_to_string(entry.unwrap().path().join("index.html")).unwrap();
        let Some(at) = html.find("<div class=\"legal ") else {
            continue;
        };
        decisions += 1;
        let b = &html[at..];
        assert!(b.starts_with("<div class=\"legal legal-unknown\">"), "{b}");
        assert!(b.contains("Inget datum för när justeringen anslogs är registrerat"));
    }
    assert!(decisions >= 2, "{decisions} decision pages");
    let register = page("public/beslutsregister/index.html");
    assert!(!register.contains("löper ut"));
    assert!(!register.contains("vunnit laga kraft enligt"));
}

#[test]
fn the_letter_of_intent_quotes_what_the_decisions_say_of_it_and_counts_nothing_unregistered() {
    let page = page("public/dokument/avsiktsforklaring/index.html");
    // Gagnef's decisions say all principals approved it in spring 2024; those decisions are
    // not in the site, so the page quotes the sentence and the tracker stays as registered.
    assert!(page.contains(
        "<blockquote><p>Våren 2024 upprättades en avsiktsförklaring som under samma tid beslutades att godkännas av samtliga huvudmän.</p></blockquote>"
    ));
    assert!(page.contains("<cite>Kommunstyrelsen, Gagnefs kommun, KS § 179</cite>"));
    assert!(
        !page.contains("ännu inte uppfyllt"),
        "the site does not claim the condition is unmet"
    );
    assert!(page.contains("För 16 av 16 parter finns inget beslut registrerat här"));
}
