/**
 * Runs and pins one analysis of each kind on the demo event's "Inference log" (the demo already saved a fairness
 * result and a model comparison; they are pinned too): latency by stage, drift of the mid-November episode against
 * the first ten days, a cache what-if and a fairness gate that fails (`latency: false` when a test pins one itself). Shared by the report-results tests (unit,
 * integration with pdftotext, e2e), so all of them judge the same real results.
 */
type Call = (method: string, input: unknown) => Promise<unknown>;
type Saved = { resultId: string | null };
type Stored = { id: string; kind: string; title: string };

export const BEFORE = { kind: 'dates', column: 'timestamp', from: '2026-11-01', to: '2026-11-10' } as const;
export const EPISODE = { kind: 'dates', column: 'timestamp', from: '2026-11-14', to: '2026-11-20' } as const;

export async function pinDemoResults(call: Call, eventId: string, opts: { latency?: boolean } = {}): Promise<Stored[]> {
  const datasets = (await call('dataset-list', { eventId })) as Array<{ id: string; name: string }>;
  const datasetId = datasets.find((d) => d.name === 'Inference log')!.id;
  const base = { eventId, datasetId, save: true };
  const runs = [
    opts.latency === false ? Promise.resolve({ resultId: null }) : call('analysis-latency', { ...base, stages: ['preprocess_ms', 'feature_ms', 'model_ms', 'postprocess_ms'], total: 'total_ms', timestamp: 'timestamp', title: 'Latency by stage, November' }),
    call('analysis-drift', { ...base, reference: BEFORE, current: EPISODE, features: ['score', 'model_ms', 'region'], categorical: ['region'], title: 'Score drift in the episode' }),
    call('analysis-whatif', { ...base, timestamp: 'timestamp', total: 'total_ms', spec: { kind: 'cache', keys: ['request_id'], windowMs: 600_000, cacheLatencyMs: 5 }, title: 'Cache what-if on request id' }),
    call('analysis-fairness', { ...base, label: 'label', prediction: 'decision', group: 'region', posLabel: 'fraud', predictionPosLabel: 'flag', gate: { metric: 'demographic_parity_difference', threshold: 0.001 } }),
  ];
  const ids = new Set<string>();
  for (const r of runs) {
    const id = ((await r) as Saved).resultId;
    if (id) ids.add(id);
  }
  const all = (await call('analysis-result-list', { eventId })) as Stored[];
  // The demo's own saved results (fairness of fraud-v3.2, the model comparison) are pinned as well.
  for (const r of all) if (ids.has(r.id) || r.kind === 'models' || r.kind === 'fairness') await call('analysis-result-pin', { id: r.id, pinned: true });
  return (await call('analysis-result-list', { eventId, pinnedOnly: true })) as Stored[];
}
