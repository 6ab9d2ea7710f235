//! The capacity section: a team × quarter matrix, so one quarter reads
//! down a column across teams and one team along a row. Each cell has a
//! load bar whose track is the team's capacity, the numbers, the capacity
//! rule's verdict as a coloured chip, and the items behind the load. On a
//! phone the matrix becomes one block per team.

use super::{esc, load_chip};
use crate::model::Commitment;
use crate::plan::model::{LoadItem, QuarterLoad, RoadmapReport, TeamLoad};
use crate::report::roadmap::number;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Items listed per cell; the rest are counted, so that a team with dozens
/// of small items does not push the other teams off the screen.
const MAX_TAGS: usize = 8;

pub fn section(out: &mut String, report: &RoadmapReport) {
    out.push_str(concat!(
        "<section class=\"card\" id=\"capacity\"><div class=\"section-head\"><h2>Capacity</h2>",
        "<div class=\"legend\"><span><i class=\"swatch committed\"></i>committed</span><span><i class=\"swatch planned\"></i>planned</span>",
        "<span><i class=\"swatch free\"></i>free capacity</span><span><i class=\"swatch over\"></i>over capacity</span></div></div>",
        "<p class=\"lead\">Committed and planned effort per team and quarter, in person-weeks (pw), against the roster's capacity. ",
        "Each item counts its proposal's full estimate; exploring items and rejected or withdrawn proposals do not count, and a proposal without an estimate counts as 0.</p>"
    ));
    if !report.capacity.roster {
        out.push_str("<p class=\"callout warn\">No roster was found, so no team has a capacity to compare with.</p>");
    }
    let teams = &report.capacity.teams;
    if teams.is_empty() {
        out.push_str("<p class=\"callout\">No roadmap item schedules a team yet.</p></section>\n");
        return;
    }
    let quarters: BTreeSet<&str> = teams.iter().flat_map(|t| &t.quarters).map(|q| q.quarter.as_str()).collect();
    let _ = write!(
        out,
        "<div class=\"matrix-wrap\"><div class=\"matrix\" style=\"--quarters:{}\"><div class=\"mh\">Team</div>",
        quarters.len()
    );
    for quarter in &quarters {
        let _ = write!(out, "<div class=\"mh\">{}</div>", esc(quarter));
    }
    for team in teams {
        row(out, team, &quarters);
    }
    out.push_str("</div></div></section>\n");
}

fn row(out: &mut String, team: &TeamLoad, quarters: &BTreeSet<&str>) {
    let id = match team.name {
        Some(_) => format!("<span class=\"mono muted small\">{}</span>", esc(&team.id)),
        None => String::new(),
    };
    let _ = write!(out, "<div class=\"team-name\"><b>{}</b>{id}</div>", esc(team.display()));
    for quarter in quarters {
        match team.quarters.iter().find(|q| q.quarter == *quarter) {
            Some(q) => cell(out, team, q),
            None => {
                let _ = write!(
                    out,
                    "<div class=\"cell empty\"><div class=\"cell-q\">{}</div><span class=\"muted\">no capacity, nothing scheduled</span></div>",
                    esc(quarter)
                );
            }
        }
    }
}

fn cell(out: &mut String, team: &TeamLoad, q: &QuarterLoad) {
    let headline = match q.capacity {
        Some(capacity) => {
            format!("<b>{}</b> <span class=\"muted\">/ {} pw</span>", number(q.total()), number(capacity))
        }
        None => format!("<b>{}</b> <span class=\"muted\">pw</span>", number(q.total())),
    };
    let planned = if q.planned > 0.0 {
        format!("<span class=\"muted small\">{} planned</span>", number(q.planned))
    } else {
        String::new()
    };
    let _ = write!(
        out,
        "<div class=\"cell {}\"><div class=\"cell-q\">{}</div><div class=\"cell-head\"><span class=\"nums\">{headline}</span>{}</div>{}<div class=\"cell-foot\">{planned}</div><div class=\"items\">",
        q.state.as_str().replace(' ', "-"),
        esc(&q.quarter),
        // An empty quarter fits trivially; a chip there would be noise.
        if q.total() > 0.0 { load_chip(q.state) } else { String::new() },
        bar(team, q),
    );
    for item in q.items.iter().take(MAX_TAGS) {
        tag(out, item);
    }
    if let Some(rest) = q.items.len().checked_sub(MAX_TAGS).filter(|n| *n > 0) {
        let _ = write!(out, "<span class=\"more\">and {rest} more</span>");
    }
    out.push_str("</div></div>");
}

