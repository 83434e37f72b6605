//! Incremental rebuilds (what `styrdok serve` runs on every change): after each edit, the
//! pages served — the last ones with the rebuild's deltas applied — must be byte for byte
//! what a full build gives, and a small edit must render the pages of few documents.
//!
//! The edits are made to copies of fictional fixtures and of the bundled site; nothing here
//! changes the real content.

use std::path::Path;

use styrdok::Error;
use styrdok::content::frontmatter::Audience;
use styrdok::incremental::{Incremental, PageSet, Stats};

use crate::{Rng, Site};

const BOTH: &[Audience] = &[Audience::Internal, Audience::Public];

/// A site being edited, its incremental compiler, and the pages as served.
struct Preview {
    site: Site,
    compiler: Incremental,
    served: Vec<(Audience, PageSet)>,
}

impl Preview {
    /// Trusting what it is told changed, as `styrdok serve` does.
    fn new(site: Site) -> Preview {
        Preview::with_trust(site, true)
    }

    /// `trust`: whether the compiler takes [`Preview::write`]'s word for what changed
    /// ([`Incremental::trust_watcher`]) or looks at every file.
    fn with_trust(site: Site, trust: bool) -> Preview {
        let mut compiler = Incremental::new(site.root());
        compiler.trust_watcher(trust);
        let mut p = Preview {
            site,
            compiler,
            served: BOTH.iter().map(|&a| (a, PageSet::default())).collect(),
        };
        let stats = p.rebuild().expect("the site builds");
        assert!(stats.rendered_all, "the first rebuild renders everything");
        p
    }

    /// Edits a file as an editor would, and tells the compiler, as the watcher does.
    fn write(&mut self, rel: &str, text: &str) {
        self.site.write(rel, text);
        self.compiler.forget([Path::new(rel)]);
    }

    /// Overrides a template of the default theme with an edit of it.
    fn edit_template(&mut self, name: &str, edit: impl FnOnce(&str) -> String) {
        let (_, default) = styrdok::render::templates::TEMPLATES
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("no template {name}"));
        self.write(&format!("themes/default/templates/{name}"), &edit(default));
    }

    fn replace(&mut self, rel: &str, from: &str, to: &str) {
        let text = self.site.read(rel);
        assert!(text.contains(from), "{rel} has no `{from}`");
        self.write(rel, &text.replacen(from, to, 1));
    }

    fn remove(&mut self, rel: &str) {
        std::fs::remove_file(self.site.path(rel)).unwrap();
        self.compiler.forget([Path::new(rel)]);
    }

    /// Rebuilds, applies the deltas, and checks the pages served against a full compile.
    /// Returns the stats of a good rebuild, `None` for one with errors (then the same
    /// diagnostics as the full compile, and the pages served stay as they were).
    #[track_caller]
    fn rebuild(&mut self) -> Option<Stats> {
        let expected = styrdok::compile_with(self.site.root(), BOTH, false);
        let got = self.compiler.rebuild(BOTH);
        match (expected, got) {
            (Ok(expected), Ok(rebuild)) => {
                assert_eq!(expected.diagnostics, *rebuild.diagnostics);
                for ((audience, delta), (served_as, served)) in
                    rebuild.sites.into_iter().zip(&mut self.served)
                {
                    assert_eq!(audience, *served_as);
                    served.apply(delta);
                    let pages = &expected
                        .sites
                        .iter()
                        .find(|(a, _)| *a == audience)
                        .unwrap()
                        .1;
                    let want: Vec<(&str, &[u8])> = pages
                        .iter()
                        .map(|p| (p.path.as_str(), p.bytes.as_slice()))
                        .collect();
                    let have: Vec<(&str, &[u8])> = served.iter().collect();
                    if want != have {
                        let differ: Vec<&str> = want
                            .iter()
                            .filter(|w| !have.contains(w))
                            .map(|w| w.0)
                            .chain(have.iter().filter(|h| !want.contains(h)).map(|h| h.0))
                            .collect();
                        panic!(
                            "the {} pages served differ from a full build: {differ:?}",
                            audience.key()
                        );
                    }
                }
                Some(rebuild.stats)
            }
            (Err(Error::Content(e)), Err(Error::Content(g))) => {
                assert_eq!(e, g);
                None
            }
            (Err(e), Err(g)) => {
                // A rebuild renders fewer pages: it may name another page of the same template.
                let template = |e: Error| e.to_string().split(" (").next().unwrap().to_string();
                assert_eq!(template(e), template(g));
                None
            }
            (e, g) => panic!(
                "full and incremental compile disagree: {:?} / {:?}",
                e.err().map(|e| e.to_string()),
                g.err().map(|e| e.to_string())
            ),
        }
    }

    #[track_caller]
    fn rebuild_ok(&mut self) -> Stats {
        self.rebuild().expect("the site builds")
    }

    fn page(&self, audience: Audience, path: &str) -> String {
        let set = &self.served.iter().find(|(a, _)| *a == audience).unwrap().1;
        String::from_utf8_lossy(set.get(path).unwrap_or_else(|| panic!("no page {path}")))
            .to_string()
    }
}

