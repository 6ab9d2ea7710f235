//! Policies: the built-in governance pack and custom `kind: Policy` rules,
//! written as CEL expressions (SPEC section 2).
//!
//! (Being implemented: this first cut loads no policy.)

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Result;
use crate::model::Workspace;
use crate::source::Snapshot;

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
#[derive(Default)]
pub struct PolicySet {
    infos: Vec<PolicyRuleInfo>,
}

impl PolicySet {
    /// The built-in pack plus the configuration's `policies`, read from `snapshot`.
    pub fn load(_snapshot: &Snapshot<'_>, _config: &Config) -> Result<PolicySet> {
        Ok(PolicySet::default())
    }

    /// Ids of the custom (non-built-in) policy rules.
    pub fn rule_ids(&self) -> Vec<&str> {
        self.infos.iter().filter(|i| i.origin != "built-in").map(|i| i.id.as_str()).collect()
    }

    pub fn infos(&self) -> &[PolicyRuleInfo] {
        &self.infos
    }

    pub fn check(&self, _workspace: &Workspace, _out: &mut Vec<Diagnostic>) {}
}
