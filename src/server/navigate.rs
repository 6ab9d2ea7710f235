//! Ids in documents: where each is defined and referenced, and what hover,
//! go to definition and find references answer.

use crate::model::{File, SchemaKind, Workspace};
use crate::span::{Position, Span};
use serde_json::Value;

/// What an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Person,
    Team,
    Proposal,
    Item,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Team => "team",
            Kind::Proposal => "proposal",
            Kind::Item => "item",
        }
    }
}

/// One id in a document: where it is defined (`id:`) or referenced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub pointer: String,
    pub kind: Kind,
    pub id: String,
    pub definition: bool,
}

/// Every id defined or referenced in a document, from its parsed value.
pub fn occurrences(file: &File) -> Vec<Occurrence> {
    let mut out = Vec::new();
    let value = file.value();
    let mut add = |pointer: String, kind: Kind, definition: bool| {
        if let Some(id) = crate::model::lookup(value, &pointer).and_then(Value::as_str) {
            out.push(Occurrence { pointer, kind, id: id.to_owned(), definition });
        }
    };
    let count = |list: &str| crate::model::lookup(value, list).and_then(Value::as_array).map_or(0, Vec::len);
    match file.kind {
        Some(SchemaKind::Proposal) => {
            add("/id".into(), Kind::Proposal, true);
            for pointer in ["/owners/product", "/owners/engineering", "/estimate/by"] {
                add(pointer.into(), Kind::Person, false);
            }
            for i in 0..count("/depends_on") {
                add(format!("/depends_on/{i}"), Kind::Proposal, false);
            }
            for i in 0..count("/waivers") {
                add(format!("/waivers/{i}/approved_by"), Kind::Person, false);
            }
        }
        Some(SchemaKind::Roadmap) => {
            for i in 0..count("/items") {
                add(format!("/items/{i}/id"), Kind::Item, true);
                add(format!("/items/{i}/proposal"), Kind::Proposal, false);
                add(format!("/items/{i}/team"), Kind::Team, false);
            }
        }
        Some(SchemaKind::Roster) => {
            for i in 0..count("/people") {
                add(format!("/people/{i}/id"), Kind::Person, true);
            }
            for i in 0..count("/teams") {
                add(format!("/teams/{i}/id"), Kind::Team, true);
                for j in 0..count(&format!("/teams/{i}/members")) {
                    add(format!("/teams/{i}/members/{j}"), Kind::Person, false);
                }
            }
        }
        _ => {}
    }
    out
}

/// The id at a position of a document, if any.
pub fn at(file: &File, pos: Position) -> Option<Occurrence> {
    let spans = file.spans()?;
    occurrences(file).into_iter().find(|o| spans.get(&o.pointer).is_some_and(|n| contains(n.value, pos)))
}

fn contains(span: Span, pos: Position) -> bool {
    span.start <= pos && pos <= span.end
}

/// Where an id is defined: (file index, span of its `id:` value).
pub fn definition(ws: &Workspace, kind: Kind, id: &str) -> Option<(usize, Span)> {
    let (index, pointer) = match kind {
        Kind::Proposal => (*ws.proposals.get(id)?, "/id".to_owned()),
        Kind::Person | Kind::Team => {
            let roster = ws.roster.as_ref().filter(|r| !r.stand_in)?;
            let pointer = match kind {
                Kind::Person => &roster.people.get(id)?.pointer,
                _ => &roster.teams.get(id)?.pointer,
            };
            let file = ws.roster_file()?;
            (ws.files.iter().position(|f| std::ptr::eq(f, file))?, format!("{pointer}/id"))
        }
        Kind::Item => {
            let item = ws.items.iter().find(|i| i.id.as_deref() == Some(id))?;
            (item.file, format!("{}/id", item.pointer))
        }
    };
    Some((index, ws.files.get(index)?.span(&pointer)))
}

