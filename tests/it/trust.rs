//! Trust in pull requests: a change cannot weaken the policy it is judged
//! by. Base mode reads the configuration and the policies from the base
//! side; whatever the change does to them — a nearer `.roadlint.yaml`,
//! another include glob, policies outside the repository or behind a
//! symbolic link — only takes effect once merged. Waivers are part of the
//! change and do apply, so the ones it adds are listed for reviewers.

use crate::common;

use crate::common::{P, Run, TestRepo, clean_repo, proposal};
use std::os::unix::fs::symlink;

/// A proposed proposal whose engineering owner is not on the roster:
/// `unresolved-reference` at line 9, column 16.
fn unowned(id: &str) -> String {
    proposal(id, "proposed", 3).replace("engineering: li", "engineering: nobody")
}

/// `clean_repo` on a branch `change`, so `--base main` compares with it.
fn branch() -> TestRepo {
    let repo = clean_repo();
    repo.git(&["checkout", "-q", "-b", "change"]);
    repo
}

fn unresolved(file: &str) -> (String, String, String, u64, u64) {
    ("unresolved-reference".into(), "error".into(), file.into(), 9, 16)
}

fn assert_edit_noted(run: &Run, path: &str) {
    let expected = format!("this change edits {path}; it is judged by the base version");
    assert!(run.notes().iter().any(|n| n.starts_with(&expected)), "{:?}", run.notes());
}

#[test]
fn a_nearer_configuration_added_by_the_change_does_not_judge_it() {
    let repo = branch();
    // Run from roadmap/: discovery on the head side would find this first.
    repo.write("roadmap/.roadlint.yaml", "include: [\"nothing/*.yaml\"]\nrules: { unresolved-reference: off }\n")
        .write(&format!("{P}PAY-3.yaml"), unowned("PAY-3"))
        .commit("hide the problem");
    let run = repo.run_in("roadmap", &["check", "--format", "json", "--base", "main", "--rev", "HEAD"]);
    assert_eq!(run.findings(), vec![unresolved(&format!("{P}PAY-3.yaml"))], "{}", run.stderr);
    assert_eq!(run.code, 1);
    assert_edit_noted(&run, "roadmap/.roadlint.yaml");
    // Outside base mode the head's own configuration applies, as it should
    // for a revision judged by itself.
    let own = repo.run_in("roadmap", &["check", "--format", "json", "--rev", "HEAD"]);
    assert_eq!(own.code, 2, "{}", own.stderr);
    assert!(own.stderr.contains("match no file under `roadmap`"), "{}", own.stderr);
}

#[test]
fn a_changed_include_glob_cannot_hide_new_documents() {
    let repo = branch();
    repo.write(".roadlint.yaml", "include: [\"roadmap/roster.yaml\", \"roadmap/2027-*.yaml\"]\n")
        .write(&format!("{P}PAY-3.yaml"), unowned("PAY-3"))
        .commit("narrow the globs");
    let run = repo.check(&["--base", "main", "--rev", "HEAD"]);
    assert_eq!(run.findings(), vec![unresolved(&format!("{P}PAY-3.yaml"))], "{}", run.stderr);
    assert_edit_noted(&run, ".roadlint.yaml");
}

#[test]
fn policies_outside_the_repository_are_refused() {
    let outside = tempfile::tempdir().expect("temp dir");
    let policy = outside.path().join("lenient.yaml");
    std::fs::write(&policy, "apiVersion: roadlint/v1\nkind: Policy\nrules: []\n").expect("write");
    let absolute = policy.to_str().expect("utf-8 path");
    let repo = clean_repo();
    for listed in ["../lenient.yaml", "roadmap/../../lenient.yaml", absolute] {
        repo.write(".roadlint.yaml", format!("policies: [\"{listed}\"]\n"));
        for mode in [&[][..], &["--staged"]] {
            repo.git(&["add", "-A"]);
            let run = repo.check(mode);
            assert_eq!(run.code, 2, "{listed} {mode:?}: {}", run.stderr);
            assert!(run.stderr.contains("is outside the repository"), "{}", run.stderr);
            assert!(run.stderr.contains("hint: keep policy files in the repository"), "{}", run.stderr);
            assert!(run.stdout.is_empty());
        }
    }
}

#[test]
fn a_policy_behind_a_symbolic_link_is_refused_in_every_mode() {
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("p.yaml"), "apiVersion: roadlint/v1\nkind: Policy\nrules: []\n").expect("write");
    let repo = clean_repo();
    repo.write("policies/real.yaml", "apiVersion: roadlint/v1\nkind: Policy\nrules: []\n");
    // A link to a file inside the repository, to one outside, and a folder
    // link that leads outside.
    symlink("real.yaml", repo.path().join("policies/inside.yaml")).expect("link");
    symlink(outside.path().join("p.yaml"), repo.path().join("policies/outside.yaml")).expect("link");
    symlink(outside.path(), repo.path().join("linked")).expect("link");
    repo.commit("links");
    let cases = [
        ("policies/inside.yaml", "the policy file policies/inside.yaml named in .roadlint.yaml is a symbolic link"),
        ("policies/outside.yaml", "the policy file policies/outside.yaml named in .roadlint.yaml is a symbolic link"),
        ("linked/p.yaml", "the policy file linked/p.yaml named in .roadlint.yaml"),
    ];
    for (listed, message) in cases {
        repo.write(".roadlint.yaml", format!("policies: [{listed}]\n")).commit("use it");
        for mode in [&[][..], &["--staged"], &["--rev", "HEAD"]] {
            let run = repo.check(mode);
            assert_eq!(run.code, 2, "{listed} {mode:?}: {}", run.stderr);
            assert!(run.stderr.contains(message), "{listed} {mode:?}: {}", run.stderr);
            assert!(run.stdout.is_empty());
        }
    }
    // The link inside the repository is refused with the reason; the folder
    // link in a tree is no folder at all, so the file is not there.
    let run = repo.check(&["--rev", "HEAD"]);
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
    repo.write(".roadlint.yaml", "policies: [policies/inside.yaml]\n").commit("inside");
    let run = repo.check(&[]);
    assert!(run.stderr.contains("hint: roadlint never follows symbolic links"), "{}", run.stderr);
}

