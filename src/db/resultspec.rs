//! The REST API's result spec (filters, order, limit, offset, fields),
//! compiled into SQL against an entity's field table: WHERE, ORDER BY,
//! LIMIT and OFFSET with bound parameters, so a list never loads more rows
//! than it prints.

use super::engine::{Row, Stmt, Tx, Value};

use crate::error::{Error, Result};

/// How a field's values are typed, for parsing filter values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    Integer,
    Text,
    Boolean,
    /// Epoch seconds; filter values may also be RFC 3339.
    Time,
    /// A result code; filter values may also be names (`success`).
    Results,
    /// Lists and objects: selectable, never filtered or ordered on.
    Composite,
    /// A word a table shows in place of several fields (`status`): one of
    /// these, compared with eq, ne, in and notin; ordered by the word.
    Word(&'static [&'static str]),
    /// An age a table shows (`submitted`), counted from `--at`: selectable,
    /// but filtered and ordered on through the time field it is the age of.
    Age(&'static str),
    /// A column a table shows computed from several fields (a build's
    /// `duration`, the names of a worker's masters): selectable only.
    Shown,
}

/// The `status` words of an incomplete buildset, and of a complete one,
/// as tables show them.
pub const BUILDSET_STATUSES: &[&str] = &[
    "pending",
    "success",
    "warnings",
    "failure",
    "skipped",
    "exception",
    "retry",
    "cancelled",
    "complete",
];

/// The `status` words of a build request: a buildset's and `claimed`.
pub const REQUEST_STATUSES: &[&str] = &[
    "pending",
    "claimed",
    "success",
    "warnings",
    "failure",
    "skipped",
    "exception",
    "retry",
    "cancelled",
    "complete",
];

/// SQL for the name of the result in column `$results` (Buildbot's codes,
/// `values::RESULT_NAMES`); `complete` for a code without a name.
#[macro_export]
macro_rules! results_case {
    ($results:literal) => {
        concat!(
            "CASE ",
            $results,
            " WHEN 0 THEN 'success' WHEN 1 THEN 'warnings' WHEN 2 THEN 'failure' \
             WHEN 3 THEN 'skipped' WHEN 4 THEN 'exception' WHEN 5 THEN 'retry' \
             WHEN 6 THEN 'cancelled' ELSE 'complete' END"
        )
    };
}

/// One field of an entity: its REST name, the SQL expression that yields it
/// in the entity's list query, and its type.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub sql: &'static str,
    pub ty: Type,
}

impl Field {
    pub const fn new(name: &'static str, sql: &'static str, ty: Type) -> Field {
        Field { name, sql, ty }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Contains,
    In,
    NotIn,
}

const OPS: &[(&str, Op)] = &[
    ("eq", Op::Eq),
    ("ne", Op::Ne),
    ("lt", Op::Lt),
    ("le", Op::Le),
    ("gt", Op::Gt),
    ("ge", Op::Ge),
    ("contains", Op::Contains),
    ("in", Op::In),
    ("notin", Op::NotIn),
];

/// `--filter FIELD__OP=VALUE` (or `FIELD=VALUE` for eq), as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub field: String,
    pub op: Op,
    pub value: String,
}

/// Parse the syntax of a `--filter` expression; the field is checked later
/// against the entity.
pub fn parse_filter(s: &str) -> std::result::Result<Filter, String> {
    let (lhs, value) = s
        .split_once('=')
        .ok_or_else(|| format!("'{s}' is not a filter: write FIELD__OP=VALUE or FIELD=VALUE"))?;
    let (field, op) = match lhs.rsplit_once("__") {
        Some((field, op)) => {
            let op = OPS
                .iter()
                .find(|(name, _)| *name == op)
                .map(|(_, op)| *op)
                .ok_or_else(|| {
                    let names: Vec<_> = OPS.iter().map(|(name, _)| *name).collect();
                    format!(
                        "unknown filter operator '{op}' in '{s}': use one of {}",
                        names.join(", ")
                    )
                })?;
            (field, op)
        }
        None => (lhs, Op::Eq),
    };
    if field.is_empty() {
        return Err(format!("'{s}' names no field: write FIELD__OP=VALUE"));
    }
    Ok(Filter {
        field: field.to_string(),
        op,
        value: value.to_string(),
    })
}

/// `--order [-]FIELD`, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub field: String,
    pub descending: bool,
}

pub fn parse_order(s: &str) -> std::result::Result<Order, String> {
    let (field, descending) = match s.strip_prefix('-') {
        Some(field) => (field, true),
        None => (s, false),
    };
    if field.is_empty() {
        return Err("--order needs a field name, e.g. --order=-submitted_at".to_string());
    }
    Ok(Order {
        field: field.to_string(),
        descending,
    })
}

