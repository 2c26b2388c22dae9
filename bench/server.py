"""What the benchmark's own database servers share (bench/pg.py for
PostgreSQL, bench/my.py for MariaDB): a server of the benchmark's own under
target/bench/<kind>, set up once and left running for the next run, and the
generated SQLite databases loaded into it once and cached.

- **Setting up and starting** (`Server.start`): under a file lock
  (target/bench/<kind>.lock), so that two runs never set up or load at
  once. A finished setup writes target/bench/<kind>/ready (the layout and
  the server program); a directory without it, or made by another layout
  or server version, is made again from scratch (`init`). A set-up server
  that does not answer is started (`launch`).
- **Loading** (`Server.loaded`): a generated database goes into a database
  named after its size and a fingerprint of what made it (the generated
  file's size and time, which --regenerate changes; the engine's load
  script; bb's schema for the engine) -- `gen_<requests>_<fingerprint>` --
  loaded once (`load`) and kept; older loads of that size are dropped.
- **Copies** (`Server.copy`): each run works on a fresh copy of the loaded
  database (`clone`), left behind after the run for EXPLAIN and replaced by
  the next.

A subclass says how: `find_bin` (else `install`), `init`, `launch`,
`stop`, `ping`, `databases`, `drop`, `load` and `clone`.
"""

import contextlib
import fcntl
import hashlib
import os
import pwd
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class Server:
    kind = None  # "pg", "my": target/bench/<kind>
    layout = None  # bump when the server's setup changes
    os_user_name = None  # the OS user the server runs as when run as root
    load_files = ()  # files (under the checkout) whose content a load depends on

    def __init__(self):
        self.dir = os.path.join(ROOT, "target", "bench", self.kind)
        self.data = os.path.join(self.dir, "data")
        self.run_dir = os.path.join(self.dir, "run")
        self.log = os.path.join(self.run_dir, "server.log")
        self.ready = os.path.join(self.dir, "ready")
        self.bin = None
        self.os_user = self.os_user_name if os.geteuid() == 0 else None

    @contextlib.contextmanager
    def locked(self):
        os.makedirs(os.path.dirname(self.dir), exist_ok=True)
        with open(self.dir + ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def short_socket_dir(self, path, longest_name):
        """`path`, or a directory in /tmp named after it where a socket in it
        would pass the 107 bytes a unix socket's path may have."""
        if len(path) + len(longest_name) > 100:
            return f"/tmp/bb-bench-{self.kind}-" + hashlib.sha1(self.dir.encode()).hexdigest()[:16]
        return path

    def as_os_user(self, argv):
        if self.os_user is None:
            return argv
        return ["setpriv", "--reuid", self.os_user, "--regid", self.os_user, "--init-groups", "--"] + argv

    def give(self, path, mode):
        """Hand a path to the server's OS user, with `mode`."""
        if self.os_user is not None:
            pw = pwd.getpwnam(self.os_user)
            os.chown(path, pw.pw_uid, pw.pw_gid)
        os.chmod(path, mode)

    def fresh_dirs(self, *dirs):
        """Remove this server's directory (and `dirs`, a socket directory
        elsewhere), then make it again with data/ and run/ owned by the
        server's user, and `dirs` too."""
        for path in (self.dir,) + dirs:
            if os.path.exists(path):
                shutil.rmtree(path)
        os.makedirs(self.dir)
        for path, mode in ((self.data, 0o700), (self.run_dir, 0o755)) + tuple((d, 0o755) for d in dirs):
            os.makedirs(path)
            self.give(path, mode)

    def start(self):
        """Set the server up unless done, start it unless running."""
        with self.locked():
            self.bin = self.find_bin() or self.install()
            ready = f"{self.layout}\n{self.bin}\n"
            try:
                with open(self.ready) as f:
                    set_up = f.read() == ready and os.path.isdir(self.data)
            except OSError:
                set_up = False
            if set_up:
                self.resume()
                if not self.ping():
                    self.launch()
                return self
            self.stop()
            self.init()
            self.launch()
            self.after_init()
            with open(self.ready, "w") as f:
                f.write(ready)
            return self

    def resume(self):
        """Read what a previous start left (PostgreSQL: its port)."""

    def after_init(self):
        """The accounts (and extensions) of a new server, once it runs."""

    def loaded(self, sqlite_path, requests, bb, python, variant=""):
        """The cached database holding the generated SQLite file's rows,
        loaded now if missing (under the server's lock). `variant` (MariaDB:
        the storage engine) is part of the name."""
        h = hashlib.sha1()
        for path in self.load_files:
            with open(os.path.join(ROOT, path), "rb") as f:
                h.update(f.read())
        st = os.stat(sqlite_path)
        h.update(f"{st.st_size} {st.st_mtime_ns}".encode())
        prefix = f"gen_{requests}_{variant + '_' if variant else ''}"
        name = f"{prefix}{h.hexdigest()[:12]}"
        with self.locked():
            if name in self.databases(name):
                return name
            for old in self.databases(prefix.replace("_", "\\_") + "%"):
                self.drop(old)
            log(f"bench/run: loading {os.path.basename(sqlite_path)} into {self.kind} database {name} ...")
            self.load(name, sqlite_path, bb, python, variant)
            return name

    def copy(self, template, name):
        """A fresh working copy of a loaded database (under the server's
        lock, so that no other run drops the template meanwhile)."""
        with self.locked():
            self.drop(name)
            self.clone(template, name)
        return name
