//! The command line (docs/command-line.md): parse arguments, run, pick an exit code.

mod argv;
mod completions;
mod fix;

use crate::check::config::{Config, Setting};
use crate::check::{self, policy::PolicySet, registry, schema::SchemaKind};
use crate::diagnostic::Severity;
use crate::error::{Result, RunError};
use crate::report::{self, Report};
use crate::session::{Request, Session};
use crate::source::{Repo, Revision};
use crate::suggest::closest;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// A git-native linter and policy checker for roadmaps kept as code.
///
/// `check` is the default subcommand, and options may stand before or after
/// the subcommand (`roadlint -C plans check`).
#[derive(Debug, Parser)]
#[command(name = "roadlint", version, subcommand_required = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint roadmap documents (the default subcommand).
    Check(CheckArgs),
    /// See capacity, value and dependencies at a glance (markdown, HTML or JSON).
    Report(ReportArgs),
    /// What a rule checks, why, and a failing and a passing example.
    Explain {
        /// A rule id, as `roadlint rules` lists them.
        rule: String,
        #[arg(short = 'C', value_name = "DIR")]
        directory: Option<PathBuf>,
    },
    /// Every rule with its severity after configuration.
    Rules {
        #[arg(short = 'C', value_name = "DIR")]
        directory: Option<PathBuf>,
        /// Use this configuration instead of discovering one.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Print the JSON Schema of a kind, for editors.
    Schema {
        /// proposal, roadmap, roster, policy or config.
        kind: String,
    },
    /// Write a starter .roadlint.yaml, roster, roadmap and proposal (never overwrites).
    Init {
        /// Write the files in DIR instead of the current directory.
        #[arg(short = 'C', value_name = "DIR")]
        directory: Option<PathBuf>,
        /// The date the starter files are written for, YYYY-MM-DD.
        #[arg(long, value_name = "DATE", env = "ROADLINT_TODAY")]
        today: Option<String>,
    },
    /// Print shell completions: bash, zsh, fish, powershell or elvish.
    Completions { shell: completions::Target },
    /// A language server (LSP) over stdio, for editors.
    Server {
        /// The date rules see, YYYY-MM-DD.
        #[arg(long, value_name = "DATE", env = "ROADLINT_TODAY")]
        today: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Snippets with labels, for people.
    Human,
    /// One line per finding, `path:line:column: severity[rule] message`.
    Concise,
    /// A stable JSON report, for scripts.
    Json,
    /// SARIF 2.1.0, for code scanning and editors.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// GitLab Code Quality JSON, for merge requests.
    Gitlab,
    /// reviewdog's rdjson, for review comments on any forge.
    Rdjson,
    /// Azure Pipelines logging commands.
    Azure,
    /// JUnit XML, for CI test reports.
    Junit,
}

impl Format {
    /// Without `--format`: annotations on GitHub Actions, snippets elsewhere.
    fn from_environment() -> Format {
        if std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true") { Format::Github } else { Format::Human }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
enum ColorWhen {
    #[default]
    Auto,
    Always,
    Never,
}

/// Where documents come from, and the date and configuration they are judged by.
#[derive(Debug, Default, Args)]
struct SourceArgs {
    /// Run as if started in DIR (like git -C).
    #[arg(short = 'C', value_name = "DIR")]
    directory: Option<PathBuf>,
    /// Read documents from REV's tree (works in bare repositories).
    #[arg(long, value_name = "REV", conflicts_with = "staged")]
    rev: Option<String>,
    /// Read documents from the index, as the next commit would contain them.
    #[arg(long)]
    staged: bool,
    /// Pull-request mode: judge the change since the merge base with REV.
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    /// The date rules see, YYYY-MM-DD.
    #[arg(long, value_name = "DATE", env = "ROADLINT_TODAY")]
    today: Option<String>,
    /// Use this configuration file instead of discovering one.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

impl SourceArgs {
    /// The head side: `--rev`, else the index with `--staged`, else the working tree.
    fn revision(&self) -> Revision {
        match (&self.rev, self.staged) {
            (Some(rev), _) => Revision::Rev(rev.clone()),
            (None, true) => Revision::Index,
            (None, false) => Revision::Worktree,
        }
    }

    /// The session request these options make.
    fn request(&self) -> Result<Request> {
        Ok(Request {
            start: start_dir(self.directory.as_deref())?,
            head: self.revision(),
            base: self.base.clone(),
            config: self.config.clone(),
            today: today(self.today.as_deref())?,
            commands: argv::subcommands::<Cli>(),
        })
    }
}

#[derive(Debug, Default, Args)]
pub struct CheckArgs {
    /// Check the roadmaps these files and folders belong to, and report only
    /// what is in them (in base mode, every new problem of those roadmaps).
    #[arg(value_name = "PATHS")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    source: SourceArgs,
    /// In base mode, report every diagnostic, not only new ones.
    #[arg(long, requires = "base")]
    all: bool,
    /// The report's format [default: human, or github when GITHUB_ACTIONS=true,
    /// which also appends a job summary to $GITHUB_STEP_SUMMARY].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Also write a SARIF report to FILE, whatever --format is.
    #[arg(long, value_name = "FILE")]
    sarif_file: Option<PathBuf>,
    /// Write the report to FILE instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Warnings also fail the run.
    #[arg(long)]
    deny_warnings: bool,
    /// Per-rule counts instead of the diagnostics: `COUNT RULE SEVERITY`,
    /// most frequent first (the exit code is the same as without it).
    #[arg(long)]
    statistics: bool,
    /// Diagnostics only: no closing count line, no notes.
    #[arg(short, long)]
    quiet: bool,
    /// auto, always or never; NO_COLOR is honoured.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorWhen,
    /// Apply safe fixes (a "did you mean" with one candidate) to
    /// working-tree files, then report what is left.
    #[arg(long)]
    fix: bool,
}

/// Runs the command line; returns the process exit code.
pub fn main() -> i32 {
    let args = argv::normalize::<Cli>(std::env::args_os().collect());
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let result = match cli.command {
        Command::Check(args) => run_check(&args),
        Command::Report(args) => run_report(&args),
        Command::Explain { rule, directory } => explain(&rule, directory.as_deref()),
        Command::Rules { directory, config } => rules(directory.as_deref(), config.as_deref()),
        Command::Schema { kind } => schema(&kind),
        Command::Init { directory, today } => init(directory.as_deref(), today.as_deref()),
        Command::Server { today: date } => today(date.as_deref()).and_then(crate::server::run),
        Command::Completions { shell } => completions::render(shell)
            .map_err(|e| RunError::new(format!("cannot render the man page: {e}")))
            .and_then(|text| print_bytes(&text)),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprint!("{}", render_error(&error));
            2
        }
    }
}

/// A run error for people: the message, each diagnostic inside its file as
/// a snippet, then the hint; text from files escaped.
fn render_error(error: &crate::error::RunError) -> String {
    let mut out = format!("error: {}\n", report::human::escape(&error.message));
    for (d, text) in &error.diagnostics {
        out.push_str(report::human::render_one(d, text, false).trim_end());
        out.push('\n');
    }
    if let Some(hint) = &error.hint {
        out.push_str(&format!("  hint: {}\n", report::human::escape(hint)));
    }
    out
}

fn start_dir(directory: Option<&Path>) -> Result<PathBuf> {
    let cwd = std::env::current_dir().map_err(|e| {
        RunError::new(format!("cannot read the current directory: {e}"))
            .hint("it may have been deleted: change to an existing directory")
    })?;
    let dir = match directory {
        Some(d) => cwd.join(d),
        None => cwd,
    };
    if !dir.is_dir() {
        return Err(
            RunError::new(format!("{} is not a directory", dir.display())).hint("pass an existing directory to -C")
        );
    }
    Ok(dir)
}

/// The date rules see: `--today`, `ROADLINT_TODAY`, or the UTC date.
fn today(given: Option<&str>) -> Result<String> {
    match given {
        Some(text) => match check::waivers::parse_date(text) {
            Some(_) => Ok(text.to_owned()),
            None => Err(RunError::new(format!("`{text}` is not a date"))
                .hint("pass --today (or ROADLINT_TODAY) as YYYY-MM-DD, e.g. 2026-11-25")),
        },
        None => {
            let date = time::OffsetDateTime::now_utc().date();
            Ok(format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day()))
        }
    }
}

fn run_check(args: &CheckArgs) -> Result<i32> {
    let request = args.source.request()?;
    if args.fix && request.head != Revision::Worktree {
        let given = if args.source.staged { "--staged" } else { "--rev" };
        return Err(RunError::new(format!("--fix cannot be used with {given}"))
            .hint("--fix edits working-tree files only; drop --rev/--staged, fix, then stage the result"));
    }
    let repo = Repo::discover(&request.start)?;
    if args.fix {
        let session = Session::open(&repo, &request)?;
        let checked = session.check(&args.paths, args.all)?;
        for line in fix::apply(&session, &checked)? {
            eprintln!("{}", report::human::escape(&line));
        }
    }
    let session = Session::open(&repo, &request)?;
    let checked = session.check(&args.paths, args.all)?;
    let start = &request.start;
    let report = Report {
        diagnostics: &checked.diagnostics,
        notes: &checked.notes,
        files: checked.files,
        texts: &checked.texts,
    };
    let format = args.format.unwrap_or_else(Format::from_environment);
    let color = match args.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            args.output.is_none()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    // Files first: a failed write is exit 2, and then no report is printed.
    if let Some(path) = &args.sarif_file {
        write_output(Some(path), start, &report::sarif::render(&report))?;
    }
    let summary = format == Format::Github && report::summary::append_to_step_summary(&report)?;
    let rendered = match format {
        _ if args.statistics => report::statistics(&report),
        Format::Human if args.quiet => report::human::render_diagnostics(&report, color),
        Format::Human => report::human::render(&report, color),
        Format::Json => report::json::render(&report),
        Format::Sarif => report::sarif::render(&report),
        Format::Github => report::github::render(&report, summary, args.quiet),
        Format::Junit => report::junit::render(&report),
        Format::Concise => report::concise::render(&report, args.quiet),
        Format::Gitlab => report::gitlab::render(&report),
        Format::Rdjson => report::rdjson::render(&report),
        Format::Azure => report::azure::render(&report, args.quiet),
    };
    // JSON, SARIF and GitHub carry the notes; the other formats leave them to stderr.
    if !matches!(format, Format::Json | Format::Sarif | Format::Github) && !args.quiet {
        for note in &checked.notes {
            eprintln!("note: {}", report::human::escape(note));
        }
    }
    write_output(args.output.as_deref(), start, &rendered)?;
    let counts = report.counts();
    let failed = counts.errors > 0 || (args.deny_warnings && counts.warnings > 0);
    Ok(if failed { 1 } else { 0 })
}

/// The formats of `roadlint report`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// GitHub-flavoured markdown: tables and a mermaid diagram.
    #[default]
    Markdown,
    /// One self-contained page: inline CSS and SVG, works offline.
    Html,
    /// The numbers behind both.
    Json,
}

#[derive(Debug, Default, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    source: SourceArgs,
    /// The report's format.
    #[arg(long, value_enum, default_value = "markdown")]
    format: ReportFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Add what the commit history shows: decision and lead times, time in
    /// each status, waiting proposals, estimate accuracy, per team.
    #[arg(long)]
    history: bool,
    /// With --history: drop commits before DATE (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", requires = "history")]
    since: Option<String>,
}

