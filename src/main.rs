//! The `styrdok` binary: parse arguments, run, print diagnostics, map the outcome to an exit
//! code — 0 success, 1 content errors, 2 usage or infrastructure failure.

mod cli;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use cli::{AudienceArg, Cli, Command};
use styrdok::content::frontmatter::Audience;
use styrdok::diag::{Diagnostic, summary};
use styrdok::{BuildOptions, Error};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(Error::Content(diags)) => {
            print_diagnostics(&diags);
            eprintln!("error: the content has errors; nothing was written");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> styrdok::Result<ExitCode> {
    match cli.command {
        Command::Check { root } => {
            let diags = styrdok::check(&root)?;
            print_diagnostics(&diags);
            let (errors, _) = summary(&diags);
            Ok(if errors > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Build {
            root,
            out,
            audience,
        } => {
            let audiences = match audience {
                AudienceArg::Public => vec![Audience::Public],
                AudienceArg::Internal => vec![Audience::Internal],
                AudienceArg::All => vec![Audience::Public, Audience::Internal],
            };
            let report = styrdok::build(&BuildOptions {
                root,
                out,
                audiences,
            })?;
            print_diagnostics(&report.diagnostics);
            let mut stdout = std::io::stdout().lock();
            for (audience, dir, pages) in &report.written {
                // A closed pipe is not a failure of the build.
                let _ = writeln!(
                    stdout,
                    "{} site: {pages} files in {}",
                    audience.key(),
                    dir.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn print_diagnostics(diags: &[Diagnostic]) {
    let mut stderr = std::io::stderr().lock();
    for d in diags {
        let _ = writeln!(stderr, "{d}");
    }
    let (errors, warnings) = summary(diags);
    if !diags.is_empty() {
        let _ = writeln!(stderr, "{errors} error(s), {warnings} warning(s)");
    }
}
