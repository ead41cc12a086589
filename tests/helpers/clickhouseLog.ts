// A generated inference log for the ClickHouse tests: the same rows as a CSV (for the SQLite import) and loaded into a
// ClickHouse MergeTree table, so every statistic can be compared between the two paths.
import fs from 'node:fs';
import path from 'node:path';
import type { ClickHouseServer } from './clickhouseServer';

export type LogRow = Readonly<{
  /** Epoch ms, whole seconds (ClickHouse 18.16's DateTime holds seconds). */
  timestamp: number;
  endpoint: '/score' | '/explain';
  region: string | null;
  status: 'ok' | 'failed' | 'timeout';
  latency_ms: number;
  score: number | null;
  tokens: number;
}>;

/** Mulberry32: a small seeded PRNG, so the log is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` rows over 10 days from 2026-11-01 (UTC), irregular gaps; latency log-normal-ish with repeated values
 * (ties), failures ~4 % and timeouts ~1 %, regions with missing cells, scores with missing cells.
 */
export function generateLog(n: number, seed = 21): LogRow[] {
  const r = prng(seed);
  const start = Date.UTC(2026, 10, 1);
  const span = 10 * 86_400;
  const regions = ['EU', 'US', 'APAC', null];
  const rows: LogRow[] = [];
  for (let i = 0; i < n; i++) {
    const sec = Math.floor((i / n) * span + r() * 30);
    const u = r();
    const latency = Math.round(Math.exp(4 + r() * 1.5 + (u > 0.97 ? 1.2 : 0)) * 10) / 10;
    rows.push({
      timestamp: (start / 1000 + sec) * 1000,
      endpoint: r() < 0.7 ? '/score' : '/explain',
      region: regions[Math.floor(r() * regions.length)]!,
      status: u < 0.04 ? 'failed' : u < 0.05 ? 'timeout' : 'ok',
      latency_ms: latency,
      score: r() < 0.1 ? null : Math.round(r() * 1e6) / 1e6,
      tokens: Math.floor(r() * 500),
    });
  }
  return rows;
}

export const LOG_COLUMNS = ['timestamp', 'endpoint', 'region', 'status', 'latency_ms', 'score', 'tokens'] as const;

/** The rows as a CSV file (ISO timestamps), for `dataset-import`. */
export function writeLogCsv(rows: readonly LogRow[], file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const lines = [LOG_COLUMNS.join(',')];
  for (const x of rows) {
    lines.push([new Date(x.timestamp).toISOString(), x.endpoint, x.region ?? '', x.status, x.latency_ms, x.score ?? '', x.tokens].join(','));
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** Creates `table` (MergeTree by time) in the server's database and loads the rows as TabSeparated. */
export async function loadLogIntoClickHouse(server: ClickHouseServer, table: string, rows: readonly LogRow[]): Promise<void> {
  const t = `${server.database}.${table}`;
  await server.exec(`CREATE TABLE ${t} (
    timestamp DateTime,
    endpoint Enum8('/score' = 1, '/explain' = 2),
    region Nullable(String),
    status String,
    latency_ms Float64,
    score Nullable(Float64),
    tokens UInt32
  ) ENGINE = MergeTree() PARTITION BY toYYYYMMDD(timestamp) ORDER BY timestamp`);
  const chunk = 50_000;
  for (let i = 0; i < rows.length; i += chunk) {
    const body = rows
      .slice(i, i + chunk)
      .map((x) => [x.timestamp / 1000, x.endpoint, x.region ?? '\\N', x.status, x.latency_ms, x.score ?? '\\N', x.tokens].join('\t'))
      .join('\n');
    await server.exec(`INSERT INTO ${t} FORMAT TabSeparated`, body + '\n');
  }
}
