//! Reading through git: working tree, index, revisions, bare repositories,
//! configuration discovery, and the exit-2 errors of a bad run. That no run
//! writes to the repository is tests/it/read_only.rs.

use crate::common;

use crate::common::{P, TestRepo, clean_repo, proposal};

fn bad(id: &str) -> String {
    proposal(id, "accepted", 3).replace("status: accepted", "status: aproved")
}

#[test]
fn worktree_reads_uncommitted_files_but_not_ignored_ones() {
    let repo = clean_repo();
    repo.write(&format!("{P}PAY-3.yaml"), bad("PAY-3"));
    repo.write(".gitignore", "roadmap/proposals/scratch/\nroadmap/proposals/*.tmp.yaml\n");
    repo.write(&format!("{P}scratch/PAY-4.yaml"), bad("PAY-4"));
    repo.write(&format!("{P}PAY-5.tmp.yaml"), bad("PAY-5"));
    let run = repo.check(&[]);
    let files: Vec<String> = run.findings().into_iter().map(|f| f.2).collect();
    assert_eq!(files, vec![format!("{P}PAY-3.yaml")]);
}

#[test]
fn staged_reads_the_index_not_the_working_copy() {
    let repo = clean_repo();
    repo.write(&format!("{P}PAY-1.yaml"), bad("PAY-1"));
    repo.git(&["add", "-A"]);
    repo.write(&format!("{P}PAY-1.yaml"), proposal("PAY-1", "accepted", 5));
    assert_eq!(repo.check(&[]).findings(), vec![]);
    let staged = repo.check(&["--staged"]);
    assert_eq!(staged.findings(), vec![("schema".into(), "error".into(), format!("{P}PAY-1.yaml"), 5, 9)]);
    assert_eq!(staged.code, 1);
}

#[test]
fn rev_reads_a_revision_and_works_in_a_bare_clone() {
    let repo = clean_repo();
    repo.write(&format!("{P}PAY-3.yaml"), bad("PAY-3")).commit("bad");
    repo.remove(&format!("{P}PAY-3.yaml"));
    assert_eq!(repo.check(&[]).findings(), vec![]);
    assert_eq!(repo.check(&["--rev", "HEAD"]).findings().len(), 1);
    assert_eq!(repo.check(&["--rev", "HEAD~1"]).findings().len(), 0);

    let bare = tempfile::tempdir().unwrap();
    let target = bare.path().join("bare.git");
    repo.git(&["clone", "-q", "--bare", ".", target.to_str().unwrap()]);
    let out = std::process::Command::new(common::bin())
        .args(["check", "--format", "json", "--rev", "main"])
        .current_dir(&target)
        .env("ROADLINT_TODAY", common::TODAY)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["diagnostics"][0]["file"], format!("{P}PAY-3.yaml"));
    // Without --rev a bare repository has nothing to read: a clear error.
    let out = std::process::Command::new(common::bin()).current_dir(&target).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--rev"));
}

