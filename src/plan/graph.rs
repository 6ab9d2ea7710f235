//! The dependency graph: proposals grouped by the quarter of their earliest
//! roadmap item, their `depends_on` edges, and what is wrong with them —
//! the cycles `dependency-cycle` reports and the edges `schedule-order`
//! reports, both read from the model's analysis the rules read.

use super::facts;
use super::model::{Dependencies, DependencyEdge, Node, QuarterGroup};
use crate::model::Workspace;
use std::collections::{BTreeMap, HashMap, HashSet};

pub fn dependencies(ws: &Workspace, quarters: &HashMap<&str, &str>) -> Dependencies {
    let graph = ws.dependencies();
    let file = |node: usize| &ws.files[graph.nodes[node]];
    let id = |node: usize| file(node).id().unwrap_or_default();
    let quarter_of = |node: usize| quarters.get(id(node)).copied();
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    let mut edges = Vec::new();
    for (from, out) in graph.edges.iter().enumerate() {
        for edge in out.iter().filter(|e| seen.insert((from, e.to))) {
            let cycle = graph.in_cycle(from, edge.to);
            let reversed = matches!((quarter_of(from), quarter_of(edge.to)), (Some(a), Some(b)) if a < b);
            edges.push(DependencyEdge {
                proposal: id(from).to_owned(),
                depends_on: id(edge.to).to_owned(),
                cycle,
                schedule_conflict: reversed && !cycle,
            });
        }
    }
    let cycles: Vec<Vec<String>> =
        graph.cycles().into_iter().map(|members| members.into_iter().map(|m| id(m).to_owned()).collect()).collect();
    let in_cycle: HashSet<usize> = graph.cycles().into_iter().flatten().collect();
    let proposals: Vec<(usize, &crate::model::File)> = (0..graph.nodes.len()).map(|n| (n, file(n))).collect();

    let mut groups: BTreeMap<Option<&str>, Vec<Node>> = BTreeMap::new();
    for &(node, file) in &proposals {
        groups.entry(quarter_of(node)).or_default().push(Node {
            id: id(node).to_owned(),
            title: facts::title(file),
            status: facts::status(file),
            in_cycle: in_cycle.contains(&node),
        });
    }
    // `None` sorts first in a BTreeMap; the unscheduled group goes last.
    let unscheduled = groups.remove(&None);
    let mut groups: Vec<QuarterGroup> = groups
        .into_iter()
        .map(|(quarter, proposals)| QuarterGroup { quarter: quarter.map(str::to_owned), proposals })
        .collect();
    if let Some(proposals) = unscheduled {
        groups.push(QuarterGroup { quarter: None, proposals });
    }
    Dependencies { groups, edges, cycles }
}
