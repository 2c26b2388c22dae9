#!/usr/bin/env python3
"""The bb benchmark (issue 7); run it through bench/run, which builds bb and
installs hyperfine when missing.

Each operation runs three ways on a copy of one generated database: bb, the
sqlite3 shell running the statements bb runs (the floor), and a Python
process on Buildbot 4.3's own connectors (what operators do today). First
the three answers are checked equal, then hyperfine times each with the
state reset before every run (resets are not timed). It prints a table of
medians, ratios and bb's peak RSS, and the `request list` time at a small and
at the full size.
"""

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from gen import hash_columns, ss_hash  # noqa: E402

ACTING = "bench:/srv/bench-master"
SUCCESS = 0

PRELUDE = """.timeout 5000
SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version');
SELECT version_num FROM alembic_version;
"""

REQ_SELECT = (
    "SELECT br.id, br.buildsetid, br.builderid, b.name, br.priority, c.claimed_at, c.masterid, "
    "br.complete, br.complete_at, br.results, br.submitted_at, br.waited_for "
    "FROM buildrequests AS br "
    "LEFT JOIN buildrequest_claims AS c ON c.brid = br.id "
    "LEFT JOIN builders AS b ON b.id = br.builderid"
)
BUILDER_SELECT = (
    "SELECT b.id, b.name, b.description, b.description_format, b.description_html, b.projectid, "
    "(SELECT json_group_array(masterid) FROM "
    "(SELECT masterid FROM builder_masters WHERE builderid = b.id ORDER BY masterid)), "
    "(SELECT json_group_array(name) FROM "
    "(SELECT tags.name FROM builders_tags JOIN tags ON tags.id = builders_tags.tagid "
    "WHERE builders_tags.builderid = b.id ORDER BY builders_tags.id)) "
    "FROM builders AS b"
)
BS_SELECT = (
    "SELECT bs.id, bs.external_idstring, bs.reason, bs.submitted_at, bs.complete, bs.complete_at, "
    "bs.results, bs.parent_buildid, bs.parent_relationship, bs.rebuilt_buildid FROM buildsets AS bs"
)
SS_SELECT = (
    "SELECT ss.id, ss.branch, ss.revision, ss.repository, ss.project, ss.codebase, ss.created_at, "
    "p.id, p.patchlevel, p.subdir, p.patch_author, p.patch_comment, p.patch_base64 "
    "FROM sourcestamps AS ss LEFT JOIN patches AS p ON p.id = ss.patchid"
)
CS_SELECT = (
    "SELECT cs.id, cs.name, m.id, m.name, m.active, m.last_active "
    "FROM changesources AS cs "
    "LEFT JOIN changesource_masters AS csm ON csm.changesourceid = cs.id "
    "LEFT JOIN masters AS m ON m.id = csm.masterid"
)
MASTER_SELECT = "SELECT id, name, active, last_active FROM masters"


def q(value):
    """An SQL literal."""
    if value is None:
        return "NULL"
    if isinstance(value, (int, float)):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def ids_json(ids):
    return q(json.dumps(ids, separators=(",", ":")))


class Op:
    """One benchmarked operation: its three commands, how to reset the state
    it changes, and how to read each one's answer."""

    def __init__(self, name, bb, sql, py, undo=None, digest=None):
        self.name = name
        self.bb = bb  # argv after `bb --db DB`
        self.sql = sql  # statements for the sqlite3 shell
        self.py = py  # argv after `buildbot_op.py DB NOW`
        self.undo = undo  # SQL restoring the state, for write operations
        self.digest = digest  # SQL whose rows are a write's answer
        self.answer = {}  # tool -> function(stdout) -> answer, for reads


def request_doc(row):
    """A build request row of REQ_SELECT in REST shape."""
    return {
        "buildrequestid": row[0],
        "buildsetid": row[1],
        "builderid": row[2],
        "buildername": row[3],
        "priority": row[4],
        "claimed": row[5] is not None,
        "claimed_at": row[5],
        "claimed_by_masterid": row[6],
        "complete": bool(row[7]),
        "complete_at": row[8],
        "results": row[9],
        "submitted_at": row[10],
        "waited_for": bool(row[11]),
    }


def json_docs(text):
    """The JSON documents the sqlite3 shell's -json mode prints, one per
    statement that returned rows."""
    dec = json.JSONDecoder()
    docs, i = [], 0
    text = text.strip()
    while i < len(text):
        doc, i = dec.raw_decode(text, i)
        docs.append(doc)
        while i < len(text) and text[i].isspace():
            i += 1
    return docs


