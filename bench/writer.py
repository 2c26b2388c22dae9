"""A running master's writes, timed: a claim-sized transaction every 20 ms
(a running master's check-in and one build request claimed, then released
the next time), as Buildbot's connectors make them -- on SQLite through Python's
sqlite3 with a busy timeout (SQLite's own busy handler, which polls at
growing intervals), on PostgreSQL through psycopg2 in READ COMMITTED.

    python bench/writer.py DB MASTERID BRID STOPFILE

DB is a SQLite file or a libpq connection string. Runs until STOPFILE
exists, then prints {"transactions": N, "max_ms": M, "p99_ms": P,
"median_ms": D, "lock_max_ms": L, "lock_p99_ms": Q}: how long each
transaction took from its BEGIN to its COMMIT, waits for the database's
locks and the commit's fsync included, and how long its first statement
waited for the write lock (SQLite: the database's; PostgreSQL: the master's
row) -- the part another writer beside it can cause; the commit's fsync is
the writer's own.
"""

import json
import os
import statistics
import sys
import time


def connect(db):
    if "=" in db:
        import psycopg2

        return psycopg2.connect(db), "%s"
    import sqlite3

    return sqlite3.connect(db, timeout=600), "?"


def main(db, masterid, brid, stopfile):
    conn, p = connect(db)
    cur = conn.cursor()
    waits = []
    locks = []
    claimed = False
    while not os.path.exists(stopfile):
        started = time.monotonic()
        now = int(time.time())
        cur.execute(f"UPDATE masters SET active = 1, last_active = {p} WHERE id = {p}", (now, masterid))
        locks.append(time.monotonic() - started)
        if claimed:
            cur.execute(f"DELETE FROM buildrequest_claims WHERE brid = {p}", (brid,))
        else:
            cur.execute(
                f"INSERT INTO buildrequest_claims (brid, masterid, claimed_at) VALUES ({p}, {p}, {p})",
                (brid, masterid, now),
            )
        conn.commit()
        claimed = not claimed
        waits.append(time.monotonic() - started)
        time.sleep(max(0.0, 0.02 - (time.monotonic() - started)))
    if claimed:
        cur.execute(f"DELETE FROM buildrequest_claims WHERE brid = {p}", (brid,))
        conn.commit()
    ms = lambda s: round(s * 1000, 1)  # noqa: E731

    def figures(times, prefix=""):
        times = sorted(times)
        return {
            f"{prefix}max_ms": ms(times[-1]) if times else None,
            f"{prefix}p99_ms": ms(times[int(len(times) * 0.99)]) if times else None,
            f"{prefix}median_ms": ms(statistics.median(times)) if times else None,
        }

    print(json.dumps({"transactions": len(waits)} | figures(waits) | figures(locks, "lock_")))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
