//! Nudging running masters (`--notify`). A Buildbot master never polls the
//! database for new work: it looks for unclaimed build requests only when
//! something happens in its own process. After bb leaves requests
//! unclaimed, it asks each master, through its REST API, to `unpause` every
//! unpaused worker of the builders concerned; unpausing makes the master's
//! build request distributor look at those workers' builders at once and
//! changes nothing else.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::{Value, json};

use crate::http::{self, Credentials};

/// What one master made of the nudge, as `--json` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notified {
    pub url: String,
    pub ok: bool,
    /// Workers unpaused.
    pub workers: u64,
    pub error: Option<String>,
    /// What went otherwise than asked without stopping the nudge (a
    /// master with no login to use `--notify-auth` on), for stderr.
    #[serde(skip)]
    pub warning: Option<String>,
}

/// Nudge each master at `urls` (web roots) about `builderids`.
pub fn notify(urls: &[String], auth: Option<&Credentials>, builderids: &[i64]) -> Vec<Notified> {
    let agent = http::agent();
    urls.iter()
        .map(|url| {
            let mut warning = None;
            let outcome = Session::open(&agent, url, auth, &mut warning)
                .and_then(|session| session.unpause_workers_of(builderids));
            match outcome {
                Ok(workers) => Notified {
                    url: url.clone(),
                    ok: true,
                    workers,
                    error: None,
                    warning,
                },
                Err(error) => Notified {
                    url: url.clone(),
                    ok: false,
                    workers: 0,
                    error: Some(error),
                    warning,
                },
            }
        })
        .collect()
}

/// One stop bb asked of a master, as `request cancel --json` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stopping {
    pub buildrequestid: i64,
    pub buildid: i64,
    pub url: String,
    pub ok: bool,
    pub error: Option<String>,
    /// Said on stderr, not in the document (a master without a login).
    #[serde(skip)]
    pub warning: Option<String>,
}

/// Ask each master at `urls` to stop `builds` (request id, build id), as
/// the web UI's stop button does (`stop` with a reason): the master stops
/// the build it runs, and the others answer that it is not theirs, which
/// is reported as it is.
pub fn stop_builds(
    urls: &[String],
    auth: Option<&Credentials>,
    builds: &[(i64, i64)],
    reason: &str,
) -> Vec<Stopping> {
    let agent = http::agent();
    let mut stopping = Vec::new();
    for url in urls {
        let mut warning = None;
        let session = Session::open(&agent, url, auth, &mut warning);
        for &(buildrequestid, buildid) in builds {
            let outcome = session.as_ref().map_err(Clone::clone).and_then(|session| {
                session.control(
                    &format!("api/v2/builds/{buildid}"),
                    "stop",
                    json!({ "reason": reason }),
                )
            });
            stopping.push(Stopping {
                buildrequestid,
                buildid,
                url: url.clone(),
                ok: outcome.is_ok(),
                error: outcome.err(),
                warning: warning.take(),
            });
        }
    }
    stopping
}

/// One master's REST API, logged in if credentials were given.
struct Session<'a> {
    agent: &'a ureq::Agent,
    /// The web root, ending in `/`.
    root: String,
    /// `Cookie` header value of the login session.
    cookie: Option<String>,
}

