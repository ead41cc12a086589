import { describe, expect, it } from 'vitest';
import { formatClickHouseUrl, parseClickHouseUrl, secretKey } from './config';
import { parseServerError } from './http';
import { bucketExpr, conditionExpr, numberLiteral, quoteIdent, stringLiteral } from './sql';
import { mapClickHouseType } from './types';

describe('ClickHouse SQL pieces', () => {
  it('quotes identifiers and strings with ClickHouse escapes', () => {
    expect(quoteIdent('latency_ms')).toBe('`latency_ms`');
    expect(quoteIdent('we`ird\\name')).toBe('`we\\`ird\\\\name`');
    expect(() => quoteIdent('')).toThrow(/not a usable ClickHouse name/);
    expect(stringLiteral("it's \\ a\n'; DROP TABLE x; --")).toBe("'it\\'s \\\\ a\\n\\'; DROP TABLE x; --'");
    expect(stringLiteral('nul\0')).toBe("'nul\\0'");
  });

  it('writes numbers exactly: safe integers as they are, other doubles as their IEEE bytes', () => {
    expect(numberLiteral(42)).toBe('toFloat64(42)');
    expect(numberLiteral(0.1)).toBe("reinterpretAsFloat64(unhex('9a9999999999b93f'))");
    expect(numberLiteral(-0)).toBe("reinterpretAsFloat64(unhex('0000000000000080'))");
    expect(() => numberLiteral(Number.NaN)).toThrow(/finite number/);
  });

  it('conditions keep the KPI filters’ meaning for missing cells, numbers and text', () => {
    const text = { sql: '`status`', nullable: false, kind: 'text' as const };
    const num = { sql: '`score`', nullable: true, kind: 'number' as const };
    expect(conditionExpr({ column: 'status', op: '=', value: 'failed' }, text)).toBe("(NOT isNull(`status`) AND ifNull(`status` = 'failed', 0))");
    expect(conditionExpr({ column: 'score', op: '!=', value: 0.5 }, num)).toContain('isNull(toFloat64(`score`)) OR');
    // Number('abc') is NaN: only != holds.
    expect(conditionExpr({ column: 'score', op: '>', value: 'abc' }, num)).toBe('0');
    expect(conditionExpr({ column: 'score', op: '=', value: 'abc' }, num)).toBe('0');
    // String(cell) of a number equals '0.5' exactly when the number is 0.5.
    expect(conditionExpr({ column: 'score', op: '=', value: '0.5' }, num)).toBe("(NOT isNull(toFloat64(`score`)) AND ifNull(toFloat64(`score`) = reinterpretAsFloat64(unhex('000000000000e03f')), 0))");
    expect(conditionExpr({ column: 'score', op: '!=', value: '0.50' }, num)).toBe('1');
  });

  it('buckets with the same arithmetic as bucketStart (weeks from Monday, UTC offset)', () => {
    expect(bucketExpr('t', 'day', 0)).toBe('(floor(t / 86400000) * 86400000)');
    expect(bucketExpr('t', 'week', 60)).toBe('(floor((t + 262800000) / 604800000) * 604800000 - 262800000)');
  });

  it('maps ClickHouse types to the import’s storage types', () => {
    expect(mapClickHouseType('Nullable(Float64)')).toMatchObject({ type: 'real', nullable: true });
    expect(mapClickHouseType("DateTime('UTC')")).toMatchObject({ type: 'timestamp', kind: 'datetime' });
    expect(mapClickHouseType("Enum8('a' = 1, 'b' = 2)")).toMatchObject({ type: 'category', asText: true });
    expect(mapClickHouseType('LowCardinality(String)')).toMatchObject({ type: 'category' });
    expect(mapClickHouseType('UInt64')).toMatchObject({ type: 'integer' });
    expect(mapClickHouseType('Array(UInt8)')).toBeNull();
  });

  it('parses clickhouse:// links and refuses one holding a password', () => {
    const c = parseClickHouseUrl('clickhouse://analyst@ch.example:8123/logs/inference');
    expect(c).toEqual({ secure: false, host: 'ch.example', port: 8123, database: 'logs', table: 'inference', user: 'analyst' });
    expect(formatClickHouseUrl(c)).toBe('clickhouse://analyst@ch.example:8123/logs/inference');
    expect(secretKey(c)).toBe('clickhouse:analyst@ch.example:8123');
    expect(parseClickHouseUrl('clickhouse+https://ch.example/db/t')).toMatchObject({ secure: true, port: 8443, user: 'default' });
    const err = (() => {
      try {
        parseClickHouseUrl('clickhouse://analyst:hunter2@ch.example/logs/t');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toMatch(/holds a password/);
    expect(err?.message).not.toContain('hunter2');
    expect(() => parseClickHouseUrl('clickhouse://ch.example/logs')).toThrow(/\/database\/table/);
    expect(() => parseClickHouseUrl('http://ch.example/logs/t')).toThrow(/scheme/);
  });

  it('reads 18.x and newer server error texts', () => {
    expect(parseServerError('Code: 193, e.displayText() = DB::Exception: Wrong password for user kaizen, e.what() = DB::Exception\n')).toEqual({ code: 193, text: 'Wrong password for user kaizen' });
    expect(parseServerError('Code: 516. DB::Exception: kaizen: Authentication failed. (AUTHENTICATION_FAILED) (version 23.8.1)')).toMatchObject({ code: 516 });
  });
});