/// The result spec given on the command line.
#[derive(Debug, Clone, Default)]
pub struct ResultSpec {
    pub filters: Vec<Filter>,
    pub order: Vec<Order>,
    pub limit: Option<u64>,
    pub offset: Option<u64>,
    pub fields: Vec<String>,
}

/// A result spec checked against an entity and turned into SQL.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Conditions ANDed into the WHERE clause, with their parameters.
    conditions: Vec<String>,
    params: Vec<Value>,
    /// `ORDER BY` terms, ending with the id so that order is total: each
    /// expression, whether it is text, and its direction.
    order_by: Vec<(&'static str, bool, &'static str)>,
    /// LIMIT and OFFSET, if any (no limit is i64::MAX, which every engine
    /// takes).
    limit: Option<(i64, i64)>,
    /// The fields to print, in the order asked; empty means all.
    pub fields: Vec<&'static str>,
}

impl Query {
    /// Add a condition the command itself imposes (`--active`, `--builder`).
    pub fn and(&mut self, condition: impl Into<String>, params: impl IntoIterator<Item = Value>) {
        self.conditions.push(condition.into());
        self.params.extend(params);
    }

    /// The whole statement for `select` (a SELECT ... FROM ... without
    /// WHERE) and its parameters.
    pub fn statement(&self, select: &str) -> (String, Vec<Value>) {
        self.statement_with(select, &|expr| expr.to_string())
    }

    /// [`Query::statement`], texts ordered by `bytewise(expr)`.
    fn statement_with(
        &self,
        select: &str,
        bytewise: &dyn Fn(&str) -> String,
    ) -> (String, Vec<Value>) {
        let mut sql = select.to_string();
        if !self.conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&self.conditions.join(" AND "));
        }
        let terms: Vec<String> = self
            .order_by
            .iter()
            .map(|&(expr, text, direction)| match text {
                true => format!("{} {direction}", bytewise(expr)),
                false => format!("{expr} {direction}"),
            })
            .collect();
        if !terms.is_empty() {
            sql.push_str(" ORDER BY ");
            sql.push_str(&terms.join(", "));
        }
        let mut params = self.params.clone();
        if let Some((limit, offset)) = self.limit {
            sql.push_str(" LIMIT ? OFFSET ?");
            params.extend([Value::Int(limit), Value::Int(offset)]);
        }
        (sql, params)
    }

    /// Run the statement for `select` and read each row with `from_row`.
    pub fn fetch<T>(
        &self,
        tx: &Tx,
        select: &str,
        from_row: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        self.fetch_with(tx, select, Vec::new(), from_row)
    }

    /// [`Query::fetch`] of a `select` that has placeholders of its own,
    /// bound to `select_params` (before the conditions' parameters).
    pub fn fetch_with<T>(
        &self,
        tx: &Tx,
        select: &str,
        select_params: Vec<Value>,
        from_row: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        let stmt = self.stmt_with(tx, select, select_params);
        tx.query(&stmt.sql, &stmt.params, from_row)
    }

    /// The statement [`Query::fetch_with`] runs, to send with others.
    pub fn stmt_with(&self, tx: &Tx, select: &str, select_params: Vec<Value>) -> Stmt<'static> {
        let (sql, params) = self.statement_with(select, &|expr| tx.bytewise(expr));
        let params: Vec<Value> = select_params.into_iter().chain(params).collect();
        Stmt::query(sql, params)
    }
}

