//! The buildsets connector (Buildbot docs 3.8.1): addBuildset,
//! completeBuildset, getBuildset(s), getRecentBuildsets and
//! getBuildsetProperties.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

use super::resultspec::{Field, Query, Type};
use super::sourcestamps::{self, SourceStamp, SourceStampSpec};
use crate::error::{Error, Result};

/// A buildset as the REST API shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Buildset {
    pub bsid: i64,
    pub external_idstring: Option<String>,
    pub reason: Option<String>,
    pub submitted_at: i64,
    pub complete: bool,
    pub complete_at: Option<i64>,
    pub results: Option<i64>,
    pub sourcestamps: Vec<SourceStamp>,
    pub parent_buildid: Option<i64>,
    pub parent_relationship: Option<String>,
    pub rebuilt_buildid: Option<i64>,
}

/// A sourcestamp of a new buildset: an existing id, or values to find or
/// create one by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceStampRef {
    Id(i64),
    Values(SourceStampSpec),
}

/// Everything addBuildset takes.
#[derive(Debug, Clone, Default)]
pub struct NewBuildset {
    pub reason: String,
    pub builderids: Vec<i64>,
    pub sourcestamps: Vec<SourceStampRef>,
    /// name -> (value, source), stored as the JSON `[value, source]`.
    pub properties: BTreeMap<String, (serde_json::Value, String)>,
    pub external_idstring: Option<String>,
    pub parent_buildid: Option<i64>,
    pub parent_relationship: Option<String>,
    pub rebuilt_buildid: Option<i64>,
    pub waited_for: bool,
    pub priority: i64,
    pub submitted_at: i64,
}

/// What addBuildset returns: the buildset id and a request per builder.
#[derive(Debug, Clone, Serialize)]
pub struct Added {
    pub bsid: i64,
    /// builderid -> brid (JSON keys are strings, as Buildbot's REST shows them).
    pub brids: BTreeMap<String, i64>,
}

/// addBuildset: the buildset, its properties and sourcestamps, and one build
/// request per builder, all with `results = -1` and `complete = 0` as
/// Buildbot writes them. Sourcestamps given by value are found or created.
pub fn add_buildset(conn: &Connection, new: &NewBuildset) -> Result<Added> {
    let mut ssids = Vec::with_capacity(new.sourcestamps.len());
    for ss in &new.sourcestamps {
        match ss {
            SourceStampRef::Id(id) => ssids.push(*id),
            SourceStampRef::Values(spec) => ssids.push(sourcestamps::find_sourcestamp_id(
                conn,
                spec,
                new.submitted_at,
            )?),
        }
    }
    conn.prepare_cached(
        "INSERT INTO buildsets (external_idstring, reason, submitted_at, complete, complete_at, results, \
         parent_buildid, parent_relationship, rebuilt_buildid) VALUES (?1, ?2, ?3, 0, NULL, -1, ?4, ?5, ?6)",
    )?
    .execute(params![
        new.external_idstring,
        new.reason,
        new.submitted_at,
        new.parent_buildid,
        new.parent_relationship,
        new.rebuilt_buildid
    ])?;
    let bsid = conn.last_insert_rowid();

    let mut prop = conn.prepare_cached(
        "INSERT INTO buildset_properties (buildsetid, property_name, property_value) VALUES (?1, ?2, ?3)",
    )?;
    for (name, (value, source)) in &new.properties {
        prop.execute(params![
            bsid,
            name,
            serde_json::json!([value, source]).to_string()
        ])?;
    }

    let mut link = conn.prepare_cached(
        "INSERT OR IGNORE INTO buildset_sourcestamps (buildsetid, sourcestampid) VALUES (?1, ?2)",
    )?;
    for ssid in ssids {
        link.execute([bsid, ssid])?;
    }

    let mut request = conn.prepare_cached(
        "INSERT INTO buildrequests (buildsetid, builderid, priority, complete, results, submitted_at, \
         complete_at, waited_for) VALUES (?1, ?2, ?3, 0, -1, ?4, NULL, ?5)",
    )?;
    let mut brids = BTreeMap::new();
    for &builderid in &new.builderids {
        request.execute(params![
            bsid,
            builderid,
            new.priority,
            new.submitted_at,
            i64::from(new.waited_for)
        ])?;
        brids.insert(builderid.to_string(), conn.last_insert_rowid());
    }
    Ok(Added { bsid, brids })
}

/// Fail (exit 4) unless a build with this id exists; `what` names the flag.
pub fn check_build_exists(conn: &Connection, buildid: i64, what: &str) -> Result<()> {
    let mut stmt = conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM builds WHERE id = ?1)")?;
    if stmt.query_row([buildid], |row| row.get::<_, bool>(0))? {
        Ok(())
    } else {
        Err(Error::not_found(format!("{what}: build {buildid} does not exist")).with_ids([buildid]))
    }
}

/// The buildset entity's fields, for the result spec.
pub const FIELDS: &[Field] = &[
    Field::new("bsid", "bs.id", Type::Integer),
    Field::new("external_idstring", "bs.external_idstring", Type::Text),
    Field::new("reason", "bs.reason", Type::Text),
    Field::new("submitted_at", "bs.submitted_at", Type::Time),
    Field::new(
        "complete",
        "(bs.complete IS NOT NULL AND bs.complete != 0)",
        Type::Boolean,
    ),
    Field::new("complete_at", "bs.complete_at", Type::Time),
    Field::new("results", "bs.results", Type::Results),
    Field::new("sourcestamps", "NULL", Type::Composite),
    Field::new("parent_buildid", "bs.parent_buildid", Type::Integer),
    Field::new("parent_relationship", "bs.parent_relationship", Type::Text),
    Field::new("rebuilt_buildid", "bs.rebuilt_buildid", Type::Integer),
];

