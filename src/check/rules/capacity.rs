use super::{at_item, item_name, item_span};
use crate::check::fingerprint;
use crate::check::registry::Check;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::load::{Counted, exceeds};
use crate::model::{Commitment, Item, Workspace};

crate::declare_rule! {
    /// ## What it does
    /// Per team and quarter, checks that the effort of `committed` items fits
    /// the team's capacity in the roster. Each item counts its proposal's full
    /// `estimate.effort` (a missing estimate counts as 0); `exploring` items and
    /// items of rejected or withdrawn proposals do not count; reaching capacity
    /// exactly passes; a quarter missing from the team's capacity is not
    /// checked. One error per team and quarter, on the item that takes the
    /// running total over (items in file order, files in path order), with
    /// labels on the other items and the capacity entry. When committed work
    /// fits but committed plus `planned` does not, a warning instead (this
    /// warning stays a warning whatever severity the configuration gives the
    /// rule).
    ///
    /// ## Why it matters
    /// A roadmap that commits more than a team can build is a plan to miss
    /// dates. Showing the sum and the items behind it lets product and
    /// engineering decide together what moves.
    ///
    /// ## Example
    /// ```yaml
    /// # roster: field-apps capacity 2027-Q1: 10
    /// - { id: R-1, proposal: P-1, team: field-apps, quarter: 2027-Q1, commitment: committed }  # effort 6
    /// - { id: R-2, proposal: P-2, team: field-apps, quarter: 2027-Q1, commitment: committed }  # effort 8
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - { id: R-1, proposal: P-1, team: field-apps, quarter: 2027-Q1, commitment: committed }
    /// - { id: R-2, proposal: P-2, team: field-apps, quarter: 2027-Q2, commitment: committed }
    /// ```
    id: "capacity",
    severity: Error,
    summary: "per team and quarter, committed effort fits capacity (a warning when committed + planned exceed it)",
    check: Check::Workspace(check),
}

fn check(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let (Some(roster), Some(roster_file)) = (&ws.roster, ws.roster_file()) else { return };
    for ((team, quarter), load) in ws.loads() {
        let Some(team_entry) = roster.teams.get(team) else { continue };
        let Some((capacity, capacity_pointer)) = team_entry.capacity.get(quarter) else { continue };
        let counted = |keep: &dyn Fn(&Counted) -> bool| -> Vec<(&Item, f64)> {
            load.items.iter().filter(|c| keep(c)).map(|c| (&ws.items[c.item], c.effort)).collect()
        };
        let subject = format!("{team}/{quarter}");
        let capacity_label = (
            roster_file.path.clone(),
            roster_file.span(capacity_pointer),
            format!("{team} has {} person-weeks in {quarter}", number(*capacity)),
        );
        let committed = counted(&|c| c.commitment == Commitment::Committed);
        // Identity (docs/base-mode.md) is the team, the quarter and which
        // finding it is, never the item that happens to cross: taking one
        // item off an over-committed quarter is not a new problem.
        let identity = |kind: &str| fingerprint::compute(RULE.id, &subject, kind);
        if let Some(mut d) = over(ws, &committed, *capacity, "committed", team, quarter) {
            d.fingerprint = identity(OVER_COMMITTED);
            out.push(d.subject(&subject).related(capacity_label.0, capacity_label.1, capacity_label.2));
            continue;
        }
        if let Some(mut d) = over(ws, &counted(&|_| true), *capacity, "committed or planned", team, quarter) {
            d.severity = Severity::Warning;
            d.pinned = true;
            d.fingerprint = identity(OVER_PLANNED);
            d = d.help(format!(
                "the committed work fits; move a planned item to another quarter, or accept that not all planned work in {quarter} will happen"
            ));
            out.push(d.subject(&subject).related(capacity_label.0, capacity_label.1, capacity_label.2));
        }
    }
}

/// What the fingerprint says the error is about.
const OVER_COMMITTED: &str = "over-committed";
/// What the fingerprint says the warning is about.
const OVER_PLANNED: &str = "over-planned";

/// Whether a capacity finding is about planned work too (the warning), as
/// opposed to committed work alone.
pub fn is_over_planned(d: &Diagnostic) -> bool {
    d.fingerprint == fingerprint::compute(RULE.id, d.subject.as_deref().unwrap_or_default(), OVER_PLANNED)
}

/// The diagnostic for the item that takes the running total over capacity.
fn over(
    ws: &Workspace,
    items: &[(&Item, f64)],
    capacity: f64,
    what: &str,
    team: &str,
    quarter: &str,
) -> Option<Diagnostic> {
    let total: f64 = items.iter().map(|(_, e)| e).sum();
    if !exceeds(total, capacity) {
        return None;
    }
    let mut running = 0.0;
    let crossing = items.iter().position(|(_, effort)| {
        running += effort;
        exceeds(running, capacity)
    })?;
    let parts: Vec<String> =
        items.iter().map(|(item, e)| format!("{} ({})", item_name(ws, item), number(*e))).collect();
    let (item, _) = items[crossing];
    let mut d = at_item(&super::capacity::RULE, ws, item)
        .message(format!(
            "{team}, {quarter}: {} of {} person-weeks {what}: {}",
            number(total),
            number(capacity),
            parts.join(", ")
        ))
        .label(format!("takes {team} over capacity in {quarter}"))
        .help(format!(
            "move items to another quarter or team, or lower their scope, so that {what} work fits {} person-weeks",
            number(capacity)
        ));
    for (index, (other, effort)) in items.iter().enumerate() {
        if index != crossing {
            let file = &ws.files[other.file];
            d = d.related(
                &file.path,
                item_span(file, other),
                format!("{} counts {}", item_name(ws, other), number(*effort)),
            );
        }
    }
    Some(d)
}

/// 6 rather than 6.0; 2.5 stays 2.5.
fn number(n: f64) -> String {
    if n.fract() == 0.0 { format!("{}", n as i64) } else { format!("{n}") }
}
