//! The masters connector (Buildbot docs 3.8.14): findMasterId,
//! setMasterState, getMaster(s), setAllMastersActiveLongTimeAgo, and the
//! data layer's expireMasters with the housekeeping of a deactivated master.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use super::engine::{Done, EngineKind, Row, Stmt, Tx, Value};
use serde::Serialize;

use super::hash_columns;
use super::resultspec::{Field, Query, Type};
use crate::error::{Error, Result};
use crate::params;
use crate::values::{NameOrId, RETRY};

/// A master as the REST API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Master {
    pub masterid: i64,
    pub name: String,
    pub active: bool,
    pub last_active: i64,
}

const SELECT: &str = "SELECT id, name, active, last_active FROM masters";

fn from_row(row: &Row) -> Result<Master> {
    Ok(Master {
        masterid: row.int(0)?,
        name: row.text(1)?,
        active: row.flag(2)?,
        last_active: row.int(3)?,
    })
}

/// getMaster.
pub fn get_master(tx: &Tx, masterid: i64) -> Result<Option<Master>> {
    find(tx, &NameOrId::Id(masterid))
}

/// The master named by id or name, if it exists.
fn find(tx: &Tx, master: &NameOrId) -> Result<Option<Master>> {
    found(tx.batch(&[find_stmt(master)])?.pop())
}

/// The statement that finds a master by id or by its name's hash, to send
/// with others; its answer is read by [`found`].
pub fn find_stmt(master: &NameOrId) -> Stmt<'static> {
    let (column, key) = key(master);
    Stmt::query(format!("{SELECT} WHERE {column} = ?1"), vec![key])
}

/// The column of `masters` that finds the master `spec` names, and its
/// value.
fn key(spec: &NameOrId) -> (&'static str, Value) {
    match spec {
        NameOrId::Id(id) => ("id", Value::Int(*id)),
        NameOrId::Name(name) => ("name_hash", hash_columns(&[Some(name)]).into()),
    }
}

/// The master [`find_stmt`] found, if any.
pub fn found(answer: Option<Done>) -> Result<Option<Master>> {
    Done::rows_of(answer).first().map(from_row).transpose()
}

/// A master named by id or name, which must exist (exit 4 otherwise).
pub fn lookup(tx: &Tx, master: &NameOrId) -> Result<Master> {
    find(tx, master)?.ok_or_else(|| master.not_found("master"))
}

/// The master entity's fields, for the result spec.
pub const FIELDS: &[Field] = &[
    Field::new("masterid", "id", Type::Integer),
    Field::new("name", "name", Type::Text),
    Field::new("active", "(active != 0)", Type::Boolean),
    Field::new("last_active", "last_active", Type::Time),
];

/// getMasters, filtered, ordered and paged by `query`.
pub fn get_masters(tx: &Tx, query: &Query) -> Result<Vec<Master>> {
    query.fetch(tx, SELECT, from_row)
}

/// The names of the masters `ids`, by id.
pub fn names(tx: &Tx, ids: &[i64]) -> Result<BTreeMap<i64, String>> {
    names_from(tx.batch(&[names_stmt(ids)])?.pop())
}

/// The statement of [`names`], to send with others; read by [`names_from`].
pub fn names_stmt(ids: &[i64]) -> Stmt<'static> {
    super::names_stmt("masters", ids)
}

/// The statement that reads every master's name (a configuration's
/// worth), to send with a statement whose masters are not known yet; read
/// by [`names_from`].
pub fn all_names_stmt() -> Stmt<'static> {
    Stmt::query("SELECT id, name FROM masters", Vec::new())
}

/// The names [`names_stmt`] found, by id.
pub fn names_from(answer: Option<Done>) -> Result<BTreeMap<i64, String>> {
    super::names_from(answer)
}

/// findMasterId: the master of that name, created inactive with
/// `last_active = at` if it is new. Returns the master and whether it was
/// created.
pub fn find_master_id(tx: &Tx, name: &str, at: i64) -> Result<(Master, bool)> {
    let spec = NameOrId::Name(name.to_string());
    found_or_created(tx, &spec, find(tx, &spec)?, at)
}