#[test]
fn configuration_is_found_upward_and_paths_stay_repository_relative() {
    let repo = TestRepo::new();
    repo.write("teams/field/.roadlint.yaml", "include: [\"plans/*.yaml\"]\n");
    repo.write("teams/field/plans/roster.yaml", common::ROSTER);
    repo.write("teams/field/plans/PAY-1.yaml", bad("PAY-1"));
    repo.commit("monorepo");
    let run = repo.run_in("teams/field/plans", &["check", "--format", "json"]);
    assert_eq!(run.findings(), vec![("schema".into(), "error".into(), "teams/field/plans/PAY-1.yaml".into(), 5, 9)]);
    // -C works like git's.
    let run = repo.run(&["-C", "teams/field", "--format", "json"]);
    assert_eq!(run.findings().len(), 1);
    // From the root there is no configuration: default globs find nothing.
    let run = repo.run(&["check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("roadlint init"), "{}", run.stderr);
}

#[test]
fn configuration_is_read_from_the_same_source() {
    let repo = clean_repo();
    repo.write(&format!("{P}PAY-3.yaml"), proposal("PAY-3", "proposed", 3).replace("  confidence: 0.8\n", ""))
        .commit("warn");
    repo.write(".roadlint.yaml", "rules: { value-score: off }\n");
    assert_eq!(repo.check(&[]).findings(), vec![]);
    assert_eq!(repo.check(&["--rev", "HEAD"]).findings().len(), 1);
    assert_eq!(repo.check(&["--staged"]).findings().len(), 1);
}

#[test]
fn paths_limit_the_report_not_what_is_read() {
    let repo = clean_repo();
    repo.write(&format!("{P}PAY-3.yaml"), bad("PAY-3"));
    repo.write(&format!("{P}PAY-4.yaml"), bad("PAY-4"));
    repo.write("README.md", "A file outside the include globs.\n");
    let run = repo.run_in("roadmap", &["check", "--format", "json", "proposals/PAY-4.yaml", "../README.md"]);
    assert_eq!(run.findings().into_iter().map(|f| f.2).collect::<Vec<_>>(), vec![format!("{P}PAY-4.yaml")]);
    assert_eq!(run.json()["summary"]["files"], 6);
}

#[test]
fn positions_are_what_an_editor_shows() {
    let repo = clean_repo();
    let text = bad("PAY-3");
    repo.write(&format!("{P}PAY-3.yaml"), format!("\u{feff}{}", text.replace('\n', "\r\n")));
    // Columns count characters: an emoji and a tab are one each.
    let emoji = bad("PAY-4")
        .replace("owners:\n  product: maya\n  engineering: li\n", "owners: {product: \"🙂\tx\", engineering: 7}\n");
    repo.write(&format!("{P}PAY-4.yaml"), emoji);
    repo.write(&format!("{P}PAY-5.yaml"), "apiVersion: roadlint/v1\nkind: Proposal\nid: PAY-5\ntitle: x\nstatus: nope");
    let run = repo.check(&[]);
    let d = run.json()["diagnostics"].clone();
    assert_eq!(
        (d[0]["line"].as_u64(), d[0]["column"].as_u64(), d[0]["end_column"].as_u64()),
        (Some(5), Some(9), Some(16))
    );
    assert_eq!(
        (d[1]["line"].as_u64(), d[1]["column"].as_u64(), d[1]["end_column"].as_u64()),
        (Some(5), Some(9), Some(16))
    );
    // The unknown person "🙂\tx" spans five characters with its quotes.
    assert_eq!(
        (d[2]["line"].as_u64(), d[2]["column"].as_u64(), d[2]["end_column"].as_u64()),
        (Some(7), Some(19), Some(24))
    );
    assert_eq!(
        (d[3]["line"].as_u64(), d[3]["column"].as_u64(), d[3]["end_column"].as_u64()),
        (Some(7), Some(39), Some(40))
    );
    // A value at the very end of a file without a newline.
    assert_eq!(
        (d[4]["line"].as_u64(), d[4]["column"].as_u64(), d[4]["end_column"].as_u64()),
        (Some(5), Some(9), Some(13))
    );
}

#[test]
fn bad_runs_exit_2_with_one_clear_error() {
    let outside = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(common::bin()).current_dir(outside.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not inside a git repository") && stderr.contains("hint:"), "{stderr}");

    let repo = clean_repo();
    let cases: &[(&[&str], &str)] = &[
        (&["--rev", "no-such-branch"], "unknown revision `no-such-branch`"),
        (&["--today", "tomorrow"], "`tomorrow` is not a date"),
        (&["-C", "nowhere"], "is not a directory"),
        (&["--config", "missing.yaml"], "cannot read the configuration"),
        (&["--format", "xml"], "invalid value 'xml'"),
    ];
    for (args, expected) in cases {
        let run = repo.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?} printed a report");
    }
}

#[test]
fn configuration_errors_point_into_the_file() {
    let repo = clean_repo();
    let cases = [
        ("rules:\n  telemetry-plans: warning\n", "unknown rule `telemetry-plans`", "did you mean `telemetry-plan`?"),
        ("includes: [a]\n", "unknown key `includes`", "did you mean `include`?"),
        ("rules:\n  capacity: loud\n", "rules.capacity", ".roadlint.yaml:2"),
        ("include: [\"roadmap/[\"]\n", "invalid glob", ".roadlint.yaml:1"),
        ("rules: [\n", "invalid YAML", ".roadlint.yaml"),
        ("limits: { max_depth: 0 }\n", "limits.max_depth", ".roadlint.yaml:1"),
    ];
    for (config, message, detail) in cases {
        repo.write(".roadlint.yaml", config);
        let run = repo.check(&[]);
        assert_eq!(run.code, 2, "{config}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{config}: {}", run.stderr);
        assert!(run.stderr.contains(detail), "{config}: {}", run.stderr);
        assert!(run.stdout.is_empty());
    }
}
