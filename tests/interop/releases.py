"""Drive a master database through the DBConnector of any Buildbot release
from 3.0 to 4.3, as that release's masters do.

Used by bb's per-release tests (tests/cli/releases.rs), run with each
release's own virtualenv python: Buildbot writes rows with its own
connectors, and reads back what bb wrote, no SQL of our own.

    python releases.py DB_URL OP...

DB_URL is a SQLAlchemy URL (sqlite:////abs/state.sqlite,
postgresql+psycopg2://... or mysql+pymysql://...). Each OP is one JSON array; they run in order
and stdout gets one JSON array with each OP's result:

    ["clock", EPOCH]            pin reactor.seconds() (default: 0)
    ["as_master", MASTERID]     the master id that claims build requests
    ["view.masters"]            getMasters(), as bb's `master list --json`
    ["view.builders"]           getBuilders(), as `builder list --json`
    ["view.buildsets"]          getBuildsets() with their sourcestamps
                                (getSourceStamp), as `buildset list --json`
    ["view.buildrequests"]      getBuildRequests(), as `request list --json`
    ["view.changesources"]      getChangeSources(): {changesourceid, name,
                                masterid}
    ["view.housekeeping"]       what a master's housekeeping touches: builds
                                (getBuilds) with their steps (getSteps) and
                                logs (getLogs), workers (getWorkers),
                                schedulers (getSchedulers)
    ["COMPONENT.METHOD", {...}] master.db.COMPONENT.METHOD(**kwargs)
    ["COMPONENT.METHOD", [...]] the same with positional arguments

The releases' connector APIs differ: 3.x returns dicts, 4.x dataclasses
(with more fields); the connector setup changed in 4.0 (set_master) and
4.3 (DBConfig). This file handles both, so one test body serves every
release. A field a release's connector does not return (a builder's
projectid before 3.9) reads as null, as bb reads it.

DBConnector.setup(check_version=True) runs first: a database that release
would refuse to start on makes the helper fail (exit 1, traceback on
stderr).
"""

import dataclasses
import datetime
import json
import os
import sys
import traceback
import types

from twisted.internet import defer
from twisted.internet import task

from buildbot.data import masters as data_masters
from buildbot.data import sourcestamps as data_sourcestamps
from buildbot.db.connector import DBConnector
from buildbot.process.cache import CacheManager
from buildbot.util import datetime2epoch
from buildbot.util import service


class PinnedReactor:
    """The real reactor with seconds() pinned (see tests/interop/bbdb.py)."""

    def __init__(self, reactor):
        self._reactor = reactor
        self.now = 0

    def seconds(self):
        return self.now

    def __getattr__(self, name):
        return getattr(self._reactor, name)


def db_config(url):
    """master.config.db as this release wants it: a DBConfig from 4.3, a
    dict before."""
    try:
        from buildbot.config.master import DBConfig
    except ImportError:
        return {"db_url": url}
    return DBConfig(url)


class Master(service.MasterService):
    """The least of a BuildMaster that DBConnector uses in every release."""

    def __init__(self, basedir, db_url, reactor):
        super().__init__()
        self.basedir = basedir
        self.config = types.SimpleNamespace(db=db_config(db_url))
        self.reactor = reactor
        self.caches = CacheManager()
        self.masterid = None


def get(obj, name):
    """A field of a connector result: a dict (3.x) or a dataclass (4.x);
    None when this release has no such field."""
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


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


def epoch(value):
    return datetime2epoch(value) if isinstance(value, datetime.datetime) else value


async def view_buildsets(db):
    found = []
    for bs in sorted(await db.buildsets.getBuildsets(), key=lambda bs: get(bs, "bsid")):
        sourcestamps = []
        # In id order, as bb lists them: Buildbot's query has no ORDER BY, and
        # PostgreSQL answers in heap order (SQLite, from its index, in id order).
        for ssid in sorted(get(bs, "sourcestamps")):
            ss = await db.sourcestamps.getSourceStamp(ssid)
            sourcestamps.append(to_json(data_sourcestamps._db2data(ss)))
        found.append({
            "bsid": get(bs, "bsid"),
            "external_idstring": get(bs, "external_idstring"),
            "reason": get(bs, "reason"),
            "submitted_at": epoch(get(bs, "submitted_at")),
            "complete": bool(get(bs, "complete")),
            "complete_at": epoch(get(bs, "complete_at")),
            "results": get(bs, "results"),
            "sourcestamps": sourcestamps,
            "parent_buildid": get(bs, "parent_buildid"),
            "parent_relationship": get(bs, "parent_relationship"),
            "rebuilt_buildid": get(bs, "rebuilt_buildid"),
        })
    return found


