//! A private MariaDB server for the tests, started by the suite itself.
//!
//! Never the machine's own MariaDB service (port 3306,
//! `/run/mysqld/mysqld.sock`): this module runs `mariadb-install-db` (when
//! the server programs are missing, it runs `apt-get update && apt-get
//! install -y mariadb-server`) into `target/mysql-test/data` and starts
//! `mariadbd` on it with `--no-defaults` (no `/etc/mysql` file is read), on a
//! free loopback port of its own, listening on 127.0.0.1 only, with its unix
//! socket at `target/mysql-test/sock/mysqld.sock`. Like the Buildbot
//! virtualenv it is never skipped: what cannot be set up fails loudly,
//! saying why.
//!
//! - **Who runs it.** Run as root, `mariadbd --user=mysql` (the OS user
//!   Debian's package makes) drops to that user, which owns the data, socket
//!   and log directories and the TLS key; run as another user, the server
//!   runs as that user.
//! - **Accounts.** [`ADMIN`] (`bb_admin@localhost`, every privilege, no
//!   password): reachable over the unix socket only (with
//!   `skip-name-resolve` a TCP login from 127.0.0.1 is not `localhost`, and
//!   fails). [`USER`] (`bb_pw@%`): logs in over TCP or the socket with the
//!   server's password ([`MyServer::password`], `bbpw-` and 16 hex digits
//!   made at setup, kept in `target/mysql-test/password`;
//!   `mysql_native_password`), with every privilege on the databases named
//!   `bb\_…`. No other account is left (root, the anonymous ones and `mysql`
//!   are dropped at setup).
//! - **TLS.** A test CA made at setup with the openssl CLI
//!   (`target/mysql-test/tls/ca.crt`, [`MyServer::ca_cert`]); the server's
//!   certificate names `localhost` and `127.0.0.1` (a DNS and an IP SAN), so
//!   a verifying client succeeds by either. A second CA that signed nothing,
//!   [`MyServer::other_ca_cert`], makes verification fail. TCP without TLS is
//!   accepted too.
//! - **Lifetime.** Started once per test process (a `OnceLock`), shared by
//!   test processes through a file lock (`target/mysql-test.lock`). The
//!   server is left running when the tests end and reused by later runs: a
//!   run finds it through `target/mysql-test/port` and its socket, and starts
//!   it again (on the same port if free, else on a new one) when it does not
//!   answer. It does not outlive its data directory: a watchdog shell beside
//!   it stops it within five seconds of `target/mysql-test/data`
//!   disappearing (`cargo clean`). To stop it by hand: `cargo test --test cli
//!   my::stop_server -- --ignored`.
//! - **Databases.** Every test takes its own: [`fresh_db`] (empty) or
//!   [`buildbot_db`] (the schema `buildbot create-master` makes with InnoDB
//!   or MyISAM, loaded from a dump of it made once per server), dropped
//!   when the [`MyDb`] is dropped; those of a test process that was killed
//!   are dropped by the next process that uses the server (`bb_test_<pid>_…`,
//!   pid gone). [`MyDb::sql`] runs SQL on it as the admin without bb;
//!   [`MyDb::catalog`] describes its schema for comparisons; [`MyDb::conn`]
//!   is a Rust client (the `mysql` crate) as the admin over the socket.
//! - **Server settings.** Debian's character set (`utf8mb4`,
//!   `utf8mb4_general_ci`: what the database a `CREATE DATABASE` makes
//!   defaults to, and so `alembic_version`'s, the one table Buildbot does
//!   not give `utf8`); `max_connections = 300`; no binary log; InnoDB without
//!   fsync (`innodb_flush_method = nosync`, the log flushed once a second,
//!   no doublewrite) and a 16 MB redo log: it holds test data only.
//! - **Buildbot's schema.** `buildbot_4_3_schema_on_mysql` runs real
//!   Buildbot 4.3's `create-master` with InnoDB and with Buildbot's default
//!   engine (MyISAM), writes their dumps and catalogs to
//!   `target/mysql-test/buildbot-4.3-{innodb,myisam}.{sql,catalog.txt}`, and
//!   checks that the repository's `schema-mysql.sql` creates exactly that.

#![allow(dead_code)]

use std::fs::{self, File, OpenOptions};
use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::server;
use crate::support::run_with_stdin;
use crate::venv;

/// The admin account the tests (and [`MyDb::sql`]) use, over the unix
/// socket only, without a password.
pub const ADMIN: &str = "bb_admin";
/// The account that logs in with a password, over TCP or the socket.
pub const USER: &str = "bb_pw";
/// The address the server listens on (the host of [`MyDb::url`]).
pub use crate::server::HOST;
/// The other name the server's certificate is for.
pub const TLS_HOST: &str = "localhost";

/// How a setup failure describes this server (see [`server::Setup`]).
const SETUP: server::Setup = server::Setup {
    name: "MARIADB",
    needs: "These tests run a private MariaDB server under target/mysql-test\n\
         (never the machine's own on port 3306). They need MariaDB's server\n\
         programs (mariadbd, mariadb-install-db, mariadb, mariadb-dump; the\n\
         tests run apt-get install -y mariadb-server when they are missing)\n\
         and openssl, and, run as root, the mysql OS user. Logs:\n\
         target/mysql-test/run/server.log and start.log. They do not skip.",
};

/// What a finished setup writes to `target/mysql-test/ready`, with the
/// server program's path: change it to have every data directory made again.
const LAYOUT: &str = "bb mysql-test layout 1";
/// The bound on the wait for a started server to answer.
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// The options `mariadbd` (and `mariadb-install-db`, which passes them on)
/// gets besides the paths and the port.
const SERVER_OPTIONS: &[&str] = &[
    "--bind-address=127.0.0.1",
    "--skip-name-resolve",
    "--skip-log-bin",
    "--character-set-server=utf8mb4",
    "--collation-server=utf8mb4_general_ci",
    "--max-connections=300",
    "--innodb-log-file-size=16M",
    "--innodb-buffer-pool-size=128M",
    "--innodb-flush-log-at-trx-commit=0",
    "--innodb-flush-method=nosync",
    "--innodb-doublewrite=0",
];

/// A storage engine Buildbot can create its tables with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageEngine {
    InnoDb,
    MyIsam,
}

impl StorageEngine {
    /// The name MySQL and Buildbot's `storage_engine=` use.
    pub fn name(self) -> &'static str {
        match self {
            StorageEngine::InnoDb => "InnoDB",
            StorageEngine::MyIsam => "MyISAM",
        }
    }

    fn file_stem(self) -> &'static str {
        match self {
            StorageEngine::InnoDb => "innodb",
            StorageEngine::MyIsam => "myisam",
        }
    }
}

/// The server programs this module uses.
pub struct Bin {
    pub mariadbd: PathBuf,
    pub install_db: PathBuf,
    /// The `mariadb` client.
    pub client: PathBuf,
    pub dump: PathBuf,
}

/// The running private server.
pub struct MyServer {
    pub bin: Bin,
    /// `target/mysql-test`.
    pub dir: PathBuf,
    /// The data directory: `target/mysql-test/data`.
    pub data: PathBuf,
    /// The unix socket (`unix_socket=` of a socket URL).
    pub socket: PathBuf,
    /// The TCP port on 127.0.0.1.
    pub port: u16,
    /// `bb_pw`'s password.
    pub password: String,
    /// The CA that signed the server's certificate (`ssl_ca=`).
    pub ca_cert: PathBuf,
    /// A CA that signed nothing: verification with it fails.
    pub other_ca_cert: PathBuf,
    /// The server's log.
    pub log: PathBuf,
    /// `Some("mysql")` when the tests run as root.
    os_user: Option<String>,
}

/// The server, set up or started on first use in this process.
pub fn server() -> &'static MyServer {
    static SERVER: OnceLock<MyServer> = OnceLock::new();
    SERVER.get_or_init(start)
}

/// A new empty database on the private server (the server's default
/// character set, `utf8mb4`), which `bb_pw` may do anything in; dropped
/// (best effort) when the returned value is dropped.
pub fn fresh_db() -> MyDb {
    let server = server();
    let dbname = server::unique_name();
    server.admin_sql(&format!(
        "DROP DATABASE IF EXISTS `{dbname}`; CREATE DATABASE `{dbname}`;"
    ));
    MyDb::new(server, dbname)
}

