//! Evaluating policy rules over a workspace (docs/policies.md).
//!
//! Document values are converted to CEL once per run: `roster` and `today`
//! live in a root scope that every evaluation shares, and each proposal or
//! item gets a child scope with its own variables, holding only the fields
//! the expressions can read (`reads`). Proposals and items are evaluated in
//! parallel; on each, a condition written several times is evaluated once.

use super::expr::{Expr, Verdict};
use super::reads::Reads;
use super::{AppliesTo, Condition, PolicyRuleInfo, Requirement, Rule, view};
use crate::check::rules::{item_name, item_span};
use crate::diagnostic::{Diagnostic, Related};
use crate::model::SchemaKind;
use crate::model::{Commitment, File, Item, Status, Workspace, is_missing};
use crate::parse::Span;
use cel::{Context, Env};
use rayon::prelude::*;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// What evaluating a policy set takes: its rules and what was worked out
/// about them when it was loaded.
pub(super) struct Plan<'a> {
    pub rules: &'a [(&'a PolicyRuleInfo, &'a Rule)],
    /// What the expressions can read of each document variable.
    pub reads: &'a Reads,
    /// How many distinct conditions the rules have ([`Condition::slot`]).
    pub conditions: usize,
    /// Paths of proposals not to evaluate: their findings are known.
    pub settled: &'a HashSet<String>,
    /// Most bytes one custom rule's evaluation on one subject may allocate.
    pub memory_limit: usize,
}

/// Evaluates the plan's rules over `ws`, adding what they find to `out`.
pub(super) fn run(env: &Arc<Env>, plan: &Plan<'_>, ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let mut root = Context::with_env(Arc::clone(env));
    root.add_variable_as_val("roster", view::roster(ws));
    root.add_variable_from_value("today", ws.today.as_str());
    let shared = Shared {
        root,
        ws,
        reads: plan.reads,
        conditions: plan.conditions,
        settled: plan.settled,
        memory_limit: plan.memory_limit,
    };
    let of = |target: AppliesTo| -> Vec<(&PolicyRuleInfo, &Rule)> {
        plan.rules.iter().copied().filter(|(_, rule)| rule.applies_to == target).collect()
    };
    let proposal_rules = of(AppliesTo::Proposal);
    if !proposal_rules.is_empty() {
        proposals(&shared, &proposal_rules, out);
    }
    let item_rules = of(AppliesTo::RoadmapItem);
    if !item_rules.is_empty() {
        items(&shared, &item_rules, out);
    }
}

/// What every evaluation of a run shares: the root scope, with `roster`
/// and `today`, the workspace, and what the rules read.
struct Shared<'w> {
    /// Its values, and those of the scopes under it, borrow from `ws`.
    root: Context<'w, 'w>,
    ws: &'w Workspace,
    reads: &'w Reads,
    conditions: usize,
    settled: &'w HashSet<String>,
    memory_limit: usize,
}

/// What one evaluation is about: where its diagnostics go and what gates it.
struct Subject<'w> {
    file: &'w File,
    /// Pointer of the evaluated node: empty for a proposal, the item's
    /// pointer for a roadmap item. A rule's `path` is relative to it.
    base: &'w str,
    /// The roadmap item evaluated, for an item rule.
    item: Option<&'w Item>,
    /// The proposal or item id.
    id: Option<String>,
    /// The status of the proposal (the item's proposal for an item).
    status: Option<Status>,
    /// The `committed` items that schedule the proposal.
    committed: &'w [&'w Item],
    workspace: &'w Workspace,
}

impl Subject<'_> {
    /// Where a diagnostic without a path points: the proposal's or the
    /// item's `id` value. Found only for a diagnostic: finding a span reads
    /// the file's span map, which is rebuilt from its text on demand.
    fn home(&self) -> Span {
        match self.item {
            Some(item) => item_span(self.file, item),
            None => self.file.span("/id"),
        }
    }
}

