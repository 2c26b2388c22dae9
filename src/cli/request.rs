//! `bb request`: the buildrequests connector.

use clap::{ArgGroup, Subcommand};

use super::{At, ListOptions};
use crate::values::{NameOrId, parse_final_results, parse_id, parse_name_or_id};

#[derive(Debug, Subcommand)]
pub enum RequestCommand {
    /// Show one build request (getBuildRequest).
    Show {
        #[arg(value_parser = parse_id)]
        brid: i64,
    },
    /// List build requests (getBuildRequests), in id order.
    #[command(group(ArgGroup::new("completion").args(["complete", "incomplete"])))]
    #[command(group(ArgGroup::new("claim").args(["claimed", "unclaimed", "claimed_by"])))]
    List {
        /// Only requests for this builder (id or name).
        #[arg(long, value_name = "BUILDER", value_parser = parse_name_or_id, add = super::complete::builders())]
        builder: Option<NameOrId>,
        /// Only complete requests.
        #[arg(long)]
        complete: bool,
        /// Only incomplete requests.
        #[arg(long)]
        incomplete: bool,
        /// Only claimed requests.
        #[arg(long)]
        claimed: bool,
        /// Only unclaimed requests that are not complete (Buildbot's definition).
        #[arg(long)]
        unclaimed: bool,
        /// Only requests claimed by this master (id or name).
        #[arg(long, value_name = "MASTER", value_parser = parse_name_or_id, add = super::complete::masters())]
        claimed_by: Option<NameOrId>,
        /// Only requests of this buildset.
        #[arg(long, value_name = "BSID", value_parser = parse_id)]
        buildset: Option<i64>,
        /// Only requests whose buildset has a sourcestamp on this branch.
        #[arg(long, value_name = "B")]
        branch: Option<String>,
        /// Only requests whose buildset has a sourcestamp in this repository.
        #[arg(long, value_name = "R")]
        repository: Option<String>,
        #[command(flatten)]
        list: ListOptions,
    },
    /// Claim build requests for this master, all or nothing (claimBuildRequests).
    /// Refused (exit 3) while the master bb acts as is running, unless --force.
    Claim {
        /// Build request ids.
        #[arg(required = true, value_parser = parse_id)]
        brids: Vec<i64>,
        #[command(flatten)]
        at: At,
    },
    /// Release this master's claims on build requests (unclaimBuildRequests). Refused
    /// (exit 3) while the master bb acts as is running, unless --force.
    Unclaim {
        /// Build request ids.
        #[arg(required = true, value_parser = parse_id)]
        brids: Vec<i64>,
        /// Also release claims of other masters that are not running (one that died
        /// without a sweep, a mistyped --master); a running master's claim is refused
        /// (exit 3) unless --force.
        #[arg(long)]
        any_master: bool,
        /// Do it even so: act as a running master, release a running master's claims
        /// (that master's build of it goes on, and another master may build it again).
        #[arg(long)]
        force: bool,
    },
    /// Complete build requests, all or nothing, and any buildset they finish
    /// (completeBuildRequests + maybeBuildsetComplete). Refused (exit 3) for a request
    /// a running master has claimed, unless --force.
    Complete {
        /// Build request ids.
        #[arg(required = true, value_parser = parse_id)]
        brids: Vec<i64>,
        /// success, warnings, failure, skipped, exception, cancelled, or 0-6 (not retry).
        #[arg(long, value_parser = parse_final_results)]
        results: i64,
        #[command(flatten)]
        at: At,
    },
    /// Cancel build requests as Buildbot's botmaster does, all or nothing: an unclaimed one
    /// is claimed as this master and completed cancelled (its buildset too, when it was the
    /// last); one a running master holds is that master's to stop: with --notify bb asks it
    /// to stop the request's builds, without it exit 3, and --force completes it anyway; one
    /// held by a master that is not running is completed cancelled.
    Cancel {
        /// Build request ids.
        #[arg(required = true, value_parser = parse_id)]
        brids: Vec<i64>,
        /// Why, as the masters asked to stop builds show it.
        #[arg(long, value_name = "TEXT", default_value = "cancelled with bb")]
        reason: String,
        #[command(flatten)]
        at: At,
    },
    /// Set the priority of incomplete build requests, all or nothing
    /// (set_build_requests_priority); prints them after. A complete one is exit 3.
    #[command(allow_negative_numbers = true)]
    SetPriority {
        /// The new priority: a 32-bit integer, negative allowed (higher runs first).
        #[arg(value_parser = clap::value_parser!(i32))]
        priority: i32,
        /// Build request ids.
        #[arg(required = true, value_parser = parse_id)]
        brids: Vec<i64>,
    },
}
