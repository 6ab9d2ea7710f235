#!/usr/bin/env bash
# Side-by-side timing on one generated corpus: roadlint's full check against
# schema-only validators (ajv-cli, check-jsonschema) and the git read floor
# (`git cat-file --batch` over the same blobs). Prints medians and ratios.
#
#   scripts/compare.sh [N proposals, default 10000] [runs, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
runs="${2:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release --locked --bin roadlint --example corpus >/dev/null
target/release/examples/corpus "$work/repo" "$n" >/dev/null

# Peers, installed into the scratch folder (npm) or the user's Python (PyPI).
npm install --silent --prefix "$work/npm" ajv-cli@5 ajv-formats@3 >/dev/null 2>&1
command -v check-jsonschema >/dev/null 2>&1 || python3 -m pip install --quiet check-jsonschema >/dev/null
git -C "$work/repo" ls-tree -r HEAD --format='%(objectname)' > "$work/blobs"

export ROADLINT="$PWD/target/release/roadlint" SCHEMA="$PWD/schemas/proposal.schema.json" \
  AJV="$work/npm/node_modules/.bin/ajv" WORK="$work" RUNS="$runs"
python3 - <<'PY'
import os, statistics, subprocess, time, resource, glob

work, runs = os.environ["WORK"], int(os.environ["RUNS"])
repo = os.path.join(work, "repo")
proposals = sorted(glob.glob(os.path.join(repo, "roadmap/proposals/*.yaml")))

def timed(cmd, **kw):
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)

with open(os.path.join(work, "blobs"), "rb") as blobs:
    ids = blobs.read()
rows = [
    ("git cat-file --batch (read floor)", timed(["git", "cat-file", "--batch"], input=ids)),
    ("roadlint check --rev HEAD (schema + all rules)",
     timed([os.environ["ROADLINT"], "check", "--rev", "HEAD", "--format", "json", "--today", "2026-11-25"])),
    ("ajv-cli --all-errors (proposal schema only)",
     timed([os.environ["AJV"], "validate", "--spec=draft2020", "--all-errors", "-c", "ajv-formats",
            "-s", os.environ["SCHEMA"], "-d", "roadmap/proposals/*.yaml"])),
    ("check-jsonschema (proposal schema only)",
     timed(["check-jsonschema", "--schemafile", os.environ["SCHEMA"], *proposals])),
]
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
floor = rows[0][1]
roadlint = rows[1][1]
print(f"{len(proposals)} proposals, median of {runs} runs")
print(f"{'command':<50} {'median':>9} {'x floor':>8} {'x roadlint':>11}")
for name, t in rows:
    print(f"{name:<50} {t*1000:>7.0f}ms {t/floor:>8.1f} {t/roadlint:>11.2f}")
peak = subprocess.run(["/usr/bin/time", "-f", "%M", os.environ["ROADLINT"], "check", "--rev", "HEAD",
                       "--format", "json", "--today", "2026-11-25"], cwd=repo,
                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr.strip().splitlines()[-1]
print(f"roadlint peak memory: {int(peak)/1024:.0f} MB")
PY
