#!/usr/bin/env bash
# Runs the model-based property test (tests/it/model_based.rs) on N generated
# repositories (default 10000) in release mode, and prints how long it took.
# CI runs a few dozen with `cargo test`; run this after changing a rule, the
# schemas or SPEC's semantics.
#
#   scripts/model-check.sh [N]
#
# A disagreement prints the shrunk repository, file by file, with what only
# the model and only roadlint reported; ROADLINT_MODEL_DUMP=DIR also writes
# its files there, to run the binary on.
set -euo pipefail
cd "$(dirname "$0")/.."

cases=${1:-10000}
if ! [[ $cases =~ ^[0-9]+$ ]] || ((cases < 1)); then
  echo "usage: scripts/model-check.sh [N]   (a whole number of generated repositories)" >&2
  exit 2
fi
# Build first, so that the time measured is the run's.
cargo test --release --locked --test it --no-run
start=$(date +%s%N)
ROADLINT_MODEL_CASES=$cases cargo test --release --locked --test it -- --nocapture model_based::roadlint_agrees_with_the_model_of_spec
ms=$((($(date +%s%N) - start) / 1000000))
printf '%s generated repositories agreed with the model in %d.%03d s\n' "$cases" $((ms / 1000)) $((ms % 1000)) >&2
