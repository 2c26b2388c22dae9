//! What only PostgreSQL has: opening (URL forms, libpq's environment,
//! passwords, TLS, the errors of each), `bb db init` making exactly the
//! schema Buildbot makes, and transactions beside other processes
//! (concurrent claims, held locks, a killed connection). The commands
//! themselves, and the races every engine must win (request.rs), run on
//! every engine in the other modules.

use std::process::{Child, Command as StdCommand, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::pg::{self, PgDb};
use crate::support::{
    bb_on as bb, bb_waiting, brids_of, fails, fails_json, fails_saying, fails_within,
    json_on as json, listener, outcome, run_bounded, run_ok, silence_is_bounded_by_connect_timeout,
};

/// A fresh database with Buildbot's schema made by `bb db init`.
fn initialised() -> PgDb {
    let db = pg::fresh_db();
    json(&db.url(), &["db", "init"]);
    db
}

/// Everything in the tables bb writes, as text: equal before and after
/// means nothing was written.
fn contents(db: &PgDb) -> String {
    let tables = [
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
        "changes",
        "objects",
        "object_state",
    ];
    tables
        .iter()
        .map(|t| {
            format!(
                "-- {t}\n{}\n",
                db.psql(&format!("SELECT * FROM {t} ORDER BY 1, 2"))
            )
        })
        .collect()
}

// --- opening ------------------------------------------------------------------------

#[test]
fn db_init_makes_the_schema_buildbot_create_master_makes() {
    let ours = initialised();
    let theirs = pg::buildbot_db();
    assert_eq!(ours.catalog(), theirs.catalog());
    assert_eq!(ours.psql("SELECT version_num FROM alembic_version"), "067");
    // The tables belong to the role that made them, as Buildbot's do.
    assert_eq!(
        ours.psql("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"),
        pg::USER
    );
    // A database that has tables is refused, and left as it is.
    let before = ours.catalog();
    let message = fails(&mut bb(&ours.url(), &["db", "init"]), 3);
    assert!(message.contains("already has"), "{message}");
    assert!(!message.contains(pg::PASSWORD), "{message}");
    assert_eq!(ours.catalog(), before);
    // bb reads what Buildbot made.
    let info = json(&theirs.url(), &["db", "info"]);
    assert_eq!(info["database"], theirs.display_url());
    assert_eq!(info["revision"], "067");
    assert!(info["server_version"].is_string(), "{info}");
}

#[test]
fn every_url_form_and_libpq_fallback_reaches_the_same_database() {
    let db = initialised();
    json(
        &db.url(),
        &["master", "register", "m1", "--at", "1714564800"],
    );
    let names = |out: Value| -> Vec<String> {
        out.as_array()
            .unwrap()
            .iter()
            .map(|m| m["name"].as_str().unwrap().to_string())
            .collect()
    };
    let port = db.port.to_string();
    let socket = db.socket_dir.display().to_string();
    let forms = [
        db.url(),
        format!(
            "postgres://{}:{}@127.0.0.1:{port}/{}",
            db.user, db.password, db.dbname
        ),
        format!(
            "postgresql+psycopg2://{}:{}@127.0.0.1:{port}/{}?client_encoding=utf8",
            db.user, db.password, db.dbname
        ),
        format!(
            "postgresql+pg8000://{}:{}@127.0.0.1:{port}/{}",
            db.user, db.password, db.dbname
        ),
        db.socket_url_as(pg::USER),
        db.tls_url("require"),
        db.tls_url("verify-ca"),
        db.tls_url("verify-full"),
    ];
    for url in &forms {
        assert_eq!(names(json(url, &["master", "list"])), ["m1"], "{url}");
    }
    // What the URL leaves out comes from libpq's environment.
    run_ok(
        bb(
            &format!("postgresql:///{}", db.dbname),
            &["master", "list", "--json"],
        )
        .env("PGHOST", "127.0.0.1")
        .env("PGPORT", &port)
        .env("PGUSER", pg::USER)
        .env("PGPASSWORD", pg::PASSWORD),
    );
    run_ok(
        bb(
            &format!("postgresql://{}@/{}?host={socket}", pg::USER, db.dbname),
            &["master", "list"],
        )
        .env("PGPORT", &port),
    );
    // The password file, as libpq reads it (and ignores it when others can).
    let dir = tempfile::tempdir().unwrap();
    let pgpass = dir.path().join("pgpass");
    std::fs::write(
        &pgpass,
        format!("127.0.0.1:{port}:*:{}:{}\n", pg::USER, pg::PASSWORD),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let no_password = format!("postgresql://{}@127.0.0.1:{port}/{}", pg::USER, db.dbname);
    run_ok(bb(&no_password, &["master", "list"]).env("PGPASSFILE", &pgpass));
    // Readable by others: ignored, saying so first (as libpq), then the
    // login it would have given fails.
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = bb(&no_password, &["master", "list"])
        .env("PGPASSFILE", &pgpass)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[0],
        format!(
            "warning: password file \"{}\" has group or world access, so it is ignored; \
             permissions should be u=rw (0600) or less",
            pgpass.display()
        ),
        "{stderr}"
    );
    assert!(lines[1].starts_with("error: "), "{stderr}");
    assert!(lines[1].contains("refused the login of bb_pw"), "{stderr}");
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(!stderr.contains(pg::PASSWORD), "{stderr}");
    // Not read when the URL has the password: nothing to warn about.
    let (_, stderr) = run_ok(bb(&db.url(), &["master", "list"]).env("PGPASSFILE", &pgpass));
    assert_eq!(stderr, "");
}

#[test]
fn opening_failures_say_which_where_and_as_whom_and_never_the_password() {
    let db = initialised();
    let port = db.port;
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let wrong = format!(
        "postgresql://{}:wr0ng-pw@127.0.0.1:{port}/{}",
        pg::USER,
        db.dbname
    );
    let cases: Vec<(String, i32, Vec<String>)> = vec![
        (
            format!(
                "postgresql://{}:{}@127.0.0.1:{closed}/{}",
                pg::USER,
                pg::PASSWORD,
                db.dbname
            ),
            1,
            vec![format!(
                "cannot reach the PostgreSQL server at 127.0.0.1:{closed} (as bb_pw)"
            )],
        ),
        (
            wrong.clone(),
            1,
            vec![format!("127.0.0.1:{port} refused the login of bb_pw")],
        ),
        (
            format!(
                "postgresql://{}:{}@127.0.0.1:{port}/no_such_db",
                pg::USER,
                pg::PASSWORD
            ),
            4,
            vec![format!(
                "database no_such_db does not exist on 127.0.0.1:{port}"
            )],
        ),
        // The certificate names localhost, not 127.0.0.1.
        (
            format!(
                "postgresql://{}:{}@127.0.0.1:{port}/{}?sslmode=verify-full&sslrootcert={}",
                pg::USER,
                pg::PASSWORD,
                db.dbname,
                db.ca_cert.display()
            ),
            1,
            vec![
                "TLS handshake".to_string(),
                format!("127.0.0.1:{port} (as bb_pw)"),
                "the server's certificate is not valid for 127.0.0.1 (it is for localhost)"
                    .to_string(),
            ],
        ),
        // A CA that signed nothing of this server's.
        (
            format!(
                "postgresql://{}:{}@localhost:{port}/{}?sslmode=verify-ca&sslrootcert={}",
                pg::USER,
                pg::PASSWORD,
                db.dbname,
                pg::server().other_ca_cert.display()
            ),
            1,
            vec![
                "TLS handshake".to_string(),
                format!(
                    "the server's certificate is not signed by a CA in {}",
                    pg::server().other_ca_cert.display()
                ),
            ],
        ),
    ];
    for (url, code, says) in &cases {
        let says: Vec<&str> = says.iter().map(String::as_str).collect();
        fails_saying(
            || bb(url, &["master", "list"]),
            *code,
            &says,
            &[pg::PASSWORD, "wr0ng"],
        );
    }
    // Nor with --notify-like detours: db info, writes, and the table form.
    let out = bb(&wrong, &["db", "info"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("wr0ng"));
    let out = bb(&db.url(), &["db", "info"]).output().unwrap();
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(!printed.contains(pg::PASSWORD), "{printed}");
    assert!(printed.contains(&db.display_url()), "{printed}");
}

/// Read what a client sends first (PostgreSQL's SSLRequest or startup
/// message: a length, then that many bytes less four).
fn read_request(stream: &mut std::net::TcpStream) {
    use std::io::Read;
    let mut length = [0u8; 4];
    if stream.read_exact(&mut length).is_ok() {
        let mut rest = vec![0u8; (u32::from_be_bytes(length) as usize).saturating_sub(4)];
        let _ = stream.read_exact(&mut rest);
    }
}

#[test]
fn a_port_that_takes_the_connection_and_says_nothing_is_exit_1_within_connect_timeout() {
    let silent = silence_is_bounded_by_connect_timeout(
        &["prefer", "disable", "require"],
        |port, sslmode| {
            format!(
                "postgresql://bb_pw:{}@127.0.0.1:{port}/db?connect_timeout=2&sslmode={sslmode}",
                pg::PASSWORD
            )
        },
    );
    // The default bound is 10 s; `connect_timeout=1` is libpq's minimum, 2.
    let url = format!("postgresql://bb_pw@127.0.0.1:{silent}/db?connect_timeout=1");
    let (code, _, stderr, took) = run_bounded(&url, &["master", "list"], Duration::from_secs(20));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("within 2s"), "{stderr}");
    assert!(took < Duration::from_secs(6), "exited after {took:?}");
}

#[test]
fn another_service_on_the_port_is_named_as_not_postgresql() {
    use std::io::Write;
    // A web server: reads the request, answers in HTTP and hangs up.
    let http = listener(|mut stream| {
        read_request(&mut stream);
        let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    });
    // An SSH server: speaks first, then waits for a banner that never comes.
    let ssh = listener(|mut stream| {
        let _ = stream.write_all(b"SSH-2.0-OpenSSH_9.6\r\n");
        thread::sleep(Duration::from_secs(120));
    });
    // Something that hangs up without a word.
    let mute = listener(|mut stream| {
        read_request(&mut stream);
    });
    let cases = [
        (http, "prefer", "its answer begins \"HTTP/1.1 400 Bad\""),
        (http, "disable", "its answer begins \"HTTP/1.1 400 Bad\""),
        (ssh, "prefer", "its answer begins \"SSH-2.0-OpenSSH_\""),
        // Asked without TLS, the SSH server's banner reads as the start of
        // a long PostgreSQL message; the wait ends at connect_timeout.
        (ssh, "disable", "its answer begins \"SSH-2.0-OpenSSH_\""),
        (
            mute,
            "prefer",
            "it took the connection and closed it without a word",
        ),
        (
            mute,
            "disable",
            "it took the connection and closed it without a word",
        ),
    ];
    for (port, sslmode, says) in cases {
        let url = format!(
            "postgresql://bb_pw:{}@127.0.0.1:{port}/db?connect_timeout=2&sslmode={sslmode}",
            pg::PASSWORD
        );
        // Bounded: past six seconds, bb is killed and the test fails.
        fails_within(
            &url,
            &["master", "list"],
            Duration::from_secs(6),
            &format!("something other than PostgreSQL answers on 127.0.0.1:{port}: {says}"),
        );
    }
}

#[test]
fn sslmode_require_against_a_server_without_tls_says_so() {
    use std::io::Write;
    // What a PostgreSQL server without TLS does with an SSLRequest: 'N'
    // (then it would wait for the startup message without TLS).
    let plain = listener(|mut stream| {
        read_request(&mut stream);
        let _ = stream.write_all(b"N");
        read_request(&mut stream);
    });
    for sslmode in ["require", "verify-ca", "verify-full"] {
        let db = pg::server();
        let url = format!(
            "postgresql://bb_pw:{}@localhost:{plain}/db?sslmode={sslmode}&sslrootcert={}",
            pg::PASSWORD,
            db.ca_cert.display()
        );
        let says = format!(
            "the server does not support TLS: the PostgreSQL server at localhost:{plain} \
             (as bb_pw) answers without it, and sslmode={sslmode} asks for it"
        );
        fails_saying(
            || bb(&url, &["master", "list"]),
            1,
            &[&says],
            &[pg::PASSWORD],
        );
    }
}

#[test]
fn an_unsupported_revision_or_a_foreign_database_is_refused() {
    let db = initialised();
    db.psql("UPDATE alembic_version SET version_num = '045'");
    let message = fails(&mut bb(&db.url(), &["master", "list"]), 1);
    assert!(message.contains("'045'"), "{message}");
    // An empty database: what makes it Buildbot's is `bb db init`.
    let empty = pg::fresh_db();
    let message = fails(&mut bb(&empty.url(), &["master", "list"]), 1);
    assert_eq!(
        message,
        format!(
            "{} has no Buildbot tables: bb db init creates them",
            empty.display_url()
        )
    );
    // One with tables, none of them Buildbot's bookkeeping, is another
    // application's.
    empty.psql("CREATE TABLE accounts (id integer)");
    let message = fails(&mut bb(&empty.url(), &["master", "list"]), 1);
    assert!(
        message.contains("no alembic_version table, so it is not a Buildbot master database"),
        "{message}"
    );
    assert!(message.contains("master.cfg"), "{message}");
}

#[test]
fn times_past_32_bits_are_usage_errors_before_the_database_is_opened() {
    let db = initialised();
    let before = contents(&db);
    for args in [
        &["master", "register", "m", "--at", "2038-01-19T03:14:08Z"][..],
        &["master", "activate", "m", "--at=4102444800"],
        &[
            "buildset",
            "add",
            "--reason",
            "r",
            "--builder",
            "b",
            "--at=-2147483649",
        ],
    ] {
        let message = fails(&mut bb(&db.url(), args), 2);
        assert!(message.contains("32-bit"), "{args:?}: {message}");
    }
    // Not even a wrong URL is reached.
    fails(
        &mut bb(
            "postgresql://nobody@127.0.0.1:1/x",
            &["master", "register", "m", "--at", "4102444800"],
        ),
        2,
    );
    assert_eq!(contents(&db), before);
    // The last second that fits is fine (ahead of the clock: --force).
    json(
        &db.url(),
        &[
            "master",
            "register",
            "m",
            "--at",
            "2038-01-19T03:14:07Z",
            "--force",
        ],
    );
}

#[test]
fn ids_past_32_bits_are_not_found() {
    let db = initialised();
    for args in [
        &["request", "show", "2147483648"][..],
        &["buildset", "show", "4294967296"],
        &["master", "show", "9223372036854775807"],
        &["request", "complete", "2147483648", "--results", "success"],
    ] {
        let err = fails_json(&mut bb(&db.url(), args), 4);
        assert!(
            err["ids"].as_array().is_some_and(|ids| !ids.is_empty()),
            "{args:?}: {err}"
        );
    }
}

// --- beside other processes ---------------------------------------------------------

/// A buildset with `n` requests on builder `b1`, master `m1` registered;
/// returns the request ids.
fn buildset_with_requests(db: &PgDb, n: usize) -> Vec<i64> {
    json(
        &db.url(),
        &["master", "register", "m1", "--at", "1714564800"],
    );
    let mut args = vec![
        "buildset",
        "add",
        "--reason",
        "r",
        "--create-builders",
        "--at",
        "1714564800",
    ];
    let names: Vec<String> = (0..n).map(|i| format!("b{i}")).collect();
    for name in &names {
        args.extend(["--builder", name.as_str()]);
    }
    brids_of(&json(&db.url(), &args))
}

/// A psql session holding a lock on a database until dropped.
struct Held<'a> {
    db: &'a PgDb,
    child: Child,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        // Ending the client is not enough: its backend would sleep on,
        // holding the lock. End the backend.
        let _ = self.db.try_psql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND query LIKE '%pg_sleep(60)%' \
             AND pid <> pg_backend_pid()",
        );
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A psql session holding `lock` on `db` until the value is dropped.
fn hold_lock<'a>(db: &'a PgDb, lock: &str) -> Held<'a> {
    let mut cmd = db.server.client("psql");
    cmd.args(["-X", "-q", "-h"])
        .arg(&db.server.socket_dir)
        .args([
            "-p",
            &db.port.to_string(),
            "-U",
            pg::SUPERUSER,
            "-d",
            &db.dbname,
        ])
        .args(["-c", &format!("BEGIN; {lock}; SELECT pg_sleep(60);")])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let child = cmd.spawn().unwrap();
    let started = Instant::now();
    while db.psql(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() \
         AND query LIKE '%pg_sleep(60)%' AND state = 'active' AND pid <> pg_backend_pid()",
    ) == "0"
    {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the lock was not taken"
        );
        thread::sleep(Duration::from_millis(50));
    }
    Held { db, child }
}

