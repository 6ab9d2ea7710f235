//! Notes on what a change does to the rules it is judged by. Base mode
//! judges a change by the base side's configuration and policies, so that a
//! pull request cannot weaken the policy it is judged by; saying so keeps an
//! author from wondering why their edit seems ignored. Waivers are part of
//! the change itself and do apply, so the ones it adds are listed for
//! reviewers to see.

use crate::check::schema::SchemaKind;
use crate::config::{Config, FILE_NAME, join};
use crate::error::Result;
use crate::model::Workspace;
use crate::parse::Limits;
use crate::source::Snapshot;
use serde_json::Value;
use std::collections::HashSet;

/// One note per governing file whose contents differ between the sides.
/// `discovered` is false with `--config FILE`, which lies outside both
/// sides and applies to both as it is.
pub fn notes(
    config: &Config,
    discovered: bool,
    prefix: &str,
    base: &Snapshot<'_>,
    head: &Snapshot<'_>,
) -> Result<Vec<String>> {
    let mut paths = if discovered { config_candidates(prefix, config.file.as_deref()) } else { Vec::new() };
    paths.extend(config.policies.iter().cloned());
    let mut seen = HashSet::new();
    paths.retain(|p| seen.insert(p.clone()));
    let mut notes = Vec::new();
    for path in paths {
        let limit = Limits::default().max_file_bytes;
        if base.read_path(&path, limit)? != head.read_path(&path, limit)? {
            notes.push(format!(
                "this change edits {path}; it is judged by the base version, and the edited policy applies from the next change on"
            ));
        }
    }
    Ok(notes)
}

/// "this change adds waivers: P-1 (value-score, approved by carol, until
/// 2027-03-31)": every waiver on the head side that the base side does not
/// have on the same proposal (a changed approver or date counts as new).
pub fn added_waivers(base: &Workspace, head: &Workspace) -> Option<String> {
    let before: HashSet<(String, [String; 3])> = waivers(base).collect();
    let added: Vec<String> = waivers(head)
        .filter(|waiver| !before.contains(waiver))
        .map(|(id, [rule, approver, expires])| format!("{id} ({rule}, approved by {approver}, until {expires})"))
        .collect();
    (!added.is_empty()).then(|| format!("this change adds waivers: {}", added.join("; ")))
}

/// (proposal id, [rule, approved_by, expires]) of every waiver, in path
/// order; `?` for a field that is not filled in.
fn waivers(ws: &Workspace) -> impl Iterator<Item = (String, [String; 3])> + '_ {
    ws.of_kind(SchemaKind::Proposal).flat_map(|(_, file)| {
        let id = file.id().unwrap_or(&file.path).to_owned();
        let list = file.value().get("waivers").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
        list.iter().map(move |waiver| {
            let field = |key: &str| match waiver.get(key) {
                Some(Value::String(text)) if !text.is_empty() => text.clone(),
                Some(Value::Null) | None => "?".to_owned(),
                Some(other) => other.to_string(),
            };
            (id.clone(), [field("rule"), field("approved_by"), field("expires")])
        })
    })
}

/// The configuration files discovery looks at, nearest first: from the
/// start folder up to the one the base side uses (or the repository root).
/// A configuration the change adds in a nearer folder is an edit too.
fn config_candidates(prefix: &str, found: Option<&str>) -> Vec<String> {
    let mut candidates = Vec::new();
    let mut folder = prefix.trim_matches('/');
    loop {
        let path = join(folder, FILE_NAME);
        let last = folder.is_empty() || found == Some(path.as_str());
        candidates.push(path);
        if last {
            return candidates;
        }
        folder = folder.rsplit_once('/').map_or("", |(parent, _)| parent);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_stop_at_the_configuration_in_use() {
        assert_eq!(config_candidates("", None), [".roadlint.yaml"]);
        assert_eq!(config_candidates("a/b", Some("a/.roadlint.yaml")), ["a/b/.roadlint.yaml", "a/.roadlint.yaml"]);
        assert_eq!(config_candidates("a/b", None), ["a/b/.roadlint.yaml", "a/.roadlint.yaml", ".roadlint.yaml"]);
    }
}
