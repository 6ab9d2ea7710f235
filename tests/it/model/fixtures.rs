//! Small builders for hand-written repositories (the regression tests).

use super::data::*;

pub fn person(id: &str, roles: &[Role]) -> Person {
    Person { id: id.to_owned(), name: format!("Person {id}"), roles: roles.to_vec() }
}

pub fn team(id: &str, members: &[&str], capacity: &[(&str, f64)]) -> Team {
    Team {
        id: id.to_owned(),
        name: format!("Team {id}"),
        members: members.iter().map(|m| (*m).to_owned()).collect(),
        capacity: capacity.iter().map(|(q, c)| ((*q).to_owned(), *c)).collect(),
    }
}

/// A proposal with nothing but its identity, in `roadmap/proposals/ID.yaml`.
pub fn proposal(id: &str, status: Status) -> Proposal {
    Proposal {
        file: format!("roadmap/proposals/{id}.yaml"),
        id: id.to_owned(),
        status,
        owners: None,
        value: None,
        estimate: None,
        telemetry: None,
        depends_on: Vec::new(),
        waivers: Vec::new(),
        outcome: None,
    }
}

pub fn text(value: &str) -> Slot {
    Slot::Text(value.to_owned())
}

/// A complete value score.
pub fn value() -> Value {
    Value { reach: Some(100.0), impact: Some(1.0), confidence: Some(0.5), x_key: false }
}

pub fn estimate(effort: f64, by: &str) -> Estimate {
    Estimate { effort, range: None, by: text(by), x_key: false }
}

pub fn item(id: &str, proposal: &str, team: &str, quarter: &str, commitment: Commitment) -> Item {
    Item {
        id: id.to_owned(),
        proposal: proposal.to_owned(),
        team: team.to_owned(),
        quarter: quarter.to_owned(),
        commitment,
    }
}

pub fn waiver(rule: &str, approved_by: &str, expires: &str) -> Waiver {
    Waiver {
        rule: rule.to_owned(),
        reason: "Regulatory requirement.".to_owned(),
        approved_by: text(approved_by),
        expires: expires.to_owned(),
    }
}

/// A repository with `roadmap/roster.yaml` and one roadmap, `roadmap/plan-1.yaml`.
pub fn repo(people: Vec<Person>, teams: Vec<Team>, items: Vec<Item>, proposals: Vec<Proposal>) -> Repo {
    Repo {
        rosters: vec![RosterFile { file: "roadmap/roster.yaml".to_owned(), roster: Roster { people, teams } }],
        roadmaps: vec![Roadmap { file: "roadmap/plan-1.yaml".to_owned(), id: "2027-H1".to_owned(), items }],
        proposals,
    }
}
