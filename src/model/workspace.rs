//! Every document of one snapshot, indexed for cross-file rules.

use crate::model::SchemaKind;
use crate::parse::{Limits, NodeSpan, Parsed, Span, SpanMap};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use super::dependencies::Dependencies;
use super::load::{Loads, loads};
use super::{Commitment, Role, Status, filled};

/// Frees documents on another thread. A large run holds tens of thousands
/// of parsed documents, and freeing them one node at a time took longer
/// than some rules; the report need not wait for it (and when the process
/// exits first, the operating system reclaims the memory at once).
pub fn drop_in_background<T: Send + 'static>(documents: T) {
    let spawned = std::thread::Builder::new().name("roadlint-free".into()).spawn(move || drop(documents));
    // No thread to be had: the documents were dropped with the closure.
    let _ = spawned;
}

/// One file the include globs matched, parsed and schema-checked.
#[derive(Debug, Clone)]
pub struct File {
    /// Repository-relative, `/`-separated.
    pub path: String,
    /// The text as an editor shows it.
    pub text: String,
    pub blob: Option<git2::Oid>,
    /// The document's kind, when `kind` names a known one.
    pub kind: Option<SchemaKind>,
    /// The parsed document; `None` when the file is not YAML. Shared: base
    /// mode hands an unchanged document to the other side without a copy.
    /// Its span map is emptied once the file is loaded ([`File::forget_spans`]):
    /// spans are read through [`File::spans`] only, which rebuilds them.
    doc: Option<Arc<Parsed>>,
    /// The span map, rebuilt from `text` on first use. The spans of every
    /// node of every document were a large run's biggest cost in memory,
    /// and only the files a finding points into need them.
    spans: OnceLock<Arc<SpanMap>>,
    /// The limits the document was parsed with, to rebuild its spans alike.
    pub limits: Limits,
    /// Pointers of values the schema rejected: rules leave those to `schema`.
    pub(crate) invalid: BTreeSet<String>,
    /// Pointers of keys that a misspelt key probably meant (`/telemetry`
    /// for `telemetery:`): the schema's "did you mean" reports them, so a
    /// rule that finds them missing says nothing more.
    pub(crate) meant: BTreeSet<String>,
    /// The top-level `id:` read from the raw text of a file that does not parse.
    pub(crate) raw_id: Option<String>,
    /// The top-level `kind:` read from the raw text of a file that does not parse.
    pub(crate) raw_kind: Option<String>,
    /// [`File::status`], read on first use: rules ask it of every
    /// proposal a reference or an item leads to, again and again.
    status: OnceLock<Option<Status>>,
}

impl File {
    /// A file not read yet.
    pub fn new(path: String, blob: Option<git2::Oid>, limits: Limits) -> File {
        File {
            path,
            text: String::new(),
            blob,
            kind: None,
            doc: None,
            spans: OnceLock::new(),
            limits,
            invalid: BTreeSet::new(),
            meant: BTreeSet::new(),
            raw_id: None,
            raw_kind: None,
            status: OnceLock::new(),
        }
    }

    /// The same document at another path (a rename, or the same content on
    /// the other side of a change), sharing the parsed document.
    pub fn moved_to(&self, path: &str) -> File {
        File { path: path.to_owned(), ..self.clone() }
    }

    /// Whether the file parsed as a YAML document.
    pub fn is_parsed(&self) -> bool {
        self.doc.is_some()
    }

    /// The parsed document, spans included (the loader's view, before
    /// [`File::forget_spans`]).
    pub(crate) fn parsed(&self) -> Option<Arc<Parsed>> {
        self.doc.clone()
    }

    pub(crate) fn set_parsed(&mut self, parsed: Option<Parsed>) {
        self.doc = parsed.map(Arc::new);
        self.spans = OnceLock::new();
        self.status = OnceLock::new();
    }

    /// Drops a loaded document's span map: [`File::spans`] rebuilds it for
    /// the few files a finding points into.
    pub(crate) fn forget_spans(&mut self) {
        if let Some(doc) = self.doc.as_mut().and_then(Arc::get_mut) {
            doc.spans = SpanMap::default();
        }
    }

    pub fn value(&self) -> &Value {
        static NULL: Value = Value::Null;
        self.doc.as_ref().map_or(&NULL, |d| &d.value)
    }

