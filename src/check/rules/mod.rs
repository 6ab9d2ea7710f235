//! One module per rule. Each declares itself with `declare_rule!`, whose doc
//! comment (what it does / why it matters / example / use instead) is what
//! `roadlint explain` prints, and holds its check and its messages. Every
//! file here is registered by `build.rs`: a new rule is a new module.

// Every module of this folder is a rule, registered by build.rs.
include!(concat!(env!("OUT_DIR"), "/rules.rs"));

use crate::diagnostic::Diagnostic;
use crate::model::{File, Item, Workspace};
use crate::parse::ParseProblem;

/// The diagnostic for a problem the YAML parser found in `path`: the one
/// wording of `yaml-syntax` and `duplicate-key`, for documents,
/// configuration and policy files alike.
pub fn parse_problem(problem: ParseProblem, path: &str) -> Diagnostic {
    match problem {
        ParseProblem::Syntax { message, span, help } => yaml_syntax::RULE
            .diagnostic(path, span)
            .message(message)
            .label("here")
            .help(help.unwrap_or("fix the YAML here; other documents are still checked")),
        ParseProblem::DuplicateKey { key, pointer, span, first } => duplicate_key::RULE
            .diagnostic(path, span)
            .message(format!("the key `{key}` appears twice in the same mapping"))
            .label("repeated here")
            .help("keep one of them; roadlint reads the first")
            .related(path, first, "first defined here")
            .pointer(pointer),
    }
}

/// A diagnostic of `rule` at its default severity, pointing at `pointer` in `file`.
pub(crate) fn at(rule: &super::registry::RuleInfo, file: &File, pointer: &str) -> Diagnostic {
    let mut d = Diagnostic::new(rule.id, rule.default_severity, &file.path, file.span(pointer)).pointer(pointer);
    d.subject = file.id().map(str::to_owned);
    d
}

/// A diagnostic about a roadmap item: on the item's `id` line.
pub(crate) fn at_item(rule: &super::registry::RuleInfo, ws: &Workspace, item: &Item) -> Diagnostic {
    let file = &ws.files[item.file];
    let mut d =
        Diagnostic::new(rule.id, rule.default_severity, &file.path, item_span(file, item)).pointer(&item.pointer);
    d.subject = item.id.clone();
    d
}

pub(crate) fn item_span(file: &File, item: &Item) -> crate::parse::Span {
    let id = format!("{}/id", item.pointer);
    match file.spans().and_then(|spans| spans.get(&id)) {
        Some(node) => node.value,
        None => file.span(&item.pointer),
    }
}

/// How an item is named in messages: `R-101` or `item 3 of 2027-H1.yaml`.
pub(crate) fn item_name(ws: &Workspace, item: &Item) -> String {
    item.id.clone().unwrap_or_else(|| {
        let index = item.pointer.rsplit('/').next().unwrap_or("?");
        format!("item {index} of {}", ws.files[item.file].path)
    })
}
