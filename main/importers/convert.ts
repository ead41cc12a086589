import type { ColumnType } from './columnTypes';
import { isMissing, isNonFinite, parseBoolean, parseNumber, parseTimestamp } from './valueParse';
import type { DateFormat, NumberLocale } from './valueParse';

export type Cell = number | string | null;

/** Per-column conversion tallies that become import warnings (never silent). */
export type ConvertStats = {
  /** Values that did not parse as the column's type; stored as missing. */
  invalid: number;
  /** Numbers written with thousands separators (1,234.5). */
  grouped: number;
  /** NaN / Infinity text in numeric columns; stored as missing. */
  nonFinite: number;
  /** Integers beyond ±2^53 in an integer column: a double cannot hold them exactly; stored as missing. */
  unsafe: number;
  /** Text with unpaired UTF-16 surrogates (UTF-16 files, JSON escapes such as \ud800): each replaced by U+FFFD. */
  replaced: number;
  examples: { line: number; value: string }[];
  unsafeExamples: { line: number; value: string }[];
  replacedLines: number[];
};

export function newStats(): ConvertStats {
  return { invalid: 0, grouped: 0, nonFinite: 0, unsafe: 0, replaced: 0, examples: [], unsafeExamples: [], replacedLines: [] };
}

function invalid(stats: ConvertStats, line: number, value: string): null {
  stats.invalid++;
  if (stats.examples.length < 5) stats.examples.push({ line, value: value.length > 60 ? `${value.slice(0, 60)}…` : value });
  return null;
}

/** An integer a double cannot hold exactly (|n| > 2^53 − 1): never stored rounded. */
function unsafeInteger(stats: ConvertStats, line: number, value: string): null {
  stats.unsafe++;
  if (stats.unsafeExamples.length < 3) stats.unsafeExamples.push({ line, value: value.length > 60 ? `${value.slice(0, 60)}…` : value });
  return null;
}

/**
 * Builds the text → stored value function for one column: numbers in the chosen locale, booleans as
 * 0/1, timestamps as epoch ms UTC, category/text unchanged. Values that do not fit become null and are
 * counted so the import reports them.
 */
export function makeConverter(type: ColumnType, dateFormat: DateFormat | null, locale: NumberLocale, stats: ConvertStats): (raw: string | null, line: number) => Cell {
  switch (type) {
    case 'integer':
    case 'real':
      return (raw, line) => {
        if (raw === null || raw.length === 0) return null;
        if (locale === 'dot') {
          // Fast path: plain decimal text (no missing-token lookup for the common case).
          const v = +raw;
          if (v === v && raw.charCodeAt(0) !== 32 && !(raw.charCodeAt(0) === 48 && raw.length > 1 && raw.charCodeAt(1) > 57)) {
            if (v === Infinity || v === -Infinity) {
              stats.nonFinite++;
              return null;
            }
            if (type === 'integer' && !Number.isSafeInteger(v)) return Number.isInteger(v) ? unsafeInteger(stats, line, raw) : invalid(stats, line, raw);
            return v;
          }
        }
        if (isMissing(raw)) return null;
        if (isNonFinite(raw)) {
          stats.nonFinite++;
          return null;
        }
        const p = parseNumber(raw, locale);
        if (!p) return invalid(stats, line, raw);
        if (p.grouped) stats.grouped++;
        if (type === 'integer' && !Number.isSafeInteger(p.value)) return Number.isInteger(p.value) ? unsafeInteger(stats, line, raw) : invalid(stats, line, raw);
        return p.value;
      };
    case 'boolean':
      return (raw, line) => {
        if (raw === 'true') return 1;
        if (raw === 'false') return 0;
        if (isMissing(raw)) return null;
        const b = parseBoolean(raw);
        if (b === null) {
          if (raw.trim() === '1') return 1;
          if (raw.trim() === '0') return 0;
          return invalid(stats, line, raw);
        }
        return b ? 1 : 0;
      };
    case 'timestamp': {
      const f = dateFormat ?? 'iso';
      return (raw, line) => {
        if (isMissing(raw)) return null;
        const t = parseTimestamp(raw, f);
        return t === null || !Number.isFinite(t) ? invalid(stats, line, raw) : t;
      };
    }
    default:
      return (raw) => (isMissing(raw) ? null : raw);
  }
}