    /// The value at a JSON pointer.
    pub fn get(&self, pointer: &str) -> Option<&Value> {
        super::lookup(self.value(), pointer)
    }

    /// The document's span map; `None` when the file is not YAML.
    pub fn spans(&self) -> Option<&SpanMap> {
        let doc = self.doc.as_ref()?;
        if !doc.spans.is_empty() {
            return Some(&doc.spans);
        }
        let spans = self.spans.get_or_init(|| {
            // The same text and limits give the same document and spans.
            let parsed = crate::parse::parse(self.text.as_bytes(), &self.limits);
            Arc::new(parsed.document.map(|doc| doc.spans).unwrap_or_default())
        });
        Some(spans)
    }

    /// Spans of a node or of its nearest existing ancestor.
    pub fn node(&self, pointer: &str) -> NodeSpan {
        match self.spans() {
            Some(spans) => spans.nearest(pointer).1,
            None => NodeSpan { key: None, value: self.first_line() },
        }
    }

    /// Where a value is, or the nearest existing container's key.
    pub fn span(&self, pointer: &str) -> Span {
        match self.spans() {
            Some(spans) => match spans.get(pointer) {
                Some(node) => node.value,
                None => self.missing(pointer),
            },
            None => self.first_line(),
        }
    }

    /// Where a missing key is reported: on the key of the mapping that lacks
    /// it, or on the `kind` line for a missing top-level key (docs/semantics.md).
    pub fn missing(&self, pointer: &str) -> Span {
        let Some(spans) = self.spans() else {
            return self.first_line();
        };
        let (found, node) = spans.nearest(pointer);
        if found.is_empty() { self.missing_top_level() } else { node.anchor() }
    }

    /// Where a missing top-level key is reported: the `kind` line (its key),
    /// or the first line of a document without one.
    pub fn missing_top_level(&self) -> Span {
        match self.spans().and_then(|spans| spans.get("/kind")) {
            Some(kind) => kind.anchor(),
            None => self.first_line(),
        }
    }

    pub fn first_line(&self) -> Span {
        Span::first_line(&self.text)
    }

    /// Whether the schema rejected this value or one of its ancestors.
    pub fn is_invalid(&self, pointer: &str) -> bool {
        self.invalid
            .iter()
            .any(|bad| pointer == bad || (pointer.starts_with(bad.as_str()) && pointer[bad.len()..].starts_with('/')))
    }

    /// The pointers of a list's elements (`/depends_on/0`, `/depends_on/1`,
    /// …); none when there is no list there.
    pub fn elements(&self, list: &str) -> impl Iterator<Item = String> + '_ {
        let count = self.get(list).and_then(Value::as_array).map_or(0, Vec::len);
        let list = list.to_owned();
        (0..count).map(move |i| format!("{list}/{i}"))
    }

    /// Whether the schema rejected this value or anything inside it.
    pub fn has_invalid_within(&self, pointer: &str) -> bool {
        self.is_invalid(pointer)
            || self.invalid.iter().any(|bad| bad.strip_prefix(pointer).is_some_and(|rest| rest.starts_with('/')))
    }

    /// A string field the schema accepted and that is filled in.
    pub fn text_at(&self, pointer: &str) -> Option<&str> {
        if self.is_invalid(pointer) {
            return None;
        }
        filled(self.value(), pointer)
    }

    /// A number at a pointer, when the schema accepted it.
    pub fn number_at(&self, pointer: &str) -> Option<f64> {
        if self.is_invalid(pointer) {
            return None;
        }
        self.get(pointer).and_then(Value::as_f64)
    }

    /// The top-level id, from the document or, for a broken file, its raw text.
    pub fn id(&self) -> Option<&str> {
        self.text_at("/id").or(self.raw_id.as_deref())
    }

    /// A proposal's status, when the schema accepted it. Asked once the
    /// file is loaded (the schema has judged it), never while loading.
    pub fn status(&self) -> Option<Status> {
        *self.status.get_or_init(|| {
            if self.is_invalid("/status") {
                return None;
            }
            self.value().get("status").and_then(Value::as_str).and_then(Status::parse)
        })
    }
}