fn proposals(shared: &Shared<'_>, rules: &[(&PolicyRuleInfo, &Rule)], out: &mut Vec<Diagnostic>) {
    let ws = shared.ws;
    let committed = committed_items(ws);
    // Governance rules skip a proposal whose status is invalid (docs/semantics.md).
    let files: Vec<&File> = ws
        .of_kind(SchemaKind::Proposal)
        .map(|(_, file)| file)
        .filter(|file| !file.is_invalid("/status") && !shared.settled.contains(&file.path))
        .collect();
    let found: Vec<Vec<Diagnostic>> = files
        .par_iter()
        .map(|file| {
            let id = file.id();
            let subject = Subject {
                file,
                base: "",
                item: None,
                id: id.map(str::to_owned),
                status: file.status(),
                committed: id.and_then(|id| committed.get(id)).map_or(&[], Vec::as_slice),
                workspace: ws,
            };
            let mut scope = shared.root.new_inner_scope();
            scope.add_variable_as_val("proposal", view::node_or_empty(file, "", &shared.reads.proposal));
            evaluate_all(shared, rules, &subject, &scope)
        })
        .collect();
    out.extend(found.into_iter().flatten());
}

fn items(shared: &Shared<'_>, rules: &[(&PolicyRuleInfo, &Rule)], out: &mut Vec<Diagnostic>) {
    let ws = shared.ws;
    // Without a roster no team resolves, so no item rule applies.
    let (Some(roster), Some(roster_file)) = (&ws.roster, ws.roster_file()) else { return };
    let found: Vec<Vec<Diagnostic>> = ws
        .items
        .par_iter()
        .map(|item| {
            let Some(proposal_file) = item.proposal.as_deref().and_then(|id| ws.proposal(id)) else {
                return Vec::new();
            };
            let Some(team) = item.team.as_deref().and_then(|id| roster.teams.get(id)) else {
                return Vec::new();
            };
            // Item rules skip items whose proposal has an invalid status (docs/semantics.md).
            if proposal_file.is_invalid("/status") {
                return Vec::new();
            }
            let file = &ws.files[item.file];
            let subject = Subject {
                file,
                base: &item.pointer,
                item: Some(item),
                id: item.id.clone(),
                status: proposal_file.status(),
                committed: &[],
                workspace: ws,
            };
            let mut scope = shared.root.new_inner_scope();
            let reads = shared.reads;
            scope.add_variable_as_val("item", view::node_or_empty(file, &item.pointer, &reads.item));
            scope.add_variable_as_val("proposal", view::node_or_empty(proposal_file, "", &reads.proposal));
            scope.add_variable_as_val("team", view::node_or_empty(roster_file, &team.pointer, &reads.team));
            evaluate_all(shared, rules, &subject, &scope)
        })
        .collect();
    out.extend(found.into_iter().flatten());
}

/// Every rule on one subject.
fn evaluate_all(
    shared: &Shared<'_>,
    rules: &[(&PolicyRuleInfo, &Rule)],
    subject: &Subject<'_>,
    scope: &Context<'_, '_>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut verdicts = Verdicts::new(shared.conditions);
    for &(info, rule) in rules {
        if info.origin == super::BUILT_IN {
            evaluate(info, rule, subject, scope, &mut verdicts, &mut out);
            continue;
        }
        // Custom rules are bounded in memory as in time (the time limit
        // names the rule that was running when it struck).
        super::RUNNING.store((info as *const PolicyRuleInfo).cast_mut(), std::sync::atomic::Ordering::Relaxed);
        crate::memory::bounded(&info.id, shared.memory_limit, || {
            evaluate(info, rule, subject, scope, &mut verdicts, &mut out)
        });
    }
    out
}

/// The truth of each condition evaluated on one subject so far, by slot.
///
/// Evaluation depends only on the expression and the subject's scope, so a
/// condition written several times gives the same answer each time; each
/// use still reports its own problem (see [`evaluate`]).
struct Verdicts(Vec<Option<Result<bool, String>>>);

