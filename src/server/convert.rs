//! Between roadlint's positions (1-based lines, columns in code points)
//! and the protocol's (0-based lines, columns in UTF-16 code units), and
//! between `file:` URIs and repository-relative paths.

use crate::span::{LineIndex, Position, Span};
use lsp_types::Uri;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The protocol position of a roadlint position in `text`.
pub fn to_lsp(text: &str, pos: Position) -> lsp_types::Position {
    let line = pos.line.saturating_sub(1);
    let line_text = text.split('\n').nth(line as usize).unwrap_or("");
    let column: usize = line_text.chars().take(pos.column.saturating_sub(1) as usize).map(char::len_utf16).sum();
    lsp_types::Position::new(line, column as u32)
}

/// The protocol range of a span in `text`.
pub fn range(text: &str, span: Span) -> lsp_types::Range {
    lsp_types::Range::new(to_lsp(text, span.start), to_lsp(text, span.end))
}

/// The roadlint position of a protocol position in `text`: a column past
/// the end of its line is the line's end.
pub fn from_lsp(text: &str, pos: lsp_types::Position) -> Position {
    let line_text = text.split('\n').nth(pos.line as usize).unwrap_or("");
    let mut units = 0;
    let mut column = 1;
    for c in line_text.trim_end_matches('\r').chars() {
        if units >= pos.character as usize {
            break;
        }
        units += c.len_utf16();
        column += 1;
    }
    Position::new(pos.line + 1, column)
}

/// The byte offset of a protocol position in `text`.
pub fn offset(text: &str, pos: lsp_types::Position) -> usize {
    LineIndex::new(text).offset(from_lsp(text, pos))
}

/// The file path a `file:` URI names.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file:///C:/x` on Windows; `file:///x` elsewhere.
    let rest = if cfg!(windows) { rest.trim_start_matches('/') } else { rest };
    let bytes = percent_decode(rest)?;
    Some(PathBuf::from(String::from_utf8(bytes).ok()?))
}

/// The `file:` URI of a path.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let text = path.to_str()?.replace('\\', "/");
    let mut out = String::from(if text.starts_with('/') { "file://" } else { "file:///" });
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            b':' if out.len() > 8 => out.push(':'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    Uri::from_str(&out).ok()
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_in_the_protocol() {
        let text = "a: 🙂é x\r\nb\n";
        // `x` is the 7th code point, after 7 UTF-16 units (the emoji takes two).
        let pos = Position::new(1, 7);
        assert_eq!(to_lsp(text, pos), lsp_types::Position::new(0, 7));
        assert_eq!(from_lsp(text, lsp_types::Position::new(0, 7)), pos);
        assert_eq!(from_lsp(text, lsp_types::Position::new(0, 99)), Position::new(1, 8));
        assert_eq!(&text[offset(text, lsp_types::Position::new(1, 0))..], "b\n");
    }

    #[test]
    fn uris_round_trip_through_paths() {
        let path = Path::new("/tmp/a b/ré.yaml");
        let uri = path_to_uri(path).expect("uri");
        assert_eq!(uri.as_str(), "file:///tmp/a%20b/r%C3%A9.yaml");
        assert_eq!(uri_to_path(&uri).as_deref(), Some(path));
    }
}
