//! `bb db`: create and describe master databases.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Create Buildbot 4.3's schema (revision 067) in a new file; refuses a file that has tables (exit 3).
    Init,
    /// Path, schema revision, journal mode and row counts.
    Info,
}
