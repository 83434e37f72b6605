//! Colour on the terminal: when to use it, and diagnostics written with it.
//!
//! Colour is used only when the stream is a terminal, and never when `NO_COLOR` is set to
//! anything (<https://no-color.org>); `CLICOLOR_FORCE` (set, not `0`) asks for it on a pipe,
//! as in <https://bixense.com/clicolors/>. Colour only ever adds to text that reads the same
//! without it: the words `error`/`warning` and the diff's `[-…-]{+…+}` markers stay.

use std::io::IsTerminal;

use crate::diag::{Diagnostic, Severity};

/// The stream a text goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// Whether text written to `stream` should be coloured.
pub fn colour(stream: Stream) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    if set("NO_COLOR") {
        return false;
    }
    if std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0") {
        return true;
    }
    match stream {
        Stream::Stdout => std::io::stdout().is_terminal(),
        Stream::Stderr => std::io::stderr().is_terminal(),
    }
}

pub const RED: &str = "\x1b[31m";
pub const GREEN: &str = "\x1b[32m";
pub const YELLOW: &str = "\x1b[33m";
pub const CYAN: &str = "\x1b[36m";
pub const BOLD: &str = "\x1b[1m";
pub const RESET: &str = "\x1b[0m";

/// A diagnostic as [`Diagnostic`]'s `Display` writes it, with the place in bold, the
/// severity in red or yellow and the hint's label in cyan when `colour`.
pub fn diagnostic(d: &Diagnostic, colour: bool) -> String {
    if !colour {
        return d.to_string();
    }
    let (sev, tint) = match d.severity {
        Severity::Error => ("error", RED),
        Severity::Warning => ("warning", YELLOW),
    };
    let mut out = format!(
        "{BOLD}{}:{}:{}:{RESET} {BOLD}{tint}{sev}{RESET}: {}",
        d.path.display(),
        d.pos.line,
        d.pos.col,
        d.message
    );
    if let Some(hint) = &d.hint {
        out.push_str(&format!("\n  {CYAN}hint:{RESET} {hint}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Pos;

    #[test]
    fn a_coloured_diagnostic_reads_the_same_without_its_escapes() {
        let d = Diagnostic {
            severity: Severity::Warning,
            path: "content/a.md".into(),
            pos: Pos::new(3, 7),
            message: "something".into(),
            hint: Some("fix it".into()),
        };
        let coloured = diagnostic(&d, true);
        assert!(coloured.contains(YELLOW));
        let stripped = [RED, GREEN, YELLOW, CYAN, BOLD, RESET]
            .iter()
            .fold(coloured, |s, esc| s.replace(esc, ""));
        assert_eq!(stripped, d.to_string());
        assert_eq!(diagnostic(&d, false), d.to_string());
    }
}
