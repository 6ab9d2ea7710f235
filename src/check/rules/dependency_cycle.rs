use super::at;
use crate::check::registry::Check;
use crate::diagnostic::Diagnostic;
use crate::model::Workspace;
use crate::model::dependencies::Edge;

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

fn check(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let graph = ws.dependencies();
    let file = |node: usize| &ws.files[graph.nodes[node]];
    let id = |node: usize| file(node).id().unwrap_or("?");
    for members in graph.cycles() {
        let first = members[0];
        let inside = |e: &&Edge| members.contains(&e.to);
        let Some(first_edge) = graph.edges[first].iter().find(inside) else { continue };
        let ids: Vec<&str> = members.iter().map(|&m| id(m)).collect();
        let message = if members.len() == 1 {
            format!("proposal {} depends on itself", ids.join(""))
        } else {
            format!("proposals {} depend on each other in a cycle", ids.join(", "))
        };
        let mut d = at(&RULE, file(first), &first_edge.pointer)
            .message(message)
            .label(format!("depends on {}", id(first_edge.to)))
            .help("break the cycle: remove the dependency that points backwards, or merge the proposals");
        for &member in &members {
            let from = file(member);
            for edge in graph.edges[member].iter().filter(inside) {
                if member == first && edge.pointer == first_edge.pointer {
                    continue;
                }
                d = d.related(
                    &from.path,
                    from.span(&edge.pointer),
                    format!("{} depends on {}", id(member), id(edge.to)),
                );
            }
        }
        out.push(d);
    }
}
