//! The governance view: documents as CEL values, the way policies see them.
//!
//! Policies should not need `has()` guards against half-filled documents,
//! and must not report what the schema already reports. So before a value
//! reaches CEL, everything that is not really there is taken out: nulls,
//! placeholder strings (`TBD`, `TODO`, `?`, empty) and values the schema
//! rejected. Any of those then reads as a missing field, which makes `when`
//! false and `require` a violation (SPEC section 2). Numbers become doubles,
//! so arithmetic and comparisons mix freely; dates stay strings.

//!
//! Values are built directly as CEL's runtime values (`Box<dyn Val>`), not
//! through `cel::Value`, which CEL would convert once more when the variable
//! is bound: conversion is a large part of a policy run's cost.

use crate::model::{File, Workspace, is_placeholder};
use crate::parse::escape_pointer_segment;
use cel::common::types::{CelBool, CelDouble, CelList, CelMap, CelMapKey, CelString};
use cel::common::value::Val;
use std::collections::{BTreeSet, HashMap};

/// A CEL value owning its data.
pub(super) type Node = Box<dyn Val + 'static>;

/// The node at `pointer` in `file`, as policies see it; `None` when it is
/// absent or taken out.
pub(super) fn node(file: &File, pointer: &str) -> Option<Node> {
    let json = file.get(pointer)?;
    Converter { invalid: &file.invalid, pointer: pointer.to_owned() }.convert(json)
}

/// A document or item that is entirely taken out still binds its variable,
/// as an empty map, so every field of it reads as missing.
pub(super) fn node_or_empty(file: &File, pointer: &str) -> Node {
    node(file, pointer).unwrap_or_else(empty_map)
}

/// `roster`: `{people: {ID: person}, teams: {ID: team}}`, with empty maps
/// when the repository has no roster.
pub(super) fn roster(ws: &Workspace) -> Node {
    let mut people = HashMap::new();
    let mut teams = HashMap::new();
    if let Some(roster) = &ws.roster {
        let file = &ws.files[roster.file];
        for (id, person) in &roster.people {
            people.insert(key(id), node_or_empty(file, &person.pointer));
        }
        for (id, team) in &roster.teams {
            teams.insert(key(id), node_or_empty(file, &team.pointer));
        }
    }
    let mut top = HashMap::new();
    top.insert(key("people"), map(people));
    top.insert(key("teams"), map(teams));
    map(top)
}

fn key(name: &str) -> CelMapKey<'static> {
    CelMapKey::String(CelString::from(name.to_owned()))
}

fn map(entries: HashMap<CelMapKey<'static>, Node>) -> Node {
    Box::new(CelMap::from(entries))
}

fn empty_map() -> Node {
    map(HashMap::new())
}

/// Converts JSON to CEL, tracking the JSON pointer of the node being
/// converted so that schema-rejected values can be left out.
struct Converter<'f> {
    invalid: &'f BTreeSet<String>,
    pointer: String,
}

impl Converter<'_> {
    fn convert(&mut self, json: &serde_json::Value) -> Option<Node> {
        // Ancestors were checked on the way down: an exact match suffices.
        if !self.invalid.is_empty() && self.invalid.contains(&self.pointer) {
            return None;
        }
        match json {
            serde_json::Value::Null => None,
            serde_json::Value::Bool(b) => Some(Box::new(CelBool::from(*b))),
            serde_json::Value::Number(n) => n.as_f64().map(|f| Box::new(CelDouble::from(f)) as Node),
            serde_json::Value::String(s) if is_placeholder(s) => None,
            serde_json::Value::String(s) => Some(Box::new(CelString::from(s.clone()))),
            serde_json::Value::Array(items) => {
                // Elements taken out shift the later ones down, as if never written.
                let list: Vec<Node> =
                    items.iter().enumerate().filter_map(|(i, item)| self.child(&i.to_string(), item)).collect();
                Some(Box::new(CelList::from(list)))
            }
            serde_json::Value::Object(map) => {
                let entries: HashMap<CelMapKey<'static>, Node> = map
                    .iter()
                    .filter_map(|(name, value)| {
                        let converted = self.child(&escape_pointer_segment(name), value)?;
                        Some((key(name), converted))
                    })
                    .collect();
                Some(self::map(entries))
            }
        }
    }

    fn child(&mut self, segment: &str, json: &serde_json::Value) -> Option<Node> {
        let len = self.pointer.len();
        self.pointer.push('/');
        self.pointer.push_str(segment);
        let converted = self.convert(json);
        self.pointer.truncate(len);
        converted
    }
}
