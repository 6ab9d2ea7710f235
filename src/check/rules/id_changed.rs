use super::at;
use crate::check::registry::{Check, Findings};
use crate::model::SchemaKind;
use crate::model::change::Change;

crate::declare_rule! {
    /// ## What it does
    /// Base mode only. Checks that a proposal file keeps its id: the same path
    /// on both sides, or a rename that git's default rename detection finds,
    /// must carry the same `id`. Reported instead of `deleted-item` for the old
    /// id. Points at the head's `id`.
    ///
    /// ## Why it matters
    /// Roadmaps, other proposals, tickets and conversations refer to a
    /// proposal by id. Changing it silently breaks every one of those links.
    ///
    /// ## Example
    /// ```yaml
    /// id: P-0043   # was: P-0042
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// id: P-0042   # keep the id; write a new proposal for a new idea
    /// ```
    id: "id-changed",
    severity: Error,
    summary: "base mode: a proposal file's id did not change",
    check: Check::Transition(check),
}

/// `id-changed`: a proposal file on both sides (by path or git's rename)
/// whose id differs. Broken or unreadable ids are left to `schema`.
fn check(change: &Change<'_>, out: &mut Findings) {
    for (old_id, old) in change.base.proposal_files() {
        let Some(new) = change.successor(old).filter(|f| f.kind == Some(SchemaKind::Proposal)) else {
            continue;
        };
        let Some(new_id) = new.text_at("/id") else { continue };
        if new_id != old_id {
            out.head.push(
                at(&RULE, new, "/id")
                    .message(format!("this proposal's id changed from {old_id} to {new_id}"))
                    .label(format!("was {old_id}"))
                    .help(format!(
                        "keep `id: {old_id}`: roadmaps, proposals and links refer to it; for a new idea, add a new proposal file"
                    )),
            );
        }
    }
}

