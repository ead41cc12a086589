import { AppError } from '../../../../common/contract/errors';
import type { Condition } from '../../../../common/domain/sources/queryTree';

/**
 * ClickHouse SQL pieces generated from the query tree — never from user text. Identifiers are backquoted with
 * escapes; values are typed literals built here, because ClickHouse 18.16 (Debian bookworm's) has no query
 * parameters (`{name:Type}` / `param_name` arrived in 19.x: the server answers "Unknown setting param_x").
 * Numbers are exact: a safe integer is written as itself, any other double as its 8 IEEE-754 bytes
 * (`reinterpretAsFloat64(unhex('…'))`), since the server's decimal parser is not correctly rounded for every
 * double (it refuses 5e-324 and 1.7976931348623157e308). Strings are quoted with ClickHouse's backslash escapes.
 */

/** `name` as a ClickHouse identifier: backquoted, backslash and backquote escaped. */
export function quoteIdent(name: string): string {
  if (name.length === 0 || name.length > 512 || name.includes('\0')) {
    throw new AppError('BAD_INPUT', `"${name.slice(0, 80)}" is not a usable ClickHouse name (empty, too long or holding a NUL).`);
  }
  return '`' + name.replace(/[\\`]/g, (c) => '\\' + c) + '`';
}

/** A string literal: quote, backslash and control characters escaped (ClickHouse string-literal escapes). */
export function stringLiteral(s: string): string {
  const body = s.replace(/[\\'\0\n\r\t\b\f]/g, (c) => {
    switch (c) {
      case '\0':
        return '\\0';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      case '\b':
        return '\\b';
      case '\f':
        return '\\f';
      default:
        return '\\' + c;
    }
  });
  return `'${body}'`;
}

/** A Float64 literal with exactly the value of `x` (finite only). */
export function numberLiteral(x: number): string {
  if (!Number.isFinite(x)) throw new AppError('BAD_INPUT', `A ClickHouse query value must be a finite number (got ${x}).`);
  if (Number.isSafeInteger(x) && !Object.is(x, -0)) return `toFloat64(${x})`;
  const b = Buffer.alloc(8);
  b.writeDoubleLE(x);
  return `reinterpretAsFloat64(unhex('${b.toString('hex')}'))`;
}

/** How a physical column reads in SQL, and what kind of value it holds. */
export type ColumnRef = Readonly<{
  /** Quoted physical name. */
  sql: string;
  nullable: boolean;
  /** number: Int*, UInt*, Float*, Decimal; time: DateTime or Date (or a number used as epoch ms); text: the rest. */
  kind: 'number' | 'datetime' | 'date' | 'text';
}>;

/** The cell as Float64 (epoch ms for DateTime and Date), for a number or time column. */
export function numericExpr(c: ColumnRef): string {
  switch (c.kind) {
    case 'datetime':
      return `(toFloat64(toUInt32(${c.sql})) * 1000)`;
    case 'date':
      return `(toFloat64(toUInt16(${c.sql})) * 86400000)`;
    case 'number':
      return `toFloat64(${c.sql})`;
    case 'text':
      // The KPI filters' Number(cell): "12" → 12; text that is not a number is no number (NULL).
      return `toFloat64OrNull(${c.sql})`;
  }
}

/** true where the cell holds a finite number (a value measure counts only those rows). */
export function finiteExpr(c: ColumnRef): string {
  const x = numericExpr(c);
  const test = `isFinite(${x})`;
  return c.nullable || c.kind === 'text' ? `(isNotNull(${c.sql}) AND ifNull(${test}, 0))` : test;
}

const OPS = new Set(['=', '!=', '>', '>=', '<', '<=']);

/**
 * `column op value` with the KPI filters' meaning (main/services/kpi/series.ts `matches`): a missing cell satisfies
 * only `!=`; a number value, or an ordering operator, compares the cell as a number (text that is not a number never
 * equals and is always unequal); otherwise the cell's text is compared.
 */
export function conditionExpr(cond: Condition, col: ColumnRef): string {
  if (!OPS.has(cond.op)) throw new AppError('BAD_INPUT', `Unknown comparison "${cond.op}" on ${cond.column}.`);
  const numeric = typeof cond.value === 'number' || (cond.op !== '=' && cond.op !== '!=');
  let left: string;
  let right: string;
  if (numeric) {
    const v = Number(cond.value);
    if (!Number.isFinite(v)) {
      // Number('abc') is NaN in the KPI filters: only != holds.
      return cond.op === '!=' ? '1' : '0';
    }
    left = numericExpr(col);
    right = numberLiteral(v);
  } else if (col.kind !== 'text') {
    // String(number) === s exactly when s is the canonical spelling of a number equal to the cell: compare numbers
    // (the server's float formatting is not JavaScript's).
    const s = String(cond.value);
    const v = Number(s);
    if (!(s.trim() !== '' && Number.isFinite(v) && String(v) === s)) return cond.op === '!=' ? '1' : '0';
    left = numericExpr(col);
    right = numberLiteral(v);
  } else {
    left = col.sql;
    right = stringLiteral(String(cond.value));
  }
  const missing = col.nullable || col.kind === 'text' ? `isNull(${left})` : null;
  if (cond.op === '!=') return missing ? `(${missing} OR ${left} != ${right})` : `(${left} != ${right})`;
  const cmp = `${left} ${cond.op} ${right}`;
  return missing ? `(NOT ${missing} AND ifNull(${cmp}, 0))` : `(${cmp})`;
}

/** AND of the parts ('1' when none). */
export function and(parts: readonly string[]): string {
  const kept = parts.filter((p) => p !== '1');
  if (kept.includes('0')) return '0';
  return kept.length === 0 ? '1' : kept.length === 1 ? kept[0]! : kept.map((p) => `(${p})`).join(' AND ');
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
const WEEK_SHIFT = 3 * DAY;

/**
 * Start of the bucket holding time expression `t` (epoch ms, Float64), shifted by the UTC offset:
 * floor((t + off) / len) · len − off, weeks from Monday (1970-01-01 was a Thursday: shift 3 days), the same double
 * arithmetic as common/domain/kpi/aggregate bucketStart.
 */
export function bucketExpr(t: string, unit: 'hour' | 'day' | 'week', utcOffsetMinutes: number): string {
  const off = utcOffsetMinutes * 60_000;
  if (unit === 'week') {
    const shift = WEEK_SHIFT + off;
    return `(floor((${t} + ${shift}) / ${7 * DAY}) * ${7 * DAY} - ${shift})`;
  }
  const len = unit === 'hour' ? HOUR : DAY;
  return off === 0 ? `(floor(${t} / ${len}) * ${len})` : `(floor((${t} + ${off}) / ${len}) * ${len} - ${off})`;
}
