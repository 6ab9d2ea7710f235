//! Pull-request mode (`--base REV`, SPEC section 6): only problems the
//! change introduces.
//!
//! The change runs from the merge base of REV and the head commit to the
//! head snapshot (a revision, the index or the working tree). Both sides are
//! checked with the base side's configuration and policies, so a change
//! cannot weaken the policy it is judged by. Head diagnostics whose
//! fingerprint the base already had are old debt and left out (unless
//! `--all`); the transition rules, which compare the sides, are always new.

mod change;
mod edits;
mod ratchet;
mod transitions;

use crate::check::registry::{self, Check};
use crate::check::{self, fingerprint, policy::PolicySet, waivers};
use crate::cli::{known_rule_ids, load_config};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::model::Workspace;
use crate::source::{Repo, Revision, Snapshot};
use change::Change;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use transitions::Findings;

/// What base mode reports.
pub struct Outcome {
    /// New problems (every head problem with `--all`) and transition findings.
    pub diagnostics: Vec<Diagnostic>,
    pub notes: Vec<String>,
    /// Documents read on the head side.
    pub files: usize,
    /// File texts by path, for snippets: the head's, or the base's for a
    /// file only `deleted-item` points into (see [`texts`]).
    pub texts: HashMap<String, String>,
}

/// Runs base mode. `explicit_config` is `--config FILE`, which then governs
/// both sides; `start` is the directory it is relative to.
#[allow(clippy::too_many_arguments)]
pub fn run(
    repo: &Repo,
    revision: &Revision,
    head: &Snapshot<'_>,
    base: &str,
    explicit_config: Option<&Path>,
    start: &Path,
    today: &str,
    all: bool,
) -> Result<Outcome> {
    let base_commit = repo.merge_base(base, repo.head_commit(revision)?)?;
    let base_snapshot = repo.snapshot(&Revision::Rev(base_commit.to_string()))?;
    let config = load_config(repo, &base_snapshot, explicit_config, start)?;
    let policies = PolicySet::load(&base_snapshot, &config)?;
    config.check_rule_ids(&known_rule_ids(&policies))?;

    let head_side = check::check(head, &config, &policies, today)?;
    let reuse =
        check::reuse::Reuse::new(&head_side.workspace.files, &head_side.diagnostics, &head_side.policy_findings);
    let base_side = check_base(&base_snapshot, &config, &policies, today, &reuse)?;
    let renames = head.renames_from(base_commit, &config.root)?;
    let change = Change::new(&base_side.workspace, &head_side.workspace, &renames);

    let (mut diagnostics, predating) = if all {
        (head_side.diagnostics, 0)
    } else {
        ratchet::introduced(head_side.diagnostics, &base_side.diagnostics, &change)
    };
    let transitions = transition_diagnostics(&change, &config, &policies);
    diagnostics.extend(transitions.head);
    let texts = texts(&change, &diagnostics, &transitions.base);
    diagnostics.extend(transitions.base);
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));

    let mut notes = head_side.notes;
    notes.extend(edits::notes(&config, explicit_config.is_none(), &repo.prefix, &base_snapshot, head)?);
    notes.extend(edits::added_waivers(change.base, change.head));
    if predating > 0 {
        notes.push(predating_note(predating));
    }
    let files = change.head.files.len();
    drop(change);
    crate::model::drop_in_background((head_side.workspace, base_side.workspace));
    Ok(Outcome { texts, files, diagnostics, notes })
}

/// The base side's check. A base without documents (the change adds the
/// first roadmap) is an empty side, not an error: everything is new.
pub(crate) fn check_base(
    snapshot: &Snapshot<'_>,
    config: &Config,
    policies: &PolicySet,
    today: &str,
    reuse: &check::reuse::Reuse<'_>,
) -> Result<check::Outcome> {
    let (entries, _) = check::select(snapshot, config)?;
    if entries.is_empty() {
        return Ok(check::Outcome {
            workspace: Workspace::new(Vec::new(), today.to_owned()),
            diagnostics: Vec::new(),
            notes: Vec::new(),
            policy_findings: Vec::new(),
        });
    }
    check::check_reusing(snapshot, config, policies, today, reuse)
}

/// The transition rules' findings, finished as `check` finishes any rule's:
/// waivers, configured severities, fingerprints.
///
/// SPEC section 4 lets a waiver name any rule but the parse, schema and
/// waiver rules, so a head proposal's waiver covers `status-transition` and
/// `id-changed` on it (say, importing a proposal that shipped before the
/// roadmap moved into git). `deleted-item` points into the base version,
/// which no head waiver covers.
fn transition_diagnostics(change: &Change<'_>, config: &Config, policies: &PolicySet) -> Findings {
    let findings = transitions::check(change);
    // `apply` also reports the waivers' own problems; the head check
    // already did, so keep only the transition findings that survive.
    let waived = waivers::apply(change.head, policies, findings.head);
    let is_transition = |d: &Diagnostic| registry::find(&d.rule).is_some_and(|r| matches!(r.check, Check::Transition));
    let mut head = check::configure(config, waived.into_iter().filter(is_transition).collect());
    fingerprint::assign(change.head, &mut head);
    let mut base = check::configure(config, findings.base);
    fingerprint::assign(change.base, &mut base);
    Findings { head, base }
}

fn predating_note(count: usize) -> String {
    if count == 1 {
        "base mode: 1 problem that predates this change is not reported".to_owned()
    } else {
        format!("base mode: {count} problems that predate this change are not reported")
    }
}

/// Texts for the report, one per path: the head's documents, except that a
/// file only base-side findings point into (a deleted proposal, a roadmap
/// that lost a committed item) gets its base text, so their snippets show
/// the lines they name. When both sides point into one file the head text
/// wins; base-side messages say "shown in the base version" for that case.
fn texts(change: &Change<'_>, head_side: &[Diagnostic], base_side: &[Diagnostic]) -> HashMap<String, String> {
    let mut texts: HashMap<String, String> =
        change.head.files.iter().map(|f| (f.path.clone(), f.text.clone())).collect();
    let head_paths: HashSet<&str> = head_side
        .iter()
        .flat_map(|d| std::iter::once(d.file.as_str()).chain(d.related.iter().map(|r| r.file.as_str())))
        .collect();
    for d in base_side {
        if let Some(file) = change.base_file(&d.file).filter(|f| !head_paths.contains(f.path.as_str())) {
            texts.insert(file.path.clone(), file.text.clone());
        }
    }
    texts
}
