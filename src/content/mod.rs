//! The content model as loaded from disk: site settings, document files with their front
//! matter, and the structured data files. [`load::load`] fills it; `resolve` turns it into a
//! linked [`crate::resolve::Site`].

pub mod body;
pub mod data;
pub mod date;
pub mod frontmatter;
pub mod load;
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
}

fn default_title() -> String {
    "styrdok".into()
}
fn default_theme() -> String {
    "default".into()
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
        }
    }
}

/// One markdown file: one version of one document.
#[derive(Debug, Clone)]
pub struct DocFile {
    /// Relative to the site root.
    pub path: PathBuf,
    pub fm: FrontMatter,
    /// The file line the YAML starts on.
    pub yaml_line: u32,
    pub body: String,
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
    pub external_documents: data::ExternalDocumentFile,
    /// Which file each field came from, for diagnostics.
    pub paths: BTreeMap<&'static str, PathBuf>,
}

impl SourceData {
    pub fn path_of(&self, field: &'static str) -> PathBuf {
        self.paths
            .get(field)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(format!("data/{field}.yaml")))
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
