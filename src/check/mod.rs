//! The checking pipeline: read → parse → schema → rules → waivers →
//! configured severities → fingerprints.

pub mod config;
pub mod fingerprint;
mod load;
pub mod policy;
pub mod registry;
pub mod reuse;
pub mod rules;
pub mod schema;
pub mod waivers;

use crate::check::config::{Config, Setting};
use crate::diagnostic::Diagnostic;
use crate::error::{Result, RunError};
use crate::model::{File, Workspace};
use crate::source::{Content, Entry, EntryKind, Snapshot};
use policy::PolicySet;
use rayon::prelude::*;
use reuse::Reuse;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;
use waivers::{Authority, Waivers};

use load::load_one;
pub use load::{Stamps, load, load_hashing, load_reusing, select};

/// What one snapshot's check found.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub workspace: Workspace,
    pub diagnostics: Vec<Diagnostic>,
    pub notes: Vec<String>,
    /// The policy rules' findings as evaluated, before waivers and
    /// configured severities: what base mode can reuse.
    pub policy_findings: Vec<Diagnostic>,
}

/// Checks one snapshot completely: every rule, waivers, configured severities.
pub fn check(snapshot: &Snapshot<'_>, config: &Config, policies: &PolicySet, today: &str) -> Result<Outcome> {
    let found = find(snapshot, config, policies, today, &Reuse::default(), None)?;
    Ok(finish(found, config, policies, &Authority::default(), Vec::new()))
}

/// What one snapshot's rules found, before waivers and configuration.
pub struct Found {
    pub workspace: Workspace,
    /// Every rule's findings as produced.
    pub diagnostics: Vec<Diagnostic>,
    pub notes: Vec<String>,
    /// The policy rules' findings, also among `diagnostics`: what base
    /// mode can reuse.
    pub policy_findings: Vec<Diagnostic>,
}

/// Reads, parses and checks every document `config` selects in
/// `snapshot`, taking unchanged documents from another side's results
/// (`reuse`). `stand_in` is a roster to use when this side's own is
/// missing or broken (base mode: the base side's).
pub fn find(
    snapshot: &Snapshot<'_>,
    config: &Config,
    policies: &PolicySet,
    today: &str,
    reuse: &Reuse<'_>,
    stand_in: Option<&File>,
) -> Result<Found> {
    let (entries, notes) = selected(snapshot, config)?;
    let (files, diagnostics) = load_reusing(snapshot, config, &entries, reuse)?;
    find_in(files, diagnostics, notes, policies, today, reuse, stand_in)
}

/// [`select`], where finding no document is an error.
fn selected(snapshot: &Snapshot<'_>, config: &Config) -> Result<(Vec<Entry>, Vec<String>)> {
    let (entries, notes) = select(snapshot, config)?;
    if entries.is_empty() {
        let root = if config.root.is_empty() { "the repository root".to_owned() } else { format!("`{}`", config.root) };
        return Err(RunError::new(format!(
            "no roadlint documents found: the include globs ({}) match no file under {root}",
            config.include.join(", ")
        ))
        .hint("run `roadlint init` to start a roadmap, or fix `include` in .roadlint.yaml"));
    }
    Ok((entries, notes))
}

/// A check kept to check again after an edit (an editor's buffers):
/// the outcome, and what loading its documents found.
pub struct Kept {
    pub outcome: Outcome,
    /// The load rules' findings, before waivers and configuration.
    load: Vec<Diagnostic>,
    /// The working-tree files known unchanged while their stamps are.
    stamps: Stamps,
}

/// [`check`] again: documents whose bytes are those `previous` read are
/// taken from it, not parsed again (nor read, while their stamps are the
/// ones it recorded), and so are the policies' findings on
/// unchanged proposals when no other document changed (see
/// [`Reuse::policy_findings`]); the cross-file rules run anew. `previous`
/// must come from the same configuration, policies and date.
pub fn check_again(
    snapshot: &Snapshot<'_>,
    config: &Config,
    policies: &PolicySet,
    today: &str,
    previous: Option<&Kept>,
) -> Result<Kept> {
    let (entries, notes) = selected(snapshot, config)?;
    let reuse = match previous {
        Some(kept) => Reuse::new(&kept.outcome.workspace.files, &kept.load, &kept.outcome.policy_findings),
        None => Reuse::default(),
    };
    let no_stamps = Stamps::new();
    let stamps = previous.map_or(&no_stamps, |kept| &kept.stamps);
    let (files, load, stamps) = load_hashing(snapshot, config, &entries, &reuse, stamps)?;
    let found = find_in(files, load.clone(), notes, policies, today, &reuse, None)?;
    Ok(Kept { outcome: finish(found, config, policies, &Authority::default(), Vec::new()), load, stamps })
}

