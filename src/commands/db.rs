//! `bb db init`, `bb db info` and `bb db convert`.

use super::Context;
use crate::cli::db::{ConvertArgs, DbCommand};
use crate::db::running;
use crate::db::schema;
use crate::error::{Error, Result};
use crate::output::Report;

pub fn execute(ctx: &Context, cmd: &DbCommand) -> Result<Report> {
    match cmd {
        DbCommand::Init => {
            let created = schema::init(&ctx.location)?;
            let human = format!(
                "created {} (schema revision {})",
                created.path, created.revision
            );
            Ok(Report::new(created).with_human(human))
        }
        DbCommand::Info => {
            let mut db = ctx.open()?;
            let doc = schema::info(&mut db)?;
            // People read the revision with its releases on one line:
            // `064 (Buildbot 3.10 – 3.11)`.
            let mut human = doc.clone();
            let mut warnings = Vec::new();
            if let Some(fields) = human.as_object_mut() {
                fields.remove("buildbot");
                fields.insert("revision".into(), db.revision().to_string().into());
                // Said on stderr, as `warning:` lines.
                if let Some(serde_json::Value::Array(said)) = fields.remove("warnings") {
                    warnings.extend(
                        said.into_iter()
                            .filter_map(|w| w.as_str().map(String::from)),
                    );
                }
            }
            Ok(Report::new(doc).with_human(human).with_warnings(warnings))
        }
        DbCommand::Convert(args) => convert(ctx, args),
    }
}

#[derive(Debug, serde::Serialize)]
struct Converted {
    converted: Vec<String>,
    already: Vec<String>,
}

/// `bb db convert --storage-engine innodb`: every table of a MySQL/MariaDB
/// database (alembic_version too) not yet InnoDB is altered to it, one at
/// a time, each said on stderr as it starts. Refused while a running master
/// (by the real clock) uses the database, unless `--force`: ALTER TABLE
/// copies the table and blocks its writers while it does.
fn convert(ctx: &Context, args: &ConvertArgs) -> Result<Report> {
    let mut db = ctx.open()?;
    let name = db.name();
    if db.mysql().is_none() {
        return Err(Error::usage(format!(
            "db convert changes the storage engine of MySQL/MariaDB tables; {name} is not a \
             MySQL database"
        )));
    }
    let engine = match args.storage_engine.to_ascii_lowercase().as_str() {
        "innodb" => "InnoDB",
        other => {
            return Err(Error::usage(format!(
                "--storage-engine {other}: only innodb"
            )));
        }
    };
    let now = chrono::Utc::now().timestamp();
    let running = db.read(|tx| running::running_masters(tx, now))?;
    if !running.is_empty() && !args.force {
        let names: Vec<String> = running
            .iter()
            .map(|m| format!("{} (id {})", m.name, m.masterid))
            .collect();
        return Err(Error::conflict(format!(
            "master {} is running on {name}; converting would block it table by table: stop it \
             first (or pass --force); nothing was converted",
            names.join(", ")
        ))
        .with_ids(running.iter().map(|m| m.masterid)));
    }
    let my = db.mysql().expect("checked above");
    let tables = my.table_engines()?;
    let mut done = Converted {
        converted: Vec::new(),
        already: Vec::new(),
    };
    let todo = tables
        .iter()
        .filter(|(_, e)| !e.eq_ignore_ascii_case(engine))
        .count();
    for (table, was) in tables {
        if was.eq_ignore_ascii_case(engine) {
            done.already.push(table);
            continue;
        }
        crate::progress(&format!(
            "converting {table} ({was} to {engine}, {} of {todo})",
            done.converted.len() + 1
        ));
        my.convert_table(&table, engine)?;
        done.converted.push(table);
    }
    let human = format!(
        "converted {} tables to {engine}{}; {} were {engine} already",
        done.converted.len(),
        if done.converted.is_empty() {
            String::new()
        } else {
            format!(" ({})", done.converted.join(", "))
        },
        done.already.len()
    );
    Ok(Report::new(done).with_human(human).with_notes([format!(
        "add storage_engine={engine} to the master's db_url, so that tables Buildbot creates \
         later are {engine} too"
    )]))
}
