//! `.roadlint.yaml` loading: any bytes give a configuration or a
//! configuration error (exit 2) with a message, never a panic; a loaded
//! configuration answers every question asked of it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use roadlint::check::config::Config;
use roadlint::source::Content;

fuzz_target!(|bytes: &[u8]| {
    match Config::load(
        Content::Bytes(bytes.to_vec()),
        "team/.roadlint.yaml",
        "team",
    ) {
        Ok(config) => {
            let _ = config.matches("team/roadmap/proposals/P-1.yaml");
            let _ = config.setting("capacity", "team/roadmap/2027-H1.yaml");
            if let Err(error) = config.problems(Some(&["capacity", "value-score"])) {
                assert!(!error.message.is_empty());
            }
        }
        Err(error) => {
            assert!(!error.message.is_empty());
            let _ = error.to_string();
        }
    }
});
