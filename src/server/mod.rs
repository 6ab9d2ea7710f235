//! `roadlint server`: a language server (LSP 3.17) over stdio for the
//! working tree of the repository that holds the opened files, with open
//! buffers in place of their files (docs/server.md).
//!
//! One thread answers everything in order: a check of the roadmap follows
//! each change, and requests are answered from the last check. Documents
//! whose text did not change are taken from the last check, not parsed
//! again, and files whose stamp did not change are not even read. The server never writes files: fixes go to the client as edits.

mod complete;
mod convert;
mod diagnostics;
mod navigate;
mod state;

use crate::error::{Result, RunError};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{
    CodeActionRequest, Completion, GotoDefinition, HoverRequest, References, RegisterCapability, Request as _,
};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionProviderCapability, CompletionOptions,
    CompletionParams, CompletionResponse, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, FileSystemWatcher, GlobPattern, GotoDefinitionParams, GotoDefinitionResponse, Hover,
    HoverContents, HoverParams, HoverProviderCapability, InitializeParams, Location, MarkupContent, MarkupKind,
    MessageType, OneOf, PositionEncodingKind, PublishDiagnosticsParams, ReferenceParams, Registration,
    RegistrationParams, ServerCapabilities, ServerInfo, ShowMessageParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextEdit, Uri, WorkspaceEdit,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use state::{Document, State};
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Runs the server on stdin and stdout until the client says `exit`.
/// `today` is the date rules see.
pub fn run(today: String) -> Result<i32> {
    let (connection, threads) = Connection::stdio();
    let code = serve(&connection, today)?;
    drop(connection);
    threads.join().map_err(|e| RunError::new(format!("the server's input or output failed: {e}")))?;
    Ok(code)
}

/// Serves one client on a connection (stdio, or in memory for tests and
/// benchmarks) until it shuts the server down.
pub fn serve(connection: &Connection, today: String) -> Result<i32> {
    let failed = |e: lsp_server::ProtocolError| RunError::new(format!("language server protocol error: {e}"));
    let (id, params) = connection.initialize_start().map_err(failed)?;
    let params: InitializeParams = serde_json::from_value(params)
        .map_err(|e| RunError::new(format!("the client's initialize request is not valid: {e}")))?;
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": ServerInfo { name: "roadlint".into(), version: Some(env!("CARGO_PKG_VERSION").into()) },
    });
    connection.initialize_finish(id, result).map_err(failed)?;
    let mut server = Server { connection, state: State::new(today), last_error: None, next_id: 0 };
    if let Some(dir) = workspace_folder(&params)
        && let Err(error) = server.state.open_repository(&dir)
    {
        server.show_error(error);
    }
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files)
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    if watch {
        server.register_watchers();
    }
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request).map_err(failed)? {
                    return Ok(0);
                }
                let id = request.id.clone();
                let response = catch_unwind(AssertUnwindSafe(|| server.request(request))).unwrap_or_else(|_| {
                    Response::new_err(id, ErrorCode::InternalError as i32, "internal error: roadlint panicked".into())
                });
                server.send(Message::Response(response));
            }
            Message::Notification(notification) => {
                if notification.method == lsp_types::notification::Exit::METHOD {
                    return Ok(1);
                }
                let method = notification.method.clone();
                if catch_unwind(AssertUnwindSafe(|| server.notification(notification))).is_err() {
                    eprintln!("roadlint server: internal error handling {method}");
                }
            }
            // Answers to the server's own requests (watcher registration).
            Message::Response(_) => {}
        }
    }
    Ok(0)
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::INCREMENTAL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some([":", " ", "[", ","].map(String::from).to_vec()),
            ..CompletionOptions::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

/// The folder the client opened: the first workspace folder, else the root.
#[allow(deprecated)]
fn workspace_folder(params: &InitializeParams) -> Option<std::path::PathBuf> {
    let first = params.workspace_folders.as_ref().and_then(|f| f.first()).map(|f| &f.uri);
    convert::uri_to_path(first.or(params.root_uri.as_ref())?)
}

struct Server<'c> {
    connection: &'c Connection,
    state: State,
    /// The last error shown, so that a broken configuration is shown once,
    /// not on every keystroke.
    last_error: Option<String>,
    next_id: i32,
}

