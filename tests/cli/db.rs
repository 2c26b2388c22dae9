//! `bb db init` / `bb db info`, choosing the database (--db, BB_DB,
//! ./state.sqlite, sqlite:/// URLs), refusing what is not a Buildbot 4.3
//! database, the error contract, and behaviour under another writer's lock.

use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rusqlite::Connection;
use serde_json::json;

use crate::support::{Engine, Env, T0, bare_bb, create_db, engines, fails, fails_json, stdout_of};

/// Every table, index and trigger definition, sorted: equal lists mean the
/// same schema.
fn schema_of(path: &Path) -> Vec<(String, String, Option<String>)> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
        .unwrap();
    stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn journal_mode(path: &Path) -> String {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap()
}

/// Names of the files in a directory, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A database at `path` holding one master called `name`, so tests can see
/// which database bb picked.
fn db_with_master(path: &Path, name: &str) {
    create_db(path);
    Connection::open(path)
        .unwrap()
        .execute(
            "INSERT INTO masters (name, name_hash, active, last_active) VALUES (?1, ?2, 0, ?3)",
            rusqlite::params![name, crate::support::name_hash(name), T0],
        )
        .unwrap();
}

fn master_names(out: &str) -> Vec<String> {
    let doc: serde_json::Value = serde_json::from_str(out).unwrap();
    doc.as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap().to_string())
        .collect()
}

// --- db init -----------------------------------------------------------------

#[test]
fn init_creates_the_buildbot_schema_in_wal_mode() {
    let env = Env::empty();
    let doc = env.json(&["db", "init"]);
    assert_eq!(doc, json!({"path": env.db_str(), "revision": "067"}));

    let reference = Env::new();
    assert_eq!(schema_of(&env.db), schema_of(&reference.db));
    let tables = env.int("SELECT count(*) FROM sqlite_master WHERE type = 'table'");
    assert_eq!(
        tables,
        reference.int("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
    );
    assert!(tables >= 40, "only {tables} tables");
    assert_eq!(
        env.rows("SELECT version_num FROM alembic_version"),
        json!([["067"]])
    );
    assert_eq!(journal_mode(&env.db), "wal");
    // Nothing but the alembic_version row: the same contents as schema.sql.
    assert_eq!(env.dump(), reference.dump());
}

#[test]
fn init_prints_a_line_for_people() {
    let env = Env::empty();
    let out = stdout_of(&mut env.bb(&["db", "init"]));
    assert!(out.contains("067"), "{out}");
    assert!(out.contains(&env.db_str()), "{out}");
    assert_eq!(out.lines().count(), 1, "{out}");
}

#[test]
fn init_without_db_creates_state_sqlite_in_the_current_directory() {
    let env = Env::empty();
    let out = stdout_of(&mut env.bb_here(&["db", "init", "--json"]));
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc, json!({"path": "state.sqlite", "revision": "067"}));
    assert_eq!(env.int("SELECT count(*) FROM alembic_version"), 1);
    // The new database is immediately usable.
    assert_eq!(env.json(&["master", "list"]), json!([]));
}

#[test]
fn init_follows_bb_db_and_sqlite_urls() {
    let env = Env::empty();
    std::fs::create_dir(env.path("sub")).unwrap();
    stdout_of(
        env.bb_here(&["db", "init"])
            .env("BB_DB", "sqlite:///sub/new.sqlite"),
    );
    assert_eq!(
        schema_of(&env.path("sub/new.sqlite")),
        schema_of(&Env::new().db)
    );
    let abs = env.path("abs.sqlite");
    let url = format!("sqlite:///{}", abs.display());
    stdout_of(&mut env.bb_here(&["db", "init", "--db", &url]));
    assert_eq!(journal_mode(&abs), "wal");
}

engines!(init_refuses_a_database_that_has_tables);
fn init_refuses_a_database_that_has_tables(env: Env) {
    env.add_master(1, "m", true, T0);
    let before = env.dump();
    let message = fails(&mut env.bb(&["db", "init"]), 3);
    assert!(message.contains("tables"), "{message}");
    let doc = fails_json(&mut env.bb(&["db", "init"]), 3);
    assert_eq!(doc["ids"], json!([]));
    assert_eq!(env.dump(), before);
}

