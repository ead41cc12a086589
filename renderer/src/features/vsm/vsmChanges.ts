import type { Input, Output } from '../../../../common/contract/api';
import type { Burst, MapFields, Stage, StageFields, VsmMap } from '../../../../common/contract/schemas/vsm';
import { call } from '../../api/client';
import { priorValues } from '../../api/useChange';
import type { Change } from '../../api/useChange';

/** Every map edit as an undoable change (run them with `useChange(['vsm'])`): one contract call and its inverse. */

const fieldsOf = (s: Stage): StageFields => {
  const { id: _i, mapId: _m, position: _p, ...f } = s;
  return f;
};

type BurstFields = Pick<Burst, 'title' | 'notes' | 'stageId'>;

export function updateStage(s: Stage, patch: Partial<StageFields>): Change {
  const before = { ...priorValues<StageFields>(s, patch), filled: s.filled };
  return { label: `edit ${s.name}`, run: () => call('vsm-stage-update', { id: s.id, patch }), undo: () => call('vsm-stage-update', { id: s.id, patch: before }) };
}

export function addStage(mapId: string, name: string, index?: number): Change<Stage> {
  return {
    label: `add stage ${name}`,
    run: () => call('vsm-stage-add', { mapId, index, stage: { name } }),
    undo: (st) => call('vsm-stage-remove', { id: st.id }),
    redo: (st) => call('vsm-stage-add', { mapId, id: st.id, index: st.position, stage: fieldsOf(st) }),
  };
}

/** Undo re-creates the stage at its place with its id, then puts back the loops and bursts that pointed at it. */
export function removeStage(s: Stage): Change<Output<'vsm-stage-remove'>> {
  return {
    label: `remove stage ${s.name}`,
    run: () => call('vsm-stage-remove', { id: s.id }),
    undo: async (removed) => {
      await call('vsm-stage-add', { mapId: s.mapId, id: s.id, index: removed.index, stage: fieldsOf(s) });
      for (const l of removed.clearedLoops) await call('vsm-stage-update', { id: l.id, patch: { reworkToId: s.id, reworkShare: l.reworkShare } });
      for (const b of removed.unpinnedBursts) await call('vsm-burst-update', { id: b, patch: { stageId: s.id } });
    },
    offerUndo: { message: `Removed stage ${s.name}.` },
  };
}

/** null when the stage stays where it is. */
export function moveStage(s: Stage, from: number, to: number): Change | null {
  if (from === to) return null;
  return { label: `move ${s.name}`, run: () => call('vsm-stage-move', { id: s.id, toIndex: to }), undo: () => call('vsm-stage-move', { id: s.id, toIndex: from }) };
}

export function updateMap(map: VsmMap, patch: Partial<MapFields>): Change {
  const before = priorValues<MapFields>(map, patch);
  return { label: `edit map ${map.name}`, run: () => call('vsm-update', { mapId: map.id, patch }), undo: () => call('vsm-update', { mapId: map.id, patch: before }) };
}

/** Undo removes the map and keeps the snapshot it returns, so redo re-creates it as it was, with the same ids. */
export function createMap(input: Input<'vsm-create'>): Change<VsmMap> {
  let snapshot: VsmMap | null = null;
  return {
    label: (m) => `create map ${m.name}`,
    run: () => call('vsm-create', input),
    undo: async (m) => {
      snapshot = await call('vsm-remove', { mapId: m.id });
    },
    redo: (m) => call('vsm-create', { eventId: m.eventId, snapshot: snapshot ?? m }),
  };
}

export function removeMap(map: VsmMap): Change<VsmMap> {
  return {
    label: `delete map ${map.name}`,
    run: () => call('vsm-remove', { mapId: map.id }),
    undo: (snapshot) => call('vsm-create', { eventId: map.eventId, snapshot }),
    offerUndo: { message: `Deleted ${map.name}.` },
  };
}

export function addBurst(mapId: string, stageId: string | null, title: string): Change<Burst> {
  return {
    label: `add kaizen burst ${title}`,
    run: () => call('vsm-burst-add', { mapId, stageId, title }),
    undo: (b) => call('vsm-burst-remove', { id: b.id }),
    redo: (b) => call('vsm-burst-add', { mapId, id: b.id, stageId, title, notes: b.notes }),
  };
}

export function updateBurst(b: Burst, patch: Partial<BurstFields>): Change {
  const before = priorValues<BurstFields>(b, patch);
  return { label: `edit kaizen burst ${b.title}`, run: () => call('vsm-burst-update', { id: b.id, patch }), undo: () => call('vsm-burst-update', { id: b.id, patch: before }) };
}

export function removeBurst(b: Burst): Change {
  return {
    label: `remove kaizen burst ${b.title}`,
    run: () => call('vsm-burst-remove', { id: b.id }),
    undo: () => call('vsm-burst-add', { mapId: b.mapId, id: b.id, stageId: b.stageId, title: b.title, notes: b.notes }),
  };
}

/**
 * Fills stage times from a run log. Undo puts back each stage's times and provenance and the map's fill
 * settings as they were before; redo fills again with the same choices.
 */
export function fillMap(map: VsmMap, input: Input<'vsm-fill'>): Change<Output<'vsm-fill'>> {
  const before = map.stages.map((s) => ({ id: s.id, patch: { pt: s.pt, wt: s.wt, ca: s.ca, filled: s.filled } satisfies Partial<StageFields> }));
  const beforeSettings = map.fillSettings;
  return {
    label: `fill ${map.name} from log`,
    run: () => call('vsm-fill', input),
    undo: async () => {
      for (const b of before) await call('vsm-stage-update', { id: b.id, patch: b.patch });
      await call('vsm-update', { mapId: map.id, patch: { fillSettings: beforeSettings } });
    },
  };
}
