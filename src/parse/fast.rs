//! A fast front end for the YAML roadlint documents are usually written in.
//!
//! saphyr-parser reads YAML one character at a time through a token queue,
//! which is most of what a check costs. Real documents use a small part of
//! YAML: block mappings with plain keys, block lists, one-line scalars, flow
//! lists of scalars, `|` and `>` text, comments. For exactly that part, this
//! module produces the same events, with the same positions, that saphyr's
//! parser does, line by line; [`super::Builder`] turns either into a value
//! and span map.
//!
//! Anything outside that part — anchors, tags, flow mappings, multi-line
//! plain or quoted scalars, tabs, carriage returns, several documents,
//! explicit keys, odd indentation, any syntax error — makes it decline
//! (`None`), and the file goes through saphyr as before. So the fast path
//! never decides what is valid YAML; it only has to agree with saphyr where
//! it answers, which `tests/it/fast_parse.rs` and the `parse_agrees` fuzz
//! target check on every file and on generated ones.

use saphyr_parser::{Event, Marker, ScalarStyle, Span as Marks};
use std::borrow::Cow;

/// Events with saphyr's spans, in saphyr's order.
pub(super) type Events<'t> = Vec<(Event<'t>, Marks)>;

/// The events of `text`, or `None` when the fast path declines it.
/// `max_depth` is the nesting limit: deeper documents are left to the
/// reference path, which reports them.
pub(super) fn events(text: &str, max_depth: usize) -> Option<Events<'_>> {
    if !ordinary_characters(text) {
        return None;
    }
    let mut reader = Reader::new(text, max_depth);
    reader.document()?;
    Some(reader.events)
}

/// Whether the text avoids characters whose handling is saphyr's to decide:
/// tabs, carriage returns, other control characters, and the Unicode line
/// separators and byte-order marks that YAML treats specially.
fn ordinary_characters(text: &str) -> bool {
    let ordinary_byte = |b: u8| b == b'\n' || (b' '..0x7F).contains(&b) || b >= 0x80;
    if !text.bytes().all(ordinary_byte) {
        return false;
    }
    text.is_ascii()
        || !text
            .chars()
            .any(|c| matches!(c, '\u{80}'..='\u{9F}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'))
}

/// One line of the text, without its `\n`.
struct Line {
    start: usize,
    end: usize,
    /// Leading spaces.
    indent: usize,
    kind: LineKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum LineKind {
    /// Empty, or spaces only.
    Blank,
    /// A comment, possibly indented.
    Comment,
    Content,
}

/// Whether a block scalar keeps its last line break (`|`) or not (`|-`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Chomping {
    Clip,
    Strip,
}

struct Reader<'t> {
    text: &'t str,
    bytes: &'t [u8],
    lines: Vec<Line>,
    /// The character index where each line starts; empty for ASCII text,
    /// where characters are bytes.
    line_chars: Vec<usize>,
    /// The next line to read.
    next: usize,
    depth: usize,
    max_depth: usize,
    events: Events<'t>,
}

impl<'t> Reader<'t> {
    fn new(text: &'t str, max_depth: usize) -> Self {
        let bytes = text.as_bytes();
        let mut lines = Vec::with_capacity(bytes.len() / 24 + 1);
        let mut start = 0;
        while start <= bytes.len() {
            let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
            let indent = bytes[start..end].iter().take_while(|&&b| b == b' ').count();
            let kind = match bytes.get(start + indent) {
                _ if start + indent == end => LineKind::Blank,
                Some(b'#') => LineKind::Comment,
                _ => LineKind::Content,
            };
            lines.push(Line { start, end, indent, kind });
            start = end + 1;
        }
        let line_chars = if text.is_ascii() {
            Vec::new()
        } else {
            let mut counts = Vec::with_capacity(lines.len());
            let mut total = 0;
            for line in &lines {
                counts.push(total);
                // The line's characters and its `\n`.
                total += text[line.start..line.end].chars().count() + 1;
            }
            counts
        };
        // About two events a line, reserved up front.
        let events = Vec::with_capacity(lines.len() * 2 + 4);
        Reader { text, bytes, lines, line_chars, next: 0, depth: 0, max_depth, events }
    }

    /// saphyr's marker for byte `at` of line `line`.
    fn mark(&self, line: usize, at: usize) -> Marker {
        let start = self.lines[line].start;
        let (index, column) = if self.line_chars.is_empty() {
            (at, at - start)
        } else {
            let column = self.text[start..at].chars().count();
            (self.line_chars[line] + column, column)
        };
        Marker::new(index, line + 1, column)
    }

