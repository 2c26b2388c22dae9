//! PostgreSQL, where installations with several masters keep Buildbot's
//! schema. This file is all that differs from SQLite: connecting (TLS as
//! libpq's `sslmode`), the few SQLite spellings of the connectors' SQL
//! (`?N`, `json_each`, `json_group_array`, `instr`, `IS NOT ?`, `rowid`),
//! binding to Buildbot's 32-bit and 16-bit columns, and the transactions:
//! serializable, retried on serialization failures and deadlocks within
//! `--busy-timeout`, never waiting for a lock longer than that.

use std::cell::Cell;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpStream, UnixStream};
use tokio::runtime::Runtime;
use tokio::task::JoinHandle;
use tokio_postgres::Client;
use tokio_postgres::tls::MakeTlsConnect;
use tokio_postgres::types::{Format, IsNull, ToSql, Type, to_sql_checked};

use super::{
    Done, Driver, EngineKind, Row, Stmt, Tx, Value, placeholder, quoted_len, strip_word, tls_words,
};
use crate::db::location::{PgTarget, SslMode};
use crate::error::{Error, Kind, Result};

/// An open connection to a PostgreSQL database.
///
/// tokio-postgres under a runtime of bb's own rather than the `postgres`
/// crate's blocking client: only so can the whole of connecting (TCP, TLS,
/// the server's greeting, the login) run under one deadline, where the
/// blocking client bounds the TCP connect alone and waits for ever on a
/// port that accepts and says nothing. The runtime has one thread, bb's:
/// the connection's task runs whenever bb waits for an answer.
pub struct Postgres {
    runtime: Runtime,
    /// `None` only while being dropped.
    client: Option<Client>,
    /// The task that carries the client's messages over the socket.
    connection: Option<JoinHandle<std::result::Result<(), tokio_postgres::Error>>>,
    /// A transaction [`Postgres::begin_reading_revision`] began, read-write,
    /// that the command's first transaction continues.
    begun: bool,
    /// The isolation level transactions begin with (see
    /// [`Postgres::relax`]).
    isolation: &'static str,
    busy_timeout: Duration,
    target: PgTarget,
}

