//! History: what Buildbot's janitor deletes (`deleteOldLogChunks`,
//! `deleteOldBuildData`) and whole finished buildsets, deleted in small
//! transactions so that a running master waits at most about one batch.
//!
//! Every transaction deletes at most a batch of rows and commits; at each
//! commit nothing refers to a deleted row: a log is marked `'d'` before its
//! chunks go, a log's chunks go before the log, a build's dependants before
//! the build, a buildset's requests, links and properties with it. So a
//! prune stopped at any moment leaves a consistent database, and running it
//! again goes on from there.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::engine::{EngineKind, Stmt, Value};
use super::{Database, Tx};
use crate::error::Result;
use crate::params;

/// How a prune runs.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// What completed (or started) before this epoch goes.
    pub horizon: i64,
    /// At most this many rows deleted per transaction.
    pub batch: u64,
    pub dry_run: bool,
}

/// What a prune deleted, or with `--dry-run` would delete.
#[derive(Debug, Default, Serialize)]
pub struct Pruned {
    pub dry_run: bool,
    pub horizon: i64,
    /// Rows deleted per table (tables with none left out).
    pub deleted: BTreeMap<&'static str, u64>,
    /// Logs whose type was set to `'d'`.
    pub logs_marked: u64,
    /// The bytes of `logchunks.content` deleted.
    pub log_bytes: u64,
    /// Transactions that wrote.
    pub batches: u64,
    pub seconds: f64,
}

impl Pruned {
    /// Rows deleted in all.
    pub fn rows(&self) -> u64 {
        self.deleted.values().sum()
    }

    fn add(&mut self, table: &'static str, rows: u64) {
        if rows > 0 {
            *self.deleted.entry(table).or_default() += rows;
        }
    }
}

/// Which buildsets `prune builds` deletes, beside the horizon.
#[derive(Debug, Default)]
pub struct Scope {
    /// Only buildsets with requests, all of them on these builders.
    pub builderids: Option<Vec<i64>>,
    /// Keep each builder's N complete buildsets with the highest ids.
    pub keep_last: Option<u64>,
}

/// A prune under way: the database, its batch size, what is done so far,
/// and who is told after each commit.
pub struct Pruner<'a> {
    db: &'a mut Database,
    plan: Plan,
    done: Pruned,
    started: Instant,
    /// Whether someone may be waiting for the database between batches: a
    /// master running on it (by the clock), or another connection that
    /// committed during the prune. Found at the first commit.
    guarded: Option<bool>,
    /// SQLite's `data_version` after the last commit: it moves when
    /// another connection commits.
    data_version: Option<i64>,
    /// Whether the connection was relaxed for many small transactions
    /// ([`Database::relax`]).
    relaxed: bool,
    /// Told the rows deleted so far after each commit.
    progress: &'a mut dyn FnMut(u64),
}

/// What one transaction did.
#[derive(Default)]
struct Step {
    deleted: Vec<(&'static str, u64)>,
    marked: u64,
    bytes: u64,
}

impl Step {
    fn wrote(&self) -> bool {
        self.marked > 0 || self.deleted.iter().any(|(_, n)| *n > 0)
    }
}

impl<'a> Pruner<'a> {
    pub fn new(db: &'a mut Database, plan: Plan, progress: &'a mut dyn FnMut(u64)) -> Pruner<'a> {
        let done = Pruned {
            dry_run: plan.dry_run,
            horizon: plan.horizon,
            ..Pruned::default()
        };
        Pruner {
            db,
            plan,
            done,
            started: Instant::now(),
            guarded: None,
            data_version: None,
            relaxed: false,
            progress,
        }
    }

    /// Run the prune `what` (`scope` is for `prune builds`).
    pub fn prune(&mut self, what: What, scope: &Scope) -> Result<()> {
        match what {
            What::Logs => self.logs(),
            What::BuildData => self.build_data(),
            What::Builds => self.builds(scope),
        }
    }

