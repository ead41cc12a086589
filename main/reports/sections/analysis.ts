import type { AnalysisResult } from '../../../common/contract/schemas/analysis';
import type { Block } from '../model';
import { formatDateTime } from '../../../common/domain/text/dates';
import type { SectionBuilder } from './types';
import { label, paramsFootnote } from './analysis/common';
import type { ResultContext } from './analysis/common';
import { latencyBlocks } from './analysis/latency';
import { confidenceBlocks, driftBlocks, driftSeriesBlocks } from './analysis/drift';
import { fairnessBlocks } from './analysis/fairness';
import { modelsBlocks } from './analysis/models';
import { whatIfBlocks } from './analysis/whatif';

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

const KIND_LABELS: Readonly<Record<AnalysisResult['kind'], string>> = {
  latency: 'Latency',
  drift: 'Drift',
  'drift-series': 'Drift over time',
  confidence: 'Prediction confidence',
  fairness: 'Fairness',
  whatif: 'What-if',
  models: 'Model comparison',
};

const RENDERERS: Readonly<Record<AnalysisResult['kind'], (r: AnalysisResult, prefix: string) => Block[]>> = {
  latency: latencyBlocks,
  drift: driftBlocks,
  'drift-series': driftSeriesBlocks,
  confidence: confidenceBlocks,
  fairness: fairnessBlocks,
  whatif: whatIfBlocks,
  models: modelsBlocks,
};

/**
 * One pinned result: its title, its numbers and chart (by kind), and the parameters it was run with as a footnote.
 * A result whose saved shape the renderer does not recognise (an older or newer version) shows its top-level figures.
 */
export function resultBlocks(r: AnalysisResult, index: number, ctx: ResultContext): Block[] {
  const body = RENDERERS[r.kind]?.(r, `analysis-${index}-${r.kind}`) ?? [];
  const figures = keyFigures(r.result);
  const fallback: Block[] = figures.length > 0 ? [{ kind: 'fields', items: figures }] : [{ kind: 'text', text: 'The detailed result is kept in the app (Analyse section).' }];
  return [
    { kind: 'subheading', text: r.title || (KIND_LABELS[r.kind] ?? label(r.kind)) },
    ...(body.length > 0 ? body : fallback),
    { kind: 'footnote', text: `${KIND_LABELS[r.kind] ?? label(r.kind)} analysis, saved ${formatDateTime(r.createdAt)}. ${paramsFootnote(r, ctx)}` },
  ];
}

/** Analysis results the team pinned to the report (latency, drift, fairness, model comparison, what-ifs …). */
export const analysisSection: SectionBuilder = {
  id: 'analysis',
  title: 'Analysis results',
  description: 'Results pinned to the report: latency percentiles and Pareto, drift (PSI bins, KS), fairness per group, model comparison, what-ifs.',
  charts: true,
  requires: ['analysis-result-list', 'dataset-list'],
  build: async (read, event) => {
    const [pinned, datasets] = await Promise.all([read('analysis-result-list', { eventId: event.id, pinnedOnly: true }), read('dataset-list', { eventId: event.id })]);
    const ctx: ResultContext = { datasetNames: new Map(datasets.map((d) => [d.id, d.name])) };
    const blocks: Block[] = pinned.length === 0 ? [{ kind: 'text', text: 'No analysis result was pinned to the report. Pin results in the Analyse section.' }] : pinned.flatMap((r, i) => resultBlocks(r, i + 1, ctx));
    return { id: 'analysis', title: 'Analysis results', blocks };
  },
};
