//! The buildrequests connector (Buildbot docs 3.8.2): getBuildRequest(s),
//! claimBuildRequests, unclaimBuildRequests and completeBuildRequests, plus
//! the data layer's maybeBuildsetComplete.
//!
//! Batches of ids travel as one JSON array bound to `json_each(?)`, so a
//! command over hundreds of requests is still a handful of statements.

use std::collections::BTreeMap;

use serde::Serialize;

use super::engine::{Done, EngineKind, Row, Stmt, Tx, Value};
use super::resultspec::{self, Field, Query, Type};
use crate::error::{Error, Result};
use crate::params;
use crate::values::worst_status;

/// A build request as the REST API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuildRequest {
    pub buildrequestid: i64,
    pub buildsetid: i64,
    pub builderid: i64,
    pub buildername: Option<String>,
    pub priority: i64,
    pub claimed: bool,
    pub claimed_at: Option<i64>,
    pub claimed_by_masterid: Option<i64>,
    pub complete: bool,
    pub complete_at: Option<i64>,
    pub results: Option<i64>,
    pub submitted_at: i64,
    pub waited_for: bool,
}

const SELECT: &str = "SELECT br.id, br.buildsetid, br.builderid, b.name, br.priority, c.claimed_at, c.masterid, \
     br.complete, br.complete_at, br.results, br.submitted_at, br.waited_for \
     FROM buildrequests AS br \
     LEFT JOIN buildrequest_claims AS c ON c.brid = br.id \
     LEFT JOIN builders AS b ON b.id = br.builderid";

fn from_row(row: &Row) -> Result<BuildRequest> {
    let claimed_at = row.opt_int(5)?;
    Ok(BuildRequest {
        buildrequestid: row.int(0)?,
        buildsetid: row.int(1)?,
        builderid: row.int(2)?,
        buildername: row.opt_text(3)?,
        priority: row.int(4)?,
        claimed: claimed_at.is_some(),
        claimed_at,
        claimed_by_masterid: row.opt_int(6)?,
        complete: row.opt_int(7)?.unwrap_or(0) != 0,
        complete_at: row.opt_int(8)?,
        results: row.opt_int(9)?,
        submitted_at: row.int(10)?,
        waited_for: row.opt_int(11)?.unwrap_or(0) != 0,
    })
}

/// The build request entity's fields, for the result spec.
pub const FIELDS: &[Field] = &[
    Field::new("buildrequestid", "br.id", Type::Integer),
    Field::new("buildsetid", "br.buildsetid", Type::Integer),
    Field::new("builderid", "br.builderid", Type::Integer),
    Field::new("buildername", "b.name", Type::Text),
    Field::new("priority", "br.priority", Type::Integer),
    Field::new("claimed", "(c.claimed_at IS NOT NULL)", Type::Boolean),
    Field::new("claimed_at", "c.claimed_at", Type::Time),
    Field::new("claimed_by_masterid", "c.masterid", Type::Integer),
    Field::new(
        "complete",
        "(br.complete IS NOT NULL AND br.complete != 0)",
        Type::Boolean,
    ),
    Field::new("complete_at", "br.complete_at", Type::Time),
    Field::new("results", "br.results", Type::Results),
    Field::new("submitted_at", "br.submitted_at", Type::Time),
    Field::new(
        "waited_for",
        "(br.waited_for IS NOT NULL AND br.waited_for != 0)",
        Type::Boolean,
    ),
    // The columns of `request list` that are not REST fields, as its
    // table shows them (output::columns), so that they filter in SQL.
    Field::new(
        "status",
        concat!(
            "(CASE WHEN br.complete IS NOT NULL AND br.complete != 0 THEN ",
            crate::results_case!("br.results"),
            " WHEN c.claimed_at IS NOT NULL THEN 'claimed' ELSE 'pending' END)"
        ),
        Type::Word(resultspec::REQUEST_STATUSES),
    ),
    Field::new(
        "claimed_by",
        "(SELECT m.name FROM masters AS m WHERE m.id = c.masterid)",
        Type::Text,
    ),
    Field::new("submitted", "br.submitted_at", Type::Age("submitted_at")),
];

