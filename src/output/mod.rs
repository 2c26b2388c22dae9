//! The only place that writes to stdout: a command's result as one JSON
//! document, or as tables for people, rendered from the same value.

use std::io::{self, Write};

use std::collections::BTreeMap;

use comfy_table::{ContentArrangement, Row, Table, presets};
use serde::Serialize;
use serde_json::Value;

use crate::values::{format_age, result_name};

/// What the entities of a list are: the plural an empty list is reported
/// with, and the columns its table shows unless `--wide` or `--field`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Master,
    Builder,
    Buildset,
    BuildRequest,
    ChangeSource,
    Change,
}

impl Entity {
    pub fn plural(self) -> &'static str {
        match self {
            Entity::Master => "masters",
            Entity::Builder => "builders",
            Entity::Buildset => "buildsets",
            Entity::BuildRequest => "build requests",
            Entity::ChangeSource => "change sources",
            Entity::Change => "changes",
        }
    }
}

/// What a command hands back to be printed.
pub struct Report {
    /// The document printed by `--json`.
    pub doc: Value,
    /// What is printed for people, if it differs from `doc`.
    pub human: Option<Value>,
    /// What the document lists, if it is a list of entities.
    pub entity: Option<Entity>,
    /// `--field` chose the fields: tables show exactly those.
    pub selected: bool,
    /// The "now" that ages count from (`--at`, else the clock).
    pub now: Option<i64>,
    /// Master names by id, for the `claimed_by` column of request tables.
    pub master_names: BTreeMap<i64, String>,
    /// Printed as is, whatever the output format (completion scripts).
    pub raw: Option<String>,
    /// Lines for stderr that `--quiet` silences (`note: ...`).
    pub notes: Vec<String>,
    /// Lines for stderr about something that went wrong beside a write
    /// that stands (`warning: ...`), printed even with `--quiet`.
    pub warnings: Vec<String>,
}

/// How the user asked for output, and where it goes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub json: bool,
    pub quiet: bool,
    pub wide: bool,
    /// The terminal's width, if stdout is one: tables are fitted to it.
    pub width: Option<u16>,
}

impl Report {
    pub fn new(doc: impl Serialize) -> Report {
        Report {
            doc: to_value(doc),
            human: None,
            entity: None,
            selected: false,
            now: None,
            master_names: BTreeMap::new(),
            raw: None,
            notes: Vec::new(),
            warnings: Vec::new(),
        }
    }

    pub fn list(entity: Entity, items: impl Serialize) -> Report {
        Report {
            entity: Some(entity),
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
        self.selected = true;
        if let Value::Array(items) = &mut self.doc {
            for item in items {
                if let Value::Object(map) = item {
                    *map = fields.iter().filter_map(|f| map.remove_entry(*f)).collect();
                }
            }
        }
        self
    }

    /// Ages in the table count from `now`.
    pub fn at(mut self, now: i64) -> Report {
        self.now = Some(now);
        self
    }

    pub fn with_master_names(mut self, names: BTreeMap<i64, String>) -> Report {
        self.master_names = names;
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

    /// Whether a table of this report shows an entity's usual columns
    /// rather than every field.
    fn usual_columns(&self, style: &Style) -> Option<Entity> {
        self.entity
            .filter(|_| !style.wide && !self.selected && self.human.is_none())
    }
}

fn to_value(doc: impl Serialize) -> Value {
    // Our structs only hold strings, numbers, bools and maps with string keys.
    serde_json::to_value(doc).expect("command results serialise to JSON")
}

/// The width of the terminal stdout is, if it is one: `COLUMNS`, else
/// what the terminal says. `None` when piped: tables are printed whole.
pub fn terminal_width() -> Option<u16> {
    use std::io::IsTerminal;
    if !io::stdout().is_terminal() {
        return None;
    }
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|&c| c > 0)
    {
        return Some(columns);
    }
    // SAFETY: TIOCGWINSZ fills a winsize struct for the terminal on fd 1.
    let mut size: libc::winsize = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) } == 0;
    (ok && size.ws_col > 0).then_some(size.ws_col)
}

