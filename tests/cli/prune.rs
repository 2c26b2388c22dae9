//! `bb prune` and `bb db vacuum`: history across 90 days, pruned as
//! Buildbot's janitor prunes it (its own functions, run on a copy), and
//! whole buildsets pruned as PostgreSQL's foreign keys would delete them;
//! in small transactions that a kill at any moment leaves consistent.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use serde_json::{Value, json};

use crate::interop::{Fresh, buildbot, initialised_by_bb};
use crate::support::{Engine, Env, T0, engines, fails, fails_json, name_hash, sql_text};

const DAY: i64 = 86_400;
/// The buildsets of the fixture, one every 12 hours over 90 days.
const BUILDSETS: i64 = 180;

// --- the history fixture ----------------------------------------------------

/// What the fixture holds, as far as deciding what goes needs.
#[derive(Debug, Clone)]
struct Buildset {
    id: i64,
    complete: bool,
    complete_at: Option<i64>,
    builders: Vec<i64>,
    /// Every request complete and every build finished.
    finished: bool,
}

/// History as a Buildbot master leaves it: buildsets with requests on
/// three builders, builds (some retried), steps, logs of every type with
/// plain and compressed chunks, build properties and data, test results,
/// sourcestamps shared between buildsets and with changes, patches, parent
/// and rebuilt links across buildsets, claims; and what a janitor run left
/// (logs marked 'd', one with chunks left behind). Ids are explicit, the
/// same on every engine.
struct History {
    sql: Vec<String>,
    buildsets: Vec<Buildset>,
    /// Counters for the next id of each table.
    next: BTreeMap<&'static str, i64>,
}

impl History {
    fn new() -> History {
        let mut h = History {
            sql: Vec::new(),
            buildsets: Vec::new(),
            next: BTreeMap::new(),
        };
        h.build();
        h
    }

    fn id(&mut self, table: &'static str) -> i64 {
        let n = self.next.entry(table).or_insert(0);
        *n += 1;
        *n
    }

    fn insert(&mut self, table: &str, columns: &str, values: Vec<String>) {
        self.sql.push(format!(
            "INSERT INTO {table} ({columns}) VALUES ({})",
            values.join(", ")
        ));
    }

