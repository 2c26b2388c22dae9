//! `bb queue`, `bb queue --check` and `bb metrics`: the queue per builder,
//! why builds do not start.

use serde_json::{Value, json};

use crate::support::{Env, T0, engines, run_ok, table_rows};

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
