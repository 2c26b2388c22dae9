//! Where the database is: `--db` / `BB_DB` as a path or a master.cfg
//! `db_url`, SQLite, PostgreSQL or MySQL/MariaDB (see [`mysql`]). A
//! PostgreSQL URL is completed from
//! libpq's environment (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`,
//! `PGSSLMODE`, the password file) as libpq would, and named everywhere
//! without its password.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};

pub mod mysql;
pub use mysql::{MyServer, MySslMode, MyTarget};

/// The database a command works on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(PgTarget),
    Mysql(MyTarget),
}

/// libpq's `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

/// As the URL spells it.
impl fmt::Display for SslMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SslMode::Disable => "disable",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        })
    }
}

impl SslMode {
    fn parse(s: &str) -> Result<SslMode> {
        Ok(match s {
            "disable" => SslMode::Disable,
            // libpq's `allow` tries without TLS first: for bb, as prefer.
            "allow" | "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            other => {
                return Err(Error::usage(format!(
                    "sslmode '{other}' is not one of disable, allow, prefer, require, verify-ca, \
                     verify-full"
                )));
            }
        })
    }
}

/// A PostgreSQL database to connect to, every setting resolved.
#[derive(Clone, PartialEq, Eq)]
pub struct PgTarget {
    pub user: String,
    password: Option<String>,
    /// A host name or address, or (starting with `/`) a unix-socket directory.
    pub host: String,
    pub port: u16,
    pub dbname: String,
    pub sslmode: SslMode,
    pub sslrootcert: Option<PathBuf>,
    pub connect_timeout: Option<u64>,
    pub application_name: Option<String>,
    /// What libpq would have warned about while completing the URL (a
    /// password file others can read), to print before connecting.
    pub warnings: Vec<String>,
}

impl fmt::Debug for PgTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the password, even in a debug print.
        write!(f, "PgTarget({self})")
    }
}

/// `postgresql://USER@HOST:PORT/DBNAME`: how bb names the database in
/// everything it prints.
impl fmt::Display for PgTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "postgresql://{}@{}/{}",
            self.user,
            self.server(),
            self.dbname
        )
    }
}

impl PgTarget {
    /// `HOST:PORT`, or the socket directory and port.
    pub fn server(&self) -> String {
        if self.host.contains(':') && !self.host.starts_with('/') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    pub fn is_socket(&self) -> bool {
        self.host.starts_with('/')
    }

    pub fn password(&self) -> Option<&str> {
        self.password.as_deref()
    }

    /// How long connecting may take, everything included: `connect_timeout`
    /// seconds, default 10. As libpq, 1 means 2 (its minimum); 0, libpq's
    /// "wait for ever", is the default too: bb never waits without end.
    pub fn connect_timeout(&self) -> Duration {
        Duration::from_secs(match self.connect_timeout {
            None | Some(0) => 10,
            Some(seconds) => seconds.max(2),
        })
    }
}

impl Location {
    /// What to warn about before the database is opened, as libpq would.
    pub fn warnings(&self) -> &[String] {
        match self {
            Location::Sqlite(_) | Location::Mysql(_) => &[],
            Location::Postgres(target) => &target.warnings,
        }
    }
}

/// What libpq reads from the environment, given explicitly so that tests
/// need not change the process's.
pub trait Environment {
    fn var(&self, name: &str) -> Option<String>;
    fn home(&self) -> Option<PathBuf>;
    fn login(&self) -> Option<String>;
}

/// The process's environment.
pub struct ProcessEnv;

impl Environment for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|v| !v.is_empty())
    }

    fn home(&self) -> Option<PathBuf> {
        self.var("HOME").map(PathBuf::from)
    }

    fn login(&self) -> Option<String> {
        // SAFETY: getpwuid returns a pointer to static storage or NULL; the
        // name is copied before any other call could overwrite it.
        unsafe {
            let pw = libc::getpwuid(libc::geteuid());
            if pw.is_null() {
                return self.var("USER");
            }
            let name = std::ffi::CStr::from_ptr((*pw).pw_name);
            Some(name.to_string_lossy().into_owned())
        }
    }
}

