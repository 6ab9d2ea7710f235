//! The working tree, minus what git ignores. Files are found by walking the
//! folder (never following symbolic links) and asking git about ignores; git
//! status is not used, because computing it may rewrite the index.

use super::{Content, Entry, EntryKind, is_under};
use crate::error::{Result, RunError};
use git2::Repository;
use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// Texts that take the place of working-tree files (an editor's unsaved
/// buffers), by repository-relative path.
pub type Overlay = Arc<HashMap<String, Vec<u8>>>;

/// What a working-tree file's metadata says of its content, to know it
/// unchanged without reading it again: the same stamp, the same bytes, for
/// a file that had [settled](Stamp::settled) when it was stamped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: SystemTime,
    /// Inode change time (which `touch -d` cannot set back), inode and device.
    #[cfg(unix)]
    changed: (i64, i64, u64, u64),
}

impl Stamp {
    fn of(metadata: &fs::Metadata) -> Option<Stamp> {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            len: metadata.len(),
            modified: metadata.modified().ok()?,
            #[cfg(unix)]
            changed: (metadata.ctime(), metadata.ctime_nsec(), metadata.ino(), metadata.dev()),
        })
    }

    /// Whether the file was last changed well before `now`: a write within
    /// the clock's granularity of another can leave the stamp as it was
    /// (git's "racily clean" files), so a stamp says the content is the one
    /// read only when the content had stopped changing before the read
    /// began. A time in the future never settles.
    pub fn settled(&self, now: SystemTime) -> bool {
        const MARGIN: Duration = Duration::from_secs(2);
        #[cfg(unix)]
        let changed = SystemTime::UNIX_EPOCH
            .checked_add(Duration::new(self.changed.0.max(0) as u64, self.changed.1.clamp(0, 999_999_999) as u32));
        #[cfg(not(unix))]
        let changed = Some(self.modified);
        let last = changed.map_or(self.modified, |changed| changed.max(self.modified));
        last.checked_add(MARGIN).is_some_and(|settled| settled <= now)
    }
}

pub struct Worktree {
    root: PathBuf,
    /// Paths the index tracks, sorted: tracked files are read even when an
    /// ignore rule matches them or the folder that holds them, as git
    /// keeps tracking them.
    tracked: Vec<String>,
    /// Buffers read instead of the files at their paths.
    overlay: Overlay,
}

impl Worktree {
    pub fn open(repo: &Repository, root: PathBuf) -> Result<Worktree> {
        Worktree::overlaid(repo, root, Overlay::default())
    }

    /// The working tree with `overlay`'s texts in place of the files at
    /// their paths (a path only the overlay has is listed as a file).
    pub fn overlaid(repo: &Repository, root: PathBuf, overlay: Overlay) -> Result<Worktree> {
        let mut tracked: Vec<String> = match repo.index() {
            Ok(index) => super::index::list(&index, "").into_iter().map(|e| e.path).collect(),
            Err(_) => Vec::new(),
        };
        tracked.sort_unstable();
        Ok(Worktree { root, tracked, overlay })
    }

    fn is_tracked(&self, path: &str) -> bool {
        self.tracked.binary_search_by(|t| t.as_str().cmp(path)).is_ok()
    }

    /// Whether the index tracks anything under the folder `path`.
    fn tracks_under(&self, path: &str) -> bool {
        let prefix = format!("{path}/");
        let at = self.tracked.partition_point(|t| t.as_str() < prefix.as_str());
        self.tracked.get(at).is_some_and(|t| t.starts_with(&prefix))
    }

    /// What is at the repository-relative `path`, looking at every folder
    /// on the way without following links: a path that leads through a
    /// symbolic link (`linked/policy.yaml` with `linked -> /etc`) is
    /// reported as a link, so that nothing outside the repository is read.
    pub fn kind_of(&self, path: &str) -> Option<EntryKind> {
        if self.overlay.contains_key(path) {
            return Some(EntryKind::File);
        }
        let mut full = self.root.clone();
        let mut parts = path.split('/').peekable();
        while let Some(part) = parts.next() {
            if matches!(part, "" | "." | ".." | ".git") {
                return None;
            }
            full.push(part);
            let file_type = fs::symlink_metadata(&full).ok()?.file_type();
            let last = parts.peek().is_none();
            if file_type.is_symlink() {
                return Some(EntryKind::Symlink);
            }
            if !last {
                if !file_type.is_dir() {
                    return None;
                }
                continue;
            }
            return if file_type.is_file() {
                Some(EntryKind::File)
            } else if file_type.is_dir() {
                None
            } else {
                Some(EntryKind::Special)
            };
        }
        None
    }

    /// The stamp of the regular file at `path`; `None` for a buffer of the
    /// overlay, or anything that is not a regular file.
    pub fn stamp(&self, path: &str) -> Option<Stamp> {
        if self.overlay.contains_key(path) {
            return None;
        }
        let metadata = fs::symlink_metadata(self.root.join(path)).ok()?;
        metadata.is_file().then(|| Stamp::of(&metadata)).flatten()
    }

