//! Reading, validating and compiling Policy documents. Every problem is a
//! configuration error (exit 2) with a diagnostic inside the policy file,
//! so a broken policy can never pass silently.

use super::expr::{Bounds, CompileError, Expr, Nesting, Template, TemplateError};
use super::{AppliesTo, BUILT_IN, Condition, PolicyRuleInfo, Requirement, Rule};
use crate::check::config::{self, Config, FILE_NAME, config_error};
use crate::check::registry::{self, Check};
use crate::check::schema::{self, SchemaKind};
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::{Result, RunError};
use crate::model::Status;
use crate::parse::{self, Limits, LineIndex, Parsed, Position, Span};
use crate::source::{self, Content, Snapshot};
use cel::Env;
use serde_json::Value;

/// The built-in governance pack: (path in this project, text).
pub(super) const PACK: &[(&str, &str)] =
    &[("policies/governance.yaml", include_str!("../../../policies/governance.yaml"))];

/// Reads one configured policy file from the snapshot: its normalized
/// repository-relative path and its bytes.
pub(super) fn read(snapshot: &Snapshot<'_>, config: &Config, path: &str) -> Result<(String, Vec<u8>)> {
    let configured_in = config.file.as_deref().unwrap_or(FILE_NAME);
    let Some(inside) = normalize(path) else {
        return Err(RunError::new(format!(
            "the policy file `{path}` named in {configured_in} is outside the repository"
        ))
        .hint("keep policy files in the repository and list them relative to the folder of .roadlint.yaml"));
    };
    match snapshot.read_path(&inside, config.limits.max_file_bytes)? {
        Some(Content::Bytes(bytes)) => Ok((inside, bytes)),
        Some(Content::TooLarge(size)) => Err(RunError::new(format!(
            "the policy file {inside} is {size} bytes, over the limit of {} bytes",
            config.limits.max_file_bytes
        ))
        .hint("split the policy into smaller files, or raise limits.max_file_bytes in .roadlint.yaml")),
        Some(Content::Unreadable(why)) => Err(RunError::new(format!("cannot read the policy file {inside}: {why}"))),
        None => match snapshot.kind_of(&inside) {
            Some(kind) => Err(config::not_regular(&format!("the policy file {inside} named in {configured_in}"), kind)),
            None => Err(RunError::new(format!("the policy file {inside} named in {configured_in} does not exist"))
                .hint("fix `policies` in .roadlint.yaml: paths are relative to its folder, and the file must be in the checked revision")),
        },
    }
}

