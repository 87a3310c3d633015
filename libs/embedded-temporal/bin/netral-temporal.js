#!/usr/bin/env node
/**
 * Command line of the embedded Temporal server (`netral-temporal server start-dev ...`). Runs the compiled
 * build when present, else the TypeScript source through tsx.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const compiled = path.join(__dirname, '../../../dist/libs/embedded-temporal/src/cli.js');
let cli;
if (fs.existsSync(compiled)) {
  cli = require(compiled);
} else {
  process.env.TSX_TSCONFIG_PATH =
    process.env.TSX_TSCONFIG_PATH || path.join(__dirname, '../../../tsconfig.json');
  require('tsx/cjs');
  cli = require('../src/cli.ts');
}
cli.main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`${e && e.stack ? e.stack : String(e)}\n`);
  process.exit(1);
});
