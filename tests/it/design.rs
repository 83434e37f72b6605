//! The default theme's start page and party pages over the fictional `tracker` fixture: the
//! agreements at a glance (computed counts, marked as computed), the latest decisions, the
//! municipality picker, a party's decisions, signatures and costs first, and the menu's
//! "you are here".

use crate::Site;

fn built() -> Site {
    let site = Site::fixture("tracker");
    site.run(&["build"]).success();
    site
}

/// The `<main>` element of a page.
fn main_of(page: &str) -> &str {
    &page[page.find("<main").unwrap()..page.find("</main>").unwrap() + 7]
}

#[test]
fn start_page_snapshot() {
    let site = built();
    insta::assert_snapshot!(site.read("out/public/index.html"));
}

#[test]
fn party_page_snapshot() {
    let site = built();
    insta::assert_snapshot!(main_of(&site.read("out/public/parter/ankeby/index.html")));
}

#[test]
fn the_start_page_counts_parties_and_says_the_counts_are_computed() {
    let site = built();
    let page = site.read("out/public/index.html");
    // Fiktivt avtal v2: Ankeby signed, Bodarna decided, Cedervik has a proposal, Dalby decided
    // on v1 only (does not count), Ekholm declined.
    for line in [
        "2 av 5 parter har registrerat beslut",
        "1 av 5 parter har registrerad underskrift",
        "1 av 5 parter har registrerat förslag till beslut",
        "1 av 5 parter har avböjt",
        "1 av 1 parter har registrerad underskrift",
    ] {
        assert!(page.contains(line), "no `{line}` on the start page");
    }
    // The small agreement's condition is met by what is registered: it applies, computed.
    assert!(page.contains("Gäller enligt registret: <strong>1</strong> · Beslut saknas i registret: <strong>1</strong>"));
    assert!(page.contains("Gäller: villkoret är uppfyllt enligt det som är registrerat"));
    assert!(page.contains("(beräknat av styrdok)"));
    // Latest decisions: decisions, never proposals; newest first.
    let latest = &page[page.find("id=\"senaste-beslut\"").unwrap()
        ..page.find("id=\"senaste-versioner\"").unwrap()];
    assert!(
        !latest.contains("KS § 3"),
        "a proposal is listed as a decision"
    );
    let (a, b) = (
        latest.find("KF § 5").unwrap(),
        latest.find("KF § 2").unwrap(),
    );
    assert!(a < b, "newest first");
    // Every party can be picked, by a plain link.
    for id in ["ankeby", "bodarna", "cedervik", "dalby", "ekholm"] {
        assert!(
            page.contains(&format!("<li><a href=\"parter/{id}/")),
            "no link to {id}"
        );
    }
}

#[test]
fn the_menu_marks_the_page_and_its_section() {
    let site = built();
    let nav = |path: &str| {
        let page = site.read(path);
        let nav = &page[page.find("<nav").unwrap()..page.find("</nav>").unwrap()];
        nav.matches("aria-current=\"").count().eq(&1).then(|| {
            let at = nav.find("aria-current=\"").unwrap();
            let tail = &nav[at..];
            let value = tail.split('"').nth(1).unwrap().to_string();
            let text = tail[tail.find('>').unwrap() + 1..tail.find("</a>").unwrap()].to_string();
            (value, text)
        })
    };
    let pair = |v: &str, t: &str| Some((v.to_string(), t.to_string()));
    assert_eq!(nav("out/public/parter/index.html"), pair("page", "Parter"));
    assert_eq!(
        nav("out/public/parter/ankeby/index.html"),
        pair("true", "Parter")
    );
    assert_eq!(
        nav("out/public/dokument/avtal/v1/index.html"),
        pair("true", "Avtal")
    );
    assert_eq!(
        nav("out/public/dokument/ankeby-kf-1/index.html"),
        pair("true", "Beslutsregister")
    );
    assert_eq!(
        nav("out/public/typ/beslut/index.html"),
        pair("true", "Beslutsregister")
    );
    assert_eq!(
        nav("out/public/underskrifter/index.html"),
        pair("page", "Läget per avtal")
    );
    assert!(!site.read("out/public/index.html").contains("aria-current"));
}

#[test]
fn the_masthead_names_the_publisher_only_when_given() {
    let site = built();
    assert!(
        !site
            .read("out/public/index.html")
            .contains("masthead-publisher")
    );
    let yaml = site.read("styrdok.yaml");
    site.write(
        "styrdok.yaml",
        &format!("{yaml}\naccessibility:\n  publisher: Fiktiva kommunförbundet\n"),
    );
    site.run(&["build"]).success();
    assert!(
        site.read("out/public/parter/index.html")
            .contains("<p class=\"masthead-publisher\">Utgivare: Fiktiva kommunförbundet</p>")
    );
}
