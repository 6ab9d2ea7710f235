//! `--format rdjson`: reviewdog's Diagnostic Format, the JSON form of its
//! `DiagnosticResult` message (`proto/rdf/reviewdog.proto` in reviewdog),
//! which reviewdog turns into review comments on GitHub, GitLab, Gitea or
//! Bitbucket (`reviewdog -f=rdjson`).
//!
//! Columns in that format count UTF-8 bytes, not characters (`a𐐀b`: `b` is
//! column 6), so they are computed here from the file's text; ranges end
//! just past the span, as the format's exclusive `end` says. reviewdog reads
//! the JSON with protobuf's strict parser, which rejects unknown fields, so
//! only fields the message defines are written; related places go into the
//! message text.

use super::{Report, message_and_help};
use crate::check::registry;
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::{LineIndex, Position};
use serde::Serialize;
use std::collections::HashMap;

const RULES_DOC: &str = "https://github.com/roadlint/roadlint/blob/main/docs/rules.md";

#[derive(Serialize)]
struct DiagnosticResult<'a> {
    source: Source,
    diagnostics: Vec<RdDiagnostic<'a>>,
}

#[derive(Serialize)]
struct Source {
    name: &'static str,
    url: &'static str,
}

#[derive(Serialize)]
struct RdDiagnostic<'a> {
    message: String,
    location: Location<'a>,
    severity: &'static str,
    code: Code<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    range: Range,
}

#[derive(Serialize)]
struct Range {
    start: RdPosition,
    end: RdPosition,
}

#[derive(Serialize)]
struct RdPosition {
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct Code<'a> {
    value: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

pub fn render(report: &Report<'_>) -> String {
    let mut indexes: HashMap<&str, LineIndex<'_>> = HashMap::new();
    let mut byte_position = |file: &str, pos: Position| -> RdPosition {
        let column = match report.texts.get_key_value(file) {
            Some((key, text)) => {
                let index = indexes.entry(key.as_str()).or_insert_with(|| LineIndex::new(text));
                byte_column(index, pos)
            }
            // A file whose text the run did not keep: characters are the
            // best estimate there is.
            None => pos.column,
        };
        RdPosition { line: pos.line.max(1), column: column.max(1) }
    };
    let diagnostics = report
        .diagnostics
        .iter()
        .map(|d| RdDiagnostic {
            message: message(d),
            location: Location {
                path: &d.file,
                range: Range { start: byte_position(&d.file, d.span.start), end: byte_position(&d.file, d.span.end) },
            },
            severity: match d.severity {
                Severity::Error => "ERROR",
                Severity::Warning => "WARNING",
                Severity::Info => "INFO",
            },
            code: Code { value: &d.rule, url: registry::find(&d.rule).map(|rule| format!("{RULES_DOC}#{}", rule.id)) },
        })
        .collect();
    let result = DiagnosticResult {
        source: Source { name: "roadlint", url: "https://github.com/roadlint/roadlint" },
        diagnostics,
    };
    let mut out = serde_json::to_string_pretty(&result).unwrap_or_default();
    out.push('\n');
    out
}

/// The 1-based UTF-8 byte column of a character position.
fn byte_column(index: &LineIndex<'_>, pos: Position) -> u32 {
    let line_start = index.offset(Position::new(pos.line, 1));
    let at = index.offset(pos);
    u32::try_from(at - line_start).map_or(u32::MAX, |bytes| bytes.saturating_add(1))
}

/// The message and help, then the related places, one per line.
fn message(d: &Diagnostic) -> String {
    let mut text = message_and_help(d);
    for r in &d.related {
        text.push_str(&format!("\nnote: {}:{}:{}: {}", r.file, r.span.start.line, r.span.start.column, r.message));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::Span;
    use serde_json::{Value, json};

    #[test]
    fn columns_count_utf8_bytes() {
        let text = "a𐐀b\nid: é x\n";
        let index = LineIndex::new(text);
        assert_eq!(byte_column(&index, Position::new(1, 1)), 1);
        assert_eq!(byte_column(&index, Position::new(1, 2)), 2);
        assert_eq!(byte_column(&index, Position::new(1, 3)), 6, "the format's own example");
        assert_eq!(byte_column(&index, Position::new(2, 7)), 8);
    }

    #[test]
    fn a_diagnostic_carries_range_severity_code_and_related_places() {
        let texts: HashMap<String, String> = [("roadmap/p.yaml".to_owned(), "title: Überblick\n".to_owned())].into();
        let diagnostics = vec![
            Diagnostic::new(
                "duplicate-key",
                Severity::Warning,
                "roadmap/p.yaml",
                Span::new(Position::new(1, 8), Position::new(1, 17)),
            )
            .message("twice")
            .help("keep one")
            .related("roadmap/p.yaml", Span::point(Position::new(1, 1)), "first here"),
            Diagnostic::new("my-policy", Severity::Info, "roadmap/gone.yaml", Span::point(Position::new(2, 3))),
        ];
        let report = Report { diagnostics: &diagnostics, notes: &[], files: 1, texts: &texts };
        let out: Value = serde_json::from_str(&render(&report)).expect("JSON");
        let first = &out["diagnostics"][0];
        assert_eq!(
            first["location"]["range"],
            json!({"start": {"line": 1, "column": 8}, "end": {"line": 1, "column": 18}})
        );
        assert_eq!(first["severity"], "WARNING");
        assert_eq!(first["message"], "twice\nhelp: keep one\nnote: roadmap/p.yaml:1:1: first here");
        assert_eq!(first["code"]["url"], format!("{RULES_DOC}#duplicate-key"));
        let second = &out["diagnostics"][1];
        assert_eq!(second["code"], json!({"value": "my-policy"}), "custom rules have no documentation link");
        assert_eq!(second["location"]["range"]["start"], json!({"line": 2, "column": 3}));
        assert_eq!(out["source"]["name"], "roadlint");
    }
}
