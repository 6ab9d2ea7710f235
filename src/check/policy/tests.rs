use super::*;
use crate::check::registry::{self, Check};
use crate::check::workspace_from;
use crate::error::RunError;
use crate::source::{Repo, Revision};

const TODAY: &str = "2026-11-25";
const PROPOSAL: &str = "roadmap/proposals/P-1.yaml";
const ROSTER_PATH: &str = "roadmap/roster.yaml";
const ROADMAP: &str = "roadmap/2027-H1.yaml";
const POLICY: &str = "roadmap/policies/extra.yaml";

const ROSTER: &str = "\
apiVersion: roadlint/v1
kind: Roster
people:
  - id: ana
    roles: [product]
  - id: ben
    roles: [engineering]
  - id: maya
    roles: [product]
  - id: sara
    roles: [product, engineering]
teams:
  - id: apps
    capacity:
      2027-Q1: 30
";

/// A complete accepted proposal; tests edit one line at a time. Line numbers
/// are in the comments of the assertions that use them.
const FULL: &str = "\
apiVersion: roadlint/v1
kind: Proposal
id: P-1
title: Offline mode
status: accepted
owners:
  product: ana
  engineering: ben
estimate:
  effort: 6
  range: [4, 9]
  by: ben
telemetry:
  hypothesis: It helps.
  metrics:
    - name: jobs
      target: 500
  review_after: 2027-06-30
";

fn edit(from: &str, to: &str) -> String {
    assert!(FULL.contains(from), "{from:?} is not in the fixture");
    FULL.replacen(from, to, 1)
}

/// Runs the built-in pack and `custom` policy files over the documents.
fn run_with(custom: &[(&str, &str)], files: &[(&str, &str)]) -> Vec<Diagnostic> {
    let custom: Vec<(String, Vec<u8>)> =
        custom.iter().map(|(path, text)| ((*path).to_owned(), text.as_bytes().to_vec())).collect();
    let set = PolicySet::build(&Config::default(), &custom).expect("policies load");
    let ws = std::sync::Arc::new(workspace_from(files, TODAY));
    let mut out = Vec::new();
    set.check(&ws, Default::default(), &mut out).expect("within the time limit");
    out
}

/// The pack over one proposal and the roster.
fn run(proposal: &str) -> Vec<Diagnostic> {
    run_with(&[], &[(PROPOSAL, proposal), (ROSTER_PATH, ROSTER)])
}

/// `(rule, severity, file, line, column, message)` of each diagnostic.
type Found = Vec<(String, Severity, String, u32, u32, String)>;

fn found(diagnostics: &[Diagnostic]) -> Found {
    diagnostics
        .iter()
        .map(|d| {
            let start = d.span.start;
            (d.rule.clone(), d.severity, d.file.clone(), start.line, start.column, d.message.clone())
        })
        .collect()
}

/// One error of a built-in rule in the proposal.
fn one(rule: &str, line: u32, column: u32, message: &str) -> Found {
    vec![(rule.to_owned(), Severity::Error, PROPOSAL.to_owned(), line, column, message.to_owned())]
}

fn custom(rule: &str, severity: Severity, file: &str, line: u32, column: u32, message: &str) -> Found {
    vec![(rule.to_owned(), severity, file.to_owned(), line, column, message.to_owned())]
}

fn policy(rules: &str) -> String {
    format!("apiVersion: roadlint/v1\nkind: Policy\nrules:\n{rules}")
}

fn load_error(rules: &str) -> RunError {
    let text = policy(rules);
    let custom = vec![(POLICY.to_owned(), text.into_bytes())];
    match PolicySet::build(&Config::default(), &custom) {
        Ok(_) => panic!("the policy should not load"),
        Err(error) => error,
    }
}

#[test]
fn a_complete_proposal_passes() {
    assert_eq!(found(&run(FULL)), Found::new());
}

