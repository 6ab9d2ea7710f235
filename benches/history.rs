//! `roadlint report --history` on a generated history (see `corpus.rs`):
//! 10,000 proposals brought through their lifecycle over 5,000 dated
//! commits spanning two years, with renames and statuses moving back.
//!
//! `cargo bench --bench history`; `cargo bench --bench history -- --test`
//! runs it once (on a smaller history, so that a debug build finishes).

#[path = "corpus.rs"]
mod corpus;

use criterion::{Criterion, criterion_group, criterion_main};
use roadlint::session::{Request, Session};
use roadlint::source::{Repo, Revision};
use std::hint::black_box;
use std::path::Path;

/// The whole of `report --history --format json`, through the session as
/// the command line runs it.
fn report_history(dir: &Path) -> usize {
    let repo = Repo::discover(dir).expect("repository");
    let request = Request {
        start: dir.to_path_buf(),
        head: Revision::Rev("HEAD".to_owned()),
        base: None,
        config: None,
        today: "2027-01-10".to_owned(),
        commands: Vec::new(),
    };
    let session = Session::open(&repo, &request).expect("session");
    let sides = session.plan().expect("plan");
    let history = session.history(&sides, None).expect("history");
    let model = roadlint::plan::build(&sides);
    roadlint::report::roadmap::json_with(&model, Some(&history)).len()
}

fn bench(c: &mut Criterion) {
    // Without `--bench` (`cargo test --all-targets` in CI, a debug build)
    // criterion runs each benchmark once: a small history is enough.
    let quick = !std::env::args().any(|a| a == "--bench");
    let (n, commits) = if quick { (500, 250) } else { (10_000, 5_000) };
    let dir = tempfile::tempdir().expect("temp dir");
    corpus::write_history_repo(dir.path(), n, commits).expect("history corpus");
    let mut group = c.benchmark_group("history");
    group.sample_size(10);
    group.bench_function(format!("report --history, {n} proposals, {commits} commits"), |b| {
        b.iter(|| black_box(report_history(dir.path())))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
