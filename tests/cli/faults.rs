//! Reliability: writes killed at random moments, the write lock held by
//! another process, and the bad-input matrix of the README ("Bad input and
//! failures"). Every case checks that the database is as it was, or, for a
//! killed write, as it was or as the whole write leaves it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::{Connection, params};
use serde_json::json;

use crate::support::{Env, T0, bare_bb, create_db, dump, fails, fails_json, name_hash, stdout_of};

// --- crash safety: SIGKILL at random moments --------------------------------------

/// splitmix64: a small, seedable generator for reproducible delays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A duration uniformly in [0, max].
    fn below(&mut self, max: Duration) -> Duration {
        let micros = max.as_micros() as u64;
        Duration::from_micros(self.next() % (micros + 1))
    }
}

/// The seed of this run: `BB_CRASH_SEED` to repeat one, else from the clock.
fn crash_seed() -> u64 {
    match std::env::var("BB_CRASH_SEED") {
        Ok(seed) => seed.parse().expect("BB_CRASH_SEED is an unsigned integer"),
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64,
    }
}

/// A large write to kill: a database to run it on, and the command.
struct Scenario {
    name: &'static str,
    /// The database before the write (a closed, checkpointed WAL file).
    template: PathBuf,
    args: Vec<String>,
}

/// Where the kill landed, as seen just before sending SIGKILL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Landing {
    /// bb was running and did not have the database open: not yet (the
    /// write is then absent) or no more (committed, on its way out).
    Running,
    /// bb was running with the database open.
    DbOpen,
    /// bb had already exited on its own.
    AfterExit,
}

/// Whether process `pid` has `db` (or its WAL) open, from /proc/PID/fd.
fn has_open(pid: u32, db: &Path) -> bool {
    let Ok(fds) = fs::read_dir(format!("/proc/{pid}/fd")) else {
        return false;
    };
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    fds.filter_map(Result::ok)
        .filter_map(|fd| fs::read_link(fd.path()).ok())
        .any(|target| target == db || target == wal)
}

fn spawn_bb(db: &Path, args: &[String]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_bb"))
        .env_remove("BB_DB")
        .env_remove("BB_MASTER")
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Run the write to completion on `db`.
fn run_whole(db: &Path, args: &[String]) {
    let status = spawn_bb(db, args).wait().unwrap();
    assert!(
        status.success(),
        "bb {args:?} failed uninterrupted: {status}"
    );
}

/// The timeline of one uninterrupted run, watched through /proc: when bb
/// was first and last seen with the database open, and when it exited.
#[derive(Debug, Clone, Copy)]
struct Timeline {
    opened: Duration,
    closed: Duration,
    exited: Duration,
}

fn watch_whole(db: &Path, args: &[String]) -> Timeline {
    let db = db.canonicalize().unwrap();
    let started = Instant::now();
    let mut child = spawn_bb(&db, args);
    let (mut opened, mut closed) = (None, None);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if has_open(child.id(), &db) {
            opened.get_or_insert(started.elapsed());
            closed = Some(started.elapsed());
        }
        // Poll often, but leave bb the CPU.
        thread::sleep(Duration::from_micros(100));
    };
    let exited = started.elapsed();
    assert!(
        status.success(),
        "bb {args:?} failed uninterrupted: {status}"
    );
    let opened = opened.expect("bb was never seen with the database open");
    Timeline {
        opened,
        closed: closed.unwrap(),
        exited,
    }
}

/// `PRAGMA integrity_check` of the database at `path`.
fn integrity(path: &Path) -> String {
    let conn = Connection::open(path).unwrap();
    let rows: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    rows.join("\n")
}

/// Row counts of the tables a scenario touches, for failure messages.
fn counts(path: &Path) -> String {
    let conn = Connection::open(path).unwrap();
    [
        "masters",
        "builders",
        "buildsets",
        "buildrequests",
        "buildrequest_claims",
        "builder_masters",
        "builds",
    ]
    .iter()
    .map(|table| {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                row.get(0)
            })
            .unwrap();
        format!("{table}={n}")
    })
    .collect::<Vec<_>>()
    .join(" ")
}

#[derive(Default, Debug)]
struct Tally {
    /// Running, database not open yet: the write must be absent.
    before_open: u32,
    /// Running with the database open (the write then rolled back or
    /// had committed).
    mid_run: u32,
    mid_run_absent: u32,
    /// Running, database closed again after the commit.
    after_close: u32,
    /// Exited on its own before the kill.
    after_exit: u32,
    /// Kills that left none of the write / all of it.
    absent: u32,
    present: u32,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.before_open += other.before_open;
        self.mid_run += other.mid_run;
        self.mid_run_absent += other.mid_run_absent;
        self.after_close += other.after_close;
        self.after_exit += other.after_exit;
        self.absent += other.absent;
        self.present += other.present;
    }

    fn kills(&self) -> u32 {
        self.before_open + self.mid_run + self.after_close + self.after_exit
    }

    fn summary(&self) -> String {
        format!(
            "{} kills: {} before open, {} mid-run (db open; {} rolled back, {} committed), \
             {} after close, {} after exit; write absent {} times, whole {} times",
            self.kills(),
            self.before_open,
            self.mid_run,
            self.mid_run_absent,
            self.mid_run - self.mid_run_absent,
            self.after_close,
            self.after_exit,
            self.absent,
            self.present
        )
    }
}

