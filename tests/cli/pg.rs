//! A private PostgreSQL server for the tests, started by the suite itself.
//!
//! Never the machine's own PostgreSQL service (port 5432): this module runs
//! `initdb` from the installed server binaries (Debian:
//! `/usr/lib/postgresql/<version>/bin`; when there are none, it runs
//! `apt-get update && apt-get install -y postgresql`) into
//! `target/pg-test/data` and starts that cluster on a free loopback port of
//! its own, listening on 127.0.0.1 only, with its unix socket in
//! `target/pg-test/sock`. Like the Buildbot virtualenv it is never skipped:
//! what cannot be set up fails loudly, saying why.
//!
//! - **Who runs it.** The tests run as root here and `initdb` refuses root,
//!   so the cluster belongs to the `postgres` OS user (made by Debian's
//!   package) and runs under `setpriv --reuid=postgres`; run as another user,
//!   the tests run it as themselves.
//! - **Roles.** [`SUPERUSER`] (`bb_admin`), trusted over the unix socket only
//!   (a TCP login as it fails: it has no password); [`USER`] (`bb_pw`), which
//!   over TCP must give [`PASSWORD`] (`scram-sha-256`) and over the socket is
//!   trusted.
//! - **TLS.** `ssl = on` with a test CA made at setup with the openssl CLI
//!   (`target/pg-test/tls/ca.crt`, [`PgServer::ca_cert`]). The server's
//!   certificate names `localhost` only (a DNS SAN, no IP SAN): with
//!   `sslmode=verify-full`, `host=localhost` succeeds and `host=127.0.0.1`
//!   fails on the name (libpq: "server certificate for "localhost" (and 1
//!   other name) does not match host name "127.0.0.1""). A second CA that
//!   signed nothing, [`PgServer::other_ca_cert`], makes `verify-ca` fail on
//!   the chain.
//!   TCP connections without TLS are accepted too (`sslmode=disable`).
//! - **Lifetime.** Started once per test process (a `OnceLock`), shared by
//!   test processes through a file lock (`target/pg-test.lock`). The server
//!   is left running when the tests end and reused by later runs: a run
//!   finds it through `target/pg-test/port` and its socket, and starts it
//!   again (on the same port if free, else on a new one) when it is not
//!   answering, a stale `postmaster.pid` included. It does not outlive its
//!   data directory: PostgreSQL checks its `postmaster.pid` every minute and
//!   shuts down at once when the file is gone, so `cargo clean` or
//!   `rm -rf target/pg-test` stops it within a minute. To stop it by hand:
//!   `cargo test --test cli pg::stop_server -- --ignored`.
//! - **Databases.** Every test takes its own: [`fresh_db`] (empty, owned by
//!   `bb_pw`) or [`buildbot_db`] (the schema `buildbot create-master` makes,
//!   cloned from a template made once per server), dropped when the
//!   [`PgDb`] is dropped; those of a test process that was killed are
//!   dropped by the next process that uses the server (`bb_test_<pid>_…`,
//!   pid gone). [`PgDb::psql`] runs SQL on it as the superuser without bb;
//!   [`PgDb::catalog`] describes its schema for comparisons.
//! - **Buildbot's schema.** `buildbot_4_3_schema_on_postgresql` writes
//!   `target/pg-test/buildbot-4.3-schema.sql` (pg_dump) and
//!   `buildbot-4.3-catalog.txt`, and checks that it is schema.sql in
//!   PostgreSQL's dialect.
//! - **Speed.** The cluster runs with `fsync = off`: it holds test data only.

#![allow(dead_code)]

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::net::TcpListener;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use crate::server;
use crate::support::run_with_stdin;
use crate::venv;

/// The superuser the tests (and [`PgDb::psql`]) use, over the unix socket.
pub const SUPERUSER: &str = "bb_admin";
/// The role that logs in with a password over TCP.
pub const USER: &str = "bb_pw";
/// `bb_pw`'s password: distinctive, so a test can search output for it.
pub const PASSWORD: &str = "s3cret-7f3a9c";
/// The address the server listens on (and the host of [`PgDb::url`]).
pub use crate::server::HOST;
/// The name the server's certificate is for (the host of [`PgDb::tls_url`]).
pub const TLS_HOST: &str = "localhost";

/// How a setup failure describes this server (see [`server::Setup`]).
const SETUP: server::Setup = server::Setup {
    name: "POSTGRESQL",
    needs: "These tests run a private PostgreSQL server under target/pg-test\n\
         (never the machine's own on port 5432). They need PostgreSQL's server\n\
         programs (Debian: /usr/lib/postgresql/<version>/bin; the tests run\n\
         apt-get install -y postgresql when they are missing), openssl, and,\n\
         run as root, the postgres OS user and setpriv (util-linux). Logs:\n\
         target/pg-test/run/server.log. They do not skip.",
};

/// What a finished setup writes to `target/pg-test/ready`, with the server
/// binaries' directory: change it to have every cluster made again.
const LAYOUT: &str = "bb pg-test layout 2";
/// The bound on one start of the server (`pg_ctl start -t`) and on the
/// whole wait for it to answer.
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// The template [`buildbot_db`] clones.
const BUILDBOT_TEMPLATE: &str = "bb_tpl_buildbot_4_3_0";

/// The running private server.
pub struct PgServer {
    /// The PostgreSQL binaries (`initdb`, `pg_ctl`, `psql`, `pg_dump`).
    pub bin: PathBuf,
    /// `target/pg-test`.
    pub dir: PathBuf,
    /// The cluster: `target/pg-test/data`.
    pub data: PathBuf,
    /// The unix-socket directory (`host=` for a socket connection).
    pub socket_dir: PathBuf,
    /// The TCP port on 127.0.0.1 (and of the socket's name).
    pub port: u16,
    /// The CA that signed the server's certificate (`sslrootcert=`).
    pub ca_cert: PathBuf,
    /// A CA that signed nothing: `verify-ca` with it fails.
    pub other_ca_cert: PathBuf,
    /// The server's log.
    pub log: PathBuf,
    /// `Some("postgres")` when the tests run as root.
    os_user: Option<String>,
}

/// The server, set up or started on first use in this process.
pub fn server() -> &'static PgServer {
    static SERVER: OnceLock<PgServer> = OnceLock::new();
    SERVER.get_or_init(start)
}

/// A new empty database on the private server, owned by `bb_pw`; dropped
/// (best effort) when the returned value is dropped.
pub fn fresh_db() -> PgDb {
    let server = server();
    let dbname = server::unique_name();
    server.admin_sql(&format!(
        "DROP DATABASE IF EXISTS {dbname} WITH (FORCE);\n\
         CREATE DATABASE {dbname} OWNER {USER};"
    ));
    PgDb::new(server, dbname)
}

