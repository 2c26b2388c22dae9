//! `bb master ...`: list, show, register (findMasterId and the default
//! master name), activate / deactivate (setMasterState), the housekeeping of
//! a dead master, sweep (expireMasters) and mark-all-stale.

use std::io::Read;

use serde_json::{Value, json};

use crate::support::{
    Env, On, T0, bare_bb, bb_master_name, engines, fails, fails_json, master, name_hash, run_ok,
    stdout_of, table_rows,
};

const HOUR: i64 = 3600;

fn at(t: i64) -> String {
    t.to_string()
}

// --- a running installation with two masters -----------------------------------

/// Two masters sharing one database, each with scheduler, change source,
/// builder (and configured worker) links, connected workers, builds (done
/// and running), steps (finished and not), logs (open and closed) and
/// claimed requests (complete and not). Master 1 ("m1") last checked in an
/// hour before T0; master 2 ("m2") at T0.
fn installation(on: On, m1_active: bool) -> Env {
    let env = Env::from(on);
    env.add_master(1, "m1", m1_active, T0 - HOUR);
    env.add_master(2, "m2", true, T0);
    env.add_builder(1, "b1");
    env.add_builder(2, "b2");
    env.exec(&format!(
        "
        INSERT INTO workers (id, name, info) VALUES (1, 'w1', '{{}}'), (2, 'w2', '{{}}');
        INSERT INTO builder_masters (id, builderid, masterid) VALUES (1, 1, 1), (2, 2, 1), (3, 1, 2);
        INSERT INTO configured_workers (id, buildermasterid, workerid) VALUES (1, 1, 1), (2, 1, 2), (3, 2, 1), (4, 3, 1);
        INSERT INTO connected_workers (id, masterid, workerid) VALUES (1, 1, 1), (2, 2, 2), (3, 1, 2);
        INSERT INTO schedulers (id, name, name_hash) VALUES (1, 's1', 'hs1'), (2, 's2', 'hs2'), (3, 's3', 'hs3');
        INSERT INTO scheduler_masters (schedulerid, masterid) VALUES (1, 1), (2, 1), (3, 2);
        INSERT INTO changesources (id, name, name_hash) VALUES (1, 'c1', 'hc1'), (2, 'c2', 'hc2');
        INSERT INTO changesource_masters (changesourceid, masterid) VALUES (1, 1), (2, 2);
        INSERT INTO buildsets (id, reason, submitted_at, complete, results) VALUES (1, 'r', {t}, 0, -1);
        INSERT INTO buildrequests (id, buildsetid, builderid, complete, results, submitted_at, complete_at) VALUES
            (1, 1, 1, 0, -1, {t}, NULL),
            (2, 1, 2, 1, 0, {t}, {done}),
            (3, 1, 1, 0, -1, {t}, NULL),
            (4, 1, 2, 0, -1, {t}, NULL),
            (5, 1, 2, 0, -1, {t}, NULL);
        INSERT INTO buildrequest_claims (brid, masterid, claimed_at) VALUES
            (1, 1, {claimed}), (2, 1, {claimed}), (3, 2, {claimed}), (5, 1, {claimed});
        INSERT INTO builds (id, number, builderid, buildrequestid, workerid, masterid, started_at, complete_at,
                            locks_duration_s, state_string, results) VALUES
            (1, 1, 1, 1, 1, 1, {started}, NULL, 0, 'building', NULL),
            (2, 1, 2, 2, 1, 1, {started}, {done}, 0, 'build successful', 0),
            (3, 2, 1, 3, 2, 2, {started}, NULL, 0, 'building', NULL),
            (4, 2, 2, 5, 2, 1, {started}, NULL, 0, 'building', NULL);
        INSERT INTO steps (id, number, name, buildid, started_at, complete_at, state_string, results, urls_json, hidden) VALUES
            (1, 0, 'checkout', 1, {started}, {done}, 'updated', 0, '[]', 0),
            (2, 1, 'compile', 1, {started}, NULL, 'compiling', NULL, '[]', 1),
            (3, 2, 'test', 1, NULL, NULL, 'pending', NULL, '[]', 0),
            (4, 0, 'left over', 2, {started}, NULL, 'stuck', NULL, '[]', 1),
            (5, 0, 'compile', 3, {started}, NULL, 'compiling', NULL, '[]', 1),
            (6, 0, 'compile', 4, {started}, NULL, 'compiling', NULL, '[]', 0);
        INSERT INTO logs (id, name, slug, stepid, complete, num_lines, type) VALUES
            (1, 'stdio', 'stdio', 1, 1, 10, 's'),
            (2, 'extra', 'extra', 1, 0, 1, 't'),
            (3, 'stdio', 'stdio', 2, 0, 5, 's'),
            (4, 'summary', 'summary', 2, 1, 5, 't'),
            (5, 'stdio', 'stdio', 4, 0, 1, 's'),
            (6, 'stdio', 'stdio', 5, 0, 1, 's'),
            (7, 'stdio', 'stdio', 6, 0, 1, 's');
        ",
        t = T0 - 2 * HOUR,
        claimed = T0 - 2 * HOUR + 10,
        started = T0 - 2 * HOUR + 20,
        done = T0 - 2 * HOUR + 600,
    ));
    env
}

