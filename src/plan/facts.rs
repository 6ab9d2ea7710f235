//! What the report reads from a workspace, read the way the rules read it:
//! each proposal id once, values the schema rejected as absent, people and
//! teams by their roster names.

use super::model::{Owners, Person};
use crate::model::{File, Workspace};
use serde_json::Value;
use std::collections::HashMap;

/// Proposal files in path order, each id once: its first occurrence, as
/// the rules index it (`duplicate-id` reports the others).
pub fn proposals(ws: &Workspace) -> Vec<(&str, &File)> {
    ws.proposal_files().collect()
}

/// A number the schema accepted; `None` when absent, not a number or rejected.
pub fn number(file: &File, pointer: &str) -> Option<f64> {
    if file.is_invalid(pointer) {
        return None;
    }
    file.get(pointer).and_then(Value::as_f64)
}

/// The estimate's effort in person-weeks, when there is a valid one.
pub fn effort(file: &File) -> Option<f64> {
    number(file, "/estimate/effort")
}

pub fn title(file: &File) -> Option<String> {
    file.text_at("/title").map(str::to_owned)
}

/// The status as written, when the schema accepted it.
pub fn status(file: &File) -> Option<String> {
    file.status().map(|s| s.as_str().to_owned())
}

/// A person by id, with their roster name when the roster has them.
pub fn person(ws: &Workspace, id: &str) -> Person {
    let name = ws.roster.as_ref().and_then(|roster| {
        let entry = roster.people.get(id)?;
        ws.roster_file()?.text_at(&format!("{}/name", entry.pointer))
    });
    Person { id: id.to_owned(), name: name.map(str::to_owned) }
}

/// A proposal's owners, as filled in (placeholders count as missing).
pub fn owners(ws: &Workspace, file: &File) -> Owners {
    let owner = |role: &str| file.text_at(&format!("/owners/{role}")).map(|id| person(ws, id));
    Owners { product: owner("product"), engineering: owner("engineering") }
}

/// A roster team's `name`.
pub fn team_name(ws: &Workspace, id: &str) -> Option<String> {
    let roster = ws.roster.as_ref()?;
    let team = roster.teams.get(id)?;
    ws.roster_file()?.text_at(&format!("{}/name", team.pointer)).map(str::to_owned)
}

/// Roster team ids in the order the roster lists them (the roster index
/// is a map, which forgets it).
pub fn team_order(ws: &Workspace) -> Vec<String> {
    let Some(roster) = &ws.roster else {
        return Vec::new();
    };
    let mut teams: Vec<(&str, &String)> = roster.teams.iter().map(|(id, team)| (team.pointer.as_str(), id)).collect();
    // `/teams/10` must come after `/teams/9`: compare the index as a number.
    teams.sort_by_key(|(pointer, _)| {
        pointer.rsplit('/').next().and_then(|i| i.parse::<usize>().ok()).unwrap_or(usize::MAX)
    });
    teams.into_iter().map(|(_, id)| id.clone()).collect()
}

/// Each proposal's earliest scheduled quarter, as `schedule-order`
/// compares them (see [`Workspace::earliest`]).
pub fn earliest_quarters(ws: &Workspace) -> HashMap<&str, &str> {
    ws.earliest()
        .iter()
        .filter_map(|(proposal, &item)| Some((proposal.as_str(), ws.items[item].quarter.as_deref()?)))
        .collect()
}
