//! Conditions as the documents state them (`in_force_when`), and proposals kept apart from
//! decisions, on the fictional `conditions` fixture.

use crate::Site;

fn built() -> Site {
    let site = Site::fixture("conditions");
    site.run(&["build"]).success();
    site
}

/// The condition block of a page: from its opening tag to the status table.
fn condition_block(page: &str) -> &str {
    let start = page
        .find("<div class=\"condition\">")
        .expect("a condition block");
    let end = page[start..].find("</div>").unwrap() + start;
    &page[start..end]
}

#[test]
fn all_decided_is_met_by_decisions_without_signatures_and_quotes_the_document() {
    let site = built();
    let page = site.read("out/public/dokument/beslutsavtal/index.html");
    let block = condition_block(&page);
    assert!(
        block.contains("styrdok räknar villkoret som uppfyllt när samtliga parter har fattat beslut om versionen:"),
        "{block}"
    );
    assert!(
        block.contains("uppfyllt enligt det som är registrerat</strong> (2 av 2)"),
        "two decisions and no signature meet an all-decided condition: {block}"
    );
    assert!(
        !block.contains("undertecknat"),
        "an all-decided condition never asks for signatures: {block}"
    );
    assert!(block.contains(
        "<blockquote><p>Avsiktsförklaringen gäller under förutsättning att samtliga parter fattar likalydande beslut.</p></blockquote>"
    ));
    assert!(block.contains(
        "<a href=\"../../dokument/beslutsavtal/#giltighet\"><cite>Fiktiv avsiktsförklaring, avsnitt 2 Giltighet</cite></a>"
    ));
    assert!(
        block.contains("Beräknat av styrdok"),
        "the state is marked as computed"
    );
}

#[test]
fn all_signed_needs_every_signature() {
    let site = built();
    let page = site.read("out/public/dokument/signaturavtal/index.html");
    let block = condition_block(&page);
    assert!(block.contains("styrdok räknar villkoret som uppfyllt när samtliga parter har beslutat och undertecknat versionen:"));
    assert!(
        block.contains("inte visat uppfyllt enligt det som är registrerat</strong> (1 av 2)"),
        "both decided, one signed: {block}"
    );
    assert!(block.contains("Avtalet träder i kraft när samtliga parter har undertecknat det."));
    assert!(
        !block.contains("inget beslut registrerat"),
        "both parties' decisions are registered: {block}"
    );
    // The overview page shows the same.
    let overview = site.read("out/public/underskrifter/index.html");
    assert!(
        overview.contains("inte visat uppfyllt enligt det som är registrerat</strong> (1 av 2)")
    );
}

#[test]
fn a_condition_stated_in_a_decision_links_the_decision_point() {
    let site = built();
    let page = site.read("out/public/dokument/punktavtal/index.html");
    let block = condition_block(&page);
    assert!(block.contains(
        "<a href=\"../../dokument/ankeby-ks-3/#beslutspunkt-2\"><cite>Kommunstyrelsen, Ankeby kommun, KS § 3, punkt 2</cite></a>"
    ), "{block}");
    assert!(
        block.contains("(0 av 2)"),
        "a proposal is not a decision: {block}"
    );
    assert!(
        block.contains("För 2 av 2 parter finns inget beslut registrerat här. Det betyder inte att de inte har beslutat"),
        "nothing registered is not shown as not decided: {block}"
    );
    let decision = site.read("out/public/dokument/ankeby-ks-3/index.html");
    assert!(decision.contains("<li id=\"beslutspunkt-2\">Beslutet gäller under förutsättning"));
}

