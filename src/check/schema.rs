//! JSON Schema validation (draft 2020-12) with errors placed on the YAML node
//! they are about: a wrong value on the value, an unknown key on the key
//! itself, a missing key on the mapping that lacks it.

use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::{Parsed, Span, escape_pointer_segment};
use crate::suggest::closest;
use jsonschema::Validator;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// The document kinds and the configuration file, each with its schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SchemaKind {
    Proposal,
    Roadmap,
    Roster,
    Policy,
    Config,
}

impl SchemaKind {
    pub const DOCUMENTS: [SchemaKind; 4] =
        [SchemaKind::Proposal, SchemaKind::Roadmap, SchemaKind::Roster, SchemaKind::Policy];
    pub const ALL: [SchemaKind; 5] =
        [SchemaKind::Proposal, SchemaKind::Roadmap, SchemaKind::Roster, SchemaKind::Policy, SchemaKind::Config];

    pub fn name(self) -> &'static str {
        match self {
            SchemaKind::Proposal => "Proposal",
            SchemaKind::Roadmap => "Roadmap",
            SchemaKind::Roster => "Roster",
            SchemaKind::Policy => "Policy",
            SchemaKind::Config => "Config",
        }
    }

    /// The kind named by a document's `kind` field.
    pub fn from_document_kind(kind: &str) -> Option<Self> {
        Self::DOCUMENTS.into_iter().find(|k| k.name() == kind)
    }

    /// The kind named on the command line (`roadlint schema proposal`).
    pub fn from_cli(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name().eq_ignore_ascii_case(name))
    }

    /// The schema text, embedded in the binary.
    pub fn source(self) -> &'static str {
        match self {
            SchemaKind::Proposal => include_str!("../../schemas/proposal.schema.json"),
            SchemaKind::Roadmap => include_str!("../../schemas/roadmap.schema.json"),
            SchemaKind::Roster => include_str!("../../schemas/roster.schema.json"),
            SchemaKind::Policy => include_str!("../../schemas/policy.schema.json"),
            SchemaKind::Config => include_str!("../../schemas/config.schema.json"),
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

struct Compiled {
    schema: Value,
    validator: Validator,
}

/// Each schema is compiled once per process, on first use.
fn compiled(kind: SchemaKind) -> &'static Compiled {
    static CACHE: [OnceLock<Compiled>; 5] = [const { OnceLock::new() }; 5];
    CACHE[kind.index()].get_or_init(|| {
        // The schemas are part of the binary and covered by tests: a broken
        // one is a build defect, not an input error.
        let schema: Value = serde_json::from_str(kind.source()).expect("embedded schema is JSON");
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&schema)
            .expect("embedded schema compiles");
        Compiled { schema, validator }
    })
}

/// One schema finding, before it becomes a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    pub pointer: String,
    pub span: Span,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

impl SchemaError {
    pub fn into_diagnostic(self, file: &str) -> Diagnostic {
        let mut d = Diagnostic::new("schema", Severity::Error, file, self.span)
            .message(self.message)
            .label(self.label)
            .pointer(self.pointer);
        d.help = self.help;
        d
    }
}

/// Validates a document against a kind's schema; errors are in file order.
pub fn validate(kind: SchemaKind, doc: &Parsed, first_line: Span) -> Vec<SchemaError> {
    let compiled = compiled(kind);
    let mut errors: Vec<SchemaError> = Vec::new();
    for error in compiled.validator.iter_errors(&doc.value) {
        let pointer = error.instance_path().as_str().to_owned();
        let schema_path = error.schema_path().as_str().to_owned();
        errors.extend(describe(
            compiled,
            doc,
            first_line,
            kind,
            &pointer,
            &schema_path,
            error.kind(),
            &error.to_string(),
        ));
    }
    errors.sort_by(|a, b| (a.span.start, &a.pointer).cmp(&(b.span.start, &b.pointer)));
    errors.dedup_by(|a, b| a.pointer == b.pointer && a.message == b.message);
    errors
}

