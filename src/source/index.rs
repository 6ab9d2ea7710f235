//! The index (`--staged`): what the next commit would contain, even when
//! the working copy differs. Reading it never refreshes or rewrites it.

use super::{Entry, EntryKind, is_under};
use crate::error::{Result, RunError};
use git2::Repository;

pub fn open(repo: &Repository) -> Result<git2::Index> {
    repo.index().map_err(|e| {
        RunError::new(format!("cannot read the index: {}", e.message()))
            .hint("--staged needs a repository with an index; use --rev REV in a bare repository")
    })
}

pub fn list(index: &git2::Index, under: &str) -> Vec<Entry> {
    index
        .iter()
        // Stage 0 only: conflicted entries have no single staged version.
        .filter(|e| (e.flags >> 12) & 0b11 == 0)
        .filter_map(|e| {
            let entry = Entry::from_bytes(&e.path, Some(e.id), kind(e.mode));
            is_under(&entry.path, under).then_some(entry)
        })
        .collect()
}

/// The kind of an index entry, by its mode.
pub fn kind(mode: u32) -> EntryKind {
    match mode & 0o170000 {
        0o120000 => EntryKind::Symlink,
        0o160000 => EntryKind::Submodule,
        _ => EntryKind::File,
    }
}