#[test]
fn init_refuses_any_table_and_leaves_the_file_as_it_was() {
    let env = Env::empty();
    let conn = Connection::open(&env.db).unwrap();
    conn.execute_batch("CREATE TABLE mine (x); INSERT INTO mine VALUES (42);")
        .unwrap();
    drop(conn);
    let before = env.dump();
    fails(&mut env.bb(&["db", "init"]), 3);
    assert_eq!(env.dump(), before);
    // Not even the journal mode was changed.
    assert_eq!(journal_mode(&env.db), "delete");
}

#[test]
fn init_accepts_an_existing_empty_file() {
    let env = Env::empty();
    std::fs::write(&env.db, b"").unwrap();
    let doc = env.json(&["db", "init"]);
    assert_eq!(doc, json!({"path": env.db_str(), "revision": "067"}));
    assert_eq!(env.dump(), Env::new().dump());
}

#[test]
fn init_with_a_missing_parent_directory_fails_and_leaves_nothing() {
    let env = Env::empty();
    let target = env.path("no/such/dir/state.sqlite");
    let message = fails(
        &mut env.bb_here(&["db", "init", "--db", target.to_str().unwrap()]),
        1,
    );
    assert!(message.contains("no/such/dir"), "{message}");
    assert!(!env.path("no").exists());
    assert_eq!(listing(env.dir.path()), Vec::<String>::new());
}

#[test]
fn init_on_a_directory_or_a_foreign_file_fails() {
    let env = Env::empty();
    std::fs::create_dir(&env.db).unwrap();
    fails(&mut env.bb(&["db", "init"]), 1);
    assert!(env.db.is_dir());

    let text = env.path("notes.txt");
    std::fs::write(&text, "not a database\n").unwrap();
    fails(&mut env.bb_here(&["db", "init", "--db", "notes.txt"]), 1);
    assert_eq!(std::fs::read_to_string(&text).unwrap(), "not a database\n");
}

// --- db info -------------------------------------------------------------------

engines!(info_reports_revision_journal_mode_and_counts);
/// On SQLite the file and its journal mode; on PostgreSQL the database as
/// named without its password, and the server's version.
fn info_reports_revision_journal_mode_and_counts(env: Env) {
    env.add_master(1, "m1", true, T0);
    env.add_master(2, "m2", false, T0);
    env.add_builder(1, "b1");
    env.exec(
        "INSERT INTO buildsets (id, reason, submitted_at, complete, results) VALUES (1, 'r', 1, 0, -1);
         INSERT INTO buildrequests (id, buildsetid, builderid, submitted_at) VALUES (1, 1, 1, 1), (2, 1, 1, 1);
         INSERT INTO buildrequest_claims (brid, masterid, claimed_at) VALUES (1, 1, 1);",
    );
    let before = env.dump();
    let doc = env.json(&["db", "info"]);
    let (mut expected, engine_needle) = match env.engine {
        Engine::Sqlite => (
            json!({"path": env.db_name(), "revision": "067", "buildbot": "4.3", "journal_mode": "wal"}),
            "wal".to_string(),
        ),
        Engine::Postgresql => {
            let version = env.rows("SELECT current_setting('server_version')")[0][0].clone();
            (
                json!({"database": env.db_name(), "revision": "067", "buildbot": "4.3", "server_version": version}),
                env.db_name(),
            )
        }
        // As on PostgreSQL; InnoDB, so no MyISAM warnings.
        Engine::Mysql => {
            let version = env.rows("SELECT VERSION()")[0][0].clone();
            (
                json!({"database": env.db_name(), "revision": "067", "buildbot": "4.3", "server_version": version}),
                env.db_name(),
            )
        }
    };
    expected["counts"] = json!({
        "masters": 2,
        "builders": 1,
        "schedulers": 0,
        "changesources": 0,
        "workers": 0,
        "buildsets": 1,
        "buildrequests": 2,
        "buildrequest_claims": 1,
        "builds": 0,
        "sourcestamps": 0,
        "changes": 0
    });
    assert_eq!(doc, expected);
    assert_eq!(env.dump(), before, "db info must not write");

    let table = stdout_of(&mut env.bb(&["db", "info"]));
    for needle in ["067", &engine_needle, "masters", "buildrequest_claims"] {
        assert!(table.contains(needle), "{needle} missing from:\n{table}");
    }
}

