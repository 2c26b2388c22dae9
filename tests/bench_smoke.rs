//! The benchmark's smoke run (issues 7 and 12): `bench/run --smoke`
//! generates a small database, checks on SQLite and on PostgreSQL (the
//! database loaded into the benchmark's own server, bench/pg.py) that bb,
//! the floor (the sqlite3 shell, psql) and Buildbot's own connectors give
//! the same answers for every benchmarked operation -- and on PostgreSQL
//! that psql runs exactly the statements bb runs -- and times each once, so
//! that the generator and the benchmark cannot rot. It never skips: the
//! script installs hyperfine (and PostgreSQL) when missing and makes the
//! Buildbot virtualenv (target/buildbot-venv) as the interop tests do.

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
    // One table per engine: SQLite's, then PostgreSQL's (two more columns:
    // statements, socket writes).
    for (floor, columns) in [("sqlite3", 8), ("psql", 10)] {
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
            if floor == "psql" {
                // bb and psql ran the same statements (bench.py checks it).
                let counts: Vec<&str> = cells[9].split(" / ").collect();
                assert!(counts.len() == 3 && counts[0] == counts[1], "{row}");
            }
        }
    }
    // Issue 12: a claim of 100 requests makes the statements a claim of 1
    // makes.
    let statements = |op: &str| -> String {
        let rows = table(&stdout, "bb/psql");
        let row = rows
            .iter()
            .find(|r| r.split('|').nth(1).is_some_and(|c| c.trim() == op))
            .expect("checked above");
        let cell = row.split('|').nth(9).expect("checked above").trim();
        cell.split(" / ").next().expect("checked above").to_string()
    };
    assert_eq!(
        statements("request claim (1)"),
        statements("request claim (100)"),
        "bb's statements for a claim of 1 and of 100 requests"
    );
    assert!(
        stdout.contains("request list --unclaimed --builder X --limit 50: "),
        "no small/large comparison:\n{stdout}"
    );
    assert!(
        stdout.contains("request list --unclaimed --builder X --limit 50 (postgresql): "),
        "no small/large comparison on PostgreSQL:\n{stdout}"
    );
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
