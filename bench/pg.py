"""The benchmark's own PostgreSQL server, and the generated databases loaded
into it (bench/run --engine postgresql; used by bench/bench.py).

Never the machine's service on 5432, and not the test suite's server
(tests/cli/pg.rs, target/pg-test) either: that one runs with fsync off and
is shared with concurrent test runs that create and drop databases, which
is the wrong place to time commits. This is a cluster of its own, set up
the same way: `initdb` from the newest /usr/lib/postgresql/<version>/bin
(`apt-get install postgresql` when there is none) into target/bench/pg/data,
as the `postgres` OS user (setpriv) when run as root, as initdb refuses
root. It listens on no TCP port, only on its unix socket in
target/bench/pg/sock (the port file names the socket, .s.PGSQL.<port>), and
trusts local logins: `bb_admin` (superuser, for loading and statistics) and
`bb_bench` (an ordinary role that owns the databases; bb, psql and Buildbot
all log in as it). Its settings are the stock ones (fsync on, 128 MB shared
buffers) plus pg_stat_statements, which counts the statements each command
makes. It is left running for the next run (restarted if not answering)
and stops by itself within a minute of target/bench/pg being removed
(PostgreSQL checks its postmaster.pid); `bench/run --stop-pg` stops it.

A generated SQLite database (bench/gen.py) is loaded once into a database
named after its size and a fingerprint of what made it (the generated
file's size and time, which --regenerate changes; pgload.py; bb's
PostgreSQL schema) -- `gen_<requests>_<fingerprint>` -- and cached
there: an empty database, `bb db init` (Buildbot's schema), every table's
rows copied (bench/pgload.py, psycopg2 COPY from the Buildbot virtualenv),
every serial sequence set to max(id), VACUUM (FREEZE, ANALYZE). Each run
works on a copy of it (CREATE DATABASE ... TEMPLATE).
"""

import glob
import os
import socket
import subprocess
import sys
import time

from server import Server as BaseServer, log

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

ADMIN = "bb_admin"
USER = "bb_bench"


def find_bin():
    """The newest /usr/lib/postgresql/<version>/bin with the server programs."""
    found = []
    for path in glob.glob("/usr/lib/postgresql/*/bin"):
        version = os.path.basename(os.path.dirname(path))
        if version.isdigit() and all(os.path.exists(os.path.join(path, p)) for p in ("initdb", "pg_ctl", "postgres", "psql")):
            found.append((int(version), path))
    return max(found)[1] if found else None


