//! The only place that writes to stdout: a command's result as one JSON
//! document, or for people — lists and write results as borderless
//! tables, one entity as `field: value` lines — rendered from the same
//! value.

mod columns;
mod fields;
pub mod metrics;
mod table;

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

use columns::{Lookup, cut_of};

use crate::values::result_name;

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
    Build,
    Worker,
    /// `bb queue`'s rows: a builder's waiting and running work.
    Queue,
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
            Entity::Build => "builds",
            Entity::Worker => "workers",
            Entity::Queue => "builders with incomplete work",
        }
    }
}

/// What a command hands back to be printed.
pub struct Report {
    /// The document printed by `--json`.
    pub doc: Value,
    /// What is printed for people, if it differs from `doc`.
    pub human: Option<Value>,
    /// What people see of a write: what it changed, each part as its
    /// entity's list shows it, one table after another.
    pub tables: Vec<Section>,
    /// Said on stderr when a write changed nothing (every table empty).
    pub unchanged: Option<String>,
    /// What the document lists, if it is a list of entities.
    pub entity: Option<Entity>,
    /// `--field`: tables and JSON show exactly these fields.
    pub fields: Vec<String>,
    /// The "now" that ages count from (`--at`, else the clock).
    pub now: Option<i64>,
    /// Master names by id, for the `claimed_by` column of request tables.
    pub master_names: BTreeMap<i64, String>,
    /// Builder and worker names by id, for build tables.
    pub builder_names: BTreeMap<i64, String>,
    pub worker_names: BTreeMap<i64, String>,
    /// Printed as is, whatever the output format (completion scripts).
    pub raw: Option<String>,
    /// Printed even with `--quiet` (a monitoring plugin's line).
    pub loud: bool,
    /// The exit code of a command that succeeded (a plugin's status).
    pub code: u8,
    /// Lines for stderr that `--quiet` silences (`note: ...`).
    pub notes: Vec<String>,
    /// Notes about what people see, which `--json` tells in its document
    /// (`dry run: nothing was written`): left out with `--json` too.
    pub human_notes: Vec<String>,
    /// Lines for stderr about something that went wrong beside a write
    /// that stands (`warning: ...`), printed even with `--quiet`.
    pub warnings: Vec<String>,
}

/// One table of a write's result: entities in their usual columns (and
/// `extra` ones after them), or, without an entity, every field.
pub struct Section {
    /// A line naming what the table shows, when its columns do not.
    pub title: Option<String>,
    pub entity: Option<Entity>,
    pub items: Vec<Value>,
    pub extra: Vec<&'static str>,
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
            tables: Vec::new(),
            unchanged: None,
            entity: None,
            fields: Vec::new(),
            now: None,
            master_names: BTreeMap::new(),
            builder_names: BTreeMap::new(),
            worker_names: BTreeMap::new(),
            raw: None,
            loud: false,
            code: 0,
            notes: Vec::new(),
            human_notes: Vec::new(),
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

    /// A monitoring plugin's status line, printed whatever the output
    /// flags, and its exit code.
    pub fn plugin(line: impl Into<String>, code: u8) -> Report {
        Report {
            loud: true,
            code,
            ..Report::text(line)
        }
    }

