import type { LifecycleStored } from '../../../common/contract/schemas/lifecycle';
import { headline, summarizeLifecycle } from '../../../common/domain/lifecycle/run';
import type { LifecycleResult, LifecycleSpec } from '../../../common/domain/lifecycle/run';
import type { Block } from '../model';
import { tableBlock } from '../tableBlock';
import type { SectionBuilder } from './types';

const num = (v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(4)) : v === null || v === undefined ? '' : String(v));

/** The rows of a result worth a table, as on the Lifecycle page (nested curves and heatmaps left out). */
function rowsOf(r: LifecycleStored): { columns: string[]; rows: (string | number)[][] } {
  const x = r.result as Record<string, unknown>;
  const key: Record<string, string> = { 'early-stopping': 'runs', search: 'strategies', trace: 'operators', quantization: 'variants', gpu: 'teams', 'load-types': 'types', 'cold-start': 'groups', anonymisation: 'columns', 'batch-schedule': 'offPeakWindows' };
  const list = r.kind === 'threshold' ? [x.confusion as Record<string, unknown>] : ((x[key[r.kind]!] as Record<string, unknown>[] | undefined) ?? []).slice(0, 10);
  const columns = list.length ? Object.keys(list[0]!).filter((k) => list.every((row) => row[k] === null || typeof row[k] !== 'object')) : [];
  return { columns, rows: list.map((row) => columns.map((c) => num(row[c]))) };
}

/**
 * Lifecycle analytics (issue 22): each pinned lifecycle result with its headline number, what it says in words and
 * its table; and the event's DVC lineage (outputs and the datasets imported from the same bytes).
 */
export const lifecycleSection: SectionBuilder = {
  id: 'lifecycle',
  title: 'Lifecycle analytics',
  description: 'Pinned what-ifs on the team’s logs (batch schedule, loads, early stopping, search, threshold, GPUs, profiler trace, quantization, cold starts, anonymisation) and DVC lineage.',
  charts: false,
  requires: ['lifecycle-result-list', 'dvc-list'],
  build: async (read, event) => {
    const [pinned, dvc] = await Promise.all([read('lifecycle-result-list', { eventId: event.id, pinnedOnly: true }), read('dvc-list', { eventId: event.id })]);
    const blocks: Block[] = [];
    if (pinned.length === 0) blocks.push({ kind: 'note', tone: 'info', text: 'No lifecycle result is pinned: run one on the Lifecycle page (Analyse) and choose Pin to report.' });
    for (const r of [...pinned].reverse()) {
      const spec = (r.params as { spec: LifecycleSpec }).spec;
      const h = headline(spec, r.result as LifecycleResult);
      const value = h.value === null ? '—' : h.unit === 'share' ? `${(h.value * 100).toFixed(1)} %` : `${Number(h.value.toPrecision(4))} ${h.unit}`;
      blocks.push({ kind: 'subheading', text: r.title });
      blocks.push({ kind: 'fields', items: [{ label: h.label, value }, { label: 'Computed', value: r.createdAt.slice(0, 10) }] });
      blocks.push({ kind: 'text', text: summarizeLifecycle(spec, r.result as LifecycleResult).slice(0, 8).join('\n') });
      const t = rowsOf(r);
      if (t.columns.length) blocks.push(tableBlock({ id: `lifecycle-${r.id}`, title: `${r.title} — table`, empty: '', columns: t.columns.map((c) => [c, c] as [string, string]), rows: t.rows }));
    }
    blocks.push(
      tableBlock({
        id: 'dvc-lineage',
        title: 'DVC lineage',
        empty: 'No DVC outputs registered (kaizen dvc --event ID dvc.lock).',
        columns: [['source', 'File'], ['stage', 'Stage'], ['path', 'Output'], ['md5', 'md5'], ['size', 'Size (bytes)', 'integer'], ['linked', 'Imported as']],
        rows: dvc.map((o) => [o.sourceFile, o.stage ?? '', o.path, o.md5, o.size, o.linked.map((l) => `${l.datasetName} v${l.version}`).join(', ')]),
      }),
    );
    return { id: 'lifecycle', title: 'Lifecycle analytics', blocks };
  },
};
