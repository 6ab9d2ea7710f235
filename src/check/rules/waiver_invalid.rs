use super::at;
use crate::check::policy::PolicySet;
use crate::check::registry::{self, Check};
use crate::check::waivers::{Authority, parse_date};
use crate::diagnostic::Diagnostic;
use crate::model::{File, Workspace, filled, is_placeholder};
use serde_json::Value;
use time::Date;

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
    check: Check::Waiver,
    waivable: false,
}

/// Longest time a waiver may run, counted from today.
const MAX_DAYS: i64 = 365;

/// One reason a waiver approves nothing: the field it is about, and what
/// to say.
struct Reason {
    field: &'static str,
    message: String,
    label: &'static str,
    help: String,
}

/// The waiver's one `waiver-invalid`, naming every reason it approves
/// nothing; `None` when it is valid.
#[allow(clippy::too_many_arguments)]
pub(crate) fn check(
    ws: &Workspace,
    file: &File,
    pointer: &str,
    rule: &str,
    today: Option<Date>,
    policies: &PolicySet,
    authority: &Authority,
    standing: bool,
) -> Option<Diagnostic> {
    let value = file.value();
    let field = |name: &str| format!("{pointer}/{name}");
    let id = file.id().unwrap_or("this proposal");
    let mut reasons = Vec::new();
    if let Some(reason) = rule_reason(rule, policies) {
        reasons.push(reason);
    }
    reasons.extend(approver_reason(ws, file, &field("approved_by"), id, authority, standing));
    let given = value.pointer(&field("reason")).and_then(Value::as_str).unwrap_or_default();
    if is_placeholder(given) {
        reasons.push(Reason {
            field: "reason",
            message: "it gives no reason".to_owned(),
            label: "no reason",
            help: "say in `reason` why the rule does not apply here".to_owned(),
        });
    }
    let expires_text = value.pointer(&field("expires")).and_then(Value::as_str).unwrap_or_default();
    let expires = parse_date(expires_text);
    if expires.is_none() {
        reasons.push(Reason {
            field: "expires",
            message: format!("`{expires_text}` is not a date"),
            label: "not a date",
            help: "write the last day the waiver holds as YYYY-MM-DD".to_owned(),
        });
    }
    if let (Some(expires), Some(today)) = (expires, today)
        && (expires - today).whole_days() > MAX_DAYS
    {
        reasons.push(Reason {
            field: "expires",
            message: format!("it runs until {expires_text}, more than {MAX_DAYS} days from today"),
            label: "too long",
            help: format!(
                "waivers run at most {MAX_DAYS} days: pick a date by {}",
                today + time::Duration::days(MAX_DAYS)
            ),
        });
    }
    if let Some(first) = reasons.first() {
        let mut d = at(&RULE, file, &field(first.field))
            .message(format!(
                "the waiver of `{rule}` on {id} approves nothing: {}",
                reasons.iter().map(|r| r.message.as_str()).collect::<Vec<_>>().join("; ")
            ))
            .label(first.label)
            .help(reasons.iter().map(|r| r.help.as_str()).collect::<Vec<_>>().join("; "));
        let mut labelled = vec![first.field];
        for reason in &reasons[1..] {
            if !labelled.contains(&reason.field) {
                labelled.push(reason.field);
                d = d.related(&file.path, file.span(&field(reason.field)), reason.label);
            }
        }
        return Some(d);
    }
    None
}

/// Why a waiver cannot name this rule, if it cannot.
fn rule_reason(rule: &str, policies: &PolicySet) -> Option<Reason> {
    match registry::find(rule) {
        Some(info) if !info.waivable => Some(Reason {
            field: "rule",
            message: format!("the rule `{rule}` cannot be waived"),
            label: "not waivable",
            help: "fix the problem instead; yaml-syntax, duplicate-key, schema and the waiver rules cannot be waived"
                .to_owned(),
        }),
        None if !policies.rule_ids().contains(&rule) => {
            let mut known: Vec<&str> = registry::RULES.iter().filter(|r| r.waivable).map(|r| r.id).collect();
            known.extend(policies.rule_ids());
            let help = match crate::suggest::closest(rule, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "`roadlint rules` lists every rule id".to_owned(),
            };
            Some(Reason { field: "rule", message: format!("`{rule}` is not a rule"), label: "unknown rule", help })
        }
        _ => None,
    }
}

/// Why the approver cannot approve this waiver, if they cannot: nobody is
/// named, they are not a roster person, they own the proposal, or (base
/// mode, a waiver the change adds or alters) the base roster does not list
/// them.
fn approver_reason(
    ws: &Workspace,
    file: &File,
    pointer: &str,
    id: &str,
    authority: &Authority,
    standing: bool,
) -> Option<Reason> {
    let value = file.value();
    let Some(approver) = filled(value, pointer) else {
        return Some(Reason {
            field: "approved_by",
            message: "nobody approved it".to_owned(),
            label: "no approver",
            help: "name in approved_by a roster person who does not own this proposal".to_owned(),
        });
    };
    if let (Some(roster), Some(roster_file)) = (&ws.roster, ws.roster_file())
        && !roster.people.contains_key(approver)
    {
        let known: Vec<&str> = roster.people.keys().map(String::as_str).collect();
        let hint = crate::suggest::closest(approver, known.iter().copied())
            .map(|s| format!("did you mean {s}? "))
            .unwrap_or_default();
        return Some(Reason {
            field: "approved_by",
            message: format!("its approver `{approver}` is not in the roster ({})", roster_file.path),
            label: "not in the roster",
            help: format!("{hint}a waiver is approved by a person on the roster"),
        });
    }
    let owners = ["/owners/product", "/owners/engineering"];
    if owners.iter().any(|o| filled(value, o) == Some(approver)) {
        return Some(Reason {
            field: "approved_by",
            message: format!("its approver {approver} owns {id}"),
            label: "approved by an owner",
            help: "ask someone who does not own this proposal to approve the waiver".to_owned(),
        });
    }
    if let Some(approvers) = &authority.approvers
        && !standing
        && !approvers.contains(approver)
    {
        return Some(Reason {
            field: "approved_by",
            message: format!(
                "its approver {approver} is not on the base side's roster, and a change cannot approve its own waivers"
            ),
            label: "not on the base roster",
            help: format!(
                "have a person already on the roster approve it; {approver} can approve waivers once this change is in"
            ),
        });
    }
    None
}