/// getBuildRequests' `claimed` argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claimed {
    /// A claim row exists.
    Yes,
    /// No claim and not complete (Buildbot's definition of unclaimed).
    No,
    /// Claimed by this master id.
    By(i64),
}

/// getBuildRequests' arguments, with the builder and master already
/// resolved to ids.
#[derive(Debug, Clone, Default)]
pub struct Criteria {
    pub builderid: Option<i64>,
    pub complete: Option<bool>,
    pub claimed: Option<Claimed>,
    pub bsid: Option<i64>,
    pub branch: Option<String>,
    pub repository: Option<String>,
}

impl Criteria {
    /// Add these criteria to `query` as conditions the indexes serve on
    /// `engine`.
    pub fn apply(&self, query: &mut Query, engine: EngineKind) {
        use super::engine::Value::{Int as Integer, Text};
        let incomplete = self.complete == Some(false) || self.claimed == Some(Claimed::No);
        if let Some(id) = self.builderid {
            query.and("br.builderid = ?", [Integer(id)]);
            if incomplete && engine == EngineKind::Sqlite {
                // A builder's incomplete requests: walk the builder's index
                // from the oldest incomplete request of all (found in the
                // complete index), skipping its finished history, rather
                // than every builder's incomplete requests in turn.
                // PostgreSQL would instead walk the primary key from that
                // id through every complete request after it: there the
                // plain condition lets it use the builder's index.
                query.and(
                    "+br.complete = 0 AND br.id >= \
                     (SELECT min(id) FROM buildrequests WHERE complete = 0)",
                    [],
                );
            } else if incomplete {
                query.and("br.complete = 0", []);
            }
        } else if incomplete {
            query.and("br.complete = 0", []);
        }
        if self.complete == Some(true) {
            query.and("br.complete != 0", []);
        }
        match self.claimed {
            Some(Claimed::Yes) => query.and("c.claimed_at IS NOT NULL", []),
            Some(Claimed::No) => query.and("c.claimed_at IS NULL", []),
            Some(Claimed::By(masterid)) => query.and("c.masterid = ?", [Integer(masterid)]),
            None => {}
        }
        if let Some(bsid) = self.bsid {
            query.and("br.buildsetid = ?", [Integer(bsid)]);
        }
        // One sourcestamp of the buildset must match both, as Buildbot's
        // join does; EXISTS lists each request once.
        if self.branch.is_some() || self.repository.is_some() {
            let mut condition = "EXISTS (SELECT 1 FROM buildset_sourcestamps AS bss \
                 JOIN sourcestamps AS ss ON ss.id = bss.sourcestampid WHERE bss.buildsetid = br.buildsetid"
                .to_string();
            let mut params = Vec::new();
            if let Some(branch) = &self.branch {
                condition.push_str(" AND ss.branch = ?");
                params.push(Text(branch.clone()));
            }
            if let Some(repository) = &self.repository {
                condition.push_str(" AND ss.repository = ?");
                params.push(Text(repository.clone()));
            }
            condition.push(')');
            query.and(condition, params);
        }
    }
}

/// getBuildRequests, filtered, ordered and paged by `query`, to which
/// `criteria` have been applied ([`Criteria::apply`]).
pub fn get_build_requests(
    tx: &Tx,
    criteria: &Criteria,
    query: &Query,
) -> Result<Vec<BuildRequest>> {
    requests_from(
        tx.batch(&[get_build_requests_stmt(tx, criteria, query)])?
            .pop(),
    )
}

