//! `bb request ...`: show and list (getBuildRequest(s) with every filter and
//! the result spec), claim (all or nothing, as this master), unclaim,
//! complete (with maybeBuildsetComplete), behaviour under contention and
//! when the database is locked, and the query plans of the common lists.

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command as StdCommand, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::{
    Engine, Env, On, T0, bare_bb, brids_of, engines, fails, fails_json, sql_text, stdout_of,
};

// --- helpers -------------------------------------------------------------------

/// `bb buildset add --reason r --create-builders --at AT --builder B...
/// EXTRA...`; returns the bsid and the request ids in ascending order (one
/// per builder, made in the order the builders are given).
pub(crate) fn add(env: &Env, at: i64, builders: &[&str], extra: &[&str]) -> (i64, Vec<i64>) {
    let at = at.to_string();
    let mut args = vec![
        "buildset",
        "add",
        "--reason",
        "r",
        "--create-builders",
        "--at",
        &at,
    ];
    for b in builders {
        args.extend(["--builder", b]);
    }
    args.extend(extra);
    let out = env.json(&args);
    let brids = brids_of(&out);
    assert_eq!(brids.len(), builders.len(), "{out}");
    (out["bsid"].as_i64().unwrap(), brids)
}

/// A build request as the REST API shows it: new, unclaimed, incomplete.
fn request(brid: i64, bsid: i64, builderid: i64, buildername: &str, submitted_at: i64) -> Value {
    json!({
        "buildrequestid": brid,
        "buildsetid": bsid,
        "builderid": builderid,
        "buildername": buildername,
        "priority": 0,
        "claimed": false,
        "claimed_at": null,
        "claimed_by_masterid": null,
        "complete": false,
        "complete_at": null,
        "results": -1,
        "submitted_at": submitted_at,
        "waited_for": false,
    })
}

fn with_claim(mut doc: Value, at: i64, masterid: i64) -> Value {
    doc["claimed"] = json!(true);
    doc["claimed_at"] = json!(at);
    doc["claimed_by_masterid"] = json!(masterid);
    doc
}

fn with_completion(mut doc: Value, at: i64, results: i64) -> Value {
    doc["complete"] = json!(true);
    doc["complete_at"] = json!(at);
    doc["results"] = json!(results);
    doc
}

/// The `buildrequestid`s of a JSON list of requests, in order.
fn ids(doc: &Value) -> Vec<i64> {
    doc.as_array()
        .unwrap_or_else(|| panic!("not a list: {doc}"))
        .iter()
        .map(|r| r["buildrequestid"].as_i64().unwrap())
        .collect()
}

/// `bb request list ARGS... --json`, as request ids.
fn list(env: &Env, args: &[&str]) -> Vec<i64> {
    let mut all = vec!["request", "list"];
    all.extend(args);
    ids(&env.json(&all))
}

fn masterid(env: &Env, name: &str) -> i64 {
    let rows = env.rows(&format!(
        "SELECT id FROM masters WHERE name = {}",
        sql_text(name)
    ));
    rows[0][0]
        .as_i64()
        .unwrap_or_else(|| panic!("no master {name}"))
}

/// brid -> (masterid, claimed_at) of every claim.
fn claims(env: &Env) -> BTreeMap<i64, (i64, i64)> {
    let rows = env.rows("SELECT brid, masterid, claimed_at FROM buildrequest_claims");
    let int = |v: &Value| v.as_i64().unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|row| (int(&row[0]), (int(&row[1]), int(&row[2]))))
        .collect()
}

fn count(env: &Env, table: &str) -> i64 {
    env.int(&format!("SELECT count(*) FROM {table}"))
}

/// `bb request claim BRIDS... --at AT --master MASTER --json`, expecting success.
fn claim(env: &Env, master: &str, at: i64, brids: &[i64]) -> Value {
    let at = at.to_string();
    let brids: Vec<String> = brids.iter().map(i64::to_string).collect();
    let mut args = vec!["request", "claim", "--master", master, "--at", &at];
    args.extend(brids.iter().map(String::as_str));
    env.json(&args)
}

/// `bb request complete BRIDS... --results R --at AT --json`, expecting success.
fn complete(env: &Env, results: &str, at: i64, brids: &[i64]) -> Value {
    let at = at.to_string();
    let brids: Vec<String> = brids.iter().map(i64::to_string).collect();
    let mut args = vec!["request", "complete", "--results", results, "--at", &at];
    args.extend(brids.iter().map(String::as_str));
    env.json(&args)
}

/// The buildset row's (complete, results, complete_at).
fn buildset_state(env: &Env, bsid: i64) -> Value {
    env.rows(&format!(
        "SELECT complete, results, complete_at FROM buildsets WHERE id = {bsid}"
    ))[0]
        .clone()
}

// --- show --------------------------------------------------------------------------

engines!(show_prints_the_rest_shape_unclaimed_and_claimed);
fn show_prints_the_rest_shape_unclaimed_and_claimed(env: Env) {
    let (bsid, brids) = add(
        &env,
        T0,
        &["linux", "mac"],
        &["--priority", "7", "--waited-for"],
    );
    assert_eq!((bsid, brids.clone()), (1, vec![1, 2]));
    let expected = |brid: i64, builderid: i64, name: &str| {
        let mut doc = request(brid, bsid, builderid, name, T0);
        doc["priority"] = json!(7);
        doc["waited_for"] = json!(true);
        doc
    };
    assert_eq!(env.json(&["request", "show", "1"]), expected(1, 1, "linux"));

    claim(&env, "m1", T0 + 5, &[2]);
    let m1 = masterid(&env, "m1");
    assert_eq!(
        env.json(&["request", "show", "2"]),
        with_claim(expected(2, 2, "mac"), T0 + 5, m1)
    );
    // The global flags go before the subcommand as well.
    assert_eq!(
        env.json(&["--json", "request", "show", "2"]),
        with_claim(expected(2, 2, "mac"), T0 + 5, m1)
    );

    // Completing keeps the claim, as Buildbot's completeBuildRequests does.
    complete(&env, "success", T0 + 9, &[2]);
    assert_eq!(
        env.json(&["request", "show", "2"]),
        with_completion(with_claim(expected(2, 2, "mac"), T0 + 5, m1), T0 + 9, 0)
    );

    // The table shows times as RFC 3339 and names results.
    let table = stdout_of(&mut env.bb(&["request", "show", "2"]));
    assert!(table.contains("2024-05-01T12:00:05Z"), "{table}");
    assert!(table.contains("success"), "{table}");
    assert!(table.contains("mac"), "{table}");
}

engines!(show_of_a_missing_request_is_not_found);
fn show_of_a_missing_request_is_not_found(env: Env) {
    add(&env, T0, &["b"], &[]);
    let err = fails_json(&mut env.bb(&["request", "show", "99"]), 4);
    assert_eq!(err["ids"], json!([99]));
    assert!(err["message"].as_str().unwrap().contains("99"), "{err}");
    let line = fails(&mut env.bb(&["request", "show", "99"]), 4);
    assert!(line.contains("99"), "{line}");
    for bad in ["0", "-1", "abc", "99999999999999999999"] {
        fails(&mut env.bb(&["request", "show", bad]), 2);
    }
}

// --- list ---------------------------------------------------------------------------

/// Builders b1 (id 1) and b2 (id 2); masters m1 and m2.
///
/// | brid | bsid | builder | sourcestamps                    | state                       |
/// |------|------|---------|---------------------------------|-----------------------------|
/// | 1    | 1    | b1      | main @ r1                       | claimed by m1, complete (0) |
/// | 2    | 1    | b2      | main @ r1                       | new                         |
/// | 3    | 2    | b1      | main @ r1 twice (codebases a,b) | new                         |
/// | 4    | 3    | b2      | dev @ r2                        | claimed by m2               |
/// | 5    | 4    | b1      | none                            | new                         |
/// | 6    | 4    | b2      | none                            | complete (2), unclaimed     |
///
/// Buildset N was submitted at T0 + N - 1.
struct Fixture {
    env: Env,
    m1: i64,
    m2: i64,
    docs: Vec<Value>,
}

