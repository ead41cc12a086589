import type { Method, Output, ParsedInput } from '../common/contract/api';

/** The contract methods named `<prefix>-…`: a module's share of its area, derived from the contract, never restated. */
export type MethodsOf<P extends string> = Extract<Method, `${P}-${string}`>;

/**
 * Per-call information a handler may use: cancellation for long jobs, and who is calling.
 * `origin: 'renderer'` marks calls from a window or an HTTP client (Electron IPC, the browser-mode host):
 * they may never hand a service a file path. The CLI and in-process tests call as 'local' (the user typed it).
 */
export type CallInfo = Readonly<{
  signal?: AbortSignal;
  origin?: 'renderer' | 'local';
  /** Set only by the room listener (main/room/server.ts) after checking a participant token: who is calling from a phone. */
  participant?: Readonly<{ id: string; number: number; label: string }>;
}>;

export type Handler<M extends Method> = (input: ParsedInput<M>, call: CallInfo) => Output<M> | Promise<Output<M>>;

/** Handlers for a subset of methods; each service module returns one of these. */
export type Handlers<K extends Method> = { [M in K]: Handler<M> };

export type HandlerMap = Handlers<Method>;