    /// Tracked files, and untracked ones git does not ignore, under `under`.
    pub fn list(&self, repo: &Repository, under: &str) -> Result<Vec<Entry>> {
        let mut entries = Vec::new();
        let start = if under.is_empty() { self.root.clone() } else { self.root.join(under) };
        // (folder, whether an ignore rule covers it: then only what the
        // index tracks inside it counts)
        let mut pending = vec![(start, false)];
        while let Some((dir, ignored_folder)) = pending.pop() {
            let Ok(read) = fs::read_dir(&dir) else {
                continue;
            };
            for item in read.flatten() {
                let Ok(file_type) = item.file_type() else {
                    continue;
                };
                let full = item.path();
                let Some((path, utf8)) = self.relative(&full) else {
                    continue;
                };
                if item.file_name() == ".git" {
                    continue;
                }
                let tracked = utf8 && self.is_tracked(&path);
                let ignored = !tracked
                    && (ignored_folder || {
                        // Directory-only ignore patterns (`build/`) match only with the slash.
                        let relative = full.strip_prefix(&self.root).unwrap_or(&full);
                        let probe = if file_type.is_dir() { relative.join("") } else { relative.to_path_buf() };
                        repo.is_path_ignored(&probe).unwrap_or(false)
                    });
                if file_type.is_dir() {
                    if full.join(".git").exists() {
                        // A nested repository or submodule checkout.
                        if !ignored {
                            entries.push(Entry { path, blob: None, kind: EntryKind::Submodule, utf8 });
                        }
                    } else if !ignored || self.tracks_under(&path) {
                        pending.push((full, ignored));
                    }
                    continue;
                }
                if ignored || !is_under(&path, under) {
                    continue;
                }
                let kind = if file_type.is_symlink() {
                    EntryKind::Symlink
                } else if file_type.is_file() {
                    EntryKind::File
                } else {
                    EntryKind::Special
                };
                entries.push(Entry { path, blob: None, kind, utf8 });
            }
        }
        for path in self.overlay.keys().filter(|p| is_under(p, under)) {
            if !entries.iter().any(|e| &e.path == path) {
                entries.push(Entry::new(path.clone(), None, EntryKind::File));
            }
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        entries.dedup_by(|a, b| a.path == b.path);
        Ok(entries)
    }

    pub fn read(&self, path: &str, max_bytes: u64) -> Result<Content> {
        if let Some(bytes) = self.overlay.get(path) {
            let size = bytes.len() as u64;
            return Ok(if size > max_bytes { Content::TooLarge(size) } else { Content::Bytes(bytes.clone()) });
        }
        if let Some(kind) = self.kind_of(path).filter(|&kind| kind != EntryKind::File) {
            return Err(RunError::new(format!("{path} is {}; roadlint reads only regular files", kind.describe())));
        }
        let full = self.root.join(path);
        let failed = |e: std::io::Error| {
            RunError::new(format!("cannot read {path}: {e}")).hint("check that the file is readable")
        };
        let metadata = fs::symlink_metadata(&full).map_err(failed)?;
        if metadata.len() > max_bytes {
            return Ok(Content::TooLarge(metadata.len()));
        }
        let mut bytes = Vec::with_capacity(metadata.len() as usize);
        fs::File::open(&full).and_then(|f| f.take(max_bytes + 1).read_to_end(&mut bytes)).map_err(failed)?;
        if bytes.len() as u64 > max_bytes {
            return Ok(Content::TooLarge(bytes.len() as u64));
        }
        Ok(Content::Bytes(bytes))
    }

    /// The repository-relative path of a file under the root, and whether
    /// it is UTF-8 (if not, it is shown with replacement characters).
    fn relative(&self, full: &Path) -> Option<(String, bool)> {
        let rel = full.strip_prefix(&self.root).ok()?;
        let parts: Vec<_> = rel.components().map(|c| c.as_os_str()).collect();
        let utf8 = parts.iter().all(|p| p.to_str().is_some());
        let path = parts.iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>().join("/");
        Some((path, utf8))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp_at(modified: SystemTime) -> (tempfile::TempDir, Stamp) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.yaml");
        fs::write(&path, "id: P-1\n").expect("write");
        fs::File::options().write(true).open(&path).and_then(|f| f.set_modified(modified)).expect("set time");
        let stamp = Stamp::of(&fs::symlink_metadata(&path).expect("stat")).expect("stamp");
        (dir, stamp)
    }

    #[test]
    fn a_stamp_settles_only_once_the_file_stopped_changing_well_before() {
        let now = SystemTime::now();
        let (_dir, fresh) = stamp_at(now);
        assert!(!fresh.settled(now), "written just now: a second write may keep the stamp");
        assert!(fresh.settled(now + Duration::from_secs(3)));
        // `touch -d` can set the time back, not the inode's change time.
        #[cfg(unix)]
        let (_dir, backdated) = stamp_at(now - Duration::from_secs(3600));
        #[cfg(unix)]
        assert!(!backdated.settled(now), "changed just now, whatever its modification time says");
        let (_dir, future) = stamp_at(now + Duration::from_secs(3600));
        assert!(!future.settled(now + Duration::from_secs(60)), "a time in the future never settles");
    }

    #[test]
    fn a_rewrite_of_the_same_length_and_time_changes_the_stamp() {
        let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000);
        let (dir, before) = stamp_at(old);
        let path = dir.path().join("p.yaml");
        std::thread::sleep(Duration::from_millis(20));
        fs::write(&path, "id: P-2\n").expect("write");
        fs::File::options().write(true).open(&path).and_then(|f| f.set_modified(old)).expect("set time");
        let after = Stamp::of(&fs::symlink_metadata(&path).expect("stat")).expect("stamp");
        assert_ne!(before, after);
    }
}
