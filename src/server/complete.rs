//! Completion of values by the key they are written under: ids of the
//! right kind, statuses, commitments, quarters and roles. The key is read
//! from the text, not the parsed document, so that completion works while
//! the line being typed does not parse yet.

use crate::model::{Commitment, Role, Status, Workspace};
use lsp_types::{CompletionItem, CompletionItemKind};
use std::collections::BTreeSet;

/// What the value under a key may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Person,
    Team,
    Proposal,
    Status,
    Commitment,
    Quarter,
    Role,
}

fn slot(key: &str) -> Option<Slot> {
    Some(match key {
        "product" | "engineering" | "by" | "approved_by" | "members" => Slot::Person,
        "team" => Slot::Team,
        "proposal" | "depends_on" => Slot::Proposal,
        "status" => Slot::Status,
        "commitment" => Slot::Commitment,
        "quarter" => Slot::Quarter,
        "roles" => Slot::Role,
        _ => return None,
    })
}

/// The key whose value the cursor is in: `key: |`, `key: [a, |`, or a
/// block list's `- |` under `key:`. `lines` are the text's lines, `line`
/// the cursor's (0-based) and `prefix` its text before the cursor.
fn key_at(lines: &[&str], line: usize, prefix: &str) -> Option<String> {
    let indent = prefix.len() - prefix.trim_start().len();
    let mut rest = prefix.trim_start();
    let mut in_list = false;
    while let Some(after) = rest.strip_prefix("- ").or_else(|| (rest == "-").then_some("")) {
        rest = after.trim_start();
        in_list = true;
    }
    if let Some((key, _)) = rest.split_once(':') {
        let key = key.trim().trim_matches(['"', '\'']);
        return key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-').then(|| key.to_owned());
    }
    if !in_list {
        return None;
    }
    // A block list element: the nearest key above at this indentation or less.
    lines[..line].iter().rev().find_map(|above| {
        let text = above.split(" #").next().unwrap_or("").trim_end();
        let above_indent = text.len() - text.trim_start().len();
        let key = text.trim_start().trim_start_matches("- ").strip_suffix(':')?;
        (above_indent <= indent).then(|| key.trim().to_owned())
    })
}

/// Completion items at a place of a document's text.
pub fn complete(ws: Option<&Workspace>, text: &str, pos: lsp_types::Position) -> Vec<CompletionItem> {
    let lines: Vec<&str> = text.split('\n').collect();
    let Some(line_text) = lines.get(pos.line as usize) else { return Vec::new() };
    let line_text = line_text.trim_end_matches('\r');
    let mut units = 0;
    let cut = line_text
        .char_indices()
        .find(|(_, c)| {
            let past = units >= pos.character as usize;
            units += c.len_utf16();
            past
        })
        .map_or(line_text.len(), |(i, _)| i);
    let Some(slot) = key_at(&lines, pos.line as usize, &line_text[..cut]).as_deref().and_then(slot) else {
        return Vec::new();
    };
    let item = |label: &str, kind: CompletionItemKind, detail: Option<String>| CompletionItem {
        label: label.to_owned(),
        kind: Some(kind),
        detail,
        ..CompletionItem::default()
    };
    let words = |all: Vec<&str>| all.into_iter().map(|w| item(w, CompletionItemKind::ENUM_MEMBER, None)).collect();
    match slot {
        Slot::Status => words(Status::ALL.iter().map(|s| s.as_str()).collect()),
        Slot::Commitment => words(Commitment::ALL.iter().map(|c| c.as_str()).collect()),
        Slot::Role => words(Role::ALL.iter().map(|r| r.as_str()).collect()),
        Slot::Quarter => quarters(ws).iter().map(|q| item(q, CompletionItemKind::VALUE, None)).collect(),
        Slot::Person | Slot::Team => {
            let (Some(ws), kind) = (ws, slot) else { return Vec::new() };
            let (Some(roster), file) = (ws.roster.as_ref(), ws.roster_file()) else { return Vec::new() };
            let name = |pointer: &str| file.and_then(|f| f.text_at(&format!("{pointer}/name"))).map(str::to_owned);
            let mut out: Vec<CompletionItem> = if kind == Slot::Person {
                roster
                    .people
                    .iter()
                    .map(|(id, p)| {
                        let roles: Vec<&str> = p.roles.iter().map(|r| r.as_str()).collect();
                        let detail = name(&p.pointer).map(|n| format!("{n} ({})", roles.join(", ")));
                        item(id, CompletionItemKind::REFERENCE, detail)
                    })
                    .collect()
            } else {
                roster.teams.iter().map(|(id, t)| item(id, CompletionItemKind::REFERENCE, name(&t.pointer))).collect()
            };
            out.sort_by(|a, b| a.label.cmp(&b.label));
            out
        }
        Slot::Proposal => {
            let Some(ws) = ws else { return Vec::new() };
            let mut out: Vec<CompletionItem> = ws
                .proposals
                .iter()
                .map(|(id, &index)| {
                    let title = ws.files.get(index).and_then(|f| f.text_at("/title")).map(str::to_owned);
                    item(id, CompletionItemKind::REFERENCE, title)
                })
                .collect();
            out.sort_by(|a, b| a.label.cmp(&b.label));
            out
        }
    }
}

/// The quarters the roadmap names (teams' capacity, items), and those of
/// this year and the next two.
fn quarters(ws: Option<&Workspace>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let Some(ws) = ws else { return out };
    if let Some(roster) = &ws.roster {
        out.extend(roster.teams.values().flat_map(|t| t.capacity.keys().cloned()));
    }
    out.extend(ws.items.iter().filter_map(|i| i.quarter.clone()));
    if let Some(year) = ws.today.get(..4).and_then(|y| y.parse::<u32>().ok()) {
        for y in year..year + 3 {
            out.extend((1..=4).map(|q| format!("{y}-Q{q}")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_found_inline_in_flow_lists_and_above_block_lists() {
        let text = "owners:\n  product: ma\ndepends_on: [P-1, P\nmembers:\n  - li\n  - \n";
        let lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(key_at(&lines, 1, "  product: ma").as_deref(), Some("product"));
        assert_eq!(key_at(&lines, 2, "depends_on: [P-1, P").as_deref(), Some("depends_on"));
        assert_eq!(key_at(&lines, 5, "  - ").as_deref(), Some("members"));
        assert_eq!(key_at(&lines, 1, "  prod"), None);
    }
}
