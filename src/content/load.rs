//! Load: walk the source tree, split front matter from markdown, deserialize YAML.
//!
//! Everything found wrong here becomes a diagnostic with the file's path and the YAML line
//! mapped into the file; loading goes on so that every problem is reported at once.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use super::frontmatter::FrontMatter;
use super::{DocFile, Loaded, SiteConfig, SourceData};
use crate::diag::{Diagnostics, Pos};
use crate::error::{Error, Result};
use crate::fsx;

/// Folders (relative to the site root) whose `.md` files are documents.
pub const DOCUMENT_DIRS: &[&str] = &["content", "agreements"];
/// The site settings file.
pub const CONFIG_FILE: &str = "styrdok.yaml";
/// Signatures and declines of agreement versions.
pub const SIGNATURES_FILE: &str = "agreements/underskrifter.yaml";
/// The folder of structured data.
pub const DATA_DIR: &str = "data";

/// Reads the whole site under `root`. I/O failures are errors; content problems go to `diags`.
/// The bodies of a large site are held packed ([`super::packed`]).
pub fn load(root: &Path, diags: &Diagnostics) -> Result<Loaded> {
    check_root(root)?;
    let listing = list_documents(root, diags)?;
    let pack = super::packed::worth_packing(&listing.paths);
    load_listed(root, diags, &listing.paths, &|path, rel, diags| {
        let text = fsx::read_to_string(path)?;
        Ok(parse_document_packed(rel, &text, diags, pack))
    })
}

/// Reads and parses one document file: (absolute path, path relative to the root, diagnostics).
pub type DocLoader<'a> =
    dyn Fn(&Path, PathBuf, &Diagnostics) -> Result<Option<DocFile>> + Sync + 'a;

/// [`load`], with the reading and parsing of each document file left to `doc`: how
/// `styrdok serve` skips the files that did not change (see [`crate::incremental`]).
pub fn load_with(root: &Path, diags: &Diagnostics, doc: &DocLoader<'_>) -> Result<Loaded> {
    check_root(root)?;
    let listing = list_documents(root, diags)?;
    load_listed(root, diags, &listing.paths, doc)
}

/// The document files of a site, as [`load`] finds them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// Absolute paths, in the order they are loaded.
    pub paths: Vec<PathBuf>,
    /// The walk went through a symlink (to a file or a folder), admitted or not.
    pub symlinks: bool,
}

/// Walks `content/` and `agreements/` for document files ([`load`]'s first step); what it
/// refuses (symlinks out of the root, or to nowhere) is a warning in `diags`.
pub fn list_documents(root: &Path, diags: &Diagnostics) -> Result<Listing> {
    let mut listing = Listing::default();
    for dir in DOCUMENT_DIRS {
        let base = root.join(dir);
        if base.is_symlink() {
            listing.symlinks = true;
        }
        if !base.is_dir() || !fsx::admit_or_warn(root, &base, diags) {
            continue;
        }
        listing
            .paths
            .extend(walk_documents(root, &base, &mut listing.symlinks, diags)?);
    }
    Ok(listing)
}

/// [`load_with`], with the document files given (as [`list_documents`] lists them) instead of
/// walked: how `styrdok serve` skips the walk when the watcher says which files changed.
/// The caller has checked the root ([`check_root`]).
pub fn load_listed(
    root: &Path,
    diags: &Diagnostics,
    paths: &[PathBuf],
    doc: &DocLoader<'_>,
) -> Result<Loaded> {
    let config = load_config(root, diags)?;

    // Collected as they load, not as a vector with a hole per file that did not load and a
    // copy without them: at 100 000 documents each is a few hundred megabytes.
    let files: Vec<DocFile> = paths
        .par_iter()
        .map(|p| {
            let file = doc(p, relative(root, p), diags)?;
            // A file that did not load is reported; what refers to its id is not reported
            // again.
            if file.is_none()
                && let Ok(text) = fsx::read_to_string(p)
                && let Some(id) = front_matter_id(&text)
            {
                diags.leave_out(crate::diag::LeftOut::Document, &id);
            }
            Ok(file)
        })
        .filter_map(Result::transpose)
        .collect::<Result<_>>()?;

    let mut data = load_data(root, diags)?;
    let signatures = root.join(SIGNATURES_FILE);
    if readable(root, &signatures, diags) {
        let text = fsx::read_to_string(&signatures)?;
        let rel = PathBuf::from(SIGNATURES_FILE);
        data.signatures = parse_yaml(&rel, &text, 1, diags).unwrap_or_default();
        data.paths.insert("signatures", rel);
    }
    Ok(Loaded {
        root: root.to_path_buf(),
        config,
        files,
        data,
    })
}

