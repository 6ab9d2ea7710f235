//! The value ranking: RICE = reach × impact × confidence / effort, from a
//! proposal's `value` and its estimate's effort. Only open proposals are
//! ranked: shipped work is done, and rejected and withdrawn proposals are
//! not in the running.

use super::facts;
use super::model::{Scored, Unscored, ValueRanking};
use crate::model::{File, Status, Workspace};
use std::collections::HashMap;

/// Scores every open proposal; those missing an input are listed apart.
pub fn ranking(ws: &Workspace, quarters: &HashMap<&str, &str>) -> ValueRanking {
    let mut ranked = Vec::new();
    let mut unscored = Vec::new();
    for (id, file) in facts::proposals(ws) {
        if file.status().is_some_and(|s| s.is_closed() || s == Status::Shipped) {
            continue;
        }
        let quarter = quarters.get(id).map(|q| (*q).to_owned());
        match inputs(file) {
            Ok([reach, impact, confidence, effort]) => ranked.push(Scored {
                rank: 0,
                proposal: id.to_owned(),
                title: facts::title(file),
                status: facts::status(file),
                owners: facts::owners(ws, file),
                reach,
                impact,
                confidence,
                effort,
                rice: reach * impact * confidence / effort,
                quarter,
            }),
            Err(missing) => unscored.push(Unscored {
                proposal: id.to_owned(),
                title: facts::title(file),
                status: facts::status(file),
                owners: facts::owners(ws, file),
                missing,
                quarter,
            }),
        }
    }
    ranked.sort_by(|a, b| b.rice.total_cmp(&a.rice).then_with(|| a.proposal.cmp(&b.proposal)));
    for (index, scored) in ranked.iter_mut().enumerate() {
        scored.rank = index + 1;
    }
    ValueRanking { ranked, unscored }
}

/// Reach, impact, confidence and effort, or the names of those missing.
/// An effort of 0 cannot divide (the schema rejects it anyway).
fn inputs(file: &File) -> Result<[f64; 4], Vec<String>> {
    let fields = [
        ("reach", facts::number(file, "/value/reach")),
        ("impact", facts::number(file, "/value/impact")),
        ("confidence", facts::number(file, "/value/confidence")),
        ("effort", facts::effort(file).filter(|e| *e > 0.0)),
    ];
    let missing: Vec<String> = fields.iter().filter(|(_, v)| v.is_none()).map(|(name, _)| (*name).to_owned()).collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    Ok(fields.map(|(_, v)| v.unwrap_or_default()))
}
