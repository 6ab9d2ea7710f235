//! `roadlint server` latency: didChange → publishDiagnostics for the edited
//! document, over corpora of 1,000 and 10,000 proposals (corpus.rs), with
//! the server loop on an in-memory connection. Prints the peak RSS after.
//!
//! `cargo bench --bench server`.

#[path = "corpus.rs"]
mod corpus;

use criterion::{Criterion, criterion_group, criterion_main};
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};
use std::time::Duration;

const TODAY: &str = "2026-11-25";

struct Running {
    client: Connection,
    uri: String,
    text: String,
    version: i32,
    _dir: tempfile::TempDir,
}

fn notify(client: &Connection, method: &str, params: Value) {
    client.sender.send(Message::Notification(Notification::new(method.into(), params))).expect("send");
}

/// Waits for the diagnostics of `uri` at `version`.
fn published(client: &Connection, uri: &str, version: i32) -> usize {
    loop {
        let message = client.receiver.recv_timeout(Duration::from_secs(120)).expect("diagnostics in time");
        if let Message::Notification(n) = message
            && n.method == "textDocument/publishDiagnostics"
            && n.params["uri"] == uri
            && n.params["version"] == version
        {
            return n.params["diagnostics"].as_array().map_or(0, Vec::len);
        }
    }
}

fn start(n: usize) -> Running {
    let dir = tempfile::tempdir().expect("temp dir");
    corpus::write_repo(dir.path(), n).expect("corpus");
    let (server, client) = Connection::memory();
    std::thread::spawn(move || roadlint::server::serve(&server, TODAY.to_owned()));
    let root = format!("file://{}", dir.path().canonicalize().expect("canonical").display());
    let init = json!({"processId": null, "rootUri": root, "capabilities": {}});
    client.sender.send(Message::Request(Request::new(RequestId::from(1), "initialize".into(), init))).expect("send");
    let _ = client.receiver.recv_timeout(Duration::from_secs(60)).expect("initialize answered");
    notify(&client, "initialized", json!({}));
    let path = "roadmap/proposals/P-00001.yaml";
    let text = std::fs::read_to_string(dir.path().join(path)).expect("read");
    let uri = format!("{root}/{path}");
    let document = json!({"uri": uri, "languageId": "yaml", "version": 1, "text": text});
    notify(&client, "textDocument/didOpen", json!({"textDocument": document}));
    published(&client, &uri, 1);
    Running { client, uri, text, version: 1, _dir: dir }
}

/// One edit (a typo in the title, then back) and its diagnostics.
fn edit(r: &mut Running) {
    r.version += 1;
    let text = if r.version % 2 == 0 { r.text.replacen("title: ", "title: x", 1) } else { r.text.clone() };
    let change = json!({"textDocument": {"uri": r.uri, "version": r.version}, "contentChanges": [{"text": text}]});
    notify(&r.client, "textDocument/didChange", change);
    published(&r.client, &r.uri, r.version);
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn bench_server(c: &mut Criterion) {
    let mut group = c.benchmark_group("server");
    group.sample_size(10).measurement_time(Duration::from_secs(10)).warm_up_time(Duration::from_secs(2));
    // Without `--bench` (`cargo test --all-targets` in CI, a debug build)
    // criterion runs each benchmark once: a small corpus is enough.
    let sizes: &[usize] = if std::env::args().any(|a| a == "--bench") { &[1_000, 10_000] } else { &[200] };
    for &n in sizes {
        let mut running = start(n);
        group.bench_function(format!("didChange to publishDiagnostics, {n} proposals"), |b| {
            b.iter(|| edit(&mut running))
        });
        if let Some(mb) = peak_rss_mb() {
            eprintln!("peak RSS after {n} proposals: {mb:.0} MB");
        }
    }
    group.finish();
}

criterion_group!(benches, bench_server);
criterion_main!(benches);
