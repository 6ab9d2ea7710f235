//! `roadlint init`: a starter configuration, roster, roadmap and proposal.
//!
//! The starter set passes `roadlint check` as written, on any date (it has
//! no waivers, the only thing that expires), so a team starts from a clean
//! run and edits its way forward. Existing files are never overwritten.

use crate::check::waivers::parse_date;
use crate::error::{Result, RunError};
use crate::source::Repo;
use std::fmt::Write as _;
use std::fs::OpenOptions;
use std::io::{ErrorKind, Write as _};
use std::path::Path;
use time::Date;

const CONFIG: &str = include_str!("init/config.yaml");
const ROSTER: &str = include_str!("init/roster.yaml");
const ROADMAP: &str = include_str!("init/roadmap.yaml");
const PROPOSAL: &str = include_str!("init/proposal.yaml");

/// A file `init` writes, relative to the directory it runs in.
#[derive(Debug)]
struct Starter {
    path: String,
    text: String,
}

/// The half-year the starter roadmap plans: the one after `today`'s, since
/// nobody starts planning the half they are already in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Half {
    year: i32,
    /// H2 (July to December) rather than H1.
    second: bool,
}

impl Half {
    fn after(today: Date) -> Half {
        if u8::from(today.month()) <= 6 {
            Half { year: today.year(), second: true }
        } else {
            Half { year: today.year() + 1, second: false }
        }
    }

    /// `2027-H1`.
    fn name(self) -> String {
        format!("{}-H{}", self.year, if self.second { 2 } else { 1 })
    }

    /// `2027-Q1` and `2027-Q2`.
    fn quarters(self) -> [String; 2] {
        let first = if self.second { 3 } else { 1 };
        [format!("{}-Q{first}", self.year), format!("{}-Q{}", self.year, first + 1)]
    }

    /// The half's last day, when the starter proposal's outcome is reviewed.
    fn last_day(self) -> String {
        format!("{}-{}", self.year, if self.second { "12-31" } else { "06-30" })
    }
}

/// The four starter files for a run on `today`.
fn starters(today: Date) -> Vec<Starter> {
    let half = Half::after(today);
    let [q1, q2] = half.quarters();
    let fill = |template: &str| {
        template
            .replace("__HALF__", &half.name())
            .replace("__Q1__", &q1)
            .replace("__Q2__", &q2)
            .replace("__REVIEW__", &half.last_day())
            .replace("__TODAY__", &format!("{:04}-{:02}-{:02}", today.year(), u8::from(today.month()), today.day()))
    };
    vec![
        Starter { path: ".roadlint.yaml".into(), text: fill(CONFIG) },
        Starter { path: "roadmap/roster.yaml".into(), text: fill(ROSTER) },
        Starter { path: format!("roadmap/{}.yaml", half.name()), text: fill(ROADMAP) },
        Starter { path: "roadmap/proposals/P-0001-first-idea.yaml".into(), text: fill(PROPOSAL) },
    ]
}

/// Writes the starter files into `dir`, which must lie in a git working
/// tree (roadlint reads documents through git). `shown` is how the user
/// named `dir` (`-C`), for the next-step commands. Returns the exit code.
pub fn run(dir: &Path, shown: Option<&Path>, today: &str) -> Result<i32> {
    let today = parse_date(today).ok_or_else(|| RunError::new(format!("`{today}` is not a date")))?;
    let not_a_work_tree = || {
        RunError::new(format!("{} is not inside a git working tree", dir.display()))
            .hint("run `git init` first: roadlint reads roadmaps through git")
    };
    let repo = Repo::discover(dir).map_err(|_| not_a_work_tree())?;
    if repo.workdir.is_none() {
        return Err(not_a_work_tree());
    }
    let mut report = String::new();
    let mut written = Vec::new();
    for starter in starters(today) {
        if create_new(&dir.join(&starter.path), &starter.text)? {
            let _ = writeln!(report, "  wrote    {}", starter.path);
            written.push(starter.path);
        } else {
            let _ = writeln!(report, "  skipped  {} (already exists)", starter.path);
        }
    }
    let (git, roadlint) = match shown {
        Some(d) => (format!("git -C {} ", d.display()), format!("roadlint check -C {}", d.display())),
        None => ("git ".to_owned(), "roadlint check".to_owned()),
    };
    if written.is_empty() {
        report.push_str("\nNothing written: every starter file already exists.\n");
    } else {
        let _ = write!(
            report,
            "\nNext:\n  1. Edit them: your people and teams in the roster, your ideas as proposals,\n     \
             the roadmap's items (`roadlint explain RULE` tells what each rule wants).\n  \
             2. {git}add {}\n  3. {roadlint}\n",
            written.join(" ")
        );
    }
    print!("{report}");
    Ok(0)
}

/// Writes `text` to `path` unless the file exists; `Ok(false)` when it does.
fn create_new(path: &Path, text: &str) -> Result<bool> {
    let failed = |e: std::io::Error| {
        RunError::new(format!("cannot write {}: {e}", path.display())).hint("check that the folder is writable")
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(failed)?;
    }
    // `create_new` fails if the file exists, with no window between a check
    // and the write in which another process could create it.
    let mut file = match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(failed(e)),
    };
    file.write_all(text.as_bytes()).map_err(failed)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn plans_the_next_half_year() {
        assert_eq!(Half::after(date!(2026 - 11 - 25)).name(), "2027-H1");
        assert_eq!(Half::after(date!(2026 - 07 - 01)).quarters(), ["2027-Q1", "2027-Q2"]);
        assert_eq!(Half::after(date!(2026 - 06 - 30)).name(), "2026-H2");
        assert_eq!(Half::after(date!(2026 - 01 - 01)).quarters(), ["2026-Q3", "2026-Q4"]);
        assert_eq!(Half::after(date!(2026 - 01 - 01)).last_day(), "2026-12-31");
    }

    #[test]
    fn every_placeholder_is_filled() {
        for starter in starters(date!(2026 - 11 - 25)) {
            assert!(!starter.text.contains("__"), "{} keeps a placeholder", starter.path);
        }
    }
}