impl Postgres {
    /// Connect within `connect_timeout`, saying which of unreachable,
    /// silent, not PostgreSQL, refused login, failed TLS or missing
    /// database it was, where and as whom; never the password.
    pub fn connect(target: &PgTarget, busy_timeout: Duration) -> Result<Postgres> {
        let bound = target.connect_timeout();
        let mut config = tokio_postgres::Config::new();
        config
            .user(&target.user)
            .dbname(&target.dbname)
            .port(target.port)
            .application_name(target.application_name.as_deref().unwrap_or("bb"));
        if let Some(password) = target.password() {
            config.password(password);
        }
        if target.is_socket() {
            // libpq ignores sslmode on unix sockets: there is no TLS there.
            config.ssl_mode(tokio_postgres::config::SslMode::Disable);
        } else {
            config.ssl_mode(match target.sslmode {
                SslMode::Disable => tokio_postgres::config::SslMode::Disable,
                SslMode::Prefer => tokio_postgres::config::SslMode::Prefer,
                _ => tokio_postgres::config::SslMode::Require,
            });
        }
        let mut tls = tokio_postgres_rustls::MakeRustlsConnect::new(tls_config(target)?);
        let tls = MakeTlsConnect::<Watched>::make_tls_connect(&mut tls, &target.host)
            .map_err(|err| Error::failure(format!("TLS for {}: {err}", target.host)))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|err| Error::failure(format!("cannot start the PostgreSQL client: {err}")))?;
        let first = Arc::new(Mutex::new(Vec::new()));
        let connecting = async {
            let socket = Watched::open(target, first.clone())
                .await
                .map_err(Failed::Socket)?;
            config.connect_raw(socket, tls).await.map_err(|err| {
                let first = first.lock().map(|f| f.clone()).unwrap_or_default();
                Failed::Session(err, first)
            })
        };
        let (client, connection) = runtime
            .block_on(async { tokio::time::timeout(bound, connecting).await })
            .map_err(|_| {
                // Still waiting for the rest of an answer that began as no
                // PostgreSQL answer does: say what answered.
                let first = first.lock().map(|f| f.clone()).unwrap_or_default();
                if !speaks_postgres(&first, asks_tls(target)) {
                    return foreign(&first, target);
                }
                Error::failure(format!(
                    "no answer from {} within {}s (connecting as {}; connect_timeout in the \
                     URL sets how long to wait)",
                    target.server(),
                    bound.as_secs(),
                    target.user
                ))
            })?
            .map_err(|failed| connect_error(failed, target))?;
        let connection = runtime.spawn(connection);
        Ok(Postgres {
            runtime,
            client: Some(client),
            connection: Some(connection),
            begun: false,
            isolation: SERIALIZABLE,
            busy_timeout,
            target: target.clone(),
        })
    }

    fn client(&self) -> &Client {
        self.client
            .as_ref()
            .expect("the client lives until the connection is dropped")
    }

    /// Wait for `request`'s answer.
    fn wait<T>(
        &self,
        request: impl Future<Output = std::result::Result<T, tokio_postgres::Error>>,
    ) -> Result<T> {
        self.runtime
            .block_on(request)
            .map_err(|err| query_error(&err, &self.target))
    }

    /// Wait for the answers to requests sent together; the first failure,
    /// in the order they were sent, if any.
    fn wait_all<T>(&self, requests: Vec<Request<'_, T>>) -> Result<Vec<T>> {
        self.runtime
            .block_on(all(requests))
            .into_iter()
            .map(|answer| answer.map_err(|err| query_error(&err, &self.target)))
            .collect()
    }

    /// Run `f` in one transaction, as if bb's commands ran one at a time:
    /// serializable, so that two commands that would each have decided
    /// differently had they seen the other's writes cannot both commit; a
    /// serialization failure or deadlock runs `f` again, until
    /// `--busy-timeout` has passed (then exit 5). No lock is waited for
    /// longer than what is left of it.
    ///
    /// A unique index refusing a row is run again too, a few times: the
    /// row is a claim that another session (a running master) committed
    /// while this one waited for it, and `f` run again sees that claim and
    /// reports the conflict as it stands, as if it had run after the other
    /// session. One that persists is no race: a conflict (exit 3).
    pub fn transaction<T>(
        &mut self,
        write: bool,
        mut f: impl FnMut(&Tx) -> Result<T>,
    ) -> Result<T> {
        super::retrying(self.busy_timeout, true, |left| {
            self.attempt(write, left, &mut f)
        })
    }

    fn attempt<T>(
        &mut self,
        write: bool,
        left: Duration,
        f: &mut impl FnMut(&Tx) -> Result<T>,
    ) -> Result<T> {
        // The transaction begun when the database was opened, read-write:
        // a read makes it read-only with its first statement, in the same
        // round trip. Any other begins with its first statement, in that
        // statement's round trip.
        let open = std::mem::take(&mut self.begun);
        let first = match (open, write) {
            (true, true) => None,
            (true, false) => Some("SET TRANSACTION READ ONLY".to_string()),
            (false, _) => Some(begin(self.isolation, write, left)),
        };
        let (value, unsent) = {
            let driver = PgTx {
                pg: self,
                first: Cell::new(first),
            };
            let value = f(&Tx::new(&driver));
            (value, driver.first.take())
        };
        // A transaction that sent nothing has nothing to end.
        let started = open || unsent.is_none();
        match value {
            Ok(value) => {
                if started {
                    self.wait(self.client().batch_execute("COMMIT"))?;
                }
                Ok(value)
            }
            Err(err) => {
                // Nothing of it stays, whatever happened (on a lost
                // connection there is nothing to roll back).
                if started {
                    let _ = self.wait(self.client().batch_execute("ROLLBACK"));
                }
                Err(err)
            }
        }
    }

    /// Begin the command's transaction and read the revision in it, in one
    /// round trip: `alembic_version`'s `version_num` (`""` for none), or
    /// `None` when that cannot be read (no such table, no right to read
    /// it), for [`Postgres::has_table`] and the rest to say why. The
    /// transaction is read-write, serializable, as [`Postgres::transaction`]
    /// begins one; the command's first transaction continues it.
    pub fn begin_reading_revision(&mut self) -> Result<Option<String>> {
        let text = format!(
            "{}; SELECT version_num FROM alembic_version",
            begin(self.isolation, true, self.busy_timeout)
        );
        match self.runtime.block_on(self.client().simple_query(&text)) {
            Ok(messages) => {
                self.begun = true;
                let version = messages.iter().find_map(|message| match message {
                    tokio_postgres::SimpleQueryMessage::Row(row) => {
                        Some(row.get(0).unwrap_or_default().to_string())
                    }
                    _ => None,
                });
                Ok(Some(version.unwrap_or_default()))
            }
            Err(err) if err.as_db_error().is_some() => {
                self.wait(self.client().batch_execute("ROLLBACK"))?;
                Ok(None)
            }
            Err(err) => Err(query_error(&err, &self.target)),
        }
    }

    /// One value of a statement without parameters, as text, in one round
    /// trip (the simple protocol: no statement to prepare).
    fn simple_value(&self, sql: &str) -> Result<Option<String>> {
        let messages = self.wait(self.client().simple_query(sql))?;
        Ok(messages.iter().find_map(|message| match message {
            tokio_postgres::SimpleQueryMessage::Row(row) => row.get(0).map(str::to_string),
            _ => None,
        }))
    }

    /// Whether the database has a table of that name where an unqualified
    /// name finds it (`to_regclass`, a catalog lookup; not
    /// `information_schema`, which hides the tables the role may not read:
    /// those are there all the same).
    pub fn has_table(&mut self, name: &str) -> Result<bool> {
        // The names are bb's own constants, never input.
        debug_assert!(name.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        let found = self.simple_value(&format!(
            "SELECT c.relkind FROM pg_catalog.pg_class AS c \
             WHERE c.oid = to_regclass('{name}') AND c.relkind IN ('r', 'p')"
        ))?;
        Ok(found.is_some())
    }

    /// How many tables the database has, in any schema but the system's,
    /// whoever may read them.
    pub fn table_count(&mut self) -> Result<i64> {
        let count = self.simple_value(
            "SELECT count(*) FROM pg_catalog.pg_tables \
             WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
        )?;
        count
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| Error::failure("PostgreSQL: no count of tables"))
    }

    /// The server's version, as `SHOW server_version` gives it.
    pub fn server_version(&mut self) -> Result<String> {
        Ok(self
            .simple_value("SHOW server_version")?
            .unwrap_or_default())
    }

    /// For a prune's many small transactions ([`crate::db::Database::relax`]):
    /// commits that do not wait for the server's log to reach the disk,
    /// transactions at `REPEATABLE READ`.
    pub fn relax(&mut self) -> Result<()> {
        self.run_outside("SET synchronous_commit = off")?;
        self.isolation = "REPEATABLE READ";
        Ok(())
    }

    /// Run a statement outside any transaction (`VACUUM` cannot run in
    /// one), ending the one begun at the opening if it is still open.
    pub fn run_outside(&mut self, sql: &str) -> Result<()> {
        if std::mem::take(&mut self.begun) {
            self.wait(self.client().batch_execute("ROLLBACK"))?;
        }
        self.wait(self.client().batch_execute(sql))
    }

    /// Run a script of statements in one transaction (`bb db init`).
    pub fn run_script(&mut self, script: &str) -> Result<()> {
        let client = self.client();
        self.wait(async {
            client.batch_execute("BEGIN").await?;
            match client.batch_execute(script).await {
                Ok(()) => client.batch_execute("COMMIT").await,
                Err(err) => {
                    let _ = client.batch_execute("ROLLBACK").await;
                    Err(err)
                }
            }
        })
    }
}

