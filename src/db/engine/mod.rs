//! The engine layer: what connector code sees of the database. A [`Tx`] runs
//! SQL with bound [`Value`]s and hands back owned [`Row`]s; each engine is
//! one file implementing the narrow [`Driver`] trait (placeholders, id
//! lists, new ids, its errors), so that every connector is written once.
//!
//! Connector SQL is written as SQLite reads it, with numbered placeholders
//! (`?1`), and id lists bound as one [`Value::Ids`] read with
//! `json_each(?N)`; a driver for another engine translates those few
//! spellings in one place.

pub mod mysql;
pub mod postgres;
pub mod sqlite;

use std::borrow::Cow;

use crate::error::{Error, Result};

/// A value bound to a statement or read from a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    /// A list of ids, bound as one parameter (`json_each(?N)`).
    Ids(Vec<i64>),
    /// A list of texts, bound as one parameter (`json_each(?N)`).
    Texts(Vec<String>),
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(v)
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Int(v.into())
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_string())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}

impl From<&String> for Value {
    fn from(v: &String) -> Value {
        Value::Text(v.clone())
    }
}

impl From<&[i64]> for Value {
    fn from(v: &[i64]) -> Value {
        Value::Ids(v.to_vec())
    }
}

impl From<&Vec<i64>> for Value {
    fn from(v: &Vec<i64>) -> Value {
        Value::Ids(v.clone())
    }
}

impl From<Vec<String>> for Value {
    fn from(v: Vec<String>) -> Value {
        Value::Texts(v)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

/// The parameters of a statement: `params![a, b]`.
#[macro_export]
macro_rules! params {
    ($($value:expr),* $(,)?) => {
        &[$($crate::db::engine::Value::from($value)),*][..]
    };
}

/// One row of a result, read by column index.
#[derive(Debug, Clone)]
pub struct Row(pub Vec<Value>);

impl Row {
    fn cell(&self, i: usize) -> Result<&Value> {
        self.0
            .get(i)
            .ok_or_else(|| Error::failure(format!("the query has no column {i}")))
    }

    fn mismatch(&self, i: usize, wanted: &str) -> Error {
        Error::failure(format!(
            "column {i} holds {:?} where {wanted} was expected",
            self.0[i]
        ))
    }

    /// An integer (booleans read as 0 or 1).
    pub fn int(&self, i: usize) -> Result<i64> {
        self.opt_int(i)?
            .ok_or_else(|| self.mismatch(i, "an integer"))
    }

    /// An integer or NULL.
    pub fn opt_int(&self, i: usize) -> Result<Option<i64>> {
        match self.cell(i)? {
            Value::Null => Ok(None),
            Value::Int(v) => Ok(Some(*v)),
            _ => Err(self.mismatch(i, "an integer")),
        }
    }

    /// A flag stored as an integer: anything but 0 is true.
    pub fn flag(&self, i: usize) -> Result<bool> {
        Ok(self.int(i)? != 0)
    }

    pub fn text(&self, i: usize) -> Result<String> {
        self.opt_text(i)?.ok_or_else(|| self.mismatch(i, "text"))
    }

    pub fn opt_text(&self, i: usize) -> Result<Option<String>> {
        match self.cell(i)? {
            Value::Null => Ok(None),
            Value::Text(v) => Ok(Some(v.clone())),
            _ => Err(self.mismatch(i, "text")),
        }
    }

    pub fn opt_real(&self, i: usize) -> Result<Option<f64>> {
        match self.cell(i)? {
            Value::Null => Ok(None),
            Value::Real(v) => Ok(Some(*v)),
            Value::Int(v) => Ok(Some(*v as f64)),
            _ => Err(self.mismatch(i, "a number")),
        }
    }
}

/// Which engine a transaction runs on: for the rare statement whose best
/// form differs between them (a planner hint), never for what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EngineKind {
    Sqlite,
    Postgresql,
    Mysql,
}

/// What an engine does for the connectors, inside one transaction. A
/// statement binds as many of `params` as it has placeholders, so one list
/// can serve statements that use a prefix of it.
pub trait Driver {
    /// Run a statement; the number of rows it changed.
    fn execute(&self, sql: &str, params: &[Value]) -> Result<u64>;
    /// Run a query; all its rows.
    /// Run a query, handing each row to `each` as it comes, until `each`
    /// says to stop (`false`): rows are not all held at once.
    fn query(
        &self,
        sql: &str,
        params: &[Value],
        each: &mut dyn FnMut(&Row) -> Result<bool>,
    ) -> Result<()>;
    fn engine(&self) -> EngineKind;
    /// Run statements one after another, as [`Driver::execute`] and
    /// [`Driver::query`] would; what each did. An engine across a network
    /// sends them all at once, in one round trip: none may need an earlier
    /// one's answer other than through the database itself.
    fn batch(&self, statements: &[Stmt<'_>]) -> Result<Vec<Done>> {
        statements
            .iter()
            .map(|stmt| {
                if stmt.rows {
                    let mut rows = Vec::new();
                    self.query(&stmt.sql, &stmt.params, &mut |row| {
                        rows.push(row.clone());
                        Ok(true)
                    })?;
                    Ok(Done::Rows(rows))
                } else {
                    self.execute(&stmt.sql, &stmt.params).map(Done::Changed)
                }
            })
            .collect()
    }

    /// `expr`, a text, as a key that sorts byte for byte (by code point),
    /// where the engine's collation would not (MySQL's ignore case).
    fn bytewise(&self, expr: &str) -> String {
        expr.to_string()
    }
}

/// One statement of a [`Tx::batch`]: its text and parameters, borrowed
/// or owned (a connector may hand back statements it has built, for its
/// caller to send together with others).
#[derive(Debug, Clone)]
pub struct Stmt<'a> {
    pub sql: Cow<'a, str>,
    pub params: Cow<'a, [Value]>,
    /// Whether its rows are wanted (a query, `... RETURNING`) rather than
    /// how many rows it changed.
    pub rows: bool,
}

impl<'a> Stmt<'a> {
    /// A statement whose changed rows are counted.
    pub fn execute(sql: impl Into<Cow<'a, str>>, params: impl Into<Cow<'a, [Value]>>) -> Stmt<'a> {
        Stmt {
            sql: sql.into(),
            params: params.into(),
            rows: false,
        }
    }

