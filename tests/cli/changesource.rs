//! `bb changesource ...` (findChangeSourceId, getChangeSource(s) with the
//! result spec, setChangeSourceMaster as claim and release, and the release
//! of a dead holder's change sources by sweep and deactivate) and
//! `bb change ...` (getChange, getChanges with files, properties, parents
//! and the sourcestamp, and the result spec).

use serde_json::{Value, json};

use crate::support::{
    Env, On, T0, engines, fails, fails_json, master, name_hash, sql_text, stdout_of,
};

const HOUR: i64 = 3600;

// --- helpers -------------------------------------------------------------------

fn at(t: i64) -> String {
    t.to_string()
}

/// A change source as the REST API shows it; `holder` is a master object
/// or null.
fn cs(id: i64, name: &str, holder: Value) -> Value {
    json!({"changesourceid": id, "name": name, "master": holder})
}

/// Insert a change source row directly, with its real name_hash.
fn add_cs(env: &Env, id: i64, name: &str) {
    env.exec(&format!(
        "INSERT INTO changesources (id, name, name_hash) VALUES ({id}, {}, '{}')",
        sql_text(name),
        name_hash(name)
    ));
}

/// Link a change source to a master directly.
fn link(env: &Env, csid: i64, masterid: i64) {
    env.exec(&format!(
        "INSERT INTO changesource_masters (changesourceid, masterid) VALUES ({csid}, {masterid})"
    ));
}

/// Every changesource_masters row as [changesourceid, masterid].
fn links(env: &Env) -> Value {
    env.rows("SELECT changesourceid, masterid FROM changesource_masters ORDER BY changesourceid")
}

fn count(env: &Env, table: &str) -> i64 {
    env.int(&format!("SELECT count(*) FROM {table}"))
}

/// The `changesourceid`s of a JSON list of change sources, in order.
fn cs_ids(doc: &Value) -> Vec<i64> {
    doc.as_array()
        .unwrap_or_else(|| panic!("not a list: {doc}"))
        .iter()
        .map(|c| c["changesourceid"].as_i64().unwrap())
        .collect()
}

/// `bb changesource list ARGS... --json`, as change source ids.
fn cs_list(env: &Env, args: &[&str]) -> Vec<i64> {
    let mut all = vec!["changesource", "list"];
    all.extend(args);
    cs_ids(&env.json(&all))
}

/// `bb changesource claim CS --master MASTER --at AT --json`.
fn claim_as(env: &Env, changesource: &str, acting: &str, when: i64) -> Value {
    env.json(&[
        "changesource",
        "claim",
        changesource,
        "--master",
        acting,
        "--at",
        &at(when),
    ])
}

/// Two masters and four change sources, inserted out of id order:
/// master 1 "m1" active, checked in at T0; master 2 "m2" inactive, last
/// active a day before T0. Change source 1 "git-poller" is held by m2
/// (inactive), 3 "svn-poller" by m1, 2 "Git%x" and 4 "hg_poller" by nobody.
fn installation(engine: On) -> Env {
    let env = Env::from(engine);
    env.add_master(1, "m1", true, T0);
    env.add_master(2, "m2", false, T0 - 24 * HOUR);
    add_cs(&env, 3, "svn-poller");
    add_cs(&env, 1, "git-poller");
    add_cs(&env, 4, "hg_poller");
    add_cs(&env, 2, "Git%x");
    link(&env, 3, 1);
    link(&env, 1, 2);
    env
}

fn m1() -> Value {
    master(1, "m1", true, T0)
}

fn m2() -> Value {
    master(2, "m2", false, T0 - 24 * HOUR)
}

// --- register ------------------------------------------------------------------

engines!(myisam: register_creates_once_with_the_name_hash);
fn register_creates_once_with_the_name_hash(env: Env) {
    assert_eq!(
        env.json(&[
            "changesource",
            "register",
            "GitPoller:https://example.org/repo.git"
        ]),
        cs(1, "GitPoller:https://example.org/repo.git", Value::Null)
    );
    // The same name again: the same id, nothing new.
    let before = env.dump();
    assert_eq!(
        env.json(&[
            "changesource",
            "register",
            "GitPoller:https://example.org/repo.git"
        ]),
        cs(1, "GitPoller:https://example.org/repo.git", Value::Null)
    );
    assert_eq!(env.dump(), before);
    assert_eq!(
        env.rows("SELECT id, name, name_hash FROM changesources"),
        json!([[
            1,
            "GitPoller:https://example.org/repo.git",
            name_hash("GitPoller:https://example.org/repo.git")
        ]])
    );
    // A second name gets the next id.
    assert_eq!(
        env.json(&["changesource", "register", "other"]),
        cs(2, "other", Value::Null)
    );
    // Registering acts as no master: none is created, and --master is ignored.
    assert_eq!(
        env.json(&["changesource", "register", "other", "--master", "42"]),
        cs(2, "other", Value::Null)
    );
    assert_eq!(count(&env, "masters"), 0);
    assert_eq!(count(&env, "changesources"), 2);
}

engines!(myisam: register_stores_unicode_and_sql_metacharacters_exactly);
fn register_stores_unicode_and_sql_metacharacters_exactly(env: Env) {
    let names = [
        "Pöllér ☃ 日本",
        "x'; DROP TABLE changesources; --",
        "100% _match_ \\ \"quoted\"",
        "  spaced  ",
    ];
    for (i, name) in names.iter().enumerate() {
        let id = i as i64 + 1;
        assert_eq!(
            env.json(&["changesource", "register", name]),
            cs(id, name, Value::Null)
        );
        // Found again by its name, not duplicated.
        assert_eq!(
            env.json(&["changesource", "register", name]),
            cs(id, name, Value::Null)
        );
        assert_eq!(
            env.json(&["changesource", "show", name]),
            cs(id, name, Value::Null)
        );
    }
    let expected: Vec<Value> = names
        .iter()
        .enumerate()
        .map(|(i, name)| json!([i as i64 + 1, name, name_hash(name)]))
        .collect();
    assert_eq!(
        env.rows("SELECT id, name, name_hash FROM changesources ORDER BY id"),
        Value::Array(expected)
    );
}