    fn build(&mut self) {
        let start = T0 - 90 * DAY;
        self.sql.push(format!(
            "INSERT INTO masters (id, name, name_hash, active, last_active) \
             VALUES (1, 'ci:/srv/master', '{}', 0, {})",
            name_hash("ci:/srv/master"),
            T0 - DAY
        ));
        self.sql.push(
            "INSERT INTO workers (id, name, info, paused, graceful) VALUES (1, 'w1', '{}', 0, 0)"
                .into(),
        );
        for (id, name) in [(1, "linux"), (2, "mac"), (3, "win")] {
            self.sql.push(format!(
                "INSERT INTO builders (id, name, name_hash) VALUES ({id}, '{name}', '{}')",
                name_hash(name)
            ));
            self.sql.push(format!(
                "INSERT INTO test_names (id, builderid, name) VALUES ({id}, {id}, 'test_{name}')"
            ));
            self.sql.push(format!(
                "INSERT INTO test_code_paths (id, builderid, path) VALUES ({id}, {id}, 'src/{name}.c')"
            ));
        }
        // Sourcestamps by buildset, for sharing.
        let mut ss_of: Vec<Vec<i64>> = Vec::new();
        let mut first_build: Vec<Option<i64>> = Vec::new();
        let mut links: Vec<String> = Vec::new();
        for i in 0..BUILDSETS {
            let submitted = start + i * DAY / 2;
            let bsid = self.id("buildsets");
            // Sourcestamps: a quarter share the previous buildset's, some
            // have a patch, some a second codebase.
            let mut ss = Vec::new();
            if i % 4 == 1 {
                ss.push(ss_of[(i - 1) as usize][0]);
            } else {
                let patch = if i % 13 == 2 {
                    let pid = self.id("patches");
                    self.insert(
                        "patches",
                        "id, patchlevel, patch_base64, patch_author, patch_comment, subdir",
                        vec![
                            pid.to_string(),
                            "1".into(),
                            sql_text("ZGlmZgo="),
                            sql_text("Ann"),
                            sql_text("a fix"),
                            "NULL".into(),
                        ],
                    );
                    Some(pid)
                } else {
                    None
                };
                ss.push(self.sourcestamp("", i, patch, submitted));
            }
            if i % 19 == 4 {
                ss.push(self.sourcestamp("lib", i, None, submitted));
            }
            // A later buildset reuses an old one's second codebase.
            if i >= 120 && ss_of[(i - 116) as usize].len() > 1 {
                let shared = ss_of[(i - 116) as usize][1];
                ss.push(shared);
            }
            ss_of.push(ss.clone());
            // Changes for some sourcestamps (a change keeps its sourcestamp).
            if i % 6 == 0 {
                let cid = self.id("changes");
                self.sql.push(format!(
                    "INSERT INTO changes (changeid, author, comments, branch, revision, \
                     when_timestamp, repository, codebase, project, sourcestampid) \
                     VALUES ({cid}, 'Ann <ann@example.org>', 'change {cid}', 'main', 'r{i}', \
                     {submitted}, 'https://example.org/repo.git', '', '', {})",
                    ss[0]
                ));
            }
            let builders: Vec<i64> = if i % 5 == 0 {
                vec![3]
            } else if i % 2 == 0 {
                vec![1, 2]
            } else {
                vec![1]
            };
            let incomplete = i % 17 == 5;
            let running_build = i % 23 == 7;
            let pending_request = i % 29 == 3;
            let complete = !incomplete;
            let complete_at = complete.then_some(submitted + 3600);
            self.insert(
                "buildsets",
                "id, external_idstring, reason, submitted_at, complete, complete_at, results",
                vec![
                    bsid.to_string(),
                    "NULL".into(),
                    sql_text(&format!("nightly {i}")),
                    submitted.to_string(),
                    (complete as i64).to_string(),
                    complete_at.map_or("NULL".into(), |t| t.to_string()),
                    if complete { "0".into() } else { "-1".into() },
                ],
            );
            for name in ["scheduler", "owner"] {
                self.sql.push(format!(
                    "INSERT INTO buildset_properties (buildsetid, property_name, property_value) \
                     VALUES ({bsid}, '{name}', '[\"{name}-{i}\", \"Scheduler\"]')"
                ));
            }
            for &ssid in &ss {
                let id = self.id("buildset_sourcestamps");
                self.sql.push(format!(
                    "INSERT INTO buildset_sourcestamps (id, buildsetid, sourcestampid) \
                     VALUES ({id}, {bsid}, {ssid})"
                ));
            }
            // Parent and rebuilt links to older buildsets' builds, set once
            // the builds exist.
            if i % 9 == 4
                && i >= 10
                && let Some(parent) = first_build[(i - 10) as usize]
            {
                links.push(format!(
                    "UPDATE buildsets SET parent_buildid = {parent}, \
                     parent_relationship = 'triggered' WHERE id = {bsid}"
                ));
            }
            if i % 14 == 6
                && i >= 20
                && let Some(rebuilt) = first_build[(i - 20) as usize]
            {
                links.push(format!(
                    "UPDATE buildsets SET rebuilt_buildid = {rebuilt} WHERE id = {bsid}"
                ));
            }
            let mut first = None;
            let mut finished = complete;
            for (n, &builderid) in builders.iter().enumerate() {
                let brid = self.id("buildrequests");
                let request_complete = complete && !(pending_request && n == 0);
                finished &= request_complete;
                self.insert(
                    "buildrequests",
                    "id, buildsetid, builderid, priority, complete, results, submitted_at, \
                     complete_at, waited_for",
                    vec![
                        brid.to_string(),
                        bsid.to_string(),
                        builderid.to_string(),
                        "0".into(),
                        (request_complete as i64).to_string(),
                        if request_complete {
                            "0".into()
                        } else {
                            "-1".into()
                        },
                        submitted.to_string(),
                        if request_complete {
                            (submitted + 3600).to_string()
                        } else {
                            "NULL".into()
                        },
                        "0".into(),
                    ],
                );
                if incomplete && n == 0 {
                    continue; // pending: no claim, no build
                }
                self.sql.push(format!(
                    "INSERT INTO buildrequest_claims (brid, masterid, claimed_at) \
                     VALUES ({brid}, 1, {})",
                    submitted + 60
                ));
                // A retried build two days later, for some.
                let tries = if i % 7 == 0 { 2 } else { 1 };
                for t in 0..tries {
                    let started = submitted + 60 + t * 2 * DAY;
                    let unfinished = (running_build && n == 0 && t == 0) || incomplete;
                    finished &= !unfinished;
                    let buildid = self.build_rows(i, brid, builderid, started, unfinished);
                    first.get_or_insert(buildid);
                }
            }
            first_build.push(first);
            self.buildsets.push(Buildset {
                id: bsid,
                complete,
                complete_at,
                builders,
                finished,
            });
        }
        self.sql.extend(links);
    }

