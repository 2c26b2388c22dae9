//! MySQL and MariaDB, Buildbot's third database. This file is all that
//! differs from SQLite: connecting (TLS as the mysql client's `ssl_mode`,
//! the whole of it bounded by `connect_timeout`), the connectors' SQLite
//! spellings in MySQL's ([`translate`]), text compared byte for byte where
//! Buildbot's tables would compare it case-insensitively, the 3-byte `utf8`
//! of Buildbot's tables, and the transactions: on InnoDB serializable and
//! retried on deadlocks and lock-wait timeouts within `--busy-timeout`; on
//! MyISAM, which has no transactions, every Buildbot table locked for the
//! whole of a write (`LOCK TABLES`).

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use mysql::consts::ColumnType;
use mysql::prelude::Queryable;
use mysql::{Conn, OptsBuilder, SslOpts};

use super::{Driver, EngineKind, Row, Tx, Value, placeholder, quoted_len, strip_word, tls_words};
use crate::db::location::{MyServer, MySslMode, MyTarget};
use crate::error::{Error, Kind, Result};

/// An open connection to a MySQL or MariaDB database.
pub struct Mysql {
    conn: RefCell<Conn>,
    busy_timeout: Duration,
    target: MyTarget,
    /// MariaDB has `INSERT ... RETURNING` and `DELETE ... RETURNING`;
    /// MySQL has neither, and they are emulated.
    mariadb: bool,
    /// Buildbot's tables whose storage engine has no transactions
    /// (MyISAM, Aria), by name; empty on an all-InnoDB database.
    untransacted: Vec<(String, String)>,
    /// Every table of the database: what a write on MyISAM locks.
    tables: Vec<String>,
    /// The tables keyed by an `id` column.
    with_id: Vec<String>,
    /// On MyISAM, each table a write has inserted into, and its greatest
    /// id before: what a failed write deletes again, as a rollback would.
    inserted: RefCell<Vec<(String, i64)>>,
}

impl Mysql {
    /// Connect within `connect_timeout`, saying which of unreachable,
    /// silent, refused login, failed TLS or missing database it was, where
    /// and as whom; never the password.
    pub fn connect(target: &MyTarget, busy_timeout: Duration) -> Result<Mysql> {
        let mut conn = connect_bounded(target)?;
        let version: String = conn
            .query_first("SELECT VERSION()")
            .map_err(|err| query_error(&err, target))?
            .unwrap_or_default();
        // Strict, so that nothing is stored cut short or mangled; the
        // connection's character set is utf8mb4 (the driver's), so that a
        // 4-byte character reaches bb's own check rather than becoming '?'.
        conn.query_drop("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'")
            .map_err(|err| query_error(&err, target))?;
        let mut db = Mysql {
            conn: RefCell::new(conn),
            busy_timeout,
            target: target.clone(),
            mariadb: version.contains("MariaDB"),
            untransacted: Vec::new(),
            tables: Vec::new(),
            with_id: Vec::new(),
            inserted: RefCell::new(Vec::new()),
        };
        db.read_tables()?;
        Ok(db)
    }

    /// The database's tables and their storage engines.
    fn read_tables(&mut self) -> Result<()> {
        let rows: Vec<(String, Option<String>)> = self
            .conn
            .get_mut()
            .query(
                "SELECT TABLE_NAME, ENGINE FROM information_schema.TABLES \
                 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' \
                 ORDER BY TABLE_NAME",
            )
            .map_err(|err| query_error(&err, &self.target))?;
        self.tables = rows.iter().map(|(name, _)| name.clone()).collect();
        self.with_id = self
            .conn
            .get_mut()
            .query(
                "SELECT TABLE_NAME FROM information_schema.COLUMNS \
                 WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME = 'id'",
            )
            .map_err(|err| query_error(&err, &self.target))?;
        self.untransacted = rows
            .into_iter()
            .filter_map(|(name, engine)| {
                let engine = engine?;
                (!engine.eq_ignore_ascii_case("InnoDB")).then_some((name, engine))
            })
            .collect();
        Ok(())
    }

    /// The tables without transactions, with their storage engine.
    pub fn untransacted_tables(&self) -> &[(String, String)] {
        &self.untransacted
    }

    /// Every table of the database, and its storage engine.
    pub fn table_engines(&mut self) -> Result<Vec<(String, String)>> {
        self.conn
            .get_mut()
            .query(
                "SELECT TABLE_NAME, COALESCE(ENGINE, '') FROM information_schema.TABLES \
                 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' \
                 ORDER BY TABLE_NAME",
            )
            .map_err(|err| query_error(&err, &self.target))
    }

    /// Change one table's storage engine (`bb db convert`).
    pub fn convert_table(&mut self, table: &str, engine: &str) -> Result<()> {
        // Names from information_schema, quoted as identifiers.
        let sql = format!("ALTER TABLE `{}` ENGINE={engine}", table.replace('`', "``"));
        self.conn
            .get_mut()
            .query_drop(sql)
            .map_err(|err| query_error(&err, &self.target))?;
        self.read_tables()
    }

    /// `OPTIMIZE TABLE` of `tables` (quoted), one at a time (`bb db
    /// vacuum`), waiting at most the busy timeout for each table's lock.
    /// MySQL reports a table it could not optimize as a row, not an error:
    /// such a row is the error.
    pub fn optimize(&mut self, tables: &[String]) -> Result<()> {
        let seconds = self.busy_timeout.as_secs().max(1);
        let conn = self.conn.get_mut();
        conn.query_drop(format!("SET SESSION lock_wait_timeout = {seconds}"))
            .map_err(|err| query_error(&err, &self.target))?;
        for table in tables {
            let said: Vec<(String, String, String, String)> = conn
                .query(format!("OPTIMIZE TABLE {table}"))
                .map_err(|err| query_error(&err, &self.target))?;
            if let Some((_, _, _, text)) = said.iter().find(|(_, _, kind, _)| kind == "error") {
                return Err(Error::failure(format!(
                    "OPTIMIZE TABLE {table} on {}: {text}",
                    self.target
                )));
            }
        }
        Ok(())
    }

    /// The server's version, as `SELECT VERSION()` gives it.
    pub fn server_version(&mut self) -> Result<String> {
        let version: Option<String> = self
            .conn
            .get_mut()
            .query_first("SELECT VERSION()")
            .map_err(|err| query_error(&err, &self.target))?;
        Ok(version.unwrap_or_default())
    }

    pub fn has_table(&mut self, name: &str) -> Result<bool> {
        Ok(self.tables.iter().any(|t| t == name))
    }

    pub fn table_count(&mut self) -> Result<i64> {
        Ok(self.tables.len() as i64)
    }

    /// Run a script of statements (`bb db init`): one `;` ending a line
    /// ends a statement; `--` lines are comments. MySQL commits each
    /// CREATE TABLE as it goes, so a failure drops what was created.
    pub fn run_script(&mut self, script: &str) -> Result<()> {
        let mut statement = String::new();
        let mut created = Vec::new();
        let conn = self.conn.get_mut();
        let mut result = Ok(());
        for line in script.lines() {
            if line.trim_start().starts_with("--") || line.trim().is_empty() {
                continue;
            }
            statement.push_str(line);
            statement.push('\n');
            if line.trim_end().ends_with(';') {
                if let Some(name) = created_table(&statement) {
                    created.push(name);
                }
                if let Err(err) = conn.query_drop(&statement) {
                    result = Err(query_error(&err, &self.target));
                    break;
                }
                statement.clear();
            }
        }
        if result.is_err() {
            for table in created.iter().rev() {
                let _ = conn.query_drop(format!("DROP TABLE IF EXISTS `{table}`"));
            }
        }
        result?;
        self.read_tables()
    }

    /// Run `f` as one command, as if bb's commands ran one at a time.
    ///
    /// On InnoDB: a write is serializable (every read in it a locking
    /// read), a read a consistent snapshot that takes no lock. A deadlock
    /// or a lock-wait timeout runs `f` again until `--busy-timeout` has
    /// passed (then exit 5); no lock is waited for longer than what is
    /// left of it, rounded up to whole seconds as MySQL counts them. A
    /// unique index refusing a row runs `f` again a few times too: the row
    /// is a claim another session committed meanwhile, which `f` then sees
    /// and reports as a conflict.
    ///
    /// On MyISAM (any Buildbot table without transactions): a write locks
    /// every table of the database, under each alias the connectors use,
    /// before it reads anything ([`lock_tables`]); a read takes no lock and
    /// waits at most `--busy-timeout` for another session's write lock.
    pub fn transaction<T>(
        &mut self,
        write: bool,
        mut f: impl FnMut(&Tx) -> Result<T>,
    ) -> Result<T> {
        // MyISAM's writes cannot be undone: they are never run again.
        let retries = self.untransacted.is_empty();
        super::retrying(self.busy_timeout, retries, |left| {
            self.attempt(write, left, &mut f)
        })
    }

