import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../common/contract/errors';
import type { Fingerprint } from '../source';
import type { LinkedFormat } from './sql';

/**
 * The local files a DuckDB link reads: the format from the name, Parquet's own checks (magic bytes, footer length)
 * before DuckDB sees a file, and the fingerprint that tells whether the rows changed since linking:
 * Parquet: size + mtime + SHA-256 of the footer (the schema and row-group statistics live there, so a rewrite changes
 * it); a folder: the same for every .parquet file under it, combined; CSV/TSV/JSON Lines: size + mtime + SHA-256 of
 * the first and last 64 KiB (hashing a 10 GB text file at every query would cost more than the query).
 */

const MAGIC = Buffer.from('PAR1');
const EDGE = 64 * 1024;

export const missingFile = (p: string) =>
  new AppError('NOT_FOUND', `The linked file ${p} is missing (moved, renamed or deleted?). Put it back, or re-link the dataset to where it is now.`, { path: p });

/** The format of a path: a folder of Parquet files, or by extension. */
export function detectFormat(p: string): LinkedFormat {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    throw missingFile(p);
  }
  if (st.isDirectory()) {
    if (parquetFilesUnder(p).length === 0) throw new AppError('BAD_INPUT', `The folder ${p} holds no .parquet files; link a folder of Parquet files (hive partitions such as day=2026-01-01/ are read as columns).`);
    return 'parquet-folder';
  }
  const ext = path.extname(p).toLowerCase();
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  if (ext === '.csv') return 'csv';
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  throw new AppError('BAD_INPUT', `${path.basename(p)}: a linked dataset reads Parquet (.parquet, or a folder of them), CSV (.csv), TSV (.tsv) or JSON Lines (.jsonl, .ndjson); use "Import file…" for other formats.`);
}

export function parquetFilesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map(String)
    .filter((f) => f.toLowerCase().endsWith('.parquet'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** The footer of a Parquet file (after checking the magic bytes and the footer length): a clear error when it is not one. */
export function parquetFooter(p: string): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(p, 'r');
  } catch {
    throw missingFile(p);
  }
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(4);
    const tail = Buffer.alloc(8);
    if (size >= 4) fs.readSync(fd, head, 0, 4, 0);
    if (!head.equals(MAGIC)) throw new AppError('BAD_INPUT', `${p} is not a Parquet file (it does not start with PAR1). Link a .parquet file, or a CSV/TSV/JSON Lines file by its own extension.`, { path: p });
    if (size < 12) throw truncated(p);
    fs.readSync(fd, tail, 0, 8, size - 8);
    if (!tail.subarray(4).equals(MAGIC)) throw truncated(p);
    const len = tail.readUInt32LE(0);
    if (len <= 0 || len > size - 12) throw truncated(p);
    const footer = Buffer.alloc(len);
    fs.readSync(fd, footer, 0, len, size - 8 - len);
    return footer;
  } finally {
    fs.closeSync(fd);
  }
}

const truncated = (p: string) =>
  new AppError('BAD_INPUT', `${p} is a truncated or damaged Parquet file (its footer is missing or cut off); copy it again from where it came from.`, { path: p });

function statOrMissing(p: string): fs.Stats {
  try {
    return fs.statSync(p);
  } catch {
    throw missingFile(p);
  }
}

function fileParts(p: string, format: LinkedFormat): Record<string, string | number> {
  const st = statOrMissing(p);
  const parts: Record<string, string | number> = { size: st.size, mtime: st.mtime.toISOString() };
  if (format === 'parquet' || format === 'parquet-folder') {
    parts.footerSha256 = createHash('sha256').update(parquetFooter(p)).digest('hex');
  } else {
    const fd = fs.openSync(p, 'r');
    try {
      const h = createHash('sha256');
      const a = Buffer.alloc(Math.min(EDGE, st.size));
      fs.readSync(fd, a, 0, a.length, 0);
      h.update(a);
      const b = Buffer.alloc(Math.min(EDGE, st.size));
      fs.readSync(fd, b, 0, b.length, Math.max(0, st.size - b.length));
      h.update(b);
      parts.edgesSha256 = h.digest('hex');
    } finally {
      fs.closeSync(fd);
    }
  }
  return parts;
}

/** The fingerprint of a linked location now (see the top of this file). */
export function fileFingerprint(format: LinkedFormat, location: string): Fingerprint {
  if (format === 'parquet-folder') {
    statOrMissing(location);
    const files = parquetFilesUnder(location);
    if (files.length === 0) throw missingFile(path.join(location, '*.parquet'));
    const h = createHash('sha256');
    let size = 0;
    for (const f of files) {
      const parts = fileParts(f, format);
      size += Number(parts.size);
      h.update(`${path.relative(location, f)}\u0000${parts.size}\u0000${parts.mtime}\u0000${parts.footerSha256}\n`);
    }
    const value = h.digest('hex');
    return { value, parts: { files: files.length, size, combinedSha256: value } };
  }
  const parts = fileParts(location, format);
  const value = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  return { value, parts };
}
