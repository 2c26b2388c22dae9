//! Test harness: a temporary directory with a database — a SQLite file made
//! from schema.sql, or a PostgreSQL or MariaDB database made by `bb db init`
//! — the bb binary pointed at it, and helpers to look inside that work the
//! same on every engine.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use rusqlite::Connection;
use tempfile::TempDir;

use crate::my::MyDb;
use crate::pg::PgDb;

/// A fixed instant the tests pin `--at` to: 2024-05-01T12:00:00Z.
pub const T0: i64 = 1_714_564_800;

/// The database engine a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgresql,
    /// MariaDB (the tests' private server, [`crate::my`]), InnoDB tables.
    Mysql,
}

/// Runs test functions on every engine, each run with a database of its
/// own: `engines!(name);` above `fn name(env: Env)` (or `fn name(engine:
/// Engine)`, for a test that makes its databases itself) makes the tests
/// `name::sqlite`, `name::postgresql` and `name::mysql`.
///
/// `engines!(myisam: name);` adds `name::mysql_myisam`, run with
/// [`Myisam`] (`fn name(env: Env)`, or a type of the test's own that is
/// `From<Engine>` and `From<Myisam>`), for what must hold without
/// transactions too.
macro_rules! engines {
    (myisam: $($name:ident),+ $(,)?) => {$(
        $crate::support::engines!(@tests $name {
            #[test]
            fn mysql_myisam() {
                super::$name(From::from($crate::support::Myisam));
            }
        });
    )+};
    ($($name:ident),+ $(,)?) => {$(
        $crate::support::engines!(@tests $name {});
    )+};
    (@tests $name:ident { $($more:tt)* }) => {
        mod $name {
            #[test]
            fn sqlite() {
                super::$name(From::from($crate::support::Engine::Sqlite));
            }

            #[test]
            fn postgresql() {
                super::$name(From::from($crate::support::Engine::Postgresql));
            }

            #[test]
            fn mysql() {
                super::$name(From::from($crate::support::Engine::Mysql));
            }

            $($more)*
        }
    };
}
pub(crate) use engines;

/// A temporary directory (bb's working directory) and a database: on
/// SQLite `state.sqlite` in that directory, on PostgreSQL or MySQL a
/// database of the tests' private server ([`crate::pg`], [`crate::my`]),
/// dropped with the `Env`.
pub struct Env {
    pub dir: TempDir,
    /// `state.sqlite` in `dir` (on a server, a file that is never made).
    pub db: PathBuf,
    pub engine: Engine,
    pg: Option<PgDb>,
    my: Option<MyDb>,
    /// On MySQL, the `storage_engine=` of the URL bb is given (`None`:
    /// bb's default, InnoDB).
    my_storage: Option<crate::my::StorageEngine>,
}

impl From<Engine> for Env {
    fn from(engine: Engine) -> Env {
        Env::on(engine)
    }
}

/// MariaDB with MyISAM tables, Buildbot's default there: a database `bb db
/// init` fills, every command given `storage_engine=MyISAM` (an [`Env`]
/// on [`Engine::Mysql`]).
#[derive(Debug, Clone, Copy)]
pub struct Myisam;

impl From<Myisam> for Env {
    fn from(_: Myisam) -> Env {
        Env::mysql(Some(crate::my::StorageEngine::MyIsam))
    }
}

/// Where a test body that makes its databases itself (several, or with
/// rows of its own) runs: an engine, or MariaDB with MyISAM tables
/// ([`Myisam`]). `engines!(myisam: name)` over `fn name(on: On)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum On {
    Engine(Engine),
    Myisam,
}

impl From<Engine> for On {
    fn from(engine: Engine) -> On {
        On::Engine(engine)
    }
}

impl From<Myisam> for On {
    fn from(_: Myisam) -> On {
        On::Myisam
    }
}

/// A fresh database there, as [`Env::on`] or [`Myisam`] make it.
impl From<On> for Env {
    fn from(on: On) -> Env {
        match on {
            On::Engine(engine) => Env::on(engine),
            On::Myisam => Env::from(Myisam),
        }
    }
}

impl On {
    /// The engine: MyISAM tables are [`Engine::Mysql`]'s.
    pub fn engine(self) -> Engine {
        match self {
            On::Engine(engine) => engine,
            On::Myisam => Engine::Mysql,
        }
    }
}

