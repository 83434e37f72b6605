//! The build's output folder: output folders never nest, every audience switches in at once
//! (proved by killing the real binary at every step of the write sequence), and a folder that
//! is not a site is an error, not an empty site. Fixtures are fictional.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{Run, Site, read_tree};

/// Runs `styrdok <args>` in `cwd`, with `env` set.
fn run_in(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_styrdok"));
    cmd.args(args).current_dir(cwd).env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    Run::new(cmd.output().expect("run styrdok"), cwd)
}

/// What a reader finds at `out/public` and `out/internal`: every file and its bytes, or
/// `None` where the path shows nothing.
type Sites = [Option<BTreeMap<String, Vec<u8>>>; 2];

fn sites(out: &Path) -> Sites {
    ["public", "internal"].map(|a| {
        let dir = out.join(a);
        dir.is_dir().then(|| read_tree(&dir))
    })
}

/// Names in `out` other than what a finished build leaves.
fn strays(out: &Path) -> Vec<String> {
    let current = std::fs::read_link(out.join(".styrdok-current")).unwrap();
    std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| {
            ![".styrdok-output", ".styrdok-current", "public", "internal"].contains(&n.as_str())
                && Path::new(n) != current
        })
        .collect()
}

// ---- Output folders never nest --------------------------------------------------------------

#[test]
fn an_output_folder_inside_an_audience_site_is_refused() {
    let site = Site::fixture("basic");
    site.run(&["build"]).success();
    let before = read_tree(&site.path("out"));
    let published = sites(&site.path("out"));
    for out in [
        "out/public",
        "out/internal",
        "out/public/ny",
        "out/public/dokument",
        "out/internal/dokument/avtal",
        "out/.styrdok-current",
        "out/.styrdok-site-1",
        "out/.styrdok-site-1/public",
    ] {
        let run = site.run(&["build", "--out", out]);
        assert_eq!(run.code, 2, "--out {out}: {}", run.stderr);
        assert!(
            run.stderr.contains("refusing output directory") && run.stderr.contains("never nest"),
            "--out {out}: {}",
            run.stderr
        );
    }
    assert!(!site.path("out/public/internal").exists());
    assert!(!site.path("out/public/ny").exists());
    assert_eq!(read_tree(&site.path("out")), before);
    assert_eq!(sites(&site.path("out")), published);
}

#[test]
fn the_place_of_an_audience_site_is_refused_before_it_exists() {
    let site = Site::fixture("basic");
    site.run(&["build", "--audience", "internal"]).success();
    let run = site.run(&["build", "--out", "out/public"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("never nest"), "{}", run.stderr);
    assert!(!site.path("out/public").exists());
}

#[test]
fn an_audience_site_reached_by_a_link_or_copied_elsewhere_is_refused() {
    let site = Site::fixture("basic");
    site.run(&["build"]).success();
    std::os::unix::fs::symlink(site.path("out/public"), site.path("webb")).unwrap();
    // A copy of a built public site, as someone deploying it by hand would make.
    let copy = site.path("publicerat");
    for (rel, bytes) in read_tree(&site.path("out/public")) {
        let p = copy.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    let copied = read_tree(&copy);
    for out in ["webb", "webb/x", "publicerat", "publicerat/intern"] {
        let run = site.run(&["build", "--out", out]);
        assert_eq!(run.code, 2, "--out {out}: {}", run.stderr);
        assert!(run.stderr.contains("never nest"), "{}", run.stderr);
    }
    assert_eq!(read_tree(&copy), copied);
    assert!(!site.path("out/public/internal").exists());
}

#[test]
fn a_separate_output_folder_is_still_fine() {
    let site = Site::fixture("basic");
    site.run(&["build"]).success();
    site.run(&["build", "--out", "andra"]).success();
    assert_eq!(
        sites(&site.path("andra")),
        sites(&site.path("out")),
        "the same site, in a folder of its own"
    );
}

// ---- Every audience switches in at once ---------------------------------------------------------

/// A site to build from, in a folder of its own (the output folder is elsewhere).
struct Source {
    /// Kept for its temporary folder.
    _site: Site,
    root: String,
}

impl Source {
    fn new(edit: impl FnOnce(&Site)) -> Source {
        let site = Site::fixture("basic");
        edit(&site);
        let root = site.root().display().to_string();
        Source { _site: site, root }
    }
}

/// Sources A and B: B adds a public document and changes an internal passage, so both
/// audiences differ between them.
fn two_versions() -> (Source, Source) {
    let a = Source::new(|_| {});
    let b = Source::new(|s| {
        s.write(
            "content/ny.md",
            "---\nid: ny\nkind: page\ntitle: Ny fiktiv sida\n---\nNy text.\n\n::: intern\nNy intern anteckning.\n:::\n",
        );
    });
    (a, b)
}

/// Builds `args` into `out` again and again, killed at a step of the write sequence
/// (`STYRDOK_ABORT_AT_STEP`, the binary's own crash hook) until a build runs to its end:
/// every one of the first [`HEAD`] steps (site folder, markers), every [`STRIDE`]-th step
/// after them (one per page written; each page is alike), and every one of the last [`TAIL`]
/// steps (the last pages, the links, the switch and what follows it). After each kill, what
/// readers see at `out/public` and `out/internal` must be exactly the sites before (`old`)
/// or exactly the new ones (`new`), never a mix; `reset` brings the sites before back when a
/// kill came after the switch, or after every kill with `reset_always`. Returns the number
/// of steps.
struct Kills<'a> {
    cwd: &'a Path,
    out: &'a Path,
    args: &'a [&'a str],
    old: &'a Sites,
    new: &'a Sites,
    reset: &'a dyn Fn(),
    reset_always: bool,
}

