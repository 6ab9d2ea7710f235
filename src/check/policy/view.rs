//! The governance view: documents as CEL values, the way policies see them.
//!
//! Policies should not need `has()` guards against half-filled documents,
//! and must not report what the schema already reports. So before a value
//! reaches CEL, everything that is not really there is taken out: nulls,
//! placeholder strings (`TBD`, `TODO`, `?`, empty) and values the schema
//! rejected. Any of those then reads as a missing field, which makes `when`
//! false and `require` a violation (docs/policies.md). Numbers become doubles,
//! so arithmetic and comparisons mix freely; dates stay strings.

//!
//! Values are built directly as CEL's runtime values (`Box<dyn Val>`), not
//! through `cel::Value`, which CEL would convert once more when the variable
//! is bound: conversion is a large part of a policy run's cost. For the
//! same reason strings and keys borrow from the parsed documents rather
//! than being copied, and a document variable holds only the top-level
//! fields the policies can read (see `reads`).

use super::reads::Fields;
use crate::model::{File, Workspace, is_placeholder};
use crate::parse::escape_pointer_segment;
use cel::common::types::{CelBool, CelDouble, CelList, CelMap, CelMapKey, CelString};
use cel::common::value::Val;
use std::collections::{BTreeSet, HashMap};

/// A CEL value whose strings borrow from the documents (`'w`).
pub(super) type Node<'w> = Box<dyn Val + 'w>;

/// The node at `pointer` in `file`, as policies see it, with only the
/// top-level `fields` of a mapping; `None` when it is absent or taken out.
pub(super) fn node<'w>(file: &'w File, pointer: &str, fields: &Fields) -> Option<Node<'w>> {
    let json = file.get(pointer)?;
    Converter { invalid: &file.invalid, pointer: pointer.to_owned() }.convert_top(json, fields)
}

/// A document or item that is entirely taken out still binds its variable,
/// as an empty map, so every field of it reads as missing.
pub(super) fn node_or_empty<'w>(file: &'w File, pointer: &str, fields: &Fields) -> Node<'w> {
    node(file, pointer, fields).unwrap_or_else(empty_map)
}

/// `roster`: `{people: {ID: person}, teams: {ID: team}}`, with empty maps
/// when the repository has no roster.
pub(super) fn roster(ws: &Workspace) -> Node<'_> {
    let mut people = HashMap::new();
    let mut teams = HashMap::new();
    if let (Some(roster), Some(file)) = (&ws.roster, ws.roster_file()) {
        for (id, person) in &roster.people {
            people.insert(key(id), node_or_empty(file, &person.pointer, &Fields::All));
        }
        for (id, team) in &roster.teams {
            teams.insert(key(id), node_or_empty(file, &team.pointer, &Fields::All));
        }
    }
    let mut top = HashMap::new();
    top.insert(key("people"), map(people));
    top.insert(key("teams"), map(teams));
    map(top)
}

fn key(name: &str) -> CelMapKey<'_> {
    CelMapKey::String(CelString::from(name))
}

fn map<'w>(entries: HashMap<CelMapKey<'w>, Node<'w>>) -> Node<'w> {
    Box::new(CelMap::from(entries))
}

fn empty_map<'w>() -> Node<'w> {
    map(HashMap::new())
}

/// Converts JSON to CEL, tracking the JSON pointer of the node being
/// converted so that schema-rejected values can be left out.
struct Converter<'f> {
    invalid: &'f BTreeSet<String>,
    pointer: String,
}

impl<'f> Converter<'f> {
    /// Converts the value bound to a variable: a mapping keeps only the
    /// entries named in `fields`, converted whole; anything else, or a
    /// mapping that is taken out, converts as usual.
    fn convert_top(&mut self, json: &'f serde_json::Value, fields: &Fields) -> Option<Node<'f>> {
        match (json, fields) {
            (serde_json::Value::Object(map), Fields::Only(names)) if !self.is_invalid() => {
                let entries = names.iter().filter_map(|name| map.get_key_value(name));
                Some(self.object(entries, names.len()))
            }
            _ => self.convert(json),
        }
    }

    fn convert(&mut self, json: &'f serde_json::Value) -> Option<Node<'f>> {
        if self.is_invalid() {
            return None;
        }
        match json {
            serde_json::Value::Null => None,
            serde_json::Value::Bool(b) => Some(Box::new(CelBool::from(*b))),
            serde_json::Value::Number(n) => n.as_f64().map(|f| Box::new(CelDouble::from(f)) as Node),
            serde_json::Value::String(s) if is_placeholder(s) => None,
            serde_json::Value::String(s) => Some(Box::new(CelString::from(s.as_str()))),
            serde_json::Value::Array(items) => {
                // Elements taken out shift the later ones down, as if never written.
                let mut list: Vec<Node<'f>> = Vec::with_capacity(items.len());
                list.extend(items.iter().enumerate().filter_map(|(i, item)| self.element(i, item)));
                Some(Box::new(CelList::from(list)))
            }
            serde_json::Value::Object(map) => Some(self.object(map.iter(), map.len())),
        }
    }

    /// Whether the schema rejected the node being converted.
    fn is_invalid(&self) -> bool {
        // Ancestors were checked on the way down: an exact match suffices.
        !self.invalid.is_empty() && self.invalid.contains(&self.pointer)
    }

    /// A mapping of the given entries (at most `count`), leaving out those
    /// taken out. Sized up front: growing a map re-hashes every key.
    fn object(&mut self, entries: impl Iterator<Item = (&'f String, &'f serde_json::Value)>, count: usize) -> Node<'f> {
        let mut converted: HashMap<CelMapKey<'f>, Node<'f>> = HashMap::with_capacity(count);
        converted.extend(entries.filter_map(|(name, value)| {
            let node = self.entry(name, value)?;
            Some((key(name), node))
        }));
        map(converted)
    }

    fn entry(&mut self, name: &str, json: &'f serde_json::Value) -> Option<Node<'f>> {
        let len = self.pointer.len();
        self.pointer.push('/');
        self.pointer.push_str(&escape_pointer_segment(name));
        self.convert_then_back_to(len, json)
    }

    fn element(&mut self, index: usize, json: &'f serde_json::Value) -> Option<Node<'f>> {
        let len = self.pointer.len();
        self.pointer.push('/');
        push_index(&mut self.pointer, index);
        self.convert_then_back_to(len, json)
    }

    /// Converts the node the pointer was just extended to, then cuts the
    /// pointer back to its parent's (`len` bytes).
    fn convert_then_back_to(&mut self, len: usize, json: &'f serde_json::Value) -> Option<Node<'f>> {
        let converted = self.convert(json);
        self.pointer.truncate(len);
        converted
    }
}

/// Appends `index` in decimal, without going through `fmt` (once per list
/// element of every document).
fn push_index(out: &mut String, index: usize) {
    if index >= 10 {
        push_index(out, index / 10);
    }
    out.push(char::from(b'0' + (index % 10) as u8));
}

#[cfg(test)]
mod tests {
    use super::push_index;

    #[test]
    fn indices_are_written_in_decimal() {
        for index in [0, 7, 10, 42, 100, 1909, usize::MAX] {
            let mut out = String::from("/a/");
            push_index(&mut out, index);
            assert_eq!(out, format!("/a/{index}"));
        }
    }
}
