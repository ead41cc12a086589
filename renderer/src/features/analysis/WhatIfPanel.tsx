import { useState } from 'react';
import type { WhatIfSpec } from '../../../../common/contract/schemas/analysis';
import type { DatasetInfo } from '../../../../common/contract/schemas/datasets';
import type { AutoscalingReport, ColdStartReport } from '../../../../common/domain/latency/coldStartScaling';
import type { BatchWhatIf, CacheWhatIf } from '../../../../common/domain/latency/cacheBatching';
import { errorMessage } from '../../api/client';
import { ms, pct } from './format';
import { AnalysisProgress, useAnalysisJob } from './useAnalysisJob';
import type { Columns } from './useDataset';
import { fmt } from '../../format';

type Props = Readonly<{ eventId: string; ds: DatasetInfo; columns: Columns; timestamp: string; total: string }>;
type Kind = WhatIfSpec['kind'];

const numberField = (id: string, label: string, value: number, set: (v: number) => void, step = 1) => (
  <div className="field">
    <label htmlFor={id}>{label}</label>
    <input id={id} type="number" step={step} value={value} onChange={(e) => set(Number(e.target.value))} />
  </div>
);

/** Cache, batching, cold-start and autoscaling what-ifs computed from the logged requests. */
export function WhatIfPanel({ eventId, ds, columns, timestamp, total }: Props) {
  const [kind, setKind] = useState<Kind>('cache');
  const [key, setKey] = useState(columns.role('entity-id') ?? columns.all[0] ?? '');
  const [windowMin, setWindowMin] = useState(60);
  const [cacheMs, setCacheMs] = useState(5);
  const [batch, setBatch] = useState(8);
  const [waitMs, setWaitMs] = useState(20);
  const [idle, setIdle] = useState(120);
  const [rps, setRps] = useState(0.5);
  const [util, setUtil] = useState(0.7);
  const [min, setMin] = useState(1);
  const [max, setMax] = useState(4);
  const [delay, setDelay] = useState(3);
  const [result, setResult] = useState<{ kind: Kind; value: unknown } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const job = useAnalysisJob();
  const model = columns.stages.find((s) => /model/i.test(s));
  const spec = (): WhatIfSpec => {
    if (kind === 'cache') return { kind, keys: [key], windowMs: windowMin * 60_000, cacheLatencyMs: cacheMs };
    if (kind === 'batching') return { kind, batchSize: batch, maxWaitMs: waitMs, serviceColumn: model, marginalCost: 0.2 };
    if (kind === 'cold-start') return { kind, idleGapSeconds: idle };
    return { kind, perReplicaRps: rps, targetUtilisation: util, min, max, scaleUpAt: util, delayMin: delay };
  };
  const run = async () => {
    try {
      setProblem(null);
      const r = await job.run('analysis-whatif', { eventId, datasetId: ds.id, timestamp, total, spec: spec() });
      setResult({ kind, value: r.result });
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };
  return (
    <section className="card" aria-labelledby="whatif-h">
      <h3 id="whatif-h">What-ifs from the logged traffic</h3>
      <form className="analysis-form" onSubmit={(e) => { e.preventDefault(); void run(); }}>
        <div className="field">
          <label htmlFor="wi-kind">Scenario</label>
          <select id="wi-kind" value={kind} onChange={(e) => { setKind(e.target.value as Kind); setResult(null); }}>
            <option value="cache">Cache repeated inputs</option>
            <option value="batching">Batch requests</option>
            <option value="cold-start">Cold starts</option>
            <option value="autoscaling">Autoscaling policy</option>
          </select>
        </div>
        {kind === 'cache' && (
          <>
            <div className="field"><label htmlFor="wi-key">Input key</label><select id="wi-key" value={key} onChange={(e) => setKey(e.target.value)}>{columns.all.map((c) => <option key={c}>{c}</option>)}</select></div>
            {numberField('wi-window', 'Window (minutes)', windowMin, setWindowMin)}
            {numberField('wi-cachems', 'Cache latency (ms)', cacheMs, setCacheMs)}
          </>
        )}
        {kind === 'batching' && (<>{numberField('wi-batch', 'Batch size', batch, setBatch)}{numberField('wi-wait', 'Max wait (ms)', waitMs, setWaitMs)}</>)}
        {kind === 'cold-start' && numberField('wi-idle', 'Idle gap (seconds)', idle, setIdle)}
        {kind === 'autoscaling' && (
          <>
            {numberField('wi-rps', 'Per-replica throughput (req/s)', rps, setRps, 0.1)}
            {numberField('wi-util', 'Target utilisation (0–1)', util, setUtil, 0.05)}
            {numberField('wi-min', 'Min replicas', min, setMin)}
            {numberField('wi-max', 'Max replicas', max, setMax)}
            {numberField('wi-delay', 'Scale-up delay (minutes)', delay, setDelay)}
          </>
        )}
        <button type="submit" className="btn btn-primary">Run what-if</button>
      </form>
      <AnalysisProgress job={job} label="Replaying the requests" />
      {problem && <p className="error-banner" role="alert">{problem}</p>}
      {result && <WhatIfResult kind={result.kind} value={result.value} />}
    </section>
  );
}

function WhatIfResult({ kind, value }: { kind: Kind; value: unknown }) {
  if (kind === 'cache') {
    const r = value as CacheWhatIf;
    return <p className="verdict" role="status">{pct(r.hitShare)} of requests repeat their key within {fmt().fixed(r.windowMs / 60_000, 0)} min. Served from cache at {ms(r.cacheLatencyMs)}, p95 would go from {ms(r.currentP95)} to {ms(r.expectedP95)} (mean {ms(r.currentMean)} → {ms(r.expectedMean)}).</p>;
  }
  if (kind === 'batching') {
    const r = value as BatchWhatIf;
    return <p className="verdict" role="status">Batches of up to {r.batchSize} (wait ≤ {ms(r.maxWaitMs)}) would average {fmt().fixed(r.meanBatchSize, 2)} requests, add {ms(r.addedMeanMs)} on average (p95 {ms(r.addedP95Ms)}), and raise one replica's throughput from {fmt().fixed(r.throughputUnbatchedRps, 1)} to {fmt().fixed(r.throughputBatchedRps, 1)} req/s (service {ms(r.serviceMs)}, each extra item costs {pct(r.marginalCost, 0)} of one).</p>;
  }
  if (kind === 'cold-start') {
    const r = value as ColdStartReport;
    return <p className="verdict" role="status">{fmt().count(r.cold.count)} request(s) came after more than {fmt().fixed(r.idleGapMs / 1000, 0)} s idle. Their p95 is {ms(r.cold.p95)} against {ms(r.warm.p95)} for the other {fmt().count(r.warm.count)} (penalty {ms(r.p95PenaltyMs)}).</p>;
  }
  const r = value as AutoscalingReport;
  return (
    <div role="status">
      <p className="verdict">Peak {r.peakPerMin} requests/min needs {r.replicasForPeak} replica(s) at {pct(r.targetUtilisation, 0)} utilisation. The policy ({r.policy.min}–{r.policy.max} replicas, scale up above {pct(r.policy.scaleUpAt, 0)}, {r.policy.delayMin} min delay) would have been under capacity for {fmt().count(r.minutesUnderCapacity)} of {fmt().count(r.minutes)} minutes ({fmt().count(r.excessRequests)} requests over capacity), using at most {r.maxReplicasUsed} replicas.</p>
    </div>
  );
}
