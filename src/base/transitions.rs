//! The transition rules (SPEC section 3): `status-transition`, `id-changed`
//! and `deleted-item`. They judge the change itself, not either side, so
//! they exist only in base mode.
//!
//! Proposals and items are matched across the sides by id, so moving a file
//! is neither a deletion nor a new proposal. A file whose id changed is
//! matched by path (or git's rename) instead: it is `id-changed`, its status
//! is judged against its own base version, and its old id is not deleted.

use super::change::Change;
use crate::check::rules::{at, at_item, deleted_item, id_changed, status_transition};
use crate::diagnostic::Diagnostic;
use crate::model::SchemaKind;
use crate::model::{Commitment, File, Item, Status, Workspace};
use std::collections::HashSet;

/// The lifecycle's allowed steps (SPEC section 3); staying put is allowed too.
const ALLOWED: &[(Status, Status)] = &[
    (Status::Draft, Status::Proposed),
    (Status::Draft, Status::Withdrawn),
    (Status::Proposed, Status::Draft),
    (Status::Proposed, Status::Accepted),
    (Status::Proposed, Status::Rejected),
    (Status::Proposed, Status::Withdrawn),
    (Status::Accepted, Status::InProgress),
    (Status::Accepted, Status::Withdrawn),
    (Status::InProgress, Status::Accepted),
    (Status::InProgress, Status::Shipped),
    (Status::InProgress, Status::Withdrawn),
    (Status::Rejected, Status::Draft),
    (Status::Withdrawn, Status::Draft),
];

/// Statuses a proposal may be created with.
const INITIAL: [Status; 2] = [Status::Draft, Status::Proposed];

/// What the transition rules found, by the side their diagnostics point
/// into: head findings are waived and fingerprinted against the head,
/// base findings (deletions) against the base.
#[derive(Debug, Default)]
pub struct Findings {
    pub head: Vec<Diagnostic>,
    pub base: Vec<Diagnostic>,
}

/// Runs the three transition rules over a change.
pub fn check(change: &Change<'_>) -> Findings {
    let mut findings = Findings::default();
    status_transitions(change, &mut findings.head);
    id_changes(change, &mut findings.head);
    deleted_proposals(change, &mut findings.base);
    deleted_items(change, &mut findings.base);
    deleted_roster(change, &mut findings.base);
    findings
}

/// Whether the lifecycle lets a proposal go from `from` to `to` in one change.
pub fn allowed(from: Status, to: Status) -> bool {
    from == to || ALLOWED.contains(&(from, to))
}

/// Proposal files in path order, each id once (its first occurrence;
/// `duplicate-id` reports the others).
fn proposals(ws: &Workspace) -> impl Iterator<Item = (&str, &File)> {
    ws.of_kind(SchemaKind::Proposal).filter_map(|(index, file)| {
        let id = file.text_at("/id")?;
        (ws.proposals.get(id) == Some(&index)).then_some((id, file))
    })
}

/// `status-transition`: every head proposal against its base version — the
/// same id, or for a file whose id changed, the file's own base version.
fn status_transitions(change: &Change<'_>, out: &mut Vec<Diagnostic>) {
    for (id, file) in proposals(change.head) {
        let Some(to) = file.status() else { continue };
        let before = change
            .base
            .proposal(id)
            .or_else(|| change.predecessor(file).filter(|old| old.kind == Some(SchemaKind::Proposal)));
        match before {
            Some(old) => match old.status() {
                Some(from) if !allowed(from, to) => out.push(refused_step(file, id, from, to)),
                _ => {}
            },
            None if !INITIAL.contains(&to) => out.push(bad_start(file, id, to)),
            None => {}
        }
    }
}

fn refused_step(file: &File, id: &str, from: Status, to: Status) -> Diagnostic {
    let next: Vec<String> =
        ALLOWED.iter().filter(|(f, _)| *f == from).map(|(_, t)| format!("`{}`", t.as_str())).collect();
    let help = if next.is_empty() {
        format!("a {} proposal keeps its status; write a new proposal for follow-up work", from.as_str())
    } else {
        format!("from `{}` a proposal moves to {}; take one step per change", from.as_str(), next.join(" or "))
    };
    at(&status_transition::RULE, file, "/status")
        .message(format!("{id} moved from `{}` to `{}`, which is not an allowed step", from.as_str(), to.as_str()))
        .label(format!("was `{}`", from.as_str()))
        .help(help)
}

fn bad_start(file: &File, id: &str, to: Status) -> Diagnostic {
    at(&status_transition::RULE, file, "/status")
        .message(format!("{id} is new and starts as `{}`; a new proposal starts as `draft` or `proposed`", to.as_str()))
        .label("a new proposal cannot start here")
        .help("set `status: proposed` (or `draft`) and move it on in later changes, as it is reviewed")
}

/// `id-changed`: a proposal file on both sides (by path or git's rename)
/// whose id differs. Broken or unreadable ids are left to `schema`.
fn id_changes(change: &Change<'_>, out: &mut Vec<Diagnostic>) {
    for (old_id, old) in proposals(change.base) {
        let Some(new) = change.successor(old).filter(|f| f.kind == Some(SchemaKind::Proposal)) else {
            continue;
        };
        let Some(new_id) = new.text_at("/id") else { continue };
        if new_id != old_id {
            out.push(
                at(&id_changed::RULE, new, "/id")
                    .message(format!("this proposal's id changed from {old_id} to {new_id}"))
                    .label(format!("was {old_id}"))
                    .help(format!(
                        "keep `id: {old_id}`: roadmaps, proposals and links refer to it; for a new idea, add a new proposal file"
                    )),
            );
        }
    }
}

