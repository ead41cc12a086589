import { randomBytes } from 'node:crypto';

/**
 * One-time launch codes: the browser is opened at `/?code=…` instead of `/?token=…`, so the long-lived token
 * never appears on a command line (`ps` shows other users the browser's arguments). A code is good for one
 * exchange within its lifetime, then it is dead; the page trades it for the token and keeps that in session
 * storage.
 */
export type LaunchCodes = Readonly<{
  issue: () => string;
  /** True once per issued code, within its lifetime; false for an unknown, used or expired code. */
  redeem: (code: unknown) => boolean;
}>;

export function createLaunchCodes(ttlMs: number, now: () => number = Date.now): LaunchCodes {
  const live = new Map<string, number>();
  const purge = () => {
    const t = now();
    for (const [code, expires] of live) if (expires <= t) live.delete(code);
  };
  return {
    issue: () => {
      purge();
      const code = randomBytes(18).toString('base64url');
      live.set(code, now() + ttlMs);
      return code;
    },
    redeem: (code) => {
      if (typeof code !== 'string') return false;
      const expires = live.get(code);
      live.delete(code);
      return expires !== undefined && expires > now();
    },
  };
}
