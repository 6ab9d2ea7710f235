//! Every rule, listed once. A rule module declares itself with
//! [`declare_rule!`]: its doc comment is both its rustdoc and what
//! `roadlint explain RULE` prints.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Workspace;
use crate::model::change::Change;

/// Where a rule's findings come from.
#[derive(Clone, Copy)]
pub enum Check {
    /// Produced while reading a file (parse, schema): depends on nothing
    /// but the file's bytes.
    Load,
    /// A function over the whole workspace.
    Workspace(fn(&Workspace, &mut Vec<Diagnostic>)),
    /// A rule of the built-in governance pack in `policies/`.
    Policy,
    /// Produced while judging waivers.
    Waiver,
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
    /// One line for `roadlint rules` and SARIF's short description; empty
    /// for a rule of the built-in pack, whose `description` says it (see
    /// [`RuleInfo::summary`]).
    summary: &'static str,
    /// Markdown: what it does, why it matters, example, use instead.
    pub doc: &'static str,
    pub check: Check,
    /// Whether a waiver may name it.
    pub waivable: bool,
    /// Whether it measures a proposal's side of the handshake (the
    /// report's governance health counts proposals that meet it).
    pub governs: bool,
}

impl RuleInfo {
    #[doc(hidden)]
    pub const fn new(
        id: &'static str,
        default_severity: Severity,
        summary: &'static str,
        doc: &'static str,
        check: Check,
        waivable: bool,
        governs: bool,
    ) -> RuleInfo {
        RuleInfo { id, default_severity, summary, doc, check, waivable, governs }
    }

    /// A diagnostic of this rule, at its declared severity.
    pub fn diagnostic(&self, file: impl Into<String>, span: crate::parse::Span) -> Diagnostic {
        Diagnostic::new(self.id, self.default_severity, file, span)
    }

    /// One line saying what the rule checks.
    pub fn summary(&self) -> &'static str {
        match self.check {
            Check::Policy => super::policy::pack_description(self.id).unwrap_or(self.summary),
            _ => self.summary,
        }
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
        $(summary: $summary:literal,)?
        check: $check:expr
        $(, waivable: $waivable:literal)?
        $(, governs: $governs:literal)?
        $(,)?
    ) => {
        $(#[doc = $doc])+
        pub static RULE: $crate::check::registry::RuleInfo = $crate::check::registry::RuleInfo::new(
            $id,
            $crate::diagnostic::Severity::$severity,
            concat!("" $(, $summary)?),
            concat!($($doc, "\n"),+),
            $check,
            true $(&& $waivable)?,
            false $(|| $governs)?,
        );
    };
}

/// Every built-in rule (every module of `check::rules`, by name).
pub use super::rules::RULES;

/// A built-in rule by id.
pub fn find(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().copied().find(|r| r.id == id)
}

/// `docs/rules.md`: every rule's documentation, generated from this registry.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# Rules\n\n<!-- Generated from src/check/rules by `UPDATE_DOCS=1 cargo test --test it docs`; do not edit. -->\n\n",
    );
    out.push_str("| rule | default | what it checks |\n| --- | --- | --- |\n");
    for rule in RULES {
        out.push_str(&format!("| [`{id}`](#{id}) | {} | {} |\n", rule.default_severity, rule.summary(), id = rule.id));
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
    fn every_rule_module_is_registered_and_its_lists_follow() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/check/rules");
        let mut modules: Vec<String> = std::fs::read_dir(dir)
            .expect("rules folder")
            .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(str::to_owned))
            .filter(|name| name != "mod")
            .collect();
        modules.sort();
        let ids: Vec<String> = RULES.iter().map(|r| r.id.replace('-', "_")).collect();
        assert_eq!(ids, modules, "a rule's id is its module's name, with dashes");
        // Side lists come from the rules' own declarations.
        let unwaivable: Vec<&str> = RULES.iter().filter(|r| !r.waivable).map(|r| r.id).collect();
        assert_eq!(unwaivable, ["duplicate-key", "schema", "waiver-expired", "waiver-invalid", "yaml-syntax"]);
        for rule in RULES {
            assert!(!rule.summary().is_empty(), "{} has no summary", rule.id);
        }
    }

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