/// A new database holding the schema real Buildbot 4.3 creates on
/// PostgreSQL (`buildbot create-master --db=postgresql+psycopg2://bb_pw:…`),
/// its `alembic_version` row included, owned by `bb_pw` (as are its tables
/// and sequences). Cloned from a template database that is made once per
/// server (`bb_tpl_buildbot_4_3_0`).
pub fn buildbot_db() -> PgDb {
    let server = server();
    server.ensure_buildbot_template();
    let dbname = server::unique_name();
    server.admin_sql(&format!(
        "DROP DATABASE IF EXISTS {dbname} WITH (FORCE);\n\
         CREATE DATABASE {dbname} TEMPLATE {BUILDBOT_TEMPLATE} OWNER {USER};"
    ));
    PgDb::new(server, dbname)
}

/// Stops the private server if it is running (for manual cleanup; the
/// suite itself leaves it running). Waits for it to stop.
pub fn stop() {
    let paths = Paths::new();
    let _lock = SETUP.lock(&paths.target, &paths.lock);
    let Some(bin) = find_bin() else { return };
    let os_user = os_user();
    if postmaster_pid(&paths.data).is_some() {
        let mut cmd = as_os_user(&os_user, &bin.join("pg_ctl"));
        cmd.current_dir(&paths.dir)
            .arg("stop")
            .arg("-D")
            .arg(&paths.data)
            .args(["-m", "fast", "-w", "-t", "30"]);
        run_setup("stop the server", &mut cmd, None);
    }
}

/// The pid in the cluster's `postmaster.pid` when that process is alive and
/// is this cluster's postmaster (its command line names the data
/// directory): never another process that got the pid after a crash.
fn postmaster_pid(data: &Path) -> Option<u32> {
    let content = fs::read_to_string(data.join("postmaster.pid")).ok()?;
    let pid: u32 = content.lines().next()?.trim().parse().ok()?;
    let cmdline = fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    let data = data.as_os_str().as_encoded_bytes();
    cmdline
        .split(|&b| b == 0)
        .any(|arg| arg == data)
        .then_some(pid)
}

/// Runs `sql` with psql on a libpq connection string (as bb would connect),
/// with `PGPASSWORD=password` when given, no password file and never a
/// prompt (`-w`). Stdout (`-XAtq`: unaligned, tuples only, trailing newline
/// removed), or psql's stderr when it fails.
pub fn psql_conninfo(conninfo: &str, password: Option<&str>, sql: &str) -> Result<String, String> {
    let mut cmd = server().client("psql");
    cmd.args(["-XAtqw", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-f", "-"]);
    if let Some(password) = password {
        cmd.env("PGPASSWORD", password);
    }
    run_with_stdin(&mut cmd, sql)
}

/// One database on the private server; dropped with `DROP DATABASE … WITH
/// (FORCE)` when this value is dropped.
pub struct PgDb {
    pub server: &'static PgServer,
    /// `bb_test_<pid>_<n>_<time>`: only letters, digits and `_`.
    pub dbname: String,
    /// 127.0.0.1
    pub host: &'static str,
    pub port: u16,
    /// `bb_pw`
    pub user: &'static str,
    pub password: &'static str,
    pub socket_dir: PathBuf,
    pub ca_cert: PathBuf,
}

impl PgDb {
    fn new(server: &'static PgServer, dbname: String) -> PgDb {
        PgDb {
            server,
            dbname,
            host: HOST,
            port: server.port,
            user: USER,
            password: PASSWORD,
            socket_dir: server.socket_dir.clone(),
            ca_cert: server.ca_cert.clone(),
        }
    }

    /// `postgresql://bb_pw:PASSWORD@127.0.0.1:PORT/DBNAME`, as in a
    /// master.cfg's `db_url`.
    pub fn url(&self) -> String {
        format!(
            "postgresql://{}:{}@{}:{}/{}",
            self.user, self.password, self.host, self.port, self.dbname
        )
    }

    /// `postgresql+psycopg2://bb_pw:PASSWORD@127.0.0.1:PORT/DBNAME`: the
    /// `db_url` to give Buildbot. The venv's SQLAlchemy (2.1) takes a bare
    /// `postgresql://` to mean psycopg 3, which the venv does not have; it
    /// has psycopg2 (the driver Buildbot's documentation names).
    pub fn buildbot_url(&self) -> String {
        format!(
            "postgresql+psycopg2://{}:{}@{}:{}/{}",
            self.user, self.password, self.host, self.port, self.dbname
        )
    }

    /// `postgresql://bb_pw@127.0.0.1:PORT/DBNAME`: [`PgDb::url`] without the
    /// password, as bb names the database in its output.
    pub fn display_url(&self) -> String {
        format!(
            "postgresql://{}@{}:{}/{}",
            self.user, self.host, self.port, self.dbname
        )
    }

    /// `postgresql://bb_admin@/DBNAME?host=SOCKET_DIR&port=PORT`: the
    /// superuser over the unix socket, no password.
    pub fn socket_url(&self) -> String {
        self.socket_url_as(SUPERUSER)
    }

    /// `postgresql://USER@/DBNAME?host=SOCKET_DIR&port=PORT` (every role is
    /// trusted over the socket).
    pub fn socket_url_as(&self, user: &str) -> String {
        format!(
            "postgresql://{user}@/{}?host={}&port={}",
            self.dbname,
            self.socket_dir.display(),
            self.port
        )
    }

    /// `postgresql://bb_pw:PASSWORD@localhost:PORT/DBNAME?sslmode=SSLMODE&sslrootcert=CA`:
    /// over TCP by the name the certificate is for.
    pub fn tls_url(&self, sslmode: &str) -> String {
        format!(
            "postgresql://{}:{}@{TLS_HOST}:{}/{}?sslmode={sslmode}&sslrootcert={}",
            self.user,
            self.password,
            self.port,
            self.dbname,
            self.ca_cert.display()
        )
    }

    /// Runs SQL (any number of statements) on this database as the
    /// superuser over the socket; stdout as `psql -XAtq` prints it
    /// (`|`-separated columns, one row a line, trailing newline removed).
    /// Panics with psql's error when a statement fails.
    pub fn psql(&self, sql: &str) -> String {
        self.try_psql(sql)
            .unwrap_or_else(|err| panic!("psql on {} failed: {err}\n--- SQL\n{sql}", self.dbname))
    }

    /// [`PgDb::psql`], with psql's stderr as the error.
    pub fn try_psql(&self, sql: &str) -> Result<String, String> {
        self.server.psql_on(&self.dbname, sql)
    }

    /// A canonical description of this database's schema, one sorted line
    /// per fact, read from the catalogs: tables (`table T`); columns
    /// (`column T NNN NAME TYPE null|not null [default EXPR] [identity …]`,
    /// NNN the position among the live columns); indexes (`index T
    /// <pg_get_indexdef>`, the ones behind constraints included);
    /// constraints (`constraint T NAME <pg_get_constraintdef>`: primary keys,
    /// unique, foreign keys with their ON DELETE, checks); sequences
    /// (`sequence S TYPE start … increment … min … max … cache … owned by
    /// T.C (serial|identity)`); and, when there are any, other relations,
    /// triggers, functions and enum types. Objects in `public` are named
    /// bare, others schema-qualified. Equal catalogs mean equal schemas; an
    /// empty database's is empty.
    pub fn catalog(&self) -> String {
        let mut lines: Vec<String> = self
            .psql(CATALOG_SQL)
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        lines.sort();
        lines.iter().map(|l| format!("{l}\n")).collect()
    }

    /// `pg_dump --schema-only --no-owner --no-privileges` of this database.
    pub fn schema_dump(&self) -> String {
        let mut cmd = self.server.client("pg_dump");
        cmd.args(["--schema-only", "--no-owner", "--no-privileges"])
            .arg("-h")
            .arg(&self.server.socket_dir)
            .arg("-p")
            .arg(self.port.to_string())
            .args(["-U", SUPERUSER, "-d", &self.dbname]);
        let out = run_setup("dump the schema", &mut cmd, None);
        String::from_utf8(out.stdout).expect("pg_dump prints UTF-8")
    }
}

impl Drop for PgDb {
    fn drop(&mut self) {
        // Best effort: never panic in drop (it may run while unwinding).
        let _ = self.server.try_admin_sql(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE);",
            self.dbname
        ));
    }
}

