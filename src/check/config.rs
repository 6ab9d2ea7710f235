//! `.roadlint.yaml`: discovery (docs/configuration.md), loading and validation.
//!
//! The configuration is read from the same snapshot as the documents, so
//! `--rev` and `--staged` judge a revision by its own rules and base mode by
//! the base side's.

use crate::check::schema::{self, SchemaKind};
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::{Result, RunError};
use crate::parse::{self, Limits, Span};
use crate::source::{self, Content, EntryKind, Snapshot};
use crate::suggest::closest;
use globset::{GlobSet, GlobSetBuilder};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

pub const FILE_NAME: &str = ".roadlint.yaml";

/// What configuration says about one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    Severity(Severity),
    Off,
}

/// A loaded configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder include globs, policies and override files are relative to
    /// (repository-relative, empty for the root).
    pub root: String,
    /// The configuration file, repository-relative, when there is one.
    pub file: Option<String>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    include_set: GlobSet,
    exclude_set: GlobSet,
    /// Custom Policy files, repository-relative.
    pub policies: Vec<String>,
    /// Rule settings with the span of each entry, for errors about rule ids.
    pub rules: BTreeMap<String, (Setting, Span)>,
    pub overrides: Vec<Override>,
    pub limits: Limits,
    pub max_documents: usize,
    pub max_expression_bytes: usize,
    /// How deeply comprehensions (`all`, `exists`, `map`, …) may nest in a
    /// custom policy expression: each level multiplies the work.
    pub max_comprehension_depth: usize,
    /// How long evaluating every policy over one workspace may take.
    pub max_policy_time: Duration,
    /// Most bytes one custom policy rule may allocate evaluating one
    /// document (its net allocation; see [`crate::memory`]).
    pub max_policy_bytes: usize,
    /// The configuration text, for diagnostics inside it.
    pub text: String,
    /// Problems found in the file so far. Configuration errors are all
    /// reported together, once the rule ids (which policies can define)
    /// are checked too: see [`Config::problems`].
    problems: Vec<Diagnostic>,
}

#[derive(Debug, Clone)]
pub struct Override {
    files: GlobSet,
    pub rules: BTreeMap<String, (Setting, Span)>,
}

impl Default for Config {
    fn default() -> Self {
        let include = vec!["roadmap/**/*.yaml".to_owned(), "roadmap/**/*.yml".to_owned()];
        Config {
            root: String::new(),
            file: None,
            include_set: globs(&include).unwrap_or_else(|_| GlobSet::empty()),
            include,
            exclude: Vec::new(),
            exclude_set: GlobSet::empty(),
            policies: Vec::new(),
            rules: BTreeMap::new(),
            overrides: Vec::new(),
            limits: Limits::default(),
            max_documents: 200_000,
            max_expression_bytes: 4096,
            max_comprehension_depth: 2,
            max_policy_time: Duration::from_secs(10),
            max_policy_bytes: 256 << 20,
            text: String::new(),
            problems: Vec::new(),
        }
    }
}

fn globs(patterns: &[String]) -> std::result::Result<GlobSet, globset::Error> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        builder.add(globset::GlobBuilder::new(pattern).literal_separator(true).build()?);
    }
    builder.build()
}

impl Config {
    /// Finds the configuration folder: the nearest one from `prefix` upward
    /// that holds `.roadlint.yaml` in this snapshot, else the repository root.
    pub fn discover(snapshot: &Snapshot<'_>, prefix: &str) -> Result<Config> {
        let mut folder = prefix.trim_matches('/').to_owned();
        loop {
            let path = join(&folder, FILE_NAME);
            match snapshot.kind_of(&path) {
                Some(EntryKind::File) => {
                    if let Some(content) = snapshot.read_path(&path, Limits::default().max_file_bytes)? {
                        return Config::load(content, &path, &folder);
                    }
                }
                Some(kind) => return Err(not_regular(&path, kind)),
                None => {}
            }
            if folder.is_empty() {
                return Ok(Config::default());
            }
            folder = folder.rsplit_once('/').map_or(String::new(), |(p, _)| p.to_owned());
        }
    }

