//! The `styrdok` binary: parse arguments, run, print diagnostics, map the outcome to an exit
//! code — 0 success, 1 content errors (and warnings, for `check --deny-warnings`), 2 usage or
//! infrastructure failure.

mod cli;
mod linkcheck;
mod new;
mod serve;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use cli::{AudienceArg, Cli, Command, DiffFormat, StatusFormat};
use styrdok::content::frontmatter::Audience;
use styrdok::diag::{Diagnostic, summary};
use styrdok::partial::Reads;
use styrdok::progress::{self, Progress};
use styrdok::{BuildOptions, Error, term};

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

/// `check --external`: the warnings for web addresses that fail, when the content loads;
/// says on stderr how many addresses it asks.
fn check_external(
    root: &std::path::Path,
    found: &[Diagnostic],
) -> styrdok::Result<Vec<Diagnostic>> {
    if found
        .iter()
        .any(|d| d.severity == styrdok::diag::Severity::Error)
    {
        eprintln!("note: external links were not checked: fix the errors first");
        return Ok(Vec::new());
    }
    let (site, _) = styrdok::load_site(root)?;
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mut progress = |n: usize, total: usize| {
        if terminal {
            eprint!("\rexternal links: {n} of {total} addresses asked");
            if n == total {
                eprintln!();
            }
        }
    };
    let warnings = linkcheck::check(&site, &mut progress);
    Ok(warnings)
}

fn run(cli: Cli) -> styrdok::Result<ExitCode> {
    match cli.command {
        Command::Check {
            root,
            deny_warnings,
            base_url,
            external,
        } => {
            if let Some(url) = &base_url {
                check_base_url(url)?;
            }
            let mut diags = styrdok::check_with(&root, base_url.as_deref())?;
            if external {
                diags.extend(check_external(&root, &diags)?);
            }
            print_diagnostics(&diags);
            let (errors, warnings) = summary(&diags);
            if errors == 0 && warnings > 0 && deny_warnings {
                eprintln!("error: --deny-warnings: the content has warnings");
            }
            Ok(if errors > 0 || (deny_warnings && warnings > 0) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Build {
            root,
            out,
            audience,
            base_url,
            quiet,
            no_search,
        } => {
            let audiences = match audience {
                AudienceArg::Public => vec![Audience::Public],
                AudienceArg::Internal => vec![Audience::Internal],
                AudienceArg::All => vec![Audience::Public, Audience::Internal],
            };
            let progress = Progress::new(progress::Mode::for_stderr(quiet));
            let report = styrdok::build_with_progress(
                &BuildOptions {
                    root,
                    out,
                    audiences,
                    base_url,
                    search: !no_search,
                },
                &progress,
            )?;
            drop(progress);
            print_diagnostics(&report.diagnostics);
            if quiet {
                return Ok(ExitCode::SUCCESS);
            }
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
            let (site, diags) = styrdok::load_site_with_errors(&root)?;
            if !answer_despite(&root, &site, &diags, &[&doc], Reads::Versions) {
                return Ok(ExitCode::from(1));
            }
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
                    let colour = term::colour(term::Stream::Stdout);
                    styrdok::diff::format::text(&diff, &t, title, &from, &to, colour)
                }
                DiffFormat::Json => styrdok::diff::format::json(&diff, &doc, &from, &to),
                DiffFormat::Html => styrdok::diff_html_page(&root, &site, &diff, &doc, &from, &to)?,
            };
            emit(&out);
            Ok(ExitCode::SUCCESS)
        }
        Command::Status {
            agreement,
            root,
            format,
        } => {
            let (site, diags) = styrdok::load_site_with_errors(&root)?;
            let asked: Vec<String> = match &agreement {
                Some(spec) => vec![spec.split('/').next().unwrap_or(spec).to_string()],
                None => site
                    .documents
                    .iter()
                    .filter(|d| styrdok::agreements::tracker::is_tracked(d))
                    .map(|d| d.id.clone())
                    .collect(),
            };
            let asked: Vec<&str> = asked.iter().map(String::as_str).collect();
            if !answer_despite(&root, &site, &diags, &asked, Reads::Evidence) {
                return Ok(ExitCode::from(1));
            }
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

/// Whether `diff` or `status` may answer for the documents `ids` on a site that may have
/// errors: yes when no error touches them ([`styrdok::partial`]). The errors are printed
/// either way, and which documents they keep from an answer.
fn answer_despite(
    root: &std::path::Path,
    site: &styrdok::resolve::Site,
    diags: &[Diagnostic],
    ids: &[&str],
    reads: Reads,
) -> bool {
    let errors: Vec<Diagnostic> = diags
        .iter()
        .filter(|d| d.severity == styrdok::diag::Severity::Error)
        .cloned()
        .collect();
    if errors.is_empty() {
        return true;
    }
    print_diagnostics(&errors);
    let blocked: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| !styrdok::partial::errors_touching(root, site, &errors, id, reads).is_empty())
        .collect();
    if blocked.is_empty() {
        eprintln!(
            "note: the errors above are in other files; the answer for {} does not depend on them",
            ids.iter()
                .map(|i| format!("`{i}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        return true;
    }
    eprintln!(
        "error: the errors above touch {}: fix them first",
        blocked
            .iter()
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    false
}

/// A `--base-url` is checked as `base_url` in styrdok.yaml is; a bad one is a usage error.
fn check_base_url(url: &str) -> styrdok::Result<()> {
    styrdok::content::base_url::validate(url)
        .map_err(|(message, hint)| Error::Usage(format!("--base-url: {message}\n  hint: {hint}")))
}

/// Writes to stdout; a reader that closed the pipe early (`| head`) is not an error.
fn emit(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn print_diagnostics(diags: &[Diagnostic]) {
    let colour = term::colour(term::Stream::Stderr);
    // Buffered: stderr writes each piece of a line at once, and a large site can have tens
    // of thousands of warnings.
    let mut stderr = std::io::BufWriter::with_capacity(1 << 16, std::io::stderr().lock());
    for d in diags {
        let _ = writeln!(stderr, "{}", term::diagnostic(d, colour));
    }
    let (errors, warnings) = summary(diags);
    if !diags.is_empty() {
        let _ = writeln!(stderr, "{errors} error(s), {warnings} warning(s)");
    }
}
