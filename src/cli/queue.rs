//! `bb queue` and `bb metrics`: what waits, what runs, and why builds do
//! not start.

use clap::Args;

use crate::values::{parse_seconds, parse_time};

/// A duration as given (`1h`), kept to be said back as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dur {
    pub text: String,
    pub seconds: i64,
}

pub fn parse_dur(s: &str) -> Result<Dur, String> {
    Ok(Dur {
        text: s.to_string(),
        seconds: parse_seconds(s)?,
    })
}

#[derive(Debug, Args)]
pub struct QueueArgs {
    /// A builder whose oldest pending request waited longer than this is stuck.
    #[arg(long, value_name = "DURATION", default_value = "1h", value_parser = parse_dur)]
    pub stuck_after: Dur,
    /// Be a monitoring plugin (Nagios, Icinga, Sensu): one status line with perfdata, exit 0
    /// OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
    #[arg(long)]
    pub check: bool,
    /// With --check: WARNING when a request has been pending longer than this.
    #[arg(long, value_name = "DURATION", default_value = "30m", value_parser = parse_dur, requires = "check")]
    pub warn_after: Dur,
    /// With --check: CRITICAL when a request has been pending longer than this.
    #[arg(long, value_name = "DURATION", default_value = "2h", value_parser = parse_dur, requires = "check")]
    pub crit_after: Dur,
    /// The "now" that ages count from: epoch seconds or RFC 3339. Default: now.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<i64>,
}

#[derive(Debug, Args)]
pub struct MetricsArgs {
    /// The "now" that ages count from: epoch seconds or RFC 3339. Default: now.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<i64>,
}
