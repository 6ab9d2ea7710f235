use crate::check::registry::Check;

crate::declare_rule! {
    /// ## What it does
    /// Reports a waiver whose `expires` date has passed (a waiver holds
    /// through its `expires` day). The waiver stops suppressing, so the rule
    /// it named applies again. Points at `expires`. "Today" is the real date
    /// unless `--today` or `ROADLINT_TODAY` says otherwise.
    ///
    /// ## Why it matters
    /// Exceptions are granted for a time, for a reason. An exception nobody
    /// revisits becomes the rule; expiry forces the conversation again.
    ///
    /// ## Example
    /// ```yaml
    /// waivers:
    ///   - rule: telemetry-plan
    ///     reason: Pilot with three customers.
    ///     approved_by: carol
    ///     expires: 2025-01-31
    /// ```
    ///
    /// ## Use instead
    /// Fix what the waiver covered and remove the waiver, or have it approved
    /// again with a new date:
    /// ```yaml
    ///     expires: 2027-03-31
    /// ```
    id: "waiver-expired",
    severity: Error,
    summary: "a waiver's expires date has passed; the waived rule applies again",
    check: Check::Waivers,
}
