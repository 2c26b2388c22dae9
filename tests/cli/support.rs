//! Test harness: a temporary directory with a database made from
//! schema.sql, the bb binary pointed at it, and helpers to look inside.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use rusqlite::Connection;
use tempfile::TempDir;

/// A fixed instant the tests pin `--at` to: 2024-05-01T12:00:00Z.
pub const T0: i64 = 1_714_564_800;

/// A temporary directory holding `state.sqlite`.
pub struct Env {
    pub dir: TempDir,
    pub db: PathBuf,
}

impl Env {
    /// A fresh database made from schema.sql (without going through bb).
    pub fn new() -> Env {
        let env = Env::empty();
        let conn = Connection::open(&env.db).unwrap();
        conn.pragma_update(None, "journal_mode", "wal").unwrap();
        conn.execute_batch(include_str!("../../schema.sql"))
            .unwrap();
        env
    }

    /// A temporary directory with no database in it yet.
    pub fn empty() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("state.sqlite");
        Env { dir, db }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `bb --db <state.sqlite> ARGS...`, run in the temporary directory with
    /// no BB_* variables inherited.
    pub fn bb(&self, args: &[&str]) -> Command {
        let mut cmd = bare_bb();
        cmd.current_dir(self.dir.path())
            .arg("--db")
            .arg(&self.db)
            .args(args);
        cmd
    }

    /// `bb ARGS...` run in the temporary directory, no `--db`.
    pub fn bb_here(&self, args: &[&str]) -> Command {
        let mut cmd = bare_bb();
        cmd.current_dir(self.dir.path()).args(args);
        cmd
    }

    /// Run bb with `--json`, expect success, and parse stdout.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.bb(args).arg("--json").output().unwrap();
        assert!(
            out.status.success(),
            "bb {args:?} failed ({:?}): {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|err| {
            panic!(
                "bb {args:?} printed no JSON ({err}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    pub fn conn(&self) -> Connection {
        Connection::open(&self.db).unwrap()
    }

    /// Run SQL statements directly on the database.
    pub fn exec(&self, sql: &str) {
        self.conn().execute_batch(sql).unwrap();
    }

    /// One integer from a query.
    pub fn int(&self, sql: &str) -> i64 {
        self.conn().query_row(sql, [], |row| row.get(0)).unwrap()
    }

    /// Every row of every table, as text: equal dumps mean equal contents.
    pub fn dump(&self) -> String {
        dump(&self.db)
    }
}

/// The bb binary with no BB_* variables inherited.
pub fn bare_bb() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bb"));
    for var in ["BB_DB", "BB_MASTER", "BB_NOTIFY", "BB_NOTIFY_AUTH"] {
        cmd.env_remove(var);
    }
    cmd
}

/// Every row of every table of the database at `path`, as text.
pub fn dump(path: &Path) -> String {
    let conn = Connection::open(path).unwrap();
    let mut out = String::new();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for table in tables {
        out.push_str(&format!("== {table}\n"));
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))
            .unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let cells: Vec<String> = (0..n)
                .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                .collect();
            out.push_str(&cells.join("|"));
            out.push('\n');
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Helpers for the db, master, builder and completions tests.

/// Make a fresh Buildbot 4.3 database (schema.sql, WAL) at `path`, without bb.
pub fn create_db(path: &Path) {
    let conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "journal_mode", "wal").unwrap();
    conn.execute_batch(include_str!("../../schema.sql"))
        .unwrap();
}

