//! Load per team and quarter, with the capacity rule's arithmetic: each
//! committed or planned item counts its proposal's full effort, exploring
//! items and items of rejected or withdrawn proposals do not count, a
//! missing estimate counts as 0, and reaching capacity exactly fits.

use super::facts;
use super::model::{Capacity, LoadItem, LoadState, QuarterLoad, TeamLoad};
use crate::model::Workspace;
use std::collections::{BTreeMap, BTreeSet};

/// Floating-point slack, as the capacity rule allows it.
const EPSILON: f64 = 1e-9;

/// Every team's load, teams in roster order, quarters in date order.
pub fn capacity(ws: &Workspace) -> Capacity {
    let mut cells: BTreeMap<(String, String), Vec<LoadItem>> = BTreeMap::new();
    for item in &ws.items {
        let (Some(team), Some(quarter), Some(proposal)) = (&item.team, &item.quarter, &item.proposal) else {
            continue;
        };
        let commitment = item.commitment.map(|c| c.as_str().to_owned()).unwrap_or_default();
        let file = ws.proposal(proposal);
        let open = file.is_some_and(|f| f.status().is_some_and(|s| !s.is_closed()));
        let counted = open && matches!(commitment.as_str(), "committed" | "planned");
        cells.entry((team.clone(), quarter.clone())).or_default().push(LoadItem {
            item: item.id.clone(),
            proposal: proposal.clone(),
            title: file.and_then(facts::title),
            commitment,
            effort: file.and_then(facts::effort).unwrap_or(0.0),
            counted,
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
    let sum = |commitment: &str| {
        items
            .iter()
            .filter(|i| i.counted && i.commitment == commitment)
            .map(|i| i.effort)
            // Not `sum`: an empty f64 sum is -0, which would print as such.
            .fold(0.0, |a, b| a + b)
    };
    let committed = sum("committed");
    let planned = sum("planned");
    QuarterLoad { state: state(capacity, committed, committed + planned), quarter, capacity, committed, planned, items }
}

/// The capacity rule's verdict: an error when committed work alone is
/// over, a warning when only committed + planned is.
pub fn state(capacity: Option<f64>, committed: f64, total: f64) -> LoadState {
    match capacity {
        None => LoadState::Unchecked,
        Some(c) if committed > c + EPSILON => LoadState::OverCommitted,
        Some(c) if total > c + EPSILON => LoadState::OverPlanned,
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
