//! Which documents a report describes and how they are checked: the head
//! snapshot, and in base mode also the merge base, both judged by one
//! configuration and policy set exactly as `roadlint check` would judge
//! them (in base mode the base side's, so a pull request cannot change
//! what the report counts as healthy).

use crate::check::policy::{BUILT_IN, PolicySet};
use crate::check::rules::{estimate_required, owner_pairing, telemetry_plan, value_score};
use crate::check::{self, Outcome};
use crate::cli::{known_rule_ids, load_config};
use crate::config::{Config, Setting};
use crate::error::Result;
use crate::model::Workspace;
use crate::source::{Content, Repo, Revision, Snapshot};
use serde_json::Value;
use std::collections::HashSet;
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
        let governed = governed_rules(source.head, &config, &policies);
        return Ok(Sides { head, base: None, governed });
    };
    let repo = source.repo;
    let commit = repo.merge_base(base, repo.head_commit(source.revision)?)?;
    let snapshot = repo.snapshot(&Revision::Rev(commit.to_string()))?;
    let (config, policies) = governing(source, &snapshot)?;
    let head = check::check(source.head, &config, &policies, source.today)?;
    let base_side = check_base(&snapshot, &config, &policies, source.today)?;
    let governed = governed_rules(&snapshot, &config, &policies);
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

/// A base without documents (the pull request adds the first roadmap) is
/// an empty side, not an error: everything in the head is new.
fn check_base(snapshot: &Snapshot<'_>, config: &Config, policies: &PolicySet, today: &str) -> Result<Outcome> {
    let (entries, _) = check::select(snapshot, config)?;
    if entries.is_empty() {
        return Ok(Outcome {
            workspace: Workspace::new(Vec::new(), today.to_owned()),
            diagnostics: Vec::new(),
            notes: Vec::new(),
        });
    }
    check::check(snapshot, config, policies, today)
}

/// The rules a proposal is measured against: the product/engineering
/// handshake (the built-in governance pack and `value-score`) and the
/// custom policy rules that apply to proposals, minus those the
/// configuration turns off.
fn governed_rules(snapshot: &Snapshot<'_>, config: &Config, policies: &PolicySet) -> Vec<String> {
    let item_rules = item_rule_ids(snapshot, config);
    let built_in = [&owner_pairing::RULE, &estimate_required::RULE, &telemetry_plan::RULE, &value_score::RULE]
        .map(|r| r.id.to_owned());
    let custom =
        policies.infos().iter().filter(|i| i.origin != BUILT_IN && !item_rules.contains(&i.id)).map(|i| i.id.clone());
    built_in.into_iter().chain(custom).filter(|id| !matches!(config.rules.get(id), Some((Setting::Off, _)))).collect()
}

/// Ids of custom rules declared `applies_to: RoadmapItem`. Their
/// diagnostics point at roadmap items, never into a proposal, so counting
/// proposals that "meet" them would flatter. The policy set does not keep
/// what a rule applies to, so the files it loaded are read again; they
/// already loaded cleanly, and a file that cannot be read here only means
/// its rules are counted as proposal rules.
fn item_rule_ids(snapshot: &Snapshot<'_>, config: &Config) -> HashSet<String> {
    let mut ids = HashSet::new();
    for path in &config.policies {
        let Ok(Some(Content::Bytes(bytes))) =
            snapshot.read_path(path.trim_start_matches("./"), config.limits.max_file_bytes)
        else {
            continue;
        };
        let Some(doc) = crate::parse::parse(&bytes, &config.limits).document else {
            continue;
        };
        let rules = doc.value.get("rules").and_then(Value::as_array);
        for rule in rules.into_iter().flatten() {
            if rule.get("applies_to").and_then(Value::as_str) == Some("RoadmapItem")
                && let Some(id) = rule.get("id").and_then(Value::as_str)
            {
                ids.insert(id.to_owned());
            }
        }
    }
    ids
}
