//! `--format markdown`: GitHub-flavoured markdown for a pull request, a
//! wiki or the Action's job summary — tables, text bars for capacity and a
//! mermaid flowchart for dependencies. Every piece of document text is
//! escaped, so a title cannot break a table, a diagram or the page.

use super::{number, shorten};
use crate::model::Commitment;
use crate::plan::model::{
    CapacityDelta, Change, Dependencies, Governance, ItemChange, LoadState, LoadSummary, Outcomes, Owners, Placement,
    QuarterLoad, RoadmapReport, RuleHealth, ValueRanking,
};
use crate::report::plural;
use std::fmt::Write as _;

/// Characters of a capacity bar that stand for the team's capacity.
const BAR: usize = 20;
/// Most characters drawn past capacity; more is shown as `…`.
const OVERFLOW: usize = 10;
/// Larger graphs are listed, not drawn: mermaid refuses very large diagrams.
const MAX_DIAGRAM_NODES: usize = 300;
const MAX_DIAGRAM_EDGES: usize = 450;
/// Titles in diagram nodes are cut to this many characters.
const NODE_TITLE: usize = 40;

/// Renders the whole report; in base mode the change comes first.
pub fn render(report: &RoadmapReport) -> String {
    render_with(report, None)
}

/// The report with `--history`'s sections after the header (and change).
pub fn render_with(report: &RoadmapReport, history: Option<&crate::history::History>) -> String {
    let mut out = String::new();
    header(&mut out, report);
    if let Some(change) = &report.change {
        change_section(&mut out, change);
    }
    if let Some(history) = history {
        crate::history::markdown::render(&mut out, history);
    }
    capacity(&mut out, report);
    value(&mut out, &report.value);
    dependencies(&mut out, &report.dependencies);
    governance(&mut out, &report.governance);
    outcomes(&mut out, &report.outcomes);
    if !report.notes.is_empty() {
        out.push_str("\n**Notes**\n\n");
        for note in &report.notes {
            let _ = writeln!(out, "- {}", text(note));
        }
    }
    let _ = writeln!(
        out,
        "\n<sub>Made by roadlint {} (`roadlint report`) from the roadmap documents and `roadlint check`.</sub>",
        env!("CARGO_PKG_VERSION")
    );
    out
}

fn header(out: &mut String, report: &RoadmapReport) {
    let o = &report.overview;
    let _ = writeln!(out, "# Roadmap report\n");
    let _ = writeln!(
        out,
        "As of **{}** · {} · {} · {} · check: {}, {}\n",
        text(&report.today),
        plural(o.proposals, "proposal"),
        plural(o.items, "roadmap item"),
        plural(o.teams, "team"),
        plural(o.findings.errors, "error"),
        plural(o.findings.warnings, "warning"),
    );
    out.push_str("| committed | planned | over capacity | over planned | dependency cycles | schedule conflicts |\n");
    out.push_str("| ---: | ---: | ---: | ---: | ---: | ---: |\n");
    let flag = |n: usize, mark: &str| {
        if n > 0 { format!("{mark} {n}") } else { "0".to_owned() }
    };
    let _ = writeln!(
        out,
        "| {} pw | {} pw | {} | {} | {} | {} |",
        number(o.committed_effort),
        number(o.planned_effort),
        flag(o.over_committed, "🔴"),
        flag(o.over_planned, "🟠"),
        flag(o.cycles, "🔴"),
        flag(o.schedule_conflicts, "🟠"),
    );
}

// ---------------------------------------------------------------------------
// Change

fn change_section(out: &mut String, change: &Change) {
    let short: String = change.base.chars().take(12).collect();
    let _ = writeln!(out, "\n## Roadmap change in this pull request\n");
    let _ = writeln!(out, "Compared with the merge base `{short}`.\n");
    if change.statuses.is_empty() && change.items.is_empty() && change.capacity.is_empty() {
        out.push_str("This change does not move a proposal, a roadmap item or a team's load.\n");
        return;
    }
    if !change.statuses.is_empty() {
        out.push_str("**Status moves**\n\n| proposal | before | after |\n| --- | --- | --- |\n");
        for m in &change.statuses {
            let side = |s: &Option<String>, absent: &str| s.as_deref().map_or(absent.to_owned(), text);
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                proposal(&m.proposal, m.title.as_deref()),
                side(&m.before, "— (new)"),
                side(&m.after, "— (deleted)"),
            );
        }
        out.push('\n');
    }
    if !change.items.is_empty() {
        out.push_str("**Roadmap items**\n\n| item | proposal | before | after |\n| --- | --- | --- | --- |\n");
        for item in &change.items {
            item_row(out, item);
        }
        out.push('\n');
    }
    if !change.capacity.is_empty() {
        out.push_str("**Capacity before and after** (person-weeks)\n\n");
        out.push_str("| team | quarter | capacity | committed | committed + planned | load |\n");
        out.push_str("| --- | --- | ---: | ---: | ---: | --- |\n");
        for delta in &change.capacity {
            delta_row(out, delta);
        }
    }
}

