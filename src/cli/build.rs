//! `bb build`: the builds connector, read side.

use clap::{ArgGroup, Subcommand};

use super::ListOptions;
use crate::values::{NameOrId, parse_id, parse_name_or_id};

#[derive(Debug, Subcommand)]
pub enum BuildCommand {
    /// List builds (getBuilds), in id order.
    #[command(group(ArgGroup::new("state").args(["complete", "running"])))]
    List {
        /// Only builds of this builder (id or name).
        #[arg(long, value_name = "BUILDER", value_parser = parse_name_or_id, add = super::complete::builders())]
        builder: Option<NameOrId>,
        /// Only builds of this build request.
        #[arg(long, value_name = "BRID", value_parser = parse_id)]
        buildrequest: Option<i64>,
        /// Only builds on this worker (id or name).
        #[arg(long, value_name = "WORKER", value_parser = parse_name_or_id)]
        worker: Option<NameOrId>,
        /// Only complete builds.
        #[arg(long)]
        complete: bool,
        /// Only builds that are running (not complete), found from the requests that are
        /// not complete.
        #[arg(long)]
        running: bool,
        #[command(flatten)]
        list: ListOptions,
    },
    /// Show one build with its properties: by id (getBuild), or as BUILDER/NUMBER
    /// (getBuildByNumber).
    Show {
        /// BUILDID, or BUILDER/NUMBER (the builder's id or name, split at the last '/').
        #[arg(value_name = "BUILD", value_parser = parse_build)]
        build: BuildRef,
    },
}

/// How `build show` names a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildRef {
    Id(i64),
    Number(NameOrId, i64),
}

/// BUILDID, or BUILDER/NUMBER split at the last `/` (a builder's name may
/// hold one); the number must be a positive integer.
pub fn parse_build(s: &str) -> Result<BuildRef, String> {
    match s.rsplit_once('/') {
        None => parse_id(s).map(BuildRef::Id),
        Some((builder, number)) => {
            let builder = parse_name_or_id(builder).map_err(|err| format!("builder: {err}"))?;
            let number =
                parse_id(number).map_err(|err| format!("build number '{number}': {err}"))?;
            Ok(BuildRef::Number(builder, number))
        }
    }
}
