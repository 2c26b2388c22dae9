//! `bb change`: the changes connector, read side.

use clap::Subcommand;

use super::ListOptions;
use crate::values::parse_id;

#[derive(Debug, Subcommand)]
pub enum ChangeCommand {
    /// List changes (getChanges), in id order, with files, properties and sourcestamp.
    List {
        #[command(flatten)]
        list: ListOptions,
    },
    /// Show one change (getChange).
    Show {
        #[arg(value_parser = parse_id)]
        changeid: i64,
    },
}