def operations(facts, acting_id):
    now = facts["now"]
    dead = facts["dead_master"]
    x = facts["builder_x"]
    checkpoint = "PRAGMA wal_checkpoint(TRUNCATE);\n"
    ops = []

    # --- request show
    brid = facts["show_brid"]
    op = Op(
        "request show",
        ["--json", "request", "show", str(brid)],
        f"BEGIN DEFERRED;\n{REQ_SELECT} WHERE br.id = {brid};\nCOMMIT;\n",
        ["show", str(brid)],
    )
    op.answer = {
        "bb": json.loads,
        "sqlite3": lambda out: request_doc(list(json_docs(out)[-1][0].values())),
        "buildbot": json.loads,
    }
    ops.append(op)

    # --- request list --unclaimed --builder X --limit 50
    def list_op(builder):
        op = Op(
            "request list --unclaimed --builder X --limit 50",
            ["--json", "request", "list", "--unclaimed", "--builder", builder["name"], "--limit", "50"],
            "BEGIN DEFERRED;\n"
            f"SELECT id FROM builders WHERE name_hash = {q(hash_columns(builder['name']))};\n"
            f"{BUILDER_SELECT} WHERE b.id = {builder['id']};\n"
            f"{REQ_SELECT} WHERE br.builderid = {builder['id']} AND +br.complete = 0 "
            "AND br.id >= (SELECT min(id) FROM buildrequests WHERE complete = 0) AND c.claimed_at IS NULL "
            "ORDER BY br.id ASC LIMIT 50 OFFSET 0;\nCOMMIT;\n",
            ["list", builder["name"], "50"],
        )
        op.answer = {
            "bb": lambda out: [r["buildrequestid"] for r in json.loads(out)],
            "sqlite3": lambda out: [list(r.values())[0] for r in json_docs(out)[-1]],
            "buildbot": lambda out: [r["buildrequestid"] for r in json.loads(out)],
        }
        return op

    ops.append(list_op(x))

    # --- request claim of 1 and of 100 ids
    for brids in (facts["claim_1"], facts["claim_100"]):
        lst = ids_json(brids)
        ops.append(
            Op(
                f"request claim ({len(brids)})",
                ["--json", "--master", ACTING, "request", "claim", "--at", str(now)] + [str(b) for b in brids],
                "BEGIN IMMEDIATE;\n"
                f"{MASTER_SELECT} WHERE name_hash = {q(hash_columns(ACTING))};\n"
                f"{REQ_SELECT} WHERE br.id IN (SELECT value FROM json_each({lst})) ORDER BY br.id;\n"
                f"INSERT INTO buildrequest_claims (brid, masterid, claimed_at) SELECT value, {acting_id}, {now} "
                f"FROM json_each({lst});\n"
                f"{REQ_SELECT} WHERE br.id IN (SELECT value FROM json_each({lst})) ORDER BY br.id;\n"
                "COMMIT;\n",
                ["claim", ACTING, json.dumps(brids)],
                undo=f"DELETE FROM buildrequest_claims WHERE brid IN (SELECT value FROM json_each({lst}));\n",
                digest=f"SELECT brid, masterid, claimed_at FROM buildrequest_claims "
                f"WHERE brid IN (SELECT value FROM json_each({lst})) ORDER BY brid",
            )
        )

    # --- request complete: the only request of its buildset, which completes too
    brid, bsid = facts["complete_brid"], facts["complete_bsid"]
    lst = ids_json([brid])
    ops.append(
        Op(
            "request complete",
            ["--json", "request", "complete", str(brid), "--results", "success", "--at", str(now)],
            "BEGIN IMMEDIATE;\n"
            f"{REQ_SELECT} WHERE br.id IN (SELECT value FROM json_each({lst})) ORDER BY br.id;\n"
            f"UPDATE buildrequests SET complete = 1, results = {SUCCESS}, complete_at = {now} "
            f"WHERE id IN (SELECT value FROM json_each({lst}));\n"
            f"SELECT complete, results FROM buildrequests WHERE buildsetid = {bsid};\n"
            f"UPDATE buildsets SET complete = 1, results = {SUCCESS}, complete_at = {now} "
            f"WHERE id = {bsid} AND (complete IS NULL OR complete != 1);\n"
            f"{REQ_SELECT} WHERE br.id IN (SELECT value FROM json_each({lst})) ORDER BY br.id;\n"
            "COMMIT;\n",
            ["complete", json.dumps([brid]), str(SUCCESS)],
            undo=f"UPDATE buildrequests SET complete = 0, results = -1, complete_at = NULL WHERE id = {brid};\n"
            f"UPDATE buildsets SET complete = 0, results = -1, complete_at = NULL WHERE id = {bsid};\n",
            digest=f"SELECT 'br', id, complete, results, complete_at FROM buildrequests WHERE buildsetid = {bsid} "
            f"UNION ALL SELECT 'bs', id, complete, results, complete_at FROM buildsets WHERE id = {bsid}",
        )
    )

    # --- buildset add with 1 and with 50 builders: a new commit on main
    mx = facts["max_ids"]
    repository, project, codebase = facts["repository"]
    revision = "b0" * 20
    properties = {"owner": "ops@example.org", "retries": 3}
    reason = "bb benchmark"
    for names in ([x["name"]], facts["builders_50"]):
        bsid, ssid = mx["buildsets"] + 1, mx["sourcestamps"] + 1
        h = ss_hash("main", revision, repository, project, codebase)
        sql = "BEGIN IMMEDIATE;\n"
        for name in names:
            sql += f"SELECT id FROM builders WHERE name_hash = {q(hash_columns(name))};\n"
        sql += f"SELECT id FROM sourcestamps WHERE ss_hash = {q(h)};\n"
        sql += (
            "INSERT INTO sourcestamps (ss_hash, branch, revision, patchid, repository, codebase, project, created_at) "
            f"VALUES ({q(h)}, 'main', {q(revision)}, NULL, {q(repository)}, {q(codebase)}, {q(project)}, {now});\n"
        )
        sql += (
            "INSERT INTO buildsets (external_idstring, reason, submitted_at, complete, complete_at, results, "
            "parent_buildid, parent_relationship, rebuilt_buildid) "
            f"VALUES (NULL, {q(reason)}, {now}, 0, NULL, -1, NULL, NULL, NULL);\n"
        )
        for name, value in sorted(properties.items()):
            pv = json.dumps([value, "bb"], separators=(",", ":"))
            sql += (
                "INSERT INTO buildset_properties (buildsetid, property_name, property_value) "
                f"VALUES ({bsid}, {q(name)}, {q(pv)});\n"
            )
        sql += f"INSERT OR IGNORE INTO buildset_sourcestamps (buildsetid, sourcestampid) VALUES ({bsid}, {ssid});\n"
        for i, _ in enumerate(names):
            builderid = facts_builder_id(facts, names[i])
            sql += (
                "INSERT INTO buildrequests (buildsetid, builderid, priority, complete, results, submitted_at, "
                f"complete_at, waited_for) VALUES ({bsid}, {builderid}, 0, 0, -1, {now}, NULL, 0);\n"
            )
        sql += "COMMIT;\n"
        bb = ["--json", "buildset", "add", "--reason", reason, "--at", str(now)]
        for name in names:
            bb += ["--builder", name]
        bb += ["--sourcestamp", f"branch=main,revision={revision},repository={repository},project={project},codebase={codebase}"]
        for name, value in properties.items():
            bb += ["--property", f"{name}={json.dumps(value)}"]
        spec = {
            "builders": names,
            "reason": reason,
            "properties": properties,
            "sourcestamps": [
                {"branch": "main", "revision": revision, "repository": repository, "project": project, "codebase": codebase}
            ],
        }
        ops.append(
            Op(
                f"buildset add ({len(names)} builder{'s' if len(names) > 1 else ''})",
                bb,
                sql,
                ["add", json.dumps(spec)],
                undo=f"DELETE FROM buildrequests WHERE id > {mx['buildrequests']};\n"
                f"DELETE FROM buildset_sourcestamps WHERE id > {mx['bss']};\n"
                f"DELETE FROM buildset_properties WHERE buildsetid > {mx['buildsets']};\n"
                f"DELETE FROM buildsets WHERE id > {mx['buildsets']};\n"
                f"DELETE FROM sourcestamps WHERE id > {mx['sourcestamps']};\n",
                digest=f"SELECT 'bs', * FROM buildsets WHERE id > {mx['buildsets']} "
                f"UNION ALL SELECT 'br', id, buildsetid, builderid, priority, complete, results, submitted_at, "
                f"complete_at, waited_for, NULL FROM buildrequests WHERE id > {mx['buildrequests']} "
                f"UNION ALL SELECT 'bss', buildsetid, sourcestampid, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL "
                f"FROM buildset_sourcestamps WHERE id > {mx['bss']} "
                f"UNION ALL SELECT 'prop', buildsetid, property_name, json(property_value), NULL, NULL, NULL, NULL, "
                f"NULL, NULL, NULL FROM buildset_properties WHERE buildsetid > {mx['buildsets']} "
                f"UNION ALL SELECT 'ss', * , NULL FROM sourcestamps WHERE id > {mx['sourcestamps']}",
            )
        )

    # --- buildset recent --count 20 --branch main
    recent = facts["recent_main"]
    sql = (
        "BEGIN DEFERRED;\n"
        f"{BS_SELECT} WHERE EXISTS (SELECT 1 FROM buildset_sourcestamps AS bss "
        "JOIN sourcestamps AS ss ON ss.id = bss.sourcestampid WHERE bss.buildsetid = bs.id "
        "AND ('main' IS NULL OR ss.branch = 'main') AND (NULL IS NULL OR ss.repository = NULL)) "
        "ORDER BY bs.submitted_at DESC, bs.id DESC LIMIT 20;\n"
    )
    for bsid in recent:
        sql += (
            f"{SS_SELECT} JOIN buildset_sourcestamps AS bss ON bss.sourcestampid = ss.id "
            f"WHERE bss.buildsetid = {bsid} ORDER BY bss.sourcestampid;\n"
        )
    sql += "COMMIT;\n"
    op = Op(
        "buildset recent --count 20 --branch B",
        ["--json", "buildset", "recent", "--count", "20", "--branch", "main"],
        sql,
        ["recent", "20", "main"],
    )
    op.answer = {
        "bb": lambda out: [b["bsid"] for b in json.loads(out)],
        "sqlite3": lambda out: [list(r.values())[0] for r in json_docs(out)[2]][::-1],
        "buildbot": lambda out: [b["bsid"] for b in json.loads(out)],
    }
    ops.append(op)

    # --- master sweep: the dead master
    d = dead["id"]
    running = f"SELECT id FROM builds WHERE masterid = {d} AND complete_at IS NULL"
    sql = (
        "BEGIN IMMEDIATE;\n"
        f"{MASTER_SELECT} WHERE last_active < {now - 600} ORDER BY id;\n"
        f"UPDATE masters SET active = 0 WHERE id = {d};\n"
        f"DELETE FROM configured_workers WHERE buildermasterid IN (SELECT id FROM builder_masters WHERE masterid = {d});\n"
        f"DELETE FROM builder_masters WHERE masterid = {d};\n"
        f"DELETE FROM scheduler_masters WHERE masterid = {d};\n"
        f"DELETE FROM changesource_masters WHERE masterid = {d};\n"
        f"DELETE FROM connected_workers WHERE masterid = {d};\n"
        # bb reads the running builds once and passes them as a JSON list;
        # the shell keeps them in a temporary table.
        f"CREATE TEMP TABLE running AS {running};\n"
        "UPDATE logs SET complete = 1 WHERE complete = 0 AND stepid IN (SELECT id FROM steps "
        "WHERE results IS NULL AND buildid IN (SELECT id FROM temp.running));\n"
        f"UPDATE steps SET results = 5, complete_at = {now}, hidden = 0 WHERE results IS NULL AND buildid IN "
        "(SELECT id FROM temp.running);\n"
        f"UPDATE builds SET results = 5, complete_at = {now} WHERE id IN (SELECT id FROM temp.running) "
        "AND complete_at IS NULL;\n"
        f"DELETE FROM buildrequest_claims WHERE masterid = {d} "
        "AND brid >= (SELECT min(id) FROM buildrequests WHERE complete = 0) AND EXISTS (SELECT 1 FROM buildrequests "
        "WHERE buildrequests.id = buildrequest_claims.brid AND buildrequests.complete = 0);\n"
        "COMMIT;\n"
    )
    ops.append(
        Op(
            "master sweep (dead master)",
            ["--json", "master", "sweep", "--at", str(now)],
            sql,
            ["sweep", "600"],
            undo="ATTACH 'undo-sweep.sqlite' AS u;\n"
            "INSERT OR REPLACE INTO masters SELECT * FROM u.masters;\n"
            "INSERT OR IGNORE INTO builder_masters SELECT * FROM u.builder_masters;\n"
            "INSERT OR IGNORE INTO configured_workers SELECT * FROM u.configured_workers;\n"
            "INSERT OR IGNORE INTO scheduler_masters SELECT * FROM u.scheduler_masters;\n"
            "INSERT OR IGNORE INTO changesource_masters SELECT * FROM u.changesource_masters;\n"
            "INSERT OR IGNORE INTO connected_workers SELECT * FROM u.connected_workers;\n"
            "UPDATE logs SET complete = 0 WHERE id IN (SELECT id FROM u.logs);\n"
            "UPDATE steps SET results = s.results, complete_at = s.complete_at, hidden = s.hidden "
            "FROM u.steps AS s WHERE steps.id = s.id;\n"
            "UPDATE builds SET results = NULL, complete_at = NULL WHERE id IN (SELECT id FROM u.builds);\n"
            "INSERT OR IGNORE INTO buildrequest_claims SELECT * FROM u.buildrequest_claims;\n",
            digest=f"SELECT 'master', id, active, last_active FROM masters WHERE id = {d} "
            f"UNION ALL SELECT 'claims', count(*), NULL, NULL FROM buildrequest_claims WHERE masterid = {d} "
            f"UNION ALL SELECT 'builder_masters', count(*), NULL, NULL FROM builder_masters WHERE masterid = {d} "
            "UNION ALL SELECT 'configured_workers', count(*), NULL, NULL FROM configured_workers "
            f"UNION ALL SELECT 'scheduler_masters', count(*), NULL, NULL FROM scheduler_masters WHERE masterid = {d} "
            f"UNION ALL SELECT 'changesource_masters', count(*), NULL, NULL FROM changesource_masters WHERE masterid = {d} "
            f"UNION ALL SELECT 'connected_workers', count(*), NULL, NULL FROM connected_workers WHERE masterid = {d} "
            f"UNION ALL SELECT 'builds', results, complete_at, count(*) FROM builds WHERE masterid = {d} "
            "AND (complete_at IS NULL OR complete_at >= " + str(now) + ") GROUP BY 2, 3 "
            "UNION ALL SELECT 'steps', results, complete_at, count(*) FROM steps WHERE buildid IN "
            f"(SELECT id FROM builds WHERE masterid = {d} AND (complete_at IS NULL OR complete_at >= {now})) "
            f"AND (complete_at IS NULL OR complete_at >= {now}) GROUP BY 2, 3 "
            "UNION ALL SELECT 'open logs', count(*), NULL, NULL FROM logs WHERE complete = 0",
        )
    )

    # --- changesource claim: the change source nobody holds
    cs = facts["unclaimed_changesource"]
    ops.append(
        Op(
            "changesource claim",
            ["--json", "--master", ACTING, "changesource", "claim", cs["name"], "--at", str(now)],
            "BEGIN IMMEDIATE;\n"
            f"{CS_SELECT} WHERE cs.name_hash = {q(hash_columns(cs['name']))};\n"
            f"{MASTER_SELECT} WHERE name_hash = {q(hash_columns(ACTING))};\n"
            "INSERT OR REPLACE INTO changesource_masters (changesourceid, masterid) "
            f"VALUES ({cs['id']}, {acting_id});\n"
            f"{CS_SELECT} WHERE cs.id = {cs['id']};\n"
            "COMMIT;\n",
            ["cs_claim", ACTING, cs["name"]],
            undo=f"DELETE FROM changesource_masters WHERE changesourceid = {cs['id']};\n",
            digest=f"SELECT * FROM changesource_masters WHERE changesourceid = {cs['id']}",
        )
    )
    for op in ops:
        op.sql = PRELUDE + op.sql
        if op.undo is not None:
            op.undo = "BEGIN;\n" + op.undo + "COMMIT;\n" + checkpoint
    return ops


