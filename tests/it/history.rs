//! `roadlint report --history` on real repositories with dated commits
//! (GIT_AUTHOR_DATE and GIT_COMMITTER_DATE set per commit): the dates each
//! status was reached and the durations, exactly, in the JSON; the
//! markdown's tables; base mode's deltas; the HTML in headless Chromium.

use crate::common::{P, ROSTER, TODAY, TestRepo, proposal, roadmap};
use serde_json::{Value, json};
use std::process::Command;

/// Runs git in the repository with both dates set to noon UTC of `date`.
fn git_on(repo: &TestRepo, date: &str, args: &[&str]) {
    let stamp = format!("{date}T12:00:00Z");
    let out = Command::new("git")
        .args(args)
        .current_dir(repo.path())
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", &stamp)
        .env("GIT_COMMITTER_DATE", &stamp)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// Stages everything and commits on `date`.
fn commit_on(repo: &TestRepo, date: &str) {
    repo.git(&["add", "-A"]);
    git_on(repo, date, &["commit", "-q", "--allow-empty", "-m", date]);
}

/// A proposal at `status`, in `P-N.yaml`.
fn write(repo: &TestRepo, id: &str, status: &str) {
    repo.write(&format!("{P}{id}.yaml"), proposal(id, status, 4));
}

fn history(repo: &TestRepo, args: &[&str]) -> Value {
    let mut all = vec!["report", "--history", "--format", "json"];
    all.extend_from_slice(args);
    let run = repo.run(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()["history"].clone()
}

/// One proposal's figures.
fn figures<'a>(h: &'a Value, id: &str) -> &'a Value {
    h["proposals"].as_array().and_then(|ps| ps.iter().find(|p| p["id"] == id)).unwrap_or_else(|| panic!("no {id}"))
}

fn new_repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("roadmap/roster.yaml", ROSTER);
    repo
}

#[test]
fn a_renamed_file_keeps_its_history_even_when_its_id_changes() {
    let repo = new_repo();
    write(&repo, "P-1", "proposed");
    commit_on(&repo, "2026-01-01");
    repo.git(&["mv", &format!("{P}P-1.yaml"), &format!("{P}P-1-offline.yaml")]);
    commit_on(&repo, "2026-01-05");
    repo.write(&format!("{P}P-1-offline.yaml"), proposal("P-1", "accepted", 4));
    commit_on(&repo, "2026-01-11");
    // Moved again, with a new id: the history continues as P-7.
    repo.remove(&format!("{P}P-1-offline.yaml"));
    repo.write(&format!("{P}P-7.yaml"), proposal("P-1", "in-progress", 4).replace("id: P-1\n", "id: P-7\n"));
    commit_on(&repo, "2026-01-20");
    let h = history(&repo, &[]);
    let p = figures(&h, "P-7");
    assert_eq!(p["reached"], json!({"proposed": "2026-01-01", "accepted": "2026-01-11", "in-progress": "2026-01-20"}));
    assert_eq!(p["decision_days"], 10);
    assert_eq!(p["days_in_status"], json!({"proposed": 10, "accepted": 9, "in-progress": 309}));
    assert_eq!(h["proposals"].as_array().map(Vec::len), Some(1), "P-1 is not a proposal of its own");
}

#[test]
fn every_stay_in_a_status_counts_when_it_moves_back() {
    let repo = new_repo();
    for (date, status) in [
        ("2026-01-01", "accepted"),
        ("2026-01-04", "in-progress"),
        ("2026-01-10", "accepted"),
        ("2026-01-12", "in-progress"),
        ("2026-01-20", "shipped"),
    ] {
        write(&repo, "P-1", status);
        commit_on(&repo, date);
    }
    let h = history(&repo, &[]);
    let p = figures(&h, "P-1");
    // Reached once, on the first day; the return does not move it.
    assert_eq!(p["reached"], json!({"accepted": "2026-01-01", "in-progress": "2026-01-04", "shipped": "2026-01-20"}));
    assert_eq!(p["lead_days"], 19);
    assert_eq!(p["decision_days"], Value::Null, "never proposed in this history");
    // accepted 3 + 2; in-progress 6 + 8; shipped to today (2026-11-25).
    assert_eq!(p["days_in_status"], json!({"accepted": 5, "in-progress": 14, "shipped": 309}));
    assert_eq!(
        h["time_in_status"][0],
        json!({"status": "accepted", "total_days": 5, "days": {"count": 1, "median": 5.0, "p90": 5.0}})
    );
}

