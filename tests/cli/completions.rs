//! `bb completions SHELL` and the scripts committed under `completions/`,
//! which must be exactly what the binary generates.

use std::path::PathBuf;

use crate::support::{Env, bare_bb, fails, stdout_of};

/// Each shell and the file its script is committed as.
const SCRIPTS: &[(&str, &str)] = &[
    ("bash", "bb.bash"),
    ("zsh", "_bb"),
    ("fish", "bb.fish"),
    ("elvish", "bb.elv"),
    ("powershell", "_bb.ps1"),
];

fn committed(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("completions")
        .join(file)
}

#[test]
fn committed_completions_match_the_binary() {
    let mut stale = Vec::new();
    for (shell, file) in SCRIPTS {
        let generated = stdout_of(bare_bb().args(["completions", shell]));
        let path = committed(file);
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        if generated != on_disk {
            stale.push(format!(
                "cargo run -q -- completions {shell} > completions/{file}"
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "completions/ is out of date with the command line; regenerate with:\n    {}",
        stale.join("\n    ")
    );
}

/// What bb answers bash at a TAB on the last of `words` (`bb request list
/// --builder ""`), run in `dir` with `BB_DB` as given: the candidates, and
/// what it said on stderr.
fn complete(dir: &std::path::Path, bb_db: Option<&str>, words: &[&str]) -> (Vec<String>, String) {
    let mut cmd = bare_bb();
    cmd.current_dir(dir)
        .env("COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string())
        .arg("--")
        .args(words);
    if let Some(db) = bb_db {
        cmd.env("BB_DB", db);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let candidates = String::from_utf8(out.stdout)
        .unwrap()
        .split('\n')
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect();
    (candidates, String::from_utf8(out.stderr).unwrap())
}

#[test]
fn the_scripts_ask_bb_at_each_tab() {
    let bash = stdout_of(bare_bb().args(["completions", "bash"]));
    assert!(bash.contains("COMPLETE=\"bash\""), "{bash}");
    assert!(bash.contains("-F _clap_complete_bb bb"), "{bash}");
    let fish = stdout_of(bare_bb().args(["completions", "fish"]));
    assert!(
        fish.contains("complete --keep-order --exclusive --command bb"),
        "{fish}"
    );
}

#[test]
fn commands_and_flags_complete_from_the_command_line() {
    let env = Env::empty();
    let (found, _) = complete(env.dir.path(), None, &["bb", "master", "s"]);
    assert_eq!(found, ["show", "sweep"]);
    let (found, _) = complete(env.dir.path(), None, &["bb", "master", "sweep", "--expire"]);
    assert_eq!(found, ["--expire-after"]);
    let (found, _) = complete(env.dir.path(), None, &["bb", "mas"]);
    assert_eq!(found, ["master"]);
}

#[test]
fn names_complete_from_the_database_on_the_command_line() {
    let env = Env::new();
    env.add_builder(1, "linux");
    env.add_builder(2, "linux-arm64");
    env.add_builder(3, "windows");
    env.add_master(1, "ci-1:/srv/buildbot", true, 0);
    let db = env.db_str();
    let dir = env.dir.path();
    // --db on the command line, before or after the command.
    for words in [
        &["bb", "--db", &db, "request", "list", "--builder", ""][..],
        &[
            "bb",
            "request",
            "list",
            &format!("--db={db}"),
            "--builder",
            "lin",
        ],
    ] {
        let (found, err) = complete(dir, None, words);
        let expected: &[&str] = if words.last() == Some(&"") {
            &["linux", "linux-arm64", "windows"]
        } else {
            &["linux", "linux-arm64"]
        };
        assert_eq!(found, expected, "{words:?}");
        assert_eq!(err, "");
    }
    // BB_DB, and ./state.sqlite.
    let (found, _) = complete(dir, Some(&db), &["bb", "buildset", "add", "--builder", "w"]);
    assert_eq!(found, ["windows"]);
    let (found, _) = complete(dir, None, &["bb", "request", "list", "--claimed-by", "ci"]);
    assert_eq!(found, ["ci-1:/srv/buildbot"]);
}

#[test]
fn without_a_readable_database_names_complete_to_nothing_quietly() {
    let env = Env::empty();
    let dir = env.dir.path();
    let (found, err) = complete(
        dir,
        None,
        &[
            "bb",
            "--db",
            "nosuch.sqlite",
            "request",
            "list",
            "--builder",
            "",
        ],
    );
    assert_eq!((found, err.as_str()), (Vec::<String>::new(), ""));
    // Not a database at all.
    std::fs::write(env.path("junk.sqlite"), "not sqlite").unwrap();
    let (found, err) = complete(dir, Some("junk.sqlite"), &["bb", "master", "show", ""]);
    assert!(found.iter().all(|c| c.starts_with('-')), "{found:?}");
    assert_eq!(err, "");
    assert!(!env.db.exists(), "completing created the database");
    assert!(!env.path("nosuch.sqlite").exists());
}

#[test]
fn completions_need_no_database() {
    let env = Env::empty();
    for (shell, _) in SCRIPTS {
        let script = stdout_of(&mut env.bb(&["completions", shell]));
        assert!(!script.is_empty(), "{shell}");
        let script = stdout_of(&mut env.bb_here(&["completions", shell]));
        assert!(!script.is_empty(), "{shell}");
    }
    assert!(!env.db.exists());
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let env = Env::empty();
    let message = fails(&mut env.bb_here(&["completions", "tcsh"]), 2);
    assert!(message.contains("tcsh"), "{message}");
}
