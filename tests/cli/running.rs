//! A running master: what it notices, and what bb will not take from it.
//!
//! `--notify` against a stand-in for a master's REST API that records
//! every call (the real master is in `live`); the note bb prints without
//! it; and the guards that keep bb from completing, deactivating or
//! releasing what a running master is working on, unless `--force`.

use std::collections::BTreeMap;
use std::io::Write;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use crate::support::{
    Engine, Env, HttpRequest, On, Repo, T0, bb_master_name, engines, fails, fails_json, name_hash,
    nodename, read_http_request, run_ok,
};

const MINUTE: i64 = 60;

/// One call the stand-in master received.
type Call = HttpRequest;

/// How the stand-in answers.
#[derive(Clone, Default)]
struct Behaviour {
    /// Builder id -> its configured workers, as (workerid, paused).
    workers: BTreeMap<i64, Vec<(i64, bool)>>,
    /// USER:PASSWORD a login must carry; control calls then need its cookie.
    login: Option<&'static str>,
    /// Answer every call with this status instead.
    fail_with: Option<u16>,
    /// The builds this master runs: a `stop` of another is refused.
    running_builds: Vec<i64>,
    /// Answer `GET auth/login` with this status: a master with no login
    /// (Buildbot without `auth` answers 404), or one whose login fails.
    login_page: Option<u16>,
}

const SESSION: &str = "TWISTED_SESSION=c2Vzc2lvbg";

/// A stand-in for a Buildbot master's web server on 127.0.0.1, answering
/// the calls `--notify` makes as Buildbot 4.3 does.
struct FakeMaster {
    url: String,
    calls: Arc<Mutex<Vec<Call>>>,
}

impl FakeMaster {
    fn start(behaviour: Behaviour) -> FakeMaster {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!(
            "http://127.0.0.1:{}/",
            listener.local_addr().unwrap().port()
        );
        let calls: Arc<Mutex<Vec<Call>>> = Arc::default();
        let seen = Arc::clone(&calls);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if let Some(call) = read_http_request(&stream) {
                    let answer = answer(&behaviour, &call);
                    seen.lock().unwrap().push(call);
                    let mut stream = stream;
                    let _ = stream.write_all(answer.as_bytes());
                }
            }
        });
        FakeMaster { url, calls }
    }

    /// `METHOD PATH` of each call since the last take.
    fn take(&self) -> Vec<Call> {
        std::mem::take(&mut *self.calls.lock().unwrap())
    }
}

