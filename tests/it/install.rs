//! How roadlint reaches users, each channel run for real here: the release
//! archive that scripts/package.sh builds (and the release workflow
//! publishes), the GitHub Action's install step downloading it from a local
//! HTTP server, the maturin wheel in a fresh virtual environment, and the
//! pre-commit framework installing the `language: python` hook from it.
//!
//! The archive is the one `ROADLINT_TEST_DIST` names (scripts/test.sh builds
//! it from the release build, as the workflow does); without it the tests
//! package their own debug build with the same script. Tests that need an
//! outside tool (python3, curl, jq, maturin, pre-commit) skip with a message
//! when it is missing, except in CI (`CI` set), where that fails them.

use crate::common;

use crate::common::{P, TODAY, clean_repo, proposal};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug)]
struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Out {
    fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

fn run(command: &mut Command) -> Out {
    let out = command.output().unwrap_or_else(|e| panic!("{command:?} does not start: {e}"));
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Whether an outside tool runs. In CI its absence fails the test.
fn tool(command: &[&str], install: &str) -> bool {
    let found = Command::new(command[0]).args(&command[1..]).output().is_ok_and(|o| o.status.success());
    if !found {
        assert!(std::env::var_os("CI").is_none(), "{} is required in CI: {install}", command[0]);
        eprintln!("skipped: {} is not installed ({install})", command[0]);
    }
    found
}

/// This machine's target triple, as rustc names it.
fn host() -> String {
    let out = run(Command::new("rustc").arg("-vV"));
    out.stdout.lines().find_map(|l| l.strip_prefix("host: ")).expect("rustc -vV names the host").to_owned()
}

/// RUNNER_OS and RUNNER_ARCH of a GitHub runner like this machine.
fn runner() -> (&'static str, &'static str) {
    let host = host();
    let os = if host.contains("linux") {
        "Linux"
    } else if host.contains("darwin") {
        "macOS"
    } else {
        "Windows"
    };
    let arch = if host.starts_with("aarch64") { "ARM64" } else { "X64" };
    (os, arch)
}

// ---------------------------------------------------------------------------
// The release archive

struct Archive {
    /// The folder holding the archive and its .sha256.
    dir: PathBuf,
    name: String,
}

impl Archive {
    fn file(&self) -> PathBuf {
        self.dir.join(format!("{}.tar.gz", self.name))
    }
}

/// The archive for this machine: `ROADLINT_TEST_DIST`'s, or one packaged
/// from the test's own binary (once per test run).
fn archive() -> &'static Archive {
    static ARCHIVE: OnceLock<Archive> = OnceLock::new();
    ARCHIVE.get_or_init(|| {
        let name = format!("roadlint-v{VERSION}-{}", host());
        if let Some(dir) = std::env::var_os("ROADLINT_TEST_DIST") {
            let dir = manifest_dir().join(dir);
            assert!(dir.join(format!("{name}.tar.gz")).is_file(), "ROADLINT_TEST_DIST has no {name}.tar.gz");
            return Archive { dir, name };
        }
        let dir = manifest_dir().join("target/test-dist");
        let out = run(Command::new("bash")
            .arg(manifest_dir().join("scripts/package.sh"))
            .env("ROADLINT_BINARY", common::bin())
            .env("ROADLINT_DIST_DIR", &dir));
        assert_eq!(out.code, 0, "package.sh: {}", out.all());
        assert_eq!(out.stdout.trim(), dir.join(format!("{name}.tar.gz")).display().to_string());
        Archive { dir, name }
    })
}

fn sha256_hex(path: &Path) -> String {
    let out = run(Command::new("sha256sum").arg(path));
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout.split_whitespace().next().unwrap_or_default().to_owned()
}

#[test]
fn the_archive_holds_what_the_release_promises() {
    let archive = archive();
    let checksum =
        std::fs::read_to_string(archive.dir.join(format!("{}.tar.gz.sha256", archive.name))).expect("sha256");
    assert_eq!(checksum, format!("{}  {}.tar.gz\n", sha256_hex(&archive.file()), archive.name));
    let verified = run(Command::new("sha256sum")
        .args(["-c", &format!("{}.tar.gz.sha256", archive.name)])
        .current_dir(&archive.dir));
    assert_eq!(verified.code, 0, "sha256sum -c: {}", verified.all());

    let unpacked = tempfile::tempdir().expect("temp dir");
    let out = run(Command::new("tar").arg("-xzf").arg(archive.file()).arg("-C").arg(unpacked.path()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let tops: Vec<String> = std::fs::read_dir(unpacked.path())
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(tops, std::slice::from_ref(&archive.name), "one folder named after the archive");
    let root = unpacked.path().join(&archive.name);
    let mut files: Vec<String> = Vec::new();
    for entry in ["", "complete", "doc"] {
        for file in std::fs::read_dir(root.join(entry)).expect("read") {
            let file = file.expect("entry");
            if file.file_type().expect("type").is_file() {
                files.push(Path::new(entry).join(file.file_name()).to_string_lossy().into_owned());
            }
        }
    }
    files.sort();
    assert_eq!(
        files,
        [
            "LICENSE-APACHE",
            "LICENSE-MIT",
            "README.md",
            "complete/_roadlint",
            "complete/_roadlint.ps1",
            "complete/roadlint.bash",
            "complete/roadlint.elv",
            "complete/roadlint.fish",
            "doc/roadlint.1",
            "roadlint",
        ]
    );
    for file in ["README.md", "LICENSE-MIT", "LICENSE-APACHE"] {
        assert_eq!(std::fs::read(root.join(file)).ok(), std::fs::read(manifest_dir().join(file)).ok(), "{file}");
    }
    let binary = root.join("roadlint");
    let version = run(Command::new(&binary).arg("--version"));
    assert_eq!((version.code, version.stdout.as_str()), (0, format!("roadlint {VERSION}\n").as_str()));
    for (file, shell) in [("roadlint.bash", "bash"), ("_roadlint", "zsh"), ("roadlint.fish", "fish")] {
        let expected = run(Command::new(&binary).args(["completions", shell]));
        assert_eq!(std::fs::read_to_string(root.join("complete").join(file)).ok(), Some(expected.stdout), "{file}");
    }
    let page = std::fs::read_to_string(root.join("doc/roadlint.1")).expect("man page");
    assert!(page.contains(".TH roadlint 1") && page.contains(&format!("roadlint {VERSION}")), "{page}");
    // The unpacked binary lints a real repository.
    let repo = clean_repo();
    let check = run(Command::new(&binary).arg("check").current_dir(repo.path()).env("ROADLINT_TODAY", TODAY));
    assert_eq!(check.code, 0, "{}", check.all());
}

// ---------------------------------------------------------------------------
// The Action's install step, against a release server on 127.0.0.1

/// `python3 -m http.server` on a free port of 127.0.0.1, serving `root`.
struct Server {
    child: Child,
    url: String,
    log: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new("python3")
            .args(["-u", "-m", "http.server", "--bind", "127.0.0.1", "0", "--directory"])
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3 starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("the server says where it listens");
        // "Serving HTTP on 127.0.0.1 port 40123 (http://127.0.0.1:40123/) ..."
        let port = line.split_whitespace().skip_while(|w| *w != "port").nth(1).expect("a port").to_owned();
        let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let stderr = child.stderr.take().expect("stderr");
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Ok(mut log) = sink.lock() {
                    log.push_str(&line);
                    log.push('\n');
                }
            }
        });
        Server { child, url: format!("http://127.0.0.1:{port}"), log }
    }

    fn requests(&self) -> String {
        // The log thread may lag the response by a moment.
        std::thread::sleep(Duration::from_millis(200));
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A release server's folder: `v{VERSION}/` with `files` (name, bytes).
fn releases(files: &[(String, Vec<u8>)]) -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("temp dir");
    let dir = root.path().join(format!("v{VERSION}"));
    std::fs::create_dir_all(&dir).expect("mkdir");
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).expect("write");
    }
    root
}

