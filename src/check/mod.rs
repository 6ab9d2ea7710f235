//! The checking pipeline: read → parse → schema → rules → waivers →
//! configured severities → fingerprints.

pub mod config;
pub mod fingerprint;
pub mod policy;
pub mod registry;
pub mod reuse;
pub mod rules;
pub mod schema;
pub mod waivers;

use crate::check::config::{Config, Setting};
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::{Result, RunError};
use crate::model::{File, Workspace};
use crate::parse::{self, Span, SpanMap};
use crate::source::{self, Content, Entry, EntryKind, Snapshot};
use policy::PolicySet;
use rayon::prelude::*;
use reuse::Reuse;
use schema::SchemaKind;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use waivers::{Authority, Waivers};

/// What one snapshot's check found.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub workspace: Workspace,
    pub diagnostics: Vec<Diagnostic>,
    pub notes: Vec<String>,
    /// The policy rules' findings as evaluated, before waivers and
    /// configured severities: what base mode can reuse.
    pub policy_findings: Vec<Diagnostic>,
}

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
    let mut files = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for (file, found) in results {
        files.push(file);
        diagnostics.extend(found);
    }
    Ok((files, diagnostics))
}

fn load_one(entry: &Entry, content: Content, config: &Config) -> (File, Vec<Diagnostic>) {
    let path = entry.path.as_str();
    let mut file = File {
        path: path.to_owned(),
        text: String::new(),
        blob: entry.blob,
        kind: None,
        doc: None,
        spans: OnceLock::new(),
        limits: config.limits,
        invalid: Default::default(),
        meant: Default::default(),
        raw_id: None,
        raw_kind: None,
    };
    let bytes = match content {
        Content::Bytes(bytes) => bytes,
        Content::TooLarge(size) => {
            let d = Diagnostic::new("yaml-syntax", Severity::Error, path, Span::point(parse::Position::START))
                .message(format!("the file is {size} bytes, over the limit of {} bytes", config.limits.max_file_bytes))
                .label("not read")
                .help("split it into smaller documents, or raise limits.max_file_bytes in .roadlint.yaml");
            return (file, vec![d]);
        }
        Content::Unreadable(why) => {
            let d = Diagnostic::new("yaml-syntax", Severity::Error, path, Span::point(parse::Position::START))
                .message(format!("the file cannot be read: {why}"))
                .label("not read")
                .help(
                    "a file the include globs match is a document: make it readable, or exclude it in .roadlint.yaml",
                );
            return (file, vec![d]);
        }
    };
    if source::is_lfs_pointer(&bytes) {
        file.text = String::from_utf8_lossy(&bytes).into_owned();
        let d = crate::check::config::lfs_pointer(path, &file.text);
        return (file, vec![d]);
    }
    if file.blob.is_none() {
        // A working-tree file: its blob id lets base mode reuse this result.
        file.blob = git2::Oid::hash_object(git2::ObjectType::Blob, &bytes).ok();
    }
    let outcome = parse::parse(&bytes, &config.limits);
    file.text = outcome.text;
    let mut found: Vec<Diagnostic> =
        outcome.problems.into_iter().map(|problem| rules::parse_problem(problem, path)).collect();
    file.doc = outcome.document.map(Arc::new);
    let Some(doc) = &file.doc else {
        if found.iter().any(|d| d.rule == "yaml-syntax") {
            file.raw_id = raw_field(&file.text, "id");
            file.raw_kind = raw_field(&file.text, "kind");
        } else {
            found.push(
                Diagnostic::new("schema", Severity::Error, path, file.first_line())
                    .message("the file is empty; every included file must be a roadlint document")
                    .label("empty")
                    .help("add `apiVersion: roadlint/v1` and a `kind`, or exclude this file in .roadlint.yaml"),
            );
        }
        return (file, found);
    };
    let Some(object) = doc.value.as_object() else {
        found.push(
            Diagnostic::new("schema", Severity::Error, path, doc.spans.nearest("").1.value)
                .message("a roadlint document must be a mapping with `apiVersion` and `kind`")
                .label("not a mapping")
                .help(
                    "start the file with `apiVersion: roadlint/v1` and `kind: Proposal` (or Roadmap, Roster, Policy)",
                ),
        );
        return (file, found);
    };
    let kind = match object.get("kind") {
        None => {
            found.push(
                Diagnostic::new("schema", Severity::Error, path, file.first_line())
                    .message("the document has no `kind`")
                    .label("`kind` is missing")
                    .help("add `kind:` with one of Proposal, Roadmap, Roster, Policy")
                    .pointer("/kind"),
            );
            None
        }
        Some(value) => {
            let kind = value.as_str().and_then(SchemaKind::from_document_kind);
            if kind.is_none() {
                let names: Vec<&str> = SchemaKind::DOCUMENTS.iter().map(|k| k.name()).collect();
                let text = value.as_str().unwrap_or_default();
                let help = match crate::suggest::closest(text, names.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("use one of: {}", names.join(", ")),
                };
                found.push(
                    Diagnostic::new("schema", Severity::Error, path, file.span("/kind"))
                        .message(format!("`{}` is not a known kind of document", show(value)))
                        .label("unknown kind")
                        .help(help)
                        .pointer("/kind"),
                );
            }
            kind
        }
    };
    if let Some(kind) = kind {
        // A missing top-level key is reported on the `kind` line.
        let top = || doc.spans.get("/kind").map_or_else(|| file.first_line(), |kind| kind.anchor());
        for error in schema::validate(kind, doc, &top) {
            file.invalid.insert(error.pointer.clone());
            file.meant.extend(error.meant.clone());
            found.push(error.into_diagnostic(path));
        }
        if let Some(id) = file.text_at("/id") {
            for d in found.iter_mut() {
                d.subject = Some(id.to_owned());
            }
        }
    }
    file.kind = kind;
    forget_spans(&mut file);
    (file, found)
}