fn response(status: u16, extra_headers: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status} Whatever\r\nContent-Type: application/json\r\n{extra_headers}\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn answer(behaviour: &Behaviour, call: &Call) -> String {
    use base64::Engine;
    if let Some(status) = behaviour.fail_with {
        return response(status, "", r#"{"error": "something broke"}"#);
    }
    let path = call.path.as_str();
    if let (Some(status), "/auth/login") = (behaviour.login_page, path) {
        return response(status, "", "<html>\n<title>No Such Resource</title></html>");
    }
    if call.method == "GET" && path == "/auth/login" {
        let expected = behaviour.login.map(|creds| {
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(creds)
            )
        });
        return match (expected, call.headers.get("authorization")) {
            // As Buildbot does: the anonymous session's cookie, then the
            // logged-in one under the same name.
            (Some(expected), Some(given)) if *given == expected => response(
                302,
                &format!(
                    "Location: /#/\r\nSet-Cookie: TWISTED_SESSION=anonymous; Path=/\r\n\
                     Set-Cookie: {SESSION}; Path=/; HttpOnly\r\n"
                ),
                "",
            ),
            _ => response(
                401,
                "WWW-Authenticate: Basic realm=\"buildbot\"\r\n",
                "Unauthorized",
            ),
        };
    }
    let builder = path
        .strip_prefix("/api/v2/builders/")
        .and_then(|rest| rest.strip_suffix("/workers"))
        .and_then(|id| id.parse::<i64>().ok());
    if let (Some(builderid), "GET") = (builder, call.method.as_str()) {
        let workers: Vec<Value> = behaviour
            .workers
            .get(&builderid)
            .into_iter()
            .flatten()
            .map(|(id, paused)| json!({"workerid": id, "name": format!("w{id}"), "paused": paused}))
            .collect();
        let n = workers.len();
        return response(
            200,
            "",
            &json!({"workers": workers, "meta": {"total": n}}).to_string(),
        );
    }
    if call.method == "POST" && path.starts_with("/api/v2/builds/") {
        // Buildbot answers a stop of a build it does not run with an error.
        let stoppable = path
            .strip_prefix("/api/v2/builds/")
            .and_then(|id| id.parse::<i64>().ok())
            .is_some_and(|id| behaviour.running_builds.contains(&id));
        return match stoppable {
            true => response(200, "", r#"{"id": 1, "jsonrpc": "2.0", "result": null}"#),
            false => response(
                404,
                "",
                r#"{"jsonrpc": "2.0", "error": {"code": 404, "message": "not found"}, "id": 1}"#,
            ),
        };
    }
    if call.method == "POST" && path.starts_with("/api/v2/workers/") {
        let cookie_ok = call
            .headers
            .get("cookie")
            .is_some_and(|cookie| cookie.contains(SESSION));
        if behaviour.login.is_some() && !cookie_ok {
            return response(
                403,
                "",
                r#"{"jsonrpc": "2.0", "error": {"code": -32001, "message": "you need to have role 'admins'"}, "id": 1}"#,
            );
        }
        return response(200, "", r#"{"id": 1, "jsonrpc": "2.0", "result": null}"#);
    }
    response(404, "", r#"{"error": "not found"}"#)
}

/// `METHOD PATH` of each call.
fn routes(calls: &[Call]) -> Vec<String> {
    calls
        .iter()
        .map(|call| format!("{} {}", call.method, call.path))
        .collect()
}

/// Builders 1 `linux` and 2 `windows`; master 1 `m1` running (checked in a
/// minute before T0) and serving both.
fn served_env(engine: On) -> Env {
    let env = Env::from(engine);
    env.add_master(1, "m1", true, T0 - MINUTE);
    env.add_builder(1, "linux");
    env.add_builder(2, "windows");
    env.exec("INSERT INTO builder_masters (id, builderid, masterid) VALUES (1, 1, 1), (2, 2, 1)");
    env
}

fn at(t: i64) -> String {
    t.to_string()
}

// --- --notify ------------------------------------------------------------------------

engines!(myisam: buildset_add_unpauses_each_unpaused_worker_of_its_builders_once);
fn buildset_add_unpauses_each_unpaused_worker_of_its_builders_once(engine: On) {
    let env = served_env(engine);
    let master = FakeMaster::start(Behaviour {
        workers: BTreeMap::from([
            (1, vec![(10, false), (11, true)]),
            (2, vec![(10, false), (12, false)]),
        ]),
        ..Behaviour::default()
    });
    let (stdout, stderr) = run_ok(env.bb(&[
        "buildset",
        "add",
        "--reason",
        "r",
        "--builder",
        "linux",
        "--builder",
        "windows",
        "--at",
        &at(T0),
        "--notify",
        &master.url,
        "--json",
    ]));
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        doc,
        json!({
            "bsid": 1,
            "brids": {"1": 1, "2": 2},
            "notified": [{"url": master.url, "ok": true, "workers": 2, "error": null}]
        })
    );
    assert_eq!(stderr, "", "a notified master needs no note");
    let calls = master.take();
    assert_eq!(
        routes(&calls),
        [
            "GET /api/v2/builders/1/workers",
            "GET /api/v2/builders/2/workers",
            "POST /api/v2/workers/10",
            "POST /api/v2/workers/12",
        ]
    );
    for call in &calls[2..] {
        assert_eq!(call.headers["content-type"], "application/json");
        let rpc: Value = serde_json::from_str(&call.body).unwrap();
        assert_eq!(rpc["jsonrpc"], "2.0");
        assert_eq!(rpc["method"], "unpause");
        assert!(!call.headers.contains_key("cookie"), "no login was asked");
    }
    // The write is the same as without --notify.
    assert_eq!(env.int("SELECT count(*) FROM buildrequests"), 2);

    // For people: the outcome is in the table.
    let (table, _) = run_ok(env.bb(&[
        "buildset",
        "add",
        "--reason",
        "r",
        "--builder",
        "linux",
        "--notify",
        &master.url,
    ]));
    assert!(table.contains("notified"), "{table}");
    assert!(table.contains(&master.url), "{table}");
}

engines!(myisam: several_masters_from_flags_or_bb_notify);
fn several_masters_from_flags_or_bb_notify(engine: On) {
    let env = served_env(engine);
    let behaviour = Behaviour {
        workers: BTreeMap::from([(1, vec![(7, false)])]),
        ..Behaviour::default()
    };
    let (a, b) = (
        FakeMaster::start(behaviour.clone()),
        FakeMaster::start(behaviour),
    );
    let doc = env.json(&[
        "buildset",
        "add",
        "--reason",
        "r",
        "--builder",
        "1",
        "--notify",
        &a.url,
        "--notify",
        &b.url,
    ]);
    let urls: Vec<&str> = doc["notified"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["url"].as_str().unwrap())
        .collect();
    assert_eq!(urls, [a.url.as_str(), b.url.as_str()]);
    assert_eq!(a.take().len(), 2);
    assert_eq!(b.take().len(), 2);

    let (stdout, _) = run_ok(
        env.bb(&[
            "buildset",
            "add",
            "--reason",
            "r",
            "--builder",
            "1",
            "--json",
        ])
        .env("BB_NOTIFY", format!("{} {}", a.url, b.url)),
    );
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["notified"].as_array().unwrap().len(), 2, "{doc}");
    assert_eq!(
        routes(&a.take()),
        ["GET /api/v2/builders/1/workers", "POST /api/v2/workers/7"]
    );
    assert_eq!(b.take().len(), 2);
}

engines!(myisam: unclaim_and_sweep_notify_only_the_builders_of_requests_they_released);
fn unclaim_and_sweep_notify_only_the_builders_of_requests_they_released(engine: On) {
    let env = served_env(engine);
    env.add_master(2, "dead", true, T0 - 60 * MINUTE);
    env.add_builder(3, "docs");
    env.exec(&format!(
        "INSERT INTO buildsets (id, reason, submitted_at, complete, results) VALUES (1, 'r', {T0}, 0, -1);
         INSERT INTO buildrequests (id, buildsetid, builderid, priority, complete, results, submitted_at, waited_for)
             VALUES (1, 1, 1, 0, 0, -1, {T0}, 0), (2, 1, 2, 0, 0, -1, {T0}, 0), (3, 1, 3, 0, 0, -1, {T0}, 0);
         INSERT INTO buildrequest_claims (brid, masterid, claimed_at) VALUES (1, 2, {T0}), (2, 1, {T0}), (3, 2, {T0});"
    ));
    let master = FakeMaster::start(Behaviour {
        workers: BTreeMap::from([
            (1, vec![(1, false)]),
            (2, vec![(2, false)]),
            (3, vec![(3, false)]),
        ]),
        ..Behaviour::default()
    });

    // Unclaiming as m1: only request 2 (windows) is released.
    let doc = env.json(&[
        "request",
        "unclaim",
        "1",
        "2",
        "--master",
        "m1",
        "--notify",
        &master.url,
    ]);
    assert_eq!(doc["unclaimed"], json!([2]));
    assert_eq!(doc["notified"][0]["ok"], true, "{doc}");
    assert_eq!(
        routes(&master.take()),
        ["GET /api/v2/builders/2/workers", "POST /api/v2/workers/2"]
    );
    // Nothing released: nobody is called.
    let doc = env.json(&[
        "request",
        "unclaim",
        "2",
        "--master",
        "m1",
        "--notify",
        &master.url,
    ]);
    assert_eq!(doc["notified"], json!([]), "{doc}");
    assert!(master.take().is_empty());

    // The sweep releases the dead master's claims on linux and docs.
    let doc = env.json(&["master", "sweep", "--at", &at(T0), "--notify", &master.url]);
    assert_eq!(
        doc["expired"][0]["housekeeping"]["buildrequests"], 2,
        "{doc}"
    );
    assert_eq!(doc["notified"][0]["workers"], 2, "{doc}");
    assert_eq!(
        routes(&master.take()),
        [
            "GET /api/v2/builders/1/workers",
            "GET /api/v2/builders/3/workers",
            "POST /api/v2/workers/1",
            "POST /api/v2/workers/3",
        ]
    );
    // A dry run writes nothing and tells nobody; a second sweep releases nothing.
    let doc = env.json(&[
        "master",
        "sweep",
        "--at",
        &at(T0),
        "--dry-run",
        "--notify",
        &master.url,
    ]);
    assert!(doc.get("notified").is_none(), "{doc}");
    let doc = env.json(&["master", "sweep", "--at", &at(T0), "--notify", &master.url]);
    assert_eq!(doc["notified"], json!([]), "{doc}");
    assert!(master.take().is_empty());
}

engines!(myisam: deactivate_notifies_about_the_claims_it_released);
fn deactivate_notifies_about_the_claims_it_released(engine: On) {
    let env = served_env(engine);
    env.exec(&format!(
        "INSERT INTO buildsets (id, reason, submitted_at, complete, results) VALUES (1, 'r', {T0}, 0, -1);
         INSERT INTO buildrequests (id, buildsetid, builderid, priority, complete, results, submitted_at, waited_for)
             VALUES (1, 1, 2, 0, 0, -1, {T0}, 0);
         INSERT INTO buildrequest_claims (brid, masterid, claimed_at) VALUES (1, 1, {T0});"
    ));
    let master = FakeMaster::start(Behaviour {
        workers: BTreeMap::from([(2, vec![(4, false)])]),
        ..Behaviour::default()
    });
    let doc = env.json(&[
        "master",
        "deactivate",
        "m1",
        "--at",
        &at(T0),
        "--force",
        "--notify",
        &master.url,
    ]);
    assert_eq!(doc["housekeeping"]["buildrequests"], 1, "{doc}");
    assert_eq!(
        doc["notified"],
        json!([{"url": master.url, "ok": true, "workers": 1, "error": null}])
    );
    assert_eq!(
        routes(&master.take()),
        ["GET /api/v2/builders/2/workers", "POST /api/v2/workers/4"]
    );
}

engines!(myisam: notify_auth_logs_in_and_carries_the_session_cookie);
fn notify_auth_logs_in_and_carries_the_session_cookie(engine: On) {
    let env = served_env(engine);
    let master = FakeMaster::start(Behaviour {
        workers: BTreeMap::from([(1, vec![(5, false)])]),
        login: Some("admin:s3cret-pw"),
        ..Behaviour::default()
    });
    // Without credentials the control call is refused: a warning, the write stands.
    let (stdout, stderr) = run_ok(env.bb(&[
        "buildset",
        "add",
        "--reason",
        "r",
        "--builder",
        "1",
        "--notify",
        &master.url,
        "--json",
    ]));
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["notified"][0]["ok"], false, "{doc}");
    assert!(
        doc["notified"][0]["error"]
            .as_str()
            .unwrap()
            .contains("403"),
        "{doc}"
    );
    assert!(
        stderr.starts_with(&format!("warning: could not notify {}", master.url)),
        "{stderr}"
    );
    assert_eq!(env.int("SELECT count(*) FROM buildsets"), 1);
    master.take();

    for (flag, env_var) in [(true, false), (false, true)] {
        let mut cmd = env.bb(&[
            "buildset",
            "add",
            "--reason",
            "r",
            "--builder",
            "1",
            "--json",
        ]);
        cmd.args(["--notify", &master.url]);
        if flag {
            cmd.args(["--notify-auth", "admin:s3cret-pw"]);
        }
        if env_var {
            cmd.env("BB_NOTIFY_AUTH", "admin:s3cret-pw");
        }
        let (stdout, stderr) = run_ok(&mut cmd);
        let doc: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(doc["notified"][0]["ok"], true, "{doc} {stderr}");
        assert_eq!(doc["notified"][0]["workers"], 1, "{doc}");
        let calls = master.take();
        assert_eq!(
            routes(&calls),
            [
                "GET /auth/login",
                "GET /api/v2/builders/1/workers",
                "POST /api/v2/workers/5"
            ]
        );
        assert_eq!(calls[2].headers["cookie"], SESSION, "{calls:?}");
        assert!(!stdout.contains("s3cret") && !stderr.contains("s3cret"));
    }

    // A wrong password: the login is refused, said without the password.
    let (stdout, stderr) = run_ok(env.bb(&[
        "buildset",
        "add",
        "--reason",
        "r",
        "--builder",
        "1",
        "--json",
        "--notify",
        &master.url,
        "--notify-auth",
        "admin:wr0ng-pw",
    ]));
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let error = doc["notified"][0]["error"].as_str().unwrap();
    assert!(
        error.contains("login as admin") && error.contains("401"),
        "{error}"
    );
    assert!(
        !stdout.contains("wr0ng") && !stderr.contains("wr0ng"),
        "{stdout}{stderr}"
    );
    assert_eq!(routes(&master.take()), ["GET /auth/login"]);
    assert_eq!(env.int("SELECT count(*) FROM buildsets"), 4);
}