/// The catalog query behind [`PgDb::catalog`]: one line per fact.
const CATALOG_SQL: &str = r#"
WITH rels AS (
  SELECT c.oid, c.relkind,
         CASE WHEN n.nspname = 'public' THEN '' ELSE n.nspname || '.' END || c.relname AS q
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
)
SELECT 'table ' || q FROM rels WHERE relkind IN ('r', 'p')
UNION ALL
SELECT 'relation ' || q || ' kind ' || relkind::text FROM rels
  WHERE relkind NOT IN ('r', 'p', 'i', 'I', 'S')
UNION ALL
SELECT format('column %s %s %s %s %s%s%s', r.q,
         lpad((row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum))::text, 3, '0'),
         a.attname, format_type(a.atttypid, a.atttypmod),
         CASE WHEN a.attnotnull THEN 'not null' ELSE 'null' END,
         COALESCE(' default ' || pg_get_expr(d.adbin, d.adrelid), ''),
         CASE a.attidentity WHEN 'a' THEN ' identity always'
                            WHEN 'd' THEN ' identity by default' ELSE '' END
         || CASE WHEN a.attgenerated = 's' THEN ' generated stored' ELSE '' END
         || CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
                 THEN ' collate ' || a.attcollation::regcollation::text ELSE '' END)
  FROM rels r
  JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE r.relkind IN ('r', 'p', 'v', 'm', 'f')
UNION ALL
SELECT format('index %s %s', r.q, pg_get_indexdef(i.indexrelid))
  FROM pg_index i JOIN rels r ON r.oid = i.indrelid
UNION ALL
SELECT format('constraint %s %s %s', r.q, con.conname, pg_get_constraintdef(con.oid))
  FROM pg_constraint con JOIN rels r ON r.oid = con.conrelid
UNION ALL
SELECT format('sequence %s %s start %s increment %s min %s max %s cache %s%s owned by %s',
         r.q, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin,
         s.seqmax, s.seqcache, CASE WHEN s.seqcycle THEN ' cycle' ELSE '' END,
         COALESCE(o.owner, 'nothing'))
  FROM pg_sequence s JOIN rels r ON r.oid = s.seqrelid
  LEFT JOIN LATERAL (
    SELECT t.q || '.' || a.attname
           || CASE dep.deptype WHEN 'i' THEN ' (identity)' ELSE ' (serial)' END AS owner
    FROM pg_depend dep
    JOIN rels t ON t.oid = dep.refobjid
    JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
    WHERE dep.classid = 'pg_class'::regclass AND dep.objid = s.seqrelid
      AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')
  ) o ON true
UNION ALL
SELECT format('trigger %s %s', r.q, pg_get_triggerdef(tg.oid))
  FROM pg_trigger tg JOIN rels r ON r.oid = tg.tgrelid WHERE NOT tg.tgisinternal
UNION ALL
SELECT 'function ' || p.oid::regprocedure::text
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
UNION ALL
SELECT 'enum ' || t.oid::regtype::text || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
  FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.oid;
"#;

// ---------------------------------------------------------------------------
// Setup and start.

/// Where everything lives.
struct Paths {
    target: PathBuf,
    /// target/pg-test
    dir: PathBuf,
    data: PathBuf,
    socket_dir: PathBuf,
    /// Owned by the server's user: its log.
    run: PathBuf,
    tls: PathBuf,
    port_file: PathBuf,
    ready: PathBuf,
    lock: PathBuf,
}

impl Paths {
    fn new() -> Paths {
        let target = server::target_dir();
        let dir = target.join("pg-test");
        let socket_dir = server::socket_dir(&target, &dir, "/.s.PGSQL.65535.lock", "pg");
        Paths {
            data: dir.join("data"),
            run: dir.join("run"),
            tls: dir.join("tls"),
            port_file: dir.join("port"),
            ready: dir.join("ready"),
            lock: target.join("pg-test.lock"),
            socket_dir,
            dir,
            target,
        }
    }
}

