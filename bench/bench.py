#!/usr/bin/env python3
"""The bb benchmark (issues 7 and 12); run it through bench/run, which builds
bb and installs hyperfine when missing.

Each operation runs three ways on a copy of one generated database, on each
engine asked for (--engine):

- sqlite: bb; the sqlite3 shell running the statements bb runs (the floor);
  a Python process on Buildbot 4.3's own connectors (what operators do
  today).
- postgresql: the same generated database loaded into the benchmark's own
  PostgreSQL server (bench/pg.py); bb; psql running the statements bb runs;
  Buildbot's connectors through psycopg2.
- mysql: the same loaded into the benchmark's own MariaDB server
  (bench/my.py), InnoDB or MyISAM (--my-engine); bb; the mariadb client
  running what bb sends (MyFloor); Buildbot's connectors through PyMySQL.

The statements of each operation are written once, as bb's connectors write
them (SQLite's dialect: ?N placeholders, id lists read with json_each(?N)),
with the values bb binds, and rendered for each engine: literal values in
place of the placeholders and, for PostgreSQL, the rewrites bb's engine layer
makes (src/db/engine/postgres.rs translate(): json_each(?N) becomes
unnest(CAST(... AS BIGINT[])), json_group_array json_agg, ...), inside the
transactions bb opens (SQLite: BEGIN DEFERRED / IMMEDIATE, after the same
schema check; PostgreSQL: START TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ
WRITE, SET LOCAL lock_timeout and the revision read, then SET TRANSACTION READ
ONLY for a read).

First the three answers are checked equal (the request, the listed ids, the
rows a write leaves behind); on PostgreSQL the check also compares, through
pg_stat_statements, the statements bb made with those psql made (the same
texts, literals aside, the same number of times): the floor is exactly what
bb runs; on MySQL likewise through the server's general log. It counts Buildbot's too, and, with strace, the client's writes to
the server's socket (each a round trip but the closing Terminate). Then
hyperfine times bb and the floor (and Buildbot) with the state reset before
every run (an undo script run by --prepare, not timed). It prints a table of
medians, ratios and bb's peak RSS per engine, and the `request list` time at
a small and at the full size.
"""

import argparse
import atexit
import csv
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no bench/__pycache__ in the checkout

from gen import hash_columns, ss_hash, venv_python  # noqa: E402

import my  # noqa: E402
import pg  # noqa: E402

ACTING = "bench:/srv/bench-master"
SUCCESS = 0
RETRY = 5
CHECK_IN_WINDOW = 600  # src/db/masters.rs: a running master checked in this recently
LOCK_TIMEOUT = 5000  # what bb sets with the default --busy-timeout (5 s)

ENGINES = ("sqlite", "postgresql", "mysql")
FLOOR = {"sqlite": "sqlite3", "postgresql": "psql", "mysql": "mariadb"}
MARK = "@@bench-statement@@"

# The connectors' SQL (src/db/*.rs), as they write it.
REQ_SELECT = (
    "SELECT br.id, br.buildsetid, br.builderid, b.name, br.priority, c.claimed_at, c.masterid, "
    "br.complete, br.complete_at, br.results, br.submitted_at, br.waited_for "
    "FROM buildrequests AS br "
    "LEFT JOIN buildrequest_claims AS c ON c.brid = br.id "
    "LEFT JOIN builders AS b ON b.id = br.builderid"
)
# bb's request list of a builder's unclaimed requests on PostgreSQL
# (src/db/buildrequests.rs UNCLAIMED_OF_BUILDER).
REQ_UNCLAIMED_OF_BUILDER = (
    "SELECT br.id, br.buildsetid, br.builderid, b.name, br.priority, c.claimed_at, c.masterid, "
    "br.complete, br.complete_at, br.results, br.submitted_at, br.waited_for "
    "FROM (SELECT * FROM buildrequests AS br WHERE br.builderid = ? AND br.complete + 0 = 0 "
    "AND (SELECT c.brid FROM buildrequest_claims AS c WHERE c.brid = br.id) IS NULL OFFSET 0) AS br "
    "CROSS JOIN (SELECT CAST(NULL AS INTEGER) AS brid, CAST(NULL AS INTEGER) AS masterid, "
    "CAST(NULL AS INTEGER) AS claimed_at) AS c "
    "LEFT JOIN builders AS b ON b.id = br.builderid"
)
BUILDER_SELECT = (
    "SELECT b.id, b.name, b.description, b.description_format, b.description_html, b.projectid, "
    "(SELECT json_group_array(masterid) FROM "
    "(SELECT masterid FROM builder_masters WHERE builderid = b.id ORDER BY masterid) AS bm), "
    "(SELECT json_group_array(name) FROM "
    "(SELECT tags.name FROM builders_tags JOIN tags ON tags.id = builders_tags.tagid "
    "WHERE builders_tags.builderid = b.id ORDER BY builders_tags.id) AS bt) "
    "FROM builders AS b"
)
BS_SELECT = (
    "SELECT bs.id, bs.external_idstring, bs.reason, bs.submitted_at, bs.complete, bs.complete_at, "
    "bs.results, bs.parent_buildid, bs.parent_relationship, bs.rebuilt_buildid FROM buildsets AS bs"
)
SS_COLUMNS = (
    "ss.id, ss.branch, ss.revision, ss.repository, ss.project, ss.codebase, ss.created_at, "
    "p.id, p.patchlevel, p.subdir, p.patch_author, p.patch_comment, p.patch_base64"
)
SS_FROM = "FROM sourcestamps AS ss LEFT JOIN patches AS p ON p.id = ss.patchid"
SS_SELECT = f"SELECT {SS_COLUMNS} {SS_FROM}"
CS_SELECT = (
    "SELECT cs.id, cs.name, m.id, m.name, m.active, m.last_active "
    "FROM changesources AS cs "
    "LEFT JOIN changesource_masters AS csm ON csm.changesourceid = cs.id "
    "LEFT JOIN masters AS m ON m.id = csm.masterid"
)
MASTER_SELECT = "SELECT id, name, active, last_active FROM masters"
RUNNING_SERVING = (
    f"{MASTER_SELECT} WHERE active != 0 AND last_active >= ?2 AND id IN "
    "(SELECT masterid FROM builder_masters WHERE builderid IN (SELECT value FROM json_each(?1))) ORDER BY id"
)
# src/db/masters.rs released_claims(): SQLite skips the finished history by
# a range test, PostgreSQL leaves it to the claims' index, MySQL looks each
# request up.
RELEASED_CLAIMS = {
    "sqlite": "masterid = ?1 AND brid >= (SELECT min(id) FROM buildrequests WHERE complete = 0) "
    "AND EXISTS (SELECT 1 FROM buildrequests "
    "WHERE buildrequests.id = buildrequest_claims.brid AND buildrequests.complete = 0)",
    "postgresql": "masterid = ?1 AND (SELECT complete FROM buildrequests "
    "WHERE buildrequests.id = buildrequest_claims.brid) = 0",
    "mysql": "masterid = ?1 AND EXISTS (SELECT 1 FROM buildrequests "
    "WHERE buildrequests.id = buildrequest_claims.brid AND buildrequests.complete = 0)",
}


class Ids(list):
    """A list of ids bound as one parameter (bb's Value::Ids)."""


class Texts(list):
    """A list of texts bound as one parameter (bb's Value::Texts)."""


def q(value):
    """An SQL literal."""
    if value is None:
        return "NULL"
    if isinstance(value, (int, float)):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def literal(value, engine):
    if isinstance(value, (Ids, Texts)) and engine != "postgresql":
        # A JSON array, as bb binds it (serde_json: compact, UTF-8 as is).
        return q(json.dumps(list(value), separators=(",", ":"), ensure_ascii=False))
    if isinstance(value, Ids):
        return "'{" + ",".join(str(v) for v in value) + "}'"
    if isinstance(value, Texts):
        return q("{" + ",".join(json.dumps(v) for v in value) + "}")
    if isinstance(value, bool):
        return "1" if value else "0"
    return q(value)


def quoted_len(rest):
    """The length of the string literal `rest` begins with (to its end if
    it is not closed)."""
    end = rest.find("'", 1)
    return len(rest) if end < 0 else end + 1


def placeholder(rest, nxt):
    """The parameter the `?` or `?N` that `rest` begins with takes, the
    placeholder's length, and the number the next bare `?` follows."""
    m = re.match(r"\?(\d*)", rest)
    if m.group(1):
        return int(m.group(1)), m.end(), nxt
    return nxt + 1, m.end(), nxt + 1


def render(sql, params, engine):
    """A connector statement with its values in place, for `engine`: for
    PostgreSQL with the rewrites of src/db/engine/postgres.rs translate(),
    for MySQL with those of src/db/engine/mysql.rs translate()."""
    if engine == "mysql":
        text, order, _, _ = translate_mysql(sql, params)
        return with_values(text, [params[n - 1] for n in order], engine)
    pgsql = engine == "postgresql"
    out, rest = "", sql
    nxt = 0
    depth, owed = 0, []
    while rest:
        c = rest[0]
        boundary = not (out and (out[-1].isalnum() or out[-1] in "_."))
        if c == "'":
            end = quoted_len(rest)
            out, rest = out + rest[:end], rest[end:]
            continue
        if c == "?":
            n, length, nxt = placeholder(rest, nxt)
            out, rest = out + literal(params[n - 1], engine), rest[length:]
            continue
        if pgsql and boundary and rest.startswith("json_each("):
            close = rest.index(")")
            arg = rest[len("json_each("):close]
            inner = render(arg, params, engine)
            m = re.match(r"\?(\d+)", arg)
            value = params[int(m.group(1)) - 1] if m else None
            texts = isinstance(value, list) and any(isinstance(v, str) for v in value)
            ty = "TEXT[]" if texts else "BIGINT[]"
            out += f"unnest(CAST({inner} AS {ty})) WITH ORDINALITY AS json_each(value, key)"
            rest = rest[close + 1:]
            continue
        if pgsql and boundary and rest.startswith("json_group_array("):
            out += "coalesce(json_agg("
            depth += 1
            owed.append(depth)
            rest = rest[len("json_group_array("):]
            continue
        if pgsql and boundary and rest.startswith("instr("):
            out += "strpos("
            depth += 1
            rest = rest[len("instr("):]
            continue
        if pgsql and boundary and rest.startswith("IS NOT ?"):
            out += "IS DISTINCT FROM "
            rest = rest[len("IS NOT "):]
            continue
        if pgsql and boundary and re.match(r"rowid\b", rest):
            out += "ctid"
            rest = rest[len("rowid"):]
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            if owed and owed[-1] == depth:
                owed.pop()
                out += "), '[]'::json"
            depth = max(0, depth - 1)
        out, rest = out + c, rest[1:]
    return out


# --- MySQL: src/db/engine/mysql.rs translate(), the same rewrites in Python

