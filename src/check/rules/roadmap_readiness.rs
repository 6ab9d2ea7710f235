use super::{at_item, item_name};
use crate::check::registry::Check;
use crate::diagnostic::Diagnostic;
use crate::model::{Commitment, Status, Workspace};

crate::declare_rule! {
    /// ## What it does
    /// Checks that a `committed` roadmap item's proposal is `accepted`,
    /// `in-progress` or `shipped`, and that no item (whatever its commitment)
    /// points at a `rejected` or `withdrawn` proposal. Points at the item.
    ///
    /// ## Why it matters
    /// A commitment is a promise to customers and other teams. Committing to an
    /// idea that product and engineering have not yet agreed on — or that was
    /// dropped — promises work nobody has signed up for.
    ///
    /// ## Example
    /// ```yaml
    /// items:
    ///   - id: R-101
    ///     proposal: P-0042     # status: proposed
    ///     commitment: committed
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// items:
    ///   - id: R-101
    ///     proposal: P-0042     # status: proposed
    ///     commitment: planned  # commit once the proposal is accepted
    /// ```
    id: "roadmap-readiness",
    severity: Error,
    summary: "committed items have an accepted, in-progress or shipped proposal; none points at a rejected or withdrawn one",
    check: Check::Workspace(check),
}

fn check(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for item in &ws.items {
        let Some(proposal_id) = item.proposal.as_deref() else { continue };
        let Some(proposal) = ws.proposal(proposal_id) else { continue };
        let Some(status) = proposal.status() else { continue };
        let name = item_name(ws, item);
        let related = |d: Diagnostic| {
            d.related(&proposal.path, proposal.span("/status"), format!("{proposal_id} is {}", status.as_str()))
        };
        if status.is_closed() {
            out.push(related(
                at_item(&RULE, ws, item)
                    .message(format!("{name} schedules {proposal_id}, which is {}", status.as_str()))
                    .label(format!("{proposal_id} is {}", status.as_str()))
                    .help("remove the item from the roadmap, or reopen the proposal (status: draft)"),
            ));
        } else if item.commitment == Some(Commitment::Committed) && !status.at_least(Status::Accepted) {
            out.push(related(
                at_item(&RULE, ws, item)
                    .message(format!("{name} is committed, but its proposal {proposal_id} is only {}", status.as_str()))
                    .label("committed too early")
                    .help(format!(
                        "accept {proposal_id} first (status: accepted), or make the item `planned` until it is"
                    )),
            ));
        }
    }
}
