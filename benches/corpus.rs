//! A generated roadmap repository for benchmarks: N proposals following
//! SPEC, a roster with N/50 teams, roadmaps scheduling most proposals,
//! acyclic dependencies, and a small fraction of realistic mistakes.
//!
//! Used by the criterion benchmarks and, through `cargo run --release
//! --example corpus -- DIR N`, by `scripts/compare.sh`.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// A tiny deterministic generator (xorshift), so every run sees the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

pub const QUARTERS: [&str; 4] = ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"];

/// Every file of a corpus of `n` proposals: (repository-relative path, text).
pub fn files(n: usize) -> Vec<(String, String)> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let teams = (n / 50).max(1);
    let mut out = Vec::with_capacity(n + teams + 2);
    out.push(("roadmap/roster.yaml".to_owned(), roster(teams)));
    // The quarter each proposal is scheduled in: dependencies point only at
    // earlier proposals scheduled in the same or an earlier quarter.
    let quarter_of: Vec<usize> = (0..n).map(|i| (i * 4) / n.max(1)).collect();
    for i in 0..n {
        let team = i % teams;
        let mut deps = Vec::new();
        for _ in 0..rng.below(3) {
            if i > 0 {
                let j = rng.below(i as u64) as usize;
                if quarter_of[j] <= quarter_of[i] && !deps.contains(&j) {
                    deps.push(j);
                }
            }
        }
        let mistake = if rng.below(100) < 2 { rng.below(4) } else { 99 };
        out.push((format!("roadmap/proposals/P-{i:05}.yaml"), proposal(i, team, &deps, mistake)));
    }
    // One roadmap file per team, scheduling that team's proposals.
    for team in 0..teams {
        let mut text =
            format!("apiVersion: roadlint/v1\nkind: Roadmap\nid: plan-{team}\ntitle: Plan of team {team}\nitems:\n");
        for i in (team..n).step_by(teams) {
            let commitment = ["committed", "planned", "exploring"][i % 3];
            text.push_str(&format!(
                "  - id: R-{i:05}\n    proposal: P-{i:05}\n    team: team-{team}\n    quarter: {}\n    commitment: {commitment}\n",
                QUARTERS[quarter_of[i]]
            ));
        }
        out.push((format!("roadmap/plans/team-{team}.yaml"), text));
    }
    out
}

fn roster(teams: usize) -> String {
    let mut text = String::from("apiVersion: roadlint/v1\nkind: Roster\npeople:\n");
    for t in 0..teams {
        text.push_str(&format!(
            "  - id: pm-{t}\n    name: Product Manager {t}\n    roles: [product]\n  - id: eng-{t}\n    name: Engineer {t}\n    roles: [engineering]\n"
        ));
    }
    text.push_str("teams:\n");
    for t in 0..teams {
        text.push_str(&format!(
            "  - id: team-{t}\n    name: Team {t}\n    members: [pm-{t}, eng-{t}]\n    capacity:\n      2027-Q1: 400\n      2027-Q2: 400\n      2027-Q3: 400\n      2027-Q4: 400\n"
        ));
    }
    text
}

fn proposal(i: usize, team: usize, deps: &[usize], mistake: u64) -> String {
    let status = match (i % 10, mistake) {
        (_, 0) => "aproved",
        (0..=5, _) => "accepted",
        (6 | 7, _) => "in-progress",
        (8, _) => "shipped",
        _ => "proposed",
    };
    let mut text = format!(
        "apiVersion: roadlint/v1
kind: Proposal
id: P-{i:05}
title: Improve workflow number {i} for field technicians
status: {status}
created: 2026-10-01
owners:
  product: pm-{team}
  engineering: eng-{team}
summary: >
  Technicians lose time when step {i} of their workflow needs a network
  connection; this proposal makes it work offline and syncs later.
value:
  reach: {}
  impact: 2
  confidence: 0.8
estimate:
  effort: {}
  range: [1, 20]
  confidence: medium
  by: eng-{team}
",
        100 + i % 900,
        1 + i % 8
    );
    if mistake != 1 {
        text.push_str(
            "telemetry:
  hypothesis: Technicians complete more jobs without waiting for the network.
  metrics:
    - name: jobs_completed_offline
      event: job_completed
      baseline: 0
      target: 500
      direction: increase
  review_after: 2027-06-30
  dashboard: https://dashboards.example.com/offline
",
        );
    }
    if mistake == 2 {
        text.push_str("estimte: 3\n");
    }
    let mut refs: Vec<String> = deps.iter().map(|d| format!("P-{d:05}")).collect();
    if mistake == 3 {
        refs.push("P-99999".to_owned());
    }
    if !refs.is_empty() {
        text.push_str(&format!("depends_on: [{}]\n", refs.join(", ")));
    }
    text
}

/// Writes the corpus into `dir`, commits it, and returns the number of files.
pub fn write_repo(dir: &Path, n: usize) -> std::io::Result<usize> {
    let files = files(n);
    for (path, text) in &files {
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(full, text)?;
    }
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", "bench")
            .env("GIT_AUTHOR_EMAIL", "bench@example.com")
            .env("GIT_COMMITTER_NAME", "bench")
            .env("GIT_COMMITTER_EMAIL", "bench@example.com")
            .output()
    };
    git(&["init", "-q", "-b", "main"])?;
    git(&["add", "-A"])?;
    git(&["commit", "-q", "-m", "corpus"])?;
    Ok(files.len())
}
