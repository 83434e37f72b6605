//! One symlink policy for build, check and preview: nothing whose real path lies outside the
//! site root is read or published (documents, folders, data, theme files, settings), and each
//! file skipped for it is a warning naming it. Links that stay inside the root are followed.

use std::os::unix::fs::symlink;
use std::path::Path;

use styrdok::content::frontmatter::Audience;
use styrdok::incremental::Incremental;

use crate::{Site, read_tree};

const SECRET: &str = "UTANFÖR-ROTEN-HEMLIGT";

/// A folder next to the site (not under its root) with files an attacker or a careless
/// link points at. All content is fictional.
fn outside() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let doc = format!(
        "---\nid: utanfor\nkind: report\ntitle: {SECRET} titel\ndate: 2025-01-01\n---\n\n{SECRET} text.\n"
    );
    std::fs::write(dir.path().join("hemlig.md"), &doc).unwrap();
    std::fs::create_dir(dir.path().join("mapp")).unwrap();
    std::fs::write(
        dir.path().join("mapp/annan.md"),
        doc.replace("utanfor", "utanfor-mapp"),
    )
    .unwrap();
    std::fs::write(dir.path().join("nyckel.txt"), SECRET).unwrap();
    std::fs::write(
        dir.path().join("base.html"),
        format!("<html>{SECRET}{{% block main %}}{{% endblock %}}</html>"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("forkortningar.yaml"),
        format!("abbreviations:\n  - {{ abbr: XYZ, expansion: {SECRET} }}\n"),
    )
    .unwrap();
    dir
}

/// The basic fixture with a symlink out of the root in every place the sources are read.
fn linked_site(out: &Path) -> Site {
    let site = Site::fixture("basic");
    let link = |target: &Path, rel: &str| {
        let p = site.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        symlink(target, p).unwrap();
    };
    link(&out.join("hemlig.md"), "content/hemlig.md");
    link(&out.join("mapp"), "content/mapp");
    link(&out.join("nyckel.txt"), "themes/default/static/nyckel.txt");
    link(&out.join("base.html"), "themes/default/templates/base.html");
    link(&out.join("forkortningar.yaml"), "data/forkortningar.yaml");
    link(&out.join("finns-inte.md"), "content/trasig.md");
    // A link that stays inside the root is followed.
    site.write(
        "extra/inne.md",
        "---\nid: inne\nkind: report\ntitle: Fiktiv länkad rapport\ndate: 2025-01-01\n---\n\nInne.\n",
    );
    link(&site.path("extra/inne.md"), "content/inne.md");
    site
}

#[test]
fn nothing_outside_the_root_is_read_and_each_skip_is_a_warning() {
    let out = outside();
    let site = linked_site(out.path());
    let run = site.run(&["check"]);
    run.success();
    for path in [
        "content/hemlig.md",
        "content/mapp",
        "themes/default/static/nyckel.txt",
        "themes/default/templates/base.html",
        "data/forkortningar.yaml",
    ] {
        run.has_diag(&format!("{path}:1:1"), "warning", "outside the site root");
    }
    run.has_diag(
        "content/trasig.md:1:1",
        "warning",
        "a symlink that leads nowhere",
    );

    site.run(&["build"]).success();
    for audience in ["public", "internal"] {
        let tree = read_tree(&site.path(&format!("out/{audience}")));
        for (path, bytes) in &tree {
            assert!(
                !String::from_utf8_lossy(bytes).contains(SECRET),
                "{audience} {path} holds a file from outside the root"
            );
        }
        assert!(!tree.contains_key("nyckel.txt"));
        assert!(
            tree.contains_key("dokument/inne/index.html"),
            "a link inside the root is followed"
        );
    }
}

#[test]
fn the_preview_follows_the_same_policy() {
    let out = outside();
    let site = linked_site(out.path());
    let mut compiler = Incremental::new(site.root());
    let rebuild = compiler
        .rebuild(&[Audience::Public, Audience::Internal])
        .unwrap_or_else(|e| panic!("the site compiles: {e}"));
    let warned: Vec<String> = rebuild
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("outside the site root"))
        .map(|d| d.path.display().to_string())
        .collect();
    assert_eq!(warned.len(), 5, "{warned:?}");
    for (audience, delta) in &rebuild.sites {
        assert!(
            delta
                .pages
                .iter()
                .any(|p| p.path == "dokument/inne/index.html"),
            "{audience:?}: a link inside the root is followed"
        );
        for page in &delta.pages {
            assert!(
                !String::from_utf8_lossy(&page.bytes).contains(SECRET),
                "{audience:?}: served {} holds a file from outside the root",
                page.path
            );
        }
    }
}

#[test]
fn settings_outside_the_root_are_an_error() {
    let out = outside();
    let site = Site::fixture("basic");
    std::fs::write(out.path().join("styrdok.yaml"), "title: Fiktiv\n").unwrap();
    std::fs::remove_file(site.path("styrdok.yaml")).unwrap();
    symlink(out.path().join("styrdok.yaml"), site.path("styrdok.yaml")).unwrap();
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.has_diag("styrdok.yaml:1:1", "error", "outside the site root");
}

#[test]
fn a_theme_name_cannot_climb_out_of_the_root() {
    let out = outside();
    std::fs::create_dir_all(out.path().join("tema/static")).unwrap();
    std::fs::write(out.path().join("tema/static/nyckel.txt"), SECRET).unwrap();
    let site = Site::fixture("basic");
    // A relative theme path that leaves the root without any symlink.
    let rel = pathdiff(out.path(), &site.path("themes"));
    let config = site.read("styrdok.yaml");
    site.write("styrdok.yaml", &format!("{config}theme: \"{rel}/tema\"\n"));
    std::fs::create_dir_all(site.path("themes")).unwrap();
    let run = site.run(&["build"]);
    run.success().has_diag(
        &format!("themes/{rel}/tema:1:1"),
        "warning",
        "outside the site root",
    );
    assert!(site.path("out/public/index.html").exists());
    assert!(
        !site.path("out/public/nyckel.txt").exists(),
        "{}",
        run.stderr
    );
}

/// `to` as seen from `from`, with `..` steps.
fn pathdiff(to: &Path, from: &Path) -> String {
    let ups = from.components().count();
    format!(
        "{}{}",
        "../".repeat(ups),
        to.display().to_string().trim_start_matches('/')
    )
}