def view_buildrequest(br):
    claimed_at = epoch(get(br, "claimed_at"))
    return {
        "buildrequestid": get(br, "buildrequestid"),
        "buildsetid": get(br, "buildsetid"),
        "builderid": get(br, "builderid"),
        "buildername": get(br, "buildername"),
        "priority": get(br, "priority"),
        "claimed": claimed_at is not None,
        "claimed_at": claimed_at,
        "claimed_by_masterid": get(br, "claimed_by_masterid"),
        "complete": bool(get(br, "complete")),
        "complete_at": epoch(get(br, "complete_at")),
        "results": get(br, "results"),
        "submitted_at": epoch(get(br, "submitted_at")),
        "waited_for": bool(get(br, "waited_for")),
    }


async def view_housekeeping(db):
    builds = []
    for build in sorted(await db.builds.getBuilds(), key=lambda b: get(b, "id")):
        steps = []
        for step in await db.steps.getSteps(get(build, "id")):
            logs = [
                {"logid": get(log, "id"), "complete": bool(get(log, "complete"))}
                for log in await db.logs.getLogs(get(step, "id"))
            ]
            steps.append({
                "stepid": get(step, "id"),
                "results": get(step, "results"),
                "complete_at": epoch(get(step, "complete_at")),
                "hidden": bool(get(step, "hidden")),
                "logs": logs,
            })
        builds.append({
            "buildid": get(build, "id"),
            "results": get(build, "results"),
            "complete_at": epoch(get(build, "complete_at")),
            "steps": steps,
        })
    workers = [
        {
            "workerid": get(w, "id"),
            "configured_on": sorted(
                [get(c, "builderid"), get(c, "masterid")] for c in get(w, "configured_on")
            ),
            "connected_to": sorted(get(w, "connected_to")),
        }
        for w in sorted(await db.workers.getWorkers(), key=lambda w: get(w, "id"))
    ]
    schedulers = [
        {"schedulerid": get(s, "id"), "masterid": get(s, "masterid")}
        for s in sorted(await db.schedulers.getSchedulers(), key=lambda s: get(s, "id"))
    ]
    return {"builds": builds, "workers": workers, "schedulers": schedulers}


async def run_op(master, db, op):
    name, *args = op
    if name == "clock":
        master.reactor.now = args[0]
        return None
    if name == "as_master":
        master.masterid = args[0]
        return None
    if name == "view.masters":
        found = sorted(await db.masters.getMasters(), key=lambda m: get(m, "id"))
        return [data_masters._db2data(m) for m in found]
    if name == "view.builders":
        return [
            {
                "builderid": get(b, "id"),
                "name": get(b, "name"),
                "masterids": get(b, "masterids"),
                "description": get(b, "description"),
                "description_format": get(b, "description_format"),
                "description_html": get(b, "description_html"),
                "projectid": get(b, "projectid"),
                "tags": get(b, "tags"),
            }
            for b in sorted(await db.builders.getBuilders(), key=lambda b: get(b, "id"))
        ]
    if name == "view.buildsets":
        return await view_buildsets(db)
    if name == "view.buildrequests":
        found = await db.buildrequests.getBuildRequests()
        return [
            view_buildrequest(br)
            for br in sorted(found, key=lambda br: get(br, "buildrequestid"))
        ]
    if name == "view.changesources":
        found = await db.changesources.getChangeSources()
        return [
            {"changesourceid": get(cs, "id"), "name": get(cs, "name"),
             "masterid": get(cs, "masterid")}
            for cs in sorted(found, key=lambda cs: get(cs, "id"))
        ]
    if name == "view.housekeeping":
        return await view_housekeeping(db)
    component, method = name.split(".")
    call = getattr(getattr(db, component), method)
    arguments = args[0] if args else {}
    if isinstance(arguments, list):
        return await call(*arguments)
    return await call(**arguments)


async def main(reactor, url, ops):
    basedir = os.getcwd()
    master = Master(basedir, url, PinnedReactor(reactor))
    db = master.db = DBConnector(basedir)
    if hasattr(db, "set_master"):
        # 4.x
        await db.set_master(master)
    else:
        # 3.x: the components are made when the connector joins its master.
        await db.setServiceParent(master)
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
            if hasattr(db.pool, "stop"):
                await db.pool.stop()
            else:
                await db.pool.shutdown()


def react(reactor, url, ops):
    async def guarded():
        try:
            await main(reactor, url, ops)
        except BaseException:
            traceback.print_exc()
            raise SystemExit(1)

    return defer.ensureDeferred(guarded())


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    task.react(react, (sys.argv[1], [json.loads(op) for op in sys.argv[2:]]))
