"""Buildbot 4.3's own janitor on a database: deleteOldLogChunks (or
deleteOldBuildData) through its DBConnector, as the JanitorConfigurator's
nightly run calls it (run with target/buildbot-venv's python).

    python bench/janitor.py DB HORIZON [logs|build-data]

DB is a SQLite file or a SQLAlchemy URL. Prints {"deleted": N, "seconds":
S}: what the function returned and how long the call itself took (not the
interpreter's start-up nor DBConnector.setup).
"""

import json
import sys
import time

from twisted.internet import task

import buildbot_op


def main(reactor, path, horizon, what):
    async def run():
        master, db = await buildbot_op.connect(reactor, path, horizon)
        started = time.monotonic()
        if what == "logs":
            deleted = await db.logs.deleteOldLogChunks(horizon)
        else:
            deleted = await db.build_data.deleteOldBuildData(horizon)
        seconds = time.monotonic() - started
        print(json.dumps({"deleted": deleted, "seconds": round(seconds, 3)}))

    from twisted.internet import defer

    return defer.ensureDeferred(run())


if __name__ == "__main__":
    what = sys.argv[3] if len(sys.argv) > 3 else "logs"
    task.react(main, (sys.argv[1], int(sys.argv[2]), what))
