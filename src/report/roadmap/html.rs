//! `--format html`: one self-contained page for a screen in a planning
//! meeting, a phone or a printer. Inline CSS and inline SVG only — no
//! script, font, image or stylesheet from anywhere — so it works offline
//! and can be mailed or attached as one file. Every piece of document text
//! goes through [`esc`].

mod capacity;
mod graph;

use super::number;
use crate::plan::model::{
    CapacityDelta, Change, Dependencies, Governance, ItemChange, LoadState, LoadSummary, Owners, Placement,
    RoadmapReport, RuleHealth, ValueRanking,
};
use crate::report::plural;
use std::fmt::Write as _;

const STYLE: &str = include_str!("html/style.css");

/// Larger dependency graphs are not drawn: nobody can read them, and the
/// page would grow by megabytes.
const MAX_GRAPH_NODES: usize = 400;

/// Renders the page; in base mode the change comes first.
pub fn render(report: &RoadmapReport) -> String {
    render_with(report, None)
}

/// The page with `--history`'s section after the headline numbers (and change).
pub fn render_with(report: &RoadmapReport, history: Option<&crate::history::History>) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        concat!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
            "<meta name=\"generator\" content=\"roadlint {version}\">\n",
            "<title>Roadmap report · {today}</title>\n<style>\n{style}</style>\n</head>\n<body>\n<main class=\"page\">\n"
        ),
        version = env!("CARGO_PKG_VERSION"),
        today = esc(&report.today),
        style = STYLE,
    );
    masthead(&mut out, report);
    kpis(&mut out, report);
    if let Some(change) = &report.change {
        change_section(&mut out, change);
    }
    if let Some(history) = history {
        crate::history::html::render(&mut out, history);
    }
    capacity::section(&mut out, report);
    value(&mut out, &report.value);
    dependencies(&mut out, &report.dependencies);
    governance(&mut out, &report.governance);
    outcomes(&mut out, &report.outcomes);
    if !report.notes.is_empty() {
        out.push_str("<section class=\"card\" id=\"notes\"><h2>Notes</h2>");
        for note in &report.notes {
            let _ = write!(out, "<p class=\"callout\">{}</p>", esc(note));
        }
        out.push_str("</section>\n");
    }
    let _ = write!(
        out,
        "<footer>Made by roadlint {} with <code>roadlint report</code> from the roadmap documents and the checks of <code>roadlint check</code>, as of {}.</footer>\n</main>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        esc(&report.today)
    );
    out
}

fn masthead(out: &mut String, report: &RoadmapReport) {
    let o = &report.overview;
    let _ = write!(
        out,
        "<header class=\"masthead\"><div><div class=\"eyebrow\">roadlint · roadmap report</div><h1>The roadmap at a glance</h1><p class=\"subtitle\">As of <b>{}</b> · {} · {} · {}</p></div><nav aria-label=\"Sections\"><ul class=\"toc\">",
        esc(&report.today),
        plural(o.proposals, "proposal"),
        plural(o.items, "roadmap item"),
        plural(o.teams, "team"),
    );
    if report.change.is_some() {
        out.push_str("<li><a href=\"#change\">Change</a></li>");
    }
    out.push_str(concat!(
        "<li><a href=\"#capacity\">Capacity</a></li><li><a href=\"#value\">Value</a></li>",
        "<li><a href=\"#dependencies\">Dependencies</a></li><li><a href=\"#governance\">Governance</a></li>",
        "</ul></nav></header>\n"
    ));
}

fn kpis(out: &mut String, report: &RoadmapReport) {
    let o = &report.overview;
    out.push_str("<div class=\"kpis\">");
    kpi(
        out,
        "work",
        &number(o.committed_effort),
        "pw",
        "committed",
        &format!("+ {} pw planned", number(o.planned_effort)),
    );
    let over_plan = match o.over_planned {
        0 if o.over_committed == 0 => "every team quarter fits".to_owned(),
        0 => "team quarters with too much committed".to_owned(),
        n => format!("+ {n} over plan with planned work"),
    };
    kpi(
        out,
        if o.over_committed > 0 {
            "bad"
        } else if o.over_planned > 0 {
            "warn"
        } else {
            "good"
        },
        &o.over_committed.to_string(),
        "",
        "over capacity",
        &over_plan,
    );
    let problems = o.cycles + o.schedule_conflicts;
    kpi(
        out,
        if o.cycles > 0 {
            "bad"
        } else if problems > 0 {
            "warn"
        } else {
            "good"
        },
        &problems.to_string(),
        "",
        "dependency problems",
        &format!("{} · {}", plural(o.cycles, "cycle"), plural(o.schedule_conflicts, "schedule conflict")),
    );
    let f = o.findings;
    kpi(
        out,
        if f.errors > 0 {
            "bad"
        } else if f.warnings > 0 {
            "warn"
        } else {
            "good"
        },
        &f.errors.to_string(),
        "",
        if f.errors == 1 { "check error" } else { "check errors" },
        &format!("{} from roadlint check", plural(f.warnings, "warning")),
    );
    out.push_str("</div>\n");
}

