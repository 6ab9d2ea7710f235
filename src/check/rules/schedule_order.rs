use super::{at_item, item_name, item_span};
use crate::check::registry::Check;
use crate::diagnostic::Diagnostic;
use crate::model::Workspace;

crate::declare_rule! {
    /// ## What it does
    /// Checks that no proposal is scheduled earlier than a proposal it
    /// depends on. Each proposal's earliest roadmap item is compared with the
    /// earliest item of each dependency; the same quarter is allowed. Points
    /// at the earlier item and names both quarters.
    ///
    /// ## Why it matters
    /// Engineering cannot build on something that does not exist yet. A
    /// roadmap that schedules the dependent work first promises a date the
    /// team cannot meet.
    ///
    /// ## Example
    /// ```yaml
    /// - id: R-301
    ///   proposal: P-0011    # depends_on: [P-0010]
    ///   quarter: 2027-Q1
    /// - id: R-302
    ///   proposal: P-0010
    ///   quarter: 2027-Q2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - id: R-302
    ///   proposal: P-0010
    ///   quarter: 2027-Q1
    /// - id: R-301
    ///   proposal: P-0011
    ///   quarter: 2027-Q2
    /// ```
    id: "schedule-order",
    severity: Error,
    summary: "no item is scheduled in an earlier quarter than an item of a proposal it depends on",
    check: Check::Workspace(check),
}

fn check(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let graph = ws.dependencies();
    let earliest = ws.earliest();
    for (node, edges) in graph.edges.iter().enumerate() {
        let file = &ws.files[graph.nodes[node]];
        // Item rules skip items whose proposal has an invalid status.
        let (Some(id), Some(_)) = (file.id(), file.status()) else { continue };
        let Some(&item) = earliest.get(id) else { continue };
        let item = &ws.items[item];
        let quarter = item.quarter.as_deref().unwrap_or_default();
        for edge in edges {
            // A cycle cannot be scheduled in any order: `dependency-cycle` says so.
            if graph.in_cycle(node, edge.to) {
                continue;
            }
            let depended = &ws.files[graph.nodes[edge.to]];
            let (Some(dependency), Some(_)) = (depended.id(), depended.status()) else { continue };
            let Some(&other) = earliest.get(dependency) else { continue };
            let other = &ws.items[other];
            let other_quarter = other.quarter.as_deref().unwrap_or_default();
            if quarter >= other_quarter {
                continue;
            }
            let other_file = &ws.files[other.file];
            out.push(
                at_item(&RULE, ws, item)
                    .message(format!(
                        "{} schedules {id} in {quarter}, before {dependency}, which it depends on, in {other_quarter}",
                        item_name(ws, item)
                    ))
                    .label(format!("{quarter} is before {other_quarter}"))
                    .help(format!("move this item to {other_quarter} or later, or schedule {dependency} earlier"))
                    .related(
                        &other_file.path,
                        item_span(other_file, other),
                        format!("{dependency} is first scheduled in {other_quarter}"),
                    ),
            );
        }
    }
}
