#!/usr/bin/env python3
"""The history benchmark (issue 19): `bb prune logs` against Buildbot 4.3's
own janitor (`deleteOldLogChunks`), on a generated database with about a
million log chunks (bench/gen.py --chunks), on SQLite and PostgreSQL.

    bench/run --prune [--engine sqlite,postgresql] [--pairs N] [--requests N] [--chunks N]

For each engine, on fresh copies of the same database:

- alone: the janitor's call and `bb prune logs` (the whole process), each
  on its own copy, alternated in pairs so that the machine's load cannot
  favour either; the median of per-pair ratios bb/janitor;
- beside a writer: bench/writer.py does a claim-sized transaction every
  20 ms, as a running master does (marking its master running), while the
  janitor, then bb, runs on another copy; the writer's longest wait for
  each, and for comparison its longest with nothing beside it (fsync and
  the machine's load).

Both runs must leave the same logs marked and the same chunks, which is
checked. The horizon is --older-than (default 100d) before the generated
database's clock, about half its history.
"""

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True

from gen import venv_python  # noqa: E402

import pg  # noqa: E402

DAY = 86400


def log(msg):
    print(f"bench/prune: {msg}", file=sys.stderr, flush=True)


def generated(work, requests, chunks):
    """The generated SQLite database (cached) and its facts."""
    path = os.path.join(work, f"prune_{requests}_{chunks}.sqlite")
    gen = os.path.join(HERE, "gen.py")
    stamp = path + ".gen"
    with open(gen, "rb") as f:
        version = hashlib.sha1(f.read()).hexdigest()
    if not (os.path.exists(path) and os.path.exists(stamp) and open(stamp).read() == version):
        log(f"generating {path} ({requests} requests, about {chunks} chunks) ...")
        subprocess.run(
            [sys.executable, gen, path, "--requests", str(requests), "--chunks", str(chunks), "--no-verify"],
            check=True,
        )
        with open(stamp, "w") as f:
            f.write(version)
    with open(path + ".json") as f:
        return path, json.load(f)


class Sqlite:
    name = "sqlite"

    def __init__(self, base, work):
        self.base, self.work = base, work

    def copy(self, tag):
        path = os.path.join(self.work, f"prune_run_{tag}.sqlite")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        shutil.copyfile(self.base, path)
        return path

    def bb_db(self, db):
        return db

    def janitor_db(self, db):
        return db

    def writer_db(self, db):
        return db

    def query(self, db, sql):
        import sqlite3

        with sqlite3.connect(db) as conn:
            return conn.execute(sql).fetchone()[0]

    def drop(self, db):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)


class Postgres:
    name = "postgresql"

    def __init__(self, base, requests, bb, python):
        self.server = pg.Server()
        self.server.start()
        self.template = self.server.loaded(base, f"prune{requests}", bb, python)

    def copy(self, tag):
        return self.server.copy(self.template, f"prune_run_{tag}")

    def bb_db(self, db):
        return self.server.url(db)

    def janitor_db(self, db):
        return self.server.sqlalchemy_url(db)

    def writer_db(self, db):
        return self.server.dsn(db, user=pg.USER)

    def query(self, db, sql):
        return int(self.server.sql(sql, db=db))

    def drop(self, db):
        self.server.drop(db)


def run_bb(bb, engine, db, at, older_than):
    started = time.monotonic()
    p = subprocess.run(
        [bb, "--db", engine.bb_db(db), "prune", "logs", "--older-than", older_than, "--at", str(at), "--json"],
        capture_output=True,
        text=True,
        env=pg.clean_env(),
    )
    seconds = time.monotonic() - started
    if p.returncode != 0:
        raise SystemExit(f"bb prune logs failed ({p.returncode}): {p.stderr}")
    return json.loads(p.stdout)["deleted"].get("logchunks", 0), seconds


def run_janitor(python, engine, db, horizon):
    p = subprocess.run(
        [python, os.path.join(HERE, "janitor.py"), engine.janitor_db(db), str(horizon), "logs"],
        capture_output=True,
        text=True,
        env=pg.clean_env(),
    )
    if p.returncode != 0:
        raise SystemExit(f"the janitor failed ({p.returncode}): {p.stderr}")
    done = json.loads(p.stdout)
    return done["deleted"], done["seconds"]


def state(engine, db):
    return (
        engine.query(db, "SELECT COUNT(*) FROM logchunks"),
        engine.query(db, "SELECT COUNT(*) FROM logs WHERE type = 'd'"),
    )


