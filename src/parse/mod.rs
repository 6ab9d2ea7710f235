//! YAML text → JSON value plus a map from JSON pointer to source span.
//!
//! roadlint builds its own tree from `saphyr-parser`'s event stream rather
//! than going through serde: events carry start *and* end positions for every
//! scalar and container, tell plain scalars from quoted ones (so YAML 1.1
//! surprises such as `yes` or `010` stay strings), and let us enforce the
//! depth and alias-expansion limits before any work is spent on a hostile file.
//!
//! Most documents take a faster road to the same events: [`fast`] reads the
//! common block-style subset of YAML line by line and hands anything else
//! back to saphyr, so the builder below never knows which one it was fed.
//!
//! Memory is bounded by the file's size, not just its node count: aliases
//! of long text and long keys nested deeply (every node's span is filed
//! under its whole path of keys) would otherwise turn a file under 1 MiB
//! into gigabytes. Both are budgeted as multiples of `max_file_bytes`.

mod fast;
mod scalar;
mod spans;

pub use crate::span::{LineIndex, Position, Span};
use spans::EntryId;
pub use spans::{NodeSpan, SpanMap, escape_pointer_segment};

use saphyr_parser::{Event, Marker, Parser, ScanError};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Bounds on one file; docs/configuration.md `limits`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_depth: usize,
    pub max_nodes: usize,
}

impl Limits {
    /// Most bytes of text (keys and scalars) a document may hold once its
    /// aliases are expanded: a file without aliases holds at most its size.
    pub fn max_expanded_bytes(&self) -> u64 {
        self.max_file_bytes.saturating_mul(16)
    }

    /// Most bytes the paths of keys to every node may add up to: a few
    /// megabytes for a 100,000-node document with ordinary keys. Never
    /// over 4 GiB, which the packed [`SpanMap`] indexes with `u32`.
    pub fn max_pointer_bytes(&self) -> u64 {
        self.max_file_bytes.saturating_mul(32).min(u64::from(u32::MAX))
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_file_bytes: 1024 * 1024, max_depth: 128, max_nodes: 100_000 }
    }
}

/// A well-formed YAML document.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub value: Value,
    pub spans: SpanMap,
}

/// Why a file's text is not a usable document.
#[derive(Debug, Clone, PartialEq)]
pub enum ParseProblem {
    /// The text is not UTF-8, not YAML, holds a second document, or breaks
    /// a limit; `help`, when the parser can tell, says what to do.
    Syntax { message: String, span: Span, help: Option<&'static str> },
    /// A mapping repeats a key; the first occurrence wins.
    /// `pointer` is the key's JSON pointer in the document.
    DuplicateKey { key: String, pointer: String, span: Span, first: Span },
}

/// The result of parsing one file: the document if there is one, and every
/// problem found on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseOutcome {
    /// The text as an editor shows it (lossy for non-UTF-8 input, without a BOM).
    pub text: String,
    /// `None` for an empty file or a syntax error.
    pub document: Option<Parsed>,
    pub problems: Vec<ParseProblem>,
}

/// Parses one file's bytes.
pub fn parse(bytes: &[u8], limits: &Limits) -> ParseOutcome {
    parse_with(bytes, limits, true)
}

/// [`parse`] through saphyr-parser alone, without the fast path for
/// common documents: the reference the fast path is tested against.
pub fn parse_reference(bytes: &[u8], limits: &Limits) -> ParseOutcome {
    parse_with(bytes, limits, false)
}

/// Whether [`parse`] reads this text through the fast path (for tests that
/// make sure the fast path is really taken).
pub fn takes_fast_path(text: &str, limits: &Limits) -> bool {
    fast::events(text, limits.max_depth).is_some()
}

fn parse_with(bytes: &[u8], limits: &Limits, fast_path: bool) -> ParseOutcome {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            let valid = std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or_default();
            let at = LineIndex::new(valid).position(valid.len());
            // The bad byte is one replacement character in the lossy text.
            let span = LineIndex::new(&lossy).fit(Span::new(at, Position::new(at.line, at.column + 1)));
            let message = format!(
                "the file is not valid UTF-8 (byte 0x{:02X} at offset {})",
                bytes[error.valid_up_to()],
                error.valid_up_to()
            );
            return ParseOutcome {
                text: lossy,
                document: None,
                problems: vec![ParseProblem::Syntax { message, span, help: None }],
            };
        }
    };
    if let Some(problem) = forbidden_character(text) {
        return ParseOutcome { text: text.to_owned(), document: None, problems: vec![problem] };
    }
    let (mut builder, result);
    match fast_path.then(|| fast::events(text, limits.max_depth)).flatten() {
        Some(events) => {
            builder = Builder::new(limits, None);
            result = builder.run(events.into_iter().map(Ok));
        }
        None => {
            builder = Builder::new(limits, Some(Lines::new(text)));
            result = builder.run(Parser::new_from_str(text));
        }
    }
    let mut problems = builder.problems;
    builder.spans.freeze();
    let document = match result {
        Ok(value) => value.map(|value| Parsed { value, spans: builder.spans }),
        Err(problem) => {
            problems.push(tab_in_indentation(text, &problem).unwrap_or(problem));
            None
        }
    };
    if problems.is_empty() {
        return ParseOutcome { text: text.to_owned(), document, problems };
    }
    let index = LineIndex::new(text);
    for problem in &mut problems {
        match problem {
            ParseProblem::Syntax { span, .. } => *span = index.fit(*span),
            ParseProblem::DuplicateKey { span, first, .. } => {
                *span = index.fit(*span);
                *first = index.fit(*first);
            }
        }
    }
    ParseOutcome { text: text.to_owned(), document, problems }
}

