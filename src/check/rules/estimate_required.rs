use crate::check::registry::Check;

crate::declare_rule! {
    /// ## What it does
    /// From `accepted` on, and for any proposal that a `committed` roadmap
    /// item schedules, checks that the proposal has an `estimate` whose `by`
    /// is a person with role `engineering`, and that an optional `range`
    /// contains the effort (`low <= effort <= high`). A placeholder (`TBD`,
    /// `TODO`, `?`, empty) counts as missing. For a proposal behind a committed
    /// item the diagnostic points into the proposal, with a label on the item.
    ///
    /// Implemented by the built-in governance pack (`policies/governance.yaml`).
    ///
    /// ## Why it matters
    /// Estimates made by the people who will do the work are the engineering
    /// half of the handshake; without them capacity planning is fiction.
    ///
    /// ## Example
    /// ```yaml
    /// status: accepted
    /// estimate:
    ///   effort: 6
    ///   range: [8, 12]
    ///   by: maya          # a product manager
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// status: accepted
    /// estimate:
    ///   effort: 6
    ///   range: [4, 9]
    ///   by: li            # role engineering
    /// ```
    id: "estimate-required",
    severity: Error,
    check: Check::Policy,
    governs: true,
}
