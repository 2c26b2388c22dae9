//! `bb change ...`: the changes connector, read side.

use super::Context;
use crate::cli::change::ChangeCommand;
use crate::db::changes;
use crate::error::Result;
use crate::output::{Entity, Report};

pub fn execute(ctx: &Context, cmd: &ChangeCommand) -> Result<Report> {
    match cmd {
        ChangeCommand::List { list } => {
            let query = list.spec().compile("change", changes::FIELDS)?;
            let found = ctx.open()?.read(|tx| changes::get_changes(tx, &query))?;
            Ok(Report::list(Entity::Change, found)
                .select(&query.fields)
                .at(list.now()))
        }
        ChangeCommand::Show { changeid } => Ok(Report::new(
            ctx.open()?.read(|tx| changes::lookup(tx, *changeid))?,
        )),
    }
}
