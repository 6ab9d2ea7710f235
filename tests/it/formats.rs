//! The formats other CIs read — concise, gitlab, rdjson, azure — and JUnit's
//! severities, each checked against its consumer's published format on a
//! real repository whose documents are hostile: non-ASCII text before a
//! finding, and a key holding `;`, `]`, `%`, a newline, an escape sequence
//! and a fake Azure command.

use crate::common;

use crate::common::{P, TODAY, TestRepo, clean_repo, proposal};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

struct Out {
    code: i32,
    stdout: String,
}

fn roadlint(dir: &Path, args: &[&str]) -> Out {
    let out = Command::new(common::bin())
        .args(args)
        .current_dir(dir)
        .env("ROADLINT_TODAY", TODAY)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("NO_COLOR")
        .output()
        .expect("roadlint runs");
    Out { code: out.status.code().unwrap_or(-1), stdout: String::from_utf8_lossy(&out.stdout).into_owned() }
}

fn check(repo: &TestRepo, format: &str) -> Out {
    roadlint(repo.path(), &["check", "--format", format])
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

const HOSTILE_KEY: &str = "x;]%0A\nnext ##vso[task.setvariable variable=pwned]1\u{1b}[2J";
const UMLAUTS: &str = "roadmap/proposals/PAY-3.yaml";

/// Findings of every severity: schema errors after non-ASCII text on the
/// same line, an unknown key that is hostile to every line-based format, a
/// duplicate key (a related place), a value-score warning and an info.
fn hostile_repo() -> TestRepo {
    let repo = clean_repo();
    let umlauts = proposal("PAY-3", "accepted", 3).replace(
        "value:\n  reach: 1000\n  impact: 2\n  confidence: 0.8\n",
        "value: {reach: \"größe\", impact: \"zwölf\", confidence: 0.8}\n",
    );
    assert!(umlauts.contains("größe"));
    let key = HOSTILE_KEY.replace('\n', "\\n").replace('\u{1b}', "\\e");
    repo.write(".roadlint.yaml", "rules:\n  unresolved-reference: info\n")
        .write(UMLAUTS, umlauts)
        .write(&format!("{P}PAY-4.yaml"), proposal("PAY-4", "draft", 3) + &format!("\"{key}\": 1\n"))
        .write(
            &format!("{P}PAY-5.yaml"),
            proposal("PAY-5", "draft", 3).replace("title: Proposal PAY-5\n", "title: A\ntitle: B\n"),
        )
        .write(&format!("{P}PAY-6.yaml"), proposal("PAY-6", "proposed", 3).replace("  confidence: 0.8\n", ""))
        .write(
            &format!("{P}PAY-7.yaml"),
            proposal("PAY-7", "draft", 3).replace("engineering: li", "engineering: nobody"),
        )
        .commit("hostile");
    repo
}

/// The JSON report's diagnostics: what every other format is compared with.
fn expected(repo: &TestRepo) -> Vec<Value> {
    let out = check(repo, "json");
    assert_eq!(out.code, 1);
    let report = json(&out.stdout);
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics").clone();
    let severities: Vec<&str> = diagnostics.iter().filter_map(|d| d["severity"].as_str()).collect();
    for severity in ["error", "warning", "info"] {
        assert!(severities.contains(&severity), "the fixture lacks a {severity}: {severities:?}");
    }
    assert!(diagnostics.iter().any(|d| d["message"].as_str().is_some_and(|m| m.contains(HOSTILE_KEY))));
    assert!(diagnostics.iter().any(|d| !d["related"].as_array().is_none_or(Vec::is_empty)));
    diagnostics
}

fn text<'a>(d: &'a Value, field: &str) -> &'a str {
    d[field].as_str().unwrap_or_else(|| panic!("{field} missing in {d}"))
}

fn number(d: &Value, field: &str) -> u64 {
    d[field].as_u64().unwrap_or_else(|| panic!("{field} missing in {d}"))
}

fn validator(schema: &str) -> jsonschema::Validator {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&json(schema))
        .expect("the schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, instance: &Value) {
    let errors: Vec<String> =
        validator.iter_errors(instance).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "does not validate:\n{}\n{instance:#}", errors.join("\n"));
}

/// `message`, then `help: …` on its own line when there is help.
fn message_and_help(d: &Value) -> String {
    match d["help"].as_str() {
        Some(help) => format!("{}\nhelp: {help}", text(d, "message")),
        None => text(d, "message").to_owned(),
    }
}

// ---------------------------------------------------------------------------
// concise