/// Sets up the cluster unless a previous run did, and starts it unless it is
/// running; under the file lock.
fn start() -> PgServer {
    let paths = Paths::new();
    let _lock = SETUP.lock(&paths.target, &paths.lock);
    let bin = find_bin().unwrap_or_else(install_postgresql);
    let os_user = os_user();
    let ready = format!("{LAYOUT}\n{}\n", bin.display());
    let mut server = PgServer {
        bin,
        dir: paths.dir.clone(),
        data: paths.data.clone(),
        socket_dir: paths.socket_dir.clone(),
        port: 0,
        ca_cert: paths.tls.join("ca.crt"),
        other_ca_cert: paths.tls.join("other-ca.crt"),
        log: paths.run.join("server.log"),
        os_user,
    };
    let set_up = fs::read_to_string(&paths.ready).is_ok_and(|r| r == ready)
        && paths.data.join("PG_VERSION").exists();
    if set_up {
        let old_port = fs::read_to_string(&paths.port_file)
            .ok()
            .and_then(|p| p.trim().parse::<u16>().ok());
        if let Some(port) = old_port {
            server.port = port;
        }
        if old_port.is_none() || server.ping().is_err() {
            server.launch(&paths, old_port);
        }
        server.drop_orphan_dbs();
        return server;
    }

    // Not set up, or set up by another layout or PostgreSQL: start afresh.
    server.stop_leftover();
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

    let mut initdb = as_os_user(&server.os_user, &server.bin.join("initdb"));
    initdb
        .current_dir(&paths.dir)
        .arg("-D")
        .arg(&paths.data)
        .args([
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        ]);
    run_setup("initdb the test cluster", &mut initdb, None);

    let conf = format!(
        "\n# bb tests (tests/cli/pg.rs); the port is given at start.\n\
         listen_addresses = '{HOST}'\n\
         unix_socket_directories = '{socket}'\n\
         ssl = on\n\
         ssl_cert_file = '{tls}/server.crt'\n\
         ssl_key_file = '{tls}/server.key'\n\
         password_encryption = 'scram-sha-256'\n\
         timezone = 'UTC'\n\
         log_checkpoints = off\n\
         fsync = off\n\
         synchronous_commit = off\n\
         full_page_writes = off\n",
        socket = paths.socket_dir.display(),
        tls = paths.tls.display(),
    );
    let conf_path = paths.data.join("postgresql.conf");
    let mut file = OpenOptions::new()
        .append(true)
        .open(&conf_path)
        .unwrap_or_else(|err| setup_failed(&format!("open {}", conf_path.display()), err));
    file.write_all(conf.as_bytes())
        .unwrap_or_else(|err| setup_failed(&format!("write {}", conf_path.display()), err));
    let hba = format!(
        "# bb tests (tests/cli/pg.rs)\n\
         # TYPE  DATABASE  USER  ADDRESS       METHOD\n\
         local   all       all                 trust\n\
         host    all       {USER} {HOST}/32  scram-sha-256\n\
         host    all       all   {HOST}/32  scram-sha-256\n"
    );
    let hba_path = paths.data.join("pg_hba.conf");
    fs::write(&hba_path, hba)
        .unwrap_or_else(|err| setup_failed(&format!("write {}", hba_path.display()), err));

    server.launch(&paths, None);
    server.admin_sql(&format!("CREATE ROLE {USER} LOGIN PASSWORD '{PASSWORD}';"));
    fs::write(&paths.ready, ready)
        .unwrap_or_else(|err| setup_failed(&format!("write {}", paths.ready.display()), err));
    server
}

