//! Reusing documents across the two sides of base mode: a blob that is the
//! same on both sides parses and validates the same, so the base side takes
//! the head's result instead of reading and parsing it again. The
//! cross-file rules run anew; so do the policies, except on proposals that
//! cannot have changed (see [`Reuse::policy_findings`]).

use crate::check::registry::{self, Check};
use crate::diagnostic::Diagnostic;
use crate::model::SchemaKind;
use crate::model::{File, Workspace};
use git2::Oid;
use std::collections::{HashMap, HashSet};

/// Loaded documents of one side, by blob id, with their load diagnostics
/// (`yaml-syntax`, `duplicate-key`, `schema`).
#[derive(Default)]
pub struct Reuse<'a> {
    by_blob: HashMap<Oid, (&'a File, Vec<&'a Diagnostic>)>,
    /// The policy findings on each proposal, by path.
    policy_by_path: HashMap<&'a str, Vec<&'a Diagnostic>>,
    /// Every document that is not a proposal, as (path, blob), sorted:
    /// what a proposal's policy findings can depend on besides itself.
    context: Option<Vec<(&'a str, Oid)>>,
}

impl<'a> Reuse<'a> {
    /// Indexes `files`; `diagnostics` may hold any findings, only the load
    /// stage's are kept. `policy_findings` are the policies' findings as
    /// evaluated ([`super::Outcome::policy_findings`]).
    pub fn new(files: &'a [File], diagnostics: &'a [Diagnostic], policy_findings: &'a [Diagnostic]) -> Self {
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
        let mut policy_by_path: HashMap<&str, Vec<&Diagnostic>> = HashMap::new();
        for d in policy_findings {
            policy_by_path.entry(d.file.as_str()).or_default().push(d);
        }
        Reuse { by_blob, policy_by_path, context: context(files) }
    }

    /// The policy findings this side can take from the other: for each
    /// proposal whose blob the other side holds, when every other document
    /// (roster, roadmaps, anything else) is the same on both sides. A
    /// proposal rule sees only its proposal, the roster, the roadmap items
    /// that commit to it and the date, so its findings are then the other
    /// side's, moved to this side's path. Returns the paths of those
    /// proposals, not to be evaluated again, and their findings.
    pub fn policy_findings(&self, ws: &Workspace) -> (HashSet<String>, Vec<Diagnostic>) {
        let mut settled = HashSet::new();
        let mut found = Vec::new();
        if self.by_blob.is_empty() || self.context.is_none() || context(&ws.files) != self.context {
            return (settled, found);
        }
        for file in ws.files.iter().filter(|f| f.kind == Some(SchemaKind::Proposal)) {
            let Some((other, _)) = file.blob.and_then(|blob| self.by_blob.get(&blob)) else { continue };
            if other.kind != Some(SchemaKind::Proposal) {
                continue;
            }
            let findings = self.policy_by_path.get(other.path.as_str()).map_or(&[][..], Vec::as_slice);
            found.extend(findings.iter().map(|d| moved(d, &file.path)));
            settled.insert(file.path.clone());
        }
        (settled, found)
    }

    /// Whether a document with this blob id is held.
    pub fn contains(&self, blob: Option<git2::Oid>) -> bool {
        blob.is_some_and(|b| self.by_blob.contains_key(&b))
    }

    /// The document with this blob id, moved to `path`.
    pub fn get(&self, blob: Option<Oid>, path: &str) -> Option<(File, Vec<Diagnostic>)> {
        let (file, found) = self.by_blob.get(&blob?)?;
        let file = file.moved_to(path);
        let found = found.iter().map(|d| moved(d, path)).collect();
        Some((file, found))
    }
}

/// A finding on one file, moved to the same content at `path`; its
/// fingerprint, which may name the old path, is computed anew.
fn moved(d: &Diagnostic, path: &str) -> Diagnostic {
    Diagnostic {
        file: path.to_owned(),
        fingerprint: String::new(),
        related: d
            .related
            .iter()
            .map(|r| crate::diagnostic::Related {
                file: if r.file == d.file { path.to_owned() } else { r.file.clone() },
                ..r.clone()
            })
            .collect(),
        ..d.clone()
    }
}

/// Every document that is not a proposal, as (path, blob), sorted; `None`
/// when one has no blob id, and so cannot be compared.
fn context(files: &[File]) -> Option<Vec<(&str, Oid)>> {
    let mut context: Vec<(&str, Oid)> = files
        .iter()
        .filter(|f| f.kind != Some(SchemaKind::Proposal))
        .map(|f| Some((f.path.as_str(), f.blob?)))
        .collect::<Option<_>>()?;
    context.sort_unstable();
    Some(context)
}

/// Rules whose findings depend on nothing but the document's own bytes.
fn is_load_rule(rule: &str) -> bool {
    registry::find(rule).is_some_and(|r| matches!(r.check, Check::Load))
}
