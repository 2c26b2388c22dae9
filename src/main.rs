//! The `bb` binary: parse the command line and hand it to the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args: Vec<_> = std::env::args_os().collect();
    match bb::cli::Cli::try_parse_from(&args) {
        Ok(cli) => bb::run(cli),
        Err(err) => bb::usage_error(err, &args),
    }
}