/// Buildbot's `hash_columns` of one value: the hex sha1 of its UTF-8, as
/// stored in the `name_hash` columns. Computed here independently of bb.
pub fn name_hash(name: &str) -> String {
    use sha1::{Digest, Sha1};
    Sha1::digest(name.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Buildbot's `hash_columns`, computed here independently of bb: the hex
/// sha1 of the values' UTF-8 joined by NUL bytes, None encoded as 0xF5.
pub fn hash_columns(values: &[Option<&str>]) -> String {
    let mut bytes = Vec::new();
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            bytes.push(0u8);
        }
        match value {
            Some(s) => bytes.extend_from_slice(s.as_bytes()),
            None => bytes.push(0xf5),
        }
    }
    use sha1::{Digest, Sha1};
    Sha1::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// findSourceStampId's `ss_hash` of a sourcestamp without a patch.
pub fn ss_hash(
    branch: Option<&str>,
    revision: Option<&str>,
    repository: &str,
    project: &str,
    codebase: &str,
) -> String {
    hash_columns(&[
        branch,
        revision,
        Some(repository),
        Some(project),
        Some(codebase),
        None,
    ])
}

/// A master as the REST API (and bb's `--json`) shows it.
pub fn master(id: i64, name: &str, active: bool, last_active: i64) -> serde_json::Value {
    serde_json::json!({"masterid": id, "name": name, "active": active, "last_active": last_active})
}

/// bb's own master beside the Buildbot master of `dir`:
/// `bb@<nodename>:<dir>`.
pub fn bb_master_name(dir: &std::path::Path) -> String {
    format!("bb@{}:{}", nodename(), dir.display())
}

/// The node name, as `uname -n` prints it.
pub fn nodename() -> String {
    let out = std::process::Command::new("uname")
        .arg("-n")
        .output()
        .unwrap();
    assert!(out.status.success(), "uname -n failed");
    String::from_utf8(out.stdout)
        .unwrap()
        .trim_end()
        .to_string()
}

/// Run `cmd` expecting exit `code` with nothing on stdout and `lines`
/// lines on stderr, the first starting with `error: `. Returns stderr and
/// that first line without the prefix.
fn failed_with(cmd: &mut Command, code: i32, lines: usize) -> (String, String) {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(code),
        "expected exit {code}; stderr: {stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "stdout should be empty on error, got: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        stderr.lines().count(),
        lines,
        "expected {lines} line(s) on stderr, got: {stderr:?}"
    );
    let message = stderr
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("error: "))
        .unwrap_or_else(|| panic!("stderr does not start with 'error: ': {stderr:?}"))
        .to_string();
    (stderr, message)
}

/// Run `cmd` expecting it to fail with exit `code`, and check the error
/// contract: nothing on stdout, exactly one line on stderr starting with
/// `error: `. Returns that line without the prefix.
pub fn fails(cmd: &mut Command, code: i32) -> String {
    failed_with(cmd, code, 1).1
}

/// Run `cmd` with `--json` appended, expecting exit `code`: nothing on
/// stdout, on stderr an `error: MESSAGE` line then one JSON object whose
/// `message` is that same MESSAGE. Returns the JSON object.
pub fn fails_json(cmd: &mut Command, code: i32) -> serde_json::Value {
    let (stderr, message) = failed_with(cmd.arg("--json"), code, 2);
    let lines: Vec<&str> = stderr.lines().collect();
    let doc: serde_json::Value = serde_json::from_str(lines[1])
        .unwrap_or_else(|err| panic!("second stderr line is not JSON ({err}): {stderr:?}"));
    assert_eq!(
        doc["message"], message,
        "JSON message differs from the text line"
    );
    let kind = doc["error"].as_str().unwrap_or_default();
    let expected_kind = match code {
        1 => "failure",
        2 => "usage",
        3 => "conflict",
        4 => "not_found",
        5 => "busy",
        _ => "?",
    };
    assert_eq!(kind, expected_kind, "error kind for exit {code}: {doc}");
    assert!(
        doc["ids"]
            .as_array()
            .is_some_and(|ids| ids.iter().all(|id| id.is_i64())),
        "ids must be a list of integers: {doc}"
    );
    doc
}

/// Run `cmd`, expecting success: (stdout, stderr).
pub fn run_ok(mut cmd: impl std::borrow::BorrowMut<Command>) -> (String, String) {
    let out = cmd.borrow_mut().output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "failed ({:?}): {stderr}",
        out.status.code()
    );
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

