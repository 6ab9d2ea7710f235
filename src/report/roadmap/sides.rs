//! Which documents a report describes and how they are checked: the head
//! snapshot, and in base mode also the merge base, both judged by one
//! configuration and policy set exactly as `roadlint check` would judge
//! them (in base mode the base side's, so a pull request cannot change
//! what the report counts as healthy).

use crate::check::Outcome;
use crate::check::policy::{AppliesTo, BUILT_IN, PolicySet};
use crate::check::rules::{estimate_required, owner_pairing, telemetry_plan, value_score};
use crate::check::config::{Config, Setting};
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::session::Session;

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

/// Checks the head (and in base mode the merge base) as `roadlint check`
/// would, through the same session.
pub fn load(session: &Session<'_>) -> Result<Sides> {
    let roadmap = session.roadmap()?;
    let judged = session.judge(&roadmap, false)?;
    let governed = governed_rules(&roadmap.config, &roadmap.policies);
    let base = judged.base.map(|(commit, outcome)| (commit.map(|c| c.to_string()).unwrap_or_default(), outcome));
    Ok(Sides { head: judged.head, base, reported: judged.diagnostics, governed })
}

/// The rules a proposal is measured against: the product/engineering
/// handshake (the built-in governance pack and `value-score`) and the
/// custom policy rules that apply to proposals, minus those the
/// configuration turns off.
///
/// Rules on roadmap items are left out: their diagnostics point at items,
/// never into a proposal, so counting proposals that "meet" them would flatter.
fn governed_rules(config: &Config, policies: &PolicySet) -> Vec<String> {
    let built_in = [&owner_pairing::RULE, &estimate_required::RULE, &telemetry_plan::RULE, &value_score::RULE]
        .map(|r| r.id.to_owned());
    let custom = policies
        .infos()
        .iter()
        .filter(|i| i.origin != BUILT_IN && i.applies_to == AppliesTo::Proposal)
        .map(|i| i.id.clone());
    built_in.into_iter().chain(custom).filter(|id| !matches!(config.rules.get(id), Some((Setting::Off, _)))).collect()
}
