import { describe, expect, it } from 'vitest';
import { profileTrace, traceTable } from './trace';

// Two profiler steps of 1,000 µs each. On thread 1/1, aten::linear (400 µs) calls aten::addmm (300 µs), then
// aten::relu (100 µs); on thread 1/7 a GPU kernel (250 µs) overlaps them. An nn.Module span wraps linear.
const step = (k: number) => {
  const o = k * 1000;
  return [
    { name: `ProfilerStep#${k + 1}`, cat: 'user_annotation', ph: 'X', ts: o, dur: 1000, pid: 1, tid: 1 },
    { name: 'nn.Module: Linear_0', cat: 'python_function', ph: 'X', ts: o + 90, dur: 420, pid: 1, tid: 1 },
    { name: 'aten::linear', cat: 'cpu_op', ph: 'X', ts: o + 100, dur: 400, pid: 1, tid: 1 },
    { name: 'aten::addmm', cat: 'cpu_op', ph: 'X', ts: o + 150, dur: 300, pid: 1, tid: 1 },
    { name: 'aten::relu', cat: 'cpu_op', ph: 'X', ts: o + 600, dur: 100, pid: 1, tid: 1 },
    { name: 'void gemm', cat: 'kernel', ph: 'X', ts: o + 200, dur: 250, pid: 1, tid: 7 },
  ];
};
const trace = { traceEvents: [{ name: 'process_name', ph: 'M', pid: 1, args: { name: 'python' } }, ...step(0), ...step(1)] };

describe('profileTrace', () => {
  it('per-operator self time, Pareto and share of a request', () => {
    // Self time: linear 400 − 300 (addmm inside) = 100 µs per step → 200 µs; addmm 600; relu 200; gemm 500 (its
    // own thread, nested in nothing). Σ self = 1,500 µs. Pareto: addmm 0.4, gemm 1/3, then linear and relu 0.2 ms
    // each (tie → by name). Requests: 2 steps, Σ 2,000 µs → addmm's share of a request 600/2000 = 0.3, gemm 0.25,
    // linear 0.1, relu 0.1; top 2 = 0.55. The module: 2 × 420 µs = 0.84 ms, 0.42 of request time. The "M" event
    // is ignored.
    const r = profileTrace(traceTable('trace.json', trace), { top: 2 });
    expect(r.operators.map((o) => [o.name, o.count, o.totalMs, o.selfMs, o.share, o.cumulativeShare, o.shareOfRequest])).toEqual([
      ['aten::addmm', 2, 0.6, 0.6, 0.4, 0.4, 0.3],
      ['void gemm', 2, 0.5, 0.5, 0.333333333333, 0.733333333333, 0.25],
      ['aten::linear', 2, 0.8, 0.2, 0.133333333333, 0.866666666667, 0.1],
      ['aten::relu', 2, 0.2, 0.2, 0.133333333333, 1, 0.1],
    ]);
    expect(r.requests).toBe(2);
    expect(r.requestMs).toBe(2);
    expect(r.meanRequestMs).toBe(1);
    expect(r.topShareOfRequest).toBe(0.55);
    expect(r.modules).toEqual([{ name: 'nn.Module: Linear_0', count: 2, totalMs: 0.84, shareOfRequest: 0.42 }]);
    expect(r.ignoredEvents).toBe(1);
  });

  it('B/E pairs and a trace without steps (one request from first start to last end)', () => {
    // op A: B at 0, E at 500; op B: X at 600 for 400 → span 0..1000 µs = 1 ms; A's share 0.5, B's 0.4.
    const t = traceTable('be.json', [
      { name: 'A', ph: 'B', ts: 0, pid: 1, tid: 1 },
      { name: 'A', ph: 'E', ts: 500, pid: 1, tid: 1 },
      { name: 'B', ph: 'X', ts: 600, dur: 400, pid: 1, tid: 1 },
    ]);
    const r = profileTrace(t);
    expect(r.requests).toBe(1);
    expect(r.requestMs).toBe(1);
    expect(r.operators.map((o) => [o.name, o.selfMs, o.shareOfRequest])).toEqual([['A', 0.5, 0.5], ['B', 0.4, 0.4]]);
  });

  it('refuses what is not a trace', () => {
    expect(() => traceTable('x.json', { events: [] })).toThrow('x.json: not a Chrome trace');
    expect(() => profileTrace(traceTable('m.json', [{ name: 'meta', ph: 'M' }]))).toThrow('m.json has no complete events');
    expect(() => profileTrace(traceTable('d.json', [{ name: 'op', ph: 'X', ts: 0, dur: 'long' }]))).toThrow('d.json, event 1 ("op"): "dur" is "long", not a number');
  });
});
