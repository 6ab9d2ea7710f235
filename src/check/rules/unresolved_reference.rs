use super::{at, at_item};
use crate::check::registry::Check;
use crate::check::rules::schema;
use crate::check::schema::name_of;
use crate::diagnostic::Diagnostic;
use crate::model::SchemaKind;
use crate::model::outcome::{Outcome, telemetry_metric_names};
use crate::model::{File, Workspace};
use crate::suggest::{Suggestion, closest_id, suggest_id};
use rayon::prelude::*;
use serde_json::Value;
use std::collections::HashMap;

crate::declare_rule! {
    /// ## What it does
    /// Checks that every reference resolves: a roadmap item's `proposal` and
    /// `team`, a proposal's `depends_on`, owners and `estimate.by`, and a
    /// team's `members`, and the names in a proposal's `outcome.metrics`,
    /// which must name metrics of its own `telemetry.metrics` (a waiver's
    /// unknown approver is `waiver-invalid`:
    /// such a waiver approves nothing). It names what was looked for,
    /// where, and the closest existing id. People and teams are checked only
    /// when the repository has a Roster. Placeholders such as `TBD` are not
    /// looked up (the governance rules treat them as missing).
    ///
    /// ## Why it matters
    /// A dangling reference hides work: a roadmap item whose proposal does not
    /// exist has no estimate, owner or telemetry anyone can check, and an owner
    /// who is not on the roster cannot be asked.
    ///
    /// ## Example
    /// ```yaml
    /// depends_on: [P-017]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// depends_on: [P-0017]
    /// ```
    id: "unresolved-reference",
    severity: Error,
    summary: "proposal, team, depends_on, owner, estimate.by, member and outcome metric references resolve",
    check: Check::Workspace(check),
}

/// The ids of one kind a reference may name, sorted, each with its display
/// name (people's and teams' `name`), for lookups and "did you mean".
struct Known<'w> {
    noun: &'static str,
    ids: Vec<(&'w str, Option<&'w str>)>,
}

impl<'w> Known<'w> {
    fn new(noun: &'static str, mut ids: Vec<(&'w str, Option<&'w str>)>) -> Known<'w> {
        ids.sort_unstable();
        Known { noun, ids }
    }

    fn contains(&self, id: &str) -> bool {
        self.ids.binary_search_by(|(known, _)| (*known).cmp(id)).is_ok()
    }

    /// A reference to `id` that does not resolve, with its help — the id
    /// it probably meant, or what to do — and its fix when that id is the
    /// one right answer.
    fn explain(&self, d: Diagnostic, id: &str) -> Diagnostic {
        match suggest_id(id, &self.ids) {
            Some(suggestion) => with_fix(d.help(format!("did you mean `{}`?", suggestion.id)), suggestion),
            None => d.help(format!("add the {} or correct the reference", self.noun)),
        }
    }
}

/// The people, teams and proposals of a workspace, as references see them.
struct References<'w> {
    proposals: Known<'w>,
    people: Known<'w>,
    teams: Known<'w>,
}

impl<'w> References<'w> {
    fn of(ws: &'w Workspace) -> References<'w> {
        let roster = ws.roster.as_ref();
        let file = ws.roster_file();
        let name = |pointer: &str| file.and_then(|f| f.text_at(&format!("{pointer}/name")));
        let people = roster.map(|r| r.people.iter().map(|(id, p)| (id.as_str(), name(&p.pointer))).collect());
        let teams = roster.map(|r| r.teams.iter().map(|(id, t)| (id.as_str(), name(&t.pointer))).collect());
        References {
            proposals: Known::new("proposal", ws.proposals.keys().map(|id| (id.as_str(), None)).collect()),
            people: Known::new("person", people.unwrap_or_default()),
            teams: Known::new("team", teams.unwrap_or_default()),
        }
    }

    /// What a reference field holds, by its pointer; `None` for a field
    /// that holds no reference.
    fn kind_at(&self, kind: SchemaKind, pointer: &str) -> Option<&Known<'w>> {
        let parts: Vec<&str> = pointer.split('/').skip(1).collect();
        match (kind, parts.as_slice()) {
            (SchemaKind::Proposal, ["depends_on", _]) => Some(&self.proposals),
            (SchemaKind::Proposal, ["owners", "product" | "engineering"] | ["estimate", "by"]) => Some(&self.people),
            (SchemaKind::Proposal, ["waivers", _, "approved_by"]) => Some(&self.people),
            (SchemaKind::Roadmap, ["items", _, "proposal"]) => Some(&self.proposals),
            (SchemaKind::Roadmap, ["items", _, "team"]) => Some(&self.teams),
            (SchemaKind::Roster, ["teams", _, "members", _]) => Some(&self.people),
            _ => None,
        }
    }
}

