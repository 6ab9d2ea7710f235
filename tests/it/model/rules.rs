//! The reference model: SPEC's cross-file and governance rules (outside
//! base mode, default configuration) over plain data. Written from
//! /work/shared/SPEC.md sections 2–4, not from `src/check`; each rule
//! quotes the sentence it implements. Out: `(rule, severity, file, subject)`.

use super::data::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// `(rule, severity, file, subject)`: what the property compares.
pub type Finding = (String, String, String, Option<String>);

fn finding(rule: &str, severity: &str, file: &str, subject: Option<&str>) -> Finding {
    (rule.to_owned(), severity.to_owned(), file.to_owned(), subject.map(str::to_owned))
}

const ERROR: &str = "error";
const WARNING: &str = "warning";

/// Every rule id of docs/semantics.md's table.
pub const KNOWN_RULES: [&str; 21] = [
    "yaml-syntax",
    "duplicate-key",
    "schema",
    "duplicate-id",
    "unresolved-reference",
    "owner-pairing",
    "estimate-required",
    "telemetry-plan",
    "value-score",
    "roadmap-readiness",
    "dependency-cycle",
    "schedule-order",
    "capacity",
    "waiver-expired",
    "waiver-invalid",
    "waiver-unused",
    "file-name",
    "outcome-review-due",
    "status-transition",
    "id-changed",
    "deleted-item",
];

/// SPEC 4: "A waiver cannot name `yaml-syntax`, `duplicate-key`, `schema`,
/// `waiver-expired`, `waiver-invalid` or an unknown rule".
const UNWAIVABLE: [&str; 5] = ["yaml-syntax", "duplicate-key", "schema", "waiver-expired", "waiver-invalid"];

/// Rules that run only in base mode (SPEC 3 table): outside it a waiver of
/// them can suppress nothing, so it is not `waiver-unused`.
const BASE_MODE_ONLY: [&str; 3] = ["status-transition", "id-changed", "deleted-item"];

// ---------------------------------------------------------------------------
// Small helpers.

/// SPEC 3 "One problem, one diagnostic": "A placeholder string (compared
/// after trimming, ignoring case: `TBD`, `TODO`, `?`, empty) in a string
/// field counts as missing for governance rules and is not looked up".
pub fn is_placeholder(text: &str) -> bool {
    matches!(text.trim().to_ascii_lowercase().as_str(), "tbd" | "todo" | "?" | "")
}

/// The value of a string field that is filled in: not absent, not `null`,
/// not a placeholder.
fn filled(slot: &Slot) -> Option<&str> {
    match slot {
        Slot::Text(text) if !is_placeholder(text) => Some(text),
        _ => None,
    }
}

/// "Status order used by "from X on": draft < proposed < accepted <
/// in-progress < shipped; `rejected` and `withdrawn` are exempt from
/// governance rules."
fn rank(status: Status) -> Option<u8> {
    match status {
        Status::Draft => Some(0),
        Status::Proposed => Some(1),
        Status::Accepted => Some(2),
        Status::InProgress => Some(3),
        Status::Shipped => Some(4),
        Status::Rejected | Status::Withdrawn => None,
    }
}

fn from_on(status: Status, min: Status) -> bool {
    matches!((rank(status), rank(min)), (Some(s), Some(m)) if s >= m)
}

fn exempt(status: Status) -> bool {
    rank(status).is_none()
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian).
pub fn days(date: &str) -> i64 {
    let y: i64 = date[0..4].parse().expect("year");
    let m: i64 = date[5..7].parse().expect("month");
    let d: i64 = date[8..10].parse().expect("day");
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The repository seen in SPEC's orders: "Path order" is the byte order of
/// repository-relative paths; items in file order.
struct Ctx<'a> {
    today: &'a str,
    /// The repository's roster: the first in path order.
    roster: &'a RosterFile,
    /// Every roster, in path order.
    rosters: Vec<&'a RosterFile>,
    /// Every proposal document, in path order.
    proposals: Vec<&'a Proposal>,
    /// The document an id resolves to: its first occurrence in path order.
    defs: HashMap<&'a str, &'a Proposal>,
    /// Every roadmap, in path order.
    roadmaps: Vec<&'a Roadmap>,
    /// Every item with its roadmap, files in path order, items in file order.
    items: Vec<(&'a Roadmap, &'a Item)>,
}