/// A new database holding the schema real Buildbot 4.3 creates on MariaDB
/// with `engine` (`buildbot create-master
/// --db=mysql+pymysql://bb_pw:…@127.0.0.1:PORT/DB?storage_engine=ENGINE`),
/// its `alembic_version` row included: a fresh database into which the
/// dump of such a database, made once per server, is loaded.
pub fn buildbot_db(engine: StorageEngine) -> MyDb {
    let server = server();
    let dump = server.ensure_buildbot_dump(engine);
    let db = fresh_db();
    db.load(&dump);
    db
}

/// Stops the private server if it is running (for manual cleanup; the
/// suite itself leaves it running). Waits for it to stop.
pub fn stop() {
    let paths = Paths::new();
    let _lock = SETUP.lock(&paths.target, &paths.lock);
    stop_server_of(&paths.data, Duration::from_secs(30));
}

/// The pid in the data directory's `mysqld.pid` when that process is alive
/// and is this data directory's server (its command line names the data
/// directory): never another process that got the pid after a crash.
fn server_pid(data: &Path) -> Option<u32> {
    let content = fs::read_to_string(data.join("mysqld.pid")).ok()?;
    let pid: u32 = content.trim().parse().ok()?;
    let cmdline = fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    let want = format!("--datadir={}", data.display());
    cmdline
        .split(|&b| b == 0)
        .any(|arg| arg == want.as_bytes())
        .then_some(pid)
}

