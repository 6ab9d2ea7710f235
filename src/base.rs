//! Pull-request mode (`--base REV`): only problems the change introduces.
//!
//! (Being implemented.)

use crate::error::{Result, RunError};
use crate::diagnostic::Diagnostic;
use crate::source::{Repo, Revision, Snapshot};
use std::collections::HashMap;
use std::path::Path;

/// What base mode reports.
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    pub notes: Vec<String>,
    pub files: usize,
    pub texts: HashMap<String, String>,
}

#[allow(clippy::too_many_arguments)]
pub fn run(
    _repo: &Repo,
    _revision: &Revision,
    _head: &Snapshot<'_>,
    base: &str,
    _config: Option<&Path>,
    _start: &Path,
    _today: &str,
    _all: bool,
) -> Result<Outcome> {
    Err(RunError::new(format!("--base {base}: pull-request mode is not available yet")))
}
