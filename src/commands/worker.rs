//! `bb worker ...`: the workers connector, read side.

use super::Context;
use crate::cli::worker::WorkerCommand;
use crate::db::{builders, masters, workers};
use crate::error::{Error, Result};
use crate::output::{Entity, Report};
use crate::values::parse_name_or_id;

pub fn execute(ctx: &Context, cmd: &WorkerCommand) -> Result<Report> {
    match cmd {
        WorkerCommand::List {
            builder,
            master,
            paused,
            unpaused,
            graceful,
            connected,
            disconnected,
            list,
        } => {
            let query = list.spec().compile("worker", workers::FIELDS)?;
            // clap shares the global --master (and BB_MASTER) with this
            // filter: only a --master written after `worker list` is one.
            let master = master
                .as_deref()
                .filter(|_| given_after_list(std::env::args()))
                .map(parse_name_or_id)
                .transpose()
                .map_err(|err| Error::usage(format!("--master: {err}")))?;
            let mut db = ctx.open()?;
            let caps = db.capabilities();
            let (found, names) = db.read(|tx| {
                let criteria = workers::Criteria {
                    builderid: builder
                        .as_ref()
                        .map(|b| builders::lookup(tx, caps, b))
                        .transpose()?
                        .map(|b| b.builderid),
                    masterid: master
                        .as_ref()
                        .map(|m| masters::lookup(tx, m))
                        .transpose()?
                        .map(|m| m.masterid),
                    paused: (*paused || *unpaused).then_some(*paused),
                    graceful: graceful.then_some(true),
                    connected: (*connected || *disconnected).then_some(*connected),
                };
                let mut query = query.clone();
                criteria.apply(&mut query);
                let mut found = workers::get_workers(tx, caps, &query)?;
                criteria.narrow(&mut found);
                let masterids: Vec<i64> = found
                    .iter()
                    .flat_map(|w| w.connected_to.iter().map(|c| c.masterid))
                    .collect();
                Ok((found, masters::names(tx, &masterids)?))
            })?;
            Ok(Report::list(Entity::Worker, found)
                .select(&query.fields)
                .at(list.now())
                .with_master_names(names))
        }
        WorkerCommand::Show { worker } => {
            let mut db = ctx.open()?;
            let caps = db.capabilities();
            Ok(Report::new(
                db.read(|tx| workers::lookup(tx, caps, worker))?,
            ))
        }
    }
}

/// Whether `--master` is written after `worker list` on the command line.
fn given_after_list(args: impl Iterator<Item = String>) -> bool {
    let args: Vec<String> = args.collect();
    let Some(list) = args
        .windows(2)
        .position(|w| w[0] == "worker" && w[1] == "list")
    else {
        return false;
    };
    args[list + 2..]
        .iter()
        .take_while(|a| *a != "--")
        .any(|a| a == "--master" || a.starts_with("--master="))
}