/// The isolation level of bb's transactions: as if its commands ran one
/// at a time.
const SERIALIZABLE: &str = "SERIALIZABLE";

/// What begins a transaction: at `isolation`, read-only or read-write, no
/// lock waited for longer than `left`. One message for both statements.
fn begin(isolation: &str, write: bool, left: Duration) -> String {
    // Whole milliseconds, at least one (0 would mean "wait forever").
    let millis = left.as_millis().clamp(1, i32::MAX as u128);
    format!(
        "START TRANSACTION ISOLATION LEVEL {isolation}, {}; SET LOCAL lock_timeout = {millis}",
        if write { "READ WRITE" } else { "READ ONLY" }
    )
}

impl Drop for Postgres {
    /// Leave as libpq does: dropping the client makes its task say
    /// goodbye to the server (and close TLS) before it ends; the runtime
    /// runs it that far, briefly.
    fn drop(&mut self) {
        self.client = None;
        if let Some(connection) = self.connection.take() {
            // The timer is made inside the runtime, whose clock it needs.
            let _ = self
                .runtime
                .block_on(async { tokio::time::timeout(Duration::from_secs(1), connection).await });
        }
    }
}

/// The socket to the server, noting the first bytes it sends: when
/// connecting fails, they tell PostgreSQL from another service on the port
/// ([`speaks_postgres`]), and a server without TLS from one whose TLS
/// failed.
struct Watched {
    socket: Socket,
    first: Arc<Mutex<Vec<u8>>>,
}

enum Socket {
    Tcp(TcpStream),
    Unix(UnixStream),
}

/// How many of the server's first bytes are kept: enough to recognise
/// what answered ("SSH-2.0-OpenSSH_", "HTTP/1.1 400 Bad").
const FIRST_BYTES: usize = 16;