/// Resolves `.` and `..` in a repository-relative path; `None` when the
/// path is absolute or climbs out of the repository.
fn normalize(path: &str) -> Option<String> {
    if path.starts_with('/') || path.contains("//") || path.contains('\\') {
        // `//` is what joining the configuration folder with an absolute path gives.
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Collects the rules of every policy document, in load order.
pub(super) struct Loader<'e> {
    env: &'e Env,
    limits: Limits,
    /// What custom expressions may cost.
    bounds: Bounds,
    infos: Vec<PolicyRuleInfo>,
    rules: Vec<Rule>,
    /// Each loaded rule's id with the file and span it is written at, for
    /// "defined twice" errors.
    defined_at: Vec<(String, String, Span)>,
}

impl<'e> Loader<'e> {
    pub fn new(env: &'e Env, config: &Config) -> Self {
        Loader {
            env,
            limits: config.limits,
            bounds: Bounds { max_bytes: config.max_expression_bytes, max_depth: config.max_comprehension_depth },
            infos: Vec::new(),
            rules: Vec::new(),
            defined_at: Vec::new(),
        }
    }

    pub fn finish(self) -> (Vec<PolicyRuleInfo>, Vec<Rule>) {
        (self.infos, self.rules)
    }

    /// Adds every rule of one policy file. `built_in` marks the governance
    /// pack, whose rule ids are built-in ids and which is not held to the
    /// configured limits.
    pub fn add(&mut self, path: &str, bytes: &[u8], built_in: bool) -> Result<()> {
        // The pack is trusted and fixed: a configuration's tighter limits,
        // meant for documents, must not break it.
        let limits = if built_in { Limits::default() } else { self.limits };
        let doc = Document::parse(path, bytes, &limits)?;
        let errors = schema::validate(SchemaKind::Policy, &doc.parsed, &|| Span::first_line(&doc.text));
        if !errors.is_empty() {
            let found = errors.into_iter().map(|error| error.into_diagnostic(path)).collect();
            return Err(config_error(path, &doc.text, found));
        }
        // Every rule's problems, in one error: each is reported once, in one run.
        let count = doc.parsed.value.get("rules").and_then(Value::as_array).map_or(0, Vec::len);
        let problems: Vec<RunError> = (0..count)
            .filter_map(|index| {
                let rule = RuleSource { doc: &doc, pointer: format!("/rules/{index}"), built_in };
                self.add_rule(&rule).err()
            })
            .collect();
        merged(problems).map_or(Ok(()), Err)
    }

    fn add_rule(&mut self, rule: &RuleSource<'_>) -> Result<()> {
        // (Each check below ends the rule's checking: one problem per rule.)
        let id = rule.text("id").unwrap_or_default().to_owned();
        self.check_id(rule, &id)?;
        let applies_to = match rule.text("applies_to") {
            Some("RoadmapItem") => AppliesTo::RoadmapItem,
            _ => AppliesTo::Proposal,
        };
        let also_when_committed = rule.field("also_when_committed").and_then(Value::as_bool) == Some(true);
        if also_when_committed && applies_to == AppliesTo::RoadmapItem {
            return Err(rule.fail(
                "also_when_committed",
                format!("rule `{id}` applies to roadmap items, so `also_when_committed` means nothing for it"),
                "only for Proposal rules",
                "remove `also_when_committed`, or make the rule `applies_to: Proposal`",
            ));
        }
        let compiled = Rule {
            applies_to,
            when: self.expression(rule, &id, "when")?.map(Condition::new),
            from_status: rule.text("from_status").and_then(Status::parse),
            also_when_committed,
            requirements: self.requirements(rule, &id)?,
        };
        let severity = match registry::find(&id) {
            Some(info) if rule.built_in => info.default_severity,
            _ => rule.text("severity").and_then(Severity::parse).unwrap_or(Severity::Error),
        };
        let span = rule.doc.span(&rule.child("id"));
        self.defined_at.push((id.clone(), rule.doc.path.to_owned(), span));
        self.infos.push(PolicyRuleInfo {
            description: rule.text("description").unwrap_or_default().to_owned(),
            origin: if rule.built_in { BUILT_IN.to_owned() } else { rule.doc.path.to_owned() },
            applies_to,
            id,
            severity,
        });
        self.rules.push(compiled);
        Ok(())
    }

    /// Custom ids must not take a built-in id; the pack must only implement
    /// built-in policy rules; no id may be defined twice.
    fn check_id(&self, rule: &RuleSource<'_>, id: &str) -> Result<()> {
        let built_in = registry::find(id);
        if rule.built_in && !matches!(built_in, Some(info) if matches!(info.check, Check::Policy)) {
            return Err(rule.fail(
                "id",
                format!("the built-in pack defines `{id}`, which the registry does not list as a policy rule"),
                "not a built-in policy rule",
                "declare the rule in src/check/rules with `check: Check::Policy`",
            ));
        }
        if !rule.built_in && built_in.is_some() {
            return Err(rule.fail(
                "id",
                format!("`{id}` is a built-in rule; a policy cannot define a rule with that id"),
                "built-in rule id",
                "pick another id; to change a built-in rule's severity or turn it off, use `rules:` in .roadlint.yaml",
            ));
        }
        let Some((_, first_path, first_span)) = self.defined_at.iter().find(|(known, _, _)| known == id) else {
            return Ok(());
        };
        let elsewhere = if *first_path == rule.doc.path { String::new() } else { format!(" in {first_path}") };
        let mut d = rule
            .diagnostic("id", format!("the rule id `{id}` is already defined{elsewhere}"), "defined again here")
            .help("give each policy rule its own id");
        if *first_path == rule.doc.path {
            d = d.related(first_path.clone(), *first_span, "first defined here");
        }
        Err(rule.doc.fail(d))
    }

    /// `require` + `message` (+ `help`, `path`), or each entry of `checks`,
    /// which inherit the rule's `help` and `path` when they give none.
    fn requirements(&self, rule: &RuleSource<'_>, id: &str) -> Result<Vec<Requirement>> {
        let has = |key: &str| rule.field(key).is_some();
        match (has("checks"), has("require"), has("message")) {
            (true, false, false) => {
                let count = rule.field("checks").and_then(Value::as_array).map_or(0, Vec::len);
                (0..count)
                    .map(|i| {
                        let check = RuleSource {
                            doc: rule.doc,
                            pointer: rule.child(&format!("checks/{i}")),
                            built_in: rule.built_in,
                        };
                        self.requirement(&check, Some(rule), id)
                    })
                    .collect()
            }
            (true, _, _) => {
                let other = if has("require") { "require" } else { "message" };
                Err(rule.fail(
                    other,
                    format!("rule `{id}` has both `checks` and `{other}`"),
                    "conflicts with `checks`",
                    "give either `require` and `message`, or a list of `checks` (each with its own `require` and `message`)",
                ))
            }
            (false, true, true) => Ok(vec![self.requirement(rule, None, id)?]),
            (false, true, false) => Err(rule.fail(
                "require",
                format!("rule `{id}` has `require` but no `message`"),
                "no message for this condition",
                "add `message:` saying what is wrong, e.g. '{proposal.id} needs a design review link'",
            )),
            (false, false, true) => Err(rule.fail(
                "message",
                format!("rule `{id}` has `message` but no `require`"),
                "no condition for this message",
                "add `require:` with the CEL condition that must hold",
            )),
            (false, false, false) => Err(rule.fail(
                "id",
                format!("rule `{id}` checks nothing"),
                "no `require` or `checks`",
                "give `require` and `message`, or a list of `checks`",
            )),
        }
    }

    /// One requirement: the rule's own `require` + `message` (`defaults`
    /// is `None`; the rule's `when` is the rule's gate, not repeated here), or
    /// one entry of `checks`, which takes the rule's `help` and `path` when
    /// it gives none.
    fn requirement(&self, source: &RuleSource<'_>, defaults: Option<&RuleSource<'_>>, id: &str) -> Result<Requirement> {
        let missing =
            |key: &str| source.fail(key, format!("rule `{id}` has no `{key}`"), "missing", &format!("add `{key}:`"));
        let require = self.expression(source, id, "require")?.ok_or_else(|| missing("require")).map(Condition::new)?;
        let message = self.template(source, id, "message")?.ok_or_else(|| missing("message"))?;
        let inherit = |key: &str| match defaults {
            Some(rule) if source.field(key).is_none() => rule,
            _ => source,
        };
        Ok(Requirement {
            when: match defaults {
                Some(_) => self.expression(source, id, "when")?.map(Condition::new),
                None => None,
            },
            require,
            message,
            help: self.template(inherit("help"), id, "help")?,
            path: inherit("path").text("path").unwrap_or_default().to_owned(),
        })
    }

    /// The bounds for an expression: none for the built-in pack.
    fn bounds(&self, built_in: bool) -> Option<Bounds> {
        (!built_in).then_some(self.bounds)
    }

    /// Compiles the CEL expression in `key`, if there is one.
    fn expression(&self, source: &RuleSource<'_>, id: &str, key: &str) -> Result<Option<Expr>> {
        let Some(text) = source.text(key) else {
            return Ok(None);
        };
        let bounds = self.bounds(source.built_in);
        if let Some(limit) = bounds.map(|b| b.max_bytes).filter(|&limit| text.len() > limit) {
            return Err(source.fail(
                key,
                format!("the `{key}` expression of rule `{id}` is {} bytes, over the limit of {limit}", text.len()),
                "too long",
                "split the rule into several `checks`, or raise limits.max_expression_bytes in .roadlint.yaml",
            ));
        }
        match Expr::compile(self.env, text) {
            Ok(expr) => {
                let nesting = expr.nesting();
                match bounds.filter(|b| nesting.depth > b.max_depth) {
                    Some(b) => {
                        let what = format!("the `{key}` expression of rule `{id}`");
                        Err(source.doc.fail(source.too_deep(key, text, nesting, b.max_depth, what)))
                    }
                    None => Ok(Some(expr)),
                }
            }
            Err(error) => {
                let d = source.invalid_expression(key, text, &error, format!("the `{key}` expression of rule `{id}`"));
                Err(source.doc.fail(d))
            }
        }
    }

    /// Compiles the `{expr}` template in `key`, if there is one.
    fn template(&self, source: &RuleSource<'_>, id: &str, key: &str) -> Result<Option<Template>> {
        let Some(text) = source.text(key) else {
            return Ok(None);
        };
        let error = match Template::compile(self.env, text, self.bounds(source.built_in)) {
            Ok(template) => return Ok(Some(template)),
            Err(error) => error,
        };
        let whose = format!("the `{key}` of rule `{id}`");
        let d = match error {
            TemplateError::Unclosed(_) => source
                .diagnostic(key, format!("{whose} has a `{{` without its `}}`"), "unclosed `{`")
                .help("close the expression with `}`, or write `{{` for a literal brace"),
            TemplateError::Empty => source
                .diagnostic(key, format!("{whose} has an empty `{{}}`"), "empty expression")
                .help("put a CEL expression between the braces, e.g. `{proposal.id}`"),
            TemplateError::TooLong { expression, bytes } => source
                .diagnostic(
                    key,
                    format!(
                        "the expression `{{{expression}}}` in {whose} is {bytes} bytes, over the limit of {}",
                        self.bounds.max_bytes
                    ),
                    "too long",
                )
                .help("shorten it, or raise limits.max_expression_bytes in .roadlint.yaml"),
            TemplateError::Expression { expression, error } => {
                let what = format!("the expression `{{{expression}}}` in {whose}");
                source.invalid_expression(key, &expression, &error, what)
            }
            TemplateError::TooDeep { expression, nesting } => {
                let what = format!("the expression `{{{expression}}}` in {whose}");
                source.too_deep(key, &expression, nesting, self.bounds.max_depth, what)
            }
        };
        Err(source.doc.fail(d))
    }
}

/// A parsed policy file.
struct Document<'p> {
    path: &'p str,
    text: String,
    parsed: Parsed,
}