    /// What was done, with the time it took.
    pub fn finish(mut self) -> Pruned {
        self.done.seconds = (self.started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
        self.done
    }

    fn batch(&self) -> i64 {
        i64::try_from(self.plan.batch).unwrap_or(i64::MAX)
    }

    /// One write transaction; after it commits, its counts are added, the
    /// progress told, and (if it wrote) the database left free a moment.
    fn commit<T>(&mut self, mut f: impl FnMut(&Tx) -> Result<(T, Step)>) -> Result<T> {
        if !self.relaxed {
            self.db.relax()?;
            self.relaxed = true;
        }
        let (value, step) = self.db.write(&mut f)?;
        if step.wrote() {
            self.done.batches += 1;
            self.done.logs_marked += step.marked;
            self.done.log_bytes += step.bytes;
            for (table, rows) in step.deleted {
                self.done.add(table, rows);
            }
            (self.progress)(self.done.rows());
            self.pause()?;
        }
        Ok(value)
    }

    /// Leave the database free a moment after a commit. A SQLite writer
    /// waiting for the lock polls it at growing intervals (Buildbot's,
    /// through Python's sqlite3: 25 ms apart around its first tenth of a
    /// second, then 50 and 100 ms), so back-to-back batches would starve
    /// it: while someone may be waiting (a running master, or any other
    /// connection seen committing), the pause is as long as those polls
    /// are apart; with nobody to wait, a short one lets an occasional
    /// other writer in. A server's writers wait on row locks and are let
    /// in at the commit, before the next batch's first statement arrives:
    /// no pause there.
    fn pause(&mut self) -> Result<()> {
        if self.db.engine_kind() != EngineKind::Sqlite {
            return Ok(());
        }
        if self.guarded.is_none() {
            let now = chrono::Utc::now().timestamp();
            let running = self
                .db
                .read(|tx| super::running::running_masters(tx, now))?;
            self.guarded = Some(!running.is_empty());
        }
        if self.guarded == Some(false) {
            let version = self
                .db
                .read(|tx| tx.int("PRAGMA data_version", params![]))?;
            if self.data_version.is_some_and(|seen| seen != version) {
                self.guarded = Some(true);
            }
            self.data_version = Some(version);
        }
        let pause = if self.guarded == Some(true) { 25 } else { 5 };
        std::thread::sleep(Duration::from_millis(pause));
        Ok(())
    }

    // --- prune logs: deleteOldLogChunks ------------------------------------

    /// Buildbot's `deleteOldLogChunks(horizon)`: the logs of every step up
    /// to the last one (by id) that started before the horizon are marked
    /// `'d'`, then every chunk of a `'d'` log goes.
    pub fn logs(&mut self) -> Result<()> {
        let horizon = self.plan.horizon;
        let last_step = self.db.read(|tx| last_step_before(tx, horizon))?;
        if self.plan.dry_run {
            let counted = self.db.read(|tx| count_logs(tx, last_step))?;
            self.count(counted);
            return Ok(());
        }
        if let Some(last_step) = last_step {
            self.mark_logs(last_step)?;
        }
        self.run(vec![Stage::Chunks {
            logs: None,
            from: 0,
        }])
    }

    /// Mark the logs of steps up to `last_step` `'d'`, a batch at a time,
    /// walking the logs by id.
    fn mark_logs(&mut self, last_step: i64) -> Result<()> {
        let batch = self.batch();
        let mut after = 0;
        loop {
            // `+stepid`: walk the primary key from the cursor, not the
            // (stepid, slug) index from the start at every batch.
            let (last, full) = self.commit(|tx| {
                const PICK: &str = "FROM logs WHERE id > ?1 AND +stepid <= ?2 AND type <> 'd' \
                                    ORDER BY id LIMIT ?3";
                let params = params![after, last_step, batch];
                // Picked and marked in one statement where the engine can
                // (by row address on PostgreSQL, whose planner would hash
                // an id list against every log).
                let ids = match tx.engine() {
                    EngineKind::Sqlite => tx.query(
                        &format!(
                            "UPDATE logs SET type = 'd' WHERE rowid IN (SELECT id {PICK}) \
                             RETURNING id"
                        ),
                        params,
                        |row| row.int(0),
                    )?,
                    EngineKind::Postgresql => tx.query(
                        &format!(
                            "UPDATE logs SET type = 'd' \
                             WHERE ctid = ANY(ARRAY(SELECT ctid {PICK})) RETURNING id"
                        ),
                        params,
                        |row| row.int(0),
                    )?,
                    EngineKind::Mysql => {
                        let ids =
                            tx.query(&format!("SELECT id {PICK}"), params, |row| row.int(0))?;
                        if !ids.is_empty() {
                            tx.execute(
                                "UPDATE logs SET type = 'd' \
                                 WHERE id IN (SELECT value FROM json_each(?1))",
                                params![&ids],
                            )?;
                        }
                        ids
                    }
                };
                let step = Step {
                    marked: ids.len() as u64,
                    ..Step::default()
                };
                Ok(((ids.iter().copied().max(), ids.len() as i64 == batch), step))
            })?;
            match last {
                Some(last) if full => after = last,
                _ => return Ok(()),
            }
        }
    }

    /// Run `stages` to the end, each transaction doing as much of them as
    /// a batch allows, in order: a stage is over before the next begins.
    fn run(&mut self, stages: Vec<Stage>) -> Result<()> {
        let batch = self.plan.batch;
        let rebuilt = self.db.capabilities().has_rebuilt_buildid();
        let mut left = stages;
        while !left.is_empty() {
            left = self.commit(|tx| {
                let mut left = left.clone();
                let mut step = Step::default();
                let mut budget = batch;
                while let Some(stage) = left.first_mut() {
                    let fresh = budget == batch;
                    let (used, over) = stage.delete(tx, budget, fresh, rebuilt, &mut step)?;
                    budget = budget.saturating_sub(used);
                    if !over {
                        break;
                    }
                    left.remove(0);
                    if budget == 0 {
                        break;
                    }
                }
                Ok((left, step))
            })?;
        }
        Ok(())
    }

    // --- prune build-data: deleteOldBuildData ------------------------------

    /// Buildbot's `deleteOldBuildData(horizon)`: the build data of builds
    /// that completed before the horizon, walking build_data by id.
    pub fn build_data(&mut self) -> Result<()> {
        let horizon = self.plan.horizon;
        const OLD: &str = "FROM build_data JOIN builds ON builds.id = build_data.buildid \
                           WHERE builds.complete_at < ?1";
        if self.plan.dry_run {
            let n = self
                .db
                .read(|tx| tx.int(&format!("SELECT COUNT(*) {OLD}"), params![horizon]))?;
            self.count(vec![("build_data", n as u64)]);
            return Ok(());
        }
        let batch = self.batch();
        let mut after = 0;
        loop {
            let next = self.commit(|tx| {
                let ids = tx.query(
                    &format!(
                        "SELECT build_data.id {OLD} AND build_data.id > ?2 \
                         ORDER BY build_data.id LIMIT ?3"
                    ),
                    params![horizon, after, batch],
                    |row| row.int(0),
                )?;
                let deleted = delete_in(tx, "build_data", "id", &ids)?;
                let full = ids.len() as i64 == batch;
                let step = Step {
                    deleted: vec![("build_data", deleted)],
                    ..Step::default()
                };
                Ok((ids.last().copied().filter(|_| full), step))
            })?;
            match next {
                Some(last) => after = last,
                None => return Ok(()),
            }
        }
    }

    // --- prune builds: whole finished buildsets ----------------------------

    /// Delete every complete buildset that completed before the horizon
    /// and whose requests and builds are all complete (within `scope`),
    /// with everything that hangs off it, then the sourcestamps and
    /// patches nothing refers to any more. A wave of buildsets at a time:
    /// its logs marked, their chunks, what hangs off its builds (bottom
    /// up), the builds, then the buildsets each with its requests, links
    /// and properties.
    pub fn builds(&mut self, scope: &Scope) -> Result<()> {
        let horizon = self.plan.horizon;
        let keep: Vec<i64> = match scope.keep_last {
            Some(n) => self.db.read(|tx| kept_buildsets(tx, n))?,
            None => Vec::new(),
        };
        let doomed = Doomed {
            horizon,
            keep,
            builderids: scope.builderids.clone(),
        };
        if self.plan.dry_run {
            let counted = self.db.read(|tx| count_builds(tx, &doomed))?;
            self.count(counted);
            return Ok(());
        }
        let mut after = 0;
        loop {
            let wave = self.db.read(|tx| doomed.wave(tx, after, WAVE))?;
            let Some(&last) = wave.bsids.last() else {
                return Ok(());
            };
            self.run(wave.stages())?;
            after = last;
        }
    }

    /// A dry run's counts, as if deleted.
    fn count(&mut self, counted: Vec<(&'static str, u64)>) {
        for (table, rows) in counted {
            match table {
                "logs_marked" => self.done.logs_marked += rows,
                "log_bytes" => self.done.log_bytes += rows,
                _ => self.done.add(table, rows),
            }
        }
    }
}

/// Buildsets per wave of `prune builds`: few enough that the lists of ids
/// of what hangs off them stay short.
const WAVE: i64 = 100;

/// One part of a prune, over before the next begins: what stays refers to
/// nothing that is gone at any commit.
#[derive(Debug, Clone)]
enum Stage {
    /// Set these logs' type to `'d'` (marks are not counted in a batch).
    Mark(Vec<i64>),
    /// The chunks of these logs (`None`: of every log marked `'d'`), from
    /// log id `from` on.
    Chunks { logs: Option<Vec<i64>>, from: i64 },
    /// The rows of `table` whose `column` is one of `keys`.
    Rows {
        table: &'static str,
        column: &'static str,
        keys: Vec<i64>,
    },
    /// These builds, a buildset that referred to one as its parent or
    /// rebuilt build keeping NULL there (Buildbot's foreign keys).
    Builds(Vec<i64>),
    /// These buildsets, each with its requests, their claims, its
    /// properties and links, then the sourcestamps only they referred to.
    Buildsets(Vec<i64>),
}

impl Stage {
    /// Delete at most `budget` rows of the stage (one unit over it if the
    /// transaction has done nothing yet: `fresh`). Returns the rows used
    /// and whether the stage is over.
    fn delete(
        &mut self,
        tx: &Tx,
        budget: u64,
        fresh: bool,
        rebuilt: bool,
        step: &mut Step,
    ) -> Result<(u64, bool)> {
        match self {
            Stage::Mark(logs) => {
                for piece in logs.chunks(MARKS) {
                    step.marked += tx.execute(
                        "UPDATE logs SET type = 'd' WHERE id IN (SELECT value FROM json_each(?1)) \
                         AND type <> 'd'",
                        params![piece],
                    )?;
                }
                Ok((0, true))
            }
            Stage::Chunks { logs, from } => delete_chunks(tx, logs.as_deref(), from, budget, step),
            Stage::Rows {
                table,
                column,
                keys,
            } => {
                // A row per id; by another column, keys with no rows cost
                // nothing.
                let mut weights = HashMap::new();
                if *column != "id" {
                    weights = row_counts(tx, table, column, keys)?;
                    keys.retain(|k| weights.contains_key(k));
                }
                let taken = take(keys, &weights, budget, fresh);
                let deleted = delete_in(tx, table, column, &taken)?;
                step.deleted.push((table, deleted));
                Ok((deleted, keys.is_empty()))
            }
            Stage::Builds(keys) => {
                let taken = take(keys, &HashMap::new(), budget, fresh);
                if !taken.is_empty() {
                    let ids = params![&taken];
                    let mut nulled = vec![Stmt::execute(
                        "UPDATE buildsets SET parent_buildid = NULL \
                         WHERE parent_buildid IN (SELECT value FROM json_each(?1))",
                        ids,
                    )];
                    if rebuilt {
                        nulled.push(Stmt::execute(
                            "UPDATE buildsets SET rebuilt_buildid = NULL \
                             WHERE rebuilt_buildid IN (SELECT value FROM json_each(?1))",
                            ids,
                        ));
                    }
                    tx.batch(&nulled)?;
                }
                let deleted = delete_in(tx, "builds", "id", &taken)?;
                step.deleted.push(("builds", deleted));
                Ok((deleted, keys.is_empty()))
            }
            Stage::Buildsets(keys) => {
                let weights = buildset_weights(tx, keys)?;
                let taken = take(keys, &weights, budget, fresh);
                let used = if taken.is_empty() {
                    0
                } else {
                    delete_buildsets(tx, &taken, step)?
                };
                Ok((used, keys.is_empty()))
            }
        }
    }
}

/// Logs marked per statement.
const MARKS: usize = 5000;

/// The first of `keys` (taken out of it) whose weights add up to at most
/// `budget`; the first alone when `fresh` even if heavier. A key without a
/// weight weighs 1.
fn take(keys: &mut Vec<i64>, weights: &HashMap<i64, u64>, budget: u64, fresh: bool) -> Vec<i64> {
    let mut load = 0;
    let mut n = 0;
    for key in keys.iter() {
        let weight = weights.get(key).copied().unwrap_or(1).max(1);
        if load + weight > budget && !(fresh && n == 0) {
            break;
        }
        load += weight;
        n += 1;
    }
    keys.drain(..n).collect()
}

/// How many rows of `table` each of `keys` (its `column`) has, for those
/// that have any.
fn row_counts(tx: &Tx, table: &str, column: &str, keys: &[i64]) -> Result<HashMap<i64, u64>> {
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(tx
        .query(
            &format!(
                "SELECT {column}, COUNT(*) FROM {table} \
                 WHERE {column} IN (SELECT value FROM json_each(?1)) GROUP BY {column}"
            ),
            params![keys],
            |row| Ok((row.int(0)?, row.int(1)? as u64)),
        )?
        .into_iter()
        .collect())
}

/// Delete chunks of `logs` (of every `'d'` log if `None`), walking logs by
/// id from `from` and each log's chunks by line, at most `budget` of them:
/// a batch may end inside a log, whose later lines wait for the next.
/// Returns the chunks deleted and whether none are left.
fn delete_chunks(
    tx: &Tx,
    logs: Option<&[i64]>,
    from: &mut i64,
    budget: u64,
    step: &mut Step,
) -> Result<(u64, bool)> {
    let limit = i64::try_from(budget).unwrap_or(i64::MAX);
    if limit == 0 {
        return Ok((0, false));
    }
    // No aliases: a write on MyISAM names each table it locked.
    let condition = match logs {
        None => "logs.type = 'd'",
        Some([]) => return Ok((0, true)),
        Some(_) => "logs.id IN (SELECT value FROM json_each(?3))",
    };
    // Logs by id, each one's chunks by line: CROSS JOIN keeps SQLite to
    // that order (without statistics it would rather sort every chunk
    // after the cursor), so that a batch reads little more than it deletes.
    // The cursor bounds the chunks too: PostgreSQL does not carry it over
    // the join, and a merge join would walk every chunk before it.
    let pick = format!(
        "FROM logs CROSS JOIN logchunks WHERE logchunks.logid = logs.id \
         AND logs.id >= ?1 AND logchunks.logid >= ?1 AND {condition} \
         ORDER BY logs.id, logchunks.first_line LIMIT ?2"
    );
    const GONE: &str = "RETURNING logid, first_line, COALESCE(length(content), 0) AS size";
    let listed = logs.map(<[i64]>::to_vec).unwrap_or_default();
    let params = params![*from, limit, &listed];
    // The batch's chunks, deleted and handed back in one pass where the
    // engine can (a row address picked by a subquery); MySQL cannot limit
    // such a subquery, so there the chunks are read, then deleted.
    let rows = match tx.engine() {
        EngineKind::Sqlite => tx.query(
            &format!("DELETE FROM logchunks WHERE rowid IN (SELECT logchunks.rowid {pick}) {GONE}"),
            params,
            |row| Ok((row.int(0)?, row.int(1)?, row.int(2)?)),
        )?,
        EngineKind::Postgresql => {
            // Its statistics, taken before the logs were marked, hold 'd'
            // logs for rare: it would scan every log at every batch and
            // sort what it found. Walking the key from the cursor is the
            // plan; `= ANY(ARRAY(...))` finds the rows by address.
            // What went comes back summed: one row, not one per chunk.
            let done = tx.batch(&[
                Stmt::execute("SET LOCAL enable_seqscan = off", &[]),
                Stmt::query(
                    format!(
                        "WITH gone AS (DELETE FROM logchunks \
                         WHERE ctid = ANY(ARRAY(SELECT logchunks.ctid {pick})) {GONE}) \
                         SELECT count(*), CAST(COALESCE(sum(size), 0) AS BIGINT), max(logid) \
                         FROM gone"
                    ),
                    params,
                ),
            ])?;
            let found = done
                .into_iter()
                .nth(1)
                .map(|d| d.rows())
                .unwrap_or_default();
            let Some(row) = found.first() else {
                return Ok((0, true));
            };
            let (deleted, bytes) = (row.int(0)?, row.int(1)?);
            let Some(last_log) = row.opt_int(2)? else {
                return Ok((0, true));
            };
            return Ok(chunks_gone(step, from, deleted, bytes, last_log, limit));
        }
        EngineKind::Mysql => {
            let found = tx.query(
                &format!(
                    "SELECT logchunks.logid, logchunks.first_line, \
                     COALESCE(length(logchunks.content), 0) {pick}"
                ),
                params,
                |row| Ok((row.int(0)?, row.int(1)?, row.int(2)?)),
            )?;
            let mut logids: Vec<i64> = found.iter().map(|(logid, _, _)| *logid).collect();
            logids.dedup();
            if let Some(&(last_log, last_line, _)) = found.last() {
                let full = found.len() as i64 == limit;
                let (upto_log, upto_line) = if full {
                    (last_log, last_line)
                } else {
                    (i64::MAX, 0)
                };
                tx.execute(
                    "DELETE FROM logchunks WHERE logid IN (SELECT value FROM json_each(?1)) \
                     AND (logid < ?2 OR first_line <= ?3)",
                    params![&logids, upto_log, upto_line],
                )?;
            }
            found
        }
    };
    let Some(last_log) = rows.iter().map(|(logid, _, _)| *logid).max() else {
        return Ok((0, true));
    };
    let bytes: i64 = rows.iter().map(|(_, _, size)| (*size).max(0)).sum();
    Ok(chunks_gone(
        step,
        from,
        rows.len() as i64,
        bytes,
        last_log,
        limit,
    ))
}

/// Account for a batch of chunks deleted, up to log `last_log`: the rows
/// used, and whether none are left (fewer than `limit` were found).
fn chunks_gone(
    step: &mut Step,
    from: &mut i64,
    deleted: i64,
    bytes: i64,
    last_log: i64,
    limit: i64,
) -> (u64, bool) {
    step.deleted.push(("logchunks", deleted as u64));
    step.bytes += bytes.max(0) as u64;
    *from = last_log;
    (deleted as u64, deleted < limit)
}

/// What a prune would delete, per table (and `logs_marked`, `log_bytes`):
/// the total a progress bar counts to.
pub fn count(db: &mut Database, plan: &Plan, what: What, scope: &Scope) -> Result<Pruned> {
    let mut quiet = |_| {};
    let mut pruner = Pruner::new(
        db,
        Plan {
            dry_run: true,
            ..*plan
        },
        &mut quiet,
    );
    pruner.prune(what, scope)?;
    Ok(pruner.finish())
}

/// Which prune.
#[derive(Debug, Clone, Copy)]
pub enum What {
    Logs,
    BuildData,
    Builds,
}

/// The last step (by id) that started before `horizon`, as
/// `deleteOldLogChunks` finds it.
fn last_step_before(tx: &Tx, horizon: i64) -> Result<Option<i64>> {
    tx.query_opt(
        "SELECT id FROM steps WHERE started_at < ?1 ORDER BY id DESC LIMIT 1",
        params![horizon],
        |row| row.int(0),
    )
}

/// What `prune logs` would do: logs to mark, chunks to delete and their
/// bytes.
fn count_logs(tx: &Tx, last_step: Option<i64>) -> Result<Vec<(&'static str, u64)>> {
    let last_step = last_step.unwrap_or(0);
    let done = tx.batch(&[
        Stmt::query(
            "SELECT COUNT(*) FROM logs WHERE stepid <= ?1 AND type <> 'd'",
            params![last_step],
        ),
        Stmt::query(
            "SELECT COUNT(*), CAST(COALESCE(SUM(length(c.content)), 0) AS BIGINT) \
             FROM logchunks c WHERE c.logid IN \
             (SELECT id FROM logs WHERE type = 'd' OR stepid <= ?1)",
            params![last_step],
        ),
    ])?;
    let marked = first_row(&done[0])?;
    let chunks = first_row(&done[1])?;
    Ok(vec![
        ("logs_marked", marked.int(0)? as u64),
        ("logchunks", chunks.int(0)? as u64),
        ("log_bytes", chunks.int(1)? as u64),
    ])
}

fn first_row(done: &super::engine::Done) -> Result<super::engine::Row> {
    done.clone()
        .rows()
        .into_iter()
        .next()
        .ok_or_else(|| crate::error::Error::failure("a count gave no row"))
}

/// `DELETE FROM table WHERE column IN keys`: the rows deleted.
fn delete_in(tx: &Tx, table: &str, column: &str, keys: &[i64]) -> Result<u64> {
    if keys.is_empty() {
        return Ok(0);
    }
    tx.execute(
        &format!("DELETE FROM {table} WHERE {column} IN (SELECT value FROM json_each(?1))"),
        params![keys],
    )
}

// --- which buildsets prune builds deletes -----------------------------------

/// The buildsets `prune builds` deletes, as SQL.
struct Doomed {
    horizon: i64,
    /// Kept by `--keep-last`.
    keep: Vec<i64>,
    builderids: Option<Vec<i64>>,
}

/// One wave of buildsets and the ids of what hangs off them.
#[derive(Debug, Default)]
struct Wave {
    bsids: Vec<i64>,
    builds: Vec<i64>,
    steps: Vec<i64>,
    logs: Vec<i64>,
    result_sets: Vec<i64>,
}

impl Doomed {
    /// `WHERE` conditions on `bs` (a buildset), with their parameters from
    /// ?1 (the horizon), ?2 (kept buildsets) and ?3 (the builders).
    fn condition(&self) -> String {
        let mut sql = String::from(
            "bs.complete = 1 AND bs.complete_at < ?1 \
             AND bs.id NOT IN (SELECT value FROM json_each(?2)) \
             AND NOT EXISTS (SELECT 1 FROM buildrequests r \
                 WHERE r.buildsetid = bs.id AND r.complete = 0) \
             AND NOT EXISTS (SELECT 1 FROM buildrequests r JOIN builds b ON b.buildrequestid = r.id \
                 WHERE r.buildsetid = bs.id AND b.complete_at IS NULL)",
        );
        if self.builderids.is_some() {
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM buildrequests r WHERE r.buildsetid = bs.id) \
                 AND NOT EXISTS (SELECT 1 FROM buildrequests r WHERE r.buildsetid = bs.id \
                     AND r.builderid NOT IN (SELECT value FROM json_each(?3)))",
            );
        }
        sql
    }

