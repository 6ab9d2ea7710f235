//! `check --fix`: safe fixes written to the working tree, nothing else.

use crate::common::{TODAY, TestRepo};
use std::collections::BTreeMap;
use std::path::Path;

/// Every file under `dir`, by path relative to it.
fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("read_dir").flatten() {
            let path = entry.path();
            let rel = path.strip_prefix(dir).expect("under").to_string_lossy().replace('\\', "/");
            if rel == ".git" {
                continue;
            }
            if path.is_dir() {
                pending.push(path);
            } else {
                out.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    out
}

/// A repository holding `examples/mistakes`, committed.
fn mistakes() -> (TestRepo, BTreeMap<String, Vec<u8>>) {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/mistakes");
    let files = files_under(&example);
    let repo = TestRepo::new();
    for (path, bytes) in &files {
        repo.write(path, bytes);
    }
    repo.commit("mistakes");
    (repo, files)
}

/// `files` with `from` replaced by `to` once in `path`.
fn edited(files: &BTreeMap<String, Vec<u8>>, path: &str, from: &str, to: &str) -> BTreeMap<String, Vec<u8>> {
    let mut out = files.clone();
    let text = String::from_utf8(out[path].clone()).expect("UTF-8");
    assert_eq!(text.matches(from).count(), 1, "{from} once in {path}");
    out.insert(path.to_owned(), text.replacen(from, to, 1).into_bytes());
    out
}

#[test]
fn fix_changes_exactly_the_spans_with_one_candidate_then_reports_the_rest() {
    let (repo, original) = mistakes();
    let before = repo.check(&["--today", TODAY]);
    let run = repo.check(&["--fix", "--today", TODAY]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let fixed: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("fixed ")).collect();
    assert_eq!(
        fixed,
        [
            "fixed roadmap/proposals/P-0022-audit-log.yaml:16:1: `estimte` → `estimate`",
            "fixed roadmap/proposals/P-0026-quote-builder.yaml:16:14: `P-012` → `P-0012`",
        ]
    );
    let expected = edited(&original, "roadmap/proposals/P-0022-audit-log.yaml", "\nestimte:", "\nestimate:");
    let expected = edited(&expected, "roadmap/proposals/P-0026-quote-builder.yaml", "[P-012]", "[P-0012]");
    let after = files_under(repo.path());
    assert_eq!(after.keys().collect::<Vec<_>>(), expected.keys().collect::<Vec<_>>());
    for (path, bytes) in &expected {
        assert_eq!(String::from_utf8_lossy(&after[path]), String::from_utf8_lossy(bytes), "{path}");
    }
    // What is left is what the first run found, less the two fixed.
    let gone = |f: &(String, String, String, u64, u64)| {
        (f.2.ends_with("P-0022-audit-log.yaml") && f.0 == "schema" && f.3 == 16)
            || (f.2.ends_with("P-0026-quote-builder.yaml") && f.0 == "unresolved-reference")
    };
    let left: Vec<_> = before.findings().into_iter().filter(|f| !gone(f)).collect();
    assert_eq!(run.findings(), left);
    assert_eq!(before.findings().len(), left.len() + 2);
    // Nothing left to fix: a second run writes nothing.
    let again = repo.check(&["--fix", "--today", TODAY]);
    assert!(!again.stderr.contains("fixed "), "{}", again.stderr);
    assert_eq!(files_under(repo.path()), after);
}

#[test]
fn a_typo_with_two_candidates_is_left_alone() {
    let (repo, _) = mistakes();
    let path = "roadmap/proposals/P-0026-quote-builder.yaml";
    let text = std::fs::read_to_string(repo.path().join(path)).expect("read");
    // `lo` is one edit from both `li` and `jo`; `sarah` only from `sara`.
    let text = text.replace("engineering: omar", "engineering: lo").replace("product: sara", "product: sarah");
    repo.write(path, &text);
    let run = repo.check(&["--fix", "--today", TODAY]);
    assert!(run.stderr.contains(&format!("fixed {path}:8:12: `sarah` → `sara`\n")), "{}", run.stderr);
    assert!(!run.stderr.contains("`lo`"), "{}", run.stderr);
    let now = std::fs::read_to_string(repo.path().join(path)).expect("read");
    assert_eq!(now, text.replace("product: sarah", "product: sara").replace("[P-012]", "[P-0012]"));
    let left = run.of_rule("unresolved-reference");
    let left: Vec<_> = left.iter().filter(|d| d["file"] == path).collect();
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0]["line"], 9);
    assert_eq!(left[0]["column"], 16);
    assert_eq!(
        left[0]["message"],
        "`owners.engineering` names person `lo`, which does not exist in the roster (roadmap/roster.yaml)"
    );
}

#[test]
fn fix_with_rev_or_staged_is_a_usage_error_and_writes_nothing() {
    let (repo, original) = mistakes();
    for args in [&["--fix", "--rev", "HEAD"][..], &["--fix", "--staged"][..]] {
        let run = repo.run(&[&["check"][..], args].concat());
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.starts_with(&format!("error: --fix cannot be used with {}\n", args[1])), "{}", run.stderr);
        assert!(run.stderr.contains("hint: --fix edits working-tree files only"), "{}", run.stderr);
        assert!(run.stdout.is_empty());
    }
    assert_eq!(files_under(repo.path()), original);
}

#[cfg(unix)]
#[test]
fn fix_never_writes_through_a_link_outside_the_working_tree() {
    let (repo, _) = mistakes();
    let outside = tempfile::tempdir().expect("temp dir");
    let target = outside.path().join("P-0040.yaml");
    let text = "apiVersion: roadlint/v1\nkind: Proposal\nid: P-0040\ntitle: Outside\nstatus: draft\nstatuss: x\n";
    std::fs::write(&target, text).expect("write");
    std::os::unix::fs::symlink(&target, repo.path().join("roadmap/proposals/P-0040-outside.yaml")).expect("link");
    let run = repo.check(&["--fix", "--today", TODAY]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&target).expect("read"), text);
    assert!(!run.stderr.contains("P-0040"), "{}", run.stderr);
}