def with_writer(python, engine, db, facts, run):
    """Run `run()` while bench/writer.py writes to DB; the writer's figures."""
    stop = tempfile.mktemp(prefix="bb-writer-stop-")
    dead = facts["dead_master"]["id"]
    masterid = 1 if dead != 1 else 2
    writer = subprocess.Popen(
        [python, os.path.join(HERE, "writer.py"), engine.writer_db(db), str(masterid),
         str(facts["claim_1"][0]), stop],
        stdout=subprocess.PIPE,
        text=True,
        env=pg.clean_env(),
    )
    time.sleep(1.0)  # the writer's first transactions, before the prune
    try:
        result = run()
    finally:
        time.sleep(0.5)
        open(stop, "w").close()
        out, _ = writer.communicate(timeout=600)
        os.remove(stop)
    return result, json.loads(out)


def bench(engine, bb, python, facts, pairs, older_than_days):
    at = facts["now"]
    horizon = at - older_than_days * DAY
    older_than = f"{older_than_days}d"
    ratios, bbs, janitors = [], [], []
    for i in range(pairs):
        a, b = engine.copy("janitor"), engine.copy("bb")
        order = [("janitor", a), ("bb", b)] if i % 2 == 0 else [("bb", b), ("janitor", a)]
        took = {}
        for who, db in order:
            if who == "bb":
                deleted_bb, took["bb"] = run_bb(bb, engine, db, at, older_than)
            else:
                deleted_j, took["janitor"] = run_janitor(python, engine, db, horizon)
        if state(engine, a) != state(engine, b) or deleted_bb != deleted_j:
            raise SystemExit(
                f"bb and the janitor disagree: {state(engine, b)} vs {state(engine, a)}, "
                f"deleted {deleted_bb} vs {deleted_j}"
            )
        ratios.append(took["bb"] / took["janitor"])
        bbs.append(took["bb"])
        janitors.append(took["janitor"])
        log(f"{engine.name} pair {i + 1}: bb {took['bb']:.2f}s, janitor {took['janitor']:.2f}s, "
            f"{deleted_bb} chunks")
        engine.drop(a)
        engine.drop(b)
    # The writer alone, as long as a prune runs: its own worst wait (fsync,
    # the machine's load), for comparison.
    db = engine.copy("writer_alone")
    _, writer_alone = with_writer(python, engine, db, facts, lambda: time.sleep(statistics.median(bbs)))
    engine.drop(db)
    db = engine.copy("janitor_writer")
    (_, janitor_alone), janitor_writer = with_writer(
        python, engine, db, facts, lambda: run_janitor(python, engine, db, horizon))
    engine.drop(db)
    db = engine.copy("bb_writer")
    (_, bb_alone), bb_writer = with_writer(
        python, engine, db, facts, lambda: run_bb(bb, engine, db, at, older_than))
    engine.drop(db)
    return {
        "engine": engine.name,
        "chunks_deleted": deleted_bb,
        "pairs": pairs,
        "bb_median_s": round(statistics.median(bbs), 2),
        "janitor_median_s": round(statistics.median(janitors), 2),
        "ratio_median": round(statistics.median(ratios), 2),
        "bb_faster": sum(r < 1 for r in ratios),
        "writer_alone": writer_alone,
        "writer_beside_janitor": janitor_writer | {"run_s": round(janitor_alone, 2)},
        "writer_beside_bb": bb_writer | {"run_s": round(bb_alone, 2)},
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bb", required=True)
    ap.add_argument("--engine", default="sqlite")
    ap.add_argument("--requests", type=int, default=200_000)
    ap.add_argument("--chunks", type=int, default=1_000_000)
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--older-than-days", type=int, default=100)
    ap.add_argument("--work", default=os.path.join(ROOT, "target", "bench"))
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    python = venv_python()
    base, facts = generated(args.work, args.requests, args.chunks)
    log(f"database: {facts['counts']}")
    results = []
    for name in args.engine.split(","):
        engine = Sqlite(base, args.work) if name == "sqlite" else Postgres(base, args.requests, args.bb, python)
        results.append(bench(engine, args.bb, python, facts, args.pairs, args.older_than_days))
    print("| engine | chunks deleted | bb (median) | janitor (median) | bb/janitor (median of pairs) "
          "| writer's worst wait for the lock beside bb | beside the janitor | alone "
          "| writer's worst transaction beside bb | beside the janitor | alone |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")

    def cell(w, prefix=""):
        return f"{w[prefix + 'max_ms']} ms (p99 {w[prefix + 'p99_ms']} ms)"

    for r in results:
        writers = [r["writer_beside_bb"], r["writer_beside_janitor"], r["writer_alone"]]
        print(
            f"| {r['engine']} | {r['chunks_deleted']} | {r['bb_median_s']} s | {r['janitor_median_s']} s "
            f"| {r['ratio_median']} ({r['bb_faster']} of {r['pairs']} faster) | "
            + " | ".join(cell(w, "lock_") for w in writers) + " | "
            + " | ".join(cell(w) for w in writers) + " |"
        )
    print(json.dumps(results, indent=1), file=sys.stderr)


if __name__ == "__main__":
    main()
