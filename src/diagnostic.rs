//! The one diagnostic model every check produces and every report renders.

use crate::parse::Span;
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
    /// Base-mode identity (SPEC section 6), filled in before reporting.
    pub fingerprint: String,
    /// Configuration does not change this finding's severity (the capacity
    /// rule's over-planned warning stays a warning).
    pub pinned: bool,
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

    pub fn related(mut self, file: impl Into<String>, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related { file: file.into(), span, message: message.into() });
        self
    }

    /// SPEC section 7 order: file, line, column, rule.
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

/// Closest candidate by edit distance, for "did you mean …?" hints.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word: Vec<char> = word.chars().collect();
    let limit = (word.len() / 3).max(2);
    let mut scratch = Scratch::default();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        scratch.other.clear();
        scratch.other.extend(candidate.chars());
        // The distance is at least the difference in length: skip the matrix.
        if scratch.other.len().abs_diff(word.len()) > limit {
            continue;
        }
        // Never suggest something closer to nothing than to the word.
        let bound = limit.min(scratch.other.len().max(1) - 1);
        let Some(distance) = scratch.distance(&word, bound) else { continue };
        if best.is_none_or(|(d, c)| (distance, candidate) < (d, c)) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Buffers reused across the candidates of one search: "did you mean"
/// runs over every id of a large repository for each unresolved reference.
#[derive(Default)]
struct Scratch {
    other: Vec<char>,
    rows: [Vec<usize>; 3],
}

impl Scratch {
    /// Edit distance counting a swap of two neighbours as one edit (optimal
    /// string alignment: `P-0102` is one edit from `P-0012`), or `None` as
    /// soon as it must exceed `bound`.
    fn distance(&mut self, a: &[char], bound: usize) -> Option<usize> {
        let b = &self.other;
        let [before, previous, current] = &mut self.rows;
        for row in [&mut *before, &mut *previous, &mut *current] {
            row.clear();
            row.resize(b.len() + 1, 0);
        }
        previous.iter_mut().enumerate().for_each(|(j, cell)| *cell = j);
        for i in 1..=a.len() {
            current[0] = i;
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (previous[j] + 1).min(current[j - 1] + 1).min(previous[j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(before[j - 2] + 1);
                }
                current[j] = best;
            }
            // Every later row is at least this row's minimum.
            if current.iter().min().is_some_and(|&m| m > bound) {
                return None;
            }
            std::mem::swap(before, previous);
            std::mem::swap(previous, current);
        }
        Some(previous[b.len()]).filter(|&d| d <= bound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_suggests_near_misses_only() {
        assert_eq!(closest("ownres", ["owners", "title", "status"]), Some("owners"));
        assert_eq!(closest("P-0102", ["P-0012", "P-0001"]), Some("P-0012"));
        assert_eq!(closest("zzzzzz", ["owners", "title"]), None);
        assert_eq!(closest("ab", ["b"]), None, "one edit from a one-letter id is no suggestion");
        assert_eq!(closest("P-0042", ["P-0043", "P-0041"]), Some("P-0041"), "ties go to the first in order");
    }
}