#[test]
fn a_configuration_that_is_a_symbolic_link_is_refused() {
    let repo = clean_repo();
    repo.write("shared/roadlint.yaml", "rules: { value-score: off }\n");
    symlink("shared/roadlint.yaml", repo.path().join(".roadlint.yaml")).expect("link");
    repo.commit("linked configuration");
    for mode in [&[][..], &["--staged"], &["--rev", "HEAD"]] {
        let run = repo.check(mode);
        assert_eq!(run.code, 2, "{mode:?}: {}", run.stderr);
        assert!(run.stderr.contains(".roadlint.yaml is a symbolic link, not a regular file"), "{}", run.stderr);
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn a_change_that_points_policies_outside_is_judged_by_the_base_policies() {
    let repo = clean_repo();
    repo.write(
        "roadmap/policies/extra.yaml",
        "apiVersion: roadlint/v1\nkind: Policy\nrules:\n  - id: needs-summary-link\n    applies_to: Proposal\n    \
         require: \"'x-link' in proposal\"\n    message: '{proposal.id} has no link'\n",
    )
    .write(".roadlint.yaml", "policies: [roadmap/policies/extra.yaml]\nrules: { needs-summary-link: off }\n")
    .commit("a custom policy");
    repo.git(&["checkout", "-q", "-b", "change"]);
    repo.write(".roadlint.yaml", "policies: [\"../elsewhere.yaml\"]\n")
        .write(&format!("{P}PAY-3.yaml"), unowned("PAY-3"))
        .commit("point away");
    let run = repo.check(&["--base", "main", "--rev", "HEAD"]);
    assert_eq!(run.findings(), vec![unresolved(&format!("{P}PAY-3.yaml"))], "{}", run.stderr);
    assert_edit_noted(&run, ".roadlint.yaml");
    // Replacing the policy file itself by a link is an edit too, and the
    // base version still applies.
    std::fs::remove_file(repo.path().join("roadmap/policies/extra.yaml")).expect("remove");
    symlink("/dev/null", repo.path().join("roadmap/policies/extra.yaml")).expect("link");
    let run = repo.check(&["--base", "main"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_edit_noted(&run, "roadmap/policies/extra.yaml");
}

#[test]
fn a_waiver_added_in_the_change_applies_and_is_listed() {
    let repo = branch();
    let waived = format!(
        "{}waivers:\n  - rule: value-score\n    reason: Regulatory.\n    approved_by: omar\n    expires: 2027-03-31\n",
        proposal("PAY-3", "proposed", 3).replace("  confidence: 0.8\n", "")
    );
    repo.write(&format!("{P}PAY-3.yaml"), waived).commit("waive");
    let run = repo.check(&["--base", "main", "--rev", "HEAD"]);
    assert_eq!(run.findings(), vec![], "{}", run.stderr);
    assert_eq!(run.code, 0);
    let expected = "this change adds waivers: PAY-3 (value-score, approved by omar, until 2027-03-31)";
    assert!(run.notes().iter().any(|n| n == expected), "{:?}", run.notes());
    // An unchanged waiver is not listed again; a longer one is.
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--ff-only", "change"]);
    repo.git(&["checkout", "-q", "-b", "next"]);
    assert!(!repo.check(&["--base", "main"]).notes().iter().any(|n| n.contains("adds waivers")));
    let text = std::fs::read_to_string(repo.path().join(format!("{P}PAY-3.yaml"))).expect("read");
    repo.write(&format!("{P}PAY-3.yaml"), text.replace("2027-03-31", "2027-06-30"));
    let longer = repo.check(&["--base", "main"]);
    assert!(
        longer.notes().iter().any(|n| n.ends_with("PAY-3 (value-score, approved by omar, until 2027-06-30)")),
        "{:?}",
        longer.notes()
    );

    // Reviewers on GitHub see the note in the job summary.
    let summary = tempfile::NamedTempFile::new().expect("temp file");
    let out = std::process::Command::new(common::bin())
        .args(["check", "--base", "main"])
        .current_dir(repo.path())
        .env("ROADLINT_TODAY", common::TODAY)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", summary.path())
        .output()
        .expect("roadlint runs");
    assert_eq!(out.status.code(), Some(0));
    let written = std::fs::read_to_string(summary.path()).expect("summary");
    assert!(written.contains("this change adds waivers: PAY-3"), "{written}");
}
