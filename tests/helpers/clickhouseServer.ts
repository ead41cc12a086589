// A real ClickHouse server for tests: Debian's clickhouse-server (18.16 on bookworm) started on free local ports in a
// temp folder with a generated config (a password-protected user), stopped and removed afterwards. Tests that need it
// skip, with the reason printed, only when the binary is not installed (`.ci/run` installs it).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const CANDIDATES = ['/usr/sbin/clickhouse-server', '/usr/bin/clickhouse-server', '/usr/local/bin/clickhouse-server'];

/** The clickhouse-server binary (or the single `clickhouse` binary, run as `clickhouse server`), or null. */
export function findClickHouse(): { bin: string; args: string[] } | null {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const p of [...CANDIDATES, ...dirs.map((d) => path.join(d, 'clickhouse-server'))]) {
    if (isExecutable(p)) return { bin: p, args: [] };
  }
  for (const p of ['/usr/bin/clickhouse', ...dirs.map((d) => path.join(d, 'clickhouse'))]) {
    if (isExecutable(p)) return { bin: p, args: ['server'] };
  }
  return null;
}

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Why ClickHouse tests are skipped here (printed once), or null when the server can run. */
export function clickHouseSkipReason(): string | null {
  if (findClickHouse()) return null;
  const reason =
    'ClickHouse tests skipped: no clickhouse-server binary on this machine (apt-get install -y clickhouse-server; .ci/run installs it)';
  console.warn(reason);
  return reason;
}

export type ClickHouseServer = Readonly<{
  host: string;
  httpPort: number;
  tcpPort: number;
  url: string;
  user: string;
  password: string;
  database: string;
  dir: string;
  /** Runs one statement over HTTP as the test user (setup only: creating tables, loading rows). */
  exec(sql: string, body?: string): Promise<string>;
  /** SIGKILL, as a server that goes away mid-query would (stop() still cleans up afterwards). */
  kill(): void;
  stop(): Promise<void>;
}>;

/** A port nobody is listening on right now (the OS's choice). */
async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function configXml(dir: string, http: number, tcp: number, inter: number): string {
  const p = (name: string) => xml(path.join(dir, name));
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${p('server.log')}</log><errorlog>${p('server.err.log')}</errorlog><size>10M</size><count>1</count></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${http}</http_port>
  <tcp_port>${tcp}</tcp_port>
  <interserver_http_port>${inter}</interserver_http_port>
  <max_connections>64</max_connections>
  <keep_alive_timeout>3</keep_alive_timeout>
  <max_concurrent_queries>16</max_concurrent_queries>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <mark_cache_size>67108864</mark_cache_size>
  <path>${p('data')}/</path>
  <tmp_path>${p('tmp')}/</tmp_path>
  <user_files_path>${p('user_files')}/</user_files_path>
  <format_schema_path>${p('format_schemas')}/</format_schema_path>
  <users_config>${p('users.xml')}</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mlock_executable>false</mlock_executable>
</yandex>
`;
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

function usersXml(user: string, password: string): string {
  // The built-in 'default' user gets a random password nobody knows: only the test user can sign in.
  const nobody = crypto.randomBytes(24).toString('hex');
  const entry = (name: string, pw: string) =>
    `<${name}><password_sha256_hex>${sha256(pw)}</password_sha256_hex><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></${name}>`;
  return `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage><max_threads>2</max_threads></default></profiles>
  <users>${entry('default', nobody)}${entry(user, password)}</users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`;
}

const running = new Set<ChildProcess>();
let exitHook = false;

/**
 * Starts clickhouse-server on free 127.0.0.1 ports (HTTP, native TCP, interserver) with its data, logs and config in
 * a fresh temp folder, a user `kaizen` with a random password (stored only as its SHA-256 in users.xml), and waits
 * until `/ping` answers. Throws when there is no binary (check clickHouseSkipReason first) or it does not come up.
 */
export async function startClickHouse(opts: Readonly<{ database?: string; timeoutMs?: number }> = {}): Promise<ClickHouseServer> {
  const found = findClickHouse();
  if (!found) throw new Error('clickhouse-server is not installed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-clickhouse-'));
  const user = 'kaizen';
  const password = crypto.randomBytes(18).toString('base64url');
  const database = opts.database ?? 'logs';
  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const [http, tcp, inter] = [await freePort(), await freePort(), await freePort()];
    fs.writeFileSync(path.join(dir, 'config.xml'), configXml(dir, http, tcp, inter));
    fs.writeFileSync(path.join(dir, 'users.xml'), usersXml(user, password), { mode: 0o600 });
    const child = spawn(found.bin, [...found.args, `--config-file=${path.join(dir, 'config.xml')}`], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (b: Buffer) => {
      if (stderr.length < 8000) stderr += b.toString();
    });
    running.add(child);
    child.once('exit', () => running.delete(child));
    if (!exitHook) {
      exitHook = true;
      process.once('exit', () => {
        for (const c of running) c.kill('SIGKILL');
      });
    }
    const url = `http://127.0.0.1:${http}`;
    const ready = await waitReady(url, child, opts.timeoutMs ?? 60_000);
    if (ready === true) {
      const server = makeServer(child, dir, { http, tcp, url, user, password, database });
      await server.exec(`CREATE DATABASE IF NOT EXISTS ${database}`);
      return server;
    }
    lastError = `${ready}${stderr ? `; stderr: ${stderr.slice(-2000)}` : ''}${readLog(dir)}`;
    await stopChild(child);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  throw new Error(`clickhouse-server did not start: ${lastError}`);
}

function readLog(dir: string): string {
  try {
    return `; log: ${fs.readFileSync(path.join(dir, 'server.err.log'), 'utf8').slice(-2000)}`;
  } catch {
    return '';
  }
}

/** true once /ping answers "Ok.", else why not (the process exited, or the time ran out). */
async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<true | string> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) return `exited (${child.exitCode ?? child.signalCode})`;
    try {
      const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) });
      if (res.ok && (await res.text()).startsWith('Ok')) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return `no answer on ${url}/ping within ${timeoutMs} ms`;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function makeServer(
  child: ChildProcess,
  dir: string,
  c: Readonly<{ http: number; tcp: number; url: string; user: string; password: string; database: string }>,
): ClickHouseServer {
  const auth = { 'X-ClickHouse-User': c.user, 'X-ClickHouse-Key': c.password };
  return {
    host: '127.0.0.1',
    httpPort: c.http,
    tcpPort: c.tcp,
    url: c.url,
    user: c.user,
    password: c.password,
    database: c.database,
    dir,
    async exec(sql, body) {
      // With a body (rows to insert) the statement goes in the URL and the rows in the POST body. A fresh connection
      // each time (agent: false): a kept-alive one may be closed by the server's 3 s keep-alive timeout under us.
      const payload = body ?? sql;
      const target = body === undefined ? '/' : `/?query=${encodeURIComponent(sql)}`;
      const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.1', port: c.http, method: 'POST', path: target, agent: false, headers: { ...auth, 'Content-Length': Buffer.byteLength(payload) } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (b: Buffer) => chunks.push(b));
            res.on('error', reject);
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
      if (status !== 200) throw new Error(`ClickHouse ${status}: ${text.slice(0, 500)}`);
      return text;
    },
    kill() {
      child.kill('SIGKILL');
    },
    async stop() {
      await stopChild(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
