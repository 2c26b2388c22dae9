//! `bb queue`, `bb queue --check` and `bb metrics`: the queue per builder,
//! why builds do not start, as a table, a monitoring plugin's line, and
//! Prometheus metrics.

use serde::Serialize;

use super::Context;
use crate::cli::queue::{MetricsArgs, QueueArgs};
use crate::db::queue::{self, Snapshot};
use crate::error::Result;
use crate::output::{Entity, Report};
use crate::values::format_age;

/// One row of `bb queue`.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub builderid: i64,
    pub name: String,
    pub pending: i64,
    pub oldest_pending_submitted_at: Option<i64>,
    pub claimed: i64,
    pub running: i64,
    pub masters: Vec<MasterRef>,
    pub stuck: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MasterRef {
    pub masterid: i64,
    pub name: String,
}

/// The rows of the queue, with why each builder is stuck if it is.
pub fn rows(snapshot: &Snapshot, stuck_after: i64, stuck_text: &str) -> Vec<Row> {
    let at = snapshot.at;
    snapshot
        .builders
        .iter()
        .map(|w| {
            let masters: Vec<MasterRef> = snapshot
                .running(&w.serving)
                .map(|m| MasterRef {
                    masterid: m.masterid,
                    name: m.name.clone(),
                })
                .collect();
            let mut stuck = Vec::new();
            if w.pending > 0 && masters.is_empty() {
                stuck.push("no running master serves it".to_string());
            }
            for masterid in w.claimed.keys() {
                let master = snapshot.master(*masterid);
                if !master.is_some_and(|m| m.is_running(at)) {
                    let name = master.map_or_else(|| masterid.to_string(), |m| m.name.clone());
                    stuck.push(format!("claimed by a master that is not running: {name}"));
                }
            }
            if w.oldest_pending_submitted_at
                .is_some_and(|t| at - t > stuck_after)
            {
                stuck.push(format!("pending longer than {stuck_text}"));
            }
            Row {
                builderid: w.builderid,
                name: w.name.clone(),
                pending: w.pending,
                oldest_pending_submitted_at: w.oldest_pending_submitted_at,
                claimed: w.claimed.values().sum(),
                running: w.running,
                masters,
                stuck,
            }
        })
        .collect()
}

pub fn execute(ctx: &Context, args: &QueueArgs) -> Result<Report> {
    let at = args.at.unwrap_or_else(|| chrono::Utc::now().timestamp());
    let snapshot = ctx.open()?.read(|tx| queue::snapshot(tx, at))?;
    let rows = rows(&snapshot, args.stuck_after.seconds, &args.stuck_after.text);
    if args.check {
        return Ok(check(&rows, at, args));
    }
    Ok(Report::list(Entity::Queue, rows).at(at))
}

/// The plugin's status line and exit code: CRITICAL past --crit-after,
/// WARNING past --warn-after or with anything stuck, else OK.
fn check(rows: &[Row], at: i64, args: &QueueArgs) -> Report {
    let pending: i64 = rows.iter().map(|r| r.pending).sum();
    let oldest = rows
        .iter()
        .filter_map(|r| r.oldest_pending_submitted_at)
        .min()
        .map_or(0, |t| (at - t).max(0));
    let stuck: Vec<&Row> = rows.iter().filter(|r| !r.stuck.is_empty()).collect();
    let (status, code) = if pending > 0 && oldest > args.crit_after.seconds {
        ("CRITICAL", 2)
    } else if (pending > 0 && oldest > args.warn_after.seconds) || !stuck.is_empty() {
        ("WARNING", 1)
    } else {
        ("OK", 0)
    };
    let mut text = format!("{pending} pending");
    if pending > 0 {
        text.push_str(&format!(", oldest {}", format_age(oldest)));
    }
    if !stuck.is_empty() {
        let why: Vec<String> = stuck
            .iter()
            .map(|r| format!("{} ({})", r.name, r.stuck.join("; ")))
            .collect();
        text.push_str(&format!(", {} stuck: {}", stuck.len(), why.join(", ")));
    }
    // Perfdata is one line: nothing in the text may break it.
    let text = text.replace(['|', '\n', '\r'], " ");
    Report::plugin(
        format!(
            "BB QUEUE {status} - {text} | pending={pending} oldest_pending={oldest}s;{};{} \
             stuck={}\n",
            args.warn_after.seconds,
            args.crit_after.seconds,
            stuck.len()
        ),
        code,
    )
}

/// The plugin's UNKNOWN (exit 3): the database could not be read, or the
/// command line was wrong.
pub fn unknown(why: &str) -> Report {
    let why = why.replace(['|', '\n', '\r'], " ");
    Report::plugin(format!("BB QUEUE UNKNOWN - {why}\n"), 3)
}

pub fn metrics(ctx: &Context, args: &MetricsArgs) -> Result<Report> {
    let at = args.at.unwrap_or_else(|| chrono::Utc::now().timestamp());
    let mut db = ctx.open()?;
    let (snapshot, connected) =
        db.read(|tx| Ok((queue::snapshot(tx, at)?, queue::connected_workers(tx)?)))?;
    let size = db.size_bytes()?;
    Ok(Report::text(crate::output::metrics::encode(
        &snapshot, &connected, size,
    )))
}
