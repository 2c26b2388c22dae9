//! PostgreSQL, where installations with several masters keep Buildbot's
//! schema. This file is all that differs from SQLite: connecting (TLS as
//! libpq's `sslmode`), the few SQLite spellings of the connectors' SQL
//! (`?N`, `json_each`, `json_group_array`, `instr`, `IS NOT ?`, `rowid`),
//! binding to Buildbot's 32-bit and 16-bit columns, and the transactions:
//! serializable, retried on serialization failures and deadlocks within
//! `--busy-timeout`, never waiting for a lock longer than that.

use std::cell::RefCell;
use std::collections::HashMap;
use std::error::Error as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use postgres::{Client, Statement};
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

use super::{Driver, EngineKind, Row, Tx, Value};
use crate::db::location::{PgTarget, SslMode};
use crate::error::{Error, Kind, Result};

/// An open connection to a PostgreSQL database.
pub struct Postgres {
    client: Client,
    /// Statements prepared on this connection, by their SQLite text.
    statements: HashMap<String, Statement>,
    busy_timeout: Duration,
    target: PgTarget,
}

impl Postgres {
    /// Connect, saying which of unreachable, refused login, failed TLS or
    /// missing database it was, where and as whom; never the password.
    pub fn connect(target: &PgTarget, busy_timeout: Duration) -> Result<Postgres> {
        let mut config = postgres::Config::new();
        config
            .user(&target.user)
            .dbname(&target.dbname)
            .port(target.port)
            .application_name(target.application_name.as_deref().unwrap_or("bb"))
            .connect_timeout(Duration::from_secs(target.connect_timeout.unwrap_or(10)));
        if let Some(password) = target.password() {
            config.password(password);
        }
        if target.is_socket() {
            // libpq ignores sslmode on unix sockets: there is no TLS there.
            config
                .host_path(&target.host)
                .ssl_mode(postgres::config::SslMode::Disable);
        } else {
            config.host(&target.host).ssl_mode(match target.sslmode {
                SslMode::Disable => postgres::config::SslMode::Disable,
                SslMode::Prefer => postgres::config::SslMode::Prefer,
                _ => postgres::config::SslMode::Require,
            });
        }
        let tls = tokio_postgres_rustls::MakeRustlsConnect::new(tls_config(target)?);
        let client = config
            .connect(tls)
            .map_err(|err| connect_error(&err, target))?;
        Ok(Postgres {
            client,
            statements: HashMap::new(),
            busy_timeout,
            target: target.clone(),
        })
    }

    /// Run `f` in one transaction, as if bb's commands ran one at a time:
    /// serializable, so that two commands that would each have decided
    /// differently had they seen the other's writes cannot both commit; a
    /// serialization failure or deadlock runs `f` again, until
    /// `--busy-timeout` has passed (then exit 5). No lock is waited for
    /// longer than what is left of it.
    pub fn transaction<T>(
        &mut self,
        write: bool,
        mut f: impl FnMut(&Tx) -> Result<T>,
    ) -> Result<T> {
        let deadline = Instant::now() + self.busy_timeout;
        let mut pause = Duration::from_millis(5);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.attempt(write, left, &mut f) {
                Err(err) if err.retry && Instant::now() < deadline => {
                    std::thread::sleep(pause.min(deadline - Instant::now()));
                    pause = (pause * 2).min(Duration::from_millis(200));
                }
                Err(err) if err.retry => return Err(Error::busy()),
                done => return done,
            }
        }
    }

    fn attempt<T>(
        &mut self,
        write: bool,
        left: Duration,
        f: &mut impl FnMut(&Tx) -> Result<T>,
    ) -> Result<T> {
        let target = &self.target;
        // Whole milliseconds, at least one (0 would mean "wait forever").
        let millis = left.as_millis().clamp(1, i32::MAX as u128);
        // One message for both: a round trip saved on every command.
        let begin = format!(
            "START TRANSACTION ISOLATION LEVEL SERIALIZABLE, {}; SET LOCAL lock_timeout = {millis}",
            if write { "READ WRITE" } else { "READ ONLY" }
        );
        self.client
            .batch_execute(&begin)
            .map_err(|err| query_error(&err, target))?;
        let statements = RefCell::new(std::mem::take(&mut self.statements));
        let value = {
            let driver = PgTx {
                client: RefCell::new(&mut self.client),
                statements: &statements,
                target,
            };
            f(&Tx::new(&driver))
        };
        self.statements = statements.into_inner();
        match value {
            Ok(value) => {
                self.client
                    .batch_execute("COMMIT")
                    .map_err(|err| query_error(&err, target))?;
                Ok(value)
            }
            Err(err) => {
                // Nothing of it stays, whatever happened (on a lost
                // connection there is nothing to roll back).
                let _ = self.client.batch_execute("ROLLBACK");
                Err(err)
            }
        }
    }

    /// Whether the database has a table of that name in its schema.
    pub fn has_table(&mut self, name: &str) -> Result<bool> {
        let row = self
            .client
            .query_one(
                "SELECT count(*) FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_name = $1",
                &[&name],
            )
            .map_err(|err| query_error(&err, &self.target))?;
        Ok(row.get::<_, i64>(0) > 0)
    }

    /// How many tables the database has, in any schema but the system's.
    pub fn table_count(&mut self) -> Result<i64> {
        let row = self
            .client
            .query_one(
                "SELECT count(*) FROM information_schema.tables \
                 WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
                &[],
            )
            .map_err(|err| query_error(&err, &self.target))?;
        Ok(row.get(0))
    }

    /// The server's version, as `SHOW server_version` gives it.
    pub fn server_version(&mut self) -> Result<String> {
        let row = self
            .client
            .query_one("SHOW server_version", &[])
            .map_err(|err| query_error(&err, &self.target))?;
        Ok(row.get(0))
    }

    /// Run a script of statements in one transaction (`bb db init`).
    pub fn run_script(&mut self, script: &str) -> Result<()> {
        let target = &self.target;
        let mut tx = self
            .client
            .transaction()
            .map_err(|err| query_error(&err, target))?;
        tx.batch_execute(script)
            .map_err(|err| query_error(&err, target))?;
        tx.commit().map_err(|err| query_error(&err, target))
    }
}

