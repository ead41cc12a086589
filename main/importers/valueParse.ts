/** Text → typed values: numbers in either locale, booleans, and the timestamp formats the importer knows. */

export type NumberLocale = 'dot' | 'comma';
export type DateFormat = 'iso' | 'epoch-s' | 'epoch-ms' | 'dmy' | 'mdy' | 'ymd';

/** Tokens read as "no value" in every column. */
const MISSING = new Set(['', 'NA', 'N/A', 'n/a', 'null', 'NULL', 'None']);
export function isMissing(s: string | null): s is null {
  // Every token is at most 4 characters: longer text is never missing (and skips the hash lookup).
  if (s === null || s.length === 0) return true;
  if (s.length > 6) return false;
  return MISSING.has(s) || MISSING.has(s.trim());
}

/** NaN and infinities as programs write them (any case, optional sign): numbers' "missing", never text. */
const NON_FINITE = new Set(['nan', 'inf', 'infinity']);
export function isNonFinite(s: string): boolean {
  if (s.length > 12) return false;
  let t = s.trim();
  const c = t.charCodeAt(0);
  if (c === 43 || c === 45) t = t.slice(1);
  return t.length >= 3 && NON_FINITE.has(t.toLowerCase());
}

const DOT_GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const COMMA_GROUPED = /^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/;
const COMMA_DECIMAL = /^[+-]?\d+,\d+$/;
const PLAIN_NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

export type ParsedNumber = { value: number; grouped: boolean } | null;

/**
 * Parses a number in the given locale: 'dot' reads 1,234.5 (comma groups thousands), 'comma' reads
 * 1.234,5. Grouped forms are accepted and reported (`grouped`) so the import can warn. Hex, empty and
 * non-finite text are not numbers here.
 */
export function parseNumber(s: string, locale: NumberLocale): ParsedNumber {
  if (locale === 'dot') {
    if (PLAIN_NUMBER.test(s)) return { value: Number(s), grouped: false };
    if (DOT_GROUPED.test(s)) return { value: Number(s.replace(/,/g, '')), grouped: true };
    return null;
  }
  if (COMMA_DECIMAL.test(s)) return { value: Number(s.replace(',', '.')), grouped: false };
  if (/^\s*[+-]?\d+([eE][+-]?\d+)?\s*$/.test(s)) return { value: Number(s), grouped: false };
  if (COMMA_GROUPED.test(s)) return { value: Number(s.replace(/\./g, '').replace(',', '.')), grouped: true };
  return null;
}

/** Votes for the locale of a sample: "3,14" or "1.234,5" say comma; "3.14" or "1,234.5" say dot. */
export function detectNumberLocale(values: readonly string[]): NumberLocale {
  let dot = 0;
  let comma = 0;
  for (const v of values) {
    if (/^[+-]?\d*\.\d+$/.test(v) && !/^[+-]?\d{1,3}\.\d{3}$/.test(v)) dot++;
    else if (DOT_GROUPED.test(v) && v.includes('.')) dot++;
    else if (COMMA_DECIMAL.test(v) && !/^[+-]?\d{1,3},\d{3}$/.test(v)) comma++;
    else if (COMMA_GROUPED.test(v) && v.includes(',')) comma++;
  }
  return comma > dot ? 'comma' : 'dot';
}

