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
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write;

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

/// `--statistics`: one line per rule and severity, `COUNT RULE SEVERITY`,
/// most frequent first (then by rule id), the columns aligned.
pub fn statistics(report: &Report<'_>) -> String {
    let mut counts: std::collections::BTreeMap<(&str, crate::diagnostic::Severity), usize> = Default::default();
    for d in report.diagnostics {
        *counts.entry((d.rule.as_str(), d.severity)).or_default() += 1;
    }
    let mut rows: Vec<((&str, crate::diagnostic::Severity), usize)> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let count_width = rows.iter().map(|(_, n)| n.to_string().len()).max().unwrap_or(1);
    let rule_width = rows.iter().map(|((rule, _), _)| rule.len()).max().unwrap_or(0);
    rows.iter().map(|((rule, severity), n)| format!("{n:>count_width$} {rule:<rule_width$} {severity}\n")).collect()
}

/// The message, then the diagnostic's help on its own line: for formats
/// that have one text per finding, where the fix is what readers want next.
pub fn message_and_help(d: &Diagnostic) -> String {
    match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    }
}

/// `\u{1b}` for every control character and every bidirectional
/// formatting character; other text unchanged.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\t' {
            // As human output shows it: visibly not spaces.
            out.push_str("\\t");
        } else if needs_escape(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

pub(crate) fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// "1 error", "2 errors".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}