    fn end_of_stream(&self) -> Marker {
        let last = self.lines.len() - 1;
        self.mark(last, self.lines[last].end)
    }

    fn emit(&mut self, event: Event<'t>, start: Marker, end: Marker) {
        self.events.push((event, Marks::new(start, end)));
    }

    fn point(&mut self, event: Event<'t>, at: Marker) {
        self.emit(event, at, at);
    }

    /// The first line at or after `from` with content (not blank, not a comment).
    fn content_from(&self, from: usize) -> Option<usize> {
        (from..self.lines.len()).find(|&i| self.lines[i].kind == LineKind::Content)
    }

    /// The first line at or after `from` that is not blank.
    fn non_blank_from(&self, from: usize) -> Option<usize> {
        (from..self.lines.len()).find(|&i| self.lines[i].kind != LineKind::Blank)
    }

    /// Where the first character of a content line stands: the token that
    /// ends the collections closed before it.
    fn token_mark(&self, line: usize) -> Marker {
        self.mark(line, self.lines[line].start + self.lines[line].indent)
    }

    /// Where a collection that ends before line `next` (or the end) ends.
    fn end_mark(&self, next: Option<usize>) -> Marker {
        next.map_or_else(|| self.end_of_stream(), |line| self.token_mark(line))
    }

    fn document(&mut self) -> Option<()> {
        // Document markers and directives are saphyr's.
        let marker = |l: &Line| l.start + 3 <= l.end && matches!(&self.bytes[l.start..l.start + 3], b"---" | b"...");
        if self.lines.iter().any(|l| marker(l) || self.bytes.get(l.start) == Some(&b'%')) {
            return None;
        }
        let origin = Marker::new(0, 1, 0);
        self.point(Event::StreamStart, origin);
        let Some(first) = self.content_from(0) else {
            let end = self.end_of_stream();
            self.point(Event::StreamEnd, end);
            return Some(());
        };
        if self.lines[first].indent != 0 {
            return None;
        }
        let at = self.token_mark(first);
        self.point(Event::DocumentStart(false), at);
        if self.dash_at(first, 0) {
            self.sequence(first, 0, false)?;
        } else {
            self.mapping(first, 0)?;
        }
        if self.content_from(self.next).is_some() {
            return None;
        }
        let end = self.end_of_stream();
        self.point(Event::DocumentEnd, end);
        self.point(Event::StreamEnd, end);
        Some(())
    }

