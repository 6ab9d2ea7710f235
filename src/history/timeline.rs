//! Each proposal's path through the statuses: the date it first reached
//! each one, and every stay, from the walk's changes.

use super::walk::{Change, Step};
use crate::model::Status;
use std::collections::{BTreeMap, HashMap};
use time::Date;

/// One stay in a status: from the commit that entered it to the one that
/// left it (`None`: still there at the last commit).
#[derive(Debug, Clone, PartialEq)]
pub struct Stay {
    pub status: Status,
    pub from: Date,
    pub to: Option<Date>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timeline {
    /// The first date the proposal had each status; a later return does
    /// not move it.
    pub reached: BTreeMap<Status, Date>,
    pub stays: Vec<Stay>,
}

impl Timeline {
    fn enter(&mut self, status: Option<Status>, date: Date) {
        if let Some(open) = self.stays.last_mut().filter(|s| s.to.is_none()) {
            open.to = Some(date);
        }
        if let Some(status) = status {
            self.reached.entry(status).or_insert(date);
            self.stays.push(Stay { status, from: date, to: None });
        }
    }

    /// The status at the last commit, if the proposal is still there.
    pub fn current(&self) -> Option<Status> {
        self.stays.last().filter(|s| s.to.is_none()).map(|s| s.status)
    }
}

/// Every proposal's timeline, by id.
pub fn timelines(steps: &[Step]) -> HashMap<String, Timeline> {
    let mut out: HashMap<String, Timeline> = HashMap::new();
    for step in steps {
        for change in &step.changes {
            match change {
                Change::Status(id, Some(status)) => out.entry(id.clone()).or_default().enter(Some(*status), step.date),
                // Gone, or no valid status: the stay ends (a renamed id's
                // timeline has already moved on, and none starts here).
                Change::Status(id, None) => {
                    if let Some(timeline) = out.get_mut(id) {
                        timeline.enter(None, step.date);
                    }
                }
                Change::Renamed { from, to } => {
                    // The file keeps its history under its new id, unless
                    // that id already has one of its own.
                    if !out.contains_key(to)
                        && let Some(timeline) = out.remove(from)
                    {
                        out.insert(to.clone(), timeline);
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_status_left_and_entered_again_is_two_stays_and_reached_once() {
        let step = |date, status| Step { date, changes: vec![Change::Status("P-1".into(), status)] };
        let t = &timelines(&[
            step(date!(2026 - 01 - 01), Some(Status::Accepted)),
            step(date!(2026 - 01 - 05), Some(Status::InProgress)),
            step(date!(2026 - 01 - 07), Some(Status::Accepted)),
            step(date!(2026 - 01 - 10), None),
        ])["P-1"];
        assert_eq!(t.reached[&Status::Accepted], date!(2026 - 01 - 01));
        assert_eq!(t.stays.len(), 3);
        assert_eq!(
            t.stays[2],
            Stay { status: Status::Accepted, from: date!(2026 - 01 - 07), to: Some(date!(2026 - 01 - 10)) }
        );
        assert_eq!(t.current(), None);
    }
}