impl Verdicts {
    fn new(slots: usize) -> Verdicts {
        Verdicts(vec![None; slots])
    }

    /// The condition's truth, evaluated the first time it is asked for.
    fn of(&mut self, condition: &Condition, scope: &Context<'_, '_>) -> Result<bool, String> {
        match self.0.get_mut(condition.slot) {
            Some(known) => known.get_or_insert_with(|| truth(&condition.expr, scope)).clone(),
            // Not numbered for this set: evaluate it every time.
            None => truth(&condition.expr, scope),
        }
    }
}

/// Proposal id → the `committed` roadmap items that schedule it.
fn committed_items(ws: &Workspace) -> HashMap<&str, Vec<&Item>> {
    let mut map: HashMap<&str, Vec<&Item>> = HashMap::new();
    for item in &ws.items {
        if let (Some(proposal), Some(Commitment::Committed)) = (item.proposal.as_deref(), item.commitment) {
            map.entry(proposal).or_default().push(item);
        }
    }
    map
}

/// Evaluates one rule on one subject.
///
/// A condition that cannot be evaluated is reported each time it is used,
/// whether or not its verdict was remembered from an earlier use.
fn evaluate(
    info: &PolicyRuleInfo,
    rule: &Rule,
    subject: &Subject<'_>,
    scope: &Context<'_, '_>,
    verdicts: &mut Verdicts,
    out: &mut Vec<Diagnostic>,
) {
    let Some(related) = gate(rule, subject) else {
        return;
    };
    let mut holds = |condition: &Condition, out: &mut Vec<Diagnostic>| match verdicts.of(condition, scope) {
        Ok(value) => Some(value),
        Err(problem) => {
            out.push(broken(info, subject, &condition.expr, &problem));
            None
        }
    };
    if let Some(when) = &rule.when
        && holds(when, out) != Some(true)
    {
        return;
    }
    for requirement in &rule.requirements {
        if let Some(when) = &requirement.when
            && holds(when, out) != Some(true)
        {
            continue;
        }
        if holds(&requirement.require, out) == Some(false)
            && let Some(d) = violation(info, rule, requirement, subject, scope)
        {
            out.push(Diagnostic { related: related.clone(), ..d });
        }
    }
}

/// Whether `from_status` and `also_when_committed` let the rule apply, with
/// the related labels to add: the committing items when only they make it
/// apply. `None` when the rule does not apply.
fn gate(rule: &Rule, subject: &Subject<'_>) -> Option<Vec<Related>> {
    let Some(threshold) = rule.from_status else {
        return Some(Vec::new());
    };
    let status = subject.status?;
    if status.at_least(threshold) {
        return Some(Vec::new());
    }
    if !rule.also_when_committed || status.is_closed() || subject.committed.is_empty() {
        return None;
    }
    let ws = subject.workspace;
    let related = subject
        .committed
        .iter()
        .map(|item| {
            let file = &ws.files[item.file];
            let name = file.path.rsplit('/').next().unwrap_or(&file.path);
            Related {
                file: file.path.clone(),
                span: item_span(file, item),
                message: format!("{} commits to it here, in {name}", item_name(ws, item)),
            }
        })
        .collect();
    Some(related)
}

/// A condition's truth: a missing field counts as false; any other error,
/// or a value that is not a boolean, is a problem to report.
fn truth(expr: &Expr, scope: &Context<'_, '_>) -> Result<bool, String> {
    match expr.verdict(scope) {
        Verdict::True => Ok(true),
        Verdict::False | Verdict::Missing => Ok(false),
        Verdict::Error(error) => Err(format!("failed: {error}")),
        Verdict::NotBool(value) => Err(format!("gave {value}, not true or false")),
    }
}

