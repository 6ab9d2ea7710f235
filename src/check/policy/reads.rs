//! Which parts of the documents the policies can read.
//!
//! Converting a document to CEL values costs a good part of what evaluating
//! the policies on it costs, and the built-in pack reads only a few of a
//! proposal's fields (`id`, `owners`, `estimate`, `telemetry`), never its
//! title, summary or value. So the syntax trees of every expression of a
//! policy set are walked once, and each variable bound per subject
//! (`proposal`, `item`, `team`) is converted with only the top-level fields
//! that some expression selects from it (`proposal.estimate.effort`,
//! `has(proposal.owners)`).
//!
//! Leaving the other fields out cannot change a result: an expression that
//! only ever reaches the variable through `var.field` sees each such field
//! converted exactly as before, and a missing one still reads as missing.
//! Any other use — the bare variable (`'x-design-review' in proposal`,
//! `size(proposal)`), an index (`proposal['id']`), a method call on it, a
//! comprehension variable of the same name — may see the whole value, so
//! the variable is then converted whole.

use super::expr::entry_children;
use cel::common::ast::{Expr as Node, IdedExpr};
use std::collections::BTreeSet;

/// What the expressions can read of one variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Fields {
    /// Possibly anything: convert the whole value.
    All,
    /// Only these top-level fields, each through `var.field`.
    Only(BTreeSet<String>),
}

impl Default for Fields {
    /// Nothing, until an expression reads something.
    fn default() -> Self {
        Fields::Only(BTreeSet::new())
    }
}

impl Fields {
    fn select(&mut self, field: &str) {
        if let Fields::Only(names) = self
            && !names.contains(field)
        {
            names.insert(field.to_owned());
        }
    }
}

/// What the expressions of a policy set can read of each variable that is
/// bound per subject.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Reads {
    pub proposal: Fields,
    pub item: Fields,
    pub team: Fields,
}

impl Reads {
    /// What `expressions` (syntax trees) can read, together.
    pub fn of<'e>(expressions: impl IntoIterator<Item = &'e IdedExpr>) -> Reads {
        let mut reads = Reads::default();
        for expression in expressions {
            reads.visit(expression);
        }
        reads
    }

    /// The fields of the per-subject variable `name`, if it is one. A
    /// leading dot (an absolute name) is taken to name it too: reading too
    /// much is harmless.
    fn variable(&mut self, name: &str) -> Option<&mut Fields> {
        match name.strip_prefix('.').unwrap_or(name) {
            "proposal" => Some(&mut self.proposal),
            "item" => Some(&mut self.item),
            "team" => Some(&mut self.team),
            _ => None,
        }
    }

    /// `name`, if it is a per-subject variable, may be read whole.
    fn whole(&mut self, name: &str) {
        if let Some(fields) = self.variable(name) {
            *fields = Fields::All;
        }
    }

    fn visit(&mut self, node: &IdedExpr) {
        match &node.expr {
            // `var.field`, and `has(var.field)`, which tests `field` on `var`.
            Node::Select(select) => {
                let selected = match &select.operand.expr {
                    Node::Ident(name) => self.variable(name),
                    _ => None,
                };
                match selected {
                    Some(fields) => fields.select(&select.field),
                    None => self.visit(&select.operand),
                }
            }
            // Anywhere else, the variable itself is the value.
            Node::Ident(name) => self.whole(name),
            Node::Comprehension(c) => {
                // A loop or accumulator variable of the same name hides the
                // document inside the loop; telling the two apart is not
                // worth it.
                for var in [Some(&c.iter_var), c.iter_var2.as_ref(), Some(&c.accu_var)].into_iter().flatten() {
                    self.whole(var);
                }
                for child in [&c.iter_range, &c.accu_init, &c.loop_cond, &c.loop_step, &c.result] {
                    self.visit(child);
                }
            }
            Node::Call(call) => {
                for child in call.target.as_deref().into_iter().chain(&call.args) {
                    self.visit(child);
                }
            }
            Node::List(list) => list.elements.iter().for_each(|child| self.visit(child)),
            Node::Map(map) => map.entries.iter().flat_map(entry_children).for_each(|child| self.visit(child)),
            Node::Struct(strukt) => strukt.entries.iter().flat_map(entry_children).for_each(|child| self.visit(child)),
            Node::Literal(_) | Node::Unspecified => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cel::Env;

    fn reads(sources: &[&str]) -> Reads {
        let env = Env::stdlib();
        let programs: Vec<cel::Program> = sources.iter().map(|source| env.compile(source).expect("compiles")).collect();
        Reads::of(programs.iter().map(cel::Program::expression))
    }

    fn only(names: &[&str]) -> Fields {
        Fields::Only(names.iter().map(|name| (*name).to_owned()).collect())
    }

    #[test]
    fn selected_top_level_fields_are_collected_per_variable() {
        let found = reads(&[
            "proposal.estimate.effort > 12 && has(proposal.owners.product)",
            "has(proposal.telemetry) && size(proposal.telemetry.metrics) > 0",
            "item.quarter != '2027-Q1' && team.capacity['2027-Q1'] > 1.0",
            "roster.people[proposal.owners.engineering].roles.exists(r, r == 'x')",
        ]);
        assert_eq!(found.proposal, only(&["estimate", "owners", "telemetry"]));
        assert_eq!(found.item, only(&["quarter"]));
        assert_eq!(found.team, only(&["capacity"]));
    }

    #[test]
    fn a_variable_no_expression_mentions_reads_nothing() {
        let found = reads(&["proposal.id == 'P-1'", "today > '2026-01-01'"]);
        assert_eq!(found.item, only(&[]));
        assert_eq!(found.team, only(&[]));
    }

    #[test]
    fn any_other_use_of_a_variable_reads_it_whole() {
        for source in [
            "'x-design-review' in proposal",
            "size(proposal) > 0",
            "proposal['id'] == 'P-1'",
            "proposal.size() > 0",
            "proposal.exists(k, k == 'id')",
            "[proposal].size() == 1",
            "{'p': proposal}.p.id == 'x'",
            "proposal.?id.hasValue()",
        ] {
            let found = reads(&["proposal.id == 'P-1'", source]);
            assert_eq!(found.proposal, Fields::All, "{source}");
            assert_eq!(found.item, only(&[]), "{source}");
        }
    }

    #[test]
    fn a_comprehension_variable_named_like_a_document_reads_it_whole() {
        let found = reads(&["[{'a': 1}].all(item, item.a == 1)", "proposal.owners.exists(team, team == 'x')"]);
        assert_eq!(found.item, Fields::All);
        assert_eq!(found.team, Fields::All);
        assert_eq!(found.proposal, only(&["owners"]));
    }

    #[test]
    fn names_that_only_start_like_a_variable_are_not_it() {
        let found = reads(&["proposals.x == 1 && items.y == 2 && x.proposal == 3"]);
        assert_eq!(found, Reads::default());
    }
}