    fn sourcestamp(&mut self, codebase: &str, i: i64, patch: Option<i64>, at: i64) -> i64 {
        let id = self.id("sourcestamps");
        self.insert(
            "sourcestamps",
            "id, ss_hash, branch, revision, patchid, repository, codebase, project, created_at",
            vec![
                id.to_string(),
                sql_text(&format!("{:040x}", id)),
                sql_text("main"),
                sql_text(&format!("r{i}{codebase}")),
                patch.map_or("NULL".into(), |p| p.to_string()),
                sql_text("https://example.org/repo.git"),
                sql_text(codebase),
                sql_text(""),
                at.to_string(),
            ],
        );
        id
    }

    /// A build with three steps, their logs and chunks, properties, data
    /// and (on `win`) test results. Returns its id.
    fn build_rows(
        &mut self,
        i: i64,
        brid: i64,
        builderid: i64,
        started: i64,
        running: bool,
    ) -> i64 {
        let buildid = self.id("builds");
        let number = buildid;
        let complete_at = if running {
            "NULL".to_string()
        } else {
            (started + 1800).to_string()
        };
        self.insert(
            "builds",
            "id, number, builderid, buildrequestid, workerid, masterid, started_at, \
             complete_at, locks_duration_s, state_string, results",
            vec![
                buildid.to_string(),
                number.to_string(),
                builderid.to_string(),
                brid.to_string(),
                "1".into(),
                "1".into(),
                started.to_string(),
                complete_at.clone(),
                "0".into(),
                sql_text("build successful"),
                if running { "NULL".into() } else { "0".into() },
            ],
        );
        for (name, value) in [("buildername", "x"), ("workername", "w1")] {
            self.sql.push(format!(
                "INSERT INTO build_properties (buildid, name, value, source) \
                 VALUES ({buildid}, '{name}', '\"{value}\"', 'Build')"
            ));
        }
        if buildid % 2 == 0 {
            let id = self.id("build_data");
            self.sql.push(format!(
                "INSERT INTO build_data (id, buildid, name, value, length, source) \
                 VALUES ({id}, {buildid}, 'report', 'coverage 81%', 12, 'Step')"
            ));
        }
        for s in 0..3 {
            let stepid = self.id("steps");
            // The last step of some builds never started.
            let step_started = if s == 2 && i % 11 == 0 {
                "NULL".to_string()
            } else {
                (started + 60 * s).to_string()
            };
            self.insert(
                "steps",
                "id, number, name, buildid, started_at, complete_at, state_string, results, \
                 urls_json, hidden",
                vec![
                    stepid.to_string(),
                    s.to_string(),
                    sql_text(&format!("step{s}")),
                    buildid.to_string(),
                    step_started,
                    complete_at.clone(),
                    sql_text("done"),
                    "0".into(),
                    sql_text("[]"),
                    "0".into(),
                ],
            );
            let logs: &[(&str, &str)] = match s {
                0 => &[("stdio", "s")],
                1 => &[("stdio", "s"), ("warnings", "t")],
                _ => &[("report", "h")],
            };
            for &(slug, kind) in logs {
                let logid = self.id("logs");
                // An earlier janitor run: the first buildsets' step-1 logs
                // are marked and empty; one was left with its chunks.
                let janitored = s == 1 && i < 10;
                let kind = if janitored { "d" } else { kind };
                self.insert(
                    "logs",
                    "id, name, slug, stepid, complete, num_lines, type",
                    vec![
                        logid.to_string(),
                        sql_text(slug),
                        sql_text(slug),
                        stepid.to_string(),
                        "1".into(),
                        "9".into(),
                        sql_text(kind),
                    ],
                );
                if janitored && i != 3 {
                    continue;
                }
                for c in 0..1 + logid % 3 {
                    let text =
                        format!("line {c} of log {logid}: ").repeat(1 + (logid % 5) as usize);
                    self.insert(
                        "logchunks",
                        "logid, first_line, last_line, content, compressed",
                        vec![
                            logid.to_string(),
                            (3 * c).to_string(),
                            (3 * c + 2).to_string(),
                            sql_text(&text),
                            (logid % 3).to_string(),
                        ],
                    );
                }
            }
            if builderid == 3 && s == 2 {
                let set = self.id("test_result_sets");
                self.insert(
                    "test_result_sets",
                    "id, builderid, buildid, stepid, description, category, value_unit, \
                     tests_passed, tests_failed, complete",
                    vec![
                        set.to_string(),
                        "3".into(),
                        buildid.to_string(),
                        stepid.to_string(),
                        sql_text("unit tests"),
                        sql_text("pass_fail"),
                        sql_text("boolean"),
                        "3".into(),
                        "0".into(),
                        "1".into(),
                    ],
                );
                for line in 0..3 {
                    let id = self.id("test_results");
                    self.insert(
                        "test_results",
                        "id, builderid, test_result_setid, test_nameid, test_code_pathid, line, \
                         duration_ns, value",
                        vec![
                            id.to_string(),
                            "3".into(),
                            set.to_string(),
                            "3".into(),
                            "3".into(),
                            line.to_string(),
                            "1000".into(),
                            sql_text("1"),
                        ],
                    );
                }
            }
        }
        buildid
    }

