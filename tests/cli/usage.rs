//! Usage errors (exit 2) for every command, walking clap's definition: one
//! line (two with --json) that names a missing argument, suggests the flag
//! a typo meant, and lists the values an argument accepts, reported before
//! any database is opened.

use assert_cmd::Command;

use crate::support::{Env, commands, fails, fails_json};

/// `bb --db <a path that does not exist> WORDS... ARGS...`.
fn bb(env: &Env, words: &[String], args: &[String]) -> Command {
    let mut cmd = env.bb(&[]);
    cmd.args(words).args(args);
    cmd
}

/// A value the argument accepts: its first possible value, else `1` (an
/// id, a name, a count, a result, a duration and a URL all take it).
fn value_of(arg: &clap::Arg) -> String {
    arg.get_possible_values()
        .first()
        .map(|value| value.get_name().to_string())
        .unwrap_or_else(|| "1".to_string())
}

/// The command-line words that give `arg` a valid value.
fn give(arg: &clap::Arg) -> Vec<String> {
    let value = value_of(arg);
    match arg.get_long() {
        Some(long) => vec![format!("--{long}"), value],
        None => vec![value],
    }
}

/// How clap names an argument in its messages: `--results` or `<BSID>`.
fn named(arg: &clap::Arg) -> String {
    match arg.get_long() {
        Some(long) => format!("--{long}"),
        None => {
            let names = arg.get_value_names().unwrap_or_default();
            match names.first() {
                Some(name) => format!("<{name}>"),
                None => format!("<{}>", arg.get_id().as_str().to_uppercase()),
            }
        }
    }
}

/// Does the argument take a value (as opposed to a switch)?
fn takes_value(arg: &clap::Arg) -> bool {
    arg.get_action().takes_values()
}

/// Check the usage error of `words args`: exit 2, one line (two with
/// --json, the same message), nothing written. Returns the message.
fn usage_error(env: &Env, words: &[String], args: &[String]) -> String {
    let message = fails(&mut bb(env, words, args), 2);
    let doc = fails_json(&mut bb(env, words, args), 2);
    assert_eq!(doc["message"], message.as_str());
    assert!(
        message.contains(&format!("(see 'bb{} --help')", prefixed(words))),
        "bb {words:?} {args:?}: no pointer to its help: {message}"
    );
    assert!(!env.db.exists(), "bb {words:?} {args:?} made the database");
    message
}

fn prefixed(words: &[String]) -> String {
    words.iter().map(|w| format!(" {w}")).collect()
}

/// The commands that run something (no subcommands).
fn leaves() -> Vec<(Vec<String>, clap::Command)> {
    commands()
        .into_iter()
        .filter(|(_, cmd)| !cmd.has_subcommands())
        .collect()
}