#[allow(clippy::too_many_arguments)]
fn describe(
    compiled: &Compiled,
    doc: &Parsed,
    first_line: Span,
    kind: SchemaKind,
    pointer: &str,
    schema_path: &str,
    error: &ValidationErrorKind,
    fallback: &str,
) -> Vec<SchemaError> {
    let value = doc.value.pointer(pointer).unwrap_or(&Value::Null);
    let value_span = doc.spans.nearest(pointer).1.value;
    let at_value = |message: String, label: &str, help: Option<String>| SchemaError {
        pointer: pointer.to_owned(),
        span: value_span,
        message,
        label: label.to_owned(),
        help,
    };
    let field = field_name(pointer, kind);
    match error {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let known = known_keys(&compiled.schema, schema_path);
            unexpected
                .iter()
                .map(|key| {
                    let child = format!("{pointer}/{}", escape_pointer_segment(key));
                    let span = doc.spans.get(&child).map_or(value_span, |n| n.anchor());
                    let suggestion = closest(key, known.iter().map(String::as_str));
                    let help = match suggestion {
                        Some(s) => {
                            format!("did you mean `{s}`? (keys starting with `x-` are free for local extensions)")
                        }
                        None => format!(
                            "known keys here: {}; keys starting with `x-` are free for local extensions",
                            known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                        ),
                    };
                    SchemaError {
                        pointer: child,
                        span,
                        message: format!("unknown key `{key}` in {}", where_(pointer, kind)),
                        label: "unknown key".into(),
                        help: Some(help),
                    }
                })
                .collect()
        }
        ValidationErrorKind::Required { property } => {
            let property = property.as_str().unwrap_or_default();
            let span = if pointer.is_empty() { first_line } else { doc.spans.nearest(pointer).1.anchor() };
            vec![SchemaError {
                pointer: format!("{pointer}/{}", escape_pointer_segment(property)),
                span,
                message: format!("{} lacks the required key `{property}`", where_(pointer, kind)),
                label: format!("`{property}` is missing here"),
                help: Some(format!("add `{property}:` to {}", where_(pointer, kind))),
            }]
        }
        ValidationErrorKind::Enum { options } => {
            let choices: Vec<String> = options.as_array().map(|a| a.iter().map(plain).collect()).unwrap_or_default();
            let help = match value.as_str().and_then(|v| closest(v, choices.iter().map(String::as_str))) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("use one of: {}", choices.join(", ")),
            };
            vec![at_value(
                format!("`{}` is not a valid {field}", plain(value)),
                &format!("expected one of {}", choices.join(", ")),
                Some(help),
            )]
        }
        ValidationErrorKind::Constant { expected_value } => vec![at_value(
            format!("{field} must be `{}`, not `{}`", plain(expected_value), plain(value)),
            &format!("expected `{}`", plain(expected_value)),
            Some(format!("write `{}`", plain(expected_value))),
        )],
        ValidationErrorKind::Type { kind: expected } => {
            let expected = match expected {
                TypeKind::Single(t) => article(&t.to_string()),
                TypeKind::Multiple(set) => set.iter().map(|t| article(&t.to_string())).collect::<Vec<_>>().join(" or "),
            };
            vec![at_value(
                format!("{field} must be {expected}, not {}", describe_value(value)),
                &format!("expected {expected}"),
                None,
            )]
        }
        ValidationErrorKind::Pattern { pattern } => vec![at_value(
            format!("`{}` is not a valid {field}", plain(value)),
            &format!("does not match `{pattern}`"),
            Some(pattern_help(pattern)),
        )],
        ValidationErrorKind::Format { format } => vec![at_value(
            format!("`{}` is not a valid {format} for {field}", plain(value)),
            &format!("expected a {format}"),
            None,
        )],
        ValidationErrorKind::PropertyNames { .. } => {
            // Name the offending keys: property names that fail are reported on the key.
            vec![at_value(
                format!("{} has a key that is not allowed: {fallback}", where_(pointer, kind)),
                "invalid key",
                None,
            )]
        }
        _ => vec![at_value(format!("{field}: {fallback}"), "invalid value", None)],
    }
}

/// The property names a schema object allows, found from the failing
/// keyword's location (`…/additionalProperties`).
fn known_keys(schema: &Value, schema_path: &str) -> BTreeSet<String> {
    let parent = schema_path.rsplit_once('/').map_or("", |(parent, _)| parent);
    schema
        .pointer(parent)
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// "the proposal", "estimate", "telemetry.metrics[0]" — how a person names a place.
fn where_(pointer: &str, kind: SchemaKind) -> String {
    if pointer.is_empty() {
        return match kind {
            SchemaKind::Config => "the configuration".into(),
            other => format!("the {}", other.name().to_lowercase()),
        };
    }
    format!("`{}`", dotted(pointer))
}

fn field_name(pointer: &str, kind: SchemaKind) -> String {
    if pointer.is_empty() {
        return format!("{} document", kind.name());
    }
    dotted(pointer)
}

/// `/telemetry/metrics/0/target` → `telemetry.metrics[0].target`.
pub fn dotted(pointer: &str) -> String {
    let mut out = String::new();
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{segment}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&segment);
        }
    }
    out
}

fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn describe_value(value: &Value) -> String {
    match value {
        Value::Null => "empty".into(),
        Value::Bool(b) => format!("the boolean `{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) => format!("the text `{s}`"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}

fn article(json_type: &str) -> String {
    match json_type {
        "object" => "a mapping".into(),
        "array" => "a list".into(),
        "integer" => "a whole number".into(),
        "number" => "a number".into(),
        "string" => "text".into(),
        "boolean" => "true or false".into(),
        "null" => "empty".into(),
        other => other.to_owned(),
    }
}

fn pattern_help(pattern: &str) -> String {
    match pattern {
        "^[A-Z][A-Z0-9]*-[0-9]+$" => "ids look like `P-0042`: capital letters or digits, a dash, digits".into(),
        "^[0-9]{4}-Q[1-4]$" => "quarters look like `2027-Q1`".into(),
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" => "dates look like `2027-03-31` (YYYY-MM-DD)".into(),
        other => format!("it must match the pattern `{other}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_schema_compiles() {
        for kind in SchemaKind::ALL {
            let _ = compiled(kind);
        }
    }

    #[test]
    fn dotted_paths_read_like_yaml() {
        assert_eq!(dotted("/telemetry/metrics/0/target"), "telemetry.metrics[0].target");
        assert_eq!(dotted(""), "");
    }
}
