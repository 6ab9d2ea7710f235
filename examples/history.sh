#!/usr/bin/env bash
# Builds a throwaway repository whose history takes examples/good from its
# first draft to today, one dated commit per step (GIT_COMMITTER_DATE), and
# runs `roadlint report --history` on it. The last commit is examples/good
# exactly. Usage: examples/history.sh [REPORT OPTIONS]   (default: markdown)
# Set ROADLINT to a built binary to skip `cargo run`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
good="$root/examples/good/roadmap"
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
git -C "$repo" init -q -b main
export GIT_AUTHOR_NAME=roadmap GIT_AUTHOR_EMAIL=roadmap@example.com
export GIT_COMMITTER_NAME=roadmap GIT_COMMITTER_EMAIL=roadmap@example.com GIT_CONFIG_NOSYSTEM=1
mkdir -p "$repo/roadmap/proposals"
cp "$good/roster.yaml" "$good/2027-H1.yaml" "$good/2027-H2.yaml" "$repo/roadmap/"

# set ID STATUS: the example proposal at that status, without its outcome
# (which is written when the review happens, in the last commit).
set_status() {
  local file
  file=$(basename "$good"/proposals/"$1"-*.yaml)
  sed -e "s/^status: .*/status: $2/" -e '/^outcome:/,$d' "$good/proposals/$file" >"$repo/roadmap/proposals/$file"
}
# at DATE MESSAGE ID=STATUS...: one commit on that day.
at() {
  local date=$1 message=$2
  shift 2
  for change in "$@"; do set_status "${change%%=*}" "${change#*=}"; done
  git -C "$repo" add -A
  GIT_AUTHOR_DATE="${date}T10:00:00Z" GIT_COMMITTER_DATE="${date}T10:00:00Z" \
    git -C "$repo" commit -q -m "$message"
}

at 2026-03-02 "Idea: single sign-on" P-0001=draft
at 2026-03-09 "Propose single sign-on" P-0001=proposed
at 2026-03-30 "Accept single sign-on" P-0001=accepted
at 2026-04-06 "Start single sign-on" P-0001=in-progress
at 2026-06-18 "Idea: audit log" P-0002=draft
at 2026-06-22 "Propose audit log" P-0002=proposed
at 2026-07-06 "Accept audit log" P-0002=accepted
at 2026-07-20 "Ship single sign-on" P-0001=shipped
at 2026-08-03 "Propose payment links" P-0005=proposed
at 2026-08-24 "Accept payment links" P-0005=accepted
at 2026-09-01 "Start audit log" P-0002=in-progress
at 2026-09-14 "Propose offline mode" P-0003=proposed
at 2026-09-15 "Audit log waits for the storage migration" P-0002=accepted
at 2026-09-28 "Propose route optimisation; audit log resumes" P-0004=proposed P-0002=in-progress
at 2026-10-05 "Propose data retention" P-0008=proposed
at 2026-10-12 "Accept offline mode" P-0003=accepted
at 2026-10-20 "Propose tap to pay; accept route optimisation" P-0006=proposed P-0004=accepted
at 2026-11-02 "Idea: self-scheduling portal; accept data retention" P-0007=draft P-0008=accepted
# The review of single sign-on: the roadmap is now examples/good exactly.
cp "$good"/proposals/*.yaml "$repo/roadmap/proposals/"
at 2026-11-20 "Review single sign-on's outcome"

if [ -n "${ROADLINT:-}" ]; then
  "$ROADLINT" report -C "$repo" --history --today 2026-11-25 "$@"
else
  cargo run -q --locked --manifest-path "$root/Cargo.toml" -- report -C "$repo" --history --today 2026-11-25 "$@"
fi
