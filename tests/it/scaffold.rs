//! `styrdok init` and `styrdok new`: every file they write `check`s clean, they never
//! overwrite or lose a file, and they refuse what does not fit the site with a clear error.
//! The sites are the `init` example site (fictional parties) and the fictional `tracker`
//! fixture.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::{Run, Site};

/// Runs `styrdok <args>` in `dir` with no terminal on stdin.
fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_styrdok"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run styrdok");
    Run::new(output, dir)
}

/// A new site made by `styrdok init` in a fresh temporary folder.
fn init_site() -> Site {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), &["init"]).success();
    Site { dir }
}

/// `check` passes with neither an error nor a warning.
#[track_caller]
fn assert_clean(site: &Site) {
    let run = run_in(site.root(), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The one warning a new site keeps: init cannot know who publishes the site or how
    // accessible it is, so the statement's settings stay for the publisher to give.
    let stderr: String = run
        .stderr
        .lines()
        .filter(|l| {
            !l.contains("no `accessibility` settings") && !l.contains("add `accessibility:`")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let stderr = stderr.replace("0 error(s), 1 warning(s)\n", "");
    assert_eq!(stderr, "", "check is not clean");
}

#[track_caller]
fn assert_refused(run: &Run, message: &str) {
    assert_eq!(run.code, 2, "expected a refusal, stderr:\n{}", run.stderr);
    assert!(
        run.stderr.contains(message),
        "no `{message}` in:\n{}",
        run.stderr
    );
    assert_eq!(run.stdout, "", "a refusal writes nothing");
}

fn today() -> String {
    styrdok::content::date::Date::today().to_string()
}

#[test]
fn init_makes_a_site_that_checks_clean_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["init", "ny-webbplats"]);
    run.success();
    let listed: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        listed,
        [
            "ny-webbplats/styrdok.yaml",
            "ny-webbplats/data/parter.yaml",
            "ny-webbplats/content/om-webbplatsen.md",
            "ny-webbplats/agreements/exempelavtal.md",
            "ny-webbplats/agreements/underskrifter.yaml",
        ]
    );
    let site = Site {
        dir: tempfile::TempDir::new_in(dir.path()).unwrap(),
    };
    std::fs::remove_dir(site.root()).unwrap();
    std::fs::rename(dir.path().join("ny-webbplats"), site.root()).unwrap();
    assert_clean(&site);
    run_in(site.root(), &["build"]).success();
    let agreement = site.read("out/public/dokument/exempelavtal/index.html");
    assert!(agreement.contains("Exempelavtal om samverkan"));
    assert!(
        agreement.contains("Region Exempel"),
        "the signature block names the parties"
    );
    // Every setting of styrdok.yaml is there, set or commented.
    let config = site.read("styrdok.yaml");
    for key in [
        "title:",
        "description:",
        "base_url:",
        "# theme:",
        "# unsafe_html:",
        "# links:",
        "# accessibility:",
    ] {
        assert!(config.contains(key), "{key}");
    }
    assert!(site.read("data/parter.yaml").contains("EXAMPLES"));
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("anteckning.txt"), "min text").unwrap();
    let run = run_in(dir.path(), &["init"]);
    assert_refused(&run, "is not empty");
    assert!(!dir.path().join("styrdok.yaml").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("anteckning.txt")).unwrap(),
        "min text"
    );
}

#[test]
fn a_new_document_of_every_kind_checks_clean() {
    let site = init_site();
    for (kind, id) in [
        ("letter-of-intent", "avsikt"),
        ("rapport", "arsrapport"),
        ("verksamhetsbeskrivning", "verksamhet"),
        ("avtal", "nytt-avtal"),
        ("underavtal", "underavtal-norr"),
        ("budget", "budget-2027"),
        ("projektplan", "plan"),
        ("checklist", "checklista"),
        ("sida", "kontakt"),
    ] {
        let run = run_in(site.root(), &["new", "document", kind, id]);
        run.success();
        let folder = if kind.contains("avtal") {
            "agreements"
        } else {
            "content"
        };
        assert_eq!(run.stdout.trim(), format!("{folder}/{id}.md"));
    }
    run_in(
        site.root(),
        &[
            "new",
            "document",
            "rutin",
            "arkivering",
            "--owner",
            "Samordnaren",
            "--title",
            "Rutin för arkivering",
        ],
    )
    .success();
    let routine = site.read("content/arkivering.md");
    assert!(routine.contains("audience: internal"), "{routine}");
    assert!(routine.contains("title: \"Rutin för arkivering\""));
    assert_clean(&site);
    run_in(site.root(), &["build"]).success();
    assert!(
        site.path("out/public/dokument/arsrapport/index.html")
            .is_file()
    );
    assert!(
        !site.path("out/public/dokument/arkivering").exists(),
        "routines are internal"
    );
}