// --- show ----------------------------------------------------------------------

engines!(show_by_id_and_by_name_with_the_holding_master);
fn show_by_id_and_by_name_with_the_holding_master(engine: On) {
    let env = installation(engine);
    assert_eq!(
        env.json(&["changesource", "show", "3"]),
        cs(3, "svn-poller", m1())
    );
    assert_eq!(
        env.json(&["changesource", "show", "svn-poller"]),
        cs(3, "svn-poller", m1())
    );
    // An inactive holder is still shown.
    assert_eq!(
        env.json(&["changesource", "show", "git-poller"]),
        cs(1, "git-poller", m2())
    );
    // Nobody holds it.
    assert_eq!(
        env.json(&["changesource", "show", "2"]),
        cs(2, "Git%x", Value::Null)
    );
    assert_eq!(
        env.json(&["changesource", "show", "hg_poller"]),
        cs(4, "hg_poller", Value::Null)
    );
    // For people: a table, no error.
    let text = stdout_of(&mut env.bb(&["changesource", "show", "3"]));
    assert!(text.contains("svn-poller"), "{text}");
}

engines!(show_of_an_unknown_change_source_is_not_found);
fn show_of_an_unknown_change_source_is_not_found(engine: On) {
    let env = installation(engine);
    let before = env.dump();
    let err = fails_json(&mut env.bb(&["changesource", "show", "99"]), 4);
    assert_eq!(err["ids"], json!([99]), "{err}");
    assert!(err["message"].as_str().unwrap().contains("99"), "{err}");
    let err = fails_json(&mut env.bb(&["changesource", "show", "nope"]), 4);
    assert_eq!(err["ids"], json!([]), "{err}");
    assert!(err["message"].as_str().unwrap().contains("nope"), "{err}");
    // Lookups are exact: no wildcard, no case folding.
    fails(&mut env.bb(&["changesource", "show", "git%"]), 4);
    fails(&mut env.bb(&["changesource", "show", "GIT-POLLER"]), 4);
    let msg = fails(&mut env.bb(&["changesource", "show", "99"]), 4);
    assert!(msg.contains("99"), "{msg}");
    // Zero and negative ids are usage errors.
    fails(&mut env.bb(&["changesource", "show", "0"]), 2);
    fails(&mut env.bb(&["changesource", "show", "-1"]), 2);
    assert_eq!(env.dump(), before);
}

// --- list ----------------------------------------------------------------------

engines!(list_in_id_order_with_the_rest_shape);
fn list_in_id_order_with_the_rest_shape(env: Env) {
    assert_eq!(env.json(&["changesource", "list"]), json!([]));
    let env = installation(env.engine.into());
    assert_eq!(
        env.json(&["changesource", "list"]),
        json!([
            cs(1, "git-poller", m2()),
            cs(2, "Git%x", Value::Null),
            cs(3, "svn-poller", m1()),
            cs(4, "hg_poller", Value::Null),
        ])
    );
}

engines!(list_active_inactive_and_claimed_by);
fn list_active_inactive_and_claimed_by(engine: On) {
    let env = installation(engine);
    // --active: linked to any master, even the inactive m2 (conservative).
    assert_eq!(
        env.json(&["changesource", "list", "--active"]),
        json!([cs(1, "git-poller", m2()), cs(3, "svn-poller", m1())])
    );
    assert_eq!(
        env.json(&["changesource", "list", "--inactive"]),
        json!([cs(2, "Git%x", Value::Null), cs(4, "hg_poller", Value::Null)])
    );
    assert_eq!(
        env.json(&["changesource", "list", "--claimed-by", "m1"]),
        json!([cs(3, "svn-poller", m1())])
    );
    assert_eq!(cs_list(&env, &["--claimed-by", "1"]), vec![3]);
    assert_eq!(cs_list(&env, &["--claimed-by", "m2"]), vec![1]);
    assert_eq!(cs_list(&env, &["--claimed-by", "2"]), vec![1]);
    // A master holding nothing.
    env.add_master(3, "idle", true, T0);
    assert_eq!(
        env.json(&["changesource", "list", "--claimed-by", "idle"]),
        json!([])
    );
    // --active and --inactive exclude one another; each combines with
    // --claimed-by, ANDed, as getChangeSources(active, masterid) does.
    fails(
        &mut env.bb(&["changesource", "list", "--active", "--inactive"]),
        2,
    );
    assert_eq!(cs_list(&env, &["--active", "--claimed-by", "m1"]), vec![3]);
    assert_eq!(
        cs_list(&env, &["--active", "--claimed-by", "idle"]),
        vec![0; 0]
    );
    assert_eq!(
        cs_list(&env, &["--inactive", "--claimed-by", "m1"]),
        vec![0; 0]
    );
    // With the result spec.
    assert_eq!(
        cs_list(&env, &["--active", "--order=-changesourceid"]),
        vec![3, 1]
    );
    assert_eq!(
        cs_list(&env, &["--inactive", "--filter", "name__contains=poller"]),
        vec![4]
    );
}

