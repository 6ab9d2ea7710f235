//! Base mode (`--base REV`, docs/command-line.md) on real repositories: the
//! ratchet over old debt, the transition rules, policies read from the base
//! side, and the errors of clones that lack the base.

use crate::common;

use crate::common::{P, Run, TestRepo, clean_repo, proposal, roadmap};

/// `(rule, severity, file, line, column)`, as `Run::findings` gives them.
type Finding = (String, String, String, u64, u64);

fn finding(rule: &str, severity: &str, file: &str, line: u64, column: u64) -> Finding {
    (rule.into(), severity.into(), file.into(), line, column)
}

fn error(rule: &str, file: &str, line: u64, column: u64) -> Finding {
    finding(rule, "error", file, line, column)
}

/// A roadmap with no items (`items: []`, which the schema accepts).
fn empty_roadmap(id: &str) -> String {
    roadmap(id, &[]).replace("items:\n", "items: []\n")
}

fn path(id: &str) -> String {
    format!("{P}{id}.yaml")
}

/// A proposal whose engineering owner is unknown: one `unresolved-reference`
/// at line 9, column 16.
fn unowned(id: &str, status: &str) -> String {
    proposal(id, status, 3).replace("engineering: li", "engineering: nobody")
}

fn notes(run: &Run) -> Vec<String> {
    run.json()["notes"].as_array().expect("notes").iter().filter_map(|n| n.as_str().map(str::to_owned)).collect()
}

/// `clean_repo` on a branch `change`, so `--base main` compares with it.
fn branch() -> TestRepo {
    let repo = clean_repo();
    repo.git(&["checkout", "-q", "-b", "change"]);
    repo
}

/// Checks the committed head of `change` against `main`.
fn check_change(repo: &TestRepo) -> Run {
    repo.check(&["--base", "main", "--rev", "HEAD"])
}

fn assert_run(run: &Run, expected: &[Finding], code: i32) {
    assert_eq!(run.findings(), expected, "stderr: {}", run.stderr);
    assert_eq!(run.code, code, "stderr: {}", run.stderr);
}

#[test]
fn old_debt_is_left_out_and_counted() {
    let repo = TestRepo::new();
    repo.write("roadmap/roster.yaml", common::ROSTER)
        .write(&path("PAY-9"), unowned("PAY-9", "accepted"))
        .commit("debt");
    repo.git(&["checkout", "-q", "-b", "change"]);
    // Edits that move the old problem to other lines do not make it new.
    let shifted =
        unowned("PAY-9", "accepted").replace("summary: Summary of PAY-9.", "summary: |\n  A longer\n  summary.");
    repo.write(&path("PAY-9"), shifted).write(&path("PAY-10"), unowned("PAY-10", "proposed")).commit("more");

    let run = check_change(&repo);
    assert_run(&run, &[error("unresolved-reference", &path("PAY-10"), 9, 16)], 1);
    assert_eq!(notes(&run), ["base mode: 1 problem that predates this change is not reported"]);

    let all = repo.check(&["--base", "main", "--rev", "HEAD", "--all"]);
    let expected =
        [error("unresolved-reference", &path("PAY-10"), 9, 16), error("unresolved-reference", &path("PAY-9"), 9, 16)];
    assert_run(&all, &expected, 1);
    assert!(notes(&all).is_empty(), "{:?}", notes(&all));
}

#[test]
fn a_change_that_only_fixes_old_problems_passes() {
    let repo = TestRepo::new();
    repo.write("roadmap/roster.yaml", common::ROSTER)
        .write(&path("PAY-9"), unowned("PAY-9", "accepted"))
        .write(&path("PAY-8"), unowned("PAY-8", "accepted"))
        .commit("debt");
    repo.git(&["checkout", "-q", "-b", "change"]);
    repo.write(&path("PAY-9"), proposal("PAY-9", "accepted", 3)).commit("fix");
    let run = check_change(&repo);
    assert_run(&run, &[], 0);
    assert_eq!(notes(&run), ["base mode: 1 problem that predates this change is not reported"]);
}

