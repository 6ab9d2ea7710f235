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

/// Days the generated history spans (two years).
pub const HISTORY_DAYS: i64 = 730;
/// Where the generated history starts: 2025-01-06T09:00:00Z.
const HISTORY_START: i64 = 1_736_154_000;

/// A proposal's text at `status`, with an outcome when `actual` is given.
fn versioned(i: usize, team: usize, status: &str, actual: Option<u64>) -> String {
    let mut text = proposal(i, team, &[], 99);
    if let (Some(start), Some(end)) = (text.find("\nstatus: "), text.find("\ncreated: ")) {
        text.replace_range(start..end, &format!("\nstatus: {status}"));
    }
    if let Some(actual) = actual {
        text.push_str(&format!(
            "outcome:\n  reviewed_on: 2026-12-01\n  result: met\n  metrics:\n    - name: jobs_completed_offline\n      observed: 520\n  actual_effort: {actual}\n"
        ));
    }
    text
}

/// Writes a repository whose first-parent history brings `n` proposals
/// through their lifecycle over `commits` commits spanning two years:
/// created as drafts, proposed, accepted or rejected, started, shipped and
/// reviewed; one in twenty renamed once, one in ten moved back from
/// in-progress to accepted for a while. Commits are built with git2
/// directly (trees from the changed folders up), not a `git` per commit.
/// Returns the number of commits.
pub fn write_history_repo(dir: &Path, n: usize, commits: usize) -> Result<usize, git2::Error> {
    use std::collections::BTreeMap;
    let repo = git2::Repository::init(dir)?;
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let teams = (n / 50).max(1);
    let commits = commits.max(2);
    // Events per commit: (proposal, status or outcome, renamed).
    #[derive(Clone, Copy)]
    enum Event {
        Status(&'static str),
        Outcome(u64),
        Rename,
    }
    let mut events: Vec<Vec<(usize, Event)>> = vec![Vec::new(); commits];
    let span = (commits - 1) as u64;
    for i in 0..n {
        let mut at = 1 + rng.below(span * 6 / 10);
        let step = |rng: &mut Rng, at: &mut u64, gap: u64| {
            *at = (*at + 1 + rng.below(gap)).min(span);
            *at as usize
        };
        events[at as usize].push((i, Event::Status("draft")));
        events[step(&mut rng, &mut at, 40)].push((i, Event::Status("proposed")));
        if rng.below(10) == 0 {
            events[step(&mut rng, &mut at, 200)].push((i, Event::Status("rejected")));
            continue;
        }
        events[step(&mut rng, &mut at, 200)].push((i, Event::Status("accepted")));
        if rng.below(20) == 0 {
            events[step(&mut rng, &mut at, 100)].push((i, Event::Rename));
        }
        events[step(&mut rng, &mut at, 100)].push((i, Event::Status("in-progress")));
        if rng.below(10) == 0 {
            events[step(&mut rng, &mut at, 60)].push((i, Event::Status("accepted")));
            events[step(&mut rng, &mut at, 60)].push((i, Event::Status("in-progress")));
        }
        events[step(&mut rng, &mut at, 400)].push((i, Event::Status("shipped")));
        if rng.below(2) == 0 {
            events[step(&mut rng, &mut at, 300)].push((i, Event::Outcome(1 + rng.below(12))));
        }
    }
    // Proposals live in 100 folders, so a commit rebuilds a few small trees.
    let folder = |i: usize| format!("{:02}", i % 100);
    let mut names: Vec<String> = (0..n).map(|i| format!("P-{i:05}.yaml")).collect();
    let mut status: Vec<&'static str> = vec!["draft"; n];
    let mut shards: BTreeMap<String, BTreeMap<String, git2::Oid>> = BTreeMap::new();
    let mut shard_trees: BTreeMap<String, git2::Oid> = BTreeMap::new();
    // The roster and the roadmaps, from the first commit on.
    let mut fixed: BTreeMap<String, git2::Oid> = BTreeMap::new();
    let mut plans: BTreeMap<String, git2::Oid> = BTreeMap::new();
    for (path, text) in files(n) {
        let oid = repo.blob(text.as_bytes())?;
        if let Some(name) = path.strip_prefix("roadmap/plans/") {
            plans.insert(name.to_owned(), oid);
        } else if let Some(name) = path.strip_prefix("roadmap/").filter(|p| !p.contains('/')) {
            fixed.insert(name.to_owned(), oid);
        }
    }
    let tree_of = |entries: &BTreeMap<String, git2::Oid>, mode: i32| -> Result<git2::Oid, git2::Error> {
        let mut builder = repo.treebuilder(None)?;
        for (name, oid) in entries {
            builder.insert(name, *oid, mode)?;
        }
        builder.write()
    };
    let plans_tree = tree_of(&plans, 0o100644)?;
    let mut parent: Option<git2::Oid> = None;
    for (k, today) in events.into_iter().enumerate() {
        let mut touched = std::collections::BTreeSet::new();
        for (i, event) in today {
            let shard = shards.entry(folder(i)).or_default();
            let actual = match event {
                Event::Status(s) => {
                    status[i] = s;
                    None
                }
                Event::Outcome(actual) => Some(actual),
                Event::Rename => {
                    shard.remove(&names[i]);
                    names[i] = format!("P-{i:05}-workflow-{i}.yaml");
                    None
                }
            };
            let text = versioned(i, i % teams, status[i], actual);
            shard.insert(names[i].clone(), repo.blob(text.as_bytes())?);
            touched.insert(folder(i));
        }
        for name in touched {
            let tree = tree_of(&shards[&name], 0o100644)?;
            shard_trees.insert(name, tree);
        }
        let proposals = tree_of(&shard_trees, 0o040000)?;
        let mut roadmap: BTreeMap<String, (git2::Oid, i32)> =
            fixed.iter().map(|(name, oid)| (name.clone(), (*oid, 0o100644))).collect();
        roadmap.insert("plans".to_owned(), (plans_tree, 0o040000));
        if !shard_trees.is_empty() {
            roadmap.insert("proposals".to_owned(), (proposals, 0o040000));
        }
        let mut builder = repo.treebuilder(None)?;
        for (name, (oid, mode)) in &roadmap {
            builder.insert(name, *oid, *mode)?;
        }
        let roadmap_tree = builder.write()?;
        let mut root = repo.treebuilder(None)?;
        root.insert("roadmap", roadmap_tree, 0o040000)?;
        let tree = repo.find_tree(root.write()?)?;
        let seconds = HISTORY_START + (k as i64 * HISTORY_DAYS * 86_400) / commits as i64;
        let signature = git2::Signature::new("bench", "bench@example.com", &git2::Time::new(seconds, 0))?;
        let parents: Vec<git2::Commit<'_>> = parent.map(|p| repo.find_commit(p)).transpose()?.into_iter().collect();
        let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        parent = Some(repo.commit(None, &signature, &signature, &format!("step {k}"), &tree, &refs)?);
    }
    if let Some(head) = parent {
        repo.reference("refs/heads/main", head, true, "history corpus")?;
        repo.set_head("refs/heads/main")?;
    }
    // Packed, as a real repository's history is (one `git`, not one a commit):
    // loose objects would make the benchmark measure zlib and the file system.
    let packed = Command::new("git").args(["repack", "-adq"]).current_dir(dir).status();
    if !packed.is_ok_and(|s| s.success()) {
        return Err(git2::Error::from_str("git repack failed"));
    }
    Ok(commits)
}
