"""Drive a Buildbot 4.3 master database through Buildbot's own DBConnector.

Used by bb's interop tests (tests/cli/interop.rs) to write rows the way a
running master writes them, and to read what bb wrote the way a running
master reads it: the real connector components on a real SQLAlchemy engine,
no SQL of our own.

    python bbdb.py DB_PATH OP...

Each OP is one JSON array; they run in order and stdout gets one JSON array
with each OP's result:

    ["clock", EPOCH]            pin reactor.seconds() (default: 0)
    ["as_master", MASTERID]     the master id that claims build requests
    ["rest.getMasters"]         getMasters() in REST shape (data API _db2data)
    ["rest.getMaster", ID]      getMaster() in REST shape, or null
    ["rest.getBuilders"]        getBuilders() in REST shape
    ["master_name", BASEDIR]    the name a BuildMaster in BASEDIR gives itself
    ["COMPONENT.METHOD", {...}] master.db.COMPONENT.METHOD(**kwargs), e.g.
                                ["masters.findMasterId", {"name": "m1"}]

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
import traceback

from twisted.internet import defer
from twisted.internet import task

from buildbot.config.master import DBConfig
from buildbot.config.master import MasterConfig
from buildbot.data import builders as data_builders
from buildbot.data import masters as data_masters
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
    if name == "master_name":
        # Imported here: the whole master is slow to import and rarely needed.
        from buildbot.master import BuildMaster

        return BuildMaster(args[0]).name
    component, method = name.split(".")
    kwargs = args[0] if args else {}
    return await getattr(getattr(db, component), method)(**kwargs)


async def main(reactor, path, ops):
    path = os.path.abspath(path)
    master = Master(os.path.dirname(path), f"sqlite:///{path}", PinnedReactor(reactor))
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
