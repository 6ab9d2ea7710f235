//! The roadmap at a glance, for people: capacity per team and quarter, the
//! value ranking, the dependency graph, governance health, and in base mode
//! the change a pull request makes. This is analysis, not a format: it
//! reads the checked workspaces — and the load, dependency and schedule
//! analysis the rules themselves read (`crate::model`), so that the report
//! and `roadlint check` cannot disagree — into a [`model::RoadmapReport`],
//! which `crate::report::roadmap` renders.

mod capacity;
mod change;
mod facts;
mod governance;
mod graph;
pub mod model;
mod outcomes;
mod sides;
mod value;

pub use sides::{Sides, governed_rules};

use crate::diagnostic::Counts;
use crate::model::Commitment;
use model::{LoadState, Overview, RoadmapReport};

/// The version of the JSON shape (`--format json`).
pub const VERSION: u32 = 1;

/// Computes the report for checked documents.
pub fn build(sides: &Sides) -> RoadmapReport {
    let ws = &sides.head.workspace;
    let quarters = facts::earliest_quarters(ws);
    let capacity = capacity::capacity(ws);
    let value = value::ranking(ws, &quarters);
    let dependencies = graph::dependencies(ws, &quarters);
    let governance = governance::governance(ws, &sides.head.diagnostics, &sides.governed);
    let outcomes = outcomes::outcomes(ws);
    let change = sides.base.as_ref().map(|(commit, base)| {
        let base_capacity = capacity::capacity(&base.workspace);
        change::change(commit.clone(), (&base.workspace, &base_capacity), (ws, &capacity))
    });

    let cells = || capacity.teams.iter().flat_map(|t| &t.quarters);
    let counted = |commitment: Commitment| {
        cells()
            .flat_map(|q| &q.items)
            .filter(|i| i.counted && i.commitment == Some(commitment))
            .map(|i| i.effort)
            .fold(0.0, |a, b| a + b)
    };
    let in_state = |state: LoadState| cells().filter(|q| q.state == state).count();
    let overview = Overview {
        proposals: facts::proposals(ws).len(),
        items: ws.items.len(),
        teams: capacity.teams.len(),
        committed_effort: counted(Commitment::Committed),
        planned_effort: counted(Commitment::Planned),
        over_committed: in_state(LoadState::OverCommitted),
        over_planned: in_state(LoadState::OverPlanned),
        cycles: dependencies.cycles.len(),
        schedule_conflicts: dependencies.edges.iter().filter(|e| e.schedule_conflict).count(),
        findings: Counts::of(&sides.reported),
    };
    RoadmapReport {
        version: VERSION,
        today: ws.today.clone(),
        overview,
        change,
        capacity,
        value,
        dependencies,
        governance,
        outcomes,
        notes: sides.head.notes.clone(),
    }
}

/// A number as people read it: `6`, `12.5`, `76.8` (one decimal at most).
pub(crate) fn number(n: f64) -> String {
    let rounded = (n * 10.0).round() / 10.0;
    if rounded == 0.0 {
        "0".to_owned() // not `-0`
    } else if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// Text cut to `max` characters (not bytes), with an ellipsis when cut.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::{number, shorten};

    #[test]
    fn shortening_counts_characters_not_bytes() {
        assert_eq!(shorten("Überweisung für alle", 10), "Überweisu…");
        assert_eq!(shorten("short", 10), "short");
    }

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(number(6.0), "6");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(76.8000001), "76.8");
        assert_eq!(number(202.49), "202.5");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(-0.01), "0");
    }
}
