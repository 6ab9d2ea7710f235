use crate::check::registry::Check;

crate::declare_rule! {
    /// ## What it does
    /// Checks each document against the JSON Schema of its `kind` (see
    /// `roadlint schema KIND`): types, allowed values, id formats, unknown
    /// keys, and the identity fields every document needs. A wrong value is
    /// reported on the value, an unknown key on the key (with "did you mean"),
    /// a missing key on the mapping that lacks it. Keys starting with `x-` are
    /// free for local extensions. An empty file, or one that is not a mapping
    /// with a known `kind`, is also a `schema` error.
    ///
    /// ## Why it matters
    /// A typo such as `estimte:` or `status: aproved` would otherwise pass
    /// silently, and every governance rule would judge the proposal as if the
    /// field were missing.
    ///
    /// ## Example
    /// ```yaml
    /// status: aproved
    /// estimte:
    ///   effort: 6
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// status: accepted
    /// estimate:
    ///   effort: 6
    /// ```
    id: "schema",
    severity: Error,
    summary: "the document matches the JSON Schema of its kind",
    check: Check::Pipeline,
}
