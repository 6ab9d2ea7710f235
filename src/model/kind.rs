//! The kinds of document roadlint reads, and the configuration file: each
//! has a JSON Schema, embedded in the binary.

/// The document kinds and the configuration file, each with its schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SchemaKind {
    Proposal,
    Roadmap,
    Roster,
    Policy,
    Config,
}

impl SchemaKind {
    pub const DOCUMENTS: [SchemaKind; 4] =
        [SchemaKind::Proposal, SchemaKind::Roadmap, SchemaKind::Roster, SchemaKind::Policy];
    pub const ALL: [SchemaKind; 5] =
        [SchemaKind::Proposal, SchemaKind::Roadmap, SchemaKind::Roster, SchemaKind::Policy, SchemaKind::Config];

    pub fn name(self) -> &'static str {
        match self {
            SchemaKind::Proposal => "Proposal",
            SchemaKind::Roadmap => "Roadmap",
            SchemaKind::Roster => "Roster",
            SchemaKind::Policy => "Policy",
            SchemaKind::Config => "Config",
        }
    }

    /// The kind named by a document's `kind` field.
    pub fn from_document_kind(kind: &str) -> Option<Self> {
        Self::DOCUMENTS.into_iter().find(|k| k.name() == kind)
    }

    /// The kind named on the command line (`roadlint schema proposal`).
    pub fn from_cli(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name().eq_ignore_ascii_case(name))
    }

    /// The schema text, embedded in the binary.
    pub fn source(self) -> &'static str {
        match self {
            SchemaKind::Proposal => include_str!("../../schemas/proposal.schema.json"),
            SchemaKind::Roadmap => include_str!("../../schemas/roadmap.schema.json"),
            SchemaKind::Roster => include_str!("../../schemas/roster.schema.json"),
            SchemaKind::Policy => include_str!("../../schemas/policy.schema.json"),
            SchemaKind::Config => include_str!("../../schemas/config.schema.json"),
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}
