//! The benchmark's smoke run (issue 7): `bench/run --smoke` generates a
//! small database, checks that bb, the sqlite3 shell and Buildbot's own
//! connectors give the same answers for every benchmarked operation, and
//! times each once, so that the generator and the benchmark cannot rot. It
//! never skips: the script installs hyperfine when missing and makes the
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
    let rows: Vec<&str> = stdout.lines().filter(|l| l.starts_with("| ")).collect();
    assert!(
        rows.first().is_some_and(|h| h.contains("bb/sqlite3")
            && h.contains("bb/Buildbot")
            && h.contains("bb peak RSS")),
        "no results table:\n{stdout}"
    );
    for op in OPERATIONS {
        let row = rows
            .iter()
            .find(|r| r.split('|').nth(1).is_some_and(|c| c.trim() == *op))
            .unwrap_or_else(|| panic!("no row for {op:?} in:\n{stdout}"));
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        // | name | bb | sqlite3 | Buildbot | bb/sqlite3 | bb/Buildbot | RSS | CPU bb/sqlite3 |
        assert_eq!(cells.len(), 10, "{row}");
        for cell in &cells[2..5] {
            assert!(cell.ends_with(" ms") || cell.ends_with(" s"), "{row}");
        }
        assert!(cells[7].ends_with(" MiB"), "{row}");
    }
    assert!(
        stdout.contains("request list --unclaimed --builder X --limit 50: "),
        "no small/large comparison:\n{stdout}"
    );
}