/// Drops a loaded document's span map: [`File::spans`] rebuilds it for the
/// few files a finding points into.
fn forget_spans(file: &mut File) {
    if let Some(doc) = file.doc.as_mut().and_then(Arc::get_mut) {
        doc.spans = SpanMap::default();
    }
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

/// Checks one snapshot completely: every rule, waivers, configured severities.
pub fn check(snapshot: &Snapshot<'_>, config: &Config, policies: &PolicySet, today: &str) -> Result<Outcome> {
    let found = find(snapshot, config, policies, today, &Reuse::default(), None)?;
    Ok(finish(found, config, policies, &Authority::default(), Vec::new()))
}

/// What one snapshot's rules found, before waivers and configuration.
pub struct Found {
    pub workspace: Workspace,
    /// Every rule's findings as produced.
    pub diagnostics: Vec<Diagnostic>,
    pub notes: Vec<String>,
    /// The policy rules' findings, also among `diagnostics`: what base
    /// mode can reuse.
    pub policy_findings: Vec<Diagnostic>,
}

/// Reads, parses and checks every document `config` selects in
/// `snapshot`, taking unchanged documents from another side's results
/// (`reuse`). `stand_in` is a roster to use when this side's own is
/// missing or broken (base mode: the base side's).
pub fn find(
    snapshot: &Snapshot<'_>,
    config: &Config,
    policies: &PolicySet,
    today: &str,
    reuse: &Reuse<'_>,
    stand_in: Option<&File>,
) -> Result<Found> {
    let (entries, notes) = select(snapshot, config)?;
    if entries.is_empty() {
        let root = if config.root.is_empty() { "the repository root".to_owned() } else { format!("`{}`", config.root) };
        return Err(RunError::new(format!(
            "no roadlint documents found: the include globs ({}) match no file under {root}",
            config.include.join(", ")
        ))
        .hint("run `roadlint init` to start a roadmap, or fix `include` in .roadlint.yaml"));
    }
    let (files, diagnostics) = load_reusing(snapshot, config, &entries, reuse)?;
    find_in(files, diagnostics, notes, policies, today, reuse, stand_in)
}

/// Checks documents given as (repository-relative path, bytes), without a
/// repository: everything [`check`] does once it has read the files, for
/// embedding, property tests and fuzzing. A file over
/// `limits.max_file_bytes` is reported as [`check`] reports it.
pub fn check_files(
    files: Vec<(String, Vec<u8>)>,
    config: &Config,
    policies: &PolicySet,
    today: &str,
) -> Result<Outcome> {
    let mut files = files;
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let (loaded, found): (Vec<File>, Vec<Vec<Diagnostic>>) = files
        .into_par_iter()
        .map(|(path, bytes)| {
            let size = bytes.len() as u64;
            let content =
                if size > config.limits.max_file_bytes { Content::TooLarge(size) } else { Content::Bytes(bytes) };
            let entry = Entry::new(path, None, EntryKind::File);
            load_one(&entry, content, config)
        })
        .unzip();
    let diagnostics = found.into_iter().flatten().collect();
    let found = find_in(loaded, diagnostics, Vec::new(), policies, today, &Reuse::default(), None)?;
    Ok(finish(found, config, policies, &Authority::default(), Vec::new()))
}

/// Every stage after loading, over documents already loaded (for
/// benchmarks and embedding).
pub fn evaluate(
    files: Vec<File>,
    diagnostics: Vec<Diagnostic>,
    notes: Vec<String>,
    config: &Config,
    policies: &PolicySet,
    today: &str,
) -> Result<Outcome> {
    let found = find_in(files, diagnostics, notes, policies, today, &Reuse::default(), None)?;
    Ok(finish(found, config, policies, &Authority::default(), Vec::new()))
}

/// The rules stage over documents already loaded: cross-file and
/// per-document rules and the policies. Fails only when the policies
/// overrun their time limit.
fn find_in(
    files: Vec<File>,
    mut diagnostics: Vec<Diagnostic>,
    mut notes: Vec<String>,
    policies: &PolicySet,
    today: &str,
    reuse: &Reuse<'_>,
    stand_in: Option<&File>,
) -> Result<Found> {
    let mut workspace = Workspace::new(files, today.to_owned());
    if let Some(base_roster) = stand_in.filter(|_| !workspace.has_sound_roster(&diagnostics)) {
        notes.push(format!(
            "the roster is missing or broken in this change: the base side's {} stands in for it, so every roster rule still applies",
            base_roster.path
        ));
        workspace.stand_in_roster(base_roster.clone());
    } else if workspace.roster.is_none() {
        notes.push(missing_roster_note(&workspace));
    }
    let workspace = Arc::new(workspace);
    // The policies run on their own thread meanwhile (see `PolicySet::check`).
    let (settled, mut policy_findings) = reuse.policy_findings(&workspace);
    let evaluation = policies.start(&workspace, Arc::new(settled))?;
    // The workspace rules are independent of each other: run them side by side.
    let found: Vec<Vec<Diagnostic>> = registry::RULES
        .par_iter()
        .filter_map(|rule| match rule.check {
            registry::Check::Workspace(check) => {
                let mut out = Vec::new();
                check(&workspace, &mut out);
                Some(out)
            }
            _ => None,
        })
        .collect();
    diagnostics.extend(found.into_iter().flatten());
    evaluation.wait(&mut policy_findings)?;
    diagnostics.extend(policy_findings.iter().cloned());
    // The policy worker has let go of it: this does not copy.
    let workspace = Arc::unwrap_or_clone(workspace);
    drop_what_misspelt_keys_explain(&workspace, &mut diagnostics);
    rules::unresolved_reference::suggest_for_rejected(&workspace, &mut diagnostics);
    Ok(Found { workspace, diagnostics, notes, policy_findings })
}

/// One problem, one diagnostic: a key a misspelt key was meant to be is
/// reported by `schema`'s "did you mean", not also by a rule that finds it
/// missing (a misspelt `telemetery:` is not also "no telemetry plan").
fn drop_what_misspelt_keys_explain(ws: &Workspace, diagnostics: &mut Vec<Diagnostic>) {
    let meant: HashMap<&str, &std::collections::BTreeSet<String>> =
        ws.files.iter().filter(|f| !f.meant.is_empty()).map(|f| (f.path.as_str(), &f.meant)).collect();
    if meant.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        d.rule == rules::schema::RULE.id || !meant.get(d.file.as_str()).is_some_and(|m| m.contains(&d.pointer))
    });
}