/// The master `spec` names, as [`find_stmt`] found it: a name not found
/// is created (findMasterId: inactive, `last_active = at`), an id not
/// found is exit 4. Returns the master and whether it was created.
pub fn found_or_created(
    tx: &Tx,
    spec: &NameOrId,
    found: Option<Master>,
    at: i64,
) -> Result<(Master, bool)> {
    let name = match (found, spec) {
        (Some(master), _) => return Ok((master, false)),
        (None, NameOrId::Id(_)) => return Err(spec.not_found("master")),
        (None, NameOrId::Name(name)) => name,
    };
    let masterid = tx.insert(
        "INSERT INTO masters (name, name_hash, active, last_active) VALUES (?1, ?2, 0, ?3) RETURNING id",
        params![name, hash_columns(&[Some(name)]), at],
    )?;
    let master = Master {
        masterid,
        name: name.to_string(),
        active: false,
        last_active: at,
    };
    Ok((master, true))
}

/// setMasterState: mark a master active (checking in at `at`) or inactive.
/// Returns whether the state changed. Deactivation's housekeeping is
/// separate ([`housekeep`]) so that it can also run on its own.
pub fn set_master_state(tx: &Tx, master: &mut Master, active: bool, at: i64) -> Result<bool> {
    let changed = master.active != active;
    if active {
        tx.execute(
            "UPDATE masters SET active = 1, last_active = ?2 WHERE id = ?1",
            params![master.masterid, at],
        )?;
        master.last_active = at;
    } else {
        tx.batch(&[inactive_stmt(master.masterid)])?;
    }
    master.active = active;
    Ok(changed)
}

/// The statement that marks a master inactive.
fn inactive_stmt(masterid: i64) -> Stmt<'static> {
    Stmt::execute(
        "UPDATE masters SET active = 0 WHERE id = ?1",
        vec![Value::Int(masterid)],
    )
}

/// Rows changed by the housekeeping of one master, per kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Housekeeping {
    pub schedulers: u64,
    pub changesources: u64,
    pub builders: u64,
    pub configured_workers: u64,
    pub connected_workers: u64,
    pub builds: u64,
    pub steps: u64,
    pub logs: u64,
    pub buildrequests: u64,
    /// The builders of the requests whose claims were released (not
    /// counted by a dry run): the work a running master should be told of.
    #[serde(skip)]
    pub released_on: Vec<i64>,
}

/// One housekeeping step: rows of `table` matching `filter` (`?1` is the
/// master id, `?2` the time, `?3` RETRY, `?4` the master's unfinished
/// builds as a JSON list of ids) are deleted or updated. Steps run in order, so
/// a filter may rely on rows that later steps change being still unchanged.
struct Step {
    count: fn(&mut Housekeeping) -> &mut u64,
    table: &'static str,
    set: Option<&'static str>,
    filter: &'static str,
}

const HOUSEKEEPING: &[Step] = &[
    Step {
        count: |h| &mut h.configured_workers,
        table: "configured_workers",
        set: None,
        filter: "buildermasterid IN (SELECT id FROM builder_masters WHERE masterid = ?1)",
    },
    Step {
        count: |h| &mut h.builders,
        table: "builder_masters",
        set: None,
        filter: "masterid = ?1",
    },
    Step {
        count: |h| &mut h.schedulers,
        table: "scheduler_masters",
        set: None,
        filter: "masterid = ?1",
    },
    Step {
        count: |h| &mut h.changesources,
        table: "changesource_masters",
        set: None,
        filter: "masterid = ?1",
    },
    Step {
        count: |h| &mut h.connected_workers,
        table: "connected_workers",
        set: None,
        filter: "masterid = ?1",
    },
    Step {
        count: |h| &mut h.logs,
        table: "logs",
        set: Some("complete = 1"),
        filter: "complete = 0 AND stepid IN (SELECT id FROM steps \
                 WHERE results IS NULL AND buildid IN (SELECT value FROM json_each(?4)))",
    },
    Step {
        count: |h| &mut h.steps,
        table: "steps",
        set: Some("results = ?3, complete_at = ?2, hidden = 0"),
        filter: "results IS NULL AND buildid IN (SELECT value FROM json_each(?4))",
    },
    Step {
        count: |h| &mut h.builds,
        table: "builds",
        set: Some("results = ?3, complete_at = ?2"),
        filter: "id IN (SELECT value FROM json_each(?4)) AND complete_at IS NULL",
    },
];

