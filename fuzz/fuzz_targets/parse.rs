//! YAML bytes → value + span map: never panics, every span lies inside the
//! text, and the value is JSON that reads back the same.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use roadlint::parse::{self, Limits, ParseProblem};

fuzz_target!(|bytes: &[u8]| {
    let outcome = parse::parse(bytes, &Limits::default());
    for problem in &outcome.problems {
        match problem {
            ParseProblem::Syntax { span, .. } => {
                common::assert_inside(&outcome.text, *span, "syntax error")
            }
            ParseProblem::DuplicateKey { span, first, .. } => {
                common::assert_inside(&outcome.text, *span, "duplicate key");
                common::assert_inside(&outcome.text, *first, "first key");
            }
        }
    }
    let Some(doc) = &outcome.document else { return };
    for (pointer, node) in doc.spans.iter() {
        common::assert_inside(&outcome.text, node.value, pointer);
        if let Some(key) = node.key {
            common::assert_inside(&outcome.text, key, pointer);
        }
    }
    let json = serde_json::to_string(&doc.value).expect("the value serializes");
    let back: serde_json::Value = serde_json::from_str(&json).expect("the JSON reads back");
    assert_eq!(back, doc.value);
});
