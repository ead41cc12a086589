import type { Method, Output, ParsedInput } from '../common/contract/api';

/** Per-call information a handler may use (cancellation for long jobs). */
export type CallInfo = Readonly<{ signal?: AbortSignal }>;

export type Handler<M extends Method> = (input: ParsedInput<M>, call: CallInfo) => Output<M> | Promise<Output<M>>;

/** Handlers for a subset of methods; each service module returns one of these. */
export type Handlers<K extends Method> = { [M in K]: Handler<M> };

export type HandlerMap = Handlers<Method>;
