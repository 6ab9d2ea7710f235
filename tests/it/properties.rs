//! Property tests: whatever the text — random YAML-ish noise, or random
//! mapping trees written as YAML with random whitespace, CRLF line endings,
//! a byte-order mark, emoji — every position roadlint reports lies inside
//! the file, and its line and column are those of a byte offset. Written as
//! YAML, a tree reads back as itself, at the same positions whatever the
//! line endings. Whole workspaces of mutated documents go through the
//! check pipeline with the same guarantee.

use crate::common;

use crate::common::invariants::{assert_diagnostics_inside, assert_parse_inside};
use proptest::prelude::*;
use roadlint::check::config::Config;
use roadlint::check::{self, policy::PolicySet};
use roadlint::parse::{self, Limits};
use roadlint::report::{self, Report};
use serde_json::{Map, Number, Value};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

// ---------------------------------------------------------------------------
// Random YAML-ish text.

/// Pieces of YAML syntax, indentation, line endings and awkward characters.
const TOKENS: &[&str] = &[
    ":",
    ": ",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ",",
    "#",
    "# c",
    "'",
    "\"",
    "\\",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "!!str ",
    "!!int ",
    "!x ",
    "|",
    ">-",
    "? ",
    "---",
    "...",
    "%YAML 1.2",
    "key",
    "id",
    "value",
    "P-1",
    "0",
    "010",
    "1.5",
    "-3",
    "0x1F",
    "true",
    "null",
    "yes",
    "~",
    "🙂",
    "é",
    "日本",
    "\u{feff}",
    "\u{0}",
    "\u{85}",
    "\u{2028}",
    "apiVersion: roadlint/v1\n",
    "kind: Proposal\n",
    "status: draft\n",
];

fn yamlish() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..120).prop_map(|tokens| tokens.concat().into_bytes())
}

/// Text with a few bytes spliced in that never occur in UTF-8.
fn broken_utf8() -> impl Strategy<Value = Vec<u8>> {
    let never = prop::sample::select(vec![0xC0u8, 0xC1, 0xF5, 0xF8, 0xFE, 0xFF]);
    (yamlish(), prop::collection::vec((any::<prop::sample::Index>(), never), 1..4)).prop_map(|(mut bytes, bad)| {
        for (at, byte) in bad {
            let at = at.index(bytes.len() + 1);
            bytes.insert(at, byte);
        }
        bytes
    })
}

// ---------------------------------------------------------------------------
// Random trees, written as YAML.

/// A generated value: what the YAML must read back as.
#[derive(Debug, Clone)]
enum Node {
    Text(String),
    Int(i64),
    /// A multiple of 1/8, so that it prints exactly.
    Float(f64),
    Bool(bool),
    Null,
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl Node {
    fn to_json(&self) -> Value {
        match self {
            Node::Text(s) => Value::String(s.clone()),
            Node::Int(i) => Value::from(*i),
            Node::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Node::Bool(b) => Value::Bool(*b),
            Node::Null => Value::Null,
            Node::List(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            Node::Map(entries) => {
                Value::Object(entries.iter().map(|(k, v)| (k.clone(), v.to_json())).collect::<Map<_, _>>())
            }
        }
    }

    fn is_container(&self) -> bool {
        matches!(self, Node::List(items) if !items.is_empty())
            || matches!(self, Node::Map(entries) if !entries.is_empty())
    }
}

/// Printable text as YAML allows it: letters, digits, punctuation, spaces,
/// tabs, accents, emoji and CJK, and words that YAML 1.1 would misread.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ,.:#'\"\\-_/\\[\\]{}&*!|>%@`?\t]{0,16}",
        "[a-z]{1,8}( [a-z]{1,8}){0,3}",
        "(🙂|é|日本|ü|€|\u{1F600}|ß){1,4}[a-z ]{0,4}",
        prop::sample::select(vec!["yes", "no", "on", "off", "true", "null", "~", "010", "1_000", "0x1F", "TBD", ""])
            .prop_map(str::to_owned),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z][a-z0-9_-]{0,10}",
        1 => text().prop_filter("keys are not empty", |k| !k.is_empty()),
    ]
}

fn scalar() -> impl Strategy<Value = Node> {
    prop_oneof![
        3 => text().prop_map(Node::Text),
        1 => (-1_000_000i64..1_000_000).prop_map(Node::Int),
        1 => (-8000i64..8000).prop_map(|n| Node::Float(n as f64 / 8.0)),
        1 => any::<bool>().prop_map(Node::Bool),
        1 => Just(Node::Null),
    ]
}

fn tree() -> impl Strategy<Value = Node> {
    scalar().prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Node::List),
            prop::collection::vec((key(), inner), 0..6).prop_map(|entries| {
                // Keys are unique within a mapping: the first one wins.
                let mut seen = std::collections::HashSet::new();
                Node::Map(entries.into_iter().filter(|(k, _)| seen.insert(k.clone())).collect())
            }),
        ]
    })
}

/// How a tree is written: indentation step, spaces after `:`, trailing
/// spaces and comments, and which containers are written in flow style.
#[derive(Debug, Clone)]
struct Style {
    indent: usize,
    after_colon: usize,
    trailing: bool,
    comments: bool,
    flow_seed: u64,
}