const TRUE = new Set(['true', 'True', 'TRUE', 'yes', 'Yes', 'YES', 't', 'T', 'y', 'Y']);
const FALSE = new Set(['false', 'False', 'FALSE', 'no', 'No', 'NO', 'f', 'F', 'n', 'N']);
export function parseBoolean(s: string): boolean | null {
  const t = s.trim();
  if (TRUE.has(t)) return true;
  if (FALSE.has(t)) return false;
  return null;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const DAY_FIRST = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?$/;
const YEAR_SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?$/;

function daysIn(y: number, m: number): number {
  if (m !== 2) return DAYS[m - 1]!;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

function build(y: number, mo: number, d: number, h: string | undefined, mi: string | undefined, se: string | undefined, frac: string | undefined, tz?: string): number | null {
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return null;
  const H = h ? Number(h) : 0;
  const M = mi ? Number(mi) : 0;
  const S = se ? Number(se) : 0;
  if (H > 23 || M > 59 || S > 60) return null;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  let t = Date.UTC(y, mo - 1, d, H, M, S, ms);
  if (y < 100) t = new Date(t).setUTCFullYear(y);
  if (tz && tz !== 'Z' && tz !== 'z') {
    const sign = tz[0] === '-' ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    const off = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    t -= sign * off * 60_000;
  }
  return t;
}

function digits(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Fast path for the layout logs use most, YYYY-MM-DDTHH:MM:SS[.fff]Z (or no zone): no regex, no
 * allocation. Returns undefined for anything else so the general parser decides.
 */
function fastIso(t: string): number | null | undefined {
  const n = t.length;
  if (n < 19 || n > 24 || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58) return undefined;
  const sep = t.charCodeAt(10);
  if (sep !== 84 && sep !== 32) return undefined;
  let end = n;
  if (t.charCodeAt(n - 1) === 90) end = n - 1;
  let ms = 0;
  if (end > 19) {
    if (t.charCodeAt(19) !== 46 || end - 20 !== 3) return undefined;
    ms = digits(t, 20, 3);
    if (ms < 0) return undefined;
  }
  const y = digits(t, 0, 4);
  const mo = digits(t, 5, 2);
  const d = digits(t, 8, 2);
  const h = digits(t, 11, 2);
  const mi = digits(t, 14, 2);
  const se = digits(t, 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || se < 0) return undefined;
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || se > 60) return null;
  return daysFromCivil(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + se * 1000 + ms;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil): what Date.UTC
 * gives, several times faster, and right for years below 100 too (which Date.UTC maps to 19xx).
 */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Parses a timestamp to epoch milliseconds UTC in a known format. ISO 8601 without an offset is read
 * as UTC. Day/month orders need the format chosen explicitly ('dmy' or 'mdy'), never guessed.
 */
export function parseTimestamp(s: string, format: DateFormat): number | null {
  const t = s.trim();
  switch (format) {
    case 'iso': {
      const fast = fastIso(t);
      if (fast !== undefined) return fast;
      const m = ISO.exec(t);
      return m ? build(+m[1]!, +m[2]!, +m[3]!, m[4], m[5], m[6], m[7], m[8]) : null;
    }
    case 'epoch-s':
    case 'epoch-ms': {
      if (!PLAIN_NUMBER.test(t)) return null;
      const v = Number(t);
      return format === 'epoch-s' ? Math.round(v * 1000) : Math.round(v);
    }
    case 'ymd': {
      const m = YEAR_SLASH.exec(t);
      return m ? build(+m[1]!, +m[2]!, +m[3]!, m[4], m[5], m[6], m[7]) : null;
    }
    case 'dmy':
    case 'mdy': {
      const m = DAY_FIRST.exec(t);
      if (!m) return null;
      const a = +m[1]!;
      const b = +m[2]!;
      return format === 'dmy' ? build(+m[3]!, b, a, m[4], m[5], m[6], m[7]) : build(+m[3]!, a, b, m[4], m[5], m[6], m[7]);
    }
  }
}

/** For day/month text: which orders are possible for this value ('both' when each part is ≤ 12). */
export function dayMonthOrders(s: string): 'dmy' | 'mdy' | 'both' | null {
  if (!DAY_FIRST.test(s.trim())) return null;
  const dmy = parseTimestamp(s, 'dmy') !== null;
  const mdy = parseTimestamp(s, 'mdy') !== null;
  if (dmy && mdy) return 'both';
  return dmy ? 'dmy' : mdy ? 'mdy' : null;
}

export function isIsoLike(s: string): boolean {
  return ISO.test(s.trim());
}
export function isYearSlash(s: string): boolean {
  return YEAR_SLASH.test(s.trim());
}
