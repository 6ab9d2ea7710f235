use super::{at, at_item};
use crate::check::registry::{Check, Findings};
use crate::diagnostic::Diagnostic;
use crate::model::change::Change;
use crate::model::{Commitment, File, Item, SchemaKind, Status, Workspace};
use std::collections::HashSet;

crate::declare_rule! {
    /// ## What it does
    /// Base mode only. Checks that an `accepted`, `in-progress` or `shipped`
    /// proposal is not deleted (set `status: withdrawn` instead), that a
    /// `committed` roadmap item is removed only when its proposal is withdrawn
    /// or rejected on the head side, and that the roster is not deleted or
    /// moved out of the include globs (renamed to `roster.YAML`, say); the
    /// base roster then stands in for it, so no roster rule is skipped.
    /// Moving a file (`P-1.yaml` to `archive/P-1.yaml`) is not a deletion; an
    /// id that survives only as the raw `id:` of a file that does not parse
    /// is. Points at the line in the base version.
    ///
    /// ## Why it matters
    /// Agreed work and commitments do not disappear quietly: withdrawing keeps
    /// the record of what was promised and why it was dropped.
    ///
    /// ## Example
    /// ```text
    /// git rm roadmap/proposals/P-0042-offline-mode.yaml   # status: accepted
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// status: withdrawn
    /// ```
    id: "deleted-item",
    severity: Error,
    summary: "base mode: accepted work is withdrawn, not deleted; committed items go only with their proposal; the roster stays",
    check: Check::Transition(check),
}

/// Deletions point into the base version, which no head waiver covers.
fn check(change: &Change<'_>, out: &mut Findings) {
    deleted_proposals(change, &mut out.base);
    deleted_items(change, &mut out.base);
    deleted_roster(change, &mut out.base);
}

/// Whether the head still has a base file as a proposal (possibly renamed,
/// possibly one that no longer parses): then its id did not go away, it
/// changed (`id-changed`) or cannot be read (`yaml-syntax`, `schema`).
fn still_a_proposal(change: &Change<'_>, old: &File) -> bool {
    change
        .successor(old)
        .is_some_and(|new| !new.is_parsed() || !matches!(new.kind, Some(kind) if kind != SchemaKind::Proposal))
}

/// `deleted-item` for proposals: agreed work (accepted, in progress or
/// shipped) whose id is gone from the head. Points into the base version.
fn deleted_proposals(change: &Change<'_>, out: &mut Vec<Diagnostic>) {
    for (id, old) in change.base.proposal_files() {
        let Some(status) = old.status().filter(|s| s.at_least(Status::Accepted)) else {
            continue;
        };
        // A raw `id:` in a head file that does not parse does not keep a
        // proposal alive: only the base file's own successor does.
        if change.head.proposal(id).is_some() || still_a_proposal(change, old) {
            continue;
        }
        out.push(
            at(&RULE, old, "/id")
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
        || change.successor(old).is_some_and(|f| !f.is_parsed());
    if head_has_one {
        return;
    }
    out.push(
        at(&RULE, old, "/kind")
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
        if change.successor(roadmap).is_some_and(|f| !f.is_parsed()) {
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
    at_item(&RULE, base, item)
        .message(format!("committed roadmap item {id} was removed (shown in the base version); {why}"))
        .label("removed in this change")
        .help(help)
}

