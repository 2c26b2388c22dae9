//! `bb builder`: the builders connector.

use clap::Subcommand;

use super::ListOptions;
use crate::values::parse_name;

#[derive(Debug, Subcommand)]
pub enum BuilderCommand {
    /// List builders (getBuilders), in id order.
    List {
        #[command(flatten)]
        list: ListOptions,
    },
    /// Find or create a builder by name (findBuilderId) and print it.
    Register {
        /// The builder's name.
        #[arg(value_parser = parse_name)]
        name: String,
    },
}
