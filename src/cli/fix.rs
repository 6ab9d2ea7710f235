//! `check --fix`: the safe fixes of a check, written to working-tree files.

use crate::diagnostic::Fix;
use crate::error::{Result, RunError};
use crate::session::{Checked, Session};
use crate::source::EntryKind;
use std::collections::BTreeMap;

/// Applies every fix the check offers, file by file, and returns one line
/// per change (`fixed PATH:LINE:COLUMN: `old` → `new``) and per file left
/// alone. Only regular files of the working tree are written, never through
/// a symbolic link, and only when their text is still the one checked.
pub fn apply(session: &Session<'_>, checked: &Checked) -> Result<Vec<String>> {
    let Some(root) = session.repo.workdir.as_deref() else {
        return Err(RunError::new("--fix needs a working tree; this is a bare repository"));
    };
    let mut by_file: BTreeMap<&str, Vec<&Fix>> = BTreeMap::new();
    for d in &checked.diagnostics {
        if let Some(fix) = &d.fix {
            by_file.entry(d.file.as_str()).or_default().push(fix);
        }
    }
    let mut lines = Vec::new();
    for (path, fixes) in by_file {
        let Some(checked_text) = checked.texts.get(path) else { continue };
        // `kind_of` looks at every folder on the way: nothing is written
        // through a link, so nothing outside the working tree.
        if session.head.kind_of(path) != Some(EntryKind::File) {
            lines.push(format!("not fixed {path}: it is not a regular file of the working tree"));
            continue;
        }
        let full = root.join(path);
        let bytes = std::fs::read(&full).map_err(|e| {
            RunError::new(format!("cannot read {path} to fix it: {e}")).hint("check that it is readable")
        })?;
        let (bom, body) = match bytes.strip_prefix("\u{feff}".as_bytes()) {
            Some(rest) => ("\u{feff}", rest),
            None => ("", bytes.as_slice()),
        };
        // Spans are positions in the text that was checked: a file that is
        // not that text any more (edited meanwhile, not UTF-8) is left alone.
        let Ok(text) = std::str::from_utf8(body) else { continue };
        if text != checked_text {
            lines.push(format!("not fixed {path}: it changed while it was checked"));
            continue;
        }
        let (fixed, applied) = crate::fix::apply(text, &fixes);
        if applied.is_empty() {
            continue;
        }
        std::fs::write(&full, format!("{bom}{fixed}"))
            .map_err(|e| RunError::new(format!("cannot write {path}: {e}")).hint("check that the file is writable"))?;
        for a in applied {
            let at = a.fix.span.start;
            lines.push(format!("fixed {path}:{}:{}: `{}` → `{}`", at.line, at.column, a.original, a.fix.replacement));
        }
    }
    Ok(lines)
}
