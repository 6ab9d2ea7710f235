//! `roadlint report`: the numbers asserted on a fixture repository (capacity
//! sums, RICE order, graph edges, governance counts), the markdown's tables
//! and mermaid diagram, base mode's change, and the HTML page opened in a
//! real headless Chromium.
//!
//! The Chromium test skips with a message when the browser is missing,
//! except in CI (`CI` set), where that fails it: a green CI must mean the
//! page was rendered.

use crate::common;

use crate::common::{P, ROSTER, TestRepo, proposal, roadmap};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A roadmap with one of everything the report highlights:
///
/// - payments 2027-Q3: PAY-1 (8) + PAY-2 (6) committed = 14 of 12: over-committed
/// - payments 2027-Q4: PAY-7 (10) committed + PAY-3 (4) planned = 14 of 12:
///   over-planned; PAY-5 is withdrawn, so its committed item does not count
/// - growth 2027-Q3: GRO-1 (10) committed + GRO-2 (5) planned = 15 of 20: fits
/// - GRO-1 and GRO-2 depend on each other (a cycle); PAY-2 (2027-Q3)
///   depends on PAY-3 (2027-Q4) (a schedule conflict)
/// - PAY-2 has no engineering owner; PAY-7 has no telemetry, waived until
///   2027-01-10; PAY-4 is a draft without a value score and unscheduled.
fn planning_repo() -> TestRepo {
    let repo = TestRepo::new();
    let without_value = |text: String| text.replace("value:\n  reach: 1000\n  impact: 2\n  confidence: 0.8\n", "");
    let without_telemetry = |text: String| text.split("telemetry:").next().unwrap_or_default().to_owned();
    repo.write("roadmap/roster.yaml", ROSTER)
        .write(&format!("{P}GRO-1.yaml"), proposal("GRO-1", "accepted", 10) + "depends_on: [GRO-2]\n")
        .write(&format!("{P}GRO-2.yaml"), proposal("GRO-2", "accepted", 5) + "depends_on: [GRO-1]\n")
        .write(&format!("{P}PAY-1.yaml"), proposal("PAY-1", "accepted", 8))
        .write(
            &format!("{P}PAY-2.yaml"),
            proposal("PAY-2", "accepted", 6).replace("  engineering: li\n", "") + "depends_on: [PAY-3]\n",
        )
        .write(&format!("{P}PAY-3.yaml"), proposal("PAY-3", "proposed", 4))
        .write(&format!("{P}PAY-4.yaml"), without_value(proposal("PAY-4", "draft", 3)))
        .write(&format!("{P}PAY-5.yaml"), proposal("PAY-5", "withdrawn", 7))
        .write(
            &format!("{P}PAY-7.yaml"),
            without_telemetry(proposal("PAY-7", "accepted", 10))
                + "waivers:\n  - rule: telemetry-plan\n    reason: Measured by the finance team's existing report.\n    approved_by: omar\n    expires: 2027-01-10\n",
        )
        .write(
            "roadmap/2027-H2.yaml",
            roadmap(
                "2027-H2",
                &[
                    ("R-1", "PAY-1", "payments", "2027-Q3", "committed"),
                    ("R-2", "PAY-2", "payments", "2027-Q3", "committed"),
                    ("R-3", "PAY-3", "payments", "2027-Q4", "planned"),
                    ("R-4", "PAY-5", "payments", "2027-Q4", "committed"),
                    ("R-5", "GRO-1", "growth", "2027-Q3", "committed"),
                    ("R-6", "GRO-2", "growth", "2027-Q3", "planned"),
                    ("R-7", "PAY-7", "payments", "2027-Q4", "committed"),
                ],
            ),
        )
        .commit("planning");
    repo
}

fn report_json(repo: &TestRepo, args: &[&str]) -> Value {
    let mut all = vec!["report", "--format", "json"];
    all.extend_from_slice(args);
    let run = repo.run(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()
}

/// A team quarter's cell of the JSON report.
fn cell<'a>(report: &'a Value, team: &str, quarter: &str) -> &'a Value {
    report["capacity"]["teams"]
        .as_array()
        .and_then(|teams| teams.iter().find(|t| t["id"] == team))
        .and_then(|t| t["quarters"].as_array())
        .and_then(|q| q.iter().find(|q| q["quarter"] == quarter))
        .unwrap_or_else(|| panic!("no cell {team} {quarter}"))
}

