//! `styrdok new …`: maps the command line onto [`styrdok::scaffold`] and prints what was
//! written.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use styrdok::content::date::Date;
use styrdok::scaffold::{self, decision, new, signature};

use crate::cli::NewCommand;

pub fn run(root: &Path, what: NewCommand) -> styrdok::Result<ExitCode> {
    styrdok::content::load::check_root(root)?;
    let (written, warnings) = scaffold::checked(root, |journal| write(root, what, journal))?;
    for w in &warnings {
        eprintln!("{w}");
    }
    print_written(root, &written);
    Ok(ExitCode::SUCCESS)
}

/// Runs one `new` command, recording what it writes in `journal`.
fn write(
    root: &Path,
    what: NewCommand,
    journal: &mut scaffold::Journal,
) -> styrdok::Result<Vec<PathBuf>> {
    Ok(match what {
        NewCommand::Document {
            kind,
            id,
            title,
            owner,
            parties,
        } => {
            let req = new::NewDocument {
                kind,
                id,
                title,
                owner,
                parties,
            };
            vec![new::document(root, &req, Date::today(), journal)?]
        }
        NewCommand::Version { id } => {
            let v = new::version(root, &id, Date::today(), journal)?;
            if let Some(old) = &v.renamed_v1 {
                eprintln!(
                    "note: {} was not versioned; it is now `v1` (one line `version: v1` added)",
                    old.display()
                );
            }
            v.renamed_v1.into_iter().chain([v.written]).collect()
        }
        NewCommand::Decision {
            organ,
            party,
            meeting_date,
            paragraph,
            dnr,
            concerns,
            point,
            decision_type,
            id,
            title,
        } => vec![decision::decision(
            root,
            decision::NewDecision {
                id,
                title,
                organ,
                party,
                paragraph,
                meeting_date,
                dnr,
                concerns,
                points: point,
                decision_type,
            },
            journal,
        )?],
        NewCommand::Signature {
            agreement,
            party,
            name,
            title,
            date,
            decision,
        } => vec![signature::signature(
            root,
            &signature::NewSignature {
                agreement,
                party,
                name,
                title,
                date,
                decision,
            },
            journal,
        )?],
    })
}

/// One line per file written, as a path the user can open from where they are.
pub fn print_written(root: &Path, written: &[PathBuf]) {
    let mut stdout = std::io::stdout().lock();
    for rel in written {
        let shown = if root == Path::new(".") {
            rel.clone()
        } else {
            root.join(rel)
        };
        let _ = writeln!(stdout, "{}", shown.display());
    }
}
