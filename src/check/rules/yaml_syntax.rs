use crate::check::registry::Check;

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
    check: Check::Pipeline,
}