#[test]
fn a_text_edit_renders_the_document_and_its_neighbours_only() {
    let mut p = Preview::new(Site::bundled());
    p.replace(
        "content/utredning.md",
        "Bakgrund",
        "Bakgrund (redigerad i testet)",
    );
    let stats = p.rebuild_ok();
    assert!(!stats.rendered_all);
    assert_eq!(stats.parsed, 1);
    assert!(
        stats.rendered_documents < stats.documents,
        "{stats:?}: every document rendered for one edit"
    );
    assert!(
        p.page(Audience::Internal, "dokument/utredning/index.html")
            .contains("redigerad i testet")
    );

    assert!(
        stats.rendered_site_pages,
        "a section title is in the listings' links"
    );

    // Text alone: the listings read none of it.
    p.replace(
        "content/utredning.md",
        "## Bakgrund (redigerad i testet) {#bakgrund}\n",
        "## Bakgrund (redigerad i testet) {#bakgrund}\n\nEn ny mening i testet.\n",
    );
    let stats = p.rebuild_ok();
    assert!(
        !stats.rendered_site_pages && stats.rendered_documents >= 1,
        "{stats:?}"
    );

    // Nothing changed: nothing is rendered.
    let stats = p.rebuild_ok();
    assert_eq!(
        (
            stats.rendered_all,
            stats.rendered_documents,
            stats.rendered_site_pages
        ),
        (false, 0, false)
    );
}

/// A document's neighbours are rendered again only when what they read of it changed: a
/// sentence added is not that; references moved into an internal passage are (the public
/// page they lead to no longer names the document). Every rebuild is also compared with a
/// full build.
#[test]
fn neighbours_are_rendered_again_only_when_what_they_read_changed() {
    let mut p = Preview::new(Site::fixture("basic"));
    p.replace(
        "content/rapport.md",
        "Text.",
        "Text. En fiktiv mening till.",
    );
    let stats = p.rebuild_ok();
    assert_eq!(
        (
            stats.rendered_all,
            stats.rendered_documents,
            stats.rendered_site_pages
        ),
        (false, 1, false),
        "only the report itself"
    );

    let names_report = |p: &Preview, audience| {
        p.page(audience, "dokument/avtal/index.html")
            .contains("Fiktiv rapport")
    };
    assert!(names_report(&p, Audience::Public));
    let refs = "Enligt [](@avtal#andringar) och [punkt 3](@avtal#andringar) i [](@avtal/v1).";
    p.replace(
        "content/rapport.md",
        refs,
        &format!("Ny mening.\n\n::: intern\n{refs}\n:::"),
    );
    let stats = p.rebuild_ok();
    assert!(stats.rendered_documents > 1, "{stats:?}");
    assert!(!names_report(&p, Audience::Public));
    assert!(names_report(&p, Audience::Internal));
}

