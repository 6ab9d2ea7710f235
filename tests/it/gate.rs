//! The gate holds: every way a bad change could get a green run — through
//! the command line, a git hook, a pull request that edits its own judge,
//! or text that pretends to be output — built as the real scenario on a
//! temporary repository, beside the legitimate flows that must still pass.

use crate::common;

use crate::common::{P, ROSTER, TODAY, TestRepo, bin, clean_repo, proposal, roadmap};
use std::path::Path;
use std::process::Command;

fn pay(id: &str) -> String {
    format!("{P}{id}.yaml")
}

/// A proposal with no engineering owner: an `owner-pairing` error.
fn unpaired(id: &str) -> String {
    proposal(id, "accepted", 3).replace("  engineering: li\n", "")
}

/// `(rule, file)` of every diagnostic.
fn rules_and_files(run: &common::Run) -> Vec<(String, String)> {
    run.findings().into_iter().map(|(rule, _, file, _, _)| (rule, file)).collect()
}

fn pair(rule: &str, file: &str) -> (String, String) {
    (rule.to_owned(), file.to_owned())
}

// ---------------------------------------------------------------------------
// The command line

#[test]
fn options_before_the_subcommand_mean_the_same_as_after_it() {
    let repo = clean_repo();
    repo.write(&pay("PAY-3"), unpaired("PAY-3")).commit("unpaired");
    repo.git(&["branch", "main-copy"]);
    let inner = repo.path().join("roadmap");
    let dir = inner.to_str().unwrap();
    for args in [
        &["-C", dir, "check", "--format", "json"][..],
        &["check", "-C", dir, "--format", "json"],
        &["--format", "json", "check"],
        &["--format=json", "-C", dir, "check"],
        &["--base", "main-copy", "--all", "--format", "json", "check"],
        &["--format", "json"],
    ] {
        let run = repo.run(args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert_eq!(rules_and_files(&run), [pair("owner-pairing", &pay("PAY-3"))], "{args:?}");
    }
    // Other subcommands too.
    let report = repo.run(&["--format", "json", "report"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    assert!(report.json().get("capacity").is_some());
}

#[test]
fn a_mistyped_subcommand_or_path_is_a_usage_error_never_a_filter() {
    let repo = clean_repo();
    repo.write(&pay("PAY-3"), unpaired("PAY-3")).commit("unpaired");
    let cases: &[(&[&str], &str, &str)] = &[
        (&["chekc"], "`chekc` is not a subcommand", "did you mean `roadlint check`?"),
        (&["explian", "capacity"], "`explian` is not a subcommand", "did you mean `roadlint explain`?"),
        (&["check", "nonexistent.yaml"], "`nonexistent.yaml`: no such file or folder", "PATHS must be existing"),
        (&["check", "roadmap/*.yaml"], "`roadmap/*.yaml`: no such file or folder", "glob the shell did not expand"),
        (&["check", "/"], "lies outside the repository", "inside the repository"),
        (&["check", ".."], "lies outside the repository", "inside the repository"),
    ];
    for (args, message, hint) in cases {
        let run = repo.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stdout);
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(hint), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?} printed a report");
    }
}

#[test]
fn folders_and_absolute_paths_stand_for_what_they_hold() {
    let repo = clean_repo();
    repo.write(&pay("PAY-3"), unpaired("PAY-3")).commit("unpaired");
    let absolute = repo.path().join(pay("PAY-3"));
    let roadmap_dir = repo.path().join("roadmap");
    for args in [
        vec!["check", "--format", "json", "."],
        vec!["check", "--format", "json", "roadmap/"],
        vec!["check", "--format", "json", "roadmap"],
        vec!["check", "--format", "json", "roadmap/proposals/../proposals"],
        vec!["check", "--format", "json", absolute.to_str().unwrap()],
        vec!["check", "--format", "json", roadmap_dir.to_str().unwrap()],
    ] {
        let run = repo.run(&args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert_eq!(rules_and_files(&run), [pair("owner-pairing", &pay("PAY-3"))], "{args:?}");
    }
    // From inside a folder, a relative PATH is relative to it.
    let run = repo.run_in("roadmap/proposals", &["check", "--format", "json", "PAY-3.yaml"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // A folder without documents under it is an error, not a silent pass.
    repo.write("docs/readme.md", "text\n");
    let run = repo.run(&["check", "docs"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("no roadlint documents under `docs`"), "{}", run.stderr);
}

#[test]
fn a_path_in_the_source_read_need_not_be_on_disk() {
    let repo = clean_repo();
    repo.write(&pay("PAY-3"), unpaired("PAY-3")).commit("unpaired");
    repo.remove(&pay("PAY-3"));
    let run = repo.check(&["--rev", "HEAD", &pay("PAY-3")]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(rules_and_files(&run), [pair("owner-pairing", &pay("PAY-3"))]);
    // ... but in the working tree it is gone.
    let run = repo.check(&[&pay("PAY-3")]);
    assert_eq!(run.code, 2);
}

// ---------------------------------------------------------------------------
// The pre-commit hook

/// Installs a plain git pre-commit hook that runs what the pre-commit
/// framework's hook runs, with every staged YAML file (as pre-commit passes
/// them).
fn install_plain_hook(repo: &TestRepo) {
    let hook = format!(
        "#!/bin/sh\n# As .pre-commit-hooks.yaml runs it: the staged YAML files as PATHS.\n\
         files=$(git diff --cached --name-only --diff-filter=ACMR -- '*.yaml' '*.yml')\n\
         exec '{}' check --staged --base HEAD $files\n",
        bin().display()
    );
    let path = repo.path().join(".git/hooks/pre-commit");
    std::fs::write(&path, hook).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// `git commit ARGS` with the hook; whether it was accepted, and what the hook said.
fn commit_through_hook(repo: &TestRepo, args: &[&str]) -> (bool, String) {
    let out = Command::new("git")
        .args(["commit", "-q", "-m", "change"])
        .args(args)
        .current_dir(repo.path())
        .env("ROADLINT_TODAY", TODAY)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), said)
}

#[test]
fn a_plain_hook_checks_what_commit_a_and_commit_path_really_commit() {
    let repo = clean_repo();
    install_plain_hook(&repo);
    // `git commit -a` stages the working copy into a temporary index
    // (GIT_INDEX_FILE): the broken edit is what would be committed.
    repo.write(&pay("PAY-1"), unpaired("PAY-1"));
    let (accepted, said) = commit_through_hook(&repo, &["-a"]);
    assert!(!accepted, "commit -a of a broken proposal passed: {said}");
    assert!(said.contains("owner-pairing"), "{said}");
    // `git commit PATH` does the same with another temporary index.
    let (accepted, said) = commit_through_hook(&repo, &[&pay("PAY-1")]);
    assert!(!accepted, "commit PATH of a broken proposal passed: {said}");
    // The fix, committed the same ways, passes.
    repo.write(&pay("PAY-1"), proposal("PAY-1", "accepted", 6));
    let (accepted, said) = commit_through_hook(&repo, &["-a"]);
    assert!(accepted, "{said}");
    repo.write(&pay("PAY-1"), proposal("PAY-1", "accepted", 7));
    let (accepted, said) = commit_through_hook(&repo, &[&pay("PAY-1")]);
    assert!(accepted, "{said}");
}

#[test]
fn a_hook_judges_the_whole_roadmap_by_what_the_commit_changes() {
    let repo = clean_repo();
    // Old debt: PAY-5 has no engineering owner, committed before the hook.
    repo.write(&pay("PAY-5"), unpaired("PAY-5")).commit("debt");
    install_plain_hook(&repo);
    // A typo fix in the file with the old problem is not blocked.
    repo.write(&pay("PAY-5"), unpaired("PAY-5").replace("Summary of PAY-5.", "The summary of PAY-5."));
    repo.git(&["add", &pay("PAY-5")]);
    let (accepted, said) = commit_through_hook(&repo, &[]);
    assert!(accepted, "a typo fix was blocked by old debt: {said}");
    // Committing only the roster, with a person removed whom proposals
    // name, breaks them: blocked, though no proposal is in the commit.
    repo.write("roadmap/roster.yaml", ROSTER.replace("  - id: li\n    name: Li Wei\n    roles: [engineering]\n", ""));
    repo.git(&["add", "roadmap/roster.yaml"]);
    let (accepted, said) = commit_through_hook(&repo, &[]);
    assert!(!accepted, "removing a person that proposals name passed: {said}");
    assert!(said.contains("unresolved-reference") && said.contains("PAY-1.yaml"), "{said}");
}

#[test]
fn a_first_commit_in_a_new_repository_goes_through_the_hook() {
    let repo = TestRepo::new();
    install_plain_hook(&repo);
    repo.write("roadmap/roster.yaml", ROSTER)
        .write(&pay("PAY-1"), proposal("PAY-1", "proposed", 5))
        .write("roadmap/2027-H2.yaml", roadmap("2027-H2", &[("PLAN-1", "PAY-1", "payments", "2027-Q3", "planned")]));
    repo.git(&["add", "-A"]);
    let (accepted, said) = commit_through_hook(&repo, &[]);
    assert!(accepted, "{said}");
    // A broken first commit does not pass.
    let fresh = TestRepo::new();
    install_plain_hook(&fresh);
    fresh.write("roadmap/roster.yaml", ROSTER).write(&pay("PAY-1"), unpaired("PAY-1").replace("accepted", "proposed"));
    fresh.git(&["add", "-A"]);
    let (accepted, said) = commit_through_hook(&fresh, &[]);
    assert!(!accepted, "{said}");
}

#[test]
fn in_a_monorepo_paths_select_their_roadmap_and_other_yaml_is_skipped() {
    let repo = TestRepo::new();
    repo.write("plans/.roadlint.yaml", "include: [\"roadmap/**/*.yaml\"]\n")
        .write("plans/roadmap/roster.yaml", ROSTER)
        .write("plans/roadmap/proposals/PAY-1.yaml", proposal("PAY-1", "accepted", 5))
        .write(".github/workflows/ci.yaml", "on: push\n")
        .commit("monorepo");
    install_plain_hook(&repo);
    // A commit that touches only YAML outside every roadmap passes.
    repo.write(".github/workflows/ci.yaml", "on: [push]\n");
    repo.git(&["add", "-A"]);
    let (accepted, said) = commit_through_hook(&repo, &[]);
    assert!(accepted, "{said}");
    // The same PATHS from the command line: skipped, with a note.
    repo.write(".github/workflows/ci.yaml", "on: [push, pull_request]\n");
    let run = repo.check(&[".github/workflows/ci.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.notes().iter().any(|n| n.contains("nothing to check")), "{:?}", run.notes());
    // A broken proposal of the subfolder's roadmap is judged by it.
    repo.write("plans/roadmap/proposals/PAY-1.yaml", unpaired("PAY-1"));
    repo.git(&["add", "-A"]);
    let (accepted, said) = commit_through_hook(&repo, &[]);
    assert!(!accepted, "{said}");
    assert!(said.contains("plans/roadmap/proposals/PAY-1.yaml"), "{said}");
    let run = repo.check(&["--staged", "plans/roadmap/proposals/PAY-1.yaml", ".github/workflows/ci.yaml"]);
    assert_eq!(rules_and_files(&run), [pair("owner-pairing", "plans/roadmap/proposals/PAY-1.yaml")]);
}

#[test]
fn the_pre_commit_framework_runs_the_hook_as_published() {
    let Some(pre_commit) = common::tool("pre-commit") else { return };
    let hooks = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml")).unwrap();
    assert!(hooks.contains("entry: roadlint check --staged --base HEAD"), "{hooks}");
    let repo = TestRepo::new();
    // The published hook's entry and file types, with the binary just built
    // (the install channels are tested in tests/it/integrations.rs).
    repo.write(
        ".pre-commit-config.yaml",
        format!(
            "repos:\n  - repo: local\n    hooks:\n      - id: roadlint\n        name: roadlint\n        \
             entry: {} check --staged --base HEAD\n        language: system\n        types: [yaml]\n        \
             require_serial: true\n",
            bin().display()
        ),
    );
    repo.write("roadmap/roster.yaml", ROSTER).write(&pay("PAY-1"), proposal("PAY-1", "proposed", 5));
    repo.git(&["add", "-A"]);
    let status = Command::new(&pre_commit)
        .args(["install"])
        .current_dir(repo.path())
        .env("PRE_COMMIT_HOME", repo.path().join(".cache"))
        .status()
        .unwrap();
    assert!(status.success());
    let commit = |args: &[&str]| {
        let out = Command::new("git")
            .args(["commit", "-q", "-m", "change"])
            .args(args)
            .current_dir(repo.path())
            .env("PRE_COMMIT_HOME", repo.path().join(".cache"))
            .env("ROADLINT_TODAY", TODAY)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .unwrap();
        (
            out.status.success(),
            format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
        )
    };
    let (accepted, said) = commit(&[]);
    assert!(accepted, "the first commit: {said}");
    repo.write("roadmap/roster.yaml", ROSTER.replace("  - id: li\n    name: Li Wei\n    roles: [engineering]\n", ""));
    repo.git(&["add", "roadmap/roster.yaml"]);
    let (accepted, said) = commit(&[]);
    assert!(!accepted, "removing an owner from the roster passed: {said}");
    repo.git(&["checkout", "--", "."]);
    repo.git(&["reset", "-q", "--hard"]);
    repo.write(&pay("PAY-1"), proposal("PAY-1", "proposed", 6));
    let (accepted, said) = commit(&["-a"]);
    assert!(accepted, "{said}");
}

// ---------------------------------------------------------------------------
// A pull request cannot walk around the policy that judges it

/// `check --base main --format json` on the branch `change`.
fn check_change(repo: &TestRepo) -> common::Run {
    repo.check(&["--base", "main"])
}

fn branch(repo: &TestRepo) {
    repo.git(&["checkout", "-q", "-b", "change"]);
}

#[test]
fn deleting_or_renaming_the_roster_does_not_turn_off_the_roster_rules() {
    for (how, rename) in [("deleted", None), ("renamed", Some("roadmap/roster.YAML")), ("moved", Some("people.yaml"))] {
        let repo = clean_repo();
        branch(&repo);
        match rename {
            None => {
                repo.remove("roadmap/roster.yaml");
            }
            Some(to) => {
                repo.git(&["mv", "roadmap/roster.yaml", to]);
            }
        }
        // A proposal owned by a stranger, in the same change.
        repo.write(&pay("PAY-3"), proposal("PAY-3", "proposed", 3).replace("product: maya", "product: nobody"));
        repo.commit(how);
        let run = check_change(&repo);
        assert_eq!(run.code, 1, "{how}: {}", run.stderr);
        let found = rules_and_files(&run);
        assert!(found.contains(&pair("deleted-item", "roadmap/roster.yaml")), "{how}: {found:?}");
        assert!(found.contains(&pair("unresolved-reference", &pay("PAY-3"))), "{how}: {found:?}");
        assert!(run.notes().iter().any(|n| n.contains("stands in")), "{how}: {:?}", run.notes());
    }
}

#[test]
fn breaking_the_roster_keeps_the_base_roster_in_force() {
    let repo = clean_repo();
    branch(&repo);
    repo.write("roadmap/roster.yaml", format!("{ROSTER}  - [broken\n"))
        .write(&pay("PAY-3"), proposal("PAY-3", "proposed", 3).replace("engineering: li", "engineering: stranger"))
        .commit("break the roster");
    let run = check_change(&repo);
    let found = rules_and_files(&run);
    assert!(found.contains(&pair("yaml-syntax", "roadmap/roster.yaml")), "{found:?}");
    assert!(found.contains(&pair("unresolved-reference", &pay("PAY-3"))), "{found:?}");
}

#[test]
fn a_gitignore_cannot_hide_tracked_documents_from_the_working_tree_read() {
    let repo = clean_repo();
    repo.write(&pay("PAY-3"), unpaired("PAY-3")).commit("debt");
    repo.write(".gitignore", "roadmap/proposals/\n");
    let run = repo.check(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(rules_and_files(&run), [pair("owner-pairing", &pay("PAY-3"))]);
    assert_eq!(run.json()["summary"]["files"], 5);
    // Untracked files in the ignored folder stay ignored, as git has it.
    repo.write(&pay("PAY-4"), unpaired("PAY-4"));
    assert_eq!(rules_and_files(&repo.check(&[])), [pair("owner-pairing", &pay("PAY-3"))]);
    // A pattern for files, and a nested ignored folder, alike.
    repo.write(".gitignore", "*.yaml\n");
    assert_eq!(rules_and_files(&repo.check(&[])), [pair("owner-pairing", &pay("PAY-3"))]);
}

#[cfg(unix)]
#[test]
fn a_document_whose_path_is_not_utf8_is_reported_in_every_mode() {
    use std::os::unix::ffi::OsStrExt;
    let repo = clean_repo();
    let name = std::ffi::OsStr::from_bytes(b"roadmap/proposals/P-\xff.yaml");
    std::fs::write(repo.path().join(name), unpaired("PAY-9")).unwrap();
    let expected = [pair("yaml-syntax", "roadmap/proposals/P-\u{fffd}.yaml")];
    let worktree = repo.check(&[]);
    assert_eq!(rules_and_files(&worktree), expected);
    assert!(worktree.json()["diagnostics"][0]["message"].as_str().unwrap().contains("not valid UTF-8"));
    repo.git(&["add", "-A"]);
    assert_eq!(rules_and_files(&repo.check(&["--staged"])), expected);
    repo.commit("non-UTF-8 path");
    assert_eq!(rules_and_files(&repo.check(&["--rev", "HEAD"])), expected);
    // Not even the same content under a UTF-8 name on the base side hides it.
    assert_eq!(rules_and_files(&repo.check(&["--rev", "HEAD", "--base", "HEAD~1"])), expected);
}

#[test]
fn a_person_added_in_a_change_cannot_approve_its_waivers() {
    let repo = clean_repo();
    branch(&repo);
    let roster = ROSTER.replace("teams:\n", "  - id: dana\n    name: Dana Sockpuppet\n    roles: [product]\nteams:\n");
    let waived = unpaired("PAY-3").replace("status: accepted", "status: proposed")
        + "waivers:\n  - rule: owner-pairing\n    reason: Staffing.\n    approved_by: dana\n    expires: 2027-01-31\n";
    repo.write("roadmap/roster.yaml", &roster).write(&pay("PAY-3"), &waived).commit("sockpuppet");
    let run = check_change(&repo);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let invalid = run.of_rule("waiver-invalid");
    assert_eq!(invalid.len(), 1, "{:?}", run.findings());
    assert!(invalid[0]["message"].as_str().unwrap().contains("not on the base side's roster"), "{invalid:?}");
    assert!(run.of_rule("owner-pairing").len() == 1, "the invalid waiver still suppressed: {:?}", run.findings());
    assert!(run.notes().iter().any(|n| n.contains("adds to the roster: dana (product)")), "{:?}", run.notes());
    // Outside base mode the same documents are judged by their own roster.
    assert_eq!(repo.check(&[]).of_rule("waiver-invalid").len(), 0);
}

#[test]
fn a_new_hire_can_be_named_as_an_owner_in_the_change_that_adds_them() {
    let repo = clean_repo();
    branch(&repo);
    let roster = ROSTER.replace("teams:\n", "  - id: noor\n    name: Noor Haddad\n    roles: [engineering]\nteams:\n");
    repo.write("roadmap/roster.yaml", roster)
        .write(&pay("PAY-3"), proposal("PAY-3", "proposed", 3).replace("engineering: li", "engineering: noor"))
        .commit("new hire");
    let run = check_change(&repo);
    assert_eq!(run.code, 0, "{:?} {}", run.findings(), run.stderr);
    assert!(run.notes().iter().any(|n| n.contains("adds to the roster: noor (engineering)")), "{:?}", run.notes());
    // Roles granted are named too.
    repo.write(
        "roadmap/roster.yaml",
        ROSTER.replace("roles: [product]\n  - id: li", "roles: [product, engineering]\n  - id: li"),
    )
    .commit("grant");
    let run = repo.check(&["--base", "HEAD~1"]);
    assert!(run.notes().iter().any(|n| n.contains("grants roles: maya (engineering)")), "{:?}", run.notes());
}

#[test]
fn a_deleted_proposal_is_not_kept_alive_by_its_id_in_a_broken_file() {
    let repo = clean_repo();
    repo.write(&pay("PAY-9"), "apiVersion: roadlint/v1\nkind: Proposal\ntitle: [old and broken\n").commit("old debt");
    branch(&repo);
    repo.remove(&pay("PAY-1"));
    repo.write(&pay("PAY-9"), "apiVersion: roadlint/v1\nkind: Proposal\nid: PAY-1\ntitle: [old and broken\n");
    repo.commit("hide the deletion");
    let run = check_change(&repo);
    assert_eq!(run.code, 1);
    assert!(rules_and_files(&run).contains(&pair("deleted-item", &pay("PAY-1"))), "{:?}", run.findings());
}

#[test]
fn an_explicit_configuration_inside_the_repository_is_read_from_the_base() {
    let repo = clean_repo();
    repo.write(".roadlint.yaml", "rules:\n  value-score: error\n").commit("config");
    branch(&repo);
    let broken = unpaired("PAY-3").replace("status: accepted", "status: proposed");
    repo.write(".roadlint.yaml", "rules:\n  owner-pairing: off\n").write(&pay("PAY-3"), broken);
    repo.commit("weaken and break");
    let run = repo.check(&["--base", "main", "--config", ".roadlint.yaml"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(rules_and_files(&run), [pair("owner-pairing", &pay("PAY-3"))]);
    // One outside the repository is read as given.
    let outside = tempfile::tempdir().unwrap();
    let file = outside.path().join("roadlint.yaml");
    std::fs::write(&file, "rules:\n  owner-pairing: off\n").unwrap();
    let run = repo.check(&["--base", "main", "--config", file.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{:?}", run.findings());
}

#[test]
fn more_work_on_an_over_committed_quarter_is_a_new_problem() {
    let repo = clean_repo();
    // PAY-1 (5) + PAY-2 (4) + PAY-4 (6) committed in payments 2027-Q3 (12): over already.
    repo.write(&pay("PAY-4"), proposal("PAY-4", "accepted", 6))
        .write(
            "roadmap/2027-H2.yaml",
            roadmap(
                "2027-H2",
                &[
                    ("PLAN-1", "PAY-1", "payments", "2027-Q3", "committed"),
                    ("PLAN-2", "PAY-2", "payments", "2027-Q3", "committed"),
                    ("PLAN-4", "PAY-4", "payments", "2027-Q3", "committed"),
                ],
            ),
        )
        .commit("over capacity");
    branch(&repo);
    // The crossing item stays the same; the quarter carries two more weeks.
    repo.write(&pay("PAY-4"), proposal("PAY-4", "accepted", 8)).commit("pile on");
    let run = check_change(&repo);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(rules_and_files(&run), [pair("capacity", "roadmap/2027-H2.yaml")]);

    // Taking work off the quarter, even the item that crossed the line,
    // is not a new problem while it stays over.
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["checkout", "-q", "-b", "relief"]);
    repo.write(
        "roadmap/2027-H2.yaml",
        roadmap(
            "2027-H2",
            &[
                ("PLAN-4", "PAY-4", "payments", "2027-Q3", "committed"),
                ("PLAN-1", "PAY-1", "payments", "2027-Q3", "committed"),
                ("PLAN-2", "PAY-2", "payments", "2027-Q4", "committed"),
                ("PLAN-9", "PAY-2", "payments", "2027-Q3", "planned"),
            ],
        ),
    )
    .commit("relief");
    let run = repo.check(&["--base", "main"]);
    assert_eq!(run.code, 0, "{:?}", run.findings());
}

#[test]
fn a_waiver_with_a_schema_error_suppresses_nothing() {
    let repo = clean_repo();
    let waived = unpaired("PAY-3")
        + "waivers:\n  - rule: owner-pairing\n    reason: Staffing.\n    approved_by: omar\n    expires: +2027-01-01\n";
    repo.write(&pay("PAY-3"), waived);
    let run = repo.check(&[]);
    assert_eq!(run.code, 1);
    let found = rules_and_files(&run);
    assert_eq!(found, [pair("owner-pairing", &pay("PAY-3")), pair("schema", &pay("PAY-3"))]);
}

// ---------------------------------------------------------------------------
// Text from documents is data

#[test]
fn control_characters_are_refused_and_never_reach_the_terminal() {
    let repo = clean_repo();
    let hostile = proposal("PAY-3", "draft", 3).replace("Summary of PAY-3.", "x\u{1b}[2J\u{1b}[H0 errors\u{7}");
    repo.write(&pay("PAY-3"), hostile);
    let run = repo.check(&[]);
    assert_eq!(run.findings(), [("yaml-syntax".into(), "error".into(), pay("PAY-3"), 10, 11)]);
    let message = run.json()["diagnostics"][0]["message"].as_str().unwrap().to_owned();
    assert!(message.contains("U+001B"), "{message}");
    let human = repo.run(&["check", "--color", "never"]);
    assert_eq!(human.code, 1);
    assert!(!human.stdout.contains('\u{1b}') && !human.stdout.contains('\u{7}'), "{:?}", human.stdout);
    assert!(human.stdout.contains("\\u{1b}[2J"), "{}", human.stdout);
    // C1 controls and DEL too.
    for bad in ["\u{85}", "\u{9b}", "\u{7f}"] {
        repo.write(&pay("PAY-3"), proposal("PAY-3", "draft", 3).replace("Summary", &format!("Sum{bad}mary")));
        assert_eq!(rules_and_files(&repo.check(&[])), [pair("yaml-syntax", &pay("PAY-3"))], "{bad:?}");
    }
}

#[cfg(unix)]
#[test]
fn file_names_with_control_characters_are_escaped_for_people() {
    let repo = clean_repo();
    let name = format!("{P}PAY-3-\n\u{1b}[31mfake.yaml");
    repo.write(&name, unpaired("PAY-3"));
    let human = repo.run(&["check", "--color", "never"]);
    assert_eq!(human.code, 1, "{}", human.stderr);
    assert!(!human.stdout.contains('\u{1b}'), "{:?}", human.stdout);
    assert!(human.stdout.contains("PAY-3-\\u{a}\\u{1b}[31mfake.yaml"), "{}", human.stdout);
    let json = repo.check(&[]);
    assert_eq!(rules_and_files(&json), [pair("owner-pairing", &name)]);
}

#[test]
fn document_text_cannot_form_markup_in_the_summary_or_the_markdown_report() {
    let repo = clean_repo();
    let title = "x` ![pwn](https://evil.example/p.png) [click](https://evil.example) <img src=x> @org/team";
    repo.write(&pay("PAY-3"), unpaired("PAY-3").replace("title: Proposal PAY-3", &format!("title: \"{title}\"")));
    let summary = repo.path().join("summary.md");
    let out = Command::new(bin())
        .args(["check"])
        .current_dir(repo.path())
        .env("ROADLINT_TODAY", TODAY)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report =
        Command::new(bin()).args(["report"]).current_dir(repo.path()).env("ROADLINT_TODAY", TODAY).output().unwrap();
    let report = String::from_utf8_lossy(&report.stdout).into_owned();
    let summary = std::fs::read_to_string(&summary).unwrap();
    // Mermaid labels are not markdown; they have their own escaping.
    let outside_diagrams = |text: &str| -> String {
        text.split("```").enumerate().filter(|(i, _)| i % 2 == 0).map(|(_, part)| part).collect()
    };
    for text in [&outside_diagrams(&summary), &outside_diagrams(&report)] {
        assert!(!text.contains("![pwn]") && !text.contains("[click]("), "{text}");
        assert!(!text.contains("<img") && !text.contains("https://evil"), "{text}");
        assert!(!text.contains("@org"), "{text}");
    }
    assert!(report.contains("\\!\\[pwn\\]"), "{report}");
}

// ---------------------------------------------------------------------------
// Limits are what they say

#[test]
fn the_schema_bounds_on_limits_are_the_real_ones() {
    let repo = clean_repo();
    repo.write(".roadlint.yaml", "limits: { max_depth: 1000 }\n");
    let run = repo.check(&[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("max_depth"), "{}", run.stderr);
    // At the bound, nesting to it is read and one level more is refused
    // with the configured number.
    repo.write(".roadlint.yaml", "limits: { max_depth: 255 }\n");
    let deep = |levels: usize| format!("apiVersion: roadlint/v1\nkind: Proposal\nx-deep: {}\n", "[".repeat(levels));
    repo.write(&pay("PAY-9"), deep(300));
    let run = repo.check(&[]);
    let message = run.of_rule("yaml-syntax")[0]["message"].as_str().unwrap().to_owned();
    assert!(message.contains("deeper than 255 levels"), "{message}");
}

#[test]
fn a_policy_is_bounded_in_memory_as_in_time() {
    let repo = clean_repo();
    let list: Vec<String> = (0..3000).map(|i| i.to_string()).collect();
    repo.write(&pay("PAY-2"), format!("{}x-list: [{}]\n", proposal("PAY-2", "accepted", 4), list.join(", ")));
    repo.write(
        "roadmap/policies/boom.yaml",
        "apiVersion: roadlint/v1\nkind: Policy\nrules:\n  - id: boom\n    description: Explodes.\n    \
         applies_to: Proposal\n    require: \"proposal['x-list'].map(a, proposal['x-list'].map(b, [a, b])).size() > 0\"\n    \
         message: boom\n",
    );
    repo.write(".roadlint.yaml", "policies: [roadmap/policies/boom.yaml]\nlimits: { max_policy_bytes: 16777216 }\n");
    let started = std::time::Instant::now();
    let out =
        Command::new(bin()).args(["check"]).current_dir(repo.path()).env("ROADLINT_TODAY", TODAY).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("the policy rule `boom` took more than the limit of 16777216 bytes"), "{stderr}");
    assert!(started.elapsed() < std::time::Duration::from_secs(8), "{:?}", started.elapsed());
    assert!(out.stdout.is_empty());
}

#[test]
fn git_dir_work_tree_and_index_file_are_honoured_as_git_honours_them() {
    let repo = clean_repo();
    repo.write(&pay("PAY-3"), unpaired("PAY-3"));
    let elsewhere = tempfile::tempdir().unwrap();
    let run = |envs: &[(&str, &Path)], args: &[&str]| {
        let out = Command::new(bin())
            .args(["check", "--format", "json"])
            .args(args)
            .current_dir(elsewhere.path())
            .env("ROADLINT_TODAY", TODAY)
            .envs(envs.iter().map(|(k, v)| (*k, *v)))
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let git_dir = repo.path().join(".git");
    // From a folder outside the repository, GIT_DIR and GIT_WORK_TREE name it.
    let (code, out) = run(&[("GIT_DIR", &git_dir), ("GIT_WORK_TREE", repo.path())], &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains(&pay("PAY-3")), "{out}");
    // GIT_INDEX_FILE: --staged reads that index, not .git/index.
    let index = elsewhere.path().join("other-index");
    let copy = Command::new("git")
        .args(["add", "-A"])
        .current_dir(repo.path())
        .env("GIT_INDEX_FILE", &index)
        .status()
        .unwrap();
    assert!(copy.success());
    let (code, out) =
        run(&[("GIT_DIR", &git_dir), ("GIT_WORK_TREE", repo.path()), ("GIT_INDEX_FILE", &index)], &["--staged"]);
    assert_eq!(code, Some(1), "the other index holds PAY-3: {out}");
    let (code, out) = run(&[("GIT_DIR", &git_dir), ("GIT_WORK_TREE", repo.path())], &["--staged"]);
    assert_eq!(code, Some(0), ".git/index does not: {out}");
}
