//! `bb changesource poll`: Buildbot's GitPoller, against git repositories
//! made here with fixed identities and dates (so every field of a change is
//! known in advance), with a tiny HTTP server standing in for a master's
//! `base` change hook (`--deliver`), and a long-running `--interval` poller
//! stopped by SIGTERM.

use std::collections::{BTreeMap, VecDeque};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command as StdCommand, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::{Value, json};

use crate::support::{
    ANN, BOB, CARL, Commit, Env, Repo, T0, engines, fails, fails_json, hermetic_git, ident, master,
    name_hash, read_http_request, sourcestamp, sql_text, ss_hash, stdout_of,
};

// --- git repositories ------------------------------------------------------------

/// Is `dir` a bare repository holding commit `sha`?
fn bare_with(dir: &Path, sha: &str) -> bool {
    let git = |args: &[&str]| {
        let mut cmd = StdCommand::new("git");
        hermetic_git(&mut cmd).arg("--git-dir").arg(dir).args(args);
        let out = cmd.output().unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    git(&["rev-parse", "--is-bare-repository"]) == "true"
        && git(&["cat-file", "-t", sha]) == "commit"
}

// --- running bb ---------------------------------------------------------------------

/// The change source most tests poll, and the master they poll as.
const CS: &str = "poller";
const MASTER: &str = "poll-master";

/// `bb changesource poll CS --repourl URL [--master M] --at AT EXTRA...`.
fn poll_cmd(
    env: &Env,
    cs: &str,
    url: &str,
    master: Option<&str>,
    at: i64,
    extra: &[&str],
) -> Command {
    let at = at.to_string();
    let mut args = vec!["changesource", "poll", cs, "--repourl", url, "--at", &at];
    if let Some(master) = master {
        args.extend(["--master", master]);
    }
    args.extend_from_slice(extra);
    let mut cmd = env.bb(&args);
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    cmd
}

/// Run `cmd` with `--json`, expect success, parse stdout.
fn run_json(cmd: &mut Command) -> Value {
    let out = cmd.arg("--json").output().unwrap();
    assert!(
        out.status.success(),
        "poll failed ({:?}): {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|err| panic!("no JSON ({err}): {}", String::from_utf8_lossy(&out.stdout)))
}

/// Poll change source CS of `repo` as MASTER at `at`, expecting success.
fn poll(env: &Env, repo: &Repo, at: i64, extra: &[&str]) -> Value {
    run_json(&mut poll_cmd(env, CS, repo.url(), Some(MASTER), at, extra))
}

/// The `lastRev` state of change source `name` (object class GitPoller),
/// parsed; null if there is none.
fn last_rev(env: &Env, name: &str) -> Value {
    let rows = env.rows(&format!(
        "SELECT s.value_json FROM object_state AS s JOIN objects AS o ON o.id = s.objectid \
         WHERE o.name = {} AND o.class_name = 'GitPoller' AND s.name = 'lastRev'",
        sql_text(name)
    ));
    match rows.as_array().unwrap().as_slice() {
        [] => Value::Null,
        [value] => serde_json::from_str(value[0].as_str().unwrap()).unwrap(),
        _ => panic!("several lastRev rows for {name}: {rows}"),
    }
}

fn count(env: &Env, table: &str) -> i64 {
    env.int(&format!("SELECT count(*) FROM {table}"))
}

/// The changes of a poll's document.
fn changes_of(doc: &Value) -> &Vec<Value> {
    doc["changes"]
        .as_array()
        .unwrap_or_else(|| panic!("no changes list: {doc}"))
}

/// One field of each change of a poll's document.
fn field(doc: &Value, name: &str) -> Vec<Value> {
    changes_of(doc).iter().map(|c| c[name].clone()).collect()
}

/// The revisions of a poll's changes, in order.
fn revisions(doc: &Value) -> Vec<String> {
    field(doc, "revision")
        .iter()
        .map(|r| r.as_str().unwrap().to_string())
        .collect()
}

fn shas(commits: &[&Commit]) -> Vec<String> {
    commits.iter().map(|c| c.sha.clone()).collect()
}

/// A change of branch `main` by Ann, committed by Carl, as the REST API
/// shows it, with project and codebase `""`, no category, no files, no
/// parent, and sourcestamp `id` made at `created_at`; tests adjust the rest.
fn change_doc(id: i64, commit: &Commit, comments: &str, repo: &str, created_at: i64) -> Value {
    json!({
        "changeid": id,
        "author": ident(ANN),
        "committer": ident(CARL),
        "comments": comments,
        "branch": "main",
        "revision": commit.sha,
        "revlink": "",
        "when_timestamp": commit.committed,
        "category": null,
        "repository": repo,
        "codebase": "",
        "project": "",
        "files": [],
        "properties": {},
        "parent_changeids": [],
        "sourcestamp": sourcestamp(id, Some("main"), Some(&commit.sha), repo, "", "", created_at),
    })
}

// --- first poll ---------------------------------------------------------------------

engines!(myisam: first_poll_records_the_head_and_claims_as_the_default_master);
fn first_poll_records_the_head_and_claims_as_the_default_master(env: Env) {
    let repo = Repo::new(env.path("origin"));
    repo.change("README", "hello\n", "Initial");
    let head = repo.commit("Second");

    let doc = run_json(&mut poll_cmd(&env, CS, repo.url(), None, T0, &[]));
    let me = env.own_master();
    assert_eq!(
        doc,
        json!({
            "changesource": {"changesourceid": 1, "name": CS, "master": master(1, &me, true, T0)},
            "first_poll": true,
            "changes": [],
            "delivered": false
        })
    );
    let mut keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["changes", "changesource", "delivered", "first_poll"]);
    // No changes for what was there before; the head is recorded, keyed by
    // the full ref, in GitPoller's state object.
    assert_eq!(count(&env, "changes"), 0);
    assert_eq!(count(&env, "sourcestamps"), 0);
    assert_eq!(
        env.rows("SELECT id, name, class_name FROM objects"),
        json!([[1, CS, "GitPoller"]])
    );
    assert_eq!(
        env.rows("SELECT objectid, name FROM object_state"),
        json!([[1, "lastRev"]])
    );
    assert_eq!(last_rev(&env, CS), json!({"refs/heads/main": head.sha}));
    // The change source is registered and claimed by this master, which is
    // marked active as of --at.
    assert_eq!(
        env.rows("SELECT id, name, name_hash FROM changesources"),
        json!([[1, CS, name_hash(CS)]])
    );
    assert_eq!(
        env.rows("SELECT id, name, name_hash, active, last_active FROM masters"),
        json!([[1, me, name_hash(&me), 1, T0]])
    );
    assert_eq!(
        env.rows("SELECT changesourceid, masterid FROM changesource_masters"),
        json!([[1, 1]])
    );
    assert_eq!(env.json(&["changesource", "show", CS]), doc["changesource"]);
    // Fetched into GitPoller's default work directory beside the database
    // (on PostgreSQL `./gitpoller-work`: the same directory here).
    assert!(bare_with(&env.path("gitpoller-work"), &head.sha));

    // Polling again finds nothing new and is no first poll any more.
    let again = run_json(&mut poll_cmd(&env, CS, repo.url(), None, T0 + 60, &[]));
    assert_eq!(again["first_poll"], json!(false));
    assert_eq!(again["changes"], json!([]));
    assert_eq!(
        again["changesource"]["master"],
        master(1, &me, true, T0 + 60)
    );
    assert_eq!(last_rev(&env, CS), json!({"refs/heads/main": head.sha}));
    assert_eq!(count(&env, "changes"), 0);
}

engines!(myisam: first_poll_of_branches_keys_last_rev_by_short_name_in_the_given_workdir);
fn first_poll_of_branches_keys_last_rev_by_short_name_in_the_given_workdir(env: Env) {
    let repo = Repo::new(env.path("origin"));
    let main = repo.change("README", "hello\n", "Initial");
    repo.git(&["checkout", "-q", "-b", "dev"]);
    let dev = repo.change("dev.txt", "dev\n", "On dev");
    repo.git(&["checkout", "-q", "main"]);
    // Relative to the current directory (bb runs in the temporary one).
    let workdir = env.path("elsewhere/work.git");

    let doc = poll(
        &env,
        &repo,
        T0,
        &[
            "--branch",
            "main",
            "--branch",
            "dev",
            "--workdir",
            "elsewhere/work.git",
        ],
    );
    assert_eq!(doc["first_poll"], json!(true));
    assert_eq!(doc["changes"], json!([]));
    assert_eq!(doc["changesource"]["master"], master(1, MASTER, true, T0));
    assert_eq!(
        last_rev(&env, CS),
        json!({"dev": dev.sha, "main": main.sha})
    );
    assert_eq!(count(&env, "changes"), 0);
    assert!(bare_with(&workdir, &dev.sha));
    assert!(bare_with(&workdir, &main.sha));
    assert!(
        !env.path("gitpoller-work").exists(),
        "--workdir given: nothing goes to the default work directory"
    );
}

engines!(myisam: without_branches_the_remote_heads_branch_is_polled);
fn without_branches_the_remote_heads_branch_is_polled(env: Env) {
    let repo = Repo::new(env.path("origin"));
    let m0 = repo.change("README", "hello\n", "Initial");
    repo.git(&["checkout", "-q", "-b", "dev"]);
    let d1 = repo.change("dev.txt", "d\n", "On dev");
    // The remote's HEAD is dev now.
    poll(&env, &repo, T0, &[]);
    assert_eq!(last_rev(&env, CS), json!({"refs/heads/dev": d1.sha}));

    let d2 = repo.change("dev.txt", "d2\n", "On dev again");
    repo.git(&["checkout", "-q", "main"]);
    repo.change("main.txt", "m\n", "Not polled");
    repo.git(&["checkout", "-q", "dev"]);
    let doc = poll(&env, &repo, T0 + 60, &[]);
    assert_eq!(revisions(&doc), shas(&[&d2]));
    assert_eq!(field(&doc, "branch"), [json!("dev")]);
    assert_eq!(last_rev(&env, CS), json!({"refs/heads/dev": d2.sha}));
    assert_ne!(m0.sha, d2.sha);
}

// --- new commits --------------------------------------------------------------------

engines!(myisam: new_commits_become_changes_oldest_first_with_every_field);
fn new_commits_become_changes_oldest_first_with_every_field(env: Env) {
    let repo = Repo::new(env.path("origin"));
    let url = repo.url().to_string();
    repo.change("README", "hello\n", "Initial");
    poll(&env, &repo, T0, &[]);

    repo.write("a.txt", "a\n");
    repo.write("dir/b.txt", "b\n");
    let c1 = repo.commit_as(ANN, "Add two files\n\nThe body explains\nwhy.\n\n   \n");
    repo.write("a.txt", "a2\n");
    let c2 = repo.commit_as(BOB, "Change a");
    assert_ne!(c1.authored, c1.committed);

    let at = T0 + 60;
    let doc = poll(&env, &repo, at, &[]);
    let mut ch1 = change_doc(1, &c1, "Add two files\nThe body explains\nwhy.", &url, at);
    ch1["files"] = json!(["a.txt", "dir/b.txt"]);
    let mut ch2 = change_doc(2, &c2, "Change a", &url, at);
    ch2["author"] = json!(ident(BOB));
    ch2["files"] = json!(["a.txt"]);
    ch2["parent_changeids"] = json!([1]);
    assert_eq!(
        doc,
        json!({
            "changesource": {"changesourceid": 1, "name": CS, "master": master(1, MASTER, true, at)},
            "first_poll": false,
            "changes": [ch1, ch2],
            "delivered": false
        })
    );
    // The rows, as Buildbot's changes connector writes them.
    assert_eq!(
        env.rows(
            "SELECT changeid, author, committer, branch, revision, revlink, when_timestamp, category, \
             repository, codebase, project, sourcestampid, parent_changeids FROM changes ORDER BY changeid"
        ),
        json!([
            [1, ident(ANN), ident(CARL), "main", c1.sha, "", c1.committed, null, url, "", "", 1, null],
            [2, ident(BOB), ident(CARL), "main", c2.sha, "", c2.committed, null, url, "", "", 2, 1]
        ])
    );
    assert_eq!(
        env.rows(&format!(
            "SELECT changeid, filename FROM change_files ORDER BY {}",
            env.insert_order()
        )),
        json!([[1, "a.txt"], [1, "dir/b.txt"], [2, "a.txt"]])
    );
    assert_eq!(
        env.rows("SELECT id, ss_hash, branch, revision, patchid, repository, codebase, project, created_at FROM sourcestamps ORDER BY id"),
        json!([
            [1, ss_hash(Some("main"), Some(&c1.sha), &url, "", ""), "main", c1.sha, null, url, "", "", at],
            [2, ss_hash(Some("main"), Some(&c2.sha), &url, "", ""), "main", c2.sha, null, url, "", "", at]
        ])
    );
    assert_eq!(
        env.rows("SELECT uid, identifier, bb_username, bb_password FROM users ORDER BY uid"),
        json!([[1, ident(ANN), null, null], [2, ident(BOB), null, null]])
    );
    assert_eq!(
        env.rows("SELECT uid, attr_type, attr_data FROM users_info ORDER BY uid"),
        json!([[1, "git", ident(ANN)], [2, "git", ident(BOB)]])
    );
    assert_eq!(
        env.rows("SELECT changeid, uid FROM change_users ORDER BY changeid"),
        json!([[1, 1], [2, 2]])
    );
    assert_eq!(count(&env, "change_properties"), 0);
    assert_eq!(last_rev(&env, CS), json!({"refs/heads/main": c2.sha}));
    // `change show` and `change list` show what the poll printed.
    assert_eq!(env.json(&["change", "show", "1"]), ch1);
    assert_eq!(env.json(&["change", "show", "2"]), ch2);
    assert_eq!(env.json(&["change", "list"]), json!([ch1, ch2]));

    // A later poll: Ann again is the same user; the parent is the latest
    // earlier change of the branch, made by the poll before.
    let c3 = repo.change("c.txt", "c\n", "Third");
    let doc = poll(&env, &repo, at + 60, &[]);
    let mut ch3 = change_doc(3, &c3, "Third", &url, at + 60);
    ch3["files"] = json!(["c.txt"]);
    ch3["parent_changeids"] = json!([2]);
    assert_eq!(doc["changes"], json!([ch3]));
    assert_eq!(count(&env, "users"), 2);
    assert_eq!(count(&env, "users_info"), 2);
    assert_eq!(
        env.rows("SELECT changeid, uid FROM change_users ORDER BY changeid"),
        json!([[1, 1], [2, 2], [3, 1]])
    );
    assert_eq!(env.json(&["change", "list"]), json!([ch1, ch2, ch3]));

    // Nothing new: no change, and the people's output says so.
    let text = String::from_utf8(
        poll_cmd(&env, CS, &url, Some(MASTER), at + 120, &[])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(text.contains(CS), "{text}");
    assert_eq!(count(&env, "changes"), 3);
    assert_eq!(last_rev(&env, CS), json!({"refs/heads/main": c3.sha}));
}

engines!(the_report_names_what_it_shows_without_spaces);
fn the_report_names_what_it_shows_without_spaces(env: Env) {
    let repo = Repo::new(env.path("origin"));
    repo.change("README", "hello\n", "Initial");
    poll(&env, &repo, T0, &[]);

    repo.change("a.txt", "a\n", "Add a");
    let table = stdout_of(&mut poll_cmd(
        &env,
        CS,
        repo.url(),
        Some(MASTER),
        T0 + 60,
        &[],
    ));
    // The change source and the new change, as their lists show them.
    let headers: Vec<&str> = table
        .lines()
        .filter(|line| line.starts_with("change"))
        .collect();
    assert_eq!(
        headers
            .iter()
            .map(|h| h.split_whitespace().collect::<Vec<_>>())
            .collect::<Vec<_>>(),
        [
            vec!["changesourceid", "name", "master"],
            vec![
                "changeid", "author", "branch", "revision", "when", "comments"
            ]
        ],
        "{table}"
    );
    assert!(table.contains("Add a"), "{table}");

    repo.change("b.txt", "b\n", "Add b");
    let doc = poll(&env, &repo, T0 + 120, &[]);
    fn keys(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    out.push(key.clone());
                    keys(value, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| keys(item, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    keys(&doc, &mut all);
    assert!(all.contains(&"changeid".to_string()), "{doc}");
    assert!(all.iter().all(|key| !key.contains(' ')), "{all:?}");
}

engines!(myisam: project_codebase_and_category_are_recorded_and_part_of_the_parent_key);
fn project_codebase_and_category_are_recorded_and_part_of_the_parent_key(env: Env) {
    let repo = Repo::new(env.path("origin"));
    let url = repo.url().to_string();
    repo.change("README", "hello\n", "Initial");
    let flags = [
        "--project",
        "proj",
        "--codebase",
        "cb",
        "--category",
        "cat ☃",
    ];
    let plain = |at: i64| run_json(&mut poll_cmd(&env, "plain", &url, Some(MASTER), at, &[]));
    let tagged = |at: i64| {
        run_json(&mut poll_cmd(
            &env,
            "tagged",
            &url,
            Some(MASTER),
            at,
            &flags,
        ))
    };
    plain(T0);
    tagged(T0);

    let c1 = repo.change("a.txt", "a\n", "One");
    assert_eq!(changes_of(&plain(T0 + 10)).len(), 1);
    let doc = tagged(T0 + 20);
    let mut expected = change_doc(2, &c1, "One", &url, T0 + 20);
    expected["files"] = json!(["a.txt"]);
    expected["project"] = json!("proj");
    expected["codebase"] = json!("cb");
    expected["category"] = json!("cat ☃");
    expected["sourcestamp"] =
        sourcestamp(2, Some("main"), Some(&c1.sha), &url, "proj", "cb", T0 + 20);
    // Change 1 has the same branch and repository but another project and
    // codebase: not the parent.
    assert_eq!(doc["changes"], json!([expected]));
    assert_eq!(doc["changesource"]["name"], json!("tagged"));
    assert_eq!(
        env.rows("SELECT ss_hash FROM sourcestamps WHERE id = 2"),
        json!([[ss_hash(Some("main"), Some(&c1.sha), &url, "proj", "cb")]])
    );

    let c2 = repo.change("a.txt", "a2\n", "Two");
    assert_eq!(field(&tagged(T0 + 30), "parent_changeids"), [json!([2])]);
    assert_eq!(field(&plain(T0 + 40), "parent_changeids"), [json!([1])]);
    assert_eq!(
        env.rows(
            "SELECT changeid, revision, project, codebase, category FROM changes ORDER BY changeid"
        ),
        json!([
            [1, c1.sha, "", "", null],
            [2, c1.sha, "proj", "cb", "cat ☃"],
            [3, c2.sha, "proj", "cb", "cat ☃"],
            [4, c2.sha, "", "", null]
        ])
    );
    // One state object per change source name.
    assert_eq!(
        env.rows("SELECT id, name, class_name FROM objects ORDER BY id"),
        json!([[1, "plain", "GitPoller"], [2, "tagged", "GitPoller"]])
    );
}

engines!(myisam: a_sourcestamp_made_earlier_by_a_buildset_is_reused);
fn a_sourcestamp_made_earlier_by_a_buildset_is_reused(env: Env) {
    let repo = Repo::new(env.path("origin"));
    let url = repo.url().to_string();
    repo.change("README", "hello\n", "Initial");
    poll(&env, &repo, T0, &[]);
    let c1 = repo.change("a.txt", "a\n", "One");
    let c2 = repo.change("b.txt", "b\n", "Two");

    env.json(&[
        "buildset",
        "add",
        "--reason",
        "try",
        "--builder",
        "linux",
        "--create-builders",
        "--sourcestamp",
        &format!("branch=main,revision={},repository={url}", c1.sha),
        "--at",
        &(T0 + 10).to_string(),
    ]);
    assert_eq!(count(&env, "sourcestamps"), 1);

    let doc = poll(&env, &repo, T0 + 60, &[]);
    assert_eq!(
        field(&doc, "sourcestamp"),
        [
            sourcestamp(1, Some("main"), Some(&c1.sha), &url, "", "", T0 + 10),
            sourcestamp(2, Some("main"), Some(&c2.sha), &url, "", "", T0 + 60)
        ]
    );
    assert_eq!(
        env.rows("SELECT id, ss_hash, created_at FROM sourcestamps ORDER BY id"),
        json!([
            [
                1,
                ss_hash(Some("main"), Some(&c1.sha), &url, "", ""),
                T0 + 10
            ],
            [
                2,
                ss_hash(Some("main"), Some(&c2.sha), &url, "", ""),
                T0 + 60
            ]
        ])
    );
    assert_eq!(
        env.rows("SELECT changeid, sourcestampid FROM changes ORDER BY changeid"),
        json!([[1, 1], [2, 2]])
    );
}

// --- branches ------------------------------------------------------------------------

engines!(myisam: branches_are_polled_in_refname_order_each_with_its_own_parents);
fn branches_are_polled_in_refname_order_each_with_its_own_parents(env: Env) {
    let repo = Repo::new(env.path("origin"));
    let m0 = repo.change("README", "hello\n", "Initial");
    repo.git(&["branch", "dev"]);
    let branches = ["--branch", "main", "--branch", "dev"];
    let first = poll(&env, &repo, T0, &branches);
    assert_eq!(first["first_poll"], json!(true));
    assert_eq!(last_rev(&env, CS), json!({"main": m0.sha, "dev": m0.sha}));

    // main's commit is made first, but dev comes first in refname order.
    let m1 = repo.change("main.txt", "m\n", "On main");
    repo.git(&["checkout", "-q", "dev"]);
    let d1 = repo.change("dev.txt", "d\n", "On dev");
    let doc = poll(&env, &repo, T0 + 60, &branches);
    assert_eq!(revisions(&doc), shas(&[&d1, &m1]));
    assert_eq!(field(&doc, "branch"), [json!("dev"), json!("main")]);
    assert_eq!(
        field(&doc, "files"),
        [json!(["dev.txt"]), json!(["main.txt"])]
    );
    // The dev change is the latest change, but not of main's branch.
    assert_eq!(field(&doc, "parent_changeids"), [json!([]), json!([])]);
    assert_eq!(last_rev(&env, CS), json!({"main": m1.sha, "dev": d1.sha}));

    let d2 = repo.change("dev.txt", "d2\n", "On dev again");
    let doc = poll(&env, &repo, T0 + 120, &branches);
    assert_eq!(revisions(&doc), shas(&[&d2]));
    assert_eq!(field(&doc, "parent_changeids"), [json!([1])]);
    assert_eq!(last_rev(&env, CS), json!({"main": m1.sha, "dev": d2.sha}));
    assert_eq!(count(&env, "changes"), 3);
}

engines!(myisam: new_branches_report_only_commits_not_reachable_from_known_heads);
fn new_branches_report_only_commits_not_reachable_from_known_heads(env: Env) {
    let repo = Repo::new(env.path("origin"));
    let m0 = repo.change("README", "hello\n", "Initial");
    repo.git(&["checkout", "-q", "-b", "dev"]);
    let d1 = repo.change("dev.txt", "d\n", "On dev");
    repo.git(&["checkout", "-q", "main"]);
    // Branches that do not exist yet are polled once they appear.
    let branches = [
        "--branch",
        "main",
        "--branch",
        "dev",
        "--branch",
        "feature/x",
        "--branch",
        "same",
        "--branch",
        "fix",
    ];
    poll(&env, &repo, T0, &branches);
    assert_eq!(last_rev(&env, CS), json!({"main": m0.sha, "dev": d1.sha}));

    // feature/x grows from dev: only its own commits; same is a new name for
    // a known head: no change, but recorded.
    repo.git(&["checkout", "-q", "-b", "feature/x", "dev"]);
    let f1 = repo.change("f.txt", "1\n", "Feature 1");
    let f2 = repo.change("f.txt", "2\n", "Feature 2");
    repo.git(&["branch", "same", "main"]);
    let doc = poll(&env, &repo, T0 + 60, &branches);
    assert_eq!(revisions(&doc), shas(&[&f1, &f2]));
    assert_eq!(
        field(&doc, "branch"),
        [json!("feature/x"), json!("feature/x")]
    );
    assert_eq!(
        last_rev(&env, CS),
        json!({"main": m0.sha, "dev": d1.sha, "feature/x": f2.sha, "same": m0.sha})
    );

    // fix (before main in refname order) gets x1, and main moves to x1 and
    // then x2 in the same poll: x1 is reported once, for fix.
    repo.git(&["checkout", "-q", "-b", "fix", "main"]);
    let x1 = repo.change("x.txt", "1\n", "Fix");
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--ff-only", "fix"]);
    let x2 = repo.change("x.txt", "2\n", "After the fix");
    let doc = poll(&env, &repo, T0 + 120, &branches);
    assert_eq!(revisions(&doc), shas(&[&x1, &x2]));
    assert_eq!(field(&doc, "branch"), [json!("fix"), json!("main")]);
    assert_eq!(
        last_rev(&env, CS),
        json!({"main": x2.sha, "dev": d1.sha, "feature/x": f2.sha, "same": m0.sha, "fix": x1.sha})
    );
    assert_eq!(
        env.int("SELECT count(DISTINCT revision) FROM changes"),
        count(&env, "changes")
    );
    assert_eq!(count(&env, "changes"), 4);

    // A branch deleted on the remote drops out of lastRev (as GitPoller's
    // does; README), without a change.
    repo.git(&["branch", "-q", "-D", "same"]);
    assert_eq!(poll(&env, &repo, T0 + 180, &branches)["changes"], json!([]));
    assert_eq!(
        last_rev(&env, CS),
        json!({"main": x2.sha, "dev": d1.sha, "feature/x": f2.sha, "fix": x1.sha})
    );
}

// --- history rewritten ------------------------------------------------------------------

engines!(myisam: a_rewound_branch_makes_no_change_and_a_force_push_is_reported_once);
fn a_rewound_branch_makes_no_change_and_a_force_push_is_reported_once(env: Env) {
    let repo = Repo::new(env.path("origin"));
    let c1 = repo.change("a.txt", "1\n", "One");
    poll(&env, &repo, T0, &[]);
    let c2 = repo.change("a.txt", "2\n", "Two");
    let c3 = repo.change("a.txt", "3\n", "Three");
    assert_eq!(
        revisions(&poll(&env, &repo, T0 + 10, &[])),
        shas(&[&c2, &c3])
    );

    // Rewound to c1: nothing new, and lastRev follows the branch back.
    repo.git(&["reset", "-q", "--hard", &c1.sha]);
    let doc = poll(&env, &repo, T0 + 20, &[]);
    assert_eq!(doc["changes"], json!([]));
    assert_eq!(last_rev(&env, CS), json!({"refs/heads/main": c1.sha}));

    // A new commit on the rewritten branch: reported once.
    let c4 = repo.change("a.txt", "4\n", "Four");
    assert_eq!(revisions(&poll(&env, &repo, T0 + 30, &[])), shas(&[&c4]));
    assert_eq!(poll(&env, &repo, T0 + 40, &[])["changes"], json!([]));

    // Forced straight from c4 to c5 on top of c1, without a poll between:
    // only c5 (c1 was seen long ago).
    repo.git(&["reset", "-q", "--hard", &c1.sha]);
    let c5 = repo.change("a.txt", "5\n", "Five");
    assert_eq!(revisions(&poll(&env, &repo, T0 + 50, &[])), shas(&[&c5]));
    assert_eq!(last_rev(&env, CS), json!({"refs/heads/main": c5.sha}));
    assert_eq!(
        env.rows("SELECT revision FROM changes ORDER BY changeid"),
        json!([[c2.sha], [c3.sha], [c4.sha], [c5.sha]])
    );
    // c4's parent is c3's change: parents follow the branch name, not git.
    assert_eq!(
        env.rows("SELECT changeid, parent_changeids FROM changes ORDER BY changeid"),
        json!([[1, null], [2, 1], [3, 2], [4, 3]])
    );
}

engines!(myisam: merges_follow_the_first_parent_and_list_files_against_it);
fn merges_follow_the_first_parent_and_list_files_against_it(env: Env) {
    let repo = Repo::new(env.path("origin"));
    repo.change("README", "hello\n", "Initial");
    poll(&env, &repo, T0, &[]);

    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.change("s1.txt", "1\n", "Side 1");
    repo.change("s2.txt", "2\n", "Side 2");
    repo.git(&["checkout", "-q", "main"]);
    let m1 = repo.change("m.txt", "m\n", "Main 1");
    let merge = repo.dated(
        BOB,
        &[
            "merge",
            "-q",
            "--no-ff",
            "-m",
            "Merge branch 'side'",
            "side",
        ],
    );

    let doc = poll(&env, &repo, T0 + 60, &[]);
    assert_eq!(revisions(&doc), shas(&[&m1, &merge]));
    assert_eq!(
        field(&doc, "files"),
        [json!(["m.txt"]), json!(["s1.txt", "s2.txt"])]
    );
    assert_eq!(
        field(&doc, "comments"),
        [json!("Main 1"), json!("Merge branch 'side'")]
    );
    assert_eq!(field(&doc, "author")[1], json!(ident(BOB)));
    assert_eq!(field(&doc, "when_timestamp")[1], json!(merge.committed));
    assert_eq!(last_rev(&env, CS), json!({"refs/heads/main": merge.sha}));
    assert_eq!(count(&env, "changes"), 2);
}

engines!(myisam: renames_list_the_new_path_and_unusual_names_are_stored_as_utf8);
fn renames_list_the_new_path_and_unusual_names_are_stored_as_utf8(env: Env) {
    let repo = Repo::new(env.path("origin"));
    repo.change(
        "old.txt",
        "a file long enough for git to see it renamed\nline two\nline three\n",
        "Initial",
    );
    poll(&env, &repo, T0, &[]);

    repo.git(&["mv", "old.txt", "new.txt"]);
    let renamed = repo.commit("Rename");
    repo.write("café.txt", "c\n");
    repo.write("sp ace \"q\".txt", "q\n");
    let unusual = repo.commit("Unusual names");

    let doc = poll(&env, &repo, T0 + 60, &[]);
    assert_eq!(revisions(&doc), shas(&[&renamed, &unusual]));
    assert_eq!(
        field(&doc, "files"),
        [json!(["new.txt"]), json!(["café.txt", "sp ace \"q\".txt"])]
    );
    assert_eq!(
        env.rows(&format!(
            "SELECT changeid, filename FROM change_files ORDER BY {}",
            env.insert_order()
        )),
        json!([[1, "new.txt"], [2, "café.txt"], [2, "sp ace \"q\".txt"]])
    );
}

// --- failures ---------------------------------------------------------------------------

engines!(myisam: an_unreachable_repository_fails_with_gits_message_and_writes_nothing);
fn an_unreachable_repository_fails_with_gits_message_and_writes_nothing(env: Env) {
    let missing = env.path("missing");
    let before = env.dump();
    let message = fails(
        &mut poll_cmd(&env, CS, missing.to_str().unwrap(), Some(MASTER), T0, &[]),
        1,
    );
    assert!(
        message.contains("does not appear to be a git repository"),
        "git's own message expected: {message}"
    );
    assert_eq!(env.dump(), before, "nothing written, not even the master");

    // Later: polled once, then the repository goes away.
    let repo = Repo::new(env.path("origin"));
    let c0 = repo.change("README", "hello\n", "Initial");
    poll(&env, &repo, T0, &[]);
    let c1 = repo.change("a.txt", "a\n", "One");
    std::fs::rename(env.path("origin"), env.path("moved")).unwrap();
    let before = env.dump();
    let err = fails_json(
        &mut poll_cmd(&env, CS, repo.url(), Some(MASTER), T0 + 60, &[]),
        1,
    );
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("does not appear to be a git repository"),
        "{err}"
    );
    assert_eq!(env.dump(), before);
    assert_eq!(last_rev(&env, CS), json!({"refs/heads/main": c0.sha}));

    // Back again: the commit is not lost.
    std::fs::rename(env.path("moved"), env.path("origin")).unwrap();
    assert_eq!(revisions(&poll(&env, &repo, T0 + 120, &[])), shas(&[&c1]));
}

engines!(myisam: a_change_source_held_by_another_master_is_refused_until_it_is_released);
fn a_change_source_held_by_another_master_is_refused_until_it_is_released(env: Env) {
    let repo = Repo::new(env.path("origin"));
    repo.change("README", "hello\n", "Initial");
    let alpha = |at: i64| poll_cmd(&env, CS, repo.url(), Some("alpha"), at, &[]);
    let beta = |at: i64| poll_cmd(&env, CS, repo.url(), Some("beta"), at, &[]);
    run_json(&mut alpha(T0));
    let c1 = repo.change("a.txt", "a\n", "One");

    let before = env.dump();
    let err = fails_json(&mut beta(T0 + 60), 3);
    assert!(
        err["message"].as_str().unwrap().contains("alpha"),
        "the error should name the holder: {err}"
    );
    assert_eq!(err["ids"], json!([1]), "{err}");
    assert_eq!(err["holders"], json!({"1": 1}), "{err}");
    assert_eq!(env.dump(), before, "nothing written, not even master beta");
    // alpha's active flag is still set an hour later: still refused.
    let msg = fails(&mut beta(T0 + 3600), 3);
    assert!(msg.contains("alpha"), "{msg}");
    assert_eq!(env.dump(), before);

    // Once alpha is deactivated (and so housekept), beta takes over where
    // alpha left off.
    env.json(&[
        "master",
        "deactivate",
        "alpha",
        "--at",
        &(T0 + 3700).to_string(),
    ]);
    let doc = run_json(&mut beta(T0 + 3800));
    assert_eq!(revisions(&doc), shas(&[&c1]));
    assert_eq!(
        doc["changesource"],
        json!({"changesourceid": 1, "name": CS, "master": master(2, "beta", true, T0 + 3800)})
    );
    assert_eq!(
        env.rows("SELECT changesourceid, masterid FROM changesource_masters"),
        json!([[1, 2]])
    );
    // And now alpha is the one refused.
    let before = env.dump();
    let msg = fails(&mut alpha(T0 + 3810), 3);
    assert!(msg.contains("beta"), "{msg}");
    assert_eq!(env.dump(), before);
}

engines!(an_unknown_change_source_id_or_master_id_is_not_found);
fn an_unknown_change_source_id_or_master_id_is_not_found(env: Env) {
    let repo = Repo::new(env.path("origin"));
    repo.change("README", "hello\n", "Initial");
    let before = env.dump();
    let err = fails_json(
        &mut poll_cmd(&env, "7", repo.url(), Some(MASTER), T0, &[]),
        4,
    );
    assert_eq!(err["ids"], json!([7]), "{err}");
    assert_eq!(env.dump(), before);
    let err = fails_json(&mut poll_cmd(&env, CS, repo.url(), Some("9"), T0, &[]), 4);
    assert_eq!(err["ids"], json!([9]), "{err}");
    assert_eq!(env.dump(), before);
    // Registered, the id works. (Its id is what register says: on
    // PostgreSQL the failed poll above used up id 1 of the sequence.)
    let id = env.json(&["changesource", "register", CS])["changesourceid"].to_string();
    let doc = run_json(&mut poll_cmd(&env, &id, repo.url(), Some(MASTER), T0, &[]));
    assert_eq!(doc["changesource"]["name"], json!(CS));
    assert!(last_rev(&env, CS).is_object());
}

// --- --deliver ---------------------------------------------------------------------------

/// One request the fake change hook received.
#[derive(Debug, Clone)]
struct Request {
    method: String,
    path: String,
    /// Header names lower-cased.
    headers: BTreeMap<String, String>,
    form: BTreeMap<String, String>,
}

/// A stand-in for a master's `base` change hook on 127.0.0.1: records every
/// request, and answers 202 or the status scripted next.
struct Hook {
    url: String,
    requests: Arc<Mutex<Vec<Request>>>,
    answers: Arc<Mutex<VecDeque<u16>>>,
}

impl Hook {
    fn start() -> Hook {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests: Arc<Mutex<Vec<Request>>> = Arc::default();
        let answers: Arc<Mutex<VecDeque<u16>>> = Arc::default();
        let (seen, script) = (Arc::clone(&requests), Arc::clone(&answers));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                serve(stream, &seen, &script);
            }
        });
        Hook {
            url: format!("http://127.0.0.1:{port}/change_hook/base"),
            requests,
            answers,
        }
    }

    /// Answer the next requests with these statuses (then 202 again).
    fn script(&self, statuses: &[u16]) {
        self.answers.lock().unwrap().extend(statuses);
    }

    /// The requests received since the last call.
    fn take(&self) -> Vec<Request> {
        std::mem::take(&mut *self.requests.lock().unwrap())
    }
}

fn serve(stream: TcpStream, seen: &Mutex<Vec<Request>>, script: &Mutex<VecDeque<u16>>) {
    let Some(request) = read_http_request(&stream) else {
        return;
    };
    seen.lock().unwrap().push(Request {
        form: parse_form(&request.body),
        method: request.method,
        path: request.path,
        headers: request.headers,
    });
    let status = script.lock().unwrap().pop_front().unwrap_or(202);
    let answer = match status {
        202 => {
            "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
        }
        code => format!(
            "HTTP/1.1 {code} Internal Server Error\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\
             Connection: close\r\n\r\nno thanks\n"
        ),
    };
    let mut stream = stream;
    let _ = stream.write_all(answer.as_bytes());
}

/// `application/x-www-form-urlencoded`, decoded; a field sent twice fails.
fn parse_form(body: &str) -> BTreeMap<String, String> {
    let decode = |s: &str| {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' => {
                    let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                    out.push(u8::from_str_radix(hex, 16).unwrap());
                    i += 2;
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8(out).unwrap()
    };
    let mut form = BTreeMap::new();
    for pair in body.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let old = form.insert(decode(name), decode(value));
        assert!(old.is_none(), "field {name} sent twice: {body}");
    }
    form
}

