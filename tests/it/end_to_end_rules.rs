//! One failing and one passing fixture per rule, on real repositories:
//! rule id, severity, file, line and column are asserted.

use crate::common;

use crate::common::{P, ROSTER, TestRepo, clean_repo, proposal, roadmap};

type Finding = (String, String, String, u64, u64);

fn finding(rule: &str, severity: &str, file: &str, line: u64, column: u64) -> Finding {
    (rule.into(), severity.into(), file.into(), line, column)
}

/// Checks the working tree of a clean repository after writing `files`.
fn with(files: &[(&str, &str)]) -> (TestRepo, common::Run) {
    let repo = clean_repo();
    for (path, text) in files {
        repo.write(path, text);
    }
    let run = repo.check(&[]);
    (repo, run)
}

fn pay(name: &str) -> String {
    format!("{P}{name}.yaml")
}

#[test]
fn clean_repository_passes() {
    let (_, run) = with(&[]);
    assert_eq!(run.findings(), vec![]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["summary"]["files"], 4);
}

#[test]
fn yaml_syntax_points_at_the_parser_position_and_other_files_are_still_checked() {
    let broken = proposal("PAY-3", "accepted", 3).replace("  impact: 2\n", "   impact: 2\n");
    let mut unknown = proposal("PAY-4", "draft", 3);
    unknown.push_str("estimte: 3\n");
    let (_, run) = with(&[(&pay("PAY-3"), &broken), (&pay("PAY-4"), &unknown)]);
    assert_eq!(
        run.findings(),
        vec![finding("yaml-syntax", "error", &pay("PAY-3"), 13, 10), finding("schema", "error", &pay("PAY-4"), 27, 1),]
    );
    assert_eq!(run.code, 1);
}

#[test]
fn yaml_syntax_for_non_utf8_a_second_document_and_limits() {
    let second = format!("{}---\nkind: Proposal\n", proposal("PAY-3", "draft", 1));
    let deep = format!("apiVersion: roadlint/v1\nkind: Proposal\nx-deep: {}\n", "[".repeat(200));
    let (_, run) =
        with(&[(&pay("PAY-3"), &second), (&pay("PAY-4"), "id: PAY-4\ntitle: caf\u{e9}\n"), (&pay("PAY-5"), &deep)]);
    let found = run.findings();
    assert_eq!(found[0], finding("yaml-syntax", "error", &pay("PAY-3"), 27, 1));
    assert_eq!(found[1].0, "schema"); // PAY-4 parses, but lacks apiVersion and kind
    assert_eq!(found.last().unwrap().0, "yaml-syntax");
    assert_eq!(found.last().unwrap().2, pay("PAY-5"));
}

#[test]
fn non_utf8_bytes_are_a_yaml_syntax_error_at_the_byte() {
    let repo = clean_repo();
    repo.write(&pay("PAY-3"), b"apiVersion: roadlint/v1\ntitle: caf\xe9\n");
    let run = repo.check(&[]);
    assert_eq!(run.findings(), vec![finding("yaml-syntax", "error", &pay("PAY-3"), 2, 11)]);
}

#[test]
fn oversized_file_is_not_read() {
    let repo = clean_repo();
    repo.write(".roadlint.yaml", "limits: { max_file_bytes: 100 }\n");
    repo.write(&pay("PAY-3"), proposal("PAY-3", "draft", 1));
    let run = repo.check(&[]);
    let big: Vec<_> = run.findings().into_iter().filter(|f| f.0 == "yaml-syntax").collect();
    // Every proposal is over 100 bytes; the roster and the roadmap too.
    assert_eq!(big.len(), 5, "{big:?}");
    assert!(run.of_rule("yaml-syntax")[0]["message"].as_str().unwrap().contains("over the limit of 100 bytes"));
}

#[test]
fn duplicate_key_points_at_the_second_and_labels_the_first() {
    let text = "apiVersion: roadlint/v1\nkind: Proposal\nid: PAY-4\ntitle: One\nstatus: draft\ntitle: Two\n";
    let (_, run) = with(&[(&pay("PAY-4"), text)]);
    assert_eq!(run.findings(), vec![finding("duplicate-key", "error", &pay("PAY-4"), 6, 1)]);
    let d = &run.of_rule("duplicate-key")[0];
    assert_eq!(d["related"][0]["line"], 4);
    assert_eq!(d["end_column"], 6);
}

