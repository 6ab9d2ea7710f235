//! Which documents a report describes: the head, and in base mode also the
//! merge base, both judged by the session exactly as `roadlint check` judges
//! them (in base mode by the base side's configuration and policies, so a
//! pull request cannot change what the report counts as healthy).

use crate::check::Outcome;
use crate::check::config::{Config, Setting};
use crate::check::policy::{AppliesTo, BUILT_IN, PolicySet};
use crate::check::registry;
use crate::diagnostic::Diagnostic;

/// The checked documents of a report.
pub struct Sides {
    /// The head: the working tree, the index or `--rev`.
    pub head: Outcome,
    /// Base mode: the merge base's commit id (empty for an empty base) and its check.
    pub base: Option<(String, Outcome)>,
    /// What `roadlint check` reports for the same request: the head's
    /// diagnostics, or in base mode the ones the change introduces.
    pub reported: Vec<Diagnostic>,
    /// The policy rules that govern proposals, for governance health.
    pub governed: Vec<String>,
}

/// The rules a proposal is measured against: the product/engineering
/// handshake (the built-in governance pack and `value-score`) and the
/// custom policy rules that apply to proposals, minus those the
/// configuration turns off.
///
/// Rules on roadmap items are left out: their diagnostics point at items,
/// never into a proposal, so counting proposals that "meet" them would flatter.
pub fn governed_rules(config: &Config, policies: &PolicySet) -> Vec<String> {
    let built_in = registry::RULES.iter().filter(|r| r.governs).map(|r| r.id.to_owned());
    let custom = policies
        .infos()
        .iter()
        .filter(|i| i.origin != BUILT_IN && i.applies_to == AppliesTo::Proposal)
        .map(|i| i.id.clone());
    built_in.chain(custom).filter(|id| !matches!(config.rules.get(id), Some((Setting::Off, _)))).collect()
}
