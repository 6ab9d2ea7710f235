//! The history as markdown sections: a few small tables, so that it fits a
//! job summary however long the history (proposals are not listed one by
//! one; the JSON has them).

use super::figures::{Group, days_text};
use super::stats::{Stage, Summary};
use super::{Change, Delta, History};
use std::fmt::Write as _;

/// Waiting proposals listed; the rest are counted.
const MAX_WAITING: usize = 20;

pub fn render(out: &mut String, h: &History) {
    out.push_str("\n## History\n\n");
    // roadlint's own sentence, from figures: no document text to escape.
    let _ = writeln!(out, "**{}**\n", h.headline);
    let span = match (&h.first_commit, &h.last_commit) {
        (Some(first), Some(last)) => format!(", {first} to {last}"),
        _ => String::new(),
    };
    let since = h.since.as_ref().map_or(String::new(), |s| format!(" (since {s})"));
    let _ = writeln!(
        out,
        "From {} first-parent commits{span}{since}: {} proposals. Durations are whole days between commit dates (UTC); median and p90 by nearest rank.\n",
        h.commits,
        h.proposals.len()
    );
    if let Some(change) = &h.change {
        change_table(out, change);
    }
    out.push_str("| figure | proposals | median | p90 |\n| --- | ---: | ---: | ---: |\n");
    for (label, s, unit) in figures(&h.overall) {
        let _ = writeln!(out, "| {label} | {} | {} | {} |", s.count, value(s.median, unit), value(s.p90, unit));
    }
    if !h.teams.is_empty() {
        out.push_str("\n### Per team\n\n");
        out.push_str("| team | proposals | decision (median / p90) | delivery | review | accuracy | slowest stage |\n");
        out.push_str("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for team in &h.teams {
            let pair = |s: &Summary, unit| format!("{} / {}", value(s.median, unit), value(s.p90, unit));
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                text(team.team.as_deref().unwrap_or("")),
                team.proposals,
                pair(&team.decision_days, Unit::Days),
                pair(&team.lead_days, Unit::Days),
                pair(&team.review_days, Unit::Days),
                pair(&team.accuracy, Unit::Ratio),
                team.slowest_stage.map_or("–", Stage::as_str),
            );
        }
    }
    if !h.time_in_status.is_empty() {
        out.push_str("\n### Time in each status\n\nEvery stay added up; a stay still open counts to today.\n\n");
        out.push_str("| status | proposals | days in all | median | p90 |\n| --- | ---: | ---: | ---: | ---: |\n");
        for t in &h.time_in_status {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                t.status.as_str(),
                t.days.count,
                t.total_days,
                value(t.days.median, Unit::Days),
                value(t.days.p90, Unit::Days)
            );
        }
    }
    out.push_str("\n### Waiting for a decision\n\n");
    if h.waiting.is_empty() {
        out.push_str("No proposal is waiting in `proposed`.\n");
        return;
    }
    out.push_str("| proposal | proposed on | waiting |\n| --- | --- | ---: |\n");
    for w in h.waiting.iter().take(MAX_WAITING) {
        let title = w.title.as_deref().map_or(String::new(), |t| format!(" {}", text(t)));
        let _ = writeln!(out, "| **{}**{title} | {} | {} |", text(&w.id), w.proposed_on, days_text(w.days as f64));
    }
    if h.waiting.len() > MAX_WAITING {
        let _ = writeln!(out, "\nand {} more (the JSON lists every one).", h.waiting.len() - MAX_WAITING);
    }
}

#[derive(Clone, Copy)]
enum Unit {
    Days,
    Ratio,
}

fn figures(g: &Group) -> [(&'static str, &Summary, Unit); 4] {
    [
        ("decision time (proposed → accepted or rejected)", &g.decision_days, Unit::Days),
        ("lead time (accepted → shipped)", &g.lead_days, Unit::Days),
        ("review (shipped → outcome reviewed)", &g.review_days, Unit::Days),
        ("estimate accuracy (actual ÷ estimated effort)", &g.accuracy, Unit::Ratio),
    ]
}

fn value(v: Option<f64>, unit: Unit) -> String {
    match (v, unit) {
        (None, _) => "–".to_owned(),
        (Some(d), Unit::Days) => days_text(d),
        (Some(r), Unit::Ratio) => format!("{r:.2}"),
    }
}

fn change_table(out: &mut String, c: &Change) {
    let short: String = c.base.chars().take(12).collect();
    let _ = writeln!(out, "**What this change does to the numbers** (against the merge base `{short}`):\n");
    out.push_str("| figure | base median | head median | change | proposals |\n| --- | ---: | ---: | ---: | ---: |\n");
    let rows: [(&str, &Delta, Unit); 4] = [
        ("decision time", &c.decision_days, Unit::Days),
        ("lead time", &c.lead_days, Unit::Days),
        ("review", &c.review_days, Unit::Days),
        ("estimate accuracy", &c.accuracy, Unit::Ratio),
    ];
    for (label, d, unit) in rows {
        let change = match (d.median, unit) {
            (None, _) => "–".to_owned(),
            (Some(m), Unit::Days) => format!("{} days", signed(m)),
            (Some(m), Unit::Ratio) => format!("{m:+.2}"),
        };
        let _ = writeln!(
            out,
            "| {label} | {} | {} | {change} | {} → {} |",
            value(d.base.median, unit),
            value(d.head.median, unit),
            d.base.count,
            d.head.count
        );
    }
    let _ = writeln!(
        out,
        "| waiting for a decision | | | {:+} | {} → {} |\n",
        c.waiting.change, c.waiting.base, c.waiting.head
    );
}

/// `+3`, `-2.5`, `0`.
fn signed(n: f64) -> String {
    let text = crate::plan::number(n);
    if n > 0.0 && text != "0" { format!("+{text}") } else { text }
}

/// Document text as literal markdown, as the roadmap report writes it.
fn text(text: &str) -> String {
    crate::report::markdown_text::literal(text)
}