fn item_row(out: &mut String, item: &ItemChange) {
    let place = |p: &Option<Placement>, absent: &str| match p {
        None => absent.to_owned(),
        Some(p) => {
            let field = |f: &Option<String>| text(f.as_deref().unwrap_or("?"));
            let commitment = p.commitment.map(|c| c.as_str().to_owned());
            format!("{} · {} · {}", field(&p.team), field(&p.quarter), field(&commitment))
        }
    };
    let mut after = place(&item.after, "— (removed)");
    if item.new_commitment {
        after = format!("**{after}** 🆕 new commitment");
    }
    let _ = writeln!(
        out,
        "| {} | {} | {} | {after} |",
        text(&item.item),
        item.proposal.as_deref().map_or("?".to_owned(), |p| proposal(p, item.title.as_deref())),
        place(&item.before, "— (new)"),
    );
}

fn delta_row(out: &mut String, delta: &CapacityDelta) {
    let pair = |f: fn(&LoadSummary) -> String| {
        let side = |s: &Option<LoadSummary>| s.as_ref().map_or("—".to_owned(), f);
        let (before, after) = (side(&delta.before), side(&delta.after));
        if before == after { after } else { format!("{before} → {after}") }
    };
    let state = |s: &Option<LoadSummary>| s.map(|s| s.state);
    let load = match (state(&delta.before), state(&delta.after)) {
        (Some(before), Some(after)) if before != after => {
            format!("{} (was {})", badge(after), badge(before))
        }
        (_, Some(after)) => badge(after),
        (Some(before), None) => format!("— (was {})", badge(before)),
        (None, None) => "—".to_owned(),
    };
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {load} |",
        text(&delta.team),
        text(&delta.quarter),
        pair(|s| s.capacity.map_or("—".to_owned(), number)),
        pair(|s| number(s.committed)),
        pair(|s| number(s.committed + s.planned)),
    );
}

// ---------------------------------------------------------------------------
// Capacity

fn capacity(out: &mut String, report: &RoadmapReport) {
    out.push_str("\n## Capacity\n\n");
    out.push_str(
        "Committed and planned effort per team and quarter, in person-weeks (pw), against capacity: \
         `█` committed, `▒` planned, `░` free, past `▕` over capacity. Exploring items and rejected or \
         withdrawn proposals do not count; a proposal without an estimate counts as 0.\n",
    );
    if !report.capacity.roster {
        out.push_str("\nNo roster was found, so no team has a capacity to compare with.\n");
    }
    if report.capacity.teams.is_empty() {
        out.push_str("\nNo roadmap item schedules a team yet.\n");
        return;
    }
    for team in &report.capacity.teams {
        let _ = writeln!(out, "\n### {}\n", text(team.display()));
        out.push_str("| quarter | committed | planned | capacity | load | | items |\n");
        out.push_str("| --- | ---: | ---: | ---: | --- | --- | --- |\n");
        for q in &team.quarters {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                text(&q.quarter),
                number(q.committed),
                number(q.planned),
                q.capacity.map_or("—".to_owned(), number),
                bar(q),
                badge(q.state),
                load_items(q),
            );
        }
    }
}

