//! `bb builder list` (getBuilders) and `bb builder register` (findBuilderId).

use serde_json::json;

use crate::support::{
    Env, T0, builder_doc as builder, engines, fails, name_hash, run_ok, stdout_of,
};

engines!(myisam: register_creates_a_builder_once);
fn register_creates_a_builder_once(env: Env) {
    let doc = env.json(&["builder", "register", "abc"]);
    assert_eq!(doc, builder(1, "abc"));
    // name_hash is Buildbot's hash_columns(name): sha1 of the UTF-8 name.
    assert_eq!(
        env.rows("SELECT id, name, name_hash FROM builders"),
        json!([[1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d"]])
    );
    let before = env.dump();
    assert_eq!(env.json(&["builder", "register", "abc"]), builder(1, "abc"));
    assert_eq!(
        env.dump(),
        before,
        "registering an existing builder changes nothing"
    );
    assert_eq!(env.json(&["builder", "register", "def"]), builder(2, "def"));
}

engines!(myisam: register_finds_a_builder_buildbot_created);
fn register_finds_a_builder_buildbot_created(env: Env) {
    env.add_master(1, "m1", true, T0);
    env.add_master(2, "m2", true, T0);
    env.exec(&format!(
        "INSERT INTO projects (id, name, name_hash, slug) VALUES (1, 'proj', 'hp', 'proj');
         INSERT INTO builders (id, name, name_hash, description, description_format, description_html, projectid)
         VALUES (9, 'linux', '{}', 'Builds *linux*', 'markdown', '<p>Builds <em>linux</em></p>', 1);
         INSERT INTO builder_masters (id, builderid, masterid) VALUES (1, 9, 2), (2, 9, 1);",
        name_hash("linux")
    ));
    let before = env.dump();
    let doc = env.json(&["builder", "register", "linux"]);
    assert_eq!(
        doc,
        json!({
            "builderid": 9,
            "name": "linux",
            "masterids": [1, 2],
            "description": "Builds *linux*",
            "description_format": "markdown",
            "description_html": "<p>Builds <em>linux</em></p>",
            "projectid": 1,
            "tags": []
        })
    );
    assert_eq!(env.dump(), before);
}

engines!(list_shows_masters_sorted_and_tags);
fn list_shows_masters_sorted_and_tags(env: Env) {
    assert_eq!(env.json(&["builder", "list"]), json!([]));
    assert_eq!(
        run_ok(env.bb(&["builder", "list"])),
        (String::new(), "no builders\n".to_string())
    );

    for (id, name) in [(1, "m1"), (2, "m2"), (3, "m3")] {
        env.add_master(id, name, true, T0);
    }
    env.add_builder(1, "linux");
    env.add_builder(2, "windows");
    env.add_builder(3, "docs");
    env.exec(
        "INSERT INTO builder_masters (id, builderid, masterid) VALUES (1, 1, 3), (2, 1, 1), (3, 2, 2), (4, 1, 2);
         INSERT INTO tags (id, name, name_hash) VALUES (1, 'release', 'h1'), (2, 'nightly', 'h2'), (3, 'unused', 'h3');
         INSERT INTO builders_tags (id, builderid, tagid) VALUES (1, 1, 1), (2, 1, 2), (3, 2, 2);",
    );
    let mut linux = builder(1, "linux");
    linux["masterids"] = json!([1, 2, 3]);
    linux["tags"] = json!(["release", "nightly"]);
    let mut windows = builder(2, "windows");
    windows["masterids"] = json!([2]);
    windows["tags"] = json!(["nightly"]);
    assert_eq!(
        env.json(&["builder", "list"]),
        json!([linux, windows, builder(3, "docs")])
    );

    let table = stdout_of(&mut env.bb(&["builder", "list"]));
    for needle in [
        "builderid",
        "linux",
        "windows",
        "docs",
        "1, 2, 3",
        "release, nightly",
    ] {
        assert!(table.contains(needle), "{needle} missing from\n{table}");
    }
}

engines!(myisam: builder_names_are_stored_exactly);
fn builder_names_are_stored_exactly(env: Env) {
    let lion = format!("löwe {} build", env.lion());
    let names = [
        lion.as_str(),
        "x'); DELETE FROM builders; --",
        "100% \"quoted\" \\ back_slash",
        "42",
    ];
    for (i, name) in names.iter().enumerate() {
        let doc = env.json(&["builder", "register", name]);
        assert_eq!(doc, builder(i as i64 + 1, name));
        assert_eq!(
            env.rows(&format!(
                "SELECT name, name_hash FROM builders WHERE id = {}",
                i + 1
            )),
            json!([[name, name_hash(name)]])
        );
    }
    let listed = env.json(&["builder", "list"]);
    let listed: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(listed, names);
}

#[test]
fn builder_commands_refuse_a_missing_database() {
    let env = Env::empty();
    fails(&mut env.bb(&["builder", "list"]), 4);
    fails(&mut env.bb(&["builder", "register", "x"]), 4);
    assert!(!env.db.exists());
}
