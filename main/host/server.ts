import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { APP_CSP } from '../../common/csp';
import type { Services } from '../createServices';

export const MAX_BODY_BYTES = 1024 * 1024;

export type HostOptions = Readonly<{
  services: Services;
  /** Built renderer (index.html + assets). */
  staticDir: string;
  port?: number;
  token?: string;
}>;

export type Host = Readonly<{ url: string; port: number; token: string; close: () => Promise<void> }>;

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon',
  '.wav': 'audio/wav',
};

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

function reject(res: http.ServerResponse, status: number, message: string): void {
  send(res, status, { ok: false, error: { code: status === 413 ? 'BAD_INPUT' : 'UNAUTHORIZED', message } });
}

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: http.IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      resolve('too-large');
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Browser mode: serves the built renderer and the contract on 127.0.0.1 with a per-launch token.
 * Checks Host (DNS rebinding) and Origin, caps bodies at 1 MiB, sends no CORS headers.
 */
export async function startHost(opts: HostOptions): Promise<Host> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const { dispatch, bus } = opts.services;
  const staticRoot = path.resolve(opts.staticDir);
  const streams = new Set<http.ServerResponse>();
  let port = 0;

  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = () => allowedHosts().map((h) => `http://${h}`);

  const serveStatic = (req: http.IncomingMessage, res: http.ServerResponse, pathname: string) => {
    let rel = decodeURIComponent(pathname);
    if (rel === '/' || !path.extname(rel)) rel = '/index.html';
    const file = path.resolve(staticRoot, `.${rel}`);
    if (!file.startsWith(staticRoot + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': APP_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': rel === '/index.html' ? 'no-store' : 'max-age=3600',
    });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
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

  const server = http.createServer((req, res) => {
    void (async () => {
      const host = req.headers.host ?? '';
      if (!allowedHosts().includes(host)) return reject(res, 403, 'Forbidden host.');
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedOrigins().includes(origin)) return reject(res, 403, 'Forbidden origin.');
      const url = new URL(req.url ?? '/', `http://${host}`);
      if (!url.pathname.startsWith('/api/')) {
        if (req.method !== 'GET' && req.method !== 'HEAD') return reject(res, 405, 'Method not allowed.');
        return serveStatic(req, res, url.pathname);
      }
      const auth = req.headers.authorization;
      const bearer = auth?.startsWith('Bearer ') ? auth.slice(7) : null;
      const isEvents = url.pathname === '/api/events' && req.method === 'GET';
      const given = bearer ?? (isEvents ? url.searchParams.get('token') : null);
      if (!sameToken(given, token)) return reject(res, 401, 'Missing or wrong token: open the link printed when Kaizen Studio started.');
      if (isEvents) return openEvents(req, res);
      if (req.method !== 'POST') return reject(res, 405, 'Use POST /api/<method>.');
      const body = await readBody(req);
      if (body === 'too-large') return reject(res, 413, `Request body over ${MAX_BODY_BYTES} bytes.`);
      let input: unknown = undefined;
      if (body.length > 0) {
        try {
          input = JSON.parse(body.toString('utf8'));
        } catch {
          return send(res, 400, { ok: false, error: { code: 'VALIDATION', message: 'The request body is not valid JSON.' } });
        }
      }
      const method = decodeURIComponent(url.pathname.slice('/api/'.length));
      const controller = new AbortController();
      const result = await dispatch(method, input, { signal: controller.signal, origin: 'renderer' });
      send(res, 200, result);
    })().catch((e: unknown) => {
      console.error('[kaizen host] request failed', e);
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'Internal error.' } });
    });
  });
  server.headersTimeout = 30_000;

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

  return { url: `http://127.0.0.1:${port}/?token=${token}`, port, token, close };
}
