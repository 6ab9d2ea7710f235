//! `roadlint server`: the real binary driven over stdio with JSON-RPC
//! (Content-Length framing) on a real git repository. Every read has a
//! timeout, so a hang fails the test instead of hanging it.

use crate::common::{self, P, TODAY, TestRepo, clean_repo};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(20);

/// A language client on the server's stdio.
struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Messages read while waiting for another.
    pending: Vec<Value>,
    next_id: i64,
}

fn uri(repo: &TestRepo, path: &str) -> String {
    let root = repo.path().canonicalize().expect("canonical");
    format!("file://{}/{path}", root.display())
}

impl Client {
    fn start(repo: &TestRepo) -> Client {
        let mut child = Command::new(common::bin())
            .arg("server")
            .current_dir(repo.path())
            .env("ROADLINT_TODAY", TODAY)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("roadlint server starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (send, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("Content-Length header")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let message: Value = serde_json::from_slice(&body).expect("JSON message");
                if send.send(message).is_err() {
                    return;
                }
            }
        });
        let mut client = Client { child, stdin, incoming, pending: Vec::new(), next_id: 0 };
        let root = uri(repo, "").trim_end_matches('/').to_owned();
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root,
                "workspaceFolders": [{"uri": root, "name": "repo"}],
                "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}},
            }),
        );
        assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
        assert_eq!(result["serverInfo"]["name"], "roadlint");
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write to the server");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next message that `wanted` accepts; others wait in `pending`.
    fn wait_for(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(at) = self.pending.iter().position(&wanted) {
            return self.pending.remove(at);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(message) if wanted(&message) => return message,
                Ok(message) => self.pending.push(message),
                Err(RecvTimeoutError::Timeout) => panic!("no {what} within {TIMEOUT:?}; got {:#?}", self.pending),
                Err(RecvTimeoutError::Disconnected) => panic!("the server exited while waiting for {what}"),
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let response = self.wait_for(method, |m| m["id"] == id && m.get("method").is_none());
        assert!(response.get("error").is_none(), "{method}: {response}");
        response["result"].clone()
    }

    /// The next diagnostics published for `uri`, a file that is not open.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        self.diagnostics_of(uri, Value::Null)
    }

    /// The diagnostics published for version `version` of an open `uri`.
    fn diagnostics_at(&mut self, uri: &str, version: i32) -> Vec<Value> {
        self.diagnostics_of(uri, json!(version))
    }

    fn diagnostics_of(&mut self, uri: &str, version: Value) -> Vec<Value> {
        let message = self.wait_for(&format!("diagnostics for {uri} at version {version}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && (version.is_null() || m["params"]["version"] == version)
        });
        message["params"]["diagnostics"].as_array().expect("diagnostics").clone()
    }

    fn open(&mut self, uri: &str, text: &str) {
        let document = json!({"uri": uri, "languageId": "yaml", "version": 1, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": document}));
    }

    fn change(&mut self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    fn at(&mut self, method: &str, uri: &str, line: u32, character: u32, extra: Value) -> Value {
        let mut params = json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}});
        if let (Some(params), Some(extra)) = (params.as_object_mut(), extra.as_object()) {
            params.extend(extra.clone());
        }
        self.request(method, params)
    }

    fn shutdown(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                assert!(status.success(), "the server exits 0 after shutdown and exit: {status}");
                return;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// (code, start line, start character, end line, end character, message) of each diagnostic.
fn summary(diagnostics: &[Value]) -> Vec<(String, u64, u64, u64, u64, String)> {
    diagnostics
        .iter()
        .map(|d| {
            let r = &d["range"];
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                r["start"]["line"].as_u64().unwrap_or(99),
                r["start"]["character"].as_u64().unwrap_or(99),
                r["end"]["line"].as_u64().unwrap_or(99),
                r["end"]["character"].as_u64().unwrap_or(99),
                d["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn text_of(repo: &TestRepo, path: &str) -> String {
    std::fs::read_to_string(repo.path().join(path)).expect("read")
}

#[test]
fn server_publishes_check_diagnostics_and_answers_navigation_and_fixes() {
    let repo = clean_repo();
    let pay1 = format!("{P}PAY-1.yaml");
    let pay1_uri = uri(&repo, &pay1);
    let mut client = Client::start(&repo);
    let original = text_of(&repo, &pay1);
    client.open(&pay1_uri, &original);
    assert_eq!(client.diagnostics_at(&pay1_uri, 1), Vec::<Value>::new(), "a clean roadmap");

    // A typo in a key, and an owner the roster does not know (`é` is two
    // UTF-8 bytes and one UTF-16 unit; `🙂` two units).
    let edited = original
        .replace("telemetry:\n", "telemetery:\n")
        .replace("  engineering: li\n", "  engineering: lii\n")
        .replace("title: Proposal PAY-1", "title: Proposal PAY-1 é🙂");
    client.change(&pay1_uri, 2, &edited);
    let found = client.diagnostics_at(&pay1_uri, 2);
    assert_eq!(
        summary(&found),
        [
            (
                "unresolved-reference".to_owned(),
                8,
                15,
                8,
                18,
                "`owners.engineering` names person `lii`, which does not exist in the roster (roadmap/roster.yaml)\nhelp: did you mean `li`?"
                    .to_owned()
            ),
            (
                "schema".to_owned(),
                18,
                0,
                18,
                10,
                "unknown key `telemetery` in the proposal\nhelp: did you mean `telemetry`? (keys starting with `x-` are free for local extensions)"
                    .to_owned()
            ),
        ]
    );
    assert_eq!(found[1]["severity"], 1);
    assert_eq!(found[1]["source"], "roadlint");
    assert_eq!(
        found[1]["codeDescription"]["href"],
        "https://github.com/roadlint/roadlint/blob/main/docs/rules.md#schema"
    );

    // The fix as a code action: a workspace edit of exactly the key.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": pay1_uri},
            "range": {"start": {"line": 18, "character": 3}, "end": {"line": 18, "character": 3}},
            "context": {"diagnostics": []},
        }),
    );
    assert_eq!(
        actions,
        json!([{
            "title": "replace with `telemetry`",
            "kind": "quickfix",
            "diagnostics": [found[1]],
            "edit": {"changes": {pay1_uri.clone(): [{
                "range": {"start": {"line": 18, "character": 0}, "end": {"line": 18, "character": 10}},
                "newText": "telemetry",
            }]}},
            "isPreferred": true,
        }])
    );

    // Hover, definition and references on `maya` (line 8, `product: maya`).
    let hover = client.at("textDocument/hover", &pay1_uri, 7, 12, json!({}));
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert_eq!(hover["contents"]["value"], "**Maya Chen** (`maya`), person\n\nroles: product\n\nteams: payments");
    assert_eq!(hover["range"], json!({"start": {"line": 7, "character": 11}, "end": {"line": 7, "character": 15}}));
    let roster_uri = uri(&repo, "roadmap/roster.yaml");
    let definition = client.at("textDocument/definition", &pay1_uri, 7, 12, json!({}));
    assert_eq!(
        definition,
        json!({"uri": roster_uri, "range": {"start": {"line": 3, "character": 8}, "end": {"line": 3, "character": 12}}})
    );
    let references =
        client.at("textDocument/references", &pay1_uri, 7, 12, json!({"context": {"includeDeclaration": true}}));
    let mut places: Vec<(String, u64)> = references
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| (l["uri"].as_str().unwrap_or_default().to_owned(), l["range"]["start"]["line"].as_u64().unwrap_or(0)))
        .collect();
    places.sort();
    let pay2_uri = uri(&repo, &format!("{P}PAY-2.yaml"));
    let mut expected =
        vec![(pay1_uri.clone(), 7), (pay2_uri.clone(), 7), (roster_uri.clone(), 3), (roster_uri.clone(), 18)];
    expected.sort();
    assert_eq!(places, expected);
    // Hover on a proposal id in the roadmap, which is not open: what the
    // open buffer of the proposal says.
    let hover = client.at("textDocument/hover", &uri(&repo, "roadmap/2027-H2.yaml"), 6, 15, json!({}));
    assert_eq!(
        hover["contents"]["value"],
        "**PAY-1**: Proposal PAY-1 é🙂\n\nstatus: accepted; effort: 5 person-weeks; product owner: maya; \
         engineering owner: lii\n\nroadmap/proposals/PAY-1.yaml"
    );
    // Go to definition from the roadmap's proposal reference.
    let definition = client.at("textDocument/definition", &uri(&repo, "roadmap/2027-H2.yaml"), 6, 15, json!({}));
    assert_eq!(
        definition,
        json!({"uri": pay1_uri, "range": {"start": {"line": 2, "character": 4}, "end": {"line": 2, "character": 9}}})
    );

    // Completion of people after `product: `, and of statuses.
    let completion = client.at("textDocument/completion", &pay1_uri, 7, 11, json!({}));
    let labels: Vec<&str> = completion.as_array().expect("items").iter().filter_map(|i| i["label"].as_str()).collect();
    assert_eq!(labels, ["li", "maya", "omar", "sara"]);
    let completion = client.at("textDocument/completion", &pay1_uri, 4, 8, json!({}));
    let labels: Vec<&str> = completion.as_array().expect("items").iter().filter_map(|i| i["label"].as_str()).collect();
    assert_eq!(labels, ["draft", "proposed", "accepted", "in-progress", "shipped", "rejected", "withdrawn"]);

    // Cross-file: renaming `li` in the roster (an open buffer) breaks
    // PAY-2, which is not open, and the roadmap's nothing.
    let roster = text_of(&repo, "roadmap/roster.yaml");
    client.open(&roster_uri, &roster);
    client.change(&roster_uri, 2, &roster.replace("  - id: li\n", "  - id: lio\n"));
    let pay2 = client.diagnostics(&pay2_uri);
    let codes: Vec<(String, u64)> = summary(&pay2).into_iter().map(|(code, line, ..)| (code, line)).collect();
    assert_eq!(codes, [("unresolved-reference".to_owned(), 8), ("unresolved-reference".to_owned(), 17)]);
    assert_eq!(
        pay2[0]["message"],
        "`owners.engineering` names person `li`, which does not exist in the roster (roadmap/roster.yaml)\nhelp: did you mean `lio`?"
    );
    // Undoing it clears PAY-2.
    client.change(&roster_uri, 3, &roster);
    assert_eq!(client.diagnostics(&pay2_uri), Vec::<Value>::new());

    // A buffer that does not parse: its yaml-syntax diagnostic, and the
    // server keeps answering.
    client.change(&pay1_uri, 3, "apiVersion: roadlint/v1\nkind: Proposal\nid: PAY-1\ntitle: [unclosed\n");
    let broken = client.diagnostics_at(&pay1_uri, 3);
    assert_eq!(broken.iter().map(|d| d["code"].as_str().unwrap_or_default()).collect::<Vec<_>>(), ["yaml-syntax"]);
    let hover = client.at("textDocument/hover", &roster_uri, 3, 9, json!({}));
    assert_eq!(hover["contents"]["value"], "**Maya Chen** (`maya`), person\n\nroles: product\n\nteams: payments");

    client.shutdown();
    // The server wrote nothing.
    assert_eq!(text_of(&repo, &pay1), original);
    assert_eq!(text_of(&repo, "roadmap/roster.yaml"), roster);
}

