//! The content model as loaded from disk: site settings, document files with their front
//! matter, and the structured data files. [`load::load`] fills it; `resolve` turns it into a
//! linked [`crate::resolve::Site`].

pub mod accessibility;
pub mod base_url;
pub mod body;
pub mod crossing;
pub mod data;
pub mod date;
pub mod entries;
pub mod expected;
pub mod fields;
pub mod frontmatter;
pub mod load;
pub mod packed;
pub mod parties;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use data::{
    AbbreviationFile, ActivityFile, AllocationFile, BudgetFile, ResponsibilityFile, StaffingFile,
};
use frontmatter::FrontMatter;
use parties::PartiesFile;

/// `styrdok.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    #[serde(default = "default_title")]
    pub title: String,
    pub description: Option<String>,
    #[serde(default = "default_theme")]
    pub theme: String,
    pub base_url: Option<String>,
    /// The license of the open data under `data/` (a URL or a name), stated in its
    /// catalogue; left out, the catalogue says none is stated.
    pub data_license: Option<String>,
    /// Raw HTML in documents reaches the site as written, unsanitized.
    #[serde(default)]
    pub unsafe_html: bool,
    /// How pages link to each other: to folders (`dokument/avtal/`) or to their files
    /// (`dokument/avtal/index.html`, which also work opened from disk).
    #[serde(default)]
    pub links: LinkStyle,
    /// Whether the sites have a search index and a search box (`search: false` leaves both
    /// out; `build --no-search` does the same for one build).
    #[serde(default = "default_search")]
    pub search: bool,
    /// What the accessibility statement says; see [`accessibility::Accessibility`].
    pub accessibility: Option<frontmatter::At<accessibility::Accessibility>>,
}

/// How internal links are written (`links:` in styrdok.yaml).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkStyle {
    /// `dokument/avtal/`: needs a web server that serves a folder's `index.html`.
    Directory,
    /// `dokument/avtal/index.html`: works on any server and opened from disk.
    #[default]
    IndexHtml,
}

fn default_title() -> String {
    "styrdok".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_search() -> bool {
    true
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: default_title(),
            description: None,
            theme: default_theme(),
            base_url: None,
            data_license: None,
            unsafe_html: false,
            links: LinkStyle::default(),
            search: true,
            accessibility: None,
        }
    }
}

/// One markdown file: one version of one document.
#[derive(Debug, Clone)]
pub struct DocFile {
    /// Relative to the site root.
    pub path: PathBuf,
    pub fm: Box<FrontMatter>,
    /// The file line the YAML starts on.
    pub yaml_line: u32,
    /// The markdown after the front matter, held packed ([`packed`]).
    pub body: packed::PackedText,
    /// The file line the body starts on.
    pub body_line: u32,
}

/// The parsed files under `data/`, each empty when its file is absent.
#[derive(Debug, Clone, Default)]
pub struct SourceData {
    pub parties: PartiesFile,
    pub budgets: BudgetFile,
    pub allocations: AllocationFile,
    pub staffing: StaffingFile,
    pub responsibilities: ResponsibilityFile,
    pub abbreviations: AbbreviationFile,
    pub activities: ActivityFile,
    pub signatures: data::SignatureFile,
    pub checklist: data::ChecklistFile,
    pub organs: data::OrganFile,
    pub external_documents: data::ExternalDocumentFile,
    /// Which file each field came from, for diagnostics.
    pub paths: BTreeMap<&'static str, PathBuf>,
}

impl SourceData {
    pub fn path_of(&self, field: &'static str) -> PathBuf {
        self.paths.get(field).cloned().unwrap_or_else(|| {
            let stem = load::DATA_FILES
                .iter()
                .find(|(_, f)| *f == field)
                .map_or(field, |(stem, _)| *stem);
            PathBuf::from(format!("data/{stem}.yaml"))
        })
    }

    /// Where the signatures were read from (`agreements/underskrifter.yaml`).
    pub fn signatures_path(&self) -> PathBuf {
        self.paths
            .get("signatures")
            .cloned()
            .unwrap_or_else(|| PathBuf::from(load::SIGNATURES_FILE))
    }
}

/// Everything read from a site folder, before resolving.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub files: Vec<DocFile>,
    pub data: SourceData,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_is_documented_and_in_the_init_site() {
        let docs = include_str!("../../docs/authoring.md");
        let init = include_str!("../scaffold/init/styrdok.yaml");
        let settings = fields::fields_of::<SiteConfig>();
        assert!(settings.len() >= 8, "{settings:?}");
        for s in settings {
            assert!(
                docs.contains(&format!("| `{s}` |")),
                "`{s}` has no row in the settings table of docs/authoring.md"
            );
            assert!(
                init.lines()
                    .any(|l| l.trim_start_matches("# ").starts_with(&format!("{s}:"))),
                "`{s}` is not in the init site's styrdok.yaml"
            );
        }
    }
}
