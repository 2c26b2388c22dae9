//! The sourcestamps connector (Buildbot docs 3.8.11): findSourceStampId and
//! the sourcestamps of a buildset.

use base64::Engine;
use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;

use super::hash_columns;
use crate::error::{Error, Result};

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
pub fn find_sourcestamp_id(conn: &Connection, ss: &SourceStampSpec, at: i64) -> Result<i64> {
    let ss_hash = hash_columns(&[
        ss.branch.as_deref(),
        ss.revision.as_deref(),
        Some(&ss.repository),
        Some(&ss.project),
        Some(&ss.codebase),
        None, // patchid
    ]);
    let mut find = conn.prepare_cached("SELECT id FROM sourcestamps WHERE ss_hash = ?1")?;
    if let Some(id) = find.query_row([&ss_hash], |row| row.get(0)).optional()? {
        return Ok(id);
    }
    conn.prepare_cached(
        "INSERT INTO sourcestamps (ss_hash, branch, revision, patchid, repository, codebase, project, created_at) \
         VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?6, ?7)",
    )?
    .execute(rusqlite::params![ss_hash, ss.branch, ss.revision, ss.repository, ss.codebase, ss.project, at])?;
    Ok(conn.last_insert_rowid())
}

/// Fail (exit 4) unless every id names a sourcestamp.
pub fn check_exist(conn: &Connection, ssids: &[i64]) -> Result<()> {
    let mut stmt =
        conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM sourcestamps WHERE id = ?1)")?;
    let mut missing = Vec::new();
    for &id in ssids {
        if !stmt.query_row([id], |row| row.get::<_, bool>(0))? {
            missing.push(id);
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = missing.iter().map(i64::to_string).collect();
    Err(
        Error::not_found(format!("sourcestamp {} does not exist", list.join(", ")))
            .with_ids(missing),
    )
}

const SELECT: &str = "SELECT ss.id, ss.branch, ss.revision, ss.repository, ss.project, ss.codebase, ss.created_at, \
     p.id, p.patchlevel, p.subdir, p.patch_author, p.patch_comment, p.patch_base64 \
     FROM sourcestamps AS ss LEFT JOIN patches AS p ON p.id = ss.patchid";

fn from_row(row: &Row) -> rusqlite::Result<SourceStamp> {
    let patch = match row.get::<_, Option<i64>>(7)? {
        None => None,
        Some(patchid) => {
            let encoded: String = row.get(12)?;
            let body = base64::engine::general_purpose::STANDARD
                .decode(encoded.trim())
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .unwrap_or(encoded);
            Some(Patch {
                patchid,
                level: row.get(8)?,
                subdir: row.get(9)?,
                author: row.get(10)?,
                comment: row.get(11)?,
                body,
            })
        }
    };
    Ok(SourceStamp {
        ssid: row.get(0)?,
        branch: row.get(1)?,
        revision: row.get(2)?,
        repository: row.get(3)?,
        project: row.get(4)?,
        codebase: row.get(5)?,
        created_at: row.get(6)?,
        patch,
    })
}

/// getSourceStamp.
pub fn get_sourcestamp(conn: &Connection, ssid: i64) -> Result<Option<SourceStamp>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE ss.id = ?1"))?;
    Ok(stmt.query_row([ssid], from_row).optional()?)
}

/// get_sourcestamps_for_buildset, in sourcestamp id order: the order in
/// which Buildbot reads them (SQLite answers its unordered query from the
/// `(buildsetid, sourcestampid)` index).
pub fn for_buildset(conn: &Connection, bsid: i64) -> Result<Vec<SourceStamp>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} JOIN buildset_sourcestamps AS bss ON bss.sourcestampid = ss.id \
         WHERE bss.buildsetid = ?1 ORDER BY bss.sourcestampid"
    ))?;
    let found = stmt
        .query_map([bsid], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(found)
}
