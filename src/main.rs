//! The `styrdok` binary: parse arguments, run, print diagnostics, map the outcome to an exit
//! code — 0 success, 1 content errors, 2 usage or infrastructure failure.

mod cli;
mod new;
mod serve;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use cli::{AudienceArg, Cli, Command, DiffFormat, StatusFormat};
use styrdok::content::frontmatter::Audience;
use styrdok::diag::{Diagnostic, summary};
use styrdok::{BuildOptions, Error};

/// jemalloc on Linux (see Cargo.toml): faster than glibc's malloc for the search indexer's
/// many small allocations from several threads, and it gives freed memory back.
#[cfg(target_os = "linux")]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

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
            no_search,
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
                search: !no_search,
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
        Command::Diff {
            doc,
            from,
            to,
            root,
            format,
            public,
        } => {
            let (site, warnings) = styrdok::load_site(&root)?;
            let audience = if public {
                Audience::Public
            } else {
                Audience::Internal
            };
            let diff = styrdok::diff_versions(&site, &doc, &from, &to, audience)?;
            let title = &site
                .doc(&doc)
                .expect("found by diff_versions")
                .latest()
                .fm
                .title;
            let out = match format {
                DiffFormat::Text => {
                    let t = styrdok::theme_strings(&root, &site)?;
                    styrdok::diff::format::text(&diff, &t, title, &from, &to, use_color())
                }
                DiffFormat::Json => styrdok::diff::format::json(&diff, &doc, &from, &to),
                DiffFormat::Html => styrdok::diff_html_page(&root, &site, &diff, &doc, &from, &to)?,
            };
            let _ = warnings;
            emit(&out);
            Ok(ExitCode::SUCCESS)
        }
        Command::Status {
            agreement,
            root,
            format,
        } => {
            let (site, _) = styrdok::load_site(&root)?;
            let statuses = styrdok::agreement_statuses(&site, agreement.as_deref())?;
            let out = match format {
                StatusFormat::Text => {
                    let t = styrdok::theme_strings(&root, &site)?;
                    styrdok::agreements::report::text(&site, &statuses, &t)
                }
                StatusFormat::Json => styrdok::agreements::report::json(&site, &statuses),
                StatusFormat::Csv => styrdok::agreements::report::csv(&site, &statuses),
            };
            emit(&out);
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            root,
            bind,
            port,
            poll,
        } => {
            serve::run(&serve::ServeOptions {
                root,
                bind,
                port,
                poll,
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { dir } => {
            let written = styrdok::scaffold::init::init(&dir)?;
            new::print_written(&dir, &written);
            Ok(ExitCode::SUCCESS)
        }
        Command::New { root, what } => new::run(&root, what),
    }
}

/// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
fn use_color() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// Writes to stdout; a reader that closed the pipe early (`| head`) is not an error.
fn emit(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
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
