#!/usr/bin/env bash
# Prints `key=ID` for $GITHUB_OUTPUT, where ID identifies the roadlint build
# of the action at $1: action.yml caches the binary under it. A moving ref
# such as `v1` cannot be the key, or the cache would keep serving an old
# binary after the tag moved.
#
# A git checkout of the action (`uses: ./`) is identified by its commit. A
# remote action is not a checkout: the runner unpacks an archive of it, so it
# is identified by the hash of its file names and contents, computed with git
# (on every runner, unlike sha256sum).
set -euo pipefail

root=${1:?usage: action-cache-key.sh ACTION_PATH}
cd "$root"
if [[ -e .git ]] && commit=$(git rev-parse -q --verify HEAD); then
  echo "key=commit-$commit"
else
  files=$(find . \( -name .git -o -name target \) -prune -o -type f -print | LC_ALL=C sort)
  hashes=$(git hash-object --stdin-paths <<<"$files")
  echo "key=content-$(paste -d ' ' <(echo "$hashes") <(echo "$files") | git hash-object --stdin)"
fi