    /// Load the history into `env`'s database.
    fn load(&self, env: &Env) {
        let mut script = self.sql.join(";\n");
        script.push(';');
        env.exec(&script);
    }

    /// The buildsets `prune builds` deletes at `horizon`, as CLI.md
    /// defines them, computed from what the fixture holds.
    fn doomed(&self, horizon: i64, builders: Option<&[i64]>, keep_last: Option<usize>) -> Vec<i64> {
        let mut kept = BTreeSet::new();
        if let Some(n) = keep_last {
            for builder in 1..=3 {
                let mut on: Vec<i64> = self
                    .buildsets
                    .iter()
                    .filter(|b| b.complete && b.builders.contains(&builder))
                    .map(|b| b.id)
                    .collect();
                on.sort_unstable_by(|a, b| b.cmp(a));
                kept.extend(on.into_iter().take(n));
            }
        }
        self.buildsets
            .iter()
            .filter(|b| b.complete && b.complete_at.is_some_and(|t| t < horizon) && b.finished)
            .filter(|b| builders.is_none_or(|on| b.builders.iter().all(|x| on.contains(x))))
            .filter(|b| !kept.contains(&b.id))
            .map(|b| b.id)
            .collect()
    }
}

/// Every table bb or Buildbot could touch, with the columns to compare
/// (contents by their length: the engines hand blobs back differently),
/// in an order that sorts rows the same on every engine.
const TABLES: &[(&str, &str)] = &[
    ("masters", "id, name, active, last_active"),
    ("workers", "id, name"),
    ("builders", "id, name"),
    ("patches", "id, patchlevel, patch_base64"),
    ("sourcestamps", "id, ss_hash, revision, patchid, codebase"),
    ("changes", "changeid, revision, sourcestampid"),
    (
        "buildsets",
        "id, reason, submitted_at, complete, complete_at, results, parent_buildid, \
         parent_relationship, rebuilt_buildid",
    ),
    (
        "buildset_properties",
        "buildsetid, property_name, property_value",
    ),
    ("buildset_sourcestamps", "id, buildsetid, sourcestampid"),
    (
        "buildrequests",
        "id, buildsetid, builderid, complete, results, submitted_at, complete_at",
    ),
    ("buildrequest_claims", "brid, masterid, claimed_at"),
    (
        "builds",
        "id, number, builderid, buildrequestid, started_at, complete_at, results",
    ),
    ("build_properties", "buildid, name, value, source"),
    ("build_data", "id, buildid, name, length(value), length"),
    ("steps", "id, number, buildid, started_at, complete_at"),
    ("logs", "id, slug, stepid, complete, num_lines, type"),
    (
        "logchunks",
        "logid, first_line, last_line, length(content), compressed",
    ),
    ("test_result_sets", "id, buildid, stepid, tests_passed"),
    ("test_results", "id, test_result_setid, line, value"),
    ("test_names", "id, builderid, name"),
    ("test_code_paths", "id, builderid, path"),
];

/// Every table's rows, comparable across engines.
fn contents(env: &Env) -> BTreeMap<&'static str, Value> {
    TABLES
        .iter()
        .map(|(table, columns)| {
            let n = columns.split(", ").count();
            let order: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
            let sql = format!(
                "SELECT {columns} FROM {table} ORDER BY {}",
                order.join(", ")
            );
            (*table, env.rows(&sql))
        })
        .collect()
}

/// What differs between two databases' contents, table by table (for a
/// readable failure).
fn assert_same(got: &Env, want: &Env, what: &str) {
    let (got, want) = (contents(got), contents(want));
    for (table, rows) in &want {
        assert_eq!(&got[table], rows, "{what}: table {table} differs");
    }
}

