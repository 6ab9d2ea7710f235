//! The history as HTML sections with inline SVG charts (no script, no
//! network): a bar per stage for its median and p90, one per team, and
//! the proposals waiting longest.

use super::History;
use super::figures::{Group, days_text};
use super::stats::{Stage, Summary};
use crate::report::roadmap::html::esc;
use std::fmt::Write as _;

/// Waiting proposals drawn.
const MAX_WAITING: usize = 15;

pub fn render(out: &mut String, h: &History) {
    let _ = write!(
        out,
        "<section class=\"card\" id=\"history\"><div class=\"section-head\"><h2>History</h2><span class=\"muted small\">{} commits{}{}</span></div><p class=\"lead\"><strong>{}</strong></p>",
        h.commits,
        match (&h.first_commit, &h.last_commit) {
            (Some(a), Some(b)) => format!(", {} to {}", esc(a), esc(b)),
            _ => String::new(),
        },
        h.since.as_ref().map_or(String::new(), |s| format!(", since {}", esc(s))),
        esc(&h.headline)
    );
    if let Some(c) = &h.change {
        let row = |label: &str, d: &super::Delta, ratio: bool| {
            let shown = |v: Option<f64>| match v {
                None => "–".to_owned(),
                Some(v) if ratio => format!("{v:.2}"),
                Some(v) => days_text(v),
            };
            let change = match d.median {
                None => "–".to_owned(),
                Some(m) if ratio => format!("{m:+.2}"),
                Some(m) => format!("{}{}", if m > 0.0 { "+" } else { "" }, days_text(m)),
            };
            format!(
                "<tr><td>{label}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                shown(d.base.median),
                shown(d.head.median),
                esc(&change)
            )
        };
        let _ = write!(
            out,
            "<h3 class=\"sub\">What this change does to the numbers</h3><div class=\"table-wrap\"><table><thead><tr><th>Median</th><th class=\"n\">Base</th><th class=\"n\">Head</th><th class=\"n\">Change</th></tr></thead><tbody>{}{}{}{}<tr><td>waiting for a decision</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:+}</td></tr></tbody></table></div>",
            row("decision time", &c.decision_days, false),
            row("lead time", &c.lead_days, false),
            row("review", &c.review_days, false),
            row("estimate accuracy", &c.accuracy, true),
            c.waiting.base,
            c.waiting.head,
            c.waiting.change
        );
    }
    out.push_str("<h3 class=\"sub\">Days per stage, every proposal</h3>");
    stage_chart(out, &h.overall);
    let accuracy = &h.overall.accuracy;
    let _ = write!(
        out,
        "<p class=\"muted small\">Estimate accuracy (actual ÷ estimated effort): {} over {}{}.</p>",
        accuracy.median.map_or("no data".to_owned(), |m| format!("median {m:.2}")),
        proposals(accuracy.count),
        accuracy.p90.map_or(String::new(), |p| format!(", p90 {p:.2}"))
    );
    if !h.teams.is_empty() {
        out.push_str("<h3 class=\"sub\">Per team: median days per stage</h3>");
        team_chart(out, &h.teams);
    }
    out.push_str("<h3 class=\"sub\">Waiting for a decision</h3>");
    if h.waiting.is_empty() {
        out.push_str("<p class=\"callout ok\">No proposal is waiting in <code>proposed</code>.</p>");
    } else {
        let rows: Vec<(String, f64, String)> = h
            .waiting
            .iter()
            .take(MAX_WAITING)
            .map(|w| (w.id.clone(), w.days as f64, format!("{} (since {})", days_text(w.days as f64), w.proposed_on)))
            .collect();
        bars(out, "Proposals waiting longest for a decision", &rows);
        if h.waiting.len() > MAX_WAITING {
            let _ = write!(out, "<p class=\"muted small\">and {} more.</p>", h.waiting.len() - MAX_WAITING);
        }
    }
    out.push_str("</section>\n");
}

/// Median and p90 of each stage: two bars a stage.
fn stage_chart(out: &mut String, g: &Group) {
    let mut rows = Vec::new();
    for stage in Stage::ALL {
        let s: &Summary = g.stage(stage);
        for (which, v) in [("median", s.median), ("p90", s.p90)] {
            let label = format!("{} {which}", stage.as_str());
            let note = v.map_or("no data".to_owned(), |d| format!("{} ({})", days_text(d), proposals(s.count)));
            rows.push((label, v.unwrap_or(0.0), note));
        }
    }
    bars(out, "Median and 90th percentile days of decision, delivery and review", &rows);
}

fn team_chart(out: &mut String, teams: &[Group]) {
    let mut rows = Vec::new();
    for team in teams {
        for stage in Stage::ALL {
            let s = team.stage(stage);
            let slow = if team.slowest_stage == Some(stage) { " · slowest" } else { "" };
            let note = s.median.map_or("no data".to_owned(), |d| format!("{}{slow}", days_text(d)));
            rows.push((
                format!("{} {}", team.team.as_deref().unwrap_or(""), stage.as_str()),
                s.median.unwrap_or(0.0),
                note,
            ));
        }
    }
    bars(out, "Median days per stage and team", &rows);
}

/// A horizontal bar chart: a label, a bar scaled to the largest value, a note.
fn bars(out: &mut String, title: &str, rows: &[(String, f64, String)]) {
    const ROW: usize = 22;
    const LABEL: usize = 170;
    const WIDTH: usize = 640;
    const BAR: f64 = 300.0;
    let max = rows.iter().map(|r| r.1).fold(0.0_f64, f64::max).max(1.0);
    let height = rows.len() * ROW + 8;
    let _ = write!(
        out,
        "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title>",
        esc(title)
    );
    for (i, (label, value, note)) in rows.iter().enumerate() {
        let y = i * ROW + 4;
        let w = (value / max * BAR).max(if *value > 0.0 { 2.0 } else { 0.0 });
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\" fill=\"#334\">{}</text><rect x=\"{LABEL}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\" rx=\"3\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{}\" font-size=\"12\" fill=\"#556\">{}</text>",
            LABEL - 8,
            y + 14,
            esc(label),
            ROW - 6,
            if label.ends_with("p90") { "#9db4e8" } else { "#3b6fd8" },
            LABEL as f64 + w + 6.0,
            y + 14,
            esc(note)
        );
    }
    out.push_str("</svg>");
}

fn proposals(n: usize) -> String {
    if n == 1 { "1 proposal".to_owned() } else { format!("{n} proposals") }
}
