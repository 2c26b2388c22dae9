//! `bb master ...`: the masters connector and the sweep.

use serde::Serialize;
use serde_json::json;

use super::Context;
use crate::cli::master::MasterCommand;
use crate::db::masters::{self, Housekeeping, Master};
use crate::db::running;
use crate::error::{Error, Result};
use crate::output::{Entity, Report};

/// What register, activate and deactivate print.
#[derive(Serialize)]
struct StateChange {
    master: Master,
    changed: bool,
    housekeeping: Option<Housekeeping>,
}

impl StateChange {
    /// For people, the master as `master list` shows it, with what its
    /// housekeeping changed where it ran (deactivate).
    fn report(self, at: i64) -> Report {
        let extra: &[&str] = if self.housekeeping.is_some() {
            &["housekeeping"]
        } else {
            &[]
        };
        let mut row = json!(self.master);
        row["housekeeping"] = json!(self.housekeeping);
        Report::new(&self)
            .with_columns(Entity::Master, [row], extra)
            .at(at)
    }
}

pub fn execute(ctx: &Context, cmd: &MasterCommand) -> Result<Report> {
    match cmd {
        MasterCommand::List {
            active,
            inactive,
            list,
        } => {
            // The result spec is checked before the database is opened.
            let mut query = list.spec().compile("master", masters::FIELDS)?;
            if *active {
                query.and("active != 0", []);
            }
            if *inactive {
                query.and("active = 0", []);
            }
            let found = ctx.open()?.read(|tx| masters::get_masters(tx, &query))?;
            Ok(Report::list(Entity::Master, found)
                .select(&query.fields)
                .at(list.now()))
        }
        MasterCommand::Show { master } => Ok(Report::new(
            ctx.open()?.read(|tx| masters::lookup(tx, master))?,
        )),
        MasterCommand::Register { name, at } => {
            let at = at.resolve()?;
            // With a NAME, register does not act as this master.
            let acting = match name {
                None => Some(ctx.acting_master()?),
                Some(_) => None,
            };
            let (change, note) = ctx.open()?.write(|tx| {
                let ((master, created), note) = match (name, &acting) {
                    (Some(name), _) => (masters::find_master_id(tx, name, at)?, None),
                    (None, Some(acting)) => {
                        let (master, created) = acting.resolve(tx, at)?;
                        let note = acting.created_note(&master, created);
                        ((master, created), note)
                    }
                    (None, None) => unreachable!("acting is found when there is no NAME"),
                };
                let change = StateChange {
                    master,
                    changed: created,
                    housekeeping: None,
                };
                Ok((change, note))
            })?;
            Ok(change.report(at).with_notes(note))
        }
        MasterCommand::Activate { master, at } => {
            let at = at.resolve()?;
            let change = ctx.open()?.write(|tx| {
                let mut master = masters::lookup(tx, master)?;
                let changed = masters::set_master_state(tx, &mut master, true, at)?;
                Ok(StateChange {
                    master,
                    changed,
                    housekeeping: None,
                })
            })?;
            Ok(change.report(at))
        }
        MasterCommand::Deactivate { master, at } => {
            let force = at.force;
            let at = at.resolve()?;
            let (change, left) = ctx.open()?.write(|tx| {
                let (mut master, running) = masters::lookup_with_builds(tx, master)?;
                if master.is_running(at) && !force {
                    return Err(Error::conflict(format!(
                        "master '{}' (id {}) is running ({}); deactivating it would take its \
                         builders, claims and builds from under it; nothing was changed (stop \
                         that master first, or pass --force)",
                        master.name,
                        master.masterid,
                        master.checked_in(at)
                    ))
                    .with_ids([master.masterid]));
                }
                let (changed, housekeeping) = masters::deactivate(tx, &mut master, &running, at)?;
                let left = ctx.left_unclaimed(tx, housekeeping.released_on.clone(), at)?;
                let change = StateChange {
                    master,
                    changed,
                    housekeeping: Some(housekeeping),
                };
                Ok((change, left))
            })?;
            Ok(ctx.nudge(change.report(at), left))
        }
        MasterCommand::Sweep {
            expire_after,
            at,
            force_housekeeping,
            dry_run,
        } => {
            if *expire_after < running::SHORTEST_EXPIRY && !at.force {
                return Err(Error::usage(format!(
                    "--expire-after {expire_after}s: a running master checks in every minute, \
                     so an expiry under {} would expire healthy masters (--force if you mean it)",
                    crate::values::format_age(running::SHORTEST_EXPIRY)
                )));
            }
            let at = at.resolve()?;
            let sweep = |tx: &crate::db::Tx| {
                masters::expire_masters(tx, at, *expire_after, *force_housekeeping, *dry_run)
            };
            // A dry run only reads, so it never takes the write lock.
            let mut db = ctx.open()?;
            let (expired, left) = if *dry_run {
                (db.read(sweep)?, None)
            } else {
                db.write(|tx| {
                    let expired = sweep(tx)?;
                    let mut released: Vec<i64> = expired
                        .iter()
                        .filter_map(|e| e.housekeeping.as_ref())
                        .flat_map(|h| h.released_on.iter().copied())
                        .collect();
                    released.sort_unstable();
                    released.dedup();
                    let left = ctx.left_unclaimed(tx, released, at)?;
                    Ok((expired, Some(left)))
                })?
            };
            // For people, the masters as `master list` shows them, with
            // what housekeeping changed (empty where it did not run).
            let rows: Vec<_> = expired
                .iter()
                .map(|e| {
                    let mut row = json!(e.master);
                    row["housekeeping"] = json!(e.housekeeping);
                    row
                })
                .collect();
            let mut report = Report::new(json!({ "dry_run": dry_run, "expired": expired }))
                .with_columns(Entity::Master, rows, &["housekeeping"])
                .unchanged("no masters expired")
                .at(at);
            if *dry_run {
                report = report.with_human_notes(["dry run: nothing was written".to_string()]);
            }
            Ok(match left {
                Some(left) => ctx.nudge(report, left),
                None => report,
            })
        }
        MasterCommand::MarkAllStale { dry_run, force } => {
            // No --at: whether a master runs is a matter of the real clock.
            let at = chrono::Utc::now().timestamp();
            // People see every master as `master list` would: last seen
            // `never` once marked, which the next sweep expires.
            let all =
                crate::db::resultspec::ResultSpec::default().compile("master", masters::FIELDS)?;
            let mark = |tx: &crate::db::Tx| {
                if !force {
                    running::refuse_while_running(
                        &running::running_masters(tx, at)?,
                        at,
                        "every other master's next check-in would housekeep the running ones as \
                         dead; nothing was marked",
                    )?;
                }
                let n = match dry_run {
                    true => tx.int("SELECT count(*) FROM masters", &[])? as u64,
                    false => masters::set_all_masters_active_long_time_ago(tx)?,
                };
                let shown = match ctx.cli.json {
                    true => Vec::new(),
                    false => masters::get_masters(tx, &all)?,
                };
                Ok((n, shown))
            };
            let mut db = ctx.open()?;
            let report = match dry_run {
                true => {
                    let (n, shown) = db.read(mark)?;
                    Report::new(json!({ "dry_run": true, "masters": n }))
                        .with_table(Entity::Master, shown)
                        .with_human_notes([format!(
                            "dry run: nothing was written; it would mark these masters ({n}) \
                             active, last seen never"
                        )])
                }
                false => {
                    let (n, shown) = db.write(mark)?;
                    Report::new(json!({ "masters": n })).with_table(Entity::Master, shown)
                }
            };
            Ok(report.unchanged("no masters").at(at))
        }
    }
}
