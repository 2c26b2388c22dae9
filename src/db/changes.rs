//! The changes connector (Buildbot docs 3.8.8): addChange as the data
//! layer calls it for a change source, and getChange / getChanges with
//! files, properties and the sourcestamp.

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::engine::{Row, Tx};
use super::resultspec::{Field, Query, Type};
use super::sourcestamps::{self, SourceStamp, SourceStampSpec};
use super::users;
use crate::error::{Error, Result};
use crate::params;

/// A change as the REST API shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub changeid: i64,
    pub author: String,
    pub committer: Option<String>,
    pub comments: String,
    pub branch: Option<String>,
    pub revision: Option<String>,
    pub revlink: Option<String>,
    pub when_timestamp: i64,
    pub category: Option<String>,
    pub repository: String,
    pub codebase: String,
    pub project: String,
    pub files: Vec<String>,
    pub properties: Map<String, Value>,
    pub parent_changeids: Vec<i64>,
    pub sourcestamp: Option<SourceStamp>,
}

/// The change entity's fields, for the result spec.
pub const FIELDS: &[Field] = &[
    Field::new("changeid", "ch.changeid", Type::Integer),
    Field::new("author", "ch.author", Type::Text),
    Field::new("committer", "ch.committer", Type::Text),
    Field::new("comments", "ch.comments", Type::Text),
    Field::new("branch", "ch.branch", Type::Text),
    Field::new("revision", "ch.revision", Type::Text),
    Field::new("revlink", "ch.revlink", Type::Text),
    Field::new("when_timestamp", "ch.when_timestamp", Type::Time),
    Field::new("category", "ch.category", Type::Text),
    Field::new("repository", "ch.repository", Type::Text),
    Field::new("codebase", "ch.codebase", Type::Text),
    Field::new("project", "ch.project", Type::Text),
    Field::new("files", "NULL", Type::Composite),
    Field::new("properties", "NULL", Type::Composite),
    Field::new("parent_changeids", "NULL", Type::Composite),
    Field::new("sourcestamp", "NULL", Type::Composite),
    // `change list`'s age column (output::columns).
    Field::new("when", "ch.when_timestamp", Type::Age("when_timestamp")),
];

const SELECT: &str = "SELECT ch.changeid, ch.author, ch.committer, ch.comments, ch.branch, ch.revision, ch.revlink, \
     ch.when_timestamp, ch.category, ch.repository, ch.codebase, ch.project, ch.parent_changeids, ch.sourcestampid \
     FROM changes AS ch";

/// A change row; files, properties and the sourcestamp still to be read.
fn from_row(row: &Row) -> Result<(Change, i64)> {
    let change = Change {
        changeid: row.int(0)?,
        author: row.text(1)?,
        committer: row.opt_text(2)?,
        comments: row.text(3)?,
        branch: row.opt_text(4)?,
        revision: row.opt_text(5)?,
        revlink: row.opt_text(6)?,
        when_timestamp: row.int(7)?,
        category: row.opt_text(8)?,
        repository: row.text(9)?,
        codebase: row.text(10)?,
        project: row.text(11)?,
        files: Vec::new(),
        properties: Map::new(),
        parent_changeids: row.opt_int(12)?.into_iter().collect(),
        sourcestamp: None,
    };
    Ok((change, row.int(13)?))
}

fn complete(tx: &Tx, (mut change, ssid): (Change, i64)) -> Result<Change> {
    change.files = tx.query(
        "SELECT filename FROM change_files WHERE changeid = ?1 ORDER BY rowid",
        params![change.changeid],
        |row| row.text(0),
    )?;
    let rows = tx.query(
        "SELECT property_name, property_value FROM change_properties WHERE changeid = ?1 ORDER BY rowid",
        params![change.changeid],
        |row| Ok((row.text(0)?, row.text(1)?)),
    )?;
    for (name, stored) in rows {
        // As Buildbot reads them: [value, "Change"], or a bare value
        // recorded by old versions; text that is not JSON is skipped.
        if let Ok(value) = serde_json::from_str::<Value>(&stored) {
            let pair = match value {
                Value::Array(ref pair) if pair.len() == 2 && pair[1] == "Change" => value,
                other => json!([other, "Change"]),
            };
            change.properties.insert(name, pair);
        }
    }
    change.sourcestamp = sourcestamps::get_sourcestamp(tx, ssid)?;
    Ok(change)
}