/// What housekeeping master 1 of [`installation`] changes, counted.
fn m1_housekeeping() -> Value {
    json!({
        "schedulers": 2,
        "changesources": 1,
        "builders": 2,
        "configured_workers": 3,
        "connected_workers": 2,
        "builds": 2,
        "steps": 3,
        "logs": 2,
        "buildrequests": 2
    })
}

fn no_housekeeping() -> Value {
    json!({
        "schedulers": 0, "changesources": 0, "builders": 0, "configured_workers": 0,
        "connected_workers": 0, "builds": 0, "steps": 0, "logs": 0, "buildrequests": 0
    })
}

/// The same installation with master 1 marked inactive and housekept by
/// hand at `now`, written out row by row: what bb must leave behind.
fn m1_housekept(engine: On, m1_active: bool, now: i64) -> Env {
    let env = installation(engine, m1_active);
    env.exec(&format!(
        "
        UPDATE masters SET active = 0 WHERE id = 1;
        DELETE FROM scheduler_masters WHERE schedulerid IN (1, 2);
        DELETE FROM changesource_masters WHERE changesourceid = 1;
        DELETE FROM configured_workers WHERE id IN (1, 2, 3);
        DELETE FROM builder_masters WHERE id IN (1, 2);
        DELETE FROM connected_workers WHERE id IN (1, 3);
        UPDATE builds SET results = 5, complete_at = {now} WHERE id IN (1, 4);
        UPDATE steps SET results = 5, complete_at = {now}, hidden = 0 WHERE id IN (2, 3, 6);
        UPDATE logs SET complete = 1 WHERE id IN (3, 7);
        DELETE FROM buildrequest_claims WHERE brid IN (1, 5);
        "
    ));
    env
}

/// The rows housekeeping is about, spelled out, for readable failures.
fn assert_m1_rows_housekept(env: &Env, now: i64) {
    assert_eq!(
        env.rows("SELECT schedulerid, masterid FROM scheduler_masters"),
        json!([[3, 2]])
    );
    assert_eq!(
        env.rows("SELECT changesourceid, masterid FROM changesource_masters"),
        json!([[2, 2]])
    );
    assert_eq!(
        env.rows("SELECT id, builderid, masterid FROM builder_masters"),
        json!([[3, 1, 2]])
    );
    assert_eq!(
        env.rows("SELECT id, buildermasterid, workerid FROM configured_workers"),
        json!([[4, 3, 1]])
    );
    assert_eq!(
        env.rows("SELECT id, masterid, workerid FROM connected_workers"),
        json!([[2, 2, 2]])
    );
    let done = T0 - 2 * HOUR + 600;
    assert_eq!(
        env.rows("SELECT id, results, complete_at FROM builds ORDER BY id"),
        json!([[1, 5, now], [2, 0, done], [3, null, null], [4, 5, now]])
    );
    assert_eq!(
        env.rows("SELECT id, results, complete_at, hidden FROM steps ORDER BY id"),
        json!([
            [1, 0, done, 0],
            [2, 5, now, 0],
            [3, 5, now, 0],
            [4, null, null, 1],
            [5, null, null, 1],
            [6, 5, now, 0]
        ])
    );
    assert_eq!(
        env.rows("SELECT id, complete FROM logs ORDER BY id"),
        json!([[1, 1], [2, 0], [3, 1], [4, 1], [5, 0], [6, 0], [7, 1]])
    );
    assert_eq!(
        env.rows("SELECT brid, masterid FROM buildrequest_claims ORDER BY brid"),
        json!([[2, 1], [3, 2]])
    );
    assert_eq!(
        env.rows("SELECT id, complete FROM buildrequests ORDER BY id"),
        json!([[1, 0], [2, 1], [3, 0], [4, 0], [5, 0]])
    );
}

// --- list and show -------------------------------------------------------------

engines!(list_is_in_id_order_and_filters_by_state);
fn list_is_in_id_order_and_filters_by_state(env: Env) {
    assert_eq!(env.json(&["master", "list"]), json!([]));
    env.add_master(3, "c", true, T0);
    env.add_master(1, "a", false, T0 - 100);
    env.add_master(2, "b", true, T0 - 200);
    assert_eq!(
        env.json(&["master", "list"]),
        json!([
            master(1, "a", false, T0 - 100),
            master(2, "b", true, T0 - 200),
            master(3, "c", true, T0)
        ])
    );
    assert_eq!(
        env.json(&["master", "list", "--active"]),
        json!([master(2, "b", true, T0 - 200), master(3, "c", true, T0)])
    );
    assert_eq!(
        env.json(&["master", "list", "--inactive"]),
        json!([master(1, "a", false, T0 - 100)])
    );
}