/// Kill the scenario's write `kills` times at random moments; after each
/// kill the database must pass integrity_check and be exactly as before
/// the write or exactly as a whole run leaves it (all times are pinned by
/// `--at`, so a whole run is deterministic). Half the delays are drawn
/// over the whole runtime, half over the time bb had the database open in
/// a watched run, so that kills land mid-write too; if none of them did
/// (timing differs from run to run), up to `kills` more are aimed there.
fn kill_repeatedly(scenario: &Scenario, kills: u32, rng: &mut Rng, seed: u64) -> Tally {
    let work = tempfile::tempdir().unwrap();
    let before = dump(&scenario.template);

    // Uninterrupted runs: the state a whole write leaves, and its timeline
    // (the median of three).
    let whole = work.path().join("whole.sqlite");
    let mut timelines: Vec<Timeline> = (0..3)
        .map(|_| {
            fs::copy(&scenario.template, &whole).unwrap();
            watch_whole(&whole, &scenario.args)
        })
        .collect();
    timelines.sort_by_key(|t| t.exited);
    let timeline = timelines[1];
    let after = dump(&whole);
    assert_ne!(
        before, after,
        "{}: the write changed nothing",
        scenario.name
    );

    let mut tally = Tally::default();
    for i in 0..2 * kills {
        if i >= kills && tally.mid_run > 0 {
            break;
        }
        let db = work.path().join(format!("kill-{i}.sqlite"));
        fs::copy(&scenario.template, &db).unwrap();
        let db = db.canonicalize().unwrap();
        let delay = if i % 2 == 0 && i < kills {
            rng.below(timeline.exited.mul_f64(1.1))
        } else {
            timeline.opened + rng.below(timeline.closed.saturating_sub(timeline.opened))
        };
        let mut child = spawn_bb(&db, &scenario.args);
        thread::sleep(delay);
        let landing = match child.try_wait().unwrap() {
            Some(_) => Landing::AfterExit,
            None if has_open(child.id(), &db) => Landing::DbOpen,
            None => Landing::Running,
        };
        // Child::kill is SIGKILL to this pid; a no-op if it already exited.
        let _ = child.kill();
        let status = child.wait().unwrap();
        let context = format!(
            "{} kill {i}: SIGKILL after {delay:?} ({landing:?}, exit {status}) of a write \
             whose watched run was {timeline:?}; BB_CRASH_SEED={seed} repeats the delays",
            scenario.name
        );
        if landing == Landing::AfterExit {
            assert!(status.success(), "{context}: bb failed on its own");
        }

        let check = integrity(&db);
        assert_eq!(check, "ok", "{context}: integrity_check");
        let now = dump(&db);
        let present = if now == after {
            true
        } else if now == before {
            false
        } else {
            panic!(
                "{context}: the write is partly there\n  before: {}\n  whole:  {}\n  now:    {}",
                counts(&scenario.template),
                counts(&whole),
                counts(&db)
            );
        };
        match (landing, present) {
            (Landing::AfterExit, false) => {
                panic!("{context}: bb exited 0 but its write is not there")
            }
            (Landing::AfterExit, true) => tally.after_exit += 1,
            (Landing::DbOpen, present) => {
                tally.mid_run += 1;
                tally.mid_run_absent += u32::from(!present);
            }
            (Landing::Running, false) => tally.before_open += 1,
            (Landing::Running, true) => tally.after_close += 1,
        }
        if present {
            tally.present += 1;
        } else {
            tally.absent += 1;
            // A killed write is safe to retry: the retry does all of it.
            run_whole(&db, &scenario.args);
            assert!(dump(&db) == after, "{context}: the retry differs");
        }
        // bb itself reads the database after the kill.
        stdout_of(bare_bb().arg("--db").arg(&db).args(["db", "info"]));
    }
    eprintln!(
        "crash: {:<28} db open {:.1?}..{:.1?}, exit {:.1?}; {}",
        scenario.name,
        timeline.opened,
        timeline.closed,
        timeline.exited,
        tally.summary()
    );
    tally
}

/// A database made from schema.sql in WAL mode, filled by `fill`, then
/// closed (so it is one checkpointed file).
fn template(dir: &Path, name: &str, fill: impl FnOnce(&Connection)) -> PathBuf {
    let path = dir.join(name);
    create_db(&path);
    let mut conn = Connection::open(&path).unwrap();
    let tx = conn.transaction().unwrap();
    fill(&tx);
    tx.commit().unwrap();
    drop(conn);
    path
}

fn insert_builder(conn: &Connection, id: i64, name: &str) {
    conn.execute(
        "INSERT INTO builders (id, name, name_hash) VALUES (?1, ?2, ?3)",
        params![id, name, name_hash(name)],
    )
    .unwrap();
}

fn insert_master(conn: &Connection, id: i64, name: &str, active: bool, last_active: i64) {
    conn.execute(
        "INSERT INTO masters (id, name, name_hash, active, last_active) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, name, name_hash(name), active as i64, last_active],
    )
    .unwrap();
}

/// `buildset add` for 500 builders, half of them created by the command.
fn buildset_for_500_builders(dir: &Path) -> Scenario {
    let template = template(dir, "add.sqlite", |conn| {
        for i in 0..250 {
            insert_builder(conn, i + 1, &format!("builder-{i:03}"));
        }
    });
    let mut args: Vec<String> = [
        "buildset",
        "add",
        "--reason",
        "crash test",
        "--create-builders",
        "--sourcestamp",
        "branch=main,revision=abc123,repository=https://example.org/repo.git",
        "--property",
        "owner=\"crash\"",
        "--at",
        &T0.to_string(),
    ]
    .map(String::from)
    .to_vec();
    for i in 0..500 {
        args.push("--builder".into());
        args.push(format!("builder-{i:03}"));
    }
    Scenario {
        name: "buildset add (500 builders)",
        template,
        args,
    }
}

