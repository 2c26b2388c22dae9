//! What only MySQL and MariaDB have, against the suite's own MariaDB
//! server ([`crate::my`]): opening (URL forms, the mysql client's option
//! file and environment, the unix socket, passwords, TLS, the errors of
//! each), `bb db convert` from MyISAM to InnoDB, and what happens beside
//! other sessions (held locks on InnoDB and MyISAM, a killed connection).
//! The commands themselves run on every engine in the other modules.

use std::process::{Child, Command as StdCommand, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use mysql::prelude::Queryable;
use serde_json::{Value, json};

use crate::my::{self, MyDb, StorageEngine};
use crate::support::{
    Env, Myisam, bb_on as bb, bb_waiting, fails, fails_json, fails_saying, fails_within, json_of,
    json_on as json, listener, outcome, run_ok, silence_is_bounded_by_connect_timeout,
};

/// `--at` for what the tests register: 2024-05-01T12:00:00Z.
const AT: &str = "1714564800";

/// A fresh database with Buildbot's schema made by `bb db init` (InnoDB).
fn initialised() -> MyDb {
    let db = my::fresh_db();
    json(&db.url(), &["db", "init"]);
    db
}

/// The names in a `master list --json`.
fn master_names(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|m| m["name"].as_str().unwrap().to_string())
        .collect()
}

/// A home directory whose `~/.my.cnf` is `cnf`.
fn home_with(cnf: &str) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join(".my.cnf"), cnf).unwrap();
    home
}

