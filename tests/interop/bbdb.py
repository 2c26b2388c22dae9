"""Drive a Buildbot 4.3 master database through Buildbot's own DBConnector.

Used by bb's interop tests (tests/cli/interop.rs) to write rows the way a
running master writes them, and to read what bb wrote the way a running
master reads it: the real connector components on a real SQLAlchemy engine,
no SQL of our own.

    python bbdb.py DB OP...

DB is a SQLite file's path or a SQLAlchemy URL with its driver
(postgresql+psycopg2://..., mysql+pymysql://...).

Each OP is one JSON array; they run in order and stdout gets one JSON array
with each OP's result:

    ["clock", EPOCH]            pin reactor.seconds() (default: 0)
    ["as_master", MASTERID]     the master id that claims build requests
    ["rest.getMasters"]         getMasters() in REST shape (data API _db2data)
    ["rest.getMaster", ID]      getMaster() in REST shape, or null
    ["rest.getBuilders"]        getBuilders() in REST shape
    ["master_name", BASEDIR]    the name a BuildMaster in BASEDIR gives itself
    ["rest.getBuildset", BSID]  getBuildset() in REST shape (data API _db2data,
                                sourcestamps expanded), or null
    ["rest.getBuildsets", {...}]        getBuildsets(**kwargs) in REST shape
    ["rest.getRecentBuildsets", {...}]  getRecentBuildsets(**kwargs) in REST shape
    ["rest.getBuildRequests", {...}]    getBuildRequests(**kwargs) in REST shape
                                (with buildername, no properties), by id
    ["rest.getBuildRequest", BRID]      getBuildRequest() likewise, or null
    ["rest.getBuilds", {...}]   getBuilds(**kwargs) in REST shape, properties
                                null (as bb's lists), by id
    ["rest.getBuild", BUILDID]  getBuild() in REST shape with every property
                                (getBuildProperties), or null
    ["rest.getBuildByNumber", [BUILDERID, NUMBER]]  likewise
    ["rest.getWorkers", {...}]  getWorkers(**kwargs) in REST shape, by id
    ["rest.getWorker", {...}]   getWorker(**kwargs) in REST shape, or null
    ["data.maybeBuildsetComplete", BSID]  the data layer's own
                                Buildset.maybeBuildsetComplete (events dropped)
    ["data.completeBuildRequests", {...}]  the data layer's own
                                BuildRequest.completeBuildRequests: the
                                connector's, then maybeBuildsetComplete for
                                each buildset (events dropped)
    ["gitpoller.poll", {...}]   one poll of a real GitPoller(**kwargs) (name,
                                repourl, branches, workdir, project,
                                category), its changes added through the
                                data layer's own Change.addChange; returns
                                the ids of the changes it added
    ["poll.readout", [NAME...]] what polls leave behind, read through the
                                connectors: each GitPoller's lastRev, every
                                change (getChanges) with its users
                                (getChangeUids), sourcestamps, users
    ["try", OP]                 OP's result as {"result": ...}, or its exception
                                as {"error": "<class name>"}
    ["COMPONENT.METHOD", {...}] master.db.COMPONENT.METHOD(**kwargs), e.g.
                                ["masters.findMasterId", {"name": "m1"}]
    ["COMPONENT.METHOD", [...]] the same with positional arguments (needed by
                                @cached methods: ["buildsets.getBuildsetProperties", [1]])

DBConnector.setup(check_version=True) runs first: a database that Buildbot
would refuse to start on makes the helper fail (exit 1, traceback on stderr).
Results are converted to JSON: dataclasses (Buildbot's *Model types) become
objects, datetimes epoch seconds, tuples lists.
"""

import dataclasses
import datetime
import json
import os
import sys
import tempfile
import traceback

from twisted.internet import defer
from twisted.internet import task
from twisted.python import log

from buildbot.config.master import DBConfig
from buildbot.config.master import MasterConfig
from buildbot.data import builders as data_builders
from buildbot.data import builds as data_builds
from buildbot.data import buildrequests as data_buildrequests
from buildbot.data import buildsets as data_buildsets
from buildbot.data import changes as data_changes
from buildbot.data import masters as data_masters
from buildbot.data import sourcestamps as data_sourcestamps
from buildbot.data import workers as data_workers
from buildbot.db.connector import DBConnector
from buildbot.process.cache import CacheManager
from buildbot.util import datetime2epoch
from buildbot.util import service


class PinnedReactor:
    """The real reactor with its clock pinned.

    Connectors stamp times with master.reactor.seconds(). A bare
    twisted.internet.task.Clock would pin that too, but DBThreadPool hands
    results back from its threads with reactor.callFromThread, which needs
    the running reactor: so everything but seconds() goes to the real one.
    """

    def __init__(self, reactor):
        self._reactor = reactor
        self.now = 0

    def seconds(self):
        return self.now

    def __getattr__(self, name):
        return getattr(self._reactor, name)