#[test]
fn without_a_stated_condition_the_tracker_says_so_and_claims_nothing() {
    let site = built();
    let page = site.read("out/public/dokument/villkorslost/index.html");
    let block = condition_block(&page);
    assert!(block.contains("Handlingarna anger inget villkor för när dokumentet gäller."));
    assert!(!block.contains("uppfyllt") && !block.contains("I kraft"));
    let json = site.run(&["status", "villkorslost", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["agreements"][0]["condition"], serde_json::Value::Null);
    assert_eq!(v["agreements"][0]["in_force"], serde_json::Value::Null);
    let text = site.run(&["status", "villkorslost"]);
    assert!(
        text.stdout
            .contains("Handlingarna anger inget villkor för när dokumentet gäller."),
        "{}",
        text.stdout
    );
}

#[test]
fn status_reports_the_condition_in_every_format() {
    let site = Site::fixture("conditions");
    let json = site.run(&["status", "beslutsavtal", "--format", "json"]);
    json.success();
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let c = &v["agreements"][0]["condition"];
    assert_eq!(c["rule"], "all-decided");
    assert_eq!(c["state"], "met");
    assert_eq!(c["source"], "@beslutsavtal#giltighet");
    assert_eq!(
        c["quote"],
        "Avsiktsförklaringen gäller under förutsättning att samtliga parter fattar likalydande beslut."
    );
    assert_eq!(c["fulfilled"], 2);
    assert_eq!(v["agreements"][0]["in_force"], true);

    let csv = site.run(&["status", "signaturavtal", "--format", "csv"]);
    assert!(
        csv.stdout
            .lines()
            .next()
            .unwrap()
            .ends_with(",condition_rule,condition_state,proposals"),
        "{}",
        csv.stdout
    );
    assert!(
        csv.stdout.contains(
            "signaturavtal,v1,ankeby,Ankeby kommun,signed,KF § 1 2025-04-01,Anna Andersson,Kommunstyrelsens ordförande,2025-04-10,all-signed,not-met,KS § 3 2025-03-01"
        ),
        "a proposal has its own column: {}",
        csv.stdout
    );

    let text = site.run(&["status", "punktavtal"]);
    assert!(text.stdout.contains(
        "«Beslutet gäller under förutsättning att samtliga parter godkänner avtalet.» (Kommunstyrelsen, Ankeby kommun, KS § 3, punkt 2)"
    ), "{}", text.stdout);
    assert!(
        text.stdout
            .contains("Förslag finns; Förslag till beslut: KS § 3 (1 mars 2025)"),
        "{}",
        text.stdout
    );
}

#[test]
fn a_quote_that_is_not_in_its_source_is_an_error() {
    let site = Site::fixture("conditions");
    let path = "agreements/beslutsavtal.md";
    let text = site.read(path).replace(
        "quote: \"Avsiktsförklaringen gäller under förutsättning att samtliga parter fattar likalydande beslut.\"",
        "quote: \"Avsiktsförklaringen gäller när alla har skrivit under.\"",
    );
    site.write(path, &text);
    let punkt = site
        .read("agreements/punktavtal.md")
        .replace("point: 2", "point: 7");
    site.write("agreements/punktavtal.md", &punkt);
    site.write(
        "agreements/gammalt.md",
        "---\nid: gammalt\nkind: agreement\ntitle: Fiktivt äldre avtal\nparties: [ankeby]\nrequires_all_parties: true\n---\n\nText.\n",
    );
    site.write(
        "content/rapport.md",
        "---\nid: rapport\nkind: report\ntitle: Fiktiv rapport\nin_force_when:\n  rule: other\n  quote: \"Gäller.\"\n  source: \"Fiktivt protokoll\"\n---\n\nText.\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.has_diag(
        "content/rapport.md:6:3",
        "warning",
        "`in_force_when` on a document the tracker does not follow",
    );
    run.has_diag(
        "agreements/beslutsavtal.md:8:10",
        "error",
        "the condition's quote is not in `@beslutsavtal#giltighet`",
    )
    .has_diag(
        "agreements/punktavtal.md:10:10",
        "error",
        "`ankeby-ks-3` has no decision point 7 (2 points)",
    )
    .has_diag(
        "agreements/gammalt.md:2:5",
        "warning",
        "`requires_all_parties` is deprecated",
    );
}

#[test]
fn the_deprecated_flag_still_reads_as_all_signed_without_a_quote() {
    let site = Site::fixture("conditions");
    site.write(
        "agreements/gammalt.md",
        "---\nid: gammalt\nkind: agreement\ntitle: Fiktivt äldre avtal\nparties: [ankeby]\nrequires_all_parties: true\n---\n\nText.\n",
    );
    let json = site.run(&["status", "gammalt", "--format", "json"]);
    json.success();
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["agreements"][0]["condition"]["rule"], "all-signed");
    assert_eq!(
        v["agreements"][0]["condition"]["quote"],
        serde_json::Value::Null
    );
    assert_eq!(v["agreements"][0]["requires_all_parties"], true);
}