fn fixture(engine: Engine) -> Fixture {
    let env = Env::on(engine);
    let main_r1 = "branch=main,repository=r1";
    assert_eq!(
        add(&env, T0, &["b1", "b2"], &["--sourcestamp", main_r1]),
        (1, vec![1, 2])
    );
    assert_eq!(
        add(
            &env,
            T0 + 1,
            &["b1"],
            &[
                "--sourcestamp",
                "branch=main,repository=r1,codebase=a",
                "--sourcestamp",
                "branch=main,repository=r1,codebase=b",
            ]
        ),
        (2, vec![3])
    );
    assert_eq!(
        add(
            &env,
            T0 + 2,
            &["b2"],
            &["--sourcestamp", "branch=dev,repository=r2"]
        ),
        (3, vec![4])
    );
    assert_eq!(add(&env, T0 + 3, &["b1", "b2"], &[]), (4, vec![5, 6]));
    assert_eq!(
        env.int("SELECT count(*) FROM buildset_sourcestamps WHERE buildsetid = 2"),
        2
    );

    claim(&env, "m1", T0 + 10, &[1]);
    claim(&env, "m2", T0 + 20, &[4]);
    complete(&env, "success", T0 + 30, &[1]);
    complete(&env, "failure", T0 + 40, &[6]);
    let (m1, m2) = (masterid(&env, "m1"), masterid(&env, "m2"));

    let docs = vec![
        with_completion(
            with_claim(request(1, 1, 1, "b1", T0), T0 + 10, m1),
            T0 + 30,
            0,
        ),
        request(2, 1, 2, "b2", T0),
        request(3, 2, 1, "b1", T0 + 1),
        with_claim(request(4, 3, 2, "b2", T0 + 2), T0 + 20, m2),
        request(5, 4, 1, "b1", T0 + 3),
        with_completion(request(6, 4, 2, "b2", T0 + 3), T0 + 40, 2),
    ];
    Fixture { env, m1, m2, docs }
}

engines!(list_everything_in_id_order_with_the_rest_shape);
fn list_everything_in_id_order_with_the_rest_shape(engine: Engine) {
    let f = fixture(engine);
    assert_eq!(
        f.env.json(&["request", "list"]),
        Value::Array(f.docs.clone())
    );
    assert_eq!(
        f.env.json(&["request", "list", "--claimed"]),
        json!([f.docs[0], f.docs[3]])
    );
    // An empty result is an empty array.
    assert_eq!(
        f.env.json(&["request", "list", "--branch", "nope"]),
        json!([])
    );
    // The table has a row per request; --wide has every field, with times.
    let table = stdout_of(&mut f.env.bb(&["request", "list"]));
    assert_eq!(table.lines().count(), f.docs.len() + 1, "{table}");
    for name in ["b1", "b2", "failure", "success", "pending"] {
        assert!(table.contains(name), "{name} missing from {table}");
    }
    let table = stdout_of(&mut f.env.bb(&["request", "list", "--wide"]));
    for name in [
        "b1",
        "b2",
        "2024-05-01T12:00:40Z",
        "failure",
        "success",
        "waited_for",
    ] {
        assert!(table.contains(name), "{name} missing from {table}");
    }
}

engines!(list_filters_alone);
fn list_filters_alone(engine: Engine) {
    let f = fixture(engine);
    let env = &f.env;
    let (m1, m2) = (f.m1.to_string(), f.m2.to_string());

    assert_eq!(list(env, &["--builder", "b1"]), [1, 3, 5]);
    assert_eq!(list(env, &["--builder", "2"]), [2, 4, 6]);

    assert_eq!(list(env, &["--complete"]), [1, 6]);
    assert_eq!(list(env, &["--incomplete"]), [2, 3, 4, 5]);

    assert_eq!(list(env, &["--claimed"]), [1, 4]);
    // Unclaimed is Buildbot's: no claim and not complete, so 6 is left out.
    assert_eq!(list(env, &["--unclaimed"]), [2, 3, 5]);
    assert_eq!(list(env, &["--claimed-by", "m1"]), [1]);
    assert_eq!(list(env, &["--claimed-by", &m1]), [1]);
    assert_eq!(list(env, &["--claimed-by", &m2]), [4]);
    assert_eq!(list(env, &["--claimed-by", "m2"]), [4]);

    assert_eq!(list(env, &["--buildset", "1"]), [1, 2]);
    assert_eq!(list(env, &["--buildset", "4"]), [5, 6]);

    // Request 3's buildset has two sourcestamps on main: listed once.
    assert_eq!(list(env, &["--branch", "main"]), [1, 2, 3]);
    assert_eq!(list(env, &["--branch", "dev"]), [4]);
    assert_eq!(list(env, &["--branch", "nope"]), Vec::<i64>::new());
    assert_eq!(list(env, &["--repository", "r1"]), [1, 2, 3]);
    assert_eq!(list(env, &["--repository", "r2"]), [4]);
    assert_eq!(list(env, &["--repository", "main"]), Vec::<i64>::new());
}

engines!(list_filters_combined);
fn list_filters_combined(engine: Engine) {
    let f = fixture(engine);
    let env = &f.env;
    assert_eq!(list(env, &["--builder", "b1", "--incomplete"]), [3, 5]);
    assert_eq!(list(env, &["--builder", "b1", "--complete"]), [1]);
    assert_eq!(list(env, &["--builder", "b2", "--unclaimed"]), [2]);
    assert_eq!(list(env, &["--builder", "b2", "--claimed"]), [4]);
    assert_eq!(
        list(
            env,
            &["--builder", "b1", "--claimed-by", "m1", "--complete"]
        ),
        [1]
    );
    assert_eq!(
        list(
            env,
            &["--builder", "b1", "--claimed-by", "m1", "--incomplete"]
        ),
        Vec::<i64>::new()
    );
    assert_eq!(
        list(env, &["--builder", "b2", "--claimed-by", "m1"]),
        Vec::<i64>::new()
    );
    assert_eq!(list(env, &["--branch", "main", "--unclaimed"]), [2, 3]);
    assert_eq!(list(env, &["--branch", "main", "--builder", "b1"]), [1, 3]);
    assert_eq!(
        list(
            env,
            &["--repository", "r1", "--builder", "b2", "--incomplete"]
        ),
        [2]
    );
    // Branch and repository must match the same sourcestamp.
    assert_eq!(
        list(env, &["--branch", "main", "--repository", "r1"]),
        [1, 2, 3]
    );
    assert_eq!(
        list(env, &["--branch", "main", "--repository", "r2"]),
        Vec::<i64>::new()
    );
    assert_eq!(list(env, &["--buildset", "1", "--claimed"]), [1]);
    assert_eq!(list(env, &["--buildset", "4", "--complete"]), [6]);
    assert_eq!(
        list(
            env,
            &["--buildset", "3", "--branch", "dev", "--claimed-by", "m2"]
        ),
        [4]
    );
    // The buildset without sourcestamps drops out only once a sourcestamp
    // filter is given.
    assert_eq!(list(env, &["--buildset", "4"]), [5, 6]);
    assert_eq!(
        list(env, &["--buildset", "4", "--branch", "main"]),
        Vec::<i64>::new()
    );
}

