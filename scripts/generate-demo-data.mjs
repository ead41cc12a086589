// Writes the demo event's sample logs to resources/demo/ (deterministic: same seed, same bytes).
//   node scripts/generate-demo-data.mjs            → inference-log.csv, pipeline-runs.csv, model-performance.csv,
//       and follow-up/inference-log-2026-12.csv: the `held` December below at 25,000 rows a month (half the
//       event's density, so the file stays under 3 MB in git), for the demo's 30-day review
//   node scripts/generate-demo-data.mjs --rows N --out FILE   → only an inference log of N rows (benchmarks)
//   node scripts/generate-demo-data.mjs --follow-up held|degraded|improved [--rows N] --out FILE
//       → December 2026 of the same log (N rows a month, default 50,000), for reviews and `kaizen guardrails check`:
//         the stream runs on from November (same seed, so the cache is as warm as it was), and `degraded` turns the
//         feature cache off from 1 December (feature_ms back to its pre-event level); `improved` adds a second
//         countermeasure from 1 December (the feature store's lookups indexed: a cache miss costs 30 % less).
// The story: feature_ms is the bottleneck of the fraud-scoring API; a feature cache lands on 2026-11-12
// (the Kaizen countermeasure) and cuts it for repeated inputs; an upstream change shifts score/confidence
// from 11-14 to 11-20 (drift) until model v3.2 is retrained and deployed on 11-21.
import fs from 'node:fs';
import path from 'node:path';
import { prng, standardNormal } from './lib/random.mjs';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const SEED = 20261112;
let rnd = prng(SEED);
const normal = () => standardNormal(rnd);
const lognormal = (median, sigma) => median * Math.exp(sigma * normal());
const pick = (items, weights) => {
  let r = rnd() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) if ((r -= weights[i]) < 0) return items[i];
  return items[items.length - 1];
};
const clamp01 = (x) => Math.min(0.999, Math.max(0.001, x));

const DAY = 86_400_000;
const START = Date.UTC(2026, 10, 1);
const CHANGE = Date.UTC(2026, 10, 12);
const DRIFT_FROM = Date.UTC(2026, 10, 14);
const DRIFT_TO = Date.UTC(2026, 10, 21);
const followUp = flag('--follow-up');
if (followUp !== undefined && !['held', 'degraded', 'improved'].includes(followUp)) throw new Error('--follow-up must be held, degraded or improved');
const FOLLOW_FROM = Date.UTC(2026, 11, 1);

async function inferenceLog(rows, file, follow = followUp) {
  const CACHE_OFF = follow === 'degraded' ? FOLLOW_FROM : Infinity;
  const INDEXED = follow === 'improved' ? FOLLOW_FROM : Infinity;
  const out = fs.createWriteStream(file);
  const buf = ['timestamp,request_id,endpoint,model_version,preprocess_ms,feature_ms,model_ms,postprocess_ms,total_ms,cache_hit,score,confidence,decision,label,region'];
  const span = (follow ? 61 : 30) * DAY;
  const seen = new Set();
  let chunk = [];
  for (let i = 0; i < rows; i++) {
    const t = START + Math.floor((i / rows) * span + rnd() * (span / rows));
    // Repeated inputs: a popular subset of transactions is scored again and again (Zipf-like).
    const repeat = rnd() < 0.42;
    const key = repeat ? Math.floor(Math.pow(rnd(), 3) * 4000) : 4000 + i;
    const requestId = `txn-${String(key).padStart(7, '0')}`;
    const endpoint = pick(['/score', '/explain', '/batch'], [70, 20, 10]);
    const v32 = t >= DRIFT_TO;
    const model = v32 ? 'fraud-v3.2' : 'fraud-v3.1';
    const hit = t >= CHANGE && t < CACHE_OFF && seen.has(requestId);
    seen.add(requestId);
    const pre = lognormal(14, 0.25);
    const feat = hit ? lognormal(7, 0.3) : lognormal(endpoint === '/batch' ? 260 : 175, 0.35) * (t >= INDEXED ? 0.7 : 1);
    const mdl = lognormal(endpoint === '/explain' ? 85 : 38, 0.3);
    const post = lognormal(5, 0.3);
    const total = pre + feat + mdl + post;
    const region = pick(['EU', 'US', 'APAC', 'LATAM'], [35, 35, 20, 10]);
    const fraud = rnd() < 0.07;
    const drift = t >= DRIFT_FROM && t < DRIFT_TO ? 0.18 : 0;
    let score = clamp01((fraud ? 0.72 : 0.18) + 0.16 * normal() + drift + (region === 'APAC' ? 0.05 : 0));
    if (v32) score = clamp01((fraud ? 0.76 : 0.15) + 0.14 * normal() + (region === 'APAC' ? 0.03 : 0));
    const confidence = clamp01(0.55 + Math.abs(score - 0.5) * 0.85 - (drift ? 0.12 : 0) + 0.04 * normal());
    const decision = score >= 0.5 ? 'flag' : 'pass';
    if (t < FOLLOW_FROM && follow) continue;
    chunk.push(
      `${new Date(t).toISOString()},${requestId},${endpoint},${model},${pre.toFixed(1)},${feat.toFixed(1)},${mdl.toFixed(1)},${post.toFixed(1)},${total.toFixed(1)},${hit},${score.toFixed(3)},${confidence.toFixed(3)},${decision},${fraud ? 'fraud' : 'legit'},${region}`,
    );
    if (chunk.length === 10000) {
      buf.push(chunk.join('\n'));
      chunk = [];
      if (!out.write(buf.join('\n') + '\n')) await new Promise((r) => out.once('drain', r));
      buf.length = 0;
    }
  }
  if (chunk.length) buf.push(chunk.join('\n'));
  if (buf.length) out.write(buf.join('\n') + '\n');
  return new Promise((resolve) => out.end(resolve));
}

