//! Search: a Pagefind index built from one audience's rendered pages, written next to them
//! under `pagefind/`. The browser searches it as the reader types, with no server and no
//! network; Pagefind stems Swedish (`avtal` finds `avtalet`, `avtalen`) because the pages say
//! `lang="sv"`. The public index is built only from public pages, so it cannot hold internal
//! text.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::Page;
use crate::error::{Error, Result};

/// Folder of the index inside a built site.
pub const BUNDLE_DIR: &str = "pagefind";

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

/// Builds the index over `pages` (path, bytes), and returns its files (paths under
/// [`BUNDLE_DIR`]).
pub fn index<'p>(
    pages: impl IntoIterator<Item = (&'p str, &'p [u8])>,
    lang: &str,
    links: crate::content::LinkStyle,
) -> Result<Vec<Page>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .map_err(|e| Error::Output(format!("could not start the search indexer: {e}")))?;
    runtime.block_on(async {
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
        let mut idx = PagefindIndex::new(Some(config))
            .map_err(|e| Error::Output(format!("search index: {e}")))?;
        for (path, bytes) in pages.into_iter().filter(|(p, _)| is_indexed(p)) {
            let html = String::from_utf8_lossy(bytes).to_string();
            idx.add_html_file(Some(path.to_string()), None, html)
                .await
                .map_err(|e| Error::Output(format!("search index: {path}: {e}")))?;
        }
        let files = idx
            .get_files()
            .await
            .map_err(|e| Error::Output(format!("search index: {e}")))?;
        Ok(files
            .into_iter()
            .map(|f| Page {
                path: format!(
                    "{BUNDLE_DIR}/{}",
                    f.filename.to_string_lossy().trim_start_matches('/')
                ),
                bytes: f.contents,
            })
            .collect())
    })
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
}