#[test]
fn titles_references_and_backlinks_follow_edits_of_either_end() {
    let mut p = Preview::new(Site::fixture("basic"));
    // The rapport's empty link to v1 takes its title.
    p.replace(
        "agreements/avtal.md",
        "title: Fiktivt samverkansavtal",
        "title: Nytt avtalsnamn",
    );
    let stats = p.rebuild_ok();
    assert!(!stats.rendered_all);
    assert!(
        p.page(Audience::Internal, "dokument/rapport/index.html")
            .contains("Nytt avtalsnamn")
    );

    // A section renamed and renumbered: the referring link text follows.
    p.replace(
        "agreements/avtal-v2.md",
        "## Syfte {#syfte}",
        "## Inledning {#inledning}\n\nNy.\n\n## Syfte {#syfte}",
    );
    p.rebuild_ok();

    // A new reference gives a backlink; removing it takes it away again.
    p.replace("content/rapport.md", "Text.", "Se [](@beslut-norrby-ks-1).");
    p.rebuild_ok();
    assert!(
        p.page(Audience::Internal, "dokument/beslut-norrby-ks-1/index.html")
            .contains("Fiktiv rapport")
    );
    p.replace("content/rapport.md", "Se [](@beslut-norrby-ks-1).", "Text.");
    p.rebuild_ok();
    assert!(
        !p.page(Audience::Internal, "dokument/beslut-norrby-ks-1/index.html")
            .contains("Fiktiv rapport")
    );

    // A reference to a section not there yet fails; when the section comes, the referring
    // document, whose file did not change, gives the backlink.
    p.replace(
        "content/rapport.md",
        "Text.",
        "Se [](@beslut-norrby-ks-1#motivering).",
    );
    assert!(p.rebuild().is_none(), "the section is not there yet");
    p.replace(
        "content/beslut.md",
        "Protokollsutdrag.",
        "Protokollsutdrag.\n\n## Motivering {#motivering}\n\nFiktiv motivering.",
    );
    p.rebuild_ok();
    assert!(
        p.page(Audience::Internal, "dokument/beslut-norrby-ks-1/index.html")
            .contains("Fiktiv rapport")
    );
}

#[test]
fn documents_added_removed_renamed_and_hidden() {
    let mut p = Preview::new(Site::fixture("basic"));
    p.write(
        "content/ny.md",
        "---\nid: ny\nkind: report\ntitle: Ny fiktiv sida\n---\n\nHänvisar till [](@rapport).\n",
    );
    let stats = p.rebuild_ok();
    assert!(
        !stats.rendered_all,
        "a document of a kind already in the menu"
    );
    assert!(
        p.page(Audience::Public, "dokument/rapport/index.html")
            .contains("Ny fiktiv sida")
    );

    // A kind the menu does not have yet: every page gets the new menu entry.
    p.replace("content/ny.md", "kind: report", "kind: page");
    assert!(p.rebuild_ok().rendered_all);

    // Renamed: the old pages go, the new ones come.
    p.replace("content/ny.md", "id: ny", "id: ny-igen");
    p.rebuild_ok();

    // Made internal: gone from the public view and from the public backlinks.
    p.replace("content/ny.md", "title:", "audience: internal\ntitle:");
    p.rebuild_ok();

    p.remove("content/ny.md");
    p.rebuild_ok();
    assert!(
        !p.page(Audience::Internal, "dokument/rapport/index.html")
            .contains("Ny fiktiv sida")
    );
}

