//! The buildsets connector (Buildbot docs 3.8.1): addBuildset,
//! completeBuildset, getBuildset(s), getRecentBuildsets and
//! getBuildsetProperties.

use std::collections::BTreeMap;

use serde::Serialize;

use super::engine::{Done, EngineKind, Row, Stmt, Tx, Value};
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
    Ok(add_buildset_with(tx, caps, new, |_| Vec::new())?.0)
}

/// [`add_buildset`], with the statements `with` makes of the new
/// buildset's id sent after its own, in the same batch; their answers.
/// Sourcestamps given by id cost nothing more: the buildset is one round
/// trip and the rest another, however many builders and properties.
pub fn add_buildset_with(
    tx: &Tx,
    caps: Capabilities,
    new: &NewBuildset,
    with: impl FnOnce(i64) -> Vec<Stmt<'static>>,
) -> Result<(Added, Vec<Done>)> {
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
    let mut statements: Vec<Stmt> = new
        .properties
        .iter()
        .map(|(name, (value, source))| {
            Stmt::execute(
                "INSERT INTO buildset_properties (buildsetid, property_name, property_value) VALUES (?1, ?2, ?3)",
                params![bsid, name, serde_json::json!([value, source]).to_string()].to_vec(),
            )
        })
        .collect();
    // One statement each for the links and the requests, however many
    // sourcestamps and builders; request ids follow the builders' order.
    statements.push(Stmt::execute(
        "INSERT INTO buildset_sourcestamps (buildsetid, sourcestampid) \
         SELECT CAST(?1 AS INTEGER), value FROM json_each(?2) ORDER BY key",
        params![bsid, &ssids].to_vec(),
    ));
    statements.push(Stmt::query(
        "INSERT INTO buildrequests (buildsetid, builderid, priority, complete, results, submitted_at, \
         complete_at, waited_for) \
         SELECT CAST(?1 AS INTEGER), value, CAST(?3 AS INTEGER), 0, -1, CAST(?4 AS INTEGER), NULL, \
         CAST(?5 AS INTEGER) FROM json_each(?2) ORDER BY key RETURNING id, builderid",
        params![bsid, &new.builderids, new.priority, new.submitted_at, new.waited_for].to_vec(),
    ));
    let own = statements.len();
    statements.extend(with(bsid));
    let mut answers = tx.batch(&statements)?;
    let theirs = answers.split_off(own);
    let mut brids = BTreeMap::new();
    for row in Done::rows_of(answers.pop()) {
        brids.insert(row.int(1)?.to_string(), row.int(0)?);
    }
    Ok((Added { bsid, brids }, theirs))
}

/// Fail (exit 4) unless a build with this id exists; `what` names the flag.
pub fn check_build_exists(tx: &Tx, buildid: i64, what: &str) -> Result<()> {
    build_exists_from(
        tx.batch(&[build_exists_stmt(buildid)])?.pop(),
        buildid,
        what,
    )
}

/// The statement of [`check_build_exists`], to send with others; read by
/// [`build_exists_from`].
pub fn build_exists_stmt(buildid: i64) -> Stmt<'static> {
    Stmt::query(
        "SELECT 1 FROM builds WHERE id = ?1",
        vec![Value::Int(buildid)],
    )
}

/// Exit 4 unless [`build_exists_stmt`] found the build.
pub fn build_exists_from(answer: Option<Done>, buildid: i64, what: &str) -> Result<()> {
    if Done::rows_of(answer).is_empty() {
        Err(Error::not_found(format!("{what}: build {buildid} does not exist")).with_ids([buildid]))
    } else {
        Ok(())
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
    Ok(get_buildsets_by_ids(tx, caps, &[bsid])?.pop())
}

/// getBuildset for each of `bsids` that exists, in id order: the rows and
/// their sourcestamps in one round trip.
pub fn get_buildsets_by_ids(tx: &Tx, caps: Capabilities, bsids: &[i64]) -> Result<Vec<Buildset>> {
    Ok(read_with_properties(tx, caps, bsids, None)?.0)
}

/// getBuildset and getBuildsetProperties of one buildset, which must
/// exist (exit 4), in one round trip.
pub fn get_buildset_with_properties(
    tx: &Tx,
    caps: Capabilities,
    bsid: i64,
) -> Result<(Buildset, Properties)> {
    let (mut found, properties) = read_with_properties(tx, caps, &[bsid], Some(bsid))?;
    match (found.pop(), properties) {
        (Some(buildset), Some(properties)) => Ok((buildset, properties)),
        _ => Err(not_found(bsid)),
    }
}

/// A buildset's properties: name -> `[value, source]`.
pub type Properties = serde_json::Map<String, serde_json::Value>;

/// The buildsets `bsids` with their sourcestamps, in id order, and the
/// properties of `properties_of`: one batch of statements.
fn read_with_properties(
    tx: &Tx,
    caps: Capabilities,
    bsids: &[i64],
    properties_of: Option<i64>,
) -> Result<(Vec<Buildset>, Option<Properties>)> {
    if bsids.is_empty() {
        return Ok((Vec::new(), None));
    }
    let mut statements = by_ids_stmts(caps, bsids);
    statements.extend(properties_of.map(properties_stmt));
    let mut answers = tx.batch(&statements)?.into_iter();
    let buildsets = by_ids_from(&mut answers)?;
    let properties = match properties_of {
        Some(_) => Some(properties_from(Done::rows_of(answers.next()))?),
        None => None,
    };
    Ok((buildsets, properties))
}

/// The statements of [`get_buildsets_by_ids`], to send with others; their
/// answers are read, in order, by [`by_ids_from`].
pub fn by_ids_stmts(caps: Capabilities, bsids: &[i64]) -> Vec<Stmt<'static>> {
    vec![
        Stmt::query(
            format!(
                "{} WHERE bs.id IN (SELECT value FROM json_each(?1)) ORDER BY bs.id",
                select(caps)
            ),
            vec![Value::Ids(bsids.to_vec())],
        ),
        sourcestamps::for_buildsets_stmt(bsids),
    ]
}