def strip_word(rest, word):
    """`rest` after `word` if it starts with that whole word (src/db/engine/mod.rs)."""
    if not rest.startswith(word):
        return None
    after = rest[len(word):]
    if word[-1] in "()." or not (after and (after[0].isalnum() or after[0] == "_")):
        return after
    return None


def matching_paren(s):
    depth, quoted = 0, False
    for i, c in enumerate(s):
        if c == "'":
            quoted = not quoted
        elif c == "(" and not quoted:
            depth += 1
        elif c == ")" and not quoted:
            if depth == 0:
                return i
            depth -= 1
    return len(s)


def trailing_identifier(out):
    m = re.search(r"[A-Za-z0-9_.]*$", out)
    word = m.group(0)
    keywords = ("AND", "OR", "NOT", "WHERE", "ON", "WHEN", "THEN", "ELSE", "END", "NULL")
    if word and (word[0].isalpha() or word[0] == "_") and word.upper() not in keywords:
        return word
    return None


def group_array(after):
    close = matching_paren(after)
    element, rest = after[:close], after[close + 1:]
    json_ = f"SUBSTRING(JSON_ARRAY({element}), 2, CHAR_LENGTH(JSON_ARRAY({element})) - 2)"

    def concat(frm, order):
        return f"CONCAT('[', COALESCE(GROUP_CONCAT({json_}{order} SEPARATOR ','), ''), ']'){frm}"

    if rest.startswith(" FROM (SELECT "):
        derived = rest[len(" FROM (SELECT "):]
        end = matching_paren(derived)
        inner = derived[:end]
        after_alias = derived[end + 1:].lstrip()
        if after_alias.startswith("AS "):
            after_alias = re.sub(r"^[A-Za-z0-9_]*", "", after_alias[3:])
        if " FROM " in inner:
            frm = inner.split(" FROM ", 1)[1]
            if " ORDER BY " in frm:
                frm, order = frm.rsplit(" ORDER BY ", 1)
                order = f" ORDER BY {order}"
            else:
                order = ""
            return concat(f" FROM {frm}", order), after_alias
    return concat("", ""), rest


MY_TEXTS_EXACT = "VARCHAR(1024) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
MY_TEXTS_INDEXED = "VARCHAR(1024) CHARACTER SET utf8mb3"


def json_table(arg, ty):
    return f"JSON_TABLE({arg}, '$[*]' COLUMNS (`key` FOR ORDINALITY, `value` {ty} PATH '$')) AS json_each"


def joined_for_semi_join(sql):
    """An UPDATE or DELETE whose rows an IN (SELECT ...) finds, joined to a
    one-row table (src/db/engine/mysql.rs joined_for_semi_join)."""
    if " IN (SELECT " not in sql or " LIMIT " in sql or " ORDER BY " in sql:
        return None
    m = re.match(r"UPDATE (\w+) SET ", sql)
    if m:
        return f"UPDATE {m.group(1)} JOIN (SELECT 1) AS bb_one{sql[len('UPDATE ') + len(m.group(1)):]}"
    m = re.match(r"DELETE FROM (\w+) WHERE ", sql)
    if m:
        t = m.group(1)
        return f"DELETE {t} FROM {t} JOIN (SELECT 1) AS bb_one{sql[len('DELETE FROM ') + len(t):]}"
    return None


def translate_mysql(sql, params):
    """(MySQL's SQL with `?`, the parameter each `?` takes, RETURNING's
    columns or None, the SQL without RETURNING)."""
    out, order, nxt = "", [], 0
    rest = sql
    parens = []
    assigning = False
    returning_at = None

    def is_text(n):
        v = params[n - 1] if n - 1 < len(params) else None
        return isinstance(v, str)

    while rest:
        c = rest[0]
        boundary = not (out and (out[-1].isalnum() or out[-1] in "_.`"))
        if c == "'":
            end = quoted_len(rest)
            out, rest = out + rest[:end], rest[end:]
            continue
        if c == "?":
            n, length, nxt = placeholder(rest, nxt)
            rest = rest[length:]
            if not is_text(n):
                out += "?"
                order.append(n)
                continue
            before = out.rstrip()
            inside = parens[-1] if parens else None
            plain_eq = before.endswith("=") and not before.endswith("<=>") and not before[:-1].endswith(("<", ">", "!"))
            if not assigning and plain_eq:
                lhs = trailing_identifier(before[:-1].rstrip())
                if lhs is not None:
                    start = len(before[:-1].rstrip()) - len(lhs)
                    out = out[:start] + f"({lhs} = ? AND BINARY {lhs} = ?)"
                    order += [n, n]
                    continue
                out += "BINARY ?"
            elif not assigning and (
                before.endswith(("<", "=", ">", "<=>"))
                or (before.endswith((",", "(")) and inside == "in")
                or (before.endswith(",") and inside == "instr")
            ):
                out += "BINARY ?"
            else:
                out += "?"
            order.append(n)
            continue
        if boundary:
            after = strip_word(rest, "json_each(")
            if after is not None:
                close = after.index(")")
                inner_sql, inner_order, _, _ = translate_mysql(after[:close], params)
                texts = bool(inner_order) and isinstance(params[inner_order[0] - 1], Texts)
                out += json_table(inner_sql.replace("BINARY ", ""), MY_TEXTS_EXACT if texts else "BIGINT")
                order += inner_order
                rest = after[close + 1:]
                continue
            after = strip_word(rest, "json_group_array(")
            if after is not None:
                flat, rest = group_array(after)
                inner_sql, inner_order, _, _ = translate_mysql(flat, params)
                out += inner_sql
                order += inner_order
                continue
            after = strip_word(rest, "instr(")
            if after is not None:
                out += "INSTR("
                parens.append("instr")
                rest = after
                continue
            if rest.startswith("IS NOT ?"):
                out += "<=> "
                n, length, nxt = placeholder(rest[len("IS NOT "):], nxt)
                out += "BINARY ?" if is_text(n) else "?"
                order.append(n)
                out += " IS NOT TRUE"
                rest = rest[len("IS NOT ") + length:]
                continue
            after = strip_word(rest, "IN (")
            if after is not None:
                m = re.match(r"SELECT value FROM json_each\(\?(\d+)\)\)", after)
                lhs = trailing_identifier(out.rstrip())
                if m and isinstance(params[int(m.group(1)) - 1], Texts) and lhs is not None:
                    # A column looked up in texts: by its index, then byte for byte.
                    n = int(m.group(1))
                    out = out[:len(out.rstrip()) - len(lhs)]
                    out += (f"({lhs} IN (SELECT value FROM {json_table('?', MY_TEXTS_INDEXED)}) "
                            f"AND BINARY {lhs} IN (SELECT value FROM {json_table('?', MY_TEXTS_EXACT)}))")
                    order += [n, n]
                    rest = after[m.end():]
                    continue
                out += "IN ("
                parens.append("in")
                rest = after
                continue
            done = False
            for word, repl in (("AS INTEGER)", "AS SIGNED)"), ("AS BIGINT)", "AS SIGNED)"), ("AS TEXT)", "AS CHAR)")):
                after = strip_word(rest, word)
                if after is not None:
                    out += repl
                    if parens:
                        parens.pop()
                    rest = after
                    done = True
                    break
            if done:
                continue
            after = strip_word(rest, "NULLS FIRST")
            if after is None:
                after = strip_word(rest, "NULLS LAST")
            if after is None:
                after = strip_word(rest, "ORDER BY rowid")
            if after is not None:
                out = out.rstrip(" ")
                rest = after
                continue
            if rest.startswith("ON CONFLICT ("):
                after = rest[len("ON CONFLICT ("):]
                after = after[after.index(")") + 1:].lstrip()
                assert after.startswith("DO UPDATE SET")
                out += "ON DUPLICATE KEY UPDATE"
                assigning = True
                rest = after[len("DO UPDATE SET"):]
                continue
            after = strip_word(rest, "excluded.")
            if after is not None:
                name = re.match(r"[A-Za-z0-9_]*", after).group(0)
                out += f"VALUES({name})"
                rest = after[len(name):]
                continue
            after = strip_word(rest, "key")
            if after is not None:
                out += "`key`"
                rest = after
                continue
            for word, assign in (("SET", True), ("WHERE", False)):
                after = strip_word(rest, word)
                if after is not None:
                    out += word
                    assigning = assign
                    rest = after
                    done = True
                    break
            if done:
                continue
            after = strip_word(rest, "RETURNING")
            if after is not None:
                returning_at = len(out.rstrip())
                out += "RETURNING"
                rest = after
                continue
        if c == "(":
            parens.append("plain")
        elif c == ")" and parens:
            parens.pop()
        out += c
        rest = rest[1:]
    if returning_at is None:
        out = joined_for_semi_join(out) or out
        return out, order, None, out
    return out, order, out[returning_at:].lstrip()[len("RETURNING"):].strip(), out[:returning_at]


def with_values(sql, values, engine):
    """`sql` with each `?` outside quotes replaced by the next value."""
    out, rest, values = "", sql, list(values)
    while rest:
        c = rest[0]
        if c == "'":
            end = quoted_len(rest)
            out, rest = out + rest[:end], rest[end:]
            continue
        out += literal(values.pop(0), engine) if c == "?" else c
        rest = rest[1:]
    return out


# What bb sends on MySQL besides the connectors' statements
# (src/db/engine/mysql.rs): on connecting, the packet size (the mysql
# crate's question), the server's version, the session's sql_mode and the
# database's tables; each transaction's beginning, for a write (InnoDB:
# serializable) and for a read (a consistent snapshot), and its end.
MY_SECONDS = LOCK_TIMEOUT // 1000
MY_CONNECT = [
    "SELECT @@max_allowed_packet",
    "SELECT VERSION()",
    "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'",
    "SELECT TABLE_NAME, ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
    "AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
    "SELECT TABLE_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME = 'id'",
]
MY_SESSION = f"SET SESSION innodb_lock_wait_timeout = {MY_SECONDS}, lock_wait_timeout = {MY_SECONDS}"
# src/db/engine/mysql.rs ALIASES: on MyISAM a write locks each table under
# these names too.
MY_ALIASES = [
    ("buildrequests", "br"), ("buildrequest_claims", "c"), ("buildsets", "bs"), ("buildset_sourcestamps", "bss"),
    ("sourcestamps", "ss"), ("builders", "b"), ("masters", "m"), ("changesources", "cs"),
    ("changesource_masters", "csm"), ("changes", "ch"), ("builder_masters", "bm"), ("patches", "p"),
]


