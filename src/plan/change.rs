//! The roadmap change a pull request makes (base mode): proposals and
//! roadmap items matched across the two sides by id, as the transition
//! rules match them, and the team quarters whose load moved.

use super::facts;
use super::model::{Capacity, CapacityDelta, Change, ItemChange, LoadSummary, Placement, StatusMove};
use crate::model::{Commitment, File, Workspace};
use std::collections::{BTreeMap, BTreeSet};

/// What changed from `base` to `head`; the capacities are each side's.
pub fn change(
    base_commit: String,
    (base, base_capacity): (&Workspace, &Capacity),
    (head, head_capacity): (&Workspace, &Capacity),
) -> Change {
    Change {
        base: base_commit,
        statuses: statuses(base, head),
        items: items(base, head),
        capacity: capacity(base_capacity, head_capacity),
    }
}

/// Proposals that appeared, went away or moved to another status.
fn statuses(base: &Workspace, head: &Workspace) -> Vec<StatusMove> {
    let before: BTreeMap<&str, &File> = facts::proposals(base).into_iter().collect();
    let after: BTreeMap<&str, &File> = facts::proposals(head).into_iter().collect();
    let ids: BTreeSet<&str> = before.keys().chain(after.keys()).copied().collect();
    ids.into_iter()
        .filter_map(|id| {
            let old = before.get(id).map(|f| status_label(f));
            let new = after.get(id).map(|f| status_label(f));
            (old != new).then(|| StatusMove {
                proposal: id.to_owned(),
                title: after.get(id).or(before.get(id)).and_then(|f| facts::title(f)),
                before: old,
                after: new,
            })
        })
        .collect()
}

/// A status for comparison and display; a rejected value reads `invalid`
/// rather than making the proposal look absent.
fn status_label(file: &File) -> String {
    facts::status(file).unwrap_or_else(|| "invalid".to_owned())
}

/// Roadmap items that appeared, went away, or changed team, quarter,
/// commitment or proposal. Items without an id cannot be matched and are
/// left out.
fn items(base: &Workspace, head: &Workspace) -> Vec<ItemChange> {
    let before = placements(base);
    let after = placements(head);
    let ids: BTreeSet<&str> = before.keys().chain(after.keys()).copied().collect();
    ids.into_iter()
        .filter_map(|id| {
            let old = before.get(id);
            let new = after.get(id);
            if old == new {
                return None;
            }
            let proposal = new.or(old).and_then(|(p, _)| p.clone());
            let title =
                proposal.as_deref().and_then(|p| head.proposal(p).or_else(|| base.proposal(p)).and_then(facts::title));
            let committed = |side: Option<&(Option<String>, Placement)>| {
                side.is_some_and(|(_, p)| p.commitment == Some(Commitment::Committed))
            };
            Some(ItemChange {
                item: id.to_owned(),
                new_commitment: committed(new) && !committed(old),
                proposal,
                title,
                before: old.map(|(_, p)| p.clone()),
                after: new.map(|(_, p)| p.clone()),
            })
        })
        .collect()
}

/// Item id → (proposal, placement), first occurrence of each id.
fn placements(ws: &Workspace) -> BTreeMap<&str, (Option<String>, Placement)> {
    let mut out = BTreeMap::new();
    for item in &ws.items {
        let Some(id) = item.id.as_deref() else {
            continue;
        };
        out.entry(id).or_insert_with(|| {
            (
                item.proposal.clone(),
                Placement { team: item.team.clone(), quarter: item.quarter.clone(), commitment: item.commitment },
            )
        });
    }
    out
}

/// Team quarters whose capacity, committed or planned effort differs.
fn capacity(base: &Capacity, head: &Capacity) -> Vec<CapacityDelta> {
    let before = summaries(base);
    let after = summaries(head);
    let keys: BTreeSet<&(String, String)> = before.keys().chain(after.keys()).collect();
    keys.into_iter()
        .filter_map(|key| {
            let old = before.get(key).copied();
            let new = after.get(key).copied();
            (old != new).then(|| CapacityDelta { team: key.0.clone(), quarter: key.1.clone(), before: old, after: new })
        })
        .collect()
}

fn summaries(capacity: &Capacity) -> BTreeMap<(String, String), LoadSummary> {
    capacity
        .teams
        .iter()
        .flat_map(|team| {
            team.quarters.iter().map(|q| {
                (
                    (team.id.clone(), q.quarter.clone()),
                    LoadSummary { capacity: q.capacity, committed: q.committed, planned: q.planned, state: q.state },
                )
            })
        })
        .collect()
}
