//! Pull-request mode (`--base REV`, docs/base-mode.md): only problems the
//! change introduces.
//!
//! The change runs from the merge base of REV and the head commit to the
//! head snapshot (a revision, the index or the working tree). Both sides are
//! checked with the base side's configuration and policies (the session
//! reads them there), so a change cannot weaken the policy it is judged by.
//! Head diagnostics whose fingerprint the base already had are old debt and
//! left out (unless `--all`); the transition rules, which compare the sides,
//! are always new.
//!
//! What the base knows also guards the head (docs/base-mode.md, "Trust"):
//! its roster stands in for a head roster that is missing or broken, and
//! only people it lists can approve the waivers a change adds.

mod edits;
mod ratchet;

use crate::check::config::Config;
use crate::check::registry;
use crate::check::reuse::Reuse;
use crate::check::rules::{file_name, id_changed};
use crate::check::waivers::Authority;
use crate::check::{self, fingerprint, policy::PolicySet};
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::model::Workspace;
use crate::model::change::Change;
use crate::source::{Repo, Snapshot};
use git2::Oid;
use std::collections::{HashMap, HashSet};

/// The two sides of a change, as the session opened them.
pub struct Sides<'a> {
    pub repo: &'a Repo,
    pub head: &'a Snapshot<'a>,
    /// The merge base and its snapshot; `None` for an empty base (an
    /// unborn HEAD: everything is new).
    pub base: Option<(Oid, &'a Snapshot<'a>)>,
    /// Whether the configuration was discovered (not `--config FILE`), so
    /// that edits to `.roadlint.yaml` files are worth a note.
    pub config_discovered: bool,
}

/// What base mode reports.
pub struct Outcome {
    /// New problems (every head problem with `--all`) and transition findings.
    pub diagnostics: Vec<Diagnostic>,
    pub notes: Vec<String>,
    /// The head side's check, transition findings included.
    pub head: check::Outcome,
    pub base: check::Outcome,
    /// Base-side texts of files that findings point into but the head does
    /// not hold as they are meant (a deleted proposal, a roadmap that lost
    /// a committed item, a roster that stands in), for their snippets.
    pub base_texts: HashMap<String, String>,
}

/// Runs base mode with the configuration and policies that govern it.
pub fn run(sides: &Sides<'_>, config: &Config, policies: &PolicySet, today: &str, all: bool) -> Result<Outcome> {
    let base_side = match sides.base {
        Some((_, snapshot)) => check_base(snapshot, config, policies, today)?,
        None => empty_side(today),
    };
    let reuse = Reuse::new(&base_side.workspace.files, &base_side.diagnostics, &base_side.policy_findings);
    let stand_in = base_side.workspace.roster.as_ref().and(base_side.workspace.roster_file());
    let found = check::find(sides.head, config, policies, today, &reuse, stand_in)?;
    let renames = match sides.base {
        Some((commit, _)) => sides.head.renames_from(commit, &config.root)?,
        None => HashMap::new(),
    };
    let (authority, transitions, mut notes, found) = {
        let mut found = found;
        let change = Change::new(&base_side.workspace, &found.workspace, &renames);
        let authority = authority(&change, sides.base.is_some());
        let mut notes = Vec::new();
        notes.extend(edits::added_waivers(&change, &authority));
        notes.extend(edits::roster_changes(&change));
        let transitions = registry::transitions(&change);
        drop(change);
        // A file whose id changed is named for its old id: that is the
        // `id-changed` problem, not also a `file-name` one.
        let renamed: Vec<&str> =
            transitions.head.iter().filter(|d| d.rule == id_changed::RULE.id).map(|d| d.file.as_str()).collect();
        found.diagnostics.retain(|d| d.rule != file_name::RULE.id || !renamed.contains(&d.file.as_str()));
        (authority, transitions, notes, found)
    };
    // A head waiver covers the transition findings on its proposal too
    // (say, importing a proposal that shipped before the roadmap moved
    // into git); `deleted-item` points into the base version, which no
    // head waiver covers.
    let head_side = check::finish(found, config, policies, &authority, transitions.head);
    let mut deleted = check::configure(config, transitions.base);
    fingerprint::assign(&base_side.workspace, &mut deleted);

    let change = Change::new(&base_side.workspace, &head_side.workspace, &renames);
    let (mut diagnostics, predating) = if all {
        (head_side.diagnostics.clone(), 0)
    } else {
        ratchet::introduced(head_side.diagnostics.clone(), &base_side.diagnostics, &change)
    };
    let base_texts = base_texts(&change, &diagnostics, &deleted);
    diagnostics.extend(deleted);
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));

    let mut all_notes = head_side.notes.clone();
    if let Some((_, base_snapshot)) = sides.base {
        all_notes.extend(edits::notes(config, sides.config_discovered, &sides.repo.prefix, base_snapshot, sides.head)?);
    }
    all_notes.append(&mut notes);
    if predating > 0 {
        all_notes.push(predating_note(predating));
    }
    drop(change);
    Ok(Outcome { diagnostics, notes: all_notes, head: head_side, base: base_side, base_texts })
}

