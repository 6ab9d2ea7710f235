//! Where users meet roadlint: SARIF, GitHub annotations and job summary,
//! JUnit, `roadlint init`, the GitHub Action's script and the pre-commit
//! hook — each run for real, on real git repositories.
//!
//! Tests that need an outside tool (jq for the action, pre-commit) skip with
//! a message when it is missing, except in CI (`CI` set), where a missing
//! tool fails them: a green CI must mean they ran.

use crate::common;

use crate::common::{P, TODAY, TestRepo, clean_repo, proposal};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

// ---------------------------------------------------------------------------
// Running things

/// What a process gave.
#[derive(Debug)]
struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(command: &mut Command) -> Out {
    let out = command.output().unwrap_or_else(|e| panic!("{command:?} does not start: {e}"));
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Variables a CI runner may set that change what roadlint prints.
const CI_VARIABLES: [&str; 6] =
    ["GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH", "NO_COLOR"];

/// roadlint in `dir`, with the test date and none of the runner's variables.
fn roadlint(dir: &Path) -> Command {
    let mut command = Command::new(common::bin());
    command.current_dir(dir).env("ROADLINT_TODAY", TODAY);
    for variable in CI_VARIABLES {
        command.env_remove(variable);
    }
    command
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// Whether an outside tool is installed. In CI its absence fails the test.
fn tool(name: &str, install: &str) -> bool {
    let found = Command::new(name).arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        assert!(std::env::var_os("CI").is_none(), "{name} is required in CI: {install}");
        eprintln!("skipped: {name} is not installed ({install})");
    }
    found
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------------------
// Repositories

const ODD: &str = "roadmap/proposals/PAY-7-odd name,#1.yaml";

/// `clean_repo` plus one finding of each severity and a few awkward cases:
/// an owner-pairing error, a duplicate key (a related location), a
/// value-score warning, an unresolved reference turned into an info, and a
/// schema error in a file whose name needs escaping, about a key that needs
/// escaping in XML.
fn mixed_repo() -> TestRepo {
    let repo = clean_repo();
    repo.write(".roadlint.yaml", "rules:\n  unresolved-reference: info\n")
        .write(
            &format!("{P}PAY-3.yaml"),
            proposal("PAY-3", "proposed", 3).replace("engineering: li", "engineering: maya"),
        )
        .write(
            &format!("{P}PAY-4.yaml"),
            proposal("PAY-4", "draft", 3).replace("title: Proposal PAY-4\n", "title: A\ntitle: B\n"),
        )
        .write(&format!("{P}PAY-5.yaml"), proposal("PAY-5", "proposed", 3).replace("  confidence: 0.8\n", ""))
        .write(
            &format!("{P}PAY-6.yaml"),
            proposal("PAY-6", "draft", 3).replace("engineering: li", "engineering: nobody"),
        )
        .write(ODD, proposal("PAY-7", "draft", 3) + "\"a<b&c\": 1\n")
        .commit("mixed");
    repo
}

/// The JSON report of a run, for comparison with other formats.
fn json_report(repo: &TestRepo) -> Value {
    let out = run(roadlint(repo.path()).args(["check", "--format", "json"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    json(&out.stdout)
}

fn diagnostics(report: &Value) -> &Vec<Value> {
    report["diagnostics"].as_array().expect("diagnostics")
}

// ---------------------------------------------------------------------------
// SARIF

/// The official SARIF 2.1.0 schema, kept in tests/fixtures so the test does
/// not depend on a folder outside the repository, with formats checked (an
/// artifact URI must be a URI reference). The schema's patterns for language
/// codes have a stray `]`, which the meta-schema's `format: regex` check
/// rejects; it is escaped here, keeping its meaning (a literal `]`).
fn sarif_validator() -> jsonschema::Validator {
    const STRAY: &str = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    let text = include_str!("../fixtures/sarif-schema-2.1.0.json");
    assert!(text.contains(STRAY), "the schema changed: revisit the stray `]`");
    let schema = json(&text.replace(STRAY, r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$""#));
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn assert_valid_sarif(sarif: &Value) {
    let errors: Vec<String> =
        sarif_validator().iter_errors(sarif).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF does not validate:\n{}", errors.join("\n"));
}

#[test]
fn the_sarif_fixture_is_the_shared_schema() {
    let shared = manifest_dir().join("../shared/schemas/sarif-schema-2.1.0.json");
    if let Ok(text) = std::fs::read_to_string(&shared) {
        assert_eq!(
            text,
            include_str!("../fixtures/sarif-schema-2.1.0.json"),
            "tests/fixtures lags behind {}",
            shared.display()
        );
    }
}

#[test]
fn the_sarif_validator_rejects_bad_sarif() {
    let validator = sarif_validator();
    let log = |uri: &str, level: &str| {
        serde_json::json!({
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "roadlint"}},
                "results": [{
                    "message": {"text": "m"},
                    "level": level,
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}]
                }]
            }]
        })
    };
    assert!(validator.is_valid(&log("roadmap/a%20b.yaml", "error")));
    assert!(!validator.is_valid(&log("roadmap/a%20b.yaml", "fatal")));
    assert!(!validator.is_valid(&log("roadmap/a b.yaml", "error")), "formats are checked");
}

#[test]
fn sarif_of_a_real_run_validates_and_matches_the_json_report() {
    let repo = mixed_repo();
    let report = json_report(&repo);
    let out = run(roadlint(repo.path()).args(["check", "--format", "sarif"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    let sarif = json(&out.stdout);
    assert_valid_sarif(&sarif);

    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["automationDetails"]["id"], "roadlint/");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "roadlint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().expect("rules");
    for info in roadlint::check::registry::RULES {
        let rule = rules.iter().find(|r| r["id"] == info.id).unwrap_or_else(|| panic!("{} is not listed", info.id));
        assert_eq!(rule["shortDescription"]["text"], info.summary());
        assert!(rule["fullDescription"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        assert_eq!(rule["help"]["text"], info.documentation());
        assert_eq!(
            rule["helpUri"],
            format!("https://github.com/roadlint/roadlint/blob/main/docs/rules.md#{}", info.id)
        );
    }

    let results = run["results"].as_array().expect("results");
    let expected = diagnostics(&report);
    assert_eq!(results.len(), expected.len());
    for (result, d) in results.iter().zip(expected) {
        assert_eq!(result["ruleId"], d["rule"]);
        assert_eq!(rules[result["ruleIndex"].as_u64().expect("ruleIndex") as usize]["id"], d["rule"]);
        let level = match d["severity"].as_str() {
            Some("info") => "note",
            other => other.expect("severity"),
        };
        assert_eq!(result["level"], level);
        assert!(
            result["message"]["text"].as_str().is_some_and(|m| m.starts_with(d["message"].as_str().unwrap_or("?")))
        );
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let region = &location["region"];
        assert_eq!(
            [&region["startLine"], &region["startColumn"], &region["endLine"], &region["endColumn"]],
            [&d["line"], &d["column"], &d["end_line"], &d["end_column"]]
        );
        assert_eq!(result["partialFingerprints"]["roadlint/v1"], d["fingerprint"]);
        let related = d["related"].as_array().map_or(0, Vec::len);
        assert_eq!(result["relatedLocations"].as_array().map_or(0, Vec::len), related);
    }
    let uri = |r: &Value| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().map(str::to_owned);
    let uris: Vec<String> = results.iter().filter_map(uri).collect();
    assert!(uris.contains(&"roadmap/proposals/PAY-7-odd%20name%2C%231.yaml".to_owned()), "{uris:?}");
    assert!(results.iter().any(|r| r["level"] == "note"));
    assert!(results.iter().any(|r| r["relatedLocations"][0]["physicalLocation"]["region"]["startLine"].is_u64()));
}

#[test]
fn custom_policy_rules_are_listed_with_their_message() {
    let repo = clean_repo();
    repo.write(".roadlint.yaml", "policies: [roadmap/policies/extra.yaml]\n").write(
        "roadmap/policies/extra.yaml",
        "apiVersion: roadlint/v1
kind: Policy
rules:
  - id: big-bets-need-design-review
    description: Proposals over 4 person-weeks need a design review.
    severity: warning
    applies_to: Proposal
    when: 'proposal.estimate.effort > 4'
    require: \"'x-design-review' in proposal\"
    message: '{proposal.id} needs a design review link'
    path: /x-design-review
",
    );
    let out = run(roadlint(repo.path()).args(["check", "--format", "sarif"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let sarif = json(&out.stdout);
    assert_valid_sarif(&sarif);
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules");
    let custom = rules.iter().find(|r| r["id"] == "big-bets-need-design-review").expect("the custom rule is listed");
    assert_eq!(custom["shortDescription"]["text"], "PAY-1 needs a design review link");
    assert_eq!(custom["defaultConfiguration"]["level"], "warning");
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "big-bets-need-design-review");
    assert_eq!(rules[result["ruleIndex"].as_u64().expect("ruleIndex") as usize]["id"], result["ruleId"]);
}

#[test]
fn sarif_file_is_written_beside_any_format() {
    let repo = mixed_repo();
    let out_dir = tempfile::tempdir().expect("temp dir");
    let sarif_path = out_dir.path().join("roadlint.sarif");
    let out = run(roadlint(repo.path()).args(["check", "--format", "json", "--sarif-file"]).arg(&sarif_path));
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report = json(&out.stdout);
    let sarif = json(&std::fs::read_to_string(&sarif_path).expect("SARIF written"));
    assert_valid_sarif(&sarif);
    assert_eq!(sarif["runs"][0]["results"].as_array().map(Vec::len), Some(diagnostics(&report).len()));

    // Relative to the start directory, like -o; beside the human format too.
    let out =
        run(roadlint(repo.path()).args(["check", "--color", "never", "--sarif-file", "../x.sarif", "-C", "roadmap"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains("owner-pairing"));
    assert!(repo.path().join("x.sarif").is_file());
}

#[test]
fn an_unwritable_sarif_file_is_exit_2_with_no_report() {
    let repo = mixed_repo();
    let out = run(roadlint(repo.path()).args(["check", "--format", "json", "--sarif-file", "missing/dir/x.sarif"]));
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("missing/dir/x.sarif"), "{}", out.stderr);
}

// ---------------------------------------------------------------------------
// GitHub annotations and the job summary

/// roadlint as GitHub Actions runs it, with a step summary file that an
/// earlier step already wrote to.
fn on_github(repo: &TestRepo, args: &[&str]) -> (Out, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").expect("write summary");
    let out = run(roadlint(repo.path())
        .arg("check")
        .args(args)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary));
    (out, std::fs::read_to_string(&summary).expect("read summary"))
}

#[test]
fn on_github_actions_the_default_is_annotations_and_a_job_summary() {
    let repo = mixed_repo();
    let report = json_report(&repo);
    let (out, summary) = on_github(&repo, &[]);
    assert_eq!(out.code, 1, "{}", out.stderr);

    let kinds: Vec<&str> = out.stdout.lines().filter_map(|l| l.strip_prefix("::")?.split([' ', ':']).next()).collect();
    assert_eq!(kinds, ["error", "error", "error", "warning", "notice"], "{}", out.stdout);
    assert!(out.stdout.contains(
        "::error file=roadmap/proposals/PAY-3.yaml,line=9,col=16,endLine=9,endColumn=20,title=roadlint (owner-pairing)::"
    ));
    assert!(out.stdout.contains("::error file=roadmap/proposals/PAY-7-odd name%2C#1.yaml,line="), "{}", out.stdout);
    assert!(out.stdout.contains("title=roadlint (unresolved-reference)::"));
    assert!(out.stdout.contains("%0Ahelp: "), "help rides along in the message");
    assert!(out.stdout.contains("\nroadlint: 3 errors, 1 warning, 1 info in 9 files\n"), "{}", out.stdout);

    assert!(summary.starts_with("earlier step\n## roadlint\n"), "appended, not overwritten:\n{summary}");
    assert!(summary.contains("**3 errors, 1 warning, 1 info in 9 files**"));
    assert!(summary.contains("| owner-pairing | 1 | 0 | 0 |"));
    assert!(summary.contains("| unresolved-reference | 0 | 0 | 1 |"));
    for d in diagnostics(&report) {
        // Document text, paths included, is literal markdown in the summary.
        let location = format!("{}:{}", d["file"].as_str().unwrap_or("?"), d["line"]);
        let row = format!(
            "| {} | {} | {} |",
            roadlint::report::markdown_text::literal(&location),
            d["rule"].as_str().unwrap_or("?"),
            d["severity"].as_str().unwrap_or("?")
        );
        assert!(summary.contains(&row), "{row} missing from\n{summary}");
    }
    assert!(summary.contains("\\`a&lt;b&amp;c\\`"), "HTML in messages is escaped:\n{summary}");
}

#[test]
fn an_explicit_format_wins_on_github_actions() {
    let repo = mixed_repo();
    let (out, summary) = on_github(&repo, &["--format", "json"]);
    assert_eq!(out.code, 1);
    json(&out.stdout);
    assert_eq!(summary, "earlier step\n", "only the github format writes a summary");
}

#[test]
fn annotations_stop_at_ten_of_each_kind_and_the_rest_is_counted() {
    let repo = clean_repo();
    for i in 0..12 {
        repo.write(&format!("{P}ERR-{i}.yaml"), proposal(&format!("ERR-{i}"), "draft", 1) + "estimte: 1\n");
    }
    for i in 0..11 {
        repo.write(
            &format!("{P}WRN-{i}.yaml"),
            proposal(&format!("WRN-{i}"), "proposed", 1).replace("  confidence: 0.8\n", ""),
        );
    }
    let (out, summary) = on_github(&repo, &[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.iter().filter(|l| l.starts_with("::error ")).count(), 10);
    assert_eq!(lines.iter().filter(|l| l.starts_with("::warning ")).count(), 10);
    assert!(lines[..10].iter().all(|l| l.starts_with("::error ")), "errors come first");
    assert_eq!(
        lines.last().copied(),
        Some(
            "::notice::2 errors, 1 warning not shown as annotations (GitHub shows at most 10 of each kind per step); the job summary lists every finding"
        )
    );
    assert_eq!(summary.matches("| schema | error |").count(), 12);
    assert_eq!(summary.matches("| value-score | warning |").count(), 11);
}

// ---------------------------------------------------------------------------
// JUnit

#[test]
fn junit_is_well_formed_with_a_suite_per_file() {
    let repo = mixed_repo();
    let report = json_report(&repo);
    let out = run(roadlint(repo.path()).args(["check", "--format", "junit"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    let xml = &out.stdout;
    assert_well_formed(xml);
    let files = report["summary"]["files"].as_u64().expect("files") as usize;
    assert_eq!(xml.matches("<testsuite ").count(), files);
    assert_eq!(xml.matches("<failure ").count(), diagnostics(&report).len());
    assert!(xml.contains("<testsuite name=\"roadmap/roster.yaml\" tests=\"1\" failures=\"0\""));
    assert!(xml.contains("<testcase name=\"roadlint\" classname=\"roadmap/roster.yaml\""));
    assert!(xml.contains("type=\"owner-pairing\""));
    assert!(xml.contains("a&lt;b&amp;c"), "{xml}");
}

/// A small well-formedness check, enough for what roadlint writes: one root
/// element, balanced tags, quoted attributes without `<`, and only valid
/// entity references in text and attribute values.
fn assert_well_formed(xml: &str) {
    let body = xml.strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n").expect("XML declaration");
    let mut open: Vec<&str> = Vec::new();
    let mut roots = 0;
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        assert_text(&rest[..lt]);
        assert!(!open.is_empty() || rest[..lt].trim().is_empty(), "text outside the root element");
        let gt = rest[lt..].find('>').map(|i| lt + i).expect("unclosed tag");
        let tag = &rest[lt + 1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(open.pop(), Some(name), "mismatched </{name}>");
            continue;
        }
        let (tag, empty) = match tag.strip_suffix('/') {
            Some(t) => (t, true),
            None => (tag, false),
        };
        let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
        let name = &tag[..name_end];
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "bad tag name {name:?}"
        );
        assert_attributes(&tag[name_end..]);
        if open.is_empty() {
            roots += 1;
        }
        if !empty {
            open.push(name);
        }
    }
    assert!(rest.trim().is_empty(), "text after the root element");
    assert!(open.is_empty(), "unclosed elements {open:?}");
    assert_eq!(roots, 1, "one root element");
}

fn assert_attributes(mut attributes: &str) {
    let mut names = Vec::new();
    loop {
        attributes = attributes.trim_start();
        if attributes.is_empty() {
            return;
        }
        let (name, after) = attributes.split_once("=\"").expect("attribute is name=\"value\"");
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'), "bad attribute name {name:?}");
        assert!(!names.contains(&name), "attribute {name} twice");
        names.push(name);
        let (value, after) = after.split_once('"').expect("closing quote");
        assert!(!value.contains('<'), "`<` in an attribute value");
        assert_text(value);
        attributes = after;
    }
}

fn assert_text(text: &str) {
    assert!(!text.contains("]]>"), "`]]>` in text");
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        let end = rest[amp..].find(';').map(|i| amp + i).expect("unterminated entity reference");
        let entity = &rest[amp + 1..end];
        let valid = matches!(entity, "amp" | "lt" | "gt" | "quot" | "apos")
            || entity.strip_prefix('#').is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        assert!(valid, "bad entity reference &{entity};");
        rest = &rest[end + 1..];
    }
}

#[test]
fn the_well_formedness_check_catches_mistakes() {
    let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    let bad = ["<a><b></a></b>", "<a x=\"1\" x=\"2\"/>", "<a>&nope;</a>", "<a/><b/>", "<a x=\"<\"/>"];
    for xml in bad {
        let caught = std::panic::catch_unwind(|| assert_well_formed(&format!("{declaration}{xml}"))).is_err();
        assert!(caught, "{xml} passed");
    }
    assert_well_formed(&format!("{declaration}<a x=\"&quot;&#10;\"><b/>t &amp; u</a>\n"));
}

// ---------------------------------------------------------------------------
// roadlint init

fn init(dir: &Path, today: &str, args: &[&str]) -> Out {
    run(roadlint(dir).arg("init").args(args).env("ROADLINT_TODAY", today))
}

#[test]
fn init_writes_a_starter_set_that_passes_on_any_date() {
    for (written_on, roadmap) in [("2026-11-25", "roadmap/2027-H1.yaml"), ("2026-03-02", "roadmap/2026-H2.yaml")] {
        let repo = TestRepo::new();
        let out = init(repo.path(), written_on, &[]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        for file in [".roadlint.yaml", "roadmap/roster.yaml", roadmap, "roadmap/proposals/P-0001-first-idea.yaml"] {
            assert!(out.stdout.contains(&format!("wrote    {file}\n")), "{}", out.stdout);
            assert!(repo.path().join(file).is_file(), "{file}");
        }
        assert!(out.stdout.contains("git add .roadlint.yaml roadmap/roster.yaml"), "{}", out.stdout);
        assert!(out.stdout.contains("roadlint check"));
        repo.git(&["add", "-A"]);
        for today in [written_on, "2020-01-01", "2031-12-31"] {
            for source in [&["--staged"][..], &[]] {
                let out = run(roadlint(repo.path())
                    .args(["check", "--format", "json"])
                    .args(source)
                    .env("ROADLINT_TODAY", today));
                assert_eq!(out.code, 0, "{}", out.stderr);
                let report = json(&out.stdout);
                assert_eq!(diagnostics(&report).len(), 0, "on {today}: {report:#}");
                assert_eq!(report["summary"]["files"], 3);
            }
        }
    }
}

#[test]
fn init_never_overwrites_and_says_what_it_skipped() {
    let repo = TestRepo::new();
    repo.write("team/roadmap/roster.yaml", "mine\n");
    let out = init(&repo.path().join("team"), TODAY, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("skipped  roadmap/roster.yaml (already exists)"), "{}", out.stdout);
    assert!(out.stdout.contains("wrote    roadmap/proposals/P-0001-first-idea.yaml"));
    assert_eq!(std::fs::read_to_string(repo.path().join("team/roadmap/roster.yaml")).ok().as_deref(), Some("mine\n"));

    let again = init(repo.path(), TODAY, &["-C", "team"]);
    assert_eq!(again.code, 0);
    assert_eq!(again.stdout.matches("skipped").count(), 4, "{}", again.stdout);
    assert!(again.stdout.contains("Nothing written"));
}

#[test]
fn init_with_c_names_the_folder_in_the_next_steps() {
    let repo = TestRepo::new();
    std::fs::create_dir(repo.path().join("plans")).expect("mkdir");
    let out = init(repo.path(), TODAY, &["-C", "plans"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(repo.path().join("plans/.roadlint.yaml").is_file());
    assert!(out.stdout.contains("git -C plans add "), "{}", out.stdout);
    assert!(out.stdout.contains("roadlint check -C plans"));
    let check = run(roadlint(repo.path()).args(["check", "--format", "json", "-C", "plans"]));
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn init_outside_a_git_repository_is_exit_2_with_a_hint() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = init(dir.path(), TODAY, &[]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("git init"), "{}", out.stderr);
    assert_eq!(std::fs::read_dir(dir.path()).map(Iterator::count).ok(), Some(0), "nothing written");
}

// ---------------------------------------------------------------------------
// --staged PATHS, as pre-commit calls it

#[test]
fn staged_paths_outside_the_include_globs_are_ignored() {
    let repo = clean_repo();
    let bad = format!("{P}PAY-9.yaml");
    repo.write(".github/workflows/ci.yml", "on: push\n")
        .write(".pre-commit-config.yaml", "repos: []\n")
        .write(&bad, proposal("PAY-9", "proposed", 2).replace("  engineering: li\n", ""));
    repo.git(&["add", "-A"]);
    let staged = |paths: &[&str]| {
        let out = run(roadlint(repo.path()).args(["check", "--staged", "--format", "json"]).args(paths));
        (
            out.code,
            diagnostics(&json(&out.stdout))
                .iter()
                .map(|d| d["file"].as_str().unwrap_or("?").to_owned())
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(staged(&[".github/workflows/ci.yml", ".pre-commit-config.yaml"]), (0, vec![]));
    assert_eq!(staged(&[".github/workflows/ci.yml", &bad]), (1, vec![bad.clone()]));
    // A fix in the working tree that is not staged does not count.
    repo.write(&bad, proposal("PAY-9", "proposed", 2));
    assert_eq!(staged(&[&bad]), (1, vec![bad.clone()]));
}

// ---------------------------------------------------------------------------
// The GitHub Action's script

/// A pull request as `actions/checkout` leaves it: main has old debt (PAY-3
/// with one person as both owners); the branch adds PAY-4 without an
/// engineering owner; main moves on; HEAD is a detached `--no-ff` merge
/// commit whose first parent is main. Returns the repository and main's
/// commit before the merge.
fn pull_request() -> (TestRepo, String) {
    let repo = clean_repo();
    repo.write(
        &format!("{P}PAY-3.yaml"),
        proposal("PAY-3", "proposed", 3).replace("engineering: li", "engineering: maya"),
    )
    .commit("old debt");
    repo.git(&["checkout", "-q", "-b", "pr"]);
    repo.write(&format!("{P}PAY-4.yaml"), proposal("PAY-4", "proposed", 3).replace("  engineering: li\n", ""))
        .commit("add PAY-4");
    repo.git(&["checkout", "-q", "main"]);
    repo.write(&format!("{P}PAY-5.yaml"), proposal("PAY-5", "accepted", 2)).commit("main moves on");
    let base = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    repo.git(&["merge", "-q", "--no-ff", "-m", "Merge pr into main", "pr"]);
    repo.git(&["checkout", "-q", "--detach"]);
    (repo, base)
}

/// What one run of scripts/action.sh gave.
struct Action {
    out: Out,
    outputs: HashMap<String, String>,
    summary: String,
    workspace: tempfile::TempDir,
}

/// Runs scripts/action.sh as the composite action does, in a fresh
/// workspace folder, with `inputs` as INPUT_* variables.
fn action(repo: &TestRepo, event: &str, base_sha: &str, inputs: &[(&str, &str)]) -> Action {
    let workspace = tempfile::tempdir().expect("temp dir");
    let file = |name: &str| workspace.path().join(name);
    std::fs::write(file("event.json"), format!("{{\"pull_request\": {{\"base\": {{\"sha\": \"{base_sha}\"}}}}}}"))
        .expect("write event");
    let mut command = Command::new("bash");
    command
        .arg(manifest_dir().join("scripts/action.sh"))
        .current_dir(workspace.path())
        .env("ROADLINT_TODAY", TODAY)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_EVENT_NAME", event)
        .env("GITHUB_EVENT_PATH", file("event.json"))
        .env("GITHUB_OUTPUT", file("output"))
        .env("GITHUB_STEP_SUMMARY", file("summary.md"))
        .env("RUNNER_TEMP", workspace.path())
        .env("ROADLINT_BIN", common::bin())
        .env("INPUT_WORKING_DIRECTORY", repo.path())
        .env_remove("INPUT_ARGS")
        .env_remove("INPUT_SARIF_FILE")
        .env_remove("NO_COLOR");
    for (name, value) in inputs {
        command.env(name, value);
    }
    let out = run(&mut command);
    let read = |name: &str| std::fs::read_to_string(file(name)).unwrap_or_default();
    let outputs =
        read("output").lines().filter_map(|l| l.split_once('=')).map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    let summary = read("summary.md");
    Action { out, outputs, summary, workspace }
}

fn needs_jq() -> bool {
    tool("jq", "install jq (apt-get install jq); GitHub-hosted runners have it")
}

#[test]
fn action_on_a_pull_request_reports_only_what_the_change_introduces() {
    if !needs_jq() {
        return;
    }
    let (repo, base) = pull_request();
    let run = action(&repo, "pull_request", &base, &[("INPUT_SARIF_FILE", "roadlint.sarif")]);
    assert_eq!(run.out.code, 1, "{}", run.out.stderr);
    assert!(run.out.stderr.contains(&format!("since {base}")), "{}", run.out.stderr);
    let errors: Vec<&str> = run.out.stdout.lines().filter(|l| l.starts_with("::error ")).collect();
    assert_eq!(errors.len(), 1, "{}", run.out.stdout);
    assert!(errors[0].starts_with("::error file=roadmap/proposals/PAY-4.yaml,"), "{}", errors[0]);
    assert!(errors[0].contains("title=roadlint (owner-pairing)::"));
    assert!(!run.out.stdout.contains("PAY-3"), "old debt is not reported:\n{}", run.out.stdout);

    let sarif = run.workspace.path().join("roadlint.sarif");
    assert_eq!(run.outputs.get("errors").map(String::as_str), Some("1"));
    assert_eq!(run.outputs.get("warnings").map(String::as_str), Some("0"));
    assert_eq!(run.outputs.get("sarif-file").map(PathBuf::from), Some(sarif.clone()));
    let sarif = json(&std::fs::read_to_string(&sarif).expect("SARIF written"));
    assert_valid_sarif(&sarif);
    assert_eq!(sarif["runs"][0]["results"].as_array().map(Vec::len), Some(1));

    assert!(run.summary.contains("| roadmap/proposals/PAY-4.yaml:"), "{}", run.summary);
    assert!(!run.summary.contains("PAY-3.yaml"), "{}", run.summary);
    assert!(run.summary.contains("base mode"), "the note says what was left out:\n{}", run.summary);
    // The roadmap report follows the findings and opens with the change.
    let at = |text: &str| run.summary.find(text).unwrap_or(usize::MAX);
    assert!(
        at("## roadlint") < at("# Roadmap report")
            && at("# Roadmap report") < at("## Roadmap change in this pull request")
            && at("## Roadmap change in this pull request") < at("## Capacity"),
        "{}",
        run.summary
    );
    assert!(run.summary.contains("| **PAY-4** Proposal PAY-4 | — (new) | proposed |"), "{}", run.summary);
}

#[test]
fn action_on_a_pull_request_head_checkout_uses_the_event_base() {
    if !needs_jq() {
        return;
    }
    let (repo, base) = pull_request();
    repo.git(&["checkout", "-q", "pr"]);
    let run = action(&repo, "pull_request", &base, &[]);
    assert_eq!(run.out.code, 1, "{}", run.out.stderr);
    assert!(run.out.stderr.contains(&format!("since {base}")), "{}", run.out.stderr);
    assert_eq!(run.outputs.get("errors").map(String::as_str), Some("1"));
    assert_eq!(run.outputs.get("sarif-file").map(String::as_str), Some(""));
}

/// GitHub's "Update branch": the pull request adds a broken proposal, then
/// its last commit merges main into the branch. HEAD^1 of that merge is the
/// branch's own commit, so guessing the base from HEAD's parents would see
/// only main's changes and pass; the event's base commit sees the proposal.
#[test]
fn action_after_update_branch_compares_with_the_event_base() {
    if !needs_jq() {
        return;
    }
    let repo = clean_repo();
    repo.git(&["checkout", "-q", "-b", "pr"]);
    repo.write(&format!("{P}PAY-4.yaml"), proposal("PAY-4", "proposed", 3).replace("  engineering: li\n", ""))
        .commit("add PAY-4");
    repo.git(&["checkout", "-q", "main"]);
    repo.write(&format!("{P}PAY-5.yaml"), proposal("PAY-5", "proposed", 2)).commit("main moves on");
    let base = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    repo.git(&["checkout", "-q", "pr"]);
    repo.git(&["merge", "-q", "--no-ff", "-m", "Merge branch 'main' into pr", "main"]);
    repo.git(&["checkout", "-q", "--detach"]);
    assert_ne!(repo.git(&["rev-parse", "HEAD^1"]).trim(), base, "HEAD^1 is the branch's own commit");

    // The guess the action used to make passes: the proposal predates HEAD^1.
    let guess = run(roadlint(repo.path()).args(["check", "--format", "json", "--base", "HEAD^1"]));
    assert_eq!((guess.code, diagnostics(&json(&guess.stdout)).len()), (0, 0), "{}", guess.stdout);

    let run = action(&repo, "pull_request", &base, &[]);
    assert_eq!(run.out.code, 1, "a false green:\n{}{}", run.out.stdout, run.out.stderr);
    assert!(run.out.stderr.contains(&format!("since {base}")), "{}", run.out.stderr);
    let errors: Vec<&str> = run.out.stdout.lines().filter(|l| l.starts_with("::error ")).collect();
    assert_eq!(errors.len(), 1, "{}", run.out.stdout);
    assert!(errors[0].starts_with("::error file=roadmap/proposals/PAY-4.yaml,"), "{}", errors[0]);
}

#[test]
fn action_on_a_pull_request_needs_the_event_base_in_the_clone() {
    if !needs_jq() {
        return;
    }
    let (repo, _) = pull_request();
    let missing = "0123456789abcdef0123456789abcdef01234567";
    let run = action(&repo, "pull_request", missing, &[]);
    assert_eq!(run.out.code, 2, "{}{}", run.out.stdout, run.out.stderr);
    assert!(run.out.stdout.contains(&format!("base commit {missing} is not in this clone")), "{}", run.out.stdout);
    assert!(run.out.stdout.contains("fetch-depth: 2"), "{}", run.out.stdout);
    assert!(run.outputs.is_empty());

    let run = action(&repo, "pull_request", "", &[]);
    assert_eq!(run.out.code, 2);
    assert!(run.out.stdout.contains("names no base commit"), "{}", run.out.stdout);
}

#[test]
fn action_on_push_checks_the_whole_tree() {
    if !needs_jq() {
        return;
    }
    let (repo, base) = pull_request();
    let run = action(&repo, "push", &base, &[("INPUT_ARGS", "--deny-warnings  --color never")]);
    assert_eq!(run.out.code, 1, "{}", run.out.stderr);
    assert_eq!(run.out.stdout.lines().filter(|l| l.starts_with("::error ")).count(), 2, "{}", run.out.stdout);
    assert!(run.out.stdout.contains("PAY-3.yaml") && run.out.stdout.contains("PAY-4.yaml"));
    assert_eq!(run.outputs.get("errors").map(String::as_str), Some("2"));
    assert_eq!(run.outputs.get("warnings").map(String::as_str), Some("0"));
    assert!(!run.summary.contains("base mode"));
    assert!(run.summary.contains("**2 errors, 0 warnings in 7 files**"), "{}", run.summary);
    assert!(run.summary.contains("# Roadmap report\n"), "{}", run.summary);
    assert!(!run.summary.contains("## Roadmap change"), "no change outside a pull request");
}

#[test]
fn action_passes_on_a_clean_tree_and_fails_with_2_on_bad_arguments() {
    if !needs_jq() {
        return;
    }
    let repo = clean_repo();
    let run = action(&repo, "push", "", &[]);
    assert_eq!(run.out.code, 0, "{}", run.out.stderr);
    assert_eq!(run.outputs.get("errors").map(String::as_str), Some("0"));
    assert!(run.summary.contains("No problems found"));

    for inputs in [[("INPUT_ARGS", "--no-such-flag")], [("INPUT_SARIF_FILE", "missing/roadlint.sarif")]] {
        let run = action(&repo, "push", "", &inputs);
        assert_eq!(run.out.code, 2, "{inputs:?}");
        assert!(run.outputs.is_empty(), "no counts from a run that stopped");
    }
}

fn cache_key(dir: &Path) -> String {
    let out = run(Command::new("bash").arg(manifest_dir().join("scripts/action-cache-key.sh")).arg(dir));
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

#[test]
fn the_build_cache_key_follows_the_action_source() {
    // A checkout (`uses: ./`): its commit.
    let repo = clean_repo();
    let head = repo.git(&["rev-parse", "HEAD"]);
    assert_eq!(cache_key(repo.path()), format!("key=commit-{head}"));

    // An unpacked archive (a remote action): its names and contents.
    let archive = tempfile::tempdir().expect("temp dir");
    let write = |path: &str, text: &str| {
        let full = archive.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
    };
    write("Cargo.toml", "[package]\n");
    write("src/main.rs", "fn main() {}\n");
    write("target/debug/junk", "ignored\n");
    let key = cache_key(archive.path());
    assert!(key.starts_with("key=content-") && key.ends_with('\n'), "{key}");
    assert_eq!(cache_key(archive.path()), key, "stable");
    write("target/debug/junk", "build output does not count\n");
    assert_eq!(cache_key(archive.path()), key);
    write("src/main.rs", "fn main() { }\n");
    let edited = cache_key(archive.path());
    assert_ne!(edited, key, "a changed file changes the key");
    std::fs::rename(archive.path().join("src/main.rs"), archive.path().join("src/lib.rs")).expect("rename");
    assert_ne!(cache_key(archive.path()), edited, "a renamed file changes the key");
}

// ---------------------------------------------------------------------------
// The pre-commit hook, with the real pre-commit

/// A git repository holding this checkout's files as they are now
/// (committed or not, minus what git ignores), for pre-commit to install
/// the hook from. Returns it and its commit.
fn hook_repository() -> (tempfile::TempDir, String) {
    let source = manifest_dir();
    let listing = run(Command::new("git")
        .args(["ls-files", "-z", "--cached", "--others", "--exclude-standard"])
        .current_dir(source));
    assert_eq!(listing.code, 0, "this checkout must be a git repository: {}", listing.stderr);
    let hook = tempfile::tempdir().expect("temp dir");
    for path in listing.stdout.split('\0').filter(|p| !p.is_empty()) {
        let from = source.join(path);
        if from.is_file() {
            let to = hook.path().join(path);
            std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
            std::fs::copy(&from, &to).unwrap_or_else(|e| panic!("copy {path}: {e}"));
        }
    }
    let git = |args: &[&str]| {
        let out = run(Command::new("git").args(args).current_dir(hook.path()).envs(identity()));
        assert_eq!(out.code, 0, "git {args:?}: {}", out.stderr);
        out.stdout
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "hook"]);
    let commit = git(&["rev-parse", "HEAD"]).trim().to_owned();
    (hook, commit)
}

fn identity() -> [(&'static str, &'static str); 4] {
    [
        ("GIT_AUTHOR_NAME", "t"),
        ("GIT_AUTHOR_EMAIL", "t@example.com"),
        ("GIT_COMMITTER_NAME", "t"),
        ("GIT_COMMITTER_EMAIL", "t@example.com"),
    ]
}

#[test]
fn pre_commit_rust_hook_blocks_a_bad_staged_proposal_until_it_is_fixed() {
    if !tool("pre-commit", "pip install pre-commit") {
        return;
    }
    let (hook, commit) = hook_repository();
    let repo = clean_repo();
    repo.write(
        ".pre-commit-config.yaml",
        format!(
            "repos:\n  - repo: {}\n    rev: {commit}\n    hooks:\n      - id: roadlint-from-source\n",
            hook.path().display()
        ),
    )
    .commit("use the roadlint hook");
    let home = tempfile::tempdir().expect("temp dir");
    // pre-commit builds the hook with `cargo install`; a target folder that
    // outlives the test keeps later runs incremental.
    let target = manifest_dir().join("target/pre-commit-hook");
    let with_env = |command: &mut Command| -> Out {
        command
            .current_dir(repo.path())
            .envs(identity())
            .env("PRE_COMMIT_HOME", home.path())
            .env("CARGO_TARGET_DIR", &target)
            .env("ROADLINT_TODAY", TODAY);
        for variable in CI_VARIABLES {
            command.env_remove(variable);
        }
        run(command)
    };
    let installed = with_env(Command::new("pre-commit").arg("install"));
    assert_eq!(installed.code, 0, "{}{}", installed.stdout, installed.stderr);
    let started = std::time::Instant::now();
    let hooks = with_env(Command::new("pre-commit").arg("install-hooks"));
    assert_eq!(hooks.code, 0, "{}{}", hooks.stdout, hooks.stderr);
    eprintln!("pre-commit install-hooks (rust hook, cargo install) took {:.1} s", started.elapsed().as_secs_f64());

    let bad = format!("{P}PAY-9.yaml");
    repo.write(&bad, proposal("PAY-9", "proposed", 2).replace("  engineering: li\n", ""))
        .write("notes/meeting.yaml", "agenda: [roadmap]\n");
    repo.git(&["add", "-A"]);
    let blocked = with_env(Command::new("git").args(["commit", "-m", "add PAY-9"]));
    let output = format!("{}{}", blocked.stdout, blocked.stderr);
    assert_ne!(blocked.code, 0, "the hook lets a bad proposal through:\n{output}");
    assert!(output.contains(&bad), "the output names the file:\n{output}");
    assert!(output.contains("owner-pairing"), "the output names the rule:\n{output}");
    assert!(!output.contains("meeting.yaml"), "YAML outside the include globs is ignored:\n{output}");

    repo.write(&bad, proposal("PAY-9", "proposed", 2));
    repo.git(&["add", "-A"]);
    let fixed = with_env(Command::new("git").args(["commit", "-m", "add PAY-9"]));
    assert_eq!(fixed.code, 0, "{}{}", fixed.stdout, fixed.stderr);
    assert!(format!("{}{}", fixed.stdout, fixed.stderr).contains("roadlint"), "the hook ran");
}