/// The load bar. Its track is the capacity, or the load where that is
/// larger: then a dark mark shows where capacity ends and what runs past
/// it is red. Drawn on 0..1000 and stretched to the cell.
fn bar(team: &TeamLoad, q: &QuarterLoad) -> String {
    let scale = q.total().max(q.capacity.unwrap_or(0.0)).max(f64::MIN_POSITIVE);
    let x = |v: f64| (v / scale * 1000.0).clamp(0.0, 1000.0);
    let (committed, total) = (x(q.committed), x(q.total()));
    let mut svg = format!(
        "<svg class=\"bar\" viewBox=\"0 0 1000 20\" preserveAspectRatio=\"none\" role=\"img\"><title>{}, {}: {} pw committed and {} pw planned, capacity {}</title>",
        esc(team.display()),
        esc(&q.quarter),
        number(q.committed),
        number(q.planned),
        q.capacity.map_or("not set".to_owned(), |c| format!("{} pw", number(c))),
    );
    let rect = |svg: &mut String, class: &str, from: f64, to: f64| {
        if to > from {
            let _ = write!(
                svg,
                "<rect class=\"{class}\" x=\"{from:.1}\" y=\"0\" width=\"{:.1}\" height=\"20\"/>",
                to - from
            );
        }
    };
    match q.capacity {
        Some(capacity) => {
            let cap = x(capacity);
            rect(&mut svg, "available", 0.0, cap);
            rect(&mut svg, "committed", 0.0, committed.min(cap));
            rect(&mut svg, "planned", committed.min(cap), total.min(cap));
            rect(&mut svg, "over", cap, committed);
            rect(&mut svg, "over-planned", cap.max(committed), total);
            if cap < 1000.0 {
                let _ = write!(
                    svg,
                    "<line class=\"cap\" x1=\"{cap:.1}\" y1=\"0\" x2=\"{cap:.1}\" y2=\"20\" vector-effect=\"non-scaling-stroke\"/>"
                );
            }
        }
        None => rect(&mut svg, "unchecked", 0.0, total),
    }
    svg.push_str("</svg>");
    svg
}

/// An item behind the load: dashed when planned, struck through when it
/// does not count.
fn tag(out: &mut String, item: &LoadItem) {
    let commitment = item.commitment.map_or("", Commitment::as_str);
    let class = match (item.counted, commitment) {
        (false, _) => "tag not-counted",
        (true, "planned") => "tag planned",
        _ => "tag",
    };
    let effort = if item.counted { format!("{} pw", number(item.effort)) } else { esc(commitment) };
    let hover = format!(
        "{}{} {} · {} · {}",
        item.item.as_deref().map(|i| format!("{i}: ")).unwrap_or_default(),
        item.proposal,
        item.title.as_deref().unwrap_or(""),
        commitment,
        if item.counted { format!("{} pw", number(item.effort)) } else { "not counted".to_owned() },
    );
    let _ = write!(
        out,
        "<span class=\"{class}\" title=\"{}\"><span class=\"top\"><b>{}</b><span class=\"e\">{effort}</span></span><span class=\"t\">{}</span></span>",
        esc(&hover),
        esc(&item.proposal),
        esc(item.title.as_deref().unwrap_or("")),
    );
}
