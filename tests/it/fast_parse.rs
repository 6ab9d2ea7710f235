//! The fast YAML path (`src/parse/fast.rs`) against the reference path
//! (saphyr-parser alone): wherever the fast path answers, the value, every
//! span and every problem must be the reference's. And it must answer for
//! the documents people actually write, or it is no faster.

#[path = "../../benches/corpus.rs"]
mod corpus;

use proptest::prelude::*;
use roadlint::parse::{self, Limits, ParseOutcome};
use std::path::Path;

/// Everything a parse outcome says, line by line, to show where two differ.
fn summary(outcome: &ParseOutcome) -> String {
    let mut out = format!("text: {:?}\nproblems: {:?}\n", outcome.text, outcome.problems);
    if let Some(doc) = &outcome.document {
        out.push_str(&format!("value: {}\n", doc.value));
        let mut spans: Vec<String> = doc.spans.iter().map(|(p, n)| format!("{p:?} {n:?}")).collect();
        spans.sort();
        out.push_str(&spans.join("\n"));
    }
    out
}

/// Asserts that both paths agree on `text`; returns whether the fast path took it.
fn agree(text: &str) -> bool {
    let limits = Limits::default();
    let fast = parse::parse(text.as_bytes(), &limits);
    let reference = parse::parse_reference(text.as_bytes(), &limits);
    if fast != reference {
        let (fast, reference) = (summary(&fast), summary(&reference));
        let differences: Vec<String> = fast
            .lines()
            .zip(reference.lines())
            .filter(|(f, r)| f != r)
            .map(|(f, r)| format!("  fast:      {f}\n  reference: {r}"))
            .collect();
        let shown = if differences.is_empty() {
            format!("{fast}\n--- reference:\n{reference}")
        } else {
            differences.join("\n")
        };
        panic!("the fast path disagrees on {text:?}:\n{shown}");
    }
    parse::takes_fast_path(text, &limits)
}

fn yaml_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

#[test]
fn agrees_on_every_yaml_file_in_the_project() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["examples", "tests", "policies", "fuzz/seeds"] {
        yaml_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 20, "found only {} YAML files", files.len());
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        agree(&text);
    }
}

#[test]
fn takes_the_fast_path_for_the_good_example_and_the_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    yaml_files(&root.join("examples/good"), &mut files);
    assert!(!files.is_empty());
    for path in files {
        let text = std::fs::read_to_string(&path).expect("example");
        assert!(agree(&text), "{} goes through the slow path", path.display());
    }
    for (path, text) in corpus::files(200) {
        assert!(agree(&text), "{path} goes through the slow path");
    }
}

#[test]
fn agrees_on_positions_saphyr_sets_its_own_way() {
    let cases = [
        // Indentless lists start at their first entry's content; indented
        // ones at the dash; collections end at the next token or the end.
        "a:\n- 1\n- k: v\n  m: [1, 'a', \"b\"]\nb: x\n",
        "a:\n  - x\n  - y: 1\n    z: 2\n  -   w\n# end\n\n",
        "- a\n- b: 1\n\n  c: 2\n- []\n- [ a , b ]\n",
        "d:\n- k: v\ne:\n- [a]\nf:   # c\n\ng: 1\n",
        // Block scalars end at the next line's first character.
        "g: >\n  text\n  more\n\n  para  \n# comment\n\nh: 1 # c\ni: \"a: b\" \n# x",
        "a:\n  b: |\n    x\n\n    y\n\n  # c\n  c: 1\n",
        "a: |\n  x\n\n\n",
        "a: |\n  x",
        "a: |-\n  x\n   more\nb: >-\n  q\n  r\n",
        "a:\n  - |\n    text\n  - >\n    folded\n    text\n",
        // Scalars.
        "a: 'it''s'\nb: \"q\\\"s\\\\ \\n\\t/\"\nc: x#y:z\nd: http://example.com/a?b=c\ne: -5\nf: ~\ng: yes\nh: 010\n",
        "a: café\nb: 'naïve'\nc: [é, \"ü\"]\nd: |\n  ½ cup\n",
        "empty:\nnested:\n  empty:\nlast:",
        "# only a comment\n\n",
        "",
        "a: 1\na: 2\n",
        "a:\n  b: 1\n  b: 2\n",
        "k: v # trailing comment\n  # indented comment\nl: w\n",
    ];
    for case in cases {
        agree(case);
    }
}