engines!(list_for_people_shows_ages_and_wide_shows_utc_times);
fn list_for_people_shows_ages_and_wide_shows_utc_times(env: Env) {
    assert_eq!(
        run_ok(env.bb(&["master", "list"])),
        (String::new(), "no masters\n".to_string())
    );
    env.add_master(1, "host:/srv/a", true, T0);
    env.add_master(2, "host:/srv/b", false, 0);
    let at = (T0 + 3 * 60 + 59).to_string();
    let out = stdout_of(&mut env.bb(&["master", "list", "--at", &at]));
    assert_eq!(
        table_rows(&out),
        [
            ["masterid", "name", "active", "last_active"],
            ["1", "host:/srv/a", "true", "3m"],
            // The epoch, as mark-all-stale leaves it: never, not 19844d.
            ["2", "host:/srv/b", "false", "never"],
        ]
    );
    let out = stdout_of(&mut env.bb(&["master", "list", "--wide"]));
    assert_eq!(
        table_rows(&out),
        [
            ["masterid", "name", "active", "last_active"],
            ["1", "host:/srv/a", "true", "2024-05-01T12:00:00Z"],
            ["2", "host:/srv/b", "false", "1970-01-01T00:00:00Z"],
        ]
    );
}

engines!(show_by_id_and_by_name);
fn show_by_id_and_by_name(env: Env) {
    env.add_master(1, "a", false, T0 - 100);
    env.add_master(7, "host:/srv/buildbot", true, T0);
    let seven = master(7, "host:/srv/buildbot", true, T0);
    assert_eq!(env.json(&["master", "show", "7"]), seven);
    assert_eq!(env.json(&["master", "show", "host:/srv/buildbot"]), seven);
    assert_eq!(
        env.json(&["master", "show", "a"]),
        master(1, "a", false, T0 - 100)
    );
    let out = stdout_of(&mut env.bb(&["master", "show", "7"]));
    assert!(out.contains("2024-05-01T12:00:00Z"), "{out}");
    assert!(out.contains("host:/srv/buildbot"), "{out}");
}

engines!(show_of_an_unknown_master_is_not_found);
fn show_of_an_unknown_master_is_not_found(env: Env) {
    env.add_master(1, "a", false, T0);
    let message = fails(&mut env.bb(&["master", "show", "2"]), 4);
    assert!(message.contains('2'), "{message}");
    assert_eq!(
        fails_json(&mut env.bb(&["master", "show", "2"]), 4)["ids"],
        json!([2])
    );
    let message = fails(&mut env.bb(&["master", "show", "nobody"]), 4);
    assert!(message.contains("nobody"), "{message}");
    assert_eq!(
        fails_json(&mut env.bb(&["master", "show", "nobody"]), 4)["ids"],
        json!([])
    );
    // Lookups never create.
    assert_eq!(env.int("SELECT count(*) FROM masters"), 1);
}

// --- register -------------------------------------------------------------------

engines!(myisam: register_creates_an_inactive_master_once);
fn register_creates_an_inactive_master_once(env: Env) {
    let doc = env.json(&["master", "register", "host:/srv/m", "--at", &at(T0)]);
    assert_eq!(
        doc,
        json!({"master": master(1, "host:/srv/m", false, T0), "changed": true, "housekeeping": null})
    );
    assert_eq!(
        env.rows("SELECT id, name, name_hash, active, last_active FROM masters"),
        json!([[1, "host:/srv/m", name_hash("host:/srv/m"), 0, T0]])
    );
    let before = env.dump();
    let again = env.json(&["master", "register", "host:/srv/m", "--at", &at(T0 + 500)]);
    assert_eq!(
        again,
        json!({"master": master(1, "host:/srv/m", false, T0), "changed": false, "housekeeping": null})
    );
    assert_eq!(
        env.dump(),
        before,
        "registering an existing master changes nothing"
    );
    let other = env.json(&[
        "master",
        "register",
        "other",
        "--at",
        "2024-05-01T14:00:00+02:00",
    ]);
    assert_eq!(other["master"], master(2, "other", false, T0));
}

engines!(myisam: register_of_an_active_master_leaves_it_active);
fn register_of_an_active_master_leaves_it_active(env: Env) {
    env.add_master(4, "live", true, T0 - 5);
    let before = env.dump();
    let doc = env.json(&["master", "register", "live", "--at", &at(T0)]);
    assert_eq!(
        doc,
        json!({"master": master(4, "live", true, T0 - 5), "changed": false, "housekeeping": null})
    );
    assert_eq!(env.dump(), before);
}

engines!(myisam: register_without_at_stamps_the_current_time);
fn register_without_at_stamps_the_current_time(env: Env) {
    let before = epoch_now();
    let doc = env.json(&["master", "register", "now"]);
    let after = epoch_now();
    let stamped = doc["master"]["last_active"].as_i64().unwrap();
    assert!(
        (before..=after).contains(&stamped),
        "{before} <= {stamped} <= {after}"
    );
}