impl Env {
    /// A fresh SQLite database made from schema.sql (without going through bb).
    pub fn new() -> Env {
        let env = Env::empty();
        create_db(&env.db);
        env
    }

    /// A fresh database with Buildbot 4.3's schema and no rows: on SQLite as
    /// [`Env::new`], on PostgreSQL an empty database that `bb db init` fills,
    /// as an operator would.
    pub fn on(engine: Engine) -> Env {
        match engine {
            Engine::Sqlite => Env::new(),
            Engine::Postgresql => {
                let mut env = Env::empty();
                env.engine = engine;
                env.pg = Some(crate::pg::fresh_db());
                run_ok(env.bb(&["db", "init", "--quiet"]));
                env
            }
            Engine::Mysql => Env::mysql(None),
        }
    }

    /// A fresh MariaDB database that `bb db init` filled, with bb given
    /// `storage_engine=ENGINE` in its URL (every command, as an operator's
    /// `db_url` would have it), or none: bb's default, InnoDB.
    pub fn mysql(storage: Option<crate::my::StorageEngine>) -> Env {
        let mut env = Env::empty();
        env.engine = Engine::Mysql;
        env.my = Some(crate::my::fresh_db());
        env.my_storage = storage;
        run_ok(env.bb(&["db", "init", "--quiet"]));
        if let (Some(storage), Some(db)) = (storage, &env.my) {
            let engines = db.sql(
                "SELECT DISTINCT ENGINE FROM information_schema.TABLES \
                 WHERE TABLE_SCHEMA = DATABASE()",
            );
            assert_eq!(engines, storage.name(), "the tables bb db init made");
        }
        env
    }

    /// A fresh MariaDB database made from schema-mysql.sql without bb (as
    /// [`Env::new`] makes SQLite's from schema.sql), its tables in
    /// `storage`; bb is given no `storage_engine=`.
    pub fn mysql_from_schema(storage: crate::my::StorageEngine) -> Env {
        let mut env = Env::empty();
        env.engine = Engine::Mysql;
        let db = crate::my::fresh_db();
        db.load(
            &include_str!("../../schema-mysql.sql")
                .replace(") ENGINE=InnoDB", &format!(") ENGINE={}", storage.name())),
        );
        env.my = Some(db);
        env
    }

