//! `bb db init` and `bb db info`.

use super::Context;
use crate::cli::db::DbCommand;
use crate::db::schema;
use crate::error::Result;
use crate::output::Report;

pub fn execute(ctx: &Context, cmd: &DbCommand) -> Result<Report> {
    match cmd {
        DbCommand::Init => {
            let created = schema::init(&ctx.location)?;
            let human = format!(
                "created {} (schema revision {})",
                created.path, created.revision
            );
            Ok(Report::new(created).with_human(human))
        }
        DbCommand::Info => Ok(Report::new(schema::info(&mut ctx.open()?)?)),
    }
}