/// One entry of a roadmap's `items`.
#[derive(Debug, Clone)]
pub struct Item {
    pub file: usize,
    /// JSON pointer of the item inside its roadmap (`/items/3`).
    pub pointer: String,
    pub id: Option<String>,
    pub proposal: Option<String>,
    pub team: Option<String>,
    pub quarter: Option<String>,
    pub commitment: Option<Commitment>,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub pointer: String,
    /// The roles the schema accepted.
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone)]
pub struct Team {
    pub pointer: String,
    pub members: Vec<(String, String)>,
    /// Quarter → (person-weeks, pointer of the entry).
    pub capacity: BTreeMap<String, (f64, String)>,
}

/// The repository's roster: people with roles, teams with capacity.
#[derive(Debug, Clone)]
pub struct Roster {
    /// Index of its file in [`Workspace::files`]; unused for a roster
    /// that stands in (read it through [`Workspace::roster_file`]).
    file: usize,
    /// Whether this is the base side's roster standing in for a head
    /// roster that is missing or broken (base mode).
    pub stand_in: bool,
    pub people: HashMap<String, Person>,
    pub teams: HashMap<String, Team>,
}

/// Every document of a run, in path order, with the indexes rules share.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub files: Vec<File>,
    /// Proposal id → the file of its first occurrence (path order).
    pub proposals: HashMap<String, usize>,
    /// Every roadmap item, files in path order, items in file order.
    pub items: Vec<Item>,
    pub roster: Option<Roster>,
    /// Ids read from the raw text of files that do not parse.
    pub broken_ids: HashSet<String>,
    /// The date rules see, `YYYY-MM-DD`.
    pub today: String,
    /// Each team's load per quarter, computed on first use.
    loads: OnceLock<Loads>,
    /// The dependency graph, computed on first use.
    dependencies: OnceLock<Dependencies>,
    /// Each proposal's earliest item, computed on first use.
    earliest: OnceLock<HashMap<String, usize>>,
    /// The base side's roster file, when it stands in for the head's.
    stand_in: Option<Box<File>>,
}

impl Workspace {
    /// Builds the indexes; `files` must be in path order.
    pub fn new(files: Vec<File>, today: String) -> Workspace {
        let mut proposals = HashMap::new();
        let mut items = Vec::new();
        let mut roster = None;
        let mut broken_ids = HashSet::new();
        for (index, file) in files.iter().enumerate() {
            if file.doc.is_none() {
                if let Some(id) = &file.raw_id {
                    broken_ids.insert(id.clone());
                }
                continue;
            }
            match file.kind {
                Some(SchemaKind::Proposal) => {
                    if let Some(id) = file.text_at("/id") {
                        proposals.entry(id.to_owned()).or_insert(index);
                    }
                }
                Some(SchemaKind::Roadmap) => {
                    let entries = file.value().get("items").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
                    for (i, entry) in entries.iter().enumerate() {
                        let pointer = format!("/items/{i}");
                        // `text_at` on the item's fields, without a lookup from the root each.
                        let field = |name: &str| {
                            let text = entry.get(name)?.as_str().filter(|text| !super::is_placeholder(text))?;
                            let rejected = !file.invalid.is_empty() && file.is_invalid(&format!("{pointer}/{name}"));
                            (!rejected).then(|| text.to_owned())
                        };
                        items.push(Item {
                            file: index,
                            id: field("id"),
                            proposal: field("proposal"),
                            team: field("team"),
                            quarter: field("quarter"),
                            commitment: field("commitment").as_deref().and_then(Commitment::parse),
                            pointer,
                        });
                    }
                }
                Some(SchemaKind::Roster) if roster.is_none() => roster = Some(read_roster(index, file)),
                _ => {}
            }
        }
        Workspace {
            files,
            proposals,
            items,
            roster,
            broken_ids,
            today,
            loads: OnceLock::new(),
            dependencies: OnceLock::new(),
            earliest: OnceLock::new(),
            stand_in: None,
        }
    }

    /// Files of one kind, with their indexes, in path order.
    pub fn of_kind(&self, kind: SchemaKind) -> impl Iterator<Item = (usize, &File)> {
        self.files.iter().enumerate().filter(move |(_, f)| f.kind == Some(kind) && f.doc.is_some())
    }