/// Every place an id of `kind` is named: (file index, span); definitions
/// only with `declarations`.
pub fn references(ws: &Workspace, kind: Kind, id: &str, declarations: bool) -> Vec<(usize, Span)> {
    let mut out = Vec::new();
    for (index, file) in ws.files.iter().enumerate() {
        for o in occurrences(file) {
            if o.kind == kind && o.id == id && (declarations || !o.definition) {
                out.push((index, file.span(&o.pointer)));
            }
        }
    }
    out
}

/// What hovering an id shows, in markdown.
pub fn hover(ws: &Workspace, kind: Kind, id: &str) -> String {
    let text = |file: &File, pointer: &str| file.get(pointer).map(crate::check::show);
    let missing = || format!("no {} `{id}` in this roadmap", kind.noun());
    match kind {
        Kind::Person => {
            let (Some(roster), Some(file)) = (ws.roster.as_ref(), ws.roster_file()) else { return missing() };
            let Some(person) = roster.people.get(id) else { return missing() };
            let name = text(file, &format!("{}/name", person.pointer)).unwrap_or_else(|| id.to_owned());
            let roles: Vec<&str> = person.roles.iter().map(|r| r.as_str()).collect();
            let mut teams: Vec<&str> = roster
                .teams
                .iter()
                .filter(|(_, t)| t.members.iter().any(|(m, _)| m == id))
                .map(|(t, _)| t.as_str())
                .collect();
            teams.sort_unstable();
            let mut out = format!("**{name}** (`{id}`), person\n\nroles: {}", list(&roles));
            if !teams.is_empty() {
                out.push_str(&format!("\n\nteams: {}", list(&teams)));
            }
            out
        }
        Kind::Team => {
            let (Some(roster), Some(file)) = (ws.roster.as_ref(), ws.roster_file()) else { return missing() };
            let Some(team) = roster.teams.get(id) else { return missing() };
            let name = text(file, &format!("{}/name", team.pointer)).unwrap_or_else(|| id.to_owned());
            let members: Vec<&str> = team.members.iter().map(|(m, _)| m.as_str()).collect();
            let capacity: Vec<String> = team.capacity.iter().map(|(q, (weeks, _))| format!("{q}: {weeks}")).collect();
            format!(
                "**{name}** (`{id}`), team\n\nmembers: {}\n\ncapacity (person-weeks): {}",
                list(&members),
                list(&capacity.iter().map(String::as_str).collect::<Vec<_>>())
            )
        }
        Kind::Proposal => {
            let Some(file) = ws.proposal(id) else { return missing() };
            let title = text(file, "/title").unwrap_or_default();
            let status = text(file, "/status").unwrap_or_else(|| "none".into());
            let mut out = format!("**{id}**: {title}\n\nstatus: {status}");
            if let Some(effort) = text(file, "/estimate/effort") {
                out.push_str(&format!("; effort: {effort} person-weeks"));
            }
            for role in ["product", "engineering"] {
                if let Some(owner) = text(file, &format!("/owners/{role}")) {
                    out.push_str(&format!("; {role} owner: {owner}"));
                }
            }
            out.push_str(&format!("\n\n{}", file.path));
            out
        }
        Kind::Item => {
            let Some(item) = ws.items.iter().find(|i| i.id.as_deref() == Some(id)) else { return missing() };
            let field = |value: &Option<String>| value.clone().unwrap_or_else(|| "none".into());
            let mut out = format!(
                "item **{id}**: proposal {}, team {}, quarter {}, commitment {}",
                field(&item.proposal),
                field(&item.team),
                field(&item.quarter),
                item.commitment.map_or("none", |c| c.as_str())
            );
            if let Some(title) = item.proposal.as_deref().and_then(|p| ws.proposal(p)).and_then(|f| text(f, "/title")) {
                out.push_str(&format!("\n\n{title}"));
            }
            out
        }
    }
}

fn list(items: &[&str]) -> String {
    if items.is_empty() { "none".to_owned() } else { items.join(", ") }
}