    fn params(&self) -> Vec<Value> {
        vec![
            Value::Int(self.horizon),
            Value::Ids(self.keep.clone()),
            Value::Ids(self.builderids.clone().unwrap_or_default()),
        ]
    }

    /// The next wave: up to `size` doomed buildsets after `after`, and what
    /// hangs off them, read in one transaction.
    fn wave(&self, tx: &Tx, after: i64, size: i64) -> Result<Wave> {
        let mut params = self.params();
        params.push(Value::Int(after));
        params.push(Value::Int(size));
        let bsids = tx.query(
            &format!(
                "SELECT bs.id FROM buildsets bs WHERE bs.id > ?4 AND {} ORDER BY bs.id LIMIT ?5",
                self.condition()
            ),
            &params,
            |row| row.int(0),
        )?;
        if bsids.is_empty() {
            return Ok(Wave::default());
        }
        const REQUESTS: &str =
            "SELECT id FROM buildrequests WHERE buildsetid IN (SELECT value FROM json_each(?1))";
        let builds = format!("SELECT id FROM builds WHERE buildrequestid IN ({REQUESTS})");
        let steps = format!("SELECT id FROM steps WHERE buildid IN ({builds})");
        let logs = format!("SELECT id FROM logs WHERE stepid IN ({steps})");
        let sets = format!("SELECT id FROM test_result_sets WHERE buildid IN ({builds})");
        let ids = params![&bsids];
        let done = tx.batch(&[
            Stmt::query(format!("{builds} ORDER BY id"), ids),
            Stmt::query(format!("{steps} ORDER BY id"), ids),
            Stmt::query(format!("{logs} ORDER BY id"), ids),
            Stmt::query(format!("{sets} ORDER BY id"), ids),
        ])?;
        let mut lists = done.into_iter().map(|done| {
            done.rows()
                .iter()
                .map(|row| row.int(0))
                .collect::<Result<Vec<i64>>>()
        });
        let mut next = || lists.next().expect("four lists");
        Ok(Wave {
            bsids,
            builds: next()?,
            steps: next()?,
            logs: next()?,
            result_sets: next()?,
        })
    }
}

