import { useState } from 'react';
import type { RateLimitResult, RetryResult } from '../../../../common/contract/schemas/ops';
import { call, errorMessage } from '../../api/client';
import { useFormats } from '../../format';
import type { GatewayCols } from './gatewayColumns';

/** Rate-limit and retry/backoff what-ifs over the chosen gateway log (nothing is saved). */
export function WhatIfs({ datasetId, cols }: { datasetId: string; cols: GatewayCols }) {
  const f = useFormats();
  const [rate, setRate] = useState('2');
  const [burst, setBurst] = useState('20');
  const [per, setPer] = useState<'client' | 'global'>('client');
  const [retries, setRetries] = useState('3');
  const [base, setBase] = useState('200');
  const [mult, setMult] = useState('2');
  const [timeout, setTimeoutMs] = useState('2000');
  const [rl, setRl] = useState<RateLimitResult | null>(null);
  const [rt, setRt] = useState<RetryResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const run = async (what: 'rate' | 'retry') => {
    setProblem(null);
    try {
      if (what === 'rate') setRl(await call('ops-rate-limit', { datasetId, time: cols.time, client: cols.client, rate: Number(rate), burst: Number(burst), per }));
      else setRt(await call('ops-retry', { datasetId, time: cols.time, endpoint: cols.endpoint, status: cols.status, latency: cols.latency || undefined, maxRetries: Number(retries), baseMs: Number(base), multiplier: Number(mult), timeoutMs: timeout && cols.latency ? Number(timeout) : undefined }));
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };
  const num = (id: string, label: string, value: string, set: (v: string) => void, step = 'any') => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="number" step={step} value={value} onChange={(e) => set(e.target.value)} />
    </div>
  );
  return (
    <section className="card ops-whatifs" aria-label="What-ifs">
      <h2>What-ifs on this log</h2>
      {problem && <p className="error-banner" role="alert">{problem}</p>}
      <div className="ops-two">
        <form aria-label="Rate-limit what-if" onSubmit={(e) => { e.preventDefault(); void run('rate'); }}>
          <h3>Rate limit (token bucket)</h3>
          <div className="ops-inline">
            {num('rl-rate', 'Rate (requests/s)', rate, setRate)}
            {num('rl-burst', 'Burst', burst, setBurst, '1')}
            <div className="field">
              <label htmlFor="rl-per">Bucket</label>
              <select id="rl-per" value={per} onChange={(e) => setPer(e.target.value as 'client' | 'global')}>
                <option value="client">per client</option>
                <option value="global">one for all</option>
              </select>
            </div>
          </div>
          <button type="submit" className="btn btn-primary">Run rate-limit what-if</button>
          {rl && (
            <div data-testid="ratelimit-result">
              <p className="ops-answer">
                {f.count(rl.rejected)} of {f.count(rl.requests)} requests would have been rejected ({f.percent(rl.rejectedShare, 1)})
              </p>
              <table className="ops-table">
                <caption className="visually-hidden">Rejected requests by client</caption>
                <thead><tr><th>Client</th><th>Requests</th><th>Rejected</th><th>Peak rate /s</th></tr></thead>
                <tbody>{rl.byClient.map((c) => <tr key={c.client}><td>{c.client}</td><td>{f.count(c.requests)}</td><td>{f.count(c.rejected)}</td><td>{f.count(c.peakRatePerSecond)}</td></tr>)}</tbody>
              </table>
            </div>
          )}
        </form>
        <form aria-label="Retry what-if" onSubmit={(e) => { e.preventDefault(); void run('retry'); }}>
          <h3>Retries with exponential backoff</h3>
          <div className="ops-inline">
            {num('rt-n', 'Max retries', retries, setRetries, '1')}
            {num('rt-base', 'Base delay (ms)', base, setBase)}
            {num('rt-mult', 'Multiplier', mult, setMult)}
            {num('rt-timeout', 'Timeout (ms)', timeout, setTimeoutMs)}
          </div>
          <button type="submit" className="btn btn-primary">Run retry what-if</button>
          {rt && (
            <div data-testid="retry-result">
              <p className="ops-answer">
                {f.count(rt.recoverable)} of {f.count(rt.failures)} failures recoverable ({f.percent(rt.recoveredShare, 1)}); {f.count(rt.extraRequests)} extra requests
              </p>
              <p>Retries leave {rt.schedule.map((s) => `${f.count(s)} ms`).join(', ')} after a failure. Added latency p50 {rt.addedLatencyMs.p50 === null ? '—' : `${f.count(rt.addedLatencyMs.p50)} ms`}, p95 {rt.addedLatencyMs.p95 === null ? '—' : `${f.count(rt.addedLatencyMs.p95)} ms`}.</p>
              {rt.peak && <p>Worst minute {f.dateTime(rt.peak.minute)}: {rt.peak.failures} failures, {rt.peak.requests} requests + {rt.peak.retries} retries — load × {f.fixed(rt.peak.amplification, 2)}.</p>}
            </div>
          )}
        </form>
      </div>
    </section>
  );
}
