//! The load on each team and quarter: what the `capacity` rule checks, what
//! base mode compares across a change, and what the report draws. Computed
//! once per workspace ([`super::Workspace::loads`]).
//!
//! Each `committed` or `planned` item counts its proposal's full effort; an
//! `exploring` item, an item whose proposal does not resolve or has an
//! invalid status, and an item of a rejected or withdrawn proposal take no
//! part; a missing estimate counts as 0 (`estimate-required` reports it).

use super::{Commitment, Workspace};
use std::collections::BTreeMap;

/// One item that counts towards a team's quarter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Counted {
    /// Index into [`Workspace::items`].
    pub item: usize,
    /// The proposal's effort, person-weeks.
    pub effort: f64,
    pub commitment: Commitment,
}

/// The items that count towards one team's quarter, in item order (files in
/// path order, items in file order).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Load {
    pub items: Vec<Counted>,
}

impl Load {
    /// Effort of the committed items.
    pub fn committed(&self) -> f64 {
        self.sum(|c| c.commitment == Commitment::Committed)
    }

    /// Effort of the committed and planned items.
    pub fn committed_or_planned(&self) -> f64 {
        self.sum(|_| true)
    }

    fn sum(&self, keep: impl Fn(&Counted) -> bool) -> f64 {
        self.items.iter().filter(|c| keep(c)).map(|c| c.effort).sum()
    }
}

/// (team, quarter) → its load.
pub type Loads = BTreeMap<(String, String), Load>;

/// Computes every team's load in every quarter.
pub fn loads(ws: &Workspace) -> Loads {
    let mut out = Loads::new();
    for (index, item) in ws.items.iter().enumerate() {
        let Some(commitment) = item.commitment.filter(|c| *c != Commitment::Exploring) else { continue };
        let (Some(team), Some(quarter), Some(proposal)) =
            (item.team.as_deref(), item.quarter.as_deref(), item.proposal.as_deref())
        else {
            continue;
        };
        let Some(proposal) = ws.proposal(proposal) else { continue };
        let Some(status) = proposal.status() else { continue };
        if status.is_closed() {
            continue;
        }
        let effort = proposal.number_at("/estimate/effort").unwrap_or(0.0);
        let load = out.entry((team.to_owned(), quarter.to_owned())).or_default();
        load.items.push(Counted { item: index, effort, commitment });
    }
    out
}

/// Whether `a` exceeds `b`, allowing for the rounding of sums of fractions.
pub fn exceeds(a: f64, b: f64) -> bool {
    a > b + 1e-9
}