impl ResultSpec {
    /// Check every field and value against `fields` (the first is the id)
    /// and compile. `entity` names the entity in errors ("masters").
    pub fn compile(&self, entity: &str, fields: &'static [Field]) -> Result<Query> {
        let lookup = |name: &str, purpose: &str| -> Result<&'static Field> {
            let field = fields.iter().find(|f| f.name == name).ok_or_else(|| {
                let names: Vec<_> = fields.iter().map(|f| f.name).collect();
                Error::usage(format!(
                    "unknown {entity} field '{name}': valid fields are {}",
                    names.join(", ")
                ))
            })?;
            if purpose == "selected" {
                return Ok(field);
            }
            match field.ty {
                Type::Composite => Err(Error::usage(format!(
                    "{entity} field '{name}' is a list or object and cannot be {purpose}"
                ))),
                Type::Age(time) => Err(Error::usage(format!(
                    "{entity} column '{name}' is an age, as tables show it, and cannot be \
                     {purpose}: use {time}"
                ))),
                Type::Shown => Err(Error::usage(format!(
                    "{entity} column '{name}' is computed for tables and cannot be {purpose}"
                ))),
                _ => Ok(field),
            }?;
            Ok(field)
        };
        let mut query = Query::default();
        for filter in &self.filters {
            let field = lookup(&filter.field, "filtered on")?;
            let (condition, params) = condition(field, filter)?;
            query.conditions.push(condition);
            query.params.extend(params);
        }
        let id = &fields[0];
        let mut terms = Vec::new();
        for order in &self.order {
            let field = lookup(&order.field, "ordered on")?;
            // NULLs sort first ascending, last descending, as SQLite
            // sorts them, on every engine.
            terms.push((
                field.sql,
                field.ty == Type::Text,
                if order.descending {
                    "DESC NULLS LAST"
                } else {
                    "ASC NULLS FIRST"
                },
            ));
        }
        if !self.order.iter().any(|o| o.field == id.name) {
            terms.push((id.sql, false, "ASC"));
        }
        query.order_by = terms;
        if self.limit.is_some() || self.offset.is_some() {
            let clamp = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
            query.limit = Some((
                self.limit.map_or(i64::MAX, clamp),
                self.offset.map_or(0, clamp),
            ));
        }
        for name in &self.fields {
            let field = lookup(name, "selected")?;
            if !query.fields.contains(&field.name) {
                query.fields.push(field.name);
            }
        }
        Ok(query)
    }
}

/// One filter as SQL with its parameters.
fn condition(field: &Field, filter: &Filter) -> Result<(String, Vec<Value>)> {
    let expr = field.sql;
    let bad = |why: &str| Error::usage(format!("--filter {}: {why}", describe(filter)));
    if let Type::Word(_) = field.ty
        && !matches!(filter.op, Op::Eq | Op::Ne | Op::In | Op::NotIn)
    {
        return Err(bad(&format!("'{}' takes eq, ne, in or notin", field.name)));
    }
    if filter.value == "null" {
        return match filter.op {
            Op::Eq => Ok((format!("{expr} IS NULL"), vec![])),
            Op::Ne => Ok((format!("{expr} IS NOT NULL"), vec![])),
            _ => Err(bad("null can only be compared with eq or ne")),
        };
    }
    if filter.op == Op::Contains {
        if field.ty != Type::Text {
            return Err(bad("contains works only on text fields"));
        }
        return Ok((
            format!("instr({expr}, ?) > 0"),
            vec![Value::Text(filter.value.clone())],
        ));
    }
    if matches!(filter.op, Op::In | Op::NotIn) {
        let values = filter
            .value
            .split(',')
            .map(|v| typed(field, v))
            .collect::<Result<Vec<_>>>()?;
        let marks = vec!["?"; values.len()].join(", ");
        let sql = if filter.op == Op::In {
            format!("{expr} IN ({marks})")
        } else {
            format!("({expr} IS NULL OR {expr} NOT IN ({marks}))")
        };
        return Ok((sql, values));
    }
    let value = typed(field, &filter.value)?;
    let sql = match filter.op {
        Op::Eq => format!("{expr} = ?"),
        // NULL is not equal to any value, so ne keeps NULL rows.
        Op::Ne => format!("{expr} IS NOT ?"),
        Op::Lt => format!("{expr} < ?"),
        Op::Le => format!("{expr} <= ?"),
        Op::Gt => format!("{expr} > ?"),
        Op::Ge => format!("{expr} >= ?"),
        Op::Contains | Op::In | Op::NotIn => unreachable!("handled above"),
    };
    Ok((sql, vec![value]))
}

/// A filter value as the field's type.
fn typed(field: &Field, raw: &str) -> Result<Value> {
    let bad =
        |what: &str| Error::usage(format!("field '{}' takes {what}, not '{raw}'", field.name));
    match field.ty {
        Type::Integer => raw.parse().map(Value::Int).map_err(|_| bad("an integer")),
        Type::Boolean => match raw {
            "true" => Ok(Value::Int(1)),
            "false" => Ok(Value::Int(0)),
            _ => Err(bad("true or false")),
        },
        Type::Time => crate::values::parse_time(raw)
            .map(Value::Int)
            .map_err(|_| bad("epoch seconds or RFC 3339")),
        Type::Results => crate::values::parse_results(raw)
            .or_else(|_| raw.parse())
            .map(Value::Int)
            .map_err(|_| bad("a result name (success, failure, ...) or an integer")),
        Type::Text => Ok(Value::Text(raw.to_string())),
        Type::Word(words) if words.contains(&raw) => Ok(Value::Text(raw.to_string())),
        Type::Word(words) => Err(bad(&format!("one of {}", words.join(", ")))),
        Type::Composite | Type::Age(_) | Type::Shown => Err(bad("no filter")),
    }
}

