import fs from 'node:fs';
import { formatBytes, MAX_JSON_ARRAY_BYTES } from './limits';
import type { Limits } from './limits';
import { badInput, checkHeaders, readChunks } from './source';
import type { Batch, RawRow, SourceOptions, TableSource } from './source';
import { detectEncoding, StreamDecoder } from './textDecode';

type Base = Readonly<{ fileName: string; size: number; mtime: string }>;
type Obj = Record<string, unknown>;

const BATCH = 2000;

/** JSON value → the raw text the type inference reads (objects and arrays kept as JSON text). */
export function jsonCell(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function isPlainObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own keys in first-seen order, using a Map so no key (e.g. "__proto__") ever touches an object prototype. */
function collectKeys(keys: Map<string, number>, o: Obj): void {
  for (const k of Object.keys(o)) if (!keys.has(k)) keys.set(k, keys.size);
}

function toRow(o: Obj, headers: string[]): RawRow {
  const row: RawRow = new Array(headers.length);
  for (let i = 0; i < headers.length; i++) {
    const k = headers[i]!;
    row[i] = Object.prototype.hasOwnProperty.call(o, k) ? jsonCell(o[k]) : null;
  }
  return row;
}

function decodeWhole(file: string, fileName: string, opts: SourceOptions): { text: string; encoding: string } {
  const head = Buffer.alloc(4096);
  const fd = fs.openSync(file, 'r');
  const n = fs.readSync(fd, head, 0, 4096, 0);
  fs.closeSync(fd);
  const det = detectEncoding(head.subarray(0, n), opts.encoding ?? 'auto');
  const decoder = new StreamDecoder(fileName, det.encoding);
  let text = '';
  for (const c of readChunks(file)) text += decoder.decode(c.bytes, c.last);
  return { text, encoding: det.encoding };
}

/** A JSON file holding an array of objects. Parsed whole, so it has its own size cap. */
export async function openJsonArray(file: string, base: Base, opts: SourceOptions, limits: Limits): Promise<TableSource> {
  const cap = Math.min(MAX_JSON_ARRAY_BYTES, limits.maxFileBytes);
  if (base.size > cap) {
    throw badInput(base.fileName, `JSON arrays are read whole and this one is ${formatBytes(base.size)}, over the ${formatBytes(cap)} limit. Save it as JSON Lines (one object per line) to stream it.`);
  }
  const { text, encoding } = decodeWhole(file, base.fileName, opts);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : null;
    throw badInput(base.fileName, `${line ? `line ${line}: ` : ''}not valid JSON (${(e as Error).message}).`, { line });
  }
  if (!Array.isArray(data)) throw badInput(base.fileName, `JSON must be an array of objects ([{…}, {…}]); this file holds ${data === null ? 'null' : typeof data === 'object' ? 'an object' : `a ${typeof data}`}.`);
  if (data.length === 0) throw badInput(base.fileName, 'the JSON array is empty: there are no rows to import.');
  const keys = new Map<string, number>();
  data.forEach((item, i) => {
    if (!isPlainObject(item)) throw badInput(base.fileName, `item ${i + 1}: JSON must be an array of objects; this item is ${Array.isArray(item) ? 'an array' : item === null ? 'null' : `a ${typeof item}`}.`, { line: i + 1 });
    collectKeys(keys, item);
  });
  const headers = checkHeaders(base.fileName, [...keys.keys()], 'keys');
  const items = data as Obj[];
  let read = 0;
  async function* batches(): AsyncGenerator<Batch> {
    for (let s = 0; s < items.length; s += BATCH) {
      const slice = items.slice(s, s + BATCH);
      read = Math.round((base.size * Math.min(items.length, s + BATCH)) / items.length);
      yield { rows: slice.map((o) => toRow(o, headers)), lines: slice.map((_, i) => s + i + 1) };
    }
  }
  return { ...base, format: 'json', encoding, delimiter: null, quote: null, sheet: null, sheets: [], headers, notes: [], batches, bytesRead: () => read };
}

/** JSON Lines: one object per line, streamed. A first pass collects the keys so every column is known up front. */
export async function openJsonLines(file: string, base: Base, opts: SourceOptions, limits: Limits): Promise<TableSource> {
  const head = Buffer.alloc(4096);
  const fd = fs.openSync(file, 'r');
  const n = fs.readSync(fd, head, 0, 4096, 0);
  fs.closeSync(fd);
  const det = detectEncoding(head.subarray(0, n), opts.encoding ?? 'auto');
  let read = 0;

  function* objects(): Generator<{ objs: Obj[]; lines: number[] }> {
    const decoder = new StreamDecoder(base.fileName, det.encoding);
    let rest = '';
    let line = 1;
    for (const c of readChunks(file)) {
      const text = rest + decoder.decode(c.bytes, c.last);
      const parts = text.split('\n');
      rest = c.last ? '' : parts.pop()!;
      if (rest.length > limits.maxFieldBytes * 4) throw badInput(base.fileName, `line ${line + parts.length}: line over the size limit.`);
      const objs: Obj[] = [];
      const lines: number[] = [];
      for (const p of parts) {
        const t = p.trim();
        if (t !== '') {
          let v: unknown;
          try {
            v = JSON.parse(t);
          } catch (e) {
            throw badInput(base.fileName, `line ${line}: not valid JSON (${(e as Error).message}).`, { line });
          }
          if (!isPlainObject(v)) throw badInput(base.fileName, `line ${line}: each line must hold one JSON object.`, { line });
          objs.push(v);
          lines.push(line);
        }
        line++;
      }
      read = c.offset;
      yield { objs, lines };
    }
  }

  const keys = new Map<string, number>();
  let count = 0;
  for (const b of objects()) {
    for (const o of b.objs) collectKeys(keys, o);
    count += b.objs.length;
  }
  if (count === 0) throw badInput(base.fileName, 'the file has no JSON objects (only blank lines).');
  const headers = checkHeaders(base.fileName, [...keys.keys()], 'keys');
  async function* batches(): AsyncGenerator<Batch> {
    for (const b of objects()) if (b.objs.length > 0) yield { rows: b.objs.map((o) => toRow(o, headers)), lines: b.lines };
  }
  return { ...base, format: 'jsonl', encoding: det.encoding, delimiter: null, quote: null, sheet: null, sheets: [], headers, notes: [], batches, bytesRead: () => read };
}
