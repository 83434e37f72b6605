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
    },
    /// Check the content and list every problem; writes nothing.
    Check {
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
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
