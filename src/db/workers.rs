//! The workers connector (Buildbot 4.3's `db/workers.py`): getWorkers and
//! getWorker, in the REST API's shape (`data/workers.py`).

use serde::Serialize;
use serde_json::Value;

use super::engine::{Row, Tx};
use super::resultspec::{Field, Query, Type};
use super::revisions::Capabilities;
use crate::error::{Error, Result};
use crate::params;
use crate::values::NameOrId;

/// A worker as the REST API shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Worker {
    pub workerid: i64,
    pub name: String,
    pub workerinfo: Value,
    pub paused: bool,
    /// Null before revision 064 (Buildbot 3.10), which added the column.
    pub pause_reason: Option<String>,
    pub graceful: bool,
    pub connected_to: Vec<ConnectedTo>,
    pub configured_on: Vec<ConfiguredOn>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ConnectedTo {
    pub masterid: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ConfiguredOn {
    pub builderid: i64,
    pub masterid: i64,
}

/// The worker's columns, then the masters it is connected to and the
/// builders and masters it is configured on (as two lists of the same
/// order), each gathered by an indexed subquery.
fn select(caps: Capabilities) -> String {
    format!(
        "SELECT w.id, w.name, w.info, w.paused, w.pause_reason, w.graceful, \
         (SELECT json_group_array(masterid) FROM \
            (SELECT cn.masterid FROM connected_workers AS cn WHERE cn.workerid = w.id \
             ORDER BY cn.id) AS c), \
         (SELECT json_group_array(builderid) FROM \
            (SELECT bm.builderid FROM configured_workers AS cf \
             JOIN builder_masters AS bm ON bm.id = cf.buildermasterid \
             WHERE cf.workerid = w.id ORDER BY cf.id) AS c), \
         (SELECT json_group_array(masterid) FROM \
            (SELECT bm.masterid FROM configured_workers AS cf \
             JOIN builder_masters AS bm ON bm.id = cf.buildermasterid \
             WHERE cf.workerid = w.id ORDER BY cf.id) AS c) \
         FROM {} AS w",
        caps.table("workers")
    )
}

fn from_row(row: &Row) -> Result<Worker> {
    let ids = |i: usize| -> Result<Vec<i64>> {
        let text = row.text(i)?;
        let list: Vec<i64> = serde_json::from_str(&text).map_err(|err| {
            Error::failure(format!("a worker's list is not JSON ({err}): {text}"))
        })?;
        Ok(list)
    };
    let info = row.text(2)?;
    let workerinfo = serde_json::from_str(&info)
        .map_err(|err| Error::failure(format!("a worker's info is not JSON ({err}): {info}")))?;
    Ok(Worker {
        workerid: row.int(0)?,
        name: row.text(1)?,
        workerinfo,
        paused: row.opt_int(3)?.unwrap_or(0) != 0,
        pause_reason: row.opt_text(4)?,
        graceful: row.opt_int(5)?.unwrap_or(0) != 0,
        connected_to: ids(6)?
            .into_iter()
            .map(|masterid| ConnectedTo { masterid })
            .collect(),
        configured_on: ids(7)?
            .into_iter()
            .zip(ids(8)?)
            .map(|(builderid, masterid)| ConfiguredOn {
                builderid,
                masterid,
            })
            .collect(),
    })
}

/// The `status` words of a worker.
pub const WORKER_STATUSES: &[&str] = &["paused", "graceful", "connected", "disconnected"];

/// The worker entity's fields, for the result spec, then the columns of
/// `worker list` that are not REST fields.
pub const FIELDS: &[Field] = &[
    Field::new("workerid", "w.id", Type::Integer),
    Field::new("name", "w.name", Type::Text),
    Field::new("workerinfo", "NULL", Type::Composite),
    Field::new("paused", "(w.paused != 0)", Type::Boolean),
    Field::new("pause_reason", "w.pause_reason", Type::Text),
    Field::new("graceful", "(w.graceful != 0)", Type::Boolean),
    Field::new("connected_to", "NULL", Type::Composite),
    Field::new("configured_on", "NULL", Type::Composite),
    Field::new(
        "status",
        "(CASE WHEN w.paused != 0 THEN 'paused' WHEN w.graceful != 0 THEN 'graceful' \
         WHEN EXISTS (SELECT 1 FROM connected_workers AS cn WHERE cn.workerid = w.id) \
         THEN 'connected' ELSE 'disconnected' END)",
        Type::Word(WORKER_STATUSES),
    ),
    Field::new("masters", "NULL", Type::Shown),
    Field::new(
        "builders",
        "(SELECT count(DISTINCT bm.builderid) FROM configured_workers AS cf \
         JOIN builder_masters AS bm ON bm.id = cf.buildermasterid WHERE cf.workerid = w.id)",
        Type::Integer,
    ),
];

/// getWorkers' arguments, with the builder and master resolved to ids.
#[derive(Debug, Clone, Default)]
pub struct Criteria {
    pub builderid: Option<i64>,
    pub masterid: Option<i64>,
    pub paused: Option<bool>,
    pub graceful: Option<bool>,
    pub connected: Option<bool>,
}

impl Criteria {
    /// Add these criteria to `query`: as Buildbot's join, a worker is kept
    /// when one of its configurations is on the builder and the master.
    pub fn apply(&self, query: &mut Query) {
        use super::engine::Value::Int;
        if self.builderid.is_some() || self.masterid.is_some() {
            let mut condition = "EXISTS (SELECT 1 FROM configured_workers AS cf \
                 JOIN builder_masters AS bm ON bm.id = cf.buildermasterid \
                 WHERE cf.workerid = w.id"
                .to_string();
            let mut params = Vec::new();
            if let Some(id) = self.builderid {
                condition.push_str(" AND bm.builderid = ?");
                params.push(Int(id));
            }
            if let Some(id) = self.masterid {
                condition.push_str(" AND bm.masterid = ?");
                params.push(Int(id));
            }
            condition.push(')');
            query.and(condition, params);
        }
        if let Some(paused) = self.paused {
            query.and(
                if paused {
                    "w.paused != 0"
                } else {
                    "w.paused = 0"
                },
                [],
            );
        }
        if let Some(graceful) = self.graceful {
            query.and(
                if graceful {
                    "w.graceful != 0"
                } else {
                    "w.graceful = 0"
                },
                [],
            );
        }
        if let Some(connected) = self.connected {
            let not = if connected { "" } else { "NOT " };
            match self.masterid {
                Some(id) => query.and(
                    format!(
                        "{not}EXISTS (SELECT 1 FROM connected_workers AS cn \
                         WHERE cn.workerid = w.id AND cn.masterid = ?)"
                    ),
                    [Int(id)],
                ),
                None => query.and(
                    format!(
                        "{not}EXISTS (SELECT 1 FROM connected_workers AS cn \
                         WHERE cn.workerid = w.id)"
                    ),
                    [],
                ),
            }
        }
    }

    /// Narrow what the workers say to the builder and master asked for,
    /// as Buildbot's getWorkers does: `configured_on` to both, and
    /// `connected_to` to the master.
    pub fn narrow(&self, workers: &mut [Worker]) {
        for worker in workers {
            worker.configured_on.retain(|c| {
                self.builderid.is_none_or(|id| c.builderid == id)
                    && self.masterid.is_none_or(|id| c.masterid == id)
            });
            if let Some(id) = self.masterid {
                worker.connected_to.retain(|c| c.masterid == id);
            }
        }
    }
}

/// getWorkers, filtered, ordered and paged by `query`.
pub fn get_workers(tx: &Tx, caps: Capabilities, query: &Query) -> Result<Vec<Worker>> {
    query.fetch(tx, &select(caps), from_row)
}

/// getWorker, by id or name; exit 4 if there is none.
pub fn lookup(tx: &Tx, caps: Capabilities, worker: &NameOrId) -> Result<Worker> {
    let found = match worker {
        NameOrId::Id(id) => tx.query_opt(
            &format!("{} WHERE w.id = ?1", select(caps)),
            params![*id],
            from_row,
        )?,
        NameOrId::Name(name) => tx.query_opt(
            &format!("{} WHERE w.name = ?1", select(caps)),
            params![name.as_str()],
            from_row,
        )?,
    };
    found.ok_or_else(|| worker.not_found("worker"))
}

/// The id of a worker named by id or name, which must exist (exit 4).
pub fn lookup_id(tx: &Tx, worker: &NameOrId) -> Result<i64> {
    let found = match worker {
        NameOrId::Id(id) => tx.query_opt(
            "SELECT id FROM workers WHERE id = ?1",
            params![*id],
            |row| row.int(0),
        )?,
        NameOrId::Name(name) => tx.query_opt(
            "SELECT id FROM workers WHERE name = ?1",
            params![name.as_str()],
            |row| row.int(0),
        )?,
    };
    found.ok_or_else(|| worker.not_found("worker"))
}

/// The names of the workers `ids`, by id.
pub fn names(tx: &Tx, ids: &[i64]) -> Result<std::collections::BTreeMap<i64, String>> {
    names_from(tx.batch(&[names_stmt(ids)])?.pop())
}

/// The statement of [`names`], to send with others; read by [`names_from`].
pub fn names_stmt(ids: &[i64]) -> super::engine::Stmt<'static> {
    super::names_stmt("workers", ids)
}

/// The names [`names_stmt`] found, by id.
pub fn names_from(
    answer: Option<super::engine::Done>,
) -> Result<std::collections::BTreeMap<i64, String>> {
    super::names_from(answer)
}
