//! Where documents come from: a revision's tree, the index, or the working
//! tree — always through git, so ignored files stay out and `--staged` sees
//! exactly what a commit would contain.

mod history;
mod index;
mod rev;
mod worktree;

use crate::error::{Result, RunError};
use git2::{ObjectType, Oid, Repository};
use std::path::{Path, PathBuf};

/// Which version of the repository's files to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revision {
    /// The working tree, minus what git ignores.
    Worktree,
    /// The index: what the next commit would contain.
    Index,
    /// A revision's tree, in any syntax git accepts.
    Rev(String),
}

/// An opened repository and where, inside it, the run started.
pub struct Repo {
    pub git: Repository,
    /// The working directory; `None` in a bare repository.
    pub workdir: Option<PathBuf>,
    /// The start directory relative to the working directory (`a/b`, or empty).
    pub prefix: String,
}

impl Repo {
    /// Opens the repository that contains `dir`, as git does.
    pub fn discover(dir: &Path) -> Result<Repo> {
        let git = Repository::discover(dir).map_err(|e| {
            RunError::new(format!("{} is not inside a git repository", dir.display()))
                .hint(format!(
                    "run roadlint inside a git repository, or point at one with -C DIR ({})",
                    e.message()
                ))
        })?;
        let workdir = git.workdir().map(Path::to_path_buf);
        let prefix = match &workdir {
            Some(root) => relative_prefix(root, dir),
            None => String::new(),
        };
        Ok(Repo {
            git,
            workdir,
            prefix,
        })
    }

    /// Opens a snapshot of the files at `revision`.
    pub fn snapshot(&self, revision: &Revision) -> Result<Snapshot<'_>> {
        let inner = match revision {
            Revision::Rev(spec) => Inner::Tree(rev::open(&self.git, spec)?),
            Revision::Index => Inner::Index(index::open(&self.git)?),
            Revision::Worktree => {
                let Some(root) = self.workdir.clone() else {
                    return Err(RunError::new("this is a bare repository: it has no working tree")
                        .hint("pass --rev REV (for example --rev HEAD) to check a revision"));
                };
                Inner::Worktree(worktree::Worktree::open(&self.git, root)?)
            }
        };
        Ok(Snapshot {
            repo: &self.git,
            inner,
        })
    }

    /// The commit a snapshot's files derive from, for merge bases: the
    /// revision's commit, or HEAD for the index and the working tree.
    pub fn head_commit(&self, revision: &Revision) -> Result<Oid> {
        let spec = match revision {
            Revision::Rev(spec) => spec.as_str(),
            Revision::Index | Revision::Worktree => "HEAD",
        };
        rev::commit(&self.git, spec).map(|c| c.id())
    }
}

fn relative_prefix(root: &Path, dir: &Path) -> String {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    dir.strip_prefix(&root)
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_default()
}

/// One file a snapshot holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Repository-relative, `/`-separated.
    pub path: String,
    /// The blob id when git already knows it (tree and index).
    pub blob: Option<Oid>,
    pub kind: EntryKind,
}

/// What kind of file an entry is; only regular files are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Symlink,
    Submodule,
}

/// What reading one file gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    Bytes(Vec<u8>),
    /// Larger than the limit: not read at all.
    TooLarge(u64),
}

/// A read-only view of the files at one revision.
pub struct Snapshot<'r> {
    repo: &'r Repository,
    inner: Inner<'r>,
}

enum Inner<'r> {
    Tree(git2::Tree<'r>),
    Index(git2::Index),
    Worktree(worktree::Worktree),
}

impl Snapshot<'_> {
    /// Every file under the folder `under` (repository-relative, empty for all).
    pub fn list(&self, under: &str) -> Result<Vec<Entry>> {
        match &self.inner {
            Inner::Tree(tree) => rev::list(self.repo, tree, under),
            Inner::Index(index) => Ok(index::list(index, under)),
            Inner::Worktree(worktree) => worktree.list(self.repo, under),
        }
    }

    /// Whether a regular file exists at `path`.
    pub fn exists(&self, path: &str) -> bool {
        match &self.inner {
            Inner::Tree(tree) => tree
                .get_path(Path::new(path))
                .is_ok_and(|e| e.kind() == Some(ObjectType::Blob)),
            Inner::Index(index) => index.get_path(Path::new(path), 0).is_some(),
            Inner::Worktree(worktree) => worktree.exists(path),
        }
    }

    /// Reads one entry, refusing files over `max_bytes` without reading them.
    pub fn read(&self, entry: &Entry, max_bytes: u64) -> Result<Content> {
        match (&self.inner, entry.blob) {
            (Inner::Worktree(worktree), _) => worktree.read(&entry.path, max_bytes),
            (_, Some(oid)) => read_blob(self.repo, oid, &entry.path, max_bytes),
            (_, None) => Err(RunError::new(format!("no object for {}", entry.path))),
        }
    }

    /// Reads a file by path (configuration, policies); `None` when absent.
    pub fn read_path(&self, path: &str, max_bytes: u64) -> Result<Option<Content>> {
        let blob = match &self.inner {
            Inner::Tree(tree) => match tree.get_path(Path::new(path)) {
                Ok(entry) if entry.kind() == Some(ObjectType::Blob) => entry.id(),
                _ => return Ok(None),
            },
            Inner::Index(index) => match index.get_path(Path::new(path), 0) {
                Some(entry) => entry.id,
                None => return Ok(None),
            },
            Inner::Worktree(worktree) => {
                if !worktree.exists(path) {
                    return Ok(None);
                }
                return worktree.read(path, max_bytes).map(Some);
            }
        };
        read_blob(self.repo, blob, path, max_bytes).map(Some)
    }
}

fn read_blob(repo: &Repository, oid: Oid, path: &str, max_bytes: u64) -> Result<Content> {
    let unreadable = |e: git2::Error| {
        RunError::new(format!("cannot read {path} (object {oid}): {}", e.message()))
            .hint("the repository may be incomplete (a shallow or partial clone); fetch the missing objects")
    };
    let odb = repo.odb().map_err(unreadable)?;
    let (size, _) = odb.read_header(oid).map_err(unreadable)?;
    if size as u64 > max_bytes {
        return Ok(Content::TooLarge(size as u64));
    }
    let blob = repo.find_blob(oid).map_err(unreadable)?;
    Ok(Content::Bytes(blob.content().to_vec()))
}

/// Whether a repository-relative path lies under the folder `under`.
fn is_under(path: &str, under: &str) -> bool {
    under.is_empty()
        || path
            .strip_prefix(under)
            .is_some_and(|rest| rest.starts_with('/'))
}