/// Whether the head still has a base file as a proposal (possibly renamed,
/// possibly one that no longer parses): then its id did not go away, it
/// changed (`id-changed`) or cannot be read (`yaml-syntax`, `schema`).
fn still_a_proposal(change: &Change<'_>, old: &File) -> bool {
    change
        .successor(old)
        .is_some_and(|new| new.doc.is_none() || !matches!(new.kind, Some(kind) if kind != SchemaKind::Proposal))
}

/// `deleted-item` for proposals: agreed work (accepted, in progress or
/// shipped) whose id is gone from the head. Points into the base version.
fn deleted_proposals(change: &Change<'_>, out: &mut Vec<Diagnostic>) {
    for (id, old) in proposals(change.base) {
        let Some(status) = old.status().filter(|s| s.at_least(Status::Accepted)) else {
            continue;
        };
        // A raw `id:` in a head file that does not parse does not keep a
        // proposal alive: only the base file's own successor does.
        if change.head.proposal(id).is_some() || still_a_proposal(change, old) {
            continue;
        }
        out.push(
            at(&deleted_item::RULE, old, "/id")
                .message(format!(
                    "{} proposal {id} was deleted (shown in the base version)",
                    status.as_str()
                ))
                .label("deleted in this change")
                .help(format!(
                    "keep the file and set `status: withdrawn`: the record of what was agreed for {id} and why it was dropped stays"
                )),
        );
    }
}

/// `deleted-item` for the roster: the head has no Roster document where the
/// base had one (deleted, or moved out of the include globs). The base
/// roster then stands in for it ([`crate::check::find`]), and this says why.
fn deleted_roster(change: &Change<'_>, out: &mut Vec<Diagnostic>) {
    let (Some(_), Some(old)) = (&change.base.roster, change.base.roster_file()) else { return };
    let head_has_one = change.head.files.iter().any(|f| f.kind == Some(SchemaKind::Roster))
        || change.successor(old).is_some_and(|f| f.doc.is_none());
    if head_has_one {
        return;
    }
    out.push(
        at(&deleted_item::RULE, old, "/kind")
            .message(format!(
                "the roster {} was deleted or moved out of the include globs (shown in the base version)",
                old.path
            ))
            .label("deleted in this change")
            .help(
                "keep the roster where the include globs find it: people and teams leave by editing it; \
                 until then its base version stands in, so every roster rule still applies",
            ),
    );
}

/// `deleted-item` for roadmap items: a committed item id gone from the head,
/// unless its proposal is withdrawn or rejected on the head side. Roadmaps
/// that no longer parse are left to `yaml-syntax`.
fn deleted_items(change: &Change<'_>, out: &mut Vec<Diagnostic>) {
    let remaining: HashSet<&str> = change.head.items.iter().filter_map(|i| i.id.as_deref()).collect();
    for item in &change.base.items {
        let Some(id) = item.id.as_deref() else { continue };
        if item.commitment != Some(Commitment::Committed) || remaining.contains(id) {
            continue;
        }
        let roadmap = &change.base.files[item.file];
        if change.successor(roadmap).is_some_and(|f| f.doc.is_none()) {
            continue;
        }
        if let Some(reason) = removal_refused(change.head, item) {
            out.push(removed_item(change.base, item, id, reason));
        }
    }
}

/// Why removing a committed item is refused, as (what is wrong, how to fix
/// it); `None` when its proposal is withdrawn or rejected on the head, or
/// when the proposal cannot be read there (left to `schema`/`yaml-syntax`,
/// as item rules do).
fn removal_refused(head: &Workspace, item: &Item) -> Option<(String, String)> {
    let Some(p) = item.proposal.as_deref() else {
        return Some((
            "it names no proposal".to_owned(),
            "keep the item; a commitment ends by withdrawing or rejecting its proposal".to_owned(),
        ));
    };
    let Some(proposal) = head.proposal(p) else {
        return (!head.knows_proposal(p)).then(|| {
            (
                format!("its proposal {p} is gone too"),
                format!("keep the item, and keep {p} with `status: withdrawn` if the work is dropped"),
            )
        });
    };
    let status = proposal.status().filter(|s| !s.is_closed())?;
    Some((
        format!("its proposal {p} is still `{}`", status.as_str()),
        format!("keep the item, or set `status: withdrawn` (or `rejected`) on {p} in the same change"),
    ))
}

fn removed_item(base: &Workspace, item: &Item, id: &str, (why, help): (String, String)) -> Diagnostic {
    at_item(&deleted_item::RULE, base, item)
        .message(format!("committed roadmap item {id} was removed (shown in the base version); {why}"))
        .label("removed in this change")
        .help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifecycle_steps() {
        assert!(allowed(Status::Draft, Status::Proposed));
        assert!(allowed(Status::Shipped, Status::Shipped));
        assert!(allowed(Status::Withdrawn, Status::Draft));
        assert!(!allowed(Status::Draft, Status::Shipped));
        assert!(!allowed(Status::Shipped, Status::Withdrawn));
        assert!(!allowed(Status::Rejected, Status::Proposed));
    }
}