/// Why no roster was read: there is none, or the one there could not be read.
fn missing_roster_note(ws: &Workspace) -> String {
    let unread: Vec<&str> = ws
        .files
        .iter()
        .filter(|f| f.doc.is_none() && f.raw_kind.as_deref() == Some("Roster"))
        .map(|f| f.path.as_str())
        .collect();
    let what = "people's roles, team references and team capacity were not checked";
    match unread.as_slice() {
        [] => format!("no Roster document found: {what}"),
        paths => format!("the roster {} could not be read (see the problem reported in it): {what}", paths.join(", ")),
    }
}

/// The last stage: waivers (with what base mode says about who may
/// approve them), configured severities, fingerprints and report order.
/// `late` are findings to treat as this side's own (base mode's transition
/// rules, which a head waiver can cover).
pub fn finish(
    found: Found,
    config: &Config,
    policies: &PolicySet,
    authority: &Authority,
    late: Vec<Diagnostic>,
) -> Outcome {
    let Found { workspace, mut diagnostics, notes, policy_findings } = found;
    diagnostics.extend(late);
    let mut waivers = Waivers::judge(&workspace, policies, authority);
    let mut diagnostics = waivers.suppress(&workspace, diagnostics);
    diagnostics.extend(waivers.findings(&workspace));
    let mut diagnostics = configure(config, diagnostics);
    fingerprint::assign(&workspace, &mut diagnostics);
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Outcome { workspace, diagnostics, notes, policy_findings }
}

