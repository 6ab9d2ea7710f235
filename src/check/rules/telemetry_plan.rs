use crate::check::registry::Check;

crate::declare_rule! {
    /// ## What it does
    /// From `accepted` on, checks that a proposal's `telemetry` has a
    /// `hypothesis`, at least one metric with a `target`, and `review_after`,
    /// the date by which the outcome is reviewed. Each missing part is its own
    /// diagnostic. Placeholders count as missing.
    ///
    /// Implemented by the built-in governance pack (`policies/governance.yaml`).
    ///
    /// ## Why it matters
    /// Shipping is not the goal; the outcome is. Saying up front what will be
    /// measured, against what target and when, is how a team learns whether
    /// the idea worked.
    ///
    /// ## Example
    /// ```yaml
    /// status: accepted
    /// telemetry:
    ///   hypothesis: Fewer failed payments.
    ///   metrics:
    ///     - name: failed_payments
    ///       event: payment_failed
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// telemetry:
    ///   hypothesis: Fewer failed payments.
    ///   metrics:
    ///     - name: failed_payments
    ///       event: payment_failed
    ///       target: 0.01
    ///       direction: decrease
    ///   review_after: 2027-06-30
    /// ```
    id: "telemetry-plan",
    severity: Error,
    check: Check::Policy,
    governs: true,
}