/// The cells of a list table (header first): each column starts where its
/// header word does, so empty cells and cells with spaces are read right.
pub fn table_rows(table: &str) -> Vec<Vec<String>> {
    let mut lines = table.lines();
    let header: Vec<char> = lines.next().unwrap_or_default().chars().collect();
    let starts: Vec<usize> = (0..header.len())
        .filter(|&i| header[i] != ' ' && (i == 0 || header[i - 1] == ' '))
        .collect();
    std::iter::once(header.iter().collect::<String>())
        .chain(lines.map(str::to_string))
        .map(|line| {
            let chars: Vec<char> = line.chars().collect();
            starts
                .iter()
                .enumerate()
                .map(|(n, &start)| {
                    let end = starts
                        .get(n + 1)
                        .copied()
                        .unwrap_or(chars.len())
                        .min(chars.len());
                    chars[start.min(end)..end]
                        .iter()
                        .collect::<String>()
                        .trim()
                        .to_string()
                })
                .collect()
        })
        .collect()
}

/// Run `cmd`, expect success, and return stdout as text (stderr must be empty).
pub fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "failed ({:?}): {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

impl Env {
    /// The rows of a query as a JSON array of arrays (integers, text, null).
    pub fn rows(&self, sql: &str) -> serde_json::Value {
        use rusqlite::types::ValueRef;
        let conn = self.conn();
        let mut stmt = conn.prepare(sql).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        let mut out = Vec::new();
        while let Some(row) = rows.next().unwrap() {
            let cells: Vec<serde_json::Value> = (0..n)
                .map(|i| match row.get_ref(i).unwrap() {
                    ValueRef::Null => serde_json::Value::Null,
                    ValueRef::Integer(v) => v.into(),
                    ValueRef::Real(v) => v.into(),
                    ValueRef::Text(v) => String::from_utf8_lossy(v).into_owned().into(),
                    ValueRef::Blob(v) => format!("{v:?}").into(),
                })
                .collect();
            out.push(serde_json::Value::Array(cells));
        }
        serde_json::Value::Array(out)
    }

    /// Insert a master row directly, with its real name_hash.
    pub fn add_master(&self, id: i64, name: &str, active: bool, last_active: i64) {
        self.conn()
            .execute(
                "INSERT INTO masters (id, name, name_hash, active, last_active) VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![id, name, name_hash(name), active as i64, last_active],
            )
            .unwrap();
    }

    /// Insert a builder row directly, with its real name_hash.
    pub fn add_builder(&self, id: i64, name: &str) {
        self.conn()
            .execute(
                "INSERT INTO builders (id, name, name_hash) VALUES (?1, ?2, ?3)",
                rusqlite::params![id, name, name_hash(name)],
            )
            .unwrap();
    }

    /// The database's path as text (what `--db` was given).
    pub fn db_str(&self) -> String {
        self.db.to_str().unwrap().to_string()
    }
}

/// A builder as `bb builder list --json` shows one with no masters, tags,
/// description or project.
pub fn builder_doc(id: i64, name: &str) -> serde_json::Value {
    serde_json::json!({
        "builderid": id,
        "name": name,
        "masterids": [],
        "description": null,
        "description_format": null,
        "description_html": null,
        "projectid": null,
        "tags": []
    })
}

/// A sourcestamp as the REST API (and Buildbot's getSourceStamp) shows it,
/// without a patch.
pub fn sourcestamp(
    ssid: i64,
    branch: Option<&str>,
    revision: Option<&str>,
    repository: &str,
    project: &str,
    codebase: &str,
    created_at: i64,
) -> serde_json::Value {
    serde_json::json!({
        "ssid": ssid,
        "branch": branch,
        "revision": revision,
        "repository": repository,
        "project": project,
        "codebase": codebase,
        "created_at": created_at,
        "patch": null
    })
}

// --- git repositories ---------------------------------------------------------

pub const ANN: (&str, &str) = ("Ann Author", "ann@example.org");
pub const BOB: (&str, &str) = ("Bob Båtsman", "bob@example.org");
/// The committer of every commit: never the author, so the two cannot be
/// confused.
pub const CARL: (&str, &str) = ("Carl Committer", "carl@example.org");