/// Applies `rules` and `overrides` from the configuration.
pub(crate) fn configure(config: &Config, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter_map(|mut d| {
            match config.setting(&d.rule, &d.file) {
                Some(Setting::Off) => return None,
                Some(Setting::Severity(severity)) if !d.pinned => d.severity = severity,
                _ => {}
            }
            Some(d)
        })
        .collect()
}

/// A JSON value as it would be written in YAML, for messages.
pub fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A workspace built from (path, text) pairs, read as `check` reads them
/// (parse, schema), for tests that need documents but no repository.
#[cfg(test)]
pub(crate) fn workspace_from(files: &[(&str, &str)], today: &str) -> Workspace {
    let config = Config::default();
    let mut loaded: Vec<File> = files
        .iter()
        .map(|(path, text)| {
            let entry = Entry::new((*path).to_owned(), None, EntryKind::File);
            load_one(&entry, Content::Bytes(text.as_bytes().to_vec()), &config).0
        })
        .collect();
    loaded.sort_by(|a, b| a.path.cmp(&b.path));
    Workspace::new(loaded, today.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(spans: &SpanMap) -> Vec<String> {
        let mut all: Vec<String> = spans.iter().map(|(pointer, node)| format!("{pointer} {node:?}")).collect();
        all.sort();
        all
    }

    #[test]
    fn a_loaded_file_rebuilds_the_spans_it_dropped() {
        let text = "apiVersion: roadlint/v1\nkind: Proposal\nid: P-1\ntitle: T\nowners:\n  product: ana\n";
        let entry = Entry::new("p.yaml".into(), None, EntryKind::File);
        let (file, _) = load_one(&entry, Content::Bytes(text.as_bytes().to_vec()), &Config::default());
        assert!(file.doc.as_ref().is_some_and(|doc| doc.spans.is_empty()), "the span map is dropped after loading");
        let parsed = parse::parse(text.as_bytes(), &Config::default().limits).document.expect("document");
        assert_eq!(sorted(file.spans().expect("spans")), sorted(&parsed.spans));
        assert_eq!(file.span("/owners/product").start, parse::Position::new(6, 12));
    }
}
