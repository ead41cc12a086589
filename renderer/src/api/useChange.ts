import { useMemo } from 'react';
import { useAppStore } from '../store';
import { errorMessage } from './client';

/** A save the user cannot undo (a ballot, a decision-log entry, a report setting, a new event). */
export type SaveOptions = Readonly<{
  /** The caller shows a failure itself, next to what failed (a dialog, a form): no error toast. */
  quiet?: boolean;
}>;

/**
 * One undoable user edit: the contract call that applies it and the one that reverses it.
 * Feature code builds these as plain data (see `agendaChanges.ts`, `vsmChanges.ts` …); `useChange` runs them.
 */
export type Change<T = unknown> = SaveOptions &
  Readonly<{
    /** Shown in the undo/redo tooltips ("Undo add action") and the "Undid: …" toast; may use the call's result. */
    label: string | ((result: T) => string);
    /** Applies the change. Repeated for redo unless `redo` is given, so creates pass their own id. */
    run: () => Promise<T>;
    /** Reverses it, given what `run` returned (e.g. the removed row, to re-create it with the same id). */
    undo: (result: T) => Promise<unknown>;
    /** Re-applies it after an undo when repeating `run` is not right (e.g. re-add with the id main gave). */
    redo?: (result: T) => Promise<unknown>;
    /** After a deletion: an info toast whose Undo button runs the inverse at once. */
    offerUndo?: Readonly<{
      message: string | ((result: T) => string);
      /** How long the toast stays (default: the info toast's). */
      ms?: number;
      /** A success toast once the inverse has run. */
      undone?: string;
    }>;
  }>;

/** `.catch(alreadyShown)`: the failure was already shown (toast or field error); nothing more to do. */
export const alreadyShown = (): undefined => undefined;

/** A client-side id, so redo can re-create a removed or added row with the same id. */
export const newId = (): string => crypto.randomUUID();

/** The current values of the fields a patch changes: the patch that undoes it. */
export function priorValues<F extends object>(current: F, patch: Partial<F>): Partial<F> {
  return Object.fromEntries(Object.keys(patch).map((k) => [k, current[k as keyof F]])) as Partial<F>;
}

const showError = (e: unknown): void => useAppStore.getState().toast({ kind: 'error', message: errorMessage(e) });

const refresh = (areas: readonly string[]): void => {
  const { bumpData } = useAppStore.getState();
  for (const a of areas) bumpData(a);
};

/**
 * Every save goes through here: the header shows Saving… then All changes saved (or the error), the views of
 * `areas` refetch (also after a failure, so optimistic controls fall back to what was stored), and a failure
 * becomes an error toast unless `quiet`. The error is re-thrown so the caller can keep its form or revert.
 */
export async function saveIn<T>(areas: readonly string[], run: () => Promise<T>, opts: SaveOptions = {}): Promise<T> {
  const { trackSave } = useAppStore.getState();
  try {
    const value = await trackSave((async () => run())());
    refresh(areas);
    return value;
  } catch (e) {
    refresh(areas);
    if (!opts.quiet) showError(e);
    throw e;
  }
}

/**
 * Saves an undoable change (see `saveIn`) and records its inverse on the undo stack. Undo and redo replay
 * through `saveIn` too, quietly: the Undo/Redo buttons show their own error.
 */
export async function changeIn<T>(areas: readonly string[], c: Change<T>): Promise<T> {
  const result = await saveIn(areas, c.run, c);
  const replay = (f: (r: T) => Promise<unknown>) => async (): Promise<void> => {
    await saveIn(areas, () => f(result), { quiet: true });
  };
  const undo = replay(c.undo);
  const redo = replay(c.redo ?? (() => c.run()));
  const { record, toast } = useAppStore.getState();
  record({ label: typeof c.label === 'function' ? c.label(result) : c.label, undo, redo });
  const offer = c.offerUndo;
  if (offer) {
    const undoNow = () =>
      void undo().then(() => {
        if (offer.undone) toast({ kind: 'success', message: offer.undone });
      }, showError);
    toast({ kind: 'info', message: typeof offer.message === 'function' ? offer.message(result) : offer.message, action: { label: 'Undo', run: undoNow } }, offer.ms);
  }
  return result;
}

/** What `useChange` hands to a page and its rows. */
export type ChangeOps = Readonly<{
  /** An undoable change; resolves to what `run` returned, rejects (after the toast) when it failed. */
  change: <T>(c: Change<T>) => Promise<T>;
  /** The same for event handlers that need nothing back: errors are already shown. */
  act: <T>(c: Change<T>) => void;
  /** A save that is not undoable. */
  save: <T>(run: () => Promise<T>, opts?: SaveOptions) => Promise<T>;
  /** Shows an error that did not come from a save (an export, a timer). */
  fail: (e: unknown) => void;
  /** Refetches the areas' views after work done outside `change`/`save`. */
  refresh: () => void;
}>;

/**
 * The one hook for user edits: each is a contract call that commits at once (autosave), shows in the header's
 * save state, refreshes the views of `areas`, turns a failure into an error toast, and — when it has an
 * inverse — goes on the undo stack so Undo/Redo (buttons, Ctrl+Z / Ctrl+Shift+Z) replay it.
 */
export function useChange(areas: readonly string[]): ChangeOps {
  const key = areas.join(',');
  return useMemo(() => {
    const list = key ? key.split(',') : [];
    const change = <T>(c: Change<T>) => changeIn(list, c);
    return {
      change,
      act: <T>(c: Change<T>) => void change(c).catch(alreadyShown),
      save: <T>(run: () => Promise<T>, opts?: SaveOptions) => saveIn(list, run, opts),
      fail: showError,
      refresh: () => refresh(list),
    };
  }, [key]);
}
