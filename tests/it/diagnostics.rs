//! Diagnostics a newcomer trusts, at the command line: configuration
//! errors all at once, notes for what is not read, reports that agree with
//! check, and the terminal options linter users expect. (Each rule's own
//! messages are pinned by the fixtures in tests/rules/.)

use crate::common;

use crate::common::{P, ROSTER, clean_repo, proposal};

fn pay(id: &str) -> String {
    format!("{P}{id}.yaml")
}

#[test]
fn every_configuration_error_is_reported_in_one_run_each_once() {
    let repo = clean_repo();
    repo.write(".roadlint.yaml", "rules:\n  capacity: warn\n  telemetry-plans: warning\nincludes: [x]\n");
    let run = repo.check(&[]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    let stderr = &run.stderr;
    assert!(stderr.starts_with("error: invalid configuration in .roadlint.yaml (3 problems)\n"), "{stderr}");
    for (text, once) in [
        ("`rules.capacity` must be one of error, warning, info, off, not `warn`", true),
        ("did you mean `warning`?", true),
        ("unknown rule `telemetry-plans`", true),
        ("did you mean `telemetry-plan`?", true),
        ("unknown key `includes` in the configuration", true),
    ] {
        assert_eq!(stderr.matches(text).count(), usize::from(once), "{text:?} in:\n{stderr}");
    }
    assert!(!stderr.contains("anyOf"), "{stderr}");
}

#[test]
fn a_roster_that_cannot_be_read_is_named_in_the_note() {
    let repo = clean_repo();
    repo.write("roadmap/roster.yaml", format!("{ROSTER}  - [broken\n"));
    let run = repo.check(&[]);
    let notes = run.notes();
    assert!(notes.iter().any(|n| n.starts_with("the roster roadmap/roster.yaml could not be read")), "{notes:?}");
    assert!(!notes.iter().any(|n| n.contains("no Roster document found")), "{notes:?}");
}

#[test]
fn yaml_files_the_include_globs_miss_are_named_in_a_note() {
    let repo = clean_repo();
    repo.write(&format!("{P}MOB-9-loyalty.YAML"), proposal("MOB-9", "draft", 1))
        .write(&format!("{P}notes.txt"), "not YAML\n")
        .write(".roadlint.yaml", "exclude: [\"roadmap/archive/**\"]\n")
        .write("roadmap/archive/OLD-1.YML", proposal("OLD-1", "draft", 1));
    let run = repo.check(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let notes = run.notes();
    let note = notes.iter().find(|n| n.contains("no include glob matches")).expect("a note");
    assert!(note.ends_with(&format!("{P}MOB-9-loyalty.YAML")), "{note}");
    // Excluded on purpose, or not YAML: nothing to say.
    assert!(!note.contains("OLD-1") && !note.contains("notes.txt"), "{note}");
}

#[test]
fn changing_an_id_does_not_make_its_waivers_new() {
    let repo = clean_repo();
    let waived = proposal("PAY-3", "proposed", 3).replace("  reach: 1000\n", "")
        + "waivers:\n  - rule: value-score\n    reason: Mandated.\n    approved_by: omar\n    expires: 2027-01-31\n";
    repo.write(&pay("PAY-3"), &waived).commit("waived");
    repo.git(&["checkout", "-q", "-b", "change"]);
    repo.write(&pay("PAY-3"), waived.replace("id: PAY-3", "id: PAY-33")).commit("new id");
    let run = repo.check(&["--base", "main"]);
    assert!(run.of_rule("id-changed").len() == 1, "{:?}", run.findings());
    assert!(!run.notes().iter().any(|n| n.contains("adds waivers")), "{:?}", run.notes());
    // An altered waiver is new.
    repo.write(&pay("PAY-3"), waived.replace("2027-01-31", "2027-02-28")).commit("longer");
    let run = repo.check(&["--base", "main"]);
    assert!(
        run.notes().iter().any(|n| n.contains("this change adds waivers: PAY-3 (value-score")),
        "{:?}",
        run.notes()
    );
}

#[test]
fn the_report_counts_what_check_reports() {
    let repo = clean_repo();
    repo.write(&pay("PAY-5"), proposal("PAY-5", "accepted", 2).replace("  engineering: li\n", "")).commit("debt");
    repo.git(&["checkout", "-q", "-b", "change"]);
    repo.write(&pay("PAY-6"), proposal("PAY-6", "proposed", 2).replace("  product: maya\n", "")).commit("new");
    let check = repo.check(&["--base", "main"]);
    let report = repo.run(&["report", "--format", "json", "--base", "main"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    let findings = &report.json()["overview"]["findings"];
    assert_eq!(findings["errors"], check.json()["summary"]["errors"], "{findings}");
    assert_eq!(findings["warnings"], check.json()["summary"]["warnings"]);
}

#[test]
fn the_value_ranking_holds_open_proposals_only() {
    let repo = clean_repo();
    repo.write(&pay("PAY-9"), proposal("PAY-9", "shipped", 1).replace("reach: 1000", "reach: 900000"))
        .commit("shipped");
    let report = repo.run(&["report", "--format", "json"]).json();
    let ranked: Vec<&str> =
        report["value"]["ranked"].as_array().unwrap().iter().filter_map(|r| r["proposal"].as_str()).collect();
    assert!(!ranked.contains(&"PAY-9"), "{ranked:?}");
    assert!(ranked.contains(&"PAY-1"), "{ranked:?}");
}

#[test]
fn statistics_count_each_rule_most_frequent_first() {
    let repo = clean_repo();
    for id in ["PAY-3", "PAY-4"] {
        repo.write(&pay(id), proposal(id, "accepted", 2).replace("  engineering: li\n", ""));
    }
    repo.write(&pay("PAY-5"), proposal("PAY-5", "proposed", 2).replace("  reach: 1000\n", ""));
    let run = repo.run(&["check", "--statistics"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "2 owner-pairing error\n1 value-score   warning\n");
    let warnings_only = repo.run(&["check", "--statistics", &pay("PAY-5")]);
    assert_eq!((warnings_only.code, warnings_only.stdout.as_str()), (0, "1 value-score warning\n"));
}

#[test]
fn quiet_prints_diagnostics_only() {
    let repo = clean_repo();
    repo.write(&pay("PAY-3"), proposal("PAY-3", "accepted", 2).replace("  engineering: li\n", ""));
    repo.remove("roadmap/roster.yaml");
    let loud = repo.run(&["check", "--color", "never"]);
    let quiet = repo.run(&["check", "-q", "--color", "never"]);
    assert_eq!(quiet.code, loud.code);
    assert!(loud.stdout.contains("in 4 files") && loud.stderr.contains("note:"), "{}", loud.stderr);
    assert!(!quiet.stdout.contains("in 4 files") && quiet.stderr.is_empty(), "{}\n{}", quiet.stdout, quiet.stderr);
    assert!(quiet.stdout.contains("owner-pairing"));
    // Nothing at all on a clean run.
    let clean = clean_repo().run(&["check", "--quiet"]);
    assert_eq!((clean.code, clean.stdout.as_str(), clean.stderr.as_str()), (0, "", ""));
}

#[test]
fn explain_covers_custom_policy_rules_with_c() {
    let repo = clean_repo();
    repo.write(
        "roadmap/policies/extra.yaml",
        "apiVersion: roadlint/v1\nkind: Policy\nrules:\n  - id: big-bets-need-design-review\n    \
         description: Proposals over 12 person-weeks need a design review.\n    severity: warning\n    \
         applies_to: Proposal\n    when: 'proposal.estimate.effort > 12'\n    \
         require: \"'x-design-review' in proposal\"\n    message: '{proposal.id} needs a design review'\n",
    )
    .write(".roadlint.yaml", "policies: [roadmap/policies/extra.yaml]\n");
    let outside = tempfile::tempdir().unwrap();
    let dir = repo.path().to_str().unwrap();
    let run = common::run_at(outside.path(), &["explain", "-C", dir, "big-bets-need-design-review"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for text in [
        "# big-bets-need-design-review [warning]",
        "Proposals over 12 person-weeks need a design review.",
        "defined in roadmap/policies/extra.yaml",
        "when `proposal.estimate.effort > 12`",
        "`'x-design-review' in proposal`",
    ] {
        assert!(run.stdout.contains(text), "{text:?} in:\n{}", run.stdout);
    }
    // Without -C, from outside the repository, it is unknown.
    let run = common::run_at(outside.path(), &["explain", "big-bets-need-design-review"]);
    assert_eq!(run.code, 2);
    // Built-in rules, the new ones included, explain anywhere.
    for rule in ["waiver-unused", "file-name"] {
        let run = common::run_at(outside.path(), &["explain", rule]);
        assert_eq!(run.code, 0, "{rule}");
        assert!(run.stdout.contains("## What it does") && run.stdout.contains("## Use instead"), "{rule}");
    }
}

#[test]
fn every_policy_file_error_is_reported_in_one_run() {
    let repo = clean_repo();
    let rule = |id: &str, require: &str| {
        format!("  - id: {id}\n    applies_to: Proposal\n    require: \"{require}\"\n    message: m\n")
    };
    repo.write(
        "roadmap/policies/a.yaml",
        format!(
            "apiVersion: roadlint/v1\nkind: Policy\nrules:\n{}{}",
            rule("first", "proposal.id =="),
            rule("second", "(")
        ),
    )
    .write(
        "roadmap/policies/b.yaml",
        format!("apiVersion: roadlint/v1\nkind: Policy\nrules:\n{}", rule("capacity", "true")),
    )
    .write(".roadlint.yaml", "policies: [roadmap/policies/a.yaml, roadmap/policies/b.yaml]\n");
    let run = repo.check(&[]);
    assert_eq!(run.code, 2);
    let stderr = &run.stderr;
    assert!(stderr.contains("(3 problems)"), "{stderr}");
    for text in ["rule `first`", "rule `second`", "`capacity` is a built-in rule"] {
        assert_eq!(stderr.matches(text).count(), 1, "{text:?} in:\n{stderr}");
    }
}
