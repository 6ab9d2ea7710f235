//! `--format github`: GitHub Actions workflow commands, which the runner turns
//! into annotations on the pull request's changed lines.
//!
//! GitHub shows at most ten error, ten warning and ten notice annotations
//! per step and silently drops the rest, so errors come first and whatever
//! does not fit is counted in a closing notice instead of vanishing.

use super::{Report, message_and_help, plural};
use crate::diagnostic::{Diagnostic, Severity};
use std::fmt::Write;

/// Annotations GitHub shows per step and kind (error, warning, notice).
pub const LIMIT: usize = 10;

/// Renders the annotations, a count line for the log, and, when something
/// did not fit, a closing notice. `summary` says whether a job summary with
/// every finding was written, so the notice can point at it.
/// `quiet` leaves out the notes and the closing count line (`-q`).
pub fn render(report: &Report<'_>, summary: bool, quiet: bool) -> String {
    let notes: &[String] = if quiet { &[] } else { report.notes };
    let of = |severity| report.diagnostics.iter().filter(move |d: &&Diagnostic| d.severity == severity);
    let errors: Vec<&Diagnostic> = of(Severity::Error).collect();
    let warnings: Vec<&Diagnostic> = of(Severity::Warning).collect();
    let infos: Vec<&Diagnostic> = of(Severity::Info).collect();
    // Notes and infos share the notices; one stays free for the closing count.
    let notice_room = LIMIT - 1;
    let notes_shown = notes.len().min(notice_room);
    let infos_shown = infos.len().min(notice_room - notes_shown);

    let mut out = String::new();
    for d in errors.iter().take(LIMIT).chain(warnings.iter().take(LIMIT)).chain(infos.iter().take(infos_shown)) {
        out.push_str(&annotation(d));
    }
    for note in &notes[..notes_shown] {
        let _ = writeln!(out, "::notice::{}", escape_data(note));
    }
    if !quiet {
        let _ = writeln!(out, "roadlint: {}", report.count_line());
    }

    let left = [
        (errors.len().saturating_sub(LIMIT), "error"),
        (warnings.len().saturating_sub(LIMIT), "warning"),
        (infos.len() - infos_shown, "info"),
        (notes.len() - notes_shown, "note"),
    ];
    let left: Vec<String> = left.iter().filter(|(n, _)| *n > 0).map(|&(n, word)| plural(n, word)).collect();
    if !left.is_empty() {
        let see = if summary {
            "the job summary lists every finding"
        } else {
            "run roadlint with --format human to see every finding"
        };
        let text = format!(
            "{} not shown as annotations (GitHub shows at most {LIMIT} of each kind per step); {see}",
            left.join(", ")
        );
        let _ = writeln!(out, "::notice::{}", escape_data(&text));
    }
    out
}

/// One `::error file=…::message` command.
fn annotation(d: &Diagnostic) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let start = d.span.start;
    let end = d.span.end;
    let mut properties = vec![("file", d.file.clone()), ("line", start.line.max(1).to_string())];
    // GitHub accepts columns only for a single-line range.
    if end.line <= start.line {
        properties.push(("col", start.column.max(1).to_string()));
        properties.push(("endLine", start.line.max(1).to_string()));
        properties.push(("endColumn", end.column.max(start.column).max(1).to_string()));
    } else {
        properties.push(("endLine", end.line.to_string()));
    }
    properties.push(("title", format!("roadlint ({})", d.rule)));
    let properties: Vec<String> = properties.iter().map(|(k, v)| format!("{k}={}", escape_property(v))).collect();
    format!("::{command} {}::{}\n", properties.join(","), escape_data(&message_and_help(d)))
}

/// Escapes a command's message, so a newline or `%` in it cannot end the
/// command early or be read as an escape.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value, which also must not contain the `:` and `,`
/// that end it.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Position, Span};
    use std::collections::HashMap;

    fn diagnostic(severity: Severity, line: u32) -> Diagnostic {
        Diagnostic::new(
            "owner-pairing",
            severity,
            "roadmap/p.yaml",
            Span::new(Position::new(line, 3), Position::new(line, 9)),
        )
        .message("no engineering owner")
    }

    fn render_all(diagnostics: &[Diagnostic], notes: &[String], summary: bool) -> String {
        let texts = HashMap::new();
        let report = Report { diagnostics, notes, files: 1, texts: &texts };
        render(&report, summary, false)
    }

    #[test]
    fn data_escapes_percent_and_line_breaks() {
        assert_eq!(escape_data("100% done\r\nnext: a,b"), "100%25 done%0D%0Anext: a,b");
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn an_annotation_carries_place_title_and_help() {
        let d = diagnostic(Severity::Error, 6).help("add owners.engineering");
        assert_eq!(
            annotation(&d),
            "::error file=roadmap/p.yaml,line=6,col=3,endLine=6,endColumn=9,title=roadlint (owner-pairing)::no engineering owner%0Ahelp: add owners.engineering\n"
        );
    }

    #[test]
    fn multi_line_ranges_have_no_columns() {
        let mut d = diagnostic(Severity::Warning, 2);
        d.span.end = Position::new(4, 1);
        assert!(annotation(&d).starts_with("::warning file=roadmap/p.yaml,line=2,endLine=4,title="));
    }

    #[test]
    fn infos_are_notices_and_odd_paths_are_escaped() {
        let mut d = diagnostic(Severity::Info, 1);
        d.file = "road,map/a:b.yaml".into();
        assert!(annotation(&d).starts_with("::notice file=road%2Cmap/a%3Ab.yaml,line=1,"));
    }

    #[test]
    fn errors_come_first_ten_of_each_then_a_closing_notice() {
        let mut diagnostics: Vec<Diagnostic> = (1..=12).map(|l| diagnostic(Severity::Warning, l)).collect();
        diagnostics.extend((1..=13).map(|l| diagnostic(Severity::Error, l)));
        let out = render_all(&diagnostics, &[], true);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[..10].iter().all(|l| l.starts_with("::error ")));
        assert!(lines[10..20].iter().all(|l| l.starts_with("::warning ")));
        assert_eq!(lines[20], "roadlint: 13 errors, 12 warnings in 1 file");
        assert_eq!(
            lines[21],
            "::notice::3 errors, 2 warnings not shown as annotations (GitHub shows at most 10 of each kind per step); the job summary lists every finding"
        );
        assert_eq!(lines.len(), 22);
    }

    #[test]
    fn notes_are_notices_and_nothing_left_means_no_closing_notice() {
        let notes = vec!["base mode: 3 problems\nleft out".to_owned()];
        let out = render_all(&[diagnostic(Severity::Error, 1)], &notes, false);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("::error "));
        assert_eq!(lines[1], "::notice::base mode: 3 problems%0Aleft out");
        assert_eq!(lines[2], "roadlint: 1 error, 0 warnings in 1 file");
        assert_eq!(lines.len(), 3);
    }

    #[test]
    fn notices_keep_room_for_the_closing_count() {
        let infos: Vec<Diagnostic> = (1..=12).map(|l| diagnostic(Severity::Info, l)).collect();
        let notes = vec!["a note".to_owned()];
        let out = render_all(&infos, &notes, false);
        assert_eq!(out.lines().filter(|l| l.starts_with("::notice")).count(), LIMIT);
        assert!(out.ends_with("4 infos not shown as annotations (GitHub shows at most 10 of each kind per step); run roadlint with --format human to see every finding\n"));
    }
}
