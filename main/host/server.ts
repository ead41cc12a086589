import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ErrorCode } from '../../common/contract/errors';
import type { Services } from '../createServices';
import { closeAfter, readJsonBody, sendJson as send } from './body';
import { serveStaticFile } from './staticFiles';
import { createLaunchCodes } from './launchCodes';

export const MAX_BODY_BYTES = 1024 * 1024;

/** What one local client may take from the host. Tests shrink them; the defaults suit one person's browser. */
export type HostLimits = Readonly<{
  /** Larger request bodies are refused (413) as soon as the cap is passed; the rest is never read. */
  maxBodyBytes: number;
  /** A body that has not fully arrived by then is refused (408). */
  bodyTimeoutMs: number;
  /** Open connections beyond this are closed at once (a browser uses about six, plus the event stream). */
  maxConnections: number;
  /** How long a one-time launch code (`/?code=`) may wait for the page to trade it for the token. */
  launchCodeTtlMs: number;
}>;

export const DEFAULT_HOST_LIMITS: HostLimits = {
  maxBodyBytes: MAX_BODY_BYTES,
  bodyTimeoutMs: 30_000,
  maxConnections: 64,
  launchCodeTtlMs: 60_000,
};

export type HostOptions = Readonly<{
  services: Services;
  /** Built renderer (index.html + assets). */
  staticDir: string;
  port?: number;
  token?: string;
  limits?: Partial<HostLimits>;
}>;

export type Host = Readonly<{
  /** The URL printed for the user: it carries the long-lived token, so it goes to stdout only, never to argv. */
  url: string;
  port: number;
  token: string;
  /** A fresh `/?code=` URL for opening a browser: the code works once, within limits.launchCodeTtlMs. */
  launchUrl: () => string;
  close: () => Promise<void>;
}>;


const STATUS_CODES: Readonly<Record<number, ErrorCode>> = { 400: 'BAD_INPUT', 408: 'BAD_INPUT', 413: 'BAD_INPUT', 415: 'BAD_INPUT', 401: 'FORBIDDEN', 403: 'FORBIDDEN', 405: 'UNSUPPORTED' };

function reject(res: http.ServerResponse, status: number, message: string): void {
  send(res, status, { ok: false, error: { code: STATUS_CODES[status] ?? 'BAD_INPUT', message } });
}

/** decodeURIComponent that answers null for a malformed %-escape instead of throwing (→ 400, not 500). */
function decodePath(p: string): string | null {
  try {
    return decodeURIComponent(p);
  } catch {
    return null;
  }
}


function sameToken(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Browser mode: serves the built renderer and the contract on 127.0.0.1 with a per-launch token.
 * Checks Host (DNS rebinding) and Origin, sends no CORS headers, and bounds what a client may take (HostLimits).
 */
export async function startHost(opts: HostOptions): Promise<Host> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const limits: HostLimits = { ...DEFAULT_HOST_LIMITS, ...opts.limits };
  const codes = createLaunchCodes(limits.launchCodeTtlMs);
  const { dispatch, bus } = opts.services;
  const staticRoot = path.resolve(opts.staticDir);
  const streams = new Set<http.ServerResponse>();
  let port = 0;

  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = () => allowedHosts().map((h) => `http://${h}`);

  const serveStatic = (req: http.IncomingMessage, res: http.ServerResponse, pathname: string) => {
    let rel = decodePath(pathname);
    if (rel === null) return reject(res, 400, 'The address has a malformed %-escape.');
    if (rel === '/' || !path.extname(rel)) rel = '/index.html';
    serveStaticFile(req, res, staticRoot, rel);
  };

  const openEvents = (req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff',
    });
    res.write(': connected\n\n');
    streams.add(res);
    const off = bus.on((e) => res.write(`event: ${e.name}\ndata: ${JSON.stringify(e.payload)}\n\n`));
    const beat = setInterval(() => res.write(': beat\n\n'), 15_000);
    const done = () => {
      clearInterval(beat);
      off();
      streams.delete(res);
    };
    req.on('close', done);
    res.on('close', done);
  };

  /** Refuses a request whose body is still (partly) unread: answer, then close instead of draining it. */
  const refuse = (req: http.IncomingMessage, res: http.ServerResponse, status: number, message: string) => {
    closeAfter(res, req);
    reject(res, status, message);
  };

  /** The JSON body of a POST /api/… call, or null once the request has been answered with a refusal. */
  const readJson = (req: http.IncomingMessage, res: http.ServerResponse) => readJsonBody(req, res, limits, (status, message) => refuse(req, res, status, message));

  /** POST /api/session {code}: trades a one-time launch code for the token, once. */
  const exchangeCode = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const read = await readJson(req, res);
    if (!read) return;
    const code = (read.input as { code?: unknown } | undefined)?.code;
    if (!codes.redeem(code)) return reject(res, 401, 'This sign-in link was already used or has expired: open the link printed when Kaizen Studio started.');
    send(res, 200, { ok: true, value: { token } });
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const host = req.headers.host ?? '';
      if (!allowedHosts().includes(host)) return refuse(req, res, 403, 'Forbidden host.');
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedOrigins().includes(origin)) return refuse(req, res, 403, 'Forbidden origin.');
      let url: URL;
      try {
        url = new URL(req.url ?? '/', `http://${host}`);
      } catch {
        return refuse(req, res, 400, 'The address is not a valid URL.');
      }
      if (!url.pathname.startsWith('/api/')) {
        if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(req, res, 405, 'Method not allowed.');
        return serveStatic(req, res, url.pathname);
      }
      if (url.pathname === '/api/session' && req.method === 'POST') return exchangeCode(req, res);
      const auth = req.headers.authorization;
      const bearer = auth?.startsWith('Bearer ') ? auth.slice(7) : null;
      const isEvents = url.pathname === '/api/events' && req.method === 'GET';
      const given = bearer ?? (isEvents ? url.searchParams.get('token') : null);
      if (!sameToken(given, token)) return refuse(req, res, 401, 'Missing or wrong token: open the link printed when Kaizen Studio started.');
      if (isEvents) return openEvents(req, res);
      if (req.method !== 'POST') return refuse(req, res, 405, 'Use POST /api/<method>.');
      const method = decodePath(url.pathname.slice('/api/'.length));
      if (method === null) return refuse(req, res, 400, 'The method name in the address has a malformed %-escape.');
      const read = await readJson(req, res);
      if (!read) return;
      const input = read.input;
      const controller = new AbortController();
      const result = await dispatch(method, input, { signal: controller.signal, origin: 'renderer' });
      send(res, 200, result);
    })().catch((e: unknown) => {
      console.error('[kaizen host] request failed', e);
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'Internal error.' } });
    });
  });
  server.headersTimeout = 30_000;
  server.maxConnections = limits.maxConnections;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of streams) s.end();
      server.closeAllConnections();
      server.close(() => resolve());
    });

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    launchUrl: () => `http://127.0.0.1:${port}/?code=${codes.issue()}`,
    close,
  };
}