#[test]
fn schema_points_at_the_bad_value() {
    let text = proposal("PAY-3", "accepted", 3).replace("status: accepted", "status: aproved");
    let (_, run) = with(&[(&pay("PAY-3"), &text)]);
    assert_eq!(run.findings(), vec![finding("schema", "error", &pay("PAY-3"), 5, 9)]);
    let d = &run.of_rule("schema")[0];
    assert_eq!(d["end_column"], 16);
    assert_eq!(d["pointer"], "/status");
    assert!(d["help"].as_str().unwrap().contains("accepted"), "{d}");
}

#[test]
fn schema_unknown_key_suggests_the_known_one() {
    let text = proposal("PAY-3", "accepted", 3).replace("owners:", "ownres:");
    let (_, run) = with(&[(&pay("PAY-3"), &text)]);
    let schema = run.of_rule("schema");
    assert_eq!(schema.len(), 1, "{schema:?}");
    assert_eq!((schema[0]["line"].as_u64(), schema[0]["column"].as_u64()), (Some(7), Some(1)));
    assert!(schema[0]["help"].as_str().unwrap().contains("did you mean `owners`?"));
}

#[test]
fn schema_missing_key_points_at_the_mapping_that_lacks_it() {
    let text = proposal("PAY-3", "accepted", 3).replace("    - name: metric_one\n", "    - unit: jobs\n");
    let top = "apiVersion: roadlint/v1\nkind: Proposal\nid: PAY-5\nstatus: draft\n";
    let (_, run) = with(&[(&pay("PAY-3"), &text), (&pay("PAY-5"), top)]);
    let found: Vec<_> = run.findings().into_iter().filter(|f| f.0 == "schema").collect();
    assert_eq!(
        found,
        vec![
            // `name` missing in the first metric: on that metric (its first key), the unknown `unit` on itself.
            finding("schema", "error", &pay("PAY-3"), 22, 7),
            finding("schema", "error", &pay("PAY-3"), 22, 7),
            // top-level `title` missing: the document's first line.
            finding("schema", "error", &pay("PAY-5"), 2, 1),
        ]
    );
}

#[test]
fn schema_for_empty_files_lists_and_unknown_kinds() {
    let (_, run) = with(&[
        (&pay("A-1"), ""),
        (&pay("A-2"), "- one\n- two\n"),
        (&pay("A-3"), "apiVersion: roadlint/v1\nkind: Proposl\n"),
        (&pay("A-4"), "# comment only\n"),
    ]);
    assert_eq!(
        run.findings(),
        vec![
            finding("schema", "error", &pay("A-1"), 1, 1),
            finding("schema", "error", &pay("A-2"), 1, 1),
            finding("schema", "error", &pay("A-3"), 2, 7),
            finding("schema", "error", &pay("A-4"), 1, 1),
        ]
    );
    assert!(run.of_rule("schema")[2]["help"].as_str().unwrap().contains("Proposal"));
}

#[test]
fn yaml_1_1_values_do_not_slip_through() {
    let text = proposal("PAY-3", "accepted", 3)
        .replace("  impact: 2\n", "  impact: yes\n")
        .replace("  reach: 1000\n", "  reach: 010\n");
    let (_, run) = with(&[(&pay("PAY-3"), &text)]);
    assert_eq!(
        run.findings(),
        vec![finding("schema", "error", &pay("PAY-3"), 12, 10), finding("schema", "error", &pay("PAY-3"), 13, 11)]
    );
}

#[test]
fn duplicate_id_labels_the_first_occurrence() {
    let (_, run) = with(&[
        (&pay("PAY-9"), &proposal("PAY-1", "accepted", 1)),
        ("roadmap/extra.yaml", &roadmap("2027-H2", &[("PLAN-1", "PAY-2", "payments", "2027-Q4", "planned")])),
    ]);
    assert_eq!(
        run.findings(),
        vec![
            finding("duplicate-id", "error", "roadmap/extra.yaml", 3, 5),
            finding("duplicate-id", "error", "roadmap/extra.yaml", 6, 9),
            finding("duplicate-id", "error", &pay("PAY-9"), 3, 5),
        ]
    );
    assert_eq!(run.of_rule("duplicate-id")[2]["related"][0]["file"], pay("PAY-1"));
}

