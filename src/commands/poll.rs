//! `bb changesource poll`: Buildbot's GitPoller, once (for cron) or every
//! `--interval` until SIGINT/SIGTERM.
//!
//! One poll: check that the change source is ours to claim and read where
//! the last poll stopped (`lastRev`), without writing; fetch the heads
//! (git's failures end the poll here, the database untouched); work out the
//! new commits; then in one write transaction claim the change source, mark
//! this master active, store the changes and move `lastRev` past them. If
//! `lastRev` moved while git ran (a concurrent poll), the commits are worked
//! out again from the new place. With `--deliver`, the changes go to a
//! running master instead and `lastRev` moves only past those it accepted.

use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::{Acting, Context};
use crate::cli::changesource::PollArgs;
use crate::db::Tx;
use crate::db::changes::{self, NewChange};
use crate::db::changesources::{self, ChangeSource};
use crate::db::masters::{self, Master};
use crate::db::running;
use crate::db::state;
use crate::deliver::Hook;
use crate::error::{Error, Kind, Result};
use crate::git::{Commit, Repo};
use crate::output::{self, Entity, Report};
use crate::values::NameOrId;

/// Where GitPoller keeps its place: the state of object (change source
/// name, `GitPoller`) named `lastRev`, a JSON object from branch to sha.
const CLASS_NAME: &str = "GitPoller";
const LAST_REV: &str = "lastRev";

/// How many times a poll works its changes out again when `lastRev` keeps
/// moving under it before giving up.
const ATTEMPTS: usize = 5;

type Heads = Map<String, Value>;

/// What one poll did, as `--json` prints it.
#[derive(Debug, Serialize)]
struct Polled {
    changesource: ChangeSource,
    first_poll: bool,
    changes: Vec<Value>,
    delivered: bool,
}

/// The new commits of one polled ref.
struct BranchPlan {
    /// The key in `lastRev`: the short name with `--branch`, else the ref.
    key: String,
    head: String,
    commits: Vec<Commit>,
}

/// What a poll found, worked out from one `lastRev`.
struct Plan {
    first_poll: bool,
    branches: Vec<BranchPlan>,
    /// `lastRev` once every change is recorded: the heads seen this poll.
    heads: Heads,
}

pub fn execute(ctx: &Context, args: &PollArgs) -> Result<Report> {
    let hook = args.hook();
    let acting = ctx.acting_master()?;
    let workdir = match &args.workdir {
        Some(dir) => dir.clone(),
        None => default_workdir(ctx)?,
    };
    let poller = Poller {
        ctx,
        args,
        acting,
        created: RefCell::new(None),
        hook,
        repo: Repo {
            url: args.repourl.clone(),
            workdir,
        },
    };
    let Some(interval) = args.interval else {
        let at = args.at.resolve()?;
        let polled = poller.poll(at)?;
        return Ok(report(&polled, at).with_notes(poller.created.take()));
    };
    poller.every(interval)?;
    Ok(Report::text(""))
}

/// The poll's document; people see the change source as `changesource
/// list` does and the new changes as `change list` does, ages counted from
/// the poll's time.
fn report(polled: &Polled, at: i64) -> Report {
    let mut notes = Vec::new();
    if polled.first_poll {
        notes.push(
            "first poll: the branch heads are recorded; later polls add the commits made after \
             them"
                .to_string(),
        );
    }
    if polled.delivered {
        notes.push(format!(
            "{} delivered to the master's change hook",
            plural(polled.changes.len(), "change")
        ));
    }
    Report::new(polled)
        .with_table(Entity::ChangeSource, [&polled.changesource])
        .with_table(Entity::Change, &polled.changes)
        .with_human_notes(notes)
        .at(at)
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `gitpoller-work` beside the database, as GitPoller's default is beside
/// the master's configuration.
fn default_workdir(ctx: &Context) -> Result<PathBuf> {
    Ok(ctx.home()?.join("gitpoller-work"))
}

struct Poller<'a> {
    ctx: &'a Context<'a>,
    args: &'a PollArgs,
    acting: Acting,
    /// The note for a master this poll created, once its write committed.
    created: RefCell<Option<String>>,
    hook: Option<Hook>,
    repo: Repo,
}