#[test]
fn declines_what_it_does_not_read() {
    let limits = Limits::default();
    let long_key = format!("a: 1\n{}: 2\n", "k".repeat(1100));
    for text in [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: {b: 1}\n",
        "a: multi\n  line\n",
        "a: 'open\n  quote'\n",
        "a:\tb\n",
        "a: b\r\n",
        "---\na: 1\n",
        "a: 1\n---\nb: 2\n",
        "? a\n: b\n",
        "- - a\n",
        "-\n  a: 1\n",
        "a: |+\n  keep\n\n",
        "a: |2\n   x\n",
        "\"quoted key\": 1\n",
        "a: b: c\n",
        "  a: 1\n",
        "plain root\n",
        "a: [b, [c]]\n",
        "a: \"\\u00e9\"\n",
        // Found by fuzzing: YAML bounds a plain key to 1024 characters.
        long_key.as_str(),
        "- g: [4 9        -]\n",
        "a: [x y]\n",
    ] {
        assert!(!parse::takes_fast_path(text, &limits), "took the fast path: {text:?}");
        agree(text);
    }
}

#[test]
fn deep_documents_go_to_the_reference_path() {
    let mut text = String::new();
    for depth in 0..200 {
        text.push_str(&" ".repeat(depth));
        text.push_str("k:\n");
    }
    assert!(!parse::takes_fast_path(&text, &Limits::default()));
    agree(&text);
}

/// A small deterministic generator of documents in (and just outside) the
/// subset the fast path reads: nested mappings and lists at random
/// indentation, indentless lists, block scalars, comments and blank lines
/// anywhere, and now and then a construct it must decline.
struct Writer {
    state: u64,
    out: String,
}

const VALUES: &[&str] = &[
    "1",
    "x",
    "x y",
    "'q'",
    "'it''s'",
    "\"d\\\"q\"",
    "[a, b]",
    "[]",
    "[ 'a' , \"b\" ]",
    "é",
    "~",
    "null",
    "http://h/p",
    "x#y",
    "-1",
    "yes",
    "010",
    "2026-01-01",
    "text more",
    "\"a: b\"",
    "'x'  ",
    "[a] # c",
    "0.5",
    "\"\"",
    "''",
    "[1, -2, 3.5]",
    "P-00042",
    "a,b",
    "x # c",
    "ünï",
];
const NEAR_MISSES: &[&str] = &[
    "\"\\u00e9\"",
    "[a, [b]]",
    "[a,]",
    "{a: 1}",
    "&x 1",
    "*x",
    "!t x",
    "a: b",
    "'open",
    "\"open",
    "x\ttab",
    "- x",
    "|+",
    "? x",
    "[a, b: c]",
    "b:",
];
const KEYS: &[&str] = &["a", "b", "id", "title", "x_1", "a-b", "k.v", "owners", "a/b", "2"];