#[test]
fn no_owners_is_one_diagnostic_on_the_status_that_requires_them() {
    let text = edit("owners:\n  product: ana\n  engineering: ben\n", "");
    let d = run(&text);
    assert_eq!(found(&d), one("owner-pairing", 5, 9, "proposal P-1 has no owners"));
    assert_eq!(d[0].pointer, "/owners");
    assert_eq!(d[0].subject.as_deref(), Some("P-1"));
    assert_eq!(d[0].label, "required from `proposed` on");
    assert!(d[0].help.as_deref().is_some_and(|h| h.contains("owners")));
}

#[test]
fn a_missing_product_owner_lands_on_the_owners_key() {
    let d = run(&edit("  product: ana\n", ""));
    assert_eq!(found(&d), one("owner-pairing", 6, 1, "proposal P-1 has no product owner"));
    assert_eq!(d[0].pointer, "/owners/product");
}

#[test]
fn a_missing_engineering_owner_lands_on_the_owners_key() {
    let d = run(&edit("  engineering: ben\n", ""));
    assert_eq!(found(&d), one("owner-pairing", 6, 1, "proposal P-1 has no engineering owner"));
}

#[test]
fn one_person_owning_both_is_one_diagnostic_on_the_engineering_owner() {
    // ana lacks role engineering too, but that is the same problem.
    let d = run(&edit("engineering: ben", "engineering: ana"));
    assert_eq!(found(&d), one("owner-pairing", 8, 16, "ana is both product and engineering owner of P-1"));
    assert_eq!(d[0].pointer, "/owners/engineering");
}

#[test]
fn owners_without_their_role_are_named() {
    let d = run(&edit("product: ana\n  engineering: ben", "product: ben\n  engineering: sara"));
    assert_eq!(found(&d), one("owner-pairing", 7, 12, "ben, the product owner of P-1, does not have the role product"));
    let d = run(&edit("engineering: ben", "engineering: maya"));
    assert_eq!(
        found(&d),
        one("owner-pairing", 8, 16, "maya, the engineering owner of P-1, does not have the role engineering")
    );
}

#[test]
fn roles_are_not_checked_for_unknown_people_or_without_a_roster() {
    assert_eq!(found(&run(&edit("product: ana", "product: zed"))), Found::new());
    let text = edit("product: ana\n  engineering: ben", "product: ben\n  engineering: ana");
    assert_eq!(found(&run_with(&[], &[(PROPOSAL, &text)])), Found::new());
}

#[test]
fn placeholders_count_as_missing() {
    let d = run(&edit("product: ana", "product: TBD"));
    // The diagnostic points at the placeholder itself.
    assert_eq!(found(&d), one("owner-pairing", 7, 12, "proposal P-1 has no product owner"));
    assert_eq!(d[0].label, "`product` is not filled in");
    let d = run(&edit("  hypothesis: It helps.", "  hypothesis: ''"));
    assert_eq!(found(&d), one("telemetry-plan", 14, 15, "the telemetry plan of P-1 has no hypothesis"));
}

#[test]
fn rules_apply_from_their_status_on() {
    let bare = "apiVersion: roadlint/v1\nkind: Proposal\nid: P-1\ntitle: T\nstatus: STATUS\n";
    let rules = |status: &str| {
        let d = run(&bare.replace("STATUS", status));
        let mut rules: Vec<String> = d.into_iter().map(|d| d.rule).collect();
        rules.dedup();
        rules
    };
    assert!(rules("draft").is_empty());
    assert_eq!(rules("proposed"), ["owner-pairing"]);
    assert_eq!(rules("shipped"), ["owner-pairing", "estimate-required", "telemetry-plan"]);
    assert!(rules("rejected").is_empty());
    // An invalid status is the schema's to report.
    assert!(rules("acepted").is_empty());
}

#[test]
fn no_estimate_is_reported_on_the_status_that_requires_it() {
    let d = run(&edit("estimate:\n  effort: 6\n  range: [4, 9]\n  by: ben\n", ""));
    assert_eq!(found(&d), one("estimate-required", 5, 9, "proposal P-1 has no engineering estimate"));
}

