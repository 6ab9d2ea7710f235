//! What must hold of every position roadlint reports, whatever the input:
//! checked by the property tests and the fuzzing regressions (the fuzz
//! targets check the same in fuzz/fuzz_targets/common.rs).

use roadlint::diagnostic::Diagnostic;
use roadlint::parse::{LineIndex, ParseOutcome, ParseProblem, Span};
use std::collections::HashMap;

/// A span lies inside its text, starts no later than it ends, and its line
/// and column are those of a byte offset (they survive the round trip).
pub fn assert_inside(text: &str, span: Span, what: &str) {
    let index = LineIndex::new(text);
    for pos in [span.start, span.end] {
        assert!(index.contains(pos), "{what}: {pos:?} is outside the text {text:?}");
        assert_eq!(index.position(index.offset(pos)), pos, "{what}: {pos:?} does not match a byte offset");
    }
    assert!(span.start <= span.end, "{what}: {span:?} ends before it starts");
}

/// Every problem and every recorded node of a parse lies inside the text.
pub fn assert_parse_inside(outcome: &ParseOutcome) {
    for problem in &outcome.problems {
        match problem {
            ParseProblem::Syntax { span, message, .. } => assert_inside(&outcome.text, *span, message),
            ParseProblem::DuplicateKey { span, first, key, .. } => {
                assert_inside(&outcome.text, *span, key);
                assert_inside(&outcome.text, *first, key);
            }
        }
    }
    if let Some(doc) = &outcome.document {
        for (pointer, node) in doc.spans.iter() {
            assert_inside(&outcome.text, node.value, pointer);
            if let Some(key) = node.key {
                assert_inside(&outcome.text, key, pointer);
            }
        }
    }
}

/// Every diagnostic and related label points inside the file it names.
pub fn assert_diagnostics_inside(diagnostics: &[Diagnostic], texts: &HashMap<String, String>) {
    for d in diagnostics {
        let text = texts.get(&d.file).unwrap_or_else(|| panic!("no text for {}", d.file));
        assert_inside(text, d.span, &format!("{} on {}: {}", d.rule, d.file, d.message));
        for related in &d.related {
            let text = texts.get(&related.file).unwrap_or_else(|| panic!("no text for {}", related.file));
            assert_inside(text, related.span, &format!("related label of {}", d.rule));
        }
    }
}
