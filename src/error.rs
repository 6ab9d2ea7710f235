//! Errors that stop a run (exit 2): usage, configuration, git and I/O.

use std::fmt;

/// A run-stopping error: one line saying what went wrong and, where we can
/// tell, a hint saying what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunError {
    pub message: String,
    pub hint: Option<String>,
    /// A rendered diagnostic inside a file (configuration and policy errors).
    pub detail: Option<String>,
}

impl RunError {
    pub fn new(message: impl Into<String>) -> Self {
        RunError { message: message.into(), hint: None, detail: None }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)?;
        if let Some(detail) = &self.detail {
            write!(f, "\n{}", detail.trim_end())?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RunError {}

pub type Result<T, E = RunError> = std::result::Result<T, E>;
