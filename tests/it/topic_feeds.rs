//! Feeds per document and per party: valid Atom, linked from their pages with
//! `<link rel="alternate">`, entries that say what changed, public only. Over the fictional
//! `basic` and `legal-force` fixtures.

use crate::Site;

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// Parses a feed as Atom and returns (title, summary) of each entry.
fn entries(xml: &str) -> Vec<(String, String)> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")));
    for required in ["id", "title", "updated", "author"] {
        assert!(
            feed.children().any(|c| c.has_tag_name((ATOM, required))),
            "feed lacks {required}"
        );
    }
    let text = |e: roxmltree::Node, name: &str| {
        e.children()
            .find(|c| c.has_tag_name((ATOM, name)))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_string()
    };
    feed.children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .map(|e| {
            for required in ["id", "title", "updated", "link"] {
                assert!(
                    e.children().any(|c| c.has_tag_name((ATOM, required))),
                    "entry lacks {required}"
                );
            }
            (text(e, "title"), text(e, "summary"))
        })
        .collect()
}

#[test]
fn a_document_feed_says_what_changed_between_versions() {
    let site = Site::fixture("basic");
    site.run(&["build"]).success();
    let list = entries(&site.read("out/public/dokument/avtal/atom.xml"));
    let v2 = list
        .iter()
        .find(|(t, _)| t == "Fiktivt samverkansavtal (v2)")
        .expect("the new version");
    assert!(v2.1.contains("Jämfört med v1"), "{}", v2.1);
    assert!(v2.1.contains("Tillagda: 2"), "the diff's counts: {}", v2.1);
    assert!(
        v2.1.contains("Finansiering"),
        "the changed sections: {}",
        v2.1
    );
    assert!(
        list.iter()
            .any(|(t, _)| t.starts_with("Kommunstyrelsen KS § 12")),
        "the decision about it"
    );
    let page = site.read("out/public/dokument/avtal/index.html");
    assert!(page.contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Flöde: Fiktivt samverkansavtal\" href=\"../../dokument/avtal/atom.xml\">"
    ));
    assert!(!site.path("out/internal/dokument/avtal/atom.xml").exists());
}

#[test]
fn a_party_feed_follows_its_agreements_decisions_and_signatures() {
    let site = Site::fixture("legal-force");
    site.run(&["build"]).success();
    let list = entries(&site.read("out/public/parter/bodarna/atom.xml"));
    assert!(
        list.iter()
            .any(|(t, _)| t.starts_with("Kommunfullmäktige KF § 2"))
    );
    assert!(
        list.iter()
            .any(|(t, _)| t == "Bodarna kommun: Undertecknat – Fiktivt avtal"),
        "{list:?}"
    );
    assert!(
        !list.iter().any(|(t, _)| t.contains("Ankeby kommun:")),
        "another party's signature is not in this party's feed"
    );
    let page = site.read("out/public/parter/bodarna/index.html");
    assert!(page.contains("href=\"../../parter/bodarna/atom.xml\""));
}
