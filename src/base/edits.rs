//! Notes on configuration and policy files the change edits. Base mode
//! judges a change by the base side's versions of them, so that a pull
//! request cannot weaken the policy it is judged by; saying so keeps an
//! author from wondering why their edit seems ignored.

use crate::config::{Config, FILE_NAME, join};
use crate::error::Result;
use crate::parse::Limits;
use crate::source::Snapshot;
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