    /// A temporary directory with no database in it yet (SQLite).
    pub fn empty() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("state.sqlite");
        Env {
            dir,
            db,
            engine: Engine::Sqlite,
            pg: None,
            my: None,
            my_storage: None,
        }
    }

    /// bb's own master for this database (CLI.md, "This master"): beside
    /// the database file on SQLite, `bb@<nodename>` on a server.
    pub fn own_master(&self) -> String {
        match self.engine {
            Engine::Sqlite => bb_master_name(self.dir.path()),
            Engine::Postgresql | Engine::Mysql => format!("bb@{}", nodename()),
        }
    }

    /// A lion for names that must survive exactly: `🦁` beyond the Basic
    /// Multilingual Plane, except on MySQL, whose Buildbot tables hold
    /// 3-byte utf8 and refuse it (tested there on its own), `♌`.
    pub fn lion(&self) -> &'static str {
        match self.engine {
            Engine::Mysql => "♌",
            _ => "🦁",
        }
    }

    /// Whether the database's tables have transactions: all but MySQL's
    /// MyISAM ones (an `Env` made for [`Myisam`]).
    pub fn transactional(&self) -> bool {
        self.my_storage != Some(crate::my::StorageEngine::MyIsam)
    }

    /// The PostgreSQL database, on that engine.
    pub fn pg(&self) -> Option<&PgDb> {
        self.pg.as_ref()
    }

    /// The MariaDB database, on that engine.
    pub fn my(&self) -> Option<&MyDb> {
        self.my.as_ref()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `bb --db <database> ARGS...`, run in the temporary directory with
    /// no BB_* variables inherited.
    pub fn bb(&self, args: &[&str]) -> Command {
        let mut cmd = bare_bb();
        cmd.current_dir(self.dir.path())
            .arg("--db")
            .arg(self.db_str())
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

    /// A connection to the SQLite database.
    pub fn conn(&self) -> Connection {
        assert_eq!(self.engine, Engine::Sqlite, "conn() is SQLite's");
        Connection::open(&self.db).unwrap()
    }

    /// A connection to the PostgreSQL database, as the superuser over the
    /// socket.
    fn pg_client(&self) -> postgres::Client {
        let db = self.pg.as_ref().expect("a PostgreSQL database");
        postgres::Config::new()
            .host_path(&db.socket_dir)
            .port(db.port)
            .user(crate::pg::SUPERUSER)
            .dbname(&db.dbname)
            .connect(postgres::NoTls)
            .unwrap_or_else(|err| panic!("connect to {}: {err}", db.dbname))
    }

    /// A connection to the MySQL database, as the admin over the socket.
    /// A connection whose string literals read as SQL's standard (and
    /// SQLite's and PostgreSQL's) do: a backslash is a backslash, so that
    /// one fixture's SQL means the same on every engine.
    fn my_conn(&self) -> mysql::Conn {
        use mysql::prelude::Queryable;
        let mut conn = self.my.as_ref().expect("a MySQL database").conn();
        conn.query_drop("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')")
            .unwrap();
        conn
    }

    /// Run SQL statements directly on the database. On PostgreSQL every
    /// id sequence is then set past its table's largest id, as SQLite
    /// picks new ids, so that rows inserted with explicit ids do not collide
    /// with bb's next ones (MySQL's AUTO_INCREMENT does that itself).
    pub fn exec(&self, sql: &str) {
        match self.engine {
            Engine::Sqlite => self.conn().execute_batch(sql).unwrap(),
            Engine::Postgresql => {
                let mut client = self.pg_client();
                client
                    .batch_execute(sql)
                    .unwrap_or_else(|err| panic!("{err:?}\n--- SQL\n{sql}"));
                client.batch_execute(SYNC_SEQUENCES).unwrap();
            }
            Engine::Mysql => {
                use mysql::prelude::Queryable;
                self.my_conn()
                    .query_drop(sql)
                    .unwrap_or_else(|err| panic!("{err:?}\n--- SQL\n{sql}"));
            }
        }
    }

    /// One integer from a query.
    pub fn int(&self, sql: &str) -> i64 {
        self.rows(sql)[0][0]
            .as_i64()
            .unwrap_or_else(|| panic!("not an integer: {sql}"))
    }

    /// Every row of every table, as text: equal dumps mean equal contents
    /// (compared on one engine only; on PostgreSQL rows are in the order
    /// of their text, on MySQL of their primary key).
    pub fn dump(&self) -> String {
        match self.engine {
            Engine::Sqlite => dump(&self.db),
            Engine::Postgresql => {
                let mut client = self.pg_client();
                let tables = client
                    .query(
                        "SELECT tablename::text FROM pg_tables \
                         WHERE schemaname = current_schema() ORDER BY tablename",
                        &[],
                    )
                    .unwrap();
                let mut out = String::new();
                for table in tables {
                    let table: String = table.get(0);
                    out.push_str(&format!("== {table}\n"));
                    for row in client
                        .query(
                            &format!("SELECT t::text FROM \"{table}\" t ORDER BY 1"),
                            &[],
                        )
                        .unwrap()
                    {
                        out.push_str(row.get(0));
                        out.push('\n');
                    }
                }
                out
            }
            Engine::Mysql => my_dump(&mut self.my_conn()),
        }
    }
}

/// Every row of every table of a MySQL database, as text: tables in name
/// order, `== TABLE` then one line a row, cells `|`-separated (`NULL`,
/// numbers bare, text quoted, binary as a list of bytes), rows in primary
/// key order (a table without one: in the order of their text).
fn my_dump(conn: &mut mysql::Conn) -> String {
    use mysql::prelude::Queryable;
    let tables: Vec<String> = conn
        .query(
            "SELECT TABLE_NAME FROM information_schema.TABLES \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' \
             ORDER BY BINARY TABLE_NAME",
        )
        .unwrap();
    let mut out = String::new();
    for table in tables {
        let pk: Vec<String> = conn
            .exec(
                "SELECT COLUMN_NAME FROM information_schema.STATISTICS \
                 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY' \
                 ORDER BY SEQ_IN_INDEX",
                (&table,),
            )
            .unwrap();
        let order = if pk.is_empty() {
            String::new()
        } else {
            let cols: Vec<String> = pk.iter().map(|c| format!("`{c}`")).collect();
            format!(" ORDER BY {}", cols.join(", "))
        };
        let rows = my_query(conn, &format!("SELECT * FROM `{table}`{order}"));
        let mut lines: Vec<String> = rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|cell| match cell {
                        serde_json::Value::Null => "NULL".to_string(),
                        serde_json::Value::String(s) => format!("{s:?}"),
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect();
        if pk.is_empty() {
            lines.sort();
        }
        out.push_str(&format!("== {table}\n"));
        for line in lines {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// The rows of a query on MySQL as JSON cells: integers (and DECIMALs
/// without a fraction, as MySQL's SUM gives) as numbers, floats as
/// numbers, text as strings, binary strings as a list of bytes in text
/// (`[1, 2]`, as on the other engines), NULL as null.
fn my_query(conn: &mut mysql::Conn, sql: &str) -> Vec<Vec<serde_json::Value>> {
    use mysql::consts::ColumnType as T;
    use mysql::prelude::Queryable;
    use serde_json::Value;
    let rows: Vec<mysql::Row> = conn
        .query(sql)
        .unwrap_or_else(|err| panic!("{err:?}\n--- SQL\n{sql}"));
    rows.iter()
        .map(|row| {
            let columns = row.columns_ref();
            (0..row.len())
                .map(|i| {
                    let column = &columns[i];
                    let bytes = match row.as_ref(i).expect("a value") {
                        mysql::Value::NULL => return Value::Null,
                        mysql::Value::Bytes(bytes) => bytes.clone(),
                        // The text protocol sends every value as bytes.
                        other => panic!("rows(): unexpected {other:?}\n{sql}"),
                    };
                    let text = || String::from_utf8_lossy(&bytes).into_owned();
                    match column.column_type() {
                        T::MYSQL_TYPE_TINY
                        | T::MYSQL_TYPE_SHORT
                        | T::MYSQL_TYPE_LONG
                        | T::MYSQL_TYPE_INT24
                        | T::MYSQL_TYPE_LONGLONG
                        | T::MYSQL_TYPE_YEAR => match text().parse::<i64>() {
                            Ok(v) => v.into(),
                            Err(_) => text().parse::<u64>().unwrap().into(),
                        },
                        T::MYSQL_TYPE_DECIMAL | T::MYSQL_TYPE_NEWDECIMAL => {
                            match text().parse::<i64>() {
                                Ok(v) => v.into(),
                                Err(_) => text().parse::<f64>().unwrap().into(),
                            }
                        }
                        T::MYSQL_TYPE_FLOAT | T::MYSQL_TYPE_DOUBLE => {
                            text().parse::<f64>().unwrap().into()
                        }
                        // Character set 63: binary (BLOB, VARBINARY).
                        _ if column.character_set() == 63 => format!("{bytes:?}").into(),
                        _ => text().into(),
                    }
                })
                .collect()
        })
        .collect()
}

/// Sets each id sequence so that its next id is its table's largest + 1.
const SYNC_SEQUENCES: &str = "
DO $$
DECLARE s record;
BEGIN
  FOR s IN
    SELECT d.objid::regclass AS seq, d.refobjid::regclass AS tbl, a.attname AS col,
           q.seqmax AS max
    FROM pg_depend d
    JOIN pg_sequence q ON q.seqrelid = d.objid
    JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
    WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
      AND d.deptype IN ('a', 'i')
  LOOP
    EXECUTE format('SELECT setval(%L, least(coalesce(max(%I), 0) + 1, %s), false) FROM %s',
                   s.seq, s.col, s.max, s.tbl);
  END LOOP;
END $$;
";

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
    /// The rows of a query as a JSON array of arrays: integers (and
    /// PostgreSQL's booleans, as 0 and 1) as numbers, text as strings, NULL as
    /// null, on both engines.
    pub fn rows(&self, sql: &str) -> serde_json::Value {
        match self.engine {
            Engine::Sqlite => sqlite_rows(&self.conn(), sql),
            Engine::Postgresql => pg_rows(&mut self.pg_client(), sql),
            Engine::Mysql => serde_json::Value::Array(
                my_query(&mut self.my_conn(), sql)
                    .into_iter()
                    .map(serde_json::Value::Array)
                    .collect(),
            ),
        }
    }

    /// Insert a master row directly, with its real name_hash.
    pub fn add_master(&self, id: i64, name: &str, active: bool, last_active: i64) {
        self.exec(&format!(
            "INSERT INTO masters (id, name, name_hash, active, last_active) VALUES ({id}, {}, '{}', {}, {last_active})",
            sql_text(name),
            name_hash(name),
            active as i64
        ));
    }

    /// Insert a builder row directly, with its real name_hash.
    pub fn add_builder(&self, id: i64, name: &str) {
        self.exec(&format!(
            "INSERT INTO builders (id, name, name_hash) VALUES ({id}, {}, '{}')",
            sql_text(name),
            name_hash(name)
        ));
    }

    /// The column that orders a table's rows as they were inserted (in a
    /// table that had no updates or deletes): SQLite's `rowid`, PostgreSQL's
    /// `ctid`. MySQL has no row address: `NULL` leaves the order to the
    /// table scan, which in such a table is the order of insertion (InnoDB:
    /// the hidden row id of a table without a primary key; MyISAM: the data
    /// file) unless the query reads an index instead.
    pub fn insert_order(&self) -> &'static str {
        match self.engine {
            Engine::Sqlite => "rowid",
            Engine::Postgresql => "ctid",
            Engine::Mysql => "NULL",
        }
    }

    /// The database as `--db` is given it: the file's path, or on
    /// PostgreSQL a URL as `bb_pw` over the unix socket (a `db_url` form
    /// Buildbot documents; it spares each bb process a password exchange,
    /// which the `postgres` module tests).
    ///
    /// On MySQL, `bb_pw` with its password over the unix socket
    /// (`mysql://bb_pw:PW@localhost/DB?unix_socket=PATH`), plus
    /// `&storage_engine=E` when the `Env` was made with one.
    pub fn db_str(&self) -> String {
        if let Some(db) = &self.my {
            return match self.my_storage {
                Some(e) => format!("{}&storage_engine={}", db.socket_url(), e.name()),
                None => db.socket_url(),
            };
        }
        match &self.pg {
            Some(db) => db.socket_url_as(crate::pg::USER),
            None => self.db.to_str().unwrap().to_string(),
        }
    }

    /// The database as bb names it in what it prints: the path,
    /// `postgresql://USER@SOCKET_DIR:PORT/DBNAME`, or
    /// `mysql://USER@localhost/DBNAME?unix_socket=PATH`.
    pub fn db_name(&self) -> String {
        if let Some(db) = &self.my {
            return db.socket_url_without_password();
        }
        match &self.pg {
            Some(db) => format!(
                "postgresql://{}@{}:{}/{}",
                crate::pg::USER,
                db.socket_dir.display(),
                db.port,
                db.dbname
            ),
            None => self.db_str(),
        }
    }
}

/// `text` as an SQL string literal (both engines' quoting).
pub fn sql_text(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn sqlite_rows(conn: &Connection, sql: &str) -> serde_json::Value {
    use rusqlite::types::ValueRef;
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

fn pg_rows(client: &mut postgres::Client, sql: &str) -> serde_json::Value {
    use postgres::types::Type;
    use serde_json::Value;
    let rows = client
        .query(sql, &[])
        .unwrap_or_else(|err| panic!("{err:?}\n--- SQL\n{sql}"));
    let cells = |row: &postgres::Row| -> Vec<Value> {
        (0..row.len())
            .map(|i| {
                let ty = row.columns()[i].type_().clone();
                match ty {
                    Type::INT2 => row.get::<_, Option<i16>>(i).into(),
                    Type::INT4 => row.get::<_, Option<i32>>(i).into(),
                    Type::INT8 => row.get::<_, Option<i64>>(i).into(),
                    Type::BOOL => row.get::<_, Option<bool>>(i).map(i64::from).into(),
                    Type::FLOAT4 => row.get::<_, Option<f32>>(i).into(),
                    Type::FLOAT8 => row.get::<_, Option<f64>>(i).into(),
                    Type::BYTEA => row
                        .get::<_, Option<Vec<u8>>>(i)
                        .map(|v| format!("{v:?}"))
                        .into(),
                    Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => {
                        row.get::<_, Option<String>>(i).into()
                    }
                    _ => panic!("rows(): cast column {i} ({ty}) to integer or text\n{sql}"),
                }
            })
            .collect()
    };
    Value::Array(rows.iter().map(|row| Value::Array(cells(row))).collect())
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

/// One HTTP request a test's stand-in server received.
#[derive(Debug, Clone)]
pub struct HttpRequest {
    pub method: String,
    pub path: String,
    /// Header names lower-cased.
    pub headers: std::collections::BTreeMap<String, String>,
    pub body: String,
}

/// Reads one request from `stream`: the request line, the headers and a
/// `Content-Length` body. `None` if the client sent nothing usable within
/// 5 seconds.
pub fn read_http_request(stream: &std::net::TcpStream) -> Option<HttpRequest> {
    use std::io::{BufRead, BufReader, Read};
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .ok()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut words = line.split_whitespace();
    let method = words.next()?.to_string();
    let path = words.next()?.to_string();
    let mut headers = std::collections::BTreeMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
        }
    }
    let length: usize = headers
        .get("content-length")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(HttpRequest {
        method,
        path,
        headers,
        body: String::from_utf8(body).ok()?,
    })
}

/// Runs `cmd` with `input` on its stdin: stdout without its trailing
/// newline, or stderr (and the exit status) when it fails.
pub fn run_with_stdin(cmd: &mut std::process::Command, input: &str) -> Result<String, String> {
    use std::io::Write;
    let mut child = cmd
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|err| format!("{cmd:?} could not run: {err}"))?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = input.to_string();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let out = child
        .wait_with_output()
        .map_err(|err| format!("{cmd:?} could not run: {err}"))?;
    let _ = writer.join();
    if out.status.success() {
        let mut stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        if stdout.ends_with('\n') {
            stdout.pop();
        }
        Ok(stdout)
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stderr),
            if out.status.code().is_some() {
                String::new()
            } else {
                format!("({})", out.status)
            }
        ))
    }
}

