//! Notes on what a change does to the rules it is judged by. Base mode
//! judges a change by the base side's configuration and policies, so that a
//! pull request cannot weaken the policy it is judged by; saying so keeps an
//! author from wondering why their edit seems ignored. Waivers are part of
//! the change itself and do apply, so the ones it adds are listed for
//! reviewers to see.

use crate::check::config::{Config, FILE_NAME, join};
use crate::check::waivers::Authority;
use crate::error::Result;
use crate::model::SchemaKind;
use crate::model::change::Change;
use crate::model::{Person, Role};
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
/// 2027-03-31)": every head waiver its proposal's base version does not have
/// as it is (a changed approver, reason or date counts as new), so that
/// reviewers see who approved what.
pub fn added_waivers(change: &Change<'_>, authority: &Authority) -> Option<String> {
    let mut added = Vec::new();
    for (_, file) in change.head.of_kind(SchemaKind::Proposal) {
        let id = file.id().unwrap_or(&file.path);
        let list = file.value().get("waivers").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
        for waiver in list.iter().filter(|w| !authority.is_standing(&file.path, w)) {
            let field = |key: &str| match waiver.get(key) {
                Some(Value::String(text)) if !text.is_empty() => text.clone(),
                Some(Value::Null) | None => "?".to_owned(),
                Some(other) => other.to_string(),
            };
            added.push(format!(
                "{id} ({}, approved by {}, until {})",
                field("rule"),
                field("approved_by"),
                field("expires")
            ));
        }
    }
    (!added.is_empty()).then(|| format!("this change adds waivers: {}", added.join("; ")))
}

/// "this change adds to the roster: dana (engineering); grants roles: ben
/// (product)": people the head roster has and the base's does not, and
/// roles it gives people the base roster already lists. References resolve
/// against the head roster, so that a new hire can be named in the change
/// that adds them; saying so lets reviewers see what the change empowers.
pub fn roster_changes(change: &Change<'_>) -> Option<String> {
    let (Some(head), Some(base)) = (&change.head.roster, &change.base.roster) else { return None };
    if head.stand_in {
        return None;
    }
    let mut people: Vec<(&String, &Person)> = head.people.iter().collect();
    people.sort_by(|a, b| a.0.cmp(b.0));
    let mut added = Vec::new();
    let mut granted = Vec::new();
    for (id, person) in people {
        match base.people.get(id) {
            None => added.push(format!("{id} ({})", roles(&person.roles))),
            Some(before) => {
                let new: Vec<Role> = person.roles.iter().filter(|r| !before.roles.contains(r)).copied().collect();
                if !new.is_empty() {
                    granted.push(format!("{id} ({})", roles(&new)));
                }
            }
        }
    }
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("adds to the roster: {}", added.join(", ")));
    }
    if !granted.is_empty() {
        parts.push(format!("grants roles: {}", granted.join(", ")));
    }
    (!parts.is_empty()).then(|| format!("this change {}", parts.join("; ")))
}

fn roles(roles: &[Role]) -> String {
    if roles.is_empty() {
        "no roles".to_owned()
    } else {
        roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
    }
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