#[test]
fn concise_lines_match_the_documented_problem_matcher() {
    let repo = hostile_repo();
    let diagnostics = expected(&repo);
    let out = check(&repo, "concise");
    assert_eq!(out.code, 1);
    assert!(!out.stdout.contains('\u{1b}'), "a raw escape character reached the terminal:\n{}", out.stdout);
    let pattern = regex::Regex::new(roadlint::report::concise::PATTERN).expect("the pattern compiles");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), diagnostics.len() + 1, "one line per finding, then the count:\n{}", out.stdout);
    for (line, d) in lines.iter().zip(&diagnostics) {
        let caps = pattern.captures(line).unwrap_or_else(|| panic!("the problem matcher misses {line:?}"));
        assert_eq!(&caps[1], text(d, "file"));
        assert_eq!(caps[2].parse::<u64>().ok(), Some(number(d, "line")));
        assert_eq!(caps[3].parse::<u64>().ok(), Some(number(d, "column")));
        assert_eq!(&caps[4], text(d, "severity"));
        assert_eq!(&caps[5], text(d, "rule"));
        let message = text(d, "message").replace('\n', "\\u{a}").replace('\u{1b}', "\\u{1b}");
        assert_eq!(&caps[6], message);
    }
    let last = lines.last().copied().unwrap_or_default();
    assert!(!pattern.is_match(last), "the count line must not look like a finding: {last}");
    assert_eq!(last, "Found 4 errors, 1 warning, 1 info in 9 files.");

    let clean = clean_repo();
    let out = check(&clean, "concise");
    assert_eq!((out.code, out.stdout.as_str()), (0, "No problems found in 4 files.\n"));
}

#[test]
fn the_problem_matcher_pattern_rejects_what_is_not_a_finding() {
    let pattern = regex::Regex::new(roadlint::report::concise::PATTERN).expect("the pattern compiles");
    let caps = pattern.captures("road:map/a.yaml:12:3: warning[value-score] no reach [sic]").expect("matches");
    assert_eq!(
        (&caps[1], &caps[2], &caps[3], &caps[5], &caps[6]),
        ("road:map/a.yaml", "12", "3", "value-score", "no reach [sic]")
    );
    for line in [
        "roadmap/a.yaml:12: error[x] m",
        "roadmap/a.yaml:1:2: fatal[x] m",
        "roadmap/a.yaml:1:2: error[] m",
        "Found 1 error.",
    ] {
        assert!(!pattern.is_match(line), "{line}");
    }
}

// ---------------------------------------------------------------------------
// gitlab

#[test]
fn gitlab_code_quality_has_the_fields_gitlab_reads() {
    let repo = hostile_repo();
    let diagnostics = expected(&repo);
    let out = check(&repo, "gitlab");
    assert_eq!(out.code, 1);
    let report = json(&out.stdout);
    assert_valid(&validator(include_str!("../fixtures/gitlab-codequality.schema.json")), &report);
    let issues = report.as_array().expect("an array");
    assert_eq!(issues.len(), diagnostics.len());
    for (issue, d) in issues.iter().zip(&diagnostics) {
        assert_eq!(issue["description"], d["message"]);
        assert_eq!(issue["check_name"], d["rule"]);
        assert_eq!(issue["fingerprint"], d["fingerprint"], "unique fingerprints stay roadlint's own");
        let severity = match text(d, "severity") {
            "error" => "major",
            "warning" => "minor",
            _ => "info",
        };
        assert_eq!(issue["severity"], severity);
        assert_eq!(issue["location"]["path"], d["file"]);
        assert_eq!(issue["location"]["lines"]["begin"], d["line"]);
    }
    let check = roadlint(clean_repo().path(), &["check", "--format", "gitlab"]);
    assert_eq!((check.code, check.stdout.as_str()), (0, "[]\n"));
}

#[test]
fn the_gitlab_schema_rejects_what_gitlab_would_not_read() {
    let validator = validator(include_str!("../fixtures/gitlab-codequality.schema.json"));
    let issue = |severity: &str, begin: Value| {
        serde_json::json!([{"description": "d", "check_name": "c", "fingerprint": "f", "severity": severity,
            "location": {"path": "a.yaml", "lines": {"begin": begin}}}])
    };
    assert!(validator.is_valid(&issue("major", 1.into())));
    assert!(!validator.is_valid(&issue("error", 1.into())));
    assert!(!validator.is_valid(&issue("minor", "1".into())));
    assert!(!validator.is_valid(&serde_json::json!([{"description": "d"}])));
}

// ---------------------------------------------------------------------------
// rdjson

/// The 1-based UTF-8 byte column of a 1-based character column in `line`.
fn byte_column(line: &str, column: u64) -> u64 {
    let chars = usize::try_from(column - 1).unwrap_or(usize::MAX);
    line.chars().take(chars).map(char::len_utf8).sum::<usize>() as u64 + 1
}