/// `████████▒▒░░░░░░░░░░ 50%`: capacity is [`BAR`] characters wide; work
/// past it follows a `▕`.
fn bar(q: &QuarterLoad) -> String {
    let Some(capacity) = q.capacity.filter(|c| *c > 0.0) else {
        return if q.total() > 0.0 { "no capacity set".to_owned() } else { "—".to_owned() };
    };
    let cells = |effort: f64| (effort / capacity * BAR as f64).round() as usize;
    let committed = cells(q.committed);
    let total = cells(q.total()).max(committed);
    let mut drawn = String::new();
    for i in 0..total.min(BAR + OVERFLOW) {
        if i == BAR {
            drawn.push('▕');
        }
        drawn.push(if i < committed { '█' } else { '▒' });
    }
    if total > BAR + OVERFLOW {
        drawn.push('…');
    }
    for _ in total..BAR {
        drawn.push('░');
    }
    let percent = (q.total() / capacity * 100.0).round();
    format!("`{drawn}` {percent:.0}%")
}

fn load_items(q: &QuarterLoad) -> String {
    let parts: Vec<String> = q
        .items
        .iter()
        .map(|i| {
            let what = text(&i.proposal);
            match (i.counted, i.commitment.map_or("", Commitment::as_str)) {
                (true, "committed") => format!("{what} ({})", number(i.effort)),
                (true, other) => format!("_{what} ({}, {})_", number(i.effort), text(other)),
                (false, other) => format!("~~{what}~~ ({}, not counted)", text(other)),
            }
        })
        .collect();
    parts.join(", ")
}

fn badge(state: LoadState) -> String {
    let mark = match state {
        LoadState::Fits => "🟢",
        LoadState::OverPlanned => "🟠",
        LoadState::OverCommitted => "🔴",
        LoadState::Unchecked => "⚪",
    };
    let words = state.as_str();
    if state == LoadState::OverCommitted { format!("{mark} **{words}**") } else { format!("{mark} {words}") }
}

// ---------------------------------------------------------------------------
// Value

fn value(out: &mut String, value: &ValueRanking) {
    out.push_str("\n## Value ranking\n\n");
    out.push_str(
        "RICE = reach × impact × confidence ÷ effort (people per quarter × impact × confidence ÷ \
         person-weeks). Shipped, rejected and withdrawn proposals are left out.\n\n",
    );
    if value.ranked.is_empty() {
        out.push_str("No proposal can be scored yet.\n");
    } else {
        out.push_str("| # | proposal | status | owners | reach | impact | confidence | effort | RICE | scheduled |\n");
        out.push_str("| ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for s in &value.ranked {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {:.0}% | {} | **{}** | {} |",
                s.rank,
                proposal(&s.proposal, s.title.as_deref()),
                status(s.status.as_deref()),
                owners(&s.owners),
                number(s.reach),
                number(s.impact),
                s.confidence * 100.0,
                number(s.effort),
                number(s.rice),
                s.quarter.as_deref().map_or("—".to_owned(), text),
            );
        }
    }
    if !value.unscored.is_empty() {
        out.push_str("\n**Cannot be scored**\n\n| proposal | status | owners | missing |\n| --- | --- | --- | --- |\n");
        for u in &value.unscored {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                proposal(&u.proposal, u.title.as_deref()),
                status(u.status.as_deref()),
                owners(&u.owners),
                text(&u.missing.join(", ")),
            );
        }
    }
}

fn owners(owners: &Owners) -> String {
    let names: Vec<String> = [&owners.product, &owners.engineering]
        .into_iter()
        .map(|p| p.as_ref().map_or("?".to_owned(), |p| text(p.display())))
        .collect();
    names.join(" · ")
}

// ---------------------------------------------------------------------------
// Dependencies

fn dependencies(out: &mut String, deps: &Dependencies) {
    out.push_str("\n## Dependencies\n\n");
    let nodes: usize = deps.groups.iter().map(|g| g.proposals.len()).sum();
    if nodes == 0 {
        out.push_str("No proposals yet.\n");
        return;
    }
    out.push_str(
        "Proposals by the quarter of their earliest roadmap item. An arrow A → B means B depends on A, \
         so A has to come first. Red: a dependency cycle; orange: scheduled before what it depends on.\n\n",
    );
    if nodes <= MAX_DIAGRAM_NODES && deps.edges.len() <= MAX_DIAGRAM_EDGES {
        mermaid(out, deps);
    } else {
        let _ = writeln!(out, "{nodes} proposals are too many to draw; what needs attention is listed below.");
    }
    let conflicts: Vec<_> = deps.edges.iter().filter(|e| e.schedule_conflict).collect();
    if deps.cycles.is_empty() && conflicts.is_empty() {
        out.push_str("\nNo dependency cycles and no schedule conflicts.\n");
        return;
    }
    out.push('\n');
    for cycle in &deps.cycles {
        let ids: Vec<String> = cycle.iter().map(|id| text(id)).collect();
        let _ = writeln!(out, "- 🔴 **Cycle:** {} depend on each other", ids.join(", "));
    }
    for e in conflicts {
        let _ = writeln!(
            out,
            "- 🟠 **Schedule conflict:** {} ({}) depends on {} ({})",
            text(&e.proposal),
            text(deps.quarter_of(&e.proposal)),
            text(&e.depends_on),
            text(deps.quarter_of(&e.depends_on)),
        );
    }
}