engines!(list_lookups_never_create_and_unknowns_are_not_found);
fn list_lookups_never_create_and_unknowns_are_not_found(engine: Engine) {
    let f = fixture(engine);
    let env = &f.env;
    let before = env.dump();

    let err = fails_json(
        &mut env.bb(&["request", "list", "--claimed-by", "ghost"]),
        4,
    );
    assert!(err["message"].as_str().unwrap().contains("ghost"), "{err}");
    fails(&mut env.bb(&["request", "list", "--claimed-by", "99"]), 4);
    let err = fails_json(&mut env.bb(&["request", "list", "--builder", "nope"]), 4);
    assert!(err["message"].as_str().unwrap().contains("nope"), "{err}");
    fails(&mut env.bb(&["request", "list", "--builder", "99"]), 4);
    fails(&mut env.bb(&["request", "list", "--buildset", "99"]), 4);
    assert_eq!(env.dump(), before, "a lookup changed the database");
    assert_eq!(
        env.int("SELECT count(*) FROM masters WHERE name = 'ghost'"),
        0
    );

    // --master is ignored by a command that does not act as a master.
    assert_eq!(list(env, &["--master", "someone"]), [1, 2, 3, 4, 5, 6]);
    assert_eq!(env.dump(), before);

    // Exclusive flags and bad values are usage errors.
    for args in [
        &["--complete", "--incomplete"][..],
        &["--claimed", "--unclaimed"],
        &["--claimed", "--claimed-by", "m1"],
        &["--unclaimed", "--claimed-by", "m1"],
        &["--buildset", "0"],
        &["--buildset", "x"],
        &["--limit", "-1"],
        &["--filter", "nope=1"],
        &["--filter", "results=abc"],
        &["--filter", "results__contains=1"],
        &["--filter", "results__lt=null"],
        &["--order", "nope"],
        &["--field", "nope"],
    ] {
        let mut all = vec!["request", "list"];
        all.extend(args);
        fails(&mut env.bb(&all), 2);
    }
}

engines!(list_limit_and_offset_count_requests);
fn list_limit_and_offset_count_requests(engine: Engine) {
    let f = fixture(engine);
    let env = &f.env;
    assert_eq!(list(env, &["--limit", "2"]), [1, 2]);
    assert_eq!(list(env, &["--limit", "2", "--offset", "2"]), [3, 4]);
    assert_eq!(list(env, &["--offset", "4"]), [5, 6]);
    assert_eq!(list(env, &["--offset", "10"]), Vec::<i64>::new());
    assert_eq!(list(env, &["--limit", "0"]), Vec::<i64>::new());
    // Request 3 (two sourcestamps on main) is one entity under a limit.
    assert_eq!(
        list(
            env,
            &[
                "--branch",
                "main",
                "--order=-buildrequestid",
                "--limit",
                "2"
            ]
        ),
        [3, 2]
    );
    assert_eq!(
        list(env, &["--branch", "main", "--limit", "1", "--offset", "2"]),
        [3]
    );
    assert_eq!(list(env, &["--repository", "r1", "--offset", "1"]), [2, 3]);
    // A request whose buildset has no sourcestamps counts as well.
    assert_eq!(list(env, &["--limit", "1", "--offset", "5"]), [6]);
    assert_eq!(
        list(env, &["--unclaimed", "--limit", "2", "--offset", "1"]),
        [3, 5]
    );
}

engines!(list_result_spec);
fn list_result_spec(engine: Engine) {
    let f = fixture(engine);
    let env = &f.env;
    let m1 = f.m1.to_string();

    assert_eq!(list(env, &["--order=-buildrequestid"]), [6, 5, 4, 3, 2, 1]);
    assert_eq!(
        list(env, &["--order", "-buildrequestid"]),
        [6, 5, 4, 3, 2, 1]
    );
    // Ties are broken by id.
    assert_eq!(list(env, &["--order", "results"]), [2, 3, 4, 5, 1, 6]);
    assert_eq!(
        list(env, &["--order", "results", "--order=-buildrequestid"]),
        [5, 4, 3, 2, 1, 6]
    );
    assert_eq!(list(env, &["--order=-submitted_at"]), [5, 6, 4, 3, 1, 2]);

    assert_eq!(list(env, &["--filter", "buildername=b2"]), [2, 4, 6]);
    assert_eq!(list(env, &["--filter", "buildername__ne=b2"]), [1, 3, 5]);
    assert_eq!(
        list(env, &["--filter", "buildername__contains=2"]),
        [2, 4, 6]
    );
    assert_eq!(
        list(env, &["--filter", "buildername__contains=B"]),
        Vec::<i64>::new()
    );
    assert_eq!(list(env, &["--filter", "results__in=0,2"]), [1, 6]);
    assert_eq!(list(env, &["--filter", "results__notin=-1"]), [1, 6]);
    assert_eq!(list(env, &["--filter", "results__gt=0"]), [6]);
    assert_eq!(
        list(env, &["--filter", "claimed_by_masterid=null"]),
        [2, 3, 5, 6]
    );
    assert_eq!(
        list(env, &["--filter", "claimed_by_masterid__ne=null"]),
        [1, 4]
    );
    assert_eq!(
        list(env, &["--filter", &format!("claimed_by_masterid__ne={m1}")]),
        [2, 3, 4, 5, 6]
    );
    assert_eq!(list(env, &["--filter", "claimed=true"]), [1, 4]);
    assert_eq!(list(env, &["--filter", "complete=false"]), [2, 3, 4, 5]);
    assert_eq!(
        list(env, &["--filter", &format!("submitted_at__lt={}", T0 + 2)]),
        [1, 2, 3]
    );
    assert_eq!(
        list(env, &["--filter", "submitted_at__ge=2024-05-01T12:00:02Z"]),
        [4, 5, 6]
    );
    assert_eq!(
        list(env, &["--filter", &format!("complete_at__ge={}", T0 + 35)]),
        [6]
    );
    assert_eq!(
        list(
            env,
            &["--filter", "complete_at=null", "--filter", "claimed=false"]
        ),
        [2, 3, 5]
    );
    // The result spec combines with the command's own filters.
    assert_eq!(
        list(
            env,
            &[
                "--builder",
                "b2",
                "--filter",
                "results=-1",
                "--order=-buildrequestid"
            ]
        ),
        [4, 2]
    );
    assert_eq!(
        list(env, &["--branch", "main", "--filter", "buildsetid__ge=2"]),
        [3]
    );

    // --field: only those fields, in tables and JSON; filtering or ordering
    // on other fields is allowed.
    assert_eq!(
        env.json(&[
            "request",
            "list",
            "--field",
            "buildrequestid",
            "--field",
            "claimed_by_masterid",
            "--filter",
            "complete=true",
            "--order=-submitted_at",
        ]),
        json!([
            {"buildrequestid": 6, "claimed_by_masterid": null},
            {"buildrequestid": 1, "claimed_by_masterid": f.m1},
        ])
    );
    let table = stdout_of(&mut env.bb(&[
        "request",
        "list",
        "--field",
        "buildername",
        "--field",
        "claimed",
    ]));
    assert!(table.contains("buildername"), "{table}");
    assert!(!table.contains("buildsetid"), "{table}");
    assert!(!table.contains("submitted_at"), "{table}");
}

// --- claim --------------------------------------------------------------------------