#[test]
fn server_rechecks_everything_when_the_configuration_changes_and_applies_incremental_edits() {
    let repo = clean_repo();
    let pay1 = format!("{P}PAY-1.yaml");
    let pay1_uri = uri(&repo, &pay1);
    let mut client = Client::start(&repo);
    // The client answers the server's watcher registration.
    let registration = client.wait_for("client/registerCapability", |m| m["method"] == "client/registerCapability");
    assert_eq!(
        registration["params"]["registrations"][0]["registerOptions"]["watchers"][0]["globPattern"],
        "**/*.{yaml,yml}"
    );
    client.send(json!({"jsonrpc": "2.0", "id": registration["id"], "result": null}));
    let original = text_of(&repo, &pay1);
    client.open(&pay1_uri, &original);
    assert_eq!(client.diagnostics_at(&pay1_uri, 1), Vec::<Value>::new());
    // An incremental edit: `maya` (line 8, characters 11..15) becomes `mayo`.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": pay1_uri, "version": 2},
            "contentChanges": [{
                "range": {"start": {"line": 7, "character": 14}, "end": {"line": 7, "character": 15}},
                "text": "o",
            }],
        }),
    );
    let found = client.diagnostics_at(&pay1_uri, 2);
    assert_eq!(
        summary(&found),
        [(
            "unresolved-reference".to_owned(),
            7,
            11,
            7,
            15,
            "`owners.product` names person `mayo`, which does not exist in the roster (roadmap/roster.yaml)\nhelp: did you mean `maya`?"
                .to_owned()
        )]
    );
    // The configuration turns the rule off, on disk: the watcher says so.
    repo.write(".roadlint.yaml", "rules:\n  unresolved-reference: off\n");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&repo, ".roadlint.yaml"), "type": 1}]}),
    );
    assert_eq!(client.diagnostics_at(&pay1_uri, 2), Vec::<Value>::new());
    // A broken configuration is shown to the user; the server keeps going.
    repo.write(".roadlint.yaml", "rules:\n  unresolved-reference: offf\n");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&repo, ".roadlint.yaml"), "type": 2}]}),
    );
    let shown = client.wait_for("window/showMessage", |m| m["method"] == "window/showMessage");
    assert_eq!(shown["params"]["type"], 1);
    let message = shown["params"]["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("roadlint: error: "), "{message}");
    let hover = client.at("textDocument/hover", &pay1_uri, 8, 16, json!({}));
    assert_eq!(hover["contents"]["value"], "**Li Wei** (`li`), person\n\nroles: engineering\n\nteams: payments");
    // Closing the buffer puts the file on disk back in its place.
    repo.remove(".roadlint.yaml");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&repo, ".roadlint.yaml"), "type": 3}]}),
    );
    assert_eq!(summary(&client.diagnostics_at(&pay1_uri, 2)).len(), 1);
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": pay1_uri}}));
    assert_eq!(client.diagnostics(&pay1_uri), Vec::<Value>::new());
    client.shutdown();
}

