import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_LIMITS, formatBytes } from '../limits';
import type { Limits } from '../limits';
import { badInput } from './base';
import type { FileFormat, SourceOptions, TableSource } from './base';
import { openDelimited } from './delimited';
import { openJsonArray, openJsonLines } from './json';
import { openXlsx } from './xlsx';

// The format switch. The readers (delimited, json, xlsx) build on ./base, which imports none of them.
export * from './base';

export function formatFromName(file: string): FileFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.json') return 'json';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  return 'csv';
}

/**
 * Opens a table file of any supported format: checks size limits before reading, detects
 * encoding/delimiter/quote, reads and checks the header, and returns a re-startable row stream.
 */
export async function openSource(file: string, opts: SourceOptions = {}): Promise<TableSource> {
  const fileName = opts.displayName ?? path.basename(file);
  const limits: Limits = { ...DEFAULT_LIMITS, ...opts.limits };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw badInput(fileName, 'the file does not exist or cannot be read.');
  }
  if (!stat.isFile()) throw badInput(fileName, 'is not a file.');
  if (stat.size > limits.maxFileBytes) {
    throw badInput(fileName, `the file is ${formatBytes(stat.size)}, over the import limit of ${formatBytes(limits.maxFileBytes)}. Split it or import a filtered extract.`);
  }
  if (stat.size === 0) throw badInput(fileName, 'the file is empty (0 bytes).');
  const format = opts.format ?? formatFromName(file);
  const base = { fileName, size: stat.size, mtime: stat.mtime.toISOString() };
  const src =
    format === 'json'
      ? await openJsonArray(file, base, opts, limits)
      : format === 'jsonl'
        ? await openJsonLines(file, base, opts, limits)
        : format === 'xlsx'
          ? await openXlsx(file, base, opts, limits)
          : await openDelimited(file, base, { ...opts, format }, limits);
  // Before anything is stored or previewed: SQLite's "too many columns" would come only after the whole file was read.
  if (src.headers.length > limits.maxColumns) {
    throw badInput(fileName, `the file has ${src.headers.length.toLocaleString('en-US')} columns, over the limit of ${limits.maxColumns.toLocaleString('en-US')} columns per dataset. Import an extract with the columns you need.`, { columns: src.headers.length, limit: limits.maxColumns });
  }
  return src;
}