    /// A statement whose rows are read.
    pub fn query(sql: impl Into<Cow<'a, str>>, params: impl Into<Cow<'a, [Value]>>) -> Stmt<'a> {
        Stmt {
            sql: sql.into(),
            params: params.into(),
            rows: true,
        }
    }
}

/// What one statement of a [`Tx::batch`] did.
#[derive(Debug, Clone)]
pub enum Done {
    /// How many rows it changed.
    Changed(u64),
    /// Its rows.
    Rows(Vec<Row>),
}

impl Done {
    /// How many rows it changed (or returned).
    pub fn changed(&self) -> u64 {
        match self {
            Done::Changed(n) => *n,
            Done::Rows(rows) => rows.len() as u64,
        }
    }

    /// Its rows (none for a statement run for its count).
    pub fn rows(self) -> Vec<Row> {
        match self {
            Done::Changed(_) => Vec::new(),
            Done::Rows(rows) => rows,
        }
    }

    /// The rows of an answer taken from a batch's answers, if it was there.
    pub fn rows_of(answer: Option<Done>) -> Vec<Row> {
        answer.map(Done::rows).unwrap_or_default()
    }

    /// Every row of such an answer, each read with `read`.
    pub fn read_all<T, C: FromIterator<T>>(
        answer: Option<Done>,
        read: impl FnMut(&Row) -> Result<T>,
    ) -> Result<C> {
        Done::rows_of(answer).iter().map(read).collect()
    }
}

/// The transaction a command runs in, as connector functions use it.
#[derive(Clone, Copy)]
pub struct Tx<'a> {
    driver: &'a dyn Driver,
}

