//! The life of a decision: legal force on the decision page, the register and the tracker,
//! and the `check` warnings on its dates and on signatures made before legal force, over the
//! fictional `legal-force` fixture (postings far in the past or future, so the stage does not
//! depend on the day the test runs).

use crate::Site;

fn built() -> Site {
    let site = Site::fixture("legal-force");
    site.run(&["build"]).success();
    site
}

/// The legal-force box of a decision page.
fn legal_box(html: &str) -> &str {
    let start = html.find("<div class=\"legal ").expect("a legal-force box");
    let end = html[start..].find("</div>").unwrap() + start;
    &html[start..end]
}

/// The stage sentence of a legal-force box.
fn stage(b: &str) -> &str {
    let start = b.find("<strong>").unwrap();
    let end = b.find("</strong>").unwrap();
    &b[start..end]
}

#[test]
fn each_stage_shows_on_the_decision_page() {
    let site = built();
    let page = |id: &str| site.read(&format!("out/public/dokument/{id}/index.html"));

    let force = page("ankeby-kf-1");
    let b = legal_box(&force);
    assert!(b.contains("legal-legal-force"), "{b}");
    assert!(b.contains("vunnit laga kraft"), "{b}");
    // Posted Friday 6 March 2020: three weeks later is Friday 27 March.
    assert!(b.contains("löpte ut 27 mars 2020"), "{b}");
    assert!(
        b.contains("enligt beräkning den "),
        "the build date is stated: {b}"
    );
    assert!(
        b.contains("kommunallagen 13 kap. 5 §"),
        "the rule is the source: {b}"
    );
    assert!(b.contains("Beräknat av styrdok"), "{b}");
    assert!(force.contains("<dt>Protokollet justerat</dt><dd>5 mars 2020</dd>"));
    assert!(force.contains("<dt>Justeringen anslagen</dt><dd>6 mars 2020</dd>"));
    assert!(force.contains("<dt>Anslaget nedtaget</dt><dd>30 mars 2020</dd>"));

    let running = page("bodarna-kf-2");
    let b = legal_box(&running);
    assert!(b.contains("överklagandetiden löper ut 23 juni 2099"), "{b}");
    assert!(!stage(b).contains("laga kraft"), "{b}");

    let appealed = page("cedervik-kf-3");
    let b = legal_box(&appealed);
    assert!(b.contains("<strong>överklagat</strong>"), "{b}");
    assert!(b.contains("20 maj 2024"), "{b}");
    assert!(b.contains("Förvaltningsrätten i Fiktiva"), "{b}");
    assert!(b.contains("Målet pågår"), "{b}");
    assert!(
        !stage(b).contains("laga kraft"),
        "an appealed decision has no legal force: {b}"
    );

    let unknown = page("dalby-kf-4");
    let b = legal_box(&unknown);
    assert!(b.contains("legal-unknown"), "{b}");
    assert!(
        b.contains("Inget datum för när justeringen anslogs är registrerat"),
        "{b}"
    );
    assert!(!b.contains("löper ut 2"), "nothing is computed: {b}");
    assert!(!b.contains("enligt beräkning"), "{b}");
}

#[test]
fn the_register_and_the_tracker_show_the_stage() {
    let site = built();
    let register = site.read("out/public/beslutsregister/index.html");
    assert!(register.contains("<th scope=\"col\">Laga kraft</th>"));
    let row = |paragraph: &str| {
        let at = register.find(&format!("{paragraph}</a></th>")).unwrap();
        let end = register[at..].find("</tr>").unwrap() + at;
        register[at..end].to_string()
    };
    assert!(row("KF § 1").contains("<td>vunnit laga kraft enligt beräkning den "));
    assert!(row("KF § 2").contains("<td>överklagandetiden löper ut 23 juni 2099</td>"));
    assert!(row("KF § 3").contains("<td>överklagat</td>"));
    assert!(row("KF § 4").contains("<td>ej beräknat: anslagsdatum saknas</td>"));

    let tracker = site.read("out/public/underskrifter/index.html");
    assert!(
        tracker.contains("KF § 2</a> (13 januari 2025), överklagandetiden löper ut 23 juni 2099")
    );
    assert!(tracker.contains("KF § 3</a> (2 maj 2024), överklagat"));
    let doc = site.read("out/public/dokument/avtal/index.html");
    assert!(doc.contains("KF § 1</a> (2 mars 2020), vunnit laga kraft enligt beräkning den "));
}

#[test]
fn a_signature_before_legal_force_is_a_warning_with_the_risk() {
    let site = Site::fixture("legal-force");
    let run = site.run(&["check"]);
    run.success();
    // Bodarna signed while the appeal period of its decision still runs (it names none: the
    // party's decision on the version counts); Cedervik signed an appealed decision.
    run.has_diag(
        "agreements/underskrifter.yaml:13:11",
        "warning",
        "signed 2025-02-03, before the decision it rests on gained legal force: the appeal period of decision `bodarna-kf-2` runs until 2099-06-23",
    )
    .has_diag(
        "agreements/underskrifter.yaml:18:11",
        "warning",
        "decision `cedervik-kf-3` is appealed",
    );
    assert!(run.stderr.contains("legal but risky"), "{}", run.stderr);
    assert!(
        run.stderr.contains("appealed and annulled"),
        "{}",
        run.stderr
    );
    // Ankeby signed after legal force; Dalby's decision has no posting date: no warning.
    assert!(!run.stderr.contains("ankeby-kf-1"), "{}", run.stderr);
    assert!(!run.stderr.contains("dalby-kf-4"), "{}", run.stderr);
}

#[test]
fn bad_dates_are_errors_and_dates_out_of_order_warnings() {
    let site = Site::fixture("legal-force");
    let path = "content/ankeby-kf-1.md";
    let text = site
        .read(path)
        .replace(
            "minutes_approved: 2020-03-05",
            "minutes_approved: 2020-03-09",
        )
        .replace("posted: 2020-03-06", "posted: 2020-02-28")
        .replace("taken_down: 2020-03-30", "taken_down: 2020-03-10");
    site.write(path, &text);
    site.write(
        "content/dalby-kf-4.md",
        &site
            .read("content/dalby-kf-4.md")
            .replace("  type: decision\n", "  type: decision\n  posted: 6 mars\n"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.has_diag(
        "content/dalby-kf-4.md:11:11",
        "error",
        "`6 mars` is not a date",
    )
    .has_diag(
        "content/ankeby-kf-1.md:12:11",
        "warning",
        "posted 2020-02-28, before the meeting of 2020-03-02",
    )
    .has_diag(
        "content/ankeby-kf-1.md:11:21",
        "warning",
        "minutes approved 2020-03-09, after the notice was posted on 2020-02-28",
    )
    .has_diag(
        "content/ankeby-kf-1.md:13:15",
        "warning",
        "taken down 2020-03-10, before the appeal period ended (2020-03-20)",
    );
}
