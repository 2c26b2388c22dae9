//! `bb build list|show` (getBuilds, getBuild, getBuildByNumber) and `bb
//! worker list|show` (getWorkers, getWorker).

use serde_json::{Value, json};

use crate::support::{Env, T0, engines, fails, run_ok, table_rows};

/// Two masters, two builders, three workers, requests 1 (done), 2 and 3
/// (incomplete), builds 1 (done), 2 (running on m1/w1) and 3 (running on
/// m2, no worker).
pub fn fixture(env: &Env) {
    env.add_master(1, "m1", true, T0 - 30);
    env.add_master(2, "m2", true, T0 - 3600);
    env.add_builder(1, "linux");
    env.add_builder(2, "win/arm");
    env.exec(&format!(
        "INSERT INTO workers (id, name, info, paused, graceful) VALUES
           (1, 'w1', '{{\"os\": \"linux\"}}', 0, 0), (2, 'w2', '{{}}', 1, 0),
           (3, 'w3', '{{}}', 0, 1);
         INSERT INTO builder_masters (id, builderid, masterid) VALUES (1, 1, 1), (2, 2, 1), (3, 1, 2);
         INSERT INTO configured_workers (id, buildermasterid, workerid) VALUES
           (1, 1, 1), (2, 2, 1), (3, 3, 2), (4, 3, 1);
         INSERT INTO connected_workers (id, masterid, workerid) VALUES (1, 1, 1), (2, 2, 1), (3, 2, 2);
         INSERT INTO buildsets (id, reason, submitted_at, complete, results) VALUES (1, 'r', {s}, 0, -1);
         INSERT INTO buildrequests (id, buildsetid, builderid, priority, complete, results, submitted_at, waited_for)
           VALUES (1, 1, 1, 0, 1, 0, {s}, 0), (2, 1, 1, 0, 0, -1, {s}, 0), (3, 1, 2, 0, 0, -1, {s}, 0);
         INSERT INTO builds (id, number, builderid, buildrequestid, workerid, masterid, started_at,
                             complete_at, locks_duration_s, state_string, results) VALUES
           (1, 1, 1, 1, 1, 1, {b1}, {c1}, 3, 'build successful', 0),
           (2, 2, 1, 2, 1, 1, {b2}, NULL, 0, 'compiling', NULL),
           (3, 1, 2, 3, NULL, 2, {b3}, NULL, 0, 'preparing worker', NULL);
         INSERT INTO build_properties (buildid, name, value, source) VALUES
           (2, 'branch', '\"main\"', 'Build'), (2, 'jobs', '4', 'Worker');",
        s = T0 - 7200,
        b1 = T0 - 3600,
        c1 = T0 - 3000,
        b2 = T0 - 600,
        b3 = T0 - 120,
    ));
}

fn build(
    id: i64,
    number: i64,
    builderid: i64,
    brid: i64,
    workerid: Value,
    masterid: i64,
    started_at: i64,
) -> Value {
    json!({"buildid": id, "number": number, "builderid": builderid, "buildrequestid": brid,
           "workerid": workerid, "masterid": masterid, "started_at": started_at,
           "complete": false, "complete_at": null, "locks_duration_s": 0, "results": null,
           "state_string": "", "properties": null})
}

fn builds() -> Vec<Value> {
    let mut b1 = build(1, 1, 1, 1, json!(1), 1, T0 - 3600);
    b1["complete"] = json!(true);
    b1["complete_at"] = json!(T0 - 3000);
    b1["locks_duration_s"] = json!(3);
    b1["results"] = json!(0);
    b1["state_string"] = json!("build successful");
    let mut b2 = build(2, 2, 1, 2, json!(1), 1, T0 - 600);
    b2["state_string"] = json!("compiling");
    let mut b3 = build(3, 1, 2, 3, Value::Null, 2, T0 - 120);
    b3["state_string"] = json!("preparing worker");
    vec![b1, b2, b3]
}