impl<'a> Tx<'a> {
    pub fn new(driver: &'a dyn Driver) -> Tx<'a> {
        Tx { driver }
    }

    pub fn execute(&self, sql: &str, params: &[Value]) -> Result<u64> {
        self.driver.execute(sql, params)
    }

    pub fn engine(&self) -> EngineKind {
        self.driver.engine()
    }

    /// Statements that do not need each other's answers, run in order; on
    /// PostgreSQL in one round trip. What each did, in the same order.
    pub fn batch(&self, statements: &[Stmt<'_>]) -> Result<Vec<Done>> {
        self.driver.batch(statements)
    }

    /// See [`Driver::bytewise`].
    pub fn bytewise(&self, expr: &str) -> String {
        self.driver.bytewise(expr)
    }

    /// An `INSERT ... RETURNING <key>` (both engines have RETURNING): the
    /// new row's key.
    pub fn insert(&self, sql: &str, params: &[Value]) -> Result<i64> {
        self.int(sql, params)
    }

    /// Every row, each read with `read`.
    pub fn query<T>(
        &self,
        sql: &str,
        params: &[Value],
        read: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut read = read;
        let mut found = Vec::new();
        self.driver.query(sql, params, &mut |row| {
            found.push(read(row)?);
            Ok(true)
        })?;
        Ok(found)
    }

    /// The first row, if any, read with `read`.
    pub fn query_opt<T>(
        &self,
        sql: &str,
        params: &[Value],
        read: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<Option<T>> {
        let mut read = Some(read);
        let mut found = None;
        self.driver.query(sql, params, &mut |row| {
            if let Some(read) = read.take() {
                found = Some(read(row)?);
            }
            Ok(false)
        })?;
        Ok(found)
    }

    /// The first row, which must exist.
    pub fn query_one<T>(
        &self,
        sql: &str,
        params: &[Value],
        read: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<T> {
        self.query_opt(sql, params, read)?
            .ok_or_else(|| Error::failure(format!("no row from: {sql}")))
    }

    /// A single integer (a count, an EXISTS).
    pub fn int(&self, sql: &str, params: &[Value]) -> Result<i64> {
        self.query_one(sql, params, |row| row.int(0))
    }
}

// --- what the translators of the connectors' SQL share ------------------------------

/// How long the quoted literal `rest` starts with is (`'...'`, quotes
/// included): translators copy literals as they are.
pub(super) fn quoted_len(rest: &str) -> usize {
    rest[1..].find('\'').map_or(rest.len(), |i| i + 2)
}

/// The placeholder `rest` starts with: `?N`, or a bare `?` numbered after
/// `next` (which it advances), as SQLite numbers them. Returns its number
/// and its length in `rest`.
pub(super) fn placeholder(rest: &str, next: &mut usize) -> (usize, usize) {
    let digits = rest[1..].len()
        - rest[1..]
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    let n = if digits == 0 {
        *next += 1;
        *next
    } else {
        rest[1..=digits].parse().expect("digits")
    };
    (n, 1 + digits)
}

/// `rest` after `word`, if it starts with that whole word (a word ending
/// in `(`, `)` or `.` ends there; another must not run on).
pub(super) fn strip_word<'a>(rest: &'a str, word: &str) -> Option<&'a str> {
    let after = rest.strip_prefix(word)?;
    let ends_word = word.ends_with(['(', ')', '.'])
        || !after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    ends_word.then_some(after)
}

/// Run a server transaction until it holds: `attempt` gets what is left of
/// `busy_timeout` and is run again on a transient failure (`retry`: a
/// serialization failure, a deadlock, a lock not granted) with a short,
/// growing pause, until the time is up (then exit 5); and on a unique
/// index refusing a row (`retry` on a conflict) at once, a few times: the
/// row is a claim another session committed while this one waited, which
/// the rerun sees and reports as the conflict it is; one that persists is
/// no race (exit 3). Without `retries`, an engine whose writes cannot be
/// undone reports the first failure as it is.
pub(super) fn retrying<T>(
    busy_timeout: std::time::Duration,
    retries: bool,
    mut attempt: impl FnMut(std::time::Duration) -> Result<T>,
) -> Result<T> {
    use std::time::{Duration, Instant};
    const UNIQUE_RETRIES: u32 = 3;
    let deadline = Instant::now() + busy_timeout;
    let mut pause = Duration::from_millis(5);
    let mut unique_retries = 0;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match attempt(left) {
            Err(mut err) if err.retry && err.kind == crate::error::Kind::Conflict => {
                if unique_retries == UNIQUE_RETRIES || Instant::now() >= deadline || !retries {
                    err.retry = false;
                    return Err(err);
                }
                unique_retries += 1;
            }
            Err(err) if err.retry && Instant::now() < deadline && retries => {
                std::thread::sleep(pause.min(deadline - Instant::now()));
                pause = (pause * 2).min(Duration::from_millis(200));
            }
            Err(err) if err.retry => return Err(Error::busy()),
            done => return done,
        }
    }
}

/// A failed TLS handshake with `host`, in a person's words where
/// rustls's are a program's (`DnsName("localhost")`); `ca` the file of CAs
/// the certificate was checked against, when one was.
pub(super) fn tls_words(err: &rustls::Error, host: &str, ca: Option<&std::path::Path>) -> String {
    use rustls::CertificateError as Cert;
    let rustls::Error::InvalidCertificate(cert) = err else {
        return err.to_string();
    };
    match cert {
        Cert::NotValidForNameContext { presented, .. } if !presented.is_empty() => {
            let names: Vec<String> = presented.iter().map(|name| plain_name(name)).collect();
            format!(
                "the server's certificate is not valid for {host} (it is for {})",
                names.join(", ")
            )
        }
        Cert::NotValidForName | Cert::NotValidForNameContext { .. } => {
            format!("the server's certificate is not valid for {host}")
        }
        Cert::UnknownIssuer => match ca {
            Some(file) => format!(
                "the server's certificate is not signed by a CA in {}",
                file.display()
            ),
            None => "the server's certificate is not signed by a known CA".to_string(),
        },
        Cert::Expired | Cert::ExpiredContext { .. } => {
            "the server's certificate has expired".to_string()
        }
        Cert::NotValidYet | Cert::NotValidYetContext { .. } => {
            "the server's certificate is not valid yet".to_string()
        }
        Cert::Revoked => "the server's certificate is revoked".to_string(),
        Cert::BadEncoding => "the server's certificate cannot be read".to_string(),
        _ => err.to_string(),
    }
}

/// `localhost` for rustls's `DnsName("localhost")`, an address for
/// `IpAddress(…)`.
fn plain_name(name: &str) -> String {
    let inner = name
        .split_once('(')
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .unwrap_or(name);
    inner.trim_matches('"').to_string()
}
