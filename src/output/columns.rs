//! The columns an operator reads for each entity (CLI.md's default
//! columns), the values of those that are not entity fields (`status`,
//! `claimed_by`, ages), and how each column may be cut to fit a terminal.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Entity, cell};
use crate::values::{format_age, format_age_at, result_name};

/// What cells need beyond the entity itself.
pub struct Lookup<'a> {
    /// The "now" that ages count from (`--at`, else the clock).
    pub now: i64,
    /// Master names by id, for `claimed_by`.
    pub master_names: &'a BTreeMap<i64, String>,
    /// Builder and worker names by id, for build tables.
    pub builder_names: &'a BTreeMap<i64, String>,
    pub worker_names: &'a BTreeMap<i64, String>,
}

impl Entity {
    /// The columns of the entity's usual table, in order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Entity::Master => &["masterid", "name", "active", "last_active"],
            Entity::Builder => &["builderid", "name", "masterids", "tags"],
            Entity::Buildset => &["bsid", "reason", "status", "submitted", "sourcestamps"],
            Entity::BuildRequest => &[
                "buildrequestid",
                "buildsetid",
                "buildername",
                "status",
                "claimed_by",
                "submitted",
                "priority",
            ],
            Entity::ChangeSource => &["changesourceid", "name", "master"],
            Entity::Change => &[
                "changeid", "author", "branch", "revision", "when", "comments",
            ],
            Entity::Build => &[
                "buildid",
                "builder",
                "number",
                "status",
                "worker",
                "started",
                "duration",
                "state_string",
            ],
            Entity::Worker => &["workerid", "name", "status", "masters", "builders"],
            Entity::Queue => &[
                "builder", "pending", "oldest", "claimed", "running", "masters", "stuck",
            ],
        }
    }

    /// The usual columns that are not fields of the entity's JSON: `--field`
    /// takes them too, and gives them as the table shows them.
    pub fn derived(self) -> &'static [&'static str] {
        match self {
            Entity::Buildset => &["status", "submitted"],
            Entity::BuildRequest => &["status", "claimed_by", "submitted"],
            Entity::Change => &["when"],
            Entity::Build => &["builder", "status", "worker", "started", "duration"],
            Entity::Worker => &["status", "masters", "builders"],
            Entity::Master | Entity::Builder | Entity::ChangeSource | Entity::Queue => &[],
        }
    }
}

/// The cell of `column` in the entity's usual table.
pub fn usual_cell(entity: Entity, column: &str, item: &Value, lookup: &Lookup) -> String {
    let age = |key: &str| format_age_at(item[key].as_i64(), lookup.now);
    match (entity, column) {
        (Entity::Master, "last_active") => age("last_active"),
        (Entity::Buildset, "status") => status(item, false),
        (Entity::BuildRequest, "status") => status(item, item["claimed"] == Value::Bool(true)),
        (Entity::Buildset | Entity::BuildRequest, "submitted") => age("submitted_at"),
        (Entity::Buildset, "sourcestamps") => item["sourcestamps"]
            .as_array()
            .into_iter()
            .flatten()
            .map(short_sourcestamp)
            .collect::<Vec<_>>()
            .join(", "),
        (Entity::BuildRequest, "claimed_by") => item["claimed_by_masterid"]
            .as_i64()
            .map(|id| {
                lookup
                    .master_names
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| id.to_string())
            })
            .unwrap_or_default(),
        (Entity::ChangeSource, "master") => cell("name", &item["master"]["name"]),
        (Entity::Change, "revision") => item["revision"]
            .as_str()
            .unwrap_or_default()
            .chars()
            .take(12)
            .collect(),
        (Entity::Change, "when") => age("when_timestamp"),
        (_, "housekeeping") => housekept(&item["housekeeping"]),
        (Entity::Build, "builder") => named(lookup.builder_names, &item["builderid"]),
        (Entity::Build, "worker") => named(lookup.worker_names, &item["workerid"]),
        (Entity::Build, "status") => match item["complete"] {
            Value::Bool(true) => status(item, false),
            _ => "running".to_string(),
        },
        (Entity::Build, "started") => age("started_at"),
        (Entity::Build, "duration") => item["started_at"]
            .as_i64()
            .map(|started| {
                let end = item["complete_at"].as_i64().unwrap_or(lookup.now);
                format_age(end - started)
            })
            .unwrap_or_default(),
        (Entity::Worker, "status") => worker_status(item),
        (Entity::Worker, "masters") => item["connected_to"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| named(lookup.master_names, &c["masterid"]))
            .collect::<Vec<_>>()
            .join(", "),
        (Entity::Worker, "builders") => {
            let mut ids: Vec<i64> = item["configured_on"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c["builderid"].as_i64())
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids.len().to_string()
        }
        (Entity::Queue, "builder") => cell("name", &item["name"]),
        (Entity::Queue, "oldest") => item["oldest_pending_submitted_at"]
            .as_i64()
            .map(|t| format_age_at(Some(t), lookup.now))
            .unwrap_or_default(),
        (Entity::Queue, "masters") => item["masters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|m| m["name"].as_str())
            .collect::<Vec<_>>()
            .join(", "),
        (Entity::Queue, "stuck") => item["stuck"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("; "),
        (Entity::Change, "comments") => item["comments"]
            .as_str()
            .unwrap_or_default()
            .lines()
            .next()
            .unwrap_or_default()
            .to_string(),
        _ => cell(column, &item[column]),
    }
}

/// Only `fields` of an entity, in that order; a derived column is the text
/// its usual cell shows (null when that is empty), in tables and in JSON.
pub fn select(entity: Entity, item: &Value, fields: &[String], lookup: &Lookup) -> Value {
    let value = |name: &str| match item.get(name) {
        Some(value) => value.clone(),
        None if entity.derived().contains(&name) => Some(usual_cell(entity, name, item, lookup))
            .filter(|text| !text.is_empty())
            .map_or(Value::Null, Value::String),
        None => Value::Null,
    };
    Value::Object(
        fields
            .iter()
            .map(|name| (name.clone(), value(name)))
            .collect(),
    )
}

/// The name of the id in `id` from `names`, else the id itself; empty
/// for no id.
fn named(names: &BTreeMap<i64, String>, id: &Value) -> String {
    id.as_i64()
        .map(|id| names.get(&id).cloned().unwrap_or_else(|| id.to_string()))
        .unwrap_or_default()
}

/// `paused`, else `graceful`, else `connected` or `disconnected`.
fn worker_status(worker: &Value) -> String {
    let connected = worker["connected_to"]
        .as_array()
        .is_some_and(|masters| !masters.is_empty());
    if worker["paused"] == Value::Bool(true) {
        "paused"
    } else if worker["graceful"] == Value::Bool(true) {
        "graceful"
    } else if connected {
        "connected"
    } else {
        "disconnected"
    }
    .to_string()
}

/// What a master's housekeeping changed: the counts that are not zero
/// (`buildrequests=3 builds=1`), `nothing` when all are; empty when it did
/// not run.
fn housekept(counts: &Value) -> String {
    let Some(counts) = counts.as_object() else {
        return String::new();
    };
    let changed: Vec<String> = counts
        .iter()
        .filter(|(_, n)| n.as_u64() != Some(0))
        .map(|(kind, n)| format!("{kind}={n}"))
        .collect();
    if changed.is_empty() {
        "nothing".to_string()
    } else {
        changed.join(" ")
    }
}

/// One word: the result's name once complete, else `claimed` or `pending`.
/// The `status` fields of `db::buildrequests::FIELDS` and
/// `db::buildsets::FIELDS` say the same in SQL, for `--filter status=...`.
fn status(entity: &Value, claimed: bool) -> String {
    if entity["complete"] == Value::Bool(true) {
        let results = entity["results"].as_i64().unwrap_or(-1);
        return result_name(results).unwrap_or("complete").to_string();
    }
    if claimed { "claimed" } else { "pending" }.to_string()
}

/// `codebase:branch@revision`, leaving out what is empty; revisions cut to
/// 12 characters.
fn short_sourcestamp(ss: &Value) -> String {
    let mut short = String::new();
    if let Some(codebase) = ss["codebase"].as_str().filter(|c| !c.is_empty()) {
        short.push_str(codebase);
        short.push(':');
    }
    short.push_str(ss["branch"].as_str().unwrap_or_default());
    if let Some(revision) = ss["revision"].as_str() {
        short.push('@');
        short.extend(revision.chars().take(12));
    }
    short
}

/// How a column's cells may be cut to fit a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// Ids, times, ages, statuses, numbers, short revisions: never cut.
    Never,
    /// Names, whose ends tell them apart (`vm:/srv/bu…/master-a`).
    Middle,
    /// Free text: its start says the most.
    End,
}

