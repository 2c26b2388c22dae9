//! A MySQL or MariaDB `db_url`, completed where the `mysql` client finds
//! what the URL leaves out: the `[client]` group of `~/.my.cnf`, then
//! `MYSQL_HOST`, `MYSQL_TCP_PORT`, `MYSQL_UNIX_PORT` and `MYSQL_PWD`. Named
//! everywhere without its password.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use super::{Environment, decode, parse_port, split_host_port};
use crate::error::{Error, Result};

/// Where the server listens when neither the URL, `~/.my.cnf` nor
/// `MYSQL_UNIX_PORT` says: Debian's and MariaDB's default.
pub const DEFAULT_SOCKET: &str = "/run/mysqld/mysqld.sock";

/// The mysql client's `--ssl-mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MySslMode {
    Disabled,
    Preferred,
    Required,
    VerifyCa,
    VerifyIdentity,
}

impl fmt::Display for MySslMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MySslMode::Disabled => "DISABLED",
            MySslMode::Preferred => "PREFERRED",
            MySslMode::Required => "REQUIRED",
            MySslMode::VerifyCa => "VERIFY_CA",
            MySslMode::VerifyIdentity => "VERIFY_IDENTITY",
        })
    }
}

impl MySslMode {
    fn parse(s: &str) -> Result<MySslMode> {
        Ok(match s.to_ascii_uppercase().as_str() {
            "DISABLED" => MySslMode::Disabled,
            "PREFERRED" => MySslMode::Preferred,
            "REQUIRED" => MySslMode::Required,
            "VERIFY_CA" => MySslMode::VerifyCa,
            "VERIFY_IDENTITY" => MySslMode::VerifyIdentity,
            _ => {
                return Err(Error::usage(format!(
                    "ssl_mode '{s}' is not one of DISABLED, PREFERRED, REQUIRED, VERIFY_CA, \
                     VERIFY_IDENTITY"
                )));
            }
        })
    }
}

/// How bb reaches the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MyServer {
    Tcp { host: String, port: u16 },
    Socket(PathBuf),
}

/// A MySQL or MariaDB database to connect to, every setting resolved.
#[derive(Clone, PartialEq, Eq)]
pub struct MyTarget {
    pub user: String,
    password: Option<String>,
    pub server: MyServer,
    pub dbname: String,
    pub ssl_mode: MySslMode,
    pub ssl_ca: Option<PathBuf>,
    pub connect_timeout: Option<u64>,
    /// Buildbot's `storage_engine=`, for `bb db init`.
    pub storage_engine: Option<String>,
}

impl fmt::Debug for MyTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the password, even in a debug print.
        write!(f, "MyTarget({self})")
    }
}

/// `mysql://USER@HOST:PORT/DBNAME`, or over the socket
/// `mysql://USER@localhost/DBNAME?unix_socket=PATH`.
impl fmt::Display for MyTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.server {
            MyServer::Tcp { .. } => {
                write!(f, "mysql://{}@{}/{}", self.user, self.server(), self.dbname)
            }
            MyServer::Socket(path) => write!(
                f,
                "mysql://{}@localhost/{}?unix_socket={}",
                self.user,
                self.dbname,
                path.display()
            ),
        }
    }
}

impl MyTarget {
    /// `HOST:PORT`, or the socket's path.
    pub fn server(&self) -> String {
        match &self.server {
            MyServer::Tcp { host, port } if host.contains(':') => format!("[{host}]:{port}"),
            MyServer::Tcp { host, port } => format!("{host}:{port}"),
            MyServer::Socket(path) => path.display().to_string(),
        }
    }

    pub fn password(&self) -> Option<&str> {
        self.password.as_deref()
    }

    /// How long connecting may take, everything included: `connect_timeout`
    /// seconds, default 10 (0, "for ever" to some drivers, is the default
    /// too: bb never waits without end).
    pub fn connect_timeout(&self) -> Duration {
        Duration::from_secs(match self.connect_timeout {
            None | Some(0) => 10,
            Some(seconds) => seconds,
        })
    }

    /// The storage engine `bb db init` creates tables with: the URL's, else
    /// InnoDB (where Buildbot would make MyISAM).
    pub fn storage_engine(&self) -> &str {
        self.storage_engine.as_deref().unwrap_or("InnoDB")
    }
}