fn epoch_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

engines!(myisam: register_without_a_name_uses_the_default_master_name);
fn register_without_a_name_uses_the_default_master_name(env: Env) {
    // On PostgreSQL `bb@<nodename>`, whatever the current directory.
    let expected = env.own_master();
    let doc = env.json(&["master", "register", "--at", &at(T0)]);
    assert_eq!(
        doc,
        json!({"master": master(1, &expected, false, T0), "changed": true, "housekeeping": null})
    );
    // Same directory, same master.
    let again = env.json(&["master", "register", "--at", &at(T0 + 1)]);
    assert_eq!(again["changed"], false);
    assert_eq!(again["master"]["masterid"], 1);
}

#[test]
fn default_master_name_from_the_current_directory_and_relative_paths() {
    let env = Env::new();
    // The working directory as the process sees it (getcwd), as Python's
    // os.path.abspath would.
    let cwd = std::fs::canonicalize(env.dir.path()).unwrap();
    let expected = bb_master_name(&cwd);
    let out = stdout_of(&mut env.bb_here(&["master", "register", "--json", "--at", &at(T0)]));
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["master"]["name"], expected.as_str());

    std::fs::create_dir(env.path("sub")).unwrap();
    let out = stdout_of(&mut env.bb_here(&[
        "master",
        "register",
        "--json",
        "--db",
        "sub/../state.sqlite",
        "--at",
        &at(T0),
    ]));
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        doc["master"]["name"],
        expected.as_str(),
        "abspath normalises '..'"
    );
    assert_eq!(doc["changed"], false);

    crate::support::create_db(&env.path("sub/state.sqlite"));
    let out = stdout_of(&mut env.bb_here(&[
        "master",
        "register",
        "--json",
        "--db",
        "sqlite:///sub/state.sqlite",
        "--at",
        &at(T0),
    ]));
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["master"]["name"], bb_master_name(&cwd.join("sub")));
}

#[test]
fn default_master_name_does_not_resolve_symlinks() {
    let env = Env::empty();
    std::fs::create_dir(env.path("real")).unwrap();
    crate::support::create_db(&env.path("real/state.sqlite"));
    std::os::unix::fs::symlink(env.path("real"), env.path("link")).unwrap();
    let via_link = env.path("link/state.sqlite");
    let out = stdout_of(bare_bb().args([
        "master",
        "register",
        "--json",
        "--at",
        &at(T0),
        "--db",
        via_link.to_str().unwrap(),
    ]));
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["master"]["name"], bb_master_name(&env.path("link")));
}

engines!(myisam: register_without_a_name_follows_master_flag_and_bb_master);
fn register_without_a_name_follows_master_flag_and_bb_master(env: Env) {
    env.add_master(5, "existing", true, T0 - 10);

    let doc = env.json(&[
        "master",
        "register",
        "--master",
        "from-flag",
        "--at",
        &at(T0),
    ]);
    assert_eq!(doc["master"], master(6, "from-flag", false, T0));
    assert_eq!(doc["changed"], true);

    let out = stdout_of(
        env.bb(&["master", "register", "--json", "--at", &at(T0)])
            .env("BB_MASTER", "from-env"),
    );
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["master"], master(7, "from-env", false, T0));

    // --master beats BB_MASTER.
    let out = stdout_of(
        env.bb(&[
            "master",
            "register",
            "--json",
            "--master",
            "from-flag",
            "--at",
            &at(T0),
        ])
        .env("BB_MASTER", "from-env"),
    );
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["master"]["masterid"], 6);
    assert_eq!(doc["changed"], false);

    // A number is the id of an existing master.
    let doc = env.json(&["master", "register", "--master", "5", "--at", &at(T0)]);
    assert_eq!(
        doc,
        json!({"master": master(5, "existing", true, T0 - 10), "changed": false, "housekeeping": null})
    );

    // An explicit NAME wins over --master.
    let doc = env.json(&[
        "master",
        "register",
        "named",
        "--master",
        "5",
        "--at",
        &at(T0),
    ]);
    assert_eq!(doc["master"]["name"], "named");
}

engines!(myisam: register_with_an_unknown_master_id_is_not_found_and_creates_nothing);
fn register_with_an_unknown_master_id_is_not_found_and_creates_nothing(env: Env) {
    let before = env.dump();
    let doc = fails_json(&mut env.bb(&["master", "register", "--master", "99"]), 4);
    assert_eq!(doc["ids"], json!([99]));
    fails(env.bb(&["master", "register"]).env("BB_MASTER", "99"), 4);
    assert_eq!(env.dump(), before);
}

