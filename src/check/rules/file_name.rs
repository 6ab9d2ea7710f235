use super::at;
use crate::check::registry::Check;
use crate::diagnostic::Diagnostic;
use crate::model::{SchemaKind, Workspace};

crate::declare_rule! {
    /// ## What it does
    /// Checks that a proposal's file name is its id followed by `.` or `-`:
    /// `P-0042.yaml` or `P-0042-offline-mode.yaml`, not `P-00421.yaml` or
    /// `offline.yaml`. Points at the `id` value. A proposal whose id another
    /// file already has is left to `duplicate-id`.
    ///
    /// ## Why it matters
    /// People find a proposal by its id, in the file list, in links and in
    /// review. A file whose name says another id (often a copied file whose
    /// id was changed, or the other way round) sends them to the wrong place,
    /// and makes a mistyped id look right.
    ///
    /// ## Example
    /// ```yaml
    /// # roadmap/proposals/MOB-6-widgets.yaml
    /// id: MOB-60
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # roadmap/proposals/MOB-60-widgets.yaml (or fix the id)
    /// id: MOB-60
    /// ```
    id: "file-name",
    severity: Warning,
    summary: "a proposal's file name is its id followed by `.` or `-`",
    check: Check::Workspace(check),
}

fn check(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for (index, file) in ws.of_kind(SchemaKind::Proposal) {
        let Some(id) = file.text_at("/id") else { continue };
        // A file with another proposal's id is `duplicate-id`'s to report.
        if ws.proposals.get(id) != Some(&index) {
            continue;
        }
        let name = file.path.rsplit('/').next().unwrap_or(&file.path);
        if name.strip_prefix(id).is_some_and(|rest| rest.starts_with(['.', '-'])) {
            continue;
        }
        out.push(
            at(&RULE, file, "/id")
                .message(format!("the file name `{name}` does not start with the proposal's id {id}"))
                .label(format!("the file is named for {}", named_for(name).unwrap_or("no id")))
                .help(format!("rename the file to `{}`, or correct the id", renamed(name, id))),
        );
    }
}

/// The id a file name starts with, if it starts with one (`MOB-6` of
/// `MOB-6-widgets.yaml`).
fn named_for(name: &str) -> Option<&str> {
    let letters = name.find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit()))?;
    let rest = name[letters..].strip_prefix('-')?;
    let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    (letters > 0 && digits > 0).then(|| &name[..letters + 1 + digits])
}

/// The file name with its id in front: the id it was named for replaced,
/// or the id put before the whole name.
fn renamed(name: &str, id: &str) -> String {
    match named_for(name) {
        // Named for the id, but not followed by `.` or `-`: add the dash.
        Some(old) if old == id => format!("{id}-{}", &name[old.len()..]),
        Some(old) => format!("{id}{}", &name[old.len()..]),
        None => format!("{id}-{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::{named_for, renamed};

    #[test]
    fn the_new_name_keeps_the_slug() {
        assert_eq!(named_for("MOB-6-widgets.yaml"), Some("MOB-6"));
        assert_eq!(named_for("offline.yaml"), None);
        assert_eq!(renamed("MOB-6-widgets.yaml", "MOB-60"), "MOB-60-widgets.yaml");
        assert_eq!(renamed("offline.yaml", "P-1"), "P-1-offline.yaml");
        assert_eq!(renamed("P-00421.yaml", "P-0042"), "P-0042.yaml");
        assert_eq!(renamed("P-2,x.yaml", "P-2"), "P-2-,x.yaml");
    }
}