/// `roadlint report`: exit 0 whatever the roadmap holds (findings are
/// `check`'s to fail on); 2 when it cannot be read.
fn run_report(args: &ReportArgs) -> Result<i32> {
    use crate::report::roadmap;
    let request = args.source.request()?;
    let repo = Repo::discover(&request.start)?;
    let session = Session::open(&repo, &request)?;
    let sides = session.plan()?;
    let history = if args.history { Some(session.history(&sides, args.since.as_deref())?) } else { None };
    let model = crate::plan::build(&sides);
    let rendered = match args.format {
        ReportFormat::Markdown => roadmap::markdown::render_with(&model, history.as_ref()),
        ReportFormat::Html => roadmap::html::render_with(&model, history.as_ref()),
        ReportFormat::Json => roadmap::json_with(&model, history.as_ref()),
    };
    write_output(args.output.as_deref(), &request.start, &rendered)?;
    Ok(0)
}

fn write_output(output: Option<&Path>, start: &Path, text: &str) -> Result<()> {
    match output {
        Some(path) => std::fs::write(start.join(path), text).map_err(|e| {
            RunError::new(format!("cannot write {}: {e}", path.display()))
                .hint("check that the folder exists and is writable")
        }),
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`roadlint | head`) is not an error worth reporting.
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
            Ok(())
        }
    }
}

