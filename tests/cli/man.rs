//! The documentation generated from the clap definitions, for every command:
//! `bb man [COMMAND...]` (rendered by groff, which is installed with apt
//! when missing), and `--help`.

use std::io::Write;
use std::process::{Command as StdCommand, Stdio};
use std::sync::OnceLock;

use crate::support::{Env, commands, fails, fails_json, stdout_of};

fn have_groff() -> bool {
    StdCommand::new("groff")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success())
}

/// Make sure groff is there: install it with apt when it is missing, and
/// fail (never skip) saying how when that cannot be done.
fn need_groff() {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    let ready = READY.get_or_init(|| {
        if have_groff() {
            return Ok(());
        }
        let installed = StdCommand::new("sh")
            .args([
                "-c",
                "apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
                 apt-get install -y -qq groff-base",
            ])
            .status();
        match installed {
            Ok(status) if status.success() && have_groff() => Ok(()),
            other => Err(format!(
                "groff is needed to render bb's manual pages and could not be installed \
                 ({other:?}); install it (Debian/Ubuntu, as root: apt-get update && \
                 apt-get install -y groff-base) and run the tests again"
            )),
        }
    });
    if let Err(why) = ready {
        panic!("{why}");
    }
}

/// Render a page with groff's man macros as plain text, `width` columns
/// wide, all warnings on. Returns the text (hyphens and minus signs as
/// `-`) and what groff said on stderr.
fn render(roff: &str, width: usize) -> (String, String) {
    let (text, warnings) = render_raw(roff, width);
    (text.replace(['\u{2010}', '\u{2212}'], "-"), warnings)
}