fn describe(filter: &Filter) -> String {
    let op = OPS
        .iter()
        .find(|(_, op)| *op == filter.op)
        .map_or("eq", |(name, _)| name);
    format!("{}__{op}={}", filter.field, filter.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[Field] = &[
        Field::new("masterid", "id", Type::Integer),
        Field::new("name", "name", Type::Text),
        Field::new("active", "(active != 0)", Type::Boolean),
        Field::new("last_active", "last_active", Type::Time),
        Field::new("tags", "NULL", Type::Composite),
        Field::new("status", "st", Type::Word(&["pending", "claimed"])),
        Field::new("seen", "last_active", Type::Age("last_active")),
    ];

    fn spec(filters: &[&str], order: &[&str]) -> ResultSpec {
        ResultSpec {
            filters: filters.iter().map(|f| parse_filter(f).unwrap()).collect(),
            order: order.iter().map(|o| parse_order(o).unwrap()).collect(),
            ..ResultSpec::default()
        }
    }

    #[test]
    fn parses_filters() {
        assert_eq!(
            parse_filter("name=a=b").unwrap(),
            Filter {
                field: "name".into(),
                op: Op::Eq,
                value: "a=b".into()
            }
        );
        assert_eq!(parse_filter("last_active__ge=5").unwrap().op, Op::Ge);
        assert!(parse_filter("name__like=x").unwrap_err().contains("notin"));
        assert!(parse_filter("name").is_err());
        assert!(parse_filter("__eq=1").is_err());
    }

    #[test]
    fn compiles_to_bound_sql() {
        let q = spec(
            &["active=true", "name__contains=x'y", "masterid__in=1,2"],
            &["-last_active"],
        )
        .compile("masters", FIELDS)
        .unwrap();
        let (sql, params) = q.statement("SELECT id FROM masters");
        assert_eq!(
            sql,
            "SELECT id FROM masters WHERE (active != 0) = ? AND instr(name, ?) > 0 AND id IN (?, ?) \
             ORDER BY last_active DESC NULLS LAST, id ASC"
        );
        assert_eq!(params.len(), 4);
        let paged = ResultSpec {
            limit: Some(5),
            ..ResultSpec::default()
        }
        .compile("masters", FIELDS)
        .unwrap();
        let (sql, params) = paged.statement("SELECT id FROM masters");
        assert_eq!(
            sql,
            "SELECT id FROM masters ORDER BY id ASC LIMIT ? OFFSET ?"
        );
        assert_eq!(params, vec![Value::Int(5), Value::Int(0)]);
    }

    #[test]
    fn refuses_what_cannot_work() {
        let err =
            |f: &[&str], o: &[&str]| spec(f, o).compile("masters", FIELDS).unwrap_err().message;
        assert!(err(&["nope=1"], &[]).contains("valid fields are masterid, name"));
        assert!(err(&["tags=x"], &[]).contains("cannot be filtered"));
        assert!(err(&[], &["tags"]).contains("cannot be ordered"));
        assert!(err(&["masterid__lt=null"], &[]).contains("null"));
        assert!(err(&["masterid__contains=1"], &[]).contains("text"));
        assert!(err(&["masterid=abc"], &[]).contains("integer"));
        assert!(err(&["active=yes"], &[]).contains("true or false"));
        assert!(err(&["status=done"], &[]).contains("one of pending, claimed"));
        assert!(err(&["status__lt=pending"], &[]).contains("eq, ne, in or notin"));
        assert!(err(&["seen=1"], &[]).contains("use last_active"));
        assert!(err(&[], &["seen"]).contains("use last_active"));
    }

    #[test]
    fn derived_columns_compile() {
        let q = spec(&["status__in=pending,claimed"], &["status"])
            .compile("masters", FIELDS)
            .unwrap();
        let (sql, _) = q.statement("SELECT id FROM masters");
        assert_eq!(
            sql,
            "SELECT id FROM masters WHERE st IN (?, ?) ORDER BY st ASC NULLS FIRST, id ASC"
        );
        let selected = ResultSpec {
            fields: vec!["seen".into(), "status".into()],
            ..ResultSpec::default()
        };
        assert_eq!(
            selected.compile("masters", FIELDS).unwrap().fields,
            ["seen", "status"]
        );
    }

    #[test]
    fn results_case_names_every_result() {
        let sql = crate::results_case!("r");
        for (code, name) in crate::values::RESULT_NAMES.iter().enumerate() {
            assert!(sql.contains(&format!("WHEN {code} THEN '{name}'")), "{sql}");
            assert!(BUILDSET_STATUSES.contains(name) && REQUEST_STATUSES.contains(name));
        }
    }
}
