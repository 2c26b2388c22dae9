//! HTTP to running masters, shared by `--notify` (their REST API) and
//! `--deliver` (their change hook): the URLs bb accepts, credentials that
//! never print, one client configuration, and failures described without
//! secrets.

use std::fmt;
use std::time::Duration;

use base64::Engine;

/// How long to wait for a master to accept a connection, and for a whole
/// exchange with it.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const CALL_TIMEOUT: Duration = Duration::from_secs(60);

/// `USER:PASSWORD` for a master's web UI. The password is kept out of
/// `Debug`, so no diagnostic can print it.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub user: String,
    password: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Credentials({}:***)", self.user)
    }
}

impl Credentials {
    /// The `Authorization` header value for HTTP basic authentication.
    pub fn basic(&self) -> String {
        let pair = format!("{}:{}", self.user, self.password);
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        )
    }
}

/// Parse `USER:PASSWORD` (`--notify-auth`, `--deliver-auth`). The error
/// never repeats the value, which may be a password.
pub fn parse_credentials(s: &str) -> Result<Credentials, String> {
    match s.split_once(':') {
        Some((user, password)) if !user.is_empty() => Ok(Credentials {
            user: user.to_string(),
            password: password.to_string(),
        }),
        _ => Err("credentials must be USER:PASSWORD (the value is not shown)".to_string()),
    }
}

/// Parse an `http://` or `https://` URL given to `flag`. Credentials in the
/// URL are refused (they would be printed with it): they go in the flag's
/// `-auth` companion.
pub fn parse_url(flag: &str, s: &str) -> Result<String, String> {
    let rest = s
        .strip_prefix("http://")
        .or_else(|| s.strip_prefix("https://"))
        .ok_or_else(|| {
            let shown = s.split_once('@').map_or(s, |(_, host)| host);
            format!("{flag}: {shown:?} is not an http:// or https:// URL")
        })?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(format!(
            "{flag}: put credentials in {flag}-auth (or its environment variable), not in the URL"
        ));
    }
    let host = match authority.rsplit_once(':') {
        // An IPv6 literal's colons are inside its brackets.
        Some((host, port)) if !port.contains(']') => {
            if port.parse::<u16>().is_err() {
                return Err(format!("{flag} {s:?}: bad port {port:?}"));
            }
            host
        }
        _ => authority,
    };
    if host.is_empty() || host == "[]" {
        return Err(format!("{flag} {s:?}: no host"));
    }
    Ok(s.to_string())
}

/// The client every exchange with a master uses: bounded waits, statuses
/// handled by the caller, redirects not followed (a login answers with
/// one, and its cookie is on that answer), the system's trust store for
/// https.
pub fn agent() -> ureq::Agent {
    use ureq::tls::{RootCerts, TlsConfig};
    ureq::Agent::config_builder()
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .timeout_global(Some(CALL_TIMEOUT))
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(format!("bb/{}", env!("CARGO_PKG_VERSION")))
        .tls_config(
            TlsConfig::builder()
                .root_certs(RootCerts::PlatformVerifier)
                .build(),
        )
        .build()
        .new_agent()
}

/// A failed exchange, in words: the transport's error, or the status a
/// master answered with and the first line of what it said.
pub fn transport_error(err: &ureq::Error) -> String {
    match err {
        ureq::Error::Io(io) => format!("cannot reach it: {io}"),
        ureq::Error::Timeout(what) => format!("timed out ({what})"),
        other => other.to_string(),
    }
}

/// `answered 401 Unauthorized: <first line of the body>`.
pub fn status_error(response: &mut ureq::http::Response<ureq::Body>) -> String {
    let status = response.status();
    let said = response
        .body_mut()
        .with_config()
        .limit(64 * 1024)
        .read_to_string()
        .unwrap_or_default();
    let said = said.trim().lines().next().unwrap_or_default().to_string();
    let mut text = format!(
        "answered {} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or_default()
    );
    if !said.is_empty() {
        text.push_str(": ");
        text.push_str(&said.chars().take(200).collect::<String>());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert!(parse_url("--notify", "http://localhost:8010/").is_ok());
        assert!(parse_url("--notify", "https://bb.example.org/").is_ok());
        assert!(parse_url("--notify", "http://[::1]:8010/").is_ok());
        assert!(parse_url("--notify", "ftp://h/").is_err());
        assert!(parse_url("--notify", "http://h:x/").is_err());
        assert!(parse_url("--notify", "http:///").is_err());
        let err = parse_url("--notify", "http://u:secret@h/").unwrap_err();
        assert!(!err.contains("secret"), "{err}");
        let err = parse_url("--notify", "ftp://u:secret@h/").unwrap_err();
        assert!(!err.contains("secret"), "{err}");
    }

    #[test]
    fn credentials_never_print_the_password() {
        let creds = parse_credentials("admin:s3cret:x").unwrap();
        assert_eq!(creds.user, "admin");
        assert_eq!(creds.basic(), "Basic YWRtaW46czNjcmV0Ong=");
        assert!(!format!("{creds:?}").contains("s3cret"));
        let err = parse_credentials("nocolon-secret").unwrap_err();
        assert!(!err.contains("secret"), "{err}");
        assert!(parse_credentials(":pw").is_err());
    }
}