/// The login name of the user the tests run as (bb's default MySQL user).
fn login_name() -> String {
    let out = StdCommand::new("id").arg("-un").output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

// --- opening ------------------------------------------------------------------------

/// Every URL form, the socket, and the mysql client's fallbacks reach the
/// database (the master registered through the first URL), named in `db
/// info` as CLI.md says and never with the password. Over the socket bb
/// logs in as the admin, whom the server refuses over TCP: such a login
/// going through proves the socket was used.
#[test]
fn every_url_form_and_client_fallback_reaches_the_same_database() {
    let db = initialised();
    json(&db.url(), &["master", "register", "m1", "--at", AT]);
    let (port, name, pw) = (db.port, db.dbname.as_str(), db.password.as_str());
    let socket = db.socket.display().to_string();
    let over_tcp = db.url_without_password();
    let admin_over_socket = format!(
        "mysql://{}@localhost/{name}?unix_socket={socket}",
        my::ADMIN
    );
    // Reaches the database, named as `named`, the password nowhere.
    let reaches = |cmd: &mut dyn FnMut(&[&str]) -> assert_cmd::Command, named: &str, what: &str| {
        let list = json_of(&mut cmd(&["master", "list"]));
        assert_eq!(master_names(&list), ["m1"], "{what}");
        let out = cmd(&["db", "info", "--json"]).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{what}: {stderr}");
        let info: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(info["database"], named, "{what}");
        assert_eq!(info["revision"], "067", "{what}");
        assert!(
            !stdout.contains(pw) && !stderr.contains(pw),
            "{what}: {stdout}{stderr}"
        );
        // And in the table form.
        let (table, _) = run_ok(cmd(&["db", "info"]));
        assert!(table.contains(named), "{what}: {table}");
        assert!(!table.contains(pw), "{what}: {table}");
    };

    let mut forms: Vec<(String, String)> = Vec::new();
    for scheme in [
        "mysql",
        "mariadb",
        "mysql+mysqldb",
        "mysql+pymysql",
        "mysql+mysqlconnector",
        "mariadb+mariadbconnector",
    ] {
        forms.push((
            format!("{scheme}://{}:{pw}@127.0.0.1:{port}/{name}", my::USER),
            over_tcp.clone(),
        ));
    }
    // Buildbot's and the drivers' parameters, and one nobody knows.
    forms.push((
        format!(
            "{}?max_idle=300&charset=utf8&use_unicode=True&frobnicate=yes&storage_engine=InnoDB",
            db.url()
        ),
        over_tcp.clone(),
    ));
    // The socket: host localhost, or none, or any host when unix_socket=
    // names it (as PyMySQL has it).
    forms.push((db.socket_url(), db.socket_url_without_password()));
    forms.push((
        format!("mysql://{}:{pw}@/{name}?unix_socket={socket}", my::USER),
        db.socket_url_without_password(),
    ));
    forms.push((
        format!(
            "mysql://{}:{pw}@db.invalid:{port}/{name}?unix_socket={socket}",
            my::USER
        ),
        db.socket_url_without_password(),
    ));
    forms.push((db.admin_socket_url(), admin_over_socket.clone()));
    // TLS: encrypted without a check, checked against the test CA (by
    // address: the certificate names 127.0.0.1), and ssl_ca alone.
    for mode in [
        "PREFERRED",
        "REQUIRED",
        "VERIFY_CA",
        "VERIFY_IDENTITY",
        "verify_ca",
    ] {
        forms.push((db.tls_url(mode), over_tcp.clone()));
    }
    forms.push((
        format!("{}?ssl_ca={}", db.url(), db.ca_cert.display()),
        over_tcp.clone(),
    ));
    forms.push((format!("{}?ssl_mode=DISABLED", db.url()), over_tcp.clone()));
    // VERIFY_CA checks the CA, not the name: the server by an address its
    // certificate does not name (127.0.0.1 as an IPv6-mapped address).
    forms.push((
        format!(
            "mysql://{}:{pw}@[::ffff:127.0.0.1]:{port}/{name}?ssl_mode=VERIFY_CA&ssl_ca={}",
            my::USER,
            db.ca_cert.display()
        ),
        format!("mysql://{}@[::ffff:127.0.0.1]:{port}/{name}", my::USER),
    ));
    for (url, named) in &forms {
        reaches(&mut |args| bb(url, args), named, url);
    }

    // The admin is refused over TCP: its logins above went over the socket.
    let message = fails(
        &mut bb(
            &format!("mysql://{}@127.0.0.1:{port}/{name}", my::ADMIN),
            &["master", "list"],
        ),
        1,
    );
    assert!(
        message.contains(&format!("127.0.0.1:{port} refused the login of bb_admin")),
        "{message}"
    );

    // MYSQL_UNIX_PORT is the socket for host localhost, or none, whatever
    // the port; it is where bb goes (a socket that is not there is named).
    for url in [
        format!("mysql://{}@localhost/{name}", my::ADMIN),
        format!("mysql://{}@/{name}", my::ADMIN),
        format!("mysql://{}@localhost:{port}/{name}", my::ADMIN),
    ] {
        reaches(
            &mut |args| {
                let mut cmd = bb(&url, args);
                cmd.env("MYSQL_UNIX_PORT", &socket);
                cmd
            },
            &admin_over_socket,
            &url,
        );
    }
    let nowhere = tempfile::tempdir().unwrap();
    let missing = nowhere.path().join("mysqld.sock");
    let message = fails(
        bb(
            &format!("mysql://{}@localhost/{name}", my::ADMIN),
            &["master", "list"],
        )
        .env("MYSQL_UNIX_PORT", &missing),
        1,
    );
    assert!(
        message.contains(&format!(
            "cannot reach the MySQL server at {} (as bb_admin)",
            missing.display()
        )),
        "{message}"
    );

    // The environment alone: host, port and password.
    reaches(
        &mut |args| {
            let mut cmd = bb(&format!("mysql://{}@/{name}", my::USER), args);
            cmd.env("MYSQL_HOST", "127.0.0.1")
                .env("MYSQL_TCP_PORT", port.to_string())
                .env("MYSQL_PWD", pw);
            cmd
        },
        &over_tcp,
        "MYSQL_HOST, MYSQL_TCP_PORT, MYSQL_PWD",
    );

    // `[client]` of ~/.my.cnf alone: user, password, host, port...
    let tcp_cnf = format!(
        "[mysql]\nuser = nobody\n[client]\nuser = {}\npassword = \"{pw}\"\nhost = 127.0.0.1\n\
         port = {port}\n[mysqldump]\nhost = db.invalid\n",
        my::USER
    );
    let home = home_with(&tcp_cnf);
    reaches(
        &mut |args| {
            let mut cmd = bb(&format!("mysql:///{name}"), args);
            cmd.env("HOME", home.path());
            cmd
        },
        &over_tcp,
        "~/.my.cnf over TCP",
    );
    // ... and socket.
    let socket_cnf = format!("[client]\nuser={}\nsocket={socket}\n", my::ADMIN);
    let socket_home = home_with(&socket_cnf);
    for url in [
        format!("mysql://localhost/{name}"),
        format!("mysql:///{name}"),
    ] {
        reaches(
            &mut |args| {
                let mut cmd = bb(&url, args);
                cmd.env("HOME", socket_home.path());
                cmd
            },
            &admin_over_socket,
            &url,
        );
    }

    // Precedence: the URL, then ~/.my.cnf, then the environment. Each
    // lower source here holds only wrong values, which would fail.
    let wrong_env = |cmd: &mut assert_cmd::Command| {
        cmd.env("MYSQL_HOST", "db.invalid")
            .env("MYSQL_TCP_PORT", "1")
            .env("MYSQL_UNIX_PORT", &missing)
            .env("MYSQL_PWD", "wr0ng-env-pw");
    };
    // (The admin has no password: one from anywhere would be refused.)
    let wrong_env_but_the_password = |cmd: &mut assert_cmd::Command| {
        wrong_env(cmd);
        cmd.env_remove("MYSQL_PWD");
    };
    let wrong_home = home_with(&format!(
        "[client]\nuser = nobody\npassword = wr0ng-file-pw\nhost = db.invalid\nport = 1\n\
         socket = {}\n",
        missing.display()
    ));
    // The URL over both.
    reaches(
        &mut |args| {
            let mut cmd = bb(&db.url(), args);
            cmd.env("HOME", wrong_home.path());
            wrong_env(&mut cmd);
            cmd
        },
        &over_tcp,
        "the URL over ~/.my.cnf and the environment",
    );
    reaches(
        &mut |args| {
            let mut cmd = bb(&db.socket_url(), args);
            cmd.env("HOME", wrong_home.path());
            wrong_env(&mut cmd);
            cmd
        },
        &db.socket_url_without_password(),
        "the URL's socket over ~/.my.cnf's and MYSQL_UNIX_PORT",
    );
    // ~/.my.cnf over the environment.
    reaches(
        &mut |args| {
            let mut cmd = bb(&format!("mysql:///{name}"), args);
            cmd.env("HOME", home.path());
            wrong_env(&mut cmd);
            cmd
        },
        &over_tcp,
        "~/.my.cnf over the environment (TCP)",
    );
    reaches(
        &mut |args| {
            let mut cmd = bb(&format!("mysql://localhost/{name}"), args);
            cmd.env("HOME", socket_home.path());
            wrong_env_but_the_password(&mut cmd);
            cmd
        },
        &admin_over_socket,
        "~/.my.cnf over the environment (socket)",
    );
    // The URL's port over ~/.my.cnf's: the one that is named, and fails.
    let closed = closed_port();
    let message = fails(
        bb(
            &format!("mysql://127.0.0.1:{closed}/{name}"),
            &["master", "list"],
        )
        .env("HOME", home.path()),
        1,
    );
    assert!(
        message.contains(&format!(
            "cannot reach the MySQL server at 127.0.0.1:{closed} (as bb_pw)"
        )),
        "{message}"
    );

    // No user anywhere: the login name, as the mysql client.
    let login = login_name();
    let message = fails(
        bb(
            &format!("mysql://127.0.0.1:{port}/{name}"),
            &["master", "list"],
        )
        .env("MYSQL_PWD", pw),
        1,
    );
    assert!(
        message.contains(&format!("refused the login of {login} to {name}")),
        "{message}"
    );
    assert!(!message.contains(pw), "{message}");
}

/// A port on 127.0.0.1 where nothing listens.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

#[test]
fn opening_failures_say_which_where_and_as_whom_and_never_the_password() {
    let db = initialised();
    let empty = my::fresh_db();
    let (port, name, pw) = (db.port, db.dbname.as_str(), db.password.as_str());
    let closed = closed_port();
    let user = my::USER;
    let other_ca = my::server().other_ca_cert.display().to_string();
    let untrusted = format!(
        "the TLS handshake with the MySQL server at 127.0.0.1:{port} (as bb_pw) failed: the \
         server's certificate is not signed by a CA in {other_ca}"
    );
    let cases: Vec<(String, i32, Vec<String>)> = vec![
        (
            format!("mysql://{user}:{pw}@127.0.0.1:{closed}/{name}"),
            1,
            vec![format!(
                "cannot reach the MySQL server at 127.0.0.1:{closed} (as bb_pw)"
            )],
        ),
        (
            format!("mysql://{user}:wr0ng-pw@127.0.0.1:{port}/{name}"),
            1,
            vec![format!(
                "the MySQL server at 127.0.0.1:{port} refused the login of bb_pw to {name}"
            )],
        ),
        (
            format!(
                "mysql://{user}:wr0ng-pw@localhost/{name}?unix_socket={}",
                db.socket.display()
            ),
            1,
            vec![format!(
                "the MySQL server at {} refused the login of bb_pw to {name}",
                db.socket.display()
            )],
        ),
        (
            format!("mysql://{user}:{pw}@127.0.0.1:{port}/bb_no_such_db"),
            4,
            vec![format!(
                "database bb_no_such_db does not exist on 127.0.0.1:{port}"
            )],
        ),
        (
            empty.url(),
            1,
            vec![format!(
                "{} has no Buildbot tables: bb db init creates them",
                empty.url_without_password()
            )],
        ),
        // A CA that signed nothing of this server's: with VERIFY_CA,
        // VERIFY_IDENTITY, and with ssl_ca alone, which means VERIFY_CA.
        (
            format!("{}?ssl_mode=VERIFY_CA&ssl_ca={other_ca}", db.url()),
            1,
            vec![untrusted.clone()],
        ),
        (
            format!("{}?ssl_mode=VERIFY_IDENTITY&ssl_ca={other_ca}", db.url()),
            1,
            vec![untrusted.clone()],
        ),
        (
            format!("{}?ssl_ca={other_ca}", db.url()),
            1,
            vec![untrusted.clone()],
        ),
        // VERIFY_IDENTITY checks the name too: not by an address the
        // certificate does not name (the one VERIFY_CA takes, above).
        (
            format!(
                "mysql://{user}:{pw}@[::ffff:127.0.0.1]:{port}/{name}?ssl_mode=VERIFY_IDENTITY&\
                 ssl_ca={}",
                db.ca_cert.display()
            ),
            1,
            vec![format!(
                "the TLS handshake with the MySQL server at [::ffff:127.0.0.1]:{port} (as bb_pw) \
                 failed: the server's certificate is not valid for ::ffff:127.0.0.1 (it is for \
                 localhost, 127.0.0.1)"
            )],
        ),
        (
            format!("{}?ssl_ca=/nonexistent/ca.pem", db.url()),
            1,
            vec!["ssl_ca /nonexistent/ca.pem: no such file".to_string()],
        ),
    ];
    for (url, code, says) in &cases {
        let says: Vec<&str> = says.iter().map(String::as_str).collect();
        fails_saying(
            || bb(url, &["master", "list"]),
            *code,
            &says,
            &[pw, "wr0ng"],
        );
    }
    // A write and db info fail alike, without the password either.
    for args in [
        &["db", "info"][..],
        &["master", "register", "m", "--at", AT],
    ] {
        let url = format!("mysql://{user}:wr0ng-pw@127.0.0.1:{port}/{name}");
        let out = bb(&url, args).arg("--json").output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!printed.contains("wr0ng"), "{printed}");
        assert!(printed.contains("refused the login"), "{printed}");
    }
    // Nothing was registered by the refused write.
    assert_eq!(db.sql("SELECT count(*) FROM masters"), "0");
}

