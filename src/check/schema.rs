//! JSON Schema validation (draft 2020-12) with errors placed on the YAML node
//! they are about: a wrong value on the value, an unknown key on the key
//! itself, a missing key on the mapping that lacks it.

use crate::diagnostic::Diagnostic;
pub use crate::model::SchemaKind;
use crate::parse::{Parsed, Span, escape_pointer_segment};
use crate::suggest::{closest, is_unambiguous};
use jsonschema::Validator;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::OnceLock;

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
    /// For an unknown key with a "did you mean": the pointer of the key it
    /// probably meant (`/telemetry` for `telemetery`). Whatever finds that
    /// key missing is the same problem, and says nothing more.
    pub meant: Option<String>,
    /// The one safe edit: replace `span` by this text (an unknown key or
    /// enum value whose "did you mean" has a single candidate).
    pub fix: Option<String>,
}

impl SchemaError {
    pub fn into_diagnostic(self, file: &str) -> Diagnostic {
        let mut d = crate::check::rules::schema::RULE
            .diagnostic(file, self.span)
            .message(self.message)
            .label(self.label)
            .pointer(self.pointer);
        d.help = self.help;
        if let Some(replacement) = self.fix.filter(|_| self.span.start.line == self.span.end.line) {
            let title = format!("replace with `{replacement}`");
            d = d.fix(self.span, replacement, title);
        }
        d
    }
}

/// Validates a document against a kind's schema; errors are in file order.
/// `top` is where a missing top-level key is reported, asked only when one is.
pub fn validate(kind: SchemaKind, doc: &Parsed, top: &dyn Fn() -> Span) -> Vec<SchemaError> {
    let compiled = compiled(kind);
    let mut errors: Vec<SchemaError> = Vec::new();
    for error in compiled.validator.iter_errors(&doc.value) {
        let pointer = error.instance_path().as_str().to_owned();
        let schema_path = error.schema_path().as_str().to_owned();
        errors.extend(describe(compiled, doc, top, kind, &pointer, &schema_path, error.kind(), &error.to_string()));
    }
    errors.sort_by(|a, b| (a.span.start, &a.pointer).cmp(&(b.span.start, &b.pointer)));
    errors.dedup_by(|a, b| a.pointer == b.pointer && a.message == b.message);
    // A required key that a misspelt one was meant to be is one problem.
    let meant: BTreeSet<String> = errors.iter().filter_map(|e| e.meant.clone()).collect();
    errors.retain(|e| e.meant.is_some() || !meant.contains(&e.pointer));
    errors
}

