//! styrdok: a static site generator for the governing documents of public-sector
//! collaborations.
//!
//! The pipeline, one folder per stage:
//!
//! 1. [`content`] — **load**: walk the source tree, split front matter, deserialize YAML;
//! 2. [`resolve`] — **resolve**: ids, versions, section numbering, cross-references,
//!    backlinks, computed figures and consistency checks;
//! 3. [`render`] — **render**: markdown → HTML, tera templates, one set of pages per audience;
//! 4. [`output`] — **write**: staging directory, atomic swap, ownership marker.
//!
//! [`compile`] runs stages 1–3 in memory; [`build`] adds stage 4; [`check`] stops after 3.

pub mod content;
pub mod diag;
pub mod error;
pub mod fsx;
pub mod output;
pub mod render;
pub mod resolve;

use std::path::{Path, PathBuf};

use content::frontmatter::Audience;
use diag::{Diagnostic, Diagnostics};
pub use error::{Error, Result};
use render::Page;

/// A compiled site: every page of every requested audience, and the warnings found.
pub struct Compiled {
    pub sites: Vec<(Audience, Vec<Page>)>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads, resolves and renders the site at `root` for `audiences`, writing nothing.
/// Content errors give [`Error::Content`] with every diagnostic.
pub fn compile(root: &Path, audiences: &[Audience]) -> Result<Compiled> {
    let diags = Diagnostics::new();
    let loaded = content::load::load(root, &diags)?;
    let theme_name = loaded.config.theme.clone();
    let site = resolve::resolve(loaded, &diags);
    let theme = render::templates::load(root, &theme_name, &diags)?;
    if diags.has_errors() {
        return Err(Error::Content(diags.into_sorted()));
    }
    let sites = audiences
        .iter()
        .map(|&a| Ok((a, render::render_site(&site, &theme, a)?)))
        .collect::<Result<Vec<_>>>()?;
    Ok(Compiled {
        sites,
        diagnostics: diags.into_sorted(),
    })
}

/// `styrdok check`: every problem, errors and warnings, without writing anything.
pub fn check(root: &Path) -> Result<Vec<Diagnostic>> {
    match compile(root, &[Audience::Public, Audience::Internal]) {
        Ok(c) => Ok(c.diagnostics),
        Err(Error::Content(d)) => Ok(d),
        Err(e) => Err(e),
    }
}

/// What `styrdok build` should do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    pub audiences: Vec<Audience>,
}

/// What a build did.
#[derive(Debug)]
pub struct BuildReport {
    pub written: Vec<(Audience, PathBuf, usize)>,
    pub diagnostics: Vec<Diagnostic>,
}

/// `styrdok build`: compile, then write each audience to `out/<audience>/`. Nothing is
/// written when the content has an error or the output directory is not safe to use.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    output::check_out_dir(&opts.root, &opts.out)?;
    let compiled = compile(&opts.root, &opts.audiences)?;
    let mut written = Vec::new();
    for (audience, pages) in &compiled.sites {
        let dir = output::write_site(&opts.out, *audience, pages)?;
        written.push((*audience, dir, pages.len()));
    }
    Ok(BuildReport {
        written,
        diagnostics: compiled.diagnostics,
    })
}
