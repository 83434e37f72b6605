//! Open data under `data/`: every CSV opened by a CSV parser (BOM, semicolons, CRLF, quoting)
//! with the columns `docs/open-data.md` documents, every JSON file checked against the
//! documented keys, the catalogue, and the links from the pages they mirror. Over the
//! fictional `legal-force` fixture and the bundled site.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::Site;

/// The documented columns of each CSV file, and the key of the JSON rows and their keys.
const SETS: &[(&str, &str, &str, &[&str])] = &[
    (
        "beslut",
        "styrdok.decisions/1",
        "decisions",
        &[
            "id",
            "title",
            "url",
            "party",
            "party_name",
            "organ",
            "paragraph",
            "meeting_date",
            "diarienummer",
            "type",
            "concerns",
            "minutes_approved",
            "posted",
            "taken_down",
            "appeal_period_end",
            "legal_stage",
            "appeal_lodged",
            "appeal_court",
            "appeal_outcome",
        ],
    ),
    (
        "underskrifter",
        "styrdok.signatures/1",
        "agreements",
        &[
            "agreement",
            "agreement_title",
            "version",
            "party",
            "party_name",
            "stage",
            "decisions",
            "proposals",
            "signed_by",
            "signed_title",
            "signed_date",
            "condition_rule",
            "condition_state",
        ],
    ),
    (
        "versioner",
        "styrdok.versions/1",
        "versions",
        &[
            "document",
            "title",
            "kind",
            "version",
            "date",
            "status",
            "latest",
            "url",
            "diarienummer",
            "source",
        ],
    ),
    (
        "kostnadsfordelning",
        "styrdok.cost-allocation/1",
        "allocations",
        &[
            "allocation",
            "allocation_title",
            "year",
            "population_date",
            "row",
            "party",
            "party_name",
            "population",
            "population_origin",
            "share_percent",
            "share_origin",
            "cost_sek",
            "cost_origin",
        ],
    ),
    (
        "ansvar",
        "styrdok.responsibilities/1",
        "responsibilities",
        &[
            "holder",
            "holder_name",
            "party",
            "party_name",
            "text",
            "source",
            "source_url",
        ],
    ),
];

/// The JSON keys of each row, where they differ from the CSV columns.
const JSON_KEYS: &[(&str, &[&str])] = &[
    (
        "beslut",
        &[
            "id",
            "title",
            "url",
            "party",
            "party_name",
            "organ",
            "paragraph",
            "meeting_date",
            "diarienummer",
            "type",
            "concerns",
            "minutes_approved",
            "posted",
            "taken_down",
            "appeal_period_end",
            "legal_stage",
            "appeal",
        ],
    ),
    (
        "underskrifter",
        &[
            "id",
            "title",
            "version",
            "requires_all_parties",
            "in_force",
            "condition",
            "counts",
            "parties",
        ],
    ),
    (
        "versioner",
        &[
            "document",
            "title",
            "kind",
            "version",
            "date",
            "status",
            "latest",
            "url",
            "diarienummer",
            "source",
        ],
    ),
    (
        "kostnadsfordelning",
        &[
            "id",
            "title",
            "year",
            "budget",
            "population_date",
            "sources",
            "rows",
        ],
    ),
    (
        "ansvar",
        &[
            "holder",
            "holder_name",
            "party",
            "party_name",
            "text",
            "source",
            "source_url",
        ],
    ),
];

/// A CSV parser for the format documented: BOM, `;`, CRLF, `"` quoting with `""`.
fn parse_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, '"') => panic!("a quote inside an unquoted field"),
            (false, ';') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "lines end with CRLF");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("a bare LF ends a line"),
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted, "an unterminated quote");
    assert!(
        field.is_empty() && row.is_empty(),
        "the last line ends with CRLF"
    );
    rows
}

/// Each CSV file as a list of rows (column → value), checked against its documented header.
/// A CSV file's records (column → value) and its JSON twin.
type DataSet = (Vec<BTreeMap<String, String>>, Value);

fn read_sets(dir: &Path) -> BTreeMap<&'static str, DataSet> {
    let mut out = BTreeMap::new();
    for (stem, schema, key, columns) in SETS {
        let csv = std::fs::read(dir.join(format!("{stem}.csv"))).unwrap();
        let rows = parse_csv(&csv);
        let header: Vec<&str> = rows[0].iter().map(String::as_str).collect();
        assert_eq!(&header, columns, "{stem}.csv has the documented columns");
        let records = rows[1..]
            .iter()
            .map(|r| {
                assert_eq!(
                    r.len(),
                    columns.len(),
                    "{stem}.csv: a row as wide as its header"
                );
                columns
                    .iter()
                    .map(|c| c.to_string())
                    .zip(r.iter().cloned())
                    .collect()
            })
            .collect();
        let json: Value =
            serde_json::from_slice(&std::fs::read(dir.join(format!("{stem}.json"))).unwrap())
                .unwrap();
        assert_eq!(json["schema"], *schema);
        assert!(
            json["generated"].as_str().is_some_and(|d| d.len() == 10),
            "an ISO build date"
        );
        let keys = JSON_KEYS.iter().find(|(s, _)| s == stem).unwrap().1;
        for row in json[key]
            .as_array()
            .unwrap_or_else(|| panic!("{stem}: {key}"))
        {
            let mut found: Vec<&str> = row
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            let mut want = keys.to_vec();
            found.sort();
            want.sort();
            assert_eq!(found, want, "{stem}.json rows have the documented keys");
        }
        out.insert(*stem, (records, json));
    }
    out
}

