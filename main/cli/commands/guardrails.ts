import fs from 'node:fs';
import path from 'node:path';
import { parseGuardrails } from '../../../common/domain/sustain/guardrails';
import { junitXml } from '../../../common/domain/sustain/formats';
import { createServices } from '../../createServices';
import { defaultDataDir } from '../../dataDir';
import { writeFileAtomic } from '../../reports/atomicWrite';
import { checkGuardrails } from '../../services/sustain/check';
import { exportGuardrails } from '../../services/sustain/guardrails';
import type { Command, Io } from '../command';
import { EXIT, UsageError, guarded, numberFlag, parse, printJson, requireFlag } from '../command';

const USAGE = [
  'kaizen guardrails export --event ID --out guardrails.json [--data-dir DIR] [--drift COL,COL…] [--reference-from DATE --reference-to DATE] [--drift-threshold T]',
  'kaizen guardrails check guardrails.json --data FILE [--data FILE…] [--junit OUT.xml] [--require-data] [--json]',
  '',
  '  export  writes the event\'s guardrails: per dataset KPI its definition, the limits held from the event, tests,',
  '          direction, alert threshold; per drift check the reference bin edges and fractions (no reference rows);',
  '          the registry policy\'s fairness thresholds. --drift adds drift checks of those columns now, reference =',
  '          --reference-from..--reference-to (default: the last 7 days of the data).',
  '  check   recomputes every check on new logs (CSV/TSV/JSON/JSONL/XLSX) and prints',
  '          {"passed","checks":[{"name","kind","status","value","limit","detail"}]}. A check fails only on the KPI\'s bad side.',
  '          --junit writes JUnit XML; --require-data makes a check without data fail too.',
  'Exit 0 all passed, 1 a check failed, 2 bad input (a bad guardrails file names the field).',
].join('\n');

async function runExport(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, {
    event: { type: 'string' },
    out: { type: 'string' },
    'data-dir': { type: 'string' },
    drift: { type: 'string' },
    'reference-from': { type: 'string' },
    'reference-to': { type: 'string' },
    'drift-threshold': { type: 'string' },
    json: { type: 'boolean' },
  });
  const eventId = requireFlag(values.event, '--event');
  const out = path.resolve(requireFlag(values.out, '--out'));
  const day = (v: string | undefined, flag: string) => {
    if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new UsageError(`${flag} must be a date like 2026-11-24 (got "${v}").`);
    return v;
  };
  const driftThreshold = numberFlag(values['drift-threshold'], '--drift-threshold');
  if (driftThreshold !== undefined && !(driftThreshold > 0)) throw new UsageError(`--drift-threshold must be greater than 0 (got ${driftThreshold}).`);
  const services = await createServices({ dataDir: values['data-dir'] ?? defaultDataDir(), platform: { transport: 'cli' } });
  try {
    const file = await exportGuardrails(services.ctx, eventId, {
      driftColumns: values.drift ? values.drift.split(',').map((c) => c.trim()).filter(Boolean) : [],
      referenceFrom: day(values['reference-from'], '--reference-from'),
      referenceTo: day(values['reference-to'], '--reference-to'),
      driftThreshold,
    });
    writeFileAtomic(out, Buffer.from(`${JSON.stringify(file, null, 2)}\n`));
    const summary = { out, kpis: file.kpis.length, drift: file.drift.length, fairness: file.fairness.length, skipped: file.skipped };
    if (values.json) printJson(io, summary);
    else {
      io.out(`Wrote ${out}: ${file.kpis.length} KPI(s), ${file.drift.length} drift check(s), ${file.fairness.length} fairness check(s).`);
      for (const s of file.skipped) io.out(`  skipped ${s.name}: ${s.reason}`);
    }
    return EXIT.ok;
  } finally {
    services.close();
  }
}

async function runCheck(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    data: { type: 'string', multiple: true },
    junit: { type: 'string' },
    'require-data': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError(`Give one guardrails file: kaizen guardrails check guardrails.json --data FILE (got ${positionals.length}).`);
  const file = positionals[0]!;
  const data = values.data ?? [];
  if (data.length === 0) throw new UsageError('--data is required (the new log to check; repeat it for several logs).');
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not readable JSON (${(e as Error).message})`}.`);
  }
  const guardrails = parseGuardrails(raw, path.basename(file));
  const started = Date.now();
  const report = await checkGuardrails(guardrails, data);
  const checks = values['require-data'] ? report.checks.map((c) => (c.status === 'no-data' ? { ...c, status: 'fail' as const, detail: `${c.detail} (--require-data)` } : c)) : report.checks;
  const passed = checks.every((c) => c.status !== 'fail');
  if (values.junit) writeFileAtomic(path.resolve(values.junit), Buffer.from(junitXml(`Kaizen guardrails: ${guardrails.event.name}`, checks, new Date().toISOString(), (Date.now() - started) / 1000)));
  if (values.json) printJson(io, { passed, checks });
  else {
    for (const c of checks) io.out(`${c.status.toUpperCase().padEnd(7)} ${c.name}: ${c.detail}`);
    io.out(passed ? 'All guardrails held.' : `${checks.filter((c) => c.status === 'fail').length} guardrail(s) failed.`);
  }
  return passed ? EXIT.ok : EXIT.findings;
}

/** `kaizen guardrails export|check`: the event's limits as a file, checked on new logs in CI. */
export const guardrailsCommand: Command = {
  name: 'guardrails',
  summary: 'Export an event\'s KPI limits, drift and fairness checks; check new logs against them in CI (exit 1 on a failure)',
  usage: USAGE,
  run: (argv, io) =>
    guarded(io, async () => {
      const [sub, ...rest] = argv;
      if (sub === 'export') return runExport(rest, io);
      if (sub === 'check') return runCheck(rest, io);
      throw new UsageError(`kaizen guardrails needs export or check (got ${sub === undefined ? 'nothing' : `"${sub}"`}).\n\nUsage: ${USAGE}`);
    }),
};