/// `--db` / `BB_DB`, else `./state.sqlite`.
pub fn locate(arg: Option<&str>, env: &dyn Environment) -> Result<Location> {
    // An empty BB_DB is as good as unset.
    let Some(arg) = arg.filter(|s| !s.is_empty()) else {
        return Ok(Location::Sqlite(PathBuf::from("state.sqlite")));
    };
    let Some((scheme, rest)) = split_url(arg) else {
        return Ok(Location::Sqlite(PathBuf::from(arg)));
    };
    let driver = scheme
        .split('+')
        .next()
        .unwrap_or(scheme)
        .to_ascii_lowercase();
    match driver.as_str() {
        "sqlite" => sqlite_path(arg, rest).map(Location::Sqlite),
        "postgresql" | "postgres" => postgres(rest, env).map(Location::Postgres),
        "mysql" | "mariadb" => mysql::parse(rest, env).map(Location::Mysql),
        _ => Err(Error::failure(format!(
            "unsupported database URL scheme '{scheme}': bb works on SQLite \
             (sqlite:///relative/path, sqlite:////absolute/path), PostgreSQL \
             (postgresql://user@host/dbname) and MySQL/MariaDB (mysql://user@host/dbname) \
             master databases"
        ))),
    }
}

/// `scheme://rest` if `s` looks like a URL.
fn split_url(s: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = s.split_once("://")?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then_some((scheme, rest))
}

/// SQLAlchemy: `sqlite:///rel` is "rel", `sqlite:////abs` is "/abs";
/// options after '?' only tune the driver.
fn sqlite_path(arg: &str, rest: &str) -> Result<PathBuf> {
    let path = rest.split('?').next().unwrap_or_default();
    match path.strip_prefix('/') {
        Some(path) if !path.is_empty() && path != ":memory:" => Ok(PathBuf::from(path)),
        _ => Err(Error::failure(format!(
            "'{arg}' names no database file (an in-memory database has nothing to administer); \
             use sqlite:///relative/path or sqlite:////absolute/path"
        ))),
    }
}

/// `[USER[:PASSWORD]@][HOST][:PORT]/DBNAME[?PARAM=VALUE&...]`, completed
/// from the environment.
fn postgres(rest: &str, env: &dyn Environment) -> Result<PgTarget> {
    let (main, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (authority, dbname) = main.split_once('/').unwrap_or((main, ""));
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((userinfo, hostport)) => (Some(userinfo), hostport),
        None => (None, authority),
    };
    let (mut user, mut password) = match userinfo {
        Some(info) => match info.split_once(':') {
            Some((user, password)) => (Some(decode(user)?), Some(decode(password)?)),
            None => (Some(decode(info)?), None),
        },
        None => (None, None),
    };
    let (mut host, mut port) = split_host_port(hostport)?;
    let mut sslmode = None;
    let mut sslrootcert = None;
    let mut connect_timeout = None;
    let mut application_name = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = decode(value)?;
        match name {
            "host" => host = Some(value),
            "port" => port = Some(parse_port(&value)?),
            "user" => user = Some(value),
            "password" => password = Some(value),
            "sslmode" => sslmode = Some(SslMode::parse(&value)?),
            "sslrootcert" => sslrootcert = Some(PathBuf::from(value)),
            "connect_timeout" => {
                connect_timeout = Some(value.parse().map_err(|_| {
                    Error::usage(format!(
                        "connect_timeout '{value}' is not a number of seconds"
                    ))
                })?)
            }
            "application_name" => application_name = Some(value),
            // Driver options (client_encoding, ...) only tune the driver.
            _ => {}
        }
    }
    let dbname = decode(dbname)?;
    let host = host
        .or_else(|| env.var("PGHOST"))
        .unwrap_or_else(default_socket_dir);
    let port = match port {
        Some(port) => port,
        None => env
            .var("PGPORT")
            .map(|p| parse_port(&p))
            .transpose()?
            .unwrap_or(5432),
    };
    let user = user
        .or_else(|| env.var("PGUSER"))
        .or_else(|| env.login())
        .ok_or_else(|| Error::failure("no PostgreSQL user: give one in the URL or PGUSER"))?;
    let dbname = if dbname.is_empty() {
        env.var("PGDATABASE").unwrap_or_else(|| user.clone())
    } else {
        dbname
    };
    let sslmode = match sslmode {
        Some(mode) => mode,
        None => env
            .var("PGSSLMODE")
            .map(|m| SslMode::parse(&m))
            .transpose()?
            .unwrap_or(SslMode::Prefer),
    };
    let sslrootcert = sslrootcert.or_else(|| env.var("PGSSLROOTCERT").map(PathBuf::from));
    let mut target = PgTarget {
        user,
        password,
        host,
        port,
        dbname,
        sslmode,
        sslrootcert,
        connect_timeout,
        application_name,
        warnings: Vec::new(),
    };
    if target.password.is_none() {
        target.password = match env.var("PGPASSWORD") {
            Some(password) => Some(password),
            None => password_file(&mut target, env),
        };
    }
    Ok(target)
}