/// The `id:` of a document's front matter, read line by line (for a file whose front matter
/// did not load as a whole).
fn front_matter_id(text: &str) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    lines
        .take_while(|l| l.trim_end() != "---")
        .find_map(|l| super::entries::id_value(l.strip_prefix("id:")?))
}

/// Checks that `root` is a site folder: a directory holding [`CONFIG_FILE`]. Any other folder
/// is a usage error that names it (and the nearest site folder above it, if there is one),
/// never an empty site.
pub fn check_root(root: &Path) -> Result<()> {
    if !root.is_dir() {
        return Err(Error::Usage(format!(
            "site root {} is not a directory",
            root.display()
        )));
    }
    if root.join(CONFIG_FILE).is_file() {
        return Ok(());
    }
    let shown = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let hint = match shown
        .ancestors()
        .skip(1)
        .find(|dir| dir.join(CONFIG_FILE).is_file())
    {
        Some(site) => format!(
            "the site folder above it is {0}: run styrdok there, or pass `--root {0}`",
            site.display()
        ),
        None => "run styrdok in the site folder (the one holding styrdok.yaml), or name it \
                 with `--root DIR`"
            .to_string(),
    };
    Err(Error::Usage(format!(
        "{} is not a styrdok site: it has no {CONFIG_FILE}\n  hint: {hint}",
        shown.display()
    )))
}

/// The document files under `base`, through symlinks that stay inside the site root
/// ([`fsx::admit`]); a symlinked document or folder that leaves it, or leads nowhere, is a
/// warning naming it.
fn walk_documents(
    root: &Path,
    base: &Path,
    symlinks: &mut bool,
    diags: &Diagnostics,
) -> Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    let walk = WalkDir::new(base)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if !e.path_is_symlink() {
                return true;
            }
            *symlinks = true;
            let admitted = fsx::admit(root, e.path());
            if let Err(refused) = &admitted
                && (e.file_type().is_dir() || is_document_file(e.path()))
            {
                warn_skipped(root, e.path(), refused, diags);
            }
            admitted.is_ok()
        });
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(base).to_path_buf();
                let is_link =
                    std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
                if e.loop_ancestor().is_some() || is_link {
                    warn_skipped(root, &path, &fsx::Refused::Broken, diags);
                    continue;
                }
                return Err(Error::io("walk", &path, e.into()));
            }
        };
        if entry.file_type().is_file() && is_document_file(entry.path()) {
            paths.push(entry.into_path());
        }
    }
    Ok(paths)
}

fn warn_skipped(root: &Path, path: &Path, refused: &fsx::Refused, diags: &Diagnostics) {
    diags.warning(
        &relative(root, path),
        Pos::START,
        fsx::refused_message(refused),
        "styrdok reads only files whose real path lies inside the site root: copy the file into the site instead of linking to it",
    );
}

/// Whether a source file at `path` is there to be read: it exists (or is a symlink, so that
/// a refused one is reported) and [`fsx::admit`] lets it in.
pub fn readable(root: &Path, path: &Path, diags: &Diagnostics) -> bool {
    std::fs::symlink_metadata(path).is_ok()
        && fsx::admit_or_warn(root, path, diags)
        && path.is_file()
}

/// A markdown document, not an editor's swap, backup or lock file.
pub fn is_document_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.ends_with(".md") && !name.starts_with('.') && !name.starts_with('#')
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn load_config(root: &Path, diags: &Diagnostics) -> Result<SiteConfig> {
    let path = root.join(CONFIG_FILE);
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(SiteConfig::default());
    }
    if let Err(refused) = fsx::admit(root, &path) {
        // Settings decide what is published: never go on without the ones meant.
        diags.error(
            Path::new(CONFIG_FILE),
            Pos::START,
            fsx::refused_message(&refused),
            "styrdok reads only files whose real path lies inside the site root: copy the settings into the site",
        );
        return Ok(SiteConfig::default());
    }
    let text = fsx::read_to_string(&path)?;
    let config: SiteConfig =
        parse_yaml(Path::new(CONFIG_FILE), &text, 1, diags).unwrap_or_default();
    if let Some(url) = &config.base_url
        && let Err((message, hint)) = super::base_url::validate(url)
    {
        diags.error(
            Path::new(CONFIG_FILE),
            key_pos(&text, "base_url"),
            message,
            hint,
        );
    }
    Ok(config)
}

