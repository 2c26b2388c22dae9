//! A real Buildbot 4.3 master running on the test's `state.sqlite`, and bb
//! working beside it.
//!
//! `LiveMaster` is a harness other tests can reuse: `buildbot
//! create-master` in a temporary directory, a master.cfg given as a string
//! (`minimal_cfg` renders one with given builders, a web port on loopback
//! and room for extra Python), and `buildbot start --nodaemon` run as a
//! child process this test owns — it execs twistd, so the child's pid is
//! the master's. Every wait is bounded; the master is stopped by that pid
//! (SIGTERM, or SIGKILL), and Drop kills it if a test panics.

#![allow(dead_code)]

use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};
use serde_json::{Value, json};

use crate::support::{bare_bb, nodename};
use crate::venv::venv_bin;

/// How long a master may take to come up (Buildbot's imports alone take
/// several seconds on a busy machine).
pub const START_TIMEOUT: Duration = Duration::from_secs(90);
/// How long a master may take to shut down after SIGTERM.
pub const STOP_TIMEOUT: Duration = Duration::from_secs(30);

/// A loopback TCP port that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("bind a loopback port")
        .port()
}

/// A python string literal for `s` (JSON string syntax is valid Python).
pub fn py_str(s: &str) -> String {
    Value::from(s).to_string()
}

/// A minimal master.cfg: the given builders, each driven by one
/// ForceScheduler, all on one worker that never connects (Buildbot wants a
/// worker per builder and a worker port; the worker port is an ephemeral
/// loopback port), the web UI on `127.0.0.1:web_port`, the database at
/// `db`, no usage reporting. `extra` is Python appended at the end, with
/// `c` the config dict (e.g. `c['www']['change_hook_dialects'] = {...}`,
/// more schedulers).
pub fn minimal_cfg(builders: &[&str], web_port: u16, db: &Path, extra: &str) -> String {
    let names: Vec<String> = builders.iter().map(|name| py_str(name)).collect();
    let names = names.join(", ");
    let db_url = py_str(&format!("sqlite:///{}", db.display()));
    format!(
        "# master.cfg written by bb's tests (tests/cli/live.rs)\n\
         from buildbot.plugins import schedulers, util, worker\n\
         \n\
         c = BuildmasterConfig = {{}}\n\
         c['title'] = 'bb test master'\n\
         c['buildbotURL'] = 'http://127.0.0.1:{web_port}/'\n\
         c['buildbotNetUsageData'] = None\n\
         c['db'] = {{'db_url': {db_url}}}\n\
         c['www'] = {{'port': 'tcp:{web_port}:interface=127.0.0.1', 'plugins': {{}}}}\n\
         c['protocols'] = {{'pb': {{'port': 'tcp:0:interface=127.0.0.1'}}}}\n\
         c['workers'] = [worker.Worker('never-connects', 'unused-password')]\n\
         BUILDERS = [{names}]\n\
         c['builders'] = [\n\
         \x20   util.BuilderConfig(name=name, workernames=['never-connects'], factory=util.BuildFactory())\n\
         \x20   for name in BUILDERS\n\
         ]\n\
         c['schedulers'] = [schedulers.ForceScheduler(name='force', builderNames=BUILDERS)] if BUILDERS else []\n\
         \n\
         {extra}\n"
    )
}

/// A Buildbot master process on a base directory of its own.
pub struct LiveMaster {
    basedir: PathBuf,
    db: PathBuf,
    web_port: u16,
    child: Option<Child>,
    /// Length of twistd.log when the current process was started.
    log_start: usize,
}

