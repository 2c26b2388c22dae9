//! bb on the database of every Buildbot release from 3.0 to 4.3: one
//! release per schema step (3.3.0 at migrate_version 58, 3.9.2 at 062,
//! 3.11.9 at 064, 4.2.1 at 066, 4.3.0 at 067), each installed from PyPI
//! into a virtualenv of its own under `target/` on first use.
//!
//! One test body, run per release (and on PostgreSQL for 3.3 and 4.2, on
//! MariaDB for 3.3 with InnoDB and 4.2 with Buildbot's default, MyISAM): that
//! release's `buildbot create-master` makes the database; its own
//! connectors write a master that died mid-build (tests/interop/releases.py);
//! bb runs the core scenarios on it (masters, builders, buildsets with
//! sourcestamps and properties, request claim/unclaim/complete with
//! buildset completion, change sources, the sweep's housekeeping); the
//! release's connectors read back every row as bb shows it; the schema is
//! byte for byte what create-master made; and that release's master starts
//! on the result without an error. A last test runs an upgrade script: bb
//! on a 4.2 database, 4.3's `buildbot upgrade-master`, bb on the result.
//!
//! Like the other Buildbot tests these never skip: without python3 or PyPI
//! they fail, saying why.

use std::fs::{self, OpenOptions};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

use assert_cmd::Command as BbCommand;
use rusqlite::Connection;
use serde_json::{Value, json};
use tempfile::TempDir;

use crate::my::{self, MyDb, StorageEngine};
use crate::pg::{self, PgDb};
use crate::support::{T0, bare_bb, fails};

/// The helper that drives a release's DBConnector.
const HELPER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/interop/releases.py");

// --- the releases and their virtualenvs ----------------------------------------

/// A Buildbot release the tests run, and how bb names its schema revision.
pub struct Release {
    pub version: &'static str,
    /// `db info --json`'s `revision`.
    pub revision: &'static str,
    /// `db info --json`'s `buildbot`: the releases at that revision.
    pub buildbot: &'static str,
    /// The schema has the projects table and builder columns (060, 061).
    pub projects: bool,
    /// The schema has `buildsets.rebuilt_buildid` (065).
    pub rebuilt_buildid: bool,
    /// What is installed, beside [`COMMON_PINS`]; empty for 4.3, which
    /// runs from the suite's own virtualenv (`crate::venv`).
    pins: &'static [&'static str],
    venv: OnceLock<PathBuf>,
}

/// Pinned for every old release: the set these releases were tested with
/// on Python 3.11, so that a later release of any of them cannot break an
/// old Buildbot between two runs. `setuptools` 65.5.0 (the one Python
/// 3.11's venv ships) because Buildbot 3.3 and 3.9 import `pkg_resources`,
/// which setuptools 81 removed; `psycopg2-binary` for PostgreSQL and
/// `PyMySQL` (pure Python) for MariaDB, the drivers of 4.3's venv.
const COMMON_PINS: &[&str] = &[
    "Automat==25.4.16",
    "Incremental==24.11.0",
    "Jinja2==3.1.6",
    "MarkupSafe==3.0.4",
    "PyJWT==2.15.1",
    "PyYAML==6.0.4",
    "attrs==26.1.0",
    "autobahn==26.10.2",
    "cbor2==6.3.0",
    "cffi==2.1.1",
    "constantly==23.10.4",
    "cryptography==50.0.2",
    "greenlet==3.5.6",
    "hyperlink==21.0.0",
    "idna==3.20",
    "msgpack==1.2.4",
    "packaging==26.4",
    "psycopg2-binary==2.9.10",
    "pycparser==3.12",
    "PyMySQL==1.2.4",
    "python-dateutil==4.0.0",
    "setuptools==65.5.0",
    "txaio==26.6.1",
    "typing_extensions==4.16.0",
    "tzdata==2026.6",
    "ujson==6.1.0",
];

/// Buildbot 3.3.0, the newest release at migrate_version 58 (the schema
/// 3.0 – 3.3 share).
pub static BUILDBOT_3_3: Release = Release {
    version: "3.3.0",
    revision: "58",
    buildbot: "3.0 – 3.3",
    projects: false,
    rebuilt_buildid: false,
    pins: &[
        "buildbot==3.3.0",
        "buildbot-www==3.3.0",
        // 3.x uses SQLAlchemy 1.x APIs that 2.0 removed; 1.4.54 is the last 1.4.
        "SQLAlchemy==1.4.54",
        // 3.0 – 3.3 keep their schema with sqlalchemy-migrate (its
        // migrate_version table); 0.13.0, its last release, with what it needs.
        "sqlalchemy-migrate==0.13.0",
        "Tempita==0.6.0",
        "decorator==5.3.1",
        "pbr==7.1.3",
        "six==1.17.0",
        "sqlparse==0.6.1",
        // Twisted 24 removed twisted.python.constants, which 3.x imports.
        "Twisted==22.10.0",
        // 3.x checks its plugins' requirements with pkg_resources, which
        // does not find zope.interface 8 ("The 'zope.interface>=4.1.1'
        // distribution was not found").
        "zope.interface==6.4.post2",
    ],
    venv: OnceLock::new(),
};

/// Buildbot 3.9.2: alembic 062, the projects table and builder columns.
pub static BUILDBOT_3_9: Release = Release {
    version: "3.9.2",
    revision: "062",
    buildbot: "3.9",
    projects: true,
    rebuilt_buildid: false,
    pins: &[
        "buildbot==3.9.2",
        "buildbot-www==3.9.2",
        // SQLAlchemy 1.x APIs, as 3.3.
        "SQLAlchemy==1.4.54",
        "alembic==1.13.3",
        "Mako==1.4.3",
        // twisted.python.constants, as 3.3.
        "Twisted==22.10.0",
        // pkg_resources and zope.interface 8, as 3.3.
        "zope.interface==6.4.post2",
    ],
    venv: OnceLock::new(),
};

