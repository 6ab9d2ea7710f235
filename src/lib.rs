//! roadlint: a git-native linter and policy checker for roadmaps kept as code.
//!
//! A document flows through the modules in this order:
//! [`source`] (git: rev / index / worktree) → [`parse`] (YAML + spans) →
//! [`model`] (typed documents) → [`check`] (schema, rules, cross-file,
//! transitions) → [`report`] (human, json, …). [`cli`] wires them together.

pub mod base;
pub mod check;
pub mod cli;
pub mod diagnostic;
pub mod error;
pub mod fix;
pub mod history;
pub mod init;
pub mod memory;
pub mod model;
pub mod parse;
pub mod plan;
pub mod report;
pub mod server;
pub mod session;
pub mod source;
pub mod span;
pub mod suggest;
