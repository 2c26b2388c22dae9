"""The benchmark's own MariaDB server, and the generated databases loaded
into it (bench/run --engine mysql; used by bench/bench.py).

Never the machine's own MariaDB service (/run/mysqld/mysqld.sock, port
3306), and not the test suite's server (tests/cli/my.rs, target/mysql-test:
InnoDB without fsync, shared with concurrent test runs). It is set up the
same way -- `mariadb-install-db` (`apt-get install mariadb-server` when the
server programs are missing) into target/bench/my/data, and `mariadbd`
with `--no-defaults` (no /etc/mysql file is read), as the `mysql` OS user
when run as root -- but with the server's stock settings (InnoDB flushing
its log at every commit, a 128 MB buffer pool, latin1 as the server's
character set; the benchmark's databases are made `utf8mb4`, as Debian's
configuration would make them) and no TCP port: `--skip-networking`, its
unix socket target/bench/my/sock/mysqld.sock. Logins over the socket,
without passwords: `root` (the admin: loading, statistics, the general
log) and `bb_bench` (every privilege on the benchmark's databases; bb, the
`mariadb` client and Buildbot all log in as it). A watchdog shell beside
the server stops it within five seconds of target/bench/my/data
disappearing; otherwise it is left running for the next run (started again
if not answering); `bench/run --stop-my` stops it.

A generated SQLite database (bench/gen.py) is loaded once per storage
engine into `gen_<requests>_<engine>_<fingerprint>` (bench/server.py): an
empty `utf8mb4` database, `bb db init` with that `storage_engine=`
(Buildbot's schema), every table's rows loaded (bench/myload.py, LOAD DATA
LOCAL INFILE through PyMySQL from the Buildbot virtualenv), ANALYZE TABLE.
It is loaded under another name and its tables renamed into place once
complete. Each run works on a copy of it (every table `CREATE TABLE ...
LIKE` and `INSERT ... SELECT`).

The statements each tool sends are read from the server's general log
(`log_output = TABLE`, `mysql.general_log`), switched on around one run of
each tool while the benchmark checks answers, and off while it times.
"""

import os
import shutil
import signal
import subprocess
import sys
import time

from server import Server as BaseServer, log

HERE = os.path.dirname(os.path.abspath(__file__))

ADMIN = "root"
USER = "bb_bench"
# The user_host of USER's sessions in the general log.
USER_HOST = f"{USER}[{USER}] @ localhost"

# `$1` the data directory, `$2` mariadbd, then its arguments: the server in
# the background beside a watchdog that stops it when the data directory
# is gone (as tests/cli/my.rs starts the suite's).
WATCHDOG = r"""data=$1; shift
(
  "$@" &
  pid=$!
  ( while sleep 5; do
      kill -0 "$pid" 2>/dev/null || exit 0
      [ -d "$data" ] || { kill "$pid"; exit 0; }
    done ) &
  wait "$pid"
) &"""


def find_program(name):
    return shutil.which(name) or next(
        (os.path.join(d, name) for d in ("/usr/sbin", "/usr/bin") if os.path.exists(os.path.join(d, name))), None
    )


