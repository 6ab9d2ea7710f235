use super::{at_item, item_name, item_span};
use crate::check::registry::Check;
use crate::check::schema::SchemaKind;
use crate::diagnostic::Diagnostic;
use crate::model::{Item, Workspace};
use serde_json::Value;
use std::collections::HashMap;

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
    // Each proposal's earliest item; the first in file order wins a tie.
    let mut earliest: HashMap<&str, &Item> = HashMap::new();
    for item in &ws.items {
        let (Some(proposal), Some(quarter)) = (item.proposal.as_deref(), item.quarter.as_deref()) else { continue };
        let entry = earliest.entry(proposal).or_insert(item);
        if quarter < entry.quarter.as_deref().unwrap_or_default() {
            *entry = item;
        }
    }
    for (_, file) in ws.of_kind(SchemaKind::Proposal) {
        let Some(id) = file.id() else { continue };
        if ws.proposals.get(id).map(|&i| &ws.files[i].path) != Some(&file.path) {
            continue; // a duplicate id: duplicate-id reports it
        }
        let Some(&item) = earliest.get(id) else { continue };
        let quarter = item.quarter.as_deref().unwrap_or_default();
        let count = file.get("/depends_on").and_then(Value::as_array).map_or(0, Vec::len);
        for i in 0..count {
            let Some(dependency) = file.text_at(&format!("/depends_on/{i}")) else { continue };
            let Some(&other) = earliest.get(dependency) else { continue };
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
