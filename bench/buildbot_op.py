"""One bb operation done the way operators do it today: a Python process on
Buildbot 4.3's own DBConnector (run with target/buildbot-venv's python).

    python bench/buildbot_op.py DB NOW OP [ARG...]

DB is a SQLite file or a SQLAlchemy URL (postgresql+psycopg2://...).

The connector is set up as tests/interop/bbdb.py sets it up (its Master,
PinnedReactor, data-layer shims and REST conversions are reused), with the
clock pinned to NOW. The whole process -- interpreter start-up, imports,
DBConnector.setup, the operation -- is what the benchmark times. It prints
the operation's answer as JSON, for the benchmark's equality check.

OPs (arguments are JSON where they are not plain names):
    show BRID                         getBuildRequest
    list BUILDER LIMIT                getBuildRequests(builderid, claimed=False), first LIMIT
    claim MASTER BRIDS                findMasterId + claimBuildRequests
    complete BRIDS RESULTS            the data layer's completeBuildRequests
                                      (+ maybeBuildsetComplete)
    add ARGS                          findBuilderId per builder + addBuildset
    recent COUNT BRANCH               getRecentBuildsets
    sweep EXPIRE_SECONDS              the data layer's expireMasters, with its
                                      housekeeping done on the connectors
    cs_claim MASTER CHANGESOURCE      findMasterId + findChangeSourceId +
                                      setChangeSourceMaster + getChangeSource
    running_builds                    getBuilds(complete=False): their ids
    workers                           getWorkers: their ids
    pending                           getBuildRequests(complete=False): the
                                      unclaimed ones per builder, as {builderid: count}
"""

import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests", "interop"))

import bbdb  # noqa: E402
from twisted.internet import defer  # noqa: E402
from twisted.internet import task  # noqa: E402

from buildbot.data import buildrequests as data_buildrequests  # noqa: E402
from buildbot.data import resultspec  # noqa: E402
from buildbot.db.connector import DBConnector  # noqa: E402
from buildbot.process.results import RETRY  # noqa: E402
from buildbot.util import epoch2datetime  # noqa: E402


async def connect(reactor, path, now):
    """A set-up DBConnector on PATH (a SQLite file or a database URL) with
    the clock pinned to NOW."""
    if "://" in path:
        basedir, url = tempfile.gettempdir(), path
    else:
        path = os.path.abspath(path)
        basedir, url = os.path.dirname(path), f"sqlite:///{path}"
    master = bbdb.Master(basedir, url, bbdb.PinnedReactor(reactor))
    master.reactor.now = now
    db = master.db = DBConnector(master.basedir)
    await db.set_master(master)
    await db.setup(check_version=True, verbose=False)
    return master, db


async def housekeep(master, db, masterid):
    """_masterDeactivatedHousekeeping, on the connectors: what the data
    layer's worker, builder, scheduler and change source types do, then the
    builds, steps and logs, then the claims (as the dead master)."""
    # bb also drops the master's connected workers; so does a master that
    # stops cleanly (workerDisconnected).
    for worker in await db.workers.getWorkers():
        if masterid in worker.connected_to:
            await db.workers.workerDisconnected(workerid=worker.id, masterid=masterid)
    await db.workers.deconfigureAllWorkersForMaster(masterid=masterid)
    for bldr in await db.builders.getBuilders(masterid=masterid):
        await db.builders.removeBuilderMaster(masterid=masterid, builderid=bldr.id)
    for sch in await db.schedulers.getSchedulers(masterid=masterid):
        await db.schedulers.setSchedulerMaster(sch.id, None)
    for cs in await db.changesources.getChangeSources(masterid=masterid):
        await db.changesources.setChangeSourceMaster(cs.id, None)
    builds = await db.builds.getBuilds(complete=False)
    for build in [b for b in builds if b.masterid == masterid]:
        for step in await db.steps.getSteps(build.id):
            if step.results is not None:
                continue
            for log in await db.logs.getLogs(step.id):
                if not log.complete:
                    await db.logs.finishLog(log.id)
            await db.steps.finishStep(step.id, results=RETRY, hidden=False)
        await db.builds.finishBuild(build.id, results=RETRY)
    requests = await db.buildrequests.getBuildRequests(complete=False, claimed=masterid)
    # Buildbot's own code unclaims as master.masterid (this process); bb
    # releases the dead master's claims, so do that here too.
    master.masterid = masterid
    await db.buildrequests.unclaimBuildRequests(brids=[br.buildrequestid for br in requests])


