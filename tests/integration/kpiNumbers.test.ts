import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unpackChart } from '../../common/domain/spc/packed';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

/** The numbers a facilitator is asked about: signal counts, partial buckets, rate KPIs as P charts. */
let s: TestServices;
let eventId: string;
beforeEach(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'Numbers' })).id;
});
afterEach(() => {
  s.close();
  fs.rmSync(s.dataDir, { recursive: true, force: true });
});

/** 10/10.5 alternating, a dip to 9.5 on day 16 and a spike to 13 on day 17: I flags 17, MR flags 17 and 18. */
const spike = Array.from({ length: 30 }, (_, k) => (k === 15 ? 9.5 : k === 16 ? 13 : 10 + (k % 2) * 0.5));

async function workbook(sections: string[]): Promise<ExcelJS.Workbook> {
  const [f] = (await s.call('report-download', { eventId, format: 'xlsx', sections })).files;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(f!.base64, 'base64') as unknown as ArrayBuffer);
  return wb;
}

async function importCsv(name: string, lines: string[]): Promise<string> {
  const file = path.join(s.dataDir, name);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return ((await s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name })) as { datasetId: string }).datasetId;
}

describe('signal counts agree: board, KPI page list, report table', () => {
  it('counts points with signals on any panel (the MR-only point 18 included), once per point, in the XLSX too', async () => {
    const kpi = await s.call('kpi-create', { eventId, name: 'Retrain hours', unit: 'h', direction: 'lower', source: { kind: 'manual' }, chart: { preset: 'minitab' } });
    for (let i = 0; i < spike.length; i++) await s.call('kpi-entry-add', { kpiId: kpi.id, date: `2026-11-${String(i + 1).padStart(2, '0')}`, value: spike[i]! });
    const chart = unpackChart(await s.call('spc-chart-get', { kpiId: kpi.id }));
    // Three (point, test) pairs on two panels, two points.
    expect(chart.panels.map((p) => p.signals.length)).toEqual([1, 2]);
    const [card] = await s.call('kpi-list', { eventId });
    expect(card!.signalPoints).toEqual([
      { index: 17, date: '2026-11-17', latest: true, panels: [{ statistic: 'i', tests: [1] }, { statistic: 'mr', tests: [1] }] },
      { index: 18, date: '2026-11-18', latest: true, panels: [{ statistic: 'mr', tests: [1] }] },
    ]);
    const wb = await workbook(['kpis']);
    const board = wb.getWorksheet('KPI board')!;
    const header = board.getRow(1).values as unknown[];
    expect(board.getRow(2).getCell(header.indexOf('Points with signals')).value).toBe(2);
    const table = wb.worksheets.find((w) => w.name.startsWith('Retrain hours') && w.name.includes('points with sign'))!;
    expect(table.rowCount).toBe(3);
    expect(table.getRow(3).getCell(1).value).toBe(18);
    expect(String(table.getRow(3).getCell(4).value)).toBe('MR: 1 (2.5 h)');
  });
});

describe('partial buckets', () => {
  /** Pipeline runs every 6 h from Monday 2 Nov to Sunday 15 Nov 2026, then Monday 16 Nov only (all of those failing). */
  function runs(): string[] {
    const lines = ['started_at,status'];
    const start = Date.parse('2026-11-02T00:00:00Z');
    for (let k = 0; k < 15 * 4 - 2; k++) lines.push(`${new Date(start + k * 6 * 3_600_000).toISOString()},${k >= 56 ? 'failed' : k % 10 === 0 ? 'failed' : 'ok'}`);
    return lines;
  }

  it('flags a last week with one day of data and leaves it out of the current value and status unless asked', async () => {
    const datasetId = await importCsv('runs.csv', runs());
    const kpi = await s.call('kpi-create', { eventId, name: 'Failure rate', unit: 'share of runs', direction: 'lower', source: { kind: 'dataset', datasetId, column: 'status', statistic: 'rate', bucket: 'week', condition: { column: 'status', op: '=', value: 'failed' } }, target: 0.05, alertThreshold: 0.5 });
    const got = await s.call('kpi-get', { id: kpi.id });
    expect(got.points.map((p) => [p.date, p.partial])).toEqual([['2026-11-02', undefined], ['2026-11-09', undefined], ['2026-11-16', 6 / 168]]);
    // The partial week (two runs, both failed: rate 1) is not the current value and raises no alert.
    expect(got.points[2]!.value).toBe(1);
    expect(got.current).toBe(got.points[1]!.value);
    expect(got.currentDate).toBe('2026-11-09');
    expect(got.alert).toBeNull();
    await s.call('kpi-update', { id: kpi.id, patch: { chart: { ...got.chart, countPartial: true } } });
    const counted = await s.call('kpi-get', { id: kpi.id });
    expect(counted.current).toBe(1);
    expect(counted.alert).toMatchObject({ active: true });
    expect(counted.status).toBe('off-track');
  });
});

describe('rate KPIs', () => {
  it('are charted as a P chart by default: limits per bucket size, LCL floored at 0', async () => {
    const lines = ['t,status'];
    for (let d = 0; d < 20; d++) for (let h = 0; h < 24; h++) lines.push(`2026-11-${String(d + 1).padStart(2, '0')}T${String(h).padStart(2, '0')}:10:00Z,${(d * 24 + h) % 19 === 0 ? 'failed' : 'ok'}`);
    const datasetId = await importCsv('req.csv', lines);
    const kpi = await s.call('kpi-create', { eventId, name: 'Error rate', direction: 'lower', source: { kind: 'dataset', datasetId, column: 'status', statistic: 'rate', bucket: 'day', condition: { column: 'status', op: '=', value: 'failed' } } });
    expect(kpi.chart.chart).toBe('p');
    const chart = unpackChart(await s.call('spc-chart-get', { kpiId: kpi.id }));
    expect(chart.panels.map((p) => p.statistic)).toEqual(['p']);
    expect(Math.min(...chart.panels[0]!.points.map((p) => p.lcl ?? Number.NaN))).toBe(0);
    // The same data as I-MR (still available when chosen) would have a negative LCL.
    const imr = unpackChart(await s.call('spc-chart-get', { kpiId: kpi.id, settings: { chart: 'imr' } }));
    expect(imr.panels[0]!.lcl!).toBeLessThan(0);
    // A chosen chart kind is kept.
    const chosen = await s.call('kpi-create', { eventId, name: 'Error rate I-MR', direction: 'lower', source: { kind: 'dataset', datasetId, column: 'status', statistic: 'rate', bucket: 'day', condition: { column: 'status', op: '=', value: 'failed' } }, chart: { chart: 'imr' } });
    expect(chosen.chart.chart).toBe('imr');
  });
});