engines!(list_claimed_by_an_unknown_master_is_not_found_and_creates_nothing);
fn list_claimed_by_an_unknown_master_is_not_found_and_creates_nothing(engine: On) {
    let env = installation(engine);
    let before = env.dump();
    let err = fails_json(
        &mut env.bb(&["changesource", "list", "--claimed-by", "ghost"]),
        4,
    );
    assert!(err["message"].as_str().unwrap().contains("ghost"), "{err}");
    assert_eq!(err["ids"], json!([]), "{err}");
    let err = fails_json(
        &mut env.bb(&["changesource", "list", "--claimed-by", "99"]),
        4,
    );
    assert!(err["message"].as_str().unwrap().contains("99"), "{err}");
    fails(
        &mut env.bb(&["changesource", "list", "--claimed-by", "ghost"]),
        4,
    );
    // Even with --master / BB_MASTER given: listing acts as no master.
    fails(
        env.bb(&[
            "changesource",
            "list",
            "--claimed-by",
            "ghost",
            "--master",
            "me",
        ])
        .env("BB_MASTER", "env-me"),
        4,
    );
    assert_eq!(env.dump(), before);
    assert_eq!(count(&env, "masters"), 2);
}

engines!(list_result_spec);
fn list_result_spec(engine: On) {
    let env = installation(engine);
    // contains: case-sensitive substring, no wildcards.
    assert_eq!(
        cs_list(&env, &["--filter", "name__contains=poller"]),
        vec![1, 3, 4]
    );
    assert_eq!(cs_list(&env, &["--filter", "name__contains=Git"]), vec![2]);
    assert_eq!(cs_list(&env, &["--filter", "name__contains=git"]), vec![1]);
    assert_eq!(cs_list(&env, &["--filter", "name__contains=%"]), vec![2]);
    assert_eq!(cs_list(&env, &["--filter", "name__contains=_"]), vec![4]);
    assert_eq!(cs_list(&env, &["--filter", "name=svn-poller"]), vec![3]);
    assert_eq!(
        cs_list(&env, &["--filter", "name__ne=svn-poller"]),
        vec![1, 2, 4]
    );
    assert_eq!(
        cs_list(&env, &["--filter", "name__in=hg_poller,Git%x"]),
        vec![2, 4]
    );
    assert_eq!(
        cs_list(
            &env,
            &[
                "--filter",
                "changesourceid__gt=1",
                "--filter",
                "changesourceid__le=3"
            ]
        ),
        vec![2, 3]
    );
    // Order, both spellings.
    assert_eq!(
        cs_list(&env, &["--order=-changesourceid"]),
        vec![4, 3, 2, 1]
    );
    assert_eq!(
        cs_list(&env, &["--order", "-changesourceid"]),
        vec![4, 3, 2, 1]
    );
    assert_eq!(cs_list(&env, &["--order", "name"]), vec![2, 1, 4, 3]);
    // Limit and offset.
    assert_eq!(cs_list(&env, &["--limit", "2"]), vec![1, 2]);
    assert_eq!(
        cs_list(&env, &["--limit", "2", "--offset", "1"]),
        vec![2, 3]
    );
    assert_eq!(cs_list(&env, &["--offset", "3"]), vec![4]);
    assert_eq!(
        cs_list(&env, &["--order=-changesourceid", "--limit", "1"]),
        vec![4]
    );
    // Fields: only those, and filtering on a field not selected is allowed.
    assert_eq!(
        env.json(&["changesource", "list", "--field", "name"]),
        json!([
            {"name": "git-poller"},
            {"name": "Git%x"},
            {"name": "svn-poller"},
            {"name": "hg_poller"}
        ])
    );
    assert_eq!(
        env.json(&[
            "changesource",
            "list",
            "--field",
            "master",
            "--field",
            "changesourceid",
            "--filter",
            "name=svn-poller"
        ]),
        json!([{"changesourceid": 3, "master": m1()}])
    );
    // The master object cannot be filtered or ordered on; unknown fields
    // and bad operators are usage errors.
    let before = env.dump();
    for args in [
        &["--filter", "master=1"][..],
        &["--filter", "master=null"],
        &["--order", "master"],
        &["--filter", "masterid=1"],
        &["--field", "bogus"],
        &["--filter", "name__like=x"],
        &["--filter", "changesourceid__contains=1"],
        &["--filter", "changesourceid=abc"],
        &["--limit", "-1"],
    ] {
        let mut all = vec!["changesource", "list"];
        all.extend(args);
        fails(&mut env.bb(&all), 2);
    }
    let err = fails_json(
        &mut env.bb(&["changesource", "list", "--filter", "master=1"]),
        2,
    );
    assert!(err["message"].as_str().unwrap().contains("master"), "{err}");
    assert_eq!(env.dump(), before);
}

// --- claim ---------------------------------------------------------------------

engines!(myisam: claim_a_free_change_source_as_the_default_master);
fn claim_a_free_change_source_as_the_default_master(env: Env) {
    add_cs(&env, 1, "poller");
    let expected = env.own_master();
    assert_eq!(
        env.json(&["changesource", "claim", "1", "--at", &at(T0)]),
        cs(1, "poller", master(1, &expected, false, T0))
    );
    // Created inactive, last_active = --at.
    assert_eq!(
        env.rows("SELECT id, name, name_hash, active, last_active FROM masters"),
        json!([[1, expected, name_hash(&expected), 0, T0]])
    );
    assert_eq!(links(&env), json!([[1, 1]]));
    // Claiming again as the same master changes nothing, even later.
    let before = env.dump();
    assert_eq!(
        env.json(&["changesource", "claim", "poller", "--at", &at(T0 + HOUR)]),
        cs(1, "poller", master(1, &expected, false, T0))
    );
    assert_eq!(env.dump(), before);
    assert_eq!(
        env.json(&["changesource", "show", "1"]),
        cs(1, "poller", master(1, &expected, false, T0))
    );
}

