//! The only place that writes to stdout: a command's result as one JSON
//! document, or as tables for people, rendered from the same value.

use std::io::{self, Write};

use comfy_table::{Table, presets};
use serde::Serialize;
use serde_json::Value;

use crate::values::result_name;

/// What a command hands back to be printed.
pub struct Report {
    /// The document printed by `--json`.
    pub doc: Value,
    /// What is printed for people, if it differs from `doc`.
    pub human: Option<Value>,
    /// The plural noun for an empty list ("masters").
    pub noun: &'static str,
    /// Printed as is, whatever the output format (completion scripts).
    pub raw: Option<String>,
    /// Lines for stderr that `--quiet` silences (`note: ...`).
    pub notes: Vec<String>,
    /// Lines for stderr about something that went wrong beside a write
    /// that stands (`warning: ...`), printed even with `--quiet`.
    pub warnings: Vec<String>,
}

impl Report {
    pub fn new(doc: impl Serialize) -> Report {
        Report {
            doc: to_value(doc),
            human: None,
            noun: "rows",
            raw: None,
            notes: Vec::new(),
            warnings: Vec::new(),
        }
    }

    pub fn list(noun: &'static str, items: impl Serialize) -> Report {
        Report {
            noun,
            ..Report::new(items)
        }
    }

    /// Text printed exactly as given, with `--json` or without.
    pub fn text(text: impl Into<String>) -> Report {
        Report {
            raw: Some(text.into()),
            ..Report::new(Value::Null)
        }
    }

    /// Keep only `fields` of each entity, in that order (`--field`).
    pub fn select(mut self, fields: &[&str]) -> Report {
        if fields.is_empty() {
            return self;
        }
        if let Value::Array(items) = &mut self.doc {
            for item in items {
                if let Value::Object(map) = item {
                    *map = fields.iter().filter_map(|f| map.remove_entry(*f)).collect();
                }
            }
        }
        self
    }

    pub fn with_human(mut self, human: impl Serialize) -> Report {
        self.human = Some(to_value(human));
        self
    }

    pub fn with_notes(mut self, notes: impl IntoIterator<Item = String>) -> Report {
        self.notes.extend(notes);
        self
    }

    pub fn with_warnings(mut self, warnings: impl IntoIterator<Item = String>) -> Report {
        self.warnings.extend(warnings);
        self
    }

    /// Add `key` to the document, and to what people see when that differs.
    pub fn with_field(mut self, key: &str, value: impl Serialize) -> Report {
        let value = to_value(value);
        for doc in [Some(&mut self.doc), self.human.as_mut()]
            .into_iter()
            .flatten()
        {
            if let Value::Object(map) = doc {
                map.insert(key.to_string(), value.clone());
            }
        }
        self
    }
}

fn to_value(doc: impl Serialize) -> Value {
    // Our structs only hold strings, numbers, bools and maps with string keys.
    serde_json::to_value(doc).expect("command results serialise to JSON")
}

/// Print the report: the document on `out` (unless `quiet`, which keeps
/// only a `--json` document), its warnings and (unless `quiet`) notes on
/// `err`.
pub fn emit(
    report: &Report,
    json: bool,
    quiet: bool,
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<()> {
    for warning in &report.warnings {
        writeln!(err, "warning: {warning}")?;
    }
    if !quiet {
        for note in &report.notes {
            writeln!(err, "note: {note}")?;
        }
    }
    if quiet && !json {
        return Ok(());
    }
    if let Some(text) = &report.raw {
        out.write_all(text.as_bytes())?;
    } else if json {
        serde_json::to_writer_pretty(&mut *out, &report.doc)?;
        writeln!(out)?;
    } else {
        render(
            report.human.as_ref().unwrap_or(&report.doc),
            report.noun,
            out,
        )?;
    }
    out.flush()
}

fn render(value: &Value, noun: &str, out: &mut impl Write) -> io::Result<()> {
    match value {
        Value::Array(items) if items.is_empty() => writeln!(out, "no {noun}"),
        Value::Array(items) if items.iter().all(Value::is_object) => {
            writeln!(out, "{}", rows_table(items))
        }
        Value::Object(map) => {
            // Plain fields in one key/value table, then each nested one.
            let (nested, flat): (Vec<_>, Vec<_>) = map.iter().partition(|(_, v)| is_nested(v));
            if !flat.is_empty() {
                let mut table = new_table();
                for (key, v) in flat {
                    table.add_row([key.clone(), cell(key, v)]);
                }
                writeln!(out, "{table}")?;
            }
            for (key, v) in nested {
                writeln!(out, "{key}:")?;
                render(v, key, out)?;
            }
            Ok(())
        }
        other => writeln!(out, "{}", cell("", other)),
    }
}

/// Objects, and lists of objects, get a table of their own.
fn is_nested(value: &Value) -> bool {
    match value {
        Value::Object(_) => true,
        Value::Array(items) => items.first().is_some_and(Value::is_object),
        _ => false,
    }
}

/// One table, a column per field, a row per entity.
fn rows_table(items: &[Value]) -> Table {
    let mut table = new_table();
    let header: Vec<&String> = items[0]
        .as_object()
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    table.set_header(header.iter().map(|k| k.as_str()));
    for item in items {
        table.add_row(
            header
                .iter()
                .map(|key| cell(key, item.get(key.as_str()).unwrap_or(&Value::Null))),
        );
    }
    table
}

fn new_table() -> Table {
    let mut table = Table::new();
    table.load_preset(presets::UTF8_FULL_CONDENSED);
    table
}

/// Fields holding epoch seconds, shown as UTC RFC 3339.
const TIME_FIELDS: &[&str] = &[
    "last_active",
    "submitted_at",
    "complete_at",
    "claimed_at",
    "created_at",
    "when_timestamp",
    "started_at",
];

/// One value as people read it: times as RFC 3339, results as names,
/// null and -1 results as empty.
fn cell(key: &str, value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Number(n) if TIME_FIELDS.contains(&key) => {
            n.as_i64().map(format_time).unwrap_or_default()
        }
        Value::Number(n) if key == "results" => n
            .as_i64()
            .and_then(result_name)
            .map(str::to_owned)
            .unwrap_or_default(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|v| cell(key, v))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{k}={}", cell(k, v)))
            .collect::<Vec<_>>()
            .join(" "),
        other => other.to_string(),
    }
}

/// Epoch seconds as UTC RFC 3339 (`2024-05-01T12:00:00Z`).
pub fn format_time(epoch: i64) -> String {
    chrono::DateTime::from_timestamp(epoch, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|| epoch.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells() {
        assert_eq!(
            cell("last_active", &Value::from(1714564800)),
            "2024-05-01T12:00:00Z"
        );
        assert_eq!(cell("results", &Value::from(2)), "failure");
        assert_eq!(cell("results", &Value::from(-1)), "");
        assert_eq!(cell("anything", &Value::Null), "");
        assert_eq!(cell("masterids", &serde_json::json!([1, 2])), "1, 2");
    }
}
