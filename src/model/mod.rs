//! Typed views of documents, read leniently: a field with the wrong shape is
//! simply absent here (the `schema` rule already reports it), so governance
//! rules never trip over a value they do not understand.

pub mod change;
pub mod dependencies;
pub mod graph;
mod kind;
pub mod load;
pub mod outcome;
mod workspace;

pub use kind::SchemaKind;

pub use workspace::{File, Item, Person, Roster, Team, Workspace, drop_in_background};

use serde_json::Value;

/// A proposal's lifecycle status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Draft,
    Proposed,
    Accepted,
    InProgress,
    Shipped,
    Rejected,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Draft,
        Status::Proposed,
        Status::Accepted,
        Status::InProgress,
        Status::Shipped,
        Status::Rejected,
        Status::Withdrawn,
    ];

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Proposed => "proposed",
            Status::Accepted => "accepted",
            Status::InProgress => "in-progress",
            Status::Shipped => "shipped",
            Status::Rejected => "rejected",
            Status::Withdrawn => "withdrawn",
        }
    }

    /// Position in draft < proposed < accepted < in-progress < shipped;
    /// `None` for rejected and withdrawn, which governance rules exempt.
    pub fn stage(self) -> Option<u8> {
        match self {
            Status::Draft => Some(0),
            Status::Proposed => Some(1),
            Status::Accepted => Some(2),
            Status::InProgress => Some(3),
            Status::Shipped => Some(4),
            Status::Rejected | Status::Withdrawn => None,
        }
    }

    /// "From `threshold` on" (docs/semantics.md).
    pub fn at_least(self, threshold: Status) -> bool {
        matches!((self.stage(), threshold.stage()), (Some(a), Some(b)) if a >= b)
    }

    /// Whether the proposal is closed without being built.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Rejected | Status::Withdrawn)
    }
}

impl serde::Serialize for Status {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// How firmly a roadmap item is scheduled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Commitment {
    /// A promise: it must fit the team's capacity and needs an accepted proposal.
    Committed,
    /// Intended: counts towards the over-planned warning.
    Planned,
    /// Being looked into: counts towards nothing.
    Exploring,
}

impl serde::Serialize for Commitment {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Commitment {
    pub const ALL: [Commitment; 3] = [Commitment::Committed, Commitment::Planned, Commitment::Exploring];

    pub fn parse(text: &str) -> Option<Commitment> {
        Commitment::ALL.into_iter().find(|c| c.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Commitment::Committed => "committed",
            Commitment::Planned => "planned",
            Commitment::Exploring => "exploring",
        }
    }
}

/// What a roster person does; owners and estimators need the right one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Product,
    Engineering,
    Design,
    Data,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Product, Role::Engineering, Role::Design, Role::Data];

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Product => "product",
            Role::Engineering => "engineering",
            Role::Design => "design",
            Role::Data => "data",
        }
    }
}

const DATE: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

/// Parses `YYYY-MM-DD`: four digits, two, two, and a real calendar date.
pub fn parse_date(text: &str) -> Option<time::Date> {
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
    if !shape {
        return None;
    }
    time::Date::parse(text, DATE).ok()
}

/// `TBD`, `TODO`, `?` and empty text mean "not filled in yet".
pub fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    t.is_empty() || t == "?" || t.eq_ignore_ascii_case("tbd") || t.eq_ignore_ascii_case("todo")
}

/// The value at a JSON pointer. Unlike `Value::pointer`, it allocates only
/// for segments with escapes: lookups are on every rule's hot path.
pub fn lookup<'v>(value: &'v Value, pointer: &str) -> Option<&'v Value> {
    let Some(rest) = pointer.strip_prefix('/') else {
        return pointer.is_empty().then_some(value);
    };
    rest.split('/').try_fold(value, |current, segment| match current {
        Value::Object(map) if segment.contains('~') => map.get(&segment.replace("~1", "/").replace("~0", "~")),
        Value::Object(map) => map.get(segment),
        Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// Text at a pointer that is filled in: present, a string, not a placeholder.
pub fn filled<'v>(value: &'v Value, pointer: &str) -> Option<&'v str> {
    lookup(value, pointer).and_then(Value::as_str).filter(|s| !is_placeholder(s))
}

/// Whether a section (a mapping) holds nothing the rules read: it is
/// absent, empty, or holds only `x-` keys.
pub fn is_empty_section(value: &Value, pointer: &str) -> bool {
    match lookup(value, pointer) {
        Some(Value::Object(map)) => map.keys().all(|k| k.starts_with("x-")),
        other => other.is_none_or(Value::is_null),
    }
}

/// Whether a field is absent or a placeholder (null, `TBD`, …).
pub fn is_missing(value: &Value, pointer: &str) -> bool {
    match lookup(value, pointer) {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => is_placeholder(s),
        Some(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_order_exempts_closed_proposals() {
        assert!(Status::Shipped.at_least(Status::Accepted));
        assert!(!Status::Proposed.at_least(Status::Accepted));
        assert!(!Status::Rejected.at_least(Status::Draft));
    }

    #[test]
    fn lookup_follows_pointers_with_escapes() {
        let value = serde_json::json!({"a": [{"b/c": 1, "d~e": 2}]});
        assert_eq!(lookup(&value, "/a/0/b~1c"), Some(&serde_json::json!(1)));
        assert_eq!(lookup(&value, "/a/0/d~0e"), Some(&serde_json::json!(2)));
        assert_eq!(lookup(&value, ""), Some(&value));
        assert_eq!(lookup(&value, "/a/9"), None);
        assert_eq!(lookup(&value, "a"), None);
    }

    #[test]
    fn placeholders_count_as_missing() {
        for text in ["", " ", "?", "TBD", "tbd", "TODO"] {
            assert!(is_placeholder(text), "{text:?}");
        }
        assert!(!is_placeholder("ben"));
    }
}