/// `master sweep` of a dead master holding thousands of claims, builds,
/// steps and logs.
fn sweep_of_a_master_with_thousands_of_claims(dir: &Path) -> Scenario {
    const REQUESTS: i64 = 6000;
    const BUILDS: i64 = 1000;
    let template = template(dir, "sweep.sqlite", |conn| {
        insert_master(conn, 1, "dead:/srv/master", true, T0 - 3600);
        insert_master(conn, 2, "alive:/srv/master", true, T0);
        for b in 1..=20 {
            insert_builder(conn, b, &format!("builder-{b:02}"));
            conn.execute(
                "INSERT INTO builder_masters (builderid, masterid) VALUES (?1, 1)",
                [b],
            )
            .unwrap();
        }
        conn.execute(
            "INSERT INTO buildsets (id, reason, submitted_at, complete, results) VALUES (1, 'r', ?1, 0, -1)",
            [T0 - 7200],
        )
        .unwrap();
        let mut request = conn
            .prepare(
                "INSERT INTO buildrequests (id, buildsetid, builderid, priority, complete, results, submitted_at, waited_for)
                 VALUES (?1, 1, ?2, 0, 0, -1, ?3, 0)",
            )
            .unwrap();
        let mut claim = conn
            .prepare(
                "INSERT INTO buildrequest_claims (brid, masterid, claimed_at) VALUES (?1, 1, ?2)",
            )
            .unwrap();
        for brid in 1..=REQUESTS {
            request
                .execute(params![brid, brid % 20 + 1, T0 - 7200])
                .unwrap();
            claim.execute(params![brid, T0 - 7000]).unwrap();
        }
        let mut build = conn
            .prepare(
                "INSERT INTO builds (id, number, builderid, buildrequestid, masterid, started_at, locks_duration_s, state_string)
                 VALUES (?1, ?1, ?2, ?1, 1, ?3, 0, 'building')",
            )
            .unwrap();
        let mut step = conn
            .prepare(
                "INSERT INTO steps (id, number, name, buildid, started_at, locks_acquired_at, state_string, urls_json, hidden)
                 VALUES (?1, 0, 'compile', ?1, ?2, ?2, 'running', '[]', 0)",
            )
            .unwrap();
        let mut log = conn
            .prepare(
                "INSERT INTO logs (id, name, slug, stepid, complete, num_lines, type)
                 VALUES (?1, 'stdio', 'stdio', ?1, 0, 0, 's')",
            )
            .unwrap();
        for id in 1..=BUILDS {
            build.execute(params![id, id % 20 + 1, T0 - 6900]).unwrap();
            step.execute(params![id, T0 - 6800]).unwrap();
            log.execute([id]).unwrap();
        }
    });
    Scenario {
        name: "master sweep (6000 claims)",
        template,
        args: ["master", "sweep", "--at", &T0.to_string()]
            .map(String::from)
            .to_vec(),
    }
}

/// `request claim` of 500 unclaimed requests by a master the command
/// creates.
fn claim_of_500_requests(dir: &Path) -> Scenario {
    const REQUESTS: i64 = 500;
    let template = template(dir, "claim.sqlite", |conn| {
        insert_builder(conn, 1, "builder");
        conn.execute(
            "INSERT INTO buildsets (id, reason, submitted_at, complete, results) VALUES (1, 'r', ?1, 0, -1)",
            [T0 - 60],
        )
        .unwrap();
        for brid in 1..=REQUESTS {
            conn.execute(
                "INSERT INTO buildrequests (id, buildsetid, builderid, priority, complete, results, submitted_at, waited_for)
                 VALUES (?1, 1, 1, 0, 0, -1, ?2, 0)",
                params![brid, T0 - 60],
            )
            .unwrap();
        }
    });
    let mut args: Vec<String> = [
        "request",
        "claim",
        "--master",
        "claimer:/srv/master",
        "--at",
        &T0.to_string(),
    ]
    .map(String::from)
    .to_vec();
    args.extend((1..=REQUESTS).map(|brid| brid.to_string()));
    Scenario {
        name: "request claim (500 requests)",
        template,
        args,
    }
}

#[test]
fn killed_writes_are_all_or_nothing() {
    const KILLS_EACH: u32 = 10;
    let started = Instant::now();
    let seed = crash_seed();
    eprintln!("crash: seed {seed} (BB_CRASH_SEED={seed} repeats the delays)");
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let scenarios = [
        buildset_for_500_builders(dir.path()),
        sweep_of_a_master_with_thousands_of_claims(dir.path()),
        claim_of_500_requests(dir.path()),
    ];
    let mut total = Tally::default();
    for scenario in &scenarios {
        let tally = kill_repeatedly(scenario, KILLS_EACH, &mut rng, seed);
        assert!(
            tally.mid_run > 0,
            "{}: no kill landed while bb had the database open ({}); BB_CRASH_SEED={seed}",
            scenario.name,
            tally.summary()
        );
        total.add(&tally);
    }
    eprintln!("crash: in {:?}, {}", started.elapsed(), total.summary());
    assert!(total.kills() >= 20);
    assert!(
        total.mid_run_absent > 0,
        "no kill interrupted a write before its commit: {}; BB_CRASH_SEED={seed}",
        total.summary()
    );
    assert!(
        total.absent > 0 && total.present > 0,
        "the kills never left the write absent, or never whole: {}; BB_CRASH_SEED={seed}",
        total.summary()
    );
}