class MyFloor:
    """What bb sends to one MySQL database besides the connectors'
    statements (src/db/engine/mysql.rs Mysql::attempt and MyTx::run), for
    the floor to send the same. `tables` are the database's tables in
    information_schema's order, `with_id` those keyed by `id`, `myisam`
    whether they lack transactions; `evaluate` runs a SELECT and gives its
    rows."""

    def __init__(self, tables, with_id, myisam, evaluate):
        self.tables = tables
        self.with_id = with_id
        self.myisam = myisam
        self.evaluate = evaluate
        self.noted = set()

    def begin(self, write):
        """InnoDB: a write serializable, a read a consistent snapshot.
        MyISAM: a write locks every table (autocommit off, for any
        transactional table beside them), a read takes nothing."""
        self.noted = set()
        if not self.myisam:
            if write:
                return [MY_SESSION, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "START TRANSACTION"]
            return [MY_SESSION, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ",
                    "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY"]
        if not write:
            return [MY_SESSION]
        locks = []
        for table in self.tables:
            locks.append(f"`{table}` WRITE")
            locks += [f"`{table}` AS {alias} WRITE" for aliased, alias in MY_ALIASES if aliased == table]
        return [MY_SESSION, "SET autocommit = 0", "LOCK TABLES " + ", ".join(locks)]

    def end(self, write):
        if not self.myisam:
            return ["COMMIT"]
        return ["COMMIT", "UNLOCK TABLES", "SET autocommit = 1"] if write else []

    def statements(self, sql, params):
        """One connector statement, with its values: an INSERT ... SELECT
        into a table keyed by `id` goes as its SELECT, then an INSERT ...
        VALUES of the rows it gave; MariaDB runs RETURNING itself. On
        MyISAM the first INSERT into each such table reads its greatest id
        first (what a failed write would delete again)."""
        text, order, _, _ = translate_mysql(sql, params)
        values = [params[n - 1] for n in order]
        out = []
        m = re.match(r"INSERT INTO (\w+) ", text)
        if self.myisam and m and m.group(1) in self.with_id and m.group(1) not in self.noted:
            self.noted.add(m.group(1))
            out.append(f"SELECT COALESCE(MAX(id), 0) FROM `{m.group(1)}`")
        m = re.match(r"(INSERT INTO (\w+) \([^)]*\)) (SELECT .*?)( RETURNING .*)?$", text)
        if not (m and m.group(2) in self.with_id):
            return out + [with_values(text, values, "mysql")]
        select = with_values(m.group(3), values, "mysql")
        rows = self.evaluate(select)
        if not rows:
            return out + [select]
        tuples = ", ".join("(" + ", ".join(literal(v, "mysql") for v in row) + ")" for row in rows)
        return out + [select, f"{m.group(1)} VALUES {tuples}{m.group(4) or ''}"]


def script(op, engine, marked=False, my_floor=None):
    """The floor's script: what bb runs for `op` on `engine`, with literal
    values. `marked` puts a marker before each of the command's statements
    (and after the last), to read each one's rows when checking. On MySQL,
    `my_floor` (a MyFloor) says what bb sends around them."""
    if engine == "sqlite":
        mark = f".print {MARK}"
        lines = [
            ".timeout 5000",
            "PRAGMA foreign_keys = OFF;",
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version';",
            "BEGIN DEFERRED;",
            "SELECT version_num FROM alembic_version;",
            "COMMIT;",
            "BEGIN IMMEDIATE;" if op.write else "BEGIN DEFERRED;",
        ]
    elif engine == "mysql":
        # A statement of its own, left out when the statements are compared.
        mark = f"SELECT '{MARK}';"
        lines = [f"{s};" for s in MY_CONNECT + my_floor.begin(False) + ["SELECT version_num FROM alembic_version"]
                 + my_floor.end(False) + my_floor.begin(op.write)]
    else:
        mark = f"\\echo {MARK}"
        # bb begins the command's transaction and reads the revision in one
        # message when it opens the database; a read makes it read-only
        # with its first statement.
        lines = [
            "START TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ WRITE;",
            f"SET LOCAL lock_timeout = {LOCK_TIMEOUT};",
            "SELECT version_num FROM alembic_version;",
        ]
        if not op.write:
            lines.append("SET TRANSACTION READ ONLY;")
    for sql, params in op.stmts:
        if isinstance(sql, dict):  # a statement whose best form differs by engine
            sql = sql[engine]
        if isinstance(params, dict):  # and so its parameters
            params = params[engine]
        if marked:
            lines.append(mark)
        if engine == "mysql":
            lines += [f"{s};" for s in my_floor.statements(sql, params)]
        else:
            lines.append(render(sql, params, engine) + ";")
    if marked:
        lines.append(mark)
    lines += [f"{s};" for s in my_floor.end(op.write)] if engine == "mysql" else ["COMMIT;"]
    after = op.after.get(engine)
    if after:
        # A second read transaction (metrics' database size on PostgreSQL
        # and MySQL).
        if engine == "sqlite":
            lines.append("BEGIN DEFERRED;")
        elif engine == "mysql":
            lines += [f"{s};" for s in my_floor.begin(False)]
        else:
            lines += ["START TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY;",
                      f"SET LOCAL lock_timeout = {LOCK_TIMEOUT};"]
        lines += [render(sql, params, engine) + ";" for sql, params in after]
        lines += [f"{s};" for s in my_floor.end(False)] if engine == "mysql" else ["COMMIT;"]
    return "\n".join(lines) + "\n"


def statement_rows(out, engine):
    """Each marked statement's rows, from the floor's checking run."""
    segments = out.split(MARK + "\n")[1:-1]
    results = []
    for seg in segments:
        if engine == "sqlite":
            rows = []
            dec = json.JSONDecoder()
            text = seg.strip()
            i = 0
            while i < len(text):
                doc, i = dec.raw_decode(text, i)
                rows += [list(r.values()) for r in doc]
                while i < len(text) and text[i].isspace():
                    i += 1
        elif engine == "mysql":
            # mariadb --batch: tab-separated, NULL as NULL.
            rows = [[None if v == "NULL" else cell(v) for v in line.split("\t")] for line in seg.splitlines()]
        else:
            rows = [[cell(v) for v in r] for r in csv.reader(io.StringIO(seg))]
        results.append(rows)
    return results


def cell(text):
    """A value of psql's CSV output."""
    if text == "@NULL@":
        return None
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    return text


class Op:
    """One benchmarked operation: bb's arguments, the statements bb runs,
    Buildbot's arguments, how to reset the state it changes and how to read
    each tool's answer."""

    def __init__(self, name, bb, stmts, py, write=False, undo=None, digest=None, answer=None, after=None):
        self.name = name
        self.after = after or {}  # engine -> [(SQL, [values])] run in a second read transaction
        self.bb = bb  # argv after `bb --db DB`
        self.stmts = stmts  # [(connector SQL, [values])] in the order bb runs them
        self.py = py  # argv after `buildbot_op.py DB NOW`
        self.write = write
        self.undo = undo or {}  # engine -> SQL restoring the state (writes)
        self.digest = digest or {}  # engine -> SQL whose rows are a write's answer
        # Reads: (index of the statement whose rows are the floor's answer,
        # function of those rows, function of bb's stdout, of Buildbot's).
        self.answer = answer


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


