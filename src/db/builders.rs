//! The builders connector (Buildbot docs 3.8.3): findBuilderId and
//! getBuilders.

use std::collections::HashMap;

use serde::Serialize;

use super::engine::{Done, Row, Stmt, Tx, Value};
use super::hash_columns;
use super::resultspec::{Field, Query, Type};
use super::revisions::Capabilities;
use crate::error::{Error, Result};
use crate::params;
use crate::values::NameOrId;

/// A builder as the REST API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Builder {
    pub builderid: i64,
    pub name: String,
    pub masterids: Vec<i64>,
    pub description: Option<String>,
    pub description_format: Option<String>,
    pub description_html: Option<String>,
    pub projectid: Option<i64>,
    pub tags: Vec<String>,
}

/// The builder's own columns plus its masters (ascending, as getBuilders
/// orders them) and tag names, each gathered by an indexed subquery. Before
/// 060/061 the project and description format columns read as null.
fn select(caps: Capabilities) -> String {
    format!(
        "SELECT b.id, b.name, b.description, b.description_format, b.description_html, b.projectid, \
         (SELECT json_group_array(masterid) FROM \
            (SELECT masterid FROM builder_masters WHERE builderid = b.id ORDER BY masterid) AS bm), \
         (SELECT json_group_array(name) FROM \
            (SELECT tags.name FROM builders_tags JOIN tags ON tags.id = builders_tags.tagid \
             WHERE builders_tags.builderid = b.id ORDER BY builders_tags.id) AS bt) \
         FROM {} AS b",
        caps.table("builders")
    )
}

fn from_row(row: &Row) -> Result<Builder> {
    let json_list = |i: usize| -> Result<serde_json::Value> {
        let text = row.text(i)?;
        serde_json::from_str(&text)
            .map_err(|err| Error::failure(format!("a builder's list is not JSON ({err}): {text}")))
    };
    let masterids = json_list(6)?
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_i64())
        .collect();
    let tags = json_list(7)?
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    Ok(Builder {
        builderid: row.int(0)?,
        name: row.text(1)?,
        description: row.opt_text(2)?,
        description_format: row.opt_text(3)?,
        description_html: row.opt_text(4)?,
        projectid: row.opt_int(5)?,
        masterids,
        tags,
    })
}

/// The builder entity's fields, for the result spec.
pub const FIELDS: &[Field] = &[
    Field::new("builderid", "b.id", Type::Integer),
    Field::new("name", "b.name", Type::Text),
    Field::new("masterids", "NULL", Type::Composite),
    Field::new("description", "b.description", Type::Text),
    Field::new("description_format", "b.description_format", Type::Text),
    Field::new("description_html", "b.description_html", Type::Text),
    Field::new("projectid", "b.projectid", Type::Integer),
    Field::new("tags", "NULL", Type::Composite),
];

/// getBuilders, filtered, ordered and paged by `query`.
pub fn get_builders(tx: &Tx, caps: Capabilities, query: &Query) -> Result<Vec<Builder>> {
    query.fetch(tx, &select(caps), from_row)
}

/// getBuilder.
pub fn get_builder(tx: &Tx, caps: Capabilities, builderid: i64) -> Result<Option<Builder>> {
    tx.query_opt(
        &format!("{} WHERE b.id = ?1", select(caps)),
        params![builderid],
        from_row,
    )
}

/// The id of the builder with that name, if any.
pub fn builder_id_by_name(tx: &Tx, name: &str) -> Result<Option<i64>> {
    tx.query_opt(
        "SELECT id FROM builders WHERE name_hash = ?1",
        params![hash_columns(&[Some(name)])],
        |row| row.int(0),
    )
}

/// The ids of the builders of these names that exist, by name: one
/// statement however many names.
pub fn ids_by_name(tx: &Tx, names: &[&str]) -> Result<HashMap<String, i64>> {
    ids_by_name_from(tx.batch(&[ids_by_name_stmt(names)])?.pop())
}

/// The statement of [`ids_by_name`], to send with others; read by
/// [`ids_by_name_from`].
pub fn ids_by_name_stmt(names: &[&str]) -> Stmt<'static> {
    let hashes: Vec<String> = names.iter().map(|n| hash_columns(&[Some(n)])).collect();
    Stmt::query(
        "SELECT id, name FROM builders WHERE name_hash IN (SELECT value FROM json_each(?1))",
        vec![Value::Texts(hashes)],
    )
}

/// The ids [`ids_by_name_stmt`] found, by name.
pub fn ids_by_name_from(answer: Option<Done>) -> Result<HashMap<String, i64>> {
    Done::read_all(answer, |row| Ok((row.text(1)?, row.int(0)?)))
}

/// The names of the builders with these ids that exist, by id: one
/// statement however many ids.
pub fn names_by_id(tx: &Tx, ids: &[i64]) -> Result<HashMap<i64, String>> {
    names_by_id_from(tx.batch(&[names_by_id_stmt(ids)])?.pop())
}

/// The statement of [`names_by_id`], to send with others; read by
/// [`names_by_id_from`].
pub fn names_by_id_stmt(ids: &[i64]) -> Stmt<'static> {
    super::names_stmt("builders", ids)
}

/// The names [`names_by_id_stmt`] found, by id.
pub fn names_by_id_from(answer: Option<Done>) -> Result<HashMap<i64, String>> {
    super::names_from(answer)
}

/// A builder named by id or name, which must exist (exit 4 otherwise):
/// one statement, by its id or its name's hash.
pub fn lookup(tx: &Tx, caps: Capabilities, builder: &NameOrId) -> Result<Builder> {
    let (column, key) = key(builder);
    tx.query_opt(
        &format!("{} WHERE b.{column} = ?1", select(caps)),
        &[key],
        from_row,
    )?
    .ok_or_else(|| builder.not_found("builder"))
}

/// The column of `builders` that finds the builder `spec` names, and its
/// value.
fn key(spec: &NameOrId) -> (&'static str, Value) {
    match spec {
        NameOrId::Id(id) => ("id", Value::Int(*id)),
        NameOrId::Name(name) => ("name_hash", hash_columns(&[Some(name)]).into()),
    }
}

/// The statement that finds the id of the builder `spec` names, to send
/// with others; read by [`id_from`].
pub fn id_stmt(spec: &NameOrId) -> Stmt<'static> {
    let (column, key) = key(spec);
    Stmt::query(
        format!("SELECT id FROM builders WHERE {column} = ?1"),
        vec![key],
    )
}

/// The id [`id_stmt`] found; exit 4 if none.
pub fn id_from(answer: Option<Done>, spec: &NameOrId) -> Result<i64> {
    match Done::rows_of(answer).first() {
        Some(row) => row.int(0),
        None => Err(spec.not_found("builder")),
    }
}

/// findBuilderId: the id of the builder of that name, created if new.
/// Returns the id and whether it was created.
pub fn find_builder_id(tx: &Tx, name: &str) -> Result<(i64, bool)> {
    if let Some(id) = builder_id_by_name(tx, name)? {
        return Ok((id, false));
    }
    let insert = insert_stmt(name);
    Ok((tx.insert(&insert.sql, &insert.params)?, true))
}

/// The statement that creates the builder `name`, returning its id.
pub fn insert_stmt(name: &str) -> Stmt<'static> {
    Stmt::query(
        "INSERT INTO builders (name, name_hash) VALUES (?1, ?2) RETURNING id",
        params![name, hash_columns(&[Some(name)])].to_vec(),
    )
}
