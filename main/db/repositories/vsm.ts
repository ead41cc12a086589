import type { Burst, Duration, External, MapFields, Stage, StageFields, TimeUnit, VsmMap } from '../../../common/contract/schemas/vsm';
import type { Db } from '../connection';
import { parseJson } from '../rowMapping';

type Row = Record<string, unknown>;
type MapRow = Omit<VsmMap, 'stages' | 'bursts'>;

const dur = (v: unknown, u: unknown): Duration | null => (v === null || v === undefined ? null : { value: v as number, unit: u as TimeUnit });

function toMap(r: Row): MapRow {
  return {
    id: r.id as string,
    eventId: r.event_id as string,
    name: r.name as string,
    kind: r.kind as VsmMap['kind'],
    basedOnId: (r.based_on_id as string | null) ?? null,
    demand: (r.demand as number | null) ?? null,
    availableTime: dur(r.available_value, r.available_unit),
    displayUnit: r.display_unit as VsmMap['displayUnit'],
    externals: parseJson<External[]>(r.externals, []),
    fillSettings: parseJson<MapFields['fillSettings']>(r.fill_settings, null),
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  };
}

function toStage(r: Row): Stage {
  return {
    id: r.id as string,
    mapId: r.map_id as string,
    position: r.position as number,
    name: r.name as string,
    pt: dur(r.pt_value, r.pt_unit),
    wt: dur(r.wt_value, r.wt_unit),
    ca: (r.ca as number | null) ?? null,
    uptime: (r.uptime as number | null) ?? null,
    batchSize: (r.batch_size as number | null) ?? null,
    frequency: r.frequency as string,
    ownerId: (r.owner_id as string | null) ?? null,
    system: r.system as string,
    people: (r.people as number | null) ?? null,
    notes: r.notes as string,
    parallelGroup: r.parallel_group as string,
    reworkToId: (r.rework_to_id as string | null) ?? null,
    reworkShare: r.rework_share as number,
    filled: parseJson<StageFields['filled']>(r.filled, {}),
  };
}

function toBurst(r: Row): Burst {
  return { id: r.id as string, mapId: r.map_id as string, stageId: (r.stage_id as string | null) ?? null, title: r.title as string, notes: r.notes as string };
}

export function listMaps(db: Db, eventId: string): (MapRow & { stageCount: number })[] {
  const rows = db.prepare('SELECT m.*, (SELECT COUNT(*) FROM vsm_stages s WHERE s.map_id = m.id) AS stage_count FROM vsm_maps m WHERE event_id = ? ORDER BY kind, created_at, rowid').all(eventId) as Row[];
  return rows.map((r) => ({ ...toMap(r), stageCount: r.stage_count as number }));
}

export function findMap(db: Db, id: string): VsmMap | undefined {
  const r = db.prepare('SELECT * FROM vsm_maps WHERE id = ?').get(id) as Row | undefined;
  if (!r) return undefined;
  return { ...toMap(r), stages: listStages(db, id), bursts: (db.prepare('SELECT * FROM vsm_bursts WHERE map_id = ? ORDER BY position').all(id) as Row[]).map(toBurst) };
}

export function insertMap(db: Db, m: MapRow): void {
  db.prepare(
    `INSERT INTO vsm_maps (id, event_id, name, kind, based_on_id, demand, available_value, available_unit, display_unit, externals, fill_settings, created_at, updated_at)
     VALUES (@id, @eventId, @name, @kind, @basedOnId, @demand, @av, @au, @displayUnit, @externals, @fill, @createdAt, @updatedAt)`,
  ).run({ ...m, av: m.availableTime?.value ?? null, au: m.availableTime?.unit ?? null, externals: JSON.stringify(m.externals), fill: m.fillSettings ? JSON.stringify(m.fillSettings) : null });
}

export function updateMap(db: Db, id: string, patch: Partial<MapFields>, at: string): void {
  const sets: string[] = ['updated_at = @at'];
  const p: Record<string, unknown> = { id, at };
  const set = (sql: string, values: Record<string, unknown>) => {
    sets.push(sql);
    Object.assign(p, values);
  };
  if (patch.name !== undefined) set('name = @name', { name: patch.name });
  if (patch.demand !== undefined) set('demand = @demand', { demand: patch.demand });
  if (patch.availableTime !== undefined) set('available_value = @av, available_unit = @au', { av: patch.availableTime?.value ?? null, au: patch.availableTime?.unit ?? null });
  if (patch.displayUnit !== undefined) set('display_unit = @du', { du: patch.displayUnit });
  if (patch.externals !== undefined) set('externals = @ext', { ext: JSON.stringify(patch.externals) });
  if (patch.fillSettings !== undefined) set('fill_settings = @fill', { fill: patch.fillSettings ? JSON.stringify(patch.fillSettings) : null });
  db.prepare(`UPDATE vsm_maps SET ${sets.join(', ')} WHERE id = @id`).run(p);
}

export function touchMap(db: Db, id: string, at: string): void {
  db.prepare('UPDATE vsm_maps SET updated_at = ? WHERE id = ?').run(at, id);
}