fn strings(value: &Value) -> Vec<String> {
    value.as_array().expect("an array").iter().map(|v| v.as_str().expect("a string").to_owned()).collect()
}

#[test]
fn capacity_sums_follow_the_capacity_rule() {
    let report = report_json(&planning_repo(), &[]);
    let q3 = cell(&report, "payments", "2027-Q3");
    assert_eq!(
        (q3["committed"].as_f64(), q3["planned"].as_f64(), q3["capacity"].as_f64()),
        (Some(14.0), Some(0.0), Some(12.0))
    );
    assert_eq!(q3["state"], "over-committed");

    let q4 = cell(&report, "payments", "2027-Q4");
    assert_eq!((q4["committed"].as_f64(), q4["planned"].as_f64()), (Some(10.0), Some(4.0)));
    assert_eq!(q4["state"], "over-planned");
    // The withdrawn proposal's committed item is listed but does not count.
    let withdrawn = q4["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["proposal"] == "PAY-5"))
        .expect("PAY-5 is listed");
    assert_eq!((withdrawn["counted"].as_bool(), withdrawn["effort"].as_f64()), (Some(false), Some(7.0)));

    let growth = cell(&report, "growth", "2027-Q3");
    assert_eq!((growth["committed"].as_f64(), growth["planned"].as_f64()), (Some(10.0), Some(5.0)));
    assert_eq!(growth["state"], "fits");

    // Teams in roster order; payments' quarters in date order.
    let teams: Vec<&str> =
        report["capacity"]["teams"].as_array().expect("teams").iter().filter_map(|t| t["id"].as_str()).collect();
    assert_eq!(teams, ["payments", "growth"]);
    assert_eq!(report["capacity"]["teams"][0]["name"], "Payments");

    let overview = &report["overview"];
    assert_eq!(overview["committed_effort"].as_f64(), Some(34.0));
    assert_eq!(overview["planned_effort"].as_f64(), Some(9.0));
    assert_eq!((overview["over_committed"].as_u64(), overview["over_planned"].as_u64()), (Some(1), Some(1)));
}

#[test]
fn value_ranking_orders_by_rice_and_lists_what_cannot_be_scored() {
    let report = report_json(&planning_repo(), &[]);
    let ranked = report["value"]["ranked"].as_array().expect("ranked");
    let order: Vec<(&str, f64)> = ranked
        .iter()
        .map(|s| (s["proposal"].as_str().unwrap_or_default(), s["rice"].as_f64().unwrap_or_default()))
        .collect();
    // reach 1000 × impact 2 × confidence 0.8 = 1600, over each effort;
    // ties by id; the withdrawn PAY-5 is not in the running.
    let expected = [
        ("PAY-3", 400.0),
        ("GRO-2", 320.0),
        ("PAY-2", 1600.0 / 6.0),
        ("PAY-1", 200.0),
        ("GRO-1", 160.0),
        ("PAY-7", 160.0),
    ];
    assert_eq!(order.len(), expected.len(), "{order:?}");
    for ((id, rice), (want_id, want_rice)) in order.iter().zip(expected) {
        assert_eq!(*id, want_id, "{order:?}");
        assert!((rice - want_rice).abs() < 1e-9, "{id}: {rice}");
    }
    assert_eq!(ranked[0]["rank"], 1);
    assert_eq!(ranked[0]["owners"]["product"]["name"], "Maya Chen");
    assert_eq!(ranked[0]["quarter"], "2027-Q4");

    let unscored = report["value"]["unscored"].as_array().expect("unscored");
    assert_eq!(unscored.len(), 1, "{unscored:?}");
    assert_eq!(unscored[0]["proposal"], "PAY-4");
    assert_eq!(strings(&unscored[0]["missing"]), ["reach", "impact", "confidence"]);
}

#[test]
fn dependency_graph_groups_by_quarter_and_marks_cycles_and_conflicts() {
    let report = report_json(&planning_repo(), &[]);
    let deps = &report["dependencies"];
    let groups: Vec<(Value, Vec<String>)> = deps["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| {
            let ids = g["proposals"]
                .as_array()
                .expect("proposals")
                .iter()
                .filter_map(|n| n["id"].as_str())
                .map(str::to_owned)
                .collect();
            (g["quarter"].clone(), ids)
        })
        .collect();
    assert_eq!(
        groups,
        [
            (Value::from("2027-Q3"), vec!["GRO-1".to_owned(), "GRO-2".into(), "PAY-1".into(), "PAY-2".into()]),
            (Value::from("2027-Q4"), vec!["PAY-3".to_owned(), "PAY-5".into(), "PAY-7".into()]),
            (Value::Null, vec!["PAY-4".to_owned()]),
        ]
    );
    let edges: Vec<(&str, &str, bool, bool)> = deps["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| {
            (
                e["proposal"].as_str().unwrap_or_default(),
                e["depends_on"].as_str().unwrap_or_default(),
                e["cycle"].as_bool().unwrap_or_default(),
                e["schedule_conflict"].as_bool().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        edges,
        [("GRO-1", "GRO-2", true, false), ("GRO-2", "GRO-1", true, false), ("PAY-2", "PAY-3", false, true)]
    );
    assert_eq!(deps["cycles"], serde_json::json!([["GRO-1", "GRO-2"]]));
    assert_eq!(
        (report["overview"]["cycles"].as_u64(), report["overview"]["schedule_conflicts"].as_u64()),
        (Some(1), Some(1))
    );
}

#[test]
fn governance_counts_come_from_the_checks_diagnostics() {
    let repo = planning_repo();
    let report = report_json(&repo, &[]);
    let gov = &report["governance"];
    assert_eq!(strings(&gov["rules"]), ["estimate-required", "owner-pairing", "telemetry-plan", "value-score"]);
    let row = |status: &str| {
        gov["statuses"]
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["status"] == status))
            .unwrap_or_else(|| panic!("no row for {status}"))
    };
    let meets = |status: &str| -> Vec<(u64, u64)> {
        row(status)["rules"]
            .as_array()
            .expect("rules")
            .iter()
            .map(|r| (r["meets"].as_u64().unwrap_or(99), r["waived"].as_u64().unwrap_or(99)))
            .collect()
    };
    let statuses: Vec<&str> =
        gov["statuses"].as_array().expect("statuses").iter().filter_map(|r| r["status"].as_str()).collect();
    assert_eq!(statuses, ["draft", "proposed", "accepted", "withdrawn"]);
    assert_eq!(row("accepted")["proposals"], 5);
    // PAY-2 misses its engineering owner; PAY-7's telemetry is waived.
    assert_eq!(meets("accepted"), [(5, 0), (4, 0), (5, 1), (5, 0)]);
    assert_eq!(meets("draft"), [(1, 0); 4]);

    // The same diagnostics `roadlint check` reports.
    let check = repo.check(&[]);
    assert_eq!(check.of_rule("owner-pairing").len(), 1);
    assert!(check.of_rule("telemetry-plan").is_empty(), "waived");
    assert_eq!(
        report["overview"]["findings"]["errors"].as_u64(),
        Some(check.json()["summary"]["errors"].as_u64().unwrap_or(0))
    );

    let waivers = gov["waivers"].as_array().expect("waivers");
    assert_eq!(waivers.len(), 1);
    let w = &waivers[0];
    assert_eq!(
        (w["proposal"].as_str(), w["rule"].as_str(), w["expires"].as_str()),
        (Some("PAY-7"), Some("telemetry-plan"), Some("2027-01-10"))
    );
    assert_eq!(w["days_left"], 46, "from {}", common::TODAY);
    assert_eq!(w["approved_by"]["name"], "Omar Haddad");
    assert_eq!(w["invalid"], false);
}

