//! Each proposal's figures from its timeline and its last version, and
//! the groups (every proposal, and each team's) they add up to. Durations
//! are whole days between commit dates.

use super::stats::{Stage, Summary, slowest};
use super::timeline::Timeline;
use super::walk::Version;
use crate::model::Status;
use crate::model::outcome::days_between;
use serde::Serialize;
use std::collections::BTreeMap;
use time::Date;

/// One proposal's history.
#[derive(Debug, Clone, Serialize)]
pub struct ProposalFigures {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The status at the last commit; `None` when the proposal is gone.
    pub status: Option<Status>,
    /// The teams of its roadmap items at the head.
    pub teams: Vec<String>,
    /// The first date it had each status, `YYYY-MM-DD`.
    pub reached: BTreeMap<Status, String>,
    /// Days from reaching `proposed` to reaching `accepted` or `rejected`.
    pub decision_days: Option<i64>,
    /// Days from reaching `accepted` to reaching `shipped`.
    pub lead_days: Option<i64>,
    /// Days from reaching `shipped` to `outcome.reviewed_on`.
    pub review_days: Option<i64>,
    /// Days in each status, every stay added; a stay still open counts to today.
    pub days_in_status: BTreeMap<Status, i64>,
    /// In `proposed` at the last commit: days since it reached `proposed`.
    pub waiting_days: Option<i64>,
    /// `outcome.actual_effort ÷ estimate.effort`.
    pub accuracy: Option<f64>,
}

/// Figures of one proposal.
pub fn proposal(
    id: &str,
    timeline: &Timeline,
    version: Option<&Version>,
    teams: Vec<String>,
    today: Date,
) -> ProposalFigures {
    let reached = |status: Status| timeline.reached.get(&status).copied();
    // A span counts only forwards: reaching `accepted` before `proposed`
    // (a proposal written as accepted) has no decision time.
    let span = |from: Option<Date>, to: Option<Date>| {
        let (from, to) = (from?, to?);
        (to >= from).then(|| days_between(from, to))
    };
    let proposed = reached(Status::Proposed);
    let decided = [reached(Status::Accepted), reached(Status::Rejected)]
        .into_iter()
        .flatten()
        .filter(|d| proposed.is_some_and(|p| *d >= p))
        .min();
    let mut days_in_status = BTreeMap::new();
    for stay in &timeline.stays {
        let end = stay.to.unwrap_or(today);
        *days_in_status.entry(stay.status).or_insert(0) += days_between(stay.from, end).max(0);
    }
    let current = timeline.current();
    ProposalFigures {
        id: id.to_owned(),
        title: version.and_then(|v| v.title.clone()),
        status: current,
        teams,
        reached: timeline.reached.iter().map(|(s, d)| (*s, d.to_string())).collect(),
        decision_days: span(proposed, decided),
        lead_days: span(reached(Status::Accepted), reached(Status::Shipped)),
        review_days: span(reached(Status::Shipped), version.and_then(|v| v.reviewed_on)),
        days_in_status,
        waiting_days: (current == Some(Status::Proposed))
            .then(|| proposed.map(|p| days_between(p, today).max(0)))
            .flatten(),
        accuracy: version.and_then(|v| Some(v.actual_effort? / v.effort?)),
    }
}

/// The figures of a group of proposals: every proposal, or one team's.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Group {
    /// The team's id; `None` for every proposal.
    pub team: Option<String>,
    pub proposals: usize,
    pub decision_days: Summary,
    pub lead_days: Summary,
    pub review_days: Summary,
    pub accuracy: Summary,
    /// The stage with the largest median.
    pub slowest_stage: Option<Stage>,
}

impl Group {
    pub fn of(team: Option<String>, proposals: &[&ProposalFigures]) -> Group {
        let summary =
            |f: fn(&ProposalFigures) -> Option<f64>| Summary::of(proposals.iter().filter_map(|p| f(p)).collect());
        let decision_days = summary(|p| p.decision_days.map(|d| d as f64));
        let lead_days = summary(|p| p.lead_days.map(|d| d as f64));
        let review_days = summary(|p| p.review_days.map(|d| d as f64));
        let slowest_stage =
            slowest([(Stage::Decision, &decision_days), (Stage::Delivery, &lead_days), (Stage::Review, &review_days)]);
        Group {
            team,
            proposals: proposals.len(),
            decision_days,
            lead_days,
            review_days,
            accuracy: summary(|p| p.accuracy),
            slowest_stage,
        }
    }

    pub fn stage(&self, stage: Stage) -> &Summary {
        match stage {
            Stage::Decision => &self.decision_days,
            Stage::Delivery => &self.lead_days,
            Stage::Review => &self.review_days,
        }
    }
}

/// Days in one status over the proposals that were ever in it.
#[derive(Debug, Clone, Serialize)]
pub struct StatusTime {
    pub status: Status,
    pub total_days: i64,
    pub days: Summary,
}

pub fn status_times(proposals: &[ProposalFigures]) -> Vec<StatusTime> {
    Status::ALL
        .into_iter()
        .filter_map(|status| {
            let days: Vec<i64> = proposals.iter().filter_map(|p| p.days_in_status.get(&status).copied()).collect();
            (!days.is_empty()).then(|| StatusTime {
                status,
                total_days: days.iter().sum(),
                days: Summary::of(days.iter().map(|d| *d as f64).collect()),
            })
        })
        .collect()
}

/// The sentence at the top: which stage is slowest, and by how much.
pub fn slowest_sentence(overall: &Group) -> String {
    let Some(stage) = overall.slowest_stage else {
        return "No proposal has been through a decision, delivery or review yet.".to_owned();
    };
    let s = overall.stage(stage);
    let days = s.median.unwrap_or(0.0);
    let others: Vec<String> = Stage::ALL
        .into_iter()
        .filter(|other| *other != stage)
        .filter_map(|other| Some(format!("{} {}", other.as_str(), days_text(overall.stage(other).median?))))
        .collect();
    let others = if others.is_empty() { String::new() } else { format!(" ({})", others.join(", ")) };
    let mut stage_name = stage.as_str().to_owned();
    if let Some(first) = stage_name.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    format!(
        "{stage_name} ({}) is the slowest stage: a median of {} over {}{others}.",
        stage.span(),
        days_text(days),
        if s.count == 1 { "1 proposal".to_owned() } else { format!("{} proposals", s.count) },
    )
}

/// `1 day`, `12 days`, `2.5 days`.
pub fn days_text(days: f64) -> String {
    let n = crate::plan::number(days);
    if n == "1" { "1 day".to_owned() } else { format!("{n} days") }
}