/// The form fields of a change by Ann on main of `repo`, project and
/// codebase `""` and no category; files and properties are compared parsed.
fn form_of(commit: &Commit, comments: &str, repo: &str) -> BTreeMap<String, String> {
    [
        ("author", ident(ANN)),
        ("committer", ident(CARL)),
        ("comments", comments.to_string()),
        ("revision", commit.sha.clone()),
        ("when_timestamp", commit.committed.to_string()),
        ("branch", "main".to_string()),
        ("repository", repo.to_string()),
        ("project", String::new()),
        ("codebase", String::new()),
        ("revlink", String::new()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// A request's form without `files` and `properties`, which are returned
/// parsed as JSON.
fn split_form(request: &Request) -> (BTreeMap<String, String>, Value, Value) {
    let mut form = request.form.clone();
    let json_field = |form: &mut BTreeMap<String, String>, name: &str| {
        let text = form
            .remove(name)
            .unwrap_or_else(|| panic!("no {name} field: {request:?}"));
        serde_json::from_str::<Value>(&text)
            .unwrap_or_else(|err| panic!("{name} is not JSON ({err}): {text:?}"))
    };
    let files = json_field(&mut form, "files");
    let properties = json_field(&mut form, "properties");
    (form, files, properties)
}

fn delivered_revisions(requests: &[Request]) -> Vec<String> {
    requests
        .iter()
        .map(|r| r.form.get("revision").cloned().unwrap_or_default())
        .collect()
}

engines!(deliver_posts_each_change_to_the_hook_and_stores_none);
fn deliver_posts_each_change_to_the_hook_and_stores_none(env: Env) {
    let repo = Repo::new(env.path("origin"));
    let url = repo.url().to_string();
    let c0 = repo.change("README", "hello\n", "Initial");
    let hook = Hook::start();

    let first = poll(&env, &repo, T0, &["--deliver", &hook.url]);
    assert_eq!(first["first_poll"], json!(true));
    assert_eq!(first["changes"], json!([]));
    assert_eq!(first["delivered"], json!(true));
    assert!(hook.take().is_empty(), "nothing to deliver on a first poll");
    assert_eq!(last_rev(&env, CS), json!({"refs/heads/main": c0.sha}));

    repo.write("a.txt", "a\n");
    repo.write("café.txt", "c\n");
    let c1 = repo.commit("Subject line\n\nBody & more = 100% +1 ☃");
    repo.write("a.txt", "a2\n");
    let c2 = repo.commit_as(BOB, "Second");
    let doc = poll(
        &env,
        &repo,
        T0 + 60,
        &["--deliver", &hook.url, "--deliver-auth", "user:pa:ss"],
    );
    assert_eq!(doc["delivered"], json!(true));
    assert_eq!(doc["first_poll"], json!(false));
    assert_eq!(revisions(&doc), shas(&[&c1, &c2]));
    // Printed as sent: the master does not share this database.
    assert_eq!(field(&doc, "changeid"), [Value::Null, Value::Null]);
    assert_eq!(
        field(&doc, "author"),
        [json!(ident(ANN)), json!(ident(BOB))]
    );
    assert_eq!(
        doc["changesource"]["master"],
        master(1, MASTER, true, T0 + 60)
    );

    let requests = hook.take();
    assert_eq!(delivered_revisions(&requests), shas(&[&c1, &c2]));
    for request in &requests {
        assert_eq!(request.method, "POST");
        assert_eq!(request.path, "/change_hook/base");
        assert_eq!(
            request.headers.get("authorization").map(String::as_str),
            Some("Basic dXNlcjpwYTpzcw=="),
            "{request:?}"
        );
        assert_eq!(
            request.headers.get("content-type").map(String::as_str),
            Some("application/x-www-form-urlencoded")
        );
    }
    let (form, files, properties) = split_form(&requests[0]);
    assert_eq!(
        form,
        form_of(&c1, "Subject line\nBody & more = 100% +1 ☃", &url),
        "no category field when none is set"
    );
    assert_eq!(files, json!(["a.txt", "café.txt"]));
    assert_eq!(properties, json!({}));
    let (form, files, _) = split_form(&requests[1]);
    let mut expected = form_of(&c2, "Second", &url);
    expected.insert("author".into(), ident(BOB));
    assert_eq!(form, expected);
    assert_eq!(files, json!(["a.txt"]));

    // The master stores delivered changes; bb does not.
    assert_eq!(count(&env, "changes"), 0);
    assert_eq!(count(&env, "sourcestamps"), 0);
    assert_eq!(count(&env, "users"), 0);
    assert_eq!(last_rev(&env, CS), json!({"refs/heads/main": c2.sha}));

    // With a category, project and codebase, and no credentials.
    let c3 = repo.change("b.txt", "b\n", "Third");
    poll(
        &env,
        &repo,
        T0 + 120,
        &[
            "--deliver",
            &hook.url,
            "--category",
            "nightly",
            "--project",
            "proj",
            "--codebase",
            "cb",
        ],
    );
    let requests = hook.take();
    assert_eq!(requests.len(), 1);
    assert!(!requests[0].headers.contains_key("authorization"));
    let (form, _, _) = split_form(&requests[0]);
    let mut expected = form_of(&c3, "Third", &url);
    expected.insert("category".into(), "nightly".into());
    expected.insert("project".into(), "proj".into());
    expected.insert("codebase".into(), "cb".into());
    assert_eq!(form, expected);
    assert_eq!(count(&env, "changes"), 0);
}

engines!(myisam: a_refused_delivery_is_retried_by_the_next_poll_never_lost_or_doubled);
fn a_refused_delivery_is_retried_by_the_next_poll_never_lost_or_doubled(env: Env) {
    let repo = Repo::new(env.path("origin"));
    repo.change("README", "hello\n", "Initial");
    let hook = Hook::start();
    let deliver = ["--deliver", hook.url.as_str()];
    poll(&env, &repo, T0, &deliver);
    let c1 = repo.change("a.txt", "1\n", "One");
    let c2 = repo.change("a.txt", "2\n", "Two");
    let c3 = repo.change("a.txt", "3\n", "Three");

    // The master takes the first change and refuses the second.
    hook.script(&[202, 500]);
    let message = fails(
        &mut poll_cmd(&env, CS, repo.url(), Some(MASTER), T0 + 60, &deliver),
        1,
    );
    assert!(message.contains("500"), "{message}");
    assert_eq!(delivered_revisions(&hook.take()), shas(&[&c1, &c2]));
    assert_eq!(last_rev(&env, CS), json!({"refs/heads/main": c1.sha}));
    assert_eq!(count(&env, "changes"), 0);

    // The next poll delivers the rest, and only the rest.
    let doc = poll(&env, &repo, T0 + 120, &deliver);
    assert_eq!(revisions(&doc), shas(&[&c2, &c3]));
    assert_eq!(delivered_revisions(&hook.take()), shas(&[&c2, &c3]));
    assert_eq!(last_rev(&env, CS), json!({"refs/heads/main": c3.sha}));

    let doc = poll(&env, &repo, T0 + 180, &deliver);
    assert_eq!(doc["changes"], json!([]));
    assert!(hook.take().is_empty());
    assert_eq!(count(&env, "changes"), 0);
}

engines!(delivering_to_a_closed_port_fails_and_keeps_last_rev);
fn delivering_to_a_closed_port_fails_and_keeps_last_rev(env: Env) {
    let repo = Repo::new(env.path("origin"));
    let c0 = repo.change("README", "hello\n", "Initial");
    poll(&env, &repo, T0, &[]);
    repo.change("a.txt", "a\n", "One");
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/change_hook/base");
    fails(
        &mut poll_cmd(
            &env,
            CS,
            repo.url(),
            Some(MASTER),
            T0 + 60,
            &["--deliver", &url],
        ),
        1,
    );
    assert_eq!(last_rev(&env, CS), json!({"refs/heads/main": c0.sha}));
    assert_eq!(count(&env, "changes"), 0);
}

engines!(an_ipv6_literal_without_a_port_is_a_hook_url);
fn an_ipv6_literal_without_a_port_is_a_hook_url(env: Env) {
    let repo = Repo::new(env.path("origin"));
    let c0 = repo.change("README", "hello\n", "Initial");
    // A first poll delivers nothing, so no connection is made: the URL
    // (port 80 by default) must just be accepted.
    let doc = poll(
        &env,
        &repo,
        T0,
        &["--deliver", "http://[::1]/change_hook/base"],
    );
    assert_eq!(doc["first_poll"], json!(true));
    assert_eq!(doc["delivered"], json!(true));
    assert_eq!(last_rev(&env, CS), json!({"refs/heads/main": c0.sha}));
}

#[test]
fn usage_errors_come_before_the_database_is_touched() {
    let long = "c".repeat(256);
    let long_project = "p".repeat(513);
    let long_codebase = "b".repeat(257);
    let bad: [&[&str]; 10] = [
        &["--deliver", "ftp://localhost:8010/change_hook/base"],
        &["--deliver", "http://localhost:port/change_hook/base"],
        &["--deliver", "http:///change_hook/base"],
        &["--deliver-auth", "user:password"],
        &[
            "--deliver",
            "http://localhost:8010/change_hook/base",
            "--deliver-auth",
            "nocolon",
        ],
        &["--category", &long],
        &["--project", &long_project],
        &["--codebase", &long_codebase],
        &["--interval", "0s"],
        &["--interval", "500ms"],
    ];
    // No database at all: exit 2, not 4, and none is made.
    let env = Env::empty();
    for extra in bad {
        fails(
            &mut poll_cmd(&env, CS, "/nowhere/repo", Some(MASTER), T0, extra),
            2,
        );
    }
    assert!(!env.db.exists());
    // A database: unchanged, and git was not run.
    let env = Env::new();
    let repo = Repo::new(env.path("origin"));
    repo.change("README", "hello\n", "Initial");
    let before = env.dump();
    for extra in bad {
        fails(
            &mut poll_cmd(&env, CS, repo.url(), Some(MASTER), T0, extra),
            2,
        );
        assert_eq!(env.dump(), before, "{extra:?}");
    }
    assert!(!env.path("gitpoller-work").exists());
    // 255 characters is a category.
    let fits = "c".repeat(255);
    poll(&env, &repo, T0, &["--category", &fits]);
}

// --- --interval --------------------------------------------------------------------------

/// Kills a child left running by a failed test.
struct Reap(Child);

impl Drop for Reap {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Collect everything `from` says, in a thread.
fn collect(mut from: impl Read + Send + 'static) -> Arc<Mutex<Vec<u8>>> {
    let into: Arc<Mutex<Vec<u8>>> = Arc::default();
    let sink = Arc::clone(&into);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = from.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    into
}

/// The complete JSON documents in `out` so far; panics on anything else
/// but an incomplete last one.
fn documents(out: &Mutex<Vec<u8>>) -> Vec<Value> {
    let bytes = out.lock().unwrap().clone();
    let mut docs = Vec::new();
    for doc in serde_json::Deserializer::from_slice(&bytes).into_iter::<Value>() {
        match doc {
            Ok(doc) => docs.push(doc),
            Err(err) if err.is_eof() => break,
            Err(err) => panic!(
                "not JSON on stdout ({err}): {}",
                String::from_utf8_lossy(&bytes)
            ),
        }
    }
    docs
}

fn wait_until(what: &str, limit: Duration, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < limit, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

engines!(interval_polls_until_sigterm_and_stops_cleanly);
fn interval_polls_until_sigterm_and_stops_cleanly(env: Env) {
    let repo = Repo::new(env.path("origin"));
    let c0 = repo.change("README", "hello\n", "Initial");
    let mut cmd = StdCommand::new(env!("CARGO_BIN_EXE_bb"));
    hermetic_git(&mut cmd)
        .current_dir(env.dir.path())
        .env_remove("BB_DB")
        .env_remove("BB_MASTER")
        .arg("--db")
        .arg(env.db_str())
        .args([
            "--json",
            "changesource",
            "poll",
            CS,
            "--repourl",
            repo.url(),
            "--master",
            MASTER,
            "--at",
            &T0.to_string(),
            "--interval",
            "1s",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = Reap(cmd.spawn().unwrap());
    let stdout = collect(child.0.stdout.take().unwrap());
    let stderr = collect(child.0.stderr.take().unwrap());
    let said = || String::from_utf8_lossy(&stderr.lock().unwrap()).into_owned();

    // The first poll happens at launch.
    wait_until("the first poll's document", Duration::from_secs(10), || {
        !documents(&stdout).is_empty()
    });
    let first = documents(&stdout).remove(0);
    assert_eq!(first["first_poll"], json!(true), "{first}");
    assert_eq!(last_rev(&env, CS), json!({"refs/heads/main": c0.sha}));

    let c1 = repo.change("a.txt", "a\n", "While polling");
    wait_until("the new commit's change", Duration::from_secs(10), || {
        count(&env, "changes") >= 1
    });

    // SAFETY: kill(2) on the pid of a child of this test.
    let sent = unsafe { libc::kill(child.0.id() as libc::pid_t, libc::SIGTERM) };
    assert_eq!(sent, 0);
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "bb did not stop within 5 s of SIGTERM; stderr: {}",
            said()
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0), "stderr: {}", said());

    // Give the reader threads a moment to see the end of the pipes.
    std::thread::sleep(Duration::from_millis(100));
    let docs = documents(&stdout);
    let reported: Vec<Value> = docs
        .iter()
        .flat_map(|doc| changes_of(doc).clone())
        .map(|change| change["revision"].clone())
        .collect();
    assert_eq!(reported, [json!(c1.sha)], "{docs:?}");
    assert!(
        docs[1..]
            .iter()
            .all(|doc| doc["first_poll"] == json!(false))
    );
    assert_eq!(env.rows("SELECT revision FROM changes"), json!([[c1.sha]]));
    assert_eq!(last_rev(&env, CS), json!({"refs/heads/main": c1.sha}));
    assert_eq!(
        env.rows("SELECT changesourceid, masterid FROM changesource_masters"),
        json!([[1, 1]])
    );
}