/// Buildbot 3.11.9: alembic 064 (steps and workers columns).
pub static BUILDBOT_3_11: Release = Release {
    version: "3.11.9",
    revision: "064",
    buildbot: "3.10 – 3.11",
    projects: true,
    rebuilt_buildid: false,
    pins: &[
        "buildbot==3.11.9",
        "buildbot-www==3.11.9",
        // SQLAlchemy 1.x APIs, as 3.3.
        "SQLAlchemy==1.4.54",
        "alembic==1.13.3",
        "Mako==1.4.3",
        // twisted.python.constants, as 3.3; 23.10 is the last Twisted before 24.
        "Twisted==23.10.0",
        // As 3.9 (the tested set).
        "zope.interface==6.4.post2",
        "croniter==7.0.0",
        "importlib_resources==7.1.0",
        "unidiff==1.0.1",
    ],
    venv: OnceLock::new(),
};

/// Buildbot 4.2.1: alembic 066 (buildsets.rebuilt_buildid,
/// builds.locks_duration_s).
pub static BUILDBOT_4_2: Release = Release {
    version: "4.2.1",
    revision: "066",
    buildbot: "4.0 – 4.2",
    projects: true,
    rebuilt_buildid: true,
    pins: &[
        "buildbot==4.2.1",
        "buildbot-www==4.2.1",
        // The versions of 4.2's time, as tested (SQLAlchemy 2.1 and
        // Twisted 25 came after it).
        "SQLAlchemy==2.0.36",
        "Twisted==24.11.0",
        "alembic==1.14.0",
        "Mako==1.4.3",
        "zope.interface==7.2",
        "croniter==7.0.0",
        "multipart==2.0.1",
        "pyOpenSSL==26.4.0",
        "service-identity==26.1.0",
        "treq==26.7.0",
        "unidiff==1.0.1",
    ],
    venv: OnceLock::new(),
};

/// Buildbot 4.3.0, from the suite's own virtualenv (`target/buildbot-venv`).
pub static BUILDBOT_4_3: Release = Release {
    version: "4.3.0",
    revision: "067",
    buildbot: "4.3",
    projects: true,
    rebuilt_buildid: true,
    pins: &[],
    venv: OnceLock::new(),
};

impl Release {
    /// The release's virtualenv, made on first use.
    pub fn venv(&'static self) -> &'static Path {
        if self.pins.is_empty() {
            return crate::venv::venv();
        }
        self.venv.get_or_init(|| make_venv(self))
    }

    /// A program from its virtualenv (`python`, `buildbot`).
    pub fn bin(&'static self, name: &str) -> PathBuf {
        self.venv().join("bin").join(name)
    }

    /// How `bb db info` shows the revision to people.
    fn shown_revision(&self) -> String {
        if self.revision == "58" {
            format!("migrate_version 58 (Buildbot {})", self.buildbot)
        } else {
            format!("{} (Buildbot {})", self.revision, self.buildbot)
        }
    }
}

/// Makes `target/buildbot-<version>-venv` unless a previous run finished it,
/// as `crate::venv` makes the 4.3 one: test threads share the OnceLock,
/// test processes a file lock; the marker (the pins) is written last, so a
/// venv left half-made, or made with other pins, is made again.
fn make_venv(release: &Release) -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR has a parent (the target directory)");
    let venv = target.join(format!("buildbot-{}-venv", release.version));
    let marker = venv.join("bb-release-installed");
    let pins: Vec<&str> = release.pins.iter().chain(COMMON_PINS).copied().collect();
    let content = pins.join(" ");
    let lock_path = target.join(format!("buildbot-{}-venv.lock", release.version));
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .unwrap_or_else(|err| setup_failed(release, &format!("open {}", lock_path.display()), err));
    lock.lock()
        .unwrap_or_else(|err| setup_failed(release, &format!("lock {}", lock_path.display()), err));
    if fs::read_to_string(&marker).is_ok_and(|m| m == content) {
        return venv;
    }
    if venv.exists() {
        fs::remove_dir_all(&venv).unwrap_or_else(|err| {
            setup_failed(release, &format!("remove {}", venv.display()), err)
        });
    }
    let started = Instant::now();
    run_setup(
        release,
        "create the virtualenv",
        Command::new("python3").args(["-m", "venv"]).arg(&venv),
    );
    let python = venv.join("bin/python");
    run_setup(
        release,
        &format!("pip install buildbot=={}", release.version),
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "--no-input",
            ])
            .args(&pins),
    );
    let out = run_setup(
        release,
        "import buildbot",
        Command::new(&python).args(["-c", "import buildbot; print(buildbot.version)"]),
    );
    let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if version != release.version {
        setup_failed(
            release,
            "check the installed version",
            format!("found {version:?}"),
        );
    }
    fs::write(&marker, content)
        .unwrap_or_else(|err| setup_failed(release, &format!("write {}", marker.display()), err));
    eprintln!(
        "releases: made {} in {:?}",
        venv.display(),
        started.elapsed()
    );
    venv
    // The file lock is released when `lock` is dropped.
}

fn run_setup(release: &Release, what: &str, cmd: &mut Command) -> Output {
    match cmd.output() {
        Ok(out) if out.status.success() => out,
        Ok(out) => setup_failed(
            release,
            what,
            format!(
                "{cmd:?} exited with {}\n--- stdout\n{}\n--- stderr\n{}",
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        ),
        Err(err) => setup_failed(release, what, format!("{cmd:?} could not run: {err}")),
    }
}

fn setup_failed(release: &Release, what: &str, detail: impl std::fmt::Display) -> ! {
    panic!(
        "\n\n******** BUILDBOT {} TESTS CANNOT RUN ********\n\
         could not {what}:\n{detail}\n\n\
         These tests install buildbot=={} and its pinned dependencies\n\
         (tests/cli/releases.rs) once into target/buildbot-{}-venv and need\n\
         python3 with the venv module (Debian: apt-get install python3-venv)\n\
         and access to PyPI for that first install. They do not skip.\n\
         **********************************************\n",
        release.version, release.version, release.version
    )
}

// --- a master created by a release -------------------------------------------

/// Where a release keeps the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Engine {
    Sqlite,
    Postgresql,
    /// MariaDB, the tables in the engine the release's `db_url` names
    /// (`None`: none named, so Buildbot's default, MyISAM).
    Mysql(Option<StorageEngine>),
}

