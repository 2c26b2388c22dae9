//! `bb build ...`: the builds connector, read side.

use super::Context;
use crate::cli::build::{BuildCommand, BuildRef};
use crate::db::{builders, builds, workers};
use crate::error::{Error, Result};
use crate::output::{Entity, Report};

pub fn execute(ctx: &Context, cmd: &BuildCommand) -> Result<Report> {
    match cmd {
        BuildCommand::List {
            builder,
            buildrequest,
            worker,
            complete,
            running,
            list,
        } => {
            let query = list.spec().compile("build", builds::FIELDS)?;
            // The usual table, and `--field builder` or `worker`, name the
            // builders and workers.
            let names_shown = ctx.shows_any(&query, &["builder", "worker"]);
            let mut db = ctx.open()?;
            let caps = db.capabilities();
            let (found, names) = db.read(|tx| {
                // Lookups never create: unknown builders and workers are exit 4.
                let criteria = builds::Criteria {
                    builderid: builder
                        .as_ref()
                        .map(|b| builders::lookup(tx, caps, b))
                        .transpose()?
                        .map(|b| b.builderid),
                    buildrequestid: *buildrequest,
                    workerid: worker
                        .as_ref()
                        .map(|w| workers::lookup_id(tx, w))
                        .transpose()?,
                    complete: (*complete || *running).then_some(*complete),
                };
                let mut query = query.clone();
                criteria.apply(&mut query, tx.engine());
                let found = builds::get_builds(tx, caps, &query)?;
                let names = match names_shown {
                    true => Names::of(tx, &found)?,
                    false => Names::default(),
                };
                Ok((found, names))
            })?;
            Ok(Report::list(Entity::Build, found)
                .select(&query.fields)
                .at(list.now())
                .with_names(names.builders, names.workers))
        }
        BuildCommand::Show { build } => {
            let mut db = ctx.open()?;
            let caps = db.capabilities();
            let found = db.read(|tx| match build {
                BuildRef::Id(id) => builds::get_build(tx, caps, *id)?.ok_or_else(|| {
                    Error::not_found(format!("build {id} does not exist")).with_ids([*id])
                }),
                BuildRef::Number(builder, number) => {
                    let builder = builders::lookup(tx, caps, builder)?;
                    builds::get_build_by_number(tx, caps, builder.builderid, *number)?.ok_or_else(
                        || {
                            Error::not_found(format!(
                                "builder '{}' has no build number {number}",
                                builder.name
                            ))
                        },
                    )
                }
            })?;
            Ok(Report::new(found))
        }
    }
}

/// The names the usual table shows for builds' ids.
#[derive(Default)]
struct Names {
    builders: std::collections::BTreeMap<i64, String>,
    workers: std::collections::BTreeMap<i64, String>,
}

impl Names {
    /// Both in one round trip.
    fn of(tx: &crate::db::Tx, found: &[builds::Build]) -> Result<Names> {
        let builderids: Vec<i64> = found.iter().map(|b| b.builderid).collect();
        let workerids: Vec<i64> = found.iter().filter_map(|b| b.workerid).collect();
        let mut answers = tx
            .batch(&[
                builders::names_by_id_stmt(&builderids),
                workers::names_stmt(&workerids),
            ])?
            .into_iter();
        Ok(Names {
            builders: builders::names_by_id_from(answers.next())?
                .into_iter()
                .collect(),
            workers: workers::names_from(answers.next())?,
        })
    }
}