/// Sets the modification time of every file under `dir` to `when`.
fn set_times(dir: &std::path::Path, when: std::time::SystemTime) {
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if entry.file_name() == ".git" {
            continue;
        }
        if path.is_dir() {
            set_times(&path, when);
        } else {
            std::fs::File::options().write(true).open(&path).and_then(|f| f.set_modified(when)).expect("set time");
        }
    }
}

/// Files that did not change are not read again after an edit, but a file
/// changed on disk is, even with no watcher event, its length unchanged
/// and its modification time set back: the inode's change time tells.
#[test]
fn server_reads_a_file_changed_on_disk_with_its_old_length_and_time() {
    let repo = clean_repo();
    let old = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000);
    set_times(repo.path(), old);
    let pay1 = format!("{P}PAY-1.yaml");
    let pay1_uri = uri(&repo, &pay1);
    let mut client = Client::start(&repo);
    let text = text_of(&repo, &pay1);
    client.open(&pay1_uri, &text);
    assert_eq!(client.diagnostics_at(&pay1_uri, 1), Vec::<Value>::new());
    // An edit elsewhere: every file is known unchanged by its stamp.
    client.change(&pay1_uri, 2, &format!("{text}\n"));
    assert_eq!(client.diagnostics_at(&pay1_uri, 2), Vec::<Value>::new());
    // `maya` becomes `mayb` in the roster, on disk: same length, same time.
    let roster = text_of(&repo, "roadmap/roster.yaml");
    assert!(roster.contains("id: maya\n"), "{roster}");
    repo.write("roadmap/roster.yaml", roster.replace("id: maya\n", "id: mayb\n"));
    set_times(&repo.path().join("roadmap"), old);
    client.change(&pay1_uri, 3, &text);
    let found = summary(&client.diagnostics_at(&pay1_uri, 3));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "unresolved-reference");
    assert!(found[0].5.contains("names person `maya`") && found[0].5.contains("did you mean `mayb`?"), "{found:?}");
    client.shutdown();
}

