import type { ColumnType, InferredColumn } from './columnTypes';
import type { RawRow } from './source/index';
import { dayMonthOrders, isMissing, isNonFinite, parseBoolean, parseNumber, parseTimestamp } from './valueParse';
import type { DateFormat, NumberLocale } from './valueParse';

/** Share of sample values that must parse as dates for a column to be a timestamp (the rest warn). */
const DATE_SHARE = 0.9;
/** Share of dates from which a text column is reported as "mostly dates" (with examples of the rest). */
const MOSTLY_DATES = 0.5;
const TEMPORAL_NAME = /(time|date|_at$|^at$|^ts$|_ts$|timestamp|day$)/i;

function integral(v: number): boolean {
  return Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER;
}

const DATE_SHAPE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/;

function timestampFormat(values: string[]): { format: DateFormat | null; needsOrder: boolean; parsed: number } {
  // Cheap rejection: a column whose first values do not even look like dates is not a date column.
  const head = values.slice(0, 100);
  if (head.filter((v) => DATE_SHAPE.test(v)).length < head.length * MOSTLY_DATES) return { format: null, needsOrder: false, parsed: 0 };
  let best: { format: DateFormat | null; needsOrder: boolean; parsed: number } = { format: null, needsOrder: false, parsed: 0 };
  for (const f of ['iso', 'ymd'] as const) {
    let n = 0;
    for (const v of values) if (parseTimestamp(v, f) !== null) n++;
    if (n > best.parsed) best = { format: f, needsOrder: false, parsed: n };
    // Every value parsed: no other format can parse more (and ties go to the first).
    if (n === values.length) return best;
  }
  let dmy = 0;
  let mdy = 0;
  let both = 0;
  for (const v of values) {
    const o = dayMonthOrders(v);
    if (o === 'dmy') dmy++;
    else if (o === 'mdy') mdy++;
    else if (o === 'both') both++;
  }
  if (dmy + mdy + both > best.parsed) {
    if (dmy > 0 && mdy === 0) best = { format: 'dmy', needsOrder: false, parsed: dmy + both };
    else if (mdy > 0 && dmy === 0) best = { format: 'mdy', needsOrder: false, parsed: mdy + both };
    else if (dmy === 0 && mdy === 0) best = { format: null, needsOrder: true, parsed: both };
    else best = dmy >= mdy ? { format: 'dmy', needsOrder: false, parsed: dmy + both } : { format: 'mdy', needsOrder: false, parsed: mdy + both };
  }
  return best;
}

/** Up to 3 distinct values that do not parse as dates in the format (examples for a warning). */
function notDates(values: readonly string[], format: DateFormat): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (parseTimestamp(v, format) === null && !out.includes(v)) out.push(v.length > 60 ? `${v.slice(0, 60)}…` : v);
    if (out.length === 3) break;
  }
  return out;
}

function stringType(values: string[]): ColumnType {
  const distinct = new Set(values).size;
  const limit = Math.max(2, Math.min(50, Math.floor(values.length / 2)));
  return distinct <= limit && distinct < values.length ? 'category' : 'text';
}

/**
 * Plain digits with an optional sign and (locale 'dot') one decimal point, read by Number(): what
 * parseNumber gives for them, without its patterns. NaN for anything else (parseNumber decides).
 */
function plainDecimal(v: string, locale: NumberLocale): number {
  const n = v.length;
  let i = 0;
  const c0 = v.charCodeAt(0);
  if (c0 === 45 || c0 === 43) i = 1;
  let digits = 0;
  let dot = false;
  for (; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !dot && locale === 'dot') dot = true;
    else return NaN;
  }
  return digits > 0 ? Number(v) : NaN;
}

/**
 * Infers one column's type from sample values: boolean words, then numbers (integer if every value
 * is integral; integer epochs in a time-named column become timestamps), then dates (at least 90 % of
 * values in one format), else category (few distinct values) or text. A column that is partly numeric
 * becomes text and reports the numeric share so the import can warn "mixed types".
 */