const STAGES = [
  ['Data ingestion', 18, 0.02],
  ['Validation', 9, 0.06],
  ['Feature engineering', 145, 0.03],
  ['Training', 62, 0.04],
  ['Evaluation', 14, 0.01],
  ['Approval / registry', 25, 0],
  ['Deployment', 11, 0.02],
];

function pipelineRuns(file) {
  const lines = ['run_id,stage,started_at,ended_at,status,rows_in,rows_out'];
  let n = 0;
  for (let day = 0; day < 30; day++) {
    for (const hour of [2, 14]) {
      n++;
      const runId = `run-${String(n).padStart(4, '0')}`;
      let t = START + day * DAY + hour * 3_600_000 + Math.floor(rnd() * 600_000);
      let rows = Math.round(1_200_000 + 150_000 * normal());
      for (const [stage, minutes, failRate] of STAGES) {
        let attempt = 0;
        for (;;) {
          // The feature cache also shortens feature engineering after the change date.
          const m = stage === 'Feature engineering' && START + day * DAY >= CHANGE ? minutes * 0.8 : minutes;
          const dur = lognormal(m, 0.2) * 60_000;
          const failed = attempt < 2 && rnd() < failRate;
          const rowsOut = failed ? 0 : stage === 'Validation' ? Math.round(rows * (0.985 + 0.01 * rnd())) : rows;
          lines.push(`${runId},${stage},${new Date(t).toISOString()},${new Date(t + dur).toISOString()},${failed ? 'failed' : 'succeeded'},${rows},${rowsOut}`);
          t += dur + (stage === 'Approval / registry' ? 0 : Math.floor(rnd() * 120_000));
          if (!failed) {
            rows = rowsOut;
            break;
          }
          attempt++;
          t += 5 * 60_000;
        }
      }
    }
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

function modelPerformance(file) {
  const lines = ['date,model_version,auc,precision,recall,retrain_triggered_at,deployed_at'];
  for (let day = 0; day < 30; day++) {
    const t = START + day * DAY;
    const v32 = t >= DRIFT_TO;
    const drift = t >= DRIFT_FROM && t < DRIFT_TO;
    const auc = (v32 ? 0.925 : drift ? 0.845 : 0.912) + 0.006 * normal();
    const precision = (v32 ? 0.81 : drift ? 0.66 : 0.78) + 0.015 * normal();
    const recall = (v32 ? 0.77 : drift ? 0.69 : 0.74) + 0.015 * normal();
    const trigger = t === Date.UTC(2026, 10, 16) ? '2026-11-16T08:40:00Z' : '';
    const deployed = t === DRIFT_TO ? '2026-11-21T10:15:00Z' : t === START ? '2026-10-02T09:00:00Z' : '';
    lines.push(`${new Date(t).toISOString().slice(0, 10)},${v32 ? 'fraud-v3.2' : 'fraud-v3.1'},${auc.toFixed(4)},${precision.toFixed(4)},${recall.toFixed(4)},${trigger},${deployed}`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

const onlyRows = flag('--rows');
/** November runs too (not written), so December follows on from it: 61 days at the monthly density. */
const followUpRows = (perMonth) => Math.round((perMonth * 61) / 30);
if (followUp) {
  await inferenceLog(followUpRows(Number(onlyRows ?? 50_000)), path.resolve(flag('--out') ?? `inference-log-${followUp}.csv`));
} else if (onlyRows) {
  await inferenceLog(Number(onlyRows), path.resolve(flag('--out') ?? 'inference-log.csv'));
} else {
  const dir = path.join(root, 'resources', 'demo');
  fs.mkdirSync(dir, { recursive: true });
  await inferenceLog(50_000, path.join(dir, 'inference-log.csv'));
  pipelineRuns(path.join(dir, 'pipeline-runs.csv'));
  modelPerformance(path.join(dir, 'model-performance.csv'));
  // The follow-up month starts its own stream from the seed, as `--follow-up held --rows 25000` does.
  rnd = prng(SEED);
  fs.mkdirSync(path.join(dir, 'follow-up'), { recursive: true });
  await inferenceLog(followUpRows(25_000), path.join(dir, 'follow-up', 'inference-log-2026-12.csv'), 'held');
}