impl<'a> Session<'a> {
    /// Log in as Buildbot's web UI does: `GET auth/login` with basic
    /// credentials sets a session cookie, which the control calls carry
    /// (Buildbot's UserPasswordAuth ignores basic credentials elsewhere).
    /// A master with no login page (no `auth` configured: Buildbot answers
    /// 404; or one failing, 5xx) is nudged without logging in, and
    /// `warning` says so; a refused login (401, 403) stays an error.
    fn open(
        agent: &'a ureq::Agent,
        url: &str,
        auth: Option<&Credentials>,
        warning: &mut Option<String>,
    ) -> Result<Session<'a>, String> {
        let mut root = url.to_string();
        if !root.ends_with('/') {
            root.push('/');
        }
        let mut session = Session {
            agent,
            root,
            cookie: None,
        };
        if let Some(auth) = auth {
            let mut response = agent
                .get(format!("{}auth/login", session.root))
                .header("Authorization", auth.basic())
                .call()
                .map_err(|err| http::transport_error(&err))?;
            let status = response.status();
            if status.as_u16() == 404 || status.is_server_error() {
                // The status alone: the body of such an answer is a page.
                *warning = Some(format!(
                    "{} has no login (auth/login answered {} {}); notified without logging in",
                    session.root,
                    status.as_u16(),
                    status.canonical_reason().unwrap_or_default()
                ));
                return Ok(session);
            }
            if !(status.is_success() || status.is_redirection()) {
                return Err(format!(
                    "login as {}: {}",
                    auth.user,
                    http::status_error(&mut response)
                ));
            }
            // Buildbot sets the anonymous session first and the logged-in
            // one after it, under the same name: the last of each name wins.
            let mut cookies: Vec<(&str, &str)> = Vec::new();
            for pair in response
                .headers()
                .get_all("set-cookie")
                .iter()
                .filter_map(|value| value.to_str().ok())
                .filter_map(|value| value.split(';').next()?.split_once('='))
            {
                cookies.retain(|(name, _)| *name != pair.0);
                cookies.push(pair);
            }
            if cookies.is_empty() {
                return Err(format!(
                    "login as {}: the master set no session cookie",
                    auth.user
                ));
            }
            let cookies: Vec<String> = cookies
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            session.cookie = Some(cookies.join("; "));
        }
        Ok(session)
    }

    /// Unpause the unpaused workers configured on `builderids`, each once.
    /// Returns how many.
    fn unpause_workers_of(&self, builderids: &[i64]) -> Result<u64, String> {
        let mut workers = BTreeSet::new();
        for builderid in builderids {
            let found = self.get(&format!("api/v2/builders/{builderid}/workers"))?;
            let listed = found["workers"].as_array().ok_or_else(|| {
                format!("api/v2/builders/{builderid}/workers: no workers list in the answer")
            })?;
            workers.extend(
                listed
                    .iter()
                    .filter(|worker| worker["paused"] != Value::Bool(true))
                    .filter_map(|worker| worker["workerid"].as_i64()),
            );
        }
        for workerid in &workers {
            self.control(&format!("api/v2/workers/{workerid}"), "unpause", json!({}))?;
        }
        Ok(workers.len() as u64)
    }

    fn get(&self, path: &str) -> Result<Value, String> {
        let mut request = self.agent.get(format!("{}{path}", self.root));
        if let Some(cookie) = &self.cookie {
            request = request.header("Cookie", cookie);
        }
        let response = request.call().map_err(|err| http::transport_error(&err))?;
        read_json(path, response)
    }

    /// A JSON-RPC control call, as the web UI makes it.
    fn control(&self, path: &str, method: &str, params: Value) -> Result<(), String> {
        let body = json!({"jsonrpc": "2.0", "method": method, "params": params, "id": 1});
        let mut request = self
            .agent
            .post(format!("{}{path}", self.root))
            .content_type("application/json");
        if let Some(cookie) = &self.cookie {
            request = request.header("Cookie", cookie);
        }
        let response = request
            .send(body.to_string())
            .map_err(|err| http::transport_error(&err))?;
        let reply = read_json(path, response)?;
        match reply.get("error") {
            Some(error) if !error.is_null() => Err(format!(
                "{method} {path}: {}",
                error["message"].as_str().unwrap_or("refused")
            )),
            _ => Ok(()),
        }
    }
}

/// A 2xx answer's JSON body, or what went wrong.
fn read_json(path: &str, mut response: ureq::http::Response<ureq::Body>) -> Result<Value, String> {
    if !response.status().is_success() {
        return Err(format!("{path}: {}", http::status_error(&mut response)));
    }
    let body = response
        .body_mut()
        .with_config()
        .limit(16 * 1024 * 1024)
        .read_to_string()
        .map_err(|err| format!("{path}: {}", http::transport_error(&err)))?;
    serde_json::from_str(&body).map_err(|err| format!("{path}: the answer is not JSON ({err})"))
}
