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