impl Watched {
    /// Connect to the host and port, or to the socket in the directory, as
    /// libpq (`DIR/.s.PGSQL.PORT`); each address of a host name in turn.
    async fn open(target: &PgTarget, first: Arc<Mutex<Vec<u8>>>) -> std::io::Result<Watched> {
        let socket = if target.is_socket() {
            let path = Path::new(&target.host).join(format!(".s.PGSQL.{}", target.port));
            Socket::Unix(UnixStream::connect(path).await?)
        } else {
            let stream = TcpStream::connect((target.host.as_str(), target.port)).await?;
            // Small requests, each waited for: send them at once.
            stream.set_nodelay(true)?;
            Socket::Tcp(stream)
        };
        Ok(Watched { socket, first })
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = match &mut self.socket {
            Socket::Tcp(s) => Pin::new(s).poll_read(cx, buf),
            Socket::Unix(s) => Pin::new(s).poll_read(cx, buf),
        };
        if let Ok(mut first) = self.first.lock()
            && first.len() < FIRST_BYTES
        {
            let new = &buf.filled()[before..];
            let take = new.len().min(FIRST_BYTES - first.len());
            first.extend_from_slice(&new[..take]);
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        match &mut self.socket {
            Socket::Tcp(s) => Pin::new(s).poll_write(cx, buf),
            Socket::Unix(s) => Pin::new(s).poll_write(cx, buf),
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match &mut self.socket {
            Socket::Tcp(s) => Pin::new(s).poll_flush(cx),
            Socket::Unix(s) => Pin::new(s).poll_flush(cx),
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match &mut self.socket {
            Socket::Tcp(s) => Pin::new(s).poll_shutdown(cx),
            Socket::Unix(s) => Pin::new(s).poll_shutdown(cx),
        }
    }
}

/// The driver over the connection, in a transaction that
/// [`Postgres::transaction`] began.
///
/// Every statement goes as one unnamed statement with its parameters'
/// types (`query_typed`): parse, bind, describe and execute in one round
/// trip, where preparing first would cost two. A parameter the statement
/// uses goes as text of unknown type, as a literal in psql's script would:
/// PostgreSQL gives it the type of the column it meets (`integer`,
/// `smallint`, `text`, ...), so the builder's and the claims' indexes serve
/// the comparisons as they do the floor's. An integer past 32 bits goes as
/// a `bigint`: compared with a 32-bit id it matches no row (exit 4, as for
/// any id that does not exist), and stored in a 32-bit column it is out of
/// range (a usage error). Lists go as typed arrays. A parameter the
/// statement does not use (a list shared by several statements) is given
/// its value's type, since PostgreSQL cannot infer it.
struct PgTx<'a> {
    pg: &'a Postgres,
    /// Statements to send ahead of the first one, in the same round trip
    /// (what begins the transaction).
    first: Cell<Option<String>>,
}

/// A request sent to the server, waiting for its answer.
type Request<'f, T> =
    Pin<Box<dyn Future<Output = std::result::Result<T, tokio_postgres::Error>> + 'f>>;

/// The server's answer to one statement.
enum Answer {
    Changed(u64),
    Rows(Vec<tokio_postgres::Row>),
}

/// Poll every future until all are done, each first in order: requests
/// made by tokio-postgres are queued when first polled, so all of them go
/// out before any answer is awaited (a pipeline: one round trip).
async fn all<T>(mut futures: Vec<Pin<Box<dyn Future<Output = T> + '_>>>) -> Vec<T> {
    let mut done: Vec<Option<T>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (future, slot) in futures.iter_mut().zip(done.iter_mut()) {
            if slot.is_none() {
                match future.as_mut().poll(cx) {
                    Poll::Ready(value) => *slot = Some(value),
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    })
    .await;
    done.into_iter()
        .map(|slot| slot.expect("every future is done"))
        .collect()
}

/// A statement's PostgreSQL text and its parameters with their types.
type Typed<'p> = (String, Vec<(&'p (dyn ToSql + Sync), Type)>);

fn typed<'p>(sql: &str, params: &'p [Value]) -> Typed<'p> {
    let (text, used) = translate(sql, |n| match params.get(n - 1) {
        Some(Value::Texts(_)) => "TEXT[]",
        _ => "BIGINT[]",
    });
    let params = params
        .iter()
        .enumerate()
        .map(|(i, value)| {
            let ty = match value {
                Value::Ids(_) => Type::INT8_ARRAY,
                Value::Texts(_) => Type::TEXT_ARRAY,
                Value::Int(v) if i32::try_from(*v).is_err() => Type::INT8,
                _ if used.contains(&(i + 1)) => Type::UNKNOWN,
                Value::Int(_) => Type::INT8,
                Value::Real(_) => Type::FLOAT8,
                Value::Null | Value::Text(_) => Type::TEXT,
            };
            (value as &(dyn ToSql + Sync), ty)
        })
        .collect();
    (text, params)
}