/// The base side's check. A base without documents (the change adds the
/// first roadmap) is an empty side, not an error: everything is new.
fn check_base(snapshot: &Snapshot<'_>, config: &Config, policies: &PolicySet, today: &str) -> Result<check::Outcome> {
    let (entries, _) = check::select(snapshot, config)?;
    if entries.is_empty() {
        return Ok(empty_side(today));
    }
    check::check(snapshot, config, policies, today)
}

fn empty_side(today: &str) -> check::Outcome {
    check::Outcome {
        workspace: Workspace::new(Vec::new(), today.to_owned()),
        diagnostics: Vec::new(),
        notes: Vec::new(),
        policy_findings: Vec::new(),
    }
}

/// Who may approve the head's waivers: the people of the base roster (none
/// when the base has no roster), and the waivers each head proposal's base
/// version already had. An empty base has no roster to defer to: the head
/// judges itself, as outside base mode.
fn authority(change: &Change<'_>, has_base: bool) -> Authority {
    if !has_base {
        return Authority::default();
    }
    let approvers: HashSet<String> =
        change.base.roster.as_ref().map(|r| r.people.keys().cloned().collect()).unwrap_or_default();
    let mut standing = HashMap::new();
    for file in change.head.files.iter().filter(|f| f.kind == Some(crate::model::SchemaKind::Proposal)) {
        let Some(before) = change.base_version(file) else { continue };
        if let Some(list) = before.value().get("waivers").and_then(serde_json::Value::as_array) {
            standing.insert(file.path.clone(), list.clone());
        }
    }
    Authority { approvers: Some(approvers), standing }
}

fn predating_note(count: usize) -> String {
    if count == 1 {
        "base mode: 1 problem that predates this change is not reported".to_owned()
    } else {
        format!("base mode: {count} problems that predate this change are not reported")
    }
}

/// Base-side texts for snippets: a file only base-side findings point into
/// (a deleted proposal, a roadmap that lost a committed item), and a file
/// head findings point into that the head does not hold (the base roster
/// standing in for a deleted one). When both sides point into one file the
/// head text wins; base-side messages say "shown in the base version" for
/// that case.
fn base_texts(change: &Change<'_>, head_side: &[Diagnostic], base_side: &[Diagnostic]) -> HashMap<String, String> {
    let places = |d: &Diagnostic| {
        std::iter::once(d.file.clone()).chain(d.related.iter().map(|r| r.file.clone())).collect::<Vec<_>>()
    };
    let head_paths: HashSet<String> = head_side.iter().flat_map(places).collect();
    let mut texts = HashMap::new();
    let wanted = base_side.iter().map(|d| d.file.clone()).filter(|path| !head_paths.contains(path));
    let missing = head_paths.iter().filter(|path| change.head_file(path).is_none()).cloned();
    for path in wanted.chain(missing) {
        if let Some(file) = change.base_file(&path) {
            texts.insert(file.path.clone(), file.text.clone());
        }
    }
    texts
}
