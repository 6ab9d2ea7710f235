//! A proposal's `outcome`: what happened after it shipped. The rule
//! `outcome-review-due`, the roadmap report and the history all read it
//! here, so "reviewed", "overdue" and "days since" mean one thing.

use super::{File, Status, parse_date};
use serde_json::Value;
use time::Date;

/// Whether a shipped proposal's hypothesis held (`outcome.result`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OutcomeResult {
    Met,
    PartlyMet,
    Missed,
    Inconclusive,
}

impl OutcomeResult {
    pub const ALL: [OutcomeResult; 4] =
        [OutcomeResult::Met, OutcomeResult::PartlyMet, OutcomeResult::Missed, OutcomeResult::Inconclusive];

    pub fn parse(text: &str) -> Option<OutcomeResult> {
        OutcomeResult::ALL.into_iter().find(|r| r.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeResult::Met => "met",
            OutcomeResult::PartlyMet => "partly-met",
            OutcomeResult::Missed => "missed",
            OutcomeResult::Inconclusive => "inconclusive",
        }
    }
}

impl serde::Serialize for OutcomeResult {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One entry of `outcome.metrics`.
#[derive(Debug, Clone, PartialEq)]
pub struct ObservedMetric {
    /// JSON pointer of the entry (`/outcome/metrics/0`).
    pub pointer: String,
    pub name: Option<String>,
    pub observed: Option<f64>,
}

/// The fields of `outcome` the schema accepted; all absent without one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    pub reviewed_on: Option<Date>,
    pub result: Option<OutcomeResult>,
    pub metrics: Vec<ObservedMetric>,
    pub actual_effort: Option<f64>,
    pub learnings: Option<String>,
}

impl Outcome {
    pub fn of(file: &File) -> Outcome {
        let metrics = file
            .elements("/outcome/metrics")
            .map(|pointer| ObservedMetric {
                name: file.text_at(&format!("{pointer}/name")).map(str::to_owned),
                observed: file.number_at(&format!("{pointer}/observed")),
                pointer,
            })
            .collect();
        Outcome {
            reviewed_on: file.text_at("/outcome/reviewed_on").and_then(parse_date),
            result: file.text_at("/outcome/result").and_then(OutcomeResult::parse),
            metrics,
            actual_effort: file.number_at("/outcome/actual_effort").filter(|e| *e > 0.0),
            learnings: file.text_at("/outcome/learnings").map(str::to_owned),
        }
    }

    /// Reviewed: a review date and a result are both recorded.
    pub fn is_reviewed(&self) -> bool {
        self.reviewed_on.is_some() && self.result.is_some()
    }
}

/// The names of a proposal's telemetry metrics, in file order (what
/// outcome metric names must name).
pub fn telemetry_metric_names(file: &File) -> Vec<&str> {
    file.elements("/telemetry/metrics").filter_map(|pointer| file.text_at(&format!("{pointer}/name"))).collect()
}

/// The date `telemetry.review_after` names, when the schema accepted it.
pub fn review_after(file: &File) -> Option<Date> {
    file.text_at("/telemetry/review_after").and_then(parse_date)
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    (to - from).whole_days()
}

/// A shipped proposal whose review is overdue (`outcome-review-due`).
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewDue {
    pub review_after: Date,
    /// Days from `review_after` to today, at least 1.
    pub days_overdue: i64,
    /// The outcome fields that are missing: `reviewed_on`, `result` or both.
    pub missing: Vec<&'static str>,
}

/// Whether a proposal is shipped, its `review_after` is earlier than
/// `today`, and its outcome lacks `reviewed_on` or `result`. A field with a
/// schema error, or that a misspelt key probably meant, is `schema`'s to
/// report, so it does not count as missing.
pub fn review_due(file: &File, today: Date) -> Option<ReviewDue> {
    if file.status() != Some(Status::Shipped) {
        return None;
    }
    let review_after = review_after(file)?;
    let days_overdue = days_between(review_after, today);
    if days_overdue < 1 {
        return None;
    }
    let missing: Vec<&'static str> = ["reviewed_on", "result"]
        .into_iter()
        .filter(|field| {
            let pointer = format!("/outcome/{field}");
            let absent = match file.get(&pointer) {
                None | Some(Value::Null) => true,
                Some(Value::String(text)) => super::is_placeholder(text),
                Some(_) => false,
            };
            absent && !file.is_invalid(&pointer) && !file.meant.contains(&pointer) && !file.meant.contains("/outcome")
        })
        .collect();
    (!missing.is_empty()).then_some(ReviewDue { review_after, days_overdue, missing })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn results_round_trip() {
        for result in OutcomeResult::ALL {
            assert_eq!(OutcomeResult::parse(result.as_str()), Some(result));
        }
        assert_eq!(OutcomeResult::parse("partly met"), None);
    }

    #[test]
    fn days_count_whole_days() {
        assert_eq!(days_between(date!(2026 - 06 - 30), date!(2026 - 07 - 02)), 2);
        assert_eq!(days_between(date!(2026 - 07 - 02), date!(2026 - 06 - 30)), -2);
    }
}