#[test]
fn fingerprints_are_counted_as_a_multiset() {
    // The same id twice more on the base is two `duplicate-id`s with one
    // fingerprint; a third copy on the head is one new problem.
    let repo = clean_repo();
    repo.write(&path("copy-a"), proposal("PAY-2", "accepted", 4))
        .write(&path("copy-b"), proposal("PAY-2", "accepted", 4))
        .commit("two copies");
    repo.git(&["checkout", "-q", "-b", "change"]);
    repo.write(&path("copy-c"), proposal("PAY-2", "accepted", 4)).commit("a third");
    let run = check_change(&repo);
    assert_eq!(run.of_rule("duplicate-id").len(), 1, "{}", run.stdout);
    assert_eq!(run.code, 1);
    assert_eq!(notes(&run), ["base mode: 2 problems that predate this change are not reported"]);
}

#[test]
fn file_level_problems_follow_renames() {
    let repo = clean_repo();
    repo.write(&path("notes"), "apiVersion: roadlint/v1\nkind: Proposal\ntitle: [unclosed\nstatus: draft\n")
        .commit("broken");
    repo.git(&["checkout", "-q", "-b", "change"]);
    repo.git(&["mv", &path("notes"), &path("ideas")]);
    repo.commit("rename");
    let run = check_change(&repo);
    assert_run(&run, &[], 0);
    assert_eq!(notes(&run), ["base mode: 1 problem that predates this change is not reported"]);
}

#[test]
fn every_allowed_status_step_passes() {
    let steps = [
        ("draft", "proposed"),
        ("draft", "withdrawn"),
        ("proposed", "draft"),
        ("proposed", "accepted"),
        ("proposed", "rejected"),
        ("proposed", "withdrawn"),
        ("accepted", "in-progress"),
        ("accepted", "withdrawn"),
        ("in-progress", "accepted"),
        ("in-progress", "shipped"),
        ("in-progress", "withdrawn"),
        ("rejected", "draft"),
        ("withdrawn", "draft"),
        ("shipped", "shipped"),
    ];
    let repo = clean_repo();
    for (i, (from, _)) in steps.iter().enumerate() {
        repo.write(&path(&format!("STEP-{i}")), proposal(&format!("STEP-{i}"), from, 2));
    }
    repo.commit("before");
    repo.git(&["checkout", "-q", "-b", "change"]);
    for (i, (_, to)) in steps.iter().enumerate() {
        repo.write(&path(&format!("STEP-{i}")), proposal(&format!("STEP-{i}"), to, 2));
    }
    repo.commit("after");
    assert_run(&check_change(&repo), &[], 0);
}

#[test]
fn a_refused_status_step_fails_at_the_head_status() {
    let repo = clean_repo();
    repo.write(&path("PAY-3"), proposal("PAY-3", "draft", 2)).commit("draft");
    repo.git(&["checkout", "-q", "-b", "change"]);
    repo.write(&path("PAY-3"), proposal("PAY-3", "shipped", 2)).commit("ship it");
    let run = check_change(&repo);
    assert_run(&run, &[error("status-transition", &path("PAY-3"), 5, 9)], 1);
    let d = &run.of_rule("status-transition")[0];
    let message = d["message"].as_str().unwrap_or_default();
    assert!(message.contains("`draft`") && message.contains("`shipped`"), "{message}");
    let help = d["help"].as_str().unwrap_or_default();
    assert!(help.contains("`proposed`") && help.contains("`withdrawn`"), "{help}");
    assert_eq!(d["subject"], "PAY-3");
    assert_eq!(d["pointer"], "/status");
}

#[test]
fn a_new_proposal_starts_as_draft_or_proposed() {
    let repo = branch();
    repo.write(&path("PAY-3"), proposal("PAY-3", "accepted", 2)).commit("accepted at once");
    assert_run(&check_change(&repo), &[error("status-transition", &path("PAY-3"), 5, 9)], 1);

    repo.write(&path("PAY-3"), proposal("PAY-3", "draft", 2)).commit("draft first");
    assert_run(&check_change(&repo), &[], 0);
}

#[test]
fn a_waiver_on_the_head_proposal_covers_its_transition() {
    // docs/semantics.md lets a waiver name any rule but the parse, schema and
    // waiver rules: importing work that shipped before roadlint is one use.
    let waiver = "waivers:\n  - rule: status-transition\n    reason: Shipped before the roadmap moved into git.\n    approved_by: sara\n    expires: 2027-03-31\n";
    let repo = branch();
    repo.write(&path("PAY-3"), proposal("PAY-3", "shipped", 2) + waiver).commit("import");
    assert_run(&check_change(&repo), &[], 0);
}