engines!(myisam: claim_creates_the_master_and_prints_the_claimed_requests);
fn claim_creates_the_master_and_prints_the_claimed_requests(env: Env) {
    add(&env, T0, &["b1", "b2", "b3"], &[]);
    // Duplicates count once.
    let out = claim(&env, "new-master", T0 + 60, &[2, 1, 2]);
    let m = masterid(&env, "new-master");
    let mut got = out.as_array().unwrap().clone();
    got.sort_by_key(|r| r["buildrequestid"].as_i64());
    assert_eq!(
        Value::Array(got),
        json!([
            with_claim(request(1, 1, 1, "b1", T0), T0 + 60, m),
            with_claim(request(2, 1, 2, "b2", T0), T0 + 60, m),
        ])
    );
    assert_eq!(
        env.rows("SELECT brid, masterid, claimed_at FROM buildrequest_claims ORDER BY brid"),
        json!([[1, m, T0 + 60], [2, m, T0 + 60]])
    );
    // The new master is inactive, last active at --at.
    assert_eq!(
        env.rows("SELECT id, name, active, last_active FROM masters"),
        json!([[m, "new-master", 0, T0 + 60]])
    );

    // A known master is reused, unchanged; --at takes RFC 3339.
    let out = env.json(&[
        "request",
        "claim",
        "3",
        "--master",
        "new-master",
        "--at",
        "2024-05-01T13:00:00+01:00",
    ]);
    assert_eq!(out, json!([with_claim(request(3, 1, 3, "b3", T0), T0, m)]));
    assert_eq!(count(&env, "masters"), 1);
    assert_eq!(
        env.rows("SELECT active, last_active FROM masters"),
        json!([[0, T0 + 60]])
    );
}

engines!(myisam: claim_without_at_stamps_now);
fn claim_without_at_stamps_now(env: Env) {
    add(&env, T0, &["b1"], &[]);
    let before = chrono_now();
    let out = env.json(&["request", "claim", "1", "--master", "m"]);
    let after = chrono_now();
    let at = out[0]["claimed_at"].as_i64().unwrap();
    assert!(before <= at && at <= after, "{at} not in {before}..{after}");
    assert_eq!(
        env.int("SELECT last_active FROM masters WHERE name = 'm'"),
        at
    );
}

fn chrono_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

engines!(myisam: claim_master_from_env_flag_and_id);
fn claim_master_from_env_flag_and_id(env: Env) {
    add(&env, T0, &["b1", "b2", "b3", "b4"], &[]);

    // BB_MASTER names the master.
    let out = stdout_of(
        env.bb(&["request", "claim", "1", "--at", &T0.to_string(), "--json"])
            .env("BB_MASTER", "from-env"),
    );
    let doc: Value = serde_json::from_str(&out).unwrap();
    let from_env = masterid(&env, "from-env");
    assert_eq!(doc[0]["claimed_by_masterid"], json!(from_env));

    // --master wins over BB_MASTER.
    let out = stdout_of(
        env.bb(&[
            "request",
            "claim",
            "2",
            "--master",
            "from-flag",
            "--at",
            &T0.to_string(),
            "--json",
        ])
        .env("BB_MASTER", "from-env"),
    );
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        doc[0]["claimed_by_masterid"],
        json!(masterid(&env, "from-flag"))
    );

    // A number is a master id, which must exist.
    let id = from_env.to_string();
    let doc = claim(&env, &id, T0, &[3]);
    assert_eq!(doc[0]["claimed_by_masterid"], json!(from_env));

    let before = env.dump();
    let err = fails_json(&mut env.bb(&["request", "claim", "4", "--master", "42"]), 4);
    assert!(err["message"].as_str().unwrap().contains("42"), "{err}");
    let mut cmd = env.bb(&["request", "claim", "4"]);
    cmd.env("BB_MASTER", "42");
    fails(&mut cmd, 4);
    assert_eq!(env.dump(), before);
    assert_eq!(count(&env, "masters"), 2);
}

engines!(myisam: claim_default_master_is_bb_beside_the_database_directory);
fn claim_default_master_is_bb_beside_the_database_directory(env: Env) {
    add(&env, T0, &["b1", "b2"], &[]);
    let expected = env.own_master();

    let doc = env.json(&["request", "claim", "1", "--at", &T0.to_string()]);
    let m = masterid(&env, &expected);
    assert_eq!(doc[0]["claimed_by_masterid"], json!(m));
    assert_eq!(
        env.rows("SELECT name, active, last_active FROM masters"),
        json!([[expected, 0, T0]])
    );

    // A relative --db, from the database's directory, names the same master
    // (on PostgreSQL: whatever the directory).
    let db = match env.engine {
        Engine::Sqlite => "state.sqlite".to_string(),
        Engine::Postgresql | Engine::Mysql => env.db_str(),
    };
    let out = stdout_of(&mut env.bb_here(&["--db", &db, "request", "claim", "2", "--json"]));
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc[0]["claimed_by_masterid"], json!(m));
    assert_eq!(count(&env, "masters"), 1);
}

engines!(myisam: claim_of_claimed_requests_is_all_or_nothing);
fn claim_of_claimed_requests_is_all_or_nothing(env: Env) {
    add(&env, T0, &["b1", "b2", "b3", "b4"], &[]);
    claim(&env, "m1", T0, &[1]);
    claim(&env, "m2", T0, &[3]);
    let (m1, m2) = (masterid(&env, "m1"), masterid(&env, "m2"));
    let before = env.dump();

    // A new master, so that its creation must be rolled back too.
    let err = fails_json(
        &mut env.bb(&[
            "request", "claim", "4", "3", "2", "1", "--master", "m3", "--at", "1",
        ]),
        3,
    );
    let message = err["message"].as_str().unwrap().to_string();
    assert_eq!(
        err,
        json!({
            "error": "conflict",
            "message": message,
            "ids": [1, 3],
            "holders": {"1": m1, "3": m2},
        })
    );
    for needle in ["1", "3", &m1.to_string(), &m2.to_string()] {
        assert!(message.contains(needle), "{needle} not named: {message}");
    }
    assert_eq!(env.dump(), before, "a failed claim wrote something");
    assert_eq!(env.int("SELECT count(*) FROM masters WHERE name = 'm3'"), 0);

    // The holder itself cannot claim again either.
    let err = fails_json(
        &mut env.bb(&["request", "claim", "1", "2", "--master", "m1"]),
        3,
    );
    assert_eq!(err["ids"], json!([1]));
    assert_eq!(err["holders"], json!({"1": m1}));
    assert_eq!(env.dump(), before);

    // The text error is one line naming the ids.
    let line = fails(
        &mut env.bb(&["request", "claim", "2", "3", "--master", "m1"]),
        3,
    );
    assert!(
        line.contains('3') && line.contains(&m2.to_string()),
        "{line}"
    );
    assert_eq!(env.dump(), before);

    // The rest can still be claimed.
    assert_eq!(ids(&claim(&env, "m3", T0, &[2, 4])).len(), 2);
}

engines!(myisam: claim_of_a_complete_request_is_a_conflict);
fn claim_of_a_complete_request_is_a_conflict(env: Env) {
    add(&env, T0, &["b1", "b2"], &[]);
    complete(&env, "success", T0, &[1]);
    let before = env.dump();
    let err = fails_json(
        &mut env.bb(&["request", "claim", "1", "2", "--master", "m"]),
        3,
    );
    assert_eq!(err["error"], "conflict");
    assert_eq!(err["ids"], json!([1]));
    assert!(err["message"].as_str().unwrap().contains('1'), "{err}");
    assert_eq!(env.dump(), before);
    assert_eq!(count(&env, "masters"), 0);
}

engines!(myisam: claim_of_a_missing_request_is_not_found_even_with_conflicts);
fn claim_of_a_missing_request_is_not_found_even_with_conflicts(env: Env) {
    add(&env, T0, &["b1", "b2", "b3"], &[]);
    claim(&env, "m1", T0, &[1]);
    complete(&env, "success", T0, &[3]);
    let before = env.dump();
    let err = fails_json(
        &mut env.bb(&[
            "request", "claim", "1", "2", "3", "98", "99", "--master", "m2",
        ]),
        4,
    );
    assert_eq!(err["error"], "not_found");
    assert_eq!(err["ids"], json!([98, 99]));
    let message = err["message"].as_str().unwrap();
    assert!(
        message.contains("98") && message.contains("99"),
        "{message}"
    );
    assert_eq!(env.dump(), before);
    assert_eq!(env.int("SELECT count(*) FROM masters WHERE name = 'm2'"), 0);
}

