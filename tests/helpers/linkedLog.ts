import fs from 'node:fs';

/**
 * A generated inference log for the linked-dataset tests: `rows` requests over `days` days from 2026-11-02 UTC, in
 * time order, with missing cells (no time, no latency, no status) and tied values, written as CSV. The same rows
 * go into an imported (SQLite) dataset and a linked (DuckDB) one, so every statistic can be compared.
 */
export function writeLinkedLog(file: string, rows: number, days = 6, seed = 7): void {
  let r = seed >>> 0 || 1;
  const rnd = () => {
    r ^= r << 13;
    r ^= r >>> 17;
    r ^= r << 5;
    r >>>= 0;
    return r / 4294967296;
  };
  const start = Date.UTC(2026, 10, 2);
  const span = days * 86_400_000;
  const lines = ['timestamp,endpoint,latency_ms,status,score,model'];
  for (let i = 0; i < rows; i++) {
    const t = start + Math.floor((i / rows) * span);
    const ts = i % 97 === 5 ? '' : new Date(t).toISOString();
    const endpoint = rnd() < 0.7 ? '/score' : '/explain';
    // Milliseconds with 1 decimal, some ties; a shift upwards after day 3.
    const base = 120 + 80 * -Math.log(1 - rnd()) + (t - start > 3 * 86_400_000 ? 25 : 0);
    const latency = i % 53 === 7 ? '' : (Math.round(base * 10) / 10).toFixed(1);
    const u = rnd();
    const status = i % 61 === 3 ? '' : u < 0.04 ? 'failed' : u < 0.06 ? 'timeout' : 'ok';
    const score = rnd().toFixed(4);
    const model = i % 3 === 0 ? 'v2' : 'v1';
    lines.push(`${ts},${endpoint},${latency},${status},${score},${model}`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}
