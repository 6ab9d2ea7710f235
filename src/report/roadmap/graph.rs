//! The dependency graph: proposals grouped by the quarter of their earliest
//! roadmap item, their `depends_on` edges, and what is wrong with them —
//! cycles (as `dependency-cycle` sees them: strongly connected groups, a
//! self-dependency included) and edges scheduled the wrong way round (as
//! `schedule-order` sees them: by earliest item, the same quarter allowed).

use super::facts;
use super::model::{Dependencies, DependencyEdge, Node, QuarterGroup};
use crate::model::Workspace;
use crate::model::graph::components;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

pub fn dependencies(ws: &Workspace, quarters: &HashMap<&str, &str>) -> Dependencies {
    let proposals = facts::proposals(ws);
    let index: HashMap<&str, usize> = proposals.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect();
    // (from, to): `from` depends on `to`, in path order then list order.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    for (from, (_, file)) in proposals.iter().enumerate() {
        let count = file.get("/depends_on").and_then(Value::as_array).map_or(0, Vec::len);
        for i in 0..count {
            let Some(target) = file.text_at(&format!("/depends_on/{i}")) else {
                continue;
            };
            if let Some(&to) = index.get(target)
                && seen.insert((from, to))
            {
                pairs.push((from, to));
            }
        }
    }
    let mut adjacency = vec![Vec::new(); proposals.len()];
    for &(from, to) in &pairs {
        adjacency[from].push(to);
    }
    let component = components(&adjacency);
    // A component is a cycle when it has several members or a self-loop.
    let mut size = vec![0usize; proposals.len()];
    for &c in &component {
        size[c] += 1;
    }
    let in_cycle: Vec<bool> =
        (0..proposals.len()).map(|i| size[component[i]] > 1 || adjacency[i].contains(&i)).collect();

    let quarter_of = |i: usize| quarters.get(proposals[i].0).copied();
    let edges = pairs
        .iter()
        .map(|&(from, to)| DependencyEdge {
            proposal: proposals[from].0.to_owned(),
            depends_on: proposals[to].0.to_owned(),
            cycle: in_cycle[from] && component[from] == component[to],
            schedule_conflict: matches!((quarter_of(from), quarter_of(to)), (Some(a), Some(b)) if a < b),
        })
        .collect();

    let mut cycles: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (i, (id, _)) in proposals.iter().enumerate() {
        if in_cycle[i] {
            cycles.entry(component[i]).or_default().push((*id).to_owned());
        }
    }
    // Members are in path order; order the cycles by their first member.
    let mut cycles: Vec<Vec<String>> = cycles.into_values().collect();
    cycles.sort_by_key(|members| members.first().and_then(|m| index.get(m.as_str())).copied());

    let mut groups: BTreeMap<Option<&str>, Vec<Node>> = BTreeMap::new();
    for (i, (id, file)) in proposals.iter().enumerate() {
        groups.entry(quarter_of(i)).or_default().push(Node {
            id: (*id).to_owned(),
            title: facts::title(file),
            status: facts::status(file),
            in_cycle: in_cycle[i],
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
