use super::{at, at_item, item_span};
use crate::check::registry::Check;
use crate::diagnostic::Diagnostic;
use crate::model::SchemaKind;
use crate::model::Workspace;
use std::collections::HashMap;

crate::declare_rule! {
    /// ## What it does
    /// Checks that proposal ids, roadmap-item ids and roadmap ids are each
    /// unique across the repository, and that there is at most one Roster.
    /// Each later occurrence (in path order) gets one diagnostic, with a label
    /// on the first.
    ///
    /// ## Why it matters
    /// Roadmap items, dependencies and reviews refer to proposals by id. Two
    /// proposals with one id make every such reference ambiguous, and capacity
    /// and dependency checks would count the wrong one.
    ///
    /// ## Example
    /// ```yaml
    /// # roadmap/proposals/P-0042-offline-mode.yaml
    /// id: P-0042
    /// # roadmap/proposals/P-0042-route-planning.yaml
    /// id: P-0042
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # roadmap/proposals/P-0043-route-planning.yaml
    /// id: P-0043
    /// ```
    id: "duplicate-id",
    severity: Error,
    summary: "proposal, roadmap-item and roadmap ids are unique; at most one Roster",
    check: Check::Workspace(check),
}

fn check(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for (kind, noun) in [(SchemaKind::Proposal, "proposal"), (SchemaKind::Roadmap, "roadmap")] {
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (index, file) in ws.of_kind(kind) {
            let Some(id) = file.text_at("/id") else { continue };
            match first.get(id) {
                None => {
                    first.insert(id, index);
                }
                Some(&original) => {
                    let original = &ws.files[original];
                    out.push(
                        at(&RULE, file, "/id")
                            .message(format!("{noun} id {id} is already used by {}", original.path))
                            .label("duplicate id")
                            .help(format!("give this {noun} an id no other {noun} uses"))
                            .related(&original.path, original.span("/id"), "first used here"),
                    );
                }
            }
        }
    }
    let mut first_item: HashMap<&str, usize> = HashMap::new();
    for (index, item) in ws.items.iter().enumerate() {
        let Some(id) = item.id.as_deref() else { continue };
        match first_item.get(id) {
            None => {
                first_item.insert(id, index);
            }
            Some(&original) => {
                let original = &ws.items[original];
                let original_file = &ws.files[original.file];
                out.push(
                    at_item(&RULE, ws, item)
                        .message(format!("roadmap item id {id} is already used in {}", original_file.path))
                        .label("duplicate id")
                        .help("give this item an id no other roadmap item uses")
                        .related(&original_file.path, item_span(original_file, original), "first used here"),
                );
            }
        }
    }
    let mut rosters = ws.of_kind(SchemaKind::Roster);
    if let Some((_, first)) = rosters.next() {
        for (_, file) in rosters {
            out.push(
                at(&RULE, file, "/kind")
                    .message(format!("a second Roster; the repository's roster is {}", first.path))
                    .label("second roster")
                    .help("keep every person and team in one Roster document")
                    .related(&first.path, first.span("/kind"), "the roster in use"),
            );
        }
    }
}
