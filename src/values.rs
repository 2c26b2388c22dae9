//! Values given on the command line: times, durations, ids, names, results.
//!
//! Each parser returns a plain `String` error so clap can report it as a
//! usage error (exit 2) before the database is opened.

use std::time::Duration;

/// Parse `--at`: epoch seconds, or RFC 3339 with a zone.
pub fn parse_time(s: &str) -> Result<i64, String> {
    if let Ok(secs) = s.parse::<i64>() {
        return Ok(secs);
    }
    chrono::DateTime::parse_from_rfc3339(s).map(|t| t.timestamp()).map_err(|_| {
        format!("'{s}' is not a time: give epoch seconds or RFC 3339 with a zone, e.g. 2024-05-01T12:00:00Z")
    })
}

/// Parse a duration such as `90s`, `10m`, `2h`, `1d` or `500ms`; a bare
/// number is seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let bad = || format!("'{s}' is not a duration: use e.g. 90s, 10m, 2h, 1d (or 500ms)");
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (digits, unit) = s.split_at(split);
    let n: u64 = digits.parse().map_err(|_| bad())?;
    let millis_per_unit: u64 = match unit {
        "ms" => 1,
        "" | "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return Err(bad()),
    };
    n.checked_mul(millis_per_unit)
        .map(Duration::from_millis)
        .ok_or_else(bad)
}

/// Parse a whole-second duration for windows compared with epoch seconds.
pub fn parse_seconds(s: &str) -> Result<i64, String> {
    let d = parse_duration(s)?;
    if d.subsec_millis() != 0 {
        return Err(format!("'{s}' is not a whole number of seconds"));
    }
    i64::try_from(d.as_secs()).map_err(|_| format!("'{s}' is too long a duration"))
}

/// Parse an entity id: a positive 64-bit integer.
pub fn parse_id(s: &str) -> Result<i64, String> {
    match s.parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        Ok(_) => Err(format!(
            "'{s}' is not a valid id: ids are positive integers"
        )),
        Err(_) if looks_numeric(s) => Err(format!(
            "'{s}' is not a valid id: too large for a 64-bit id"
        )),
        Err(_) => Err(format!(
            "'{s}' is not a valid id: ids are positive integers"
        )),
    }
}

fn looks_numeric(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A MASTER, BUILDER or CHANGESOURCE argument: an id if it is a number,
/// otherwise a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameOrId {
    Id(i64),
    Name(String),
}

/// A NAME to find or create: any text but the empty string (a row named ""
/// could not be named again on the command line).
pub fn parse_name(s: &str) -> Result<String, String> {
    if s.is_empty() {
        Err("a name cannot be empty".to_string())
    } else {
        Ok(s.to_string())
    }
}

pub fn parse_name_or_id(s: &str) -> Result<NameOrId, String> {
    if looks_numeric(s) {
        parse_id(s).map(NameOrId::Id)
    } else if s.is_empty() {
        Err("a name cannot be empty".to_string())
    } else {
        Ok(NameOrId::Name(s.to_string()))
    }
}

impl NameOrId {
    /// "<what> <id or 'name'> does not exist" (exit 4), with the id if any.
    pub fn not_found(&self, what: &str) -> crate::error::Error {
        let err = crate::error::Error::not_found(format!("{what} {self} does not exist"));
        match self {
            NameOrId::Id(id) => err.with_ids([*id]),
            NameOrId::Name(_) => err,
        }
    }
}

impl std::fmt::Display for NameOrId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NameOrId::Id(id) => write!(f, "{id}"),
            NameOrId::Name(name) => write!(f, "'{name}'"),
        }
    }
}

/// Buildbot's result codes (`buildbot.process.results`), by value.
pub const RESULT_NAMES: [&str; 7] = [
    "success",
    "warnings",
    "failure",
    "skipped",
    "exception",
    "retry",
    "cancelled",
];

pub const SUCCESS: i64 = 0;
pub const RETRY: i64 = 5;
pub const CANCELLED: i64 = 6;

/// Buildbot's `worst_status`: of two results, the worse, in the order
/// CANCELLED > RETRY > EXCEPTION > FAILURE > WARNINGS > SUCCESS > SKIPPED.
/// A code outside that list loses to any code in it.
pub fn worst_status(a: i64, b: i64) -> i64 {
    const WORST_FIRST: [i64; 7] = [6, 5, 4, 2, 1, 0, 3];
    let rank = |r: i64| {
        WORST_FIRST
            .iter()
            .position(|&w| w == r)
            .unwrap_or(WORST_FIRST.len())
    };
    if rank(b) < rank(a) { b } else { a }
}