engines!(build_list_shows_builds_as_the_rest_api);
fn build_list_shows_builds_as_the_rest_api(env: Env) {
    assert_eq!(env.json(&["build", "list"]), json!([]));
    assert_eq!(
        run_ok(env.bb(&["build", "list"])),
        (String::new(), "no builds\n".to_string())
    );
    fixture(&env);
    let all = builds();
    assert_eq!(env.json(&["build", "list"]), json!(all));
    assert_eq!(
        env.json(&["build", "list", "--running"]),
        json!([all[1], all[2]])
    );
    assert_eq!(env.json(&["build", "list", "--complete"]), json!([all[0]]));
    assert_eq!(
        env.json(&["build", "list", "--builder", "linux"]),
        json!([all[0], all[1]])
    );
    assert_eq!(
        env.json(&["build", "list", "--worker", "w1", "--running"]),
        json!([all[1]])
    );
    assert_eq!(
        env.json(&["build", "list", "--buildrequest", "3"]),
        json!([all[2]])
    );
    assert_eq!(
        env.json(&[
            "build",
            "list",
            "--filter",
            "status=running",
            "--order=-buildid"
        ]),
        json!([all[2], all[1]])
    );
    assert_eq!(
        env.json(&["build", "list", "--filter", "results=success"]),
        json!([all[0]])
    );
    assert_eq!(
        env.json(&[
            "build",
            "list",
            "--filter",
            "worker=w1",
            "--limit",
            "1",
            "--offset",
            "1"
        ]),
        json!([all[1]])
    );
    assert_eq!(
        env.json(&[
            "build",
            "list",
            "--at",
            &T0.to_string(),
            "--field",
            "buildid,builder,worker,status,started,duration"
        ]),
        json!([
            {"buildid": 1, "builder": "linux", "worker": "w1", "status": "success", "started": "1h", "duration": "10m"},
            {"buildid": 2, "builder": "linux", "worker": "w1", "status": "running", "started": "10m", "duration": "10m"},
            {"buildid": 3, "builder": "win/arm", "worker": null, "status": "running", "started": "2m", "duration": "2m"},
        ])
    );
    let (table, _) = run_ok(env.bb(&["build", "list", "--at", &T0.to_string()]));
    assert_eq!(
        table_rows(&table),
        [
            [
                "buildid",
                "builder",
                "number",
                "status",
                "worker",
                "started",
                "duration",
                "state_string"
            ],
            [
                "1",
                "linux",
                "1",
                "success",
                "w1",
                "1h",
                "10m",
                "build successful"
            ],
            [
                "2",
                "linux",
                "2",
                "running",
                "w1",
                "10m",
                "10m",
                "compiling"
            ],
            [
                "3",
                "win/arm",
                "1",
                "running",
                "",
                "2m",
                "2m",
                "preparing worker"
            ],
        ]
    );
    // Lookups never create; fields are checked.
    fails(&mut env.bb(&["build", "list", "--builder", "nope"]), 4);
    fails(&mut env.bb(&["build", "list", "--worker", "nope"]), 4);
    fails(
        &mut env.bb(&["build", "list", "--running", "--complete"]),
        2,
    );
    fails(&mut env.bb(&["build", "list", "--filter", "duration=1"]), 2);
    fails(
        &mut env.bb(&["build", "list", "--filter", "properties=1"]),
        2,
    );
}

engines!(build_show_by_id_and_by_number);
fn build_show_by_id_and_by_number(env: Env) {
    fixture(&env);
    let mut b2 = builds()[1].clone();
    b2["properties"] = json!({"branch": ["main", "Build"], "jobs": [4, "Worker"]});
    assert_eq!(env.json(&["build", "show", "2"]), b2);
    assert_eq!(env.json(&["build", "show", "linux/2"]), b2);
    assert_eq!(env.json(&["build", "show", "1/2"]), b2);
    let mut b3 = builds()[2].clone();
    b3["properties"] = json!({});
    // Split at the last '/': the builder's name holds one.
    assert_eq!(env.json(&["build", "show", "win/arm/1"]), b3);
    fails(&mut env.bb(&["build", "show", "9"]), 4);
    fails(&mut env.bb(&["build", "show", "linux/9"]), 4);
    fails(&mut env.bb(&["build", "show", "nope/1"]), 4);
    for bad in ["linux/0", "linux/x", "linux/-1", "0", "linux/"] {
        fails(&mut env.bb(&["build", "show", bad]), 2);
    }
    let (text, _) = run_ok(env.bb(&["build", "show", "linux/2"]));
    assert!(text.contains("state_string:     compiling\n"), "{text}");
    assert!(
        text.contains("properties:\n  branch: main, Build\n"),
        "{text}"
    );
}

