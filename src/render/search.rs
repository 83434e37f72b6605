//! Search: Pagefind indexes built from one audience's rendered pages, written next to them
//! under `pagefind/`. The browser searches them as the reader types, with no server and no
//! network; Pagefind stems Swedish (`avtal` finds `avtalet`, `avtalen`) because the pages say
//! `lang="sv"`. The public index is built only from public pages, so it cannot hold internal
//! text.
//!
//! # Bundles: the index work split over all cores
//!
//! The public site of a small site has one Pagefind bundle, `pagefind/`; the internal site
//! has it too, for the same pages, and `pagefind/intern-0/` for the pages only staff see
//! (internal documents and the routines page). A site of [`SHARD_DOCS`] documents or more
//! splits its document pages over more bundles ([`Layout`]): the
//! public documents over `pagefind/` and `pagefind/del-<n>/` by a hash of their id, the
//! internal ones over `pagefind/intern-<n>/`. The search box merges them in the browser
//! (Pagefind's `mergeIndex`). Each indexed page names its bundle
//! in a `<meta name="styrdok-search">` and the search box lists the bundles to merge, so the
//! page and its index always agree, whoever builds the index (build or preview).
//!
//! # Memory and cores
//!
//! The bundles are built one after the other, each on all cores, so only one bundle's index
//! is held at a time. Pagefind is given only what it reads of a page (its language and
//! `<main>`), a few hundred pages at a time, read in parallel, and folds each batch into the
//! bundle's index as it comes: it holds a bundle's index, not every word of every page read
//! (`fold_html_files`). Pagefind itself is patched for speed and memory
//! (`vendor/pagefind/STYRDOK.md`).
//!
//! # Each page indexed once
//!
//! The public documents fall into the same bundles on both sites. When every page of a
//! bundle of the internal site reads exactly as on the public site (the same `<main>` and
//! language: all Pagefind reads), the internal site gets a copy of the public bundle instead
//! of indexing it again ([`Built`]). Copies go only from the public site to the internal one,
//! never back.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

use super::Page;
use crate::content::frontmatter::Audience;
use crate::error::{Error, Result};
use crate::resolve::Site;

/// Folder of the index inside a built site.
pub const BUNDLE_DIR: &str = "pagefind";

/// From this many visible documents on, a site's index is split into bundles of about this
/// many documents each.
pub const SHARD_DOCS: usize = 2500;

/// The environment variable of a test hook: documents per bundle instead of [`SHARD_DOCS`],
/// so the tests can split a small site's index.
pub const SHARD_DOCS_ENV: &str = "STYRDOK_SEARCH_SHARD_DOCS";

/// [`SHARD_DOCS`], or what [`SHARD_DOCS_ENV`] says.
fn shard_docs() -> usize {
    std::env::var(SHARD_DOCS_ENV)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(SHARD_DOCS)
}

/// At most this many bundles of public documents (and as many of internal ones): each is
/// one more set of requests when the reader searches.
pub const MAX_SHARDS: usize = 8;

/// The name of the `<meta>` that names an indexed page's bundle when it is not the main one.
pub const META_NAME: &str = "styrdok-search";

/// Which bundle each document page of one audience's site is indexed in; see the module
/// documentation. Worked out per page from the document's id and audience, not held per
/// document: the preview makes it on every rebuild.
#[derive(Debug, Clone, Default)]
pub struct Layout<'a> {
    /// The site, when its documents are spread over bundles.
    site: Option<&'a Site>,
    /// Bundles of the public documents (the first is the main one), when spread.
    public: Option<Spread>,
    /// Bundles of the internal documents, on the internal site.
    internal: Option<Spread>,
    /// The bundles besides the main one, in order.
    merged: Vec<String>,
    /// The bundle of the routines page (internal only), when not the main one.
    routines: Option<String>,
}

/// Documents spread over `shards` bundles, named from `merged[first]` on.
#[derive(Debug, Clone, Copy)]
struct Spread {
    shards: usize,
    /// Whether bundle 0 is the main one (no name).
    main: bool,
    first: usize,
}

