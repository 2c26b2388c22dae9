//! One entity for people, as `kubectl describe` prints one: a `field:
//! value` line per field, values aligned; objects and lists of objects
//! indented below their field; a list or object with nothing in it left
//! out; a value's further lines indented to its first.

use serde_json::{Map, Value};

use super::cell;

/// `map` as `field: value` lines, each starting with `indent` spaces.
pub fn lines(map: &Map<String, Value>, indent: usize) -> Vec<String> {
    let shown: Vec<(&String, &Value)> = map.iter().filter(|(_, v)| !is_empty(v)).collect();
    let pad = shown
        .iter()
        .filter(|(_, v)| !is_nested(v))
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let margin = " ".repeat(indent);
    let mut out = Vec::new();
    for (key, value) in shown {
        match value {
            Value::Object(inner) => {
                out.push(format!("{margin}{key}:"));
                out.extend(lines(inner, indent + 2));
            }
            Value::Array(items) if is_nested(value) => {
                out.push(format!("{margin}{key}:"));
                for item in items {
                    out.extend(list_item(item, indent + 2));
                }
            }
            _ => {
                let text = cell(key, value);
                let label = format!("{margin}{key}:{}", " ".repeat(pad - key.chars().count()));
                let mut text_lines = text.lines();
                let first = text_lines.next().unwrap_or_default();
                out.push(format!("{label} {first}").trim_end().to_string());
                let hang = " ".repeat(label.chars().count() + 1);
                out.extend(text_lines.map(|l| format!("{hang}{l}").trim_end().to_string()));
            }
        }
    }
    out
}

/// One object of a list: its lines under a `- `, as YAML writes them.
fn list_item(item: &Value, indent: usize) -> Vec<String> {
    let mut block = match item {
        Value::Object(map) => lines(map, indent + 2),
        other => vec![format!("{}{}", " ".repeat(indent + 2), cell("", other))],
    };
    if let Some(first) = block.first_mut() {
        first.replace_range(indent..indent + 2, "- ");
    }
    block
}

/// Objects, and lists of objects, go below their field.
fn is_nested(value: &Value) -> bool {
    match value {
        Value::Object(_) => true,
        Value::Array(items) => items.iter().any(Value::is_object),
        _ => false,
    }
}

/// An empty list or object: a section with nothing in it, left out.
fn is_empty(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_nested_and_multiline() {
        let doc = json!({
            "changeid": 1,
            "comments": "Subject\n\nBody",
            "files": [],
            "parent_changeids": [1, 2],
            "sourcestamp": {"ssid": 4, "patch": null},
            "sourcestamps": [{"ssid": 1, "branch": "main"}, {"ssid": 2, "branch": "dev"}],
            "when_timestamp": 1714564800,
        });
        let text = lines(doc.as_object().unwrap(), 0).join("\n");
        assert_eq!(
            text,
            "changeid:         1\n\
             comments:         Subject\n\
             \n                  Body\n\
             parent_changeids: 1, 2\n\
             sourcestamp:\n  \
               ssid:  4\n  \
               patch:\n\
             sourcestamps:\n  \
               - ssid:   1\n    \
                 branch: main\n  \
               - ssid:   2\n    \
                 branch: dev\n\
             when_timestamp:   2024-05-01T12:00:00Z"
        );
    }
}
