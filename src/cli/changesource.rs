//! `bb changesource`: the changesources connector.

use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgGroup, Subcommand};

use super::buildset::limited;
use super::{At, ListOptions};
use crate::deliver::Hook;
use crate::http::{Credentials, parse_credentials, parse_url};
use crate::values::{NameOrId, parse_duration, parse_name, parse_name_or_id};

#[derive(Debug, Subcommand)]
pub enum ChangeSourceCommand {
    /// List change sources (getChangeSources), in id order.
    #[command(group(ArgGroup::new("state").args(["active", "inactive"])))]
    List {
        /// Only change sources linked to a master (even an inactive one: conservative, as documented).
        #[arg(long)]
        active: bool,
        /// Only change sources linked to no master.
        #[arg(long)]
        inactive: bool,
        /// Only change sources held by this master (id or name).
        #[arg(long, value_name = "MASTER", value_parser = parse_name_or_id, add = super::complete::masters())]
        claimed_by: Option<NameOrId>,
        #[command(flatten)]
        list: ListOptions,
    },
    /// Show one change source with the master holding it (getChangeSource).
    Show {
        /// Change source id or name.
        #[arg(value_parser = parse_name_or_id, add = super::complete::changesources())]
        changesource: NameOrId,
    },
    /// Find or create a change source by name (findChangeSourceId).
    Register {
        /// The change source's name.
        #[arg(value_parser = parse_name)]
        name: String,
    },
    /// Claim a change source for this master (setChangeSourceMaster(id, this master)).
    /// Refused (exit 3) while another master holds it and is active or was active
    /// within the last 10 minutes, and while the master bb acts as is running (unless
    /// --force).
    Claim {
        /// Change source id or name.
        #[arg(value_parser = parse_name_or_id, add = super::complete::changesources())]
        changesource: NameOrId,
        #[command(flatten)]
        at: At,
    },
    /// Release a change source, whoever holds it (setChangeSourceMaster(id, None)).
    /// Refused (exit 3) while a running master holds it, unless --force.
    Release {
        /// Change source id or name.
        #[arg(value_parser = parse_name_or_id, add = super::complete::changesources())]
        changesource: NameOrId,
        /// Release it even if a running master holds it (that master keeps polling).
        #[arg(long)]
        force: bool,
    },
    /// Poll a git repository as Buildbot's GitPoller does, recording one change per new
    /// commit (or delivering it to a running master's base change hook).
    ///
    /// Claims the change source for this master first (exit 3 if another active master holds
    /// it), marks this master active, and keeps its place in the GitPoller's state (`lastRev`),
    /// so a poller can move between Buildbot and bb. The first poll records the heads only.
    Poll(PollArgs),
}

/// `bb changesource poll`.
#[derive(Debug, clap::Args)]
pub struct PollArgs {
    /// Change source id or name (a new name is registered, as a master registers its pollers).
    #[arg(value_parser = parse_name_or_id, add = super::complete::changesources())]
    pub changesource: NameOrId,
    /// The repository to poll, as git understands it; recorded as the changes' repository.
    #[arg(long, value_name = "URL", value_parser = limited("--repourl", 512))]
    pub repourl: String,
    /// A branch to poll (repeatable). Default: the branch the remote HEAD points at.
    #[arg(long = "branch", value_name = "B", value_parser = limited("--branch", 256))]
    pub branches: Vec<String>,
    /// The bare repository git fetches into. Default: gitpoller-work beside the database.
    #[arg(long, value_name = "DIR")]
    pub workdir: Option<PathBuf>,
    /// The changes' project. Default: "".
    #[arg(
        long,
        value_name = "P",
        default_value = "",
        hide_default_value = true,
        value_parser = limited("--project", 512)
    )]
    pub project: String,
    /// The changes' codebase. Default: "".
    #[arg(
        long,
        value_name = "C",
        default_value = "",
        hide_default_value = true,
        value_parser = limited("--codebase", 256)
    )]
    pub codebase: String,
    /// The changes' category. Default: none.
    #[arg(long, value_name = "C", value_parser = limited("--category", 255))]
    pub category: Option<String>,
    /// Poll now and then every DUR (10m, 90s) until SIGINT or SIGTERM.
    #[arg(long, value_name = "DUR", value_parser = parse_interval)]
    pub interval: Option<Duration>,
    #[command(flatten)]
    pub at: At,
    /// Hand new changes to a running master's base change hook
    /// (http://host:8010/change_hook/base; https too) instead of writing them.
    #[arg(long, value_name = "URL", value_parser = |s: &str| parse_url("--deliver", s))]
    pub deliver: Option<String>,
    /// Basic-auth credentials for --deliver.
    #[arg(long, value_name = "USER:PASSWORD", requires = "deliver", value_parser = parse_credentials)]
    pub deliver_auth: Option<Credentials>,
}

impl PollArgs {
    /// The change hook to deliver to, if any.
    pub fn hook(&self) -> Option<Hook> {
        let url = self.deliver.clone()?;
        Some(Hook::new(url, self.deliver_auth.clone()))
    }
}

/// A polling interval: a duration of at least a second.
fn parse_interval(s: &str) -> Result<Duration, String> {
    let interval = parse_duration(s)?;
    if interval < Duration::from_secs(1) {
        return Err(format!(
            "{s:?} is too short an interval; poll at most once a second"
        ));
    }
    Ok(interval)
}
