//! Carrying out a parsed command: open the database, run the connector
//! functions in one transaction, and hand back a [`Report`] to print.

mod builder;
mod buildset;
mod change;
mod changesource;
mod db;
mod master;
mod poll;
mod request;

use std::path::PathBuf;

use crate::cli::{Cli, Command};
use crate::db::Database;
use crate::error::{Error, Result};
use crate::output::Report;
use crate::values::{NameOrId, parse_name_or_id};

/// What every command may need from the global flags.
pub struct Context<'a> {
    pub cli: &'a Cli,
    pub path: PathBuf,
}

impl Context<'_> {
    /// Open the chosen database, checking it is one bb supports.
    pub fn open(&self) -> Result<Database> {
        Database::open(&self.path, self.cli.busy_timeout)
    }

    /// `--master` / `BB_MASTER`, for the commands that act as a master:
    /// they call this before opening the database, so a bad value is a
    /// usage error (exit 2) there and nowhere else.
    pub fn acting_master(&self) -> Result<Option<NameOrId>> {
        self.cli
            .master
            .as_deref()
            .map(|s| {
                parse_name_or_id(s)
                    .map_err(|err| Error::usage(format!("--master / BB_MASTER: {err}")))
            })
            .transpose()
    }
}

pub fn execute(cli: &Cli) -> Result<Report> {
    if let Command::Completions { shell } = &cli.command {
        let mut script = Vec::new();
        clap_complete::generate(*shell, &mut crate::cli::command(), "bb", &mut script);
        return Ok(Report::text(String::from_utf8_lossy(&script)));
    }
    let ctx = Context {
        cli,
        path: crate::db::locate(cli.db.as_deref())?,
    };
    match &cli.command {
        Command::Db(cmd) => db::execute(&ctx, cmd),
        Command::Master(cmd) => master::execute(&ctx, cmd),
        Command::Builder(cmd) => builder::execute(&ctx, cmd),
        Command::Buildset(cmd) => buildset::execute(&ctx, cmd),
        Command::Request(cmd) => request::execute(&ctx, cmd),
        Command::Changesource(cmd) => changesource::execute(&ctx, cmd),
        Command::Change(cmd) => change::execute(&ctx, cmd),
        Command::Completions { .. } => unreachable!("handled above"),
    }
}

/// Ids in the order given, each once: duplicates in one command count once.
pub fn dedup(ids: &[i64]) -> Vec<i64> {
    let mut seen = std::collections::HashSet::new();
    ids.iter().copied().filter(|id| seen.insert(*id)).collect()
}
