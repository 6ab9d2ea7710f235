#!/usr/bin/env bash
# Runs roadlint for the GitHub Action in action.yml, and is testable outside
# GitHub: every input comes from the environment.
#
#   ROADLINT_BIN             the roadlint binary (default: `roadlint` on PATH)
#   INPUT_ARGS               extra arguments for `roadlint check`, split on
#                            whitespace (quotes are not interpreted)
#   INPUT_WORKING_DIRECTORY  where to run, like -C (default: the current directory)
#   INPUT_SARIF_FILE         also write SARIF there (optional; relative paths
#                            are relative to the current directory)
#   GITHUB_EVENT_NAME        `pull_request` selects base mode
#   GITHUB_EVENT_PATH        the event payload: base mode compares with its
#                            pull_request.base.sha, which must be fetched
#   GITHUB_OUTPUT            receives errors=, warnings= and sarif-file=
#   GITHUB_STEP_SUMMARY      roadlint appends its job summary there itself;
#                            this script then appends the roadmap report
#
# On a pull request only the problems the change introduces are reported
# (`--base`), and the roadmap report opens with the roadmap change the pull
# request makes; elsewhere the whole tree is checked. Annotations go to stdout
# (roadlint's default format under GITHUB_ACTIONS=true). Exits with
# roadlint's exit code: 0 clean, 1 findings, 2 usage/configuration/git error.
# Needs jq, which GitHub-hosted runners have.
set -euo pipefail

bin=${ROADLINT_BIN:-roadlint}
read -r -a extra <<<"${INPUT_ARGS:-}"

sarif=${INPUT_SARIF_FILE:-}
if [[ -n $sarif && $sarif != /* ]]; then
  sarif=$PWD/$sarif
fi
# The counts for the outputs come from SARIF, so there is always one.
counts=$sarif
if [[ -z $counts ]]; then
  counts=$(mktemp "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/roadlint.XXXXXX")
  trap 'rm -f "$counts"' EXIT
fi

cd "${INPUT_WORKING_DIRECTORY:-.}"

mode=()
if [[ ${GITHUB_EVENT_NAME:-} == pull_request ]]; then
  # The base is the commit the event names, never a parent of HEAD: when the
  # pull request's last commit merges main into the branch (GitHub's "Update
  # branch"), HEAD^1 is the branch's own previous commit, and comparing with
  # it would hide every problem the branch brought in before.
  base=$(jq -r '.pull_request.base.sha // empty' "${GITHUB_EVENT_PATH:-/dev/null}" 2>/dev/null || true)
  if [[ ! $base =~ ^[0-9a-f]{40}([0-9a-f]{24})?$ ]]; then
    echo "::error title=roadlint::the pull_request event names no base commit (pull_request.base.sha in \$GITHUB_EVENT_PATH)"
    exit 2
  fi
  if ! git rev-parse -q --verify "$base^{commit}" >/dev/null; then
    echo "::error title=roadlint::the pull request's base commit $base is not in this clone: fetch it with actions/checkout's fetch-depth: 2 (the default merge-commit checkout, whose first parent it is) or fetch-depth: 0 (a checkout of the pull request's head)"
    exit 2
  fi
  echo "roadlint: pull request: reporting what the change since $base introduces" >&2
  mode=(--base "$base")
fi

status=0
"$bin" check ${mode[@]+"${mode[@]}"} --sarif-file "$counts" ${extra[@]+"${extra[@]}"} || status=$?

# Exit code 2 is an error that stopped the run: there are no counts then.
if [[ $status -lt 2 && -n ${GITHUB_OUTPUT:-} ]]; then
  count() { jq --arg level "$1" '[.runs[].results[] | select(.level == $level)] | length' "$counts"; }
  {
    echo "errors=$(count error)"
    echo "warnings=$(count warning)"
    echo "sarif-file=$sarif"
  } >>"$GITHUB_OUTPUT"
fi

# The roadmap report (capacity, value, dependencies, governance) goes under
# the findings in the job summary. It is for reading, not judging: a report
# that cannot be made is a warning, and the check's exit code stands.
if [[ $status -lt 2 && -n ${GITHUB_STEP_SUMMARY:-} ]]; then
  if ! "$bin" report --format markdown ${mode[@]+"${mode[@]}"} >>"$GITHUB_STEP_SUMMARY"; then
    echo "::warning title=roadlint::the roadmap report could not be made; the log above says why"
  fi
fi
exit "$status"
