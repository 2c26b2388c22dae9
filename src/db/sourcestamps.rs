//! The sourcestamps connector (Buildbot docs 3.8.11): findSourceStampId and
//! the sourcestamps of a buildset.

use std::collections::HashMap;

use base64::Engine;
use serde::Serialize;

use super::engine::{Done, Row, Stmt, Tx, Value};
use super::hash_columns;
use crate::error::{Error, Result};
use crate::params;

/// What identifies a sourcestamp, as findSourceStampId takes it (bb does
/// not create patches).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceStampSpec {
    pub branch: Option<String>,
    pub revision: Option<String>,
    pub repository: String,
    pub project: String,
    pub codebase: String,
}

/// A sourcestamp as the REST API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceStamp {
    pub ssid: i64,
    pub branch: Option<String>,
    pub revision: Option<String>,
    pub repository: String,
    pub project: String,
    pub codebase: String,
    pub created_at: i64,
    pub patch: Option<Patch>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Patch {
    pub patchid: i64,
    pub level: i64,
    pub subdir: Option<String>,
    pub author: String,
    pub comment: String,
    pub body: String,
}

/// findSourceStampId: the sourcestamp with Buildbot's `ss_hash` of these
/// values, created at `at` if new.
pub fn find_sourcestamp_id(tx: &Tx, ss: &SourceStampSpec, at: i64) -> Result<i64> {
    let ss_hash = ss_hash(ss);
    let found = tx.query_opt(
        "SELECT id FROM sourcestamps WHERE ss_hash = ?1",
        params![&ss_hash],
        |row| row.int(0),
    )?;
    if let Some(id) = found {
        return Ok(id);
    }
    let insert = insert_stmt(ss, at);
    tx.insert(&insert.sql, &insert.params)
}

/// Buildbot's `ss_hash` of a sourcestamp without a patch.
pub fn ss_hash(ss: &SourceStampSpec) -> String {
    hash_columns(&[
        ss.branch.as_deref(),
        ss.revision.as_deref(),
        Some(&ss.repository),
        Some(&ss.project),
        Some(&ss.codebase),
        None, // patchid
    ])
}

/// The statement that creates the sourcestamp `ss` at `at`, returning its
/// id.
pub fn insert_stmt(ss: &SourceStampSpec, at: i64) -> Stmt<'static> {
    Stmt::query(
        "INSERT INTO sourcestamps (ss_hash, branch, revision, patchid, repository, codebase, project, created_at) \
         VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?6, ?7) RETURNING id",
        params![
            ss_hash(ss),
            ss.branch.as_deref(),
            ss.revision.as_deref(),
            &ss.repository,
            &ss.codebase,
            &ss.project,
            at
        ]
        .to_vec(),
    )
}

/// The statement that finds the sourcestamps with these `ss_hash`es, to
/// send with others; read by [`ids_by_hash`].
pub fn by_hash_stmt(hashes: &[String]) -> Stmt<'static> {
    Stmt::query(
        "SELECT ss_hash, id FROM sourcestamps WHERE ss_hash IN (SELECT value FROM json_each(?1))",
        vec![Value::Texts(hashes.to_vec())],
    )
}

/// The ids [`by_hash_stmt`] found, by `ss_hash`.
pub fn ids_by_hash(answer: Option<Done>) -> Result<HashMap<String, i64>> {
    Done::read_all(answer, |row| Ok((row.text(0)?, row.int(1)?)))
}

/// Fail (exit 4) unless every id names a sourcestamp.
pub fn check_exist(tx: &Tx, ssids: &[i64]) -> Result<()> {
    check_exist_from(tx.batch(&[exist_stmt(ssids)])?.pop(), ssids)
}

/// The statement of [`check_exist`], to send with others; read by
/// [`check_exist_from`].
pub fn exist_stmt(ssids: &[i64]) -> Stmt<'static> {
    Stmt::query(
        "SELECT id FROM sourcestamps WHERE id IN (SELECT value FROM json_each(?1))",
        vec![Value::Ids(ssids.to_vec())],
    )
}

/// Exit 4 unless [`exist_stmt`] found every one of `ssids`.
pub fn check_exist_from(answer: Option<Done>, ssids: &[i64]) -> Result<()> {
    let found: Vec<i64> = Done::read_all(answer, |row| row.int(0))?;
    let missing: Vec<i64> = ssids
        .iter()
        .copied()
        .filter(|id| !found.contains(id))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = missing.iter().map(i64::to_string).collect();
    Err(
        Error::not_found(format!("sourcestamp {} does not exist", list.join(", ")))
            .with_ids(missing),
    )
}

const COLUMNS: &str = "ss.id, ss.branch, ss.revision, ss.repository, ss.project, ss.codebase, ss.created_at, \
     p.id, p.patchlevel, p.subdir, p.patch_author, p.patch_comment, p.patch_base64";
const FROM: &str = "FROM sourcestamps AS ss LEFT JOIN patches AS p ON p.id = ss.patchid";

fn from_row(row: &Row) -> Result<SourceStamp> {
    let patch = match row.opt_int(7)? {
        None => None,
        Some(patchid) => {
            let encoded = row.text(12)?;
            let body = base64::engine::general_purpose::STANDARD
                .decode(encoded.trim())
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .unwrap_or(encoded);
            Some(Patch {
                patchid,
                level: row.int(8)?,
                subdir: row.opt_text(9)?,
                author: row.text(10)?,
                comment: row.text(11)?,
                body,
            })
        }
    };
    Ok(SourceStamp {
        ssid: row.int(0)?,
        branch: row.opt_text(1)?,
        revision: row.opt_text(2)?,
        repository: row.text(3)?,
        project: row.text(4)?,
        codebase: row.text(5)?,
        created_at: row.int(6)?,
        patch,
    })
}

/// getSourceStamp.
pub fn get_sourcestamp(tx: &Tx, ssid: i64) -> Result<Option<SourceStamp>> {
    tx.query_opt(
        &format!("SELECT {COLUMNS} {FROM} WHERE ss.id = ?1"),
        params![ssid],
        from_row,
    )
}

/// get_sourcestamps_for_buildset for each of `bsids`, in one statement:
/// each buildset's in sourcestamp id order, the order in which Buildbot
/// reads them (SQLite answers its unordered query from the `(buildsetid,
/// sourcestampid)` index).
pub fn for_buildsets(tx: &Tx, bsids: &[i64]) -> Result<HashMap<i64, Vec<SourceStamp>>> {
    let answer = tx.batch(&[for_buildsets_stmt(bsids)])?;
    by_buildset(answer.into_iter().flat_map(Done::rows))
}

/// The statement of [`for_buildsets`], to send with others; its rows are
/// read by [`by_buildset`].
pub fn for_buildsets_stmt(bsids: &[i64]) -> Stmt<'static> {
    Stmt::query(
        format!(
            "SELECT {COLUMNS}, bss.buildsetid {FROM} \
             JOIN buildset_sourcestamps AS bss ON bss.sourcestampid = ss.id \
             WHERE bss.buildsetid IN (SELECT value FROM json_each(?1)) \
             ORDER BY bss.buildsetid, bss.sourcestampid"
        ),
        vec![Value::Ids(bsids.to_vec())],
    )
}

/// The rows of [`for_buildsets_stmt`], by buildset.
pub fn by_buildset(rows: impl IntoIterator<Item = Row>) -> Result<HashMap<i64, Vec<SourceStamp>>> {
    let mut found: HashMap<i64, Vec<SourceStamp>> = HashMap::new();
    for row in rows {
        found.entry(row.int(13)?).or_default().push(from_row(&row)?);
    }
    Ok(found)
}