/// The master's claims on incomplete requests, which housekeeping
/// releases (after the steps above). On SQLite, requests older than the
/// oldest incomplete one are all complete: the range test skips the
/// master's finished history without looking each request up. PostgreSQL
/// cannot read Buildbot's `complete` index in id order and would walk
/// every claim from that id to evaluate the bound; given `EXISTS` (or a
/// join), its planner hashes every incomplete request (400k of a 1M
/// history: 0.3 s) to meet the master's claims. There the claims are found
/// through their own `masterid` index and each one's request looked up by
/// its key: a scalar subquery, which the planner cannot turn into a join.
fn released_claims(engine: EngineKind) -> &'static str {
    match engine {
        EngineKind::Sqlite => {
            "masterid = ?1 \
             AND brid >= (SELECT min(id) FROM buildrequests WHERE complete = 0) \
             AND EXISTS (SELECT 1 FROM buildrequests \
             WHERE buildrequests.id = buildrequest_claims.brid AND buildrequests.complete = 0)"
        }
        EngineKind::Postgresql => {
            "masterid = ?1 AND (SELECT complete FROM buildrequests \
             WHERE buildrequests.id = buildrequest_claims.brid) = 0"
        }
        EngineKind::Mysql => {
            "masterid = ?1 AND EXISTS (SELECT 1 FROM buildrequests \
             WHERE buildrequests.id = buildrequest_claims.brid AND buildrequests.complete = 0)"
        }
    }
}

/// The housekeeping of a deactivated master (the data layer's
/// `_masterDeactivatedHousekeeping`, done whole): unlink its schedulers,
/// change sources, builders (and their configured workers) and connected
/// workers; finish its unfinished builds (`running`), their unfinished
/// steps and those steps' open logs as RETRY at `at`; release its claims on
/// incomplete build requests. With `dry_run`, only counts what it would
/// change. The statements, to send in one batch (one round trip on
/// PostgreSQL) with others; their answers are read by [`housekept`].
fn housekeep_stmts(
    engine: EngineKind,
    masterid: i64,
    running: &[i64],
    at: i64,
    dry_run: bool,
) -> Vec<Stmt<'static>> {
    let params = vec![
        Value::Int(masterid),
        Value::Int(at),
        Value::Int(RETRY),
        Value::Ids(running.to_vec()),
    ];
    // Each binds the parameters it uses; the claims last, once: the rows
    // deleted say which builders their requests wait on (`buildrequests
    // AS br` there: MyISAM's table locks need each second use of a table
    // under an alias of its own).
    let claims = released_claims(engine);
    HOUSEKEEPING
        .iter()
        .map(
            |Step {
                 table, set, filter, ..
             }| match (dry_run, set) {
                (true, _) => Stmt::query(
                    format!("SELECT count(*) FROM {table} WHERE {filter}"),
                    params.clone(),
                ),
                (false, None) => Stmt::execute(
                    format!("DELETE FROM {table} WHERE {filter}"),
                    params.clone(),
                ),
                (false, Some(set)) => Stmt::execute(
                    format!("UPDATE {table} SET {set} WHERE {filter}"),
                    params.clone(),
                ),
            },
        )
        .chain(std::iter::once(Stmt::query(
            match dry_run {
                true => format!("SELECT count(*) FROM buildrequest_claims WHERE {claims}"),
                false => format!(
                    "DELETE FROM buildrequest_claims WHERE {claims} \
                     RETURNING brid, (SELECT br.builderid FROM buildrequests AS br \
                     WHERE br.id = buildrequest_claims.brid)"
                ),
            },
            params.clone(),
        )))
        .collect()
}

/// What the statements of [`housekeep_stmts`] changed, taking their
/// answers from `answers`.
fn housekept(answers: &mut impl Iterator<Item = Done>, dry_run: bool) -> Result<Housekeeping> {
    let mut done = Housekeeping::default();
    let mut next = || {
        answers
            .next()
            .ok_or_else(|| Error::failure("housekeeping: a statement without an answer"))
    };
    for step in HOUSEKEEPING {
        let answer = next()?;
        *(step.count)(&mut done) = if dry_run {
            count_of(answer)?
        } else {
            answer.changed()
        };
    }
    let claims = next()?;
    if dry_run {
        done.buildrequests = count_of(claims)?;
    } else {
        let rows = claims.rows();
        done.buildrequests = rows.len() as u64;
        let mut builderids = rows
            .iter()
            .filter_map(|row| row.opt_int(1).transpose())
            .collect::<Result<Vec<_>>>()?;
        builderids.sort_unstable();
        builderids.dedup();
        done.released_on = builderids;
    }
    Ok(done)
}

