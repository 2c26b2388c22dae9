//! The virtualenv with real Buildbot 4.3 that the interop and live-master
//! tests run: `target/buildbot-venv`, made on first use with
//! `python3 -m venv` and `pip install buildbot==4.3.0 buildbot-www==4.3.0
//! buildbot-worker==4.3.0 psycopg2-binary==2.9.10 PyMySQL==1.2.4` (the web UI
//! package, which a master with a web port needs, the worker, so live masters
//! run real builds, and a PostgreSQL and a MySQL driver, so Buildbot runs on
//! the private servers of `pg` and `my`). Never skipped: without python3 or
//! PyPI the tests that need it fail, saying why.

use std::fs::{self, OpenOptions};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// What the virtualenv holds.
pub const BUILDBOT: &str = "buildbot==4.3.0";
/// The web UI: a running master with a web port (change hooks included)
/// refuses to start without it.
pub const BUILDBOT_WWW: &str = "buildbot-www==4.3.0";
/// The worker: live masters only start builds when a real worker attaches.
pub const BUILDBOT_WORKER: &str = "buildbot-worker==4.3.0";
/// The PostgreSQL driver Buildbot's documentation names (a binary wheel: no
/// libpq headers or compiler needed). Give Buildbot `postgresql+psycopg2://`
/// URLs: the SQLAlchemy pip picks for Buildbot 4.3 (2.1) reads a bare
/// `postgresql://` as psycopg 3, which this venv does not have.
pub const PSYCOPG2: &str = "psycopg2-binary==2.9.10";
/// The version `psycopg2.__version__` starts with.
const PSYCOPG2_VERSION: &str = "2.9.10";
/// A MySQL driver in pure Python (no client library, no compiler): give
/// Buildbot `mysql+pymysql://` URLs.
pub const PYMYSQL: &str = "PyMySQL==1.2.4";
/// `pymysql.VERSION_STRING` (its `__version__` is a MySQLdb-compatible 2.2.x).
const PYMYSQL_VERSION: &str = "1.2.4";

/// The content of the marker file of a finished virtualenv. It names every
/// package, so a virtualenv made before one was added gets it.
fn marker_content() -> String {
    format!("{BUILDBOT} {BUILDBOT_WWW} {BUILDBOT_WORKER} {PSYCOPG2} {PYMYSQL}")
}

/// The virtualenv with Buildbot 4.3, made once per target directory.
pub fn venv() -> &'static Path {
    static VENV: OnceLock<PathBuf> = OnceLock::new();
    VENV.get_or_init(make_venv)
}

