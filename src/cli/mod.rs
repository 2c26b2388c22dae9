//! The command line, as clap derive types: one module per noun, each an enum
//! of verbs whose arguments are already typed and validated, so that usage
//! errors (exit 2) are reported before the database is opened.

pub mod build;
pub mod builder;
pub mod buildset;
pub mod change;
pub mod changesource;
pub mod complete;
pub mod db;
pub mod master;
pub mod prune;
pub mod queue;
pub mod request;
pub mod worker;

use std::time::Duration;

use clap::{Parser, Subcommand};

use crate::db::resultspec;
use crate::http::{Credentials, parse_credentials, parse_url};
use crate::values::parse_duration;

/// Administer a Buildbot master database (state.sqlite) from the shell.
#[derive(Debug, Parser)]
#[command(name = "bb", version, about, max_term_width = 100)]
pub struct Cli {
    /// The database: a path, or a master.cfg db_url (SQLite, PostgreSQL or MySQL). Default:
    /// ./state.sqlite
    ///
    /// PATH_OR_URL is one of:
    ///
    /// - PATH: a SQLite file (state.sqlite), relative to the current directory
    ///
    /// - sqlite:///relative/path.sqlite, sqlite:////absolute/path.sqlite
    ///
    /// - postgresql://[USER[:PASSWORD]@][HOST][:PORT]/DBNAME[?PARAMS], also postgres:// and
    ///   postgresql+DRIVER:// (the driver is ignored). PARAMS: PARAM=VALUE&..., PARAM one of
    ///   host (a socket directory), port, sslmode, sslrootcert, connect_timeout (seconds,
    ///   default 10), application_name. What the URL leaves out comes from PGHOST,
    ///   PGPORT, PGUSER, PGPASSWORD, PGSSLMODE and the password file (PGPASSFILE, else
    ///   ~/.pgpass): give the password there rather than on the command line.
    ///
    /// - mysql://[USER[:PASSWORD]@][HOST][:PORT]/DBNAME[?PARAMS], also mariadb:// and
    ///   mysql+DRIVER:// (the driver is ignored). PARAMS: unix_socket, ssl_mode (DISABLED,
    ///   PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY), ssl_ca, connect_timeout (seconds,
    ///   default 10), storage_engine (for db init; InnoDB if none). Host localhost, or none,
    ///   is the unix socket (default /run/mysqld/mysqld.sock). What the URL leaves out comes
    ///   from [client] in ~/.my.cnf, then MYSQL_HOST, MYSQL_TCP_PORT, MYSQL_UNIX_PORT and
    ///   MYSQL_PWD.
    #[arg(
        long,
        global = true,
        env = "BB_DB",
        hide_env_values = true,
        value_name = "PATH_OR_URL"
    )]
    pub db: Option<String>,

    /// Print one JSON document (REST API shapes) instead of a table.
    #[arg(long, global = true)]
    pub json: bool,

    /// Tables of lists show every field, with absolute times, instead of the usual columns.
    #[arg(long, global = true)]
    pub wide: bool,

    /// The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>
    // Parsed only by the commands that act as a master, so a stray BB_MASTER
    // never breaks the others; its id differs from the MASTER arguments of
    // `bb master ...`, which a global arg of the same id would shadow.
    #[arg(
        id = "acting_master",
        long = "master",
        global = true,
        env = "BB_MASTER",
        hide_env_values = true,
        value_name = "NAME_OR_ID",
        add = complete::masters()
    )]
    pub master: Option<String>,

    /// The web root of a running master (http://host:8010/) to nudge after leaving build
    /// requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes
    /// several, separated by spaces.
    #[arg(
        long,
        global = true,
        env = "BB_NOTIFY",
        hide_env_values = true,
        value_name = "URL",
        value_delimiter = ' ',
        value_parser = |s: &str| parse_url("--notify", s)
    )]
    pub notify: Vec<String>,

    /// Log in to the --notify masters' web UI as USER:PASSWORD.
    #[arg(
        long,
        global = true,
        env = "BB_NOTIFY_AUTH",
        hide_env_values = true,
        value_name = "USER:PASSWORD",
        value_parser = parse_credentials
    )]
    pub notify_auth: Option<Credentials>,

    /// Print nothing on stdout on success, and no notes (errors and warnings still go to
    /// stderr; --json still prints its document): for cron.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// How long to wait for another process's lock before giving up (exit 5): 5s, 500ms, 1m.
    #[arg(long, global = true, value_name = "DURATION", default_value = "5s", value_parser = parse_duration)]
    pub busy_timeout: Duration,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create, describe, convert or vacuum a master database: init, info, convert, vacuum.
    #[command(subcommand)]
    Db(db::DbCommand),
    /// Masters: list, show, register, activate, deactivate, sweep, mark-all-stale (masters
    /// connector).
    #[command(subcommand)]
    Master(master::MasterCommand),
    /// Builders: list, register (builders connector).
    #[command(subcommand)]
    Builder(builder::BuilderCommand),
    /// Buildsets: add, show, list, recent, complete, properties (buildsets connector).
    #[command(subcommand)]
    Buildset(buildset::BuildsetCommand),
    /// Build requests: show, list, claim, unclaim, complete, cancel, set-priority (buildrequests
    /// connector).
    #[command(subcommand)]
    Request(request::RequestCommand),
    /// Change sources: list, show, register, claim, release, poll (changesources connector).
    #[command(subcommand)]
    Changesource(changesource::ChangeSourceCommand),
    /// Changes: list, show (changes connector).
    #[command(subcommand)]
    Change(change::ChangeCommand),
    /// Builds: list, show (builds connector).
    #[command(subcommand)]
    Build(build::BuildCommand),
    /// Workers: list, show (workers connector).
    #[command(subcommand)]
    Worker(worker::WorkerCommand),
    /// Per builder with incomplete work: pending, oldest, claimed, running, the running
    /// masters serving it, and why it is stuck if it is. --check: a monitoring plugin.
    Queue(queue::QueueArgs),
    /// Delete old history in small transactions beside a running master: logs, build-data
    /// (as Buildbot's janitor), builds.
    #[command(subcommand)]
    Prune(prune::PruneCommand),
    /// Print the queue, builds, masters and workers in Prometheus's text exposition format,
    /// for node_exporter's textfile collector.
    Metrics(queue::MetricsArgs),
    /// Ask the --notify masters to look at builders now, as write commands do after they
    /// commit: those given, else every builder with unclaimed build requests. Writes nothing.
    Notify {
        /// A builder to look at (id or name). Repeatable.
        #[arg(long, value_name = "BUILDER", value_parser = crate::values::parse_name_or_id)]
        builder: Vec<crate::values::NameOrId>,
    },
    /// Print a shell's completion script, which asks bb for names from the database at each TAB.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) of bb or of one command: bb man request claim | man -l -
    Man {
        /// The command whose page to print, e.g. `request claim`. Default: bb itself.
        #[arg(value_name = "COMMAND")]
        command: Vec<String>,
    },
}