#[test]
fn a_lock_held_past_the_busy_timeout_is_exit_5_and_nothing_is_written() {
    let db = initialised();
    let brids = buildset_with_requests(&db, 1);
    let before = contents(&db);
    let holder = hold_lock(
        &db,
        "LOCK TABLE buildrequest_claims IN ACCESS EXCLUSIVE MODE",
    );
    let started = Instant::now();
    let message = fails(
        &mut bb(
            &db.url(),
            &[
                "--busy-timeout",
                "700ms",
                "--master",
                "m1",
                "request",
                "claim",
                &brids[0].to_string(),
            ],
        ),
        5,
    );
    let waited = started.elapsed();
    assert!(message.contains("--busy-timeout"), "{message}");
    assert!(
        waited >= Duration::from_millis(600),
        "gave up after {waited:?}"
    );
    assert!(waited < Duration::from_secs(10), "waited {waited:?}");
    drop(holder);
    assert_eq!(contents(&db), before);
    // Once the lock is gone, the same command goes through.
    let claimed = json(
        &db.url(),
        &["--master", "m1", "request", "claim", &brids[0].to_string()],
    );
    assert_eq!(claimed[0]["claimed"], true);
}

#[test]
fn a_connection_killed_mid_command_leaves_nothing_half_written() {
    let db = initialised();
    let brids = buildset_with_requests(&db, 3);
    let before = contents(&db);
    // bb waits for this lock inside its transaction, after its first
    // statements; its backend is terminated while it waits.
    let holder = hold_lock(&db, "LOCK TABLE buildrequests IN ACCESS EXCLUSIVE MODE");
    let mut cmd = StdCommand::new(env!("CARGO_BIN_EXE_bb"));
    cmd.args([
        "--db",
        &db.url(),
        "--master",
        "m1",
        "--busy-timeout",
        "30s",
        "request",
        "claim",
    ])
    .args(brids.iter().map(i64::to_string))
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let child = cmd.spawn().unwrap();
    let started = Instant::now();
    loop {
        let killed = db.psql(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
             WHERE datname = current_database() AND application_name = 'bb' \
             AND wait_event_type = 'Lock'",
        );
        if killed != "0" {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "bb never waited for the lock"
        );
        thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("nothing was committed"), "{stderr}");
    drop(holder);
    assert_eq!(contents(&db), before);
}