/// The buildsets that [`by_ids_stmts`] found, taking their answers from
/// `answers`.
pub fn by_ids_from(answers: &mut impl Iterator<Item = Done>) -> Result<Vec<Buildset>> {
    let mut buildsets = Done::rows_of(answers.next())
        .iter()
        .map(from_row)
        .collect::<Result<Vec<_>>>()?;
    let mut found = sourcestamps::by_buildset(Done::rows_of(answers.next()))?;
    for bs in &mut buildsets {
        bs.sourcestamps = found.remove(&bs.bsid).unwrap_or_default();
    }
    Ok(buildsets)
}

/// getBuildset, failing with exit 4 if there is none.
pub fn lookup(tx: &Tx, caps: Capabilities, bsid: i64) -> Result<Buildset> {
    get_buildset(tx, caps, bsid)?.ok_or_else(|| not_found(bsid))
}

fn not_found(bsid: i64) -> Error {
    Error::not_found(format!("buildset {bsid} does not exist")).with_ids([bsid])
}

/// getBuildsets, filtered, ordered and paged by `query`.
pub fn get_buildsets(tx: &Tx, caps: Capabilities, query: &Query) -> Result<Vec<Buildset>> {
    let found = query.fetch(tx, &select(caps), from_row)?;
    with_sourcestamps(tx, found)
}

/// A buildset has a sourcestamp on `?1` (a branch) and `?2` (a
/// repository), each if given. On MySQL a scalar subquery: MariaDB turns
/// the EXISTS into an IN and materializes every buildset's sourcestamps on
/// the branch before taking the newest (220k rows, 0.9 s at 1M requests),
/// where a scalar subquery, which it cannot turn into a join, is looked up
/// for each buildset as the walk newest first reaches it (20 ms).
fn has_sourcestamp(engine: EngineKind) -> &'static str {
    match engine {
        EngineKind::Mysql => {
            "(SELECT 1 FROM buildset_sourcestamps AS bss \
             JOIN sourcestamps AS ss ON ss.id = bss.sourcestampid WHERE bss.buildsetid = bs.id \
             AND (CAST(?1 AS TEXT) IS NULL OR ss.branch = ?1) \
             AND (CAST(?2 AS TEXT) IS NULL OR ss.repository = ?2) LIMIT 1) IS NOT NULL"
        }
        _ => {
            "EXISTS (SELECT 1 FROM buildset_sourcestamps AS bss \
             JOIN sourcestamps AS ss ON ss.id = bss.sourcestampid WHERE bss.buildsetid = bs.id \
             AND (CAST(?1 AS TEXT) IS NULL OR ss.branch = ?1) \
             AND (CAST(?2 AS TEXT) IS NULL OR ss.repository = ?2))"
        }
    }
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
    let mut sql = format!("{} WHERE {}", select(caps), has_sourcestamp(tx.engine()));
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
    let answer = tx.batch(&[exists_stmt(bsid)])?;
    exists_from(answer.into_iter().flat_map(Done::rows), bsid)
}

/// The statement of [`check_exists`], read by [`exists_from`].
pub fn exists_stmt(bsid: i64) -> Stmt<'static> {
    Stmt::query(
        "SELECT 1 FROM buildsets WHERE id = ?1",
        vec![Value::Int(bsid)],
    )
}

/// Exit 4 unless [`exists_stmt`] found a row.
pub fn exists_from(rows: impl IntoIterator<Item = Row>, bsid: i64) -> Result<()> {
    match rows.into_iter().next() {
        Some(_) => Ok(()),
        None => Err(not_found(bsid)),
    }
}

/// getBuildsetProperties: name -> `[value, source]`, for a buildset that
/// must exist (exit 4), in one round trip. Rows that are not JSON pairs are
/// skipped, as Buildbot skips them.
pub fn get_buildset_properties(tx: &Tx, bsid: i64) -> Result<Properties> {
    let mut answers = tx
        .batch(&[exists_stmt(bsid), properties_stmt(bsid)])?
        .into_iter()
        .map(Done::rows);
    exists_from(answers.next().unwrap_or_default(), bsid)?;
    properties_from(answers.next().unwrap_or_default())
}

fn properties_stmt(bsid: i64) -> Stmt<'static> {
    Stmt::query(
        "SELECT property_name, property_value FROM buildset_properties WHERE buildsetid = ?1 ORDER BY rowid",
        vec![Value::Int(bsid)],
    )
}

fn properties_from(rows: Vec<Row>) -> Result<Properties> {
    let mut properties = serde_json::Map::new();
    for row in rows {
        let (name, value) = (row.text(0)?, row.text(1)?);
        if let Ok(pair @ serde_json::Value::Array(_)) = serde_json::from_str(&value) {
            properties.insert(name, pair);
        }
    }
    Ok(properties)
}
