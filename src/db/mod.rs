//! The database core: finding the file, opening it safely, checking that it
//! is a Buildbot master database bb understands, and running one transaction
//! per command. One submodule per Buildbot connector sits beside it.

pub mod builders;
pub mod buildrequests;
pub mod builds;
pub mod buildsets;
pub mod changes;
pub mod changesources;
pub mod engine;
pub mod location;
pub mod masters;
pub mod prune;
pub mod queue;
pub mod resultspec;
pub mod revisions;
pub mod running;
pub mod schema;
pub mod sourcestamps;
pub mod state;
pub mod users;
pub mod workers;

use std::path::{Path, PathBuf};
use std::time::Duration;

pub use engine::Tx;
use engine::mysql::Mysql;
use engine::postgres::Postgres;
use engine::sqlite::Sqlite;
pub use location::Location;
pub use revisions::{Capabilities, Revision};

use crate::error::{Error, Result};
use crate::params;

/// The database `--db` / `BB_DB` names (else `./state.sqlite`).
pub fn locate(arg: Option<&str>) -> Result<Location> {
    location::locate(arg, &location::ProcessEnv)
}

/// An open Buildbot database.
pub struct Database {
    engine: Engine,
    pub location: Location,
    /// What its revision has, read once when it was opened.
    capabilities: Capabilities,
}

/// The engine behind a [`Database`].
enum Engine {
    Sqlite(Sqlite),
    Postgres(Box<Postgres>),
    Mysql(Box<Mysql>),
}

impl Database {
    /// Open an existing database (never create it) and check its revision.
    pub fn open(location: &Location, busy_timeout: Duration) -> Result<Database> {
        let engine = match location {
            Location::Sqlite(path) => Engine::Sqlite(open_file(path, busy_timeout)?),
            Location::Postgres(target) => {
                Engine::Postgres(Box::new(Postgres::connect(target, busy_timeout)?))
            }
            Location::Mysql(target) => {
                Engine::Mysql(Box::new(Mysql::connect(target, busy_timeout)?))
            }
        };
        let mut db = Database {
            engine,
            location: location.clone(),
            // Replaced by the revision's own once it has been read.
            capabilities: revisions::newest().capabilities(),
        };
        db.capabilities = db.check_revision()?.capabilities();
        Ok(db)
    }

