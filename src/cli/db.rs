//! `bb db`: create and describe master databases.

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Create Buildbot 4.3's schema (revision 067) in a new file; refuses a file that has tables (exit 3).
    Init,
    /// Path, schema revision, journal mode and row counts.
    Info,
    /// Convert a MySQL/MariaDB database's tables to InnoDB, one table at a time (ALTER TABLE ... ENGINE=InnoDB); refused while a running master uses it (exit 3, unless --force). Run again, it converts what is left.
    Convert(ConvertArgs),
    /// Give the space of deleted rows back: SQLite VACUUM (checking free disk first),
    /// PostgreSQL VACUUM (ANALYZE), MySQL OPTIMIZE TABLE; prints the size before and after.
    /// Refused while a running master uses a SQLite or MySQL database, which it would block
    /// (exit 3, unless --force).
    Vacuum {
        /// Vacuum even while a running master uses the database.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The storage engine to convert to.
    #[arg(long, value_name = "ENGINE", value_parser = ["innodb"], ignore_case = true)]
    pub storage_engine: String,
    /// Convert even while a running master uses the database.
    #[arg(long)]
    pub force: bool,
}