fn split_host_port(hostport: &str) -> Result<(Option<String>, Option<u16>)> {
    if hostport.is_empty() {
        return Ok((None, None));
    }
    // An IPv6 literal: [::1]:5432.
    if let Some(rest) = hostport.strip_prefix('[') {
        let (host, after) = rest
            .split_once(']')
            .ok_or_else(|| Error::usage(format!("'{hostport}': an IPv6 host needs its ']'")))?;
        let port = match after.strip_prefix(':') {
            Some(port) => Some(parse_port(port)?),
            None => None,
        };
        return Ok((Some(host.to_string()), port));
    }
    match hostport.rsplit_once(':') {
        Some((host, port)) => Ok((
            (!host.is_empty()).then(|| host.to_string()),
            Some(parse_port(port)?),
        )),
        None => Ok((Some(decode(hostport)?), None)),
    }
}

fn parse_port(s: &str) -> Result<u16> {
    s.parse()
        .map_err(|_| Error::usage(format!("'{s}' is not a port number")))
}

/// Percent-decoding, as URLs encode `@`, `:` and `/` in names and passwords.
fn decode(s: &str) -> Result<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| {
                    Error::usage("a '%' in the database URL is not followed by two hex digits")
                })?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| Error::usage("the database URL is not UTF-8 once decoded"))
}

/// Where libpq looks for the server's socket when no host is given
/// (Debian's build: /var/run/postgresql; upstream's: /tmp).
fn default_socket_dir() -> String {
    if Path::new("/var/run/postgresql").is_dir() {
        "/var/run/postgresql".to_string()
    } else {
        "/tmp".to_string()
    }
}

