//! The first-parent history of a commit, as changes to proposals: each
//! commit's tree is compared with the one before it (tree to tree, never a
//! checkout), renames are found as git's default rename detection finds
//! them, and only blobs whose id changed are parsed — each blob once.

use crate::check::config::Config;
use crate::error::{Result, RunError};
use crate::model::outcome::OutcomeResult;
use crate::model::{Status, parse_date};
use git2::{Delta, DiffFindOptions, DiffOptions, ObjectType, Oid, Repository, Sort};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use time::Date;

/// What the history reads from one version of a proposal, leniently: a
/// field with the wrong shape is absent (the history judges no documents).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Version {
    pub id: String,
    pub title: Option<String>,
    pub status: Option<Status>,
    pub effort: Option<f64>,
    pub actual_effort: Option<f64>,
    pub reviewed_on: Option<Date>,
    pub result: Option<OutcomeResult>,
}

impl Version {
    /// A proposal's version from its parsed document; `None` for any other
    /// document, or one without an id.
    pub fn of(value: &Value) -> Option<Version> {
        if value.get("kind").and_then(Value::as_str) != Some("Proposal") {
            return None;
        }
        let text = |pointer: &str| value.pointer(pointer).and_then(Value::as_str).map(str::trim);
        let positive = |pointer: &str| value.pointer(pointer).and_then(Value::as_f64).filter(|n| *n > 0.0);
        Some(Version {
            id: text("/id").filter(|id| !crate::model::is_placeholder(id))?.to_owned(),
            title: text("/title").map(str::to_owned),
            status: text("/status").and_then(Status::parse),
            effort: positive("/estimate/effort"),
            actual_effort: positive("/outcome/actual_effort"),
            reviewed_on: text("/outcome/reviewed_on").and_then(parse_date),
            result: text("/outcome/result").and_then(OutcomeResult::parse),
        })
    }
}

/// What one commit changed, in the order it happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// The proposal's status at this commit; `None` once no file holds it.
    Status(String, Option<Status>),
    /// A renamed file's id changed: the history of `from` continues as `to`.
    Renamed { from: String, to: String },
}

/// One commit of the walk that changed some proposal.
#[derive(Debug, Clone)]
pub struct Step {
    pub date: Date,
    pub changes: Vec<Change>,
}

/// The walk: the steps, and each proposal's last version.
#[derive(Debug, Default)]
pub struct Walked {
    pub steps: Vec<Step>,
    /// Every id the walk saw, with its last version (the head's when the
    /// proposal is still there).
    pub latest: HashMap<String, Arc<Version>>,
    /// Commits walked (after `--since`).
    pub commits: usize,
    pub first: Option<Date>,
    pub last: Option<Date>,
}

/// A commit's committer date, in UTC.
pub fn commit_date(commit: &git2::Commit<'_>) -> Option<Date> {
    time::OffsetDateTime::from_unix_timestamp(commit.committer().when().seconds()).ok().map(|t| t.date())
}

fn git_error(e: git2::Error) -> RunError {
    RunError::new(format!("cannot read the history: {}", e.message()))
        .hint("a shallow clone lacks the history; fetch it (actions/checkout with fetch-depth: 0)")
}

/// Walks the first-parent history of `head`, oldest first, from `since` on.
pub fn walk(git: &Repository, head: Oid, config: &Config, since: Option<Date>) -> Result<Walked> {
    // Each object is read once or twice here: libgit2's object cache would
    // only hold on to every blob of the history (hundreds of megabytes).
    git2::opts::enable_caching(false);
    let mut revwalk = git.revwalk().map_err(git_error)?;
    revwalk.push(head).map_err(git_error)?;
    revwalk.simplify_first_parent().map_err(git_error)?;
    revwalk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE).map_err(git_error)?;
    let mut state = State { config: Some(config), git: Some(git), ..State::default() };
    let mut walked = Walked::default();
    let mut previous: Option<git2::Tree<'_>> = None;
    for oid in revwalk {
        let commit = git.find_commit(oid.map_err(git_error)?).map_err(git_error)?;
        let Some(date) = commit_date(&commit) else { continue };
        if since.is_some_and(|since| date < since) {
            continue;
        }
        let tree = commit.tree().map_err(git_error)?;
        let changes = state.apply(previous.as_ref(), &tree)?;
        walked.commits += 1;
        walked.first.get_or_insert(date);
        walked.last = Some(date);
        if !changes.is_empty() {
            walked.steps.push(Step { date, changes });
        }
        previous = Some(tree);
    }
    walked.latest = state.latest;
    Ok(walked)
}

