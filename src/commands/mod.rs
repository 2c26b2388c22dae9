//! Carrying out a parsed command: open the database, run the connector
//! functions in one transaction, and hand back a [`Report`] to print.

mod build;
mod builder;
mod buildset;
mod change;
mod changesource;
mod db;
mod master;
mod nudge;
mod poll;
mod prune;
pub mod queue;
mod request;
mod worker;

use std::path::PathBuf;

use crate::cli::{Cli, Command};
use crate::db::engine::{Done, Stmt};
use crate::db::masters::{self, Master};
use crate::db::resultspec::Query;
use crate::db::running;
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

    /// Whether a list's output shows one of `columns` (what the usual
    /// table reads besides the entity's fields, such as names): the usual
    /// table for people, or `--field` naming one of them.
    pub fn shows_any(&self, query: &Query, columns: &[&str]) -> bool {
        (!self.cli.json && !self.cli.wide && query.fields.is_empty())
            || query.fields.iter().any(|field| columns.contains(field))
    }

    /// The directory `changesource poll` keeps its work in by default: the
    /// database file's, or on a database server the current one.
    pub fn home(&self) -> Result<PathBuf> {
        crate::db::home(&self.location)
    }

    /// The master the commands that act as a master act as: `--master` /
    /// `BB_MASTER`, else bb's own (see [`masters::default_name`]). They call
    /// this before opening the database, so a bad value is a usage error
    /// (exit 2) there and nowhere else.
    pub fn acting_master(&self) -> Result<Acting> {
        if let Some(given) = self.cli.master.as_deref() {
            let master = parse_name_or_id(given)
                .map_err(|err| Error::usage(format!("--master / BB_MASTER: {err}")))?;
            return Ok(Acting {
                master,
                explicit: true,
            });
        }
        let beside = match &self.location {
            Location::Sqlite(_) => Some(self.home()?),
            Location::Postgres(_) | Location::Mysql(_) => None,
        };
        Ok(Acting {
            master: NameOrId::Name(masters::default_name(beside.as_deref())?),
            explicit: false,
        })
    }
}

/// The master a command acts as, and whether the user named it.
pub struct Acting {
    pub master: NameOrId,
    pub explicit: bool,
}

impl Acting {
    /// The statement that finds this master, to send with others; its
    /// answer goes to [`Acting::act_found`].
    pub fn find_stmt(&self) -> Stmt<'static> {
        masters::find_stmt(&self.master)
    }

    /// This master inside the command's transaction, found or created
    /// (findMasterId) as of `at`, and whether it was created.
    pub fn resolve(&self, tx: &Tx, at: i64) -> Result<(Master, bool)> {
        masters::this_master(tx, &self.master, at)
    }

    /// The note to print when a name the user gave made a new master (a
    /// typo, often).
    pub fn created_note(&self, master: &Master, created: bool) -> Option<String> {
        (created && self.explicit).then(|| {
            format!(
                "created master '{}' (id {}), inactive: its claims are released only by \
                 request unclaim or master deactivate",
                master.name, master.masterid
            )
        })
    }

    /// This master as [`Acting::find_stmt`] found it (sent together with
    /// the command's own first statements), created if it is a new name,
    /// and refused (exit 3) while it is running at `at`, unless `force`:
    /// bb never takes a running master's place. `exists` runs first when
    /// refusing, so that ids that do not exist are exit 4 even then; `done`
    /// says what was not done. Returns the master and the note of
    /// [`Acting::created_note`].
    pub fn act_found(
        &self,
        tx: &Tx,
        found: Option<Done>,
        at: i64,
        force: bool,
        done: &str,
        exists: impl FnOnce() -> Result<()>,
    ) -> Result<(Master, Option<String>)> {
        let (me, created) =
            masters::found_or_created(tx, &self.master, masters::found(found)?, at)?;
        if !force && let Err(refused) = running::refuse_acting_as(&me, at, done) {
            exists()?;
            return Err(refused);
        }
        let note = self.created_note(&me, created);
        Ok((me, note))
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
        Ok(self.left_unclaimed_with(tx, builderids, at, Vec::new())?.0)
    }

    /// [`Context::left_unclaimed`], its lookup sent in one batch after
    /// `with`, the command's own statements; their answers, in order.
    pub fn left_unclaimed_with(
        &self,
        tx: &Tx,
        builderids: Vec<i64>,
        at: i64,
        with: Vec<Stmt<'_>>,
    ) -> Result<(LeftUnclaimed, Vec<Done>)> {
        let mut statements = with;
        let own = statements.len();
        statements.extend(self.left_unclaimed_stmt(&builderids, at));
        let mut answers = match statements.is_empty() {
            true => Vec::new(),
            false => tx.batch(&statements)?,
        };
        let theirs = answers.split_off(own);
        let left = self.left_unclaimed_from(builderids, theirs.into_iter().next())?;
        Ok((left, answers))
    }

    /// The lookup of [`Context::left_unclaimed`], if it needs one, to send
    /// with the command's own statements; read by
    /// [`Context::left_unclaimed_from`].
    pub fn left_unclaimed_stmt(&self, builderids: &[i64], at: i64) -> Option<Stmt<'static>> {
        (self.cli.notify.is_empty() && !builderids.is_empty())
            .then(|| running::running_serving_stmt(builderids, at))
    }

    /// What [`Context::left_unclaimed_stmt`] found.
    pub fn left_unclaimed_from(
        &self,
        builderids: Vec<i64>,
        answer: Option<Done>,
    ) -> Result<LeftUnclaimed> {
        Ok(LeftUnclaimed {
            builderids,
            running: running::serving_from(answer)?,
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
                        "could not notify {}: {error}; that master starts the builds when it \
                         next looks for work",
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
        return Ok(Report::text(crate::cli::complete::registration(*shell)));
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
    match &ctx.location {
        Location::Postgres(_) => check_times_fit_32_bits(std::env::args(), "PostgreSQL")?,
        Location::Mysql(_) => check_times_fit_32_bits(std::env::args(), "MySQL")?,
        Location::Sqlite(_) => {}
    }
    match &cli.command {
        Command::Db(cmd) => db::execute(&ctx, cmd),
        Command::Master(cmd) => master::execute(&ctx, cmd),
        Command::Builder(cmd) => builder::execute(&ctx, cmd),
        Command::Buildset(cmd) => buildset::execute(&ctx, cmd),
        Command::Request(cmd) => request::execute(&ctx, cmd),
        Command::Changesource(cmd) => changesource::execute(&ctx, cmd),
        Command::Change(cmd) => change::execute(&ctx, cmd),
        Command::Build(cmd) => build::execute(&ctx, cmd),
        Command::Worker(cmd) => worker::execute(&ctx, cmd),
        Command::Prune(cmd) => prune::execute(&ctx, cmd),
        Command::Queue(args) => queue::execute(&ctx, args),
        Command::Metrics(args) => queue::metrics(&ctx, args),
        Command::Notify { builder } => nudge::execute(&ctx, builder),
        Command::Completions { .. } | Command::Man { .. } => unreachable!("handled above"),
    }
}

/// Buildbot's times are 32-bit columns on PostgreSQL and MySQL: an `--at`
/// past them is a usage error (exit 2), found before the database is opened.
fn check_times_fit_32_bits(mut args: impl Iterator<Item = String>, engine: &str) -> Result<()> {
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
                "--at {value}: Buildbot keeps times in 32-bit columns on {engine}, which \
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