impl<'a> Layout<'a> {
    pub fn new(site: &'a Site, audience: Audience) -> Layout<'a> {
        let public = site
            .documents
            .iter()
            .filter(|d| d.audience == Audience::Public)
            .count();
        let internal = match audience {
            Audience::Internal => site.documents.len() - public,
            Audience::Public => 0,
        };
        let mut layout = Layout {
            site: Some(site),
            ..Layout::default()
        };
        if public + internal >= shard_docs() {
            layout.public = layout.spread(public, "del", true);
        }
        if audience == Audience::Internal {
            // What only staff see in bundles of its own, so that the internal site can copy
            // every public bundle whose pages read the same on both sites.
            layout.internal = layout.spread(internal, "intern", false);
            layout.routines = layout.merged.last().cloned();
        }
        layout
    }

    /// Spreads `n` documents over bundles `<prefix>-<n>`; with `main`, the first is the main
    /// bundle (and none is made for no documents), without, there is at least one.
    fn spread(&mut self, n: usize, prefix: &str, main: bool) -> Option<Spread> {
        if main && n == 0 {
            return None;
        }
        let shards = n.div_ceil(shard_docs()).clamp(1, MAX_SHARDS);
        let first = self.merged.len();
        let named = usize::from(main)..shards;
        self.merged.extend(named.map(|n| format!("{prefix}-{n}")));
        Some(Spread {
            shards,
            main,
            first,
        })
    }

    /// The bundle of the page at `path`, when it is indexed and not in the main bundle.
    pub fn bundle_of(&self, path: &str) -> Option<&str> {
        if path == "rutiner/index.html" {
            return self.routines.as_deref();
        }
        let id = path
            .strip_prefix("dokument/")?
            .strip_suffix("/index.html")?;
        let doc = self.site?.doc(id)?;
        let spread = match doc.audience {
            Audience::Public => self.public?,
            Audience::Internal => self.internal?,
        };
        let n = fnv(id.as_bytes()) as usize % spread.shards;
        if spread.main && n == 0 {
            return None;
        }
        let at = spread.first + n - usize::from(spread.main);
        self.merged.get(at).map(String::as_str)
    }

    /// The bundles the search box merges into the main one, separated by spaces.
    pub fn merged(&self) -> String {
        self.merged.join(" ")
    }
}

/// A stable hash (FNV-1a), so a document stays in its bundle from build to build.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Which pages are worth finding: each document's default page and the lookup pages; not the
/// per-version copies, diffs, listings or the 404 page.
pub fn is_indexed(path: &str) -> bool {
    if !path.ends_with("index.html") {
        return false;
    }
    let parts: Vec<&str> = path
        .trim_end_matches("index.html")
        .trim_end_matches('/')
        .split('/')
        .collect();
    matches!(
        parts.as_slice(),
        ["dokument", _]
            | ["parter", _]
            | ["ansvar"]
            | ["rutiner"]
            | ["ordlista"]
            | ["ekonomi"]
            | ["beslutsregister"]
    )
}

/// One bundle as built: the pages it holds (path and digest of what Pagefind reads) and its
/// files (paths under the site).
type BundleRecord = (Vec<(String, u64)>, Vec<String>);

/// What one site's index holds, for the next audience's index to copy from.
#[derive(Debug, Default)]
pub struct Built {
    /// Per bundle name, what it holds.
    bundles: BTreeMap<String, BundleRecord>,
    /// How many files the index has.
    pub files: usize,
}

/// Where [`build`] reads pages and puts the index, all paths relative to the site.
pub struct Io<'a> {
    /// A page's bytes.
    pub read: &'a (dyn Fn(&str) -> Result<Vec<u8>> + Sync),
    /// Index files, made.
    pub write: &'a (dyn Fn(Vec<Page>) -> Result<()> + Sync),
    /// Index files, copied from the site whose [`Built`] is reused.
    pub copy: &'a (dyn Fn(&[String]) -> Result<()> + Sync),
}