fn the_release() -> Vec<(String, Vec<u8>)> {
    let archive = archive();
    let name = format!("{}.tar.gz", archive.name);
    let sha = format!("{name}.sha256");
    vec![
        (name.clone(), std::fs::read(archive.dir.join(&name)).expect("archive")),
        (sha.clone(), std::fs::read(archive.dir.join(&sha)).expect("checksum")),
    ]
}

/// What the action's install steps did.
struct Install {
    download: Out,
    /// `bin=` of the download step, when it installed the release.
    bin: Option<PathBuf>,
    /// The arguments the build step gave cargo, when it ran.
    built: Option<String>,
    temp: tempfile::TempDir,
}

/// Runs the install steps of action.yml: `action-install.sh download`, and
/// `action-install.sh build` when the download installed nothing. cargo is a
/// stub that records its arguments and installs the test's own binary, so
/// the fallback takes seconds instead of a release build.
fn install_steps(action_ref: &str, release_url: &str, extra: &[(&str, &str)]) -> Install {
    let temp = tempfile::tempdir().expect("temp dir");
    let stub = temp.path().join("cargo-stub");
    let record = temp.path().join("cargo-args");
    std::fs::write(
        &stub,
        format!(
            "#!/bin/sh\necho \"$@\" > '{}'\nwhile [ \"$1\" != --root ]; do shift; done\nmkdir -p \"$2/bin\" && cp '{}' \"$2/bin/roadlint\"\n",
            record.display(),
            common::bin().display()
        ),
    )
    .expect("write stub");
    let chmod = run(Command::new("chmod").arg("+x").arg(&stub));
    assert_eq!(chmod.code, 0);
    let (os, arch) = runner();
    let runner_temp = temp.path().join("runner");
    std::fs::create_dir(&runner_temp).expect("mkdir");
    let step = |mode: &str| {
        let mut command = Command::new("bash");
        command
            .arg(manifest_dir().join("scripts/action-install.sh"))
            .arg(mode)
            .env("ACTION_PATH", manifest_dir())
            .env("ACTION_REF", action_ref)
            .env("ACTION_REPOSITORY", "roadlint/roadlint")
            .env("RUNNER_OS", os)
            .env("RUNNER_ARCH", arch)
            .env("RUNNER_TEMP", &runner_temp)
            .env("ROADLINT_RELEASE_URL", release_url)
            .env("ROADLINT_CARGO", &stub)
            .env_remove("GITHUB_ACTION_REF")
            .env_remove("ROADLINT_REPOSITORY_URL");
        for (name, value) in extra {
            command.env(name, value);
        }
        run(&mut command)
    };
    let download = step("download");
    let bin = download.stdout.lines().find_map(|l| l.strip_prefix("bin=")).map(PathBuf::from);
    assert!(download.code != 0 || download.stdout.lines().any(|l| l.starts_with("key=")), "no cache key");
    let mut built = None;
    if download.code == 0 && bin.is_none() {
        let build = step("build");
        assert_eq!(build.code, 0, "{}", build.all());
        built = std::fs::read_to_string(&record).ok();
    }
    Install { download, bin, built, temp }
}

