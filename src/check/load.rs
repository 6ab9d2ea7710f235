//! Reading the documents a configuration selects: list, read, parse and
//! schema-check each, in parallel, taking unchanged documents from the
//! other side in base mode (`reuse`).

use super::config::Config;
use super::reuse::Reuse;
use super::rules::{parse_problem, schema, yaml_syntax};
use crate::diagnostic::Diagnostic;
use crate::error::{Result, RunError};
use crate::model::File;
use crate::parse;
use crate::source::{self, Content, Entry, EntryKind, Snapshot, Stamp};
use git2::Oid;
use std::collections::HashMap;
use std::time::SystemTime;

/// Lists the documents a configuration selects in a snapshot.
pub fn select(snapshot: &Snapshot<'_>, config: &Config) -> Result<(Vec<Entry>, Vec<String>)> {
    let mut notes = Vec::new();
    let mut selected = Vec::new();
    let mut skipped = Vec::new();
    let mut submodules = Vec::new();
    let mut left_out = Vec::new();
    for entry in snapshot.list(&config.root)? {
        match entry.kind {
            EntryKind::File if config.matches(&entry.path) => selected.push(entry),
            EntryKind::File if config.looks_left_out(&entry.path) => left_out.push(entry.path),
            EntryKind::Symlink | EntryKind::Special if config.matches(&entry.path) => {
                skipped.push(format!("{} ({})", entry.path, entry.kind.describe()));
            }
            EntryKind::Submodule if config.may_contain(&entry.path) => submodules.push(entry.path),
            _ => {}
        }
    }
    if !skipped.is_empty() {
        let what = count(skipped.len(), "an entry that is not a regular file", "entries that are not regular files");
        notes.push(format!("skipped {what} (links are never followed): {}", skipped.join(", ")));
    }
    if !left_out.is_empty() {
        let what = count(left_out.len(), "a YAML file", "YAML files");
        notes.push(format!(
            "skipped {what} under the roadmap that no include glob matches (rename to .yaml, or add a glob to `include`): {}",
            left_out.join(", ")
        ));
    }
    if !submodules.is_empty() {
        let what = count(submodules.len(), "a submodule", "submodules");
        notes.push(format!(
            "skipped {what}: roadlint does not read submodules (check them in their own repository): {}",
            submodules.join(", ")
        ));
    }
    if selected.len() > config.max_documents {
        return Err(RunError::new(format!(
            "{} documents match the include globs, more than the limit of {}",
            selected.len(),
            config.max_documents
        ))
        .hint("raise limits.max_documents in .roadlint.yaml, or narrow `include`"));
    }
    selected.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((selected, notes))
}

/// "a submodule" for one, "3 submodules" for more.
fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 { one.to_owned() } else { format!("{n} {many}") }
}

/// Reads, parses and schema-checks every selected document.
pub fn load(snapshot: &Snapshot<'_>, config: &Config, entries: &[Entry]) -> Result<(Vec<File>, Vec<Diagnostic>)> {
    load_reusing(snapshot, config, entries, &Reuse::default())
}

/// [`load`], taking documents whose blob `reuse` already holds from there.
pub fn load_reusing(
    snapshot: &Snapshot<'_>,
    config: &Config,
    entries: &[Entry],
    reuse: &Reuse<'_>,
) -> Result<(Vec<File>, Vec<Diagnostic>)> {
    // A path that is not UTF-8 is reported whatever the blob it holds.
    let skip = |e: &Entry| e.utf8 && reuse.contains(e.blob);
    let results = snapshot.read_each(entries, config.limits.max_file_bytes, &skip, |entry, content| match content {
        Some(content) => Ok(load_one(entry, content, config)),
        // Skipped only because `reuse` holds its blob; never pretend an
        // unread file is empty.
        None => reuse
            .get(entry.blob, &entry.path)
            .ok_or_else(|| RunError::new(format!("internal error: {} was neither read nor reused", entry.path))),
    })?;
    Ok(split(results))
}

/// What one read of the working tree found out for the next: each file's
/// [stamp](Stamp) and the blob id of the bytes read, by path, for files
/// that had settled (see [`Stamp::settled`]).
pub type Stamps = HashMap<String, (Stamp, Oid)>;

