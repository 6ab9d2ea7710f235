//! Applying safe fixes ([`Fix`]) to a text: what `--fix` writes and what
//! an editor's code action sends, computed the same way.

use crate::diagnostic::Fix;
use crate::span::LineIndex;

/// One fix applied to a text: the text it replaced, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied<'f> {
    pub fix: &'f Fix,
    pub original: String,
}

/// Applies `fixes` to `text`, back to front so that earlier spans keep their
/// offsets; a fix that overlaps one already applied is skipped (two fixes
/// for the same place cannot both be right), and a repeated one counts once.
/// Returns the new text and what was applied, in file order.
pub fn apply<'f>(text: &str, fixes: &[&'f Fix]) -> (String, Vec<Applied<'f>>) {
    let index = LineIndex::new(text);
    let mut edits: Vec<(usize, usize, &'f Fix)> =
        fixes.iter().map(|f| (index.offset(f.span.start), index.offset(f.span.end), *f)).collect();
    edits.sort_by_key(|e| std::cmp::Reverse((e.0, e.1)));
    edits.dedup_by(|a, b| (a.0, a.1, &a.2.replacement) == (b.0, b.1, &b.2.replacement));
    let mut out = text.to_owned();
    let mut applied = Vec::new();
    let mut limit = usize::MAX;
    for (start, end, fix) in edits {
        if end > limit || start >= end || out.get(start..end).is_none() {
            continue;
        }
        let original = out[start..end].to_owned();
        out.replace_range(start..end, &fix.replacement);
        applied.push(Applied { fix, original });
        limit = start;
    }
    applied.reverse();
    (out, applied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::{Position, Span};

    fn fix(line: u32, from: u32, to: u32, replacement: &str) -> Fix {
        let span = Span::new(Position::new(line, from), Position::new(line, to));
        Fix { span, replacement: replacement.into(), title: String::new() }
    }

    #[test]
    fn fixes_apply_back_to_front_and_skip_overlaps() {
        let text = "estimte:\n  by: bne\nstatus: é-x\n";
        let a = fix(1, 1, 8, "estimate");
        let b = fix(2, 7, 10, "ben");
        let c = fix(2, 6, 9, "zz");
        let d = fix(3, 9, 12, "draft");
        let (out, applied) = apply(text, &[&a, &b, &c, &d, &d]);
        assert_eq!(out, "estimate:\n  by: ben\nstatus: draft\n");
        let originals: Vec<&str> = applied.iter().map(|a| a.original.as_str()).collect();
        assert_eq!(originals, ["estimte", "bne", "é-x"]);
    }
}