engines!(names_are_stored_and_shown_exactly);
fn names_are_stored_and_shown_exactly(env: Env) {
    let names = [
        "müller:/srv/bǘildbot ☃",
        "x'); DROP TABLE masters; --",
        "%_\\ \"quoted\" * ?",
        "日本語:/ビルド",
        "tab\there",
    ];
    for (i, name) in names.iter().enumerate() {
        let id = i as i64 + 1;
        let doc = env.json(&["master", "register", name, "--at", &at(T0)]);
        assert_eq!(doc["master"], master(id, name, false, T0));
        assert_eq!(
            env.json(&["master", "show", name]),
            master(id, name, false, T0)
        );
        assert_eq!(
            env.rows(&format!(
                "SELECT name, name_hash FROM masters WHERE id = {id}"
            )),
            json!([[name, name_hash(name)]])
        );
    }
    let listed: Vec<Value> = env.json(&["master", "list"]).as_array().unwrap().clone();
    let listed: Vec<&str> = listed.iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(listed, names);
    let table = stdout_of(&mut env.bb(&["master", "list"]));
    for name in &names[..4] {
        assert!(table.contains(name), "{name} missing from\n{table}");
    }
    // A name that only looks like SQL does nothing but name a master.
    assert_eq!(env.int("SELECT count(*) FROM masters"), names.len() as i64);
}

// --- activate / deactivate --------------------------------------------------------

engines!(myisam: activate_sets_active_and_last_active);
fn activate_sets_active_and_last_active(env: Env) {
    env.add_master(1, "m", false, 100);
    env.add_master(2, "other", false, 200);
    let doc = env.json(&["master", "activate", "1", "--at", &at(T0)]);
    assert_eq!(
        doc,
        json!({"master": master(1, "m", true, T0), "changed": true, "housekeeping": null})
    );
    // Already active: no change of state, but it checks in again.
    let doc = env.json(&["master", "activate", "m", "--at", &at(T0 + 30)]);
    assert_eq!(
        doc,
        json!({"master": master(1, "m", true, T0 + 30), "changed": false, "housekeeping": null})
    );
    assert_eq!(
        env.rows("SELECT id, active, last_active FROM masters ORDER BY id"),
        json!([[1, 1, T0 + 30], [2, 0, 200]])
    );
}

engines!(myisam: deactivate_keeps_last_active);
fn deactivate_keeps_last_active(env: Env) {
    env.add_master(1, "m", true, T0 - 30);
    let doc = env.json(&["master", "deactivate", "1", "--at", &at(T0), "--force"]);
    assert_eq!(
        doc,
        json!({"master": master(1, "m", false, T0 - 30), "changed": true, "housekeeping": no_housekeeping()})
    );
    assert_eq!(
        env.rows("SELECT active, last_active FROM masters"),
        json!([[0, T0 - 30]])
    );
    let doc = env.json(&["master", "deactivate", "m", "--at", &at(T0 + 10)]);
    assert_eq!(doc["changed"], false);
    assert_eq!(doc["master"], master(1, "m", false, T0 - 30));
}

engines!(myisam: activate_and_deactivate_of_unknown_masters_are_not_found);
fn activate_and_deactivate_of_unknown_masters_are_not_found(env: Env) {
    env.add_master(1, "m", true, T0);
    let before = env.dump();
    for verb in ["activate", "deactivate"] {
        let doc = fails_json(&mut env.bb(&["master", verb, "9", "--at", &at(T0)]), 4);
        assert_eq!(doc["ids"], json!([9]), "{verb}");
        let doc = fails_json(&mut env.bb(&["master", verb, "ghost", "--at", &at(T0)]), 4);
        assert_eq!(doc["ids"], json!([]), "{verb}");
        fails(&mut env.bb(&["master", verb, "ghost"]), 4);
    }
    assert_eq!(env.dump(), before, "lookups never create");
}

engines!(myisam: deactivate_housekeeps_that_master_only);
fn deactivate_housekeeps_that_master_only(engine: On) {
    let env = installation(engine, true);
    let now = T0 + 42;
    let doc = env.json(&["master", "deactivate", "1", "--at", &at(now)]);
    assert_eq!(
        doc,
        json!({
            "master": master(1, "m1", false, T0 - HOUR),
            "changed": true,
            "housekeeping": m1_housekeeping()
        })
    );
    assert_m1_rows_housekept(&env, now);
    assert_eq!(env.dump(), m1_housekept(engine, true, now).dump());
}

engines!(myisam: deactivate_housekeeps_even_an_inactive_master);
fn deactivate_housekeeps_even_an_inactive_master(engine: On) {
    let env = installation(engine, false);
    let doc = env.json(&["master", "deactivate", "m1", "--at", &at(T0)]);
    assert_eq!(
        doc,
        json!({
            "master": master(1, "m1", false, T0 - HOUR),
            "changed": false,
            "housekeeping": m1_housekeeping()
        })
    );
    assert_eq!(env.dump(), m1_housekept(engine, false, T0).dump());

    // Once done, there is nothing left to do.
    let before = env.dump();
    let doc = env.json(&["master", "deactivate", "1", "--at", &at(T0 + 60)]);
    assert_eq!(doc["housekeeping"], no_housekeeping());
    assert_eq!(env.dump(), before);
}

