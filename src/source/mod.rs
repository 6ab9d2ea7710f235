//! Where documents come from: a revision's tree, the index, or the working
//! tree — always through git, so ignored files stay out and `--staged` sees
//! exactly what a commit would contain.

mod history;
mod index;
mod rev;
mod worktree;

pub use worktree::{Overlay, Stamp};

use crate::error::{Result, RunError};
use git2::{ErrorCode, ObjectType, Oid, Repository, RepositoryOpenFlags};
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
    /// Opens the repository that contains `dir`, as git does, honouring
    /// `GIT_DIR`, `GIT_WORK_TREE`, `GIT_INDEX_FILE` and
    /// `GIT_CEILING_DIRECTORIES` from the environment.
    pub fn discover(dir: &Path) -> Result<Repo> {
        Repo::open(dir, &GitEnvironment::of_process())
    }

    /// Opens the repository that contains `dir` under the given git
    /// environment. Relative paths in it are relative to `dir`, as they are
    /// to the directory `git -C` changes to.
    pub fn open(dir: &Path, env: &GitEnvironment) -> Result<Repo> {
        // git itself does not re-hash objects it reads (only `git fsck`
        // does); libgit2 would, by default, spending a SHA-1 over every
        // document on every run.
        git2::opts::strict_hash_verification(false);
        let resolve = |path: &PathBuf| dir.join(path);
        let git = match &env.git_dir {
            Some(git_dir) => Repository::open_ext(resolve(git_dir), RepositoryOpenFlags::NO_SEARCH, NO_CEILING)
                .map_err(|e| open_error(&resolve(git_dir), &e))?,
            None => {
                let ceilings: Vec<PathBuf> = env.ceilings.iter().map(resolve).collect();
                Repository::open_ext(dir, RepositoryOpenFlags::empty(), &ceilings).map_err(|e| open_error(dir, &e))?
            }
        };
        // With GIT_DIR but neither GIT_WORK_TREE nor core.worktree, git takes
        // the current directory as the top of the working tree (a linked
        // worktree's git folder names its own).
        let work_tree = match (&env.work_tree, &env.git_dir) {
            (Some(work_tree), _) => Some(resolve(work_tree)),
            (None, Some(_)) if !git.is_bare() && !git.is_worktree() && !has_core_worktree(&git) => {
                Some(dir.to_path_buf())
            }
            _ => None,
        };
        if let Some(work_tree) = work_tree {
            git.set_workdir(&work_tree, false).map_err(|e| {
                RunError::new(format!("cannot use {} as the working tree: {}", work_tree.display(), e.message()))
                    .hint("check GIT_WORK_TREE")
            })?;
        }
        if let Some(index_file) = &env.index_file {
            let path = resolve(index_file);
            let mut index = git2::Index::open(&path).map_err(|e| {
                RunError::new(format!("cannot read the index {} (GIT_INDEX_FILE): {}", path.display(), e.message()))
                    .hint("check GIT_INDEX_FILE; inside a git hook git sets it to the index being committed")
            })?;
            git.set_index(&mut index)
                .map_err(|e| RunError::new(format!("cannot use the index {}: {}", path.display(), e.message())))?;
        }
        let workdir = git.workdir().map(Path::to_path_buf);
        let prefix = match &workdir {
            Some(root) => relative_prefix(root, dir),
            None => String::new(),
        };
        Ok(Repo { git, workdir, prefix })
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
        Ok(Snapshot { repo: &self.git, inner })
    }

    /// The working tree with the given texts in place of the files at their
    /// paths: what an editor shows, unsaved buffers included.
    pub fn overlaid(&self, overlay: Overlay) -> Result<Snapshot<'_>> {
        let Some(root) = self.workdir.clone() else {
            return Err(RunError::new("this is a bare repository: it has no working tree"));
        };
        Ok(Snapshot {
            repo: &self.git,
            inner: Inner::Worktree(worktree::Worktree::overlaid(&self.git, root, overlay)?),
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

/// The environment variables through which git (or a git hook) tells its
/// subprocesses which repository, working tree and index to use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GitEnvironment {
    pub git_dir: Option<PathBuf>,
    pub work_tree: Option<PathBuf>,
    /// The index to read: in a pre-commit hook for `git commit -a` or
    /// `git commit PATH`, a temporary one holding what is being committed.
    pub index_file: Option<PathBuf>,
    pub ceilings: Vec<PathBuf>,
}

impl GitEnvironment {
    /// What this process's environment says (empty values count as unset).
    pub fn of_process() -> GitEnvironment {
        let path = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        let ceilings = std::env::var_os("GIT_CEILING_DIRECTORIES")
            .map(|v| std::env::split_paths(&v).filter(|p| !p.as_os_str().is_empty()).collect())
            .unwrap_or_default();
        GitEnvironment {
            git_dir: path("GIT_DIR"),
            work_tree: path("GIT_WORK_TREE"),
            index_file: path("GIT_INDEX_FILE"),
            ceilings,
        }
    }
}

const NO_CEILING: &[&Path] = &[];

fn has_core_worktree(git: &Repository) -> bool {
    git.config().and_then(|c| c.get_path("core.worktree")).is_ok()
}

/// Why the repository around `dir` cannot be opened, with what to do.
fn open_error(dir: &Path, error: &git2::Error) -> RunError {
    let detail = error.message();
    if detail.contains("object format") || detail.contains("objectformat") {
        return RunError::new(format!(
            "the git repository around {} uses an object format roadlint cannot read ({detail})",
            dir.display()
        ))
        .hint(
            "libgit2, the git library roadlint is built on, reads only SHA-1 repositories so far; \
             run roadlint on a SHA-1 clone of this repository",
        );
    }
    if error.code() == ErrorCode::NotFound {
        return RunError::new(format!("{} is not inside a git repository", dir.display()))
            .hint(format!("run roadlint inside a git repository, or point at one with -C DIR ({detail})"));
    }
    RunError::new(format!("cannot open the git repository around {}: {detail}", dir.display()))
        .hint("check that `git status` works there; roadlint reads repositories the way git does")
}

fn relative_prefix(root: &Path, dir: &Path) -> String {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    dir.strip_prefix(&root)
        .map(|p| p.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/"))
        .unwrap_or_default()
}

/// One file a snapshot holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Repository-relative, `/`-separated; a path that is not UTF-8 is
    /// shown with replacement characters (and `utf8` is false).
    pub path: String,
    /// The blob id when git already knows it (tree and index).
    pub blob: Option<Oid>,
    pub kind: EntryKind,
    /// Whether the path is UTF-8. One that is not cannot be a document's
    /// name, and is reported rather than skipped.
    pub utf8: bool,
}

impl Entry {
    pub fn new(path: String, blob: Option<Oid>, kind: EntryKind) -> Entry {
        Entry { path, blob, kind, utf8: true }
    }

    /// An entry whose path, as git or the file system has it, is raw bytes.
    fn from_bytes(path: &[u8], blob: Option<Oid>, kind: EntryKind) -> Entry {
        match std::str::from_utf8(path) {
            Ok(path) => Entry::new(path.to_owned(), blob, kind),
            Err(_) => Entry { path: String::from_utf8_lossy(path).into_owned(), blob, kind, utf8: false },
        }
    }
}

/// What kind of file an entry is; only regular files are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    File,
    /// A symbolic link, never followed: it could point outside the repository.
    Symlink,
    /// A submodule (or a nested repository in the working tree), never entered.
    Submodule,
    /// A FIFO, socket or device in the working tree: git cannot hold one,
    /// and opening a FIFO would block.
    Special,
}