impl<'p> Document<'p> {
    fn parse(path: &'p str, bytes: &[u8], limits: &Limits) -> Result<Document<'p>> {
        let outcome = parse::parse(bytes, limits);
        let text = outcome.text;
        if source::is_lfs_pointer(bytes) {
            return Err(config_error(path, &text, vec![crate::check::rules::schema::lfs_pointer(path, &text)]));
        }
        if let Some(problem) = outcome.problems.into_iter().next() {
            return Err(config_error(path, &text, vec![crate::check::rules::parse_problem(problem, path)]));
        }
        let Some(parsed) = outcome.document else {
            let d = crate::check::rules::schema::RULE
                .diagnostic(path, Span::first_line(&text))
                .message("the policy file is empty")
                .label("empty")
                .help("start it with `apiVersion: roadlint/v1`, `kind: Policy` and a list of `rules`");
            return Err(config_error(path, &text, vec![d]));
        };
        Ok(Document { path, text, parsed })
    }

    /// Where a diagnostic about `pointer` goes: on a scalar value, on a
    /// container's key, or on the key of the mapping that lacks it.
    fn span(&self, pointer: &str) -> Span {
        let (found, node) = self.parsed.spans.nearest(pointer);
        let scalar =
            found == pointer && !matches!(self.parsed.value.pointer(pointer), Some(Value::Object(_) | Value::Array(_)));
        if scalar { node.value } else { node.anchor() }
    }

    fn fail(&self, d: Diagnostic) -> RunError {
        config_error(self.path, &self.text, vec![d])
    }
}

/// A rule (or one entry of its `checks`) inside a policy document.
struct RuleSource<'d> {
    doc: &'d Document<'d>,
    pointer: String,
    built_in: bool,
}

