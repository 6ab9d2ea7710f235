//! `--format azure`: Azure Pipelines logging commands,
//! `##vso[task.logissue type=error;sourcepath=…;linenumber=…;columnnumber=…;code=RULE]message`,
//! which the agent turns into errors and warnings on the run's summary and
//! on the file's lines (docs/output.md).
//!
//! Property values and the message are escaped as the agent unescapes
//! them (`%` → `%AZP25`, CR → `%0D`, LF → `%0A`, `]` → `%5D`, `;` → `%3B`),
//! so a message cannot end the command early, add properties, or start a
//! second command on a new line.
//!
//! Azure has only two issue types. An info is something a team chose not
//! to be warned about, so it is not logged as an issue (a warning would
//! contradict that choice and mark the run "with issues"); it is counted in
//! the closing line, and `--format concise` lists it.

use super::{Report, message_and_help};
use crate::diagnostic::Severity;
use std::fmt::Write;

/// `quiet` leaves out the closing count line (`-q`).
pub fn render(report: &Report<'_>, quiet: bool) -> String {
    let mut out = String::new();
    for d in report.diagnostics {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => continue,
        };
        let _ = writeln!(
            out,
            "##vso[task.logissue type={kind};sourcepath={};linenumber={};columnnumber={};code={}]{}",
            escape(&d.file),
            d.span.start.line.max(1),
            d.span.start.column.max(1),
            escape(&d.rule),
            escape(&message_and_help(d))
        );
    }
    if quiet {
        return out;
    }
    let infos = report.counts().infos;
    let _ = write!(out, "roadlint: {}", report.count_line());
    if infos > 0 {
        out.push_str(" (infos are not logged as issues: Azure Pipelines has none; --format concise lists them)");
    }
    out.push('\n');
    out
}

/// Escapes a property value or message as the Azure Pipelines agent reads
/// them (in one pass, so an escape in the text stays text). Other control
/// characters, which Azure has no escape for, are written as `\u{1b}`: the
/// web log would otherwise act on a document's terminal escapes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%AZP25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ']' => out.push_str("%5D"),
            ';' => out.push_str("%3B"),
            c if c.is_control() && c != '\t' => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::parse::{Position, Span};
    use std::collections::HashMap;

    #[test]
    fn escaping_follows_the_agent() {
        assert_eq!(escape("100%; done]\r\nnext %0A"), "100%AZP25%3B done%5D%0D%0Anext %AZP250A");
        assert_eq!(escape("a\u{1b}[2J\tb"), "a\\u{1b}[2J\tb");
    }

    #[test]
    fn errors_and_warnings_are_issues_infos_are_counted() {
        let d = |severity, line| {
            Diagnostic::new("value-score", severity, "roadmap/a;b].yaml", Span::point(Position::new(line, 2)))
                .message("m")
        };
        let diagnostics = vec![d(Severity::Error, 1), d(Severity::Warning, 2), d(Severity::Info, 3)];
        let texts = HashMap::new();
        let report = Report { diagnostics: &diagnostics, notes: &[], files: 1, texts: &texts };
        let out = render(&report, false);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines,
            [
                "##vso[task.logissue type=error;sourcepath=roadmap/a%3Bb%5D.yaml;linenumber=1;columnnumber=2;code=value-score]m",
                "##vso[task.logissue type=warning;sourcepath=roadmap/a%3Bb%5D.yaml;linenumber=2;columnnumber=2;code=value-score]m",
                "roadlint: 1 error, 1 warning, 1 info in 1 file (infos are not logged as issues: Azure Pipelines has none; --format concise lists them)",
            ]
        );
    }
}