#[test]
fn info_reports_a_rollback_journal_as_it_is() {
    let env = Env::empty();
    let conn = Connection::open(&env.db).unwrap();
    conn.execute_batch(include_str!("../../schema.sql"))
        .unwrap();
    drop(conn);
    let doc = env.json(&["db", "info"]);
    assert_eq!(doc["journal_mode"], "delete");
    assert_eq!(
        journal_mode(&env.db),
        "delete",
        "info must not switch to WAL"
    );
}

// --- choosing the database -----------------------------------------------------

#[test]
fn db_flag_bb_db_and_the_current_directory_are_tried_in_that_order() {
    let env = Env::empty();
    db_with_master(&env.db, "from-cwd");
    db_with_master(&env.path("env.sqlite"), "from-env");
    db_with_master(&env.path("flag.sqlite"), "from-flag");

    let list = |cmd: &mut assert_cmd::Command| master_names(&stdout_of(cmd));
    assert_eq!(
        list(&mut env.bb_here(&["master", "list", "--json"])),
        ["from-cwd"]
    );
    assert_eq!(
        list(
            env.bb_here(&["master", "list", "--json"])
                .env("BB_DB", "env.sqlite")
        ),
        ["from-env"]
    );
    assert_eq!(
        list(
            env.bb_here(&["master", "list", "--json", "--db", "flag.sqlite"])
                .env("BB_DB", "env.sqlite")
        ),
        ["from-flag"]
    );
    // --db before the subcommand works as well.
    assert_eq!(
        list(
            env.bb_here(&["--db", "flag.sqlite", "master", "list", "--json"])
                .env("BB_DB", "env.sqlite")
        ),
        ["from-flag"]
    );
}

#[test]
fn sqlite_urls_relative_and_absolute() {
    let env = Env::empty();
    std::fs::create_dir(env.path("sub")).unwrap();
    db_with_master(&env.path("sub/rel.sqlite"), "relative");
    db_with_master(&env.path("abs.sqlite"), "absolute");

    let out = stdout_of(&mut env.bb_here(&[
        "master",
        "list",
        "--json",
        "--db",
        "sqlite:///sub/rel.sqlite",
    ]));
    assert_eq!(master_names(&out), ["relative"]);

    // Relative to the current directory, not to anything else.
    let out = stdout_of(bare_bb().current_dir(env.path("sub")).args([
        "master",
        "list",
        "--json",
        "--db",
        "sqlite:///rel.sqlite",
    ]));
    assert_eq!(master_names(&out), ["relative"]);

    let abs = env.path("abs.sqlite");
    let url = format!("sqlite:///{}", abs.display());
    assert!(url.starts_with("sqlite:////"), "{url}");
    let out = stdout_of(bare_bb().args(["master", "list", "--json", "--db", &url]));
    assert_eq!(master_names(&out), ["absolute"]);

    let out = stdout_of(
        env.bb_here(&["master", "list", "--json"])
            .env("BB_DB", &url),
    );
    assert_eq!(master_names(&out), ["absolute"]);
}

#[test]
fn other_url_schemes_are_refused_naming_the_scheme() {
    let env = Env::new();
    for (url, scheme) in [
        ("mssql+pyodbc://bb:secret@db/buildbot", "mssql+pyodbc"),
        ("oracle://bb@db/buildbot", "oracle"),
    ] {
        let message = fails(&mut env.bb_here(&["master", "list", "--db", url]), 1);
        assert!(message.contains(scheme), "{url}: {message}");
        assert!(!message.contains("secret"), "{url}: {message}");
        let doc = fails_json(env.bb_here(&["master", "list"]).env("BB_DB", url), 1);
        assert!(doc["message"].as_str().unwrap().contains(scheme), "{doc}");
    }
}

#[test]
fn a_mysql_server_that_says_nothing_is_given_up_on_within_connect_timeout() {
    let env = Env::new();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // Accepts, and says nothing, until the test is over.
    std::thread::spawn(move || {
        let _held: Vec<_> = listener.incoming().collect();
    });
    let url = format!("mysql+pymysql://bb:secret@127.0.0.1:{port}/buildbot?connect_timeout=2");
    let started = Instant::now();
    let message = fails(&mut env.bb_here(&["master", "list", "--db", &url]), 1);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        message,
        format!(
            "no answer from 127.0.0.1:{port} within 2s (connecting as bb; connect_timeout in \
             the URL sets how long to wait)"
        )
    );
    // Nothing listening: unreachable, named without the password.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let url = format!("mysql://bb:secret@127.0.0.1:{port}/buildbot");
    let message = fails(&mut env.bb_here(&["master", "list", "--db", &url]), 1);
    assert!(
        message.starts_with(&format!(
            "cannot reach the MySQL server at 127.0.0.1:{port} (as bb)"
        )),
        "{message}"
    );
    assert!(!message.contains("secret"), "{message}");
}