/// A session of a running master's, as the superuser over the socket: it
/// writes as Buildbot does, in transactions bb cannot see until they commit.
fn master_session(db: &PgDb) -> postgres::Client {
    postgres::Config::new()
        .host_path(&db.socket_dir)
        .port(db.port)
        .user(pg::SUPERUSER)
        .dbname(&db.dbname)
        .connect(postgres::NoTls)
        .unwrap()
}

/// `bb ARGS` started, once it waits for a lock (the row another session
/// has written and not yet committed).
fn bb_waiting_for_a_lock(db: &PgDb, args: &[&str]) -> Child {
    bb_waiting(&db.url(), args, || {
        db.psql(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() \
             AND application_name = 'bb' AND wait_event_type = 'Lock'",
        ) != "0"
    })
}

#[test]
fn a_claim_that_lost_the_race_to_a_running_master_reads_like_one_that_came_after() {
    let db = initialised();
    let brids = buildset_with_requests(&db, 2);
    let brid = brids[0];
    json(
        &db.url(),
        &["master", "register", "running", "--at", "1714564800"],
    );
    let running: i64 = db
        .psql("SELECT id FROM masters WHERE name = 'running'")
        .parse()
        .unwrap();
    let before = contents(&db);
    // The running master claims the first request, and has not committed
    // when bb comes to claim both.
    let mut session = master_session(&db);
    let mut tx = session.transaction().unwrap();
    tx.execute(
        "INSERT INTO buildrequest_claims (brid, masterid, claimed_at) VALUES ($1, $2, 1714600000)",
        &[&(brid as i32), &(running as i32)],
    )
    .unwrap();
    let child = bb_waiting_for_a_lock(
        &db,
        &[
            "--master",
            "m1",
            "request",
            "claim",
            &brid.to_string(),
            &brids[1].to_string(),
        ],
    );
    tx.commit().unwrap();
    let (code, stdout, error) = outcome(child);
    // Exactly what bb says when it runs after that claim.
    assert_eq!((code, stdout.as_str()), (Some(3), ""), "{error}");
    assert_eq!(error["ids"], json!([brid]), "{error}");
    assert_eq!(
        error["holders"],
        json!({brid.to_string(): running}),
        "{error}"
    );
    let after_the_fact = fails_json(
        &mut bb(
            &db.url(),
            &[
                "--master",
                "m1",
                "request",
                "claim",
                &brid.to_string(),
                &brids[1].to_string(),
            ],
        ),
        3,
    );
    assert_eq!(error, after_the_fact);
    // Nothing of bb's: the running master's claim alone was added.
    let claims = db.psql("SELECT brid, masterid FROM buildrequest_claims");
    assert_eq!(claims, format!("{brid}|{running}"));
    db.psql("DELETE FROM buildrequest_claims");
    assert_eq!(contents(&db), before);
}

