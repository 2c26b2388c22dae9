//! bb against real Buildbot 4.3: the schema `buildbot create-master` makes,
//! rows written by Buildbot's own connectors read back by bb, and what bb
//! writes read back by Buildbot's connectors (tests/interop/bbdb.py).
//!
//! Buildbot runs from a virtualenv under the target directory
//! (`target/buildbot-venv`), made on first use with `python3 -m venv` and
//! `pip install buildbot==4.3.0`. These tests never skip: without python3
//! or PyPI they fail, saying why.

use std::collections::BTreeSet;
use std::fs::{self, OpenOptions};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use rusqlite::Connection;
use serde_json::{Value, json};

use crate::support::{Env, T0};

/// What the virtualenv holds; also the content of its marker file.
const BUILDBOT: &str = "buildbot==4.3.0";

/// The helper that drives Buildbot's DBConnector.
const HELPER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/interop/bbdb.py");

/// An hour before T0: long expired for a sweep at T0 (default expiry 10m).
const HOUR_AGO: i64 = T0 - 3600;
/// A minute before T0: still alive for a sweep at T0.
const MINUTE_AGO: i64 = T0 - 60;

const NULL: Value = Value::Null;

// --- the virtualenv ----------------------------------------------------------

/// The virtualenv with Buildbot 4.3, made once per target directory.
fn venv() -> &'static Path {
    static VENV: OnceLock<PathBuf> = OnceLock::new();
    VENV.get_or_init(make_venv)
}

/// Makes `target/buildbot-venv` unless a previous run finished it. Test
/// threads share the OnceLock; test processes share a file lock. The marker
/// is written last, so a venv left half-made (killed install, no network)
/// is removed and made again.
fn make_venv() -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR has a parent (the target directory)");
    let venv = target.join("buildbot-venv");
    let marker = venv.join("bb-interop-installed");
    let lock_path = target.join("buildbot-venv.lock");
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .unwrap_or_else(|err| setup_failed(&format!("open {}", lock_path.display()), err));
    lock.lock()
        .unwrap_or_else(|err| setup_failed(&format!("lock {}", lock_path.display()), err));

    if fs::read_to_string(&marker).is_ok_and(|m| m == BUILDBOT) {
        return venv;
    }
    if venv.exists() {
        fs::remove_dir_all(&venv).unwrap_or_else(|err| {
            setup_failed(&format!("remove the half-made {}", venv.display()), err)
        });
    }
    let mut create = Command::new("python3");
    run_setup(
        "create the virtualenv",
        create.args(["-m", "venv"]).arg(&venv),
    );
    let python = venv.join("bin/python");
    let mut pip = Command::new(&python);
    pip.args([
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--no-input",
        BUILDBOT,
    ]);
    run_setup(&format!("pip install {BUILDBOT}"), &mut pip);
    let mut import = Command::new(&python);
    import.args(["-c", "import buildbot; print(buildbot.version)"]);
    let version = run_setup("import buildbot", &mut import).stdout;
    let version = String::from_utf8_lossy(&version).trim().to_string();
    if version != "4.3.0" {
        setup_failed(
            "check the installed version",
            format!("found buildbot {version:?}"),
        );
    }
    fs::write(&marker, BUILDBOT)
        .unwrap_or_else(|err| setup_failed(&format!("write {}", marker.display()), err));
    venv
    // The file lock is released when `lock` is dropped.
}

fn run_setup(what: &str, cmd: &mut Command) -> Output {
    match cmd.output() {
        Ok(out) if out.status.success() => out,
        Ok(out) => setup_failed(
            what,
            format!(
                "{cmd:?} exited with {}\n--- stdout\n{}\n--- stderr\n{}",
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        ),
        Err(err) => setup_failed(what, format!("{cmd:?} could not run: {err}")),
    }
}

fn setup_failed(what: &str, detail: impl std::fmt::Display) -> ! {
    panic!(
        "\n\n******** INTEROP TESTS CANNOT RUN ********\n\
         could not {what}:\n{detail}\n\n\
         These tests install {BUILDBOT} once into target/buildbot-venv and need\n\
         python3 with the venv module (Debian: apt-get install python3-venv) and\n\
         access to PyPI for that first install. They do not skip.\n\
         ******************************************\n"
    )
}

/// A program from the virtualenv (`python`, `buildbot`).
fn venv_bin(name: &str) -> PathBuf {
    venv().join("bin").join(name)
}

// --- driving Buildbot --------------------------------------------------------

/// Runs `ops` in order through Buildbot's own DBConnector on `db` (see
/// tests/interop/bbdb.py) and returns one result per op.
fn buildbot(db: &Path, ops: &[Value]) -> Vec<Value> {
    let out = Command::new(venv_bin("python"))
        .arg(HELPER)
        .arg(db)
        .args(ops.iter().map(Value::to_string))
        .output()
        .expect("run the Buildbot helper");
    assert!(
        out.status.success(),
        "Buildbot helper failed ({}) on {ops:#?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let results: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap_or_else(|err| {
        let stdout = String::from_utf8_lossy(&out.stdout);
        panic!("Buildbot helper printed no JSON ({err}): {stdout}")
    });
    assert_eq!(results.len(), ops.len(), "one result per op");
    results
}

