//! `--format json` (docs/output.md).

use super::Report;
use crate::diagnostic::{Counts, Diagnostic};
use serde::Serialize;

#[derive(Serialize)]
struct Json<'a> {
    version: u32,
    summary: Summary,
    notes: &'a [String],
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    #[serde(flatten)]
    counts: Counts,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subject: Option<&'a str>,
    pointer: &'a str,
    fingerprint: &'a str,
    related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    message: &'a str,
}

fn diagnostic(d: &Diagnostic) -> JsonDiagnostic<'_> {
    JsonDiagnostic {
        rule: &d.rule,
        severity: d.severity.as_str(),
        message: &d.message,
        file: &d.file,
        line: d.span.start.line,
        column: d.span.start.column,
        end_line: d.span.end.line,
        end_column: d.span.end.column,
        help: d.help.as_deref(),
        subject: d.subject.as_deref(),
        pointer: &d.pointer,
        fingerprint: &d.fingerprint,
        related: d
            .related
            .iter()
            .map(|r| JsonRelated {
                file: &r.file,
                line: r.span.start.line,
                column: r.span.start.column,
                end_line: r.span.end.line,
                end_column: r.span.end.column,
                message: &r.message,
            })
            .collect(),
    }
}

pub fn render(report: &Report<'_>) -> String {
    let json = Json {
        version: 1,
        summary: Summary { files: report.files, counts: report.counts() },
        notes: report.notes,
        diagnostics: report.diagnostics.iter().map(diagnostic).collect(),
    };
    let mut out = serde_json::to_string_pretty(&json).unwrap_or_default();
    out.push('\n');
    out
}
