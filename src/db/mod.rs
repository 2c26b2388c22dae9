//! The database core: finding the file, opening it safely, checking that it
//! is a Buildbot master database bb understands, and running one transaction
//! per command. One submodule per Buildbot connector sits beside it.

pub mod builders;
pub mod buildrequests;
pub mod buildsets;
pub mod changes;
pub mod changesources;
pub mod masters;
pub mod resultspec;
pub mod schema;
pub mod sourcestamps;
pub mod state;
pub mod users;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{Error, Result};

/// Alembic revisions whose schema bb reads and writes.
pub const SUPPORTED_REVISIONS: &[&str] = &["067"];

/// Where the database lives: `--db` / `BB_DB` (a path or a `sqlite:///`
/// URL), else `./state.sqlite`.
pub fn locate(arg: Option<&str>) -> Result<PathBuf> {
    // An empty BB_DB is as good as unset.
    let Some(arg) = arg.filter(|s| !s.is_empty()) else {
        return Ok(PathBuf::from("state.sqlite"));
    };
    let Some((scheme, rest)) = split_url(arg) else {
        return Ok(PathBuf::from(arg));
    };
    let driver = scheme.split('+').next().unwrap_or(scheme);
    if !driver.eq_ignore_ascii_case("sqlite") {
        return Err(Error::failure(format!(
            "unsupported database URL scheme '{scheme}': bb works on SQLite master databases \
             only (sqlite:///relative/path or sqlite:////absolute/path)"
        )));
    }
    // SQLAlchemy: sqlite:///rel is "rel", sqlite:////abs is "/abs"; options
    // after '?' only tune the driver.
    let path = rest.split('?').next().unwrap_or_default();
    match path.strip_prefix('/') {
        Some(path) if !path.is_empty() && path != ":memory:" => Ok(PathBuf::from(path)),
        _ => Err(Error::failure(format!(
            "'{arg}' names no database file (an in-memory database has nothing to administer); \
             use sqlite:///relative/path or sqlite:////absolute/path"
        ))),
    }
}

/// `scheme://rest` if `s` looks like a URL.
fn split_url(s: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = s.split_once("://")?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then_some((scheme, rest))
}

/// An open Buildbot database and the path it was opened from.
pub struct Database {
    pub conn: Connection,
    pub path: PathBuf,
}

impl Database {
    /// Open an existing database (never create it) and check its revision.
    pub fn open(path: &Path, busy_timeout: Duration) -> Result<Database> {
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
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|err| in_file(path, err.into()))?;
        conn.busy_timeout(busy_timeout)
            .map_err(|err| in_file(path, err.into()))?;
        // Bundled SQLite enforces foreign keys by default; Buildbot's
        // SQLite connections do not, and bb writes what Buildbot would.
        conn.pragma_update(None, "foreign_keys", false)
            .map_err(|err| in_file(path, err.into()))?;
        let db = Database {
            conn,
            path: path.to_path_buf(),
        };
        db.check_revision()?;
        Ok(db)
    }

    /// The alembic revision, refusing files that are not a Buildbot 4.3
    /// master database.
    fn check_revision(&self) -> Result<String> {
        let path = self.path.display();
        let revision = revision(&self.conn).map_err(|err| in_file(&self.path, err))?;
        match revision {
            None => Err(Error::failure(format!(
                "{path} has no alembic_version table, so it is not a Buildbot master database; \
                 point --db at a master's state.sqlite (or run `bb db init` on a new file)"
            ))),
            Some(rev) if SUPPORTED_REVISIONS.contains(&rev.as_str()) => Ok(rev),
            Some(rev) => Err(Error::failure(format!(
                "{path} is at schema revision '{rev}', but bb supports only {} (Buildbot 4.3); \
                 run `buildbot upgrade-master` with Buildbot 4.3 first",
                SUPPORTED_REVISIONS.join(", ")
            ))),
        }
    }

    /// Run `f` in one read transaction: a consistent snapshot, no write lock.
    pub fn read<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        self.transaction(TransactionBehavior::Deferred, f)
    }

    /// Run `f` in one write transaction that takes the write lock up front
    /// (`BEGIN IMMEDIATE`); it commits only if `f` succeeds.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        self.transaction(TransactionBehavior::Immediate, f)
    }

    fn transaction<T>(
        &mut self,
        behavior: TransactionBehavior,
        f: impl FnOnce(&Transaction) -> Result<T>,
    ) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(behavior)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}

/// The schema revision recorded in `alembic_version`, or `None` if the
/// table does not exist.
pub fn revision(conn: &Connection) -> Result<Option<String>> {
    let has_table: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version')",
        [],
        |row| row.get(0),
    )?;
    if !has_table {
        return Ok(None);
    }
    let rev: Option<String> = conn
        .query_row("SELECT version_num FROM alembic_version", [], |row| {
            row.get(0)
        })
        .map(Some)
        .or_else(|err| match err {
            rusqlite::Error::QueryReturnedNoRows => Ok(Some(String::new())),
            err => Err(err),
        })?;
    Ok(rev)
}

/// Name the file in a failure that would otherwise not say which one.
fn in_file(path: &Path, err: Error) -> Error {
    match err.kind {
        crate::error::Kind::Failure => err.prefixed(&path.display().to_string()),
        _ => err,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations() {
        assert_eq!(locate(None).unwrap(), PathBuf::from("state.sqlite"));
        assert_eq!(
            locate(Some("x/y.sqlite")).unwrap(),
            PathBuf::from("x/y.sqlite")
        );
        assert_eq!(
            locate(Some("sqlite:///rel/s.sqlite")).unwrap(),
            PathBuf::from("rel/s.sqlite")
        );
        assert_eq!(
            locate(Some("sqlite:////abs/s.sqlite")).unwrap(),
            PathBuf::from("/abs/s.sqlite")
        );
        assert_eq!(
            locate(Some("sqlite:///s.sqlite?timeout=5")).unwrap(),
            PathBuf::from("s.sqlite")
        );
        assert!(locate(Some("sqlite://")).is_err());
        assert!(locate(Some("sqlite:///:memory:")).is_err());
        let err = locate(Some("postgresql://u@h/db")).unwrap_err();
        assert!(err.message.contains("'postgresql'"), "{}", err.message);
    }
}
