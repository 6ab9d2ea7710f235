use super::at;
use crate::check::registry::Check;
use crate::diagnostic::Diagnostic;
use crate::model::File;

crate::declare_rule! {
    /// ## What it does
    /// Reports a waiver in force that suppressed no diagnostic in this run:
    /// the rule it names finds nothing in its proposal. Points at the
    /// waiver's `rule`. Not reported for an expired or invalid waiver (those
    /// have their own rules), nor, outside base mode, for a waiver of a rule
    /// that runs only in base mode (`status-transition`, `id-changed`); in
    /// base mode such a waiver is reported only when the change adds it.
    ///
    /// ## Why it matters
    /// A waiver that covers nothing is an exception nobody needs any more,
    /// and it is not harmless: the next problem its rule finds in the
    /// proposal would be hidden without anyone seeing it. ESLint's unused
    /// disable directives and ruff's `RUF100` exist for the same reason.
    ///
    /// ## Example
    /// ```yaml
    /// value:
    ///   reach: 1200
    ///   impact: 2
    ///   confidence: 0.8
    /// waivers:
    ///   - rule: value-score      # the value score is complete
    ///     reason: Regulatory requirement.
    ///     approved_by: carol
    ///     expires: 2027-03-31
    /// ```
    ///
    /// ## Use instead
    /// Remove the waiver:
    /// ```yaml
    /// value:
    ///   reach: 1200
    ///   impact: 2
    ///   confidence: 0.8
    /// ```
    id: "waiver-unused",
    severity: Warning,
    summary: "a waiver in force suppresses nothing (it would hide the next problem unseen)",
    check: Check::Waiver,
}

/// The report of an unused waiver, on its `rule`.
pub(crate) fn diagnostic(file: &File, pointer: &str, rule: &str) -> Diagnostic {
    let id = file.id().unwrap_or("this proposal");
    at(&RULE, file, &format!("{pointer}/rule"))
        .message(format!("the waiver of `{rule}` on {id} suppresses nothing: `{rule}` finds no problem here"))
        .label("unused waiver")
        .help(format!("remove the waiver; left in place it would hide the next problem `{rule}` finds in {id} unseen"))
}
