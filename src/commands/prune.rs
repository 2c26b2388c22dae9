//! `bb prune logs|build-data|builds`: old history deleted a batch per
//! transaction, with a progress bar for people at a terminal.

use std::io::IsTerminal;

use super::Context;
use crate::cli::prune::{PruneArgs, PruneCommand};
use crate::db::builders;
use crate::db::prune::{self, Plan, Pruned, Pruner, Scope, What};
use crate::error::{Error, Result};
use crate::output::{Report, format_time};

pub fn execute(ctx: &Context, cmd: &PruneCommand) -> Result<Report> {
    let (what, args) = match cmd {
        PruneCommand::Logs(args) => (What::Logs, args),
        PruneCommand::BuildData(args) => (What::BuildData, args),
        PruneCommand::Builds(builds) => (What::Builds, &builds.prune),
    };
    let plan = plan(args)?;
    let mut db = ctx.open()?;
    let mut scope = Scope::default();
    if let PruneCommand::Builds(builds) = cmd {
        scope.keep_last = builds.keep_last;
        if !builds.builder.is_empty() {
            let caps = db.capabilities();
            let ids = db.read(|tx| {
                builds
                    .builder
                    .iter()
                    .map(|b| builders::lookup(tx, caps, b).map(|b| b.builderid))
                    .collect::<Result<Vec<i64>>>()
            })?;
            scope.builderids = Some(ids);
        }
    }
    let bar = progress_bar(ctx, &plan, what, &scope, &mut db)?;
    let mut tell = |rows: u64| {
        if let Some(bar) = &bar {
            bar.set_position(rows);
        }
    };
    let mut pruner = Pruner::new(&mut db, plan, &mut tell);
    pruner.prune(what, &scope)?;
    let done = pruner.finish();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(report(done))
}

/// The horizon and batch. An `--at` more than a minute ahead of the clock
/// would delete recent history: refused (exit 2), as for every write.
fn plan(args: &PruneArgs) -> Result<Plan> {
    let now = chrono::Utc::now().timestamp();
    let at = args.at.unwrap_or(now);
    if at - now > crate::db::running::AT_AHEAD {
        return Err(Error::usage(format!(
            "--at {} is {} ahead of this machine's clock; it would prune recent history (give a \
             shorter --older-than instead)",
            format_time(at),
            crate::values::format_age(at - now)
        )));
    }
    Ok(Plan {
        horizon: at.saturating_sub(args.older_than),
        batch: args.batch,
        dry_run: args.dry_run,
    })
}

/// A bar on stderr when it is a terminal (not with `-q`, `--json` or
/// `--dry-run`): rows deleted of the total counted first, rate, time left.
fn progress_bar(
    ctx: &Context,
    plan: &Plan,
    what: What,
    scope: &Scope,
    db: &mut crate::db::Database,
) -> Result<Option<indicatif::ProgressBar>> {
    if plan.dry_run || ctx.cli.quiet || ctx.cli.json || !std::io::stderr().is_terminal() {
        return Ok(None);
    }
    let total = prune::count(db, plan, what, scope)?.rows();
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total),
        indicatif::ProgressDrawTarget::stderr(),
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:30} {human_pos}/{human_len} rows  {per_sec}  {eta} left",
        )
        .expect("a valid template"),
    );
    Ok(Some(bar))
}

/// For people, one row per table; for scripts, the whole account.
fn report(done: Pruned) -> Report {
    let mut rows: Vec<serde_json::Value> = done
        .deleted
        .iter()
        .map(|(table, n)| {
            let bytes = (*table == "logchunks").then_some(done.log_bytes);
            serde_json::json!({"table": table, "rows": n, "log_bytes": bytes})
        })
        .collect();
    if done.logs_marked > 0 {
        rows.push(serde_json::json!({"table": "logs (marked 'd')", "rows": done.logs_marked, "log_bytes": null}));
    }
    let verb = if done.dry_run {
        "would delete"
    } else {
        "deleted"
    };
    let summary = if rows.is_empty() {
        format!("nothing to prune from before {}", format_time(done.horizon))
    } else if done.dry_run {
        format!(
            "dry run: {verb} {} rows from before {}; nothing was deleted",
            done.rows(),
            format_time(done.horizon)
        )
    } else {
        format!(
            "{verb} {} rows from before {} in {} transactions, {:.1}s",
            done.rows(),
            format_time(done.horizon),
            done.batches,
            done.seconds
        )
    };
    Report::new(&done)
        .with_human(rows)
        .with_human_notes([summary])
}
