//! A revision's tree (`--rev`); works in bare repositories.

use super::{Entry, EntryKind, is_under};
use crate::error::{Result, RunError};
use git2::{Commit, ErrorCode, ObjectType, Repository};

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

/// Every entry of `tree` under the folder `under`, read by raw name so that
/// a path that is not UTF-8 is listed (and reported), not skipped.
pub fn list(repo: &Repository, tree: &git2::Tree<'_>, under: &str) -> Result<Vec<Entry>> {
    let incomplete = "the repository may be incomplete (a shallow or partial clone); fetch the missing objects";
    let mut entries = Vec::new();
    // (folder path as bytes, with a trailing slash unless empty; its tree)
    let mut pending: Vec<(Vec<u8>, git2::Tree<'_>)> = vec![(Vec::new(), tree.clone())];
    while let Some((folder, tree)) = pending.pop() {
        for entry in tree.iter() {
            let mut path = folder.clone();
            path.extend_from_slice(entry.name_bytes());
            let kind = match (entry.kind(), entry.filemode()) {
                (Some(ObjectType::Tree), _) => {
                    let name = String::from_utf8_lossy(&path);
                    if is_under(&name, under) || is_under(under, &name) || under == name {
                        let subtree = repo.find_tree(entry.id()).map_err(|e| {
                            RunError::new(format!("cannot read the folder {name}: {}", e.message())).hint(incomplete)
                        })?;
                        path.push(b'/');
                        pending.push((path, subtree));
                    }
                    continue;
                }
                (Some(ObjectType::Blob), 0o120000) => EntryKind::Symlink,
                (Some(ObjectType::Blob), _) => EntryKind::File,
                (Some(ObjectType::Commit), _) => EntryKind::Submodule,
                _ => {
                    let name = String::from_utf8_lossy(&path);
                    return Err(RunError::new(format!("cannot read tree entry {name}")).hint(incomplete));
                }
            };
            let entry = Entry::from_bytes(&path, Some(entry.id()), kind);
            if is_under(&entry.path, under) {
                entries.push(entry);
            }
        }
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(entries)
}
