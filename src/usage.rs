//! Usage errors (exit 2) on one line: what clap refused, keeping what
//! matters of its multi-line message (the missing arguments, the accepted
//! values, its "a similar argument exists" tips), taken from the error's
//! structured context rather than its text.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The one-line message for a command line clap refused, ending with the
/// help to read: `missing --results <RESULTS> (see 'bb buildset complete
/// --help')`.
pub fn message(err: &clap::Error, args: &[OsString]) -> String {
    let mut root = crate::cli::command();
    root.build();
    let (path, cmd) = command_at(&root, args);
    let mut clauses = vec![what(err, cmd)];
    clauses.extend(accepted(err));
    clauses.extend(tips(err));
    // One line, whatever a value parser said.
    let message = clauses.join("; ").lines().collect::<Vec<_>>().join(" ");
    with_help(&message, &path)
}

/// `message (see 'bb request claim --help')`: where to read more, for the
/// command `args` were reaching.
pub fn with_help(message: &str, path: &str) -> String {
    format!("{message} (see '{path} --help')")
}

/// The command line's command (`bb request claim`), as far as it names
/// one: the subcommands in `args`, stepping over flags and their values.
pub fn command_path(args: &[OsString]) -> String {
    let mut root = crate::cli::command();
    root.build();
    command_at(&root, args).0
}

fn command_at<'a>(root: &'a clap::Command, args: &[OsString]) -> (String, &'a clap::Command) {
    let mut cmd = root;
    let mut path = vec![root.get_name().to_string()];
    let mut words = args.iter().skip(1).filter_map(|arg| arg.to_str());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if let Some(long) = word.strip_prefix("--") {
            let takes_value = cmd
                .get_arguments()
                .find(|arg| arg.get_long() == Some(long))
                .is_some_and(|arg| arg.get_action().takes_values());
            if takes_value {
                words.next();
            }
            continue;
        }
        if word.starts_with('-') {
            continue;
        }
        match cmd.find_subcommand(word) {
            Some(sub) if word != "help" => {
                path.push(word.to_string());
                cmd = sub;
            }
            _ => break,
        }
    }
    (path.join(" "), cmd)
}

/// What was wrong, from clap's context where it has one, else clap's own
/// first line.
fn what(err: &clap::Error, cmd: &clap::Command) -> String {
    let string = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => Some(s.as_str()),
        _ => None,
    };
    let arg = string(ContextKind::InvalidArg);
    let value = string(ContextKind::InvalidValue);
    match (err.kind(), arg, value) {
        (ErrorKind::MissingRequiredArgument, _, _) => {
            if let Some(ContextValue::Strings(missing)) = err.get(ContextKind::InvalidArg)
                && !missing.is_empty()
            {
                return format!("missing {}", missing.join(", "));
            }
        }
        (ErrorKind::InvalidValue, Some(arg), Some("")) => {
            return format!("a value is required for '{arg}' but none was supplied");
        }
        (ErrorKind::InvalidValue, Some(arg), Some(value)) => {
            return format!("invalid value '{value}' for '{arg}'");
        }
        (ErrorKind::ValueValidation, Some(arg), Some(value)) => {
            let why = std::error::Error::source(err)
                .map(|source| format!(": {source}"))
                .unwrap_or_default();
            return format!("invalid value '{value}' for '{arg}'{why}");
        }
        (ErrorKind::ArgumentConflict, Some(arg), _) => {
            let prior = match err.get(ContextKind::PriorArg) {
                Some(ContextValue::String(prior)) if prior == arg => {
                    return format!("the argument '{arg}' cannot be used multiple times");
                }
                Some(ContextValue::String(prior)) => format!("'{prior}'"),
                Some(ContextValue::Strings(prior)) => prior
                    .iter()
                    .map(|p| format!("'{p}'"))
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => "one or more of the other arguments given".to_string(),
            };
            return format!("the argument '{arg}' cannot be used with {prior}");
        }
        (ErrorKind::InvalidSubcommand, _, _) => {
            if let Some(word) = string(ContextKind::InvalidSubcommand) {
                let mut message = format!("unrecognized subcommand '{word}'");
                if err.get(ContextKind::SuggestedSubcommand).is_none() {
                    message.push_str(&format!("; commands: {}", subcommands(cmd)));
                }
                return message;
            }
        }
        (ErrorKind::UnknownArgument, Some(arg), _) => {
            return format!("unexpected argument '{arg}' found");
        }
        _ => {}
    }
    let rendered = err.to_string();
    let first = rendered.lines().next().unwrap_or_default();
    first.strip_prefix("error: ").unwrap_or(first).to_string()
}

/// The values an argument accepts, when clap lists them.
fn accepted(err: &clap::Error) -> Option<String> {
    match err.get(ContextKind::ValidValue) {
        Some(ContextValue::Strings(values)) if !values.is_empty() => {
            Some(format!("possible values: {}", values.join(", ")))
        }
        _ => None,
    }
}

/// clap's `tip:` lines: a similar subcommand, argument or value, and its
/// other suggestions.
fn tips(err: &clap::Error) -> Vec<String> {
    let mut tips = Vec::new();
    for (kind, what) in [
        (ContextKind::SuggestedSubcommand, "subcommand"),
        (ContextKind::SuggestedArg, "argument"),
        (ContextKind::SuggestedValue, "value"),
    ] {
        let similar: Vec<&String> = match err.get(kind) {
            Some(ContextValue::String(s)) => vec![s],
            Some(ContextValue::Strings(v)) => v.iter().collect(),
            _ => continue,
        };
        let quoted: Vec<String> = similar.iter().map(|s| format!("'{s}'")).collect();
        tips.push(match quoted.len() {
            0 => continue,
            1 => format!("tip: a similar {what} exists: {}", quoted[0]),
            _ => format!("tip: some similar {what}s exist: {}", quoted.join(", ")),
        });
    }
    if let Some(ContextValue::StyledStrs(suggested)) = err.get(ContextKind::Suggested) {
        tips.extend(suggested.iter().map(|s| format!("tip: {s}")));
    }
    tips
}

/// The subcommands of `cmd`, for an unrecognized one.
fn subcommands(cmd: &clap::Command) -> String {
    cmd.get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .map(|sub| sub.get_name())
        .collect::<Vec<_>>()
        .join(", ")
}
