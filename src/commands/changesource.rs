//! `bb changesource ...`: the changesources connector.

use super::Context;
use crate::cli::changesource::ChangeSourceCommand;
use crate::db::{changesources, masters};
use crate::error::{Error, Result};
use crate::output::{Entity, Report};
use crate::values::NameOrId;

pub fn execute(ctx: &Context, cmd: &ChangeSourceCommand) -> Result<Report> {
    match cmd {
        ChangeSourceCommand::List {
            active,
            inactive,
            claimed_by,
            list,
        } => {
            let query = list.spec().compile("changesource", changesources::FIELDS)?;
            let found = ctx.open()?.read(|tx| {
                // On a copy: the transaction may be run again.
                let mut query = query.clone();
                if let Some(master) = claimed_by {
                    let masterid = masters::lookup(tx, master)?.masterid;
                    query.and("csm.masterid = ?", [masterid.into()]);
                }
                if *active {
                    query.and("csm.masterid IS NOT NULL", []);
                }
                if *inactive {
                    query.and("csm.masterid IS NULL", []);
                }
                changesources::get_change_sources(tx, &query)
            })?;
            Ok(Report::list(Entity::ChangeSource, found).select(&query.fields))
        }
        ChangeSourceCommand::Show { changesource } => Ok(Report::new(
            ctx.open()?
                .read(|tx| changesources::lookup(tx, changesource))?,
        )),
        ChangeSourceCommand::Register { name } => {
            let cs = ctx.open()?.write(|tx| {
                let id = changesources::find_change_source_id(tx, name)?;
                changesources::lookup(tx, &NameOrId::Id(id))
            })?;
            Ok(Report::new(&cs).with_table(Entity::ChangeSource, [&cs]))
        }
        ChangeSourceCommand::Claim { changesource, at } => {
            let force = at.force;
            let at = at.resolve()?;
            let acting = ctx.acting_master()?;
            let (cs, note) = ctx.open()?.write(|tx| {
                // The change source and the master in one round trip.
                let mut answers = tx
                    .batch(&[changesources::lookup_stmt(changesource), acting.find_stmt()])?
                    .into_iter();
                let cs = changesources::lookup_from(answers.next(), changesource)?;
                let (me, note) = acting
                    .act_found(tx, answers.next(), at, force, "nothing was claimed", || {
                        Ok(())
                    })
                    .map_err(Error::over_claims)?;
                Ok((changesources::claim(tx, &cs, &me, at)?, note))
            })?;
            Ok(Report::new(&cs)
                .with_table(Entity::ChangeSource, [&cs])
                .with_notes(note))
        }
        ChangeSourceCommand::Poll(args) => super::poll::execute(ctx, args),
        ChangeSourceCommand::Release {
            changesource,
            force,
        } => {
            let at = chrono::Utc::now().timestamp();
            let cs = ctx.open()?.write(|tx| {
                let cs = changesources::lookup(tx, changesource)?;
                if !force {
                    changesources::check_release(&cs, at)?;
                }
                changesources::release(tx, cs.changesourceid)?;
                changesources::lookup(tx, &NameOrId::Id(cs.changesourceid))
            })?;
            Ok(Report::new(&cs).with_table(Entity::ChangeSource, [&cs]))
        }
    }
}