#[test]
fn an_estimate_without_its_author_lands_on_the_estimate_key() {
    let d = run(&edit("  by: ben\n", ""));
    assert_eq!(found(&d), one("estimate-required", 9, 1, "the estimate of P-1 does not say who made it"));
    assert_eq!(d[0].pointer, "/estimate/by");
    let d = run(&edit("  by: ben\n", "  by: '?'\n"));
    assert_eq!(found(&d), one("estimate-required", 12, 7, "the estimate of P-1 does not say who made it"));
}

#[test]
fn an_estimate_by_a_product_manager_is_named() {
    let d = run(&edit("  by: ben", "  by: maya"));
    assert_eq!(found(&d), one("estimate-required", 12, 7, "the estimate of P-1 is by maya, who is not an engineer"));
}

#[test]
fn the_range_must_contain_the_effort() {
    let d = run(&edit("range: [4, 9]", "range: [8, 12]"));
    assert_eq!(
        found(&d),
        one("estimate-required", 11, 3, "the estimate of P-1 is 6 person-weeks, outside its range of 8 to 12")
    );
    assert_eq!(d[0].pointer, "/estimate/range");
    let d = run(&edit("range: [4, 9]", "range: [9, 4]"));
    assert_eq!(found(&d), one("estimate-required", 11, 3, "the estimate range of P-1 is reversed: 9 is more than 4"));
}

#[test]
fn an_effort_the_schema_rejects_is_left_to_the_schema() {
    assert_eq!(found(&run(&edit("effort: 6", "effort: TBD"))), Found::new());
    assert_eq!(found(&run(&edit("range: [4, 9]", "range: [4, TBD]"))), Found::new());
}

#[test]
fn a_field_with_a_schema_error_is_left_to_the_schema() {
    // `product: 5` is a schema error; "no product owner" would repeat it.
    assert_eq!(found(&run(&edit("product: ana", "product: 5"))), Found::new());
    assert_eq!(
        found(&run(&edit("estimate:\n  effort: 6\n  range: [4, 9]\n  by: ben\n", "estimate: soon\n"))),
        Found::new()
    );
}

#[test]
fn no_telemetry_is_one_diagnostic() {
    let text = FULL.split("telemetry:").next().unwrap_or_default().to_owned();
    let d = run(&text);
    assert_eq!(found(&d), one("telemetry-plan", 5, 9, "proposal P-1 has no telemetry plan"));
}

#[test]
fn each_missing_part_of_the_telemetry_plan_is_named() {
    let d = run(&edit("  review_after: 2027-06-30\n", ""));
    assert_eq!(found(&d), one("telemetry-plan", 13, 1, "the telemetry plan of P-1 has no review date"));
    let d = run(&edit("      target: 500\n", ""));
    assert_eq!(found(&d), one("telemetry-plan", 15, 3, "the telemetry plan of P-1 has no metric with a target"));
    let d = run(&edit("  hypothesis: It helps.\n", ""));
    assert_eq!(found(&d), one("telemetry-plan", 13, 1, "the telemetry plan of P-1 has no hypothesis"));
}

