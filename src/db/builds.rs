//! The builds connector (Buildbot 4.3's `db/builds.py`): getBuilds,
//! getBuild, getBuildByNumber and getBuildProperties, in the REST API's
//! shape (`data/builds.py`).
//!
//! Running builds are found from the incomplete build requests: Buildbot
//! keeps no index on `builds.complete_at`, but one on
//! `buildrequests.complete` and one on `builds.buildrequestid`, so
//! `--running` reads the few builds of the waiting requests rather than
//! every build ever run.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::engine::{EngineKind, Row, Tx};
use super::resultspec::{Field, Query, Type};
use super::revisions::Capabilities;
use crate::error::{Error, Result};
use crate::params;

/// A build as the REST API shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Build {
    pub buildid: i64,
    pub number: i64,
    pub builderid: i64,
    pub buildrequestid: i64,
    pub workerid: Option<i64>,
    pub masterid: i64,
    pub started_at: i64,
    pub complete: bool,
    pub complete_at: Option<i64>,
    /// Null before revision 066 (Buildbot 4.0), which added the column.
    pub locks_duration_s: Option<i64>,
    pub results: Option<i64>,
    pub state_string: String,
    /// `{name: [value, source]}` in `build show`; null in lists, as the
    /// REST API leaves them out unless asked.
    pub properties: Option<BTreeMap<String, Value>>,
}

fn select(caps: Capabilities) -> String {
    format!(
        "SELECT b.id, b.number, b.builderid, b.buildrequestid, b.workerid, b.masterid, \
         b.started_at, b.complete_at, b.locks_duration_s, b.results, b.state_string \
         FROM {} AS b",
        caps.table("builds")
    )
}

fn from_row(row: &Row) -> Result<Build> {
    let complete_at = row.opt_int(7)?;
    Ok(Build {
        buildid: row.int(0)?,
        number: row.int(1)?,
        builderid: row.int(2)?,
        buildrequestid: row.int(3)?,
        workerid: row.opt_int(4)?,
        masterid: row.int(5)?,
        started_at: row.int(6)?,
        complete: complete_at.is_some(),
        complete_at,
        locks_duration_s: row.opt_int(8)?,
        results: row.opt_int(9)?,
        state_string: row.text(10)?,
        properties: None,
    })
}

/// The `status` words of a build: `running`, or its result's name.
pub const BUILD_STATUSES: &[&str] = &[
    "running",
    "success",
    "warnings",
    "failure",
    "skipped",
    "exception",
    "retry",
    "cancelled",
    "complete",
];

/// The build entity's fields, for the result spec, then the columns of
/// `build list` that are not REST fields.
pub const FIELDS: &[Field] = &[
    Field::new("buildid", "b.id", Type::Integer),
    Field::new("number", "b.number", Type::Integer),
    Field::new("builderid", "b.builderid", Type::Integer),
    Field::new("buildrequestid", "b.buildrequestid", Type::Integer),
    Field::new("workerid", "b.workerid", Type::Integer),
    Field::new("masterid", "b.masterid", Type::Integer),
    Field::new("started_at", "b.started_at", Type::Time),
    Field::new("complete", "(b.complete_at IS NOT NULL)", Type::Boolean),
    Field::new("complete_at", "b.complete_at", Type::Time),
    Field::new("locks_duration_s", "b.locks_duration_s", Type::Integer),
    Field::new("results", "b.results", Type::Results),
    Field::new("state_string", "b.state_string", Type::Text),
    Field::new("properties", "NULL", Type::Composite),
    Field::new(
        "builder",
        "(SELECT bl.name FROM builders AS bl WHERE bl.id = b.builderid)",
        Type::Text,
    ),
    Field::new(
        "status",
        concat!(
            "(CASE WHEN b.complete_at IS NULL THEN 'running' ELSE ",
            crate::results_case!("b.results"),
            " END)"
        ),
        Type::Word(BUILD_STATUSES),
    ),
    Field::new(
        "worker",
        "(SELECT w.name FROM workers AS w WHERE w.id = b.workerid)",
        Type::Text,
    ),
    Field::new("started", "b.started_at", Type::Age("started_at")),
    Field::new("duration", "NULL", Type::Shown),
];

