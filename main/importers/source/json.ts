import fs from 'node:fs';
import type { AppError } from '../../../common/contract/errors';
import type { ImportWarning } from '../../../common/contract/schemas/datasets';
import { formatBytes, MAX_JSON_DEPTH } from '../limits';
import type { Limits } from '../limits';
import { badInput, checkHeaders, readChunks } from './base';
import type { Batch, RawRow, RecordsAt, SourceOptions, TableSource } from './base';
import { detectEncoding, StreamDecoder } from '../textDecode';
import type { Encoding } from '../textDecode';

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

/**
 * Keys in `v` and every object nested in it, or -1 when it nests deeper than MAX_JSON_DEPTH (at `depth`
 * levels already). JSON.parse keeps the last of repeated keys, so fewer keys than the text's colons
 * outside strings means an object repeated a key.
 */
function countKeys(v: unknown, depth = 1): number {
  if (typeof v !== 'object' || v === null) return 0;
  if (depth > MAX_JSON_DEPTH) return -1;
  let n = 0;
  if (Array.isArray(v)) {
    for (const x of v) {
      if (typeof x !== 'object' || x === null) continue;
      const k = countKeys(x, depth + 1);
      if (k < 0) return -1;
      n += k;
    }
    return n;
  }
  for (const key in v) {
    n++;
    const x = (v as Obj)[key];
    if (typeof x !== 'object' || x === null) continue;
    const k = countKeys(x, depth + 1);
    if (k < 0) return -1;
    n += k;
  }
  return n;
}

/** The first key an object in `text` repeats (rare path: only run once a record is known to repeat one). */
export function repeatedKey(text: string): string | null {
  const stack: { keys: Set<string> | null; expectKey: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, j + 1)) as string;
        } catch {
          return null;
        }
        if (top.keys.has(key)) return key;
        top.keys.add(key);
        top.expectKey = false;
      }
      i = j;
    } else if (c === '{') stack.push({ keys: new Set(), expectKey: true });
    else if (c === '[') stack.push({ keys: null, expectKey: false });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',' && stack.length > 0) stack[stack.length - 1]!.expectKey = true;
  }
  return null;
}

/** Collects the records that repeat a key, for one warning (the last value wins, as with JSON.parse). */
class RepeatedKeys {
  private count = 0;
  private readonly first: string[] = [];

  add(where: string, text: string): void {
    if (this.count++ < 3) {
      const key = repeatedKey(text);
      this.first.push(key === null ? where : `${where} ("${key}")`);
    }
  }

  warnings(fileName: string): ImportWarning[] {
    if (this.count === 0) return [];
    const more = this.count > this.first.length ? ` and ${this.count - this.first.length} more` : '';
    return [{ code: 'duplicate-keys', column: null, count: this.count, message: `${fileName}: ${this.count === 1 ? 'a record repeats a key' : `${this.count} records repeat a key`} in one object: ${this.first.join(', ')}${more}. The last value of a repeated key is kept (as JSON.parse does); the earlier ones are not imported.` }];
  }
}

/** Colons outside strings in one JSON text: one per key of every object in it. */
function colonsIn(t: string): number {
  let colons = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 0x3a) colons++;
    else if (c === 0x22) {
      // To the closing quote: one not preceded by an odd run of backslashes.
      for (let j = i + 1; ; j = i + 1) {
        i = t.indexOf('"', j);
        if (i < 0) return colons; // unterminated: JSON.parse has said so already
        let k = i;
        while (k > j && t.charCodeAt(k - 1) === 0x5c) k--;
        if ((i - k) % 2 === 0) break;
      }
    }
  }
  return colons;
}

const tooDeep = (max: number) => `nested deeper than ${max} levels (objects and arrays inside each other); flatten the data, or export it as CSV.`;

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

/**
 * One element of the array of records: its value, its 1-based item number, the line it starts on, its
 * text and the colons outside strings in it (more colons than keys: an object repeated a key).
 */
type ArrayItem = Readonly<{ value: unknown; item: number; line: number; text: string; colons: number }>;

