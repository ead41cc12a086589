import type { SourceColumnType } from '../../../../common/domain/sources/queryTree';
import { quoteIdent } from './sql';
import type { ColumnRef } from './sql';

/** What a ClickHouse column type means here, or null for types an analysis cannot read (Array, Tuple, Nested …). */
export type MappedType = Readonly<{ type: SourceColumnType; kind: ColumnRef['kind']; nullable: boolean; asText: boolean }>;

/**
 * ClickHouse type name → the import's storage types: integers (Int*, UInt*), reals (Float*, Decimal), timestamps
 * (DateTime, read as epoch ms; Date, as its UTC midnight), categories (Enum*, LowCardinality(String)) and text
 * (String, FixedString, UUID). Nullable(…) and LowCardinality(…) are unwrapped.
 */
export function mapClickHouseType(native: string): MappedType | null {
  let t = native.trim();
  let nullable = false;
  let lowCardinality = false;
  for (;;) {
    const m = /^(Nullable|LowCardinality)\((.*)\)$/s.exec(t);
    if (!m) break;
    if (m[1] === 'Nullable') nullable = true;
    else lowCardinality = true;
    t = m[2]!.trim();
  }
  if (/^U?Int(8|16|32|64)$/.test(t)) return { type: 'integer', kind: 'number', nullable, asText: false };
  if (/^(Float(32|64)|Decimal(32|64|128)?\(.*\))$/.test(t)) return { type: 'real', kind: 'number', nullable, asText: false };
  if (/^DateTime(\(.*\))?$/.test(t)) return { type: 'timestamp', kind: 'datetime', nullable, asText: false };
  if (t === 'Date') return { type: 'timestamp', kind: 'date', nullable, asText: false };
  if (/^Enum(8|16)\(.*\)$/s.test(t)) return { type: 'category', kind: 'text', nullable, asText: true };
  if (t === 'String') return { type: lowCardinality ? 'category' : 'text', kind: 'text', nullable, asText: false };
  if (/^FixedString\(\d+\)$/.test(t) || t === 'UUID') return { type: 'text', kind: 'text', nullable, asText: true };
  return null;
}

/** A physical column as SQL reads it (Enum, FixedString and UUID through toString, so text compares as text). */
export function columnRef(physical: string, mapped: MappedType): ColumnRef {
  const q = quoteIdent(physical);
  return { sql: mapped.asText ? `toString(${q})` : q, nullable: mapped.nullable, kind: mapped.kind };
}