#[test]
fn a_postgresql_password_is_never_printed() {
    let env = Env::new();
    for url in [
        "postgresql://bb:s3cret-pw@127.0.0.1:1/buildbot",
        "postgresql+psycopg2://bb:s3cret-pw@/buildbot?host=/nowhere",
    ] {
        let out = env
            .bb_here(&["master", "list", "--db", url])
            .output()
            .unwrap();
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("s3cret"), "{url}: {stderr}");
        assert!(stderr.contains("cannot reach"), "{url}: {stderr}");
        assert!(stderr.contains("(as bb)"), "{url}: {stderr}");
    }
}

#[test]
fn a_missing_database_is_not_found_and_not_created() {
    let env = Env::empty();
    let message = fails(&mut env.bb_here(&["master", "list"]), 4);
    assert!(message.contains("state.sqlite"), "{message}");
    fails(
        &mut env.bb_here(&["master", "register", "x", "--db", "gone.sqlite"]),
        4,
    );
    fails(
        env.bb_here(&["master", "list"])
            .env("BB_DB", "sqlite:///gone2.sqlite"),
        4,
    );
    fails(&mut env.bb_here(&["db", "info", "--db", "gone3.sqlite"]), 4);
    let doc = fails_json(&mut env.bb_here(&["builder", "list"]), 4);
    assert_eq!(doc["ids"], json!([]));
    assert_eq!(
        listing(env.dir.path()),
        Vec::<String>::new(),
        "nothing may be created"
    );
}

#[test]
fn a_directory_is_refused() {
    let env = Env::empty();
    std::fs::create_dir(&env.db).unwrap();
    let message = fails(&mut env.bb(&["master", "list"]), 1);
    assert!(message.contains("directory"), "{message}");
    fails_json(&mut env.bb_here(&["master", "list"]), 1);
}

#[test]
fn a_file_that_is_not_sqlite_is_refused() {
    let env = Env::empty();
    std::fs::write(&env.db, "this is a text file, not a database\n".repeat(50)).unwrap();
    let before = std::fs::read(&env.db).unwrap();
    let message = fails(&mut env.bb(&["master", "list"]), 1);
    assert!(
        message.to_lowercase().contains("not a sqlite database"),
        "{message}"
    );
    fails_json(&mut env.bb(&["master", "register", "x"]), 1);
    assert_eq!(std::fs::read(&env.db).unwrap(), before);
    assert_eq!(listing(env.dir.path()), ["state.sqlite"]);
}

#[test]
fn an_empty_file_has_no_buildbot_tables() {
    let env = Env::empty();
    std::fs::write(&env.db, b"").unwrap();
    let message = fails(&mut env.bb(&["master", "list"]), 1);
    assert_eq!(
        message,
        format!(
            "{} has no Buildbot tables: bb db init creates them",
            env.db.display()
        )
    );
    fails(&mut env.bb(&["master", "register", "x"]), 1);
    assert_eq!(
        std::fs::metadata(&env.db).unwrap().len(),
        0,
        "the empty file was written to"
    );
}

#[test]
fn a_sqlite_file_without_alembic_version_is_refused() {
    let env = Env::empty();
    Connection::open(&env.db)
        .unwrap()
        .execute_batch("CREATE TABLE masters (id INTEGER PRIMARY KEY, name TEXT);")
        .unwrap();
    let before = env.dump();
    let message = fails(&mut env.bb(&["master", "list"]), 1);
    assert!(message.contains("alembic_version"), "{message}");
    fails_json(&mut env.bb(&["master", "mark-all-stale"]), 1);
    assert_eq!(env.dump(), before);
}