impl LiveMaster {
    /// `buildbot create-master` in `basedir` (which makes its
    /// `state.sqlite`), then `cfg` as its master.cfg.
    pub fn create(basedir: &Path, cfg: &str) {
        let out = Command::new(venv_bin("buildbot"))
            .args(["create-master", "--quiet"])
            .arg(basedir)
            .output()
            .expect("run buildbot create-master");
        assert!(
            out.status.success() && basedir.join("state.sqlite").exists(),
            "buildbot create-master failed ({}): {}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        fs::write(basedir.join("master.cfg"), cfg).unwrap();
    }

    /// Create a master in `basedir` with `minimal_cfg(builders, a free
    /// port, basedir/state.sqlite, extra)` and start it.
    pub fn new(basedir: &Path, builders: &[&str], extra: &str) -> LiveMaster {
        let db = basedir.join("state.sqlite");
        let port = free_port();
        LiveMaster::create(basedir, &minimal_cfg(builders, port, &db, extra));
        LiveMaster::start(basedir, &db, port)
    }

    /// Start the master already created in `basedir` (its master.cfg uses
    /// `db` and serves the web UI on `web_port`) and wait until it is up.
    pub fn start(basedir: &Path, db: &Path, web_port: u16) -> LiveMaster {
        let mut master = LiveMaster {
            basedir: basedir.to_path_buf(),
            db: db.to_path_buf(),
            web_port,
            child: None,
            log_start: 0,
        };
        master.run();
        master
    }

    /// Start the master process again on the same base directory (after
    /// `kill` or `stop`) and wait until it is up.
    pub fn restart(&mut self) {
        assert!(self.child.is_none(), "the master is still running");
        self.run();
    }

    fn run(&mut self) {
        self.log_start = self.log().len();
        let output = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.basedir.join("bb-test-output.log"))
            .unwrap();
        let child = Command::new(venv_bin("buildbot"))
            .args(["start", "--nodaemon"])
            .arg(&self.basedir)
            .current_dir(&self.basedir)
            .stdin(Stdio::null())
            .stdout(output.try_clone().unwrap())
            .stderr(output)
            .spawn()
            .expect("run buildbot start --nodaemon");
        self.child = Some(child);
        let started = Instant::now();
        loop {
            let log = self.log_since_start();
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                self.child = None;
                panic!(
                    "the Buildbot master exited ({status}) while starting\n{}",
                    self.diagnostics()
                );
            }
            if log.contains("BuildMaster startup failed") || log.contains("Configuration Errors") {
                self.kill();
                panic!(
                    "the Buildbot master failed to start\n{}",
                    self.diagnostics()
                );
            }
            if log.contains("BuildMaster is running") && self.is_active() && self.web_answers() {
                eprintln!(
                    "live: master {} up in {:?} (pid {})",
                    self.name(),
                    started.elapsed(),
                    self.pid()
                );
                return;
            }
            if started.elapsed() > START_TIMEOUT {
                self.kill();
                panic!(
                    "the Buildbot master was not up within {START_TIMEOUT:?}\n{}",
                    self.diagnostics()
                );
            }
            thread::sleep(Duration::from_millis(200));
        }
    }

    /// The name Buildbot gives this master: `<nodename>:<basedir>`.
    pub fn name(&self) -> String {
        format!("{}:{}", nodename(), self.basedir.display())
    }

    pub fn basedir(&self) -> &Path {
        &self.basedir
    }

    pub fn db(&self) -> &Path {
        &self.db
    }

    /// The pid of the running master process.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("the master is not running").id()
    }

    pub fn is_running(&mut self) -> bool {
        match self.child.as_mut() {
            Some(child) => child.try_wait().unwrap().is_none(),
            None => false,
        }
    }

    /// The web UI's base URL, `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.web_port)
    }

    pub fn web_port(&self) -> u16 {
        self.web_port
    }

    /// The master's twistd.log, all of it (every run of this base directory).
    pub fn log(&self) -> String {
        fs::read(self.basedir.join("twistd.log"))
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default()
    }

    /// twistd.log from the start of the current (or last) run.
    pub fn log_since_start(&self) -> String {
        self.log()
            .get(self.log_start..)
            .unwrap_or_default()
            .to_string()
    }

    /// Lines of `log` that report an error: Python tracebacks, Twisted's
    /// unhandled errors and failures, and any line logged at error or
    /// critical level or mentioning an error or exception.
    pub fn error_lines(log: &str) -> Vec<String> {
        const MARKERS: &[&str] = &[
            "traceback",
            "unhandled error",
            "failure:",
            "[failure instance",
            "error",
            "exception",
            "critical",
        ];
        log.lines()
            .filter(|line| {
                let line = line.to_lowercase();
                MARKERS.iter().any(|marker| line.contains(marker))
            })
            .map(str::to_string)
            .collect()
    }

    /// Whether the master's row says it is active, read without locking.
    pub fn is_active(&self) -> bool {
        let Ok(conn) = Connection::open_with_flags(&self.db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        else {
            return false;
        };
        conn.busy_timeout(Duration::from_secs(2)).unwrap();
        conn.query_row(
            "SELECT active FROM masters WHERE name = ?1",
            [self.name()],
            |row| row.get::<_, i64>(0),
        )
        .is_ok_and(|active| active == 1)
    }

    /// Whether an HTTP GET of the web UI's root gets an HTTP 200.
    pub fn web_answers(&self) -> bool {
        http_get(self.web_port, "/").is_some_and(|(status, _)| status == 200)
    }

    /// A GET of `path` from the master's web server: status and body.
    pub fn get(&self, path: &str) -> Option<(u16, String)> {
        http_get(self.web_port, path)
    }

    /// The master's REST API at `/api/v2/PATH`, as JSON.
    pub fn api(&self, path: &str) -> Value {
        let (status, body) = self
            .get(&format!("/api/v2/{path}"))
            .unwrap_or_else(|| panic!("no answer from the master's /api/v2/{path}"));
        assert_eq!(status, 200, "GET /api/v2/{path}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|err| panic!("{path}: {err}: {body}"))
    }

    /// SIGKILL the master (no cleanup on its side) and reap it.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            // Child::kill is SIGKILL, sent to this pid only.
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// SIGTERM the master and wait for it to shut down cleanly; SIGKILL it
    /// if it has not exited within STOP_TIMEOUT. Returns whether it exited
    /// on its own.
    pub fn stop(&mut self) -> bool {
        let Some(mut child) = self.child.take() else {
            return true;
        };
        let pid = child.id() as libc::pid_t;
        // SAFETY: kill(2) on the pid of a child this struct owns and has
        // not reaped yet, so the pid cannot have been reused.
        unsafe { libc::kill(pid, libc::SIGTERM) };
        let started = Instant::now();
        while started.elapsed() < STOP_TIMEOUT {
            if child.try_wait().unwrap().is_some() {
                return true;
            }
            thread::sleep(Duration::from_millis(100));
        }
        let _ = child.kill();
        let _ = child.wait();
        false
    }

    /// What to print when the master misbehaves: its output and log.
    pub fn diagnostics(&self) -> String {
        let output =
            fs::read_to_string(self.basedir.join("bb-test-output.log")).unwrap_or_default();
        format!(
            "--- buildbot start output\n{output}\n--- twistd.log\n{}",
            self.log()
        )
    }
}

impl Drop for LiveMaster {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A minimal HTTP/1.0 GET on loopback: status code and body, or None if
/// nothing answers within a few seconds.
fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    let addr = ([127, 0, 0, 1], port).into();
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    stream
        .set_write_timeout(Some(Duration::from_secs(5)))
        .ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let response = String::from_utf8_lossy(&response);
    let (head, body) = response.split_once("\r\n\r\n")?;
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, body.to_string()))
}