#[test]
fn a_second_roster_is_a_duplicate_id() {
    let (_, run) = with(&[("roadmap/team2.yaml", ROSTER)]);
    assert_eq!(run.findings(), vec![finding("duplicate-id", "error", "roadmap/team2.yaml", 2, 7)]);
}

#[test]
fn unresolved_reference_names_the_closest_id() {
    let mut text = proposal("PAY-3", "proposed", 3).replace("by: li", "by: lii");
    text.push_str("depends_on: [PAY-11]\n");
    let (_, run) = with(&[
        (&pay("PAY-3"), &text),
        ("roadmap/extra.yaml", &roadmap("x", &[("PLAN-9", "PAY-7", "paymnets", "2027-Q4", "planned")])),
    ]);
    assert_eq!(
        run.findings(),
        vec![
            finding("unresolved-reference", "error", "roadmap/extra.yaml", 7, 15),
            finding("unresolved-reference", "error", "roadmap/extra.yaml", 8, 11),
            finding("unresolved-reference", "error", &pay("PAY-3"), 18, 7),
            finding("unresolved-reference", "error", &pay("PAY-3"), 27, 14),
        ]
    );
    let found = run.of_rule("unresolved-reference");
    assert_eq!(found[1]["help"], "did you mean `payments`?");
    assert_eq!(found[2]["help"], "did you mean `li`?");
    assert_eq!(found[3]["help"], "add the proposal or correct the reference", "PAY-11 is another number, not a typo");
}

#[test]
fn placeholders_are_not_looked_up_and_broken_files_still_count() {
    let mut text = proposal("PAY-3", "draft", 3).replace("by: li", "by: TBD");
    text.push_str("depends_on: [PAY-4]\n");
    let broken = "apiVersion: roadlint/v1\nkind: Proposal\nid: PAY-4\ntitle: [unclosed\n";
    let (_, run) = with(&[(&pay("PAY-3"), &text), (&pay("PAY-4"), broken)]);
    assert_eq!(run.findings().iter().map(|f| f.0.as_str()).collect::<Vec<_>>(), vec!["yaml-syntax"]);
}

#[test]
fn value_score_lists_what_is_missing() {
    let text = proposal("PAY-3", "proposed", 3).replace("  confidence: 0.8\n", "");
    let no_value =
        proposal("PAY-4", "proposed", 3).replace("value:\n  reach: 1000\n  impact: 2\n  confidence: 0.8\n", "");
    let draft = proposal("PAY-5", "draft", 3).replace("  confidence: 0.8\n", "");
    let (_, run) = with(&[(&pay("PAY-3"), &text), (&pay("PAY-4"), &no_value), (&pay("PAY-5"), &draft)]);
    assert_eq!(
        run.findings(),
        vec![
            finding("value-score", "warning", &pay("PAY-3"), 11, 1),
            finding("value-score", "warning", &pay("PAY-4"), 5, 9)
        ]
    );
    assert_eq!(run.code, 0, "warnings do not fail");
    assert_eq!(run.of_rule("value-score")[0]["message"], "proposal PAY-3's value score lacks confidence");
}

#[test]
fn roadmap_readiness_needs_an_accepted_proposal_for_committed_items() {
    let (_, run) = with(&[
        (&pay("PAY-3"), &proposal("PAY-3", "proposed", 3)),
        (&pay("PAY-4"), &proposal("PAY-4", "rejected", 3)),
        (
            "roadmap/extra.yaml",
            &roadmap(
                "x",
                &[
                    ("PLAN-3", "PAY-3", "payments", "2027-Q4", "committed"),
                    ("PLAN-4", "PAY-4", "payments", "2027-Q4", "exploring"),
                    ("PLAN-5", "PAY-3", "payments", "2027-Q4", "planned"),
                ],
            ),
        ),
    ]);
    assert_eq!(
        run.findings(),
        vec![
            finding("roadmap-readiness", "error", "roadmap/extra.yaml", 6, 9),
            finding("roadmap-readiness", "error", "roadmap/extra.yaml", 11, 9),
        ]
    );
}

