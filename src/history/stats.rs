//! Count, median and 90th percentile of a figure, by nearest rank: the
//! smallest value with at least that share of the values at or below it —
//! always one of the values, never an average of two.

use serde::Serialize;

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Summary {
    pub count: usize,
    pub median: Option<f64>,
    pub p90: Option<f64>,
}

impl Summary {
    pub fn of(mut values: Vec<f64>) -> Summary {
        values.retain(|v| v.is_finite());
        values.sort_by(f64::total_cmp);
        Summary { count: values.len(), median: nearest_rank(&values, 50), p90: nearest_rank(&values, 90) }
    }
}

/// The value at rank ⌈percent/100 × n⌉ (1-based) of sorted `values`.
pub fn nearest_rank(sorted: &[f64], percent: usize) -> Option<f64> {
    let rank = (percent * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// The three stages a proposal goes through once it is proposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// From `proposed` to `accepted` or `rejected`.
    Decision,
    /// From `accepted` to `shipped`.
    Delivery,
    /// From `shipped` to `outcome.reviewed_on`.
    Review,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::Decision, Stage::Delivery, Stage::Review];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Decision => "decision",
            Stage::Delivery => "delivery",
            Stage::Review => "review",
        }
    }

    /// What the stage spans, for people.
    pub fn span(self) -> &'static str {
        match self {
            Stage::Decision => "proposed → accepted or rejected",
            Stage::Delivery => "accepted → shipped",
            Stage::Review => "shipped → outcome reviewed",
        }
    }
}

impl Serialize for Stage {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The stage with the largest median among those with any value; a tie
/// goes to the earlier stage.
pub fn slowest(stages: [(Stage, &Summary); 3]) -> Option<Stage> {
    let mut best: Option<(Stage, f64)> = None;
    for (stage, summary) in stages {
        if let Some(median) = summary.median
            && best.is_none_or(|(_, m)| median > m)
        {
            best = Some((stage, median));
        }
    }
    best.map(|(stage, _)| stage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_picks_a_value() {
        let ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(nearest_rank(&ten, 50), Some(5.0));
        assert_eq!(nearest_rank(&ten, 90), Some(9.0));
        assert_eq!(nearest_rank(&[3.0], 90), Some(3.0));
        assert_eq!(nearest_rank(&[1.0, 2.0, 3.0, 4.0], 50), Some(2.0));
        assert_eq!(nearest_rank(&[1.0, 2.0, 3.0, 4.0], 90), Some(4.0));
        assert_eq!(nearest_rank(&[], 50), None);
        let s = Summary::of(vec![30.0, 10.0, 20.0]);
        assert_eq!(s, Summary { count: 3, median: Some(20.0), p90: Some(30.0) });
    }

    #[test]
    fn the_slowest_stage_has_the_largest_median() {
        let (a, b, none) = (Summary::of(vec![5.0]), Summary::of(vec![9.0, 1.0]), Summary::default());
        assert_eq!(
            slowest([(Stage::Decision, &a), (Stage::Delivery, &b), (Stage::Review, &none)]),
            Some(Stage::Decision)
        );
        assert_eq!(slowest([(Stage::Decision, &none), (Stage::Delivery, &none), (Stage::Review, &none)]), None);
    }
}
