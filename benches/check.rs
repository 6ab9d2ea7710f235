//! Benchmarks on generated corpora (see `corpus.rs`): a full check at
//! `--rev HEAD` on 1k and 10k proposals, `--staged` with one changed file on
//! 1k, base mode with one changed file on 10k, and the per-document stages (read, parse, schema, rules) so a
//! regression shows where it is.
//!
//! `cargo bench --bench check`; CI runs `cargo bench --bench check -- --test`
//! (every benchmark once) so they cannot rot.

#[path = "corpus.rs"]
mod corpus;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use roadlint::check::config::Config;
use roadlint::check::{self, policy::PolicySet, schema};
use roadlint::parse::{self, Span};
use roadlint::session::{Request, Session};
use roadlint::source::{Content, Repo, Revision};
use std::hint::black_box;
use std::path::Path;

const TODAY: &str = "2026-11-25";

/// The policies' time limit for benchmarks: `cargo test --all-targets`
/// runs each once in a debug build, which on a busy machine can take longer
/// than the default limit over 10,000 documents; a timing is not a test of
/// the limit (tests/limits.rs is).
const NO_TIME_LIMIT: &str = "limits: { max_policy_seconds: 3600 }\n";

/// The discovered configuration, without the time limit.
fn configuration(snapshot: &roadlint::source::Snapshot<'_>) -> Config {
    let mut config = Config::discover(snapshot, "").expect("configuration");
    config.max_policy_time = std::time::Duration::from_secs(3600);
    config
}

/// A full check of one revision, as `roadlint check --rev REV` does it.
fn full_check(dir: &Path, revision: &Revision) -> usize {
    let repo = Repo::discover(dir).expect("repository");
    let snapshot = repo.snapshot(revision).expect("snapshot");
    let config = configuration(&snapshot);
    let policies = PolicySet::load(&snapshot, &config).expect("policies");
    let outcome = check::check(&snapshot, &config, &policies, TODAY).expect("check");
    outcome.diagnostics.len()
}

fn corpus(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    corpus::write_repo(dir.path(), n).expect("corpus");
    dir
}

fn bench_full(c: &mut Criterion) {
    let mut group = c.benchmark_group("full");
    group.sample_size(10);
    for n in [1_000, 10_000] {
        let dir = corpus(n);
        let head = Revision::Rev("HEAD".into());
        group.bench_function(format!("rev-head-{n}"), |b| b.iter(|| black_box(full_check(dir.path(), &head))));
    }
    group.finish();
}

fn bench_staged(c: &mut Criterion) {
    let dir = corpus(1_000);
    let path = dir.path().join("roadmap/proposals/P-00042.yaml");
    let text = std::fs::read_to_string(&path).expect("proposal");
    std::fs::write(&path, text.replace("impact: 2", "impact: 3")).expect("edit");
    let status =
        std::process::Command::new("git").args(["add", "-A"]).current_dir(dir.path()).status().expect("git add");
    assert!(status.success());
    let mut group = c.benchmark_group("staged");
    group.sample_size(20);
    group.bench_function("one-changed-1000", |b| b.iter(|| black_box(full_check(dir.path(), &Revision::Index))));
    group.finish();
}

/// Base mode with one changed file: the head commit edits one proposal.
fn bench_base(c: &mut Criterion) {
    let dir = corpus(10_000);
    let path = dir.path().join("roadmap/proposals/P-00042.yaml");
    let text = std::fs::read_to_string(&path).expect("proposal");
    std::fs::write(&path, text.replace("impact: 2", "impact: 3")).expect("edit");
    for args in [&["add", "-A"][..], &["commit", "-q", "-m", "edit"]] {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .env("GIT_AUTHOR_NAME", "bench")
            .env("GIT_AUTHOR_EMAIL", "bench@example.com")
            .env("GIT_COMMITTER_NAME", "bench")
            .env("GIT_COMMITTER_EMAIL", "bench@example.com")
            .status()
            .expect("git");
        assert!(status.success());
    }
    let head = Revision::Rev("HEAD".into());
    // Outside the repository, so read as given.
    let settings = tempfile::NamedTempFile::new().expect("configuration file");
    std::fs::write(settings.path(), NO_TIME_LIMIT).expect("configuration");
    let mut group = c.benchmark_group("base");
    group.sample_size(10);
    group.bench_function("one-changed-10000", |b| {
        b.iter(|| {
            let repo = Repo::discover(dir.path()).expect("repository");
            let request = Request {
                start: dir.path().to_path_buf(),
                head: head.clone(),
                base: Some("HEAD~1".into()),
                config: Some(settings.path().to_path_buf()),
                today: TODAY.into(),
                commands: Vec::new(),
            };
            let session = Session::open(&repo, &request).expect("session");
            let checked = session.check(&[], false).expect("base");
            black_box(checked.diagnostics.len())
        })
    });
    group.finish();
}

fn bench_stages(c: &mut Criterion) {
    let dir = corpus(1_000);
    let repo = Repo::discover(dir.path()).expect("repository");
    let snapshot = repo.snapshot(&Revision::Rev("HEAD".into())).expect("snapshot");
    let config = configuration(&snapshot);
    let policies = PolicySet::load(&snapshot, &config).expect("policies");
    let (entries, _) = check::select(&snapshot, &config).expect("select");
    let read = || -> Vec<Vec<u8>> {
        entries
            .iter()
            .map(|e| match snapshot.read(e, u64::MAX).expect("read") {
                Content::Bytes(bytes) => bytes,
                Content::TooLarge(_) | Content::Unreadable(_) => Vec::new(),
            })
            .collect()
    };
    let bytes = read();
    let parsed: Vec<_> = bytes.iter().filter_map(|b| parse::parse(b, &config.limits).document).collect();
    let (files, diagnostics) = check::load(&snapshot, &config, &entries).expect("load");

    let mut group = c.benchmark_group("stages-1000");
    group.bench_function("read", |b| b.iter(|| black_box(read())));
    group.bench_function("parse", |b| {
        b.iter(|| bytes.iter().map(|b| parse::parse(b, &config.limits).document.is_some() as usize).sum::<usize>())
    });
    group.bench_function("schema", |b| {
        b.iter(|| {
            parsed
                .iter()
                .map(|doc| {
                    let kind =
                        doc.value.get("kind").and_then(|k| k.as_str()).and_then(schema::SchemaKind::from_document_kind);
                    kind.map_or(0, |kind| schema::validate(kind, doc, &|| Span::point(parse::Position::START)).len())
                })
                .sum::<usize>()
        })
    });
    group.bench_function("rules", |b| {
        b.iter_batched(
            || (files.clone(), diagnostics.clone()),
            |(files, diagnostics)| {
                check::evaluate(files, diagnostics, Vec::new(), &config, &policies, TODAY)
                    .expect("evaluate")
                    .diagnostics
                    .len()
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench_stages, bench_staged, bench_full, bench_base);
criterion_main!(benches);
