//! Every limit end to end, through the command line: what a hostile or
//! runaway input gets — a diagnostic on its file (exit 1) or a clear error
//! (exit 2) — and that it gets it fast. File size and flow nesting are in
//! tests/it/end_to_end_rules.rs; the parser's budgets in detail in src/parse/tests.rs.

use crate::common::{P, Run, TestRepo, clean_repo, proposal};
use std::time::{Duration, Instant};

/// Runs `check --format json` and fails if it took longer than `seconds`
/// (generous: debug builds on a loaded machine).
fn check_within(repo: &TestRepo, seconds: u64) -> Run {
    let start = Instant::now();
    let run = repo.check(&[]);
    let took = start.elapsed();
    assert!(took < Duration::from_secs(seconds), "took {took:?}: {}", run.stderr);
    run
}

fn only_message(run: &Run, rule: &str) -> String {
    let found = run.of_rule(rule);
    assert_eq!(found.len(), 1, "{}", run.stdout);
    found[0]["message"].as_str().expect("message").to_owned()
}

#[test]
fn a_billion_laughs_file_is_one_diagnostic_and_fast() {
    let mut text = String::from(
        "apiVersion: roadlint/v1\nkind: Proposal\nid: PAY-3\nx-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..12 {
        let p = i - 1;
        text.push_str(&format!("x-a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
    }
    let repo = clean_repo();
    repo.write(&format!("{P}PAY-3.yaml"), text);
    let run = check_within(&repo, 10);
    assert_eq!(run.code, 1);
    assert_eq!(only_message(&run, "yaml-syntax"), "more than 100000 nodes after expanding aliases");
    // The other documents are still checked: the broken file is the only finding.
    assert_eq!(run.findings().len(), 1);
}

#[test]
fn aliases_of_long_text_are_refused_before_they_are_copied() {
    let repo = clean_repo();
    let text = format!(
        "apiVersion: roadlint/v1\nkind: Proposal\nid: PAY-3\nx-s: &s {}\nx-l: [{}]\n",
        "b".repeat(400_000),
        vec!["*s"; 100_000].join(", ")
    );
    repo.write(&format!("{P}PAY-3.yaml"), text);
    let run = check_within(&repo, 10);
    assert_eq!(only_message(&run, "yaml-syntax"), "aliases expand the document to more than 16777216 bytes of text");
}

#[test]
fn configured_node_and_depth_limits_apply() {
    let repo = clean_repo();
    // A proposal is about 40 nodes and 4 levels deep (telemetry.metrics[0].name).
    repo.write(".roadlint.yaml", "limits: { max_nodes: 30 }\n");
    let run = repo.check(&[]);
    let messages: Vec<String> = run.of_rule("yaml-syntax").iter().map(|d| d["message"].to_string()).collect();
    assert!(messages.iter().any(|m| m.contains("more than 30 nodes after expanding aliases")), "{messages:?}");
    repo.write(".roadlint.yaml", "limits: { max_depth: 3 }\n");
    let run = repo.check(&[]);
    let found = run.of_rule("yaml-syntax");
    assert!(!found.is_empty() && found.iter().all(|d| d["message"] == "nesting deeper than 3 levels"), "{found:?}");
    // The schema bounds the depth, since later stages recurse once per level.
    repo.write(".roadlint.yaml", "limits: { max_depth: 100000 }\n");
    let run = repo.check(&[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("limits.max_depth"), "{}", run.stderr);
    // And the file size, which the memory budgets are multiples of.
    repo.write(".roadlint.yaml", "limits: { max_file_bytes: 100000000 }\n");
    let run = repo.check(&[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("limits.max_file_bytes"), "{}", run.stderr);
}

#[test]
fn too_many_documents_is_a_clear_error() {
    let repo = clean_repo();
    repo.write(".roadlint.yaml", "limits: { max_documents: 3 }\n");
    let run = repo.check(&[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("error: 4 documents match the include globs, more than the limit of 3"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hint: raise limits.max_documents in .roadlint.yaml, or narrow `include`"));
    assert!(run.stdout.is_empty());
}

/// A repository whose configuration names one custom policy with `rules`.
fn with_policy(rules: &str, limits: &str) -> TestRepo {
    let repo = clean_repo();
    repo.write(".roadlint.yaml", format!("policies: [roadmap/policies/custom.yaml]\nlimits: {{ {limits} }}\n"))
        .write("roadmap/policies/custom.yaml", format!("apiVersion: roadlint/v1\nkind: Policy\nrules:\n{rules}"));
    repo
}

#[test]
fn a_long_expression_is_refused_inside_the_policy_file() {
    let rule = format!(
        "  - id: long\n    applies_to: Proposal\n    require: \"{}true\"\n    message: m\n",
        "true && ".repeat(20)
    );
    let run = with_policy(&rule, "max_expression_bytes: 100").check(&[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("the `require` expression of rule `long` is 164 bytes, over the limit of 100"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("roadmap/policies/custom.yaml:6:"), "{}", run.stderr);
}

#[test]
fn nested_comprehensions_are_refused_at_compile_time() {
    let deep = "  - id: deep\n    applies_to: Proposal\n    \
                require: \"[1, 2].all(a, [3, 4].all(b, [5, 6].all(c, a < b + c)))\"\n    message: m\n";
    let run = with_policy(deep, "max_documents: 100").check(&[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("the `require` expression of rule `deep` nests comprehensions 3 deep, more than the limit of 2"),
        "{}",
        run.stderr
    );
    // The snippet points at the innermost comprehension.
    assert!(run.stderr.contains("this comprehension is too deep"), "{}", run.stderr);
    assert!(run.stderr.contains("limits.max_comprehension_depth"), "{}", run.stderr);
    // Templates are held to the same bound.
    let message = "  - id: deep\n    applies_to: Proposal\n    require: 'false'\n    \
                   message: \"{[1].map(a, [2].map(b, [3].map(c, c)))}\"\n";
    let run = with_policy(message, "max_documents: 100").check(&[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("comprehensions 3 deep, more than the limit of 2"), "{}", run.stderr);
    // A configuration that allows more lets it run.
    let run = with_policy(deep, "max_comprehension_depth: 3").check(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_policy_that_runs_too_long_stops_at_the_time_limit() {
    // Two comprehensions nested within the default bound, over a list a
    // document provides.
    let slow = "  - id: slow\n    applies_to: Proposal\n    when: \"'x-big' in proposal\"\n    \
                require: \"proposal['x-big'].all(a, proposal['x-big'].all(b, a >= 0.0))\"\n    \
                message: m\n";
    let repo = with_policy(slow, "max_policy_seconds: 0.2");
    // Far more work than fits the limit on any machine: 4 million steps on
    // each of six proposals.
    let big = (0..2000).map(|n| n.to_string()).collect::<Vec<_>>().join(", ");
    for id in ["PAY-3", "PAY-4", "PAY-5", "PAY-6", "PAY-7", "PAY-8"] {
        repo.write(&format!("{P}{id}.yaml"), format!("{}x-big: [{big}]\n", proposal(id, "draft", 1)));
    }
    let run = check_within(&repo, 20);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains(
            "error: evaluating the policy rule `slow` (roadmap/policies/custom.yaml) took longer than the limit of 0.2 seconds"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("hint: check the comprehensions (all, exists, map, filter) in roadmap/policies/custom.yaml"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn oversized_configuration_and_policy_files_are_clear_errors() {
    let repo = clean_repo();
    repo.write(".roadlint.yaml", format!("# {}\n", "x".repeat(1024 * 1024)));
    let run = repo.check(&[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "error: .roadlint.yaml is 1048579 bytes, over the limit of 1048576 bytes for a configuration file"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hint: a configuration is a few lines of settings"), "{}", run.stderr);

    let repo = with_policy("  []\n", "max_file_bytes: 1000");
    repo.write("roadmap/policies/custom.yaml", format!("# {}\napiVersion: roadlint/v1\n", "x".repeat(2000)));
    let run = repo.check(&[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("the policy file roadmap/policies/custom.yaml is 2027 bytes, over the limit of 1000 bytes"),
        "{}",
        run.stderr
    );
}
