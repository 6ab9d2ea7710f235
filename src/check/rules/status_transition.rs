use crate::check::registry::Check;

crate::declare_rule! {
    /// ## What it does
    /// Base mode only (`--base REV`). Checks that each proposal's status moved
    /// along an allowed edge between the merge base and the head:
    /// draft→proposed, draft→withdrawn, proposed→draft, proposed→accepted,
    /// proposed→rejected, proposed→withdrawn, accepted→in-progress,
    /// accepted→withdrawn, in-progress→accepted, in-progress→shipped,
    /// in-progress→withdrawn, rejected→draft, withdrawn→draft. Unchanged is
    /// allowed. A proposal new in the change must start as `draft` or
    /// `proposed`. Points at the head's `status`.
    ///
    /// ## Why it matters
    /// The lifecycle is how product and engineering agree: a proposal that
    /// jumps from draft to shipped skipped the review where owners, estimate
    /// and telemetry were agreed.
    ///
    /// ## Example
    /// ```yaml
    /// status: accepted   # was: draft
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// status: proposed   # draft → proposed; accept it in a later change
    /// ```
    id: "status-transition",
    severity: Error,
    summary: "base mode: status moves along an allowed edge; new proposals start as draft or proposed",
    check: Check::Transition,
}