#[test]
fn transition_rules_follow_the_configured_severity() {
    let repo = clean_repo();
    repo.write(".roadlint.yaml", "rules:\n  status-transition: warning\n").commit("config");
    repo.git(&["checkout", "-q", "-b", "change"]);
    repo.write(&path("PAY-3"), proposal("PAY-3", "shipped", 2)).commit("new");
    let run = check_change(&repo);
    assert_run(&run, &[finding("status-transition", "warning", &path("PAY-3"), 5, 9)], 0);
}

#[test]
fn a_changed_id_is_id_changed_not_a_deletion() {
    let repo = branch();
    // Renamed and re-numbered: git still sees the rename.
    repo.git(&["mv", &path("PAY-2"), &path("PAY-7")]);
    repo.write(&path("PAY-7"), proposal("PAY-7", "accepted", 4)).commit("renumber");
    let run = check_change(&repo);
    assert_run(&run, &[error("id-changed", &path("PAY-7"), 3, 5)], 1);
    let message = run.of_rule("id-changed")[0]["message"].as_str().unwrap_or_default().to_owned();
    assert!(message.contains("PAY-2") && message.contains("PAY-7"), "{message}");

    // The same file keeping its path.
    let repo = branch();
    repo.write(&path("PAY-2"), proposal("PAY-8", "accepted", 4)).commit("renumber in place");
    assert_run(&check_change(&repo), &[error("id-changed", &path("PAY-2"), 3, 5)], 1);
}

#[test]
fn deleting_agreed_work_fails_but_moving_or_withdrawing_it_passes() {
    let repo = branch();
    repo.git(&["rm", "-q", &path("PAY-2")]);
    repo.commit("delete");
    let run = check_change(&repo);
    assert_run(&run, &[error("deleted-item", &path("PAY-2"), 3, 5)], 1);
    let d = &run.of_rule("deleted-item")[0];
    assert!(d["message"].as_str().unwrap_or_default().contains("base version"));
    assert!(d["help"].as_str().unwrap_or_default().contains("status: withdrawn"));

    let repo = branch();
    std::fs::create_dir_all(repo.path().join(format!("{P}archive"))).expect("mkdir");
    repo.git(&["mv", &path("PAY-2"), &format!("{P}archive/PAY-2.yaml")]);
    repo.commit("archive");
    assert_run(&check_change(&repo), &[], 0);

    let repo = branch();
    repo.write(&path("PAY-2"), proposal("PAY-2", "withdrawn", 4)).commit("withdraw");
    assert_run(&check_change(&repo), &[], 0);
}

#[test]
fn deleting_a_draft_is_fine() {
    let repo = clean_repo();
    repo.write(&path("PAY-3"), proposal("PAY-3", "draft", 2)).commit("draft");
    repo.git(&["checkout", "-q", "-b", "change"]);
    repo.git(&["rm", "-q", &path("PAY-3")]);
    repo.commit("drop the draft");
    assert_run(&check_change(&repo), &[], 0);
}

#[test]
fn a_committed_item_goes_only_with_its_proposal() {
    let repo = branch();
    repo.write("roadmap/2027-H2.yaml", empty_roadmap("2027-H2")).commit("drop the item");
    let run = check_change(&repo);
    assert_run(&run, &[error("deleted-item", "roadmap/2027-H2.yaml", 6, 9)], 1);
    assert_eq!(run.of_rule("deleted-item")[0]["subject"], "PLAN-1");
    // Only the base side points into the roadmap: the snippet shows the base text.
    let human = repo.run(&["check", "--base", "main", "--rev", "HEAD", "--color", "never"]);
    assert!(human.stdout.contains("- id: PLAN-1"), "{}", human.stdout);

    let repo = branch();
    repo.write("roadmap/2027-H2.yaml", empty_roadmap("2027-H2"))
        .write(&path("PAY-1"), proposal("PAY-1", "withdrawn", 5))
        .commit("withdraw and drop");
    assert_run(&check_change(&repo), &[], 0);

    // Moving the item to another roadmap keeps its id: not a removal.
    let repo = branch();
    repo.write("roadmap/2027-H2.yaml", empty_roadmap("2027-H2"))
        .write("roadmap/2027-H3.yaml", roadmap("2027-H3", &[("PLAN-1", "PAY-1", "payments", "2027-Q3", "committed")]))
        .commit("move");
    assert_run(&check_change(&repo), &[], 0);
}

