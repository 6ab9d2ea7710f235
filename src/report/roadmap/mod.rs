//! `roadlint report`: the roadmap at a glance — capacity per team and
//! quarter, the value ranking, the dependency graph and governance health,
//! and in base mode the change a pull request makes.
//!
//! People would rather look at a roadmap than read diagnostics. The report
//! is computed once by [`crate::plan`] into a
//! [`RoadmapReport`](crate::plan::model::RoadmapReport) and rendered here by
//! [`markdown`] (GitHub, the job summary), [`html`] (one self-contained page
//! for a screen or a printer) or as JSON.

pub mod html;
pub mod markdown;

use crate::history::History;
use crate::plan::model::RoadmapReport;
pub(crate) use crate::plan::{number, shorten};

/// `--format json`: the model as is.
pub fn json(report: &RoadmapReport) -> String {
    json_with(report, None)
}

/// `--format json`, with `history` (`--history`) as a field of its own.
pub fn json_with(report: &RoadmapReport, history: Option<&History>) -> String {
    #[derive(serde::Serialize)]
    struct WithHistory<'a> {
        #[serde(flatten)]
        report: &'a RoadmapReport,
        #[serde(skip_serializing_if = "Option::is_none")]
        history: Option<&'a History>,
    }
    // Plain structs of strings and finite numbers always serialize.
    let mut out = serde_json::to_string_pretty(&WithHistory { report, history }).unwrap_or_default();
    out.push('\n');
    out
}
