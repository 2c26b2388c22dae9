//! bb: administer a Buildbot master database. `run` opens the database,
//! dispatches the command, prints its result and maps failures to exit codes.

pub mod cli;
mod commands;
pub mod db;
pub mod deliver;
pub mod error;
pub mod git;
pub mod http;
mod man;
pub mod notify;
pub mod output;
mod usage;
pub mod values;

use std::ffi::OsString;
use std::io::{self, Write};
use std::process::ExitCode;

use error::Error;

/// Run a parsed command line to completion.
pub fn run(cli: cli::Cli) -> ExitCode {
    let report = match commands::execute(&cli) {
        Ok(report) => report,
        // A monitoring plugin says what went wrong in its status line.
        Err(err) if cli.is_check() => commands::queue::unknown(&err.message),
        Err(err) => return fail(&err, cli.json),
    };
    // One write for the whole document, not one per line (stdout is
    // line-buffered); emit flushes it.
    match output::emit(
        &report,
        &cli.style(),
        &mut io::BufWriter::new(io::stdout().lock()),
        &mut io::stderr().lock(),
    ) {
        Ok(()) => ExitCode::from(report.code),
        // `bb master list | head -1`: the reader has what it wanted.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => fail(
            &Error::failure(format!("cannot write output: {err}")),
            cli.json,
        ),
    }
}

/// Report a command line clap refused: help and version are printed as
/// asked; anything else is a one-line usage error (exit 2).
pub fn usage_error(err: clap::Error, args: &[OsString]) -> ExitCode {
    use clap::error::ErrorKind::{
        DisplayHelp, DisplayHelpOnMissingArgumentOrSubcommand, DisplayVersion,
    };
    if matches!(
        err.kind(),
        DisplayHelp | DisplayVersion | DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = err.print();
        return ExitCode::from(err.exit_code() as u8);
    }
    let json = args.iter().any(|a| a == "--json");
    if is_check(args) {
        let report = commands::queue::unknown(&usage::message(&err, args));
        let _ = io::stdout()
            .lock()
            .write_all(report.raw.unwrap_or_default().as_bytes());
        return ExitCode::from(report.code);
    }
    let message = match secret_value_error(&err) {
        Some(message) => usage::with_help(&message, &usage::command_path(args)),
        None => usage::message(&err, args),
    };
    fail(&Error::usage(message), json)
}

/// Whether a command line clap refused is `bb queue --check`'s, whose
/// usage errors are the plugin's UNKNOWN.
fn is_check(args: &[OsString]) -> bool {
    let words: Vec<&str> = args.iter().filter_map(|a| a.to_str()).collect();
    words.contains(&"queue") && words.contains(&"--check")
}

/// Flags whose values may hold a password: clap repeats a refused value
/// in its message, so their errors are told without it.
const SECRET_FLAGS: &[&str] = &["--notify", "--notify-auth", "--deliver", "--deliver-auth"];

/// The error for a refused value of one of [`SECRET_FLAGS`], without the
/// value: the flag and what our parser said of it (which never repeats a
/// secret).
fn secret_value_error(err: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue};
    let Some(ContextValue::String(arg)) = err.get(ContextKind::InvalidArg) else {
        return None;
    };
    let flag = arg.split_whitespace().next().unwrap_or_default();
    if !SECRET_FLAGS.contains(&flag) {
        return None;
    }
    let why = std::error::Error::source(err)
        .map(|source| source.to_string())
        .unwrap_or_else(|| "refused".to_string());
    Some(format!("invalid value for '{arg}': {why}"))
}

/// Print a warning on stderr at once: for what must be said before the
/// command runs, as libpq warns of a password file it ignores, so that it
/// stands beside a login that then fails for want of that password.
fn warn(message: &str) {
    let _ = writeln!(io::stderr().lock(), "warning: {message}");
}

/// Print a line of progress on stderr at once (`db convert`'s tables).
pub(crate) fn progress(message: &str) {
    let _ = writeln!(io::stderr().lock(), "{message}");
}

/// Print an error on stderr (and its JSON object under `--json`) and give
/// its exit code.
fn fail(err: &Error, json: bool) -> ExitCode {
    let mut stderr = io::stderr().lock();
    let _ = writeln!(stderr, "error: {}", err.message);
    if json {
        let _ = writeln!(stderr, "{}", err.to_json());
    }
    ExitCode::from(err.kind.code())
}
