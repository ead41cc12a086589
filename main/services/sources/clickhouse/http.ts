import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { AppError } from '../../../../common/contract/errors';
import type { ClickHouseConfig } from './config';
import { describeServer } from './config';

/**
 * ClickHouse's HTTP interface with Node's own http module (no client library: see README "ClickHouse"): one POST
 * per statement, the user and password in the X-ClickHouse-User / X-ClickHouse-Key headers (never in a URL, never
 * logged), answers as FORMAT JSONCompact. A query gets a random query_id; when its AbortSignal fires, the request is
 * dropped AND `KILL QUERY … ASYNC` is sent, since an 18.x server keeps computing after the client goes. No socket
 * or response timeout: a long aggregation answers only when it is done. One connection per query (see the agent).
 */

export type JsonCompact = Readonly<{
  meta: readonly Readonly<{ name: string; type: string }>[];
  data: readonly (readonly unknown[])[];
  rows: number;
  statistics?: Readonly<{ elapsed: number; rows_read: number; bytes_read: number }>;
}>;

export type ClickHouseHttp = Readonly<{
  /** Runs a SELECT (FORMAT JSONCompact is appended) and parses the answer. */
  query(sql: string, signal?: AbortSignal): Promise<JsonCompact>;
  close(): void;
}>;

/** Settings sent with every query (each exists on 18.16): 64-bit integers as JSON numbers, read-only access. */
const SETTINGS = { output_format_json_quote_64bit_integers: '0', readonly: '2' } as const;

