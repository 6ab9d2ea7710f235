//! The one entry point from a request to checked roadmaps: which repository,
//! which snapshot (and in base mode which base), which roadmaps the PATHS
//! select, and for each the configuration, the policies and the checked
//! workspace. `check`, `report` and `rules` all go through here, so they
//! cannot drift apart in how a roadmap is judged.

mod paths;

use crate::base;
use crate::check::config::Config;
use crate::check::{self, policy::PolicySet, registry};
use crate::diagnostic::Diagnostic;
use crate::error::{Result, RunError};
use crate::source::{Content, Repo, Revision, Snapshot};
use git2::Oid;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use paths::Target;

/// What a user asks for, whatever the front end (command line, editor).
#[derive(Debug, Clone)]
pub struct Request {
    /// Where the run starts (`-C`): the repository and the nearest
    /// `.roadlint.yaml` are found from here, and relative PATHS are relative to it.
    pub start: PathBuf,
    /// The head side: the working tree, the index or a revision.
    pub head: Revision,
    /// `--base REV`: pull-request mode.
    pub base: Option<String>,
    /// `--config FILE`, relative to `start`.
    pub config: Option<PathBuf>,
    /// The date rules see, `YYYY-MM-DD`.
    pub today: String,
    /// The front end's own words (the command line's subcommands): a PATH
    /// that names nothing but is close to one of them was probably meant
    /// as it, and the error says so.
    pub commands: Vec<String>,
}

/// An opened request: the repository and its head snapshot.
pub struct Session<'r> {
    pub repo: &'r Repo,
    pub request: &'r Request,
    pub head: Snapshot<'r>,
    /// Base mode: the side the change is compared with; `None` inside is
    /// an empty base (an unborn HEAD: everything is new).
    base: Option<Base<'r>>,
}

/// The base side of a change.
struct Base<'r> {
    /// The merge base, or `None` for an empty base.
    commit: Option<Oid>,
    snapshot: Option<Snapshot<'r>>,
}

/// One roadmap to judge: a configuration and the policies it names.
pub struct Roadmap {
    pub config: Config,
    pub policies: PolicySet,
}

/// What judging one roadmap gave.
pub struct Judged {
    /// What the run reports: every head diagnostic, or in base mode the
    /// new ones and the transition findings.
    pub diagnostics: Vec<Diagnostic>,
    pub notes: Vec<String>,
    pub head: check::Outcome,
    /// Base mode: the merge base's commit id (`None` for an empty base)
    /// and its check.
    pub base: Option<(Option<Oid>, check::Outcome)>,
    /// Base mode: base-side texts for files that only base-side findings
    /// point into (see [`base::Outcome::base_texts`]).
    pub base_texts: HashMap<String, String>,
}

/// What `check` reports, over every roadmap the request selects.
#[derive(Debug, Default)]
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    pub notes: Vec<String>,
    /// Documents read.
    pub files: usize,
    pub texts: HashMap<String, String>,
}