#[test]
fn a_change_source_claim_that_lost_the_race_reads_like_one_that_came_after() {
    let db = initialised();
    for name in ["m1", "running"] {
        json(
            &db.url(),
            &["master", "register", name, "--at", "1714564800"],
        );
    }
    json(
        &db.url(),
        &["master", "activate", "running", "--at", "1714564800"],
    );
    let registered = json(&db.url(), &["changesource", "register", "poller"]);
    let csid = registered["changesourceid"]
        .as_i64()
        .or_else(|| registered["id"].as_i64())
        .unwrap_or_else(|| panic!("{registered}"));
    let running: i64 = db
        .psql("SELECT id FROM masters WHERE name = 'running'")
        .parse()
        .unwrap();
    let mut session = master_session(&db);
    let mut tx = session.transaction().unwrap();
    tx.execute(
        "INSERT INTO changesource_masters (changesourceid, masterid) VALUES ($1, $2)",
        &[&(csid as i32), &(running as i32)],
    )
    .unwrap();
    let child = bb_waiting_for_a_lock(
        &db,
        &[
            "--master",
            "m1",
            "changesource",
            "claim",
            &csid.to_string(),
            "--at",
            "1714564860",
        ],
    );
    tx.commit().unwrap();
    let (code, stdout, error) = outcome(child);
    assert_eq!((code, stdout.as_str()), (Some(3), ""), "{error}");
    assert_eq!(error["ids"], json!([csid]), "{error}");
    assert_eq!(
        error["holders"],
        json!({csid.to_string(): running}),
        "{error}"
    );
    assert_eq!(
        db.psql("SELECT changesourceid, masterid FROM changesource_masters"),
        format!("{csid}|{running}")
    );
}