/// A file whose blob differs between two trees: `None` where it is absent.
struct FileChange {
    path: String,
    old: Option<Oid>,
    new: Option<Oid>,
}

/// The entries of a tree that are files (blobs, not links) or folders.
fn entries(tree: Option<&git2::Tree<'_>>) -> BTreeMap<String, (Oid, bool)> {
    let mut out = BTreeMap::new();
    for entry in tree.into_iter().flat_map(|t| t.iter()) {
        let (Some(name), Some(kind)) = (entry.name().ok(), entry.kind()) else { continue };
        match kind {
            ObjectType::Tree => out.insert(name.to_owned(), (entry.id(), true)),
            ObjectType::Blob if entry.filemode() != 0o120000 => out.insert(name.to_owned(), (entry.id(), false)),
            _ => None,
        };
    }
    out
}

/// The files that differ between two trees, under `prefix`. Folders with
/// the same id are skipped whole: a commit costs what it changed, not the
/// size of the tree (libgit2's tree-to-tree diff walks every entry).
fn blob_changes(
    git: &Repository,
    before: Option<&git2::Tree<'_>>,
    after: Option<&git2::Tree<'_>>,
    prefix: &str,
    out: &mut Vec<FileChange>,
) -> std::result::Result<(), git2::Error> {
    let (old, new) = (entries(before), entries(after));
    let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for name in names {
        let (a, b) = (old.get(name).copied(), new.get(name).copied());
        if a == b {
            continue;
        }
        let path = format!("{prefix}{name}");
        let tree = |side: Option<(Oid, bool)>| match side {
            Some((oid, true)) => git.find_tree(oid).map(Some),
            _ => Ok(None),
        };
        let blob = |side: Option<(Oid, bool)>| side.filter(|(_, is_tree)| !is_tree).map(|(oid, _)| oid);
        let (old_tree, new_tree) = (tree(a)?, tree(b)?);
        if old_tree.is_some() || new_tree.is_some() {
            blob_changes(git, old_tree.as_ref(), new_tree.as_ref(), &format!("{path}/"), out)?;
        }
        if blob(a).is_some() || blob(b).is_some() {
            out.push(FileChange { path, old: blob(a), new: blob(b) });
        }
    }
    Ok(())
}

/// Renames among the files a commit added and deleted, old path → new
/// path, as git's default rename detection finds them (exact, or at least
/// 50% similar); asked of libgit2 for those paths alone.
fn renames(
    git: &Repository,
    before: Option<&git2::Tree<'_>>,
    after: &git2::Tree<'_>,
    files: &[FileChange],
) -> Result<Vec<(String, String)>> {
    let added = files.iter().any(|f| f.old.is_none());
    let deleted = files.iter().any(|f| f.new.is_none());
    if !(added && deleted) {
        return Ok(Vec::new());
    }
    let mut options = DiffOptions::new();
    for file in files.iter().filter(|f| f.old.is_none() || f.new.is_none()) {
        options.pathspec(&file.path);
    }
    options.disable_pathspec_match(true);
    let mut diff = git.diff_tree_to_tree(before, Some(after), Some(&mut options)).map_err(git_error)?;
    // git's default rename detection, whatever `diff.renames` says.
    diff.find_similar(Some(DiffFindOptions::new().renames(true))).map_err(git_error)?;
    let path = |file: git2::DiffFile<'_>| file.path().and_then(|p| p.to_str()).map(str::to_owned);
    Ok(diff
        .deltas()
        .filter(|d| d.status() == Delta::Renamed)
        .filter_map(|d| Some((path(d.old_file())?, path(d.new_file())?)))
        .collect())
}