    /// Keep only `fields` of each entity, in that order (`--field`); the
    /// entity's derived columns (`status`, ...) are among them.
    pub fn select(mut self, fields: &[&str]) -> Report {
        self.fields = fields.iter().map(|f| f.to_string()).collect();
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

    /// Builder and worker names by id, for build tables.
    pub fn with_names(
        mut self,
        builders: BTreeMap<i64, String>,
        workers: BTreeMap<i64, String>,
    ) -> Report {
        self.builder_names = builders;
        self.worker_names = workers;
        self
    }

    pub fn with_human(mut self, human: impl Serialize) -> Report {
        self.human = Some(to_value(human));
        self
    }

    /// For people, `items` in the usual columns of `entity`, after what is
    /// already there (a write prints what it changed as lists print it).
    pub fn with_table(self, entity: Entity, items: impl Serialize) -> Report {
        self.with_columns(entity, items, &[])
    }

    /// [`Report::with_table`] with `extra` columns after the usual ones
    /// (`housekeeping`).
    pub fn with_columns(
        mut self,
        entity: Entity,
        items: impl Serialize,
        extra: &[&'static str],
    ) -> Report {
        self.tables.push(Section {
            title: None,
            entity: Some(entity),
            items: to_list(items),
            extra: extra.to_vec(),
        });
        self
    }

    /// What stderr says when every table is empty (`no masters expired`),
    /// or a list for people is (`no properties`).
    pub fn unchanged(mut self, message: impl Into<String>) -> Report {
        self.unchanged = Some(message.into());
        self
    }

    pub fn with_notes(mut self, notes: impl IntoIterator<Item = String>) -> Report {
        self.notes.extend(notes);
        self
    }

    pub fn with_human_notes(mut self, notes: impl IntoIterator<Item = String>) -> Report {
        self.human_notes.extend(notes);
        self
    }

    pub fn with_warnings(mut self, warnings: impl IntoIterator<Item = String>) -> Report {
        self.warnings.extend(warnings);
        self
    }

    /// Add `key` to the document, and to what people see: a field of an
    /// object, or a table of its own after a write's tables.
    pub fn with_field(mut self, key: &str, value: impl Serialize) -> Report {
        let value = to_value(value);
        if !self.tables.is_empty() {
            if let Value::Array(items) = &value {
                self.tables.push(Section {
                    title: Some(format!("{key}:")),
                    entity: None,
                    items: items.clone(),
                    extra: Vec::new(),
                });
            }
        } else if let Some(Value::Object(map)) = &mut self.human {
            map.insert(key.to_string(), value.clone());
        }
        if let Value::Object(map) = &mut self.doc {
            map.insert(key.to_string(), value);
        }
        self
    }

    fn lookup(&self) -> Lookup<'_> {
        Lookup {
            now: self.now.unwrap_or_else(|| chrono::Utc::now().timestamp()),
            master_names: &self.master_names,
            builder_names: &self.builder_names,
            worker_names: &self.worker_names,
        }
    }

    /// The document as printed: with `--field`, each entity cut down to
    /// (and derived columns added as) the fields asked for.
    fn selected(&self) -> Value {
        match (self.entity, &self.doc) {
            (Some(entity), Value::Array(items)) if !self.fields.is_empty() => {
                let lookup = self.lookup();
                items
                    .iter()
                    .map(|item| columns::select(entity, item, &self.fields, &lookup))
                    .collect()
            }
            _ => self.doc.clone(),
        }
    }
}

fn to_value(doc: impl Serialize) -> Value {
    // Our structs only hold strings, numbers, bools and maps with string keys.
    serde_json::to_value(doc).expect("command results serialise to JSON")
}

fn to_list(items: impl Serialize) -> Vec<Value> {
    match to_value(items) {
        Value::Array(items) => items,
        Value::Null => Vec::new(),
        one => vec![one],
    }
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
        for note in report.human_notes.iter().filter(|_| !style.json) {
            writeln!(err, "note: {note}")?;
        }
    }
    if let Some(text) = &report.raw {
        if !style.quiet || report.loud {
            out.write_all(text.as_bytes())?;
        }
    } else if style.json {
        serde_json::to_writer_pretty(&mut *out, &report.selected())?;
        writeln!(out)?;
    } else if style.quiet {
        // Nothing for people: cron mails only what failed.
    } else if !report.tables.is_empty() {
        write_tables(report, style, out, err)?;
    } else if let (Some(entity), Value::Array(items)) = (report.entity, &report.doc) {
        if items.is_empty() {
            writeln!(err, "no {}", entity.plural())?;
        } else if report.fields.is_empty() && !style.wide {
            let width = style.width.map(usize::from);
            writeln!(out, "{}", usual_table(entity, items, &[], report, width))?;
        } else {
            // Asked for whole: never cut.
            if let Value::Array(items) = report.selected() {
                writeln!(out, "{}", rows_table(&items, None))?;
            }
        }
    } else {
        let shown = report.human.as_ref().unwrap_or(&report.doc);
        if let (Value::Array(items), Some(message)) = (shown, &report.unchanged)
            && items.is_empty()
        {
            writeln!(err, "{message}")?;
        }
        render(shown, style, out)?;
    }
    out.flush()
}

/// A write's tables, a blank line apart, leaving out those with nothing in
/// them; when all are empty, stderr says nothing changed.
fn write_tables(
    report: &Report,
    style: &Style,
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<()> {
    let width = style.width.map(usize::from);
    let mut first = true;
    for section in report.tables.iter().filter(|s| !s.items.is_empty()) {
        if !first {
            writeln!(out)?;
        }
        first = false;
        if let Some(title) = &section.title {
            writeln!(out, "{title}")?;
        }
        let table = match section.entity {
            Some(entity) => usual_table(entity, &section.items, &section.extra, report, width),
            None => rows_table(&section.items, width),
        };
        writeln!(out, "{table}")?;
    }
    if first && let Some(message) = &report.unchanged {
        writeln!(err, "{message}")?;
    }
    Ok(())
}

/// A value for people: an object as `field: value` lines, a list of
/// objects as a table, anything else as its text.
fn render(value: &Value, style: &Style, out: &mut impl Write) -> io::Result<()> {
    match value {
        Value::Array(items) if items.is_empty() => Ok(()),
        Value::Array(items) if items.iter().all(Value::is_object) => {
            let width = style.width.map(usize::from);
            writeln!(out, "{}", rows_table(items, width))
        }
        Value::Object(map) => {
            for line in fields::lines(map, 0) {
                writeln!(out, "{line}")?;
            }
            Ok(())
        }
        other => writeln!(out, "{}", cell("", other)),
    }
}

/// An entity's usual columns, as CLI.md lists them: short, one-word
/// status, ages; fitted to `width` if given.
fn usual_table(
    entity: Entity,
    items: &[Value],
    extra: &[&str],
    report: &Report,
    width: Option<usize>,
) -> String {
    let lookup = report.lookup();
    let header: Vec<&str> = entity.columns().iter().chain(extra).copied().collect();
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| {
            header
                .iter()
                .map(|column| columns::usual_cell(entity, column, item, &lookup))
                .collect()
        })
        .collect();
    let cuts: Vec<_> = header.iter().map(|column| cut_of(column)).collect();
    table::render(&header, &cuts, &rows, width)
}

/// One table, a column per field, a row per entity: every field, times
/// absolute; fitted to `width` if given.
fn rows_table(items: &[Value], width: Option<usize>) -> String {
    let header: Vec<&str> = items[0]
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| {
            header
                .iter()
                .map(|key| cell(key, item.get(*key).unwrap_or(&Value::Null)))
                .collect()
        })
        .collect();
    let cuts: Vec<_> = header.iter().map(|column| cut_of(column)).collect();
    table::render(&header, &cuts, &rows, width)
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
