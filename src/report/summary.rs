//! The markdown job summary for `$GITHUB_STEP_SUMMARY`: the one place on
//! GitHub that lists every finding, since annotations stop at ten per kind.

use super::Report;
use crate::diagnostic::Severity;
use crate::error::{Result, RunError};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;

/// Appends the summary to the file `$GITHUB_STEP_SUMMARY` names, as GitHub
/// asks (other steps write there too); returns whether it was set.
pub fn append_to_step_summary(report: &Report<'_>) -> Result<bool> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(false);
    };
    let failed = |e: std::io::Error| {
        RunError::new(format!("cannot append the job summary to {}: {e}", path.to_string_lossy()))
            .hint("GITHUB_STEP_SUMMARY must name a writable file")
    };
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(&path).map_err(failed)?;
    file.write_all(render(report).as_bytes()).map_err(failed)?;
    Ok(true)
}

/// Renders counts per rule, a table of every finding, and the notes.
pub fn render(report: &Report<'_>) -> String {
    let mut out = String::from("## roadlint\n\n");
    if report.diagnostics.is_empty() {
        let _ = writeln!(out, "No problems found: {}.", report.count_line());
    } else {
        let _ = writeln!(out, "**{}**", report.count_line());
        out.push_str("\n| rule | errors | warnings | infos |\n| --- | ---: | ---: | ---: |\n");
        for (rule, [errors, warnings, infos]) in per_rule(report) {
            let _ = writeln!(out, "| {} | {errors} | {warnings} | {infos} |", cell(rule));
        }
        out.push_str("\n| location | rule | severity | message |\n| --- | --- | --- | --- |\n");
        for d in report.diagnostics {
            let location = format!("{}:{}", d.file, d.span.start.line);
            let _ =
                writeln!(out, "| {} | {} | {} | {} |", cell(&location), cell(&d.rule), d.severity, cell(&d.message));
        }
    }
    if !report.notes.is_empty() {
        out.push_str("\n**Notes**\n\n");
        for note in report.notes {
            let _ = writeln!(out, "- {}", cell(note));
        }
    }
    out.push('\n');
    out
}

/// Errors, warnings and infos per rule, in rule order.
fn per_rule<'a>(report: &Report<'a>) -> BTreeMap<&'a str, [usize; 3]> {
    let mut counts: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for d in report.diagnostics {
        let slot = match d.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        };
        counts.entry(d.rule.as_str()).or_default()[slot] += 1;
    }
    counts
}

/// Text that stays inside one table cell and shows as written: messages
/// carry document text, which must not become markup.
fn cell(text: &str) -> String {
    crate::report::markdown_text::literal(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::parse::{Position, Span};
    use std::collections::HashMap;

    #[test]
    fn lists_counts_findings_and_notes() {
        let at = Span::point(Position::new(7, 3));
        let diagnostics = vec![
            Diagnostic::new("schema", Severity::Error, "roadmap/a.yaml", at).message("bad | value"),
            Diagnostic::new("value-score", Severity::Warning, "roadmap/b.yaml", at).message("no reach"),
            Diagnostic::new("schema", Severity::Error, "roadmap/b.yaml", at).message("unknown key"),
        ];
        let notes = vec!["base mode: 2 problems that predate this change are not reported".to_owned()];
        let texts = HashMap::new();
        let report = Report { diagnostics: &diagnostics, notes: &notes, files: 3, texts: &texts };
        let out = render(&report);
        assert!(out.contains("**2 errors, 1 warning in 3 files**"));
        assert!(out.contains("| schema | 2 | 0 | 0 |\n| value-score | 0 | 1 | 0 |"));
        assert!(out.contains("| roadmap/a.yaml:7 | schema | error | bad \\| value |"));
        assert!(out.contains("- base mode: 2 problems that predate this change are not reported"));
    }

    #[test]
    fn a_clean_run_says_so() {
        let texts = HashMap::new();
        let report = Report { diagnostics: &[], notes: &[], files: 4, texts: &texts };
        assert_eq!(render(&report), "## roadlint\n\nNo problems found: 0 errors, 0 warnings in 4 files.\n\n");
    }
}