    /// Loads configuration text; `path` is where it came from (for messages)
    /// and `root` the folder it governs.
    pub fn load(content: Content, path: &str, root: &str) -> Result<Config> {
        let bytes = match content {
            Content::Bytes(bytes) => bytes,
            Content::TooLarge(size) => {
                return Err(RunError::new(format!(
                    "{path} is {size} bytes, over the limit of {} bytes for a configuration file",
                    Limits::default().max_file_bytes
                ))
                .hint("a configuration is a few lines of settings; check that this is the file you meant"));
            }
            Content::Unreadable(why) => return Err(RunError::new(format!("cannot read {path}: {why}"))),
        };
        let outcome = parse::parse(&bytes, &Limits::default());
        let text = outcome.text;
        let fail = |d: Diagnostic| config_error(path, &text, vec![d]);
        if source::is_lfs_pointer(&bytes) {
            return Err(fail(super::rules::schema::lfs_pointer(path, &text)));
        }
        if !outcome.problems.is_empty() {
            let all = outcome.problems.into_iter().map(|p| crate::check::rules::parse_problem(p, path)).collect();
            return Err(config_error(path, &text, all));
        }
        let Some(doc) = outcome.document else {
            // An empty configuration file means "all defaults".
            return Ok(Config { root: root.to_owned(), file: Some(path.to_owned()), ..Config::default() });
        };
        if !doc.value.is_object() && !doc.value.is_null() {
            let span = doc.spans.nearest("").1.value;
            return Err(fail(
                crate::check::rules::schema::RULE
                    .diagnostic(path, span)
                    .message("the configuration must be a mapping of settings")
                    .label("not a mapping"),
            ));
        }
        Ok(Config::from_document(&doc, path, root, &text))
    }

    /// The settings of a parsed configuration that is a mapping: validated
    /// by the schema, what it rejected left out (documents' rules leave it
    /// too), so that every problem can be reported in one run
    /// ([`Config::problems`]).
    fn from_document(doc: &parse::Parsed, path: &str, root: &str, text: &str) -> Config {
        let mut problems: Vec<Diagnostic> = schema::validate(SchemaKind::Config, doc, &|| Span::first_line(text))
            .into_iter()
            .map(|error| error.into_diagnostic(path))
            .collect();
        let rejected: BTreeSet<String> = problems.iter().map(|d| d.pointer.clone()).collect();
        let mut value = doc.value.clone();
        for pointer in rejected.iter().rev() {
            remove(&mut value, pointer);
        }
        // The schema has checked every shape; what it rejected is gone.
        let raw: Raw = serde_json::from_value(value).unwrap_or_default();
        let mut config = Config {
            root: root.to_owned(),
            file: Some(path.to_owned()),
            text: text.to_owned(),
            include: raw.include.unwrap_or_else(|| Config::default().include),
            exclude: raw.exclude,
            policies: raw.policies.iter().map(|p| join(root, p)).collect(),
            ..Config::default()
        };
        let glob_set = |patterns: &[String], key: &str, problems: &mut Vec<Diagnostic>| {
            globs(patterns).unwrap_or_else(|e| {
                let (_, node) = doc.spans.nearest(&format!("/{key}"));
                problems.push(
                    crate::check::rules::schema::RULE
                        .diagnostic(path, node.anchor())
                        .message(format!("invalid glob in `{}`: {e}", key.replace('/', ".")))
                        .label("invalid glob")
                        .help("globs use `*`, `**`, `?`, `[abc]` and `{a,b}`; brackets and braces must close"),
                );
                GlobSet::empty()
            })
        };
        config.include_set = glob_set(&config.include, "include", &mut problems);
        config.exclude_set = glob_set(&config.exclude, "exclude", &mut problems);
        config.rules = rule_settings(doc, "/rules", &rejected);
        for (i, entry) in raw.overrides.iter().enumerate() {
            let files = glob_set(&entry.files, &format!("overrides/{i}/files"), &mut problems);
            let rules = rule_settings(doc, &format!("/overrides/{i}/rules"), &rejected);
            config.overrides.push(Override { files, rules });
        }
        raw.limits.apply(&mut config);
        config.problems = problems;
        config
    }