class Master(service.MasterService):
    """The least of a BuildMaster that DBConnector and its components use:
    basedir, config (db_url), reactor, caches (for @cached methods),
    get_db_config (from MasterService), db (components reach each other
    through master.db) and masterid (who claims build requests)."""

    def __init__(self, basedir, db_url, reactor):
        super().__init__()
        self.basedir = basedir
        self.config = MasterConfig()
        self.config.db = DBConfig(db_url)
        self.reactor = reactor
        self.caches = CacheManager()
        self.masterid = None


class Data:
    """The little of master.data the data layer's buildset and build
    request update methods use: get(('sourcestamps', ssid)), answered from
    what was read beforehand when it was (so the parallel gathering in the
    buildsets' _db2data keeps the connector's order), and
    updates.maybeBuildsetComplete."""

    def __init__(self, master, sourcestamps):
        self.master = master
        self.sourcestamps = sourcestamps
        self.updates = self

    def get(self, path):
        kind, ssid = path
        if kind == "changes":
            # Change.addChange reads the new change back for its event.
            return defer.succeed({})
        assert kind == "sourcestamps", path
        ssid = int(ssid)
        if ssid in self.sourcestamps:
            return defer.succeed(self.sourcestamps[ssid])

        async def fetch():
            ss = await self.master.db.sourcestamps.getSourceStamp(ssid)
            return data_sourcestamps._db2data(ss) if ss else None

        return defer.ensureDeferred(fetch())

    def maybeBuildsetComplete(self, bsid):
        return data_buildsets.Buildset.maybeBuildsetComplete(Resource(self.master), bsid)


class DataMaster:
    """What the data layer's resource types see as their master."""

    def __init__(self, master, sourcestamps=None):
        self.db = master.db
        self.reactor = master.reactor
        self.config = master.config
        self.data = Data(self, sourcestamps or {})


class PollerUpdates:
    """master.data.updates for a GitPoller: the data layer's own addChange,
    recording the ids it returns."""

    def __init__(self, master):
        self.resource = Resource(DataMaster(master))
        self.added = []

    async def addChange(self, **kwargs):
        changeid = await data_changes.Change.addChange(self.resource, **kwargs)
        self.added.append(changeid)
        return changeid


async def gitpoller_poll(master, kwargs):
    """One poll of a real GitPoller on this database, as a master runs it,
    minus the master: the poller's state through master.db.state, its
    changes through the data layer's Change.addChange."""
    # Imported here: only the poll tests need the poller.
    from buildbot.changes.gitpoller import GitPoller

    poller = GitPoller(**kwargs)
    await poller.setServiceParent(master)
    master.data = type("PollerData", (), {})()
    master.data.updates = PollerUpdates(master)
    await poller.reconfigService(**kwargs)
    poller.poll_should_exit = lambda: False
    # GitPoller logs its failures and carries on: make them fail the op.
    failures = []

    def observe(event):
        text = " ".join(str(m) for m in event.get("message", ()))
        if event.get("isError") or "failed with exit code" in text:
            failures.append(text or str(event.get("failure") or event.get("why")))

    log.addObserver(observe)
    try:
        await poller.poll()
    finally:
        log.removeObserver(observe)
    if failures:
        raise RuntimeError(f"GitPoller failed: {failures}")
    return master.data.updates.added


class Resource:
    """`self` for the data layer's update methods; events are dropped."""

    def __init__(self, master):
        self.master = master

    def produceEvent(self, msg, event):
        pass

    def generateEvent(self, ids, event):
        pass


async def sourcestamps_of(db, buildsets):
    """REST sourcestamps of these buildset models, by ssid, read one by one."""
    found = {}
    for bs in buildsets:
        for ssid in bs.sourcestamps:
            if ssid not in found:
                ss = await db.sourcestamps.getSourceStamp(ssid)
                found[ssid] = data_sourcestamps._db2data(ss) if ss else None
    return found


async def rest_buildsets(master, db, buildsets):
    data_master = DataMaster(master, await sourcestamps_of(db, buildsets))
    return [await data_buildsets._db2data(bs, data_master) for bs in buildsets]


def rest_buildrequest(br):
    rest = data_buildrequests._db2data(br, None)
    del rest["properties"]
    rest["buildername"] = br.buildername
    return rest


def rest_build_listed(build):
    rest = data_builds._db2data(build)
    rest["properties"] = None
    return rest


async def rest_build_shown(db, build):
    if build is None:
        return None
    rest = data_builds._db2data(build)
    rest["properties"] = await db.builds.getBuildProperties(build.id)
    return rest


def to_json(value):
    if dataclasses.is_dataclass(value):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime.datetime):
        return datetime2epoch(value)
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


