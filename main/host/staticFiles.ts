import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { APP_CSP } from '../../common/csp';

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

/**
 * Answers GET/HEAD for one file of the built renderer (both listeners: the app's host and room mode): `rel` is the
 * decoded path under `staticRoot`; anything outside it, without an extension or not a file is a plain 404. The app's
 * CSP and no-sniff on every file; index.html is never cached, the hashed assets for an hour.
 */
export function serveStaticFile(req: http.IncomingMessage, res: http.ServerResponse, staticRoot: string, rel: string): void {
  const file = path.resolve(staticRoot, `.${rel}`);
  if (!file.startsWith(staticRoot + path.sep) || !path.extname(file) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
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
}