#[test]
fn a_committed_item_needs_an_estimate_before_acceptance() {
    let proposal = edit("status: accepted", "status: proposed")
        .replace("estimate:\n  effort: 6\n  range: [4, 9]\n  by: ben\n", "");
    let roadmap = |commitment: &str| {
        format!(
            "apiVersion: roadlint/v1\nkind: Roadmap\nid: 2027-H1\nitems:\n  - id: R-1\n    proposal: P-1\n    team: apps\n    quarter: 2027-Q1\n    commitment: {commitment}\n"
        )
    };
    let committed = roadmap("committed");
    let d = run_with(&[], &[(PROPOSAL, &proposal), (ROSTER_PATH, ROSTER), (ROADMAP, &committed)]);
    assert_eq!(found(&d), one("estimate-required", 5, 9, "proposal P-1 has no engineering estimate"));
    let related = &d[0].related;
    assert_eq!(related.len(), 1);
    assert_eq!((related[0].file.as_str(), related[0].span.start.line, related[0].span.start.column), (ROADMAP, 5, 9));
    assert_eq!(related[0].message, "R-1 commits to it here, in 2027-H1.yaml");
    let planned = roadmap("planned");
    assert_eq!(
        found(&run_with(&[], &[(PROPOSAL, &proposal), (ROSTER_PATH, ROSTER), (ROADMAP, &planned)])),
        Found::new()
    );
    // From accepted on, the rule applies anyway: no label on the item.
    let accepted = edit("estimate:\n  effort: 6\n  range: [4, 9]\n  by: ben\n", "");
    let d = run_with(&[], &[(PROPOSAL, &accepted), (ROSTER_PATH, ROSTER), (ROADMAP, &committed)]);
    assert_eq!(d.len(), 1);
    assert!(d[0].related.is_empty());
}

const CUSTOM: &str = "  - id: big-bets
    severity: warning
    applies_to: Proposal
    when: proposal.estimate.effort > 5
    require: \"'x-design-review' in proposal\"
    message: '{proposal.id} ({proposal.estimate.effort} weeks, {proposal.nothing}) needs a design review'
    help: add x-design-review to {proposal.id}
    path: /x-design-review
";

#[test]
fn custom_rules_render_messages_and_treat_numbers_as_doubles() {
    let d = run_with(&[(POLICY, &policy(CUSTOM))], &[(PROPOSAL, FULL), (ROSTER_PATH, ROSTER)]);
    assert_eq!(
        found(&d),
        custom("big-bets", Severity::Warning, PROPOSAL, 2, 1, "P-1 (6 weeks, ?) needs a design review")
    );
    assert_eq!(d[0].help.as_deref(), Some("add x-design-review to P-1"));
    assert_eq!(d[0].pointer, "/x-design-review");
    let reviewed = format!("{FULL}x-design-review: https://example.com/review\n");
    assert_eq!(found(&run_with(&[(POLICY, &policy(CUSTOM))], &[(PROPOSAL, &reviewed)])), Found::new());
    let small = edit("effort: 6", "effort: 2").replace("range: [4, 9]", "range: [1, 3]");
    assert_eq!(
        found(&run_with(&[(POLICY, &policy(CUSTOM))], &[(PROPOSAL, &small), (ROSTER_PATH, ROSTER)])),
        Found::new()
    );
}

#[test]
fn a_missing_field_makes_the_whole_expression_false() {
    let rules = "  - id: negated
    applies_to: Proposal
    require: '!(proposal.missing > 1)'
    message: missing counts as false
  - id: gated
    applies_to: Proposal
    when: proposal.missing > 1
    require: 'false'
    message: never
";
    let d = run_with(&[(POLICY, &policy(rules))], &[(PROPOSAL, FULL)]);
    assert_eq!(found(&d), custom("negated", Severity::Error, PROPOSAL, 3, 5, "missing counts as false"));
}

#[test]
fn other_evaluation_errors_are_diagnostics_of_the_rule() {
    let rules = "  - id: divides
    applies_to: Proposal
    require: proposal.title / 2 == 1
    message: unreachable
  - id: not-bool
    applies_to: Proposal
    require: proposal.title
    message: unreachable
  - id: undeclared
    applies_to: Proposal
    require: item.quarter == '2027-Q1'
    message: unreachable
";
    let d = run_with(&[(POLICY, &policy(rules))], &[(PROPOSAL, FULL)]);
    let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(d.len(), 3, "{messages:?}");
    assert!(
        messages[0]
            .starts_with("policy rule `divides` could not be checked on P-1: `proposal.title / 2 == 1` failed: ")
    );
    assert_eq!(
        messages[1],
        "policy rule `not-bool` could not be checked on P-1: `proposal.title` gave `Offline mode` (a string), not true or false"
    );
    assert!(messages[2].contains("item"), "{}", messages[2]);
    assert!(
        d.iter().all(
            |d| d.span.start.line == 3 && d.help.as_deref() == Some(&format!("fix the expression in {POLICY}")[..])
        )
    );
}