/// [`render`], the text as groff wrote it.
fn render_raw(roff: &str, width: usize) -> (String, String) {
    need_groff();
    let mut child = StdCommand::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-P-cbou"])
        .arg(format!("-rLL={width}n"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(roff.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "groff failed: {out:?}");
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn every_command_has_a_page_that_renders_cleanly_and_names_every_flag() {
    let env = Env::empty();
    for (path, cmd) in commands() {
        let mut args = vec!["man"];
        args.extend(path.iter().map(String::as_str));
        let roff = stdout_of(&mut env.bb(&args));
        let name = std::iter::once("bb")
            .chain(path.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("-");

        let (narrow, warnings) = render_raw(&roff, 80);
        assert_eq!(warnings, "", "bb {args:?}: groff warns at 80 columns");
        assert!(
            !narrow.contains('\u{2010}'),
            "bb {args:?}: words are hyphenated at 80 columns:\n{narrow}"
        );
        // Wide enough that nothing wraps, so no word is hyphenated.
        let (text, warnings) = render(&roff, 1000);
        assert_eq!(warnings, "", "bb {args:?}: groff warns");

        assert!(
            text.lines()
                .next()
                .unwrap()
                .starts_with(&format!("{name}(1)")),
            "bb {args:?}: the page is not {name}(1):\n{text}"
        );
        assert!(
            text.contains(&format!("NAME\n       {name} - ")),
            "bb {args:?}: no NAME line for {name}:\n{text}"
        );
        for arg in cmd.get_arguments().filter(|arg| !arg.is_hide_set()) {
            if let Some(long) = arg.get_long() {
                assert!(
                    text.contains(&format!("--{long}")),
                    "bb {args:?}: the page lacks --{long}:\n{text}"
                );
            }
            if let Some(names) = arg.get_value_names().filter(|_| arg.is_positional()) {
                let name = names.join(" ");
                assert!(
                    text.contains(&format!("<{name}>")) || text.contains(&format!("[{name}]")),
                    "bb {args:?}: the page lacks {name}:\n{text}"
                );
            }
        }
        for sub in cmd.get_subcommands().filter(|sub| sub.get_name() != "help") {
            let page = format!("bb man {} {}", path.join(" "), sub.get_name());
            assert!(
                text.contains(&page.replace("  ", " ")),
                "bb {args:?}: the page does not point to {page}:\n{text}"
            );
        }
    }
    assert!(!env.db.exists(), "bb man created the database");
}

#[test]
fn every_page_carries_the_global_flags() {
    let env = Env::empty();
    let roff = stdout_of(&mut env.bb(&["man", "request", "claim"]));
    let (text, _) = render(&roff, 1000);
    for flag in [
        "--db",
        "--json",
        "--master",
        "--notify",
        "--notify-auth",
        "--quiet",
        "--busy-timeout",
        "--at",
    ] {
        assert!(text.contains(flag), "{flag} missing:\n{text}");
    }
    assert!(
        text.contains("SYNOPSIS\n       bb request claim "),
        "{text}"
    );
}

#[test]
fn an_unknown_command_is_a_usage_error_listing_the_valid_ones() {
    let env = Env::empty();
    let message = fails(&mut env.bb(&["man", "nosuch"]), 2);
    assert!(message.contains("'nosuch'"), "{message}");
    for valid in [
        "db",
        "master",
        "request",
        "changesource",
        "completions",
        "man",
    ] {
        assert!(message.contains(valid), "{valid} not listed: {message}");
    }

    let doc = fails_json(&mut env.bb(&["man", "request", "clam"]), 2);
    let message = doc["message"].as_str().unwrap();
    assert!(message.contains("'clam'"), "{message}");
    for valid in ["show", "list", "claim", "unclaim", "complete"] {
        assert!(message.contains(valid), "{valid} not listed: {message}");
    }

    let message = fails(&mut env.bb(&["man", "request", "claim", "extra"]), 2);
    assert!(message.contains("'extra'"), "{message}");
    assert!(!env.db.exists(), "bb man created the database");
}

/// The argument blocks of a `--help` page: each starts at a line naming
/// a flag or positional and runs to the next.
fn arg_blocks(help: &str) -> Vec<String> {
    let mut blocks: Vec<String> = Vec::new();
    for line in help.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if (2..=6).contains(&indent) && (trimmed.starts_with('-') || trimmed.starts_with('<')) {
            blocks.push(String::new());
        }
        if let Some(block) = blocks.last_mut() {
            block.push_str(line);
            block.push('\n');
        }
    }
    blocks
}

#[test]
fn no_help_shows_a_default_twice() {
    let env = Env::empty();
    for (path, _) in commands() {
        let words: Vec<&str> = path.iter().map(String::as_str).collect();
        // Short help puts an argument on one line; long help spreads it
        // over a block.
        let short = stdout_of(&mut env.bb(&[&words[..], &["-h"]].concat()));
        for line in short.lines() {
            assert!(
                !(line.contains("Default:") && line.contains("[default:")),
                "bb {words:?} -h says its default twice: {line}"
            );
        }
        let long = stdout_of(&mut env.bb(&[&words[..], &["--help"]].concat()));
        for block in arg_blocks(&long) {
            assert!(
                !(block.contains("Default:") && block.contains("[default:")),
                "bb {words:?} --help says its default twice:\n{block}"
            );
        }
    }
    assert!(!env.db.exists());
}

#[test]
fn each_nouns_summary_names_its_verbs() {
    let env = Env::empty();
    let help = stdout_of(&mut env.bb(&["--help"]));
    for (path, cmd) in commands() {
        let [noun] = &path[..] else { continue };
        let verbs: Vec<&str> = cmd
            .get_subcommands()
            .map(|sub| sub.get_name())
            .filter(|name| *name != "help")
            .collect();
        if verbs.is_empty() {
            continue;
        }
        let line = help
            .lines()
            .find(|line| line.split_whitespace().next() == Some(noun.as_str()))
            .unwrap_or_else(|| panic!("bb --help does not list {noun}:\n{help}"));
        for verb in verbs {
            assert!(
                line.split(|c: char| !c.is_alphanumeric() && c != '-')
                    .any(|word| word == verb),
                "bb --help's line for {noun} does not name {verb}: {line}"
            );
        }
    }
    assert!(
        help.contains("  man "),
        "bb --help does not list man:\n{help}"
    );
}

/// The lines of `text`'s section `name`, up to the next section.
fn section<'a>(text: &'a str, name: &str) -> Vec<&'a str> {
    text.lines()
        .skip_while(|line| *line != name)
        .skip(1)
        .take_while(|line| line.is_empty() || line.starts_with(' '))
        .collect()
}

/// The subcommand path `matches` chose: `["request", "claim"]`.
fn chosen(matches: &clap::ArgMatches) -> Vec<String> {
    match matches.subcommand() {
        Some((name, sub)) => std::iter::once(name.to_string())
            .chain(chosen(sub))
            .collect(),
        None => Vec::new(),
    }
}

#[test]
fn every_page_has_exit_status_environment_files_examples_and_see_also() {
    let env = Env::empty();
    for (path, _) in commands() {
        let mut args = vec!["man"];
        args.extend(path.iter().map(String::as_str));
        let (text, _) = render(&stdout_of(&mut env.bb(&args)), 1000);
        for name in [
            "EXIT STATUS",
            "ENVIRONMENT",
            "FILES",
            "EXAMPLES",
            "SEE ALSO",
        ] {
            assert!(
                !section(&text, name).is_empty(),
                "bb {args:?}: no {name} section:\n{text}"
            );
        }
        let exit = section(&text, "EXIT STATUS").join("\n");
        for code in 0..=5 {
            assert!(exit.contains(&format!("       {code}  ")), "{exit}");
        }
        let environment = section(&text, "ENVIRONMENT").join("\n");
        for var in [
            "BB_DB",
            "BB_MASTER",
            "BB_NOTIFY",
            "BB_NOTIFY_AUTH",
            "PGHOST",
            "PGPORT",
            "PGUSER",
            "PGPASSWORD",
            "PGSSLMODE",
            "PGPASSFILE",
            "MYSQL_HOST",
            "MYSQL_TCP_PORT",
            "MYSQL_UNIX_PORT",
            "MYSQL_PWD",
        ] {
            assert!(environment.contains(var), "bb {args:?}: {var} missing");
        }
        let files = section(&text, "FILES").join("\n");
        for file in ["./state.sqlite", "~/.pgpass", "~/.my.cnf", "gitpoller-work"] {
            assert!(files.contains(file), "bb {args:?}: {file} missing");
        }
        assert!(
            section(&text, "SEE ALSO")
                .join("\n")
                .contains("buildbot(1)"),
            "{text}"
        );

        // Every example is a command line of this command (or below it)
        // that parses, so it can be copied as it is.
        let examples: Vec<&str> = section(&text, "EXAMPLES")
            .into_iter()
            .map(str::trim)
            .filter(|line| line.starts_with("bb "))
            .collect();
        assert!(
            !examples.is_empty(),
            "bb {args:?} has no example: add one to EXAMPLES in src/man.rs"
        );
        for example in examples {
            assert!(
                !example.contains(['\'', '"', '|', '$']),
                "{example}: examples are plain words"
            );
            let matches = bb::cli::command()
                .try_get_matches_from(example.split_whitespace())
                .unwrap_or_else(|err| panic!("{example} does not parse: {err}"));
            assert!(
                chosen(&matches).starts_with(&path),
                "bb {args:?}: the example {example} is not of this command"
            );
        }
    }
    assert!(!env.db.exists(), "bb man created the database");
}
