//! The dependency graph as inline SVG: one column per quarter (proposals
//! no item schedules first, as the foundations and backlog they usually
//! are), a node per proposal, and a curve from each dependency to the
//! proposal that needs it. Cycle edges are red, edges scheduled the wrong
//! way round orange and dashed. The layout is computed here, so the page
//! needs no script.

use super::esc;
use crate::plan::model::{Dependencies, DependencyEdge, Node};
use crate::report::roadmap::shorten;
use std::collections::HashMap;
use std::fmt::Write as _;

const PAD: f64 = 10.0;
const COLUMN: f64 = 222.0;
const NODE_W: f64 = 188.0;
const NODE_H: f64 = 70.0;
const ROW: f64 = NODE_H + 16.0;
const HEADER: f64 = 46.0;
/// Characters of a title that fit on one line of a node, and the lines.
const TITLE: usize = 27;
const TITLE_LINES: usize = 2;

/// A node's place: column and row.
#[derive(Clone, Copy)]
struct Place {
    column: usize,
    row: usize,
}

impl Place {
    fn x(self) -> f64 {
        PAD + self.column as f64 * COLUMN + (COLUMN - NODE_W) / 2.0 - 6.0
    }

    fn y(self) -> f64 {
        HEADER + 10.0 + self.row as f64 * ROW
    }
}

/// The SVG. It scales down to fit the page, but not below 70% of its
/// natural size, where the page scrolls it sideways instead (phones) so
/// that it stays legible; printing scales it to the paper.
pub fn svg(deps: &Dependencies) -> String {
    let columns = columns(deps);
    let places = layout(&columns, &deps.edges);
    let rows = columns.iter().map(|(_, nodes)| nodes.len()).max().unwrap_or(0);
    let width = PAD * 2.0 + columns.len() as f64 * COLUMN;
    let height = HEADER + 10.0 + rows as f64 * ROW + 8.0;

    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="graph" xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" style="max-width:{width:.0}px;min-width:{:.0}px" role="img" aria-labelledby="graph-title"><title id="graph-title">Dependencies between proposals, by quarter</title>"#,
        width * 0.7
    );
    out.push_str(concat!(
        "<defs>",
        r#"<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow"/></marker>"#,
        r#"<marker id="arrow-cycle" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow-cycle"/></marker>"#,
        r#"<marker id="arrow-conflict" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow-conflict"/></marker>"#,
        "</defs>"
    ));
    for (column, (label, nodes)) in columns.iter().enumerate() {
        let x = PAD + column as f64 * COLUMN;
        let band = if column % 2 == 0 { "band" } else { "band alt" };
        let _ = write!(
            out,
            r#"<rect class="{band}" x="{x:.1}" y="0" width="{:.1}" height="{height:.1}" rx="10"/><text class="column-label" x="{:.1}" y="28">{}</text><text class="column-count" x="{:.1}" y="28" text-anchor="end">{}</text>"#,
            COLUMN - 8.0,
            x + 14.0,
            esc(label),
            x + COLUMN - 22.0,
            nodes.len(),
        );
    }
    for edge in &deps.edges {
        let (Some(&from), Some(&to)) = (places.get(edge.depends_on.as_str()), places.get(edge.proposal.as_str()))
        else {
            continue;
        };
        edge_path(&mut out, edge, from, to);
    }
    for (_, nodes) in &columns {
        for node in nodes {
            if let Some(&place) = places.get(node.id.as_str()) {
                node_group(&mut out, node, place);
            }
        }
    }
    out.push_str("</svg>");
    out
}

/// Columns in drawing order: unscheduled first, then quarters in order.
fn columns(deps: &Dependencies) -> Vec<(String, Vec<&Node>)> {
    let mut columns: Vec<(String, Vec<&Node>)> = Vec::new();
    for group in deps.groups.iter().filter(|g| g.quarter.is_none()) {
        columns.push(("Not scheduled".to_owned(), group.proposals.iter().collect()));
    }
    for group in &deps.groups {
        if let Some(quarter) = &group.quarter {
            columns.push((quarter.clone(), group.proposals.iter().collect()));
        }
    }
    columns
}

