//! `bb man [COMMAND...]`: the manual page (roff) of bb or of one of its
//! commands, generated from the same clap definitions as `--help`.

use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, italic, roman};

use crate::error::{Error, Result};

/// The page of the command at `path` (`[]` for bb(1), `["request",
/// "claim"]` for bb-request-claim(1)), with every flag it takes, global
/// flags included. An unknown command is a usage error naming the valid
/// ones.
pub fn page(path: &[String]) -> Result<String> {
    let mut root = crate::cli::command().disable_help_subcommand(true);
    // Building propagates the global flags down and names each subcommand
    // (`bb-request-claim`, used `bb request claim`).
    root.build();
    let mut cmd = &root;
    for (depth, word) in path.iter().enumerate() {
        cmd = cmd
            .get_subcommands()
            .find(|sub| sub.get_name() == word)
            .ok_or_else(|| unknown(cmd, &path[..depth], word))?;
    }
    let mut out = Vec::new();
    Man::new(cmd.clone())
        .source(format!("bb {}", env!("CARGO_PKG_VERSION")))
        .manual("bb Manual")
        .render(&mut out)?;
    let mut page = String::from_utf8(out).expect("clap_mangen writes UTF-8");
    // No hyphenation: a flag broken across lines (`--no-` / `tify-auth`)
    // cannot be copied from the page.
    if let Some(th) = page.find("\n.TH ") {
        let end = page[th + 1..]
            .find('\n')
            .map_or(page.len(), |i| th + 1 + i + 1);
        page.insert_str(end, ".nh\n");
    }
    // Our sections go before VERSION, after what clap_mangen knows, in
    // man-pages(7)'s order; without the apostrophe preamble, which the
    // page already has.
    let mut ours = Roff::new();
    exit_status(&mut ours);
    environment(&mut ours);
    files(&mut ours);
    examples(&mut ours, path);
    see_also(&mut ours, &root, path);
    let at = page.find("\n.SH VERSION").map_or(page.len(), |i| i + 1);
    page.insert_str(at, &ours.to_roff());
    Ok(page)
}

/// The exit codes of CLI.md, the same for every command.
const EXIT_CODES: &[(&str, &str)] = &[
    ("0", "done"),
    (
        "1",
        "failure: I/O, a database error, a server that cannot be reached or refuses the \
         login, an unsupported or foreign database",
    ),
    (
        "2",
        "usage: bad flags or values (reported before the database is opened)",
    ),
    (
        "3",
        "conflict: already claimed, not claimed, already complete, held by another active \
         master, work of a running master (without --force)",
    ),
    (
        "4",
        "not found: a named id or name does not exist, or the database does not exist",
    ),
    (
        "5",
        "busy: the database stayed locked past --busy-timeout; nothing was written, safe to \
         retry",
    ),
];

/// The environment bb reads, as CLI.md lists it.
const ENVIRONMENT: &[(&str, &str)] = &[
    ("BB_DB", "the database, when --db is not given"),
    (
        "BB_MASTER",
        "the master bb acts as, when --master is not given",
    ),
    (
        "BB_NOTIFY",
        "the web roots of running masters to notify, separated by spaces (--notify)",
    ),
    (
        "BB_NOTIFY_AUTH",
        "USER:PASSWORD for the --notify masters' web UI (--notify-auth)",
    ),
    (
        "PGHOST, PGPORT, PGUSER, PGPASSWORD, PGSSLMODE, PGPASSFILE",
        "what a PostgreSQL URL leaves out, as libpq reads them",
    ),
    (
        "MYSQL_HOST, MYSQL_TCP_PORT, MYSQL_UNIX_PORT, MYSQL_PWD",
        "what a MySQL or MariaDB URL leaves out, as the mysql client reads them",
    ),
];

const FILES: &[(&str, &str)] = &[
    (
        "./state.sqlite",
        "the database when neither --db nor BB_DB names one: an operator standing in the \
         master's base directory",
    ),
    (
        "~/.pgpass",
        "PostgreSQL passwords (PGPASSFILE names another file); ignored when others can read it",
    ),
    (
        "~/.my.cnf",
        "the [client] group's user, password, host, port and socket, for MySQL and MariaDB",
    ),
    (
        "gitpoller-work",
        "changesource poll's git workdir, beside the database (./gitpoller-work on a database \
         server), as GitPoller's",
    ),
];

