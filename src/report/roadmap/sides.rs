//! Which documents a report describes and how they are checked: the head
//! snapshot, and in base mode also the merge base, both judged by one
//! configuration and policy set exactly as `roadlint check` would judge
//! them (in base mode the base side's, so a pull request cannot change
//! what the report counts as healthy).

use crate::check::policy::{AppliesTo, BUILT_IN, PolicySet};
use crate::check::rules::{estimate_required, owner_pairing, telemetry_plan, value_score};
use crate::check::{self, Outcome};
use crate::cli::{known_rule_ids, load_config};
use crate::config::{Config, Setting};
use crate::error::Result;
use crate::source::{Repo, Revision, Snapshot};
use std::path::Path;

/// The checked documents of a report.
pub struct Sides {
    /// The head: the working tree, the index or `--rev`.
    pub head: Outcome,
    /// Base mode: the merge base's commit id and its check.
    pub base: Option<(String, Outcome)>,
    /// The policy rules that govern proposals, for governance health.
    pub governed: Vec<String>,
}

/// Where a report's documents come from, as the command line gives it.
pub struct Source<'a> {
    pub repo: &'a Repo,
    pub revision: &'a Revision,
    pub head: &'a Snapshot<'a>,
    /// `--base REV`.
    pub base: Option<&'a str>,
    /// `--config FILE`, relative to `start`.
    pub config: Option<&'a Path>,
    pub start: &'a Path,
    pub today: &'a str,
}

/// Checks the head (and in base mode the merge base).
pub fn load(source: &Source<'_>) -> Result<Sides> {
    let Some(base) = source.base else {
        let (config, policies) = governing(source, source.head)?;
        let head = check::check(source.head, &config, &policies, source.today)?;
        let governed = governed_rules(&config, &policies);
        return Ok(Sides { head, base: None, governed });
    };
    let repo = source.repo;
    let commit = repo.merge_base(base, repo.head_commit(source.revision)?)?;
    let snapshot = repo.snapshot(&Revision::Rev(commit.to_string()))?;
    let (config, policies) = governing(source, &snapshot)?;
    let head = check::check(source.head, &config, &policies, source.today)?;
    let base_side = crate::base::check_base(&snapshot, &config, &policies, source.today, &Default::default())?;
    let governed = governed_rules(&config, &policies);
    Ok(Sides { head, base: Some((commit.to_string(), base_side)), governed })
}

/// The configuration and policies read from `snapshot`, validated as
/// `check` validates them.
fn governing(source: &Source<'_>, snapshot: &Snapshot<'_>) -> Result<(Config, PolicySet)> {
    let config = load_config(source.repo, snapshot, source.config, source.start)?;
    let policies = PolicySet::load(snapshot, &config)?;
    config.check_rule_ids(&known_rule_ids(&policies))?;
    Ok((config, policies))
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