impl Wave {
    /// What deleting the wave takes, in order.
    fn stages(self) -> Vec<Stage> {
        let rows = |table, column, keys: &Vec<i64>| Stage::Rows {
            table,
            column,
            keys: keys.clone(),
        };
        let mut stages = vec![
            // Logs are marked before their chunks go, as everywhere.
            Stage::Mark(self.logs.clone()),
            Stage::Chunks {
                logs: Some(self.logs.clone()),
                from: 0,
            },
        ];
        if !self.result_sets.is_empty() {
            stages.push(rows("test_results", "test_result_setid", &self.result_sets));
            stages.push(rows("test_result_sets", "id", &self.result_sets));
        }
        stages.extend([
            rows("logs", "id", &self.logs),
            rows("steps", "id", &self.steps),
            rows("build_properties", "buildid", &self.builds),
            rows("build_data", "buildid", &self.builds),
            Stage::Builds(self.builds),
            Stage::Buildsets(self.bsids),
        ]);
        stages
    }
}

/// The rows deleting each of `bsids` deletes with it: itself, its
/// requests and their claims, its properties, its links (and the
/// sourcestamps they may leave unused).
fn buildset_weights(tx: &Tx, bsids: &[i64]) -> Result<HashMap<i64, u64>> {
    let mut weights: HashMap<i64, u64> = bsids.iter().map(|&id| (id, 1)).collect();
    if bsids.is_empty() {
        return Ok(weights);
    }
    let ids = params![bsids];
    let done = tx.batch(&[
        Stmt::query(
            "SELECT buildsetid, 2 * COUNT(*) FROM buildrequests \
             WHERE buildsetid IN (SELECT value FROM json_each(?1)) GROUP BY buildsetid",
            ids,
        ),
        Stmt::query(
            "SELECT buildsetid, COUNT(*) FROM buildset_properties \
             WHERE buildsetid IN (SELECT value FROM json_each(?1)) GROUP BY buildsetid",
            ids,
        ),
        Stmt::query(
            "SELECT buildsetid, 3 * COUNT(*) FROM buildset_sourcestamps \
             WHERE buildsetid IN (SELECT value FROM json_each(?1)) GROUP BY buildsetid",
            ids,
        ),
    ])?;
    for done in done {
        for row in done.rows() {
            *weights.entry(row.int(0)?).or_default() += row.int(1)? as u64;
        }
    }
    Ok(weights)
}