/// Names of masters, builders, workers, repositories, change sources.
const NAMES: &[&str] = &[
    "name",
    "buildername",
    "builder",
    "worker",
    "claimed_by",
    "master",
    "masters",
    "branch",
    "repository",
    "project",
    "codebase",
    "url",
];

/// Short values that lose their meaning when cut.
const WHOLE: &[&str] = &[
    "status",
    "active",
    "was_active",
    "priority",
    "submitted",
    "when",
    "age",
    "last_active",
    "revision",
    "results",
    "complete",
    "claimed",
    "ok",
    "workers",
    "number",
    "started",
    "duration",
    "pending",
    "oldest",
    "running",
    "builders",
];

pub fn cut_of(column: &str) -> Cut {
    if NAMES.contains(&column) {
        Cut::Middle
    } else if WHOLE.contains(&column) || column.ends_with("id") || column.ends_with("_at") {
        Cut::Never
    } else {
        Cut::End
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn derived_columns_are_what_the_table_shows() {
        let names = BTreeMap::from([(3, "ci-1".to_string())]);
        let none = BTreeMap::new();
        let lookup = Lookup {
            now: 1000,
            master_names: &names,
            builder_names: &none,
            worker_names: &none,
        };
        let br = json!({"buildrequestid": 1, "claimed": true, "claimed_by_masterid": 3,
                        "complete": false, "results": -1, "submitted_at": 400});
        let fields = ["buildrequestid", "status", "claimed_by", "submitted"].map(String::from);
        assert_eq!(
            select(Entity::BuildRequest, &br, &fields, &lookup),
            json!({"buildrequestid": 1, "status": "claimed", "claimed_by": "ci-1", "submitted": "10m"})
        );
        let done = json!({"complete": true, "results": 2, "claimed": false});
        let fields = ["status", "claimed_by"].map(String::from);
        assert_eq!(
            select(Entity::BuildRequest, &done, &fields, &lookup),
            json!({"status": "failure", "claimed_by": null})
        );
    }

    #[test]
    fn cuts() {
        assert_eq!(cut_of("buildrequestid"), Cut::Never);
        assert_eq!(cut_of("submitted"), Cut::Never);
        assert_eq!(cut_of("claimed_by"), Cut::Middle);
        assert_eq!(cut_of("reason"), Cut::End);
        assert_eq!(cut_of("masterids"), Cut::End);
    }
}
