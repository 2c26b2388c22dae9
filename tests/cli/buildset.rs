//! `bb buildset ...`: add (addBuildset, with findSourceStampId and
//! findBuilderId), show (getBuildset), list (getBuildsets with the result
//! spec), recent (getRecentBuildsets), complete (completeBuildset) and
//! properties (getBuildsetProperties); and the result spec on the master
//! and builder lists.

use serde_json::{Value, json};
use sha1::{Digest, Sha1};

use crate::support::{
    Engine, Env, On, T0, engines, fails, fails_json, hash_columns, name_hash, run_ok, sourcestamp,
    ss_hash, stdout_of, table_rows,
};

// --- helpers ---------------------------------------------------------------------

/// A new buildset as the REST API shows it: not complete, results -1, no
/// sourcestamps, no parent.
fn buildset(bsid: i64, reason: &str, submitted_at: i64) -> Value {
    json!({
        "bsid": bsid,
        "external_idstring": null,
        "reason": reason,
        "submitted_at": submitted_at,
        "complete": false,
        "complete_at": null,
        "results": -1,
        "sourcestamps": [],
        "parent_buildid": null,
        "parent_relationship": null,
        "rebuilt_buildid": null
    })
}

/// `bb buildset add --at TIME ARGS... --json`, expecting success.
fn add_at(env: &Env, at: &str, args: &[&str]) -> Value {
    let mut all = vec!["buildset", "add", "--at", at];
    all.extend_from_slice(args);
    env.json(&all)
}

/// `bb buildset add --at T0 ARGS... --json`, expecting success.
fn add(env: &Env, args: &[&str]) -> Value {
    add_at(env, &T0.to_string(), args)
}

/// `["buildset", "add", ARGS...]` as a command.
fn add_cmd(env: &Env, args: &[&str]) -> assert_cmd::Command {
    let mut all = vec!["buildset", "add"];
    all.extend_from_slice(args);
    env.bb(&all)
}

/// Expect `cmd` to fail with `code` and leave the database as it was;
/// returns the error line.
fn fails_unchanged(env: &Env, mut cmd: assert_cmd::Command, code: i32) -> String {
    let before = env.dump();
    let message = fails(&mut cmd, code);
    assert_eq!(env.dump(), before, "a failed command changed the database");
    message
}

/// Every `property_value` of a buildset, parsed, by property name.
fn stored_properties(env: &Env, bsid: i64) -> Value {
    let rows = env.rows(&format!(
        "SELECT property_name, property_value FROM buildset_properties WHERE buildsetid = {bsid}"
    ));
    let mut map = serde_json::Map::new();
    for row in rows.as_array().unwrap() {
        let name = row[0].as_str().unwrap().to_string();
        let value: Value = serde_json::from_str(row[1].as_str().unwrap())
            .unwrap_or_else(|e| panic!("property_value of {name} is not JSON ({e}): {row}"));
        assert!(
            map.insert(name.clone(), value).is_none(),
            "property {name} stored twice"
        );
    }
    Value::Object(map)
}

/// The ids (`key`) of a JSON list, in order.
fn ids_of(doc: &Value, key: &str) -> Vec<i64> {
    doc.as_array()
        .unwrap_or_else(|| panic!("not a list: {doc}"))
        .iter()
        .map(|item| {
            item[key]
                .as_i64()
                .unwrap_or_else(|| panic!("no {key}: {item}"))
        })
        .collect()
}

/// The keys of a JSON object, in printed order.
fn keys(doc: &Value) -> Vec<&str> {
    doc.as_object()
        .unwrap_or_else(|| panic!("not an object: {doc}"))
        .keys()
        .map(String::as_str)
        .collect()
}

/// Three builders: 1 linux, 2 windows, 3 docs.
fn builders_env(engine: On) -> Env {
    let env = Env::from(engine);
    env.add_builder(1, "linux");
    env.add_builder(2, "windows");
    env.add_builder(3, "docs");
    env
}

/// Builders linux (1) and windows (2), master 1, an old finished buildset 1
/// with request 1, and builds 1 and 2 of that request, for parent and
/// rebuilt build ids.
fn builds_env(engine: On) -> Env {
    let env = Env::from(engine);
    env.add_master(1, "m1", true, T0);
    env.add_builder(1, "linux");
    env.add_builder(2, "windows");
    env.exec(&format!(
        "INSERT INTO buildsets (id, reason, submitted_at, complete, complete_at, results)
             VALUES (1, 'old', {t}, 1, {t}, 0);
         INSERT INTO buildrequests (id, buildsetid, builderid, priority, complete, results, submitted_at,
                                    complete_at, waited_for)
             VALUES (1, 1, 1, 0, 1, 0, {t}, {t}, 0);
         INSERT INTO builds (id, number, builderid, buildrequestid, workerid, masterid, started_at,
                             complete_at, locks_duration_s, state_string, results)
             VALUES (1, 1, 1, 1, NULL, 1, {t}, {t}, 0, 'done', 0),
                    (2, 2, 1, 1, NULL, 1, {t}, {t}, 0, 'failed', 2);",
        t = T0 - 3600
    ));
    env
}

#[test]
fn hash_helper_is_buildbots_hash_columns() {
    // One value: the plain sha1 (as name_hash), the reference test vector.
    assert_eq!(hash_columns(&[Some("abc")]), name_hash("abc"));
    assert_eq!(
        hash_columns(&[Some("abc")]),
        "a9993e364706816aba3e25717850c26c9cd0d89d"
    );
    // NULL (0xF5) and "" differ, and the separator counts.
    assert_ne!(hash_columns(&[None]), hash_columns(&[Some("")]));
    assert_ne!(
        hash_columns(&[Some("a"), Some("b")]),
        hash_columns(&[Some("ab")])
    );
    let mut raw = Vec::new();
    raw.extend_from_slice(b"main\0\xf5\0r\0\0\0\xf5");
    let expected: String = Sha1::digest(&raw)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(ss_hash(Some("main"), None, "r", "", ""), expected);
}

// --- add: builders -------------------------------------------------------------

engines!(myisam: add_by_builder_name_and_id_counts_duplicates_once);
fn add_by_builder_name_and_id_counts_duplicates_once(engine: On) {
    let env = builders_env(engine);
    let doc = add(
        &env,
        &[
            "--reason",
            "nightly",
            "--builder",
            "linux",
            "--builder",
            "2",
            "--builder",
            "1",
            "--builder",
            "windows",
        ],
    );
    assert_eq!(doc, json!({"bsid": 1, "brids": {"1": 1, "2": 2}}));
    assert_eq!(
        env.rows("SELECT * FROM buildsets"),
        json!([[1, null, "nightly", T0, 0, null, -1, null, null, null]])
    );
    assert_eq!(
        env.rows("SELECT * FROM buildrequests ORDER BY id"),
        json!([
            [1, 1, 1, 0, 0, -1, T0, null, 0],
            [2, 1, 2, 0, 0, -1, T0, null, 0]
        ])
    );
    assert_eq!(env.rows("SELECT * FROM buildset_properties"), json!([]));
    // No --sourcestamp: the default codebase's, as a scheduler with no
    // change adds it, so that Buildbot's masters see the requests.
    assert_eq!(
        env.rows("SELECT * FROM buildset_sourcestamps"),
        json!([[1, 1, 1]])
    );
    assert_eq!(
        env.rows("SELECT * FROM sourcestamps"),
        json!([[
            1,
            ss_hash(None, None, "", "", ""),
            null,
            null,
            null,
            "",
            "",
            "",
            T0
        ]])
    );
    assert_eq!(env.rows("SELECT * FROM buildrequest_claims"), json!([]));
    assert_eq!(
        env.rows("SELECT id, name FROM builders ORDER BY id"),
        json!([[1, "linux"], [2, "windows"], [3, "docs"]])
    );

    // A second buildset: requests in the order the builders were given.
    let doc = add(
        &env,
        &[
            "--reason",
            "again",
            "--builder",
            "docs",
            "--builder",
            "linux",
        ],
    );
    assert_eq!(doc, json!({"bsid": 2, "brids": {"3": 3, "1": 4}}));
    assert_eq!(
        env.rows(
            "SELECT id, buildsetid, builderid FROM buildrequests WHERE buildsetid = 2 ORDER BY id"
        ),
        json!([[3, 2, 3], [4, 2, 1]])
    );

    // For people: a table naming the builders.
    let table = stdout_of(&mut env.bb(&[
        "buildset",
        "add",
        "--reason",
        "third",
        "--builder",
        "windows",
        "--at",
        &T0.to_string(),
    ]));
    for needle in ["bsid", "3", "windows", "5"] {
        assert!(table.contains(needle), "{needle} missing from\n{table}");
    }
}

engines!(myisam: add_refuses_unknown_builders_and_writes_nothing);
fn add_refuses_unknown_builders_and_writes_nothing(engine: On) {
    let env = builders_env(engine);
    add(&env, &["--reason", "first", "--builder", "linux"]);

    let msg = fails_unchanged(
        &env,
        add_cmd(
            &env,
            &[
                "--reason",
                "r",
                "--builder",
                "linux",
                "--builder",
                "nosuch",
                "--builder",
                "99",
                "--builder",
                "98",
            ],
        ),
        4,
    );
    for needle in ["nosuch", "99", "98"] {
        assert!(msg.contains(needle), "{needle} not named in: {msg}");
    }
    assert!(
        !msg.contains("linux"),
        "an existing builder is named: {msg}"
    );

    let err = fails_json(
        &mut add_cmd(
            &env,
            &["--reason", "r", "--builder", "99", "--builder", "linux"],
        ),
        4,
    );
    assert_eq!(err["ids"], json!([99]));
    let err = fails_json(
        &mut add_cmd(&env, &["--reason", "r", "--builder", "ghost"]),
        4,
    );
    assert!(err["message"].as_str().unwrap().contains("ghost"), "{err}");

    // --create-builders creates names, never ids.
    let err = fails_json(
        &mut add_cmd(
            &env,
            &[
                "--reason",
                "r",
                "--create-builders",
                "--builder",
                "fresh",
                "--builder",
                "77",
            ],
        ),
        4,
    );
    assert_eq!(err["ids"], json!([77]));
    assert_eq!(
        env.int("SELECT count(*) FROM builders WHERE name = 'fresh'"),
        0,
        "a builder created by a failed command was left behind"
    );
    assert_eq!(env.int("SELECT count(*) FROM buildsets"), 1);
}