/// Makes `target/buildbot-venv` unless a previous run finished it. Test
/// threads share the OnceLock; test processes share a file lock. The marker
/// is written last, so a venv left half-made (killed install, no network)
/// is removed and made again. A venv finished with an older package list
/// (its marker names other packages) gets the current pins installed over
/// it instead: nothing a running test uses is removed, and its marker is
/// removed first, so an upgrade that is killed half-way is made from
/// scratch next time.
pub fn make_venv() -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR has a parent (the target directory)");
    let venv = target.join("buildbot-venv");
    let marker = venv.join("bb-interop-installed");
    let lock_path = target.join("buildbot-venv.lock");
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .unwrap_or_else(|err| setup_failed(&format!("open {}", lock_path.display()), err));
    lock.lock()
        .unwrap_or_else(|err| setup_failed(&format!("lock {}", lock_path.display()), err));

    match fs::read_to_string(&marker) {
        Ok(m) if m == marker_content() => return venv,
        Ok(_) => {
            // Finished with an older package list: upgrade it in place.
            fs::remove_file(&marker).unwrap_or_else(|err| {
                setup_failed(&format!("remove the old {}", marker.display()), err)
            });
        }
        Err(_) => {
            if venv.exists() {
                fs::remove_dir_all(&venv).unwrap_or_else(|err| {
                    setup_failed(&format!("remove the half-made {}", venv.display()), err)
                });
            }
            let mut create = Command::new("python3");
            run_setup(
                "create the virtualenv",
                create.args(["-m", "venv"]).arg(&venv),
            );
        }
    }
    let python = venv.join("bin/python");
    let mut pip = Command::new(&python);
    pip.args([
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--no-input",
        BUILDBOT,
        BUILDBOT_WWW,
        BUILDBOT_WORKER,
        PSYCOPG2,
        PYMYSQL,
    ]);
    run_setup(
        &format!("pip install {BUILDBOT} {BUILDBOT_WWW} {BUILDBOT_WORKER} {PSYCOPG2} {PYMYSQL}"),
        &mut pip,
    );
    let mut import = Command::new(&python);
    import.args([
        "-c",
        "import buildbot, buildbot_worker, psycopg2, pymysql; \
         print(buildbot.version, buildbot_worker.version, psycopg2.__version__.split()[0], \
         pymysql.VERSION_STRING)",
    ]);
    let versions = run_setup(
        "import buildbot, buildbot_worker, psycopg2 and pymysql",
        &mut import,
    )
    .stdout;
    let versions = String::from_utf8_lossy(&versions).trim().to_string();
    if versions != format!("4.3.0 4.3.0 {PSYCOPG2_VERSION} {PYMYSQL_VERSION}") {
        setup_failed(
            "check the installed versions",
            format!("found buildbot, buildbot_worker, psycopg2 and pymysql {versions:?}"),
        );
    }
    fs::write(&marker, marker_content())
        .unwrap_or_else(|err| setup_failed(&format!("write {}", marker.display()), err));
    venv
    // The file lock is released when `lock` is dropped.
}

pub fn run_setup(what: &str, cmd: &mut Command) -> Output {
    match cmd.output() {
        Ok(out) if out.status.success() => out,
        Ok(out) => setup_failed(
            what,
            format!(
                "{cmd:?} exited with {}\n--- stdout\n{}\n--- stderr\n{}",
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        ),
        Err(err) => setup_failed(what, format!("{cmd:?} could not run: {err}")),
    }
}

pub fn setup_failed(what: &str, detail: impl std::fmt::Display) -> ! {
    panic!(
        "\n\n******** BUILDBOT TESTS CANNOT RUN ********\n\
         could not {what}:\n{detail}\n\n\
         These tests (interop, live, pg, my) install {BUILDBOT}, {BUILDBOT_WWW},\n\
         {BUILDBOT_WORKER}, {PSYCOPG2} and {PYMYSQL} once into\n\
         target/buildbot-venv and need python3\n\
         with the venv module (Debian: apt-get install python3-venv) and\n\
         access to PyPI for that first install. They do not skip.\n\
         ******************************************\n"
    )
}

/// A program from the virtualenv (`python`, `buildbot`, `buildbot-worker`).
pub fn venv_bin(name: &str) -> PathBuf {
    venv().join("bin").join(name)
}

/// A server URL as bb is given it (`postgresql://`, `mysql://`, ...) with
/// the driver this virtualenv has named in it, for Buildbot's `db_url`:
/// the venv's SQLAlchemy reads a bare `postgresql://` as psycopg 3 and a
/// bare `mysql://` as mysqlclient, neither of which it has. Anything else
/// (a SQLite path, a URL that names its driver) is returned as it is.
pub fn with_driver(db: &str) -> String {
    const DRIVERS: &[(&str, &str)] = &[
        ("postgresql://", "postgresql+psycopg2://"),
        ("postgres://", "postgresql+psycopg2://"),
        ("mysql://", "mysql+pymysql://"),
        ("mariadb://", "mysql+pymysql://"),
    ];
    DRIVERS
        .iter()
        .find_map(|(scheme, driver)| {
            db.strip_prefix(scheme)
                .map(|rest| format!("{driver}{rest}"))
        })
        .unwrap_or_else(|| db.to_string())
}