/// Where a top-level `key:` of a YAML file is (its first column), or the file's start.
fn key_pos(text: &str, key: &str) -> Pos {
    text.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map_or(Pos::START, |i| Pos::new(i as u32 + 1, 1))
}

/// Splits `---` front matter from the body and deserializes it.
pub fn parse_document(path: PathBuf, text: &str, diags: &Diagnostics) -> Option<DocFile> {
    parse_document_packed(path, text, diags, false)
}

/// [`parse_document`] of a text read for it.
pub fn parse_document_owned(path: PathBuf, text: String, diags: &Diagnostics) -> Option<DocFile> {
    parse_document(path, &text, diags)
}

/// [`parse_document`], with the body packed when `pack` ([`super::packed`]).
pub fn parse_document_packed(
    path: PathBuf,
    text: &str,
    diags: &Diagnostics,
    pack: bool,
) -> Option<DocFile> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = normalize_line_endings(text);
    let Some((yaml, body, body_line)) = split_front_matter(&text) else {
        diags.error(
            &path,
            Pos::START,
            "document has no front matter",
            "start the file with a line `---`, the YAML fields (id, kind, title …), and another `---`",
        );
        return None;
    };
    let fm: FrontMatter = super::fields::read(&path, yaml, 2, diags)?;
    Some(DocFile {
        path,
        fm: Box::new(fm),
        yaml_line: 2,
        body: match pack {
            true => super::packed::PackedText::pack(body),
            false => super::packed::PackedText::plain(body),
        },
        body_line,
    })
}

/// CRLF and bare CR line endings as LF: CommonMark reads all three as line endings, and every
/// stage after this one (passages, line numbers) counts lines by `\n` alone.
pub fn normalize_line_endings(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Returns (yaml, body, first body line) when the text starts with a `---` line.
fn split_front_matter(text: &str) -> Option<(&str, &str, u32)> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut line_no = 1u32;
    for line in lines {
        line_no += 1;
        if matches!(line.trim_end(), "---" | "...") {
            let yaml = &text[yaml_start..offset];
            let body = &text[offset + line.len()..];
            return Some((yaml, body, line_no + 1));
        }
        offset += line.len();
    }
    None
}

/// Deserializes YAML that starts on `first_line` of the file at `path`; a failure becomes a
/// diagnostic pointing at the offending line in the file.
pub fn parse_yaml<T: DeserializeOwned>(
    path: &Path,
    yaml: &str,
    first_line: u32,
    diags: &Diagnostics,
) -> Option<T> {
    match serde_saphyr::from_str::<T>(yaml) {
        Ok(v) => Some(v),
        Err(e) => {
            let pos = e
                .location()
                .map(|l| Pos::new(l.line() as u32 + first_line - 1, l.column().max(1) as u32))
                .unwrap_or(Pos::new(first_line, 1));
            let rendered = e.render_with_options(serde_saphyr::render_options! {
                snippets: serde_saphyr::SnippetMode::Off,
            });
            let message = rendered
                .rsplit_once(" at line ")
                .map(|(m, _)| m.to_string())
                .unwrap_or(rendered);
            // A type error says what the field must be, in words.
            let worded = e.location().and_then(|l| {
                super::expected::in_words(&message, yaml, l.line() as usize, l.column() as usize)
            });
            if let Some(worded) = worded {
                diags.error(
                    path,
                    pos,
                    worded,
                    "correct the value; docs/authoring.md and docs/data.md describe each field",
                );
                return None;
            }
            diags.error(path, pos, message, yaml_hint(&e.to_string()));
            None
        }
    }
}

fn yaml_hint(message: &str) -> String {
    if message.contains("unknown field") {
        "remove the field or correct its spelling; docs/authoring.md lists the fields".into()
    } else if message.contains("unknown variant") {
        "use one of the values listed".into()
    } else if message.contains("missing field") {
        "add the field".into()
    } else {
        "check the YAML syntax: indentation, quotes around values with `:` or `#`".into()
    }
}