impl Poller<'_> {
    /// Poll at launch and then every `interval` until SIGINT or SIGTERM,
    /// printing each poll's report. A failed poll (git, delivery, a busy
    /// database) is reported and the next one tried; a poll that may not
    /// run (held elsewhere, not found) ends the command.
    fn every(&self, interval: Duration) -> Result<()> {
        stop_on_signals();
        let start = Instant::now();
        let first = self.args.at.resolve()?;
        loop {
            let at = first + start.elapsed().as_secs() as i64;
            match self.poll(at) {
                Ok(polled) => {
                    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
                    let written = output::emit(
                        &report(&polled, at).with_notes(self.created.take()),
                        &self.ctx.cli.style(),
                        &mut stdout,
                        &mut std::io::stderr().lock(),
                    );
                    if let Err(err) = written {
                        if err.kind() == std::io::ErrorKind::BrokenPipe {
                            return Ok(());
                        }
                        return Err(Error::failure(format!("cannot write output: {err}")));
                    }
                }
                Err(err) if matches!(err.kind, Kind::Failure | Kind::Busy) => {
                    eprintln!("error: {} (polling again in {interval:?})", err.message);
                }
                Err(err) => return Err(err),
            }
            let next = Instant::now() + interval;
            while Instant::now() < next {
                if STOP.load(Ordering::SeqCst) {
                    return Ok(());
                }
                std::thread::sleep(Duration::from_millis(100).min(next - Instant::now()));
            }
            if STOP.load(Ordering::SeqCst) {
                return Ok(());
            }
        }
    }

    /// One poll at time `at`.
    fn poll(&self, at: i64) -> Result<Polled> {
        let mut db = self.ctx.open()?;
        // Refuse before fetching anything if the change source is held.
        let mut last = db.read(|tx| {
            self.check_claim(tx, at)?;
            read_last_rev(tx, &self.name_of_changesource(tx)?)
        })?;

        self.repo.init()?;
        let (refs, trim) = self.repo.refs(&self.args.branches)?;
        if !refs.is_empty() {
            self.repo.fetch(&refs)?;
        }
        let mut heads = Vec::with_capacity(refs.len());
        for r in &refs {
            let key = match trim {
                true => r.strip_prefix("refs/heads/").unwrap_or(r).to_string(),
                false => r.clone(),
            };
            heads.push((key, self.repo.rev_parse(r)?));
        }

        for _ in 0..ATTEMPTS {
            let plan = self.plan(&heads, &last)?;
            let outcome = match &self.hook {
                None => self.store(&mut db, &plan, &last, at)?,
                Some(hook) => self.deliver(&mut db, hook, &plan, &last, at)?,
            };
            match outcome {
                Outcome::Done(polled) => return Ok(polled),
                Outcome::Moved(now) => last = now,
            }
        }
        Err(Error::conflict(format!(
            "the poller state of change source {} kept changing while bb polled; \
             is another poller running for it?",
            self.changesource_label()
        )))
    }

    /// The change source's name, for its state: the name given, or the
    /// name of the id given (which must exist).
    fn name_of_changesource(&self, conn: &Tx) -> Result<String> {
        match &self.args.changesource {
            NameOrId::Name(name) => Ok(name.clone()),
            id => Ok(changesources::lookup(conn, id)?.name),
        }
    }

    fn changesource_label(&self) -> String {
        match &self.args.changesource {
            NameOrId::Id(id) => id.to_string(),
            NameOrId::Name(name) => format!("'{name}'"),
        }
    }

    /// Exit 3 (or 4) now if the claim could not be taken at `at`.
    fn check_claim(&self, conn: &Tx, at: i64) -> Result<()> {
        let cs = match &self.args.changesource {
            NameOrId::Name(name) => {
                match changesources::lookup(conn, &NameOrId::Name(name.clone())) {
                    Ok(cs) => Some(cs),
                    Err(err) if err.kind == Kind::NotFound => None, // new: nobody holds it
                    Err(err) => return Err(err),
                }
            }
            id => Some(changesources::lookup(conn, id)?),
        };
        let me = masters::find_this_master(conn, &self.acting.master)?;
        if let Some(me) = &me {
            self.refuse_acting_as(conn, me, at)?;
        }
        match cs {
            Some(cs) => changesources::check_claim(&cs, me.map(|m| m.masterid), at),
            None => Ok(()),
        }
    }

    /// Exit 3 if this master is running at `at`, unless `--force`, or
    /// unless it is a poller's master ([`running::is_poller`]): its
    /// check-in is then that of an earlier poll (bb's, from cron or
    /// `--interval`), not of a Buildbot master at work.
    fn refuse_acting_as(&self, conn: &Tx, me: &Master, at: i64) -> Result<()> {
        if self.args.at.force || !me.is_running(at) || running::is_poller(conn, me)? {
            return Ok(());
        }
        running::refuse_acting_as(me, at, "nothing was polled").map_err(Error::over_claims)
    }

    /// Claim the change source for this master and mark the master active,
    /// registering either if new. Returns the change source (as claimed)
    /// and the id of its state object.
    fn claim(&self, conn: &Tx, at: i64) -> Result<(ChangeSource, i64)> {
        let id = match &self.args.changesource {
            NameOrId::Name(name) => changesources::find_change_source_id(conn, name)?,
            NameOrId::Id(id) => *id,
        };
        let cs = changesources::lookup(conn, &NameOrId::Id(id))?;
        let (mut me, created) = self.acting.resolve(conn, at)?;
        let note = self.acting.created_note(&me, created);
        self.refuse_acting_as(conn, &me, at)?;
        changesources::claim(conn, &cs, &me, at)?;
        // Kept only if this transaction commits.
        self.created.replace(note);
        masters::set_master_state(conn, &mut me, true, at)?;
        let objectid = state::get_object_id(conn, &cs.name, CLASS_NAME)?;
        let cs = changesources::lookup(conn, &NameOrId::Id(id))?;
        Ok((cs, objectid))
    }

    /// The new commits of each head, as GitPoller works them out from
    /// `last`: none on the first poll; else, ref by ref in order, the
    /// first-parent commits not reachable from any head known so far, a
    /// ref's own head becoming known before the next ref is looked at.
    fn plan(&self, heads: &[(String, String)], last: &Heads) -> Result<Plan> {
        let first_poll = last.is_empty();
        let mut known: Map<String, Value> = last.clone();
        let mut branches = Vec::with_capacity(heads.len());
        for (key, head) in heads {
            let mut commits = Vec::new();
            if !first_poll {
                let revs: Vec<String> = known
                    .values()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect();
                for rev in self.repo.new_commits(head, &revs)? {
                    commits.push(self.repo.commit(&rev)?);
                }
                known.insert(key.clone(), Value::from(head.as_str()));
            }
            branches.push(BranchPlan {
                key: key.clone(),
                head: head.clone(),
                commits,
            });
        }
        let heads = heads
            .iter()
            .map(|(key, head)| (key.clone(), Value::from(head.as_str())))
            .collect();
        Ok(Plan {
            first_poll,
            branches,
            heads,
        })
    }

    /// What a commit on the branch keyed `key` becomes.
    fn change(&self, key: &str, commit: &Commit) -> NewChange {
        NewChange {
            author: commit.author.clone(),
            committer: commit.committer.clone(),
            comments: commit.comments.clone(),
            branch: Some(key.strip_prefix("refs/heads/").unwrap_or(key).to_string()),
            revision: Some(commit.revision.clone()),
            when_timestamp: commit.timestamp,
            category: self.args.category.clone(),
            repository: self.args.repourl.clone(),
            project: self.args.project.clone(),
            codebase: self.args.codebase.clone(),
            files: commit.files.clone(),
            src: "git",
        }
    }

    /// Record the plan in one transaction: claim, changes, `lastRev`.
    fn store(
        &self,
        db: &mut crate::db::Database,
        plan: &Plan,
        last: &Heads,
        at: i64,
    ) -> Result<Outcome> {
        db.write(|tx| {
            let (changesource, objectid) = self.claim(tx, at)?;
            let now = read_state(tx, objectid)?;
            if &now != last {
                return Ok(Outcome::Moved(now));
            }
            let mut changes = Vec::new();
            for branch in &plan.branches {
                for commit in &branch.commits {
                    let id = changes::add_change(tx, &self.change(&branch.key, commit), at)?;
                    changes.push(to_value(changes::lookup(tx, id)?));
                }
            }
            if !plan.heads.is_empty() {
                state::set_state(tx, objectid, LAST_REV, &Value::Object(plan.heads.clone()))?;
            }
            Ok(Outcome::Done(Polled {
                changesource,
                first_poll: plan.first_poll,
                changes,
                delivered: false,
            }))
        })
    }

    /// Claim, then hand each change to the master in order, then move
    /// `lastRev` past what the master accepted: all of the plan, or up to
    /// the commit before the first refused one (an error, after the state
    /// is saved, so that the next poll starts there).
    fn deliver(
        &self,
        db: &mut crate::db::Database,
        hook: &Hook,
        plan: &Plan,
        last: &Heads,
        at: i64,
    ) -> Result<Outcome> {
        let claimed = db.write(|tx| {
            let (changesource, objectid) = self.claim(tx, at)?;
            let now = read_state(tx, objectid)?;
            Ok((now == *last)
                .then_some((changesource, objectid))
                .ok_or(now))
        })?;
        let (changesource, objectid) = match claimed {
            Ok(claimed) => claimed,
            Err(now) => return Ok(Outcome::Moved(now)),
        };
        let mut progress = last.clone();
        let mut sent = Vec::new();
        let mut failure = None;
        'branches: for branch in &plan.branches {
            for commit in &branch.commits {
                let change = self.change(&branch.key, commit);
                if let Err(err) = hook.deliver(&change) {
                    failure = Some(err);
                    break 'branches;
                }
                progress.insert(branch.key.clone(), Value::from(commit.revision.as_str()));
                sent.push(change);
            }
            progress.insert(branch.key.clone(), Value::from(branch.head.as_str()));
        }
        if failure.is_none() {
            progress = plan.heads.clone();
        }
        let changes = db.write(|tx| {
            if !progress.is_empty() {
                state::set_state(tx, objectid, LAST_REV, &Value::Object(progress.clone()))?;
            }
            sent.iter().map(|change| delivered(tx, change)).collect()
        })?;
        if let Some(err) = failure {
            return Err(Error::failure(format!(
                "{} ({} change(s) delivered before it; the rest will be delivered by the next poll)",
                err.message,
                sent.len()
            )));
        }
        Ok(Outcome::Done(Polled {
            changesource,
            first_poll: plan.first_poll,
            changes,
            delivered: true,
        }))
    }
}

