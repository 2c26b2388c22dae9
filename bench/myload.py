"""Load a generated SQLite database's rows into a MariaDB database that `bb
db init` has just given Buildbot's schema (run by bench/my.py with
target/buildbot-venv's python, which has PyMySQL).

    python bench/myload.py DB.sqlite SOCKET USER DBNAME

Every table but alembic_version (bb db init wrote its row) is written as a
tab-separated file and loaded with LOAD DATA LOCAL INFILE, columns by name
(the tables the same as on PostgreSQL: bench/pgload.py's `tables`), without
foreign-key or unique checks (the rows are Buildbot's own, read back by
bench/verify.py). The row counts are checked equal; then ANALYZE TABLE, as
a long-running database would have its statistics.
"""

import os
import sqlite3
import sys
import tempfile
import time

import pymysql

from pgload import source_tables

ESCAPES = {ord("\\"): "\\\\", ord("\t"): "\\t", ord("\n"): "\\n", ord("\r"): "\\r", 0: "\\0"}


def field(value):
    if value is None:
        return b"\\N"
    if isinstance(value, bytes):
        return b"".join(ESCAPES[b].encode() if b in ESCAPES else bytes([b]) for b in value)
    return str(value).translate(ESCAPES).encode("utf-8")


def main(sqlite_path, socket, user, dbname):
    started = time.monotonic()
    src = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    my = pymysql.connect(unix_socket=socket, user=user, database=dbname, local_infile=True, charset="utf8mb4",
                         autocommit=False)
    cur = my.cursor()
    cur.execute("SET SESSION foreign_key_checks = 0, unique_checks = 0")
    counts = {}
    with tempfile.TemporaryDirectory() as tmp:
        for table, columns in source_tables(src):
            n = src.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            counts[table] = n
            if n == 0:
                continue
            path = os.path.join(tmp, f"{table}.tsv")
            quoted = ", ".join(f'"{c}"' for c in columns)
            with open(path, "wb") as f:
                for row in src.execute(f'SELECT {quoted} FROM "{table}"'):
                    f.write(b"\t".join(field(v) for v in row) + b"\n")
            cur.execute(
                f"LOAD DATA LOCAL INFILE %s INTO TABLE `{table}` CHARACTER SET utf8mb4 "
                f"FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' "
                f"({', '.join(f'`{c}`' for c in columns)})",
                (path,),
            )
            my.commit()
            os.remove(path)
    for table, n in counts.items():
        cur.execute(f"SELECT count(*) FROM `{table}`")
        got = cur.fetchone()[0]
        if got != n:
            raise SystemExit(f"{table}: {got} rows in MariaDB, {n} in {sqlite_path}")
    cur.execute("ANALYZE TABLE " + ", ".join(f"`{t}`" for t in counts))
    cur.fetchall()
    my.close()
    print(f"myload: {sum(counts.values())} rows in {len(counts)} tables in {time.monotonic() - started:.0f}s",
          file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
