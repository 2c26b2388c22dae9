//! `bb master`: the masters connector and the data layer's master expiry.

use clap::{ArgGroup, Subcommand};

use super::{At, ListOptions};
use crate::values::{NameOrId, parse_name, parse_name_or_id, parse_seconds};

#[derive(Debug, Subcommand)]
pub enum MasterCommand {
    /// List masters (getMasters), in id order.
    #[command(group(ArgGroup::new("state").args(["active", "inactive"])))]
    List {
        /// Only active masters.
        #[arg(long)]
        active: bool,
        /// Only inactive masters.
        #[arg(long)]
        inactive: bool,
        #[command(flatten)]
        list: ListOptions,
    },
    /// Show one master (getMaster).
    Show {
        /// Master id or name.
        #[arg(value_parser = parse_name_or_id, add = super::complete::masters())]
        master: NameOrId,
    },
    /// Find or create a master by name (findMasterId); a new one is inactive.
    /// Without NAME, registers this master (--master, BB_MASTER, or the default name).
    Register {
        /// The master's name, conventionally <hostname>:<basedir>.
        #[arg(value_parser = parse_name)]
        name: Option<String>,
        #[command(flatten)]
        at: At,
    },
    /// Mark a master active (setMasterState active=true): last_active = --at.
    Activate {
        /// Master id or name.
        #[arg(value_parser = parse_name_or_id, add = super::complete::masters())]
        master: NameOrId,
        #[command(flatten)]
        at: At,
    },
    /// Mark a master inactive (setMasterState active=false) and do its housekeeping,
    /// even if it was already inactive. Refused (exit 3) while the master is running
    /// (active, checked in within 10 minutes of --at) unless --force.
    Deactivate {
        /// Master id or name.
        #[arg(value_parser = parse_name_or_id, add = super::complete::masters())]
        master: NameOrId,
        #[command(flatten)]
        at: At,
    },
    /// Expire masters that have not checked in (expireMasters) and housekeep them. An
    /// --expire-after under 2m is refused (exit 2) unless --force: running masters check in
    /// every minute.
    Sweep {
        /// Masters whose last_active is older than --at minus this expire: 2m, 10m, 2h, 1d.
        #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = parse_seconds)]
        expire_after: i64,
        #[command(flatten)]
        at: At,
        /// Housekeep every expired master, not only those that were still active.
        #[arg(long)]
        force_housekeeping: bool,
        /// Print what would happen and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Mark every master active with last_active 0 (setAllMastersActiveLongTimeAgo),
    /// so the next sweep housekeeps them all: a step of an upgrade, with every master
    /// stopped. Refused (exit 3) while a master is running, unless --force.
    MarkAllStale {
        /// Print how many masters it would mark, and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Mark them even while masters run (their peers' next check-in housekeeps them).
        #[arg(long)]
        force: bool,
    },
}