    /// Whether a repository-relative path is one of this configuration's
    /// documents. A `.roadlint.yaml` never is, wherever it lies: a nested
    /// one configures another folder (and `roadmap/**/*.yaml` matches it).
    pub fn matches(&self, path: &str) -> bool {
        let Some(relative) = self.relative(path) else {
            return false;
        };
        if relative.rsplit('/').next() == Some(FILE_NAME) {
            return false;
        }
        self.include_set.is_match(relative) && !self.exclude_set.is_match(relative)
    }

    /// Whether a file looks like YAML (`.yaml` or `.yml` in any case) and
    /// lies in a folder the include globs read, yet no glob matches it nor
    /// `exclude` names it: `P-9.YAML` beside `P-8.yaml`. Worth a note, since
    /// it is not read.
    pub fn looks_left_out(&self, path: &str) -> bool {
        let name = path.rsplit('/').next().unwrap_or(path);
        let yaml = name
            .rsplit_once('.')
            .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml"));
        if !yaml || name == FILE_NAME || self.matches(path) {
            return false;
        }
        let Some(relative) = self.relative(path) else { return false };
        let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
        !self.exclude_set.is_match(relative) && self.may_contain(folder)
    }

    /// Whether the folder `path` (repository-relative) could hold files the
    /// include globs match: whether it lies inside, or contains, the literal
    /// folder an include glob starts with. For saying which submodules a
    /// run skipped without listing unrelated ones.
    pub fn may_contain(&self, path: &str) -> bool {
        let Some(relative) = self.relative(path) else {
            return false;
        };
        self.include.iter().any(|pattern| {
            let literal = pattern.find(['*', '?', '[', '{']).map_or(pattern.as_str(), |at| &pattern[..at]);
            let folder = literal.rsplit_once('/').map_or("", |(folder, _)| folder);
            folder.is_empty()
                || relative == folder
                || relative.strip_prefix(folder).is_some_and(|rest| rest.starts_with('/'))
                || folder.strip_prefix(relative).is_some_and(|rest| rest.starts_with('/'))
        })
    }

    fn relative<'p>(&self, path: &'p str) -> Option<&'p str> {
        if self.root.is_empty() { Some(path) } else { path.strip_prefix(self.root.as_str())?.strip_prefix('/') }
    }

    /// The setting for a rule on a file: the last matching override wins,
    /// then the top-level `rules`, then `None` (the rule's default).
    pub fn setting(&self, rule: &str, path: &str) -> Option<Setting> {
        let relative = self.relative(path).unwrap_or(path);
        self.overrides
            .iter()
            .rev()
            .filter(|o| o.files.is_match(relative))
            .find_map(|o| o.rules.get(rule))
            .or_else(|| self.rules.get(rule))
            .map(|(setting, _)| *setting)
    }

    /// Every problem of the configuration: what loading it found, and rule
    /// ids that are not among `known` (unchecked when the rule ids cannot
    /// be known, as when a policy file is broken); as one error (exit 2)
    /// that shows each inside the file, or `Ok` when there is none.
    pub fn problems(&self, known: Option<&[&str]>) -> Result<()> {
        let mut problems = self.problems.clone();
        let path = self.file.as_deref().unwrap_or(FILE_NAME);
        let all = self.rules.iter().chain(self.overrides.iter().flat_map(|o| o.rules.iter()));
        for (id, (_, span)) in all.filter(|_| known.is_some()) {
            let known = known.unwrap_or_default();
            if known.contains(&id.as_str()) {
                continue;
            }
            let help = match closest(id, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "`roadlint rules` lists every rule id".to_owned(),
            };
            problems.push(
                crate::check::rules::schema::RULE
                    .diagnostic(path, *span)
                    .message(format!("unknown rule `{id}`"))
                    .label("no rule has this id")
                    .help(help),
            );
        }
        if problems.is_empty() {
            return Ok(());
        }
        problems.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Err(config_error(path, &self.text, problems))
    }
}

