import { useCallback } from 'react';
import { errorMessage } from '../../api/client';
import { useAppStore } from '../../store';

export type Change = Readonly<{
  /** Shown in the undo/redo tooltips ("Undo add action"). */
  label: string;
  /** Applies the change (a contract call). Must be repeatable for redo: creates pass their own id. */
  run: () => Promise<unknown>;
  /** Reverses it. */
  undo: () => Promise<unknown>;
}>;

/** A client-side id, so redo can re-create a removed or added row with the same id. */
export const newId = (): string => crypto.randomUUID();

/**
 * Every edit in the Improve area goes through here: it is saved at once (the header shows Saving…),
 * the areas' views refetch, and the inverse call is recorded for undo/redo.
 */
export function useChange(areas: readonly string[]) {
  const trackSave = useAppStore((s) => s.trackSave);
  const record = useAppStore((s) => s.record);
  const bump = useAppStore((s) => s.bumpData);
  const toast = useAppStore((s) => s.toast);
  const key = areas.join(',');
  const fail = useCallback((e: unknown) => toast({ kind: 'error', message: errorMessage(e) }), [toast]);
  const change = useCallback(
    async (c: Change): Promise<void> => {
      const refresh = () => key.split(',').forEach(bump);
      const wrap = (f: () => Promise<unknown>) => async () => {
        await trackSave(f());
        refresh();
      };
      try {
        await trackSave(c.run());
        refresh();
        record({ label: c.label, undo: wrap(c.undo), redo: wrap(c.run) });
      } catch (e) {
        refresh();
        fail(e);
        throw e;
      }
    },
    [trackSave, record, bump, fail, key],
  );
  /** Fire-and-forget form for event handlers: errors are already shown as a toast. */
  const act = useCallback((c: Change) => void change(c).catch(() => undefined), [change]);
  return { change, act, fail, toast };
}