#[test]
fn roadmap_item_rules_see_the_item_its_proposal_and_team() {
    let rules = "  - id: no-q1
    applies_to: RoadmapItem
    when: team.id == 'apps' && proposal.status == 'accepted' && today > '2026-01-01'
    require: item.quarter != '2027-Q1'
    message: '{item.id} of {proposal.id} is in {item.quarter}'
    path: /quarter
  - id: item-home
    applies_to: RoadmapItem
    require: 'false'
    message: on the item
";
    let roadmap = "\
apiVersion: roadlint/v1
kind: Roadmap
id: 2027-H1
items:
  - id: R-1
    proposal: P-1
    team: apps
    quarter: 2027-Q1
    commitment: planned
  - id: R-2
    proposal: P-404
    team: apps
    quarter: 2027-Q1
    commitment: planned
  - id: R-3
    proposal: P-1
    team: nobody
    quarter: 2027-Q1
    commitment: planned
";
    let d = run_with(&[(POLICY, &policy(rules))], &[(PROPOSAL, FULL), (ROSTER_PATH, ROSTER), (ROADMAP, roadmap)]);
    let mut expected = custom("no-q1", Severity::Error, ROADMAP, 8, 14, "R-1 of P-1 is in 2027-Q1");
    expected.extend(custom("item-home", Severity::Error, ROADMAP, 5, 9, "on the item"));
    assert_eq!(found(&d), expected);
    assert_eq!(d[0].pointer, "/items/0/quarter");
    assert_eq!(d[0].subject.as_deref(), Some("R-1"));
    assert_eq!(d[1].pointer, "/items/0");
    // Without a roster no team resolves, so item rules skip every item.
    assert_eq!(found(&run_with(&[(POLICY, &policy(rules))], &[(PROPOSAL, FULL), (ROADMAP, roadmap)])), Found::new());
}

#[test]
fn a_bad_expression_is_a_configuration_error_inside_the_policy_file() {
    let error = load_error("  - id: broken\n    applies_to: Proposal\n    require: proposal.id ==\n    message: m\n");
    assert!(error.to_string().contains(POLICY), "{}", error.message);
    assert!(
        error.to_string().contains("the `require` expression of rule `broken` is not a valid CEL expression"),
        "{}",
        error.message
    );
    let [(d, text)] = &error.diagnostics[..] else { panic!("one diagnostic: {error}") };
    assert_eq!(d.file, POLICY);
    assert!(text.contains("require: proposal.id =="), "{text}");
    // The expression is on one line, so the diagnostic points where CEL stopped.
    assert_eq!(d.label, "CEL stopped here");
    assert_eq!(d.span.start.line, 6, "{d:?}");
}

#[test]
fn a_bad_template_expression_is_a_configuration_error() {
    let error =
        load_error("  - id: broken\n    applies_to: Proposal\n    require: 'true'\n    message: 'see {proposal.}'\n");
    assert!(
        error.to_string().contains("the expression `{proposal.}` in the `message` of rule `broken`"),
        "{}",
        error.message
    );
    let error =
        load_error("  - id: broken\n    applies_to: Proposal\n    require: 'true'\n    message: 'see {proposal.id'\n");
    assert!(error.to_string().contains("without its `}`"), "{}", error.message);
}

#[test]
fn rule_ids_must_be_new_and_unique() {
    let error = load_error("  - id: capacity\n    applies_to: Proposal\n    require: 'true'\n    message: m\n");
    assert!(error.to_string().contains("`capacity` is a built-in rule"), "{}", error.message);
    let twice = "  - id: mine\n    applies_to: Proposal\n    require: 'true'\n    message: m\n";
    let error = load_error(&format!("{twice}{twice}"));
    assert!(error.to_string().contains("the rule id `mine` is already defined"), "{}", error.message);
}