/// Ops for Buildbot to run, each with the result it must give.
#[derive(Default)]
struct Script(Vec<(Value, Value)>);

impl Script {
    /// `master.db.METHOD(**kwargs)` (METHOD as `component.method`), which
    /// must return `expect`.
    fn op(&mut self, method: &str, kwargs: Value, expect: impl Into<Value>) -> &mut Self {
        self.0.push((json!([method, kwargs]), expect.into()));
        self
    }

    /// `master.db.METHOD(**kwargs)`, which returns nothing.
    fn call(&mut self, method: &str, kwargs: Value) -> &mut Self {
        self.op(method, kwargs, NULL)
    }

    /// Pins Buildbot's clock (reactor.seconds()) for the ops that follow.
    fn clock(&mut self, at: i64) -> &mut Self {
        self.0.push((json!(["clock", at]), NULL));
        self
    }

    /// The master that claims build requests in the ops that follow.
    fn as_master(&mut self, masterid: i64) -> &mut Self {
        self.0.push((json!(["as_master", masterid]), NULL));
        self
    }
}

/// Named queries: what to read back through Buildbot, as `(name, op)`.
type Queries = Vec<(String, Value)>;

/// One Buildbot session: the script, checking each result, then the
/// queries, returned as one object keyed by their names.
fn session(db: &Path, script: &Script, queries: &[(String, Value)]) -> Value {
    let ops: Vec<Value> = script
        .0
        .iter()
        .map(|(op, _)| op)
        .chain(queries.iter().map(|(_, op)| op))
        .cloned()
        .collect();
    let mut results = buildbot(db, &ops).into_iter();
    for ((op, expected), got) in script.0.iter().zip(results.by_ref()) {
        assert_eq!(&got, expected, "Buildbot's result for {op}");
    }
    Value::Object(
        queries
            .iter()
            .map(|(name, _)| name.clone())
            .zip(results)
            .collect(),
    )
}

/// The queries alone.
fn read(db: &Path, queries: &[(String, Value)]) -> Value {
    session(db, &Script::default(), queries)
}

fn query(name: &str, method: &str, kwargs: Value) -> (String, Value) {
    (name.to_string(), json!([method, kwargs]))
}

/// `buildbot create-master` in a fresh directory: a database made entirely
/// by Buildbot (its `state.sqlite`, `sqlite:///state.sqlite`).
fn created_by_buildbot() -> Env {
    let env = Env::empty();
    let out = Command::new(venv_bin("buildbot"))
        .args(["create-master", "--quiet"])
        .arg(env.dir.path())
        .output()
        .expect("run buildbot create-master");
    assert!(
        out.status.success() && env.db.exists(),
        "buildbot create-master failed ({}): {}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    env
}

/// A database made by `bb db init`.
fn initialised_by_bb() -> Env {
    let env = Env::empty();
    env.bb(&["db", "init"]).assert().success();
    env
}

fn master(id: i64, name: &str, active: bool, last_active: i64) -> Value {
    json!({"masterid": id, "name": name, "active": active, "last_active": last_active})
}

// --- 1. the schema -----------------------------------------------------------

/// sqlite_master: (type, name, tbl_name, sql with whitespace runs collapsed).
fn schema(path: &Path) -> BTreeSet<(String, String, String, Option<String>)> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master")
        .unwrap();
    let rows = stmt.query_map([], |row| {
        let sql: Option<String> = row.get(3)?;
        let sql = sql.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "));
        Ok((row.get(0)?, row.get(1)?, row.get(2)?, sql))
    });
    rows.unwrap().collect::<Result<_, _>>().unwrap()
}

