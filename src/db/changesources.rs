//! The changesources connector (Buildbot docs 3.8.9): findChangeSourceId,
//! setChangeSourceMaster, getChangeSource(s), with claims judged as the
//! documentation (not the code) says.

use serde::Serialize;

use super::engine::{Done, Row, Stmt, Tx, Value};
use super::hash_columns;
use super::masters::Master;
use super::resultspec::{Field, Query, Type};
use super::running::CHECK_IN_WINDOW;
use crate::error::{Error, Result};
use crate::params;
use crate::values::NameOrId;

/// A change source as the REST API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeSource {
    pub changesourceid: i64,
    pub name: String,
    pub master: Option<Master>,
}

const SELECT: &str = "SELECT cs.id, cs.name, m.id, m.name, m.active, m.last_active \
     FROM changesources AS cs \
     LEFT JOIN changesource_masters AS csm ON csm.changesourceid = cs.id \
     LEFT JOIN masters AS m ON m.id = csm.masterid";

fn from_row(row: &Row) -> Result<ChangeSource> {
    let master = match row.opt_int(2)? {
        None => None,
        Some(masterid) => Some(Master {
            masterid,
            name: row.text(3)?,
            active: row.flag(4)?,
            last_active: row.int(5)?,
        }),
    };
    Ok(ChangeSource {
        changesourceid: row.int(0)?,
        name: row.text(1)?,
        master,
    })
}

/// The change source entity's fields, for the result spec.
pub const FIELDS: &[Field] = &[
    Field::new("changesourceid", "cs.id", Type::Integer),
    Field::new("name", "cs.name", Type::Text),
    Field::new("master", "NULL", Type::Composite),
];

/// getChangeSources, filtered, ordered and paged by `query`.
pub fn get_change_sources(tx: &Tx, query: &Query) -> Result<Vec<ChangeSource>> {
    query.fetch(tx, SELECT, from_row)
}

/// getChangeSource.
pub fn get_change_source(tx: &Tx, changesourceid: i64) -> Result<Option<ChangeSource>> {
    tx.query_opt(
        &format!("{SELECT} WHERE cs.id = ?1"),
        params![changesourceid],
        from_row,
    )
}

/// A change source named by id or name, which must exist (exit 4).
pub fn lookup(tx: &Tx, changesource: &NameOrId) -> Result<ChangeSource> {
    lookup_from(tx.batch(&[lookup_stmt(changesource)])?.pop(), changesource)
}

/// The statement of [`lookup`], to send with others; read by
/// [`lookup_from`].
pub fn lookup_stmt(changesource: &NameOrId) -> Stmt<'static> {
    let (condition, key) = match changesource {
        NameOrId::Id(id) => ("cs.id", Value::Int(*id)),
        NameOrId::Name(name) => ("cs.name_hash", hash_columns(&[Some(name)]).into()),
    };
    Stmt::query(format!("{SELECT} WHERE {condition} = ?1"), vec![key])
}

/// The change source [`lookup_stmt`] found; exit 4 if none.
pub fn lookup_from(answer: Option<Done>, changesource: &NameOrId) -> Result<ChangeSource> {
    match Done::rows_of(answer).first() {
        Some(row) => from_row(row),
        None => Err(changesource.not_found("change source")),
    }
}

/// findChangeSourceId: the change source of that name, created if new.
pub fn find_change_source_id(tx: &Tx, name: &str) -> Result<i64> {
    let name_hash = hash_columns(&[Some(name)]);
    let found = tx.query_opt(
        "SELECT id FROM changesources WHERE name_hash = ?1",
        params![&name_hash],
        |row| row.int(0),
    )?;
    if let Some(id) = found {
        return Ok(id);
    }
    tx.insert(
        "INSERT INTO changesources (name, name_hash) VALUES (?1, ?2) RETURNING id",
        params![name, name_hash],
    )
}

/// setChangeSourceMaster(id, master) as documented: the claim is taken when
/// nobody holds it, kept when `master` already does, and moved from a
/// holder that is inactive and has not checked in within the grace window
/// before `at`. A live holder is exit 3.
/// Returns the change source as it is then: one round trip.
pub fn claim(tx: &Tx, cs: &ChangeSource, master: &Master, at: i64) -> Result<ChangeSource> {
    check_claim(cs, Some(master.masterid), at)?;
    tx.batch(&[
        release_stmt(cs.changesourceid),
        Stmt::execute(
            "INSERT INTO changesource_masters (changesourceid, masterid) VALUES (?1, ?2)",
            params![cs.changesourceid, master.masterid].to_vec(),
        ),
    ])?;
    Ok(ChangeSource {
        master: Some(master.clone()),
        ..cs.clone()
    })
}

/// Whether the master `masterid` (`None`: one not registered yet) may claim
/// `cs` at `at`: exit 3 while another master holds it and is active or
/// checked in within the grace window.
pub fn check_claim(cs: &ChangeSource, masterid: Option<i64>, at: i64) -> Result<()> {
    match &cs.master {
        Some(holder) if Some(holder.masterid) == masterid => Ok(()),
        Some(holder) if holder.active || at - holder.last_active <= CHECK_IN_WINDOW => {
            Err(Error::conflict(format!(
                "change source {} ('{}') is held by master {} ('{}'), which is active or checked in \
                 within the last 10 minutes; it can be claimed once that master is inactive",
                cs.changesourceid, cs.name, holder.masterid, holder.name
            ))
            .with_ids([cs.changesourceid])
            .with_holders([(cs.changesourceid, holder.masterid)]))
        }
        _ => Ok(()),
    }
}

/// Whether `cs` may be released at `at` without `--force`: exit 3 while a
/// running master holds it (it would go on polling while another master
/// took the change source over).
pub fn check_release(cs: &ChangeSource, at: i64) -> Result<()> {
    match &cs.master {
        Some(holder) if holder.is_running(at) => Err(Error::conflict(format!(
            "change source {} ('{}') is held by {}; releasing it would let another master poll \
             it while this one still does; nothing was released (stop that master first, or pass \
             --force)",
            cs.changesourceid,
            cs.name,
            holder.running_at(at)
        ))
        .with_ids([cs.changesourceid])
        .with_holders([(cs.changesourceid, holder.masterid)])),
        _ => Ok(()),
    }
}

/// setChangeSourceMaster(id, None): release the change source, whoever
/// holds it.
pub fn release(tx: &Tx, changesourceid: i64) -> Result<()> {
    tx.batch(&[release_stmt(changesourceid)])?;
    Ok(())
}

fn release_stmt(changesourceid: i64) -> Stmt<'static> {
    Stmt::execute(
        "DELETE FROM changesource_masters WHERE changesourceid = ?1",
        vec![Value::Int(changesourceid)],
    )
}
