import { DomainInputError } from '../errors';

export type FieldType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';
export type SchemaChange = Readonly<{ path: string; change: 'added' | 'removed' | 'changed-type'; before: FieldType | null; after: FieldType | null }>;

const typeOf = (v: unknown): FieldType => (v === null ? 'null' : Array.isArray(v) ? 'array' : (typeof v as FieldType));

/** Every field of a JSON value by path (`customer.address.zip`, array items as `items[]`), with its type. */
export function fieldTypes(value: unknown, prefix = '', out = new Map<string, FieldType>()): Map<string, FieldType> {
  if (Array.isArray(value)) {
    for (const item of value) fieldTypes(item, `${prefix}[]`, out);
    return out;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const path = prefix ? `${prefix}.${k}` : k;
      const t = typeOf(v);
      const had = out.get(path);
      // An array whose items differ in type, or a field null in one item: the first non-null type is kept.
      if (had === undefined || had === 'null') out.set(path, t);
      fieldTypes(v, path, out);
    }
  }
  return out;
}

/** Parses one JSON request sample, naming which sample is broken. */
export function parseSample(text: string, name: string): unknown {
  try {
    const v: unknown = JSON.parse(text);
    if (v === null || typeof v !== 'object') throw new DomainInputError(`${name} is not a JSON object or array (a request body sample is expected).`);
    return v;
  } catch (e) {
    if (e instanceof DomainInputError) throw e;
    throw new DomainInputError(`${name} is not valid JSON: ${(e as Error).message}`);
  }
}

/**
 * Schema diff between two request samples (the "formats agreed" item of the integration checklist): fields present
 * only in the second (added), only in the first (removed), and fields whose JSON type differs (changed-type; a
 * field null in one sample is not a type change). Sorted by path.
 */
export function schemaDiff(before: unknown, after: unknown): SchemaChange[] {
  const a = fieldTypes(before);
  const b = fieldTypes(after);
  const out: SchemaChange[] = [];
  for (const [path, t] of a) {
    const u = b.get(path);
    if (u === undefined) out.push({ path, change: 'removed', before: t, after: null });
    else if (t !== u && t !== 'null' && u !== 'null') out.push({ path, change: 'changed-type', before: t, after: u });
  }
  for (const [path, u] of b) if (!a.has(path)) out.push({ path, change: 'added', before: null, after: u });
  return out.sort((x, y) => x.path.localeCompare(y.path));
}
