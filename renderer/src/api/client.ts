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

/** Browser mode: the token arrives in the URL once, is kept in session storage and removed from the address bar. */
export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function httpTransport(token: string | null): Transport {
  return {
    kind: 'http',
    invoke: async (method, input) => {
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
      const source = new EventSource(`/api/events?token=${encodeURIComponent(token ?? '')}`);
      const names = ['data-changed', 'job-progressed', 'job-finished', 'menu-commanded'] as const;
      const handlers = names.map((name) => {
        const h = (m: MessageEvent<string>) => listener({ name, payload: JSON.parse(m.data) } as PushEvent);
        source.addEventListener(name, h);
        return h;
      });
      return () => {
        names.forEach((n, i) => source.removeEventListener(n, handlers[i]!));
        source.close();
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

/** Calls a contract method; returns its typed output or throws the AppError. */
export async function call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
  const r = await pick().invoke(method, input);
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