fn alembic_version(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT version_num FROM alembic_version")
        .unwrap();
    stmt.query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn db_init_makes_the_schema_buildbot_create_master_makes() {
    let theirs = created_by_buildbot();
    let ours = initialised_by_bb();

    let (theirs_schema, ours_schema) = (schema(&theirs.db), schema(&ours.db));
    let missing: Vec<_> = theirs_schema.difference(&ours_schema).collect();
    let extra: Vec<_> = ours_schema.difference(&theirs_schema).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "bb db init lacks {missing:#?}\nand has, beyond Buildbot's, {extra:#?}"
    );
    assert!(
        theirs_schema
            .iter()
            .any(|(kind, name, ..)| kind == "table" && name == "masters")
    );

    assert_eq!(alembic_version(&theirs.db), ["067"]);
    assert_eq!(alembic_version(&ours.db), ["067"]);
}

#[test]
fn db_init_passes_buildbots_version_check() {
    let env = initialised_by_bb();
    // The helper runs DBConnector.setup(check_version=True) before any op;
    // model.is_current is that check, asked once more.
    assert_eq!(
        buildbot(&env.db, &[json!(["model.is_current", {}])]),
        [json!(true)]
    );

    // The check is real: Buildbot refuses an older revision.
    env.exec("UPDATE alembic_version SET version_num = '066'");
    let out = Command::new(venv_bin("python"))
        .arg(HELPER)
        .arg(&env.db)
        .output()
        .unwrap();
    assert!(!out.status.success(), "Buildbot accepted revision 066");
    assert!(String::from_utf8_lossy(&out.stderr).contains("DatabaseNotReadyError"));
}

// --- 2. masters written by Buildbot, read by bb --------------------------------