    /// Whether line `line` has a list entry's `-` at column `column`.
    fn dash_at(&self, line: usize, column: usize) -> bool {
        let at = self.lines[line].start + column;
        self.bytes.get(at) == Some(&b'-') && (at + 1 == self.lines[line].end || self.bytes[at + 1] == b' ')
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= self.max_depth).then_some(())
    }

    /// A block mapping whose first key starts at `column` of `line`.
    fn mapping(&mut self, line: usize, column: usize) -> Option<()> {
        self.enter()?;
        let start = self.lines[line].start + column;
        let at = self.mark(line, start);
        self.point(Event::MappingStart(0, None), at);
        let mut line = line;
        let mut key_start = start;
        let end = loop {
            let key_end = self.key(line, key_start)?;
            let (from, to) = (self.mark(line, key_start), self.mark(line, key_end));
            self.emit(
                Event::Scalar(Cow::Borrowed(&self.text[key_start..key_end]), ScalarStyle::Plain, 0, None),
                from,
                to,
            );
            self.mapping_value(line, key_end, column)?;
            let next = self.content_from(self.next);
            match next {
                Some(n) if self.lines[n].indent == column && !self.dash_at(n, column) => {
                    line = n;
                    key_start = self.lines[n].start + column;
                }
                Some(n) if self.lines[n].indent < column => break self.end_mark(next),
                // A list entry where a key belongs, or deeper indentation:
                // saphyr reports (or reads) those.
                Some(_) => return None,
                None => break self.end_of_stream(),
            }
        };
        self.point(Event::MappingEnd, end);
        self.depth -= 1;
        Some(())
    }

    /// The end of a plain key starting at `at` (its `:` follows, then a
    /// space or the end of the line); `None` for anything else.
    fn key(&self, line: usize, at: usize) -> Option<usize> {
        let end = self.lines[line].end;
        let first = *self.bytes.get(at)?;
        if !(first.is_ascii_alphanumeric() || first == b'_') {
            return None;
        }
        let length = self.bytes[at..end]
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/' | b'$'))
            .count();
        // YAML bounds a key without `?` to 1024 characters; saphyr reports
        // longer ones.
        if length > 1000 {
            return None;
        }
        let colon = at + length;
        let followed = colon + 1 == end || self.bytes.get(colon + 1) == Some(&b' ');
        (self.bytes.get(colon) == Some(&b':') && followed).then_some(colon)
    }

    /// The value after the key ending at `colon`, in a mapping at `column`.
    fn mapping_value(&mut self, line: usize, colon: usize, column: usize) -> Option<()> {
        let at = self.skip_spaces(line, colon + 1);
        if at < self.lines[line].end && self.bytes[at] != b'#' {
            return self.inline_value(line, at, column);
        }
        // Nothing more on this line: a nested block, or an empty value.
        let next = self.content_from(line + 1);
        match next {
            Some(n) if self.lines[n].indent > column => {
                let indent = self.lines[n].indent;
                if self.dash_at(n, indent) { self.sequence(n, indent, false) } else { self.mapping(n, indent) }
            }
            // A list at the key's own indentation belongs to the key.
            Some(n) if self.lines[n].indent == column && self.dash_at(n, column) => self.sequence(n, column, true),
            _ => {
                let at = self.mark(line, colon);
                self.point(Event::Scalar(Cow::Borrowed(""), ScalarStyle::Plain, 0, None), at);
                self.next = line + 1;
                Some(())
            }
        }
    }

    fn skip_spaces(&self, line: usize, from: usize) -> usize {
        let end = self.lines[line].end;
        from + self.bytes[from.min(end)..end].iter().take_while(|&&b| b == b' ').count()
    }

    /// A block list whose first `-` is at `column` of `line`. An
    /// indentless list (a mapping value at the key's own indentation)
    /// starts, for saphyr, at its first entry's content.
    fn sequence(&mut self, line: usize, column: usize, indentless: bool) -> Option<()> {
        self.enter()?;
        let dash = self.lines[line].start + column;
        let mut line = line;
        let mut content = self.entry_content(line, dash)?;
        let at = self.mark(line, if indentless { content } else { dash });
        self.point(Event::SequenceStart(0, None), at);
        let end = loop {
            match self.key(line, content) {
                Some(_) => self.mapping(line, content - self.lines[line].start)?,
                None => self.inline_value(line, content, column)?,
            }
            let next = self.content_from(self.next);
            match next {
                Some(n) if self.lines[n].indent == column && self.dash_at(n, column) => {
                    line = n;
                    content = self.entry_content(n, self.lines[n].start + column)?;
                }
                Some(n) if self.lines[n].indent < column => break self.end_mark(next),
                Some(n) if indentless && self.lines[n].indent == column => break self.end_mark(next),
                Some(_) => return None,
                None => break self.end_of_stream(),
            }
        };
        self.point(Event::SequenceEnd, end);
        self.depth -= 1;
        Some(())
    }

    /// Where the content of the list entry whose `-` is at `dash` starts;
    /// `None` for an entry with nothing after the dash on its line, or a
    /// list nested on the same line (`- - x`): saphyr's to read.
    fn entry_content(&self, line: usize, dash: usize) -> Option<usize> {
        let at = self.skip_spaces(line, dash + 1);
        let end = self.lines[line].end;
        if at >= end || self.bytes[at] == b'#' || self.dash_followed_by_space(line, at) {
            return None;
        }
        Some(at)
    }

    fn dash_followed_by_space(&self, line: usize, at: usize) -> bool {
        self.bytes[at] == b'-' && (at + 1 == self.lines[line].end || self.bytes[at + 1] == b' ')
    }

    /// A value starting at `at` on `line`, inside a block at `parent`
    /// indentation (a mapping's key column or a list's dash column).
    fn inline_value(&mut self, line: usize, at: usize, parent: usize) -> Option<()> {
        match self.bytes[at] {
            b'|' | b'>' => return self.block_scalar(line, at, parent),
            b'[' => self.flow_sequence(line, at)?,
            // saphyr ends a quoted scalar after the spaces and the comment
            // that follow it: here, at the end of the line.
            b'"' => {
                let (text, end) = self.double_quoted(line, at)?;
                self.line_rest(line, end)?;
                self.scalar(text, ScalarStyle::DoubleQuoted, line, at, self.lines[line].end);
            }
            b'\'' => {
                let (text, end) = self.single_quoted(line, at)?;
                self.line_rest(line, end)?;
                self.scalar(text, ScalarStyle::SingleQuoted, line, at, self.lines[line].end);
            }
            b'-' if self.dash_followed_by_space(line, at) => return None,
            b'&' | b'*' | b'!' | b'?' | b':' | b'%' | b'@' | b'`' | b'{' | b'}' | b',' | b']' | b'#' => return None,
            _ => {
                let end = self.plain_end(line, at)?;
                self.scalar(Cow::Borrowed(&self.text[at..end]), ScalarStyle::Plain, line, at, end);
            }
        }
        // One line only: a deeper line next would continue a plain scalar,
        // or be an error; both are saphyr's.
        if self.non_blank_from(line + 1).is_some_and(|n| self.lines[n].indent > parent) {
            return None;
        }
        self.next = line + 1;
        Some(())
    }

    fn scalar(&mut self, text: Cow<'t, str>, style: ScalarStyle, line: usize, start: usize, end: usize) {
        let (from, to) = (self.mark(line, start), self.mark(line, end));
        self.emit(Event::Scalar(text, style, 0, None), from, to);
    }

    /// Only spaces, or spaces and a comment, after a value that ended at `at`.
    fn line_rest(&self, line: usize, at: usize) -> Option<()> {
        let rest = self.skip_spaces(line, at);
        let end = self.lines[line].end;
        (rest == end || (rest > at && self.bytes[rest] == b'#')).then_some(())
    }

    /// The end of a plain scalar in block context (trailing spaces and a
    /// comment excluded); `None` when `: ` appears in it.
    fn plain_end(&self, line: usize, at: usize) -> Option<usize> {
        let end = self.lines[line].end;
        let mut last = at;
        let mut i = at;
        while i < end {
            match self.bytes[i] {
                b'#' if self.bytes[i - 1] == b' ' => break,
                b':' if i + 1 == end || self.bytes[i + 1] == b' ' => return None,
                b' ' => {}
                _ => last = i + 1,
            }
            i += 1;
        }
        Some(last)
    }

    /// A double-quoted scalar closed on its line, with the simple escapes;
    /// its text and the byte after the closing quote.
    fn double_quoted(&self, line: usize, at: usize) -> Option<(Cow<'t, str>, usize)> {
        let end = self.lines[line].end;
        let mut owned: Option<String> = None;
        let mut plain_from = at + 1;
        let mut i = at + 1;
        loop {
            match *self.bytes.get(i).filter(|_| i < end)? {
                b'"' => break,
                b'\\' => {
                    let escaped = match *self.bytes.get(i + 1).filter(|_| i + 1 < end)? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'n' => '\n',
                        b't' => '\t',
                        _ => return None,
                    };
                    let out = owned.get_or_insert_with(String::new);
                    out.push_str(&self.text[plain_from..i]);
                    out.push(escaped);
                    i += 2;
                    plain_from = i;
                }
                _ => i += 1,
            }
        }
        let text = match owned {
            Some(mut out) => {
                out.push_str(&self.text[plain_from..i]);
                Cow::Owned(out)
            }
            None => Cow::Borrowed(&self.text[at + 1..i]),
        };
        Some((text, i + 1))
    }

    /// A single-quoted scalar closed on its line (`''` is a quote).
    fn single_quoted(&self, line: usize, at: usize) -> Option<(Cow<'t, str>, usize)> {
        let end = self.lines[line].end;
        let mut i = at + 1;
        let mut doubled = false;
        loop {
            if i >= end {
                return None;
            }
            if self.bytes[i] == b'\'' {
                if self.bytes.get(i + 1) == Some(&b'\'') && i + 1 < end {
                    doubled = true;
                    i += 2;
                    continue;
                }
                break;
            }
            i += 1;
        }
        let inner = &self.text[at + 1..i];
        let text = if doubled { Cow::Owned(inner.replace("''", "'")) } else { Cow::Borrowed(inner) };
        Some((text, i + 1))
    }

    /// `[a, 'b', "c"]` on one line: scalars only, no trailing comma.
    fn flow_sequence(&mut self, line: usize, open: usize) -> Option<()> {
        self.enter()?;
        let end = self.lines[line].end;
        let first = self.skip_spaces(line, open + 1);
        if first >= end {
            return None;
        }
        let (from, to) = (self.mark(line, open), self.mark(line, first));
        self.emit(Event::SequenceStart(0, None), from, to);
        let mut at = first;
        if self.bytes[at] != b']' {
            loop {
                // A quoted scalar's span takes the spaces after it in.
                let after = match self.bytes[at] {
                    b'"' => {
                        let (text, after) = self.double_quoted(line, at)?;
                        let after = self.skip_spaces(line, after);
                        self.scalar(text, ScalarStyle::DoubleQuoted, line, at, after);
                        after
                    }
                    b'\'' => {
                        let (text, after) = self.single_quoted(line, at)?;
                        let after = self.skip_spaces(line, after);
                        self.scalar(text, ScalarStyle::SingleQuoted, line, at, after);
                        after
                    }
                    _ => {
                        let after = self.flow_plain_end(line, at)?;
                        self.scalar(Cow::Borrowed(&self.text[at..after]), ScalarStyle::Plain, line, at, after);
                        after
                    }
                };
                at = self.skip_spaces(line, after);
                match self.bytes.get(at).filter(|_| at < end)? {
                    b']' => break,
                    b',' => {
                        at = self.skip_spaces(line, at + 1);
                        if at >= end || matches!(self.bytes[at], b']' | b',') {
                            return None;
                        }
                    }
                    _ => return None,
                }
            }
        }
        self.line_rest(line, at + 1)?;
        // Like a quoted scalar, the list ends after what follows it on its line.
        let (from, to) = (self.mark(line, at), self.mark(line, self.lines[line].end));
        self.emit(Event::SequenceEnd, from, to);
        self.depth -= 1;
        Some(())
    }

    /// The end of a plain scalar inside `[...]` (trailing spaces excluded);
    /// `None` for anything but simple words.
    fn flow_plain_end(&self, line: usize, at: usize) -> Option<usize> {
        let end = self.lines[line].end;
        let first = self.bytes[at];
        let indicator = matches!(
            first,
            b'&' | b'*'
                | b'!'
                | b'?'
                | b':'
                | b'%'
                | b'@'
                | b'`'
                | b'{'
                | b'}'
                | b'['
                | b']'
                | b','
                | b'#'
                | b'|'
                | b'>'
        );
        if indicator || (first == b'-' && matches!(self.bytes.get(at + 1), None | Some(b' ' | b',' | b']'))) {
            return None;
        }
        // One word, then spaces: saphyr has rules of its own for what may
        // follow a space inside a flow scalar (`[a -]` is an error).
        let mut last = at;
        let mut i = at;
        while i < end {
            match self.bytes[i] {
                b',' | b']' => return Some(last),
                b'[' | b'{' | b'}' | b':' | b'"' | b'\'' | b'#' => return None,
                b' ' => {}
                _ if last < i => return None,
                _ => last = i + 1,
            }
            i += 1;
        }
        None
    }

    /// A `|` or `>` scalar whose indicator is at `at`, inside a block at
    /// `parent` indentation: a header of the indicator and an optional `-`,
    /// content lines at one indentation (folded text: exactly one), no
    /// leading blank lines and no lines of spaces.
    fn block_scalar(&mut self, line: usize, at: usize, parent: usize) -> Option<()> {
        let literal = self.bytes[at] == b'|';
        let mut header_end = at + 1;
        let chomping = if self.bytes.get(header_end) == Some(&b'-') && header_end < self.lines[line].end {
            header_end += 1;
            Chomping::Strip
        } else {
            Chomping::Clip
        };
        if header_end < self.lines[line].end && self.bytes[header_end] != b' ' {
            return None;
        }
        self.line_rest(line, header_end)?;
        let first = line + 1;
        let indent = self.lines.get(first).filter(|l| l.start < l.end).map(|l| l.indent)?;
        if indent <= parent || self.lines[first].indent == self.lines[first].end - self.lines[first].start {
            return None;
        }
        // The content lines, and the first line after the scalar.
        let mut last_content = first;
        let mut after = first;
        while let Some(l) = self.lines.get(after) {
            if l.start == l.end {
                after += 1;
                continue;
            }
            if l.indent == l.end - l.start {
                return None;
            }
            if l.indent < indent {
                break;
            }
            if !literal && l.indent > indent {
                return None;
            }
            last_content = after;
            after += 1;
        }
        let mut text = String::new();
        let mut blank_run = 0;
        for l in &self.lines[first..=last_content] {
            if l.start == l.end {
                blank_run += 1;
                continue;
            }
            if !text.is_empty() || blank_run > 0 {
                if literal {
                    text.extend(std::iter::repeat_n('\n', blank_run + 1));
                } else if blank_run == 0 {
                    text.push(' ');
                } else {
                    text.extend(std::iter::repeat_n('\n', blank_run));
                }
            }
            blank_run = 0;
            text.push_str(&self.text[l.start + indent..l.end]);
        }
        if chomping == Chomping::Clip {
            text.push('\n');
        }
        let from = self.mark(first, self.lines[first].start + indent);
        let next = (after < self.lines.len()).then_some(after);
        let to = self.end_mark(next);
        let style = if literal { ScalarStyle::Literal } else { ScalarStyle::Folded };
        self.emit(Event::Scalar(Cow::Owned(text), style, 0, None), from, to);
        self.next = after;
        Some(())
    }
}