impl Install {
    /// The binary the action's run step uses.
    fn installed(&self) -> PathBuf {
        self.temp.path().join("runner/roadlint-action/bin/roadlint")
    }

    /// Runs scripts/action.sh with the installed binary on a clean repository.
    fn lint(&self) -> Out {
        let repo = clean_repo();
        run(Command::new("bash")
            .arg(manifest_dir().join("scripts/action.sh"))
            .current_dir(repo.path())
            .env("ROADLINT_TODAY", TODAY)
            .env("ROADLINT_BIN", self.installed())
            .env("GITHUB_EVENT_NAME", "push")
            .env("GITHUB_ACTIONS", "true")
            .env_remove("GITHUB_OUTPUT")
            .env_remove("GITHUB_STEP_SUMMARY")
            .env_remove("INPUT_ARGS")
            .env_remove("INPUT_SARIF_FILE")
            .env_remove("INPUT_WORKING_DIRECTORY"))
    }
}

fn needs_server_tools() -> bool {
    tool(&["python3", "--version"], "apt-get install python3")
        && tool(&["curl", "--version"], "apt-get install curl")
        && tool(&["jq", "--version"], "apt-get install jq")
}

#[test]
fn action_installs_the_release_of_its_tag_over_http() {
    if !needs_server_tools() {
        return;
    }
    let root = releases(&the_release());
    let server = Server::start(root.path());
    let install = install_steps(&format!("v{VERSION}"), &server.url, &[]);
    assert_eq!(install.download.code, 0, "{}", install.download.all());
    assert_eq!(install.bin.as_deref(), Some(install.installed().as_path()));
    assert!(
        install.download.stderr.contains(&format!("verified {}.tar.gz", archive().name)),
        "{}",
        install.download.stderr
    );
    assert_eq!(install.built, None, "nothing is built");
    let requests = server.requests();
    assert!(requests.contains(&format!("GET /v{VERSION}/{}.tar.gz HTTP", archive().name)), "{requests}");
    assert!(requests.contains(&format!("GET /v{VERSION}/{}.tar.gz.sha256 HTTP", archive().name)), "{requests}");
    let version = run(Command::new(install.installed()).arg("--version"));
    assert_eq!(version.stdout, format!("roadlint {VERSION}\n"));
    let lint = install.lint();
    assert_eq!(lint.code, 0, "{}", lint.all());
    assert!(lint.stdout.contains("roadlint: 0 errors, 0 warnings in 4 files"), "{}", lint.stdout);
}

