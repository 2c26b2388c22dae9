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
    cmd.env_remove("BB_DB").env_remove("BB_MASTER");
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

/// A git repository in a temporary directory, with commits whose author,
/// committer and times are fixed, so that their shas are reproducible.
pub struct GitRepo {
    pub dir: TempDir,
    /// The committer time of the next commit; each commit adds a minute.
    clock: std::cell::Cell<i64>,
}

impl GitRepo {
    /// A repository whose default branch is `main`, with no commits.
    pub fn new() -> GitRepo {
        let repo = GitRepo {
            dir: TempDir::new().unwrap(),
            clock: std::cell::Cell::new(T0 - 86_400),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    /// The repository's path, as `--repourl` takes it.
    pub fn url(&self) -> String {
        self.dir.path().display().to_string()
    }

    /// Run git in the repository, returning its trimmed output.
    pub fn git(&self, args: &[&str]) -> String {
        let at = format!("@{} +0000", self.clock.get());
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(self.dir.path())
            .env("GIT_AUTHOR_NAME", "Ann Author")
            .env("GIT_AUTHOR_EMAIL", "ann@example.org")
            .env("GIT_COMMITTER_NAME", "Carl Committer")
            .env("GIT_COMMITTER_EMAIL", "carl@example.org")
            .env(
                "GIT_AUTHOR_DATE",
                format!("@{} +0000", self.clock.get() - 3600),
            )
            .env("GIT_COMMITTER_DATE", &at)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", self.dir.path())
            .output()
            .expect("run git");
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Write `files` (path, content) and commit them with `message`;
    /// returns the new commit's sha.
    pub fn commit(&self, message: &str, files: &[(&str, &str)]) -> String {
        for (path, content) in files {
            let path = self.dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, content).unwrap();
        }
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
        self.clock.set(self.clock.get() + 60);
        self.git(&["rev-parse", "HEAD"])
    }

    /// The committer time the last commit got.
    pub fn last_time(&self) -> i64 {
        self.clock.get() - 60
    }
}