/// A requirement that does not hold. `None` when the node it points at was
/// rejected by the schema: that problem is the `schema` rule's to report.
fn violation(
    info: &PolicyRuleInfo,
    rule: &Rule,
    requirement: &Requirement,
    subject: &Subject<'_>,
    scope: &Context<'_, '_>,
) -> Option<Diagnostic> {
    let pointer = format!("{}{}", subject.base, requirement.path);
    if subject.file.is_invalid(&pointer) {
        return None;
    }
    let (span, label) = match locate(subject, &requirement.path) {
        Place::Found(span) => (span, label(subject, &requirement.path)),
        Place::MissingSection => missing_section(rule, subject),
    };
    let mut d =
        diagnostic(info, subject, span).message(requirement.message.render(scope)).label(label).pointer(pointer);
    d.help = requirement.help.as_ref().map(|help| help.render(scope));
    Some(d)
}

/// An expression that could not be evaluated: a diagnostic of its rule,
/// on the document or item, naming the error.
fn broken(info: &PolicyRuleInfo, subject: &Subject<'_>, expr: &Expr, problem: &str) -> Diagnostic {
    let on = subject.id.as_deref().unwrap_or(&subject.file.path);
    diagnostic(info, subject, subject.home())
        .message(format!("policy rule `{}` could not be checked on {on}: `{}` {problem}", info.id, expr.source))
        .label("not checked")
        .help(format!("fix the expression in {}", info.origin))
        .pointer(subject.base)
}

fn diagnostic(info: &PolicyRuleInfo, subject: &Subject<'_>, span: Span) -> Diagnostic {
    let mut d = Diagnostic::new(&info.id, info.severity, &subject.file.path, span);
    d.subject = subject.id.clone();
    d
}

/// Where a requirement's `path` leads.
enum Place {
    Found(Span),
    /// A top-level section of the subject is missing altogether.
    MissingSection,
}

/// Where a requirement's `path` points: a scalar's value, a container's
/// key, or — for a missing node — the key of the nearest mapping that
/// holds it; the subject's home (its `id`) when the path is empty.
fn locate(subject: &Subject<'_>, path: &str) -> Place {
    let file = subject.file;
    let Some(spans) = file.spans().filter(|_| !path.is_empty()) else {
        return Place::Found(subject.home());
    };
    let pointer = format!("{}{path}", subject.base);
    let (found, node) = spans.nearest(&pointer);
    if found.len() <= subject.base.len() {
        return Place::MissingSection;
    }
    let container = matches!(file.get(found), Some(Value::Object(_) | Value::Array(_)));
    Place::Found(if found == pointer && !container { node.value } else { node.anchor() })
}

/// Where a missing top-level section is reported (docs/semantics.md): on the
/// `status` that requires it, with the reason, for a rule that applies
/// from a status on; for an item, on the item; else on the `kind` line.
fn missing_section(rule: &Rule, subject: &Subject<'_>) -> (Span, String) {
    let file = subject.file;
    if !subject.base.is_empty() {
        return (subject.home(), "missing here".to_owned());
    }
    match (rule.from_status, subject.status) {
        (Some(threshold), Some(status)) if status.at_least(threshold) => {
            (file.span("/status"), format!("required from `{}` on", threshold.as_str()))
        }
        (Some(_), Some(_)) => (file.span("/status"), "required: a committed roadmap item schedules it".to_owned()),
        _ => (file.missing_top_level(), "missing from the document".to_owned()),
    }
}

/// The underline's text: what is wrong with the node at `path`.
fn label(subject: &Subject<'_>, path: &str) -> String {
    let Some(name) = path.rsplit('/').next().filter(|name| !name.is_empty()) else {
        return "here".to_owned();
    };
    let name = name.replace("~1", "/").replace("~0", "~");
    let pointer = format!("{}{path}", subject.base);
    match subject.file.get(&pointer) {
        None => format!("`{name}` is missing"),
        Some(_) if is_missing(subject.file.value(), &pointer) => {
            format!("`{name}` is not filled in")
        }
        Some(_) => "here".to_owned(),
    }
}