/// Nothing refers to a row that is gone, and every log without chunks is
/// marked deleted: what must hold at every commit.
fn assert_consistent(env: &Env, when: &str) {
    const REFERENCES: &[(&str, &str, &str, &str)] = &[
        ("logchunks", "logid", "logs", "id"),
        ("logs", "stepid", "steps", "id"),
        ("steps", "buildid", "builds", "id"),
        ("build_properties", "buildid", "builds", "id"),
        ("build_data", "buildid", "builds", "id"),
        ("test_result_sets", "buildid", "builds", "id"),
        ("test_result_sets", "stepid", "steps", "id"),
        (
            "test_results",
            "test_result_setid",
            "test_result_sets",
            "id",
        ),
        ("builds", "buildrequestid", "buildrequests", "id"),
        ("buildrequest_claims", "brid", "buildrequests", "id"),
        ("buildrequests", "buildsetid", "buildsets", "id"),
        ("buildset_properties", "buildsetid", "buildsets", "id"),
        ("buildset_sourcestamps", "buildsetid", "buildsets", "id"),
        (
            "buildset_sourcestamps",
            "sourcestampid",
            "sourcestamps",
            "id",
        ),
        ("buildsets", "parent_buildid", "builds", "id"),
        ("buildsets", "rebuilt_buildid", "builds", "id"),
        ("sourcestamps", "patchid", "patches", "id"),
        ("changes", "sourcestampid", "sourcestamps", "id"),
    ];
    for (child, column, parent, key) in REFERENCES {
        let dangling = env.int(&format!(
            "SELECT COUNT(*) FROM {child} WHERE {column} IS NOT NULL \
             AND {column} NOT IN (SELECT {key} FROM {parent})"
        ));
        assert_eq!(
            dangling, 0,
            "{when}: {child}.{column} refers to deleted {parent}"
        );
    }
    let unmarked = env.int(
        "SELECT COUNT(*) FROM logs WHERE type <> 'd' \
         AND id NOT IN (SELECT logid FROM logchunks)",
    );
    assert_eq!(
        unmarked, 0,
        "{when}: a log without chunks is not marked 'd'"
    );
}

/// A database `bb db init` made on `fresh` (an engine, or MariaDB with
/// MyISAM tables), holding the history.
fn with_history(fresh: impl Into<Fresh>, history: &History) -> Env {
    let env = initialised_by_bb(fresh);
    history.load(&env);
    env
}

// --- Buildbot's janitor, exactly ---------------------------------------------

/// `prune logs` and `prune build-data` leave the database row for row as
/// Buildbot 4.3's `deleteOldLogChunks` and `deleteOldBuildData` do, run on
/// a copy: with small batches, on a history whose step ids and start times
/// disagree near the horizon, with logs an earlier janitor run marked.
fn prune_logs_and_build_data_are_buildbots_janitor(engine: Fresh) {
    let history = History::new();
    let horizon = T0 - 30 * DAY;
    let ours = with_history(engine, &history);
    let theirs = with_history(engine, &history);
    const BYTES: &str = "SELECT COALESCE(SUM(length(content)), 0) FROM logchunks";
    let all_bytes = ours.int(BYTES);

    let logs = ours.json(&[
        "prune",
        "logs",
        "--older-than",
        "30d",
        "--at",
        &T0.to_string(),
        "--batch",
        "40",
    ]);
    let data = ours.json(&[
        "prune",
        "build-data",
        "--older-than",
        "30d",
        "--at",
        &T0.to_string(),
        "--batch",
        "5",
    ]);
    let janitor = buildbot(
        &theirs,
        &[
            json!(["logs.deleteOldLogChunks", {"older_than_timestamp": horizon}]),
            json!(["build_data.deleteOldBuildData", {"older_than_timestamp": horizon}]),
        ],
    );
    assert_same(&ours, &theirs, "after bb prune / Buildbot's janitor");
    assert_eq!(logs["horizon"], horizon);
    assert_eq!(logs["dry_run"], false);
    assert_eq!(logs["deleted"]["logchunks"], janitor[0], "chunks deleted");
    assert_eq!(
        data["deleted"]["build_data"], janitor[1],
        "build data deleted"
    );
    assert!(logs["logs_marked"].as_i64().unwrap() > 0, "{logs}");
    // At most --batch rows deleted per transaction: as many transactions
    // as that takes at least (marks are not counted in a batch).
    for (done, batch) in [(&logs, 40), (&data, 5)] {
        let deleted: i64 = done["deleted"]
            .as_object()
            .unwrap()
            .values()
            .map(|n| n.as_i64().unwrap())
            .sum();
        let batches = done["batches"].as_i64().unwrap();
        assert!(deleted > 2 * batch, "more than two batches' worth: {done}");
        assert!(
            batches * batch >= deleted,
            "at most {batch} rows deleted per transaction: {done}"
        );
    }
    assert_eq!(
        logs["log_bytes"].as_i64().unwrap(),
        all_bytes - ours.int(BYTES),
        "{logs}"
    );
    assert_consistent(&ours, "after prune logs");

    // Run again: nothing more goes, as with the janitor.
    let again = ours.json(&[
        "prune",
        "logs",
        "--older-than",
        "30d",
        "--at",
        &T0.to_string(),
    ]);
    assert_eq!(again["deleted"], json!({}), "{again}");
    assert_eq!(again["logs_marked"], 0);
}