impl PgServer {
    /// Starts the cluster: on `old_port` if it is free, else on a free port;
    /// writes the port file once the server answers. Bounded: `pg_ctl -w -t
    /// 30`, and another port (up to three) only when the port was taken.
    fn launch(&mut self, paths: &Paths, old_port: Option<u16>) {
        self.clear_stale_pidfile();
        let log_start = fs::metadata(&self.log).map(|m| m.len()).unwrap_or(0);
        let mut failures = String::new();
        for attempt in 0..3 {
            let port = match old_port {
                Some(port) if attempt == 0 && server::port_is_free(port) => port,
                _ => SETUP.free_port(),
            };
            self.port = port;
            let started = Instant::now();
            let mut pg_ctl = as_os_user(&self.os_user, &self.bin.join("pg_ctl"));
            pg_ctl
                .current_dir(&self.dir)
                .arg("start")
                .arg("-D")
                .arg(&self.data)
                .arg("-l")
                .arg(&self.log)
                .args(["-w", "-t", &START_TIMEOUT.as_secs().to_string()])
                .args(["-o", &format!("-p {port}")]);
            let out = pg_ctl
                .stdin(Stdio::null())
                .output()
                .unwrap_or_else(|err| setup_failed("run pg_ctl start", err));
            if out.status.success() {
                // pg_ctl waited for "ready"; the first query may still race.
                loop {
                    match self.ping() {
                        Ok(()) => {
                            fs::write(&paths.port_file, format!("{port}\n")).unwrap_or_else(
                                |err| {
                                    setup_failed(
                                        &format!("write {}", paths.port_file.display()),
                                        err,
                                    )
                                },
                            );
                            return;
                        }
                        Err(err) if started.elapsed() > START_TIMEOUT => {
                            failures.push_str(&format!(
                                "port {port}: started, but no answer in {START_TIMEOUT:?}: {err}\n"
                            ));
                            break;
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(100)),
                    }
                }
            } else {
                failures.push_str(&format!(
                    "port {port}: pg_ctl start exited with {}: {}{}\n",
                    out.status,
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
            // Whatever started must not linger before the next try; only a
            // port taken since it was chosen is worth another.
            self.stop_leftover();
            if !server::log_since(&self.log, log_start).contains("Address already in use") {
                break;
            }
        }
        setup_failed(
            "start the test PostgreSQL server",
            format!(
                "{failures}--- {} (this start)\n{}",
                self.log.display(),
                server::log_since(&self.log, log_start)
            ),
        );
    }

    /// A `postmaster.pid` whose process is gone (or is another process now)
    /// is removed; a postmaster of this cluster that does not answer is
    /// stopped.
    fn clear_stale_pidfile(&self) {
        self.stop_leftover();
        let pidfile = self.data.join("postmaster.pid");
        if pidfile.exists() {
            let _ = fs::remove_file(&pidfile);
        }
    }

    /// `pg_ctl stop -m immediate` when this cluster's postmaster is alive;
    /// errors ignored.
    fn stop_leftover(&self) {
        if postmaster_pid(&self.data).is_none() {
            return;
        }
        let mut cmd = as_os_user(&self.os_user, &self.bin.join("pg_ctl"));
        cmd.current_dir(&self.dir)
            .arg("stop")
            .arg("-D")
            .arg(&self.data)
            .args(["-m", "immediate", "-w", "-t", "20"])
            .stdin(Stdio::null());
        let _ = cmd.output();
    }

    /// Drops the databases of test processes that are gone (killed before
    /// their `PgDb` was dropped): `bb_test_<pid>_…` whose pid is not alive.
    fn drop_orphan_dbs(&self) {
        let Ok(names) = self.try_admin_sql(&format!(
            "SELECT datname FROM pg_database WHERE datname LIKE '{}%'",
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
                let _ =
                    self.try_admin_sql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE);"));
            }
        }
    }

    /// `select 1` as the superuser over the socket.
    fn ping(&self) -> Result<(), String> {
        match self.psql_on("postgres", "select 1") {
            Ok(out) if out == "1" => Ok(()),
            Ok(out) => Err(format!("select 1 printed {out:?}")),
            Err(err) => Err(err),
        }
    }

    /// Runs SQL as the superuser on database `dbname`, over the socket.
    pub fn psql_on(&self, dbname: &str, sql: &str) -> Result<String, String> {
        let mut cmd = self.client("psql");
        cmd.args(["-XAtqw", "-v", "ON_ERROR_STOP=1"])
            .arg("-h")
            .arg(&self.socket_dir)
            .arg("-p")
            .arg(self.port.to_string())
            .args(["-U", SUPERUSER, "-d", dbname, "-f", "-"]);
        run_with_stdin(&mut cmd, sql)
    }

    /// SQL on the `postgres` database as the superuser; panics on failure.
    fn admin_sql(&self, sql: &str) -> String {
        self.try_admin_sql(sql)
            .unwrap_or_else(|err| setup_failed(&format!("run {sql:?}"), err))
    }

    fn try_admin_sql(&self, sql: &str) -> Result<String, String> {
        self.psql_on("postgres", sql)
    }

    /// A client program (`psql`, `pg_dump`) of this installation, with no
    /// `PG*` variables inherited, no password file and a connect timeout.
    pub fn client(&self, program: &str) -> Command {
        let mut cmd = Command::new(self.bin.join(program));
        for (var, _) in std::env::vars_os() {
            if var.to_string_lossy().starts_with("PG") {
                cmd.env_remove(var);
            }
        }
        // A password file that does not exist: libpq ignores it silently.
        cmd.env("PGPASSFILE", self.dir.join("no-pgpass"))
            .env("PGCONNECT_TIMEOUT", "10");
        cmd
    }

    /// The last lines of the server's log.
    pub fn log_tail(&self) -> String {
        server::log_since(&self.log, 0)
    }

    /// The test CA, a server certificate for `localhost` (DNS SAN only)
    /// signed by it, and a second CA that signed nothing; openssl CLI.
    fn make_tls(&self, tls: &Path) {
        let ext = tls.join("server.ext");
        fs::write(
            &ext,
            "subjectAltName = DNS:localhost\n\
             basicConstraints = critical, CA:FALSE\n\
             keyUsage = critical, digitalSignature, keyEncipherment\n\
             extendedKeyUsage = serverAuth\n",
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
            .args(["-subj", "/CN=localhost"]);
        run_setup("make the server key (openssl)", &mut csr, None);
        let mut sign = Command::new("openssl");
        sign.current_dir(tls)
            .args(["x509", "-req", "-in", "server.csr", "-days", "3650"])
            .args(["-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial"])
            .args(["-extfile", "server.ext", "-out", "server.crt"]);
        run_setup("sign the server certificate (openssl)", &mut sign, None);
        // PostgreSQL wants its key owned by its user, readable by it alone.
        SETUP.give(&self.os_user, &tls.join("server.key"), 0o600);
    }

    /// Makes the template [`buildbot_db`] clones unless it exists: a
    /// database that `buildbot create-master` filled, renamed to the
    /// template's name only when finished. Under a file lock.
    fn ensure_buildbot_template(&self) {
        static DONE: OnceLock<()> = OnceLock::new();
        DONE.get_or_init(|| {
            let venv = venv::venv(); // before the lock: it may take minutes
            let lock_path = self.dir.join("buildbot-template.lock");
            let lock = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&lock_path)
                .unwrap_or_else(|err| setup_failed(&format!("open {}", lock_path.display()), err));
            lock.lock()
                .unwrap_or_else(|err| setup_failed(&format!("lock {}", lock_path.display()), err));
            let exists = self.admin_sql(&format!(
                "SELECT count(*) FROM pg_database WHERE datname = '{BUILDBOT_TEMPLATE}'"
            ));
            if exists == "1" {
                return;
            }
            // Leftovers of a make that was killed.
            let leftovers = self.admin_sql(
                "SELECT datname FROM pg_database WHERE datname LIKE 'bb\\_tpl\\_tmp\\_%'",
            );
            for name in leftovers.lines().filter(|l| !l.is_empty()) {
                self.admin_sql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE);"));
            }
            let tmp = format!("bb_tpl_tmp_{}", std::process::id());
            self.admin_sql(&format!("CREATE DATABASE {tmp} OWNER {USER};"));
            let master = tempfile::tempdir()
                .unwrap_or_else(|err| setup_failed("make a temporary directory", err));
            // psycopg2 by name: SQLAlchemy 2.1 reads a bare postgresql:// as
            // psycopg 3 (see PgDb::buildbot_url).
            let url = format!(
                "postgresql+psycopg2://{USER}:{PASSWORD}@{HOST}:{}/{tmp}",
                self.port
            );
            let mut create = Command::new(venv.join("bin/buildbot"));
            create
                .current_dir(master.path())
                .args(["create-master", "--quiet", &format!("--db={url}")])
                .arg(master.path().join("master"))
                .stdin(Stdio::null());
            run_setup(
                "make Buildbot 4.3's schema on PostgreSQL (buildbot create-master)",
                &mut create,
                Some(PASSWORD),
            );
            self.admin_sql(&format!(
                "ALTER DATABASE {tmp} RENAME TO {BUILDBOT_TEMPLATE};\n\
                 ALTER DATABASE {BUILDBOT_TEMPLATE} WITH IS_TEMPLATE true;"
            ));
        });
    }
}

/// Test the harness itself; the server is shared with every other test.
#[test]
fn harness_gives_a_private_server_with_password_and_tls_logins() {
    let db = fresh_db();
    let server = db.server;
    assert_ne!(db.port, 5432, "never the machine's own PostgreSQL");
    assert!(server.data.starts_with(Paths::new().target));
    assert_eq!(db.psql("SELECT current_database()"), db.dbname);
    assert_eq!(
        db.psql("SHOW data_directory"),
        server.data.display().to_string()
    );
    assert_eq!(
        db.psql(&format!(
            "SELECT pg_catalog.pg_get_userbyid(datdba) FROM pg_database WHERE datname = '{}'",
            db.dbname
        )),
        USER
    );
    // Several statements, several rows.
    db.psql("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b|c');");
    assert_eq!(db.psql("SELECT id, name FROM t ORDER BY id"), "1|a\n2|b|c");
    let err = db.try_psql("SELECT * FROM missing").unwrap_err();
    assert!(err.contains("relation \"missing\" does not exist"), "{err}");

    let tcp = |user: &str, extra: &str| {
        format!(
            "host={HOST} port={} dbname={} user={user} {extra}",
            db.port, db.dbname
        )
    };
    let who =
        "SELECT current_user || ' ' || (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid())";
    // Password over TCP: the right one works, a wrong one or none does not.
    assert_eq!(
        psql_conninfo(&tcp(USER, "sslmode=disable"), Some(PASSWORD), who),
        Ok(format!("{USER} false"))
    );
    let err = psql_conninfo(&tcp(USER, ""), Some("wrong"), who).unwrap_err();
    assert!(
        err.contains(&format!(
            "password authentication failed for user \"{USER}\""
        )),
        "{err}"
    );
    let err = psql_conninfo(&tcp(USER, ""), None, who).unwrap_err();
    assert!(err.contains("no password supplied"), "{err}");
    // The superuser has no password: over TCP it cannot log in.
    let err = psql_conninfo(&tcp(SUPERUSER, ""), Some("anything"), who).unwrap_err();
    assert!(err.contains("password authentication failed"), "{err}");
    // The URLs, as libpq reads them.
    assert_eq!(
        psql_conninfo(&db.url(), None, who),
        Ok(format!("{USER} true"))
    );
    assert_eq!(
        psql_conninfo(&db.socket_url(), None, "SELECT current_user"),
        Ok(SUPERUSER.to_string())
    );
    assert_eq!(
        psql_conninfo(&db.socket_url_as(USER), None, "SELECT current_user"),
        Ok(USER.to_string())
    );

    // TLS: verify-full by the certificate's name works; by the address, the
    // name does not match; a CA that did not sign it fails the chain.
    assert_eq!(
        psql_conninfo(&db.tls_url("verify-full"), None, who),
        Ok(format!("{USER} true"))
    );
    let ca = format!("sslrootcert={}", db.ca_cert.display());
    assert_eq!(
        psql_conninfo(
            &format!(
                "host={TLS_HOST} port={} dbname={} user={USER} sslmode=verify-full {ca}",
                db.port, db.dbname
            ),
            Some(PASSWORD),
            who
        ),
        Ok(format!("{USER} true"))
    );
    let err = psql_conninfo(
        &tcp(USER, &format!("sslmode=verify-full {ca}")),
        Some(PASSWORD),
        who,
    )
    .unwrap_err();
    // libpq: `server certificate for "localhost" (and 1 other name) does not
    // match host name "127.0.0.1"` (the other name: the CN, also localhost).
    assert!(
        err.contains("server certificate for \"localhost\"")
            && err.contains("does not match host name \"127.0.0.1\""),
        "{err}"
    );
    assert_eq!(
        psql_conninfo(
            &tcp(USER, &format!("sslmode=verify-ca {ca}")),
            Some(PASSWORD),
            who
        ),
        Ok(format!("{USER} true"))
    );
    let other = format!("sslrootcert={}", server.other_ca_cert.display());
    let err = psql_conninfo(
        &tcp(USER, &format!("sslmode=verify-ca {other}")),
        Some(PASSWORD),
        who,
    )
    .unwrap_err();
    assert!(err.contains("certificate verify failed"), "{err}");
    assert_eq!(
        psql_conninfo(&tcp(USER, "sslmode=require"), Some(PASSWORD), who),
        Ok(format!("{USER} true"))
    );

    // Dropping the value drops the database.
    let name = db.dbname.clone();
    drop(db);
    let count = server.admin_sql(&format!(
        "SELECT count(*) FROM pg_database WHERE datname = '{name}'"
    ));
    assert_eq!(count, "0");
}

/// The schema real Buildbot 4.3 creates on PostgreSQL, written to
/// `target/pg-test/buildbot-4.3-schema.sql` (pg_dump) and
/// `target/pg-test/buildbot-4.3-catalog.txt` ([`PgDb::catalog`]) for people
/// to read; the facts bb's PostgreSQL schema must match; and the proof that
/// it is schema.sql (Buildbot 4.3 on SQLite) in PostgreSQL's dialect.
#[test]
fn buildbot_4_3_schema_on_postgresql() {
    let db = buildbot_db();
    let dump = db.schema_dump();
    let catalog = db.catalog();
    let dir = &db.server.dir;
    fs::write(dir.join("buildbot-4.3-schema.sql"), &dump).unwrap();
    fs::write(dir.join("buildbot-4.3-catalog.txt"), &catalog).unwrap();

    assert_eq!(db.psql("SELECT version_num FROM alembic_version"), "067");
    let has = |line: &str| {
        assert!(
            catalog.lines().any(|l| l == line),
            "no line {line:?} in the catalog:\n{catalog}"
        )
    };
    // Ids are 32-bit serials (a sequence owned by the column, not identity).
    has("column masters 001 id integer not null default nextval('masters_id_seq'::regclass)");
    has(
        "sequence masters_id_seq integer start 1 increment 1 min 1 max 2147483647 cache 1 \
         owned by masters.id (serial)",
    );
    // Epoch times are 32-bit too; flags are SMALLINT or INTEGER.
    has("column masters 004 active integer not null");
    has("column masters 005 last_active integer not null");
    has("column buildsets 005 complete smallint not null default '0'::smallint");
    has("column buildrequests 005 complete integer null default 0");
    // Claims: no primary key, a unique index; the foreign keys cascade.
    has(
        "index buildrequest_claims CREATE UNIQUE INDEX buildrequest_claims_brids \
         ON public.buildrequest_claims USING btree (brid)",
    );
    has(
        "constraint buildrequest_claims buildrequest_claims_brid_fkey \
         FOREIGN KEY (brid) REFERENCES buildrequests(id) ON DELETE CASCADE",
    );
    // Foreign keys Buildbot names itself keep their names.
    has("constraint builds buildrequestid \
         FOREIGN KEY (buildrequestid) REFERENCES buildrequests(id) ON DELETE CASCADE");
    for word in [
        " bigint ",
        " boolean ",
        " timestamp",
        "identity always",
        "identity by default",
        "(identity)",
    ] {
        assert!(
            !catalog.contains(word),
            "{word:?} in the catalog:\n{catalog}"
        );
    }

    // Every column (position, type, nullability, default), primary key,
    // index and foreign key is schema.sql's, in PostgreSQL's words.
    let sqlite = sqlite_facts(include_str!("../../schema.sql"));
    let pg = pg_facts(&catalog);
    let only = |a: &[String], b: &[String]| -> Vec<String> {
        a.iter().filter(|l| !b.contains(l)).cloned().collect()
    };
    assert!(
        sqlite == pg,
        "Buildbot 4.3 on PostgreSQL differs from schema.sql:\n\
         only in schema.sql:\n{}\nonly on PostgreSQL:\n{}",
        only(&sqlite, &pg).join("\n"),
        only(&pg, &sqlite).join("\n")
    );

    // Two copies of the same database have the same catalog; an empty one
    // has none of it.
    assert_eq!(buildbot_db().catalog(), catalog);
    assert_eq!(fresh_db().catalog(), "");
}

/// A SQLite default or PostgreSQL's deparsed one without quotes and cast:
/// `'0'`, `0` and `'0'::smallint` are all `0`.
fn bare_default(expr: &str) -> String {
    let expr = expr.split("::").next().unwrap_or(expr);
    expr.trim_matches('\'').to_string()
}

/// The comparable facts of a SQLite schema: `column T NNN C TYPE
/// null|not null default=D|serial`, `pk T (C, …)`, `index T NAME
/// unique|plain (C, …)`, `fk T (C) -> R(C) on delete ACTION`, with
/// PostgreSQL's type names; a one-column integer primary key that is no
/// foreign key is `serial` (SQLAlchemy's autoincrement).
fn sqlite_facts(schema: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute_batch(schema).unwrap();
    let strings = |sql: &str| -> Vec<Vec<String>> {
        let mut stmt = conn.prepare(sql).unwrap();
        let n = stmt.column_count();
        stmt.query_map([], |row| {
            (0..n)
                .map(|i| {
                    Ok(match row.get_ref(i)? {
                        rusqlite::types::ValueRef::Null => "NULL".to_string(),
                        rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                        rusqlite::types::ValueRef::Text(t) => {
                            String::from_utf8_lossy(t).into_owned()
                        }
                        other => format!("{other:?}"),
                    })
                })
                .collect()
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    };
    let mut facts = Vec::new();
    for table in strings("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
        let t = &table[0];
        let fks = strings(&format!(
            "SELECT \"from\", \"table\", \"to\", on_delete FROM pragma_foreign_key_list('{t}')"
        ));
        for fk in &fks {
            facts.push(format!(
                "fk {t} ({}) -> {}({}) on delete {}",
                fk[0], fk[1], fk[2], fk[3]
            ));
        }
        let cols = strings(&format!(
            "SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{t}') ORDER BY cid"
        ));
        let pk: Vec<&Vec<String>> = {
            let mut pk: Vec<&Vec<String>> = cols.iter().filter(|c| c[5] != "0").collect();
            pk.sort_by_key(|c| c[5].parse::<u32>().unwrap());
            pk
        };
        if !pk.is_empty() {
            let names: Vec<&str> = pk.iter().map(|c| c[1].as_str()).collect();
            facts.push(format!("pk {t} ({})", names.join(", ")));
        }
        for col in &cols {
            let ty = col[2].to_uppercase();
            let pg_type = match ty.as_str() {
                "INTEGER" => "integer".to_string(),
                "SMALLINT" => "smallint".to_string(),
                "TEXT" => "text".to_string(),
                "BLOB" => "bytea".to_string(),
                _ => match ty.strip_prefix("VARCHAR") {
                    Some(n) => format!("character varying{n}"),
                    None => format!("unmapped {ty}"),
                },
            };
            let serial = pk.len() == 1
                && col[5] == "1"
                && ty == "INTEGER"
                && !fks.iter().any(|fk| fk[0] == col[1]);
            let null = if col[3] == "1" || col[5] != "0" {
                "not null"
            } else {
                "null"
            };
            let default = match (serial, col[4].as_str()) {
                (true, _) => "serial".to_string(),
                (false, "NULL") => "none".to_string(),
                (false, d) => bare_default(d),
            };
            facts.push(format!(
                "column {t} {:03} {} {pg_type} {null} default={default}",
                col[0].parse::<u32>().unwrap() + 1,
                col[1]
            ));
        }
        for index in strings(&format!(
            "SELECT name, \"unique\" FROM pragma_index_list('{t}') WHERE origin <> 'pk'"
        )) {
            let cols: Vec<String> = strings(&format!(
                "SELECT name FROM pragma_index_info('{}') ORDER BY seqno",
                index[0]
            ))
            .into_iter()
            .map(|c| c[0].clone())
            .collect();
            let kind = if index[1] == "1" { "unique" } else { "plain" };
            facts.push(format!(
                "index {t} {} {kind} ({})",
                index[0],
                cols.join(", ")
            ));
        }
    }
    facts.sort();
    facts
}

/// The same facts from a [`PgDb::catalog`].
fn pg_facts(catalog: &str) -> Vec<String> {
    let mut facts = Vec::new();
    let mut pk_names = Vec::new();
    for line in catalog.lines() {
        let words: Vec<&str> = line.splitn(4, ' ').collect();
        if let ["constraint", t, name, def] = words[..] {
            if let Some(cols) = def.strip_prefix("PRIMARY KEY ") {
                facts.push(format!("pk {t} {cols}"));
                pk_names.push(name.to_string());
            } else if let Some(fk) = def.strip_prefix("FOREIGN KEY ") {
                let (cols, rest) = fk.split_once(" REFERENCES ").unwrap();
                let (target, action) = match rest.split_once(" ON DELETE ") {
                    Some((target, action)) => (target, action),
                    None => (rest, "NO ACTION"),
                };
                facts.push(format!("fk {t} {cols} -> {target} on delete {action}"));
            }
        }
    }
    for line in catalog.lines() {
        let words: Vec<&str> = line.splitn(5, ' ').collect();
        match words[..] {
            ["column", t, n, c, rest] => {
                let (rest, default) = match rest.split_once(" default ") {
                    Some((rest, d)) if d.starts_with("nextval(") => (rest, "serial".to_string()),
                    Some((rest, d)) => (rest, bare_default(d)),
                    None => (rest, "none".to_string()),
                };
                facts.push(format!("column {t} {n} {c} {rest} default={default}"));
            }
            ["index", t, ..] => {
                let def = line.splitn(3, ' ').nth(2).unwrap();
                let (unique, def) = match def.strip_prefix("CREATE UNIQUE INDEX ") {
                    Some(def) => ("unique", def),
                    None => ("plain", def.strip_prefix("CREATE INDEX ").unwrap()),
                };
                let (name, rest) = def.split_once(' ').unwrap();
                if pk_names.iter().any(|n| n == name) {
                    continue;
                }
                let cols = rest.split_once(" USING btree ").unwrap().1;
                facts.push(format!("index {t} {name} {unique} {cols}"));
            }
            _ => {}
        }
    }
    facts.sort();
    facts
}

/// Stops the private server: `cargo test --test cli pg::stop_server --
/// --ignored`. The suite itself leaves it running for the next run.
#[test]
#[ignore]
fn stop_server() {
    stop();
}

// ---------------------------------------------------------------------------
// Helpers.

/// The newest `/usr/lib/postgresql/<version>/bin` with the server programs.
fn find_bin() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version: u32 = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            ["initdb", "pg_ctl", "postgres", "psql", "pg_dump"]
                .iter()
                .all(|p| bin.join(p).exists())
                .then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

/// Installs Debian's PostgreSQL, or fails saying why.
fn install_postgresql() -> PathBuf {
    let mut cmd = Command::new("sh");
    cmd.args([
        "-c",
        "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql",
    ])
    .stdin(Stdio::null());
    run_setup(
        "install PostgreSQL (no /usr/lib/postgresql/<version>/bin with initdb, pg_ctl, \
         postgres, psql and pg_dump; ran apt-get install -y postgresql)",
        &mut cmd,
        None,
    );
    find_bin().unwrap_or_else(|| {
        setup_failed(
            "find PostgreSQL's server programs",
            "apt-get install postgresql succeeded, but /usr/lib/postgresql/<version>/bin \
             still lacks initdb, pg_ctl, postgres, psql or pg_dump",
        )
    })
}

/// The OS user that runs the server: `postgres` when the tests run as root
/// (initdb refuses root), else none (the tests' own user).
fn os_user() -> Option<String> {
    let euid = fs::metadata("/proc/self")
        .unwrap_or_else(|err| setup_failed("read /proc/self", err))
        .uid();
    if euid != 0 {
        return None;
    }
    let mut id = Command::new("id");
    id.arg("postgres");
    run_setup(
        "find the postgres OS user (the tests run as root, and initdb refuses root; \
         Debian's postgresql package makes that user)",
        &mut id,
        None,
    );
    Some("postgres".to_string())
}

/// `program`, run as `user` when there is one (setpriv, from util-linux).
/// No `PG*` variables inherited.
fn as_os_user(user: &Option<String>, program: &Path) -> Command {
    let mut cmd = match user {
        Some(user) => {
            let mut cmd = Command::new("setpriv");
            cmd.args(["--reuid", user, "--regid", user, "--init-groups", "--"])
                .arg(program);
            cmd
        }
        None => Command::new(program),
    };
    for (var, _) in std::env::vars_os() {
        if var.to_string_lossy().starts_with("PG") {
            cmd.env_remove(var);
        }
    }
    cmd
}

fn setup_failed(what: &str, detail: impl std::fmt::Display) -> ! {
    SETUP.failed(what, detail)
}

/// [`server::Setup::run`] for this server.
fn run_setup(what: &str, cmd: &mut Command, secret: Option<&str>) -> Output {
    SETUP.run(what, cmd, secret)
}

// --- round trips -------------------------------------------------------------------

/// A TCP proxy on loopback between a client and the private server that
/// counts round trips after the login: each time the client speaks after
/// the server has answered is one (a pipeline of several requests sent
/// together is one; the closing Terminate, which is never answered, is
/// none). The login ends at the server's first ReadyForQuery; connect with
/// `sslmode=disable` ([`TripCounter::url`]) so that the proxy reads the
/// protocol's messages. Every connection through it adds to the count.
pub struct TripCounter {
    pub port: u16,
    trips: std::sync::Arc<AtomicU32>,
}

/// What one proxied connection has seen.
#[derive(Default)]
struct Exchange {
    /// The server has sent its first ReadyForQuery.
    logged_in: bool,
    /// The server has said something since the client last spoke.
    answered: bool,
    /// The server's bytes not yet read as whole messages, until the login.
    pending: Vec<u8>,
}

impl TripCounter {
    /// Listen on a free loopback port, forwarding to the private server.
    pub fn start() -> TripCounter {
        use std::sync::{Arc, Mutex};
        let upstream = server().port;
        let listener = TcpListener::bind((HOST, 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        let trips = Arc::new(AtomicU32::new(0));
        let counted = trips.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                let Ok(server) = std::net::TcpStream::connect((HOST, upstream)) else {
                    continue;
                };
                let _ = client.set_nodelay(true);
                let _ = server.set_nodelay(true);
                let state = Arc::new(Mutex::new(Exchange::default()));
                let (c_in, c_out) = (client.try_clone().unwrap(), client);
                let (s_in, s_out) = (server.try_clone().unwrap(), server);
                let (up, counted_up) = (state.clone(), counted.clone());
                std::thread::spawn(move || {
                    relay(c_in, s_out, |chunk| {
                        let mut s = up.lock().unwrap();
                        let terminate = chunk == [b'X', 0, 0, 0, 4];
                        if s.logged_in && s.answered && !terminate {
                            counted_up.fetch_add(1, Ordering::SeqCst);
                        }
                        s.answered = false;
                    })
                });
                std::thread::spawn(move || {
                    relay(s_in, c_out, |chunk| {
                        // Noted before the client can see it, so that its
                        // next request counts.
                        let mut s = state.lock().unwrap();
                        s.answered = true;
                        if !s.logged_in {
                            s.pending.extend_from_slice(chunk);
                            while s.pending.len() >= 5 {
                                let len = u32::from_be_bytes(s.pending[1..5].try_into().unwrap())
                                    as usize;
                                if s.pending.len() < 1 + len {
                                    break;
                                }
                                if s.pending[0] == b'Z' {
                                    s.logged_in = true;
                                }
                                s.pending.drain(..1 + len);
                            }
                        }
                    })
                });
            }
        });
        TripCounter { port, trips }
    }

    /// `db`'s URL through the proxy, without TLS.
    pub fn url(&self, db: &PgDb) -> String {
        format!(
            "postgresql://{}:{}@{}:{}/{}?sslmode=disable",
            db.user, db.password, db.host, self.port, db.dbname
        )
    }

    /// The round trips counted since the last call.
    pub fn take(&self) -> u32 {
        self.trips.swap(0, Ordering::SeqCst)
    }
}

/// Copy `from` to `to` until either side closes, telling `seen` of each
/// chunk before it is passed on.
fn relay(mut from: std::net::TcpStream, mut to: std::net::TcpStream, mut seen: impl FnMut(&[u8])) {
    use std::io::Read;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                seen(&buf[..n]);
                if to.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
        }
    }
    let _ = to.shutdown(std::net::Shutdown::Write);
}