enum Store {
    /// `state.sqlite` in the base directory.
    Sqlite(PathBuf),
    Postgresql(PgDb),
    Mysql(MyDb, Option<StorageEngine>),
}

/// A base directory made by a release's `buildbot create-master`, with its
/// database.
struct Master {
    release: &'static Release,
    dir: TempDir,
    store: Store,
}

impl Master {
    /// `buildbot create-master` of `release`, on SQLite or on a fresh
    /// PostgreSQL or MariaDB database.
    fn create(release: &'static Release, engine: Engine) -> Master {
        let dir = tempfile::tempdir().unwrap();
        let store = match engine {
            Engine::Sqlite => Store::Sqlite(dir.path().join("master/state.sqlite")),
            Engine::Postgresql => Store::Postgresql(pg::fresh_db()),
            Engine::Mysql(storage) => Store::Mysql(my::fresh_db(), storage),
        };
        let master = Master {
            release,
            dir,
            store,
        };
        let mut cmd = Command::new(release.bin("buildbot"));
        cmd.args(["create-master", "--quiet"]);
        if !matches!(master.store, Store::Sqlite(_)) {
            cmd.arg(format!("--db={}", master.buildbot_url()));
        }
        let out = cmd.arg(master.basedir()).output().unwrap();
        assert!(
            out.status.success(),
            "buildbot {} create-master failed ({}): {}{}",
            release.version,
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        master
    }

    fn basedir(&self) -> PathBuf {
        self.dir.path().join("master")
    }

    /// What `bb --db` is given.
    fn bb_db(&self) -> String {
        match &self.store {
            Store::Sqlite(path) => path.display().to_string(),
            Store::Postgresql(db) => db.url(),
            Store::Mysql(db, _) => db.url(),
        }
    }

    /// The `db_url` Buildbot is given.
    fn buildbot_url(&self) -> String {
        match &self.store {
            Store::Sqlite(path) => format!("sqlite:///{}", path.display()),
            Store::Postgresql(db) => db.buildbot_url(),
            Store::Mysql(db, storage) => db.buildbot_url(*storage),
        }
    }

    /// `bb --db <the database> ARGS...`, with nothing inherited from the
    /// environment that would choose another database or master.
    fn bb(&self, args: &[&str]) -> BbCommand {
        let mut cmd = bare_bb();
        for var in [
            "PGHOST",
            "PGPORT",
            "PGUSER",
            "PGPASSWORD",
            "PGPASSFILE",
            "MYSQL_HOST",
            "MYSQL_TCP_PORT",
            "MYSQL_UNIX_PORT",
            "MYSQL_PWD",
        ] {
            cmd.env_remove(var);
        }
        cmd.current_dir(self.dir.path())
            .arg("--db")
            .arg(self.bb_db())
            .args(args);
        cmd
    }

    /// bb with `--json`, which must succeed: its document.
    fn json(&self, args: &[&str]) -> Value {
        let out = self.bb(args).arg("--json").output().unwrap();
        assert!(
            out.status.success(),
            "bb {args:?} failed at {} ({:?}): {}",
            self.release.version,
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|err| {
            panic!(
                "bb {args:?} printed no JSON ({err}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    /// `bb LINE --json` (see [`words`]), which must succeed.
    fn line(&self, line: &str) -> Value {
        self.json(&words(line))
    }

    /// `bb LINE --at T --json`.
    fn at(&self, line: &str, t: i64) -> Value {
        self.line(&format!("{line} --at {t}"))
    }

    /// bb without `--json`, which must succeed: its stdout.
    fn text(&self, args: &[&str]) -> String {
        let out = self.bb(args).output().unwrap();
        assert!(
            out.status.success(),
            "bb {args:?} failed at {}: {}",
            self.release.version,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs `ops` through the release's own connectors (see
    /// tests/interop/releases.py): one result per op.
    fn buildbot(&self, ops: &[Value]) -> Vec<Value> {
        let out = Command::new(self.release.bin("python"))
            .arg(HELPER)
            .arg(self.buildbot_url())
            .args(ops.iter().map(Value::to_string))
            .current_dir(self.basedir())
            .output()
            .expect("run the Buildbot helper");
        assert!(
            out.status.success(),
            "Buildbot {} helper failed ({}) on {ops:#?}\n{}",
            self.release.version,
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        let results: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap_or_else(|err| {
            panic!(
                "Buildbot helper printed no JSON ({err}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        });
        assert_eq!(results.len(), ops.len(), "one result per op");
        results
    }

    /// The schema as the engine describes it: on SQLite every `sqlite_master`
    /// row, SQL text byte for byte, and the schema cookie (which any schema
    /// change bumps); on a server its catalog (`PgDb::catalog`,
    /// `MyDb::catalog`: storage engines included).
    fn schema(&self) -> String {
        match &self.store {
            Store::Sqlite(path) => {
                let conn = Connection::open(path).unwrap();
                let mut stmt = conn
                    .prepare(
                        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name",
                    )
                    .unwrap();
                let rows = stmt
                    .query_map([], |row| {
                        Ok(format!(
                            "{}|{}|{}|{:?}\n",
                            row.get::<_, String>(0)?,
                            row.get::<_, String>(1)?,
                            row.get::<_, String>(2)?,
                            row.get::<_, Option<String>>(3)?
                        ))
                    })
                    .unwrap()
                    .collect::<Result<String, _>>()
                    .unwrap();
                let cookie: i64 = conn
                    .query_row("PRAGMA schema_version", [], |row| row.get(0))
                    .unwrap();
                format!("{rows}schema_version {cookie}\n")
            }
            Store::Postgresql(db) => db.catalog(),
            Store::Mysql(db, _) => db.catalog(),
        }
    }

    /// The rows of the tables bb writes, to see that a refused command
    /// wrote nothing.
    fn rows(&self) -> String {
        const TABLES: &[&str] = &[
            "masters",
            "builders",
            "builder_masters",
            "buildsets",
            "buildset_properties",
            "buildset_sourcestamps",
            "sourcestamps",
            "buildrequests",
            "buildrequest_claims",
            "changesources",
            "changesource_masters",
        ];
        let select = |t: &str| format!("SELECT * FROM {t} ORDER BY 1");
        let rows = |run: &dyn Fn(&str) -> String| -> String {
            TABLES
                .iter()
                .map(|t| format!("== {t}\n{}\n", run(&select(t))))
                .collect()
        };
        match &self.store {
            Store::Sqlite(path) => crate::support::dump(path),
            Store::Postgresql(db) => rows(&|sql| db.psql(sql)),
            Store::Mysql(db, _) => rows(&|sql| db.sql(sql)),
        }
    }

    /// Writes the base directory's master.cfg: builders `linux` and `docs`
    /// on a worker that never connects, the web UI and the worker port on
    /// free loopback ports, this database.
    fn write_master_cfg(&self) {
        let db_url = match &self.store {
            Store::Sqlite(_) => "sqlite:///state.sqlite".to_string(),
            _ => self.buildbot_url(),
        };
        let (web, pb) = (free_port(), free_port());
        fs::write(
            self.basedir().join("master.cfg"),
            format!(
                "from buildbot.plugins import *\n\
                 c = BuildmasterConfig = {{}}\n\
                 c['workers'] = [worker.Worker('w1', 'pass')]\n\
                 c['protocols'] = {{'pb': {{'port': 'tcp:{pb}:interface=127.0.0.1'}}}}\n\
                 f = util.BuildFactory()\n\
                 f.addStep(steps.ShellCommand(command=['true']))\n\
                 c['builders'] = [util.BuilderConfig(name=n, workernames=['w1'], factory=f)\n\
                 \x20                for n in ('linux', 'docs')]\n\
                 c['schedulers'] = [schedulers.ForceScheduler(name='force', builderNames=['linux', 'docs'])]\n\
                 c['title'] = 'releases'\n\
                 c['buildbotURL'] = 'http://127.0.0.1:{web}/'\n\
                 c['www'] = {{'port': 'tcp:{web}:interface=127.0.0.1', 'plugins': {{}}}}\n\
                 c['db'] = {{'db_url': '{db_url}'}}\n\
                 c['buildbotNetUsageData'] = None\n"
            ),
        )
        .unwrap();
    }

    /// Starts the release's master on this base directory and database
    /// (see [`Master::write_master_cfg`]), waits until it runs, stops it
    /// with SIGTERM, and returns its twistd.log.
    fn run_master(&self) -> String {
        let basedir = self.basedir();
        self.write_master_cfg();
        let output = fs::File::create(basedir.join("bb-test-output.log")).unwrap();
        let mut child = Command::new(self.release.bin("buildbot"))
            .args(["start", "--nodaemon"])
            .arg(&basedir)
            .current_dir(&basedir)
            .stdin(Stdio::null())
            .stdout(output.try_clone().unwrap())
            .stderr(output)
            .spawn()
            .expect("run buildbot start --nodaemon");
        let log = || fs::read_to_string(basedir.join("twistd.log")).unwrap_or_default();
        let started = Instant::now();
        loop {
            if log().contains("BuildMaster is running") {
                break;
            }
            let exited = child.try_wait().unwrap();
            if exited.is_some() || started.elapsed() > Duration::from_secs(60) {
                stop(&mut child);
                panic!(
                    "Buildbot {}'s master did not start ({exited:?})\n--- twistd.log\n{}\n--- output\n{}",
                    self.release.version,
                    log(),
                    fs::read_to_string(basedir.join("bb-test-output.log")).unwrap_or_default()
                );
            }
            thread::sleep(Duration::from_millis(100));
        }
        // Let it do what a master does once it runs (claim, look for work).
        thread::sleep(Duration::from_millis(500));
        let stopped = stop(&mut child);
        let log = log();
        assert!(
            stopped,
            "Buildbot {}'s master did not stop on SIGTERM\n{log}",
            self.release.version
        );
        log
    }
}

/// A loopback TCP port that was free a moment ago.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("bind a loopback port")
        .port()
}

/// SIGTERM the child (`buildbot start --nodaemon` execs twistd, so it is
/// the master) and wait for it; SIGKILL it after 30 s. Whether it stopped
/// on SIGTERM.
fn stop(child: &mut Child) -> bool {
    let pid = child.id() as libc::pid_t;
    // SAFETY: the pid is our own child's, not yet reaped.
    unsafe { libc::kill(pid, libc::SIGTERM) };
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        if child.try_wait().unwrap().is_some() {
            return true;
        }
        thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    false
}

/// Lines of a twistd.log that report a problem.
fn error_lines(log: &str) -> Vec<&str> {
    const MARKERS: &[&str] = &[
        "traceback",
        "unhandled error",
        "failure",
        "error",
        "exception",
        "critical",
    ];
    log.lines()
        .filter(|line| {
            let line = line.to_lowercase();
            MARKERS.iter().any(|marker| line.contains(marker))
        })
        .collect()
}

/// The master started and stopped as it should, with nothing wrong logged.
fn assert_clean(release: &Release, log: &str) {
    let errors = error_lines(log);
    assert!(
        errors.is_empty() && log.contains("BuildMaster is stopped"),
        "Buildbot {}'s master did not run cleanly on bb's database: {errors:#?}\n--- twistd.log\n{log}",
        release.version
    );
}

// --- the scenario -------------------------------------------------------------

const HOUR_AGO: i64 = T0 - 3600;
const REPO: &str = "https://example.org/app.git";
const REPO2: &str = "https://example.org/lib.git";
/// Buildbot's RETRY: what housekeeping finishes a dead master's builds with.
const RETRY: i64 = 5;

/// `master.db.METHOD(**kwargs)` with the result it must give.
fn op(method: &str, kwargs: Value, result: Value) -> (Value, Value) {
    (json!([method, kwargs]), result)
}

/// What a master that died an hour before T0 leaves, written by the
/// release's own connectors: master 1 (`old`, still marked active), builder
/// `linux` (with a description, a tag and, from 3.9, a project) linked to
/// it, a scheduler, change source `poller` and worker `w1` on it, buildset
/// 1 whose request 1 it claimed and started build 1 for (a step with an
/// open log). Each op with the result it must give.
fn dead_master(release: &Release) -> Vec<(Value, Value)> {
    let null = Value::Null;
    let mut ops = vec![
        (json!(["clock", HOUR_AGO]), null.clone()),
        op("masters.findMasterId", json!({"name": "old"}), json!(1)),
        op(
            "masters.setMasterState",
            json!({"masterid": 1, "active": true}),
            json!(true),
        ),
        op("builders.findBuilderId", json!({"name": "linux"}), json!(1)),
    ];
    if release.projects {
        ops.extend([
            op("projects.find_project_id", json!({"name": "app"}), json!(1)),
            op(
                "builders.updateBuilderInfo",
                json!({"builderid": 1, "description": "Linux builds", "tags": ["os"],
                       "description_format": "markdown", "description_html": "<p>Linux builds</p>",
                       "projectid": 1}),
                null.clone(),
            ),
        ]);
    } else {
        ops.push(op(
            "builders.updateBuilderInfo",
            json!({"builderid": 1, "description": "Linux builds", "tags": ["os"]}),
            null.clone(),
        ));
    }
    let sourcestamp = json!({"branch": "main", "revision": "4f2a9c01", "repository": REPO,
                             "project": "", "codebase": ""});
    ops.extend([
        op(
            "builders.addBuilderMaster",
            json!({"builderid": 1, "masterid": 1}),
            null.clone(),
        ),
        op(
            "schedulers.findSchedulerId",
            json!({"name": "nightly"}),
            json!(1),
        ),
        op(
            "schedulers.setSchedulerMaster",
            json!({"schedulerid": 1, "masterid": 1}),
            null.clone(),
        ),
        op(
            "changesources.findChangeSourceId",
            json!({"name": "poller"}),
            json!(1),
        ),
        op(
            "changesources.setChangeSourceMaster",
            json!({"changesourceid": 1, "masterid": 1}),
            null.clone(),
        ),
        op("workers.findWorkerId", json!({"name": "w1"}), json!(1)),
        op(
            "workers.workerConnected",
            json!({"workerid": 1, "masterid": 1, "workerinfo": {}}),
            null.clone(),
        ),
        op(
            "workers.workerConfigured",
            json!({"workerid": 1, "masterid": 1, "builderids": [1]}),
            null.clone(),
        ),
        op(
            "buildsets.addBuildset",
            json!({"sourcestamps": [sourcestamp], "reason": "by buildbot",
                   "properties": {"p": [1, "scheduler"]}, "builderids": [1], "waited_for": false}),
            json!([1, {"1": 1}]),
        ),
        (json!(["as_master", 1]), null.clone()),
        op(
            "buildrequests.claimBuildRequests",
            json!({"brids": [1]}),
            null.clone(),
        ),
        op(
            "builds.addBuild",
            json!({"builderid": 1, "buildrequestid": 1, "workerid": 1, "masterid": 1,
                   "state_string": "building"}),
            json!([1, 1]),
        ),
        op(
            "steps.addStep",
            json!({"buildid": 1, "name": "compile", "state_string": "running"}),
            json!([1, 0, "compile"]),
        ),
        op(
            "logs.addLog",
            json!({"stepid": 1, "name": "stdio", "slug": "stdio", "type": "s"}),
            json!(1),
        ),
    ]);
    ops
}

/// The release's connectors' reading of everything bb shows.
fn views() -> Vec<Value> {
    [
        "view.masters",
        "view.builders",
        "view.buildsets",
        "view.buildrequests",
        "view.changesources",
        "view.housekeeping",
    ]
    .iter()
    .map(|op| json!([op]))
    .chain([
        json!(["buildsets.getBuildsetProperties", [1]]),
        json!(["buildsets.getBuildsetProperties", [2]]),
    ])
    .collect()
}

fn master(id: i64, name: &str, active: bool, last_active: i64) -> Value {
    json!({"masterid": id, "name": name, "active": active, "last_active": last_active})
}

fn builder(id: i64, name: &str) -> Value {
    json!({"builderid": id, "name": name, "masterids": [], "description": null,
           "description_format": null, "description_html": null, "projectid": null, "tags": []})
}

fn sourcestamp(
    ssid: i64,
    branch: Value,
    revision: Value,
    repository: &str,
    codebase: &str,
    created_at: i64,
) -> Value {
    json!({"ssid": ssid, "branch": branch, "revision": revision, "repository": repository,
           "project": "", "codebase": codebase, "created_at": created_at, "patch": null})
}

/// A buildset as bb and the REST API show it; `done` is when it completed
/// and with what.
fn buildset(
    bsid: i64,
    reason: &str,
    submitted_at: i64,
    done: Option<(i64, i64)>,
    sourcestamps: &[&Value],
) -> Value {
    json!({"bsid": bsid, "external_idstring": null, "reason": reason,
           "submitted_at": submitted_at, "complete": done.is_some(),
           "complete_at": done.map(|(at, _)| at), "results": done.map_or(-1, |(_, r)| r),
           "sourcestamps": sourcestamps, "parent_buildid": null, "parent_relationship": null,
           "rebuilt_buildid": null})
}

/// A command line's words (none of the tests' arguments has a space).
fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// The core scenarios at one release's revision, on one engine.
fn scenario(release: &'static Release, engine: Engine) {
    let started = Instant::now();
    let m = Master::create(release, engine);
    let context = format!("Buildbot {} on {engine:?}", release.version);
    let schema = m.schema();

    // bb names the revision and its releases.
    let info = m.json(&["db", "info"]);
    assert_eq!(
        (&info["revision"], &info["buildbot"]),
        (&json!(release.revision), &json!(release.buildbot)),
        "{info}"
    );
    let shown = m.text(&["db", "info"]);
    assert!(shown.contains(&release.shown_revision()), "{shown}");
    // On MariaDB the tables are in the engine the db_url named, MyISAM
    // when it named none, and db info warns of MyISAM's.
    let myisam = matches!(engine, Engine::Mysql(None | Some(StorageEngine::MyIsam)));
    let warned = info["warnings"].as_array().is_some_and(|w| {
        w.iter()
            .any(|w| w.as_str().is_some_and(|w| w.contains("MyISAM")))
    });
    assert_eq!(warned, myisam, "{context}: {info}");

    // A master that died mid-build, as the release itself writes it.
    let (ops, expected): (Vec<Value>, Vec<Value>) = dead_master(release).into_iter().unzip();
    assert_eq!(m.buildbot(&ops), expected, "{context}");

    // Its build and worker as bb shows them: a column the revision lacks
    // (locks_duration_s before 066, pause_reason before 064) reads null.
    let revision: u32 = release.revision.parse().unwrap();
    let running = m.line("build list --running");
    assert_eq!(
        running.as_array().map(Vec::len),
        Some(1),
        "{context}: {running}"
    );
    assert_eq!(
        (
            &running[0]["buildid"],
            &running[0]["workerid"],
            &running[0]["masterid"]
        ),
        (&json!(1), &json!(1), &json!(1)),
        "{context}: {running}"
    );
    let locks = if revision >= 66 {
        json!(0)
    } else {
        Value::Null
    };
    assert_eq!(running[0]["locks_duration_s"], locks, "{context}");
    assert_eq!(
        m.line("build show linux/1")["properties"],
        json!({}),
        "{context}"
    );
    let w1 = m.line("worker show w1");
    assert_eq!(
        (
            &w1["pause_reason"],
            &w1["connected_to"],
            &w1["configured_on"]
        ),
        (
            &Value::Null,
            &json!([{"masterid": 1}]),
            &json!([{"builderid": 1, "masterid": 1}])
        ),
        "{context}: {w1}"
    );

    // Masters: register, activate, deactivate (with housekeeping).
    assert_eq!(
        m.at("master register ci-2", T0 - 600),
        json!({"master": master(2, "ci-2", false, T0 - 600), "changed": true, "housekeeping": null})
    );
    m.at("master register ci-3", T0 - 900);
    m.at("master activate ci-3", T0 - 900);
    let deactivated = m.at("master deactivate ci-3", T0);
    assert_eq!(deactivated["changed"], true, "{deactivated}");
    assert_eq!(deactivated["housekeeping"]["buildrequests"], 0);

    // Builders, and buildsets with properties and sourcestamps (one of
    // them the dead master's buildset has: found by its hash, not made
    // again).
    assert_eq!(m.line("builder register docs"), builder(2, "docs"));
    let nightly = format!(
        "buildset add --reason nightly --builder linux --builder docs \
         --sourcestamp branch=main,revision=4f2a9c01,repository={REPO} \
         --sourcestamp codebase=lib,repository={REPO2} \
         --property owner=\"ann\" --property n=3 --external-idstring ext-1"
    );
    assert_eq!(
        m.at(&nightly, T0 - 500),
        json!({"bsid": 2, "brids": {"1": 2, "2": 3}})
    );

    // Requests: claim, unclaim, complete; the buildset completes with the
    // last of its requests, with the worst result.
    let claimed = m.at("request claim 2 3 --master ci-2", T0 - 400);
    assert_eq!(claimed.as_array().map(Vec::len), Some(2), "{claimed}");
    assert_eq!(
        m.line("request unclaim 3 --master ci-2"),
        json!({"unclaimed": [3], "skipped": []})
    );
    let done = m.at("request complete 2 --results success", T0 - 300);
    assert_eq!(done["buildsets_completed"], json!([]), "{done}");
    m.at("request claim 3 --master ci-2", T0 - 250);
    let done = m.at("request complete 3 --results warnings", T0 - 200);
    assert_eq!(done["buildsets_completed"], json!([2]), "{done}");
    assert_eq!(
        m.at("buildset add --reason plain --builder docs", T0 - 100),
        json!({"bsid": 3, "brids": {"2": 4}})
    );

    // --rebuilt-buildid needs 065: refused below it, nothing written.
    let rebuild = format!(
        "buildset add --reason rebuild --builder linux --rebuilt-buildid 1 --at {}",
        T0 - 50
    );
    if release.rebuilt_buildid {
        assert_eq!(m.line(&rebuild), json!({"bsid": 4, "brids": {"1": 5}}));
    } else {
        let before = m.rows();
        let message = fails(&mut m.bb(&words(&rebuild)), 1);
        assert!(
            message.contains("Buildbot 4.0 added") && message.contains(&release.shown_revision()),
            "{message}"
        );
        assert_eq!(m.rows(), before, "a refused --rebuilt-buildid wrote");
    }

    // Change sources: the dead master holds its poller until the sweep.
    let claim = format!("changesource claim poller --master ci-2 --at {T0}");
    let message = fails(&mut m.bb(&words(&claim)), 3);
    assert!(message.contains("held by master 1"), "{message}");

    // The sweep expires the dead master and the stale one; only the dead
    // one was active, so only it is housekept: its builder, scheduler,
    // change source and worker links go, its build, step and log finish as
    // RETRY, its claim is released.
    m.at("master activate ci-2", T0 - 60);
    let swept = m.at("master sweep", T0);
    let housekept = json!({"schedulers": 1, "changesources": 1, "builders": 1,
        "configured_workers": 1, "connected_workers": 1, "builds": 1, "steps": 1, "logs": 1,
        "buildrequests": 1});
    assert_eq!(
        swept["expired"],
        json!([
            {"master": master(1, "old", false, HOUR_AGO), "was_active": true,
             "housekeeping": housekept},
            {"master": master(3, "ci-3", false, T0 - 900), "was_active": false,
             "housekeeping": null},
        ]),
        "{swept}"
    );
    // ci-2 is running now: bb acts as it only when told to.
    m.line(&format!("{claim} --force"));
    m.line("changesource register poller2");
    m.at("changesource claim poller2 --master ci-2 --force", T0);
    m.line("changesource release poller2");

    // What bb shows now.
    let masters = m.line("master list");
    assert_eq!(
        masters,
        json!([
            master(1, "old", false, HOUR_AGO),
            master(2, "ci-2", true, T0 - 60),
            master(3, "ci-3", false, T0 - 900)
        ])
    );
    // Columns the revision lacks read as null; the others as Buildbot
    // wrote them, and filter and order either way.
    let builders = m.line("builder list");
    let mut linux = builder(1, "linux");
    linux["description"] = json!("Linux builds");
    linux["tags"] = json!(["os"]);
    if release.projects {
        linux["description_format"] = json!("markdown");
        linux["description_html"] = json!("<p>Linux builds</p>");
        linux["projectid"] = json!(1);
    }
    assert_eq!(builders, json!([linux, builder(2, "docs")]));
    assert_eq!(
        m.line("builder list --filter projectid__ne=null --order -projectid --field name"),
        if release.projects {
            json!([{"name": "linux"}])
        } else {
            json!([])
        }
    );
    let buildsets = m.line("buildset list");
    let ss1 = sourcestamp(1, json!("main"), json!("4f2a9c01"), REPO, "", HOUR_AGO);
    let ss2 = sourcestamp(2, Value::Null, Value::Null, REPO2, "lib", T0 - 500);
    let ss3 = sourcestamp(3, Value::Null, Value::Null, "", "", T0 - 100);
    let mut expected = vec![
        buildset(1, "by buildbot", HOUR_AGO, None, &[&ss1]),
        buildset(2, "nightly", T0 - 500, Some((T0 - 200, 1)), &[&ss1, &ss2]),
        buildset(3, "plain", T0 - 100, None, &[&ss3]),
    ];
    expected[1]["external_idstring"] = json!("ext-1");
    if release.rebuilt_buildid {
        let mut rebuilt = buildset(4, "rebuild", T0 - 50, None, &[&ss3]);
        rebuilt["rebuilt_buildid"] = json!(1);
        expected.push(rebuilt);
    }
    assert_eq!(buildsets, Value::Array(expected));
    let requests = m.line("request list");
    let state: Vec<[&Value; 4]> = requests
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let field = |name| &r[name];
            [
                "buildrequestid",
                "claimed_by_masterid",
                "complete",
                "results",
            ]
            .map(field)
        })
        .collect();
    let mut expected = vec![
        json!([1, null, false, -1]),
        json!([2, 2, true, 0]),
        json!([3, 2, true, 1]),
        json!([4, null, false, -1]),
    ];
    if release.rebuilt_buildid {
        expected.push(json!([5, null, false, -1]));
    }
    assert_eq!(json!(state), json!(expected), "{requests:#}");
    let changesources = m.line("changesource list");
    assert_eq!(
        changesources,
        json!([
            {"changesourceid": 1, "name": "poller", "master": master(2, "ci-2", true, T0 - 60)},
            {"changesourceid": 2, "name": "poller2", "master": null},
        ])
    );
    let properties = [
        m.line("buildset properties 1"),
        m.line("buildset properties 2"),
    ];
    assert_eq!(
        properties[1],
        json!({"n": [3, "bb"], "owner": ["ann", "bb"]})
    );

    // The release's own connectors read every row as bb shows it.
    let read = m.buildbot(&views());
    assert_eq!(read[0], masters, "{context}: masters");
    assert_eq!(read[1], builders, "{context}: builders");
    assert_eq!(read[2], buildsets, "{context}: buildsets");
    assert_eq!(read[3], requests, "{context}: build requests");
    let by_bb: Vec<Value> = changesources
        .as_array()
        .unwrap()
        .iter()
        .map(|cs| {
            json!({"changesourceid": cs["changesourceid"], "name": cs["name"],
                   "masterid": cs["master"]["masterid"]})
        })
        .collect();
    assert_eq!(read[4], json!(by_bb), "{context}: change sources");
    assert_eq!(
        read[5],
        json!({
            "builds": [{"buildid": 1, "results": RETRY, "complete_at": T0, "steps": [
                {"stepid": 1, "results": RETRY, "complete_at": T0, "hidden": false,
                 "logs": [{"logid": 1, "complete": true}]}]}],
            "workers": [{"workerid": 1, "configured_on": [], "connected_to": []}],
            "schedulers": [{"schedulerid": 1, "masterid": null}],
        }),
        "{context}: what the sweep's housekeeping left"
    );
    assert_eq!(read[6..], properties, "{context}: buildset properties");

    // bb changed rows only: the schema is as create-master made it.
    assert_eq!(m.schema(), schema, "{context}: bb changed the schema");

    // The release's master runs on what bb left.
    assert_clean(release, &m.run_master());
    eprintln!("releases: {context} in {:?}", started.elapsed());
}

#[test]
fn buildbot_3_3_at_migrate_version_58() {
    scenario(&BUILDBOT_3_3, Engine::Sqlite);
}

#[test]
fn buildbot_3_9_at_062() {
    scenario(&BUILDBOT_3_9, Engine::Sqlite);
}

#[test]
fn buildbot_3_11_at_064() {
    scenario(&BUILDBOT_3_11, Engine::Sqlite);
}

#[test]
fn buildbot_4_2_at_066() {
    scenario(&BUILDBOT_4_2, Engine::Sqlite);
}

#[test]
fn buildbot_4_3_at_067() {
    scenario(&BUILDBOT_4_3, Engine::Sqlite);
}

#[test]
fn buildbot_3_3_on_postgresql() {
    scenario(&BUILDBOT_3_3, Engine::Postgresql);
}

#[test]
fn buildbot_4_2_on_postgresql() {
    scenario(&BUILDBOT_4_2, Engine::Postgresql);
}

/// A MariaDB master as most were made: no `storage_engine=` in the
/// `db_url`, so MyISAM tables, which bb writes under `LOCK TABLES`.
#[test]
fn buildbot_4_2_on_mariadb_myisam() {
    scenario(&BUILDBOT_4_2, Engine::Mysql(None));
}

/// 3.0 – 3.3's schema (sqlalchemy-migrate's `migrate_version`) on MariaDB,
/// with InnoDB tables as its `db_url` asks.
#[test]
fn buildbot_3_3_on_mariadb_innodb() {
    scenario(&BUILDBOT_3_3, Engine::Mysql(Some(StorageEngine::InnoDb)));
}

// --- an upgrade script ----------------------------------------------------------

/// What an upgrade script runs around `buildbot upgrade-master`: on a 4.2
/// database with masters, claims and change sources, `bb master
/// mark-all-stale` (every master active, last seen at 0), 4.3's
/// `upgrade-master`, then `bb master sweep` at 067 housekeeps them all; and
/// Buildbot 4.3's master starts clean on the result.
#[test]
fn upgrade_script_from_4_2_to_4_3() {
    let mut m = Master::create(&BUILDBOT_4_2, Engine::Sqlite);
    let (ops, expected): (Vec<Value>, Vec<Value>) = dead_master(&BUILDBOT_4_2).into_iter().unzip();
    assert_eq!(m.buildbot(&ops), expected);
    m.at("master register ci-2", T0 - 60);
    m.at("master activate ci-2", T0 - 60);
    m.at("buildset add --reason r --builder linux", T0 - 60);
    // As ci-2 would claim them itself, while it runs: --force.
    m.at("request claim 2 --master ci-2 --force", T0 - 60);
    m.line("changesource register poller2");
    m.at("changesource claim poller2 --master ci-2 --force", T0 - 60);

    // Every master on the database is stopped: mark them all stale, so
    // that the sweep after the upgrade housekeeps each of them.
    assert_eq!(m.line("master mark-all-stale"), json!({"masters": 2}));
    assert_eq!(
        m.line("master list"),
        json!([master(1, "old", true, 0), master(2, "ci-2", true, 0)])
    );

    // 4.3's upgrade-master (which reads master.cfg for the database).
    m.write_master_cfg();
    let out = Command::new(BUILDBOT_4_3.bin("buildbot"))
        .arg("upgrade-master")
        .arg(m.basedir())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "buildbot 4.3 upgrade-master failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    m.release = &BUILDBOT_4_3;
    let info = m.line("db info");
    assert_eq!(
        (&info["revision"], &info["buildbot"]),
        (&json!("067"), &json!("4.3"))
    );

    // The sweep at 067 housekeeps both masters: the dead master's build
    // finished as RETRY, every claim released, no change source held.
    let swept = m.at("master sweep", T0);
    let released: Vec<[&Value; 3]> = swept["expired"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let h = &e["housekeeping"];
            [
                &e["master"]["masterid"],
                &h["buildrequests"],
                &h["changesources"],
            ]
        })
        .collect();
    assert_eq!(json!(released), json!([[1, 1, 1], [2, 1, 1]]), "{swept}");
    let read = m.buildbot(&[
        json!(["view.buildrequests"]),
        json!(["view.changesources"]),
        json!(["view.housekeeping"]),
    ]);
    assert_eq!(read[0], m.line("request list"));
    let claimed: Vec<&Value> = read[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["claimed"])
        .collect();
    assert_eq!(json!(claimed), json!([false, false]));
    let held: Vec<&Value> = read[1]
        .as_array()
        .unwrap()
        .iter()
        .map(|cs| &cs["masterid"])
        .collect();
    assert_eq!(json!(held), json!([null, null]));
    assert_eq!(read[2]["builds"][0]["results"], RETRY, "{}", read[2]);

    // Buildbot 4.3's master starts clean on the result.
    assert_clean(&BUILDBOT_4_3, &m.run_master());
}

// --- revisions bb refuses -------------------------------------------------------

/// A database from before Buildbot 3.0 (another migrate_version) is refused
/// with the advice to upgrade it first; migrate_version 58 is 3.0 – 3.3's;
/// an alembic revision newer than 4.3's is refused too. Nothing is written.
#[test]
fn databases_before_3_0_and_after_4_3_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("state.sqlite");
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(include_str!("../../schema.sql"))
        .unwrap();
    // Buildbot 3.3's bookkeeping: migrate_version, no alembic_version.
    conn.execute_batch(
        "DROP TABLE alembic_version;
         CREATE TABLE migrate_version (repository_id VARCHAR(250) NOT NULL, repository_path TEXT,
                                       version INTEGER, PRIMARY KEY (repository_id));
         INSERT INTO migrate_version VALUES ('Buildbot', '/x/migrate', 57);",
    )
    .unwrap();
    drop(conn);
    let bb = |args: &[&str]| {
        let mut cmd = bare_bb();
        cmd.arg("--db").arg(&db).args(args);
        cmd
    };
    let before = fs::read(&db).unwrap();
    let message = fails(&mut bb(&["master", "mark-all-stale"]), 1);
    for needle in [
        "migrate_version 57",
        "before Buildbot 3.0",
        "buildbot upgrade-master",
        "2.10",
    ] {
        assert!(message.contains(needle), "{needle:?} missing: {message}");
    }
    assert_eq!(fs::read(&db).unwrap(), before);

    let set = |sql: &str| Connection::open(&db).unwrap().execute_batch(sql).unwrap();
    set("UPDATE migrate_version SET version = 58");
    let info: Value =
        serde_json::from_slice(&bb(&["db", "info", "--json"]).output().unwrap().stdout).unwrap();
    assert_eq!(
        (&info["revision"], &info["buildbot"]),
        (&json!("58"), &json!("3.0 – 3.3"))
    );

    set("DROP TABLE migrate_version;
         CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);
         INSERT INTO alembic_version VALUES ('068');");
    let before = fs::read(&db).unwrap();
    let message = fails(&mut bb(&["master", "sweep", "--at", &T0.to_string()]), 1);
    for needle in ["'068'", "059 to 067", "newer than 4.3"] {
        assert!(message.contains(needle), "{needle:?} missing: {message}");
    }
    assert_eq!(fs::read(&db).unwrap(), before);
}
