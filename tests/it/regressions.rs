//! Every input fuzzing (scripts/fuzz.sh) or the property tests
//! (tests/it/properties.rs) found a problem with, kept as a test that runs it
//! through the same invariants again.

use crate::common;

use crate::common::invariants::{assert_diagnostics_inside, assert_parse_inside};
use roadlint::check::config::Config;
use roadlint::check::{self, policy::PolicySet};
use roadlint::parse::{self, Limits};
use std::collections::HashMap;

/// The `parse` target's checks.
fn parse_target(bytes: &[u8]) {
    assert_parse_inside(&parse::parse(bytes, &Limits::default()));
}

/// The `check` target's checks: the input split at NUL bytes into files.
fn check_target(bytes: &[u8]) {
    let files: Vec<(String, Vec<u8>)> = bytes
        .split(|&b| b == 0)
        .take(8)
        .enumerate()
        .map(|(i, part)| (format!("roadmap/doc-{i}.yaml"), part.to_vec()))
        .collect();
    let config = Config::default();
    let policies = PolicySet::build(&config, &[]).expect("the built-in pack loads");
    let outcome = check::check_files(files, &config, &policies, common::TODAY).expect("checks");
    let texts: HashMap<String, String> =
        outcome.workspace.files.iter().map(|f| (f.path.clone(), f.text.clone())).collect();
    assert_diagnostics_inside(&outcome.diagnostics, &texts);
}

/// `parse`: a syntax error at the very end of a file pointed one character
/// past it (the parser marks the end; roadlint made it one character wide).
#[test]
fn parse_syntax_error_at_the_end_of_the_file() {
    parse_target(b"title: One\nstanas: d[aft\ntitle:tle: One\nstanas: d[aft\ntitl Tw/\n");
}

/// `check`: an empty file's "the file is empty" underlined a first
/// character that does not exist.
#[test]
fn check_empty_file() {
    check_target(b"");
    check_target(b"\n\n");
}

/// Property tests: a file that ends without a newline. saphyr starts one
/// more line at the end of the stream, so the root's end pointed at a line
/// the file does not have.
#[test]
fn parse_end_of_a_file_without_a_newline() {
    parse_target(b"key:");
    parse_target(b"k: [a, b]");
}

/// Property tests: a roster with an empty line inserted, CRLF line endings
/// and a byte-order mark.
#[test]
fn check_crlf_roster_with_an_inserted_line_break() {
    let mut lines: Vec<&str> = common::ROSTER.lines().collect();
    lines.insert(2, "\r\n");
    let text = format!("\u{feff}{}", (lines.join("\n") + "\n").replace('\n', "\r\n"));
    check_target(text.as_bytes());
}
