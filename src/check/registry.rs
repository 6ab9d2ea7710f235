//! Every rule, listed once. A rule module declares itself with
//! [`declare_rule!`]: its doc comment is both its rustdoc and what
//! `roadlint explain RULE` prints.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Workspace;
use crate::model::change::Change;

use super::rules;

/// Where a rule's findings come from.
#[derive(Clone, Copy)]
pub enum Check {
    /// Produced while reading a file (parse, schema).
    Pipeline,
    /// A function over the whole workspace.
    Workspace(fn(&Workspace, &mut Vec<Diagnostic>)),
    /// A rule of the built-in governance pack in `policies/`.
    Policy,
    /// Produced while applying waivers.
    Waivers,
    /// Base mode only: compares the two sides of a change.
    Transition(fn(&Change<'_>, &mut Findings)),
}

/// What the transition rules found, by the side their diagnostics point
/// into: head findings are waived and fingerprinted against the head,
/// base findings (deletions) against the base.
#[derive(Debug, Default)]
pub struct Findings {
    pub head: Vec<Diagnostic>,
    pub base: Vec<Diagnostic>,
}

/// Runs every transition rule over a change.
pub fn transitions(change: &Change<'_>) -> Findings {
    let mut findings = Findings::default();
    for rule in RULES {
        if let Check::Transition(check) = rule.check {
            check(change, &mut findings);
        }
    }
    findings
}

/// A rule's identity and documentation.
pub struct RuleInfo {
    pub id: &'static str,
    pub default_severity: Severity,
    /// One line for `roadlint rules` and SARIF's short description.
    pub summary: &'static str,
    /// Markdown: what it does, why it matters, example, use instead.
    pub doc: &'static str,
    pub check: Check,
}

impl RuleInfo {
    /// A diagnostic of this rule, at its declared severity.
    pub fn diagnostic(&self, file: impl Into<String>, span: crate::parse::Span) -> Diagnostic {
        Diagnostic::new(self.id, self.default_severity, file, span)
    }

    /// Whether a waiver may name this rule (SPEC section 4).
    pub fn waivable(&self) -> bool {
        !matches!(self.id, "yaml-syntax" | "duplicate-key" | "schema" | "waiver-expired" | "waiver-invalid")
    }

    /// The documentation with rustdoc's leading space removed from each line.
    pub fn documentation(&self) -> String {
        self.doc.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect::<Vec<_>>().join("\n").trim().to_owned()
    }
}

/// Declares a rule: `pub static RULE: RuleInfo` documented by its doc comment.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        id: $id:literal,
        severity: $severity:ident,
        summary: $summary:literal,
        check: $check:expr $(,)?
    ) => {
        $(#[doc = $doc])+
        pub static RULE: $crate::check::registry::RuleInfo = $crate::check::registry::RuleInfo {
            id: $id,
            default_severity: $crate::diagnostic::Severity::$severity,
            summary: $summary,
            doc: concat!($($doc, "\n"),+),
            check: $check,
        };
    };
}

/// Every built-in rule, in the order SPEC section 3 lists them.
pub static RULES: &[&RuleInfo] = &[
    &rules::yaml_syntax::RULE,
    &rules::duplicate_key::RULE,
    &rules::schema::RULE,
    &rules::duplicate_id::RULE,
    &rules::unresolved_reference::RULE,
    &rules::owner_pairing::RULE,
    &rules::estimate_required::RULE,
    &rules::telemetry_plan::RULE,
    &rules::value_score::RULE,
    &rules::roadmap_readiness::RULE,
    &rules::dependency_cycle::RULE,
    &rules::schedule_order::RULE,
    &rules::capacity::RULE,
    &rules::waiver_expired::RULE,
    &rules::waiver_invalid::RULE,
    &rules::waiver_unused::RULE,
    &rules::file_name::RULE,
    &rules::status_transition::RULE,
    &rules::id_changed::RULE,
    &rules::deleted_item::RULE,
];

/// A built-in rule by id.
pub fn find(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().copied().find(|r| r.id == id)
}

/// `docs/rules.md`: every rule's documentation, generated from this registry.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# Rules\n\n<!-- Generated from src/check/rules by `UPDATE_DOCS=1 cargo test --test docs`; do not edit. -->\n\n",
    );
    out.push_str("| rule | default | what it checks |\n| --- | --- | --- |\n");
    for rule in RULES {
        out.push_str(&format!("| [`{id}`](#{id}) | {} | {} |\n", rule.default_severity, rule.summary, id = rule.id));
    }
    for rule in RULES {
        // Demote the rule's own headings one level under its title.
        let body = rule.documentation().replace("\n## ", "\n### ");
        let body = body.strip_prefix("## ").map_or(body.clone(), |b| format!("### {b}"));
        out.push_str(&format!("\n## {}\n\nDefault severity: **{}**.\n\n{body}\n", rule.id, rule.default_severity));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_documented() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        for rule in RULES {
            let doc = rule.documentation();
            for section in ["## What it does", "## Why it matters", "## Example", "## Use instead"] {
                assert!(doc.contains(section), "{} lacks {section}", rule.id);
            }
        }
    }
}