#[test]
fn versions_decisions_and_the_tracker_follow_edits() {
    let mut p = Preview::new(Site::fixture("tracker"));
    // A decision changes its mind about the version it concerns.
    p.replace(
        "content/dalby-kf-4.md",
        "concerns: [\"@avtal\"]",
        "concerns: [\"@avtal/v1\"]",
    );
    p.rebuild_ok();
    p.replace("content/dalby-kf-4.md", "type: decision", "type: proposal");
    p.rebuild_ok();
    // A new version of the agreement.
    let v2 = p.site.read("agreements/avtal-v2.md");
    p.write(
        "agreements/avtal-v3.md",
        &v2.replace("version: v2", "version: v3")
            .replace("date: 2025-03-01", "date: 2025-06-01"),
    );
    p.rebuild_ok();
    p.remove("agreements/avtal-v3.md");
    p.rebuild_ok();
    // Signatures are site-wide data: everything is rendered.
    let sigs = p.site.read("agreements/underskrifter.yaml");
    p.write("agreements/underskrifter.yaml", &format!("{sigs}\n"));
    assert!(p.rebuild_ok().rendered_all);
}

#[test]
fn a_report_added_or_removed_reaches_the_page_it_is_about() {
    let mut p = Preview::new(Site::fixture("conditions"));
    let quote = "Fiktivt protokoll: kommunstyrelsens förslag till fullmäktige.";
    p.replace(
        "content/ankeby-ks-3.md",
        "concerns: [\"@punktavtal\", \"@signaturavtal/v1\"]",
        &format!("concerns: [\"@punktavtal\", \"@signaturavtal/v1\"]\nreports:\n  - {{ about: \"@beslutsavtal\", quote: \"{quote}\" }}"),
    );
    p.rebuild_ok();
    assert!(
        p.page(Audience::Public, "dokument/beslutsavtal/index.html")
            .contains(quote)
    );
    p.replace(
        "content/ankeby-ks-3.md",
        "about: \"@beslutsavtal\"",
        "about: \"@punktavtal\"",
    );
    p.rebuild_ok();
    assert!(
        !p.page(Audience::Public, "dokument/beslutsavtal/index.html")
            .contains(quote)
    );
}

#[test]
fn a_broken_edit_renders_nothing_and_the_next_good_rebuild_catches_up() {
    let mut p = Preview::new(Site::fixture("basic"));
    p.replace(
        "agreements/avtal.md",
        "title: Fiktivt samverkansavtal",
        "title: Under arbete",
    );
    p.write("content/beslut.md", "no front matter\n");
    assert!(p.rebuild().is_none());
    // Another edit while it is broken, then the fix.
    p.replace("content/rapport.md", "Text.", "Mer text.");
    assert!(p.rebuild().is_none());
    p.write(
        "content/beslut.md",
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic/content/beslut.md"),
        )
        .unwrap(),
    );
    let stats = p.rebuild_ok();
    assert!(!stats.rendered_all);
    assert!(
        p.page(Audience::Internal, "dokument/rapport/index.html")
            .contains("Under arbete")
    );
}

