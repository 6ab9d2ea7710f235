//! Where each node of a document stands in its file, by JSON pointer.

use super::Span;
use rustc_hash::FxHashMap;

/// The key (for mapping entries) and value spans of one node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeSpan {
    pub key: Option<Span>,
    pub value: Span,
}

impl NodeSpan {
    /// Where a diagnostic about the whole node belongs: on its key when it
    /// has one, since a container's value may span many lines.
    pub fn anchor(&self) -> Span {
        self.key.unwrap_or(self.value)
    }
}

/// JSON pointer (RFC 6901) → spans. Nodes reached through an alias map to the
/// alias itself; deeper pointers fall back to their nearest recorded ancestor.
///
/// While a document is parsed, spans go into a hash map; [`SpanMap::freeze`]
/// then packs them into one string of sorted pointers and a table of
/// offsets, which holds a document's spans in about half the memory — they
/// stay alive for the whole run, for every document.
#[derive(Debug, Clone, Default)]
pub struct SpanMap {
    building: FxHashMap<String, NodeSpan>,
    /// Every pointer, in sorted order, back to back.
    arena: String,
    /// `(start, end)` of each pointer in `arena`, with its spans, sorted.
    entries: Vec<(u32, u32, NodeSpan)>,
    /// The length of every pointer held: each node holds its whole path of
    /// keys, so long keys nested deeply cost far more than the file's size.
    pointer_bytes: usize,
}

impl SpanMap {
    pub(super) fn insert(&mut self, pointer: String, key: Option<Span>, value: Span) {
        let len = pointer.len();
        if self.building.insert(pointer, NodeSpan { key, value }).is_none() {
            self.pointer_bytes = self.pointer_bytes.saturating_add(len);
        }
    }

    pub(super) fn insert_key(&mut self, pointer: String, key: Span) {
        self.insert(pointer, Some(key), key);
    }

    pub(super) fn set_value(&mut self, pointer: String, value: Span) {
        match self.building.get_mut(&pointer) {
            Some(node) => node.value = value,
            None => self.insert(pointer, None, value),
        }
    }

    /// The total length of the pointers held, for the parser's budget.
    pub(super) fn pointer_bytes(&self) -> usize {
        self.pointer_bytes
    }

    /// Packs the spans recorded so far; the map is read-only afterwards.
    pub(super) fn freeze(&mut self) {
        let mut nodes: Vec<(String, NodeSpan)> = std::mem::take(&mut self.building).into_iter().collect();
        nodes.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        self.arena = String::with_capacity(nodes.iter().map(|(p, _)| p.len()).sum());
        self.entries = Vec::with_capacity(nodes.len());
        for (pointer, node) in nodes {
            // The parser's pointer budget keeps the arena far below 4 GiB.
            let start = self.arena.len() as u32;
            self.arena.push_str(&pointer);
            self.entries.push((start, self.arena.len() as u32, node));
        }
    }

    fn pointer_at(&self, entry: &(u32, u32, NodeSpan)) -> &str {
        &self.arena[entry.0 as usize..entry.1 as usize]
    }

    /// The spans of exactly this node.
    pub fn get(&self, pointer: &str) -> Option<&NodeSpan> {
        if !self.building.is_empty() {
            return self.building.get(pointer);
        }
        let index = self.entries.binary_search_by(|entry| self.pointer_at(entry).cmp(pointer)).ok()?;
        Some(&self.entries[index].2)
    }

    /// Every recorded node with its pointer, in no particular order: for
    /// checks that every span lies inside its file (property tests, fuzzing).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &NodeSpan)> {
        let building = self.building.iter().map(|(pointer, node)| (pointer.as_str(), node));
        let frozen = self.entries.iter().map(|entry| (self.pointer_at(entry), &entry.2));
        building.chain(frozen)
    }

    /// The spans of this node or, when it does not exist, of its nearest
    /// existing ancestor, with that ancestor's pointer.
    pub fn nearest<'p>(&self, pointer: &'p str) -> (&'p str, NodeSpan) {
        let mut current = pointer;
        loop {
            if let Some(node) = self.get(current) {
                return (current, *node);
            }
            match current.rfind('/') {
                Some(cut) => current = &current[..cut],
                None => {
                    return (
                        "",
                        self.get("")
                            .copied()
                            .unwrap_or(NodeSpan { key: None, value: Span::point(super::Position::START) }),
                    );
                }
            }
        }
    }
}

/// Escapes one reference token for a JSON pointer (`~` → `~0`, `/` → `~1`).
pub fn escape_pointer_segment(segment: &str) -> std::borrow::Cow<'_, str> {
    if segment.contains(['~', '/']) { segment.replace('~', "~0").replace('/', "~1").into() } else { segment.into() }
}