#[allow(clippy::too_many_arguments)]
fn describe(
    compiled: &Compiled,
    doc: &Parsed,
    top: &dyn Fn() -> Span,
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
        meant: None,
        fix: None,
    };
    let names = Names { doc: &doc.value, kind };
    let field = names.field(pointer);
    match error {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let known = known_keys(&compiled.schema, schema_path);
            unexpected
                .iter()
                .map(|key| {
                    let child = format!("{pointer}/{}", escape_pointer_segment(key));
                    let span = doc.spans.get(&child).map_or(value_span, |n| n.anchor());
                    let on_key = doc.spans.get(&child).is_some_and(|n| n.key.is_some());
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
                        message: format!("unknown key `{key}` in {}", names.place(pointer)),
                        label: "unknown key".into(),
                        help: Some(help),
                        meant: suggestion.map(|s| format!("{pointer}/{}", escape_pointer_segment(s))),
                        fix: suggestion
                            .filter(|s| is_unambiguous(key, s, known.iter().map(String::as_str)))
                            .filter(|_| on_key)
                            .map(str::to_owned),
                    }
                })
                .collect()
        }
        ValidationErrorKind::Required { property } => {
            let property = property.as_str().unwrap_or_default();
            let span = if pointer.is_empty() { top() } else { doc.spans.nearest(pointer).1.anchor() };
            vec![SchemaError {
                pointer: format!("{pointer}/{}", escape_pointer_segment(property)),
                span,
                message: format!("{} lacks the required key `{property}`", names.place(pointer)),
                label: format!("`{property}` is missing here"),
                help: Some(format!("add `{property}:` to {}", names.place(pointer))),
                meant: None,
                fix: None,
            }]
        }
        ValidationErrorKind::Enum { options } => {
            let choices: Vec<String> = options.as_array().map(|a| a.iter().map(plain).collect()).unwrap_or_default();
            let mut error = at_value(
                names.not_one_of(pointer, value),
                &format!("expected one of {}", choices.join(", ")),
                Some(choose(value, &choices)),
            );
            error.fix = value.as_str().and_then(|v| unique_choice(v, &choices)).map(str::to_owned);
            vec![error]
        }
        ValidationErrorKind::AnyOf { .. } | ValidationErrorKind::OneOfNotValid { .. } => {
            // A setting with a short and a long form (`capacity: warning`,
            // `capacity: { severity: warning }`): name the values, not the
            // validator's alternatives.
            let choices = alternatives(&compiled.schema, schema_path);
            if choices.is_empty() {
                vec![at_value(format!("{field} is not any of the forms it may take"), "invalid value", None)]
            } else {
                vec![at_value(
                    format!("{field} must be one of {}, not `{}`", choices.join(", "), plain(value)),
                    &format!("expected one of {}", choices.join(", ")),
                    Some(choose(value, &choices)),
                )]
            }
        }
        ValidationErrorKind::Minimum { limit } => {
            vec![at_value(
                format!("{field} must be at least {limit}, not {}", plain(value)),
                &format!("less than {limit}"),
                None,
            )]
        }
        ValidationErrorKind::ExclusiveMinimum { limit } => vec![at_value(
            format!("{field} must be more than {limit}, not {}", plain(value)),
            &format!("not more than {limit}"),
            None,
        )],
        ValidationErrorKind::Maximum { limit } => {
            vec![at_value(
                format!("{field} must be at most {limit}, not {}", plain(value)),
                &format!("more than {limit}"),
                None,
            )]
        }
        ValidationErrorKind::ExclusiveMaximum { limit } => vec![at_value(
            format!("{field} must be less than {limit}, not {}", plain(value)),
            &format!("not less than {limit}"),
            None,
        )],
        ValidationErrorKind::MinLength { .. } => {
            vec![at_value(
                format!("{field} must not be empty"),
                "empty",
                Some("write something here, or leave the key out".into()),
            )]
        }
        ValidationErrorKind::MinItems { limit } => vec![at_value(
            format!("{field} must hold at least {limit} {}", if *limit == 1 { "entry" } else { "entries" }),
            "too few entries",
            None,
        )],
        ValidationErrorKind::MaxItems { limit } => vec![at_value(
            format!("{field} must hold at most {limit} {}", if *limit == 1 { "entry" } else { "entries" }),
            "too many entries",
            None,
        )],
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
        ValidationErrorKind::Pattern { pattern } => {
            let (what, help) = pattern_words(pattern);
            vec![at_value(
                format!("{field} must be {what}, not `{}`", plain(value)),
                &format!("not {what}"),
                Some(help),
            )]
        }
        ValidationErrorKind::Format { format } if format == "date" => vec![at_value(
            format!("{field} must be a date, YYYY-MM-DD, not `{}`", plain(value)),
            "not a real date",
            Some("write a real calendar date as YYYY-MM-DD, e.g. `2027-03-31`".to_owned()),
        )],
        ValidationErrorKind::Format { format } => vec![at_value(
            format!("{field} must be a {format}, not `{}`", plain(value)),
            &format!("expected a {format}"),
            None,
        )],
        ValidationErrorKind::PropertyNames { .. } => {
            // Name the offending keys: property names that fail are reported on the key.
            vec![at_value(
                format!("{} has a key that is not allowed: {fallback}", names.place(pointer)),
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

/// How a person names the value at `pointer` in a document of `kind`:
/// "`created`", "`telemetry.review_after`", "item R-3's `team`".
pub fn name_of(doc: &Value, kind: SchemaKind, pointer: &str) -> String {
    Names { doc, kind }.field(pointer)
}

/// How a person names places in a document: by key, and list elements by
/// their id where they have one (`item R-3`, not `items[2]`).
struct Names<'d> {
    doc: &'d Value,
    kind: SchemaKind,
}

impl Names<'_> {
    /// A mapping or list: "the proposal", "`estimate`", "item R-3".
    fn place(&self, pointer: &str) -> String {
        if pointer.is_empty() {
            return match self.kind {
                SchemaKind::Config => "the configuration".into(),
                other => format!("the {}", other.name().to_lowercase()),
            };
        }
        match self.owner(pointer) {
            Some((owner, "")) => owner,
            Some((owner, rest)) => format!("{owner}'s `{}`", dotted(rest)),
            None => format!("`{}`", dotted(pointer)),
        }
    }

    /// A value: "`created`", "`telemetry.review_after`", "item R-3's `team`".
    fn field(&self, pointer: &str) -> String {
        if pointer.is_empty() {
            return format!("the {} document", self.kind.name());
        }
        self.place(pointer)
    }

    /// "`aproved` is not a valid status", "`promised` is not a valid
    /// commitment for item R-3".
    fn not_one_of(&self, pointer: &str, value: &Value) -> String {
        let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
        let key = key.replace("~1", "/").replace("~0", "~");
        let value = plain(value);
        match self.owner(pointer) {
            Some((owner, _)) => format!("`{value}` is not a valid {key} for {owner}"),
            None if parent.is_empty() => format!("`{value}` is not a valid {key}"),
            None => format!("`{value}` is not a valid {key} in `{}`", dotted(parent)),
        }
    }

    /// The list element a pointer lies in, named by its id, and the rest
    /// of the pointer: `/items/2/team` → ("item R-3", "/team").
    fn owner<'p>(&self, pointer: &'p str) -> Option<(String, &'p str)> {
        let rest = pointer.strip_prefix('/')?;
        let (list, rest) = rest.split_once('/')?;
        let (index, rest) = rest.split_once('/').map_or((rest, ""), |(i, r)| (i, r));
        let noun = match list {
            "items" => "item",
            "people" => "person",
            "teams" => "team",
            "rules" if self.kind == SchemaKind::Policy => "rule",
            _ => return None,
        };
        let element = self.doc.get(list)?.get(index.parse::<usize>().ok()?)?;
        let id = element.get("id").and_then(Value::as_str).filter(|id| !id.trim().is_empty())?;
        let rest = &pointer[pointer.len() - rest.len() - usize::from(!rest.is_empty())..];
        Some((format!("{noun} {id}"), rest))
    }
}