/// Conditions for `--complete` / `--incomplete`, as getBuildsets defines
/// them (a NULL `complete` is incomplete).
pub fn complete_condition(complete: bool) -> &'static str {
    if complete {
        "bs.complete != 0"
    } else {
        "(bs.complete = 0 OR bs.complete IS NULL)"
    }
}

const SELECT: &str = "SELECT bs.id, bs.external_idstring, bs.reason, bs.submitted_at, bs.complete, bs.complete_at, \
     bs.results, bs.parent_buildid, bs.parent_relationship, bs.rebuilt_buildid FROM buildsets AS bs";

/// A buildset row, its sourcestamps still to be read.
fn from_row(row: &Row) -> rusqlite::Result<Buildset> {
    Ok(Buildset {
        bsid: row.get(0)?,
        external_idstring: row.get(1)?,
        reason: row.get(2)?,
        submitted_at: row.get(3)?,
        complete: row.get::<_, Option<i64>>(4)?.unwrap_or(0) != 0,
        complete_at: row.get(5)?,
        results: row.get(6)?,
        sourcestamps: Vec::new(),
        parent_buildid: row.get(7)?,
        parent_relationship: row.get(8)?,
        rebuilt_buildid: row.get(9)?,
    })
}

fn with_sourcestamps(conn: &Connection, mut buildsets: Vec<Buildset>) -> Result<Vec<Buildset>> {
    for bs in &mut buildsets {
        bs.sourcestamps = sourcestamps::for_buildset(conn, bs.bsid)?;
    }
    Ok(buildsets)
}

/// getBuildset.
pub fn get_buildset(conn: &Connection, bsid: i64) -> Result<Option<Buildset>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE bs.id = ?1"))?;
    match stmt.query_row([bsid], from_row).optional()? {
        None => Ok(None),
        Some(bs) => Ok(with_sourcestamps(conn, vec![bs])?.pop()),
    }
}

/// getBuildset, failing with exit 4 if there is none.
pub fn lookup(conn: &Connection, bsid: i64) -> Result<Buildset> {
    get_buildset(conn, bsid)?
        .ok_or_else(|| Error::not_found(format!("buildset {bsid} does not exist")).with_ids([bsid]))
}

/// getBuildsets, filtered, ordered and paged by `query`.
pub fn get_buildsets(conn: &Connection, query: &Query) -> Result<Vec<Buildset>> {
    let found = query.fetch(conn, SELECT, from_row)?;
    with_sourcestamps(conn, found)
}

/// getRecentBuildsets: the `count` most recently submitted buildsets that
/// have a sourcestamp (on `branch` / `repository` if given), oldest first.
/// Walks buildsets newest first by the submitted_at index and stops after
/// `count`, rather than joining every buildset to its sourcestamps.
pub fn get_recent_buildsets(
    conn: &Connection,
    count: u64,
    branch: Option<&str>,
    repository: Option<&str>,
    complete: Option<bool>,
) -> Result<Vec<Buildset>> {
    let mut sql = format!(
        "{SELECT} WHERE EXISTS (SELECT 1 FROM buildset_sourcestamps AS bss \
         JOIN sourcestamps AS ss ON ss.id = bss.sourcestampid WHERE bss.buildsetid = bs.id \
         AND (?1 IS NULL OR ss.branch = ?1) AND (?2 IS NULL OR ss.repository = ?2))"
    );
    if let Some(complete) = complete {
        sql.push_str(" AND ");
        sql.push_str(complete_condition(complete));
    }
    sql.push_str(" ORDER BY bs.submitted_at DESC, bs.id DESC LIMIT ?3");
    let mut stmt = conn.prepare_cached(&sql)?;
    let count = i64::try_from(count).unwrap_or(i64::MAX);
    let mut found: Vec<Buildset> = stmt
        .query_map(params![branch, repository, count], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    found.reverse();
    with_sourcestamps(conn, found)
}

/// completeBuildset: exit 4 if it does not exist, 3 if already complete.
pub fn complete_buildset(
    conn: &Connection,
    bsid: i64,
    results: i64,
    complete_at: i64,
) -> Result<()> {
    let changed = conn
        .prepare_cached(
            "UPDATE buildsets SET complete = 1, results = ?2, complete_at = ?3 \
             WHERE id = ?1 AND (complete IS NULL OR complete != 1)",
        )?
        .execute([bsid, results, complete_at])?;
    if changed == 1 {
        return Ok(());
    }
    lookup(conn, bsid)?;
    Err(Error::conflict(format!("buildset {bsid} is already complete")).with_ids([bsid]))
}

/// getBuildsetProperties: name -> `[value, source]`, for a buildset that
/// must exist (exit 4). Rows that are not JSON pairs are skipped, as
/// Buildbot skips them.
pub fn get_buildset_properties(
    conn: &Connection,
    bsid: i64,
) -> Result<serde_json::Map<String, serde_json::Value>> {
    let mut exists =
        conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM buildsets WHERE id = ?1)")?;
    if !exists.query_row([bsid], |row| row.get::<_, bool>(0))? {
        return Err(Error::not_found(format!("buildset {bsid} does not exist")).with_ids([bsid]));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT property_name, property_value FROM buildset_properties WHERE buildsetid = ?1 ORDER BY rowid",
    )?;
    let mut rows = stmt.query([bsid])?;
    let mut properties = serde_json::Map::new();
    while let Some(row) = rows.next()? {
        let name: String = row.get(0)?;
        let value: String = row.get(1)?;
        if let Ok(pair @ serde_json::Value::Array(_)) = serde_json::from_str(&value) {
            properties.insert(name, pair);
        }
    }
    Ok(properties)
}