/** Where the array of records starts when it is inside a top-level object: `{"records": [ … ]}`. */

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
  records: RecordsAt | null = null,
): Generator<ArrayItem> {
  const fail = (line: number, what: string, column?: number): never => {
    throw badInput(fileName, `line ${line}${column ? `, column ${column}` : ''}: not valid JSON (${what}).`, { line });
  };
  const decoder = new StreamDecoder(fileName, encoding);
  // Phases: before "[", after "[" (item or "]"), after "," (item), in an item, after an item ("," or "]"), after "]".
  let phase = 'start' as 'start' | 'first' | 'next' | 'item' | 'after' | 'end';
  let kind: 'container' | 'string' | 'scalar' = 'container';
  let depth = 0;
  let colons = 0;
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
      return { value: JSON.parse(text) as unknown, item: count, line: itemLine, text, colons };
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
    if (records && abs + n <= records.at) {
      abs += n; // before the array of records (the outline pass checked this part)
      continue;
    }
    if (records && abs <= records.at) {
      i = records.at - abs;
      line = records.line;
      lastNl = records.lastNl;
    }
    while (i < n) {
      if (records && phase === 'end') return; // the rest of the object was checked by the outline pass
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
        else if (ch === 0x7b || ch === 0x5b) {
          if (++depth > MAX_JSON_DEPTH) throw badInput(fileName, `item ${count + 1} (line ${itemLine}): ${tooDeep(MAX_JSON_DEPTH)}`, { line: itemLine });
        } else if (ch === 0x3a) colons++;
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
            colons = 0;
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
  if (records && phase === 'end') return;
  if (phase === 'start') fail(line, 'the file holds no JSON value');
  if (phase !== 'end') fail(line, 'the file ends before the array is closed with "]"; is it cut short?');
}

function notAnObject(fileName: string, it: ArrayItem): AppError {
  const v = it.value;
  return badInput(fileName, `item ${it.item}: JSON must be an array of objects; this item is ${Array.isArray(v) ? 'an array' : v === null ? 'null' : `a ${typeof v}`}.`, { line: it.item });
}

type ArrayAt = RecordsAt & { records: boolean };
/** What a file starting with "{" holds: JSON Lines (another object follows the first), or one object. */
type Outline =
  | { kind: 'array' }
  | { kind: 'lines' }
  | { kind: 'object'; keys: string[]; arrays: ArrayAt[]; closed: boolean; line: number; trailing: { line: number; column: number; ch: string } | null };

/**
 * A first look at a file whose first value is an object (anything else: `{kind:'array'}` at once). The
 * object is scanned like arrayItems scans (strings skipped, lines counted the same way) for its keys and
 * the arrays among their values — where each starts and whether its first item is an object; it stops
 * after the object at the next character, so JSON Lines are told after their first line.
 */
function outline(file: string, fileName: string, encoding: Encoding, chunkBytes: number): Outline {
  const decoder = new StreamDecoder(fileName, encoding);
  let abs = 0;
  let line = 1;
  let lastNl = -1;
  let depth = 0;
  let inStr = false;
  let esc = false;
  let started = false;
  let closed = false;
  // At depth 1: expecting a key, the ":" after it, its value, or "," after the value.
  let expect = 'key' as 'key' | 'colon' | 'value' | 'after';
  let key: string[] | null = null; // the key being read (up to 4,096 characters kept)
  let keyLen = 0;
  let keyName = '';
  const keys: string[] = [];
  const arrays: ArrayAt[] = [];
  let firstItemOf: ArrayAt | null = null;
  const keep = (part: string) => {
    if (key && keyLen < 4096) {
      key.push(part);
      keyLen += part.length;
    }
  };
  for (const c of readChunks(file, chunkBytes)) {
    let t = decoder.decode(c.bytes, c.last);
    if (abs === 0 && t.charCodeAt(0) === 0xfeff) t = t.slice(1);
    const n = t.length;
    let i = 0;
    while (i < n) {
      if (inStr) {
        if (esc) {
          esc = false;
          keep(t[i]!);
          i++;
          continue;
        }
        const q = t.indexOf('"', i);
        const stop = q < 0 ? n : q;
        let k = stop;
        while (k > i && t.charCodeAt(k - 1) === 0x5c) k--;
        const odd = (stop - k) % 2 === 1;
        keep(t.slice(i, stop));
        if (q < 0) {
          esc = odd;
          i = n;
          continue;
        }
        i = q + 1;
        if (odd) {
          keep('"');
          continue;
        }
        inStr = false;
        if (key) {
          const raw = key.join('');
          key = null;
          try {
            keyName = JSON.parse(`"${raw}"`) as string;
          } catch {
            keyName = raw;
          }
          keys.push(keyName);
          expect = 'colon';
        }
        continue;
      }
      const ch = t.charCodeAt(i);
      if (ch === 0x0a) {
        line++;
        lastNl = abs + i;
      }
      if (isSpace(ch)) {
        i++;
        continue;
      }
      if (!started) {
        if (ch !== 0x7b) return { kind: 'array' };
        started = true;
        depth = 1;
        i++;
        continue;
      }
      if (closed) {
        if (ch === 0x7b) return { kind: 'lines' };
        return { kind: 'object', keys, arrays, closed, line, trailing: { line, column: abs + i - lastNl, ch: t[i]! } };
      }
      if (firstItemOf) {
        firstItemOf.records = ch === 0x7b;
        firstItemOf = null;
      }
      if (ch === 0x22) {
        inStr = true;
        if (depth === 1 && expect === 'key') {
          key = [];
          keyLen = 0;
        } else if (depth === 1) expect = 'after';
      } else if (ch === 0x7b || ch === 0x5b) {
        if (depth === 1 && ch === 0x5b && expect === 'value') {
          firstItemOf = { key: keyName, at: abs + i, line, lastNl, records: false };
          arrays.push(firstItemOf);
        }
        if (depth === 1) expect = 'after';
        depth++;
      } else if (ch === 0x7d || ch === 0x5d) {
        if (--depth === 0) closed = true;
      } else if (depth === 1) {
        if (ch === 0x3a) expect = 'value';
        else if (ch === 0x2c) expect = 'key';
        else expect = 'after';
      }
      i++;
    }
    abs += n;
  }
  if (!started) return { kind: 'array' }; // empty or blank: arrayItems says so
  return { kind: 'object', keys, arrays, closed, line, trailing: null };
}

const keyList = (keys: readonly string[]) => keys.slice(0, 8).map((k) => `"${k}"`).join(', ') + (keys.length > 8 ? `, … (${keys.length} keys)` : '');

/**
 * Where the records are in a file whose first value is an object: JSON Lines (warned, read as such),
 * the one array of objects among its keys (warned, streamed from there), or a message saying what the
 * object holds instead.
 */
function findRecords(fileName: string, o: Exclude<Outline, { kind: 'array' | 'lines' }>): { at: RecordsAt; warning: ImportWarning } {
  if (o.trailing) {
    throw badInput(fileName, `line ${o.trailing.line}, column ${o.trailing.column}: not valid JSON (unexpected ${shown(o.trailing.ch)} after the end of the object).`, { line: o.trailing.line });
  }
  if (!o.closed) throw badInput(fileName, `line ${o.line}: not valid JSON (the file ends before the object is closed with "}"; is it cut short?).`, { line: o.line });
  const recs = o.arrays.filter((a) => a.records);
  if (recs.length === 0) {
    const what = o.keys.length === 0 ? 'an empty object' : `an object (keys ${keyList(o.keys)}) with no array of objects in it`;
    throw badInput(fileName, `JSON must be an array of objects ([{…}, {…}]) or an object holding one ({"records": [{…}, …]}); this file holds ${what}.`);
  }
  if (recs.length > 1) {
    throw badInput(fileName, `the top-level object holds ${recs.length} arrays of objects (${keyList(recs.map((a) => a.key))}); it is not clear which holds the rows. Save the one to import as its own file (an array of objects).`, { keys: recs.map((a) => a.key) });
  }
  const { records: _r, ...at } = recs[0]!;
  return { at, warning: { code: 'json-records', column: null, message: `${fileName} holds an object, not an array: its rows were read from the array of objects under the key "${at.key}" (the object's other keys are not imported).` } };
}

/**
 * A JSON file holding an array of objects, streamed: a first pass parses every item but keeps only
 * the keys (so every column is known up front and errors surface before anything is imported), then
 * each batches() call streams the rows again. Only one item's text is held at a time. A file that is
 * one object holding one array of objects (`{"records": […]}`) gives that array's items; a `.json` file
 * that holds JSON Lines is read as JSON Lines; either with a warning.
 */
export async function openJsonArray(file: string, base: Base, opts: SourceOptions, limits: Limits, chunkBytes = 64 * 1024): Promise<TableSource> {
  const head = Buffer.alloc(4096);
  const fd = fs.openSync(file, 'r');
  const n = fs.readSync(fd, head, 0, 4096, 0);
  fs.closeSync(fd);
  const det = detectEncoding(head.subarray(0, n), opts.encoding ?? 'auto');
  const maxItemChars = limits.maxFieldBytes * 4;
  let read = 0;
  const warnings: ImportWarning[] = [];
  let records = opts.jsonRecords ?? null;
  if (!records) {
    const o = outline(file, base.fileName, det.encoding, chunkBytes);
    if (o.kind === 'lines') {
      const src = await openJsonLines(file, base, opts, limits);
      const note: ImportWarning = { code: 'json-lines', column: null, message: `${base.fileName} holds JSON Lines (one object per line), not one JSON value: it was read as JSON Lines. Name it .jsonl to say so.` };
      return { ...src, warnings: [note, ...(src.warnings ?? [])] };
    }
    if (o.kind === 'object') {
      const found = findRecords(base.fileName, o);
      records = found.at;
      warnings.push(found.warning);
    }
  }
  const items = (onChunk: (offset: number) => void = () => undefined) => arrayItems(file, base.fileName, det.encoding, maxItemChars, chunkBytes, onChunk, records);

  const headers = opts.knownHeaders ?? keyPass();
  function keyPass(): string[] {
    const keys = new Map<string, number>();
    const repeated = new RepeatedKeys();
    let count = 0;
    for (const it of items()) {
      if (!isPlainObject(it.value)) throw notAnObject(base.fileName, it);
      collectKeys(keys, it.value);
      if (countKeys(it.value) < it.colons) repeated.add(`item ${it.item} (line ${it.line})`, it.text);
      count++;
    }
    if (count === 0) throw badInput(base.fileName, 'the JSON array is empty: there are no rows to import.');
    warnings.push(...repeated.warnings(base.fileName));
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
  return {
    ...base, format: 'json', encoding: det.encoding, delimiter: null, quote: null, sheet: null, sheets: [], headers, notes: [], warnings, batches, bytesRead: () => read,
    // The import's parse worker reopens the file: where the records are, so it need not look again.
    reopen: records ? { jsonRecords: records } : undefined,
  };
}

/** JSON Lines: one object per line, streamed. A first pass collects the keys so every column is known up front. */
export async function openJsonLines(file: string, base: Base, opts: SourceOptions, limits: Limits): Promise<TableSource> {
  const head = Buffer.alloc(4096);
  const fd = fs.openSync(file, 'r');
  const n = fs.readSync(fd, head, 0, 4096, 0);
  fs.closeSync(fd);
  const det = detectEncoding(head.subarray(0, n), opts.encoding ?? 'auto');
  let read = 0;

  const repeated = new RepeatedKeys();
  /** `check`: the first pass also looks for repeated keys (a scan of each line's text). */
  function* objects(check = false): Generator<{ objs: Obj[]; lines: number[] }> {
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
          const keys = countKeys(v);
          if (keys < 0) throw badInput(base.fileName, `line ${line}: ${tooDeep(MAX_JSON_DEPTH)}`, { line });
          if (check && keys < colonsIn(t)) repeated.add(`line ${line}`, t);
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
    for (const b of objects(true)) {
      for (const o of b.objs) collectKeys(keys, o);
      count += b.objs.length;
    }
    if (count === 0) throw badInput(base.fileName, 'the file has no JSON objects (only blank lines).');
    return checkHeaders(base.fileName, [...keys.keys()], 'keys');
  }
  async function* batches(): AsyncGenerator<Batch> {
    for (const b of objects()) if (b.objs.length > 0) yield { rows: b.objs.map((o) => toRow(o, headers)), lines: b.lines };
  }
  return { ...base, format: 'jsonl', encoding: det.encoding, delimiter: null, quote: null, sheet: null, sheets: [], headers, notes: [], warnings: repeated.warnings(base.fileName), batches, bytesRead: () => read };
}