/// At least one example per command, keyed by the command's path (`""` is
/// bb itself). tests/cli/man.rs checks that every command has one and that
/// each parses.
pub const EXAMPLES: &[(&str, &[(&str, &str)])] = &[
    (
        "",
        &[
            (
                "bb master list",
                "The masters of ./state.sqlite, with their ages.",
            ),
            (
                "bb --db /srv/bb/state.sqlite request list --unclaimed",
                "The build requests that wait for a master, in another master's database.",
            ),
        ],
    ),
    (
        "db",
        &[(
            "bb db info",
            "Which Buildbot release made the database, and its row counts.",
        )],
    ),
    (
        "db init",
        &[(
            "bb --db new.sqlite db init",
            "Create a SQLite database with Buildbot 4.3's schema.",
        )],
    ),
    (
        "db info",
        &[(
            "bb db info --json",
            "The revision, its releases and row counts, for a script.",
        )],
    ),
    (
        "db convert",
        &[(
            "bb --db mysql://buildbot@localhost/buildbot db convert --storage-engine innodb",
            "Convert a MyISAM MySQL database's tables to InnoDB, table by table.",
        )],
    ),
    (
        "db vacuum",
        &[(
            "bb db vacuum",
            "Give back the space pruned rows left, printing the size before and after.",
        )],
    ),
    (
        "prune",
        &[(
            "bb prune logs --older-than 30d",
            "Buildbot's nightly janitor for logs, a batch per transaction beside the running \
             masters.",
        )],
    ),
    (
        "prune logs",
        &[(
            "bb prune logs --older-than 30d --dry-run",
            "What the janitor would delete: log chunks per table, with their bytes.",
        )],
    ),
    (
        "prune build-data",
        &[(
            "bb prune build-data --older-than 14d",
            "Delete the build data of builds that completed more than two weeks ago.",
        )],
    ),
    (
        "prune builds",
        &[(
            "bb prune builds --older-than 90d --keep-last 20 --builder linux",
            "Delete linux's finished buildsets older than 90 days, keeping its last 20.",
        )],
    ),
    (
        "master",
        &[("bb master list --active", "The masters marked active.")],
    ),
    (
        "master list",
        &[(
            "bb master list --order=-last_active --limit 5",
            "The five masters that checked in last.",
        )],
    ),
    (
        "master show",
        &[(
            "bb master show ci-1:/srv/buildbot",
            "One master, every field.",
        )],
    ),
    (
        "master register",
        &[(
            "bb master register ci-2:/srv/buildbot",
            "Find or create a master, inactive if new.",
        )],
    ),
    (
        "master activate",
        &[(
            "bb master activate ci-2:/srv/buildbot",
            "Mark a master active, last seen now.",
        )],
    ),
    (
        "master deactivate",
        &[(
            "bb master deactivate ci-2:/srv/buildbot",
            "Mark a stopped master inactive and release its claims, links and builds.",
        )],
    ),
    (
        "master sweep",
        &[
            (
                "bb master sweep --dry-run",
                "Which masters a sweep would expire, and what it would release.",
            ),
            (
                "bb -q master sweep",
                "From cron: expire the masters silent for 10 minutes.",
            ),
            (
                "bb master sweep --expire-after 2m --notify http://m2:8010/",
                "After a crash, once the master has been silent 2 minutes: release its work and \
                 have m2 build it.",
            ),
        ],
    ),
    (
        "master mark-all-stale",
        &[
            (
                "bb master mark-all-stale --dry-run",
                "How many masters it would mark; refused while a master runs.",
            ),
            (
                "bb master mark-all-stale",
                "In an upgrade script, with every master stopped: let the next sweep housekeep them all.",
            ),
        ],
    ),
    (
        "builder",
        &[(
            "bb builder list",
            "Every builder and the masters serving it.",
        )],
    ),
    (
        "builder list",
        &[(
            "bb builder list --filter name__contains=linux",
            "The builders whose names contain linux.",
        )],
    ),
    (
        "builder register",
        &[(
            "bb builder register linux",
            "Find or create the builder linux.",
        )],
    ),
    (
        "buildset",
        &[(
            "bb buildset list --incomplete",
            "The buildsets not finished yet.",
        )],
    ),
    (
        "buildset add",
        &[(
            "bb buildset add --reason nightly --builder linux",
            "A buildset with a request for the builder linux, on the default sourcestamp.",
        )],
    ),
    (
        "buildset show",
        &[(
            "bb buildset show 7",
            "Buildset 7 with its sourcestamps and properties.",
        )],
    ),
    (
        "buildset list",
        &[(
            "bb buildset list --filter status=failure",
            "The buildsets that failed.",
        )],
    ),
    (
        "buildset recent",
        &[(
            "bb buildset recent --count 5 --branch main",
            "The last five buildsets on main.",
        )],
    ),
    (
        "buildset complete",
        &[(
            "bb buildset complete 7 --results cancelled",
            "Finish buildset 7 as cancelled.",
        )],
    ),
    (
        "buildset properties",
        &[(
            "bb buildset properties 7",
            "Buildset 7's properties and their sources.",
        )],
    ),
    (
        "request",
        &[(
            "bb request list --unclaimed",
            "The requests waiting for a master.",
        )],
    ),
    (
        "request show",
        &[("bb request show 12", "Build request 12, every field.")],
    ),
    (
        "request list",
        &[
            (
                "bb request list --builder linux --incomplete",
                "What is left to build on linux.",
            ),
            (
                "bb request list --filter status=claimed",
                "The requests a master holds.",
            ),
        ],
    ),
    (
        "request cancel",
        &[
            (
                "bb request cancel 12 13",
                "Cancel two waiting requests, as the web UI's cancel button does.",
            ),
            (
                "bb request cancel 14 --reason superseded --notify http://m1:8010/",
                "Ask the master building request 14 to stop its build.",
            ),
        ],
    ),
    (
        "request set-priority",
        &[(
            "bb request set-priority 10 12 13",
            "Have requests 12 and 13 built before those of lower priority.",
        )],
    ),
    (
        "request claim",
        &[(
            "bb request claim 12 13 --master ci-2",
            "Claim two requests as the master ci-2.",
        )],
    ),
    (
        "request unclaim",
        &[
            (
                "bb request unclaim 12 --master ci-2",
                "Release ci-2's claim on request 12 (refused while ci-2 runs).",
            ),
            (
                "bb request unclaim 12 --any-master",
                "Release request 12 whoever holds it, unless its master is running.",
            ),
        ],
    ),
    (
        "request complete",
        &[(
            "bb request complete 12 --results cancelled",
            "Finish request 12 (and its buildset, if last).",
        )],
    ),
    (
        "changesource",
        &[(
            "bb changesource list --active",
            "The change sources a master holds.",
        )],
    ),
    (
        "changesource list",
        &[(
            "bb changesource list --claimed-by ci-1",
            "The change sources ci-1 holds.",
        )],
    ),
    (
        "changesource show",
        &[("bb changesource show 3", "Change source 3 and its master.")],
    ),
    (
        "changesource register",
        &[(
            "bb changesource register app",
            "Find or create the change source app.",
        )],
    ),
    (
        "changesource claim",
        &[(
            "bb changesource claim app --master ci-2",
            "Move the change source app to ci-2.",
        )],
    ),
    (
        "changesource release",
        &[(
            "bb changesource release app",
            "Release the change source app, whoever holds it.",
        )],
    ),
    (
        "changesource poll",
        &[(
            "bb changesource poll app --repourl /srv/git/app.git",
            "Poll a git repository as GitPoller does, adding one change per new commit.",
        )],
    ),
    (
        "change",
        &[(
            "bb change list --order=-changeid --limit 10",
            "The ten latest changes.",
        )],
    ),
    (
        "change list",
        &[(
            "bb change list --filter branch=main --field changeid,author",
            "Who changed main.",
        )],
    ),
    (
        "change show",
        &[(
            "bb change show 42",
            "Change 42 with its files and properties.",
        )],
    ),
    (
        "build",
        &[(
            "bb build list --running",
            "The builds running now, on which master and worker.",
        )],
    ),
    (
        "build list",
        &[
            (
                "bb build list --running",
                "The builds running now, on which master and worker.",
            ),
            (
                "bb build list --builder linux --order=-buildid --limit 10",
                "The last ten builds of linux.",
            ),
        ],
    ),
    (
        "build show",
        &[(
            "bb build show linux/42",
            "Build number 42 of linux, with its properties.",
        )],
    ),
    (
        "worker",
        &[(
            "bb worker list",
            "The workers and where they are connected.",
        )],
    ),
    (
        "worker list",
        &[
            (
                "bb worker list --disconnected",
                "The workers no master has.",
            ),
            (
                "bb worker list --master ci-1",
                "The workers configured on the master ci-1.",
            ),
        ],
    ),
    (
        "queue",
        &[
            (
                "bb queue",
                "What waits on each builder, what runs, and why builds do not start.",
            ),
            (
                "bb queue --check --warn-after 30m --crit-after 2h",
                "A Nagios/Icinga check: OK, WARNING or CRITICAL by the oldest pending request.",
            ),
        ],
    ),
    (
        "metrics",
        &[(
            "bb metrics --db /srv/buildbot/state.sqlite",
            "The queue and masters for node_exporter's textfile collector (write it to a file, then mv).",
        )],
    ),
    (
        "worker show",
        &[("bb worker show w1", "Worker w1, its info and builders.")],
    ),
    (
        "notify",
        &[(
            "bb notify --builder linux --notify http://buildbot.example.org:8010/",
            "Ask that master to look at builder linux now; nothing is written.",
        )],
    ),
    (
        "completions",
        &[(
            "bb completions bash",
            "The bash completion script: source it from ~/.bashrc.",
        )],
    ),
    (
        "man",
        &[(
            "bb man request claim",
            "This page; pipe it to man -l - to read it.",
        )],
    ),
];