fn load_data(root: &Path, diags: &Diagnostics) -> Result<SourceData> {
    let dir = root.join(DATA_DIR);
    let mut data = SourceData::default();
    if !dir.is_dir() || !fsx::admit_or_warn(root, &dir, diags) {
        return Ok(data);
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| Error::io("read directory", &dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    entries.sort();
    for path in entries {
        if !readable(root, &path, diags) {
            continue;
        }
        let rel = relative(root, &path);
        let text = fsx::read_to_string(&path)?;
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        macro_rules! file {
            ($field:ident) => {{
                let what = crate::diag::LeftOut::of_field(stringify!($field));
                data.$field = super::entries::read(&rel, &text, what, diags).unwrap_or_default();
                data.paths.insert(stringify!($field), rel.clone());
            }};
        }
        match name {
            "parter" => file!(parties),
            "budget" => file!(budgets),
            "kostnadsfordelning" => file!(allocations),
            "bemanning" => file!(staffing),
            "ansvar" => file!(responsibilities),
            "forkortningar" => file!(abbreviations),
            "projektplan" => file!(activities),
            "checklista" => file!(checklist),
            "organ" => file!(organs),
            "externa-dokument" => file!(external_documents),
            _ => diags.warning(
                &rel,
                Pos::START,
                format!("unknown data file `{name}`; it is not used"),
                format!("data files are {} (.yaml)", data_file_names()),
            ),
        }
    }
    Ok(data)
}

/// The data files styrdok reads: file stem in `data/` and the field of [`SourceData`] it fills.
/// The loader's `match` and [`SourceData::path_of`] both follow this list.
pub const DATA_FILES: &[(&str, &str)] = &[
    ("parter", "parties"),
    ("budget", "budgets"),
    ("kostnadsfordelning", "allocations"),
    ("bemanning", "staffing"),
    ("ansvar", "responsibilities"),
    ("forkortningar", "abbreviations"),
    ("projektplan", "activities"),
    ("checklista", "checklist"),
    ("organ", "organs"),
    ("externa-dokument", "external_documents"),
];

/// "parter, budget, …, externa-dokument and organ", for hints.
fn data_file_names() -> String {
    let names: Vec<&str> = DATA_FILES.iter().map(|(stem, _)| *stem).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regression_bare_cr_and_crlf_line_endings_keep_passages_internal() {
        for nl in ["\r", "\r\n", "\n"] {
            let text = [
                "---",
                "id: a",
                "kind: page",
                "title: A",
                "---",
                "Före",
                "",
                "::: intern",
                "HEMLIG",
                ":::",
                "",
                "Efter",
                "",
            ]
            .join(nl);
            let diags = Diagnostics::new();
            let doc = parse_document(PathBuf::from("a.md"), &text, &diags).expect("parses");
            let scan =
                crate::content::body::scan(&doc.body.unpack(), doc.body_line, &doc.path, &diags);
            assert!(!diags.has_errors(), "{nl:?}");
            assert_eq!(scan.internal, vec![(8, 10)], "{nl:?}");
        }
    }

    #[test]
    fn every_data_file_is_read_and_named_by_its_own_file() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join(DATA_DIR)).unwrap();
        for (stem, _) in DATA_FILES {
            std::fs::write(
                root.path().join(DATA_DIR).join(format!("{stem}.yaml")),
                "{}\n",
            )
            .unwrap();
        }
        let diags = Diagnostics::new();
        let data = load_data(root.path(), &diags).unwrap();
        let loaded = SourceData::default();
        for (stem, field) in DATA_FILES {
            let want = PathBuf::from(format!("{DATA_DIR}/{stem}.yaml"));
            assert_eq!(
                data.paths.get(field),
                Some(&want),
                "{stem}.yaml was not read"
            );
            assert_eq!(
                loaded.path_of(field),
                want,
                "a diagnostic about {field} names another file"
            );
        }
        assert!(!diags.has_errors(), "{:?}", diags);
    }

    #[test]
    fn front_matter_split_reports_body_line() {
        let (yaml, body, line) = split_front_matter("---\nid: a\n---\n# Hej\n").unwrap();
        assert_eq!(yaml, "id: a\n");
        assert_eq!(body, "# Hej\n");
        assert_eq!(line, 4);
        assert!(split_front_matter("id: a\n").is_none());
        assert!(split_front_matter("---\nid: a\n").is_none());
    }

    #[test]
    fn editor_files_are_not_documents() {
        assert!(is_document_file(Path::new("content/a.md")));
        assert!(!is_document_file(Path::new("content/.a.md.swp")));
        assert!(!is_document_file(Path::new("content/a.md~")));
        assert!(!is_document_file(Path::new("content/.#a.md")));
    }
}
