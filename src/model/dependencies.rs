//! The dependency graph and the schedule: what `dependency-cycle` and
//! `schedule-order` check and the report draws. Computed once per workspace
//! ([`super::Workspace::dependencies`], [`super::Workspace::earliest`]).
//!
//! Only references that resolve take part: a `depends_on` entry naming no
//! proposal, and an item whose proposal does not resolve, are
//! `unresolved-reference`'s to report.

use super::Workspace;
use super::graph;
use std::collections::{BTreeMap, HashMap};

/// One `depends_on` entry that resolves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// The node depended on.
    pub to: usize,
    /// `/depends_on/N` in the depending proposal.
    pub pointer: String,
}

/// Proposals and their dependencies.
#[derive(Debug, Clone, Default)]
pub struct Dependencies {
    /// The proposal files that own their id (its first occurrence in path
    /// order), in path order, as indexes into [`Workspace::files`].
    pub nodes: Vec<usize>,
    /// Each node's resolving dependencies, in list order.
    pub edges: Vec<Vec<Edge>>,
    /// Each node's strongly connected component.
    component: Vec<usize>,
    /// File index → node index.
    node_of: HashMap<usize, usize>,
}

impl Dependencies {
    pub fn of(ws: &Workspace) -> Dependencies {
        let mut nodes: Vec<usize> = ws.proposals.values().copied().collect();
        nodes.sort_unstable();
        let node_of: HashMap<usize, usize> = nodes.iter().enumerate().map(|(node, &file)| (file, node)).collect();
        let edges: Vec<Vec<Edge>> = nodes
            .iter()
            .map(|&index| {
                let file = &ws.files[index];
                file.elements("/depends_on")
                    .filter_map(|pointer| {
                        let target = file.text_at(&pointer)?;
                        let to = *node_of.get(ws.proposals.get(target)?)?;
                        Some(Edge { to, pointer })
                    })
                    .collect()
            })
            .collect();
        let adjacency: Vec<Vec<usize>> = edges.iter().map(|out| out.iter().map(|e| e.to).collect()).collect();
        let component = graph::components(&adjacency);
        Dependencies { nodes, edges, component, node_of }
    }

    /// The node of a proposal file, when it owns its id.
    pub fn node_of(&self, file: usize) -> Option<usize> {
        self.node_of.get(&file).copied()
    }

    /// Whether the edge `from → to` lies inside a dependency cycle.
    pub fn in_cycle(&self, from: usize, to: usize) -> bool {
        self.component[from] == self.component[to]
    }

    /// Every cycle: a strongly connected group of more than one node, or a
    /// node that depends on itself; members in node (path) order, groups in
    /// the order of their first member.
    pub fn cycles(&self) -> Vec<Vec<usize>> {
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (node, &component) in self.component.iter().enumerate() {
            groups.entry(component).or_default().push(node);
        }
        let mut cycles: Vec<Vec<usize>> = groups
            .into_values()
            .filter(|members| members.len() > 1 || self.edges[members[0]].iter().any(|e| e.to == members[0]))
            .collect();
        cycles.sort_by_key(|members| members[0]);
        cycles
    }
}

/// Each proposal's earliest roadmap item (the first in item order when two
/// share a quarter), as an index into [`Workspace::items`], by proposal id.
pub fn earliest(ws: &Workspace) -> HashMap<String, usize> {
    let mut earliest: HashMap<String, usize> = HashMap::new();
    for (index, item) in ws.items.iter().enumerate() {
        let (Some(id), Some(quarter)) = (item.proposal.as_deref(), item.quarter.as_deref()) else { continue };
        if ws.proposal(id).is_none() {
            continue;
        }
        match earliest.get(id) {
            Some(&known) if ws.items[known].quarter.as_deref().unwrap_or_default() <= quarter => {}
            _ => {
                earliest.insert(id.to_owned(), index);
            }
        }
    }
    earliest
}
