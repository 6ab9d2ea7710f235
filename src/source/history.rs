//! History questions base mode asks git: where a change started (the merge
//! base) and which files it renamed.

use super::{Inner, Repo, Revision, Snapshot};
use crate::error::{Result, RunError};
use git2::{Delta, Diff, DiffFindOptions, DiffOptions, ErrorCode, Oid};
use std::collections::HashMap;

/// What to do when the base commit is not in the clone. CI checkouts are
/// shallow by default, so this is the usual way base mode fails.
const SHALLOW_HINT: &str = "the clone lacks the history base mode compares with: fetch it \
     (actions/checkout with `fetch-depth: 0`), or on GitHub's pull_request merge commit \
     use `--base HEAD^1`, which needs only `fetch-depth: 2`";

impl Repo {
    /// The merge base of the revision `spec` and the commit `head`: the
    /// commit a change started from, however far its target branch moved on.
    pub fn merge_base(&self, spec: &str, head: Oid) -> Result<Oid> {
        let base = self.base_commit(spec)?;
        self.git.merge_base(base, head).map_err(|e| {
            let message = format!("`{spec}` and the head share no history: {}", e.message());
            let hint = if self.git.is_shallow() || e.code() != ErrorCode::NotFound {
                SHALLOW_HINT
            } else {
                "pass a --base that the head branch was started from"
            };
            RunError::new(message).hint(hint)
        })
    }

    /// The commit base mode compares `head` with: the merge base of `spec`
    /// and the head's commit. `None` is an empty base: `--base HEAD` on a
    /// branch with no commits yet (a first commit through the hook), where
    /// everything is new.
    pub fn base_of(&self, spec: &str, head: &Revision) -> Result<Option<Oid>> {
        let unborn = matches!(self.git.head(), Err(e) if e.code() == ErrorCode::UnbornBranch);
        if unborn && spec == "HEAD" && !matches!(head, Revision::Rev(_)) {
            return Ok(None);
        }
        self.merge_base(spec, self.head_commit(head)?).map(Some)
    }

    /// Resolves `--base REV` to a commit, explaining a shallow clone when
    /// that is the likely reason it is missing.
    fn base_commit(&self, spec: &str) -> Result<Oid> {
        let missing = |e: git2::Error| {
            let hint = if self.git.is_shallow() {
                SHALLOW_HINT
            } else {
                "check the name with `git rev-parse`; a branch from a remote may need `git fetch` first"
            };
            RunError::new(format!("unknown base revision `{spec}`: {}", e.message())).hint(hint)
        };
        let object = self.git.revparse_single(spec).map_err(missing)?;
        let commit = object.peel_to_commit().map_err(|e| {
            RunError::new(format!("--base `{spec}` does not name a commit: {}", e.message()))
                .hint("pass a commit, branch or tag")
        })?;
        Ok(commit.id())
    }
}

impl Snapshot<'_> {
    /// Files under `under` that the change from the commit `base` to this
    /// snapshot renamed, old path → new path, as git's default rename
    /// detection finds them (`git diff -M`: exact or at least 50% similar).
    /// In the working tree an untracked file can be a rename's new side, so
    /// `mv a b` counts before `git add`.
    pub fn renames_from(&self, base: Oid, under: &str) -> Result<HashMap<String, String>> {
        let failed = |e: git2::Error| {
            RunError::new(format!("cannot compare with the base commit {base}: {}", e.message())).hint(SHALLOW_HINT)
        };
        let base_tree = self.repo.find_commit(base).and_then(|c| c.tree()).map_err(failed)?;
        let mut options = DiffOptions::new();
        if !under.is_empty() {
            // A folder, not a pattern: its name may hold `*` or `[`.
            options.pathspec(under).disable_pathspec_match(true);
        }
        let untracked = matches!(self.inner, Inner::Worktree(_));
        options.include_untracked(untracked).recurse_untracked_dirs(untracked);
        let mut diff = match &self.inner {
            Inner::Tree(tree) => self.repo.diff_tree_to_tree(Some(&base_tree), Some(tree), Some(&mut options)),
            Inner::Index(index) => self.repo.diff_tree_to_index(Some(&base_tree), Some(index), Some(&mut options)),
            Inner::Worktree(_) => self.repo.diff_tree_to_workdir_with_index(Some(&base_tree), Some(&mut options)),
        }
        .map_err(failed)?;
        // Set renames explicitly rather than by configuration: the reference fixes
        // git's default, whatever `diff.renames` a user has set.
        let mut find = DiffFindOptions::new();
        find.renames(true).for_untracked(untracked);
        diff.find_similar(Some(&mut find)).map_err(failed)?;
        Ok(renamed_paths(&diff))
    }
}

fn renamed_paths(diff: &Diff<'_>) -> HashMap<String, String> {
    let path = |file: git2::DiffFile<'_>| file.path().and_then(|p| p.to_str()).map(str::to_owned);
    diff.deltas()
        .filter(|delta| delta.status() == Delta::Renamed)
        .filter_map(|delta| Some((path(delta.old_file())?, path(delta.new_file())?)))
        .collect()
}