// --- the write lock held by another process ---------------------------------------
//
// db.rs and request.rs hold the lock from a thread of the test for the
// master, builder and claim commands; here another process (Python's
// sqlite3, as Buildbot itself uses) holds it, against the other writes and
// every read.

/// Another process holding the database's write lock (BEGIN IMMEDIATE and
/// an uncommitted row of its own) until it lets go or is killed.
struct LockHolder {
    child: Child,
}

const HOLDER: &str = r#"
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO masters (name, name_hash, active, last_active) "
             "VALUES ('held by another process', 'x', 1, 0)")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute(sys.argv[3])
print("released", flush=True)
"#;

impl LockHolder {
    /// Take the lock, hold it for `hold`, then COMMIT or ROLLBACK.
    fn start(db: &Path, hold: Duration, end: &str) -> LockHolder {
        use std::io::{BufRead, BufReader};
        let mut child = Command::new("python3")
            .args(["-c", HOLDER])
            .arg(db)
            .arg(hold.as_secs_f64().to_string())
            .arg(end)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("run python3 (needed for the lock tests, as for the interop tests)");
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(
            line.trim(),
            "locked",
            "the lock holder did not take the lock"
        );
        LockHolder { child }
    }

    /// Wait for the holder to let go on its own.
    fn join(mut self) {
        let status = self.child.wait().unwrap();
        assert!(status.success(), "the lock holder failed: {status}");
    }
}

