use crate::check::registry::Check;
use crate::diagnostic::Diagnostic;
use crate::span::{Position, Span};

crate::declare_rule! {
    /// ## What it does
    /// Checks that every included file is UTF-8 text holding exactly one YAML
    /// document, within the limits on size (1 MiB), nesting depth (128) and
    /// nodes after alias expansion (100,000). The diagnostic points at the
    /// position where the parser gave up.
    ///
    /// ## Why it matters
    /// A file roadlint cannot read is a file nobody's rules apply to: a broken
    /// proposal would silently drop out of capacity sums and dependency checks.
    /// The other files are still checked.
    ///
    /// ## Example
    /// ```yaml
    /// value:
    ///   reach: 1200
    ///     impact: 2      # indented under a scalar
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// value:
    ///   reach: 1200
    ///   impact: 2
    /// ```
    id: "yaml-syntax",
    severity: Error,
    summary: "the file is UTF-8 and parses as one YAML document within the limits",
    check: Check::Load,
    waivable: false,
}

/// A file over `limits.max_file_bytes`, not read.
pub(crate) fn too_large(path: &str, size: u64, limit: u64) -> Diagnostic {
    RULE.diagnostic(path, Span::point(Position::START))
        .message(format!("the file is {size} bytes, over the limit of {limit} bytes"))
        .label("not read")
        .help("split it into smaller documents, or raise limits.max_file_bytes in .roadlint.yaml")
}

/// A file git or the file system could not give, or whose path is not UTF-8.
pub(crate) fn unreadable(path: &str, why: &str) -> Diagnostic {
    RULE.diagnostic(path, Span::point(Position::START))
        .message(format!("the file cannot be read: {why}"))
        .label("not read")
        .help("a file the include globs match is a document: make it readable, or exclude it in .roadlint.yaml")
}