engines!(an_unsupported_revision_is_refused_naming_it);
fn an_unsupported_revision_is_refused_naming_it(env: Env) {
    env.exec("UPDATE alembic_version SET version_num = '068'");
    env.add_master(1, "m", true, 0);
    let before = env.dump();
    let message = fails(&mut env.bb(&["master", "list"]), 1);
    assert!(message.contains("068"), "{message}");
    assert!(
        message.contains("067"),
        "should say what is supported: {message}"
    );
    let doc = fails_json(&mut env.bb(&["master", "sweep", "--at", "1714564800"]), 1);
    assert!(doc["message"].as_str().unwrap().contains("068"), "{doc}");
    fails(&mut env.bb(&["db", "info"]), 1);
    assert_eq!(env.dump(), before);
}

engines!(global_flags_go_before_or_after_the_subcommand);
fn global_flags_go_before_or_after_the_subcommand(env: Env) {
    env.add_master(1, "m1", true, T0);
    env.add_master(2, "m2", false, T0 - 60);
    let db = env.db_str();
    let before = stdout_of(bare_bb().args(["--json", "--db", &db, "master", "list"]));
    let after = stdout_of(bare_bb().args(["master", "list", "--json", "--db", &db]));
    let between = stdout_of(bare_bb().args(["master", "--db", &db, "list", "--json"]));
    assert_eq!(before, after);
    assert_eq!(before, between);
    let doc: serde_json::Value = serde_json::from_str(&before).unwrap();
    assert_eq!(
        doc,
        json!([
            {"masterid": 1, "name": "m1", "active": true, "last_active": T0},
            {"masterid": 2, "name": "m2", "active": false, "last_active": T0 - 60}
        ])
    );
    let timeout_first =
        stdout_of(bare_bb().args(["--busy-timeout", "1s", "--db", &db, "master", "show", "1"]));
    let timeout_last =
        stdout_of(bare_bb().args(["master", "show", "1", "--db", &db, "--busy-timeout", "1s"]));
    assert_eq!(timeout_first, timeout_last);
    // A bare number is seconds.
    let bare =
        stdout_of(bare_bb().args(["master", "show", "1", "--db", &db, "--busy-timeout", "2"]));
    assert_eq!(bare, timeout_first);
}

// --- another process holding the database ---------------------------------------

/// Hold the write lock on `path` from another connection, as a running
/// master's transaction would, with a row of its own not yet committed.
fn hold_write_lock(path: &Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(
        "BEGIN IMMEDIATE;
         INSERT INTO masters (name, name_hash, active, last_active) VALUES ('uncommitted', 'x', 1, 0);",
    )
    .unwrap();
    conn
}

#[test]
fn writes_give_up_with_busy_past_the_busy_timeout() {
    let env = Env::new();
    env.add_master(1, "m1", true, T0 - 3600);
    env.add_builder(1, "b1");
    let before = env.dump();
    let lock = hold_write_lock(&env.db);

    let at = T0.to_string();
    let writes: &[&[&str]] = &[
        &["master", "register", "new-master", "--at", &at],
        &["master", "activate", "1", "--at", &at],
        &["master", "deactivate", "1", "--at", &at],
        &["master", "sweep", "--at", &at],
        &["master", "mark-all-stale"],
        &["builder", "register", "new-builder"],
    ];
    for args in writes {
        let started = Instant::now();
        let message = fails(env.bb(args).args(["--busy-timeout", "200ms"]), 5);
        let waited = started.elapsed();
        assert!(message.contains("busy"), "{args:?}: {message}");
        assert!(message.contains("retry"), "{args:?}: {message}");
        assert!(message.contains("--busy-timeout"), "{args:?}: {message}");
        assert!(
            waited >= Duration::from_millis(150),
            "{args:?} gave up after {waited:?}"
        );
        assert!(
            waited < Duration::from_secs(4),
            "{args:?} waited {waited:?}"
        );
    }
    let doc = fails_json(
        env.bb(&["master", "register", "x", "--at", &at])
            .args(["--busy-timeout", "100ms"]),
        5,
    );
    assert_eq!(doc["error"], "busy");

    lock.execute_batch("ROLLBACK").unwrap();
    assert_eq!(env.dump(), before, "a busy command must write nothing");
}