/// What `[client]` of `~/.my.cnf` says.
#[derive(Debug, Default, PartialEq, Eq)]
struct OptionFile {
    user: Option<String>,
    password: Option<String>,
    host: Option<String>,
    port: Option<String>,
    socket: Option<String>,
}

/// The `[client]` group of an option file, as the mysql client reads it:
/// `name=value` (or a bare `name`), `#` and `;` comments, quotes around a
/// value, `-` and `_` alike in names.
fn read_option_file(text: &str) -> OptionFile {
    let mut found = OptionFile::default();
    let mut in_client = false;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(group) = line.strip_prefix('[') {
            in_client = group.trim_end_matches(']').trim() == "client";
            continue;
        }
        if !in_client {
            continue;
        }
        let (name, value) = line.split_once('=').unwrap_or((line, ""));
        let name = name.trim().replace('-', "_");
        let mut value = value.trim();
        if value.len() >= 2
            && ((value.starts_with('"') && value.ends_with('"'))
                || (value.starts_with('\'') && value.ends_with('\'')))
        {
            value = &value[1..value.len() - 1];
        } else if let Some(at) = value.find(" #") {
            value = value[..at].trim_end();
        }
        let value = Some(value.to_string());
        match name.as_str() {
            "user" => found.user = value,
            "password" => found.password = value,
            "host" => found.host = value,
            "port" => found.port = value,
            "socket" => found.socket = value,
            _ => {}
        }
    }
    found
}

/// `[USER[:PASSWORD]@][HOST][:PORT]/DBNAME[?PARAM=VALUE&...]`, completed as
/// the mysql client would.
pub fn parse(rest: &str, env: &dyn Environment) -> Result<MyTarget> {
    let (main, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (authority, dbname) = main.split_once('/').unwrap_or((main, ""));
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((userinfo, hostport)) => (Some(userinfo), hostport),
        None => (None, authority),
    };
    let (user, password) = match userinfo {
        Some(info) => match info.split_once(':') {
            Some((user, password)) => (Some(decode(user)?), Some(decode(password)?)),
            None => (Some(decode(info)?), None),
        },
        None => (None, None),
    };
    let (host, port) = split_host_port(hostport)?;
    let mut socket = None;
    let mut ssl_mode = None;
    let mut ssl_ca = None;
    let mut connect_timeout = None;
    let mut storage_engine = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = decode(value)?;
        match name {
            "unix_socket" => socket = Some(value),
            "ssl_mode" => ssl_mode = Some(MySslMode::parse(&value)?),
            "ssl_ca" => ssl_ca = Some(PathBuf::from(value)),
            "connect_timeout" => {
                connect_timeout = Some(value.parse().map_err(|_| {
                    Error::usage(format!(
                        "connect_timeout '{value}' is not a number of seconds"
                    ))
                })?)
            }
            "storage_engine" => {
                // Written into CREATE TABLE: a name, nothing else.
                if value.is_empty() || !value.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return Err(Error::usage(format!(
                        "storage_engine '{value}' is not a storage engine's name (InnoDB, MyISAM)"
                    )));
                }
                storage_engine = Some(value)
            }
            // Buildbot's max_idle, the drivers' charset and use_unicode, and
            // whatever else: they tune a driver bb does not use.
            _ => {}
        }
    }
    let dbname = decode(dbname)?;
    if dbname.is_empty() {
        return Err(Error::usage(
            "the MySQL URL names no database: write mysql://USER@HOST/DBNAME",
        ));
    }
    let file = env
        .home()
        .and_then(|home| std::fs::read_to_string(home.join(".my.cnf")).ok())
        .map(|text| read_option_file(&text))
        .unwrap_or_default();
    let host = host
        .or(file.host)
        .or_else(|| env.var("MYSQL_HOST"))
        .filter(|h| !h.is_empty());
    let server = match host {
        // An explicit socket is used whatever the host says, as PyMySQL
        // does; `localhost` or no host means the socket, as for the mysql
        // client.
        Some(host) if socket.is_none() && host != "localhost" => {
            let port = match port {
                Some(port) => port,
                None => file
                    .port
                    .or_else(|| env.var("MYSQL_TCP_PORT"))
                    .map(|p| parse_port(&p))
                    .transpose()?
                    .unwrap_or(3306),
            };
            MyServer::Tcp { host, port }
        }
        _ => MyServer::Socket(PathBuf::from(
            socket
                .or(file.socket)
                .or_else(|| env.var("MYSQL_UNIX_PORT"))
                .unwrap_or_else(|| DEFAULT_SOCKET.to_string()),
        )),
    };
    let user = user
        .or(file.user)
        .or_else(|| env.login())
        .ok_or_else(|| Error::failure("no MySQL user: give one in the URL or ~/.my.cnf"))?;
    let password = password.or(file.password).or_else(|| env.var("MYSQL_PWD"));
    let ssl_mode = match (ssl_mode, &ssl_ca) {
        (Some(mode), _) => mode,
        (None, Some(_)) => MySslMode::VerifyCa,
        (None, None) => MySslMode::Preferred,
    };
    Ok(MyTarget {
        user,
        password,
        server,
        dbname,
        ssl_mode,
        ssl_ca,
        connect_timeout,
        storage_engine,
    })
}

