import fs from 'node:fs';
import type { AppError } from '../../common/contract/errors';
import { formatBytes } from './limits';
import type { Limits } from './limits';
import { badInput, checkHeaders, readChunks } from './source';
import type { Batch, RawRow, SourceOptions, TableSource } from './source';
import { detectEncoding, StreamDecoder } from './textDecode';
import type { Encoding } from './textDecode';

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

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** What a top-level JSON value that is not an array is, from its first character (for the message). */
function describeStart(c: string): string | null {
  if (c === '{') return 'an object';
  if (c === '"') return 'a string';
  if (c === 'n') return 'null';
  if (c === 't' || c === 'f') return 'a boolean';
  if (c === '-' || (c >= '0' && c <= '9')) return 'a number';
  return null;
}

function shown(c: string): string {
  return c === '"' ? "'\"'" : `"${c}"`;
}

/** Offset of the first JSON syntax error in `t`, or -1; only run after JSON.parse failed without saying where. */
function syntaxErrorAt(t: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < t.length && isSpace(t.charCodeAt(i))) i++;
  };
  const eat = (c: string): boolean => {
    ws();
    if (t[i] !== c) return false;
    i++;
    return true;
  };
  const str = (): boolean => {
    if (!eat('"')) return false;
    for (; i < t.length; i++) {
      const c = t[i]!;
      if (c === '"') return eat('"');
      if (c < ' ') return false;
      if (c === '\\') {
        i++;
        if (t[i] === 'u' && /^[0-9a-f]{4}$/i.test(t.slice(i + 1, i + 5))) i += 4;
        else if (!'"\\/bfnrt'.includes(t[i] ?? 'x')) return false;
      }
    }
    return false;
  };
  const list = (close: string, entry: () => boolean): boolean => {
    i++;
    if (eat(close)) return true;
    do if (!entry()) return false;
    while (eat(','));
    return eat(close);
  };
  const value = (): boolean => {
    ws();
    if (t[i] === '{') return list('}', () => str() && eat(':') && value());
    if (t[i] === '[') return list(']', value);
    if (t[i] === '"') return str();
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
    m.lastIndex = i;
    if (!m.exec(t)) return false;
    i = m.lastIndex;
    return true;
  };
  try {
    const ok = value();
    ws();
    return ok && i === t.length ? -1 : i;
  } catch {
    return -1; // nesting too deep for the stack: say the item's line only
  }
}

/** One element of the top-level array: its value, its 1-based item number and the line it starts on. */
type ArrayItem = Readonly<{ value: unknown; item: number; line: number }>;

/**
 * Streams the elements of a top-level JSON array without holding the file: a scanner tracks strings,
 * escapes and bracket depth to cut out each element's text, which alone is given to JSON.parse. Lines
 * and columns are counted while scanning so errors name where they are in the file.
 */
