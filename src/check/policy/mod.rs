//! Policies: the built-in governance pack and custom `kind: Policy` rules,
//! written as CEL expressions (docs/policies.md).
//!
//! A run loads the pack (`policies/*.yaml`, built into the binary) and the
//! configuration's `policies` files once, compiling every expression once
//! (`load`); then each rule is evaluated over every proposal or roadmap
//! item it applies to (`eval`), on the governance view of the documents
//! (`view`).
//!
//! roadlint extends the Policy format of docs/policies.md with `help`,
//! `from_status`, `also_when_committed` and `checks`; see
//! `schemas/policy.schema.json` and `policies/governance.yaml`.

mod eval;
mod expr;
mod load;
mod reads;
mod view;

#[cfg(test)]
mod tests;

use crate::check::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::{Result, RunError};
use crate::model::{Status, Workspace};
use crate::source::Snapshot;
use cel::Env;
use expr::{Expr, Template};
use reads::Reads;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, mpsc};
use std::time::Duration;

/// The `description` of a rule of the built-in governance pack: the one
/// summary line of such a rule (`roadlint rules`, SARIF, docs/rules.md).
pub fn pack_description(id: &str) -> Option<&'static str> {
    static DESCRIPTIONS: std::sync::OnceLock<HashMap<String, String>> = std::sync::OnceLock::new();
    let descriptions = DESCRIPTIONS.get_or_init(|| {
        let mut out = HashMap::new();
        for (_, text) in load::PACK {
            let parsed = crate::parse::parse(text.as_bytes(), &crate::parse::Limits::default());
            let rules = parsed.document.map(|d| d.value).and_then(|v| v.get("rules").cloned());
            for rule in rules.as_ref().and_then(serde_json::Value::as_array).into_iter().flatten() {
                if let (Some(id), Some(description)) =
                    (rule.get("id").and_then(|v| v.as_str()), rule.get("description").and_then(|v| v.as_str()))
                {
                    out.insert(id.to_owned(), description.to_owned());
                }
            }
        }
        out
    });
    descriptions.get(id).map(String::as_str)
}

/// What `origin` says for the rules of the built-in governance pack.
pub const BUILT_IN: &str = "built-in";

/// A policy rule as `roadlint rules` lists it.
#[derive(Debug, Clone)]
pub struct PolicyRuleInfo {
    pub id: String,
    pub severity: Severity,
    pub description: String,
    /// Where the rule is defined: `built-in` or a repository path.
    pub origin: String,
    pub applies_to: AppliesTo,
}

/// Every policy rule in force for a run, compiled once.
///
/// The rules are shared (`Arc`) so that [`PolicySet::check`] can evaluate
/// them on a worker thread it is able to stop waiting for.
pub struct PolicySet {
    /// The CEL environment the expressions were compiled for and run in.
    env: Arc<Env>,
    infos: Arc<Vec<PolicyRuleInfo>>,
    /// `rules[i]` is the compiled form of `infos[i]`.
    rules: Arc<Vec<Rule>>,
    /// What the rules' expressions can read of each document variable.
    reads: Arc<Reads>,
    /// How many distinct condition sources the rules have (see
    /// [`Condition::slot`]).
    conditions: usize,
    /// How long evaluating every rule over a workspace may take
    /// (`limits.max_policy_seconds`).
    time_limit: Duration,
    /// Most bytes one custom rule's evaluation on one document may
    /// allocate (`limits.max_policy_bytes`).
    memory_limit: usize,
}

/// The custom rule whose evaluation started last, to name it when the time
/// limit strikes. Compared by address with the set's rules, never read
/// through.
static RUNNING: std::sync::atomic::AtomicPtr<PolicyRuleInfo> = std::sync::atomic::AtomicPtr::new(std::ptr::null_mut());

impl Default for PolicySet {
    /// No rules at all, not even the built-in pack (for listing rules when
    /// no repository is at hand).
    fn default() -> Self {
        PolicySet {
            env: Arc::new(Env::stdlib()),
            infos: Arc::default(),
            rules: Arc::default(),
            reads: Arc::default(),
            conditions: 0,
            time_limit: Config::default().max_policy_time,
            memory_limit: Config::default().max_policy_bytes,
        }
    }
}