def sweep_inputs(db, dead):
    """What a sweep of the dead master reads and passes on as lists: its
    running builds, the requests whose claims it releases, and their
    builders."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    running = [r[0] for r in conn.execute(
        "SELECT id FROM builds WHERE masterid = ? AND complete_at IS NULL", (dead,))]
    where = RELEASED_CLAIMS["sqlite"].replace("?1", "?")
    brids = [r[0] for r in conn.execute(f"SELECT brid FROM buildrequest_claims WHERE {where} ORDER BY brid", (dead,))]
    released = [r[0] for r in conn.execute(
        f"SELECT DISTINCT builderid FROM buildrequests WHERE id IN (SELECT brid FROM buildrequest_claims WHERE {where}) "
        "ORDER BY builderid",
        (dead,))]
    conn.close()
    return running, brids, released


def operations(facts, acting_id, sweep):
    now = facts["now"]
    dead = facts["dead_master"]
    x = facts["builder_x"]
    since = now - CHECK_IN_WINDOW
    ops = []

    # --- request show
    brid = facts["show_brid"]
    ops.append(Op(
        "request show",
        ["--json", "request", "show", str(brid)],
        [(f"{REQ_SELECT} WHERE br.id = ?1", [brid])],
        ["show", str(brid)],
        answer=(0, lambda rows: request_doc(rows[0]), json.loads, json.loads),
    ))

    # --- request list --unclaimed --builder X --limit 50
    ops.append(list_op(x))

    # --- request claim of 1 and of 100 ids
    for brids in (facts["claim_1"], facts["claim_100"]):
        ids = Ids(brids)
        lst = ",".join(str(b) for b in brids)
        get = (f"{REQ_SELECT} WHERE br.id IN (SELECT value FROM json_each(?1)) ORDER BY br.id", [ids])
        ops.append(Op(
            f"request claim ({len(brids)})",
            ["--json", "--master", ACTING, "request", "claim", "--at", str(now)] + [str(b) for b in brids],
            [
                (f"{MASTER_SELECT} WHERE name_hash = ?1", [hash_columns(ACTING)]),
                get,
                ("INSERT INTO buildrequest_claims (brid, masterid, claimed_at) "
                 "SELECT value, CAST(?2 AS INTEGER), CAST(?3 AS INTEGER) FROM json_each(?1)", [ids, acting_id, now]),
            ],
            ["claim", ACTING, json.dumps(brids)],
            write=True,
            undo=both(f"DELETE FROM buildrequest_claims WHERE brid IN ({lst});\n"),
            digest=both(f"SELECT brid, masterid, claimed_at FROM buildrequest_claims WHERE brid IN ({lst}) ORDER BY brid"),
        ))

    # --- request complete: the only request of its buildset, which completes too
    brid, bsid = facts["complete_brid"], facts["complete_bsid"]
    ids = Ids([brid])
    get = (f"{REQ_SELECT} WHERE br.id IN (SELECT value FROM json_each(?1)) ORDER BY br.id", [ids])
    ops.append(Op(
        "request complete",
        ["--json", "request", "complete", str(brid), "--results", "success", "--at", str(now)],
        [
            get,
            ("SELECT c.brid, m.id, m.name, m.active, m.last_active FROM buildrequest_claims AS c "
             "JOIN buildrequests AS br ON br.id = c.brid JOIN masters AS m ON m.id = c.masterid "
             "WHERE br.complete = 0 AND m.active != 0 AND m.last_active >= ?2 "
             "AND c.brid IN (SELECT value FROM json_each(?1)) ORDER BY c.brid", [ids, since]),
            ("UPDATE buildrequests SET complete = 1, results = ?2, complete_at = ?3 "
             "WHERE id IN (SELECT value FROM json_each(?1))", [ids, SUCCESS, now]),
            ("SELECT buildsetid, complete, results FROM buildrequests "
             "WHERE buildsetid IN (SELECT value FROM json_each(?1)) ORDER BY buildsetid, id", [Ids([bsid])]),
            ("UPDATE buildsets SET complete = 1, results = ?2, complete_at = ?3 "
             "WHERE id = ?1 AND (complete IS NULL OR complete != 1)", [bsid, SUCCESS, now]),
        ],
        ["complete", json.dumps([brid]), str(SUCCESS)],
        write=True,
        undo=both(
            f"UPDATE buildrequests SET complete = 0, results = -1, complete_at = NULL WHERE id = {brid};\n"
            f"UPDATE buildsets SET complete = 0, results = -1, complete_at = NULL WHERE id = {bsid};\n"
        ),
        digest=both(
            f"SELECT 'br', id, complete, results, complete_at FROM buildrequests WHERE buildsetid = {bsid} "
            f"UNION ALL SELECT 'bs', id, complete, results, complete_at FROM buildsets WHERE id = {bsid} ORDER BY 1, 2"
        ),
    ))

    # --- buildset add with 1 and with 50 builders: a new commit on main
    mx = facts["max_ids"]
    repository, project, codebase = facts["repository"]
    revision = "b0" * 20
    properties = {"owner": "ops@example.org", "retries": 3}
    reason = "bb benchmark"
    for names in ([x["name"]], facts["builders_50"]):
        bsid, ssid = mx["buildsets"] + 1, mx["sourcestamps"] + 1
        builderids = [facts_builder_id(facts, name) for name in names]
        stmts = [
            ("SELECT id, name FROM builders WHERE name_hash IN (SELECT value FROM json_each(?1))",
             [Texts(hash_columns(name) for name in names)]),
            ("SELECT id, name FROM builders WHERE id IN (SELECT value FROM json_each(?1))", [Ids()]),
        ]
        stmts += [
            ("SELECT id FROM sourcestamps WHERE id IN (SELECT value FROM json_each(?1))", [Ids()]),
            ("SELECT ss_hash, id FROM sourcestamps WHERE ss_hash IN (SELECT value FROM json_each(?1))",
             [Texts([ss_hash("main", revision, repository, project, codebase)])]),
            ("INSERT INTO sourcestamps (ss_hash, branch, revision, patchid, repository, codebase, project, created_at) "
             "VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?6, ?7) RETURNING id",
             [ss_hash("main", revision, repository, project, codebase), "main", revision, repository, codebase,
              project, now]),
            ("INSERT INTO buildsets (external_idstring, reason, submitted_at, complete, complete_at, results, "
             "parent_buildid, parent_relationship, rebuilt_buildid) "
             "VALUES (?1, ?2, ?3, 0, NULL, -1, ?4, ?5, ?6) RETURNING id", [None, reason, now, None, None, None]),
        ]
        for name, value in sorted(properties.items()):
            stmts.append((
                "INSERT INTO buildset_properties (buildsetid, property_name, property_value) VALUES (?1, ?2, ?3)",
                [bsid, name, json.dumps([value, "bb"], separators=(",", ":"))],
            ))
        stmts.append((
            "INSERT INTO buildset_sourcestamps (buildsetid, sourcestampid) "
            "SELECT CAST(?1 AS INTEGER), value FROM json_each(?2) ORDER BY key",
            [bsid, Ids([ssid])],
        ))
        stmts.append((
            "INSERT INTO buildrequests (buildsetid, builderid, priority, complete, results, submitted_at, "
            "complete_at, waited_for) "
            "SELECT CAST(?1 AS INTEGER), value, CAST(?3 AS INTEGER), 0, -1, CAST(?4 AS INTEGER), NULL, "
            "CAST(?5 AS INTEGER) FROM json_each(?2) ORDER BY key RETURNING id, builderid",
            [bsid, Ids(builderids), 0, now, 0],
        ))
        stmts.append((RUNNING_SERVING, [Ids(builderids), since]))
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
        undo = (
            f"DELETE FROM buildrequests WHERE id > {mx['buildrequests']};\n"
            f"DELETE FROM buildset_sourcestamps WHERE id > {mx['bss']};\n"
            f"DELETE FROM buildset_properties WHERE buildsetid > {mx['buildsets']};\n"
            f"DELETE FROM buildsets WHERE id > {mx['buildsets']};\n"
            f"DELETE FROM sourcestamps WHERE id > {mx['sourcestamps']};\n"
        )
        ops.append(Op(
            f"buildset add ({len(names)} builder{'s' if len(names) > 1 else ''})",
            bb,
            stmts,
            ["add", json.dumps(spec)],
            write=True,
            undo={
                "sqlite": undo,
                # The next ids are the same again.
                "postgresql": undo + "DO $$ BEGIN "
                f"PERFORM setval('buildrequests_id_seq', {mx['buildrequests']}); "
                f"PERFORM setval('buildset_sourcestamps_id_seq', {mx['bss']}); "
                f"PERFORM setval('buildsets_id_seq', {mx['buildsets']}); "
                f"PERFORM setval('sourcestamps_id_seq', {mx['sourcestamps']}); END $$;\n",
                # InnoDB keeps its counters past deleted rows.
                "mysql": undo + "".join(
                    f"ALTER TABLE {table} AUTO_INCREMENT = {mx[key] + 1};\n"
                    for table, key in (("buildrequests", "buildrequests"), ("buildset_sourcestamps", "bss"),
                                       ("buildsets", "buildsets"), ("sourcestamps", "sourcestamps"))
                ),
            },
            digest={
                "sqlite": f"SELECT 'bs', * FROM buildsets WHERE id > {mx['buildsets']} "
                f"UNION ALL SELECT 'br', id, buildsetid, builderid, priority, complete, results, submitted_at, "
                f"complete_at, waited_for, NULL FROM buildrequests WHERE id > {mx['buildrequests']} "
                f"UNION ALL SELECT 'bss', buildsetid, sourcestampid, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL "
                f"FROM buildset_sourcestamps WHERE id > {mx['bss']} "
                f"UNION ALL SELECT 'prop', buildsetid, property_name, json(property_value), NULL, NULL, NULL, NULL, "
                f"NULL, NULL, NULL FROM buildset_properties WHERE buildsetid > {mx['buildsets']} "
                f"UNION ALL SELECT 'ss', * , NULL FROM sourcestamps WHERE id > {mx['sourcestamps']}",
                "postgresql": f"SELECT * FROM buildsets WHERE id > {mx['buildsets']} ORDER BY id;\n"
                "SELECT id, buildsetid, builderid, priority, complete, results, submitted_at, complete_at, waited_for "
                f"FROM buildrequests WHERE id > {mx['buildrequests']} ORDER BY id;\n"
                f"SELECT buildsetid, sourcestampid FROM buildset_sourcestamps WHERE id > {mx['bss']} ORDER BY id;\n"
                "SELECT buildsetid, property_name, property_value::jsonb FROM buildset_properties "
                f"WHERE buildsetid > {mx['buildsets']} ORDER BY 1, 2;\n"
                f"SELECT * FROM sourcestamps WHERE id > {mx['sourcestamps']} ORDER BY id",
                "mysql": f"SELECT * FROM buildsets WHERE id > {mx['buildsets']} ORDER BY id;\n"
                "SELECT id, buildsetid, builderid, priority, complete, results, submitted_at, complete_at, waited_for "
                f"FROM buildrequests WHERE id > {mx['buildrequests']} ORDER BY id;\n"
                f"SELECT buildsetid, sourcestampid FROM buildset_sourcestamps WHERE id > {mx['bss']} ORDER BY id;\n"
                "SELECT buildsetid, property_name, JSON_COMPACT(property_value) FROM buildset_properties "
                f"WHERE buildsetid > {mx['buildsets']} ORDER BY 1, 2;\n"
                f"SELECT * FROM sourcestamps WHERE id > {mx['sourcestamps']} ORDER BY id",
            },
        ))

    # --- buildset recent --count 20 --branch main: newest first, then the
    # sourcestamps of each, oldest first
    recent = facts["recent_main"]
    # src/db/buildsets.rs has_sourcestamp(): on MySQL a scalar subquery.
    has_ss = ("SELECT 1 FROM buildset_sourcestamps AS bss "
              "JOIN sourcestamps AS ss ON ss.id = bss.sourcestampid WHERE bss.buildsetid = bs.id "
              "AND (CAST(?1 AS TEXT) IS NULL OR ss.branch = ?1) "
              "AND (CAST(?2 AS TEXT) IS NULL OR ss.repository = ?2)")
    stmts = [(
        {engine: f"{BS_SELECT} WHERE {cond} ORDER BY bs.submitted_at DESC, bs.id DESC LIMIT ?3"
         for engine, cond in (("sqlite", f"EXISTS ({has_ss})"), ("postgresql", f"EXISTS ({has_ss})"),
                              ("mysql", f"({has_ss} LIMIT 1) IS NOT NULL"))},
        ["main", None, 20],
    )]
    stmts.append((
        f"SELECT {SS_COLUMNS}, bss.buildsetid {SS_FROM} "
        "JOIN buildset_sourcestamps AS bss ON bss.sourcestampid = ss.id "
        "WHERE bss.buildsetid IN (SELECT value FROM json_each(?1)) "
        "ORDER BY bss.buildsetid, bss.sourcestampid",
        [Ids(recent)],
    ))
    bsids = lambda out: [b["bsid"] for b in json.loads(out)]  # noqa: E731
    ops.append(Op(
        "buildset recent --count 20 --branch B",
        ["--json", "buildset", "recent", "--count", "20", "--branch", "main"],
        stmts,
        ["recent", "20", "main"],
        answer=(0, lambda rows: [r[0] for r in rows][::-1], bsids, bsids),
    ))

    # --- master sweep: the dead master
    d = dead["id"]
    running, _brids, released = sweep
    shared = [d, now, RETRY, Ids(running)]  # one parameter list for the housekeeping statements
    stmts = [
        ("SELECT m.id, m.name, m.active, m.last_active, builds.id FROM masters AS m "
         "LEFT JOIN builds ON builds.masterid = m.id AND builds.complete_at IS NULL AND m.active != 0 "
         "WHERE m.last_active < ?1 ORDER BY m.id, builds.id", [now - CHECK_IN_WINDOW]),
        ("UPDATE masters SET active = 0 WHERE id = ?1", [d]),
        ("DELETE FROM configured_workers WHERE buildermasterid IN (SELECT id FROM builder_masters WHERE masterid = ?1)",
         shared),
        ("DELETE FROM builder_masters WHERE masterid = ?1", shared),
        ("DELETE FROM scheduler_masters WHERE masterid = ?1", shared),
        ("DELETE FROM changesource_masters WHERE masterid = ?1", shared),
        ("DELETE FROM connected_workers WHERE masterid = ?1", shared),
        ("UPDATE logs SET complete = 1 WHERE complete = 0 AND stepid IN (SELECT id FROM steps "
         "WHERE results IS NULL AND buildid IN (SELECT value FROM json_each(?4)))", shared),
        ("UPDATE steps SET results = ?3, complete_at = ?2, hidden = 0 "
         "WHERE results IS NULL AND buildid IN (SELECT value FROM json_each(?4))", shared),
        ("UPDATE builds SET results = ?3, complete_at = ?2 "
         "WHERE id IN (SELECT value FROM json_each(?4)) AND complete_at IS NULL", shared),
        ({engine: f"DELETE FROM buildrequest_claims WHERE {where} RETURNING brid, (SELECT br.builderid "
          "FROM buildrequests AS br WHERE br.id = buildrequest_claims.brid)"
          for engine, where in RELEASED_CLAIMS.items()}, shared),
        (RUNNING_SERVING, [Ids(released), since]),
    ]
    digest = (
        f"SELECT 'master', id, active, last_active FROM masters WHERE id = {d} "
        f"UNION ALL SELECT 'claims', count(*), NULL, NULL FROM buildrequest_claims WHERE masterid = {d} "
        f"UNION ALL SELECT 'builder_masters', count(*), NULL, NULL FROM builder_masters WHERE masterid = {d} "
        "UNION ALL SELECT 'configured_workers', count(*), NULL, NULL FROM configured_workers "
        f"UNION ALL SELECT 'scheduler_masters', count(*), NULL, NULL FROM scheduler_masters WHERE masterid = {d} "
        f"UNION ALL SELECT 'changesource_masters', count(*), NULL, NULL FROM changesource_masters WHERE masterid = {d} "
        f"UNION ALL SELECT 'connected_workers', count(*), NULL, NULL FROM connected_workers WHERE masterid = {d} "
        f"UNION ALL SELECT 'builds', results, complete_at, count(*) FROM builds WHERE masterid = {d} "
        f"AND (complete_at IS NULL OR complete_at >= {now}) GROUP BY 2, 3 "
        "UNION ALL SELECT 'steps', results, complete_at, count(*) FROM steps WHERE buildid IN "
        f"(SELECT id FROM builds WHERE masterid = {d} AND (complete_at IS NULL OR complete_at >= {now})) "
        f"AND (complete_at IS NULL OR complete_at >= {now}) GROUP BY 2, 3 "
        "UNION ALL SELECT 'open logs', count(*), NULL, NULL FROM logs WHERE complete = 0"
    )
    ops.append(Op(
        "master sweep (dead master)",
        ["--json", "master", "sweep", "--at", str(now)],
        stmts,
        ["sweep", str(CHECK_IN_WINDOW)],
        write=True,
        undo={
            "sqlite": "ATTACH 'undo-sweep.sqlite' AS u;\n"
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
            # The rows saved in schema bench_undo (save_sweep_undo_pg).
            "postgresql": "UPDATE masters SET active = u.active, last_active = u.last_active "
            "FROM bench_undo.masters AS u WHERE masters.id = u.id;\n"
            "INSERT INTO builder_masters SELECT * FROM bench_undo.builder_masters ON CONFLICT DO NOTHING;\n"
            "INSERT INTO configured_workers SELECT * FROM bench_undo.configured_workers ON CONFLICT DO NOTHING;\n"
            "INSERT INTO scheduler_masters SELECT * FROM bench_undo.scheduler_masters ON CONFLICT DO NOTHING;\n"
            "INSERT INTO changesource_masters SELECT * FROM bench_undo.changesource_masters ON CONFLICT DO NOTHING;\n"
            "INSERT INTO connected_workers SELECT * FROM bench_undo.connected_workers ON CONFLICT DO NOTHING;\n"
            "UPDATE logs SET complete = 0 WHERE id IN (SELECT id FROM bench_undo.logs);\n"
            "UPDATE steps SET results = s.results, complete_at = s.complete_at, hidden = s.hidden "
            "FROM bench_undo.steps AS s WHERE steps.id = s.id;\n"
            "UPDATE builds SET results = NULL, complete_at = NULL WHERE id IN (SELECT id FROM bench_undo.builds);\n"
            "INSERT INTO buildrequest_claims SELECT * FROM bench_undo.buildrequest_claims ON CONFLICT DO NOTHING;\n",
            # The rows saved in database <db>_undo (save_sweep_undo_my).
            "mysql": "UPDATE masters JOIN bench_undo.masters AS u ON u.id = masters.id "
            "SET masters.active = u.active, masters.last_active = u.last_active;\n"
            "INSERT IGNORE INTO builder_masters SELECT * FROM bench_undo.builder_masters;\n"
            "INSERT IGNORE INTO configured_workers SELECT * FROM bench_undo.configured_workers;\n"
            "INSERT IGNORE INTO scheduler_masters SELECT * FROM bench_undo.scheduler_masters;\n"
            "INSERT IGNORE INTO changesource_masters SELECT * FROM bench_undo.changesource_masters;\n"
            "INSERT IGNORE INTO connected_workers SELECT * FROM bench_undo.connected_workers;\n"
            # Joins: MariaDB reads every log for an UPDATE ... WHERE id IN (SELECT ...).
            "UPDATE logs JOIN bench_undo.logs AS u ON u.id = logs.id SET logs.complete = 0;\n"
            "UPDATE steps JOIN bench_undo.steps AS s ON s.id = steps.id "
            "SET steps.results = s.results, steps.complete_at = s.complete_at, steps.hidden = s.hidden;\n"
            "UPDATE builds JOIN bench_undo.builds AS u ON u.id = builds.id "
            "SET builds.results = NULL, builds.complete_at = NULL;\n"
            "INSERT IGNORE INTO buildrequest_claims SELECT * FROM bench_undo.buildrequest_claims;\n",
        },
        digest={"sqlite": digest, "postgresql": digest + " ORDER BY 1, 2, 3", "mysql": digest + " ORDER BY 1, 2, 3"},
    ))

    # --- changesource claim: the change source nobody holds
    cs = facts["unclaimed_changesource"]
    ops.append(Op(
        "changesource claim",
        ["--json", "--master", ACTING, "changesource", "claim", cs["name"], "--at", str(now)],
        [
            (f"{CS_SELECT} WHERE cs.name_hash = ?1", [hash_columns(cs["name"])]),
            (f"{MASTER_SELECT} WHERE name_hash = ?1", [hash_columns(ACTING)]),
            ("DELETE FROM changesource_masters WHERE changesourceid = ?1", [cs["id"]]),
            ("INSERT INTO changesource_masters (changesourceid, masterid) VALUES (?1, ?2)", [cs["id"], acting_id]),
        ],
        ["cs_claim", ACTING, cs["name"]],
        write=True,
        undo=both(f"DELETE FROM changesource_masters WHERE changesourceid = {cs['id']};\n"),
        digest=both(f"SELECT * FROM changesource_masters WHERE changesourceid = {cs['id']}"),
    ))
    return ops


def list_op(builder):
    ids_of = lambda out: [r["buildrequestid"] for r in json.loads(out)]  # noqa: E731
    return Op(
        "request list --unclaimed --builder X --limit 50",
        ["--json", "request", "list", "--unclaimed", "--builder", builder["name"], "--limit", "50"],
        [
            ("SELECT id FROM builders WHERE name_hash = ?1", [hash_columns(builder["name"])]),
            ({
                # SQLite walks the builder's index from the oldest incomplete
                # request; PostgreSQL uses the builder's index as it is.
                "sqlite": f"{REQ_SELECT} WHERE br.builderid = ? AND +br.complete = 0 "
                "AND br.id >= (SELECT min(id) FROM buildrequests WHERE complete = 0) AND c.claimed_at IS NULL "
                "ORDER BY br.id ASC LIMIT ? OFFSET ?",
                "postgresql": f"{REQ_UNCLAIMED_OF_BUILDER} WHERE br.builderid = ? AND br.complete = 0 "
                "AND c.claimed_at IS NULL ORDER BY br.id ASC LIMIT ? OFFSET ?",
                "mysql": f"{REQ_SELECT} WHERE br.builderid = ? AND br.complete = 0 AND c.claimed_at IS NULL "
                "ORDER BY br.id ASC LIMIT ? OFFSET ?",
            }, {"sqlite": [builder["id"], 50, 0], "postgresql": [builder["id"], builder["id"], 50, 0],
                "mysql": [builder["id"], 50, 0]}),
        ],
        ["list", builder["name"], "50"],
        answer=(1, lambda rows: [r[0] for r in rows], ids_of, ids_of),
    )


def both(sql):
    return {engine: sql for engine in ENGINES}


def facts_builder_id(facts, name):
    if name == facts["builder_x"]["name"]:
        return facts["builder_x"]["id"]
    return facts["builders_50"].index(name) + 1


def sweep_undo_tables(dead):
    running = f"SELECT id FROM builds WHERE masterid = {dead} AND complete_at IS NULL"
    return [
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
    ]


def save_sweep_undo(db, undo_path, dead):
    """The rows a sweep of the dead master changes, for the reset (SQLite:
    in a database file beside the working copy)."""
    if os.path.exists(undo_path):
        os.remove(undo_path)
    conn = sqlite3.connect(db)
    conn.execute(f"ATTACH {q(undo_path)} AS u")
    for table, where in sweep_undo_tables(dead):
        conn.execute(f"CREATE TABLE u.{table} AS SELECT * FROM main.{table} WHERE {where}")
    conn.commit()
    conn.close()


def save_sweep_undo_pg(server, db, dead):
    """The same on PostgreSQL: in schema bench_undo of the working copy."""
    sql = "DROP SCHEMA IF EXISTS bench_undo CASCADE;\nCREATE SCHEMA bench_undo;\n"
    for table, where in sweep_undo_tables(dead):
        sql += f"CREATE TABLE bench_undo.{table} AS SELECT * FROM {table} WHERE {where};\n"
    server.sql(sql, db=db, user=pg.USER)


def save_sweep_undo_my(server, db, dead):
    """The same on MySQL: in database <db>_undo beside the working copy."""
    undo = f"{db}_undo"
    sql = f"DROP DATABASE IF EXISTS `{undo}`;\nCREATE DATABASE `{undo}`;\n"
    for table, where in sweep_undo_tables(dead):
        sql += f"CREATE TABLE `{undo}`.{table} AS SELECT * FROM {table} WHERE {where};\n"
    server.sql(sql, db=db, user=my.USER)


def queue_inputs(db):
    """What the queue's reads pass on as lists, read from the generated
    database as bb reads it: the workers' connected masters (in worker
    order), and the builders with incomplete work."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    connected = [r[0] for r in conn.execute(
        "SELECT (SELECT masterid FROM connected_workers AS cn WHERE cn.id = c.id) FROM workers AS w "
        "JOIN connected_workers AS c ON c.workerid = w.id ORDER BY w.id, c.id")]
    busy = [r[0] for r in conn.execute(
        "SELECT DISTINCT builderid FROM buildrequests WHERE complete = 0 UNION "
        "SELECT builderid FROM builds AS b WHERE b.complete_at IS NULL AND "
        "b.buildrequestid IN (SELECT id FROM buildrequests WHERE complete = 0) ORDER BY 1")]
    conn.close()
    return {
        "connected": connected,
        "busy": busy,
    }