#[test]
fn a_rule_gives_require_and_message_or_checks() {
    let both = "  - id: both\n    applies_to: Proposal\n    require: 'true'\n    checks:\n      - require: 'true'\n        message: m\n";
    assert!(load_error(both).to_string().contains("has both `checks` and `require`"));
    let neither = "  - id: neither\n    applies_to: Proposal\n";
    assert!(load_error(neither).to_string().contains("checks nothing"));
    let no_message = "  - id: half\n    applies_to: Proposal\n    require: 'true'\n";
    assert!(load_error(no_message).to_string().contains("has `require` but no `message`"));
    let item = "  - id: item\n    applies_to: RoadmapItem\n    also_when_committed: true\n    require: 'true'\n    message: m\n";
    assert!(load_error(item).to_string().contains("`also_when_committed` means nothing"));
    let schema = "  - id: Bad Id\n    applies_to: Proposal\n    require: 'true'\n    message: m\n";
    assert!(load_error(schema).to_string().contains("invalid configuration in"));
}

#[test]
fn expressions_longer_than_the_limit_are_refused() {
    let long = format!(
        "  - id: long\n    applies_to: Proposal\n    require: '{}true'\n    message: m\n",
        "true && ".repeat(600)
    );
    let error = load_error(&long);
    assert!(error.to_string().contains("over the limit of 4096"), "{}", error.message);
}

#[test]
fn infos_list_every_rule_and_rule_ids_the_custom_ones() {
    let custom = vec![(POLICY.to_owned(), policy(CUSTOM).into_bytes())];
    let set = PolicySet::build(&Config::default(), &custom).expect("loads");
    let infos: Vec<(&str, &str)> = set.infos().iter().map(|i| (i.id.as_str(), i.origin.as_str())).collect();
    assert_eq!(
        infos,
        vec![
            ("owner-pairing", BUILT_IN),
            ("estimate-required", BUILT_IN),
            ("telemetry-plan", BUILT_IN),
            ("big-bets", POLICY),
        ]
    );
    assert_eq!(set.rule_ids(), vec!["big-bets"]);
    assert_eq!(set.infos()[3].severity, Severity::Warning);
}

#[test]
fn the_pack_implements_exactly_the_built_in_policy_rules() {
    let set = PolicySet::build(&Config::default(), &[]).expect("the pack loads");
    let mut pack: Vec<(&str, Severity)> = set.infos().iter().map(|i| (i.id.as_str(), i.severity)).collect();
    let mut registered: Vec<(&str, Severity)> = registry::RULES
        .iter()
        .filter(|r| matches!(r.check, Check::Policy))
        .map(|r| (r.id, r.default_severity))
        .collect();
    pack.sort_unstable();
    registered.sort_unstable();
    assert_eq!(pack, registered);
    assert!(set.infos().iter().all(|i| !i.description.is_empty()));
}

#[test]
fn configured_policy_files_must_exist_inside_the_repository() {
    let dir = tempfile::tempdir().expect("temp dir");
    git2::Repository::init(dir.path()).expect("git init");
    let repo = Repo::discover(dir.path()).expect("repository");
    let snapshot = repo.snapshot(&Revision::Worktree).expect("worktree");
    let load = |path: &str| {
        let mut config = Config::default();
        config.policies = vec![path.to_owned()];
        PolicySet::load(&snapshot, &config).err().expect("a run error")
    };
    let missing = load("roadmap/policies/none.yaml");
    assert!(missing.message.contains("does not exist"), "{}", missing.message);
    assert!(missing.hint.is_some());
    for outside in ["../elsewhere.yaml", "/etc/policy.yaml", "a/../../b.yaml"] {
        let error = load(outside);
        assert!(error.to_string().contains("outside the repository"), "{outside}: {}", error.message);
    }
    std::fs::create_dir_all(dir.path().join("roadmap")).expect("mkdir");
    std::fs::write(dir.path().join("roadmap/extra.yaml"), policy(CUSTOM)).expect("write");
    let mut config = Config::default();
    config.policies = vec!["roadmap/./x/../extra.yaml".to_owned()];
    let set = PolicySet::load(&snapshot, &config).expect("loads");
    assert_eq!(set.rule_ids(), vec!["big-bets"]);
}

