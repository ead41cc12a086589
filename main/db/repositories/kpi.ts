import { ChartSettings, KpiSource } from '../../../common/contract/schemas/kpi';
import type { Kpi, KpiEntry, KpiFields } from '../../../common/contract/schemas/kpi';
import type { Db } from '../connection';
import { assignments, parseJson } from '../rowMapping';

type Row = Record<string, unknown>;

const COLUMNS: Readonly<Record<keyof KpiFields, string>> = {
  name: 'name',
  unit: 'unit',
  direction: 'direction',
  source: 'source',
  baseline: 'baseline',
  baselineFrom: 'baseline_from',
  baselineTo: 'baseline_to',
  target: 'target',
  alertThreshold: 'alert_threshold',
  lsl: 'lsl',
  usl: 'usl',
  ownerId: 'owner_id',
  notes: 'notes',
  chart: 'chart',
};

function toKpi(r: Row): Kpi {
  const source = KpiSource.safeParse(parseJson<unknown>(r.source, null));
  return {
    id: r.id as string,
    eventId: r.event_id as string,
    name: r.name as string,
    unit: r.unit as string,
    direction: r.direction as Kpi['direction'],
    source: source.success ? source.data : { kind: 'manual' },
    baseline: (r.baseline as number | null) ?? null,
    baselineFrom: (r.baseline_from as string | null) ?? null,
    baselineTo: (r.baseline_to as string | null) ?? null,
    target: (r.target as number | null) ?? null,
    alertThreshold: (r.alert_threshold as number | null) ?? null,
    lsl: (r.lsl as number | null) ?? null,
    usl: (r.usl as number | null) ?? null,
    ownerId: (r.owner_id as string | null) ?? null,
    notes: r.notes as string,
    // Settings saved by an older version get today's defaults for anything missing.
    chart: ChartSettings.catch(ChartSettings.parse({})).parse(parseJson<unknown>(r.chart, {})),
    position: r.position as number,
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  };
}

function params(f: Partial<KpiFields>): Record<string, unknown> {
  return { ...f, source: f.source && JSON.stringify(f.source), chart: f.chart && JSON.stringify(f.chart) };
}

export function listKpis(db: Db, eventId: string): Kpi[] {
  return (db.prepare('SELECT * FROM kpis WHERE event_id = ? ORDER BY position').all(eventId) as Row[]).map(toKpi);
}

export function findKpi(db: Db, id: string): Kpi | undefined {
  const r = db.prepare('SELECT * FROM kpis WHERE id = ?').get(id) as Row | undefined;
  return r ? toKpi(r) : undefined;
}

export function insertKpi(db: Db, id: string, eventId: string, at: string, f: KpiFields): void {
  const position = db.prepare('SELECT COALESCE(MAX(position), 0) + 1 FROM kpis WHERE event_id = ?').pluck().get(eventId) as number;
  db.prepare(
    `INSERT INTO kpis (id, event_id, name, unit, direction, source, baseline, baseline_from, baseline_to, target, alert_threshold, lsl, usl, owner_id, notes, chart, position, created_at, updated_at)
     VALUES (@id, @eventId, @name, @unit, @direction, @source, @baseline, @baselineFrom, @baselineTo, @target, @alertThreshold, @lsl, @usl, @ownerId, @notes, @chart, @position, @at, @at)`,
  ).run({ ...params(f), id, eventId, position, at });
}

export function updateKpi(db: Db, id: string, at: string, patch: Partial<KpiFields>): void {
  const sets = assignments(patch, COLUMNS);
  if (sets.length === 0) return;
  db.prepare(`UPDATE kpis SET ${sets.join(', ')}, updated_at = @at WHERE id = @id`).run({ ...params(patch), id, at });
}

export function deleteKpi(db: Db, id: string): void {
  db.prepare('DELETE FROM kpis WHERE id = ?').run(id);
}

function toEntry(r: Row): KpiEntry {
  return { id: r.id as string, kpiId: r.kpi_id as string, date: r.date as string, value: r.value as number, note: r.note as string };
}

export function listEntries(db: Db, kpiId: string): KpiEntry[] {
  return (db.prepare('SELECT * FROM kpi_entries WHERE kpi_id = ? ORDER BY date, created_at').all(kpiId) as Row[]).map(toEntry);
}

export function findEntry(db: Db, id: string): KpiEntry | undefined {
  const r = db.prepare('SELECT * FROM kpi_entries WHERE id = ?').get(id) as Row | undefined;
  return r ? toEntry(r) : undefined;
}

export function insertEntry(db: Db, e: KpiEntry, at: string): void {
  db.prepare('INSERT INTO kpi_entries (id, kpi_id, date, value, note, created_at) VALUES (@id, @kpiId, @date, @value, @note, @at)').run({ ...e, at });
}

export function deleteEntry(db: Db, id: string): void {
  db.prepare('DELETE FROM kpi_entries WHERE id = ?').run(id);
}

export type CachedSeries = Readonly<{ versionId: string; sourceKey: string; points: string }>;

export function readCache(db: Db, kpiId: string): CachedSeries | undefined {
  const r = db.prepare('SELECT version_id, source_key, points FROM kpi_series_cache WHERE kpi_id = ?').get(kpiId) as Row | undefined;
  return r ? { versionId: r.version_id as string, sourceKey: r.source_key as string, points: r.points as string } : undefined;
}

/** Any KPI's cached series for this (dataset version, source definition): KPIs with the same definition share it. */
export function findCacheBySource(db: Db, versionId: string, sourceKey: string): CachedSeries | undefined {
  const r = db.prepare('SELECT version_id, source_key, points FROM kpi_series_cache WHERE version_id = ? AND source_key = ? LIMIT 1').get(versionId, sourceKey) as Row | undefined;
  return r ? { versionId: r.version_id as string, sourceKey: r.source_key as string, points: r.points as string } : undefined;
}

export function writeCache(db: Db, kpiId: string, c: CachedSeries, at: string): void {
  db.prepare(
    `INSERT INTO kpi_series_cache (kpi_id, version_id, source_key, points, computed_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(kpi_id) DO UPDATE SET version_id = excluded.version_id, source_key = excluded.source_key, points = excluded.points, computed_at = excluded.computed_at`,
  ).run(kpiId, c.versionId, c.sourceKey, c.points, at);
}
