//! Waivers (SPEC section 4): a valid waiver in force suppresses one rule's
//! diagnostics inside its own proposal; invalid and expired ones suppress
//! nothing and are reported, and one that suppresses nothing is reported
//! as unused, so that it cannot hide the next problem unseen.

use super::policy::PolicySet;
use super::registry::{self, Check};
use super::rules::{at, waiver_expired, waiver_invalid, waiver_unused};
use super::schema::SchemaKind;
use crate::diagnostic::Diagnostic;
use crate::model::{File, Workspace, filled, is_placeholder};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use time::{Date, format_description::BorrowedFormatItem, macros::format_description};

const DATE: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");

/// Longest time a waiver may run, counted from today.
const MAX_DAYS: i64 = 365;

/// Parses `YYYY-MM-DD`: four digits, two, two, and a real calendar date.
pub fn parse_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
    if !shape {
        return None;
    }
    Date::parse(text, DATE).ok()
}

/// Who may approve waivers, as base mode sees it (SPEC "Trust in base
/// mode"): references resolve against the head roster, but a waiver the
/// change adds or alters must be approved by a person the base roster lists.
#[derive(Debug, Clone, Default)]
pub struct Authority {
    /// The base roster's people; `None` outside base mode, and for an
    /// empty base (a first commit), which has no roster to defer to.
    pub approvers: Option<HashSet<String>>,
    /// Head proposal path → the waivers its base version had: a waiver
    /// among them, unchanged, was approved before this change.
    pub standing: HashMap<String, Vec<Value>>,
}

impl Authority {
    /// Whether this waiver of this proposal is on the base side as it is.
    pub fn is_standing(&self, path: &str, waiver: &Value) -> bool {
        self.standing.get(path).is_some_and(|before| before.contains(waiver))
    }

    fn base_mode(&self) -> bool {
        self.approvers.is_some()
    }
}

/// One waiver of one proposal, judged.
struct Waiver {
    /// Index of the proposal in [`Workspace::files`].
    file: usize,
    /// `/waivers/N`.
    pointer: String,
    rule: String,
    /// In force: it suppresses its rule's diagnostics in its proposal.
    in_force: bool,
    /// Whether it suppressed anything so far.
    used: bool,
    /// Approved before this change (base mode).
    standing: bool,
}

/// Every waiver of a workspace, judged once; diagnostics pass through
/// [`Waivers::suppress`], and [`Waivers::findings`] reports on the waivers.
pub struct Waivers {
    waivers: Vec<Waiver>,
    /// `waiver-invalid` and `waiver-expired`.
    judged: Vec<Diagnostic>,
    base_mode: bool,
}

impl Waivers {
    /// Judges every waiver of every proposal.
    pub fn judge(ws: &Workspace, policies: &PolicySet, authority: &Authority) -> Waivers {
        let today = parse_date(&ws.today);
        let mut waivers = Vec::new();
        let mut judged = Vec::new();
        for (index, file) in ws.of_kind(SchemaKind::Proposal) {
            let list = file.value().get("waivers").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
            for (i, value) in list.iter().enumerate() {
                let pointer = format!("/waivers/{i}");
                // A waiver with a schema error of its own suppresses
                // nothing; `schema` says why.
                if file.has_invalid_within(&pointer) {
                    continue;
                }
                let rule = value.get("rule").and_then(Value::as_str).unwrap_or_default().to_owned();
                let standing = authority.is_standing(&file.path, value);
                let verdict = verdict(ws, file, &pointer, &rule, today, policies, authority, standing);
                let in_force = verdict.is_none();
                judged.extend(verdict);
                waivers.push(Waiver { file: index, pointer, rule, in_force, used: false, standing });
            }
        }
        Waivers { waivers, judged, base_mode: authority.base_mode() }
    }

