// Analysis benchmarks: PSI and KS over 1,000,000 vs 1,000,000 values and the latency profile of a
// 1,000,000-row inference log (targets from issue 6: PSI < 150 ms, KS < 400 ms, profile < 1 s).
import { psiEvidently, psiQuantile } from '../../common/domain/drift/psi';
import { ksTwoSample } from '../../common/domain/drift/ks';
import { latencyByGroup, latencyProfile, p95Heatmap } from '../../common/domain/latency/profile';
import { report, timeMs } from './benchUtil';

/** Median CPU time (user + system) of `runs` calls, in ms: on a shared, oversubscribed machine wall time mostly measures waiting. */
function cpuMs(fn: () => unknown, runs = 3): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function both(name: string, fn: () => unknown, target?: string, runs = 3): void {
  report(`${name} (wall)`, timeMs(fn, runs), 'ms', target);
  report(`${name} (CPU)`, cpuMs(fn, runs), 'ms', target);
}

let seed = 12345;
const uniform = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
const normal = (mu: number, sd: number) => mu + sd * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());

const N = 1_000_000;
const ref = Float64Array.from({ length: N }, () => normal(0, 1));
const cur = Float64Array.from({ length: N }, () => normal(0.05, 1.1));

both('PSI quantile 1M vs 1M', () => psiQuantile(ref, cur), '< 150 ms');
both('PSI evidently 1M vs 1M', () => psiEvidently(ref, cur), '< 150 ms');
both('KS 1M vs 1M (asymptotic)', () => ksTwoSample(ref, cur), '< 400 ms');
both('KS 10k vs 10k (exact p-value)', () => ksTwoSample(ref.subarray(0, 10_000), cur.subarray(0, 10_000)));

const stages = {
  preprocess_ms: Float64Array.from({ length: N }, () => Math.abs(normal(15, 4))),
  feature_ms: Float64Array.from({ length: N }, () => Math.abs(normal(150, 60))),
  model_ms: Float64Array.from({ length: N }, () => Math.abs(normal(60, 20))),
  postprocess_ms: Float64Array.from({ length: N }, () => Math.abs(normal(6, 2))),
};
const total = new Float64Array(N);
for (const s of Object.values(stages)) s.forEach((v, i) => (total[i]! += v));
const start = Date.UTC(2026, 10, 1);
const ts = Float64Array.from({ length: N }, (_, i) => start + i * 2592);
const endpoints = ['/score', '/explain', '/batch'];
const keys = Array.from({ length: N }, (_, i) => endpoints[i % 3]!);

both('latency profile 1M rows (4 stages + total)', () => latencyProfile(stages, total), '< 1 s');
both('latency profile + by endpoint + p95 heatmap 1M rows', () => {
  latencyProfile(stages, total);
  latencyByGroup(keys, stages, total);
  p95Heatmap(ts, total);
});