/// Where each line of the text starts, counted in characters.
///
/// Positions come from the character index saphyr's markers carry, not from
/// their line and column: saphyr also ends a line at a lone `\r` and starts
/// one more at the end of the stream, while roadlint's lines are what
/// [`LineIndex`] says (only `\n` ends one), so that every position reported
/// is one of the text's own.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        // In ASCII text characters are bytes, and bytes are cheaper to scan.
        if text.is_ascii() {
            starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        } else {
            starts.extend(text.chars().enumerate().filter(|&(_, c)| c == '\n').map(|(i, _)| i + 1));
        }
        Lines { starts }
    }

    fn position(&self, marker: &Marker) -> Position {
        let index = marker.index();
        // `starts[0]` is 0, so the line is at least 1.
        let line = self.starts.partition_point(|&start| start <= index);
        let start = self.starts.get(line.wrapping_sub(1)).copied().unwrap_or(0);
        Position::new(line as u32, (index - start) as u32 + 1)
    }
}

/// The first bytes of characters YAML may not allow (see [`forbidden_character`]).
const SUSPECT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = !matches!(b, 0x09 | 0x0A | 0x0D);
        b += 1;
    }
    table[0x7F] = true;
    table[0xC2] = true;
    table[0xEF] = true;
    table
};

/// The first character YAML does not allow in a stream, as a problem at it:
/// C0 controls other than tab, line feed and carriage return, DEL, the C1
/// controls (NEL included) and the non-characters U+FFFE and U+FFFF. A
/// document holding one is refused whole: such bytes could reach a terminal
/// through a message and move its cursor, clear it, or fake output.
fn forbidden_character(text: &str) -> Option<ParseProblem> {
    let bytes = text.as_bytes();
    // In UTF-8 every forbidden character starts with a byte below 0x20, 0x7F,
    // 0xC2 (C1 controls) or 0xEF (U+FFFE, U+FFFF): a table finds those, and
    // only they are looked at closely.
    let mut from = 0;
    let at = loop {
        let i = from + bytes[from..].iter().position(|&b| SUSPECT[usize::from(b)])?;
        let forbidden = match bytes[i] {
            0xC2 => bytes.get(i + 1).is_some_and(|next| (0x80..=0x9F).contains(next)),
            0xEF => bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)),
            _ => true,
        };
        if forbidden {
            break i;
        }
        from = i + 1;
    };
    let character = text[at..].chars().next()?;
    let start = LineIndex::new(text).position(at);
    let span = Span::new(start, Position::new(start.line, start.column + 1));
    let what = if character.is_control() { "control character" } else { "non-character" };
    Some(syntax(format!("the file holds the {what} U+{:04X}, which YAML does not allow", u32::from(character)), span))
}

fn syntax(message: impl Into<String>, span: Span) -> ParseProblem {
    ParseProblem::Syntax { message: message.into(), span, help: None }
}

/// A tab in a line's indentation, at or before where the parser gave up,
/// as the problem to report instead: YAML forbids tabs there, and the
/// parser's own position is often a line earlier, at an unrelated value.
fn tab_in_indentation(text: &str, problem: &ParseProblem) -> Option<ParseProblem> {
    let ParseProblem::Syntax { span, .. } = problem else { return None };
    let last = span.start.line as usize + 1;
    text.split('\n').take(last).enumerate().find_map(|(index, line)| {
        let indentation = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
        let column = indentation.find('\t')?;
        // A line of nothing but spaces and tabs indents nothing.
        if indentation.len() == line.trim_end_matches('\r').len() {
            return None;
        }
        let at = Position::new(index as u32 + 1, column as u32 + 1);
        Some(ParseProblem::Syntax {
            message: "a tab in the indentation: YAML allows only spaces there".to_owned(),
            span: Span::new(at, Position::new(at.line, at.column + 1)),
            help: Some("indent with spaces; YAML forbids tabs for indentation"),
        })
    })
}

