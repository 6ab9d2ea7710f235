//! The base-mode identity of a diagnostic (docs/base-mode.md): rule, subject
//! (or file) and JSON pointer with list positions replaced by element ids —
//! never line numbers or wording, so edits elsewhere do not make old debt new.

use crate::diagnostic::Diagnostic;
use crate::model::Workspace;
use serde_json::Value;
use std::collections::HashMap;

/// Fills in `fingerprint` on every diagnostic that has none yet (a rule
/// may fix its own, as `capacity` does).
pub fn assign(workspace: &Workspace, diagnostics: &mut [Diagnostic]) {
    let by_path: HashMap<&str, &Value> = workspace.files.iter().map(|f| (f.path.as_str(), f.value())).collect();
    for d in diagnostics.iter_mut().filter(|d| d.fingerprint.is_empty()) {
        let value = by_path.get(d.file.as_str()).copied().unwrap_or(&Value::Null);
        let anchor = d.subject.clone().unwrap_or_else(|| d.file.clone());
        d.fingerprint = compute(&d.rule, &anchor, &stable_pointer(value, &d.pointer));
    }
}

/// The fingerprint of (rule, subject-or-file, stable pointer).
pub fn compute(rule: &str, anchor: &str, pointer: &str) -> String {
    // FNV-1a, 64 bits, twice with different seeds: stable across platforms
    // and releases, unlike std's hasher.
    let text = format!("{rule}\u{1f}{anchor}\u{1f}{pointer}");
    let fnv = |seed: u64| text.bytes().fold(seed, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{:016x}{:016x}", fnv(0xcbf2_9ce4_8422_2325), fnv(0x6c62_272e_07bb_0142))
}

/// `/items/3/team` → `/items/R-101/team`: list positions become the element's
/// id (`id`, a waiver's `rule`, or a plain string element itself).
pub fn stable_pointer(value: &Value, pointer: &str) -> String {
    let mut out = String::new();
    let mut current = Some(value);
    for segment in pointer.split('/').skip(1) {
        let next = match current {
            Some(Value::Array(items)) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            Some(Value::Object(map)) => map.get(&segment.replace("~1", "/").replace("~0", "~")),
            _ => None,
        };
        let name = match (current, next) {
            (Some(Value::Array(_)), Some(element)) => element_id(element).unwrap_or_else(|| segment.to_owned()),
            _ => segment.to_owned(),
        };
        out.push('/');
        out.push_str(&name);
        current = next;
    }
    out
}

fn element_id(element: &Value) -> Option<String> {
    match element {
        Value::String(s) => Some(s.clone()),
        Value::Object(map) => map
            .get("id")
            .or_else(|| map.get("rule"))
            .or_else(|| map.get("name"))
            .and_then(Value::as_str)
            .map(|s| format!("[{s}]")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn list_positions_become_ids() {
        let value = json!({"items": [{"id": "R-1"}, {"id": "R-2", "team": "x"}]});
        assert_eq!(stable_pointer(&value, "/items/1/team"), "/items/[R-2]/team");
        assert_eq!(stable_pointer(&value, "/items/7"), "/items/7");
    }

    #[test]
    fn fingerprints_ignore_nothing_but_position() {
        assert_eq!(compute("schema", "P-1", "/a"), compute("schema", "P-1", "/a"));
        assert_ne!(compute("schema", "P-1", "/a"), compute("schema", "P-2", "/a"));
        assert_eq!(compute("x", "y", "z").len(), 32);
    }
}