    /// The schema revision the database is at.
    pub fn revision(&self) -> &'static Revision {
        self.capabilities.revision()
    }

    /// What the database's revision has, for the connectors that read or
    /// write columns not every revision has.
    pub fn capabilities(&self) -> Capabilities {
        self.capabilities
    }

    /// How the database is named in messages: its path, or its URL without
    /// the password.
    pub fn name(&self) -> String {
        name_of(&self.location)
    }

    /// The revision the database is at, refusing databases from before
    /// Buildbot 3.0, revisions bb does not know, and databases that are not
    /// Buildbot's.
    fn check_revision(&mut self) -> Result<&'static Revision> {
        let name = self.name();
        let recorded = self
            .recorded_version()
            .map_err(|err| in_database(&name, err))?;
        let supported = revisions::supported();
        let newest = revisions::newest().last_release;
        match recorded {
            // Empty: made for a master, or by mistake; either way, what
            // would make it one is `bb db init`.
            None if self.table_count().map_err(|err| in_database(&name, err))? == 0 => {
                Err(Error::failure(format!(
                    "{name} has no Buildbot tables: bb db init creates them"
                )))
            }
            None => Err(Error::failure(format!(
                "{name} has no alembic_version table, so it is not a Buildbot master database; \
                 point --db at {}",
                match self.engine {
                    Engine::Sqlite(_) => "a master's state.sqlite",
                    Engine::Postgres(_) | Engine::Mysql(_) => "the db_url of a master's master.cfg",
                }
            ))),
            Some(Recorded::Known(revision)) => Ok(revision),
            Some(Recorded::Migrate(version)) => Err(Error::failure(format!(
                "{name} is at migrate_version {}, from before Buildbot 3.0; {supported}; run \
                 `buildbot upgrade-master` with a newer Buildbot first (from 2.x: with 2.10, \
                 then with 3.0 to {newest})",
                version.map_or("(none)".to_string(), |v| v.to_string()),
            ))),
            Some(Recorded::Alembic(rev)) => {
                let newer = rev.parse::<u32>().ok() > revisions::newest().id().parse::<u32>().ok();
                let advice = if newer {
                    format!("a Buildbot newer than {newest} made it: use a bb that supports it")
                } else {
                    format!("run `buildbot upgrade-master` with Buildbot {newest} first")
                };
                Err(Error::failure(format!(
                    "{name} is at schema revision '{rev}', which bb does not support; \
                     {supported}; {advice}"
                )))
            }
        }
    }

    /// The version the database records: `alembic_version`'s, else
    /// `migrate_version`'s (Buildbot before 3.4), or `None` if it has
    /// neither table.
    ///
    /// On PostgreSQL the first try begins the command's transaction and
    /// reads `alembic_version` in the same round trip; only where that
    /// table cannot be read does it look further.
    fn recorded_version(&mut self) -> Result<Option<Recorded>> {
        if let Engine::Postgres(pg) = &mut self.engine
            && let Some(rev) = pg.begin_reading_revision()?
        {
            return Ok(Some(
                revisions::find_alembic(&rev).map_or(Recorded::Alembic(rev), Recorded::Known),
            ));
        }
        if self.has_table("alembic_version")? {
            let rev = self.read(|tx| {
                tx.query_opt(
                    "SELECT version_num FROM alembic_version",
                    params![],
                    |row| row.text(0),
                )
            })?;
            let rev = rev.unwrap_or_default();
            return Ok(Some(
                revisions::find_alembic(&rev).map_or(Recorded::Alembic(rev), Recorded::Known),
            ));
        }
        if self.has_table("migrate_version")? {
            let version = self.read(|tx| {
                tx.query_opt("SELECT version FROM migrate_version", params![], |row| {
                    row.opt_int(0)
                })
            })?;
            let version = version.flatten();
            return Ok(Some(
                version
                    .and_then(revisions::find_migrate)
                    .map_or(Recorded::Migrate(version), Recorded::Known),
            ));
        }
        Ok(None)
    }

    fn has_table(&mut self, name: &str) -> Result<bool> {
        match &mut self.engine {
            Engine::Sqlite(sqlite) => sqlite.has_table(name),
            Engine::Postgres(pg) => pg.has_table(name),
            Engine::Mysql(my) => my.has_table(name),
        }
    }

    /// How many tables the database has (on PostgreSQL, in any schema but
    /// the system's).
    fn table_count(&mut self) -> Result<i64> {
        match &mut self.engine {
            Engine::Sqlite(sqlite) => sqlite.table_count(),
            Engine::Postgres(pg) => pg.table_count(),
            Engine::Mysql(my) => my.table_count(),
        }
    }

    /// Run `f` in one read transaction: a consistent snapshot, no write lock.
    pub fn read<T>(&mut self, f: impl FnMut(&Tx) -> Result<T>) -> Result<T> {
        self.transaction(false, f)
    }

    /// Run `f` in one write transaction that takes the write lock up front;
    /// it commits only if `f` succeeds.
    pub fn write<T>(&mut self, f: impl FnMut(&Tx) -> Result<T>) -> Result<T> {
        self.transaction(true, f)
    }

    fn transaction<T>(&mut self, write: bool, f: impl FnMut(&Tx) -> Result<T>) -> Result<T> {
        match &mut self.engine {
            Engine::Sqlite(sqlite) => sqlite.transaction(write, f),
            Engine::Postgres(pg) => pg.transaction(write, f),
            Engine::Mysql(my) => my.transaction(write, f),
        }
    }

    /// What describes the engine in `bb db info`: SQLite's journal mode,
    /// or the PostgreSQL server's version.
    pub fn engine_info(&mut self) -> Result<(&'static str, String)> {
        match &mut self.engine {
            Engine::Sqlite(_) => {
                let mode = self
                    .read(|tx| tx.query_one("PRAGMA journal_mode", params![], |row| row.text(0)))?;
                Ok(("journal_mode", mode))
            }
            Engine::Postgres(pg) => Ok(("server_version", pg.server_version()?)),
            Engine::Mysql(my) => Ok(("server_version", my.server_version()?)),
        }
    }

    /// The MySQL/MariaDB connection, for `bb db info` and `bb db convert`.
    pub fn mysql(&mut self) -> Option<&mut Mysql> {
        match &mut self.engine {
            Engine::Mysql(my) => Some(my),
            _ => None,
        }
    }

    /// The database's size in bytes: a SQLite file plus its write-ahead
    /// log, or what the server reports for the database.
    pub fn size_bytes(&mut self) -> Result<i64> {
        match &self.engine {
            Engine::Sqlite(_) => {
                let Location::Sqlite(path) = &self.location else {
                    unreachable!("a SQLite engine has a file")
                };
                let mut wal = path.clone().into_os_string();
                wal.push("-wal");
                let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
                Ok(i64::try_from(size(path) + size(Path::new(&wal))).unwrap_or(i64::MAX))
            }
            Engine::Postgres(_) => {
                self.read(|tx| tx.int("SELECT pg_database_size(current_database())", params![]))
            }
            // What the server counts for the database's tables: data and
            // indexes (information_schema's figures, as `mysql` shows them).
            Engine::Mysql(_) => self.read(|tx| {
                tx.int(
                    "SELECT CAST(COALESCE(SUM(data_length + index_length), 0) AS INTEGER) \
                     FROM information_schema.tables WHERE table_schema = DATABASE()",
                    params![],
                )
            }),
        }
    }

    /// Relax this connection for a prune's many small transactions, each
    /// deleting rows nobody else writes:
    /// - its commits wait for the disk less: SQLite's `synchronous =
    ///   NORMAL` in WAL mode (a commit is on disk at the next checkpoint; a
    ///   crash of the machine may lose the last commits, never the
    ///   database's consistency), PostgreSQL's `synchronous_commit = off`
    ///   (the server flushes its log a moment later; a crash of the server
    ///   may lose the last commits, likewise). A lost batch is done again
    ///   by the next run.
    /// - on PostgreSQL its transactions are `REPEATABLE READ`, not
    ///   `SERIALIZABLE`: a batch reads only what it deletes or marks, and a
    ///   row another session changed meanwhile still fails the batch (and
    ///   it is run again), without the predicate locks that serializable
    ///   transactions take on every row and index page they read.
    ///
    /// Other connections, the masters', keep their own settings.
    pub fn relax(&mut self) -> Result<()> {
        let wal = match self.engine {
            Engine::Sqlite(_) => self.engine_info()?.1.eq_ignore_ascii_case("wal"),
            Engine::Postgres(_) | Engine::Mysql(_) => false,
        };
        match &mut self.engine {
            Engine::Sqlite(sqlite) if wal => sqlite.run_outside("PRAGMA synchronous = NORMAL"),
            Engine::Postgres(pg) => pg.relax(),
            Engine::Sqlite(_) | Engine::Mysql(_) => Ok(()),
        }
    }

    /// Which engine the database is on.
    pub fn engine_kind(&self) -> engine::EngineKind {
        match self.engine {
            Engine::Sqlite(_) => engine::EngineKind::Sqlite,
            Engine::Postgres(_) => engine::EngineKind::Postgresql,
            Engine::Mysql(_) => engine::EngineKind::Mysql,
        }
    }

    /// Give the space of deleted rows back (`bb db vacuum`): SQLite's
    /// `VACUUM` (then the write-ahead log truncated), PostgreSQL's `VACUUM
    /// (ANALYZE)` of the database's tables, MySQL's `OPTIMIZE TABLE` of
    /// each. None of them can run inside a transaction.
    pub fn vacuum(&mut self) -> Result<()> {
        let tables: Vec<String> = match self.engine {
            Engine::Sqlite(_) => Vec::new(),
            Engine::Postgres(_) => self.read(|tx| {
                tx.query(
                    "SELECT tablename::text FROM pg_catalog.pg_tables \
                     WHERE schemaname = current_schema() ORDER BY tablename",
                    params![],
                    |row| row.text(0),
                )
            })?,
            Engine::Mysql(ref mut my) => my.table_engines()?.into_iter().map(|(t, _)| t).collect(),
        };
        let quoted = |quote: char| -> Vec<String> {
            tables
                .iter()
                .map(|t| {
                    format!(
                        "{quote}{}{quote}",
                        t.replace(quote, &format!("{quote}{quote}"))
                    )
                })
                .collect()
        };
        match &mut self.engine {
            Engine::Sqlite(sqlite) => {
                sqlite.run_outside("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")
            }
            Engine::Postgres(pg) => {
                pg.run_outside(&format!("VACUUM (ANALYZE) {}", quoted('"').join(", ")))
            }
            Engine::Mysql(my) => my.optimize(&quoted('`')),
        }
    }

    /// The PostgreSQL connection, for `bb db init`.
    pub fn postgres(&mut self) -> Option<&mut Postgres> {
        match &mut self.engine {
            Engine::Postgres(pg) => Some(pg),
            Engine::Sqlite(_) | Engine::Mysql(_) => None,
        }
    }
}

