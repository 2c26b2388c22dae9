//! The users connector (Buildbot docs 3.8.18), the part changes need:
//! findUserByAttr.

use super::engine::Tx;
use crate::error::Result;
use crate::params;

/// The length of `users.identifier`.
const IDENTIFIER_LENGTH: usize = 255;

/// findUserByAttr: the user with attribute (`attr_type`, `attr_data`), or a
/// new one with that attribute and `identifier` — made unique, if another
/// user has it, by Buildbot's `_2`, `_3`, ... suffixes.
pub fn find_user_by_attr(
    tx: &Tx,
    identifier: &str,
    attr_type: &str,
    attr_data: &str,
) -> Result<i64> {
    let found = tx.query_opt(
        "SELECT uid FROM users_info WHERE attr_type = ?1 AND attr_data = ?2",
        params![attr_type, attr_data],
        |row| row.int(0),
    )?;
    if let Some(uid) = found {
        return Ok(uid);
    }
    let mut identifier = identifier.to_string();
    while tx
        .query_opt(
            "SELECT 1 FROM users WHERE identifier = ?1",
            params![&identifier],
            |_| Ok(()),
        )?
        .is_some()
    {
        identifier = increment_identifier(&identifier, IDENTIFIER_LENGTH);
    }
    let uid = tx.insert(
        "INSERT INTO users (identifier) VALUES (?1) RETURNING uid",
        params![&identifier],
    )?;
    tx.execute(
        "INSERT INTO users_info (uid, attr_type, attr_data) VALUES (?1, ?2, ?3)",
        params![uid, attr_type, attr_data],
    )?;
    Ok(uid)
}

/// Buildbot's `incrementIdentifier`: `name` becomes `name_2`, `name_2`
/// becomes `name_3`, cut to fit `max_length`.
fn increment_identifier(ident: &str, max_length: usize) -> String {
    let (stem, num) = match ident.rsplit_once('_') {
        Some((stem, digits))
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) =>
        {
            (stem, digits.parse::<u128>().unwrap_or(u128::MAX - 1))
        }
        _ => (ident, 1),
    };
    let suffix = format!("_{}", num + 1);
    let keep = max_length.saturating_sub(suffix.chars().count());
    let stem: String = stem.chars().take(keep).collect();
    format!("{stem}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::increment_identifier;

    #[test]
    fn identifiers_increment_as_buildbot_does() {
        assert_eq!(increment_identifier("joe", 255), "joe_2");
        assert_eq!(increment_identifier("joe_2", 255), "joe_3");
        assert_eq!(increment_identifier("joe_x", 255), "joe_x_2");
        assert_eq!(increment_identifier("abcdef", 5), "abc_2");
    }
}
