//! The benchmark's smoke run (issues 7, 12 and 18): `bench/run --smoke`
//! generates a small database, checks on SQLite, on PostgreSQL and on
//! MariaDB (the database loaded into the benchmark's own servers,
//! bench/pg.py and bench/my.py) that bb, the floor (the sqlite3 shell,
//! psql, the mariadb client) and Buildbot's own connectors give the same
//! answers for every benchmarked operation -- and on the servers that the
//! floor runs exactly the statements bb runs (pg_stat_statements, the
//! general log) -- and times each once, so that the generator and the
//! benchmark cannot rot. It never skips: the script installs hyperfine
//! (and PostgreSQL, MariaDB) when missing and makes the Buildbot virtualenv
//! (target/buildbot-venv) as the interop tests do.

use std::path::Path;
use std::process::Command;

const OPERATIONS: &[&str] = &[
    "request show",
    "request list --unclaimed --builder X --limit 50",
    "request claim (1)",
    "request claim (100)",
    "request complete",
    "buildset add (1 builder)",
    "buildset add (50 builders)",
    "buildset recent --count 20 --branch B",
    "master sweep (dead master)",
    "changesource claim",
    "build list --running",
    "worker list",
    "queue",
    "metrics",
];

#[test]
fn bench_smoke_run_checks_and_times_every_operation() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(root.join("bench/run"))
        .arg("--smoke")
        .env("BB", env!("CARGO_BIN_EXE_bb"))
        .env_remove("BB_DB")
        .env_remove("BB_MASTER")
        .current_dir(root)
        .output()
        .expect("bench/run could not start (needs bash and python3)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "bench/run --smoke failed ({}):\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        out.status
    );
    // One table per engine: SQLite's, then PostgreSQL's and MariaDB's (two
    // more columns: statements, socket writes or round trips); each ends
    // with the ratio by round and how often bb was faster.
    for (floor, columns) in [("sqlite3", 10), ("psql", 12), ("mariadb", 12)] {
        let rows = table(&stdout, &format!("bb/{floor}"));
        assert!(
            rows.first()
                .is_some_and(|h| h.contains("bb/Buildbot") && h.contains("bb peak RSS")),
            "no results table with bb/{floor}:\n{stdout}"
        );
        for op in OPERATIONS {
            let row = rows
                .iter()
                .find(|r| r.split('|').nth(1).is_some_and(|c| c.trim() == *op))
                .unwrap_or_else(|| panic!("no row for {op:?} in the bb/{floor} table:\n{stdout}"));
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            // | name | bb | floor | Buildbot | bb/floor | bb/Buildbot | RSS | CPU bb/floor | ...
            assert_eq!(cells.len(), columns + 2, "{row}");
            for cell in &cells[2..5] {
                assert!(cell.ends_with(" ms") || cell.ends_with(" s"), "{row}");
            }
            assert!(cells[7].ends_with(" MiB"), "{row}");
            if floor != "sqlite3" {
                // bb and the floor ran the same statements (bench.py checks it).
                let counts: Vec<&str> = cells[9].split(" / ").collect();
                assert!(counts.len() == 3 && counts[0] == counts[1], "{row}");
            }
        }
    }
    // Issues 12 and 18: a claim of 100 requests makes the statements a
    // claim of 1 makes, and a buildset for 50 builders those of one for 1.
    for floor in ["psql", "mariadb"] {
        let statements = |op: &str| -> String {
            let rows = table(&stdout, &format!("bb/{floor}"));
            let row = rows
                .iter()
                .find(|r| r.split('|').nth(1).is_some_and(|c| c.trim() == op))
                .expect("checked above");
            let cell = row.split('|').nth(9).expect("checked above").trim();
            cell.split(" / ").next().expect("checked above").to_string()
        };
        for (one, many) in [
            ("request claim (1)", "request claim (100)"),
            ("buildset add (1 builder)", "buildset add (50 builders)"),
        ] {
            assert_eq!(
                statements(one),
                statements(many),
                "bb's statements on the {floor} side for {one} and {many}"
            );
        }
    }
    assert!(
        stdout.contains("request list --unclaimed --builder X --limit 50: "),
        "no small/large comparison:\n{stdout}"
    );
    for engine in ["postgresql", "mysql"] {
        assert!(
            stdout.contains(&format!(
                "request list --unclaimed --builder X --limit 50 ({engine}): "
            )),
            "no small/large comparison on {engine}:\n{stdout}"
        );
    }
}

/// The rows (header first) of the table whose header has `column`.
fn table<'a>(stdout: &'a str, column: &str) -> Vec<&'a str> {
    let lines: Vec<&str> = stdout.lines().collect();
    let Some(start) = lines
        .iter()
        .position(|l| l.starts_with("| ") && l.split('|').any(|c| c.trim() == column))
    else {
        return Vec::new();
    };
    lines[start..]
        .iter()
        .take_while(|l| l.starts_with('|'))
        .filter(|l| l.starts_with("| "))
        .copied()
        .collect()
}