/// A stand-in for what else may listen on a port: each connection it
/// takes is handed to `serve` on a thread of its own. Returns the port.
pub fn listener(serve: fn(std::net::TcpStream)) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || serve(stream));
        }
    });
    port
}

/// An empty directory to give bb as `HOME`, so that no option or password
/// file of the machine's (`~/.my.cnf`, `~/.pgpass`) is read.
pub fn empty_home() -> &'static Path {
    static HOME: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    HOME.get_or_init(|| {
        let home = Path::new(env!("CARGO_TARGET_TMPDIR")).join("empty-home");
        std::fs::create_dir_all(&home).unwrap();
        for entry in std::fs::read_dir(&home).unwrap() {
            let path = entry.unwrap().path();
            assert!(
                !path.is_file() || std::fs::remove_file(&path).is_ok(),
                "{} cannot be emptied",
                home.display()
            );
        }
        home
    })
}

/// The variables libpq and the mysql client take what a URL leaves out
/// from.
const CLIENT_VARIABLES: &[&str] = &[
    "PGHOST",
    "PGPORT",
    "PGUSER",
    "PGPASSWORD",
    "PGSSLMODE",
    "PGPASSFILE",
    "PGDATABASE",
    "MYSQL_HOST",
    "MYSQL_TCP_PORT",
    "MYSQL_UNIX_PORT",
    "MYSQL_PWD",
];