impl Drop for LockHolder {
    fn drop(&mut self) {
        // SIGKILL by pid: the holder's transaction is rolled back.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A database with something of everything: masters, builders, a
/// buildset with two requests (one claimed), a change source, a change.
fn populated() -> Env {
    let env = Env::new();
    env.add_master(1, "m1:/srv/master", true, T0);
    env.add_master(2, "m2:/srv/master", false, T0 - 3600);
    env.add_builder(1, "b1");
    env.add_builder(2, "b2");
    env.json(&[
        "buildset",
        "add",
        "--reason",
        "populated",
        "--builder",
        "b1",
        "--builder",
        "b2",
        "--sourcestamp",
        "branch=main,revision=abc,repository=https://example.org/repo.git",
        "--property",
        "owner=\"me\"",
        "--at",
        &T0.to_string(),
    ]);
    // Master 1's own claim, made as it (running at T0): --force.
    env.json(&[
        "request",
        "claim",
        "1",
        "--master",
        "1",
        "--at",
        &T0.to_string(),
        "--force",
    ]);
    env.json(&["changesource", "register", "poller"]);
    env.exec(&format!(
        "INSERT INTO changes (changeid, author, comments, branch, revision, revlink, when_timestamp,
                              category, repository, codebase, project, sourcestampid)
         VALUES (1, 'me <me@example.org>', 'a change', 'main', 'abc', '', {T0}, NULL,
                 'https://example.org/repo.git', '', '', 1)"
    ));
    env
}

#[test]
fn a_write_waits_for_another_process_that_lets_go_in_time() {
    let env = populated();
    let holder = LockHolder::start(&env.db, Duration::from_millis(1500), "COMMIT");
    let started = Instant::now();
    // The default busy timeout (5 s) outlasts the 1.5 s hold.
    let added = env.json(&[
        "buildset",
        "add",
        "--reason",
        "waited",
        "--builder",
        "b1",
        "--at",
        "1",
    ]);
    let waited = started.elapsed();
    holder.join();
    eprintln!("busy: buildset add waited {waited:?} for another process's 1.5 s lock");
    assert!(
        waited >= Duration::from_millis(1200),
        "did not wait: {waited:?}"
    );
    assert!(waited < Duration::from_secs(5), "waited {waited:?}");
    assert_eq!(added["bsid"], 2);
    // Both the holder's row and bb's write are there.
    assert_eq!(
        env.int("SELECT count(*) FROM masters WHERE name = 'held by another process'"),
        1
    );
    assert_eq!(
        env.rows("SELECT reason FROM buildsets WHERE id = 2"),
        json!([["waited"]])
    );
}

#[test]
fn writes_past_the_busy_timeout_exit_5_and_write_nothing() {
    let env = populated();
    let before = env.dump();
    let holder = LockHolder::start(&env.db, Duration::from_secs(120), "ROLLBACK");
    let at = ["--at", "1"];
    let writes: &[&[&str]] = &[
        &["buildset", "add", "--reason", "r", "--builder", "b1"],
        &[
            "buildset",
            "add",
            "--reason",
            "r",
            "--builder",
            "new",
            "--create-builders",
        ],
        &["buildset", "complete", "1", "--results", "success"],
        &["request", "claim", "2", "--master", "m3"],
        &["request", "unclaim", "1", "--master", "1"],
        &["request", "complete", "1", "2", "--results", "failure"],
        &["changesource", "register", "another"],
        &["changesource", "claim", "poller", "--master", "1"],
        &["changesource", "release", "poller"],
        &["master", "sweep", "--force-housekeeping"],
        &["builder", "register", "b9"],
    ];
    for args in writes {
        let started = Instant::now();
        let mut cmd = env.bb(args);
        if args
            .iter()
            .any(|a| ["add", "complete", "claim", "sweep"].contains(a))
        {
            cmd.args(at);
        }
        let message = fails(cmd.args(["--busy-timeout", "300ms"]), 5);
        let gave_up = started.elapsed();
        assert!(message.contains("busy"), "{args:?}: {message}");
        assert!(message.contains("safe to retry"), "{args:?}: {message}");
        assert!(
            message.contains("nothing was written"),
            "{args:?}: {message}"
        );
        assert!(
            gave_up >= Duration::from_millis(250) && gave_up < Duration::from_secs(4),
            "{args:?} gave up after {gave_up:?}"
        );
    }
    let doc = fails_json(
        env.bb(&["request", "complete", "2", "--results", "success"])
            .args(["--busy-timeout", "100ms"]),
        5,
    );
    assert_eq!(doc["error"], "busy");
    drop(holder);
    assert_eq!(env.dump(), before, "a busy command wrote something");
}

#[test]
fn readers_never_wait_for_another_process_holding_the_write_lock() {
    let env = populated();
    let holder = LockHolder::start(&env.db, Duration::from_secs(120), "ROLLBACK");
    let reads: &[&[&str]] = &[
        &["db", "info"],
        &["master", "list"],
        &["master", "show", "1"],
        &["master", "sweep", "--dry-run", "--at", "1714564800"],
        &["builder", "list"],
        &["buildset", "list"],
        &["buildset", "show", "1"],
        &["buildset", "properties", "1"],
        &["buildset", "recent", "--count", "5"],
        &["request", "list", "--claimed"],
        &["request", "show", "1"],
        &["changesource", "list"],
        &["changesource", "show", "poller"],
        &["change", "list"],
        &["change", "show", "1"],
    ];
    for args in reads {
        // With the default 5 s busy timeout: a reader that waited for the
        // lock would take 5 s and fail.
        let started = Instant::now();
        let out = stdout_of(env.bb(args).arg("--json"));
        let took = started.elapsed();
        assert!(took < Duration::from_secs(2), "{args:?} took {took:?}");
        assert!(
            !out.contains("held by another process"),
            "{args:?} saw an uncommitted row: {out}"
        );
    }
    let info = env.json(&["db", "info"]);
    assert_eq!(info["journal_mode"], "wal", "{info}");
    drop(holder);
}

// --- the bad-input matrix (README: "Bad input and failures") ----------------------

/// The file names in a directory, sorted (to see that nothing was created:
/// no journal, WAL or shared-memory file).
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Bytes of a file, or None for a directory or a missing file.
fn bytes(path: &Path) -> Option<Vec<u8>> {
    fs::read(path).ok()
}

/// A real database (made by bb, with rows) as bytes, checkpointed.
fn real_database_bytes() -> Vec<u8> {
    let env = populated();
    // Closing the last connection checkpointed the WAL into the file.
    assert!(!env.path("state.sqlite-wal").exists());
    fs::read(&env.db).unwrap()
}

/// Commands run against every broken file: reads and writes.
const AGAINST_FILES: &[&[&str]] = &[
    &["master", "list"],
    &["db", "info"],
    &["request", "list"],
    &["master", "register", "x"],
    &["buildset", "add", "--reason", "r", "--builder", "b1"],
    &["master", "sweep"],
];

#[test]
fn broken_database_files_are_refused_and_left_as_they_are() {
    let real = real_database_bytes();
    // Header and first page intact, every later page garbage.
    let mut corrupted = real.clone();
    let mut rng = Rng(6);
    for byte in &mut corrupted[4096..] {
        *byte = rng.next() as u8;
    }
    type Setup = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Setup, i32, &[&str])> = vec![
        ("missing file", Box::new(|_| {}), 4, &["does not exist"]),
        (
            "directory",
            Box::new(|db| fs::create_dir(db).unwrap()),
            1,
            &["is a directory"],
        ),
        (
            "empty file",
            Box::new(|db| fs::write(db, b"").unwrap()),
            1,
            &["has no Buildbot tables: bb db init creates them"],
        ),
        (
            "text file",
            Box::new(|db| fs::write(db, "[global]\nnot = a database\n".repeat(100)).unwrap()),
            1,
            &["not a SQLite database"],
        ),
        (
            "truncated SQLite file (its first 4096 bytes)",
            Box::new({
                let head = real[..4096].to_vec();
                move |db| fs::write(db, &head).unwrap()
            }),
            1,
            &["malformed", "restore state.sqlite from a backup"],
        ),
        (
            "corrupted SQLite file (header intact, pages garbage)",
            Box::new(move |db| fs::write(db, &corrupted).unwrap()),
            1,
            &["malformed", "restore state.sqlite from a backup"],
        ),
        (
            "SQLite file without alembic_version",
            Box::new(|db| {
                Connection::open(db)
                    .unwrap()
                    .execute_batch("CREATE TABLE masters (id INTEGER PRIMARY KEY, name TEXT);")
                    .unwrap()
            }),
            1,
            &["no alembic_version table"],
        ),
        (
            "unsupported revision",
            Box::new(|db| {
                create_db(db);
                Connection::open(db)
                    .unwrap()
                    .execute_batch("UPDATE alembic_version SET version_num = '068'")
                    .unwrap()
            }),
            1,
            &["'068'", "059 to 067", "newer than 4.3"],
        ),
    ];
    for (case, setup, code, says) in &cases {
        let env = Env::empty();
        setup(&env.db);
        let before = bytes(&env.db);
        let files = listing(env.dir.path());
        for args in AGAINST_FILES {
            let message = fails(&mut env.bb(args), *code);
            for needle in *says {
                assert!(
                    message.contains(needle),
                    "{case}, {args:?}: {message:?} should say {needle:?}"
                );
            }
            if *code != 4 {
                assert!(
                    message.contains(&env.db_str()),
                    "{case}, {args:?}: {message:?} should name the file"
                );
            }
            fails_json(&mut env.bb(args), *code);
            assert_eq!(bytes(&env.db), before, "{case}, {args:?}: the file changed");
            assert_eq!(
                listing(env.dir.path()),
                files,
                "{case}, {args:?}: files appeared"
            );
        }
    }
}

