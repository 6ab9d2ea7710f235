//! `roadlint report --history` (docs/history.md): what the commit history
//! of the head says about how the roadmap process runs — how long ideas
//! wait for a decision, how long accepted work takes to ship, how long
//! shipped work waits for its review, how good estimates are — overall and
//! per team, and in base mode what a change does to those numbers.
//!
//! [`walk`] reads the first-parent history as changes to proposals,
//! [`timeline`] turns them into each proposal's statuses and stays,
//! [`figures`] into each proposal's durations and the groups' statistics
//! ([`stats`]); [`markdown`] and [`html`] render them. History reads
//! source, parse, model and plan; nothing below it reads history.

pub mod figures;
pub mod html;
pub mod markdown;
pub mod stats;
pub mod timeline;
pub mod walk;

use crate::check::config::Config;
use crate::error::Result;
use crate::model::Status;
use figures::{Group, ProposalFigures, StatusTime};
use git2::{Oid, Repository};
use serde::Serialize;
use stats::Summary;
use std::collections::{BTreeMap, BTreeSet};
use time::Date;

/// The version of the history's JSON shape.
pub const VERSION: u32 = 1;

/// What to walk, and the date "today" is.
pub struct Request<'a> {
    pub head: Oid,
    pub config: &'a Config,
    /// `--since`: commits before this date are dropped.
    pub since: Option<Date>,
    pub today: Date,
    /// Proposal id → the teams of its roadmap items at the head.
    pub teams: &'a BTreeMap<String, BTreeSet<String>>,
}

/// Everything `--history` adds to the report.
#[derive(Debug, Clone, Serialize)]
pub struct History {
    pub version: u32,
    pub today: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// First-parent commits walked.
    pub commits: usize,
    /// The first and last commit's dates.
    pub first_commit: Option<String>,
    pub last_commit: Option<String>,
    /// The slowest stage, in one sentence.
    pub headline: String,
    pub overall: Group,
    /// Each team with proposals, by id.
    pub teams: Vec<Group>,
    pub time_in_status: Vec<StatusTime>,
    /// Proposals in `proposed` at the last commit, longest waiting first.
    pub waiting: Vec<Waiting>,
    /// Every proposal the history saw, by id.
    pub proposals: Vec<ProposalFigures>,
    /// Base mode: the head's numbers against the base's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Waiting {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub proposed_on: String,
    pub days: i64,
}

/// Computes the history of `request.head`.
pub fn history(git: &Repository, request: &Request<'_>) -> Result<History> {
    let walked = walk::walk(git, request.head, request.config, request.since)?;
    let timelines = timeline::timelines(&walked.steps);
    let mut ids: Vec<&String> = timelines.keys().collect();
    ids.sort();
    let proposals: Vec<ProposalFigures> = ids
        .into_iter()
        .map(|id| {
            let teams = request.teams.get(id).map(|t| t.iter().cloned().collect()).unwrap_or_default();
            figures::proposal(id, &timelines[id], walked.latest.get(id).map(|v| &**v), teams, request.today)
        })
        .collect();
    let all: Vec<&ProposalFigures> = proposals.iter().collect();
    let overall = Group::of(None, &all);
    let team_ids: BTreeSet<&String> = proposals.iter().flat_map(|p| &p.teams).collect();
    let teams = team_ids
        .into_iter()
        .map(|team| {
            let members: Vec<&ProposalFigures> = proposals.iter().filter(|p| p.teams.contains(team)).collect();
            Group::of(Some(team.clone()), &members)
        })
        .collect();
    let mut waiting: Vec<Waiting> = proposals
        .iter()
        .filter_map(|p| {
            Some(Waiting {
                id: p.id.clone(),
                title: p.title.clone(),
                proposed_on: p.reached.get(&Status::Proposed)?.clone(),
                days: p.waiting_days?,
            })
        })
        .collect();
    waiting.sort_by(|a, b| b.days.cmp(&a.days).then_with(|| a.id.cmp(&b.id)));
    Ok(History {
        version: VERSION,
        today: request.today.to_string(),
        since: request.since.map(|d| d.to_string()),
        commits: walked.commits,
        first_commit: walked.first.map(|d| d.to_string()),
        last_commit: walked.last.map(|d| d.to_string()),
        headline: figures::slowest_sentence(&overall),
        time_in_status: figures::status_times(&proposals),
        overall,
        teams,
        waiting,
        proposals,
        change: None,
    })
}

/// What a change does to the numbers: the head's history against the base's.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// The merge base's commit id.
    pub base: String,
    pub decision_days: Delta,
    pub lead_days: Delta,
    pub review_days: Delta,
    pub accuracy: Delta,
    pub waiting: CountDelta,
    pub proposals: CountDelta,
}

/// A figure's statistics before and after, and the difference (head − base).
#[derive(Debug, Clone, Serialize)]
pub struct Delta {
    pub base: Summary,
    pub head: Summary,
    pub count: i64,
    pub median: Option<f64>,
    pub p90: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CountDelta {
    pub base: usize,
    pub head: usize,
    pub change: i64,
}

fn delta(base: &Summary, head: &Summary) -> Delta {
    let minus = |a: Option<f64>, b: Option<f64>| Some(a? - b?);
    Delta {
        base: *base,
        head: *head,
        count: head.count as i64 - base.count as i64,
        median: minus(head.median, base.median),
        p90: minus(head.p90, base.p90),
    }
}

fn count_delta(base: usize, head: usize) -> CountDelta {
    CountDelta { base, head, change: head as i64 - base as i64 }
}

/// The head's history with what it changes against the base's.
pub fn compare(mut head: History, base: &History, base_commit: String) -> History {
    let (b, h) = (&base.overall, &head.overall);
    head.change = Some(Change {
        base: base_commit,
        decision_days: delta(&b.decision_days, &h.decision_days),
        lead_days: delta(&b.lead_days, &h.lead_days),
        review_days: delta(&b.review_days, &h.review_days),
        accuracy: delta(&b.accuracy, &h.accuracy),
        waiting: count_delta(base.waiting.len(), head.waiting.len()),
        proposals: count_delta(base.proposals.len(), head.proposals.len()),
    });
    head
}
