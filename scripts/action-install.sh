#!/usr/bin/env bash
# Installs roadlint for the GitHub Action in action.yml, and is testable
# outside GitHub: every input comes from the environment.
#
#   action-install.sh download   when the action's ref is a release, download
#                                that release's archive for this runner and
#                                its .sha256, verify, unpack. Prints
#                                `bin=PATH` (empty when there is nothing to
#                                download) and `key=ID` (the cache key of a
#                                build from source) for $GITHUB_OUTPUT.
#                                Exits 1, running nothing, when the archive
#                                does not match its checksum.
#   action-install.sh build      build from the action's own source with
#                                `cargo install --locked` (the fallback)
#
#   ACTION_PATH              the action's files (GITHUB_ACTION_PATH)
#   ACTION_REF               github.action_ref: the tag, branch or commit the
#                            workflow's `uses:` names
#   ACTION_REPOSITORY        github.action_repository (default roadlint/roadlint)
#   RUNNER_OS, RUNNER_ARCH   which archive fits (Linux/macOS/Windows, X64/ARM64)
#   RUNNER_TEMP              roadlint goes to $RUNNER_TEMP/roadlint-action/bin
#   ROADLINT_RELEASE_URL     where releases are downloaded from, for mirrors
#                            and tests (default:
#                            $GITHUB_SERVER_URL/$ACTION_REPOSITORY/releases/download);
#                            the archive is $ROADLINT_RELEASE_URL/vVERSION/ARCHIVE
#   ROADLINT_REPOSITORY_URL  the git repository whose tags tell whether a
#                            commit ref is a release (default:
#                            $GITHUB_SERVER_URL/$ACTION_REPOSITORY)
#   ROADLINT_CARGO           cargo for the build (default: cargo)
#
# A ref is a release when it is the tag `vVERSION` of the version in the
# action's Cargo.toml, or a commit that this tag points at: pinning the
# action by commit, as zizmor asks, still gets the released binary. A branch,
# any other commit, or a runner without an archive builds from source.
set -euo pipefail

action=${ACTION_PATH:-${GITHUB_ACTION_PATH:?ACTION_PATH is not set}}
root=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/roadlint-action
repository=${ACTION_REPOSITORY:-${GITHUB_ACTION_REPOSITORY:-roadlint/roadlint}}
[[ -n $repository ]] || repository=roadlint/roadlint
server=${GITHUB_SERVER_URL:-https://github.com}

say() { echo "roadlint: $*" >&2; }

version() {
  sed -n 's/^version = "\(.*\)"$/\1/p' "$action/Cargo.toml" | head -n 1
}

# The version the ref releases, or nothing.
release_of_ref() {
  local ref=${ACTION_REF:-${GITHUB_ACTION_REF:-}} version
  version=$(version)
  [[ -n $ref && -n $version ]] || return 0
  if [[ $ref == "v$version" ]]; then
    echo "$version"
  elif [[ $ref =~ ^[0-9a-f]{40}$ ]]; then
    local url=${ROADLINT_REPOSITORY_URL:-$server/$repository} tags
    if ! tags=$(git ls-remote "$url" "refs/tags/v$version" "refs/tags/v$version^{}" 2>/dev/null); then
      say "cannot list the tags of $url; building from source"
      return 0
    fi
    if grep -q "^$ref[[:space:]]" <<<"$tags"; then
      echo "$version"
    fi
  fi
}

# The release archive's target for this runner, or nothing.
runner_target() {
  case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
    Linux/X64) echo x86_64-unknown-linux-gnu ;;
    Linux/ARM64) echo aarch64-unknown-linux-gnu ;;
    macOS/X64) echo x86_64-apple-darwin ;;
    macOS/ARM64) echo aarch64-apple-darwin ;;
    Windows/X64) echo x86_64-pc-windows-msvc ;;
  esac
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  else
    shasum -a 256 "$1" | cut -d ' ' -f 1
  fi
}

# Fetches $1 to $2; prints the HTTP status (000 when there was no answer).
fetch() {
  curl --silent --show-error --location --retry 3 --proto '=https,http' --proto-redir '=https' \
    --output "$2" --write-out '%{http_code}' "$1" 2>/dev/null || true
}

download() {
  local version target
  version=$(release_of_ref)
  target=$(runner_target)
  if [[ -z $version ]]; then
    say "${ACTION_REF:-${GITHUB_ACTION_REF:-this ref}} is not a release; building from source"
    return 0
  fi
  if [[ -z $target ]]; then
    say "no release archive for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}; building from source"
    return 0
  fi
  local ext=tar.gz exe=
  [[ $target == *windows* ]] && { ext=zip; exe=.exe; }
  local name=roadlint-v$version-$target
  local base=${ROADLINT_RELEASE_URL:-$server/$repository/releases/download}
  local url=${base%/}/v$version/$name.$ext
  local work
  work=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/roadlint-download.XXXXXX")
  local status
  status=$(fetch "$url" "$work/$name.$ext")
  if [[ $status != 200 ]]; then
    say "no release archive at $url (HTTP $status); building from source"
    rm -rf "$work"
    return 0
  fi
  status=$(fetch "$url.sha256" "$work/$name.$ext.sha256")
  if [[ $status != 200 ]]; then
    echo "::error title=roadlint::$url.sha256 could not be downloaded (HTTP $status): the archive cannot be verified, so it is not run"
    rm -rf "$work"
    exit 1
  fi
  local expected actual
  expected=$(head -n 1 "$work/$name.$ext.sha256" | cut -d ' ' -f 1 | tr 'A-F' 'a-f')
  actual=$(sha256 "$work/$name.$ext")
  if [[ ! $expected =~ ^[0-9a-f]{64}$ || $actual != "$expected" ]]; then
    echo "::error title=roadlint::$url does not match its published SHA-256 (expected ${expected:-nothing}, got $actual); refusing to run it. Re-run the job; if it persists, report it at $server/$repository/issues"
    rm -rf "$work"
    exit 1
  fi
  say "verified $name.$ext (sha256 $actual)"
  if [[ $ext == zip ]]; then
    if command -v unzip >/dev/null 2>&1; then
      (cd "$work" && unzip -q "$name.$ext")
    else
      (cd "$work" && 7z x -bd -y "$name.$ext" >/dev/null)
    fi
  else
    tar -xzf "$work/$name.$ext" -C "$work"
  fi
  mkdir -p "$root/bin"
  cp "$work/$name/roadlint$exe" "$root/bin/roadlint$exe"
  chmod +x "$root/bin/roadlint$exe"
  rm -rf "$work"
  local reported
  reported=$("$root/bin/roadlint$exe" --version 2>/dev/null || true)
  if [[ $reported != "roadlint $version" ]]; then
    echo "::error title=roadlint::the release archive $name.$ext holds '$reported', not roadlint $version"
    exit 1
  fi
  echo "bin=$root/bin/roadlint$exe"
}

case ${1:-} in
  download)
    download
    bash "$action/scripts/action-cache-key.sh" "$action"
    ;;
  build)
    "${ROADLINT_CARGO:-cargo}" install --locked --path "$action" --root "$root"
    ;;
  *)
    echo "usage: action-install.sh download|build" >&2
    exit 2
    ;;
esac