/// Print the report: the document on `out` (unless `quiet`, which keeps
/// only a `--json` document), its warnings and (unless `quiet`) notes on
/// `err`. An empty list prints nothing on `out` and says so on `err`.
pub fn emit(
    report: &Report,
    style: &Style,
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<()> {
    for warning in &report.warnings {
        writeln!(err, "warning: {warning}")?;
    }
    if !style.quiet {
        for note in &report.notes {
            writeln!(err, "note: {note}")?;
        }
    }
    if let Some(text) = &report.raw {
        if !style.quiet {
            out.write_all(text.as_bytes())?;
        }
    } else if style.json {
        serde_json::to_writer_pretty(&mut *out, &report.doc)?;
        writeln!(out)?;
    } else if style.quiet {
        // Nothing for people: cron mails only what failed.
    } else if let (Some(entity), Value::Array(items)) = (report.entity, &report.doc) {
        if items.is_empty() {
            writeln!(err, "no {}", entity.plural())?;
        } else {
            let table = match report.usual_columns(style) {
                Some(entity) => usual_table(entity, items, report),
                None => rows_table(items),
            };
            writeln!(out, "{}", fitted_list(table, style).trim_fmt())?;
        }
    } else {
        render(
            report.human.as_ref().unwrap_or(&report.doc),
            "rows",
            style,
            out,
        )?;
    }
    out.flush()
}

fn render(value: &Value, noun: &str, style: &Style, out: &mut impl Write) -> io::Result<()> {
    match value {
        Value::Array(items) if items.is_empty() => writeln!(out, "no {noun}"),
        Value::Array(items) if items.iter().all(Value::is_object) => {
            writeln!(out, "{}", fitted_list(rows_table(items), style).trim_fmt())
        }
        Value::Object(map) => {
            // Plain fields in one key/value table, then each nested one.
            let (nested, flat): (Vec<_>, Vec<_>) = map.iter().partition(|(_, v)| is_nested(v));
            if !flat.is_empty() {
                let mut table = new_table();
                for (key, v) in flat {
                    table.add_row([key.clone(), cell(key, v)]);
                }
                writeln!(out, "{}", fitted(table, style))?;
            }
            for (key, v) in nested {
                writeln!(out, "{key}:")?;
                render(v, key, style, out)?;
            }
            Ok(())
        }
        other => writeln!(out, "{}", cell("", other)),
    }
}

/// On a terminal, a table as wide as the terminal at most: columns share
/// the width, and cells too long for theirs are cut with `…` on one line,
/// never wrapped into noise.
fn fitted(mut table: Table, style: &Style) -> Table {
    if let Some(width) = style.width {
        table
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width)
            .set_truncation_indicator("…");
        for row in table.row_iter_mut() {
            row.max_height(1);
        }
    }
    table
}

/// A list fitted to the terminal: columns one space apart rather than two
/// when that makes it fit, then [`fitted`].
fn fitted_list(mut table: Table, style: &Style) -> Table {
    if let Some(width) = style.width {
        let widths = table.column_max_content_widths();
        let gaps = widths.len().saturating_sub(1);
        let natural: usize = widths.iter().map(|&w| usize::from(w)).sum::<usize>() + 2 * gaps;
        if natural > usize::from(width) {
            for column in table.column_iter_mut().take(gaps) {
                column.set_padding((0, 1));
            }
        }
    }
    fitted(table, style)
}