#[test]
fn a_proposal_deleted_and_added_again_keeps_its_first_dates() {
    let repo = new_repo();
    write(&repo, "P-1", "proposed");
    commit_on(&repo, "2026-01-01");
    repo.remove(&format!("{P}P-1.yaml"));
    commit_on(&repo, "2026-01-05");
    write(&repo, "P-1", "proposed");
    commit_on(&repo, "2026-01-10");
    write(&repo, "P-1", "accepted");
    commit_on(&repo, "2026-01-15");
    let p = figures(&history(&repo, &[]), "P-1").clone();
    assert_eq!(p["reached"], json!({"proposed": "2026-01-01", "accepted": "2026-01-15"}));
    assert_eq!(p["decision_days"], 14);
    // The days it was gone are in no status: 4 + 5 in proposed.
    assert_eq!(p["days_in_status"]["proposed"], 9);
}

#[test]
fn only_the_first_parent_history_counts_and_the_merge_commit_does() {
    let repo = new_repo();
    write(&repo, "P-1", "proposed");
    commit_on(&repo, "2026-01-01");
    repo.git(&["checkout", "-q", "-b", "side"]);
    write(&repo, "P-1", "accepted");
    commit_on(&repo, "2026-01-03");
    write(&repo, "P-1", "in-progress");
    commit_on(&repo, "2026-01-04");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("notes.txt", "unrelated\n");
    commit_on(&repo, "2026-01-05");
    git_on(&repo, "2026-01-08", &["merge", "-q", "--no-ff", "-m", "merge side", "side"]);
    let h = history(&repo, &[]);
    assert_eq!(h["commits"], 3);
    assert_eq!((&h["first_commit"], &h["last_commit"]), (&json!("2026-01-01"), &json!("2026-01-08")));
    let p = figures(&h, "P-1");
    // The side branch's accepted (2026-01-03) is never seen: the merge brings in-progress.
    assert_eq!(p["reached"], json!({"proposed": "2026-01-01", "in-progress": "2026-01-08"}));
    assert_eq!(p["decision_days"], Value::Null);
    assert_eq!(p["days_in_status"], json!({"proposed": 7, "in-progress": 321}));
}

#[test]
fn a_history_without_status_changes_has_waiting_and_no_durations() {
    let repo = new_repo();
    write(&repo, "P-1", "proposed");
    commit_on(&repo, "2026-01-01");
    repo.write(&format!("{P}P-1.yaml"), proposal("P-1", "proposed", 4).replace("Summary of", "Better summary of"));
    commit_on(&repo, "2026-02-01");
    repo.write("notes.txt", "unrelated\n");
    commit_on(&repo, "2026-03-01");
    let h = history(&repo, &[]);
    assert_eq!(h["commits"], 3);
    assert_eq!(h["headline"], "No proposal has been through a decision, delivery or review yet.");
    for figure in ["decision_days", "lead_days", "review_days", "accuracy"] {
        assert_eq!(h["overall"][figure], json!({"count": 0, "median": null, "p90": null}), "{figure}");
    }
    assert_eq!(h["waiting"], json!([{"id": "P-1", "title": "Proposal P-1", "proposed_on": "2026-01-01", "days": 328}]));
    assert_eq!(figures(&h, "P-1")["days_in_status"], json!({"proposed": 328}));
}

