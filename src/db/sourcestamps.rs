//! The sourcestamps connector (Buildbot docs 3.8.11): findSourceStampId and
//! the sourcestamps of a buildset.

use std::collections::HashMap;

use base64::Engine;
use serde::Serialize;

use super::engine::{Row, Tx};
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
    let ss_hash = hash_columns(&[
        ss.branch.as_deref(),
        ss.revision.as_deref(),
        Some(&ss.repository),
        Some(&ss.project),
        Some(&ss.codebase),
        None, // patchid
    ]);
    let found = tx.query_opt(
        "SELECT id FROM sourcestamps WHERE ss_hash = ?1",
        params![&ss_hash],
        |row| row.int(0),
    )?;
    if let Some(id) = found {
        return Ok(id);
    }
    tx.insert(
        "INSERT INTO sourcestamps (ss_hash, branch, revision, patchid, repository, codebase, project, created_at) \
         VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?6, ?7) RETURNING id",
        params![
            ss_hash,
            ss.branch.as_deref(),
            ss.revision.as_deref(),
            &ss.repository,
            &ss.codebase,
            &ss.project,
            at
        ],
    )
}

/// Fail (exit 4) unless every id names a sourcestamp.
pub fn check_exist(tx: &Tx, ssids: &[i64]) -> Result<()> {
    let found = tx.query(
        "SELECT id FROM sourcestamps WHERE id IN (SELECT value FROM json_each(?1))",
        params![ssids],
        |row| row.int(0),
    )?;
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
    let rows = tx.query(
        &format!(
            "SELECT {COLUMNS}, bss.buildsetid {FROM} \
             JOIN buildset_sourcestamps AS bss ON bss.sourcestampid = ss.id \
             WHERE bss.buildsetid IN (SELECT value FROM json_each(?1)) \
             ORDER BY bss.buildsetid, bss.sourcestampid"
        ),
        params![bsids],
        |row| Ok((row.int(13)?, from_row(row)?)),
    )?;
    let mut found: HashMap<i64, Vec<SourceStamp>> = HashMap::new();
    for (bsid, ss) in rows {
        found.entry(bsid).or_default().push(ss);
    }
    Ok(found)
}
