//! Handing changes to a running master through its `base` change hook: a
//! form-encoded HTTP POST per change, which the master stores and announces
//! to its schedulers.

use crate::db::changes::NewChange;
use crate::error::{Error, Result};
use crate::http::{self, Credentials};

/// Where changes are delivered: the hook's URL (`http://` or `https://`)
/// and optional basic-auth credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hook {
    pub url: String,
    auth: Option<Credentials>,
}

impl Hook {
    pub fn new(url: String, auth: Option<Credentials>) -> Hook {
        Hook { url, auth }
    }

    /// POST one change; an answer other than 2xx is an error carrying the
    /// status and the master's message.
    pub fn deliver(&self, change: &NewChange) -> Result<()> {
        let failed = |what: String| {
            Error::failure(format!(
                "delivering change {} to {}: {what}",
                change.revision.as_deref().unwrap_or("?"),
                self.url
            ))
        };
        let mut request = http::agent().post(&self.url);
        if let Some(auth) = &self.auth {
            request = request.header("Authorization", auth.basic());
        }
        let mut response = request
            .send_form(form(change))
            .map_err(|err| failed(http::transport_error(&err)))?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(failed(format!(
                "the master {}",
                http::status_error(&mut response)
            )))
        }
    }
}

/// The form the base change hook reads (buildbot/www/hooks/base.py).
fn form(change: &NewChange) -> Vec<(&'static str, String)> {
    let files = serde_json::to_string(&change.files).expect("a list of strings is JSON");
    let mut fields = vec![
        ("author", change.author.clone()),
        ("committer", change.committer.clone()),
        ("comments", change.comments.clone()),
        ("repository", change.repository.clone()),
        ("project", change.project.clone()),
        ("codebase", change.codebase.clone()),
        ("revlink", String::new()),
        ("files", files),
        ("properties", "{}".to_string()),
        ("when_timestamp", change.when_timestamp.to_string()),
    ];
    let optional = [
        ("revision", &change.revision),
        ("branch", &change.branch),
        ("category", &change.category),
    ];
    for (name, value) in optional {
        if let Some(value) = value {
            fields.push((name, value.clone()));
        }
    }
    fields
}
