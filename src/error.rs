//! Infrastructure errors: what stops a command that is not a content problem.
//!
//! Content problems are [`crate::diag::Diagnostic`]s; a build that finds any error among them
//! returns [`Error::Content`] carrying all of them.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

#[derive(Debug)]
pub enum Error {
    /// An I/O operation failed; the path says where.
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    /// The content has errors; nothing was written.
    Content(Vec<Diagnostic>),
    /// The output directory cannot be used safely.
    Output(String),
    /// A template failed to compile or render.
    Template(String),
    /// A command was given arguments that do not fit the site.
    Usage(String),
}

impl Error {
    pub fn io(action: &'static str, path: &Path, source: io::Error) -> Self {
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io {
                action,
                path,
                source,
            } => write!(f, "could not {action} {}: {source}", path.display()),
            Error::Content(diags) => {
                let (errors, _) = crate::diag::summary(diags);
                write!(f, "{errors} error(s) in the content; nothing was written")
            }
            Error::Output(msg) => write!(f, "{msg}"),
            Error::Template(msg) => write!(f, "template error: {msg}"),
            Error::Usage(msg) => write!(f, "{msg}"),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;
