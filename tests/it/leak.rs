//! The public site holds no internal page, passage, title, link target or text, anywhere.
//! Every internal construct of the `leak` fixture carries a marker starting `HEMLIG`; none
//! may appear in any file under `out/public`, while the internal site shows each of them.

use crate::{Site, read_tree};

const MARKERS: &[&str] = &[
    "HEMLIG-PASSAGE-TEXT",
    "HEMLIG-GAMMAL-PASSAGE",
    "HEMLIG-RUBRIK-I-PASSAGE",
    "hemlig-rubrik",
    "HEMLIG-LANKTEXT",
    "HEMLIG-DOKUMENTTITEL",
    "HEMLIG-DNR",
    "HEMLIG-AVSNITT",
    "HEMLIG-BRÖDTEXT",
    "HEMLIG-BESLUTSTITEL",
    "HEMLIG-ORGAN",
    "HEMLIG-BESLUTSPUNKT",
    "HEMLIG-PROTOKOLL",
    "intern-rutin",
    "internt-beslut",
];

#[test]
fn no_internal_marker_reaches_any_public_file() {
    let site = Site::fixture("leak");
    site.run(&["build"]).success();
    let public = read_tree(&site.path("out/public"));
    assert!(public.len() > 5, "the public site was built");
    // The search index is compressed: read it as a reader of the index could.
    let index = crate::read_search_index(&site.path("out/public/pagefind"));
    assert!(
        index.contains("Offentlig text") || index.contains("offentlig"),
        "the public index was read"
    );
    assert!(
        !index.contains("HEMLIG") && !index.contains("hemlig"),
        "the public search index holds internal text"
    );
    for (path, bytes) in &public {
        let text = String::from_utf8_lossy(bytes);
        for m in MARKERS {
            assert!(
                !text.contains(m),
                "public file {path} contains internal `{m}`"
            );
        }
        assert!(
            !text.contains("HEMLIG"),
            "public file {path} contains an internal marker"
        );
    }
    // The internal site does show them, so the markers are real.
    let internal: String = read_tree(&site.path("out/internal"))
        .values()
        .map(|b| String::from_utf8_lossy(b).to_string())
        .collect();
    for m in MARKERS {
        assert!(internal.contains(m), "internal site lacks `{m}`");
    }
    // The open data filter is real: without it the public data files would hold the
    // internal decision and document, as the internal site's do.
    for (file, marker) in [
        ("data/beslut.json", "HEMLIG-BESLUTSTITEL"),
        ("data/beslut.csv", "HEMLIG-ORGAN"),
        ("data/versioner.json", "intern-rutin"),
        ("data/versioner.csv", "HEMLIG-DOKUMENTTITEL"),
    ] {
        assert!(
            site.read(&format!("out/internal/{file}")).contains(marker),
            "internal {file} lacks `{marker}`"
        );
        let public = site.read(&format!("out/public/{file}"));
        assert!(!public.contains(marker), "public {file} holds `{marker}`");
    }
}

#[test]
fn public_numbering_is_the_same_as_internal() {
    let site = Site::fixture("leak");
    site.run(&["build"]).success();
    for audience in ["public", "internal"] {
        let page = site.read(&format!("out/{audience}/dokument/offentlig/index.html"));
        assert!(
            page.contains("<span class=\"secnum\">2</span> Ansvar"),
            "{audience}: the heading after an internal passage keeps its number"
        );
    }
}
