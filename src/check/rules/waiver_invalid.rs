use crate::check::registry::Check;

crate::declare_rule! {
    /// ## What it does
    /// Reports a waiver that names an unknown rule or one that cannot be
    /// waived (`yaml-syntax`, `duplicate-key`, `schema`, `waiver-expired`,
    /// `waiver-invalid`), that is approved by one of the proposal's own owners
    /// or by nobody, whose `expires` is not a real date, or that runs longer
    /// than 365 days from today. An invalid waiver suppresses nothing.
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
    summary: "a waiver names a waivable rule, is approved by a non-owner, and runs at most 365 days",
    check: Check::Waivers,
}
