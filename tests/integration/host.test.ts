import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../main/host/server';
import { rawRequest, tempHost } from '../helpers/tempHost';
import type { TempHost } from '../helpers/tempHost';
import type { TestServices } from '../helpers/tempServices';

let s: TestServices;
let host: Host;
let env: TempHost;

beforeAll(async () => {
  env = await tempHost();
  ({ s, host } = env);
});
afterAll(() => env.close());

/** Raw HTTP so the test controls Host and Origin exactly, as an attacker's page would. */
const request = (opts: Parameters<typeof rawRequest>[1]) => rawRequest(host.port, opts);

const auth = () => ({ Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' });

describe('browser-mode host', () => {
  it('prints a 127.0.0.1 URL carrying the per-launch token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{20,}$`));
  });

  it('answers a contract call with the token: {ok:true,value}', async () => {
    const r = await request({ path: '/api/event-create', headers: auth(), body: JSON.stringify({ name: 'Via HTTP' }) });
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body);
    expect(body).toMatchObject({ ok: true, value: { name: 'Via HTTP' } });
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers contract errors as {ok:false,error:{code,message}}', async () => {
    const r = await request({ path: '/api/event-create', headers: auth(), body: JSON.stringify({ name: '' }) });
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('name') } });
    const u = await request({ path: '/api/no-such-thing', headers: auth(), body: '{}' });
    expect(JSON.parse(u.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('rejects a missing or wrong token with 401', async () => {
    expect((await request({ path: '/api/event-list', body: '{}' })).status).toBe(401);
    expect((await request({ path: '/api/event-list', headers: { Authorization: 'Bearer wrong' }, body: '{}' })).status).toBe(401);
    expect((await request({ path: `/api/event-list?token=${host.token}`, body: '{}' })).status).toBe(401);
  });

  it('rejects a foreign Host header with 403 (DNS rebinding)', async () => {
    const r = await request({ path: '/api/event-list', headers: { ...auth(), Host: `evil.example:${host.port}` }, body: '{}' });
    expect(r.status).toBe(403);
    const page = await request({ method: 'GET', path: '/', headers: { Host: 'evil.example' } });
    expect(page.status).toBe(403);
  });

  it('accepts localhost:<port> as Host', async () => {
    const r = await request({ path: '/api/event-list', headers: { ...auth(), Host: `localhost:${host.port}` }, body: '{}' });
    expect(r.status).toBe(200);
  });

  it("rejects an Origin that is not the host's own with 403, and accepts its own", async () => {
    const bad = await request({ path: '/api/event-list', headers: { ...auth(), Origin: 'http://evil.example' }, body: '{}' });
    expect(bad.status).toBe(403);
    const good = await request({ path: '/api/event-list', headers: { ...auth(), Origin: `http://127.0.0.1:${host.port}` }, body: '{}' });
    expect(good.status).toBe(200);
  });

  it('rejects a JSON body over 1 MiB with 413 and stores nothing', async () => {
    const before = (await s.call('event-list', {})).length;
    const big = JSON.stringify({ name: 'big', problemStatement: 'x'.repeat(1024 * 1024 + 10) });
    const r = await request({ path: '/api/event-create', headers: auth(), body: big });
    expect(r.status).toBe(413);
    expect((await s.call('event-list', {})).length).toBe(before);
  });

  it('rejects a body that is not JSON with a clear message', async () => {
    const r = await request({ path: '/api/event-create', headers: auth(), body: '{name:' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error.message).toMatch(/not valid JSON/);
  });

  it('serves the renderer with the CSP and no CORS headers, and refuses path traversal', async () => {
    const r = await request({ method: 'GET', path: '/' });
    expect(r.status).toBe(200);
    expect(r.body).toContain('Kaizen Studio');
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect((await request({ method: 'GET', path: '/../../etc/passwd' })).body).not.toContain('root:');
    expect((await request({ method: 'GET', path: '/%2e%2e/%2e%2e/etc/passwd' })).body).not.toContain('root:');
    expect((await request({ method: 'GET', path: '/..%2f..%2fetc%2fhosts.txt' })).status).toBe(404);
  });

  it('streams push events over SSE to a client holding the token', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = http.get(
        { host: '127.0.0.1', port: host.port, path: `/api/events?token=${host.token}`, headers: { Host: `127.0.0.1:${host.port}` } },
        (res) => {
          expect(res.headers['content-type']).toContain('text/event-stream');
          let buf = '';
          res.on('data', (c: Buffer) => {
            buf += c.toString();
            if (buf.includes('event: data-changed')) {
              req.destroy();
              resolve(buf);
            }
          });
          void s.call('event-create', { name: 'Pushed' });
        },
      );
      req.on('error', (e) => (e.message.includes('aborted') ? undefined : reject(e)));
    });
    expect(received).toMatch(/event: data-changed\ndata: \{"eventId":"[^"]+","area":"events"\}/);
    const denied = await request({ method: 'GET', path: '/api/events?token=nope' });
    expect(denied.status).toBe(401);
  });
});
