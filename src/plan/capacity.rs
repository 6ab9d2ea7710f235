//! Load per team and quarter, as the `capacity` rule counts it: the
//! model's [`crate::model::load`] says which items count and for how much;
//! every item of a team's quarter is listed, those that do not count (an
//! exploring item, a rejected or withdrawn proposal, one that does not
//! resolve) marked so.

use super::facts;
use super::model::{Capacity, LoadItem, LoadState, QuarterLoad, TeamLoad};
use crate::model::load::exceeds;
use crate::model::{Commitment, Workspace};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Every team's load, teams in roster order, quarters in date order.
pub fn capacity(ws: &Workspace) -> Capacity {
    let counted: HashSet<usize> = ws.loads().values().flat_map(|load| load.items.iter().map(|c| c.item)).collect();
    let mut cells: BTreeMap<(String, String), Vec<LoadItem>> = BTreeMap::new();
    for (index, item) in ws.items.iter().enumerate() {
        let (Some(team), Some(quarter), Some(proposal)) = (&item.team, &item.quarter, &item.proposal) else {
            continue;
        };
        let file = ws.proposal(proposal);
        cells.entry((team.clone(), quarter.clone())).or_default().push(LoadItem {
            item: item.id.clone(),
            proposal: proposal.clone(),
            title: file.and_then(facts::title),
            commitment: item.commitment,
            effort: file.and_then(facts::effort).unwrap_or(0.0),
            counted: counted.contains(&index),
        });
    }

    let roster_teams = facts::team_order(ws);
    let mut teams: Vec<String> = roster_teams.clone();
    let named: BTreeSet<&String> = cells.keys().map(|(team, _)| team).collect();
    teams.extend(named.into_iter().filter(|t| !roster_teams.contains(t)).cloned());

    let teams = teams
        .into_iter()
        .map(|team| {
            let capacities = ws.roster.as_ref().and_then(|r| r.teams.get(&team)).map(|t| &t.capacity);
            let mut quarters: BTreeSet<String> = capacities.into_iter().flat_map(|c| c.keys().cloned()).collect();
            quarters.extend(cells.keys().filter(|(t, _)| *t == team).map(|(_, q)| q.clone()));
            let quarters = quarters
                .into_iter()
                .map(|quarter| {
                    let capacity = capacities.and_then(|c| c.get(&quarter)).map(|(n, _)| *n);
                    let items = cells.remove(&(team.clone(), quarter.clone())).unwrap_or_default();
                    quarter_load(quarter, capacity, items)
                })
                .collect();
            TeamLoad { name: facts::team_name(ws, &team), id: team, quarters }
        })
        .collect();
    Capacity { roster: ws.roster.is_some(), teams }
}

fn quarter_load(quarter: String, capacity: Option<f64>, items: Vec<LoadItem>) -> QuarterLoad {
    let sum = |commitment: Commitment| {
        items
            .iter()
            .filter(|i| i.counted && i.commitment == Some(commitment))
            .map(|i| i.effort)
            // Not `sum`: an empty f64 sum is -0, which would print as such.
            .fold(0.0, |a, b| a + b)
    };
    let committed = sum(Commitment::Committed);
    let planned = sum(Commitment::Planned);
    QuarterLoad { state: state(capacity, committed, committed + planned), quarter, capacity, committed, planned, items }
}

/// The capacity rule's verdict: an error when committed work alone is
/// over, a warning when only committed + planned is.
pub fn state(capacity: Option<f64>, committed: f64, total: f64) -> LoadState {
    match capacity {
        None => LoadState::Unchecked,
        Some(c) if exceeds(committed, c) => LoadState::OverCommitted,
        Some(c) if exceeds(total, c) => LoadState::OverPlanned,
        Some(_) => LoadState::Fits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reaching_capacity_exactly_fits() {
        assert_eq!(state(Some(10.0), 10.0, 10.0), LoadState::Fits);
        assert_eq!(state(Some(10.0), 6.0, 12.0), LoadState::OverPlanned);
        assert_eq!(state(Some(10.0), 11.0, 11.0), LoadState::OverCommitted);
        assert_eq!(state(None, 99.0, 99.0), LoadState::Unchecked);
    }
}