fn kpi(out: &mut String, tone: &str, value: &str, unit: &str, label: &str, note: &str) {
    let unit = if unit.is_empty() { String::new() } else { format!("<span class=\"unit\">{}</span>", esc(unit)) };
    let _ = write!(
        out,
        "<div class=\"kpi {tone}\"><div class=\"value\">{}{unit}</div><div class=\"label\">{}</div><div class=\"note\">{}</div></div>",
        esc(value),
        esc(label),
        esc(note)
    );
}

// ---------------------------------------------------------------------------
// Change

fn change_section(out: &mut String, change: &Change) {
    let short: String = change.base.chars().take(12).collect();
    let _ = write!(
        out,
        "<section class=\"card change\" id=\"change\"><div class=\"section-head\"><h2>What this pull request changes</h2><span class=\"muted small\">compared with the merge base <code>{}</code></span></div>",
        esc(&short)
    );
    if change.statuses.is_empty() && change.items.is_empty() && change.capacity.is_empty() {
        out.push_str("<p class=\"callout\">This change does not move a proposal, a roadmap item or a team's load.</p></section>\n");
        return;
    }
    if !change.statuses.is_empty() {
        out.push_str("<h3 class=\"sub\">Status moves</h3><div class=\"table-wrap\"><table><thead><tr><th>Proposal</th><th>Before</th><th></th><th>After</th></tr></thead><tbody>");
        for m in &change.statuses {
            let side = |s: &Option<String>, absent: &str| {
                s.as_deref().map_or(format!("<span class=\"muted\">{absent}</span>"), status_chip)
            };
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td aria-hidden=\"true\">→</td><td>{}</td></tr>",
                proposal_cell(&m.proposal, m.title.as_deref(), None),
                side(&m.before, "new"),
                side(&m.after, "deleted"),
            );
        }
        out.push_str("</tbody></table></div>");
    }
    if !change.items.is_empty() {
        out.push_str("<h3 class=\"sub\">Roadmap items</h3><div class=\"table-wrap\"><table><thead><tr><th>Item</th><th>Proposal</th><th>Before</th><th>After</th></tr></thead><tbody>");
        for item in &change.items {
            item_row(out, item);
        }
        out.push_str("</tbody></table></div>");
    }
    if !change.capacity.is_empty() {
        out.push_str("<h3 class=\"sub\">Capacity before and after</h3><div class=\"table-wrap\"><table><thead><tr><th>Team</th><th>Quarter</th><th class=\"n\">Capacity</th><th class=\"n\">Committed</th><th class=\"n\">Committed + planned</th><th>Load</th></tr></thead><tbody>");
        for delta in &change.capacity {
            delta_row(out, delta);
        }
        out.push_str("</tbody></table></div>");
    }
    out.push_str("</section>\n");
}

fn item_row(out: &mut String, item: &ItemChange) {
    let place = |p: &Option<Placement>, absent: &str| match p {
        None => format!("<span class=\"muted\">{absent}</span>"),
        Some(p) => {
            let field = |f: &Option<String>| esc(f.as_deref().unwrap_or("?"));
            let commitment = p.commitment.map(|c| c.as_str().to_owned());
            format!("{} · {} · {}", field(&p.team), field(&p.quarter), field(&commitment))
        }
    };
    let new = if item.new_commitment { " <span class=\"chip new\">new commitment</span>" } else { "" };
    let _ = write!(
        out,
        "<tr><td class=\"id\">{}</td><td>{}</td><td>{}</td><td>{}{new}</td></tr>",
        esc(&item.item),
        item.proposal.as_deref().map_or("?".to_owned(), |p| proposal_cell(p, item.title.as_deref(), None)),
        place(&item.before, "new"),
        place(&item.after, "removed"),
    );
}

