import type { AnalysisResult, Window } from '../../../../common/contract/schemas/analysis';
import { formatDate } from '../../../../common/domain/text/dates';

/** What a result renderer gets: the saved result and the names of the event's datasets (for the footnote). */
export type ResultContext = Readonly<{ datasetNames: ReadonlyMap<string, string> }>;

/** A plain object (not null, not an array) or null: saved results are JSON, so every renderer checks before reading. */
export function record(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

export function finite(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function list(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.map(record).filter((x): x is Record<string, unknown> => x !== null) : [];
}

export function text(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

/** 4 significant digits, thousands separated; "—" for a missing value. */
export function num(v: unknown, unit = ''): string {
  const x = finite(v);
  if (x === null) return '—';
  const s = Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : String(Number(x.toPrecision(4)));
  return unit ? `${s} ${unit}` : s;
}

/** A share 0–1 as "12.3 %". */
export function pct(v: unknown, digits = 1): string {
  const x = finite(v);
  return x === null ? '—' : `${(x * 100).toFixed(digits)} %`;
}

/** "p95Ms" → "P95 ms", "utc_offset" → "Utc offset": readable labels from result keys. */
export function label(key: string): string {
  return key.replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().replace(/^./, (c) => c.toUpperCase());
}

export function describeWindow(w: unknown): string {
  const r = record(w) as Partial<Window> | null;
  if (!r) return '';
  if (r.kind === 'dates') return `${r.column} ${formatDate(r.from)} – ${formatDate(r.to)}`;
  if (r.kind === 'version') return `version ${r.version}`;
  if (r.kind === 'value') return `${r.column} = ${r.value}`;
  return '';
}

function paramValue(key: string, v: unknown, ctx: ResultContext): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (key === 'datasetId' && typeof v === 'string') return ctx.datasetNames.get(v) ?? v;
  if (key === 'eventId') return null;
  if (Array.isArray(v)) return v.length === 0 ? null : v.map((x) => (record(x) ? describeWindow(x) || JSON.stringify(x) : String(x))).join(', ');
  const r = record(v);
  if (r) {
    const w = describeWindow(r);
    if (w) return w;
    const parts = Object.entries(r).flatMap(([k, x]) => (x === null || x === undefined || record(x) ? [] : [`${label(k).toLowerCase()} ${Array.isArray(x) ? x.join(' + ') : String(x)}`]));
    return parts.length ? parts.join(', ') : null;
  }
  return typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
}

const PARAM_LABELS: Readonly<Record<string, string>> = { datasetId: 'Dataset', version: 'Dataset version', utcOffsetMinutes: 'UTC offset minutes' };

/** The parameters a result was run with, as one small-print line ("Dataset Inference log · Stages … · UTC offset minutes 0"). */
export function paramsFootnote(r: AnalysisResult, ctx: ResultContext): string {
  const parts = Object.entries(r.params).flatMap(([k, v]) => {
    const s = paramValue(k, v, ctx);
    return s === null ? [] : [`${PARAM_LABELS[k] ?? label(k)} ${s}`];
  });
  return `Run with: ${parts.join(' · ')}. Saved ${formatDate(r.createdAt)}; ${r.datasetVersionIds.length} dataset version${r.datasetVersionIds.length === 1 ? '' : 's'}.`;
}
