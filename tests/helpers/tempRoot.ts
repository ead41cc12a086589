import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Vitest global setup: every temp folder a test run makes (stores, e2e data dirs, hostile files, downloads, the
 * processes and Chromium the tests start) goes under one folder per run, through TMPDIR — which os.tmpdir() and the
 * child processes read — and that folder is removed when the run ends. Tests that forget their own clean-up cannot
 * fill the disk: 12,000 leaked folders (80 GB) had piled up in /tmp before this.
 */
export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-run-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    fs.rmSync(root, { recursive: true, force: true });
  };
}
