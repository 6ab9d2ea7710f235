//! The ratchet: of the head's diagnostics, keep those the change introduces.
//!
//! Fingerprints (docs/base-mode.md) are compared as multisets: a problem the
//! base has twice and the head three times is one new problem, so adding a
//! second copy of old debt is still caught. A `capacity` finding is new,
//! whatever its fingerprint, when the change adds to the effort it counts:
//! piling more onto an over-committed quarter fails.

use crate::check::fingerprint::{compute, stable_pointer};
use crate::check::rules::capacity;
use crate::diagnostic::Diagnostic;
use crate::model::change::Change;
use crate::model::load::exceeds;
use serde_json::Value;
use std::collections::HashMap;

/// Head diagnostics whose fingerprint the base side does not account for,
/// in their order, and how many were left out as old.
pub fn introduced(head: Vec<Diagnostic>, base: &[Diagnostic], change: &Change<'_>) -> (Vec<Diagnostic>, usize) {
    let mut old: HashMap<String, usize> = HashMap::new();
    for d in base {
        *old.entry(base_fingerprint(d, change)).or_default() += 1;
    }
    let mut left_out = 0;
    let new = head
        .into_iter()
        .filter(|d| {
            adds_load(d, change)
                || match old.get_mut(&d.fingerprint) {
                    Some(count) if *count > 0 => {
                        *count -= 1;
                        left_out += 1;
                        false
                    }
                    _ => true,
                }
        })
        .collect();
    (new, left_out)
}

/// Whether a `capacity` finding's team and quarter count more effort on
/// the head than on the base (committed effort for the error, committed and
/// planned for the warning).
fn adds_load(d: &Diagnostic, change: &Change<'_>) -> bool {
    if d.rule != capacity::RULE.id {
        return false;
    }
    let Some((team, quarter)) = d.subject.as_deref().and_then(|s| s.rsplit_once('/')) else { return false };
    let key = (team.to_owned(), quarter.to_owned());
    let counted = |ws: &crate::model::Workspace| {
        ws.loads().get(&key).map_or(0.0, |load| {
            if capacity::is_over_planned(d) { load.committed_or_planned() } else { load.committed() }
        })
    };
    exceeds(counted(change.head), counted(change.base))
}

/// A base diagnostic's fingerprint as the head would compute it. A
/// file-level diagnostic (no subject) is anchored on its file, so for a
/// renamed file it is recomputed under the head's name: renaming a file does
/// not make its old problems new.
fn base_fingerprint(d: &Diagnostic, change: &Change<'_>) -> String {
    let head_path = change.head_path(&d.file);
    if d.subject.is_some() || head_path == d.file {
        return d.fingerprint.clone();
    }
    let value = change.base_file(&d.file).map_or(&Value::Null, |f| f.value());
    compute(&d.rule, head_path, &stable_pointer(value, &d.pointer))
}