impl PgTx<'_> {
    /// Run the statements, all sent before the first answer is awaited
    /// (with the statement owed ahead of them, if any): one round trip.
    /// The first failure is the answer (the transaction is aborted from
    /// there on).
    fn run(&self, statements: &[Stmt<'_>]) -> Result<Vec<Done>> {
        let client = self.pg.client();
        let typed: Vec<Typed<'_>> = statements
            .iter()
            .map(|stmt| typed(&stmt.sql, &stmt.params))
            .collect();
        let mut requests: Vec<Request<'_, Answer>> = Vec::with_capacity(statements.len() + 1);
        let first = self.first.take();
        let ahead = first.is_some();
        if let Some(first) = first {
            requests.push(Box::pin(async move {
                client
                    .batch_execute(&first)
                    .await
                    .map(|()| Answer::Changed(0))
            }));
        }
        for ((text, params), stmt) in typed.iter().zip(statements) {
            requests.push(if stmt.rows {
                Box::pin(async move { client.query_typed(text, params).await.map(Answer::Rows) })
            } else {
                Box::pin(async move {
                    client
                        .execute_typed(text, params)
                        .await
                        .map(Answer::Changed)
                })
            });
        }
        let answers = self.pg.wait_all(requests)?;
        answers
            .into_iter()
            .skip(usize::from(ahead))
            .map(|answer| match answer {
                Answer::Changed(n) => Ok(Done::Changed(n)),
                Answer::Rows(rows) => rows
                    .iter()
                    .map(read_row)
                    .collect::<Result<_>>()
                    .map(Done::Rows),
            })
            .collect()
    }
}

impl Driver for PgTx<'_> {
    fn engine(&self) -> EngineKind {
        EngineKind::Postgresql
    }

    fn execute(&self, sql: &str, params: &[Value]) -> Result<u64> {
        let done = self.run(&[Stmt::execute(sql, params)])?;
        Ok(done.into_iter().next().map_or(0, |d| d.changed()))
    }

    fn query(
        &self,
        sql: &str,
        params: &[Value],
        each: &mut dyn FnMut(&Row) -> Result<bool>,
    ) -> Result<()> {
        let done = self.run(&[Stmt::query(sql, params)])?;
        for row in done.into_iter().flat_map(Done::rows) {
            if !each(&row)? {
                break;
            }
        }
        Ok(())
    }

    fn batch(&self, statements: &[Stmt<'_>]) -> Result<Vec<Done>> {
        self.run(statements)
    }
}

