//! The one error type of bb: every failure carries the exit code CLI.md gives it.

use std::collections::BTreeMap;
use std::fmt;

/// What kind of failure, as the contract's exit-code table names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// I/O, SQLite errors, an unsupported or foreign database (exit 1).
    Failure,
    /// Bad flags or values (exit 2).
    Usage,
    /// Already claimed, not claimed, already complete, held elsewhere (exit 3).
    Conflict,
    /// A named id or name, or the database file, does not exist (exit 4).
    NotFound,
    /// The database stayed locked past the busy timeout (exit 5).
    Busy,
}

impl Kind {
    pub fn code(self) -> u8 {
        match self {
            Kind::Failure => 1,
            Kind::Usage => 2,
            Kind::Conflict => 3,
            Kind::NotFound => 4,
            Kind::Busy => 5,
        }
    }

    /// The `error` field of the JSON error object.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Failure => "failure",
            Kind::Usage => "usage",
            Kind::Conflict => "conflict",
            Kind::NotFound => "not_found",
            Kind::Busy => "busy",
        }
    }
}

/// A failure to report: one line of message, the ids it concerns, and for
/// conflicts over claims the master holding each id (present, possibly
/// empty, whenever the conflict is about claims).
#[derive(Debug, Clone)]
pub struct Error {
    pub kind: Kind,
    pub message: String,
    pub ids: Vec<i64>,
    pub holders: Option<BTreeMap<i64, i64>>,
    /// A transient failure of the engine (a serialization failure, a
    /// deadlock, a unique index refusing a row another session has just
    /// committed): the transaction may be run again.
    pub retry: bool,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: Kind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
            ids: Vec::new(),
            holders: None,
            retry: false,
        }
    }

    pub fn failure(message: impl Into<String>) -> Error {
        Error::new(Kind::Failure, message)
    }

    pub fn usage(message: impl Into<String>) -> Error {
        Error::new(Kind::Usage, message)
    }

    pub fn conflict(message: impl Into<String>) -> Error {
        Error::new(Kind::Conflict, message)
    }

    pub fn not_found(message: impl Into<String>) -> Error {
        Error::new(Kind::NotFound, message)
    }

    /// The database stayed locked past `--busy-timeout` (exit 5).
    pub fn busy() -> Error {
        Error::new(
            Kind::Busy,
            "database is busy: another process held its lock past --busy-timeout; \
             nothing was written, it is safe to retry (or give a longer --busy-timeout)",
        )
    }

    pub fn with_ids(mut self, ids: impl IntoIterator<Item = i64>) -> Error {
        self.ids.extend(ids);
        self
    }

    pub fn with_holders(mut self, holders: impl IntoIterator<Item = (i64, i64)>) -> Error {
        self.holders.get_or_insert_default().extend(holders);
        self
    }

    /// A conflict over claims always carries `holders`, empty when no
    /// other master's claim is the cause.
    pub fn over_claims(self) -> Error {
        match self.kind {
            Kind::Conflict => self.with_holders([]),
            _ => self,
        }
    }

    /// Say which file (or thing) a failure concerns.
    pub fn prefixed(mut self, what: &str) -> Error {
        self.message = format!("{what}: {}", self.message);
        self
    }

    /// The JSON error object written to stderr under `--json`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut doc = serde_json::json!({
            "error": self.kind.name(),
            "message": self.message,
            "ids": self.ids,
        });
        if let Some(holders) = &self.holders {
            let holders: serde_json::Map<_, _> = holders
                .iter()
                .map(|(id, m)| (id.to_string(), (*m).into()))
                .collect();
            doc["holders"] = holders.into();
        }
        doc
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Error {
        Error::failure(format!("I/O: {err}"))
    }
}
