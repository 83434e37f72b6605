//! `styrdok init [DIR]`: a small working site from templates embedded in the binary
//! (`src/scaffold/init/`): settings with every option commented, an example party file, one
//! document, one agreement with a signature block and an empty signatures file. It `check`s
//! clean and builds.

use std::path::{Path, PathBuf};

use crate::content::date::Date;
use crate::error::{Error, Result};

/// The files of a new site: (path relative to the site folder, text). `{{today}}` in a text is
/// replaced by today's date.
const FILES: &[(&str, &str)] = &[
    ("styrdok.yaml", include_str!("init/styrdok.yaml")),
    ("data/parter.yaml", include_str!("init/data/parter.yaml")),
    (
        "content/om-webbplatsen.md",
        include_str!("init/content/om-webbplatsen.md"),
    ),
    (
        "agreements/exempelavtal.md",
        include_str!("init/agreements/exempelavtal.md"),
    ),
    (
        "agreements/underskrifter.yaml",
        include_str!("init/agreements/underskrifter.yaml"),
    ),
];

/// Writes a new site into `dir` (created when missing), which must be empty. Returns the
/// files written, relative to `dir`.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    init_on(dir, Date::today())
}

/// [`init`] with the date the example agreement carries.
pub fn init_on(dir: &Path, today: Date) -> Result<Vec<PathBuf>> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Error::Usage(format!(
                "{} exists and is not a folder",
                dir.display()
            )));
        }
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| Error::io("read directory", dir, e))?;
        if entries.next().is_some() {
            return Err(Error::Usage(format!(
                "{} is not empty; styrdok init writes only into an empty or new folder\n  hint: give a new folder: `styrdok init my-site`",
                dir.display()
            )));
        }
    } else {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create directory", dir, e))?;
    }
    let today = today.to_string();
    let mut written = Vec::new();
    for (rel, text) in FILES {
        let text = text.replace("{{today}}", &today);
        written.push(super::write_new(dir, Path::new(rel), &text)?);
    }
    Ok(written)
}