def clean_env():
    """The environment without PG* variables (no stray PGHOST, PGPASSWORD)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["PGCONNECT_TIMEOUT"] = "10"
    return env


class Server(BaseServer):
    kind = "pg"
    layout = "bench-pg 1"
    os_user_name = "postgres"
    load_files = ("bench/pgload.py", "schema-postgresql.sql")

    def __init__(self):
        super().__init__()
        self.sock = self.short_socket_dir(os.path.join(self.dir, "sock"), "/.s.PGSQL.65535.lock")
        self.port_file = os.path.join(self.dir, "port")
        self.port = None

    def find_bin(self):
        return find_bin()

    def install(self):
        log("bench/run: no PostgreSQL server programs in /usr/lib/postgresql/*/bin: apt-get install postgresql")
        subprocess.run(
            ["sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql"],
            check=True, stdout=sys.stderr,
        )
        path = find_bin()
        if path is None:
            raise SystemExit("apt-get install postgresql succeeded, but /usr/lib/postgresql/*/bin lacks initdb or pg_ctl")
        return path

    # --- running programs

    def psql_argv(self, db, user=USER):
        return [os.path.join(self.bin, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", self.sock, "-p", str(self.port), "-U", user, "-d", db]

    def sql(self, sql, db="postgres", user=ADMIN, check=True):
        """Run SQL with psql (unaligned, tuples only); its output."""
        p = subprocess.run(
            self.psql_argv(db, user) + ["-A", "-t", "-f", "-"], input=sql, capture_output=True, text=True,
            env=clean_env(),
        )
        if check and p.returncode != 0:
            raise SystemExit(f"psql on {db} failed ({p.returncode}):\n{sql[:2000]}\n{p.stderr}")
        return p.stdout.strip() if check else p

    def url(self, db, user=USER):
        """bb's URL for a database (the socket form)."""
        return f"postgresql://{user}@/{db}?host={self.sock}&port={self.port}"

    def sqlalchemy_url(self, db, user=USER):
        """Buildbot's db_url for it (its SQLAlchemy reads a bare postgresql://
        as psycopg 3, which the virtualenv does not have)."""
        return f"postgresql+psycopg2://{user}@/{db}?host={self.sock}&port={self.port}"

    def dsn(self, db, user=ADMIN):
        """A libpq connection string (psycopg2)."""
        return f"host={self.sock} port={self.port} user={user} dbname={db}"

    def ping(self):
        if self.port is None:
            return False
        p = self.sql("SELECT 1", check=False)
        return p.returncode == 0 and p.stdout.strip() == "1"

    # --- setting up and starting

    def resume(self):
        try:
            with open(self.port_file) as f:
                self.port = int(f.read().strip())
        except (OSError, ValueError):
            self.port = None

    def after_init(self):
        self.sql(f"CREATE ROLE {USER} LOGIN; CREATE EXTENSION pg_stat_statements;")

    def init(self):
        log(f"bench/run: setting up the benchmark's PostgreSQL cluster in {self.data} ({self.bin})")
        self.fresh_dirs(self.sock)
        subprocess.run(
            self.as_os_user([os.path.join(self.bin, "initdb"), "-D", self.data, "-U", ADMIN, "--auth=trust",
                             "--encoding=UTF8", "--locale=C", "--no-sync"]),
            cwd=self.dir, check=True, stdout=subprocess.DEVNULL, env=clean_env(),
        )
        with open(os.path.join(self.data, "postgresql.conf"), "a") as f:
            f.write(
                "\n# bb benchmark (bench/pg.py): stock settings but for these; the port is given at start.\n"
                "listen_addresses = ''\n"
                f"unix_socket_directories = '{self.sock}'\n"
                "shared_preload_libraries = 'pg_stat_statements'\n"
                "pg_stat_statements.max = 10000\n"
                "timezone = 'UTC'\n"
                "log_checkpoints = off\n"
            )
        with open(os.path.join(self.data, "pg_hba.conf"), "w") as f:
            f.write("# bb benchmark (bench/pg.py): the unix socket only\nlocal all all trust\n")

    def launch(self):
        for _ in range(3):
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                self.port = s.getsockname()[1]
            p = subprocess.run(
                self.as_os_user([os.path.join(self.bin, "pg_ctl"), "start", "-D", self.data, "-l", self.log,
                                 "-w", "-t", "30", "-o", f"-p {self.port}"]),
                cwd=self.dir, capture_output=True, text=True, env=clean_env(),
            )
            if p.returncode == 0:
                for _ in range(100):
                    if self.ping():
                        with open(self.port_file, "w") as f:
                            f.write(f"{self.port}\n")
                        return
                    time.sleep(0.1)
            self.stop()
        raise SystemExit(f"could not start the benchmark's PostgreSQL server; see {self.log}:\n{p.stdout}{p.stderr}")

    def stop(self):
        """Stop a postmaster of this data directory, if one runs."""
        self.bin = self.bin or find_bin()
        if os.path.exists(os.path.join(self.data, "postmaster.pid")) and self.bin:
            subprocess.run(
                self.as_os_user([os.path.join(self.bin, "pg_ctl"), "stop", "-D", self.data, "-m", "fast", "-w"]),
                cwd=self.dir, capture_output=True, env=clean_env(),
            )

    # --- databases

    def databases(self, like):
        out = self.sql(f"SELECT datname FROM pg_database WHERE datname LIKE '{like}' ORDER BY 1")
        return out.split() if out else []

    def drop(self, db):
        self.sql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')

    def load(self, name, sqlite_path, bb, python, variant):
        """`bb db init`, then every row copied (pgload.py), into a database
        renamed to `name` once complete."""
        loading = "loading" + name[len("gen"):]
        for old in self.databases("loading\\_" + name.split("_")[1] + "\\_%"):
            self.drop(old)
        started = time.monotonic()
        self.sql(f'CREATE DATABASE "{loading}" OWNER {USER}')
        p = subprocess.run([bb, "--db", self.url(loading), "db", "init"], capture_output=True, text=True,
                           env=clean_env())
        if p.returncode != 0:
            raise SystemExit(f"bb db init on {loading} failed ({p.returncode}):\n{p.stderr}")
        subprocess.run([python, os.path.join(HERE, "pgload.py"), sqlite_path, self.dsn(loading)], check=True)
        self.sql(f'ALTER DATABASE "{loading}" RENAME TO "{name}"')
        log(f"bench/run: loaded in {time.monotonic() - started:.0f}s")

    def clone(self, template, name):
        # FILE_COPY (PostgreSQL 15+) copies the files instead of writing
        # every page to the WAL: seconds instead of a minute at 1M requests.
        strategy = " STRATEGY FILE_COPY" if int(self.sql("SHOW server_version_num")) >= 150000 else ""
        self.sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}" OWNER {USER}{strategy}')

    def statement_counts(self, db):
        """pg_stat_statements' calls per statement text in DB since the last
        reset, and the total."""
        out = self.sql(
            "SELECT calls, regexp_replace(query, '\\s+', ' ', 'g') FROM pg_stat_statements "
            f"WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '{db}') ORDER BY calls DESC, query"
        )
        rows = [line.split("|", 1) for line in out.splitlines() if line]
        return [(int(c), q) for c, q in rows]

    def reset_statements(self):
        self.sql("SELECT pg_stat_statements_reset()")


def main():
    import argparse

    ap = argparse.ArgumentParser(description="the benchmark's PostgreSQL server")
    ap.add_argument("action", choices=["start", "stop", "url"])
    args = ap.parse_args()
    server = Server()
    if args.action == "stop":
        server.stop()
    elif args.action == "start":
        server.start()
        print(server.url("postgres"))
    else:
        server.start()
        print(server.url("postgres", ADMIN))


if __name__ == "__main__":
    main()
