#!/usr/bin/env python3
"""Generate a realistic Buildbot 4.3 master database for benchmarking bb.

    python3 bench/gen.py OUT.sqlite [--requests N] [--seed S] [--no-verify]

Deterministic (seeded RNG, fixed clock), one transaction of bulk inserts
into a database made from schema.sql in WAL mode, as bb's tests make one.
Defaults (--requests 1000000): 20 masters, 200 builders, 200k buildsets over
several repositories and branches, 1M build requests (about 60% complete,
30% claimed), buildset properties, builds with steps and logs, a dozen change
sources, workers, and one dead master -- still marked active, last seen days
ago -- holding 10k claims on incomplete requests and 50 running builds.
Buildsets and the dead master's share scale with --requests; masters and
builders do not. --incomplete N leaves only the newest N requests incomplete
(a backlog of hours rather than 40% of the history; the dead master then died
halfway through it and holds N/40 claims): the queue's size stays the same as
the history grows.

Besides OUT.sqlite it writes OUT.sqlite.json, the facts the benchmark needs
(the clock, the dead master, sample ids), and then checks the database with
Buildbot's own connectors (bench/verify.py, run by the Buildbot virtualenv's
python, made like the tests make it when missing): it exits non-zero if
Buildbot reads anything other than what was generated.
"""

import argparse
import hashlib
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# The benchmark's "now": 2026-11-21T00:00:00Z.
NOW = 1795219200
DAY = 86400
SPAN = 200 * DAY  # buildsets were submitted over the last 200 days

SUCCESS, WARNINGS, FAILURE, SKIPPED, EXCEPTION, RETRY, CANCELLED = range(7)

REPOSITORIES = [
    # (repository, project, codebase)
    ("https://git.example.org/core/engine.git", "engine", "engine"),
    ("https://git.example.org/core/ui.git", "ui", "ui"),
    ("https://git.example.org/tools/sdk.git", "sdk", "sdk"),
    ("https://github.com/example/docs.git", "docs", "docs"),
]
BRANCHES = ["main"] * 12 + ["release/4.2", "release/4.3", "release/4.3", "develop", "develop", "feature/vulkan", "feature/arm64", None]
OSES = ["linux", "windows", "macos", "freebsd"]
ARCHES = ["x86_64", "arm64", "riscv64", "i686", "ppc64le"]
KINDS = ["gcc", "clang", "msvc", "asan", "tsan", "release", "debug", "docs", "lint", "package"]
STEPS = [("git", "update"), ("compile", "compile"), ("test", "test")]


def hash_columns(*values):
    """Buildbot's hash_columns: sha1 of the values' UTF-8 joined by NUL,
    NULL as the byte 0xF5."""
    encoded = [b"\xf5" if v is None else str(v).encode("utf-8") for v in values]
    return hashlib.sha1(b"\0".join(encoded)).hexdigest()


def ss_hash(branch, revision, repository, project, codebase):
    return hash_columns(branch, revision, repository, project, codebase, None)


def worst(results):
    """maybeBuildsetComplete's worst status, from SUCCESS."""
    order = [SKIPPED, SUCCESS, WARNINGS, FAILURE, EXCEPTION, RETRY, CANCELLED]
    cumulative = SUCCESS
    for r in results:
        if order.index(r) > order.index(cumulative):
            cumulative = r
    return cumulative


def conn_count(path, table):
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def chunk_pool(rng):
    """Log contents as a compile step writes them: small chunks stored
    plain, larger ones compressed as Buildbot's default 'gz' does
    (compressed = 1, zlib), of a few hundred bytes to tens of kilobytes."""
    pool = []
    for i in range(256):
        lines = rng.choice([2, 8, 30, 120, 400])
        text = "".join(
            f"[{j + 1}/{lines}] cc -O2 -Wall -c src/mod{rng.randint(0, 999)}/file{j}.c "
            f"-o build/obj/mod{i}/file{j}.o\n"
            for j in range(lines)
        ).encode()
        if lines >= 30:
            pool.append((1, zlib.compress(text)))
        else:
            pool.append((0, text))
    return pool


