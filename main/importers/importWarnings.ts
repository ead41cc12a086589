import type { ColumnProfile, ImportWarning } from '../../common/contract/schemas/datasets';
import type { ConvertStats } from './convert';
import type { Plan } from './importPlan';
import type { SourceInfo } from './source';

export type WarningSources = Readonly<{ src: SourceInfo; plan: Plan; stats: ConvertStats[]; profile: ColumnProfile[]; skipped: number; append: boolean }>;

function example(s: ConvertStats): string {
  const e = s.examples[0];
  return e ? ` (e.g. "${e.value}" on line ${e.line})` : '';
}

/**
 * Import warnings (the import proceeds): how the file was read, mixed types, NaN/Infinity, dates that
 * did not parse, thousands separators, and the profile's missing/constant/drift flags.
 */
export function collectWarnings({ src, plan, stats, profile, skipped, append }: WarningSources): ImportWarning[] {
  const out: ImportWarning[] = src.notes.map((message) => ({ code: 'encoding', column: null, message }));
  plan.columns.forEach((c, k) => {
    const s = stats[k]!;
    const inf = plan.inferred[c.srcIndex]!;
    if (inf.mixedNumericShare !== null && c.type !== 'integer' && c.type !== 'real') {
      out.push({ code: 'mixed-types', column: c.name, message: `${c.name}: ${Math.round(inf.mixedNumericShare * 100)} % of values are numbers and the rest text; imported as ${c.type}. Set the type to real to keep the numbers (the text values become missing).` });
    }
    if (s.invalid > 0) {
      const code = c.type === 'timestamp' ? 'unparsed-dates' : 'mixed-types';
      const what = c.type === 'timestamp' ? 'did not parse as dates' : `are not ${c.type === 'boolean' ? 'true/false' : `${c.type} numbers`}`;
      out.push({ code, column: c.name, count: s.invalid, message: `${c.name}: ${s.invalid} values ${what}${example(s)}; stored as missing.` });
    }
    if (s.nonFinite > 0) out.push({ code: 'non-finite', column: c.name, count: s.nonFinite, message: `${c.name}: ${s.nonFinite} NaN or Infinity values stored as missing.` });
    if (s.grouped > 0) {
      out.push({ code: 'thousands-separators', column: c.name, count: s.grouped, message: `${c.name}: ${s.grouped} numbers were written with thousands separators (e.g. 1,234.5) and read as numbers (${plan.locale === 'dot' ? '1,234.5' : '1.234,5'} style).` });
    }
  });
  for (const p of profile) for (const w of p.warnings) if (w.code !== 'mixed-types') out.push({ code: w.code, column: p.name, message: w.message });
  for (const d of plan.dropped) out.push({ code: 'privacy-dropped', column: d, message: `${d}: marked personal and dropped at import (not stored).` });
  if (append && skipped > 0) out.push({ code: 'append-skipped', column: null, count: skipped, message: `${skipped} rows were already in the dataset and were skipped (append mode).` });
  return out;
}
