use super::{at, at_item};
use crate::check::registry::Check;
use crate::check::schema::{SchemaKind, dotted};
use crate::diagnostic::Diagnostic;
use crate::model::{File, Workspace};
use crate::suggest::closest;
use rayon::prelude::*;
use serde_json::Value;

crate::declare_rule! {
    /// ## What it does
    /// Checks that every reference resolves: a roadmap item's `proposal` and
    /// `team`, a proposal's `depends_on`, owners and `estimate.by`, and a
    /// team's `members` (a waiver's unknown approver is `waiver-invalid`:
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
    summary: "proposal, team, depends_on, owner, estimate.by and member references resolve",
    check: Check::Workspace(check),
}

fn check(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    // Each finding with what its "did you mean" compares: the id and the
    // ids it could have meant.
    let mut found: Vec<(Diagnostic, &str, &str, &[&str])> = Vec::new();
    let mut proposal_ids: Vec<&str> = ws.proposals.keys().map(String::as_str).collect();
    proposal_ids.sort_unstable();
    let roster = ws.roster.as_ref();
    let mut people: Vec<&str> = roster.map(|r| r.people.keys().map(String::as_str).collect()).unwrap_or_default();
    people.sort_unstable();
    let mut teams: Vec<&str> = roster.map(|r| r.teams.keys().map(String::as_str).collect()).unwrap_or_default();
    teams.sort_unstable();
    let roster_path = ws.roster_file().map(|f| f.path.as_str()).unwrap_or_default();

    for (_, file) in ws.of_kind(SchemaKind::Proposal) {
        for pointer in list_pointers(file, "/depends_on") {
            if let Some(id) = file.text_at(&pointer).filter(|id| !ws.knows_proposal(id)) {
                found.push((
                    unresolved(file, &pointer, id, "proposal", "in this repository"),
                    id,
                    "proposal",
                    &proposal_ids,
                ));
            }
        }
        if roster.is_none() {
            continue;
        }
        for pointer in ["/owners/product", "/owners/engineering", "/estimate/by"] {
            if let Some(id) = file.text_at(pointer).filter(|id| people.binary_search(id).is_err()) {
                let d = unresolved(file, pointer, id, "person", &format!("in the roster ({roster_path})"));
                found.push((d, id, "person", &people));
            }
        }
    }
    for item in &ws.items {
        let file = &ws.files[item.file];
        if let Some(id) = item.proposal.as_deref().filter(|id| !ws.knows_proposal(id)) {
            let pointer = format!("{}/proposal", item.pointer);
            let d = unresolved(file, &pointer, id, "proposal", "in this repository");
            found.push((relocate(d, at_item(&RULE, ws, item), file, &pointer), id, "proposal", &proposal_ids));
        }
        if let (Some(id), Some(_)) = (item.team.as_deref(), roster)
            && teams.binary_search(&id).is_err()
        {
            let pointer = format!("{}/team", item.pointer);
            let d = unresolved(file, &pointer, id, "team", &format!("in the roster ({roster_path})"));
            found.push((relocate(d, at_item(&RULE, ws, item), file, &pointer), id, "team", &teams));
        }
    }
    // A roster standing in for a broken one is the base side's: its own
    // problems are reported there, not as this change's.
    if let (Some(roster), Some(file)) = (roster.filter(|r| !r.stand_in), ws.roster_file()) {
        let mut team_list: Vec<_> = roster.teams.values().collect();
        team_list.sort_by(|a, b| a.pointer.cmp(&b.pointer));
        for team in team_list {
            for (member, pointer) in &team.members {
                if people.binary_search(&member.as_str()).is_err() && file.text_at(pointer).is_some() {
                    let d = unresolved(file, pointer, member, "person", "among the roster's people");
                    found.push((d, member, "person", &people));
                }
            }
        }
    }
    // "Did you mean" compares each id with every known one: in a large
    // repository the costliest part of the rule, so side by side.
    out.par_extend(found.into_par_iter().map(|(d, id, noun, known)| suggest(d, id, noun, known)));
}

/// Item references point at the referencing field, with the item's subject.
fn relocate(d: Diagnostic, item: Diagnostic, file: &File, pointer: &str) -> Diagnostic {
    Diagnostic { subject: item.subject, span: file.span(pointer), ..d }
}

fn unresolved(file: &File, pointer: &str, id: &str, noun: &str, place: &str) -> Diagnostic {
    let field = dotted(pointer);
    at(&RULE, file, pointer)
        .message(format!("{field} names {noun} `{id}`, which does not exist {place}"))
        .label(format!("no {noun} `{id}`"))
}

/// The finding's help: the closest known id, or what to do.
fn suggest(d: Diagnostic, id: &str, noun: &str, known: &[&str]) -> Diagnostic {
    match closest(id, known.iter().copied()) {
        Some(suggestion) => d.help(format!("did you mean {suggestion}?")),
        None => d.help(format!("add the {noun} or correct the reference")),
    }
}

fn list_pointers(file: &File, pointer: &str) -> Vec<String> {
    let count = file.get(pointer).and_then(Value::as_array).map_or(0, Vec::len);
    (0..count).map(|i| format!("{pointer}/{i}")).collect()
}
