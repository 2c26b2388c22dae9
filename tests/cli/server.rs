//! What the suite's private database servers share (`pg.rs`: PostgreSQL,
//! `my.rs`: MariaDB): setup steps that fail loudly, saying what the tests
//! need, rather than skip; free ports, OS users, the file lock test
//! processes share while one of them sets a server up, the server's log.

use std::fs::{self, File, OpenOptions};
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The loopback address the servers listen on.
pub const HOST: &str = "127.0.0.1";

/// The prefix of the databases tests make (and a later run drops when the
/// process that made one is gone; on MariaDB `bb_pw` may use every `bb\_%`
/// database).
pub const DB_PREFIX: &str = "bb_test_";

/// One kind of private server, as its setup failures describe it.
pub struct Setup {
    /// `POSTGRESQL`, `MARIADB`: the banner's word.
    pub name: &'static str,
    /// What the tests run and need, where the logs are: the banner's text.
    pub needs: &'static str,
}

impl Setup {
    /// Stop the test, saying what could not be done and what the tests
    /// need.
    pub fn failed(&self, what: &str, detail: impl std::fmt::Display) -> ! {
        let title = format!("******** {} TESTS CANNOT RUN ********", self.name);
        panic!(
            "\n\n{title}\ncould not {what}:\n{detail}\n\n{}\n{}\n",
            self.needs,
            "*".repeat(title.len())
        )
    }

    /// Runs a setup step, failing loudly with its output; `secret` is
    /// masked.
    pub fn run(&self, what: &str, cmd: &mut Command, secret: Option<&str>) -> Output {
        let mask = |s: String| match secret {
            Some(secret) => s.replace(secret, "***"),
            None => s,
        };
        match cmd.output() {
            Ok(out) if out.status.success() => out,
            Ok(out) => self.failed(
                what,
                mask(format!(
                    "{cmd:?} exited with {}\n--- stdout\n{}\n--- stderr\n{}",
                    out.status,
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                )),
            ),
            Err(err) => self.failed(what, mask(format!("{cmd:?} could not run: {err}"))),
        }
    }

    /// The uid and gid of `user`.
    pub fn user_ids(&self, user: &str) -> (u32, u32) {
        let id = |flag: &str| -> u32 {
            let mut cmd = Command::new("id");
            cmd.args([flag, user]);
            let out = self.run(&format!("find {user}'s ids"), &mut cmd, None);
            String::from_utf8_lossy(&out.stdout)
                .trim()
                .parse()
                .unwrap_or_else(|err| self.failed(&format!("read {user}'s ids"), err))
        };
        (id("-u"), id("-g"))
    }

    /// Hands `path` to the server's OS user (if it runs as one), with
    /// `mode`.
    pub fn give(&self, os_user: &Option<String>, path: &Path, mode: u32) {
        if let Some(user) = os_user {
            let (uid, gid) = self.user_ids(user);
            std::os::unix::fs::chown(path, Some(uid), Some(gid))
                .unwrap_or_else(|err| self.failed(&format!("chown {}", path.display()), err));
        }
        fs::set_permissions(path, fs::Permissions::from_mode(mode))
            .unwrap_or_else(|err| self.failed(&format!("chmod {}", path.display()), err));
    }

    /// A port on 127.0.0.1 that nothing listens on now.
    pub fn free_port(&self) -> u16 {
        TcpListener::bind((HOST, 0))
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or_else(|err| self.failed("find a free port on 127.0.0.1", err))
    }

    /// The file lock (`lock`, in `dir`) test processes share while they
    /// set up or start the server; released when the returned file is
    /// dropped.
    pub fn lock(&self, dir: &Path, lock: &Path) -> File {
        fs::create_dir_all(dir)
            .unwrap_or_else(|err| self.failed(&format!("create {}", dir.display()), err));
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(lock)
            .unwrap_or_else(|err| self.failed(&format!("open {}", lock.display()), err));
        file.lock()
            .unwrap_or_else(|err| self.failed(&format!("lock {}", lock.display()), err));
        file
    }
}

pub fn port_is_free(port: u16) -> bool {
    TcpListener::bind((HOST, port)).is_ok()
}

/// `bb_test_<pid>_<n>_<millis>`: unique among live processes, and unlike a
/// database a killed test process left behind.
pub fn unique_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() % 1_000_000_000)
        .unwrap_or(0);
    format!("{DB_PREFIX}{}_{n}_{millis}", std::process::id())
}

/// The last 60 lines a server logged in `log` after byte `offset`.
pub fn log_since(log: &Path, offset: u64) -> String {
    let log = match fs::read(log) {
        Ok(log) => log,
        Err(err) => return format!("(unreadable: {err})"),
    };
    let start = (offset as usize).min(log.len());
    let log = String::from_utf8_lossy(&log[start..]);
    let lines: Vec<&str> = log.lines().collect();
    lines[lines.len().saturating_sub(60)..].join("\n")
}

/// The target directory the servers live in (beside the Buildbot
/// virtualenvs).
pub fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR has a parent (the target directory)")
        .to_path_buf()
}

/// The directory of a server's unix socket: `dir`/sock, unless the path to
/// the socket (`longest`, the longest name the server puts there) would
/// pass the 107 bytes a socket's path may have; deep checkouts then use a
/// directory in /tmp named after the target directory (`/tmp/bb-TAG-HASH`).
pub fn socket_dir(target: &Path, dir: &Path, longest: &str, tag: &str) -> PathBuf {
    let socket_dir = dir.join("sock");
    if socket_dir.as_os_str().len() + longest.len() <= 100 {
        return socket_dir;
    }
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    target.hash(&mut hasher);
    PathBuf::from(format!("/tmp/bb-{tag}-{:016x}", hasher.finish()))
}
