//! docs/rules.md is generated from the rule registry; this test fails when it
//! is stale (`UPDATE_DOCS=1 cargo test --test it docs` rewrites it).

use roadlint::check::registry;

#[test]
fn rules_markdown_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let expected = registry::rules_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(actual == expected, "docs/rules.md is stale: run `UPDATE_DOCS=1 cargo test --test it docs`");
}

#[test]
fn every_rule_has_a_section() {
    let markdown = registry::rules_markdown();
    for rule in registry::RULES {
        assert!(markdown.contains(&format!("\n## {}\n", rule.id)), "{}", rule.id);
    }
}