impl<'a> Ctx<'a> {
    fn new(repo: &'a Repo, today: &'a str) -> Self {
        let mut proposals: Vec<&Proposal> = repo.proposals.iter().collect();
        proposals.sort_by(|a, b| a.file.as_bytes().cmp(b.file.as_bytes()));
        let mut defs = HashMap::new();
        for p in &proposals {
            defs.entry(p.id.as_str()).or_insert(*p);
        }
        let mut roadmaps: Vec<&Roadmap> = repo.roadmaps.iter().collect();
        roadmaps.sort_by(|a, b| a.file.as_bytes().cmp(b.file.as_bytes()));
        let items = roadmaps.iter().flat_map(|r| r.items.iter().map(move |i| (*r, i))).collect();
        let mut rosters: Vec<&RosterFile> = repo.rosters.iter().collect();
        rosters.sort_by(|a, b| a.file.as_bytes().cmp(b.file.as_bytes()));
        Ctx { today, roster: rosters[0], rosters, proposals, defs, roadmaps, items }
    }

    fn roster(&self) -> &'a Roster {
        &self.roster.roster
    }

    /// The proposal an item or dependency names, when it resolves.
    fn proposal(&self, id: &str) -> Option<&'a Proposal> {
        self.defs.get(id).copied()
    }

    /// Whether the roster lists a person with this role (`None`: no such person).
    fn has_role(&self, person: &str, role: Role) -> Option<bool> {
        self.roster().person(person).map(|p| p.roles.contains(&role))
    }

    /// "for any proposal behind a `committed` roadmap item": every document
    /// that carries the item's proposal id (a duplicate too: whichever copy
    /// survives needs the estimate).
    fn behind_committed_item(&self, p: &Proposal) -> bool {
        self.items.iter().any(|(_, item)| item.commitment == Commitment::Committed && item.proposal == p.id)
    }
}

// ---------------------------------------------------------------------------
// The rules, one function each.

/// `duplicate-id`: "proposal ids, roadmap-item ids and roadmap ids are
/// unique across the repository; one diagnostic per later occurrence" —
/// "(path order) ... proposal ids, item ids and roadmap ids are each one
/// namespace".
fn duplicate_id(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for p in &ctx.proposals {
        if !seen.insert(p.id.as_str()) {
            out.push(finding("duplicate-id", ERROR, &p.file, Some(&p.id)));
        }
    }
    let mut seen = BTreeSet::new();
    for r in &ctx.roadmaps {
        if !seen.insert(r.id.as_str()) {
            out.push(finding("duplicate-id", ERROR, &r.file, Some(&r.id)));
        }
    }
    // "At most one Roster per repository (a second is `duplicate-id`)"; the
    // roster is the first, whose rules alone apply (a file-level problem:
    // no subject).
    for r in &ctx.rosters[1..] {
        out.push(finding("duplicate-id", ERROR, &r.file, None));
    }
    let mut seen = BTreeSet::new();
    for (r, item) in &ctx.items {
        if !seen.insert(item.id.as_str()) {
            out.push(finding("duplicate-id", ERROR, &r.file, Some(&item.id)));
        }
    }
    out
}

