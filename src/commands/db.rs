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
        DbCommand::Info => {
            let mut db = ctx.open()?;
            let doc = schema::info(&mut db)?;
            // People read the revision with its releases on one line:
            // `064 (Buildbot 3.10 – 3.11)`.
            let mut human = doc.clone();
            let mut warnings = Vec::new();
            if let Some(fields) = human.as_object_mut() {
                fields.remove("buildbot");
                fields.insert("revision".into(), db.revision().to_string().into());
                // Said on stderr, as `warning:` lines.
                if let Some(serde_json::Value::Array(said)) = fields.remove("warnings") {
                    warnings.extend(
                        said.into_iter()
                            .filter_map(|w| w.as_str().map(String::from)),
                    );
                }
            }
            Ok(Report::new(doc).with_human(human).with_warnings(warnings))
        }
    }
}
