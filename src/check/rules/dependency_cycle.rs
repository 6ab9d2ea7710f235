use super::at;
use crate::check::registry::Check;
use crate::diagnostic::Diagnostic;
use crate::model::{Workspace, graph};
use serde_json::Value;
use std::collections::HashMap;

crate::declare_rule! {
    /// ## What it does
    /// Checks that `depends_on` has no cycle. Each strongly connected group of
    /// proposals gets one diagnostic, on its first proposal in path order, with
    /// a label on every dependency edge inside the group. A proposal that
    /// depends on itself is a cycle too.
    ///
    /// ## Why it matters
    /// A cycle cannot be scheduled: every proposal in it waits for another, so
    /// none can start. It usually means two ideas are really one, or one
    /// dependency is backwards.
    ///
    /// ## Example
    /// ```yaml
    /// # P-0018
    /// depends_on: [P-0019]
    /// # P-0019
    /// depends_on: [P-0018]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # P-0018
    /// depends_on: [P-0019]
    /// # P-0019 — no dependency back on P-0018
    /// ```
    id: "dependency-cycle",
    severity: Error,
    summary: "depends_on has no cycle",
    check: Check::Workspace(check),
}

/// A dependency edge: from a proposal file to another, through one `depends_on` entry.
struct Edge {
    to: usize,
    pointer: String,
}

fn check(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    // Nodes are proposal files that own their id (first occurrence).
    let nodes: Vec<usize> = {
        let mut n: Vec<usize> = ws.proposals.values().copied().collect();
        n.sort_unstable();
        n
    };
    let position: HashMap<usize, usize> = nodes.iter().enumerate().map(|(i, &f)| (f, i)).collect();
    let edges: Vec<Vec<Edge>> = nodes
        .iter()
        .map(|&f| {
            let file = &ws.files[f];
            let count = file.get("/depends_on").and_then(Value::as_array).map_or(0, Vec::len);
            (0..count)
                .filter_map(|i| {
                    let pointer = format!("/depends_on/{i}");
                    let target = file.text_at(&pointer)?;
                    let to = *position.get(ws.proposals.get(target)?)?;
                    Some(Edge { to, pointer })
                })
                .collect()
        })
        .collect();
    for group in strongly_connected(&edges) {
        let cyclic = group.len() > 1 || edges[group[0]].iter().any(|e| e.to == group[0]);
        if !cyclic {
            continue;
        }
        let mut members = group.clone();
        members.sort_unstable(); // node order is path order
        let first = members[0];
        let file = &ws.files[nodes[first]];
        let ids: Vec<&str> = members.iter().filter_map(|&m| ws.files[nodes[m]].id()).collect();
        let inside = |e: &Edge| members.contains(&e.to);
        let Some(first_edge) = edges[first].iter().find(|e| inside(e)) else { continue };
        let message = if members.len() == 1 {
            format!("proposal {} depends on itself", ids.join(""))
        } else {
            format!("proposals {} depend on each other in a cycle", ids.join(", "))
        };
        let mut d = at(&RULE, file, &first_edge.pointer)
            .message(message)
            .label(format!("depends on {}", ws.files[nodes[first_edge.to]].id().unwrap_or("?")))
            .help("break the cycle: remove the dependency that points backwards, or merge the proposals");
        for &member in &members {
            let from = &ws.files[nodes[member]];
            for edge in edges[member].iter().filter(|e| inside(e)) {
                if member == first && edge.pointer == first_edge.pointer {
                    continue;
                }
                let target = ws.files[nodes[edge.to]].id().unwrap_or("?");
                d = d.related(
                    &from.path,
                    from.span(&edge.pointer),
                    format!("{} depends on {target}", from.id().unwrap_or("?")),
                );
            }
        }
        out.push(d);
    }
}

/// The strongly connected groups of the dependency graph, members in node order.
fn strongly_connected(edges: &[Vec<Edge>]) -> Vec<Vec<usize>> {
    let adjacency: Vec<Vec<usize>> = edges.iter().map(|out| out.iter().map(|e| e.to).collect()).collect();
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (node, component) in graph::components(&adjacency).into_iter().enumerate() {
        groups.entry(component).or_default().push(node);
    }
    groups.into_values().collect()
}
