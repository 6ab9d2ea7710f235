//! `--format sarif` and `--sarif-file`: SARIF 2.1.0, the format GitHub code
//! scanning (and most editors' problem panes) read.
//!
//! Every built-in rule is listed in `tool.driver.rules` whether or not it
//! fired, so a viewer can show the rule's documentation; custom policy rules
//! are listed when they fired, since their documentation lives in the
//! repository's policy files, not in the binary.

use super::{Report, message_and_help};
use crate::check::registry::{self, RuleInfo};
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::Span;
use serde::Serialize;
use std::collections::HashMap;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/roadlint/roadlint";
const RULES_DOC: &str = "https://github.com/roadlint/roadlint/blob/main/docs/rules.md";
/// The key GitHub code scanning reads from `partialFingerprints`; versioned
/// so a future change of the fingerprint can use a new key.
const FINGERPRINT_KEY: &str = "roadlint/v1";
/// Repository-relative paths are resolved against the checkout root, which
/// SARIF consumers (GitHub among them) know as `%SRCROOT%`.
const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    automation_details: AutomationDetails,
    column_kind: &'static str,
    invocations: [Invocation<'a>; 1],
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    short_description: Text<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Help>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text<'a> {
    text: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct AutomationDetails {
    id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    /// Notes (what base mode left out, a missing roster) are facts about the
    /// run, not findings in a file: SARIF's place for them is here.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
struct Notification<'a> {
    level: &'static str,
    message: Text<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text<'a>,
    locations: [Location<'a>; 1],
    partial_fingerprints: HashMap<&'static str, &'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

/// SARIF's name for a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Renders the whole report as one SARIF log with one run.
pub fn render(report: &Report<'_>) -> String {
    let rules = rules(report.diagnostics);
    // `rules` lists every rule that fired, so every lookup succeeds.
    let index: HashMap<&str, usize> = rules.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let results =
        report.diagnostics.iter().map(|d| result(d, index.get(d.rule.as_str()).copied().unwrap_or_default())).collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "roadlint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules,
                },
            },
            automation_details: AutomationDetails { id: "roadlint/" },
            column_kind: "unicodeCodePoints",
            invocations: [Invocation {
                execution_successful: true,
                tool_execution_notifications: report
                    .notes
                    .iter()
                    .map(|note| Notification { level: "note", message: text(note) })
                    .collect(),
            }],
            results,
        }],
    };
    // Serializing plain structs of strings and numbers cannot fail.
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

/// Every built-in rule, then each custom rule that fired, once.
fn rules(diagnostics: &[Diagnostic]) -> Vec<Rule<'_>> {
    let mut rules: Vec<Rule<'_>> = registry::RULES.iter().map(|r| built_in(r)).collect();
    for d in diagnostics {
        if !rules.iter().any(|r| r.id == d.rule) {
            rules.push(custom(d));
        }
    }
    rules
}

fn built_in(rule: &'static RuleInfo) -> Rule<'static> {
    let doc = rule.documentation();
    Rule {
        id: rule.id,
        short_description: text(rule.summary()),
        full_description: first_paragraph(&doc, "## What it does").map(|p| Text { text: p.into() }),
        help: Some(Help { text: doc.clone(), markdown: doc }),
        help_uri: Some(format!("{RULES_DOC}#{}", rule.id)),
        default_configuration: Configuration { level: level(rule.default_severity) },
    }
}

/// A custom policy rule: its documentation is in the repository, so the
/// first finding's message describes it.
fn custom(d: &Diagnostic) -> Rule<'_> {
    Rule {
        id: &d.rule,
        short_description: text(&d.message),
        full_description: None,
        help: None,
        help_uri: None,
        default_configuration: Configuration { level: level(d.severity) },
    }
}

/// The first paragraph under `heading`, joined into one line.
fn first_paragraph(doc: &str, heading: &str) -> Option<String> {
    let after = doc.split_once(heading)?.1;
    let paragraph: Vec<&str> = after
        .lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty())
        .take_while(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    (!paragraph.is_empty()).then(|| paragraph.join(" "))
}

fn result(d: &Diagnostic, rule_index: usize) -> SarifResult<'_> {
    SarifResult {
        rule_id: &d.rule,
        rule_index,
        level: level(d.severity),
        message: Text { text: message_and_help(d).into() },
        locations: [Location { id: None, physical_location: physical(&d.file, d.span), message: None }],
        partial_fingerprints: HashMap::from([(FINGERPRINT_KEY, d.fingerprint.as_str())]),
        related_locations: d
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| Location {
                id: Some(i),
                physical_location: physical(&r.file, r.span),
                message: Some(text(&r.message)),
            })
            .collect(),
    }
}

fn text(s: &str) -> Text<'_> {
    Text { text: s.into() }
}

fn physical(file: &str, span: Span) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: ArtifactLocation { uri: uri_path(file), uri_base_id: SRCROOT },
        region: region(span),
    }
}

/// A 1-based region that SARIF accepts: the end never precedes the start.
fn region(span: Span) -> Region {
    let start_line = span.start.line.max(1);
    let start_column = span.start.column.max(1);
    let (end_line, end_column) = if span.end.line > start_line {
        (span.end.line, span.end.column.max(1))
    } else {
        (start_line, span.end.column.max(start_column))
    };
    Region { start_line, start_column, end_line, end_column }
}

/// A repository-relative path as a relative URI reference: every byte but
/// unreserved characters and `/` is percent-encoded, so spaces, `#`, `%`
/// and a `:` that would read as a scheme stay part of the path.
fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::Position;

    #[test]
    fn paths_become_relative_uri_references() {
        assert_eq!(uri_path("roadmap/proposals/P-1.yaml"), "roadmap/proposals/P-1.yaml");
        assert_eq!(uri_path("road map/a#b%c:d.yaml"), "road%20map/a%23b%25c%3Ad.yaml");
        assert_eq!(uri_path("roadmap/é.yaml"), "roadmap/%C3%A9.yaml");
    }

    #[test]
    fn regions_never_end_before_they_start() {
        let span = Span::new(Position::new(3, 5), Position::new(3, 2));
        let r = region(span);
        assert_eq!((r.start_line, r.start_column, r.end_line, r.end_column), (3, 5, 3, 5));
        let r = region(Span::new(Position::new(0, 0), Position::new(0, 0)));
        assert_eq!((r.start_line, r.start_column, r.end_line, r.end_column), (1, 1, 1, 1));
        let r = region(Span::new(Position::new(2, 9), Position::new(4, 1)));
        assert_eq!((r.start_line, r.start_column, r.end_line, r.end_column), (2, 9, 4, 1));
    }

    #[test]
    fn full_description_is_the_first_paragraph_of_what_it_does() {
        let doc = "## What it does\nChecks a\nthing.\n\nMore.\n\n## Why it matters\nBecause.";
        assert_eq!(first_paragraph(doc, "## What it does").as_deref(), Some("Checks a thing."));
        assert_eq!(first_paragraph(doc, "## Missing"), None);
    }

    #[test]
    fn every_built_in_rule_has_a_description_and_help() {
        for rule in rules(&[]) {
            assert!(rule.full_description.is_some(), "{}", rule.id);
            assert!(rule.help_uri.as_deref().is_some_and(|u| u.ends_with(rule.id)));
        }
    }
}