/// SIGTERM to the server of `data`, then SIGKILL if it is still there after
/// `patience`; returns once it is gone.
fn stop_server_of(data: &Path, patience: Duration) {
    let Some(pid) = server_pid(data) else { return };
    let gone = || !Path::new(&format!("/proc/{pid}")).exists() || server_pid(data).is_none();
    // SAFETY: kill(2) on a pid checked to be this data directory's server.
    unsafe { libc::kill(pid as i32, libc::SIGTERM) };
    let started = Instant::now();
    while !gone() {
        if started.elapsed() > patience {
            // SAFETY: as above.
            unsafe { libc::kill(pid as i32, libc::SIGKILL) };
        }
        if started.elapsed() > patience + Duration::from_secs(10) {
            setup_failed(
                "stop the test MariaDB server",
                format!("pid {pid} is still running"),
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// One database on the private server; dropped when this value is dropped.
pub struct MyDb {
    pub server: &'static MyServer,
    /// `bb_test_<pid>_<n>_<time>`: only letters, digits and `_`.
    pub dbname: String,
    /// 127.0.0.1
    pub host: &'static str,
    pub port: u16,
    /// `bb_pw`
    pub user: &'static str,
    pub password: String,
    pub socket: PathBuf,
    pub ca_cert: PathBuf,
}

impl MyDb {
    fn new(server: &'static MyServer, dbname: String) -> MyDb {
        MyDb {
            server,
            dbname,
            host: HOST,
            port: server.port,
            user: USER,
            password: server.password.clone(),
            socket: server.socket.clone(),
            ca_cert: server.ca_cert.clone(),
        }
    }

    /// `mysql://bb_pw:PASSWORD@127.0.0.1:PORT/DBNAME`, as in a master.cfg's
    /// `db_url` (TCP, no TLS asked for).
    pub fn url(&self) -> String {
        format!(
            "mysql://{}:{}@{}:{}/{}",
            self.user, self.password, self.host, self.port, self.dbname
        )
    }

    /// `mysql://bb_pw@127.0.0.1:PORT/DBNAME`: [`MyDb::url`] without the
    /// password, as bb names the database in its output.
    pub fn url_without_password(&self) -> String {
        format!(
            "mysql://{}@{}:{}/{}",
            self.user, self.host, self.port, self.dbname
        )
    }

    /// `mysql+pymysql://bb_pw:PASSWORD@127.0.0.1:PORT/DBNAME[?storage_engine=E]`:
    /// the `db_url` to give Buildbot (the venv's MySQL driver is PyMySQL).
    /// Without an engine, Buildbot creates MyISAM tables.
    pub fn buildbot_url(&self, engine: Option<StorageEngine>) -> String {
        let query = engine
            .map(|e| format!("?storage_engine={}", e.name()))
            .unwrap_or_default();
        format!(
            "mysql+pymysql://{}:{}@{}:{}/{}{query}",
            self.user, self.password, self.host, self.port, self.dbname
        )
    }

    /// `mysql://bb_pw:PASSWORD@localhost/DBNAME?unix_socket=SOCKET`: `bb_pw`
    /// over the unix socket (host `localhost` means the socket).
    pub fn socket_url(&self) -> String {
        format!(
            "mysql://{}:{}@localhost/{}?unix_socket={}",
            self.user,
            self.password,
            self.dbname,
            self.socket.display()
        )
    }

    /// `mysql://bb_pw@localhost/DBNAME?unix_socket=SOCKET`: how bb names a
    /// socket connection (CLI.md), the password left out.
    pub fn socket_url_without_password(&self) -> String {
        format!(
            "mysql://{}@localhost/{}?unix_socket={}",
            self.user,
            self.dbname,
            self.socket.display()
        )
    }

    /// `mysql://bb_admin@localhost/DBNAME?unix_socket=SOCKET`: the admin over
    /// the socket, no password.
    pub fn admin_socket_url(&self) -> String {
        format!(
            "mysql://{ADMIN}@localhost/{}?unix_socket={}",
            self.dbname,
            self.socket.display()
        )
    }

    /// `mysql://bb_pw:PASSWORD@127.0.0.1:PORT/DBNAME?ssl_mode=MODE&ssl_ca=CA`
    /// (`ssl_mode` as the mysql client: `REQUIRED`, `VERIFY_CA`,
    /// `VERIFY_IDENTITY`, ...). The certificate names 127.0.0.1, so
    /// `VERIFY_IDENTITY` succeeds.
    pub fn tls_url(&self, ssl_mode: &str) -> String {
        format!(
            "mysql://{}:{}@{}:{}/{}?ssl_mode={ssl_mode}&ssl_ca={}",
            self.user,
            self.password,
            self.host,
            self.port,
            self.dbname,
            self.ca_cert.display()
        )
    }

    /// Runs SQL (any number of statements) on this database as the admin
    /// over the socket; stdout as `mariadb --batch --skip-column-names`
    /// prints it (tab-separated columns, one row a line, `NULL` for NULL,
    /// trailing newline removed). Panics with the client's error when a
    /// statement fails.
    pub fn sql(&self, sql: &str) -> String {
        self.try_sql(sql)
            .unwrap_or_else(|err| panic!("SQL on {} failed: {err}\n--- SQL\n{sql}", self.dbname))
    }

    /// [`MyDb::sql`], with the client's stderr as the error.
    pub fn try_sql(&self, sql: &str) -> Result<String, String> {
        self.server.sql_on(&self.dbname, sql)
    }

    /// Runs a file of SQL (a dump, schema-mysql.sql) with the `mariadb`
    /// client as the admin over the socket; panics when it fails.
    pub fn load(&self, sql: &str) {
        self.sql(sql);
    }

    /// A Rust client connection (the `mysql` crate) to this database as the
    /// admin over the socket.
    pub fn conn(&self) -> mysql::Conn {
        let opts = mysql::OptsBuilder::new()
            .socket(Some(self.socket.to_str().expect("a UTF-8 socket path")))
            .user(Some(ADMIN))
            .db_name(Some(&self.dbname));
        mysql::Conn::new(opts).unwrap_or_else(|err| panic!("connect to {}: {err}", self.dbname))
    }

    /// A canonical description of this database's schema, one sorted line
    /// per fact, from `information_schema`: tables (`table T engine E
    /// collation C [options O]`); columns (`column T NNN NAME TYPE
    /// null|not null [default D] [EXTRA] [charset CS collate C]`, NNN the
    /// position, TYPE as `COLUMN_TYPE`: `int(11)`, `varchar(255)`, D as
    /// MariaDB shows it: `0`, `''`, `NULL`); indexes, primary keys
    /// included (`index T NAME unique|plain BTREE (C, C(PREFIX), ...)`);
    /// foreign keys (`fk T NAME (C, ...) -> R(C, ...) on delete A on update
    /// A`); and, when there are any, check constraints, views, triggers and
    /// routines. Equal catalogs mean equal schemas; an empty database's is
    /// empty. The auto-increment counters are not schema and not in it.
    pub fn catalog(&self) -> String {
        let mut lines: Vec<String> = self
            .sql(CATALOG_SQL)
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        lines.sort();
        lines.iter().map(|l| format!("{l}\n")).collect()
    }

    /// `mariadb-dump --no-data --skip-comments` of this database, and the
    /// rows of `alembic_version` when it has that table.
    pub fn schema_dump(&self) -> String {
        let mut dump = self
            .server
            .dump(&["--no-data", "--skip-comments", &self.dbname]);
        let has_alembic = self.sql(
            "SELECT count(*) FROM information_schema.TABLES \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'alembic_version'",
        );
        if has_alembic == "1" {
            dump.push_str(&self.server.dump(&[
                "--no-create-info",
                "--skip-comments",
                &self.dbname,
                "alembic_version",
            ]));
        }
        dump
    }

    /// The names of this database's tables, in name order.
    pub fn tables(&self) -> Vec<String> {
        self.sql(
            "SELECT TABLE_NAME FROM information_schema.TABLES \
             WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME",
        )
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
    }
}

impl Drop for MyDb {
    fn drop(&mut self) {
        // Best effort: never panic in drop (it may run while unwinding).
        let _ = self
            .server
            .try_admin_sql(&format!("DROP DATABASE IF EXISTS `{}`;", self.dbname));
    }
}

/// The catalog query behind [`MyDb::catalog`]: one line per fact.
const CATALOG_SQL: &str = r#"
SELECT CONCAT('table ', TABLE_NAME, ' engine ', IFNULL(ENGINE, '-'),
              ' collation ', IFNULL(TABLE_COLLATION, '-'),
              IF(IFNULL(CREATE_OPTIONS, '') = '', '', CONCAT(' options ', CREATE_OPTIONS)))
  FROM information_schema.TABLES
  WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'
UNION ALL
SELECT CONCAT('view ', TABLE_NAME, ' ', VIEW_DEFINITION)
  FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()
UNION ALL
SELECT CONCAT('column ', TABLE_NAME, ' ', LPAD(ORDINAL_POSITION, 3, '0'), ' ', COLUMN_NAME,
              ' ', COLUMN_TYPE, IF(IS_NULLABLE = 'YES', ' null', ' not null'),
              IF(COLUMN_DEFAULT IS NULL, '', CONCAT(' default ', COLUMN_DEFAULT)),
              IF(EXTRA = '', '', CONCAT(' ', EXTRA)),
              IF(CHARACTER_SET_NAME IS NULL, '',
                 CONCAT(' charset ', CHARACTER_SET_NAME, ' collate ', COLLATION_NAME)))
  FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
UNION ALL
SELECT CONCAT('index ', TABLE_NAME, ' ', INDEX_NAME, IF(NON_UNIQUE = 0, ' unique', ' plain'),
              ' ', INDEX_TYPE, ' (',
              GROUP_CONCAT(CONCAT(COLUMN_NAME, IFNULL(CONCAT('(', SUB_PART, ')'), ''),
                                  IF(COLLATION = 'D', ' desc', ''))
                           ORDER BY SEQ_IN_INDEX SEPARATOR ', '), ')')
  FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
  GROUP BY TABLE_NAME, INDEX_NAME, NON_UNIQUE, INDEX_TYPE
UNION ALL
SELECT CONCAT('fk ', k.TABLE_NAME, ' ', k.CONSTRAINT_NAME, ' (',
              GROUP_CONCAT(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR ', '),
              ') -> ', k.REFERENCED_TABLE_NAME, '(',
              GROUP_CONCAT(k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR ', '),
              ') on delete ', r.DELETE_RULE, ' on update ', r.UPDATE_RULE)
  FROM information_schema.KEY_COLUMN_USAGE k
  JOIN information_schema.REFERENTIAL_CONSTRAINTS r
    ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME
   AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
  WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
  GROUP BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.REFERENCED_TABLE_NAME, r.DELETE_RULE, r.UPDATE_RULE
UNION ALL
SELECT CONCAT('check ', TABLE_NAME, ' ', CONSTRAINT_NAME, ' ', CHECK_CLAUSE)
  FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()
UNION ALL
SELECT CONCAT('trigger ', EVENT_OBJECT_TABLE, ' ', TRIGGER_NAME, ' ', ACTION_TIMING, ' ',
              EVENT_MANIPULATION, ' ', ACTION_STATEMENT)
  FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()
UNION ALL
SELECT CONCAT('routine ', ROUTINE_TYPE, ' ', ROUTINE_NAME)
  FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE();
"#;

// ---------------------------------------------------------------------------
// Setup and start.

/// Where everything lives.
struct Paths {
    target: PathBuf,
    /// target/mysql-test
    dir: PathBuf,
    data: PathBuf,
    socket_dir: PathBuf,
    socket: PathBuf,
    /// Owned by the server's user: its log.
    run: PathBuf,
    tls: PathBuf,
    port_file: PathBuf,
    password_file: PathBuf,
    ready: PathBuf,
    lock: PathBuf,
}

impl Paths {
    fn new() -> Paths {
        let target = server::target_dir();
        let dir = target.join("mysql-test");
        let socket_dir = server::socket_dir(&target, &dir, "/mysqld.sock", "my");
        Paths {
            data: dir.join("data"),
            run: dir.join("run"),
            tls: dir.join("tls"),
            port_file: dir.join("port"),
            password_file: dir.join("password"),
            ready: dir.join("ready"),
            lock: target.join("mysql-test.lock"),
            socket: socket_dir.join("mysqld.sock"),
            socket_dir,
            dir,
            target,
        }
    }
}

/// Sets up the data directory unless a previous run did, and starts the
/// server unless it is running; under the file lock.
fn start() -> MyServer {
    let paths = Paths::new();
    let _lock = SETUP.lock(&paths.target, &paths.lock);
    let bin = find_bin().unwrap_or_else(install_mariadb);
    let os_user = os_user();
    let ready = format!("{LAYOUT}\n{}\n", bin.mariadbd.display());
    let mut server = MyServer {
        bin,
        dir: paths.dir.clone(),
        data: paths.data.clone(),
        socket: paths.socket.clone(),
        port: 0,
        password: String::new(),
        ca_cert: paths.tls.join("ca.crt"),
        other_ca_cert: paths.tls.join("other-ca.crt"),
        log: paths.run.join("server.log"),
        os_user,
    };
    let set_up = fs::read_to_string(&paths.ready).is_ok_and(|r| r == ready)
        && paths.data.join("mysql").is_dir();
    let password = fs::read_to_string(&paths.password_file).ok();
    if let (true, Some(password)) = (set_up, password) {
        server.password = password.trim().to_string();
        let old_port = fs::read_to_string(&paths.port_file)
            .ok()
            .and_then(|p| p.trim().parse::<u16>().ok());
        if let Some(port) = old_port {
            server.port = port;
        }
        if old_port.is_none() || server.ping(ADMIN).is_err() {
            server.launch(&paths, old_port, ADMIN);
        }
        server.drop_orphan_dbs();
        return server;
    }

    // Not set up, or set up by another layout or server: start afresh.
    stop_server_of(&paths.data, Duration::from_secs(10));
    for dir in [&paths.dir, &paths.socket_dir] {
        if dir.exists() {
            fs::remove_dir_all(dir).unwrap_or_else(|err| {
                setup_failed(&format!("remove the old {}", dir.display()), err)
            });
        }
    }
    for dir in [&paths.dir, &paths.tls] {
        fs::create_dir_all(dir)
            .unwrap_or_else(|err| setup_failed(&format!("create {}", dir.display()), err));
    }
    for (dir, mode) in [
        (&paths.data, 0o700),
        (&paths.run, 0o755),
        (&paths.socket_dir, 0o755),
    ] {
        fs::create_dir_all(dir)
            .unwrap_or_else(|err| setup_failed(&format!("create {}", dir.display()), err));
        SETUP.give(&server.os_user, dir, mode);
    }
    server.make_tls(&paths.tls);
    server.password = format!("bbpw-{}", random_hex(8));
    fs::write(&paths.password_file, format!("{}\n", server.password)).unwrap_or_else(|err| {
        setup_failed(&format!("write {}", paths.password_file.display()), err)
    });

    // A root@localhost without a password (`normal`), used once below to
    // make the accounts and then dropped.
    let mut install = Command::new(&server.bin.install_db);
    install
        .current_dir(&paths.dir)
        .arg("--no-defaults")
        .arg(format!("--datadir={}", paths.data.display()))
        .args(["--auth-root-authentication-method=normal", "--skip-test-db"])
        .args(SERVER_OPTIONS)
        .stdin(Stdio::null());
    if let Some(user) = &server.os_user {
        install.arg(format!("--user={user}"));
    }
    run_setup(
        "initialise the data directory (mariadb-install-db)",
        &mut install,
        None,
    );

    server.launch(&paths, None, "root");
    let password = server.password.clone();
    let accounts = format!(
        "CREATE USER {ADMIN}@localhost;\n\
         GRANT ALL PRIVILEGES ON *.* TO {ADMIN}@localhost WITH GRANT OPTION;\n\
         CREATE USER {USER}@'%' IDENTIFIED BY '{password}';\n\
         GRANT ALL PRIVILEGES ON `bb\\_%`.* TO {USER}@'%';\n"
    );
    let mut cmd = server.client_as("root", None);
    run_stdin_setup("make the accounts", &mut cmd, &accounts, Some(&password));
    // Every other account (root, the anonymous ones, the OS user's) goes.
    let others = server.admin_sql(&format!(
        "SELECT CONCAT('DROP USER `', User, '`@`', Host, '`;') FROM mysql.global_priv \
         WHERE NOT (User = '{ADMIN}' AND Host = 'localhost') \
         AND NOT (User = '{USER}' AND Host = '%') AND User <> 'mariadb.sys'"
    ));
    server.admin_sql(&format!("{others}\nFLUSH PRIVILEGES;"));
    fs::write(&paths.ready, ready)
        .unwrap_or_else(|err| setup_failed(&format!("write {}", paths.ready.display()), err));
    server
}

impl MyServer {
    /// Starts the server: on `old_port` if it is free, else on a free port;
    /// writes the port file once it answers `user` over the socket.
    /// Bounded: [`START_TIMEOUT`] a try, another port (up to three tries)
    /// only when the port was taken.
    fn launch(&mut self, paths: &Paths, old_port: Option<u16>, user: &str) {
        stop_server_of(&self.data, Duration::from_secs(10));
        let _ = fs::remove_file(self.data.join("mysqld.pid"));
        if self.socket.exists() {
            let _ = fs::remove_file(&self.socket);
        }
        let log_start = fs::metadata(&self.log).map(|m| m.len()).unwrap_or(0);
        let mut failures = String::new();
        for attempt in 0..3 {
            let port = match old_port {
                Some(port) if attempt == 0 && server::port_is_free(port) => port,
                _ => SETUP.free_port(),
            };
            self.port = port;
            let started = Instant::now();
            self.spawn(paths, port);
            loop {
                match self.ping(user) {
                    Ok(()) => {
                        fs::write(&paths.port_file, format!("{port}\n")).unwrap_or_else(|err| {
                            setup_failed(&format!("write {}", paths.port_file.display()), err)
                        });
                        return;
                    }
                    Err(err) if started.elapsed() > START_TIMEOUT => {
                        failures.push_str(&format!(
                            "port {port}: no answer in {START_TIMEOUT:?}: {err}\n"
                        ));
                        break;
                    }
                    Err(err) => {
                        // Gone already: no use waiting.
                        if server_pid(&self.data).is_none()
                            && started.elapsed() > Duration::from_secs(3)
                        {
                            failures.push_str(&format!("port {port}: the server exited: {err}\n"));
                            break;
                        }
                        std::thread::sleep(Duration::from_millis(50));
                    }
                }
            }
            // Whatever started must not linger before the next try; only a
            // port taken since it was chosen is worth another.
            stop_server_of(&self.data, Duration::from_secs(5));
            if !server::log_since(&self.log, log_start).contains("Address already in use") {
                break;
            }
        }
        setup_failed(
            "start the test MariaDB server",
            format!(
                "{failures}--- {} (this start)\n{}\n--- {}\n{}",
                self.log.display(),
                server::log_since(&self.log, log_start),
                paths.run.join("start.log").display(),
                fs::read_to_string(paths.run.join("start.log")).unwrap_or_default()
            ),
        );
    }

    /// Starts `mariadbd` in the background, in a process group of its own
    /// (a Ctrl-C of the tests does not reach it) and no child of this
    /// process, beside a watchdog shell that stops it when the data
    /// directory is gone.
    fn spawn(&self, paths: &Paths, port: u16) {
        let mut args: Vec<String> = vec![
            "--no-defaults".into(),
            format!("--datadir={}", self.data.display()),
            format!("--port={port}"),
            format!("--socket={}", self.socket.display()),
            format!("--pid-file={}", self.data.join("mysqld.pid").display()),
            format!("--log-error={}", self.log.display()),
            format!("--ssl-ca={}", paths.tls.join("ca.crt").display()),
            format!("--ssl-cert={}", paths.tls.join("server.crt").display()),
            format!("--ssl-key={}", paths.tls.join("server.key").display()),
        ];
        args.extend(SERVER_OPTIONS.iter().map(|s| s.to_string()));
        if let Some(user) = &self.os_user {
            args.push(format!("--user={user}"));
        }
        // `$1` the data directory, `$2` mariadbd, then its arguments.
        // The outer shell exits at once (waited for below); the subshell,
        // left to init, waits for the server beside the watchdog.
        let script = r#"data=$1; shift
(
  "$@" &
  pid=$!
  ( while sleep 5; do
      kill -0 "$pid" 2>/dev/null || exit 0
      [ -d "$data" ] || { kill "$pid"; exit 0; }
    done ) &
  wait "$pid"
) &"#;
        let start_log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(paths.run.join("start.log"))
            .unwrap_or_else(|err| setup_failed("open run/start.log", err));
        let start_log2 = start_log
            .try_clone()
            .unwrap_or_else(|err| setup_failed("open run/start.log", err));
        let mut cmd = Command::new("sh");
        cmd.current_dir(&self.dir)
            .args(["-c", script, "sh"])
            .arg(&self.data)
            .arg(&self.bin.mariadbd)
            .args(&args)
            .stdin(Stdio::null())
            .stdout(start_log)
            .stderr(start_log2)
            .process_group(0);
        clean_env(&mut cmd);
        // status(), not output(): the server must not hold a pipe of ours.
        match cmd.status() {
            Ok(status) if status.success() => {}
            Ok(status) => setup_failed("start mariadbd (sh)", status),
            Err(err) => setup_failed("start mariadbd (sh)", err),
        }
    }

    /// Drops the databases of test processes that are gone (killed before
    /// their `MyDb` was dropped): `bb_test_<pid>_…` whose pid is not alive.
    fn drop_orphan_dbs(&self) {
        let Ok(names) = self.try_admin_sql(&format!(
            "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '{}%'",
            server::DB_PREFIX.replace('_', "\\_")
        )) else {
            return;
        };
        for name in names.lines() {
            let pid = name[server::DB_PREFIX.len()..]
                .split('_')
                .next()
                .unwrap_or("");
            if !pid.is_empty() && !Path::new(&format!("/proc/{pid}")).exists() {
                let _ = self.try_admin_sql(&format!("DROP DATABASE IF EXISTS `{name}`;"));
            }
        }
    }

    /// `SELECT 1` as `user` (no password) over the socket.
    fn ping(&self, user: &str) -> Result<(), String> {
        let mut cmd = self.client_as(user, None);
        match run_with_stdin(&mut cmd, "SELECT 1") {
            Ok(out) if out == "1" => Ok(()),
            Ok(out) => Err(format!("SELECT 1 printed {out:?}")),
            Err(err) => Err(err),
        }
    }

    /// Runs SQL as the admin on database `dbname`, over the socket.
    pub fn sql_on(&self, dbname: &str, sql: &str) -> Result<String, String> {
        let mut cmd = self.client_as(ADMIN, Some(dbname));
        run_with_stdin(&mut cmd, sql)
    }

    /// SQL as the admin with no default database; panics on failure.
    fn admin_sql(&self, sql: &str) -> String {
        self.try_admin_sql(sql)
            .unwrap_or_else(|err| setup_failed(&format!("run {sql:?}"), err))
    }

    fn try_admin_sql(&self, sql: &str) -> Result<String, String> {
        let mut cmd = self.client_as(ADMIN, None);
        run_with_stdin(&mut cmd, sql)
    }

    /// The `mariadb` client as `user` (no password) over the socket, in
    /// batch mode without column names, reading SQL from stdin.
    fn client_as(&self, user: &str, dbname: Option<&str>) -> Command {
        let mut cmd = self.client();
        cmd.args(["--batch", "--skip-column-names", "--connect-timeout=10"])
            .arg(format!("--socket={}", self.socket.display()))
            .arg(format!("--user={user}"));
        if let Some(dbname) = dbname {
            cmd.arg(format!("--database={dbname}"));
        }
        cmd
    }

    /// The `mariadb` client with `--no-defaults` (no option file is read)
    /// and no `MYSQL_*` variables inherited; add the connection options.
    pub fn client(&self) -> Command {
        let mut cmd = Command::new(&self.bin.client);
        cmd.arg("--no-defaults");
        clean_env(&mut cmd);
        cmd
    }

    /// `mariadb-dump ARGS` as the admin over the socket; panics on failure.
    fn dump(&self, args: &[&str]) -> String {
        let mut cmd = Command::new(&self.bin.dump);
        cmd.arg("--no-defaults")
            .arg(format!("--socket={}", self.socket.display()))
            .arg(format!("--user={ADMIN}"))
            .args(args);
        clean_env(&mut cmd);
        let out = run_setup("dump a database (mariadb-dump)", &mut cmd, None);
        String::from_utf8(out.stdout).expect("mariadb-dump prints UTF-8")
    }

    /// The last lines of the server's log.
    pub fn log_tail(&self) -> String {
        server::log_since(&self.log, 0)
    }

    /// The test CA, a server certificate for `localhost` and `127.0.0.1`
    /// signed by it, and a second CA that signed nothing; openssl CLI.
    fn make_tls(&self, tls: &Path) {
        let ext = tls.join("server.ext");
        fs::write(
            &ext,
            format!(
                "subjectAltName = DNS:{TLS_HOST}, IP:{HOST}\n\
                 basicConstraints = critical, CA:FALSE\n\
                 keyUsage = critical, digitalSignature, keyEncipherment\n\
                 extendedKeyUsage = serverAuth\n"
            ),
        )
        .unwrap_or_else(|err| setup_failed(&format!("write {}", ext.display()), err));
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"];
        for (ca, cn) in [("ca", "bb test CA"), ("other-ca", "bb other test CA")] {
            let mut cmd = Command::new("openssl");
            cmd.current_dir(tls)
                .args(["req", "-x509", "-nodes", "-days", "3650"])
                .args(ec)
                .args([
                    "-keyout",
                    &format!("{ca}.key"),
                    "-out",
                    &format!("{ca}.crt"),
                ])
                .args(["-subj", &format!("/CN={cn}")])
                .args(["-addext", "basicConstraints=critical,CA:TRUE"])
                .args(["-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
            run_setup(&format!("make the {cn} (openssl)"), &mut cmd, None);
        }
        let mut csr = Command::new("openssl");
        csr.current_dir(tls)
            .args(["req", "-new", "-nodes"])
            .args(ec)
            .args(["-keyout", "server.key", "-out", "server.csr"])
            .args(["-subj", &format!("/CN={TLS_HOST}")]);
        run_setup("make the server key (openssl)", &mut csr, None);
        let mut sign = Command::new("openssl");
        sign.current_dir(tls)
            .args(["x509", "-req", "-in", "server.csr", "-days", "3650"])
            .args(["-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial"])
            .args(["-extfile", "server.ext", "-out", "server.crt"]);
        run_setup("sign the server certificate (openssl)", &mut sign, None);
        // The server reads its key as its own user.
        SETUP.give(&self.os_user, &tls.join("server.key"), 0o600);
    }

    /// Runs `buildbot create-master` (Buildbot 4.3, the venv's) on a new
    /// database with `storage_engine=ENGINE`, or with none (Buildbot's
    /// default) when `engine` is `None`; the database it filled.
    pub fn create_master(&'static self, engine: Option<StorageEngine>) -> MyDb {
        let venv = venv::venv();
        let db = fresh_db();
        let master = tempfile::tempdir()
            .unwrap_or_else(|err| setup_failed("make a temporary directory", err));
        let mut create = Command::new(venv.join("bin/buildbot"));
        create
            .current_dir(master.path())
            .args([
                "create-master",
                "--quiet",
                &format!("--db={}", db.buildbot_url(engine)),
            ])
            .arg(master.path().join("master"))
            .stdin(Stdio::null());
        clean_env(&mut create);
        run_setup(
            &format!(
                "make Buildbot 4.3's schema on MariaDB (buildbot create-master, storage_engine={})",
                engine.map(StorageEngine::name).unwrap_or("(none)")
            ),
            &mut create,
            Some(&self.password),
        );
        db
    }

    /// `target/mysql-test/buildbot-4.3-ENGINE.sql`: the dump of a database
    /// `buildbot create-master` filled with `engine` (its schema and its
    /// `alembic_version` row), made once per server under a file lock, with
    /// `buildbot-4.3-ENGINE.catalog.txt` beside it. Returns the dump.
    fn ensure_buildbot_dump(&'static self, engine: StorageEngine) -> String {
        let path = self
            .dir
            .join(format!("buildbot-4.3-{}.sql", engine.file_stem()));
        if let Ok(dump) = fs::read_to_string(&path) {
            return dump;
        }
        venv::venv(); // before the lock: it may take minutes
        let lock_path = self.dir.join("buildbot-dump.lock");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .unwrap_or_else(|err| setup_failed(&format!("open {}", lock_path.display()), err));
        lock.lock()
            .unwrap_or_else(|err| setup_failed(&format!("lock {}", lock_path.display()), err));
        if let Ok(dump) = fs::read_to_string(&path) {
            return dump;
        }
        let db = self.create_master(Some(engine));
        let dump = db.schema_dump();
        self.save_buildbot_files(engine, &dump, &db.catalog());
        dump
    }

    /// Writes `buildbot-4.3-ENGINE.sql` and `.catalog.txt` (each whole or
    /// not at all: written aside, then renamed).
    fn save_buildbot_files(&self, engine: StorageEngine, dump: &str, catalog: &str) {
        let stem = format!("buildbot-4.3-{}", engine.file_stem());
        for (name, content) in [
            (format!("{stem}.catalog.txt"), catalog),
            (format!("{stem}.sql"), dump),
        ] {
            let path = self.dir.join(&name);
            let tmp = self.dir.join(format!("{name}.tmp{}", std::process::id()));
            fs::write(&tmp, content)
                .unwrap_or_else(|err| setup_failed(&format!("write {}", tmp.display()), err));
            fs::rename(&tmp, &path)
                .unwrap_or_else(|err| setup_failed(&format!("write {}", path.display()), err));
        }
    }
}

/// Test the harness itself; the server is shared with every other test.
#[test]
fn server_starts_and_takes_password_and_tls_logins() {
    use mysql::prelude::Queryable;

    let db = fresh_db();
    let server = db.server;
    assert_ne!(db.port, 3306, "never the machine's own MariaDB");
    assert!(server.data.starts_with(Paths::new().target));
    assert!(db.password.starts_with("bbpw-") && db.password.len() == 21);
    assert_eq!(db.sql("SELECT DATABASE()"), db.dbname);
    assert_eq!(
        db.sql("SELECT @@datadir"),
        format!("{}/", server.data.display())
    );
    assert_eq!(
        db.sql("SELECT @@socket"),
        server.socket.display().to_string()
    );
    // A fresh database is empty, in the server's character set.
    assert_eq!(db.tables(), Vec::<String>::new());
    assert_eq!(db.catalog(), "");
    assert_eq!(
        db.sql("SELECT @@character_set_database, @@collation_database"),
        "utf8mb4\tutf8mb4_general_ci"
    );
    // Several statements, several rows.
    db.sql(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);\n\
         INSERT INTO t VALUES (1, 'a'), (2, 'b|c');",
    );
    assert_eq!(db.sql("SELECT id, name FROM t ORDER BY id"), "1\ta\n2\tb|c");
    let err = db.try_sql("SELECT * FROM missing").unwrap_err();
    assert!(err.contains("ERROR 1146"), "{err}");

    let who = "SELECT CURRENT_USER(), \
               (SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS \
                WHERE VARIABLE_NAME = 'Ssl_version')";
    // The mariadb client over TCP: the password works, a wrong one or none
    // does not; the admin cannot log in over TCP.
    let tcp = |user: &str, password: Option<&str>, extra: &[&str]| {
        let mut cmd = server.client();
        cmd.args(["--batch", "--skip-column-names", "--protocol=TCP"])
            .arg(format!("--host={HOST}"))
            .arg(format!("--port={}", db.port))
            .arg(format!("--user={user}"))
            .arg(format!("--database={}", db.dbname))
            .args(extra);
        if let Some(password) = password {
            cmd.env("MYSQL_PWD", password);
        }
        run_with_stdin(&mut cmd, who)
    };
    assert_eq!(
        tcp(USER, Some(&db.password), &["--skip-ssl"]),
        Ok(format!("{USER}@%\t"))
    );
    let err = tcp(USER, Some("wrong"), &["--skip-ssl"]).unwrap_err();
    assert!(
        err.contains("Access denied for user 'bb_pw'@'127.0.0.1'"),
        "{err}"
    );
    let err = tcp(USER, None, &["--skip-ssl"]).unwrap_err();
    assert!(err.contains("(using password: NO)"), "{err}");
    let err = tcp(ADMIN, None, &["--skip-ssl"]).unwrap_err();
    assert!(
        err.contains("Access denied for user 'bb_admin'@'127.0.0.1'"),
        "{err}"
    );
    // TLS, verified against the test CA, by address and by name.
    let ca = format!("--ssl-ca={}", db.ca_cert.display());
    let verified = |host: &str, ca: &str| {
        let mut cmd = server.client();
        cmd.args(["--batch", "--skip-column-names", "--protocol=TCP"])
            .arg(format!("--host={host}"))
            .arg(format!("--port={}", db.port))
            .arg(format!("--user={USER}"))
            .arg(format!("--database={}", db.dbname))
            .args(["--ssl", ca, "--ssl-verify-server-cert"])
            .env("MYSQL_PWD", &db.password);
        run_with_stdin(&mut cmd, who)
    };
    for host in [HOST, TLS_HOST] {
        let out = verified(host, &ca).unwrap();
        assert!(out.starts_with(&format!("{USER}@%\tTLSv1.")), "{out}");
    }
    let other = format!("--ssl-ca={}", server.other_ca_cert.display());
    let err = verified(HOST, &other).unwrap_err();
    assert!(err.contains("ERROR 2026"), "{err}");

    // The Rust client (the `mysql` crate, rustls) bb's driver uses: a
    // password login over TCP, TLS verified against the CA by address, a
    // CA that did not sign the certificate refused; and the admin over
    // the socket.
    let tcp_opts = |ssl: Option<mysql::SslOpts>| {
        mysql::OptsBuilder::new()
            .ip_or_hostname(Some(HOST))
            .tcp_port(db.port)
            .prefer_socket(false)
            .user(Some(USER))
            .pass(Some(db.password.clone()))
            .db_name(Some(db.dbname.clone()))
            .ssl_opts(ssl)
    };
    let row = |conn: &mut mysql::Conn| -> (String, Option<String>) {
        conn.query_first::<(String, Option<String>), _>(who)
            .unwrap()
            .unwrap()
    };
    let mut plain = mysql::Conn::new(tcp_opts(None)).unwrap();
    assert_eq!(row(&mut plain), (format!("{USER}@%"), Some(String::new())));
    let ssl = mysql::SslOpts::default().with_root_cert_path(Some(db.ca_cert.clone()));
    let mut tls = mysql::Conn::new(tcp_opts(Some(ssl))).unwrap();
    let (user, version) = row(&mut tls);
    assert_eq!(user, format!("{USER}@%"));
    assert!(version.unwrap().starts_with("TLSv1."));
    let ssl = mysql::SslOpts::default().with_root_cert_path(Some(server.other_ca_cert.clone()));
    let err = mysql::Conn::new(tcp_opts(Some(ssl))).err().unwrap();
    assert!(
        err.to_string().to_lowercase().contains("certificate"),
        "{err}"
    );
    let bad = tcp_opts(None).pass(Some("wrong"));
    let err = mysql::Conn::new(bad).err().unwrap();
    assert!(err.to_string().contains("Access denied"), "{err}");
    let mut admin = db.conn();
    assert_eq!(
        admin
            .query_first::<String, _>("SELECT CURRENT_USER()")
            .unwrap(),
        Some(format!("{ADMIN}@localhost"))
    );
    // bb_pw over the socket, with its password.
    let socket_opts = mysql::OptsBuilder::new()
        .socket(Some(db.socket.to_str().unwrap()))
        .user(Some(USER))
        .pass(Some(db.password.clone()))
        .db_name(Some(db.dbname.clone()));
    let mut socket = mysql::Conn::new(socket_opts).unwrap();
    assert_eq!(
        socket
            .query_first::<String, _>("SELECT name FROM t WHERE id = 2")
            .unwrap(),
        Some("b|c".to_string())
    );

    // The URLs.
    let port = db.port;
    let name = &db.dbname;
    let pw = &db.password;
    assert_eq!(
        db.url(),
        format!("mysql://bb_pw:{pw}@127.0.0.1:{port}/{name}")
    );
    assert_eq!(
        db.url_without_password(),
        format!("mysql://bb_pw@127.0.0.1:{port}/{name}")
    );
    assert!(!db.url_without_password().contains(pw.as_str()));
    assert!(!db.socket_url_without_password().contains(pw.as_str()));
    assert!(db.tls_url("VERIFY_IDENTITY").ends_with(&format!(
        "?ssl_mode=VERIFY_IDENTITY&ssl_ca={}",
        db.ca_cert.display()
    )));

    // Dropping the value drops the database.
    let name = db.dbname.clone();
    drop((plain, tls, admin, socket));
    drop(db);
    let count = server.admin_sql(&format!(
        "SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '{name}'"
    ));
    assert_eq!(count, "0");
    // No account but the two (and MariaDB's own mariadb.sys).
    assert_eq!(
        server.admin_sql("SELECT CONCAT(User, '@', Host) FROM mysql.global_priv ORDER BY 1"),
        "bb_admin@localhost\nbb_pw@%\nmariadb.sys@localhost"
    );
}

/// The schema real Buildbot 4.3 creates on MariaDB with InnoDB and with
/// Buildbot's default engine (MyISAM), written to
/// `target/mysql-test/buildbot-4.3-{innodb,myisam}.sql` (the dump) and
/// `.catalog.txt` ([`MyDb::catalog`]), and the proof that the repository's
/// `schema-mysql.sql` makes exactly that schema: loaded as it is (InnoDB)
/// and with its engine replaced by MyISAM (what `bb db init` does for
/// `storage_engine=MyISAM`).
#[test]
fn buildbot_4_3_schema_on_mysql() {
    let server = server();
    let schema_sql = include_str!("../../schema-mysql.sql");
    let run = |engine: Option<StorageEngine>| {
        let db = server.create_master(engine);
        let dump = db.schema_dump();
        let catalog = db.catalog();
        (db, dump, catalog)
    };
    // The two create-masters run side by side.
    let (innodb, default) = std::thread::scope(|s| {
        let innodb = s.spawn(|| run(Some(StorageEngine::InnoDb)));
        let default = s.spawn(|| run(None));
        (innodb.join().unwrap(), default.join().unwrap())
    });
    let (innodb_db, innodb_dump, innodb_catalog) = innodb;
    let (default_db, default_dump, default_catalog) = default;
    server.save_buildbot_files(StorageEngine::InnoDb, &innodb_dump, &innodb_catalog);
    server.save_buildbot_files(StorageEngine::MyIsam, &default_dump, &default_catalog);
    fs::write(
        server.dir.join("schema-mysql.generated.sql"),
        schema_sql_of(&innodb_db),
    )
    .unwrap();

    let has = |catalog: &str, line: &str| {
        assert!(
            catalog.lines().any(|l| l == line),
            "no line {line:?} in the catalog:\n{catalog}"
        )
    };
    for (db, catalog, engine) in [
        (&innodb_db, &innodb_catalog, "InnoDB"),
        (&default_db, &default_catalog, "MyISAM"),
    ] {
        assert_eq!(db.sql("SELECT version_num FROM alembic_version"), "067");
        // Every table in the one engine; Buildbot's in utf8 (utf8mb3),
        // alembic_version (made by alembic) in the database's default.
        assert_eq!(
            db.sql(&format!(
                "SELECT count(*) FROM information_schema.TABLES \
                 WHERE TABLE_SCHEMA = DATABASE() AND ENGINE <> '{engine}'"
            )),
            "0"
        );
        has(
            catalog,
            &format!("table masters engine {engine} collation utf8mb3_general_ci"),
        );
        has(
            catalog,
            &format!("table alembic_version engine {engine} collation utf8mb4_general_ci"),
        );
        // Ids are 32-bit AUTO_INCREMENT; epoch times 32-bit.
        has(
            catalog,
            "column masters 001 id int(11) not null auto_increment",
        );
        has(catalog, "column masters 005 last_active int(11) not null");
        has(
            catalog,
            "column masters 002 name text not null charset utf8mb3 collate utf8mb3_general_ci",
        );
        // Index prefix lengths on TEXT columns.
        has(
            catalog,
            "index test_names test_names_name plain BTREE (builderid, name(255))",
        );
        has(
            catalog,
            "index test_code_paths test_code_paths_path plain BTREE (builderid, path(255))",
        );
        // Claims: no primary key, a unique index.
        has(
            catalog,
            "index buildrequest_claims buildrequest_claims_brids unique BTREE (brid)",
        );
    }
    // InnoDB keeps Buildbot's foreign keys; MyISAM has none.
    has(
        &innodb_catalog,
        "fk buildrequest_claims buildrequest_claims_ibfk_1 (brid) -> buildrequests(id) \
         on delete CASCADE on update RESTRICT",
    );
    assert!(!default_catalog.contains("\nfk "), "{default_catalog}");
    // Apart from engines and foreign keys, the two are the same schema.
    let strip = |catalog: &str| -> Vec<String> {
        catalog
            .lines()
            .filter(|l| !l.starts_with("fk "))
            .map(|l| {
                l.replace(" engine InnoDB ", " engine E ")
                    .replace(" engine MyISAM ", " engine E ")
            })
            .collect()
    };
    assert_eq!(strip(&innodb_catalog), strip(&default_catalog));

    // schema-mysql.sql makes exactly create-master's schema: as it is for
    // InnoDB, with its engine replaced for MyISAM.
    let statements: String = schema_sql
        .lines()
        .filter(|l| !l.starts_with("--"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(!statements.contains("MyISAM"));
    assert_eq!(
        statements.matches(") ENGINE=InnoDB").count(),
        innodb_db.tables().len(),
        "one ENGINE=InnoDB per table"
    );
    let loaded = fresh_db();
    loaded.load(schema_sql);
    assert_eq!(
        loaded.catalog(),
        innodb_catalog,
        "schema-mysql.sql differs from Buildbot 4.3's InnoDB schema \
         (target/mysql-test/buildbot-4.3-innodb.sql; schema-mysql.generated.sql is made from it)"
    );
    assert_eq!(loaded.sql("SELECT version_num FROM alembic_version"), "067");
    let loaded = fresh_db();
    loaded.load(&schema_sql.replace(" ENGINE=InnoDB", " ENGINE=MyISAM"));
    assert_eq!(
        loaded.catalog(),
        default_catalog,
        "schema-mysql.sql with ENGINE=MyISAM differs from Buildbot 4.3's default (MyISAM) schema"
    );

    // A dump loaded again is the same schema ([`buildbot_db`] relies on it).
    assert_eq!(buildbot_db(StorageEngine::InnoDb).catalog(), innodb_catalog);
    assert_eq!(
        buildbot_db(StorageEngine::MyIsam).catalog(),
        default_catalog
    );
}

/// schema-mysql.sql's statements, made from a database `create-master`
/// filled with InnoDB: `SHOW CREATE TABLE` of each table, tables ordered so
/// that each comes after those its foreign keys name (else by name), except
/// that the foreign keys named after their column (Buildbot's
/// `use_alter=True` ones, which close the cycles builds → buildrequests →
/// buildsets → builds) are added by `ALTER TABLE` after all the tables, as
/// SQLAlchemy adds them; `alembic_version` without a character set (it
/// takes the database's, as when alembic makes it); then its row. No
/// header: the committed file adds one.
fn schema_sql_of(db: &MyDb) -> String {
    let tables = db.tables();
    let fks: Vec<Vec<String>> = db
        .sql(
            "SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME \
             FROM information_schema.KEY_COLUMN_USAGE \
             WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL",
        )
        .lines()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect();
    let deferred = |fk: &Vec<String>| fk[1] == fk[2];
    let mut done: Vec<String> = Vec::new();
    while done.len() < tables.len() {
        let next = tables
            .iter()
            .find(|t| {
                !done.contains(t)
                    && fks
                        .iter()
                        .filter(|fk| &fk[0] == *t && &fk[3] != *t && !deferred(fk))
                        .all(|fk| done.contains(&fk[3]))
            })
            .expect("no cycle of foreign keys but through the use_alter ones")
            .clone();
        done.push(next);
    }
    let mut out = String::new();
    let mut alters = String::new();
    for table in &done {
        let create = db.sql(&format!("SHOW CREATE TABLE `{table}`"));
        let create = create
            .split_once('\t')
            .expect("SHOW CREATE TABLE prints the name, a tab, the statement")
            .1
            .replace("\\n", "\n");
        let lines: Vec<&str> = create.lines().collect();
        let (head, rest) = lines.split_first().expect("a CREATE TABLE line");
        let (tail, body) = rest.split_last().expect("a closing line");
        let mut kept = Vec::new();
        for line in body {
            let line = line.trim_end_matches(',');
            let later = fks
                .iter()
                .filter(|fk| &fk[0] == table && deferred(fk))
                .any(|fk| {
                    line.trim_start()
                        .starts_with(&format!("CONSTRAINT `{}` FOREIGN KEY", fk[1]))
                });
            if later {
                alters.push_str(&format!(
                    "ALTER TABLE `{table}` ADD {};\n",
                    line.trim_start()
                ));
            } else {
                kept.push(line);
            }
        }
        let tail = if table == "alembic_version" {
            tail.rsplit_once(" DEFAULT CHARSET=")
                .expect("alembic_version has a DEFAULT CHARSET")
                .0
        } else {
            tail
        };
        out.push_str(&format!("{head}\n{}\n{tail};\n\n", kept.join(",\n")));
    }
    out.push_str(&alters);
    let version = db.sql("SELECT version_num FROM alembic_version");
    out.push_str(&format!(
        "\nINSERT INTO `alembic_version` (`version_num`) VALUES ('{version}');\n"
    ));
    out
}

/// The helpers the engine-generic tests use ([`Env::exec`], `rows`, `int`,
/// `dump`) on MariaDB, without bb: typed cells, deterministic dumps.
#[test]
fn env_helpers_read_and_write_mysql() {
    use crate::support::Env;
    use serde_json::json;

    for storage in [StorageEngine::InnoDb, StorageEngine::MyIsam] {
        let env = Env::mysql_from_schema(storage);
        let db = env.my().unwrap();
        assert_eq!(
            db.sql(&format!(
                "SELECT count(*) FROM information_schema.TABLES \
                 WHERE TABLE_SCHEMA = DATABASE() AND ENGINE = '{}'",
                storage.name()
            )),
            db.tables().len().to_string()
        );
        env.add_master(7, "m1", true, 100);
        env.add_builder(1, "Linux");
        env.add_builder(2, "linux");
        env.exec(
            "INSERT INTO buildsets (id, reason, submitted_at, complete) VALUES (2, 'b', 5, 0);\n\
             INSERT INTO buildsets (id, reason, submitted_at, complete) VALUES (1, 'a''s', 4, 1);\n\
             INSERT INTO buildset_properties VALUES (2, 'p', '[\"v\", \"S\"]'), (1, 'p', '[1, \"S\"]');",
        );
        // AUTO_INCREMENT moves past explicit ids by itself.
        env.exec(
            "INSERT INTO masters (name, name_hash, active, last_active) VALUES ('m2', 'h', 0, 0)",
        );
        assert_eq!(env.int("SELECT MAX(id) FROM masters"), 8);
        assert_eq!(env.int("SELECT SUM(submitted_at) FROM buildsets"), 9);
        assert_eq!(
            env.rows("SELECT id, reason, complete, complete_at FROM buildsets ORDER BY id"),
            json!([[1, "a's", 1, null], [2, "b", 0, null]])
        );
        assert_eq!(
            env.rows("SELECT name FROM builders WHERE name = BINARY 'linux'"),
            json!([["linux"]])
        );
        assert_eq!(
            env.rows("SELECT CAST('ab' AS BINARY), 1.5, COUNT(*) FROM masters"),
            json!([["[97, 98]", 1.5, 2]])
        );
        let dump = env.dump();
        let buildsets = "== buildsets\n\
                         1|NULL|\"a's\"|4|1|NULL|NULL|NULL|NULL|NULL\n\
                         2|NULL|\"b\"|5|0|NULL|NULL|NULL|NULL|NULL\n";
        assert!(dump.contains(buildsets), "{dump}");
        // A table without a primary key: rows in the order of their text.
        let properties = format!(
            "== buildset_properties\n1|\"p\"|{:?}\n2|\"p\"|{:?}\n",
            r#"[1, "S"]"#, r#"["v", "S"]"#
        );
        assert!(dump.contains(&properties), "{dump}");
        assert_eq!(env.dump(), dump);
        let names: Vec<&str> = dump.lines().filter_map(|l| l.strip_prefix("== ")).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        assert_eq!(names.len(), db.tables().len());
        assert_eq!(env.db_str(), db.socket_url());
        assert_eq!(env.db_name(), db.socket_url_without_password());
        assert!(!env.db_name().contains(&db.password));
    }
}

/// Stops the private server: `cargo test --test cli my::stop_server --
/// --ignored`. The suite itself leaves it running for the next run.
#[test]
#[ignore]
fn stop_server() {
    stop();
}

// ---------------------------------------------------------------------------
// Helpers.

/// `n` random bytes from /dev/urandom, in hex.
fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .unwrap_or_else(|err| setup_failed("read /dev/urandom", err));
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A program in /usr/sbin, /usr/bin or the PATH.
fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    ["/usr/sbin", "/usr/bin", "/sbin", "/bin"]
        .iter()
        .map(PathBuf::from)
        .chain(std::env::split_paths(&path))
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// The server programs, if all are installed.
fn find_bin() -> Option<Bin> {
    Some(Bin {
        mariadbd: find_program("mariadbd")?,
        install_db: find_program("mariadb-install-db")?,
        client: find_program("mariadb")?,
        dump: find_program("mariadb-dump")?,
    })
}

/// Installs Debian's MariaDB server (and client), or fails saying why.
fn install_mariadb() -> Bin {
    let mut cmd = Command::new("sh");
    cmd.args([
        "-c",
        "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y mariadb-server",
    ])
    .stdin(Stdio::null());
    run_setup(
        "install MariaDB (no mariadbd, mariadb-install-db, mariadb or mariadb-dump; \
         ran apt-get install -y mariadb-server)",
        &mut cmd,
        None,
    );
    find_bin().unwrap_or_else(|| {
        setup_failed(
            "find MariaDB's server programs",
            "apt-get install mariadb-server succeeded, but mariadbd, mariadb-install-db, \
             mariadb or mariadb-dump is still missing",
        )
    })
}

/// The OS user that runs the server: `mysql` when the tests run as root
/// (Debian's package makes it; without it, root, which mariadbd accepts
/// when named), else none (the tests' own user).
fn os_user() -> Option<String> {
    let euid = fs::metadata("/proc/self")
        .unwrap_or_else(|err| setup_failed("read /proc/self", err))
        .uid();
    if euid != 0 {
        return None;
    }
    let has_mysql = Command::new("id")
        .arg("mysql")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    Some(if has_mysql { "mysql" } else { "root" }.to_string())
}

/// No `MYSQL_*` variable (host, port, socket, password) reaches the
/// server or a client.
fn clean_env(cmd: &mut Command) {
    for (var, _) in std::env::vars_os() {
        if var.to_string_lossy().starts_with("MYSQL_") {
            cmd.env_remove(var);
        }
    }
}

/// [`run_with_stdin`] as a setup step: fails loudly; `secret` is masked.
fn run_stdin_setup(what: &str, cmd: &mut Command, input: &str, secret: Option<&str>) -> String {
    run_with_stdin(cmd, input).unwrap_or_else(|err| {
        let err = match secret {
            Some(secret) => err.replace(secret, "***"),
            None => err,
        };
        setup_failed(what, err)
    })
}

fn setup_failed(what: &str, detail: impl std::fmt::Display) -> ! {
    SETUP.failed(what, detail)
}

/// [`server::Setup::run`] for this server.
fn run_setup(what: &str, cmd: &mut Command, secret: Option<&str>) -> Output {
    SETUP.run(what, cmd, secret)
}

/// `bb db init` on an empty MariaDB database makes what Buildbot 4.3's
/// create-master makes with that URL: InnoDB with `storage_engine=InnoDB`
/// and with none (bb's default, where Buildbot's is MyISAM), MyISAM with
/// `storage_engine=MyISAM`; tables, columns, indexes with their prefix
/// lengths, keys, engines and character sets alike. A database that has
/// tables is exit 3, and bb then reads its revision.
#[test]
fn db_init_makes_what_create_master_makes() {
    for (param, engine) in [
        ("?storage_engine=InnoDB", StorageEngine::InnoDb),
        ("", StorageEngine::InnoDb),
        ("?storage_engine=MyISAM", StorageEngine::MyIsam),
    ] {
        let db = fresh_db();
        let url = format!("{}{param}", db.url());
        let out = crate::support::bare_bb()
            .args(["--db", &url, "db", "init", "--json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "db init {param}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            db.catalog(),
            buildbot_db(engine).catalog(),
            "db init{param} differs from create-master with {}",
            engine.name()
        );
        let again = crate::support::bare_bb()
            .args(["--db", &url, "db", "init"])
            .output()
            .unwrap();
        assert_eq!(again.status.code(), Some(3), "{param}");
        let info = crate::support::bare_bb()
            .args(["--db", &url, "db", "info", "--json"])
            .output()
            .unwrap();
        let info: serde_json::Value = serde_json::from_slice(&info.stdout).unwrap();
        assert_eq!(info["revision"], "067", "{param}: {info}");
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), info);
        assert!(!text.contains(&db.password), "the password was printed");
    }
}

/// A character outside Buildbot's 3-byte `utf8` is refused before anything
/// is written (exit 2, naming the field); a name that is only looked up
/// cannot exist there and is not found (exit 4).
#[test]
fn four_byte_characters_are_refused_naming_the_field() {
    let env = crate::support::Env::on(crate::support::Engine::Mysql);
    env.json(&["builder", "register", "linux"]);
    let before = env.dump();
    let message = crate::support::fails(
        &mut env.bb(&[
            "buildset",
            "add",
            "--reason",
            "fix 🦀",
            "--builder",
            "linux",
        ]),
        2,
    );
    assert!(
        message.contains("reason") && message.contains("utf8"),
        "{message}"
    );
    crate::support::fails(
        &mut env.bb(&[
            "buildset",
            "add",
            "--reason",
            "r",
            "--builder",
            "linux",
            "--property",
            "who=\"🦀\"",
        ]),
        2,
    );
    assert_eq!(env.dump(), before);
    crate::support::fails(&mut env.bb(&["builder", "register", "löwe 🦁"]), 2);
    crate::support::fails(&mut env.bb(&["request", "list", "--builder", "löwe 🦁"]), 4);
    assert_eq!(env.dump(), before);
    // Three-byte characters are Buildbot's utf8, and names match exactly.
    env.json(&["builder", "register", "löwe ✓"]);
    env.json(&["builder", "register", "Linux"]);
    let names = env.rows("SELECT name FROM builders ORDER BY id");
    assert_eq!(names, serde_json::json!([["linux"], ["löwe ✓"], ["Linux"]]));
}
