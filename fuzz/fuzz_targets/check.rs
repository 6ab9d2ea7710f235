//! The whole pipeline after reading — parse, schema validation with span
//! mapping, the rules and the built-in policies — on a workspace of up to
//! eight documents (the input split at NUL bytes), then the human and JSON
//! reports: never panics, and every diagnostic points inside its file.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use roadlint::check::{self, policy::PolicySet};
use roadlint::check::config::Config;
use roadlint::report::{self, Report};
use std::collections::HashMap;
use std::sync::OnceLock;

fn policies() -> &'static PolicySet {
    static POLICIES: OnceLock<PolicySet> = OnceLock::new();
    POLICIES
        .get_or_init(|| PolicySet::build(&Config::default(), &[]).expect("the built-in pack loads"))
}

fuzz_target!(|bytes: &[u8]| {
    let files: Vec<(String, Vec<u8>)> = bytes
        .split(|&b| b == 0)
        .take(8)
        .enumerate()
        .map(|(i, part)| (format!("roadmap/doc-{i}.yaml"), part.to_vec()))
        .collect();
    let config = Config::default();
    let outcome = check::check_files(files, &config, policies(), "2026-11-25")
        .expect("the policies finish in time");
    let texts: HashMap<String, String> = outcome
        .workspace
        .files
        .iter()
        .map(|f| (f.path.clone(), f.text.clone()))
        .collect();
    common::assert_diagnostics_inside(&outcome.diagnostics, &texts);
    let report = Report {
        diagnostics: &outcome.diagnostics,
        notes: &outcome.notes,
        files: outcome.workspace.files.len(),
        texts: &texts,
    };
    let human = report::human::render(&report, false);
    assert!(
        human.contains(" in "),
        "the human report ends with a count line"
    );
    let json: serde_json::Value =
        serde_json::from_str(&report::json::render(&report)).expect("the JSON report parses");
    assert_eq!(
        json["diagnostics"].as_array().map(Vec::len),
        Some(outcome.diagnostics.len())
    );
});
