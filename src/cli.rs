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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AudienceArg {
    Public,
    Internal,
    All,
}
