import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ErrorCode } from '../../common/contract/errors';
import { PARTICIPANT_METHODS } from '../../common/contract/schemas/room';
import type { Dispatch } from '../dispatch';
import { closeAfter, readJsonBody, sendJson as send } from '../host/body';
import { serveStaticFile } from '../host/staticFiles';
import type { RoomLimits, RoomSessions } from './sessions';

/** The join page: the same renderer build, which shows the participant page on this path. */
export const JOIN_PATH = '/join';

const CODES: Readonly<Record<number, ErrorCode>> = { 400: 'BAD_INPUT', 401: 'FORBIDDEN', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'UNSUPPORTED', 408: 'BAD_INPUT', 413: 'BAD_INPUT', 415: 'BAD_INPUT', 429: 'BUSY' };
const ALLOWED: ReadonlySet<string> = new Set(PARTICIPANT_METHODS);
/** Participants send ideas and ballots: a few KiB at most. */
const BODY_LIMITS = { maxBodyBytes: 64 * 1024, bodyTimeoutMs: 10_000 };


function refuse(req: http.IncomingMessage, res: http.ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  closeAfter(res, req);
  send(res, status, { ok: false, error: { code: CODES[status] ?? 'BAD_INPUT', message } }, headers);
}

export type RoomServer = Readonly<{ port: number; close: () => Promise<void> }>;

export type RoomServerOptions = Readonly<{
  address: string;
  port: number;
  staticDir: string;
  sessions: RoomSessions;
  limits: RoomLimits;
  dispatch: () => Dispatch;
  /** Called after a participant joined or was served (the facilitator's connected count). */
  onActivity: () => void;
}>;

/**
 * The room listener: a second HTTP server, on the one address the facilitator picked, that serves the renderer
 * (the participant page at /join) and exactly PARTICIPANT_METHODS, each only with a participant token. It has no
 * facilitator token and knows none: every other method, the event stream and the facilitator's launch-code
 * exchange answer 403 here. Host and Origin must be this listener's own (DNS rebinding); no CORS headers.
 */
export async function startRoomServer(opts: RoomServerOptions): Promise<RoomServer> {
  const { sessions, limits } = opts;
  const staticRoot = path.resolve(opts.staticDir);
  let port = 0;
  const self = () => `${opts.address}:${port}`;

  const serveStatic = (req: http.IncomingMessage, res: http.ServerResponse, pathname: string) => {
    if (pathname === '/') {
      res.writeHead(302, { Location: JOIN_PATH, 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return refuse(req, res, 400, 'The address has a malformed %-escape.');
    }
    if (rel === JOIN_PATH) rel = '/index.html';
    serveStaticFile(req, res, staticRoot, rel);
  };

  const readJson = (req: http.IncomingMessage, res: http.ServerResponse) => readJsonBody(req, res, BODY_LIMITS, (status, message) => refuse(req, res, status, message));

  const handleApi = async (req: http.IncomingMessage, res: http.ServerResponse, pathname: string) => {
    if (pathname === '/api/room-join' && req.method === 'POST') {
      const read = await readJson(req, res);
      if (!read) return;
      const code = (read.input as { code?: unknown } | undefined)?.code;
      const joined = sessions.join(code, req.socket.remoteAddress ?? '?');
      if (!joined.ok) return send(res, joined.status, { ok: false, error: { code: CODES[joined.status], message: joined.message } });
      opts.onActivity();
      return send(res, 200, { ok: true, value: { token: joined.token, label: joined.participant.label } });
    }
    let method: string;
    try {
      method = decodeURIComponent(pathname.slice('/api/'.length));
    } catch {
      return refuse(req, res, 400, 'The method name in the address has a malformed %-escape.');
    }
    // The allow-list comes first: a facilitator method is refused here whatever token comes with it.
    if (!ALLOWED.has(method)) return refuse(req, res, 403, `"${method}" is not available to participants in room mode.`);
    if (req.method !== 'POST') return refuse(req, res, 405, 'Use POST /api/<method>.');
    const auth = req.headers.authorization;
    const admitted = sessions.admit(auth?.startsWith('Bearer ') ? auth.slice(7) : null);
    if (!admitted.ok) return refuse(req, res, admitted.status, admitted.message, admitted.retryAfterS ? { 'Retry-After': String(admitted.retryAfterS) } : {});
    const p = admitted.participant;
    const read = await readJson(req, res);
    if (!read) return;
    if (method === 'room-idea-add' && !sessions.ideaAllowed(p)) {
      return send(res, 429, { ok: false, error: { code: 'BUSY', message: `At most ${limits.ideasPerMinute} ideas a minute from one phone: wait a moment, then add the next.` } }, { 'Retry-After': '60' });
    }
    const result = await opts.dispatch()(method, read.input, { origin: 'renderer', participant: { id: p.id, number: p.number, label: p.label } });
    opts.onActivity();
    send(res, 200, result);
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const host = req.headers.host ?? '';
      if (host !== self()) return refuse(req, res, 403, 'Forbidden host.');
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `http://${self()}`) return refuse(req, res, 403, 'Forbidden origin.');
      let url: URL;
      try {
        url = new URL(req.url ?? '/', `http://${host}`);
      } catch {
        return refuse(req, res, 400, 'The address is not a valid URL.');
      }
      if (url.pathname.startsWith('/api/')) return handleApi(req, res, url.pathname);
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(req, res, 405, 'Method not allowed.');
      return serveStatic(req, res, url.pathname);
    })().catch((e: unknown) => {
      console.error('[kaizen room] request failed', e);
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'Internal error.' } });
    });
  });
  server.headersTimeout = 15_000;
  server.requestTimeout = 30_000;
  server.maxConnections = limits.maxConnections;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.address, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