/// The driver over the connection, in a transaction that
/// [`Postgres::transaction`] began.
struct PgTx<'a, 'c> {
    client: RefCell<&'c mut Client>,
    statements: &'a RefCell<HashMap<String, Statement>>,
    target: &'a PgTarget,
}

impl PgTx<'_, '_> {
    /// The statement for `sql` with `params`, prepared once per
    /// connection. PostgreSQL infers the type of each parameter the
    /// statement uses from where it is used; one it does not use (a shared
    /// parameter list) is given its value's type, since PostgreSQL cannot
    /// infer it.
    fn statement(&self, sql: &str, params: &[Value]) -> Result<Statement> {
        let (text, used) = translate(sql, |n| match params.get(n - 1) {
            Some(Value::Texts(_)) => "TEXT[]",
            _ => "BIGINT[]",
        });
        let types: Vec<Type> = params
            .iter()
            .enumerate()
            .map(|(i, value)| match value {
                _ if used.contains(&(i + 1)) => Type::UNKNOWN,
                Value::Int(_) => Type::INT8,
                Value::Real(_) => Type::FLOAT8,
                Value::Ids(_) => Type::INT8_ARRAY,
                Value::Texts(_) => Type::TEXT_ARRAY,
                Value::Null | Value::Text(_) => Type::TEXT,
            })
            .collect();
        let key = format!("{sql}\u{0}{types:?}");
        if let Some(statement) = self.statements.borrow().get(&key) {
            return Ok(statement.clone());
        }
        let statement = self
            .client
            .borrow_mut()
            .prepare_typed(&text, &types)
            .map_err(|err| query_error(&err, self.target))?;
        self.statements.borrow_mut().insert(key, statement.clone());
        Ok(statement)
    }

    /// The statement and its parameters, checked against the types
    /// PostgreSQL gave them.
    fn bind<'p>(
        &self,
        sql: &str,
        params: &'p [Value],
    ) -> Result<(Statement, Vec<&'p (dyn ToSql + Sync)>)> {
        let statement = self.statement(sql, params)?;
        for (value, ty) in params.iter().zip(statement.params()) {
            check_fits(value, ty)?;
        }
        let bound = params.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        Ok((statement, bound))
    }
}

impl Driver for PgTx<'_, '_> {
    fn engine(&self) -> EngineKind {
        EngineKind::Postgresql
    }

    fn execute(&self, sql: &str, params: &[Value]) -> Result<u64> {
        let (statement, bound) = self.bind(sql, params)?;
        self.client
            .borrow_mut()
            .execute(&statement, &bound)
            .map_err(|err| query_error(&err, self.target))
    }