engines!(myisam: notify_auth_on_a_master_without_a_login_notifies_without_one);
fn notify_auth_on_a_master_without_a_login_notifies_without_one(engine: On) {
    let env = served_env(engine);
    let args = |url: &str| {
        let mut cmd = env.bb(&[
            "buildset",
            "add",
            "--reason",
            "r",
            "--builder",
            "1",
            "--json",
        ]);
        cmd.args(["--notify", url, "--notify-auth", "admin:s3cret-pw"]);
        cmd
    };
    for (status, reason) in [
        (404, "Not Found"),
        (500, "Internal Server Error"),
        (503, "Service Unavailable"),
    ] {
        let master = FakeMaster::start(Behaviour {
            workers: BTreeMap::from([(1, vec![(5, false)])]),
            login_page: Some(status),
            ..Behaviour::default()
        });
        let (stdout, stderr) = run_ok(args(&master.url));
        let doc: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(
            doc["notified"],
            json!([{"url": master.url, "ok": true, "workers": 1, "error": null}]),
            "{status}"
        );
        assert_eq!(
            stderr,
            format!(
                "warning: {} has no login (auth/login answered {status} {reason}); notified \
                 without logging in\n",
                master.url
            )
        );
        let calls = master.take();
        assert_eq!(
            routes(&calls),
            [
                "GET /auth/login",
                "GET /api/v2/builders/1/workers",
                "POST /api/v2/workers/5"
            ],
            "{status}"
        );
        assert!(!calls[2].headers.contains_key("cookie"), "{calls:?}");
        assert!(!stdout.contains("s3cret") && !stderr.contains("s3cret"));
    }
    // A login refused is not a missing one: an error, and no nudge.
    for status in [401, 403] {
        let master = FakeMaster::start(Behaviour {
            workers: BTreeMap::from([(1, vec![(5, false)])]),
            login_page: Some(status),
            ..Behaviour::default()
        });
        let (stdout, stderr) = run_ok(args(&master.url));
        let doc: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(doc["notified"][0]["ok"], false, "{doc}");
        let error = doc["notified"][0]["error"].as_str().unwrap();
        assert!(
            error.contains("login as admin") && error.contains(&status.to_string()),
            "{error}"
        );
        assert!(stderr.starts_with("warning: could not notify"), "{stderr}");
        assert_eq!(routes(&master.take()), ["GET /auth/login"]);
        assert!(!stdout.contains("s3cret") && !stderr.contains("s3cret"));
    }
    assert_eq!(env.int("SELECT count(*) FROM buildsets"), 5);
}

