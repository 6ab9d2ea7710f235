//! Rendered human output, as snapshots.

use crate::common;

use crate::common::{P, clean_repo, proposal, roadmap};

fn human(repo: &common::TestRepo, args: &[&str]) -> String {
    let mut all = vec!["check", "--color", "never"];
    all.extend_from_slice(args);
    let run = repo.run(&all);
    format!("exit: {}\n--- stdout\n{}--- stderr\n{}", run.code, run.stdout, run.stderr)
}

#[test]
fn rustc_style_snippets_with_labels_help_and_related_files() {
    let repo = clean_repo();
    repo.write(
        &format!("{P}PAY-3.yaml"),
        proposal("PAY-3", "accepted", 8).replace("status: accepted", "status: aproved"),
    );
    repo.write(&format!("{P}PAY-4.yaml"), proposal("PAY-4", "accepted", 8));
    repo.write("roadmap/extra.yaml", roadmap("x", &[("PLAN-4", "PAY-4", "payments", "2027-Q3", "committed")]));
    insta::assert_snapshot!(human(&repo, &[]));
}

#[test]
fn clean_run_prints_only_the_count() {
    let repo = clean_repo();
    insta::assert_snapshot!(human(&repo, &[]));
}

#[test]
fn mistakes_example() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new(common::bin())
        .args(["check", "--color", "never", "--today", common::TODAY, "-C"])
        .arg(root.join("examples/mistakes"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
}
