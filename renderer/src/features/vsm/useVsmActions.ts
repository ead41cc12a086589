import type { Burst, MapFields, Stage, StageFields, VsmMap } from '../../../../common/contract/schemas/vsm';
import { call, errorMessage } from '../../api/client';
import { useAppStore } from '../../store';

const fieldsOf = (s: Stage): StageFields => {
  const { id: _i, mapId: _m, position: _p, ...f } = s;
  return f;
};

/** Every map edit as a contract call that commits, recorded with its inverse so undo/redo replays it. */
export function useVsmActions() {
  const trackSave = useAppStore((s) => s.trackSave);
  const record = useAppStore((s) => s.record);
  const bump = useAppStore((s) => s.bumpData);
  const toast = useAppStore((s) => s.toast);
  const fail = (e: unknown) => toast({ kind: 'error', message: errorMessage(e) });
  const done = () => bump('vsm');

  const updateStage = async (s: Stage, patch: Partial<StageFields>) => {
    const before = Object.fromEntries(Object.keys(patch).map((k) => [k, s[k as keyof StageFields]])) as Partial<StageFields>;
    const beforeFilled = s.filled;
    const apply = async (p: Partial<StageFields>) => {
      await call('vsm-stage-update', { id: s.id, patch: p });
      done();
    };
    await trackSave(apply(patch));
    record({ label: `edit ${s.name}`, undo: () => apply({ ...before, filled: beforeFilled }), redo: () => apply(patch) });
  };

  const addStage = async (mapId: string, name: string, index?: number) => {
    const st = await trackSave(call('vsm-stage-add', { mapId, index, stage: { name } }));
    done();
    record({
      label: `add stage ${name}`,
      undo: async () => { await call('vsm-stage-remove', { id: st.id }); done(); },
      redo: async () => { await call('vsm-stage-add', { mapId, id: st.id, index: st.position, stage: fieldsOf(st) }); done(); },
    });
    return st;
  };

  const removeStage = async (s: Stage) => {
    const removed = await trackSave(call('vsm-stage-remove', { id: s.id }));
    done();
    const restore = async () => {
      await call('vsm-stage-add', { mapId: s.mapId, id: s.id, index: removed.index, stage: fieldsOf(s) });
      for (const l of removed.clearedLoops) await call('vsm-stage-update', { id: l.id, patch: { reworkToId: s.id, reworkShare: l.reworkShare } });
      for (const b of removed.unpinnedBursts) await call('vsm-burst-update', { id: b, patch: { stageId: s.id } });
      done();
    };
    record({ label: `remove stage ${s.name}`, undo: restore, redo: async () => { await call('vsm-stage-remove', { id: s.id }); done(); } });
    toast({ kind: 'info', message: `Removed stage ${s.name}.`, action: { label: 'Undo', run: () => void restore().catch(fail) } });
  };

  const moveStage = async (s: Stage, from: number, to: number) => {
    if (from === to) return;
    const move = async (idx: number) => { await call('vsm-stage-move', { id: s.id, toIndex: idx }); done(); };
    await trackSave(move(to));
    record({ label: `move ${s.name}`, undo: () => move(from), redo: () => move(to) });
  };

  const updateMap = async (map: VsmMap, patch: Partial<MapFields>) => {
    const before = Object.fromEntries(Object.keys(patch).map((k) => [k, map[k as keyof MapFields]])) as Partial<MapFields>;
    const apply = async (p: Partial<MapFields>) => { await call('vsm-update', { mapId: map.id, patch: p }); done(); };
    await trackSave(apply(patch));
    record({ label: `edit map ${map.name}`, undo: () => apply(before), redo: () => apply(patch) });
  };

  const createMap = async (input: { eventId: string; template?: 'ai-workflow' | 'retraining-latency' | 'inference-latency' | 'data-pipeline' | 'blank'; copyFromId?: string }) => {
    const m = await trackSave(call('vsm-create', input));
    done();
    let snapshot: VsmMap = m;
    record({
      label: `create map ${m.name}`,
      undo: async () => { snapshot = await call('vsm-remove', { mapId: m.id }); done(); },
      redo: async () => { await call('vsm-create', { eventId: m.eventId, snapshot }); done(); },
    });
    return m;
  };

  const removeMap = async (map: VsmMap) => {
    const snap = await trackSave(call('vsm-remove', { mapId: map.id }));
    done();
    const restore = async () => { await call('vsm-create', { eventId: map.eventId, snapshot: snap }); done(); };
    record({ label: `delete map ${map.name}`, undo: restore, redo: async () => { await call('vsm-remove', { mapId: map.id }); done(); } });
    toast({ kind: 'info', message: `Deleted ${map.name}.`, action: { label: 'Undo', run: () => void restore().catch(fail) } });
  };

  const addBurst = async (mapId: string, stageId: string | null, title: string) => {
    const b = await trackSave(call('vsm-burst-add', { mapId, stageId, title }));
    done();
    record({
      label: `add kaizen burst ${title}`,
      undo: async () => { await call('vsm-burst-remove', { id: b.id }); done(); },
      redo: async () => { await call('vsm-burst-add', { mapId, id: b.id, stageId, title, notes: b.notes }); done(); },
    });
  };

  const updateBurst = async (b: Burst, patch: Partial<Pick<Burst, 'title' | 'notes' | 'stageId'>>) => {
    const before = Object.fromEntries(Object.keys(patch).map((k) => [k, b[k as keyof Burst]]));
    const apply = async (p: typeof patch) => { await call('vsm-burst-update', { id: b.id, patch: p }); done(); };
    await trackSave(apply(patch));
    record({ label: `edit kaizen burst ${b.title}`, undo: () => apply(before), redo: () => apply(patch) });
  };

  const removeBurst = async (b: Burst) => {
    await trackSave(call('vsm-burst-remove', { id: b.id }));
    done();
    record({
      label: `remove kaizen burst ${b.title}`,
      undo: async () => { await call('vsm-burst-add', { mapId: b.mapId, id: b.id, stageId: b.stageId, title: b.title, notes: b.notes }); done(); },
      redo: async () => { await call('vsm-burst-remove', { id: b.id }); done(); },
    });
  };

  return { updateStage, addStage, removeStage, moveStage, updateMap, createMap, removeMap, addBurst, updateBurst, removeBurst, fail };
}
export type VsmActions = ReturnType<typeof useVsmActions>;