/// Rows within each column: a column's proposals that depend on something
/// drawn to their left sit level with it (ordered by the mean row of their
/// dependencies, which keeps most curves short and uncrossed); the others
/// follow in path order.
fn layout<'d>(columns: &[(String, Vec<&'d Node>)], edges: &[DependencyEdge]) -> HashMap<&'d str, Place> {
    let mut dependencies: HashMap<&str, Vec<&str>> = HashMap::new();
    for e in edges {
        dependencies.entry(e.proposal.as_str()).or_default().push(e.depends_on.as_str());
    }
    let mut places: HashMap<&'d str, Place> = HashMap::new();
    for (column, (_, nodes)) in columns.iter().enumerate() {
        let mut keyed: Vec<(f64, usize, &'d Node)> = nodes
            .iter()
            .enumerate()
            .map(|(order, node)| {
                let rows: Vec<f64> = dependencies
                    .get(node.id.as_str())
                    .into_iter()
                    .flatten()
                    .filter_map(|d| places.get(d))
                    .map(|p| p.row as f64)
                    .collect();
                let key = if rows.is_empty() { f64::INFINITY } else { rows.iter().sum::<f64>() / rows.len() as f64 };
                (key, order, *node)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for (row, (_, _, node)) in keyed.into_iter().enumerate() {
            places.insert(node.id.as_str(), Place { column, row });
        }
    }
    places
}

/// A curve from the dependency (`from`) to the proposal needing it (`to`).
fn edge_path(out: &mut String, edge: &DependencyEdge, from: Place, to: Place) {
    let mid = |p: Place| p.y() + NODE_H / 2.0;
    let d = if edge.proposal == edge.depends_on {
        let (x, y) = (from.x() + NODE_W, from.y());
        format!(
            "M{x:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {x:.1},{:.1}",
            y + 16.0,
            x + 44.0,
            y - 8.0,
            x + 44.0,
            y + NODE_H + 8.0,
            y + NODE_H - 16.0
        )
    } else if from.column < to.column {
        let (sx, sy, tx, ty) = (from.x() + NODE_W, mid(from), to.x(), mid(to));
        let bend = (tx - sx) / 2.0;
        format!("M{sx:.1},{sy:.1} C{:.1},{sy:.1} {:.1},{ty:.1} {tx:.1},{ty:.1}", sx + bend, tx - bend)
    } else if from.column == to.column {
        let (sx, sy, tx, ty) = (from.x() + NODE_W, mid(from), to.x() + NODE_W, mid(to));
        let bulge = 28.0 + (sy - ty).abs() / 8.0;
        format!("M{sx:.1},{sy:.1} C{:.1},{sy:.1} {:.1},{ty:.1} {tx:.1},{ty:.1}", sx + bulge, tx + bulge)
    } else {
        // Backwards: the proposal is drawn left of what it depends on.
        let (sx, sy, tx, ty) = (from.x(), mid(from), to.x() + NODE_W, mid(to));
        let bend = ((sx - tx) / 2.0).max(40.0);
        format!("M{sx:.1},{sy:.1} C{:.1},{sy:.1} {:.1},{ty:.1} {tx:.1},{ty:.1}", sx - bend, tx + bend)
    };
    let (class, marker, what) = if edge.cycle {
        ("edge cycle", "arrow-cycle", " — in a dependency cycle")
    } else if edge.schedule_conflict {
        ("edge conflict", "arrow-conflict", " — scheduled before it")
    } else {
        ("edge", "arrow", "")
    };
    let _ = write!(
        out,
        r#"<path class="{class}" d="{d}" marker-end="url(#{marker})"><title>{} depends on {}{what}</title></path>"#,
        esc(&edge.proposal),
        esc(&edge.depends_on),
    );
}

fn node_group(out: &mut String, node: &Node, place: Place) {
    let (x, y) = (place.x(), place.y());
    let status = node.status.as_deref().unwrap_or("unknown");
    let status_class: String = status.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let class = if node.in_cycle { " in-cycle" } else { "" };
    let title = node.title.as_deref().unwrap_or("");
    let _ = write!(
        out,
        r#"<g class="node status-{}{class}"><title>{id} — {} ({}){}</title><rect class="node-box" x="{x:.1}" y="{y:.1}" width="{NODE_W}" height="{NODE_H}" rx="9"/><rect class="node-stripe" x="{x:.1}" y="{y:.1}" width="5" height="{NODE_H}" rx="2"/><text class="node-id" x="{:.1}" y="{:.1}">{id}</text><text class="node-status" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
        esc(&status_class),
        esc(title),
        esc(status),
        if node.in_cycle { " — in a dependency cycle" } else { "" },
        x + 15.0,
        y + 22.0,
        x + NODE_W - 10.0,
        y + 22.0,
        esc(status),
        id = esc(&node.id),
    );
    for (line, text) in wrap(title, TITLE, TITLE_LINES).iter().enumerate() {
        let _ = write!(
            out,
            r#"<text class="node-title" x="{:.1}" y="{:.1}">{}</text>"#,
            x + 15.0,
            y + 41.0 + line as f64 * 16.0,
            esc(text)
        );
    }
    out.push_str("</g>");
}

/// Words in at most `lines` lines of at most `width` characters; a title
/// that does not fit ends with an ellipsis. SVG text does not wrap itself.
fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        if let Some(line) = out.last_mut()
            && line.chars().count() + 1 + word.chars().count() <= width
        {
            line.push(' ');
            line.push_str(word);
            continue;
        }
        if out.len() == lines {
            if let Some(last) = out.last_mut() {
                *last = with_ellipsis(last, width);
            }
            break;
        }
        out.push(shorten(word, width));
    }
    out
}

/// A line marked as cut, within `width` characters.
fn with_ellipsis(line: &str, width: usize) -> String {
    if line.ends_with('…') {
        return line.to_owned();
    }
    let kept: String = line.chars().take(width.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn titles_wrap_on_words_and_end_with_an_ellipsis() {
        assert_eq!(wrap("Offline mode for field technicians", 20, 2), ["Offline mode for", "field technicians"]);
        assert_eq!(wrap("one two three four five six", 9, 2), ["one two", "three…"]);
        assert_eq!(wrap("", 9, 2), Vec::<String>::new());
        assert_eq!(wrap("Supercalifragilistic", 8, 2), ["Superca…"]);
    }
}
