import { useAppStore } from '../store';
import { errorMessage } from './client';

/**
 * Wraps a contract call made by a user action: shows "Saving…" while it runs, refreshes `area` when it
 * succeeds, and turns a failure into an error toast (returning undefined) instead of an unhandled rejection.
 */
export function useSavedCall(area: string) {
  const bumpData = useAppStore((s) => s.bumpData);
  const toast = useAppStore((s) => s.toast);
  const trackSave = useAppStore((s) => s.trackSave);
  return async <T,>(p: Promise<T>): Promise<T | undefined> => {
    try {
      const v = await trackSave(p);
      bumpData(area);
      return v;
    } catch (e) {
      toast({ kind: 'error', message: errorMessage(e) });
      return undefined;
    }
  };
}
