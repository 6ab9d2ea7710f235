use super::super::schema::validate;
use crate::check::registry::Check;
use crate::diagnostic::Diagnostic;
use crate::model::{File, SchemaKind};
use crate::parse::Parsed;
use crate::span::Span;

crate::declare_rule! {
    /// ## What it does
    /// Checks each document against the JSON Schema of its `kind` (see
    /// `roadlint schema KIND`): types, allowed values, id formats, unknown
    /// keys, and the identity fields every document needs. A wrong value is
    /// reported on the value, an unknown key on the key (with "did you mean"),
    /// a missing key on the mapping that lacks it. Keys starting with `x-` are
    /// free for local extensions. An empty file, or one that is not a mapping
    /// with a known `kind`, is also a `schema` error.
    ///
    /// ## Why it matters
    /// A typo such as `estimte:` or `status: aproved` would otherwise pass
    /// silently, and every governance rule would judge the proposal as if the
    /// field were missing.
    ///
    /// ## Example
    /// ```yaml
    /// status: aproved
    /// estimte:
    ///   effort: 6
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// status: accepted
    /// estimate:
    ///   effort: 6
    /// ```
    id: "schema",
    severity: Error,
    summary: "the document matches the JSON Schema of its kind",
    check: Check::Load,
    waivable: false,
}

/// The schema's findings on a parsed document: it is a mapping with a known
/// `kind`, and it matches that kind's schema. Records on `file` its kind,
/// what the schema rejected (rules leave that to `schema`) and the keys a
/// misspelt key was meant to be.
pub(crate) fn check(file: &mut File, doc: &Parsed) -> Vec<Diagnostic> {
    let path = file.path.clone();
    let Some(object) = doc.value.as_object() else {
        return vec![
            RULE.diagnostic(&path, doc.spans.nearest("").1.value)
                .message("a roadlint document must be a mapping with `apiVersion` and `kind`")
                .label("not a mapping")
                .help("start the file with `apiVersion: roadlint/v1` and `kind: Proposal` (or Roadmap, Roster, Policy)"),
        ];
    };
    let kind = match object.get("kind") {
        None => {
            return vec![
                RULE.diagnostic(&path, file.first_line())
                    .message("the document has no `kind`")
                    .label("`kind` is missing")
                    .help("add `kind:` with one of Proposal, Roadmap, Roster, Policy")
                    .pointer("/kind"),
            ];
        }
        Some(value) => match value.as_str().and_then(SchemaKind::from_document_kind) {
            Some(kind) => kind,
            None => {
                let names: Vec<&str> = SchemaKind::DOCUMENTS.iter().map(|k| k.name()).collect();
                let text = value.as_str().unwrap_or_default();
                let help = match crate::suggest::closest(text, names.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("use one of: {}", names.join(", ")),
                };
                let span = doc.spans.get("/kind").map_or_else(|| file.first_line(), |node| node.value);
                return vec![
                    RULE.diagnostic(&path, span)
                        .message(format!("`{}` is not a known kind of document", crate::check::show(value)))
                        .label("unknown kind")
                        .help(help)
                        .pointer("/kind"),
                ];
            }
        },
    };
    file.kind = Some(kind);
    // A missing top-level key is reported on the `kind` line.
    let top = || doc.spans.get("/kind").map_or_else(|| file.first_line(), |kind| kind.anchor());
    let errors = validate(kind, doc, &top);
    let mut found = Vec::with_capacity(errors.len());
    for error in errors {
        file.invalid.insert(error.pointer.clone());
        file.meant.extend(error.meant.clone());
        found.push(error.into_diagnostic(&path));
    }
    found
}

/// An empty file, which the include globs say is a document.
pub(crate) fn empty(file: &File) -> Diagnostic {
    RULE.diagnostic(&file.path, file.first_line())
        .message("the file is empty; every included file must be a roadlint document")
        .label("empty")
        .help("add `apiVersion: roadlint/v1` and a `kind`, or exclude this file in .roadlint.yaml")
}

/// A Git LFS pointer where YAML should be.
pub fn lfs_pointer(path: &str, text: &str) -> Diagnostic {
    RULE.diagnostic(path, Span::first_line(text))
        .message("the file is a Git LFS pointer, not the YAML it stands for")
        .label("Git LFS pointer")
        .help(LFS_HELP)
}

/// How to get rid of an LFS pointer where roadlint expects YAML.
pub const LFS_HELP: &str = "keep roadmap files out of Git LFS (remove their pattern from .gitattributes): git \
     stores only the pointer, which is what --rev, --staged and --base read; in a working tree, \
     `git lfs pull` fetches the content (on GitHub Actions: actions/checkout with `lfs: true`)";
