import type { vsmMethods } from '../../../common/contract/schemas/vsm';
import type { Stage, StageFields, Template, VsmMap } from '../../../common/contract/schemas/vsm';
import { AppError, notFound } from '../../../common/contract/errors';
import { computeMetrics } from '../../../common/domain/vsm/metrics';
import { toMs } from '../../../common/domain/vsm/units';
import { TEMPLATES_DEFS } from '../../../common/domain/vsm/templates';
import type { ServiceContext } from '../../context';
import type { Handlers, MethodsOf } from '../../handlers';
import * as repo from '../../db/repositories/vsm';
import { findMember } from '../../db/repositories/team';
import { requireEvent } from '../lookups';
import { vsmFillHandlers, staleFill } from './fill';
import { BLANK_STAGE, requireMap, stageFields } from './common';

type Simple = Exclude<keyof typeof vsmMethods, MethodsOf<'vsm-fill'> | 'vsm-fill'>;

/** When a hand edit changes a value that came from the log, the fill source stays but is marked overridden. */
function markOverrides(s: Stage, patch: Partial<StageFields>): Partial<StageFields> {
  if (patch.filled !== undefined) return patch;
  const filled = { ...s.filled };
  let changed = false;
  for (const k of ['pt', 'wt', 'ca'] as const) {
    const src = filled[k];
    if (!src || patch[k] === undefined) continue;
    const v = patch[k];
    const now = v === null ? null : typeof v === 'number' ? v : toMs(v);
    // Filled values are stored rounded to 4 significant figures, so "same as the log" allows 0.1 % difference.
    filled[k] = { ...src, overridden: now === null || Math.abs(now - src.value) > 1e-3 * Math.max(1, Math.abs(src.value)) };
    changed = true;
  }
  return changed ? { ...patch, filled } : patch;
}

/** Creates a map from a template, a copy of another map (new ids, loops and bursts remapped) or a snapshot. */
function createMap(ctx: ServiceContext, input: { eventId: string; id?: string; name?: string; kind?: 'current' | 'future'; template: Template; copyFromId?: string; snapshot?: VsmMap }): string {
  const { db } = ctx;
  const at = ctx.nowIso();
  const id = input.snapshot?.id ?? input.id ?? ctx.newId();
  if (repo.findMap(db, id)) throw new AppError('CONFLICT', `A value-stream map with id "${id}" already exists.`);
  const source = input.snapshot ?? (input.copyFromId ? requireMap(ctx, input.copyFromId) : null);
  if (source && source.eventId !== input.eventId) throw new AppError('BAD_INPUT', 'copyFromId: that map belongs to another event.');
  const kind = input.snapshot?.kind ?? input.kind ?? (input.copyFromId ? 'future' : 'current');
  const futures = repo.listMaps(db, input.eventId).filter((m) => m.kind === 'future').length;
  if (kind === 'current' && repo.listMaps(db, input.eventId).some((m) => m.kind === 'current')) {
    throw new AppError('CONFLICT', 'This event already has a current-state map. Create a future state (copy the current one) instead.');
  }
  const tpl = TEMPLATES_DEFS[input.template];
  const name = input.snapshot?.name ?? input.name ?? (kind === 'future' ? `Future state ${futures + 1}` : source ? source.name : 'Current state');
  db.transaction(() => {
    repo.insertMap(db, {
      id, eventId: input.eventId, name, kind,
      basedOnId: input.snapshot?.basedOnId ?? (input.copyFromId ?? null),
      demand: source?.demand ?? null,
      availableTime: source?.availableTime ?? null,
      displayUnit: source?.displayUnit ?? 'h',
      externals: source?.externals ?? [
        ...(tpl.supplier ? [{ id: ctx.newId(), kind: 'supplier' as const, name: tpl.supplier, sla: '' }] : []),
        ...(tpl.customer ? [{ id: ctx.newId(), kind: 'customer' as const, name: tpl.customer, sla: '' }] : []),
      ],
      fillSettings: source?.fillSettings ?? null,
      createdAt: input.snapshot?.createdAt ?? at,
      updatedAt: at,
    });
    if (source) {
      const keep = !!input.snapshot;
      const ids = new Map(source.stages.map((s) => [s.id, keep ? s.id : ctx.newId()]));
      source.stages.forEach((s, i) => repo.insertStage(db, ids.get(s.id)!, id, { ...stageFields(s), reworkToId: s.reworkToId ? (ids.get(s.reworkToId) ?? null) : null }, i));
      for (const b of source.bursts) repo.insertBurst(db, { ...b, id: keep ? b.id : ctx.newId(), mapId: id, stageId: b.stageId ? (ids.get(b.stageId) ?? null) : null });
    } else {
      tpl.stages.forEach((s, i) => repo.insertStage(db, ctx.newId(), id, { ...BLANK_STAGE, name: s.name, system: s.system }, i));
    }
  })();
  return id;
}

