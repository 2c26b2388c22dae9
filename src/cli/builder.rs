//! `bb builder`: the builders connector.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum BuilderCommand {
    /// List builders (getBuilders), in id order.
    List,
    /// Find or create a builder by name (findBuilderId) and print it.
    Register {
        /// The builder's name.
        name: String,
    },
}