def log_chunks(logs, n_chunks, rng):
    """About N_CHUNKS chunks over the complete logs, each log's lines split
    into chunks in proportion to its size (at least one each), as
    (logid, first_line, last_line, content, compressed) rows."""
    done = [log for log in logs if log[4] == 1]
    total_lines = sum(log[5] for log in done)
    lines_per_chunk = max(1.0, total_lines / max(1, n_chunks))
    pool = chunk_pool(rng)
    for log in done:
        logid, lines = log[0], log[5]
        count = max(1, min(lines, round(lines / lines_per_chunk)))
        for c in range(count):
            first, last = c * lines // count, (c + 1) * lines // count - 1
            compressed, content = pool[rng.randrange(len(pool))]
            yield (logid, first, last, content, compressed)


def generate(path, n_requests, seed, n_masters=20, n_builders=200, n_incomplete=None, n_chunks=0):
    rng = random.Random(seed)
    n_buildsets = max(1, n_requests // 5)
    if n_incomplete is None:
        dead_claims = max(1, n_requests // 100)
    else:
        n_incomplete = max(100, min(n_incomplete, n_requests))
        dead_claims = max(1, n_incomplete // 40)
    dead_running = min(50, dead_claims)
    n_workers = 100

    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    conn = sqlite3.connect(path, isolation_level=None)
    # As bb's tests (tests/cli/support.rs Env::new) and `bb db init` make one.
    conn.execute("PRAGMA journal_mode=wal")
    with open(os.path.join(ROOT, "schema.sql")) as f:
        conn.executescript(f.read())
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-262144")
    conn.execute("BEGIN")
    ins = conn.executemany

    # --- masters: live ones checked in seconds ago; the dead one is still
    # marked active but was last seen three days ago.
    dead = n_masters
    masters = []
    for m in range(1, n_masters + 1):
        name = f"bbhost{(m - 1) // 4 + 1}:/srv/master-{m}"
        if m == dead:
            masters.append((m, name, hash_columns(name), 1, NOW - 3 * DAY - 1234))
        else:
            masters.append((m, name, hash_columns(name), 1, NOW - rng.randint(0, 50)))
    ins("INSERT INTO masters (id, name, name_hash, active, last_active) VALUES (?,?,?,?,?)", masters)
    live = list(range(1, n_masters))

    # --- builders, each configured on two or three masters (the dead master
    # on its share), with two workers configured on each link.
    builders = []
    for b in range(1, n_builders + 1):
        name = f"{OSES[b % 4]}-{ARCHES[(b // 4) % 5]}-{KINDS[(b // 20) % 10]}-{b:03d}"
        builders.append((b, name, None, None, None, None, hash_columns(name)))
    ins(
        "INSERT INTO builders (id, name, description, description_format, description_html, projectid, name_hash) "
        "VALUES (?,?,?,?,?,?,?)",
        builders,
    )
    workers = [(w, f"worker-{w:03d}", json.dumps({"os": OSES[w % 4]}), 0, None, 0) for w in range(1, n_workers + 1)]
    ins("INSERT INTO workers (id, name, info, paused, pause_reason, graceful) VALUES (?,?,?,?,?,?)", workers)
    builder_masters, configured = [], []
    for b in range(1, n_builders + 1):
        for m in sorted(rng.sample(range(1, n_masters + 1), rng.choice([2, 2, 3]))):
            builder_masters.append((len(builder_masters) + 1, b, m))
            for w in rng.sample(range(1, n_workers + 1), 2):
                configured.append((len(configured) + 1, len(builder_masters), w))
    ins("INSERT INTO builder_masters (id, builderid, masterid) VALUES (?,?,?)", builder_masters)
    ins("INSERT INTO configured_workers (id, buildermasterid, workerid) VALUES (?,?,?)", configured)
    connected = [(w, 1 + (w - 1) % n_masters, w) for w in range(1, n_workers + 1)]
    ins("INSERT INTO connected_workers (id, masterid, workerid) VALUES (?,?,?)", connected)

    # --- schedulers and change sources linked to masters; one change source
    # is held by the dead master and one by nobody.
    schedulers = []
    for s in range(1, 9):
        name = f"{REPOSITORIES[s % 4][1]}-{['commits', 'nightly'][s // 4 % 2]}"
        schedulers.append((s, name, hash_columns(name), 1))
    ins("INSERT INTO schedulers (id, name, name_hash, enabled) VALUES (?,?,?,?)", schedulers)
    ins(
        "INSERT INTO scheduler_masters (schedulerid, masterid) VALUES (?,?)",
        [(s, dead if s == 1 else 1 + s) for s in range(1, 9)],
    )
    changesources = []
    for c in range(1, 13):
        repo = REPOSITORIES[c % 4][0]
        name = f"GitPoller:{repo}:{c}"
        changesources.append((c, name, hash_columns(name)))
    ins("INSERT INTO changesources (id, name, name_hash) VALUES (?,?,?)", changesources)
    cs_links = [(c, dead if c == 1 else c) for c in range(1, 12)]  # 12 is unclaimed
    ins("INSERT INTO changesource_masters (changesourceid, masterid) VALUES (?,?)", cs_links)

    # --- buildsets, each with one (sometimes two) sourcestamps: usually a
    # new commit, sometimes a rebuild of a recent one; 1..10 requests each.
    per_bs = [rng.choice([1, 1, 2, 3, 4, 5, 6, 8, 10, 10]) for _ in range(n_buildsets)]
    diff = n_requests - sum(per_bs)
    while diff != 0:
        i = rng.randrange(n_buildsets)
        if diff > 0 and per_bs[i] < 10:
            per_bs[i] += 1
            diff -= 1
        elif diff < 0 and per_bs[i] > 1:
            per_bs[i] -= 1
            diff += 1

    sourcestamps = []  # (id, hash, branch, revision, patchid, repository, codebase, project, created_at)
    seen = {}
    recent = {r: [] for r in range(len(REPOSITORIES))}

    def new_ss(repo, at):
        repository, project, codebase = REPOSITORIES[repo]
        branch = rng.choice(BRANCHES)
        revision = hashlib.sha1(f"{seed}:{len(sourcestamps)}".encode()).hexdigest()
        h = ss_hash(branch, revision, repository, project, codebase)
        ssid = len(sourcestamps) + 1
        sourcestamps.append((ssid, h, branch, revision, None, repository, codebase, project, at))
        seen[h] = ssid
        recent[repo].append(ssid)
        if len(recent[repo]) > 50:
            del recent[repo][:10]
        return ssid

    buildsets, bss, props, requests = [], [], [], []
    bs_info = []  # (submitted_at, ssids)
    brid = 0
    for bs in range(1, n_buildsets + 1):
        at = NOW - SPAN + (bs * (SPAN - 2 * DAY)) // n_buildsets
        repo = rng.randrange(len(REPOSITORIES))
        if recent[repo] and rng.random() < 0.2:
            ssids = [rng.choice(recent[repo])]
        else:
            ssids = [new_ss(repo, at)]
        if rng.random() < 0.1:
            other = (repo + 1 + rng.randrange(len(REPOSITORIES) - 1)) % len(REPOSITORIES)
            ssids.append(recent[other][-1] if recent[other] else new_ss(other, at))
        for ssid in ssids:
            bss.append((len(bss) + 1, bs, ssid))
        sched = schedulers[(repo - 1) % 4][1]
        reason = f"The SingleBranchScheduler scheduler named '{sched}' triggered this build"
        buildsets.append([bs, None, reason, at, 0, None, -1, None, None, None])
        props.append((bs, "scheduler", json.dumps([sched, "Scheduler"])))
        props.append((bs, "owners", json.dumps([[f"dev{rng.randrange(40)}@example.org"], "Change"])))
        if rng.random() < 0.3:
            props.append((bs, "nightly_run", json.dumps([rng.random() < 0.5, "Scheduler"])))
        bs_info.append((at, ssids))
        for builderid in rng.sample(range(1, n_builders + 1), per_bs[bs - 1]):
            brid += 1
            requests.append([brid, bs, builderid, rng.choice([0, 0, 0, 0, 1, 5]), 0, -1, at, None, 0])

    # --- request states: the oldest 60% are complete (about half of them
    # with a claim left by the master that ran them), the rest are not; of
    # those the dead master holds dead_claims, live masters about as many,
    # and the rest wait unclaimed.
    n_complete = (n_requests * 6) // 10 if n_incomplete is None else n_requests - n_incomplete
    claims = []
    builds, steps, logs = [], [], []
    build_numbers = [0] * (n_builders + 1)
    dist = [SUCCESS] * 80 + [WARNINGS] * 5 + [FAILURE] * 10 + [EXCEPTION] * 2 + [CANCELLED] + [SKIPPED] * 2

    def add_build(br, masterid, started, complete_at, results):
        builderid = br[2]
        build_numbers[builderid] += 1
        buildid = len(builds) + 1
        state = "finished" if complete_at is not None else "building"
        builds.append((buildid, build_numbers[builderid], builderid, br[0], rng.randint(1, n_workers), masterid, started, complete_at, 0, state, results))
        t = started
        running = complete_at is None
        for number, (name, verb) in enumerate(STEPS):
            stepid = len(steps) + 1
            if running and number == 2:
                # Not started yet: no log.
                steps.append((stepid, number, name, buildid, None, None, None, "pending", None, "[]", 0))
                continue
            if running and number == 1:
                steps.append((stepid, number, name, buildid, t, t, None, verb + "ing", None, "[]", 0))
                logs.append((len(logs) + 1, "stdio", "stdio", stepid, 0, rng.randint(10, 5000), "s"))
                continue
            end = t + rng.randint(5, 600)
            if complete_at is not None:
                end = min(end, complete_at)
            step_results = results if (complete_at is not None and number == 2) else SUCCESS
            steps.append((stepid, number, name, buildid, t, t, end, verb + "ed", step_results, "[]", 0))
            logs.append((len(logs) + 1, "stdio", "stdio", stepid, 1, rng.randint(10, 5000), "s"))
            t = end

    for br in requests[:n_complete]:
        submitted = br[6]
        complete_at = min(submitted + rng.randint(60, 7200), NOW - 3600)
        results = rng.choice(dist)
        br[4], br[5], br[7] = 1, results, complete_at
        if rng.random() < 0.47:
            masterid = rng.randint(1, n_masters)
            claimed_at = submitted + rng.randint(1, 59)
            claims.append((br[0], masterid, claimed_at))
            add_build(br, masterid, claimed_at, complete_at, results)

    incomplete = requests[n_complete:]
    if incomplete[0][6] > masters[dead - 1][4] - 3600:
        # A backlog of the last hours (--incomplete): the dead master died
        # halfway through it, holding what it had claimed until then.
        death = (incomplete[0][6] + NOW) // 2
        masters[dead - 1] = masters[dead - 1][:4] + (death,)
        conn.execute("UPDATE masters SET last_active = ? WHERE id = ?", (death, dead))
    before_death = [br for br in incomplete if br[6] < masters[dead - 1][4] - 60]
    dead_set = set(b[0] for b in rng.sample(before_death, min(dead_claims, len(before_death))))
    dead_builds = set(rng.sample(sorted(dead_set), min(dead_running, len(dead_set))))
    others = [br for br in incomplete if br[0] not in dead_set]
    live_set = set(b[0] for b in rng.sample(others, min(dead_claims, len(others))))
    for br in incomplete:
        if br[0] in dead_set:
            claimed_at = min(br[6] + rng.randint(1, 59), masters[dead - 1][4])
            claims.append((br[0], dead, claimed_at))
            if br[0] in dead_builds:
                add_build(br, dead, claimed_at, None, None)
        elif br[0] in live_set:
            masterid = rng.choice(live)
            claimed_at = min(br[6] + rng.randint(1, 59), NOW - 1)
            claims.append((br[0], masterid, claimed_at))
            if rng.random() < 0.1:
                add_build(br, masterid, claimed_at, None, None)
    claims.sort()

    # Buildsets whose requests are all complete are complete, with the worst
    # of their results, at the last of their complete_at.
    by_bs = {}
    for br in requests:
        by_bs.setdefault(br[1], []).append(br)
    for bs in buildsets:
        brs = by_bs[bs[0]]
        if all(br[4] for br in brs):
            bs[4], bs[5], bs[6] = 1, max(br[7] for br in brs), worst(br[5] for br in brs)

    ins(
        "INSERT INTO sourcestamps (id, ss_hash, branch, revision, patchid, repository, codebase, project, created_at) "
        "VALUES (?,?,?,?,?,?,?,?,?)",
        sourcestamps,
    )
    ins(
        "INSERT INTO buildsets (id, external_idstring, reason, submitted_at, complete, complete_at, results, "
        "parent_buildid, parent_relationship, rebuilt_buildid) VALUES (?,?,?,?,?,?,?,?,?,?)",
        buildsets,
    )
    ins("INSERT INTO buildset_sourcestamps (id, buildsetid, sourcestampid) VALUES (?,?,?)", bss)
    ins("INSERT INTO buildset_properties (buildsetid, property_name, property_value) VALUES (?,?,?)", props)
    ins(
        "INSERT INTO buildrequests (id, buildsetid, builderid, priority, complete, results, submitted_at, "
        "complete_at, waited_for) VALUES (?,?,?,?,?,?,?,?,?)",
        requests,
    )
    ins("INSERT INTO buildrequest_claims (brid, masterid, claimed_at) VALUES (?,?,?)", claims)
    ins(
        "INSERT INTO builds (id, number, builderid, buildrequestid, workerid, masterid, started_at, complete_at, "
        "locks_duration_s, state_string, results) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        builds,
    )
    ins(
        "INSERT INTO steps (id, number, name, buildid, started_at, locks_acquired_at, complete_at, state_string, "
        "results, urls_json, hidden) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        steps,
    )
    ins("INSERT INTO logs (id, name, slug, stepid, complete, num_lines, type) VALUES (?,?,?,?,?,?,?)", logs)
    if n_chunks:
        ins(
            "INSERT INTO logchunks (logid, first_line, last_line, content, compressed) VALUES (?,?,?,?,?)",
            log_chunks(logs, n_chunks, random.Random(seed + 1)),
        )
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()

    # --- facts for the benchmark and for verify.py.
    claimed = {c[0]: c for c in claims}
    unclaimed = [br for br in incomplete if br[0] not in claimed]
    x = 17 if n_builders >= 17 else 1
    builder_x = builders[x - 1][1]
    ss_by_id = {s[0]: s for s in sourcestamps}
    main_repo = REPOSITORIES[0]
    # A request that completes its buildset: the only request of an
    # incomplete, unclaimed buildset.
    to_complete = next(br for br in reversed(unclaimed) if len(by_bs[br[1]]) == 1)
    # getRecentBuildsets(count=20, branch='main'): newest first by
    # submitted_at then id, then oldest first.
    recent_main = [
        bs for bs in range(n_buildsets, 0, -1) if any(ss_by_id[s][2] == "main" for s in bs_info[bs - 1][1])
    ][:20][::-1]
    live_claim = next(c for c in reversed(claims) if c[1] != dead)
    facts = {
        "now": NOW,
        "seed": seed,
        "counts": {
            "masters": n_masters,
            "builders": n_builders,
            "buildsets": n_buildsets,
            "buildrequests": n_requests,
            "sourcestamps": len(sourcestamps),
            "claims": len(claims),
            "complete": n_complete,
            "builds": len(builds),
            "steps": len(steps),
            "logs": len(logs),
            "logchunks": conn_count(path, "logchunks") if n_chunks else 0,
            "changesources": len(changesources),
        },
        "dead_master": {
            "id": dead,
            "name": masters[dead - 1][1],
            "last_active": masters[dead - 1][4],
            "claims": len(dead_set),
            "running_builds": len(dead_builds),
        },
        "builder_x": {"id": x, "name": builder_x},
        "builders_50": [b[1] for b in builders[:50]],
        "branch": "main",
        "repository": main_repo,
        "show_brid": live_claim[0],
        "show_request": request_doc(requests[live_claim[0] - 1], builders, live_claim),
        "unclaimed_x_first50": [br[0] for br in unclaimed if br[2] == x][:50],
        "claim_1": [unclaimed[-1][0]],
        "claim_100": spread(unclaimed, 100),
        "complete_brid": to_complete[0],
        "complete_bsid": to_complete[1],
        "recent_main": recent_main,
        "unclaimed_changesource": {"id": 12, "name": changesources[11][1]},
        "sample_buildset": sample_buildset(buildsets, bs_info, ss_by_id, props),
        "sample_sourcestamps": [ss_doc(s) for s in sourcestamps[:: max(1, len(sourcestamps) // 7)]],
        "max_ids": {
            "buildsets": n_buildsets,
            "buildrequests": n_requests,
            "sourcestamps": len(sourcestamps),
            "bss": len(bss),
        },
    }
    with open(path + ".json", "w") as f:
        json.dump(facts, f, indent=1)
    return facts


def spread(requests, n):
    """n request ids spread over the newest 20*n of these, in id order."""
    step = max(1, min(20, len(requests) // n))
    return [br[0] for br in requests[-n * step :: step]][:n]


def request_doc(br, builders, claim):
    return {
        "buildrequestid": br[0],
        "buildsetid": br[1],
        "builderid": br[2],
        "buildername": builders[br[2] - 1][1],
        "priority": br[3],
        "claimed": claim is not None,
        "claimed_at": claim[2] if claim else None,
        "claimed_by_masterid": claim[1] if claim else None,
        "complete": bool(br[4]),
        "complete_at": br[7],
        "results": br[5],
        "submitted_at": br[6],
        "waited_for": False,
    }


def ss_doc(s):
    return {
        "ssid": s[0],
        "branch": s[2],
        "revision": s[3],
        "repository": s[5],
        "project": s[7],
        "codebase": s[6],
        "created_at": s[8],
    }


def sample_buildset(buildsets, bs_info, ss_by_id, props):
    # The first buildset with two sourcestamps, else the last one.
    i = next((i for i, info in enumerate(bs_info) if len(info[1]) > 1), len(bs_info) - 1)
    bs = buildsets[i]
    return {
        "bsid": bs[0],
        "submitted_at": bs[3],
        "complete": bool(bs[4]),
        "complete_at": bs[5],
        "results": bs[6],
        "reason": bs[2],
        "ssids": sorted(bs_info[i][1]),
        "sourcestamps": [ss_doc(ss_by_id[s]) for s in sorted(bs_info[i][1])],
        "properties": {p[1]: json.loads(p[2]) for p in props if p[0] == bs[0]},
    }


def venv_python():
    """target/buildbot-venv's python, made as the interop tests make it
    (under the same lock file, so that they never make it twice at once)."""
    import fcntl

    os.makedirs(os.path.join(ROOT, "target"), exist_ok=True)
    with open(os.path.join(ROOT, "target", "buildbot-venv.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return make_venv()


# What the virtualenv holds: the same pins as tests/cli/venv.rs (which makes
# it for the interop tests), so that neither throws the other's away.
VENV_PACKAGES = [
    "buildbot==4.3.0", "buildbot-www==4.3.0", "buildbot-worker==4.3.0", "psycopg2-binary==2.9.10", "PyMySQL==1.2.4",
]


def make_venv():
    """As tests/cli/venv.rs makes it: a finished virtualenv's marker names
    every package; one finished with another list gets the current pins
    installed over it (its marker removed first); a half-made one is made
    again."""
    venv = os.path.join(ROOT, "target", "buildbot-venv")
    marker = os.path.join(venv, "bb-interop-installed")
    python = os.path.join(venv, "bin", "python")
    content = " ".join(VENV_PACKAGES)
    try:
        with open(marker) as f:
            found = f.read()
    except OSError:
        found = None
    if found == content:
        return python
    if found is not None:
        os.remove(marker)
    else:
        print(f"making target/buildbot-venv ({content} from PyPI)...", file=sys.stderr)
        if os.path.exists(venv):
            subprocess.run(["rm", "-rf", venv], check=True)
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    subprocess.run(
        [python, "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--quiet"] + VENV_PACKAGES,
        check=True,
    )
    subprocess.run([python, "-c", "import buildbot, buildbot_worker, psycopg2, pymysql"], check=True)
    with open(marker, "w") as f:
        f.write(content)
    return python


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--requests", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=4300)
    ap.add_argument(
        "--incomplete", type=int,
        help="how many of the newest requests are incomplete (default: 40%%): a backlog that stays the same "
        "while the history grows, for the queue's flatness",
    )
    ap.add_argument(
        "--chunks", type=int, default=0,
        help="about this many log chunks over the complete logs, plain and compressed (default: none)",
    )
    ap.add_argument("--no-verify", action="store_true", help="skip the check with Buildbot's connectors")
    args = ap.parse_args()
    started = time.monotonic()
    facts = generate(args.out, args.requests, args.seed, n_incomplete=args.incomplete, n_chunks=args.chunks)
    took = time.monotonic() - started
    c = facts["counts"]
    print(
        f"generated {args.out} in {took:.1f}s: {c['masters']} masters, {c['builders']} builders, "
        f"{c['buildsets']} buildsets, {c['buildrequests']} build requests ({c['complete']} complete, "
        f"{c['claims']} claimed), {c['builds']} builds, {c['steps']} steps, {c['logs']} logs, "
        f"{c['logchunks']} log chunks",
        file=sys.stderr,
    )
    if not args.no_verify:
        started = time.monotonic()
        subprocess.run([venv_python(), os.path.join(HERE, "verify.py"), args.out], check=True)
        print(f"verified with Buildbot's connectors in {time.monotonic() - started:.1f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