impl RuleSource<'_> {
    fn child(&self, key: &str) -> String {
        format!("{}/{key}", self.pointer)
    }

    fn field(&self, key: &str) -> Option<&Value> {
        self.doc.parsed.value.pointer(&self.child(key))
    }

    fn text(&self, key: &str) -> Option<&str> {
        self.field(key).and_then(Value::as_str)
    }

    fn diagnostic(&self, key: &str, message: String, label: &str) -> Diagnostic {
        let pointer = self.child(key);
        Diagnostic::new("policy", Severity::Error, self.doc.path, self.doc.span(&pointer))
            .message(message)
            .label(label)
            .pointer(pointer)
    }

    fn fail(&self, key: &str, message: String, label: &str, help: &str) -> RunError {
        self.doc.fail(self.diagnostic(key, message, label).help(help))
    }

    /// "… is not a valid CEL expression", pointing at the spot CEL names
    /// when the expression is written on one line, else saying where it is.
    fn invalid_expression(&self, key: &str, expression: &str, error: &CompileError, what: String) -> Diagnostic {
        let message = format!("{what} is not a valid CEL expression: {}", error.message);
        let d = self.diagnostic(key, message, "invalid CEL");
        match narrow(&self.doc.text, d.span, expression, error) {
            Some(span) => Diagnostic { span, ..d.label("CEL stopped here") }.help(CEL_HELP),
            None => d.help(format!(
                "CEL stopped at line {}, column {} of `{expression}`; {CEL_HELP}",
                error.line, error.column
            )),
        }
    }
}

