//! The `bb` binary: parse the command line and hand it to the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // A shell asking for completions (COMPLETE=bash bb -- ...) is answered
    // here, before anything else is printed.
    bb::cli::complete::complete_if_asked();
    let args: Vec<_> = std::env::args_os().collect();
    match bb::cli::Cli::try_parse_from(&args) {
        Ok(cli) => bb::run(cli),
        Err(err) => bb::usage_error(err, &args),
    }
}
