//! `bb builder list` and `bb builder register`.

use super::Context;
use crate::cli::builder::BuilderCommand;
use crate::db::builders;
use crate::error::Result;
use crate::output::Report;
use crate::values::NameOrId;

pub fn execute(ctx: &Context, cmd: &BuilderCommand) -> Result<Report> {
    let mut db = ctx.open()?;
    match cmd {
        BuilderCommand::List => Ok(Report::list("builders", db.read(|tx| builders::get_builders(tx))?)),
        BuilderCommand::Register { name } => {
            let builder = db.write(|tx| {
                let (id, _) = builders::find_builder_id(tx, name)?;
                builders::lookup(tx, &NameOrId::Id(id))
            })?;
            Ok(Report::new(builder))
        }
    }
}