fn read_row(row: &tokio_postgres::Row) -> Result<Row> {
    let cells = row
        .columns()
        .iter()
        .enumerate()
        .map(|(i, column)| {
            let ty = column.type_();
            let cell = match *ty {
                Type::INT2 => row
                    .try_get::<_, Option<i16>>(i)
                    .map(|v| v.map(i64::from).into()),
                Type::INT4 => row
                    .try_get::<_, Option<i32>>(i)
                    .map(|v| v.map(i64::from).into()),
                Type::INT8 => row.try_get::<_, Option<i64>>(i).map(Value::from),
                Type::BOOL => row.try_get::<_, Option<bool>>(i).map(Value::from),
                Type::FLOAT4 => row
                    .try_get::<_, Option<f32>>(i)
                    .map(|v| v.map_or(Value::Null, |v| Value::Real(v.into()))),
                Type::FLOAT8 => row
                    .try_get::<_, Option<f64>>(i)
                    .map(|v| v.map_or(Value::Null, Value::Real)),
                Type::JSON | Type::JSONB => row
                    .try_get::<_, Option<serde_json::Value>>(i)
                    .map(|v| v.map(|v| v.to_string()).into()),
                _ => row.try_get::<_, Option<String>>(i).map(Value::from),
            };
            cell.map_err(|err| {
                Error::failure(format!(
                    "PostgreSQL: column {} ({ty}): {err}",
                    column.name()
                ))
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Row(cells))
}

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut tokio_postgres::types::private::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        if *ty == Type::UNKNOWN {
            // As text (see encode_format): what a literal would say.
            let text = match self {
                Value::Null => return Ok(IsNull::Yes),
                Value::Int(v) => v.to_string(),
                Value::Real(v) => v.to_string(),
                Value::Text(v) => v.clone(),
                Value::Ids(_) | Value::Texts(_) => {
                    return Err("a list is bound as a typed array".into());
                }
            };
            out.extend_from_slice(text.as_bytes());
            return Ok(IsNull::No);
        }
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(v) => match *ty {
                Type::INT2 => i16::try_from(*v)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(*v)?.to_sql(ty, out),
                Type::INT8 => v.to_sql(ty, out),
                Type::BOOL => (*v != 0).to_sql(ty, out),
                Type::FLOAT8 => (*v as f64).to_sql(ty, out),
                _ => v.to_string().to_sql(ty, out),
            },
            Value::Real(v) => v.to_sql(ty, out),
            Value::Text(v) => match *ty {
                Type::JSON | Type::JSONB => {
                    serde_json::from_str::<serde_json::Value>(v)?.to_sql(ty, out)
                }
                _ => v.as_str().to_sql(ty, out),
            },
            Value::Ids(ids) => ids.to_sql(ty, out),
            Value::Texts(texts) => texts.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        // Each value converts itself to the parameter's type above.
        true
    }

    /// A parameter of unknown type goes as text, which PostgreSQL reads
    /// as the type it gave the parameter.
    fn encode_format(&self, ty: &Type) -> Format {
        if *ty == Type::UNKNOWN {
            Format::Text
        } else {
            Format::Binary
        }
    }

    to_sql_checked!();
}

/// The connectors' SQLite spellings in PostgreSQL's: `?N` and `?` as `$N`,
/// `json_each(?N)` as an unnested bigint array, `json_group_array(x)` as a
/// JSON aggregate that is `[]` for no rows, `instr` as `strpos`, `IS NOT ?`
/// as `IS DISTINCT FROM`, `rowid` (insertion order) as `ctid`. String
/// literals are copied untouched.
/// Also returns the numbers of the parameters the statement uses.
/// `array_type(N)` is the SQL type of the list bound as parameter N.
pub fn translate(
    sql: &str,
    array_type: impl Fn(usize) -> &'static str + Copy,
) -> (String, std::collections::BTreeSet<usize>) {
    let mut used = std::collections::BTreeSet::new();
    let mut out = String::with_capacity(sql.len() + 32);
    let mut next = 0;
    let mut rest = sql;
    // Closing parentheses owed to rewritten json_group_array calls, by
    // nesting depth.
    let mut depth = 0usize;
    let mut owed: Vec<usize> = Vec::new();
    while let Some(c) = rest.chars().next() {
        // Words are rewritten only where a word starts.
        let boundary = !out
            .chars()
            .last()
            .is_some_and(|p| p.is_ascii_alphanumeric() || p == '_' || p == '.');
        if c == '\'' {
            let end = quoted_len(rest);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        if c == '?' {
            let (n, len) = placeholder(rest, &mut next);
            out.push_str(&format!("${n}"));
            used.insert(n);
            rest = &rest[len..];
            continue;
        }
        if let (true, Some(after)) = (boundary, strip_word(rest, "json_each(")) {
            // json_each(?N) -> unnest(CAST($N AS BIGINT[])) WITH ORDINALITY
            // AS json_each(value, key): the elements, and their order.
            let close = after.find(')').expect("json_each( is closed");
            let (param, inner) = translate(&after[..close], array_type);
            let ty = inner.iter().next().map_or("BIGINT[]", |&n| array_type(n));
            used.extend(inner);
            out.push_str(&format!(
                "unnest(CAST({param} AS {ty})) WITH ORDINALITY AS json_each(value, key)"
            ));
            rest = &after[close + 1..];
            continue;
        }
        if let (true, Some(after)) = (boundary, strip_word(rest, "json_group_array(")) {
            out.push_str("coalesce(json_agg(");
            depth += 1;
            owed.push(depth);
            rest = after;
            continue;
        }
        if let (true, Some(after)) = (boundary, strip_word(rest, "instr(")) {
            out.push_str("strpos(");
            depth += 1;
            rest = after;
            continue;
        }
        if boundary && rest.starts_with("IS NOT ?") {
            // The placeholder itself is numbered on the next turn.
            out.push_str("IS DISTINCT FROM ");
            rest = &rest["IS NOT ".len()..];
            continue;
        }
        if let (true, Some(after)) = (boundary, strip_word(rest, "rowid")) {
            out.push_str("ctid");
            rest = after;
            continue;
        }
        match c {
            '(' => depth += 1,
            ')' => {
                if owed.last() == Some(&depth) {
                    owed.pop();
                    out.push_str("), '[]'::json");
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    (out, used)
}

// --- errors ---------------------------------------------------------------------

/// Why connecting failed, by the step that failed.
enum Failed {
    /// No connection: refused, no route, no such socket, name not found.
    Socket(std::io::Error),
    /// After the server took the connection; with the first bytes it sent.
    Session(tokio_postgres::Error, Vec<u8>),
}

/// A failure to connect, in one line: which (unreachable, not PostgreSQL,
/// login refused, TLS, no such database), where and as whom.
fn connect_error(failed: Failed, target: &PgTarget) -> Error {
    let server = target.server();
    let user = &target.user;
    let (err, first) = match failed {
        Failed::Socket(io) => {
            return Error::failure(format!(
                "cannot reach the PostgreSQL server at {server} (as {user}): {io}"
            ));
        }
        Failed::Session(err, first) => (err, first),
    };
    if let Some(db) = err.as_db_error() {
        return match db.code().code() {
            "3D000" => Error::not_found(format!(
                "database {} does not exist on {server}",
                target.dbname
            )),
            "28P01" | "28000" => Error::failure(format!(
                "the PostgreSQL server at {server} refused the login of {user} to {}: {}",
                target.dbname,
                db.message()
            )),
            _ => Error::failure(format!(
                "connecting to {target} as {user}: {}",
                db.message()
            )),
        };
    }
    if !speaks_postgres(&first, asks_tls(target)) {
        return foreign(&first, target);
    }
    let io = chain(&err).find_map(|e| e.downcast_ref::<std::io::Error>());
    if first.is_empty() && (err.is_closed() || io.is_some_and(ended)) {
        return Error::failure(format!(
            "something other than PostgreSQL answers on {server}: it took the connection and \
             closed it without a word"
        ));
    }
    if first.first() == Some(&b'N') && !matches!(target.sslmode, SslMode::Disable | SslMode::Prefer)
    {
        return Error::failure(format!(
            "the server does not support TLS: the PostgreSQL server at {server} (as {user}) \
             answers without it, and sslmode={} asks for it",
            target.sslmode
        ));
    }
    if chain(&err).any(|e| e.to_string() == "password missing") {
        return Error::failure(format!(
            "the PostgreSQL server at {server} refused the login of {user} to {}: it asks \
             for a password and none was given (in the URL, PGPASSWORD or ~/.pgpass)",
            target.dbname
        ));
    }
    let tls = chain(&err).find_map(|e| {
        e.downcast_ref::<rustls::Error>().or_else(|| {
            e.downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref()?.downcast_ref::<rustls::Error>())
        })
    });
    if let Some(tls) = tls {
        return Error::failure(format!(
            "the TLS handshake with the PostgreSQL server at {server} (as {user}) failed: {}",
            tls_words(tls, &target.host, root_cert_file(target).as_deref())
        ));
    }
    // The innermost cause says most ("early eof", not "error connecting").
    let said = chain(&err)
        .last()
        .map(ToString::to_string)
        .unwrap_or_default();
    if first.first() == Some(&b'S') {
        return Error::failure(format!(
            "the TLS handshake with the PostgreSQL server at {server} (as {user}) failed: {said}"
        ));
    }
    Error::failure(format!(
        "connecting to the PostgreSQL server at {server} (as {user}) failed: {said}"
    ))
}

/// Whether bb opens with PostgreSQL's request for TLS (`SSLRequest`).
fn asks_tls(target: &PgTarget) -> bool {
    !target.is_socket() && target.sslmode != SslMode::Disable
}

/// Another service on the port, named by the first bytes it sent.
fn foreign(first: &[u8], target: &PgTarget) -> Error {
    Error::failure(format!(
        "something other than PostgreSQL answers on {}: its answer begins \"{}\"",
        target.server(),
        first.escape_ascii()
    ))
}

/// `err` and its causes, outermost first.
fn chain<'e>(
    err: &'e (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'e (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(err), |&e| e.source())
}

/// The other side ended the connection.
fn ended(io: &std::io::Error) -> bool {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionReset, UnexpectedEof};
    matches!(
        io.kind(),
        UnexpectedEof | ConnectionReset | ConnectionAborted
    )
}

/// Whether `first`, the first bytes a server sent, begin as PostgreSQL's
/// do. Asked for TLS, it answers `S` and then a TLS record (a handshake or
/// an alert), or `N` (or, very old, `E`) and then what follows a startup
/// message: an authentication request `R`, an error `E`, or `v`
/// (NegotiateProtocolVersion). Nothing at all is no evidence either way.
fn speaks_postgres(first: &[u8], asked_tls: bool) -> bool {
    let startup = |b: &u8| matches!(b, b'R' | b'E' | b'v');
    if !asked_tls {
        return first.first().is_none_or(startup);
    }
    match first {
        [] | [b'S' | b'N' | b'E'] | [b'E', ..] => true,
        [b'S', record, ..] => matches!(record, 0x15 | 0x16),
        [b'N', next, ..] => startup(next),
        _ => false,
    }
}

/// A failure while working: serialization failures and deadlocks are
/// retried; a lock not granted in time is busy (exit 5); a unique index
/// refusing a row is retried, then a conflict (exit 3); a value
/// out of range is a usage error; a lost connection says so.
fn query_error(err: &tokio_postgres::Error, target: &PgTarget) -> Error {
    if let Some(db) = err.as_db_error() {
        let message = db.message();
        return match db.code().code() {
            "40001" | "40P01" => Error::retry(message),
            "55P03" | "57014" => Error::busy(),
            // Run again by [`Postgres::transaction`], which sees the row
            // that was committed meanwhile; the message is for one that
            // persists.
            "23505" => {
                let mut err = Error::conflict(format!(
                    "PostgreSQL refused a row that another already has ({message}); \
                     nothing was written"
                ));
                err.retry = true;
                err
            }
            "57P01" | "57P02" | "57P03" => Error::failure(format!(
                "the server ended the connection to {target} ({message}); nothing was committed"
            )),
            "22003" => Error::usage(format!(
                "a value does not fit Buildbot's columns on PostgreSQL: {message}"
            )),
            _ => Error::failure(format!("PostgreSQL ({target}): {message}")),
        };
    }
    if err.is_closed() {
        return Error::failure(format!(
            "the connection to {target} was closed (the server ended it); nothing was committed"
        ));
    }
    Error::failure(format!("PostgreSQL ({target}): {err}"))
}

// --- TLS ------------------------------------------------------------------------

/// The TLS client for `sslmode`, as libpq: `prefer` and `require` encrypt
/// without checking the certificate (unless a root certificate is given,
/// when they check it as `verify-ca` does); `verify-ca` checks the chain
/// against the CA; `verify-full` also the host name.
fn tls_config(target: &PgTarget) -> Result<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let root_file = root_cert_file(target);
    let verifier: Arc<dyn ServerCertVerifier> = match (target.sslmode, &root_file) {
        (SslMode::Disable | SslMode::Prefer | SslMode::Require, None) => {
            Arc::new(NoVerification(provider.clone()))
        }
        (SslMode::VerifyCa | SslMode::VerifyFull, None) => {
            return Err(Error::failure(format!(
                "sslmode={} needs the server's CA certificate: give sslrootcert=PATH in the \
                 URL (or PGSSLROOTCERT, or ~/.postgresql/root.crt)",
                if target.sslmode == SslMode::VerifyCa {
                    "verify-ca"
                } else {
                    "verify-full"
                }
            )));
        }
        (mode, Some(file)) => {
            let mut roots = rustls::RootCertStore::empty();
            let certs = CertificateDer::pem_file_iter(file)
                .and_then(|certs| certs.collect::<std::result::Result<Vec<_>, _>>())
                .map_err(|err| {
                    Error::failure(format!(
                        "cannot read the CA certificates in {}: {err}",
                        file.display()
                    ))
                })?;
            for cert in certs {
                roots.add(cert).map_err(|err| {
                    Error::failure(format!(
                        "{}: not a usable CA certificate: {err}",
                        file.display()
                    ))
                })?;
            }
            let webpki =
                WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                    .build()
                    .map_err(|err| Error::failure(format!("{}: {err}", file.display())))?;
            if mode == SslMode::VerifyFull {
                webpki
            } else {
                Arc::new(ChainOnly(webpki))
            }
        }
    };
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|err| Error::failure(format!("TLS: {err}")))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth())
}

