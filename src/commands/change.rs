//! `bb change ...`: the changes connector, read side.

use super::Context;
use crate::cli::change::ChangeCommand;
use crate::db::changes;
use crate::error::Result;
use crate::output::Report;

pub fn execute(ctx: &Context, cmd: &ChangeCommand) -> Result<Report> {
    match cmd {
        ChangeCommand::List { list } => {
            let query = list.spec().compile("change", changes::FIELDS)?;
            let found = ctx.open()?.read(|tx| changes::get_changes(tx, &query))?;
            Ok(Report::list("changes", found).select(&query.fields))
        }
        ChangeCommand::Show { changeid } => Ok(Report::new(
            ctx.open()?.read(|tx| changes::lookup(tx, *changeid))?,
        )),
    }
}
