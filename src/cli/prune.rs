//! `bb prune`: delete old history in small transactions beside a running
//! master.

use clap::{Args, Subcommand};

use crate::values::{NameOrId, parse_name_or_id, parse_seconds, parse_time};

#[derive(Debug, Subcommand)]
pub enum PruneCommand {
    /// Delete the log contents of old steps, as Buildbot's janitor (deleteOldLogChunks): the
    /// logs of steps up to the last one that started before the horizon are marked 'd', then
    /// every chunk of a 'd' log goes.
    Logs(PruneArgs),
    /// Delete the build data of builds that completed before the horizon, as Buildbot's
    /// janitor (deleteOldBuildData).
    BuildData(PruneArgs),
    /// Delete finished buildsets that completed before the horizon, with their requests,
    /// builds and everything hanging off them, then the sourcestamps and patches nothing
    /// refers to any more. Never a change, master, builder, worker, or anything of an
    /// incomplete buildset.
    Builds(BuildsArgs),
}

#[derive(Debug, Clone, Args)]
pub struct PruneArgs {
    /// What is older than this goes: 90s, 10m, 2h, 30d.
    #[arg(long, value_name = "DURATION", value_parser = parse_seconds)]
    pub older_than: i64,
    /// The "now" the horizon counts back from: epoch seconds or RFC 3339. Default: now.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<i64>,
    /// Count what would go, per table, and delete nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// At most N rows deleted per transaction, each committed before the next.
    #[arg(long, value_name = "N", default_value = "2000", value_parser = parse_batch)]
    pub batch: u64,
}

#[derive(Debug, Clone, Args)]
pub struct BuildsArgs {
    #[command(flatten)]
    pub prune: PruneArgs,
    /// Only buildsets whose requests are all on these builders (id or name). Repeatable.
    #[arg(long, value_name = "BUILDER", value_parser = parse_name_or_id, add = super::complete::builders())]
    pub builder: Vec<NameOrId>,
    /// Keep, for each builder, the N complete buildsets with the highest ids, whatever their
    /// age.
    #[arg(long, value_name = "N")]
    pub keep_last: Option<u64>,
}

/// A batch size: a positive number of rows.
fn parse_batch(s: &str) -> Result<u64, String> {
    match s.parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "'{s}' is not a batch size: give a positive number of rows"
        )),
    }
}
