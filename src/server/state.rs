//! What the server knows: the repository, the open buffers, and the last
//! check of the working tree with those buffers in place of their files.

use super::diagnostics::{self, Texts};
use crate::check::Kept;
use crate::model::Workspace;
use crate::session::{Request, Roadmap, Session};
use crate::source::{Overlay, Repo, Revision};
use lsp_types::Uri;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// An open buffer.
pub struct Document {
    pub uri: Uri,
    pub version: i32,
    pub text: String,
}

/// Diagnostics to send for one file.
pub struct Publish {
    pub uri: Uri,
    pub version: Option<i32>,
    pub diagnostics: Vec<lsp_types::Diagnostic>,
}

pub struct State {
    /// The repository of the workspace folder (or of the first file opened).
    repo: Option<Repo>,
    /// Its working tree, canonical: URIs are made from it.
    pub root: PathBuf,
    request: Request,
    /// Open buffers by repository-relative path.
    pub open: HashMap<String, Document>,
    /// Configuration and policies, kept until a file that is not one of
    /// the roadmap's documents changes (configuration, policies).
    roadmap: Option<Roadmap>,
    /// The last check: what hover, definition and completion answer from,
    /// and what the next check reuses unchanged documents from.
    kept: Option<Kept>,
    /// What was last published, by path.
    published: HashMap<String, Vec<lsp_types::Diagnostic>>,
}

impl State {
    pub fn new(today: String) -> State {
        State {
            repo: None,
            root: PathBuf::new(),
            request: Request {
                start: PathBuf::new(),
                head: Revision::Worktree,
                base: None,
                config: None,
                today,
                commands: Vec::new(),
            },
            open: HashMap::new(),
            roadmap: None,
            kept: None,
            published: HashMap::new(),
        }
    }

    /// Opens the repository around `dir`, once: later calls keep the first.
    pub fn open_repository(&mut self, dir: &Path) -> Result<(), String> {
        if self.repo.is_some() {
            return Ok(());
        }
        let repo = Repo::discover(dir).map_err(|e| e.to_string())?;
        let Some(workdir) = repo.workdir.clone() else {
            return Err(format!("{} is in a bare repository: there is no working tree to check", dir.display()));
        };
        self.root = workdir.canonicalize().unwrap_or(workdir);
        self.request.start = dir.to_path_buf();
        self.repo = Some(repo);
        Ok(())
    }

    pub fn has_repository(&self) -> bool {
        self.repo.is_some()
    }

    /// The repository-relative path of a file URI inside the working tree.
    pub fn relative(&self, uri: &Uri) -> Option<String> {
        let path = super::convert::uri_to_path(uri)?;
        let path = match path.parent().and_then(|p| p.canonicalize().ok()) {
            Some(parent) => parent.join(path.file_name()?),
            None => path,
        };
        let rel = path.strip_prefix(&self.root).ok()?;
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        let rel = parts?.join("/");
        (!rel.is_empty()).then_some(rel)
    }

    /// The workspace of the last check.
    pub fn workspace(&self) -> Option<&Workspace> {
        self.kept.as_ref().map(|k| &k.outcome.workspace)
    }

    /// The diagnostics of the last check.
    pub fn diagnostics(&self) -> &[crate::diagnostic::Diagnostic] {
        self.kept.as_ref().map_or(&[], |k| &k.outcome.diagnostics)
    }

    /// Whether `path` is one of the roadmap's documents (else, a change to
    /// it may change the configuration or the policies).
    pub fn is_document(&self, path: &str) -> bool {
        self.workspace().is_some_and(|ws| ws.files.iter().any(|f| f.path == path))
    }

    /// Forgets the configuration and the policies: the next check reads
    /// them again and parses every document afresh (the last check still
    /// answers requests until then, even when the configuration is broken).
    pub fn reset(&mut self) {
        self.roadmap = None;
    }

    /// Checks the working tree with the open buffers in place, and returns
    /// what to publish: every file whose diagnostics changed (cleared when
    /// it has none left), and the files in `touched` whatever they hold.
    pub fn check(&mut self, touched: &[String]) -> Result<Vec<Publish>, String> {
        let Some(repo) = &self.repo else { return Ok(Vec::new()) };
        let overlay: Overlay =
            Arc::new(self.open.iter().map(|(path, doc)| (path.clone(), doc.text.as_bytes().to_vec())).collect());
        let session = Session::overlaid(repo, &self.request, overlay).map_err(|e| e.to_string())?;
        // Documents parsed under another configuration (its limits) are not reused.
        let fresh = self.roadmap.is_none();
        if fresh {
            self.roadmap = Some(session.roadmap().map_err(|e| e.to_string())?);
        }
        let Some(roadmap) = &self.roadmap else { return Ok(Vec::new()) };
        let previous = if fresh { None } else { self.kept.as_ref() };
        let kept = session.recheck(roadmap, previous).map_err(|e| e.to_string())?;
        drop(session);
        let old = self.kept.replace(kept);
        // Freeing the previous documents need not delay the answer.
        crate::model::drop_in_background(old);
        Ok(self.publishable(touched))
    }

    fn publishable(&mut self, touched: &[String]) -> Vec<Publish> {
        let Some(kept) = &self.kept else { return Vec::new() };
        let ws = &kept.outcome.workspace;
        let texts =
            Texts { root: &self.root, by_path: ws.files.iter().map(|f| (f.path.as_str(), f.text.as_str())).collect() };
        let mut now: HashMap<String, Vec<lsp_types::Diagnostic>> = HashMap::new();
        for d in &kept.outcome.diagnostics {
            now.entry(d.file.clone()).or_default().push(diagnostics::convert(d, &texts));
        }
        let paths: BTreeSet<String> = now.keys().chain(self.published.keys()).chain(touched.iter()).cloned().collect();
        let mut out = Vec::new();
        for path in paths {
            let fresh = now.remove(&path).unwrap_or_default();
            let before = self.published.get(&path);
            let unchanged = before.map_or(fresh.is_empty(), |b| b == &fresh);
            if unchanged && !touched.contains(&path) {
                continue;
            }
            let Some(uri) = self.open.get(&path).map(|d| d.uri.clone()).or_else(|| texts.uri(&path)) else { continue };
            let version = self.open.get(&path).map(|d| d.version);
            out.push(Publish { uri, version, diagnostics: fresh.clone() });
            if fresh.is_empty() {
                self.published.remove(&path);
            } else {
                self.published.insert(path, fresh);
            }
        }
        out
    }

    /// The text of a file as the last check read it (an open buffer's,
    /// else the working tree's).
    pub fn text(&self, path: &str) -> Option<&str> {
        if let Some(doc) = self.open.get(path) {
            return Some(&doc.text);
        }
        self.workspace()?.files.iter().find(|f| f.path == path).map(|f| f.text.as_str())
    }

    /// Texts for converting positions, from the last check.
    pub fn texts(&self) -> Texts<'_> {
        let by_path = match self.workspace() {
            Some(ws) => ws.files.iter().map(|f| (f.path.as_str(), f.text.as_str())).collect(),
            None => HashMap::new(),
        };
        Texts { root: &self.root, by_path }
    }
}