impl RuleSource<'_> {
    /// "… nests comprehensions N deep", pointing at the innermost one when
    /// the expression is written on one line.
    fn too_deep(&self, key: &str, expression: &str, nesting: Nesting, limit: usize, what: String) -> Diagnostic {
        let message = format!("{what} nests comprehensions {} deep, more than the limit of {limit}", nesting.depth);
        let d = self.diagnostic(key, message, "nested too deeply");
        let at = CompileError { message: String::new(), line: nesting.line, column: nesting.column };
        let help = "each comprehension (all, exists, exists_one, map, filter) inside another's body runs once per \
                    element of the outer one, so the work multiplies; chain them (`l.filter(…).map(…)`) or split \
                    the rule into several `checks`, or raise limits.max_comprehension_depth in .roadlint.yaml";
        match narrow(&self.doc.text, d.span, expression, &at) {
            Some(span) => Diagnostic { span, ..d.label("this comprehension is too deep") }.help(help),
            None => d.help(help),
        }
    }
}

const CEL_HELP: &str = "expressions are CEL (https://cel.dev), e.g. `proposal.estimate.effort > 12`";

/// The one-character span of a compile error inside a scalar that holds the
/// expression verbatim on one line (plain or quoted without escapes).
fn narrow(text: &str, scalar: Span, expression: &str, error: &CompileError) -> Option<Span> {
    if error.line != 1 || scalar.start.line != scalar.end.line {
        return None;
    }
    let index = LineIndex::new(text);
    let raw = text.get(index.offset(scalar.start)..index.offset(scalar.end))?;
    let quoted = raw.len() >= 2 && (raw.starts_with('\'') || raw.starts_with('"')) && raw.ends_with(&raw[..1]);
    let (inner, shift) = if quoted { (&raw[1..raw.len() - 1], 1) } else { (raw, 0) };
    if inner != expression {
        return None;
    }
    let before = u32::try_from(error.column).ok()?.checked_sub(1)?;
    let column = scalar.start.column + shift + before.min(u32::try_from(expression.chars().count()).ok()?);
    let at = Position::new(scalar.start.line, column);
    Some(Span::new(at, Position::new(at.line, column + 1)))
}

/// Several configuration errors as one, each diagnostic shown once; `None`
/// for none.
pub(super) fn merged(errors: Vec<RunError>) -> Option<RunError> {
    let mut errors = errors.into_iter();
    let first = errors.next()?;
    let rest: Vec<RunError> = errors.collect();
    if rest.is_empty() {
        return Some(first);
    }
    let mut all = first;
    for error in rest {
        all.diagnostics.extend(error.diagnostics);
        all.hint = all.hint.or(error.hint);
    }
    let mut files: Vec<&str> = all.diagnostics.iter().map(|(d, _)| d.file.as_str()).collect();
    files.dedup();
    all.message = format!("invalid configuration in {} ({} problems)", files.join(", "), all.diagnostics.len());
    Some(all)
}