    fn attempt<T>(
        &mut self,
        write: bool,
        left: Duration,
        f: &mut impl FnMut(&Tx) -> Result<T>,
    ) -> Result<T> {
        self.inserted.get_mut().clear();
        // Whole seconds, at least one: MySQL's lock timeouts count seconds.
        let seconds = left.as_secs() + u64::from(left.subsec_nanos() > 0);
        let seconds = seconds.max(1);
        let locking = !self.untransacted.is_empty();
        let mut begin = vec![format!(
            "SET SESSION innodb_lock_wait_timeout = {seconds}, lock_wait_timeout = {seconds}"
        )];
        match (locking, write) {
            (false, true) => {
                begin.push("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE".into());
                begin.push("START TRANSACTION".into());
            }
            (false, false) => {
                begin.push("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ".into());
                begin.push("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY".into());
            }
            (true, true) => {
                // Transactional tables beside MyISAM ones (a conversion
                // half done) still roll back: autocommit off under the lock.
                begin.push("SET autocommit = 0".into());
                begin.push(lock_tables(&self.tables));
            }
            (true, false) => {}
        }
        for sql in &begin {
            if let Err(err) = self.conn.get_mut().query_drop(sql) {
                let err = query_error(&err, &self.target);
                self.end(locking, write, false);
                return Err(err);
            }
        }
        let value = {
            let driver = MyTx { my: self };
            f(&Tx::new(&driver))
        };
        match value {
            Ok(value) => {
                if self.end(locking, write, true) {
                    Ok(value)
                } else {
                    Err(Error::failure(format!(
                        "the commit on {} failed; nothing was written",
                        self.target
                    )))
                }
            }
            Err(err) => {
                if locking && write {
                    self.undo_inserts();
                }
                self.end(locking, write, false);
                Err(err)
            }
        }
    }

    /// On MyISAM, where nothing rolls back: delete the rows a failed write
    /// inserted (found or created masters, builders, sourcestamps, ...),
    /// newest table first. Every table is still locked, so those rows are
    /// the write's own. Updates and deletes are not undone: the connectors
    /// make them last, once every check has passed.
    fn undo_inserts(&self) {
        let inserted = std::mem::take(&mut *self.inserted.borrow_mut());
        let mut conn = self.conn.borrow_mut();
        for (table, before) in inserted.iter().rev() {
            let _ = conn.exec_drop(format!("DELETE FROM `{table}` WHERE id > ?"), (*before,));
        }
    }

    /// End the command's transaction (and its table locks); whether the
    /// commit went through.
    fn end(&mut self, locking: bool, write: bool, commit: bool) -> bool {
        let conn = self.conn.get_mut();
        let mut ok = true;
        if !locking || write {
            ok = conn
                .query_drop(if commit { "COMMIT" } else { "ROLLBACK" })
                .is_ok();
        }
        if locking && write {
            let _ = conn.query_drop("UNLOCK TABLES");
            let _ = conn.query_drop("SET autocommit = 1");
        }
        ok
    }
}

/// `LOCK TABLES` for a write on MyISAM: every table of the database, and
/// each again under every alias the connectors give it (MySQL needs a lock
/// per alias). Locking them all, rather than those a command touches, keeps
/// one rule for every command, and costs a Buildbot master beside it no
/// more than the few milliseconds the command lasts.
fn lock_tables(tables: &[String]) -> String {
    let mut locks = Vec::new();
    for table in tables {
        locks.push(format!("`{table}` WRITE"));
        for (aliased, alias) in ALIASES {
            if aliased == table {
                locks.push(format!("`{table}` AS {alias} WRITE"));
            }
        }
    }
    format!("LOCK TABLES {}", locks.join(", "))
}

/// The aliases the connectors give tables (`FROM buildrequests AS br`):
/// each must be locked on its own on MyISAM. A test reads the connectors'
/// source and fails on one missing here.
const ALIASES: &[(&str, &str)] = &[
    ("buildrequests", "br"),
    ("buildrequest_claims", "c"),
    ("buildsets", "bs"),
    ("buildset_sourcestamps", "bss"),
    ("sourcestamps", "ss"),
    ("builders", "b"),
    ("masters", "m"),
    ("changesources", "cs"),
    ("changesource_masters", "csm"),
    ("changes", "ch"),
    ("builder_masters", "bm"),
    ("patches", "p"),
];

/// The name of the table a `CREATE TABLE` statement creates.
fn created_table(statement: &str) -> Option<String> {
    let rest = statement.trim_start().strip_prefix("CREATE TABLE ")?;
    let name = rest.split_whitespace().next()?;
    Some(name.trim_matches('`').to_string())
}

/// Connect, the whole of it (TCP, TLS, the greeting, the login) within
/// `connect_timeout`: the driver bounds the TCP connect alone and would
/// wait for ever on a port that accepts and says nothing, so it runs on a
/// thread of its own that bb stops waiting for.
fn connect_bounded(target: &MyTarget) -> Result<Conn> {
    let bound = target.connect_timeout();
    let run = |tls: bool| -> Result<Conn> {
        let opts = options(target, tls)?;
        let deadline = Instant::now() + bound;
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = send.send(Conn::new(opts));
        });
        match receive.recv_timeout(bound) {
            Ok(Ok(conn)) => Ok(conn),
            Ok(Err(err)) if garbled(&err) => {
                Err(foreign(target, deadline).unwrap_or_else(|| connect_error(err, target)))
            }
            Ok(Err(err)) => Err(connect_error(err, target)),
            Err(_) => Err(Error::failure(format!(
                "no answer from {} within {}s (connecting as {}; connect_timeout in the URL \
                 sets how long to wait)",
                target.server(),
                bound.as_secs(),
                target.user
            ))),
        }
    };
    let socket = matches!(target.server, MyServer::Socket(_));
    match target.ssl_mode {
        MySslMode::Disabled => run(false),
        _ if socket => run(false),
        MySslMode::Preferred => match run(true) {
            // As the mysql client: without TLS where the server has none.
            Err(err) if err.message.contains("does not support TLS") => run(false),
            other => other,
        },
        _ => run(true),
    }
}

/// Whether the driver failed on what the server sent (a packet it could
/// not read, an answer out of turn, a connection ended before the
/// greeting): what another service on the port makes it do.
fn garbled(err: &mysql::Error) -> bool {
    use std::io::ErrorKind::{
        BrokenPipe, ConnectionAborted, ConnectionReset, InvalidData, UnexpectedEof,
    };
    if let Some(io) = io_of(err) {
        return matches!(
            io.kind(),
            UnexpectedEof | ConnectionReset | ConnectionAborted | InvalidData | BrokenPipe
        ) && io
            .get_ref()
            .and_then(|e| e.downcast_ref::<rustls::Error>())
            .is_none();
    }
    match err {
        mysql::Error::CodecError(_) => true,
        mysql::Error::DriverError(
            mysql::DriverError::CouldNotConnect(_) | mysql::DriverError::TlsNotSupported,
        ) => false,
        mysql::Error::DriverError(_) => true,
        _ => false,
    }
}

/// The I/O error under a driver's error, directly or through its packet
/// codec.
fn io_of(err: &mysql::Error) -> Option<&std::io::Error> {
    match err {
        mysql::Error::IoError(io) => Some(io),
        mysql::Error::CodecError(codec) => {
            std::error::Error::source(codec)?.downcast_ref::<std::io::Error>()
        }
        _ => None,
    }
}

