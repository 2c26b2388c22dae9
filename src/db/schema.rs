//! Creating a new master database from `schema.sql`, and describing one.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use serde::Serialize;

use super::engine::Stmt;
use super::engine::mysql::Mysql;
use super::engine::postgres::Postgres;
use super::location::{MyTarget, PgTarget};
use super::{Database, Location};
use crate::error::{Error, Result};

/// Buildbot 4.3's schema (alembic revision 067), as `buildbot create-master`
/// makes it on SQLite.
pub const SCHEMA: &str = include_str!("../../schema.sql");

/// The same schema as `buildbot create-master` makes it on PostgreSQL.
pub const SCHEMA_POSTGRESQL: &str = include_str!("../../schema-postgresql.sql");

/// The same schema as `buildbot create-master` makes it on MySQL/MariaDB
/// with `storage_engine=InnoDB`; `bb db init` sets the engine the URL names.
pub const SCHEMA_MYSQL: &str = include_str!("../../schema-mysql.sql");

#[derive(Debug, Serialize)]
pub struct Created {
    pub path: String,
    pub revision: String,
}

/// Create Buildbot 4.3's schema where `location` says.
pub fn init(location: &Location) -> Result<Created> {
    match location {
        Location::Sqlite(path) => init_file(path),
        Location::Postgres(target) => init_postgres(target),
        Location::Mysql(target) => init_mysql(target),
    }
}

/// Create the schema in an existing, empty MySQL/MariaDB database, with
/// the storage engine the URL names (InnoDB if none: Buildbot would make
/// MyISAM, which has no transactions). A database that has tables is
/// refused (exit 3).
fn init_mysql(target: &MyTarget) -> Result<Created> {
    let mut my = Mysql::connect(target, std::time::Duration::from_secs(5))?;
    let tables = my.table_count()?;
    if tables > 0 {
        return Err(Error::conflict(format!(
            "{target} already has {tables} tables; bb db init only creates new databases"
        )));
    }
    let script = SCHEMA_MYSQL.replace(
        "ENGINE=InnoDB",
        &format!("ENGINE={}", target.storage_engine()),
    );
    my.run_script(&script)?;
    Ok(Created {
        path: target.to_string(),
        revision: super::revisions::newest().id(),
    })
}

/// Create the schema in an existing, empty PostgreSQL database, in one
/// transaction. A database that has tables is refused (exit 3).
fn init_postgres(target: &PgTarget) -> Result<Created> {
    let mut pg = Postgres::connect(target, std::time::Duration::from_secs(5))?;
    let tables = pg.table_count()?;
    if tables > 0 {
        return Err(Error::conflict(format!(
            "{target} already has {tables} tables; bb db init only creates new databases"
        )));
    }
    pg.run_script(SCHEMA_POSTGRESQL)?;
    Ok(Created {
        path: target.to_string(),
        revision: super::revisions::newest().id(),
    })
}

/// Create the schema in a new (or empty) file, in WAL mode as Buildbot runs
/// SQLite. A file that already has tables is refused and left untouched.
fn init_file(path: &Path) -> Result<Created> {
    let existed = path.exists();
    let result = create(path);
    if result.is_err() && !existed {
        // Leave nothing behind for a database that was never made.
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            let _ = std::fs::remove_file(name);
        }
    }
    result
}

fn create(path: &Path) -> Result<Created> {
    if path.is_dir() {
        return Err(Error::failure(format!("{} is a directory", path.display())));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)
        .map_err(|err| Error::failure(format!("cannot create {}: {err}", path.display())))?;
    refuse_tables(&conn, path)?;
    conn.pragma_update(None, "journal_mode", "wal")?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    refuse_tables(&tx, path)?;
    tx.execute_batch(SCHEMA)?;
    tx.commit()?;
    Ok(Created {
        path: path.display().to_string(),
        revision: super::revisions::newest().id(),
    })
}

fn refuse_tables(conn: &Connection, path: &Path) -> Result<()> {
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |row| row.get(0),
        )
        .map_err(|err| Error::from(err).prefixed(&path.display().to_string()))?;
    if tables > 0 {
        return Err(Error::conflict(format!(
            "{} already has {tables} tables; bb db init only creates new databases",
            path.display()
        )));
    }
    Ok(())
}

/// The tables whose sizes `db info` reports.
const COUNTED_TABLES: &[&str] = &[
    "masters",
    "builders",
    "schedulers",
    "changesources",
    "workers",
    "buildsets",
    "buildrequests",
    "buildrequest_claims",
    "builds",
    "sourcestamps",
    "changes",
];

/// `bb db info`: the database, its revision and the Buildbot releases that
/// leave it, what describes its engine (SQLite's journal mode, or the
/// PostgreSQL server's version), and the sizes of the main tables.
pub fn info(db: &mut Database) -> Result<serde_json::Value> {
    let name = db.name();
    let revision = db.revision();
    let (engine_key, engine_value) = db.engine_info()?;
    // Table names come from the constant list above, never from input.
    let texts: Vec<String> = COUNTED_TABLES
        .iter()
        .map(|table| format!("SELECT count(*) FROM {table}"))
        .collect();
    let counts = db.read(|tx| {
        // One batch: one round trip on PostgreSQL.
        let statements: Vec<Stmt> = texts.iter().map(|t| Stmt::query(t, &[][..])).collect();
        let mut counts = serde_json::Map::new();
        for (table, answer) in COUNTED_TABLES.iter().zip(tx.batch(&statements)?) {
            let rows = answer.rows();
            let n = rows
                .first()
                .ok_or_else(|| Error::failure(format!("no count of {table}")))?
                .int(0)?;
            counts.insert(table.to_string(), n.into());
        }
        Ok(counts)
    })?;
    let place = match db.location {
        Location::Sqlite(_) => "path",
        Location::Postgres(_) | Location::Mysql(_) => "database",
    };
    let mut doc = serde_json::Map::new();
    doc.insert(place.to_string(), name.into());
    doc.insert("revision".to_string(), revision.id().into());
    doc.insert("buildbot".to_string(), revision.releases().into());
    doc.insert(engine_key.to_string(), engine_value.into());
    doc.insert("counts".to_string(), counts.into());
    if let Some(my) = db.mysql() {
        let untransacted = my.untransacted_tables();
        if !untransacted.is_empty() {
            doc.insert("warnings".to_string(), myisam_warnings(untransacted).into());
        }
    }
    Ok(doc.into())
}

/// What `db info` says of tables without transactions.
fn myisam_warnings(tables: &[(String, String)]) -> Vec<String> {
    let mut engines: Vec<&str> = tables.iter().map(|(_, e)| e.as_str()).collect();
    engines.sort_unstable();
    engines.dedup();
    let names: Vec<&str> = tables.iter().map(|(t, _)| t.as_str()).collect();
    vec![format!(
        "{} tables have no transactions ({} storage engine): {}. bb locks every table for each \
         write so that no one sees half of it, but a killed bb or a crashed server may leave \
         part of a write behind; `bb db convert --storage-engine innodb` converts them (then \
         add storage_engine=InnoDB to the master's db_url)",
        names.len(),
        engines.join(", "),
        names.join(", ")
    )]
}