/// A left-to-right flowchart, one subgraph per quarter.
fn mermaid(out: &mut String, deps: &Dependencies) {
    out.push_str("```mermaid\nflowchart LR\n");
    let mut ids = std::collections::HashMap::new();
    let mut classes: Vec<(usize, &str)> = Vec::new();
    for (g, group) in deps.groups.iter().enumerate() {
        let label = group.quarter.as_deref().unwrap_or("Not scheduled");
        let _ = writeln!(out, "  subgraph q{g}[\"{}\"]", diagram_text(label));
        for node in &group.proposals {
            let n = ids.len();
            ids.insert(node.id.as_str(), n);
            let title = node
                .title
                .as_deref()
                .map(|t| format!("<br/>{}", diagram_text(&shorten(t, NODE_TITLE))))
                .unwrap_or_default();
            let _ = writeln!(out, "    n{n}[\"{}{title}\"]", diagram_text(&node.id));
            if node.in_cycle {
                classes.push((n, "cycle"));
            } else if matches!(node.status.as_deref(), Some("rejected" | "withdrawn")) {
                classes.push((n, "closed"));
            }
        }
        out.push_str("  end\n");
    }
    let mut styles = Vec::new();
    let mut link = 0;
    for e in &deps.edges {
        let (Some(from), Some(to)) = (ids.get(e.depends_on.as_str()), ids.get(e.proposal.as_str())) else {
            continue;
        };
        let _ = writeln!(out, "  n{from} --> n{to}");
        if e.cycle {
            styles.push(format!("  linkStyle {link} stroke:#cf222e,stroke-width:3px"));
        } else if e.schedule_conflict {
            styles.push(format!("  linkStyle {link} stroke:#bc4c00,stroke-width:3px,stroke-dasharray:6 4"));
        }
        link += 1;
    }
    for style in styles {
        let _ = writeln!(out, "{style}");
    }
    out.push_str("  classDef cycle fill:#ffebe9,stroke:#cf222e,color:#82071e\n");
    out.push_str("  classDef closed fill:#f6f8fa,stroke:#8c959f,color:#57606a,stroke-dasharray:3 3\n");
    for (n, class) in classes {
        let _ = writeln!(out, "  class n{n} {class}");
    }
    out.push_str("```\n");
}

