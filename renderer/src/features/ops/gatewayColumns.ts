import type { DatasetInfo } from '../../../../common/contract/schemas/datasets';

/** The gateway-log columns the page reads, guessed from names and roles (the user can change each). */
export type GatewayCols = { time: string; client: string; endpoint: string; status: string; version: string; latency: string; responseBytes: string; cause: string };

export function guessColumns(ds: DatasetInfo): GatewayCols {
  const names = ds.columns.map((c) => c.name);
  const find = (...patterns: RegExp[]) => names.find((n) => patterns.some((p) => p.test(n))) ?? '';
  return {
    time: ds.columns.find((c) => c.role === 'timestamp')?.name ?? ds.columns.find((c) => c.type === 'timestamp')?.name ?? '',
    client: find(/^client/i, /consumer/i, /caller/i),
    endpoint: find(/^endpoint/i, /route/i, /path/i),
    status: ds.columns.find((c) => c.role === 'status')?.name ?? find(/status/i, /code/i),
    version: find(/version/i),
    latency: ds.columns.find((c) => c.role === 'latency')?.name ?? find(/latency/i, /_ms$/i),
    responseBytes: find(/response.?bytes/i, /resp.?bytes/i),
    cause: find(/upstream/i, /provider/i, /cause/i),
  };
}

/** A dataset that looks like a gateway log: it has client, endpoint and status columns. */
export function isGatewayLog(ds: DatasetInfo): boolean {
  const g = guessColumns(ds);
  return !!(g.time && g.client && g.endpoint && g.status);
}
