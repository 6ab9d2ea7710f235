//! The fast YAML path against the reference path (saphyr-parser alone):
//! wherever the fast path reads a text, value, spans and problems must be
//! exactly the reference's.
#![no_main]

use libfuzzer_sys::fuzz_target;
use roadlint::parse::{self, Limits, ParseOutcome};

/// Everything a parse outcome says, in a comparable form.
fn summary(outcome: &ParseOutcome) -> String {
    let mut out = format!("{:?}\n{:?}\n", outcome.text, outcome.problems);
    if let Some(doc) = &outcome.document {
        out.push_str(&doc.value.to_string());
        let mut spans: Vec<String> = doc.spans.iter().map(|(p, n)| format!("{p:?} {n:?}")).collect();
        spans.sort();
        out.push_str(&spans.join("\n"));
    }
    out
}

fuzz_target!(|bytes: &[u8]| {
    let limits = Limits::default();
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    if !parse::takes_fast_path(text, &limits) {
        return;
    }
    let fast = summary(&parse::parse(bytes, &limits));
    let reference = summary(&parse::parse_reference(bytes, &limits));
    assert_eq!(fast, reference, "the fast path disagrees on {text:?}");
});