engines!(claim_bad_ids_are_usage_errors_before_the_database_is_opened);
fn claim_bad_ids_are_usage_errors_before_the_database_is_opened(env: Env) {
    add(&env, T0, &["b1"], &[]);
    let before = env.dump();
    for bad in [
        "0",
        "-1",
        "abc",
        "1.5",
        "9223372036854775808",
        "99999999999999999999999",
    ] {
        fails(
            &mut env.bb(&["request", "claim", "1", bad, "--master", "m"]),
            2,
        );
        fails_json(&mut env.bb(&["request", "claim", bad, "--master", "m"]), 2);
        // Reported before the database is opened: a missing file is not looked at.
        fails(
            bare_bb().args(["--db", "/nonexistent/state.sqlite", "request", "claim", bad]),
            2,
        );
    }
    fails(&mut env.bb(&["request", "claim", "--master", "m"]), 2);
    fails(
        &mut env.bb(&["request", "claim", "1", "--at", "yesterday"]),
        2,
    );
    assert_eq!(env.dump(), before);
}

// --- unclaim -----------------------------------------------------------------------

engines!(myisam: unclaim_releases_own_claims_and_reports_the_rest);
fn unclaim_releases_own_claims_and_reports_the_rest(env: Env) {
    add(&env, T0, &["b1", "b2", "b3", "b4"], &[]);
    claim(&env, "m1", T0, &[1, 4]);
    claim(&env, "m2", T0 + 1, &[2]);
    let (m1, m2) = (masterid(&env, "m1"), masterid(&env, "m2"));

    let out = env.json(&["request", "unclaim", "1", "2", "3", "1", "--master", "m1"]);
    assert_eq!(
        out,
        json!({
            "unclaimed": [1],
            "skipped": [
                {"buildrequestid": 2, "reason": "claimed by another master", "masterid": m2},
                {"buildrequestid": 3, "reason": "not claimed", "masterid": null},
            ],
        })
    );
    assert_eq!(
        env.rows("SELECT brid, masterid, claimed_at FROM buildrequest_claims ORDER BY brid"),
        json!([[2, m2, T0 + 1], [4, m1, T0]])
    );
    assert_eq!(
        env.json(&["request", "show", "1"]),
        request(1, 1, 1, "b1", T0)
    );
    // Released requests can be claimed again, by anyone.
    claim(&env, "m2", T0 + 2, &[1]);

    // Unclaiming again reports it as someone else's.
    assert_eq!(
        env.json(&["request", "unclaim", "1", "--master", &m1.to_string()]),
        json!({
            "unclaimed": [],
            "skipped": [{"buildrequestid": 1, "reason": "claimed by another master", "masterid": m2}],
        })
    );
    assert_eq!(
        env.json(&["request", "unclaim", "4", "--master", "m1"]),
        json!({"unclaimed": [4], "skipped": []})
    );
    assert_eq!(
        env.rows("SELECT brid, masterid FROM buildrequest_claims ORDER BY brid"),
        json!([[1, m2], [2, m2]])
    );
}

engines!(myisam: unclaim_of_a_missing_request_is_not_found_and_unclaims_nothing);
fn unclaim_of_a_missing_request_is_not_found_and_unclaims_nothing(env: Env) {
    add(&env, T0, &["b1", "b2"], &[]);
    claim(&env, "m1", T0, &[1, 2]);
    let before = env.dump();
    let err = fails_json(
        &mut env.bb(&["request", "unclaim", "1", "99", "2", "--master", "m1"]),
        4,
    );
    assert_eq!(err["ids"], json!([99]));
    assert_eq!(env.dump(), before);
    fails(
        &mut env.bb(&["request", "unclaim", "1", "--master", "77"]),
        4,
    );
    for bad in ["0", "-3", "x", "18446744073709551616"] {
        fails(
            &mut env.bb(&["request", "unclaim", bad, "--master", "m1"]),
            2,
        );
    }
    fails(&mut env.bb(&["request", "unclaim", "--master", "m1"]), 2);
    assert_eq!(env.dump(), before);
}

engines!(myisam: unclaim_as_a_new_master_creates_it_inactive);
fn unclaim_as_a_new_master_creates_it_inactive(env: Env) {
    add(&env, T0, &["b1"], &[]);
    claim(&env, "m1", T0, &[1]);
    let before = chrono_now();
    let out = env.json(&["request", "unclaim", "1", "--master", "newcomer"]);
    let after = chrono_now();
    assert_eq!(
        out,
        json!({
            "unclaimed": [],
            "skipped": [{"buildrequestid": 1, "reason": "claimed by another master",
                         "masterid": masterid(&env, "m1")}],
        })
    );
    let row = env.rows("SELECT active, last_active FROM masters WHERE name = 'newcomer'");
    assert_eq!(row[0][0], json!(0));
    let last_active = row[0][1].as_i64().unwrap();
    assert!(before <= last_active && last_active <= after, "{row}");
    assert_eq!(count(&env, "buildrequest_claims"), 1);
}

// --- complete ----------------------------------------------------------------------

engines!(myisam: complete_by_name_and_number_and_then_the_buildset);
fn complete_by_name_and_number_and_then_the_buildset(env: Env) {
    let (bsid, brids) = add(&env, T0, &["b1", "b2", "b3"], &[]);
    assert_eq!(brids, [1, 2, 3]);
    claim(&env, "m1", T0 + 1, &[1]);
    let m1 = masterid(&env, "m1");

    let out = complete(&env, "warnings", T0 + 100, &[1]);
    assert_eq!(
        out,
        json!({
            "buildrequests": [with_completion(with_claim(request(1, 1, 1, "b1", T0), T0 + 1, m1), T0 + 100, 1)],
            "buildsets_completed": [],
        })
    );
    // A partly complete buildset stays incomplete.
    assert_eq!(buildset_state(&env, bsid), json!([0, -1, null]));

    // Results by number; duplicates once; the last requests complete the buildset.
    let out = complete(&env, "2", T0 + 200, &[3, 2, 3]);
    let mut done = out["buildrequests"].as_array().unwrap().clone();
    done.sort_by_key(|r| r["buildrequestid"].as_i64());
    assert_eq!(
        Value::Array(done),
        json!([
            with_completion(request(2, 1, 2, "b2", T0), T0 + 200, 2),
            with_completion(request(3, 1, 3, "b3", T0), T0 + 200, 2),
        ])
    );
    assert_eq!(out["buildsets_completed"], json!([bsid]));
    assert_eq!(buildset_state(&env, bsid), json!([1, 2, T0 + 200]));
    let shown = env.json(&["buildset", "show", &bsid.to_string()]);
    assert_eq!(
        (&shown["complete"], &shown["results"], &shown["complete_at"]),
        (&json!(true), &json!(2), &json!(T0 + 200))
    );
    assert_eq!(
        env.rows("SELECT id, complete, results, complete_at FROM buildrequests ORDER BY id"),
        json!([
            [1, 1, 1, T0 + 100],
            [2, 1, 2, T0 + 200],
            [3, 1, 2, T0 + 200]
        ])
    );
    // Completing does not release claims.
    assert_eq!(count(&env, "buildrequest_claims"), 1);
}