impl PolicySet {
    /// The built-in pack plus the configuration's `policies`, read from
    /// `snapshot`. Any problem in a policy file is a configuration error.
    pub fn load(snapshot: &Snapshot<'_>, config: &Config) -> Result<PolicySet> {
        let custom = config
            .policies
            .iter()
            .map(|path| load::read(snapshot, config, path))
            .collect::<Result<Vec<(String, Vec<u8>)>>>()?;
        PolicySet::build(config, &custom)
    }

    /// The built-in pack plus custom policy files given as (path, bytes),
    /// without a repository (for embedding and fuzzing).
    pub fn build(config: &Config, custom: &[(String, Vec<u8>)]) -> Result<PolicySet> {
        let env = Arc::new(Env::stdlib());
        let mut loader = load::Loader::new(&env, config);
        for (path, text) in load::PACK {
            loader.add(path, text.as_bytes(), true)?;
        }
        let problems: Vec<RunError> =
            custom.iter().filter_map(|(path, bytes)| loader.add(path, bytes, false).err()).collect();
        if let Some(error) = load::merged(problems) {
            return Err(error);
        }
        let (infos, mut rules) = loader.finish();
        let conditions = number_conditions(&mut rules);
        let reads = Reads::of(rules.iter().flat_map(Rule::expressions).map(Expr::ast));
        Ok(PolicySet {
            env,
            infos: Arc::new(infos),
            rules: Arc::new(rules),
            reads: Arc::new(reads),
            conditions,
            time_limit: config.max_policy_time,
            memory_limit: config.max_policy_bytes,
        })
    }

    /// Ids of the custom (non-built-in) policy rules.
    pub fn rule_ids(&self) -> Vec<&str> {
        self.infos.iter().filter(|i| i.origin != BUILT_IN).map(|i| i.id.as_str()).collect()
    }

    /// What `roadlint explain` says of a custom rule: its description, where
    /// it is defined, what it applies to and what it requires.
    pub fn explain(&self, id: &str) -> Option<String> {
        let index = self.infos.iter().position(|i| i.id == id && i.origin != BUILT_IN)?;
        let (info, rule) = (&self.infos[index], &self.rules[index]);
        let target = match info.applies_to {
            AppliesTo::Proposal => "proposal",
            AppliesTo::RoadmapItem => "roadmap item",
        };
        let mut out = format!(
            "# {} [{}]\n\n{}\n\n## What it does\n\nA custom policy rule, defined in {}. It applies to every {target}",
            info.id, info.severity, info.description, info.origin
        );
        if let Some(status) = rule.from_status {
            out.push_str(&format!(" from `{}` on", status.as_str()));
        }
        if rule.also_when_committed {
            out.push_str(", and to any proposal a `committed` roadmap item schedules");
        }
        if let Some(when) = &rule.when {
            out.push_str(&format!(", when `{}`", when.expr.source));
        }
        out.push_str(", and requires:\n");
        for requirement in &rule.requirements {
            out.push_str(&format!("\n- `{}`", requirement.require.expr.source));
            if let Some(when) = &requirement.when {
                out.push_str(&format!(" when `{}`", when.expr.source));
            }
            if !requirement.path.is_empty() {
                out.push_str(&format!(" (at `{}`)", requirement.path));
            }
        }
        out.push_str("\n\nA missing field makes a condition false, so a missing field fails a requirement.\n");
        Some(out)
    }

    /// Every loaded rule: the built-in pack's, then the custom ones.
    pub fn infos(&self) -> &[PolicyRuleInfo] {
        &self.infos
    }

    /// Evaluates every rule over the workspace, within the time limit.
    ///
    /// The `cel` crate has no cost accounting and no way to interrupt an
    /// evaluation, so a hostile or careless policy (comprehensions over
    /// large lists) could otherwise run for hours. Evaluation runs on a
    /// worker thread instead, and when it overruns `limits.max_policy_seconds`
    /// the run stops with an error (exit 2); the worker is abandoned and
    /// ends with the process. Compile-time bounds (expression size,
    /// comprehension nesting) keep legitimate policies far below the limit.
    ///
    /// The worker lets go of `workspace` before it answers, so once this
    /// returns `Ok` the caller holds the only reference again.
    ///
    /// Proposals whose paths `settled` holds are not evaluated: the caller
    /// has their findings already (base mode, from the other side).
    pub fn check(
        &self,
        workspace: &Arc<Workspace>,
        settled: Arc<HashSet<String>>,
        out: &mut Vec<Diagnostic>,
    ) -> Result<()> {
        self.start(workspace, settled)?.wait(out)
    }