fn print_bytes(bytes: &[u8]) -> Result<i32> {
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`roadlint completions bash | head`) is not an error worth reporting.
    let _ = stdout.write_all(bytes);
    let _ = stdout.flush();
    Ok(0)
}

fn explain(rule: &str, directory: Option<&Path>) -> Result<i32> {
    if let Some(info) = registry::find(rule) {
        println!("# {} [{}]\n\n{}", info.id, info.default_severity, info.documentation());
        return Ok(0);
    }
    // A custom policy rule of the roadmap around DIR (or here), if any.
    let policies = governing(directory, None)?.map(|(_, policies)| policies).unwrap_or_default();
    if let Some(text) = policies.explain(rule) {
        print!("{text}");
        return Ok(0);
    }
    let mut ids: Vec<&str> = registry::RULES.iter().map(|r| r.id).collect();
    ids.extend(policies.rule_ids());
    let error = RunError::new(format!("unknown rule `{rule}`"));
    Err(match closest(rule, ids) {
        Some(s) => error.hint(format!("did you mean `{s}`? `roadlint rules` lists every rule")),
        None => error.hint("`roadlint rules` lists every rule (custom ones of another folder with -C DIR)"),
    })
}

/// The configuration and policies of the roadmap around `directory`, when
/// it lies in a repository (`None` outside one).
fn governing(directory: Option<&Path>, config: Option<&Path>) -> Result<Option<(Config, PolicySet)>> {
    let start = start_dir(directory)?;
    let Ok(repo) = Repo::discover(&start) else { return Ok(None) };
    let head = if repo.workdir.is_some() { Revision::Worktree } else { Revision::Rev("HEAD".into()) };
    let request = Request {
        start,
        head,
        base: None,
        config: config.map(Path::to_path_buf),
        today: today(None)?,
        commands: Vec::new(),
    };
    let roadmap = Session::open(&repo, &request)?.roadmap()?;
    Ok(Some((roadmap.config, roadmap.policies)))
}

