import type { Input, Output } from '../../../../common/contract/api';
import type { ParticipantMethod } from '../../../../common/contract/schemas/room';
import { AppError } from '../../../../common/contract/errors';
import type { Result } from '../../../../common/contract/errors';

/**
 * The phone's own client for the room listener (main/room/server.ts): it holds a participant token, never the
 * facilitator's, and calls only the participant methods. The token is kept in this tab's session storage, so a
 * reload stays in the room and closing the tab leaves it.
 */
const TOKEN_KEY = 'kaizen.room.token';
const LABEL_KEY = 'kaizen.room.label';

export type Joined = Readonly<{ token: string; label: string }>;

export function savedSession(): Joined | null {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { token, label: sessionStorage.getItem(LABEL_KEY) ?? '' } : null;
}

export function forgetSession(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(LABEL_KEY);
}

const unreachable = (): Result<never> => ({ ok: false, error: { code: 'INTERNAL', message: 'The facilitator’s laptop is not reachable: check that you are on the room’s Wi-Fi, or ask whether room mode is still on.' } });

async function post(path: string, body: unknown, token?: string): Promise<Result<unknown>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body ?? {}),
    });
  } catch {
    return unreachable();
  }
  const parsed = (await res.json().catch(() => null)) as Result<unknown> | null;
  return parsed && typeof parsed === 'object' && 'ok' in parsed ? parsed : unreachable();
}

/** Trades the join code for this phone's token. */
export async function joinRoom(code: string): Promise<Joined> {
  const r = await post('/api/room-join', { code });
  if (!r.ok) throw new AppError(r.error.code, r.error.message);
  const v = r.value as Joined;
  sessionStorage.setItem(TOKEN_KEY, v.token);
  sessionStorage.setItem(LABEL_KEY, v.label);
  return v;
}

/** Calls one participant method with this phone's token. */
export async function roomCall<M extends ParticipantMethod>(method: M, input: Input<M>): Promise<Output<M>> {
  const r = await post(`/api/${method}`, input, savedSession()?.token);
  if (!r.ok) throw new AppError(r.error.code, r.error.message);
  return r.value as Output<M>;
}
