//! Error quality: the exit-2 paths, each with the message (and the hint)
//! it prints, and no report. Together with the tests named below, every
//! `RunError` roadlint can raise from the outside is covered:
//!
//! - tests/it/sources.rs: not inside a repository, a bare repository without
//!   --rev, an unknown --rev, a bad --today, -C not a directory, an unreadable
//!   --config, no documents found, configuration errors inside the file;
//! - tests/it/base_mode.rs: an unknown --base, a shallow clone missing the base;
//! - tests/it/oddities.rs: SHA-256 repositories, repositories and branches
//!   without commits;
//! - tests/it/trust.rs: policies outside the repository, configuration and
//!   policies behind symbolic links;
//! - tests/it/limits.rs: too many documents, policy time limit, oversized
//!   configuration and policy files, expression size and nesting;
//! - tests/it/integrations.rs: an unwritable --sarif-file or -o, init outside a
//!   repository.
//!
//! Not reachable from the outside, so not tested: a tree entry that is
//! neither blob, tree nor commit (git cannot write one), a base commit that
//! vanishes between reading it and diffing it, a worktree file that turns
//! into a link or loses its permissions mid-run, a thread that cannot be
//! started, and `init`'s own date check (the command line checks first).

use crate::common;

use crate::common::{P, Run, TestRepo, clean_repo, run_at};

/// Asserts an exit-2 run: no report, and stderr holds each of `expected`.
fn assert_error(run: &Run, expected: &[&str]) {
    assert_eq!(run.code, 2, "stdout: {}\nstderr: {}", run.stdout, run.stderr);
    assert!(run.stdout.is_empty(), "printed a report: {}", run.stdout);
    for text in expected {
        assert!(run.stderr.contains(text), "missing {text:?} in:\n{}", run.stderr);
    }
}

/// The loose object file of `object` (a revision such as `HEAD:path`).
fn object_file(repo: &TestRepo, object: &str) -> std::path::PathBuf {
    let id = repo.git(&["rev-parse", object]);
    let id = id.trim();
    repo.path().join(".git/objects").join(&id[..2]).join(&id[2..])
}

#[test]
fn a_corrupt_index_is_an_error_for_staged_only() {
    let repo = clean_repo();
    std::fs::write(repo.path().join(".git/index"), b"not an index").expect("write");
    assert_error(
        &repo.check(&["--staged"]),
        &["error: cannot read the index:", "hint: --staged needs a repository with an index"],
    );
    // The working tree and revisions do not need it.
    assert_eq!(repo.check(&["--rev", "HEAD"]).code, 0);
}

#[test]
fn a_broken_repository_configuration_is_named() {
    let repo = clean_repo();
    let config = repo.path().join(".git/config");
    let mut text = std::fs::read_to_string(&config).expect("config");
    text.push_str("[core\n");
    std::fs::write(&config, text).expect("write");
    assert_error(
        &repo.check(&[]),
        &[
            "error: cannot open the git repository around",
            "failed to parse config file",
            "hint: check that `git status` works there",
        ],
    );
}

#[test]
fn revisions_that_are_not_commits_or_trees() {
    let repo = clean_repo();
    assert_error(
        &repo.check(&["--rev", "HEAD:roadmap/roster.yaml"]),
        &[
            "error: `HEAD:roadmap/roster.yaml` does not name a commit or tree",
            "hint: pass a commit, branch, tag or tree",
        ],
    );
    // A tree is fine to read, but base mode needs the head's commit.
    assert_eq!(repo.check(&["--rev", "HEAD^{tree}"]).code, 0);
    assert_error(
        &repo.check(&["--base", "main", "--rev", "HEAD^{tree}"]),
        &["error: `HEAD^{tree}` does not name a commit", "hint: pass a commit, branch or tag"],
    );
    assert_error(
        &repo.check(&["--base", "HEAD^{tree}"]),
        &["error: --base `HEAD^{tree}` does not name a commit", "hint: pass a commit, branch or tag"],
    );
}