/// The statement of [`get_build_requests`], to send with others; read by
/// [`requests_from`].
pub fn get_build_requests_stmt(tx: &Tx, criteria: &Criteria, query: &Query) -> Stmt<'static> {
    match (tx.engine(), criteria.builderid, criteria.claimed) {
        (EngineKind::Postgresql, Some(builderid), Some(Claimed::No)) => {
            query.stmt_with(tx, UNCLAIMED_OF_BUILDER, vec![Value::Int(builderid)])
        }
        _ => query.stmt_with(tx, SELECT, Vec::new()),
    }
}

/// [`SELECT`] of a builder's unclaimed requests, for PostgreSQL (its `?` is
/// the builder's id; the conditions [`Criteria::apply`] adds hold of every
/// row). Its planner, given the joins, hashes every claim once the claims
/// outnumber the builder's incomplete requests a few times, or walks the
/// primary key through the finished history to meet `ORDER BY id LIMIT`;
/// here the builder's incomplete requests are taken by its index first (the
/// `OFFSET 0` keeps the outer order and limit out; `+ 0` keeps the
/// `complete` index, whose every incomplete request a bitmap would read,
/// out), each one's claim looked
/// up by the claims' `brid` index (a scalar subquery: never a join), and
/// only then ordered, limited and joined. An unclaimed request has no claim:
/// the claim's columns are NULL.
const UNCLAIMED_OF_BUILDER: &str = "SELECT br.id, br.buildsetid, br.builderid, b.name, br.priority, \
     c.claimed_at, c.masterid, br.complete, br.complete_at, br.results, br.submitted_at, br.waited_for \
     FROM (SELECT * FROM buildrequests AS br WHERE br.builderid = ? AND br.complete + 0 = 0 \
     AND (SELECT c.brid FROM buildrequest_claims AS c WHERE c.brid = br.id) IS NULL OFFSET 0) AS br \
     CROSS JOIN (SELECT CAST(NULL AS INTEGER) AS brid, CAST(NULL AS INTEGER) AS masterid, \
     CAST(NULL AS INTEGER) AS claimed_at) AS c \
     LEFT JOIN builders AS b ON b.id = br.builderid";

/// getBuildRequest.
pub fn get_build_request(tx: &Tx, brid: i64) -> Result<Option<BuildRequest>> {
    tx.query_opt(
        &format!("{SELECT} WHERE br.id = ?1"),
        params![brid],
        from_row,
    )
}

/// getBuildRequest, failing with exit 4 if there is none.
pub fn lookup(tx: &Tx, brid: i64) -> Result<BuildRequest> {
    get_build_request(tx, brid)?.ok_or_else(|| {
        Error::not_found(format!("build request {brid} does not exist")).with_ids([brid])
    })
}

/// The requests with these ids, in id order; exit 4 naming every id that
/// does not exist.
pub fn get_existing(tx: &Tx, brids: &[i64]) -> Result<Vec<BuildRequest>> {
    existing_from(tx.batch(&[existing_stmt(brids)])?.pop(), brids)
}

/// The statement of [`get_existing`], to send with others; read by
/// [`existing_from`].
pub fn existing_stmt(brids: &[i64]) -> Stmt<'static> {
    Stmt::query(
        format!("{SELECT} WHERE br.id IN (SELECT value FROM json_each(?1)) ORDER BY br.id"),
        vec![Value::Ids(brids.to_vec())],
    )
}

/// The requests [`existing_stmt`] found; exit 4 naming every id of
/// `brids` it did not.
pub fn existing_from(answer: Option<Done>, brids: &[i64]) -> Result<Vec<BuildRequest>> {
    let found = requests_from(answer)?;
    let missing: Vec<i64> = brids
        .iter()
        .copied()
        .filter(|id| !found.iter().any(|br| br.buildrequestid == *id))
        .collect();
    if !missing.is_empty() {
        return Err(
            Error::not_found(format!("build request {} does not exist", join(&missing)))
                .with_ids(missing),
        );
    }
    Ok(found)
}