fn exit_status(roff: &mut Roff) {
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in EXIT_CODES {
        roff.control("TP", [])
            .text([bold(*code)])
            .text([roman(*meaning)]);
    }
}

fn environment(roff: &mut Roff) {
    roff.control("SH", ["ENVIRONMENT"]);
    for (names, meaning) in ENVIRONMENT {
        roff.control("TP", [])
            .text([bold(*names)])
            .text([roman(*meaning)]);
    }
}

fn files(roff: &mut Roff) {
    roff.control("SH", ["FILES"]);
    for (file, meaning) in FILES {
        roff.control("TP", [])
            .text([italic(*file)])
            .text([roman(*meaning)]);
    }
}

/// The page's examples, each a sentence and its command line unfilled
/// (so that it can be copied whole).
fn examples(roff: &mut Roff, path: &[String]) {
    let key = path.join(" ");
    let Some((_, examples)) = EXAMPLES.iter().find(|(command, _)| *command == key) else {
        return;
    };
    roff.control("SH", ["EXAMPLES"]);
    for (line, what) in *examples {
        roff.control("PP", [])
            .text([roman(*what)])
            .control("RS", ["4"])
            .control("nf", [])
            .text([bold(*line)])
            .control("fi", [])
            .control("RE", []);
    }
}

