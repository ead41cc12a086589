import { AppError } from '../../common/contract/errors';
import type { ColumnSpec, ReadOptions, Rule } from '../../common/contract/schemas/datasets';
import type { StoredColumn, VersionRow } from '../db/repositories/datasets';
import type { InferredColumn } from './columnTypes';
import { inferColumns, numericLooking } from './infer';
import { INFER_SAMPLE_ROWS } from './readTableFile';
import type { RawRow, TableSource } from './source/index';
import type { BadRow } from './csvTokenizer';
import { suggestRole, suggestUnit } from './suggest';
import { detectNumberLocale } from './valueParse';
import type { NumberLocale } from './valueParse';

/** A column to store: where it comes from in the file and how it is converted. */
export type PlannedColumn = StoredColumn & Readonly<{ srcIndex: number; dateFormat: ColumnSpec['dateFormat'] }>;

export type Plan = Readonly<{
  locale: NumberLocale;
  inferred: InferredColumn[];
  sample: RawRow[];
  columns: PlannedColumn[];
  dropped: string[];
}>;

/** Reads the first rows of the source (the same sample the preview shows and inference uses); rows that could not be read go to `bad`. */
export async function readSample(src: TableSource, max = INFER_SAMPLE_ROWS, bad?: BadRow[]): Promise<RawRow[]> {
  const sample: RawRow[] = [];
  for await (const b of src.batches()) {
    if (b.bad && bad) bad.push(...b.bad);
    for (const r of b.rows) {
      sample.push(r);
      if (sample.length >= max) return sample;
    }
  }
  return sample;
}

function defaultSpec(c: InferredColumn): ColumnSpec {
  return { source: c.source, name: c.source, type: c.type, dateFormat: c.dateFormat, role: suggestRole(c), unit: suggestUnit(c.source), privacy: 'keep' };
}

/**
 * Decides the stored columns: user overrides first, then the previous version's choices (a dataset's
 * schema is reused on its next import), then inference. Ambiguous day/month dates must be chosen.
 */
export async function planImport(src: TableSource, options: ReadOptions, overrides: readonly ColumnSpec[] | undefined, prev: VersionRow | null): Promise<Plan> {
  const sample = await readSample(src);
  const locale = options.numberLocale ?? (prev?.options.numberLocale as NumberLocale | undefined) ?? detectNumberLocale(numericLooking(sample));
  const inferred = inferColumns(src.headers, sample, locale);
  const prevBySource = new Map((prev?.columns ?? []).map((c) => [c.source, c]));
  const prevDropped = new Set(((prev?.options.privacy as { dropped?: string[] } | undefined)?.dropped ?? []) as string[]);
  for (const o of overrides ?? []) {
    if (!src.headers.includes(o.source)) throw new AppError('VALIDATION', `Column override names "${o.source}", which is not in ${src.fileName} (columns: ${src.headers.join(', ')}).`);
  }
  const columns: PlannedColumn[] = [];
  const dropped: string[] = [];
  const names = new Set<string>();
  inferred.forEach((inf, srcIndex) => {
    const o = overrides?.find((c) => c.source === inf.source);
    const p = prevBySource.get(inf.source);
    let spec: ColumnSpec;
    if (o) spec = o;
    else if (prevDropped.has(inf.source)) spec = { ...defaultSpec(inf), privacy: 'drop' };
    else if (p) spec = { source: p.source, name: p.name, type: p.privacy === 'pseudonymise' ? inf.type : p.type, dateFormat: p.dateFormat ?? inf.dateFormat, role: p.role as ColumnSpec['role'], unit: p.unit, privacy: p.privacy };
    else spec = defaultSpec(inf);
    if (spec.privacy === 'drop') {
      dropped.push(spec.source);
      return;
    }
    let dateFormat = spec.dateFormat;
    if (spec.type === 'timestamp' && dateFormat === null) {
      if (inf.needsDateOrder) {
        const ex = inf.examples[0] ?? '';
        throw new AppError('BAD_INPUT', `${src.fileName}: column "${inf.source}": dates like "${ex}" could be day/month or month/day. Choose the order (dmy or mdy) for this column; it is not guessed.`, { column: inf.source, needsDateOrder: true });
      }
      dateFormat = inf.dateFormat ?? 'iso';
    }
    if (names.has(spec.name)) throw new AppError('VALIDATION', `Two columns would both be named "${spec.name}"; rename one.`);
    names.add(spec.name);
    const pseudo = spec.privacy === 'pseudonymise';
    columns.push({
      name: spec.name,
      source: spec.source,
      type: pseudo ? 'text' : spec.type,
      role: spec.role,
      unit: spec.unit,
      privacy: pseudo ? 'pseudonymise' : 'keep',
      sqlName: `c${columns.length}`,
      srcIndex,
      dateFormat: pseudo ? null : dateFormat,
    });
  });
  if (columns.length === 0) throw new AppError('VALIDATION', 'Every column is marked to be dropped: nothing would be imported.');
  return { locale, inferred, sample, columns, dropped };
}

/** Append needs the same columns (names and types) as the version it extends. */
export function checkAppendColumns(columns: readonly PlannedColumn[], prev: VersionRow): void {
  const a = columns.map((c) => `${c.name}:${c.type}`).join(', ');
  const b = prev.columns.map((c) => `${c.name}:${c.type}`).join(', ');
  if (a !== b) throw new AppError('CONFLICT', `Append needs the same columns as version ${prev.version} (${b}); this file gives ${a}. Import it as a full new version instead.`);
}

export type RulesChoice = Readonly<{ rules: Rule[]; saved: boolean }>;