def facts_builder_id(facts, name):
    if name == facts["builder_x"]["name"]:
        return facts["builder_x"]["id"]
    return facts["builders_50"].index(name) + 1


def save_sweep_undo(db, undo_path, dead):
    """The rows a sweep of the dead master changes, for the reset."""
    if os.path.exists(undo_path):
        os.remove(undo_path)
    conn = sqlite3.connect(db)
    conn.execute(f"ATTACH {q(undo_path)} AS u")
    running = f"SELECT id FROM builds WHERE masterid = {dead} AND complete_at IS NULL"
    for table, where in [
        ("masters", f"id = {dead}"),
        ("builder_masters", f"masterid = {dead}"),
        ("configured_workers", f"buildermasterid IN (SELECT id FROM builder_masters WHERE masterid = {dead})"),
        ("scheduler_masters", f"masterid = {dead}"),
        ("changesource_masters", f"masterid = {dead}"),
        ("connected_workers", f"masterid = {dead}"),
        ("builds", f"id IN ({running})"),
        ("steps", f"results IS NULL AND buildid IN ({running})"),
        ("logs", f"complete = 0 AND stepid IN (SELECT id FROM steps WHERE results IS NULL AND buildid IN ({running}))"),
        ("buildrequest_claims", f"masterid = {dead}"),
    ]:
        conn.execute(f"CREATE TABLE u.{table} AS SELECT * FROM main.{table} WHERE {where}")
    conn.commit()
    conn.close()


