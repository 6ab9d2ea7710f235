use crate::check::registry::Check;

crate::declare_rule! {
    /// ## What it does
    /// Base mode only. Checks that an `accepted`, `in-progress` or `shipped`
    /// proposal is not deleted (set `status: withdrawn` instead), that a
    /// `committed` roadmap item is removed only when its proposal is withdrawn
    /// or rejected on the head side, and that the roster is not deleted or
    /// moved out of the include globs (renamed to `roster.YAML`, say); the
    /// base roster then stands in for it, so no roster rule is skipped.
    /// Moving a file (`P-1.yaml` to `archive/P-1.yaml`) is not a deletion; an
    /// id that survives only as the raw `id:` of a file that does not parse
    /// is. Points at the line in the base version.
    ///
    /// ## Why it matters
    /// Agreed work and commitments do not disappear quietly: withdrawing keeps
    /// the record of what was promised and why it was dropped.
    ///
    /// ## Example
    /// ```text
    /// git rm roadmap/proposals/P-0042-offline-mode.yaml   # status: accepted
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// status: withdrawn
    /// ```
    id: "deleted-item",
    severity: Error,
    summary: "base mode: accepted work is withdrawn, not deleted; committed items go only with their proposal; the roster stays",
    check: Check::Transition,
}