#[test]
fn rdjson_validates_against_reviewdogs_definition_with_byte_columns() {
    let repo = hostile_repo();
    let diagnostics = expected(&repo);
    let out = check(&repo, "rdjson");
    assert_eq!(out.code, 1);
    let result = json(&out.stdout);
    assert_valid(&validator(include_str!("../fixtures/rdjson.schema.json")), &result);
    assert_eq!(result["source"]["name"], "roadlint");
    let found = result["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(found.len(), diagnostics.len());
    let mut texts: HashMap<String, String> = HashMap::new();
    let mut differs = 0;
    for (rd, d) in found.iter().zip(&diagnostics) {
        let file = text(d, "file");
        let source = texts
            .entry(file.to_owned())
            .or_insert_with(|| std::fs::read_to_string(repo.path().join(file)).expect("read the document"));
        let line_text = |line: u64| source.lines().nth(line as usize - 1).unwrap_or_default().to_owned();
        let range = &rd["location"]["range"];
        for (end, line, column) in [(false, "line", "column"), (true, "end_line", "end_column")] {
            let position = &range[if end { "end" } else { "start" }];
            let line = number(d, line);
            assert_eq!(position["line"], line);
            let bytes = byte_column(&line_text(line), number(d, column));
            assert_eq!(position["column"], bytes, "{rd}");
            if bytes != number(d, column) {
                differs += 1;
            }
        }
        assert_eq!(rd["location"]["path"], d["file"]);
        assert_eq!(rd["severity"], text(d, "severity").to_uppercase());
        assert_eq!(rd["code"]["value"], d["rule"]);
        assert!(text(rd, "message").starts_with(&message_and_help(d)), "{rd}");
    }
    assert!(differs >= 2, "the fixture has no finding after non-ASCII text");
    let duplicate = found.iter().find(|rd| rd["code"]["value"] == "duplicate-key").expect("a duplicate key");
    assert!(text(duplicate, "message").contains("\nnote: roadmap/proposals/PAY-5.yaml:4:1: "), "{duplicate}");
}

#[test]
fn the_rdjson_schema_rejects_what_reviewdog_would_not_read() {
    let validator = validator(include_str!("../fixtures/rdjson.schema.json"));
    let result = |diagnostic: Value| serde_json::json!({"diagnostics": [diagnostic]});
    let at = serde_json::json!({"path": "a.yaml", "range": {"start": {"line": 1, "column": 2}}});
    assert!(validator.is_valid(&result(serde_json::json!({"message": "m", "location": at, "severity": "ERROR"}))));
    assert!(!validator.is_valid(&result(serde_json::json!({"message": "m", "location": at, "severity": "FATAL"}))));
    assert!(!validator.is_valid(&result(serde_json::json!({"message": "m", "location": at, "related": []}))));
    assert!(!validator.is_valid(&result(
        serde_json::json!({"message": "m", "location": {"path": "a", "range": {"start": {"line": "1"}}}})
    )));
}

// ---------------------------------------------------------------------------
// azure

/// Parses one line as the Azure Pipelines agent does: `##vso[area.action
/// k=v;k=v]message`, properties split on `;` and the first `=`, values and
/// message unescaped. None when the line is no logging command.
fn azure_command(line: &str) -> Option<(String, HashMap<String, String>, String)> {
    let unescape = |s: &str| {
        s.replace("%3B", ";").replace("%0D", "\r").replace("%0A", "\n").replace("%5D", "]").replace("%AZP25", "%")
    };
    let rest = &line[line.find("##vso[")? + "##vso[".len()..];
    let close = rest.find(']')?;
    let (head, message) = (&rest[..close], &rest[close + 1..]);
    let (command, properties) = head.split_once(' ').unwrap_or((head, ""));
    let properties = properties
        .split(';')
        .filter(|p| !p.trim().is_empty())
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), unescape(v)))
        .collect();
    Some((command.to_owned(), properties, unescape(message)))
}