#[test]
fn a_port_that_takes_the_connection_and_says_nothing_is_exit_1_within_connect_timeout() {
    let pw = &my::server().password;
    silence_is_bounded_by_connect_timeout(&["PREFERRED", "DISABLED", "REQUIRED"], |port, mode| {
        format!("mysql://bb_pw:{pw}@127.0.0.1:{port}/db?connect_timeout=2&ssl_mode={mode}")
    });
}

/// The first packet a MySQL server without TLS sends: a protocol-10
/// handshake whose capabilities lack `CLIENT_SSL`.
fn greeting_without_tls() -> Vec<u8> {
    let mut payload = vec![10u8];
    payload.extend(b"5.5.5-10.11.0-MariaDB\0");
    payload.extend(7u32.to_le_bytes()); // connection id
    payload.extend(b"abcdefgh\0"); // scramble, part 1
    // LONG_PASSWORD, CONNECT_WITH_DB, PROTOCOL_41, TRANSACTIONS,
    // SECURE_CONNECTION; no SSL (0x0800).
    payload.extend(0xA209u16.to_le_bytes());
    payload.push(45); // utf8mb4_general_ci
    payload.extend(2u16.to_le_bytes()); // autocommit
    payload.extend(0x0008u16.to_le_bytes()); // PLUGIN_AUTH
    payload.push(21);
    payload.extend([0u8; 10]);
    payload.extend(b"ijklmnopqrst\0"); // scramble, part 2
    payload.extend(b"mysql_native_password\0");
    let mut packet = (payload.len() as u32).to_le_bytes()[..3].to_vec();
    packet.push(0);
    packet.extend(payload);
    packet
}

