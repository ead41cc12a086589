// VSM figures: metrics and scene for large maps (every edit recomputes them live), and the fill-from-log
// summary over a large run log (the part of `vsm-fill` that is not SQLite reading).
import { summariseRunLog } from '../../common/domain/vsm/fillFromLog';
import { computeMetrics } from '../../common/domain/vsm/metrics';
import { renderVsmSvg } from '../../common/domain/vsm/renderSvg';
import { fullStage } from '../../common/domain/vsm/testMaps';
import { report, timeMs } from './benchUtil';

function bigMap(n: number) {
  const stages = Array.from({ length: n }, (_, i) =>
    fullStage(`s${i}`, `Stage ${i}`, 1 + (i % 7), { wt: { value: i % 5, unit: 'h' }, ca: 90 + (i % 10), parallelGroup: i % 10 === 3 || i % 10 === 4 ? `p${Math.floor(i / 10)}` : '', reworkToId: i % 12 === 11 ? `s${i - 3}` : null, reworkShare: i % 12 === 11 ? 0.1 : 0 }),
  );
  return { name: 'Bench', kind: 'current' as const, displayUnit: 'h' as const, externals: [], bursts: [], stages, demand: 10, availableTime: { value: 8, unit: 'h' as const } };
}

for (const n of [15, 200]) {
  const map = bigMap(n);
  report(`vsm metrics, ${n} stages`, timeMs(() => computeMetrics(map), 21), 'ms', n === 15 ? '< 1 ms (live on every edit)' : undefined);
  const m = computeMetrics(map);
  report(`vsm renderVsmSvg, ${n} stages`, timeMs(() => renderVsmSvg(map, m), 11), 'ms');
}

const RUNS = 20_000;
const STAGES = ['Data ingestion', 'Validation', 'Feature engineering', 'Training', 'Evaluation', 'Approval / registry', 'Deployment'];
const log = { runId: [] as string[], stage: [] as string[], startedAt: [] as number[], endedAt: [] as number[], status: [] as string[] };
let t = Date.UTC(2026, 0, 1);
for (let r = 0; r < RUNS; r++) {
  for (const s of STAGES) {
    t += 60_000 + ((r * 7919) % 300_000);
    const end = t + 120_000 + ((r * 104729) % 3_600_000);
    log.runId.push(`run-${r}`);
    log.stage.push(s);
    log.startedAt.push(t);
    log.endedAt.push(end);
    log.status.push((r + s.length) % 37 === 0 ? 'failed' : 'succeeded');
    t = end;
  }
}
const rows = log.runId.length;
const ms = timeMs(() => summariseRunLog(log, (n) => n, 50), 5);
report(`vsm fill-from-log summary, ${rows} rows`, ms, 'ms');
report('vsm fill-from-log throughput', rows / (ms / 1000), 'rows/s');