#[test]
fn a_base_without_shared_history_says_which_base_to_pass() {
    let repo = clean_repo();
    repo.git(&["checkout", "-q", "--orphan", "unrelated"]);
    repo.commit("a new history");
    assert_error(
        &repo.check(&["--base", "main"]),
        &["error: `main` and the head share no history", "hint: pass a --base that the head branch was started from"],
    );
}

#[test]
fn missing_objects_name_the_file_and_the_likely_cause() {
    let repo = clean_repo();
    std::fs::remove_file(object_file(&repo, &format!("HEAD:{P}PAY-2.yaml"))).expect("remove the blob");
    // A document git cannot read is reported on it, never skipped; the
    // other documents are still checked.
    let run = repo.check(&["--rev", "HEAD"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found = run.of_rule("yaml-syntax");
    assert_eq!(found.len(), 1, "{:?}", run.findings());
    assert_eq!(found[0]["file"], format!("{P}PAY-2.yaml"));
    let message = found[0]["message"].as_str().unwrap_or_default();
    assert!(message.contains(&format!("cannot read {P}PAY-2.yaml (object ")), "{message}");
    assert!(message.contains("fetch the missing objects"), "{message}");
    assert_eq!(run.json()["summary"]["files"], 4);
    // A folder git cannot read cannot even be listed: that stops the run.
    let repo = clean_repo();
    std::fs::remove_file(object_file(&repo, "HEAD:roadmap/proposals")).expect("remove the tree");
    assert_error(
        &repo.check(&["--rev", "HEAD"]),
        &["error: cannot read the folder roadmap/proposals", "hint: the repository may be incomplete"],
    );
}

#[test]
fn a_deleted_current_directory_is_named() {
    let repo = clean_repo();
    let gone = repo.path().join("gone");
    std::fs::create_dir(&gone).expect("mkdir");
    let script = format!("cd '{}' && rmdir \"$PWD\" && exec '{}' check", gone.display(), common::bin().display());
    let out = std::process::Command::new("sh").args(["-c", &script]).output().expect("sh runs");
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert_error(&run, &["error: cannot read the current directory", "hint: it may have been deleted"]);
}

#[test]
fn a_missing_policy_file_says_where_paths_are_relative_to() {
    let repo = clean_repo();
    repo.write("roadmap/.roadlint.yaml", "include: [\"**/*.yaml\"]\npolicies: [policies/extra.yaml]\n");
    let run = repo.run_in("roadmap", &["check"]);
    assert_error(
        &run,
        &[
            "error: the policy file roadmap/policies/extra.yaml named in roadmap/.roadlint.yaml does not exist",
            "hint: fix `policies` in .roadlint.yaml: paths are relative to its folder",
        ],
    );
}

#[test]
fn explain_and_schema_name_what_exists() {
    let repo = clean_repo();
    assert_error(
        &repo.run(&["explain", "capacty"]),
        &["error: unknown rule `capacty`", "hint: did you mean `capacity`? `roadlint rules` lists every rule"],
    );
    assert_error(&repo.run(&["explain", "zzzz"]), &["hint: `roadlint rules` lists every rule"]);
    assert_error(
        &repo.run(&["schema", "proposals"]),
        &["error: unknown kind `proposals`", "hint: use one of: proposal, roadmap, roster, policy, config"],
    );
}

#[test]
fn init_that_cannot_write_says_so() {
    let repo = TestRepo::new();
    // `roadmap` is a file, so nothing can be written under it.
    repo.write("roadmap", "not a folder\n");
    let run = run_at(repo.path(), &["init", "--today", common::TODAY]);
    assert_error(&run, &["error: cannot write", "roadmap/", "hint: check that the folder is writable"]);
}

#[test]
fn an_unwritable_job_summary_is_an_error_not_a_silent_loss() {
    let repo = clean_repo();
    let out = std::process::Command::new(common::bin())
        .args(["check"])
        .current_dir(repo.path())
        .env("ROADLINT_TODAY", common::TODAY)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", repo.path().join(".git"))
        .output()
        .expect("roadlint runs");
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert_error(
        &run,
        &["error: cannot append the job summary to", "hint: GITHUB_STEP_SUMMARY must name a writable file"],
    );
}