engines!(myisam: add_with_create_builders_uses_find_builder_id);
fn add_with_create_builders_uses_find_builder_id(engine: On) {
    let env = builders_env(engine);
    let lion = format!("löwe {}", env.lion());
    let doc = add(
        &env,
        &[
            "--reason",
            "r",
            "--create-builders",
            "--builder",
            "new one",
            "--builder",
            "linux",
            "--builder",
            "new one",
            "--builder",
            &lion,
        ],
    );
    assert_eq!(doc, json!({"bsid": 1, "brids": {"4": 1, "1": 2, "5": 3}}));
    assert_eq!(
        env.rows("SELECT id, name, name_hash, description, projectid FROM builders ORDER BY id"),
        json!([
            [1, "linux", name_hash("linux"), null, null],
            [2, "windows", name_hash("windows"), null, null],
            [3, "docs", name_hash("docs"), null, null],
            [4, "new one", name_hash("new one"), null, null],
            [5, lion, name_hash(&lion), null, null]
        ])
    );
    assert_eq!(
        env.rows("SELECT id, builderid FROM buildrequests ORDER BY id"),
        json!([[1, 4], [2, 1], [3, 5]])
    );
    // Found, not created again; the new builder is now known by name.
    let doc = add(
        &env,
        &["--reason", "r", "--create-builders", "--builder", "new one"],
    );
    assert_eq!(doc, json!({"bsid": 2, "brids": {"4": 4}}));
    let doc = add(&env, &["--reason", "r", "--builder", "new one"]);
    assert_eq!(doc, json!({"bsid": 3, "brids": {"4": 5}}));
    assert_eq!(env.int("SELECT count(*) FROM builders"), 5);
}

// --- add: the buildset's own columns, properties -------------------------------

engines!(myisam: add_with_every_option_writes_rows_exactly);
fn add_with_every_option_writes_rows_exactly(engine: On) {
    let env = builds_env(engine);
    let doc = add_at(
        &env,
        "2024-05-01T14:00:00+02:00",
        &[
            "--reason",
            "triggered by build 1",
            "--builder",
            "linux",
            "--builder",
            "windows",
            "--external-idstring",
            "ext-42",
            "--parent-buildid",
            "1",
            "--parent-relationship",
            "Trigger",
            "--rebuilt-buildid",
            "2",
            "--waited-for",
            "--priority",
            "-3",
            "--property",
            "n=3",
            "--property",
            "f=2.5",
            "--property",
            "s=\"quoted\"",
            "--property",
            "word=hello world",
            "--property",
            "obj={\"k\":[1,null]}",
            "--property",
            "list=[1,\"a\"]",
            "--property",
            "eq=a=b",
            "--property",
            "empty=",
            "--property",
            "flag=true",
            "--property",
            "nothing=null",
        ],
    );
    assert_eq!(doc, json!({"bsid": 2, "brids": {"1": 2, "2": 3}}));
    assert_eq!(
        env.rows("SELECT * FROM buildsets WHERE id = 2"),
        json!([[
            2,
            "ext-42",
            "triggered by build 1",
            T0,
            0,
            null,
            -1,
            1,
            "Trigger",
            2
        ]])
    );
    assert_eq!(
        env.rows("SELECT * FROM buildrequests WHERE buildsetid = 2 ORDER BY id"),
        json!([
            [2, 2, 1, -3, 0, -1, T0, null, 1],
            [3, 2, 2, -3, 0, -1, T0, null, 1]
        ])
    );
    assert_eq!(
        stored_properties(&env, 2),
        json!({
            "n": [3, "bb"],
            "f": [2.5, "bb"],
            "s": ["quoted", "bb"],
            "word": ["hello world", "bb"],
            "obj": [{"k": [1, null]}, "bb"],
            "list": [[1, "a"], "bb"],
            "eq": ["a=b", "bb"],
            "empty": ["", "bb"],
            "flag": [true, "bb"],
            "nothing": [null, "bb"]
        })
    );
    // The default sourcestamp (the builds_env has none yet).
    assert_eq!(
        env.rows("SELECT * FROM buildset_sourcestamps"),
        json!([[1, 2, 1]])
    );

    // --property-source; no --waited-for is 0; default priority 0.
    let doc = add(
        &env,
        &[
            "--reason",
            "forced",
            "--builder",
            "1",
            "--property",
            "n=4",
            "--property",
            "owner=alice@example.org",
            "--property-source",
            "Force Build Form",
        ],
    );
    assert_eq!(doc, json!({"bsid": 3, "brids": {"1": 4}}));
    assert_eq!(
        env.rows("SELECT * FROM buildsets WHERE id = 3"),
        json!([[3, null, "forced", T0, 0, null, -1, null, null, null]])
    );
    assert_eq!(
        env.rows("SELECT * FROM buildrequests WHERE buildsetid = 3"),
        json!([[4, 3, 1, 0, 0, -1, T0, null, 0]])
    );
    assert_eq!(
        stored_properties(&env, 3),
        json!({"n": [4, "Force Build Form"], "owner": ["alice@example.org", "Force Build Form"]})
    );
}

engines!(myisam: add_stamps_now_without_at);
fn add_stamps_now_without_at(engine: On) {
    let env = builders_env(engine);
    let before = chrono::Utc::now().timestamp();
    let doc = env.json(&["buildset", "add", "--reason", "now", "--builder", "linux"]);
    let after = chrono::Utc::now().timestamp();
    assert_eq!(doc, json!({"bsid": 1, "brids": {"1": 1}}));
    let submitted = env.int("SELECT submitted_at FROM buildsets WHERE id = 1");
    assert!(
        (before..=after).contains(&submitted),
        "{submitted} not in {before}..={after}"
    );
    assert_eq!(
        env.int("SELECT submitted_at FROM buildrequests WHERE id = 1"),
        submitted
    );
}

engines!(myisam: add_refuses_missing_builds);
fn add_refuses_missing_builds(engine: On) {
    let env = builds_env(engine);
    let err = fails_json(
        &mut add_cmd(
            &env,
            &[
                "--reason",
                "r",
                "--builder",
                "linux",
                "--parent-buildid",
                "99",
                "--parent-relationship",
                "Trigger",
                "--at",
                &T0.to_string(),
            ],
        ),
        4,
    );
    assert_eq!(err["ids"], json!([99]));
    let msg = fails_unchanged(
        &env,
        add_cmd(
            &env,
            &[
                "--reason",
                "r",
                "--builder",
                "linux",
                "--rebuilt-buildid",
                "98",
            ],
        ),
        4,
    );
    assert!(msg.contains("98"), "{msg}");
    let err = fails_json(
        &mut add_cmd(
            &env,
            &[
                "--reason",
                "r",
                "--builder",
                "linux",
                "--rebuilt-buildid",
                "98",
            ],
        ),
        4,
    );
    assert_eq!(err["ids"], json!([98]));
    assert_eq!(env.int("SELECT count(*) FROM buildsets"), 1);
}

// --- add: sourcestamps -----------------------------------------------------------

engines!(myisam: add_finds_or_creates_sourcestamps_by_ss_hash);
fn add_finds_or_creates_sourcestamps_by_ss_hash(engine: On) {
    let env = builders_env(engine);
    let repo = "https://example.org/repo.git";
    let other = "https://example.org/other.git";
    let doc = add(
        &env,
        &[
            "--reason",
            "r",
            "--builder",
            "linux",
            "--sourcestamp",
            &format!("branch=main,revision=abc123,repository={repo},project=proj,codebase=cb"),
            "--sourcestamp",
            &format!("repository={other}"),
        ],
    );
    assert_eq!(doc, json!({"bsid": 1, "brids": {"1": 1}}));
    assert_eq!(
        env.rows("SELECT * FROM sourcestamps ORDER BY id"),
        json!([
            [
                1,
                ss_hash(Some("main"), Some("abc123"), repo, "proj", "cb"),
                "main",
                "abc123",
                null,
                repo,
                "cb",
                "proj",
                T0
            ],
            [
                2,
                ss_hash(None, None, other, "", ""),
                null,
                null,
                null,
                other,
                "",
                "",
                T0
            ]
        ])
    );
    assert_eq!(
        env.rows("SELECT buildsetid, sourcestampid FROM buildset_sourcestamps ORDER BY id"),
        json!([[1, 1], [1, 2]])
    );

    // Later, keys in another order: the same sourcestamp (created_at kept);
    // an empty branch is not a missing one.
    let later = (T0 + 60).to_string();
    let doc = add_at(
        &env,
        &later,
        &[
            "--reason",
            "r2",
            "--builder",
            "windows",
            "--sourcestamp",
            &format!("codebase=cb,project=proj,repository={repo},revision=abc123,branch=main"),
            "--sourcestamp",
            &format!("repository={other},branch="),
        ],
    );
    assert_eq!(doc, json!({"bsid": 2, "brids": {"2": 2}}));
    assert_eq!(
        env.rows("SELECT id, ss_hash, branch, revision, created_at FROM sourcestamps WHERE id = 3"),
        json!([[3, ss_hash(Some(""), None, other, "", ""), "", null, T0 + 60]])
    );
    assert_eq!(env.int("SELECT count(*) FROM sourcestamps"), 3);
    assert_eq!(
        env.int("SELECT created_at FROM sourcestamps WHERE id = 1"),
        T0
    );
    assert_eq!(
        env.rows("SELECT buildsetid, sourcestampid FROM buildset_sourcestamps WHERE buildsetid = 2 ORDER BY id"),
        json!([[2, 1], [2, 3]])
    );

    // The same sourcestamp twice in one buildset: one sourcestamp, linked once.
    let doc = add(
        &env,
        &[
            "--reason",
            "twice",
            "--builder",
            "docs",
            "--sourcestamp",
            "repository=x,branch=b",
            "--sourcestamp",
            "branch=b,repository=x",
        ],
    );
    assert_eq!(doc, json!({"bsid": 3, "brids": {"3": 3}}));
    assert_eq!(
        env.rows("SELECT id, ss_hash FROM sourcestamps WHERE id > 3"),
        json!([[4, ss_hash(Some("b"), None, "x", "", "")]])
    );
    let mut expected = buildset(3, "twice", T0);
    expected["sourcestamps"] = json!([sourcestamp(4, Some("b"), None, "x", "", "", T0)]);
    let mut shown = env.json(&["buildset", "show", "3"]);
    assert_eq!(shown["properties"], json!({}));
    shown.as_object_mut().unwrap().remove("properties");
    assert_eq!(shown, expected);
}