const HEAD: u64 = 6;
const STRIDE: u64 = 10;
const TAIL: u64 = 12;

fn kill_at_every_step(k: Kills<'_>) -> u64 {
    let Kills {
        cwd,
        out,
        args,
        old,
        new,
        reset,
        reset_always,
    } = k;
    let check = |n: u64| -> bool {
        let run = run_in(cwd, args, &[("STYRDOK_ABORT_AT_STEP", &n.to_string())]);
        let now = sites(out);
        if run.code == 0 {
            assert!(
                now == *new,
                "the build that ran to its end wrote other sites"
            );
            return true;
        }
        assert_eq!(run.code, -1, "step {n}: killed, not failed: {}", run.stderr);
        let is_old = now == *old;
        let is_new = now == *new;
        let mixed = |i: usize| {
            if now[i] == old[i] {
                "old"
            } else if now[i] == new[i] {
                "new"
            } else {
                "neither"
            }
        };
        assert!(
            is_old || is_new,
            "killed at step {n}: public is {}, internal is {}",
            mixed(0),
            mixed(1)
        );
        if reset_always || (is_new && !is_old) {
            reset();
            assert!(sites(out) == *old);
        }
        false
    };
    let mut tried = std::collections::BTreeSet::new();
    let mut n = 1;
    let stop = loop {
        tried.insert(n);
        if check(n) {
            break n;
        }
        n += if n < HEAD { 1 } else { STRIDE };
    };
    // The last step lies between the last two tried: try each of the last ones, in order;
    // the first build that runs to its end tells how many steps there are.
    let mut end = stop;
    for m in stop.saturating_sub(STRIDE + TAIL).max(1)..stop {
        if !tried.contains(&m) && check(m) {
            end = m;
            break;
        }
    }
    end
}

#[test]
fn a_build_killed_at_any_step_leaves_the_old_sites_or_the_new_ones_never_a_mix() {
    let (a, b) = two_versions();
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("out");
    let out_s = out.display().to_string();
    let build = |root: &str| {
        run_in(
            work.path(),
            &["build", "--root", root, "--out", &out_s],
            &[],
        )
    };
    build(&b.root).success();
    let new = sites(&out);
    build(&a.root).success();
    let old = sites(&out);
    assert!(
        old[0] != new[0] && old[1] != new[1],
        "both audiences change"
    );
    let steps = kill_at_every_step(Kills {
        cwd: work.path(),
        out: &out,
        args: &["build", "--root", &b.root, "--out", &out_s],
        old: &old,
        new: &new,
        reset: &|| {
            build(&a.root).success();
        },
        reset_always: false,
    });
    assert!(steps > 100, "every page written is a step: {steps}");
    assert!(strays(&out).is_empty(), "{:?}", strays(&out));
}

#[test]
fn a_public_build_killed_at_any_step_keeps_the_internal_site_it_carries_over() {
    let (a, b) = two_versions();
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("out");
    let out_s = out.display().to_string();
    let build = |root: &str, audience: &str| {
        run_in(
            work.path(),
            &[
                "build",
                "--root",
                root,
                "--out",
                &out_s,
                "--audience",
                audience,
            ],
            &[],
        )
    };
    build(&a.root, "all").success();
    let old = sites(&out);
    build(&b.root, "public").success();
    let new = sites(&out);
    assert!(new[0] != old[0] && new[1] == old[1]);
    kill_at_every_step(Kills {
        cwd: work.path(),
        out: &out,
        args: &[
            "build",
            "--root",
            &b.root,
            "--out",
            &out_s,
            "--audience",
            "public",
        ],
        old: &old,
        new: &new,
        reset: &|| {
            build(&a.root, "all").success();
        },
        reset_always: false,
    });
    assert!(strays(&out).is_empty(), "{:?}", strays(&out));
}

