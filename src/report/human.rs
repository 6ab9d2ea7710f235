//! Human output: rustc-style snippets rendered by miette, a closing count line.

use super::Report;
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::{LineIndex, Span};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use std::fmt;

/// Renders every diagnostic, then "N errors, M warnings in K files".
pub fn render(report: &Report<'_>, color: bool) -> String {
    let mut out = String::new();
    for d in report.diagnostics {
        let text = report.texts.get(&d.file).map(String::as_str).unwrap_or_default();
        out.push_str(&render_with(d, text, color, |file| report.texts.get(file).map(String::as_str)));
        out.push('\n');
    }
    out.push_str(&report.count_line());
    out.push('\n');
    out
}

/// Renders one diagnostic whose related labels all lie in the same file.
pub fn render_one(d: &Diagnostic, text: &str, color: bool) -> String {
    render_with(d, text, color, |file| (file == d.file).then_some(text))
}

fn render_with<'t>(d: &Diagnostic, text: &'t str, color: bool, text_of: impl Fn(&str) -> Option<&'t str>) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_context_lines(1);
    let mut related = Vec::new();
    let mut labels = vec![labeled(text, d.span, &d.label, true)];
    for r in &d.related {
        if r.file == d.file {
            labels.push(labeled(text, r.span, &r.message, false));
        } else if let Some(other) = text_of(&r.file) {
            related.push(Note {
                message: format!("note: {}", r.message),
                source: NamedSource::new(r.file.clone(), other.to_owned()),
                labels: vec![labeled(other, r.span, &r.message, true)],
            });
        }
    }
    let view = View { d, source: NamedSource::new(d.file.clone(), text.to_owned()), labels };
    let mut out = String::new();
    if handler.render_report(&mut out, &view).is_err() {
        out = format!("{}: {} [{}]\n", location(&d.file, d.span), d.message, d.rule);
    }
    // Places in other files follow as notes of their own (miette would
    // title nested ones "Advice:").
    for note in &related {
        let _ = handler.render_report(&mut out, note);
    }
    out
}

fn location(file: &str, span: Span) -> String {
    format!("{file}:{}:{}", span.start.line, span.start.column)
}

fn labeled(text: &str, span: Span, label: &str, primary: bool) -> LabeledSpan {
    let index = LineIndex::new(text);
    let start = index.offset(span.start);
    let end = index.offset(span.end).max(start);
    let source = SourceSpan::new(start.into(), end - start);
    let label = (!label.is_empty()).then(|| label.to_owned());
    if primary { LabeledSpan::new_primary_with_span(label, source) } else { LabeledSpan::new_with_span(label, source) }
}

struct View<'a> {
    d: &'a Diagnostic,
    source: NamedSource<String>,
    labels: Vec<LabeledSpan>,
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for View<'_> {}

impl miette::Diagnostic for View<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.d.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.d.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

/// A related place in another file.
#[derive(Debug)]
struct Note {
    message: String,
    source: NamedSource<String>,
    labels: Vec<LabeledSpan>,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Note {}

impl miette::Diagnostic for Note {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}