engines!(myisam: add_finds_a_sourcestamp_buildbot_created_and_takes_ssids);
fn add_finds_a_sourcestamp_buildbot_created_and_takes_ssids(engine: On) {
    let env = builders_env(engine);
    // As Buildbot would have written them: one plain, one with a patch.
    env.exec(&format!(
        "INSERT INTO patches (id, patchlevel, patch_base64, patch_author, patch_comment, subdir)
             VALUES (1, 1, 'ZGlmZiAtLWdpdCBhL2YgYi9mCitmaXhlZAo=', 'alice', 'fix it', 'src');
         INSERT INTO sourcestamps (id, ss_hash, branch, revision, patchid, repository, codebase, project, created_at)
             VALUES (7, '{plain}', 'main', 'deadbeef', NULL, 'r', '', '', {old}),
                    (8, '{patched}', 'main', 'deadbeef', 1, 'r', '', '', {old});",
        plain = ss_hash(Some("main"), Some("deadbeef"), "r", "", ""),
        patched = hash_columns(&[
            Some("main"),
            Some("deadbeef"),
            Some("r"),
            Some(""),
            Some(""),
            Some("1")
        ]),
        old = T0 - 1000,
    ));
    let doc = add(
        &env,
        &[
            "--reason",
            "r",
            "--builder",
            "linux",
            "--sourcestamp",
            "branch=main,revision=deadbeef,repository=r",
            "--ssid",
            "8",
        ],
    );
    assert_eq!(doc, json!({"bsid": 1, "brids": {"1": 1}}));
    assert_eq!(env.int("SELECT count(*) FROM sourcestamps"), 2);
    assert_eq!(
        env.rows("SELECT buildsetid, sourcestampid FROM buildset_sourcestamps ORDER BY id"),
        json!([[1, 7], [1, 8]])
    );
    let mut expected = buildset(1, "r", T0);
    let patched = json!({
        "ssid": 8,
        "branch": "main",
        "revision": "deadbeef",
        "repository": "r",
        "project": "",
        "codebase": "",
        "created_at": T0 - 1000,
        "patch": {
            "patchid": 1,
            "level": 1,
            "subdir": "src",
            "author": "alice",
            "comment": "fix it",
            "body": "diff --git a/f b/f\n+fixed\n"
        }
    });
    expected["sourcestamps"] = json!([
        sourcestamp(7, Some("main"), Some("deadbeef"), "r", "", "", T0 - 1000),
        patched
    ]);
    expected["properties"] = json!({});
    assert_eq!(env.json(&["buildset", "show", "1"]), expected);

    // Only --ssid, repeated: linked once.
    let doc = add(
        &env,
        &[
            "--reason",
            "r",
            "--builder",
            "linux",
            "--ssid",
            "7",
            "--ssid",
            "7",
        ],
    );
    assert_eq!(doc, json!({"bsid": 2, "brids": {"1": 2}}));
    assert_eq!(
        env.rows("SELECT sourcestampid FROM buildset_sourcestamps WHERE buildsetid = 2"),
        json!([[7]])
    );

    // A missing --ssid: exit 4, and the new --sourcestamp is not created.
    let msg = fails_unchanged(
        &env,
        add_cmd(
            &env,
            &[
                "--reason",
                "r",
                "--builder",
                "linux",
                "--sourcestamp",
                "repository=brand-new",
                "--ssid",
                "7",
                "--ssid",
                "99",
            ],
        ),
        4,
    );
    assert!(msg.contains("99"), "{msg}");
    let err = fails_json(
        &mut add_cmd(
            &env,
            &["--reason", "r", "--builder", "linux", "--ssid", "99"],
        ),
        4,
    );
    assert_eq!(err["ids"], json!([99]));
}

// --- add: one transaction --------------------------------------------------------

/// Builders 1..=n named b1..bn, inserted in one statement.
fn many_builders(env: &Env, n: i64) {
    let rows: Vec<String> = (1..=n)
        .map(|i| format!("({i}, 'b{i}', '{}')", name_hash(&format!("b{i}"))))
        .collect();
    env.exec(&format!(
        "INSERT INTO builders (id, name, name_hash) VALUES {}",
        rows.join(", ")
    ));
}

engines!(myisam: add_for_500_builders_makes_500_requests);
fn add_for_500_builders_makes_500_requests(env: Env) {
    many_builders(&env, 500);
    // Even builders by id, odd ones by name.
    let builders: Vec<String> = (1..=500)
        .map(|i| {
            if i % 2 == 0 {
                i.to_string()
            } else {
                format!("b{i}")
            }
        })
        .collect();
    let mut args = vec!["--reason", "everything"];
    for builder in &builders {
        args.extend(["--builder", builder.as_str()]);
    }
    args.extend(["--sourcestamp", "branch=main,repository=r"]);
    let doc = add(&env, &args);
    let brids: serde_json::Map<String, Value> =
        (1..=500).map(|i| (i.to_string(), json!(i))).collect();
    assert_eq!(doc, json!({"bsid": 1, "brids": brids}));
    assert_eq!(env.int("SELECT count(*) FROM buildrequests"), 500);
    assert_eq!(
        env.int(&format!(
            "SELECT count(*) FROM buildrequests WHERE buildsetid = 1 AND builderid = id
             AND complete = 0 AND results = -1 AND submitted_at = {T0} AND priority = 0
             AND waited_for = 0 AND complete_at IS NULL"
        )),
        500
    );
    assert_eq!(
        env.int("SELECT count(DISTINCT builderid) FROM buildrequests"),
        500
    );
}

engines!(myisam: add_that_fails_late_leaves_the_database_unchanged);
fn add_that_fails_late_leaves_the_database_unchanged(env: Env) {
    many_builders(&env, 500);
    add(&env, &["--reason", "first", "--builder", "b1"]);

    // 499 good builders, then an unknown name.
    let names: Vec<String> = (1..=499).map(|i| format!("b{i}")).collect();
    let mut args = vec!["--reason", "late", "--sourcestamp", "repository=new-repo"];
    for name in &names {
        args.extend(["--builder", name.as_str()]);
    }
    args.extend(["--builder", "nosuch"]);
    let msg = fails_unchanged(&env, add_cmd(&env, &args), 4);
    assert!(msg.contains("nosuch"), "{msg}");

    // 499 good builders by id, then an unknown id.
    let ids: Vec<String> = (1..=499).map(|i| i.to_string()).collect();
    let mut args = vec!["--reason", "late"];
    for id in &ids {
        args.extend(["--builder", id.as_str()]);
    }
    args.extend(["--builder", "501"]);
    let err = fails_json(&mut add_cmd(&env, &args), 4);
    assert_eq!(err["ids"], json!([501]));

    // Builders created by --create-builders and a new sourcestamp are rolled
    // back when a later check fails.
    let fresh: Vec<String> = (1..=300).map(|i| format!("fresh{i}")).collect();
    for tail in [
        ["--ssid", "999"],
        ["--rebuilt-buildid", "999"],
        ["--builder", "9999"],
    ] {
        let mut args = vec![
            "--reason",
            "late",
            "--create-builders",
            "--sourcestamp",
            "repository=new-repo",
            "--property",
            "p=1",
        ];
        for name in &fresh {
            args.extend(["--builder", name.as_str()]);
        }
        args.extend(tail);
        fails_unchanged(&env, add_cmd(&env, &args), 4);
    }
    assert_eq!(env.int("SELECT count(*) FROM builders"), 500);
    // Only the default sourcestamp of the first buildset.
    assert_eq!(
        env.rows("SELECT repository, codebase FROM sourcestamps"),
        json!([["", ""]])
    );
    assert_eq!(env.int("SELECT count(*) FROM buildsets"), 1);
}

// --- add: usage errors and Buildbot's column limits ------------------------------

