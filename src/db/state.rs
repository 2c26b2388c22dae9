//! The state connector (Buildbot docs 3.8.17): objects named by
//! (name, class name) and the JSON values they keep in `object_state`.

use serde_json::Value;

use super::engine::Tx;
use super::hash_columns;
use crate::error::{Error, Result};
use crate::params;

/// The length of `objects.name`; longer names are shortened as Buildbot's
/// `ensureLength` does.
const OBJECT_NAME_LENGTH: usize = 128;

/// Buildbot's `ensureLength`: a value longer than the column keeps its first
/// half and gains (up to) that many characters of its sha1 in hex.
fn ensure_length(value: &str, length: usize) -> String {
    if value.chars().count() <= length {
        return value.to_string();
    }
    let half = length / 2;
    // The sha1 of one value in hex: what hash_columns gives for it alone.
    let digest = hash_columns(&[Some(value)]);
    let head: String = value.chars().take(half).collect();
    format!("{head}{}", &digest[..half.min(digest.len())])
}

/// The id of the object (`name`, `class_name`), if it exists.
pub fn find_object_id(tx: &Tx, name: &str, class_name: &str) -> Result<Option<i64>> {
    let name = ensure_length(name, OBJECT_NAME_LENGTH);
    tx.query_opt(
        "SELECT id FROM objects WHERE name = ?1 AND class_name = ?2",
        params![name, class_name],
        |row| row.int(0),
    )
}

/// getObjectId: the object (`name`, `class_name`), created if new.
pub fn get_object_id(tx: &Tx, name: &str, class_name: &str) -> Result<i64> {
    if let Some(id) = find_object_id(tx, name, class_name)? {
        return Ok(id);
    }
    tx.insert(
        "INSERT INTO objects (name, class_name) VALUES (?1, ?2) RETURNING id",
        params![ensure_length(name, OBJECT_NAME_LENGTH), class_name],
    )
}

/// getState: the value `name` of object `objectid`, if set.
pub fn get_state(tx: &Tx, objectid: i64, name: &str) -> Result<Option<Value>> {
    let stored = tx.query_opt(
        "SELECT value_json FROM object_state WHERE objectid = ?1 AND name = ?2",
        params![objectid, name],
        |row| row.text(0),
    )?;
    stored
        .map(|json| {
            serde_json::from_str(&json).map_err(|err| {
                Error::failure(format!(
                    "state {name:?} of object {objectid} is not valid JSON ({err}): {json}"
                ))
            })
        })
        .transpose()
}

/// setState: replace the value `name` of object `objectid`.
pub fn set_state(tx: &Tx, objectid: i64, name: &str, value: &Value) -> Result<()> {
    tx.execute(
        "INSERT INTO object_state (objectid, name, value_json) VALUES (?1, ?2, ?3) \
         ON CONFLICT (objectid, name) DO UPDATE SET value_json = excluded.value_json",
        params![objectid, name, value.to_string()],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::ensure_length;

    #[test]
    fn long_names_are_shortened_as_buildbot_does() {
        assert_eq!(ensure_length("short", 128), "short");
        let long = "x".repeat(200);
        // "x" * 64 + hashlib.sha1(b"x" * 200).hexdigest()[:64]
        let expected = format!("{}94218caae9904e93a3d7bf578bf4791926fc5e82", "x".repeat(64));
        assert_eq!(ensure_length(&long, 128), expected);
    }
}
