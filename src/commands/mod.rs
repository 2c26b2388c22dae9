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
use crate::db::masters::{self, Master};
use crate::db::{Database, Location, Tx};
use crate::error::{Error, Result};
use crate::notify;
use crate::output::Report;
use crate::values::{NameOrId, parse_name_or_id};

/// What every command may need from the global flags.
pub struct Context<'a> {
    pub cli: &'a Cli,
    pub location: Location,
}

impl Context<'_> {
    /// Open the chosen database, checking it is one bb supports.
    pub fn open(&self) -> Result<Database> {
        Database::open(&self.location, self.cli.busy_timeout)
    }

    /// The directory bb's own master stands in: the database file's, or
    /// on PostgreSQL the current one.
    pub fn home(&self) -> Result<PathBuf> {
        crate::db::home(&self.location)
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

/// Build requests a write leaves unclaimed: the builders they are on, and
/// (only when nobody is to be notified, for the note) the running masters
/// serving those builders, found inside the write's transaction.
pub struct LeftUnclaimed {
    builderids: Vec<i64>,
    running: Vec<Master>,
}

impl Context<'_> {
    /// Called inside the write that leaves requests on `builderids`
    /// unclaimed, `at` being the command's "now".
    pub fn left_unclaimed(&self, tx: &Tx, builderids: Vec<i64>, at: i64) -> Result<LeftUnclaimed> {
        let running = if self.cli.notify.is_empty() && !builderids.is_empty() {
            masters::running_serving(tx, &builderids, at)?
        } else {
            Vec::new()
        };
        Ok(LeftUnclaimed {
            builderids,
            running,
        })
    }

    /// After the commit: nudge the `--notify` masters about the builders
    /// left with unclaimed requests, reporting what each made of it; or,
    /// with no `--notify`, note which running masters will not start
    /// those builds by themselves. The write stands either way.
    pub fn nudge(&self, report: Report, left: LeftUnclaimed) -> Report {
        if self.cli.notify.is_empty() {
            let notes = left.running.iter().map(|master| {
                format!(
                    "master {} is running and will not start these builds until it is \
                     notified: pass --notify URL",
                    master.name
                )
            });
            return report.with_notes(notes);
        }
        let notified = if left.builderids.is_empty() {
            Vec::new()
        } else {
            notify::notify(
                &self.cli.notify,
                self.cli.notify_auth.as_ref(),
                &left.builderids,
            )
        };
        let warnings: Vec<String> = notified
            .iter()
            .flat_map(|n| {
                let error = n.error.as_deref().map(|error| {
                    format!(
                        "could not notify {}: {error}; the change is written, and that master \
                         starts the builds when it next looks for work",
                        n.url
                    )
                });
                n.warning.clone().into_iter().chain(error)
            })
            .collect();
        report
            .with_field("notified", notified)
            .with_warnings(warnings)
    }
}

pub fn execute(cli: &Cli) -> Result<Report> {
    if let Command::Completions { shell } = &cli.command {
        let mut script = Vec::new();
        clap_complete::generate(*shell, &mut crate::cli::command(), "bb", &mut script);
        return Ok(Report::text(String::from_utf8_lossy(&script)));
    }
    if let Command::Man { command } = &cli.command {
        return Ok(Report::text(crate::man::page(command)?));
    }
    let ctx = Context {
        cli,
        location: crate::db::locate(cli.db.as_deref())?,
    };
    for warning in ctx.location.warnings() {
        crate::warn(warning);
    }
    if matches!(ctx.location, Location::Postgres(_)) {
        check_times_fit_32_bits(std::env::args())?;
    }
    match &cli.command {
        Command::Db(cmd) => db::execute(&ctx, cmd),
        Command::Master(cmd) => master::execute(&ctx, cmd),
        Command::Builder(cmd) => builder::execute(&ctx, cmd),
        Command::Buildset(cmd) => buildset::execute(&ctx, cmd),
        Command::Request(cmd) => request::execute(&ctx, cmd),
        Command::Changesource(cmd) => changesource::execute(&ctx, cmd),
        Command::Change(cmd) => change::execute(&ctx, cmd),
        Command::Completions { .. } | Command::Man { .. } => unreachable!("handled above"),
    }
}

/// Buildbot's times are 32-bit columns on PostgreSQL: an `--at` past them
/// is a usage error (exit 2), found before the database is opened.
fn check_times_fit_32_bits(mut args: impl Iterator<Item = String>) -> Result<()> {
    while let Some(arg) = args.next() {
        let value = match arg.strip_prefix("--at=") {
            Some(value) => value.to_string(),
            None if arg == "--at" => args.next().unwrap_or_default(),
            None => continue,
        };
        if let Ok(at) = crate::values::parse_time(&value)
            && i32::try_from(at).is_err()
        {
            return Err(Error::usage(format!(
                "--at {value}: Buildbot keeps times in 32-bit columns on PostgreSQL, which \
                 hold 1901-12-13 to 2038-01-19"
            )));
        }
    }
    Ok(())
}

/// Ids in the order given, each once: duplicates in one command count once.
pub fn dedup(ids: &[i64]) -> Vec<i64> {
    let mut seen = std::collections::HashSet::new();
    ids.iter().copied().filter(|id| seen.insert(*id)).collect()
}
