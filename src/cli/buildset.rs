//! `bb buildset`: the buildsets connector.

use clap::{ArgGroup, Args, Subcommand};

use super::{At, ListOptions};
use crate::db::sourcestamps::SourceStampSpec;
use crate::values::{NameOrId, parse_id, parse_name_or_id, parse_results};

#[derive(Debug, Subcommand)]
pub enum BuildsetCommand {
    /// Add a buildset with a build request per builder (addBuildset).
    ///
    /// Without --sourcestamp or --ssid it gets the default codebase's sourcestamp (Buildbot's
    /// masters never see a buildset without one). A running master does not notice the new
    /// requests by itself: pass --notify URL to have it start the builds now.
    Add(AddArgs),
    /// Show a buildset with its sourcestamps and properties (getBuildset).
    Show {
        #[arg(value_parser = parse_id)]
        bsid: i64,
    },
    /// List buildsets (getBuildsets), in id order.
    #[command(group(ArgGroup::new("state").args(["complete", "incomplete"])))]
    List {
        /// Only complete buildsets.
        #[arg(long)]
        complete: bool,
        /// Only incomplete buildsets.
        #[arg(long)]
        incomplete: bool,
        #[command(flatten)]
        list: ListOptions,
    },
    /// The N most recently submitted buildsets, oldest first (getRecentBuildsets).
    #[command(group(ArgGroup::new("state").args(["complete", "incomplete"])))]
    Recent {
        /// How many buildsets.
        #[arg(long, value_name = "N")]
        count: u64,
        /// Only buildsets with a sourcestamp on this branch.
        #[arg(long, value_name = "B")]
        branch: Option<String>,
        /// Only buildsets with a sourcestamp in this repository.
        #[arg(long, value_name = "R")]
        repository: Option<String>,
        /// Only complete buildsets.
        #[arg(long)]
        complete: bool,
        /// Only incomplete buildsets.
        #[arg(long)]
        incomplete: bool,
        /// The "now" that ages in the table count from: epoch seconds or RFC 3339. Default: now.
        #[arg(long, value_name = "TIME", value_parser = crate::values::parse_time)]
        at: Option<i64>,
    },
    /// Mark a buildset complete with the given results (completeBuildset). Refused
    /// (exit 3) while a running master has claimed one of its requests, unless --force.
    Complete {
        #[arg(value_parser = parse_id)]
        bsid: i64,
        /// success, warnings, failure, skipped, exception, retry, cancelled, or 0-6.
        #[arg(long, value_parser = parse_results)]
        results: i64,
        #[command(flatten)]
        at: At,
    },
    /// A buildset's properties as name -> [value, source] (getBuildsetProperties).
    Properties {
        #[arg(value_parser = parse_id)]
        bsid: i64,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Why these builds are wanted (at most 256 characters).
    #[arg(long, value_parser = limited("reason", 256))]
    pub reason: String,
    /// A builder (id or name) to request a build on. Repeatable.
    #[arg(long = "builder", value_name = "BUILDER", required = true, value_parser = parse_name_or_id, add = super::complete::builders())]
    pub builders: Vec<NameOrId>,
    /// A sourcestamp found or created by its values:
    /// branch=B,revision=R,repository=U,project=P,codebase=C. Repeatable.
    #[arg(long = "sourcestamp", value_name = "k=v[,k=v]...", value_parser = parse_sourcestamp)]
    pub sourcestamps: Vec<SourceStampSpec>,
    /// An existing sourcestamp id. Repeatable.
    #[arg(long = "ssid", value_name = "N", value_parser = parse_id)]
    pub ssids: Vec<i64>,
    /// A property NAME=JSON (a value that is not JSON is a string). Repeatable.
    #[arg(long = "property", value_name = "NAME=JSON", value_parser = parse_property)]
    pub properties: Vec<(String, serde_json::Value)>,
    /// The source recorded with each property.
    #[arg(long, value_name = "SRC", default_value = "bb")]
    pub property_source: String,
    /// An external key for this buildset (at most 256 characters).
    #[arg(long, value_name = "S", value_parser = limited("external_idstring", 256))]
    pub external_idstring: Option<String>,
    /// The build that triggered this buildset.
    #[arg(long, value_name = "N", value_parser = parse_id, requires = "parent_relationship")]
    pub parent_buildid: Option<i64>,
    /// How this buildset relates to its parent build.
    #[arg(long, value_name = "S", requires = "parent_buildid")]
    pub parent_relationship: Option<String>,
    /// The build this buildset rebuilds.
    #[arg(long, value_name = "N", value_parser = parse_id)]
    pub rebuilt_buildid: Option<i64>,
    /// Someone waits for these builds (a triggering build).
    #[arg(long)]
    pub waited_for: bool,
    /// The build requests' priority.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 0,
        allow_negative_numbers = true
    )]
    pub priority: i64,
    /// Create builders named but not yet known (findBuilderId).
    #[arg(long)]
    pub create_builders: bool,
    #[command(flatten)]
    pub at: At,
}

