use crate::check::registry::Check;

crate::declare_rule! {
    /// ## What it does
    /// From `proposed` on, checks that a proposal has a product owner with
    /// role `product` and an engineering owner with role `engineering`, and
    /// that they are two different people. Missing owner, same person twice
    /// and wrong role each have their own message; the label sits on the
    /// owner value. Roles are checked when the repository has a Roster; an
    /// owner who is not on the roster is left to `unresolved-reference`.
    /// Placeholders such as `TBD` count as missing.
    ///
    /// Implemented by the built-in governance pack (`policies/governance.yaml`).
    ///
    /// ## Why it matters
    /// Ideas thrown over the wall fail. A named pair — one person accountable
    /// for the problem, one for the solution — is the handshake between
    /// product and engineering that every later decision goes through.
    ///
    /// ## Example
    /// ```yaml
    /// status: proposed
    /// owners:
    ///   product: sara
    ///   engineering: sara
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// status: proposed
    /// owners:
    ///   product: sara     # role product
    ///   engineering: omar # role engineering
    /// ```
    id: "owner-pairing",
    severity: Error,
    check: Check::Policy,
    governs: true,
}
