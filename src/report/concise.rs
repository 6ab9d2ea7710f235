//! `--format concise`: one line per diagnostic,
//! `path:line:column: severity[rule] message`, for editors' problem
//! matchers, `grep` and quick reading (docs/output.md).
//!
//! Text from documents is data: control characters in paths and messages
//! (and the bidirectional overrides that reorder what a terminal shows) are
//! written as `\u{1b}` (a tab as `\t`), as human output writes them, so a
//! document can neither move the cursor nor break a finding across lines to
//! fake another one.
//!
//! Problem matchers read each line with [`PATTERN`]; it is the one the
//! README documents, and the tests hold every line to it.

use super::{Report, escape, plural};
use std::fmt::Write;

/// The problem-matcher regex for a finding line (JavaScript and Rust regex
/// syntax alike). Groups: 1 file, 2 line, 3 column, 4 severity, 5 rule,
/// 6 message.
pub const PATTERN: &str = r"^(.+?):(\d+):(\d+): (error|warning|info)\[([^\]]+)\] (.*)$";

/// Renders every finding, then the count line (which matches no finding)
/// unless `quiet`.
pub fn render(report: &Report<'_>, quiet: bool) -> String {
    let mut out = String::new();
    for d in report.diagnostics {
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            escape(&d.file),
            d.span.start.line,
            d.span.start.column,
            d.severity,
            escape(&d.rule),
            escape(&d.message)
        );
    }
    if quiet {
        return out;
    }
    if report.diagnostics.is_empty() {
        let _ = writeln!(out, "No problems found in {}.", plural(report.files, "file"));
    } else {
        let _ = writeln!(out, "Found {}.", report.count_line());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Severity};
    use crate::parse::{Position, Span};
    use std::collections::HashMap;

    #[test]
    fn controls_and_bidi_overrides_are_escaped() {
        assert_eq!(escape("plain é 🙂"), "plain é 🙂");
        assert_eq!(escape("a\u{1b}[2Jb\nc\r\u{7f}\u{202e}d"), "a\\u{1b}[2Jb\\u{a}c\\u{d}\\u{7f}\\u{202e}d");
        assert_eq!(escape("tab\there"), "tab\\there");
    }

    #[test]
    fn one_line_per_finding_then_a_count() {
        let texts = HashMap::new();
        let diagnostics = vec![
            Diagnostic::new("schema", Severity::Error, "roadmap/a.yaml", Span::point(Position::new(4, 2)))
                .message("bad\nerror: fake[x] line")
                .help("not shown"),
            Diagnostic::new("value-score", Severity::Warning, "roadmap/b.yaml", Span::point(Position::new(1, 1)))
                .message("no reach"),
        ];
        let report = Report { diagnostics: &diagnostics, notes: &[], files: 2, texts: &texts };
        assert_eq!(
            render(&report, false),
            "roadmap/a.yaml:4:2: error[schema] bad\\u{a}error: fake[x] line\n\
             roadmap/b.yaml:1:1: warning[value-score] no reach\n\
             Found 1 error, 1 warning in 2 files.\n"
        );
        let clean = Report { diagnostics: &[], notes: &[], files: 3, texts: &texts };
        assert_eq!(render(&clean, false), "No problems found in 3 files.\n");
    }
}