engines!(myisam: a_master_that_is_down_or_failing_is_a_warning_and_the_write_stands);
fn a_master_that_is_down_or_failing_is_a_warning_and_the_write_stands(engine: On) {
    let env = served_env(engine);
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        format!(
            "http://127.0.0.1:{}/",
            listener.local_addr().unwrap().port()
        )
    };
    let broken = FakeMaster::start(Behaviour {
        fail_with: Some(500),
        ..Behaviour::default()
    });
    for (n, url) in [closed.as_str(), broken.url.as_str()]
        .into_iter()
        .enumerate()
    {
        let (stdout, stderr) = run_ok(env.bb(&[
            "buildset",
            "add",
            "--reason",
            "r",
            "--builder",
            "linux",
            "--json",
            "--notify",
            url,
        ]));
        let doc: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(doc["bsid"], n as i64 + 1);
        assert_eq!(doc["notified"][0]["ok"], false, "{doc}");
        assert!(doc["notified"][0]["error"].is_string(), "{doc}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.starts_with(&format!("warning: could not notify {url}: ")),
            "{stderr}"
        );
        assert_eq!(env.int("SELECT count(*) FROM buildsets"), n as i64 + 1);
    }
    let error = {
        let (stdout, _) = run_ok(env.bb(&[
            "buildset",
            "add",
            "--reason",
            "r",
            "--builder",
            "linux",
            "--json",
            "--notify",
            &broken.url,
        ]));
        let doc: Value = serde_json::from_str(&stdout).unwrap();
        doc["notified"][0]["error"].as_str().unwrap().to_string()
    };
    assert!(error.contains("500"), "{error}");
    // -q keeps the warning: something went wrong beside the write.
    let (stdout, stderr) = run_ok(env.bb(&[
        "-q",
        "buildset",
        "add",
        "--reason",
        "r",
        "--builder",
        "linux",
        "--notify",
        &closed,
    ]));
    assert_eq!(stdout, "");
    assert!(stderr.starts_with("warning: could not notify"), "{stderr}");
}

engines!(notify_values_are_checked_before_the_database_is_opened);
fn notify_values_are_checked_before_the_database_is_opened(engine: On) {
    let env = served_env(engine);
    let before = env.dump();
    for bad in [
        &["--notify", "ftp://127.0.0.1/"][..],
        &["--notify", "http://127.0.0.1:port/"],
        &["--notify", "http://admin:hunter2@127.0.0.1/"],
        &[
            "--notify",
            "http://127.0.0.1/",
            "--notify-auth",
            "nocolon-hunter2",
        ],
    ] {
        let mut args = vec!["buildset", "add", "--reason", "r", "--builder", "linux"];
        args.extend(bad);
        let message = fails(&mut env.bb(&args), 2);
        assert!(!message.contains("hunter2"), "{message}");
    }
    let out = env
        .bb(&["buildset", "add", "--reason", "r", "--builder", "linux"])
        .env("BB_NOTIFY", "gopher://x/")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(env.dump(), before);
}

// --- the note without --notify ------------------------------------------------------

engines!(myisam: without_notify_a_note_names_each_running_master_serving_those_builders);
fn without_notify_a_note_names_each_running_master_serving_those_builders(engine: On) {
    let env = served_env(engine);
    env.add_master(2, "stale", true, T0 - 11 * MINUTE);
    env.add_master(3, "stopped", false, T0 - MINUTE);
    env.exec("INSERT INTO builder_masters (id, builderid, masterid) VALUES (3, 1, 2), (4, 1, 3)");
    let (_, stderr) = run_ok(env.bb(&[
        "buildset",
        "add",
        "--reason",
        "r",
        "--builder",
        "linux",
        "--at",
        &at(T0),
    ]));
    assert_eq!(
        stderr,
        "note: master m1 is running and will not start these builds until it is notified: \
         pass --notify URL\n"
    );
    // --json: the document alone on stdout, the note still on stderr.
    let (stdout, stderr) = run_ok(env.bb(&[
        "buildset",
        "add",
        "--reason",
        "r",
        "--builder",
        "linux",
        "--at",
        &at(T0),
        "--json",
    ]));
    assert!(serde_json::from_str::<Value>(&stdout).is_ok(), "{stdout}");
    assert!(stderr.starts_with("note: master m1 is running"), "{stderr}");
    // -q: nothing at all.
    let (stdout, stderr) = run_ok(env.bb(&[
        "buildset",
        "add",
        "--reason",
        "r",
        "--builder",
        "linux",
        "--at",
        &at(T0),
        "--quiet",
    ]));
    assert_eq!((stdout.as_str(), stderr.as_str()), ("", ""));
    // m1 checked in a minute before T0: running for ten minutes after that
    // check-in, not a second longer.
    let (_, stderr) = run_ok(env.bb(&[
        "buildset",
        "add",
        "--reason",
        "r",
        "--builder",
        "linux",
        "--at",
        &at(T0 + 9 * MINUTE),
    ]));
    assert!(stderr.contains("master m1 is running"), "{stderr}");
    let (_, stderr) = run_ok(env.bb(&[
        "buildset",
        "add",
        "--reason",
        "r",
        "--builder",
        "linux",
        "--at",
        &at(T0 + 9 * MINUTE + 1),
    ]));
    assert_eq!(stderr, "");
    // A builder no running master serves: no note.
    let (_, stderr) = run_ok(env.bb(&[
        "buildset",
        "add",
        "--reason",
        "r",
        "--builder",
        "windows",
        "--at",
        &at(T0),
    ]));
    assert!(stderr.contains("master m1"), "{stderr}");
    env.exec("DELETE FROM builder_masters WHERE builderid = 2");
    let (_, stderr) = run_ok(env.bb(&[
        "buildset",
        "add",
        "--reason",
        "r",
        "--builder",
        "windows",
        "--at",
        &at(T0),
    ]));
    assert_eq!(stderr, "");
    assert_eq!(env.int("SELECT count(*) FROM buildsets"), 7);
}

// --- what bb will not take from a running master -----------------------------------

/// m1 running (checked in a minute before T0) holds request 1 of buildset
/// 1 and change source 1; request 2 of buildset 2 is held by `old`, active
/// but silent for an hour.
fn held_env(engine: On) -> Env {
    let env = served_env(engine);
    env.add_master(2, "old", true, T0 - 60 * MINUTE);
    env.exec(&format!(
        "INSERT INTO buildsets (id, reason, submitted_at, complete, results)
             VALUES (1, 'one', {T0}, 0, -1), (2, 'two', {T0}, 0, -1);
         INSERT INTO buildrequests (id, buildsetid, builderid, priority, complete, results, submitted_at, waited_for)
             VALUES (1, 1, 1, 0, 0, -1, {T0}, 0), (2, 2, 1, 0, 0, -1, {T0}, 0), (3, 1, 2, 0, 0, -1, {T0}, 0);
         INSERT INTO buildrequest_claims (brid, masterid, claimed_at) VALUES (1, 1, {T0}), (2, 2, {T0});
         INSERT INTO changesources (id, name, name_hash) VALUES (1, 'poller', '{poller}');
         INSERT INTO changesource_masters (changesourceid, masterid) VALUES (1, 1);",
        poller = name_hash("poller")
    ));
    env
}