/// After a [`garbled`] failure over TCP: another look at what answers on
/// the port, by the first bytes it sends on a new connection (before
/// `deadline`). A MySQL server speaks first, with a packet whose sequence
/// number is 0 and whose payload begins with its protocol version (10) or
/// an error (0xff); anything else is another service, named as such.
/// `None` when it is MySQL after all, or nothing could be learnt.
fn foreign(target: &MyTarget, deadline: Instant) -> Option<Error> {
    use std::io::Read;
    use std::net::{TcpStream, ToSocketAddrs};
    let MyServer::Tcp { host, port } = &target.server else {
        return None;
    };
    let left = || deadline.checked_duration_since(Instant::now());
    let addr = (host.as_str(), *port).to_socket_addrs().ok()?.next()?;
    let mut stream = TcpStream::connect_timeout(&addr, left()?).ok()?;
    let mut buf = [0u8; 16];
    let mut got = 0;
    let mut closed = false;
    while got < buf.len() {
        let Some(wait) = left() else { break };
        stream.set_read_timeout(Some(wait)).ok()?;
        match stream.read(&mut buf[got..]) {
            Ok(0) => {
                closed = true;
                break;
            }
            Ok(n) => got += n,
            Err(err) => {
                use std::io::ErrorKind::{ConnectionAborted, ConnectionReset};
                closed = matches!(err.kind(), ConnectionReset | ConnectionAborted);
                break;
            }
        }
    }
    let first = &buf[..got];
    let server = target.server();
    if first.is_empty() {
        return closed.then(|| {
            Error::failure(format!(
                "something other than MySQL answers on {server}: it took the connection and \
                 closed it without a word"
            ))
        });
    }
    (!speaks_mysql(first)).then(|| {
        Error::failure(format!(
            "something other than MySQL answers on {server}: its answer begins \"{}\"",
            first.escape_ascii()
        ))
    })
}

/// Whether `first`, the first bytes a server sent, begin as a MySQL
/// server's do: a packet header (3 bytes of length, sequence number 0),
/// then the protocol version 10 of a greeting, or 0xff of an error (too
/// many connections, a blocked host).
fn speaks_mysql(first: &[u8]) -> bool {
    matches!(first, [_, _, _, 0, 10 | 0xff, ..])
}

/// The driver's options for `target`, with or without TLS.
fn options(target: &MyTarget, tls: bool) -> Result<OptsBuilder> {
    let mut opts = OptsBuilder::new()
        .user(Some(&target.user))
        .pass(target.password())
        .db_name(Some(&target.dbname))
        .prefer_socket(false)
        // Rows matched, not only those whose values changed, as the other
        // engines count (and as SQLAlchemy's MySQL dialects ask too).
        .additional_capabilities(mysql::consts::CapabilityFlags::CLIENT_FOUND_ROWS)
        .tcp_connect_timeout(Some(target.connect_timeout()))
        .stmt_cache_size(256);
    opts = match &target.server {
        MyServer::Tcp { host, port } => opts
            .ip_or_hostname(Some(host))
            .tcp_port(*port)
            .tcp_nodelay(true),
        MyServer::Socket(path) => opts.socket(Some(path.display().to_string())),
    };
    if tls {
        let mut ssl = SslOpts::default();
        match target.ssl_mode {
            MySslMode::VerifyCa | MySslMode::VerifyIdentity => {
                if let Some(ca) = &target.ssl_ca {
                    if !ca.is_file() {
                        return Err(Error::failure(format!(
                            "ssl_ca {}: no such file",
                            ca.display()
                        )));
                    }
                    ssl = ssl.with_root_cert_path(Some(ca.clone()));
                }
                ssl =
                    ssl.with_danger_skip_domain_validation(target.ssl_mode == MySslMode::VerifyCa);
            }
            // Encryption without a check of who answers, as the mysql
            // client's PREFERRED and REQUIRED.
            _ => {
                ssl = ssl
                    .with_danger_accept_invalid_certs(true)
                    .with_danger_skip_domain_validation(true);
            }
        }
        opts = opts.ssl_opts(Some(ssl));
    }
    Ok(opts)
}

/// The driver over the connection, inside [`Mysql::transaction`].
struct MyTx<'a> {
    my: &'a Mysql,
}

impl MyTx<'_> {
    /// Run one translated statement, handing its rows to `each`.
    fn run(
        &self,
        sql: &str,
        params: &[Value],
        each: &mut dyn FnMut(&Row) -> Result<bool>,
    ) -> Result<u64> {
        let mut t = translate(sql, params);
        let writes = is_write(&t.sql);
        if writes {
            check_utf8mb3(sql, &t, params)?;
        }
        let mut bound = bind(&t.order, params);
        if writes && !self.my.untransacted.is_empty() {
            self.note_insert(&t.sql)?;
        }
        if let Some(split) = insert_select(&t.sql)
            && self.my.with_id.iter().any(|table| table == split.table)
        {
            // InnoDB hands a multi-row INSERT ... SELECT ids in blocks and
            // drops what it does not use: the next insert would skip ids.
            // Its rows as an INSERT ... VALUES, whose count is known, take
            // consecutive ids and leave none unused, as Buildbot's
            // row-by-row inserts do.
            let mut rows: Vec<Vec<mysql::Value>> = Vec::new();
            {
                let mut conn = self.my.conn.borrow_mut();
                let result = conn
                    .exec_iter(split.select, bound)
                    .map_err(|err| query_error(&err, &self.my.target))?;
                for row in result {
                    let row = row.map_err(|err| query_error(&err, &self.my.target))?;
                    rows.push(row.unwrap());
                }
            }
            if rows.is_empty() {
                return Ok(0);
            }
            let values: Vec<String> = rows
                .iter()
                .map(|row| format!("({})", vec!["?"; row.len()].join(", ")))
                .collect();
            let insert = format!("{} VALUES {}", split.head, values.join(", "));
            t.sql = format!("{insert}{}", split.returning);
            t.without_returning = insert;
            bound = rows.into_iter().flatten().collect();
        }
        let returning = match &t.returning {
            Some(cols) if !self.my.mariadb => Some(cols.clone()),
            _ => None,
        };
        let text = match &returning {
            Some(_) => t.without_returning.clone(),
            None => t.sql.clone(),
        };
        if let Some(cols) = &returning
            && t.sql.trim_start().starts_with("DELETE")
        {
            // MySQL: the rows first, locked, then the same rows deleted.
            let select = format!(
                "SELECT {cols} FROM {} FOR UPDATE",
                t.without_returning.trim_start()["DELETE FROM ".len()..].trim_start()
            );
            self.rows(&select, bound.clone(), each)?;
            return self.exec(&text, bound);
        }
        let count = if writes && returning.is_none() && !t.sql.contains(" RETURNING ") {
            self.exec(&text, bound)?
        } else if let Some(cols) = returning {
            let changed = self.exec(&text, bound)?;
            let conn = self.my.conn.borrow();
            let first = conn.last_insert_id() as i64;
            drop(conn);
            // Consecutive ids for one statement (innodb_autoinc_lock_mode
            // 0 or 1, MySQL's and MariaDB's default before 8.0).
            let table = inserted_table(&text).unwrap_or_default();
            let select = format!(
                "SELECT {cols} FROM {table} WHERE id BETWEEN {first} AND {} ORDER BY id",
                first + changed as i64 - 1
            );
            self.rows(&select, Vec::new(), each)?;
            changed
        } else {
            self.rows(&text, bound, each)?
        };
        Ok(count)
    }

    /// Before an INSERT on MyISAM, note the table's greatest id (once per
    /// write), for [`Mysql::undo_inserts`].
    fn note_insert(&self, sql: &str) -> Result<()> {
        let Some(table) = inserted_table(sql) else {
            return Ok(());
        };
        let noted = self.my.inserted.borrow().iter().any(|(t, _)| t == table);
        if noted || !self.my.with_id.iter().any(|t| t == table) {
            return Ok(());
        }
        let before: Option<i64> = self
            .my
            .conn
            .borrow_mut()
            .query_first(format!("SELECT COALESCE(MAX(id), 0) FROM `{table}`"))
            .map_err(|err| query_error(&err, &self.my.target))?;
        self.my
            .inserted
            .borrow_mut()
            .push((table.to_string(), before.unwrap_or(0)));
        Ok(())
    }

    fn exec(&self, sql: &str, bound: Vec<mysql::Value>) -> Result<u64> {
        let mut conn = self.my.conn.borrow_mut();
        conn.exec_drop(sql, bound)
            .map_err(|err| query_error(&err, &self.my.target))?;
        Ok(conn.affected_rows())
    }

    fn rows(
        &self,
        sql: &str,
        bound: Vec<mysql::Value>,
        each: &mut dyn FnMut(&Row) -> Result<bool>,
    ) -> Result<u64> {
        let mut conn = self.my.conn.borrow_mut();
        let result = conn
            .exec_iter(sql, bound)
            .map_err(|err| query_error(&err, &self.my.target))?;
        let mut wanted = true;
        let mut count = 0;
        // Every row is read off the connection, even after `each` has had
        // enough: the next statement needs the connection clear.
        for row in result {
            let row = row.map_err(|err| query_error(&err, &self.my.target))?;
            count += 1;
            if wanted {
                wanted = each(&read_row(row)?)?;
            }
        }
        Ok(count)
    }
}