/// The version a database records.
enum Recorded {
    /// One bb supports.
    Known(&'static Revision),
    /// Another alembic revision.
    Alembic(String),
    /// Another migrate version (from before Buildbot 3.0), or none.
    Migrate(Option<i64>),
}

/// How a location is named in messages.
pub fn name_of(location: &Location) -> String {
    match location {
        Location::Sqlite(path) => path.display().to_string(),
        Location::Postgres(target) => target.to_string(),
        Location::Mysql(target) => target.to_string(),
    }
}

/// The directory bb's own master stands in (see [`masters::default_name`]):
/// the database file's, or on PostgreSQL the current directory.
pub fn home(location: &Location) -> Result<PathBuf> {
    match location {
        Location::Sqlite(path) => masters::directory_of(path),
        Location::Postgres(_) | Location::Mysql(_) => masters::abspath(Path::new(".")),
    }
}

/// Open an existing SQLite file, saying clearly why not.
fn open_file(path: &Path, busy_timeout: Duration) -> Result<Sqlite> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(Error::failure(format!(
                "{} is a directory, not a database file; give the path of state.sqlite",
                path.display()
            )));
        }
        Ok(_) => {}
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::not_found(format!(
                "database {} does not exist (choose one with --db or BB_DB; \
                 `bb db init` creates a new one)",
                path.display()
            )));
        }
        Err(err) => {
            return Err(Error::failure(format!(
                "cannot open {}: {err}",
                path.display()
            )));
        }
    }
    Sqlite::open(path, busy_timeout).map_err(|err| in_database(&path.display().to_string(), err))
}

