//! What `build` and `check` print, for people and for CI (issue 14, point 5): progress lines
//! when piped, nothing with `--quiet`, colour only where asked and never with `NO_COLOR`, the
//! diff's markers kept in colour, `--base-url` for one build, `check --deny-warnings`. Over
//! the fictional `basic` site.

use std::process::Command;

use crate::{Run, Site};

/// `styrdok <args>` in `site`, with `env` set and `NO_COLOR` only when `env` sets it.
fn run_env(site: &Site, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_styrdok"));
    cmd.args(args)
        .current_dir(site.root())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("SOURCE_DATE_EPOCH", "1735689600");
    for (k, v) in env {
        cmd.env(k, v);
    }
    Run::new(cmd.output().expect("run styrdok"), site.root())
}

#[test]
fn a_piped_build_prints_one_plain_line_per_step_with_counts_and_times() {
    let site = Site::fixture("basic");
    let run = site.run(&["build"]);
    run.success();
    for step in [
        "loaded 4 document files in ",
        "resolved and checked 3 documents in ",
        "pages of the public site in ",
        "pages of the internal site in ",
        "indexed ",
        "files of the public site in ",
    ] {
        assert!(
            run.stderr
                .lines()
                .any(|l| l.contains(step) && l.ends_with(" s")),
            "no `{step}… s` line in:\n{}",
            run.stderr
        );
    }
    let rendered = run
        .stderr
        .lines()
        .find(|l| l.starts_with("rendered ") && l.contains("public"))
        .unwrap();
    let count: usize = rendered.split(' ').nth(1).unwrap().parse().unwrap();
    assert!(count > 10, "{rendered}");
    assert!(
        !run.stderr.contains('\r') && !run.stderr.contains('\x1b'),
        "a pipe gets no live line and no colour:\n{:?}",
        run.stderr
    );
    // The steps come before the diagnostics, and the summary stays on stdout.
    assert!(run.stdout.contains("public site: "), "{}", run.stdout);
}

#[test]
fn a_quiet_build_prints_only_its_diagnostics() {
    let site = Site::fixture("basic");
    let run = site.run(&["build", "--quiet"]);
    run.success();
    assert_eq!(run.stdout, "", "no summary with --quiet");
    for line in run.stderr.lines() {
        assert!(
            line.contains(": warning: ")
                || line.starts_with("  hint: ")
                || line.ends_with("warning(s)"),
            "not a diagnostic: {line}"
        );
    }
    assert!(site.path("out/public/index.html").is_file());
    // Without warnings, nothing at all.
    site.write(
        "styrdok.yaml",
        &format!(
            "{}base_url: https://fiktiv.example/\n",
            site.read("styrdok.yaml")
        ),
    );
    let run = site.run(&["check"]);
    let warnings = run
        .stderr
        .lines()
        .filter(|l| l.contains(": warning: "))
        .count();
    let quiet = site.run(&["build", "-q"]);
    quiet.success();
    assert_eq!(
        quiet
            .stderr
            .lines()
            .filter(|l| l.contains(": warning: "))
            .count(),
        warnings
    );
    assert!(!quiet.stderr.contains("rendered"), "{}", quiet.stderr);
}

#[test]
fn a_quiet_build_of_a_clean_site_prints_nothing_at_all() {
    // The `init` site, with fictional accessibility settings: no warning is left.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("sajt");
    let init = Command::new(env!("CARGO_BIN_EXE_styrdok"))
        .arg("init")
        .arg(&root)
        .output()
        .unwrap();
    assert!(init.status.success());
    let config = std::fs::read_to_string(root.join("styrdok.yaml")).unwrap();
    std::fs::write(
        root.join("styrdok.yaml"),
        format!(
            "{config}accessibility:\n  publisher: Fiktiv organisation\n  contact_email: tillganglighet@example.org\n  compliance: full\n  method: self-assessment\n  assessed: 2025-01-01\n  statement_date: 2025-01-02\n"
        ),
    )
    .unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_styrdok"))
            .args(args)
            .current_dir(&root)
            .env("SOURCE_DATE_EPOCH", "1735689600")
            .output()
            .unwrap()
    };
    let strict = run(&["check", "--deny-warnings"]);
    assert!(
        strict.status.success(),
        "{}",
        String::from_utf8_lossy(&strict.stderr)
    );
    let quiet = run(&["build", "--quiet"]);
    assert!(quiet.status.success());
    assert_eq!(String::from_utf8_lossy(&quiet.stdout), "");
    assert_eq!(String::from_utf8_lossy(&quiet.stderr), "");
    assert!(root.join("out/public/index.html").is_file());
    let loud = run(&["build"]);
    assert!(String::from_utf8_lossy(&loud.stderr).contains("rendered "));
}