engines!(myisam: claim_master_from_flag_env_and_id);
fn claim_master_from_flag_env_and_id(env: Env) {
    for (id, name) in [(1, "a"), (2, "b"), (3, "c"), (4, "d")] {
        add_cs(&env, id, name);
    }
    // BB_MASTER names the master; --at as RFC 3339.
    let out = stdout_of(
        env.bb(&[
            "changesource",
            "claim",
            "a",
            "--at",
            "2024-05-01T12:00:00Z",
            "--json",
        ])
        .env("BB_MASTER", "from-env"),
    );
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc, cs(1, "a", master(1, "from-env", false, T0)));

    // --master wins over BB_MASTER.
    let out = stdout_of(
        env.bb(&[
            "changesource",
            "claim",
            "b",
            "--master",
            "from-flag",
            "--at",
            &at(T0 + 5),
            "--json",
        ])
        .env("BB_MASTER", "from-env"),
    );
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc, cs(2, "b", master(2, "from-flag", false, T0 + 5)));

    // A number is an existing master's id; that master is not touched.
    env.add_master(7, "seven", true, T0 - HOUR);
    assert_eq!(
        claim_as(&env, "c", "7", T0),
        cs(3, "c", master(7, "seven", true, T0 - HOUR))
    );
    // An existing master named by name is not touched either.
    assert_eq!(
        claim_as(&env, "d", "seven", T0 + HOUR),
        cs(4, "d", master(7, "seven", true, T0 - HOUR))
    );
    assert_eq!(links(&env), json!([[1, 1], [2, 2], [3, 7], [4, 7]]));
    assert_eq!(
        env.rows("SELECT id, name, active, last_active FROM masters ORDER BY id"),
        json!([
            [1, "from-env", 0, T0],
            [2, "from-flag", 0, T0 + 5],
            [7, "seven", 1, T0 - HOUR]
        ])
    );

    // An unknown master id: exit 4, nothing written.
    add_cs(&env, 5, "e");
    let before = env.dump();
    let err = fails_json(
        &mut env.bb(&[
            "changesource",
            "claim",
            "e",
            "--master",
            "42",
            "--at",
            &at(T0),
        ]),
        4,
    );
    assert!(err["message"].as_str().unwrap().contains("42"), "{err}");
    let mut cmd = env.bb(&["changesource", "claim", "e", "--at", &at(T0)]);
    cmd.env("BB_MASTER", "42");
    fails(&mut cmd, 4);
    assert_eq!(env.dump(), before);
}

engines!(myisam: claim_when_this_master_already_holds_it_changes_nothing);
fn claim_when_this_master_already_holds_it_changes_nothing(env: Env) {
    add_cs(&env, 1, "poller");
    // Inactive, fresh or stale: either way it is ours.
    for last_active in [T0, T0 - 24 * HOUR] {
        env.exec("DELETE FROM changesource_masters; DELETE FROM masters;");
        env.add_master(5, "me", false, last_active);
        link(&env, 1, 5);
        let before = env.dump();
        let held = cs(1, "poller", master(5, "me", false, last_active));
        assert_eq!(claim_as(&env, "1", "me", T0), held);
        assert_eq!(claim_as(&env, "poller", "5", T0), held);
        assert_eq!(env.dump(), before);
    }
    // Active and fresh, it is a running master: bb does not act as it
    // unless told to, and then the claim is already there.
    env.exec("UPDATE masters SET active = 1, last_active = 1714564800 WHERE id = 5");
    let before = env.dump();
    fails(
        &mut env.bb(&[
            "changesource",
            "claim",
            "1",
            "--master",
            "me",
            "--at",
            &at(T0),
        ]),
        3,
    );
    let doc = env.json(&[
        "changesource",
        "claim",
        "1",
        "--master",
        "me",
        "--at",
        &at(T0),
        "--force",
    ]);
    assert_eq!(doc, cs(1, "poller", master(5, "me", true, T0)));
    assert_eq!(env.dump(), before);
}

engines!(myisam: claim_held_by_an_active_master_is_a_conflict_and_writes_nothing);
fn claim_held_by_an_active_master_is_a_conflict_and_writes_nothing(env: Env) {
    add_cs(&env, 4, "poller");
    // Active, whatever its last_active: long ago, now, in the future.
    for last_active in [0, T0 - 24 * HOUR, T0 - 601, T0, T0 + HOUR] {
        env.exec("DELETE FROM changesource_masters; DELETE FROM masters;");
        env.add_master(3, "holder", true, last_active);
        link(&env, 4, 3);
        assert_refused(&env, true, last_active);
    }
}

engines!(myisam: claim_held_by_an_inactive_master_within_ten_minutes_is_a_conflict);
fn claim_held_by_an_inactive_master_within_ten_minutes_is_a_conflict(env: Env) {
    add_cs(&env, 4, "poller");
    // A master claims its change sources a moment before it marks itself
    // active: up to 600 s before --at (inclusive) the claim is kept, and a
    // last_active after --at counts too.
    for last_active in [T0 - 600, T0 - 599, T0 - 1, T0, T0 + 1, T0 + HOUR] {
        env.exec("DELETE FROM changesource_masters; DELETE FROM masters;");
        env.add_master(3, "holder", false, last_active);
        link(&env, 4, 3);
        assert_refused(&env, false, last_active);
    }
}