#[test]
fn the_fixture_data_files_parse_and_carry_the_legal_stages() {
    let site = Site::fixture("legal-force");
    site.run(&["build"]).success();
    let sets = read_sets(&site.path("out/public/data"));
    let (decisions, json) = &sets["beslut"];
    let row = |id: &str| decisions.iter().find(|r| r["id"] == id).unwrap();
    assert_eq!(row("bodarna-kf-2")["appeal_period_end"], "2099-06-23");
    assert_eq!(row("bodarna-kf-2")["legal_stage"], "running");
    assert_eq!(row("ankeby-kf-1")["appeal_period_end"], "2020-03-27");
    assert_eq!(row("ankeby-kf-1")["legal_stage"], "legal-force");
    assert_eq!(row("ankeby-kf-1")["posted"], "2020-03-06");
    assert_eq!(row("cedervik-kf-3")["legal_stage"], "appealed");
    assert_eq!(
        row("cedervik-kf-3")["appeal_court"],
        "Förvaltningsrätten i Fiktiva"
    );
    assert_eq!(row("dalby-kf-4")["legal_stage"], "unknown");
    assert_eq!(row("dalby-kf-4")["appeal_period_end"], "");
    assert_eq!(row("dalby-kf-4")["concerns"], "avtal");
    let dalby = json["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "dalby-kf-4")
        .unwrap();
    assert_eq!(
        dalby["posted"],
        Value::Null,
        "unknown stays unknown, never a date"
    );
    assert_eq!(dalby["meeting_date"], "2025-02-10");

    let (signatures, _) = &sets["underskrifter"];
    let ankeby = signatures.iter().find(|r| r["party"] == "ankeby").unwrap();
    assert_eq!(ankeby["stage"], "signed");
    assert_eq!(ankeby["signed_date"], "2020-04-01");
    assert_eq!(ankeby["decisions"], "ankeby-kf-1");

    let index: Value = serde_json::from_str(&site.read("out/public/data/index.json")).unwrap();
    let datasets = index["dataset"].as_array().unwrap();
    assert_eq!(datasets.len(), SETS.len());
    for d in datasets {
        for k in [
            "title",
            "description",
            "issued",
            "modified",
            "license",
            "schema",
        ] {
            assert!(d.get(k).is_some(), "catalogue entry has `{k}`: {d}");
        }
        assert!(!d["title"].as_str().unwrap().is_empty());
        let dist = d["distribution"].as_array().unwrap();
        let formats: Vec<&str> = dist.iter().map(|x| x["format"].as_str().unwrap()).collect();
        assert_eq!(formats, ["CSV", "JSON"]);
        for x in dist {
            let url = x["downloadURL"].as_str().unwrap();
            assert!(
                url.starts_with("https://exempel.invalid/laga-kraft/data/"),
                "{url}"
            );
            let rel = url
                .strip_prefix("https://exempel.invalid/laga-kraft/")
                .unwrap();
            assert!(site.path(&format!("out/public/{rel}")).is_file(), "{rel}");
        }
    }
}

#[test]
fn each_page_links_the_data_it_mirrors() {
    let site = Site::fixture("legal-force");
    site.run(&["build"]).success();
    for (page, stem) in [
        ("beslutsregister/index.html", "beslut"),
        ("underskrifter/index.html", "underskrifter"),
        ("ekonomi/index.html", "kostnadsfordelning"),
        ("ansvar/index.html", "ansvar"),
    ] {
        let html = site.read(&format!("out/public/{page}"));
        for ext in ["csv", "json"] {
            assert!(
                html.contains(&format!("href=\"../data/{stem}.{ext}\"")),
                "{page} links data/{stem}.{ext}"
            );
        }
    }
}

#[test]
fn the_bundled_data_mirror_the_pages_with_figures_marked() {
    let site = Site::bundled();
    site.run(&["build"]).success();
    let sets = read_sets(&site.path("out/public/data"));
    let (alloc, _) = &sets["kostnadsfordelning"];
    let total = alloc.iter().find(|r| r["row"] == "total").unwrap();
    // The total of the 2026 allocation, as the budget prints it.
    assert_eq!(total["cost_sek"], "3630960");
    assert_eq!(total["cost_origin"], "stated");
    let avesta = alloc.iter().find(|r| r["party"] == "avesta").unwrap();
    assert_eq!(
        avesta["share_percent"], "11,36",
        "a decimal comma for Swedish Excel"
    );
    for r in alloc {
        for c in ["population_origin", "share_origin", "cost_origin"] {
            assert!(
                ["stated", "derived", "open", "unknown"].contains(&r[c].as_str()),
                "{c}: {}",
                r[c]
            );
        }
    }
    // No decision of the bundled site records a posting date: nothing is computed.
    let (decisions, _) = &sets["beslut"];
    assert!(!decisions.is_empty());
    for d in decisions {
        assert_eq!(d["posted"], "");
        assert_eq!(d["appeal_period_end"], "");
        assert!(
            ["unknown", ""].contains(&d["legal_stage"].as_str()),
            "{d:?}"
        );
    }
    let (versions, _) = &sets["versioner"];
    assert!(
        versions
            .iter()
            .any(|v| v["document"] == "slutrapport" && v["version"] == "v2")
    );
    let history = site.read("out/public/dokument/slutrapport/versioner/index.html");
    assert!(history.contains("data/versioner.csv"));
}
