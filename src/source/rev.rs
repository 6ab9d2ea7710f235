//! A revision's tree (`--rev`); works in bare repositories.

use super::{Entry, EntryKind, is_under};
use crate::error::{Result, RunError};
use git2::{Commit, ErrorCode, ObjectType, Repository, TreeWalkMode, TreeWalkResult};

/// Resolves a revision to its commit.
pub fn commit<'r>(repo: &'r Repository, spec: &str) -> Result<Commit<'r>> {
    let object = repo.revparse_single(spec).map_err(|e| unknown_revision(repo, spec, &e))?;
    object.peel_to_commit().map_err(|e| {
        RunError::new(format!("`{spec}` does not name a commit: {}", e.message())).hint("pass a commit, branch or tag")
    })
}

pub fn open<'r>(repo: &'r Repository, spec: &str) -> Result<git2::Tree<'r>> {
    let object = repo.revparse_single(spec).map_err(|e| unknown_revision(repo, spec, &e))?;
    object.peel_to_tree().map_err(|e| {
        RunError::new(format!("`{spec}` does not name a commit or tree: {}", e.message()))
            .hint("pass a commit, branch, tag or tree")
    })
}

fn unknown_revision(repo: &Repository, spec: &str, error: &git2::Error) -> RunError {
    let unborn = matches!(repo.head(), Err(e) if e.code() == ErrorCode::UnbornBranch);
    let why = if unborn && spec.starts_with("HEAD") {
        Some("the current branch has no commits yet")
    } else if repo.is_empty().unwrap_or(false) {
        Some("the repository has no commits yet")
    } else {
        None
    };
    if let Some(why) = why {
        return RunError::new(format!("`{spec}` names no commit: {why}")).hint(NO_COMMITS_HINT);
    }
    let hint = if repo.is_shallow() {
        "this is a shallow clone that may lack it: fetch more history (actions/checkout with fetch-depth: 0)"
    } else {
        "check the name with `git rev-parse`; a branch from a remote may need `git fetch`"
    };
    RunError::new(format!("unknown revision `{spec}`: {}", error.message())).hint(hint)
}

/// What to do in a repository without commits, where no revision resolves.
pub const NO_COMMITS_HINT: &str = "commit first; until then, check the working tree (no --rev) or the index \
     (--staged); --rev and --base need a commit";

pub fn list(_repo: &Repository, tree: &git2::Tree<'_>, under: &str) -> Result<Vec<Entry>> {
    let mut entries = Vec::new();
    let mut failure = None;
    let walked = tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
        let Ok(name) = entry.name() else {
            return TreeWalkResult::Skip;
        };
        let path = format!("{dir}{name}");
        let kind = match (entry.kind(), entry.filemode()) {
            (Some(ObjectType::Tree), _) => {
                let inside = is_under(&path, under) || is_under(under, &path) || under == path;
                return if inside { TreeWalkResult::Ok } else { TreeWalkResult::Skip };
            }
            (Some(ObjectType::Blob), 0o120000) => EntryKind::Symlink,
            (Some(ObjectType::Blob), _) => EntryKind::File,
            (Some(ObjectType::Commit), _) => EntryKind::Submodule,
            _ => {
                failure = Some(path);
                return TreeWalkResult::Skip;
            }
        };
        if is_under(&path, under) {
            entries.push(Entry { path, blob: Some(entry.id()), kind });
        }
        TreeWalkResult::Ok
    });
    let incomplete = "the repository may be incomplete (a shallow or partial clone); fetch the missing objects";
    walked.map_err(|e| RunError::new(format!("cannot walk the tree: {}", e.message())).hint(incomplete))?;
    if let Some(path) = failure {
        return Err(RunError::new(format!("cannot read tree entry {path}")).hint(incomplete));
    }
    Ok(entries)
}
