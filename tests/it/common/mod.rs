//! Shared test support: real git repositories in temp dirs, and a way to run
//! the built binary in them.
#![allow(dead_code)]

pub mod invariants;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const TODAY: &str = "2026-11-25";

/// A git repository in a temporary directory.
pub struct TestRepo {
    dir: tempfile::TempDir,
}

/// What one roadlint run gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The JSON report (the run must have used `--format json`).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr: {}", self.stdout, self.stderr))
    }

    /// `(rule, severity, file, line, column)` of every diagnostic, in report order.
    pub fn findings(&self) -> Vec<(String, String, String, u64, u64)> {
        self.json()["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|d| {
                (
                    d["rule"].as_str().unwrap_or_default().to_owned(),
                    d["severity"].as_str().unwrap_or_default().to_owned(),
                    d["file"].as_str().unwrap_or_default().to_owned(),
                    d["line"].as_u64().unwrap_or_default(),
                    d["column"].as_u64().unwrap_or_default(),
                )
            })
            .collect()
    }

    /// The notes of the JSON report.
    pub fn notes(&self) -> Vec<String> {
        self.json()["notes"].as_array().expect("notes").iter().filter_map(|n| n.as_str().map(str::to_owned)).collect()
    }

    /// The diagnostics of one rule.
    pub fn of_rule(&self, rule: &str) -> Vec<Value> {
        self.json()["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["rule"] == rule)
            .cloned()
            .collect()
    }
}

impl TestRepo {
    pub fn new() -> TestRepo {
        let repo = TestRepo { dir: tempfile::tempdir().expect("temp dir") };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, text: impl AsRef<[u8]>) -> &Self {
        let full = self.dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
        self
    }

    pub fn remove(&self, path: &str) -> &Self {
        std::fs::remove_file(self.dir.path().join(path)).expect("remove");
        self
    }

    /// Runs git in the repository and returns its standard output.
    pub fn git(&self, args: &[&str]) -> String {
        git_at(self.dir.path(), args)
    }

    /// Stages everything and commits.
    pub fn commit(&self, message: &str) -> &Self {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
        self
    }

    /// Runs roadlint with `--today` fixed, in `dir` relative to the repository.
    pub fn run_in(&self, dir: &str, args: &[&str]) -> Run {
        run_at(&self.dir.path().join(dir), args)
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in(".", args)
    }

    /// `roadlint check --format json` plus `args`.
    pub fn check(&self, args: &[&str]) -> Run {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        self.run(&all)
    }
}

/// Runs roadlint with `--today` fixed in any directory.
pub fn run_at(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .env("ROADLINT_TODAY", TODAY)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("NO_COLOR")
        .output()
        .expect("roadlint runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs git with a fixed identity and no system configuration in `dir`.
pub fn git_at(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_roadlint"))
}

pub const P: &str = "roadmap/proposals/";

pub const ROSTER: &str = "\
apiVersion: roadlint/v1
kind: Roster
people:
  - id: maya
    name: Maya Chen
    roles: [product]
  - id: li
    name: Li Wei
    roles: [engineering]
  - id: omar
    name: Omar Haddad
    roles: [engineering]
  - id: sara
    name: Sara Berg
    roles: [product, engineering]
teams:
  - id: payments
    name: Payments
    members: [maya, li]
    capacity:
      2027-Q3: 12
      2027-Q4: 12
  - id: growth
    name: Growth
    members: [sara, omar]
    capacity:
      2027-Q3: 20
";

/// A complete proposal (status `accepted` unless changed), line by line:
/// 1 apiVersion, 2 kind, 3 id, 4 title, 5 status, 6 created, 7 owners,
/// 8 product, 9 engineering, 10 summary, 11 value, 12 reach, 13 impact,
/// 14 confidence, 15 estimate, 16 effort, 17 confidence, 18 by,
/// 19 telemetry, 20 hypothesis, 21 metrics, 22 - name, 23 event, 24 target,
/// 25 direction, 26 review_after.
pub fn proposal(id: &str, status: &str, effort: u32) -> String {
    format!(
        "apiVersion: roadlint/v1
kind: Proposal
id: {id}
title: Proposal {id}
status: {status}
created: 2026-10-01
owners:
  product: maya
  engineering: li
summary: Summary of {id}.
value:
  reach: 1000
  impact: 2
  confidence: 0.8
estimate:
  effort: {effort}
  confidence: medium
  by: li
telemetry:
  hypothesis: It helps.
  metrics:
    - name: metric_one
      event: thing_happened
      target: 100
      direction: increase
  review_after: 2027-06-30
"
    )
}

/// A roadmap with items `(id, proposal, team, quarter, commitment)`; item n
/// (from 0) starts on line 6 + 5n.
pub fn roadmap(id: &str, items: &[(&str, &str, &str, &str, &str)]) -> String {
    let mut text = format!("apiVersion: roadlint/v1\nkind: Roadmap\nid: {id}\ntitle: Roadmap {id}\nitems:\n");
    for (item, proposal, team, quarter, commitment) in items {
        text.push_str(&format!(
            "  - id: {item}\n    proposal: {proposal}\n    team: {team}\n    quarter: {quarter}\n    commitment: {commitment}\n"
        ));
    }
    text
}

/// A repository with a roster, two accepted proposals and a roadmap, committed: clean.
pub fn clean_repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("roadmap/roster.yaml", ROSTER)
        .write(&format!("{P}PAY-1.yaml"), proposal("PAY-1", "accepted", 5))
        .write(&format!("{P}PAY-2.yaml"), proposal("PAY-2", "accepted", 4))
        .write("roadmap/2027-H2.yaml", roadmap("2027-H2", &[("PLAN-1", "PAY-1", "payments", "2027-Q3", "committed")]))
        .commit("clean");
    repo
}

/// An outside tool on PATH, by name. Outside CI a missing one skips the
/// test with a message; in CI (`CI` set) it fails it: a green CI must mean
/// the test ran.
pub fn tool(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|dir| dir.join(name)).find(|p| p.is_file()));
    if found.is_none() {
        assert!(std::env::var_os("CI").is_none(), "{name} is required in CI (scripts/test.sh installs it)");
        eprintln!("skipped: {name} is not installed");
    }
    found
}
