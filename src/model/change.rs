//! The two sides of a change (base mode) and how their files correspond:
//! by path, or by the new name git's rename detection gives a base file.

use super::{File, SchemaKind, Workspace};
use std::collections::HashMap;

/// The base and head workspaces of one change, with files paired up.
pub struct Change<'a> {
    pub base: &'a Workspace,
    pub head: &'a Workspace,
    /// Base path → head path of files git sees as renamed.
    renames: &'a HashMap<String, String>,
    head_files: HashMap<&'a str, &'a File>,
    base_files: HashMap<&'a str, &'a File>,
    /// Head path → the base file it continues (same path, or renamed).
    predecessors: HashMap<&'a str, &'a File>,
}

impl<'a> Change<'a> {
    pub fn new(base: &'a Workspace, head: &'a Workspace, renames: &'a HashMap<String, String>) -> Change<'a> {
        let by_path = |ws: &'a Workspace| ws.files.iter().map(|f| (f.path.as_str(), f)).collect::<HashMap<_, _>>();
        let head_files = by_path(head);
        let predecessors = base
            .files
            .iter()
            .filter_map(|f| {
                let (path, _) = head_files.get_key_value(renamed(renames, &f.path))?;
                Some((*path, f))
            })
            .collect();
        Change { base, head, renames, head_files, base_files: by_path(base), predecessors }
    }

    /// The path a base file has on the head side: its new name when git
    /// sees a rename, else its own.
    pub fn head_path<'p>(&'p self, base_path: &'p str) -> &'p str {
        renamed(self.renames, base_path)
    }

    /// The head version of a base file, when the head still has it.
    pub fn successor(&self, base: &File) -> Option<&'a File> {
        self.head_files.get(self.head_path(&base.path)).copied()
    }

    /// The base version of a head file, when the base had it.
    pub fn predecessor(&self, head: &File) -> Option<&'a File> {
        self.predecessors.get(head.path.as_str()).copied()
    }

    /// A base file by path.
    pub fn base_file(&self, path: &str) -> Option<&'a File> {
        self.base_files.get(path).copied()
    }

    /// A head file by path.
    pub fn head_file(&self, path: &str) -> Option<&'a File> {
        self.head_files.get(path).copied()
    }

    /// The base version of a head proposal: the proposal with its id, or,
    /// when its id changed, the proposal its file continues.
    pub fn base_version(&self, head: &File) -> Option<&'a File> {
        head.text_at("/id")
            .and_then(|id| self.base.proposal(id))
            .or_else(|| self.predecessor(head).filter(|old| old.kind == Some(SchemaKind::Proposal)))
    }
}

fn renamed<'p>(renames: &'p HashMap<String, String>, path: &'p str) -> &'p str {
    renames.get(path).map_or(path, String::as_str)
}
