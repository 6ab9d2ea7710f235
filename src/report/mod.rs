//! Reports: the same diagnostics rendered for people and for tools.

pub mod azure;
pub mod concise;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown_text;
pub mod rdjson;
pub mod roadmap;
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

/// The message, then the diagnostic's help on its own line: for formats
/// that have one text per finding, where the fix is what readers want next.
pub fn message_and_help(d: &Diagnostic) -> String {
    match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    }
}

/// "1 error", "2 errors".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}
