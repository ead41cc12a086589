import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_CONCURRENT_RENDERS, chromiumPrintToPdf, chromiumSvgToPng, renderStats } from '../../main/reports/pdf/chromium';
import { bundleForNode } from '../helpers/bundle';
import { tempDir, tempServices } from '../helpers/tempServices';

// Fake Chromiums (KAIZEN_CHROMIUM) that leave marks in FAKE_CHROMIUM_MARKS, so the test sees what runs when.
const saved = { chromium: process.env.KAIZEN_CHROMIUM, marks: process.env.FAKE_CHROMIUM_MARKS };
let marks: string;
let bin: string;
beforeEach(() => {
  marks = tempDir('kaizen-marks-');
  bin = tempDir('kaizen-fake-chromium-');
  process.env.FAKE_CHROMIUM_MARKS = marks;
});
afterEach(() => {
  for (const [k, v] of [['KAIZEN_CHROMIUM', saved.chromium], ['FAKE_CHROMIUM_MARKS', saved.marks]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

/** A Chromium that renders in 250 ms: a mark named by its PID while it runs, then the requested output file. */
function quickChromium(): string {
  const file = path.join(bin, 'quick-chromium.cjs');
  fs.writeFileSync(
    file,
    `#!${process.execPath}
const fs = require('fs'), path = require('path');
const mark = path.join(process.env.FAKE_CHROMIUM_MARKS, String(process.pid));
fs.writeFileSync(mark, '');
const arg = process.argv.find((a) => a.startsWith('--print-to-pdf=') || a.startsWith('--screenshot='));
setTimeout(() => { fs.writeFileSync(arg.slice(arg.indexOf('=') + 1), '%PDF-1.4 fake'); fs.rmSync(mark); }, 250);
`,
    { mode: 0o755 },
  );
  return file;
}

/** A Chromium that never finishes and has a helper process of its own, as the real one has (zygote, GPU…). */
function stuckChromium(): string {
  const file = path.join(bin, 'stuck-chromium.sh');
  fs.writeFileSync(file, '#!/bin/sh\nsleep 300 &\necho "$$ $!" > "$FAKE_CHROMIUM_MARKS/started"\nwait\n', { mode: 0o755 });
  return file;
}

/** Alive and not a zombie waiting to be reaped. */
/** A child process exporting a PDF through a Chromium that never finishes (so it can be killed mid-render). */
async function startPdfExportChild() {
  const child = await bundleForNode('tests/integration/reportKillChild.ts');
  const dataDir = tempDir();
  const p = spawn(process.execPath, [child, dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, KAIZEN_CHROMIUM: stuckChromium(), KAIZEN_RESOURCES_DIR: path.resolve('resources') },
  });
  return { p, dataDir };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitFor<T>(probe: () => T | null | undefined | false, ms = 10_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const startedPids = () => {
  try {
    return fs.readFileSync(path.join(marks, 'started'), 'utf8').trim().split(' ').map(Number);
  } catch {
    return null;
  }
};

describe('Chromium renders are queued', () => {
  it('10 parallel PDF renders never run more than 2 Chromium processes at once, and all succeed', async () => {
    process.env.KAIZEN_CHROMIUM = quickChromium();
    const tmpRoot = tempDir('kaizen-scratch-');
    let most = 0;
    const sampler = setInterval(() => (most = Math.max(most, fs.readdirSync(marks).length)), 5);
    try {
      const pdfs = await Promise.all(Array.from({ length: 10 }, (_, i) => chromiumPrintToPdf(`<p>report ${i}</p>`, { tmpRoot })));
      expect(pdfs.map((b) => b.toString())).toEqual(Array(10).fill('%PDF-1.4 fake'));
    } finally {
      clearInterval(sampler);
    }
    expect(MAX_CONCURRENT_RENDERS).toBe(2);
    expect(most).toBe(2);
    expect(renderStats()).toEqual({ running: 0, waiting: 0 });
    expect(fs.readdirSync(tmpRoot)).toEqual([]);
  });

  it('report-download requests arriving together share the same two slots (PDF and PNG alike)', async () => {
    process.env.KAIZEN_CHROMIUM = quickChromium();
    const s = await tempServices();
    try {
      const e = await s.call('demo-create', {});
      let most = 0;
      const sampler = setInterval(() => (most = Math.max(most, renderStats().running, fs.readdirSync(marks).length)), 5);
      const downloads = await Promise.all([
        ...Array.from({ length: 6 }, () => s.call('report-download', { eventId: e.id, format: 'pdf' })),
        ...Array.from({ length: 2 }, () => s.call('report-download', { eventId: e.id, format: 'png', sections: ['root-cause'] })),
      ]).finally(() => clearInterval(sampler));
      expect(downloads.every((d) => d.files.length > 0)).toBe(true);
      expect(most).toBeLessThanOrEqual(2);
      expect(fs.readdirSync(path.join(s.dataDir, 'tmp'))).toEqual([]);
    } finally {
      s.close();
    }
  });

  it('a render cancelled while it waits for a slot leaves the queue without starting Chromium', async () => {
    process.env.KAIZEN_CHROMIUM = stuckChromium();
    const tmpRoot = tempDir('kaizen-scratch-');
    const busy = Array.from({ length: 2 }, () => new AbortController());
    const running = busy.map((c) => chromiumSvgToPng('<svg/>', { width: 10, height: 10 }, { tmpRoot, signal: c.signal }).catch((e: unknown) => e));
    await waitFor(() => renderStats().running === 2);
    const waiting = new AbortController();
    const queued = chromiumPrintToPdf('<p>later</p>', { tmpRoot, signal: waiting.signal });
    await waitFor(() => renderStats().waiting === 1);
    waiting.abort();
    await expect(queued).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(renderStats()).toEqual({ running: 2, waiting: 0 });
    for (const c of busy) c.abort();
    for (const r of await Promise.all(running)) expect(r).toMatchObject({ code: 'CANCELLED' });
    expect(fs.readdirSync(tmpRoot)).toEqual([]);
  });
});

describe('a killed or cancelled PDF export leaves no Chromium and no copy of the report behind', () => {
  it('cancelling kills Chromium with its whole process group and removes the scratch folder', async () => {
    process.env.KAIZEN_CHROMIUM = stuckChromium();
    const s = await tempServices();
    try {
      const e = await s.call('demo-create', {});
      const exporting = s.call('report-download', { eventId: e.id, format: 'pdf', jobId: 'pdf-1' });
      const [shell, helper] = await waitFor(startedPids);
      // While it renders, the report's HTML sits in the data folder's tmp, not the system temp folder.
      const [scratch] = fs.readdirSync(path.join(s.dataDir, 'tmp'));
      expect(scratch).toMatch(new RegExp(`^report-${process.pid}-`));
      expect(fs.readFileSync(path.join(s.dataDir, 'tmp', scratch!, 'page.html'), 'utf8')).toContain(e.name);
      expect(alive(shell!) && alive(helper!)).toBe(true);
      await s.call('job-cancel', { jobId: 'pdf-1' });
      await expect(exporting).rejects.toMatchObject({ code: 'CANCELLED' });
      await waitFor(() => !alive(shell!) && !alive(helper!), 5_000);
      expect(fs.readdirSync(path.join(s.dataDir, 'tmp'))).toEqual([]);
    } finally {
      s.close();
    }
  });

  it('Ctrl-C or SIGTERM mid-render: the process still stops, taking its Chromium group and scratch folder with it', async () => {
    const { p, dataDir } = await startPdfExportChild();
    const [shell, helper] = await waitFor(startedPids, 30_000);
    const exited = new Promise<NodeJS.Signals | null>((r) => p.once('exit', (_code, signal) => r(signal)));
    p.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
    await waitFor(() => !alive(shell!) && !alive(helper!), 5_000);
    expect(fs.readdirSync(path.join(dataDir, 'tmp'))).toEqual([]);
  });

  it('SIGKILL mid-render: the next start kills the orphaned Chromium group and removes the scratch folder', async () => {
    const { p, dataDir } = await startPdfExportChild();
    const [shell, helper] = await waitFor(startedPids, 30_000);
    p.kill('SIGKILL');
    await new Promise((r) => p.once('exit', r));
    // Nobody is left to clean up: the Chromium group and the report's HTML outlive the killed process.
    expect(alive(shell!) && alive(helper!)).toBe(true);
    const leftover = fs.readdirSync(path.join(dataDir, 'tmp'));
    expect(leftover).toEqual([expect.stringMatching(new RegExp(`^report-${p.pid}-`))]);
    expect(fs.existsSync(path.join(dataDir, 'tmp', leftover[0]!, 'page.html'))).toBe(true);
    // The next start on that data folder sweeps both.
    const s = await tempServices({ dataDir });
    try {
      await waitFor(() => !alive(shell!) && !alive(helper!), 5_000);
      expect(fs.readdirSync(path.join(dataDir, 'tmp'))).toEqual([]);
    } finally {
      s.close();
    }
  });
});
