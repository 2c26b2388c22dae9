//! Handing changes to a running master through its `base` change hook: a
//! form-encoded HTTP POST per change, which the master stores and announces
//! to its schedulers. Plain `http://` only, which is what a hook on the
//! master's own host or a trusted network is reached by.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use base64::Engine;

use crate::db::changes::NewChange;
use crate::error::{Error, Result};
use crate::git::percent_encode;

/// How long to wait for the master to accept a connection, and to answer.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const ANSWER_TIMEOUT: Duration = Duration::from_secs(60);

/// Where changes are delivered: a parsed `http://host[:port]/path` URL and
/// optional basic-auth credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hook {
    pub url: String,
    host: String,
    port: u16,
    path: String,
    auth: Option<String>,
}

impl Hook {
    /// Parse `--deliver URL` (and `--deliver-auth USER:PASSWORD`).
    pub fn parse(url: &str, auth: Option<&str>) -> std::result::Result<Hook, String> {
        let rest = url.strip_prefix("http://").ok_or_else(|| {
            format!("--deliver {url:?}: only http:// URLs are supported (e.g. http://localhost:8010/change_hook/base)")
        })?;
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        // The port follows the last ':' unless that is inside an IPv6
        // literal's brackets (`http://[::1]/...`).
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) if !port.contains(']') => {
                let port = port
                    .parse()
                    .map_err(|_| format!("--deliver {url:?}: bad port {port:?}"))?;
                (host, port)
            }
            _ => (authority, 80),
        };
        if host.is_empty() {
            return Err(format!("--deliver {url:?}: no host"));
        }
        let auth = auth
            .map(|auth| {
                if !auth.contains(':') {
                    return Err("--deliver-auth must be USER:PASSWORD".to_string());
                }
                Ok(base64::engine::general_purpose::STANDARD.encode(auth))
            })
            .transpose()?;
        Ok(Hook {
            url: url.to_string(),
            host: host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_string(),
            port,
            path: path.to_string(),
            auth,
        })
    }

    /// POST one change; an answer other than 2xx is an error carrying the
    /// status and the master's message.
    pub fn deliver(&self, change: &NewChange) -> Result<()> {
        let body = form(change);
        let failed = |what: String| {
            Error::failure(format!(
                "delivering change {} to {}: {what}",
                change.revision.as_deref().unwrap_or("?"),
                self.url
            ))
        };
        let addr = (self.host.as_str(), self.port)
            .to_socket_addrs()
            .map_err(|err| failed(format!("cannot resolve {}: {err}", self.host)))?
            .next()
            .ok_or_else(|| failed(format!("{} has no address", self.host)))?;
        let mut stream = TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT)
            .map_err(|err| failed(format!("cannot connect: {err}")))?;
        stream
            .set_read_timeout(Some(ANSWER_TIMEOUT))
            .and_then(|()| stream.set_write_timeout(Some(ANSWER_TIMEOUT)))
            .map_err(|err| failed(err.to_string()))?;
        let mut request = format!(
            "POST {} HTTP/1.1\r\nHost: {}:{}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: {}\r\nConnection: close\r\nUser-Agent: bb/{}\r\n",
            self.path,
            self.host,
            self.port,
            body.len(),
            env!("CARGO_PKG_VERSION")
        );
        if let Some(auth) = &self.auth {
            request.push_str(&format!("Authorization: Basic {auth}\r\n"));
        }
        request.push_str("\r\n");
        request.push_str(&body);
        stream
            .write_all(request.as_bytes())
            .map_err(|err| failed(format!("cannot send: {err}")))?;
        let mut answer = Vec::new();
        stream
            .read_to_end(&mut answer)
            .map_err(|err| failed(format!("no answer: {err}")))?;
        let answer = String::from_utf8_lossy(&answer);
        let status_line = answer.lines().next().unwrap_or_default();
        let status: u16 = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse().ok())
            .ok_or_else(|| failed(format!("not an HTTP answer: {status_line:?}")))?;
        if (200..300).contains(&status) {
            return Ok(());
        }
        let message = answer
            .split_once("\r\n\r\n")
            .map(|(_, body)| body.trim())
            .filter(|body| !body.is_empty())
            .map(|body| body.lines().next().unwrap_or_default().to_string())
            .unwrap_or_default();
        Err(failed(format!(
            "the master answered {status_line:?} {message}"
        )))
    }
}

/// The form the base change hook reads (buildbot/www/hooks/base.py).
fn form(change: &NewChange) -> String {
    let files = serde_json::to_string(&change.files).expect("a list of strings is JSON");
    let mut fields: Vec<(&str, &str)> = vec![
        ("author", &change.author),
        ("committer", &change.committer),
        ("comments", &change.comments),
        ("repository", &change.repository),
        ("project", &change.project),
        ("codebase", &change.codebase),
        ("revlink", ""),
        ("files", &files),
        ("properties", "{}"),
    ];
    let when = change.when_timestamp.to_string();
    fields.push(("when_timestamp", &when));
    if let Some(revision) = &change.revision {
        fields.push(("revision", revision));
    }
    if let Some(branch) = &change.branch {
        fields.push(("branch", branch));
    }
    if let Some(category) = &change.category {
        fields.push(("category", category));
    }
    fields
        .iter()
        .map(|(name, value)| format!("{name}={}", percent_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::Hook;

    #[test]
    fn hook_urls_are_parsed() {
        let hook = Hook::parse("http://localhost:8010/change_hook/base", None).unwrap();
        assert_eq!((hook.host.as_str(), hook.port), ("localhost", 8010));
        assert_eq!(hook.path, "/change_hook/base");
        let hook = Hook::parse("http://example.org", Some("u:p")).unwrap();
        assert_eq!((hook.port, hook.path.as_str()), (80, "/"));
        assert_eq!(hook.auth.as_deref(), Some("dTpw"));
        let hook = Hook::parse("http://[::1]/hook", None).unwrap();
        assert_eq!((hook.host.as_str(), hook.port), ("::1", 80));
        let hook = Hook::parse("http://[::1]:8010/hook", None).unwrap();
        assert_eq!((hook.host.as_str(), hook.port), ("::1", 8010));
        assert!(Hook::parse("https://example.org/", None).is_err());
        assert!(Hook::parse("http://h:x/", None).is_err());
        assert!(Hook::parse("http://h/", Some("nocolon")).is_err());
    }
}
