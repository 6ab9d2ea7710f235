//! Errors that stop a run (exit 2): usage, configuration, git and I/O.

use crate::diagnostic::Diagnostic;
use std::fmt;

/// A run-stopping error: one line saying what went wrong and, where we can
/// tell, a hint saying what to do about it. A configuration or policy file
/// error also carries its diagnostics inside the file, which the front end
/// renders (the command line as snippets; [`fmt::Display`] as plain lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunError {
    pub message: String,
    pub hint: Option<String>,
    /// Diagnostics inside a file, with that file's text.
    pub diagnostics: Vec<(Diagnostic, String)>,
}

impl RunError {
    pub fn new(message: impl Into<String>) -> Self {
        RunError { message: message.into(), hint: None, diagnostics: Vec::new() }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds diagnostics inside the file whose text is `text`.
    pub fn inside(mut self, text: &str, diagnostics: Vec<Diagnostic>) -> Self {
        self.diagnostics.extend(diagnostics.into_iter().map(|d| (d, text.to_owned())));
        self
    }
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)?;
        for (d, _) in &self.diagnostics {
            write!(f, "\n{}:{}:{}: {} [{}]", d.file, d.span.start.line, d.span.start.column, d.message, d.rule)?;
            if let Some(help) = &d.help {
                write!(f, "\n  help: {help}")?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RunError {}

pub type Result<T, E = RunError> = std::result::Result<T, E>;
