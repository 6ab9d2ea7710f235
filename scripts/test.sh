#!/usr/bin/env bash
# Runs every test roadlint has: unit and integration tests, the public
# conformance cases, and the checks that need outside tools (pre-commit,
# action-validator, chromium), which this script installs when they are
# missing (chromium only as root, through apt).
# With CI=true a missing tool fails the run instead of being skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pre-commit >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check pre-commit
fi

# The HTML roadmap report is rendered in a real headless Chromium (tests/report.rs).
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get update -qq && apt-get install -y -qq chromium
fi

cargo build --locked --bins
cargo test --locked --all-targets

# The action's metadata, with the real validator.
npx --yes @action-validator/cli@0.6 action.yml

# Public conformance cases built from SPEC (kept beside the repository).
if [ -x ../shared/conformance/run ]; then
  ../shared/conformance/run target/debug/roadlint
elif [ "${CI:-}" = "true" ]; then
  echo "error: ../shared/conformance/run is missing" >&2
  exit 1
fi