engines!(myisam: complete_buildset_gets_the_worst_result);
fn complete_buildset_gets_the_worst_result(engine: On) {
    // (results the requests complete with, one command each; the buildset's results)
    let cases: &[(&[&str], i64)] = &[
        (&["skipped", "skipped"], 0),
        (&["skipped"], 0),
        (&["success", "warnings"], 1),
        (&["warnings", "success"], 1),
        (&["skipped", "warnings"], 1),
        (&["warnings", "failure"], 2),
        (&["failure", "exception"], 4),
        (&["exception", "failure"], 4),
        (&["exception", "cancelled", "success"], 6),
        (&["cancelled", "exception"], 6),
        (&["success", "skipped", "6"], 6),
        (&["4", "1"], 4),
    ];
    for (n, (results, expected)) in cases.iter().enumerate() {
        let env = Env::from(engine);
        let builders: Vec<String> = (0..results.len()).map(|i| format!("b{i}")).collect();
        let builders: Vec<&str> = builders.iter().map(String::as_str).collect();
        let (bsid, brids) = add(&env, T0, &builders, &[]);
        for (i, (result, brid)) in results.iter().zip(&brids).enumerate() {
            let at = T0 + 10 * (i as i64 + 1);
            let out = complete(&env, result, at, &[*brid]);
            let last = i + 1 == results.len();
            assert_eq!(
                out["buildsets_completed"],
                if last { json!([bsid]) } else { json!([]) },
                "case {n} {results:?}, step {i}"
            );
            if last {
                assert_eq!(
                    buildset_state(&env, bsid),
                    json!([1, expected, at]),
                    "case {n} {results:?}"
                );
            } else {
                assert_eq!(buildset_state(&env, bsid), json!([0, -1, null]), "case {n}");
            }
        }
    }

    // One command completing all the requests at once.
    let env = Env::from(engine);
    let (bsid, brids) = add(&env, T0, &["x", "y"], &[]);
    let out = complete(&env, "skipped", T0 + 5, &brids);
    assert_eq!(out["buildsets_completed"], json!([bsid]));
    assert_eq!(buildset_state(&env, bsid), json!([1, 0, T0 + 5]));
}

engines!(myisam: complete_across_buildsets_completes_only_the_finished_ones);
fn complete_across_buildsets_completes_only_the_finished_ones(env: Env) {
    let (bs1, r1) = add(&env, T0, &["a", "b"], &[]);
    let (bs2, r2) = add(&env, T0, &["a", "b"], &[]);
    let (bs3, r3) = add(&env, T0, &["a"], &[]);
    complete(&env, "success", T0 + 1, &[r1[0]]);
    let out = complete(&env, "failure", T0 + 2, &[r3[0], r1[1], r2[0]]);
    assert_eq!(out["buildsets_completed"], json!([bs1, bs3]));
    assert_eq!(ids(&out["buildrequests"]).len(), 3);
    assert_eq!(buildset_state(&env, bs1), json!([1, 2, T0 + 2]));
    assert_eq!(buildset_state(&env, bs2), json!([0, -1, null]));
    assert_eq!(buildset_state(&env, bs3), json!([1, 2, T0 + 2]));
    assert_eq!(list(&env, &["--incomplete"]), [r2[1]]);
}

engines!(myisam: complete_refuses_complete_missing_and_retry);
fn complete_refuses_complete_missing_and_retry(env: Env) {
    let (_, brids) = add(&env, T0, &["b1", "b2", "b3"], &[]);
    complete(&env, "success", T0, &[brids[0]]);
    let before = env.dump();

    let err = fails_json(
        &mut env.bb(&[
            "request",
            "complete",
            "2",
            "1",
            "--results",
            "failure",
            "--at",
            "5",
        ]),
        3,
    );
    assert_eq!(err["ids"], json!([1]));
    assert!(err["message"].as_str().unwrap().contains('1'), "{err}");
    assert_eq!(env.dump(), before);

    // Not found wins over conflict.
    let err = fails_json(
        &mut env.bb(&[
            "request",
            "complete",
            "1",
            "2",
            "77",
            "--results",
            "failure",
        ]),
        4,
    );
    assert_eq!(err["ids"], json!([77]));
    assert_eq!(env.dump(), before);

    for results in ["retry", "RETRY", "5", "7", "-1", "great", ""] {
        fails(
            &mut env.bb(&["request", "complete", "2", "--results", results]),
            2,
        );
    }
    fails(&mut env.bb(&["request", "complete", "2"]), 2);
    fails(
        &mut env.bb(&["request", "complete", "--results", "success"]),
        2,
    );
    fails(
        &mut env.bb(&["request", "complete", "0", "--results", "success"]),
        2,
    );
    fails(
        bare_bb().args([
            "--db",
            "/nonexistent/state.sqlite",
            "request",
            "complete",
            "2",
            "--results",
            "retry",
        ]),
        2,
    );
    assert_eq!(env.dump(), before);

    // Result names are case-insensitive, as for other commands.
    let out = complete(&env, "Exception", T0 + 3, &[2]);
    assert_eq!(out["buildrequests"][0]["results"], json!(4));
}

// --- contention --------------------------------------------------------------------

/// A small deterministic PRNG (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// `bb --db <database> --json ARGS...` started in the background, its
/// output piped: one of several processes that race.
fn spawn_json(env: &Env, args: &[&str]) -> std::process::Child {
    StdCommand::new(env!("CARGO_BIN_EXE_bb"))
        .env_remove("BB_DB")
        .env_remove("BB_MASTER")
        .current_dir(env.dir.path())
        .arg("--db")
        .arg(env.db_str())
        .arg("--json")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

engines!(myisam: two_completions_of_the_last_two_requests_complete_the_buildset_once);
fn two_completions_of_the_last_two_requests_complete_the_buildset_once(env: Env) {
    // Each round a buildset of two requests, whose two completions start
    // together: exactly one of them completes the buildset, with the worse
    // of the two results (failure), however they interleave. (On MyISAM,
    // with neither the table locks nor the guard on the buildset's UPDATE,
    // both completed it within a few rounds.)
    for round in 0..10 {
        let at = T0 + 10 * round;
        let (bsid, brids) = add(&env, at, &["b1", "b2"], &[]);
        let done = (at + 1).to_string();
        let spawn = |brid: i64, results: &str| {
            let brid = brid.to_string();
            let args = ["--busy-timeout", "20s", "request", "complete", &brid];
            spawn_json(
                &env,
                &[&args[..], &["--results", results, "--at", &done]].concat(),
            )
        };
        let children = [spawn(brids[0], "success"), spawn(brids[1], "failure")];
        let mut completed = Vec::new();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}: exit {:?}: {}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            );
            let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
            completed.extend(doc["buildsets_completed"].as_array().unwrap().clone());
        }
        assert_eq!(
            completed,
            [json!(bsid)],
            "round {round}: completed exactly once"
        );
        assert_eq!(
            buildset_state(&env, bsid),
            json!([1, 2, at + 1]),
            "round {round}: the worst result, failure"
        );
    }
}