#[test]
fn action_refuses_a_tampered_archive_and_never_runs_it() {
    if !needs_server_tools() {
        return;
    }
    // An archive of the same name whose "roadlint" leaves a mark when run,
    // served beside the genuine archive's checksum.
    let work = tempfile::tempdir().expect("temp dir");
    let marker = work.path().join("it-ran");
    let folder = work.path().join(&archive().name);
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::write(
        folder.join("roadlint"),
        format!("#!/bin/sh\ntouch '{}'\necho roadlint {VERSION}\n", marker.display()),
    )
    .expect("write");
    assert_eq!(run(Command::new("chmod").arg("+x").arg(folder.join("roadlint"))).code, 0);
    let tar = run(Command::new("tar").arg("-czf").arg("evil.tar.gz").arg(&archive().name).current_dir(work.path()));
    assert_eq!(tar.code, 0, "{}", tar.stderr);
    let mut release = the_release();
    release[0].1 = std::fs::read(work.path().join("evil.tar.gz")).expect("read");
    let root = releases(&release);
    let server = Server::start(root.path());

    let install = install_steps(&format!("v{VERSION}"), &server.url, &[]);
    assert_eq!(install.download.code, 1, "{}", install.download.all());
    assert!(install.download.stdout.contains("does not match its published SHA-256"), "{}", install.download.stdout);
    assert!(install.download.stdout.contains("refusing to run it"), "{}", install.download.stdout);
    assert!(install.download.stdout.starts_with("::error title=roadlint::"), "an annotation on GitHub");
    assert_eq!(install.bin, None);
    assert_eq!(install.built, None, "a failed verification does not fall back to building");
    assert!(!install.installed().exists(), "nothing installed");
    assert!(!marker.exists(), "the tampered binary ran");

    // A checksum that cannot be had is no better than a wrong one.
    let root = releases(&the_release()[..1]);
    let server = Server::start(root.path());
    let install = install_steps(&format!("v{VERSION}"), &server.url, &[]);
    assert_eq!(install.download.code, 1, "{}", install.download.all());
    assert!(
        install.download.stdout.contains(".sha256 could not be downloaded (HTTP 404)"),
        "{}",
        install.download.stdout
    );
    assert!(!install.installed().exists());
}

#[test]
fn action_builds_from_source_when_there_is_no_release() {
    if !needs_server_tools() {
        return;
    }
    let empty = tempfile::tempdir().expect("temp dir");
    let server = Server::start(empty.path());
    let install = install_steps(&format!("v{VERSION}"), &server.url, &[]);
    assert_eq!(install.download.code, 0, "{}", install.download.all());
    assert!(install.download.stderr.contains("(HTTP 404); building from source"), "{}", install.download.stderr);
    let args = install.built.clone().expect("the build ran");
    assert_eq!(
        args.trim(),
        format!(
            "install --locked --path {} --root {}",
            manifest_dir().display(),
            install.temp.path().join("runner/roadlint-action").display()
        )
    );
    let lint = install.lint();
    assert_eq!(lint.code, 0, "{}", lint.all());
}

