//! The one diagnostic model every check produces and every report renders.

use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How much a finding matters. `Info` never fails a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary place that explains the primary one, possibly in another file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub file: String,
    pub span: Span,
    pub message: String,
}

/// A safe edit with one right answer (`--fix`, editor code actions):
/// replace the text of `span`, in the diagnostic's file, by `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub span: Span,
    pub replacement: String,
    /// What the edit does, for people: "replace `telemetery` with `telemetry`".
    pub title: String,
}

/// One finding, pointing at one place in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// A built-in rule id or a custom policy rule id.
    pub rule: String,
    pub severity: Severity,
    /// One sentence saying what is wrong.
    pub message: String,
    /// Repository-relative path with `/` separators.
    pub file: String,
    pub span: Span,
    /// What the underline says, short.
    pub label: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The id the finding is about: a proposal or item id, `TEAM/QUARTER`.
    pub subject: Option<String>,
    /// JSON pointer of the node the finding is about.
    pub pointer: String,
    pub related: Vec<Related>,
    /// Base-mode identity (docs/base-mode.md), filled in before reporting.
    pub fingerprint: String,
    /// Configuration does not change this finding's severity (the capacity
    /// rule's over-planned warning stays a warning).
    pub pinned: bool,
    /// The one safe edit that resolves it, when there is exactly one.
    /// Never part of the existing report formats.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(rule: impl Into<String>, severity: Severity, file: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            rule: rule.into(),
            severity,
            message: String::new(),
            file: file.into(),
            span,
            label: String::new(),
            help: None,
            subject: None,
            pointer: String::new(),
            related: Vec::new(),
            fingerprint: String::new(),
            pinned: false,
            fix: None,
        }
    }

    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    pub fn pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = pointer.into();
        self
    }

    /// Points the diagnostic somewhere else in its file, with a new label
    /// (its pointer stays what it is about).
    pub fn relocate(mut self, span: Span, label: impl Into<String>) -> Self {
        self.span = span;
        self.label = label.into();
        self
    }

    /// Offers replacing `span` (in this diagnostic's file) by `replacement`.
    pub fn fix(mut self, span: Span, replacement: impl Into<String>, title: impl Into<String>) -> Self {
        self.fix = Some(Fix { span, replacement: replacement.into(), title: title.into() });
        self
    }

    pub fn related(mut self, file: impl Into<String>, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related { file: file.into(), span, message: message.into() });
        self
    }

    /// docs/output.md order: file, line, column, rule.
    pub fn sort_key(&self) -> (&str, u32, u32, &str) {
        (&self.file, self.span.start.line, self.span.start.column, &self.rule)
    }
}

/// Counts by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let mut counts = Counts::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        counts
    }
}