#[test]
fn a_custom_policy_on_items_is_not_counted_against_proposals() {
    let repo = planning_repo();
    repo.write(".roadlint.yaml", "policies: [roadmap/policies/extra.yaml]\nrules:\n  value-score: off\n")
        .write(
            "roadmap/policies/extra.yaml",
            "apiVersion: roadlint/v1\nkind: Policy\nrules:\n  - id: has-summary\n    description: d\n    applies_to: Proposal\n    require: \"'summary' in proposal\"\n    message: m\n  - id: item-quarter\n    description: d\n    applies_to: RoadmapItem\n    require: \"item.quarter >= '2027-Q1'\"\n    message: m\n",
        )
        .commit("policy");
    let report = report_json(&repo, &[]);
    assert_eq!(
        strings(&report["governance"]["rules"]),
        ["estimate-required", "owner-pairing", "telemetry-plan", "has-summary"]
    );
}

#[test]
fn markdown_has_tables_and_a_mermaid_flowchart() {
    let repo = planning_repo();
    let run = repo.run(&["report"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = &run.stdout;
    for heading in [
        "# Roadmap report",
        "## Capacity",
        "### Payments",
        "## Value ranking",
        "## Dependencies",
        "## Governance health",
    ] {
        assert!(md.contains(&format!("\n{heading}\n")) || md.starts_with(&format!("{heading}\n")), "{heading}:\n{md}");
    }
    assert!(md.contains("| quarter | committed | planned | capacity | load | | items |\n| --- |"), "{md}");
    assert!(md.contains("| 2027-Q3 | 14 | 0 | 12 | `████████████████████▕███` 117% | 🔴 **over-committed** |"), "{md}");
    assert!(
        md.contains(
            "| 1 | **PAY-3** Proposal PAY-3 | proposed | Maya Chen · Li Wei | 1000 | 2 | 80% | 4 | **400** | 2027-Q4 |"
        ),
        "{md}"
    );
    assert!(
        md.contains("| **PAY-4** Proposal PAY-4 | draft | Maya Chen · Li Wei | reach, impact, confidence |"),
        "{md}"
    );
    assert!(md.contains("| accepted | 5 | ✅ 5/5 | ⚠️ 4/5 | ✅ 5/5 (1 waived) | ✅ 5/5 |"), "{md}");

    let start = md.find("```mermaid\nflowchart LR\n").expect("a mermaid block");
    let block = &md[start..];
    let block = &block[..block[3..].find("```").map_or(block.len(), |end| end + 6)];
    assert!(block.contains("subgraph q0[\"2027-Q3\"]"), "{block}");
    assert!(block.contains("subgraph q2[\"Not scheduled\"]"), "{block}");
    // Arrows run from the dependency to the proposal that needs it.
    for edge in ["n1 --> n0", "n0 --> n1", "n4 --> n3"] {
        assert!(block.contains(edge), "{edge}:\n{block}");
    }
    assert!(block.contains("linkStyle 0 stroke:#cf222e") && block.contains("linkStyle 1 stroke:#cf222e"), "{block}");
    assert!(block.contains("linkStyle 2 stroke:#bc4c00"), "{block}");
    assert!(block.contains("class n0 cycle") && block.contains("class n1 cycle"), "{block}");
    assert!(md.contains("- 🔴 **Cycle:** GRO-1, GRO-2 depend on each other"), "{md}");
    assert!(md.contains("- 🟠 **Schedule conflict:** PAY-2 (2027-Q3) depends on PAY-3 (2027-Q4)"), "{md}");
}

#[test]
fn document_text_is_escaped_in_every_format() {
    let repo = planning_repo();
    let title = "<script>alert(1)</script> | \"quoted\" & `ticks` ```";
    let text = proposal("PAY-1", "accepted", 8).replace("title: Proposal PAY-1", &format!("title: '{title}'"));
    repo.write(&format!("{P}PAY-1.yaml"), text).commit("hostile title");

    let md = repo.run(&["report"]).stdout;
    assert!(!md.contains("<script>"), "{md}");
    assert!(
        md.contains("&lt;script&gt;alert\\(1\\)&lt;/script&gt; \\| \"quoted\" &amp; \\`ticks\\` \\`\\`\\`"),
        "{md}"
    );
    // The label cannot end the mermaid block or its quoted label.
    let mermaid = md.split("```mermaid").nth(1).and_then(|rest| rest.split("```\n").next()).expect("a mermaid block");
    assert!(mermaid.contains("#60;script#62;alert(1)#60;/script#62; #124; #34;quoted#34; #38;"), "{mermaid}");
    assert!(!mermaid.contains('`') && !mermaid.contains("<script"), "{mermaid}");

    let html = repo.run(&["report", "--format", "html"]).stdout;
    assert!(!html.contains("<script"), "no script at all, and none injected");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; | &quot;quoted&quot; &amp; `ticks` ```"));
}

#[test]
fn base_mode_reports_the_change_first() {
    let repo = planning_repo();
    repo.git(&["checkout", "-q", "-b", "change"]);
    // PAY-3 is accepted and committed; a new proposal is planned in growth.
    repo.write(&format!("{P}PAY-3.yaml"), proposal("PAY-3", "accepted", 4))
        .write(&format!("{P}GRO-3.yaml"), proposal("GRO-3", "proposed", 2))
        .write(
            "roadmap/2027-H2.yaml",
            roadmap(
                "2027-H2",
                &[
                    ("R-1", "PAY-1", "payments", "2027-Q3", "committed"),
                    ("R-2", "PAY-2", "payments", "2027-Q3", "committed"),
                    ("R-3", "PAY-3", "payments", "2027-Q4", "committed"),
                    ("R-4", "PAY-5", "payments", "2027-Q4", "committed"),
                    ("R-5", "GRO-1", "growth", "2027-Q3", "committed"),
                    ("R-6", "GRO-2", "growth", "2027-Q3", "planned"),
                    ("R-7", "PAY-7", "payments", "2027-Q4", "committed"),
                    ("R-8", "GRO-3", "growth", "2027-Q3", "planned"),
                ],
            ),
        )
        .commit("accept PAY-3");
    let main = repo.git(&["rev-parse", "main"]).trim().to_owned();

    let report = report_json(&repo, &["--base", "main"]);
    let change = &report["change"];
    assert_eq!(change["base"], main.as_str());
    assert_eq!(
        change["statuses"],
        serde_json::json!([
            {"proposal": "GRO-3", "title": "Proposal GRO-3", "before": null, "after": "proposed"},
            {"proposal": "PAY-3", "title": "Proposal PAY-3", "before": "proposed", "after": "accepted"},
        ])
    );
    let items: Vec<(&str, bool)> = change["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| (i["item"].as_str().unwrap_or_default(), i["new_commitment"].as_bool().unwrap_or_default()))
        .collect();
    assert_eq!(items, [("R-3", true), ("R-8", false)]);
    let deltas: Vec<(&str, &str, f64, f64, f64, f64)> = change["capacity"]
        .as_array()
        .expect("capacity")
        .iter()
        .map(|d| {
            let n = |side: &str, field: &str| d[side][field].as_f64().unwrap_or(-1.0);
            (
                d["team"].as_str().unwrap_or_default(),
                d["quarter"].as_str().unwrap_or_default(),
                n("before", "committed"),
                n("after", "committed"),
                n("before", "planned"),
                n("after", "planned"),
            )
        })
        .collect();
    assert_eq!(deltas, [("growth", "2027-Q3", 10.0, 10.0, 5.0, 7.0), ("payments", "2027-Q4", 10.0, 14.0, 4.0, 0.0)]);
    assert_eq!(change["capacity"][1]["after"]["state"], "over-committed");

    let md = repo.run(&["report", "--base", "main"]).stdout;
    let change_at = md.find("## Roadmap change in this pull request").expect("the change section");
    assert!(change_at < md.find("## Capacity").unwrap_or(0), "the change comes first:\n{md}");
    assert!(md.contains("| **PAY-3** Proposal PAY-3 | proposed | accepted |"), "{md}");
    assert!(md.contains("| R-3 | **PAY-3** Proposal PAY-3 | payments · 2027-Q4 · planned | **payments · 2027-Q4 · committed** 🆕 new commitment |"), "{md}");
    assert!(
        md.contains("| payments | 2027-Q4 | 12 | 10 → 14 | 14 | 🔴 **over-committed** (was 🟠 over-planned) |"),
        "{md}"
    );

    // Without --base there is no change section.
    assert!(report_json(&repo, &[]).get("change").is_none());
}

#[test]
fn a_report_is_exit_0_whatever_the_roadmap_holds_and_2_when_it_cannot_be_read() {
    let repo = planning_repo();
    assert_eq!(repo.check(&[]).code, 1, "the fixture has errors");
    assert_eq!(repo.run(&["report"]).code, 0);

    let empty = TestRepo::new();
    empty.write("README.md", "nothing here\n").commit("empty");
    let run = empty.run(&["report"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("roadlint init"), "{}", run.stderr);
    assert!(run.stdout.is_empty());

    let run = repo.run(&["report", "--format", "pdf"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn output_goes_to_a_file_with_o() {
    let repo = planning_repo();
    let out = tempfile::tempdir().expect("temp dir");
    let file = out.path().join("report.json");
    let run = repo.run(&["report", "--format", "json", "-o", file.to_str().expect("utf-8 path")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&file).expect("written")).expect("JSON");
    assert_eq!(written["version"], 1);
}

// ---------------------------------------------------------------------------
// The HTML page in a real browser

/// Debian's chromium, or `chromium` on PATH; `None` (a skip) outside CI.
pub(crate) fn chromium() -> Option<PathBuf> {
    let candidates = [PathBuf::from("/usr/bin/chromium"), PathBuf::from("chromium")];
    let found =
        candidates.into_iter().find(|c| Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success()));
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is required in CI: apt-get install -y chromium (scripts/test.sh does it as root)"
        );
        eprintln!("skipped: chromium is not installed (apt-get install -y chromium)");
    }
    found
}

/// Runs headless Chromium on a page with `mode` (`--screenshot=…` or
/// `--dump-dom`); returns (stdout, stderr). A browser that hangs is killed.
pub(crate) fn browse(chromium: &Path, page: &Path, profile: &Path, mode: &str) -> (String, String) {
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1280,2000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(mode)
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().expect("wait for chromium").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().expect("chromium output");
    assert!(out.status.success(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
    (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Console errors and uncaught exceptions, as Chromium logs them on stderr.
pub(crate) fn console_errors(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains("Uncaught") || (l.contains("CONSOLE") && (l.contains("ERROR") || l.contains("error"))))
        .collect()
}

#[test]
fn the_console_error_filter_catches_what_chromium_logs() {
    let stderr = "[1:2:ERROR:dbus/bus.cc(405)] Failed to connect to the bus\n\
                  [1:1:INFO:CONSOLE(3)] \"Uncaught ReferenceError: x is not defined\", source: file:///r.html (3)\n\
                  [1:1:ERROR:CONSOLE(1)] \"Refused to load\", source: (1)";
    assert_eq!(console_errors(stderr).len(), 2);
}

#[test]
fn the_html_report_renders_in_headless_chromium() {
    let Some(chromium) = chromium() else { return };
    let repo = planning_repo();
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("report.html");
    let run = repo.run(&["report", "--format", "html", "-o", page.to_str().expect("utf-8 path")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(&page).expect("the page is written");

    // Self-contained: nothing to fetch, nothing to run.
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
    assert!(html.contains("@media print") && html.contains("@media (max-width:"));
    assert!(
        !html.contains("<script")
            && !html.contains("<link")
            && !html.contains("<img")
            && !html.contains("@import")
            && !html.contains("url(http")
    );
    let outside: Vec<&str> = html.match_indices("http").map(|(i, _)| &html[i..(i + 30).min(html.len())]).collect();
    assert!(outside.iter().all(|u| u.starts_with("http://www.w3.org/2000/svg")), "{outside:?}");
    // Colour carries meaning: over capacity, the cycle and the conflict are marked.
    assert!(html.contains("class=\"cell over-committed\"") && html.contains("class=\"cell over-planned\""));
    assert!(html.contains("class=\"edge cycle\"") && html.contains("class=\"edge conflict\""));
    assert!(html.contains("class=\"node status-accepted in-cycle\""));

    let shot = dir.path().join("shot.png");
    let (_, stderr) =
        browse(&chromium, &page, &dir.path().join("profile-1"), &format!("--screenshot={}", shot.display()));
    assert!(console_errors(&stderr).is_empty(), "console errors:\n{stderr}");
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 10_000, "{} bytes", png.len());

    let (dom, stderr) = browse(&chromium, &page, &dir.path().join("profile-2"), "--dump-dom");
    assert!(console_errors(&stderr).is_empty(), "console errors:\n{stderr}");
    for text in ["The roadmap at a glance", "over-committed", "GRO-1, GRO-2 depend on each other", "Omar Haddad"] {
        assert!(dom.contains(text), "the rendered page lacks {text:?}");
    }
    assert!(dom.contains("<svg class=\"graph\""), "the graph is in the DOM");
}

#[test]
fn outcomes_count_shipped_proposals_by_result_and_list_the_unreviewed() {
    let repo = TestRepo::new();
    let shipped = |id: &str, review_after: &str, outcome: &str| {
        proposal(id, "shipped", 3).replace("review_after: 2027-06-30", &format!("review_after: {review_after}"))
            + outcome
    };
    let reviewed = |result: &str| format!("outcome:\n  reviewed_on: 2026-07-02\n  result: {result}\n");
    repo.write("roadmap/roster.yaml", ROSTER)
        .write(&format!("{P}S-1.yaml"), shipped("S-1", "2026-06-30", &reviewed("met")))
        .write(&format!("{P}S-2.yaml"), shipped("S-2", "2026-06-30", &reviewed("partly-met")))
        .write(&format!("{P}S-3.yaml"), shipped("S-3", "2026-06-30", &reviewed("missed")))
        .write(&format!("{P}S-4.yaml"), shipped("S-4", "2026-06-30", &reviewed("inconclusive")))
        .write(&format!("{P}S-5.yaml"), shipped("S-5", "2026-06-30", &reviewed("met")))
        // A result without a review date is not a review.
        .write(&format!("{P}S-6.yaml"), shipped("S-6", "2026-11-15", "outcome:\n  result: met\n"))
        .write(&format!("{P}S-7.yaml"), shipped("S-7", "2026-06-30", ""))
        .write(&format!("{P}S-8.yaml"), shipped("S-8", "2026-12-05", ""))
        .write(&format!("{P}A-1.yaml"), proposal("A-1", "accepted", 3))
        .commit("shipped");
    let report = report_json(&repo, &[]);
    let o = &report["outcomes"];
    assert_eq!(
        (&o["shipped"], &o["met"], &o["partly_met"], &o["missed"], &o["inconclusive"], &o["overdue"]),
        (&8.into(), &2.into(), &1.into(), &1.into(), &1.into(), &2.into())
    );
    let unreviewed: Vec<(String, i64)> = o["unreviewed"]
        .as_array()
        .expect("unreviewed")
        .iter()
        .map(|u| (u["proposal"].as_str().unwrap_or("").to_owned(), u["days_since_review_after"].as_i64().unwrap_or(0)))
        .collect();
    assert_eq!(unreviewed, [("S-7".to_owned(), 148), ("S-6".to_owned(), 10), ("S-8".to_owned(), -10)]);
    let markdown = repo.run(&["report", "--format", "markdown"]).stdout;
    assert!(markdown.contains("## Outcomes\n"), "{markdown}");
    assert!(
        markdown.contains(
            "| 🟡 partly met | 1 |\n| ❌ missed | 1 |\n| ❔ inconclusive | 1 |\n| ⏳ not reviewed yet | 3 |\n"
        ),
        "{markdown}"
    );
    assert!(markdown.contains("| **S-7** Proposal S-7 | 2026-06-30 | ⚠️ 148 days overdue |\n"), "{markdown}");
    assert!(markdown.contains("| **S-8** Proposal S-8 | 2026-12-05 | due in 10 days |\n"), "{markdown}");
    // The same numbers as the rule: S-6 and S-7 are overdue.
    let due: Vec<String> =
        repo.check(&[]).of_rule("outcome-review-due").iter().map(|d| d["subject"].to_string()).collect();
    assert_eq!(due, ["\"S-6\"", "\"S-7\""]);
}