#[test]
fn deny_warnings_makes_a_warning_fail_check() {
    let site = Site::fixture("basic");
    let plain = site.run(&["check"]);
    assert_eq!(plain.code, 0, "warnings alone pass: {}", plain.stderr);
    assert!(plain.stderr.contains(": warning: "));
    let strict = site.run(&["check", "--deny-warnings"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(
        strict.stderr.contains("--deny-warnings"),
        "says why it failed: {}",
        strict.stderr
    );
    // An error is exit 1 either way; a usage mistake stays 2.
    let missing = site.run(&["check", "--deny-warnings", "--root", "nope"]);
    assert_eq!(missing.code, 2, "{}", missing.stderr);
}

#[test]
fn colour_only_where_asked_and_never_with_no_color() {
    let site = Site::fixture("basic");
    let forced = run_env(&site, &["check"], &[("CLICOLOR_FORCE", "1")]);
    assert!(
        forced.stderr.contains("\x1b[33mwarning\x1b[0m"),
        "{:?}",
        forced.stderr
    );
    let piped = run_env(&site, &["check"], &[]);
    assert!(!piped.stderr.contains('\x1b'), "a pipe gets no colour");
    let no_color = run_env(
        &site,
        &["check"],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
    );
    assert!(!no_color.stderr.contains('\x1b'), "NO_COLOR wins");
    assert_eq!(no_color.stderr, piped.stderr);
}

#[test]
fn a_coloured_diff_keeps_its_markers() {
    let site = Site::fixture("basic");
    let plain = run_env(&site, &["diff", "avtal", "v1", "v2"], &[]);
    plain.success();
    let coloured = run_env(
        &site,
        &["diff", "avtal", "v1", "v2"],
        &[("CLICOLOR_FORCE", "1")],
    );
    coloured.success();
    assert!(coloured.stdout.contains('\x1b'));
    assert!(plain.stdout.contains("{+") && plain.stdout.contains("[-"));
    let stripped = ["\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[0m"]
        .iter()
        .fold(coloured.stdout.clone(), |s, esc| s.replace(esc, ""));
    assert_eq!(stripped, plain.stdout, "colour only adds to the text");
}

#[test]
fn base_url_overrides_the_settings_for_one_build() {
    let site = Site::fixture("basic");
    let run = site.run(&["build", "--base-url", "https://fiktiv.example/sajt/"]);
    run.success();
    assert!(
        !run.stderr.contains("no `base_url`"),
        "the override counts as set: {}",
        run.stderr
    );
    let sitemap = site.read("out/public/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://fiktiv.example/sajt/"),
        "{sitemap}"
    );
    let feed = site.read("out/public/atom.xml");
    assert!(feed.contains("https://fiktiv.example/sajt/"), "{feed}");
    assert!(!site.read("styrdok.yaml").contains("fiktiv.example"));
    // The next build without it has no sitemap again.
    site.run(&["build"]).success();
    assert!(!site.path("out/public/sitemap.xml").exists());
}

#[test]
fn a_bad_base_url_is_refused_on_the_command_line_and_in_the_settings() {
    let site = Site::fixture("basic");
    let run = site.run(&["build", "--base-url", "fiktiv.example/sajt"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--base-url"), "{}", run.stderr);
    assert!(run.stderr.contains("hint: "), "{}", run.stderr);
    assert!(!site.path("out").exists(), "nothing written");
    site.write(
        "styrdok.yaml",
        &format!(
            "{}base_url: \"https://fiktiv.example/?x=<b>\"\n",
            site.read("styrdok.yaml")
        ),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    run.has_diag("styrdok.yaml:4:1", "error", "base_url");
}
