import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../common/contract/errors';
import { ARCHIVE_REDACTIONS } from '../../../common/contract/schemas/archive';
import type { ArchiveRedaction } from '../../../common/contract/schemas/archive';
import { createServices } from '../../createServices';
import { defaultDataDir } from '../../dataDir';
import { invoke } from '../../dispatch';
import type { Command, Io } from '../command';
import { EXIT, UsageError, guarded, parse, printJson, requireFlag } from '../command';

const USAGE = [
  'kaizen archive export --event ID --out FILE.kaizen [--data-dir DIR] [--encrypt --passphrase-file F] [--redact rows,names,free-text] [--json]',
  'kaizen archive import FILE.kaizen --data-dir DIR [--passphrase-file F] [--as-copy | --replace] [--json]',
  '',
  '  export  writes the event (every row of it, its datasets, its change log) as one .kaizen file (a ZIP with',
  '          manifest.json), through a temporary file and a rename. --encrypt: AES-256-GCM, key from scrypt of the',
  '          passphrase in --passphrase-file (its first line). --redact: rows (no raw dataset rows; profiles and KPI',
  '          series stay), names (people become role labels), free-text (notes emptied); the manifest says which.',
  '  import  verifies every SHA-256, the change-log chain and the ZIP structure, then writes in one transaction.',
  '          When the event is already there: --as-copy (new ids) or --replace (the old one saved to',
  '          <data-dir>/backups first). --json prints {"eventId","name","datasets","rows"}.',
  'Exit 0 done, 2 refused (the message names the problem; nothing was written).',
].join('\n');

/** The passphrase: the file's first line (a trailing newline is not part of it). Never echoed, never stored. */
function readPassphrase(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--passphrase-file ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot be read'}.`);
  }
  const first = text.split(/\r?\n/)[0] ?? '';
  if (first === '') throw new UsageError(`--passphrase-file ${file}: the first line is empty.`);
  return first;
}

function redactFlag(value: string | undefined): ArchiveRedaction[] {
  if (value === undefined) return [];
  const parts = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const p of parts) if (!(ARCHIVE_REDACTIONS as readonly string[]).includes(p)) throw new UsageError(`--redact takes ${ARCHIVE_REDACTIONS.join(', ')} (got "${p}").`);
  if (parts.length === 0) throw new UsageError(`--redact needs at least one of ${ARCHIVE_REDACTIONS.join(', ')}.`);
  return parts as ArchiveRedaction[];
}

function progressTo(io: Io, quiet: boolean | undefined) {
  let last = '';
  return (e: { name: string; payload: unknown }) => {
    if (quiet || e.name !== 'job-progressed') return;
    const p = e.payload as { kind: string; done: number; total: number | null; message?: string };
    if (p.kind !== 'archive') return;
    const line = p.total ? `${p.message ?? ''} ${Math.floor((100 * p.done) / Math.max(1, p.total))}%` : (p.message ?? '');
    if (line !== last) io.err(line);
    last = line;
  };
}

/**
 * Runs `work` on the store in `dataDir` with Ctrl+C wired to cancel (the export/import job stops, the temp file goes)
 * and the archive job's progress on stderr; everything is taken down afterwards.
 */
async function withArchiveJob<T>(io: Io, dataDir: string | undefined, quiet: boolean | undefined, work: (services: Awaited<ReturnType<typeof createServices>>, signal: AbortSignal) => Promise<T>): Promise<T> {
  const services = await createServices({ dataDir: dataDir ?? defaultDataDir(), platform: { transport: 'cli' } });
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const off = services.bus.on(progressTo(io, quiet));
  try {
    return await work(services, controller.signal);
  } finally {
    off();
    process.removeListener('SIGINT', onSigint);
    services.close();
  }
}

async function runExport(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, {
    event: { type: 'string' },
    out: { type: 'string' },
    'data-dir': { type: 'string' },
    encrypt: { type: 'boolean' },
    'passphrase-file': { type: 'string' },
    redact: { type: 'string' },
    json: { type: 'boolean' },
    quiet: { type: 'boolean' },
  });
  const eventId = requireFlag(values.event, '--event');
  const out = path.resolve(requireFlag(values.out, '--out'));
  const redact = redactFlag(values.redact);
  const passphrase = readPassphrase(values['passphrase-file']);
  if (values.encrypt && passphrase === undefined) throw new UsageError('--encrypt needs --passphrase-file F (a file whose first line is the passphrase).');
  if (!values.encrypt && passphrase !== undefined) throw new UsageError('--passphrase-file on export needs --encrypt.');
  const r = await withArchiveJob(io, values['data-dir'], values.quiet || values.json, (services, signal) => invoke(services.dispatch, 'archive-export', { eventId, out, redact, passphrase }, { signal }));
  if (values.json) printJson(io, r);
  else io.out(`Wrote ${r.path}: ${r.bytes} bytes${r.encrypted ? ', encrypted' : ''}${r.redacted.length ? `, redacted: ${r.redacted.join(', ')}` : ''}.`);
  return EXIT.ok;
}

async function runImport(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    'data-dir': { type: 'string' },
    'passphrase-file': { type: 'string' },
    'as-copy': { type: 'boolean' },
    replace: { type: 'boolean' },
    json: { type: 'boolean' },
    quiet: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError(`Give one archive: kaizen archive import FILE.kaizen --data-dir DIR (got ${positionals.length}).`);
  if (values['as-copy'] && values.replace) throw new UsageError('Choose one of --as-copy and --replace.');
  const file = path.resolve(positionals[0]!);
  const passphrase = readPassphrase(values['passphrase-file']);
  const mode = values['as-copy'] ? 'copy' : values.replace ? 'replace' : undefined;
  try {
    const r = await withArchiveJob(io, values['data-dir'], values.quiet || values.json, (services, signal) => invoke(services.dispatch, 'archive-import', { source: { kind: 'path', path: file }, passphrase, mode }, { signal }));
    if (values.json) printJson(io, { eventId: r.eventId, name: r.name, datasets: r.datasets, rows: r.rows, ...(r.backup ? { backup: r.backup } : {}) });
    else io.out(`Imported "${r.name}" (${r.eventId}): ${r.datasets} dataset(s), ${r.rows} rows.${r.backup ? ` The replaced event was saved to ${r.backup}.` : ''}`);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof AppError && e.code === 'CONFLICT') throw new UsageError(`${e.message.replace(/ Choose:.*$/, '')} Pass --as-copy to import it with new ids, or --replace to replace it (the current one is saved to backups first).`);
    if (e instanceof AppError && (e.details as { needsPassphrase?: boolean } | undefined)?.needsPassphrase) throw new UsageError(`${e.message.replace(/: give its passphrase\.$/, '')}: pass --passphrase-file F.`);
    throw e;
  }
}

/** `kaizen archive export|import`: one event as a `.kaizen` file that moves between laptops. */
export const archiveCommand: Command = {
  name: 'archive',
  summary: 'Export an event as one .kaizen file (optionally encrypted, redacted); import one (verified, all or nothing)',
  usage: USAGE,
  run: (argv, io) =>
    guarded(io, async () => {
      const [sub, ...rest] = argv;
      if (sub === 'export') return runExport(rest, io);
      if (sub === 'import') return runImport(rest, io);
      throw new UsageError(`kaizen archive needs export or import (got ${sub === undefined ? 'nothing' : `"${sub}"`}).\n\nUsage: ${USAGE}`);
    }),
};