#[test]
fn since_drops_the_commits_before_it() {
    let repo = new_repo();
    write(&repo, "P-1", "proposed");
    commit_on(&repo, "2026-01-01");
    write(&repo, "P-2", "proposed");
    commit_on(&repo, "2026-01-20");
    write(&repo, "P-1", "accepted");
    commit_on(&repo, "2026-02-01");
    let h = history(&repo, &["--since", "2026-01-15"]);
    assert_eq!(
        (&h["since"], &h["commits"], &h["first_commit"]),
        (&json!("2026-01-15"), &json!(2), &json!("2026-01-20"))
    );
    // The history starts on 2026-01-20, where P-1 is already proposed.
    assert_eq!(figures(&h, "P-1")["reached"], json!({"proposed": "2026-01-20", "accepted": "2026-02-01"}));
    assert_eq!(figures(&h, "P-1")["decision_days"], 12);
    assert_eq!(figures(&h, "P-2")["waiting_days"], 309);
    let bad = repo.run(&["report", "--history", "--since", "2026-02-30"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("`2026-02-30` is not a date (--since)"), "{}", bad.stderr);
    assert_eq!(repo.run(&["report", "--since", "2026-01-15"]).code, 2, "--since needs --history");
}

#[test]
fn waiting_lists_proposed_work_longest_first_and_accuracy_divides_actual_by_estimate() {
    let repo = new_repo();
    write(&repo, "P-1", "proposed");
    commit_on(&repo, "2026-11-01");
    write(&repo, "P-2", "proposed");
    repo.write(
        &format!("{P}P-3.yaml"),
        proposal("P-3", "shipped", 4) + "outcome:\n  reviewed_on: 2026-11-20\n  result: met\n  actual_effort: 6\n",
    );
    commit_on(&repo, "2026-11-10");
    let h = history(&repo, &[]);
    let waiting: Vec<(String, i64)> = h["waiting"]
        .as_array()
        .expect("waiting")
        .iter()
        .map(|w| (w["id"].as_str().unwrap_or("").to_owned(), w["days"].as_i64().unwrap_or(-1)))
        .collect();
    assert_eq!(waiting, [("P-1".to_owned(), 24), ("P-2".to_owned(), 15)]);
    assert_eq!(figures(&h, "P-3")["accuracy"], 1.5);
    assert_eq!(figures(&h, "P-3")["review_days"], 10);
    assert_eq!(h["overall"]["accuracy"], json!({"count": 1, "median": 1.5, "p90": 1.5}));
}

/// Proposals each proposed on 2026-01-01 and accepted `days` later, in
/// `team`'s roadmap items.
fn decided(repo: &TestRepo, proposals: &[(&str, i64, &str)]) {
    for (id, _, _) in proposals {
        write(repo, id, "proposed");
    }
    let items: Vec<(String, &str, &str)> =
        proposals.iter().map(|(id, _, team)| (format!("R-{id}"), *id, *team)).collect();
    let rows: Vec<(&str, &str, &str, &str, &str)> =
        items.iter().map(|(item, id, team)| (item.as_str(), *id, *team, "2027-Q3", "planned")).collect();
    repo.write("roadmap/2027-H2.yaml", roadmap("2027-H2", &rows));
    commit_on(repo, "2026-01-01");
    let mut order: Vec<&(&str, i64, &str)> = proposals.iter().collect();
    order.sort_by_key(|(_, days, _)| *days);
    for (id, days, _) in order {
        write(repo, id, "accepted");
        let date = time::Date::from_calendar_date(2026, time::Month::January, 1).expect("a date")
            + time::Duration::days(*days);
        commit_on(repo, &date.to_string());
    }
}

#[test]
fn teams_have_their_own_median_and_p90_by_nearest_rank() {
    let repo = new_repo();
    decided(
        &repo,
        &[
            ("P-1", 1, "payments"),
            ("P-2", 2, "payments"),
            ("P-3", 3, "payments"),
            ("P-4", 4, "payments"),
            ("P-5", 10, "growth"),
        ],
    );
    let h = history(&repo, &[]);
    // payments 1, 2, 3, 4: median rank ⌈2⌉ = 2, p90 rank ⌈3.6⌉ = 4.
    let teams: Vec<(Value, Value)> =
        h["teams"].as_array().expect("teams").iter().map(|t| (t["team"].clone(), t["decision_days"].clone())).collect();
    assert_eq!(
        teams,
        [
            (json!("growth"), json!({"count": 1, "median": 10.0, "p90": 10.0})),
            (json!("payments"), json!({"count": 4, "median": 2.0, "p90": 4.0})),
        ]
    );
    // Every proposal, 1, 2, 3, 4, 10: median rank 3, p90 rank ⌈4.5⌉ = 5.
    assert_eq!(h["overall"]["decision_days"], json!({"count": 5, "median": 3.0, "p90": 10.0}));
    assert_eq!(figures(&h, "P-5")["teams"], json!(["growth"]));
}

#[test]
fn the_slowest_stage_is_named_in_one_sentence_at_the_top() {
    let repo = new_repo();
    repo.write("roadmap/2027-H2.yaml", roadmap("2027-H2", &[("R-1", "P-1", "payments", "2027-Q3", "committed")]));
    for (date, status) in [("2026-01-01", "proposed"), ("2026-01-06", "accepted"), ("2026-03-01", "shipped")] {
        write(&repo, "P-1", status);
        commit_on(&repo, date);
    }
    let h = history(&repo, &[]);
    let sentence =
        "Delivery (accepted → shipped) is the slowest stage: a median of 54 days over 1 proposal (decision 5 days).";
    assert_eq!(h["headline"], sentence);
    assert_eq!(h["teams"][0]["slowest_stage"], "delivery");
    let markdown = repo.run(&["report", "--history"]).stdout;
    let history = markdown.find("## History\n\n").expect("a history section");
    assert!(markdown[history..].starts_with(&format!("## History\n\n**{sentence}**\n")), "{markdown}");
    assert!(history < markdown.find("## Capacity").expect("capacity"), "the history comes first");
    assert!(markdown.contains("| lead time (accepted → shipped) | 1 | 54 days | 54 days |\n"), "{markdown}");
    assert!(
        markdown.contains("| payments | 1 | 5 days / 5 days | 54 days / 54 days | – / – | – / – | delivery |\n"),
        "{markdown}"
    );
}

#[test]
fn base_mode_says_what_the_change_does_to_the_numbers() {
    let repo = new_repo();
    write(&repo, "P-1", "proposed");
    commit_on(&repo, "2026-01-01");
    write(&repo, "P-1", "accepted");
    write(&repo, "P-2", "proposed");
    commit_on(&repo, "2026-01-06");
    repo.git(&["checkout", "-q", "-b", "change"]);
    write(&repo, "P-2", "accepted");
    write(&repo, "P-3", "proposed");
    commit_on(&repo, "2026-01-21");
    let h = history(&repo, &["--base", "main"]);
    let change = &h["change"];
    // Base: P-1 decided in 5 days. Head: 5 and 15 (median rank 1: 5; p90: 15).
    assert_eq!(
        change["decision_days"],
        json!({
            "base": {"count": 1, "median": 5.0, "p90": 5.0},
            "head": {"count": 2, "median": 5.0, "p90": 15.0},
            "count": 1, "median": 0.0, "p90": 10.0
        })
    );
    assert_eq!(change["waiting"], json!({"base": 1, "head": 1, "change": 0}));
    assert_eq!(change["proposals"], json!({"base": 2, "head": 3, "change": 1}));
    let markdown = repo.run(&["report", "--history", "--base", "main"]).stdout;
    assert!(markdown.contains("| decision time | 5 days | 5 days | 0 days | 1 → 2 |\n"), "{markdown}");
    assert!(history(&repo, &[])["change"].is_null(), "no change outside base mode");
}

#[test]
fn the_history_renders_in_headless_chromium() {
    let repo = new_repo();
    repo.write("roadmap/2027-H2.yaml", roadmap("2027-H2", &[("R-1", "P-1", "payments", "2027-Q3", "committed")]));
    for (date, status) in [("2026-01-01", "proposed"), ("2026-01-06", "accepted"), ("2026-03-01", "shipped")] {
        write(&repo, "P-1", status);
        commit_on(&repo, date);
    }
    write(&repo, "P-2", "proposed");
    commit_on(&repo, "2026-04-01");
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("history.html");
    let run = repo.run(&["report", "--history", "--format", "html", "-o", page.to_str().expect("utf-8 path")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(&page).expect("the page");
    assert!(html.contains("<section class=\"card\" id=\"history\">") && html.contains("<svg class=\"chart\""));
    assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("<img"));
    let outside: Vec<&str> = html.match_indices("http").map(|(i, _)| &html[i..(i + 30).min(html.len())]).collect();
    assert!(outside.iter().all(|u| u.starts_with("http://www.w3.org/2000/svg")), "{outside:?}");
    let Some(chromium) = crate::report::chromium() else { return };
    let shot = dir.path().join("shot.png");
    let (_, stderr) =
        crate::report::browse(&chromium, &page, &dir.path().join("p1"), &format!("--screenshot={}", shot.display()));
    assert!(crate::report::console_errors(&stderr).is_empty(), "console errors:\n{stderr}");
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 10_000, "{} bytes", png.len());
    let (dom, _) = crate::report::browse(&chromium, &page, &dir.path().join("p2"), "--dump-dom");
    for text in
        ["Delivery (accepted → shipped) is the slowest stage", "Waiting for a decision", "P-2", "decision median"]
    {
        assert!(dom.contains(text), "the rendered page lacks {text:?}");
    }
    let _ = TODAY;
}

#[test]
fn document_text_in_the_history_markdown_is_literal() {
    let repo = new_repo();
    let title = "title: Proposal P-1";
    let hostile = "title: see @payments at https://evil.example/[x](y)";
    let text = proposal("P-1", "proposed", 4);
    assert!(text.contains(title), "the fixture's title line changed: {text}");
    repo.write(&format!("{P}P-1.yaml"), text.replace(title, hostile));
    commit_on(&repo, "2026-01-01");
    let markdown = repo.run(&["report", "--history"]).stdout;
    let waiting = markdown.find("Waiting for a decision").expect("a waiting table");
    let row = markdown[waiting..].lines().find(|l| l.contains("**P-1**")).expect("P-1 waits");
    assert_eq!(
        row,
        "| **P-1** see @\u{200b}payments at https:\u{200b}//evil.example/\\[x\\]\\(y\\) | 2026-01-01 | 328 days |"
    );
}