/// The proposals at the commit being walked.
#[derive(Default)]
struct State<'a> {
    config: Option<&'a Config>,
    git: Option<&'a Repository>,
    /// Parsed blobs: a blob's version is read once, however often it appears.
    cache: HashMap<Oid, Option<Arc<Version>>>,
    /// Path → the version there.
    files: HashMap<String, Arc<Version>>,
    /// Id → the paths that hold it (a duplicate id has several).
    holders: HashMap<String, BTreeSet<String>>,
    /// Id → its status as last reported.
    reported: HashMap<String, Option<Status>>,
    latest: HashMap<String, Arc<Version>>,
}

impl<'a> State<'a> {
    /// Applies the change from `before` to `after`; returns what it did to proposals.
    fn apply(&mut self, before: Option<&git2::Tree<'_>>, after: &git2::Tree<'_>) -> Result<Vec<Change>> {
        let (Some(git), Some(config)) = (self.git, self.config) else { return Ok(Vec::new()) };
        let mut files = Vec::new();
        blob_changes(git, before, Some(after), "", &mut files).map_err(git_error)?;
        files.retain(|f| config.matches(&f.path));
        let renames = renames(git, before, after, &files)?;
        let mut touched: Vec<String> = Vec::new();
        let mut changes = Vec::new();
        for (from, to) in &renames {
            let gone = self.remove(from);
            let came = files
                .iter()
                .find(|f| f.path == *to)
                .and_then(|f| f.new)
                .and_then(|blob| self.insert(git, config, to.clone(), blob));
            if let (Some(from), Some(to)) = (&gone, &came)
                && from != to
            {
                changes.push(Change::Renamed { from: from.clone(), to: to.clone() });
            }
            touched.extend(gone.into_iter().chain(came));
        }
        let renamed = |path: &str| renames.iter().any(|(from, to)| from == path || to == path);
        for file in files.iter().filter(|f| !renamed(&f.path)) {
            // Deleted, added or modified: the old version goes, the new one comes.
            if file.old.is_some() {
                touched.extend(self.remove(&file.path));
            }
            if let Some(blob) = file.new {
                touched.extend(self.insert(git, config, file.path.clone(), blob));
            }
        }
        touched.sort_unstable();
        touched.dedup();
        for id in touched {
            // Present (with its status, `None` when not a valid one) or gone.
            // Of several files with one id, the first in path order speaks for it.
            let now =
                self.holders.get(&id).and_then(|paths| paths.first()).and_then(|p| self.files.get(p)).map(|v| v.status);
            if self.reported.get(&id).copied() == now {
                continue;
            }
            changes.push(Change::Status(id.clone(), now.flatten()));
            match now {
                Some(status) => self.reported.insert(id, status),
                None => self.reported.remove(&id),
            };
        }
        Ok(changes)
    }

    /// Takes the file at `path` away; returns the id it held.
    fn remove(&mut self, path: &str) -> Option<String> {
        let version = self.files.remove(path)?;
        if let Some(paths) = self.holders.get_mut(&version.id) {
            paths.remove(path);
        }
        Some(version.id.clone())
    }

    /// Puts a blob at `path`; returns the proposal id it holds.
    fn insert(&mut self, git: &Repository, config: &Config, path: String, blob: Oid) -> Option<String> {
        let version = self
            .cache
            .entry(blob)
            .or_insert_with(|| {
                let blob = git.find_blob(blob).ok()?;
                if blob.size() as u64 > config.limits.max_file_bytes {
                    return None;
                }
                let parsed = crate::parse::parse(blob.content(), &config.limits).document?;
                Version::of(&parsed.value).map(Arc::new)
            })
            .clone()?;
        let id = version.id.clone();
        self.holders.entry(id.clone()).or_default().insert(path.clone());
        self.latest.insert(id.clone(), version.clone());
        self.files.insert(path, version);
        Some(id)
    }
}