#[test]
fn action_builds_branches_and_unreleased_commits_from_source() {
    if !needs_server_tools() {
        return;
    }
    let root = releases(&the_release());
    let server = Server::start(root.path());
    for action_ref in ["main", "", "v0.0.0-not-this-version", "v0"] {
        let install = install_steps(action_ref, &server.url, &[]);
        assert_eq!(install.download.code, 0, "{action_ref}: {}", install.download.all());
        assert!(
            install.download.stderr.contains("is not a release; building from source"),
            "{}",
            install.download.stderr
        );
        assert!(install.built.is_some(), "{action_ref}: built");
    }
    assert!(!server.requests().contains("GET "), "nothing was downloaded for a non-release ref");

    // A commit: a release when the version's tag points at it (an annotated
    // tag here, as `git tag -a` makes), else built from source.
    let upstream = common::TestRepo::new();
    upstream.write("README", "x\n").commit("release");
    let tagged = upstream.git(&["rev-parse", "HEAD"]).trim().to_owned();
    upstream.git(&["tag", "-a", &format!("v{VERSION}"), "-m", "release"]);
    upstream.write("README", "y\n").commit("after the release");
    let later = upstream.git(&["rev-parse", "HEAD"]).trim().to_owned();
    let url = upstream.path().display().to_string();
    let install_at = |commit: &str| install_steps(commit, &server.url, &[("ROADLINT_REPOSITORY_URL", &url)]);

    let release = install_at(&tagged);
    assert_eq!(release.download.code, 0, "{}", release.download.all());
    assert!(release.bin.is_some(), "the tagged commit gets the release: {}", release.download.all());
    assert_eq!(release.built, None);

    let unreleased = install_at(&later);
    assert_eq!(unreleased.bin, None, "{}", unreleased.download.all());
    assert!(unreleased.built.is_some());
}

