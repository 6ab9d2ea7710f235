//! Every integration test, in one binary: one link of libgit2, jsonschema
//! and cel instead of one per file. Each module is the old test file of
//! its name; `common` holds the shared support.

mod base_mode;
mod common;
mod diagnostics;
mod docs;
mod end_to_end_rules;
mod errors;
mod fast_parse;
mod fix;
mod formats;
mod gate;
mod history;
mod human;
mod install;
mod integrations;
mod limits;
mod model;
mod model_based;
mod oddities;
mod properties;
mod read_only;
mod regressions;
mod report;
mod rule_fixtures;
mod server;
mod sources;
mod trust;