#[test]
fn ssl_mode_required_against_a_server_without_tls_says_so() {
    use std::io::{Read, Write};
    let plain = listener(|mut stream| {
        let _ = stream.write_all(&greeting_without_tls());
        let mut buf = [0u8; 1024];
        let _ = stream.read(&mut buf);
    });
    let server = my::server();
    for ssl_mode in ["REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"] {
        let url = format!(
            "mysql://bb_pw:{}@127.0.0.1:{plain}/db?ssl_mode={ssl_mode}&ssl_ca={}&connect_timeout=5",
            server.password,
            server.ca_cert.display()
        );
        let says = format!(
            "the server does not support TLS: the MySQL server at 127.0.0.1:{plain} (as \
             bb_pw) answers without it, and ssl_mode={ssl_mode} asks for it"
        );
        fails_saying(
            || bb(&url, &["master", "list"]),
            1,
            &[&says],
            &[&server.password],
        );
    }
}

#[test]
fn another_service_on_the_port_is_named_as_not_mysql() {
    use std::io::{Read, Write};
    // An SSH server: speaks first, then waits for a banner that never comes.
    let ssh = listener(|mut stream| {
        let _ = stream.write_all(b"SSH-2.0-OpenSSH_9.6\r\n");
        thread::sleep(Duration::from_secs(120));
    });
    // A web server answering whatever it is sent (here: nothing yet).
    let http = listener(|mut stream| {
        let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        let mut buf = [0u8; 64];
        let _ = stream.read(&mut buf);
    });
    // Something that hangs up without a word.
    let mute = listener(drop);
    let cases = [
        (ssh, "its answer begins \"SSH-2.0-OpenSSH_\""),
        (http, "its answer begins \"HTTP/1.1 400 Bad\""),
        (mute, "it took the connection and closed it without a word"),
    ];
    let pw = &my::server().password;
    for (port, says) in cases {
        for ssl_mode in ["PREFERRED", "DISABLED"] {
            let url = format!(
                "mysql://bb_pw:{pw}@127.0.0.1:{port}/db?connect_timeout=2&ssl_mode={ssl_mode}"
            );
            // Bounded: past six seconds, bb is killed and the test fails.
            fails_within(
                &url,
                &["master", "list"],
                Duration::from_secs(6),
                &format!("something other than MySQL answers on 127.0.0.1:{port}: {says}"),
            );
        }
    }
}

