/**
 * SQLite values in JSON Lines: text, numbers and null as themselves; a BLOB as {"$blob": base64}; a non-finite
 * REAL as {"$num": "NaN" | "Infinity" | "-Infinity"} (plain JSON would turn it into null).
 */
export function encodeValue(v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return { $num: String(v) };
  if (Buffer.isBuffer(v)) return { $blob: v.toString('base64') };
  if (typeof v === 'bigint') return Number(v);
  return v;
}

export function encodeRow(row: Record<string, unknown>): string {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = encodeValue(v);
  return JSON.stringify(out);
}

export function encodeArray(values: unknown[]): string {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && typeof v !== 'string' && (typeof v !== 'number' || !Number.isFinite(v))) values[i] = encodeValue(v);
  }
  return JSON.stringify(values);
}

/** A decoded value, or undefined when the JSON value is not one a SQLite column can hold. */
export function decodeValue(v: unknown): string | number | null | Buffer | undefined {
  if (v === null || typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && typeof o.$blob === 'string') return Buffer.from(o.$blob, 'base64');
    if (keys.length === 1 && (o.$num === 'NaN' || o.$num === 'Infinity' || o.$num === '-Infinity')) return Number(o.$num);
  }
  return undefined;
}