/// `unresolved-reference`: "`proposal`, `team`, `depends_on`, owner,
/// `estimate.by` and team members resolve (an unknown waiver approver is
/// `waiver-invalid`)"; a placeholder "is not looked up as a reference".
fn unresolved_reference(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    let roster = ctx.roster();
    // Only the repository's roster: a second one is only `duplicate-id`.
    for team in &roster.teams {
        for member in &team.members {
            if roster.person(member).is_none() {
                // SPEC 7: `subject` is "proposal or item id, `TEAM/QUARTER` for
                // capacity, absent for file-level problems": the roster has none.
                out.push(finding("unresolved-reference", ERROR, &ctx.roster.file, None));
            }
        }
    }
    for (r, item) in &ctx.items {
        if ctx.proposal(&item.proposal).is_none() {
            out.push(finding("unresolved-reference", ERROR, &r.file, Some(&item.id)));
        }
        if roster.team(&item.team).is_none() {
            out.push(finding("unresolved-reference", ERROR, &r.file, Some(&item.id)));
        }
    }
    for p in &ctx.proposals {
        let mut people: Vec<&Slot> = Vec::new();
        if let Some(owners) = &p.owners {
            people.extend([&owners.product, &owners.engineering]);
        }
        if let Some(estimate) = &p.estimate {
            people.push(&estimate.by);
        }
        for id in people.into_iter().filter_map(filled) {
            if roster.person(id).is_none() {
                out.push(finding("unresolved-reference", ERROR, &p.file, Some(&p.id)));
            }
        }
        for dep in &p.depends_on {
            if ctx.proposal(dep).is_none() {
                out.push(finding("unresolved-reference", ERROR, &p.file, Some(&p.id)));
            }
        }
        // SPEC 3: "Outcome metric names must name telemetry metrics
        // (`unresolved-reference`)" — this proposal's own, with or without a roster.
        let telemetry: Vec<&str> =
            p.telemetry.iter().flat_map(|t| t.metrics.iter().flatten()).map(|m| m.name.as_str()).collect();
        for name in p.outcome.iter().flat_map(|o| &o.metrics) {
            if !telemetry.contains(&name.as_str()) {
                out.push(finding("unresolved-reference", ERROR, &p.file, Some(&p.id)));
            }
        }
    }
    out
}

/// `owner-pairing`: "from `proposed` on: a product owner with role product
/// and an engineering owner with role engineering, two different people".
/// Each missing seat or wrong role is its own diagnostic; no seat filled in
/// (`owners` absent, `{}`, only `x-` keys, or both seats `null` or
/// placeholders) is one "no owners"; one person in
/// both seats is one diagnostic and that person's roles are not judged
/// (known to the roster or not); otherwise a seat that names no roster
/// person is left to `unresolved-reference`.
fn owner_pairing(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in &ctx.proposals {
        if !from_on(p.status, Status::Proposed) {
            continue;
        }
        let d = || finding("owner-pairing", ERROR, &p.file, Some(&p.id));
        let (product, engineering) = match &p.owners {
            Some(owners) => (filled(&owners.product), filled(&owners.engineering)),
            None => (None, None),
        };
        if product.is_none() && engineering.is_none() {
            // A placeholder counts as missing, so `{product: TBD, engineering: ?}`
            // is `owners: {}`, and an `x-` key changes nothing: no owners.
            out.push(d());
            continue;
        }
        if let (Some(a), Some(b)) = (product, engineering)
            && a == b
        {
            // "two different people": comparing the ids needs no look-up, so
            // this holds for a person the roster lacks too (a separate problem
            // from `unresolved-reference`: adding them would not fix it).
            out.push(d());
            continue;
        }
        for (seat, role) in [(product, Role::Product), (engineering, Role::Engineering)] {
            match seat {
                None => out.push(d()),
                Some(id) => {
                    if ctx.has_role(id, role) == Some(false) {
                        out.push(d());
                    }
                }
            }
        }
    }
    out
}

