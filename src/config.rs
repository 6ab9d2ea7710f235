//! `.roadlint.yaml`: discovery (SPEC section 5), loading and validation.
//!
//! The configuration is read from the same snapshot as the documents, so
//! `--rev` and `--staged` judge a revision by its own rules and base mode by
//! the base side's.

use crate::check::schema::{self, SchemaKind};
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::{Result, RunError};
use crate::parse::{self, Limits, Span};
use crate::report::human;
use crate::source::{self, Content, EntryKind, Snapshot};
use crate::suggest::closest;
use globset::{GlobSet, GlobSetBuilder};
use serde_json::Value;
use std::collections::BTreeMap;
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
        let fail = |d: Diagnostic| config_error(path, &text, d);
        if source::is_lfs_pointer(&bytes) {
            return Err(fail(lfs_pointer(path, &text)));
        }
        if let Some(problem) = outcome.problems.into_iter().next() {
            let d = match problem {
                parse::ParseProblem::Syntax { message, span } => {
                    Diagnostic::new("yaml-syntax", Severity::Error, path, span).message(message).label("here")
                }
                parse::ParseProblem::DuplicateKey { key, span, first } => {
                    Diagnostic::new("duplicate-key", Severity::Error, path, span)
                        .message(format!("the key `{key}` appears twice"))
                        .label("repeated here")
                        .related(path, first, "first here")
                }
            };
            return Err(fail(d));
        }
        let Some(doc) = outcome.document else {
            // An empty configuration file means "all defaults".
            return Ok(Config { root: root.to_owned(), file: Some(path.to_owned()), ..Config::default() });
        };
        if !doc.value.is_object() && !doc.value.is_null() {
            let span = doc.spans.nearest("").1.value;
            return Err(fail(
                Diagnostic::new("schema", Severity::Error, path, span)
                    .message("the configuration must be a mapping of settings")
                    .label("not a mapping"),
            ));
        }
        if let Some(error) = schema::validate(SchemaKind::Config, &doc, Span::first_line(&text)).into_iter().next() {
            return Err(fail(error.into_diagnostic(path)));
        }
        let strings = |key: &str| -> Vec<String> {
            doc.value
                .get(key)
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                .unwrap_or_default()
        };
        let mut config =
            Config { root: root.to_owned(), file: Some(path.to_owned()), text: text.clone(), ..Config::default() };
        if doc.value.get("include").is_some() {
            config.include = strings("include");
        }
        config.exclude = strings("exclude");
        let bad_glob = |key: &str, e: globset::Error| {
            let (_, node) = doc.spans.nearest(&format!("/{key}"));
            fail(
                Diagnostic::new("schema", Severity::Error, path, node.anchor())
                    .message(format!("invalid glob in `{key}`: {e}"))
                    .label("invalid glob"),
            )
        };
        config.include_set = globs(&config.include).map_err(|e| bad_glob("include", e))?;
        config.exclude_set = globs(&config.exclude).map_err(|e| bad_glob("exclude", e))?;
        config.policies = strings("policies").iter().map(|p| join(root, p)).collect();
        config.rules = rule_settings(&doc, "/rules");
        if let Some(overrides) = doc.value.get("overrides").and_then(Value::as_array) {
            for (i, entry) in overrides.iter().enumerate() {
                let files: Vec<String> = entry
                    .get("files")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                    .unwrap_or_default();
                let set = globs(&files).map_err(|e| bad_glob(&format!("overrides/{i}/files"), e))?;
                config
                    .overrides
                    .push(Override { files: set, rules: rule_settings(&doc, &format!("/overrides/{i}/rules")) });
            }
        }
        if let Some(limits) = doc.value.get("limits") {
            let get = |key: &str| limits.get(key).and_then(Value::as_u64);
            if let Some(n) = get("max_file_bytes") {
                config.limits.max_file_bytes = n;
            }
            if let Some(n) = get("max_depth") {
                config.limits.max_depth = n as usize;
            }
            if let Some(n) = get("max_nodes") {
                config.limits.max_nodes = n as usize;
            }
            if let Some(n) = get("max_documents") {
                config.max_documents = n as usize;
            }
            if let Some(n) = get("max_expression_bytes") {
                config.max_expression_bytes = n as usize;
            }
            if let Some(n) = get("max_comprehension_depth") {
                config.max_comprehension_depth = n as usize;
            }
            if let Some(n) = get("max_policy_bytes") {
                config.max_policy_bytes = usize::try_from(n).unwrap_or(usize::MAX);
            }
            // The schema bounds it, so the conversion cannot fail.
            if let Some(seconds) = limits.get("max_policy_seconds").and_then(Value::as_f64) {
                config.max_policy_time = Duration::try_from_secs_f64(seconds).unwrap_or(config.max_policy_time);
            }
        }
        Ok(config)
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

    /// Fails on rule ids that are neither built in nor defined by a policy.
    pub fn check_rule_ids(&self, known: &[&str]) -> Result<()> {
        let all = self.rules.iter().chain(self.overrides.iter().flat_map(|o| o.rules.iter()));
        for (id, (_, span)) in all {
            if !known.contains(&id.as_str()) {
                let path = self.file.as_deref().unwrap_or(FILE_NAME);
                let mut d = Diagnostic::new("schema", Severity::Error, path, *span)
                    .message(format!("unknown rule `{id}`"))
                    .label("no rule has this id");
                if let Some(s) = closest(id, known.iter().copied()) {
                    d = d.help(format!("did you mean `{s}`?"));
                } else {
                    d = d.help("`roadlint rules` lists every rule id");
                }
                return Err(config_error(path, &self.text, d));
            }
        }
        Ok(())
    }
}

fn rule_settings(doc: &parse::Parsed, pointer: &str) -> BTreeMap<String, (Setting, Span)> {
    let mut out = BTreeMap::new();
    let Some(rules) = doc.value.pointer(pointer).and_then(Value::as_object) else {
        return out;
    };
    for (id, value) in rules {
        let text = value.as_str().or_else(|| value.get("severity").and_then(Value::as_str)).unwrap_or("error");
        let setting = match text {
            "off" => Setting::Off,
            other => Setting::Severity(Severity::parse(other).unwrap_or(Severity::Error)),
        };
        let child = format!("{pointer}/{}", parse::escape_pointer_segment(id));
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

/// The diagnostic for a file that is a Git LFS pointer instead of YAML.
pub fn lfs_pointer(path: &str, text: &str) -> Diagnostic {
    Diagnostic::new("schema", Severity::Error, path, Span::first_line(text))
        .message("the file is a Git LFS pointer, not the YAML it stands for")
        .label("Git LFS pointer")
        .help(LFS_HELP)
}

/// How to get rid of an LFS pointer where roadlint expects YAML.
pub const LFS_HELP: &str = "keep roadmap files out of Git LFS (remove their pattern from .gitattributes): git \
     stores only the pointer, which is what --rev, --staged and --base read; in a working tree, \
     `git lfs pull` fetches the content (on GitHub Actions: actions/checkout with `lfs: true`)";

/// A configuration error: exit 2, with the diagnostic rendered inside the file.
pub fn config_error(path: &str, text: &str, diagnostic: Diagnostic) -> RunError {
    let message = format!("invalid configuration in {path}: {}", diagnostic.message);
    let detail = human::render_one(&diagnostic, text, false);
    RunError::new(message).detail(detail)
}

/// Joins a repository-relative folder and a relative path.
pub fn join(folder: &str, path: &str) -> String {
    let path = path.trim_start_matches("./");
    if folder.is_empty() { path.to_owned() } else { format!("{folder}/{path}") }
}