/// `bb --db URL ARGS...` with none of [`CLIENT_VARIABLES`] inherited and
/// `HOME` [`empty_home`]: what the URL says, and nothing else.
pub fn bb_on(url: &str, args: &[&str]) -> Command {
    let mut cmd = bare_bb();
    for var in CLIENT_VARIABLES {
        cmd.env_remove(var);
    }
    cmd.env("HOME", empty_home())
        .arg("--db")
        .arg(url)
        .args(args);
    cmd
}

/// [`bb_on`] with `--json`, expecting success; its stdout parsed.
pub fn json_on(url: &str, args: &[&str]) -> serde_json::Value {
    json_of(&mut bb_on(url, args))
}

/// Run `cmd` with `--json`, expecting success; its stdout parsed.
pub fn json_of(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.arg("--json").output().unwrap();
    assert!(
        out.status.success(),
        "failed ({:?}): {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Run `bb --db URL ARGS...` (none of [`CLIENT_VARIABLES`], `HOME`
/// [`empty_home`]), killing it if it runs past
/// `limit` (a hang fails the test rather than the suite): its exit code,
/// stdout and stderr, and how long it ran.
pub fn run_bounded(
    url: &str,
    args: &[&str],
    limit: std::time::Duration,
) -> (i32, String, String, std::time::Duration) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bb"));
    for var in CLIENT_VARIABLES {
        cmd.env_remove(var);
    }
    let mut child = cmd
        .env("HOME", empty_home())
        .arg("--db")
        .arg(url)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("bb {args:?} on {url} still ran after {limit:?}: killed");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = started.elapsed();
    let (mut stdout, mut stderr) = (String::new(), String::new());
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (status.code().unwrap_or(-1), stdout, stderr, took)
}

/// Run the command made by `cmd` twice, as it is and with `--json`, each
/// expected to fail with exit `code` under [`fails`]' and [`fails_json`]'s
/// contract; each time what it printed must contain every string of `says`
/// and none of `never` (a password, say).
pub fn fails_saying(mut cmd: impl FnMut() -> Command, code: i32, says: &[&str], never: &[&str]) {
    for json in [false, true] {
        let out = if json {
            fails_json(&mut cmd(), code).to_string()
        } else {
            fails(&mut cmd(), code)
        };
        for needle in says {
            assert!(out.contains(needle), "{out} lacks {needle}");
        }
        for needle in never {
            assert!(!out.contains(needle), "{out} has {needle}");
        }
    }
}

/// The request ids of a `buildset add --json`'s output, in id order.
pub fn brids_of(added: &serde_json::Value) -> Vec<i64> {
    let mut brids: Vec<i64> = added["brids"]
        .as_object()
        .unwrap_or_else(|| panic!("no brids: {added}"))
        .values()
        .map(|v| v.as_i64().unwrap())
        .collect();
    brids.sort_unstable();
    brids
}

/// [`run_bounded`], expecting exit 1, nothing on stdout and the one line
/// `error: MESSAGE` on stderr; how long bb ran.
pub fn fails_within(
    url: &str,
    args: &[&str],
    limit: std::time::Duration,
    message: &str,
) -> std::time::Duration {
    let (code, stdout, stderr, took) = run_bounded(url, args, limit);
    assert_eq!((code, stdout.as_str()), (1, ""), "{url}: {stderr}");
    assert_eq!(stderr, format!("error: {message}\n"), "{url}");
    took
}

/// A port that takes connections and then says nothing: for each of
/// `modes` (TLS settings), bb on `url(port, mode)` (with
/// `connect_timeout=2`) fails with exit 1 and `no answer from
/// 127.0.0.1:PORT within 2s ...` after two seconds, never later. Returns
/// the port.
pub fn silence_is_bounded_by_connect_timeout(
    modes: &[&str],
    url: impl Fn(u16, &str) -> String,
) -> u16 {
    use std::time::Duration;
    let silent = listener(|stream| {
        std::thread::sleep(Duration::from_secs(120));
        drop(stream);
    });
    for mode in modes {
        let took = fails_within(
            &url(silent, mode),
            &["db", "info"],
            Duration::from_secs(20),
            &format!(
                "no answer from 127.0.0.1:{silent} within 2s (connecting as bb_pw; \
                 connect_timeout in the URL sets how long to wait)"
            ),
        );
        assert!(
            took >= Duration::from_millis(1900) && took < Duration::from_secs(6),
            "{mode}: exited after {took:?}"
        );
    }
    silent
}

/// `bb --db URL --busy-timeout 20s --json ARGS`, started and left running
/// once `waiting()` says it waits for a lock (another session's write, not
/// yet committed): within 15 s, or the test fails.
pub fn bb_waiting(url: &str, args: &[&str], waiting: impl Fn() -> bool) -> std::process::Child {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let child = Command::new(env!("CARGO_BIN_EXE_bb"))
        .args(["--db", url, "--busy-timeout", "20s", "--json"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !waiting() {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "bb never waited for the lock"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

/// bb's outcome: its exit code, stdout, and its JSON error object.
pub fn outcome(child: std::process::Child) -> (Option<i32>, String, serde_json::Value) {
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let error = stderr
        .lines()
        .nth(1)
        .and_then(|line| serde_json::from_str(line).ok())
        .unwrap_or_else(|| panic!("no JSON error on stderr: {stderr}"));
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        error,
    )
}