export function deleteMap(db: Db, id: string): void {
  db.prepare('DELETE FROM vsm_maps WHERE id = ?').run(id);
}

export function listStages(db: Db, mapId: string): Stage[] {
  return (db.prepare('SELECT * FROM vsm_stages WHERE map_id = ? ORDER BY position').all(mapId) as Row[]).map(toStage);
}

export function findStage(db: Db, id: string): Stage | undefined {
  const r = db.prepare('SELECT * FROM vsm_stages WHERE id = ?').get(id) as Row | undefined;
  return r ? toStage(r) : undefined;
}

function stageParams(s: Partial<StageFields>): Record<string, unknown> {
  const p: Record<string, unknown> = {};
  const cols: [keyof StageFields, string][] = [
    ['name', 'name'], ['ca', 'ca'], ['uptime', 'uptime'], ['batchSize', 'batch_size'], ['frequency', 'frequency'], ['ownerId', 'owner_id'],
    ['system', 'system'], ['people', 'people'], ['notes', 'notes'], ['parallelGroup', 'parallel_group'], ['reworkToId', 'rework_to_id'], ['reworkShare', 'rework_share'],
  ];
  for (const [k, c] of cols) if (s[k] !== undefined) p[c] = s[k];
  if (s.pt !== undefined) Object.assign(p, { pt_value: s.pt?.value ?? null, pt_unit: s.pt?.unit ?? null });
  if (s.wt !== undefined) Object.assign(p, { wt_value: s.wt?.value ?? null, wt_unit: s.wt?.unit ?? null });
  if (s.filled !== undefined) p.filled = JSON.stringify(s.filled);
  return p;
}

/** Inserts a stage at `index` (0-based), shifting later stages down. */
export function insertStage(db: Db, id: string, mapId: string, s: StageFields, index: number): void {
  db.prepare('UPDATE vsm_stages SET position = position + 1 WHERE map_id = ? AND position >= ?').run(mapId, index);
  const p = { ...stageParams(s), id, map_id: mapId, position: index };
  const keys = Object.keys(p);
  db.prepare(`INSERT INTO vsm_stages (${keys.join(', ')}) VALUES (${keys.map((k) => `@${k}`).join(', ')})`).run(p);
}

export function updateStage(db: Db, id: string, patch: Partial<StageFields>): void {
  const p = stageParams(patch);
  const keys = Object.keys(p);
  if (keys.length) db.prepare(`UPDATE vsm_stages SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`).run({ ...p, id });
}

/**
 * Deletes a stage, closes the gap in positions and drops rework loops that pointed at it (bursts pinned to it
 * become map-level through the foreign key). Returns those loops and bursts so an undo can put them back.
 */
export function deleteStage(db: Db, s: Stage): { clearedLoops: { id: string; reworkShare: number }[]; unpinnedBursts: string[] } {
  const clearedLoops = db.prepare('SELECT id, rework_share AS reworkShare FROM vsm_stages WHERE map_id = ? AND rework_to_id = ? AND id <> ?').all(s.mapId, s.id, s.id) as { id: string; reworkShare: number }[];
  const unpinnedBursts = db.prepare('SELECT id FROM vsm_bursts WHERE stage_id = ?').pluck().all(s.id) as string[];
  db.prepare('DELETE FROM vsm_stages WHERE id = ?').run(s.id);
  db.prepare('UPDATE vsm_stages SET position = position - 1 WHERE map_id = ? AND position > ?').run(s.mapId, s.position);
  db.prepare('UPDATE vsm_stages SET rework_to_id = NULL, rework_share = 0 WHERE map_id = ? AND rework_to_id = ?').run(s.mapId, s.id);
  return { clearedLoops, unpinnedBursts };
}

/** Rewrites positions 0..n−1 in the given order. */
export function reorderStages(db: Db, ids: readonly string[]): void {
  const st = db.prepare('UPDATE vsm_stages SET position = ? WHERE id = ?');
  ids.forEach((id, i) => st.run(i, id));
}

export function insertBurst(db: Db, b: Burst): void {
  const pos = db.prepare('SELECT COALESCE(MAX(position), 0) + 1 FROM vsm_bursts WHERE map_id = ?').pluck().get(b.mapId) as number;
  db.prepare('INSERT INTO vsm_bursts (id, map_id, stage_id, title, notes, position) VALUES (@id, @mapId, @stageId, @title, @notes, @pos)').run({ ...b, pos });
}

export function findBurst(db: Db, id: string): Burst | undefined {
  const r = db.prepare('SELECT * FROM vsm_bursts WHERE id = ?').get(id) as Row | undefined;
  return r ? toBurst(r) : undefined;
}

export function updateBurst(db: Db, id: string, patch: Partial<Pick<Burst, 'stageId' | 'title' | 'notes'>>): void {
  const b = { ...findBurst(db, id)!, ...patch };
  db.prepare('UPDATE vsm_bursts SET stage_id = @stageId, title = @title, notes = @notes WHERE id = @id').run(b);
}

export function deleteBurst(db: Db, id: string): void {
  db.prepare('DELETE FROM vsm_bursts WHERE id = ?').run(id);
}