/// SEE ALSO: the parent's page, the sibling commands' and the
/// subcommands' pages, as `bb man` prints them (they are not installed as
/// files), and buildbot(1).
fn see_also(roff: &mut Roff, root: &clap::Command, path: &[String]) {
    let page = |words: &[&str]| {
        std::iter::once("bb man")
            .chain(words.iter().copied())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let words: Vec<&str> = path.iter().map(String::as_str).collect();
    let mut pages = Vec::new();
    if let Some((_, parent)) = words.split_last() {
        pages.push(page(parent));
        if !parent.is_empty() {
            let mut noun = root;
            for word in parent {
                noun = noun.find_subcommand(word).expect("the path was walked");
            }
            for sibling in visible(noun).filter(|name| Some(name) != words.last()) {
                pages.push(page(&[parent, &[sibling]].concat()));
            }
        }
    }
    let mut cmd = root;
    for word in &words {
        cmd = cmd.find_subcommand(word).expect("the path was walked");
    }
    for sub in visible(cmd) {
        pages.push(page(&[&words[..], &[sub]].concat()));
    }
    roff.control("SH", ["SEE ALSO"]);
    for line in pages {
        roff.text([bold(line)]).control("br", []);
    }
    roff.text([bold("buildbot"), roman("(1)")]);
}

/// The names of `cmd`'s subcommands that have pages.
fn visible(cmd: &clap::Command) -> impl Iterator<Item = &str> {
    cmd.get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .map(|sub| sub.get_name())
}

/// The usage error for a word that names no command under `parent`.
fn unknown(parent: &clap::Command, path: &[String], word: &str) -> Error {
    let parent_name = std::iter::once("bb")
        .chain(path.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ");
    let valid: Vec<&str> = parent
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .map(|sub| sub.get_name())
        .collect();
    let commands = if valid.is_empty() {
        "which has none".to_string()
    } else {
        format!("whose commands are: {}", valid.join(", "))
    };
    Error::usage(format!(
        "no manual page for '{parent_name} {word}': '{word}' is not a command of \
         '{parent_name}', {commands}"
    ))
}
