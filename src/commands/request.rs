//! `bb request ...`: the buildrequests connector.

use serde::Serialize;

use super::Context;
use crate::cli::request::RequestCommand;
use crate::db::buildrequests::{self, Claimed, Criteria};
use crate::db::engine::Done;
use crate::db::running::{self, Held};
use crate::db::{builders, buildsets, masters};
use crate::error::{Error, Result};
use crate::notify::Stopping;
use crate::output::{Entity, Report};
use crate::values::CANCELLED;

pub fn execute(ctx: &Context, cmd: &RequestCommand) -> Result<Report> {
    match cmd {
        RequestCommand::Show { brid } => Ok(Report::new(
            ctx.open()?.read(|tx| buildrequests::lookup(tx, *brid))?,
        )),
        RequestCommand::List {
            builder,
            complete,
            incomplete,
            claimed,
            unclaimed,
            claimed_by,
            buildset,
            branch,
            repository,
            list,
        } => {
            let query = list.spec().compile("buildrequest", buildrequests::FIELDS)?;
            // The usual table, and `--field claimed_by`, name the masters
            // holding claims.
            let names_shown = ctx.shows_any(&query, &["claimed_by"]);
            let mut db = ctx.open()?;
            let (found, names) = db.read(|tx| {
                // Lookups never create: unknown builders, masters and
                // buildsets are exit 4. All of them in one round trip.
                let mut lookups = Vec::new();
                lookups.extend(claimed_by.as_ref().map(masters::find_stmt));
                lookups.extend(buildset.map(buildsets::exists_stmt));
                lookups.extend(builder.as_ref().map(builders::id_stmt));
                let mut answers = match lookups.is_empty() {
                    true => Vec::new(),
                    false => tx.batch(&lookups)?,
                }
                .into_iter();
                let claimed = match claimed_by {
                    Some(master) => Some(Claimed::By(
                        masters::found(answers.next())?
                            .ok_or_else(|| master.not_found("master"))?
                            .masterid,
                    )),
                    None if *claimed => Some(Claimed::Yes),
                    None if *unclaimed => Some(Claimed::No),
                    None => None,
                };
                if let Some(bsid) = buildset {
                    buildsets::exists_from(Done::rows_of(answers.next()), *bsid)?;
                }
                let criteria = Criteria {
                    builderid: match builder {
                        Some(builder) => Some(builders::id_from(answers.next(), builder)?),
                        None => None,
                    },
                    complete: (*complete || *incomplete).then_some(*complete),
                    claimed,
                    bsid: *buildset,
                    branch: branch.clone(),
                    repository: repository.clone(),
                };
                // On a copy: the transaction may be run again.
                let mut query = query.clone();
                criteria.apply(&mut query, tx.engine());
                // The requests, and for people the masters' names (those
                // holding claims among them are not known yet: all of
                // them, a configuration's worth), in one round trip.
                let mut statements = vec![buildrequests::get_build_requests_stmt(
                    tx, &criteria, &query,
                )];
                if names_shown {
                    statements.push(masters::all_names_stmt());
                }
                let mut answers = tx.batch(&statements)?.into_iter();
                let found = buildrequests::requests_from(answers.next())?;
                let mut names = masters::names_from(answers.next())?;
                names.retain(|id, _| found.iter().any(|br| br.claimed_by_masterid == Some(*id)));
                Ok((found, names))
            })?;
            Ok(Report::list(Entity::BuildRequest, found)
                .select(&query.fields)
                .at(list.now())
                .with_master_names(names))
        }
        RequestCommand::Claim { brids, at } => {
            let force = at.force;
            let at = at.resolve()?;
            let acting = ctx.acting_master()?;
            let brids = super::dedup(brids);
            let (claimed, me, note) = ctx.open()?.write(|tx| {
                // The master and the requests in one round trip.
                let mut answers = tx
                    .batch(&[acting.find_stmt(), buildrequests::existing_stmt(&brids)])?
                    .into_iter();
                let found = answers.next();
                let requests = buildrequests::existing_from(answers.next(), &brids);
                let exists = || requests.as_ref().map(drop).map_err(Clone::clone);
                let (me, note) = acting
                    .act_found(tx, found, at, force, "nothing was claimed", exists)
                    .map_err(Error::over_claims)?;
                let claimed = buildrequests::claim_known(tx, requests?, me.masterid, at)?;
                Ok((claimed, me, note))
            })?;
            Ok(Report::list(Entity::BuildRequest, claimed)
                .at(at)
                .with_master_names([(me.masterid, me.name)].into())
                .with_notes(note))
        }
        RequestCommand::Unclaim {
            brids,
            any_master,
            force,
        } => {
            let at = chrono::Utc::now().timestamp();
            let brids = super::dedup(brids);
            // With --any-master bb acts as nobody: it releases whoever's
            // claims, as long as their master is not running.
            let acting = match any_master {
                false => Some(ctx.acting_master()?),
                true => None,
            };
            let done = ctx.open()?.write(|tx| {
                // The requests, and the master acted as or the running
                // masters' claims on them, in one round trip.
                let mut first = vec![buildrequests::existing_stmt(&brids)];
                match &acting {
                    Some(acting) => first.push(acting.find_stmt()),
                    None if !force => first.push(running::held_stmt(Held::Requests(&brids), at)),
                    None => {}
                }
                let mut answers = tx.batch(&first)?.into_iter();
                let requests = buildrequests::existing_from(answers.next(), &brids);
                let exists = || requests.as_ref().map(drop).map_err(Clone::clone);
                let (holder, note) = match &acting {
                    Some(acting) => {
                        let (me, note) = acting.act_found(
                            tx,
                            answers.next(),
                            at,
                            *force,
                            "nothing was unclaimed",
                            exists,
                        )?;
                        (Some(me.masterid), note)
                    }
                    None => {
                        let held = running::held_from(answers.next())?;
                        if !held.is_empty() {
                            exists()?;
                            return Err(running::held_conflict(
                                &held,
                                at,
                                "releasing it would have another master build it a second \
                                 time; nothing was unclaimed (let the build finish, or pass \
                                 --force)",
                            ));
                        }
                        (None, None)
                    }
                };
                let mut requests = requests?;
                let done = buildrequests::unclaimable(&requests, holder);
                let builderids = buildrequests::builders_of_known(&requests, &done.unclaimed);
                // The release, the holders of those left as they were,
                // and the note's lookup, in one round trip.
                let holders: Vec<i64> = done.skipped.iter().filter_map(|s| s.masterid).collect();
                let (left, mut answers) = ctx.left_unclaimed_with(
                    tx,
                    builderids,
                    at,
                    vec![
                        buildrequests::unclaim_stmt(&done.unclaimed),
                        masters::names_stmt(&holders),
                    ],
                )?;
                let names = masters::names_from(answers.pop())?;
                // People see the released requests as `request list` does.
                let released = if ctx.cli.json {
                    Vec::new()
                } else {
                    buildrequests::without_claims(&mut requests, &done.unclaimed);
                    requests.retain(|br| done.unclaimed.contains(&br.buildrequestid));
                    requests
                };
                Ok((done, released, names, note, left))
            })?;
            let (done, released, names, note, left) = done;
            let skipped = done.skipped.iter().map(|s| {
                let holder = s
                    .masterid
                    .map(|id| match names.get(&id) {
                        Some(name) => format!(" '{name}' (id {id})"),
                        None => format!(" {id}"),
                    })
                    .unwrap_or_default();
                format!(
                    "build request {} left as it is: {}{holder}",
                    s.buildrequestid, s.reason
                )
            });
            let report = Report::new(&done)
                .with_table(Entity::BuildRequest, released)
                .with_human_notes(skipped.collect::<Vec<_>>())
                .with_notes(note)
                .at(at);
            Ok(ctx.nudge(report, left))
        }
        RequestCommand::Complete { brids, results, at } => {
            let force = at.force;
            let at = at.resolve()?;
            let brids = super::dedup(brids);
            let mut db = ctx.open()?;
            let caps = db.capabilities();
            let done = db.write(|tx| {
                // The running masters' claims and the requests in one
                // round trip.
                let mut first = vec![buildrequests::existing_stmt(&brids)];
                if !force {
                    first.push(running::held_stmt(Held::Requests(&brids), at));
                }
                let mut answers = tx.batch(&first)?.into_iter();
                // A missing id is exit 4 even beside a conflict.
                let requests = buildrequests::existing_from(answers.next(), &brids)?;
                let held = running::held_from(answers.next())?;
                if !held.is_empty() {
                    return Err(running::held_conflict(
                        &held,
                        at,
                        "completing it would make that master's build fail \
                         (NotClaimedError); nothing was completed (let the build finish, or \
                         pass --force)",
                    ));
                }
                let done = buildrequests::complete_known(tx, requests, *results, at)?;
                // People see the requests as `request list` does, and the
                // buildsets they finished as `buildset list` does.
                let (buildsets, names) = if ctx.cli.json {
                    Default::default()
                } else {
                    shown_after_completing(tx, caps, &done)?
                };
                Ok((done, buildsets, names))
            })?;
            let (done, buildsets, names) = done;
            Ok(Report::new(&done)
                .with_table(Entity::BuildRequest, &done.buildrequests)
                .with_table(Entity::Buildset, buildsets)
                .with_master_names(names)
                .at(at))
        }
        RequestCommand::Cancel { brids, reason, at } => cancel(ctx, brids, reason, at),
        RequestCommand::SetPriority { priority, brids } => {
            let at = chrono::Utc::now().timestamp();
            let brids = super::dedup(brids);
            let (changed, names, left) = ctx.open()?.write(|tx| {
                let changed =
                    buildrequests::set_build_requests_priority(tx, &brids, i64::from(*priority))?;
                let holders: Vec<i64> = changed
                    .iter()
                    .filter_map(|br| br.claimed_by_masterid)
                    .collect();
                // Unclaimed requests are where a master picks by priority.
                let waiting: Vec<i64> = changed
                    .iter()
                    .filter(|br| !br.claimed)
                    .map(|br| br.buildrequestid)
                    .collect();
                let builderids = buildrequests::builders_of(tx, &waiting)?;
                let left = ctx.left_unclaimed(tx, builderids, at)?;
                Ok((changed, masters::names(tx, &holders)?, left))
            })?;
            let report = Report::list(Entity::BuildRequest, changed)
                .with_master_names(names)
                .at(at);
            Ok(ctx.nudge(report, left))
        }
    }
}