/// Run `bb` as the unprivileged user nobody (uid/gid 65534) with
/// `setpriv`: the tests run as root, and root writes read-only files.
fn as_nobody(bb: &Path, db: &Path, args: &[&str]) -> std::process::Output {
    Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(bb)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("BB_DB")
        .env_remove("BB_MASTER")
        .output()
        .expect("run setpriv (util-linux), needed to drop root for the read-only test")
}

#[test]
fn a_read_only_database_refuses_writes_and_stays_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    // nobody must reach the binary and the database, and write neither.
    let bin = dir.path().join("bin");
    let data = dir.path().join("data");
    fs::create_dir(&bin).unwrap();
    fs::create_dir(&data).unwrap();
    let bb = bin.join("bb");
    fs::copy(env!("CARGO_BIN_EXE_bb"), &bb).unwrap();
    let db = data.join("state.sqlite");
    fs::write(&db, real_database_bytes()).unwrap();
    for (path, mode) in [
        (dir.path(), 0o755),
        (&bin, 0o755),
        (&data, 0o755),
        (&db, 0o444),
    ] {
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
    }
    let who = Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
            "id",
            "-u",
        ])
        .output()
        .expect("run setpriv");
    assert_eq!(String::from_utf8_lossy(&who.stdout).trim(), "65534");

    let before = fs::read(&db).unwrap();
    let files = listing(&data);
    let writes: &[&[&str]] = &[
        &["master", "register", "x"],
        &["builder", "register", "b9"],
        &["buildset", "add", "--reason", "r", "--builder", "b1"],
        &["request", "claim", "2", "--master", "1"],
        &["master", "sweep"],
        &["changesource", "release", "poller"],
    ];
    for args in writes {
        let out = as_nobody(&bb, &db, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert!(stderr.contains("read-only"), "{args:?}: {stderr}");
        assert!(stderr.contains(db.to_str().unwrap()), "{args:?}: {stderr}");
        assert_eq!(fs::read(&db).unwrap(), before, "{args:?} changed the file");
        assert_eq!(listing(&data), files, "{args:?} created files");
    }
}