/// Builds the index over `pages` (path, bytes), and returns its files (paths under
/// [`BUNDLE_DIR`]).
pub fn index<'p>(
    pages: impl IntoIterator<Item = (&'p str, &'p [u8])>,
    lang: &str,
    links: crate::content::LinkStyle,
) -> Result<Vec<Page>> {
    let pages: HashMap<&str, &[u8]> = pages.into_iter().filter(|(p, _)| is_indexed(p)).collect();
    let files = std::sync::Mutex::new(Vec::new());
    let io = Io {
        read: &|p| Ok(pages.get(p).map(|b| b.to_vec()).unwrap_or_default()),
        write: &|f| {
            files.lock().expect("index files").extend(f);
            Ok(())
        },
        copy: &|_| Ok(()),
    };
    build(
        pages.keys().map(|p| p.to_string()).collect(),
        lang,
        links,
        None,
        &io,
    )?;
    let mut files = files.into_inner().expect("index files");
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Builds the index over the pages at `paths` (those not [`is_indexed`] are skipped), each
/// bundle in parallel, copying a bundle of `reuse` (the public site's index) where it holds
/// exactly the same pages. Returns what a later index may copy.
pub fn build(
    paths: Vec<String>,
    lang: &str,
    links: crate::content::LinkStyle,
    reuse: Option<&Built>,
    io: &Io,
) -> Result<Built> {
    let named: Vec<(String, String)> = paths
        .into_par_iter()
        .filter(|p| is_indexed(p))
        .map(|path| {
            let bytes = (io.read)(&path)?;
            Ok((bundle_named(&path, &bytes)?, path))
        })
        .collect::<Result<_>>()?;
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (bundle, path) in named {
        groups.entry(bundle).or_default().push(path);
    }
    // The main bundle holds the search box's files; it exists even when nothing is indexed.
    groups.entry(String::new()).or_default();
    let one = |(bundle, mut paths): (String, Vec<String>)| -> Result<(String, BundleRecord)> {
        paths.sort();
        let mut marked = false;
        let key: Vec<(String, u64)> = paths
            .iter()
            .map(|p| {
                let html = (io.read)(p)?;
                marked |= marks_body(&html);
                Ok((p.clone(), digest(&html)))
            })
            .collect::<Result<_>>()?;
        if let Some((k, files)) = reuse.and_then(|r| r.bundles.get(&bundle))
            && *k == key
        {
            (io.copy)(files)?;
            return Ok((bundle, (key, files.clone())));
        }
        let dir = if bundle.is_empty() {
            format!("{BUNDLE_DIR}/")
        } else {
            format!("{BUNDLE_DIR}/{bundle}/")
        };
        let files: Vec<Page> =
            pagefind_bundle(&paths, io, lang, links, bundle.is_empty(), !marked)?
                .into_iter()
                .map(|f| Page {
                    path: format!("{dir}{}", f.path),
                    bytes: f.bytes,
                })
                .collect();
        let names = files.iter().map(|f| f.path.clone()).collect();
        (io.write)(files)?;
        Ok((bundle, (key, names)))
    };
    // One bundle after the other, each on all cores: only one bundle's words are held at a
    // time.
    let made: Vec<(String, BundleRecord)> = groups.into_iter().map(one).collect::<Result<_>>()?;
    let files = made.iter().map(|(_, (_, f))| f.len()).sum();
    Ok(Built {
        bundles: made.into_iter().collect(),
        files,
    })
}

/// The bundle a page names in its `<meta name="styrdok-search">` ("" for the main one).
fn bundle_named(path: &str, html: &[u8]) -> Result<String> {
    let head = &html[..html.len().min(4096)];
    let needle = format!("<meta name=\"{META_NAME}\" content=\"");
    let Some(at) = head
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
    else {
        return Ok(String::new());
    };
    let rest = &head[at + needle.len()..];
    let name = rest
        .iter()
        .position(|&b| b == b'"')
        .map(|end| &rest[..end])
        .unwrap_or_default();
    let ok = !name.is_empty()
        && name
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-');
    if !ok {
        return Err(Error::Output(format!(
            "search index: {path}: the `{META_NAME}` bundle name is not lowercase letters, digits and hyphens"
        )));
    }
    Ok(String::from_utf8_lossy(name).to_string())
}

/// What Pagefind reads of a page: its `<html …` start tag (without the `>`) and its
/// `<main>` element (the whole page when it has none).
fn read_by_pagefind(html: &[u8]) -> (&[u8], &[u8]) {
    let find = |needle: &[u8]| html.windows(needle.len()).position(|w| w == needle);
    let start = find(b"<main").unwrap_or(0);
    let end = html
        .windows(7)
        .rposition(|w| w == b"</main>")
        .map_or(html.len(), |e| e + 7)
        .max(start);
    let html_tag = find(b"<html").map_or(&[][..], |s| {
        let e = html[s..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(html.len(), |e| s + e);
        &html[s..e]
    });
    (html_tag, &html[start..end])
}

/// A digest of what Pagefind reads of a page ([`read_by_pagefind`]).
fn digest(html: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    read_by_pagefind(html).hash(&mut h);
    h.finish()
}

/// The page as Pagefind is given it: only what it reads ([`read_by_pagefind`]), so that it
/// does not parse the header, menus and footer of every page for nothing.
fn for_pagefind(html: &[u8]) -> String {
    let (html_tag, main) = read_by_pagefind(html);
    let mut page = Vec::with_capacity(html_tag.len() + main.len() + 32);
    if html_tag.is_empty() {
        page.extend_from_slice(b"<html");
    } else {
        page.extend_from_slice(html_tag);
    }
    page.extend_from_slice(b"><body>");
    page.extend_from_slice(main);
    page.extend_from_slice(b"</body></html>");
    String::from_utf8(page).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Whether a page may have a `data-pagefind-body` element, after which Pagefind indexes only
/// the pages that have one: it names the attribute anywhere (even in its text).
fn marks_body(html: &[u8]) -> bool {
    memchr::memmem::find(html, b"data-pagefind-body").is_some()
}

/// How many pages are read and handed to Pagefind at a time.
const FEED_PAGES: usize = 256;

/// One Pagefind bundle over the pages at `paths`; file paths relative to the bundle. Only the main bundle
/// keeps the search box's own scripts and styles. With `fold`, each batch of pages is folded
/// into the index as it is read, so that Pagefind holds the words of only one batch of pages
/// rather than of all (the index comes out the same); not when a page has a
/// `data-pagefind-body` element ([`marks_body`]), which changes which pages are indexed.
fn pagefind_bundle(
    paths: &[String],
    io: &Io,
    lang: &str,
    links: crate::content::LinkStyle,
    main: bool,
    fold: bool,
) -> Result<Vec<Page>> {
    let mut idx = new_index(lang, links)?;
    for part in paths.chunks(FEED_PAGES) {
        let files = part
            .par_iter()
            .map(|path| Ok((path.clone(), for_pagefind(&(io.read)(path)?))))
            .collect::<Result<Vec<_>>>()?;
        match fold {
            true => idx.fold_html_files(files),
            false => idx.add_html_files(files),
        }
        .map_err(|e| Error::Output(format!("search index: {e}")))?;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| Error::Output(format!("could not start the search indexer: {e}")))?;
    let files = runtime
        .block_on(idx.get_files())
        .map_err(|e| Error::Output(format!("search index: {e}")))?;
    Ok(files
        .into_iter()
        .map(|f| Page {
            path: f
                .filename
                .to_string_lossy()
                .trim_start_matches('/')
                .to_string(),
            bytes: f.contents,
        })
        .filter(|f| main || !is_box_file(&f.path))
        .collect())
}

/// An empty Pagefind index as styrdok configures it.
fn new_index(lang: &str, links: crate::content::LinkStyle) -> Result<PagefindIndex> {
    let config = PagefindServiceConfig::builder()
        .force_language(lang.to_string())
        .root_selector("main".to_string())
        // Results link to pages as the rest of the site does (`links:`).
        .keep_index_url(links == crate::content::LinkStyle::IndexHtml)
        .exclude_selectors(vec![
            ".toc".into(),
            ".doc-aside".into(),
            ".skip-link".into(),
            // The `#` link beside each heading.
            ".anchor".into(),
        ])
        .build();
    PagefindIndex::new(Some(config)).map_err(|e| Error::Output(format!("search index: {e}")))
}

/// The search box's own files, which only the main bundle needs.
fn is_box_file(name: &str) -> bool {
    [
        "pagefind-ui.",
        "pagefind-component-ui.",
        "pagefind-modular-ui.",
        "pagefind-highlight.",
    ]
    .iter()
    .any(|p| name.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_documents_and_lookups_not_copies() {
        assert!(is_indexed("dokument/avtal/index.html"));
        assert!(is_indexed("parter/falun/index.html"));
        assert!(is_indexed("ansvar/index.html"));
        assert!(!is_indexed("dokument/avtal/v1/index.html"));
        assert!(!is_indexed("dokument/avtal/jamfor/v1-v2/index.html"));
        assert!(!is_indexed("404.html"));
        assert!(!is_indexed("style.css"));
    }

    #[test]
    fn a_page_names_its_bundle_in_a_meta_element() {
        let page = |meta: &str| format!("<html lang=\"sv\"><head>{meta}</head><main>x</main>");
        let named = |html: String| bundle_named("dokument/a/index.html", html.as_bytes());
        assert_eq!(named(page("")).unwrap(), "");
        assert_eq!(
            named(page("<meta name=\"styrdok-search\" content=\"del-3\">")).unwrap(),
            "del-3"
        );
        assert!(named(page("<meta name=\"styrdok-search\" content=\"../x\">")).is_err());
    }

    /// The index files Pagefind makes of `pages` (path, HTML as given), by name; the names
    /// of the index and fragment files are hashes of what they hold.
    fn pagefind_files(pages: &[(&str, String)]) -> Vec<String> {
        let mut idx = new_index("sv", crate::content::LinkStyle::Directory).unwrap();
        let pages = pages.iter().map(|(p, h)| (p.to_string(), h.clone()));
        idx.add_html_files(pages.collect()).unwrap();
        files(idx).into_iter().map(|(name, _)| name).collect()
    }

    /// The files of `idx` (name and bytes), by name.
    fn files(mut idx: PagefindIndex) -> Vec<(String, Vec<u8>)> {
        let files = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(idx.get_files())
            .unwrap();
        let mut files: Vec<(String, Vec<u8>)> = files
            .into_iter()
            .map(|f| (f.filename.to_string_lossy().to_string(), f.contents))
            .collect();
        files.sort();
        files
    }

    #[test]
    fn pagefind_indexes_the_trimmed_page_exactly_as_the_whole_page() {
        // Fictional pages. What stands outside `<main>` (title, menus, footer) is not indexed,
        // so handing Pagefind only the language and `<main>` changes nothing in the index.
        let page = |n: usize| {
            format!(
                "<!DOCTYPE html>\n<html lang=\"sv\"><head><title>Sidan {n}</title>\
                 <meta name=\"description\" content=\"Om avtalet\"></head><body>\
                 <a class=\"skip-link\" href=\"#main\">Till innehållet</a>\
                 <header><nav><a href=\"/\">Start</a> Parter Beslutsregister</nav></header>\
                 <main id=\"main\"><h1>Avtal {n} om förvaltning</h1>\
                 <nav class=\"toc\"><a href=\"#syfte\">Syfte</a></nav>\
                 <div class=\"heading\"><h2 id=\"syfte\">Syfte</h2>\
                 <a class=\"anchor\" href=\"#syfte\">#</a></div>\
                 <p>Avtalet gäller nämndens förvaltning, nummer {n}.</p>\
                 <aside class=\"doc-aside\">Senast ändrad</aside></main>\
                 <footer>Utgivare och tillgänglighetsredogörelse</footer></body></html>"
            )
        };
        let paths: Vec<String> = (0..3)
            .map(|n| format!("dokument/a{n}/index.html"))
            .collect();
        let whole: Vec<(&str, String)> = (0..3).map(|n| (paths[n].as_str(), page(n))).collect();
        let trimmed: Vec<(&str, String)> = whole
            .iter()
            .map(|(p, h)| (*p, for_pagefind(h.as_bytes())))
            .collect();
        assert!(trimmed[0].1.len() + 200 < whole[0].1.len());
        let files = pagefind_files(&whole);
        let fragments = files.iter().filter(|f| f.ends_with(".pf_fragment"));
        assert_eq!(fragments.count(), 3);
        assert_eq!(pagefind_files(&trimmed), files);
    }

    #[test]
    fn folding_the_pages_in_batches_makes_the_index_that_adding_them_at_once_makes() {
        // Fictional pages, with what Pagefind numbers across pages: meta fields that first
        // appear on a later page (an image), filters, sort keys, a page without words and
        // words with diacritics in the text and in the title.
        let page = |n: usize| {
            let image = match n % 3 {
                0 => String::new(),
                _ => format!("<img src=\"/bild{n}.png\" alt=\"Karta över område {n}\">"),
            };
            let body = match n {
                4 => String::new(),
                _ => format!(
                    "<h1>Avtal {n} om förvaltning på Älvdalen</h1>{image}\
                     <p data-pagefind-filter=\"typ\">{kind}</p>\
                     <p data-pagefind-sort=\"datum\">2024-0{m}-01</p>\
                     <p data-pagefind-meta=\"kommun\">Kommun {m}</p>\
                     <p>Avtalet gäller nämndens förvaltning, nummer {n}: café och säkerhet.</p>",
                    kind = ["avtal", "beslut", "tjänst"][n % 3],
                    m = n % 7 + 1,
                ),
            };
            (
                format!("dokument/d{n}/index.html"),
                format!("<html lang=\"sv\"><body><main>{body}</main></body></html>"),
            )
        };
        let pages: Vec<(String, String)> = (0..23).map(page).collect();
        let mut whole = new_index("sv", crate::content::LinkStyle::Directory).unwrap();
        whole.add_html_files(pages.clone()).unwrap();
        let mut folded = new_index("sv", crate::content::LinkStyle::Directory).unwrap();
        for batch in pages.chunks(5) {
            folded.fold_html_files(batch.to_vec()).unwrap();
        }
        let whole = files(whole);
        let fragments = whole.iter().filter(|f| f.0.ends_with(".pf_fragment"));
        assert_eq!(fragments.count(), 22);
        assert!(whole.iter().any(|f| f.0.ends_with(".pf_filter")));
        let folded = files(folded);
        let names =
            |files: &[(String, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        assert_eq!(names(&folded), names(&whole));
        assert!(folded == whole, "the same files, other bytes");
    }

    #[test]
    fn a_page_that_marks_its_body_for_pagefind_is_not_folded() {
        // Pagefind indexes only the pages with a `data-pagefind-body` element once one has
        // it, which a fold of the pages before it cannot know.
        let page =
            |main: &str| format!("<html lang=\"sv\"><body><main>{main}</main></body></html>");
        assert!(marks_body(
            page("<div data-pagefind-body>x</div>").as_bytes()
        ));
        assert!(!marks_body(page("<p>x</p>").as_bytes()));
        let mut idx = new_index("sv", crate::content::LinkStyle::Directory).unwrap();
        let pages = vec![(
            "a/index.html".to_string(),
            page("<div data-pagefind-body>x</div>"),
        )];
        assert!(idx.fold_html_files(pages).is_err());
    }

    #[test]
    fn the_digest_reads_the_language_and_main_only() {
        let page = |lang: &str, header: &str, main: &str| {
            format!(
                "<!DOCTYPE html>\n<html lang=\"{lang}\"><header>{header}</header><main>{main}</main>"
            )
        };
        let d = |p: String| digest(p.as_bytes());
        assert_eq!(d(page("sv", "a", "m")), d(page("sv", "b", "m")));
        assert_ne!(d(page("sv", "a", "m")), d(page("sv", "a", "n")));
        assert_ne!(d(page("sv", "a", "m")), d(page("en", "a", "m")));
    }
}