/// getBuilds' arguments, with the builder and worker already resolved.
#[derive(Debug, Clone, Default)]
pub struct Criteria {
    pub builderid: Option<i64>,
    pub buildrequestid: Option<i64>,
    pub workerid: Option<i64>,
    pub complete: Option<bool>,
}

impl Criteria {
    /// Add these criteria to `query`, for `engine`.
    pub fn apply(&self, query: &mut Query, engine: EngineKind) {
        use super::engine::Value::Int;
        if let Some(id) = self.builderid {
            query.and("b.builderid = ?", [Int(id)]);
        }
        if let Some(id) = self.buildrequestid {
            query.and("b.buildrequestid = ?", [Int(id)]);
        }
        if let Some(id) = self.workerid {
            query.and("b.workerid = ?", [Int(id)]);
        }
        match self.complete {
            Some(true) => query.and("b.complete_at IS NOT NULL", []),
            Some(false) => query.and(format!("b.complete_at IS NULL AND {}", running(engine)), []),
            None => {}
        }
    }
}

/// The condition that finds running builds through the indexes: builds of
/// requests that are not complete. A build whose request was completed
/// under it (`request complete --force`) is left out; Buildbot finishes a
/// build before it completes its request.
pub const RUNNING: &str = "b.buildrequestid IN (SELECT id FROM buildrequests WHERE complete = 0)";

/// [`RUNNING`] on PostgreSQL: the incomplete requests' ids as an array, so
/// that the builds are searched by `builds_buildrequestid`. Given the `IN`
/// form, PostgreSQL's planner reads every build (there is no index on
/// `complete_at`, and it knows few are NULL) once the history outgrows the
/// queue: 27 ms instead of 1 ms at 1M requests with 2000 waiting.
pub const RUNNING_PG: &str =
    "b.buildrequestid = ANY(ARRAY(SELECT id FROM buildrequests WHERE complete = 0))";

/// The running-builds condition for `engine`.
pub fn running(engine: EngineKind) -> &'static str {
    match engine {
        EngineKind::Postgresql => RUNNING_PG,
        _ => RUNNING,
    }
}

/// getBuilds, filtered, ordered and paged by `query`.
pub fn get_builds(tx: &Tx, caps: Capabilities, query: &Query) -> Result<Vec<Build>> {
    query.fetch(tx, &select(caps), from_row)
}

/// getBuild, with its properties.
pub fn get_build(tx: &Tx, caps: Capabilities, buildid: i64) -> Result<Option<Build>> {
    let found = tx.query_opt(
        &format!("{} WHERE b.id = ?1", select(caps)),
        params![buildid],
        from_row,
    )?;
    found.map(|build| with_properties(tx, build)).transpose()
}

/// getBuildByNumber, with its properties.
pub fn get_build_by_number(
    tx: &Tx,
    caps: Capabilities,
    builderid: i64,
    number: i64,
) -> Result<Option<Build>> {
    let found = tx.query_opt(
        &format!("{} WHERE b.builderid = ?1 AND b.number = ?2", select(caps)),
        params![builderid, number],
        from_row,
    )?;
    found.map(|build| with_properties(tx, build)).transpose()
}

/// getBuildProperties: `{name: [value, source]}`.
pub fn get_build_properties(tx: &Tx, buildid: i64) -> Result<BTreeMap<String, Value>> {
    let rows = tx.query(
        "SELECT name, value, source FROM build_properties WHERE buildid = ?1",
        params![buildid],
        |row| Ok((row.text(0)?, row.text(1)?, row.text(2)?)),
    )?;
    rows.into_iter()
        .map(|(name, value, source)| {
            let value: Value = serde_json::from_str(&value).map_err(|err| {
                Error::failure(format!(
                    "build {buildid}'s property {name} is not JSON ({err}): {value}"
                ))
            })?;
            Ok((name, Value::Array(vec![value, Value::String(source)])))
        })
        .collect()
}

fn with_properties(tx: &Tx, mut build: Build) -> Result<Build> {
    build.properties = Some(get_build_properties(tx, build.buildid)?);
    Ok(build)
}