#[test]
fn new_document_refuses_an_existing_id_a_bad_id_and_an_unknown_kind() {
    let site = init_site();
    let before = site.read("agreements/exempelavtal.md");
    assert_refused(
        &run_in(site.root(), &["new", "document", "page", "exempelavtal"]),
        "a document with id `exempelavtal` already exists",
    );
    assert_eq!(site.read("agreements/exempelavtal.md"), before);
    assert_refused(
        &run_in(site.root(), &["new", "document", "page", "Årsrapport"]),
        "did you mean `arsrapport`?",
    );
    assert_refused(
        &run_in(site.root(), &["new", "document", "protokoll", "x"]),
        "unknown kind `protokoll`",
    );
    assert_refused(
        &run_in(site.root(), &["new", "document", "beslut", "x"]),
        "styrdok new decision",
    );
    // A routine needs someone who keeps it; without a terminal it is not asked for.
    assert_refused(
        &run_in(site.root(), &["new", "document", "routine", "x"]),
        "missing --owner",
    );
    // A file already in the way is never overwritten, even if it is not a document.
    site.write("content/mitt.md", "mina anteckningar\n");
    let run = run_in(site.root(), &["new", "document", "page", "mitt"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(site.read("content/mitt.md"), "mina anteckningar\n");
}

#[test]
fn new_version_copies_the_latest_and_leaves_it_as_it_was() {
    let site = Site::fixture("tracker");
    let v2 = std::fs::read(site.path("agreements/avtal-v2.md")).unwrap();
    let run = run_in(site.root(), &["new", "version", "avtal"]);
    run.success();
    assert_eq!(run.stdout.trim(), "agreements/avtal-v3.md");
    assert_eq!(
        std::fs::read(site.path("agreements/avtal-v2.md")).unwrap(),
        v2,
        "v2 untouched"
    );
    let v3 = site.read("agreements/avtal-v3.md");
    assert!(v3.contains("\nversion: v3\n"), "{v3}");
    assert!(v3.contains(&format!("\ndate: {}\n", today())), "{v3}");
    assert!(v3.contains("\nstatus: draft\n"), "{v3}");
    let v2 = String::from_utf8(v2).unwrap();
    assert!(
        v3.ends_with(&v2[v2.find("\n---\n").unwrap()..]),
        "the body is copied as it was"
    );
    let check = run_in(site.root(), &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(!check.stderr.contains("avtal-v3"), "{}", check.stderr);
    // The new version is the document's latest.
    let status = run_in(site.root(), &["status", "avtal", "--format", "json"]);
    status.success();
    assert!(status.stdout.contains("\"v3\""), "{}", status.stdout);
    // Once more gives v4; the same name twice is impossible.
    run_in(site.root(), &["new", "version", "avtal"]).success();
    assert!(site.path("agreements/avtal-v4.md").is_file());
}

#[test]
fn new_version_of_an_unversioned_document_names_it_v1_and_keeps_every_other_byte() {
    let site = init_site();
    let text = "---\nid: rapport\nkind: report\ntitle: Rapport\ndate: 2025-03-01\n---\n\n## Inledning\n\nText.\n";
    site.write("content/rapport.md", text);
    let run = run_in(site.root(), &["new", "version", "rapport"]);
    run.success();
    assert_eq!(run.stdout, "content/rapport.md\ncontent/rapport-v2.md\n");
    assert!(run.stderr.contains("now `v1`"), "{}", run.stderr);
    assert_eq!(
        site.read("content/rapport.md"),
        text.replace("id: rapport\n", "id: rapport\nversion: v1\n"),
        "one line added, nothing else changed"
    );
    assert_clean(&site);
    run_in(site.root(), &["build"]).success();
    assert!(
        site.path("out/public/dokument/rapport/v1/index.html")
            .is_file()
    );
    assert!(
        site.path("out/public/dokument/rapport/v2/index.html")
            .is_file()
    );
}

#[test]
fn new_version_refuses_an_unknown_document() {
    let site = init_site();
    assert_refused(
        &run_in(site.root(), &["new", "version", "exempelavtl"]),
        "did you mean `exempelavtal`?",
    );
}

#[test]
fn a_new_decision_checks_clean_and_is_in_the_register() {
    let site = init_site();
    let run = run_in(
        site.root(),
        &[
            "new",
            "decision",
            "--organ",
            "Kommunfullmäktige",
            "--party",
            "exempelkommun",
            "--paragraph",
            "KF § 42",
            "--meeting-date",
            &today(),
            "--dnr",
            "KS/2025:1",
            "--concerns",
            "exempelavtal/v1",
            "--point",
            "Godkänna exempelavtalet.",
            "--type",
            "beslut",
        ],
    );
    run.success();
    assert_eq!(
        run.stdout.trim(),
        format!("content/beslut/exempelkommun-kf-{}-42.md", &today()[..4])
    );
    let text = site.read(&format!(
        "content/beslut/exempelkommun-kf-{}-42.md",
        &today()[..4]
    ));
    assert!(text.contains("  type: decision\n"), "{text}");
    assert!(
        text.contains("  concerns: [\"@exempelavtal/v1\"]\n"),
        "{text}"
    );
    assert!(text.contains("diarienummer: \"KS/2025:1\""), "{text}");
    assert_clean(&site);
    run_in(site.root(), &["build"]).success();
    let register = site.read("out/public/beslutsregister/index.html");
    assert!(register.contains("KF § 42"), "{register}");
    let status = run_in(site.root(), &["status", "exempelavtal"]);
    assert!(status.stdout.contains("Beslutat: 1"), "{}", status.stdout);

    // A proposal, without a known meeting date, is also clean.
    run_in(
        site.root(),
        &[
            "new",
            "decision",
            "--organ",
            "Kommunstyrelsen",
            "--party",
            "exempelregion",
            "--paragraph",
            "RS § 7",
            "--concerns",
            "exempelavtal",
            "--type",
            "förslag",
        ],
    )
    .success();
    assert!(
        site.read("content/beslut/exempelregion-rs-7.md")
            .contains("type: proposal")
    );
    assert_clean(&site);
}

#[test]
fn new_decision_refuses_what_the_site_does_not_have() {
    let site = init_site();
    let base = |party: &str, concerns: &str| -> Run {
        run_in(
            site.root(),
            &[
                "new",
                "decision",
                "--organ",
                "KS",
                "--party",
                party,
                "--paragraph",
                "KS § 1",
                "--meeting-date",
                "2025-01-01",
                "--type",
                "decision",
                "--concerns",
                concerns,
            ],
        )
    };
    assert_refused(
        &base("okandkommun", "exempelavtal"),
        "unknown party `okandkommun`",
    );
    assert_refused(
        &base("exempelkommun", "saknas"),
        "no document with id `saknas`",
    );
    assert_refused(
        &base("exempelkommun", "exempelavtal/v9"),
        "`@exempelavtal/v9` names no",
    );
    // Without a terminal, missing values are an error that names every flag.
    assert_refused(
        &run_in(site.root(), &["new", "decision", "--organ", "KS"]),
        "missing --party, --paragraph, --type",
    );
    base("exempelkommun", "exempelavtal").success();
    assert_refused(&base("exempelkommun", "exempelavtal"), "already exists");
    assert!(
        !site
            .path("content/beslut/okandkommun-ks-2025-1.md")
            .exists()
    );
}

#[test]
fn a_new_signature_is_appended_keeping_the_file_and_status_shows_it() {
    let site = Site::fixture("tracker");
    let before = site.read("agreements/underskrifter.yaml");
    let run = run_in(
        site.root(),
        &[
            "new",
            "signature",
            "avtal/v2",
            "bodarna",
            "--name",
            "Berit Bodarsson",
            "--title",
            "Kommunstyrelsens ordförande",
            "--date",
            "2025-04-12",
        ],
    );
    run.success();
    assert_eq!(run.stdout.trim(), "agreements/underskrifter.yaml");
    let after = site.read("agreements/underskrifter.yaml");
    // Every old line is still there, in order, comments included; one item is new.
    let old_lines: Vec<&str> = before.lines().collect();
    let new_lines: Vec<&str> = after
        .lines()
        .filter(|l| !old_lines.contains(l) || l.contains("bodarna"))
        .collect();
    assert!(after.starts_with("# Fictional signatures for tests.\n"));
    assert_eq!(after.lines().count(), old_lines.len() + 5, "{after}");
    assert!(new_lines.iter().any(|l| l.contains("party: bodarna")));
    let declined = after.find("declined:").unwrap();
    assert!(
        after.find("Berit Bodarsson").unwrap() < declined,
        "appended to the signatures list"
    );
    let check = run_in(site.root(), &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let status = run_in(site.root(), &["status", "avtal/v2"]);
    assert!(
        status.stdout.contains("Berit Bodarsson"),
        "{}",
        status.stdout
    );
    let json = run_in(site.root(), &["status", "avtal/v2", "--format", "json"]);
    assert!(json.stdout.contains("bodarna"), "{}", json.stdout);
}

#[test]
fn a_signature_on_the_init_site_checks_clean() {
    let site = init_site();
    run_in(
        site.root(),
        &[
            "new",
            "signature",
            "exempelavtal",
            "exempelregion",
            "--name",
            "Rut Exempel",
            "--title",
            "Regionstyrelsens ordförande",
            "--date",
            &today(),
        ],
    )
    .success();
    let text = site.read("agreements/underskrifter.yaml");
    assert!(
        text.starts_with("# Who signed"),
        "the comments are kept: {text}"
    );
    assert!(
        text.contains("  - agreement: \"@exempelavtal/v1\"\n    party: exempelregion\n"),
        "{text}"
    );
    assert_clean(&site);
    let status = run_in(site.root(), &["status", "exempelavtal"]);
    assert!(
        status.stdout.contains("Undertecknat: 1"),
        "{}",
        status.stdout
    );
    assert!(status.stdout.contains("Rut Exempel"), "{}", status.stdout);
}

#[test]
fn new_signature_refuses_unknown_and_wrong_parties_agreements_and_dates() {
    let site = Site::fixture("tracker");
    let before = site.read("agreements/underskrifter.yaml");
    let sign = |agreement: &str, party: &str, date: &str| -> Run {
        run_in(
            site.root(),
            &[
                "new",
                "signature",
                agreement,
                party,
                "--name",
                "N",
                "--title",
                "T",
                "--date",
                date,
            ],
        )
    };
    assert_refused(
        &sign("avtal", "okand", "2025-04-12"),
        "unknown party `okand`",
    );
    assert_refused(
        &sign("avtl", "bodarna", "2025-04-12"),
        "did you mean `avtal`?",
    );
    assert_refused(
        &sign("avtal/v7", "bodarna", "2025-04-12"),
        "no version `v7`",
    );
    assert_refused(&sign("avtal", "bodarna", "12 april"), "is not a date");
    assert_refused(
        &sign("avtal/v2", "ankeby", "2025-04-12"),
        "has already signed",
    );
    assert_refused(
        &sign("ankeby-kf-1", "ankeby", "2025-04-12"),
        "not an agreement with parties",
    );
    assert_eq!(
        site.read("agreements/underskrifter.yaml"),
        before,
        "nothing written"
    );
}

#[test]
fn a_new_version_of_a_bundled_document_adds_no_problem_and_drops_the_old_source() {
    let site = Site::bundled();
    let check_before = run_in(site.root(), &["check"]);
    let v2 = site.read("content/slutrapport/v2.md");
    let run = run_in(site.root(), &["new", "version", "slutrapport"]);
    run.success();
    assert_eq!(run.stdout.trim(), "content/slutrapport/v3.md");
    assert_eq!(site.read("content/slutrapport/v2.md"), v2);
    let v3 = site.read("content/slutrapport/v3.md");
    assert!(
        !v3.contains("\nsource:"),
        "the draft is not from the old source: {v3}"
    );
    assert!(v3.contains("\nversion: v3\n") && v3.contains("\nstatus: draft\n"));
    let check_after = run_in(site.root(), &["check"]);
    assert_eq!(check_after.code, 0, "{}", check_after.stderr);
    // The copy carries v2's own text, so it may repeat v2's warnings about that text (the
    // customer's spellings and dates); it adds no other problem.
    let lines = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| l.contains(": warning: ") || l.contains(": error: "))
            .map(|l| l.replace("content/slutrapport/v3.md", "content/slutrapport/v2.md"))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    assert_eq!(
        lines(&check_after.stderr),
        lines(&check_before.stderr),
        "the new version adds no diagnostic of its own"
    );
}

#[test]
fn what_would_not_check_clean_is_taken_back() {
    let site = init_site();
    // `check` refuses a meeting date in the future: the new decision is not left behind.
    let run = run_in(
        site.root(),
        &[
            "new",
            "decision",
            "--organ",
            "KS",
            "--party",
            "exempelkommun",
            "--paragraph",
            "KS § 1",
            "--meeting-date",
            "2999-01-01",
            "--type",
            "decision",
            "--concerns",
            "exempelavtal",
        ],
    );
    assert_refused(&run, "does not check clean, so nothing was written");
    assert!(run.stderr.contains("is in the future"), "{}", run.stderr);
    assert!(
        !site
            .path("content/beslut/exempelkommun-ks-2999-1.md")
            .exists()
    );
    // A signature dated before the decision it rests on: the file is restored byte for byte.
    run_in(
        site.root(),
        &[
            "new",
            "decision",
            "--organ",
            "KS",
            "--party",
            "exempelkommun",
            "--paragraph",
            "KS § 2",
            "--meeting-date",
            &today(),
            "--type",
            "decision",
            "--concerns",
            "exempelavtal",
        ],
    )
    .success();
    let before = std::fs::read(site.path("agreements/underskrifter.yaml")).unwrap();
    let run = run_in(
        site.root(),
        &[
            "new",
            "signature",
            "exempelavtal",
            "exempelkommun",
            "--name",
            "A",
            "--title",
            "B",
            "--date",
            "2025-04-01",
            "--decision",
            &format!("exempelkommun-ks-{}-2", &today()[..4]),
        ],
    );
    assert_refused(&run, "before the decision it rests on");
    assert_eq!(
        std::fs::read(site.path("agreements/underskrifter.yaml")).unwrap(),
        before
    );
    assert_clean(&site);
}

#[cfg(unix)]
#[test]
fn nothing_is_written_through_a_symlink_out_of_the_site() {
    let site = init_site();
    let outside = tempfile::tempdir().unwrap();
    // The signatures file leads out of the site: it is neither read nor written.
    let elsewhere = outside.path().join("underskrifter.yaml");
    std::fs::write(&elsewhere, "signatures: []\n").unwrap();
    std::fs::remove_file(site.path("agreements/underskrifter.yaml")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, site.path("agreements/underskrifter.yaml")).unwrap();
    let run = run_in(
        site.root(),
        &[
            "new",
            "signature",
            "exempelavtal",
            "exempelregion",
            "--name",
            "A",
            "--title",
            "B",
            "--date",
            "2025-02-03",
        ],
    );
    assert_refused(&run, "does not write to it");
    assert_eq!(
        std::fs::read_to_string(&elsewhere).unwrap(),
        "signatures: []\n"
    );
    // The decisions folder leads out of the site.
    std::os::unix::fs::symlink(outside.path(), site.path("content/beslut")).unwrap();
    let run = run_in(
        site.root(),
        &[
            "new",
            "decision",
            "--organ",
            "KS",
            "--party",
            "exempelkommun",
            "--paragraph",
            "KS § 3",
            "--type",
            "proposal",
        ],
    );
    assert_refused(&run, "styrdok does not write there");
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 1);
}

#[test]
fn a_new_agreement_with_parties_is_tracked_and_can_be_signed() {
    let site = init_site();
    let run = run_in(
        site.root(),
        &[
            "new",
            "document",
            "avtal",
            "nytt-avtal",
            "--title",
            "Nytt avtal",
            "--party",
            "exempelkommun",
            "--party",
            "exempelregion",
        ],
    );
    run.success();
    assert!(
        site.read("agreements/nytt-avtal.md")
            .contains("{{< signature-block >}}")
    );
    assert_clean(&site);
    run_in(
        site.root(),
        &[
            "new",
            "signature",
            "nytt-avtal",
            "exempelkommun",
            "--name",
            "Anna Exempel",
            "--title",
            "Ordförande",
            "--date",
            &today(),
        ],
    )
    .success();
    assert_clean(&site);
    let status = run_in(site.root(), &["status", "nytt-avtal"]);
    assert!(
        status.stdout.contains("Undertecknat av Anna Exempel"),
        "{}",
        status.stdout
    );
    assert_refused(
        &run_in(
            site.root(),
            &["new", "document", "avtal", "x", "--party", "okand"],
        ),
        "unknown party `okand`",
    );
    assert!(!site.path("agreements/x.md").exists());
}

#[test]
fn an_error_elsewhere_in_the_site_does_not_stop_new() {
    let site = init_site();
    site.write(
        "content/trasig.md",
        "---\nid: trasig\nkind: page\ntitle: Trasig\nforfattare: X\n---\n",
    );
    run_in(site.root(), &["new", "version", "exempelavtal"]).success();
    assert!(site.path("agreements/exempelavtal-v2.md").is_file());
    let check = run_in(site.root(), &["check"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stderr.contains("content/trasig.md"),
        "{}",
        check.stderr
    );
    assert!(
        !check.stderr.contains("exempelavtal-v2"),
        "{}",
        check.stderr
    );
}