engines!(myisam: add_refuses_values_longer_than_buildbots_columns);
fn add_refuses_values_longer_than_buildbots_columns(engine: On) {
    let env = builders_env(engine);
    add(&env, &["--reason", "first", "--builder", "linux"]);
    let long = |n: usize| "x".repeat(n);
    // (arguments, the offending argument as given, field, limit)
    let cases: Vec<(Vec<String>, String, &str, usize)> = vec![
        (vec!["--reason".into(), long(257)], long(257), "reason", 256),
        (
            vec!["--reason".into(), "é".repeat(257)],
            "é".repeat(257),
            "reason",
            256,
        ),
        (
            vec!["--external-idstring".into(), long(257)],
            long(257),
            "external_idstring",
            256,
        ),
        (
            vec!["--property".into(), format!("{}=1", long(257))],
            format!("{}=1", long(257)),
            "property name",
            256,
        ),
        (
            vec!["--sourcestamp".into(), format!("branch={}", long(257))],
            format!("branch={}", long(257)),
            "branch",
            256,
        ),
        (
            vec!["--sourcestamp".into(), format!("revision={}", long(257))],
            format!("revision={}", long(257)),
            "revision",
            256,
        ),
        (
            vec![
                "--sourcestamp".into(),
                format!("repository=r,codebase={}", long(257)),
            ],
            format!("repository=r,codebase={}", long(257)),
            "codebase",
            256,
        ),
        (
            vec!["--sourcestamp".into(), format!("repository={}", long(513))],
            format!("repository={}", long(513)),
            "repository",
            512,
        ),
        (
            vec!["--sourcestamp".into(), format!("project={}", long(513))],
            format!("project={}", long(513)),
            "project",
            512,
        ),
    ];
    let missing = Env::empty();
    for (extra, given, field, limit) in cases {
        let mut args: Vec<&str> = vec!["--builder", "linux"];
        if extra[0] != "--reason" {
            args.extend(["--reason", "r"]);
        }
        args.extend(extra.iter().map(String::as_str));
        let msg = fails_unchanged(&env, add_cmd(&env, &args), 2);
        let rest = msg.replace(&given, "");
        assert!(
            rest.to_lowercase().contains(field),
            "{field} not named in: {rest}"
        );
        assert!(
            rest.contains(&limit.to_string()),
            "limit {limit} not given in: {rest}"
        );
        let err = fails_json(&mut add_cmd(&env, &args), 2);
        assert_eq!(err["ids"], json!([]));
        // Checked before the database is opened.
        fails(&mut add_cmd(&missing, &args), 2);
    }
    assert!(!missing.db.exists());
}

engines!(myisam: add_accepts_values_exactly_at_buildbots_limits);
fn add_accepts_values_exactly_at_buildbots_limits(engine: On) {
    let env = builders_env(engine);
    let name = "n".repeat(256);
    let sourcestamp = format!(
        "branch={},revision={},codebase={},repository={},project={}",
        "b".repeat(256),
        "v".repeat(256),
        "c".repeat(256),
        "r".repeat(512),
        "p".repeat(512)
    );
    let reason = "é".repeat(256);
    let doc = add(
        &env,
        &[
            "--reason",
            &reason,
            "--builder",
            "linux",
            "--external-idstring",
            &"e".repeat(256),
            "--property",
            &format!("{name}=1"),
            "--sourcestamp",
            &sourcestamp,
        ],
    );
    assert_eq!(doc, json!({"bsid": 1, "brids": {"1": 1}}));
    // Characters, not bytes (MySQL's length() counts bytes).
    let lengths: Vec<usize> = env.rows("SELECT reason, external_idstring FROM buildsets")[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().chars().count())
        .collect();
    assert_eq!(lengths, [256, 256]);
    assert_eq!(env.rows("SELECT reason FROM buildsets"), json!([[reason]]));
    assert_eq!(
        env.rows("SELECT length(property_name) FROM buildset_properties"),
        json!([[256]])
    );
    assert_eq!(
        env.rows(
            "SELECT length(branch), length(revision), length(codebase), length(repository), length(project)
             FROM sourcestamps"
        ),
        json!([[256, 256, 256, 512, 512]])
    );
    assert_eq!(
        env.rows("SELECT ss_hash FROM sourcestamps"),
        json!([[ss_hash(
            Some(&"b".repeat(256)),
            Some(&"v".repeat(256)),
            &"r".repeat(512),
            &"p".repeat(512),
            &"c".repeat(256)
        )]])
    );
}

engines!(myisam: add_usage_errors_exit_2_and_write_nothing);
fn add_usage_errors_exit_2_and_write_nothing(engine: On) {
    let env = builds_env(engine);
    let at = T0.to_string();
    let cases: Vec<Vec<&str>> = vec![
        // --sourcestamp syntax and keys
        vec![
            "--reason",
            "r",
            "--builder",
            "linux",
            "--sourcestamp",
            "branch",
        ],
        vec![
            "--reason",
            "r",
            "--builder",
            "linux",
            "--sourcestamp",
            "colour=blue",
        ],
        vec![
            "--reason",
            "r",
            "--builder",
            "linux",
            "--sourcestamp",
            "branch=main,patch=x",
        ],
        // --property syntax
        vec![
            "--reason",
            "r",
            "--builder",
            "linux",
            "--property",
            "novalue",
        ],
        vec!["--reason", "r", "--builder", "linux", "--property", "=1"],
        // parent build id and relationship go together
        vec![
            "--reason",
            "r",
            "--builder",
            "linux",
            "--parent-relationship",
            "Trigger",
        ],
        vec![
            "--reason",
            "r",
            "--builder",
            "linux",
            "--parent-buildid",
            "1",
        ],
        // ids
        vec!["--reason", "r", "--builder", "0"],
        vec!["--reason", "r", "--builder", "-1"],
        vec!["--reason", "r", "--builder", ""],
        vec!["--reason", "r", "--builder", "99999999999999999999"],
        vec!["--reason", "r", "--builder", "linux", "--ssid", "0"],
        vec!["--reason", "r", "--builder", "linux", "--ssid", "abc"],
        vec![
            "--reason",
            "r",
            "--builder",
            "linux",
            "--rebuilt-buildid",
            "-2",
        ],
        // required flags, values
        vec!["--reason", "r"],
        vec!["--builder", "linux"],
        vec!["--reason", "r", "--builder", "linux", "--priority", "high"],
        vec!["--reason", "r", "--builder", "linux", "--at", "yesterday"],
        vec![
            "--reason",
            "r",
            "--builder",
            "linux",
            "--at",
            &at,
            "--at",
            &at,
        ],
    ];
    for args in cases {
        let msg = fails_unchanged(&env, add_cmd(&env, &args), 2);
        assert!(!msg.is_empty(), "{args:?}");
        fails_json(&mut add_cmd(&env, &args), 2);
    }
    let msg = fails(
        &mut add_cmd(
            &env,
            &[
                "--reason",
                "r",
                "--builder",
                "linux",
                "--sourcestamp",
                "colour=blue",
            ],
        ),
        2,
    );
    assert!(msg.contains("colour"), "{msg}");
}

// --- show and properties ---------------------------------------------------------

engines!(show_prints_the_buildset_with_sourcestamps_and_properties);
fn show_prints_the_buildset_with_sourcestamps_and_properties(engine: On) {
    let env = builds_env(engine);
    add_at(
        &env,
        &(T0 + 30).to_string(),
        &[
            "--reason",
            "triggered",
            "--builder",
            "linux",
            "--builder",
            "windows",
            "--external-idstring",
            "ext-42",
            "--parent-buildid",
            "1",
            "--parent-relationship",
            "Trigger",
            "--rebuilt-buildid",
            "2",
            "--sourcestamp",
            "branch=main,revision=abc,repository=r,project=p,codebase=cb",
            "--sourcestamp",
            "repository=r2",
            "--property",
            "n=3",
            "--property",
            "who=alice",
        ],
    );
    let expected = json!({
        "bsid": 2,
        "external_idstring": "ext-42",
        "reason": "triggered",
        "submitted_at": T0 + 30,
        "complete": false,
        "complete_at": null,
        "results": -1,
        "sourcestamps": [
            sourcestamp(1, Some("main"), Some("abc"), "r", "p", "cb", T0 + 30),
            sourcestamp(2, None, None, "r2", "", "", T0 + 30)
        ],
        "parent_buildid": 1,
        "parent_relationship": "Trigger",
        "rebuilt_buildid": 2,
        "properties": {"n": [3, "bb"], "who": ["alice", "bb"]}
    });
    assert_eq!(env.json(&["buildset", "show", "2"]), expected);

    // The old buildset, written as Buildbot writes a finished one.
    let mut old = buildset(1, "old", T0 - 3600);
    old["complete"] = json!(true);
    old["complete_at"] = json!(T0 - 3600);
    old["results"] = json!(0);
    old["properties"] = json!({});
    assert_eq!(env.json(&["buildset", "show", "1"]), old);

    let table = stdout_of(&mut env.bb(&["buildset", "show", "2"]));
    for needle in [
        "ext-42",
        "triggered",
        "2024-05-01T12:00:30Z",
        "Trigger",
        "main",
        "abc",
        "r2",
        "alice",
    ] {
        assert!(table.contains(needle), "{needle} missing from\n{table}");
    }
    let table = stdout_of(&mut env.bb(&["buildset", "show", "1"]));
    assert!(table.contains("success"), "results as a name:\n{table}");

    let before = env.dump();
    let err = fails_json(&mut env.bb(&["buildset", "show", "99"]), 4);
    assert_eq!(err["error"], "not_found");
    assert_eq!(err["ids"], json!([99]));
    assert!(err["message"].as_str().unwrap().contains("99"), "{err}");
    fails(&mut env.bb(&["buildset", "show", "99"]), 4);
    fails(&mut env.bb(&["buildset", "show", "0"]), 2);
    fails(&mut env.bb(&["buildset", "show", "x"]), 2);
    assert_eq!(env.dump(), before);
}