/// The help for a value that is not one of `choices`.
fn choose(value: &Value, choices: &[String]) -> String {
    match value.as_str().and_then(|v| closest_choice(v, choices)) {
        Some(s) => format!("did you mean `{s}`? (one of: {})", choices.join(", ")),
        None => format!("use one of: {}", choices.join(", ")),
    }
}

/// The choice a mistyped value meant: one that is the same ignoring case,
/// one it begins (`warn` → `warning`), or the closest by spelling.
fn closest_choice<'c>(value: &str, choices: &'c [String]) -> Option<&'c str> {
    let lower = value.to_lowercase();
    choices
        .iter()
        .find(|c| c.to_lowercase() == lower)
        .or_else(|| choices.iter().find(|c| lower.len() >= 3 && c.to_lowercase().starts_with(&lower)))
        .map(String::as_str)
        .or_else(|| closest(value, choices.iter().map(String::as_str)))
}

/// [`closest_choice`] when it is the one right answer: no other choice
/// matches the same way, or is as close by spelling.
fn unique_choice<'c>(value: &str, choices: &'c [String]) -> Option<&'c str> {
    let chosen = closest_choice(value, choices)?;
    let lower = value.to_lowercase();
    let same = |matches: &dyn Fn(&str) -> bool| choices.iter().filter(|c| matches(&c.to_lowercase())).count();
    let by_case = same(&|c| c == lower);
    if by_case > 0 {
        return (by_case == 1).then_some(chosen);
    }
    let by_prefix = if lower.len() >= 3 { same(&|c| c.starts_with(&lower)) } else { 0 };
    if by_prefix > 0 {
        return (by_prefix == 1).then_some(chosen);
    }
    is_unambiguous(value, chosen, choices.iter().map(String::as_str)).then_some(chosen)
}

/// The values an `anyOf`/`oneOf` at `schema_path` allows in its branches'
/// `enum`s (long forms included: `{ severity: … }` allows the same words).
fn alternatives(schema: &Value, schema_path: &str) -> Vec<String> {
    let Some(node) = schema.pointer(schema_path) else { return Vec::new() };
    let mut out: Vec<String> = Vec::new();
    let mut pending: Vec<&Value> = node.as_array().map(|a| a.iter().collect()).unwrap_or_default();
    while let Some(branch) = pending.pop() {
        if let Some(values) = branch.get("enum").and_then(Value::as_array) {
            for value in values.iter().map(plain) {
                if !out.contains(&value) {
                    out.push(value);
                }
            }
        }
        if let Some(properties) = branch.get("properties").and_then(Value::as_object) {
            pending.extend(properties.values());
        }
    }
    out
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

/// What a pattern asks for, in words, and how to write it.
fn pattern_words(pattern: &str) -> (String, String) {
    let (what, help) = match pattern {
        "^[A-Z][A-Z0-9]*-[0-9]+$" => {
            ("an id such as `P-0042`", "ids are capital letters or digits, a dash, then digits, like `P-0042`")
        }
        "^[0-9]{4}-Q[1-4]$" => ("a quarter such as `2027-Q1`", "quarters are written YYYY-QN, like `2027-Q1`"),
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" => ("a date, YYYY-MM-DD", "dates are written YYYY-MM-DD, like `2027-03-31`"),
        "^[a-z0-9][a-z0-9._-]*$" => {
            ("a roster id such as `ana` or `field-apps`", "roster ids are lowercase letters, digits, `.`, `_` and `-`")
        }
        "^[a-z][a-z0-9]*(-[a-z0-9]+)*$" => {
            ("a rule id such as `value-score`", "rule ids are lowercase words joined by dashes, like `value-score`")
        }
        "^(/.*)?$" => ("a JSON pointer such as `/estimate/effort`", "pointers start with `/`, like `/estimate/effort`"),
        other => return (format!("text matching `{other}`"), format!("it must match the pattern `{other}`")),
    };
    (what.to_owned(), help.to_owned())
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