fn style() -> impl Strategy<Value = Style> {
    (1usize..5, 1usize..4, any::<bool>(), any::<bool>(), any::<u64>()).prop_map(
        |(indent, after_colon, trailing, comments, flow_seed)| Style {
            indent,
            after_colon,
            trailing,
            comments,
            flow_seed,
        },
    )
}

/// A scalar as YAML: plain when that reads back the same, else quoted.
fn scalar_yaml(node: &Node, out: &mut String) {
    match node {
        Node::Text(s) => quoted(s, out),
        Node::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Node::Float(f) => {
            let _ = write!(out, "{f:?}");
        }
        Node::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Node::Null => out.push_str("null"),
        Node::List(_) | Node::Map(_) => flow(node, out),
    }
}

/// Text as a double-quoted scalar (JSON's escapes are YAML's), or plain
/// when it is a simple word that stays text.
fn quoted(s: &str, out: &mut String) {
    let plain = !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
        && !matches!(s.to_ascii_lowercase().as_str(), "true" | "false" | "null");
    if plain {
        out.push_str(s);
    } else {
        out.push_str(&serde_json::to_string(s).expect("a string serializes"));
    }
}

fn flow(node: &Node, out: &mut String) {
    match node {
        Node::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                flow(item, out);
            }
            out.push(']');
        }
        Node::Map(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                quoted(k, out);
                out.push_str(": ");
                flow(v, out);
            }
            out.push('}');
        }
        scalar => scalar_yaml(scalar, out),
    }
}

/// Writes `node` in block style at `indent`, switching to flow style for
/// some containers.
struct Writer<'s> {
    style: &'s Style,
    counter: u64,
    out: String,
}

impl Writer<'_> {
    /// Whether the next container is written in flow style (deterministic
    /// in the style's seed).
    fn use_flow(&mut self) -> bool {
        self.counter += 1;
        (self.style.flow_seed.rotate_left((self.counter % 64) as u32) & 7) == 0
    }

    fn line_end(&mut self) {
        if self.style.trailing {
            self.out.push_str("  ");
        }
        if self.style.comments {
            self.out.push_str(" # 🙂 note");
        }
        self.out.push('\n');
    }

    /// The value after `key:` or `-`: inline for scalars, empty and flow
    /// containers; on the next lines, indented, for block containers.
    fn value(&mut self, node: &Node, indent: usize) {
        if node.is_container() && !self.use_flow() {
            self.line_end();
            self.block(node, indent + self.style.indent);
        } else {
            self.out.push(' ');
            flow(node, &mut self.out);
            self.line_end();
        }
    }

    fn block(&mut self, node: &Node, indent: usize) {
        match node {
            Node::Map(entries) if !entries.is_empty() => {
                for (k, v) in entries {
                    self.out.push_str(&" ".repeat(indent));
                    quoted(k, &mut self.out);
                    self.out.push(':');
                    self.out.push_str(&" ".repeat(self.style.after_colon - 1));
                    self.value(v, indent);
                }
            }
            Node::List(items) if !items.is_empty() => {
                for item in items {
                    self.out.push_str(&" ".repeat(indent));
                    self.out.push('-');
                    self.value(item, indent);
                }
            }
            other => {
                self.out.push_str(&" ".repeat(indent));
                flow(other, &mut self.out);
                self.line_end();
            }
        }
    }
}

fn to_yaml(node: &Node, style: &Style) -> String {
    let mut writer = Writer { style, counter: 0, out: String::new() };
    writer.block(node, 0);
    writer.out
}

/// The same text with CRLF line endings and a byte-order mark.
fn crlf_bom(text: &str) -> Vec<u8> {
    format!("\u{feff}{}", text.replace('\n', "\r\n")).into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_text_parses_to_positions_inside_it(bytes in yamlish()) {
        assert_parse_inside(&parse::parse(&bytes, &Limits::default()));
    }

    #[test]
    fn text_that_is_not_utf8_is_reported_inside_it(bytes in broken_utf8()) {
        let outcome = parse::parse(&bytes, &Limits::default());
        assert_parse_inside(&outcome);
        prop_assert!(!outcome.problems.is_empty());
    }

    #[test]
    fn a_tree_written_as_yaml_reads_back_the_same(node in tree(), style in style()) {
        let text = to_yaml(&node, &style);
        let outcome = parse::parse(text.as_bytes(), &Limits::default());
        prop_assert!(outcome.problems.is_empty(), "{:?}\n{}", outcome.problems, text);
        assert_parse_inside(&outcome);
        let value = outcome.document.map_or(Value::Null, |doc| doc.value);
        prop_assert_eq!(value, node.to_json(), "{}", text);
    }

    #[test]
    fn crlf_and_a_byte_order_mark_do_not_move_anything(node in tree(), style in style()) {
        let text = to_yaml(&node, &style);
        let lf = parse::parse(text.as_bytes(), &Limits::default());
        let crlf = parse::parse(&crlf_bom(&text), &Limits::default());
        assert_parse_inside(&crlf);
        let (Some(lf), Some(crlf)) = (lf.document, crlf.document) else {
            return Ok(());
        };
        prop_assert_eq!(&lf.value, &crlf.value);
        for (pointer, node) in lf.spans.iter() {
            prop_assert_eq!(Some(node), crlf.spans.get(pointer), "{} in\n{}", pointer, text);
        }
    }
}

