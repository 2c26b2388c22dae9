//! `bb changesource`: the changesources connector.

use clap::{ArgGroup, Subcommand};

use super::{At, ListOptions};
use crate::values::{NameOrId, parse_name_or_id};

#[derive(Debug, Subcommand)]
pub enum ChangeSourceCommand {
    /// List change sources (getChangeSources), in id order.
    #[command(group(ArgGroup::new("state").args(["active", "inactive", "claimed_by"])))]
    List {
        /// Only change sources linked to a master (even an inactive one: conservative, as documented).
        #[arg(long)]
        active: bool,
        /// Only change sources linked to no master.
        #[arg(long)]
        inactive: bool,
        /// Only change sources held by this master (id or name).
        #[arg(long, value_name = "MASTER", value_parser = parse_name_or_id)]
        claimed_by: Option<NameOrId>,
        #[command(flatten)]
        list: ListOptions,
    },
    /// Show one change source with the master holding it (getChangeSource).
    Show {
        /// Change source id or name.
        #[arg(value_parser = parse_name_or_id)]
        changesource: NameOrId,
    },
    /// Find or create a change source by name (findChangeSourceId).
    Register {
        /// The change source's name.
        name: String,
    },
    /// Claim a change source for this master (setChangeSourceMaster(id, this master)).
    /// Refused (exit 3) while another master holds it and is active or was active
    /// within the last 10 minutes.
    Claim {
        /// Change source id or name.
        #[arg(value_parser = parse_name_or_id)]
        changesource: NameOrId,
        #[command(flatten)]
        at: At,
    },
    /// Release a change source, whoever holds it (setChangeSourceMaster(id, None)).
    Release {
        /// Change source id or name.
        #[arg(value_parser = parse_name_or_id)]
        changesource: NameOrId,
    },
}