/// How deeply saphyr's scanner lets flow collections (`[[[…]]]`) nest.
const SCANNER_FLOW_DEPTH: usize = 255;

/// A container under construction. `entry` is its own node in the span
/// map, `None` under a repeated key (whose value is dropped).
enum Frame {
    Sequence {
        items: Vec<Value>,
        start: Position,
        anchor: usize,
        entry: Option<EntryId>,
    },
    Mapping {
        map: Map<String, Value>,
        start: Position,
        anchor: usize,
        entry: Option<EntryId>,
        /// The key whose value comes next, with the value's node; no node
        /// when the key repeats an earlier one (its value is dropped).
        pending: Option<(String, Option<EntryId>)>,
    },
}

/// What a node costs against the budgets: nodes, and bytes of text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Cost {
    nodes: usize,
    bytes: u64,
}

struct Builder<'l> {
    limits: &'l Limits,
    /// Line starts for saphyr's markers; `None` for the fast path's, whose
    /// line and column are already roadlint's.
    lines: Option<Lines>,
    stack: Vec<Frame>,
    /// Anchored values with what one more copy of each costs.
    anchors: HashMap<usize, (Value, Cost)>,
    /// The running cost when each container on the stack started, to price
    /// their anchors.
    counts: Vec<Cost>,
    /// Everything built so far, aliases expanded.
    spent: Cost,
    spans: SpanMap,
    problems: Vec<ParseProblem>,
    root: Option<Value>,
}

impl<'l> Builder<'l> {
    fn new(limits: &'l Limits, lines: Option<Lines>) -> Self {
        Builder {
            limits,
            lines,
            stack: Vec::new(),
            anchors: HashMap::new(),
            counts: Vec::new(),
            spent: Cost::default(),
            spans: SpanMap::default(),
            problems: Vec::new(),
            root: None,
        }
    }

