import type { Input, Method, Output } from '../../../common/contract/api';
import { AppError } from '../../../common/contract/errors';
import type { Result } from '../../../common/contract/errors';
import type { PushEvent } from '../../../common/contract/events';

type Transport = Readonly<{
  kind: 'ipc' | 'http';
  invoke: (method: string, input: unknown) => Promise<Result<unknown>>;
  subscribe: (listener: (e: PushEvent) => void) => () => void;
}>;

const TOKEN_KEY = 'kaizen.token';

type TokenResult = Readonly<{ token: string | null; error?: Result<unknown> & { ok: false } }>;

/** POST /api/session {code}: the host answers the token once per one-time launch code. */
async function exchangeCode(code: string): Promise<TokenResult> {
  try {
    const res = await fetch('/api/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });
    const body = (await res.json().catch(() => null)) as Result<{ token: string }> | null;
    if (body?.ok) {
      sessionStorage.setItem(TOKEN_KEY, body.value.token);
      return { token: body.value.token };
    }
    if (body && !body.ok) return { token: sessionStorage.getItem(TOKEN_KEY), error: body };
  } catch {
    // Falls through to the message below.
  }
  return { token: null, error: { ok: false, error: { code: 'INTERNAL', message: 'Kaizen Studio is not reachable. Is the local server still running?' } } };
}

/**
 * Browser mode: the page is opened either with `?token=` (the link printed in the terminal) or with a one-time
 * `?code=` (the browser `kaizen serve` opens: the token never sits on a command line), traded once for the
 * token. Either is removed from the address bar at once; the token is kept in session storage.
 */
export function takeToken(): Promise<TokenResult> {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  const code = url.searchParams.get('code');
  if (fromUrl !== null || code !== null) {
    url.searchParams.delete('token');
    url.searchParams.delete('code');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    return Promise.resolve({ token: fromUrl });
  }
  if (code) return exchangeCode(code);
  return Promise.resolve({ token: sessionStorage.getItem(TOKEN_KEY) });
}

function httpTransport(session: Promise<TokenResult>): Transport {
  return {
    kind: 'http',
    invoke: async (method, input) => {
      const { token, error } = await session;
      if (error && token === null) return error;
      let res: Response;
      try {
        res = await fetch(`/api/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token ?? ''}` },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: 'Kaizen Studio is not reachable. Is the local server still running?' } };
      }
      const body = (await res.json().catch(() => null)) as Result<unknown> | null;
      if (body && typeof body === 'object' && 'ok' in body) return body;
      return { ok: false, error: { code: 'INTERNAL', message: `The local server answered ${res.status}.` } };
    },
    subscribe: (listener) => {
      let source: EventSource | null = null;
      let closed = false;
      void session.then(({ token }) => {
        if (closed) return;
        source = new EventSource(`/api/events?token=${encodeURIComponent(token ?? '')}`);
        for (const name of ['data-changed', 'job-progressed', 'job-finished', 'menu-commanded', 'store-warning'] as const) {
          source.addEventListener(name, (m: MessageEvent<string>) => listener({ name, payload: JSON.parse(m.data) } as PushEvent));
        }
      });
      return () => {
        closed = true;
        source?.close();
      };
    },
  };
}

let transport: Transport | null = null;

function pick(): Transport {
  if (transport) return transport;
  const bridge = window.kaizen;
  transport = bridge
    ? { kind: 'ipc', invoke: bridge.invoke, subscribe: bridge.on }
    : httpTransport(takeToken());
  return transport;
}

/**
 * Waits before each retry of a BUSY answer (about 3 s in all): a store held by a long import or another
 * program usually frees within that, so the user sees BUSY only when it does not.
 */
export const BUSY_RETRY_DELAYS_MS: readonly number[] = [150, 300, 600, 900, 1050];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Calls a contract method; returns its typed output or throws the AppError. BUSY answers are retried first. */
export async function call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
  let r = await pick().invoke(method, input);
  for (const delay of BUSY_RETRY_DELAYS_MS) {
    if (r.ok || r.error.code !== 'BUSY') break;
    await sleep(delay);
    r = await pick().invoke(method, input);
  }
  if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details);
  return r.value as Output<M>;
}

export function onPush(listener: (e: PushEvent) => void): () => void {
  return pick().subscribe(listener);
}

export function transportKind(): 'ipc' | 'http' {
  return pick().kind;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
