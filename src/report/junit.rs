//! `--format junit`: JUnit XML for CI systems that chart test results.
//!
//! Each file read is a test suite; each diagnostic is a failing test case
//! (whatever its severity: JUnit has no warnings), and a file without
//! findings gets one passing case, so a fixed file shows as fixed rather than
//! disappearing from the chart. The failure's `type` is the rule; the
//! severity is the test case's `severity` property (as pytest records
//! properties), and leads the failure text, so warnings stay
//! distinguishable from errors.

use super::{Report, message_and_help};
use crate::diagnostic::Diagnostic;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Renders one `<testsuites>` document.
pub fn render(report: &Report<'_>) -> String {
    // Files read, plus files only a diagnostic names (base mode points some
    // at the base side's version of a file the head no longer has).
    let mut files: BTreeMap<&str, Vec<&Diagnostic>> = report.texts.keys().map(|f| (f.as_str(), Vec::new())).collect();
    for d in report.diagnostics {
        files.entry(d.file.as_str()).or_default().push(d);
    }
    let tests: usize = files.values().map(|found| found.len().max(1)).sum();
    let failures = report.diagnostics.len();

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"roadlint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">");
    for (file, found) in &files {
        let name = escape(file);
        let _ = writeln!(
            out,
            "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">",
            found.len().max(1),
            found.len()
        );
        if found.is_empty() {
            let _ = writeln!(out, "    <testcase name=\"roadlint\" classname=\"{name}\" file=\"{name}\"/>");
        }
        for d in found {
            let line = d.span.start.line;
            let _ = writeln!(
                out,
                "    <testcase name=\"{} at {line}:{}\" classname=\"{name}\" file=\"{name}\" line=\"{line}\">",
                escape(&d.rule),
                d.span.start.column
            );
            let _ =
                writeln!(out, "      <properties><property name=\"severity\" value=\"{}\"/></properties>", d.severity);
            let body = format!("{file}:{line}:{}: {}: {}", d.span.start.column, d.severity, message_and_help(d));
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                escape(&d.message),
                escape(&d.rule),
                escape(&body)
            );
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Escapes text for an attribute value or element content. Line breaks
/// and tabs become character references, so attribute values keep them;
/// characters XML 1.0 cannot carry at all become U+FFFD.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if allowed(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// XML 1.0's `Char` production.
fn allowed(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::parse::{Position, Span};
    use std::collections::HashMap;

    #[test]
    fn escapes_markup_quotes_breaks_and_forbidden_characters() {
        assert_eq!(escape("a<b>&\"c'\nd\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;&#10;d\u{FFFD}");
    }

    #[test]
    fn one_suite_per_file_failures_and_passes() {
        let texts: HashMap<String, String> =
            ["roadmap/a.yaml", "roadmap/ok.yaml"].iter().map(|f| ((*f).to_owned(), String::new())).collect();
        let diagnostics = vec![
            Diagnostic::new("schema", Severity::Error, "roadmap/a.yaml", Span::point(Position::new(4, 2)))
                .message("`x` is \"odd\" & <new>"),
        ];
        let report = Report { diagnostics: &diagnostics, notes: &[], files: 2, texts: &texts };
        let out = render(&report);
        assert!(out.contains("<testsuites name=\"roadlint\" tests=\"2\" failures=\"1\" errors=\"0\">"));
        assert!(out.contains("<testsuite name=\"roadmap/a.yaml\" tests=\"1\" failures=\"1\""));
        assert!(out.contains("<failure message=\"`x` is &quot;odd&quot; &amp; &lt;new&gt;\" type=\"schema\">"));
        assert!(out.contains("<properties><property name=\"severity\" value=\"error\"/></properties>"));
        assert!(out.contains("<testsuite name=\"roadmap/ok.yaml\" tests=\"1\" failures=\"0\""));
        assert!(out.contains("<testcase name=\"roadlint\" classname=\"roadmap/ok.yaml\" file=\"roadmap/ok.yaml\"/>"));
    }
}
