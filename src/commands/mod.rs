//! Carrying out a parsed command: open the database, run the connector
//! functions in one transaction, and hand back a [`Report`] to print.

mod builder;
mod buildset;
mod changesource;
mod db;
mod master;
mod request;

use std::path::PathBuf;

use crate::cli::{Cli, Command};
use crate::db::Database;
use crate::error::Result;
use crate::output::Report;

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
}

pub fn execute(cli: &Cli) -> Result<Report> {
    if let Command::Completions { shell } = &cli.command {
        let mut script = Vec::new();
        clap_complete::generate(*shell, &mut crate::cli::command(), "bb", &mut script);
        return Ok(Report::new(String::from_utf8_lossy(&script)));
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
        Command::Completions { .. } => unreachable!("handled above"),
    }
}