/// What people see after requests are completed: the buildsets they
/// finished, as `buildset list` shows them, and the names of the masters
/// holding their claims.
fn shown_after_completing(
    tx: &crate::db::Tx,
    caps: crate::db::Capabilities,
    done: &buildrequests::Completed,
) -> Result<(
    Vec<buildsets::Buildset>,
    std::collections::BTreeMap<i64, String>,
)> {
    let holders: Vec<i64> = done
        .buildrequests
        .iter()
        .filter_map(|br| br.claimed_by_masterid)
        .collect();
    // One round trip.
    let mut statements = buildsets::by_ids_stmts(caps, &done.buildsets_completed);
    statements.push(masters::names_stmt(&holders));
    let mut answers = tx.batch(&statements)?.into_iter();
    Ok((
        buildsets::by_ids_from(&mut answers)?,
        masters::names_from(answers.next())?,
    ))
}

/// What `request cancel` prints.
#[derive(Serialize)]
struct Cancelled {
    cancelled: Vec<i64>,
    stopping: Vec<Stopping>,
    buildsets_completed: Vec<i64>,
}

/// `request cancel`, as Buildbot's botmaster cancels: see the command's
/// help. All or nothing, and a refused command asks no master anything.
fn cancel(ctx: &Context, brids: &[i64], reason: &str, at: &crate::cli::At) -> Result<Report> {
    let force = at.force;
    let at = at.resolve()?;
    let brids = super::dedup(brids);
    let acting = ctx.acting_master()?;
    let mut db = ctx.open()?;
    let caps = db.capabilities();
    let (done, builds, note, buildsets, names, left) = db.write(|tx| {
        let requests = buildrequests::get_existing(tx, &brids)?;
        // The master is made only to claim; a running one is not acted as.
        if !force && let Some(me) = masters::find_this_master(tx, &acting.master)? {
            running::refuse_acting_as(&me, at, "nothing was cancelled")
                .map_err(Error::over_claims)?;
        }
        let complete: Vec<i64> = requests
            .iter()
            .filter(|br| br.complete)
            .map(|br| br.buildrequestid)
            .collect();
        if !complete.is_empty() {
            return Err(Error::conflict(format!(
                "build request {} is already complete; nothing was cancelled",
                buildrequests::join(&complete)
            ))
            .with_ids(complete)
            .over_claims());
        }
        let held = running::held_by_running_masters(tx, Held::Requests(&brids), at)?;
        if !held.is_empty() && !force && ctx.cli.notify.is_empty() {
            return Err(running::held_conflict(
                &held,
                at,
                "cancelling it is that master's to do: pass --notify URL to ask it to stop \
                 the build, or --force to complete it as cancelled anyway; nothing was \
                 cancelled",
            ));
        }
        // A running master's requests are left to it (it completes them
        // when it stops their builds), unless --force.
        let theirs: Vec<i64> = match force {
            true => Vec::new(),
            false => held.iter().map(|(brid, _)| *brid).collect(),
        };
        let cancelled: Vec<i64> = brids
            .iter()
            .copied()
            .filter(|brid| !theirs.contains(brid))
            .collect();
        let unclaimed: Vec<i64> = requests
            .iter()
            .filter(|br| !br.claimed && cancelled.contains(&br.buildrequestid))
            .map(|br| br.buildrequestid)
            .collect();
        let mut note = None;
        if !unclaimed.is_empty() {
            let (me, created) = acting.resolve(tx, at)?;
            note = acting.created_note(&me, created);
            buildrequests::claim_build_requests(tx, &unclaimed, me.masterid, at)?;
        }
        let done = match cancelled.is_empty() {
            true => buildrequests::Completed {
                buildrequests: Vec::new(),
                buildsets_completed: Vec::new(),
            },
            false => buildrequests::complete_build_requests(tx, &cancelled, CANCELLED, at)?,
        };
        let builds = match ctx.cli.notify.is_empty() {
            true => Vec::new(),
            false => buildrequests::unfinished_builds_of(tx, &brids)?,
        };
        // The builders of what was cancelled: with --notify their masters
        // are woken to start what waits behind it. Without it there is
        // nothing to note: a cancel adds no build for a master to start.
        let mut builderids: Vec<i64> = match ctx.cli.notify.is_empty() {
            true => Vec::new(),
            false => requests
                .iter()
                .filter(|br| cancelled.contains(&br.buildrequestid))
                .map(|br| br.builderid)
                .collect(),
        };
        builderids.sort_unstable();
        builderids.dedup();
        let left = ctx.left_unclaimed(tx, builderids, at)?;
        let (buildsets, names) = if ctx.cli.json {
            Default::default()
        } else {
            shown_after_completing(tx, caps, &done)?
        };
        Ok((done, builds, note, buildsets, names, left))
    })?;
    let stopping = crate::notify::stop_builds(
        &ctx.cli.notify,
        ctx.cli.notify_auth.as_ref(),
        &builds,
        reason,
    );
    let mut warnings = Vec::new();
    let mut asked = Vec::new();
    for stop in &stopping {
        warnings.extend(stop.warning.clone());
        match &stop.error {
            Some(error) => warnings.push(format!(
                "could not ask {} to stop build {} (request {}): {error}",
                stop.url, stop.buildid, stop.buildrequestid
            )),
            None => asked.push(format!(
                "asked {} to stop build {} (request {})",
                stop.url, stop.buildid, stop.buildrequestid
            )),
        }
    }
    let doc = Cancelled {
        cancelled: done
            .buildrequests
            .iter()
            .map(|br| br.buildrequestid)
            .collect(),
        stopping,
        buildsets_completed: done.buildsets_completed.clone(),
    };
    let report = Report::new(&doc)
        .with_table(Entity::BuildRequest, &done.buildrequests)
        .with_table(Entity::Buildset, buildsets)
        .with_master_names(names)
        .with_notes(note)
        .with_human_notes(asked)
        .with_warnings(warnings)
        .at(at);
    Ok(ctx.nudge(report, left))
}