// --- bb beside a live master -----------------------------------------------------

/// `bb --db DB ARGS...`, which must succeed; its output.
fn bb_ok(db: &Path, args: &[&str]) -> std::process::Output {
    let out = bare_bb()
        .arg("--db")
        .arg(db)
        .args(args)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "bb {args:?} failed ({:?}): {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `bb --db DB ARGS... --json`, expecting success and nothing on stderr.
fn bb_json(db: &Path, args: &[&str]) -> Value {
    let args: Vec<&str> = args.iter().copied().chain(["--json"]).collect();
    let out = bb_ok(db, &args);
    assert!(
        out.stderr.is_empty(),
        "bb {args:?} wrote to stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `bb --db DB ARGS...` (a table), expecting success.
fn bb_table(db: &Path, args: &[&str]) -> String {
    String::from_utf8(bb_ok(db, args).stdout).unwrap()
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// No error lines in `log`, or a panic listing them with the whole log.
fn assert_no_errors(what: &str, log: &str, master: &LiveMaster) {
    let errors = LiveMaster::error_lines(log);
    assert!(
        errors.is_empty(),
        "the master logged errors {what}:\n{}\n\n{}",
        errors.join("\n"),
        master.diagnostics()
    );
}

#[test]
fn bb_beside_a_live_master_then_sweeping_it_after_a_crash() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let basedir = dir.path().join("master");
    let mut master = LiveMaster::new(&basedir, &["alpha", "beta"], "");
    let db = master.db().to_path_buf();
    let name = master.name();
    assert_no_errors("while starting", &master.log(), &master);
    let bb_from = master.log().len();

    // The running master, as bb sees it: active, holding its builders.
    let masters = bb_json(&db, &["master", "list"]);
    let masterid = masters[0]["masterid"].as_i64().unwrap();
    assert_eq!(masters.as_array().unwrap().len(), 1, "{masters}");
    assert_eq!(masters[0]["name"], name.as_str());
    assert_eq!(masters[0]["active"], true);
    let last_active = masters[0]["last_active"].as_i64().unwrap();
    assert!((last_active - now()).abs() < 300, "{masters}");
    let table = bb_table(&db, &["master", "list", "--active"]);
    let row = table
        .lines()
        .find(|line| line.contains(&name))
        .unwrap_or_else(|| panic!("{name} not in\n{table}"));
    assert!(row.contains("true"), "{row}");
    let builders = bb_json(
        &db,
        &[
            "builder",
            "list",
            "--order",
            "name",
            "--field",
            "name",
            "--field",
            "masterids",
        ],
    );
    assert_eq!(
        builders,
        json!([
            {"name": "alpha", "masterids": [masterid]},
            {"name": "beta", "masterids": [masterid]}
        ])
    );

    // A buildset for its builders; its requests, as bb and as the master's
    // own REST API read them.
    let added = bb_json(
        &db,
        &[
            "buildset",
            "add",
            "--reason",
            "added by bb beside a live master",
            "--builder",
            "alpha",
            "--builder",
            "beta",
            "--sourcestamp",
            "branch=main,revision=0123abcd,repository=https://example.org/repo.git",
            "--property",
            "owner=\"bb\"",
        ],
    );
    let bsid = added["bsid"].as_i64().unwrap();
    // Buildbot numbered the builders; the request ids follow the order
    // the builders were given in.
    let builder_ids = bb_json(&db, &["builder", "list", "--order", "name"]);
    let brids: Vec<i64> = builder_ids
        .as_array()
        .unwrap()
        .iter()
        .map(|builder| {
            let key = builder["builderid"].to_string();
            added["brids"][&key].as_i64().unwrap()
        })
        .collect();
    assert_eq!(added["brids"].as_object().unwrap().len(), 2, "{added}");
    let requests = bb_json(
        &db,
        &[
            "request",
            "list",
            "--unclaimed",
            "--field",
            "buildrequestid",
            "--field",
            "buildername",
        ],
    );
    assert_eq!(
        requests,
        json!([
            {"buildrequestid": brids[0], "buildername": "alpha"},
            {"buildrequestid": brids[1], "buildername": "beta"}
        ])
    );
    let table = bb_table(&db, &["request", "list", "--buildset", &bsid.to_string()]);
    assert!(table.contains("alpha") && table.contains("beta"), "{table}");
    let seen = master.api(&format!("buildsets/{bsid}"));
    assert_eq!(
        seen["buildsets"][0]["reason"], "added by bb beside a live master",
        "{seen}"
    );
    let seen = master.api(&format!("buildrequests?buildsetid={bsid}"));
    let seen: Vec<i64> = seen["buildrequests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|request| request["buildrequestid"].as_i64().unwrap())
        .collect();
    assert_eq!(seen, brids, "the master's REST API");

    // bb claims one request on the master's behalf (the master has no
    // worker to claim it with), which the sweep must release later.
    let claimed = bb_json(
        &db,
        &[
            "request",
            "claim",
            &brids[0].to_string(),
            "--master",
            &masterid.to_string(),
        ],
    );
    assert_eq!(claimed[0]["claimed_by_masterid"], masterid, "{claimed}");
    bb_json(&db, &["db", "info"]);
    bb_json(&db, &["buildset", "show", &bsid.to_string()]);
    bb_json(&db, &["master", "sweep", "--dry-run"]);
    // Let the master breathe: any reaction of its to bb's writes (its web
    // requests above included) lands in its log by now.
    thread::sleep(Duration::from_secs(1));
    assert!(
        master.is_running(),
        "the master died\n{}",
        master.diagnostics()
    );
    assert!(master.is_active(), "the master is no longer active");
    let during_bb = master.log().get(bb_from..).unwrap_or_default().to_string();
    assert_no_errors("while bb worked beside it", &during_bb, &master);

    // SIGKILL: the master's row stays active, its links and claim stay.
    master.kill();
    assert!(
        master.is_active(),
        "a killed master cannot mark itself inactive"
    );
    let killed_at = now();
    let at = (killed_at + 11 * 60).to_string();
    let swept = bb_json(&db, &["master", "sweep", "--at", &at]);
    assert_eq!(swept["dry_run"], false);
    let expired = swept["expired"].as_array().unwrap();
    assert_eq!(expired.len(), 1, "{swept}");
    assert_eq!(expired[0]["master"]["masterid"], masterid);
    assert_eq!(expired[0]["master"]["name"], name.as_str());
    assert_eq!(expired[0]["master"]["active"], false);
    assert_eq!(expired[0]["was_active"], true);
    assert_eq!(
        expired[0]["housekeeping"],
        json!({
            "schedulers": 1,
            "changesources": 0,
            "builders": 2,
            "configured_workers": 2,
            "connected_workers": 0,
            "builds": 0,
            "steps": 0,
            "logs": 0,
            "buildrequests": 1
        }),
        "{swept}"
    );
    let after = bb_json(&db, &["master", "show", &masterid.to_string()]);
    assert_eq!(after["active"], false);
    let unclaimed = bb_json(
        &db,
        &[
            "request",
            "list",
            "--unclaimed",
            "--field",
            "buildrequestid",
        ],
    );
    assert_eq!(
        unclaimed,
        json!([{"buildrequestid": brids[0]}, {"buildrequestid": brids[1]}])
    );
    let builders = bb_json(
        &db,
        &["builder", "list", "--order", "name", "--field", "masterids"],
    );
    assert_eq!(builders, json!([{"masterids": []}, {"masterids": []}]));
    let again = bb_json(&db, &["master", "sweep", "--at", &at]);
    assert_eq!(again["expired"][0]["housekeeping"], Value::Null, "{again}");

    // The master comes up again on the database bb wrote: the same master
    // row, active, its builders linked again, no errors in its log.
    master.restart();
    let restarted = bb_json(&db, &["master", "show", &name]);
    assert_eq!(restarted["masterid"], masterid);
    assert_eq!(restarted["active"], true);
    let builders = bb_json(
        &db,
        &["builder", "list", "--order", "name", "--field", "masterids"],
    );
    assert_eq!(
        builders,
        json!([{"masterids": [masterid]}, {"masterids": [masterid]}])
    );
    let seen = master.api(&format!("buildrequests?buildsetid={bsid}&claimed=false"));
    assert_eq!(seen["buildrequests"].as_array().unwrap().len(), 2, "{seen}");
    assert!(
        master.is_running(),
        "the master died\n{}",
        master.diagnostics()
    );
    assert_no_errors("after the restart", &master.log_since_start(), &master);

    // A clean stop marks it inactive, as Buildbot does.
    let clean = master.stop();
    assert!(
        clean,
        "the master did not stop on SIGTERM\n{}",
        master.diagnostics()
    );
    let stopped = bb_json(&db, &["master", "show", &masterid.to_string()]);
    assert_eq!(stopped["active"], false);
    assert_no_errors("while stopping", &master.log_since_start(), &master);
    eprintln!("live: the whole test took {:?}", started.elapsed());
    assert!(
        started.elapsed() < Duration::from_secs(240),
        "the live-master test took {:?}",
        started.elapsed()
    );
}

#[test]
fn error_lines_catch_tracebacks_and_unhandled_errors() {
    let log = "\
2026-01-01 00:00:00+0000 [-] BuildMaster is running
2026-01-01 00:00:01+0000 [-] Unhandled Error
2026-01-01 00:00:01+0000 [-] Traceback (most recent call last):
2026-01-01 00:00:02+0000 [-] Unhandled error in Deferred:
2026-01-01 00:00:03+0000 [-] while reading buildsets: sqlite3.OperationalError: no such column
2026-01-01 00:00:04+0000 [-] adding 2 new builders, removing 0
";
    assert_eq!(LiveMaster::error_lines(log).len(), 4);
}