    fn query(
        &self,
        sql: &str,
        params: &[Value],
        each: &mut dyn FnMut(&Row) -> Result<bool>,
    ) -> Result<()> {
        let (statement, bound) = self.bind(sql, params)?;
        let rows = self
            .client
            .borrow_mut()
            .query(&statement, &bound)
            .map_err(|err| query_error(&err, self.target))?;
        for row in &rows {
            if !each(&read_row(row)?)? {
                break;
            }
        }
        Ok(())
    }
}

/// An integer too large for the 32- or 16-bit column it is compared with or
/// stored in: no row has such an id (exit 4), and no time that far out can
/// be stored.
fn check_fits(value: &Value, ty: &Type) -> Result<()> {
    let Value::Int(v) = value else {
        return Ok(());
    };
    let fits = match *ty {
        Type::INT2 => i16::try_from(*v).is_ok(),
        Type::INT4 => i32::try_from(*v).is_ok(),
        _ => true,
    };
    if fits {
        Ok(())
    } else {
        Err(Error::not_found(format!(
            "{v} is out of range for Buildbot's {ty} columns on PostgreSQL: no row has it"
        ))
        .with_ids([*v]))
    }
}

fn read_row(row: &postgres::Row) -> Result<Row> {
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
        out: &mut postgres::types::private::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
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
            let end = rest[1..].find('\'').map_or(rest.len(), |i| i + 2);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        if c == '?' {
            let digits = rest[1..].len()
                - rest[1..]
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .len();
            let n = if digits == 0 {
                next += 1;
                next
            } else {
                rest[1..=digits].parse().expect("digits")
            };
            out.push_str(&format!("${n}"));
            used.insert(n);
            rest = &rest[1 + digits..];
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

/// `rest` after `word` if it starts with it, as a whole word.
fn strip_word<'a>(rest: &'a str, word: &str) -> Option<&'a str> {
    let after = rest.strip_prefix(word)?;
    let ends_word = word.ends_with('(')
        || !after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    ends_word.then_some(after)
}

// --- errors ---------------------------------------------------------------------

/// A failure to connect, in one line: which (unreachable, login refused,
/// TLS, no such database), where and as whom.
fn connect_error(err: &postgres::Error, target: &PgTarget) -> Error {
    let server = target.server();
    let user = &target.user;
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
    let mut cause = err.source();
    while let Some(inner) = cause {
        if inner.to_string() == "password missing" {
            return Error::failure(format!(
                "the PostgreSQL server at {server} refused the login of {user} to {}: it asks \
                 for a password and none was given (in the URL, PGPASSWORD or ~/.pgpass)",
                target.dbname
            ));
        }
        if let Some(tls) = inner.downcast_ref::<rustls::Error>() {
            return Error::failure(format!(
                "the TLS handshake with the PostgreSQL server at {server} (as {user}) failed: {tls}"
            ));
        }
        if let Some(io) = inner.downcast_ref::<std::io::Error>() {
            if let Some(tls) = io.get_ref().and_then(|e| e.downcast_ref::<rustls::Error>()) {
                return Error::failure(format!(
                    "the TLS handshake with the PostgreSQL server at {server} (as {user}) failed: {tls}"
                ));
            }
            return Error::failure(format!(
                "cannot reach the PostgreSQL server at {server} (as {user}): {io}"
            ));
        }
        cause = inner.source();
    }
    let text = err.to_string();
    if text.contains("TLS") || text.contains("tls") || text.contains("SSL") {
        return Error::failure(format!(
            "the TLS handshake with the PostgreSQL server at {server} (as {user}) failed: {text}"
        ));
    }
    Error::failure(format!(
        "cannot reach the PostgreSQL server at {server} (as {user}): {text}"
    ))
}

/// A failure while working: serialization failures and deadlocks are
/// retried; a lock not granted in time is busy (exit 5); a unique index
/// refusing a row is a conflict (another master got there first); a value
/// out of range is a usage error; a lost connection says so.
fn query_error(err: &postgres::Error, target: &PgTarget) -> Error {
    if let Some(db) = err.as_db_error() {
        let message = db.message();
        return match db.code().code() {
            "40001" | "40P01" => Error::retry(message),
            "55P03" | "57014" => Error::busy(),
            "23505" => Error::conflict(format!(
                "another process wrote the same row at the same moment ({message}); \
                 nothing was written, run the command again to see where things stand"
            )),
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
    let root_file = target.sslrootcert.clone().or_else(|| {
        let default = std::env::var_os("HOME")
            .map(|home| std::path::PathBuf::from(home).join(".postgresql/root.crt"))?;
        default.is_file().then_some(default)
    });
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
