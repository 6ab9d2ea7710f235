#!/usr/bin/env bash
# Builds the release archive of roadlint for one target, as the release
# workflow (.github/workflows/release.yml) attaches it to a GitHub release,
# plus its SHA-256 checksum file:
#
#   scripts/package.sh [TARGET]
#
#   TARGET               a Rust target triple; default: this machine's. The
#                        host's own target is built without --target, so the
#                        build is the same `cargo build --release --locked`
#                        that CI runs anyway (target/release/roadlint).
#   ROADLINT_DIST_DIR    where the archive goes (default: target/dist)
#   ROADLINT_NO_BUILD=1  package the binary already built, without cargo
#   ROADLINT_BINARY      package this binary instead (implies no build; the
#                        tests package their own debug build this way)
#
# The archive, roadlint-vVERSION-TARGET.tar.gz (.zip for Windows), holds one
# folder of the same name with:
#
#   roadlint (roadlint.exe)   the binary
#   complete/                 roadlint.bash, _roadlint (zsh), roadlint.fish,
#                             _roadlint.ps1 (PowerShell), roadlint.elv (Elvish)
#   doc/roadlint.1            the man page
#   README.md, LICENSE-MIT, LICENSE-APACHE
#
# and ARCHIVE.sha256 beside it holds `HASH  ARCHIVE`, as `sha256sum -c` and
# `shasum -a 256 -c` read it. Completions and the man page come from the
# binary itself (`roadlint completions SHELL`, `roadlint completions man`),
# so the target must run where it is packaged: the workflow builds each
# target on a runner of its own kind. Prints the archive's path.
set -euo pipefail
cd "$(dirname "$0")/.."

host=$(rustc -vV | sed -n 's/^host: //p')
target=${1:-$host}
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
[[ -n $version ]] || { echo "package.sh: no version in Cargo.toml" >&2; exit 1; }
dist=${ROADLINT_DIST_DIR:-target/dist}

if [[ $target == "$host" ]]; then
  build=(cargo build --release --locked)
  out=target/release
else
  build=(cargo build --release --locked --target "$target")
  out=target/$target/release
fi
case $target in
  *windows*) exe=.exe; format=zip ;;
  *) exe=; format=tar.gz ;;
esac
binary=${ROADLINT_BINARY:-$out/roadlint$exe}
if [[ ${ROADLINT_NO_BUILD:-} != 1 && -z ${ROADLINT_BINARY:-} ]]; then
  "${build[@]}"
fi
[[ -x $binary ]] || { echo "package.sh: $binary is missing; build it or drop ROADLINT_NO_BUILD" >&2; exit 1; }

# The binary must be the version the archive is named after.
reported=$("$binary" --version)
[[ $reported == "roadlint $version" ]] || {
  echo "package.sh: $binary says '$reported', expected 'roadlint $version'" >&2
  exit 1
}

name=roadlint-v$version-$target
mkdir -p "$dist"
dist=$(cd "$dist" && pwd)
stage=$(mktemp -d "${TMPDIR:-/tmp}/roadlint-package.XXXXXX")
trap 'rm -rf "$stage"' EXIT
root=$stage/$name
mkdir -p "$root/complete" "$root/doc"
cp "$binary" "$root/roadlint$exe"
# Symbols are for profiling the build tree, not for users (the release
# profile keeps them for callgrind); Windows keeps its own in a .pdb.
if [[ -z $exe ]] && command -v strip >/dev/null 2>&1; then
  strip "$root/roadlint"
fi
cp README.md LICENSE-MIT LICENSE-APACHE "$root/"
"$binary" completions bash >"$root/complete/roadlint.bash"
"$binary" completions zsh >"$root/complete/_roadlint"
"$binary" completions fish >"$root/complete/roadlint.fish"
"$binary" completions powershell >"$root/complete/_roadlint.ps1"
"$binary" completions elvish >"$root/complete/roadlint.elv"
"$binary" completions man >"$root/doc/roadlint.1"

archive=$name.$format
rm -f "$dist/$archive" "$dist/$archive.sha256"
if [[ $format == zip ]]; then
  if command -v 7z >/dev/null 2>&1; then
    (cd "$stage" && 7z a -tzip -bd "$dist/$archive" "$name" >/dev/null)
  else
    (cd "$stage" && zip -qr "$dist/$archive" "$name")
  fi
else
  # Owner and order fixed, so the archive does not depend on who built it.
  tar_flags=(--owner=0 --group=0 --numeric-owner)
  tar --version 2>/dev/null | grep -q 'GNU tar' || tar_flags=()
  (cd "$stage" && tar "${tar_flags[@]}" -czf "$dist/$archive" "$name")
fi

if command -v sha256sum >/dev/null 2>&1; then
  sum=(sha256sum)
else
  sum=(shasum -a 256)
fi
hash=$(cd "$dist" && "${sum[@]}" "$archive" | cut -d ' ' -f 1)
printf '%s  %s\n' "$hash" "$archive" >"$dist/$archive.sha256"
echo "$dist/$archive"
