#!/usr/bin/env node
/**
 * Command line of the embedded Temporal server (`netral-temporal server start-dev ...`). Runs the compiled
 * build when it is present and up to date, else the TypeScript source through tsx (in this process, so
 * that a SIGKILL reaches the server itself).
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const sourceDir = path.join(__dirname, '../src');
const compiled = path.join(__dirname, '../../../dist/libs/embedded-temporal/src/cli.js');

/** Newest modification time of the TypeScript sources. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

let cli;
if (fs.existsSync(compiled) && fs.statSync(compiled).mtimeMs >= newestSource(sourceDir)) {
  cli = require(compiled);
} else {
  process.env.TSX_TSCONFIG_PATH =
    process.env.TSX_TSCONFIG_PATH || path.join(__dirname, '../../../tsconfig.json');
  require('tsx/cjs');
  cli = require('../src/cli.ts');
}
cli.main(process.argv.slice(2), { watchdogPath: path.join(__dirname, 'watchdog.js') }).catch((e) => {
  process.stderr.write(`${e && e.stack ? e.stack : String(e)}\n`);
  process.exit(1);
});
