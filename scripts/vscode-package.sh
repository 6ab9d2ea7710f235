#!/usr/bin/env bash
# Builds the VS Code extension (editors/vscode) into target/vscode/roadlint.vsix
# with the locked dependencies, and checks what the package holds. Running VS
# Code itself is not tested: that needs a download of VS Code.
set -euo pipefail
cd "$(dirname "$0")/../editors/vscode"
npm ci --silent --no-audit --no-fund
out=../../target/vscode
mkdir -p "$out"
# vsce's advice to bundle is noise here; its output is shown only on failure.
if ! log=$(npx --no-install vsce package --out "$out/roadlint.vsix" 2>&1); then
  echo "$log" >&2
  exit 1
fi
listing=$(unzip -l "$out/roadlint.vsix")
for file in extension/package.json extension/extension.js extension/readme.md extension/LICENSE.txt \
  extension/node_modules/vscode-languageclient/package.json; do
  grep -q " $file\$" <<<"$listing" || { echo "error: $file is not in roadlint.vsix" >&2; exit 1; }
done
echo "target/vscode/roadlint.vsix"