    /// [`PolicySet::check`] in two steps, so that the caller can do other
    /// work (the workspace rules) while the policies are evaluated.
    pub fn start(&self, workspace: &Arc<Workspace>, settled: Arc<HashSet<String>>) -> Result<Evaluation<'_>> {
        let answer = if self.rules.is_empty() {
            None
        } else {
            Some(self.evaluate_in_background(Arc::clone(workspace), settled)?)
        };
        Ok(Evaluation { set: self, answer, started: std::time::Instant::now() })
    }

    fn answer(
        &self,
        answer: &mpsc::Receiver<Vec<Diagnostic>>,
        left: Duration,
        out: &mut Vec<Diagnostic>,
    ) -> Result<()> {
        match answer.recv_timeout(left) {
            Ok(found) => {
                out.extend(found);
                Ok(())
            }
            Err(mpsc::RecvTimeoutError::Timeout) => Err(self.overran()),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Err(RunError::new("evaluating the policies failed unexpectedly (a bug in roadlint)")
                    .hint("please report it with the policy files that trigger it"))
            }
        }
    }

    /// Starts evaluating every rule over `workspace` on a worker thread,
    /// which sends what it finds to the receiver (or drops the sender if it
    /// panics).
    fn evaluate_in_background(
        &self,
        workspace: Arc<Workspace>,
        settled: Arc<HashSet<String>>,
    ) -> Result<mpsc::Receiver<Vec<Diagnostic>>> {
        let (env, infos, rules) = (Arc::clone(&self.env), Arc::clone(&self.infos), Arc::clone(&self.rules));
        let (reads, conditions, memory_limit) = (Arc::clone(&self.reads), self.conditions, self.memory_limit);
        let (sender, receiver) = mpsc::channel();
        // The policies get threads of their own: on the shared pool a
        // policy that runs for hours would hold up the workspace rules, and
        // with them the caller, past the time limit it is meant to enforce.
        let pool = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("roadlint-policy-{i}"))
            .stack_size(16 << 20)
            .build()
            .map_err(|e| RunError::new(format!("cannot start evaluating the policies: {e}")))?;
        let worker = move || {
            let pairs: Vec<(&PolicyRuleInfo, &Rule)> = infos.iter().zip(rules.iter()).collect();
            let plan = eval::Plan { rules: &pairs, reads: &reads, conditions, settled: &settled, memory_limit };
            let mut found = Vec::new();
            pool.install(|| eval::run(&env, &plan, &workspace, &mut found));
            drop(pairs);
            drop(workspace);
            // The caller may have stopped waiting; then nobody needs this.
            let _ = sender.send(found);
        };
        std::thread::Builder::new()
            .name("roadlint-policies".to_owned())
            // Converting documents to CEL values recurses once per level of
            // nesting (up to limits.max_depth): give it the main thread's room.
            .stack_size(16 << 20)
            .spawn(worker)
            .map_err(|e| RunError::new(format!("cannot start evaluating the policies: {e}")))?;
        Ok(receiver)
    }

    /// The error for policies that took longer than the time limit, naming
    /// the custom rule that was running when it struck.
    fn overran(&self) -> RunError {
        let running = RUNNING.load(std::sync::atomic::Ordering::Relaxed);
        if let Some(info) = self.infos.iter().find(|info| std::ptr::eq(*info, running)) {
            return RunError::new(format!(
                "evaluating the policy rule `{}` ({}) took longer than the limit of {} seconds",
                info.id,
                info.origin,
                self.time_limit.as_secs_f64()
            ))
            .hint(format!(
                "check the comprehensions (all, exists, map, filter) in {}; or raise limits.max_policy_seconds \
                 in .roadlint.yaml",
                info.origin
            ));
        }
        let mut files: Vec<&str> =
            self.infos.iter().filter(|i| i.origin != BUILT_IN).map(|i| i.origin.as_str()).collect();
        files.dedup();
        let culprit = if files.is_empty() {
            "the documents may hold unusually large lists".to_owned()
        } else {
            format!("check the comprehensions (all, exists, map, filter) in {}", files.join(", "))
        };
        RunError::new(format!(
            "evaluating the policies took longer than the limit of {} seconds",
            self.time_limit.as_secs_f64()
        ))
        .hint(format!("{culprit}; or raise limits.max_policy_seconds in .roadlint.yaml"))
    }
}

