//! Real Buildbot 4.3 masters and workers running on the test's
//! `state.sqlite`, and bb working beside them.
//!
//! `LiveMaster` is a harness other tests can reuse: `buildbot
//! create-master` in a temporary directory, a master.cfg given as a string
//! (`MasterCfg` renders one with real workers, builders whose step sleeps as
//! long as a property says, a web port and a worker port on loopback,
//! optionally a login; `minimal_cfg` one whose builders never run), and
//! `buildbot start --nodaemon` run as a child process this test owns — it
//! execs twistd, so the child's pid is the master's. `LiveWorker` does the
//! same for `buildbot-worker`. Every wait is bounded; children are stopped
//! by their pid (SIGTERM, or SIGKILL), and Drop kills them if a test panics.
//!
//! Two masters can share one SQLite file: create the second with its own
//! base directory and a `MasterCfg` whose `db` is the first's.

#![allow(dead_code)]

use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use base64::Engine;
use rusqlite::{Connection, OpenFlags};
use serde_json::{Value, json};

use crate::support::{bare_bb, nodename};
use crate::venv::venv_bin;

/// How long a master may take to come up (Buildbot's imports alone take
/// several seconds on a busy machine).
pub const START_TIMEOUT: Duration = Duration::from_secs(90);
/// How long a master may take to shut down after SIGTERM.
pub const STOP_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a worker may take to start and attach to its master's builders.
pub const WORKER_TIMEOUT: Duration = Duration::from_secs(60);
/// How long `LiveWorker::start` lets the master's look for work upon the
/// attach run: Buildbot logs nothing when it finds nothing, and a buildset
/// added during that look would be built without being notified.
pub const SETTLE: Duration = Duration::from_secs(2);
/// How long a nudged master may take to claim and finish a quick build
/// (the step itself takes no time; the rest is Buildbot's bookkeeping).
pub const BUILD_TIMEOUT: Duration = Duration::from_secs(30);
/// What the `sleep` property of a build that must outlast the test is: long
/// enough never to finish, and harmless because the step stops when its
/// worker dies.
pub const FOREVER: u32 = 600;

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

/// A worker in a master.cfg. Its password is derived from its name, so the
/// worker's side (`LiveWorker`) needs nothing but the name.
#[derive(Clone, Debug)]
pub struct CfgWorker {
    pub name: String,
    /// The `sleep` property of every build on this worker, which wins over
    /// the builder's (Buildbot applies worker properties last).
    pub sleep: Option<u32>,
}

impl CfgWorker {
    pub fn password(&self) -> String {
        format!("{}-password", self.name)
    }
}

/// A builder in a master.cfg: its workers, and the `sleep` property of its
/// builds (which wins over a buildset's `--property sleep=N`).
#[derive(Clone, Debug)]
pub struct CfgBuilder {
    pub name: String,
    pub workers: Vec<String>,
    pub sleep: Option<u32>,
}

/// A master.cfg: the database, a web port and a worker (PB) port on
/// loopback, workers and builders, a ForceScheduler named `force` on every
/// builder, optionally a login, and `extra` Python appended at the end
/// (with `c` the config dict).
///
/// Every builder runs one step that sleeps the build's `sleep` property in
/// seconds (0 when unset), polling once a second that the worker that runs
/// it is still alive: a worker killed mid-build leaves no orphan behind.
#[derive(Clone, Debug)]
pub struct MasterCfg {
    pub db: PathBuf,
    pub web_port: u16,
    /// 0 lets the master pick an ephemeral port: for masters no worker joins.
    pub pb_port: u16,
    pub workers: Vec<CfgWorker>,
    pub builders: Vec<CfgBuilder>,
    /// `(user, password)`: the web UI's only login, and the only one allowed
    /// control calls (forcing builds, pausing workers...); anonymous users
    /// may still read.
    pub auth: Option<(String, String)>,
    pub extra: String,
}

impl MasterCfg {
    /// A master on `db` with free web and worker ports and nothing else.
    pub fn new(db: &Path) -> MasterCfg {
        MasterCfg {
            db: db.to_path_buf(),
            web_port: free_port(),
            pb_port: free_port(),
            workers: Vec::new(),
            builders: Vec::new(),
            auth: None,
            extra: String::new(),
        }
    }

    /// A worker whose builds take the builder's time.
    pub fn worker(mut self, name: &str) -> MasterCfg {
        self.workers.push(CfgWorker {
            name: name.to_string(),
            sleep: None,
        });
        self
    }

    /// A worker every build of which sleeps `secs`, whatever the builder.
    pub fn slow_worker(mut self, name: &str, secs: u32) -> MasterCfg {
        self.workers.push(CfgWorker {
            name: name.to_string(),
            sleep: Some(secs),
        });
        self
    }

    /// A builder on `workers` whose builds take no time.
    pub fn builder(mut self, name: &str, workers: &[&str]) -> MasterCfg {
        self.builders.push(CfgBuilder {
            name: name.to_string(),
            workers: workers.iter().map(|w| w.to_string()).collect(),
            sleep: None,
        });
        self
    }

    /// A builder on `workers` whose builds sleep `secs`.
    pub fn slow_builder(mut self, name: &str, workers: &[&str], secs: u32) -> MasterCfg {
        self.builders.push(CfgBuilder {
            name: name.to_string(),
            workers: workers.iter().map(|w| w.to_string()).collect(),
            sleep: Some(secs),
        });
        self
    }

    pub fn auth(mut self, user: &str, password: &str) -> MasterCfg {
        self.auth = Some((user.to_string(), password.to_string()));
        self
    }

    pub fn extra(mut self, python: &str) -> MasterCfg {
        self.extra = python.to_string();
        self
    }

    pub fn find_worker(&self, name: &str) -> &CfgWorker {
        self.workers
            .iter()
            .find(|worker| worker.name == name)
            .unwrap_or_else(|| panic!("no worker {name:?} in the master.cfg"))
    }

    /// The builders `worker` serves.
    pub fn builders_of(&self, worker: &str) -> Vec<String> {
        self.builders
            .iter()
            .filter(|builder| builder.workers.iter().any(|w| w == worker))
            .map(|builder| builder.name.clone())
            .collect()
    }

    /// The master.cfg itself.
    pub fn render(&self) -> String {
        let props = |sleep: Option<u32>| match sleep {
            Some(secs) => format!(", properties={{'sleep': {secs}}}"),
            None => String::new(),
        };
        let workers: String = self
            .workers
            .iter()
            .map(|w| {
                format!(
                    "    worker.Worker({}, {}{}),\n",
                    py_str(&w.name),
                    py_str(&w.password()),
                    props(w.sleep)
                )
            })
            .collect();
        let builders: String = self
            .builders
            .iter()
            .map(|b| {
                let names: Vec<String> = b.workers.iter().map(|w| py_str(w)).collect();
                format!(
                    "    util.BuilderConfig(name={}, workernames=[{}], factory=FACTORY{}),\n",
                    py_str(&b.name),
                    names.join(", "),
                    props(b.sleep)
                )
            })
            .collect();
        let auth = match &self.auth {
            Some((user, password)) => format!(
                "c['www']['auth'] = util.UserPasswordAuth({{{user}: {password}}})\n\
                 c['www']['authz'] = util.Authz(\n\
                 \x20   allowRules=[util.AnyControlEndpointMatcher(role='admins')],\n\
                 \x20   roleMatchers=[util.RolesFromUsername(roles=['admins'], usernames=[{user}])])\n",
                user = py_str(user),
                password = py_str(password)
            ),
            None => String::new(),
        };
        let web_port = self.web_port;
        let pb_port = self.pb_port;
        let db_url = py_str(&buildbot_db_url(&self.db));
        let extra = &self.extra;
        // `$PPID` is the worker (it runs the command itself, no shell in
        // between); once the test reaps a killed worker, `kill -0` fails.
        format!(
            "# master.cfg written by bb's tests (tests/cli/live.rs)\n\
             from buildbot.plugins import schedulers, steps, util, worker\n\
             \n\
             c = BuildmasterConfig = {{}}\n\
             c['title'] = 'bb test master'\n\
             c['buildbotURL'] = 'http://127.0.0.1:{web_port}/'\n\
             c['buildbotNetUsageData'] = None\n\
             c['db'] = {{'db_url': {db_url}}}\n\
             c['www'] = {{'port': 'tcp:{web_port}:interface=127.0.0.1', 'plugins': {{}}}}\n\
             {auth}\
             c['protocols'] = {{'pb': {{'port': 'tcp:{pb_port}:interface=127.0.0.1'}}}}\n\
             c['workers'] = [\n\
             {workers}\
             ]\n\
             FACTORY = util.BuildFactory([steps.ShellCommand(name='work', command=[\n\
             \x20   'sh', '-c', util.Interpolate(\n\
             \x20       'n=%(prop:sleep:-0)s; '\n\
             \x20       'while [ \"$n\" -gt 0 ] && kill -0 $PPID 2>/dev/null; do sleep 1; n=$((n - 1)); done'),\n\
             ])])\n\
             c['builders'] = [\n\
             {builders}\
             ]\n\
             BUILDERS = [b.name for b in c['builders']]\n\
             c['schedulers'] = [schedulers.ForceScheduler(name='force', builderNames=BUILDERS)] if BUILDERS else []\n\
             \n\
             {extra}\n"
        )
    }
}

/// Whether `db` (what bb is given as `--db`) is a PostgreSQL URL rather than
/// a SQLite file.
fn is_postgresql(db: &Path) -> bool {
    db.to_str().is_some_and(|s| s.starts_with("postgresql://"))
}

/// Whether `db` is a MySQL URL.
fn is_mysql(db: &Path) -> bool {
    db.to_str().is_some_and(|s| s.starts_with("mysql://"))
}