/// An entity's usual columns, as CLI.md lists them: short, one-word
/// status, ages.
fn usual_table(entity: Entity, items: &[Value], report: &Report) -> Table {
    let now = report.now.unwrap_or_else(|| chrono::Utc::now().timestamp());
    let age = |item: &Value, key: &str| {
        item[key]
            .as_i64()
            .map(|t| format_age(now - t))
            .unwrap_or_default()
    };
    let text = |item: &Value, key: &str| cell(key, &item[key]);
    type Row<'a> = &'a dyn Fn(&Value) -> Vec<String>;
    let (header, row): (&[&str], Row) = match entity {
        Entity::Master => (&["masterid", "name", "active", "last_active"], &|m| {
            vec![
                text(m, "masterid"),
                text(m, "name"),
                text(m, "active"),
                age(m, "last_active"),
            ]
        }),
        Entity::Builder => (&["builderid", "name", "masterids", "tags"], &|b| {
            vec![
                text(b, "builderid"),
                text(b, "name"),
                text(b, "masterids"),
                text(b, "tags"),
            ]
        }),
        Entity::Buildset => (
            &["bsid", "reason", "status", "submitted", "sourcestamps"],
            &|bs| {
                let sourcestamps: Vec<String> = bs["sourcestamps"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(short_sourcestamp)
                    .collect();
                vec![
                    text(bs, "bsid"),
                    text(bs, "reason"),
                    status(bs, false),
                    age(bs, "submitted_at"),
                    sourcestamps.join(", "),
                ]
            },
        ),
        Entity::BuildRequest => (
            &[
                "buildrequestid",
                "buildsetid",
                "buildername",
                "status",
                "claimed_by",
                "submitted",
                "priority",
            ],
            &|br| {
                let claimed_by = br["claimed_by_masterid"]
                    .as_i64()
                    .map(|id| {
                        report
                            .master_names
                            .get(&id)
                            .cloned()
                            .unwrap_or_else(|| id.to_string())
                    })
                    .unwrap_or_default();
                vec![
                    text(br, "buildrequestid"),
                    text(br, "buildsetid"),
                    text(br, "buildername"),
                    status(br, br["claimed"] == Value::Bool(true)),
                    claimed_by,
                    age(br, "submitted_at"),
                    text(br, "priority"),
                ]
            },
        ),
        Entity::ChangeSource => (&["changesourceid", "name", "master"], &|cs| {
            vec![
                text(cs, "changesourceid"),
                text(cs, "name"),
                cell("name", &cs["master"]["name"]),
            ]
        }),
        Entity::Change => (
            &[
                "changeid", "author", "branch", "revision", "when", "comments",
            ],
            &|ch| {
                let revision: String = ch["revision"]
                    .as_str()
                    .unwrap_or_default()
                    .chars()
                    .take(12)
                    .collect();
                let comments = ch["comments"]
                    .as_str()
                    .unwrap_or_default()
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_string();
                vec![
                    text(ch, "changeid"),
                    text(ch, "author"),
                    text(ch, "branch"),
                    revision,
                    age(ch, "when_timestamp"),
                    comments,
                ]
            },
        ),
    };
    list_table(header.iter().copied(), items.iter().map(row))
}

/// One word: the result's name once complete, else `claimed` or `pending`.
fn status(entity: &Value, claimed: bool) -> String {
    if entity["complete"] == Value::Bool(true) {
        let results = entity["results"].as_i64().unwrap_or(-1);
        return result_name(results).unwrap_or("complete").to_string();
    }
    if claimed { "claimed" } else { "pending" }.to_string()
}

/// `codebase:branch@revision`, leaving out what is empty; revisions cut to
/// 12 characters.
fn short_sourcestamp(ss: &Value) -> String {
    let mut short = String::new();
    if let Some(codebase) = ss["codebase"].as_str().filter(|c| !c.is_empty()) {
        short.push_str(codebase);
        short.push(':');
    }
    short.push_str(ss["branch"].as_str().unwrap_or_default());
    if let Some(revision) = ss["revision"].as_str() {
        short.push('@');
        short.extend(revision.chars().take(12));
    }
    short
}

/// Objects, and lists of objects, get a table of their own.
fn is_nested(value: &Value) -> bool {
    match value {
        Value::Object(_) => true,
        Value::Array(items) => items.first().is_some_and(Value::is_object),
        _ => false,
    }
}

/// One table, a column per field, a row per entity: every field, times
/// absolute.
fn rows_table(items: &[Value]) -> Table {
    let header: Vec<&String> = items[0]
        .as_object()
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    let rows = items.iter().map(|item| {
        header
            .iter()
            .map(|key| cell(key, item.get(key.as_str()).unwrap_or(&Value::Null)))
            .collect()
    });
    list_table(header.iter().map(|k| k.as_str()), rows)
}

/// A list as kubectl and gh print one: a header line, then a line per
/// entity, columns two spaces apart, no borders.
fn list_table<'a>(
    header: impl IntoIterator<Item = &'a str>,
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Table {
    let mut table = Table::new();
    table.load_preset(presets::NOTHING);
    let mut header = Row::from(header.into_iter().collect::<Vec<_>>());
    header.max_height(1);
    table.set_header(header);
    for row in rows {
        table.add_row(row);
    }
    let last = table.column_count().saturating_sub(1);
    for (i, column) in table.column_iter_mut().enumerate() {
        column.set_padding((0, if i == last { 0 } else { 2 }));
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
