//! Waivers (docs/semantics.md): a valid waiver in force suppresses one rule's
//! diagnostics inside its own proposal; invalid and expired ones suppress
//! nothing and are reported, and one that suppresses nothing is reported
//! as unused, so that it cannot hide the next problem unseen.

use super::policy::PolicySet;
use super::registry::{self, Check};
use super::rules::{waiver_expired, waiver_invalid, waiver_unused};
use super::schema::SchemaKind;
use crate::diagnostic::Diagnostic;
use crate::model::Workspace;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

pub use crate::model::parse_date;

/// Who may approve waivers, as base mode sees it (docs/base-mode.md): references resolve against the head roster, but a waiver the
/// change adds or alters must be approved by a person the base roster lists.
#[derive(Debug, Clone, Default)]
pub struct Authority {
    /// The base roster's people; `None` outside base mode, and for an
    /// empty base (a first commit), which has no roster to defer to.
    pub approvers: Option<HashSet<String>>,
    /// Head proposal path → the waivers its base version had: a waiver
    /// among them, unchanged, was approved before this change.
    pub standing: HashMap<String, Vec<Value>>,
}

impl Authority {
    /// Whether this waiver of this proposal is on the base side as it is.
    pub fn is_standing(&self, path: &str, waiver: &Value) -> bool {
        self.standing.get(path).is_some_and(|before| before.contains(waiver))
    }

    fn base_mode(&self) -> bool {
        self.approvers.is_some()
    }
}

/// One waiver of one proposal, judged.
struct Waiver {
    /// Index of the proposal in [`Workspace::files`].
    file: usize,
    /// `/waivers/N`.
    pointer: String,
    rule: String,
    /// In force: it suppresses its rule's diagnostics in its proposal.
    in_force: bool,
    /// Whether it suppressed anything so far.
    used: bool,
    /// Approved before this change (base mode).
    standing: bool,
}

/// Every waiver of a workspace, judged once; diagnostics pass through
/// [`Waivers::suppress`], and [`Waivers::findings`] reports on the waivers.
pub struct Waivers {
    waivers: Vec<Waiver>,
    /// `waiver-invalid` and `waiver-expired`.
    judged: Vec<Diagnostic>,
    base_mode: bool,
}

impl Waivers {
    /// Judges every waiver of every proposal.
    pub fn judge(ws: &Workspace, policies: &PolicySet, authority: &Authority) -> Waivers {
        let today = parse_date(&ws.today);
        let mut waivers = Vec::new();
        let mut judged = Vec::new();
        for (index, file) in ws.of_kind(SchemaKind::Proposal) {
            let list = file.value().get("waivers").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
            for (i, value) in list.iter().enumerate() {
                let pointer = format!("/waivers/{i}");
                // A waiver with a schema error of its own suppresses
                // nothing; `schema` says why.
                if file.has_invalid_within(&pointer) {
                    continue;
                }
                let rule = value.get("rule").and_then(Value::as_str).unwrap_or_default().to_owned();
                let standing = authority.is_standing(&file.path, value);
                let verdict = waiver_invalid::check(ws, file, &pointer, &rule, today, policies, authority, standing)
                    .or_else(|| waiver_expired::check(file, &pointer, &rule, today));
                let in_force = verdict.is_none();
                judged.extend(verdict);
                waivers.push(Waiver { file: index, pointer, rule, in_force, used: false, standing });
            }
        }
        Waivers { waivers, judged, base_mode: authority.base_mode() }
    }

    /// Removes the diagnostics a waiver in force covers: its rule's, in its
    /// proposal, except those about the waiver itself.
    pub fn suppress(&mut self, ws: &Workspace, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if self.waivers.is_empty() {
            return diagnostics;
        }
        let mut by_path: HashMap<&str, Vec<usize>> = HashMap::new();
        for (index, waiver) in self.waivers.iter().enumerate().filter(|(_, w)| w.in_force) {
            by_path.entry(ws.files[waiver.file].path.as_str()).or_default().push(index);
        }
        let mut kept = Vec::with_capacity(diagnostics.len());
        for d in diagnostics {
            let covering = by_path.get(d.file.as_str()).and_then(|indexes| {
                indexes.iter().copied().find(|&i| {
                    let waiver = &self.waivers[i];
                    waiver.rule == d.rule && !is_within(&d.pointer, &waiver.pointer)
                })
            });
            match covering {
                Some(i) => self.waivers[i].used = true,
                None => kept.push(d),
            }
        }
        kept
    }

    /// The waivers' own findings: invalid and expired waivers, and those
    /// in force that suppressed nothing. A waiver of a rule that runs only
    /// in base mode is unused outside it by nature, and once its change is
    /// in, by design: it is reported only when the change adds it.
    pub fn findings(mut self, ws: &Workspace) -> Vec<Diagnostic> {
        let mut out = std::mem::take(&mut self.judged);
        let unused: Vec<usize> = (0..self.waivers.len())
            .filter(|&i| {
                let waiver = &self.waivers[i];
                let transition = registry::find(&waiver.rule).is_some_and(|r| matches!(r.check, Check::Transition(_)));
                waiver.in_force && !waiver.used && !(transition && (!self.base_mode || waiver.standing))
            })
            .collect();
        // A waiver of `waiver-unused` covers the other waivers of its
        // proposal (never itself), and is used when it does.
        let mut covered = vec![false; self.waivers.len()];
        for &i in &unused {
            let cover = (0..self.waivers.len()).find(|&j| {
                let w = &self.waivers[j];
                j != i && w.in_force && w.rule == waiver_unused::RULE.id && w.file == self.waivers[i].file
            });
            if let Some(j) = cover {
                covered[i] = true;
                self.waivers[j].used = true;
            }
        }
        for i in unused.into_iter().filter(|&i| !covered[i] && !self.waivers[i].used) {
            let waiver = &self.waivers[i];
            out.push(waiver_unused::diagnostic(&ws.files[waiver.file], &waiver.pointer, &waiver.rule));
        }
        out
    }
}

/// Whether `pointer` is `root` or lies under it.
fn is_within(pointer: &str, root: &str) -> bool {
    pointer.strip_prefix(root).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}