/// Delete buildsets with their requests, claims, properties and links, then
/// the sourcestamps they referred to that no buildset and no change refers
/// to any more, and those sourcestamps' patches that nothing else uses.
fn delete_buildsets(tx: &Tx, bsids: &[i64], step: &mut Step) -> Result<u64> {
    let ids = params![bsids];
    let linked: Vec<i64> = tx.query(
        "SELECT DISTINCT sourcestampid FROM buildset_sourcestamps \
         WHERE buildsetid IN (SELECT value FROM json_each(?1)) ORDER BY sourcestampid",
        ids,
        |row| row.int(0),
    )?;
    let done = tx.batch(&[
        Stmt::execute(
            "DELETE FROM buildrequest_claims WHERE brid IN \
             (SELECT id FROM buildrequests WHERE buildsetid IN (SELECT value FROM json_each(?1)))",
            ids,
        ),
        Stmt::execute(
            "DELETE FROM buildrequests WHERE buildsetid IN (SELECT value FROM json_each(?1))",
            ids,
        ),
        Stmt::execute(
            "DELETE FROM buildset_properties WHERE buildsetid IN (SELECT value FROM json_each(?1))",
            ids,
        ),
        Stmt::execute(
            "DELETE FROM buildset_sourcestamps WHERE buildsetid IN (SELECT value FROM json_each(?1))",
            ids,
        ),
        Stmt::execute(
            "DELETE FROM buildsets WHERE id IN (SELECT value FROM json_each(?1))",
            ids,
        ),
    ])?;
    let mut used = 0;
    for (table, done) in [
        "buildrequest_claims",
        "buildrequests",
        "buildset_properties",
        "buildset_sourcestamps",
        "buildsets",
    ]
    .into_iter()
    .zip(done)
    {
        used += done.changed();
        step.deleted.push((table, done.changed()));
    }
    if !linked.is_empty() {
        let (sourcestamps, patches) = delete_unused_sourcestamps(tx, &linked)?;
        used += sourcestamps + patches;
        step.deleted.push(("sourcestamps", sourcestamps));
        step.deleted.push(("patches", patches));
    }
    Ok(used)
}