#[test]
fn action_yml_runs_the_tested_install_steps() {
    let action = std::fs::read_to_string(manifest_dir().join("action.yml")).expect("action.yml");
    assert!(action.contains(r#"run: bash "$ACTION_PATH/scripts/action-install.sh" download >> "$GITHUB_OUTPUT""#));
    assert!(action.contains(r#"run: bash "$ACTION_PATH/scripts/action-install.sh" build"#));
    assert!(action.contains("if: steps.release.outputs.bin == ''"));
    assert!(action.contains("ROADLINT_BIN: ${{ runner.temp }}/roadlint-action/bin/roadlint"));
    assert!(action.contains("ACTION_REF: ${{ github.action_ref }}"));
    // Every `uses:` is pinned to a full commit.
    for line in action.lines().filter(|l| l.trim_start().starts_with("uses:")) {
        let reference = line.split('@').nth(1).unwrap_or_default();
        let sha = reference.split_whitespace().next().unwrap_or_default();
        assert!(sha.len() == 40 && sha.chars().all(|c| c.is_ascii_hexdigit()), "not pinned: {line}");
    }
}

// ---------------------------------------------------------------------------
// The wheel and the pre-commit hook

/// The wheel that `maturin build` made for this machine, built once per run
/// (into target/wheels, beside the release build whose artifacts it reuses).
fn wheel() -> &'static PathBuf {
    static WHEEL: OnceLock<PathBuf> = OnceLock::new();
    WHEEL.get_or_init(|| {
        let dir = match std::env::var_os("ROADLINT_TEST_WHEELS") {
            Some(dir) => manifest_dir().join(dir),
            None => {
                let dir = manifest_dir().join("target/test-wheels");
                let _ = std::fs::remove_dir_all(&dir);
                let out = run(Command::new("maturin")
                    .args(["build", "--release", "--locked", "--out"])
                    .arg(&dir)
                    .current_dir(manifest_dir().join("python")));
                assert_eq!(out.code, 0, "maturin build: {}", out.all());
                dir
            }
        };
        let wheels: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("the wheel folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "whl"))
            .collect();
        assert_eq!(wheels.len(), 1, "one wheel in {}: {wheels:?}", dir.display());
        wheels[0].clone()
    })
}

fn needs_maturin() -> bool {
    tool(&["maturin", "--version"], "pip install maturin")
}

#[test]
fn the_wheel_installs_roadlint_in_a_fresh_venv() {
    if !needs_maturin() {
        return;
    }
    let wheel = wheel();
    let name = wheel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    assert!(name.starts_with(&format!("roadlint-{VERSION}-py3-none-")), "{name}");
    let venv = tempfile::tempdir().expect("temp dir");
    let created = run(Command::new("python3").args(["-m", "venv"]).arg(venv.path()));
    assert_eq!(created.code, 0, "{}", created.all());
    let started = Instant::now();
    let pip = run(Command::new(venv.path().join("bin/pip"))
        .args(["install", "--no-index", "--disable-pip-version-check", "--quiet"])
        .arg(wheel));
    assert_eq!(pip.code, 0, "{}", pip.all());
    eprintln!("pip install of the wheel took {:.1} s", started.elapsed().as_secs_f64());
    let binary = venv.path().join("bin/roadlint");
    let version = run(Command::new(&binary).arg("--version"));
    assert_eq!(version.stdout, format!("roadlint {VERSION}\n"));
    let repo = clean_repo();
    repo.write(&format!("{P}PAY-9.yaml"), proposal("PAY-9", "proposed", 2).replace("  engineering: li\n", ""));
    let check = run(Command::new(&binary)
        .args(["check", "--format", "concise"])
        .current_dir(repo.path())
        .env("ROADLINT_TODAY", TODAY));
    assert_eq!(check.code, 1, "{}", check.all());
    assert!(check.stdout.contains("roadmap/proposals/PAY-9.yaml:"), "{}", check.stdout);
}

fn identity() -> [(&'static str, &'static str); 4] {
    [
        ("GIT_AUTHOR_NAME", "t"),
        ("GIT_AUTHOR_EMAIL", "t@example.com"),
        ("GIT_COMMITTER_NAME", "t"),
        ("GIT_COMMITTER_EMAIL", "t@example.com"),
    ]
}

/// A git repository holding this checkout's files as they are now, for
/// pre-commit to install the hook from. Returns it and its commit.
fn hook_repository() -> (tempfile::TempDir, String) {
    let source = manifest_dir();
    let listing = run(Command::new("git")
        .args(["ls-files", "-z", "--cached", "--others", "--exclude-standard"])
        .current_dir(source));
    assert_eq!(listing.code, 0, "this checkout must be a git repository: {}", listing.stderr);
    let hook = tempfile::tempdir().expect("temp dir");
    for path in listing.stdout.split('\0').filter(|p| !p.is_empty()) {
        let from = source.join(path);
        if from.is_file() {
            let to = hook.path().join(path);
            std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
            std::fs::copy(&from, &to).unwrap_or_else(|e| panic!("copy {path}: {e}"));
        }
    }
    let git = |args: &[&str]| {
        let out = run(Command::new("git").args(args).current_dir(hook.path()).envs(identity()));
        assert_eq!(out.code, 0, "git {args:?}: {}", out.stderr);
        out.stdout
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "hook"]);
    let commit = git(&["rev-parse", "HEAD"]).trim().to_owned();
    (hook, commit)
}

/// The setuptools wheel that virtualenv (which pre-commit uses) carries, so
/// the hook's build backend installs without an index.
fn setuptools_wheel_dir() -> PathBuf {
    let out = run(Command::new("python3").args([
        "-c",
        "import glob, os, virtualenv.seed.wheels.embed as e; print(os.path.dirname(sorted(glob.glob(os.path.join(os.path.dirname(e.__file__), 'setuptools-*.whl')))[-1]))",
    ]));
    assert_eq!(out.code, 0, "virtualenv's embedded setuptools wheel: {}", out.all());
    PathBuf::from(out.stdout.trim())
}

#[test]
fn pre_commit_python_hook_installs_the_wheel_and_blocks_a_bad_commit() {
    if !needs_maturin() || !tool(&["pre-commit", "--version"], "pip install pre-commit") {
        return;
    }
    let wheel = wheel();
    let (hook, commit) = hook_repository();
    let repo = clean_repo();
    repo.write(
        ".pre-commit-config.yaml",
        format!("repos:\n  - repo: {}\n    rev: {commit}\n    hooks:\n      - id: roadlint\n", hook.path().display()),
    )
    .commit("use the roadlint hook");
    let home = tempfile::tempdir().expect("temp dir");
    let find_links = format!("{} {}", wheel.parent().expect("folder").display(), setuptools_wheel_dir().display());
    let with_env = |command: &mut Command| -> Out {
        command
            .current_dir(repo.path())
            .envs(identity())
            .env("PRE_COMMIT_HOME", home.path())
            .env("PIP_NO_INDEX", "1")
            .env("PIP_FIND_LINKS", &find_links)
            // cargo must not be reached: the python hook installs no Rust.
            .env("CARGO", "/nonexistent/cargo")
            .env("ROADLINT_TODAY", TODAY)
            .env_remove("GITHUB_ACTIONS")
            .env_remove("NO_COLOR");
        run(command)
    };
    let installed = with_env(Command::new("pre-commit").arg("install"));
    assert_eq!(installed.code, 0, "{}", installed.all());
    let started = Instant::now();
    let hooks = with_env(Command::new("pre-commit").arg("install-hooks"));
    assert_eq!(hooks.code, 0, "{}", hooks.all());
    eprintln!("pre-commit install-hooks (python hook, offline wheel) took {:.1} s", started.elapsed().as_secs_f64());

    let bad = format!("{P}PAY-9.yaml");
    repo.write(&bad, proposal("PAY-9", "proposed", 2).replace("  engineering: li\n", ""))
        .write("notes/meeting.yaml", "agenda: [roadmap]\n");
    repo.git(&["add", "-A"]);
    let blocked = with_env(Command::new("git").args(["commit", "-m", "add PAY-9"]));
    assert_ne!(blocked.code, 0, "the hook lets a bad proposal through:\n{}", blocked.all());
    assert!(blocked.all().contains(&bad), "the output names the file:\n{}", blocked.all());
    assert!(blocked.all().contains("owner-pairing"), "{}", blocked.all());
    assert!(!blocked.all().contains("meeting.yaml"), "{}", blocked.all());

    repo.write(&bad, proposal("PAY-9", "proposed", 2));
    repo.git(&["add", "-A"]);
    let fixed = with_env(Command::new("git").args(["commit", "-m", "add PAY-9"]));
    assert_eq!(fixed.code, 0, "{}", fixed.all());
    assert!(fixed.all().contains("roadlint"), "the hook ran");
    // The hook's environment runs the wheel's binary.
    let envs = std::fs::read_dir(home.path()).expect("pre-commit home").count();
    assert!(envs > 0);
}

#[test]
fn hooks_run_check_staged_against_head_on_yaml() {
    let hooks = std::fs::read_to_string(manifest_dir().join(".pre-commit-hooks.yaml")).expect("hooks");
    let entries: Vec<&str> = hooks.lines().filter(|l| l.trim_start().starts_with("entry:")).collect();
    assert_eq!(entries.len(), 2, "{hooks}");
    for entry in entries {
        assert_eq!(entry.trim(), "entry: roadlint check --staged --base HEAD");
    }
    assert_eq!(hooks.matches("types: [yaml]").count(), 2);
    assert!(hooks.contains("- id: roadlint\n") && hooks.contains("language: python"));
    assert!(hooks.contains("- id: roadlint-from-source\n") && hooks.contains("language: rust"));
    // The shim pre-commit installs pins the wheel of this very version.
    let shim = std::fs::read_to_string(manifest_dir().join("pyproject.toml")).expect("pyproject.toml");
    assert!(shim.contains(&format!("\"roadlint=={VERSION}\"")), "{shim}");
    let wheel = std::fs::read_to_string(manifest_dir().join("python/pyproject.toml")).expect("python/pyproject.toml");
    assert!(wheel.contains("bindings = \"bin\"") && wheel.contains("manifest-path = \"../Cargo.toml\""), "{wheel}");
}
