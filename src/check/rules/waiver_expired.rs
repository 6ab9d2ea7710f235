use super::at;
use crate::check::registry::Check;
use crate::check::waivers::parse_date;
use crate::diagnostic::Diagnostic;
use crate::model::File;
use serde_json::Value;
use time::Date;

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
    check: Check::Waiver,
    waivable: false,
}

/// The waiver's `waiver-expired` when its last day is before today (a waiver
/// holds through its `expires` day).
pub(crate) fn check(file: &File, pointer: &str, rule: &str, today: Option<Date>) -> Option<Diagnostic> {
    let field = format!("{pointer}/expires");
    let expires_text = file.value().pointer(&field).and_then(Value::as_str).unwrap_or_default();
    let (expires, today) = (parse_date(expires_text)?, today?);
    let id = file.id().unwrap_or("this proposal");
    (expires < today).then(|| {
        at(&RULE, file, &field)
            .message(format!("the waiver of `{rule}` on {id} expired on {expires_text}; `{rule}` applies again"))
            .label("expired")
            .help(format!("fix what `{rule}` reports and remove the waiver, or have it approved again with a new date"))
    })
}
