//! `bb request ...`: the buildrequests connector.

use super::Context;
use crate::cli::request::RequestCommand;
use crate::db::buildrequests::{self, Claimed, Criteria, Held};
use crate::db::{builders, buildsets, masters};
use crate::error::{Error, Result};
use crate::output::{Entity, Report};

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
            // The usual table names the masters holding claims.
            let names_shown = !ctx.cli.json && !ctx.cli.wide && list.fields.is_empty();
            let mut db = ctx.open()?;
            let caps = db.capabilities();
            let (found, names) = db.read(|tx| {
                // Lookups never create: unknown builders, masters and buildsets are exit 4.
                let claimed = match claimed_by {
                    Some(master) => Some(Claimed::By(masters::lookup(tx, master)?.masterid)),
                    None if *claimed => Some(Claimed::Yes),
                    None if *unclaimed => Some(Claimed::No),
                    None => None,
                };
                if let Some(bsid) = buildset {
                    buildsets::check_exists(tx, *bsid)?;
                }
                let criteria = Criteria {
                    builderid: builder
                        .as_ref()
                        .map(|b| builders::lookup(tx, caps, b))
                        .transpose()?
                        .map(|b| b.builderid),
                    complete: (*complete || *incomplete).then_some(*complete),
                    claimed,
                    bsid: *buildset,
                    branch: branch.clone(),
                    repository: repository.clone(),
                };
                // On a copy: the transaction may be run again.
                let mut query = query.clone();
                criteria.apply(&mut query, tx.engine());
                let found = buildrequests::get_build_requests(tx, &query)?;
                let names = if names_shown {
                    let holders: Vec<i64> = found
                        .iter()
                        .filter_map(|br| br.claimed_by_masterid)
                        .collect();
                    masters::names(tx, &holders)?
                } else {
                    Default::default()
                };
                Ok((found, names))
            })?;
            Ok(Report::list(Entity::BuildRequest, found)
                .select(&query.fields)
                .at(list.now())
                .with_master_names(names))
        }
        RequestCommand::Claim { brids, at } => {
            let at = at.resolve();
            let acting = ctx.acting_master()?;
            let (claimed, me) = ctx.open()?.write(|tx| {
                let (me, _) = masters::this_master(tx, acting.as_ref(), &ctx.home()?, at)?;
                let claimed =
                    buildrequests::claim_build_requests(tx, &super::dedup(brids), me.masterid, at)?;
                Ok((claimed, me))
            })?;
            Ok(Report::list(Entity::BuildRequest, claimed)
                .at(at)
                .with_master_names([(me.masterid, me.name)].into()))
        }
        RequestCommand::Unclaim { brids } => {
            let at = chrono::Utc::now().timestamp();
            let acting = ctx.acting_master()?;
            let (done, left) = ctx.open()?.write(|tx| {
                let (me, _) = masters::this_master(tx, acting.as_ref(), &ctx.home()?, at)?;
                let done =
                    buildrequests::unclaim_build_requests(tx, &super::dedup(brids), me.masterid)?;
                let builderids = buildrequests::builders_of(tx, &done.unclaimed)?;
                Ok((done, ctx.left_unclaimed(tx, builderids, at)?))
            })?;
            Ok(ctx.nudge(Report::new(done), left))
        }
        RequestCommand::Complete {
            brids,
            results,
            at,
            force,
        } => {
            let at = at.resolve();
            let brids = super::dedup(brids);
            let done = ctx.open()?.write(|tx| {
                if !force {
                    let held =
                        buildrequests::held_by_running_masters(tx, Held::Requests(&brids), at)?;
                    if !held.is_empty() {
                        // A missing id is exit 4 even beside a conflict.
                        buildrequests::get_existing(tx, &brids)?;
                        return Err(Error::conflict(format!(
                            "{}; completing it would make that master's build fail \
                             (NotClaimedError); nothing was completed (let the build finish, or \
                             pass --force)",
                            buildrequests::describe_held(&held, at)
                        ))
                        .with_ids(held.iter().map(|(brid, _)| *brid))
                        .with_holders(held.iter().map(|(brid, m)| (*brid, m.masterid))));
                    }
                }
                buildrequests::complete_build_requests(tx, &brids, *results, at)
            })?;
            Ok(Report::new(done))
        }
    }
}