def clean_env():
    """The environment without MYSQL_* variables (no stray MYSQL_PWD)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("MYSQL_")}


class Server(BaseServer):
    kind = "my"
    layout = "bench-my 1"
    os_user_name = "mysql"
    load_files = ("bench/myload.py", "schema-mysql.sql")

    def __init__(self):
        super().__init__()
        self.sock_dir = self.short_socket_dir(os.path.join(self.dir, "sock"), "/mysqld.sock")
        self.sock = os.path.join(self.sock_dir, "mysqld.sock")
        self.pid_file = os.path.join(self.run_dir, "mysqld.pid")

    def find_bin(self):
        mariadbd = find_program("mariadbd")
        ok = mariadbd and find_program("mariadb-install-db") and find_program("mariadb")
        return os.path.dirname(mariadbd) if ok else None

    def install(self):
        log("bench/run: no mariadbd, mariadb-install-db or mariadb: apt-get install mariadb-server")
        subprocess.run(
            ["sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server"],
            check=True, stdout=sys.stderr,
        )
        path = self.find_bin()
        if path is None:
            raise SystemExit("apt-get install mariadb-server succeeded, but mariadbd or mariadb is still missing")
        return path

    # --- running programs

    def client_argv(self, db=None, user=USER):
        """The `mariadb` client over the socket, no option file read."""
        argv = [find_program("mariadb"), "--no-defaults", f"--socket={self.sock}", f"--user={user}",
                "--connect-timeout=10"]
        return argv + ([f"--database={db}"] if db else [])

    def sql(self, sql, db=None, user=ADMIN, check=True):
        """Run SQL with the client (tab-separated, no column names); its
        output."""
        p = subprocess.run(self.client_argv(db, user) + ["--batch", "--skip-column-names"], input=sql,
                           capture_output=True, text=True, env=clean_env())
        if check and p.returncode != 0:
            raise SystemExit(f"mariadb on {db} failed ({p.returncode}):\n{sql[:2000]}\n{p.stderr}")
        return p.stdout.strip() if check else p

    def url(self, db, user=USER):
        """bb's URL for a database (the socket form)."""
        return f"mysql://{user}@localhost/{db}?unix_socket={self.sock}"

    def sqlalchemy_url(self, db, user=USER):
        """Buildbot's db_url for it (the virtualenv's driver is PyMySQL)."""
        return f"mysql+pymysql://{user}@localhost/{db}?unix_socket={self.sock}"

    def ping(self):
        if not os.path.exists(self.sock):
            return False
        p = self.sql("SELECT 1", check=False)
        return p.returncode == 0 and p.stdout.strip() == "1"

    # --- setting up and starting

    def init(self):
        log(f"bench/run: setting up the benchmark's MariaDB server in {self.data} ({self.bin})")
        self.fresh_dirs(self.sock_dir)
        argv = [find_program("mariadb-install-db"), "--no-defaults", f"--datadir={self.data}",
                "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-networking"]
        if self.os_user:
            argv.append(f"--user={self.os_user}")
        subprocess.run(argv, cwd=self.dir, check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                       env=clean_env())

    def after_init(self):
        self.sql(
            f"CREATE USER {USER}@localhost;\n"
            + "".join(f"GRANT ALL PRIVILEGES ON `{p}\\_%`.* TO {USER}@localhost;\n"
                      for p in ("gen", "loading", "bench"))
        )

    def launch(self):
        self.stop()
        argv = [os.path.join(self.bin, "mariadbd"), "--no-defaults", f"--datadir={self.data}",
                f"--socket={self.sock}", "--skip-networking", f"--pid-file={self.pid_file}",
                f"--log-error={self.log}"]
        if self.os_user:
            argv.append(f"--user={self.os_user}")
        with open(os.path.join(self.run_dir, "start.log"), "a") as out:
            subprocess.run(["sh", "-c", WATCHDOG, "sh", self.data] + argv, cwd=self.dir, stdin=subprocess.DEVNULL,
                           stdout=out, stderr=out, env=clean_env(), start_new_session=True, check=True)
        for _ in range(300):
            if self.ping():
                return
            time.sleep(0.1)
        raise SystemExit(f"could not start the benchmark's MariaDB server; see {self.log}")

    def server_pid(self):
        """The pid in the pid file, when it is this data directory's server."""
        try:
            with open(self.pid_file) as f:
                pid = int(f.read().strip())
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                args = f.read().split(b"\0")
        except (OSError, ValueError):
            return None
        return pid if f"--datadir={self.data}".encode() in args else None

    def stop(self):
        pid = self.server_pid()
        if pid is None:
            return
        os.kill(pid, signal.SIGTERM)
        for _ in range(600):
            if self.server_pid() is None:
                return
            time.sleep(0.1)
        os.kill(pid, signal.SIGKILL)

    # --- databases

    def databases(self, like):
        out = self.sql(f"SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '{like}' "
                       "ORDER BY 1")
        return out.split() if out else []

    def drop(self, db):
        self.sql(f"DROP DATABASE IF EXISTS `{db}`")

    def tables(self, db):
        return self.sql(f"SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{db}' "
                        "AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1").split()

    def load(self, name, sqlite_path, bb, python, variant):
        """`bb db init` with `storage_engine=<variant>`, then every row
        loaded (myload.py), then the tables renamed into `name`."""
        loading = "loading" + name[len("gen"):]
        for old in self.databases("loading\\_" + name.split("_")[1] + "\\_%"):
            self.drop(old)
        started = time.monotonic()
        self.sql(f"CREATE DATABASE `{loading}` CHARACTER SET utf8mb4; CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
        p = subprocess.run([bb, "--db", f"{self.url(loading)}&storage_engine={variant}", "db", "init"],
                           capture_output=True, text=True, env=clean_env())
        if p.returncode != 0:
            raise SystemExit(f"bb db init on {loading} failed ({p.returncode}):\n{p.stderr}")
        subprocess.run([python, os.path.join(HERE, "myload.py"), sqlite_path, self.sock, ADMIN, loading], check=True)
        self.sql("RENAME TABLE " + ", ".join(f"`{loading}`.`{t}` TO `{name}`.`{t}`" for t in self.tables(loading)))
        self.drop(loading)
        log(f"bench/run: loaded in {time.monotonic() - started:.0f}s")

    def clone(self, template, name):
        tables = self.tables(template)
        self.sql(
            f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4;\nSET SESSION foreign_key_checks = 0;\n"
            + "".join(f"CREATE TABLE `{name}`.`{t}` LIKE `{template}`.`{t}`;\n"
                      f"INSERT INTO `{name}`.`{t}` SELECT * FROM `{template}`.`{t}`;\n" for t in tables)
            + f"ANALYZE TABLE {', '.join(f'`{name}`.`{t}`' for t in tables)};\n"
        )

    # --- what each tool sends

    def log_statements(self, on):
        """The general log on (emptied first) or off."""
        if on:
            self.sql("SET GLOBAL general_log = OFF; SET GLOBAL log_output = 'TABLE'; "
                     "TRUNCATE TABLE mysql.general_log; SET GLOBAL general_log = ON;")
        else:
            self.sql("SET GLOBAL general_log = OFF;")

    def logged(self, db):
        """What USER's sessions on database `db` sent while the log was on:
        (command type, text), in order (statements one a line). Sessions on
        other databases (another run's) are left out, by the database their
        login names."""
        out = self.sql(
            "SELECT thread_id, command_type, "
            "REPLACE(REPLACE(CONVERT(argument USING utf8mb4), '\\n', ' '), '\\t', ' ') "
            # A login's row names the user in its text, not in user_host.
            f"FROM mysql.general_log WHERE user_host LIKE '{USER}[{USER}]%' "
            f"OR (command_type = 'Connect' AND argument LIKE '{USER}@%') ORDER BY event_time"
        )
        rows = [(line.split("\t") + ["", ""])[:3] for line in out.splitlines()]
        ours = {thread for thread, kind, text in rows if kind == "Connect" and f" on {db} " in f"{text} "}
        return [(kind, text) for thread, kind, text in rows if thread in ours]


def main():
    import argparse

    ap = argparse.ArgumentParser(description="the benchmark's MariaDB server")
    ap.add_argument("action", choices=["start", "stop", "url"])
    args = ap.parse_args()
    server = Server()
    if args.action == "stop":
        server.stop()
    else:
        server.start()
        print(server.url("mysql", ADMIN if args.action == "url" else USER))


if __name__ == "__main__":
    main()