class Bench:
    def __init__(self, args):
        self.args = args
        self.work = os.path.abspath(args.work)
        self.bb = os.path.abspath(args.bb)
        self.python = os.path.join(ROOT, "target", "buildbot-venv", "bin", "python")
        self.sqlite3 = shutil.which("sqlite3")
        self.hyperfine = args.hyperfine
        self.cpu = {}  # (operation, tool) -> mean user+system seconds
        self.ir = {}  # operation -> tool -> instructions (--instructions)

    def log(self, msg):
        print(msg, file=sys.stderr, flush=True)

    def database(self, requests):
        """The cached generated database of that size (made if missing)."""
        path = os.path.join(self.work, f"gen-{requests}.sqlite")
        if not (os.path.exists(path) and os.path.exists(path + ".json")) or self.args.regenerate:
            self.log(f"generating a {requests}-request database (bench/gen.py)...")
            subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), path, "--requests", str(requests)], check=True)
        with open(path + ".json") as f:
            return path, json.load(f)

    def copy(self, src, name):
        """A working copy of a generated database, with this benchmark's
        acting master registered, and the sweep's undo rows saved."""
        dst = os.path.join(self.work, name)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(dst + suffix):
                os.remove(dst + suffix)
        shutil.copyfile(src, dst)
        with open(src + ".json") as f:
            facts = json.load(f)
        out = self.run([self.bb, "--db", dst, "--json", "master", "register", ACTING, "--at", str(facts["now"])])
        acting = json.loads(out)["master"]["masterid"]
        save_sweep_undo(dst, os.path.join(self.work, "undo-sweep.sqlite"), facts["dead_master"]["id"])
        return dst, facts, acting

    def run(self, argv, **kw):
        p = subprocess.run(argv, capture_output=True, text=True, cwd=self.work, **kw)
        if p.returncode != 0:
            raise SystemExit(f"{argv[:6]}... failed ({p.returncode}):\n{p.stderr}")
        return p.stdout

    def commands(self, op, db, facts):
        """tool -> argv."""
        sql = os.path.join(self.work, f"op-{slug(op.name)}.sql")
        with open(sql, "w") as f:
            f.write(op.sql)
        return {
            "bb": [self.bb, "--db", db] + op.bb,
            "sqlite3": [self.sqlite3, db, f".read {sql}"],
            "buildbot": [self.python, os.path.join(HERE, "buildbot_op.py"), db, str(facts["now"])] + op.py,
        }

    def reset(self, op, db):
        if op.undo is not None:
            self.run([self.sqlite3, db], input=op.undo)

    def digest(self, op, db):
        conn = sqlite3.connect(db)
        rows = conn.execute(op.digest).fetchall()
        conn.close()
        return rows

    def check(self, op, db, facts):
        """Run each tool once from the reset state; their answers must agree."""
        answers = {}
        self.check_time = {}
        for tool, argv in self.commands(op, db, facts).items():
            self.reset(op, db)
            if tool == "sqlite3":
                argv = argv[:1] + ["-json"] + argv[1:]
            started = time.perf_counter()
            out = self.run(argv)
            self.check_time[tool] = time.perf_counter() - started
            if op.digest is not None:
                answers[tool] = self.digest(op, db)
            else:
                answers[tool] = op.answer[tool](out)
        self.reset(op, db)
        first = answers["bb"]
        if not first:
            raise SystemExit(f"{op.name}: bb's answer is empty")
        for tool, answer in answers.items():
            if answer != first:
                raise SystemExit(
                    f"{op.name}: {tool} and bb answer differently:\n  bb: {first}\n  {tool}: {answer}"
                )
        return answers

    def peak_rss(self, op, argv, db):
        """bb's peak RSS (KiB) for one run from the reset state, as GNU
        time reports it (a child forked from this Python process would
        count Python's own pages until its exec)."""
        self.reset(op, db)
        p = subprocess.run(
            ["/usr/bin/time", "-f", "%M"] + argv, cwd=self.work, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True,
        )
        if p.returncode != 0:
            raise SystemExit(f"{argv} failed while measuring RSS:\n{p.stderr}")
        self.reset(op, db)
        return int(p.stderr.strip().splitlines()[-1])

    def instructions(self, op, argv, db):
        """Instructions one run executes, user space, as callgrind counts
        them: unlike wall time, the same on a busy machine as on a quiet one."""
        self.reset(op, db)
        p = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + argv,
            cwd=self.work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        self.reset(op, db)
        for line in p.stderr.splitlines():
            if "Collected :" in line:
                return int(line.split(":")[-1])
        raise SystemExit(f"callgrind failed for {op.name}:\n{p.stderr}")

    def hyperfine_times(self, op, name, argv, db, runs, warmup):
        """hyperfine's run times for one command, and its CPU time per run."""
        out = os.path.join(self.work, f"hf-{slug(op.name)}-{name}.json")
        cmd = [
            self.hyperfine,
            "-N",
            "--style", "none",
            "--warmup", str(warmup),
            "--runs", str(runs),
            "--export-json", out,
            "-n", name,
        ]
        if op.undo is not None:
            undo = os.path.join(self.work, f"undo-{slug(op.name)}.sql")
            with open(undo, "w") as f:
                f.write(op.undo)
            cmd += ["--prepare", f"{self.sqlite3} {db} '.read {undo}'"]
        cmd.append(" ".join(shell_quote(a) for a in argv))
        # hyperfine's warnings (outliers on a busy machine) would drown the
        # report; they are shown only if it fails.
        p = subprocess.run(cmd, cwd=self.work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            raise SystemExit(f"hyperfine failed for {op.name} ({name}):\n{p.stderr}")
        with open(out) as f:
            result = json.load(f)["results"][0]
        return result["times"], result["user"] + result["system"]

    def medians(self, op, commands, runs, warmup, rounds):
        """Median wall time per command. The runs are split into rounds that
        alternate between the commands, so that a machine whose load drifts
        during the benchmark does not favour whichever ran first."""
        times = {name: [] for name in commands}
        cpu = {name: [] for name in commands}
        per_round = max(1, runs // rounds)
        for r in range(rounds if runs >= rounds else 1):
            order = list(commands) if r % 2 == 0 else list(reversed(commands))
            for name in order:
                t, c = self.hyperfine_times(op, name, commands[name], op.db, per_round, warmup if r == 0 else 1)
                times[name] += t
                cpu[name].append(c)
        for name in commands:
            self.cpu[(op.name, name)] = sum(cpu[name]) / len(cpu[name])
        return {name: median(t) for name, t in times.items()}


def median(values):
    values = sorted(values)
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def slug(name):
    return "".join(c if c.isalnum() else "-" for c in name).strip("-")


def shell_quote(s):
    if s and all(c.isalnum() or c in "-_./:=,@" for c in s):
        return s
    return "'" + s.replace("'", "'\\''") + "'"


def ms(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.2f} s"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bb", required=True)
    ap.add_argument("--hyperfine", default="hyperfine")
    ap.add_argument("--work", default=os.path.join(ROOT, "target", "bench"))
    ap.add_argument("--requests", type=int, default=1_000_000)
    ap.add_argument("--small-requests", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=30, help="timed runs of bb and sqlite3")
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds the runs are split into")
    ap.add_argument(
        "--py-runs", type=int, default=5,
        help="timed runs of the Buildbot process (0: time the checking run instead of running hyperfine)",
    )
    ap.add_argument("--py-warmup", type=int, default=1)
    ap.add_argument("--regenerate", action="store_true")
    ap.add_argument(
        "--instructions", action="store_true",
        help="also count bb's and sqlite3's instructions with callgrind (needs valgrind)",
    )
    ap.add_argument("--only", help="run only operations whose name contains this")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    bench = Bench(args)

    src, _ = bench.database(args.requests)
    db, facts, acting = bench.copy(src, "bench.sqlite")
    c = facts["counts"]
    bench.log(
        f"database: {c['buildrequests']} build requests, {c['buildsets']} buildsets, {c['builds']} builds "
        f"({os.path.getsize(db) / 1e6:.0f} MB); bb {args.bb}"
    )
    rows = []
    for op in operations(facts, acting):
        if args.only and args.only not in op.name:
            continue
        started = time.monotonic()
        bench.check(op, db, facts)
        cmds = bench.commands(op, db, facts)
        rss = bench.peak_rss(op, cmds["bb"], db)
        op.db = db
        medians = bench.medians(op, {t: cmds[t] for t in ("bb", "sqlite3")}, args.runs, args.warmup, args.rounds)
        if args.py_runs == 0:
            # Smoke mode: the checking run is the one run.
            medians["buildbot"] = bench.check_time["buildbot"]
        else:
            medians.update(bench.medians(op, {"buildbot": cmds["buildbot"]}, args.py_runs, args.py_warmup, 1))
        if args.instructions:
            bench.ir[op.name] = {t: bench.instructions(op, cmds[t], db) for t in ("bb", "sqlite3")}
        rows.append((op.name, medians, rss))
        bench.log(
            f"  {op.name}: answers agree; bb {ms(medians['bb'])}, sqlite3 {ms(medians['sqlite3'])}, "
            f"buildbot {ms(medians['buildbot'])}, bb peak RSS {rss / 1024:.1f} MiB "
            f"({time.monotonic() - started:.0f}s)"
        )

    print()
    py_runs = f"{args.py_runs} runs" if args.py_runs else "the checking run"
    print(
        f"bb benchmark: {c['buildrequests']} build requests, {c['buildsets']} buildsets; "
        f"medians of {args.runs} runs (Buildbot: {py_runs})"
    )
    print()
    header = ["operation", "bb", "sqlite3", "Buildbot", "bb/sqlite3", "bb/Buildbot", "bb peak RSS", "CPU bb/sqlite3"]
    if args.instructions:
        header.append("instructions bb / sqlite3")
    table = [header]
    for name, m, rss in rows:
        table.append(
            [
                name,
                ms(m["bb"]),
                ms(m["sqlite3"]),
                ms(m["buildbot"]),
                f"{m['bb'] / m['sqlite3']:.2f}",
                f"{m['bb'] / m['buildbot']:.4f}",
                f"{rss / 1024:.1f} MiB",
                f"{bench.cpu[(name, 'bb')] / bench.cpu[(name, 'sqlite3')]:.2f}",
            ]
            + (
                [f"{bench.ir[name]['bb'] / 1e6:.1f}M / {bench.ir[name]['sqlite3'] / 1e6:.1f}M = "
                 f"{bench.ir[name]['bb'] / bench.ir[name]['sqlite3']:.2f}"]
                if args.instructions else []
            )
        )
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) if i == 0 else "-" * (w + 1) + ":" for i, w in enumerate(widths)) + "|")
    for r in table[1:]:
        print("| " + " | ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(r, widths))) + " |")

    # request list --limit 50 at the small and at the full size.
    if not args.only or args.only in "request list":
        small_src, _ = bench.database(args.small_requests)
        small_db, small_facts, small_acting = bench.copy(small_src, "bench-small.sqlite")
        small_op = operations(small_facts, small_acting)[1]
        big_op = operations(facts, acting)[1]
        bench.check(small_op, small_db, small_facts)
        small_op.db, big_op.db = small_db, db
        small_cmd = bench.commands(small_op, small_db, small_facts)["bb"]
        big_cmd = bench.commands(big_op, db, facts)["bb"]
        big_op.name = small_op.name  # one set of hyperfine files
        both = bench.medians(big_op, {"bb-small": small_cmd, "bb-large": big_cmd}, args.runs, args.warmup, args.rounds)
        t_small, t_big = both["bb-small"], both["bb-large"]
        print()
        print(
            f"request list --unclaimed --builder X --limit 50: {ms(t_small)} at "
            f"{small_facts['counts']['buildrequests']} requests, {ms(t_big)} at {c['buildrequests']} "
            f"requests: {t_big / t_small:.2f}x"
        )


if __name__ == "__main__":
    main()