#[test]
fn proposals_are_labelled_as_proposals_on_the_history_and_the_agreement_page() {
    let site = built();
    let history = site.read("out/public/dokument/signaturavtal/versioner/index.html");
    assert!(history.contains(
        "<span class=\"decision-type\">Förslag till beslut:</span> <a href=\"../../../dokument/ankeby-ks-3/\">Kommunstyrelsen KS § 3 (v1)</a>"
    ), "{history}");
    assert!(history.contains(
        "<span class=\"decision-type\">Beslut:</span> <a href=\"../../../dokument/ankeby-kf-1/\">"
    ));
    assert!(!history.contains(">Beslut om versionen<"));

    let page = site.read("out/public/dokument/signaturavtal/index.html");
    let decisions = &page[page.find("id=\"decisions-title\"").unwrap()..];
    let decisions = &decisions[..decisions.find("</section>").unwrap()];
    assert!(decisions.contains("KF § 1") && decisions.contains("KF § 2"));
    assert!(
        !decisions.contains("KS § 3"),
        "a proposal is not listed under decisions: {decisions}"
    );
    let proposals = &page[page.find("id=\"proposals-title\"").unwrap()..];
    let proposals = &proposals[..proposals.find("</section>").unwrap()];
    assert!(proposals.contains("Förslag till beslut om dokumentet"));
    assert!(proposals.contains("Kommunstyrelsen KS § 3 (v1)"));
    // The tracker's evidence column says which is which.
    assert!(page.contains("<span class=\"decision-type\">Förslag till beslut:</span> <a href=\"../../dokument/ankeby-ks-3/\">"));

    let party = site.read("out/public/parter/ankeby/index.html");
    assert!(party.contains("Beslut och förslag till beslut"));
    let item = &party[party.find("Fiktivt förslag i Ankeby").unwrap()..];
    let item = &item[..item.find("</li>").unwrap()];
    assert!(item.contains("Förslag till beslut"), "{item}");
    let feed = site.read("out/public/atom.xml");
    let entry = &feed[feed.find("Kommunstyrelsen KS § 3").unwrap()..];
    let entry = &entry[..entry.find("</entry>").unwrap()];
    assert!(
        entry.contains("Förslag till beslut") && !entry.contains("<summary>Beslut</summary>"),
        "the feed announces a proposal as a proposal: {entry}"
    );
    let proposal = site.read("out/public/dokument/ankeby-ks-3/index.html");
    assert!(proposal.contains("<p class=\"doc-kind\">Förslag till beslut"));
}