fn check(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    // Each finding with the id whose "did you mean" is still to be found.
    let mut found: Vec<(Diagnostic, &str, &Known<'_>)> = Vec::new();
    let known = References::of(ws);
    let roster = ws.roster.as_ref();
    let roster_path = ws.roster_file().map(|f| f.path.as_str()).unwrap_or_default();
    let in_roster = format!("in the roster ({roster_path})");

    for (_, file) in ws.of_kind(SchemaKind::Proposal) {
        for pointer in file.elements("/depends_on") {
            if let Some(id) = file.text_at(&pointer).filter(|id| !ws.knows_proposal(id)) {
                found.push((unresolved(file, &pointer, id, "proposal", "in this repository"), id, &known.proposals));
            }
        }
        outcome_metrics(file, out);
        if roster.is_none() {
            continue;
        }
        for pointer in ["/owners/product", "/owners/engineering", "/estimate/by"] {
            if let Some(id) = file.text_at(pointer).filter(|id| !known.people.contains(id)) {
                found.push((unresolved(file, pointer, id, "person", &in_roster), id, &known.people));
            }
        }
    }
    for item in &ws.items {
        let file = &ws.files[item.file];
        if let Some(id) = item.proposal.as_deref().filter(|id| !ws.knows_proposal(id)) {
            let pointer = format!("{}/proposal", item.pointer);
            let d = unresolved(file, &pointer, id, "proposal", "in this repository");
            found.push((relocate(d, at_item(&RULE, ws, item), file, &pointer), id, &known.proposals));
        }
        if let (Some(id), Some(_)) = (item.team.as_deref(), roster)
            && !known.teams.contains(id)
        {
            let pointer = format!("{}/team", item.pointer);
            let d = unresolved(file, &pointer, id, "team", &in_roster);
            found.push((relocate(d, at_item(&RULE, ws, item), file, &pointer), id, &known.teams));
        }
    }
    // A roster standing in for a broken one is the base side's: its own
    // problems are reported there, not as this change's.
    if let (Some(roster), Some(file)) = (roster.filter(|r| !r.stand_in), ws.roster_file()) {
        let mut team_list: Vec<_> = roster.teams.values().collect();
        team_list.sort_by(|a, b| a.pointer.cmp(&b.pointer));
        for team in team_list {
            for (member, pointer) in &team.members {
                if !known.people.contains(member) && file.text_at(pointer).is_some() {
                    let d = unresolved(file, pointer, member, "person", "among the roster's people");
                    found.push((d, member, &known.people));
                }
            }
        }
    }
    // "Did you mean" compares each id with every known one: in a large
    // repository the costliest part of the rule, so side by side.
    out.par_extend(found.into_par_iter().map(|(d, id, known)| known.explain(d, id)));
}

/// Each `outcome.metrics` name must name one of the proposal's own
/// telemetry metrics: the outcome reports on the plan.
fn outcome_metrics(file: &File, out: &mut Vec<Diagnostic>) {
    let observed = Outcome::of(file).metrics;
    if observed.is_empty() {
        return;
    }
    let names: Vec<(&str, Option<&str>)> =
        telemetry_metric_names(file).into_iter().map(|name| (name, None)).collect();
    for metric in observed {
        let Some(name) = metric.name.as_deref().filter(|name| !names.iter().any(|(known, _)| known == name)) else {
            continue;
        };
        let help = match closest_id(name, &names) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => "name a metric of `telemetry.metrics`, or add the metric there".to_owned(),
        };
        let pointer = format!("{}/name", metric.pointer);
        out.push(unresolved(file, &pointer, name, "telemetry metric", "in this proposal's `telemetry.metrics`").help(help));
    }
}

/// "Did you mean" for a reference the schema rejected (`team: iOS` fails
/// the id pattern): the id of its kind it probably meant, as for one that
/// does not resolve.
pub fn suggest_for_rejected(ws: &Workspace, diagnostics: &mut [Diagnostic]) {
    let by_path: HashMap<&str, &File> = ws.files.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut known = None;
    for d in diagnostics.iter_mut().filter(|d| d.rule == schema::RULE.id) {
        let Some(file) = by_path.get(d.file.as_str()) else { continue };
        let (Some(kind), Some(Value::String(id))) = (file.kind, file.get(&d.pointer)) else { continue };
        let known = known.get_or_insert_with(|| References::of(ws));
        let Some(of_kind) = known.kind_at(kind, &d.pointer) else { continue };
        if let Some(suggestion) = suggest_id(id, &of_kind.ids) {
            d.help = Some(format!("did you mean `{}`?", suggestion.id));
            *d = with_fix(std::mem::replace(d, Diagnostic::new("", d.severity, "", d.span)), suggestion);
        }
    }
}

/// The fix for a reference whose "did you mean" has one candidate: the
/// reference's value (on one line) becomes that id.
fn with_fix(d: Diagnostic, suggestion: Suggestion<'_>) -> Diagnostic {
    if suggestion.unique && d.span.start.line == d.span.end.line && d.span.start != d.span.end {
        let (span, title) = (d.span, format!("replace with `{}`", suggestion.id));
        d.fix(span, suggestion.id, title)
    } else {
        d
    }
}

/// Item references point at the referencing field, with the item's subject.
fn relocate(d: Diagnostic, item: Diagnostic, file: &File, pointer: &str) -> Diagnostic {
    Diagnostic { subject: item.subject, span: file.span(pointer), ..d }
}

fn unresolved(file: &File, pointer: &str, id: &str, noun: &str, place: &str) -> Diagnostic {
    let field = name_of(file.value(), file.kind.unwrap_or(SchemaKind::Proposal), pointer);
    at(&RULE, file, pointer)
        .message(format!("{field} names {noun} `{id}`, which does not exist {place}"))
        .label(format!("no {noun} `{id}`"))
}

