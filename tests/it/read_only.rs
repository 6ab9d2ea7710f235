//! The read-only promise: roadlint never writes to the repository it reads.
//! A run in every mode, every report format and every subcommand but
//! `init` leaves every file and folder
//! of the working tree and of `.git` — the index included — byte-identical,
//! with the same modification times (so nothing was rewritten with the same
//! bytes, and no lock file came and went).

use crate::common;

use crate::common::{P, TestRepo, clean_repo, proposal};
use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

/// What is recorded of each entry: its mode, its modification time and,
/// for a file, its bytes (for a link, its target).
#[derive(Debug, PartialEq, Eq)]
struct Entry {
    mode: u32,
    modified: SystemTime,
    content: Vec<u8>,
}

/// Every entry under `root`, by path; links are recorded, not followed.
fn state(root: &Path) -> BTreeMap<PathBuf, Entry> {
    let mut entries = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for item in fs::read_dir(&dir).expect("read dir") {
            let path = item.expect("entry").path();
            let meta = fs::symlink_metadata(&path).expect("metadata");
            let content = if meta.file_type().is_symlink() {
                fs::read_link(&path).expect("link").into_os_string().into_encoded_bytes()
            } else if meta.is_file() {
                fs::read(&path).expect("read")
            } else {
                pending.push(path.clone());
                Vec::new()
            };
            let entry = Entry { mode: meta.mode(), modified: meta.modified().expect("mtime"), content };
            entries.insert(path.strip_prefix(root).expect("inside").to_path_buf(), entry);
        }
    }
    entries
}

/// A repository with a change in every state git knows: committed on a
/// branch, staged, modified but not staged, renamed in the working tree
/// only, untracked and ignored.
fn busy_repo() -> TestRepo {
    let repo = clean_repo();
    repo.git(&["checkout", "-q", "-b", "change"]);
    repo.write(&format!("{P}PAY-3.yaml"), proposal("PAY-3", "draft", 2)).commit("a draft");
    repo.write(&format!("{P}PAY-4.yaml"), proposal("PAY-4", "proposed", 2));
    repo.git(&["add", "-A"]);
    repo.write(&format!("{P}PAY-1.yaml"), proposal("PAY-1", "in-progress", 5));
    fs::rename(repo.path().join(format!("{P}PAY-2.yaml")), repo.path().join(format!("{P}PAY-6.yaml"))).expect("rename");
    repo.write(&format!("{P}PAY-5.yaml"), proposal("PAY-5", "shipped", 1).replace("status: shipped", "status: x"));
    repo.write(".gitignore", "scratch/\n").write("scratch/notes.yaml", "not: read\n");
    repo
}

#[test]
fn no_run_writes_to_the_repository() {
    let repo = busy_repo();
    let outside = tempfile::tempdir().expect("temp dir");
    let elsewhere = |name: &str| outside.path().join(name).to_str().expect("utf-8 path").to_owned();
    let (sarif, report, summary) = (elsewhere("out.sarif"), elsewhere("report.txt"), elsewhere("summary.md"));
    let runs: Vec<Vec<&str>> = vec![
        vec!["check"],
        vec!["check", "--staged"],
        vec!["check", "--rev", "HEAD"],
        vec!["check", "--rev", "main"],
        vec!["check", "--base", "main"],
        vec!["check", "--base", "main", "--staged"],
        vec!["check", "--base", "main", "--rev", "HEAD", "--all"],
        vec!["check", "--format", "json"],
        vec!["check", "--format", "sarif", "--base", "main"],
        vec!["check", "--format", "github", "--base", "main"],
        vec!["check", "--format", "junit", "--staged"],
        vec!["check", "--format", "human", "--color", "always", "--sarif-file", &sarif, "-o", &report],
        vec!["check", "roadmap/proposals/PAY-5.yaml", "--deny-warnings"],
        vec!["report"],
        vec!["report", "--format", "html", "--base", "main"],
        vec!["report", "--format", "json", "--staged"],
        vec!["rules"],
        vec!["explain", "capacity"],
        vec!["schema", "proposal"],
    ];
    let before = state(repo.path());
    assert!(before.contains_key(Path::new(".git/index")));
    for args in &runs {
        let out = Command::new(common::bin())
            .args(args)
            .current_dir(repo.path())
            .env("ROADLINT_TODAY", common::TODAY)
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_STEP_SUMMARY", &summary)
            .output()
            .expect("roadlint runs");
        let code = out.status.code();
        assert!(matches!(code, Some(0 | 1)), "{args:?}: {code:?} {}", String::from_utf8_lossy(&out.stderr));
        let after = state(repo.path());
        let changed: Vec<&PathBuf> = after
            .iter()
            .filter(|(path, entry)| before.get(*path) != Some(entry))
            .map(|(path, _)| path)
            .chain(before.keys().filter(|path| !after.contains_key(*path)))
            .collect();
        assert!(changed.is_empty(), "`roadlint {}` changed {changed:?}", args.join(" "));
    }
    // The outputs went where they were sent.
    for file in [&sarif, &report, &summary] {
        assert!(fs::metadata(file).is_ok_and(|m| m.len() > 0), "{file} was not written");
    }
    // And git still sees every change as it was.
    let status = repo.git(&["status", "--porcelain"]);
    for expected in
        ["A  roadmap/proposals/PAY-4.yaml", " M roadmap/proposals/PAY-1.yaml", "?? roadmap/proposals/PAY-5.yaml"]
    {
        assert!(status.contains(expected), "{status}");
    }
}
