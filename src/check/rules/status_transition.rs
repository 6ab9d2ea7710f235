use super::at;
use crate::check::registry::{Check, Findings};
use crate::diagnostic::Diagnostic;
use crate::model::change::Change;
use crate::model::{File, SchemaKind, Status};

crate::declare_rule! {
    /// ## What it does
    /// Base mode only (`--base REV`). Checks that each proposal's status moved
    /// along an allowed edge between the merge base and the head:
    /// draft→proposed, draft→withdrawn, proposed→draft, proposed→accepted,
    /// proposed→rejected, proposed→withdrawn, accepted→in-progress,
    /// accepted→withdrawn, in-progress→accepted, in-progress→shipped,
    /// in-progress→withdrawn, rejected→draft, withdrawn→draft. Unchanged is
    /// allowed. A proposal new in the change must start as `draft` or
    /// `proposed`. Points at the head's `status`.
    ///
    /// ## Why it matters
    /// The lifecycle is how product and engineering agree: a proposal that
    /// jumps from draft to shipped skipped the review where owners, estimate
    /// and telemetry were agreed.
    ///
    /// ## Example
    /// ```yaml
    /// status: accepted   # was: draft
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// status: proposed   # draft → proposed; accept it in a later change
    /// ```
    id: "status-transition",
    severity: Error,
    summary: "base mode: status moves along an allowed edge; new proposals start as draft or proposed",
    check: Check::Transition(check),
}

/// The lifecycle's allowed steps (docs/semantics.md); staying put is allowed too.
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

/// Whether the lifecycle lets a proposal go from `from` to `to` in one change.
pub fn allowed(from: Status, to: Status) -> bool {
    from == to || ALLOWED.contains(&(from, to))
}

/// `status-transition`: every head proposal against its base version — the
/// same id, or for a file whose id changed, the file's own base version.
fn check(change: &Change<'_>, out: &mut Findings) {
    for (id, file) in change.head.proposal_files() {
        let Some(to) = file.status() else { continue };
        let before = change
            .base
            .proposal(id)
            .or_else(|| change.predecessor(file).filter(|old| old.kind == Some(SchemaKind::Proposal)));
        match before {
            Some(old) => match old.status() {
                Some(from) if !allowed(from, to) => out.head.push(refused_step(file, id, from, to)),
                _ => {}
            },
            None if !INITIAL.contains(&to) => out.head.push(bad_start(file, id, to)),
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
    at(&RULE, file, "/status")
        .message(format!("{id} moved from `{}` to `{}`, which is not an allowed step", from.as_str(), to.as_str()))
        .label(format!("was `{}`", from.as_str()))
        .help(help)
}

fn bad_start(file: &File, id: &str, to: Status) -> Diagnostic {
    at(&RULE, file, "/status")
        .message(format!("{id} is new and starts as `{}`; a new proposal starts as `draft` or `proposed`", to.as_str()))
        .label("a new proposal cannot start here")
        .help("set `status: proposed` (or `draft`) and move it on in later changes, as it is reviewed")
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