/// Of `ssids`, delete those no buildset and no change refers to, and then
/// their patches that no sourcestamp refers to: how many of each.
fn delete_unused_sourcestamps(tx: &Tx, ssids: &[i64]) -> Result<(u64, u64)> {
    let ids = params![ssids];
    let done = tx.batch(&[
        Stmt::query(
            "SELECT DISTINCT sourcestampid FROM buildset_sourcestamps \
             WHERE sourcestampid IN (SELECT value FROM json_each(?1))",
            ids,
        ),
        Stmt::query(
            "SELECT DISTINCT sourcestampid FROM changes \
             WHERE sourcestampid IN (SELECT value FROM json_each(?1))",
            ids,
        ),
        Stmt::query(
            "SELECT id, patchid FROM sourcestamps WHERE id IN (SELECT value FROM json_each(?1))",
            ids,
        ),
    ])?;
    let mut done = done.into_iter();
    let mut used = BTreeSet::new();
    for list in [done.next(), done.next()].into_iter().flatten() {
        for row in list.rows() {
            used.insert(row.int(0)?);
        }
    }
    let mut unused = Vec::new();
    let mut patches = Vec::new();
    for row in done.next().map(|d| d.rows()).unwrap_or_default() {
        let id = row.int(0)?;
        if !used.contains(&id) {
            unused.push(id);
            patches.extend(row.opt_int(1)?);
        }
    }
    let sourcestamps = delete_in(tx, "sourcestamps", "id", &unused)?;
    if patches.is_empty() {
        return Ok((sourcestamps, 0));
    }
    let still_used: BTreeSet<i64> = tx
        .query(
            "SELECT DISTINCT patchid FROM sourcestamps \
             WHERE patchid IN (SELECT value FROM json_each(?1))",
            params![&patches],
            |row| row.int(0),
        )?
        .into_iter()
        .collect();
    patches.retain(|p| !still_used.contains(p));
    patches.sort_unstable();
    patches.dedup();
    Ok((sourcestamps, delete_in(tx, "patches", "id", &patches)?))
}