/// The CA certificates to check the server's against: `sslrootcert`, else
/// `~/.postgresql/root.crt` if there is one (as libpq).
fn root_cert_file(target: &PgTarget) -> Option<PathBuf> {
    target.sslrootcert.clone().or_else(|| {
        let default = PathBuf::from(std::env::var_os("HOME")?).join(".postgresql/root.crt");
        default.is_file().then_some(default)
    })
}

/// `sslmode=require` without a CA: encryption, no check of who answers
/// (libpq's behaviour). Handshake signatures are still verified.
#[derive(Debug)]
struct NoVerification(Arc<CryptoProvider>);

impl ServerCertVerifier for NoVerification {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// `sslmode=verify-ca`: the chain must lead to the CA; the name on the
/// certificate is not checked.
#[derive(Debug)]
struct ChainOnly(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        use rustls::CertificateError::{NotValidForName, NotValidForNameContext};
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(rustls::Error::InvalidCertificate(
                NotValidForName | NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

impl Error {
    /// A serialization failure or deadlock: the transaction is run again.
    fn retry(message: &str) -> Error {
        let mut err = Error::new(Kind::Busy, format!("PostgreSQL: {message}"));
        err.retry = true;
        err
    }
}

#[cfg(test)]
mod tests {
    use super::translate;

    fn sql(text: &str) -> String {
        translate(text, |_| "BIGINT[]").0
    }

    #[test]
    fn sqlite_spellings_become_postgresql() {
        assert_eq!(
            sql("SELECT a FROM t WHERE b = ?2 AND c = ?1 AND d = 'x?y'"),
            "SELECT a FROM t WHERE b = $2 AND c = $1 AND d = 'x?y'"
        );
        assert_eq!(
            sql("a = ? AND b IS NOT ?"),
            "a = $1 AND b IS DISTINCT FROM $2"
        );
        let (_, used) = translate(
            "x IN (SELECT value FROM json_each(?4)) AND y = ?2",
            |_| "BIGINT[]",
        );
        assert_eq!(used.into_iter().collect::<Vec<_>>(), [2, 4]);
        assert_eq!(
            sql("id IN (SELECT value FROM json_each(?3))"),
            "id IN (SELECT value FROM unnest(CAST($3 AS BIGINT[])) WITH ORDINALITY AS json_each(value, key))"
        );
        assert_eq!(
            sql("(SELECT json_group_array(name) FROM (SELECT n FROM t ORDER BY n))"),
            "(SELECT coalesce(json_agg(name), '[]'::json) FROM (SELECT n FROM t ORDER BY n))"
        );
        assert_eq!(
            sql("instr(name, ?) > 0 ORDER BY rowid"),
            "strpos(name, $1) > 0 ORDER BY ctid"
        );
        assert_eq!(sql("SELECT rowids, myrowid"), "SELECT rowids, myrowid");
    }
}
