//! What waits and what runs, per builder: the incomplete build requests,
//! their claims, the running builds and the running masters that serve
//! each builder, read through the indexes Buildbot keeps (the incomplete
//! requests of `buildrequests_complete`, the builds of those requests of
//! `builds_buildrequestid`), so that the cost follows the work waiting, not
//! the history. `bb queue`, `bb queue --check` and `bb metrics` read it.

use std::collections::BTreeMap;

use super::builders;
use super::builds;
use super::engine::{EngineKind, Tx};
use super::masters::Master;
use crate::error::Result;
use crate::params;

/// One builder's incomplete work.
#[derive(Debug, Clone, Default)]
pub struct Work {
    pub builderid: i64,
    pub name: String,
    /// Requests neither claimed nor complete.
    pub pending: i64,
    pub oldest_pending_submitted_at: Option<i64>,
    /// Incomplete requests claimed, by the master holding them.
    pub claimed: BTreeMap<i64, i64>,
    /// Builds not complete.
    pub running: i64,
    /// The masters that serve the builder (builder_masters).
    pub serving: Vec<i64>,
}

/// The queue at `at`: every builder with incomplete work, in id order,
/// and every master.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub at: i64,
    pub builders: Vec<Work>,
    pub masters: Vec<Master>,
}

impl Snapshot {
    pub fn master(&self, masterid: i64) -> Option<&Master> {
        self.masters.iter().find(|m| m.masterid == masterid)
    }

    /// The running masters among `ids`.
    pub fn running<'a>(&'a self, ids: &'a [i64]) -> impl Iterator<Item = &'a Master> + 'a {
        ids.iter()
            .filter_map(|id| self.master(*id))
            .filter(|m| m.is_running(self.at))
    }
}

/// Read the queue as it is at `at`.
pub fn snapshot(tx: &Tx, at: i64) -> Result<Snapshot> {
    let mut work: BTreeMap<i64, Work> = BTreeMap::new();
    fn entry(work: &mut BTreeMap<i64, Work>, id: i64) -> &mut Work {
        work.entry(id).or_insert_with(|| Work {
            builderid: id,
            ..Work::default()
        })
    }
    let pending = tx.query(
        "SELECT br.builderid, count(*), min(br.submitted_at) FROM buildrequests AS br \
         WHERE br.complete = 0 \
         AND NOT EXISTS (SELECT 1 FROM buildrequest_claims AS c WHERE c.brid = br.id) \
         GROUP BY br.builderid",
        params![],
        |row| Ok((row.int(0)?, row.int(1)?, row.opt_int(2)?)),
    )?;
    for (builderid, count, oldest) in pending {
        let w = entry(&mut work, builderid);
        w.pending = count;
        w.oldest_pending_submitted_at = oldest;
    }
    // On PostgreSQL the claims are searched by the incomplete requests' ids
    // as an array: given the join alone, its planner reads every claim
    // (hashing the few incomplete requests) once the history outgrows the
    // queue, 51 ms instead of 2 ms at 1M requests with 2000 waiting.
    let claims_of_incomplete = match tx.engine() {
        EngineKind::Postgresql => {
            " AND c.brid = ANY(ARRAY(SELECT id FROM buildrequests WHERE complete = 0))"
        }
        _ => "",
    };
    let claimed = tx.query(
        &format!(
            "SELECT br.builderid, c.masterid, count(*) FROM buildrequests AS br \
             JOIN buildrequest_claims AS c ON c.brid = br.id \
             WHERE br.complete = 0{claims_of_incomplete} GROUP BY br.builderid, c.masterid"
        ),
        params![],
        |row| Ok((row.int(0)?, row.int(1)?, row.int(2)?)),
    )?;
    for (builderid, masterid, count) in claimed {
        entry(&mut work, builderid).claimed.insert(masterid, count);
    }
    let running = tx.query(
        &format!(
            "SELECT b.builderid, count(*) FROM builds AS b \
             WHERE b.complete_at IS NULL AND {} GROUP BY b.builderid",
            builds::running(tx.engine())
        ),
        params![],
        |row| Ok((row.int(0)?, row.int(1)?)),
    )?;
    for (builderid, count) in running {
        entry(&mut work, builderid).running = count;
    }
    let ids: Vec<i64> = work.keys().copied().collect();
    let names = builders::names_by_id(tx, &ids)?;
    let serving = tx.query(
        "SELECT builderid, masterid FROM builder_masters \
         WHERE builderid IN (SELECT value FROM json_each(?1)) ORDER BY builderid, masterid",
        params![&ids],
        |row| Ok((row.int(0)?, row.int(1)?)),
    )?;
    for (builderid, masterid) in serving {
        entry(&mut work, builderid).serving.push(masterid);
    }
    let masters = tx.query(
        "SELECT id, name, active, last_active FROM masters ORDER BY id",
        params![],
        |row| {
            Ok(Master {
                masterid: row.int(0)?,
                name: row.text(1)?,
                active: row.flag(2)?,
                last_active: row.int(3)?,
            })
        },
    )?;
    let builders = work
        .into_values()
        .map(|mut w| {
            // A request on a builder row that is gone still waits.
            w.name = names
                .get(&w.builderid)
                .cloned()
                .unwrap_or_else(|| w.builderid.to_string());
            w
        })
        .collect();
    Ok(Snapshot {
        at,
        builders,
        masters,
    })
}

/// The masters connected workers are attached to, with how many each.
pub fn connected_workers(tx: &Tx) -> Result<BTreeMap<i64, i64>> {
    let rows = tx.query(
        "SELECT masterid, count(*) FROM connected_workers GROUP BY masterid",
        params![],
        |row| Ok((row.int(0)?, row.int(1)?)),
    )?;
    Ok(rows.into_iter().collect())
}