engines!(myisam: request_complete_refuses_a_request_a_running_master_holds);
fn request_complete_refuses_a_request_a_running_master_holds(engine: On) {
    let env = held_env(engine);
    let before = env.dump();
    let err = fails_json(
        &mut env.bb(&[
            "request",
            "complete",
            "1",
            "2",
            "3",
            "--results",
            "success",
            "--at",
            &at(T0),
        ]),
        3,
    );
    assert_eq!(err["ids"], json!([1]));
    assert_eq!(err["holders"], json!({"1": 1}));
    let message = err["message"].as_str().unwrap();
    assert!(
        message.contains(
            "build request 1 is claimed by master 'm1' (id 1), which is running (checked in 1m ago)"
        ),
        "{message}"
    );
    assert!(message.contains("--force"), "{message}");
    assert_eq!(env.dump(), before);
    // Not found still wins.
    fails(
        &mut env.bb(&[
            "request",
            "complete",
            "1",
            "99",
            "--results",
            "success",
            "--at",
            &at(T0),
        ]),
        4,
    );
    assert_eq!(env.dump(), before);
    // Once m1 has been silent past the window, or with --force, it is done.
    env.json(&[
        "request",
        "complete",
        "2",
        "--results",
        "success",
        "--at",
        &at(T0),
    ]);
    let doc = env.json(&[
        "request",
        "complete",
        "1",
        "3",
        "--results",
        "failure",
        "--at",
        &at(T0),
        "--force",
    ]);
    assert_eq!(doc["buildsets_completed"], json!([1]));
    assert_eq!(
        env.rows("SELECT id, complete, results FROM buildrequests ORDER BY id"),
        json!([[1, 1, 2], [2, 1, 0], [3, 1, 2]])
    );
}

engines!(myisam: buildset_complete_refuses_a_buildset_a_running_master_builds);
fn buildset_complete_refuses_a_buildset_a_running_master_builds(engine: On) {
    let env = held_env(engine);
    let before = env.dump();
    let err = fails_json(
        &mut env.bb(&[
            "buildset",
            "complete",
            "1",
            "--results",
            "success",
            "--at",
            &at(T0),
        ]),
        3,
    );
    assert_eq!(err["ids"], json!([1]));
    let message = err["message"].as_str().unwrap();
    assert!(
        message.contains("master 'm1' (id 1)") && message.contains("1m ago"),
        "{message}"
    );
    assert_eq!(env.dump(), before);
    // The same buildset eleven minutes later, and buildset 2 (held by a
    // master silent for an hour) now: done.
    env.json(&[
        "buildset",
        "complete",
        "2",
        "--results",
        "success",
        "--at",
        &at(T0),
    ]);
    let doc = env.json(&[
        "buildset",
        "complete",
        "1",
        "--results",
        "success",
        "--at",
        &at(T0 + 11 * MINUTE),
    ]);
    assert_eq!(doc["complete"], true);
}

engines!(myisam: buildset_complete_with_force);
fn buildset_complete_with_force(engine: On) {
    let env = held_env(engine);
    let doc = env.json(&[
        "buildset",
        "complete",
        "1",
        "--results",
        "cancelled",
        "--at",
        &at(T0),
        "--force",
    ]);
    assert_eq!(
        (doc["complete"].clone(), doc["results"].clone()),
        (json!(true), json!(6))
    );
}

engines!(myisam: deactivate_refuses_a_running_master);
fn deactivate_refuses_a_running_master(engine: On) {
    let env = held_env(engine);
    let before = env.dump();
    let err = fails_json(
        &mut env.bb(&["master", "deactivate", "m1", "--at", &at(T0)]),
        3,
    );
    assert_eq!(err["ids"], json!([1]));
    let message = err["message"].as_str().unwrap();
    assert!(
        message.starts_with("master 'm1' (id 1) is running (checked in 1m ago)"),
        "{message}"
    );
    assert_eq!(env.dump(), before);
    // `old` is active but silent for an hour: not running.
    let doc = env.json(&["master", "deactivate", "old", "--at", &at(T0)]);
    assert_eq!(doc["housekeeping"]["buildrequests"], 1, "{doc}");
    let doc = env.json(&["master", "deactivate", "m1", "--at", &at(T0), "--force"]);
    assert_eq!(doc["master"]["active"], false);
    assert_eq!(doc["housekeeping"]["changesources"], 1, "{doc}");
}

engines!(myisam: changesource_release_refuses_what_a_running_master_holds);
fn changesource_release_refuses_what_a_running_master_holds(engine: On) {
    let env = held_env(engine);
    // `release` has no --at: "running" is judged from now. m1's check-in
    // (a minute before T0) is long past, so its change source is released.
    let doc = env.json(&["changesource", "release", "poller"]);
    assert_eq!(doc["master"], Value::Null);
    // A master that checked in a moment ago holds it now.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    env.add_master(3, "live", true, now - 5);
    env.exec("INSERT INTO changesource_masters (changesourceid, masterid) VALUES (1, 3)");
    let before = env.dump();
    let err = fails_json(&mut env.bb(&["changesource", "release", "poller"]), 3);
    assert_eq!(err["ids"], json!([1]));
    assert_eq!(err["holders"], json!({"1": 3}));
    let message = err["message"].as_str().unwrap();
    assert!(
        message.contains("held by master 'live' (id 3), which is running"),
        "{message}"
    );
    assert_eq!(env.dump(), before);
    let doc = env.json(&["changesource", "release", "1", "--force"]);
    assert_eq!(doc["master"], Value::Null);
    assert_eq!(env.rows("SELECT * FROM changesource_masters"), json!([]));
}

engines!(myisam: a_claim_conflict_always_carries_holders);
fn a_claim_conflict_always_carries_holders(engine: On) {
    let env = held_env(engine);
    env.exec(&format!(
        "UPDATE buildrequests SET complete = 1, results = 0, complete_at = {T0} WHERE id = 3"
    ));
    // A complete request: no master's claim, so holders is empty.
    let err = fails_json(&mut env.bb(&["request", "claim", "3", "--master", "m1"]), 3);
    assert_eq!(err["holders"], json!({}));
    assert_eq!(err["ids"], json!([3]));
    let err = fails_json(
        &mut env.bb(&["request", "claim", "1", "3", "--master", "old"]),
        3,
    );
    assert_eq!(err["holders"], json!({"1": 1}));
    assert_eq!(err["ids"], json!([1, 3]));
}

// --- bb never takes a running master's place ---------------------------------------

/// Seconds since the epoch, now: for what bb judges by the real clock.
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// The refusal of a command acting as running master 1 (`m1`, checked in a
/// minute before `at`): exit 3 naming it, `ids` its id, nothing written.
fn refused_as_m1(env: &Env, args: &[&str], claims: bool) {
    let before = env.dump();
    let err = fails_json(&mut env.bb(args), 3);
    assert_eq!(err["ids"], json!([1]), "{args:?}: {err}");
    let message = err["message"].as_str().unwrap();
    assert!(
        message.contains("master 'm1' (id 1), which is running (checked in 1m ago)")
            && message.contains("--force"),
        "{args:?}: {message}"
    );
    match claims {
        true => assert_eq!(err["holders"], json!({}), "{args:?}: {err}"),
        false => assert!(err.get("holders").is_none(), "{args:?}: {err}"),
    }
    assert_eq!(env.dump(), before, "{args:?} wrote something");
}