engines!(properties_prints_name_to_value_and_source);
fn properties_prints_name_to_value_and_source(engine: On) {
    let env = builders_env(engine);
    add(
        &env,
        &[
            "--reason",
            "r",
            "--builder",
            "linux",
            "--property",
            "n=3",
            "--property",
            "obj={\"a\":[1,2]}",
            "--property",
            "text=not json",
            "--property-source",
            "Scheduler",
        ],
    );
    add(&env, &["--reason", "r", "--builder", "linux"]);
    // A row Buildbot itself would skip: not JSON.
    env.exec(
        "INSERT INTO buildset_properties (buildsetid, property_name, property_value)
         VALUES (1, 'broken', 'not json at all')",
    );
    assert_eq!(
        env.json(&["buildset", "properties", "1"]),
        json!({
            "n": [3, "Scheduler"],
            "obj": [{"a": [1, 2]}, "Scheduler"],
            "text": ["not json", "Scheduler"]
        })
    );
    assert_eq!(env.json(&["buildset", "properties", "2"]), json!({}));
    // None, for people: nothing on stdout, and stderr says so.
    assert_eq!(
        run_ok(env.bb(&["buildset", "properties", "2"])),
        (String::new(), "no properties\n".to_string())
    );

    let table = stdout_of(&mut env.bb(&["buildset", "properties", "1"]));
    for needle in ["obj", "not json", "Scheduler"] {
        assert!(table.contains(needle), "{needle} missing from\n{table}");
    }

    let before = env.dump();
    let err = fails_json(&mut env.bb(&["buildset", "properties", "3"]), 4);
    assert_eq!(err["ids"], json!([3]));
    fails(&mut env.bb(&["buildset", "properties", "3"]), 4);
    fails(&mut env.bb(&["buildset", "properties", "-3"]), 2);
    assert_eq!(env.dump(), before);
}

// --- list and the result spec ----------------------------------------------------

/// Five buildsets written as Buildbot writes them:
///
/// | bsid | external | reason        | submitted | complete | complete_at | results | parent | rebuilt | sourcestamps |
/// |------|----------|---------------|-----------|----------|-------------|---------|--------|---------|--------------|
/// | 1    | ext-1    | nightly build | T0        | 1        | T0+100      | 0       |        |         | 1            |
/// | 2    |          | Nightly       | T0+10     | 0        |             | -1      | 1 triggered |    | 2            |
/// | 3    | ext-3    | push to main  | T0+20     | 1        | T0+200      | 2       |        | 1       | 1, 2, 3      |
/// | 4    |          | manual        | T0+30     | 0        |             | -1      |        |         |              |
/// | 5    | ext-5    | retry_50%     | T0+5      | 1        | T0+300      | 4       |        |         | 2            |
///
/// Sourcestamps: 1 main/aaa in r1 (project p), 2 dev in r2 (codebase cb),
/// 3 main/bbb in r1 (project p).
fn listing(engine: On) -> Env {
    let env = Env::from(engine);
    env.add_master(1, "m1", true, T0);
    env.add_builder(1, "linux");
    env.exec(&format!(
        "INSERT INTO buildsets (id, external_idstring, reason, submitted_at, complete, complete_at, results,
                                parent_buildid, parent_relationship, rebuilt_buildid) VALUES
             (1, 'ext-1', 'nightly build', {t0}, 1, {t100}, 0, NULL, NULL, NULL),
             (2, NULL, 'Nightly', {t10}, 0, NULL, -1, NULL, 'triggered', NULL),
             (3, 'ext-3', 'push to main', {t20}, 1, {t200}, 2, NULL, NULL, NULL),
             (4, NULL, 'manual', {t30}, 0, NULL, -1, NULL, NULL, NULL),
             (5, 'ext-5', 'retry_50%', {t5}, 1, {t300}, 4, NULL, NULL, NULL);
         INSERT INTO buildrequests (id, buildsetid, builderid, priority, complete, results, submitted_at,
                                    complete_at, waited_for)
             VALUES (1, 1, 1, 0, 1, 0, {t0}, {t100}, 0);
         INSERT INTO builds (id, number, builderid, buildrequestid, workerid, masterid, started_at,
                             complete_at, locks_duration_s, state_string, results)
             VALUES (1, 1, 1, 1, NULL, 1, {t0}, {t100}, 0, 'done', 0);
         UPDATE buildsets SET parent_buildid = 1 WHERE id = 2;
         UPDATE buildsets SET rebuilt_buildid = 1 WHERE id = 3;
         INSERT INTO sourcestamps (id, ss_hash, branch, revision, patchid, repository, codebase, project, created_at)
             VALUES (1, '{h1}', 'main', 'aaa', NULL, 'r1', '', 'p', {m100}),
                    (2, '{h2}', 'dev', NULL, NULL, 'r2', 'cb', '', {m50}),
                    (3, '{h3}', 'main', 'bbb', NULL, 'r1', '', 'p', {m40});
         INSERT INTO buildset_sourcestamps (id, buildsetid, sourcestampid)
             VALUES (1, 1, 1), (2, 2, 2), (3, 3, 1), (4, 3, 2), (5, 3, 3), (6, 5, 2);",
        t0 = T0,
        t5 = T0 + 5,
        t10 = T0 + 10,
        t20 = T0 + 20,
        t30 = T0 + 30,
        t100 = T0 + 100,
        t200 = T0 + 200,
        t300 = T0 + 300,
        m100 = T0 - 100,
        m50 = T0 - 50,
        m40 = T0 - 40,
        h1 = ss_hash(Some("main"), Some("aaa"), "r1", "p", ""),
        h2 = ss_hash(Some("dev"), None, "r2", "", "cb"),
        h3 = ss_hash(Some("main"), Some("bbb"), "r1", "p", ""),
    ));
    env
}

/// The buildsets of [`listing`] as the REST API shows them; index = bsid - 1.
fn listed() -> Vec<Value> {
    let ss1 = sourcestamp(1, Some("main"), Some("aaa"), "r1", "p", "", T0 - 100);
    let ss2 = sourcestamp(2, Some("dev"), None, "r2", "", "cb", T0 - 50);
    let ss3 = sourcestamp(3, Some("main"), Some("bbb"), "r1", "p", "", T0 - 40);
    let mut bs1 = buildset(1, "nightly build", T0);
    bs1["external_idstring"] = json!("ext-1");
    bs1["complete"] = json!(true);
    bs1["complete_at"] = json!(T0 + 100);
    bs1["results"] = json!(0);
    bs1["sourcestamps"] = json!([ss1]);
    let mut bs2 = buildset(2, "Nightly", T0 + 10);
    bs2["parent_buildid"] = json!(1);
    bs2["parent_relationship"] = json!("triggered");
    bs2["sourcestamps"] = json!([ss2]);
    let mut bs3 = buildset(3, "push to main", T0 + 20);
    bs3["external_idstring"] = json!("ext-3");
    bs3["complete"] = json!(true);
    bs3["complete_at"] = json!(T0 + 200);
    bs3["results"] = json!(2);
    bs3["rebuilt_buildid"] = json!(1);
    bs3["sourcestamps"] = json!([ss1, ss2, ss3]);
    let bs4 = buildset(4, "manual", T0 + 30);
    let mut bs5 = buildset(5, "retry_50%", T0 + 5);
    bs5["external_idstring"] = json!("ext-5");
    bs5["complete"] = json!(true);
    bs5["complete_at"] = json!(T0 + 300);
    bs5["results"] = json!(4);
    bs5["sourcestamps"] = json!([ss2]);
    vec![bs1, bs2, bs3, bs4, bs5]
}

/// `bb buildset <verb> ARGS... --json` must print exactly the [`listed`]
/// buildsets `bsids`, in that order.
fn expect(env: &Env, verb: &str, args: &[&str], bsids: &[i64]) {
    let mut all = vec!["buildset", verb];
    all.extend_from_slice(args);
    let doc = env.json(&all);
    let all_listed = listed();
    let expected: Vec<Value> = bsids
        .iter()
        .map(|id| all_listed[*id as usize - 1].clone())
        .collect();
    assert_eq!(
        ids_of(&doc, "bsid"),
        bsids,
        "bb buildset {verb} {args:?}: wrong buildsets"
    );
    assert_eq!(doc, json!(expected), "bb buildset {verb} {args:?}");
}

/// `bb buildset list --filter F` must give exactly `bsids`.
fn filtered(env: &Env, filters: &[&str], bsids: &[i64]) {
    let mut args = Vec::new();
    for f in filters {
        args.extend(["--filter", *f]);
    }
    expect(env, "list", &args, bsids);
}

engines!(list_is_in_id_order_with_full_sourcestamps);
fn list_is_in_id_order_with_full_sourcestamps(env: Env) {
    assert_eq!(env.json(&["buildset", "list"]), json!([]));
    assert_eq!(
        run_ok(env.bb(&["buildset", "list"])),
        (String::new(), "no buildsets\n".to_string())
    );
    let env = listing(env.engine.into());
    expect(&env, "list", &[], &[1, 2, 3, 4, 5]);
    expect(&env, "list", &["--complete"], &[1, 3, 5]);
    expect(&env, "list", &["--incomplete"], &[2, 4]);
    expect(
        &env,
        "list",
        &["--incomplete", "--filter", "reason__contains=a"],
        &[4],
    );
    expect(
        &env,
        "list",
        &["--complete", "--filter", "bsid__lt=4"],
        &[1, 3],
    );
    let before = env.dump();
    fails(
        &mut env.bb(&["buildset", "list", "--complete", "--incomplete"]),
        2,
    );
    assert_eq!(env.dump(), before);

    // For people, the usual columns: a one-word status, ages from --at,
    // short sourcestamps.
    let at = (T0 + 2 * 3600).to_string();
    let table = stdout_of(&mut env.bb(&["buildset", "list", "--at", &at]));
    let rows = table_rows(&table);
    assert_eq!(
        rows[0],
        ["bsid", "reason", "status", "submitted", "sourcestamps"]
    );
    let status: Vec<&str> = rows[1..].iter().map(|row| row[2].as_str()).collect();
    assert_eq!(
        status,
        ["success", "pending", "failure", "pending", "exception"]
    );
    assert!(
        rows[1..].iter().all(|row| row[3] == "1h" || row[3] == "2h"),
        "{table}"
    );
    // --wide: every field, times as RFC 3339, results as names, -1 as empty.
    let table = stdout_of(&mut env.bb(&["buildset", "list", "--wide"]));
    let rows = table_rows(&table);
    let header = &rows[0];
    assert_eq!(
        header,
        &[
            "bsid",
            "external_idstring",
            "reason",
            "submitted_at",
            "complete",
            "complete_at",
            "results",
            "sourcestamps",
            "parent_buildid",
            "parent_relationship",
            "rebuilt_buildid"
        ]
    );
    assert_eq!(rows.len(), 6, "{table}");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows[1][col("submitted_at")], "2024-05-01T12:00:00Z");
    assert_eq!(rows[1][col("results")], "success");
    assert_eq!(rows[3][col("results")], "failure");
    assert_eq!(rows[5][col("results")], "exception");
    assert_eq!(rows[4][col("results")], "", "-1 is shown as empty");
    assert_eq!(rows[4][col("complete_at")], "");
    assert_eq!(rows[4][col("reason")], "manual");
}