#[test]
fn bb_lists_masters_as_buildbot_reads_them() {
    let env = created_by_buildbot();
    let names = [
        "CI-1:/srv/buildbot/master",
        "ci-2:/srv/bb",
        "ci-3:/srv/bb",
        "Bücher-Δ:/srv/München",
    ];
    let mut script = Script::default();
    script
        .clock(T0 - 7200)
        .op("masters.findMasterId", json!({"name": names[0]}), 1);
    script
        .clock(HOUR_AGO)
        .op("masters.findMasterId", json!({"name": names[1]}), 2);
    script.op(
        "masters.setMasterState",
        json!({"masterid": 2, "active": true}),
        true,
    );
    script
        .clock(MINUTE_AGO)
        .op("masters.findMasterId", json!({"name": names[2]}), 3);
    script.op(
        "masters.setMasterState",
        json!({"masterid": 3, "active": true}),
        true,
    );
    // Master 2 stops cleanly: inactive, its last_active left as it was.
    script.clock(T0).op(
        "masters.setMasterState",
        json!({"masterid": 2, "active": false}),
        true,
    );
    script.op("masters.findMasterId", json!({"name": names[3]}), 4);
    script.op(
        "masters.setMasterState",
        json!({"masterid": 4, "active": true}),
        true,
    );
    let mut queries = vec![("all".to_string(), json!(["rest.getMasters"]))];
    queries.extend((1..=5).map(|id| (id.to_string(), json!(["rest.getMaster", id]))));
    let theirs = session(&env.db, &script, &queries);

    let masters = json!([
        master(1, names[0], false, T0 - 7200),
        master(2, names[1], false, HOUR_AGO),
        master(3, names[2], true, MINUTE_AGO),
        master(4, names[3], true, T0),
    ]);
    assert_eq!(theirs["all"], masters, "Buildbot's own reading");
    assert_eq!(theirs["5"], NULL);

    assert_eq!(env.json(&["master", "list"]), theirs["all"]);
    assert_eq!(
        env.json(&["master", "list", "--active"]),
        json!([masters[2], masters[3]])
    );
    assert_eq!(
        env.json(&["master", "list", "--inactive"]),
        json!([masters[0], masters[1]])
    );
    let later = (T0 + 1).to_string();
    for (id, name) in (1..=4).zip(names) {
        let theirs = &theirs[id.to_string()];
        assert_eq!(env.json(&["master", "show", &id.to_string()]), *theirs);
        // By name: bb finds Buildbot's rows through the same name_hash.
        assert_eq!(env.json(&["master", "show", name]), *theirs);
        let registered = env.json(&["master", "register", name, "--at", &later]);
        assert_eq!(
            registered,
            json!({"master": theirs, "changed": false, "housekeeping": null})
        );
    }
    env.bb(&["master", "show", "5"]).assert().code(4);

    // The db_url of the master.cfg that create-master wrote, used from the
    // master's base directory, names the same database.
    let cfg = fs::read_to_string(env.path("master.cfg.sample")).unwrap();
    let line = cfg.lines().find(|l| l.contains("'db_url'")).unwrap();
    let db_url = line.split('"').nth(1).unwrap();
    assert_eq!(db_url, "sqlite:///state.sqlite");
    let out = env
        .bb_here(&["--db", db_url, "--json", "master", "list"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        theirs["all"]
    );
}

// --- masters and builders written by bb, read by Buildbot -----------------------

#[test]
fn buildbot_reads_masters_and_builders_bb_wrote() {
    let env = initialised_by_bb();
    let names = ["CI-1:/srv/buildbot/master", "Bücher-Δ:/srv/München"];
    for name in names {
        env.json(&["master", "register", name, "--at", &HOUR_AGO.to_string()]);
    }
    env.json(&["master", "activate", "2", "--at", &MINUTE_AGO.to_string()]);
    let b1 = env.json(&["builder", "register", "Linux-x86_64"]);
    let b2 = env.json(&["builder", "register", "Wïndows"]);

    // Buildbot finds bb's rows by name (the same name_hash): no new ids.
    let mut script = Script::default();
    script.clock(T0);
    script.op("masters.findMasterId", json!({"name": names[0]}), 1);
    script.op("masters.findMasterId", json!({"name": names[1]}), 2);
    script.op(
        "builders.findBuilderId",
        json!({"name": "Linux-x86_64"}),
        b1["builderid"].clone(),
    );
    script.op(
        "builders.findBuilderId",
        json!({"name": "Wïndows"}),
        b2["builderid"].clone(),
    );
    let queries = vec![
        ("masters".to_string(), json!(["rest.getMasters"])),
        ("master 2".to_string(), json!(["rest.getMaster", 2])),
        ("builders".to_string(), json!(["rest.getBuilders"])),
    ];
    let theirs = session(&env.db, &script, &queries);

    let masters = json!([
        master(1, names[0], false, HOUR_AGO),
        master(2, names[1], true, MINUTE_AGO)
    ]);
    assert_eq!(theirs["masters"], masters);
    assert_eq!(theirs["master 2"], masters[1]);
    assert_eq!(env.json(&["master", "list"]), masters);
    assert_eq!(theirs["builders"], json!([b1, b2]));
    assert_eq!(env.json(&["builder", "list"]), theirs["builders"]);
}

#[test]
fn default_master_name_is_the_name_buildbot_gives_itself() {
    let env = initialised_by_bb();
    // A relative --db, run from the directory that holds it, as an operator
    // standing in the master's base directory would.
    let out = env
        .bb_here(&["--db", "state.sqlite", "--json", "master", "register"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ours: Value = serde_json::from_slice(&out.stdout).unwrap();
    let theirs = buildbot(&env.db, &[json!(["master_name", env.dir.path()])]);
    assert_eq!(ours["master"]["name"], theirs[0]);
}

// --- 3. housekeeping, read by Buildbot -----------------------------------------

/// Three masters, as running Buildbot masters would have left them, every
/// row written by Buildbot's own connectors:
/// - master 1 `dead`: active, but silent since an hour before T0. Holds
///   builders 1 and 2 (worker 1 configured on both, and connected),
///   scheduler 1, change source 1, claims on requests 1 and 2 (incomplete)
///   and 3 (complete). Build 1 (request 1) is running: step 0 finished,
///   with finished log 1; step 1 running, with open logs 2 and 3. Build 2
///   (request 3) is finished.
/// - master 2 `alive`: active a minute before T0. Holds builder 1 (worker 2
///   configured on it, and connected), scheduler 2, change source 2, the
///   claim on request 4. Build 3 (request 4) is running: step 0 running,
///   with open log 4.
/// - master 3 `gone`: inactive since an hour before T0, yet build 4
///   (request 5, builder 2, no steps) still runs there.
/// - request 5 (builder 2) is unclaimed.
fn scenario() -> Script {
    let mut s = Script::default();
    s.clock(HOUR_AGO);
    for (id, name) in [(1, "dead"), (2, "alive"), (3, "gone")] {
        s.op("masters.findMasterId", json!({"name": name}), id);
    }
    s.op(
        "masters.setMasterState",
        json!({"masterid": 1, "active": true}),
        true,
    );
    for id in [1, 2] {
        s.op(
            "builders.findBuilderId",
            json!({"name": format!("b{id}")}),
            id,
        );
        s.op(
            "workers.findWorkerId",
            json!({"name": format!("w{id}")}),
            id,
        );
        s.op(
            "schedulers.findSchedulerId",
            json!({"name": format!("s{id}")}),
            id,
        );
        s.call(
            "schedulers.setSchedulerMaster",
            json!({"schedulerid": id, "masterid": id}),
        );
    }
    for (builderid, masterid) in [(1, 1), (2, 1), (1, 2)] {
        s.call(
            "builders.addBuilderMaster",
            json!({"builderid": builderid, "masterid": masterid}),
        );
    }
    for (workerid, masterid, builderids) in [(1, 1, json!([1, 2])), (2, 2, json!([1]))] {
        let worker = json!({"workerid": workerid, "masterid": masterid});
        let mut configured = worker.clone();
        configured["builderids"] = builderids;
        s.call("workers.workerConfigured", configured);
        let mut connected = worker;
        connected["workerinfo"] = json!({});
        s.call("workers.workerConnected", connected);
    }
    for id in [1, 2] {
        s.op(
            "changesources.findChangeSourceId",
            json!({"name": format!("c{id}")}),
            id,
        );
        let link = json!({"changesourceid": id, "masterid": id});
        s.call("changesources.setChangeSourceMaster", link);
    }
    // Buildsets 1 to 4, requests 1 to 5.
    let sourcestamp = json!({"branch": "main", "revision": "4b6f1c2", "project": "app",
                             "repository": "https://example.org/app.git", "codebase": ""});
    for (bsid, brids) in [
        (1, json!({"1": 1, "2": 2})),
        (2, json!({"1": 3})),
        (3, json!({"1": 4})),
        (4, json!({"2": 5})),
    ] {
        let builderids: Vec<i64> = brids
            .as_object()
            .unwrap()
            .keys()
            .map(|b| b.parse().unwrap())
            .collect();
        let buildset = json!({"sourcestamps": [sourcestamp], "reason": "interop", "properties": {},
                              "builderids": builderids, "waited_for": false});
        s.op("buildsets.addBuildset", buildset, json!([bsid, brids]));
    }
    s.as_master(1).call(
        "buildrequests.claimBuildRequests",
        json!({"brids": [1, 2, 3]}),
    );
    s.as_master(2)
        .call("buildrequests.claimBuildRequests", json!({"brids": [4]}));

    // Build `id`, number `number` of its builder, on worker `w` of master `m`.
    let build = |s: &mut Script, [id, number, builderid, brid, w, m]: [i64; 6]| {
        let build = json!({"builderid": builderid, "buildrequestid": brid, "workerid": w, "masterid": m,
                           "state_string": "building"});
        s.op("builds.addBuild", build, json!([id, number]));
    };
    let step = |s: &mut Script, buildid: i64, stepid: i64, number: i64, name: &str| {
        let step = json!({"buildid": buildid, "name": name, "state_string": "pending"});
        s.op("steps.addStep", step, json!([stepid, number, name]));
        let start = json!({"stepid": stepid, "started_at": HOUR_AGO + 1, "locks_acquired": true});
        s.call("steps.startStep", start);
    };
    let log = |s: &mut Script, stepid: i64, logid: i64, name: &str| {
        let log = json!({"stepid": stepid, "name": name, "slug": name, "type": "s"});
        s.op("logs.addLog", log, logid);
    };
    // Master 1's running build 1.
    build(&mut s, [1, 1, 1, 1, 1, 1]);
    step(&mut s, 1, 1, 0, "checkout");
    log(&mut s, 1, 1, "stdio");
    s.call("logs.finishLog", json!({"logid": 1}));
    s.call(
        "steps.finishStep",
        json!({"stepid": 1, "results": 0, "hidden": false}),
    );
    step(&mut s, 1, 2, 1, "compile");
    log(&mut s, 2, 2, "stdio");
    log(&mut s, 2, 3, "warnings");
    // Master 1's finished build 2, of the completed request 3.
    build(&mut s, [2, 2, 1, 3, 1, 1]);
    s.call("builds.finishBuild", json!({"buildid": 2, "results": 0}));
    s.call(
        "buildrequests.completeBuildRequests",
        json!({"brids": [3], "results": 0}),
    );
    // Master 2's running build 3.
    build(&mut s, [3, 3, 1, 4, 2, 2]);
    step(&mut s, 3, 3, 0, "compile");
    log(&mut s, 3, 4, "stdio");
    // The build 4 that master 3 left running.
    build(&mut s, [4, 1, 2, 5, 1, 3]);
    // Master 2 checks in.
    s.clock(MINUTE_AGO).op(
        "masters.setMasterState",
        json!({"masterid": 2, "active": true}),
        true,
    );
    s
}

/// What Buildbot reads of the scenario's database: everything and, for
/// master `m`, the per-master queries a master runs.
fn readout(m: i64) -> Queries {
    let mut queries = vec![
        ("masters".to_string(), json!(["rest.getMasters"])),
        query("builders", "builders.getBuilders", json!({})),
        query("schedulers", "schedulers.getSchedulers", json!({})),
        query("changesources", "changesources.getChangeSources", json!({})),
        query("workers", "workers.getWorkers", json!({})),
        query("requests", "buildrequests.getBuildRequests", json!({})),
        query(
            "unclaimed",
            "buildrequests.getBuildRequests",
            json!({"claimed": false}),
        ),
        query(
            "incomplete",
            "buildrequests.getBuildRequests",
            json!({"complete": false}),
        ),
        query(
            "claimed by m",
            "buildrequests.getBuildRequests",
            json!({"claimed": m}),
        ),
        query(
            "builders of m",
            "builders.getBuilders",
            json!({"masterid": m}),
        ),
        query(
            "schedulers of m",
            "schedulers.getSchedulers",
            json!({"masterid": m}),
        ),
        query(
            "changesources of m",
            "changesources.getChangeSources",
            json!({"masterid": m}),
        ),
        query("builds", "builds.getBuilds", json!({})),
        query("logs", "logs.getLogs", json!({})),
    ];
    for buildid in 1..=3 {
        queries.push(query(
            &format!("steps of {buildid}"),
            "steps.getSteps",
            json!({"buildid": buildid}),
        ));
    }
    queries
}

/// Buildbot's reading before a bb command, turned into the reading
/// expected after it, one change at a time; each must change something.
struct Expected(Value);

impl Expected {
    fn set(&mut self, pointer: &str, value: impl Into<Value>) -> &mut Self {
        let value = value.into();
        let slot = self
            .0
            .pointer_mut(pointer)
            .unwrap_or_else(|| panic!("nothing at {pointer}"));
        assert_ne!(
            *slot, value,
            "{pointer} already holds what it should change to"
        );
        *slot = value;
        self
    }

    /// The request at `index` of "requests" has no claim.
    fn unclaimed(&mut self, index: usize) -> &mut Self {
        self.set(&format!("/requests/{index}/claimed_at"), NULL);
        self.set(&format!("/requests/{index}/claimed_by_masterid"), NULL)
    }

    /// The build at `index` of "builds", its step at `step` (a pointer) and
    /// the logs at `logs` of "logs" are finished as RETRY (5) at `at`.
    fn retried(&mut self, index: usize, step: &str, logs: &[usize], at: i64) -> &mut Self {
        self.set(&format!("/builds/{index}/complete_at"), at);
        self.set(&format!("/builds/{index}/results"), 5);
        self.set(&format!("{step}/complete_at"), at);
        self.set(&format!("{step}/results"), 5);
        for log in logs {
            self.set(&format!("/logs/{log}/complete"), true);
        }
        self
    }

    /// `key` holds the requests with these ids, as "requests" now has them.
    fn requests(&mut self, key: &str, brids: &[i64]) -> &mut Self {
        let all = self.0["requests"].as_array().unwrap();
        let find = |brid: &i64| {
            all.iter()
                .find(|r| r["buildrequestid"] == *brid)
                .unwrap()
                .clone()
        };
        let picked: Vec<Value> = brids.iter().map(find).collect();
        self.set(&format!("/{key}"), picked)
    }
}

/// bb's housekeeping counts, in the contract's field order.
fn housekeeping(counts: [u64; 9]) -> Value {
    let fields = [
        "schedulers",
        "changesources",
        "builders",
        "configured_workers",
        "connected_workers",
        "builds",
        "steps",
        "logs",
        "buildrequests",
    ];
    Value::Object(
        fields
            .iter()
            .map(|f| f.to_string())
            .zip(counts.map(Value::from))
            .collect(),
    )
}

/// What the scenario's master 1 and 2 have to housekeep.
const DEAD_HOUSEKEEPING: [u64; 9] = [1, 1, 2, 2, 1, 1, 1, 2, 2];
const ALIVE_HOUSEKEEPING: [u64; 9] = [1; 9];

#[test]
fn buildbot_sees_the_sweeps_housekeeping() {
    let env = initialised_by_bb();
    let before = session(&env.db, &scenario(), &readout(1));
    let untouched = env.dump();

    let sweep = |dry_run: bool| {
        json!({"dry_run": dry_run, "expired": [
            {"master": master(1, "dead", false, HOUR_AGO), "was_active": true,
             "housekeeping": housekeeping(DEAD_HOUSEKEEPING)},
            {"master": master(3, "gone", false, HOUR_AGO), "was_active": false,
             "housekeeping": null},
        ]})
    };
    let at = T0.to_string();
    assert_eq!(
        env.json(&["master", "sweep", "--at", &at, "--dry-run"]),
        sweep(true)
    );
    assert_eq!(env.dump(), untouched, "a dry run wrote something");
    assert_eq!(env.json(&["master", "sweep", "--at", &at]), sweep(false));

    let mut expected = Expected(before);
    expected
        .set("/masters/0/active", false)
        .set("/builders/0/masterids", json!([2]))
        .set("/builders/1/masterids", json!([]))
        .set("/schedulers/0/masterid", NULL)
        .set("/changesources/0/masterid", NULL)
        .set("/workers/0/configured_on", json!([]))
        .set("/workers/0/connected_to", json!([]))
        .unclaimed(0)
        .unclaimed(1)
        .retried(0, "/steps of 1/1", &[1, 2], T0)
        .requests("unclaimed", &[1, 2, 5])
        .requests("incomplete", &[1, 2, 4, 5])
        // The claim on the completed request 3 stays, as Buildbot leaves it.
        .requests("claimed by m", &[3])
        .set("/builders of m", json!([]))
        .set("/schedulers of m", json!([]))
        .set("/changesources of m", json!([]));
    assert_eq!(read(&env.db, &readout(1)), expected.0);

    // A second sweep changes nothing.
    let swept = env.dump();
    let again = env.json(&["master", "sweep", "--at", &at]);
    assert_eq!(
        again,
        json!({"dry_run": false, "expired": [
            {"master": master(1, "dead", false, HOUR_AGO), "was_active": false,
             "housekeeping": null},
            {"master": master(3, "gone", false, HOUR_AGO), "was_active": false,
             "housekeeping": null},
        ]})
    );
    assert_eq!(env.dump(), swept);
}

/// A master that expires while already inactive gets no housekeeping (no
/// --force-housekeeping), but the sweep still "sets it inactive", which in
/// Buildbot's expireMasters is setMasterState(active=False): that deletes
/// the master's scheduler links (the code; the connector docs: "If active
/// is false, then any links to this master, such as schedulers, will be
/// deleted"). Such a master arises when it claimed its schedulers and died
/// before marking itself active. Compared with Buildbot doing the same on
/// a twin database.
#[test]
fn sweep_sets_expired_inactive_masters_inactive_as_buildbot_does() {
    let seed = || {
        let mut s = Script::default();
        s.clock(HOUR_AGO)
            .op("masters.findMasterId", json!({"name": "starting"}), 1);
        s.op("schedulers.findSchedulerId", json!({"name": "nightly"}), 1);
        s.call(
            "schedulers.setSchedulerMaster",
            json!({"schedulerid": 1, "masterid": 1}),
        );
        s
    };
    let queries = vec![
        ("masters".to_string(), json!(["rest.getMasters"])),
        query("schedulers", "schedulers.getSchedulers", json!({})),
    ];
    let ours = initialised_by_bb();
    let before = session(&ours.db, &seed(), &queries);
    assert_eq!(before["schedulers"][0]["masterid"], 1);
    let swept = ours.json(&["master", "sweep", "--at", &T0.to_string()]);
    // Not asserted: how bb reports the removed links ("housekeeping").
    assert_eq!(swept["expired"].as_array().unwrap().len(), 1);
    assert_eq!(
        swept["expired"][0]["master"],
        master(1, "starting", false, HOUR_AGO)
    );
    assert_eq!(swept["expired"][0]["was_active"], false);

    // What Buildbot's expireMasters does to it, at T0.
    let theirs = initialised_by_bb();
    let mut script = seed();
    script.clock(T0).op(
        "masters.setMasterState",
        json!({"masterid": 1, "active": false}),
        false,
    );
    let theirs = session(&theirs.db, &script, &queries);
    assert_eq!(theirs["schedulers"][0]["masterid"], NULL);

    assert_eq!(
        read(&ours.db, &queries),
        theirs,
        "bb's sweep must unlink what Buildbot's setMasterState(active=False) unlinks"
    );
}

#[test]
fn buildbot_sees_deactivate_housekeeping() {
    let env = initialised_by_bb();
    let before = session(&env.db, &scenario(), &readout(2));
    let at = T0 + 10;

    assert_eq!(
        env.json(&["master", "deactivate", "alive", "--at", &at.to_string()]),
        json!({"master": master(2, "alive", false, MINUTE_AGO), "changed": true,
               "housekeeping": housekeeping(ALIVE_HOUSEKEEPING)})
    );

    let mut expected = Expected(before);
    expected
        .set("/masters/1/active", false)
        .set("/builders/0/masterids", json!([1]))
        .set("/schedulers/1/masterid", NULL)
        .set("/changesources/1/masterid", NULL)
        .set("/workers/1/configured_on", json!([]))
        .set("/workers/1/connected_to", json!([]))
        .unclaimed(3)
        .retried(2, "/steps of 3/0", &[3], at)
        .requests("unclaimed", &[4, 5])
        .requests("incomplete", &[1, 2, 4, 5])
        .set("/claimed by m", json!([]))
        .set("/builders of m", json!([]))
        .set("/schedulers of m", json!([]))
        .set("/changesources of m", json!([]));
    assert_eq!(read(&env.db, &readout(2)), expected.0);

    // Again, now inactive: the housekeeping runs and finds nothing left.
    let deactivated = env.dump();
    assert_eq!(
        env.json(&["master", "deactivate", "2", "--at", &(at + 10).to_string()]),
        json!({"master": master(2, "alive", false, MINUTE_AGO), "changed": false,
               "housekeeping": housekeeping([0; 9])})
    );
    assert_eq!(env.dump(), deactivated);
}

#[test]
fn buildbot_sees_mark_all_stale_and_the_sweep_after_it() {
    let env = initialised_by_bb();
    let before = session(&env.db, &scenario(), &readout(3));
    let masters = |active| {
        json!([
            master(1, "dead", active, 0),
            master(2, "alive", active, 0),
            master(3, "gone", active, 0),
        ])
    };

    assert_eq!(
        env.json(&["master", "mark-all-stale"]),
        json!({"masters": 3})
    );
    let stale = read(
        &env.db,
        &[("masters".to_string(), json!(["rest.getMasters"]))],
    );
    assert_eq!(stale["masters"], masters(true));

    // Every master now looks active and long silent: the sweep housekeeps
    // all three, the build master 3 left running included.
    assert_eq!(
        env.json(&["master", "sweep", "--at", &T0.to_string()]),
        json!({"dry_run": false, "expired": [
            {"master": master(1, "dead", false, 0), "was_active": true,
             "housekeeping": housekeeping(DEAD_HOUSEKEEPING)},
            {"master": master(2, "alive", false, 0), "was_active": true,
             "housekeeping": housekeeping(ALIVE_HOUSEKEEPING)},
            {"master": master(3, "gone", false, 0), "was_active": true,
             "housekeeping": housekeeping([0, 0, 0, 0, 0, 1, 0, 0, 0])},
        ]})
    );

    let mut expected = Expected(before);
    expected.set("/masters", masters(false));
    expected
        .set("/builders/0/masterids", json!([]))
        .set("/builders/1/masterids", json!([]));
    for i in 0..2 {
        expected.set(&format!("/schedulers/{i}/masterid"), NULL);
        expected.set(&format!("/changesources/{i}/masterid"), NULL);
        expected.set(&format!("/workers/{i}/configured_on"), json!([]));
        expected.set(&format!("/workers/{i}/connected_to"), json!([]));
    }
    expected
        .unclaimed(0)
        .unclaimed(1)
        .unclaimed(3)
        .retried(0, "/steps of 1/1", &[1, 2], T0)
        .retried(2, "/steps of 3/0", &[3], T0)
        .set("/builds/3/complete_at", T0)
        .set("/builds/3/results", 5)
        .requests("unclaimed", &[1, 2, 4, 5])
        .requests("incomplete", &[1, 2, 4, 5]);
    assert_eq!(read(&env.db, &readout(3)), expected.0);
}