/// The password for `target` from the password file (`PGPASSFILE`, else
/// `~/.pgpass`): the first line whose host, port, database and user match
/// (`*` matches anything; a socket connection matches `localhost`). As
/// libpq, a file others can read is ignored, with a warning.
fn password_file(target: &mut PgTarget, env: &dyn Environment) -> Option<String> {
    let path = env
        .var("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| env.home().map(|home| home.join(".pgpass")))?;
    let meta = std::fs::metadata(&path).ok()?;
    use std::os::unix::fs::PermissionsExt;
    if !meta.is_file() {
        return None;
    }
    if meta.permissions().mode() & 0o077 != 0 {
        // libpq's words, and that bb went on without it.
        target.warnings.push(format!(
            "password file \"{}\" has group or world access, so it is ignored; permissions \
             should be u=rw (0600) or less",
            path.display()
        ));
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let host = if target.is_socket() {
        "localhost".to_string()
    } else {
        target.host.clone()
    };
    let wanted = [
        host,
        target.port.to_string(),
        target.dbname.clone(),
        target.user.clone(),
    ];
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(pgpass_fields)
        .find(|fields| {
            fields.len() == 5
                && fields[..4]
                    .iter()
                    .zip(&wanted)
                    .all(|(field, want)| field == "*" || field == want)
        })
        .map(|fields| fields[4].clone())
}

/// A password-file line's fields: `:` separates, `\` escapes.
fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    fields.last_mut().unwrap().push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct FakeEnv(HashMap<&'static str, String>, Option<PathBuf>);

    impl Environment for FakeEnv {
        fn var(&self, name: &str) -> Option<String> {
            self.0.get(name).cloned()
        }
        fn home(&self) -> Option<PathBuf> {
            self.1.clone()
        }
        fn login(&self) -> Option<String> {
            Some("operator".to_string())
        }
    }

    fn env(vars: &[(&'static str, &str)]) -> FakeEnv {
        FakeEnv(
            vars.iter().map(|(k, v)| (*k, v.to_string())).collect(),
            None,
        )
    }

    fn pg(url: &str, vars: &[(&'static str, &str)]) -> PgTarget {
        match locate(Some(url), &env(vars)).unwrap() {
            Location::Postgres(target) => target,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn sqlite_locations() {
        let e = env(&[]);
        let sqlite = |arg| match locate(arg, &e).unwrap() {
            Location::Sqlite(path) => path,
            other => panic!("{other:?}"),
        };
        assert_eq!(sqlite(None), PathBuf::from("state.sqlite"));
        assert_eq!(sqlite(Some("x/y.sqlite")), PathBuf::from("x/y.sqlite"));
        assert_eq!(
            sqlite(Some("sqlite:///rel/s.sqlite")),
            PathBuf::from("rel/s.sqlite")
        );
        assert_eq!(
            sqlite(Some("sqlite:////abs/s.sqlite")),
            PathBuf::from("/abs/s.sqlite")
        );
        assert_eq!(
            sqlite(Some("sqlite:///s.sqlite?timeout=5")),
            PathBuf::from("s.sqlite")
        );
        assert!(locate(Some("sqlite://"), &e).is_err());
        assert!(locate(Some("sqlite:///:memory:"), &e).is_err());
        let err = locate(Some("oracle://u@h/db"), &e).unwrap_err();
        assert!(err.message.contains("'oracle'"), "{}", err.message);
    }

    #[test]
    fn postgres_urls() {
        let t = pg(
            "postgresql://bb:s%40cret@db.example.org:6543/buildbot?sslmode=require",
            &[],
        );
        assert_eq!(
            t.to_string(),
            "postgresql://bb@db.example.org:6543/buildbot"
        );
        assert_eq!(t.password(), Some("s@cret"));
        assert_eq!(t.sslmode, SslMode::Require);
        assert!(!format!("{t:?}").contains("cret"));

        let t = pg(
            "postgresql+psycopg2://buildbot@/buildbot?host=/var/run/postgresql&client_encoding=utf8",
            &[],
        );
        assert_eq!(t.host, "/var/run/postgresql");
        assert!(t.is_socket());
        assert_eq!(
            t.to_string(),
            "postgresql://buildbot@/var/run/postgresql:5432/buildbot"
        );

        let t = pg("postgres://[::1]/x", &[("PGUSER", "u"), ("PGPORT", "7000")]);
        assert_eq!(
            (t.host.as_str(), t.port, t.user.as_str()),
            ("::1", 7000, "u")
        );
        assert_eq!(t.to_string(), "postgresql://u@[::1]:7000/x");

        let t = pg(
            "postgresql+pg8000:///db",
            &[
                ("PGHOST", "h"),
                ("PGPASSWORD", "pw"),
                ("PGSSLMODE", "verify-full"),
            ],
        );
        assert_eq!((t.host.as_str(), t.user.as_str()), ("h", "operator"));
        assert_eq!(t.password(), Some("pw"));
        assert_eq!(t.sslmode, SslMode::VerifyFull);
        assert_eq!(pg("postgresql://h/db", &[]).sslmode, SslMode::Prefer);
        assert!(locate(Some("postgresql://h:port/db"), &env(&[])).is_err());
        assert!(locate(Some("postgresql://h/db?sslmode=maybe"), &env(&[])).is_err());
    }

    #[test]
    fn password_file_lines() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pgpass");
        std::fs::write(
            &file,
            "# comment\nother:*:*:*:no\nlocalhost:5432:buildbot:bb:sock\\:pw\ndb:*:*:bb:tcp\n",
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        let path = file.to_str().unwrap();
        let socket = pg(
            "postgresql://bb@/buildbot?host=/run/pg",
            &[("PGPASSFILE", path)],
        );
        assert_eq!(socket.password(), Some("sock:pw"));
        let tcp = pg("postgresql://bb@db/other", &[("PGPASSFILE", path)]);
        assert_eq!(tcp.password(), Some("tcp"));
        // Readable by others: ignored, as libpq does.
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let tcp = pg("postgresql://bb@db/other", &[("PGPASSFILE", path)]);
        assert_eq!(tcp.password(), None);
        assert_eq!(
            tcp.warnings,
            [format!(
                "password file \"{path}\" has group or world access, so it is ignored; \
                 permissions should be u=rw (0600) or less"
            )]
        );
        // Not read at all when the password is given: no warning.
        let given = pg("postgresql://bb:pw@db/other", &[("PGPASSFILE", path)]);
        assert!(given.warnings.is_empty());
    }

    #[test]
    fn connecting_is_always_bounded() {
        let timeout = |url: &str| pg(url, &[]).connect_timeout().as_secs();
        assert_eq!(timeout("postgresql://h/db"), 10);
        assert_eq!(timeout("postgresql://h/db?connect_timeout=3"), 3);
        // libpq's minimum; and its "for ever" is bb's default.
        assert_eq!(timeout("postgresql://h/db?connect_timeout=1"), 2);
        assert_eq!(timeout("postgresql://h/db?connect_timeout=0"), 10);
    }
}