#[test]
fn azure_logging_commands_survive_hostile_messages() {
    let repo = hostile_repo();
    let diagnostics = expected(&repo);
    let out = check(&repo, "azure");
    assert_eq!(out.code, 1);
    let lines: Vec<&str> = out.stdout.lines().collect();
    let issues: Vec<&Value> = diagnostics.iter().filter(|d| d["severity"] != "info").collect();
    assert_eq!(lines.len(), issues.len() + 1, "one command per error and warning, then the count:\n{}", out.stdout);
    for (line, d) in lines.iter().zip(&issues) {
        assert!(line.starts_with("##vso[task.logissue "), "{line}");
        // The agent reads one command per line, from the first `##vso[`.
        assert_eq!(line.find("##vso["), Some(0), "{line}");
        let (command, properties, message) = azure_command(line).expect("a logging command");
        assert_eq!(command, "task.logissue");
        let property = |name: &str| properties.get(name).map(String::as_str);
        assert_eq!(property("type"), d["severity"].as_str());
        assert_eq!(property("sourcepath"), d["file"].as_str());
        assert_eq!(property("linenumber"), Some(number(d, "line").to_string().as_str()));
        assert_eq!(property("columnnumber"), Some(number(d, "column").to_string().as_str()));
        assert_eq!(property("code"), d["rule"].as_str());
        assert_eq!(properties.len(), 5, "no property smuggled in: {properties:?}");
        // Control characters Azure has no escape for are shown, not acted on.
        assert_eq!(message, message_and_help(d).replace('\u{1b}', "\\u{1b}"));
    }
    let hostile = lines.iter().find(|l| l.contains("unknown key")).expect("the hostile key");
    assert!(
        hostile.contains("`x%3B%5D%AZP250A%0Anext ##vso[task.setvariable variable=pwned%5D1\\u{1b}[2J`"),
        "{hostile}"
    );
    assert_eq!(lines.last().and_then(|l| azure_command(l)), None, "the count line is no command");
    assert!(lines.last().is_some_and(|l| l.starts_with("roadlint: 4 errors, 1 warning, 1 info in 9 files (infos")));
}

#[test]
fn the_azure_parser_catches_an_unescaped_message() {
    let (_, properties, message) = azure_command("##vso[task.logissue type=error;code=a]b;c]d").expect("parses");
    assert_eq!((properties.len(), message.as_str()), (2, "b;c]d"));
    let (_, properties, _) = azure_command("##vso[task.logissue type=error;sourcepath=a;b]c").expect("parses");
    assert_eq!(properties.get("sourcepath").map(String::as_str), Some("a"), "an unescaped `;` splits a value");
}

// ---------------------------------------------------------------------------
// junit

#[test]
fn junit_keeps_warnings_distinguishable_from_errors() {
    let repo = hostile_repo();
    let diagnostics = expected(&repo);
    let out = check(&repo, "junit");
    assert_eq!(out.code, 1);
    let cases: Vec<&str> = out.stdout.split("<testcase ").skip(1).filter(|c| c.contains("<failure ")).collect();
    assert_eq!(cases.len(), diagnostics.len());
    for severity in ["error", "warning", "info"] {
        let expected = diagnostics.iter().filter(|d| d["severity"] == severity).count();
        let property = format!("<property name=\"severity\" value=\"{severity}\"/>");
        assert_eq!(cases.iter().filter(|c| c.contains(&property)).count(), expected, "{severity}:\n{}", out.stdout);
    }
    let warning = cases.iter().find(|c| c.contains("value=\"warning\"")).expect("a warning");
    assert!(warning.contains("type=\"value-score\""), "the failure type stays the rule: {warning}");
}

// ---------------------------------------------------------------------------
// completions and the man page

#[test]
fn completions_work_outside_any_repository() {
    let dir = tempfile::tempdir().expect("temp dir");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = roadlint(dir.path(), &["completions", shell]);
        assert_eq!(out.code, 0, "{shell}");
        assert!(out.stdout.contains("roadlint"), "{shell}");
    }
    // bash loads the script and registers it.
    let script = dir.path().join("roadlint.bash");
    std::fs::write(&script, roadlint(dir.path(), &["completions", "bash"]).stdout).expect("write");
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!("source '{}' && complete -p roadlint", script.display()))
        .output()
        .expect("bash runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("roadlint"));

    let out = roadlint(dir.path(), &["completions", "tcsh"]);
    assert_eq!(out.code, 2);
    let page = roadlint(dir.path(), &["completions", "man"]);
    assert_eq!(page.code, 0);
    assert!(page.stdout.contains(".TH roadlint 1"));
    assert_eq!(std::fs::read_dir(dir.path()).map(Iterator::count).ok(), Some(1), "nothing written");
}

#[test]
fn the_readme_documents_the_problem_matcher_the_output_is_held_to() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README");
    let start = readme.find("{\n  \"owner\": \"roadlint\"").expect("the problem matcher in the README");
    let end = start + readme[start..].find("\n}\n").expect("its end") + 2;
    let matcher = json(&readme[start..end]);
    assert_eq!(matcher["pattern"][0]["regexp"], roadlint::report::concise::PATTERN);
    let fields: Vec<u64> = ["file", "line", "column", "severity", "code", "message"]
        .iter()
        .map(|f| number(&matcher["pattern"][0], f))
        .collect();
    assert_eq!(fields, [1, 2, 3, 4, 5, 6]);
}