/// The statement that finds the unfinished builds of the master `spec`
/// names (by id or by its name's hash), to send with [`find_stmt`]: the
/// builds table has no index on complete_at, so this reads every build the
/// master ever ran, once.
fn running_builds_stmt(spec: &NameOrId) -> Stmt<'static> {
    let (column, key) = key(spec);
    Stmt::query(
        format!(
            "SELECT id FROM builds WHERE masterid = (SELECT id FROM masters WHERE {column} = ?1) \
             AND complete_at IS NULL"
        ),
        vec![key],
    )
}

/// The master `spec` names (exit 4 if none), with its unfinished builds:
/// one round trip.
pub fn lookup_with_builds(tx: &Tx, spec: &NameOrId) -> Result<(Master, Vec<i64>)> {
    let mut answers = tx
        .batch(&[find_stmt(spec), running_builds_stmt(spec)])?
        .into_iter();
    let master = found(answers.next())?.ok_or_else(|| spec.not_found("master"))?;
    let running = ids_of(answers.next())?;
    Ok((master, running))
}

/// The first column of an answer's rows.
fn ids_of(answer: Option<Done>) -> Result<Vec<i64>> {
    Done::read_all(answer, |row| row.int(0))
}

/// setMasterState(active=false) and the housekeeping of a master whose
/// unfinished builds are `running`, in one round trip. Returns whether
/// the state changed, and what the housekeeping did.
pub fn deactivate(
    tx: &Tx,
    master: &mut Master,
    running: &[i64],
    at: i64,
) -> Result<(bool, Housekeeping)> {
    let changed = master.active;
    let mut statements = vec![inactive_stmt(master.masterid)];
    statements.extend(housekeep_stmts(
        tx.engine(),
        master.masterid,
        running,
        at,
        false,
    ));
    let mut answers = tx.batch(&statements)?.into_iter().skip(1);
    master.active = false;
    Ok((changed, housekept(&mut answers, false)?))
}

/// The count a `SELECT count(*)` of a batch answered.
fn count_of(answer: Done) -> Result<u64> {
    let rows = answer.rows();
    let row = rows
        .first()
        .ok_or_else(|| Error::failure("a count without a row"))?;
    Ok(row.int(0)? as u64)
}

/// A master the sweep found expired.
#[derive(Debug, Clone, Serialize)]
pub struct Expired {
    pub master: Master,
    pub was_active: bool,
    pub housekeeping: Option<Housekeeping>,
}

/// expireMasters: every master that last checked in before `at - expire_after`
/// is marked inactive; those that were active are housekept, and with
/// `force_housekeeping` all of them are. Two round trips, however many
/// masters: the stale masters with the unfinished builds of those to be
/// housekept, then every change.
pub fn expire_masters(
    tx: &Tx,
    at: i64,
    expire_after: i64,
    force_housekeeping: bool,
    dry_run: bool,
) -> Result<Vec<Expired>> {
    // The builds of masters not housekept are not read.
    let housekept_only = match force_housekeeping {
        true => "",
        false => " AND m.active != 0",
    };
    let rows = tx.query(
        &format!(
            "SELECT m.id, m.name, m.active, m.last_active, builds.id FROM masters AS m \
             LEFT JOIN builds ON builds.masterid = m.id AND builds.complete_at IS NULL{housekept_only} \
             WHERE m.last_active < ?1 ORDER BY m.id, builds.id"
        ),
        params![at.saturating_sub(expire_after)],
        |row| Ok((from_row(row)?, row.opt_int(4)?)),
    )?;
    let mut stale: Vec<(Master, Vec<i64>)> = Vec::new();
    for (master, build) in rows {
        match stale.last_mut() {
            Some((last, builds)) if last.masterid == master.masterid => builds.extend(build),
            _ => stale.push((master, build.into_iter().collect())),
        }
    }
    let engine = tx.engine();
    let mut statements = Vec::new();
    for (master, running) in &stale {
        if !dry_run {
            statements.push(inactive_stmt(master.masterid));
        }
        if master.active || force_housekeeping {
            statements.extend(housekeep_stmts(
                engine,
                master.masterid,
                running,
                at,
                dry_run,
            ));
        } else if !dry_run {
            // setMasterState(active=false) drops scheduler links even when
            // the master was already inactive; housekeeping counts them.
            statements.push(Stmt::execute(
                "DELETE FROM scheduler_masters WHERE masterid = ?1",
                vec![Value::Int(master.masterid)],
            ));
        }
    }
    let mut answers = match statements.is_empty() {
        true => Vec::new(),
        false => tx.batch(&statements)?,
    }
    .into_iter();
    let mut expired = Vec::with_capacity(stale.len());
    for (mut master, _) in stale {
        let was_active = master.active;
        if !dry_run {
            answers.next();
        }
        let housekeeping = if was_active || force_housekeeping {
            Some(housekept(&mut answers, dry_run)?)
        } else {
            if !dry_run {
                answers.next();
            }
            None
        };
        master.active = false;
        expired.push(Expired {
            master,
            was_active,
            housekeeping,
        });
    }
    Ok(expired)
}

