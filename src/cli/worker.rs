//! `bb worker`: the workers connector, read side.

use clap::{ArgGroup, Subcommand};

use super::ListOptions;
use crate::values::{NameOrId, parse_name_or_id};

#[derive(Debug, Subcommand)]
pub enum WorkerCommand {
    /// List workers (getWorkers), in id order. With --builder or --master, configured_on
    /// (and with --master connected_to) are narrowed to them, as getWorkers does.
    #[command(group(ArgGroup::new("pause").args(["paused", "unpaused"])))]
    #[command(group(ArgGroup::new("connection").args(["connected", "disconnected"])))]
    List {
        /// Only workers configured on this builder (id or name).
        #[arg(long, value_name = "BUILDER", value_parser = parse_name_or_id, add = super::complete::builders())]
        builder: Option<NameOrId>,
        /// Only workers configured on this master (id or name): a filter here, worker list
        /// never acts as a master.
        #[arg(
            id = "acting_master",
            long = "master",
            value_name = "MASTER",
            add = super::complete::masters()
        )]
        // The global --master's id, so that clap takes it here as this
        // filter; its type must be the global's too: parsed by the command.
        master: Option<String>,
        /// Only paused workers.
        #[arg(long)]
        paused: bool,
        /// Only workers that are not paused.
        #[arg(long)]
        unpaused: bool,
        /// Only workers stopping gracefully.
        #[arg(long)]
        graceful: bool,
        /// Only workers connected to a master (to --master, if given).
        #[arg(long)]
        connected: bool,
        /// Only workers connected to no master (not to --master, if given).
        #[arg(long)]
        disconnected: bool,
        #[command(flatten)]
        list: ListOptions,
    },
    /// Show one worker (getWorker), by id or name.
    Show {
        #[arg(value_name = "WORKER", value_parser = parse_name_or_id)]
        worker: NameOrId,
    },
}