/// The statement that reads the requests of a buildset, in id order, to
/// send with others; read by [`requests_from`].
pub fn of_buildset_stmt(bsid: i64) -> Stmt<'static> {
    Stmt::query(
        format!("{SELECT} WHERE br.buildsetid = ?1 ORDER BY br.id"),
        vec![Value::Int(bsid)],
    )
}

/// The requests a statement of this module read.
pub fn requests_from(answer: Option<Done>) -> Result<Vec<BuildRequest>> {
    Done::read_all(answer, from_row)
}

/// claimBuildRequests, all or nothing: every request must exist (exit 4),
/// be incomplete and unclaimed (exit 3, naming each holder); then all are
/// claimed by `masterid` at `claimed_at`. Returns them after the claim.
pub fn claim_build_requests(
    tx: &Tx,
    brids: &[i64],
    masterid: i64,
    claimed_at: i64,
) -> Result<Vec<BuildRequest>> {
    claim_known(tx, get_existing(tx, brids)?, masterid, claimed_at)
}

/// [`claim_build_requests`] of `requests`, read as they are: one statement.
pub fn claim_known(
    tx: &Tx,
    mut requests: Vec<BuildRequest>,
    masterid: i64,
    claimed_at: i64,
) -> Result<Vec<BuildRequest>> {
    let holders: BTreeMap<i64, i64> = requests
        .iter()
        .filter_map(|br| Some((br.buildrequestid, br.claimed_by_masterid?)))
        .collect();
    let complete: Vec<i64> = requests
        .iter()
        .filter(|br| br.complete)
        .map(|br| br.buildrequestid)
        .collect();
    if !holders.is_empty() || !complete.is_empty() {
        let mut why: Vec<String> = holders
            .iter()
            .map(|(brid, master)| {
                format!("build request {brid} is already claimed by master {master}")
            })
            .collect();
        if !complete.is_empty() {
            why.push(format!(
                "build request {} is already complete",
                join(&complete)
            ));
        }
        let mut ids: Vec<i64> = holders.keys().copied().chain(complete).collect();
        ids.sort_unstable();
        ids.dedup();
        return Err(
            Error::conflict(format!("{}; nothing was claimed", why.join("; ")))
                .with_ids(ids)
                .with_holders(holders),
        );
    }
    let brids: Vec<i64> = requests.iter().map(|br| br.buildrequestid).collect();
    tx.execute(
        "INSERT INTO buildrequest_claims (brid, masterid, claimed_at) \
         SELECT value, CAST(?2 AS INTEGER), CAST(?3 AS INTEGER) FROM json_each(?1)",
        params![&brids, masterid, claimed_at],
    )?;
    for br in &mut requests {
        br.claimed = true;
        br.claimed_at = Some(claimed_at);
        br.claimed_by_masterid = Some(masterid);
    }
    Ok(requests)
}

/// A request `unclaim` left alone, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub buildrequestid: i64,
    pub reason: &'static str,
    pub masterid: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Unclaimed {
    pub unclaimed: Vec<i64>,
    pub skipped: Vec<Skipped>,
}

/// unclaimBuildRequests, its decision: of `requests` (read as they are),
/// those whose claim `holder` holds, or with `None` whoever holds it, are
/// to be released; requests not claimed, or claimed by another master,
/// are left alone and reported. [`unclaim_stmt`] releases them.
pub fn unclaimable(requests: &[BuildRequest], holder: Option<i64>) -> Unclaimed {
    let mut done = Unclaimed {
        unclaimed: Vec::new(),
        skipped: Vec::new(),
    };
    for br in requests {
        match br.claimed_by_masterid {
            Some(master) if holder.is_none_or(|h| h == master) => {
                done.unclaimed.push(br.buildrequestid)
            }
            Some(master) => done.skipped.push(Skipped {
                buildrequestid: br.buildrequestid,
                reason: "claimed by another master",
                masterid: Some(master),
            }),
            None => done.skipped.push(Skipped {
                buildrequestid: br.buildrequestid,
                reason: "not claimed",
                masterid: None,
            }),
        }
    }
    done
}