/// LIST OPTIONS, the REST API's result spec, shared by every list command.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ListOptions {
    /// Keep entities where FIELD__OP=VALUE (OP: eq ne lt le gt ge contains in notin;
    /// FIELD=VALUE means eq). Repeatable; filters are ANDed.
    #[arg(long = "filter", value_name = "FIELD__OP=VALUE", value_parser = resultspec::parse_filter)]
    pub filters: Vec<resultspec::Filter>,
    /// Sort by FIELD, descending with a leading '-'. Repeatable.
    #[arg(long, value_name = "[-]FIELD", allow_hyphen_values = true, value_parser = resultspec::parse_order)]
    pub order: Vec<resultspec::Order>,
    /// At most N entities.
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    /// Skip the first N entities.
    #[arg(long, value_name = "N")]
    pub offset: Option<u64>,
    /// Print only FIELD, in tables (absolute times) and JSON. Repeatable, or
    /// comma-separated: --field buildrequestid,buildername.
    #[arg(long = "field", value_name = "FIELD", value_delimiter = ',')]
    pub fields: Vec<String>,
    /// The "now" that ages in tables count from: epoch seconds or RFC 3339. Default: now.
    #[arg(long, value_name = "TIME", value_parser = crate::values::parse_time)]
    pub at: Option<i64>,
}

impl Cli {
    /// `bb queue --check`: a monitoring plugin, whose every outcome is a
    /// status line and a plugin exit code.
    pub fn is_check(&self) -> bool {
        matches!(&self.command, Command::Queue(q) if q.check)
    }

    /// The output the user asked for.
    pub fn style(&self) -> crate::output::Style {
        crate::output::Style {
            json: self.json,
            quiet: self.quiet,
            wide: self.wide,
            width: if self.json {
                None
            } else {
                crate::output::terminal_width()
            },
        }
    }
}

impl ListOptions {
    /// The "now" of the listing.
    pub fn now(&self) -> i64 {
        self.at.unwrap_or_else(|| chrono::Utc::now().timestamp())
    }

    pub fn spec(&self) -> resultspec::ResultSpec {
        resultspec::ResultSpec {
            filters: self.filters.clone(),
            order: self.order.clone(),
            limit: self.limit,
            offset: self.offset,
            fields: self.fields.clone(),
        }
    }
}

/// `--at` and `--force`, shared by every write command that stamps a time.
#[derive(Debug, Clone, clap::Args)]
pub struct At {
    /// The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now.
    #[arg(long, value_name = "TIME", value_parser = crate::values::parse_time)]
    pub at: Option<i64>,
    /// Do it even where bb refuses by default: work or the name of a running master, an --at
    /// more than a minute ahead of this machine's clock.
    #[arg(long)]
    pub force: bool,
}

impl At {
    /// The command's one notion of "now": `--at`, else the clock. An `--at`
    /// more than a minute ahead of the clock is a usage error unless
    /// `--force`: it would make running masters look dead to a sweep and
    /// stamp times from the future.
    pub fn resolve(&self) -> crate::error::Result<i64> {
        let now = chrono::Utc::now().timestamp();
        match self.at {
            Some(at) if at - now > crate::db::running::AT_AHEAD && !self.force => {
                Err(crate::error::Error::usage(format!(
                    "--at {} is {} ahead of this machine's clock; stamping it would make running \
                     masters look dead and times come from the future (to sweep a master that \
                     just crashed, give a short --expire-after instead; --force if you mean it)",
                    crate::output::format_time(at),
                    crate::values::format_age(at - now)
                )))
            }
            Some(at) => Ok(at),
            None => Ok(now),
        }
    }
}

/// The clap command, for completions and help checks.
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

#[cfg(test)]
mod tests {
    #[test]
    fn clap_definition_is_consistent() {
        super::command().debug_assert();
    }
}
