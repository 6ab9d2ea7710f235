//! Invariants every fuzz target checks on what roadlint reports.
#![allow(dead_code)]

use roadlint::diagnostic::Diagnostic;
use roadlint::parse::{LineIndex, Span};
use std::collections::HashMap;

/// A span lies inside its text, starts no later than it ends, and its
/// positions survive the round trip through byte offsets.
pub fn assert_inside(text: &str, span: Span, what: &str) {
    let index = LineIndex::new(text);
    for pos in [span.start, span.end] {
        assert!(
            index.contains(pos),
            "{what}: {pos:?} is outside the text {text:?}"
        );
        assert_eq!(
            index.position(index.offset(pos)),
            pos,
            "{what}: {pos:?} does not round-trip"
        );
    }
    assert!(
        span.start <= span.end,
        "{what}: {span:?} ends before it starts"
    );
}

/// Every diagnostic and related label points inside the file it names.
pub fn assert_diagnostics_inside(diagnostics: &[Diagnostic], texts: &HashMap<String, String>) {
    for d in diagnostics {
        let text = texts
            .get(&d.file)
            .unwrap_or_else(|| panic!("no text for {}", d.file));
        assert_inside(text, d.span, &format!("{} on {}", d.rule, d.file));
        for related in &d.related {
            let text = texts
                .get(&related.file)
                .unwrap_or_else(|| panic!("no text for {}", related.file));
            assert_inside(text, related.span, &format!("related label of {}", d.rule));
        }
    }
}