fn worker(id: i64, name: &str, info: Value, paused: bool, graceful: bool) -> Value {
    json!({"workerid": id, "name": name, "workerinfo": info, "paused": paused,
           "pause_reason": null, "graceful": graceful, "connected_to": [], "configured_on": []})
}

fn workers() -> Vec<Value> {
    let mut w1 = worker(1, "w1", json!({"os": "linux"}), false, false);
    w1["connected_to"] = json!([{"masterid": 1}, {"masterid": 2}]);
    w1["configured_on"] = json!([
        {"builderid": 1, "masterid": 1}, {"builderid": 2, "masterid": 1},
        {"builderid": 1, "masterid": 2}
    ]);
    let mut w2 = worker(2, "w2", json!({}), true, false);
    w2["connected_to"] = json!([{"masterid": 2}]);
    w2["configured_on"] = json!([{"builderid": 1, "masterid": 2}]);
    let w3 = worker(3, "w3", json!({}), false, true);
    vec![w1, w2, w3]
}

engines!(worker_list_shows_workers_as_the_rest_api);
fn worker_list_shows_workers_as_the_rest_api(env: Env) {
    assert_eq!(
        run_ok(env.bb(&["worker", "list"])),
        (String::new(), "no workers\n".to_string())
    );
    fixture(&env);
    let all = workers();
    assert_eq!(env.json(&["worker", "list"]), json!(all));
    assert_eq!(env.json(&["worker", "list", "--paused"]), json!([all[1]]));
    assert_eq!(
        env.json(&["worker", "list", "--unpaused"]),
        json!([all[0], all[2]])
    );
    assert_eq!(env.json(&["worker", "list", "--graceful"]), json!([all[2]]));
    assert_eq!(
        env.json(&["worker", "list", "--disconnected"]),
        json!([all[2]])
    );
    // Narrowed to the builder and master, as getWorkers does.
    let mut w1 = all[0].clone();
    w1["configured_on"] = json!([{"builderid": 2, "masterid": 1}]);
    assert_eq!(
        env.json(&["worker", "list", "--builder", "win/arm"]),
        json!([w1])
    );
    let mut w1 = all[0].clone();
    w1["configured_on"] = json!([{"builderid": 1, "masterid": 2}]);
    w1["connected_to"] = json!([{"masterid": 2}]);
    assert_eq!(
        env.json(&["worker", "list", "--master", "m2"]),
        json!([w1, all[1]])
    );
    // --master before the subcommand, and BB_MASTER, are not the filter.
    assert_eq!(env.json(&["--master", "m2", "worker", "list"]), json!(all));
    let out = env
        .bb(&["worker", "list", "--json"])
        .env("BB_MASTER", "nope")
        .output()
        .unwrap();
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        json!(all)
    );
    assert_eq!(
        env.json(&["worker", "list", "--filter", "status=connected"]),
        json!([all[0]])
    );
    assert_eq!(
        env.json(&[
            "worker",
            "list",
            "--filter",
            "builders__ge=1",
            "--field",
            "name,status,masters"
        ]),
        json!([
            {"name": "w1", "status": "connected", "masters": "m1, m2"},
            {"name": "w2", "status": "paused", "masters": "m2"},
        ])
    );
    let (table, _) = run_ok(env.bb(&["worker", "list"]));
    assert_eq!(
        table_rows(&table),
        [
            ["workerid", "name", "status", "masters", "builders"],
            ["1", "w1", "connected", "m1, m2", "2"],
            ["2", "w2", "paused", "m2", "1"],
            ["3", "w3", "graceful", "", "0"],
        ]
    );
    fails(&mut env.bb(&["worker", "list", "--master", "nope"]), 4);
    fails(&mut env.bb(&["worker", "list", "--builder", "nope"]), 4);
    fails(
        &mut env.bb(&["worker", "list", "--paused", "--unpaused"]),
        2,
    );
}

engines!(worker_show_by_name_or_id);
fn worker_show_by_name_or_id(env: Env) {
    fixture(&env);
    assert_eq!(env.json(&["worker", "show", "w1"]), workers()[0]);
    assert_eq!(env.json(&["worker", "show", "2"]), workers()[1]);
    fails(&mut env.bb(&["worker", "show", "nope"]), 4);
    fails(&mut env.bb(&["worker", "show", "9"]), 4);
}