/// Change source 4 "poller" is held by master 3 "holder" (`active`, last
/// active at `last_active`): every way of claiming it as another master at T0 is
/// exit 3, naming the holder, and the database is unchanged.
fn assert_refused(env: &Env, active: bool, last_active: i64) {
    let before = env.dump();
    // As a new master (rolled back), an existing one (not running: bb
    // would not act as a running one), the default one.
    env.add_master(9, "other", false, T0);
    let before_other = env.dump();
    for acting in ["newcomer", "other", "9"] {
        let err = fails_json(
            &mut env.bb(&[
                "changesource",
                "claim",
                "4",
                "--master",
                acting,
                "--at",
                &at(T0),
            ]),
            3,
        );
        assert_eq!(err["ids"], json!([4]), "last_active {last_active}: {err}");
        assert_eq!(
            err["holders"],
            json!({"4": 3}),
            "last_active {last_active}: {err}"
        );
        let message = err["message"].as_str().unwrap();
        assert!(
            message.contains("master 3") && message.contains("holder"),
            "the error should name the holder: {message}"
        );
        assert_eq!(
            env.dump(),
            before_other,
            "acting {acting}, last_active {last_active}"
        );
    }
    env.exec("DELETE FROM masters WHERE id = 9");
    assert_eq!(env.dump(), before);
    let msg = fails(
        &mut env.bb(&["changesource", "claim", "poller", "--at", &at(T0)]),
        3,
    );
    assert!(msg.contains("holder"), "{msg}");
    assert_eq!(env.dump(), before, "the default master must be rolled back");
    assert_eq!(
        env.json(&["changesource", "show", "4"]),
        cs(4, "poller", master(3, "holder", active, last_active))
    );
}

engines!(myisam: claim_moves_from_an_inactive_master_older_than_ten_minutes);
fn claim_moves_from_an_inactive_master_older_than_ten_minutes(engine: On) {
    for last_active in [T0 - 601, T0 - HOUR, 0] {
        let env = Env::from(engine);
        add_cs(&env, 4, "poller");
        env.add_master(3, "holder", false, last_active);
        link(&env, 4, 3);
        assert_eq!(
            claim_as(&env, "poller", "newcomer", T0),
            cs(4, "poller", master(4, "newcomer", false, T0)),
            "last_active {last_active}"
        );
        assert_eq!(links(&env), json!([[4, 4]]));
        // The old holder is left as it was.
        assert_eq!(
            env.rows("SELECT id, name, active, last_active FROM masters ORDER BY id"),
            json!([[3, "holder", 0, last_active], [4, "newcomer", 0, T0]])
        );
    }
    // The boundary, on one database: 600 s before --at is held, 601 s moves.
    let env = Env::from(engine);
    add_cs(&env, 1, "poller");
    env.add_master(1, "holder", false, T0 - 600);
    env.add_master(2, "me", false, T0);
    link(&env, 1, 1);
    let before = env.dump();
    fails(
        &mut env.bb(&[
            "changesource",
            "claim",
            "1",
            "--master",
            "me",
            "--at",
            &at(T0),
        ]),
        3,
    );
    assert_eq!(env.dump(), before);
    assert_eq!(
        claim_as(&env, "1", "me", T0 + 1),
        cs(1, "poller", master(2, "me", false, T0))
    );
    assert_eq!(links(&env), json!([[1, 2]]));
}

engines!(myisam: claim_of_an_unknown_change_source_is_not_found_and_creates_nothing);
fn claim_of_an_unknown_change_source_is_not_found_and_creates_nothing(env: Env) {
    add_cs(&env, 1, "poller");
    let before = env.dump();
    let err = fails_json(
        &mut env.bb(&["changesource", "claim", "99", "--at", &at(T0)]),
        4,
    );
    assert_eq!(err["ids"], json!([99]), "{err}");
    assert!(err["message"].as_str().unwrap().contains("99"), "{err}");
    let err = fails_json(
        &mut env.bb(&[
            "changesource",
            "claim",
            "ghost",
            "--master",
            "new",
            "--at",
            &at(T0),
        ]),
        4,
    );
    assert_eq!(err["ids"], json!([]), "{err}");
    assert!(err["message"].as_str().unwrap().contains("ghost"), "{err}");
    fails(
        &mut env.bb(&["changesource", "claim", "ghost", "--at", &at(T0)]),
        4,
    );
    // Bad ids and bad times are usage errors.
    fails(
        &mut env.bb(&["changesource", "claim", "0", "--at", &at(T0)]),
        2,
    );
    fails(
        &mut env.bb(&["changesource", "claim", "1", "--at", "yesterday"]),
        2,
    );
    assert_eq!(env.dump(), before);
    assert_eq!(count(&env, "masters"), 0);
}

// --- release -------------------------------------------------------------------

engines!(myisam: release_removes_the_link_whoever_holds_it);
fn release_removes_the_link_whoever_holds_it(engine: On) {
    let env = installation(engine);
    // Held by the active m1: released all the same.
    assert_eq!(
        env.json(&["changesource", "release", "svn-poller"]),
        cs(3, "svn-poller", Value::Null)
    );
    // Held by the inactive m2; --master / BB_MASTER are ignored.
    let out = stdout_of(
        env.bb(&["changesource", "release", "1", "--master", "42", "--json"])
            .env("BB_MASTER", "someone"),
    );
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc, cs(1, "git-poller", Value::Null));
    assert_eq!(links(&env), json!([]));
    assert_eq!(count(&env, "masters"), 2);
    // Releasing a free change source is fine and changes nothing.
    let before = env.dump();
    assert_eq!(
        env.json(&["changesource", "release", "2"]),
        cs(2, "Git%x", Value::Null)
    );
    assert_eq!(env.dump(), before);
    assert_eq!(
        env.json(&["changesource", "list"]),
        json!([
            cs(1, "git-poller", Value::Null),
            cs(2, "Git%x", Value::Null),
            cs(3, "svn-poller", Value::Null),
            cs(4, "hg_poller", Value::Null),
        ])
    );
    // Now anyone can claim it.
    assert_eq!(claim_as(&env, "3", "m2", T0), cs(3, "svn-poller", m2()));
}