engines!(myisam: acting_as_a_running_master_is_refused_unless_forced);
fn acting_as_a_running_master_is_refused_unless_forced(engine: On) {
    let env = held_env(engine);
    let t0 = at(T0);
    let claim = ["request", "claim", "3", "--master", "m1", "--at", &t0];
    refused_as_m1(&env, &claim, true);
    let cs_claim = [
        "changesource",
        "claim",
        "poller",
        "--master",
        "m1",
        "--at",
        &t0,
    ];
    refused_as_m1(&env, &cs_claim, true);
    // The poll is refused before git runs: the repository need not exist.
    let poll = [
        "changesource",
        "poll",
        "other",
        "--repourl",
        "/nonexistent/repo.git",
        "--master",
        "m1",
        "--at",
        &t0,
    ];
    refused_as_m1(&env, &poll, true);
    // Ids that do not exist are exit 4 even so.
    fails(
        &mut env.bb(&["request", "claim", "3", "99", "--master", "m1", "--at", &t0]),
        4,
    );
    fails(
        &mut env.bb(&[
            "changesource",
            "claim",
            "nope",
            "--master",
            "m1",
            "--at",
            &t0,
        ]),
        4,
    );
    // By id, or through BB_MASTER, it is the same master.
    refused_as_m1(
        &env,
        &["request", "claim", "3", "--master", "1", "--at", &t0],
        true,
    );
    let before = env.dump();
    let mut cmd = env.bb(&["request", "claim", "3", "--at", &t0, "--json"]);
    let out = cmd.env("BB_MASTER", "m1").output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(env.dump(), before);

    // `request unclaim` has no --at: a master running now.
    env.add_master(3, "live", true, now() - 5);
    env.exec(&format!(
        "INSERT INTO buildrequest_claims (brid, masterid, claimed_at) VALUES (3, 3, {T0})"
    ));
    let before = env.dump();
    let err = fails_json(
        &mut env.bb(&["request", "unclaim", "3", "--master", "live"]),
        3,
    );
    assert_eq!(err["ids"], json!([3]));
    let message = err["message"].as_str().unwrap();
    assert!(
        message.contains("master 'live' (id 3), which is running (checked in"),
        "{message}"
    );
    assert_eq!(env.dump(), before);
    fails(
        &mut env.bb(&["request", "unclaim", "3", "99", "--master", "live"]),
        4,
    );

    // --force does what was asked.
    let doc = env.json(&["request", "unclaim", "3", "--master", "live", "--force"]);
    assert_eq!(doc["unclaimed"], json!([3]));
    let doc = env.json(&[&claim[..], &["--force"]].concat());
    assert_eq!(doc[0]["claimed_by_masterid"], 1);
    let doc = env.json(&[&cs_claim[..], &["--force"]].concat());
    assert_eq!(doc["master"]["masterid"], 1);
}

engines!(myisam: a_poll_continues_the_claim_of_its_own_master);
fn a_poll_continues_the_claim_of_its_own_master(engine: On) {
    // A master that only polls (no builders, no schedulers) and already
    // holds the change source is bb's poller from an earlier run: its
    // check-in is its own, and the next poll goes on.
    let env = held_env(engine);
    env.add_master(4, "poller-master", true, T0 - MINUTE);
    env.exec(&format!(
        "INSERT INTO changesources (id, name, name_hash) VALUES (2, 'cron', '{}');
         INSERT INTO changesource_masters (changesourceid, masterid) VALUES (2, 4);",
        name_hash("cron")
    ));
    let repo = Repo::new(env.path("repo"));
    repo.commit("first");
    let t0 = at(T0);
    let poll = |cs: &str, master: &str| {
        let mut cmd = env.bb(&[
            "changesource",
            "poll",
            cs,
            "--repourl",
            repo.url(),
            "--master",
            master,
            "--at",
            &t0,
            "--json",
        ]);
        cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1");
        cmd.output().unwrap()
    };
    let out = poll("cron", "poller-master");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // m1 holds `poller` but serves builders: a Buildbot master at work.
    let before = env.dump();
    let out = poll("poller", "m1");
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(env.dump(), before);
}

engines!(myisam: a_master_created_from_an_explicit_name_is_noted);
fn a_master_created_from_an_explicit_name_is_noted(engine: On) {
    let env = held_env(engine);
    let t0 = at(T0);
    let (_, stderr) =
        run_ok(env.bb(&["request", "claim", "3", "--master", "m1-typo", "--at", &t0]));
    let id = env.int("SELECT id FROM masters WHERE name = 'm1-typo'");
    assert_eq!(
        stderr,
        format!(
            "note: created master 'm1-typo' (id {id}), inactive: its claims are released only \
             by request unclaim or master deactivate\n"
        )
    );
    // Not again once it exists; never for bb's own default master; -q
    // silences it; BB_MASTER is as explicit as --master.
    let (_, stderr) = run_ok(env.bb(&["request", "unclaim", "3", "--master", "m1-typo"]));
    assert_eq!(stderr, "");
    let (_, stderr) = run_ok(env.bb(&["request", "claim", "3", "--at", &t0]));
    assert_eq!(stderr, "");
    let (_, stderr) = run_ok(env.bb(&["changesource", "register", "cs2"]));
    assert_eq!(stderr, "");
    let (_, stderr) = run_ok(env.bb(&[
        "changesource",
        "claim",
        "cs2",
        "--master",
        "quiet-one",
        "--at",
        &t0,
        "-q",
    ]));
    assert_eq!(stderr, "");
    let mut cmd = env.bb(&["master", "register", "--at", &t0]);
    cmd.env("BB_MASTER", "from-env");
    let (_, stderr) = run_ok(cmd);
    assert!(
        stderr.starts_with("note: created master 'from-env' (id "),
        "{stderr}"
    );
    // A refused command creates nothing, so it notes nothing.
    let out = env
        .bb(&["request", "claim", "1", "--master", "never", "--at", &t0])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("note:"));
    assert_eq!(
        env.int("SELECT count(*) FROM masters WHERE name = 'never'"),
        0
    );
}

engines!(myisam: unclaim_any_master_releases_claims_of_masters_that_are_not_running);
fn unclaim_any_master_releases_claims_of_masters_that_are_not_running(engine: On) {
    let env = held_env(engine);
    // Request 1 is m1's (checked in a minute before T0: not running now),
    // 2 is old's; 3 is taken by a master running now.
    env.add_master(3, "live", true, now() - 5);
    env.exec(&format!(
        "INSERT INTO buildrequest_claims (brid, masterid, claimed_at) VALUES (3, 3, {T0})"
    ));
    let masters = env.int("SELECT count(*) FROM masters");
    let before = env.dump();
    let err = fails_json(
        &mut env.bb(&["request", "unclaim", "1", "2", "3", "--any-master"]),
        3,
    );
    assert_eq!(err["ids"], json!([3]));
    assert_eq!(err["holders"], json!({"3": 3}));
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("build request 3 is claimed by master 'live' (id 3), which is running"),
        "{err}"
    );
    assert_eq!(env.dump(), before);
    fails(
        &mut env.bb(&["request", "unclaim", "3", "99", "--any-master"]),
        4,
    );
    assert_eq!(env.dump(), before);

    let doc = env.json(&["request", "unclaim", "1", "2", "--any-master"]);
    assert_eq!(doc, json!({"unclaimed": [1, 2], "skipped": []}));
    let doc = env.json(&["request", "unclaim", "1", "3", "--any-master", "--force"]);
    assert_eq!(
        doc,
        json!({"unclaimed": [3], "skipped": [
            {"buildrequestid": 1, "reason": "not claimed", "masterid": null}
        ]})
    );
    assert_eq!(env.rows("SELECT brid FROM buildrequest_claims"), json!([]));
    // It acted as no master: none was created.
    assert_eq!(env.int("SELECT count(*) FROM masters"), masters);
}

