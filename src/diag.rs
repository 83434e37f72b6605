//! Diagnostics: content problems found while loading and resolving a site.
//!
//! Content problems are *collected*, never returned early, so `styrdok check` can list every
//! one of them at once. Infrastructure failures (an unreadable output directory, a template
//! that does not compile) are ordinary `anyhow`-style errors instead; see [`crate::Error`].

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// How bad a problem is: errors stop a build, warnings are reported and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a source file, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub const START: Pos = Pos { line: 1, col: 1 };

    pub fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }
}

/// One problem in one place, with a hint on how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub path: PathBuf,
    pub pos: Pos,
    pub message: String,
    /// Most hints are fixed sentences, borrowed rather than copied into every diagnostic: a
    /// large site can have hundreds of thousands of warnings.
    pub hint: Option<Cow<'static, str>>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.path.display(),
            self.pos.line,
            self.pos.col,
            sev,
            self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// A thread-safe collector: resolve and render stages run in parallel and all push here.
///
/// It also keeps the ids of entries left out because of an error already reported (a party
/// of `data/parter.yaml` with a badly typed field): every check that would report such an id
/// as unknown asks [`Diagnostics::is_left_out`] first, so one mistake gives one error.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Mutex<Vec<Diagnostic>>,
    left_out: Mutex<BTreeSet<(LeftOut, String)>>,
}

/// The id [`Diagnostics::leave_out`] records when a whole file is left out.
pub const ALL: &str = "*";

/// What kind of entry was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LeftOut {
    /// A party of data/parter.yaml.
    Party,
    /// A cost allocation of data/kostnadsfordelning.yaml.
    Allocation,
    /// A document whose file could not load (an error in its `title:`, say), by its `id:`.
    Document,
    /// An entry of another data file, by the file's field name.
    Entry(&'static str),
}

impl LeftOut {
    /// The kind of the entries of the data file read into `SourceData` field `field`.
    pub fn of_field(field: &'static str) -> LeftOut {
        match field {
            "parties" => LeftOut::Party,
            "allocations" => LeftOut::Allocation,
            other => LeftOut::Entry(other),
        }
    }
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&self, d: Diagnostic) {
        self.items.lock().expect("diagnostics lock").push(d);
    }

    pub fn error(&self, path: &Path, pos: Pos, message: impl Into<String>, hint: impl Into<Hint>) {
        self.push(Diagnostic {
            severity: Severity::Error,
            path: path.to_path_buf(),
            pos,
            message: message.into(),
            hint: hint.into().0,
        });
    }

    pub fn warning(
        &self,
        path: &Path,
        pos: Pos,
        message: impl Into<String>,
        hint: impl Into<Hint>,
    ) {
        self.push(Diagnostic {
            severity: Severity::Warning,
            path: path.to_path_buf(),
            pos,
            message: message.into(),
            hint: hint.into().0,
        });
    }

    /// Records that entry `id` is left out because of an error already reported.
    /// An empty collector that knows what `other` has left out, for checks that collect their
    /// findings apart (per version) but must not echo an earlier error either.
    pub fn knowing_left_out_of(other: &Diagnostics) -> Self {
        let d = Diagnostics::new();
        d.left_out.lock().expect("diagnostics lock").extend(
            other
                .left_out
                .lock()
                .expect("diagnostics lock")
                .iter()
                .cloned(),
        );
        d
    }

    pub fn leave_out(&self, what: LeftOut, id: &str) {
        self.left_out
            .lock()
            .expect("diagnostics lock")
            .insert((what, id.to_string()));
    }

    /// Whether entry `id` was left out because of an earlier error: a use of it is then no
    /// new mistake, and is not reported.
    pub fn is_left_out(&self, what: LeftOut, id: &str) -> bool {
        let left_out = self.left_out.lock().expect("diagnostics lock");
        left_out.contains(&(what, id.to_string())) || left_out.contains(&(what, ALL.to_string()))
    }

    /// The ids of the entries of kind `what` left out, sorted.
    pub fn left_out_ids(&self, what: LeftOut) -> Vec<String> {
        self.left_out
            .lock()
            .expect("diagnostics lock")
            .iter()
            .filter(|(w, id)| *w == what && id != ALL)
            .map(|(_, id)| id.clone())
            .collect()
    }

    /// Whether any entry of kind `what` was left out.
    pub fn any_left_out(&self, what: LeftOut) -> bool {
        self.left_out
            .lock()
            .expect("diagnostics lock")
            .iter()
            .any(|(w, _)| *w == what)
    }

    pub fn has_errors(&self) -> bool {
        self.items
            .lock()
            .expect("diagnostics lock")
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// All diagnostics, sorted by path, then position, so output is stable across runs.
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        let mut items = self.items.into_inner().expect("diagnostics lock");
        let order = |a: &Diagnostic, b: &Diagnostic| {
            (&a.path, a.pos, a.severity, &a.message).cmp(&(&b.path, b.pos, b.severity, &b.message))
        };
        // Stable both: a large site has tens of thousands, sorted on every core.
        if items.len() > 4096 {
            use rayon::slice::ParallelSliceMut;
            items.par_sort_by(order);
        } else {
            items.sort_by(order);
        }
        items.dedup();
        items
    }
}

/// An optional fix hint; `()` means none, a string gives one.
pub struct Hint(pub Option<Cow<'static, str>>);

impl From<()> for Hint {
    fn from(_: ()) -> Self {
        Hint(None)
    }
}
impl From<&'static str> for Hint {
    fn from(s: &'static str) -> Self {
        Hint(Some(Cow::Borrowed(s)))
    }
}
impl From<String> for Hint {
    fn from(s: String) -> Self {
        Hint(Some(Cow::Owned(s)))
    }
}

/// Counts for the one-line summary printed after the list.
pub fn summary(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    (errors, diags.len() - errors)
}

/// Maps byte offsets in a text to 1-based line and column (columns count characters).
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    pub fn pos(&self, text: &str, offset: usize) -> Pos {
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = text[start..offset.min(text.len())].chars().count() + 1;
        Pos::new(line as u32 + 1, col as u32)
    }
}