#[test]
fn problems_caused_in_untouched_files_are_reported() {
    let repo = clean_repo();
    repo.write(&path("PAY-3"), proposal("PAY-3", "draft", 2))
        .write(
            "roadmap/2027-H2.yaml",
            roadmap(
                "2027-H2",
                &[
                    ("PLAN-1", "PAY-1", "payments", "2027-Q3", "committed"),
                    ("PLAN-3", "PAY-3", "payments", "2027-Q4", "planned"),
                ],
            ),
        )
        .commit("plan a draft");
    repo.git(&["checkout", "-q", "-b", "change"]);
    repo.git(&["rm", "-q", &path("PAY-3")]);
    repo.commit("delete the draft");
    assert_run(&check_change(&repo), &[error("unresolved-reference", "roadmap/2027-H2.yaml", 12, 15)], 1);
}

#[test]
fn a_change_cannot_weaken_the_policy_it_is_judged_by() {
    let repo = branch();
    repo.write(".roadlint.yaml", "rules:\n  owner-pairing: off\n  unresolved-reference: off\n")
        .write(&path("PAY-3"), unowned("PAY-3", "proposed"))
        .write(&path("PAY-4"), proposal("PAY-4", "proposed", 2).replace("engineering: li", "engineering: maya"))
        .commit("turn rules off and break them");
    let run = check_change(&repo);
    let expected =
        [error("unresolved-reference", &path("PAY-3"), 9, 16), error("owner-pairing", &path("PAY-4"), 9, 16)];
    assert_run(&run, &expected, 1);
    assert!(
        notes(&run)
            .iter()
            .any(|n| n.contains("this change edits .roadlint.yaml") && n.contains("applies from the next change on")),
        "{:?}",
        notes(&run)
    );
    // Once merged, the edited configuration is the base: it applies.
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--ff-only", "change"]);
    repo.git(&["checkout", "-q", "-b", "next"]);
    repo.write(&path("PAY-5"), unowned("PAY-5", "proposed")).commit("next");
    assert_run(&check_change(&repo), &[], 0);
}

#[test]
fn an_explicit_configuration_governs_both_sides() {
    let repo = branch();
    repo.write(&path("PAY-3"), unowned("PAY-3", "proposed")).commit("unowned");
    let outside = tempfile::tempdir().expect("temp dir");
    let config = outside.path().join("strict.yaml");
    std::fs::write(&config, "rules:\n  unresolved-reference: warning\n").expect("write");
    let config = config.to_str().expect("utf-8 path");
    let run = repo.check(&["--base", "main", "--rev", "HEAD", "--config", config]);
    assert_run(&run, &[finding("unresolved-reference", "warning", &path("PAY-3"), 9, 16)], 0);
    assert!(notes(&run).is_empty(), "{:?}", notes(&run));
}

#[test]
fn the_working_tree_and_the_index_are_heads_too() {
    let repo = branch();
    repo.write(&path("PAY-3"), proposal("PAY-3", "shipped", 2));
    repo.git(&["add", "-A"]);
    repo.write(&path("PAY-3"), proposal("PAY-3", "draft", 2));
    let staged = repo.check(&["--base", "main", "--staged"]);
    assert_run(&staged, &[error("status-transition", &path("PAY-3"), 5, 9)], 1);
    assert_run(&repo.check(&["--base", "main"]), &[], 0);

    // An unstaged rename in the working tree is still a rename.
    std::fs::rename(repo.path().join(path("PAY-2")), repo.path().join(path("PAY-6"))).expect("rename");
    repo.write(&path("PAY-6"), proposal("PAY-6", "accepted", 4));
    assert_run(&repo.check(&["--base", "main"]), &[error("id-changed", &path("PAY-6"), 3, 5)], 1);
}

#[test]
fn base_head_parent_on_a_merge_commit() {
    // GitHub checks out the merge of the pull request into its target: the
    // first parent is the target, so `--base HEAD^1` is the change alone.
    let repo = clean_repo();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(&path("PAY-3"), proposal("PAY-3", "accepted", 2)).commit("feature");
    repo.git(&["checkout", "-q", "main"]);
    repo.write(&path("PAY-4"), unowned("PAY-4", "draft")).commit("main moves on");
    repo.git(&["merge", "-q", "--no-ff", "-m", "merge", "feature"]);
    let run = repo.check(&["--base", "HEAD^1", "--rev", "HEAD"]);
    assert_run(&run, &[error("status-transition", &path("PAY-3"), 5, 9)], 1);
}