/// setAllMastersActiveLongTimeAgo: every master active with last_active 0,
/// so that the next sweep housekeeps them all. Returns how many masters.
pub fn set_all_masters_active_long_time_ago(tx: &Tx) -> Result<u64> {
    tx.execute("UPDATE masters SET active = 1, last_active = 0", &[])
}

/// The master bb acts as (see [`default_name`]): a name is found or
/// created (findMasterId, inactive, checked in at `at`); an id must exist.
/// Returns the master and whether it was created.
pub fn this_master(tx: &Tx, spec: &NameOrId, at: i64) -> Result<(Master, bool)> {
    found_or_created(tx, spec, find(tx, spec)?, at)
}

/// The master bb acts as, as [`this_master`] finds it, without creating
/// it: `None` for a name not registered yet.
pub fn find_this_master(tx: &Tx, spec: &NameOrId) -> Result<Option<Master>> {
    match spec {
        NameOrId::Id(_) => Ok(Some(lookup(tx, spec)?)),
        NameOrId::Name(_) => find(tx, spec),
    }
}

/// bb's own master: `bb@<nodename>:<beside>` beside the Buildbot master of
/// a database file's directory (which names itself `<nodename>:<directory>`,
/// `os.uname()[1]`, `os.path.abspath(basedir)`), and on a database server
/// simply `bb@<nodename>`, whatever the current directory, so that claims
/// made from one directory can be released from another. Never a Buildbot
/// master's own name: acting under it would claim work that master never
/// started, and a poll from cron would keep a crashed master looking alive
/// so that no sweep ever released its work.
pub fn default_name(beside: Option<&Path>) -> Result<String> {
    Ok(match beside {
        Some(dir) => format!("bb@{}:{}", nodename()?, dir.display()),
        None => format!("bb@{}", nodename()?),
    })
}

/// The directory a database file is in, made absolute as Python's
/// `os.path.abspath` would.
pub fn directory_of(db_path: &Path) -> Result<PathBuf> {
    Ok(abspath(db_path)?
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("/")))
}

/// Python's `os.path.abspath`: joined to the working directory and
/// normalised lexically, without resolving symlinks.
pub fn abspath(path: &Path) -> Result<PathBuf> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut out = PathBuf::from("/");
    for part in joined.components() {
        match part {
            Component::Normal(name) => out.push(name),
            Component::ParentDir => {
                out.pop();
            }
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
        }
    }
    Ok(out)
}

/// The node name, as `uname -n` prints it.
fn nodename() -> Result<String> {
    // SAFETY: uname fills a zeroed utsname whose fields are NUL-terminated.
    let mut uts: libc::utsname = unsafe { std::mem::zeroed() };
    if unsafe { libc::uname(&mut uts) } != 0 {
        return Err(std::io::Error::last_os_error().into());
    }
    let bytes: Vec<u8> = uts
        .nodename
        .iter()
        .take_while(|&&c| c != 0)
        .map(|&c| c as u8)
        .collect();
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abspath_is_lexical() {
        assert_eq!(
            abspath(Path::new("/a/./b/../c/state.sqlite")).unwrap(),
            PathBuf::from("/a/c/state.sqlite")
        );
        assert_eq!(abspath(Path::new("/../x")).unwrap(), PathBuf::from("/x"));
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(
            abspath(Path::new("s.sqlite")).unwrap(),
            cwd.join("s.sqlite")
        );
    }
}
