//! `bb db init`, `bb db info`, `bb db convert` and `bb db vacuum`.

use super::Context;
use crate::cli::db::{ConvertArgs, DbCommand};
use crate::db::engine::EngineKind;
use crate::db::schema;
use crate::db::{Location, running};
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
        DbCommand::Vacuum { force } => vacuum(ctx, *force),
    }
}

#[derive(Debug, serde::Serialize)]
struct Vacuumed {
    before_bytes: i64,
    after_bytes: i64,
}

/// `bb db vacuum`: the space of deleted rows given back. SQLite's VACUUM
/// and MySQL's OPTIMIZE TABLE hold the database (or each table) for their
/// whole run: refused while a running master (by the real clock) uses it,
/// unless `--force`. PostgreSQL's VACUUM blocks no writer: never refused.
/// SQLite's needs free disk about the size of the database: checked first.
fn vacuum(ctx: &Context, force: bool) -> Result<Report> {
    let mut db = ctx.open()?;
    let name = db.name();
    if db.engine_kind() != EngineKind::Postgresql && !force {
        let now = chrono::Utc::now().timestamp();
        let running = db.read(|tx| running::running_masters(tx, now))?;
        running::refuse_while_running(
            &running,
            now,
            &format!("vacuuming would block it for the whole run on {name}; nothing was done"),
        )?;
    }
    let before_bytes = db.size_bytes()?;
    if let Location::Sqlite(path) = &db.location {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        let free = free_bytes(&dir)?;
        if free < before_bytes {
            return Err(Error::failure(format!(
                "VACUUM of {name} needs about {} of free disk beside it, and {} has {}: {} \
                 missing; nothing was done",
                bytes(before_bytes),
                dir.display(),
                bytes(free),
                bytes(before_bytes - free)
            )));
        }
    }
    db.vacuum()?;
    let done = Vacuumed {
        before_bytes,
        after_bytes: db.size_bytes()?,
    };
    let human = format!(
        "{name}: {} before, {} after",
        bytes(done.before_bytes),
        bytes(done.after_bytes)
    );
    Ok(Report::new(done).with_human(human))
}

/// The bytes free for this user on the file system holding `dir`.
fn free_bytes(dir: &std::path::Path) -> Result<i64> {
    use std::os::unix::ffi::OsStrExt;
    let c_dir = std::ffi::CString::new(dir.as_os_str().as_bytes())
        .map_err(|_| Error::failure(format!("{}: a path with a NUL byte", dir.display())))?;
    let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: a NUL-terminated path and a statvfs to fill, both ours.
    if unsafe { libc::statvfs(c_dir.as_ptr(), &mut stat) } != 0 {
        return Err(Error::failure(format!(
            "cannot read the free space of {}: {}",
            dir.display(),
            std::io::Error::last_os_error()
        )));
    }
    Ok(i64::try_from(stat.f_bavail as u128 * stat.f_frsize as u128).unwrap_or(i64::MAX))
}

/// A size for people: `512 B`, `3.2 MiB`.
fn bytes(n: i64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut size = n as f64 / 1024.0;
    let mut unit = 0;
    while size >= 1024.0 && unit + 1 < UNITS.len() {
        size /= 1024.0;
        unit += 1;
    }
    format!("{size:.1} {}", UNITS[unit])
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