BUILD_SELECT = (
    "SELECT b.id, b.number, b.builderid, b.buildrequestid, b.workerid, b.masterid, "
    "b.started_at, b.complete_at, b.locks_duration_s, b.results, b.state_string FROM builds AS b"
)
# src/db/builds.rs running(): the builds of the incomplete requests; on
# PostgreSQL their ids as an array, so that its planner searches
# builds_buildrequestid rather than reading every build.
RUNNING = {
    "sqlite": "b.buildrequestid IN (SELECT id FROM buildrequests WHERE complete = 0)",
    "postgresql": "b.buildrequestid = ANY(ARRAY(SELECT id FROM buildrequests WHERE complete = 0))",
    "mysql": "b.buildrequestid IN (SELECT id FROM buildrequests WHERE complete = 0)",
}
# src/db/queue.rs: on PostgreSQL the claims are searched by those ids too.
CLAIMS_OF_INCOMPLETE = {
    "sqlite": "",
    "postgresql": " AND c.brid = ANY(ARRAY(SELECT id FROM buildrequests WHERE complete = 0))",
    "mysql": "",
}
WORKER_SELECT = (
    "SELECT w.id, w.name, w.info, w.paused, w.pause_reason, w.graceful, "
    "(SELECT json_group_array(masterid) FROM "
    "(SELECT cn.masterid FROM connected_workers AS cn WHERE cn.workerid = w.id "
    "ORDER BY cn.id) AS c), "
    "(SELECT json_group_array(builderid) FROM "
    "(SELECT bm.builderid FROM configured_workers AS cf "
    "JOIN builder_masters AS bm ON bm.id = cf.buildermasterid "
    "WHERE cf.workerid = w.id ORDER BY cf.id) AS c), "
    "(SELECT json_group_array(masterid) FROM "
    "(SELECT bm.masterid FROM configured_workers AS cf "
    "JOIN builder_masters AS bm ON bm.id = cf.buildermasterid "
    "WHERE cf.workerid = w.id ORDER BY cf.id) AS c) "
    "FROM workers AS w"
)