/// The bad-value matrix: a command line (split on spaces; `""` is an empty
/// argument, `X257` / `X513` stand for that many x's), the exit code, and
/// what the one-line message must say.
#[rustfmt::skip]
const BAD_VALUES: &[(&str, i32, &[&str])] = &[
    // Unknown ids and names: not found, naming them.
    ("master show 99", 4, &["master 99 does not exist"]),
    ("master activate 99", 4, &["master 99 does not exist"]),
    ("master deactivate nosuch", 4, &["master 'nosuch' does not exist"]),
    ("buildset show 99", 4, &["buildset 99 does not exist"]),
    ("buildset properties 99", 4, &["buildset 99 does not exist"]),
    ("buildset complete 99 --results success", 4, &["buildset 99 does not exist"]),
    ("buildset add --reason r --builder b1 --ssid 99", 4, &["sourcestamp 99 does not exist"]),
    ("buildset add --reason r --builder nosuch", 4, &["builder 'nosuch' does not exist"]),
    ("buildset add --reason r --builder b1 --parent-buildid 99 --parent-relationship x", 4, &["99"]),
    ("request show 99", 4, &["build request 99 does not exist"]),
    ("request claim 2 99 --master 1", 4, &["99"]),
    ("request claim 2 --master 99", 4, &["master 99 does not exist"]),
    ("request unclaim 99 --master 1", 4, &["99"]),
    ("request complete 2 99 --results success", 4, &["99"]),
    ("request list --claimed-by nosuch", 4, &["nosuch"]),
    ("request list --builder nosuch", 4, &["nosuch"]),
    ("request list --buildset 99", 4, &["99"]),
    ("changesource show 99", 4, &["change source 99 does not exist"]),
    ("changesource claim nosuch --master 1", 4, &["nosuch"]),
    ("changesource release 99", 4, &["99"]),
    ("change show 99", 4, &["change 99 does not exist"]),
    // Ids: zero, negative, overflowing, not numbers.
    ("request claim 0 --master 1", 2, &["'0' is not a valid id"]),
    ("buildset show 0", 2, &["'0' is not a valid id"]),
    ("master show 0", 2, &["'0' is not a valid id"]),
    ("request show -- -1", 2, &["'-1' is not a valid id"]),
    ("request claim --master 1 -- -7", 2, &["'-7' is not a valid id"]),
    ("request show 9223372036854775808", 2, &["too large for a 64-bit id"]),
    ("buildset complete 99999999999999999999 --results success", 2, &["too large"]),
    ("master activate 18446744073709551616", 2, &["too large"]),
    ("request show abc", 2, &["'abc' is not a valid id"]),
    ("buildset show 1.5", 2, &["'1.5' is not a valid id"]),
    ("change show 0x10", 2, &["'0x10' is not a valid id"]),
    ("buildset add --reason r --builder b1 --ssid one", 2, &["'one' is not a valid id"]),
    // --at.
    ("master activate 1 --at yesterday", 2, &["'yesterday' is not a time"]),
    ("master activate 1 --at 2024-05-01T12:00:00", 2, &["not a time", "with a zone"]),
    ("master sweep --at 2024-13-01T00:00:00Z", 2, &["not a time"]),
    ("request claim 2 --master 1 --at 1e9", 2, &["'1e9' is not a time"]),
    ("buildset add --reason r --builder b1 --at \"\"", 2, &["'' is not a time"]),
    // Durations.
    ("master sweep --expire-after 10x", 2, &["'10x' is not a duration"]),
    ("master sweep --expire-after=-5m", 2, &["not a duration"]),
    ("master sweep --expire-after 1y", 2, &["not a duration"]),
    ("master sweep --expire-after 99999999999999999d", 2, &["not a duration"]),
    ("master register x --busy-timeout soon", 2, &["'soon' is not a duration"]),
    // Results.
    ("request complete 2 --results great", 2, &["'great' is not a result"]),
    ("request complete 2 --results 7", 2, &["'7' is not a result"]),
    ("request complete 2 --results=-1", 2, &["not a result"]),
    ("buildset complete 1 --results \"\"", 2, &["not a result"]),
    ("buildset complete 1 --results SUCCESS!", 2, &["not a result"]),
    // --filter, --order, --limit, --offset, --field.
    ("buildset list --filter nosuch=1", 2, &["unknown buildset field 'nosuch'"]),
    ("buildset list --filter bsid__like=1", 2, &["unknown filter operator 'like'"]),
    ("buildset list --filter reason", 2, &["'reason' is not a filter"]),
    ("buildset list --filter bsid__gt=abc", 2, &["'bsid' takes an integer, not 'abc'"]),
    ("buildset list --filter bsid__gt=99999999999999999999", 2, &["takes an integer"]),
    ("buildset list --filter sourcestamps=1", 2, &["cannot be filtered"]),
    ("buildset list --filter reason__contains=null", 2, &["null can only be compared with eq or ne"]),
    ("request list --filter complete=maybe", 2, &["'complete' takes true or false"]),
    ("request list --filter submitted_at__gt=yesterday", 2, &["epoch seconds or RFC 3339"]),
    ("master list --filter active__contains=1", 2, &["contains"]),
    ("builder list --order tags", 2, &["tags"]),
    ("change list --order nosuch", 2, &["unknown change field 'nosuch'"]),
    ("changesource list --field nosuch", 2, &["nosuch"]),
    ("buildset list --limit=-1", 2, &["-1"]),
    ("buildset list --offset x", 2, &["'x'"]),
    // --sourcestamp and --property syntax.
    ("buildset add --reason r --builder b1 --sourcestamp main", 2, &["'main' in --sourcestamp is not key=value"]),
    ("buildset add --reason r --builder b1 --sourcestamp colour=red", 2, &["unknown sourcestamp key 'colour'"]),
    ("buildset add --reason r --builder b1 --sourcestamp branch=a,branch=b", 2, &["'branch' twice"]),
    ("buildset add --reason r --builder b1 --property =1", 2, &["'=1' names no property"]),
    ("buildset add --reason r --builder b1 --property owner", 2, &["'owner' is not a property"]),
    // Over-long strings: usage, naming the field and Buildbot's limit.
    ("buildset add --reason X257 --builder b1", 2, &["reason is 257 characters long", "at most 256"]),
    ("buildset add --reason r --builder b1 --sourcestamp branch=X257", 2, &["branch is 257 characters long"]),
    ("buildset add --reason r --builder b1 --sourcestamp revision=X257", 2, &["revision is 257"]),
    ("buildset add --reason r --builder b1 --sourcestamp codebase=X257", 2, &["codebase is 257"]),
    ("buildset add --reason r --builder b1 --sourcestamp repository=X513", 2, &["repository is 513", "at most 512"]),
    ("buildset add --reason r --builder b1 --sourcestamp project=X513", 2, &["project is 513", "at most 512"]),
    ("buildset add --reason r --builder b1 --property X257=1", 2, &["property name is 257"]),
    ("buildset add --reason r --builder b1 --external-idstring X257", 2, &["external_idstring is 257"]),
    // Empty names.
    ("master register \"\"", 2, &["a name cannot be empty"]),
    ("builder register \"\"", 2, &["a name cannot be empty"]),
    ("changesource register \"\"", 2, &["a name cannot be empty"]),
    ("changesource poll \"\" --repourl /nowhere", 2, &["a name cannot be empty"]),
    ("master show \"\"", 2, &["a name cannot be empty"]),
    ("buildset add --reason r --builder \"\"", 2, &["a name cannot be empty"]),
    ("request claim 2 --master \"\"", 2, &["a name cannot be empty"]),
];

/// A command line of BAD_VALUES as arguments.
fn bad_args(line: &str) -> Vec<String> {
    line.split(' ')
        .map(|arg| {
            arg.replace("\"\"", "")
                .replace("X257", &"x".repeat(257))
                .replace("X513", &"x".repeat(513))
        })
        .collect()
}

#[test]
fn bad_values_are_refused_with_one_line_and_nothing_written() {
    let env = populated();
    let before = env.dump();
    let files = listing(env.dir.path());
    for (line, code, says) in BAD_VALUES {
        let args = bad_args(line);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let message = fails(&mut env.bb(&args), *code);
        for needle in *says {
            assert!(
                message.contains(needle),
                "bb {line}: {message:?} should say {needle:?}"
            );
        }
        // Again with --json (before a `--`, where one ends the options).
        let doc = match args.iter().position(|a| *a == "--") {
            None => fails_json(&mut env.bb(&args), *code),
            Some(end) => {
                let out = env
                    .bb(&args[..end])
                    .arg("--json")
                    .args(&args[end..])
                    .output()
                    .unwrap();
                assert_eq!(out.status.code(), Some(*code), "bb {line}");
                let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
                let lines: Vec<&str> = stderr.lines().collect();
                assert_eq!(lines.len(), 2, "bb {line}: {stderr}");
                serde_json::from_str(lines[1]).unwrap()
            }
        };
        assert_eq!(doc["message"], message.as_str(), "bb {line}");
        assert_eq!(env.dump(), before, "bb {line} changed the database");
    }
    assert_eq!(listing(env.dir.path()), files);
}