    /// Proposal files in path order, each id once: the file that owns it
    /// (its first occurrence; `duplicate-id` reports the others).
    pub fn proposal_files(&self) -> impl Iterator<Item = (&str, &File)> {
        self.of_kind(SchemaKind::Proposal).filter_map(move |(index, file)| {
            let id = file.text_at("/id")?;
            (self.proposals.get(id) == Some(&index)).then_some((id, file))
        })
    }

    /// The proposal file an id names.
    pub fn proposal(&self, id: &str) -> Option<&File> {
        self.proposals.get(id).map(|&i| &self.files[i])
    }

    /// The file the roster was read from: the base side's when it stands in.
    pub fn roster_file(&self) -> Option<&File> {
        let roster = self.roster.as_ref()?;
        match &self.stand_in {
            Some(file) if roster.stand_in => Some(file),
            _ => self.files.get(roster.file),
        }
    }

    /// Whether this workspace's own roster is present and read without a
    /// problem (`problems` are the load diagnostics of its files).
    pub fn has_sound_roster(&self, problems: &[crate::diagnostic::Diagnostic]) -> bool {
        let Some(file) = self.roster_file().filter(|_| self.roster.as_ref().is_some_and(|r| !r.stand_in)) else {
            return false;
        };
        !problems.iter().any(|d| d.file == file.path)
    }

    /// Puts another side's roster file in place of this workspace's roster
    /// (base mode, when the head's is missing or broken), so that no roster
    /// rule is silently skipped.
    pub fn stand_in_roster(&mut self, file: File) {
        let mut roster = read_roster(usize::MAX, &file);
        roster.stand_in = true;
        self.roster = Some(roster);
        self.stand_in = Some(Box::new(file));
        self.loads = OnceLock::new();
    }

    /// The load on every team in every quarter (see [`super::load`]).
    pub fn loads(&self) -> &Loads {
        self.loads.get_or_init(|| loads(self))
    }

    /// The proposals' dependency graph (see [`super::dependencies`]).
    pub fn dependencies(&self) -> &Dependencies {
        self.dependencies.get_or_init(|| Dependencies::of(self))
    }

    /// Each proposal's earliest roadmap item, by proposal id, as an index
    /// into [`Workspace::items`] (see [`super::dependencies::earliest`]).
    pub fn earliest(&self) -> &HashMap<String, usize> {
        self.earliest.get_or_init(|| super::dependencies::earliest(self))
    }

    /// Whether a proposal id exists, counting files that do not parse.
    pub fn knows_proposal(&self, id: &str) -> bool {
        self.proposals.contains_key(id) || self.broken_ids.contains(id)
    }
}

fn read_roster(index: usize, file: &File) -> Roster {
    let mut people = HashMap::new();
    let mut teams = HashMap::new();
    let value = file.value();
    for (i, person) in value.get("people").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let pointer = format!("/people/{i}");
        let Some(id) = file.text_at(&format!("{pointer}/id")) else { continue };
        let roles = person
            .get("roles")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).filter_map(Role::parse).collect())
            .unwrap_or_default();
        people.entry(id.to_owned()).or_insert(Person { pointer, roles });
    }
    for (i, team) in value.get("teams").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let pointer = format!("/teams/{i}");
        let Some(id) = file.text_at(&format!("{pointer}/id")) else { continue };
        let members = team
            .get("members")
            .and_then(Value::as_array)
            .map(|m| {
                m.iter()
                    .enumerate()
                    .filter_map(|(j, v)| Some((v.as_str()?.to_owned(), format!("{pointer}/members/{j}"))))
                    .collect()
            })
            .unwrap_or_default();
        let capacity = team
            .get("capacity")
            .and_then(Value::as_object)
            .map(|c| {
                c.iter()
                    .filter_map(|(q, v)| {
                        let entry = format!("{pointer}/capacity/{}", crate::parse::escape_pointer_segment(q));
                        if file.is_invalid(&entry) {
                            return None;
                        }
                        Some((q.clone(), (v.as_f64()?, entry)))
                    })
                    .collect()
            })
            .unwrap_or_default();
        teams.entry(id.to_owned()).or_insert(Team { pointer, members, capacity });
    }
    Roster { file: index, stand_in: false, people, teams }
}
