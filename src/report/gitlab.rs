//! `--format gitlab`: a GitLab Code Quality report, the JSON array that a
//! job's `artifacts:reports:codequality` uploads and merge requests show
//! (docs/output.md).
//!
//! Each finding has the fields GitLab requires: `description`,
//! `check_name` (the rule), `fingerprint`, `severity` (error → `major`,
//! warning → `minor`, info → `info`), `location.path` and
//! `location.lines.begin`. GitLab compares fingerprints between the base
//! and head pipelines to tell new findings from fixed ones, so the
//! fingerprint is roadlint's base-mode identity, which edits elsewhere do not
//! change. GitLab also shows only one finding per fingerprint: a second
//! finding with the same identity gets `-2` appended, a third `-3`.

use super::Report;
use crate::diagnostic::Severity;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
struct Issue<'a> {
    description: &'a str,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

/// GitLab's severity for a roadlint severity.
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

pub fn render(report: &Report<'_>) -> String {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let issues: Vec<Issue<'_>> = report
        .diagnostics
        .iter()
        .map(|d| {
            let count = seen.entry(d.fingerprint.as_str()).or_default();
            *count += 1;
            let fingerprint = if *count == 1 { d.fingerprint.clone() } else { format!("{}-{count}", d.fingerprint) };
            Issue {
                description: &d.message,
                check_name: &d.rule,
                fingerprint,
                severity: severity(d.severity),
                location: Location { path: &d.file, lines: Lines { begin: d.span.start.line.max(1) } },
            }
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_owned());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::parse::{Position, Span};
    use serde_json::{Value, json};

    #[test]
    fn repeated_fingerprints_are_made_unique_and_severities_mapped() {
        let d = |severity, fingerprint: &str| {
            let mut d = Diagnostic::new("capacity", severity, "roadmap/r.yaml", Span::point(Position::new(3, 1)))
                .message("over");
            d.fingerprint = fingerprint.to_owned();
            d
        };
        let diagnostics = vec![
            d(Severity::Error, "f1"),
            d(Severity::Warning, "f1"),
            d(Severity::Info, "f2"),
            d(Severity::Error, "f1"),
        ];
        let texts = HashMap::new();
        let report = Report { diagnostics: &diagnostics, notes: &[], files: 1, texts: &texts };
        let issues: Value = serde_json::from_str(&render(&report)).expect("JSON");
        let pick = |field: &str| issues.as_array().map(|a| a.iter().map(|i| i[field].clone()).collect::<Vec<_>>());
        assert_eq!(pick("fingerprint"), Some(vec![json!("f1"), json!("f1-2"), json!("f2"), json!("f1-3")]));
        assert_eq!(pick("severity"), Some(vec![json!("major"), json!("minor"), json!("info"), json!("major")]));
        assert_eq!(issues[0]["location"], json!({"path": "roadmap/r.yaml", "lines": {"begin": 3}}));
    }

    #[test]
    fn no_findings_is_an_empty_array() {
        let texts = HashMap::new();
        let report = Report { diagnostics: &[], notes: &[], files: 1, texts: &texts };
        assert_eq!(render(&report), "[]\n");
    }
}