fn delta_row(out: &mut String, delta: &CapacityDelta) {
    let pair = |f: fn(&LoadSummary) -> String| {
        let side = |s: &Option<LoadSummary>| s.as_ref().map_or("—".to_owned(), f);
        let (before, after) = (side(&delta.before), side(&delta.after));
        if before == after { after } else { format!("<span class=\"muted\">{before} →</span> <b>{after}</b>") }
    };
    let state = |s: &Option<LoadSummary>| s.map(|s| s.state);
    let load = match (state(&delta.before), state(&delta.after)) {
        (Some(before), Some(after)) if before != after => {
            format!("{} <span class=\"muted small\">was</span> {}", load_chip(after), load_chip(before))
        }
        (_, Some(after)) => load_chip(after),
        (Some(before), None) => format!("<span class=\"muted small\">was</span> {}", load_chip(before)),
        (None, None) => "—".to_owned(),
    };
    let _ = write!(
        out,
        "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{load}</td></tr>",
        esc(&delta.team),
        esc(&delta.quarter),
        pair(|s| s.capacity.map_or("—".to_owned(), number)),
        pair(|s| number(s.committed)),
        pair(|s| number(s.committed + s.planned)),
    );
}

// ---------------------------------------------------------------------------
// Value

fn value(out: &mut String, value: &ValueRanking) {
    out.push_str(concat!(
        "<section class=\"card\" id=\"value\"><div class=\"section-head\"><h2>Value ranking</h2>",
        "<span class=\"muted small\">RICE = reach × impact × confidence ÷ effort</span></div>",
        "<p class=\"lead\">Open proposals by RICE score: people reached per quarter, times impact and confidence, per person-week of effort. ",
        "Shipped, rejected and withdrawn proposals are left out.</p>"
    ));
    if value.ranked.is_empty() {
        out.push_str("<p class=\"callout\">No proposal can be scored yet.</p>");
    } else {
        let best = value.ranked.iter().map(|s| s.rice).fold(0.0_f64, f64::max).max(f64::MIN_POSITIVE);
        out.push_str(concat!(
            "<div class=\"table-wrap\"><table><thead><tr><th class=\"n\">#</th><th>Proposal</th><th>Status</th>",
            "<th class=\"n opt\">Reach</th><th class=\"n opt\">Impact</th><th class=\"n opt\">Confidence</th><th class=\"n\">Effort</th>",
            "<th class=\"n\">RICE</th><th>Scheduled</th></tr></thead><tbody>"
        ));
        for s in &value.ranked {
            let _ = write!(
                out,
                "<tr><td class=\"n rank\">{}</td><td>{}</td><td>{}</td><td class=\"n opt\">{}</td><td class=\"n opt\">{}</td><td class=\"n opt\">{:.0}%</td><td class=\"n\">{} pw</td><td><div class=\"rice\"><span class=\"meter\"><i style=\"width:{:.1}%\"></i></span><b>{}</b></div></td><td>{}</td></tr>",
                s.rank,
                proposal_cell(&s.proposal, s.title.as_deref(), Some(&s.owners)),
                s.status.as_deref().map_or("?".to_owned(), status_chip),
                number(s.reach),
                number(s.impact),
                s.confidence * 100.0,
                number(s.effort),
                (s.rice / best * 100.0).clamp(0.0, 100.0),
                number(s.rice),
                quarter(s.quarter.as_deref()),
            );
        }
        out.push_str("</tbody></table></div>");
    }
    if !value.unscored.is_empty() {
        out.push_str("<h3 class=\"sub\">Cannot be scored yet</h3><div class=\"table-wrap\"><table><thead><tr><th>Proposal</th><th>Status</th><th>Missing</th><th>Scheduled</th></tr></thead><tbody>");
        for u in &value.unscored {
            let missing: String =
                u.missing.iter().map(|m| format!("<span class=\"chip warn\">{}</span>", esc(m))).collect();
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td><div class=\"missing\">{missing}</div></td><td>{}</td></tr>",
                proposal_cell(&u.proposal, u.title.as_deref(), Some(&u.owners)),
                u.status.as_deref().map_or("?".to_owned(), status_chip),
                quarter(u.quarter.as_deref()),
            );
        }
        out.push_str("</tbody></table></div>");
    }
    out.push_str("</section>\n");
}

fn quarter(quarter: Option<&str>) -> String {
    quarter.map_or("<span class=\"muted\">not scheduled</span>".to_owned(), |q| {
        format!("<span class=\"chip\">{}</span>", esc(q))
    })
}

// ---------------------------------------------------------------------------
// Dependencies

