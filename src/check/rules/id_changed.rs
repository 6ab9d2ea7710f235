use crate::check::registry::Check;

crate::declare_rule! {
    /// ## What it does
    /// Base mode only. Checks that a proposal file keeps its id: the same path
    /// on both sides, or a rename that git's default rename detection finds,
    /// must carry the same `id`. Reported instead of `deleted-item` for the old
    /// id. Points at the head's `id`.
    ///
    /// ## Why it matters
    /// Roadmaps, other proposals, tickets and conversations refer to a
    /// proposal by id. Changing it silently breaks every one of those links.
    ///
    /// ## Example
    /// ```yaml
    /// id: P-0043   # was: P-0042
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// id: P-0042   # keep the id; write a new proposal for a new idea
    /// ```
    id: "id-changed",
    severity: Error,
    summary: "base mode: a proposal file's id did not change",
    check: Check::Transition,
}
