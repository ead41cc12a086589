#!/usr/bin/env node
// Deterministic sample logs for the demo event's integration and operations pages (issue 23):
//   node scripts/generate-ops-demo.mjs   → resources/demo/gateway-log.csv and resources/demo/user-corrections.csv
// The gateway log: two weeks (2026-11-01 … 14) of the fraud-scoring API's gateway — four clients, three endpoints,
// API v1/v2 (partner-bank never leaves v1; mobile-app moves to v2 on 2026-11-08), a nightly batch-rescoring burst at
// 02:00 (what a rate limit would cut), and a feature-store outage 2026-11-10 14:00–14:30 (a burst of 503s on /score and
// /features that retries could partly recover). The corrections: analysts' and chargebacks' labels for predictions of
// the demo's inference log, joined by request_id (label delay: hours for analysts, weeks for chargebacks).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng, standardNormal } from './lib/random.mjs';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'demo');

const rnd = prng(20261123);
const normal = () => standardNormal(rnd);
const lognormal = (median, sigma) => median * Math.exp(sigma * normal());
const pick = (items, weights) => {
  let r = rnd() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) if ((r -= weights[i]) < 0) return items[i];
  return items[items.length - 1];
};

const DAY = 86_400_000;
const START = Date.UTC(2026, 10, 1);
const DAYS = 14;
const MOBILE_V2 = Date.UTC(2026, 10, 8);
const OUTAGE_FROM = Date.UTC(2026, 10, 10, 14, 0);
const OUTAGE_TO = Date.UTC(2026, 10, 10, 14, 30);

function gatewayLog() {
  const rows = [];
  // Interactive traffic by hour of day (UTC): quiet at night, busy 08–21.
  const hourWeight = Array.from({ length: 24 }, (_, h) => (h >= 8 && h <= 21 ? 3 : h >= 6 && h <= 23 ? 1.5 : 0.4));
  for (let d = 0; d < DAYS; d++) {
    const day = START + d * DAY;
    const weekend = [0, 6].includes(new Date(day).getUTCDay());
    const n = weekend ? 220 : 360;
    for (let i = 0; i < n; i++) {
      const hour = pick([...Array(24).keys()], hourWeight);
      const t = day + hour * 3_600_000 + Math.floor(rnd() * 3_600_000);
      const client = pick(['checkout-web', 'mobile-app', 'partner-bank'], [50, 33, 17]);
      const endpoint = pick(['/score', '/explain', '/features'], [72, 16, 12]);
      const version = client === 'partner-bank' ? 'v1' : client === 'mobile-app' ? (t < MOBILE_V2 ? 'v1' : rnd() < 0.08 ? 'v1' : 'v2') : 'v2';
      rows.push([t, client, endpoint, version]);
    }
    // The nightly batch: 120 rescoring calls within 40 seconds of 02:00.
    for (let i = 0; i < 120; i++) rows.push([day + 2 * 3_600_000 + Math.floor(rnd() * 40_000), 'batch-rescoring', '/score', 'v2']);
    // During the outage clients keep calling (and retry by hand): 90 more requests in the half hour.
    if (day === Date.UTC(2026, 10, 10)) for (let i = 0; i < 90; i++) rows.push([OUTAGE_FROM + Math.floor(rnd() * (OUTAGE_TO - OUTAGE_FROM)), pick(['checkout-web', 'mobile-app'], [60, 40]), pick(['/score', '/features'], [80, 20]), 'v2']);
  }
  rows.sort((a, b) => a[0] - b[0]);
  const lines = ['timestamp,client,endpoint,api_version,status,latency_ms,request_bytes,response_bytes,upstream'];
  for (const [t, client, endpoint, version] of rows) {
    const outage = t >= OUTAGE_FROM && t < OUTAGE_TO && endpoint !== '/explain';
    const reqBytes = Math.round(version === 'v1' ? lognormal(1400, 0.25) : lognormal(950, 0.25));
    const respBytes = Math.round(endpoint === '/explain' ? lognormal(9000, 0.5) : endpoint === '/features' ? lognormal(2500, 0.3) : lognormal(420, 0.2));
    let latency = (endpoint === '/explain' ? 320 : endpoint === '/features' ? 45 : 170) * Math.exp(0.35 * normal()) + respBytes / 200;
    let status = 200;
    let upstream = '';
    const r = rnd();
    if (outage && r < 0.62) {
      status = 503;
      latency = 30 + rnd() * 20;
      upstream = 'feature-store';
    } else if (outage) {
      latency *= 2.5;
      upstream = 'feature-store';
    } else if (r < 0.004) {
      status = 502;
      upstream = 'model-server';
    } else if (r < 0.006) {
      status = 504;
      latency = 2000 + rnd() * 500;
      upstream = 'model-server';
    } else if (r < 0.02) {
      status = client === 'batch-rescoring' ? 429 : 400;
    } else if (latency > 450) {
      upstream = rnd() < 0.6 ? 'feature-store' : 'model-server';
    }
    lines.push([new Date(t).toISOString(), client, endpoint, version, status, latency.toFixed(1), reqBytes, respBytes, upstream].join(','));
  }
  fs.writeFileSync(path.join(dir, 'gateway-log.csv'), lines.join('\n') + '\n');
  return rows.length;
}

function corrections() {
  const text = fs.readFileSync(path.join(dir, 'inference-log.csv'), 'utf8').trim().split('\n');
  const header = text[0].split(',');
  const at = (name) => header.indexOf(name);
  const lines = ['prediction_id,corrected_at,corrected_label,source'];
  for (const line of text.slice(1)) {
    const c = line.split(',');
    const t = Date.parse(c[at('timestamp')]);
    const decision = c[at('decision')];
    const label = c[at('label')];
    const r = rnd();
    // Analysts review blocked and held decisions within hours; chargebacks arrive weeks later for missed fraud.
    if (decision !== 'pass' && r < 0.3) {
      lines.push([c[at('request_id')], new Date(t + Math.round(lognormal(6, 0.8) * 3_600_000)).toISOString(), label, 'analyst'].join(','));
    } else if (decision === 'pass' && label === 'fraud' && r < 0.7) {
      lines.push([c[at('request_id')], new Date(t + Math.round((10 + 20 * rnd()) * DAY)).toISOString(), 'fraud', 'chargeback'].join(','));
    } else if (r < 0.01) {
      lines.push([c[at('request_id')], new Date(t + Math.round(lognormal(20, 0.6) * 3_600_000)).toISOString(), label, 'analyst'].join(','));
    }
  }
  fs.writeFileSync(path.join(dir, 'user-corrections.csv'), lines.join('\n') + '\n');
  return lines.length - 1;
}

console.log(`gateway-log.csv: ${gatewayLog()} rows; user-corrections.csv: ${corrections()} rows`);
