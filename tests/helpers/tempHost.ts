import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { startHost } from '../../main/host/server';
import type { Host, HostOptions } from '../../main/host/server';
import type { ServicesOptions } from '../../main/createServices';
import { tempDir, tempServices } from './tempServices';
import type { TestServices } from './tempServices';

export type TempHost = Readonly<{ s: TestServices; host: Host; close: () => Promise<void> }>;

/** Real services on a temp store behind a browser-mode host serving a one-line page. Close it in afterAll. */
export async function tempHost(opts: { services?: Partial<ServicesOptions>; limits?: HostOptions['limits'] } = {}): Promise<TempHost> {
  const s = await tempServices(opts.services);
  const staticDir = tempDir('kaizen-static-');
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Kaizen Studio</title>');
  const host = await startHost({ services: s, staticDir, limits: opts.limits });
  return {
    s,
    host,
    close: async () => {
      await host.close();
      s.close();
    },
  };
}

export type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** Raw HTTP (no pooling) so a test controls Host, Origin and the body exactly, as an attacker's client would. */
export function rawRequest(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'POST', path: opts.path, headers: opts.headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}