/// Parse a result a build request may complete with: not `retry`.
pub fn parse_final_results(s: &str) -> Result<i64, String> {
    match parse_results(s)? {
        RETRY => Err("a build request cannot complete with retry".to_string()),
        results => Ok(results),
    }
}

/// Parse a result: a name above or an integer 0–6.
pub fn parse_results(s: &str) -> Result<i64, String> {
    if let Some(i) = RESULT_NAMES
        .iter()
        .position(|name| name.eq_ignore_ascii_case(s))
    {
        return Ok(i as i64);
    }
    match s.parse::<i64>() {
        Ok(n) if (0..RESULT_NAMES.len() as i64).contains(&n) => Ok(n),
        _ => Err(format!(
            "'{s}' is not a result: use one of {} or 0-6",
            RESULT_NAMES.join(", ")
        )),
    }
}

/// The name of a result code; `None` for -1 (not finished) or unknown codes.
pub fn result_name(code: i64) -> Option<&'static str> {
    usize::try_from(code)
        .ok()
        .and_then(|i| RESULT_NAMES.get(i))
        .copied()
}

/// An age as kubectl prints one: `45s`, `12m`, `3h`, `2d` (whole units,
/// rounded down; a negative age, a time after "now", is `0s`).
pub fn format_age(seconds: i64) -> String {
    match seconds.max(0) {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m", s / 60),
        s if s < 86400 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86400),
    }
}

/// The age of `time` at `now`, for a table: `never` for no time or epoch 0
/// (what `master mark-all-stale` leaves, which would otherwise read as
/// 20000 days), `in 5m` for a time after `now` (an `--at` in the past),
/// else [`format_age`].
pub fn format_age_at(time: Option<i64>, now: i64) -> String {
    match time {
        None | Some(0) => "never".to_string(),
        Some(t) if t > now => format!("in {}", format_age(t - now)),
        Some(t) => format_age(now - t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(parse_time("1714564800"), Ok(1714564800));
        assert_eq!(parse_time("2024-05-01T12:00:00Z"), Ok(1714564800));
        assert_eq!(parse_time("2024-05-01T14:00:00+02:00"), Ok(1714564800));
        assert!(parse_time("2024-05-01T12:00:00").is_err());
        assert!(parse_time("yesterday").is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7200)));
        assert_eq!(parse_duration("1d"), Ok(Duration::from_secs(86400)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("7"), Ok(Duration::from_secs(7)));
        for bad in [
            "",
            "s",
            "-1s",
            "1.5s",
            "1w",
            "10 m",
            "99999999999999999999s",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert!(parse_seconds("500ms").is_err());
    }

    #[test]
    fn ids() {
        assert_eq!(parse_id("42"), Ok(42));
        for bad in ["0", "-3", "abc", "9223372036854775808", "1.0", ""] {
            assert!(parse_id(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_name_or_id("7"), Ok(NameOrId::Id(7)));
        assert_eq!(
            parse_name_or_id("host:/srv"),
            Ok(NameOrId::Name("host:/srv".into()))
        );
        assert!(parse_name_or_id("0").is_err());
        assert!(parse_name_or_id("-1").is_err());
    }

    #[test]
    fn results() {
        assert_eq!(parse_results("failure"), Ok(2));
        assert_eq!(parse_results("6"), Ok(6));
        assert!(parse_results("7").is_err());
        assert!(parse_results("great").is_err());
        assert_eq!(result_name(-1), None);
        assert_eq!(format_age(-5), "0s");
        assert_eq!(format_age(45), "45s");
        assert_eq!(format_age(60 * 12 + 59), "12m");
        assert_eq!(format_age(3600 * 3), "3h");
        assert_eq!(format_age(86400 * 2 + 5), "2d");
        assert_eq!(result_name(4), Some("exception"));
        assert_eq!(format_age_at(None, 100), "never");
        assert_eq!(format_age_at(Some(0), 100), "never");
        assert_eq!(format_age_at(Some(100 + 300), 100), "in 5m");
        assert_eq!(format_age_at(Some(100), 100), "0s");
        assert_eq!(format_age_at(Some(40), 100), "1m");
        assert!(parse_final_results("retry").is_err());
        assert!(parse_final_results("5").is_err());
    }

    #[test]
    fn worst() {
        assert_eq!(worst_status(SUCCESS, 3), SUCCESS); // skipped loses to success
        assert_eq!(worst_status(SUCCESS, 1), 1);
        assert_eq!(worst_status(2, 4), 4);
        assert_eq!(worst_status(5, 6), 6);
        assert_eq!(worst_status(4, 5), 5);
        assert_eq!(worst_status(1, 2), 2);
    }
}