#[test]
fn theme_edits_render_the_pages_that_use_the_template() {
    let mut p = Preview::new(Site::fixture("basic"));
    // A stylesheet: no document is rendered, and only the stylesheet changes.
    p.write("themes/default/static/style.css", "body { color: black }\n");
    let stats = p.rebuild_ok();
    assert_eq!((stats.rendered_all, stats.rendered_documents), (false, 0));
    assert_eq!(
        p.page(Audience::Public, "style.css"),
        "body { color: black }\n"
    );

    // A template only site pages use.
    p.edit_template("party.html", |t| {
        t.replace("{% block main %}", "{% block main %}<p>PARTSMALL</p>")
    });
    let stats = p.rebuild_ok();
    assert_eq!((stats.rendered_all, stats.rendered_documents), (false, 0));
    assert!(
        p.page(Audience::Internal, "parter/norrby/index.html")
            .contains("PARTSMALL")
    );

    // A template included by the document page: every document is rendered.
    p.edit_template("status_table.html", |t| format!("<!-- TABELL -->{t}"));
    let stats = p.rebuild_ok();
    assert_eq!(stats.rendered_documents, stats.documents);

    // The diff template: only the versioned document (the agreement) is rendered.
    p.edit_template("diff.html", |t| {
        t.replace("{% block main %}", "{% block main %}<p>JÄMFÖRMALL</p>")
    });
    let stats = p.rebuild_ok();
    assert_eq!((stats.rendered_all, stats.rendered_documents), (false, 1));
    assert!(
        p.page(Audience::Public, "dokument/avtal/jamfor/v1-v2/index.html")
            .contains("JÄMFÖRMALL")
    );

    // Strings reach every page.
    p.write("themes/default/strings.yaml", "lang: sv\nmonths: [januari, februari, mars, april, maj, juni, juli, augusti, september, oktober, november, december]\nstrings:\n  parties: Avtalsparterna\n");
    assert!(p.rebuild_ok().rendered_all);
    p.remove("themes/default/strings.yaml");
    assert!(p.rebuild_ok().rendered_all);
}

#[test]
fn settings_and_data_render_everything() {
    let mut p = Preview::new(Site::fixture("basic"));
    p.replace(
        "styrdok.yaml",
        "title:",
        "base_url: https://exempel.invalid/\ntitle:",
    );
    assert!(p.rebuild_ok().rendered_all);
    // With a sitemap, an added document is listed in it without rendering everything.
    p.write(
        "content/ny.md",
        "---\nid: ny\nkind: report\ntitle: Ny\n---\n\nText.\n",
    );
    assert!(!p.rebuild_ok().rendered_all);
    assert!(
        p.page(Audience::Public, "sitemap.xml")
            .contains("dokument/ny/")
    );
    let budget = p.site.read("data/budget.yaml");
    p.write("data/budget.yaml", &format!("{budget}\n# edited\n"));
    assert!(p.rebuild_ok().rendered_all);
}

#[test]
fn a_template_that_fails_to_render_loses_nothing_for_the_next_rebuild() {
    let mut p = Preview::new(Site::fixture("basic"));
    // The template fails on every document page.
    p.edit_template("document.html", |t| {
        t.replace("{% block main %}", "{% block main %}{{ finns_inte.falt }}")
    });
    assert!(
        p.rebuild().is_none(),
        "the template fails on every document page"
    );
    // Meanwhile a document goes away; when the template is mended, its pages must go too.
    p.remove("content/beslut.md");
    assert!(p.rebuild().is_none());
    p.remove("themes/default/templates/document.html");
    p.rebuild_ok();
}

/// What the checks of a body find is kept with its file, and found again when the data it
/// is checked against changes: the diagnostics stay those of a full build.
#[test]
fn body_checks_follow_edits_of_the_body_and_of_the_data() {
    let mut p = Preview::new(Site::fixture("consistency/names"));
    let warned = |p: &Preview, needle: &str| {
        styrdok::check(p.site.root())
            .unwrap()
            .iter()
            .any(|d| d.to_string().contains(needle))
    };
    assert!(warned(&p, "`Sanrådet` looks like a variant spelling"));
    // The registry accepts the spelling now: the warning goes.
    p.replace(
        "data/organ.yaml",
        "variants: [Samrådet för östra länet]",
        "variants: [Samrådet för östra länet, Sanrådet]",
    );
    p.rebuild_ok();
    assert!(!warned(&p, "`Sanrådet` looks like a variant spelling"));
    // A new misspelling in the text: a new warning.
    p.replace(
        "content/rapport.md",
        "svarade också.",
        "svarade också, liksom Sydervik kommun.",
    );
    p.rebuild_ok();
    assert!(warned(
        &p,
        "`Sydervik kommun` looks like a variant spelling"
    ));
    // One misspelling for another: as many findings in the file as before, but not the
    // same; the warnings of the last rebuild are not taken for them.
    p.replace("content/rapport.md", "Sydervik kommun", "Södervig kommun");
    p.rebuild_ok();
    assert!(!warned(&p, "`Sydervik kommun`"));
    assert!(warned(
        &p,
        "`Södervig kommun` looks like a variant spelling"
    ));
    // Another document's edit leaves the kept findings as they were.
    p.replace("content/ks-1.md", "---\n\n", "---\n\nEn rad till.\n\n");
    p.rebuild_ok();
}