engines!(myisam: release_of_an_unknown_change_source_is_not_found);
fn release_of_an_unknown_change_source_is_not_found(engine: On) {
    let env = installation(engine);
    let before = env.dump();
    let err = fails_json(&mut env.bb(&["changesource", "release", "99"]), 4);
    assert_eq!(err["ids"], json!([99]), "{err}");
    let err = fails_json(&mut env.bb(&["changesource", "release", "ghost"]), 4);
    assert_eq!(err["ids"], json!([]), "{err}");
    fails(&mut env.bb(&["changesource", "release", "ghost"]), 4);
    fails(&mut env.bb(&["changesource", "release", "0"]), 2);
    assert_eq!(env.dump(), before);
}

// --- the holder dies -----------------------------------------------------------

engines!(myisam: sweep_and_deactivate_of_the_holder_release_its_change_sources);
fn sweep_and_deactivate_of_the_holder_release_its_change_sources(env: Env) {
    env.add_master(1, "m1", true, T0 - HOUR); // expires at T0
    env.add_master(2, "m2", true, T0); // alive
    env.add_master(3, "m3", false, T0 - HOUR); // expired long ago
    for (id, name) in [(1, "c1"), (2, "c2"), (3, "c3")] {
        add_cs(&env, id, name);
        link(&env, id, id);
    }

    // The sweep housekeeps m1, which was active: c1 is released.
    let out = env.json(&["master", "sweep", "--at", &at(T0)]);
    let expired = out["expired"].as_array().unwrap();
    assert_eq!(expired.len(), 2, "{out}");
    assert_eq!(expired[0]["master"], master(1, "m1", false, T0 - HOUR));
    assert_eq!(
        expired[0]["housekeeping"]["changesources"],
        json!(1),
        "{out}"
    );
    // m3 was already inactive: no housekeeping without --force-housekeeping.
    assert_eq!(expired[1]["master"]["masterid"], json!(3), "{out}");
    assert_eq!(expired[1]["housekeeping"], Value::Null, "{out}");
    assert_eq!(links(&env), json!([[2, 2], [3, 3]]));
    assert_eq!(
        env.json(&["changesource", "show", "c1"]),
        cs(1, "c1", Value::Null)
    );
    assert_eq!(cs_list(&env, &["--inactive"]), vec![1]);

    // Deactivating m2, running, takes --force; it releases c2.
    fails(
        &mut env.bb(&["master", "deactivate", "m2", "--at", &at(T0)]),
        3,
    );
    let out = env.json(&["master", "deactivate", "m2", "--at", &at(T0), "--force"]);
    assert_eq!(out["housekeeping"]["changesources"], json!(1), "{out}");
    assert_eq!(
        env.json(&["changesource", "show", "c2"]),
        cs(2, "c2", Value::Null)
    );
    // Deactivating the already inactive m3 housekeeps too: c3 is released.
    let out = env.json(&["master", "deactivate", "3", "--at", &at(T0)]);
    assert_eq!(out["housekeeping"]["changesources"], json!(1), "{out}");
    assert_eq!(links(&env), json!([]));
    assert_eq!(cs_list(&env, &["--inactive"]), vec![1, 2, 3]);

    // The released change sources can be claimed again at once.
    assert_eq!(
        claim_as(&env, "c2", "m1", T0),
        cs(2, "c2", master(1, "m1", false, T0 - HOUR))
    );
}

// --- changes -------------------------------------------------------------------

const REPO: &str = "https://example.org/repo.git";
const OTHER: &str = "https://example.org/other.git";

