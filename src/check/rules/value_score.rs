use super::at;
use crate::check::registry::Check;
use crate::diagnostic::Diagnostic;
use crate::model::SchemaKind;
use crate::model::{Status, Workspace, is_empty_section, is_missing};

crate::declare_rule! {
    /// ## What it does
    /// From `proposed` on, checks that a proposal's `value` has `reach`,
    /// `impact` and `confidence` — the RICE inputs. The effort comes from the
    /// estimate, which this rule never looks at. One diagnostic names every
    /// missing input.
    ///
    /// ## Why it matters
    /// Without a value score, proposals cannot be ranked against each other,
    /// and the roadmap becomes whoever argued loudest.
    ///
    /// ## Example
    /// ```yaml
    /// status: proposed
    /// value:
    ///   reach: 1200
    ///   impact: 2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// status: proposed
    /// value:
    ///   reach: 1200        # people affected per quarter
    ///   impact: 2          # 0.25, 0.5, 1, 2 or 3
    ///   confidence: 0.8    # 0..1
    /// ```
    id: "value-score",
    severity: Warning,
    summary: "from proposed on: reach, impact and confidence present",
    check: Check::Workspace(check),
    governs: true,
}

fn check(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for (_, file) in ws.of_kind(SchemaKind::Proposal) {
        let Some(status) = file.status() else { continue };
        if !status.at_least(Status::Proposed) || file.is_invalid("/value") {
            continue;
        }
        let id = file.id().unwrap_or("this proposal");
        let value = file.value();
        let missing: Vec<&str> = ["reach", "impact", "confidence"]
            .into_iter()
            .filter(|field| {
                let pointer = format!("/value/{field}");
                !file.is_invalid(&pointer) && !file.meant.contains(&pointer) && is_missing(value, &pointer)
            })
            .collect();
        if missing.is_empty() {
            continue;
        }
        let d = if is_empty_section(value, "/value") {
            let d = at(&RULE, file, "/value").message(format!("proposal {id} has no value score"));
            match file.get("/value") {
                Some(_) => d.label("no reach, impact or confidence"),
                // The whole section is missing: say so where the status asks for it.
                None => d.relocate(file.span("/status"), format!("required from `{}` on", Status::Proposed.as_str())),
            }
        } else {
            let pointer = format!("/value/{}", missing[0]);
            at(&RULE, file, &pointer)
                .message(format!("proposal {id}'s value score lacks {}", list(&missing)))
                .label(format!("missing {}", list(&missing)))
        };
        out.push(d.help(
            "add value.reach (people per quarter), value.impact (0.25, 0.5, 1, 2 or 3) and value.confidence (0..1)",
        ));
    }
}

fn list(fields: &[&str]) -> String {
    match fields {
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
        [] => String::new(),
    }
}