/// An edit of one document reaches every page that shows something of it — the pages that
/// refer to it, the tracker, the party pages, the front page, the listings and the feeds —
/// and each rebuild serves what a full build writes (checked by [`Preview::rebuild`]).
#[test]
fn an_edit_reaches_every_page_that_depends_on_it() {
    let mut p = Preview::new(Site::fixture("tracker"));
    let public = |p: &Preview, path: &str| p.page(Audience::Public, path);

    // Text alone, in the latest version of a public agreement: what changed since v1 is in
    // the feeds, the site's and each party's.
    let feed = public(&p, "parter/ankeby/atom.xml");
    assert!(feed.contains("Ord tillagda: 1 "), "{feed}");
    p.replace(
        "agreements/avtal-v2.md",
        "Andra versionen.",
        "Andra versionen, med tre fiktiva ord.",
    );
    let stats = p.rebuild_ok();
    assert!(!stats.rendered_all, "{stats:?}");
    for feed in [
        "parter/ankeby/atom.xml",
        "parter/dalby/atom.xml",
        "atom.xml",
    ] {
        let text = public(&p, feed);
        assert!(text.contains("Ord tillagda: 6 "), "{feed}: {text}");
    }

    // The title: the decisions that concern it, the party pages, the front page, the
    // listing, the register and the feeds all name it.
    p.replace(
        "agreements/avtal-v2.md",
        "title: Fiktivt avtal",
        "title: Omdöpt fiktivt avtal",
    );
    p.rebuild_ok();
    for page in [
        "dokument/dalby-kf-4/index.html",
        "parter/ankeby/index.html",
        "index.html",
        "typ/avtal/index.html",
        "parter/ankeby/atom.xml",
        "atom.xml",
    ] {
        assert!(
            public(&p, page).contains("Omdöpt fiktivt avtal"),
            "{page} still shows the old title"
        );
    }

    // A decision becomes a proposal: the agreement's tracker and the party's page follow.
    let tracker = public(&p, "dokument/avtal/index.html");
    p.replace("content/dalby-kf-4.md", "type: decision", "type: proposal");
    p.rebuild_ok();
    assert_ne!(tracker, public(&p, "dokument/avtal/index.html"));
}

/// A link from a note: to another note, or one of its sections.
type Link = (usize, Option<String>);

/// One generated (fictional) note: a numbered report with sections that link to each other.
#[derive(Clone)]
struct Note {
    n: usize,
    title: String,
    internal: bool,
    /// (id, heading, text, links) per section.
    sections: Vec<(String, String, String, Vec<Link>)>,
    /// An internal passage at the end: its text and links.
    passage: Option<(String, Vec<Link>)>,
    /// The day of February 2025 it is dated.
    day: usize,
    /// Links by address to another note's page (`/dokument/…/#section`, `../…/`).
    plain: Vec<Link>,
    /// The note it supersedes (front matter).
    supersedes: Option<usize>,
}

fn links_text(links: &[Link]) -> String {
    links
        .iter()
        .map(|(n, s)| match s {
            Some(s) => format!(" Se [](@anteckning-{n}#{s})."),
            // The date the note had when it was made: a warning once it is dated otherwise.
            None => format!(" Se [noten av 2025-02-{:02}](@anteckning-{n}).", 1 + n % 28),
        })
        .collect()
}

impl Note {
    fn rel(&self) -> String {
        format!("content/anteckning-{}.md", self.n)
    }

