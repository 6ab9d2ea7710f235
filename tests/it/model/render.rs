//! Data → YAML text that its kind's JSON Schema accepts (schemas/*.json):
//! texts are double-quoted (JSON strings are YAML), numbers and dates plain.

use super::data::*;
use std::fmt::Write as _;

fn q(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

fn num(n: f64) -> String {
    format!("{n}")
}

fn slot(out: &mut String, indent: &str, key: &str, value: &Slot) {
    match value {
        Slot::Absent => {}
        Slot::Null => writeln!(out, "{indent}{key}: null").unwrap(),
        Slot::Text(text) => writeln!(out, "{indent}{key}: {}", q(text)).unwrap(),
    }
}

pub fn roster(roster: &Roster) -> String {
    let people = if roster.people.is_empty() { " []" } else { "" };
    let mut out = format!("apiVersion: roadlint/v1\nkind: Roster\npeople:{people}\n");
    for person in &roster.people {
        let roles: Vec<&str> = person.roles.iter().map(|r| r.as_str()).collect();
        writeln!(out, "  - id: {}\n    name: {}\n    roles: [{}]", person.id, q(&person.name), roles.join(", "))
            .unwrap();
    }
    if !roster.teams.is_empty() {
        out.push_str("teams:\n");
    }
    for team in &roster.teams {
        writeln!(out, "  - id: {}\n    name: {}\n    members: [{}]", team.id, q(&team.name), team.members.join(", "))
            .unwrap();
        if !team.capacity.is_empty() {
            out.push_str("    capacity:\n");
            for (quarter, weeks) in &team.capacity {
                writeln!(out, "      {quarter}: {}", num(*weeks)).unwrap();
            }
        }
    }
    out
}

pub fn roadmap(roadmap: &Roadmap) -> String {
    let mut out =
        format!("apiVersion: roadlint/v1\nkind: Roadmap\nid: {}\ntitle: Roadmap {}\n", q(&roadmap.id), roadmap.id);
    if roadmap.items.is_empty() {
        out.push_str("items: []\n");
        return out;
    }
    out.push_str("items:\n");
    for item in &roadmap.items {
        writeln!(
            out,
            "  - id: {}\n    proposal: {}\n    team: {}\n    quarter: {}\n    commitment: {}",
            item.id,
            item.proposal,
            item.team,
            item.quarter,
            item.commitment.as_str()
        )
        .unwrap();
    }
    out
}

pub fn proposal(p: &Proposal) -> String {
    let mut out = format!(
        "apiVersion: roadlint/v1\nkind: Proposal\nid: {}\ntitle: Proposal {}\nstatus: {}\ncreated: 2026-10-01\n",
        p.id,
        p.id,
        p.status.as_str()
    );
    if let Some(owners) = &p.owners {
        if owners.product == Slot::Absent && owners.engineering == Slot::Absent && !owners.x_key {
            out.push_str("owners: {}\n");
        } else {
            out.push_str("owners:\n");
            slot(&mut out, "  ", "product", &owners.product);
            slot(&mut out, "  ", "engineering", &owners.engineering);
            if owners.x_key {
                out.push_str("  x-note: pairing agreed in the kickoff\n");
            }
        }
    }
    out.push_str("summary: Generated for the model-based test.\n");
    if let Some(value) = &p.value {
        let empty = value.reach.is_none() && value.impact.is_none() && value.confidence.is_none() && !value.x_key;
        if empty {
            out.push_str("value: {}\n");
        } else {
            out.push_str("value:\n");
            for (key, v) in [("reach", value.reach), ("impact", value.impact), ("confidence", value.confidence)] {
                if let Some(v) = v {
                    writeln!(out, "  {key}: {}", num(v)).unwrap();
                }
            }
            if value.x_key {
                out.push_str("  x-source: survey\n");
            }
        }
    }
    if let Some(estimate) = &p.estimate {
        writeln!(out, "estimate:\n  effort: {}", num(estimate.effort)).unwrap();
        if let Some((low, high)) = estimate.range {
            writeln!(out, "  range: [{}, {}]", num(low), num(high)).unwrap();
        }
        out.push_str("  confidence: medium\n");
        slot(&mut out, "  ", "by", &estimate.by);
        if estimate.x_key {
            out.push_str("  x-spike: done\n");
        }
    }
    if let Some(t) = &p.telemetry {
        let empty = t.hypothesis == Slot::Absent && t.metrics.is_none() && t.review_after.is_none() && !t.x_key;
        if empty {
            out.push_str("telemetry: {}\n");
        } else {
            out.push_str("telemetry:\n");
            slot(&mut out, "  ", "hypothesis", &t.hypothesis);
            match &t.metrics {
                None => {}
                Some(metrics) if metrics.is_empty() => out.push_str("  metrics: []\n"),
                Some(metrics) => {
                    out.push_str("  metrics:\n");
                    for m in metrics {
                        writeln!(out, "    - name: {}\n      event: {}_event", m.name, m.name).unwrap();
                        if let Some(target) = m.target {
                            writeln!(out, "      target: {}", num(target)).unwrap();
                        }
                        out.push_str("      direction: increase\n");
                    }
                }
            }
            if let Some(date) = &t.review_after {
                writeln!(out, "  review_after: {date}").unwrap();
            }
            if t.x_key {
                out.push_str("  x-owner-team: analytics\n");
            }
        }
    }
    if !p.depends_on.is_empty() {
        writeln!(out, "depends_on: [{}]", p.depends_on.join(", ")).unwrap();
    }
    if !p.waivers.is_empty() {
        out.push_str("waivers:\n");
        for w in &p.waivers {
            writeln!(out, "  - rule: {}\n    reason: {}", q(&w.rule), q(&w.reason)).unwrap();
            slot(&mut out, "    ", "approved_by", &w.approved_by);
            if w.approved_by == Slot::Absent {
                // `approved_by` is required by the schema: a missing approver is `null`.
                out.push_str("    approved_by: null\n");
            }
            writeln!(out, "    expires: {}", w.expires).unwrap();
        }
    }
    if let Some(o) = &p.outcome {
        out.push_str("outcome:\n");
        if let Some(date) = &o.reviewed_on {
            writeln!(out, "  reviewed_on: {date}").unwrap();
        }
        if let Some(result) = &o.result {
            writeln!(out, "  result: {result}").unwrap();
        }
        if !o.metrics.is_empty() {
            out.push_str("  metrics:\n");
            for name in &o.metrics {
                writeln!(out, "    - name: {name}\n      observed: 7").unwrap();
            }
        }
        if o.reviewed_on.is_none() && o.result.is_none() && o.metrics.is_empty() {
            out.push_str("  learnings: Not reviewed yet.\n");
        }
    }
    out
}

/// Every file of the repository, `(path, text)`, in path (byte) order.
pub fn files(repo: &Repo) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = repo.rosters.iter().map(|r| (r.file.clone(), roster(&r.roster))).collect();
    files.extend(repo.roadmaps.iter().map(|r| (r.file.clone(), roadmap(r))));
    files.extend(repo.proposals.iter().map(|p| (p.file.clone(), proposal(p))));
    files.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    files
}
