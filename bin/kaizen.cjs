#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is built to out/cli/index.cjs by `npm install` (prepare) or `npm run build`.
const path = require('node:path');
const fs = require('node:fs');
const entry = path.resolve(__dirname, '..', process.env.KAIZEN_OUT_DIR || 'out', 'cli', 'index.cjs');
if (!fs.existsSync(entry)) {
  console.error('kaizen: the CLI is not built yet. Run `npm run build` (or `npm install`) first.');
  process.exit(2);
}
require(entry).runCli();