engines!(myisam: mark_all_stale_refuses_while_a_master_runs);
fn mark_all_stale_refuses_while_a_master_runs(engine: On) {
    let env = held_env(engine);
    env.add_master(3, "live", true, now() - 5);
    env.add_master(4, "live-too", true, now() - 30);
    let before = env.dump();
    for args in [
        &["master", "mark-all-stale"][..],
        &["master", "mark-all-stale", "--dry-run"],
    ] {
        let err = fails_json(&mut env.bb(args), 3);
        assert_eq!(err["ids"], json!([3, 4]), "{args:?}");
        let message = err["message"].as_str().unwrap();
        assert!(
            message.contains("master 'live' (id 3) is running (checked in")
                && message.contains("master 'live-too' (id 4) is running")
                && message.contains("--force"),
            "{message}"
        );
        assert_eq!(env.dump(), before);
    }
    let doc = env.json(&["master", "mark-all-stale", "--dry-run", "--force"]);
    assert_eq!(doc, json!({"dry_run": true, "masters": 4}));
    assert_eq!(env.dump(), before);
    // Once they are stopped (inactive), it marks every master.
    env.exec("UPDATE masters SET active = 0 WHERE id IN (3, 4)");
    let doc = env.json(&["master", "mark-all-stale", "--dry-run"]);
    assert_eq!(doc, json!({"dry_run": true, "masters": 4}));
    let doc = env.json(&["master", "mark-all-stale"]);
    assert_eq!(doc, json!({"masters": 4}));
    assert_eq!(
        env.rows("SELECT DISTINCT active, last_active FROM masters"),
        json!([[1, 0]])
    );
    // With --force it does so even while one runs.
    env.exec(&format!(
        "UPDATE masters SET last_active = {} WHERE id = 3",
        now() - 5
    ));
    let doc = env.json(&["master", "mark-all-stale", "--force"]);
    assert_eq!(doc, json!({"masters": 4}));
}

engines!(myisam: a_short_expiry_or_an_at_ahead_of_the_clock_is_refused);
fn a_short_expiry_or_an_at_ahead_of_the_clock_is_refused(engine: On) {
    let env = held_env(engine);
    let before = env.dump();
    for expire in ["20s", "119s", "1m"] {
        let message = fails(
            &mut env.bb(&["master", "sweep", "--expire-after", expire]),
            2,
        );
        assert!(
            message.contains("--expire-after") && message.contains("--force"),
            "{message}"
        );
    }
    let ahead = (now() + 11 * MINUTE).to_string();
    let writes: &[&[&str]] = &[
        &["master", "sweep"],
        &["master", "register", "x"],
        &["master", "activate", "m1"],
        &["master", "deactivate", "old"],
        &["buildset", "add", "--reason", "r", "--builder", "linux"],
        &["buildset", "complete", "2", "--results", "success"],
        &["request", "claim", "3"],
        &["request", "complete", "3", "--results", "success"],
        &["changesource", "claim", "poller"],
        &["changesource", "poll", "p", "--repourl", "/nonexistent"],
    ];
    for args in writes {
        let mut args = args.to_vec();
        args.extend(["--at", &ahead]);
        let message = fails(&mut env.bb(&args), 2);
        assert!(
            message.contains("ahead of this machine's clock") && message.contains("--force"),
            "{args:?}: {message}"
        );
    }
    assert_eq!(env.dump(), before);
    // Half a minute ahead is a clock's skew, not a mistake; lists may look
    // at any time; --force takes both.
    let soon = (now() + 30).to_string();
    env.json(&["master", "activate", "old", "--at", &soon]);
    env.json(&["request", "list", "--at", &ahead]);
    let doc = env.json(&["master", "sweep", "--expire-after", "2m", "--dry-run"]);
    assert_eq!(doc["dry_run"], true);
    let doc = env.json(&["master", "sweep", "--at", &ahead, "--force", "--dry-run"]);
    assert!(!doc["expired"].as_array().unwrap().is_empty(), "{doc}");
    let doc = env.json(&["master", "sweep", "--expire-after", "20s", "--force"]);
    assert_eq!(doc["dry_run"], false);
}

engines!(myisam: bb_notify_nudges_the_builders_with_unclaimed_requests);
fn bb_notify_nudges_the_builders_with_unclaimed_requests(engine: On) {
    let env = held_env(engine);
    // Request 3 (windows) is the only unclaimed one.
    let master = FakeMaster::start(Behaviour {
        workers: BTreeMap::from([(1, vec![(10, false)]), (2, vec![(12, false), (13, true)])]),
        ..Behaviour::default()
    });
    let before = env.dump();
    let doc = env.json(&["notify", "--notify", &master.url]);
    assert_eq!(
        doc,
        json!({"notified": [{"url": master.url, "ok": true, "workers": 1, "error": null}]})
    );
    assert_eq!(
        routes(&master.take()),
        ["GET /api/v2/builders/2/workers", "POST /api/v2/workers/12"]
    );
    // Named builders, whatever waits on them.
    env.json(&[
        "notify",
        "--builder",
        "linux",
        "--builder",
        "2",
        "--notify",
        &master.url,
    ]);
    assert_eq!(
        routes(&master.take()),
        [
            "GET /api/v2/builders/1/workers",
            "GET /api/v2/builders/2/workers",
            "POST /api/v2/workers/10",
            "POST /api/v2/workers/12"
        ]
    );
    assert_eq!(env.dump(), before, "bb notify writes nothing");
    // A master that is down: a warning, exit 0.
    let (stdout, stderr) = run_ok(env.bb(&["notify", "--notify", "http://127.0.0.1:9/", "--json"]));
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["notified"][0]["ok"], false);
    assert!(
        stderr.starts_with("warning: could not notify http://127.0.0.1:9/"),
        "{stderr}"
    );
    // No master to notify, or a builder that does not exist.
    fails(&mut env.bb(&["notify"]), 2);
    fails(
        &mut env.bb(&["notify", "--builder", "nope", "--notify", &master.url]),
        4,
    );
    assert!(master.take().is_empty());
}