/// The statement that releases the claims on `brids`.
pub fn unclaim_stmt(brids: &[i64]) -> Stmt<'static> {
    Stmt::execute(
        "DELETE FROM buildrequest_claims WHERE brid IN (SELECT value FROM json_each(?1))",
        vec![Value::Ids(brids.to_vec())],
    )
}

/// `requests` as they are once the claims on `released` are gone.
pub fn without_claims(requests: &mut [BuildRequest], released: &[i64]) {
    for br in requests
        .iter_mut()
        .filter(|br| released.contains(&br.buildrequestid))
    {
        br.claimed = false;
        br.claimed_at = None;
        br.claimed_by_masterid = None;
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Completed {
    pub buildrequests: Vec<BuildRequest>,
    pub buildsets_completed: Vec<i64>,
}

/// completeBuildRequests, all or nothing: every request must exist (exit 4)
/// and be incomplete (exit 3). Then, as maybeBuildsetComplete does, each
/// buildset whose requests are now all complete is completed with the worst
/// of their results and the same `complete_at`.
pub fn complete_build_requests(
    tx: &Tx,
    brids: &[i64],
    results: i64,
    complete_at: i64,
) -> Result<Completed> {
    complete_known(tx, get_existing(tx, brids)?, results, complete_at)
}

/// [`complete_build_requests`] of `requests`, read as they are: at most
/// three round trips, however many requests and buildsets (the update with
/// the buildsets' requests read after it, then the buildsets completed).
pub fn complete_known(
    tx: &Tx,
    requests: Vec<BuildRequest>,
    results: i64,
    complete_at: i64,
) -> Result<Completed> {
    let complete: Vec<i64> = requests
        .iter()
        .filter(|br| br.complete)
        .map(|br| br.buildrequestid)
        .collect();
    if !complete.is_empty() {
        return Err(Error::conflict(format!(
            "build request {} is already complete; nothing was completed",
            join(&complete)
        ))
        .with_ids(complete));
    }
    let brids: Vec<i64> = requests.iter().map(|br| br.buildrequestid).collect();
    let mut bsids: Vec<i64> = requests.iter().map(|br| br.buildsetid).collect();
    bsids.sort_unstable();
    bsids.dedup();
    let answers = tx.batch(&[
        Stmt::execute(
            "UPDATE buildrequests SET complete = 1, results = ?2, complete_at = ?3 \
             WHERE id IN (SELECT value FROM json_each(?1))",
            params![&brids, results, complete_at].to_vec(),
        ),
        // maybeBuildsetComplete's reading, for every buildset at once.
        Stmt::query(
            "SELECT buildsetid, complete, results FROM buildrequests \
             WHERE buildsetid IN (SELECT value FROM json_each(?1)) ORDER BY buildsetid, id",
            vec![Value::Ids(bsids)],
        ),
    ])?;
    let mut buildsets: BTreeMap<i64, Option<i64>> = BTreeMap::new();
    for row in Done::rows_of(answers.into_iter().nth(1)) {
        let cumulative = buildsets
            .entry(row.int(0)?)
            .or_insert(Some(crate::values::SUCCESS));
        // Buildbot's "incomplete" is `complete = 0`.
        match (row.opt_int(1)?, row.opt_int(2)?) {
            (Some(0), _) => *cumulative = None,
            (_, Some(results)) => *cumulative = cumulative.map(|c| worst_status(c, results)),
            (_, None) => {}
        }
    }
    let finished: Vec<(i64, i64)> = buildsets
        .into_iter()
        .filter_map(|(bsid, cumulative)| Some((bsid, cumulative?)))
        .collect();
    let updates: Vec<Stmt> = finished
        .iter()
        .map(|(bsid, cumulative)| {
            Stmt::execute(
                "UPDATE buildsets SET complete = 1, results = ?2, complete_at = ?3 \
                 WHERE id = ?1 AND (complete IS NULL OR complete != 1)",
                params![*bsid, *cumulative, complete_at].to_vec(),
            )
        })
        .collect();
    let changed = match updates.is_empty() {
        true => Vec::new(),
        false => tx.batch(&updates)?,
    };
    let buildsets_completed = finished
        .iter()
        .zip(changed)
        .filter(|(_, done)| done.changed() == 1)
        .map(|((bsid, _), _)| *bsid)
        .collect();
    let mut buildrequests = requests;
    for br in &mut buildrequests {
        br.complete = true;
        br.results = Some(results);
        br.complete_at = Some(complete_at);
    }
    Ok(Completed {
        buildrequests,
        buildsets_completed,
    })
}

/// set_build_requests_priority, as it means to (its 4.3 code fails under
/// SQLAlchemy 2), all or nothing: every request must exist (exit 4) and be
/// incomplete (exit 3). Returns them after the change.
pub fn set_build_requests_priority(
    tx: &Tx,
    brids: &[i64],
    priority: i64,
) -> Result<Vec<BuildRequest>> {
    let requests = get_existing(tx, brids)?;
    let complete: Vec<i64> = requests
        .iter()
        .filter(|br| br.complete)
        .map(|br| br.buildrequestid)
        .collect();
    if !complete.is_empty() {
        return Err(Error::conflict(format!(
            "build request {} is already complete; no priority was changed",
            join(&complete)
        ))
        .with_ids(complete));
    }
    tx.execute(
        "UPDATE buildrequests SET priority = ?2 WHERE id IN (SELECT value FROM json_each(?1))",
        params![brids, priority],
    )?;
    get_existing(tx, brids)
}

/// The builders of the incomplete requests among `brids`, each once, in
/// id order: where those requests wait to be built.
pub fn builders_of(tx: &Tx, brids: &[i64]) -> Result<Vec<i64>> {
    tx.query(
        "SELECT DISTINCT builderid FROM buildrequests \
         WHERE id IN (SELECT value FROM json_each(?1)) AND complete = 0 ORDER BY builderid",
        params![brids],
        |row| row.int(0),
    )
}

/// [`builders_of`] the requests among `requests` (read as they are) whose
/// ids are in `brids`, without asking the database again.
pub fn builders_of_known(requests: &[BuildRequest], brids: &[i64]) -> Vec<i64> {
    let mut builderids: Vec<i64> = requests
        .iter()
        .filter(|br| !br.complete && brids.contains(&br.buildrequestid))
        .map(|br| br.builderid)
        .collect();
    builderids.sort_unstable();
    builderids.dedup();
    builderids
}

/// The builds of these requests that are not finished, as (request id,
/// build id), in build id order: what a cancel asks the masters to stop.
pub fn unfinished_builds_of(tx: &Tx, brids: &[i64]) -> Result<Vec<(i64, i64)>> {
    tx.query(
        "SELECT buildrequestid, id FROM builds \
         WHERE buildrequestid IN (SELECT value FROM json_each(?1)) AND complete_at IS NULL \
         ORDER BY id",
        params![brids],
        |row| Ok((row.int(0)?, row.int(1)?)),
    )
}

/// The builders that have unclaimed build requests (neither claimed nor
/// complete), each once, in id order.
pub fn builders_with_unclaimed(tx: &Tx) -> Result<Vec<i64>> {
    tx.query(
        "SELECT DISTINCT br.builderid FROM buildrequests AS br \
         LEFT JOIN buildrequest_claims AS c ON c.brid = br.id \
         WHERE br.complete = 0 AND c.brid IS NULL ORDER BY br.builderid",
        &[],
        |row| row.int(0),
    )
}

pub fn join(ids: &[i64]) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
