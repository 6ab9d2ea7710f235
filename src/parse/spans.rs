//! Where each node of a document stands in its file, by JSON pointer.

use super::Span;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

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
/// Pointers are written back to back into one string as the parser meets
/// the nodes — a child's pointer is its parent's, copied from that string,
/// plus one segment — so building the map allocates nothing per node.
/// The table of offsets is sorted for binary search on the first lookup.
#[derive(Debug, Clone, Default)]
pub struct SpanMap {
    /// Every pointer, back to back, in the order the nodes were met.
    arena: String,
    /// `(start, end)` of each pointer in `arena`, with its spans.
    entries: Vec<(u32, u32, NodeSpan)>,
    /// The entries in pointer order, for binary search: sorted on the
    /// first lookup, since most documents of a large run get none.
    order: OnceLock<Box<[u32]>>,
    /// Pointer → entry, built only when a document repeats a key (to find
    /// the first occurrence) and kept up to date from then on.
    index: Option<FxHashMap<Box<str>, usize>>,
}

/// Two maps are equal when they hold the same spans at the same pointers,
/// however they were built.
impl PartialEq for SpanMap {
    fn eq(&self, other: &Self) -> bool {
        let (mine, theirs) = (self.order(), other.order());
        mine.len() == theirs.len()
            && mine.iter().zip(theirs).all(|(&a, &b)| {
                let (a, b) = (&self.entries[a as usize], &other.entries[b as usize]);
                self.pointer_at(a) == other.pointer_at(b) && a.2 == b.2
            })
    }
}

/// One node recorded while a document is built.
pub(super) type EntryId = usize;

impl SpanMap {
    /// Records the root node.
    pub(super) fn root(&mut self, value: Span) -> EntryId {
        self.push(self.arena.len(), None, value)
    }

    /// Records the node at `parent`'s pointer plus `/segment`.
    pub(super) fn child(&mut self, parent: EntryId, segment: &str, key: Option<Span>, value: Span) -> EntryId {
        let start = self.parent_copy(parent);
        self.arena.push_str(segment);
        self.push(start, key, value)
    }

    /// Records the list element `parent/index`.
    pub(super) fn element(&mut self, parent: EntryId, index: usize, value: Span) -> EntryId {
        use std::fmt::Write as _;
        let start = self.parent_copy(parent);
        // Writing to a String cannot fail.
        let _ = write!(self.arena, "{index}");
        self.push(start, None, value)
    }

    /// Appends `parent`'s pointer and a `/`; returns where the copy starts.
    fn parent_copy(&mut self, parent: EntryId) -> usize {
        let start = self.arena.len();
        let (from, to, _) = self.entries[parent];
        self.arena.extend_from_within(from as usize..to as usize);
        self.arena.push('/');
        start
    }

    fn push(&mut self, start: usize, key: Option<Span>, value: Span) -> EntryId {
        // The parser's pointer budget keeps the arena far below 4 GiB.
        let range = (start as u32, self.arena.len() as u32);
        self.entries.push((range.0, range.1, NodeSpan { key, value }));
        let id = self.entries.len() - 1;
        if let Some(index) = &mut self.index {
            index.insert(self.arena[start..].into(), id);
        }
        id
    }

    /// The pointer of a recorded node.
    pub(super) fn pointer_of(&self, entry: EntryId) -> &str {
        self.pointer_at(&self.entries[entry])
    }

    pub(super) fn set_value(&mut self, entry: EntryId, value: Span) {
        self.entries[entry].2.value = value;
    }

    /// The spans recorded at `pointer` while the document is being built:
    /// for the first occurrence of a repeated key, which is rare, so the
    /// index behind it is built on first use.
    pub(super) fn find(&mut self, pointer: &str) -> Option<NodeSpan> {
        let index = match &mut self.index {
            Some(index) => index,
            None => {
                let mut index = FxHashMap::default();
                for (id, entry) in self.entries.iter().enumerate() {
                    index.insert(self.arena[entry.0 as usize..entry.1 as usize].into(), id);
                }
                self.index.insert(index)
            }
        };
        index.get(pointer).map(|&id| self.entries[id].2)
    }

    /// Whether no node is recorded (a parsed document records its root).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The total length of the pointers held, for the parser's budget.
    pub(super) fn pointer_bytes(&self) -> usize {
        self.arena.len()
    }

    /// Ends building; the map is read-only afterwards.
    pub(super) fn freeze(&mut self) {
        self.index = None;
        self.order = OnceLock::new();
        self.entries.shrink_to_fit();
        self.arena.shrink_to_fit();
    }

    fn order(&self) -> &[u32] {
        self.order.get_or_init(|| {
            // Documents hold far fewer than 4 billion nodes (see `Limits`).
            let mut order: Vec<u32> = (0..self.entries.len() as u32).collect();
            order.sort_unstable_by(|&a, &b| {
                self.pointer_at(&self.entries[a as usize]).cmp(self.pointer_at(&self.entries[b as usize]))
            });
            order.into_boxed_slice()
        })
    }

    fn pointer_at(&self, entry: &(u32, u32, NodeSpan)) -> &str {
        &self.arena[entry.0 as usize..entry.1 as usize]
    }

    /// The spans of exactly this node (the parser never looks one up
    /// before the map is frozen).
    pub fn get(&self, pointer: &str) -> Option<&NodeSpan> {
        let order = self.order();
        let at = order.binary_search_by(|&i| self.pointer_at(&self.entries[i as usize]).cmp(pointer)).ok()?;
        Some(&self.entries[order[at] as usize].2)
    }

    /// Every recorded node with its pointer, in no particular order: for
    /// checks that every span lies inside its file (property tests, fuzzing).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &NodeSpan)> {
        self.entries.iter().map(|entry| (self.pointer_at(entry), &entry.2))
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
    if memchr::memchr2(b'~', b'/', segment.as_bytes()).is_some() {
        segment.replace('~', "~0").replace('/', "~1").into()
    } else {
        segment.into()
    }
}
