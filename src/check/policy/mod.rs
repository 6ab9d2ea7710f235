//! Policies: the built-in governance pack and custom `kind: Policy` rules,
//! written as CEL expressions (SPEC section 2).
//!
//! A run loads the pack (`policies/*.yaml`, built into the binary) and the
//! configuration's `policies` files once, compiling every expression once
//! (`load`); then each rule is evaluated over every proposal or roadmap
//! item it applies to (`eval`), on the governance view of the documents
//! (`view`).
//!
//! roadlint extends the Policy format of SPEC section 2 with `help`,
//! `from_status`, `also_when_committed` and `checks`; see
//! `schemas/policy.schema.json` and `policies/governance.yaml`.

mod eval;
mod expr;
mod load;
mod view;

#[cfg(test)]
mod tests;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Result;
use crate::model::{Status, Workspace};
use crate::source::Snapshot;
use cel::Env;
use expr::{Expr, Template};
use std::sync::Arc;

/// What `origin` says for the rules of the built-in governance pack.
pub const BUILT_IN: &str = "built-in";

/// A policy rule as `roadlint rules` lists it.
#[derive(Debug, Clone)]
pub struct PolicyRuleInfo {
    pub id: String,
    pub severity: Severity,
    pub description: String,
    /// Where the rule is defined: `built-in` or a repository path.
    pub origin: String,
}

/// Every policy rule in force for a run, compiled once.
pub struct PolicySet {
    /// The CEL environment the expressions were compiled for and run in.
    env: Arc<Env>,
    infos: Vec<PolicyRuleInfo>,
    /// `rules[i]` is the compiled form of `infos[i]`.
    rules: Vec<Rule>,
}

impl Default for PolicySet {
    /// No rules at all, not even the built-in pack (for listing rules when
    /// no repository is at hand).
    fn default() -> Self {
        PolicySet {
            env: Arc::new(Env::stdlib()),
            infos: Vec::new(),
            rules: Vec::new(),
        }
    }
}

impl PolicySet {
    /// The built-in pack plus the configuration's `policies`, read from
    /// `snapshot`. Any problem in a policy file is a configuration error.
    pub fn load(snapshot: &Snapshot<'_>, config: &Config) -> Result<PolicySet> {
        let custom = config
            .policies
            .iter()
            .map(|path| load::read(snapshot, config, path))
            .collect::<Result<Vec<(String, Vec<u8>)>>>()?;
        PolicySet::build(config, &custom)
    }

    /// The built-in pack plus custom policy files given as (path, bytes).
    fn build(config: &Config, custom: &[(String, Vec<u8>)]) -> Result<PolicySet> {
        let env = Arc::new(Env::stdlib());
        let mut loader = load::Loader::new(&env, config);
        for (path, text) in load::PACK {
            loader.add(path, text.as_bytes(), true)?;
        }
        for (path, bytes) in custom {
            loader.add(path, bytes, false)?;
        }
        let (infos, rules) = loader.finish();
        Ok(PolicySet { env, infos, rules })
    }

    /// Ids of the custom (non-built-in) policy rules.
    pub fn rule_ids(&self) -> Vec<&str> {
        self.infos
            .iter()
            .filter(|i| i.origin != BUILT_IN)
            .map(|i| i.id.as_str())
            .collect()
    }

    /// Every loaded rule: the built-in pack's, then the custom ones.
    pub fn infos(&self) -> &[PolicyRuleInfo] {
        &self.infos
    }

    /// Evaluates every rule over the workspace.
    pub fn check(&self, workspace: &Workspace, out: &mut Vec<Diagnostic>) {
        if self.rules.is_empty() {
            return;
        }
        let rules: Vec<(&PolicyRuleInfo, &Rule)> = self.infos.iter().zip(&self.rules).collect();
        eval::run(&self.env, &rules, workspace, out);
    }
}

/// What a rule is evaluated on (`applies_to`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AppliesTo {
    /// Every proposal, as `proposal`.
    Proposal,
    /// Every roadmap item whose proposal and team resolve, as `item`,
    /// `proposal` and `team`.
    RoadmapItem,
}

/// A rule, compiled.
#[derive(Debug)]
struct Rule {
    applies_to: AppliesTo,
    /// Gates every requirement; a missing field makes it false.
    when: Option<Expr>,
    /// Applies only to proposals at this status or later.
    from_status: Option<Status>,
    /// Also applies to proposals that a `committed` item schedules.
    also_when_committed: bool,
    /// `require` + `message`, or each entry of `checks`.
    requirements: Vec<Requirement>,
}

/// One condition that must hold, and what to say when it does not.
#[derive(Debug)]
struct Requirement {
    when: Option<Expr>,
    require: Expr,
    message: Template,
    help: Option<Template>,
    /// JSON pointer of the node the diagnostic points at, relative to the
    /// document or item; empty for the document or item itself.
    path: String,
}
