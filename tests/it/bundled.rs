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
    let vb = page("public/dokument/verksamhetsbeskrivning/index.html");
    // The service description says "punkt 13"; the link keeps the document's words and
    // leads to the section that is number 14 (check warns about the difference).
    assert!(
        vb.contains(
            "href=\"../../dokument/samverkansavtal-nedre-dalarna/#andringar\">punkt 13</a>"
        )
    );
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
            p.contains("href=\"../../../dokument/slutrapport/v1/\">v1</a>")
                || p.contains("<strong>v1</strong>")
        );
        assert!(
            p.contains("href=\"../../../dokument/slutrapport/v2/\">v2</a>")
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
    assert!(
        stderr.contains(
            "the link text says 13 but `@samverkansavtal-nedre-dalarna#andringar` is punkt 14"
        ),
        "{stderr}"
    );
    // Names spelt differently across the documents (each checked against the seeds).
    for (at, message) in [
        (
            "agreements/samverkansavtal-nedre-dalarna.md:12:95",
            "`Sätters kommun` looks like a variant spelling of Säters kommun",
        ),
        (
            "content/avsiktsforklaring.md:15:46",
            "`Välfrädrädet` looks like a variant spelling of Välfärdsrådet",
        ),
        (
            "content/avsiktsforklaring.md:30:451",
            "`Valfärdsrådets` looks like a variant spelling of Välfärdsrådet",
        ),
        (
            "content/slutrapport/v2.md:67:60",
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