/// What a rule is evaluated on (`applies_to`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppliesTo {
    /// Every proposal, as `proposal`.
    Proposal,
    /// Every roadmap item whose proposal and team resolve, as `item`,
    /// `proposal` and `team`.
    RoadmapItem,
}

/// A rule, compiled.
#[derive(Debug)]
struct Rule {
    applies_to: AppliesTo,
    /// Gates every requirement; a missing field makes it false.
    when: Option<Condition>,
    /// Applies only to proposals at this status or later.
    from_status: Option<Status>,
    /// Also applies to proposals that a `committed` item schedules.
    also_when_committed: bool,
    /// `require` + `message`, or each entry of `checks`.
    requirements: Vec<Requirement>,
}

/// One condition that must hold, and what to say when it does not.
#[derive(Debug)]
struct Requirement {
    when: Option<Condition>,
    require: Condition,
    message: Template,
    help: Option<Template>,
    /// JSON pointer of the node the diagnostic points at, relative to the
    /// document or item; empty for the document or item itself.
    path: String,
}

/// A `when` or `require` expression.
#[derive(Debug)]
struct Condition {
    expr: Expr,
    /// Which of the policy set's distinct condition sources this is. The
    /// same condition is often written more than once (one `when` on several
    /// checks, a `require` that is the next check's `when`); evaluating it
    /// once per subject gives the same verdict for less. Set by
    /// [`number_conditions`].
    slot: usize,
}

impl Condition {
    /// A condition not numbered yet.
    fn new(expr: Expr) -> Condition {
        Condition { expr, slot: 0 }
    }
}

impl Rule {
    /// Every expression of the rule: conditions, then the `{expr}` parts of
    /// messages and help texts.
    fn expressions(&self) -> impl Iterator<Item = &Expr> {
        let conditions = self.conditions().map(|condition| &condition.expr);
        let templates = self.requirements.iter().flat_map(|r| std::iter::once(&r.message).chain(&r.help));
        conditions.chain(templates.flat_map(Template::expressions))
    }

    fn conditions(&self) -> impl Iterator<Item = &Condition> {
        let checks = self.requirements.iter().flat_map(|r| r.when.iter().chain(std::iter::once(&r.require)));
        self.when.iter().chain(checks)
    }

    fn conditions_mut(&mut self) -> impl Iterator<Item = &mut Condition> {
        let checks =
            self.requirements.iter_mut().flat_map(|r| r.when.iter_mut().chain(std::iter::once(&mut r.require)));
        self.when.iter_mut().chain(checks)
    }
}

/// Numbers the conditions of `rules` so that conditions with the same
/// source share a slot; returns how many slots there are.
fn number_conditions(rules: &mut [Rule]) -> usize {
    let mut slots: HashMap<String, usize> = HashMap::new();
    for condition in rules.iter_mut().flat_map(Rule::conditions_mut) {
        let next = slots.len();
        condition.slot = *slots.entry(condition.expr.source.clone()).or_insert(next);
    }
    slots.len()
}

/// Policies being evaluated on their worker thread ([`PolicySet::start`]).
pub struct Evaluation<'p> {
    set: &'p PolicySet,
    /// `None` when there are no rules to evaluate.
    answer: Option<mpsc::Receiver<Vec<Diagnostic>>>,
    started: std::time::Instant,
}

impl Evaluation<'_> {
    /// Waits for the findings, within what is left of the time limit.
    pub fn wait(self, out: &mut Vec<Diagnostic>) -> Result<()> {
        let Some(answer) = &self.answer else { return Ok(()) };
        let left = self.set.time_limit.saturating_sub(self.started.elapsed());
        self.set.answer(answer, left, out)
    }
}
