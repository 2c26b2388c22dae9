//! SQLite, the embedded default (`state.sqlite`): statements as written,
//! id lists as JSON for `json_each`, writes under `BEGIN IMMEDIATE`.

use std::path::Path;
use std::time::Duration;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::{Driver, EngineKind, Row, Tx, Value};
use crate::error::{Error, Result};

/// An open SQLite database file.
pub struct Sqlite {
    conn: Connection,
}

impl Sqlite {
    /// Open an existing file read-write, never creating it.
    pub fn open(path: &Path, busy_timeout: Duration) -> Result<Sqlite> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(busy_timeout)?;
        // Bundled SQLite enforces foreign keys by default; Buildbot's
        // SQLite connections do not, and bb writes what Buildbot would.
        conn.pragma_update(None, "foreign_keys", false)?;
        Ok(Sqlite { conn })
    }

    /// Run `f` in one transaction: a write takes the write lock up front
    /// (`BEGIN IMMEDIATE`), a read never takes it. Commits only if `f`
    /// succeeds.
    pub fn transaction<T>(&mut self, write: bool, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let behavior = if write {
            TransactionBehavior::Immediate
        } else {
            TransactionBehavior::Deferred
        };
        let tx = self.conn.transaction_with_behavior(behavior)?;
        let value = f(&Tx::new(&SqliteTx(&tx)))?;
        tx.commit()?;
        Ok(value)
    }

    /// Run statements outside any transaction (`VACUUM` cannot run in one).
    pub fn run_outside(&mut self, sql: &str) -> Result<()> {
        Ok(self.conn.execute_batch(sql)?)
    }

    /// Whether the database has a table of that name.
    pub fn has_table(&self, name: &str) -> Result<bool> {
        let mut found = false;
        SqliteTx(&self.conn).query(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
            &[Value::from(name)],
            &mut |row| {
                found = row.flag(0)?;
                Ok(false)
            },
        )?;
        Ok(found)
    }

    /// How many tables the file has.
    pub fn table_count(&self) -> Result<i64> {
        let mut count = 0;
        SqliteTx(&self.conn).query(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            &[],
            &mut |row| {
                count = row.int(0)?;
                Ok(false)
            },
        )?;
        Ok(count)
    }
}

/// The driver over a connection in a transaction.
struct SqliteTx<'c>(&'c Connection);

impl SqliteTx<'_> {
    fn prepare(&self, sql: &str, params: &[Value]) -> Result<rusqlite::CachedStatement<'_>> {
        let mut stmt = self.0.prepare_cached(sql)?;
        // A statement may use fewer parameters than a shared list holds.
        for (i, value) in params.iter().enumerate().take(stmt.parameter_count()) {
            match value {
                Value::Null => stmt.raw_bind_parameter(i + 1, rusqlite::types::Null)?,
                Value::Int(v) => stmt.raw_bind_parameter(i + 1, v)?,
                Value::Real(v) => stmt.raw_bind_parameter(i + 1, v)?,
                Value::Text(v) => stmt.raw_bind_parameter(i + 1, v)?,
                Value::Ids(ids) => stmt.raw_bind_parameter(
                    i + 1,
                    serde_json::to_string(ids).expect("a list of ids is JSON"),
                )?,
                Value::Texts(texts) => stmt.raw_bind_parameter(
                    i + 1,
                    serde_json::to_string(texts).expect("a list of texts is JSON"),
                )?,
            }
        }
        Ok(stmt)
    }
}

impl Driver for SqliteTx<'_> {
    fn engine(&self) -> EngineKind {
        EngineKind::Sqlite
    }

    fn execute(&self, sql: &str, params: &[Value]) -> Result<u64> {
        Ok(self.prepare(sql, params)?.raw_execute()? as u64)
    }

    fn query(
        &self,
        sql: &str,
        params: &[Value],
        each: &mut dyn FnMut(&Row) -> Result<bool>,
    ) -> Result<()> {
        let mut stmt = self.prepare(sql, params)?;
        let columns = stmt.column_count();
        let mut rows = stmt.raw_query();
        // One row's cells at a time, in a buffer used again for the next.
        let mut cells = Row(Vec::with_capacity(columns));
        while let Some(row) = rows.next()? {
            cells.0.clear();
            for i in 0..columns {
                cells.0.push(match row.get_ref(i)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(v) => Value::Int(v),
                    ValueRef::Real(v) => Value::Real(v),
                    ValueRef::Text(v) | ValueRef::Blob(v) => {
                        Value::Text(String::from_utf8_lossy(v).into_owned())
                    }
                });
            }
            if !each(&cells)? {
                break;
            }
        }
        Ok(())
    }
}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Error {
        use rusqlite::ErrorCode::{
            DatabaseBusy, DatabaseCorrupt, DatabaseLocked, NotADatabase, ReadOnly,
        };
        match err.sqlite_error_code() {
            Some(DatabaseBusy | DatabaseLocked) => Error::busy(),
            Some(NotADatabase) => Error::failure(
                "file is not a SQLite database (SQLite: file is not a database); \
                 point --db at a Buildbot master's state.sqlite",
            ),
            Some(ReadOnly) => Error::failure(format!(
                "the database is read-only ({err}); run bb as a user that can write it"
            )),
            Some(DatabaseCorrupt) => Error::failure(format!(
                "SQLite: {err}; the file is damaged: stop the master, keep a copy, and restore \
                 state.sqlite from a backup (sqlite3's .recover may salvage rows)"
            )),
            _ => Error::failure(format!("SQLite: {err}")),
        }
    }
}