engines!(list_filters_with_each_operator);
fn list_filters_with_each_operator(engine: On) {
    let env = listing(engine);
    let t = |d: i64| (T0 + d).to_string();
    // eq, and FIELD=VALUE meaning eq
    filtered(&env, &["bsid=2"], &[2]);
    filtered(&env, &["bsid__eq=2"], &[2]);
    filtered(&env, &["reason__eq=manual"], &[4]);
    filtered(&env, &["reason=nightly"], &[]);
    filtered(&env, &["parent_relationship=triggered"], &[2]);
    filtered(&env, &["rebuilt_buildid=1"], &[3]);
    filtered(&env, &["results=-1"], &[2, 4]);
    filtered(&env, &[&format!("submitted_at={}", t(20))], &[3]);
    // ne: like Buildbot's REST filtering, a NULL is not equal to a value
    filtered(&env, &["results__ne=-1"], &[1, 3, 5]);
    filtered(&env, &["external_idstring__ne=ext-1"], &[2, 3, 4, 5]);
    // lt le gt ge on integers and times
    filtered(&env, &["bsid__gt=3"], &[4, 5]);
    filtered(&env, &["bsid__ge=3"], &[3, 4, 5]);
    filtered(&env, &["results__lt=0"], &[2, 4]);
    filtered(&env, &["results__le=0"], &[1, 2, 4]);
    filtered(&env, &[&format!("submitted_at__lt={}", t(10))], &[1, 5]);
    filtered(&env, &[&format!("submitted_at__le={}", t(10))], &[1, 2, 5]);
    filtered(&env, &[&format!("submitted_at__gt={}", t(10))], &[3, 4]);
    filtered(&env, &[&format!("submitted_at__ge={}", t(10))], &[2, 3, 4]);
    filtered(&env, &["reason__lt=b"], &[2]);
    // times as RFC 3339, with any zone
    filtered(&env, &["submitted_at__ge=2024-05-01T12:00:20Z"], &[3, 4]);
    filtered(
        &env,
        &["submitted_at__lt=2024-05-01T14:00:10+02:00"],
        &[1, 5],
    );
    filtered(&env, &["submitted_at=2024-05-01T12:00:05Z"], &[5]);
    filtered(&env, &["complete_at__gt=2024-05-01T12:02:00Z"], &[3, 5]);
    // contains: case-sensitive substring, no wildcards
    filtered(&env, &["reason__contains=ightly"], &[1, 2]);
    filtered(&env, &["reason__contains=Night"], &[2]);
    filtered(&env, &["reason__contains=NIGHT"], &[]);
    filtered(&env, &["reason__contains=%"], &[5]);
    filtered(&env, &["reason__contains=y_"], &[5]);
    filtered(&env, &["reason__contains=_"], &[5]);
    filtered(&env, &["external_idstring__contains=ext-"], &[1, 3, 5]);
    filtered(&env, &["parent_relationship__contains=trig"], &[2]);
    // in / notin, comma-separated
    filtered(&env, &["bsid__in=1,3,99"], &[1, 3]);
    filtered(&env, &["bsid__in=4"], &[4]);
    filtered(&env, &["reason__in=manual,Nightly"], &[2, 4]);
    filtered(&env, &["results__in=0,2"], &[1, 3]);
    filtered(
        &env,
        &[&format!("submitted_at__in={},{}", t(0), t(30))],
        &[1, 4],
    );
    filtered(
        &env,
        &["submitted_at__in=2024-05-01T12:00:00Z,2024-05-01T12:00:30Z"],
        &[1, 4],
    );
    filtered(&env, &["results__notin=-1,0"], &[3, 5]);
    filtered(&env, &["bsid__notin=2"], &[1, 3, 4, 5]);
    filtered(&env, &["external_idstring__notin=ext-1,ext-3"], &[2, 4, 5]);
    // null with eq / ne
    filtered(&env, &["external_idstring=null"], &[2, 4]);
    filtered(&env, &["external_idstring__eq=null"], &[2, 4]);
    filtered(&env, &["external_idstring__ne=null"], &[1, 3, 5]);
    filtered(&env, &["complete_at=null"], &[2, 4]);
    filtered(&env, &["parent_buildid__ne=null"], &[2]);
    filtered(&env, &["rebuilt_buildid__eq=null"], &[1, 2, 4, 5]);
    // booleans
    filtered(&env, &["complete=true"], &[1, 3, 5]);
    filtered(&env, &["complete=false"], &[2, 4]);
    filtered(&env, &["complete__ne=true"], &[2, 4]);
    // repeated filters are ANDed
    filtered(&env, &["complete=true", "results__gt=0"], &[3, 5]);
    filtered(
        &env,
        &["reason__contains=i", "bsid__ne=1", "complete=false"],
        &[2],
    );
    filtered(&env, &["bsid__gt=1", "bsid__lt=2"], &[]);
}

engines!(list_orders_pages_and_selects_fields);
fn list_orders_pages_and_selects_fields(engine: On) {
    let env = listing(engine);
    expect(&env, "list", &["--order", "submitted_at"], &[1, 5, 2, 3, 4]);
    expect(&env, "list", &["--order=-submitted_at"], &[4, 3, 2, 5, 1]);
    expect(
        &env,
        "list",
        &["--order", "-submitted_at"],
        &[4, 3, 2, 5, 1],
    );
    expect(&env, "list", &["--order", "-bsid"], &[5, 4, 3, 2, 1]);
    expect(&env, "list", &["--order", "reason"], &[2, 4, 1, 3, 5]);
    // Ties keep id order; NULLs sort first ascending (as Buildbot's
    // NoneComparator does) and last descending.
    expect(
        &env,
        "list",
        &["--order", "external_idstring"],
        &[2, 4, 1, 3, 5],
    );
    expect(
        &env,
        "list",
        &["--order", "-external_idstring"],
        &[5, 3, 1, 2, 4],
    );
    expect(&env, "list", &["--order", "complete"], &[2, 4, 1, 3, 5]);
    expect(
        &env,
        "list",
        &["--order", "complete", "--order", "-bsid"],
        &[4, 2, 5, 3, 1],
    );
    expect(
        &env,
        "list",
        &["--order", "-results", "--order", "submitted_at"],
        &[5, 3, 1, 2, 4],
    );

    // --limit / --offset count buildsets, not sourcestamp rows.
    expect(&env, "list", &["--limit", "2"], &[1, 2]);
    expect(&env, "list", &["--limit", "3"], &[1, 2, 3]);
    expect(&env, "list", &["--offset", "2", "--limit", "2"], &[3, 4]);
    expect(&env, "list", &["--offset", "3"], &[4, 5]);
    expect(&env, "list", &["--offset", "10"], &[]);
    expect(&env, "list", &["--limit", "0"], &[]);
    expect(
        &env,
        "list",
        &["--order=-bsid", "--limit", "2", "--offset", "1"],
        &[4, 3],
    );
    expect(
        &env,
        "list",
        &["--complete", "--order", "-submitted_at", "--limit", "2"],
        &[3, 5],
    );
    expect(
        &env,
        "list",
        &["--filter", "complete=true", "--offset", "1"],
        &[3, 5],
    );

    // --field: only those keys, in that order.
    let doc = env.json(&["buildset", "list", "--field", "reason", "--field", "bsid"]);
    assert_eq!(
        doc,
        json!([
            {"reason": "nightly build", "bsid": 1},
            {"reason": "Nightly", "bsid": 2},
            {"reason": "push to main", "bsid": 3},
            {"reason": "manual", "bsid": 4},
            {"reason": "retry_50%", "bsid": 5}
        ])
    );
    for item in doc.as_array().unwrap() {
        assert_eq!(keys(item), ["reason", "bsid"]);
    }
    // Filtering and ordering on fields not selected.
    assert_eq!(
        env.json(&[
            "buildset",
            "list",
            "--field",
            "bsid",
            "--filter",
            "reason=manual"
        ]),
        json!([{"bsid": 4}])
    );
    assert_eq!(
        env.json(&[
            "buildset",
            "list",
            "--field",
            "results",
            "--order=-submitted_at",
            "--limit",
            "2"
        ]),
        json!([{"results": -1}, {"results": 2}])
    );
    // Lists can be selected.
    let doc = env.json(&[
        "buildset",
        "list",
        "--field",
        "sourcestamps",
        "--field",
        "bsid",
        "--filter",
        "bsid=3",
    ]);
    assert_eq!(
        doc,
        json!([{"sourcestamps": listed()[2]["sourcestamps"], "bsid": 3}])
    );
    assert_eq!(keys(&doc[0]), ["sourcestamps", "bsid"]);
    let doc = env.json(&[
        "buildset",
        "list",
        "--field",
        "complete",
        "--field",
        "external_idstring",
        "--field",
        "submitted_at",
        "--incomplete",
    ]);
    assert_eq!(
        doc,
        json!([
            {"complete": false, "external_idstring": null, "submitted_at": T0 + 10},
            {"complete": false, "external_idstring": null, "submitted_at": T0 + 30}
        ])
    );
    assert_eq!(
        keys(&doc[0]),
        ["complete", "external_idstring", "submitted_at"]
    );

    // Tables: only those columns, in that order.
    let table = stdout_of(&mut env.bb(&[
        "buildset",
        "list",
        "--field",
        "reason",
        "--field",
        "submitted_at",
        "--field",
        "bsid",
        "--order=-bsid",
        "--limit",
        "2",
    ]));
    assert_eq!(
        table_rows(&table),
        vec![
            vec!["reason", "submitted_at", "bsid"],
            vec!["retry_50%", "2024-05-01T12:00:05Z", "5"],
            vec!["manual", "2024-05-01T12:00:30Z", "4"]
        ]
    );
    assert!(!table.contains("sourcestamps"), "{table}");
}

