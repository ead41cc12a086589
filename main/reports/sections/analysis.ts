import type { AnalysisResult } from '../../../common/contract/schemas/analysis';
import type { Block } from '../model';
import { formatDateTime } from '../../../common/domain/text/dates';
import type { SectionBuilder } from './types';

/** "p95Ms" → "p95 ms", "psi_value" → "psi value": readable labels from result keys. */
function label(key: string): string {
  return key.replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

function scalar(v: unknown): string | null {
  if (typeof v === 'number') return Number.isFinite(v) ? String(Number(v.toPrecision(4))) : null;
  if (typeof v === 'string') return v.length <= 200 ? v : `${v.slice(0, 200)}…`;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return null;
}

/** The top-level figures of a saved result (numbers, short texts, yes/no) as label–value pairs, at most 16. */
export function keyFigures(result: unknown): Array<{ label: string; value: string }> {
  if (!result || typeof result !== 'object' || Array.isArray(result)) return [];
  return Object.entries(result as Record<string, unknown>)
    .flatMap(([k, v]) => {
      const s = scalar(v);
      return s === null ? [] : [{ label: label(k), value: s }];
    })
    .slice(0, 16);
}

function resultBlocks(r: AnalysisResult): Block[] {
  const figures = keyFigures(r.result);
  const params = keyFigures(r.params);
  return [
    { kind: 'subheading', text: r.title || label(r.kind) },
    { kind: 'fields', items: [{ label: 'Analysis', value: label(r.kind) }, { label: 'Saved', value: formatDateTime(r.createdAt) }, { label: 'Dataset versions', value: String(r.datasetVersionIds.length) }, ...params] },
    figures.length > 0 ? { kind: 'fields', items: figures } : { kind: 'text', text: 'The detailed result is kept in the app (Analyse section).' },
  ];
}

/** Analysis results the team pinned to the report (latency, drift, fairness, model comparison …). */
export const analysisSection: SectionBuilder = {
  id: 'analysis',
  title: 'Analysis results',
  description: 'Results pinned to the report: latency, drift, fairness, model comparison, what-ifs.',
  charts: false,
  requires: ['analysis-result-list'],
  build: async (read, event) => {
    const pinned = await read('analysis-result-list', { eventId: event.id, pinnedOnly: true });
    const blocks: Block[] = pinned.length === 0 ? [{ kind: 'text', text: 'No analysis result was pinned to the report. Pin results in the Analyse section.' }] : pinned.flatMap(resultBlocks);
    return { id: 'analysis', title: 'Analysis results', blocks };
  },
};