engines!(myisam: prune_logs_and_build_data_are_buildbots_janitor);

// --- prune builds: whole history -----------------------------------------------

/// What deleting `doomed` buildsets does on PostgreSQL under Buildbot's
/// `ON DELETE` rules, then the sourcestamps they referred to that nothing
/// refers to any more, and those sourcestamps' patches.
fn delete_as_postgresql_would(env: &Env, doomed: &[i64]) {
    assert_eq!(env.engine, Engine::Postgresql);
    if doomed.is_empty() {
        return;
    }
    let ids = doomed
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    env.exec(&format!(
        "CREATE TEMPORARY TABLE gone AS SELECT DISTINCT s.id, s.patchid FROM sourcestamps s \
             JOIN buildset_sourcestamps l ON l.sourcestampid = s.id WHERE l.buildsetid IN ({ids}); \
         DELETE FROM buildsets WHERE id IN ({ids}); \
         DELETE FROM sourcestamps WHERE id IN (SELECT id FROM gone) \
             AND id NOT IN (SELECT sourcestampid FROM buildset_sourcestamps) \
             AND id NOT IN (SELECT sourcestampid FROM changes); \
         DELETE FROM patches WHERE id IN (SELECT patchid FROM gone) \
             AND id NOT IN (SELECT patchid FROM sourcestamps WHERE patchid IS NOT NULL);"
    ));
}

/// `prune builds`, with and without `--builder` and `--keep-last`, leaves
/// the database as deleting the same buildsets on PostgreSQL with
/// Buildbot's foreign keys does; `--dry-run` counts exactly what the run
/// then deletes and writes nothing; a second run deletes nothing.
fn prune_builds_is_deleting_buildsets_with_buildbots_foreign_keys(engine: Fresh) {
    let history = History::new();
    let at = T0.to_string();
    // The horizon falls exactly on a buildset's completion: it stays.
    let boundary = history.buildsets[120].complete_at.unwrap();
    let boundary_at = (boundary + 30 * DAY).to_string();
    let scenarios: Vec<(Vec<&str>, Vec<i64>)> = vec![
        (
            vec![
                "--older-than",
                "30d",
                "--at",
                &boundary_at,
                "--batch",
                "150",
            ],
            history.doomed(boundary, None, None),
        ),
        (
            vec![
                "--older-than",
                "30d",
                "--at",
                &at,
                "--builder",
                "linux",
                "--builder",
                "2",
            ],
            history.doomed(T0 - 30 * DAY, Some(&[1, 2]), None),
        ),
        (
            vec![
                "--older-than",
                "1d",
                "--at",
                &at,
                "--keep-last",
                "40",
                "--batch",
                "700",
            ],
            history.doomed(T0 - DAY, None, Some(40)),
        ),
    ];
    for (args, doomed) in scenarios {
        assert!(
            doomed.len() > 10,
            "the scenario deletes something: {args:?}"
        );
        let ours = with_history(engine, &history);
        let reference = with_history(Engine::Postgresql, &history);
        let before = ours.dump();
        let mut dry = vec!["prune", "builds", "--dry-run"];
        dry.extend(&args);
        let counted = ours.json(&dry);
        assert_eq!(ours.dump(), before, "--dry-run writes nothing: {args:?}");
        let mut run = vec!["prune", "builds"];
        run.extend(&args);
        let done = ours.json(&run);
        delete_as_postgresql_would(&reference, &doomed);
        assert_same(&ours, &reference, &format!("prune builds {args:?}"));
        assert_consistent(&ours, &format!("prune builds {args:?}"));
        assert_eq!(
            done["deleted"]["buildsets"],
            doomed.len(),
            "{args:?}: {done}"
        );
        assert_eq!(
            counted["deleted"], done["deleted"],
            "{args:?}: dry run vs run"
        );
        assert_eq!(counted["log_bytes"], done["log_bytes"], "{args:?}");
        assert_eq!(counted["dry_run"], true);
        assert!(
            done["deleted"]["logchunks"].as_i64().unwrap() > 0
                && done["deleted"]["sourcestamps"].as_i64().unwrap() > 0,
            "{args:?}: {done}"
        );
        // Nothing of an incomplete buildset, no change, no builder goes.
        for (table, column) in [
            ("changes", "changeid"),
            ("builders", "id"),
            ("masters", "id"),
        ] {
            assert_eq!(
                ours.int(&format!("SELECT COUNT({column}) FROM {table}")),
                reference.int(&format!("SELECT COUNT({column}) FROM {table}")),
            );
        }
        let again = ours.json(&run);
        assert_eq!(again["deleted"], json!({}), "a second run: {again}");
    }
}

