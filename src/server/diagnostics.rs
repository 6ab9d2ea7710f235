//! roadlint's diagnostics as the protocol's.

use super::convert;
use crate::check::registry;
use crate::diagnostic::{Diagnostic, Severity};
use crate::span::Span;
use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Range, Uri,
};
use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

/// Where each rule is documented: the link SARIF's `helpUri` and rdjson's
/// `code.url` give.
pub const RULES_DOC: &str = "https://github.com/roadlint/roadlint/blob/main/docs/rules.md";

/// The texts of the documents a check read, by repository-relative path:
/// what positions are converted against.
pub struct Texts<'a> {
    pub root: &'a Path,
    pub by_path: HashMap<&'a str, &'a str>,
}

impl Texts<'_> {
    /// The protocol range of a span in a file; without the file's text,
    /// columns are taken as they are (right for ASCII lines).
    pub fn range(&self, path: &str, span: Span) -> Range {
        match self.by_path.get(path) {
            Some(text) => convert::range(text, span),
            None => {
                let at = |p: crate::span::Position| {
                    lsp_types::Position::new(p.line.saturating_sub(1), p.column.saturating_sub(1))
                };
                Range::new(at(span.start), at(span.end))
            }
        }
    }

    pub fn uri(&self, path: &str) -> Option<Uri> {
        convert::path_to_uri(&self.root.join(path))
    }
}

/// One diagnostic for the protocol: `code` is the rule id, linked to its
/// documentation; `related` becomes `relatedInformation`.
pub fn convert(d: &Diagnostic, texts: &Texts<'_>) -> lsp_types::Diagnostic {
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let code_description = registry::find(&d.rule)
        .and_then(|rule| Uri::from_str(&format!("{RULES_DOC}#{}", rule.id)).ok())
        .map(|href| CodeDescription { href });
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            let uri = texts.uri(&r.file)?;
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri, texts.range(&r.file, r.span)),
                message: r.message.clone(),
            })
        })
        .collect();
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    lsp_types::Diagnostic {
        range: texts.range(&d.file, d.span),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.rule.clone())),
        code_description,
        source: Some("roadlint".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}