/// [`load`] for a source without blob ids (the working tree): a file is
/// read unless its stamp is the one `stamps` recorded (then its blob is
/// the one recorded), and a file whose content `reuse` holds (by the blob
/// id of its bytes) is taken from there instead of parsed again. An
/// editor's re-check after one edit reads and parses only the edited
/// document. Returns the stamps to pass to the next call.
pub fn load_hashing(
    snapshot: &Snapshot<'_>,
    config: &Config,
    entries: &[Entry],
    reuse: &Reuse<'_>,
    stamps: &Stamps,
) -> Result<(Vec<File>, Vec<Diagnostic>, Stamps)> {
    let began = SystemTime::now();
    let stamper = snapshot.stamps();
    let stamp = |path: &str| stamper.and_then(|s| s.stamp(path));
    let skip = |e: &Entry| {
        stamps
            .get(&e.path)
            .is_some_and(|(recorded, blob)| e.utf8 && reuse.contains(Some(*blob)) && stamp(&e.path) == Some(*recorded))
    };
    let results = snapshot.read_each(entries, config.limits.max_file_bytes, &skip, |entry, content| {
        let Some(content) = content else {
            // Skipped: its stamp is the one recorded with this blob.
            let recorded = stamps.get(&entry.path).copied();
            let found = reuse.get(recorded.map(|(_, blob)| blob), &entry.path);
            let found = found.ok_or_else(|| RunError::new(format!("internal error: {} was not read", entry.path)))?;
            return Ok((found, recorded));
        };
        let Content::Bytes(bytes) = &content else { return Ok((load_one(entry, content, config), None)) };
        if !entry.utf8 {
            return Ok((load_one(entry, content, config), None));
        }
        let blob = git2::Oid::hash_object(git2::ObjectType::Blob, bytes).ok();
        // Stamped after the read: a file that had settled then had
        // settled before the read began, so the bytes read are the ones
        // the stamp stands for.
        let recorded = stamp(&entry.path).filter(|s| s.settled(began)).zip(blob);
        if let Some(found) = reuse.get(blob, &entry.path) {
            return Ok((found, recorded));
        }
        let entry = Entry { blob, ..entry.clone() };
        Ok((load_one(&entry, content, config), recorded))
    })?;
    let mut next = Stamps::with_capacity(results.len());
    let results = results
        .into_iter()
        .map(|(loaded, recorded)| {
            if let Some(recorded) = recorded {
                next.insert(loaded.0.path.clone(), recorded);
            }
            loaded
        })
        .collect();
    let (files, diagnostics) = split(results);
    Ok((files, diagnostics, next))
}

/// Reads, parses and schema-checks one file: the load rules'
/// (`yaml-syntax`, `duplicate-key`, `schema`) findings on it.
pub(crate) fn load_one(entry: &Entry, content: Content, config: &Config) -> (File, Vec<Diagnostic>) {
    let path = entry.path.as_str();
    let mut file = File::new(path.to_owned(), entry.blob, config.limits);
    let bytes = match content {
        Content::Bytes(bytes) => bytes,
        Content::TooLarge(size) => {
            return (file, vec![yaml_syntax::too_large(path, size, config.limits.max_file_bytes)]);
        }
        Content::Unreadable(why) => return (file, vec![yaml_syntax::unreadable(path, &why)]),
    };
    if source::is_lfs_pointer(&bytes) {
        file.text = String::from_utf8_lossy(&bytes).into_owned();
        let d = schema::lfs_pointer(path, &file.text);
        return (file, vec![d]);
    }
    if file.blob.is_none() {
        // A working-tree file: its blob id lets base mode reuse this result.
        file.blob = git2::Oid::hash_object(git2::ObjectType::Blob, &bytes).ok();
    }
    let outcome = parse::parse(&bytes, &config.limits);
    file.text = outcome.text;
    let mut found: Vec<Diagnostic> = outcome.problems.into_iter().map(|problem| parse_problem(problem, path)).collect();
    let unparsed = found.iter().any(|d| d.rule == yaml_syntax::RULE.id);
    file.set_parsed(outcome.document);
    match file.parsed() {
        Some(doc) => found.extend(schema::check(&mut file, &doc)),
        // References to a broken file are not also unresolved: keep its id.
        None if unparsed => {
            file.raw_id = raw_field(&file.text, "id");
            file.raw_kind = raw_field(&file.text, "kind");
        }
        None => found.push(schema::empty(&file)),
    }
    if let Some(id) = file.text_at("/id") {
        for d in found.iter_mut() {
            d.subject = Some(id.to_owned());
        }
    }
    file.forget_spans();
    (file, found)
}

/// A top-level field (`id:`, `kind:`) of a file that does not parse, read
/// line by line.
fn raw_field(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let rest = line.strip_prefix(key)?.strip_prefix(':')?;
        let id = rest.split('#').next()?.trim().trim_matches(['"', '\'']);
        (!id.is_empty()).then(|| id.to_owned())
    })
}

/// Files and their findings, each in one list, in the files' order.
fn split(results: Vec<(File, Vec<Diagnostic>)>) -> (Vec<File>, Vec<Diagnostic>) {
    let mut files = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for (file, found) in results {
        files.push(file);
        diagnostics.extend(found);
    }
    (files, diagnostics)
}