impl<'r> Session<'r> {
    /// Opens the head snapshot and, in base mode, the base side.
    pub fn open(repo: &'r Repo, request: &'r Request) -> Result<Session<'r>> {
        let head = repo.snapshot(&request.head)?;
        let base = match &request.base {
            None => None,
            Some(spec) => Some(match repo.base_of(spec, &request.head)? {
                Some(commit) => {
                    Base { commit: Some(commit), snapshot: Some(repo.snapshot(&Revision::Rev(commit.to_string()))?) }
                }
                None => Base { commit: None, snapshot: None },
            }),
        };
        Ok(Session { repo, request, head, base })
    }

    /// A session on the working tree with `overlay`'s texts in place of
    /// the files at their paths (an editor's unsaved buffers); no base.
    pub fn overlaid(repo: &'r Repo, request: &'r Request, overlay: crate::source::Overlay) -> Result<Session<'r>> {
        Ok(Session { repo, request, head: repo.overlaid(overlay)?, base: None })
    }

    /// Checks one roadmap of an overlaid session again after an edit,
    /// re-parsing only documents whose text changed since `previous`
    /// (which must come from the same roadmap configuration).
    pub fn recheck(&self, roadmap: &Roadmap, previous: Option<&check::Kept>) -> Result<check::Kept> {
        check::check_again(&self.head, &roadmap.config, &roadmap.policies, &self.request.today, previous)
    }

    /// The snapshot configuration and policies come from: the base side in
    /// base mode, so that a change cannot weaken what judges it; the head
    /// otherwise, and for an empty base, which has no policy to protect.
    fn governing(&self) -> &Snapshot<'r> {
        self.base.as_ref().and_then(|b| b.snapshot.as_ref()).unwrap_or(&self.head)
    }

    /// The roadmap judged from the start folder (no PATHS).
    pub fn roadmap(&self) -> Result<Roadmap> {
        let config = self.config_for(&self.repo.prefix)?;
        self.with_policies(config)
    }

    /// Loads the policies a configuration names and validates its rule ids.
    fn with_policies(&self, config: Config) -> Result<Roadmap> {
        match PolicySet::load(self.governing(), &config) {
            Ok(policies) => {
                config.problems(Some(&known_rule_ids(&policies)))?;
                Ok(Roadmap { config, policies })
            }
            Err(error) => {
                // The configuration's own problems first; without the
                // policies, its custom rule ids cannot be checked.
                config.problems(None)?;
                Err(error)
            }
        }
    }

    /// The configuration that governs the repository-relative `folder`:
    /// `--config FILE`, else the nearest `.roadlint.yaml` from `folder` up.
    fn config_for(&self, folder: &str) -> Result<Config> {
        match &self.request.config {
            Some(file) => self.explicit_config(file),
            None => Config::discover(self.governing(), folder),
        }
    }

    /// `--config FILE`: read from the governing side when it lies inside
    /// the repository (in base mode the base's copy, never the change's),
    /// from disk as given when it lies outside.
    fn explicit_config(&self, file: &Path) -> Result<Config> {
        let full = self.request.start.join(file);
        if let Some(inside) = paths::inside_repository(self.repo, &full) {
            let folder = inside.rsplit_once('/').map_or("", |(folder, _)| folder).to_owned();
            let limit = crate::parse::Limits::default().max_file_bytes;
            return match self.governing().read_path(&inside, limit)? {
                Some(content) => Config::load(content, &inside, &folder),
                None => Err(RunError::new(format!(
                    "cannot read the configuration {inside} (--config): it is not in {}",
                    self.side()
                ))
                .hint(if self.base.is_some() {
                    "in base mode a --config inside the repository is read from the base side; \
                         commit it there first, or pass a file outside the repository"
                } else {
                    "check the path given to --config"
                })),
            };
        }
        let bytes = std::fs::read(&full).map_err(|e| {
            RunError::new(format!("cannot read the configuration {}: {e}", full.display()))
                .hint("check the path given to --config")
        })?;
        Config::load(Content::Bytes(bytes), &full.display().to_string(), &self.repo.prefix)
    }

    /// How the side configuration is read from is named in messages.
    fn side(&self) -> &'static str {
        match (&self.base, &self.request.head) {
            (Some(_), _) => "the base side",
            (None, Revision::Worktree) => "the working tree",
            (None, Revision::Index) => "the index",
            (None, Revision::Rev(_)) => "the revision's tree",
        }
    }

    /// Judges one roadmap: a plain check of the head, or in base mode the
    /// change from the base to the head. `all` reports old problems too.
    pub fn judge(&self, roadmap: &Roadmap, all: bool) -> Result<Judged> {
        let Roadmap { config, policies } = roadmap;
        let today = &self.request.today;
        let Some(base) = &self.base else {
            let mut head = check::check(&self.head, config, policies, today)?;
            let diagnostics = head.diagnostics.clone();
            let notes = std::mem::take(&mut head.notes);
            return Ok(Judged { diagnostics, notes, head, base: None, base_texts: HashMap::new() });
        };
        let sides = base::Sides {
            repo: self.repo,
            head: &self.head,
            base: base.commit.zip(base.snapshot.as_ref()),
            config_discovered: self.request.config.is_none(),
        };
        let outcome = base::run(&sides, config, policies, today, all)?;
        Ok(Judged {
            diagnostics: outcome.diagnostics,
            notes: outcome.notes,
            base_texts: outcome.base_texts,
            head: outcome.head,
            base: Some((base.commit, outcome.base)),
        })
    }

    /// `check`: every roadmap the PATHS select (or the start folder's),
    /// judged; outside base mode only diagnostics in PATHS are kept.
    pub fn check(&self, given: &[PathBuf], all: bool) -> Result<Checked> {
        if given.is_empty() {
            let judged = self.judge(&self.roadmap()?, all)?;
            return Ok(checked(vec![judged]));
        }
        let targets = paths::resolve(self, given)?;
        let selection = paths::select(self, &targets)?;
        if selection.roadmaps.is_empty() {
            let note = format!(
                "no roadmap's include globs match {}: nothing to check",
                paths::list(targets.iter().map(|t| t.display.as_str()))
            );
            return Ok(Checked { notes: vec![note], ..Checked::default() });
        }
        let judged = selection.roadmaps.iter().map(|r| self.judge(r, all)).collect::<Result<Vec<_>>>()?;
        let mut checked = checked(judged);
        if self.base.is_none() {
            checked.diagnostics.retain(|d| targets.iter().any(|t| t.covers(&d.file)));
        }
        Ok(checked)
    }
}

