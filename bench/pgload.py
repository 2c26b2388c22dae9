"""Copy a generated SQLite database's rows into a PostgreSQL database that
`bb db init` has just given Buildbot's schema (run by bench/pg.py with
target/buildbot-venv's python, which has psycopg2).

    python bench/pgload.py DB.sqlite 'host=SOCKET port=PORT user=bb_admin dbname=NAME'

Every table but alembic_version (bb db init wrote its row) is copied with
COPY, columns by name, bytea as hex; foreign keys are not checked while
loading (session_replication_role = replica: the rows are Buildbot's own,
read back by bench/verify.py). Then every serial sequence is set to its
table's max(id), the row counts are checked equal, and the database is
vacuumed, frozen and analyzed, as a long-running one would be.
"""

import io
import sqlite3
import sys
import time

import psycopg2


def csv_field(value, bytea):
    if value is None:
        return ""
    if bytea:
        if isinstance(value, str):
            value = value.encode("utf-8")
        return "\\x" + value.hex()
    if isinstance(value, bytes):
        value = value.decode("utf-8")
    s = str(value)
    if s == "" or any(c in s for c in ',"\n\r\\') or s != s.strip():
        return '"' + s.replace('"', '""') + '"'
    return s


class Rows(io.TextIOBase):
    """A table's rows as CSV, read by COPY in chunks."""

    def __init__(self, cursor, bytea):
        self.cursor = cursor
        self.bytea = bytea
        self.buf = ""
        self.count = 0

    def readable(self):
        return True

    def read(self, size=-1):
        while size < 0 or len(self.buf) < size:
            rows = self.cursor.fetchmany(5000)
            if not rows:
                break
            self.count += len(rows)
            self.buf += "".join(
                ",".join(csv_field(v, b) for v, b in zip(row, self.bytea)) + "\n" for row in rows
            )
        if size < 0:
            out, self.buf = self.buf, ""
        else:
            out, self.buf = self.buf[:size], self.buf[size:]
        return out

    readline = read


def source_tables(src):
    """The generated database's tables but alembic_version (which bb db
    init wrote), in name order, with their columns."""
    tables = [
        r[0]
        for r in src.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'alembic_version' ORDER BY name"
        )
    ]
    return [(t, [r[1] for r in src.execute(f'PRAGMA table_info("{t}")')]) for t in tables]


def main(sqlite_path, dsn):
    started = time.monotonic()
    src = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    pg = psycopg2.connect(dsn)
    cur = pg.cursor()
    cur.execute("SET session_replication_role = replica")
    counts = {}
    for table, columns in source_tables(src):
        cur.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position",
            (table,),
        )
        pg_columns = dict(cur.fetchall())
        if not pg_columns:
            raise SystemExit(f"{table}: no such table in the PostgreSQL schema")
        missing = [c for c in columns if c not in pg_columns]
        if missing:
            raise SystemExit(f"{table}: columns {missing} are not in the PostgreSQL schema")
        n = src.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        counts[table] = n
        if n == 0:
            continue
        rows = Rows(src.execute(f'SELECT {", ".join(chr(34) + c + chr(34) for c in columns)} FROM "{table}"'),
                    [pg_columns[c] == "bytea" for c in columns])
        cur.copy_expert(
            f'COPY "{table}" ({", ".join(chr(34) + c + chr(34) for c in columns)}) FROM STDIN WITH (FORMAT csv)',
            rows, size=1 << 20,
        )
    # Every serial sequence to its column's max (setval(seq, 1, false) on an
    # empty table: the next id is 1).
    cur.execute(
        "SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) "
        "FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND column_default LIKE 'nextval(%%'"
    )
    for table, column, seq in cur.fetchall():
        cur.execute(
            f'SELECT setval(%s, coalesce((SELECT max("{column}") FROM "{table}"), 1), '
            f'(SELECT max("{column}") FROM "{table}") IS NOT NULL)',
            (seq,),
        )
    for table, n in counts.items():
        cur.execute(f'SELECT count(*) FROM "{table}"')
        got = cur.fetchone()[0]
        if got != n:
            raise SystemExit(f"{table}: {got} rows in PostgreSQL, {n} in {sqlite_path}")
    pg.commit()
    pg.autocommit = True
    cur.execute("VACUUM (FREEZE, ANALYZE)")
    pg.close()
    total = sum(counts.values())
    print(f"pgload: {total} rows in {len(counts)} tables in {time.monotonic() - started:.0f}s", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