/// Text for a quoted mermaid label: anything but plain letters, digits and
/// harmless punctuation becomes an entity code (`#35;`), which mermaid
/// decodes; so quotes, brackets, backticks and markup cannot end the
/// label, the diagram or the code block.
fn diagram_text(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() || " .,:;-_/()'!?+".contains(c) {
                c.to_string()
            } else {
                format!("#{};", u32::from(c))
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Governance

fn governance(out: &mut String, gov: &Governance) {
    out.push_str("\n## Governance health\n\n");
    out.push_str(
        "How many proposals of each status meet each policy rule: no `roadlint check` diagnostic of the rule \
         points into them (a waiver in force counts as meeting it).\n\n",
    );
    if gov.statuses.is_empty() {
        out.push_str("No proposals yet.\n");
    } else {
        out.push_str("| status | proposals |");
        for rule in &gov.rules {
            let _ = write!(out, " {} |", text(rule));
        }
        out.push_str("\n| --- | ---: |");
        out.push_str(&" --- |".repeat(gov.rules.len()));
        out.push('\n');
        for row in &gov.statuses {
            let _ = write!(out, "| {} | {} |", status(Some(&row.status)), row.proposals);
            for rule in &row.rules {
                let _ = write!(out, " {} |", health(rule, row.proposals));
            }
            out.push('\n');
        }
    }
    out.push_str("\n**Open waivers**\n\n");
    if gov.waivers.is_empty() {
        out.push_str("No waivers are in force.\n");
        return;
    }
    out.push_str("| proposal | rule | approved by | expires | | reason |\n| --- | --- | --- | --- | --- | --- |\n");
    for w in &gov.waivers {
        let left = match w.days_left {
            0 => "⏳ today".to_owned(),
            1 => "⏳ tomorrow".to_owned(),
            d if d <= 30 => format!("⏳ in {d} days"),
            d => format!("in {d} days"),
        };
        let left = if w.invalid { format!("❌ invalid, suppresses nothing; {left}") } else { left };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {left} | {} |",
            text(&w.proposal),
            text(&w.rule),
            w.approved_by.as_ref().map_or("?".to_owned(), |p| text(p.display())),
            text(&w.expires),
            w.reason.as_deref().map_or(String::new(), text),
        );
    }
}

fn outcomes(out: &mut String, o: &Outcomes) {
    out.push_str("\n## Outcomes\n\n");
    if o.shipped == 0 {
        out.push_str("Nothing has shipped yet.\n");
        return;
    }
    let _ = writeln!(
        out,
        "Whether shipped work did what its telemetry plan said, as its outcome review recorded ({}).\n",
        plural(o.shipped, "shipped proposal")
    );
    out.push_str("| result | proposals |\n| --- | ---: |\n");
    for (label, count) in [
        ("✅ met", o.met),
        ("🟡 partly met", o.partly_met),
        ("❌ missed", o.missed),
        ("❔ inconclusive", o.inconclusive),
        ("⏳ not reviewed yet", o.unreviewed.len()),
    ] {
        let _ = writeln!(out, "| {label} | {count} |");
    }
    if o.unreviewed.is_empty() {
        return;
    }
    out.push_str("\n| not reviewed | review after | |\n| --- | --- | --- |\n");
    for u in &o.unreviewed {
        let when = match u.days_since_review_after {
            None => "no review date".to_owned(),
            Some(0) => "due today".to_owned(),
            Some(1) => "⚠️ 1 day overdue".to_owned(),
            Some(d) if d > 0 => format!("⚠️ {d} days overdue"),
            Some(-1) => "due tomorrow".to_owned(),
            Some(d) => format!("due in {} days", -d),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {when} |",
            proposal(&u.proposal, u.title.as_deref()),
            u.review_after.as_deref().map_or("?".to_owned(), text)
        );
    }
}

fn health(rule: &RuleHealth, total: usize) -> String {
    let mark = if rule.meets == total {
        "✅"
    } else if rule.meets == 0 {
        "❌"
    } else {
        "⚠️"
    };
    let waived = if rule.waived > 0 { format!(" ({} waived)", rule.waived) } else { String::new() };
    format!("{mark} {}/{total}{waived}", rule.meets)
}

// ---------------------------------------------------------------------------
// Text

fn proposal(id: &str, title: Option<&str>) -> String {
    match title {
        Some(title) => format!("**{}** {}", text(id), text(title)),
        None => format!("**{}**", text(id)),
    }
}

fn status(status: Option<&str>) -> String {
    status.map_or("?".to_owned(), text)
}

/// Document text as literal markdown inside a table cell.
fn text(text: &str) -> String {
    crate::report::markdown_text::literal(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagram_labels_cannot_end_the_label_or_the_block() {
        assert_eq!(diagram_text("A \"b\" ```[x]"), "A #34;b#34; #96;#96;#96;#91;x#93;");
    }

    #[test]
    fn bars_show_load_against_capacity() {
        let q = |committed: f64, planned: f64, capacity: Option<f64>| QuarterLoad {
            quarter: "2027-Q1".into(),
            capacity,
            committed,
            planned,
            state: LoadState::Fits,
            items: Vec::new(),
        };
        assert_eq!(bar(&q(5.0, 5.0, Some(20.0))), "`█████▒▒▒▒▒░░░░░░░░░░` 50%");
        assert_eq!(bar(&q(22.0, 0.0, Some(20.0))), "`████████████████████▕██` 110%");
        assert_eq!(bar(&q(100.0, 0.0, Some(10.0))).chars().filter(|c| *c == '█').count(), BAR + OVERFLOW);
        assert_eq!(bar(&q(3.0, 0.0, None)), "no capacity set");
    }
}