export function inferColumn(name: string, raw: readonly (string | null)[], locale: NumberLocale): InferredColumn {
  const values: string[] = [];
  for (const r of raw) if (!isMissing(r)) values.push(r.trim());
  const base: InferredColumn = { source: name, type: 'text', dateFormat: null, needsDateOrder: false, mixedNumericShare: null, unparsed: 0, examples: values.slice(0, 5) };
  if (values.length === 0) return base;
  if (values.every((v) => parseBoolean(v) !== null) && new Set(values.map((v) => parseBoolean(v))).size <= 2 && values.some((v) => v.length > 1)) {
    return { ...base, type: 'boolean' };
  }
  let numeric = 0;
  let allIntegral = true;
  let finite = 0;
  // Digit-only integers beyond ±2^53: IDs that a double would round. An all-integer column holding them stays text.
  let unsafe = 0;
  let unsafeExample = '';
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    // Clearly not a numeric column (most of the first 200 values are not numbers): stop counting early.
    if (i === 200 && numeric < 100) break;
    const plain = plainDecimal(v, locale);
    if (plain === plain) {
      numeric++;
      finite++;
      if (!integral(plain)) {
        // Only a value of 16 or more characters can be beyond 2^53: the check costs nothing on the rest.
        if (v.length >= 16 && Number.isInteger(plain) && v.indexOf('.') < 0) {
          if (unsafe++ === 0) unsafeExample = v;
        } else allIntegral = false;
      }
      if (plain < min) min = plain;
      if (plain > max) max = plain;
      continue;
    }
    // NaN / Infinity are a number column's missing values (a warning at import), not a reason for text or real.
    if (isNonFinite(v)) {
      numeric++;
      continue;
    }
    const p = parseNumber(v, locale);
    if (p === null) continue;
    numeric++;
    finite++;
    if (!integral(p.value)) allIntegral = false;
    if (p.value < min) min = p.value;
    if (p.value > max) max = p.value;
  }
  const checked = Math.min(values.length, numeric < 100 && values.length > 200 ? 200 : values.length);
  if (numeric === values.length) {
    if (allIntegral && unsafe > 0) return { ...base, type: stringType(values), bigIntegers: { count: unsafe, example: unsafeExample } };
    if (allIntegral && finite > 0 && TEMPORAL_NAME.test(name)) {
      if (min >= 1e9 && max < 1e10) return { ...base, type: 'timestamp', dateFormat: 'epoch-s' };
      if (min >= 1e12 && max < 1e13) return { ...base, type: 'timestamp', dateFormat: 'epoch-ms' };
    }
    return { ...base, type: allIntegral && finite > 0 ? 'integer' : 'real' };
  }
  const ts = timestampFormat(values);
  if (ts.parsed >= values.length * DATE_SHARE) {
    const unparsed = values.length - ts.parsed;
    return { ...base, type: 'timestamp', dateFormat: ts.format, needsDateOrder: ts.needsOrder, unparsed, ...(unparsed > 0 && ts.format ? { unparsedExamples: notDates(values, ts.format) } : {}) };
  }
  const share = numeric / checked;
  const text: InferredColumn = { ...base, type: stringType(values), mixedNumericShare: share >= 0.5 ? share : null };
  if (ts.format !== null && ts.parsed >= values.length * MOSTLY_DATES) {
    return { ...text, unparsed: values.length - ts.parsed, mixedDates: { share: ts.parsed / values.length, format: ts.format, notDates: notDates(values, ts.format) } };
  }
  return text;
}

/** Infers every column of a sample of rows. */
export function inferColumns(headers: readonly string[], rows: readonly RawRow[], locale: NumberLocale): InferredColumn[] {
  return headers.map((h, j) => inferColumn(h, rows.map((r) => r[j] ?? null), locale));
}

/** Numeric-looking sample values, for locale detection. */
export function numericLooking(rows: readonly RawRow[]): string[] {
  const out: string[] = [];
  for (const r of rows.slice(0, 2000)) for (const v of r) if (v && /^[+-]?[\d.,]+$/.test(v) && /\d/.test(v)) out.push(v);
  return out;
}