#[test]
fn readers_are_not_blocked_by_a_writer() {
    let env = Env::new();
    env.add_master(1, "m1", true, T0 - 3600);
    env.add_builder(1, "b1");
    let lock = hold_write_lock(&env.db);
    let fast = ["--busy-timeout", "100ms"];

    let started = Instant::now();
    let masters = stdout_of(env.bb(&["master", "list", "--json"]).args(fast));
    // The other connection's uncommitted row is not visible.
    assert_eq!(master_names(&masters), ["m1"]);
    stdout_of(env.bb(&["master", "show", "m1"]).args(fast));
    stdout_of(env.bb(&["builder", "list"]).args(fast));
    stdout_of(env.bb(&["db", "info"]).args(fast));
    let dry = stdout_of(
        env.bb(&[
            "master",
            "sweep",
            "--dry-run",
            "--json",
            "--at",
            &T0.to_string(),
        ])
        .args(fast),
    );
    let dry: serde_json::Value = serde_json::from_str(&dry).unwrap();
    assert_eq!(dry["expired"][0]["was_active"], true);
    assert!(started.elapsed() < Duration::from_secs(5));
    lock.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn a_write_waits_for_a_lock_released_within_the_busy_timeout() {
    let env = Env::new();
    let path = env.db.clone();
    let (locked_tx, locked_rx) = mpsc::channel();
    let holder = std::thread::spawn(move || {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "BEGIN IMMEDIATE;
             INSERT INTO masters (id, name, name_hash, active, last_active) VALUES (1, 'first', 'h1', 1, 0);",
        )
        .unwrap();
        locked_tx.send(()).unwrap();
        std::thread::sleep(Duration::from_millis(1000));
        conn.execute_batch("COMMIT").unwrap();
    });
    locked_rx.recv().unwrap();
    let started = Instant::now();
    let doc = env.json(&["master", "register", "second", "--at", &T0.to_string()]);
    let waited = started.elapsed();
    holder.join().unwrap();
    assert!(
        waited >= Duration::from_millis(700),
        "did not wait: {waited:?}"
    );
    assert_eq!(
        doc,
        json!({
            "master": {"masterid": 2, "name": "second", "active": false, "last_active": T0},
            "changed": true,
            "housekeeping": null
        })
    );
    assert_eq!(
        env.rows("SELECT id, name FROM masters ORDER BY id"),
        json!([[1, "first"], [2, "second"]])
    );
}

// --- errors and usage -------------------------------------------------------------

#[test]
fn usage_errors_come_before_opening_the_database() {
    let env = Env::empty();
    let missing = env.path("missing.sqlite");
    let missing = missing.to_str().unwrap();
    let cases: &[&[&str]] = &[
        &["master", "activate", "1", "--at", "yesterday"],
        &["master", "activate", "1", "--at", "2024-05-01T12:00:00"],
        &["master", "sweep", "--expire-after", "10x"],
        &["master", "sweep", "--expire-after", "-5m"],
        &["master", "list", "--busy-timeout", "soon"],
        &["master", "show", "0"],
        &["master", "show", "--", "-1"],
        &["master", "show", "-1"],
        &["master", "show", "99999999999999999999"],
        &["master", "activate", "-0"],
        &["master", "deactivate", "9223372036854775808"],
        &["master", "show", ""],
        &["master", "show"],
        &["master", "frobnicate"],
        &["frobnicate"],
        &["master", "list", "--active", "--inactive"],
        &["master", "list", "--no-such-flag"],
        &["completions", "tcsh"],
    ];
    for args in cases {
        let message = fails(
            bare_bb()
                .current_dir(env.dir.path())
                .args(["--db", missing])
                .args(*args),
            2,
        );
        assert!(!message.is_empty(), "{args:?}");
        fails_json(
            bare_bb()
                .current_dir(env.dir.path())
                .args(["--db", missing])
                .args(*args),
            2,
        );
    }
    assert_eq!(listing(env.dir.path()), Vec::<String>::new());
}

engines!(errors_are_one_line_and_json_errors_name_the_ids);
fn errors_are_one_line_and_json_errors_name_the_ids(env: Env) {
    let message = fails(&mut env.bb(&["master", "show", "42"]), 4);
    assert!(message.contains("42"), "{message}");
    let doc = fails_json(&mut env.bb(&["master", "show", "42"]), 4);
    assert_eq!(
        doc,
        json!({"error": "not_found", "message": message, "ids": [42]})
    );
}

#[test]
fn help_and_version_succeed() {
    let out = stdout_of(bare_bb().arg("--help"));
    for noun in ["db", "master", "builder", "completions"] {
        assert!(out.contains(noun), "{noun} missing from --help:\n{out}");
    }
    let version = stdout_of(bare_bb().arg("--version"));
    assert!(version.starts_with("bb "), "{version}");
}