def names_stmt(table, ids):
    return (f"SELECT id, name FROM {table} WHERE id IN (SELECT value FROM json_each(?1))", [Ids(ids)])


def queue_stmts(busy):
    """src/db/queue.rs snapshot()."""
    return [
        ("SELECT br.builderid, count(*), min(br.submitted_at) FROM buildrequests AS br "
         "WHERE br.complete = 0 "
         "AND NOT EXISTS (SELECT 1 FROM buildrequest_claims AS c WHERE c.brid = br.id) "
         "GROUP BY br.builderid", []),
        ({engine: "SELECT br.builderid, c.masterid, count(*) FROM buildrequests AS br "
          "JOIN buildrequest_claims AS c ON c.brid = br.id "
          f"WHERE br.complete = 0{claims} GROUP BY br.builderid, c.masterid"
          for engine, claims in CLAIMS_OF_INCOMPLETE.items()}, []),
        ({engine: f"SELECT b.builderid, count(*) FROM builds AS b "
          f"WHERE b.complete_at IS NULL AND {running} GROUP BY b.builderid"
          for engine, running in RUNNING.items()}, []),
        names_stmt("builders", busy),
        ("SELECT builderid, masterid FROM builder_masters "
         "WHERE builderid IN (SELECT value FROM json_each(?1)) ORDER BY builderid, masterid", [Ids(busy)]),
        (f"{MASTER_SELECT} ORDER BY id", []),
    ]


def queue_ops(q):
    """build list --running, worker list, queue and metrics: what an
    operator reads when builds do not start."""
    ids = lambda out: [r["buildid"] for r in json.loads(out)]  # noqa: E731
    pending_rows = lambda rows: {str(r[0]): r[1] for r in rows}  # noqa: E731

    def metrics_pending(out):
        total = 0
        for line in out.splitlines():
            if line.startswith("buildbot_buildrequests_pending{"):
                total += int(float(line.rsplit(" ", 1)[1]))
        return total

    return [
        Op(
            "build list --running",
            ["--json", "build", "list", "--running"],
            [
                ({engine: f"{BUILD_SELECT} WHERE b.complete_at IS NULL AND {running} ORDER BY b.id ASC"
                  for engine, running in RUNNING.items()}, []),
            ],
            ["running_builds"],
            answer=(0, lambda rows: [r[0] for r in rows], ids, json.loads),
        ),
        Op(
            "worker list",
            ["--json", "worker", "list"],
            [(f"{WORKER_SELECT} ORDER BY w.id ASC", []), names_stmt("masters", q["connected"])],
            ["workers"],
            answer=(0, lambda rows: [r[0] for r in rows], lambda out: [w["workerid"] for w in json.loads(out)],
                    json.loads),
        ),
        Op(
            "queue",
            ["--json", "queue"],
            queue_stmts(q["busy"]),
            ["pending"],
            answer=(0, pending_rows,
                    lambda out: {str(r["builderid"]): r["pending"] for r in json.loads(out) if r["pending"]},
                    json.loads),
        ),
        Op(
            "metrics",
            ["metrics"],
            queue_stmts(q["busy"]) + [("SELECT masterid, count(*) FROM connected_workers GROUP BY masterid", [])],
            ["pending"],
            answer=(0, lambda rows: sum(r[1] for r in rows), metrics_pending,
                    lambda out: sum(json.loads(out).values())),
            after={
                "postgresql": [("SELECT pg_database_size(current_database())", [])],
                "mysql": [("SELECT CAST(COALESCE(SUM(data_length + index_length), 0) AS INTEGER) "
                           "FROM information_schema.tables WHERE table_schema = DATABASE()", [])],
            },
        ),
    ]


class Target:
    """One engine's working database."""

    def __init__(self, engine, db, bb_db, buildbot_db, facts, acting, src):
        self.engine = engine
        self.db = db  # a path (SQLite) or a database name (PostgreSQL, MySQL)
        self.bb_db = bb_db  # what bb's --db is given
        self.buildbot_db = buildbot_db  # what buildbot_op.py is given
        self.facts = facts
        self.acting = acting
        self.src = src  # the generated SQLite file
        self.with_id = ()  # MySQL: the tables keyed by `id` (MyFloor)
        self.tables = ()  # MySQL: every table, in information_schema's order
        self.myisam = False  # MySQL: whether they are MyISAM

    def operations(self):
        sweep = sweep_inputs(self.src, self.facts["dead_master"]["id"])
        return operations(self.facts, self.acting, sweep) + queue_ops(queue_inputs(self.src))