engines!(list_refuses_what_the_result_spec_cannot_do);
fn list_refuses_what_the_result_spec_cannot_do(engine: On) {
    let env = listing(engine);
    let fields = [
        "bsid",
        "external_idstring",
        "reason",
        "submitted_at",
        "complete",
        "complete_at",
        "results",
        "sourcestamps",
        "parent_buildid",
        "parent_relationship",
        "rebuilt_buildid",
    ];
    let ops = [
        "eq", "ne", "lt", "le", "gt", "ge", "contains", "in", "notin",
    ];
    let list = |args: &[&str]| {
        let mut all = vec!["buildset", "list"];
        all.extend_from_slice(args);
        env.bb(&all)
    };

    // Unknown fields: exit 2 listing the valid ones.
    for args in [
        &["--filter", "nope=1"][..],
        &["--filter", "buildsetid__eq=1"],
        &["--order", "nope"],
        &["--order=-nope"],
        &["--field", "nope"],
        &["--field", "bsid", "--field", "properties"],
    ] {
        let msg = fails_unchanged(&env, list(args), 2);
        for field in fields {
            assert!(
                msg.contains(field),
                "{args:?}: {field} not listed in: {msg}"
            );
        }
    }
    // Unknown operators: exit 2 listing the valid ones.
    for args in [
        &["--filter", "reason__like=x"][..],
        &["--filter", "bsid__between=1,2"],
        &["--filter", "reason__EQ=manual"],
    ] {
        let msg = fails_unchanged(&env, list(args), 2);
        for op in ops {
            assert!(msg.contains(op), "{args:?}: {op} not listed in: {msg}");
        }
    }
    // Lists cannot be filtered or ordered on; contains only on text; null
    // only with eq/ne; values of the field's type.
    for args in [
        &["--filter", "sourcestamps=1"][..],
        &["--filter", "sourcestamps__contains=main"],
        &["--order", "sourcestamps"],
        &["--order=-sourcestamps"],
        &["--filter", "bsid__contains=1"],
        &["--filter", "results__contains=0"],
        &["--filter", "submitted_at__contains=17"],
        &["--filter", "complete__contains=t"],
        &["--filter", "reason__lt=null"],
        &["--filter", "bsid__gt=null"],
        &["--filter", "bsid__in=null"],
        &["--filter", "bsid=abc"],
        &["--filter", "bsid__in=1,x"],
        &["--filter", "complete=yes"],
        &["--filter", "complete=1"],
        &["--filter", "submitted_at__ge=yesterday"],
        &["--filter", "submitted_at__ge=2024-05-01T12:00:00"],
        &["--filter", "reason"],
        &["--filter", "__eq=1"],
        &["--order", "-"],
        &["--limit", "-1"],
        &["--offset", "x"],
    ] {
        fails_unchanged(&env, list(args), 2);
        let err = fails_json(&mut list(args), 2);
        assert_eq!(err["ids"], json!([]), "{args:?}");
    }
    let msg = fails(&mut list(&["--filter", "sourcestamps=1"]), 2);
    assert!(msg.contains("sourcestamps"), "{msg}");
    let msg = fails(&mut list(&["--filter", "bsid__contains=1"]), 2);
    assert!(msg.contains("contains"), "{msg}");
    let msg = fails(&mut list(&["--filter", "reason__lt=null"]), 2);
    assert!(msg.contains("null"), "{msg}");

    // Usage errors come before the database is opened.
    let missing = Env::empty();
    fails(
        &mut missing.bb(&["buildset", "list", "--filter", "nope=1"]),
        2,
    );
    fails(
        &mut missing.bb(&["buildset", "list", "--order", "sourcestamps"]),
        2,
    );
    fails(&mut missing.bb(&["buildset", "list"]), 4);
    assert!(!missing.db.exists());
}

engines!(master_and_builder_lists_take_the_result_spec);
fn master_and_builder_lists_take_the_result_spec(env: Env) {
    env.add_master(1, "alpha", true, T0);
    env.add_master(2, "beta", false, T0 - 100);
    env.add_master(3, "gamma", true, T0 + 50);
    env.add_master(4, "delta", false, T0 + 10);
    let master = |id: i64, name: &str, active: bool, last_active: i64| json!({"masterid": id, "name": name, "active": active, "last_active": last_active});
    let doc = env.json(&[
        "master",
        "list",
        "--filter",
        "active=true",
        "--order=-last_active",
        "--field",
        "name",
    ]);
    assert_eq!(doc, json!([{"name": "gamma"}, {"name": "alpha"}]));
    assert_eq!(
        env.json(&[
            "master",
            "list",
            "--filter",
            "name__contains=a",
            "--filter",
            "last_active__lt=2024-05-01T12:00:01Z",
            "--limit",
            "1",
            "--offset",
            "1"
        ]),
        json!([master(2, "beta", false, T0 - 100)])
    );
    assert_eq!(
        env.json(&[
            "master",
            "list",
            "--inactive",
            "--filter",
            "masterid__notin=2",
            "--order",
            "-name"
        ]),
        json!([master(4, "delta", false, T0 + 10)])
    );
    let msg = fails(
        &mut env.bb(&["master", "list", "--filter", "masterids=1"]),
        2,
    );
    for field in ["masterid", "name", "active", "last_active"] {
        assert!(msg.contains(field), "{field} not listed in: {msg}");
    }
    fails(
        &mut env.bb(&["master", "list", "--filter", "active__contains=t"]),
        2,
    );

    env.add_builder(1, "a");
    env.add_builder(2, "b");
    env.add_builder(3, "c");
    let builder = crate::support::builder_doc;
    assert_eq!(
        env.json(&[
            "builder",
            "list",
            "--filter",
            "name__in=a,c",
            "--field",
            "builderid"
        ]),
        json!([{"builderid": 1}, {"builderid": 3}])
    );
    assert_eq!(
        env.json(&["builder", "list", "--order", "-name", "--limit", "2"]),
        json!([builder(3, "c"), builder(2, "b")])
    );
    assert_eq!(
        env.json(&[
            "builder",
            "list",
            "--filter",
            "description=null",
            "--filter",
            "builderid__ge=2"
        ]),
        json!([builder(2, "b"), builder(3, "c")])
    );
    let before = env.dump();
    for args in [
        &["builder", "list", "--filter", "tags=x"][..],
        &["builder", "list", "--filter", "masterids__eq=1"],
        &["builder", "list", "--order", "masterids"],
        &["builder", "list", "--filter", "nope=1"],
        &["builder", "list", "--filter", "name__like=a"],
    ] {
        fails(&mut env.bb(args), 2);
    }
    assert_eq!(env.dump(), before);
}

// --- recent ------------------------------------------------------------------------

engines!(recent_gives_the_latest_buildsets_oldest_first);
fn recent_gives_the_latest_buildsets_oldest_first(engine: On) {
    let env = listing(engine);
    // Buildset 4 has no sourcestamp: getRecentBuildsets joins sourcestamps.
    expect(&env, "recent", &["--count", "10"], &[1, 5, 2, 3]);
    // Buildset 3 has three sourcestamps and is counted and shown once.
    expect(&env, "recent", &["--count", "2"], &[2, 3]);
    expect(&env, "recent", &["--count", "3"], &[5, 2, 3]);
    expect(&env, "recent", &["--count", "1"], &[3]);
    expect(&env, "recent", &["--count", "0"], &[]);
    // --branch / --repository: a sourcestamp of the buildset matches.
    expect(
        &env,
        "recent",
        &["--count", "10", "--branch", "main"],
        &[1, 3],
    );
    expect(&env, "recent", &["--count", "1", "--branch", "main"], &[3]);
    expect(
        &env,
        "recent",
        &["--count", "10", "--branch", "dev"],
        &[5, 2, 3],
    );
    expect(
        &env,
        "recent",
        &["--count", "2", "--branch", "dev"],
        &[2, 3],
    );
    expect(&env, "recent", &["--count", "10", "--branch", "nope"], &[]);
    expect(
        &env,
        "recent",
        &["--count", "10", "--repository", "r1"],
        &[1, 3],
    );
    expect(
        &env,
        "recent",
        &["--count", "10", "--repository", "r2"],
        &[5, 2, 3],
    );
    // Both: one sourcestamp must match both (as Buildbot's join does).
    expect(
        &env,
        "recent",
        &["--count", "10", "--branch", "main", "--repository", "r1"],
        &[1, 3],
    );
    expect(
        &env,
        "recent",
        &["--count", "10", "--branch", "main", "--repository", "r2"],
        &[],
    );
    // --complete / --incomplete
    expect(&env, "recent", &["--count", "10", "--complete"], &[1, 5, 3]);
    expect(&env, "recent", &["--count", "2", "--complete"], &[5, 3]);
    expect(&env, "recent", &["--count", "10", "--incomplete"], &[2]);
    expect(
        &env,
        "recent",
        &["--count", "10", "--complete", "--branch", "dev"],
        &[5, 3],
    );
    expect(
        &env,
        "recent",
        &["--count", "10", "--incomplete", "--branch", "main"],
        &[],
    );

    // A later buildset with a sourcestamp comes last.
    add_at(
        &env,
        &(T0 + 40).to_string(),
        &[
            "--reason",
            "newest",
            "--builder",
            "linux",
            "--sourcestamp",
            "branch=dev,repository=r2,codebase=cb",
        ],
    );
    let doc = env.json(&["buildset", "recent", "--count", "2"]);
    assert_eq!(ids_of(&doc, "bsid"), [3, 6]);
    let mut newest = buildset(6, "newest", T0 + 40);
    newest["sourcestamps"] = json!([listed()[1]["sourcestamps"][0]]);
    assert_eq!(doc[1], newest);

    let table = stdout_of(&mut env.bb(&["buildset", "recent", "--count", "2"]));
    let rows = table_rows(&table);
    assert_eq!(rows.len(), 3, "{table}");
    assert!(rows[1].contains(&"push to main".to_string()), "{table}");
    assert!(rows[2].contains(&"newest".to_string()), "{table}");

    let before = env.dump();
    for args in [
        &["buildset", "recent"][..],
        &["buildset", "recent", "--count", "-1"],
        &["buildset", "recent", "--count", "x"],
        &[
            "buildset",
            "recent",
            "--count",
            "2",
            "--complete",
            "--incomplete",
        ],
    ] {
        fails(&mut env.bb(args), 2);
    }
    assert_eq!(env.dump(), before);
}