/// `estimate-required`: "from `accepted` on, and for any proposal behind a
/// `committed` roadmap item: an estimate whose `by` has role engineering;
/// range consistent with effort" ("low <= effort <= high"). One diagnostic
/// for no estimate; else one for `by` (missing, or not an engineer) and one
/// for the range.
fn estimate_required(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in &ctx.proposals {
        if exempt(p.status) || !(from_on(p.status, Status::Accepted) || ctx.behind_committed_item(p)) {
            continue;
        }
        let d = || finding("estimate-required", ERROR, &p.file, Some(&p.id));
        let Some(estimate) = &p.estimate else {
            out.push(d());
            continue;
        };
        match filled(&estimate.by) {
            None => out.push(d()),
            Some(by) => {
                if ctx.has_role(by, Role::Engineering) == Some(false) {
                    out.push(d());
                }
            }
        }
        if let Some((low, high)) = estimate.range
            && !(low <= estimate.effort && estimate.effort <= high)
        {
            out.push(d());
        }
    }
    out
}

/// `telemetry-plan`: "from `accepted` on: telemetry with a hypothesis, at
/// least one metric with a target, and `review_after`". No section (or one
/// with only `x-` keys and placeholders) is one diagnostic; else one per
/// missing part (`metrics: []` is a part given, with no target).
fn telemetry_plan(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in &ctx.proposals {
        if !from_on(p.status, Status::Accepted) {
            continue;
        }
        let d = || finding("telemetry-plan", ERROR, &p.file, Some(&p.id));
        // No part given (a placeholder counts as missing; `x-` keys are not
        // parts) is no telemetry plan: one diagnostic.
        let Some(t) = p
            .telemetry
            .as_ref()
            .filter(|t| filled(&t.hypothesis).is_some() || t.metrics.is_some() || t.review_after.is_some())
        else {
            out.push(d());
            continue;
        };
        if filled(&t.hypothesis).is_none() {
            out.push(d());
        }
        if !t.metrics.iter().flatten().any(|m| m.target.is_some()) {
            out.push(d());
        }
        if t.review_after.is_none() {
            out.push(d());
        }
    }
    out
}

/// `value-score` [warning]: "from `proposed` on: reach, impact and
/// confidence present". One diagnostic per proposal, naming what is missing.
fn value_score(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in &ctx.proposals {
        if !from_on(p.status, Status::Proposed) {
            continue;
        }
        let complete =
            p.value.as_ref().is_some_and(|v| v.reach.is_some() && v.impact.is_some() && v.confidence.is_some());
        if !complete {
            out.push(finding("value-score", WARNING, &p.file, Some(&p.id)));
        }
    }
    out
}

/// `roadmap-readiness`: "a `committed` item's proposal is `accepted`,
/// `in-progress` or `shipped`; no item points at a `rejected` or
/// `withdrawn` proposal". One per item, on the item.
fn roadmap_readiness(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    for (r, item) in &ctx.items {
        let Some(p) = ctx.proposal(&item.proposal) else { continue };
        let ready = from_on(p.status, Status::Accepted);
        if exempt(p.status) || (item.commitment == Commitment::Committed && !ready) {
            out.push(finding("roadmap-readiness", ERROR, &r.file, Some(&item.id)));
        }
    }
    out
}

/// The `depends_on` graph between proposals that resolve, by id.
struct Graph<'a> {
    ids: Vec<&'a str>,
    edges: BTreeMap<&'a str, BTreeSet<&'a str>>,
}

impl<'a> Graph<'a> {
    fn new(ctx: &Ctx<'a>) -> Self {
        // Each id once, at its defining document's place in path order.
        let ids: Vec<&str> = ctx
            .proposals
            .iter()
            .filter(|p| std::ptr::eq(ctx.defs[p.id.as_str()], **p))
            .map(|p| p.id.as_str())
            .collect();
        let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (id, p) in &ctx.defs {
            let to = p.depends_on.iter().map(String::as_str).filter(|d| ctx.defs.contains_key(d));
            edges.entry(id).or_default().extend(to);
        }
        Graph { ids, edges }
    }