/// getChanges, filtered, ordered and paged by `query`.
pub fn get_changes(tx: &Tx, query: &Query) -> Result<Vec<Change>> {
    let rows: Vec<(Change, i64)> = query.fetch(tx, SELECT, from_row)?;
    rows.into_iter().map(|row| complete(tx, row)).collect()
}

/// getChange, failing with exit 4 if there is none.
pub fn lookup(tx: &Tx, changeid: i64) -> Result<Change> {
    let found = tx.query_opt(
        &format!("{SELECT} WHERE ch.changeid = ?1"),
        params![changeid],
        from_row,
    )?;
    match found {
        Some(row) => complete(tx, row),
        None => {
            Err(Error::not_found(format!("change {changeid} does not exist")).with_ids([changeid]))
        }
    }
}

/// A change to add, as a change source hands it to the data layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChange {
    pub author: String,
    pub committer: String,
    pub comments: String,
    pub branch: Option<String>,
    pub revision: Option<String>,
    pub when_timestamp: i64,
    pub category: Option<String>,
    pub repository: String,
    pub project: String,
    pub codebase: String,
    pub files: Vec<String>,
    /// The version control system the change comes from (`git`): its author
    /// becomes a user with that attribute, as Buildbot's
    /// `createUserObject` makes one.
    pub src: &'static str,
}

/// addChange: the sourcestamp found or created by its hash (at `at`), the
/// changes row with the latest earlier change of the same branch,
/// repository, project and codebase as its parent, its files, and the
/// author's user. Returns the new change id.
pub fn add_change(tx: &Tx, change: &NewChange, at: i64) -> Result<i64> {
    let ssid = sourcestamps::find_sourcestamp_id(
        tx,
        &SourceStampSpec {
            branch: change.branch.clone(),
            revision: change.revision.clone(),
            repository: change.repository.clone(),
            project: change.project.clone(),
            codebase: change.codebase.clone(),
        },
        at,
    )?;
    let uid = users::find_user_by_attr(tx, &change.author, change.src, &change.author)?;
    // `branch = NULL` matches nothing, as in Buildbot's query.
    let parent = tx.query_opt(
        "SELECT changeid FROM changes \
         WHERE branch = ?1 AND repository = ?2 AND project = ?3 AND codebase = ?4 \
         ORDER BY changeid DESC LIMIT 1",
        params![
            change.branch.as_deref(),
            &change.repository,
            &change.project,
            &change.codebase
        ],
        |row| row.int(0),
    )?;
    let changeid = tx.insert(
        "INSERT INTO changes (author, committer, comments, branch, revision, revlink, \
         when_timestamp, category, repository, codebase, project, sourcestampid, parent_changeids) \
         VALUES (?1, ?2, ?3, ?4, ?5, '', ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING changeid",
        params![
            &change.author,
            &change.committer,
            &change.comments,
            change.branch.as_deref(),
            change.revision.as_deref(),
            change.when_timestamp,
            change.category.as_deref(),
            &change.repository,
            &change.codebase,
            &change.project,
            ssid,
            parent,
        ],
    )?;
    for name in &change.files {
        tx.execute(
            "INSERT INTO change_files (changeid, filename) VALUES (?1, ?2)",
            params![changeid, name],
        )?;
    }
    tx.execute(
        "INSERT INTO change_users (changeid, uid) VALUES (?1, ?2)",
        params![changeid, uid],
    )?;
    Ok(changeid)
}
