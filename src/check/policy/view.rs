//! The governance view: documents as CEL values, the way policies see them.
//!
//! Policies should not need `has()` guards against half-filled documents,
//! and must not report what the schema already reports. So before a value
//! reaches CEL, everything that is not really there is taken out: nulls,
//! placeholder strings (`TBD`, `TODO`, `?`, empty) and values the schema
//! rejected. Any of those then reads as a missing field, which makes `when`
//! false and `require` a violation (SPEC section 2). Numbers become doubles,
//! so arithmetic and comparisons mix freely; dates stay strings.

use crate::model::{File, Workspace, is_placeholder};
use crate::parse::escape_pointer_segment;
use cel::Value;
use cel::objects::Key;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// The node at `pointer` in `file`, as policies see it; `None` when it is
/// absent or taken out.
pub(super) fn node(file: &File, pointer: &str) -> Option<Value> {
    let json = file.get(pointer)?;
    Converter {
        invalid: &file.invalid,
        pointer: pointer.to_owned(),
    }
    .convert(json)
}

/// A document or item that is entirely taken out still binds its variable,
/// as an empty map, so every field of it reads as missing.
pub(super) fn node_or_empty(file: &File, pointer: &str) -> Value {
    node(file, pointer).unwrap_or_else(empty_map)
}

/// `roster`: `{people: {ID: person}, teams: {ID: team}}`, with empty maps
/// when the repository has no roster.
pub(super) fn roster(ws: &Workspace) -> Value {
    let mut people = HashMap::new();
    let mut teams = HashMap::new();
    if let Some(roster) = &ws.roster {
        let file = &ws.files[roster.file];
        for (id, person) in &roster.people {
            people.insert(id.clone(), node_or_empty(file, &person.pointer));
        }
        for (id, team) in &roster.teams {
            teams.insert(id.clone(), node_or_empty(file, &team.pointer));
        }
    }
    let mut top = HashMap::new();
    top.insert("people", Value::from(people));
    top.insert("teams", Value::from(teams));
    Value::from(top)
}

fn empty_map() -> Value {
    Value::from(HashMap::<Key, Value>::new())
}

/// Converts JSON to CEL, tracking the JSON pointer of the node being
/// converted so that schema-rejected values can be left out.
struct Converter<'f> {
    invalid: &'f BTreeSet<String>,
    pointer: String,
}

impl Converter<'_> {
    fn convert(&mut self, json: &serde_json::Value) -> Option<Value> {
        // Ancestors were checked on the way down: an exact match suffices.
        if !self.invalid.is_empty() && self.invalid.contains(&self.pointer) {
            return None;
        }
        match json {
            serde_json::Value::Null => None,
            serde_json::Value::Bool(b) => Some(Value::Bool(*b)),
            serde_json::Value::Number(n) => n.as_f64().map(Value::Float),
            serde_json::Value::String(s) if is_placeholder(s) => None,
            serde_json::Value::String(s) => Some(Value::String(Arc::new(s.clone()))),
            serde_json::Value::Array(items) => {
                // Elements taken out shift the later ones down, as if never written.
                let list: Vec<Value> = items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, item)| self.child(&i.to_string(), item))
                    .collect();
                Some(Value::List(Arc::new(list)))
            }
            serde_json::Value::Object(map) => {
                let entries: HashMap<Key, Value> = map
                    .iter()
                    .filter_map(|(key, value)| {
                        let converted = self.child(&escape_pointer_segment(key), value)?;
                        Some((Key::from(key.as_str()), converted))
                    })
                    .collect();
                Some(Value::from(entries))
            }
        }
    }

    fn child(&mut self, segment: &str, json: &serde_json::Value) -> Option<Value> {
        let len = self.pointer.len();
        self.pointer.push('/');
        self.pointer.push_str(segment);
        let converted = self.convert(json);
        self.pointer.truncate(len);
        converted
    }
}
