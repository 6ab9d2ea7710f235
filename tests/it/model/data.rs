//! Plain data for a generated repository: what the documents say, with
//! every way a field can be left out kept distinct (absent key, `null`,
//! a text that may be a placeholder). No behaviour beyond small look-ups.

/// A string field that may be left out: no key, `key: null`, or a text
/// (which may be a placeholder such as `" TBD "`).
#[derive(Debug, Clone, PartialEq)]
pub enum Slot {
    Absent,
    Null,
    Text(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Product,
    Engineering,
    Design,
    Data,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Product => "product",
            Role::Engineering => "engineering",
            Role::Design => "design",
            Role::Data => "data",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone)]
pub struct Team {
    pub id: String,
    pub name: String,
    /// Person ids; may name someone the roster does not list.
    pub members: Vec<String>,
    /// `(quarter, person-weeks)`, quarters distinct.
    pub capacity: Vec<(String, f64)>,
}

#[derive(Debug, Clone)]
pub struct Roster {
    pub people: Vec<Person>,
    pub teams: Vec<Team>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Commitment {
    Committed,
    Planned,
    Exploring,
}

impl Commitment {
    pub fn as_str(self) -> &'static str {
        match self {
            Commitment::Committed => "committed",
            Commitment::Planned => "planned",
            Commitment::Exploring => "exploring",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    pub proposal: String,
    pub team: String,
    /// `YYYY-Qn`: compares in time order as text.
    pub quarter: String,
    pub commitment: Commitment,
}

#[derive(Debug, Clone)]
pub struct Roadmap {
    pub file: String,
    pub id: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
}

/// `owners:` when present. `x_key` adds an `x-` extension key.
#[derive(Debug, Clone)]
pub struct Owners {
    pub product: Slot,
    pub engineering: Slot,
    pub x_key: bool,
}

#[derive(Debug, Clone)]
pub struct Value {
    pub reach: Option<f64>,
    pub impact: Option<f64>,
    pub confidence: Option<f64>,
    pub x_key: bool,
}

#[derive(Debug, Clone)]
pub struct Estimate {
    pub effort: f64,
    pub range: Option<(f64, f64)>,
    pub by: Slot,
    pub x_key: bool,
}

#[derive(Debug, Clone)]
pub struct Metric {
    pub name: String,
    pub target: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct Telemetry {
    pub hypothesis: Slot,
    /// `None`: no `metrics` key; `Some(vec![])`: `metrics: []`.
    pub metrics: Option<Vec<Metric>>,
    pub review_after: Option<String>,
    pub x_key: bool,
}

/// SPEC 2's `outcome`: what a shipped proposal's review found.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub reviewed_on: Option<String>,
    /// `met`, `partly-met`, `missed` or `inconclusive`.
    pub result: Option<String>,
    /// The names in `outcome.metrics`.
    pub metrics: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Waiver {
    pub rule: String,
    /// Never empty (the schema's `minLength: 1`), but may be a placeholder.
    pub reason: String,
    pub approved_by: Slot,
    pub expires: String,
}

#[derive(Debug, Clone)]
pub struct Proposal {
    pub file: String,
    pub id: String,
    pub status: Status,
    pub owners: Option<Owners>,
    pub value: Option<Value>,
    pub estimate: Option<Estimate>,
    pub telemetry: Option<Telemetry>,
    /// Distinct ids (the schema's `uniqueItems`).
    pub depends_on: Vec<String>,
    pub waivers: Vec<Waiver>,
    pub outcome: Option<Outcome>,
}

/// A roster document and its file.
#[derive(Debug, Clone)]
pub struct RosterFile {
    pub file: String,
    pub roster: Roster,
}

/// A whole repository: its rosters (at least one; a second is a mistake),
/// the roadmaps and the proposals.
#[derive(Debug, Clone)]
pub struct Repo {
    pub rosters: Vec<RosterFile>,
    pub roadmaps: Vec<Roadmap>,
    pub proposals: Vec<Proposal>,
}

impl Roster {
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }

    pub fn team(&self, id: &str) -> Option<&Team> {
        self.teams.iter().find(|t| t.id == id)
    }
}
