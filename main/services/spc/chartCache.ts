import type { ChartArrays, ColumnChart } from '../../../common/domain/spc/chartColumns';

/** Default bound of the computed-chart cache: a 10,000,000-point I-MR chart (≈ 180 MB) fits, two do not. */
export const CHART_CACHE_BYTES = 200 * 2 ** 20;

type Entry<M> = { meta: M; chart: ColumnChart; bytes: number };

/**
 * Computed dataset charts (typed arrays) per (dataset version id, chart options): a dataset version never
 * changes, so re-opening a chart, zooming and re-decimating for another width are served from here instead of
 * re-reading the column. Least recently used first out, bounded by the bytes of the arrays held; a chart
 * bigger than the bound is not kept.
 */
export class ChartCache<M> {
  private readonly entries = new Map<string, Entry<M>>();
  private held = 0;

  constructor(readonly maxBytes: number = CHART_CACHE_BYTES) {}

  get(key: string): { meta: M; chart: ColumnChart } | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    // Map keeps insertion order: re-inserting marks the entry most recently used.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  set(key: string, meta: M, chart: ColumnChart): void {
    const bytes = chartBytes(chart);
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.held -= old.bytes;
    }
    if (bytes > this.maxBytes) return;
    while (this.held + bytes > this.maxBytes) {
      const [oldest, e] = this.entries.entries().next().value as [string, Entry<M>];
      this.entries.delete(oldest);
      this.held -= e.bytes;
    }
    this.entries.set(key, { meta, chart, bytes });
    this.held += bytes;
  }

  /**
   * Drops least recently used charts until `bytes` more would fit, before a big chart is computed: the chart
   * being built and the charts it would evict are then not held at the same time (peak RSS).
   */
  makeRoom(bytes: number): void {
    const want = Math.min(bytes, this.maxBytes);
    while (this.entries.size > 0 && this.held + want > this.maxBytes) {
      const [oldest, e] = this.entries.entries().next().value as [string, Entry<M>];
      this.entries.delete(oldest);
      this.held -= e.bytes;
    }
  }

  /** Forgets every chart (the bench measures first opens with it). */
  clear(): void {
    this.entries.clear();
    this.held = 0;
  }

  /** Bytes of the arrays held (each buffer counted once). */
  get bytes(): number {
    return this.held;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Bytes of a chart's arrays, each buffer once (the I panel shares x), names at ≈ 40 bytes each. */
export function chartBytes(chart: ColumnChart): number {
  const seen = new Set<ArrayBufferLike>();
  let bytes = 0;
  const add = (a: ArrayBufferView | null | undefined) => {
    if (a && !seen.has(a.buffer)) {
      seen.add(a.buffer);
      bytes += a.buffer.byteLength;
    }
  };
  const d: ChartArrays = chart.data;
  for (const a of [d.x, d.range, d.sd, d.count, typeof d.n === 'number' ? undefined : d.n, d.shownN, d.time]) add(a);
  bytes += (d.labels?.length ?? 0) * 40;
  for (const p of chart.panels) {
    for (const a of [p.value, p.masks, p.skipped, p.signals, p.limits?.center, p.limits?.ucl, p.limits?.lcl]) add(a);
  }
  return bytes;
}