    fn text(&self) -> String {
        let mut t = format!(
            "---\nid: anteckning-{}\nkind: report\ntitle: {}\ndate: 2025-02-{:02}\nnumbered: true\n",
            self.n, self.title, self.day
        );
        if self.internal {
            t.push_str("audience: internal\n");
        }
        if let Some(n) = self.supersedes {
            t.push_str(&format!("supersedes: \"@anteckning-{n}\"\n"));
        }
        t.push_str("---\n\n");
        for (id, heading, text, links) in &self.sections {
            t.push_str(&format!(
                "## {heading} {{#{id}}}\n\n{text}{}\n\n",
                links_text(links)
            ));
        }
        for (n, s) in &self.plain {
            t.push_str(&match s {
                Some(s) => format!("Se [sidan](/dokument/anteckning-{n}/#{s}).\n\n"),
                None => format!("Se [sidan](../anteckning-{n}/).\n\n"),
            });
        }
        if let Some((text, links)) = &self.passage {
            t.push_str(&format!("::: intern\n{text}{}\n:::\n", links_text(links)));
        }
        t
    }

    /// Whether a link from this note (from an internal passage or not) builds.
    fn may_link(&self, notes: &[Note], link: &Link, in_passage: bool) -> bool {
        let Some(to) = notes.iter().find(|t| t.n == link.0) else {
            return false;
        };
        let exists = match &link.1 {
            Some(s) => to.sections.iter().any(|x| &x.0 == s),
            None => true,
        };
        exists && (self.internal || in_passage || !to.internal)
    }
}

