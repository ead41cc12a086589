import type { ColumnProfile, ImportWarning, Violation } from '../../common/contract/schemas/datasets';
import type { ConvertStats } from './convert';
import type { Plan } from './importPlan';
import type { SourceInfo } from './source/index';

export type WarningSources = Readonly<{
  src: SourceInfo;
  plan: Plan;
  stats: ConvertStats[];
  profile: ColumnProfile[];
  skipped: number;
  append: boolean;
  /** CSV/TSV rows that could not be read and went to the quarantine. */
  malformed?: Readonly<{ count: number; examples: readonly Violation[] }>;
}>;

/** Up to 3 examples with their lines: ` (e.g. "x" on line 4, "y" on line 9)`. */
function examples(list: readonly { line: number; value: string }[]): string {
  const shown = list.slice(0, 3).map((e) => `"${e.value}" on line ${e.line}`);
  return shown.length > 0 ? ` (e.g. ${shown.join(', ')})` : '';
}

const quoted = (vs: readonly string[]) => vs.map((v) => `"${v}"`).join(', ');

/**
 * Import warnings (the import proceeds): how the file was read, mixed types, NaN/Infinity, dates that
 * did not parse, thousands separators, and the profile's missing/constant/drift flags.
 */
export function collectWarnings({ src, plan, stats, profile, skipped, append, malformed }: WarningSources): ImportWarning[] {
  const out: ImportWarning[] = src.notes.map((message) => ({ code: 'encoding', column: null, message }));
  out.push(...(src.warnings ?? []));
  if (malformed && malformed.count > 0) {
    const first = malformed.examples.map((v) => `line ${v.line}: ${v.reason}`).join('; ');
    const hint = src.delimiter ? ` Check for a missing or extra delimiter "${src.delimiter === '\t' ? 'tab' : src.delimiter}", an unquoted value containing it, or a stray quote.` : '';
    out.push({ code: 'malformed-rows', column: null, count: malformed.count, message: `${malformed.count} rows could not be read and were quarantined (${first}); the other rows were imported.${hint}` });
  }
  plan.columns.forEach((c, k) => {
    const s = stats[k]!;
    const inf = plan.inferred[c.srcIndex]!;
    if (inf.mixedNumericShare !== null && c.type !== 'integer' && c.type !== 'real') {
      out.push({ code: 'mixed-types', column: c.name, message: `${c.name}: ${Math.round(inf.mixedNumericShare * 100)} % of values are numbers and the rest text; imported as ${c.type}. Set the type to real to keep the numbers (the text values become missing).` });
    }
    if (inf.bigIntegers && (c.type === 'text' || c.type === 'category')) {
      const b = inf.bigIntegers;
      out.push({ code: 'big-integers', column: c.name, count: b.count, message: `${c.name}: integers beyond ±2^53 (e.g. "${b.example}") cannot be held exactly as numbers; the column was kept as text so no digit changes (identifiers).` });
    }
    if (inf.mixedDates && c.type !== 'timestamp') {
      const m = inf.mixedDates;
      out.push({ code: 'mixed-dates', column: c.name, count: inf.unparsed, message: `${c.name}: ${Math.round(m.share * 100)} % of values are dates, but ${inf.unparsed} in the first rows are not (e.g. ${quoted(m.notDates)}); imported as ${c.type}. Set the type to timestamp to read the dates (the other values become missing).` });
    }
    if (s.invalid > 0) {
      const code = c.type === 'timestamp' ? 'unparsed-dates' : 'mixed-types';
      const what = c.type === 'timestamp' ? 'did not parse as dates' : `are not ${c.type === 'boolean' ? 'true/false' : `${c.type} numbers`}`;
      out.push({ code, column: c.name, count: s.invalid, message: `${c.name}: ${s.invalid} values ${what}${examples(s.examples)}; stored as missing.` });
    }
    if (s.unsafe > 0) {
      out.push({ code: 'big-integers', column: c.name, count: s.unsafe, message: `${c.name}: ${s.unsafe} integers beyond ±2^53${examples(s.unsafeExamples)} cannot be held exactly as numbers; stored as missing. Set the column's type to text to keep them.` });
    }
    if (s.nonFinite > 0) out.push({ code: 'non-finite', column: c.name, count: s.nonFinite, message: `${c.name}: ${s.nonFinite} NaN or Infinity values stored as missing.` });
    if (s.replaced > 0) {
      out.push({ code: 'replaced-characters', column: c.name, count: s.replaced, message: `${c.name}: ${s.replaced} values held unpaired UTF-16 surrogates (not valid text; ${s.replacedLines.length > 1 ? 'lines' : 'line'} ${s.replacedLines.join(', ')}${s.replaced > s.replacedLines.length ? ', …' : ''}); each was replaced by U+FFFD (�).` });
    }
    if (s.grouped > 0) {
      out.push({ code: 'thousands-separators', column: c.name, count: s.grouped, message: `${c.name}: ${s.grouped} numbers were written with thousands separators (e.g. 1,234.5) and read as numbers (${plan.locale === 'dot' ? '1,234.5' : '1.234,5'} style).` });
    }
  });
  for (const p of profile) for (const w of p.warnings) if (w.code !== 'mixed-types') out.push({ code: w.code, column: p.name, message: w.message });
  for (const d of plan.dropped) out.push({ code: 'privacy-dropped', column: d, message: `${d}: marked personal and dropped at import (not stored).` });
  if (append && skipped > 0) out.push({ code: 'append-skipped', column: null, count: skipped, message: `${skipped} rows were already in the dataset and were skipped (append mode).` });
  return out;
}