fn rules(directory: Option<&Path>, config: Option<&Path>) -> Result<i32> {
    let (config, policies) = governing(directory, config)?.unwrap_or_default();
    let effective = |id: &str, default: Severity| match config.setting(id, "") {
        Some(Setting::Off) => "off".to_owned(),
        Some(Setting::Severity(s)) => s.to_string(),
        None => default.to_string(),
    };
    let mut out = String::new();
    for rule in registry::RULES {
        out.push_str(&format!("{:<22} {:<8} {}\n", rule.id, effective(rule.id, rule.default_severity), rule.summary()));
    }
    for info in policies.infos().iter().filter(|i| i.origin != "built-in") {
        out.push_str(&format!(
            "{:<22} {:<8} {} ({})\n",
            info.id,
            effective(&info.id, info.severity),
            info.description,
            info.origin
        ));
    }
    print!("{out}");
    Ok(0)
}

fn init(directory: Option<&Path>, date: Option<&str>) -> Result<i32> {
    let dir = start_dir(directory)?;
    crate::init::run(&dir, directory, &today(date)?)
}

fn schema(kind: &str) -> Result<i32> {
    match SchemaKind::from_cli(kind) {
        Some(kind) => {
            print!("{}", kind.source());
            Ok(0)
        }
        None => Err(RunError::new(format!("unknown kind `{kind}`"))
            .hint("use one of: proposal, roadmap, roster, policy, config")),
    }
}
