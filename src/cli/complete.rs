//! Dynamic shell completion: clap_complete's engine, run by the shell at
//! every TAB through `COMPLETE=<shell> bb -- <words>`, completes flags and
//! commands from the clap definition and builder, master and change source
//! names from the database the words already select (--db, else BB_DB,
//! else ./state.sqlite). Without a database that can be read it offers no
//! names and says nothing: a completion must never print an error.

use std::ffi::{OsStr, OsString};
use std::time::Duration;

use clap_complete::engine::{ArgValueCompleter, CompletionCandidate};
use clap_complete::env::Shells;

use crate::db::resultspec::ResultSpec;
use crate::db::{self, Database, Tx, builders, changesources, masters};
use crate::error::Result;

/// The variable the registration scripts set to ask bb for completions.
const VAR: &str = "COMPLETE";

/// Answer the shell and exit, if it is asking (`COMPLETE` set); else
/// return and let bb run.
pub fn complete_if_asked() {
    clap_complete::CompleteEnv::with_factory(super::command)
        .var(VAR)
        .completer("bb")
        .complete();
}

/// The script a shell sources to complete bb: it calls `bb` (found on
/// PATH) back at each TAB.
pub fn registration(shell: clap_complete::Shell) -> String {
    let mut script = Vec::new();
    Shells::builtins()
        .completer(&shell.to_string())
        .expect("clap_complete registers every shell it names")
        .write_registration(VAR, "bb", "bb", "bb", &mut script)
        .expect("writing to memory cannot fail");
    String::from_utf8_lossy(&script).into_owned()
}

/// BUILDER arguments: the builders' names.
pub fn builders() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        names(current, |db, tx| {
            let query = ResultSpec::default().compile("builder", builders::FIELDS)?;
            let found = builders::get_builders(tx, db, &query)?;
            Ok(found.into_iter().map(|b| b.name).collect())
        })
    })
}

/// MASTER arguments (and --master): the masters' names.
pub fn masters() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        names(current, |_, tx| {
            let query = ResultSpec::default().compile("master", masters::FIELDS)?;
            let found = masters::get_masters(tx, &query)?;
            Ok(found.into_iter().map(|m| m.name).collect())
        })
    })
}

/// CHANGESOURCE arguments: the change sources' names.
pub fn changesources() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        names(current, |_, tx| {
            let query = ResultSpec::default().compile("changesource", changesources::FIELDS)?;
            let found = changesources::get_change_sources(tx, &query)?;
            Ok(found.into_iter().map(|cs| cs.name).collect())
        })
    })
}

/// The names `read` finds that start with `current`; none when the
/// database cannot be read.
fn names(
    current: &OsStr,
    read: impl Fn(db::Capabilities, &Tx) -> Result<Vec<String>>,
) -> Vec<CompletionCandidate> {
    let prefix = current.to_string_lossy();
    let found = open().and_then(|mut db| {
        let caps = db.capabilities();
        db.read(|tx| read(caps, tx))
    });
    found
        .unwrap_or_default()
        .into_iter()
        .filter(|name| name.starts_with(prefix.as_ref()))
        .map(CompletionCandidate::new)
        .collect()
}

/// The database the words being completed select, opened without waiting
/// for locks: a completion must answer at once.
fn open() -> Result<Database> {
    let words: Vec<OsString> = std::env::args_os().skip_while(|arg| arg != "--").collect();
    let location = db::locate(db_flag(&words).as_deref())?;
    Database::open(&location, Duration::from_millis(100))
}

/// The value of `--db` among `words`, as `--db X` or `--db=X`.
fn db_flag(words: &[OsString]) -> Option<String> {
    let words: Vec<String> = words
        .iter()
        .map(|w| w.to_string_lossy().into_owned())
        .collect();
    words.iter().enumerate().rev().find_map(|(i, word)| {
        word.strip_prefix("--db=")
            .map(str::to_string)
            .or_else(|| (word == "--db").then(|| words.get(i + 1).cloned())?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_db_flag() {
        let words = |s: &str| s.split(' ').map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            db_flag(&words("bb --db a.sqlite request list --builder")),
            Some("a.sqlite".into())
        );
        assert_eq!(
            db_flag(&words("bb request list --db=b.sqlite --builder")),
            Some("b.sqlite".into())
        );
        assert_eq!(db_flag(&words("bb request list --builder")), None);
    }
}