fn dependencies(out: &mut String, deps: &Dependencies) {
    out.push_str(concat!(
        "<section class=\"card\" id=\"dependencies\"><div class=\"section-head\"><h2>Dependencies</h2>",
        "<div class=\"legend\"><span><i class=\"swatch line\"></i>needed by</span><span><i class=\"swatch line cycle\"></i>cycle</span>",
        "<span><i class=\"swatch line conflict\"></i>scheduled too early</span></div></div>",
        "<p class=\"lead\">Proposals in the quarter of their earliest roadmap item; an arrow runs from a proposal to the one that depends on it, so work flows left to right.</p>"
    ));
    let nodes: usize = deps.groups.iter().map(|g| g.proposals.len()).sum();
    if nodes == 0 {
        out.push_str("<p class=\"callout\">No proposals yet.</p></section>\n");
        return;
    }
    if nodes <= MAX_GRAPH_NODES {
        let _ = write!(out, "<div class=\"graph-wrap\">{}</div>", graph::svg(deps));
    } else {
        let _ = write!(
            out,
            "<p class=\"callout\">{nodes} proposals are too many to draw legibly; what needs attention is listed below.</p>"
        );
    }
    let conflicts: Vec<_> = deps.edges.iter().filter(|e| e.schedule_conflict).collect();
    if deps.cycles.is_empty() && conflicts.is_empty() {
        out.push_str("<p class=\"callout ok\">No dependency cycles, and nothing is scheduled before what it depends on.</p></section>\n");
        return;
    }
    out.push_str("<ul class=\"problems\">");
    for cycle in &deps.cycles {
        let ids: Vec<String> = cycle.iter().map(|id| esc(id)).collect();
        let _ = write!(
            out,
            "<li class=\"bad\"><b>Cycle:</b> {} depend on each other, so none of them can start.</li>",
            ids.join(", ")
        );
    }
    for e in conflicts {
        let _ = write!(
            out,
            "<li class=\"warn\"><b>Scheduled too early:</b> {} ({}) depends on {} ({}).</li>",
            esc(&e.proposal),
            esc(deps.quarter_of(&e.proposal)),
            esc(&e.depends_on),
            esc(deps.quarter_of(&e.depends_on)),
        );
    }
    out.push_str("</ul></section>\n");
}

// ---------------------------------------------------------------------------
// Governance