#[test]
fn each_missing_required_argument_is_named() {
    let env = Env::empty();
    let mut checked = 0;
    for (words, cmd) in leaves() {
        let required: Vec<&clap::Arg> = cmd
            .get_arguments()
            .filter(|arg| arg.is_required_set())
            .collect();
        assert!(
            cmd.get_groups().all(|group| !group.is_required_set()),
            "bb {words:?} has a required group: cover it here"
        );
        if required.is_empty() {
            continue;
        }
        // All of them given: no usage error (the values above are valid).
        let all: Vec<String> = required.iter().flat_map(|arg| give(arg)).collect();
        let out = bb(&env, &words, &all).output().unwrap();
        assert_ne!(
            out.status.code(),
            Some(2),
            "bb {words:?} {all:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        for left_out in &required {
            // Positionals fill in order: without the first of two
            // (`set-priority PRIORITY BRID...`), the value given is taken
            // as the first, and the last is the one named missing.
            if left_out.is_positional()
                && required
                    .iter()
                    .any(|arg| arg.is_positional() && arg.get_index() > left_out.get_index())
            {
                continue;
            }
            let args: Vec<String> = required
                .iter()
                .filter(|arg| arg.get_id() != left_out.get_id())
                .flat_map(|arg| give(arg))
                .collect();
            let message = usage_error(&env, &words, &args);
            let name = named(left_out);
            assert!(
                message.starts_with("missing ") && message.contains(&name),
                "bb {words:?} {args:?} does not name {name}: {message}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} required arguments found");
    assert!(!env.db.exists());
}

/// `--flag` with one letter dropped, not itself a flag of `cmd`.
fn misspelled(cmd: &clap::Command, long: &str) -> String {
    let chars: Vec<char> = long.chars().collect();
    let mid = chars.len() / 2;
    (0..chars.len())
        .map(|i| (mid + i) % chars.len())
        .map(|drop| {
            let mut typo = chars.clone();
            typo.remove(drop);
            typo.into_iter().collect::<String>()
        })
        .find(|typo| !typo.is_empty() && cmd.get_arguments().all(|a| a.get_long() != Some(typo)))
        .map(|typo| format!("--{typo}"))
        .unwrap_or_else(|| panic!("no misspelling of --{long}"))
}

#[test]
fn a_misspelled_flag_suggests_the_right_one() {
    let env = Env::empty();
    let mut checked = 0;
    for (words, cmd) in commands() {
        for arg in cmd.get_arguments().filter(|arg| !arg.is_hide_set()) {
            let Some(long) = arg.get_long() else { continue };
            let typo = misspelled(&cmd, long);
            let message = usage_error(&env, &words, std::slice::from_ref(&typo));
            assert!(
                message.contains(&format!("unexpected argument '{typo}'")),
                "bb {words:?} {typo}: {message}"
            );
            assert!(
                message.contains(&format!("tip: a similar argument exists: '--{long}'")),
                "bb {words:?} {typo} does not suggest --{long}: {message}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 100, "only {checked} flags found");
}

#[test]
fn a_misspelled_command_suggests_the_right_one() {
    let env = Env::empty();
    for (words, _) in commands() {
        let Some((last, parent)) = words.split_last() else {
            continue;
        };
        if last.len() < 4 {
            continue;
        }
        let mut typo = last.clone();
        typo.remove(last.len() / 2);
        let args = [typo.clone()];
        let message = usage_error(&env, parent, &args);
        assert!(
            message.contains(&format!("unrecognized subcommand '{typo}'; tip: "))
                && message.contains(&format!("'{last}'")),
            "bb {parent:?} {typo}: {message}"
        );
    }
    // No near miss: the commands there are.
    let message = usage_error(&env, &["request".to_string()], &["zzz".to_string()]);
    for verb in ["show", "list", "claim", "unclaim", "complete"] {
        assert!(message.contains(verb), "{verb} not listed: {message}");
    }
}

#[test]
fn a_bad_value_lists_the_accepted_ones() {
    let env = Env::empty();
    let mut checked = 0;
    for (words, cmd) in commands() {
        for arg in cmd.get_arguments().filter(|arg| takes_value(arg)) {
            let possible: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|value| !value.is_hide_set())
                .map(|value| value.get_name().to_string())
                .collect();
            if possible.is_empty() {
                continue;
            }
            let others: Vec<String> = cmd
                .get_arguments()
                .filter(|other| other.is_required_set() && other.get_id() != arg.get_id())
                .flat_map(give)
                .collect();
            let with_value = |value: &str| {
                let mut args = others.clone();
                match arg.get_long() {
                    Some(long) => args.extend([format!("--{long}"), value.to_string()]),
                    None => args.push(value.to_string()),
                }
                args
            };
            let message = usage_error(&env, &words, &with_value("nosuchvalue"));
            assert!(
                message.contains("invalid value 'nosuchvalue'")
                    && message.contains(&format!("possible values: {}", possible.join(", "))),
                "bb {words:?} {}: {message}",
                named(arg)
            );
            for value in &possible {
                let mut typo = value.clone();
                typo.pop();
                let message = usage_error(&env, &words, &with_value(&typo));
                assert!(
                    message.contains("tip: ") && message.contains(&format!("'{value}'")),
                    "bb {words:?} {} {typo}: {message}",
                    named(arg)
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 1, "no argument with possible values found");
}

#[test]
fn conflicting_flags_are_named_on_one_line() {
    let env = Env::empty();
    let words = ["request", "list"].map(String::from);
    let args = ["--claimed", "--unclaimed", "--claimed-by", "m"].map(String::from);
    let message = usage_error(&env, &words, &args);
    assert!(
        message.contains("'--claimed'")
            && message.contains("'--unclaimed'")
            && message.contains("'--claimed-by <MASTER>'"),
        "{message}"
    );
}