    /// Removes the diagnostics a waiver in force covers: its rule's, in its
    /// proposal, except those about the waiver itself.
    pub fn suppress(&mut self, ws: &Workspace, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if self.waivers.is_empty() {
            return diagnostics;
        }
        let mut by_path: HashMap<&str, Vec<usize>> = HashMap::new();
        for (index, waiver) in self.waivers.iter().enumerate().filter(|(_, w)| w.in_force) {
            by_path.entry(ws.files[waiver.file].path.as_str()).or_default().push(index);
        }
        let mut kept = Vec::with_capacity(diagnostics.len());
        for d in diagnostics {
            let covering = by_path.get(d.file.as_str()).and_then(|indexes| {
                indexes.iter().copied().find(|&i| {
                    let waiver = &self.waivers[i];
                    waiver.rule == d.rule && !is_within(&d.pointer, &waiver.pointer)
                })
            });
            match covering {
                Some(i) => self.waivers[i].used = true,
                None => kept.push(d),
            }
        }
        kept
    }

    /// The waivers' own findings: invalid and expired waivers, and those
    /// in force that suppressed nothing. A waiver of a rule that runs only
    /// in base mode is unused outside it by nature, and once its change is
    /// in, by design: it is reported only when the change adds it.
    pub fn findings(mut self, ws: &Workspace) -> Vec<Diagnostic> {
        let mut out = std::mem::take(&mut self.judged);
        let unused: Vec<usize> = (0..self.waivers.len())
            .filter(|&i| {
                let waiver = &self.waivers[i];
                let transition = registry::find(&waiver.rule).is_some_and(|r| matches!(r.check, Check::Transition(_)));
                waiver.in_force && !waiver.used && !(transition && (!self.base_mode || waiver.standing))
            })
            .collect();
        // A waiver of `waiver-unused` covers the other waivers of its
        // proposal (never itself), and is used when it does.
        let mut covered = vec![false; self.waivers.len()];
        for &i in &unused {
            let cover = (0..self.waivers.len()).find(|&j| {
                let w = &self.waivers[j];
                j != i && w.in_force && w.rule == waiver_unused::RULE.id && w.file == self.waivers[i].file
            });
            if let Some(j) = cover {
                covered[i] = true;
                self.waivers[j].used = true;
            }
        }
        for i in unused.into_iter().filter(|&i| !covered[i] && !self.waivers[i].used) {
            let waiver = &self.waivers[i];
            let file = &ws.files[waiver.file];
            let id = file.id().unwrap_or("this proposal");
            let rule = &waiver.rule;
            out.push(
                at(&waiver_unused::RULE, file, &format!("{}/rule", waiver.pointer))
                    .message(format!(
                        "the waiver of `{rule}` on {id} suppresses nothing: `{rule}` finds no problem here"
                    ))
                    .label("unused waiver")
                    .help(format!(
                        "remove the waiver; left in place it would hide the next problem `{rule}` finds in {id} unseen"
                    )),
            );
        }
        out
    }
}

/// Whether `pointer` is `root` or lies under it.
fn is_within(pointer: &str, root: &str) -> bool {
    pointer.strip_prefix(root).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// One reason a waiver approves nothing: the field it is about, and what
/// to say.
struct Reason {
    field: &'static str,
    message: String,
    label: &'static str,
    help: String,
}

/// `None` for a waiver in force; else its one `waiver-invalid` (naming
/// every reason) or its `waiver-expired`.
#[allow(clippy::too_many_arguments)]
fn verdict(
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
        let mut d = at(&waiver_invalid::RULE, file, &field(first.field))
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
    let (expires, today) = (expires?, today?);
    (expires < today).then(|| {
        at(&waiver_expired::RULE, file, &field("expires"))
            .message(format!("the waiver of `{rule}` on {id} expired on {expires_text}; `{rule}` applies again"))
            .label("expired")
            .help(format!("fix what `{rule}` reports and remove the waiver, or have it approved again with a new date"))
    })
}

/// Why a waiver cannot name this rule, if it cannot.
fn rule_reason(rule: &str, policies: &PolicySet) -> Option<Reason> {
    match registry::find(rule) {
        Some(info) if !info.waivable() => Some(Reason {
            field: "rule",
            message: format!("the rule `{rule}` cannot be waived"),
            label: "not waivable",
            help: "fix the problem instead; yaml-syntax, duplicate-key, schema and the waiver rules cannot be waived"
                .to_owned(),
        }),
        None if !policies.rule_ids().contains(&rule) => {
            let mut known: Vec<&str> = registry::RULES.iter().filter(|r| r.waivable()).map(|r| r.id).collect();
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