impl Driver for MyTx<'_> {
    fn engine(&self) -> EngineKind {
        EngineKind::Mysql
    }

    fn execute(&self, sql: &str, params: &[Value]) -> Result<u64> {
        self.run(sql, params, &mut |_| Ok(true))
    }

    /// Buildbot's MySQL columns sort case-insensitively; their bytes, UTF-8,
    /// sort by code point.
    fn bytewise(&self, expr: &str) -> String {
        format!("BINARY {expr}")
    }

    fn query(
        &self,
        sql: &str,
        params: &[Value],
        each: &mut dyn FnMut(&Row) -> Result<bool>,
    ) -> Result<()> {
        self.run(sql, params, each).map(drop)
    }
}

/// Whether a statement writes.
fn is_write(sql: &str) -> bool {
    let head = sql.trim_start();
    ["INSERT", "UPDATE", "DELETE", "REPLACE"]
        .iter()
        .any(|w| head.len() >= w.len() && head[..w.len()].eq_ignore_ascii_case(w))
}

/// An `INSERT INTO t (cols) SELECT ... [RETURNING ...]`, in its parts.
struct InsertSelect<'a> {
    table: &'a str,
    /// `INSERT INTO t (cols)`.
    head: &'a str,
    /// The `SELECT ...`, without `RETURNING`.
    select: &'a str,
    /// ` RETURNING ...`, or empty.
    returning: &'a str,
}

/// `sql`'s parts, if it is an INSERT ... SELECT (as translated: one
/// `SELECT` after the column list, `RETURNING` last if at all).
fn insert_select(sql: &str) -> Option<InsertSelect<'_>> {
    let table = inserted_table(sql)?;
    let start = sql.find(" SELECT ")?;
    let head = sql[..start].trim_end();
    if !head.ends_with(')') {
        return None;
    }
    let (select, returning) = match sql.rfind(" RETURNING ") {
        Some(at) if at > start => (&sql[start + 1..at], &sql[at..]),
        _ => (&sql[start + 1..], ""),
    };
    Some(InsertSelect {
        table,
        head,
        select,
        returning,
    })
}

/// The table of an `INSERT INTO t ...`.
fn inserted_table(sql: &str) -> Option<&str> {
    sql.trim_start()
        .strip_prefix("INSERT INTO ")?
        .split_whitespace()
        .next()
}

/// The parameters in the order the translated statement's `?` take them.
fn bind(order: &[usize], params: &[Value]) -> Vec<mysql::Value> {
    order
        .iter()
        .map(|&n| match params.get(n - 1) {
            None | Some(Value::Null) => mysql::Value::NULL,
            Some(Value::Int(v)) => mysql::Value::Int(*v),
            Some(Value::Real(v)) => mysql::Value::Double(*v),
            Some(Value::Text(v)) => mysql::Value::Bytes(v.as_bytes().to_vec()),
            Some(Value::Ids(ids)) => mysql::Value::Bytes(
                serde_json::to_string(ids)
                    .expect("a list of ids is JSON")
                    .into_bytes(),
            ),
            Some(Value::Texts(texts)) => mysql::Value::Bytes(
                serde_json::to_string(texts)
                    .expect("a list of texts is JSON")
                    .into_bytes(),
            ),
        })
        .collect()
}

