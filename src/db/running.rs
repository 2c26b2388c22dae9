//! Which masters are running, and what bb will not do beside them: the one
//! home of the rule that a master whose `active` flag is set and whose last
//! check-in is within Buildbot's expiry window is at work, so that bb never
//! takes work from it nor acts under its name without `--force`.

use std::collections::BTreeMap;

use super::engine::{Done, Row, Stmt, Tx, Value};
use super::masters::Master;
use crate::error::{Error, Result};
use crate::params;
use crate::values::format_age;

/// How long a master's last check-in keeps it alive: Buildbot's expiry
/// window, the sweep's default `--expire-after`.
pub const CHECK_IN_WINDOW: i64 = 600;

/// The shortest `--expire-after` the sweep takes without `--force`: a
/// running master checks in every minute, so anything shorter than two of
/// its intervals would expire healthy masters.
pub const SHORTEST_EXPIRY: i64 = 120;

/// How far ahead of this machine's clock an `--at` may be without
/// `--force`: further, and running masters would look dead to a sweep and
/// times would be stamped from the future.
pub const AT_AHEAD: i64 = 60;

impl Master {
    /// Running at `at`: its `active` flag set and checked in within the
    /// window.
    pub fn is_running(&self, at: i64) -> bool {
        self.active && at - self.last_active <= CHECK_IN_WINDOW
    }

    /// `checked in 12s ago`, seen from `at`.
    pub fn checked_in(&self, at: i64) -> String {
        format!("checked in {} ago", format_age(at - self.last_active))
    }

    /// `master 'NAME' (id N), which is running (checked in 12s ago)`.
    pub fn running_at(&self, at: i64) -> String {
        format!(
            "master '{}' (id {}), which is running ({})",
            self.name,
            self.masterid,
            self.checked_in(at)
        )
    }
}

const MASTERS: &str = "SELECT id, name, active, last_active FROM masters";

fn master(row: &Row, first: usize) -> Result<Master> {
    Ok(Master {
        masterid: row.int(first)?,
        name: row.text(first + 1)?,
        active: row.flag(first + 2)?,
        last_active: row.int(first + 3)?,
    })
}

/// Every master running at `at`, in id order.
pub fn running_masters(tx: &Tx, at: i64) -> Result<Vec<Master>> {
    tx.query(
        &format!("{MASTERS} WHERE active != 0 AND last_active >= ?1 ORDER BY id"),
        params![at - CHECK_IN_WINDOW],
        |row| master(row, 0),
    )
}

/// The masters running at `at` that serve any of `builderids`: those that
/// would start builds on them if told to look.
pub fn running_serving(tx: &Tx, builderids: &[i64], at: i64) -> Result<Vec<Master>> {
    serving_from(tx.batch(&[running_serving_stmt(builderids, at)])?.pop())
}

/// The statement of [`running_serving`], to send with others; read by
/// [`serving_from`].
pub fn running_serving_stmt(builderids: &[i64], at: i64) -> Stmt<'static> {
    Stmt::query(
        format!(
            "{MASTERS} WHERE active != 0 AND last_active >= ?2 AND id IN \
             (SELECT masterid FROM builder_masters WHERE builderid IN (SELECT value FROM json_each(?1))) \
             ORDER BY id"
        ),
        vec![
            Value::Ids(builderids.to_vec()),
            Value::Int(at - CHECK_IN_WINDOW),
        ],
    )
}

/// The masters [`running_serving_stmt`] found.
pub fn serving_from(answer: Option<Done>) -> Result<Vec<Master>> {
    Done::read_all(answer, |row| master(row, 0))
}

/// Whether `master` is a poller's master (bb's own, say) rather than a
/// Buildbot master with a configuration: it holds change sources and
/// serves no builders and no schedulers.
pub fn is_poller(tx: &Tx, master: &Master) -> Result<bool> {
    tx.query_one(
        "SELECT EXISTS (SELECT 1 FROM changesource_masters WHERE masterid = ?1), \
         EXISTS (SELECT 1 FROM builder_masters WHERE masterid = ?1) \
         OR EXISTS (SELECT 1 FROM scheduler_masters WHERE masterid = ?1)",
        params![master.masterid],
        |row| Ok(row.flag(0)? && !row.flag(1)?),
    )
}