impl Session<'_> {
    /// What the roadmap report describes: the start folder's roadmap judged
    /// as `check` judges it, both sides in base mode.
    pub fn plan(&self) -> Result<crate::plan::Sides> {
        let roadmap = self.roadmap()?;
        let judged = self.judge(&roadmap, false)?;
        let governed = crate::plan::governed_rules(&roadmap.config, &roadmap.policies);
        let base = judged.base.map(|(commit, outcome)| (commit.map(|c| c.to_string()).unwrap_or_default(), outcome));
        Ok(crate::plan::Sides { head: judged.head, base, reported: judged.diagnostics, governed })
    }
}

impl Session<'_> {
    /// `report --history`: the first-parent history of the head's commit
    /// (HEAD's for the working tree and the index), its proposals' teams
    /// read from the checked head (`plan`); in base mode compared with the
    /// history of the merge base.
    pub fn history(&self, plan: &crate::plan::Sides, since: Option<&str>) -> Result<crate::history::History> {
        use crate::model::parse_date;
        let since = match since {
            None => None,
            Some(text) => Some(parse_date(text).ok_or_else(|| {
                RunError::new(format!("`{text}` is not a date (--since)"))
                    .hint("pass --since as YYYY-MM-DD, e.g. 2026-01-01")
            })?),
        };
        let today = parse_date(&self.request.today)
            .ok_or_else(|| RunError::new(format!("`{}` is not a date", self.request.today)))?;
        let config = self.config_for(&self.repo.prefix)?;
        let mut teams: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> = Default::default();
        for item in &plan.head.workspace.items {
            if let (Some(proposal), Some(team)) = (&item.proposal, &item.team) {
                teams.entry(proposal.clone()).or_default().insert(team.clone());
            }
        }
        let head = self.repo.head_commit(&self.request.head)?;
        let request = |commit| crate::history::Request { head: commit, config: &config, since, today, teams: &teams };
        let history = crate::history::history(&self.repo.git, &request(head))?;
        match self.base.as_ref().and_then(|b| b.commit) {
            Some(base) => {
                let before = crate::history::history(&self.repo.git, &request(base))?;
                Ok(crate::history::compare(history, &before, base.to_string()))
            }
            None => Ok(history),
        }
    }
}

/// Merges what several roadmaps gave into one report.
fn checked(judged: Vec<Judged>) -> Checked {
    let mut out = Checked::default();
    for mut one in judged {
        out.files += one.head.workspace.files.len();
        out.diagnostics.extend(one.diagnostics);
        for note in one.notes {
            if !out.notes.contains(&note) {
                out.notes.push(note);
            }
        }
        // The documents are not needed past this point: move their texts out.
        let files = one.head.workspace.files.iter_mut();
        out.texts.extend(files.map(|f| (std::mem::take(&mut f.path), std::mem::take(&mut f.text))));
        out.texts.extend(one.base_texts);
        crate::model::drop_in_background((one.head, one.base));
    }
    // Nested roadmaps whose globs overlap may both read a file.
    out.diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out.diagnostics.dedup();
    out
}

/// Built-in and custom rule ids, for validating configuration.
pub fn known_rule_ids(policies: &PolicySet) -> Vec<&str> {
    let mut ids: Vec<&str> = registry::RULES.iter().map(|r| r.id).collect();
    ids.extend(policies.rule_ids());
    ids
}