engines!(myisam: prune_builds_is_deleting_buildsets_with_buildbots_foreign_keys);

// --- stopped at any moment -------------------------------------------------------

/// A prune killed (SIGKILL) at moments spread over its run leaves a
/// consistent database each time, and reruns end where one uninterrupted
/// run ends.
fn prune_killed_at_any_moment_is_consistent_and_a_rerun_finishes_it(engine: Engine) {
    let history = History::new();
    let whole = with_history(engine, &history);
    let killed = with_history(engine, &history);
    let at = T0.to_string();
    for what in ["logs", "builds"] {
        let args = [
            "prune",
            what,
            "--older-than",
            "20d",
            "--at",
            &at,
            "--batch",
            "60",
        ];
        whole.json(&args);
        let mut kills = 0;
        for delay_ms in [40u64, 90, 150, 230, 330, 460, 620, 800] {
            let mut child = Command::new(env!("CARGO_BIN_EXE_bb"))
                .env_remove("BB_DB")
                .env_remove("BB_MASTER")
                .current_dir(killed.dir.path())
                .arg("--db")
                .arg(killed.db_str())
                .args(args)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("start bb prune");
            std::thread::sleep(std::time::Duration::from_millis(delay_ms));
            if child.try_wait().unwrap().is_some() {
                break;
            }
            child.kill().unwrap();
            child.wait().unwrap();
            kills += 1;
            assert_consistent(&killed, &format!("prune {what} killed after {delay_ms} ms"));
        }
        assert!(kills > 0, "prune {what} was killed at least once");
        killed.json(&args);
        assert_same(
            &killed,
            &whole,
            &format!("prune {what} killed {kills} times, then rerun"),
        );
    }
}

engines!(prune_killed_at_any_moment_is_consistent_and_a_rerun_finishes_it);

// --- for people and for cron ---------------------------------------------------

/// Bad input is a usage error before the database is opened; an unknown
/// builder is exit 4; nothing is written.
fn prune_refuses_bad_input_and_writes_nothing(engine: Fresh) {
    let history = History::new();
    let env = with_history(engine, &history);
    let before = env.dump();
    let err = fails(&mut env.bb(&["prune", "logs"]), 2);
    assert!(err.contains("--older-than"), "{err}");
    let err = fails(&mut env.bb(&["prune", "logs", "--older-than", "soon"]), 2);
    assert!(err.contains("soon"), "{err}");
    let err = fails(
        &mut env.bb(&["prune", "logs", "--older-than", "1d", "--batch", "0"]),
        2,
    );
    assert!(err.contains("--batch"), "{err}");
    let err = fails_json(
        &mut env.bb(&[
            "prune",
            "builds",
            "--older-than",
            "1d",
            "--builder",
            "nosuch",
        ]),
        4,
    );
    assert_eq!(err["error"], "not_found", "{err}");
    assert_eq!(env.dump(), before);
}

engines!(myisam: prune_refuses_bad_input_and_writes_nothing);