/// An output folder as earlier versions of styrdok wrote it: `out/public` and `out/internal`
/// real folders with their markers.
fn write_earlier_layout(out: &Path, sites: &Sites) {
    let _ = std::fs::remove_dir_all(out);
    std::fs::create_dir_all(out).unwrap();
    std::fs::write(out.join(".styrdok-output"), "styrdok output directory\n").unwrap();
    for (audience, files) in ["public", "internal"].iter().zip(sites) {
        for (rel, bytes) in files.as_ref().unwrap() {
            let p = out.join(audience).join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
    }
}

#[test]
fn sites_an_earlier_version_wrote_are_taken_over_and_killing_that_mixes_nothing() {
    let (a, b) = two_versions();
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("out");
    let out_s = out.display().to_string();
    let build = |root: &str| {
        run_in(
            work.path(),
            &["build", "--root", root, "--out", &out_s],
            &[],
        )
    };
    build(&b.root).success();
    let new = sites(&out);
    build(&a.root).success();
    let old = sites(&out);
    write_earlier_layout(&out, &old);
    assert!(!out.join("public").is_symlink());
    assert_eq!(sites(&out), old);
    kill_at_every_step(Kills {
        cwd: work.path(),
        out: &out,
        args: &["build", "--root", &b.root, "--out", &out_s],
        old: &old,
        new: &new,
        reset: &|| write_earlier_layout(&out, &old),
        reset_always: true,
    });
    assert!(strays(&out).is_empty(), "{:?}", strays(&out));
    // A build only of the public site keeps the internal site an earlier version wrote.
    write_earlier_layout(&out, &old);
    run_in(
        work.path(),
        &[
            "build",
            "--root",
            &b.root,
            "--out",
            &out_s,
            "--audience",
            "public",
        ],
        &[],
    )
    .success();
    let now = sites(&out);
    assert!(now[0] == new[0] && now[1] == old[1]);
}

#[test]
fn what_a_killed_build_left_is_removed_at_the_start_of_the_next_build_even_a_failing_one() {
    let site = Site::fixture("basic");
    site.run(&["build"]).success();
    let before = sites(&site.path("out"));
    // Killed while writing pages: a half-written site folder stays behind.
    let run = run_in(site.root(), &["build"], &[("STYRDOK_ABORT_AT_STEP", "20")]);
    assert_eq!(run.code, -1, "{}", run.stderr);
    assert_eq!(strays(&site.path("out")), vec![".styrdok-site-2"]);
    // A folder with a name like styrdok's that styrdok did not mark is not styrdok's to remove.
    site.write("out/.styrdok-site-9/egen.txt", "inte styrdoks");
    site.write(
        "content/trasig.md",
        "---\nid: trasig\nkind: page\ntitle: T\n---\nSe [](@finns-inte).\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(strays(&site.path("out")), vec![".styrdok-site-9"]);
    assert_eq!(site.read("out/.styrdok-site-9/egen.txt"), "inte styrdoks");
    assert_eq!(sites(&site.path("out")), before);
}

#[test]
fn a_second_build_into_the_same_folder_at_the_same_time_is_refused() {
    let site = Site::fixture("basic");
    site.run(&["build"]).success();
    let before = read_tree(&site.path("out"));
    // The lock a running build holds on its output folder.
    let dir = std::fs::File::open(site.path("out")).unwrap();
    dir.lock().unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("another styrdok build is writing to out"),
        "{}",
        run.stderr
    );
    dir.unlock().unwrap();
    assert_eq!(read_tree(&site.path("out")), before);
    site.run(&["build"]).success();
}

// ---- A folder that is not a site is an error ----------------------------------------------------

#[track_caller]
fn assert_not_a_site(run: &Run, folder: &str) {
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "{folder} is not a styrdok site: it has no styrdok.yaml"
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--root"), "{}", run.stderr);
}

#[test]
fn build_in_a_folder_without_styrdok_yaml_is_an_error_and_keeps_the_previous_sites() {
    let site = Site::fixture("basic");
    site.run(&["build"]).success();
    let before = read_tree(&site.path("out"));
    // In a sub-folder of the site: the hint names the site folder above.
    let run = run_in(&site.path("content"), &["build", "--out", "../out"], &[]);
    assert_not_a_site(&run, "[ROOT]");
    let hint = format!("--root {}", site.root().canonicalize().unwrap().display());
    assert!(run.stderr.contains(&hint), "{}", run.stderr);
    // A site folder whose settings file is gone.
    std::fs::remove_file(site.path("styrdok.yaml")).unwrap();
    let run = site.run(&["build"]);
    assert_not_a_site(&run, "[ROOT]");
    assert_eq!(read_tree(&site.path("out")), before);
    let run = site.run(&["build", "--root", "content", "--out", "ut"]);
    assert_not_a_site(&run, "[ROOT]/content");
    assert!(!site.path("ut").exists());
}

#[test]
fn check_in_a_folder_without_styrdok_yaml_is_an_error() {
    let empty = tempfile::tempdir().unwrap();
    let run = run_in(empty.path(), &["check"], &[]);
    assert_not_a_site(&run, "[ROOT]");
    let site = Site::fixture("basic");
    assert_not_a_site(&site.run(&["check", "--root", "data"]), "[ROOT]/data");
}

#[test]
fn serve_in_a_folder_without_styrdok_yaml_is_an_error() {
    let empty = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_styrdok"))
        .args(["serve", "--port", "0"])
        .current_dir(empty.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A guard, not a timing: today's server would serve an empty site until killed.
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("serve kept running in a folder without styrdok.yaml");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let run = Run::new(child.wait_with_output().unwrap(), empty.path());
    assert_not_a_site(&run, "[ROOT]");
    assert!(!run.stdout.contains("http://"), "{}", run.stdout);
}