#[test]
fn a_condition_styrdok_does_not_evaluate_is_quoted_and_never_judged() {
    let site = Site::fixture("conditions");
    site.write(
        "agreements/ovrigt.md",
        "---\nid: ovrigt\nkind: agreement\ntitle: Fiktivt avtal med annat villkor\nparties: [ankeby, bodarna]\nin_force_when:\n  rule: other\n  quote: \"Avtalet gäller från den dag regionen har tecknat sitt avtal.\"\n  source: \"@ovrigt\"\n---\n\nAvtalet gäller från den dag regionen har tecknat sitt avtal.\n",
    );
    site.run(&["build"]).success();
    let page = site.read("out/public/dokument/ovrigt/index.html");
    let block = condition_block(&page);
    assert!(block.contains("Avtalet gäller från den dag regionen har tecknat sitt avtal."));
    assert!(block.contains("styrdok bedömer inte om villkoret är uppfyllt."));
    assert!(!block.contains("uppfyllt enligt"), "{block}");
    let json = site.run(&["status", "ovrigt", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["agreements"][0]["condition"]["state"], "not-derived");
    assert_eq!(v["agreements"][0]["in_force"], serde_json::Value::Null);
}

#[test]
fn a_public_condition_or_clause_may_not_come_from_internal_text() {
    let site = Site::fixture("conditions");
    site.write(
        "agreements/hemligt.md",
        "---\nid: hemligt\nkind: agreement\ntitle: Fiktivt avtal med internt villkor\nparties: [ankeby]\nin_force_when:\n  rule: all-decided\n  quote: \"Avtalet gäller när styrelsen har godkänt det.\"\n  source: \"@hemligt#internt\"\n---\n\n## Syfte {#syfte}\n\nText.\n\n::: intern\n## Internt {#internt}\n\nAvtalet gäller när styrelsen har godkänt det.\n:::\n",
    );
    site.write(
        "data/ansvar.yaml",
        "# Fictional, broken on purpose.\nresponsibilities:\n  - { holder: operation, text: Avtalet gäller när styrelsen har godkänt det., source: \"@hemligt#internt\", in_text: true }\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.has_diag(
        "agreements/hemligt.md:9:11",
        "error",
        "public document quotes internal text `@hemligt#internt`",
    )
    .has_diag(
        "data/ansvar.yaml:3:87",
        "error",
        "the clause comes from internal text `@hemligt#internt`",
    );
}

#[test]
fn a_public_quote_may_not_stand_only_in_an_internal_passage_of_a_public_section() {
    let site = Site::fixture("conditions");
    // The section is public, the sentence stands only inside its internal passage.
    site.write(
        "agreements/passage.md",
        "---\nid: passage\nkind: agreement\ntitle: Fiktivt avtal med villkor i en intern passage\nparties: [ankeby]\nin_force_when:\n  rule: all-decided\n  quote: \"Avtalet gäller när styrelsen har godkänt det.\"\n  source: \"@passage\"\n---\n\n## Giltighet {#giltighet}\n\nText.\n\n::: intern\nAvtalet gäller när styrelsen har godkänt det.\n:::\n",
    );
    site.write(
        "data/ansvar.yaml",
        "# Fictional, broken on purpose.\nresponsibilities:\n  - { holder: operation, text: Avtalet gäller när styrelsen har godkänt det., source: \"@passage#giltighet\", in_text: true }\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.has_diag(
        "agreements/passage.md:8:10",
        "error",
        "public document quotes internal text: the condition's quote stands only in an internal passage of `@passage`",
    )
    .has_diag(
        "data/ansvar.yaml:3:87",
        "error",
        "the clause stands only in an internal passage of `@passage#giltighet`",
    );
    // Nothing of it is written: the build refuses, so the sentence cannot reach the public site.
    let build = site.run(&["build"]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(!site.path("out/public").exists());
}

#[test]
fn an_internal_document_may_quote_its_own_internal_passage() {
    let site = Site::fixture("conditions");
    site.write(
        "agreements/internt.md",
        "---\nid: internt\nkind: agreement\naudience: internal\ntitle: Fiktivt internt avtal\nparties: [ankeby]\nin_force_when:\n  rule: all-decided\n  quote: \"Avtalet gäller när styrelsen har godkänt det.\"\n  source: \"@internt\"\n---\n\n## Giltighet {#giltighet}\n\n::: intern\nAvtalet gäller när styrelsen har godkänt det.\n:::\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// A fictional public decision that says something about `punktavtal`, and an internal note
/// that does too.
fn with_reports(site: &Site) {
    site.write(
        "content/ankeby-ks-9.md",
        "---\nid: ankeby-ks-9\nkind: decision\ntitle: Fiktivt beslut som omtalar avtalet\ndecision:\n  organ: Kommunstyrelsen\n  party: ankeby\n  paragraph: KS § 9\n  meeting_date: 2025-04-01\nreports:\n  - { about: \"@punktavtal\", quote: \"Avtalet har enligt uppgift godkänts av samtliga parter.\" }\n---\n\nFiktiv text. Avtalet har enligt uppgift [godkänts](@punktavtal) av samtliga parter[^1].\n\n[^1]: Fiktiv fotnot.\n",
    );
    site.write(
        "content/anteckning.md",
        "---\nid: anteckning\nkind: report\naudience: internal\ntitle: Fiktiv intern anteckning\nreports:\n  - { about: \"@punktavtal\", quote: \"Bodarna har sagt att de tänker avböja.\" }\n---\n\nBodarna har sagt att de tänker avböja.\n",
    );
}

#[test]
fn what_other_documents_say_is_quoted_on_the_page_and_never_counted() {
    let site = Site::fixture("conditions");
    with_reports(&site);
    site.run(&["build"]).success();
    let public = site.read("out/public/dokument/punktavtal/index.html");
    let start = public.find("class=\"reports\"").expect("a reports section");
    let section = &public[start..start + public[start..].find("</section>").unwrap()];
    assert!(section.contains("Vad andra handlingar säger"), "{section}");
    assert!(
        section.contains("<blockquote><p>Avtalet har enligt uppgift godkänts av samtliga parter.</p></blockquote>"),
        "{section}"
    );
    assert!(
        section.contains("<cite>Kommunstyrelsen, Ankeby kommun, KS § 9</cite>"),
        "the quoting decision is named by organ, party and paragraph: {section}"
    );
    assert!(section.contains("styrdok räknar dem inte som registrerade beslut"));
    assert!(
        !public.contains("tänker avböja"),
        "an internal document's report stays internal"
    );
    // The report is not a decision: the condition is still not shown met.
    assert!(condition_block(&public).contains("(0 av 2)"));
    let internal = site.read("out/internal/dokument/punktavtal/index.html");
    assert!(internal.contains("Bodarna har sagt att de tänker avböja."));
    // A document without reports has no such section.
    let other = site.read("out/public/dokument/beslutsavtal/index.html");
    assert!(!other.contains("class=\"reports\""));
}

#[test]
fn a_report_must_name_a_document_and_quote_its_own_public_text() {
    let site = Site::fixture("conditions");
    site.write(
        "content/ankeby-ks-9.md",
        "---\nid: ankeby-ks-9\nkind: decision\ntitle: Fiktivt beslut med felaktiga uppgifter\ndecision:\n  organ: Kommunstyrelsen\n  party: ankeby\n  paragraph: KS § 9\nreports:\n  - { about: \"@finns-inte\", quote: \"Fiktiv text.\" }\n  - { about: \"@punktavtal\", quote: \"Avtalet är godkänt av alla.\" }\n  - { about: \"@punktavtal\", quote: \"Hemlig uppgift om avtalet.\" }\n---\n\nFiktiv text.\n\n::: intern\nHemlig uppgift om avtalet.\n:::\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.has_diag(
        "content/ankeby-ks-9.md:10:14",
        "error",
        "`reports` is about `@finns-inte`, which names no document of the site",
    )
    .has_diag(
        "content/ankeby-ks-9.md:11:36",
        "error",
        "the report's quote is not in this document's text",
    )
    .has_diag(
        "content/ankeby-ks-9.md:12:36",
        "error",
        "public document quotes internal text: the report's quote stands only in an internal passage",
    );
}

#[test]
fn a_status_the_public_site_shows_otherwise_for_want_of_public_decisions_is_a_warning() {
    let site = Site::fixture("conditions");
    site.edit(
        "agreements/beslutsavtal.md",
        "numbered: true\n",
        "numbered: true\nstatus: approved\n",
    );
    let decision = "content/bodarna-kf-2.md";
    site.edit(
        decision,
        "kind: decision\n",
        "kind: decision\naudience: internal\n",
    );
    let run = site.run(&["build"]);
    run.has_diag(
        "agreements/beslutsavtal.md:11:9",
        "warning",
        "the public site shows `approved` (1 of 2 parties, from public decisions and signatures) but the internal site shows `in-force` (2 of 2): part of the evidence is internal",
    );
    // Each site says what its own evidence shows.
    let public = site.read("out/public/dokument/beslutsavtal/index.html");
    let internal = site.read("out/internal/dokument/beslutsavtal/index.html");
    assert!(
        condition_block(&public).contains("(1 av 2)"),
        "{}",
        condition_block(&public)
    );
    assert!(
        condition_block(&internal).contains("(2 av 2)"),
        "{}",
        condition_block(&internal)
    );
    // With the decision public again, both sites agree and nothing is said.
    site.edit(decision, "audience: internal\n", "");
    let run = site.run(&["check"]);
    assert!(
        !run.stderr.contains("the public site shows"),
        "{}",
        run.stderr
    );
}