/// Checks documents given as (repository-relative path, bytes), without a
/// repository: everything [`check`] does once it has read the files, for
/// embedding, property tests and fuzzing. A file over
/// `limits.max_file_bytes` is reported as [`check`] reports it.
pub fn check_files(
    files: Vec<(String, Vec<u8>)>,
    config: &Config,
    policies: &PolicySet,
    today: &str,
) -> Result<Outcome> {
    let mut files = files;
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let (loaded, found): (Vec<File>, Vec<Vec<Diagnostic>>) = files
        .into_par_iter()
        .map(|(path, bytes)| {
            let size = bytes.len() as u64;
            let content =
                if size > config.limits.max_file_bytes { Content::TooLarge(size) } else { Content::Bytes(bytes) };
            let entry = Entry::new(path, None, EntryKind::File);
            load_one(&entry, content, config)
        })
        .unzip();
    let diagnostics = found.into_iter().flatten().collect();
    let found = find_in(loaded, diagnostics, Vec::new(), policies, today, &Reuse::default(), None)?;
    Ok(finish(found, config, policies, &Authority::default(), Vec::new()))
}

/// Every stage after loading, over documents already loaded (for
/// benchmarks and embedding).
pub fn evaluate(
    files: Vec<File>,
    diagnostics: Vec<Diagnostic>,
    notes: Vec<String>,
    config: &Config,
    policies: &PolicySet,
    today: &str,
) -> Result<Outcome> {
    let found = find_in(files, diagnostics, notes, policies, today, &Reuse::default(), None)?;
    Ok(finish(found, config, policies, &Authority::default(), Vec::new()))
}

/// The rules stage over documents already loaded: cross-file and
/// per-document rules and the policies. Fails only when the policies
/// overrun their time limit.
fn find_in(
    files: Vec<File>,
    mut diagnostics: Vec<Diagnostic>,
    mut notes: Vec<String>,
    policies: &PolicySet,
    today: &str,
    reuse: &Reuse<'_>,
    stand_in: Option<&File>,
) -> Result<Found> {
    let mut workspace = Workspace::new(files, today.to_owned());
    if let Some(base_roster) = stand_in.filter(|_| !workspace.has_sound_roster(&diagnostics)) {
        notes.push(format!(
            "the roster is missing or broken in this change: the base side's {} stands in for it, so every roster rule still applies",
            base_roster.path
        ));
        workspace.stand_in_roster(base_roster.clone());
    } else if workspace.roster.is_none() {
        notes.push(missing_roster_note(&workspace));
    }
    let workspace = Arc::new(workspace);
    // The policies run on their own thread meanwhile (see `PolicySet::check`).
    let (settled, mut policy_findings) = reuse.policy_findings(&workspace);
    let evaluation = policies.start(&workspace, Arc::new(settled))?;
    // The workspace rules are independent of each other: run them side by side.
    let found: Vec<Vec<Diagnostic>> = registry::RULES
        .par_iter()
        .filter_map(|rule| match rule.check {
            registry::Check::Workspace(check) => {
                let mut out = Vec::new();
                check(&workspace, &mut out);
                Some(out)
            }
            _ => None,
        })
        .collect();
    diagnostics.extend(found.into_iter().flatten());
    evaluation.wait(&mut policy_findings)?;
    diagnostics.extend(policy_findings.iter().cloned());
    // The policy worker has let go of it: this does not copy.
    let workspace = Arc::unwrap_or_clone(workspace);
    drop_what_misspelt_keys_explain(&workspace, &mut diagnostics);
    rules::unresolved_reference::suggest_for_rejected(&workspace, &mut diagnostics);
    Ok(Found { workspace, diagnostics, notes, policy_findings })
}