/// Which incomplete requests a running master holds claims on.
pub enum Held<'a> {
    /// Among these request ids.
    Requests(&'a [i64]),
    /// Among the requests of this buildset.
    Buildset(i64),
}

/// The claims running masters hold on the incomplete requests `held`
/// names, as (request id, master), in request order. Completing or
/// releasing such a request under the master makes its build fail with
/// NotClaimedError, or run twice.
pub fn held_by_running_masters(tx: &Tx, held: Held, at: i64) -> Result<Vec<(i64, Master)>> {
    held_from(tx.batch(&[held_stmt(held, at)])?.pop())
}

/// The statement of [`held_by_running_masters`], to send with others;
/// read by [`held_from`].
pub fn held_stmt(held: Held, at: i64) -> Stmt<'static> {
    const CLAIMS: &str = "SELECT c.brid, m.id, m.name, m.active, m.last_active \
         FROM buildrequest_claims AS c \
         JOIN buildrequests AS br ON br.id = c.brid \
         JOIN masters AS m ON m.id = c.masterid \
         WHERE br.complete = 0 AND m.active != 0 AND m.last_active >= ?2";
    let since = Value::Int(at - CHECK_IN_WINDOW);
    match held {
        Held::Requests(brids) => Stmt::query(
            format!("{CLAIMS} AND c.brid IN (SELECT value FROM json_each(?1)) ORDER BY c.brid"),
            vec![Value::Ids(brids.to_vec()), since],
        ),
        Held::Buildset(bsid) => Stmt::query(
            format!("{CLAIMS} AND br.buildsetid = ?1 ORDER BY c.brid"),
            vec![Value::Int(bsid), since],
        ),
    }
}

/// The claims [`held_stmt`] found, as (request id, master).
pub fn held_from(answer: Option<Done>) -> Result<Vec<(i64, Master)>> {
    Done::read_all(answer, |row| Ok((row.int(0)?, master(row, 1)?)))
}

/// `build request 5 is claimed by master 'M' (id 2), which is running
/// (checked in 12s ago); ...`, one clause per claim.
pub fn describe_held(held: &[(i64, Master)], at: i64) -> String {
    held.iter()
        .map(|(brid, master)| {
            format!(
                "build request {brid} is claimed by {}",
                master.running_at(at)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The conflict over requests running masters hold: exit 3 naming each,
/// `ids` the requests, `holders` their masters.
pub fn held_conflict(held: &[(i64, Master)], at: i64, consequence: &str) -> Error {
    Error::conflict(format!("{}; {consequence}", describe_held(held, at)))
        .with_ids(held.iter().map(|(brid, _)| *brid))
        .with_holders(
            held.iter()
                .map(|(brid, m)| (*brid, m.masterid))
                .collect::<BTreeMap<_, _>>(),
        )
}

/// Exit 3 if `me`, the master a command acts as, is running at `at`:
/// acting under a running master's name would claim work it never started
/// or release work it is doing. `done` says what was not done (`nothing
/// was claimed`). The error's `ids` is the master's id.
pub fn refuse_acting_as(me: &Master, at: i64, done: &str) -> Result<()> {
    if !me.is_running(at) {
        return Ok(());
    }
    Err(Error::conflict(format!(
        "bb would act as {}; bb never takes a running master's place: {done} (choose \
         another --master, or pass --force)",
        me.running_at(at)
    ))
    .with_ids([me.masterid]))
}

/// Exit 3 while any master is running at `at`, naming each (`ids`: their
/// master ids): for what only an upgrade with every master stopped may do.
/// `consequence` says why and that nothing was done.
pub fn refuse_while_running(running: &[Master], at: i64, consequence: &str) -> Result<()> {
    if running.is_empty() {
        return Ok(());
    }
    let named: Vec<String> = running
        .iter()
        .map(|m| {
            format!(
                "master '{}' (id {}) is running ({})",
                m.name,
                m.masterid,
                m.checked_in(at)
            )
        })
        .collect();
    Err(Error::conflict(format!(
        "{}; {consequence} (stop every master first, or pass --force)",
        named.join("; ")
    ))
    .with_ids(running.iter().map(|m| m.masterid)))
}