function* arrayItems(
  file: string,
  fileName: string,
  encoding: Encoding,
  maxItemChars: number,
  chunkBytes: number,
  onChunk: (offset: number) => void,
): Generator<ArrayItem> {
  const fail = (line: number, what: string, column?: number): never => {
    throw badInput(fileName, `line ${line}${column ? `, column ${column}` : ''}: not valid JSON (${what}).`, { line });
  };
  const decoder = new StreamDecoder(fileName, encoding);
  // Phases: before "[", after "[" (item or "]"), after "," (item), in an item, after an item ("," or "]"), after "]".
  let phase = 'start' as 'start' | 'first' | 'next' | 'item' | 'after' | 'end';
  let kind: 'container' | 'string' | 'scalar' = 'container';
  let depth = 0;
  let inStr = false;
  let esc = false;
  let line = 1;
  let abs = 0; // absolute character index of the chunk start
  let lastNl = -1; // absolute index of the last newline seen
  let count = 0;
  let parts: string[] = [];
  let partsLen = 0;
  let itemLine = 1;
  let itemAbs = 0;
  let itemLastNl = -1;

  const tooBig = (): never => {
    throw badInput(fileName, `line ${itemLine}: item ${count + 1} is over the size limit of ${formatBytes(maxItemChars)} (each item is read whole).`, { line: itemLine });
  };
  const finish = (text: string): ArrayItem => {
    count++;
    try {
      return { value: JSON.parse(text) as unknown, item: count, line: itemLine };
    } catch (e) {
      // V8 says where for some errors only ("Unexpected token" quotes the text instead): find it ourselves then.
      const m = /\s*in JSON at position (\d+)(?: \(line \d+ column \d+\))?/.exec((e as Error).message);
      const what = (e as Error).message.replace(m?.[0] ?? /, ".*" is not valid JSON$/s, '');
      const pos = m ? Number(m[1]) : syntaxErrorAt(text);
      if (pos < 0) return fail(itemLine, `item ${count}: ${what}`);
      const before = text.slice(0, pos);
      const nl = before.lastIndexOf('\n');
      return fail(itemLine + before.split('\n').length - 1, `item ${count}: ${what}`, nl >= 0 ? pos - nl : itemAbs + pos - itemLastNl);
    }
  };

  for (const c of readChunks(file, chunkBytes)) {
    let t = decoder.decode(c.bytes, c.last);
    if (abs === 0 && t.charCodeAt(0) === 0xfeff) t = t.slice(1);
    onChunk(c.offset);
    const n = t.length;
    let from = 0; // where the current item's text starts in this chunk
    let i = 0;
    while (i < n) {
      if (inStr) {
        // In a string: jump to the next quote; an odd run of backslashes just before it escapes it.
        // (Line ends inside strings are not counted: JSON does not allow them, so that item fails anyway.)
        if (esc) {
          esc = false;
          i++;
          continue;
        }
        const q = t.indexOf('"', i);
        const stop = q < 0 ? n : q;
        let k = stop;
        while (k > i && t.charCodeAt(k - 1) === 0x5c) k--;
        const odd = (stop - k) % 2 === 1;
        if (q < 0) esc = odd;
        else if (!odd) inStr = false;
        i = q < 0 ? n : q + 1;
        if (inStr || kind !== 'string') continue;
        i = q; // a top-level string item ends at its closing quote
      }
      const ch = t.charCodeAt(i);
      if (ch === 0x0a && lastNl !== abs + i) {
        // (a scalar's closing delimiter is looked at twice: count its newline once)
        line++;
        lastNl = abs + i;
      }
      if (phase === 'item') {
        let end = -1;
        if (kind === 'string') end = i + 1;
        else if (kind === 'scalar') {
          if (ch === 0x2c || ch === 0x5d || isSpace(ch)) end = i;
        } else if (ch === 0x22) inStr = true;
        else if (ch === 0x7b || ch === 0x5b) depth++;
        else if (ch === 0x7d || ch === 0x5d) {
          if (--depth === 0) end = i + 1;
        }
        if (end < 0) {
          i++;
          continue;
        }
        if (partsLen + end - from > maxItemChars) tooBig();
        const text = partsLen === 0 ? t.slice(from, end) : parts.join('') + t.slice(from, end);
        parts = [];
        partsLen = 0;
        phase = 'after';
        yield finish(text);
        if (end === i) continue; // a scalar ends at the delimiter, which is read next
        i++;
        continue;
      }
      if (isSpace(ch)) {
        i++;
        continue;
      }
      const s = t[i]!;
      if (phase === 'start') {
        if (ch !== 0x5b) {
          const what = describeStart(s);
          if (what) throw badInput(fileName, `JSON must be an array of objects ([{…}, {…}]); this file holds ${what}.`);
          fail(line, `unexpected ${shown(s)} at the start of the file`, abs + i - lastNl);
        }
        phase = 'first';
      } else if (phase === 'first' || phase === 'next') {
        if (ch === 0x5d) {
          if (phase === 'next') fail(line, `a comma before "]" after item ${count}: trailing commas are not allowed`, abs + i - lastNl);
          phase = 'end';
        } else {
          if (ch === 0x7b || ch === 0x5b) {
            kind = 'container';
            depth = 1;
          } else if (ch === 0x22) {
            kind = 'string';
            inStr = true;
          } else if (describeStart(s)) kind = 'scalar';
          else fail(line, `unexpected ${shown(s)} where item ${count + 1} should start`, abs + i - lastNl);
          phase = 'item';
          from = i;
          itemLine = line;
          itemAbs = abs + i;
          itemLastNl = lastNl;
        }
      } else if (phase === 'after') {
        if (ch === 0x2c) phase = 'next';
        else if (ch === 0x5d) phase = 'end';
        else fail(line, `expected "," or "]" after item ${count}, found ${shown(s)}`, abs + i - lastNl);
      } else fail(line, `unexpected ${shown(s)} after the end of the array`, abs + i - lastNl);
      i++;
    }
    if (phase === 'item') {
      if (c.last && kind === 'scalar') {
        if (partsLen + n - from > maxItemChars) tooBig();
        phase = 'after';
        yield finish(parts.join('') + t.slice(from));
      } else {
        partsLen += n - from;
        if (partsLen > maxItemChars) tooBig();
        parts.push(t.slice(from));
      }
    }
    abs += n;
  }
  if (phase === 'start') fail(line, 'the file holds no JSON value');
  if (phase !== 'end') fail(line, 'the file ends before the array is closed with "]"; is it cut short?');
}