    fn run<'t>(
        &mut self,
        events: impl Iterator<Item = Result<(Event<'t>, saphyr_parser::Span), ScanError>>,
    ) -> Result<Option<Value>, ParseProblem> {
        let mut documents = 0;
        for event in events {
            let (event, span) = event.map_err(|e| self.scan_error(&e))?;
            let span = self.span(&span);
            self.check_pointer_bytes(span)?;
            match event {
                Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        return Err(syntax(
                            "a file holds one document; a second one starts here",
                            Span::new(span.start, Position::new(span.start.line, span.start.column + 3)),
                        ));
                    }
                }
                Event::Scalar(text, style, anchor, tag) => {
                    let cost = Cost { nodes: 1, bytes: text.len() as u64 };
                    self.spend(cost, span)?;
                    let value = if self.expects_key() {
                        Value::String(text.into_owned())
                    } else {
                        scalar::resolve(&text, style, tag.as_deref())
                    };
                    if anchor > 0 {
                        self.anchors.insert(anchor, (value.clone(), cost));
                    }
                    if self.expects_key() {
                        self.key(value, span);
                    } else {
                        let entry = self.open_node(span, span)?;
                        self.complete(value, span, entry);
                    }
                }
                Event::Alias(anchor) => {
                    let Some(&(_, cost)) = self.anchors.get(&anchor) else {
                        return Err(syntax("this alias names no anchor", span));
                    };
                    // Priced before it is copied.
                    self.spend(cost, span)?;
                    let value = self.anchors.get(&anchor).map(|(value, _)| value.clone()).unwrap_or_default();
                    let entry = self.open_node(span, span)?;
                    self.complete(value, span, entry);
                }
                Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                    let at = span;
                    if self.stack.len() >= self.limits.max_depth {
                        return Err(syntax(format!("nesting deeper than {} levels", self.limits.max_depth), at));
                    }
                    self.spend(Cost { nodes: 1, bytes: 0 }, at)?;
                    let entry = self.open_node(at, at)?;
                    self.counts.push(self.spent);
                    self.stack.push(match event {
                        Event::SequenceStart(..) => {
                            Frame::Sequence { items: Vec::new(), start: at.start, anchor, entry }
                        }
                        _ => Frame::Mapping { map: Map::new(), start: at.start, anchor, entry, pending: None },
                    });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let end = span.end;
                    let Some(frame) = self.stack.pop() else {
                        return Err(syntax("unbalanced YAML structure", span));
                    };
                    let before = self.counts.pop().unwrap_or(self.spent);
                    let (value, start, anchor, entry) = match frame {
                        Frame::Sequence { items, start, anchor, entry } => (Value::Array(items), start, anchor, entry),
                        Frame::Mapping { map, start, anchor, entry, .. } => (Value::Object(map), start, anchor, entry),
                    };
                    if anchor > 0 {
                        let cost =
                            Cost { nodes: self.spent.nodes - before.nodes + 1, bytes: self.spent.bytes - before.bytes };
                        self.anchors.insert(anchor, (value.clone(), cost));
                    }
                    self.complete(value, Span::new(start, end), entry);
                }
            }
        }
        Ok(self.root.take())
    }

    /// Whether the next node is a mapping key (kept as written, never resolved).
    fn expects_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Mapping { pending: None, .. }))
    }

    /// Adds a node (or an alias's copy of one) to what the document costs,
    /// failing at the node count or expanded-text budget.
    fn spend(&mut self, cost: Cost, at: Span) -> Result<(), ParseProblem> {
        self.spent.nodes = self.spent.nodes.saturating_add(cost.nodes);
        self.spent.bytes = self.spent.bytes.saturating_add(cost.bytes);
        if self.spent.nodes > self.limits.max_nodes {
            return Err(syntax(format!("more than {} nodes after expanding aliases", self.limits.max_nodes), at));
        }
        if self.spent.bytes > self.limits.max_expanded_bytes() {
            return Err(syntax(
                format!("aliases expand the document to more than {} bytes of text", self.limits.max_expanded_bytes()),
                at,
            ));
        }
        Ok(())
    }

    /// Fails once the paths of keys to the nodes built so far outgrow
    /// their budget (see [`Limits::max_pointer_bytes`]).
    fn check_pointer_bytes(&self, at: Span) -> Result<(), ParseProblem> {
        if self.spans.pointer_bytes() as u64 > self.limits.max_pointer_bytes() {
            return Err(syntax(
                format!(
                    "the paths of keys to this document's values add up to more than {} bytes \
                     (long keys, or deep nesting)",
                    self.limits.max_pointer_bytes()
                ),
                at,
            ));
        }
        Ok(())
    }

    /// saphyr's marker as a position in roadlint's terms.
    fn position(&self, marker: &Marker) -> Position {
        match &self.lines {
            Some(lines) => lines.position(marker),
            None => Position::new(marker.line() as u32, marker.col() as u32 + 1),
        }
    }

    fn span(&self, span: &saphyr_parser::Span) -> Span {
        Span::new(self.position(&span.start), self.position(&span.end))
    }

    fn scan_error(&self, error: &ScanError) -> ParseProblem {
        let at = self.position(error.marker());
        // The scanner's own bound on flow nesting says "recursion limit".
        let message = if error.info() == "recursion limit exceeded" {
            format!("nesting deeper than {} levels", self.limits.max_depth.min(SCANNER_FLOW_DEPTH))
        } else {
            format!("invalid YAML: {}", error.info())
        };
        syntax(message, Span::new(at, Position::new(at.line, at.column + 1)))
    }

    /// Records the value node that starts now, inside the top frame; `None`
    /// inside a repeated key's value, which is dropped.
    fn open_node(&mut self, at: Span, span: Span) -> Result<Option<EntryId>, ParseProblem> {
        match self.stack.last() {
            None => Ok(Some(self.spans.root(span))),
            Some(Frame::Sequence { items, entry, .. }) => {
                let index = items.len();
                Ok(entry.map(|parent| self.spans.element(parent, index, span)))
            }
            Some(Frame::Mapping { pending: Some((_, child)), .. }) => Ok(*child),
            Some(Frame::Mapping { pending: None, .. }) => {
                Err(syntax("a mapping or list used as a key is not supported; keys must be plain text", at))
            }
        }
    }

    /// A mapping key: records the node it names, or the repetition.
    fn key(&mut self, value: Value, span: Span) {
        let Some(Frame::Mapping { map, entry, pending, .. }) = self.stack.last_mut() else { return };
        let key = scalar::key_text(value);
        if map.contains_key(&key) {
            let (pointer, first) = match entry {
                Some(parent) => {
                    let pointer = format!("{}/{}", self.spans.pointer_of(*parent), escape_pointer_segment(&key));
                    let first = self.spans.find(&pointer).map_or(span, |n| n.anchor());
                    (pointer, first)
                }
                // Inside a repeated key's value, which is dropped.
                None => (format!("/{}", escape_pointer_segment(&key)), span),
            };
            self.problems.push(ParseProblem::DuplicateKey { key: key.clone(), pointer, span, first });
            *pending = Some((key, None));
        } else {
            // The key enters the map with its value: no other key of this
            // mapping can come before that value is complete.
            let child = entry.map(|parent| self.spans.child(parent, &escape_pointer_segment(&key), Some(span), span));
            *pending = Some((key, child));
        }
    }

    /// Places a finished node into its parent (or makes it the root).
    fn complete(&mut self, value: Value, span: Span, entry: Option<EntryId>) {
        if let Some(entry) = entry {
            self.spans.set_value(entry, span);
        }
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(Frame::Sequence { items, .. }) => items.push(value),
            Some(Frame::Mapping { map, pending, .. }) => {
                if let Some((key, Some(_))) = pending.take() {
                    map.insert(key, value);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
