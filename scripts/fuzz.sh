#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for SECONDS each (default 20), installing
# cargo-fuzz when it is missing. CI calls it with a short time on every run;
# run it for minutes when you change the parser, the schemas, configuration
# loading or the policy engine.
#
#   scripts/fuzz.sh [SECONDS]
#
# cargo-fuzz needs nightly compiler features; RUSTC_BOOTSTRAP=1 enables them
# on a stable toolchain. The targets are built without a sanitizer: roadlint
# is safe Rust, and what fuzzing looks for here (panics, overflows — debug
# assertions are on — hangs and runaway memory) needs none, while
# AddressSanitizer would halve the speed.
#
# Each target starts from its committed seeds (fuzz/seeds/TARGET, taken from
# examples/ and the tests) plus what earlier runs found (fuzz/corpus/TARGET,
# not committed). A crash is written to fuzz/artifacts/TARGET/; reproduce it
# with `RUSTC_BOOTSTRAP=1 cargo fuzz run -s none TARGET FILE`, then add it as
# a regression test. Exits 1 when any target found a problem.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-20}
if ! [[ $seconds =~ ^[0-9]+$ ]] || ((seconds < 1)); then
  echo "usage: scripts/fuzz.sh [SECONDS]   (a whole number of seconds per target)" >&2
  exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1

targets=(parse parse_agrees check config policy)
cargo fuzz build -s none

failed=()
for target in "${targets[@]}"; do
  dict=fuzz/dicts/yaml.dict
  [[ $target == policy ]] && dict=fuzz/dicts/cel.dict
  # parse_agrees reads the same inputs as parse.
  seeds="fuzz/seeds/${target%_agrees}"
  mkdir -p "fuzz/corpus/$target"
  echo "== fuzz $target for ${seconds}s" >&2
  # -timeout: one input taking longer is a hang; -rss_limit_mb: runaway memory.
  if ! cargo fuzz run -s none "$target" "fuzz/corpus/$target" "$seeds" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -dict="$dict" -print_final_stats=1; then
    failed+=("$target")
  fi
done

if ((${#failed[@]})); then
  echo "fuzzing found problems in: ${failed[*]} (see fuzz/artifacts/)" >&2
  exit 1
fi