engines!(myisam: concurrent_claims_never_double_claim);
fn concurrent_claims_never_double_claim(env: Env) {
    const REQUESTS: i64 = 300;
    const PROCESSES: usize = 8;
    const ROUNDS: i64 = 12;

    let builders: Vec<String> = (0..30).map(|i| format!("b{i}")).collect();
    let builders: Vec<&str> = builders.iter().map(String::as_str).collect();
    for _ in 0..REQUESTS / 30 {
        add(&env, T0, &builders, &[]);
    }
    assert_eq!(count(&env, "buildrequests"), REQUESTS);

    let started = Instant::now();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    // brid -> master name, from what each successful process printed.
    let mut reported: BTreeMap<i64, String> = BTreeMap::new();
    // (brid, holder masterid, round) from conflict errors, checked at the end.
    let mut conflicts: Vec<(i64, i64, i64)> = Vec::new();
    let (mut successes, mut failures) = (0, 0);
    let mut codes: BTreeMap<i32, usize> = BTreeMap::new();
    for round in 0..ROUNDS {
        let at = T0 + 100 + round;
        let mut running = Vec::new();
        for p in 0..PROCESSES {
            let master = format!("m{p}");
            let size = 1 + rng.below(8);
            let batch: Vec<i64> = (0..size)
                .map(|_| 1 + rng.below(REQUESTS as u64) as i64)
                .collect();
            let at = at.to_string();
            let batch_args: Vec<String> = batch.iter().map(i64::to_string).collect();
            let mut args = vec!["--master", &master, "request", "claim", "--at", &at];
            args.extend(batch_args.iter().map(String::as_str));
            let child = spawn_json(&env, &args);
            running.push((master, batch, child));
        }
        for (master, batch, child) in running {
            let out = child.wait_with_output().unwrap();
            let code = out.status.code().unwrap_or(-1);
            *codes.entry(code).or_default() += 1;
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                code == 0 || code == 3,
                "round {round} {master} {batch:?}: exit {code}: {stderr}"
            );
            let wanted: BTreeSet<i64> = batch.iter().copied().collect();
            if code == 0 {
                successes += 1;
                let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
                let got: BTreeSet<i64> = ids(&doc).into_iter().collect();
                assert_eq!(
                    got, wanted,
                    "{master} printed other requests than it asked for"
                );
                for r in doc.as_array().unwrap() {
                    assert_eq!(r["claimed_at"], json!(at), "{r}");
                    assert_eq!(r["claimed"], json!(true), "{r}");
                    let brid = r["buildrequestid"].as_i64().unwrap();
                    if let Some(other) = reported.insert(brid, master.clone()) {
                        panic!("request {brid} reported claimed by {other} and by {master}");
                    }
                }
                // The masterid printed is this process's master.
                let mid = masterid(&env, &master);
                assert!(
                    doc.as_array()
                        .unwrap()
                        .iter()
                        .all(|r| r["claimed_by_masterid"] == json!(mid)),
                    "{doc}"
                );
            } else {
                failures += 1;
                assert!(out.stdout.is_empty());
                let line = stderr.lines().nth(1).unwrap_or_else(|| panic!("{stderr}"));
                let err: Value = serde_json::from_str(line).unwrap();
                assert_eq!(err["error"], "conflict", "{err}");
                let conflicted: BTreeSet<i64> = err["ids"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_i64().unwrap())
                    .collect();
                assert!(
                    !conflicted.is_empty() && conflicted.is_subset(&wanted),
                    "{err}"
                );
                let holders = err["holders"].as_object().unwrap();
                assert_eq!(
                    holders
                        .keys()
                        .map(|k| k.parse().unwrap())
                        .collect::<BTreeSet<i64>>(),
                    conflicted,
                    "{err}"
                );
                for (brid, holder) in holders {
                    conflicts.push((brid.parse().unwrap(), holder.as_i64().unwrap(), round));
                }
            }
        }
    }
    let elapsed = started.elapsed();
    eprintln!(
        "contention: {} processes in {ROUNDS} rounds of {PROCESSES}: {successes} claimed, \
         {failures} conflicts, exits {codes:?}, {elapsed:?}",
        successes + failures
    );
    assert!(successes > 0 && failures > 0, "the test did not contend");

    // In the database: each request claimed at most once, exactly the claims
    // reported, each by the master of the process that reported it.
    assert_eq!(
        env.int("SELECT count(*) FROM (SELECT brid FROM buildrequest_claims GROUP BY brid HAVING count(*) > 1) AS twice"),
        0
    );
    let in_db = claims(&env);
    let ids_in_db: BTreeSet<i64> = in_db.keys().copied().collect();
    let ids_reported: BTreeSet<i64> = reported.keys().copied().collect();
    assert_eq!(
        ids_in_db, ids_reported,
        "claims in the database differ from those reported"
    );
    for (brid, master) in &reported {
        assert_eq!(in_db[brid].0, masterid(&env, master), "request {brid}");
    }
    // A conflict named the master that (still) holds the request; some
    // lost to a process of the same round, so the claims really raced.
    let mut same_round = 0;
    for (brid, holder, round) in conflicts {
        let claim = in_db.get(&brid).copied();
        assert_eq!(claim.map(|c| c.0), Some(holder), "request {brid}");
        same_round += usize::from(claim.map(|c| c.1) == Some(T0 + 100 + round));
    }
    eprintln!("contention: {same_round} requests lost to a claim of the same round");
    assert!(
        same_round > 0,
        "no two processes of a round wanted the same request"
    );
    assert_eq!(count(&env, "masters"), PROCESSES as i64);
    assert_eq!(env.int("SELECT count(*) FROM masters WHERE active != 0"), 0);
}

// --- a locked database ------------------------------------------------------------

/// Hold the write lock (BEGIN IMMEDIATE) on another connection for `hold`,
/// on a thread; returns once the lock is held.
fn hold_write_lock(env: &Env, hold: Duration) -> thread::JoinHandle<()> {
    let path = env.db.clone();
    let (tx, rx) = mpsc::channel();
    let handle = thread::spawn(move || {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        tx.send(()).unwrap();
        thread::sleep(hold);
        conn.execute_batch("ROLLBACK").unwrap();
    });
    rx.recv().unwrap();
    handle
}

#[test]
fn claim_waits_for_a_lock_held_two_seconds() {
    let env = Env::new();
    add(&env, T0, &["b1", "b2"], &[]);
    let holder = hold_write_lock(&env, Duration::from_secs(2));
    let started = Instant::now();
    let out = env
        .bb(&[
            "request", "claim", "1", "2", "--master", "waiter", "--at", "7", "--json",
        ])
        .output()
        .unwrap();
    let waited = started.elapsed();
    holder.join().unwrap();
    eprintln!("busy: claim waited {waited:?} for a 2 s lock (default busy timeout)");
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        waited >= Duration::from_millis(1500),
        "did not wait: {waited:?}"
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ids(&doc), [1, 2]);
    let m = masterid(&env, "waiter");
    assert_eq!(
        env.rows("SELECT brid, masterid, claimed_at FROM buildrequest_claims ORDER BY brid"),
        json!([[1, m, 7], [2, m, 7]])
    );
}

#[test]
fn claim_gives_up_past_the_busy_timeout_and_writes_nothing() {
    let env = Env::new();
    add(&env, T0, &["b1", "b2"], &[]);
    let before = env.dump();
    let holder = hold_write_lock(&env, Duration::from_secs(3));
    let started = Instant::now();
    let err = fails_json(
        &mut env.bb(&[
            "request",
            "claim",
            "1",
            "2",
            "--master",
            "impatient",
            "--busy-timeout",
            "500ms",
        ]),
        5,
    );
    let gave_up = started.elapsed();
    eprintln!("busy: claim gave up after {gave_up:?} (--busy-timeout 500ms, lock held 3 s)");
    assert!(
        gave_up >= Duration::from_millis(400) && gave_up < Duration::from_millis(2500),
        "gave up after {gave_up:?}"
    );
    let message = err["message"].as_str().unwrap().to_lowercase();
    assert!(message.contains("busy"), "{message}");
    assert!(message.contains("retry"), "{message}");

    // The text form, once more, is one line.
    let line = fails(
        &mut env.bb(&[
            "request",
            "claim",
            "1",
            "--master",
            "impatient",
            "--busy-timeout",
            "200ms",
        ]),
        5,
    );
    assert!(line.contains("busy"), "{line}");

    holder.join().unwrap();
    assert_eq!(env.dump(), before, "a timed-out claim wrote something");
    assert_eq!(env.int("SELECT count(*) FROM masters"), 0);
}

// --- query plans -------------------------------------------------------------------

/// The statement bb runs for `request list` (src/db/buildrequests.rs SELECT,
/// the criteria's conditions, then `ORDER BY br.id ASC LIMIT ? OFFSET ?`).
fn list_statement(conditions: &[&str]) -> String {
    let mut sql = "SELECT br.id, br.buildsetid, br.builderid, b.name, br.priority, c.claimed_at, \
         c.masterid, br.complete, br.complete_at, br.results, br.submitted_at, br.waited_for \
         FROM buildrequests AS br \
         LEFT JOIN buildrequest_claims AS c ON c.brid = br.id \
         LEFT JOIN builders AS b ON b.id = br.builderid"
        .to_string();
    if !conditions.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&conditions.join(" AND "));
    }
    sql.push_str(" ORDER BY br.id ASC LIMIT ? OFFSET ?");
    sql
}