/// One problem, one diagnostic: a key a misspelt key was meant to be is
/// reported by `schema`'s "did you mean", not also by a rule that finds it
/// missing (a misspelt `telemetery:` is not also "no telemetry plan").
fn drop_what_misspelt_keys_explain(ws: &Workspace, diagnostics: &mut Vec<Diagnostic>) {
    let meant: HashMap<&str, &std::collections::BTreeSet<String>> =
        ws.files.iter().filter(|f| !f.meant.is_empty()).map(|f| (f.path.as_str(), &f.meant)).collect();
    if meant.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        d.rule == rules::schema::RULE.id || !meant.get(d.file.as_str()).is_some_and(|m| m.contains(&d.pointer))
    });
}

/// Why no roster was read: there is none, or the one there could not be read.
fn missing_roster_note(ws: &Workspace) -> String {
    let unread: Vec<&str> = ws
        .files
        .iter()
        .filter(|f| !f.is_parsed() && f.raw_kind.as_deref() == Some("Roster"))
        .map(|f| f.path.as_str())
        .collect();
    let what = "people's roles, team references and team capacity were not checked";
    match unread.as_slice() {
        [] => format!("no Roster document found: {what}"),
        paths => format!("the roster {} could not be read (see the problem reported in it): {what}", paths.join(", ")),
    }
}

/// The last stage: waivers (with what base mode says about who may
/// approve them), configured severities, fingerprints and report order.
/// `late` are findings to treat as this side's own (base mode's transition
/// rules, which a head waiver can cover).
pub fn finish(
    found: Found,
    config: &Config,
    policies: &PolicySet,
    authority: &Authority,
    late: Vec<Diagnostic>,
) -> Outcome {
    let Found { workspace, mut diagnostics, notes, policy_findings } = found;
    diagnostics.extend(late);
    let mut waivers = Waivers::judge(&workspace, policies, authority);
    let mut diagnostics = waivers.suppress(&workspace, diagnostics);
    diagnostics.extend(waivers.findings(&workspace));
    let mut diagnostics = configure(config, diagnostics);
    fingerprint::assign(&workspace, &mut diagnostics);
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Outcome { workspace, diagnostics, notes, policy_findings }
}

/// Applies `rules` and `overrides` from the configuration.
pub(crate) fn configure(config: &Config, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter_map(|mut d| {
            match config.setting(&d.rule, &d.file) {
                Some(Setting::Off) => return None,
                Some(Setting::Severity(severity)) if !d.pinned => d.severity = severity,
                _ => {}
            }
            Some(d)
        })
        .collect()
}

/// A JSON value as it would be written in YAML, for messages.
pub fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A workspace built from (path, text) pairs, read as `check` reads them
/// (parse, schema), for tests that need documents but no repository.
#[cfg(test)]
pub(crate) fn workspace_from(files: &[(&str, &str)], today: &str) -> Workspace {
    let config = Config::default();
    let mut loaded: Vec<File> = files
        .iter()
        .map(|(path, text)| {
            let entry = Entry::new((*path).to_owned(), None, EntryKind::File);
            load_one(&entry, Content::Bytes(text.as_bytes().to_vec()), &config).0
        })
        .collect();
    loaded.sort_by(|a, b| a.path.cmp(&b.path));
    Workspace::new(loaded, today.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{self, SpanMap};

    fn sorted(spans: &SpanMap) -> Vec<String> {
        let mut all: Vec<String> = spans.iter().map(|(pointer, node)| format!("{pointer} {node:?}")).collect();
        all.sort();
        all
    }

    #[test]
    fn a_loaded_file_rebuilds_the_spans_it_dropped() {
        let text = "apiVersion: roadlint/v1\nkind: Proposal\nid: P-1\ntitle: T\nowners:\n  product: ana\n";
        let entry = Entry::new("p.yaml".into(), None, EntryKind::File);
        let (file, _) = load_one(&entry, Content::Bytes(text.as_bytes().to_vec()), &Config::default());
        assert!(file.parsed().is_some_and(|doc| doc.spans.is_empty()), "the span map is dropped after loading");
        let parsed = parse::parse(text.as_bytes(), &Config::default().limits).document.expect("document");
        assert_eq!(sorted(file.spans().expect("spans")), sorted(&parsed.spans));
        assert_eq!(file.span("/owners/product").start, parse::Position::new(6, 12));
    }
}