/// The author time of a repository's first commit; each later commit is
/// 1000 s later, and is committed 30 s after it was authored.
pub const EPOCH: i64 = 1_700_000_000;

pub fn ident((name, email): (&str, &str)) -> String {
    format!("{name} <{email}>")
}

/// A commit made by [`Repo`], with its times.
pub struct Commit {
    pub sha: String,
    pub authored: i64,
    pub committed: i64,
}

/// A non-bare repository in a temporary directory, with branch `main`; git
/// runs without the user's or the system's configuration.
pub struct Repo {
    dir: PathBuf,
    made: std::cell::Cell<i64>,
}

/// Keep git (run by the tests and by bb) away from the configuration of
/// whoever runs the tests.
pub fn hermetic_git(cmd: &mut std::process::Command) -> &mut std::process::Command {
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
}

impl Repo {
    pub fn new(dir: PathBuf) -> Repo {
        std::fs::create_dir_all(&dir).unwrap();
        let repo = Repo {
            dir,
            made: std::cell::Cell::new(0),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    /// The path, as given to `--repourl`.
    pub fn url(&self) -> &str {
        self.dir.to_str().unwrap()
    }

    pub fn cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new("git");
        hermetic_git(&mut cmd)
            .current_dir(&self.dir)
            .env("GIT_AUTHOR_NAME", ANN.0)
            .env("GIT_AUTHOR_EMAIL", ANN.1)
            .env("GIT_COMMITTER_NAME", CARL.0)
            .env("GIT_COMMITTER_EMAIL", CARL.1);
        cmd
    }

    pub fn run(&self, cmd: &mut std::process::Command) -> String {
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{cmd:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    pub fn git(&self, args: &[&str]) -> String {
        self.run(self.cmd().args(args))
    }

    pub fn write(&self, name: &str, content: &str) {
        let path = self.dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }

    /// Run a git command that makes a commit (commit, merge) as `author`,
    /// at the next commit times.
    pub fn dated(&self, author: (&str, &str), args: &[&str]) -> Commit {
        let n = self.made.get();
        self.made.set(n + 1);
        let authored = EPOCH + 1000 * n;
        let committed = authored + 30;
        self.run(
            self.cmd()
                .args(args)
                .env("GIT_AUTHOR_NAME", author.0)
                .env("GIT_AUTHOR_EMAIL", author.1)
                .env("GIT_AUTHOR_DATE", format!("@{authored} +0000"))
                .env("GIT_COMMITTER_DATE", format!("@{committed} +0000")),
        );
        Commit {
            sha: self.git(&["rev-parse", "HEAD"]),
            authored,
            committed,
        }
    }

    /// Commit the whole work tree as `author`.
    pub fn commit_as(&self, author: (&str, &str), message: &str) -> Commit {
        self.git(&["add", "-A"]);
        self.dated(author, &["commit", "-q", "--allow-empty", "-m", message])
    }

    pub fn commit(&self, message: &str) -> Commit {
        self.commit_as(ANN, message)
    }

    /// Write one file and commit it.
    pub fn change(&self, name: &str, content: &str, message: &str) -> Commit {
        self.write(name, content);
        self.commit(message)
    }
}

// --- the command line, as clap defines it ---------------------------------------

/// Every command of bb, as the words that name it (`[]` for bb itself,
/// `["request", "claim"]`, ...) with its clap definition, global flags
/// included; clap's own `help` subcommand left out.
pub fn commands() -> Vec<(Vec<String>, clap::Command)> {
    fn walk(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<(Vec<String>, clap::Command)>) {
        out.push((path.clone(), cmd.clone()));
        for sub in cmd.get_subcommands().filter(|sub| sub.get_name() != "help") {
            let mut words = path.clone();
            words.push(sub.get_name().to_string());
            walk(sub, words, out);
        }
    }
    let mut root = bb::cli::command();
    root.build();
    let mut out = Vec::new();
    walk(&root, Vec::new(), &mut out);
    out
}