export function createClickHouseHttp(config: ClickHouseConfig, password: () => Promise<string>): ClickHouseHttp {
  // No keep-alive: ClickHouse closes an idle connection after keep_alive_timeout (3 s by default), and a query sent on
  // a socket the server is closing fails as a reset — indistinguishable from a server that died mid-query. A new
  // connection per query costs a round trip, nothing next to an aggregation.
  const agent = config.secure ? new https.Agent({ keepAlive: false, maxSockets: 4 }) : new http.Agent({ keepAlive: false, maxSockets: 4 });
  const where = describeServer(config);

  function post(sql: string, queryId: string, pw: string, signal?: AbortSignal, readOnly = true): Promise<{ status: number; body: string }> {
    const params = new URLSearchParams({ database: config.database, query_id: queryId, ...(readOnly ? SETTINGS : {}) });
    const mod = config.secure ? https : http;
    return new Promise((resolve, reject) => {
      const req = mod.request(
        {
          host: config.host,
          port: config.port,
          method: 'POST',
          path: `/?${params.toString()}`,
          agent,
          headers: {
            'X-ClickHouse-User': config.user,
            'X-ClickHouse-Key': pw,
            'Content-Type': 'text/plain; charset=utf-8',
            'Content-Length': Buffer.byteLength(sql),
          },
          signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (b: Buffer) => chunks.push(b));
          res.on('error', reject);
          res.on('aborted', () => reject(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' })));
          res.on('end', () => {
            if (!res.complete) reject(Object.assign(new Error('response cut short'), { code: 'ECONNRESET' }));
            else resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
          });
        },
      );
      req.on('error', reject);
      req.end(sql);
    });
  }

  async function kill(queryId: string, pw: string): Promise<void> {
    try {
      // KILL is not a read, so this one request goes without readonly (queryId is our own UUID, not user text).
      await post(`KILL QUERY WHERE query_id = '${queryId}' ASYNC`, crypto.randomUUID(), pw, undefined, false);
    } catch {
      // The server may already be gone; the request itself was dropped.
    }
  }

  return {
    async query(sql, signal) {
      if (signal?.aborted) throw cancelled();
      const pw = await password();
      const queryId = crypto.randomUUID();
      let res: { status: number; body: string };
      try {
        res = await post(`${sql}\nFORMAT JSONCompact`, queryId, pw, signal);
      } catch (e) {
        if (signal?.aborted) {
          await kill(queryId, pw);
          throw cancelled();
        }
        throw transportError(e, where);
      }
      if (res.status !== 200) throw serverError(res.body, where, config);
      try {
        return JSON.parse(res.body) as JsonCompact;
      } catch {
        // A server that dies while streaming leaves a 200 with a cut or error-tailed body.
        throw new AppError('BAD_INPUT', `ClickHouse at ${where} sent an incomplete answer (the server stopped mid-query?); nothing was saved.`, {
          reason: 'incomplete',
        });
      }
    },
    close() {
      agent.destroy();
    },
  };
}

function cancelled(): AppError {
  return new AppError('CANCELLED', 'The ClickHouse query was cancelled.');
}

function transportError(e: unknown, where: string): AppError {
  const code = (e as { code?: string }).code ?? '';
  if (code === 'ECONNREFUSED') {
    return new AppError('BAD_INPUT', `Cannot reach ClickHouse at ${where}: connection refused (is the server running, and is this its HTTP port?).`, {
      reason: 'unreachable',
    });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new AppError('BAD_INPUT', `Cannot reach ClickHouse at ${where}: the host name does not resolve.`, { reason: 'unreachable' });
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') {
    return new AppError('BAD_INPUT', `ClickHouse at ${where} closed the connection during the query (the server went away?); nothing was saved.`, {
      reason: 'connection-lost',
    });
  }
  return new AppError('BAD_INPUT', `ClickHouse at ${where} could not be queried (${code || (e as Error).message}); nothing was saved.`, {
    reason: 'connection-lost',
  });
}

/** ClickHouse error codes the messages name (ErrorCodes.cpp; stable across versions). */
const WRONG_PASSWORD = 193;
const UNKNOWN_USER = 192;
const AUTHENTICATION_FAILED = 516;
const REQUIRED_PASSWORD = 194;
const IP_ADDRESS_NOT_ALLOWED = 195;
const UNKNOWN_TABLE = 60;
const UNKNOWN_DATABASE = 81;
const MEMORY_LIMIT = 241;
const TIMEOUT = 159;

/** "Code: 193, e.displayText() = DB::Exception: Wrong password …" (18.x) or "Code: 516. DB::Exception: …" (newer). */
export function parseServerError(body: string): { code: number | null; text: string } {
  const m = /Code:\s*(\d+)/.exec(body);
  const text =
    /DB::Exception:\s*(.*?)(?:,\s*e\.what\(\)|\s*\(version|$)/s.exec(body)?.[1]?.trim() ?? body.trim().split('\n')[0]!.slice(0, 300);
  // Our messages add their own full stop.
  return { code: m ? Number(m[1]) : null, text: text.slice(0, 500).replace(/\.+$/, '') };
}

function serverError(body: string, where: string, config: ClickHouseConfig): AppError {
  const { code, text } = parseServerError(body);
  switch (code) {
    case WRONG_PASSWORD:
    case UNKNOWN_USER:
    case AUTHENTICATION_FAILED:
    case REQUIRED_PASSWORD:
    case IP_ADDRESS_NOT_ALLOWED:
      return new AppError(
        'BAD_INPUT',
        `ClickHouse at ${where} refused the password for user "${config.user}" (${text}). Enter it again (desktop app) or set KAIZEN_CLICKHOUSE_PASSWORD.`,
        { reason: 'auth', clickhouseCode: code },
      );
    case UNKNOWN_TABLE:
    case UNKNOWN_DATABASE:
      return new AppError('NOT_FOUND', `ClickHouse at ${where}: ${text}.`, { reason: 'missing-table', clickhouseCode: code });
    case MEMORY_LIMIT:
      return new AppError('BAD_INPUT', `ClickHouse at ${where} ran out of memory for this query (${text}); try approximate quantiles or a shorter window.`, {
        reason: 'server-limit',
        clickhouseCode: code,
      });
    case TIMEOUT:
      return new AppError('BAD_INPUT', `ClickHouse at ${where} stopped the query at its time limit (${text}).`, { reason: 'server-limit', clickhouseCode: code });
    default:
      return new AppError('BAD_INPUT', `ClickHouse at ${where} refused the query: ${text}${code !== null ? ` (code ${code})` : ''}.`, {
        reason: 'server-error',
        clickhouseCode: code,
      });
  }
}