function notAnObject(fileName: string, it: ArrayItem): AppError {
  const v = it.value;
  return badInput(fileName, `item ${it.item}: JSON must be an array of objects; this item is ${Array.isArray(v) ? 'an array' : v === null ? 'null' : `a ${typeof v}`}.`, { line: it.item });
}

/**
 * A JSON file holding an array of objects, streamed: a first pass parses every item but keeps only
 * the keys (so every column is known up front and errors surface before anything is imported), then
 * each batches() call streams the rows again. Only one item's text is held at a time.
 */
export async function openJsonArray(file: string, base: Base, opts: SourceOptions, limits: Limits, chunkBytes = 64 * 1024): Promise<TableSource> {
  const head = Buffer.alloc(4096);
  const fd = fs.openSync(file, 'r');
  const n = fs.readSync(fd, head, 0, 4096, 0);
  fs.closeSync(fd);
  const det = detectEncoding(head.subarray(0, n), opts.encoding ?? 'auto');
  const maxItemChars = limits.maxFieldBytes * 4;
  let read = 0;
  const items = (onChunk: (offset: number) => void = () => undefined) => arrayItems(file, base.fileName, det.encoding, maxItemChars, chunkBytes, onChunk);

  const headers = opts.knownHeaders ?? keyPass();
  function keyPass(): string[] {
    const keys = new Map<string, number>();
    let count = 0;
    for (const it of items()) {
      if (!isPlainObject(it.value)) throw notAnObject(base.fileName, it);
      collectKeys(keys, it.value);
      count++;
    }
    if (count === 0) throw badInput(base.fileName, 'the JSON array is empty: there are no rows to import.');
    return checkHeaders(base.fileName, [...keys.keys()], 'keys');
  }
  async function* batches(): AsyncGenerator<Batch> {
    let rows: RawRow[] = [];
    let lines: number[] = [];
    read = 0;
    for (const it of items((offset) => (read = offset))) {
      if (!isPlainObject(it.value)) throw notAnObject(base.fileName, it); // the file changed since it was opened
      rows.push(toRow(it.value, headers));
      lines.push(it.item);
      if (rows.length >= BATCH) {
        yield { rows, lines };
        rows = [];
        lines = [];
      }
    }
    if (rows.length > 0) yield { rows, lines };
  }
  return { ...base, format: 'json', encoding: det.encoding, delimiter: null, quote: null, sheet: null, sheets: [], headers, notes: [], batches, bytesRead: () => read };
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
    // 64 KiB chunks: each decodes to a young-generation string (see delimitedSource's CHUNK_BYTES).
    for (const c of readChunks(file, 64 * 1024)) {
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

  const headers = opts.knownHeaders ?? keyPass();
  function keyPass(): string[] {
    const keys = new Map<string, number>();
    let count = 0;
    for (const b of objects()) {
      for (const o of b.objs) collectKeys(keys, o);
      count += b.objs.length;
    }
    if (count === 0) throw badInput(base.fileName, 'the file has no JSON objects (only blank lines).');
    return checkHeaders(base.fileName, [...keys.keys()], 'keys');
  }
  async function* batches(): AsyncGenerator<Batch> {
    for (const b of objects()) if (b.objs.length > 0) yield { rows: b.objs.map((o) => toRow(o, headers)), lines: b.lines };
  }
  return { ...base, format: 'jsonl', encoding: det.encoding, delimiter: null, quote: null, sheet: null, sheets: [], headers, notes: [], batches, bytesRead: () => read };
}
