//! PATHS on the command line (docs/command-line.md): each must exist, on disk or
//! in the snapshot read; a folder stands for everything under it; each is
//! judged by the roadmap it belongs to, and one that no roadmap's include
//! globs match is skipped, so that a hook given every staged YAML file is
//! safe in a repository whose roadmap lives in a subfolder.

use super::{Roadmap, Session};
use crate::check::config::FILE_NAME;
use crate::error::{Result, RunError};
use crate::source::Repo;
use crate::suggest::closest;
use std::path::{Component, Path, PathBuf};

/// A PATH, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// As the user wrote it, for messages.
    pub display: String,
    /// Repository-relative, `/`-separated; empty for the whole repository.
    pub path: String,
    pub folder: bool,
}

impl Target {
    /// Whether a repository-relative file is this PATH or lies under it.
    pub fn covers(&self, file: &str) -> bool {
        if !self.folder {
            return file == self.path;
        }
        self.path.is_empty() || file.strip_prefix(self.path.as_str()).is_some_and(|rest| rest.starts_with('/'))
    }
}

/// Resolves every PATH; any that does not exist, or lies outside the
/// repository, is an error naming it.
pub fn resolve(session: &Session<'_>, given: &[PathBuf]) -> Result<Vec<Target>> {
    given.iter().map(|path| resolve_one(session, path)).collect()
}

fn resolve_one(session: &Session<'_>, given: &Path) -> Result<Target> {
    let display = given.display().to_string();
    let full = session.request.start.join(given);
    let path = match session.repo.workdir {
        Some(_) => repository_path(session.repo, &full),
        // A bare repository has no folder on disk to be relative to: PATHS
        // name paths in the revision's tree, relative to its root.
        None => normalize(given).map(|parts| parts.join("/")),
    };
    let Some(path) = path else {
        let root = session.repo.workdir.as_deref().unwrap_or(session.repo.git.path());
        return Err(RunError::new(format!("`{display}` lies outside the repository at {}", root.display()))
            .hint("pass files or folders inside the repository roadlint checks (or -C DIR to check another one)"));
    };
    let on_disk = std::fs::symlink_metadata(&full).ok();
    let folder = match on_disk {
        Some(metadata) => metadata.is_dir(),
        None if session.head.kind_of(&path).is_some() => false,
        None if !session.head.list(&path)?.is_empty() => true,
        None => return Err(missing(&display, &session.request.commands)),
    };
    Ok(Target { display, path, folder })
}

/// The error for a PATH that names nothing, with what it probably meant.
fn missing(display: &str, commands: &[String]) -> RunError {
    let error = RunError::new(format!("`{display}`: no such file or folder"));
    if !display.contains(['/', '.', '\\'])
        && let Some(name) = closest(display, commands.iter().map(String::as_str))
    {
        return RunError::new(format!("`{display}` is not a subcommand, and no file or folder has that name"))
            .hint(format!("did you mean `roadlint {name}`? (`roadlint --help` lists the subcommands)"));
    }
    if display.contains(['*', '?', '[']) {
        return error.hint("this looks like a glob the shell did not expand: pass file names or a folder");
    }
    error.hint("PATHS must be existing files or folders (relative to the current directory, or -C DIR)")
}

/// The repository-relative form of an absolute path, when it lies inside
/// the working tree.
pub fn inside_repository(repo: &Repo, full: &Path) -> Option<String> {
    repository_path(repo, full)
}

fn repository_path(repo: &Repo, full: &Path) -> Option<String> {
    let workdir = repo.workdir.as_ref()?;
    let workdir = workdir.canonicalize().unwrap_or_else(|_| workdir.clone());
    let full = full.canonicalize().ok().or_else(|| canonical_parent(full)).unwrap_or_else(|| full.to_path_buf());
    let relative = normalize(full.strip_prefix(&workdir).ok()?)?;
    if relative.first().is_some_and(|c| c == ".git") {
        return None;
    }
    Some(relative.join("/"))
}

/// A path that does not exist on disk (it may exist in the index or a
/// revision), with its existing ancestors made canonical.
fn canonical_parent(full: &Path) -> Option<PathBuf> {
    let mut ancestors = full.ancestors().skip(1);
    ancestors.find_map(|parent| {
        let canonical = parent.canonicalize().ok()?;
        Some(canonical.join(full.strip_prefix(parent).ok()?))
    })
}

/// The normal components of a path, `..` applied; `None` when it climbs
/// above its start.
fn normalize(path: &Path) -> Option<Vec<String>> {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    Some(parts)
}

/// The roadmaps the PATHS select.
pub struct Selection {
    pub roadmaps: Vec<Roadmap>,
}

/// Groups PATHS by the roadmap each belongs to: the nearest
/// `.roadlint.yaml` above it (or `--config`), else the root defaults. A
/// file belongs to a roadmap when its include globs match it, or when it is
/// that roadmap's configuration or one of its policy files; a folder selects
/// every roadmap with documents under it, and one with none is an error
/// (the same as a run that finds no document).
pub fn select(session: &Session<'_>, targets: &[Target]) -> Result<Selection> {
    let mut roadmaps: Vec<Roadmap> = Vec::new();
    let add = |roadmap: Roadmap, roadmaps: &mut Vec<Roadmap>| {
        let same = |r: &Roadmap| r.config.root == roadmap.config.root && r.config.file == roadmap.config.file;
        if !roadmaps.iter().any(same) {
            roadmaps.push(roadmap);
        }
    };
    for target in targets {
        if target.folder {
            let found = folder_roadmaps(session, target)?;
            if found.is_empty() {
                return Err(RunError::new(format!("no roadlint documents under `{}`", target.display))
                    .hint("pass a folder that holds the roadmap, or fix `include` in .roadlint.yaml"));
            }
            for roadmap in found {
                add(roadmap, &mut roadmaps);
            }
            continue;
        }
        let folder = target.path.rsplit_once('/').map_or("", |(folder, _)| folder);
        let config = session.config_for(folder)?;
        let governs = config.file.as_deref() == Some(target.path.as_str()) || config.policies.contains(&target.path);
        if governs || config.matches(&target.path) {
            add(session.with_policies(config)?, &mut roadmaps);
        }
    }
    Ok(Selection { roadmaps })
}

/// The roadmaps with documents under a folder: the one that governs the
/// folder itself, and any whose `.roadlint.yaml` lies inside it.
fn folder_roadmaps(session: &Session<'_>, target: &Target) -> Result<Vec<Roadmap>> {
    let entries = session.head.list(&target.path)?;
    let mut configs = vec![session.config_for(&target.path)?];
    if session.request.config.is_none() {
        for entry in session.governing().list(&target.path)? {
            if let Some(folder) = entry.path.strip_suffix(FILE_NAME).filter(|f| f.is_empty() || f.ends_with('/')) {
                let folder = folder.trim_end_matches('/');
                if folder != target.path {
                    configs.push(session.config_for(folder)?);
                }
            }
        }
    }
    let mut out = Vec::new();
    for config in configs {
        if entries.iter().any(|e| config.matches(&e.path)) {
            out.push(session.with_policies(config)?);
        }
    }
    Ok(out)
}

/// `a`, `a and b`, `a, b and c`, in backticks.
pub fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.map(|i| format!("`{i}`")).collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