fn read_row(row: mysql::Row) -> Result<Row> {
    let columns = row.columns();
    let cells = row
        .unwrap()
        .into_iter()
        .zip(columns.iter())
        .map(|(value, column)| {
            Ok(match value {
                mysql::Value::NULL => Value::Null,
                mysql::Value::Int(v) => Value::Int(v),
                mysql::Value::UInt(v) => Value::Int(i64::try_from(v).map_err(|_| {
                    Error::failure(format!("MySQL: {v} in {} is too large", column.name_str()))
                })?),
                mysql::Value::Float(v) => Value::Real(v.into()),
                mysql::Value::Double(v) => Value::Real(v),
                mysql::Value::Bytes(bytes) => match column.column_type() {
                    // sum() and the like: a decimal that is a whole number
                    // reads as one.
                    ColumnType::MYSQL_TYPE_NEWDECIMAL | ColumnType::MYSQL_TYPE_DECIMAL => {
                        let text = String::from_utf8_lossy(&bytes);
                        match text.parse::<i64>() {
                            Ok(v) => Value::Int(v),
                            Err(_) => Value::Real(text.parse().unwrap_or(f64::NAN)),
                        }
                    }
                    _ => Value::Text(String::from_utf8_lossy(&bytes).into_owned()),
                },
                other => Value::Text(other.as_sql(true)),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Row(cells))
}

/// Buildbot's MySQL tables are `utf8`, MySQL's 3-byte UTF-8: a character
/// beyond U+FFFF (an emoji) cannot be stored. A write that would store one
/// is refused before it runs, naming the column (exit 2); the command's
/// transaction then rolls back whatever it had written.
fn check_utf8mb3(sql: &str, t: &Translated, params: &[Value]) -> Result<()> {
    for &n in t.order.iter().collect::<BTreeSet<_>>() {
        let texts: Vec<&str> = match params.get(n - 1) {
            Some(Value::Text(v)) => vec![v],
            Some(Value::Texts(vs)) => vs.iter().map(String::as_str).collect(),
            _ => continue,
        };
        for text in texts {
            if let Some(c) = text.chars().find(|c| u32::from(*c) > 0xFFFF) {
                let field = column_of(sql, n).unwrap_or_else(|| "a value".to_string());
                return Err(Error::usage(format!(
                    "{field} holds '{c}' (U+{:04X}), a character outside utf8, the 3-byte \
                     character set of Buildbot's MySQL tables; nothing was written",
                    u32::from(c)
                )));
            }
        }
    }
    Ok(())
}

/// The column parameter `n` of a SQLite-spelled INSERT or UPDATE is
/// written to, as `table.column`.
fn column_of(sql: &str, n: usize) -> Option<String> {
    let mark = format!("?{n}");
    let words: Vec<&str> = sql.split_whitespace().collect();
    if let Some(rest) = sql.trim_start().strip_prefix("INSERT INTO ") {
        let (table, rest) = rest.split_once('(')?;
        let (columns, values) = rest.split_once(')')?;
        let columns: Vec<&str> = columns.split(',').map(str::trim).collect();
        let values = values
            .trim_start()
            .strip_prefix("VALUES")
            .or_else(|| values.trim_start().strip_prefix("SELECT"))?;
        let values = values.trim_start().trim_start_matches('(');
        let values = values.split(" FROM ").next().unwrap_or(values);
        let at = top_level_split(values)
            .iter()
            .position(|v| placeholders(v).contains(&mark))?;
        return Some(format!("{}.{}", table.trim(), columns.get(at)?));
    }
    if words.first() == Some(&"UPDATE") {
        let table = words.get(1)?;
        let set = sql.split_once(" SET ")?.1;
        let set = set.split(" WHERE ").next().unwrap_or(set);
        for assignment in top_level_split(set) {
            let (column, value) = assignment.split_once('=')?;
            if placeholders(value).contains(&mark) {
                return Some(format!("{table}.{}", column.trim()));
            }
        }
    }
    None
}

/// `a, f(b, c), d` as `a`, `f(b, c)`, `d`.
fn top_level_split(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(s[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(s[start..].trim());
    parts
}

/// The numbered placeholders (`?3`) in `s`.
fn placeholders(s: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = s;
    while let Some(at) = rest.find('?') {
        let digits: String = rest[at + 1..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        found.push(format!("?{digits}"));
        rest = &rest[at + 1 + digits.len()..];
    }
    found
}

/// A statement in MySQL's spelling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translated {
    pub sql: String,
    /// The parameter (1-based, of the SQLite statement) each `?` takes.
    pub order: Vec<usize>,
    /// `RETURNING`'s columns, if the statement has it.
    pub returning: Option<String>,
    /// The statement without its `RETURNING` clause.
    pub without_returning: String,
}

/// What a parenthesis opened, for the parameters inside it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Paren {
    Plain,
    /// `IN (...)`: each text compared byte for byte.
    In,
    /// `instr(x, ?)`: the text searched for, byte for byte.
    Instr,
}

/// The connectors' SQLite spellings in MySQL's:
///
/// - `?N` and `?` as `?`, the parameters in the order they are used;
/// - a text compared with a column (`=`, `<`, `IN`, `IS NOT`, `instr`) is
///   compared byte for byte, so by code point, where Buildbot's collation
///   would ignore case and trailing spaces: `col = ?` becomes
///   `(col = ? AND BINARY col = ?)`, the first for the index, the second
///   for the truth;
/// - `json_each(?N)` as `JSON_TABLE`, with `key` its ordinal; a column
///   looked up in a list of texts, `col IN (SELECT value FROM
///   json_each(?N))`, twice: once in the texts as the column's own
///   character set, so that its index finds them, and once byte for byte
///   ([`texts_lookup`]);
/// - `json_group_array(x)` over an ordered derived table as an ordered
///   `GROUP_CONCAT` of JSON ([`group_array`]), `[]` for no rows;
/// - `IS NOT ?` as `<=> ? IS NOT TRUE`;
/// - `CAST(x AS INTEGER)` and `AS BIGINT` as `SIGNED`, `AS TEXT` as `CHAR`;
/// - `NULLS FIRST`/`LAST` dropped (MySQL sorts NULLs first ascending and
///   last descending, as asked);
/// - `ORDER BY rowid` dropped: rows come in insertion order by the index
///   that finds them;
/// - `ON CONFLICT (..) DO UPDATE SET c = excluded.c` as
///   `ON DUPLICATE KEY UPDATE c = VALUES(c)`;
/// - `RETURNING` noted, for MySQL to emulate (MariaDB has it);
/// - an `UPDATE` or `DELETE` whose rows an `IN (SELECT ...)` finds as a
///   statement over two tables, so that the subquery drives it
///   ([`joined_for_semi_join`]).
///
/// String literals are copied untouched.
pub fn translate(sql: &str, params: &[Value]) -> Translated {
    let mut out = String::with_capacity(sql.len() + 64);
    let mut order = Vec::new();
    let mut next = 0;
    let mut rest = sql;
    let mut parens: Vec<Paren> = Vec::new();
    // Inside SET (UPDATE's, or ON DUPLICATE KEY UPDATE's): `=` assigns.
    let mut assigning = false;
    let mut returning_at = None;
    let is_text = |n: usize| matches!(params.get(n - 1), Some(Value::Text(_)));
    while let Some(c) = rest.chars().next() {
        let boundary = !out
            .chars()
            .last()
            .is_some_and(|p| p.is_ascii_alphanumeric() || p == '_' || p == '.' || p == '`');
        if c == '\'' {
            let end = quoted_len(rest);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        if c == '?' {
            let (n, len) = placeholder(rest, &mut next);
            rest = &rest[len..];
            if !is_text(n) {
                out.push('?');
                order.push(n);
                continue;
            }
            let before = out.trim_end();
            let inside = parens.last().copied();
            let plain_eq = before.ends_with('=')
                && !before.ends_with("<=>")
                && !before[..before.len() - 1].ends_with(['<', '>', '!']);
            if !assigning && plain_eq {
                let lhs = trailing_identifier(before[..before.len() - 1].trim_end());
                if let Some(lhs) = lhs.map(str::to_string) {
                    // col = ? -> (col = ? AND BINARY col = ?)
                    let start = before[..before.len() - 1].trim_end().len() - lhs.len();
                    out.truncate(start);
                    out.push_str(&format!("({lhs} = ? AND BINARY {lhs} = ?)"));
                    order.extend([n, n]);
                    continue;
                }
                out.push_str("BINARY ?");
            } else if !assigning
                && (before.ends_with('<')
                    || before.ends_with('=')
                    || before.ends_with('>')
                    || before.ends_with("<=>")
                    || (before.ends_with(',') || before.ends_with('('))
                        && matches!(inside, Some(Paren::In))
                    || before.ends_with(',') && matches!(inside, Some(Paren::Instr)))
            {
                out.push_str("BINARY ?");
            } else {
                out.push('?');
            }
            order.push(n);
            continue;
        }
        if boundary {
            if let Some(after) = strip_word(rest, "json_each(") {
                let close = after.find(')').expect("json_each( is closed");
                let inner = translate(&after[..close], params);
                let texts = inner
                    .order
                    .first()
                    .is_some_and(|&n| matches!(params.get(n - 1), Some(Value::Texts(_))));
                let ty = if texts { TEXTS_EXACT } else { "BIGINT" };
                out.push_str(&json_table(&inner.sql.replace("BINARY ", ""), ty));
                order.extend(inner.order);
                rest = &after[close + 1..];
                continue;
            }
            if let Some(after) = strip_word(rest, "json_group_array(") {
                let (flat, after) = group_array(after);
                let inner = translate(&flat, params);
                out.push_str(&inner.sql);
                order.extend(inner.order);
                rest = after;
                continue;
            }
            if let Some(after) = strip_word(rest, "instr(") {
                out.push_str("INSTR(");
                parens.push(Paren::Instr);
                rest = after;
                continue;
            }
            if rest.starts_with("IS NOT ?") {
                // `(a <=> ?) IS NOT TRUE`: `<=>` and IS bind alike, left
                // first, and `<=>` is never NULL.
                out.push_str("<=> ");
                let mark_len = 1 + rest["IS NOT ?".len()..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .count();
                let (mark, after) = rest["IS NOT ".len()..].split_at(mark_len);
                // Number the unnumbered placeholder as this statement does.
                let n = if mark == "?" {
                    next += 1;
                    next
                } else {
                    mark[1..].parse().expect("digits")
                };
                out.push_str(if is_text(n) { "BINARY ?" } else { "?" });
                order.push(n);
                out.push_str(" IS NOT TRUE");
                rest = after;
                continue;
            }
            if let Some(after) = strip_word(rest, "IN (") {
                if let Some((n, len)) = texts_lookup(after, params)
                    && let Some(lhs) = trailing_identifier(out.trim_end()).map(str::to_string)
                {
                    // col IN (texts) -> (col IN (texts as the column's
                    // characters) AND BINARY col IN (texts))
                    let start = out.trim_end().len() - lhs.len();
                    out.truncate(start);
                    out.push_str(&format!(
                        "({lhs} IN (SELECT value FROM {}) AND BINARY {lhs} IN (SELECT value FROM {}))",
                        json_table("?", TEXTS_INDEXED),
                        json_table("?", TEXTS_EXACT)
                    ));
                    order.extend([n, n]);
                    rest = &after[len..];
                    continue;
                }
                out.push_str("IN (");
                parens.push(Paren::In);
                rest = after;
                continue;
            }
            if let Some(after) = strip_word(rest, "AS INTEGER)") {
                out.push_str("AS SIGNED)");
                parens.pop();
                rest = after;
                continue;
            }
            if let Some(after) = strip_word(rest, "AS BIGINT)") {
                out.push_str("AS SIGNED)");
                parens.pop();
                rest = after;
                continue;
            }
            if let Some(after) = strip_word(rest, "AS TEXT)") {
                out.push_str("AS CHAR)");
                parens.pop();
                rest = after;
                continue;
            }
            if let Some(after) =
                strip_word(rest, "NULLS FIRST").or_else(|| strip_word(rest, "NULLS LAST"))
            {
                while out.ends_with(' ') {
                    out.pop();
                }
                rest = after;
                continue;
            }
            if let Some(after) = strip_word(rest, "ORDER BY rowid") {
                while out.ends_with(' ') {
                    out.pop();
                }
                rest = after;
                continue;
            }
            if let Some(after) = rest.strip_prefix("ON CONFLICT (") {
                let close = after.find(')').expect("ON CONFLICT ( is closed");
                let after = after[close + 1..].trim_start();
                let after = after
                    .strip_prefix("DO UPDATE SET")
                    .expect("ON CONFLICT (...) DO UPDATE SET");
                out.push_str("ON DUPLICATE KEY UPDATE");
                assigning = true;
                rest = after;
                continue;
            }
            if let Some(after) = strip_word(rest, "excluded.") {
                let name_len = after
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .count();
                out.push_str(&format!("VALUES({})", &after[..name_len]));
                rest = &after[name_len..];
                continue;
            }
            if let Some(after) = strip_word(rest, "key") {
                out.push_str("`key`");
                rest = after;
                continue;
            }
            if let Some(after) = strip_word(rest, "SET") {
                out.push_str("SET");
                assigning = true;
                rest = after;
                continue;
            }
            if let Some(after) = strip_word(rest, "WHERE") {
                out.push_str("WHERE");
                assigning = false;
                rest = after;
                continue;
            }
            if let Some(after) = strip_word(rest, "RETURNING") {
                returning_at = Some(out.trim_end().len());
                out.push_str("RETURNING");
                rest = after;
                continue;
            }
        }
        match c {
            '(' => parens.push(Paren::Plain),
            ')' => {
                parens.pop();
            }
            _ => {}
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    let (returning, without_returning) = match returning_at {
        Some(at) => (
            Some(
                out[at..].trim_start()["RETURNING".len()..]
                    .trim()
                    .to_string(),
            ),
            out[..at].to_string(),
        ),
        None => {
            out = joined_for_semi_join(&out).unwrap_or(out);
            (None, out.clone())
        }
    };
    Translated {
        sql: out,
        order,
        returning,
        without_returning,
    }
}

/// `UPDATE t SET ...` and `DELETE FROM t WHERE ...` with an `IN (SELECT
/// ...)` condition as the same statement joined to a one-row table:
/// `UPDATE t JOIN (SELECT 1) AS bb_one SET ...`, `DELETE t FROM t JOIN
/// (SELECT 1) AS bb_one WHERE ...`. MariaDB before 11.1 runs the subquery
/// of a single-table UPDATE or DELETE once for each row of the table: `WHERE
/// id IN (SELECT value FROM json_each(?1))` read every build request (1.5 s
/// at 1M requests, each row locked by a serializable write) to complete one,
/// and the sweep read every log. Over two tables it is planned as a
/// semi-join, which looks the listed rows up by their index. Statements with
/// `RETURNING`, `ORDER BY` or `LIMIT`, which a multi-table statement cannot
/// have, stay as they are.
fn joined_for_semi_join(sql: &str) -> Option<String> {
    if !sql.contains(" IN (SELECT ") || sql.contains(" LIMIT ") || sql.contains(" ORDER BY ") {
        return None;
    }
    let table_then = |rest: &str, word: &str| -> Option<usize> {
        let len = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .count();
        (len > 0 && rest[len..].starts_with(word)).then_some(len)
    };
    if let Some(rest) = sql.strip_prefix("UPDATE ") {
        let len = table_then(rest, " SET ")?;
        return Some(format!(
            "UPDATE {} JOIN (SELECT 1) AS bb_one{}",
            &rest[..len],
            &rest[len..]
        ));
    }
    let rest = sql.strip_prefix("DELETE FROM ")?;
    let len = table_then(rest, " WHERE ")?;
    let table = &rest[..len];
    Some(format!(
        "DELETE {table} FROM {table} JOIN (SELECT 1) AS bb_one{}",
        &rest[len..]
    ))
}

/// A list of texts as a table whose values compare byte for byte (by code
/// point), as bb compares text on every engine.
const TEXTS_EXACT: &str = "VARCHAR(1024) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";

/// A list of texts in the 3-byte `utf8` of Buildbot's tables, with its
/// default collation: compared with such a column, the column's index finds
/// them. Compared with [`TEXTS_EXACT`]'s, MariaDB converts the column to
/// `utf8mb4` instead, and reads every row (the whole `ss_hash` index, 160k
/// sourcestamps, for each `buildset add` at 1M requests: 170 ms).
const TEXTS_INDEXED: &str = "VARCHAR(1024) CHARACTER SET utf8mb3";

/// `JSON_TABLE` over the JSON array `arg`, as the rows `json_each` gives
/// (`key` its ordinal, `value` of type `ty`).
fn json_table(arg: &str, ty: &str) -> String {
    format!(
        "JSON_TABLE({arg}, '$[*]' COLUMNS (`key` FOR ORDINALITY, `value` {ty} PATH '$')) \
         AS json_each"
    )
}

/// After `col IN (`: `SELECT value FROM json_each(?N))` of a list of texts
/// (parameter `N` a [`Value::Texts`]), its `N` and length.
fn texts_lookup(after: &str, params: &[Value]) -> Option<(usize, usize)> {
    let rest = after.strip_prefix("SELECT value FROM json_each(?")?;
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let n: usize = rest[..digits].parse().ok()?;
    let tail = rest[digits..].strip_prefix("))")?;
    matches!(params.get(n.checked_sub(1)?), Some(Value::Texts(_)))
        .then_some((n, after.len() - tail.len()))
}

/// `json_group_array(E) FROM (SELECT ... FROM R ORDER BY O) AS A`, from
/// after `json_group_array(`, as MySQL's `GROUP_CONCAT` of each element's
/// JSON ordered by `O` over `R` itself (MySQL and MariaDB refuse the outer
/// query's columns inside a derived table, and ignore its ORDER BY); and
/// what follows it.
fn group_array(after: &str) -> (String, &str) {
    let close = matching_paren(after);
    let element = &after[..close];
    let rest = &after[close + 1..];
    let json =
        format!("SUBSTRING(JSON_ARRAY({element}), 2, CHAR_LENGTH(JSON_ARRAY({element})) - 2)");
    let concat = |from: &str, order: &str| {
        format!("CONCAT('[', COALESCE(GROUP_CONCAT({json}{order} SEPARATOR ','), ''), ']'){from}")
    };
    if let Some(derived) = rest.strip_prefix(" FROM (SELECT ") {
        let end = matching_paren(derived);
        let inner = &derived[..end];
        let after_alias = derived[end + 1..].trim_start();
        let after_alias = after_alias
            .strip_prefix("AS ")
            .map(|a| a.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after_alias);
        if let Some((_, from)) = inner.split_once(" FROM ") {
            let (from, order) = match from.rsplit_once(" ORDER BY ") {
                Some((from, order)) => (from, format!(" ORDER BY {order}")),
                None => (from, String::new()),
            };
            return (concat(&format!(" FROM {from}"), &order), after_alias);
        }
    }
    (concat("", ""), rest)
}

/// Where the parenthesis open before `s` closes.
fn matching_paren(s: &str) -> usize {
    let mut depth = 0i32;
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted && depth == 0 => return i,
            ')' if !quoted => depth -= 1,
            _ => {}
        }
    }
    s.len()
}

/// The column reference `out` ends with (`ss.branch`), if it ends with one.
fn trailing_identifier(out: &str) -> Option<&str> {
    let start = out
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .map_or(0, |i| i + 1);
    let word = &out[start..];
    let starts_well = word
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    let keyword = [
        "AND", "OR", "NOT", "WHERE", "ON", "WHEN", "THEN", "ELSE", "END", "NULL",
    ]
    .iter()
    .any(|k| k.eq_ignore_ascii_case(word));
    (starts_well && !keyword).then_some(word)
}

// --- errors ---------------------------------------------------------------------

/// A failure to connect, in one line: which (unreachable, refused login,
/// TLS, no such database), where and as whom.
fn connect_error(err: mysql::Error, target: &MyTarget) -> Error {
    let server = target.server();
    let user = &target.user;
    if let Some(io) = io_of(&err) {
        use std::io::ErrorKind::{TimedOut, WouldBlock};
        if matches!(io.kind(), TimedOut | WouldBlock) {
            return Error::failure(format!(
                "no answer from {server} within {}s (connecting as {user}; connect_timeout \
                 in the URL sets how long to wait)",
                target.connect_timeout().as_secs()
            ));
        }
        // The handshake's failure reaches bb as an I/O error, through the
        // packet codec once the greeting has been read.
        if let Some(tls) = io.get_ref().and_then(|e| e.downcast_ref::<rustls::Error>()) {
            let host = match &target.server {
                MyServer::Tcp { host, .. } => host.as_str(),
                MyServer::Socket(_) => "localhost",
            };
            return Error::failure(format!(
                "the TLS handshake with the MySQL server at {server} (as {user}) failed: {}",
                tls_words(tls, host, target.ssl_ca.as_deref())
            ));
        }
        return Error::failure(format!(
            "cannot reach the MySQL server at {server} (as {user}): {io}"
        ));
    }
    match &err {
        mysql::Error::MySqlError(my) => match my.code {
            1049 => Error::not_found(format!(
                "database {} does not exist on {server}",
                target.dbname
            )),
            1044 | 1045 | 1698 => Error::failure(format!(
                "the MySQL server at {server} refused the login of {user} to {}: {}",
                target.dbname, my.message
            )),
            _ => Error::failure(format!("connecting to {target} as {user}: {}", my.message)),
        },
        mysql::Error::DriverError(mysql::DriverError::TlsNotSupported) => Error::failure(format!(
            "the server does not support TLS: the MySQL server at {server} (as {user}) \
                 answers without it, and ssl_mode={} asks for it",
            target.ssl_mode
        )),
        mysql::Error::DriverError(mysql::DriverError::CouldNotConnect(reason)) => {
            let why = reason
                .as_ref()
                .map_or_else(|| "refused".to_string(), |(_, why, _)| why.clone());
            Error::failure(format!(
                "cannot reach the MySQL server at {server} (as {user}): {why}"
            ))
        }
        mysql::Error::DriverError(driver) => Error::failure(format!(
            "connecting to the MySQL server at {server} (as {user}) failed: {driver}"
        )),
        mysql::Error::TlsError(tls) => Error::failure(format!(
            "the TLS handshake with the MySQL server at {server} (as {user}) failed: {tls}"
        )),
        other => Error::failure(format!(
            "connecting to the MySQL server at {server} (as {user}) failed: {other}"
        )),
    }
}

/// A failure while working: deadlocks and lock-wait timeouts are retried
/// (exit 5 once `--busy-timeout` has passed); a unique index refusing a row
/// is retried, then a conflict (exit 3); a value out of range is a usage
/// error; a lost connection says so.
fn query_error(err: &mysql::Error, target: &MyTarget) -> Error {
    match err {
        mysql::Error::MySqlError(my) => {
            let message = &my.message;
            match my.code {
                1213 | 1205 => {
                    let mut err = Error::new(Kind::Busy, format!("MySQL: {message}"));
                    err.retry = true;
                    err
                }
                // Waiting for a table lock (MyISAM) or a metadata lock.
                3024 | 1969 => Error::busy(),
                1062 => {
                    let mut err = Error::conflict(format!(
                        "MySQL refused a row that another already has ({message}); nothing \
                         was written"
                    ));
                    err.retry = true;
                    err
                }
                1264 | 1406 | 1366 => Error::usage(format!(
                    "a value does not fit Buildbot's columns on MySQL: {message}"
                )),
                1927 | 1053 | 2006 | 2013 => Error::failure(format!(
                    "the server ended the connection to {target} ({message}); nothing was \
                     committed"
                )),
                _ => Error::failure(format!("MySQL ({target}): {message}")),
            }
        }
        mysql::Error::IoError(io) => Error::failure(format!(
            "the connection to {target} failed ({io}); nothing was committed"
        )),
        other => Error::failure(format!("MySQL ({target}): {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sql(text: &str, params: &[Value]) -> (String, Vec<usize>) {
        let t = translate(text, params);
        (t.sql, t.order)
    }

    fn ints(n: usize) -> Vec<Value> {
        (0..n).map(|i| Value::Int(i as i64)).collect()
    }

    #[test]
    fn a_mysql_server_is_known_by_its_first_bytes() {
        // MariaDB 10.11's greeting, and its refusal of a blocked host.
        assert!(speaks_mysql(b"\x5b\0\0\0\x0a5.5.5-10.11.6-MariaDB"));
        assert!(speaks_mysql(b"\x45\0\0\0\xff\x69\x04Host '10.0.0.1'"));
        assert!(!speaks_mysql(b"SSH-2.0-OpenSSH_"));
        assert!(!speaks_mysql(b"HTTP/1.1 400 Bad"));
        assert!(!speaks_mysql(b"\x5b\0\0"));
    }

    #[test]
    fn placeholders_are_positional() {
        assert_eq!(
            sql(
                "SELECT a FROM t WHERE b = ?2 AND c = ?1 AND d = 'x?y'",
                &ints(2)
            ),
            (
                "SELECT a FROM t WHERE b = ? AND c = ? AND d = 'x?y'".into(),
                vec![2, 1]
            )
        );
        assert_eq!(
            sql("a = ? AND b < ? LIMIT ? OFFSET ?", &ints(4)).1,
            vec![1, 2, 3, 4]
        );
    }

    #[test]
    fn text_compares_byte_for_byte() {
        let text = || Value::Text("Linux".into());
        assert_eq!(
            sql(
                "SELECT id FROM objects WHERE name = ?1 AND class_name = ?2",
                &[text(), text()]
            ),
            (
                "SELECT id FROM objects WHERE (name = ? AND BINARY name = ?) AND \
                 (class_name = ? AND BINARY class_name = ?)"
                    .into(),
                vec![1, 1, 2, 2]
            )
        );
        assert_eq!(
            sql(
                "x AND ss.branch = ? AND instr(b.name, ?) > 0 AND n IN (?, ?) AND m < ?",
                &[text(), text(), text(), text(), text()]
            )
            .0,
            "x AND (ss.branch = ? AND BINARY ss.branch = ?) AND INSTR(b.name, BINARY ?) > 0 \
             AND n IN (BINARY ?, BINARY ?) AND m < BINARY ?"
        );
        // Written, not compared.
        assert_eq!(
            sql(
                "UPDATE t SET a = ?1, b = ?2 WHERE c = ?2",
                &[text(), text()]
            )
            .0,
            "UPDATE t SET a = ?, b = ? WHERE (c = ? AND BINARY c = ?)"
        );
        assert_eq!(
            sql("INSERT INTO t (a) VALUES (?1)", &[text()]).0,
            "INSERT INTO t (a) VALUES (?)"
        );
        // A complex left side: the comparison alone made binary.
        assert_eq!(
            sql("(CASE x WHEN 1 THEN 'a' END) = ?", &[text()]).0,
            "(CASE x WHEN 1 THEN 'a' END) = BINARY ?"
        );
    }

    #[test]
    fn ne_is_null_safe() {
        assert_eq!(
            sql(
                "a IS NOT ? AND b IS NOT ?",
                &[Value::Int(1), Value::Text("x".into())]
            ),
            (
                "a <=> ? IS NOT TRUE AND b <=> BINARY ? IS NOT TRUE".into(),
                vec![1, 2]
            )
        );
    }

    #[test]
    fn insert_select_parts() {
        let (sql, _) = sql(
            "INSERT INTO buildrequests (buildsetid, builderid) SELECT CAST(?1 AS INTEGER), value \
             FROM json_each(?2) ORDER BY key RETURNING id, builderid",
            &ints(2),
        );
        let split = insert_select(&sql).unwrap();
        assert_eq!(split.table, "buildrequests");
        assert_eq!(
            split.head,
            "INSERT INTO buildrequests (buildsetid, builderid)"
        );
        assert!(
            split
                .select
                .starts_with("SELECT CAST(? AS SIGNED), value FROM JSON_TABLE(")
        );
        assert!(split.select.ends_with("ORDER BY `key`"), "{}", split.select);
        assert_eq!(split.returning, " RETURNING id, builderid");
        assert!(insert_select("INSERT INTO masters (name) VALUES (?) RETURNING id").is_none());
    }

    #[test]
    fn json_each_is_json_table() {
        let (text, order) = sql(
            "INSERT INTO l (a, b) SELECT CAST(?1 AS INTEGER), value FROM json_each(?2) ORDER BY key",
            &[Value::Int(1), Value::Ids(vec![1, 2])],
        );
        assert_eq!(
            text,
            "INSERT INTO l (a, b) SELECT CAST(? AS SIGNED), value FROM JSON_TABLE(?, '$[*]' \
             COLUMNS (`key` FOR ORDINALITY, `value` BIGINT PATH '$')) AS json_each ORDER BY `key`"
        );
        assert_eq!(order, vec![1, 2]);
        // A column looked up in texts: by its index, then byte for byte.
        let (text, order) = sql(
            "SELECT id FROM t WHERE name_hash IN (SELECT value FROM json_each(?1)) AND b = ?2",
            &[Value::Texts(vec!["a".into()]), Value::Int(1)],
        );
        assert_eq!(
            text,
            "SELECT id FROM t WHERE (name_hash IN (SELECT value FROM JSON_TABLE(?, '$[*]' \
             COLUMNS (`key` FOR ORDINALITY, `value` VARCHAR(1024) CHARACTER SET utf8mb3 \
             PATH '$')) AS json_each) AND BINARY name_hash IN (SELECT value FROM \
             JSON_TABLE(?, '$[*]' COLUMNS (`key` FOR ORDINALITY, `value` VARCHAR(1024) \
             CHARACTER SET utf8mb4 COLLATE utf8mb4_bin PATH '$')) AS json_each)) AND b = ?"
        );
        assert_eq!(order, vec![1, 1, 2]);
        // Texts read as rows: byte for byte.
        let (text, _) = sql(
            "SELECT value FROM json_each(?1)",
            &[Value::Texts(vec!["a".into()])],
        );
        assert!(
            text.contains("`value` VARCHAR(1024) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"),
            "{text}"
        );
    }

    #[test]
    fn updates_and_deletes_by_a_subquery_are_joins() {
        let ids = [Value::Ids(vec![1]), Value::Int(2)];
        assert_eq!(
            sql(
                "UPDATE buildrequests SET complete = 1, results = ?2 \
                 WHERE id IN (SELECT value FROM json_each(?1))",
                &ids
            )
            .0,
            "UPDATE buildrequests JOIN (SELECT 1) AS bb_one SET complete = 1, results = ? \
             WHERE id IN (SELECT value FROM JSON_TABLE(?, '$[*]' COLUMNS (`key` FOR ORDINALITY, \
             `value` BIGINT PATH '$')) AS json_each)"
        );
        assert!(
            sql(
                "DELETE FROM buildrequest_claims WHERE brid IN (SELECT value FROM json_each(?1))",
                &ids
            )
            .0
            .starts_with(
                "DELETE buildrequest_claims FROM buildrequest_claims JOIN (SELECT 1) AS bb_one \
                 WHERE brid IN (SELECT value FROM JSON_TABLE("
            )
        );
        // Left alone: no subquery, RETURNING, LIMIT.
        for text in [
            "UPDATE masters SET active = 0 WHERE id = ?2",
            "DELETE FROM buildrequest_claims WHERE brid IN (SELECT value FROM json_each(?1)) \
             RETURNING brid",
            "UPDATE logs SET type = 'd' WHERE id IN (SELECT id FROM logs LIMIT 5)",
        ] {
            let (out, _) = sql(text, &ids);
            assert!(!out.contains("bb_one"), "{out}");
        }
    }

    #[test]
    fn other_spellings() {
        assert_eq!(
            sql(
                "(SELECT json_group_array(name) FROM \
                 (SELECT tags.name FROM bt JOIN tags ON tags.id = bt.tagid \
                 WHERE bt.builderid = b.id ORDER BY bt.id) AS bt), x",
                &[]
            )
            .0,
            "(SELECT CONCAT('[', COALESCE(GROUP_CONCAT(SUBSTRING(JSON_ARRAY(name), 2, \
             CHAR_LENGTH(JSON_ARRAY(name)) - 2) ORDER BY bt.id SEPARATOR ','), ''), ']') \
             FROM bt JOIN tags ON tags.id = bt.tagid WHERE bt.builderid = b.id), x"
        );
        assert_eq!(
            sql("ORDER BY a DESC NULLS LAST, b ASC NULLS FIRST, id ASC", &[]).0,
            "ORDER BY a DESC, b ASC, id ASC"
        );
        assert_eq!(
            sql(
                "SELECT f FROM change_files WHERE changeid = ?1 ORDER BY rowid",
                &ints(1)
            )
            .0,
            "SELECT f FROM change_files WHERE changeid = ?"
        );
        assert_eq!(
            sql("CAST(NULL AS TEXT) AS d, CAST(NULL AS INTEGER) AS p", &[]).0,
            "CAST(NULL AS CHAR) AS d, CAST(NULL AS SIGNED) AS p"
        );
        assert_eq!(
            sql(
                "INSERT INTO object_state (objectid, name, value_json) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (objectid, name) DO UPDATE SET value_json = excluded.value_json",
                &[
                    Value::Int(1),
                    Value::Text("a".into()),
                    Value::Text("1".into())
                ]
            )
            .0,
            "INSERT INTO object_state (objectid, name, value_json) VALUES (?, ?, ?) \
             ON DUPLICATE KEY UPDATE value_json = VALUES(value_json)"
        );
        let t = translate("DELETE FROM c WHERE masterid = ?1 RETURNING brid", &ints(1));
        assert_eq!(t.returning.as_deref(), Some("brid"));
        assert_eq!(t.without_returning, "DELETE FROM c WHERE masterid = ?");
        // Words that only contain the spellings stay.
        assert_eq!(
            sql("SELECT monkey, rowids FROM t", &[]).0,
            "SELECT monkey, rowids FROM t"
        );
    }

    #[test]
    fn columns_are_named_for_the_utf8_check() {
        assert_eq!(
            column_of(
                "INSERT INTO buildsets (external_idstring, reason, submitted_at) VALUES (?1, ?2, ?3) RETURNING id",
                2
            )
            .as_deref(),
            Some("buildsets.reason")
        );
        assert_eq!(
            column_of(
                "UPDATE object_state SET value_json = ?3 WHERE objectid = ?1",
                3
            )
            .as_deref(),
            Some("object_state.value_json")
        );
        let t = translate(
            "INSERT INTO t (a) VALUES (?1)",
            &[Value::Text("ok 🦀".into())],
        );
        let err = check_utf8mb3(
            "INSERT INTO t (a) VALUES (?1)",
            &t,
            &[Value::Text("ok 🦀".into())],
        )
        .unwrap_err();
        assert_eq!(err.kind, Kind::Usage);
        assert!(
            err.message.starts_with("t.a holds '🦀' (U+1F980)"),
            "{}",
            err.message
        );
    }

    /// Every distinct statement the connectors ran in the CLI suite on
    /// SQLite (`mysql-corpus.txt`: the kinds of its parameters, a tab, the
    /// SQL; logged from the SQLite driver), in MySQL's spelling: no SQLite
    /// spelling left, one bound value per `?`. Each also PREPAREd on
    /// MariaDB 10.11 when the corpus was made.
    #[test]
    fn every_connector_statement_translates() {
        for line in include_str!("mysql-corpus.txt").lines() {
            let (kinds, sqlite) = line.split_once('\t').expect("KINDS\tSQL");
            let params: Vec<Value> = kinds
                .chars()
                .map(|k| match k {
                    'I' => Value::Int(1),
                    'R' => Value::Real(1.0),
                    'T' => Value::Text("x".into()),
                    'L' => Value::Ids(vec![1]),
                    'S' => Value::Texts(vec!["x".into()]),
                    _ => Value::Null,
                })
                .collect();
            let t = translate(sqlite, &params);
            let placeholders = t.sql.matches('?').count();
            assert_eq!(placeholders, t.order.len(), "{}", t.sql);
            assert!(t.order.iter().all(|&n| n <= params.len()), "{}", t.sql);
            for sqlite_only in [
                "json_each(",
                "json_group_array(",
                "instr(",
                "IS NOT ?",
                "NULLS FIRST",
                "NULLS LAST",
                "rowid",
                "AS INTEGER)",
                "AS BIGINT)",
                "AS TEXT)",
                "ON CONFLICT",
                "excluded.",
            ] {
                assert!(!t.sql.contains(sqlite_only), "{sqlite_only} in {}", t.sql);
            }
            assert!(
                !t.sql
                    .as_bytes()
                    .windows(2)
                    .any(|w| w[0] == b'?' && w[1].is_ascii_digit()),
                "{}",
                t.sql
            );
        }
    }

    #[test]
    fn myisam_locks_name_every_alias() {
        let sql = lock_tables(&["buildrequests".to_string(), "objects".to_string()]);
        assert_eq!(
            sql,
            "LOCK TABLES `buildrequests` WRITE, `buildrequests` AS br WRITE, `objects` WRITE"
        );
        // Every `FROM table AS alias` / `JOIN table AS alias` the
        // connectors write is locked under that alias.
        let sources = [
            include_str!("../builders.rs"),
            include_str!("../buildrequests.rs"),
            include_str!("../buildsets.rs"),
            include_str!("../changes.rs"),
            include_str!("../changesources.rs"),
            include_str!("../masters.rs"),
            include_str!("../running.rs"),
            include_str!("../sourcestamps.rs"),
            include_str!("../state.rs"),
            include_str!("../users.rs"),
            include_str!("../../commands/poll.rs"),
        ];
        for source in sources {
            let words: Vec<&str> = source
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '{' || c == '}'))
                .filter(|w| !w.is_empty())
                .collect();
            for w in words.windows(4) {
                if (w[0] == "FROM" || w[0] == "JOIN") && w[2] == "AS" {
                    let (table, alias) = (w[1], w[3]);
                    if table.starts_with('{') {
                        continue;
                    }
                    assert!(
                        ALIASES.contains(&(table, alias)),
                        "{table} AS {alias} is not in ALIASES"
                    );
                }
            }
        }
    }
}
