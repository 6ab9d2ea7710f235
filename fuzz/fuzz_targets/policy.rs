//! Policy compilation and evaluation. The input is tried twice: as a policy
//! file, and as the text of one CEL expression (in `require` and in a
//! `{…}` of `message`) inside a valid policy file. Any input compiles or
//! gives a configuration error, never a panic; what compiles is evaluated
//! over a small clean workspace, within the time limit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use roadlint::check::{self, policy::PolicySet};
use roadlint::check::config::Config;
use roadlint::source::Content;

const ROSTER: &[u8] = include_bytes!("../../examples/good/roadmap/roster.yaml");
const ROADMAP: &[u8] = include_bytes!("../../examples/good/roadmap/2027-H1.yaml");
const PROPOSAL: &[u8] =
    include_bytes!("../../examples/good/roadmap/proposals/P-0003-offline-mode.yaml");

/// The defaults, with a short time limit: a slow expression is an error
/// after two seconds, not a libFuzzer timeout.
fn config() -> Config {
    let text = b"limits: { max_policy_seconds: 2 }\n".to_vec();
    Config::load(Content::Bytes(text), ".roadlint.yaml", "").expect("the configuration loads")
}

/// A policy file whose rule's `require` and `message` hold `expression`.
fn wrap(expression: &str) -> Vec<u8> {
    let quoted = serde_json::to_string(expression).expect("a string serializes");
    let message =
        serde_json::to_string(&format!("got {{{expression}}}")).expect("a string serializes");
    format!(
        "apiVersion: roadlint/v1\nkind: Policy\nrules:\n  - id: fuzzed\n    applies_to: Proposal\n    require: {quoted}\n    message: {message}\n"
    )
    .into_bytes()
}

fn compile_and_run(policy: Vec<u8>) {
    let config = config();
    let Ok(policies) = PolicySet::build(&config, &[("policies/fuzzed.yaml".to_owned(), policy)])
    else {
        return;
    };
    let files = vec![
        ("roadmap/roster.yaml".to_owned(), ROSTER.to_vec()),
        ("roadmap/2027-H1.yaml".to_owned(), ROADMAP.to_vec()),
        (
            "roadmap/proposals/P-0003.yaml".to_owned(),
            PROPOSAL.to_vec(),
        ),
    ];
    // Overrunning the time limit is an error, not a hang: both are fine here.
    let _ = check::check_files(files, &config, &policies, "2026-11-25");
}

fuzz_target!(|bytes: &[u8]| {
    compile_and_run(bytes.to_vec());
    if let Ok(expression) = std::str::from_utf8(bytes) {
        compile_and_run(wrap(expression));
    }
});
