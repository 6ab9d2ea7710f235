#!/usr/bin/env bash
# Runs every test roadlint has: unit and integration tests, the public
# conformance cases, and the checks that need outside tools (pre-commit,
# action-validator), which this script installs when they are missing.
# With CI=true a missing tool fails the run instead of being skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pre-commit >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check pre-commit
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