// --- db convert -----------------------------------------------------------------------

/// Each table of the database and its storage engine, `TABLE ENGINE` a line.
fn engines(db: &MyDb) -> Vec<(String, String)> {
    db.sql(
        "SELECT TABLE_NAME, ENGINE FROM information_schema.TABLES \
         WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME",
    )
    .lines()
    .map(|line| {
        let (table, engine) = line.split_once('\t').unwrap();
        (table.to_string(), engine.to_string())
    })
    .collect()
}

/// The tables of `db` whose engine is (or is not) `engine`.
fn tables_in(db: &MyDb, engine: &str, is: bool) -> Vec<String> {
    engines(db)
        .into_iter()
        .filter(|(_, e)| e.eq_ignore_ascii_case(engine) == is)
        .map(|(t, _)| t)
        .collect()
}

/// Every row, key and index of `db`: `mariadb-dump` of it, rows in primary
/// key order, with the tables' `ENGINE=` clause left out; and its catalog
/// ([`MyDb::catalog`]) with the engine left out.
fn everything_but_the_engine(db: &MyDb) -> String {
    let mut dump = StdCommand::new(&db.server.bin.dump);
    dump.arg("--no-defaults")
        .arg(format!("--socket={}", db.socket.display()))
        .arg(format!("--user={}", my::ADMIN))
        .args([
            "--order-by-primary",
            "--skip-extended-insert",
            "--skip-comments",
            "--skip-dump-date",
            &db.dbname,
        ]);
    let (dump, _) = run_ok(assert_cmd::Command::from_std(dump));
    let strip = |text: &str| {
        text.replace("ENGINE=MyISAM", "ENGINE=?")
            .replace("ENGINE=InnoDB", "ENGINE=?")
            .replace(" engine MyISAM ", " engine ? ")
            .replace(" engine InnoDB ", " engine ? ")
    };
    format!("{}\n--- catalog\n{}", strip(&dump), strip(&db.catalog()))
}

/// `bb db convert --storage-engine innodb --json [more]`: its exit code,
/// the JSON it printed (or its error), and its stderr lines.
fn convert(db: &MyDb, more: &[&str]) -> (i32, Value, Vec<String>) {
    let mut args = vec!["db", "convert", "--storage-engine", "innodb", "--json"];
    args.extend(more);
    let out = bb(&db.url(), &args).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let code = out.status.code().unwrap();
    let doc = if code == 0 {
        serde_json::from_slice(&out.stdout).unwrap()
    } else {
        assert!(out.stdout.is_empty());
        serde_json::from_str(stderr.lines().nth(1).unwrap()).unwrap()
    };
    (code, doc, stderr.lines().map(String::from).collect())
}