#[test]
fn the_pack_reads_four_fields_of_a_proposal_and_a_bare_use_reads_it_whole() {
    let set = PolicySet::build(&Config::default(), &[]).expect("the pack loads");
    let fields = ["estimate", "id", "owners", "telemetry"].map(str::to_owned);
    assert_eq!(set.reads.proposal, reads::Fields::Only(fields.into()));
    assert_eq!(set.reads.item, reads::Fields::default());
    // CUSTOM requires `'x-design-review' in proposal`, which sees every key.
    let custom = vec![(POLICY.to_owned(), policy(CUSTOM).into_bytes())];
    let set = PolicySet::build(&Config::default(), &custom).expect("loads");
    assert_eq!(set.reads.proposal, reads::Fields::All);
}

#[test]
fn fields_read_only_by_a_message_or_help_are_there() {
    let rules = "  - id: titled
    applies_to: Proposal
    require: proposal.id == 'P-2'
    message: '{proposal.title} is {proposal.status}'
    help: 'created {proposal.created}'
";
    let text = edit("status: accepted\n", "status: accepted\ncreated: 2026-10-01\n");
    let d = run_with(&[(POLICY, &policy(rules))], &[(PROPOSAL, &text), (ROSTER_PATH, ROSTER)]);
    assert_eq!(found(&d), custom("titled", Severity::Error, PROPOSAL, 3, 5, "Offline mode is accepted"));
    assert_eq!(d[0].help.as_deref(), Some("created 2026-10-01"));
}

#[test]
fn a_condition_written_several_times_is_numbered_once() {
    let set = PolicySet::build(&Config::default(), &[]).expect("the pack loads");
    let all: Vec<&Condition> = set.rules.iter().flat_map(Rule::conditions).collect();
    assert_eq!(all.len(), 27);
    // `size(proposal.owners) > 0` three times, `has(proposal.estimate)` twice,
    // `size(proposal.telemetry) > 0` four times.
    assert_eq!(set.conditions, 21);
    for a in &all {
        for b in &all {
            assert_eq!(a.slot == b.slot, a.expr.source == b.expr.source, "{} / {}", a.expr.source, b.expr.source);
        }
    }
}

#[test]
fn a_condition_written_several_times_reports_each_use_and_each_verdict() {
    let rules = "  - id: twice
    applies_to: Proposal
    checks:
      - require: proposal.title / 2 == 1
        message: unreachable
      - when: proposal.title / 2 == 1
        require: 'false'
        message: unreachable
      - when: size(proposal.owners) > 0
        require: has(proposal.owners.lead)
        message: no lead
      - when: size(proposal.owners) > 0
        require: has(proposal.owners.deputy)
        message: no deputy
  - id: again
    applies_to: Proposal
    require: proposal.title / 2 == 1
    message: unreachable
";
    let d = run_with(&[(POLICY, &policy(rules))], &[(PROPOSAL, FULL), (ROSTER_PATH, ROSTER)]);
    let got: Vec<(&str, &str)> = d.iter().map(|d| (d.rule.as_str(), d.message.as_str())).collect();
    let failed =
        |rule: &str| format!("policy rule `{rule}` could not be checked on P-1: `proposal.title / 2 == 1` failed: ");
    assert_eq!(got.len(), 5, "{got:?}");
    assert!(got[0].0 == "twice" && got[0].1.starts_with(&failed("twice")), "{got:?}");
    assert_eq!(got[1], got[0]);
    assert_eq!(&got[2..4], [("twice", "no lead"), ("twice", "no deputy")]);
    assert!(got[4].0 == "again" && got[4].1.starts_with(&failed("again")), "{got:?}");
    assert_eq!(got[4].1.strip_prefix(&failed("again")), got[0].1.strip_prefix(&failed("twice")));
}
