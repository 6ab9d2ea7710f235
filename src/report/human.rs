//! Human output: rustc-style snippets rendered by miette, a closing count line.

use super::{Report, needs_escape};
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::{LineIndex, Span};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use std::fmt;

/// Renders every diagnostic, then "N errors, M warnings in K files".
pub fn render(report: &Report<'_>, color: bool) -> String {
    let mut out = render_diagnostics(report, color);
    out.push_str(&report.count_line());
    out.push('\n');
    out
}

/// Renders every diagnostic, and nothing else (`--quiet`).
pub fn render_diagnostics(report: &Report<'_>, color: bool) -> String {
    let mut out = String::new();
    for d in report.diagnostics {
        let text = report.texts.get(&d.file).map(String::as_str).unwrap_or_default();
        out.push_str(&render_with(d, text, color, |file| report.texts.get(file).map(String::as_str)));
        out.push('\n');
    }
    out
}

/// Renders one diagnostic whose related labels all lie in the same file.
pub fn render_one(d: &Diagnostic, text: &str, color: bool) -> String {
    render_with(d, text, color, |file| (file == d.file).then_some(text))
}

fn render_with<'t>(d: &Diagnostic, text: &'t str, color: bool, text_of: impl Fn(&str) -> Option<&'t str>) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_context_lines(1);
    // Document text is data: what reaches the terminal has its control
    // characters escaped, so a document cannot move the cursor or fake output.
    let shown = Shown::new(text);
    let escaped = Diagnostic {
        message: escape(&d.message).into_owned(),
        label: escape(&d.label).into_owned(),
        help: d.help.as_deref().map(|h| escape(h).into_owned()),
        ..d.clone()
    };
    let d = &escaped;
    let mut related = Vec::new();
    let mut labels = vec![shown.labeled(d.span, &d.label, true)];
    for r in &d.related {
        let message = escape(&r.message);
        if r.file == d.file {
            labels.push(shown.labeled(r.span, &message, false));
        } else if let Some(other) = text_of(&r.file) {
            let other = Shown::new(other);
            related.push(Note {
                message: format!("note: {message}"),
                labels: vec![other.labeled(r.span, &message, true)],
                source: NamedSource::new(escape(&r.file), other.text),
            });
        }
    }
    let view = View { d, source: NamedSource::new(escape(&d.file), shown.text), labels };
    let mut out = String::new();
    if handler.render_report(&mut out, &view).is_err() {
        out = format!("{}: {} [{}]\n", location(&escape(&d.file), d.span), d.message, d.rule);
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

/// Text for people: control characters (and bidirectional overrides) as
/// escapes, so that a message, a path or a note cannot drive the terminal.
pub use super::escape;

/// A file's text as a snippet shows it: control characters escaped (line
/// ends kept, a tab shown as `→` so that nothing looks like spaces), with
/// the byte offsets of the original mapped onto it.
struct Shown<'t> {
    original: &'t str,
    text: String,
    /// (original offset, extra bytes the escapes before it added), for
    /// every escaped character, in order.
    shifts: Vec<(usize, usize)>,
}

impl<'t> Shown<'t> {
    fn new(original: &'t str) -> Shown<'t> {
        let escaped = |c: char, next: Option<char>| needs_escape(c) && c != '\n' && !(c == '\r' && next == Some('\n'));
        let mut chars = original.char_indices().peekable();
        let mut text = String::new();
        let mut shifts = Vec::new();
        let mut extra = 0;
        let mut copied = 0;
        while let Some((offset, c)) = chars.next() {
            if !escaped(c, chars.peek().map(|&(_, n)| n)) {
                continue;
            }
            text.push_str(&original[copied..offset]);
            let before = text.len();
            // A tab shows as one visible character, so that the columns a
            // snippet's header counts are the document's own.
            match c {
                '\t' => text.push('→'),
                c => text.push_str(&escape(c.encode_utf8(&mut [0; 4]))),
            }
            extra += text.len() - before - c.len_utf8();
            copied = offset + c.len_utf8();
            shifts.push((copied, extra));
        }
        if shifts.is_empty() {
            return Shown { original, text: original.to_owned(), shifts };
        }
        text.push_str(&original[copied..]);
        Shown { original, text, shifts }
    }

    /// An offset of the original text in the shown text.
    fn offset(&self, original: usize) -> usize {
        let index = self.shifts.partition_point(|&(at, _)| at <= original);
        original + index.checked_sub(1).map_or(0, |i| self.shifts[i].1)
    }

    fn labeled(&self, span: Span, label: &str, primary: bool) -> LabeledSpan {
        let index = LineIndex::new(self.original);
        let start = index.offset(span.start);
        let end = index.offset(span.end).max(start);
        let (start, end) = (self.offset(start), self.offset(end));
        let source = SourceSpan::new(start.into(), end - start);
        let label = (!label.is_empty()).then(|| label.to_owned());
        if primary {
            LabeledSpan::new_primary_with_span(label, source)
        } else {
            LabeledSpan::new_with_span(label, source)
        }
    }
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
