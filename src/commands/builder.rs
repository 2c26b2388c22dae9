//! `bb builder list` and `bb builder register`.

use super::Context;
use crate::cli::builder::BuilderCommand;
use crate::db::builders;
use crate::error::Result;
use crate::output::{Entity, Report};
use crate::values::NameOrId;

pub fn execute(ctx: &Context, cmd: &BuilderCommand) -> Result<Report> {
    match cmd {
        BuilderCommand::List { list } => {
            let query = list.spec().compile("builder", builders::FIELDS)?;
            let mut db = ctx.open()?;
            let caps = db.capabilities();
            let found = db.read(|tx| builders::get_builders(tx, caps, &query))?;
            Ok(Report::list(Entity::Builder, found).select(&query.fields))
        }
        BuilderCommand::Register { name } => {
            let mut db = ctx.open()?;
            let caps = db.capabilities();
            let builder = db.write(|tx| {
                let (id, _) = builders::find_builder_id(tx, name)?;
                builders::lookup(tx, caps, &NameOrId::Id(id))
            })?;
            Ok(Report::new(&builder).with_table(Entity::Builder, [&builder]))
        }
    }
}
