//! The command line, as the user types it (clap derive).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "styrdok",
    version,
    about = "Static sites for the governing documents of public-sector collaborations"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the public and internal sites.
    Build {
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write: the sites go to OUT/public and OUT/internal.
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Which site to build.
        #[arg(long, value_enum, default_value_t = AudienceArg::All)]
        audience: AudienceArg,
        /// The address the public site is published at, for this build only (instead of
        /// `base_url` in styrdok.yaml), e.g. https://example.org/styrdok/.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Print no progress and no summary; errors and warnings are still printed.
        #[arg(long, short)]
        quiet: bool,
        /// Build no search index, and leave the search box out of the pages.
        #[arg(long)]
        no_search: bool,
    },
    /// Check the content and list every problem; writes nothing. Exits 1 on an error (or,
    /// with --deny-warnings, on a warning), 0 when the site is clean.
    Check {
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Fail (exit 1) on warnings too, as CI should.
        #[arg(long)]
        deny_warnings: bool,
        /// Check as if `base_url` in styrdok.yaml were URL (as `build --base-url` builds).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Also ask every web address the documents link to whether it still answers (needs
        /// the network; warnings, never errors).
        #[arg(long)]
        external: bool,
    },
    /// Show what changed between two versions of a document, section by section.
    Diff {
        /// The document id, e.g. samverkansavtal-nedre-dalarna.
        doc: String,
        /// The older version (v1 …, or `latest`).
        from: String,
        /// The newer version.
        to: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Compare what the public site shows (internal passages left out).
        #[arg(long)]
        public: bool,
    },
    /// Signature status per party: not started, in preparation, decided, signed, declined.
    Status {
        /// One agreement id (optionally `id/v2`); all agreements when left out.
        agreement: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
        format: StatusFormat,
    },
    /// Preview both sites with live reload: the internal view at /, the public at /_public/.
    Serve {
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The address to listen on; anything but a loopback address exposes the internal view.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// The port; 0 picks a free one (the URL is printed).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Poll for changes instead of asking the operating system (network drives).
        #[arg(long)]
        poll: bool,
    },
    /// Start a new site in DIR (default: the current folder), which must be empty.
    Init {
        /// The folder to create the site in; made when missing.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Add a document, a version, a decision or a signature; prints the file it wrote.
    New {
        /// The site folder.
        #[arg(long, default_value = ".", global = true)]
        root: PathBuf,
        #[command(subcommand)]
        what: NewCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A new document of any kind (agreement, report, page … or avtal, rapport, sida …).
    Document {
        /// The kind, as in front matter.
        kind: String,
        /// The id: lowercase letters a–z, digits and hyphens.
        id: String,
        /// The title (default: made from the id).
        #[arg(long)]
        title: Option<String>,
        /// Who keeps a routine (asked on a terminal when a routine has none).
        #[arg(long)]
        owner: Option<String>,
        /// A party (id in data/parter.yaml), for an agreement; repeatable.
        #[arg(long = "party")]
        parties: Vec<String>,
    },
    /// The next version of a document: a copy of its latest version as `vN+1`, dated today,
    /// status draft. The old file stays as it was.
    Version {
        /// The document id.
        id: String,
    },
    /// A decision or a proposal for one; what is missing is asked on a terminal.
    Decision {
        /// The body that decided, e.g. Kommunstyrelsen.
        #[arg(long)]
        organ: Option<String>,
        /// The party's id in data/parter.yaml.
        #[arg(long)]
        party: Option<String>,
        /// The meeting date, YYYY-MM-DD (`unknown` when it is).
        #[arg(long)]
        meeting_date: Option<String>,
        /// The paragraph, e.g. "KS § 179".
        #[arg(long)]
        paragraph: Option<String>,
        /// The diarienummer, e.g. KS/2025:310.
        #[arg(long)]
        dnr: Option<String>,
        /// A document (or version) the decision concerns: `avtal` or `avtal/v2`; repeatable.
        #[arg(long)]
        concerns: Vec<String>,
        /// A decision point, word for word; repeatable.
        #[arg(long)]
        point: Vec<String>,
        /// proposal (förslag) or decision (beslut).
        #[arg(long = "type")]
        decision_type: Option<String>,
        /// The id (default: party, paragraph letters, year, number: falun-kf-2025-12).
        #[arg(long)]
        id: Option<String>,
        /// The title (default: organ, party name and paragraph).
        #[arg(long)]
        title: Option<String>,
    },
    /// A signature of an agreement (its latest version unless AGREEMENT/vN) by PARTY,
    /// appended to agreements/underskrifter.yaml.
    Signature {
        /// The agreement id, optionally with its version: `avtal/v2`.
        agreement: String,
        /// The signing party's id.
        party: String,
        /// Who signed.
        #[arg(long)]
        name: String,
        /// Their title, e.g. Kommunstyrelsens ordförande.
        #[arg(long)]
        title: String,
        /// The date signed, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// The decision the signature rests on (a decision id).
        #[arg(long)]
        decision: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Html,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    Text,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AudienceArg {
    Public,
    Internal,
    All,
}