/// The buildsets `--keep-last N` keeps: for each builder, the N complete
/// buildsets with the highest ids that have a request on it.
fn kept_buildsets(tx: &Tx, n: u64) -> Result<Vec<i64>> {
    let mut kept = tx.query(
        "SELECT buildsetid FROM (\
             SELECT buildsetid, ROW_NUMBER() OVER \
                 (PARTITION BY builderid ORDER BY buildsetid DESC) AS n \
             FROM (SELECT DISTINCT r.builderid, r.buildsetid FROM buildrequests r \
                 JOIN buildsets bs ON bs.id = r.buildsetid WHERE bs.complete = 1) per_builder\
         ) ranked WHERE n <= ?1",
        params![i64::try_from(n).unwrap_or(i64::MAX)],
        |row| row.int(0),
    )?;
    kept.sort_unstable();
    kept.dedup();
    Ok(kept)
}

/// What `prune builds` would delete, per table.
fn count_builds(tx: &Tx, doomed: &Doomed) -> Result<Vec<(&'static str, u64)>> {
    let buildsets = format!(
        "SELECT bs.id FROM buildsets bs WHERE {}",
        doomed.condition()
    );
    let requests = format!("SELECT id FROM buildrequests WHERE buildsetid IN ({buildsets})");
    let builds = format!("SELECT id FROM builds WHERE buildrequestid IN ({requests})");
    let steps = format!("SELECT id FROM steps WHERE buildid IN ({builds})");
    let logs = format!("SELECT id FROM logs WHERE stepid IN ({steps})");
    let sets = format!("SELECT id FROM test_result_sets WHERE buildid IN ({builds})");
    // Sourcestamps linked to a doomed buildset and to no other buildset nor
    // a change.
    let unused = format!(
        "SELECT s.id FROM sourcestamps s WHERE s.id IN \
             (SELECT sourcestampid FROM buildset_sourcestamps WHERE buildsetid IN ({buildsets})) \
         AND s.id NOT IN (SELECT sourcestampid FROM buildset_sourcestamps \
             WHERE buildsetid NOT IN ({buildsets})) \
         AND NOT EXISTS (SELECT 1 FROM changes c WHERE c.sourcestampid = s.id)"
    );
    let counts: Vec<(&'static str, String)> = vec![
        ("buildsets", format!("SELECT COUNT(*) FROM ({buildsets}) d")),
        (
            "buildrequests",
            format!("SELECT COUNT(*) FROM ({requests}) d"),
        ),
        (
            "buildrequest_claims",
            format!("SELECT COUNT(*) FROM buildrequest_claims WHERE brid IN ({requests})"),
        ),
        ("builds", format!("SELECT COUNT(*) FROM ({builds}) d")),
        ("steps", format!("SELECT COUNT(*) FROM ({steps}) d")),
        ("logs", format!("SELECT COUNT(*) FROM ({logs}) d")),
        (
            "logchunks",
            format!("SELECT COUNT(*) FROM logchunks WHERE logid IN ({logs})"),
        ),
        (
            "log_bytes",
            format!(
                "SELECT CAST(COALESCE(SUM(length(content)), 0) AS BIGINT) FROM logchunks \
                 WHERE logid IN ({logs})"
            ),
        ),
        (
            "build_properties",
            format!("SELECT COUNT(*) FROM build_properties WHERE buildid IN ({builds})"),
        ),
        (
            "build_data",
            format!("SELECT COUNT(*) FROM build_data WHERE buildid IN ({builds})"),
        ),
        (
            "test_result_sets",
            format!("SELECT COUNT(*) FROM ({sets}) d"),
        ),
        (
            "test_results",
            format!("SELECT COUNT(*) FROM test_results WHERE test_result_setid IN ({sets})"),
        ),
        (
            "buildset_properties",
            format!("SELECT COUNT(*) FROM buildset_properties WHERE buildsetid IN ({buildsets})"),
        ),
        (
            "buildset_sourcestamps",
            format!("SELECT COUNT(*) FROM buildset_sourcestamps WHERE buildsetid IN ({buildsets})"),
        ),
        ("sourcestamps", format!("SELECT COUNT(*) FROM ({unused}) d")),
        (
            "patches",
            format!(
                "SELECT COUNT(DISTINCT s.patchid) FROM sourcestamps s WHERE s.id IN ({unused}) \
                 AND s.patchid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sourcestamps o \
                     WHERE o.patchid = s.patchid AND o.id NOT IN ({unused}))"
            ),
        ),
    ];
    let params = doomed.params();
    let stmts: Vec<Stmt> = counts
        .iter()
        .map(|(_, sql)| Stmt::query(sql, &params))
        .collect();
    let done = tx.batch(&stmts)?;
    counts
        .iter()
        .zip(done)
        .map(|((table, _), done)| Ok((*table, first_row(&done)?.int(0)? as u64)))
        .collect()
}
