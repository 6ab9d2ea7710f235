//! Rule fixtures as data: `tests/rules/<rule-id>/{fail,pass}/<case>/` holds
//! the files of a small repository, laid over `tests/rules/_base/` (the
//! roster). Each is checked in process through the library, as `roadlint
//! check` checks a working tree:
//!
//! - a `fail` case must give at least one diagnostic, every one of its own
//!   rule (one problem, one diagnostic) but those an `also-fires` file names
//!   on purpose, and its whole report — JSON and human output — is pinned
//!   in `report.snap` beside it;
//! - a `pass` case must give no diagnostic at all.
//!
//! A case file `PATH.absent` removes `PATH` of the base.
//!
//! A case with `base/` and `head/` folders is a change: `base/` is
//! committed on `main`, `head/` on a branch, and the branch is judged in
//! base mode (the transition rules exist only there).
//!
//! Every built-in rule must have at least one case of each kind: adding a
//! rule means adding its module and its folder.
//!
//! `INSTA_UPDATE=always cargo test --test it rule_fixtures` writes new
//! snapshots; review them with `git diff`.

use crate::common;

use roadlint::check::config::Config;
use roadlint::check::{self, policy::PolicySet, registry};
use roadlint::report::{self, Report};
use roadlint::session::{Request, Session};
use roadlint::source::{Content, Repo, Revision};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

const TODAY: &str = common::TODAY;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules")
}

/// Every file under `dir`, by `/`-separated path relative to it.
fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.file_name().is_some_and(|n| !matches!(n.to_str(), Some("report.snap" | "also-fires"))) {
                let relative = path.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// The base files with a case's files laid over them; a case file named
/// `PATH.absent` takes `PATH` away.
fn with_base(case: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    let mut files = read_tree(&fixtures().join("_base"));
    for (path, bytes) in case {
        match path.strip_suffix(".absent") {
            Some(gone) => {
                files.remove(gone);
            }
            None => {
                files.insert(path, bytes);
            }
        }
    }
    files
}

/// What a case reports: its diagnostics, notes and file texts.
struct Outcome {
    diagnostics: Vec<roadlint::diagnostic::Diagnostic>,
    notes: Vec<String>,
    files: usize,
    texts: HashMap<String, String>,
}

/// Checks a repository given as files, in process, as a working tree would be.
fn check_files(files: BTreeMap<String, Vec<u8>>) -> Outcome {
    let config = match files.get(".roadlint.yaml") {
        Some(text) => Config::load(Content::Bytes(text.clone()), ".roadlint.yaml", "").expect("configuration"),
        None => Config::default(),
    };
    let custom: Vec<(String, Vec<u8>)> =
        config.policies.iter().filter_map(|p| files.get(p).map(|b| (p.clone(), b.clone()))).collect();
    let policies = PolicySet::build(&config, &custom).expect("policies");
    let documents: Vec<(String, Vec<u8>)> =
        files.iter().filter(|(path, _)| config.matches(path)).map(|(p, b)| (p.clone(), b.clone())).collect();
    let outcome = check::check_files(documents, &config, &policies, TODAY).expect("checks");
    let texts = outcome.workspace.files.iter().map(|f| (f.path.clone(), f.text.clone())).collect();
    Outcome { files: outcome.workspace.files.len(), diagnostics: outcome.diagnostics, notes: outcome.notes, texts }
}

/// Writes files into a directory.
fn write_tree(dir: &Path, files: &BTreeMap<String, Vec<u8>>) {
    for (path, bytes) in files {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, bytes).unwrap();
    }
}

/// Judges a change: `base/` committed on `main`, `head/` committed on a
/// branch over it, in base mode through the session.
fn check_change(case: &Path) -> Outcome {
    let repo = common::TestRepo::new();
    let base = with_base(read_tree(&case.join("base")));
    write_tree(repo.path(), &base);
    repo.commit("base");
    repo.git(&["checkout", "-q", "-b", "change"]);
    for path in base.keys() {
        std::fs::remove_file(repo.path().join(path)).unwrap();
    }
    write_tree(repo.path(), &with_base(read_tree(&case.join("head"))));
    repo.commit("head");
    let git = Repo::discover(repo.path()).expect("repository");
    let request = Request {
        start: repo.path().to_path_buf(),
        head: Revision::Worktree,
        base: Some("main".into()),
        config: None,
        today: TODAY.into(),
        commands: Vec::new(),
    };
    let checked = Session::open(&git, &request).expect("session").check(&[], false).expect("checks");
    Outcome { diagnostics: checked.diagnostics, notes: checked.notes, files: checked.files, texts: checked.texts }
}

fn run(case: &Path) -> Outcome {
    if case.join("base").is_dir() { check_change(case) } else { check_files(with_base(read_tree(case))) }
}

/// The pinned form of a report: the JSON, then the human output.
fn rendered(outcome: &Outcome) -> String {
    let report = Report {
        diagnostics: &outcome.diagnostics,
        notes: &outcome.notes,
        files: outcome.files,
        texts: &outcome.texts,
    };
    format!("{}\n{}", report::json::render(&report), report::human::render(&report, false))
}

/// The cases of one rule and kind (`fail` or `pass`), in name order.
fn cases(rule: &str, kind: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(fixtures().join(rule).join(kind)) else { return Vec::new() };
    let mut cases: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    cases
}

#[test]
fn every_rule_has_failing_and_passing_fixtures() {
    let mut missing = Vec::new();
    for rule in registry::RULES {
        for kind in ["fail", "pass"] {
            if cases(rule.id, kind).is_empty() {
                missing.push(format!("tests/rules/{}/{kind}/", rule.id));
            }
        }
    }
    assert!(missing.is_empty(), "rules without fixtures: {missing:?}");
    // And no folder for a rule that does not exist.
    for entry in std::fs::read_dir(fixtures()).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(name == "_base" || registry::find(&name).is_some(), "tests/rules/{name} names no rule");
    }
}

#[test]
fn failing_fixtures_give_their_rule_alone_and_their_snapshot() {
    let mut problems = Vec::new();
    for rule in registry::RULES {
        for case in cases(rule.id, "fail") {
            let outcome = run(&case);
            // `also-fires` names rules a case shows on purpose (a waiver
            // that suppresses nothing leaves its rule's finding in place).
            let also = std::fs::read_to_string(case.join("also-fires")).unwrap_or_default();
            let others: Vec<&str> = outcome
                .diagnostics
                .iter()
                .map(|d| d.rule.as_str())
                .filter(|r| *r != rule.id && !also.split_whitespace().any(|a| a == *r))
                .collect();
            if outcome.diagnostics.is_empty() {
                problems.push(format!("{}: no diagnostic", case.display()));
            } else if !others.is_empty() {
                problems.push(format!("{}: other rules fire too: {others:?}", case.display()));
            }
            let mut settings = insta::Settings::clone_current();
            settings.set_snapshot_path(&case);
            settings.set_prepend_module_to_snapshot(false);
            settings.set_omit_expression(true);
            settings.bind(|| insta::assert_snapshot!("report", rendered(&outcome)));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn passing_fixtures_give_nothing() {
    let mut problems = Vec::new();
    for rule in registry::RULES {
        for case in cases(rule.id, "pass") {
            let outcome = run(&case);
            if !outcome.diagnostics.is_empty() {
                let found: Vec<String> =
                    outcome.diagnostics.iter().map(|d| format!("{} {}: {}", d.rule, d.file, d.message)).collect();
                problems.push(format!("{}: {found:?}", case.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