async def run(master, db, op, args):
    now = master.reactor.now
    if op == "show":
        br = await db.buildrequests.getBuildRequest(int(args[0]))
        return bbdb.rest_buildrequest(br) if br else None
    if op == "list":
        builderid = await db.builders.findBuilderId(args[0], autoCreate=False)
        limit = int(args[1])
        # As the data layer asks (/builders/X/buildrequests?claimed=false&
        # order=buildrequestid&limit=N): its field mapping lets the order
        # and limit go into the SQL. Buildbot's query joins each request to
        # every sourcestamp of its buildset and de-duplicates after the
        # LIMIT: ask for a margin.
        spec = resultspec.ResultSpec(order=["buildrequestid"], limit=2 * limit)
        spec.fieldMapping = data_buildrequests.buildrequests_field_mapping
        found = await db.buildrequests.getBuildRequests(builderid=builderid, claimed=False, resultSpec=spec)
        found = spec.apply(found)
        return [bbdb.rest_buildrequest(br) for br in found[:limit]]
    if op == "claim":
        master.masterid = await db.masters.findMasterId(args[0])
        brids = json.loads(args[1])
        await db.buildrequests.claimBuildRequests(brids, claimed_at=epoch2datetime(now))
        return brids
    if op == "complete":
        resource = bbdb.Resource(bbdb.DataMaster(master))
        await bbdb.data_buildrequests.BuildRequest.completeBuildRequests(
            resource, brids=json.loads(args[0]), results=int(args[1]), complete_at=epoch2datetime(now)
        )
        return json.loads(args[0])
    if op == "add":
        spec = json.loads(args[0])
        builderids = [await db.builders.findBuilderId(name, autoCreate=False) for name in spec["builders"]]
        bsid, brids = await db.buildsets.addBuildset(
            sourcestamps=spec["sourcestamps"],
            reason=spec["reason"],
            properties={k: (v, "bb") for k, v in spec["properties"].items()},
            builderids=builderids,
            waited_for=False,
            submitted_at=epoch2datetime(now),
        )
        return {"bsid": bsid, "brids": {str(k): v for k, v in brids.items()}}
    if op == "recent":
        found = await db.buildsets.getRecentBuildsets(count=int(args[0]), branch=args[1])
        return await bbdb.rest_buildsets(master, db, found)
    if op == "sweep":
        # The data layer's expireMasters.
        too_old = epoch2datetime(now - int(args[0]))
        expired = []
        for m in await db.masters.getMasters():
            if m.last_active is not None and m.last_active >= too_old:
                continue
            deactivated = await db.masters.setMasterState(masterid=m.id, active=False)
            if deactivated:
                await housekeep(master, db, m.id)
            expired.append(m.id)
        return expired
    if op == "cs_claim":
        masterid = await db.masters.findMasterId(args[0])
        csid = await db.changesources.findChangeSourceId(args[1])
        await db.changesources.setChangeSourceMaster(csid, masterid)
        cs = await db.changesources.getChangeSource(csid)
        return {"changesourceid": cs.id, "name": cs.name, "masterid": cs.masterid}
    if op == "running_builds":
        return sorted(b.id for b in await db.builds.getBuilds(complete=False))
    if op == "workers":
        return sorted(w.id for w in await db.workers.getWorkers())
    if op == "pending":
        pending = {}
        for br in await db.buildrequests.getBuildRequests(complete=False, claimed=False):
            pending[str(br.builderid)] = pending.get(str(br.builderid), 0) + 1
        return pending
    raise SystemExit(f"unknown op {op}")


def main(reactor, path, now, op, args):
    async def go():
        master, db = await connect(reactor, path, now)
        try:
            print(json.dumps(bbdb.to_json(await run(master, db, op, args))))
        finally:
            await db.pool.stop()

    return defer.ensureDeferred(go())


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    task.react(main, (sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]))