    fn reaches(&self, from: &str, to: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&str> = self.edges.get(from).into_iter().flatten().copied().collect();
        while let Some(at) = stack.pop() {
            if at == to {
                return true;
            }
            if seen.insert(at) {
                stack.extend(self.edges.get(at).into_iter().flatten().copied());
            }
        }
        false
    }

    /// Whether `a` and `b` lie on a common cycle (`a == b`: `a` is on one).
    fn same_cycle(&self, a: &str, b: &str) -> bool {
        self.reaches(a, b) && self.reaches(b, a)
    }
}

/// `dependency-cycle`: "`depends_on` has no cycle" — "one diagnostic per
/// strongly connected group of proposals (a self-dependency is one), on its
/// first proposal in path order".
fn dependency_cycle(ctx: &Ctx) -> Vec<Finding> {
    let graph = Graph::new(ctx);
    let mut out = Vec::new();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    // `graph.ids` is in path order, so the first member met is the first in path order.
    for id in &graph.ids {
        if done.contains(id) || !graph.same_cycle(id, id) {
            continue;
        }
        done.extend(graph.ids.iter().filter(|other| graph.same_cycle(id, other)));
        let p = ctx.defs[id];
        out.push(finding("dependency-cycle", ERROR, &p.file, Some(&p.id)));
    }
    out
}

/// `schedule-order`: "an item is not scheduled in an earlier quarter than
/// an item of a proposal it depends on" — "compares each proposal's
/// earliest item; the same quarter is allowed"; "an item or dependency
/// whose proposal does not resolve takes no part"; "an edge inside a
/// dependency cycle is not also `schedule-order`". One per dependency, on
/// the dependent proposal's earliest item (the first of its quarter).
///
/// `inside_cycles` turns the last condition around: it gives only what the
/// edges inside cycles would report (see `known_bugs` in tests/model_based.rs).
fn schedule_order(ctx: &Ctx, inside_cycles: bool) -> Vec<Finding> {
    let earliest = |id: &str| -> Option<(&Roadmap, &Item)> {
        let mut best: Option<(&Roadmap, &Item)> = None;
        for (r, item) in &ctx.items {
            if item.proposal == id && best.is_none_or(|(_, b)| item.quarter < b.quarter) {
                best = Some((r, item));
            }
        }
        best
    };
    let graph = Graph::new(ctx);
    let mut out = Vec::new();
    for id in &graph.ids {
        let p = ctx.defs[id];
        let Some((roadmap, first)) = earliest(id) else { continue };
        for dep in &p.depends_on {
            if ctx.proposal(dep).is_none() || graph.same_cycle(id, dep) != inside_cycles {
                continue;
            }
            if let Some((_, theirs)) = earliest(dep)
                && first.quarter < theirs.quarter
            {
                out.push(finding("schedule-order", ERROR, &roadmap.file, Some(&first.id)));
            }
        }
    }
    out
}

/// `capacity`: "per team and quarter, the effort of `committed` items fits
/// the team's capacity (a warning when `committed` + `planned` exceed it)";
/// "reported once per team and quarter, on the item that takes the running
/// total over capacity (items in file order, files in path order) ... the
/// warning is given only when committed effort alone fits"; "`exploring`
/// items and items of rejected or withdrawn proposals do not count; a
/// missing estimate counts as 0 ... reaching capacity exactly passes; a
/// quarter absent from a team's capacity map is not checked".
fn capacity(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    for team in &ctx.roster().teams {
        for (quarter, cap) in &team.capacity {
            let counted: Vec<(&Roadmap, &Item, f64)> = ctx
                .items
                .iter()
                .filter(|(_, i)| i.team == team.id && &i.quarter == quarter && i.commitment != Commitment::Exploring)
                .filter_map(|(r, i)| {
                    let p = ctx.proposal(&i.proposal).filter(|p| !exempt(p.status))?;
                    Some((*r, *i, p.estimate.as_ref().map_or(0.0, |e| e.effort)))
                })
                .collect();
            let subject = format!("{}/{}", team.id, quarter);
            let over = |only_committed: bool| {
                let mut total = 0.0;
                counted.iter().find(|(_, i, effort)| {
                    if only_committed && i.commitment != Commitment::Committed {
                        return false;
                    }
                    total += effort;
                    total > *cap
                })
            };
            if let Some((r, _, _)) = over(true) {
                out.push(finding("capacity", ERROR, &r.file, Some(&subject)));
            } else if let Some((r, _, _)) = over(false) {
                out.push(finding("capacity", WARNING, &r.file, Some(&subject)));
            }
        }
    }
    out
}

