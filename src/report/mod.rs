//! Reports: the same diagnostics rendered for people and for tools.

pub mod human;
pub mod json;

use crate::diagnostic::{Counts, Diagnostic};
use std::collections::HashMap;

/// Everything a report needs from a run.
pub struct Report<'a> {
    pub diagnostics: &'a [Diagnostic],
    pub notes: &'a [String],
    /// Number of documents read.
    pub files: usize,
    /// File texts by repository-relative path, for snippets.
    pub texts: &'a HashMap<String, String>,
}

impl Report<'_> {
    pub fn counts(&self) -> Counts {
        Counts::of(self.diagnostics)
    }
}
