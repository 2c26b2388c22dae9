//! `bb queue`, `bb queue --check` and `bb metrics`: the queue per builder,
//! why builds do not start.

use serde_json::{Value, json};

use crate::support::{Engine, Env, T0, engines, run_ok, table_rows};

/// m1 running, m2 active but silent for an hour, m3 inactive. linux (m1):
/// two pending, one claimed by m1 and building; win (m2): one pending for
/// two hours; docs (m1): one claimed by m2; idle: only finished work.
pub fn fixture(env: &Env) {
    env.add_master(1, "m1", true, T0 - 30);
    env.add_master(2, "m2", true, T0 - 3600);
    env.add_master(3, "m3", false, T0 - 60);
    env.add_builder(1, "linux");
    env.add_builder(2, "win");
    env.add_builder(3, "docs");
    env.add_builder(4, "idle");
    env.exec(&format!(
        "INSERT INTO builder_masters (id, builderid, masterid) VALUES (1, 1, 1), (2, 2, 2), (3, 3, 1), (4, 4, 1);
         INSERT INTO buildsets (id, reason, submitted_at, complete, results) VALUES (1, 'r', {old}, 0, -1);
         INSERT INTO buildrequests (id, buildsetid, builderid, priority, complete, results, submitted_at, waited_for)
           VALUES (1, 1, 1, 0, 0, -1, {t600}, 0), (2, 1, 1, 0, 0, -1, {t60}, 0),
                  (3, 1, 1, 0, 0, -1, {t900}, 0), (4, 1, 2, 0, 0, -1, {old}, 0),
                  (5, 1, 3, 0, 0, -1, {t900}, 0), (6, 1, 4, 0, 1, 0, {old}, 0);
         INSERT INTO buildrequest_claims (brid, masterid, claimed_at) VALUES (3, 1, {t600}), (5, 2, {t900}), (6, 1, {old});
         INSERT INTO builds (id, number, builderid, buildrequestid, workerid, masterid, started_at,
                             complete_at, locks_duration_s, state_string, results) VALUES
           (1, 1, 1, 3, NULL, 1, {t600}, NULL, 0, 'compiling', NULL),
           (2, 1, 4, 6, NULL, 1, {old}, {t900}, 0, 'done', 0);",
        old = T0 - 7200,
        t900 = T0 - 900,
        t600 = T0 - 600,
        t60 = T0 - 60,
    ));
}

fn expected() -> Value {
    json!([
        {"builderid": 1, "name": "linux", "pending": 2, "oldest_pending_submitted_at": T0 - 600,
         "claimed": 1, "running": 1, "masters": [{"masterid": 1, "name": "m1"}], "stuck": []},
        {"builderid": 2, "name": "win", "pending": 1, "oldest_pending_submitted_at": T0 - 7200,
         "claimed": 0, "running": 0, "masters": [],
         "stuck": ["no running master serves it", "pending longer than 1h"]},
        {"builderid": 3, "name": "docs", "pending": 0, "oldest_pending_submitted_at": null,
         "claimed": 1, "running": 0, "masters": [{"masterid": 1, "name": "m1"}],
         "stuck": ["claimed by a master that is not running: m2"]},
    ])
}

engines!(queue_shows_what_waits_and_why);
fn queue_shows_what_waits_and_why(env: Env) {
    let at = T0.to_string();
    assert_eq!(env.json(&["queue", "--at", &at]), json!([]));
    fixture(&env);
    assert_eq!(env.json(&["queue", "--at", &at]), expected());
    let mut longer = expected();
    longer[1]["stuck"] = json!(["no running master serves it"]);
    assert_eq!(
        env.json(&["queue", "--at", &at, "--stuck-after", "3h"]),
        longer
    );
    longer[1]["stuck"] = json!(["no running master serves it", "pending longer than 90m"]);
    assert_eq!(
        env.json(&["queue", "--at", &at, "--stuck-after", "90m"]),
        longer
    );
    let (table, _) = run_ok(env.bb(&["queue", "--at", &at]));
    assert_eq!(
        table_rows(&table),
        [
            [
                "builder", "pending", "oldest", "claimed", "running", "masters", "stuck"
            ],
            ["linux", "2", "10m", "1", "1", "m1", ""],
            [
                "win",
                "1",
                "2h",
                "0",
                "0",
                "",
                "no running master serves it; pending longer than 1h"
            ],
            [
                "docs",
                "0",
                "",
                "1",
                "0",
                "m1",
                "claimed by a master that is not running: m2"
            ],
        ]
    );
}