class Bench:
    def __init__(self, args):
        self.args = args
        self.work = os.path.abspath(args.work)
        self.bb = os.path.abspath(args.bb)
        self.python = None  # the Buildbot virtualenv's, made when first needed
        self.sqlite3 = shutil.which("sqlite3")
        self.hyperfine = args.hyperfine
        self.strace = shutil.which("strace")
        self.pg = None  # bench/pg.py's server, started when first needed
        self.my = None  # bench/my.py's server, likewise
        self.cpu = {}  # (engine, operation, tool) -> mean user+system seconds
        self.ir = {}  # (engine, operation) -> tool -> instructions (--instructions)
        self.pairs = {}  # (engine, operation, (tool, tool)) -> each round's ratio of their medians
        self.statements = {}  # (engine, operation) -> tool -> statements (PostgreSQL)
        self.sends = {}  # (engine, operation) -> tool -> socket writes (PostgreSQL, strace)
        self.proxy = None  # bench/latency.py's process and port (PostgreSQL, --latency)

    def log(self, msg):
        print(msg, file=sys.stderr, flush=True)

    def venv(self):
        if self.python is None:
            self.python = venv_python()
        return self.python

    def database(self, requests):
        """The cached generated database of that size (made if missing)."""
        path = os.path.join(self.work, f"gen-{requests}.sqlite")
        if not (os.path.exists(path) and os.path.exists(path + ".json")) or self.args.regenerate:
            self.log(f"generating a {requests}-request database (bench/gen.py)...")
            subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), path, "--requests", str(requests)], check=True)
        with open(path + ".json") as f:
            return path, json.load(f)

    def setup(self, engine, requests, name):
        """A working copy of the generated database of that size on `engine`,
        with this benchmark's acting master registered and the sweep's undo
        rows saved."""
        src, facts = self.database(requests)
        if engine == "sqlite":
            dst = os.path.join(self.work, f"{name}.sqlite")
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(dst + suffix):
                    os.remove(dst + suffix)
            shutil.copyfile(src, dst)
            target = Target(engine, dst, dst, dst, facts, None, src)
        elif engine == "mysql":
            if self.my is None:
                self.my = my.Server().start()
            template = self.my.loaded(src, requests, self.bb, self.venv(), variant=self.args.my_engine.lower())
            db = self.my.copy(template, f"{name.replace('-', '_')}_{requests}")
            target = Target(engine, db, self.my.url(db), self.my.sqlalchemy_url(db), facts, None, src)
            target.with_id = self.my.sql(
                f"SELECT TABLE_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '{db}' AND COLUMN_NAME = 'id'"
            ).split()
            target.tables = self.my.tables(db)
            target.myisam = self.args.my_engine == "MyISAM"
        else:
            if self.pg is None:
                self.pg = pg.Server().start()
            template = self.pg.loaded(src, requests, self.bb, self.venv())
            db = self.pg.copy(template, f"{name.replace('-', '_')}_{requests}")
            target = Target(engine, db, self.pg.url(db), self.pg.sqlalchemy_url(db), facts, None, src)
            port = self.latency_port()
            if port is not None:
                # bb and psql reach the server through the delaying proxy.
                target.bb_db = f"postgresql://{pg.USER}@127.0.0.1:{port}/{db}?sslmode=disable"
        out = self.run([self.bb, "--db", target.bb_db, "--json", "master", "register", ACTING, "--at", str(facts["now"])])
        target.acting = json.loads(out)["master"]["masterid"]
        if engine == "sqlite":
            save_sweep_undo(target.db, os.path.join(self.work, "undo-sweep.sqlite"), facts["dead_master"]["id"])
        elif engine == "mysql":
            save_sweep_undo_my(self.my, target.db, facts["dead_master"]["id"])
        else:
            save_sweep_undo_pg(self.pg, target.db, facts["dead_master"]["id"])
        return target

    def size(self, target):
        if target.engine == "sqlite":
            return os.path.getsize(target.db) / 1e6
        if target.engine == "mysql":
            return int(self.my.sql("SELECT SUM(data_length + index_length) FROM information_schema.TABLES "
                                   f"WHERE TABLE_SCHEMA = '{target.db}'")) / 1e6
        return int(self.pg.sql(f"SELECT pg_database_size('{target.db}')")) / 1e6

    def run(self, argv, **kw):
        p = subprocess.run(argv, capture_output=True, text=True, cwd=self.work, env=pg.clean_env(), **kw)
        if p.returncode != 0:
            raise SystemExit(f"{argv[:6]}... failed ({p.returncode}):\n{p.stderr}")
        return p.stdout

    def latency_port(self):
        """The port of the proxy that delays each direction by --latency
        (started on first use), or None without --latency."""
        if not self.args.latency:
            return None
        if self.proxy is None:
            delay = parse_latency(self.args.latency)
            proc = subprocess.Popen([sys.executable, os.path.join(HERE, "latency.py"), str(delay),
                                     os.path.join(self.pg.sock, f".s.PGSQL.{self.pg.port}")],
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            # It would otherwise outlive the benchmark (and hold its pipes).
            atexit.register(proc.kill)
            self.proxy = (proc, int(proc.stdout.readline()))
            self.log(f"postgresql: {self.args.latency} each way through bench/latency.py on port {self.proxy[1]}")
        return self.proxy[1]

    def floor_argv(self, target, path, checking=False):
        if target.engine == "sqlite":
            return [self.sqlite3] + (["-json"] if checking else []) + [target.db, f".read {path}"]
        if target.engine == "mysql":
            # --batch with column names left out; every statement's rows
            # printed when checking, none otherwise.
            argv = self.my.client_argv(target.db) + ["--batch", "--skip-column-names", "--abort-source-on-error"]
            return argv + ([] if checking else ["--silent"]) + ["-e", f"source {path}"]
        argv = self.pg.psql_argv(target.db)
        port = self.latency_port()
        if port is not None:
            argv = [os.path.join(self.pg.bin, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d",
                    f"host=127.0.0.1 port={port} user={pg.USER} dbname={target.db} sslmode=disable"]
        if checking:
            argv += ["--csv", "-t", "-P", "null=@NULL@"]
        return argv + ["-f", path]

    def commands(self, op, target):
        """tool -> argv."""
        path = os.path.join(self.work, f"op-{target.engine}-{slug(op.name)}.sql")
        with open(path, "w") as f:
            f.write(self.script(op, target))
        return {
            "bb": [self.bb, "--db", target.bb_db] + op.bb,
            "floor": self.floor_argv(target, path),
            "buildbot": [self.venv(), os.path.join(HERE, "buildbot_op.py"), target.buildbot_db,
                         str(target.facts["now"])] + op.py,
        }

    def script(self, op, target, marked=False):
        """The floor's script for `op` on the target's engine."""
        if target.engine != "mysql":
            return script(op, target.engine, marked)

        def evaluate(select):
            out = self.my.sql(select + ";\n", db=target.db)
            return [[None if v == "NULL" else cell(v) for v in line.split("\t")] for line in out.splitlines()]

        return script(op, "mysql", marked, MyFloor(target.tables, target.with_id, target.myisam, evaluate))

    def undo_file(self, op, target):
        """The undo script's path, or None for reads."""
        undo = op.undo.get(target.engine)
        if undo is None:
            return None
        if target.engine == "sqlite":
            undo = "BEGIN;\n" + undo + "COMMIT;\nPRAGMA wal_checkpoint(TRUNCATE);\n"
        elif target.engine == "mysql":
            # InnoDB purges what it changed by itself.
            undo = ("SET SESSION foreign_key_checks = 0;\nBEGIN;\n"
                    + undo.replace("bench_undo.", f"`{target.db}_undo`.") + "COMMIT;\n")
        else:
            # Then vacuum what it changed: without that every run would leave
            # dead rows (and index entries) behind for the next to wade
            # through -- the sweep's 10k claims, deleted and put back, made
            # its DELETE twice as slow within a few dozen runs.
            tables = sorted(set(re.findall(r"(?:DELETE FROM|UPDATE|INSERT INTO) (\w+)", undo)))
            undo = "BEGIN;\n" + undo + "COMMIT;\n" + f"VACUUM {', '.join(tables)};\n"
        path = os.path.join(self.work, f"undo-{target.engine}-{slug(op.name)}.sql")
        with open(path, "w") as f:
            f.write(undo)
        return path

    def reset(self, op, target):
        path = self.undo_file(op, target)
        if path is not None:
            self.run(self.prepare_argv(target, path))

    def prepare_argv(self, target, path):
        if target.engine == "sqlite":
            return [self.sqlite3, target.db, f".read {path}"]
        if target.engine == "mysql":
            return self.my.client_argv(target.db) + ["--abort-source-on-error", "-e", f"source {path}"]
        return self.pg.psql_argv(target.db) + ["-f", path]

    def digest(self, op, target):
        sql = op.digest[target.engine]
        if target.engine == "sqlite":
            conn = sqlite3.connect(target.db)
            rows = conn.execute(sql).fetchall()
            conn.close()
            return rows
        if target.engine == "mysql":
            return self.my.sql(sql + ";\n", db=target.db).splitlines()
        return self.pg.sql(sql + ";\n", db=target.db).splitlines()

    def check(self, op, target):
        """Run each tool once from the reset state; their answers must agree.
        On PostgreSQL, also count each one's statements: bb's and psql's must
        be the same."""
        answers = {}
        counted = {}
        self.check_time = {}
        engine = target.engine
        for tool, argv in self.commands(op, target).items():
            self.reset(op, target)
            if tool == "floor":
                path = os.path.join(self.work, f"check-{engine}-{slug(op.name)}.sql")
                with open(path, "w") as f:
                    f.write(self.script(op, target, marked=True))
                argv = self.floor_argv(target, path, checking=True)
            if engine == "postgresql":
                self.pg.reset_statements()
            elif engine == "mysql":
                self.my.log_statements(True)
            started = time.perf_counter()
            out = self.run(argv)
            self.check_time[tool] = time.perf_counter() - started
            if engine == "postgresql":
                counted[tool] = self.pg.statement_counts(target.db)
            elif engine == "mysql":
                self.my.log_statements(False)
                counted[tool] = self.my.logged(target.db)
            if op.digest:
                answers[tool] = self.digest(op, target)
            elif tool == "floor":
                index, read, _, _ = op.answer
                answers[tool] = read(statement_rows(out, engine)[index])
            else:
                answers[tool] = op.answer[2 if tool == "bb" else 3](out)
        self.reset(op, target)
        first = answers["bb"]
        if not first:
            raise SystemExit(f"{op.name} ({engine}): bb's answer is empty")
        for tool, answer in answers.items():
            if answer != first:
                name = FLOOR[engine] if tool == "floor" else tool
                raise SystemExit(
                    f"{op.name} ({engine}): {name} and bb answer differently:\n  bb: {first}\n  {name}: {answer}"
                )
        if engine in ("postgresql", "mysql"):
            made = {tool: Counter() for tool in counted}
            for tool, rows in counted.items():
                if engine == "postgresql":
                    for calls, text in rows:
                        made[tool][normalize(text)] += calls
                    continue
                # The general log: a statement sent as text (Query) or as a
                # prepared statement's execution (Execute, its values in
                # place); the floor's markers left out.
                for kind, text in rows:
                    if kind in ("Query", "Execute") and MARK not in text:
                        made[tool][normalize(text, backslashes=True)] += 1
            if not made["bb"]:
                raise SystemExit(f"{op.name} ({engine}): no statement of bb's was counted")
            if made["bb"] != made["floor"]:
                floor = FLOOR[engine]
                diff = "\n".join(
                    f"  bb {made['bb'][k]}x, {floor} {made['floor'][k]}x: {k}"
                    for k in sorted(set(made["bb"]) | set(made["floor"]))
                    if made["bb"][k] != made["floor"][k]
                )
                raise SystemExit(f"{op.name}: {floor}'s script does not run the statements bb runs:\n{diff}")
            self.statements[(engine, op.name)] = {tool: sum(c.values()) for tool, c in made.items()}
            if engine == "mysql":
                # What each client sent but its login, its goodbye and bb's
                # closing of its prepared statements (no answer awaited): a
                # round trip each (bb prepares each statement, then
                # executes it).
                self.sends[(engine, op.name)] = {
                    tool: sum(1 for kind, text in counted[tool]
                              if kind not in ("Connect", "Quit", "Close stmt") and MARK not in text)
                    for tool in ("bb", "floor")
                }
                return answers
            self.sends[(engine, op.name)] = {
                tool: self.count_sends(op, target, argv) for tool, argv in self.commands(op, target).items()
                if tool != "buildbot"
            }
        return answers

    def count_sends(self, op, target, argv):
        """The client's writes to the server's socket in one run from the
        reset state (strace): one per round trip, plus the Terminate."""
        if not self.strace:
            return None
        self.reset(op, target)
        out = os.path.join(self.work, "strace.txt")
        p = subprocess.run(
            [self.strace, "-f", "-qq", "-e", "trace=sendto,sendmsg", "-o", out] + argv,
            cwd=self.work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=pg.clean_env(),
        )
        self.reset(op, target)
        if p.returncode != 0:
            raise SystemExit(f"{argv[:4]} failed under strace:\n{p.stderr}")
        with open(out) as f:
            # The socket is the only descriptor above 2 either writes to.
            return sum(1 for line in f if re.search(r"\b(sendto|sendmsg)\(([3-9]|\d\d+),", line))

    def peak_rss(self, op, argv, target):
        """bb's peak RSS (KiB) for one run from the reset state, as GNU
        time reports it (a child forked from this Python process would
        count Python's own pages until its exec)."""
        self.reset(op, target)
        p = subprocess.run(
            ["/usr/bin/time", "-f", "%M"] + argv, cwd=self.work, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True, env=pg.clean_env(),
        )
        if p.returncode != 0:
            raise SystemExit(f"{argv} failed while measuring RSS:\n{p.stderr}")
        self.reset(op, target)
        return int(p.stderr.strip().splitlines()[-1])

    def instructions(self, op, argv, target):
        """Instructions one run executes, user space, as callgrind counts
        them: unlike wall time, the same on a busy machine as on a quiet one."""
        self.reset(op, target)
        p = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + argv,
            cwd=self.work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=pg.clean_env(),
        )
        self.reset(op, target)
        for line in p.stderr.splitlines():
            if "Collected :" in line:
                return int(line.split(":")[-1])
        raise SystemExit(f"callgrind failed for {op.name}:\n{p.stderr}")

    def hyperfine_times(self, op, target, name, argv, runs, warmup):
        """hyperfine's run times for one command, and its CPU time per run."""
        out = os.path.join(self.work, f"hf-{target.engine}-{slug(op.name)}-{name}.json")
        cmd = [
            self.hyperfine,
            "-N",
            "--style", "none",
            "--warmup", str(warmup),
            "--runs", str(runs),
            "--export-json", out,
            "-n", name,
        ]
        undo = self.undo_file(op, target)
        if undo is not None:
            cmd += ["--prepare", " ".join(shell_quote(a) for a in self.prepare_argv(target, undo))]
        cmd.append(" ".join(shell_quote(a) for a in argv))
        # hyperfine's warnings (outliers on a busy machine) would drown the
        # report; they are shown only if it fails.
        p = subprocess.run(cmd, cwd=self.work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                           env=pg.clean_env())
        if p.returncode != 0:
            raise SystemExit(f"hyperfine failed for {op.name} ({target.engine}, {name}):\n{p.stderr}")
        with open(out) as f:
            result = json.load(f)["results"][0]
        return result["times"], result["user"] + result["system"]

    def medians(self, op, target, commands, runs, warmup, rounds):
        """Median wall time per command. The runs are split into rounds that
        alternate between the commands, so that a machine whose load drifts
        during the benchmark does not favour whichever ran first."""
        times = {name: [] for name in commands}
        cpu = {name: [] for name in commands}
        pairs = []  # each round's ratio of the first command's median to the second's
        per_round = max(1, runs // rounds)
        for r in range(rounds if runs >= rounds else 1):
            order = list(commands) if r % 2 == 0 else list(reversed(commands))
            this = {}
            for name in order:
                t, c = self.hyperfine_times(op, target, name, commands[name], per_round, warmup if r == 0 else 1)
                times[name] += t
                this[name] = median(t)
                cpu[name].append(c)
            if len(commands) == 2:
                first, second = commands
                pairs.append(this[first] / this[second])
        for name in commands:
            self.cpu[(target.engine, op.name, name)] = sum(cpu[name]) / len(cpu[name])
        if pairs:
            self.pairs[(target.engine, op.name, tuple(commands))] = pairs
        return {name: median(t) for name, t in times.items()}

    def engine_run(self, engine):
        """Every operation on one engine; prints its table."""
        args = self.args
        floor = FLOOR[engine]
        target = self.setup(engine, args.requests, "bench")
        c = target.facts["counts"]
        self.log(
            f"{engine}: {c['buildrequests']} build requests, {c['buildsets']} buildsets, {c['builds']} builds "
            f"({self.size(target):.0f} MB); bb {args.bb}"
        )
        rows = []
        for op in target.operations():
            if args.only and not any(only in op.name for only in args.only.split(",")):
                continue
            started = time.monotonic()
            self.check(op, target)
            cmds = self.commands(op, target)
            rss = self.peak_rss(op, cmds["bb"], target)
            medians = self.medians(op, target, {t: cmds[t] for t in ("bb", "floor")}, args.runs, args.warmup,
                                   args.rounds)
            if args.py_runs == 0:
                # Smoke mode: the checking run is the one run.
                medians["buildbot"] = self.check_time["buildbot"]
            else:
                medians.update(self.medians(op, target, {"buildbot": cmds["buildbot"]}, args.py_runs,
                                            args.py_warmup, 1))
            if args.instructions:
                self.ir[(engine, op.name)] = {t: self.instructions(op, cmds[t], target) for t in ("bb", "floor")}
            rows.append((op.name, medians, rss))
            # The last timed run's write stays otherwise.
            self.reset(op, target)
            extra = ""
            if (engine, op.name) in self.statements:
                s = self.statements[(engine, op.name)]
                extra = f", statements bb {s['bb']} {floor} {s['floor']} Buildbot {s['buildbot']}"
            self.log(
                f"  {op.name}: answers agree; bb {ms(medians['bb'])}, {floor} {ms(medians['floor'])}, "
                f"buildbot {ms(medians['buildbot'])}, bb peak RSS {rss / 1024:.1f} MiB{extra} "
                f"({time.monotonic() - started:.0f}s)"
            )

        print()
        py_runs = f"{args.py_runs} runs" if args.py_runs else "the checking run"
        if engine == "sqlite":
            where = "SQLite"
        elif engine == "mysql":
            engines = self.my.sql("SELECT DISTINCT ENGINE FROM information_schema.TABLES "
                                  f"WHERE TABLE_SCHEMA = '{target.db}'").split()
            where = f"MariaDB {self.my.sql('SELECT VERSION()').split('-')[0]} ({', '.join(engines)})"
        else:
            where = f"PostgreSQL {self.pg.sql('SHOW server_version').split()[0]}"
        print(
            f"bb benchmark on {where}: {c['buildrequests']} build requests, {c['buildsets']} buildsets; "
            f"medians of {args.runs} runs (Buildbot: {py_runs})"
        )
        print()
        header = ["operation", "bb", floor, "Buildbot", f"bb/{floor}", "bb/Buildbot", "bb peak RSS", f"CPU bb/{floor}"]
        if engine == "postgresql":
            header += ["statements bb/psql/Buildbot", "socket writes bb/psql"]
        elif engine == "mysql":
            header += [f"statements bb/{floor}/Buildbot", f"round trips bb/{floor}"]
        # Each round runs bb and the floor one after the other (in turn
        # first): the ratio of their medians in each round, its median over
        # the rounds, and in how many rounds bb was faster.
        header += [f"bb/{floor} by round", "bb faster"]
        if args.instructions:
            header.append(f"instructions bb / {floor}")
        table = [header]
        for name, m, rss in rows:
            row = [
                name,
                ms(m["bb"]),
                ms(m["floor"]),
                ms(m["buildbot"]),
                f"{m['bb'] / m['floor']:.2f}",
                f"{m['bb'] / m['buildbot']:.4f}",
                f"{rss / 1024:.1f} MiB",
                f"{self.cpu[(engine, name, 'bb')] / self.cpu[(engine, name, 'floor')]:.2f}",
            ]
            if engine in ("postgresql", "mysql"):
                s = self.statements[(engine, name)]
                w = self.sends[(engine, name)]
                row.append(f"{s['bb']} / {s['floor']} / {s['buildbot']}")
                row.append("n/a" if w["bb"] is None else f"{w['bb']} / {w['floor']}")
            pairs = self.pairs[(engine, name, ("bb", "floor"))]
            row += [f"{median(pairs):.2f}", f"{sum(1 for p in pairs if p < 1)} of {len(pairs)}"]
            if args.instructions:
                ir = self.ir[(engine, name)]
                row.append(f"{ir['bb'] / 1e6:.1f}M / {ir['floor'] / 1e6:.1f}M = {ir['bb'] / ir['floor']:.2f}")
            table.append(row)
        widths = [max(len(r[i]) for r in table) for i in range(len(header))]
        print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
        print("|" + "|".join("-" * (w + 2) if i == 0 else "-" * (w + 1) + ":" for i, w in enumerate(widths)) + "|")
        for r in table[1:]:
            print("| " + " | ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(r, widths))) + " |")

        # request list --limit 50 at the small and at the full size.
        if not args.only or any(only in "request list" for only in args.only.split(",")):
            small = self.setup(engine, args.small_requests, "bench-small")
            small_op, big_op = list_op(small.facts["builder_x"]), list_op(target.facts["builder_x"])
            self.check(small_op, small)
            small_cmd = self.commands(small_op, small)["bb"]
            big_cmd = self.commands(big_op, target)["bb"]
            both = self.medians(big_op, target, {"bb-small": small_cmd, "bb-large": big_cmd}, args.runs, args.warmup,
                                args.rounds)
            t_small, t_big = both["bb-small"], both["bb-large"]
            print()
            label = "" if engine == "sqlite" else f" ({engine})"
            print(
                f"request list --unclaimed --builder X --limit 50{label}: {ms(t_small)} at "
                f"{small.facts['counts']['buildrequests']} requests, {ms(t_big)} at {c['buildrequests']} "
                f"requests: {t_big / t_small:.2f}x"
            )
        sys.stdout.flush()


def parse_latency(text):
    """Seconds, from 0.5ms, 500us or 0.0005."""
    m = re.fullmatch(r"([\d.]+)\s*(ms|us|s)?", text.strip())
    if not m:
        raise SystemExit(f"--latency {text!r}: give a delay such as 0.5ms")
    return float(m.group(1)) * {"ms": 1e-3, "us": 1e-6, "s": 1.0, None: 1.0}[m.group(2)]


def normalize(text, backslashes=False):
    """A statement as pg_stat_statements shows it, without its values: bb's
    parameters and psql's literals (which pg_stat_statements replaced with
    $N, but not in utility statements) read the same. With `backslashes`,
    MySQL's strings (whose backslashes escape)."""
    if backslashes:
        text = re.sub(r"'(?:[^'\\]|\\.|'')*'", "?", text)
    text = re.sub(r"'(?:[^']|'')*'", "?", text)
    text = re.sub(r"\$\d+", "?", text)
    text = re.sub(r"(?<![\w.])-?\d+(?![\w.])", "?", text)
    return re.sub(r"\s+", " ", text).strip()


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
    ap.add_argument(
        "--engine", default="sqlite",
        help="sqlite (the default), postgresql, mysql, several as sqlite,postgresql (or all)",
    )
    ap.add_argument("--requests", type=int, default=1_000_000)
    ap.add_argument("--small-requests", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=30, help="timed runs of bb and of the floor (sqlite3 / psql)")
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds the runs are split into")
    ap.add_argument(
        "--py-runs", type=int, default=5,
        help="timed runs of the Buildbot process (0: time the checking run instead of running hyperfine)",
    )
    ap.add_argument("--py-warmup", type=int, default=1)
    ap.add_argument("--regenerate", action="store_true")
    ap.add_argument("--my-engine", default="InnoDB", choices=["InnoDB", "MyISAM"],
                    help="MySQL: the storage engine of the loaded database's tables (Buildbot's storage_engine=)")
    ap.add_argument(
        "--instructions", action="store_true",
        help="also count bb's and the floor's instructions with callgrind (needs valgrind)",
    )
    ap.add_argument("--only", help="run only operations whose name contains this (or one of these, comma-separated)")
    ap.add_argument(
        "--latency",
        help="PostgreSQL: reach the server through a proxy on loopback that delays each direction by this "
        "much (0.5ms: a 1 ms round trip), bb and psql alike",
    )
    args = ap.parse_args()
    engines = ENGINES if args.engine == "all" else args.engine.split(",")
    for engine in engines:
        if engine not in ENGINES:
            ap.error(f"unknown engine {engine!r}: sqlite, postgresql, mysql, a comma-separated list or all")
    os.makedirs(args.work, exist_ok=True)
    bench = Bench(args)
    for engine in engines:
        started = time.monotonic()
        bench.engine_run(engine)
        bench.log(f"{engine}: done in {time.monotonic() - started:.0f}s")


if __name__ == "__main__":
    main()