/// Three changes written as Buildbot writes them, straight in SQL:
/// 1 on main (files, properties: a proper pair, a bare legacy value, a
/// non-pair list, an object, a value that is not JSON), 2 with every
/// nullable column NULL and a patched sourcestamp, 3 on main again with
/// 1 as its parent and a different committer.
fn changes(engine: On) -> Env {
    let env = Env::from(engine);
    env.exec(&format!(
        r#"
        INSERT INTO patches (id, patchlevel, patch_base64, patch_author, patch_comment, subdir)
            VALUES (1, 1, 'aGVsbG8K', 'Pat <pat@example.org>', 'try this', NULL);
        INSERT INTO sourcestamps (id, ss_hash, branch, revision, patchid, repository, codebase, project, created_at) VALUES
            (1, 'h1', 'main', 'aaa111', NULL, '{REPO}', '', 'proj', {t1}),
            (2, 'h2', NULL, NULL, 1, '{OTHER}', 'cb', '', {t2}),
            (3, 'h3', 'main', 'ccc333', NULL, '{REPO}', '', 'proj', {t3});
        INSERT INTO changes (changeid, author, committer, comments, branch, revision, revlink, when_timestamp,
                             category, repository, codebase, project, sourcestampid, parent_changeids) VALUES
            (1, 'Alice <alice@example.org>', 'Alice <alice@example.org>', 'first

body', 'main', 'aaa111', 'https://example.org/c/aaa111', {t1}, NULL, '{REPO}', '', 'proj', 1, NULL),
            (2, 'Bob <bob@example.org>', NULL, '', NULL, NULL, NULL, {t2}, 'release', '{OTHER}', 'cb', '', 2, NULL),
            (3, 'Alice <alice@example.org>', 'Carol <carol@example.org>', 'third', 'main', 'ccc333', '', {t3},
             NULL, '{REPO}', '', 'proj', 3, 1);
        INSERT INTO change_files (changeid, filename) VALUES
            (1, 'README'), (1, 'src/ünï côde.rs'), (3, 'README');
        INSERT INTO change_properties (changeid, property_name, property_value) VALUES
            (1, 'owner', '["v", "Change"]'),
            (1, 'legacy', '"x"'),
            (1, 'broken', 'not json {{'),
            (1, 'number', '[7, "Change"]'),
            (1, 'pair', '["a", "b"]'),
            (1, 'object', '{{"k": [1, 2]}}'),
            (3, 'flag', '[true, "Change"]');
        "#,
        t1 = T0 - HOUR,
        t2 = T0,
        t3 = T0 + 60,
    ));
    env
}

fn change1() -> Value {
    json!({
        "changeid": 1,
        "author": "Alice <alice@example.org>",
        "committer": "Alice <alice@example.org>",
        "comments": "first\n\nbody",
        "branch": "main",
        "revision": "aaa111",
        "revlink": "https://example.org/c/aaa111",
        "when_timestamp": T0 - HOUR,
        "category": null,
        "repository": REPO,
        "codebase": "",
        "project": "proj",
        "files": ["README", "src/ünï côde.rs"],
        "properties": {
            "owner": ["v", "Change"],
            "legacy": ["x", "Change"],
            "number": [7, "Change"],
            "pair": [["a", "b"], "Change"],
            "object": [{"k": [1, 2]}, "Change"]
        },
        "parent_changeids": [],
        "sourcestamp": {
            "ssid": 1,
            "branch": "main",
            "revision": "aaa111",
            "repository": REPO,
            "project": "proj",
            "codebase": "",
            "created_at": T0 - HOUR,
            "patch": null
        }
    })
}

fn change2() -> Value {
    json!({
        "changeid": 2,
        "author": "Bob <bob@example.org>",
        "committer": null,
        "comments": "",
        "branch": null,
        "revision": null,
        "revlink": null,
        "when_timestamp": T0,
        "category": "release",
        "repository": OTHER,
        "codebase": "cb",
        "project": "",
        "files": [],
        "properties": {},
        "parent_changeids": [],
        "sourcestamp": {
            "ssid": 2,
            "branch": null,
            "revision": null,
            "repository": OTHER,
            "project": "",
            "codebase": "cb",
            "created_at": T0,
            "patch": {
                "patchid": 1,
                "level": 1,
                "subdir": null,
                "author": "Pat <pat@example.org>",
                "comment": "try this",
                "body": "hello\n"
            }
        }
    })
}

fn change3() -> Value {
    json!({
        "changeid": 3,
        "author": "Alice <alice@example.org>",
        "committer": "Carol <carol@example.org>",
        "comments": "third",
        "branch": "main",
        "revision": "ccc333",
        "revlink": "",
        "when_timestamp": T0 + 60,
        "category": null,
        "repository": REPO,
        "codebase": "",
        "project": "proj",
        "files": ["README"],
        "properties": {"flag": [true, "Change"]},
        "parent_changeids": [1],
        "sourcestamp": {
            "ssid": 3,
            "branch": "main",
            "revision": "ccc333",
            "repository": REPO,
            "project": "proj",
            "codebase": "",
            "created_at": T0 + 60,
            "patch": null
        }
    })
}

/// The `changeid`s of a JSON list of changes, in order.
fn change_ids(env: &Env, args: &[&str]) -> Vec<i64> {
    let mut all = vec!["change", "list"];
    all.extend(args);
    env.json(&all)
        .as_array()
        .unwrap_or_else(|| panic!("not a list"))
        .iter()
        .map(|c| c["changeid"].as_i64().unwrap())
        .collect()
}

engines!(change_show_prints_the_rest_document);
fn change_show_prints_the_rest_document(engine: On) {
    let env = changes(engine);
    assert_eq!(env.json(&["change", "show", "1"]), change1());
    assert_eq!(env.json(&["change", "show", "2"]), change2());
    assert_eq!(env.json(&["change", "show", "3"]), change3());
    // For people: a table.
    let text = stdout_of(&mut env.bb(&["change", "show", "1"]));
    assert!(text.contains("Alice <alice@example.org>"), "{text}");
    // Reading writes nothing.
    let before = env.dump();
    env.json(&["change", "list"]);
    assert_eq!(env.dump(), before);
}

engines!(change_list_prints_every_change_in_id_order);
fn change_list_prints_every_change_in_id_order(env: Env) {
    assert_eq!(env.json(&["change", "list"]), json!([]));
    let env = changes(env.engine.into());
    assert_eq!(
        env.json(&["change", "list"]),
        json!([change1(), change2(), change3()])
    );
}

engines!(change_show_of_an_unknown_change_is_not_found);
fn change_show_of_an_unknown_change_is_not_found(engine: On) {
    let env = changes(engine);
    let err = fails_json(&mut env.bb(&["change", "show", "99"]), 4);
    assert_eq!(err["ids"], json!([99]), "{err}");
    assert!(err["message"].as_str().unwrap().contains("99"), "{err}");
    fails(&mut env.bb(&["change", "show", "99"]), 4);
    for bad in ["0", "-3", "abc", "99999999999999999999"] {
        fails(&mut env.bb(&["change", "show", bad]), 2);
    }
}

engines!(change_list_result_spec);
fn change_list_result_spec(engine: On) {
    let env = changes(engine);
    // Filters.
    assert_eq!(
        change_ids(&env, &["--filter", "author=Alice <alice@example.org>"]),
        vec![1, 3]
    );
    assert_eq!(
        change_ids(&env, &["--filter", "author__contains=Bob"]),
        vec![2]
    );
    assert_eq!(
        change_ids(&env, &["--filter", "author__contains=bob"]),
        vec![2]
    );
    assert_eq!(
        change_ids(&env, &["--filter", "author__contains=BOB"]),
        Vec::<i64>::new()
    );
    assert_eq!(change_ids(&env, &["--filter", "branch=main"]), vec![1, 3]);
    assert_eq!(change_ids(&env, &["--filter", "branch=null"]), vec![2]);
    assert_eq!(
        change_ids(&env, &["--filter", "branch__ne=null"]),
        vec![1, 3]
    );
    assert_eq!(change_ids(&env, &["--filter", "committer=null"]), vec![2]);
    assert_eq!(change_ids(&env, &["--filter", "category=release"]), vec![2]);
    assert_eq!(
        change_ids(
            &env,
            &[
                "--filter",
                "branch=main",
                "--filter",
                "committer__contains=Carol"
            ]
        ),
        vec![3]
    );
    assert_eq!(
        change_ids(
            &env,
            &["--filter", "when_timestamp__ge=2024-05-01T12:00:00Z"]
        ),
        vec![2, 3]
    );
    assert_eq!(
        change_ids(
            &env,
            &["--filter", "when_timestamp__lt=2024-05-01T12:00:00Z"]
        ),
        vec![1]
    );
    assert_eq!(
        change_ids(
            &env,
            &["--filter", "when_timestamp=2024-05-01T14:00:00+02:00"]
        ),
        vec![2]
    );
    assert_eq!(
        change_ids(&env, &["--filter", &format!("when_timestamp__gt={T0}")]),
        vec![3]
    );
    assert_eq!(
        change_ids(&env, &["--filter", "changeid__in=1,3"]),
        vec![1, 3]
    );
    assert_eq!(
        change_ids(&env, &["--filter", "codebase__notin=cb"]),
        vec![1, 3]
    );
    assert_eq!(
        change_ids(
            &env,
            &[
                "--filter",
                &format!("when_timestamp__in=2024-05-01T12:00:00Z,{}", T0 + 60)
            ]
        ),
        vec![2, 3]
    );
    // Order.
    assert_eq!(
        change_ids(&env, &["--order=-when_timestamp"]),
        vec![3, 2, 1]
    );
    assert_eq!(change_ids(&env, &["--order", "-changeid"]), vec![3, 2, 1]);
    assert_eq!(
        change_ids(&env, &["--order", "author", "--order=-changeid"]),
        vec![3, 1, 2]
    );
    // Limit and offset.
    assert_eq!(change_ids(&env, &["--limit", "2"]), vec![1, 2]);
    assert_eq!(
        change_ids(&env, &["--limit", "1", "--offset", "1"]),
        vec![2]
    );
    assert_eq!(change_ids(&env, &["--offset", "2"]), vec![3]);
    assert_eq!(
        change_ids(
            &env,
            &["--order=-changeid", "--limit", "2", "--offset", "1"]
        ),
        vec![2, 1]
    );
    assert_eq!(change_ids(&env, &["--offset", "5"]), Vec::<i64>::new());
    // Fields, with filters on fields not selected.
    assert_eq!(
        env.json(&["change", "list", "--field", "author", "--field", "changeid"]),
        json!([
            {"changeid": 1, "author": "Alice <alice@example.org>"},
            {"changeid": 2, "author": "Bob <bob@example.org>"},
            {"changeid": 3, "author": "Alice <alice@example.org>"}
        ])
    );
    assert_eq!(
        env.json(&[
            "change",
            "list",
            "--field",
            "files",
            "--field",
            "parent_changeids",
            "--filter",
            "branch=main"
        ]),
        json!([
            {"files": ["README", "src/ünï côde.rs"], "parent_changeids": []},
            {"files": ["README"], "parent_changeids": [1]}
        ])
    );
    assert_eq!(
        env.json(&[
            "change",
            "list",
            "--field",
            "sourcestamp",
            "--filter",
            "changeid=2"
        ]),
        json!([{"sourcestamp": change2()["sourcestamp"]}])
    );
    // Lists and objects cannot be filtered or ordered on; bad values are
    // usage errors.
    for args in [
        &["--filter", "files=README"][..],
        &["--filter", "files__contains=README"],
        &["--filter", "properties=null"],
        &["--filter", "sourcestamp=1"],
        &["--filter", "parent_changeids=1"],
        &["--order", "files"],
        &["--order=-properties"],
        &["--filter", "when_timestamp=yesterday"],
        &["--filter", "when_timestamp=2024-05-01T12:00:00"],
        &["--filter", "when_timestamp__contains=2024"],
        &["--filter", "branch__gt=null"],
        &["--filter", "nosuchfield=1"],
        &["--field", "nosuchfield"],
    ] {
        let mut all = vec!["change", "list"];
        all.extend(args);
        fails(&mut env.bb(&all), 2);
    }
    let err = fails_json(
        &mut env.bb(&["change", "list", "--filter", "files=README"]),
        2,
    );
    assert!(err["message"].as_str().unwrap().contains("files"), "{err}");
}

#[test]
fn usage_errors_come_before_the_database_is_opened() {
    let env = Env::empty();
    for args in [
        &["changesource", "show", "0"][..],
        &["changesource", "claim", "1", "--at", "nope"],
        &["changesource", "release", "-2"],
        &["changesource", "list", "--claimed-by", "0"],
        &["changesource", "list", "--filter", "master=1"],
        &["change", "show", "0"],
        &["change", "list", "--filter", "files=README"],
        &["change", "list", "--order", "sourcestamp"],
    ] {
        fails(&mut env.bb(args), 2);
    }
    // Well-formed commands on a missing database: not found.
    fails(&mut env.bb(&["change", "list"]), 4);
    fails(&mut env.bb(&["changesource", "list"]), 4);
    assert!(!env.db.exists());
}