/// `bb queue --check ARGS`: (stdout, exit code).
fn check(env: &Env, args: &[&str]) -> (String, i32) {
    let out = env.bb(&["queue", "--check"]).args(args).output().unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

engines!(queue_check_is_a_monitoring_plugin);
fn queue_check_is_a_monitoring_plugin(env: Env) {
    let at = T0.to_string();
    assert_eq!(
        check(&env, &["--at", &at]),
        (
            "BB QUEUE OK - 0 pending | pending=0 oldest_pending=0s;1800;7200 stuck=0\n".into(),
            0
        )
    );
    fixture(&env);
    let stuck = "2 stuck: win (no running master serves it; pending longer than 1h), \
                 docs (claimed by a master that is not running: m2)";
    assert_eq!(
        check(&env, &["--at", &at]),
        (
            format!(
                "BB QUEUE WARNING - 3 pending, oldest 2h, {stuck} | pending=3 \
                 oldest_pending=7200s;1800;7200 stuck=2\n"
            ),
            1
        )
    );
    let (line, code) = check(&env, &["--at", &at, "--crit-after", "1h", "--json", "-q"]);
    assert!(
        line.starts_with("BB QUEUE CRITICAL - 3 pending, oldest 2h"),
        "{line}"
    );
    assert!(
        line.ends_with("oldest_pending=7200s;1800;3600 stuck=2\n"),
        "{line}"
    );
    assert_eq!(code, 2);

    // Only linux's fresh requests left: OK, then WARNING past --warn-after.
    env.exec("DELETE FROM buildrequests WHERE builderid != 1");
    assert_eq!(
        check(&env, &["--at", &at]),
        (
            "BB QUEUE OK - 2 pending, oldest 10m | pending=2 oldest_pending=600s;1800;7200 stuck=0\n"
                .into(),
            0
        )
    );
    let (line, code) = check(&env, &["--at", &at, "--warn-after", "5m"]);
    assert_eq!(
        (line.as_str(), code),
        (
            "BB QUEUE WARNING - 2 pending, oldest 10m | pending=2 oldest_pending=600s;300;7200 stuck=0\n",
            1
        )
    );
}

#[test]
fn queue_check_unknown_when_it_cannot_tell() {
    let env = Env::empty();
    let (line, code) = check(&env, &[]);
    assert!(line.starts_with("BB QUEUE UNKNOWN - database "), "{line}");
    assert!(line.contains("does not exist"), "{line}");
    assert_eq!((line.lines().count(), code), (1, 3));
    // A usage error under --check is UNKNOWN too.
    let env = Env::new();
    let (line, code) = check(&env, &["--warn-after", "soon"]);
    assert!(
        line.starts_with("BB QUEUE UNKNOWN - invalid value 'soon'"),
        "{line}"
    );
    assert_eq!(code, 3);
    std::fs::write(&env.db, "not a database").unwrap();
    let (line, code) = check(&env, &[]);
    assert!(line.starts_with("BB QUEUE UNKNOWN - "), "{line}");
    assert_eq!(code, 3);
    // Without --check, a usage error is exit 2 as anywhere.
    let out = env.bb(&["queue", "--warn-after", "5m"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// `promtool`, from Debian's `prometheus` package, installed with apt on
/// first use when missing (about 20s): these tests never skip.
fn promtool() -> &'static str {
    static READY: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    READY.get_or_init(|| {
        let have = || {
            std::process::Command::new("promtool")
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        };
        if have() {
            return;
        }
        for args in [
            &["update", "-qq"][..],
            &[
                "install",
                "-y",
                "-qq",
                "--no-install-recommends",
                "prometheus",
            ][..],
        ] {
            let out = std::process::Command::new("apt-get")
                .args(args)
                .env("DEBIAN_FRONTEND", "noninteractive")
                .output()
                .expect("run apt-get to install promtool");
            assert!(
                out.status.success(),
                "apt-get {args:?} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert!(have(), "the prometheus package gave no promtool");
    });
    "promtool"
}

/// `promtool check metrics` on `text`: what it says, and whether it passed.
fn promtool_check(text: &str) -> (bool, String) {
    use std::io::Write;
    let mut child = std::process::Command::new(promtool())
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

engines!(metrics_are_prometheus_text_that_promtool_passes);
fn metrics_are_prometheus_text_that_promtool_passes(env: Env) {
    let at = T0.to_string();
    fixture(&env);
    env.add_master(4, "vm:/srv/\"a\"\\b\nc", false, 0);
    env.exec(
        "INSERT INTO workers (id, name, info, paused, graceful) VALUES (1, 'w1', '{}', 0, 0), (2, 'w2', '{}', 0, 0);
         INSERT INTO connected_workers (id, masterid, workerid) VALUES (1, 1, 1), (2, 1, 2);",
    );
    let (text, _) = run_ok(env.bb(&["metrics", "--at", &at]));
    let (ok, said) = promtool_check(&text);
    assert!(ok, "promtool check metrics refused it: {said}\n{text}");
    let (body, size) = text
        .rsplit_once("buildbot_database_size_bytes ")
        .expect("the database's size");
    assert!(size.trim().parse::<u64>().unwrap() > 0, "{text}");
    let weird = r#"vm:/srv/\"a\"\\b\nc"#;
    assert_eq!(
        body,
        format!(
            r#"# HELP buildbot_buildrequests_pending Build requests neither claimed nor complete, per builder.
# TYPE buildbot_buildrequests_pending gauge
buildbot_buildrequests_pending{{builder="docs"}} 0
buildbot_buildrequests_pending{{builder="linux"}} 2
buildbot_buildrequests_pending{{builder="win"}} 1
# HELP buildbot_buildrequests_oldest_pending_seconds Age of the oldest pending build request, per builder (0 when none).
# TYPE buildbot_buildrequests_oldest_pending_seconds gauge
buildbot_buildrequests_oldest_pending_seconds{{builder="docs"}} 0
buildbot_buildrequests_oldest_pending_seconds{{builder="linux"}} 600
buildbot_buildrequests_oldest_pending_seconds{{builder="win"}} 7200
# HELP buildbot_buildrequests_claimed Incomplete build requests claimed, per builder and master.
# TYPE buildbot_buildrequests_claimed gauge
buildbot_buildrequests_claimed{{builder="docs",master="m1"}} 0
buildbot_buildrequests_claimed{{builder="docs",master="m2"}} 1
buildbot_buildrequests_claimed{{builder="linux",master="m1"}} 1
buildbot_buildrequests_claimed{{builder="win",master="m1"}} 0
# HELP buildbot_builds_running Builds not complete, per builder.
# TYPE buildbot_builds_running gauge
buildbot_builds_running{{builder="docs"}} 0
buildbot_builds_running{{builder="linux"}} 1
buildbot_builds_running{{builder="win"}} 0
# HELP buildbot_master_up 1 when the master is running (active, checked in within 10 minutes).
# TYPE buildbot_master_up gauge
buildbot_master_up{{master="m1"}} 1
buildbot_master_up{{master="m2"}} 0
buildbot_master_up{{master="m3"}} 0
buildbot_master_up{{master="{weird}"}} 0
# HELP buildbot_master_last_active_seconds Seconds since the master last checked in.
# TYPE buildbot_master_last_active_seconds gauge
buildbot_master_last_active_seconds{{master="m1"}} 30
buildbot_master_last_active_seconds{{master="m2"}} 3600
buildbot_master_last_active_seconds{{master="m3"}} 60
buildbot_master_last_active_seconds{{master="{weird}"}} {T0}
# HELP buildbot_workers_connected Workers connected, per master.
# TYPE buildbot_workers_connected gauge
buildbot_workers_connected{{master="m1"}} 2
buildbot_workers_connected{{master="m2"}} 0
buildbot_workers_connected{{master="m3"}} 0
buildbot_workers_connected{{master="{weird}"}} 0
# HELP buildbot_database_size_bytes Size of the master database in bytes.
# TYPE buildbot_database_size_bytes gauge
"#
        )
    );
    // Nothing waiting: the masters' series, and the database's size.
    env.exec("DELETE FROM buildrequests; DELETE FROM builds;");
    let (text, _) = run_ok(env.bb(&["metrics", "--at", &at]));
    assert!(promtool_check(&text).0, "{text}");
    assert!(!text.contains("builder="), "{text}");
    assert!(
        text.contains("buildbot_master_up{master=\"m1\"} 1\n"),
        "{text}"
    );
}

#[test]
fn promtool_refuses_what_is_not_the_format() {
    // The check the metrics test relies on does refuse a bad exposition.
    assert!(!promtool_check("buildbot_x{builder=\"a} 1\n").0);
}

// --- query plans -------------------------------------------------------------------

/// The tables that grow with the history: a plan that scans one of them
/// costs more with every build ever run.
const HISTORY: &[&str] = &[
    "buildrequests",
    "buildrequest_claims",
    "builds",
    "buildsets",
    "buildset_sourcestamps",
    "sourcestamps",
    "steps",
    "logs",
];

/// The statements bb runs for `build list --running`, `worker list`,
/// `queue` and `metrics` (src/db/{builds,workers,queue,builders,masters}.rs,
/// result spec ORDER BY the id), in SQLite's dialect, with `?N` bound to
/// the id lists given, as bb writes them for `engine`.
fn statements(engine: bb::db::engine::EngineKind) -> Vec<(&'static str, String, Vec<Param>)> {
    use Param::Ids;
    let build_select = "SELECT b.id, b.number, b.builderid, b.buildrequestid, b.workerid, \
         b.masterid, b.started_at, b.complete_at, b.locks_duration_s, b.results, b.state_string \
         FROM builds AS b";
    let worker_select = "SELECT w.id, w.name, w.info, w.paused, w.pause_reason, w.graceful, \
         (SELECT json_group_array(masterid) FROM \
            (SELECT cn.masterid FROM connected_workers AS cn WHERE cn.workerid = w.id \
             ORDER BY cn.id) AS c), \
         (SELECT json_group_array(builderid) FROM \
            (SELECT bm.builderid FROM configured_workers AS cf \
             JOIN builder_masters AS bm ON bm.id = cf.buildermasterid \
             WHERE cf.workerid = w.id ORDER BY cf.id) AS c), \
         (SELECT json_group_array(masterid) FROM \
            (SELECT bm.masterid FROM configured_workers AS cf \
             JOIN builder_masters AS bm ON bm.id = cf.buildermasterid \
             WHERE cf.workerid = w.id ORDER BY cf.id) AS c) \
         FROM workers AS w";
    let names = |table: &str| {
        format!("SELECT id, name FROM {table} WHERE id IN (SELECT value FROM json_each(?1))")
    };
    let queue = [
        "SELECT br.builderid, count(*), min(br.submitted_at) FROM buildrequests AS br \
         WHERE br.complete = 0 \
         AND NOT EXISTS (SELECT 1 FROM buildrequest_claims AS c WHERE c.brid = br.id) \
         GROUP BY br.builderid"
            .to_string(),
        format!(
            "SELECT br.builderid, c.masterid, count(*) FROM buildrequests AS br \
             JOIN buildrequest_claims AS c ON c.brid = br.id \
             WHERE br.complete = 0{} GROUP BY br.builderid, c.masterid",
            match engine {
                bb::db::engine::EngineKind::Postgresql => {
                    " AND c.brid = ANY(ARRAY(SELECT id FROM buildrequests WHERE complete = 0))"
                }
                _ => "",
            }
        ),
        format!(
            "SELECT b.builderid, count(*) FROM builds AS b \
             WHERE b.complete_at IS NULL AND {} GROUP BY b.builderid",
            bb::db::builds::running(engine)
        ),
    ];
    let mut out = vec![
        (
            "build list --running",
            format!(
                "{build_select} WHERE b.complete_at IS NULL AND {} ORDER BY b.id ASC",
                bb::db::builds::running(engine)
            ),
            vec![],
        ),
        (
            "build list --running",
            names("builders"),
            vec![Ids(vec![1])],
        ),
        ("build list --running", names("workers"), vec![Ids(vec![1])]),
        ("build list --running", names("masters"), vec![Ids(vec![1])]),
        (
            "worker list",
            format!("{worker_select} ORDER BY w.id ASC"),
            vec![],
        ),
        ("worker list", names("masters"), vec![Ids(vec![1])]),
    ];
    for command in ["queue", "metrics"] {
        for sql in &queue {
            out.push((command, sql.clone(), vec![]));
        }
        out.push((command, names("builders"), vec![Ids(vec![1, 2, 3])]));
        out.push((
            command,
            "SELECT builderid, masterid FROM builder_masters \
             WHERE builderid IN (SELECT value FROM json_each(?1)) ORDER BY builderid, masterid"
                .to_string(),
            vec![Ids(vec![1, 2, 3])],
        ));
        out.push((
            command,
            "SELECT id, name, active, last_active FROM masters ORDER BY id".to_string(),
            vec![],
        ));
    }
    out.push((
        "metrics",
        "SELECT masterid, count(*) FROM connected_workers GROUP BY masterid".to_string(),
        vec![],
    ));
    out
}

#[derive(Debug, Clone)]
enum Param {
    Ids(Vec<i64>),
}

impl Param {
    /// As a JSON text literal, for `json_each` (SQLite) and `JSON_TABLE`
    /// (MySQL).
    fn json(&self) -> String {
        match self {
            Param::Ids(ids) => format!("'{}'", serde_json::to_string(ids).unwrap()),
        }
    }

    /// As bb binds it on MySQL (what its translation looks at).
    fn value(&self) -> bb::db::engine::Value {
        match self {
            Param::Ids(ids) => bb::db::engine::Value::Ids(ids.clone()),
        }
    }

    fn postgresql(&self) -> String {
        match self {
            Param::Ids(ids) => {
                let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
                format!("'{{{}}}'", ids.join(","))
            }
        }
    }
}

/// `sql` with `?N` replaced by `value(N)`.
fn bind(sql: &str, marker: char, value: impl Fn(usize) -> String) -> String {
    let mut out = String::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c != marker {
            out.push(c);
            continue;
        }
        let mut n = String::new();
        while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
            n.push(*d);
            chars.next();
        }
        out.push_str(&value(n.parse().expect("numbered parameters only")));
    }
    out
}

engines!(the_queues_reads_never_scan_the_history);
fn the_queues_reads_never_scan_the_history(env: Env) {
    // With the indexes the history's tables have (buildrequests_complete,
    // builds_buildrequestid, the claims' brid), these commands read the
    // incomplete work only: plans that search, never scan, those tables.
    // PostgreSQL is asked with sequential scans off, so a Seq Scan in the
    // plan means no index could serve. MariaDB costs what it reads, and
    // with the fixture alone would rightly scan two builds: it plans over
    // a history of 2000 finished requests, claims and builds, with its
    // statistics brought up to date (InnoDB refreshes them in the
    // background, so a plan read at once would depend on when that ran).
    fixture(&env);
    history(&env, 2000);
    let engine = match env.engine {
        Engine::Sqlite => bb::db::engine::EngineKind::Sqlite,
        Engine::Postgresql => bb::db::engine::EngineKind::Postgresql,
        Engine::Mysql => bb::db::engine::EngineKind::Mysql,
    };
    for (command, sql, params) in statements(engine) {
        let plan = match (env.pg(), env.my()) {
            (Some(pg), _) => {
                let (translated, _) = bb::db::engine::postgres::translate(&sql, |_| "BIGINT[]");
                let sql = bind(&translated, '$', |n| params[n - 1].postgresql());
                pg.psql(&format!("SET enable_seqscan = off;\nEXPLAIN {sql};"))
            }
            (_, Some(my)) => {
                my.sql("ANALYZE TABLE buildrequests, buildrequest_claims, builds;");
                let values: Vec<bb::db::engine::Value> = params.iter().map(Param::value).collect();
                let translated = bb::db::engine::mysql::translate(&sql, &values);
                let mut order = translated.order.iter();
                let sql = translated
                    .sql
                    .split('?')
                    .enumerate()
                    .map(|(i, part)| match i {
                        0 => part.to_string(),
                        _ => params[order.next().expect("a parameter per ?") - 1].json() + part,
                    })
                    .collect::<String>();
                my.sql(&format!("EXPLAIN {sql};"))
            }
            _ => {
                let sql = bind(&sql, '?', |n| params[n - 1].json());
                let conn = env.conn();
                let mut stmt = conn
                    .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                    .unwrap_or_else(|err| panic!("{command}: {err}\n{sql}"));
                let lines: Vec<String> = stmt
                    .query_map([], |row| row.get::<_, String>(3))
                    .unwrap()
                    .collect::<Result<_, _>>()
                    .unwrap();
                lines.join("\n")
            }
        };
        // SQLite and MariaDB name a table by its alias in plans: `SCAN br`.
        let words: Vec<&str> = sql.split_whitespace().collect();
        let aliases: Vec<(&str, &str)> = words
            .windows(3)
            .filter(|w| w[1] == "AS")
            .map(|w| (w[0], w[2].trim_end_matches(')')))
            .collect();
        let is = |table: &str, name: &str| {
            name == table || aliases.iter().any(|(t, a)| *t == table && *a == name)
        };
        for table in HISTORY {
            let scans = match env.engine {
                Engine::Sqlite => plan.lines().any(|line| {
                    let scanned = line
                        .trim()
                        .strip_prefix("SCAN ")
                        .and_then(|rest| rest.split_whitespace().next());
                    scanned.is_some_and(|name| is(table, name))
                }),
                Engine::Postgresql => plan.contains(&format!("Seq Scan on {table} ")),
                // EXPLAIN's columns: id, select_type, table, type, ...; the
                // access types `ALL` (the table) and `index` (a whole index)
                // read every row.
                Engine::Mysql => plan.lines().any(|line| {
                    let columns: Vec<&str> = line.split('\t').collect();
                    is(table, columns[2]) && matches!(columns[3], "ALL" | "index")
                }),
            };
            assert!(!scans, "{command} scans {table}:\n{sql}\n--- plan\n{plan}");
        }
        // The history is searched through its indexes.
        if sql.contains("FROM buildrequests") || sql.contains("FROM builds") {
            assert!(
                plan.contains("buildrequests_complete") || plan.contains("builds_buildrequestid"),
                "{command}: no index of the incomplete work:\n{sql}\n--- plan\n{plan}"
            );
        }
    }
}

/// `count` finished requests of the idle builder (ids from 100), each with
/// its claim and its finished build: the history beside the fixture's
/// queue, so that a planner that costs what it reads (MariaDB's) weighs
/// them as a real master's database would have it.
fn history(env: &Env, count: i64) {
    let ids = 100..100 + count;
    let old = T0 - 7200;
    let rows = |row: &dyn Fn(i64) -> String| ids.clone().map(row).collect::<Vec<_>>().join(", ");
    env.exec(&format!(
        "INSERT INTO buildrequests (id, buildsetid, builderid, priority, complete, results, submitted_at, waited_for) VALUES {};
         INSERT INTO buildrequest_claims (brid, masterid, claimed_at) VALUES {};
         INSERT INTO builds (id, number, builderid, buildrequestid, workerid, masterid, started_at,
                             complete_at, locks_duration_s, state_string, results) VALUES {};",
        rows(&|id| format!("({id}, 1, 4, 0, 1, 0, {old}, 0)")),
        rows(&|id| format!("({id}, 1, {old})")),
        rows(&|id| format!("({id}, {id}, 4, {id}, NULL, 1, {old}, {old}, 0, 'done', 0)")),
    ));
}
