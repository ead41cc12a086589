import { AppError } from '../../../../common/contract/errors';

/**
 * Where a ClickHouse table is: `clickhouse://user@host:port/database/table` (HTTP; `clickhouse+https://` for TLS).
 * The URL never holds a password: one given in it is refused, so it can never reach kaizen.db, a log or an archive.
 * The password comes from the secret store (desktop keychain) or KAIZEN_CLICKHOUSE_PASSWORD (CLI, browser mode).
 */
export type ClickHouseConfig = Readonly<{
  secure: boolean;
  host: string;
  /** The HTTP interface's port (8123 by default, 8443 for TLS). */
  port: number;
  database: string;
  table: string;
  user: string;
}>;

export const DEFAULT_HTTP_PORT = 8123;
export const DEFAULT_HTTPS_PORT = 8443;

const bad = (url: string, why: string) =>
  new AppError('BAD_INPUT', `"${url.slice(0, 200)}" is not a ClickHouse link: ${why}. Expected clickhouse://user@host:port/database/table.`);

/** Parses a clickhouse:// URL (the CLI's `kaizen link clickhouse://…`, a stored link's location). */
export function parseClickHouseUrl(url: string): ClickHouseConfig {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw bad(url, 'not a URL');
  }
  const secure = u.protocol === 'clickhouse+https:';
  if (!secure && u.protocol !== 'clickhouse:') throw bad(url, `the scheme is "${u.protocol}"`);
  if (u.password) throw bad('clickhouse://…', 'it holds a password (never put one in a link: set KAIZEN_CLICKHOUSE_PASSWORD, or the desktop app asks)');
  if (!u.hostname) throw bad(url, 'no host');
  if (u.search || u.hash) throw bad(url, 'it has a query or fragment');
  const parts = u.pathname.split('/').filter((p) => p.length > 0).map(decodeURIComponent);
  if (parts.length !== 2) throw bad(url, 'the path must be /database/table');
  const user = u.username ? decodeURIComponent(u.username) : 'default';
  const port = u.port ? Number(u.port) : secure ? DEFAULT_HTTPS_PORT : DEFAULT_HTTP_PORT;
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  return { secure, host, port, database: parts[0]!, table: parts[1]!, user };
}

/** The link's location as stored and shown: the URL form, user included, never a password. */
export function formatClickHouseUrl(c: ClickHouseConfig): string {
  const enc = encodeURIComponent;
  const host = c.host.includes(':') ? `[${c.host}]` : c.host;
  return `${c.secure ? 'clickhouse+https' : 'clickhouse'}://${enc(c.user)}@${host}:${c.port}/${enc(c.database)}/${enc(c.table)}`;
}

/** host:port, for messages. */
export function describeServer(c: ClickHouseConfig): string {
  return `${c.secure ? 'https' : 'http'}://${c.host.includes(':') ? `[${c.host}]` : c.host}:${c.port}`;
}

/** The secret store's key for this server and user (one password per user and server, whatever the table). */
export function secretKey(c: ClickHouseConfig): string {
  return `clickhouse:${c.user}@${c.host}:${c.port}`;
}