#[test]
fn dependency_cycle_is_one_diagnostic_per_group_with_every_edge() {
    let dep = |id: &str, on: &str| format!("{}depends_on: [{on}]\n", proposal(id, "proposed", 1));
    let (_, run) = with(&[
        (&pay("PAY-11"), &dep("PAY-11", "PAY-12")),
        (&pay("PAY-12"), &dep("PAY-12", "PAY-13")),
        (&pay("PAY-13"), &dep("PAY-13", "PAY-11")),
        (&pay("PAY-14"), &dep("PAY-14", "PAY-14")),
    ]);
    assert_eq!(
        run.findings(),
        vec![
            finding("dependency-cycle", "error", &pay("PAY-11"), 27, 14),
            finding("dependency-cycle", "error", &pay("PAY-14"), 27, 14),
        ]
    );
    assert_eq!(run.of_rule("dependency-cycle")[0]["related"].as_array().unwrap().len(), 2);
}

#[test]
fn schedule_order_names_both_quarters() {
    let mut later = proposal("PAY-3", "accepted", 1);
    later.push_str("depends_on: [PAY-2]\n");
    let (_, run) = with(&[
        (&pay("PAY-3"), &later),
        (
            "roadmap/extra.yaml",
            &roadmap(
                "x",
                &[
                    ("PLAN-3", "PAY-3", "growth", "2027-Q3", "planned"),
                    ("PLAN-2", "PAY-2", "growth", "2027-Q4", "planned"),
                ],
            ),
        ),
    ]);
    assert_eq!(run.findings(), vec![finding("schedule-order", "error", "roadmap/extra.yaml", 6, 9)]);
    let message = run.of_rule("schedule-order")[0]["message"].as_str().unwrap().to_owned();
    assert!(message.contains("2027-Q3") && message.contains("2027-Q4"), "{message}");
}

#[test]
fn same_quarter_dependency_passes() {
    let mut text = proposal("PAY-3", "accepted", 1);
    text.push_str("depends_on: [PAY-1]\n");
    let (_, run) = with(&[
        (&pay("PAY-3"), &text),
        ("roadmap/extra.yaml", &roadmap("x", &[("PLAN-3", "PAY-3", "growth", "2027-Q3", "planned")])),
    ]);
    assert_eq!(run.findings(), vec![]);
}

#[test]
fn capacity_exactly_at_the_limit_passes() {
    // payments has 12 in 2027-Q3; PLAN-1 commits PAY-1 (5); add 7.
    let (_, run) = with(&[
        (&pay("PAY-3"), &proposal("PAY-3", "accepted", 7)),
        ("roadmap/extra.yaml", &roadmap("x", &[("PLAN-3", "PAY-3", "payments", "2027-Q3", "committed")])),
    ]);
    assert_eq!(run.findings(), vec![]);
}

#[test]
fn capacity_one_over_fails_on_the_crossing_item() {
    let (_, run) = with(&[
        (&pay("PAY-3"), &proposal("PAY-3", "accepted", 8)),
        ("roadmap/extra.yaml", &roadmap("x", &[("PLAN-3", "PAY-3", "payments", "2027-Q3", "committed")])),
    ]);
    assert_eq!(run.findings(), vec![finding("capacity", "error", "roadmap/extra.yaml", 6, 9)]);
    let d = &run.of_rule("capacity")[0];
    assert_eq!(d["message"], "payments, 2027-Q3: 13 of 12 person-weeks committed: PLAN-1 (5), PLAN-3 (8)");
    assert_eq!(d["subject"], "payments/2027-Q3");
    let related: Vec<_> =
        d["related"].as_array().unwrap().iter().map(|r| r["file"].as_str().unwrap().to_owned()).collect();
    assert_eq!(related, vec!["roadmap/2027-H2.yaml", "roadmap/roster.yaml"]);
}

#[test]
fn capacity_warns_when_planned_work_does_not_fit_even_if_configured_as_error() {
    let repo = clean_repo();
    repo.write(".roadlint.yaml", "rules:\n  capacity: { severity: error }\n");
    repo.write(&pay("PAY-3"), proposal("PAY-3", "accepted", 8));
    repo.write("roadmap/extra.yaml", roadmap("x", &[("PLAN-3", "PAY-3", "payments", "2027-Q3", "planned")]));
    let run = repo.check(&[]);
    assert_eq!(run.findings(), vec![finding("capacity", "warning", "roadmap/extra.yaml", 6, 9)]);
    assert_eq!(run.code, 0);
    assert_eq!(repo.check(&["--deny-warnings"]).code, 1);
}