/// Name the database in a failure that would otherwise not say which one.
fn in_database(name: &str, err: Error) -> Error {
    match err.kind {
        crate::error::Kind::Failure => err.prefixed(name),
        _ => err,
    }
}

/// The statement that reads `(id, name)` of the rows of `table` with these
/// ids (builders, masters), to send with others.
fn names_stmt(table: &'static str, ids: &[i64]) -> engine::Stmt<'static> {
    engine::Stmt::query(
        format!("SELECT id, name FROM {table} WHERE id IN (SELECT value FROM json_each(?1))"),
        vec![engine::Value::Ids(ids.to_vec())],
    )
}

/// The `(id, name)` pairs [`names_stmt`] read.
fn names_from<C: FromIterator<(i64, String)>>(answer: Option<engine::Done>) -> Result<C> {
    engine::Done::read_all(answer, |row| Ok((row.int(0)?, row.text(1)?)))
}

/// Buildbot's `hash_columns`: the sha1 of the values' UTF-8 joined by NUL
/// bytes, with NULL encoded as the byte 0xF5.
pub fn hash_columns(values: &[Option<&str>]) -> String {
    use sha1::{Digest, Sha1};
    let mut hasher = Sha1::new();
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            hasher.update([0u8]);
        }
        match value {
            Some(s) => hasher.update(s.as_bytes()),
            None => hasher.update([0xf5u8]),
        }
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