/// The `.roadlint.yaml` settings as the schema describes them.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct Raw {
    include: Option<Vec<String>>,
    exclude: Vec<String>,
    policies: Vec<String>,
    overrides: Vec<RawOverride>,
    limits: RawLimits,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct RawOverride {
    files: Vec<String>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct RawLimits {
    max_file_bytes: Option<u64>,
    max_depth: Option<usize>,
    max_nodes: Option<usize>,
    max_documents: Option<usize>,
    max_expression_bytes: Option<usize>,
    max_comprehension_depth: Option<usize>,
    max_policy_bytes: Option<usize>,
    max_policy_seconds: Option<f64>,
}

impl RawLimits {
    /// Puts the limits that are set into `config`.
    fn apply(&self, config: &mut Config) {
        config.limits.max_file_bytes = self.max_file_bytes.unwrap_or(config.limits.max_file_bytes);
        config.limits.max_depth = self.max_depth.unwrap_or(config.limits.max_depth);
        config.limits.max_nodes = self.max_nodes.unwrap_or(config.limits.max_nodes);
        config.max_documents = self.max_documents.unwrap_or(config.max_documents);
        config.max_expression_bytes = self.max_expression_bytes.unwrap_or(config.max_expression_bytes);
        config.max_comprehension_depth = self.max_comprehension_depth.unwrap_or(config.max_comprehension_depth);
        config.max_policy_bytes = self.max_policy_bytes.unwrap_or(config.max_policy_bytes);
        // The schema bounds it, so the conversion cannot fail.
        if let Some(seconds) = self.max_policy_seconds {
            config.max_policy_time = Duration::try_from_secs_f64(seconds).unwrap_or(config.max_policy_time);
        }
    }
}

/// Removes the value at `pointer`, if there is one.
fn remove(value: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else { return };
    let last = last.replace("~1", "/").replace("~0", "~");
    match value.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.remove(&last);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = last.parse::<usize>()
                && index < items.len()
            {
                items[index] = Value::Null;
            }
        }
        _ => {}
    }
}

/// The rule settings under `pointer`, with the span of each (for errors
/// about rule ids); settings the schema rejected are left out.
fn rule_settings(doc: &parse::Parsed, pointer: &str, rejected: &BTreeSet<String>) -> BTreeMap<String, (Setting, Span)> {
    let mut out = BTreeMap::new();
    let Some(rules) = doc.value.pointer(pointer).and_then(Value::as_object) else {
        return out;
    };
    for (id, value) in rules {
        let child = format!("{pointer}/{}", parse::escape_pointer_segment(id));
        if rejected.iter().any(|bad| child.starts_with(bad.as_str())) {
            continue;
        }
        let text = value.as_str().or_else(|| value.get("severity").and_then(Value::as_str)).unwrap_or("error");
        let setting = match text {
            "off" => Setting::Off,
            other => Setting::Severity(Severity::parse(other).unwrap_or(Severity::Error)),
        };
        let span = doc.spans.nearest(&child).1.anchor();
        out.insert(id.clone(), (setting, span));
    }
    out
}

/// The error for a configuration or policy file that is a symbolic link
/// (or a submodule): roadlint never follows links, which could point
/// outside the repository, so it refuses rather than silently using defaults.
pub fn not_regular(path: &str, kind: EntryKind) -> RunError {
    RunError::new(format!("{path} is {}, not a regular file", kind.describe())).hint(
        "roadlint never follows symbolic links, which could point outside the repository: \
         put the file itself there",
    )
}

/// A configuration error: exit 2, with each problem shown once, inside the
/// file.
pub fn config_error(path: &str, text: &str, diagnostics: Vec<Diagnostic>) -> RunError {
    let count = match diagnostics.len() {
        1 => String::new(),
        n => format!(" ({n} problems)"),
    };
    RunError::new(format!("invalid configuration in {path}{count}")).inside(text, diagnostics)
}

/// Joins a repository-relative folder and a relative path.
pub fn join(folder: &str, path: &str) -> String {
    let path = path.trim_start_matches("./");
    if folder.is_empty() { path.to_owned() } else { format!("{folder}/{path}") }
}
