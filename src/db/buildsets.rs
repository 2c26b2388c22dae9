//! The buildsets connector (Buildbot docs 3.8.1): addBuildset,
//! completeBuildset, getBuildset(s), getRecentBuildsets and
//! getBuildsetProperties.

use std::collections::BTreeMap;

use serde::Serialize;

use super::engine::{Row, Tx};
use super::resultspec::{self, Field, Query, Type};
use super::revisions::Capabilities;
use super::sourcestamps::{self, SourceStamp, SourceStampSpec};
use crate::error::{Error, Result};
use crate::params;

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
/// Before 065 there is no `rebuilt_buildid` to write (the command refuses
/// one before it gets here).
pub fn add_buildset(tx: &Tx, caps: Capabilities, new: &NewBuildset) -> Result<Added> {
    if new.rebuilt_buildid.is_some() && !caps.has_rebuilt_buildid() {
        return Err(Error::failure(format!(
            "a database at revision {} has no buildsets.rebuilt_buildid to write",
            caps.revision()
        )));
    }
    let mut ssids: Vec<i64> = Vec::with_capacity(new.sourcestamps.len());
    for ss in &new.sourcestamps {
        let ssid = match ss {
            SourceStampRef::Id(id) => *id,
            SourceStampRef::Values(spec) => {
                sourcestamps::find_sourcestamp_id(tx, spec, new.submitted_at)?
            }
        };
        // The same sourcestamp twice is linked once.
        if !ssids.contains(&ssid) {
            ssids.push(ssid);
        }
    }
    // The statement binds ?6 only where the column exists.
    let (rebuilt_column, rebuilt_value) = if caps.has_rebuilt_buildid() {
        (", rebuilt_buildid", ", ?6")
    } else {
        ("", "")
    };
    let bsid = tx.insert(
        &format!(
            "INSERT INTO buildsets (external_idstring, reason, submitted_at, complete, complete_at, results, \
             parent_buildid, parent_relationship{rebuilt_column}) \
             VALUES (?1, ?2, ?3, 0, NULL, -1, ?4, ?5{rebuilt_value}) RETURNING id"
        ),
        params![
            new.external_idstring.as_deref(),
            &new.reason,
            new.submitted_at,
            new.parent_buildid,
            new.parent_relationship.as_deref(),
            new.rebuilt_buildid
        ],
    )?;
    for (name, (value, source)) in &new.properties {
        tx.execute(
            "INSERT INTO buildset_properties (buildsetid, property_name, property_value) VALUES (?1, ?2, ?3)",
            params![bsid, name, serde_json::json!([value, source]).to_string()],
        )?;
    }
    // One statement each for the links and the requests, however many
    // sourcestamps and builders; request ids follow the builders' order.
    tx.execute(
        "INSERT INTO buildset_sourcestamps (buildsetid, sourcestampid) \
         SELECT CAST(?1 AS INTEGER), value FROM json_each(?2) ORDER BY key",
        params![bsid, &ssids],
    )?;
    let made = tx.query(
        "INSERT INTO buildrequests (buildsetid, builderid, priority, complete, results, submitted_at, \
         complete_at, waited_for) \
         SELECT CAST(?1 AS INTEGER), value, CAST(?3 AS INTEGER), 0, -1, CAST(?4 AS INTEGER), NULL, \
         CAST(?5 AS INTEGER) FROM json_each(?2) ORDER BY key RETURNING id, builderid",
        params![bsid, &new.builderids, new.priority, new.submitted_at, new.waited_for],
        |row| Ok((row.int(1)?, row.int(0)?)),
    )?;
    let mut brids = BTreeMap::new();
    for (builderid, brid) in made {
        brids.insert(builderid.to_string(), brid);
    }
    Ok(Added { bsid, brids })
}