fn strings(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// A MyISAM database made by real Buildbot (its default engine), with rows
/// bb wrote in every table its commands touch, converted to InnoDB: first
/// refused while a master runs by the real clock, then, with two tables
/// converted by hand, forced: only the rest converted, rows, keys and
/// indexes unchanged; a second run converts nothing; db info's MyISAM
/// warnings go with the MyISAM tables.
#[test]
fn db_convert_makes_a_buildbot_myisam_database_innodb_and_changes_nothing_else() {
    let db = my::buildbot_db(StorageEngine::MyIsam);
    let url = db.url();
    let myisam = tables_in(&db, "MyISAM", true);
    assert!(myisam.len() > 30, "Buildbot's MyISAM tables: {myisam:?}");
    for table in ["buildrequests", "buildrequest_claims", "masters", "changes"] {
        assert!(myisam.contains(&table.to_string()), "{table}: {myisam:?}");
    }
    // Rows: masters (one stale by the real clock, one running by it),
    // builders, buildsets with sourcestamps and properties, requests, a
    // claim, a completion, a change source.
    json(&url, &["master", "register", "old", "--at", AT]);
    json(
        &url,
        &[
            "buildset",
            "add",
            "--reason",
            "r1",
            "--create-builders",
            "--builder",
            "b1",
            "--builder",
            "b2",
            "--property",
            "who=\"ann\"",
            "--sourcestamp",
            "branch=main,revision=abc123,repository=https://example.org/r.git",
            "--at",
            AT,
        ],
    );
    json(
        &url,
        &["--master", "old", "request", "claim", "1", "--at", AT],
    );
    json(
        &url,
        &[
            "--master",
            "old",
            "request",
            "complete",
            "1",
            "--results",
            "success",
            "--at",
            AT,
        ],
    );
    json(&url, &["changesource", "register", "poller"]);
    let now = chrono::Utc::now().timestamp();
    json(
        &url,
        &[
            "master",
            "register",
            "running",
            "--at",
            &(now - 60).to_string(),
            "--force",
        ],
    );
    json(
        &url,
        &[
            "master",
            "activate",
            "running",
            "--at",
            &(now - 60).to_string(),
            "--force",
        ],
    );
    let running = db.sql("SELECT id FROM masters WHERE name = 'running'");
    // An active master that checked in 11 minutes ago is not running.
    json(
        &url,
        &[
            "master",
            "register",
            "late",
            "--at",
            &(now - 660).to_string(),
            "--force",
        ],
    );
    json(
        &url,
        &[
            "master",
            "activate",
            "late",
            "--at",
            &(now - 660).to_string(),
            "--force",
        ],
    );

    // db info names the MyISAM tables, on stderr and in JSON.
    let out = bb(&url, &["db", "info"]).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stderr}");
    let warnings: Vec<&str> = stderr.lines().collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(warnings[0].starts_with("warning: "), "{stderr}");
    assert!(warnings[0].contains("MyISAM"), "{stderr}");
    assert!(warnings[0].contains(&myisam.join(", ")), "{stderr}");
    let info = json(&url, &["db", "info"]);
    let said = strings(&info["warnings"]);
    assert_eq!(said.len(), 1, "{info}");
    assert!(said[0].contains(&myisam.join(", ")), "{info}");
    assert!(
        said[0].contains("bb db convert --storage-engine innodb"),
        "{info}"
    );

    let before = everything_but_the_engine(&db);
    // Refused while a master runs, by the real clock (the others checked
    // in at AT, in 2024, or 11 minutes ago); nothing converted.
    let (code, error, _) = convert(&db, &[]);
    assert_eq!(code, 3, "{error}");
    assert_eq!(error["error"], "conflict");
    assert_eq!(
        error["ids"],
        json!([running.parse::<i64>().unwrap()]),
        "{error}"
    );
    assert!(
        error["message"].as_str().unwrap().contains("--force"),
        "{error}"
    );
    assert_eq!(tables_in(&db, "MyISAM", true), myisam);

    // Two tables converted by hand first (an interrupted run).
    db.sql("ALTER TABLE masters ENGINE=InnoDB; ALTER TABLE changes ENGINE=InnoDB;");
    let already_innodb = tables_in(&db, "InnoDB", true);
    let rest = tables_in(&db, "InnoDB", false);
    assert!(already_innodb.contains(&"masters".to_string()));
    let (code, done, stderr) = convert(&db, &["--force"]);
    assert_eq!(code, 0, "{stderr:?}");
    assert_eq!(strings(&done["converted"]), rest, "{done}");
    assert_eq!(strings(&done["already"]), already_innodb, "{done}");
    // Progress: one line per table as it starts, then the advice.
    let n = rest.len();
    for (i, table) in rest.iter().enumerate() {
        assert_eq!(
            stderr[i],
            format!("converting {table} (MyISAM to InnoDB, {} of {n})", i + 1),
            "{stderr:?}"
        );
    }
    assert!(
        stderr[n..]
            .iter()
            .any(|line| line.contains("storage_engine=InnoDB")),
        "{stderr:?}"
    );
    assert_eq!(tables_in(&db, "InnoDB", false), Vec::<String>::new());
    assert_eq!(everything_but_the_engine(&db), before);

    // Again: nothing left to convert (the running master stopped).
    json(
        &url,
        &[
            "master",
            "deactivate",
            "running",
            "--at",
            &now.to_string(),
            "--force",
        ],
    );
    let (code, again, _) = convert(&db, &[]);
    assert_eq!(code, 0, "{again}");
    assert_eq!(again["converted"], json!([]));
    assert_eq!(
        strings(&again["already"]),
        engines(&db).into_iter().map(|(t, _)| t).collect::<Vec<_>>()
    );
    // No warning left, and bb writes on it as on any InnoDB database.
    let out = bb(&url, &["db", "info", "--json"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let info: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(info.get("warnings").is_none(), "{info}");
    json(
        &url,
        &["--master", "old", "request", "claim", "2", "--at", AT],
    );
}

/// `db convert` is MySQL's, and only to InnoDB: elsewhere, or to another
/// engine, a usage error that converts nothing.
#[test]
fn db_convert_elsewhere_or_to_another_engine_is_a_usage_error() {
    let sqlite = Env::new();
    let message = fails(
        &mut sqlite.bb(&["db", "convert", "--storage-engine", "innodb"]),
        2,
    );
    assert!(message.contains("not a MySQL database"), "{message}");
    let env = Env::from(Myisam);
    let db = env.my().unwrap();
    let message = fails(
        &mut env.bb(&["db", "convert", "--storage-engine", "aria"]),
        2,
    );
    assert!(message.contains("possible values: innodb"), "{message}");
    assert_eq!(tables_in(db, "MyISAM", false), Vec::<String>::new());
}

// --- beside other sessions ------------------------------------------------------------

/// Master `m1` and a buildset with `n` requests on builders `b0`, `b1`, ...;
/// the request ids.
fn requests(env: &Env, n: usize) -> Vec<i64> {
    env.json(&["master", "register", "m1", "--at", AT]);
    let names: Vec<String> = (0..n).map(|i| format!("b{i}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    crate::request::add(env, crate::support::T0, &names, &[]).1
}

/// An admin session over the socket that takes `lock` (statements) and
/// holds it until dropped.
fn hold(env: &Env, lock: &str) -> mysql::Conn {
    let mut conn = env.my().unwrap().conn();
    conn.query_drop(lock)
        .unwrap_or_else(|err| panic!("{lock}: {err}"));
    conn
}

/// `bb ARGS` (with `--busy-timeout 1s`) expected to give up with exit 5
/// within a bounded time; its JSON error.
fn busy(env: &Env, args: &[&str]) -> Value {
    let started = Instant::now();
    let error = fails_json(env.bb(&["--busy-timeout", "1s"]).args(args), 5);
    let waited = started.elapsed();
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("--busy-timeout"), "{args:?}: {message}");
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(8),
        "{args:?} gave up after {waited:?}"
    );
    error
}

/// On InnoDB, a claim that needs a row another session has locked (`SELECT
/// ... FOR UPDATE` in an open transaction), or a table it holds (`LOCK
/// TABLES ... WRITE`), gives up at `--busy-timeout` with exit 5, having
/// written nothing (not even its new master); once the lock is gone it
/// goes through.
#[test]
fn innodb_a_lock_held_past_the_busy_timeout_is_exit_5_and_nothing_is_written() {
    let env = Env::mysql(None);
    let brids = requests(&env, 2);
    let brid = brids[0].to_string();
    let before = env.dump();
    for lock in [
        format!("START TRANSACTION; SELECT * FROM buildrequests WHERE id = {brid} FOR UPDATE"),
        "START TRANSACTION; SELECT * FROM buildrequest_claims FOR UPDATE".to_string(),
        "LOCK TABLES buildrequest_claims WRITE".to_string(),
    ] {
        let holder = hold(&env, &lock);
        busy(
            &env,
            &[
                "--master", "newcomer", "request", "claim", &brid, "--at", AT,
            ],
        );
        drop(holder);
        assert_eq!(env.dump(), before, "{lock}");
    }
    let claimed = env.json(&[
        "--master", "newcomer", "request", "claim", &brid, "--at", AT,
    ]);
    assert_eq!(claimed[0]["claimed"], true, "{claimed}");
}

/// On MyISAM (tables made as Buildbot's default makes them), another
/// session's `LOCK TABLES buildrequests WRITE` keeps out a claim (exit 5,
/// nothing written) and a read (exit 5 too: a read waits at most
/// `--busy-timeout` for a write lock); its `READ` lock lets the read
/// through and still keeps out the write.
#[test]
fn myisam_a_table_lock_held_past_the_busy_timeout_is_exit_5_and_nothing_is_written() {
    let env = Env::from(Myisam);
    let brids = requests(&env, 2);
    let brid = brids[0].to_string();
    let before = env.dump();
    let holder = hold(&env, "LOCK TABLES buildrequests WRITE");
    busy(
        &env,
        &[
            "--master", "newcomer", "request", "claim", &brid, "--at", AT,
        ],
    );
    busy(&env, &["request", "list"]);
    busy(&env, &["request", "show", &brid]);
    drop(holder);
    assert_eq!(env.dump(), before);
    let holder = hold(&env, "LOCK TABLES buildrequests READ");
    busy(
        &env,
        &[
            "--master", "newcomer", "request", "claim", &brid, "--at", AT,
        ],
    );
    let list = env.json(&["--busy-timeout", "1s", "request", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 2, "{list}");
    drop(holder);
    assert_eq!(env.dump(), before);
    let claimed = env.json(&[
        "--master", "newcomer", "request", "claim", &brid, "--at", AT,
    ]);
    assert_eq!(claimed[0]["claimed"], true, "{claimed}");
}

/// The ids of bb's sessions (as `bb_pw`) on `db` that wait for a lock: a
/// table or metadata lock, or an InnoDB row lock.
fn waiting_sessions(db: &MyDb) -> Vec<String> {
    db.sql(&format!(
        "SELECT ID FROM information_schema.PROCESSLIST \
         WHERE USER = '{}' AND DB = DATABASE() AND (STATE LIKE 'Waiting for%lock%' \
         OR ID IN (SELECT trx_mysql_thread_id FROM information_schema.INNODB_TRX \
                   WHERE trx_state = 'LOCK WAIT'))",
        my::USER
    ))
    .lines()
    .map(String::from)
    .collect()
}

/// bb's connection killed (`KILL`, from an admin session) while bb waits
/// for a lock inside its transaction, after its first writes (the new
/// master it claims as; the claims insert waits for the gap another
/// session locked): exit 1 saying nothing was committed, and on InnoDB
/// nothing of it stays.
#[test]
fn innodb_a_connection_killed_mid_command_leaves_nothing_half_written() {
    let env = Env::mysql(None);
    let brids = requests(&env, 3);
    let before = env.dump();
    let db = env.my().unwrap();
    let holder = hold(
        &env,
        "START TRANSACTION; SELECT * FROM buildrequest_claims FOR UPDATE",
    );
    let mut cmd = StdCommand::new(env!("CARGO_BIN_EXE_bb"));
    cmd.args([
        "--db",
        &env.db_str(),
        "--master",
        "newcomer",
        "--busy-timeout",
        "30s",
    ])
    .args(["request", "claim", "--at", AT])
    .args(brids.iter().map(i64::to_string))
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let child: Child = cmd.spawn().unwrap();
    let started = Instant::now();
    let waiting = loop {
        let waiting = waiting_sessions(db);
        if let Some(id) = waiting.first() {
            break id.clone();
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "bb never waited for the lock"
        );
        thread::sleep(Duration::from_millis(50));
    };
    // bb has written its master by now, in its open transaction.
    assert_eq!(
        db.sql(
            "SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED; \
             SELECT count(*) FROM masters WHERE name = 'newcomer'"
        ),
        "1",
        "bb waits before it has written anything"
    );
    db.sql(&format!("KILL {waiting}"));
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains("nothing was committed"), "{stderr}");
    assert!(out.stdout.is_empty());
    drop(holder);
    assert_eq!(env.dump(), before);
}

/// On InnoDB, a claim that came while a running master's claim of one of
/// its requests was written and not yet committed (Buildbot's own INSERT,
/// in a transaction bb cannot see) ends as one made after that claim: exit
/// 3 naming the request and its holder, never a duplicate-key error (1062),
/// and nothing of bb's written.
#[test]
fn innodb_a_claim_that_lost_the_race_to_a_running_master_reads_like_one_that_came_after() {
    let env = Env::mysql(None);
    let brids = requests(&env, 2);
    env.json(&["master", "register", "running", "--at", AT]);
    let running = env.int("SELECT id FROM masters WHERE name = 'running'");
    let before = env.dump();
    let (first, second) = (brids[0].to_string(), brids[1].to_string());
    let mut holder = hold(
        &env,
        &format!(
            "START TRANSACTION; INSERT INTO buildrequest_claims (brid, masterid, claimed_at) \
             VALUES ({first}, {running}, 1714600000)"
        ),
    );
    let claim = [
        "--master", "m1", "request", "claim", &first, &second, "--at", AT,
    ];
    let db = env.my().unwrap();
    let child = bb_waiting(&env.db_str(), &claim, || !waiting_sessions(db).is_empty());
    holder.query_drop("COMMIT").unwrap();
    let (code, stdout, error) = outcome(child);
    assert_eq!((code, stdout.as_str()), (Some(3), ""), "{error}");
    assert_eq!(error["ids"], json!([brids[0]]), "{error}");
    assert_eq!(error["holders"], json!({first.clone(): running}), "{error}");
    // Exactly what bb says when it runs after that claim.
    let after_the_fact = fails_json(&mut env.bb(&claim), 3);
    assert_eq!(error, after_the_fact);
    // The running master's claim alone was added.
    assert_eq!(
        env.rows("SELECT brid, masterid FROM buildrequest_claims"),
        json!([[brids[0], running]])
    );
    env.exec("DELETE FROM buildrequest_claims");
    assert_eq!(env.dump(), before);
}

// --- 32 bits --------------------------------------------------------------------------

#[test]
fn ids_and_times_past_32_bits() {
    let env = Env::mysql(None);
    let brids = requests(&env, 1);
    let before = env.dump();
    for args in [
        &["request", "show", "2147483648"][..],
        &["buildset", "show", "4294967296"],
        &["master", "show", "9223372036854775807"],
        &["request", "complete", "2147483648", "--results", "success"],
        &["request", "claim", "2147483648", "--master", "m1"],
    ] {
        let err = fails_json(&mut env.bb(args), 4);
        assert!(
            err["ids"].as_array().is_some_and(|ids| !ids.is_empty()),
            "{args:?}: {err}"
        );
    }
    let brid = brids[0].to_string();
    for args in [
        &["master", "register", "m", "--at", "2038-01-19T03:14:08Z"][..],
        &["master", "activate", "m1", "--at=4102444800"],
        &[
            "request",
            "claim",
            &brid,
            "--master",
            "m1",
            "--at=-2147483649",
        ],
    ] {
        let message = fails(&mut env.bb(args), 2);
        assert!(message.contains("32-bit"), "{args:?}: {message}");
    }
    assert_eq!(env.dump(), before);
    // The last second that fits is stored as it is.
    env.json(&[
        "master",
        "register",
        "m",
        "--at",
        "2038-01-19T03:14:07Z",
        "--force",
    ]);
    assert_eq!(
        env.rows("SELECT last_active FROM masters WHERE name = 'm'"),
        json!([[2147483647]])
    );
}
