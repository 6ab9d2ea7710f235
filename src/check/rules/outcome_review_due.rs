use super::at;
use crate::check::registry::Check;
use crate::diagnostic::Diagnostic;
use crate::model::outcome::review_due;
use crate::model::{SchemaKind, Workspace, parse_date};

crate::declare_rule! {
    /// ## What it does
    /// Checks that a `shipped` proposal whose `telemetry.review_after` date
    /// has passed (today is later than it) records an `outcome` with
    /// `reviewed_on` and `result` (`met`, `partly-met`, `missed` or
    /// `inconclusive`). Points at `review_after` and says how many days the
    /// review is overdue. "Today" is the real date unless `--today` or
    /// `ROADLINT_TODAY` says otherwise.
    ///
    /// Outcome metric names must name metrics of `telemetry.metrics`; one
    /// that does not is `unresolved-reference`.
    ///
    /// ## Why it matters
    /// The telemetry plan said what would be measured and when. Until
    /// someone looks at the numbers and writes down whether the idea worked,
    /// the loop is open: the team cannot learn from it, and the next
    /// estimate and value score are as much a guess as this one.
    ///
    /// ## Example
    /// ```yaml
    /// status: shipped
    /// telemetry:
    ///   # ...
    ///   review_after: 2026-06-30
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// status: shipped
    /// telemetry:
    ///   # ...
    ///   review_after: 2026-06-30
    /// outcome:
    ///   reviewed_on: 2026-07-02
    ///   result: partly-met
    ///   metrics:
    ///     - name: offline_jobs_completed
    ///       observed: 410
    /// ```
    id: "outcome-review-due",
    severity: Warning,
    summary: "a shipped proposal whose review_after has passed records an outcome with reviewed_on and result",
    check: Check::Workspace(check),
}

fn check(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let Some(today) = parse_date(&ws.today) else { return };
    for (_, file) in ws.of_kind(SchemaKind::Proposal) {
        let Some(due) = review_due(file, today) else { continue };
        let id = file.id().unwrap_or("this proposal");
        let days = match due.days_overdue {
            1 => "1 day".to_owned(),
            n => format!("{n} days"),
        };
        const RESULTS: &str = "met, partly-met, missed or inconclusive";
        let (lacks, help) = match due.missing.as_slice() {
            ["reviewed_on"] => ("no `outcome.reviewed_on`", "add `outcome.reviewed_on`, the date of the review".to_owned()),
            ["result"] => ("no `outcome.result`", format!("add `outcome.result`: {RESULTS}")),
            _ => (
                "no outcome",
                format!("review the telemetry and add `outcome:` with `reviewed_on` and `result` ({RESULTS})"),
            ),
        };
        out.push(
            at(&RULE, file, "/telemetry/review_after")
                .message(format!("shipped proposal {id} was due for its outcome review {days} ago and records {lacks}"))
                .label(format!("review due {days} ago"))
                .help(help),
        );
    }
}
