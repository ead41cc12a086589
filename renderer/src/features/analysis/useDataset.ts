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

/** Distinct values (most frequent first) of some columns, from the first rows of the dataset. */
export function useDistinct(datasetId: string | undefined, columns: readonly string[], allColumns: readonly string[]): Record<string, string[]> {
  const [values, setValues] = useState<Record<string, string[]>>({});
  const key = `${datasetId}|${columns.join(',')}`;
  useEffect(() => {
    if (!datasetId || columns.length === 0) return;
    let live = true;
    call('dataset-rows', { datasetId, offset: 0, limit: 5000 }).then(
      (r) => {
        if (!live) return;
        const out: Record<string, string[]> = {};
        for (const c of columns) {
          const j = allColumns.indexOf(c);
          const counts = new Map<string, number>();
          for (const row of r.rows) {
            const v = row[j];
            if (v !== null && v !== undefined && v !== '') counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
          }
          out[c] = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([v]) => v);
        }
        setValues(out);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return values;
}