/// `file-name` [warning]: "a proposal's file name is its id followed by `.`
/// or `-`: `P-0042.yaml` or `P-0042-offline-mode.yaml` (not `P-00421.yaml`)".
fn file_name(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in &ctx.proposals {
        // Reading chosen: a file that repeats another's id is
        // `duplicate-id`'s to report, not also a misnamed file.
        if !ctx.proposal(&p.id).is_some_and(|first| std::ptr::eq(first, *p)) {
            continue;
        }
        let name = p.file.rsplit('/').next().expect("a file name");
        if !name.strip_prefix(p.id.as_str()).is_some_and(|rest| rest.starts_with(['.', '-'])) {
            out.push(finding("file-name", WARNING, &p.file, Some(&p.id)));
        }
    }
    out
}

/// `outcome-review-due` [warning]: "a `shipped` proposal whose
/// `telemetry.review_after` has passed (today is later than it) records an
/// `outcome` with `reviewed_on` and `result`": one diagnostic whichever of
/// the two is missing.
fn outcome_review_due(ctx: &Ctx) -> Vec<Finding> {
    let today = days(ctx.today);
    let mut out = Vec::new();
    for p in &ctx.proposals {
        let review = p.telemetry.as_ref().and_then(|t| t.review_after.as_deref());
        let reviewed = p.outcome.as_ref().is_some_and(|o| o.reviewed_on.is_some() && o.result.is_some());
        if p.status == Status::Shipped && review.is_some_and(|date| today > days(date)) && !reviewed {
            out.push(finding("outcome-review-due", WARNING, &p.file, Some(&p.id)));
        }
    }
    out
}

/// Why a waiver is `waiver-invalid`, if it is (SPEC 3 table and 4): "names
/// an unknown or unwaivable rule, is approved by one of the proposal's own
/// owners, or runs longer than 365 days from `today`"; "A waiver whose
/// `approved_by` is missing, a placeholder, or not a roster person approves
/// nothing: it is `waiver-invalid` ..., and so is one whose `reason` is
/// missing or a placeholder."
fn invalid(ctx: &Ctx, p: &Proposal, w: &Waiver) -> bool {
    let rule_ok = KNOWN_RULES.contains(&w.rule.as_str()) && !UNWAIVABLE.contains(&w.rule.as_str());
    let owners: Vec<&str> =
        p.owners.iter().flat_map(|o| [filled(&o.product), filled(&o.engineering)]).flatten().collect();
    let approver_ok = filled(&w.approved_by).is_some_and(|a| ctx.roster().person(a).is_some() && !owners.contains(&a));
    let reason_ok = !is_placeholder(&w.reason);
    let length_ok = days(&w.expires) - days(ctx.today) <= 365;
    !(rule_ok && approver_ok && reason_ok && length_ok)
}