/// The master.cfg `db_url` for `db`: the SQLite file, or the server's URL
/// with the driver the test venv has ([`crate::venv::with_driver`]).
fn buildbot_db_url(db: &Path) -> String {
    match db.to_str().filter(|s| s.contains("://")) {
        Some(url) => crate::venv::with_driver(url),
        None => format!("sqlite:///{}", db.display()),
    }
}

/// A minimal master.cfg: the given builders, each driven by one
/// ForceScheduler, all on one worker that never connects (Buildbot wants a
/// worker per builder and a worker port; the worker port is an ephemeral
/// loopback port), the web UI on `127.0.0.1:web_port`, the database at
/// `db`, no usage reporting. `extra` is Python appended at the end, with
/// `c` the config dict (e.g. `c['www']['change_hook_dialects'] = {...}`,
/// more schedulers).
pub fn minimal_cfg(builders: &[&str], web_port: u16, db: &Path, extra: &str) -> String {
    let mut cfg = MasterCfg::new(db).worker("never-connects").extra(extra);
    cfg.web_port = web_port;
    cfg.pb_port = 0;
    builders
        .iter()
        .fold(cfg, |cfg, name| cfg.builder(name, &["never-connects"]))
        .render()
}

/// A Buildbot master process on a base directory of its own.
pub struct LiveMaster {
    basedir: PathBuf,
    db: PathBuf,
    web_port: u16,
    /// The configuration it was launched with, when the test rendered it
    /// through `MasterCfg` (workers need its worker port and builders).
    cfg: Option<MasterCfg>,
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
        LiveMaster::new_on(basedir, &basedir.join("state.sqlite"), builders, extra)
    }

    /// [`LiveMaster::new`] on the database `db`: a SQLite file, or a
    /// PostgreSQL URL (which bb is given as `--db` as it is).
    pub fn new_on(basedir: &Path, db: &Path, builders: &[&str], extra: &str) -> LiveMaster {
        let db = db.to_path_buf();
        let port = free_port();
        LiveMaster::create(basedir, &minimal_cfg(builders, port, &db, extra));
        LiveMaster::start(basedir, &db, port)
    }

    /// Create a master in `basedir` with `cfg` and start it. When `cfg.db`
    /// is another master's database, this one's own `state.sqlite` (made by
    /// create-master) stays unused: the shared file is created and upgraded
    /// once, by the first master.
    pub fn launch(basedir: &Path, cfg: MasterCfg) -> LiveMaster {
        LiveMaster::create(basedir, &cfg.render());
        let mut master = LiveMaster::start(basedir, &cfg.db, cfg.web_port);
        master.cfg = Some(cfg);
        master
    }

    /// Start the master already created in `basedir` (its master.cfg uses
    /// `db` and serves the web UI on `web_port`) and wait until it is up.
    pub fn start(basedir: &Path, db: &Path, web_port: u16) -> LiveMaster {
        let mut master = LiveMaster {
            basedir: basedir.to_path_buf(),
            db: db.to_path_buf(),
            web_port,
            cfg: None,
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

    /// Its id in the masters table.
    pub fn masterid(&self) -> i64 {
        self.master_row()
            .unwrap_or_else(|| panic!("no master row for {}", self.name()))
            .0
    }

    /// Its row, read without locking: id, active, last_active.
    fn master_row(&self) -> Option<(i64, bool, i64)> {
        if is_postgresql(&self.db) {
            let name = self.name().replace('\'', "''");
            let out = crate::pg::server()
                .client("psql")
                .arg(&self.db)
                .args(["-XAtq", "-F", " ", "-c"])
                .arg(format!(
                    "SELECT id, active, last_active FROM masters WHERE name = '{name}'"
                ))
                .output()
                .ok()?;
            let text = String::from_utf8_lossy(&out.stdout);
            let mut fields = text.split_whitespace().map(|f| f.parse::<i64>().ok());
            let (id, active, last_active) = (fields.next()??, fields.next()??, fields.next()??);
            return Some((id, active == 1, last_active));
        }
        if is_mysql(&self.db) {
            use mysql::prelude::Queryable;
            let opts = mysql::Opts::from_url(self.db.to_str()?).ok()?;
            let row: Option<(i64, i64, i64)> = mysql::Conn::new(opts)
                .ok()?
                .exec_first(
                    "SELECT id, active, last_active FROM masters WHERE BINARY name = ?",
                    (self.name(),),
                )
                .ok()?;
            let (id, active, last_active) = row?;
            return Some((id, active == 1, last_active));
        }
        let conn = Connection::open_with_flags(&self.db, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
        conn.busy_timeout(Duration::from_secs(2)).unwrap();
        conn.query_row(
            "SELECT id, active, last_active FROM masters WHERE name = ?1",
            [self.name()],
            |row| Ok((row.get(0)?, row.get::<_, i64>(1)? == 1, row.get(2)?)),
        )
        .ok()
    }

    pub fn basedir(&self) -> &Path {
        &self.basedir
    }

    pub fn db(&self) -> &Path {
        &self.db
    }

    /// The configuration it was launched with (`launch` only).
    pub fn cfg(&self) -> &MasterCfg {
        self.cfg
            .as_ref()
            .expect("this master was not launched from a MasterCfg")
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
        self.master_row().is_some_and(|(_, active, _)| active)
    }

    /// Whether an HTTP GET of the web UI's root gets an HTTP 200.
    pub fn web_answers(&self) -> bool {
        self.get("/").is_some_and(|(status, _)| status == 200)
    }

    /// A GET of `path` from the master's web server: status and body.
    pub fn get(&self, path: &str) -> Option<(u16, String)> {
        http(self.web_port, "GET", path, &[], None).map(|response| (response.status, response.body))
    }

    /// The master's REST API at `/api/v2/PATH`, as JSON.
    pub fn api(&self, path: &str) -> Value {
        let (status, body) = self
            .get(&format!("/api/v2/{path}"))
            .unwrap_or_else(|| panic!("no answer from the master's /api/v2/{path}"));
        assert_eq!(status, 200, "GET /api/v2/{path}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|err| panic!("{path}: {err}: {body}"))
    }

    /// A JSON-RPC control call on `/api/v2/PATH`, as Buildbot's web UI makes
    /// it (`id` and `params` are required, and the content type), with a
    /// session cookie from `login` or none: the HTTP response.
    pub fn control(
        &self,
        path: &str,
        method: &str,
        params: Value,
        session: Option<&str>,
    ) -> HttpResponse {
        let body = json!({"jsonrpc": "2.0", "method": method, "id": 1, "params": params});
        let mut headers = vec![("Content-Type", "application/json".to_string())];
        if let Some(session) = session {
            headers.push(("Cookie", format!("{SESSION_COOKIE}={session}")));
        }
        http(
            self.web_port,
            "POST",
            &format!("/api/v2/{path}"),
            &headers,
            Some(&body.to_string()),
        )
        .unwrap_or_else(|| panic!("no answer from the master's POST /api/v2/{path}"))
    }

    /// Log in as the web UI does (`GET auth/login` with basic credentials):
    /// the session cookie's value, or the status the master refused with.
    pub fn login(&self, user: &str, password: &str) -> Result<String, u16> {
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        let response = http(
            self.web_port,
            "GET",
            "/auth/login",
            &[("Authorization", format!("Basic {basic}"))],
            None,
        )
        .expect("no answer from the master's auth/login");
        match response.status {
            200..=399 => Ok(response
                .cookie(SESSION_COOKIE)
                .unwrap_or_else(|| panic!("auth/login set no session cookie: {response:?}"))),
            status => Err(status),
        }
    }

    /// Force a build on `builder` through the ForceScheduler's REST control
    /// call: the buildset id and build request id the master made.
    pub fn force(&self, builder: &str, session: Option<&str>) -> (i64, i64) {
        let builderid = self.builderid(builder);
        let response = self.control(
            "forceschedulers/force",
            "force",
            json!({"builderid": builderid.to_string()}),
            session,
        );
        assert_eq!(response.status, 200, "force {builder}: {response:?}");
        // {"result": [bsid, {"<builderid>": brid}]}
        let result = &response.json()["result"];
        let bsid = result[0].as_i64().expect("a buildset id");
        let brid = result[1][builderid.to_string()]
            .as_i64()
            .expect("a build request id");
        (bsid, brid)
    }

    /// The id of the builder named `name`, from the REST API.
    pub fn builderid(&self, name: &str) -> i64 {
        let builders = self.api(&format!("builders?name={name}"));
        builders["builders"][0]["builderid"]
            .as_i64()
            .unwrap_or_else(|| panic!("no builder {name}: {builders}"))
    }

    /// SIGKILL the master (no cleanup on its side) and reap it.
    pub fn kill(&mut self) {
        if let Some(child) = self.child.take() {
            kill_and_reap(child);
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
        kill_and_reap(child);
        false
    }

    /// What to print when the master misbehaves: its output and log.
    pub fn diagnostics(&self) -> String {
        let output =
            fs::read_to_string(self.basedir.join("bb-test-output.log")).unwrap_or_default();
        format!(
            "--- master {}: buildbot start output\n{output}\n--- its twistd.log\n{}",
            self.name(),
            self.log()
        )
    }
}

impl Drop for LiveMaster {
    fn drop(&mut self) {
        self.kill();
    }
}

/// SIGKILL a child (Child::kill, to this pid only) and reap it.
fn kill_and_reap(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// A `buildbot-worker` process attached to a `LiveMaster`, on a base
/// directory of its own.
pub struct LiveWorker {
    basedir: PathBuf,
    name: String,
    child: Option<Child>,
}

impl LiveWorker {
    /// `buildbot-worker create-worker` in `basedir` for the worker `name` of
    /// `master`'s configuration, then `buildbot-worker start --nodaemon`
    /// (which runs twistd in-process: the child's pid is the worker's), and
    /// wait until the master has it attached to all its builders and has
    /// had SETTLE to look for work for them: from then on, only a nudge
    /// makes that master start a build.
    pub fn start(basedir: &Path, master: &LiveMaster, name: &str) -> LiveWorker {
        let cfg = master.cfg();
        let password = cfg.find_worker(name).password();
        assert_ne!(cfg.pb_port, 0, "the master has no known worker port");
        let out = Command::new(venv_bin("buildbot-worker"))
            .args(["create-worker", "--quiet"])
            .arg(basedir)
            .arg(format!("127.0.0.1:{}", cfg.pb_port))
            .args([name, &password])
            .output()
            .expect("run buildbot-worker create-worker");
        assert!(
            out.status.success(),
            "buildbot-worker create-worker failed ({}): {}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let output = fs::File::create(basedir.join("bb-test-output.log")).unwrap();
        let master_log_from = master.log().len();
        let child = Command::new(venv_bin("buildbot-worker"))
            .args(["start", "--nodaemon"])
            .arg(basedir)
            .current_dir(basedir)
            .stdin(Stdio::null())
            .stdout(output.try_clone().unwrap())
            .stderr(output)
            .spawn()
            .expect("run buildbot-worker start --nodaemon");
        let mut worker = LiveWorker {
            basedir: basedir.to_path_buf(),
            name: name.to_string(),
            child: Some(child),
        };
        let started = Instant::now();
        // The master logs "Worker W attached to B" per builder once the
        // worker has accepted its builder list, just before it looks for
        // work for them; REST's connected_to comes earlier, so both.
        let expected: Vec<String> = cfg
            .builders_of(name)
            .iter()
            .map(|builder| format!("Worker {name} attached to {builder}"))
            .collect();
        let masterid = master.masterid();
        loop {
            if let Some(status) = worker.child.as_mut().unwrap().try_wait().unwrap() {
                worker.child = None;
                panic!(
                    "the Buildbot worker {name} exited ({status}) while starting\n{}\n{}",
                    worker.diagnostics(),
                    master.diagnostics()
                );
            }
            let log = master.log();
            let log = log.get(master_log_from..).unwrap_or_default();
            if expected.iter().all(|line| log.contains(line))
                && worker.connected_to(master).contains(&masterid)
            {
                eprintln!(
                    "live: worker {name} attached to {} in {:?} (pid {})",
                    master.name(),
                    started.elapsed(),
                    worker.pid()
                );
                thread::sleep(SETTLE);
                return worker;
            }
            if started.elapsed() > WORKER_TIMEOUT {
                worker.kill();
                panic!(
                    "the Buildbot worker {name} did not attach within {WORKER_TIMEOUT:?}\n{}\n{}",
                    worker.diagnostics(),
                    master.diagnostics()
                );
            }
            thread::sleep(Duration::from_millis(200));
        }
    }

    /// The ids of the masters the REST API of `master` says this worker is
    /// connected to.
    pub fn connected_to(&self, master: &LiveMaster) -> Vec<i64> {
        match master.get(&format!("/api/v2/workers?name={}", self.name)) {
            Some((200, body)) => serde_json::from_str::<Value>(&body)
                .ok()
                .and_then(|doc| {
                    doc["workers"][0]["connected_to"].as_array().map(|masters| {
                        masters
                            .iter()
                            .filter_map(|m| m["masterid"].as_i64())
                            .collect()
                    })
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The pid of the running worker process.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("the worker is not running").id()
    }

    /// The worker's twistd.log.
    pub fn log(&self) -> String {
        fs::read(self.basedir.join("twistd.log"))
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default()
    }

    /// SIGKILL the worker and reap it; a step it was running stops within a
    /// second (see `MasterCfg`).
    pub fn kill(&mut self) {
        if let Some(child) = self.child.take() {
            kill_and_reap(child);
        }
    }

    /// What to print when the worker misbehaves: its output and log.
    pub fn diagnostics(&self) -> String {
        let output =
            fs::read_to_string(self.basedir.join("bb-test-output.log")).unwrap_or_default();
        format!(
            "--- worker {}: buildbot-worker start output\n{output}\n--- its twistd.log\n{}",
            self.name,
            self.log()
        )
    }
}

impl Drop for LiveWorker {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Everything the masters and workers given logged, for a failure message.
pub fn report(masters: &[&LiveMaster], workers: &[&LiveWorker]) -> String {
    let masters = masters.iter().map(|master| master.diagnostics());
    let workers = workers.iter().map(|worker| worker.diagnostics());
    masters.chain(workers).collect::<Vec<_>>().join("\n")
}

/// Poll `probe` every 200 ms until it gives a value, and return it; after
/// `timeout`, panic saying what was awaited, what `probe` last saw (its
/// `Err`) and `diagnostics()`.
pub fn wait_for<T>(
    what: &str,
    timeout: Duration,
    diagnostics: impl Fn() -> String,
    mut probe: impl FnMut() -> Result<T, String>,
) -> T {
    let started = Instant::now();
    loop {
        match probe() {
            Ok(value) => {
                eprintln!("live: {what}: after {:?}", started.elapsed());
                return value;
            }
            Err(last) if started.elapsed() > timeout => {
                panic!(
                    "timed out after {timeout:?} waiting for {what}; last seen: {last}\n{}",
                    diagnostics()
                )
            }
            Err(_) => thread::sleep(Duration::from_millis(200)),
        }
    }
}

/// The name of the session cookie of Buildbot's web server (Twisted's).
pub const SESSION_COOKIE: &str = "TWISTED_SESSION";

/// An HTTP response: status, headers in order, body.
#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|err| panic!("not JSON ({err}): {self:?}"))
    }

    /// The value of the last `Set-Cookie` for `name`: Buildbot's login
    /// sets the session cookie twice, the anonymous session first and the
    /// logged-in one last.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .rev()
            .filter(|(header, _)| header.eq_ignore_ascii_case("set-cookie"))
            .find_map(|(_, value)| {
                let pair = value.split(';').next()?.trim();
                let (key, value) = pair.split_once('=')?;
                (key == name).then(|| value.to_string())
            })
    }
}

/// A minimal HTTP/1.0 request on loopback (HTTP/1.0, so that the answer is
/// never chunked), or None if nothing answers within a few seconds.
pub fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: Option<&str>,
) -> Option<HttpResponse> {
    let addr = ([127, 0, 0, 1], port).into();
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    stream
        .set_write_timeout(Some(Duration::from_secs(5)))
        .ok()?;
    let mut request = format!("{method} {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = body {
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    request.push_str("Connection: close\r\n\r\n");
    request.push_str(body.unwrap_or_default());
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let response = String::from_utf8_lossy(&response);
    let (head, body) = response.split_once("\r\n\r\n")?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_string(), value.trim().to_string()))
        .collect();
    Some(HttpResponse {
        status,
        headers,
        body: body.to_string(),
    })
}

// --- bb beside a live master -----------------------------------------------------

/// `bb --db DB ARGS...` with `envs` set and no BB_* variables inherited,
/// whatever its exit status.
fn bb_run_env(db: &Path, args: &[&str], envs: &[(&str, &str)]) -> Ran {
    let mut cmd = bare_bb();
    cmd.env_remove("BB_NOTIFY")
        .env_remove("BB_NOTIFY_AUTH")
        .arg("--db")
        .arg(db)
        .args(args)
        .timeout(Duration::from_secs(60));
    for (name, value) in envs {
        cmd.env(name, value);
    }
    let out = cmd.output().unwrap();
    Ran {
        args: args.iter().map(|arg| arg.to_string()).collect(),
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `bb --db DB ARGS...`, whatever its exit status.
fn bb_run(db: &Path, args: &[&str]) -> Ran {
    bb_run_env(db, args, &[])
}

/// What a bb run did.
#[derive(Debug)]
struct Ran {
    args: Vec<String>,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Ran {
    /// Panics unless bb exited with `code`.
    fn expect_code(self, code: i32) -> Ran {
        assert_eq!(self.code, Some(code), "bb {:?}: {self:#?}", self.args);
        self
    }

    /// stdout as JSON.
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|err| panic!("bb {:?} printed no JSON ({err}): {self:#?}", self.args))
    }

    /// The JSON error object bb writes on stderr after `error: ...` with
    /// `--json`.
    fn json_error(&self) -> Value {
        self.stderr
            .lines()
            .find_map(|line| serde_json::from_str::<Value>(line).ok())
            .unwrap_or_else(|| panic!("bb {:?} wrote no JSON error: {self:#?}", self.args))
    }
}

/// `bb --db DB ARGS...`, which must succeed; its output.
fn bb_ok(db: &Path, args: &[&str]) -> Output {
    let out = bare_bb()
        .env_remove("BB_NOTIFY")
        .env_remove("BB_NOTIFY_AUTH")
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
    beside_a_live_master(None);
}

#[test]
fn bb_beside_a_live_master_on_postgresql_then_sweeping_it_after_a_crash() {
    // The schema real Buildbot 4.3 made (create-master on PostgreSQL).
    let db = crate::pg::buildbot_db();
    beside_a_live_master(Some(&db.url()));
}

#[test]
fn bb_beside_a_live_master_on_mariadb_then_sweeping_it_after_a_crash() {
    // The schema real Buildbot 4.3 made with its default engine there,
    // MyISAM (create-master with no storage_engine=), as most were made.
    let db = crate::my::buildbot_db(crate::my::StorageEngine::MyIsam);
    beside_a_live_master(Some(&db.url()));
}

/// A master on SQLite, or on the PostgreSQL or MariaDB database `url`, with
/// bb beside it: the same story on every engine.
fn beside_a_live_master(url: Option<&str>) {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let basedir = dir.path().join("master");
    let db = match url {
        Some(url) => PathBuf::from(url),
        None => basedir.join("state.sqlite"),
    };
    let mut master = LiveMaster::new_on(&basedir, &db, &["alpha", "beta"], "");
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
    // own REST API read them. The master has no worker to build them, so
    // bb's note that it will not start them unless notified is beside the
    // point here: -q.
    let added = bb_json(
        &db,
        &[
            "-q",
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
    // In id order: without one, PostgreSQL answers in whatever order the
    // rows lie in its heap.
    let seen = master.api(&format!(
        "buildrequests?buildsetid={bsid}&order=buildrequestid"
    ));
    let seen: Vec<i64> = seen["buildrequests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|request| request["buildrequestid"].as_i64().unwrap())
        .collect();
    assert_eq!(seen, brids, "the master's REST API");

    // bb claims one request on the master's behalf (the master has no
    // worker to claim it with), which the sweep must release later. bb
    // will not act as a running master: refused, nothing claimed, until
    // --force stands in for the master's own claim.
    let brid0 = brids[0].to_string();
    let claim = [
        "request",
        "claim",
        &brid0,
        "--master",
        &masterid.to_string(),
    ];
    let refused = bb_run(&db, &claim).expect_code(3);
    assert!(
        refused.stderr.contains(&name)
            && refused.stderr.contains(" ago")
            && refused.stderr.contains("--force"),
        "{refused:#?}"
    );
    assert_eq!(request(&db, brids[0])["claimed"], false);
    let claimed = bb_json(&db, &[&claim[..], &["--force"]].concat());
    assert_eq!(claimed[0]["claimed_by_masterid"], masterid, "{claimed}");
    // db info says nothing on stderr but, on MyISAM (Buildbot's default on
    // MySQL), its warning of tables without transactions.
    let info = bb_ok(&db, &["db", "info", "--json"]);
    let said = String::from_utf8_lossy(&info.stderr);
    assert!(
        said.lines()
            .all(|line| line.starts_with("warning: ") && line.contains("MyISAM")),
        "{said}"
    );
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
    // It checked in seconds ago: the shortest sweep bb takes without
    // --force (2 minutes, two of its check-ins) leaves it alone.
    let early = bb_json(
        &db,
        &["master", "sweep", "--expire-after", "2m", "--dry-run"],
    );
    assert_eq!(early["expired"], json!([]), "{early}");
    // What follows only needs the sweep's mechanics, so rather than wait
    // out the silence for real (a_sweep_hands_a_crashed_masters_request_
    // to_the_other_master does) the sweep runs 11 minutes ahead of the
    // clock: a usage error unless --force, as CLI.md says.
    let killed_at = now();
    let at = (killed_at + 11 * 60).to_string();
    let ahead = bb_run(&db, &["master", "sweep", "--at", &at]).expect_code(2);
    assert!(ahead.stderr.contains("--force"), "{ahead:#?}");
    assert_eq!(
        bb_json(&db, &["master", "show", &masterid.to_string()])["active"],
        true
    );
    let swept = bb_json(&db, &["master", "sweep", "--at", &at, "--force"]);
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
    let again = bb_json(&db, &["master", "sweep", "--at", &at, "--force"]);
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

// --- real workers, and bb making running masters build what it adds ---------------

/// A request as bb shows it.
fn request(db: &Path, brid: i64) -> Value {
    bb_json(db, &["request", "show", &brid.to_string()])
}

/// Wait until every request of `brids` is complete, and return them as bb
/// shows them.
fn wait_complete(db: &Path, brids: &[i64], diagnostics: impl Fn() -> String) -> Vec<Value> {
    wait_for(
        &format!("requests {brids:?} complete"),
        BUILD_TIMEOUT,
        diagnostics,
        || {
            let requests: Vec<Value> = brids.iter().map(|&brid| request(db, brid)).collect();
            if requests.iter().all(|r| r["complete"] == true) {
                Ok(requests)
            } else {
                Err(Value::from(requests).to_string())
            }
        },
    )
}

/// Panics unless each request is complete with success and was claimed by
/// master `masterid` (whose builds they were, not bb's).
fn assert_built_by(requests: &[Value], masterid: i64) {
    for request in requests {
        assert_eq!(request["complete"], true, "{request}");
        assert_eq!(request["results"], 0, "not success: {request}");
        assert_eq!(request["claimed_by_masterid"], masterid, "{request}");
    }
}

/// `buildset add --reason bb --builder` followed by `rest`.
fn add<'a>(rest: &[&'a str]) -> Vec<&'a str> {
    let head = ["buildset", "add", "--reason", "bb", "--builder"];
    head.iter().chain(rest).copied().collect()
}

/// The only buildrequest id of `bb buildset add --json`'s document.
fn only_brid(added: &Value) -> i64 {
    let brids = added["brids"].as_object().expect("brids");
    assert_eq!(brids.len(), 1, "{added}");
    brids.values().next().unwrap().as_i64().unwrap()
}

/// A query's rows, a line each, cells `|`-separated.
type RowLines = dyn FnMut(&str) -> Vec<String>;

/// The rows a command that pulls work from under a master would change:
/// requests, claims, buildsets, and who holds builders and change sources
/// (not `masters.last_active`, which the running master bumps every
/// minute), on SQLite or MySQL. Equal snapshots: nothing of that was
/// written.
fn claims_snapshot(db: &Path) -> String {
    let queries = [
        "SELECT * FROM buildrequests ORDER BY id",
        "SELECT * FROM buildrequest_claims ORDER BY brid",
        "SELECT * FROM buildsets ORDER BY id",
        "SELECT * FROM changesource_masters ORDER BY changesourceid",
        "SELECT * FROM builder_masters ORDER BY id",
        "SELECT id, name, active FROM masters ORDER BY id",
    ];
    let mut rows: Box<RowLines> = if is_mysql(db) {
        use mysql::prelude::Queryable;
        let opts = mysql::Opts::from_url(db.to_str().unwrap()).unwrap();
        let mut conn = mysql::Conn::new(opts).unwrap();
        Box::new(move |sql| {
            let rows: Vec<mysql::Row> = conn.query(sql).unwrap();
            rows.into_iter()
                .map(|row| {
                    let cells: Vec<String> =
                        row.unwrap().iter().map(|v| format!("{v:?}")).collect();
                    cells.join("|")
                })
                .collect()
        })
    } else {
        let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        conn.busy_timeout(Duration::from_secs(5)).unwrap();
        Box::new(move |sql| {
            let mut stmt = conn.prepare(sql).unwrap();
            let n = stmt.column_count();
            let mut rows = stmt.query([]).unwrap();
            let mut lines = Vec::new();
            while let Some(row) = rows.next().unwrap() {
                let cells: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                    .collect();
                lines.push(cells.join("|"));
            }
            lines
        })
    };
    let mut out = String::new();
    for sql in queries {
        out.push_str(&format!("== {sql}\n"));
        for line in rows(sql) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// The one entry of a `notified` list, checked to say the master at `url`
/// was reached and unpaused at least one worker.
fn assert_notified_ok(doc: &Value, url: &str) {
    let notified = doc["notified"]
        .as_array()
        .unwrap_or_else(|| panic!("{doc}"));
    assert_eq!(notified.len(), 1, "{doc}");
    assert_eq!(notified[0]["url"], url, "{doc}");
    assert_eq!(notified[0]["ok"], true, "{doc}");
    assert_eq!(notified[0]["error"], Value::Null, "{doc}");
    assert!(notified[0]["workers"].as_i64().unwrap() >= 1, "{doc}");
}

/// The build a master ran (or runs) for request `brid`, from its REST API,
/// once there is one.
fn wait_build(master: &LiveMaster, brid: i64, diagnostics: impl Fn() -> String) -> Value {
    wait_for(
        &format!("a build for request {brid}"),
        BUILD_TIMEOUT,
        diagnostics,
        || {
            let builds = master.api(&format!("builds?buildrequestid={brid}"));
            match builds["builds"].as_array().and_then(|b| b.first()) {
                Some(build) => Ok(build.clone()),
                None => Err(builds.to_string()),
            }
        },
    )
}

/// The id Buildbot gave the worker named `name`.
fn workerid(master: &LiveMaster, name: &str) -> i64 {
    let workers = master.api(&format!("workers?name={name}"));
    workers["workers"][0]["workerid"]
        .as_i64()
        .unwrap_or_else(|| panic!("no worker {name}: {workers}"))
}

#[test]
fn a_real_worker_builds_what_the_web_api_forces_and_a_nudge_builds_what_bb_adds() {
    // What bb's --notify rests on, checked against real Buildbot: with a
    // login configured anyone may read but only the admin may control;
    // the login is auth/login with basic credentials and a session cookie;
    // a buildset bb writes is not noticed until a worker is unpaused.
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let basedir = dir.path().join("master");
    let cfg = MasterCfg::new(&basedir.join("state.sqlite"))
        .worker("w1")
        .builder("quick", &["w1"])
        .auth("admin", "secret");
    let master = LiveMaster::launch(&basedir, cfg);
    let worker = LiveWorker::start(&dir.path().join("w1"), &master, "w1");
    let db = master.db().to_path_buf();
    let masterid = master.masterid();
    let diagnostics = || report(&[&master], &[&worker]);
    let quick = master.builderid("quick");
    let w1 = workerid(&master, "w1");

    // Reading needs no login, the builder's workers included.
    let workers = master.api(&format!("builders/{quick}/workers"));
    assert_eq!(workers["workers"][0]["name"], "w1", "{workers}");
    assert_eq!(workers["workers"][0]["paused"], false, "{workers}");
    assert_eq!(
        workers["workers"][0]["connected_to"],
        json!([{"masterid": masterid}])
    );

    // Control calls are refused (403, a JSON-RPC error) to anonymous users,
    // and to basic credentials sent with the call itself.
    let refused = master.control(
        "forceschedulers/force",
        "force",
        json!({"builderid": quick.to_string()}),
        None,
    );
    assert_eq!(refused.status, 403, "{refused:?}");
    assert!(
        refused.json()["error"]["message"].is_string(),
        "{refused:?}"
    );
    let refused = master.control(&format!("workers/{w1}"), "unpause", json!({}), None);
    assert_eq!(refused.status, 403, "{refused:?}");
    let basic = base64::engine::general_purpose::STANDARD.encode("admin:secret");
    let refused = http(
        master.web_port(),
        "POST",
        &format!("/api/v2/workers/{w1}"),
        &[
            ("Content-Type", "application/json".to_string()),
            ("Authorization", format!("Basic {basic}")),
        ],
        Some(r#"{"jsonrpc": "2.0", "method": "unpause", "id": 1, "params": {}}"#),
    )
    .unwrap();
    assert_eq!(refused.status, 403, "{refused:?}");
    assert_eq!(master.login("admin", "wrong"), Err(401));
    let session = master.login("admin", "secret").expect("log in as admin");

    // A build forced through the REST API runs on the real worker.
    let (_, forced) = master.force("quick", Some(&session));
    assert_built_by(&wait_complete(&db, &[forced], diagnostics), masterid);
    let build = wait_build(&master, forced, diagnostics);
    assert_eq!(build["workerid"], w1, "{build}");
    assert_eq!(build["results"], 0, "{build}");

    // A buildset bb writes waits, unseen, until a worker of its builder is
    // unpaused (though not paused): then the master builds it at once.
    let added = bb_json(
        &db,
        &[
            "-q",
            "buildset",
            "add",
            "--reason",
            "bb",
            "--builder",
            "quick",
            "--sourcestamp",
            "branch=main,revision=abc,repository=r",
        ],
    );
    let brid = only_brid(&added);
    thread::sleep(Duration::from_secs(3));
    assert_eq!(request(&db, brid)["claimed"], false, "{}", diagnostics());
    let unpaused = master.control(
        &format!("workers/{w1}"),
        "unpause",
        json!({}),
        Some(&session),
    );
    assert_eq!(unpaused.status, 200, "{unpaused:?}");
    assert_eq!(unpaused.json()["result"], Value::Null, "{unpaused:?}");
    assert_built_by(&wait_complete(&db, &[brid], diagnostics), masterid);
    assert_no_errors("building", &master.log(), &master);
    eprintln!("live: the whole test took {:?}", started.elapsed());
}

/// Masters A and B on one SQLite file (A's), both serving builder `shared`:
/// A with worker `wa`, whose builds never end, B with worker `wb`, whose
/// builds take no time. Both workers attached.
fn two_masters(dir: &Path) -> (LiveMaster, LiveMaster, LiveWorker, LiveWorker) {
    let db = dir.join("a").join("state.sqlite");
    let a = LiveMaster::launch(
        &dir.join("a"),
        MasterCfg::new(&db)
            .slow_worker("wa", FOREVER)
            .builder("shared", &["wa"]),
    );
    let b = LiveMaster::launch(
        &dir.join("b"),
        MasterCfg::new(&db).worker("wb").builder("shared", &["wb"]),
    );
    let wa = LiveWorker::start(&dir.join("wa"), &a, "wa");
    let wb = LiveWorker::start(&dir.join("wb"), &b, "wb");
    (a, b, wa, wb)
}

#[test]
fn two_masters_share_one_sqlite_file() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let (a, b, wa, wb) = two_masters(dir.path());
    let diagnostics = || report(&[&a, &b], &[&wa, &wb]);
    let db = a.db().to_path_buf();
    assert_eq!(b.db(), db);

    // Both active in the one file, both serving `shared`; B came up on A's
    // database without creating or upgrading anything (no errors, and its
    // log says nothing of an upgrade).
    let (aid, bid) = (a.masterid(), b.masterid());
    assert_ne!(aid, bid);
    let active = bb_json(&db, &["master", "list", "--active", "--field", "masterid"]);
    assert_eq!(active, json!([{"masterid": aid}, {"masterid": bid}]));
    let builders = bb_json(
        &db,
        &["builder", "list", "--field", "name", "--field", "masterids"],
    );
    assert_eq!(
        builders,
        json!([{"name": "shared", "masterids": [aid, bid]}])
    );
    assert!(
        !b.log().to_lowercase().contains("upgrad"),
        "{}",
        b.diagnostics()
    );
    assert_no_errors("while starting", &a.log(), &a);
    assert_no_errors("while starting", &b.log(), &b);
    // Each worker is attached to its own master only.
    assert_eq!(wa.connected_to(&b), [aid]);
    assert_eq!(wb.connected_to(&a), [bid]);

    // A build forced through B runs on B's worker, and A sees it in the
    // shared database.
    let (_, forced) = b.force("shared", None);
    assert_built_by(&wait_complete(&db, &[forced], diagnostics), bid);
    let build = wait_build(&a, forced, diagnostics);
    assert_eq!(build["workerid"], workerid(&a, "wb"), "{build}");
    assert_eq!(build["masterid"], bid, "{build}");
    assert_no_errors("after a build", &a.log(), &a);
    assert_no_errors("after a build", &b.log(), &b);
    eprintln!("live: the whole test took {:?}", started.elapsed());
}

#[test]
fn notify_makes_a_running_master_build_at_once_and_bb_keeps_off_its_running_builds() {
    notify_makes_a_running_master_build(None);
}

#[test]
fn notify_makes_a_running_master_on_mariadb_build_at_once() {
    // The MyISAM schema Buildbot 4.3's create-master made there.
    let db = crate::my::buildbot_db(crate::my::StorageEngine::MyIsam);
    notify_makes_a_running_master_build(Some(&db.url()));
}

/// A master on SQLite, or on the MariaDB database `url`, with a worker: a
/// buildset bb adds with `--notify` is built at once, and bb keeps off
/// what the running master is building.
fn notify_makes_a_running_master_build(url: Option<&str>) {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let basedir = dir.path().join("master");
    let db = match url {
        Some(url) => PathBuf::from(url),
        None => basedir.join("state.sqlite"),
    };
    let cfg = MasterCfg::new(&db)
        .worker("w1")
        .builder("quick", &["w1"])
        .slow_builder("slow", &["w1"], FOREVER);
    let master = LiveMaster::launch(&basedir, cfg);
    let worker = LiveWorker::start(&dir.path().join("w1"), &master, "w1");
    let db = master.db().to_path_buf();
    let (masterid, name, url) = (master.masterid(), master.name(), master.url());
    let diagnostics = || report(&[&master], &[&worker]);
    let sourcestamp = "branch=main,revision=abc,repository=r";

    // Without --notify the running master does not see the buildset, and
    // bb says so, naming it; -q silences that.
    let noted = bb_run(
        &db,
        &add(&["quick", "--sourcestamp", sourcestamp, "--json"]),
    )
    .expect_code(0);
    let unnoticed = only_brid(&noted.json());
    assert!(
        noted.stderr.contains("note: master")
            && noted.stderr.contains(&name)
            && noted.stderr.contains("--notify"),
        "{noted:#?}"
    );
    let quiet = bb_run(
        &db,
        &add(&["quick", "--sourcestamp", sourcestamp, "-q", "--json"]),
    )
    .expect_code(0);
    assert_eq!(quiet.stderr, "", "{quiet:#?}");
    let unnoticed_too = only_brid(&quiet.json());
    thread::sleep(Duration::from_secs(5));
    for brid in [unnoticed, unnoticed_too] {
        let request = request(&db, brid);
        assert_eq!(request["claimed"], false, "{request}\n{}", diagnostics());
    }

    // `bb notify` alone is the nudge: the master looks at the builder and
    // builds the two it did not see.
    let nudged = bb_json(&db, &["notify", "--notify", &url, "--builder", "quick"]);
    assert_notified_ok(&nudged, &url);
    assert_eq!(nudged["notified"][0]["workers"], 1, "{nudged}");
    let nudged = [unnoticed, unnoticed_too];
    assert_built_by(&wait_complete(&db, &nudged, diagnostics), masterid);

    // With --notify a buildset is built at once.
    let notified = bb_run(
        &db,
        &add(&[
            "quick",
            "--sourcestamp",
            sourcestamp,
            "--notify",
            &url,
            "--json",
        ]),
    )
    .expect_code(0);
    assert_eq!(notified.stderr, "", "{notified:#?}");
    let doc = notified.json();
    assert_notified_ok(&doc, &url);
    let brid = only_brid(&doc);
    assert_built_by(&wait_complete(&db, &[brid], diagnostics), masterid);

    // A buildset with no --sourcestamp gets the default codebase's, which
    // the master sees (it joins buildsets on their sourcestamps) and builds.
    let doc = bb_json(
        &db,
        &[
            "--notify",
            &url,
            "buildset",
            "add",
            "--reason",
            "bb",
            "--builder",
            "quick",
        ],
    );
    assert_notified_ok(&doc, &url);
    let bare = only_brid(&doc);
    assert_built_by(&wait_complete(&db, &[bare], diagnostics), masterid);
    let bsid = doc["bsid"].as_i64().unwrap();
    let seen = master.api(&format!("buildsets/{bsid}"));
    let ss = &seen["buildsets"][0]["sourcestamps"][0];
    assert_eq!(
        (
            &ss["codebase"],
            &ss["repository"],
            &ss["project"],
            &ss["branch"],
            &ss["revision"]
        ),
        (
            &json!(""),
            &json!(""),
            &json!(""),
            &Value::Null,
            &Value::Null
        ),
        "{seen}"
    );

    // A notify target that is down (BB_NOTIFY, two URLs): a warning naming
    // it, exit 0, the buildset written, and the other target still
    // notified — it builds.
    let down = format!("http://127.0.0.1:{}/", free_port());
    let targets = format!("{down} {url}");
    let half = bb_run_env(
        &db,
        &add(&["quick", "--sourcestamp", sourcestamp, "--json"]),
        &[("BB_NOTIFY", &targets)],
    )
    .expect_code(0);
    assert!(
        half.stderr.contains(&down) && half.stderr.to_lowercase().contains("warning"),
        "{half:#?}"
    );
    let doc = half.json();
    let notified = doc["notified"]
        .as_array()
        .unwrap_or_else(|| panic!("{doc}"));
    assert_eq!(notified.len(), 2, "{doc}");
    assert_eq!(notified[0]["url"], down.as_str(), "{doc}");
    assert_eq!(notified[0]["ok"], false, "{doc}");
    assert!(notified[0]["error"].is_string(), "{doc}");
    assert_eq!(notified[1]["url"], url.as_str(), "{doc}");
    assert_eq!(notified[1]["ok"], true, "{doc}");
    let brid = only_brid(&doc);
    assert_built_by(&wait_complete(&db, &[brid], diagnostics), masterid);
    assert_no_errors("while bb notified it", &master.log(), &master);

    // A build that runs as long as the test: the master claims its request.
    let doc = bb_json(
        &db,
        &[
            "--notify",
            &url,
            "buildset",
            "add",
            "--reason",
            "bb",
            "--builder",
            "slow",
        ],
    );
    assert_notified_ok(&doc, &url);
    let (slow_bsid, slow) = (doc["bsid"].as_i64().unwrap(), only_brid(&doc));
    let build = wait_build(&master, slow, diagnostics);
    assert_eq!(build["complete"], false, "{build}");
    assert_eq!(request(&db, slow)["claimed_by_masterid"], masterid);

    // bb will not pull it from under the running master: each refusal is
    // exit 3 naming the master, with nothing written.
    // The master holds a change source: bb claims it in the master's name,
    // which it refuses to do while the master runs unless --force, standing
    // in for the master's own claim (this master.cfg has no change source).
    let cs = bb_json(&db, &["changesource", "register", "live-poller"]);
    let csid = cs["changesourceid"].as_i64().unwrap();
    let masterid_s = masterid.to_string();
    let claim_cs = [
        "--master",
        &masterid_s,
        "changesource",
        "claim",
        "live-poller",
    ];
    let before = claims_snapshot(&db);
    let refused = bb_run(&db, &claim_cs).expect_code(3);
    assert!(
        refused.stderr.contains(&name) && refused.stderr.contains("--force"),
        "{refused:#?}"
    );
    assert_eq!(claims_snapshot(&db), before, "a refused claim wrote");
    bb_json(&db, &[&claim_cs[..], &["--force"]].concat());
    let before = claims_snapshot(&db);
    let refuse = |args: &[&str]| {
        let refused = bb_run(&db, args).expect_code(3);
        assert!(
            refused.stderr.contains(&name) && refused.stderr.contains(" ago"),
            "{refused:#?}"
        );
        assert_eq!(claims_snapshot(&db), before, "bb {args:?} wrote");
        refused.json_error()
    };
    let (slow_s, slow_bsid_s) = (slow.to_string(), slow_bsid.to_string());
    let error = refuse(&[
        "--json",
        "request",
        "complete",
        &slow_s,
        "--results",
        "success",
    ]);
    assert_eq!(error["error"], "conflict", "{error}");
    assert_eq!(error["ids"], json!([slow]), "{error}");
    assert_eq!(
        error["holders"],
        json!({slow_s.as_str(): masterid}),
        "{error}"
    );
    let error = refuse(&[
        "--json",
        "buildset",
        "complete",
        &slow_bsid_s,
        "--results",
        "success",
    ]);
    assert_eq!(error["error"], "conflict", "{error}");
    assert_eq!(error["ids"], json!([slow_bsid]), "{error}");
    let error = refuse(&["--json", "master", "deactivate", &masterid_s]);
    assert_eq!(error["error"], "conflict", "{error}");
    assert_eq!(error["ids"], json!([masterid]), "{error}");
    let error = refuse(&["--json", "changesource", "release", "live-poller"]);
    assert_eq!(error["error"], "conflict", "{error}");
    assert_eq!(error["ids"], json!([csid]), "{error}");
    assert!(master.is_active());

    // With --force each does what it says (deactivating last: it tears down
    // the master's links).
    bb_json(&db, &["changesource", "release", "live-poller", "--force"]);
    let held = bb_json(&db, &["changesource", "list", "--field", "master"]);
    assert!(
        held.as_array()
            .is_some_and(|all| all.iter().all(|cs| cs["master"].is_null())),
        "{held}"
    );
    let buildset = bb_json(
        &db,
        &[
            "buildset",
            "complete",
            &slow_bsid_s,
            "--results",
            "success",
            "--force",
        ],
    );
    assert_eq!(buildset["complete"], true, "{buildset}");
    let completed = bb_json(
        &db,
        &[
            "request",
            "complete",
            &slow_s,
            "--results",
            "success",
            "--force",
        ],
    );
    assert_eq!(
        completed["buildrequests"][0]["complete"], true,
        "{completed}"
    );
    assert_eq!(completed["buildrequests"][0]["results"], 0, "{completed}");
    let deactivated = bb_json(&db, &["master", "deactivate", &masterid_s, "--force"]);
    assert_eq!(deactivated["master"]["active"], false, "{deactivated}");
    assert!(deactivated["housekeeping"].is_object(), "{deactivated}");
    eprintln!("live: the whole test took {:?}", started.elapsed());
}

#[test]
fn notify_logs_in_with_notify_auth_and_never_shows_the_password() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let basedir = dir.path().join("master");
    let cfg = MasterCfg::new(&basedir.join("state.sqlite"))
        .worker("w1")
        .builder("quick", &["w1"])
        .auth("admin", "s3cret-pa55word");
    let master = LiveMaster::launch(&basedir, cfg);
    let worker = LiveWorker::start(&dir.path().join("w1"), &master, "w1");
    let db = master.db().to_path_buf();
    let (masterid, url) = (master.masterid(), master.url());
    let diagnostics = || report(&[&master], &[&worker]);
    let add = [
        "--json",
        "--notify",
        &url,
        "buildset",
        "add",
        "--reason",
        "bb",
        "--builder",
        "quick",
        "--sourcestamp",
        "branch=main,revision=abc,repository=r",
    ];
    let refused = |ran: &Ran| {
        assert!(
            ran.stderr.contains(&url) && ran.stderr.to_lowercase().contains("warning"),
            "{ran:#?}"
        );
        let doc = ran.json();
        let notified = &doc["notified"];
        assert_eq!(notified.as_array().map(Vec::len), Some(1), "{doc}");
        assert_eq!(notified[0]["url"], url.as_str(), "{doc}");
        assert_eq!(notified[0]["ok"], false, "{doc}");
        assert!(notified[0]["error"].is_string(), "{doc}");
        only_brid(&doc)
    };

    // Anonymous: the master refuses the control calls (403). A wrong
    // password: the login is refused (401), and never shown.
    let anonymous = refused(&bb_run(&db, &add).expect_code(0));
    let mut with_wrong: Vec<&str> = add.to_vec();
    with_wrong.extend(["--notify-auth", "admin:wr0ng-pa55word"]);
    let wrong = bb_run(&db, &with_wrong).expect_code(0);
    assert!(
        !wrong.stdout.contains("wr0ng") && !wrong.stderr.contains("wr0ng"),
        "{wrong:#?}"
    );
    let wrong = refused(&wrong);
    thread::sleep(Duration::from_secs(2));
    for brid in [anonymous, wrong] {
        let request = request(&db, brid);
        assert_eq!(request["claimed"], false, "{request}\n{}", diagnostics());
    }

    // The right password (BB_NOTIFY_AUTH): logged in, the workers
    // unpaused, everything built; the password shown nowhere.
    let right =
        bb_run_env(&db, &add, &[("BB_NOTIFY_AUTH", "admin:s3cret-pa55word")]).expect_code(0);
    assert!(
        !right.stdout.contains("s3cret") && !right.stderr.contains("s3cret"),
        "{right:#?}"
    );
    assert_eq!(right.stderr, "", "{right:#?}");
    let doc = right.json();
    assert_notified_ok(&doc, &url);
    let brids = [anonymous, wrong, only_brid(&doc)];
    assert_built_by(&wait_complete(&db, &brids, diagnostics), masterid);
    assert_no_errors("while bb notified it", &master.log(), &master);
    eprintln!("live: the whole test took {:?}", started.elapsed());
}

/// Master `masterid` as `bb master list --json` shows it.
fn listed_master(db: &Path, masterid: i64) -> Value {
    let masters = bb_json(db, &["master", "list"]);
    masters
        .as_array()
        .and_then(|masters| masters.iter().find(|m| m["masterid"] == masterid))
        .cloned()
        .unwrap_or_else(|| panic!("no master {masterid} in {masters}"))
}

/// How long the shortest sweep bb takes without `--force` (`--expire-after
/// 2m`) lets a master stay silent: the sweep expires it once its last
/// check-in is more than this old.
const SHORTEST_EXPIRY: i64 = 120;

#[test]
fn a_sweep_hands_a_crashed_masters_request_to_the_other_master() {
    // The README's "After a crash", for real, on two masters sharing one
    // database: while A builds, nothing bb offers takes the request from
    // it; once A is killed and has been silent for two minutes, `master
    // sweep --expire-after 2m --notify B` hands the request to B.
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let (mut a, b, wa, wb) = two_masters(dir.path());
    let diagnostics = || report(&[&a, &b], &[&wa, &wb]);
    let db = a.db().to_path_buf();
    let (aid, bid, b_url) = (a.masterid(), b.masterid(), b.url());
    let (a_name, b_name) = (a.name(), b.name());

    // Notified, A claims the request and builds it on wa, for ever.
    let doc = bb_json(
        &db,
        &[
            "--notify",
            &a.url(),
            "buildset",
            "add",
            "--reason",
            "bb",
            "--builder",
            "shared",
            "--sourcestamp",
            "branch=main,revision=abc,repository=r",
        ],
    );
    assert_notified_ok(&doc, &a.url());
    let brid = only_brid(&doc);
    let build = wait_build(&a, brid, diagnostics);
    assert_eq!(build["workerid"], workerid(&a, "wa"), "{build}");
    assert_eq!(build["complete"], false, "{build}");
    assert_eq!(request(&db, brid)["claimed_by_masterid"], aid);

    // While A builds it, bb takes the request from A by no route: not
    // acting as A, not releasing whoever's claims, not marking every
    // master stale, not sweeping with an expiry shorter than two check-ins.
    // Each refusal names what stops it and the way past (--force), and
    // writes nothing.
    let brid_s = brid.to_string();
    let before = claims_snapshot(&db);
    let check_ins = |db: &Path| -> Vec<(bool, i64)> {
        [aid, bid]
            .iter()
            .map(|&id| {
                let master = listed_master(db, id);
                (
                    master["active"].as_bool().unwrap(),
                    master["last_active"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    let checked_in_before = check_ins(&db);
    let refused = |args: &[&str], code: i32, names: &[&str]| -> Value {
        let args: Vec<&str> = ["--json"].iter().chain(args).copied().collect();
        let ran = bb_run(&db, &args).expect_code(code);
        for name in names {
            assert!(ran.stderr.contains(name), "not naming {name}: {ran:#?}");
        }
        if code == 3 {
            assert!(ran.stderr.contains(" ago"), "no check-in age: {ran:#?}");
        }
        assert!(ran.stderr.contains("--force"), "{ran:#?}");
        assert_eq!(claims_snapshot(&db), before, "bb {args:?} wrote");
        // Both still active, and nobody's check-in moved back (as marking
        // them stale would).
        let now_checked_in = check_ins(&db);
        for ((was, then), (is, now)) in checked_in_before.iter().zip(&now_checked_in) {
            assert!(
                *was && *is && now >= then,
                "bb {args:?}: {now_checked_in:?}"
            );
        }
        ran.json_error()
    };
    let error = refused(
        &["request", "unclaim", &brid_s, "--master", &a_name],
        3,
        &[&a_name],
    );
    assert_eq!(error["error"], "conflict", "{error}");
    assert_eq!(error["ids"], json!([aid]), "{error}");
    let error = refused(
        &["request", "unclaim", &brid_s, "--any-master"],
        3,
        &[&a_name],
    );
    assert_eq!(error["ids"], json!([brid]), "{error}");
    assert_eq!(error["holders"], json!({brid_s.as_str(): aid}), "{error}");
    for args in [
        &["master", "mark-all-stale"][..],
        &["master", "mark-all-stale", "--dry-run"],
    ] {
        let error = refused(args, 3, &[&a_name, &b_name]);
        assert_eq!(error["error"], "conflict", "{error}");
        assert_eq!(error["ids"], json!([aid, bid]), "{error}");
    }
    let error = refused(&["master", "sweep", "--expire-after", "20s"], 2, &[]);
    assert_eq!(error["error"], "usage", "{error}");
    assert_eq!(request(&db, brid)["claimed_by_masterid"], aid);

    // A crashes: its row stays active, its claim stays, and its last
    // check-in (at most a minute old: a master checks in every minute)
    // is final.
    a.kill();
    let diagnostics = || report(&[&a, &b], &[&wa, &wb]);
    let killed = listed_master(&db, aid);
    assert_eq!(killed["active"], true, "{killed}");
    let last_active = killed["last_active"].as_i64().unwrap();
    let silent_at = last_active + SHORTEST_EXPIRY + 1;
    assert!(
        silent_at - now() <= SHORTEST_EXPIRY + 5,
        "A last checked in {}s ago, in the future\n{}",
        now() - last_active,
        diagnostics()
    );

    // Until then A looks alive to bb, as it would to Buildbot for ten
    // minutes: its claim is still refused to --any-master, and the
    // recipe's sweep would leave it alone.
    let error = refused(
        &["request", "unclaim", &brid_s, "--any-master"],
        3,
        &[&a_name],
    );
    assert_eq!(error["holders"], json!({brid_s.as_str(): aid}), "{error}");
    assert!(
        now() - last_active < SHORTEST_EXPIRY - 10,
        "A's silence is nearly 2 minutes already: the checks above were slow"
    );
    let early = bb_json(
        &db,
        &["master", "sweep", "--expire-after", "2m", "--dry-run"],
    );
    assert_eq!(early["expired"], json!([]), "{early}");

    // The README's recipe: wait until A has been silent for more than two
    // minutes (bounded: its last check-in is known and final), then sweep.
    let ahead = silent_at - now() - 2;
    if ahead > 0 {
        eprintln!("live: waiting {ahead}s for A's silence to pass 2 minutes");
        thread::sleep(Duration::from_secs(ahead as u64));
    }
    wait_for(
        "A silent for more than 2 minutes",
        Duration::from_secs(15),
        diagnostics,
        || {
            let age = now() - listed_master(&db, aid)["last_active"].as_i64().unwrap();
            match age > SHORTEST_EXPIRY {
                true => Ok(age),
                false => Err(format!("A checked in {age}s ago")),
            }
        },
    );

    // The sweep expires A alone (B checked in within the minute), finishes
    // A's build, releases its request and tells B, which builds it on wb
    // at once.
    let swept = bb_json(
        &db,
        &[
            "--notify",
            &b_url,
            "master",
            "sweep",
            "--expire-after",
            "2m",
        ],
    );
    let expired = swept["expired"]
        .as_array()
        .unwrap_or_else(|| panic!("{swept}"));
    assert_eq!(expired.len(), 1, "{swept}");
    assert_eq!(expired[0]["master"]["masterid"], aid, "{swept}");
    assert_eq!(expired[0]["was_active"], true, "{swept}");
    assert_eq!(expired[0]["housekeeping"]["builds"], 1, "{swept}");
    assert_eq!(expired[0]["housekeeping"]["buildrequests"], 1, "{swept}");
    assert_notified_ok(&swept, &b_url);
    let done = wait_complete(&db, &[brid], diagnostics);
    assert_built_by(&done, bid);
    let builds = b.api(&format!(
        "builds?buildrequestid={brid}&complete=true&results=0"
    ));
    let wb_id = workerid(&b, "wb");
    assert!(
        builds["builds"]
            .as_array()
            .unwrap()
            .iter()
            .any(|build| build["workerid"] == wb_id && build["masterid"] == bid),
        "{builds}"
    );
    assert_eq!(listed_master(&db, bid)["active"], true);
    assert_no_errors("while taking over A's request", &b.log(), &b);
    eprintln!("live: the whole test took {:?}", started.elapsed());
    assert!(
        started.elapsed() < Duration::from_secs(300),
        "the crash test took {:?}",
        started.elapsed()
    );
}

// --- what runs, what waits, and cancelling it ---------------------------------------

/// How long a build that is stopped sleeps if nothing stops it: long enough
/// that it is stopped rather than finished, short enough that a worker left
/// behind by a failed test is not busy for long.
const LONG_BUILD: u32 = 60;

/// How long the test watches that a cancelled request is never built.
const NEVER_BUILT: Duration = Duration::from_secs(5);

/// The one element of a JSON array, or a panic showing it.
fn only(doc: &Value) -> &Value {
    let items = doc
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {doc}"));
    assert_eq!(items.len(), 1, "{doc}");
    &items[0]
}

/// The `bb queue --check` status line and exit code.
fn queue_check(db: &Path, args: &[&str]) -> (String, Option<i32>) {
    let args: Vec<&str> = ["queue", "--check"].iter().chain(args).copied().collect();
    let ran = bb_run(db, &args);
    assert_eq!(ran.stderr, "", "{ran:#?}");
    (ran.stdout.clone(), ran.code)
}

#[test]
fn bb_shows_what_runs_and_waits_on_a_live_master_and_cancels_both() {
    what_runs_and_waits(None);
}

#[test]
fn bb_shows_what_runs_and_waits_on_a_live_master_on_postgresql_and_cancels_both() {
    let db = crate::pg::buildbot_db();
    what_runs_and_waits(Some(&db.url()));
}

/// The operator's view of a real master whose only worker is busy, on
/// SQLite or on the PostgreSQL database `url`: the running build, the
/// attached worker, the request waiting behind it and the monitoring check
/// going from OK to WARNING; then `request cancel` of the waiting one
/// (Buildbot sees it cancelled and never builds it) and of the running one
/// (the master stops its build).
fn what_runs_and_waits(url: Option<&str>) {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let basedir = dir.path().join("master");
    let db = match url {
        Some(url) => PathBuf::from(url),
        None => basedir.join("state.sqlite"),
    };
    // One worker, so one build of `long` at a time.
    let cfg = MasterCfg::new(&db)
        .worker("w1")
        .slow_builder("long", &["w1"], LONG_BUILD);
    let master = LiveMaster::launch(&basedir, cfg);
    let worker = LiveWorker::start(&dir.path().join("w1"), &master, "w1");
    let db = master.db().to_path_buf();
    let (masterid, name, url) = (master.masterid(), master.name(), master.url());
    let diagnostics = || report(&[&master], &[&worker]);
    let long = master.builderid("long");
    let w1 = workerid(&master, "w1");

    // Nothing waits: the check is OK.
    let (line, code) = queue_check(&db, &["--warn-after", "1s"]);
    assert_eq!(code, Some(0), "{line}\n{}", diagnostics());
    assert!(line.starts_with("BB QUEUE OK - 0 pending |"), "{line}");

    // The first request is built at once, for a minute.
    let doc = bb_json(
        &db,
        &[
            "--notify",
            &url,
            "-q",
            "buildset",
            "add",
            "--reason",
            "bb",
            "--builder",
            "long",
        ],
    );
    assert_notified_ok(&doc, &url);
    let running_brid = only_brid(&doc);
    let build = wait_build(&master, running_brid, diagnostics);
    let buildid = build["buildid"].as_i64().unwrap();
    assert_eq!(build["complete"], false, "{build}");

    // The second waits behind it: the worker has one slot for `long`.
    let doc = bb_json(
        &db,
        &[
            "--notify",
            &url,
            "-q",
            "buildset",
            "add",
            "--reason",
            "bb",
            "--builder",
            "long",
        ],
    );
    assert_notified_ok(&doc, &url);
    let pending_brid = only_brid(&doc);
    let pending_bsid = doc["bsid"].as_i64().unwrap();
    thread::sleep(Duration::from_secs(2));
    let waiting = request(&db, pending_brid);
    assert_eq!(waiting["claimed"], false, "{waiting}\n{}", diagnostics());
    let submitted = waiting["submitted_at"].as_i64().unwrap();

    // `build list --running`: that build, on this master and w1.
    let running = bb_json(&db, &["build", "list", "--running"]);
    let listed = only(&running);
    assert_eq!(listed["buildid"], buildid, "{running}");
    assert_eq!(listed["buildrequestid"], running_brid, "{running}");
    assert_eq!(listed["builderid"], long, "{running}");
    assert_eq!(listed["masterid"], masterid, "{running}");
    assert_eq!(listed["workerid"], w1, "{running}");
    assert_eq!(listed["complete"], false, "{running}");
    assert_eq!(listed["results"], Value::Null, "{running}");
    let table = bb_table(&db, &["build", "list", "--running"]);
    assert!(
        table.contains("running") && table.contains("w1") && table.contains("long"),
        "{table}"
    );

    // `worker list`: w1 connected to this master, configured on `long`.
    let workers = bb_json(&db, &["worker", "list"]);
    let w = only(&workers);
    assert_eq!(w["workerid"], w1, "{workers}");
    assert_eq!(w["name"], "w1", "{workers}");
    assert_eq!(w["paused"], false, "{workers}");
    assert_eq!(
        w["connected_to"],
        json!([{"masterid": masterid}]),
        "{workers}"
    );
    assert_eq!(
        w["configured_on"],
        json!([{"builderid": long, "masterid": masterid}]),
        "{workers}"
    );
    let table = bb_table(&db, &["worker", "list"]);
    assert!(
        table.contains("connected") && table.contains(&name),
        "{table}"
    );
    let connected = bb_json(&db, &["worker", "list", "--connected", "--master", &name]);
    assert_eq!(only(&connected)["workerid"], w1, "{connected}");

    // `queue`: one pending behind one claimed, running build, served by
    // this master, not stuck.
    let queue = bb_json(&db, &["queue"]);
    let row = only(&queue);
    assert_eq!(row["builderid"], long, "{queue}");
    assert_eq!(row["name"], "long", "{queue}");
    assert_eq!(row["pending"], 1, "{queue}");
    assert_eq!(row["oldest_pending_submitted_at"], submitted, "{queue}");
    assert_eq!(row["claimed"], 1, "{queue}");
    assert_eq!(row["running"], 1, "{queue}");
    assert_eq!(
        row["masters"],
        json!([{"masterid": masterid, "name": name}]),
        "{queue}"
    );
    assert_eq!(row["stuck"], json!([]), "{queue}");

    // `queue --check`: OK while the request is younger than --warn-after
    // (pinned at its submission), WARNING once it has waited past it —
    // pinned, and on the real clock.
    let at = submitted.to_string();
    let (line, code) = queue_check(&db, &["--warn-after", "1s", "--at", &at]);
    assert_eq!(code, Some(0), "{line}");
    assert!(
        line.starts_with("BB QUEUE OK - 1 pending, oldest "),
        "{line}"
    );
    let later = (submitted + 2).to_string();
    let (line, code) = queue_check(&db, &["--warn-after", "1s", "--at", &later]);
    assert_eq!(code, Some(1), "{line}");
    assert!(
        line.starts_with("BB QUEUE WARNING - 1 pending, oldest 2s |"),
        "{line}"
    );
    assert!(
        line.contains("pending=1 oldest_pending=2s;1;7200 stuck=0"),
        "{line}"
    );
    let (line, code) = queue_check(&db, &["--warn-after", "1s"]);
    assert_eq!(code, Some(1), "{line}");
    assert!(line.starts_with("BB QUEUE WARNING - 1 pending"), "{line}");

    // Cancel the waiting request: claimed and completed cancelled in one
    // transaction, its buildset too; Buildbot's REST API says so.
    let cancelled = bb_json(&db, &["request", "cancel", &pending_brid.to_string()]);
    assert_eq!(cancelled["cancelled"], json!([pending_brid]), "{cancelled}");
    assert_eq!(cancelled["stopping"], json!([]), "{cancelled}");
    assert_eq!(
        cancelled["buildsets_completed"],
        json!([pending_bsid]),
        "{cancelled}"
    );
    let seen = master.api(&format!("buildrequests/{pending_brid}"));
    let seen = &seen["buildrequests"][0];
    assert_eq!(seen["complete"], true, "{seen}");
    assert_eq!(seen["results"], CANCELLED, "{seen}");
    let seen = master.api(&format!("buildsets/{pending_bsid}"));
    assert_eq!(seen["buildsets"][0]["complete"], true, "{seen}");
    assert_eq!(seen["buildsets"][0]["results"], CANCELLED, "{seen}");
    let (line, code) = queue_check(&db, &["--warn-after", "1s"]);
    assert_eq!(code, Some(0), "{line}");
    assert!(line.starts_with("BB QUEUE OK - 0 pending |"), "{line}");

    // Cancel the running one's request: the running master holds it, so
    // bb writes nothing and asks it to stop the build; the master stops
    // it and completes the request, both cancelled.
    let ran = bb_run(
        &db,
        &["--json", "request", "cancel", &running_brid.to_string()],
    )
    .expect_code(3);
    assert!(
        ran.stderr.contains(&name) && ran.stderr.contains("--notify"),
        "{ran:#?}"
    );
    assert_eq!(request(&db, running_brid)["complete"], false);
    let asked = Instant::now();
    let stopping = bb_json(
        &db,
        &[
            "--notify",
            &url,
            "request",
            "cancel",
            &running_brid.to_string(),
            "--reason",
            "live test",
        ],
    );
    assert_eq!(stopping["cancelled"], json!([]), "{stopping}");
    assert_eq!(stopping["buildsets_completed"], json!([]), "{stopping}");
    assert_eq!(
        stopping["stopping"],
        json!([{"buildrequestid": running_brid, "buildid": buildid, "url": url, "ok": true, "error": null}]),
        "{stopping}"
    );
    let stopped = wait_for(
        &format!("build {buildid} stopped"),
        BUILD_TIMEOUT,
        diagnostics,
        || {
            let build = master.api(&format!("builds/{buildid}"));
            let build = &build["builds"][0];
            match build["complete"] == true {
                true => Ok(build.clone()),
                false => Err(build.to_string()),
            }
        },
    );
    assert_eq!(stopped["results"], CANCELLED, "{stopped}");
    assert!(
        asked.elapsed() < Duration::from_secs(LONG_BUILD as u64 / 2),
        "the build ran its course rather than being stopped: {stopped}"
    );
    let done = wait_for(
        &format!("request {running_brid} completed by the master"),
        BUILD_TIMEOUT,
        diagnostics,
        || {
            let seen = master.api(&format!("buildrequests/{running_brid}"));
            let seen = &seen["buildrequests"][0];
            match seen["complete"] == true {
                true => Ok(seen.clone()),
                false => Err(seen.to_string()),
            }
        },
    );
    assert_eq!(done["results"], CANCELLED, "{done}");
    assert_eq!(done["claimed_by_masterid"], masterid, "{done}");

    // The worker is free now and the master looked for work on `long`
    // when the build ended: the cancelled request is never built.
    let watched = Instant::now();
    while watched.elapsed() < NEVER_BUILT {
        let builds = master.api(&format!("builds?buildrequestid={pending_brid}"));
        assert_eq!(builds["builds"], json!([]), "{builds}\n{}", diagnostics());
        thread::sleep(Duration::from_millis(500));
    }
    let seen = master.api(&format!("buildrequests/{pending_brid}"));
    assert_eq!(seen["buildrequests"][0]["results"], CANCELLED, "{seen}");

    // Nothing runs or waits any more.
    assert_eq!(bb_json(&db, &["build", "list", "--running"]), json!([]));
    assert_eq!(bb_json(&db, &["queue"]), json!([]));
    let (line, code) = queue_check(&db, &["--warn-after", "1s"]);
    assert_eq!(code, Some(0), "{line}");
    assert_no_errors("while bb cancelled its requests", &master.log(), &master);
    eprintln!("live: the whole test took {:?}", started.elapsed());
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "the test took {:?}",
        started.elapsed()
    );
}

/// Buildbot's CANCELLED result.
const CANCELLED: i64 = 6;