/// 25 builders, 4 masters and 6000 requests, mostly complete (and still
/// claimed, as Buildbot leaves them), some claimed and running, some waiting.
fn seeded() -> Env {
    let env = Env::new();
    for m in 1..=4 {
        env.add_master(m, &format!("m{m}"), true, T0);
    }
    for b in 1..=25 {
        env.add_builder(b, &format!("b{b}"));
    }
    env.exec(&format!(
        "
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 240)
        INSERT INTO buildsets (id, reason, submitted_at, complete, results)
            SELECT i, 'r', {T0} + i, i <= 216, CASE WHEN i <= 216 THEN 0 ELSE -1 END FROM n;
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)
        INSERT INTO buildrequests (id, buildsetid, builderid, priority, complete, results,
                                   submitted_at, complete_at, waited_for)
            SELECT i, (i - 1) / 25 + 1, (i - 1) % 25 + 1, 0, i <= 5400,
                   CASE WHEN i <= 5400 THEN 0 ELSE -1 END, {T0} + i,
                   CASE WHEN i <= 5400 THEN {T0} + i + 60 END, 0 FROM n;
        INSERT INTO buildrequest_claims (brid, masterid, claimed_at)
            SELECT id, 1 + id % 4, submitted_at + 1 FROM buildrequests WHERE id <= 5800;
        "
    ));
    env
}

/// The plan's lines for `sql` with `params`.
fn plan(env: &Env, sql: &str, params: &[i64]) -> Vec<String> {
    let conn = env.conn();
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    stmt.query_map(rusqlite::params_from_iter(params), |row| {
        row.get::<_, String>(3)
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// The ids `sql` returns.
fn run(env: &Env, sql: &str, params: &[i64]) -> Vec<i64> {
    let conn = env.conn();
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map(rusqlite::params_from_iter(params), |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn list_with_common_filters_uses_the_indexes() {
    let env = seeded();
    let builder = "br.builderid = ?";
    let incomplete = "br.complete = 0";
    let complete = "br.complete != 0";
    let unclaimed = "c.claimed_at IS NULL AND br.complete = 0";
    let claimed = "c.claimed_at IS NOT NULL";
    let claimed_by = "c.masterid = ?";
    // (bb's arguments, the conditions bb adds in that order, their
    // parameters, the indexes one of which the plan must use)
    let builder_or_complete = &["buildrequests_builderid", "buildrequests_complete"][..];
    let builder_only = &["buildrequests_builderid"][..];
    let builder_or_master = &["buildrequests_builderid", "ix_buildrequest_claims_masterid"][..];
    #[allow(clippy::type_complexity)]
    let cases: &[(&[&str], &[&str], &[i64], &[&str])] = &[
        (&["--builder", "b7"], &[builder], &[7], builder_only),
        (
            &["--builder", "b7", "--incomplete"],
            &[builder, incomplete],
            &[7],
            builder_or_complete,
        ),
        (
            &["--builder", "b7", "--complete"],
            &[builder, complete],
            &[7],
            builder_only,
        ),
        (
            &["--builder", "b7", "--unclaimed"],
            &[builder, unclaimed],
            &[7],
            builder_or_complete,
        ),
        (
            &["--builder", "b7", "--claimed"],
            &[builder, claimed],
            &[7],
            builder_only,
        ),
        (
            &["--builder", "b7", "--claimed-by", "m3"],
            &[builder, claimed_by],
            &[7, 3],
            builder_or_master,
        ),
        (
            &["--builder", "b7", "--incomplete", "--claimed-by", "m3"],
            &[builder, incomplete, claimed_by],
            &[7, 3],
            &[
                "buildrequests_builderid",
                "buildrequests_complete",
                "ix_buildrequest_claims_masterid",
            ],
        ),
        (
            &["--incomplete"],
            &[incomplete],
            &[],
            &["buildrequests_complete"],
        ),
        (
            &["--unclaimed"],
            &[unclaimed],
            &[],
            &["buildrequests_complete"],
        ),
        (
            &["--claimed-by", "m3"],
            &[claimed_by],
            &[3],
            &["ix_buildrequest_claims_masterid"],
        ),
    ];

    for analyzed in [false, true] {
        if analyzed {
            env.exec("ANALYZE");
        }
        for (args, conditions, params, indexes) in cases {
            let sql = list_statement(conditions);
            let mut bound = params.to_vec();
            bound.extend([50, 0]);

            // The statement is the one bb runs: same rows as bb prints.
            let mut bb_args = vec!["--limit", "50"];
            bb_args.extend(*args);
            assert_eq!(
                run(&env, &sql, &bound),
                list(&env, &bb_args),
                "{args:?}: the replicated statement differs from bb's"
            );

            let lines = plan(&env, &sql, &bound);
            let text = lines.join("\n");
            eprintln!(
                "plan of {args:?} (analyzed: {analyzed}): {}",
                lines.join(" | ")
            );
            assert!(
                !lines.iter().any(|l| l.starts_with("SCAN br")),
                "{args:?} (analyzed: {analyzed}) scans buildrequests:\n{text}"
            );
            assert!(
                indexes.is_empty() || indexes.iter().any(|i| text.contains(i)),
                "{args:?} (analyzed: {analyzed}) uses none of {indexes:?}:\n{text}"
            );
        }
    }
}

// --- set-priority ---------------------------------------------------------------

engines!(myisam: set_priority_is_all_or_nothing);
fn set_priority_is_all_or_nothing(env: Env) {
    crate::queue::fixture(&env);
    let priorities = |env: &Env| env.rows("SELECT id, priority FROM buildrequests ORDER BY id");
    let doc = env.json(&["request", "set-priority", "-7", "2", "4", "2"]);
    let changed: Vec<(i64, i64)> = doc
        .as_array()
        .unwrap()
        .iter()
        .map(|br| {
            (
                br["buildrequestid"].as_i64().unwrap(),
                br["priority"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(changed, [(2, -7), (4, -7)]);
    assert_eq!(
        priorities(&env),
        json!([[1, 0], [2, -7], [3, 0], [4, -7], [5, 0], [6, 0]])
    );
    let before = env.dump();
    // A complete request (6) is exit 3, a missing one exit 4: nothing changes.
    let err = fails_json(&mut env.bb(&["request", "set-priority", "9", "1", "6"]), 3);
    assert_eq!(err["ids"], json!([6]));
    let err = fails_json(
        &mut env.bb(&["request", "set-priority", "9", "1", "6", "99"]),
        4,
    );
    assert_eq!(err["ids"], json!([99]));
    assert_eq!(env.dump(), before);
    // 32-bit priorities, refused before the database is opened.
    fails(
        &mut env.bb(&["request", "set-priority", "2147483648", "1"]),
        2,
    );
    fails(&mut env.bb(&["request", "set-priority", "high", "1"]), 2);
    let doc = env.json(&["request", "set-priority", "2147483647", "1"]);
    assert_eq!(doc[0]["priority"], 2147483647);
    let doc = env.json(&["request", "set-priority", "-2147483648", "3"]);
    assert_eq!(doc[0]["priority"], -2147483648i64);
    // Claimed requests change too; the table is request list's.
    let out = stdout_of(&mut env.bb(&["request", "set-priority", "3", "3"]));
    assert!(
        out.starts_with("buildrequestid  buildsetid  buildername  status"),
        "{out}"
    );
    assert!(out.contains("claimed  m1"), "{out}");
}