/// A parser that refuses strings longer than Buildbot's column allows.
pub fn limited(field: &'static str, max: usize) -> impl Fn(&str) -> Result<String, String> + Clone {
    move |s: &str| check_length(field, s, max).map(|()| s.to_string())
}

fn check_length(field: &str, value: &str, max: usize) -> Result<(), String> {
    let len = value.chars().count();
    if len > max {
        Err(format!(
            "{field} is {len} characters long; Buildbot allows at most {max}"
        ))
    } else {
        Ok(())
    }
}

/// `branch=B,revision=R,repository=U,project=P,codebase=C`; repository,
/// project and codebase default to "", branch and revision to none.
pub fn parse_sourcestamp(s: &str) -> Result<SourceStampSpec, String> {
    let mut ss = SourceStampSpec::default();
    let mut seen = Vec::new();
    for pair in s.split(',').filter(|p| !p.is_empty()) {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| format!("'{pair}' in --sourcestamp is not key=value"))?;
        if seen.contains(&key) {
            return Err(format!(
                "'{key}' twice in --sourcestamp: give each key once"
            ));
        }
        seen.push(key);
        let (slot, max) = match key {
            "branch" => (ss.branch.get_or_insert_default(), 256),
            "revision" => (ss.revision.get_or_insert_default(), 256),
            "repository" => (&mut ss.repository, 512),
            "project" => (&mut ss.project, 512),
            "codebase" => (&mut ss.codebase, 256),
            _ => {
                return Err(format!(
                    "unknown sourcestamp key '{key}': use branch, revision, repository, project, codebase"
                ));
            }
        };
        check_length(key, value, max)?;
        *slot = value.to_string();
    }
    Ok(ss)
}

/// `NAME=JSON`: a value that does not parse as JSON is taken as a string.
pub fn parse_property(s: &str) -> Result<(String, serde_json::Value), String> {
    let (name, raw) = s
        .split_once('=')
        .ok_or_else(|| format!("'{s}' is not a property: write NAME=JSON"))?;
    if name.is_empty() {
        return Err(format!("'{s}' names no property: write NAME=JSON"));
    }
    check_length("property name", name, 256)?;
    let value =
        serde_json::from_str(raw).unwrap_or_else(|_| serde_json::Value::String(raw.to_string()));
    Ok((name.to_string(), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sourcestamps() {
        let ss = parse_sourcestamp("branch=main,repository=https://x/y.git").unwrap();
        assert_eq!(ss.branch.as_deref(), Some("main"));
        assert_eq!(ss.revision, None);
        assert_eq!(ss.repository, "https://x/y.git");
        assert_eq!(ss.codebase, "");
        assert!(
            parse_sourcestamp("colour=blue")
                .unwrap_err()
                .contains("unknown sourcestamp key")
        );
        assert!(parse_sourcestamp("branch").is_err());
        assert!(
            parse_sourcestamp("branch=a,revision=r,branch=b")
                .unwrap_err()
                .contains("'branch' twice")
        );
        assert!(
            parse_sourcestamp(&format!("branch={}", "x".repeat(257)))
                .unwrap_err()
                .contains("branch")
        );
        assert!(parse_sourcestamp(&format!("project={}", "x".repeat(512))).is_ok());
    }

    #[test]
    fn properties() {
        assert_eq!(
            parse_property("n=3").unwrap(),
            ("n".into(), serde_json::json!(3))
        );
        assert_eq!(
            parse_property("s=a=b").unwrap(),
            ("s".into(), serde_json::json!("a=b"))
        );
        assert_eq!(
            parse_property("o={\"k\":[1]}").unwrap().1,
            serde_json::json!({"k": [1]})
        );
        assert!(parse_property("=1").is_err());
        assert!(parse_property("novalue").is_err());
    }
}
