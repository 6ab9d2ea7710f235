//! The numbers behind the roadmap report: plain data, computed once by the
//! section modules and rendered by markdown, HTML and JSON alike, so the
//! three formats cannot disagree. `--format json` serializes this as is.

use crate::diagnostic::Counts;
use crate::model::Commitment;
use serde::Serialize;

/// Everything `roadlint report` shows.
#[derive(Debug, Clone, Serialize)]
pub struct RoadmapReport {
    /// The version of this JSON shape; grows only by adding fields.
    pub version: u32,
    /// The date the report was made for (`--today`), `YYYY-MM-DD`.
    pub today: String,
    pub overview: Overview,
    /// Base mode only: what the pull request changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
    pub capacity: Capacity,
    pub value: ValueRanking,
    pub dependencies: Dependencies,
    pub governance: Governance,
    pub outcomes: Outcomes,
    /// Things worth knowing that are not numbers (no roster, …).
    pub notes: Vec<String>,
}

/// The headline numbers, for a glance.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Overview {
    pub proposals: usize,
    pub items: usize,
    pub teams: usize,
    /// Person-weeks of committed work across every team and quarter.
    pub committed_effort: f64,
    /// Person-weeks of planned work across every team and quarter.
    pub planned_effort: f64,
    /// Team quarters whose committed work exceeds capacity.
    pub over_committed: usize,
    /// Team quarters whose committed work fits but committed + planned does not.
    pub over_planned: usize,
    /// Dependency cycles (strongly connected groups).
    pub cycles: usize,
    /// Dependencies scheduled after the work that needs them.
    pub schedule_conflicts: usize,
    /// What `roadlint check` finds on the same documents.
    pub findings: Counts,
}

/// A person as the report names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    pub id: String,
    /// The roster's `name`, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl Person {
    /// The name when the roster has one, else the id.
    pub fn display(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

/// A proposal's product and engineering owners.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Owners {
    pub product: Option<Person>,
    pub engineering: Option<Person>,
}

// ---------------------------------------------------------------------------
// Capacity

/// Load against capacity per team and quarter.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Capacity {
    /// Whether a roster was found; without one no quarter has a capacity.
    pub roster: bool,
    /// Teams in roster order, then teams only roadmap items name.
    pub teams: Vec<TeamLoad>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TeamLoad {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Quarters in date order: every quarter with capacity or items.
    pub quarters: Vec<QuarterLoad>,
}

impl TeamLoad {
    pub fn display(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct QuarterLoad {
    pub quarter: String,
    /// Person-weeks available; `None` when the roster does not say.
    pub capacity: Option<f64>,
    /// Effort of committed items (the capacity rule's error threshold).
    pub committed: f64,
    /// Effort of planned items (counted with committed for the warning).
    pub planned: f64,
    pub state: LoadState,
    /// Every item scheduled here, counted or not, in roadmap order.
    pub items: Vec<LoadItem>,
}

impl QuarterLoad {
    /// Committed plus planned effort.
    pub fn total(&self) -> f64 {
        self.committed + self.planned
    }
}

/// How a team quarter's load compares with its capacity, as the capacity
/// rule judges it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LoadState {
    /// Committed and planned work fit.
    Fits,
    /// Committed work fits; committed + planned does not (a warning).
    OverPlanned,
    /// Committed work alone exceeds capacity (an error).
    OverCommitted,
    /// No capacity for this quarter: not checked.
    Unchecked,
}

impl LoadState {
    pub fn as_str(self) -> &'static str {
        match self {
            LoadState::Fits => "fits",
            LoadState::OverPlanned => "over-planned",
            LoadState::OverCommitted => "over-committed",
            LoadState::Unchecked => "no capacity",
        }
    }
}

/// One roadmap item in a team quarter.
#[derive(Debug, Clone, Serialize)]
pub struct LoadItem {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    pub proposal: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `""` in JSON for an item without a valid commitment.
    #[serde(serialize_with = "commitment_or_empty")]
    pub commitment: Option<Commitment>,
    /// The proposal's full effort (0 without an estimate).
    pub effort: f64,
    /// Whether it counts against capacity: committed or planned, and the
    /// proposal is neither rejected nor withdrawn.
    pub counted: bool,
}

// ---------------------------------------------------------------------------
// Value

/// Proposals by RICE score, and those that cannot be scored.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ValueRanking {
    /// Highest score first; ties by id.
    pub ranked: Vec<Scored>,
    /// In path order, each with what is missing.
    pub unscored: Vec<Unscored>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Scored {
    pub rank: usize,
    pub proposal: String,
    pub title: Option<String>,
    pub status: Option<String>,
    pub owners: Owners,
    pub reach: f64,
    pub impact: f64,
    pub confidence: f64,
    pub effort: f64,
    /// reach × impact × confidence / effort.
    pub rice: f64,
    /// The earliest quarter a roadmap item schedules it in.
    pub quarter: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Unscored {
    pub proposal: String,
    pub title: Option<String>,
    pub status: Option<String>,
    pub owners: Owners,
    /// `reach`, `impact`, `confidence`, `effort`: what the score lacks.
    pub missing: Vec<String>,
    pub quarter: Option<String>,
}

// ---------------------------------------------------------------------------
// Dependencies

/// Proposals and their `depends_on` edges, grouped by quarter.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Dependencies {
    /// Quarters in date order, then the unscheduled group (`quarter: null`).
    pub groups: Vec<QuarterGroup>,
    /// Every `depends_on` entry that names a known proposal, in path order.
    pub edges: Vec<DependencyEdge>,
    /// Each cycle's proposals, in path order.
    pub cycles: Vec<Vec<String>>,
}

