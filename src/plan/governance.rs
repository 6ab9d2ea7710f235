//! Governance health, from the check's own diagnostics so the report and
//! `roadlint check` cannot disagree: a proposal meets a rule when no
//! diagnostic of that rule points into it (after waivers and configured
//! severities). Proposals whose status the schema rejected are left out, as
//! the governance rules leave them out.

use super::facts;
use super::model::{Governance, OpenWaiver, RuleHealth, StatusHealth};
use crate::check::rules::waiver_invalid;
use crate::check::waivers::parse_date;
use crate::diagnostic::Diagnostic;
use crate::model::{File, Status, Workspace};
use serde_json::Value;
use std::collections::HashSet;

/// Health per status for `rules`, and the waivers still in force.
pub fn governance(ws: &Workspace, diagnostics: &[Diagnostic], rules: &[String]) -> Governance {
    let proposals = facts::proposals(ws);
    let broken: HashSet<(&str, &str)> = diagnostics.iter().map(|d| (d.file.as_str(), d.rule.as_str())).collect();
    let waivers = open_waivers(ws, &proposals, diagnostics);
    let waived: HashSet<(&str, &str)> =
        waivers.iter().filter(|(w, _)| !w.invalid).map(|(w, path)| (*path, w.rule.as_str())).collect();

    let statuses = Status::ALL
        .into_iter()
        .filter_map(|status| {
            let files: Vec<&File> =
                proposals.iter().filter(|(_, f)| f.status() == Some(status)).map(|(_, f)| *f).collect();
            if files.is_empty() {
                return None;
            }
            let rules = rules
                .iter()
                .map(|rule| {
                    let meeting: Vec<&&File> =
                        files.iter().filter(|f| !broken.contains(&(f.path.as_str(), rule.as_str()))).collect();
                    RuleHealth {
                        rule: rule.clone(),
                        meets: meeting.len(),
                        waived: meeting.iter().filter(|f| waived.contains(&(f.path.as_str(), rule.as_str()))).count(),
                    }
                })
                .collect();
            Some(StatusHealth { status: status.as_str().to_owned(), proposals: files.len(), rules })
        })
        .collect();

    Governance { rules: rules.to_vec(), statuses, waivers: waivers.into_iter().map(|(w, _)| w).collect() }
}

/// Waivers whose `expires` day has not passed, each with its proposal's
/// path, soonest expiry first. Waivers without a readable date are
/// `waiver-invalid`'s business and not listed.
fn open_waivers<'w>(
    ws: &Workspace,
    proposals: &[(&'w str, &'w File)],
    diagnostics: &[Diagnostic],
) -> Vec<(OpenWaiver, &'w str)> {
    let Some(today) = parse_date(&ws.today) else {
        return Vec::new();
    };
    let mut open = Vec::new();
    for (id, file) in proposals {
        let count = file.get("/waivers").and_then(Value::as_array).map_or(0, Vec::len);
        for i in 0..count {
            let pointer = format!("/waivers/{i}");
            let field = |name: &str| file.text_at(&format!("{pointer}/{name}"));
            let (Some(rule), Some(expires)) = (field("rule"), field("expires")) else {
                continue;
            };
            let Some(date) = parse_date(expires).filter(|d| *d >= today) else {
                continue;
            };
            let invalid = diagnostics.iter().any(|d| {
                d.rule == waiver_invalid::RULE.id
                    && d.file == file.path
                    && (d.pointer == pointer || d.pointer.starts_with(&format!("{pointer}/")))
            });
            open.push((
                OpenWaiver {
                    proposal: (*id).to_owned(),
                    rule: rule.to_owned(),
                    reason: field("reason").map(str::to_owned),
                    approved_by: field("approved_by").map(|p| facts::person(ws, p)),
                    expires: expires.to_owned(),
                    days_left: (date - today).whole_days(),
                    invalid,
                },
                file.path.as_str(),
            ));
        }
    }
    open.sort_by(|(a, _), (b, _)| (a.days_left, &a.proposal, &a.rule).cmp(&(b.days_left, &b.proposal, &b.rule)));
    open
}