// --- unicode and SQL metacharacters -----------------------------------------------

#[test]
fn unicode_and_sql_metacharacters_are_stored_and_shown_exactly() {
    let env = Env::new();
    let master = "o'brien\"; DROP TABLE masters;--";
    let builders = [
        "ビルダー",
        "🦀 crab-builder",
        "100% _done_ \\ back",
        "Robert'); DROP TABLE builders;--",
        "ünïcødé/ﬁ/İ",
    ];
    let reason = "'; DELETE FROM buildsets; -- ✓";
    let branch = "feature/ümlaut-🌿";
    let property = ("名前", json!("値 'quoted' \"double\" \\ %_"));

    let registered = env.json(&["master", "register", master, "--at", &T0.to_string()]);
    assert_eq!(registered["master"]["name"], master);
    for name in builders {
        let doc = env.json(&["builder", "register", name]);
        assert_eq!(doc["name"], name);
    }
    let added = env.json(&[
        "buildset",
        "add",
        "--reason",
        reason,
        "--builder",
        builders[0],
        "--builder",
        builders[3],
        "--sourcestamp",
        &format!("branch={branch},repository=https://example.org/r?x=1&y='2'"),
        "--property",
        &format!("{}={}", property.0, property.1),
        "--at",
        &T0.to_string(),
    ]);
    let claimed = env.json(&["request", "claim", "1", "--master", master, "--at", "1"]);
    assert_eq!(claimed[0]["claimed_by_masterid"], 1);

    // Stored exactly, with Buildbot's name hashes of those exact bytes.
    let (stored, hash): (String, String) = env
        .conn()
        .query_row(
            "SELECT name, name_hash FROM masters WHERE id = 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!(stored, master);
    assert_eq!(hash, name_hash(master));
    let stored: Vec<(String, String)> = env
        .conn()
        .prepare("SELECT name, name_hash FROM builders ORDER BY id")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let expected: Vec<(String, String)> = builders
        .iter()
        .map(|name| (name.to_string(), name_hash(name)))
        .collect();
    assert_eq!(stored, expected);
    assert_eq!(env.rows("SELECT reason FROM buildsets"), json!([[reason]]));
    assert_eq!(
        env.rows("SELECT branch FROM sourcestamps"),
        json!([[branch]])
    );
    assert_eq!(
        env.rows("SELECT property_name, property_value FROM buildset_properties"),
        json!([[property.0, json!([property.1, "bb"]).to_string()]])
    );

    // Shown exactly: JSON and tables; looked up by those names.
    let shown = env.json(&["master", "show", master]);
    assert_eq!(shown["name"], master);
    let table = stdout_of(&mut env.bb(&["master", "list"]));
    assert!(table.contains(master), "{table}");
    let listed = env.json(&["builder", "list", "--field", "name"]);
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, builders);
    let table = stdout_of(&mut env.bb(&["builder", "list"]));
    for name in builders {
        assert!(table.contains(name), "{name} not in\n{table}");
    }
    let set = env.json(&["buildset", "show", &added["bsid"].to_string()]);
    assert_eq!(set["reason"], reason);
    assert_eq!(set["sourcestamps"][0]["branch"], branch);
    assert_eq!(
        set["sourcestamps"][0]["repository"],
        "https://example.org/r?x=1&y='2'"
    );
    let props = env.json(&["buildset", "properties", "1"]);
    assert_eq!(props, json!({property.0: [property.1, "bb"]}));
    let table = stdout_of(&mut env.bb(&["buildset", "show", "1"]));
    assert!(table.contains(reason) && table.contains(branch), "{table}");
    let requests = env.json(&[
        "request",
        "list",
        "--claimed-by",
        master,
        "--field",
        "buildername",
    ]);
    assert_eq!(requests, json!([{"buildername": builders[0]}]));
    let requests = env.json(&[
        "request",
        "list",
        "--builder",
        builders[3],
        "--field",
        "buildrequestid",
    ]);
    assert_eq!(requests, json!([{"buildrequestid": 2}]));

    // Filters take them literally: `contains` has no wildcards.
    for (needle, expected) in [
        ("%", vec![builders[2]]),
        ("_", vec![builders[2]]),
        ("\\", vec![builders[2]]),
        ("'", vec![builders[3]]),
        ("ビル", vec![builders[0]]),
        ("🦀", vec![builders[1]]),
    ] {
        let found = env.json(&[
            "builder",
            "list",
            "--filter",
            &format!("name__contains={needle}"),
            "--field",
            "name",
        ]);
        let found: Vec<&str> = found
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["name"].as_str().unwrap())
            .collect();
        assert_eq!(found, expected, "name__contains={needle}");
    }
    let found = env.json(&["master", "list", "--filter", &format!("name={master}")]);
    assert_eq!(found[0]["masterid"], 1);

    // Nothing was dropped or deleted along the way.
    assert_eq!(env.int("SELECT count(*) FROM masters"), 1);
    assert_eq!(env.int("SELECT count(*) FROM builders"), 5);
    assert_eq!(env.int("SELECT count(*) FROM buildsets"), 1);
    assert_eq!(integrity(&env.db), "ok");
}