/// What people see: a table of rows per table, and a summary; with -q
/// nothing on stdout; piped, no progress bar; on a terminal, a bar.
#[test]
fn prune_prints_a_table_for_people_and_a_bar_only_on_a_terminal() {
    let history = History::new();
    let env = with_history(Engine::Sqlite, &history);
    let out = env
        .bb(&[
            "prune",
            "builds",
            "--older-than",
            "30d",
            "--at",
            &T0.to_string(),
            "--dry-run",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stdout.starts_with("table "), "{stdout}");
    assert!(stdout.contains("logchunks"), "{stdout}");
    assert!(stderr.contains("dry run: would delete"), "{stderr}");
    assert!(!stderr.contains("rows/s"), "no bar when piped: {stderr}");

    // A terminal: `script` gives bb one; the bar's line counts rows.
    let line = format!(
        "{} prune logs --older-than 30d --at {T0} --batch 5 --db {}",
        env!("CARGO_BIN_EXE_bb"),
        env.db.display()
    );
    let out = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env("TERM", "xterm")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let seen = String::from_utf8_lossy(&out.stdout);
    assert!(seen.contains("rows"), "a bar on a terminal: {seen}");
    assert!(seen.contains("left"), "time left: {seen}");

    let quiet = env
        .bb(&["prune", "build-data", "--older-than", "30d", "-q"])
        .output()
        .unwrap();
    assert!(
        quiet.status.success() && quiet.stdout.is_empty(),
        "{quiet:?}"
    );
}

// --- db vacuum ---------------------------------------------------------------------

/// `db vacuum` gives the space back (a SQLite file shrinks), says the size
/// before and after, and refuses while a running master uses a database it
/// would block (not PostgreSQL's, which it does not block), unless --force.
fn vacuum_gives_space_back_and_spares_a_running_master(engine: Fresh) {
    let history = History::new();
    let env = with_history(engine, &history);
    env.json(&[
        "prune",
        "builds",
        "--older-than",
        "1d",
        "--at",
        &T0.to_string(),
    ]);
    let now = chrono::Utc::now().timestamp();
    env.exec(&format!(
        "UPDATE masters SET active = 1, last_active = {} WHERE id = 1",
        now - 30
    ));
    let vacuum = ["db", "vacuum"];
    if env.engine == Engine::Postgresql {
        let done = env.json(&vacuum);
        assert!(done["after_bytes"].as_i64().unwrap() > 0, "{done}");
        return;
    }
    let before = env.dump();
    let err = fails_json(&mut env.bb(&vacuum), 3);
    assert_eq!(err["ids"], json!([1]), "{err}");
    assert!(
        err["message"].as_str().unwrap().contains("ci:/srv/master"),
        "{err}"
    );
    assert_eq!(env.dump(), before);
    let done = env.json(&["db", "vacuum", "--force"]);
    let (b, a) = (
        done["before_bytes"].as_i64().unwrap(),
        done["after_bytes"].as_i64().unwrap(),
    );
    assert!(a > 0 && b > 0, "{done}");
    if env.engine == Engine::Sqlite {
        assert!(a < b, "the file shrinks: {done}");
        assert_eq!(a as u64, std::fs::metadata(&env.db).unwrap().len());
    }
    assert_eq!(env.dump(), before, "rows unchanged");
}

engines!(myisam: vacuum_gives_space_back_and_spares_a_running_master);

/// `db vacuum` of a SQLite database on a disk with less free space than
/// the database: exit 1 saying how much is missing, the file untouched.
/// The small disk is a tmpfs mounted in a mount namespace of the test's
/// own (`unshare`), which goes with it.
#[test]
fn vacuum_checks_the_free_disk_first() {
    let env = with_history(Engine::Sqlite, &History::new());
    let size = std::fs::metadata(&env.db).unwrap().len();
    // Room for the database and half of it again: VACUUM needs about its
    // size free.
    let room = (size + size / 2).div_ceil(4096) * 4096;
    let disk = tempfile::tempdir().unwrap();
    let script = format!(
        "set -e; mount -t tmpfs -o size={room} bbtest \"$1\"; \
         cp \"$2\" \"$1/state.sqlite\"; \
         before=$(sha256sum < \"$1/state.sqlite\"); \
         set +e; \"$3\" --db \"$1/state.sqlite\" --json db vacuum --force; code=$?; \
         after=$(sha256sum < \"$1/state.sqlite\"); \
         [ \"$before\" = \"$after\" ] && echo unchanged; echo \"exit $code\""
    );
    let out = Command::new("unshare")
        .args(["--mount", "--map-root-user", "sh", "-c", &script, "sh"])
        .arg(disk.path())
        .arg(&env.db)
        .arg(env!("CARGO_BIN_EXE_bb"))
        .output()
        .expect("run unshare (util-linux)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("exit 1\n"), "{stdout}\n{stderr}");
    assert!(stdout.contains("unchanged\n"), "{stdout}\n{stderr}");
    let error = stderr.lines().next().unwrap_or_default();
    assert!(
        error.starts_with("error: VACUUM of ") && error.contains("missing; nothing was done"),
        "{stderr}"
    );
}