engines!(myisam: deactivate_for_people_shows_the_counts);
fn deactivate_for_people_shows_the_counts(engine: On) {
    let env = installation(engine, true);
    let out = stdout_of(&mut env.bb(&["master", "deactivate", "1", "--at", &at(T0)]));
    for needle in ["m1", "configured_workers", "buildrequests", "housekeeping"] {
        assert!(out.contains(needle), "{needle} missing from\n{out}");
    }
}

// --- sweep -------------------------------------------------------------------------

engines!(myisam: sweep_expires_stale_masters_and_housekeeps_them);
fn sweep_expires_stale_masters_and_housekeeps_them(engine: On) {
    let env = installation(engine, true);
    let doc = env.json(&["master", "sweep", "--at", &at(T0)]);
    assert_eq!(
        doc,
        json!({
            "dry_run": false,
            "expired": [{
                "master": master(1, "m1", false, T0 - HOUR),
                "was_active": true,
                "housekeeping": m1_housekeeping()
            }]
        })
    );
    assert_m1_rows_housekept(&env, T0);
    assert_eq!(env.dump(), m1_housekept(engine, true, T0).dump());
}

engines!(myisam: sweep_dry_run_reports_the_same_and_writes_nothing);
fn sweep_dry_run_reports_the_same_and_writes_nothing(engine: On) {
    let env = installation(engine, true);
    let before = env.dump();
    let dry = env.json(&["master", "sweep", "--dry-run", "--at", &at(T0)]);
    assert_eq!(env.dump(), before, "--dry-run wrote to the database");
    let real = env.json(&["master", "sweep", "--at", &at(T0)]);
    assert_eq!(dry["dry_run"], true);
    assert_eq!(real["dry_run"], false);
    assert_eq!(dry["expired"], real["expired"]);
    assert_eq!(real["expired"][0]["housekeeping"], m1_housekeeping());

    // Also with --force-housekeeping on masters that were already inactive.
    let env = installation(engine, false);
    let before = env.dump();
    let dry = env.json(&[
        "master",
        "sweep",
        "--dry-run",
        "--force-housekeeping",
        "--at",
        &at(T0),
    ]);
    assert_eq!(env.dump(), before);
    let real = env.json(&["master", "sweep", "--force-housekeeping", "--at", &at(T0)]);
    assert_eq!(dry["expired"], real["expired"]);
}

engines!(myisam: sweep_twice_changes_nothing_the_second_time);
fn sweep_twice_changes_nothing_the_second_time(engine: On) {
    let env = installation(engine, true);
    env.json(&["master", "sweep", "--at", &at(T0)]);
    let before = env.dump();
    let second = env.json(&["master", "sweep", "--at", &at(T0 + 60)]);
    assert_eq!(env.dump(), before);
    assert_eq!(
        second,
        json!({
            "dry_run": false,
            "expired": [{"master": master(1, "m1", false, T0 - HOUR), "was_active": false, "housekeeping": null}]
        })
    );
}

engines!(myisam: sweep_skips_housekeeping_of_inactive_masters_unless_forced);
fn sweep_skips_housekeeping_of_inactive_masters_unless_forced(engine: On) {
    let env = installation(engine, false);
    // Without housekeeping, only what setMasterState(active=false) itself
    // does happens: the master's scheduler links go.
    let expected = installation(engine, false);
    expected.exec("DELETE FROM scheduler_masters WHERE masterid = 1");
    let doc = env.json(&["master", "sweep", "--at", &at(T0)]);
    assert_eq!(
        doc,
        json!({
            "dry_run": false,
            "expired": [{"master": master(1, "m1", false, T0 - HOUR), "was_active": false, "housekeeping": null}]
        })
    );
    assert_eq!(env.dump(), expected.dump());

    let mut housekeeping = m1_housekeeping();
    housekeeping["schedulers"] = json!(0);
    let doc = env.json(&["master", "sweep", "--force-housekeeping", "--at", &at(T0)]);
    assert_eq!(
        doc,
        json!({
            "dry_run": false,
            "expired": [{"master": master(1, "m1", false, T0 - HOUR), "was_active": false, "housekeeping": housekeeping}]
        })
    );
    assert_eq!(env.dump(), m1_housekept(engine, false, T0).dump());
}