/// Fail (exit 4) unless a build with this id exists; `what` names the flag.
pub fn check_build_exists(tx: &Tx, buildid: i64, what: &str) -> Result<()> {
    let found = tx.query_opt(
        "SELECT 1 FROM builds WHERE id = ?1",
        params![buildid],
        |_| Ok(()),
    )?;
    if found.is_some() {
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
    // The columns of `buildset list` that are not REST fields, as its
    // table shows them (output::columns), so that they filter in SQL.
    Field::new(
        "status",
        concat!(
            "(CASE WHEN bs.complete IS NOT NULL AND bs.complete != 0 THEN ",
            crate::results_case!("bs.results"),
            " ELSE 'pending' END)"
        ),
        Type::Word(resultspec::BUILDSET_STATUSES),
    ),
    Field::new("submitted", "bs.submitted_at", Type::Age("submitted_at")),
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

/// Before 065 `rebuilt_buildid` reads as null.
fn select(caps: Capabilities) -> String {
    format!(
        "SELECT bs.id, bs.external_idstring, bs.reason, bs.submitted_at, bs.complete, bs.complete_at, \
         bs.results, bs.parent_buildid, bs.parent_relationship, bs.rebuilt_buildid FROM {} AS bs",
        caps.table("buildsets")
    )
}

/// A buildset row, its sourcestamps still to be read.
fn from_row(row: &Row) -> Result<Buildset> {
    Ok(Buildset {
        bsid: row.int(0)?,
        external_idstring: row.opt_text(1)?,
        reason: row.opt_text(2)?,
        submitted_at: row.int(3)?,
        complete: row.opt_int(4)?.unwrap_or(0) != 0,
        complete_at: row.opt_int(5)?,
        results: row.opt_int(6)?,
        sourcestamps: Vec::new(),
        parent_buildid: row.opt_int(7)?,
        parent_relationship: row.opt_text(8)?,
        rebuilt_buildid: row.opt_int(9)?,
    })
}

/// The buildsets with their sourcestamps, read in one statement.
fn with_sourcestamps(tx: &Tx, mut buildsets: Vec<Buildset>) -> Result<Vec<Buildset>> {
    let bsids: Vec<i64> = buildsets.iter().map(|bs| bs.bsid).collect();
    let mut found = sourcestamps::for_buildsets(tx, &bsids)?;
    for bs in &mut buildsets {
        bs.sourcestamps = found.remove(&bs.bsid).unwrap_or_default();
    }
    Ok(buildsets)
}

/// getBuildset.
pub fn get_buildset(tx: &Tx, caps: Capabilities, bsid: i64) -> Result<Option<Buildset>> {
    match tx.query_opt(
        &format!("{} WHERE bs.id = ?1", select(caps)),
        params![bsid],
        from_row,
    )? {
        None => Ok(None),
        Some(bs) => Ok(with_sourcestamps(tx, vec![bs])?.pop()),
    }
}

/// getBuildset, failing with exit 4 if there is none.
pub fn lookup(tx: &Tx, caps: Capabilities, bsid: i64) -> Result<Buildset> {
    get_buildset(tx, caps, bsid)?
        .ok_or_else(|| Error::not_found(format!("buildset {bsid} does not exist")).with_ids([bsid]))
}

/// getBuildsets, filtered, ordered and paged by `query`.
pub fn get_buildsets(tx: &Tx, caps: Capabilities, query: &Query) -> Result<Vec<Buildset>> {
    let found = query.fetch(tx, &select(caps), from_row)?;
    with_sourcestamps(tx, found)
}

/// getRecentBuildsets: the `count` most recently submitted buildsets that
/// have a sourcestamp (on `branch` / `repository` if given), oldest first.
/// Walks buildsets newest first by the submitted_at index and stops after
/// `count`, rather than joining every buildset to its sourcestamps.
pub fn get_recent_buildsets(
    tx: &Tx,
    caps: Capabilities,
    count: u64,
    branch: Option<&str>,
    repository: Option<&str>,
    complete: Option<bool>,
) -> Result<Vec<Buildset>> {
    let mut sql = format!(
        "{} WHERE EXISTS (SELECT 1 FROM buildset_sourcestamps AS bss \
         JOIN sourcestamps AS ss ON ss.id = bss.sourcestampid WHERE bss.buildsetid = bs.id \
         AND (CAST(?1 AS TEXT) IS NULL OR ss.branch = ?1) \
         AND (CAST(?2 AS TEXT) IS NULL OR ss.repository = ?2))",
        select(caps)
    );
    if let Some(complete) = complete {
        sql.push_str(" AND ");
        sql.push_str(complete_condition(complete));
    }
    sql.push_str(" ORDER BY bs.submitted_at DESC, bs.id DESC LIMIT ?3");
    let count = i64::try_from(count).unwrap_or(i64::MAX);
    let mut found = tx.query(&sql, params![branch, repository, count], from_row)?;
    found.reverse();
    with_sourcestamps(tx, found)
}

/// completeBuildset: exit 4 if it does not exist, 3 if already complete.
pub fn complete_buildset(tx: &Tx, bsid: i64, results: i64, complete_at: i64) -> Result<()> {
    let changed = tx.execute(
        "UPDATE buildsets SET complete = 1, results = ?2, complete_at = ?3 \
         WHERE id = ?1 AND (complete IS NULL OR complete != 1)",
        params![bsid, results, complete_at],
    )?;
    if changed == 1 {
        return Ok(());
    }
    check_exists(tx, bsid)?;
    Err(Error::conflict(format!("buildset {bsid} is already complete")).with_ids([bsid]))
}

/// Fail (exit 4) unless the buildset exists.
pub fn check_exists(tx: &Tx, bsid: i64) -> Result<()> {
    let exists = tx.query_opt(
        "SELECT 1 FROM buildsets WHERE id = ?1",
        params![bsid],
        |_| Ok(()),
    )?;
    match exists {
        Some(()) => Ok(()),
        None => Err(Error::not_found(format!("buildset {bsid} does not exist")).with_ids([bsid])),
    }
}

/// getBuildsetProperties: name -> `[value, source]`, for a buildset that
/// must exist (exit 4). Rows that are not JSON pairs are skipped, as
/// Buildbot skips them.
pub fn get_buildset_properties(
    tx: &Tx,
    bsid: i64,
) -> Result<serde_json::Map<String, serde_json::Value>> {
    check_exists(tx, bsid)?;
    let rows = tx.query(
        "SELECT property_name, property_value FROM buildset_properties WHERE buildsetid = ?1 ORDER BY rowid",
        params![bsid],
        |row| Ok((row.text(0)?, row.text(1)?)),
    )?;
    let mut properties = serde_json::Map::new();
    for (name, value) in rows {
        if let Ok(pair @ serde_json::Value::Array(_)) = serde_json::from_str(&value) {
            properties.insert(name, pair);
        }
    }
    Ok(properties)
}