/// Random edits, one rebuild after each: body text, titles, headings (which renumber and
/// rename what links show), links added and removed (to sections that exist or not, from
/// public text to internal notes), internal passages, notes added, deleted and made
/// internal, and every few edits a repair of the broken links in every note at once. After
/// every edit the pages served (the deltas applied) and the diagnostics must be those of a
/// full build of the same sources, for both audiences: a rebuild that reuses anything it
/// should have made again fails here. The notes are fictional.
#[test]
fn random_edits_give_what_a_full_build_gives() {
    for (seed, trust) in [(0x5eed_u64, true), (0xdecade, true), (0xfeed_f00d, false)] {
        let mut rng = Rng(seed);
        let site = Site::fixture("basic");
        if seed != 0xdecade {
            // With a sitemap, which lists every page.
            site.edit(
                "styrdok.yaml",
                "title:",
                "base_url: https://exempel.invalid/\ntitle:",
            );
        }
        let mut p = Preview::with_trust(site, trust);
        let mut notes: Vec<Note> = Vec::new();
        let mut next = 0;
        let new_note = |rng: &mut Rng, next: &mut usize| {
            *next += 1;
            let sections = (0..2 + rng.below(3))
                .map(|s| {
                    (
                        format!("sek-{s}"),
                        format!("Avsnitt {s} om fiktiva saker"),
                        format!("Fiktiv text nummer {s}."),
                        Vec::new(),
                    )
                })
                .collect();
            Note {
                n: *next,
                title: format!("Fiktiv anteckning {next}"),
                internal: false,
                sections,
                passage: None,
                day: 1 + *next % 28,
                plain: Vec::new(),
                supersedes: None,
            }
        };
        for _ in 0..5 {
            let note = new_note(&mut rng, &mut next);
            p.write(&note.rel(), &note.text());
            notes.push(note);
        }
        p.rebuild_ok();
        let mut ok = 0;
        for step in 0..36 {
            if step % 4 == 3 {
                // Repair: every note keeps only the links that build.
                let all = notes.clone();
                for note in &mut notes {
                    let before = note.text();
                    let me = note.clone();
                    for sec in &mut note.sections {
                        sec.3.retain(|l| me.may_link(&all, l, false));
                    }
                    if let Some((_, links)) = &mut note.passage {
                        links.retain(|l| me.may_link(&all, l, true));
                    }
                    note.plain.retain(|l| me.may_link(&all, l, false));
                    if let Some(n) = note.supersedes
                        && !me.may_link(&all, &(n, None), false)
                    {
                        note.supersedes = None;
                    }
                    if note.text() != before {
                        p.write(&note.rel(), &note.text());
                    }
                }
                ok += usize::from(p.rebuild().is_some());
                continue;
            }
            let what = rng.below(17);
            let k = rng.below(notes.len());
            let other = notes[rng.below(notes.len())].clone();
            let link = |rng: &mut Rng| -> Link {
                let s = rng.below(other.sections.len() + 1);
                match other.sections.get(s) {
                    Some(sec) if rng.below(4) > 0 => (other.n, Some(sec.0.clone())),
                    Some(_) => (other.n, None),
                    None => (other.n, Some("finns-inte".into())),
                }
            };
            let note = &mut notes[k];
            let s = rng.below(note.sections.len());
            match what {
                0 | 1 => note.sections[s].2.push_str(" Ännu en fiktiv mening."),
                2 => note.title = format!("Omdöpt anteckning {step}"),
                3 => note.sections[s].1 = format!("Ny rubrik {step}"),
                4 => {
                    // Now and then the section that links to `finns-inte` wanted: links to
                    // it from notes not edited start to resolve.
                    let id = if step % 3 == 0 && !note.sections.iter().any(|x| x.0 == "finns-inte")
                    {
                        "finns-inte".to_string()
                    } else {
                        format!("ny-{step}")
                    };
                    note.sections.insert(
                        s,
                        (
                            id,
                            format!("Infogat avsnitt {step}"),
                            "Infogad text.".into(),
                            Vec::new(),
                        ),
                    )
                }
                5 | 6 => note.sections[s].3.push(link(&mut rng)),
                7 => note.sections.iter_mut().for_each(|sec| sec.3.clear()),
                8 => {
                    note.passage = match note.passage.take() {
                        Some(_) if step % 2 == 0 => None,
                        _ => Some((
                            format!("Intern fiktiv uppgift {step}."),
                            vec![link(&mut rng)],
                        )),
                    };
                }
                9 => note.internal = !note.internal,
                11 => note.day = 1 + rng.below(28),
                12 => note.plain.push(link(&mut rng)),
                13 => {
                    note.supersedes = match note.supersedes {
                        Some(_) => None,
                        None => Some(other.n),
                    }
                }
                10 => {
                    let note = new_note(&mut rng, &mut next);
                    notes.push(note);
                }
                14 | 15 => {
                    // The sections' references move into the internal passage: the same
                    // documents referred to, but no longer from public text (one is made
                    // first, and built, when there is none).
                    if note.sections.iter().all(|sec| sec.3.is_empty()) {
                        note.sections[s].3.push(link(&mut rng));
                        p.write(&note.rel(), &note.text());
                        ok += usize::from(p.rebuild().is_some());
                    }
                    let moved: Vec<Link> = (note.sections.iter_mut())
                        .flat_map(|sec| std::mem::take(&mut sec.3))
                        .collect();
                    let passage = note.passage.get_or_insert_with(|| {
                        (format!("Intern fiktiv uppgift {step}."), Vec::new())
                    });
                    passage.1.extend(moved);
                }
                _ => {
                    if notes.len() > 2 {
                        let gone = notes.remove(k);
                        p.remove(&gone.rel());
                        ok += usize::from(p.rebuild().is_some());
                        continue;
                    }
                }
            }
            let note = if what == 10 {
                notes.last().unwrap()
            } else {
                &notes[k]
            };
            p.write(&note.rel(), &note.text());
            ok += usize::from(p.rebuild().is_some());
        }
        // Most steps build; the rest give the errors a full build gives.
        assert!(ok > 12, "seed {seed:#x}: only {ok} good rebuilds");
    }
}