// --- complete ----------------------------------------------------------------------

/// Three new buildsets 1..=3 (at T0), each with a request on linux, the
/// first with a sourcestamp.
fn three_buildsets(engine: On) -> Env {
    let env = builders_env(engine);
    add(
        &env,
        &[
            "--reason",
            "one",
            "--builder",
            "linux",
            "--sourcestamp",
            "branch=main,repository=r",
        ],
    );
    add(&env, &["--reason", "two", "--builder", "linux"]);
    add(&env, &["--reason", "three", "--builder", "linux"]);
    env
}

engines!(myisam: complete_sets_results_and_complete_at);
fn complete_sets_results_and_complete_at(engine: On) {
    let env = three_buildsets(engine);
    let doc = env.json(&[
        "buildset",
        "complete",
        "1",
        "--results",
        "failure",
        "--at",
        &(T0 + 60).to_string(),
    ]);
    let mut expected = buildset(1, "one", T0);
    expected["complete"] = json!(true);
    expected["complete_at"] = json!(T0 + 60);
    expected["results"] = json!(2);
    expected["sourcestamps"] = json!([sourcestamp(1, Some("main"), None, "r", "", "", T0)]);
    assert_eq!(doc, expected);

    // Exactly that row changed: not the requests (completeBuildset only
    // touches the buildset).
    let twin = three_buildsets(engine);
    twin.exec(&format!(
        "UPDATE buildsets SET complete = 1, results = 2, complete_at = {} WHERE id = 1",
        T0 + 60
    ));
    assert_eq!(env.dump(), twin.dump());

    // Results as a number; --at as RFC 3339.
    let doc = env.json(&[
        "buildset",
        "complete",
        "2",
        "--results",
        "4",
        "--at",
        "2024-05-01T12:02:00Z",
    ]);
    let mut expected = buildset(2, "two", T0);
    expected["complete"] = json!(true);
    expected["complete_at"] = json!(T0 + 120);
    expected["results"] = json!(4);
    expected["sourcestamps"] = json!([sourcestamp(2, None, None, "", "", "", T0)]);
    assert_eq!(doc, expected);
    assert_eq!(
        env.rows("SELECT id, complete, complete_at, results FROM buildsets ORDER BY id"),
        json!([[1, 1, T0 + 60, 2], [2, 1, T0 + 120, 4], [3, 0, null, -1]])
    );
    assert_eq!(
        env.rows("SELECT id, complete, results, complete_at FROM buildrequests ORDER BY id"),
        json!([[1, 0, -1, null], [2, 0, -1, null], [3, 0, -1, null]])
    );

    // For people.
    let table = stdout_of(&mut env.bb(&[
        "buildset",
        "complete",
        "3",
        "--results",
        "cancelled",
        "--at",
        &(T0 + 180).to_string(),
    ]));
    for needle in ["three", "cancelled", "3m"] {
        assert!(table.contains(needle), "{needle} missing from\n{table}");
    }
    assert_eq!(
        env.rows("SELECT complete, complete_at, results FROM buildsets WHERE id = 3"),
        json!([[1, T0 + 180, 6]])
    );
}

engines!(myisam: complete_without_at_stamps_now);
fn complete_without_at_stamps_now(engine: On) {
    let env = three_buildsets(engine);
    let before = chrono::Utc::now().timestamp();
    let doc = env.json(&["buildset", "complete", "1", "--results", "success"]);
    let after = chrono::Utc::now().timestamp();
    let at = doc["complete_at"].as_i64().unwrap();
    assert!((before..=after).contains(&at), "{at}");
    assert_eq!(doc["results"], 0);
    assert_eq!(
        env.int("SELECT complete_at FROM buildsets WHERE id = 1"),
        at
    );
}

engines!(myisam: complete_distinguishes_missing_from_already_complete);
fn complete_distinguishes_missing_from_already_complete(engine: On) {
    let env = three_buildsets(engine);
    env.json(&[
        "buildset",
        "complete",
        "1",
        "--results",
        "success",
        "--at",
        &T0.to_string(),
    ]);
    let at = (T0 + 60).to_string();

    let msg = fails_unchanged(
        &env,
        env.bb(&[
            "buildset",
            "complete",
            "1",
            "--results",
            "failure",
            "--at",
            &at,
        ]),
        3,
    );
    assert!(msg.contains('1'), "{msg}");
    let err = fails_json(
        &mut env.bb(&[
            "buildset",
            "complete",
            "1",
            "--results",
            "failure",
            "--at",
            &at,
        ]),
        3,
    );
    assert_eq!(err["ids"], json!([1]));
    assert_eq!(
        env.rows("SELECT complete, complete_at, results FROM buildsets WHERE id = 1"),
        json!([[1, T0, 0]])
    );

    let msg = fails_unchanged(
        &env,
        env.bb(&["buildset", "complete", "99", "--results", "failure"]),
        4,
    );
    assert!(msg.contains("99"), "{msg}");
    let err = fails_json(
        &mut env.bb(&["buildset", "complete", "99", "--results", "failure"]),
        4,
    );
    assert_eq!(err["ids"], json!([99]));

    // Usage errors.
    let before = env.dump();
    for args in [
        &["buildset", "complete", "2"][..],
        &["buildset", "complete", "2", "--results", "great"],
        &["buildset", "complete", "2", "--results", "7"],
        &["buildset", "complete", "2", "--results", "-1"],
        &["buildset", "complete", "0", "--results", "success"],
        &["buildset", "complete", "--results", "success"],
        &[
            "buildset",
            "complete",
            "2",
            "--results",
            "success",
            "--at",
            "soon",
        ],
    ] {
        fails(&mut env.bb(args), 2);
    }
    assert_eq!(env.dump(), before);
}

// --- duplicates in errors, locks ------------------------------------------------

engines!(myisam: add_names_each_missing_id_once);
fn add_names_each_missing_id_once(engine: On) {
    // CLI.md: "Duplicate ids in one command count once."
    let env = builders_env(engine);
    let err = fails_json(
        &mut add_cmd(
            &env,
            &[
                "--reason",
                "r",
                "--builder",
                "99",
                "--builder",
                "linux",
                "--builder",
                "99",
            ],
        ),
        4,
    );
    assert_eq!(err["ids"], json!([99]), "{err}");
    assert_eq!(
        err["message"].as_str().unwrap().matches("99").count(),
        1,
        "{err}"
    );
    let err = fails_json(
        &mut add_cmd(
            &env,
            &[
                "--reason",
                "r",
                "--builder",
                "linux",
                "--ssid",
                "98",
                "--ssid",
                "98",
            ],
        ),
        4,
    );
    assert_eq!(err["ids"], json!([98]), "{err}");
    assert_eq!(
        err["message"].as_str().unwrap().matches("98").count(),
        1,
        "{err}"
    );
}

#[test]
fn writes_wait_for_the_lock_and_reads_do_not_take_it() {
    let env = listing(On::Engine(Engine::Sqlite));
    let before = env.dump();
    let holder = env.conn();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();

    // Reads go on while another process holds the write lock.
    for args in [
        &["buildset", "list"][..],
        &["buildset", "show", "3"],
        &["buildset", "recent", "--count", "2"],
        &["buildset", "properties", "3"],
    ] {
        let mut all = vec!["--busy-timeout", "200ms"];
        all.extend_from_slice(args);
        env.json(&all);
    }
    // Writes give up after the busy timeout with exit 5, writing nothing.
    for args in [
        &["buildset", "add", "--reason", "r", "--builder", "linux"][..],
        &[
            "buildset",
            "add",
            "--reason",
            "r",
            "--create-builders",
            "--builder",
            "new",
        ],
        &["buildset", "complete", "2", "--results", "success"],
    ] {
        let mut all = vec!["--busy-timeout", "200ms"];
        all.extend_from_slice(args);
        let err = fails_json(&mut env.bb(&all), 5);
        assert_eq!(err["error"], "busy");
    }
    holder.execute_batch("ROLLBACK").unwrap();
    assert_eq!(env.dump(), before);
}
