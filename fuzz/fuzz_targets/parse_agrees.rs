//! The fast YAML path against the reference path (saphyr-parser alone):
//! wherever the fast path reads a text, value, spans and problems must be
//! exactly the reference's.
#![no_main]

use libfuzzer_sys::fuzz_target;
use roadlint::parse::{self, Limits};

fuzz_target!(|bytes: &[u8]| {
    let limits = Limits::default();
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    if !parse::takes_fast_path(text, &limits) {
        return;
    }
    let fast = parse::parse(bytes, &limits);
    let reference = parse::parse_reference(bytes, &limits);
    assert!(fast == reference, "the fast path disagrees on {text:?}:\n{fast:#?}\n{reference:#?}");
});