/// A request's parameters, or the error response for them.
fn params<P: DeserializeOwned>(request: &Request) -> std::result::Result<P, Response> {
    serde_json::from_value(request.params.clone()).map_err(|e| {
        Response::new_err(request.id.clone(), ErrorCode::InvalidParams as i32, format!("invalid parameters: {e}"))
    })
}

fn ok<R: Serialize>(id: RequestId, result: R) -> Response {
    Response::new_ok(id, result)
}

impl Server<'_> {
    fn send(&self, message: Message) {
        // A client that went away ends the loop on its own.
        let _ = self.connection.sender.send(message);
    }

    fn notify<P: Serialize>(&self, method: &str, params: P) {
        self.send(Message::Notification(Notification::new(method.to_owned(), params)));
    }

    fn show_error(&mut self, error: String) {
        eprintln!("roadlint server: {error}");
        if self.last_error.as_ref() != Some(&error) {
            let params = ShowMessageParams { typ: MessageType::ERROR, message: format!("roadlint: {error}") };
            self.notify(ShowMessage::METHOD, params);
            self.last_error = Some(error);
        }
    }

    /// Asks the client to report changes to YAML files (configuration,
    /// roster, policies, documents changed outside the editor).
    fn register_watchers(&mut self) {
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*.{yaml,yml}".into()),
                kind: None,
            }],
        };
        let registration = Registration {
            id: "roadlint-watched-files".into(),
            method: DidChangeWatchedFiles::METHOD.into(),
            register_options: serde_json::to_value(options).ok(),
        };
        self.next_id += 1;
        let id = RequestId::from(format!("roadlint-{}", self.next_id));
        let params = RegistrationParams { registrations: vec![registration] };
        self.send(Message::Request(Request::new(id, RegisterCapability::METHOD.into(), params)));
    }

    /// Checks again and publishes what changed; `touched` are published
    /// whatever they hold.
    fn check(&mut self, touched: &[String]) {
        match self.state.check(touched) {
            Ok(publish) => {
                self.last_error = None;
                for p in publish {
                    let params =
                        PublishDiagnosticsParams { uri: p.uri, diagnostics: p.diagnostics, version: p.version };
                    self.notify(PublishDiagnostics::METHOD, params);
                }
            }
            Err(error) => self.show_error(error),
        }
    }

    /// A change to `path` outside the documents (configuration, policies)
    /// may change how everything is judged: start afresh.
    fn changed(&mut self, path: &str) {
        if !self.state.is_document(path) {
            self.state.reset();
        }
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) else { return };
                if !self.state.has_repository() {
                    let dir = convert::uri_to_path(&p.text_document.uri).and_then(|f| f.parent().map(Into::into));
                    if let Some(Err(error)) = dir.map(|d: std::path::PathBuf| self.state.open_repository(&d)) {
                        return self.show_error(error);
                    }
                }
                let Some(path) = self.state.relative(&p.text_document.uri) else { return };
                let doc =
                    Document { uri: p.text_document.uri, version: p.text_document.version, text: p.text_document.text };
                let changed = self.state.open.get(&path).is_none_or(|old| old.text != doc.text);
                self.state.open.insert(path.clone(), doc);
                if changed {
                    self.changed(&path);
                }
                self.check(&[path]);
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) else { return };
                let Some(path) = self.state.relative(&p.text_document.uri) else { return };
                let Some(doc) = self.state.open.get_mut(&path) else { return };
                for change in p.content_changes {
                    match change.range {
                        Some(range) => {
                            let start = convert::offset(&doc.text, range.start);
                            let end = convert::offset(&doc.text, range.end).max(start);
                            doc.text.replace_range(start..end, &change.text);
                        }
                        None => doc.text = change.text,
                    }
                }
                doc.version = p.text_document.version;
                self.changed(&path);
                self.check(&[path]);
            }
            DidCloseTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) else { return };
                let Some(path) = self.state.relative(&p.text_document.uri) else { return };
                self.state.open.remove(&path);
                self.changed(&path);
                self.check(&[]);
            }
            DidSaveTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidSaveTextDocumentParams>(n.params) else { return };
                let Some(path) = self.state.relative(&p.text_document.uri) else { return };
                self.changed(&path);
                self.check(&[]);
            }
            DidChangeWatchedFiles::METHOD => {
                let Ok(p) = serde_json::from_value::<DidChangeWatchedFilesParams>(n.params) else { return };
                for change in &p.changes {
                    match self.state.relative(&change.uri) {
                        Some(path) => self.changed(&path),
                        None => self.state.reset(),
                    }
                }
                self.check(&[]);
            }
            _ => {}
        }
    }

    fn request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        let answer = match request.method.as_str() {
            HoverRequest::METHOD => params(&request).map(|p| ok(id.clone(), self.hover(p))),
            GotoDefinition::METHOD => params(&request).map(|p| ok(id.clone(), self.definition(p))),
            References::METHOD => params(&request).map(|p| ok(id.clone(), self.references(p))),
            Completion::METHOD => params(&request).map(|p| ok(id.clone(), self.completion(p))),
            CodeActionRequest::METHOD => params(&request).map(|p| ok(id.clone(), self.code_actions(p))),
            other => {
                Err(Response::new_err(id.clone(), ErrorCode::MethodNotFound as i32, format!("unknown method {other}")))
            }
        };
        answer.unwrap_or_else(|error| error)
    }

    /// The id under the cursor: its file's index and the occurrence.
    fn occurrence(&self, uri: &Uri, pos: lsp_types::Position) -> Option<(usize, navigate::Occurrence)> {
        let path = self.state.relative(uri)?;
        let ws = self.state.workspace()?;
        let index = ws.files.iter().position(|f| f.path == path)?;
        let file = &ws.files[index];
        Some((index, navigate::at(file, convert::from_lsp(&file.text, pos))?))
    }

    fn location(&self, index: usize, span: crate::span::Span) -> Option<Location> {
        let ws = self.state.workspace()?;
        let file = ws.files.get(index)?;
        let uri = match self.state.open.get(&file.path) {
            Some(doc) => doc.uri.clone(),
            None => convert::path_to_uri(&self.state.root.join(&file.path))?,
        };
        Some(Location::new(uri, convert::range(&file.text, span)))
    }

    fn hover(&self, p: HoverParams) -> Option<Hover> {
        let at = p.text_document_position_params;
        let (index, o) = self.occurrence(&at.text_document.uri, at.position)?;
        let ws = self.state.workspace()?;
        let file = ws.files.get(index)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: navigate::hover(ws, o.kind, &o.id),
            }),
            range: Some(convert::range(&file.text, file.span(&o.pointer))),
        })
    }

    fn definition(&self, p: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
        let at = p.text_document_position_params;
        let (_, o) = self.occurrence(&at.text_document.uri, at.position)?;
        let (index, span) = navigate::definition(self.state.workspace()?, o.kind, &o.id)?;
        Some(GotoDefinitionResponse::Scalar(self.location(index, span)?))
    }

    fn references(&self, p: ReferenceParams) -> Option<Vec<Location>> {
        let at = p.text_document_position;
        let (_, o) = self.occurrence(&at.text_document.uri, at.position)?;
        let found = navigate::references(self.state.workspace()?, o.kind, &o.id, p.context.include_declaration);
        Some(found.into_iter().filter_map(|(index, span)| self.location(index, span)).collect())
    }

    fn completion(&self, p: CompletionParams) -> Option<CompletionResponse> {
        let at = p.text_document_position;
        let path = self.state.relative(&at.text_document.uri)?;
        let text = self.state.text(&path)?;
        Some(CompletionResponse::Array(complete::complete(self.state.workspace(), text, at.position)))
    }

    /// The fixes `--fix` would apply to diagnostics in the range, as edits.
    fn code_actions(&self, p: CodeActionParams) -> Vec<CodeActionOrCommand> {
        let Some(path) = self.state.relative(&p.text_document.uri) else { return Vec::new() };
        let texts = self.state.texts();
        let overlaps = |r: &lsp_types::Range| r.start <= p.range.end && p.range.start <= r.end;
        let mut out = Vec::new();
        for d in self.state.diagnostics().iter().filter(|d| d.file == path) {
            let Some(fix) = &d.fix else { continue };
            if !overlaps(&texts.range(&path, d.span)) {
                continue;
            }
            let edit = TextEdit::new(texts.range(&path, fix.span), fix.replacement.clone());
            // lsp-types keys edits by Uri, whose parsed form caches
            // lazily; it is never mutated through the map.
            #[allow(clippy::mutable_key_type)]
            let changes = HashMap::from([(p.text_document.uri.clone(), vec![edit])]);
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostics::convert(d, &texts)]),
                edit: Some(WorkspaceEdit::new(changes)),
                is_preferred: Some(true),
                ..CodeAction::default()
            }));
        }
        out
    }
}