/// Neovim's own LSP client against the server (tests/editors/nvim).
/// Outside CI a missing nvim skips the test; in CI it fails it.
#[test]
fn neovim_shows_the_diagnostics_and_applies_the_fix() {
    let Some(nvim) = common::tool("nvim") else { return };
    let repo = clean_repo();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/editors/nvim/server_test.lua");
    let mut child = Command::new(nvim)
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-c"])
        .arg(format!("luafile {}", script.display()))
        .current_dir(repo.path())
        .env("ROADLINT_BIN", common::bin())
        .env("ROADLINT_REPO", repo.path().canonicalize().expect("canonical"))
        .env("ROADLINT_FILE", format!("{P}PAY-1.yaml"))
        .env("ROADLINT_TODAY", TODAY)
        .env("XDG_STATE_HOME", repo.path().join(".git/nvim-state"))
        .env("XDG_DATA_HOME", repo.path().join(".git/nvim-data"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nvim starts");
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("nvim did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    child.stdout.take().map(|mut s| s.read_to_string(&mut stdout));
    child.stderr.take().map(|mut s| s.read_to_string(&mut stderr));
    assert!(status.success(), "nvim: {status}\nstdout: {stdout}\nstderr: {stderr}");
    assert!(stdout.contains("ok"), "stdout: {stdout}\nstderr: {stderr}");
    // The fix went to the buffer, never to the file.
    assert_eq!(text_of(&repo, &format!("{P}PAY-1.yaml")), common::proposal("PAY-1", "accepted", 5));
}
