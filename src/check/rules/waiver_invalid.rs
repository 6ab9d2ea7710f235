use crate::check::registry::Check;

crate::declare_rule! {
    /// ## What it does
    /// Reports a waiver that approves nothing: it names an unknown rule or one
    /// that cannot be waived (`yaml-syntax`, `duplicate-key`, `schema`,
    /// `waiver-expired`, `waiver-invalid`); nobody approved it (`approved_by`
    /// missing or a placeholder such as `TBD`); its approver is not a roster
    /// person, or owns the proposal; its `reason` is a placeholder; or it runs
    /// longer than 365 days from today. In base mode, a waiver the change
    /// adds or alters must also be approved by a person the base side's
    /// roster lists: a change cannot add someone to the roster and have them
    /// approve its own exceptions. One diagnostic per waiver names every
    /// reason; it points at the first. An invalid waiver suppresses nothing,
    /// and is not also `waiver-expired`. (A waiver with a schema error, such
    /// as `expires: +2027-01-01`, suppresses nothing either; `schema` reports
    /// it.)
    ///
    /// ## Why it matters
    /// A waiver is a second person's judgement that an exception is worth it,
    /// for a limited time. Owners approving their own exceptions, or
    /// exceptions without end, defeat the point.
    ///
    /// ## Example
    /// ```yaml
    /// owners: { product: noor, engineering: li }
    /// waivers:
    ///   - rule: telemetry-plan
    ///     reason: Internal tool.
    ///     approved_by: noor
    ///     expires: 2027-03-31
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///     approved_by: carol   # someone who does not own the proposal
    /// ```
    id: "waiver-invalid",
    severity: Error,
    summary: "a waiver names a waivable rule, a reason and a roster approver who is no owner, and runs at most 365 days",
    check: Check::Waivers,
}