/// A socket server, for the tests.
#[cfg(test)]
fn socket(path: &str) -> MyServer {
    MyServer::Socket(PathBuf::from(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::path::Path;

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

    fn my(url: &str, vars: &[(&'static str, &str)], home: Option<&Path>) -> MyTarget {
        let env = FakeEnv(
            vars.iter().map(|(k, v)| (*k, v.to_string())).collect(),
            home.map(Path::to_path_buf),
        );
        match super::super::locate(Some(url), &env).unwrap() {
            super::super::Location::Mysql(target) => target,
            other => panic!("{other:?}"),
        }
    }

    fn err(url: &str) -> String {
        let env = FakeEnv(HashMap::new(), None);
        super::super::locate(Some(url), &env).unwrap_err().message
    }

    #[test]
    fn every_scheme_is_mysql() {
        for scheme in [
            "mysql",
            "mariadb",
            "mysql+mysqldb",
            "mysql+pymysql",
            "mysql+mysqlconnector",
            "mariadb+mariadbconnector",
        ] {
            let t = my(
                &format!("{scheme}://bb:pw@db.example.org/buildbot"),
                &[],
                None,
            );
            assert_eq!(t.to_string(), "mysql://bb@db.example.org:3306/buildbot");
        }
    }

    #[test]
    fn tcp_urls() {
        let t = my(
            "mysql://bb:s%40cret@db.example.org:3307/buildbot?max_idle=300&charset=utf8&\
             use_unicode=True&whatever=1&storage_engine=InnoDB&connect_timeout=4",
            &[],
            None,
        );
        assert_eq!(t.to_string(), "mysql://bb@db.example.org:3307/buildbot");
        assert_eq!(t.password(), Some("s@cret"));
        assert!(!format!("{t:?}").contains("cret"));
        assert_eq!(t.ssl_mode, MySslMode::Preferred);
        assert_eq!(t.storage_engine(), "InnoDB");
        assert_eq!(t.connect_timeout(), Duration::from_secs(4));
        let t = my("mysql://bb@[::1]:3310/x", &[], None);
        assert_eq!(t.server(), "[::1]:3310");
        let t = my("mysql://127.0.0.1/x?ssl_mode=verify_identity", &[], None);
        assert_eq!(t.user, "operator");
        assert_eq!(t.ssl_mode, MySslMode::VerifyIdentity);
        assert_eq!(t.storage_engine(), "InnoDB");
        assert_eq!(t.connect_timeout(), Duration::from_secs(10));
        let t = my("mysql://h/x?ssl_ca=/etc/ca.pem", &[], None);
        assert_eq!(t.ssl_mode, MySslMode::VerifyCa);
        assert_eq!(t.ssl_ca, Some(PathBuf::from("/etc/ca.pem")));
        let t = my(
            "mysql://h/x?ssl_ca=/etc/ca.pem&ssl_mode=REQUIRED",
            &[],
            None,
        );
        assert_eq!(t.ssl_mode, MySslMode::Required);
        let t = my("mysql://h/x?storage_engine=MyISAM", &[], None);
        assert_eq!(t.storage_engine(), "MyISAM");
    }

    #[test]
    fn localhost_or_no_host_is_the_socket() {
        let t = my("mysql://bb@localhost/buildbot", &[], None);
        assert_eq!(t.server, socket(DEFAULT_SOCKET));
        assert_eq!(
            t.to_string(),
            "mysql://bb@localhost/buildbot?unix_socket=/run/mysqld/mysqld.sock"
        );
        let t = my(
            "mysql+mysqldb://bb:pw@/buildbot?unix_socket=/tmp/my.sock",
            &[],
            None,
        );
        assert_eq!(t.server, socket("/tmp/my.sock"));
        assert_eq!(t.server(), "/tmp/my.sock");
        // An explicit socket wins over a host, as PyMySQL has it.
        let t = my("mysql://bb@db/buildbot?unix_socket=/tmp/my.sock", &[], None);
        assert_eq!(t.server, socket("/tmp/my.sock"));
        let t = my(
            "mysql://bb@localhost:3307/buildbot",
            &[("MYSQL_UNIX_PORT", "/var/lib/my.sock")],
            None,
        );
        assert_eq!(t.server, socket("/var/lib/my.sock"));
    }

    #[test]
    fn environment_fills_in() {
        let t = my(
            "mysql:///buildbot",
            &[
                ("MYSQL_HOST", "envhost"),
                ("MYSQL_TCP_PORT", "3399"),
                ("MYSQL_PWD", "envpw"),
            ],
            None,
        );
        assert_eq!(
            t.server,
            MyServer::Tcp {
                host: "envhost".into(),
                port: 3399
            }
        );
        assert_eq!((t.user.as_str(), t.password()), ("operator", Some("envpw")));
        // What the URL says wins.
        let t = my(
            "mysql://u:urlpw@urlhost:1234/buildbot",
            &[("MYSQL_HOST", "envhost"), ("MYSQL_PWD", "envpw")],
            None,
        );
        assert_eq!(t.server(), "urlhost:1234");
        assert_eq!(t.password(), Some("urlpw"));
    }

    #[test]
    fn option_file_fills_in_before_the_environment() {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(
            home.path().join(".my.cnf"),
            "# mine\n[mysql]\nuser = not-this\n[client]\nuser = filer\npassword = \"p#w d\"\n\
             host=filehost # comment\nport = 3401\n[mysqldump]\nhost = nope\n",
        )
        .unwrap();
        let t = my(
            "mysql:///buildbot",
            &[("MYSQL_HOST", "envhost"), ("MYSQL_PWD", "envpw")],
            Some(home.path()),
        );
        assert_eq!(t.user, "filer");
        assert_eq!(t.password(), Some("p#w d"));
        assert_eq!(t.server(), "filehost:3401");
        std::fs::write(
            home.path().join(".my.cnf"),
            "[client]\nhost=localhost\nsocket=/srv/my.sock\n",
        )
        .unwrap();
        let t = my(
            "mysql://bb@/buildbot",
            &[("MYSQL_PWD", "envpw")],
            Some(home.path()),
        );
        assert_eq!(t.server, socket("/srv/my.sock"));
        assert_eq!(t.password(), Some("envpw"));
    }

    #[test]
    fn option_file_syntax() {
        let file = read_option_file(
            "[client]\nskip-ssl\nunix-socket=/x\nsocket='/run/s.sock'\nport=3306 # default\n\n[client ]\nuser=a\n",
        );
        assert_eq!(
            file,
            OptionFile {
                user: Some("a".into()),
                password: None,
                host: None,
                port: Some("3306".into()),
                socket: Some("/run/s.sock".into()),
            }
        );
    }

    #[test]
    fn refused_urls() {
        assert!(err("mysql://h/x?ssl_mode=maybe").contains("ssl_mode 'maybe'"));
        assert!(err("mysql://h/").contains("names no database"));
        assert!(err("mysql://h:port/x").contains("not a port"));
        assert!(err("mysql://h/x?storage_engine=InnoDB;DROP").contains("storage_engine"));
        assert!(err("mysql://h/x?connect_timeout=soon").contains("connect_timeout"));
    }
}