export function vsmHandlers(ctx: ServiceContext): Handlers<keyof typeof vsmMethods> {
  const { db } = ctx;
  const changed = (mapId: string) => {
    const m = requireMap(ctx, mapId);
    repo.touchMap(db, mapId, ctx.nowIso());
    ctx.bus.emit('data-changed', { eventId: m.eventId, area: 'vsm' });
    return m;
  };
  const stage = (id: string) => repo.findStage(db, id) ?? (() => { throw notFound('Stage', id); })();
  const burst = (id: string) => repo.findBurst(db, id) ?? (() => { throw notFound('Kaizen burst', id); })();
  const check = (map: VsmMap, f: Partial<StageFields>, selfId?: string) => {
    if (f.ownerId) {
      const m = findMember(db, f.ownerId);
      if (!m || m.eventId !== map.eventId) throw new AppError('VALIDATION', `ownerId: no team member "${f.ownerId}" in this event.`);
    }
    if (f.reworkToId && f.reworkToId !== selfId && !map.stages.some((s) => s.id === f.reworkToId)) {
      throw new AppError('VALIDATION', `reworkToId: no stage "${f.reworkToId}" on this map.`);
    }
  };
  const simple: Handlers<Simple> = {
    'vsm-list': ({ eventId }) => {
      requireEvent(ctx, eventId);
      return repo.listMaps(db, eventId).map((m) => ({ id: m.id, name: m.name, kind: m.kind, basedOnId: m.basedOnId, updatedAt: m.updatedAt, stageCount: m.stageCount }));
    },
    'vsm-get': ({ mapId }) => {
      const map = requireMap(ctx, mapId);
      return { map, metrics: computeMetrics(map), staleFill: staleFill(ctx, map) };
    },
    'vsm-create': (input) => {
      requireEvent(ctx, input.eventId);
      const id = createMap(ctx, input);
      return changed(id);
    },
    'vsm-update': ({ mapId, patch }) => {
      requireMap(ctx, mapId);
      if (patch.externals && new Set(patch.externals.map((e) => e.id)).size !== patch.externals.length) throw new AppError('VALIDATION', 'externals: each supplier/customer needs a distinct id.');
      repo.updateMap(db, mapId, patch, ctx.nowIso());
      return changed(mapId);
    },
    'vsm-remove': ({ mapId }) => {
      const map = requireMap(ctx, mapId);
      repo.deleteMap(db, mapId);
      ctx.bus.emit('data-changed', { eventId: map.eventId, area: 'vsm' });
      return map;
    },
    'vsm-stage-add': ({ mapId, id, index, stage: f }) => {
      const map = requireMap(ctx, mapId);
      const newId = id ?? ctx.newId();
      if (repo.findStage(db, newId)) throw new AppError('CONFLICT', `A stage with id "${newId}" already exists.`);
      const fields = { ...BLANK_STAGE, ...f };
      check(map, fields, newId);
      db.transaction(() => repo.insertStage(db, newId, mapId, fields, Math.min(index ?? map.stages.length, map.stages.length)))();
      changed(mapId);
      return stage(newId);
    },
    'vsm-stage-update': ({ id, patch }) => {
      const s = stage(id);
      check(requireMap(ctx, s.mapId), patch, id);
      repo.updateStage(db, id, markOverrides(s, patch));
      changed(s.mapId);
      return stage(id);
    },
    'vsm-stage-remove': ({ id }) => {
      const s = stage(id);
      const undo = db.transaction(() => repo.deleteStage(db, s))();
      changed(s.mapId);
      return { ...s, index: s.position, ...undo };
    },
    'vsm-stage-move': ({ id, toIndex }) => {
      const s = stage(id);
      const ids = repo.listStages(db, s.mapId).map((x) => x.id).filter((x) => x !== id);
      ids.splice(Math.min(toIndex, ids.length), 0, id);
      db.transaction(() => repo.reorderStages(db, ids))();
      changed(s.mapId);
      return repo.listStages(db, s.mapId);
    },
    'vsm-burst-add': ({ mapId, id, stageId, title, notes }) => {
      const map = requireMap(ctx, mapId);
      if (stageId && !map.stages.some((s) => s.id === stageId)) throw new AppError('VALIDATION', `stageId: no stage "${stageId}" on this map.`);
      const newId = id ?? ctx.newId();
      if (repo.findBurst(db, newId)) throw new AppError('CONFLICT', `A kaizen burst with id "${newId}" already exists.`);
      repo.insertBurst(db, { id: newId, mapId, stageId, title, notes });
      changed(mapId);
      return burst(newId);
    },
    'vsm-burst-update': ({ id, patch }) => {
      const b = burst(id);
      if (patch.stageId && !requireMap(ctx, b.mapId).stages.some((s) => s.id === patch.stageId)) throw new AppError('VALIDATION', `stageId: no stage "${patch.stageId}" on this map.`);
      repo.updateBurst(db, id, patch);
      changed(b.mapId);
      return burst(id);
    },
    'vsm-burst-remove': ({ id }) => {
      const b = burst(id);
      repo.deleteBurst(db, id);
      changed(b.mapId);
      return b;
    },
  };
  return { ...simple, ...vsmFillHandlers(ctx) };
}