engines!(myisam: bb_own_master_on_a_server_is_bb_at_nodename);
fn bb_own_master_on_a_server_is_bb_at_nodename(engine: On) {
    let env = Env::from(engine);
    let doc = env.json(&["master", "register"]);
    let name = doc["master"]["name"].as_str().unwrap().to_string();
    match engine.engine() {
        Engine::Sqlite => assert_eq!(name, bb_master_name(env.dir.path())),
        Engine::Postgresql | Engine::Mysql => {
            assert_eq!(name, format!("bb@{}", nodename()));
            // Whatever the current directory: the same master.
            let elsewhere = tempfile::tempdir().unwrap();
            let mut cmd = env.bb(&["master", "register", "--json"]);
            cmd.current_dir(elsewhere.path());
            let (stdout, _) = run_ok(cmd);
            let again: Value = serde_json::from_str(&stdout).unwrap();
            assert_eq!(again["master"], doc["master"]);
            assert_eq!(again["changed"], false);
        }
    }
}

// --- request cancel ------------------------------------------------------------------

/// held_env, with build 7 of request 1 running on m1 (worker 1) and
/// request 4 of buildset 2, unclaimed.
fn cancel_env(engine: On) -> Env {
    let env = held_env(engine);
    env.exec(&format!(
        "INSERT INTO workers (id, name, info) VALUES (1, 'w1', '{{}}');
         INSERT INTO builds (id, number, builderid, buildrequestid, workerid, masterid,
                             started_at, complete_at, locks_duration_s, state_string, results)
             VALUES (7, 1, 1, 1, 1, 1, {T0}, NULL, 0, 'building', NULL);
         INSERT INTO buildrequests (id, buildsetid, builderid, priority, complete, results, submitted_at, waited_for)
             VALUES (4, 2, 2, 0, 0, -1, {T0}, 0);"
    ));
    env
}

engines!(myisam: cancel_of_unclaimed_requests_claims_and_completes_them_cancelled);
fn cancel_of_unclaimed_requests_claims_and_completes_them_cancelled(engine: On) {
    let env = cancel_env(engine);
    let t0 = at(T0);
    // Request 3 is buildset 1's other request, unclaimed; request 2 is held
    // by `old`, which is not running.
    let doc = env.json(&["request", "cancel", "3", "2", "--at", &t0]);
    assert_eq!(
        doc,
        json!({"cancelled": [2, 3], "stopping": [], "buildsets_completed": []})
    );
    let me = env.int(&format!(
        "SELECT id FROM masters WHERE name = {}",
        crate::support::sql_text(&env.own_master())
    ));
    assert_eq!(
        env.rows(
            "SELECT br.id, br.complete, br.results, br.complete_at, c.masterid \
             FROM buildrequests AS br LEFT JOIN buildrequest_claims AS c ON c.brid = br.id \
             WHERE br.id IN (2, 3) ORDER BY br.id"
        ),
        // The claim of a master that is not running is left as it is.
        json!([[2, 1, 6, T0, 2], [3, 1, 6, T0, me]])
    );
    // Buildset 2's other request (4) is incomplete: not completed yet.
    assert_eq!(env.int("SELECT complete FROM buildsets WHERE id = 2"), 0);
    let doc = env.json(&["request", "cancel", "4", "--at", &t0]);
    assert_eq!(doc["buildsets_completed"], json!([2]));
    assert_eq!(
        env.rows("SELECT complete, results FROM buildsets WHERE id = 2"),
        json!([[1, 6]])
    );
    // Complete now: exit 3, with holders; missing: exit 4 first.
    let before = env.dump();
    let err = fails_json(&mut env.bb(&["request", "cancel", "4", "--at", &t0]), 3);
    assert_eq!(
        (err["ids"].clone(), err["holders"].clone()),
        (json!([4]), json!({}))
    );
    fails(
        &mut env.bb(&["request", "cancel", "4", "99", "--at", &t0]),
        4,
    );
    assert_eq!(env.dump(), before);
}

engines!(myisam: cancel_of_a_running_masters_request_asks_it_to_stop_the_build);
fn cancel_of_a_running_masters_request_asks_it_to_stop_the_build(engine: On) {
    let env = cancel_env(engine);
    let t0 = at(T0);
    let master = FakeMaster::start(Behaviour {
        running_builds: vec![7],
        ..Behaviour::default()
    });
    // Without --notify: that master's to stop; nothing written, nothing sent.
    let before = env.dump();
    let err = fails_json(
        &mut env.bb(&["request", "cancel", "1", "3", "--at", &t0]),
        3,
    );
    assert_eq!(err["ids"], json!([1]));
    assert_eq!(err["holders"], json!({"1": 1}));
    let message = err["message"].as_str().unwrap();
    assert!(
        message.contains("master 'm1' (id 1), which is running") && message.contains("--notify"),
        "{message}"
    );
    assert_eq!(env.dump(), before);
    // With --notify: request 3 is cancelled, and m1 is asked to stop build
    // 7 of request 1, which it completes itself; a second master that does
    // not run it says so, as a warning.
    let other = FakeMaster::start(Behaviour::default());
    let out = env
        .bb(&[
            "request",
            "cancel",
            "1",
            "3",
            "--reason",
            "wrong branch",
            "--at",
            &t0,
            "--notify",
            &master.url,
            "--notify",
            &other.url,
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["cancelled"], json!([3]));
    assert_eq!(doc["buildsets_completed"], json!([]));
    let stopping = doc["stopping"].as_array().unwrap();
    assert_eq!(stopping.len(), 2, "{doc}");
    assert_eq!(
        stopping[0],
        json!({"buildrequestid": 1, "buildid": 7, "url": master.url, "ok": true, "error": null})
    );
    assert_eq!(stopping[1]["ok"], false);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "warning: could not ask {} to stop build 7",
            other.url
        )),
        "{stderr}"
    );
    let stops: Vec<Call> = master
        .take()
        .into_iter()
        .filter(|call| call.path == "/api/v2/builds/7")
        .collect();
    assert_eq!(stops.len(), 1);
    let rpc: Value = serde_json::from_str(&stops[0].body).unwrap();
    assert_eq!(rpc["method"], "stop");
    assert_eq!(rpc["params"], json!({"reason": "wrong branch"}));
    // Request 1 is left to m1.
    assert_eq!(
        env.rows("SELECT complete FROM buildrequests WHERE id = 1"),
        json!([[0]])
    );
    // --force completes it as cancelled anyway (and completes buildset 1).
    let doc = env.json(&["request", "cancel", "1", "--at", &t0, "--force"]);
    assert_eq!(
        doc,
        json!({"cancelled": [1], "stopping": [], "buildsets_completed": [1]})
    );
    assert_eq!(
        env.rows("SELECT complete, results FROM buildsets WHERE id = 1"),
        json!([[1, 6]])
    );
}

engines!(myisam: cancel_refuses_to_act_as_a_running_master);
fn cancel_refuses_to_act_as_a_running_master(engine: On) {
    let env = cancel_env(engine);
    let t0 = at(T0);
    let before = env.dump();
    refused_as_m1(
        &env,
        &["request", "cancel", "3", "--master", "m1", "--at", &t0],
        true,
    );
    assert_eq!(env.dump(), before);
    fails(
        &mut env.bb(&["request", "cancel", "99", "--master", "m1", "--at", &t0]),
        4,
    );
}