impl EntryKind {
    /// "a symbolic link": for notes and errors about entries not read.
    pub fn describe(self) -> &'static str {
        match self {
            EntryKind::File => "a regular file",
            EntryKind::Symlink => "a symbolic link",
            EntryKind::Submodule => "a submodule",
            EntryKind::Special => "a FIFO, socket or device file",
        }
    }
}

/// What reading one file gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    Bytes(Vec<u8>),
    /// Larger than the limit: not read at all.
    TooLarge(u64),
    /// Not read: its path is not UTF-8, or git or the file system could
    /// not give its contents (why, in a sentence). Such a file is reported,
    /// never skipped.
    Unreadable(String),
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

/// Stamps the files of a working tree; shared by the threads that read them.
#[derive(Clone, Copy)]
pub struct Stamper<'a>(&'a worktree::Worktree);

impl Stamper<'_> {
    /// The stamp of the regular file at `path`; `None` for an overlay's
    /// buffer, or anything that is not a regular file.
    pub fn stamp(&self, path: &str) -> Option<Stamp> {
        self.0.stamp(path)
    }
}

impl Snapshot<'_> {
    /// What stamps working-tree files, to know them unchanged without
    /// reading them (see [`Stamp::settled`]); `None` for other sources.
    pub fn stamps(&self) -> Option<Stamper<'_>> {
        match &self.inner {
            Inner::Worktree(worktree) => Some(Stamper(worktree)),
            _ => None,
        }
    }

    /// Every file under the folder `under` (repository-relative, empty for all).
    pub fn list(&self, under: &str) -> Result<Vec<Entry>> {
        match &self.inner {
            Inner::Tree(tree) => rev::list(self.repo, tree, under),
            Inner::Index(index) => Ok(index::list(index, under)),
            Inner::Worktree(worktree) => worktree.list(self.repo, under),
        }
    }

    /// What is at `path`, without following symbolic links: `None` when
    /// nothing is, or a folder, or the path leads through a symbolic link in
    /// a tree or the index (where git records the link, not a folder).
    pub fn kind_of(&self, path: &str) -> Option<EntryKind> {
        match &self.inner {
            Inner::Tree(tree) => {
                let entry = tree.get_path(Path::new(path)).ok()?;
                match (entry.kind(), entry.filemode()) {
                    (Some(ObjectType::Blob), 0o120000) => Some(EntryKind::Symlink),
                    (Some(ObjectType::Blob), _) => Some(EntryKind::File),
                    (Some(ObjectType::Commit), _) => Some(EntryKind::Submodule),
                    _ => None,
                }
            }
            Inner::Index(index) => index.get_path(Path::new(path), 0).map(|e| index::kind(e.mode)),
            Inner::Worktree(worktree) => worktree.kind_of(path),
        }
    }

    /// Reads one entry, refusing files over `max_bytes` without reading them.
    pub fn read(&self, entry: &Entry, max_bytes: u64) -> Result<Content> {
        if !entry.utf8 {
            return Ok(not_utf8());
        }
        let read = match (&self.inner, entry.blob) {
            (Inner::Worktree(worktree), _) => worktree.read(&entry.path, max_bytes),
            (_, Some(oid)) => read_blob(self.repo, oid, &entry.path, max_bytes),
            (_, None) => Err(RunError::new(format!("no object for {}", entry.path))),
        };
        Ok(read.unwrap_or_else(unreadable))
    }

    /// Reads many entries in parallel and hands each to `each` as soon as
    /// it is read (so that the bytes of thousands of files are never held
    /// at once); `None` for those `skip` says need not be read. Results
    /// come in the entries' order. git2 handles are not shared across
    /// threads, so each worker opens its own on the object database.
    pub fn read_each<T, F>(
        &self,
        entries: &[Entry],
        max_bytes: u64,
        skip: &(dyn Fn(&Entry) -> bool + Sync),
        each: F,
    ) -> Result<Vec<T>>
    where
        T: Send,
        F: Fn(&Entry, Option<Content>) -> Result<T> + Sync,
    {
        use rayon::prelude::*;
        if let Inner::Worktree(worktree) = &self.inner {
            return entries
                .par_iter()
                .map(|e| {
                    let content = match (skip(e), e.utf8) {
                        (true, _) => None,
                        (false, false) => Some(not_utf8()),
                        (false, true) => Some(worktree.read(&e.path, max_bytes).unwrap_or_else(unreadable)),
                    };
                    each(e, content)
                })
                .collect();
        }
        let objects = self.repo.commondir().to_path_buf();
        entries
            .par_iter()
            .map_init(
                || Repository::open_bare(&objects),
                |repo, e| {
                    if skip(e) {
                        return each(e, None);
                    }
                    if !e.utf8 {
                        return each(e, Some(not_utf8()));
                    }
                    let Some(oid) = e.blob else {
                        return Err(RunError::new(format!("no object for {}", e.path)));
                    };
                    match repo {
                        Ok(repo) => each(e, Some(read_blob(repo, oid, &e.path, max_bytes).unwrap_or_else(unreadable))),
                        Err(error) => Err(RunError::new(format!(
                            "cannot open the object database to read {}: {}",
                            e.path,
                            error.message()
                        ))
                        .hint("check that the repository's .git folder is readable, then run `git fsck`")),
                    }
                },
            )
            .collect()
    }

    /// Reads a regular file by path (configuration, policies); `None` when
    /// there is none — a symbolic link is not read (see [`Snapshot::kind_of`]
    /// to tell it apart from a missing file).
    pub fn read_path(&self, path: &str, max_bytes: u64) -> Result<Option<Content>> {
        if self.kind_of(path) != Some(EntryKind::File) {
            return Ok(None);
        }
        let blob = match &self.inner {
            Inner::Tree(tree) => tree.get_path(Path::new(path)).ok().map(|entry| entry.id()),
            Inner::Index(index) => index.get_path(Path::new(path), 0).map(|entry| entry.id),
            Inner::Worktree(worktree) => return worktree.read(path, max_bytes).map(Some),
        };
        match blob {
            Some(blob) => read_blob(self.repo, blob, path, max_bytes).map(Some),
            None => Ok(None),
        }
    }
}

