//! Repository oddities, on real repositories: symbolic links (never
//! followed), submodules (skipped, said once), Git LFS pointers, files that
//! are not regular, case-only renames, linked worktrees, SHA-256 object
//! format, and repositories without commits.

use crate::common::{P, Run, TestRepo, clean_repo, git_at, proposal, run_at};
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;

/// A proposal the schema rejects (`status: aproved`): if roadlint ever read
/// it, the run would fail.
fn bad(id: &str) -> String {
    proposal(id, "accepted", 3).replace("status: accepted", "status: aproved")
}

/// The three ways to read a repository without base mode.
const MODES: [&[&str]; 3] = [&[], &["--staged"], &["--rev", "HEAD"]];

fn assert_clean(run: &Run, mode: &[&str]) {
    assert_eq!(run.code, 0, "{mode:?}: {}\n{}", run.stdout, run.stderr);
    assert_eq!(run.findings(), vec![], "{mode:?}");
}

#[test]
fn symbolic_links_are_never_followed_in_any_mode() {
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("PAY-8.yaml"), bad("PAY-8")).expect("write");
    let repo = clean_repo();
    repo.write("elsewhere/PAY-9.yaml", bad("PAY-9"));
    // A link to a file outside the repository, one to a file inside it but
    // outside the include globs, and one to a folder outside.
    symlink(outside.path().join("PAY-8.yaml"), repo.path().join(format!("{P}PAY-8.yaml"))).expect("link");
    symlink("../../elsewhere/PAY-9.yaml", repo.path().join(format!("{P}PAY-9.yaml"))).expect("link");
    symlink(outside.path(), repo.path().join(format!("{P}linked"))).expect("link");
    // An executable file is a regular blob (mode 100755): it is read.
    let executable = repo.path().join(format!("{P}PAY-3.yaml"));
    std::fs::write(&executable, proposal("PAY-3", "accepted", 2)).expect("write");
    std::fs::set_permissions(&executable, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    repo.commit("links");

    for mode in MODES {
        let run = repo.check(mode);
        assert_clean(&run, mode);
        assert_eq!(run.json()["summary"]["files"], 5, "{mode:?}: the executable proposal is read");
        let notes = run.notes();
        let skipped: Vec<&String> = notes.iter().filter(|n| n.contains("not regular files")).collect();
        assert_eq!(skipped.len(), 1, "{mode:?}: {notes:?}");
        assert!(
            skipped[0].contains(&format!("{P}PAY-8.yaml (a symbolic link)"))
                && skipped[0].contains(&format!("{P}PAY-9.yaml (a symbolic link)"))
                && skipped[0].contains("links are never followed"),
            "{mode:?}: {notes:?}"
        );
    }
}

#[test]
fn submodules_are_skipped_and_said_once() {
    let library = TestRepo::new();
    library.write("PAY-7.yaml", bad("PAY-7")).write("nested/PAY-8.yaml", bad("PAY-8")).commit("library");
    let repo = clean_repo();
    let url = library.path().to_str().expect("utf-8 path");
    repo.git(&["-c", "protocol.file.allow=always", "submodule", "add", "-q", url, "roadmap/vendor"]);
    // A submodule outside the include globs' folders is not worth a note.
    repo.git(&["-c", "protocol.file.allow=always", "submodule", "add", "-q", url, "tools/lib"]);
    repo.commit("submodules");

    for mode in MODES {
        let run = repo.check(mode);
        assert_clean(&run, mode);
        let notes = run.notes();
        let about: Vec<&String> = notes.iter().filter(|n| n.contains("submodule")).collect();
        assert_eq!(
            about,
            ["skipped a submodule: roadlint does not read submodules (check them in their own repository): \
              roadmap/vendor"],
            "{mode:?}"
        );
    }
}