enum Outcome {
    Done(Polled),
    /// `lastRev` is not what the plan was made from any more: this is it.
    Moved(Heads),
}

/// `lastRev` of the change source named `name`, empty if never polled.
fn read_last_rev(conn: &Tx, name: &str) -> Result<Heads> {
    match state::find_object_id(conn, name, CLASS_NAME)? {
        Some(objectid) => read_state(conn, objectid),
        None => Ok(Heads::new()),
    }
}

fn read_state(conn: &Tx, objectid: i64) -> Result<Heads> {
    match state::get_state(conn, objectid, LAST_REV)? {
        None | Some(Value::Null) => Ok(Heads::new()),
        Some(Value::Object(heads)) if heads.values().all(Value::is_string) => Ok(heads),
        Some(other) => Err(Error::failure(format!(
            "the poller state lastRev of object {objectid} is {other}, not an object of branch to \
             revision; fix or delete that object_state row"
        ))),
    }
}

/// A delivered change as the master stored it, if it shares this database;
/// else as bb sent it, without ids.
fn delivered(conn: &Tx, change: &NewChange) -> Result<Value> {
    let stored = conn.query_opt(
        "SELECT changeid FROM changes WHERE revision = ?1 AND repository = ?2 \
         AND (branch = ?3 OR (branch IS NULL AND CAST(?3 AS TEXT) IS NULL)) AND project = ?4 \
         ORDER BY changeid DESC LIMIT 1",
        crate::params![
            change.revision.as_deref(),
            &change.repository,
            change.branch.as_deref(),
            &change.project
        ],
        |row| row.int(0),
    )?;
    if let Some(id) = stored {
        return Ok(to_value(changes::lookup(conn, id)?));
    }
    Ok(json!({
        "changeid": null,
        "author": change.author,
        "committer": change.committer,
        "comments": change.comments,
        "branch": change.branch,
        "revision": change.revision,
        "revlink": "",
        "when_timestamp": change.when_timestamp,
        "category": change.category,
        "repository": change.repository,
        "codebase": change.codebase,
        "project": change.project,
        "files": change.files,
        "properties": {},
        "parent_changeids": [],
        "sourcestamp": null,
    }))
}

fn to_value(change: changes::Change) -> Value {
    serde_json::to_value(change).expect("a change serialises to JSON")
}

/// Set by SIGINT/SIGTERM: stop before the next poll.
static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
}

fn stop_on_signals() {
    let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
    // SAFETY: the handler only stores to an atomic, which is
    // async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, handler);
        libc::signal(libc::SIGTERM, handler);
    }
}