// --- round trips ----------------------------------------------------------------------

/// Round trips after the login, per command, counted by a proxy between bb
/// and the server (the README's table): at most 4 for a read and 6 for a
/// write, with 1 id as with 100 (and the buildsets, masters, claims and
/// builds those ids bring), as JSON and for people (a label ending in
/// "(for people)"). `BB_TRIPS_BB=PATH` counts another bb (without
/// asserting); `--nocapture` prints the table.
#[test]
fn round_trips_are_few_and_do_not_grow_with_the_ids() {
    let db = initialised();
    let url = db.url();
    json(&url, &["master", "register", "m1", "--at", "1714564800"]);
    json(&url, &["master", "activate", "m1", "--at", "1714564800"]);
    let many = buildset_with_requests(&db, 100);
    let bs_many = json(&url, &["request", "show", &many[0].to_string()])["buildsetid"]
        .as_i64()
        .unwrap()
        .to_string();
    let add = |builder: &str| {
        let added = json(
            &url,
            &[
                "buildset",
                "add",
                "--reason",
                "r",
                "--builder",
                builder,
                "--at",
                "1714564800",
            ],
        );
        let brid = added["brids"].as_object().unwrap().values().next().unwrap();
        (
            added["bsid"].as_i64().unwrap().to_string(),
            brid.to_string(),
        )
    };
    let (bsid, brid) = add("b0");
    let (third, _) = add("b2");
    // Masters that die holding work: d1-d3 (a sweep's), dm1 and dm2
    // (deactivated), active until 1714600000.
    for name in ["d1", "d2", "d3", "dm1", "dm2"] {
        json(&url, &["master", "register", name, "--at", "1714600000"]);
        json(&url, &["master", "activate", name, "--at", "1714600000"]);
    }
    db.psql(&format!(
        "
        -- 100 buildsets of one request each, on b1 (101 requests there).
        WITH bs AS (INSERT INTO buildsets (reason, submitted_at, complete, results)
                    SELECT 'spread', 1714564800, 0, -1 FROM generate_series(1, 100) RETURNING id)
        INSERT INTO buildrequests (buildsetid, builderid, priority, complete, results, submitted_at, waited_for)
            SELECT id, (SELECT id FROM builders WHERE name = 'b1'), 0, 0, -1, 1714564800, 0 FROM bs;
        -- The 100-request buildset gets properties and a second sourcestamp.
        INSERT INTO buildset_properties (buildsetid, property_name, property_value)
            VALUES ({bs_many}, 'a', '[1, \"t\"]'), ({bs_many}, 'b', '[\"x\", \"t\"]'),
                   ({bs_many}, 'c', '[null, \"t\"]');
        INSERT INTO sourcestamps (ss_hash, branch, revision, repository, codebase, project, created_at)
            VALUES ('round-trips', 'main', 'abc', 'r', '', 'p', 1714564800);
        INSERT INTO buildset_sourcestamps (buildsetid, sourcestampid)
            SELECT {bs_many}, id FROM sourcestamps WHERE ss_hash = 'round-trips';
        -- A pool of 500 requests on b50-b99, the last 100 complete: claims
        -- of d1-d3 (100 each), dm1 (1), dm2 (99), and d1's history.
        WITH bs AS (INSERT INTO buildsets (reason, submitted_at, complete, results)
                    VALUES ('pool', 1714564800, 0, -1) RETURNING id)
        INSERT INTO buildrequests (buildsetid, builderid, priority, complete, results, submitted_at, waited_for)
            SELECT bs.id, (SELECT id FROM builders WHERE name = 'b' || (50 + i % 50)), 0,
                   CASE WHEN i > 400 THEN 1 ELSE 0 END, -1, 1714564800, 0
            FROM bs, generate_series(1, 500) AS i ORDER BY i;
        CREATE TEMP TABLE pool AS
            SELECT br.id, row_number() OVER (ORDER BY br.id) AS n FROM buildrequests AS br
            JOIN buildsets AS bs ON bs.id = br.buildsetid WHERE bs.reason = 'pool';
        INSERT INTO buildrequest_claims (brid, masterid, claimed_at)
            SELECT pool.id, m.id, 1714599000 FROM pool JOIN masters AS m ON m.name =
                CASE WHEN n <= 100 THEN 'd1' WHEN n <= 200 THEN 'd2' WHEN n <= 300 THEN 'd3'
                     WHEN n = 301 THEN 'dm1' WHEN n <= 400 THEN 'dm2' ELSE 'd1' END;
        -- Running builds: 30 of each of d1-d3's, 10 of dm2's, with a
        -- finished step, a running one with an open log, and one to come.
        INSERT INTO builds (number, builderid, buildrequestid, workerid, masterid, started_at,
                            complete_at, locks_duration_s, state_string, results)
            SELECT pool.n, br.builderid, br.id, NULL, c.masterid, 1714599000, NULL, 0, 'building', NULL
            FROM pool JOIN buildrequests AS br ON br.id = pool.id
            JOIN buildrequest_claims AS c ON c.brid = pool.id
            WHERE (pool.n <= 300 AND pool.n % 100 BETWEEN 1 AND 30) OR pool.n BETWEEN 302 AND 311;
        INSERT INTO steps (number, name, buildid, started_at, complete_at, state_string, results, urls_json, hidden)
            SELECT s, 'step' || s, b.id, 1714599000, CASE WHEN s = 0 THEN 1714599010 END, 'x',
                   CASE WHEN s = 0 THEN 0 END, '[]', 0
            FROM builds AS b, generate_series(0, 2) AS s;
        INSERT INTO logs (name, slug, stepid, complete, num_lines, type)
            SELECT 'stdio', 'stdio', id, 0, 10, 's' FROM steps WHERE number = 1;
        "
    ));
    let spread: Vec<String> = db
        .psql(
            "SELECT br.id FROM buildrequests AS br JOIN buildsets AS bs ON bs.id = br.buildsetid \
             WHERE bs.reason = 'spread' ORDER BY br.id",
        )
        .split_whitespace()
        .map(str::to_string)
        .collect();
    assert_eq!(spread.len(), 100, "{spread:?}");
    let hundred: Vec<String> = many.iter().map(i64::to_string).collect();
    let builders: Vec<String> = (0..100).map(|i| format!("b{i}")).collect();

    let proxy = pg::TripCounter::start();
    let through = proxy.url(&db);
    let other = std::env::var_os("BB_TRIPS_BB");
    let with = |first: &[&str], ids: &[String]| -> Vec<String> {
        first
            .iter()
            .map(|s| s.to_string())
            .chain(ids.iter().cloned())
            .collect()
    };
    let mut add_100 = vec!["buildset", "add", "--reason", "r", "--at", "1714564800"];
    for name in &builders {
        add_100.extend(["--builder", name.as_str()]);
    }
    let add_100: Vec<String> = add_100.iter().map(|s| s.to_string()).collect();
    // Everything new at once: builders, sourcestamps, properties.
    let mut add_new = add_100.clone();
    add_new.extend(
        [
            "--create-builders",
            "--builder",
            "new1",
            "--builder",
            "new2",
            "--sourcestamp",
            "branch=main,revision=r1,repository=x,project=p,codebase=c1",
            "--sourcestamp",
            "branch=main,revision=r2,repository=y,project=p,codebase=c2",
            "--property",
            "a=1",
            "--property",
            "b=\"two\"",
            "--property",
            "c=[3]",
        ]
        .map(str::to_string),
    );
    let at = vec!["--at".to_string(), "1714600000".to_string()];
    let claim = |ids: &[String]| {
        with(
            &["--master", "m1", "request", "claim", "--at", "1714600000"],
            ids,
        )
    };
    let complete = |ids: &[String]| {
        with(
            &[
                "request",
                "complete",
                "--results",
                "success",
                "--at",
                "1714600000",
            ],
            ids,
        )
    };
    let list = |builder: &str| {
        with(
            &[
                "request",
                "list",
                "--unclaimed",
                "--builder",
                builder,
                "--limit",
                "50",
            ],
            &[],
        )
    };
    // (label, write, arguments), in an order each command can run in.
    let commands: Vec<(&str, bool, Vec<String>)> = vec![
        ("db info", false, with(&["db", "info"], &[])),
        ("master list", false, with(&["master", "list"], &[])),
        ("master show", false, with(&["master", "show", "m1"], &[])),
        ("builder list", false, with(&["builder", "list"], &[])),
        (
            "buildset show (1 request)",
            false,
            with(&["buildset", "show", &bsid], &[]),
        ),
        (
            "buildset show (100 requests, 2 sourcestamps, 3 properties)",
            false,
            with(&["buildset", "show", &bs_many], &[]),
        ),
        ("buildset list", false, with(&["buildset", "list"], &[])),
        (
            "buildset recent --count 20",
            false,
            with(&["buildset", "recent", "--count", "20"], &[]),
        ),
        (
            "request show",
            false,
            with(&["request", "show", &brid], &[]),
        ),
        (
            "request list --unclaimed --builder X --limit 50 (1 request)",
            false,
            list("b3"),
        ),
        (
            "request list --unclaimed --builder X --limit 50 (101 requests)",
            false,
            list("b1"),
        ),
        ("request list", false, with(&["request", "list"], &[])),
        (
            "request list --builder X --claimed-by M (for people)",
            false,
            with(
                &["request", "list", "--builder", "b51", "--claimed-by", "d1"],
                &[],
            ),
        ),
        (
            "changesource list",
            false,
            with(&["changesource", "list"], &[]),
        ),
        ("change list", false, with(&["change", "list"], &[])),
        (
            "master register",
            true,
            with(&["master", "register", "m2"], &at),
        ),
        (
            "master activate",
            true,
            with(&["master", "activate", "m2"], &at),
        ),
        (
            "builder register",
            true,
            with(&["builder", "register", "x"], &[]),
        ),
        (
            "buildset add (1 builder)",
            true,
            with(
                &["buildset", "add", "--reason", "r", "--builder", "b1"],
                &at,
            ),
        ),
        ("buildset add (100 builders)", true, add_100),
        (
            "buildset add (102 builders, 2 new, 2 new sourcestamps, 3 properties)",
            true,
            add_new,
        ),
        (
            "request claim (1)",
            true,
            claim(std::slice::from_ref(&brid)),
        ),
        (
            "master sweep (1 dead master, 1 claim)",
            true,
            with(&["master", "sweep", "--at", "1714600100"], &[]),
        ),
        (
            "request claim (1)",
            true,
            claim(std::slice::from_ref(&brid)),
        ),
        (
            "request unclaim (1)",
            true,
            with(&["--master", "m1", "request", "unclaim", &brid], &[]),
        ),
        ("request claim (100)", true, claim(&hundred)),
        (
            "request unclaim (100)",
            true,
            with(&["--master", "m1", "request", "unclaim"], &hundred),
        ),
        ("request claim (100)", true, claim(&spread)),
        (
            "request unclaim --any-master (100)",
            true,
            with(&["request", "unclaim", "--any-master"], &spread),
        ),
        (
            "request complete (1)",
            true,
            complete(std::slice::from_ref(&brid)),
        ),
        (
            "request complete (100, 1 buildset)",
            true,
            complete(&hundred),
        ),
        (
            "request complete (100, 100 buildsets)",
            true,
            complete(&spread),
        ),
        (
            "buildset complete",
            true,
            with(
                &[
                    "buildset",
                    "complete",
                    &third,
                    "--results",
                    "success",
                    "--force",
                ],
                &at,
            ),
        ),
        (
            "changesource register",
            true,
            with(&["changesource", "register", "cs"], &[]),
        ),
        (
            "changesource claim (a new master)",
            true,
            with(&["--master", "m3", "changesource", "claim", "cs"], &at),
        ),
        (
            "changesource release",
            true,
            with(&["changesource", "release", "cs", "--force"], &[]),
        ),
        (
            "changesource claim (a known master)",
            true,
            with(&["--master", "m1", "changesource", "claim", "cs"], &at),
        ),
        (
            "master deactivate (no claims)",
            true,
            with(&["master", "deactivate", "m2", "--force"], &at),
        ),
        (
            "master deactivate (1 claim)",
            true,
            with(&["master", "deactivate", "dm1", "--force"], &at),
        ),
        (
            "master deactivate (99 claims, 10 builds)",
            true,
            with(&["master", "deactivate", "dm2", "--force"], &at),
        ),
        (
            "master sweep (8 masters, 3 housekept: 300 claims, 90 builds)",
            true,
            with(&["master", "sweep", "--at", "1714700000"], &[]),
        ),
    ];
    let mut table = String::from("| command | round trips |\n|---|---:|\n");
    let mut over = Vec::new();
    proxy.take();
    for (label, write, args) in &commands {
        let mut cmd = match &other {
            Some(path) => {
                let mut cmd = assert_cmd::Command::new(path);
                cmd.arg("--db").arg(&through);
                cmd
            }
            None => bb(&through, &[]),
        };
        cmd.args(args);
        if !label.ends_with("(for people)") {
            cmd.arg("--json");
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "bb {args:?} failed ({:?}): {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        let trips = proxy.take();
        table.push_str(&format!("| `{label}` | {trips} |\n"));
        let target = if *write { 6 } else { 4 };
        if trips > target {
            over.push(format!("{label}: {trips}"));
        }
    }
    println!("{table}");
    // The work was done: the sweeps and deactivations released every
    // claim of the dead masters and finished their builds.
    assert_eq!(
        db.psql(
            "SELECT count(*) FROM buildrequest_claims AS c JOIN masters AS m ON m.id = c.masterid \
             JOIN buildrequests AS br ON br.id = c.brid WHERE br.complete = 0 \
             AND m.name IN ('d1', 'd2', 'd3', 'dm1', 'dm2')"
        )
        .trim(),
        "0"
    );
    assert_eq!(
        db.psql("SELECT count(*) FROM builds WHERE complete_at IS NULL")
            .trim(),
        "0"
    );
    if other.is_none() {
        assert!(over.is_empty(), "too many round trips: {over:?}\n{table}");
    }
}

// --- plans at scale ---------------------------------------------------------------------

/// The plans PostgreSQL chose for the statements of this database's
/// sessions that `run` opened (auto_explain, loaded for its new sessions
/// only), each as its query text and plan.
fn plans_of(db: &PgDb, run: impl FnOnce()) -> Vec<String> {
    db.psql(&format!(
        "ALTER DATABASE {name} SET session_preload_libraries = 'auto_explain';
         ALTER DATABASE {name} SET auto_explain.log_min_duration = 0;",
        name = db.dbname
    ));
    let start = std::fs::metadata(&db.server.log).unwrap().len() as usize;
    run();
    db.psql(&format!(
        "ALTER DATABASE {name} RESET session_preload_libraries;
         ALTER DATABASE {name} RESET auto_explain.log_min_duration;",
        name = db.dbname
    ));
    let log = std::fs::read(&db.server.log).unwrap();
    let log = String::from_utf8_lossy(&log[start.min(log.len())..]).into_owned();
    // An entry: `... LOG:  duration: ... plan:`, then its lines, each
    // after a tab.
    let mut plans: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    for line in log.lines() {
        match line.strip_prefix('\t') {
            Some(rest) if current.is_some() => {
                let plan = current.as_mut().unwrap();
                plan.push_str(rest);
                plan.push('\n');
            }
            _ => {
                plans.extend(current.take());
                if line.contains("duration:") && line.contains("plan:") {
                    current = Some(String::new());
                }
            }
        }
    }
    plans.extend(current);
    plans
}

/// On a database of 200k requests whose newest 40% wait (a tenth of those
/// claimed, a quarter of that by a master dead for a week, which also holds
/// its share of the finished history's claims), the plans PostgreSQL
/// chooses for what bb sends: `request list --unclaimed --builder X --limit
/// 50` takes the builder's requests by its index and drops the claimed ones
/// through the claims' `brid` index, never walking the history by key nor
/// reading every incomplete request or claim; `master sweep` finds the dead
/// master's claims through their `masterid` index and looks each request
/// up by its key, never hashing every incomplete request.
#[test]
fn the_unclaimed_list_and_the_sweep_are_index_driven_at_scale() {
    const N: u32 = 200_000;
    const INCOMPLETE: u32 = N * 2 / 5;
    let db = initialised();
    let url = db.url();
    let mut add = vec!["buildset", "add", "--reason", "r", "--create-builders"];
    let names: Vec<String> = (1..=200).map(|i| format!("b{i}")).collect();
    for name in &names {
        add.extend(["--builder", name.as_str()]);
    }
    add.extend(["--at", "1700000000"]);
    json(&url, &add);
    db.psql(&format!(
        "
        INSERT INTO masters (name, name_hash, active, last_active)
            SELECT 'm' || i, md5('m' || i), 1, CASE WHEN i = 20 THEN 1714000000 ELSE 1714600000 END
            FROM generate_series(1, 20) AS i;
        INSERT INTO buildsets (reason, submitted_at, complete, results)
            SELECT 'r', 1700000000 + i, CASE WHEN i * 5 <= {done} THEN 1 ELSE 0 END, -1
            FROM generate_series(1, {N} / 5) AS i;
        INSERT INTO buildrequests (buildsetid, builderid, priority, complete, results, submitted_at,
                                   complete_at, waited_for)
            SELECT 1 + (i - 1) / 5 + 1, (SELECT min(id) FROM builders) + (i::bigint * 7919) % 200, 0,
                   CASE WHEN i <= {done} THEN 1 ELSE 0 END, CASE WHEN i <= {done} THEN 0 ELSE -1 END,
                   1700000000 + i, CASE WHEN i <= {done} THEN 1700000100 + i END, 0
            FROM generate_series(1, {N}) AS i;
        -- The history: 47% claimed by one of the 20 masters.
        INSERT INTO buildrequest_claims (brid, masterid, claimed_at)
            SELECT br.id, m.id, br.submitted_at + 1 FROM buildrequests AS br
            JOIN masters AS m ON m.name = 'm' || (1 + (br.id::bigint * 31) % 20)
            WHERE br.complete = 1 AND (br.id::bigint * 13) % 100 < 47;
        -- The backlog: a fortieth claimed by the dead master, as many by live ones.
        INSERT INTO buildrequest_claims (brid, masterid, claimed_at)
            SELECT br.id, m.id, br.submitted_at + 1 FROM buildrequests AS br
            JOIN masters AS m ON m.name = CASE WHEN br.id % 40 = 0 THEN 'm20' ELSE 'm' || (1 + br.id % 19) END
            WHERE br.complete = 0 AND br.id % 40 IN (0, 1);
        VACUUM ANALYZE;
        ",
        done = N - INCOMPLETE,
    ));
    let dead_claims: u64 = db
        .psql(
            "SELECT count(*) FROM buildrequest_claims AS c JOIN buildrequests AS br ON br.id = c.brid \
             JOIN masters AS m ON m.id = c.masterid WHERE m.name = 'm20' AND br.complete = 0",
        )
        .trim()
        .parse()
        .unwrap();
    assert!(dead_claims > 1000, "{dead_claims}");
    let mut listed = Value::Null;
    let mut swept = Value::Null;
    let plans = plans_of(&db, || {
        listed = json(
            &url,
            &[
                "request",
                "list",
                "--unclaimed",
                "--builder",
                "b7",
                "--limit",
                "50",
            ],
        );
        swept = json(&url, &["master", "sweep", "--at", "1714600100"]);
    });
    // They did their work.
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 50);
    let mut last = 0;
    for br in listed {
        assert_eq!(br["buildername"], "b7", "{br}");
        assert_eq!(
            (br["claimed"].clone(), br["complete"].clone()),
            (json!(false), json!(false))
        );
        let id = br["buildrequestid"].as_i64().unwrap();
        assert!(id > last, "not in id order: {listed:?}");
        last = id;
    }
    let expired = swept["expired"].as_array().unwrap();
    assert_eq!(expired.len(), 1, "{swept}");
    assert_eq!(expired[0]["master"]["name"], "m20");
    assert_eq!(
        expired[0]["housekeeping"]["buildrequests"],
        json!(dead_claims)
    );

    let plan = |marker: &str| -> &String {
        let found: Vec<&String> = plans.iter().filter(|p| p.contains(marker)).collect();
        assert_eq!(
            found.len(),
            1,
            "{marker}: {} plans\n{}",
            found.len(),
            plans.join("\n")
        );
        found[0]
    };
    let list = plan("LIMIT");
    for (wanted, what) in [
        (
            "buildrequests_builderid",
            "the builder's requests by its index",
        ),
        (
            "buildrequest_claims_brids",
            "their claims by the claims' brid index",
        ),
    ] {
        assert!(
            list.contains(wanted),
            "the list does not read {what}:\n{list}"
        );
    }
    for unwanted in [
        "Seq Scan on buildrequests",
        "Seq Scan on buildrequest_claims",
        "buildrequests_pkey on buildrequests br",
        "buildrequests_complete",
        "Hash",
    ] {
        assert!(!list.contains(unwanted), "the list: {unwanted}:\n{list}");
    }
    let sweep = plan("DELETE FROM buildrequest_claims");
    assert!(
        sweep.contains("ix_buildrequest_claims_masterid") && sweep.contains("buildrequests_pkey"),
        "the sweep does not find the claims by master and their requests by key:\n{sweep}"
    );
    for unwanted in ["Seq Scan", "buildrequests_complete", "Hash"] {
        assert!(!sweep.contains(unwanted), "the sweep: {unwanted}:\n{sweep}");
    }
}