#[test]
fn a_git_lfs_pointer_is_one_clear_diagnostic() {
    let repo = clean_repo();
    let pointer = "version https://git-lfs.github.com/spec/v1\n\
                   oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n\
                   size 1234\n";
    repo.write(&format!("{P}PAY-3.yaml"), pointer).commit("lfs");
    for mode in MODES {
        let run = repo.check(mode);
        assert_eq!(run.code, 1, "{mode:?}");
        assert_eq!(run.findings(), vec![("schema".into(), "error".into(), format!("{P}PAY-3.yaml"), 1, 1)]);
        let d = &run.json()["diagnostics"][0];
        assert_eq!(d["message"], "the file is a Git LFS pointer, not the YAML it stands for");
        assert!(d["help"].as_str().is_some_and(|h| h.contains("git lfs pull") && h.contains(".gitattributes")));
    }
    // A configuration that is an LFS pointer is a configuration error.
    repo.write(".roadlint.yaml", pointer);
    let run = repo.check(&[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("Git LFS pointer"), "{}", run.stderr);
}

#[test]
fn a_fifo_in_the_working_tree_is_skipped_not_opened() {
    let repo = clean_repo();
    let fifo = repo.path().join(format!("{P}PAY-3.yaml"));
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    // Opening a FIFO would block forever; it is listed as skipped instead.
    let run = repo.check(&[]);
    assert_clean(&run, &[]);
    assert!(
        run.notes().iter().any(|n| n.contains(&format!("{P}PAY-3.yaml (a FIFO, socket or device file)"))),
        "{:?}",
        run.notes()
    );
}

#[test]
fn a_case_only_rename_is_not_a_deletion() {
    let repo = clean_repo();
    repo.git(&["checkout", "-q", "-b", "change"]);
    repo.git(&["mv", &format!("{P}PAY-1.yaml"), &format!("{P}pay-1.yaml")]);
    repo.commit("rename");
    for head in [&["--rev", "HEAD"][..], &[], &["--staged"]] {
        let mut args = vec!["--base", "main"];
        args.extend_from_slice(head);
        let run = repo.check(&args);
        // Nothing is deleted; the file name now differs from the id in case.
        assert_eq!(run.code, 0, "{head:?}: {}", run.stderr);
        let rules: Vec<String> = run.findings().into_iter().map(|f| f.0).collect();
        assert_eq!(rules, ["file-name"], "{head:?}");
    }
}

#[test]
fn a_linked_worktree_reads_its_own_tree_and_index() {
    let repo = clean_repo();
    let place = tempfile::tempdir().expect("temp dir");
    let linked = place.path().join("linked");
    repo.git(&["worktree", "add", "-q", "-b", "change", linked.to_str().expect("utf-8 path")]);
    std::fs::write(linked.join(format!("{P}PAY-3.yaml")), bad("PAY-3")).expect("write");

    let run = run_at(&linked, &["check", "--format", "json"]);
    assert_eq!(run.findings(), vec![("schema".into(), "error".into(), format!("{P}PAY-3.yaml"), 5, 9)]);
    // The main worktree does not see it.
    assert_clean(&repo.check(&[]), &[]);
    // Its index and its HEAD are its own.
    assert_clean(&run_at(&linked, &["check", "--format", "json", "--staged"]), &["--staged"]);
    git_at(&linked, &["add", "-A"]);
    assert_eq!(run_at(&linked, &["check", "--format", "json", "--staged"]).code, 1);
    git_at(&linked, &["commit", "-q", "-m", "bad"]);
    assert_eq!(run_at(&linked, &["check", "--format", "json", "--rev", "HEAD"]).code, 1);
    assert_clean(&repo.check(&["--rev", "HEAD"]), &["--rev", "HEAD"]);
    // Base mode works from a linked worktree too.
    let base = run_at(&linked, &["check", "--format", "json", "--base", "main"]);
    assert_eq!(base.findings().len(), 1, "{}", base.stderr);
}

/// A repository with one commit in a fresh temporary directory, made by
/// `git init` with `init` arguments.
fn init(dir: &Path, init: &[&str]) {
    let mut args = vec!["init", "-q"];
    args.extend_from_slice(init);
    git_at(dir, &args);
}

#[test]
fn a_sha256_repository_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    init(dir.path(), &["--object-format=sha256"]);
    std::fs::create_dir_all(dir.path().join(P)).expect("mkdir");
    std::fs::write(dir.path().join(format!("{P}PAY-1.yaml")), proposal("PAY-1", "draft", 1)).expect("write");
    git_at(dir.path(), &["add", "-A"]);
    git_at(dir.path(), &["commit", "-q", "-m", "sha256"]);
    for mode in MODES {
        let mut args = vec!["check"];
        args.extend_from_slice(mode);
        let run = run_at(dir.path(), &args);
        assert_eq!(run.code, 2, "{mode:?}: {}", run.stderr);
        assert!(run.stderr.contains("uses an object format roadlint cannot read"), "{}", run.stderr);
        assert!(run.stderr.contains("SHA-1 clone"), "{}", run.stderr);
        assert!(!run.stderr.contains("not inside a git repository"), "{}", run.stderr);
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn a_repository_without_commits_checks_its_working_tree_and_index() {
    let dir = tempfile::tempdir().expect("temp dir");
    init(dir.path(), &["-b", "main"]);
    std::fs::create_dir_all(dir.path().join(P)).expect("mkdir");
    std::fs::write(dir.path().join(format!("{P}PAY-1.yaml")), bad("PAY-1")).expect("write");
    let check = |args: &[&str]| {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        run_at(dir.path(), &all)
    };
    assert_eq!(check(&[]).code, 1);
    // Nothing staged: the index holds no document.
    let staged = check(&["--staged"]);
    assert_eq!(staged.code, 2);
    assert!(staged.stderr.contains("no roadlint documents found"), "{}", staged.stderr);
    for args in [&["--rev", "HEAD"][..], &["--base", "main"]] {
        let run = check(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.contains("`HEAD` names no commit: the current branch has no commits yet"), "{}", run.stderr);
        assert!(run.stderr.contains("hint: commit first"), "{}", run.stderr);
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn an_unborn_head_with_staged_files_works_with_staged_and_base_head_but_not_other_revisions() {
    let repo = clean_repo();
    repo.git(&["checkout", "-q", "--orphan", "fresh"]);
    repo.write(&format!("{P}PAY-3.yaml"), bad("PAY-3"));
    repo.git(&["add", "-A"]);
    let staged = repo.check(&["--staged"]);
    assert_eq!(staged.code, 1, "{}", staged.stderr);
    assert_eq!(staged.findings().len(), 1);
    // `--base HEAD` on an unborn branch compares with an empty base: the
    // first commit through the hook, where everything is new, so the two
    // accepted proposals are new proposals that skipped `proposed`.
    for args in [&["--staged", "--base", "HEAD"][..], &["--base", "HEAD"]] {
        let run = repo.check(args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        let mut expected = staged.findings();
        for id in ["PAY-1", "PAY-2"] {
            expected.push(("status-transition".into(), "error".into(), format!("{P}{id}.yaml"), 5, 9));
        }
        let mut found = run.findings();
        found.sort();
        expected.sort();
        assert_eq!(found, expected, "{args:?}");
    }
    for args in [&["--base", "main", "--staged"][..], &["--base", "HEAD~1"], &["--rev", "HEAD"]] {
        let run = repo.check(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(
            run.stderr.contains("`HEAD` names no commit: the current branch has no commits yet"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty());
    }
}
