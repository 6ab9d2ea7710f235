//! A reference model of SPEC's cross-file and governance rules, kept apart
//! from the implementation: plain data (`data`), written as YAML
//! (`render`), judged by the model (`rules`), generated at random
//! (`generate`). tests/model_based.rs checks roadlint against it.
#![allow(dead_code)]

pub mod data;
pub mod fixtures;
pub mod generate;
pub mod render;
pub mod rules;
