//! `bb notify`: nudge running masters about builders, writing nothing.

use serde_json::json;

use super::Context;
use crate::db::{builders, buildrequests};
use crate::error::{Error, Result};
use crate::output::Report;
use crate::values::NameOrId;

pub fn execute(ctx: &Context, given: &[NameOrId]) -> Result<Report> {
    if ctx.cli.notify.is_empty() {
        return Err(Error::usage(
            "bb notify needs a master to notify: pass --notify URL (or set BB_NOTIFY)",
        ));
    }
    let mut db = ctx.open()?;
    let caps = db.capabilities();
    let at = chrono::Utc::now().timestamp();
    let left = db.read(|tx| {
        let mut builderids = match given {
            [] => buildrequests::builders_with_unclaimed(tx)?,
            given => given
                .iter()
                .map(|b| Ok(builders::lookup(tx, caps, b)?.builderid))
                .collect::<Result<Vec<i64>>>()?,
        };
        builderids.sort_unstable();
        builderids.dedup();
        ctx.left_unclaimed(tx, builderids, at)
    })?;
    // The nudge write commands send after they commit is all there is here.
    Ok(ctx.nudge(Report::new(json!({})), left))
}
