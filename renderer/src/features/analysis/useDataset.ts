import { useEffect, useMemo, useState } from 'react';
import type { DatasetInfo } from '../../../../common/contract/schemas/datasets';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';

export type Columns = Readonly<{
  all: string[];
  numeric: string[];
  categorical: string[];
  timestamp: string | undefined;
  latency: string | undefined;
  stages: string[];
  role: (role: string) => string | undefined;
}>;

/** The event's datasets and the chosen one's columns, with role-based defaults (timestamp, latency, stages …). */
export function useDataset(eventId: string) {
  const list = useCall('dataset-list', { eventId }, ['datasets']);
  const [chosen, setChosen] = useState<string | null>(null);
  const datasets = useMemo(() => list.data ?? [], [list.data]);
  const ds: DatasetInfo | undefined = datasets.find((d) => d.id === chosen) ?? datasets.find((d) => d.columns.some((c) => c.role === 'latency')) ?? datasets[0];
  const columns: Columns | null = useMemo(() => {
    if (!ds) return null;
    const role = (r: string) => ds.columns.find((c) => c.role === r)?.name;
    const numeric = ds.columns.filter((c) => ['integer', 'real'].includes(c.type)).map((c) => c.name);
    const latency = role('latency');
    return {
      all: ds.columns.map((c) => c.name),
      numeric,
      categorical: ds.columns.filter((c) => ['category', 'boolean'].includes(c.type)).map((c) => c.name),
      timestamp: role('timestamp') ?? ds.columns.find((c) => c.type === 'timestamp')?.name,
      latency,
      stages: ds.columns.filter((c) => c.unit === 'ms' && c.name !== latency && c.role !== 'latency').map((c) => c.name),
      role,
    };
  }, [ds]);
  return { datasets, ds, columns, loading: list.loading, error: list.error, choose: setChosen };
}

/** Above this many distinct values a numeric column is not a label: no choices are listed for it. */
const FEW_VALUES = 20;

/**
 * Most frequent values (most frequent first) of some columns over the whole dataset, from its column profile. The
 * profile keeps top values of text, category and boolean columns only; a numeric column with few distinct values
 * (a label coded 0/1) is asked for its values (analysis-column-values: one GROUP BY), so it can be chosen too.
 */
export function useDistinct(datasetId: string | undefined, columns: readonly string[], _allColumns?: readonly string[]): Record<string, string[]> {
  const [values, setValues] = useState<Record<string, string[]>>({});
  const key = `${datasetId}|${columns.join(',')}`;
  useEffect(() => {
    if (!datasetId || columns.length === 0) return;
    let live = true;
    const load = async () => {
      const r = await call('dataset-profile', { datasetId });
      const out: Record<string, string[]> = {};
      for (const c of columns) {
        const p = r.columns.find((x) => x.name === c);
        const top = (p?.top ?? []).slice().sort((a, b) => b.count - a.count).map((t) => t.value);
        const fewNumbers = p && top.length === 0 && !p.distinctCapped && p.distinct > 0 && p.distinct <= FEW_VALUES && p.type !== 'timestamp';
        out[c] = fewNumbers ? (await call('analysis-column-values', { datasetId, column: c, limit: FEW_VALUES })).values.map((v) => v.value) : top;
      }
      if (live) setValues(out);
    };
    load().catch(() => undefined);
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return values;
}
