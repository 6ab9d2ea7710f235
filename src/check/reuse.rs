//! Reusing documents across the two sides of base mode: a blob that is the
//! same on both sides parses and validates the same, so the base side takes
//! the head's result instead of reading and parsing it again. Only the
//! cross-file stage runs anew.

use crate::diagnostic::Diagnostic;
use crate::model::File;
use git2::Oid;
use std::collections::HashMap;

/// Loaded documents of one side, by blob id, with their load diagnostics
/// (`yaml-syntax`, `duplicate-key`, `schema`).
#[derive(Default)]
pub struct Reuse<'a> {
    by_blob: HashMap<Oid, (&'a File, Vec<&'a Diagnostic>)>,
}

impl<'a> Reuse<'a> {
    /// Indexes `files`; `diagnostics` may hold any findings, only the load
    /// stage's are kept.
    pub fn new(files: &'a [File], diagnostics: &'a [Diagnostic]) -> Self {
        let mut by_path: HashMap<&str, Vec<&Diagnostic>> = HashMap::new();
        for d in diagnostics.iter().filter(|d| is_load_rule(&d.rule)) {
            by_path.entry(d.file.as_str()).or_default().push(d);
        }
        let by_blob = files
            .iter()
            .filter_map(|file| {
                let found = by_path.remove(file.path.as_str()).unwrap_or_default();
                Some((file.blob?, (file, found)))
            })
            .collect();
        Reuse { by_blob }
    }

    /// Whether a document with this blob id is held.
    pub fn contains(&self, blob: Option<git2::Oid>) -> bool {
        blob.is_some_and(|b| self.by_blob.contains_key(&b))
    }

    /// The document with this blob id, moved to `path`.
    pub fn get(&self, blob: Option<Oid>, path: &str) -> Option<(File, Vec<Diagnostic>)> {
        let (file, found) = self.by_blob.get(&blob?)?;
        let file = File { path: path.to_owned(), ..(*file).clone() };
        let found = found
            .iter()
            .map(|d| Diagnostic {
                file: path.to_owned(),
                related: d
                    .related
                    .iter()
                    .map(|r| crate::diagnostic::Related {
                        file: if r.file == d.file { path.to_owned() } else { r.file.clone() },
                        ..r.clone()
                    })
                    .collect(),
                ..(*d).clone()
            })
            .collect();
        Some((file, found))
    }
}

/// Rules whose findings depend on nothing but the document's own bytes.
fn is_load_rule(rule: &str) -> bool {
    matches!(rule, "yaml-syntax" | "duplicate-key" | "schema")
}
