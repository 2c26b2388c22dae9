//! Transcripts: the README's examples and `tests/transcripts/*.md` are
//! sessions at a shell, checked against the real binary.
//!
//! Each ```console block runs in a new empty directory, its `$ ` lines one
//! after another through bash with the `bb` under test first on PATH; what
//! follows a command, up to the next `$ ` line, is its output (stderr and
//! stdout as they interleave), and `[exit N]` closes the output of a command
//! that fails. Times in the examples are pinned with `--at`, so the outputs
//! are stable. `BB_TRANSCRIPTS=overwrite cargo test transcripts` rewrites
//! the files with what bb prints now (then review the diff).

use std::path::{Path, PathBuf};
use std::process::Command;

/// One command of a block and the output written under it.
struct Step {
    command: String,
    expected: Vec<String>,
}

/// A ```console block: the line range it occupies and its steps.
struct Block {
    /// Index of the first line after the opening fence.
    start: usize,
    /// Index of the closing fence.
    end: usize,
    steps: Vec<Step>,
}

fn blocks(lines: &[&str]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim_end() != "```console" {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut end = start;
        while end < lines.len() && lines[end].trim_end() != "```" {
            end += 1;
        }
        let mut steps: Vec<Step> = Vec::new();
        for line in &lines[start..end] {
            match line.strip_prefix("$ ") {
                Some(command) => steps.push(Step {
                    command: command.to_string(),
                    expected: Vec::new(),
                }),
                None => match steps.last_mut() {
                    Some(step) => step.expected.push(line.to_string()),
                    None => panic!("a console block must start with a `$ ` line: {line:?}"),
                },
            }
        }
        blocks.push(Block { start, end, steps });
        i = end + 1;
    }
    blocks
}

/// Run one command in `dir`: its output lines, with `[exit N]` last if it
/// failed.
fn run(dir: &Path, command: &str) -> Vec<String> {
    let bb = PathBuf::from(env!("CARGO_BIN_EXE_bb"));
    let path = format!(
        "{}:{}",
        bb.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = Command::new("bash");
    cmd.arg("-c")
        .arg(format!("exec 2>&1; {command}"))
        .current_dir(dir)
        .env("PATH", path)
        .env("TZ", "UTC")
        .env_remove("COLUMNS");
    for var in ["BB_DB", "BB_MASTER", "BB_NOTIFY", "BB_NOTIFY_AUTH"] {
        cmd.env_remove(var);
    }
    let out = cmd.output().expect("run bash");
    // `script` (a terminal for width tests) ends lines with CR LF.
    let text = String::from_utf8_lossy(&out.stdout).replace('\r', "");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    match out.status.code() {
        Some(0) => {}
        Some(code) => lines.push(format!("[exit {code}]")),
        None => lines.push("[killed]".to_string()),
    }
    lines
}

/// Check (or, with BB_TRANSCRIPTS=overwrite, rewrite) one transcript file.
fn check(file: &Path) {
    let text = std::fs::read_to_string(file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let found = blocks(&lines);
    assert!(!found.is_empty(), "{} has no console block", file.display());
    let overwrite = std::env::var("BB_TRANSCRIPTS").is_ok_and(|v| v == "overwrite");
    let mut out: Vec<String> = Vec::new();
    let mut next = 0;
    let mut failures = Vec::new();
    for block in &found {
        out.extend(lines[next..block.start].iter().map(|l| l.to_string()));
        let dir = tempfile::tempdir().unwrap();
        for step in &block.steps {
            let actual = run(dir.path(), &step.command);
            if actual != step.expected {
                failures.push(format!(
                    "{}:{}: $ {}\n--- expected\n{}\n--- actual\n{}\n",
                    file.display(),
                    block.start,
                    step.command,
                    step.expected.join("\n"),
                    actual.join("\n")
                ));
            }
            out.push(format!("$ {}", step.command));
            out.extend(actual);
        }
        next = block.end;
    }
    out.extend(lines[next..].iter().map(|l| l.to_string()));
    if overwrite {
        std::fs::write(file, out.join("\n") + "\n").unwrap();
        return;
    }
    assert!(
        failures.is_empty(),
        "transcript differs from what bb prints (BB_TRANSCRIPTS=overwrite rewrites it):\n{}",
        failures.join("\n")
    );
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn readme_examples() {
    check(&root().join("README.md"));
}

#[test]
fn transcripts() {
    let dir = root().join("tests/transcripts");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no transcripts in {}", dir.display());
    for file in files {
        check(&file);
    }
}
