//! Reports: the same diagnostics rendered for people and for tools.

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod summary;

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

    /// "2 errors, 1 warning in 12 files" (infos only when there are some).
    pub fn count_line(&self) -> String {
        let counts = self.counts();
        let mut parts = vec![plural(counts.errors, "error"), plural(counts.warnings, "warning")];
        if counts.infos > 0 {
            parts.push(plural(counts.infos, "info"));
        }
        format!("{} in {}", parts.join(", "), plural(self.files, "file"))
    }
}

/// "1 error", "2 errors".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}