impl Writer {
    fn below(&mut self, n: u64) -> u64 {
        // SplitMix64.
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len() as u64) as usize]
    }

    fn value(&mut self) -> &'static str {
        if self.below(40) == 0 { self.pick(NEAR_MISSES) } else { self.pick(VALUES) }
    }

    fn step(&mut self) -> usize {
        [2, 2, 2, 4, 1, 3][self.below(6) as usize]
    }

    /// Blank lines, comments and trailing spaces, now and then.
    fn filler(&mut self, indent: usize) {
        match self.below(12) {
            0 => self.out.push('\n'),
            1 => {
                let at = indent.saturating_sub(self.below(2) as usize * 2) + self.below(2) as usize * 3;
                self.out.push_str(&format!("{}# note\n", " ".repeat(at)));
            }
            2 => self.out.push_str("   \n"),
            _ => {}
        }
    }

    fn end_line(&mut self) {
        match self.below(10) {
            0 => self.out.push_str("  "),
            1 => self.out.push_str(" # c"),
            _ => {}
        }
        self.out.push('\n');
    }

    /// A mapping at `indent`; the first key goes on the current line when
    /// `inline` (a list entry's `- `).
    fn mapping(&mut self, indent: usize, depth: usize, inline: bool) {
        for entry in 0..1 + self.below(4) {
            if entry > 0 || !inline {
                self.filler(indent);
                self.out.push_str(&" ".repeat(indent));
            }
            let key = self.pick(KEYS);
            self.out.push_str(key);
            self.out.push(':');
            self.mapping_value(indent, depth);
        }
    }

    fn mapping_value(&mut self, indent: usize, depth: usize) {
        match self.below(if depth < 4 { 10 } else { 5 }) {
            0 => self.end_line(),
            1 => self.block_scalar(indent),
            2..=4 => {
                let value = self.value();
                self.out.push(' ');
                self.out.push_str(value);
                self.end_line();
            }
            5 | 6 => {
                self.end_line();
                let inner = indent + self.step();
                self.mapping(inner, depth + 1, false);
            }
            7 => {
                self.end_line();
                self.sequence(indent, depth + 1);
            }
            _ => {
                self.end_line();
                let inner = indent + self.step();
                self.sequence(inner, depth + 1);
            }
        }
    }

    fn sequence(&mut self, indent: usize, depth: usize) {
        for _ in 0..1 + self.below(4) {
            self.filler(indent);
            self.out.push_str(&" ".repeat(indent));
            self.out.push('-');
            let gap = 1 + usize::from(self.below(6) == 0) * 2;
            self.out.push_str(&" ".repeat(gap));
            match self.below(if depth < 4 { 6 } else { 3 }) {
                0 => self.block_scalar(indent),
                1 | 2 => {
                    let value = self.value();
                    self.out.push_str(value);
                    self.end_line();
                }
                _ => self.mapping(indent + 1 + gap, depth + 1, true),
            }
        }
    }

    /// `|` or `>` text inside a block at `parent` indentation.
    fn block_scalar(&mut self, parent: usize) {
        let header = self.pick(&[" |", " >", " |-", " >-", " |"]);
        self.out.push_str(header);
        self.end_line();
        let indent = parent + self.step();
        for line in 0..1 + self.below(4) {
            if line > 0 && self.below(4) == 0 {
                self.out.push('\n');
            }
            let extra = if self.below(8) == 0 { 2 } else { 0 };
            let text = self.pick(&["text", "more words", "# not a comment", "a: b", "end  "]);
            self.out.push_str(&format!("{}{text}\n", " ".repeat(indent + extra)));
        }
    }

    fn document(seed: u64) -> String {
        let mut writer = Writer { state: seed, out: String::new() };
        if writer.below(5) == 0 {
            writer.out.push_str("# a document\n");
        }
        if writer.below(4) == 0 {
            writer.sequence(0, 0)
        } else {
            writer.mapping(0, 0, false)
        }
        writer.filler(0);
        if writer.below(4) == 0 {
            writer.out.pop();
        }
        writer.out
    }
}

#[test]
fn the_generator_mostly_writes_what_the_fast_path_reads() {
    let documents = 500;
    let fast = (0..documents).filter(|&seed| agree(&Writer::document(seed))).count();
    assert!(fast * 3 > documents as usize, "only {fast} of {documents} generated documents took the fast path");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    /// Generated documents: both paths agree on each.
    #[test]
    fn agrees_on_generated_documents(seed in any::<u64>()) {
        agree(&Writer::document(seed));
    }
}
