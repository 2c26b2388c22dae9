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

#[test]
fn completions_cover_every_command() {
    let bash = stdout_of(bare_bb().args(["completions", "bash"]));
    for word in [
        "master",
        "builder",
        "db",
        "register",
        "deactivate",
        "sweep",
        "mark-all-stale",
        "--expire-after",
        "--force-housekeeping",
        "--dry-run",
        "--busy-timeout",
        "--json",
    ] {
        assert!(bash.contains(word), "bash completions lack {word}");
    }
    let fish = stdout_of(bare_bb().args(["completions", "fish"]));
    assert!(fish.contains("complete -c bb"), "{fish}");
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
