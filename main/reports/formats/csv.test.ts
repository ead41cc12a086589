import { describe, expect, it } from 'vitest';
import type { ReportTable } from '../model';
import { tableToCsv } from './csv';

const table: ReportTable = {
  id: 't',
  title: 'T',
  columns: [
    { key: 'name', label: 'Name', type: 'text' },
    { key: 'ms', label: 'p95', type: 'number', unit: 'ms' },
    { key: 'ok', label: 'OK', type: 'boolean' },
  ],
  rows: [
    ['=cmd|"/c calc"!A1', -12.5, true],
    ['Línea, "quoted"\nnext', null, false],
  ],
};

describe('tableToCsv', () => {
  it('writes RFC 4180 CSV with units in the header, typed numbers and neutralised formulas', () => {
    const text = tableToCsv(table).toString('utf8');
    expect(text).toBe(`Name,p95 (ms),OK\r\n"'=cmd|""/c calc""!A1",-12.5,true\r\n"Línea, ""quoted""\nnext",,false\r\n`);
  });
  it('starts with a UTF-8 byte-order mark only when asked', () => {
    expect([...tableToCsv(table, { bom: true }).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(tableToCsv(table).subarray(0, 1).toString()).toBe('N');
  });
});