engines!(myisam: sweep_expiry_window_is_relative_to_at);
fn sweep_expiry_window_is_relative_to_at(env: Env) {
    env.add_master(1, "just-expired", true, T0 - 601);
    env.add_master(2, "exactly-ten-minutes", true, T0 - 600);
    env.add_master(3, "fresh", true, T0 - 5);
    env.add_master(4, "two-hours", false, T0 - 2 * HOUR);
    env.add_master(5, "future", true, T0 + 100);

    let ids = |doc: &Value| -> Vec<i64> {
        doc["expired"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["master"]["masterid"].as_i64().unwrap())
            .collect()
    };
    let dry = |args: &[&str]| {
        let mut all = vec!["master", "sweep", "--dry-run"];
        all.extend_from_slice(args);
        env.json(&all)
    };
    assert_eq!(ids(&dry(&["--at", &at(T0)])), [1, 4]);
    assert_eq!(ids(&dry(&["--at", "2024-05-01T12:00:00Z"])), [1, 4]);
    assert_eq!(ids(&dry(&["--at", &at(T0 + 1)])), [1, 2, 4]);
    assert_eq!(ids(&dry(&["--at", &at(T0), "--expire-after", "1h"])), [4]);
    assert_eq!(
        ids(&dry(&["--at", &at(T0), "--expire-after", "3h"])),
        Vec::<i64>::new()
    );
    assert_eq!(
        ids(&dry(&["--at", &at(T0), "--expire-after", "2m"])),
        [1, 2, 4]
    );
    // Shorter than a running master's check-in allows: only with --force.
    assert_eq!(
        ids(&dry(&["--at", &at(T0), "--expire-after", "4", "--force"])),
        [1, 2, 3, 4]
    );
    assert_eq!(
        ids(&dry(&["--at", &at(T0 + 2 * HOUR), "--expire-after", "1d"])),
        Vec::<i64>::new()
    );

    let doc = env.json(&["master", "sweep", "--at", &at(T0)]);
    assert_eq!(
        doc,
        json!({
            "dry_run": false,
            "expired": [
                {"master": master(1, "just-expired", false, T0 - 601), "was_active": true, "housekeeping": no_housekeeping()},
                {"master": master(4, "two-hours", false, T0 - 2 * HOUR), "was_active": false, "housekeeping": null}
            ]
        })
    );
    assert_eq!(
        env.rows("SELECT id, active, last_active FROM masters ORDER BY id"),
        json!([
            [1, 0, T0 - 601],
            [2, 1, T0 - 600],
            [3, 1, T0 - 5],
            [4, 0, T0 - 2 * HOUR],
            [5, 1, T0 + 100]
        ])
    );
}

engines!(myisam: sweep_with_nothing_to_do);
fn sweep_with_nothing_to_do(env: Env) {
    assert_eq!(
        env.json(&["master", "sweep", "--at", &at(T0)]),
        json!({"dry_run": false, "expired": []})
    );
    env.add_master(1, "fresh", true, T0);
    let before = env.dump();
    assert_eq!(
        env.json(&["master", "sweep", "--at", &at(T0)]),
        json!({"dry_run": false, "expired": []})
    );
    assert_eq!(env.dump(), before);
    // For people, as an empty list: nothing on stdout, why on stderr.
    assert_eq!(
        run_ok(env.bb(&["master", "sweep", "--at", &at(T0)])),
        (String::new(), "no masters expired\n".to_string())
    );
}

engines!(sweep_rejects_bad_durations);
fn sweep_rejects_bad_durations(env: Env) {
    for bad in ["10", "10x", "1.5h", "500ms", "-1m", ""] {
        let args = [
            "master",
            "sweep",
            "--expire-after",
            bad,
            "--at",
            "1714564800",
        ];
        if bad == "10" {
            // A bare number is seconds (refused as too short, unless --force).
            fails(&mut env.bb(&args), 2);
            env.json(&[&args[..], &["--force"]].concat());
            continue;
        }
        fails(&mut env.bb(&args), 2);
    }
}

// --- mark-all-stale ------------------------------------------------------------------

engines!(myisam: mark_all_stale_then_sweep_housekeeps_every_master);
fn mark_all_stale_then_sweep_housekeeps_every_master(engine: On) {
    let env = installation(engine, false);
    env.add_master(3, "m3", false, T0 + 50);
    let doc = env.json(&["master", "mark-all-stale"]);
    assert_eq!(doc, json!({"masters": 3}));
    assert_eq!(
        env.rows("SELECT id, active, last_active FROM masters ORDER BY id"),
        json!([[1, 1, 0], [2, 1, 0], [3, 1, 0]])
    );
    let doc = env.json(&["master", "sweep", "--at", &at(T0)]);
    let expired = doc["expired"].as_array().unwrap();
    assert_eq!(expired.len(), 3);
    for (i, e) in expired.iter().enumerate() {
        assert_eq!(e["master"]["masterid"], i as i64 + 1);
        assert_eq!(e["master"]["active"], false);
        assert_eq!(e["master"]["last_active"], 0);
        assert_eq!(e["was_active"], true);
    }
    assert_eq!(expired[0]["housekeeping"], m1_housekeeping());
    assert_eq!(
        expired[1]["housekeeping"],
        json!({
            "schedulers": 1, "changesources": 1, "builders": 1, "configured_workers": 1,
            "connected_workers": 1, "builds": 1, "steps": 1, "logs": 1, "buildrequests": 1
        })
    );
    assert_eq!(expired[2]["housekeeping"], no_housekeeping());
    // Nothing of any master is left linked, running or claimed.
    for table in [
        "scheduler_masters",
        "changesource_masters",
        "builder_masters",
        "configured_workers",
        "connected_workers",
    ] {
        assert_eq!(
            env.int(&format!("SELECT count(*) FROM {table}")),
            0,
            "{table}"
        );
    }
    assert_eq!(
        env.int("SELECT count(*) FROM builds WHERE complete_at IS NULL"),
        0
    );
    assert_eq!(
        env.rows("SELECT brid, masterid FROM buildrequest_claims"),
        json!([[2, 1]])
    );
}