/// Waivers (SPEC 4): "A waiver on a proposal suppresses one rule's
/// diagnostics for that document ... it holds through its `expires` day";
/// "A proposal's waivers cover only diagnostics that point into that
/// proposal"; "An invalid or expired waiver suppresses nothing"; "One
/// waiver gets at most one `waiver-invalid` ... an invalid waiver is not
/// also `waiver-expired`"; `waiver-unused` [warning]: "a waiver that
/// suppressed no diagnostic in this run ...; not reported for an expired or
/// invalid waiver".
///
/// Returns the diagnostics left and how many the waivers suppressed.
fn apply_waivers(ctx: &Ctx, found: Vec<Finding>) -> (Vec<Finding>, usize) {
    let today = days(ctx.today);
    let mut out = Vec::new();
    let mut in_force: Vec<(&Proposal, &Waiver)> = Vec::new();
    for p in &ctx.proposals {
        for w in &p.waivers {
            if invalid(ctx, p, w) {
                out.push(finding("waiver-invalid", ERROR, &p.file, Some(&p.id)));
            } else if days(&w.expires) < today {
                out.push(finding("waiver-expired", ERROR, &p.file, Some(&p.id)));
            } else {
                in_force.push((p, w));
            }
        }
    }
    let covers = |(p, w): &(&Proposal, &Waiver), f: &Finding| f.0 == w.rule && f.2 == p.file;
    // Of two waivers in force for the same rule on a proposal, the first (file
    // order) does the suppressing; a later one is redundant, so unused.
    let suppressor = |n: usize| {
        let (p, w) = in_force[n];
        in_force.iter().position(|(q, v)| std::ptr::eq(*q, p) && v.rule == w.rule) == Some(n)
    };
    let mut unused: Vec<usize> = (0..in_force.len())
        .filter(|n| {
            let (_, w) = in_force[*n];
            let rule = w.rule.as_str();
            let judged_later = rule == "waiver-unused" && suppressor(*n);
            let used = suppressor(*n) && found.iter().any(|f| covers(&in_force[*n], f));
            !(judged_later || used || BASE_MODE_ONLY.contains(&rule))
        })
        .collect();
    let before = found.len();
    let kept: Vec<Finding> = found.into_iter().filter(|f| !in_force.iter().any(|w| covers(w, f))).collect();
    let mut suppressed = before - kept.len();
    // A waiver of `waiver-unused` (judged last) suppresses the `waiver-unused`
    // diagnostics of its proposal's other waivers; "a waiver never suppresses
    // a diagnostic about itself", so with none to suppress it is unused.
    for n in 0..in_force.len() {
        let (p, w) = in_force[n];
        if w.rule != "waiver-unused" || !suppressor(n) {
            continue;
        }
        let others = unused.len();
        unused.retain(|m| !std::ptr::eq(in_force[*m].0, p));
        suppressed += others - unused.len();
        if others == unused.len() {
            unused.push(n);
        }
    }
    for n in unused {
        let (p, _) = in_force[n];
        out.push(finding("waiver-unused", WARNING, &p.file, Some(&p.id)));
    }
    out.extend(kept);
    (out, suppressed)
}

/// Every diagnostic SPEC asks for in `repo` on `today`, sorted.
pub fn check(repo: &Repo, today: &str) -> Vec<Finding> {
    check_counting(repo, today).0
}

/// `check`, and how many diagnostics waivers suppressed.
pub fn check_counting(repo: &Repo, today: &str) -> (Vec<Finding>, usize) {
    let ctx = Ctx::new(repo, today);
    let mut found = Vec::new();
    found.extend(duplicate_id(&ctx));
    found.extend(unresolved_reference(&ctx));
    found.extend(owner_pairing(&ctx));
    found.extend(estimate_required(&ctx));
    found.extend(telemetry_plan(&ctx));
    found.extend(value_score(&ctx));
    found.extend(roadmap_readiness(&ctx));
    found.extend(dependency_cycle(&ctx));
    found.extend(schedule_order(&ctx, false));
    found.extend(capacity(&ctx));
    found.extend(file_name(&ctx));
    found.extend(outcome_review_due(&ctx));
    let (mut out, suppressed) = apply_waivers(&ctx, found);
    out.sort();
    (out, suppressed)
}