fn governance(out: &mut String, gov: &Governance) {
    out.push_str(concat!(
        "<section class=\"card\" id=\"governance\"><div class=\"section-head\"><h2>Governance health</h2></div>",
        "<p class=\"lead\">How many proposals of each status meet each policy rule: no finding of <code>roadlint check</code> for the rule points into them. ",
        "A waiver in force counts as meeting it.</p>"
    ));
    if gov.statuses.is_empty() {
        out.push_str("<p class=\"callout\">No proposals yet.</p>");
    } else {
        out.push_str("<div class=\"table-wrap\"><table class=\"health\"><thead><tr><th>Status</th><th class=\"n\">Proposals</th>");
        for rule in &gov.rules {
            let _ = write!(out, "<th>{}</th>", esc(rule));
        }
        out.push_str("</tr></thead><tbody>");
        for row in &gov.statuses {
            let _ = write!(out, "<tr><td>{}</td><td class=\"n\">{}</td>", status_chip(&row.status), row.proposals);
            for rule in &row.rules {
                health_cell(out, rule, row.proposals);
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></div>");
    }
    out.push_str("<h3 class=\"sub\">Open waivers</h3>");
    if gov.waivers.is_empty() {
        out.push_str(
            "<p class=\"callout ok\">No waivers are in force: every rule applies to every proposal.</p></section>\n",
        );
        return;
    }
    out.push_str("<div class=\"table-wrap\"><table><thead><tr><th>Proposal</th><th>Rule</th><th>Approved by</th><th>Expires</th><th>Reason</th></tr></thead><tbody>");
    for w in &gov.waivers {
        let tone = if w.invalid || w.days_left <= 7 {
            "bad"
        } else if w.days_left <= 30 {
            "warn"
        } else {
            ""
        };
        let when = match w.days_left {
            0 => "today".to_owned(),
            1 => "tomorrow".to_owned(),
            d => format!("in {d} days"),
        };
        let invalid = if w.invalid { " <span class=\"chip bad\">invalid: suppresses nothing</span>" } else { "" };
        let _ = write!(
            out,
            "<tr><td class=\"id\">{}</td><td><code>{}</code></td><td>{}</td><td>{} <span class=\"chip {tone}\">{when}</span>{invalid}</td><td>{}</td></tr>",
            esc(&w.proposal),
            esc(&w.rule),
            w.approved_by.as_ref().map_or("?".to_owned(), |p| esc(p.display())),
            esc(&w.expires),
            esc(w.reason.as_deref().unwrap_or("")),
        );
    }
    out.push_str("</tbody></table></div></section>\n");
}

fn outcomes(out: &mut String, o: &crate::plan::model::Outcomes) {
    out.push_str(concat!(
        "<section class=\"card\" id=\"outcomes\"><div class=\"section-head\"><h2>Outcomes</h2></div>",
        "<p class=\"lead\">Whether shipped work did what its telemetry plan said, as its outcome review recorded.</p>"
    ));
    if o.shipped == 0 {
        out.push_str("<p class=\"callout\">Nothing has shipped yet.</p></section>\n");
        return;
    }
    out.push_str("<div class=\"table-wrap\"><table><thead><tr><th>Result</th><th class=\"n\">Shipped proposals</th></tr></thead><tbody>");
    for (label, tone, count) in [
        ("met", "ok", o.met),
        ("partly met", "warn", o.partly_met),
        ("missed", "bad", o.missed),
        ("inconclusive", "", o.inconclusive),
        ("not reviewed yet", if o.overdue > 0 { "bad" } else { "" }, o.unreviewed.len()),
    ] {
        let _ = write!(out, "<tr><td><span class=\"chip {tone}\">{label}</span></td><td class=\"n\">{count}</td></tr>");
    }
    out.push_str("</tbody></table></div>");
    if !o.unreviewed.is_empty() {
        out.push_str("<h3 class=\"sub\">Not reviewed yet</h3><div class=\"table-wrap\"><table><thead><tr><th>Proposal</th><th>Review after</th></tr></thead><tbody>");
        for u in &o.unreviewed {
            let (tone, when) = match u.days_since_review_after {
                None => ("", "no review date".to_owned()),
                Some(0) => ("warn", "due today".to_owned()),
                Some(1) => ("bad", "1 day overdue".to_owned()),
                Some(d) if d > 0 => ("bad", format!("{d} days overdue")),
                Some(-1) => ("", "due tomorrow".to_owned()),
                Some(d) => ("", format!("due in {} days", -d)),
            };
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{} <span class=\"chip {tone}\">{when}</span></td></tr>",
                proposal_cell(&u.proposal, u.title.as_deref(), None),
                esc(u.review_after.as_deref().unwrap_or("?")),
            );
        }
        out.push_str("</tbody></table></div>");
    }
    out.push_str("</section>\n");
}

fn health_cell(out: &mut String, rule: &RuleHealth, total: usize) {
    let level = if rule.meets == total {
        "all"
    } else if rule.meets == 0 {
        "none"
    } else {
        "some"
    };
    let share = if total == 0 { 100.0 } else { rule.meets as f64 / total as f64 * 100.0 };
    let waived =
        if rule.waived > 0 { format!("<span class=\"waived\">{} waived</span>", rule.waived) } else { String::new() };
    let _ = write!(
        out,
        "<td class=\"rule-health\"><div class=\"meter-cell\"><span class=\"count {level}\">{} / {total}</span><span class=\"mini\"><i class=\"{level}\" style=\"width:{share:.0}%\"></i></span>{waived}</div></td>",
        rule.meets
    );
}

// ---------------------------------------------------------------------------
// Shared pieces

fn proposal_cell(id: &str, title: Option<&str>, owners: Option<&Owners>) -> String {
    let owners = owners
        .map(|o| {
            let name = |p: &Option<crate::plan::model::Person>| p.as_ref().map_or("?".to_owned(), |p| esc(p.display()));
            format!("<span class=\"o\">{} · {}</span>", name(&o.product), name(&o.engineering))
        })
        .unwrap_or_default();
    format!(
        "<div class=\"title-cell\"><span class=\"t\"><span class=\"mono\">{}</span> {}</span>{owners}</div>",
        esc(id),
        esc(title.unwrap_or(""))
    )
}

fn status_chip(status: &str) -> String {
    let class: String = status.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    format!("<span class=\"status status-{}\">{}</span>", esc(&class), esc(status))
}

fn load_chip(state: LoadState) -> String {
    let class = state.as_str().replace(' ', "-");
    format!("<span class=\"chip {class}\">{}</span>", esc(state.as_str()))
}

/// Text for HTML and SVG, in element content and quoted attributes alike.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_content_and_attributes() {
        assert_eq!(esc("<script>\"a\" & 'b'</script>"), "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;");
    }
}
