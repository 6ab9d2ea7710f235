//! What shipped work did: shipped proposals by the result their review
//! recorded, and those still unreviewed with the days since their review
//! date — read through `crate::model::outcome`, as `outcome-review-due` is.

use super::facts;
use super::model::{Outcomes, Unreviewed};
use crate::model::outcome::{Outcome, OutcomeResult, days_between, review_after};
use crate::model::{Status, Workspace, parse_date};

pub fn outcomes(ws: &Workspace) -> Outcomes {
    let today = parse_date(&ws.today);
    let mut out = Outcomes::default();
    for (id, file) in facts::proposals(ws) {
        if file.status() != Some(Status::Shipped) {
            continue;
        }
        out.shipped += 1;
        let outcome = Outcome::of(file);
        match outcome.result.filter(|_| outcome.is_reviewed()) {
            Some(OutcomeResult::Met) => out.met += 1,
            Some(OutcomeResult::PartlyMet) => out.partly_met += 1,
            Some(OutcomeResult::Missed) => out.missed += 1,
            Some(OutcomeResult::Inconclusive) => out.inconclusive += 1,
            None => {
                let due = review_after(file);
                out.unreviewed.push(Unreviewed {
                    proposal: id.to_owned(),
                    title: facts::title(file),
                    review_after: due.map(|d| d.to_string()),
                    days_since_review_after: due.zip(today).map(|(due, today)| days_between(due, today)),
                });
            }
        }
    }
    // Longest overdue first; no review date last; ties by id.
    out.unreviewed.sort_by(|a, b| {
        b.days_since_review_after
            .unwrap_or(i64::MIN)
            .cmp(&a.days_since_review_after.unwrap_or(i64::MIN))
            .then_with(|| a.proposal.cmp(&b.proposal))
    });
    out.overdue = out.unreviewed.iter().filter(|u| u.days_since_review_after.is_some_and(|d| d > 0)).count();
    out
}
