import type { z } from 'zod';
import { api, isMethod } from '../common/contract/api';
import type { Method, Output } from '../common/contract/api';
import { AppError, isAppError } from '../common/contract/errors';
import type { Result } from '../common/contract/errors';
import type { CallInfo, HandlerMap } from './handlers';
import { storeError } from './storeErrors';
import type { StoreErrorContext } from './storeErrors';
import { rawPathField } from './pathGuard';

export type Logger = Readonly<{ error: (message: string, err: unknown) => void }>;

export type Dispatch = (method: string, input: unknown, call?: CallInfo) => Promise<Result<unknown>>;

/** "patch.name: must not be empty; members.0.role: Invalid option" — names every failing field. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((i) => (i.path.length > 0 ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/**
 * The single entry point of every transport: method → validate input → handler → {ok,value}|{ok,error}.
 * Unexpected errors are logged here and cross the boundary as INTERNAL, with no stack trace. `store` names the
 * data folder for store and disk failures (see storeErrors.ts).
 */
export function createDispatch(
  handlers: HandlerMap,
  logger: Logger,
  store?: StoreErrorContext,
  /** Runs before every handler with the validated input; throws an AppError to refuse (archived events are read-only). */
  guard?: (method: Method, input: unknown) => void,
): Dispatch {
  return async (method, input, call = {}) => {
    if (typeof method !== 'string' || !isMethod(method)) {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `Unknown method "${String(method)}".` } };
    }
    const def = api[method];
    const parsed = def.input.safeParse(input === null ? undefined : input);
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: 'VALIDATION',
          message: `Invalid input for ${method}: ${formatIssues(parsed.error.issues)}`,
          details: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
        },
      };
    }
    if (call.origin === 'renderer') {
      const field = rawPathField(method, parsed.data as never);
      if (field !== null) {
        return {
          ok: false,
          error: {
            code: 'FORBIDDEN',
            message: `${method}: file paths (${field}) are accepted only from the kaizen command line. In the app, choose the file with the dialog or upload it; exports are saved with the save dialog or downloaded.`,
            details: { field },
          },
        };
      }
    }
    try {
      guard?.(method, parsed.data);
      const handler = handlers[method] as (i: unknown, c: CallInfo) => Output<Method> | Promise<Output<Method>>;
      const value = await handler(parsed.data, call);
      return { ok: true, value };
    } catch (e) {
      if (isAppError(e)) return { ok: false, error: e.toPayload() };
      // A full disk, a busy store or a read-only folder is the user's to fix: say so (DISK_FULL, BUSY, READ_ONLY).
      const known = store ? storeError(e, store) : null;
      if (known) return { ok: false, error: known.toPayload() };
      logger.error(`Unexpected error in ${method}`, e);
      return { ok: false, error: { code: 'INTERNAL', message: `Something went wrong in ${method}. The details are in the log.` } };
    }
  };
}

/** Typed convenience for in-process callers (CLI, tests): returns the value or throws the AppError. */
export async function invoke<M extends Method>(dispatch: Dispatch, method: M, input: unknown, call?: CallInfo): Promise<Output<M>> {
  const r = await dispatch(method, input, call);
  if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details);
  return r.value as Output<M>;
}