impl Dependencies {
    /// The quarter a proposal is grouped under, or `?` when it is not scheduled.
    pub fn quarter_of(&self, id: &str) -> &str {
        self.groups
            .iter()
            .find(|g| g.proposals.iter().any(|n| n.id == id))
            .and_then(|g| g.quarter.as_deref())
            .unwrap_or("?")
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct QuarterGroup {
    /// The quarter of the group's proposals' earliest items; `None` for
    /// proposals no roadmap item schedules.
    pub quarter: Option<String>,
    pub proposals: Vec<Node>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Node {
    pub id: String,
    pub title: Option<String>,
    pub status: Option<String>,
    pub in_cycle: bool,
}

/// `proposal` depends on `depends_on`: the latter has to come first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DependencyEdge {
    pub proposal: String,
    pub depends_on: String,
    /// Both ends are in the same dependency cycle.
    pub cycle: bool,
    /// `proposal` is scheduled in an earlier quarter than `depends_on`
    /// (the schedule-order rule's finding).
    pub schedule_conflict: bool,
}

// ---------------------------------------------------------------------------
// Governance

/// How well the proposals meet the governance policies.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Governance {
    /// The policy rules that govern proposals, in the order of the columns.
    pub rules: Vec<String>,
    /// One row per status that has proposals, in lifecycle order.
    pub statuses: Vec<StatusHealth>,
    /// Waivers that have not expired, soonest expiry first.
    pub waivers: Vec<OpenWaiver>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusHealth {
    pub status: String,
    pub proposals: usize,
    /// One per rule of [`Governance::rules`], in that order.
    pub rules: Vec<RuleHealth>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleHealth {
    pub rule: String,
    /// Proposals no diagnostic of this rule points into.
    pub meets: usize,
    /// Of those, proposals that meet it only through a waiver in force.
    pub waived: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct OpenWaiver {
    pub proposal: String,
    pub rule: String,
    pub reason: Option<String>,
    pub approved_by: Option<Person>,
    pub expires: String,
    /// Days from today to the last day the waiver holds (0: expires today).
    pub days_left: i64,
    /// `waiver-invalid` reports it, so it suppresses nothing.
    pub invalid: bool,
}

// ---------------------------------------------------------------------------
// Outcomes

/// Whether shipped work did what it said: shipped proposals by the result
/// of their review, and those not reviewed yet.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Outcomes {
    pub shipped: usize,
    pub met: usize,
    pub partly_met: usize,
    pub missed: usize,
    pub inconclusive: usize,
    /// Of the unreviewed, those whose `review_after` has passed.
    pub overdue: usize,
    /// Shipped proposals without a recorded review (`reviewed_on` and
    /// `result`), longest overdue first.
    pub unreviewed: Vec<Unreviewed>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Unreviewed {
    pub proposal: String,
    pub title: Option<String>,
    /// `telemetry.review_after`, `YYYY-MM-DD`.
    pub review_after: Option<String>,
    /// Days from `review_after` to today: positive when overdue, negative
    /// while the review is still ahead.
    pub days_since_review_after: Option<i64>,
}

// ---------------------------------------------------------------------------
// Change (base mode)

/// The roadmap change a pull request makes, from the merge base to the head.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Change {
    /// The merge base's commit id.
    pub base: String,
    /// Proposals added, removed or moved to another status, in id order.
    pub statuses: Vec<StatusMove>,
    /// Roadmap items added, removed or changed, in id order.
    pub items: Vec<ItemChange>,
    /// Team quarters whose load or capacity changed.
    pub capacity: Vec<CapacityDelta>,
}

/// A proposal's status before and after; `None` where it does not exist.
#[derive(Debug, Clone, Serialize)]
pub struct StatusMove {
    pub proposal: String,
    pub title: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemChange {
    pub item: String,
    pub proposal: Option<String>,
    pub title: Option<String>,
    pub before: Option<Placement>,
    pub after: Option<Placement>,
    /// Committed after, and not committed (or absent) before.
    pub new_commitment: bool,
}

/// Where and how firmly a roadmap item schedules its proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Placement {
    pub team: Option<String>,
    pub quarter: Option<String>,
    pub commitment: Option<Commitment>,
}

fn commitment_or_empty<S: serde::Serializer>(value: &Option<Commitment>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(value.map_or("", Commitment::as_str))
}

#[derive(Debug, Clone, Serialize)]
pub struct CapacityDelta {
    pub team: String,
    pub quarter: String,
    pub before: Option<LoadSummary>,
    pub after: Option<LoadSummary>,
}

/// A team quarter's numbers on one side of a change.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LoadSummary {
    pub capacity: Option<f64>,
    pub committed: f64,
    pub planned: f64,
    pub state: LoadState,
}
