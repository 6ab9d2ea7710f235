use crate::check::registry::Check;

crate::declare_rule! {
    /// ## What it does
    /// Checks that no mapping repeats a key. The diagnostic points at the
    /// second occurrence and labels the first; roadlint reads the first.
    ///
    /// ## Why it matters
    /// Most YAML loaders silently keep the last value, so a reviewer reading
    /// the first one approves something other than what tools see.
    ///
    /// ## Example
    /// ```yaml
    /// title: Offline mode
    /// status: proposed
    /// title: Offline mode for technicians
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// title: Offline mode for technicians
    /// status: proposed
    /// ```
    id: "duplicate-key",
    severity: Error,
    summary: "no mapping repeats a key",
    check: Check::Load,
    waivable: false,
}
