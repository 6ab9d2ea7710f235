//! Positions as an editor shows them, and the mapping back to bytes.
//!
//! Lines and columns are 1-based and a column counts Unicode code points (a
//! tab is one; see docs/output.md). A byte-order mark is not counted and a
//! CRLF ends a line like a LF does.

use serde::Serialize;

/// A 1-based line and a 1-based column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

impl Position {
    pub const START: Position = Position { line: 1, column: 1 };

    pub fn new(line: u32, column: u32) -> Self {
        Position { line, column }
    }
}

/// A half-open range of text: `end` points just past the last character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: Position,
    pub end: Position,
}

impl Span {
    pub fn new(start: Position, end: Position) -> Self {
        Span { start, end }
    }

    /// An empty span at one position.
    pub fn point(at: Position) -> Self {
        Span { start: at, end: at }
    }

    /// The first line of a document: where missing top-level keys are
    /// reported. Empty when the line is (an empty file has no character to
    /// underline).
    pub fn first_line(text: &str) -> Self {
        let first = text.lines().next().unwrap_or("");
        let width = first.trim_end_matches('\r').chars().count() as u32;
        Span::new(Position::START, Position::new(1, width + 1))
    }
}

/// Maps line/column positions of one text to byte offsets and back.
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, line_starts }
    }

    /// Byte offset of a position, clamped to the text.
    pub fn offset(&self, pos: Position) -> usize {
        let line = (pos.line.max(1) - 1) as usize;
        let Some(&start) = self.line_starts.get(line) else {
            return self.text.len();
        };
        let end = self.line_starts.get(line + 1).copied().unwrap_or(self.text.len());
        let line_text = &self.text[start..end];
        let column = (pos.column.max(1) - 1) as usize;
        start + line_text.char_indices().nth(column).map_or(line_text.len(), |(i, _)| i)
    }

    /// Whether `pos` names a character of the text or the place just past
    /// the end of a line (where a span's end may point): what every
    /// position roadlint reports must satisfy.
    pub fn contains(&self, pos: Position) -> bool {
        let Some(line) = (pos.line as usize).checked_sub(1) else {
            return false;
        };
        let Some(&start) = self.line_starts.get(line) else {
            return false;
        };
        let end = self.line_starts.get(line + 1).map_or(self.text.len(), |next| next - 1);
        let width = self.text[start..end].chars().count();
        pos.column >= 1 && pos.column as usize <= width + 1
    }

    /// The span moved inside the text: a position past the end of its line
    /// or of the text comes back to the nearest place that exists, and the
    /// end never precedes the start. Parser errors at the end of a file
    /// point one character past it.
    pub fn fit(&self, span: Span) -> Span {
        let start = self.clamp(span.start);
        let end = self.clamp(span.end).max(start);
        Span::new(start, end)
    }

    fn clamp(&self, pos: Position) -> Position {
        if self.contains(pos) {
            return pos;
        }
        let last = self.position(self.text.len());
        let line = pos.line.clamp(1, last.line);
        let start = self.line_starts[line as usize - 1];
        let end = self.line_starts.get(line as usize).map_or(self.text.len(), |next| next - 1);
        let width = self.text[start..end].chars().count() as u32;
        Position::new(line, pos.column.clamp(1, width + 1))
    }

    /// Position of a byte offset (which need not fall on a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = self.text.as_bytes()[start..offset].iter().filter(|&&b| (b & 0xC0) != 0x80).count();
        Position::new(line as u32 + 1, column as u32 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_round_trip_through_multibyte_characters() {
        let text = "a: é\n🙂: x\n";
        let index = LineIndex::new(text);
        let pos = Position::new(2, 4);
        let offset = index.offset(pos);
        assert_eq!(&text[offset..offset + 1], "x");
        assert_eq!(index.position(offset), pos);
    }

    #[test]
    fn contains_accepts_characters_and_line_ends_only() {
        let index = LineIndex::new("ab\r\n🙂\n");
        for (line, column) in [(1, 1), (1, 3), (1, 4), (2, 1), (2, 2), (3, 1)] {
            assert!(index.contains(Position::new(line, column)), "{line}:{column}");
        }
        for (line, column) in [(0, 1), (1, 0), (1, 5), (2, 3), (3, 2), (4, 1)] {
            assert!(!index.contains(Position::new(line, column)), "{line}:{column}");
        }
    }

    #[test]
    fn fit_moves_spans_inside_the_text() {
        let index = LineIndex::new("ab\ncd\n");
        let span = |a: (u32, u32), b: (u32, u32)| Span::new(Position::new(a.0, a.1), Position::new(b.0, b.1));
        assert_eq!(index.fit(span((3, 1), (3, 2))), span((3, 1), (3, 1)));
        assert_eq!(index.fit(span((1, 2), (1, 9))), span((1, 2), (1, 3)));
        assert_eq!(index.fit(span((7, 7), (9, 9))), span((3, 1), (3, 1)));
        assert_eq!(index.fit(span((2, 1), (2, 3))), span((2, 1), (2, 3)));
        assert_eq!(Span::first_line(""), span((1, 1), (1, 1)));
    }

    #[test]
    fn position_past_the_end_is_clamped() {
        let index = LineIndex::new("ab");
        assert_eq!(index.offset(Position::new(9, 9)), 2);
        assert_eq!(index.position(99), Position::new(1, 3));
    }
}