// ---------------------------------------------------------------------------
// Whole workspaces through the check pipeline.

/// One change to a document's text, applied line by line.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(prop::sample::Index),
    DuplicateLine(prop::sample::Index),
    /// Replaces what follows the first `: ` of a line.
    ReplaceValue(prop::sample::Index, String),
    InsertLine(prop::sample::Index, String),
    Indent(prop::sample::Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let index = any::<prop::sample::Index>;
    let value = prop_oneof![
        text().prop_map(|t| serde_json::to_string(&t).expect("serializes")),
        text(),
        prop::sample::select(vec![
            "TBD",
            "[]",
            "{}",
            "-1",
            "1e999",
            "0.25",
            "P-1",
            "nobody",
            "2027-13-45",
            "[P-1, P-1]"
        ])
        .prop_map(str::to_owned),
    ];
    prop_oneof![
        index().prop_map(Mutation::DeleteLine),
        index().prop_map(Mutation::DuplicateLine),
        (index(), value).prop_map(|(i, v)| Mutation::ReplaceValue(i, v)),
        (index(), prop::sample::select(TOKENS).prop_map(str::to_owned)).prop_map(|(i, t)| Mutation::InsertLine(i, t)),
        index().prop_map(Mutation::Indent),
    ]
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for m in mutations {
        if lines.is_empty() {
            break;
        }
        match m {
            Mutation::DeleteLine(i) => {
                lines.remove(i.index(lines.len()));
            }
            Mutation::DuplicateLine(i) => {
                let at = i.index(lines.len());
                lines.insert(at, lines[at].clone());
            }
            Mutation::ReplaceValue(i, value) => {
                let at = i.index(lines.len());
                if let Some(colon) = lines[at].find(": ") {
                    lines[at] = format!("{}: {value}", &lines[at][..colon]);
                }
            }
            Mutation::InsertLine(i, line) => {
                let at = i.index(lines.len() + 1);
                lines.insert(at, line.clone());
            }
            Mutation::Indent(i) => {
                let at = i.index(lines.len());
                lines[at].insert(0, ' ');
            }
        }
    }
    lines.join("\n") + "\n"
}

/// A document of the workspace: which template, what is done to it, and
/// whether it gets CRLF line endings and a byte-order mark.
fn document() -> impl Strategy<Value = (usize, Vec<Mutation>, bool)> {
    (0usize..4, prop::collection::vec(mutation(), 0..4), any::<bool>())
}

fn template(which: usize, n: usize) -> String {
    let id = format!("PAY-{n}");
    match which {
        0 => common::proposal(&id, "accepted", 3),
        1 => {
            common::proposal(&id, "proposed", 9).replace("  impact: 2\n", "")
                + "depends_on: [PAY-1, PAY-2]\nwaivers:\n  - rule: value-score\n    reason: r\n    approved_by: omar\n    expires: 2027-01-31\n"
        }
        2 => common::roadmap(
            &format!("R{n}"),
            &[
                ("PLAN-1", "PAY-1", "payments", "2027-Q3", "committed"),
                (&format!("PLAN-{n}"), &id, "growth", "2027-Q4", "planned"),
            ],
        ),
        _ => common::ROSTER.to_owned(),
    }
}

fn policies() -> &'static PolicySet {
    static POLICIES: OnceLock<PolicySet> = OnceLock::new();
    POLICIES.get_or_init(|| PolicySet::build(&Config::default(), &[]).expect("the built-in pack loads"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_diagnostic_of_a_workspace_points_inside_its_file(documents in prop::collection::vec(document(), 1..7)) {
        let files: Vec<(String, Vec<u8>)> = documents
            .iter()
            .enumerate()
            .map(|(n, (which, mutations, crlf))| {
                let text = mutate(&template(*which, n + 1), mutations);
                let bytes = if *crlf { crlf_bom(&text) } else { text.into_bytes() };
                (format!("roadmap/doc-{n}.yaml"), bytes)
            })
            .collect();
        let config = Config::default();
        let outcome = check::check_files(files, &config, policies(), common::TODAY).expect("checks in time");
        let texts: HashMap<String, String> =
            outcome.workspace.files.iter().map(|f| (f.path.clone(), f.text.clone())).collect();
        assert_diagnostics_inside(&outcome.diagnostics, &texts);
        let report = Report {
            diagnostics: &outcome.diagnostics,
            notes: &outcome.notes,
            files: outcome.workspace.files.len(),
            texts: &texts,
        };
        let json: Value = serde_json::from_str(&report::json::render(&report)).expect("the JSON report parses");
        prop_assert_eq!(json["diagnostics"].as_array().map(Vec::len), Some(outcome.diagnostics.len()));
        prop_assert!(report::human::render(&report, false).contains(" in "));
    }
}
