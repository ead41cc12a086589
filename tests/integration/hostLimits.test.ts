import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../main/host/server';
import { rawRequest, tempHost } from '../helpers/tempHost';
import type { Reply, TempHost } from '../helpers/tempHost';
import type { TestServices } from '../helpers/tempServices';

let s: TestServices;
let host: Host;
let env: TempHost;

beforeAll(async () => {
  env = await tempHost({ limits: { bodyTimeoutMs: 200, maxConnections: 4 } });
  ({ s, host } = env);
});
afterAll(() => env.close());

const auth = () => ({ Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json', Host: `127.0.0.1:${host.port}` });

const request = (opts: Parameters<typeof rawRequest>[1]) => rawRequest(host.port, opts);

/**
 * Streams up to `total` bytes as fast as the server takes them and stops when the answer arrives.
 * Returns the answer and how many bytes had been handed to the socket by then.
 */
function streamUntilAnswered(headers: Record<string, string>, total: number): Promise<Reply & { sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request({ host: '127.0.0.1', port: host.port, method: 'POST', path: '/api/event-create', headers, agent: false }, (res) => {
      answered = true;
      const at = sent;
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, sent: at }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, sent: at }));
    });
    req.on('error', (e) => (answered ? undefined : reject(e)));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('browser-mode host limits', () => {
  it('refuses a 200 MB chunked body with 413 as soon as it passes 1 MiB, without reading the rest', async () => {
    const before = (await s.call('event-list', {})).length;
    const r = await streamUntilAnswered({ ...auth(), 'Transfer-Encoding': 'chunked' }, 200 * 1024 * 1024);
    expect(r.status).toBe(413);
    expect(r.headers.connection).toBe('close');
    expect(JSON.parse(r.body).error.message).toMatch(/over 1048576 bytes/);
    // Only the cap plus what the sockets buffered had left the client when the 413 came back.
    expect(r.sent).toBeLessThan(32 * 1024 * 1024);
    expect((await s.call('event-list', {})).length).toBe(before);
  });

  it('refuses a declared Content-Length over the cap at once, before the body is sent', async () => {
    const r = await streamUntilAnswered({ ...auth(), 'Content-Length': String(200 * 1024 * 1024) }, 200 * 1024 * 1024);
    expect(r.status).toBe(413);
    expect(r.headers.connection).toBe('close');
    expect(r.sent).toBeLessThan(32 * 1024 * 1024);
  });

  it('answers a malformed %-escape in the path with 400, not 500 (static files and the API)', async () => {
    const page = await request({ method: 'GET', path: '/%E0%A4%A', headers: { Host: `127.0.0.1:${host.port}` } });
    expect(page.status).toBe(400);
    expect(JSON.parse(page.body).error.message).toMatch(/malformed %-escape/);
    const api = await request({ path: '/api/event-%zzlist', headers: auth(), body: '{}' });
    expect(api.status).toBe(400);
    expect(JSON.parse(api.body).error).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/malformed %-escape/) });
  });

  it('times out a body that trickles in too slowly with 408 and closes the connection', async () => {
    const t0 = Date.now();
    const r = await new Promise<Reply>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: host.port, method: 'POST', path: '/api/event-create', headers: { ...auth(), 'Content-Length': '100' }, agent: false },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.write('{"name":"');
    });
    expect(r.status).toBe(408);
    expect(r.headers.connection).toBe('close');
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('refuses POST /api/* without Content-Type: application/json (415) and runs nothing', async () => {
    const before = (await s.call('event-list', {})).length;
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp']) {
      const r = await request({ path: '/api/event-create', headers: { ...auth(), 'Content-Type': type }, body: '{"name":"Form post"}' });
      expect(r.status, type).toBe(415);
      expect(JSON.parse(r.body).error.message).toMatch(/Content-Type: application\/json/);
    }
    const none = await request({ path: '/api/event-create', headers: { Authorization: `Bearer ${host.token}` }, body: '{"name":"No type"}' });
    expect(none.status).toBe(415);
    expect((await s.call('event-list', {})).length).toBe(before);
    const ok = await request({ path: '/api/event-create', headers: { ...auth(), 'Content-Type': 'application/json; charset=utf-8' }, body: '{"name":"Typed"}' });
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true });
  });

  it('caps open connections: one over the limit is closed at once, and a slot frees when one closes', async () => {
    const open = (): Promise<net.Socket> =>
      new Promise((resolve, reject) => {
        const sock = net.connect(host.port, '127.0.0.1', () => resolve(sock));
        sock.on('error', reject);
      });
    const held = [await open(), await open(), await open(), await open()];
    // Let the server count them before the next one knocks.
    await new Promise((r) => setTimeout(r, 100));
    const extra = await open();
    const closed = await new Promise<boolean>((resolve) => {
      extra.on('close', () => resolve(true));
      extra.on('error', () => undefined);
      extra.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`);
      setTimeout(() => resolve(false), 2_000);
    });
    expect(closed).toBe(true);
    held.pop()!.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const r = await request({ method: 'GET', path: '/', headers: { Host: `127.0.0.1:${host.port}` } });
    expect(r.status).toBe(200);
    for (const h of held) h.destroy();
  });
});