/// The content of an entry whose path is not UTF-8.
fn not_utf8() -> Content {
    Content::Unreadable(
        "the file's path is not valid UTF-8 (shown with replacement characters); rename it so that roadlint \
         and the tools around it can name it"
            .to_owned(),
    )
}

/// A file that git or the file system could not give, as content to report.
fn unreadable(error: RunError) -> Content {
    let mut why = error.message;
    if let Some(hint) = error.hint {
        why = format!("{why}; {hint}");
    }
    Content::Unreadable(why)
}

fn read_blob(repo: &Repository, oid: Oid, path: &str, max_bytes: u64) -> Result<Content> {
    let unreadable = |e: git2::Error| {
        RunError::new(format!("cannot read {path} (object {oid}): {}", e.message()))
            .hint("the repository may be incomplete (a shallow or partial clone); fetch the missing objects")
    };
    let odb = repo.odb().map_err(unreadable)?;
    let (size, kind) = odb.read_header(oid).map_err(unreadable)?;
    if kind != ObjectType::Blob {
        return Err(unreadable(git2::Error::from_str(&format!("a {kind} where a file was expected"))));
    }
    if size as u64 > max_bytes {
        return Ok(Content::TooLarge(size as u64));
    }
    // Straight from the object database: the object cache would only add
    // a lock per read for objects read once.
    let object = odb.read(oid).map_err(unreadable)?;
    Ok(Content::Bytes(object.data().to_vec()))
}

/// The first line of every Git LFS pointer file (LFS specification v1).
const LFS_POINTER: &[u8] = b"version https://git-lfs.github.com/spec/v1";

/// Whether a file is a Git LFS pointer rather than the content it stands
/// for: what git stores for an LFS-tracked file, and what a checkout holds
/// when the LFS objects were not fetched.
pub fn is_lfs_pointer(bytes: &[u8]) -> bool {
    bytes.starts_with(LFS_POINTER)
}

/// Whether a repository-relative path lies under the folder `under`.
fn is_under(path: &str, under: &str) -> bool {
    under.is_empty() || path.strip_prefix(under).is_some_and(|rest| rest.starts_with('/'))
}
