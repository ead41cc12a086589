/** Size limits, said to the user before anything is read. Overridable per call (tests use small ones). */
export type Limits = Readonly<{ maxFileBytes: number; maxFieldBytes: number }>;

/**
 * 4 GiB per file and 1 MiB per field: larger inputs are almost always the wrong file. Every format
 * streams, so no format has a tighter file cap; a JSON Lines line or JSON array item is read whole
 * and may be up to 4 × maxFieldBytes.
 */
export const DEFAULT_LIMITS: Limits = { maxFileBytes: 4 * 1024 ** 3, maxFieldBytes: 1024 * 1024 };

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(n % 1024 ** 3 === 0 ? 0 : 1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(n % 1024 ** 2 === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KiB`;
  return `${n} bytes`;
}