engines!(myisam: mark_all_stale_on_an_empty_database);
fn mark_all_stale_on_an_empty_database(env: Env) {
    assert_eq!(
        env.json(&["master", "mark-all-stale"]),
        json!({"masters": 0})
    );
}

// --- usage, output plumbing -------------------------------------------------------------

engines!(bad_ids_are_usage_errors);
fn bad_ids_are_usage_errors(env: Env) {
    env.add_master(1, "m", true, T0);
    let before = env.dump();
    for id in [
        "0",
        "-0",
        "00",
        "99999999999999999999",
        "9223372036854775808",
    ] {
        for verb in ["show", "activate", "deactivate"] {
            let message = fails(&mut env.bb(&["master", verb, "--", id]), 2);
            assert!(message.contains(id), "{verb} {id}: {message}");
        }
    }
    fails(&mut env.bb(&["master", "show", "--", "-1"]), 2);
    fails(&mut env.bb(&["master", "activate", "-1"]), 2);
    assert_eq!(
        fails_json(&mut env.bb(&["master", "show", "0"]), 2)["ids"],
        json!([])
    );
    assert_eq!(env.dump(), before);
}

engines!(commands_that_do_not_act_as_a_master_ignore_bb_master);
fn commands_that_do_not_act_as_a_master_ignore_bb_master(env: Env) {
    // CLI.md: "Commands that do not act as a master ignore --master /
    // BB_MASTER" -- so a stale or odd BB_MASTER in the operator's
    // environment must not break a read.
    env.add_master(1, "m", true, T0);
    let mut broken = Vec::new();
    for value in ["some-master", "999", "0", "-1", ""] {
        for args in [
            &["master", "list", "--json"][..],
            &["master", "show", "1", "--json"][..],
            &["builder", "list", "--json"][..],
            &["db", "info", "--json"][..],
        ] {
            let out = env.bb(args).env("BB_MASTER", value).output().unwrap();
            if !out.status.success() {
                broken.push(format!(
                    "BB_MASTER={value:?} bb {}: exit {:?}: {}",
                    args.join(" "),
                    out.status.code(),
                    String::from_utf8_lossy(&out.stderr)
                        .lines()
                        .next()
                        .unwrap_or("")
                ));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "BB_MASTER was not ignored:\n{}",
        broken.join("\n")
    );
    assert_eq!(
        env.json(&["master", "list"]),
        json!([master(1, "m", true, T0)])
    );
}

#[test]
fn help_names_the_buildbot_operation() {
    for (args, operation) in [
        (&["master", "list"][..], "getMasters"),
        (&["master", "show"][..], "getMaster"),
        (&["master", "register"][..], "findMasterId"),
        (&["master", "activate"][..], "setMasterState"),
        (&["master", "deactivate"][..], "setMasterState"),
        (&["master", "sweep"][..], "expireMasters"),
        (
            &["master", "mark-all-stale"][..],
            "setAllMastersActiveLongTimeAgo",
        ),
        (&["builder", "register"][..], "findBuilderId"),
        (&["builder", "list"][..], "getBuilders"),
    ] {
        let out = stdout_of(bare_bb().args(args).arg("--help"));
        assert!(
            out.contains(operation),
            "{args:?} --help does not name {operation}:\n{out}"
        );
    }
}

engines!(a_closed_pipe_is_not_an_error);
/// `bb master list | head`: a reader that stops early is not an error.
fn a_closed_pipe_is_not_an_error(env: Env) {
    // One multi-row INSERT, in SQL every engine reads alike.
    let rows: Vec<String> = (1..=3000)
        .map(|i| {
            format!(
                "({i}, 'master-{i}:/srv/buildbot/some/long/base/directory', 'hash-{i}', {}, {})",
                i % 2,
                T0 - i
            )
        })
        .collect();
    env.exec(&format!(
        "INSERT INTO masters (id, name, name_hash, active, last_active) VALUES {};",
        rows.join(", ")
    ));
    for json in [false, true] {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_bb"));
        cmd.env_remove("BB_DB")
            .env_remove("BB_MASTER")
            .arg("--db")
            .arg(env.db_str())
            .args(["master", "list"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        if json {
            cmd.arg("--json");
        }
        let mut child = cmd.spawn().unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 256];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "json={json}; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "json={json}");
    }
}