#[test]
fn a_shallow_clone_without_the_base_names_the_fix() {
    let repo = clean_repo();
    let first = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    repo.write(&path("PAY-3"), proposal("PAY-3", "draft", 2)).commit("second");
    let clone = tempfile::tempdir().expect("temp dir");
    let url = format!("file://{}", repo.path().display());
    let target = clone.path().join("shallow");
    repo.git(&["clone", "-q", "--depth", "1", &url, target.to_str().expect("utf-8 path")]);
    for base in [first.as_str(), "HEAD^1"] {
        let out = std::process::Command::new(common::bin())
            .args(["check", "--format", "json", "--base", base])
            .current_dir(&target)
            .env("ROADLINT_TODAY", common::TODAY)
            .output()
            .expect("roadlint runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("fetch-depth: 0") && stderr.contains("--base HEAD^1"), "{stderr}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn an_unknown_base_is_a_usage_error() {
    let repo = branch();
    let run = repo.check(&["--base", "no-such-branch"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unknown base revision `no-such-branch`"), "{}", run.stderr);
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn a_base_without_documents_makes_everything_new() {
    let repo = TestRepo::new();
    repo.write("README.md", "roadmap to come\n").commit("start");
    repo.git(&["checkout", "-q", "-b", "change"]);
    repo.write("roadmap/roster.yaml", common::ROSTER)
        .write(&path("PAY-1"), proposal("PAY-1", "proposed", 2))
        .write(&path("PAY-2"), unowned("PAY-2", "draft"))
        .commit("first roadmap");
    assert_run(&check_change(&repo), &[error("unresolved-reference", &path("PAY-2"), 9, 16)], 1);
}

/// Base mode takes the policy findings of a proposal that did not change
/// from the head side when nothing else it could depend on changed: old
/// debt on an untouched proposal is still recognized as old.
#[test]
fn policy_debt_on_untouched_proposals_stays_old() {
    let repo = TestRepo::new();
    let no_telemetry = proposal("PAY-2", "accepted", 4).split("telemetry:").next().unwrap_or_default().to_owned();
    repo.write("roadmap/roster.yaml", common::ROSTER)
        .write(&path("PAY-1"), proposal("PAY-1", "accepted", 5))
        .write(&path("PAY-2"), no_telemetry)
        .commit("debt");
    repo.git(&["checkout", "-q", "-b", "change"]);
    repo.write(&path("PAY-1"), proposal("PAY-1", "accepted", 6)).commit("re-estimate");
    assert_run(&check_change(&repo), &[], 0);
    assert!(
        notes(&check_change(&repo)).iter().any(|n| n.contains("1 problem that predates")),
        "{:?}",
        notes(&check_change(&repo))
    );
}

/// A roster change can break proposals the change never touched: their
/// policy findings are computed again, and reported as new.
#[test]
fn a_roster_change_that_breaks_untouched_proposals_is_reported() {
    let repo = branch();
    repo.write(
        "roadmap/roster.yaml",
        common::ROSTER.replace("roles: [engineering]\n  - id: omar", "roles: [product]\n  - id: omar"),
    )
    .commit("li moves to product");
    assert_run(
        &check_change(&repo),
        &[
            error("owner-pairing", &path("PAY-1"), 9, 16),
            error("estimate-required", &path("PAY-1"), 18, 7),
            error("owner-pairing", &path("PAY-2"), 9, 16),
            error("estimate-required", &path("PAY-2"), 18, 7),
        ],
        1,
    );
}

/// Committing to a draft on the roadmap makes it need an estimate, though
/// the proposal itself did not change.
#[test]
fn a_roadmap_change_that_breaks_an_untouched_proposal_is_reported() {
    let repo = TestRepo::new();
    let draft = proposal("PAY-3", "draft", 2).replace("estimate:\n  effort: 2\n  confidence: medium\n  by: li\n", "");
    repo.write("roadmap/roster.yaml", common::ROSTER)
        .write(&path("PAY-3"), draft)
        .write("roadmap/2027-H2.yaml", roadmap("2027-H2", &[("PLAN-3", "PAY-3", "payments", "2027-Q3", "planned")]))
        .commit("plan a draft");
    repo.git(&["checkout", "-q", "-b", "change"]);
    repo.write("roadmap/2027-H2.yaml", roadmap("2027-H2", &[("PLAN-3", "PAY-3", "payments", "2027-Q3", "committed")]))
        .commit("commit to it");
    let expected =
        [error("roadmap-readiness", "roadmap/2027-H2.yaml", 6, 9), error("estimate-required", &path("PAY-3"), 5, 9)];
    assert_run(&check_change(&repo), &expected, 1);
}