async def run_op(master, db, op):
    name, *args = op
    if name == "clock":
        master.reactor.now = args[0]
        return None
    if name == "as_master":
        master.masterid = args[0]
        return None
    if name == "rest.getMasters":
        return [data_masters._db2data(m) for m in await db.masters.getMasters()]
    if name == "rest.getMaster":
        m = await db.masters.getMaster(args[0])
        return data_masters._db2data(m) if m else None
    if name == "rest.getBuilders":
        return [data_builders._db2data(b) for b in await db.builders.getBuilders()]
    if name == "rest.getBuildset":
        bs = await db.buildsets.getBuildset(args[0])
        return (await rest_buildsets(master, db, [bs]))[0] if bs else None
    if name == "rest.getBuildsets":
        return await rest_buildsets(master, db, await db.buildsets.getBuildsets(**args[0]))
    if name == "rest.getRecentBuildsets":
        return await rest_buildsets(master, db, await db.buildsets.getRecentBuildsets(**args[0]))
    if name == "rest.getBuildRequests":
        found = await db.buildrequests.getBuildRequests(**args[0])
        return [rest_buildrequest(br) for br in sorted(found, key=lambda br: br.buildrequestid)]
    if name == "rest.getBuildRequest":
        br = await db.buildrequests.getBuildRequest(args[0])
        return rest_buildrequest(br) if br else None
    if name == "rest.getBuilds":
        found = await db.builds.getBuilds(**args[0])
        return [rest_build_listed(b) for b in sorted(found, key=lambda b: b.id)]
    if name == "rest.getBuild":
        return await rest_build_shown(db, await db.builds.getBuild(args[0]))
    if name == "rest.getBuildByNumber":
        return await rest_build_shown(db, await db.builds.getBuildByNumber(*args[0]))
    if name == "rest.getWorkers":
        found = await db.workers.getWorkers(**args[0])
        return [data_workers._db2data(w) for w in sorted(found, key=lambda w: w.id)]
    if name == "rest.getWorker":
        w = await db.workers.getWorker(**args[0])
        return data_workers._db2data(w) if w else None
    if name == "data.maybeBuildsetComplete":
        resource = Resource(DataMaster(master))
        return await data_buildsets.Buildset.maybeBuildsetComplete(resource, args[0])
    if name == "data.completeBuildRequests":
        resource = Resource(DataMaster(master))
        return await data_buildrequests.BuildRequest.completeBuildRequests(resource, **args[0])
    if name == "gitpoller.poll":
        return await gitpoller_poll(master, args[0])
    if name == "poll.readout":
        readout = {}
        for poller in args[0]:
            objectid = await db.state.getObjectId(poller, "GitPoller")
            readout[f"lastRev of {poller}"] = await db.state.getState(objectid, "lastRev", None)
        changes = await db.changes.getChanges()
        readout["changes"] = changes
        readout["uids"] = [await db.changes.getChangeUids(c.changeid) for c in changes]
        readout["sourcestamps"] = await db.sourcestamps.getSourceStamps()
        readout["users"] = await db.users.getUsers()
        return readout
    if name == "try":
        try:
            return {"result": to_json(await run_op(master, db, args[0]))}
        except Exception as e:
            return {"error": type(e).__name__}
    if name == "master_name":
        # Imported here: the whole master is slow to import and rarely needed.
        from buildbot.master import BuildMaster

        return BuildMaster(args[0]).name
    component, method = name.split(".")
    call = getattr(getattr(db, component), method)
    arguments = args[0] if args else {}
    if isinstance(arguments, list):
        return await call(*arguments)
    return await call(**arguments)


def database(path):
    """The basedir and db_url for a SQLite file, or a SQLAlchemy URL as
    given (the tests name the venv's driver in it: psycopg2, PyMySQL)."""
    if "://" in path:
        return tempfile.mkdtemp(prefix="bbdb-"), path
    path = os.path.abspath(path)
    return os.path.dirname(path), f"sqlite:///{path}"


async def main(reactor, path, ops):
    basedir, db_url = database(path)
    master = Master(basedir, db_url, PinnedReactor(reactor))
    db = master.db = DBConnector(master.basedir)
    await db.set_master(master)
    try:
        await db.setup(check_version=True, verbose=False)
        results = []
        for op in ops:
            try:
                results.append(to_json(await run_op(master, db, op)))
            except Exception:
                print(f"op {json.dumps(op)} failed:", file=sys.stderr)
                raise
        print(json.dumps(results))
    finally:
        # The pool's threads would keep the process alive.
        if db.pool is not None:
            await db.pool.stop()


def react(reactor, path, ops):
    async def guarded():
        try:
            await main(reactor, path, ops)
        except BaseException:
            traceback.print_exc()
            raise SystemExit(1)

    return defer.ensureDeferred(guarded())


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    task.react(react, (sys.argv[1], [json.loads(op) for op in sys.argv[2:]]))