fn waiver(rule: &str, approver: &str, expires: &str) -> String {
    format!("waivers:\n  - rule: {rule}\n    reason: Because.\n    approved_by: {approver}\n    expires: {expires}\n")
}

#[test]
fn waiver_holds_through_its_expiry_day_and_expires_the_day_after() {
    let mut text = proposal("PAY-3", "proposed", 3).replace("  confidence: 0.8\n", "");
    text.push_str(&waiver("value-score", "sara", "2026-12-31"));
    let repo = clean_repo();
    repo.write(&pay("PAY-3"), &text);
    assert_eq!(repo.check(&["--today", "2026-12-31"]).findings(), vec![]);
    let after = repo.check(&["--today", "2027-01-01"]);
    assert_eq!(
        after.findings(),
        vec![
            finding("value-score", "warning", &pay("PAY-3"), 11, 1),
            finding("waiver-expired", "error", &pay("PAY-3"), 30, 14),
        ]
    );
}

#[test]
fn waiver_invalid_for_owners_unwaivable_rules_and_long_waivers() {
    let mut text = proposal("PAY-3", "proposed", 3);
    text.push_str("waivers:\n");
    for (rule, approver, expires) in [
        ("value-score", "maya", "2027-01-31"),
        ("schema", "sara", "2027-01-31"),
        ("value-scor", "sara", "2027-01-31"),
        ("value-score", "sara", "2028-01-31"),
    ] {
        text.push_str(&format!(
            "  - rule: {rule}\n    reason: Because.\n    approved_by: {approver}\n    expires: {expires}\n"
        ));
    }
    let (_, run) = with(&[(&pay("PAY-3"), &text)]);
    assert_eq!(
        run.findings(),
        vec![
            finding("waiver-invalid", "error", &pay("PAY-3"), 30, 18),
            finding("waiver-invalid", "error", &pay("PAY-3"), 32, 11),
            finding("waiver-invalid", "error", &pay("PAY-3"), 36, 11),
            finding("waiver-invalid", "error", &pay("PAY-3"), 43, 14),
        ]
    );
    assert!(run.of_rule("waiver-invalid")[2]["help"].as_str().unwrap().contains("value-score"));
}

#[test]
fn severity_overrides_and_off_by_glob() {
    let repo = clean_repo();
    repo.write(
        ".roadlint.yaml",
        "rules:\n  value-score: error\noverrides:\n  - files: [\"roadmap/proposals/archive/**\"]\n    rules: { value-score: off }\n",
    );
    let text = |id: &str| proposal(id, "proposed", 3).replace("  confidence: 0.8\n", "");
    repo.write(&pay("PAY-3"), text("PAY-3"));
    repo.write(&format!("{P}archive/PAY-4.yaml"), text("PAY-4"));
    let run = repo.check(&[]);
    assert_eq!(run.findings(), vec![finding("value-score", "error", &pay("PAY-3"), 11, 1)]);
    assert_eq!(run.code, 1);
}

#[test]
fn rules_lists_every_rule_with_its_configured_severity() {
    let repo = clean_repo();
    repo.write(".roadlint.yaml", "rules:\n  value-score: error\n  telemetry-plan: off\n");
    let run = repo.run(&["rules"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let severity = |id: &str| {
        run.stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(id))
            .and_then(|l| l.split_whitespace().nth(1))
            .map(str::to_owned)
    };
    assert_eq!(severity("value-score").as_deref(), Some("error"));
    assert_eq!(severity("telemetry-plan").as_deref(), Some("off"));
    assert_eq!(severity("capacity").as_deref(), Some("error"));
    for rule in roadlint::check::registry::RULES {
        assert!(severity(rule.id).is_some(), "{} is not listed", rule.id);
    }
}

#[test]
fn explain_prints_the_rule_documentation() {
    let repo = clean_repo();
    let run = repo.run(&["explain", "capacity"]);
    assert_eq!(run.code, 0);
    for section in ["# capacity [error]", "## What it does", "## Why it matters", "## Example", "## Use instead"] {
        assert!(run.stdout.contains(section), "{section}: {}", run.stdout);
    }
}
