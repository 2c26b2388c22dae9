"""Check a generated benchmark database with Buildbot 4.3's own connectors.

    python bench/verify.py DB    (target/buildbot-venv's python)

Reads DB.json (written by gen.py) and fails loudly (exit 1) unless Buildbot
reads back what was generated: the masters, the dead master's claims and
running builds, sample requests, buildsets, properties and sourcestamps,
getRecentBuildsets, and findSourceStampId finding the generated ids by
their ss_hash (so the hashes are Buildbot's).
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import buildbot_op  # noqa: E402
from buildbot_op import bbdb  # noqa: E402
from twisted.internet import defer  # noqa: E402
from twisted.internet import task  # noqa: E402

failures = []


def check(what, got, want):
    if got != want:
        failures.append(f"{what}: Buildbot read {got!r}, generated {want!r}")


async def verify(reactor, path):
    with open(path + ".json") as f:
        facts = json.load(f)
    master, db = await buildbot_op.connect(reactor, path, facts["now"])
    try:
        counts = facts["counts"]
        dead = facts["dead_master"]
        masters = await db.masters.getMasters()
        check("masters", len(masters), counts["masters"])
        m = await db.masters.getMaster(dead["id"])
        check("dead master", (m.name, m.active, bbdb.to_json(m.last_active)), (dead["name"], True, dead["last_active"]))
        check(
            "findMasterId(dead master)", await db.masters.findMasterId(dead["name"]), dead["id"]
        )
        check("builders", len(await db.builders.getBuilders()), counts["builders"])
        x = facts["builder_x"]
        check("findBuilderId(builder X)", await db.builders.findBuilderId(x["name"], autoCreate=False), x["id"])
        claims = await db.buildrequests.getBuildRequests(claimed=dead["id"], complete=False)
        check("dead master's claims on incomplete requests", len(claims), dead["claims"])
        running = [b for b in await db.builds.getBuilds(complete=False) if b.masterid == dead["id"]]
        check("dead master's running builds", len(running), dead["running_builds"])
        for b in running[:3]:
            steps = await db.steps.getSteps(b.id)
            check(f"steps of build {b.id}", len(steps), 3)
            logs = await db.logs.getLogs(steps[1].id)
            check(f"open logs of step {steps[1].id}", [lg.complete for lg in logs], [False])
        br = await db.buildrequests.getBuildRequest(facts["show_brid"])
        check("getBuildRequest", bbdb.to_json(bbdb.rest_buildrequest(br)), facts["show_request"])
        spec = buildbot_op.resultspec.ResultSpec(order=["id"], limit=len(facts["unclaimed_x_first50"]) * 2)
        found = await db.buildrequests.getBuildRequests(builderid=x["id"], claimed=False, resultSpec=spec)
        check(
            "getBuildRequests(builder X, unclaimed)",
            [r.buildrequestid for r in found][: len(facts["unclaimed_x_first50"])],
            facts["unclaimed_x_first50"],
        )
        sample = facts["sample_buildset"]
        bs = (await bbdb.rest_buildsets(master, db, [await db.buildsets.getBuildset(sample["bsid"])]))[0]
        check(
            "getBuildset",
            {k: bs[k] for k in ("bsid", "submitted_at", "complete", "complete_at", "results", "reason")},
            {k: sample[k] for k in ("bsid", "submitted_at", "complete", "complete_at", "results", "reason")},
        )
        check(
            "getBuildset sourcestamps",
            sorted((s["ssid"], s["branch"], s["revision"], s["repository"]) for s in bs["sourcestamps"]),
            [(s["ssid"], s["branch"], s["revision"], s["repository"]) for s in sample["sourcestamps"]],
        )
        props = await db.buildsets.getBuildsetProperties(sample["bsid"])
        check("getBuildsetProperties", bbdb.to_json(props), sample["properties"])
        recent = await db.buildsets.getRecentBuildsets(count=20, branch=facts["branch"])
        check("getRecentBuildsets(20, main)", [b.bsid for b in recent], facts["recent_main"])
        for s in facts["sample_sourcestamps"]:
            ssid = await db.sourcestamps.findSourceStampId(
                branch=s["branch"],
                revision=s["revision"],
                repository=s["repository"],
                project=s["project"],
                codebase=s["codebase"],
            )
            check(f"findSourceStampId (ss_hash) of sourcestamp {s['ssid']}", ssid, s["ssid"])
        ss = await db.sourcestamps.getSourceStamp(facts["sample_sourcestamps"][-1]["ssid"])
        check("getSourceStamp created_at", bbdb.to_json(ss.created_at), facts["sample_sourcestamps"][-1]["created_at"])
        cs = await db.changesources.getChangeSources()
        check("changesources", len(cs), counts["changesources"])
        free = facts["unclaimed_changesource"]
        check(
            "unclaimed change source",
            [(c.id, c.masterid) for c in cs if c.name == free["name"]],
            [(free["id"], None)],
        )
    finally:
        await db.pool.stop()
    if failures:
        print("Buildbot does not read the generated database as generated:", file=sys.stderr)
        for f in failures:
            print("  " + f, file=sys.stderr)
        raise SystemExit(1)


def main(reactor, path):
    return defer.ensureDeferred(verify(reactor, path))


if __name__ == "__main__":
    task.react(main, (sys.argv[1],))
