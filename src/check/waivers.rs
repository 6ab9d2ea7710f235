//! Waivers (SPEC section 4): a valid waiver in force suppresses one rule's
//! diagnostics inside its own proposal; invalid and expired ones suppress
//! nothing and are reported.

use super::policy::PolicySet;
use super::registry;
use super::rules::{at, waiver_expired, waiver_invalid};
use super::schema::SchemaKind;
use crate::diagnostic::Diagnostic;
use crate::model::{File, Workspace, filled};
use serde_json::Value;
use time::{Date, format_description::BorrowedFormatItem, macros::format_description};

const DATE: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");

/// Longest time a waiver may run, counted from today.
const MAX_DAYS: i64 = 365;

/// Parses `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<Date> {
    Date::parse(text, DATE).ok()
}

/// Adds waiver findings and removes what valid waivers suppress.
pub fn apply(ws: &Workspace, policies: &PolicySet, mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let today = parse_date(&ws.today);
    let mut suppress: Vec<(&str, String)> = Vec::new();
    for (_, file) in ws.of_kind(SchemaKind::Proposal) {
        let count = file.value().get("waivers").and_then(Value::as_array).map_or(0, Vec::len);
        for i in 0..count {
            let pointer = format!("/waivers/{i}");
            if file.is_invalid(&pointer) {
                continue;
            }
            match judge(file, &pointer, today, policies) {
                Ok(rule) => suppress.push((file.path.as_str(), rule)),
                Err(d) => diagnostics.push(*d),
            }
        }
    }
    diagnostics.retain(|d| !suppress.iter().any(|(path, rule)| *path == d.file && *rule == d.rule));
    diagnostics
}

fn reject(d: Diagnostic) -> Result<String, Box<Diagnostic>> {
    Err(Box::new(d))
}

/// The rule a waiver suppresses, or why it does not.
fn judge(file: &File, pointer: &str, today: Option<Date>, policies: &PolicySet) -> Result<String, Box<Diagnostic>> {
    let value = file.value();
    let field = |name: &str| format!("{pointer}/{name}");
    let id = file.id().unwrap_or("this proposal");
    let invalid = |name: &str| at(&waiver_invalid::RULE, file, &field(name));
    let rule = value.pointer(&field("rule")).and_then(Value::as_str).unwrap_or_default();
    match registry::find(rule) {
        Some(info) if !info.waivable() => {
            return reject(
                invalid("rule").message(format!("the rule `{rule}` cannot be waived")).label("not waivable").help(
                    "fix the problem instead; yaml-syntax, duplicate-key, schema and the waiver rules cannot be waived",
                ),
            );
        }
        None if !policies.rule_ids().contains(&rule) => {
            let mut known: Vec<&str> = registry::RULES.iter().filter(|r| r.waivable()).map(|r| r.id).collect();
            known.extend(policies.rule_ids());
            let help = match crate::suggest::closest(rule, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "`roadlint rules` lists every rule id".to_owned(),
            };
            return reject(
                invalid("rule")
                    .message(format!("the waiver names `{rule}`, which is not a rule"))
                    .label("unknown rule")
                    .help(help),
            );
        }
        _ => {}
    }
    let Some(approver) = filled(value, &field("approved_by")) else {
        return reject(
            invalid("approved_by")
                .message(format!("the waiver of `{rule}` on {id} is not approved by anyone"))
                .label("no approver")
                .help("name a roster person who does not own this proposal in approved_by"),
        );
    };
    let owners = ["/owners/product", "/owners/engineering"];
    if owners.iter().any(|o| filled(value, o) == Some(approver)) {
        return reject(
            invalid("approved_by")
                .message(format!("{approver} owns {id} and cannot approve its own waiver of `{rule}`"))
                .label("approved by an owner")
                .help("ask someone who does not own this proposal to approve the waiver"),
        );
    }
    let expires_text = value.pointer(&field("expires")).and_then(Value::as_str).unwrap_or_default();
    let Some(expires) = parse_date(expires_text) else {
        return reject(
            invalid("expires")
                .message(format!("`{expires_text}` is not a real date"))
                .label("not a date")
                .help("write the last day the waiver holds as YYYY-MM-DD"),
        );
    };
    let Some(today) = today else {
        return Ok(rule.to_owned());
    };
    if expires < today {
        return reject(
            at(&waiver_expired::RULE, file, &field("expires"))
                .message(format!("the waiver of `{rule}` on {id} expired on {expires_text}; `{rule}` applies again"))
                .label("expired")
                .help(format!(
                    "fix what `{rule}` reports and remove the waiver, or have it approved again with a new date"
                )),
        );
    }
    if (expires - today).whole_days() > MAX_DAYS {
        return reject(
            invalid("expires")
                .message(format!(
                    "the waiver of `{rule}` on {id} runs until {expires_text}, more than {MAX_DAYS} days from today"
                ))
                .label("too long")
                .help(format!(
                    "waivers run at most {MAX_DAYS} days; pick a date by {}",
                    today + time::Duration::days(MAX_DAYS)
                )),
        );
    }
    Ok(rule.to_owned())
}
